//! The copies stage: which reports derive from one another (syndication,
//! partial copies, translations, rewrites).
//!
//! Two steps, as in near-duplicate detection at web scale:
//! 1. candidates: a [`Fingerprint`]'s MinHash over word shingles, cut into
//!    LSH bands ([`Fingerprint::band_keys`]), finds reports sharing a band in an index;
//! 2. decision: [`compare`] aligns the two reports sentence by sentence.
//!    Shared narration (the outlet's own sentences, reworded or translated)
//!    is evidence of one origin; shared quotes count for less, because
//!    independent outlets quote the same statement.
//!
//! Decisions are symmetric, so families built from them by union do not
//! depend on the order reports arrive in.
//!
//! ```
//! use consilience_copies::{compare, Fingerprint};
//! let a = Fingerprint::new("Rockets hit the embassy compound early on Friday, officials said. \
//!     Sirens sounded across the fortified zone near the river as residents took cover.");
//! let b = Fingerprint::new("Rockets hit the embassy compound early on Friday, officials said. \
//!     Sirens sounded across the fortified zone near the river as residents took cover. More follows.");
//! assert!(compare(&a, &b).is_copy);
//! ```
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Number of MinHash functions.
const HASHES: usize = 64;
/// Rows per LSH band: 16 bands of 4 catch pairs with Jaccard ≳ 0.4.
const BAND_ROWS: usize = 4;
/// Words per shingle.
const SHINGLE: usize = 4;

/// Thresholds of the copy decision, as named data.
pub mod rules {
    /// Estimated Jaccard of shingles above which two reports are near-duplicates.
    pub const NEAR_DUPLICATE_JACCARD: f64 = 0.5;
    /// Dice overlap of content words for two sentences to align.
    pub const SENTENCE_DICE: f64 = 0.5;
    /// Content words two aligned sentences must share.
    pub const SENTENCE_SHARED_WORDS: usize = 5;
    /// Shared content words at which an aligned sentence counts in full;
    /// below, it counts in proportion. A short line ("All rights
    /// reserved.", "He was 75.") is shared by chance or by boilerplate,
    /// not by copying.
    pub const FULL_EVIDENCE_WORDS: usize = 8;
    /// Weight of an aligned quote (outlets quote the same statement independently).
    pub const QUOTE_WEIGHT: f64 = 0.5;
    /// Aligned evidence needed, at least…
    pub const MIN_ALIGNED: f64 = 2.5;
    /// …and never fewer sentences than this (a lone shared headline is not
    /// enough: independent outlets write the same one-liner)…
    pub const MIN_ALIGNED_FLOOR: f64 = 2.0;
    /// …and as a share of the shorter report's sentences.
    pub const MIN_ALIGNED_SHARE: f64 = 0.2;
}

/// What the copy detector keeps of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// MinHash signature of the word shingles.
    pub minhash: Vec<u64>,
    /// Per sentence: hashed, normalised content words (sorted, unique), and
    /// whether the sentence is mostly a quote.
    pub sentences: Vec<SentenceSig>,
}

/// One sentence's content words, hashed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceSig {
    /// Sorted unique word hashes.
    pub words: Vec<u32>,
    /// Mostly quoted speech.
    pub quote: bool,
}

/// The verdict on a pair of reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether one derives from the other (or both from one origin).
    pub is_copy: bool,
    /// Estimated Jaccard similarity of their shingles.
    pub jaccard: f64,
    /// Weighted count of aligned sentences.
    pub aligned: f64,
    /// Aligned sentence pairs (index in the first, index in the second).
    pub passages: Vec<(usize, usize)>,
}

impl Fingerprint {
    /// Fingerprints a story text.
    pub fn new(text: &str) -> Self {
        let words = normalised_words(text);
        let mut minhash = vec![u64::MAX; HASHES];
        if words.len() >= SHINGLE {
            for w in words.windows(SHINGLE) {
                let joined = w.join(" ");
                for (i, slot) in minhash.iter_mut().enumerate() {
                    let h = xxh3_64_with_seed(joined.as_bytes(), i as u64);
                    if h < *slot {
                        *slot = h;
                    }
                }
            }
        }
        let sentences = split_sentences(text)
            .into_iter()
            .map(|s| {
                let mut hashed: Vec<u32> = normalised_words(&s)
                    .iter()
                    .filter(|w| !is_stopword(w))
                    .map(|w| xxh3_64_with_seed(w.as_bytes(), 7) as u32)
                    .collect();
                hashed.sort_unstable();
                hashed.dedup();
                SentenceSig { words: hashed, quote: mostly_quoted(&s) }
            })
            .filter(|s| !s.words.is_empty())
            .collect();
        Fingerprint { minhash, sentences }
    }

