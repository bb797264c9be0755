//! Numbers in digits and words, with their hedges and what they count:
//! "at least 66", "roughly 2,500 US troops", "2.5 thousand", "two salvoes",
//! "dozens of strikes", "the 19th attack".
use crate::rules;
use crate::tokens::{tokenize, Token};
use consilience_core::text::CharIndex;
use consilience_core::{NumberMention, Span};

/// Finds the numbers in `text`, skipping those inside the byte ranges in
/// `skip` (time expressions, which own their digits).
pub fn find_numbers(text: &str, skip: &[(usize, usize)]) -> Vec<NumberMention> {
    let idx = CharIndex::new(text);
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let inside_skip = |t: &Token| skip.iter().any(|&(s, e)| t.start < e && s < t.end);
        if inside_skip(&toks[i]) {
            i += 1;
            continue;
        }
        // "nineteen ninety-six", "twenty twenty", "nineteen oh five": a year read out, not a count.
        if let Some(used) = spoken_year_len(&toks, i) {
            i += used;
            continue;
        }
        let Some((value, approx_word, ordinal, used)) = read_number(&toks, i) else {
            i += 1;
            continue;
        };
        let first = &toks[i];
        let last = &toks[i + used - 1];
        // Digits glued to letters ("K1", "GPT-5") or standalone years are not counts.
        if is_code_like(text, first) || (used == 1 && looks_like_year(first.text)) {
            i += used;
            continue;
        }
        let (hedge_start, hedged) = hedge_before(&toks, i);
        let (unit, _unit_end) = unit_after(&toks, i + used, last);
        let start_b = hedge_start.map(|h| toks[h].start).unwrap_or(first.start);
        out.push(NumberMention {
            span: Span::new(idx.char_at(start_b), idx.char_at(last.end)),
            text: text[start_b..last.end].to_string(),
            value,
            approx: hedged || approx_word,
            unit,
            ordinal,
        });
        i += used;
    }
    out
}

/// Reads a number starting at token `i`: (value, vague word?, ordinal?, tokens used).
fn read_number(toks: &[Token], i: usize) -> Option<(f64, bool, bool, usize)> {
    let t = toks[i].text;
    let lower = t.to_lowercase();
    // Digits, with commas and decimals.
    if t.chars().next()?.is_ascii_digit() {
        let (digits, suffix) = split_digit_suffix(t);
        let mut value: f64 = digits.replace(',', "").parse().ok()?;
        if !suffix.is_empty() {
            if matches!(suffix, "st" | "nd" | "rd" | "th") {
                return Some((value, false, true, 1));
            }
            if let Some(m) = rules::multiplier(suffix) {
                return Some((value * m, false, false, 1));
            }
            // "4am", "10km": a unit glued on; the unit finder sees none.
            return None;
        }
        let mut used = 1;
        // "2.5 thousand", "1.2 million"
        if let Some(next) = toks.get(i + 1) {
            if let Some(m) = rules::multiplier(&next.lower()) {
                value *= m;
                used += 1;
            }
        }
        return Some((value, false, false, used));
    }
    if let Some(v) = rules::ordinal_word(&lower) {
        return Some((v, false, true, 1));
    }
    if let Some((v, approx)) = rules::vague_quantity(&lower) {
        // "a dozen" is exact enough; "dozens" is not.
        return Some((v, approx, false, 1));
    }
    // Spelled numbers: "two", "twenty-five", "two thousand five hundred".
    let mut total = 0f64;
    let mut current = 0f64;
    let mut used = 0;
    let mut seen = false;
    // The value of the number word just read, while the next may still add to
    // it: only a ten takes a unit after it ("twenty five"), so "seven eight"
    // or "nineteen ninety" are two numbers, never their sum.
    let mut last_small: Option<f64> = None;
    while let Some(tok) = toks.get(i + used) {
        let w = tok.lower();
        let mut matched = false;
        if let Some(v) = number_word(&w) {
            let adds_on = |prev: f64| (20.0..100.0).contains(&prev) && prev % 10.0 == 0.0 && (1.0..10.0).contains(&v);
            if last_small.is_some_and(|prev| !adds_on(prev)) {
                break;
            }
            current += v;
            last_small = Some(v);
            matched = true;
        } else if w == "hundred" && seen {
            current = current.max(1.0) * 100.0;
            last_small = None;
            matched = true;
        } else if let Some(m) = rules::multiplier(&w).filter(|_| seen) {
            total += current.max(1.0) * m;
            current = 0.0;
            last_small = None;
            matched = true;
        } else if w == "and"
            && seen
            && toks.get(i + used + 1).is_some_and(|n| rules::small_number(&n.lower()).is_some())
        {
            matched = true;
        }
        if !matched {
            break;
        }
        seen = true;
        used += 1;
    }
    if !seen {
        // "seven-day": a number word glued to a unit by a hyphen.
        if let Some((num, _)) = lower.split_once('-') {
            if let Some(v) = rules::small_number(num) {
                return Some((v, false, false, 1));
            }
        }
        return None;
    }
    Some((total + current, false, false, used))
}

/// The value of a number word, or of two joined by a hyphen ("twenty-five").
fn number_word(w: &str) -> Option<f64> {
    let parts: Vec<&str> = w.split('-').collect();
    if parts.len() > 2 {
        return None;
    }
    parts.iter().map(|p| rules::small_number(p)).sum()
}

