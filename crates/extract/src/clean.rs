//! Paragraph-level clean-up shared by the HTML and plain-text paths: drops
//! boilerplate paragraphs ([`crate::rules`]), repeated titles, teasers of
//! other stories and everything after a comments / related-stories heading;
//! finds datelines; trims site suffixes from titles.

use crate::dates;
use crate::rules;
use regex::Regex;
use std::sync::LazyLock;

/// Normalises whitespace inside one paragraph: NBSP and other spaces become
/// one ASCII space; zero-width characters go.
pub fn normalize_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if is_zero_width(c) {
            continue;
        }
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// [`normalize_ws`] for an owned paragraph, which is kept as it is when
/// already normal (the HTML path hands over normalised paragraphs).
fn normalized(s: String) -> String {
    if is_normal_ws(&s) {
        s
    } else {
        normalize_ws(&s)
    }
}

/// Whether [`normalize_ws`] would leave `s` as it is.
fn is_normal_ws(s: &str) -> bool {
    let mut after_space = true; // a leading space is not normal
    for c in s.chars() {
        if c == ' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if c.is_whitespace() || is_zero_width(c) {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || s.is_empty()
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}')
}

/// A key for comparing headings: lowercase letters and digits only.
pub fn fold(s: &str) -> String {
    folded(s).collect()
}

/// The characters of [`fold`], lazily.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
}

/// Whether `s` folds to `key` (a [`fold`] result), with `prefix` (folded)
/// before it; stops at the first difference and allocates nothing.
pub fn folds_to(s: &str, prefix: &str, key: &str) -> bool {
    folded(s).eq(prefix.chars().chain(key.chars()))
}

/// What the clean-up found besides the kept paragraphs.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// The story paragraphs.
    pub paragraphs: Vec<String>,
    /// A stand-alone timestamp line found in the text.
    pub timestamp: Option<String>,
    /// How many paragraphs were dropped.
    pub dropped: usize,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    // CITY[, REGION][, Mon D] [(AGENCY)] followed by a dash or colon.
    Regex::new(concat!(
        r"^((?:[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3})",
        r"(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)?",
        r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?",
        r"(?:\s*\(([A-Za-z][A-Za-z. ]{0,20})\))?)",
        r"\s*(?:[-–—:]|\s-\s)\s*\S"
    ))
    .unwrap()
});

/// A dateline at the start of a paragraph: the dateline as written (without
/// its separator) and the agency named in it, if any.
pub fn dateline(par: &str) -> Option<(String, Option<&'static str>)> {
    let c = DATELINE.captures(par)?;
    let text = c.get(1)?.as_str().trim();
    let agency = c.get(2).and_then(|a| rules::agency(a.as_str()));
    // Bare "WORD:" (no agency, no date) is only a dateline when the place is all caps
    // and at least 3 letters ("ISLAMABAD:"), not a label like "UPDATE:" or "NOTE:".
    let has_date = text.contains(',') && text.chars().any(|c| c.is_ascii_digit());
    if c.get(2).is_some() && agency.is_none() && !has_date {
        // "(Name)" that is not an agency: still a dateline if it has a date.
        return None;
    }
    if agency.is_none() && !has_date {
        let word = text.trim_end_matches([':', ' ']);
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 3 || LABELS.iter().any(|l| word.eq_ignore_ascii_case(l)) {
            return None;
        }
    }
    Some((text.to_string(), agency))
}

/// The agency named in a dateline's parenthesis ("BAGHDAD (AFP)" → "AFP").
pub fn dateline_agency(dateline: &str) -> Option<&'static str> {
    let open = dateline.rfind('(')?;
    let close = dateline[open..].find(')')? + open;
    rules::agency(&dateline[open + 1..close])
}

/// All-caps labels that look like datelines but are not.
const LABELS: &[&str] = &[
    "UPDATE",
    "UPDATED",
    "NOTE",
    "EDITOR'S NOTE",
    "WATCH",
    "VIDEO",
    "PHOTOS",
    "READ",
    "ALSO READ",
    "READ MORE",
    "LIVE",
    "BREAKING",
    "EXCLUSIVE",
    "OPINION",
    "ANALYSIS",
    "FILE",
    "CORRECTION",
    "Q",
    "A",
    "FAQ",
    "TL;DR",
    "PHOTO",
    "SEE ALSO",
    "RELATED",
    "MORE",
    "SOURCE",
    "SOURCES",
];

/// Whether a short paragraph is all capitals (a kicker or a teaser headline):
/// at least two words, 90% of its letters upper case.
pub fn shouting(p: &str) -> bool {
    let (mut upper, mut letters) = (0usize, 0usize);
    for c in p.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
    }
    letters >= 6 && p.split_whitespace().count() >= 2 && upper * 10 >= letters * 9
}

/// Month-name stems: English, then those other languages add (Spanish,
/// Portuguese, French, German, Italian, Dutch, Russian genitive stems).
const MONTH_STEMS: &str = concat!(
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|",
    "ene|abr|ago|dic|set|out|dez|févr|fév|avr|mai|juin|juil|août|déc|mär|okt|gen|mag|giu|lug|ott|mrt|mei|",
    "янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек"
);