    /// LSH band keys for candidate retrieval: reports sharing one are compared.
    pub fn band_keys(&self) -> Vec<i64> {
        if self.minhash.iter().all(|&h| h == u64::MAX) {
            return Vec::new();
        }
        self.minhash
            .chunks(BAND_ROWS)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(8 * BAND_ROWS + 1);
                bytes.push(band as u8);
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, 0) as i64
            })
            .collect()
    }

    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn jaccard(&self, other: &Fingerprint) -> f64 {
        if self.minhash.len() != other.minhash.len() || self.minhash.iter().all(|&h| h == u64::MAX) {
            return 0.0;
        }
        let same = self.minhash.iter().zip(&other.minhash).filter(|(a, b)| a == b).count();
        same as f64 / self.minhash.len() as f64
    }
}

/// Decides whether two reports are copies (symmetric).
pub fn compare(a: &Fingerprint, b: &Fingerprint) -> Verdict {
    let jaccard = a.jaccard(b);
    // Align each sentence of the shorter report to its best match; a
    // sentence of the longer one is used once.
    let (short, long, swapped) = if a.sentences.len() <= b.sentences.len() { (a, b, false) } else { (b, a, true) };
    let mut used = vec![false; long.sentences.len()];
    let mut aligned = 0.0;
    let mut passages = Vec::new();
    for (i, s) in short.sentences.iter().enumerate() {
        let mut best: Option<(usize, f64, usize)> = None;
        for (j, t) in long.sentences.iter().enumerate() {
            if used[j] {
                continue;
            }
            let shared = intersection(&s.words, &t.words);
            let dice = 2.0 * shared as f64 / (s.words.len() + t.words.len()) as f64;
            if best.is_none_or(|(_, d, _)| dice > d) {
                best = Some((j, dice, shared));
            }
        }
        if let Some((j, dice, shared)) = best {
            if dice >= rules::SENTENCE_DICE && shared >= rules::SENTENCE_SHARED_WORDS.min(s.words.len()) {
                used[j] = true;
                let weight = if s.quote || long.sentences[j].quote { rules::QUOTE_WEIGHT } else { 1.0 };
                aligned += weight * (shared as f64 / rules::FULL_EVIDENCE_WORDS as f64).min(1.0);
                passages.push(if swapped { (j, i) } else { (i, j) });
            }
        }
    }
    let enough = aligned >= aligned_needed(short.sentences.len());
    passages.sort_unstable();
    Verdict { is_copy: jaccard >= rules::NEAR_DUPLICATE_JACCARD || enough, jaccard, aligned, passages }
}

/// The aligned evidence two reports need to be copies when the shorter
/// has `shorter` sentences.
fn aligned_needed(shorter: usize) -> f64 {
    let shorter = shorter as f64;
    rules::MIN_ALIGNED.min(shorter * 0.8).max(rules::MIN_ALIGNED_FLOOR).max(rules::MIN_ALIGNED_SHARE * shorter)
}

/// One report's fingerprint set up to be compared with many others (a new
/// report against its neighbourhood): [`Probe::is_copy`] gives the verdict of
/// [`compare`] but first bounds the evidence a sentence alignment could find,
/// and skips the alignment (quadratic in sentences) when even the bound is
/// not enough, as it is for most pairs of a neighbourhood.
pub struct Probe<'a> {
    fingerprint: &'a Fingerprint,
    /// Every content word of the report, sorted and unique.
    words: Vec<u32>,
}

impl<'a> Probe<'a> {
    /// Gathers the report's words once.
    pub fn new(fingerprint: &'a Fingerprint) -> Self {
        let mut words: Vec<u32> = fingerprint.sentences.iter().flat_map(|s| s.words.iter().copied()).collect();
        words.sort_unstable();
        words.dedup();
        Probe { fingerprint, words }
    }

