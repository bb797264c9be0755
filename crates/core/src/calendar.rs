//! Month and weekday names, lowercased: the one list every stage that
//! reads dates, or keeps them out of names, uses.

/// Month names, January first.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, Monday first (ISO 8601 order).
pub const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Whether a lowercased word is a month or weekday name in full.
pub fn is_calendar_word(word: &str) -> bool {
    MONTHS.contains(&word) || WEEKDAYS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_months_and_weekdays_in_full_only() {
        assert!(is_calendar_word("may") && is_calendar_word("sunday"));
        assert!(!is_calendar_word("sept") && !is_calendar_word("Monday") && !is_calendar_word("marching"));
        assert_eq!(MONTHS[8], "september");
    }
}
