//! Who says what: the speaker of each sentence ("an Iraqi security official
//! told AFP", "according to the Pentagon", "the embassy said in a
//! statement"), with pronouns and "the spokesman" resolved to the speaker
//! they refer back to. A sentence with no attribution is the outlet's own.
use crate::rules;
use crate::tokens::Token;

/// Finds the speaker phrase of one sentence, given its tokens, or `None`.
pub fn sentence_speaker(text: &str, toks: &[Token]) -> Option<String> {
    let lower: Vec<String> = toks.iter().map(|t| t.lower()).collect();
    // "according to X"
    for i in 0..toks.len().saturating_sub(2) {
        if lower[i] == "according" && lower[i + 1] == "to" {
            let end = phrase_end(toks, &lower, i + 2);
            if end > i + 2 {
                return Some(phrase(text, toks, i + 2, end));
            }
        }
    }
    // The last speech verb in the sentence carries the attribution.
    let verbs: Vec<usize> = (0..toks.len()).filter(|&i| rules::SPEECH_VERBS.contains(&lower[i].as_str())).collect();
    for &v in verbs.iter().rev() {
        // "X said": walk back over the noun phrase.
        if let Some((start, end)) = np_before(toks, &lower, v) {
            return Some(phrase(text, toks, start, end));
        }
        // "…,” said X" or "…, said X"
        if v > 0 && (toks[v - 1].text == "," || is_quote(toks[v - 1].text)) || v == 0 {
            let end = phrase_end(toks, &lower, v + 1);
            if end > v + 1 && is_speaker_np(&lower[v + 1..end], &toks[v + 1..end]) {
                return Some(phrase(text, toks, v + 1, end));
            }
        }
    }
    None
}

fn is_quote(s: &str) -> bool {
    matches!(s, "\"" | "”" | "“" | "’" | "'")
}

/// The noun phrase that ends just before token `v`, if it names a speaker.
fn np_before(toks: &[Token], lower: &[String], v: usize) -> Option<(usize, usize)> {
    let mut end = v;
    // Skip a relative clause: "A US official, who spoke on condition of anonymity, told".
    if end > 0 && toks[end - 1].text == "," {
        let mut k = end - 1;
        while k > 0 && toks[k - 1].text != "," {
            k -= 1;
        }
        let clause_start = k;
        if clause_start > 0
            && matches!(
                lower.get(clause_start).map(String::as_str),
                Some("who" | "which" | "speaking" | "citing" | "quoted")
            )
        {
            end = clause_start - 1;
        } else {
            return None;
        }
    }
    let mut start = end;
    while start > 0 && end - start < 8 {
        let t = &toks[start - 1];
        if !t.is_word() && t.text != "-" && t.text != "'s" && t.text != "’s" {
            break;
        }
        if rules::NP_STOP.contains(&lower[start - 1].as_str())
            && !matches!(lower[start - 1].as_str(), "the" | "a" | "an" | "its" | "his" | "her" | "their")
        {
            break;
        }
        start -= 1;
        if matches!(lower[start].as_str(), "the" | "a" | "an") {
            break;
        }
    }
    (start < end && is_speaker_np(&lower[start..end], &toks[start..end])).then_some((start, end))
}

/// Whether a phrase can be a speaker: a pronoun, a name, or a speaker noun.
fn is_speaker_np(lower: &[String], toks: &[Token]) -> bool {
    let words: Vec<&str> = lower.iter().map(String::as_str).filter(|w| w.chars().any(char::is_alphabetic)).collect();
    if words.is_empty() {
        return false;
    }
    if words.len() == 1 && matches!(words[0], "he" | "she" | "they" | "it" | "we") {
        return true;
    }
    words.iter().any(|w| rules::SPEAKER_HEADS.contains(w))
        || toks
            .iter()
            .filter(|t| t.is_word())
            .all(|t| t.is_capitalized() || matches!(t.text, "al" | "bin" | "de" | "von"))
}

/// Where a phrase starting at `i` ends: at punctuation, a quote, a verb-ish
/// word, or after 8 tokens.
fn phrase_end(toks: &[Token], lower: &[String], i: usize) -> usize {
    let mut e = i;
    while e < toks.len() && e < i + 8 {
        let t = &toks[e];
        if !t.is_word() && t.text != "-" {
            break;
        }
        if e > i
            && matches!(
                lower[e].as_str(),
                "that" | "who" | "which" | "on" | "in" | "as" | "when" | "after" | "said" | "told"
            )
        {
            break;
        }
        e += 1;
    }
    e
}

fn phrase(text: &str, toks: &[Token], start: usize, end: usize) -> String {
    let s = &text[toks[start].start..toks[end - 1].end];
    // "An Iraqi official" and "an Iraqi official" are one speaker.
    let mut out = s.to_string();
    for art in ["The ", "An ", "A "] {
        if let Some(rest) = s.strip_prefix(art) {
            out = format!("{}{}", art.to_lowercase(), rest);
        }
    }
    out
}

/// Resolves a speaker that refers back ("he", "the spokesman") against the
/// speakers of earlier sentences, newest first.
pub fn resolve(speaker: &str, earlier: &[String]) -> String {
    let lower = speaker.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if matches!(words.as_slice(), ["he"] | ["she"] | ["they"] | ["it"] | ["we"]) {
        return earlier.last().cloned().unwrap_or_else(|| speaker.to_string());
    }
    if words.first() == Some(&"the") && words.len() <= 3 {
        let head = words.last().copied().unwrap_or("");
        if let Some(prev) = earlier.iter().rev().find(|p| {
            let pl = p.to_lowercase();
            pl != lower && pl.split_whitespace().last() == Some(head) && pl.split_whitespace().count() > words.len()
        }) {
            return prev.clone();
        }
    }
    speaker.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn speaker(s: &str) -> Option<String> {
        sentence_speaker(s, &tokenize(s))
    }

    #[test]
    fn finds_speakers_in_news_phrasings() {
        assert_eq!(
            speaker("Two rockets hit the embassy, but there were no casualties, an embassy spokesman said.").as_deref(),
            Some("an embassy spokesman")
        );
        assert_eq!(speaker("An Iraqi security official said “Three Katyusha rockets fell close to the Green Zone,” near the river.").as_deref(), Some("an Iraqi security official"));
        assert_eq!(
            speaker("“Indications are the attacks were initiated by Iran-aligned militias,” said a US spokesperson.")
                .as_deref(),
            Some("a US spokesperson")
        );
        assert_eq!(
            speaker("In a statement, the US embassy said “two salvoes of rockets” were fired.").as_deref(),
            Some("the US embassy")
        );
        assert_eq!(
            speaker("According to the Pentagon, US forces have been attacked at least 66 times.").as_deref(),
            Some("the Pentagon")
        );
        assert_eq!(
            speaker("A US military official, who spoke on condition of anonymity, told AFP news agency that sirens were heard.").as_deref(),
            Some("a US military official")
        );
        assert_eq!(speaker("No group immediately claimed responsibility."), None);
        assert_eq!(speaker("There was no immediate claim of responsibility."), None);
    }

    #[test]
    fn resolves_back_references() {
        let earlier = vec!["an embassy spokesman".to_string()];
        assert_eq!(resolve("the spokesman", &earlier), "an embassy spokesman");
        assert_eq!(resolve("he", &earlier), "an embassy spokesman");
        assert_eq!(resolve("the Pentagon", &earlier), "the Pentagon");
    }
}