    /// `compare(probed, other).is_copy`, the same verdict.
    pub fn is_copy(&self, other: &Fingerprint) -> bool {
        let a = self.fingerprint;
        if a.jaccard(other) >= rules::NEAR_DUPLICATE_JACCARD {
            return true;
        }
        !self.cannot_align(other) && compare(a, other).is_copy
    }

    /// Whether no sentence alignment with `other` can find the evidence a
    /// copy needs: an aligned pair uses a sentence of `other` once, shares
    /// at most the words that sentence has in common with the whole probed
    /// report, and counts at most in full (a quote for less).
    fn cannot_align(&self, other: &Fingerprint) -> bool {
        let bound: f64 = other
            .sentences
            .iter()
            .map(|u| {
                let shared = u.words.iter().filter(|w| self.words.binary_search(w).is_ok()).count();
                (shared as f64 / rules::FULL_EVIDENCE_WORDS as f64).min(1.0)
            })
            .sum();
        bound < aligned_needed(self.fingerprint.sentences.len().min(other.sentences.len()))
    }
}

fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Lowercased words with light normalisation: digit groups joined
/// ("2,500" → "2500"), plural and possessive endings cut, so rewordings
/// and translations meet on the same forms.
fn normalised_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '/' | '(' | ')' | '[' | ']')) {
        let w: String = raw
            .trim_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .filter(|&c| c != ',')
            .flat_map(char::to_lowercase)
            .collect();
        if w.is_empty() {
            continue;
        }
        let w = w.trim_end_matches("'s").trim_end_matches("’s");
        let w = if w.len() > 4 && w.ends_with("ies") {
            format!("{}y", &w[..w.len() - 3])
        } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
            w[..w.len() - 1].to_string()
        } else {
            w.to_string()
        };
        out.push(w);
    }
    out
}

/// Sentences as the analyser splits them (minding "Mr.", initials, "U.S."):
/// a split after an abbreviation would make one-word "sentences" that
/// align by chance.
fn split_sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    consilience_analyse::sentences::split_sentences(text)
        .into_iter()
        .map(|span| chars[span.start..span.end].iter().collect())
        .collect()
}

fn mostly_quoted(s: &str) -> bool {
    let mut inside = false;
    let (mut quoted, mut total) = (0usize, 0usize);
    for c in s.chars() {
        match c {
            '“' => inside = true,
            '”' => inside = false,
            '"' => inside = !inside,
            _ => {}
        }
        if c.is_alphanumeric() {
            total += 1;
            if inside {
                quoted += 1;
            }
        }
    }
    let first = s.chars().next();
    matches!(first, Some('“' | '"')) || (total > 0 && quoted * 10 >= total * 7)
}

