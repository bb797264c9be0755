//! Publish-date parsing: metadata values, URL paths, stand-alone timestamp lines.
//!
//! Output is ISO 8601: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][±HH:MM|Z]`.

use regex::Regex;
use std::sync::LazyLock;

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?").unwrap()
});
static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$").unwrap());
static MONTH_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").unwrap());
static DAY_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b").unwrap());
static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([+-]\d{2}):?(\d{2})|(GMT|UTC|Z))?").unwrap());
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:/|[\-_]|\.|$)").unwrap()
});
static URL_MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)/((?:19|20)\d{2})/((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6})/(0?[1-9]|[12]\d|3[01])(?:/|[\-_]|\.|$)")
        .unwrap()
});
static TIMESTAMP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$").unwrap()
});

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month(name: &str) -> Option<u32> {
    let n = name.to_lowercase();
    if n.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| n.starts_with(m))? as u32 + 1;
    // "sept" is fine, "marching" is not a month.
    let full = consilience_core::calendar::MONTHS[i as usize - 1];
    (full.starts_with(n.as_str()) || n == "sept").then_some(i)
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1900..=2100).contains(&y) && jiff::civil::Date::new(y as i16, m as i8, d as i8).is_ok()
}

fn fmt_time(h: u32, mi: u32, s: Option<u32>, zone: Option<&str>) -> Option<String> {
    if h > 23 || mi > 59 || s.is_some_and(|s| s > 60) {
        return None;
    }
    let mut out = format!("T{h:02}:{mi:02}");
    if let Some(s) = s {
        out.push_str(&format!(":{s:02}"));
    }
    if let Some(z) = zone {
        match z {
            "Z" | "UTC" | "GMT" => out.push('Z'),
            z => {
                let digits: String = z.chars().filter(|c| c.is_ascii_digit()).collect();
                if digits.len() == 4 {
                    out.push_str(&format!("{}{}:{}", &z[..1], &digits[..2], &digits[2..]));
                }
            }
        }
    }
    Some(out)
}

/// Normalises a date or datetime as found in metadata ("2023-12-08T10:00:00+03:00",
/// "Fri, 08 Dec 2023 10:00:00 GMT", "December 8, 2023") to ISO 8601.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    if let Some(c) = ISO.captures(s).or_else(|| SLASHED.captures(s)) {
        let y: i32 = c[1].parse().ok()?;
        let m: u32 = c[2].parse().ok()?;
        let d: u32 = c[3].parse().ok()?;
        if !valid(y, m, d) {
            return None;
        }
        let mut out = format!("{y:04}-{m:02}-{d:02}");
        if let (Some(h), Some(mi)) = (c.get(4), c.get(5)) {
            let sec = c.get(6).and_then(|x| x.as_str().parse().ok());
            if let Some(t) =
                fmt_time(h.as_str().parse().ok()?, mi.as_str().parse().ok()?, sec, c.get(7).map(|z| z.as_str()))
            {
                out.push_str(&t);
            }
        }
        return Some(out);
    }
    let (y, m, d) = if let Some(c) = MONTH_FIRST.captures(s) {
        (c[3].parse().ok()?, month(&c[1])?, c[2].parse().ok()?)
    } else if let Some(c) = DAY_FIRST.captures(s) {
        (c[3].parse().ok()?, month(&c[2])?, c[1].parse().ok()?)
    } else {
        return None;
    };
    if !valid(y, m, d) {
        return None;
    }
    let mut out = format!("{y:04}-{m:02}-{d:02}");
    if let Some(c) = CLOCK.captures(s) {
        let zone = match (c.get(4), c.get(5), c.get(6)) {
            (Some(h), Some(m), _) => Some(format!("{}{}", h.as_str(), m.as_str())),
            (_, _, Some(z)) => Some(z.as_str().to_string()),
            _ => None,
        };
        let sec = c.get(3).and_then(|x| x.as_str().parse().ok());
        if let Some(t) = fmt_time(c[1].parse().ok()?, c[2].parse().ok()?, sec, zone.as_deref()) {
            out.push_str(&t);
        }
    }
    Some(out)
}

/// A date in a URL path (`/2023/12/08/`, `/20231208/`, `/2023/dec/08/`).
pub fn from_url(url: &str) -> Option<String> {
    let (y, m, d) = if let Some(c) = URL_DATE.captures(url) {
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
    } else {
        let c = URL_MONTH_DATE.captures(url)?;
        (c[1].parse().ok()?, month(&c[2])?, c[3].parse().ok()?)
    };
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A paragraph that is nothing but a machine timestamp ("2024-08-16 09:42:49").
pub fn timestamp_line(line: &str) -> Option<String> {
    if TIMESTAMP_LINE.is_match(line) {
        normalize(line)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_and_prose() {
        assert_eq!(normalize("2024-08-16 09:42:49").unwrap(), "2024-08-16T09:42:49");
        assert_eq!(normalize("2023-12-08T10:00:00+0300").unwrap(), "2023-12-08T10:00:00+03:00");
        assert_eq!(normalize("2023-12-08T10:00:00.000Z").unwrap(), "2023-12-08T10:00:00Z");
        assert_eq!(normalize("2023-12-08").unwrap(), "2023-12-08");
        assert_eq!(normalize("Fri, 08 Dec 2023 10:00:00 GMT").unwrap(), "2023-12-08T10:00:00Z");
        assert_eq!(normalize("December 8, 2023").unwrap(), "2023-12-08");
        assert_eq!(normalize("Updated 8th December 2023").unwrap(), "2023-12-08");
        assert_eq!(normalize("2023-02-30"), None);
        assert_eq!(normalize("soon"), None);
    }

    #[test]
    fn url_and_lines() {
        assert_eq!(from_url("https://x.com/news/2023/12/08/rockets").unwrap(), "2023-12-08");
        assert_eq!(from_url("https://x.com/a/20231208/b.html").unwrap(), "2023-12-08");
        assert_eq!(from_url("https://x.com/a/12345678"), None);
        assert_eq!(from_url("https://x.com/us/2019/nov/18/story/").unwrap(), "2019-11-18");
        assert_eq!(from_url("https://x.com/2019/marching/18/"), None);
        assert_eq!(timestamp_line("2024-08-16 09:42:49").unwrap(), "2024-08-16T09:42:49");
        assert_eq!(timestamp_line("On 2024-08-16 it rained"), None);
    }
}
