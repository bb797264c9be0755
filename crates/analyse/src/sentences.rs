//! Sentence splitting for news text: paragraphs first, then sentence ends,
//! minding abbreviations ("U.S.", "Oct.", "Mr."), initials and closing quotes.
use consilience_core::Span;

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "maj", "rep", "sen", "gov", "pres", "st", "jr",
    "sr", "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "approx", "est", "dept", "univ",
    "ave", "blvd", "mt", "ft", "fig", "vol", "a.m", "p.m", "u.s", "u.k", "u.n", "e.g", "i.e",
];

/// Splits `text` into sentence spans (character offsets), trimmed of
/// surrounding whitespace. Line breaks always end a sentence.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    // Caseless copy (all lowercase wire text): a lowercase word may open a sentence.
    let caseless = !chars.iter().any(|c| c.is_uppercase());
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let n = chars.len();
    while i < n {
        let c = chars[i];
        let mut end_here = None;
        if c == '\n' {
            end_here = Some(i);
        } else if matches!(c, '.' | '!' | '?' | '…') {
            // Swallow closing quotes and brackets after the mark.
            let mut j = i + 1;
            while j < n && matches!(chars[j], '"' | '”' | '’' | '\'' | ')' | ']' | '»') {
                j += 1;
            }
            let next_is_space = j >= n || chars[j].is_whitespace();
            if next_is_space && (ends_sentence(&chars, i, j) || caseless && caseless_end(&chars, i, j)) {
                end_here = Some(j);
            }
        }
        if let Some(end) = end_here {
            push_trimmed(&chars, start, end, &mut spans);
            start = end;
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(&chars, start, n, &mut spans);
    spans
}

/// Whether the mark at `mark` (followed by whitespace at `after`) ends a sentence.
fn ends_sentence(chars: &[char], mark: usize, after: usize) -> bool {
    if chars[mark] != '.' {
        return next_word_starts_sentence(chars, after);
    }
    // The word before the full stop.
    let mut w = mark;
    while w > 0 && !chars[w - 1].is_whitespace() && !matches!(chars[w - 1], '(' | '"' | '“') {
        w -= 1;
    }
    let word: String = chars[w..mark].iter().collect::<String>().to_lowercase();
    if word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()) {
        return false; // an initial: "F. Smith", "J."
    }
    if ABBREVIATIONS.contains(&word.as_str()) || ABBREVIATIONS.contains(&word.trim_end_matches('.')) {
        // "U.S." may end a sentence when the next word is clearly a new one;
        // month and title abbreviations never do in news style.
        return matches!(
            word.as_str(),
            "u.s" | "u.k" | "u.n" | "etc" | "inc" | "ltd" | "co" | "corp" | "jr" | "sr" | "a.m" | "p.m"
        ) && next_word_starts_sentence(chars, after)
            && next_word_is_sentence_opener(chars, after);
    }
    next_word_starts_sentence(chars, after)
}

/// In caseless text, a full stop ends a sentence unless it closes an
/// abbreviation or an initial.
fn caseless_end(chars: &[char], mark: usize, after: usize) -> bool {
    let mut w = mark;
    while w > 0 && !chars[w - 1].is_whitespace() && !matches!(chars[w - 1], '(' | '"' | '“') {
        w -= 1;
    }
    let word: String = chars[w..mark].iter().collect();
    let single = word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic());
    let abbrev = ABBREVIATIONS.contains(&word.as_str()) || ABBREVIATIONS.contains(&word.trim_end_matches('.'));
    // "u.s." ends a sentence only before a paragraph-like gap.
    let gap = chars[after..].iter().take_while(|c| c.is_whitespace()).count() >= 2;
    chars[mark] != '.' || gap && !single || !single && !abbrev && !word.contains('.')
}

fn next_word_starts_sentence(chars: &[char], mut j: usize) -> bool {
    while j < chars.len() && chars[j].is_whitespace() {
        if chars[j] == '\n' {
            return true;
        }
        j += 1;
    }
    if j >= chars.len() {
        return true;
    }
    let c = chars[j];
    c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '–' | '-')
}

/// Common words that open a sentence, so "... in the U.S. The ..." splits.
fn next_word_is_sentence_opener(chars: &[char], mut j: usize) -> bool {
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    let word: String = chars[j..].iter().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        word.as_str(),
        "The"
            | "A"
            | "An"
            | "It"
            | "He"
            | "She"
            | "They"
            | "We"
            | "I"
            | "In"
            | "But"
            | "This"
            | "That"
            | "There"
            | "On"
            | "At"
    )
}

fn push_trimmed(chars: &[char], mut s: usize, mut e: usize, out: &mut Vec<Span>) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s {
        out.push(Span::new(s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        split_sentences(t).iter().map(|s| chars[s.start..s.end].iter().collect()).collect()
    }

    #[test]
    fn splits_news_sentences() {
        let t = "Two rockets hit the U.S. embassy on Friday. “We call on them,” he said. \
                 Washington counted 78 attacks since Oct. 17, officials said.\n\nNo group claimed it.";
        assert_eq!(
            texts(t),
            vec![
                "Two rockets hit the U.S. embassy on Friday.",
                "“We call on them,” he said.",
                "Washington counted 78 attacks since Oct. 17, officials said.",
                "No group claimed it."
            ]
        );
    }

    #[test]
    fn quote_ending_sentence() {
        let t = "He said “they fell near the river.” Then sirens sounded.";
        assert_eq!(texts(t), vec!["He said “they fell near the river.”", "Then sirens sounded."]);
    }

    #[test]
    fn us_at_sentence_end() {
        let t = "Attacks hit the U.S. The embassy was spared.";
        assert_eq!(texts(t).len(), 2);
    }

    #[test]
    fn caseless_text_splits_on_full_stops() {
        let t = "a bomb exploded at the u.s. embassy.  no one was hurt. police said gen. perez arrived.";
        assert_eq!(
            texts(t),
            vec!["a bomb exploded at the u.s. embassy.", "no one was hurt.", "police said gen. perez arrived."]
        );
    }
}