fn is_stopword(w: &str) -> bool {
    const STOP: &[&str] = &[
        "the", "a", "an", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "from", "that", "this",
        "these", "those", "is", "are", "was", "were", "be", "been", "being", "it", "its", "as", "have", "ha", "had",
        "has", "not", "but", "which", "who", "whom", "what", "their", "they", "them", "he", "she", "his", "her", "we",
        "our", "us", "you", "will", "would", "could", "should", "can", "may", "said", "say", "also", "into", "than",
        "then", "there", "about", "after", "over", "under", "up", "out", "so", "if", "all", "any", "more", "most",
        "other", "some", "such", "no", "one", "do", "did", "does", "very", "just", "only", "own", "same", "too",
        "both", "each", "few", "while", "when", "where", "why", "how", "i", "me", "my", "him", "because", "until",
        "against", "between", "during", "before", "above", "below", "again", "further", "once", "here", "near",
        "around", "told", "added",
    ];
    STOP.contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Gunmen attacked a police checkpoint in the northern town of Vella on Tuesday, killing four officers, the interior ministry said. \
        The attackers arrived in two pickup trucks shortly before dawn and fled toward the hills after a gunfight lasting an hour. \
        “This cowardly attack will not go unpunished,” the minister said in a statement. \
        No group has claimed responsibility for the assault, the third on security forces in the province this month. \
        Residents said the road to the border crossing remained closed on Tuesday afternoon.";

    /// [`WIRE`] reworded: a copy.
    const REWRITE: &str = "Four police officers were killed on Tuesday when gunmen attacked a checkpoint in the northern town of Vella, the ministry of interior said. \
        The attackers came in two pickup trucks shortly before dawn, and after an hour-long gunfight fled toward the hills. \
        Nobody has claimed responsibility for the assault, the third on the province's security forces this month. \
        The road to the border crossing remained closed in the afternoon, residents said.";

    /// Another outlet's own report of the event of [`WIRE`]: not a copy.
    const OTHER: &str =
        "VELLA — Four officers died when a checkpoint outside Vella came under fire before sunrise on Tuesday. \
        A local commander told our correspondent that the gunmen used rifles and a grenade. \
        “This cowardly attack will not go unpunished,” the minister said. \
        Hospitals in the provincial capital received two wounded civilians.";

    #[test]
    fn syndicated_copy_with_boilerplate_is_a_copy() {
        let copy = format!("Share this story\n{WIRE}\nRead more: other stories from our region desk.");
        let v = compare(&Fingerprint::new(WIRE), &Fingerprint::new(&copy));
        assert!(v.is_copy, "{v:?}");
        assert!(v.jaccard > 0.6);
    }

    #[test]
    fn reworded_paraphrase_is_a_copy() {
        let v = compare(&Fingerprint::new(WIRE), &Fingerprint::new(REWRITE));
        assert!(v.is_copy, "{v:?}");
    }

    #[test]
    fn independent_report_of_same_event_is_not_a_copy() {
        let v = compare(&Fingerprint::new(WIRE), &Fingerprint::new(OTHER));
        assert!(!v.is_copy, "{v:?}");
    }

    #[test]
    fn shared_footer_and_titles_do_not_make_a_copy() {
        let footer = "Copyright 2013 The Associated Press. All rights reserved.\n\
            This material may not be published, broadcast, rewritten or redistributed.";
        let a = format!(
            "A judge sentenced Mr. Nichols to life on Saturday. Mr. Howard said the community had spoken. \
            Mr. Bodiford read the counts aloud for an hour.\n{footer}"
        );
        let b = format!(
            "Mr. LaRue, a former aide, died in a Biloxi motel. Mr. Hargrove, the coroner, found no foul play. \
            Mr. LaRue was 75 and had served a prison term.\n{footer}"
        );
        let v = compare(&Fingerprint::new(&a), &Fingerprint::new(&b));
        assert!(!v.is_copy, "{v:?}");
    }

    #[test]
    fn symmetric_and_banded() {
        let a = Fingerprint::new(WIRE);
        let b = Fingerprint::new(&WIRE.replace("four", "five"));
        assert_eq!(compare(&a, &b).is_copy, compare(&b, &a).is_copy);
        assert_eq!(a.band_keys().len(), HASHES / BAND_ROWS);
        let shared = a.band_keys().iter().filter(|k| b.band_keys().contains(k)).count();
        assert!(shared > 0);
        assert!(Fingerprint::new("too short").band_keys().is_empty());
    }

    #[test]
    fn probe_gives_the_verdict_of_compare() {
        // Texts made of sentences drawn from one story, its rewrite, another
        // report of the event and unrelated lines: copies, partial copies
        // and strangers, in every pairing.
        let pool: Vec<&str> = [WIRE, REWRITE, OTHER, "Share this story. Read more: other stories from our region desk. \
            The council approved the new budget for schools and roads on Monday after a long debate. \
            “We will not raise taxes this year,” the mayor said. Heavy rain is expected across the region at the weekend."]
        .iter()
        .flat_map(|t| t.split_inclusive(". "))
        .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let texts: Vec<String> = (0..60)
            .map(|_| {
                let start = next(pool.len());
                let len = 1 + next(7);
                (0..len).map(|k| pool[(start + k * (1 + next(2))) % pool.len()]).collect()
            })
            .collect();
        let prints: Vec<Fingerprint> = texts.iter().map(|t| Fingerprint::new(t)).collect();
        let (mut copies, mut aligned, mut skipped) = (0, 0, 0);
        for a in &prints {
            let probe = Probe::new(a);
            for b in &prints {
                let verdict = compare(a, b);
                assert_eq!(probe.is_copy(b), verdict.is_copy);
                copies += verdict.is_copy as usize;
                // Not copies, told apart with and without an alignment.
                if !verdict.is_copy {
                    if probe.cannot_align(b) {
                        skipped += 1;
                    } else {
                        aligned += 1;
                    }
                }
            }
        }
        // Every path occurs, so the test says something about each.
        assert!(
            copies > 100 && aligned > 100 && skipped > 100,
            "{copies} copies, {aligned} aligned, {skipped} skipped"
        );
    }
}