static DATE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:(?:19|20)\d\d\b.*\b\d{{1,2}}:\d\d|\d{{1,2}}:\d\d.*\b(?:19|20)\d\d\b|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|(?:{m})\w*\.? \d{{1,2}},? (?:19|20)\d\d|\d{{1,2}}\.? (?:de )?(?:{m})\w*\.?,? (?:de )?(?:19|20)\d\d)",
        m = MONTH_STEMS
    ))
    .unwrap()
});

/// Whether a short paragraph is only a date or time stamp ("Tue, Nov 19, 2019 11:05").
pub fn date_only(p: &str) -> bool {
    let words = p.split_whitespace().count();
    p.chars().count() <= 80
        && words <= 10
        && !p.ends_with('.')
        && !p.contains('@')
        && !p.starts_with(['—', '–', '-'])
        && DATE_ONLY.is_match(p)
}

/// Whether a paragraph is a truncated teaser of another story ("… more…").
fn ends_truncated(p: &str) -> bool {
    let t = p.trim_end();
    (t.ends_with('…') || t.ends_with("...")) && !t.ends_with("(…)") && !t.ends_with("[…]")
}

/// How close (in paragraphs) a repeat must be to count as a caption shown twice.
const REPEAT_WINDOW: usize = 5;

/// Share of the story (by characters) that must precede a terminator heading.
const TERMINATOR_MIN_SHARE: f64 = 0.4;

/// Cleans a list of paragraphs. `title` is the headline (repeats of it are
/// dropped); `html` says whether paragraphs came from markup (short lines are
/// then more likely furniture).
pub fn clean(paragraphs: Vec<String>, title: Option<&str>) -> Cleaned {
    let mut out = Cleaned::default();
    let paras: Vec<String> = paragraphs.into_iter().map(normalized).filter(|p| !p.is_empty()).collect();
    let total: usize = paras.iter().map(|p| p.len()).sum();
    let title_key = title.map(fold).filter(|t| !t.is_empty());

    let mut kept: Vec<String> = Vec::with_capacity(paras.len());
    let mut seen_chars = 0usize;
    let n = paras.len();
    for (i, p) in paras.into_iter().enumerate() {
        let len = p.len();
        // Everything after a comments / related-stories heading in the back part goes.
        if rules::terminator(&p).is_some()
            && (seen_chars as f64 >= TERMINATOR_MIN_SHARE * total as f64 || i + 3 >= n)
            && !kept.is_empty()
        {
            out.dropped += n - i;
            break;
        }
        seen_chars += len;
        if let Some(ts) = dates::timestamp_line(&p) {
            out.timestamp.get_or_insert(ts);
            out.dropped += 1;
            continue;
        }
        if rules::boilerplate(&p).is_some() || date_only(&p) {
            out.dropped += 1;
            continue;
        }
        if let Some(tk) = &title_key {
            // The title itself, or the title behind a media word ("Video: …").
            if folds_to(&p, "", tk) || rules::MEDIA_PREFIXES.iter().any(|m| folds_to(&p, m, tk)) {
                out.dropped += 1;
                continue;
            }
        }
        // A teaser of another story: truncated and opening with a byline or dateline.
        if ends_truncated(&p) && len < 400 && !kept.is_empty() && teaser_head(&p) {
            out.dropped += 1;
            continue;
        }
        if kept.last().is_some_and(|l: &String| l == &p) {
            out.dropped += 1;
            continue;
        }
        kept.push(p);
    }
    // Paragraphs repeated close by (captions shown twice, gallery text): one copy stays.
    let mut drop = vec![false; kept.len()];
    for i in 0..kept.len() {
        if kept[i].chars().count() < 20 {
            continue;
        }
        for j in i + 1..kept.len().min(i + 1 + REPEAT_WINDOW) {
            if !drop[i] && kept[j] == kept[i] {
                drop[j] = true;
            }
        }
    }
    if drop.iter().any(|&d| d) {
        let mut i = 0;
        kept.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
        out.dropped += drop.iter().filter(|&&d| d).count();
    }
    // A trailing run of truncated paragraphs: teasers of other stories.
    while kept.len() > 1 && kept.last().is_some_and(|p| ends_truncated(p) && p.len() < 400) {
        kept.pop();
        out.dropped += 1;
    }
    out.paragraphs = kept;
    out
}

static TEASER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    // A byline of 1–4 capitalised words, then an all-caps place and a colon;
    // or just the place and colon.
    Regex::new(r"^(?:(?:[A-Z][\w.'’\-]*\s+){0,4})?[A-Z]{3,}(?:\s+[A-Z]{3,})*\s*:").unwrap()
});

fn teaser_head(p: &str) -> bool {
    TEASER_HEAD.is_match(p) || dateline(p).is_some()
}

static SUFFIX_SEP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+(?:\||-|–|—|::|·|•|»|/)\s+").unwrap());