/// Tokens of a year read out at `i` ("nineteen ninety-six", "twenty twenty",
/// "nineteen oh five"): a number word from 11 to 99, then one from 10 to 99
/// or "oh" and a digit word.
fn spoken_year_len(toks: &[Token], i: usize) -> Option<usize> {
    let value = |t: &Token| number_word(&t.lower());
    if !value(toks.get(i)?).is_some_and(|v| (11.0..100.0).contains(&v)) {
        return None;
    }
    let next = toks.get(i + 1)?;
    if value(next).is_some_and(|v| (10.0..100.0).contains(&v)) {
        return Some(2);
    }
    let digit = toks.get(i + 2).and_then(value).is_some_and(|v| (1.0..10.0).contains(&v));
    (next.lower() == "oh" && digit).then_some(3)
}

fn split_digit_suffix(t: &str) -> (&str, &str) {
    let cut = t.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(t.len());
    (&t[..cut], &t[cut..])
}

fn is_code_like(text: &str, first: &Token) -> bool {
    // "#3", "-5" glued to a word: codes and names, not counts.
    text[..first.start].chars().next_back().is_some_and(|c| c.is_alphabetic() || c == '-' || c == '#')
}

fn looks_like_year(t: &str) -> bool {
    t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) && matches!(&t[..2], "19" | "20")
}

/// The hedge before token `i` ("at least", "roughly"), as (first token index, found).
fn hedge_before(toks: &[Token], i: usize) -> (Option<usize>, bool) {
    for len in [3usize, 2, 1] {
        if i < len {
            continue;
        }
        let words: Vec<String> = toks[i - len..i].iter().map(|t| t.lower()).collect();
        if rules::HEDGES.contains(&words.join(" ").as_str()) {
            return (Some(i - len), true);
        }
    }
    (None, false)
}

/// What the number counts: the head noun of the phrase after it.
fn unit_after(toks: &[Token], mut j: usize, last: &Token) -> (Option<String>, usize) {
    // "seven-day": the unit is glued on.
    if let Some((_, rest)) = last.text.split_once('-') {
        if rest.chars().all(|c| c.is_alphabetic()) {
            return (Some(rules::singular(&rest.to_lowercase())), j);
        }
    }
    if toks.get(j).is_some_and(|t| t.lower() == "of") {
        j += 1; // "dozens of strikes", "two salvoes of rockets" is handled by the noun phrase
    }
    let mut head: Option<String> = None;
    let mut k = j;
    while k < toks.len() && k < j + 5 {
        let t = &toks[k];
        let w = t.lower();
        if !t.is_word() || rules::NP_STOP.contains(&w.as_str()) {
            break;
        }
        if w == "or" || w == "and" {
            k += 1;
            continue;
        }
        if !t.is_capitalized() || rules::is_count_noun(&w) {
            head = Some(w);
        }
        k += 1;
        if head.as_deref().is_some_and(rules::is_count_noun)
            && !toks.get(k).is_some_and(|n| rules::is_count_noun(&n.lower()))
        {
            // "rocket or drone strikes": keep reading while nouns chain.
            if !toks.get(k).is_some_and(|n| matches!(n.lower().as_str(), "or" | "and")) {
                break;
            }
        }
    }
    (head.map(|h| rules::singular(&h)), k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> NumberMention {
        let found = find_numbers(text, &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn digits_words_and_hedges() {
        let n = one("There are roughly 2,500 US troops in Iraq");
        assert_eq!(
            (n.value, n.approx, n.unit.as_deref(), n.text.as_str()),
            (2500.0, true, Some("troop"), "roughly 2,500")
        );
        let n = one("about 2.5 thousand are serving");
        assert_eq!((n.value, n.approx), (2500.0, true));
        let n = one("“three Katyusha rockets, aimed at the embassy");
        assert_eq!((n.value, n.unit.as_deref()), (3.0, Some("rocket")));
        let n = one("said two salvoes of rockets were fired");
        assert_eq!((n.value, n.unit.as_deref()), (2.0, Some("salvo")));
        let n = one("attacked at least 66 times");
        assert_eq!((n.value, n.approx, n.unit.as_deref()), (66.0, true, Some("time")));
        let n = one("there have been dozens of rocket or drone strikes by groups");
        assert_eq!((n.approx, n.unit.as_deref()), (true, Some("strike")));
        let n = one("It was the 19th attack since October");
        assert!(n.ordinal);
        let n = one("Two rockets hit the embassy");
        assert_eq!((n.value, n.unit.as_deref()), (2.0, Some("rocket")));
        let n = one("two thousand five hundred people");
        assert_eq!((n.value, n.unit.as_deref()), (2500.0, Some("people")));
    }

    #[test]
    fn spoken_years_and_number_runs() {
        // A year read out is no count, and its parts are never added up.
        assert!(find_numbers("the law of nineteen ninety-six was repealed", &[]).is_empty());
        assert!(find_numbers("back in nineteen oh five", &[]).is_empty());
        let n = one("twenty five rockets were fired");
        assert_eq!((n.value, n.unit.as_deref()), (25.0, Some("rocket")));
        let found = find_numbers("in rooms seven eight and nine", &[]);
        assert!(found.iter().all(|n| n.value < 10.0), "{found:?}");
    }

    #[test]
    fn skips_codes_years_and_skipped_ranges() {
        assert!(find_numbers("the base of K1 and GPT-5 in 2014", &[]).is_empty());
        let text = "at 0115 GMT three rockets";
        let found = find_numbers(text, &[(3, 11)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, 3.0);
    }
}