/// Drops a site or section suffix (" | Section News", " - Reuters") or a site
/// prefix ("Site | ") from a headline.
pub fn trim_title(title: &str, outlet: Option<&str>) -> String {
    let t = normalize_ws(title);
    let parts: Vec<(usize, usize)> = SUFFIX_SEP.find_iter(&t).map(|m| (m.start(), m.end())).collect();
    if parts.is_empty() {
        return t;
    }
    let words = |s: &str| s.split_whitespace().count();
    let outlet_key = outlet.map(fold).filter(|o| !o.is_empty());
    let is_site = |s: &str| {
        let k = fold(s);
        outlet_key.as_ref().is_some_and(|o| !k.is_empty() && (o.contains(&k) || k.contains(o.as_str())))
    };
    // Suffix: the text after the last separator.
    let (s, e) = *parts.last().unwrap();
    let head = &t[..s];
    let tail = &t[e..];
    let sep = t[s..e].trim();
    if words(head) >= 3
        && (is_site(tail)
            || (sep != "-" && sep != "–" && sep != "—" && words(tail) <= 6)
            || (words(tail) <= 3 && tail.chars().next().is_some_and(|c| c.is_uppercase())))
    {
        return trim_title(head, outlet);
    }
    // Prefix: the text before the first separator, when it names the site.
    let (s, e) = parts[0];
    if is_site(&t[..s]) && words(&t[e..]) >= 3 {
        return t[e..].to_string();
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_whitespace_is_recognised() {
        for s in
            ["", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u{a0}b", "a\u{200b}b", "\u{ad}", "a ’b”", "a \u{3000}"]
        {
            assert_eq!(is_normal_ws(s), normalize_ws(s) == s, "{s:?}");
            assert_eq!(normalized(s.to_string()), normalize_ws(s), "{s:?}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Rockets hit, the EMBASSY!"), "rocketshittheembassy");
        assert!(folds_to("VIDEO: Rockets hit embassy", "video", &fold("Rockets hit embassy")));
        assert!(!folds_to("Rockets hit embassy", "video", &fold("Rockets hit embassy")));
        assert!(folds_to("— —", "", ""));
    }

    #[test]
    fn datelines() {
        let d = |s: &str| dateline(s).map(|(t, a)| (t, a.map(str::to_string)));
        assert_eq!(
            d("BAGHDAD, Dec 8 (Reuters) – Two rockets hit"),
            Some(("BAGHDAD, Dec 8 (Reuters)".into(), Some("Reuters".into())))
        );
        assert_eq!(d("BAGHDAD (AFP): Multiple rockets"), Some(("BAGHDAD (AFP)".into(), Some("AFP".into()))));
        assert_eq!(d("WASHINGTON, Jan 5 (AP) - The"), Some(("WASHINGTON, Jan 5 (AP)".into(), Some("AP".into()))));
        assert_eq!(d("ISLAMABAD: Pakistan government"), Some(("ISLAMABAD".into(), None)));
        assert_eq!(d("UPDATE: the story"), None);
        assert_eq!(d("The US embassy said"), None);
        assert_eq!(d("US officials: no casualties"), None);
    }

    #[test]
    fn titles() {
        assert_eq!(
            trim_title("Rockets fired towards US embassy | Israel-Palestine conflict News", None),
            "Rockets fired towards US embassy"
        );
        assert_eq!(trim_title("US embassy hit by rockets - Reuters", None), "US embassy hit by rockets");
        assert_eq!(trim_title("Al Jazeera | Rockets fired at embassy", Some("Al Jazeera")), "Rockets fired at embassy");
        assert_eq!(trim_title("Israel-Hamas war: what we know", None), "Israel-Hamas war: what we know");
        assert_eq!(
            trim_title("Biden - the man who would be king of the hill again", None),
            "Biden - the man who would be king of the hill again"
        );
    }

    #[test]
    fn cleaning() {
        let ps = [
            "Big news today",
            "Big news today",
            "BAGHDAD (AFP): Something happened, officials said.",
            "See also  Another story about trucks",
            "It was bad.",
            "VIDEO: Big news today",
            "2024-08-16 09:42:49",
            "Share:",
            "Facebook",
            "Leave a Reply",
            "Your email address will not be published.",
        ];
        let c = clean(ps.iter().map(|s| s.to_string()).collect(), Some("Big news today"));
        assert_eq!(
            c.paragraphs,
            vec!["BAGHDAD (AFP): Something happened, officials said.".to_string(), "It was bad.".to_string()]
        );
        assert_eq!(c.timestamp.as_deref(), Some("2024-08-16T09:42:49"));
    }

    #[test]
    fn teasers() {
        let ps = [
            "Rockets hit the city.",
            "Nobody was hurt.",
            "Jane Doe LONDON : If the team wins they will…",
            "WASHINGTON: The president said he will…",
        ];
        let c = clean(ps.iter().map(|s| s.to_string()).collect(), None);
        assert_eq!(c.paragraphs.len(), 2);
    }
}
