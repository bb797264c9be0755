//! Field claims: weapon, counts, casualties, responsibility, attribution,
//! targets, date and time, each with its sentence, speaker and whether it
//! is background rather than a fact of the report's own event.
use crate::event::{on_event_day, to_utc};
use crate::{rules, SentenceCtx};
use consilience_core::text::CharIndex;
use consilience_core::{Claim, ClockTime, EventSummary, NumberMention, PlaceMention, TimeMention, TimexType};
use regex::Regex;
use serde_json::{json, Value};
use std::sync::LazyLock;

/// Things people are counted as when they are killed or hurt.
const PERSON_UNITS: &[&str] = &[
    "people",
    "person",
    "civilian",
    "soldier",
    "troop",
    "personnel",
    "police",
    "policeman",
    "officer",
    "child",
    "woman",
    "man",
    "death",
    "casualty",
    "victim",
    "hostage",
    "militant",
    "fighter",
    "worker",
    "contractor",
    "member",
    "protester",
    "student",
    "passenger",
    "resident",
    "guard",
    "employee",
    "staff",
    "dead",
    "american",
    "iraqi",
];

/// Counted things that only ever give context (tallies, deployments).
const CONTEXT_UNITS: &[&str] = &["attack", "time", "strike", "troop", "soldier", "personnel", "incident"];

static NONE_REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:no (?:immediate |initial )?(?:reports? of )?(?:casualties|injuries|deaths|fatalities)|without causing any (?:reported )?(?:casualties|injuries)|no one was (?:killed|hurt|injured)|nobody was (?:killed|hurt|injured)|caused no (?:casualties|injuries)|there were no (?:casualties|injuries|deaths))\b",
    )
    .unwrap()
});
static UNKNOWN_CASUALTIES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:awaiting .{0,40}(?:reports?|information|word|details) (?:on|of|about) (?:casualties|injuries|the dead)|(?:not|un)(?: immediately)? clear (?:whether|if) .{0,120}(?:casualties|injuries|injured|killed|dead|hurt)|no (?:immediate )?word on (?:casualties|injuries)|(?:casualties|injuries) (?:were|are|was) (?:not|un)(?: yet)? (?:known|clear))",
    )
    .unwrap()
});
static NOT_CLAIMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:no (?:one|group|organi[sz]ation|faction|party|militant group)(?: has| had)?(?: yet| immediately| so far)? claimed|no (?:immediate )?claim of responsibility|(?:never|not(?: yet)?(?: been)?) claimed|unclaimed|did not claim|has not claimed|have not claimed)\b",
    )
    .unwrap()
});
static SEIZED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:seiz\w*|confiscat\w*|captured|stole|stolen|consist\w*|ammunition|found|cache|caches|arsenal|shipment|smuggl\w*|arms depot|stockpile|weapons? (?:were|was) (?:found|recovered)|recovered|surrendered|handed over|turned over|supplied|supply|delivered|sell|sold)\b").unwrap()
});
/// Whether a sentence counts out an arsenal: three or more weapons, each
/// with its figure ("915 rifles, 12 carbines, 49 mortars"). Weapons held,
/// not weapons of an attack.
fn weapon_inventory(c: &SentenceCtx) -> bool {
    let counted = c.tokens.windows(2).filter(|p| {
        let w = p[1].lower();
        let n = p[0].lower();
        (n.chars().next().is_some_and(|ch| ch.is_ascii_digit()) || rules::small_number(&n).is_some())
            && rules::WEAPONS.iter().any(|(k, _)| *k == w)
    });
    counted.count() >= 3
}

/// Whether a sentence tells of something done: an attack verb, harm or damage.
fn tells_of_deed(c: &SentenceCtx) -> bool {
    c.tokens.iter().any(|t| {
        let w = t.lower();
        let w = w.as_str();
        rules::ATTACK_VERBS.contains(&w)
            || rules::HARM_VERBS.contains(&w)
            || rules::DAMAGE_VERBS.contains(&w)
            || rules::ATTACK_NOUNS.contains(&w)
            || rules::HARM_CUES.contains(&w)
            || matches!(
                w,
                "explosion"
                    | "explosions"
                    | "blast"
                    | "fired"
                    | "shots"
                    | "fire"
                    | "exploded"
                    | "used"
                    | "launched"
                    | "threatened"
                    | "threatening"
                    | "pointed"
            )
    })
}

/// Whether a sentence (lowercased) tells of arms seized, found or
/// delivered: weapons named there are no weapons of an attack.
pub(crate) fn tells_of_seized_arms(lower: &str) -> bool {
    SEIZED.is_match(lower)
}

static CLAIMED_BY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:claimed responsibility|claimed by|claims responsibility)\b").unwrap());
static ATTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:(?:carried out|initiated|launched|conducted|perpetrated|orchestrated|staged|fired) by|blamed (?:(?:it|this|the attacks?|the strikes?|the assault) )?on|pointed the finger at|accused|attributed (?:(?:it|the attacks?) )?to|blamed) ",
    )
    .unwrap()
});

#[allow(clippy::too_many_arguments)] // one call site; the stage's findings, passed as they are
pub(crate) fn find_claims(
    text: &str,
    idx: &CharIndex,
    ctxs: &[SentenceCtx],
    times: &[TimeMention],
    numbers: &[NumberMention],
    places: &[PlaceMention],
    event: &EventSummary,
    published: Option<jiff::civil::Date>,
) -> Vec<Claim> {
    let mut out = Vec::new();
    for c in ctxs {
        let (off_event, figure_background) = sentence_background(c, event, places);
        let generic = c.generic;
        let mut push = |field: &str, value: &str, normalized: Value, span_b: (usize, usize), background: bool| {
            out.push(Claim {
                field: field.to_string(),
                value: value.to_string(),
                normalized,
                span: idx.span(span_b.0, span_b.1),
                sentence: c.index,
                speaker: c.speaker.clone(),
                background,
                when: (!c.date.is_empty()).then_some(c.date),
                other_event: off_event,
            });
        };

        // Weapons. A weapon named before a generic phrase ("Multiple
        // rockets hit …, the latest in a flurry of attacks") is the event's.
        let generic_from = rules::GENERIC_PLURALS.iter().filter_map(|g| c.lower.find(g)).min().map(|p| c.start_b + p);
        let mut seen_weapons: Vec<&str> = Vec::new();
        if c.eventful {
            // Whether the sentence's arms are no weapons of an attack: found
            // or seized, counted out, or named where nothing is done with
            // them ("an expert in explosives", "dialogue without bombs").
            // Worked out once, for the first weapon named.
            let mut idle_arms: Option<bool> = None;
            for (k, t) in c.tokens.iter().enumerate() {
                let w = t.lower();
                let Some((_, canon)) = rules::WEAPONS.iter().find(|(word, _)| *word == w) else {
                    continue;
                };
                if seen_weapons.contains(canon)
                    || followed_by(
                        &c.tokens,
                        k,
                        &["launch", "site", "base", "footage", "video", "squad", "squads", "experts"],
                    )
                {
                    continue;
                }
                seen_weapons.push(canon);
                let start = modifier_start(&c.tokens, k);
                let generic_here = generic_from.is_some_and(|g| t.start > g);
                let idle = *idle_arms
                    .get_or_insert_with(|| tells_of_seized_arms(&c.lower) || weapon_inventory(c) || !tells_of_deed(c));
                // Another event's weapon is marked `other_event`, not background:
                // it is still a weapon of an attack the text reports.
                let bg = c.aggregate || generic_here || idle;
                push("weapon", &text[c.tokens[start].start..t.end], json!(canon), (c.tokens[start].start, t.end), bg);
            }
        }

        // Counts, and casualties in figures.
        for &n in &c.numbers {
            let num = &numbers[n];
            if num.ordinal {
                continue;
            }
            let (nb, ne) = (idx.byte_at(num.span.start), idx.byte_at(num.span.end));
            let unit = num.unit.as_deref().unwrap_or("");
            if rules::WEAPON_COUNT_UNITS.contains(&unit) {
                let end = unit_end(&c.tokens, ne, unit);
                push(&format!("{unit}_count"), &text[nb..end], number_json(num.value), (nb, end), figure_background);
                continue;
            }
            if let Some(field) = casualty_field(c, nb, ne, unit) {
                let end = unit_end(&c.tokens, ne, unit);
                // A toll in a sentence that names no attack may be another event's.
                push(field, &text[nb..end], number_json(num.value), (nb, end), figure_background || !c.eventful);
                continue;
            }
            if CONTEXT_UNITS.contains(&unit) {
                let end = unit_end(&c.tokens, ne, unit);
                push(&format!("{unit}_count"), &text[nb..end], number_json(num.value), (nb, end), true);
            }
        }

        // Casualty status in words.
        if let Some(m) = UNKNOWN_CASUALTIES.find(&c.lower) {
            let span = (c.start_b + m.start(), c.start_b + m.end());
            push("casualties_status", &text[span.0..span.1], json!("unknown"), span, off_event);
        } else if let Some(m) = NONE_REPORTED.find(&c.lower) {
            let span = (c.start_b + m.start(), c.start_b + m.end());
            let phrase = &text[span.0..span.1];
            let lower = phrase.to_lowercase();
            push("casualties_status", phrase, json!("none reported"), span, off_event);
            if !lower.contains("injur") && !lower.contains("hurt") || lower.contains("casualt") {
                push("killed", phrase, json!(0), span, off_event);
            }
            if !lower.contains("death") && !lower.contains("fatalit") && !lower.contains("killed")
                || lower.contains("casualt")
            {
                push("injured", phrase, json!(0), span, off_event);
            }
        }

        // Responsibility.
        if let Some(m) = NOT_CLAIMED.find(&c.lower) {
            let span = (c.start_b + m.start(), c.start_b + m.end());
            push("claimed", &text[span.0..span.1], json!(false), span, off_event);
        } else if let Some(m) = CLAIMED_BY.find(&c.lower) {
            let by = m.as_str() == "claimed by";
            let np = if by {
                np_after(text, c, c.start_b + m.end())
            } else {
                np_before_claim(text, c, c.start_b + m.start())
            };
            if let Some((s, e)) = np {
                let bg = off_event || c.aggregate || generic;
                push(
                    "claimed",
                    &text[c.start_b + m.start()..c.start_b + m.end()],
                    json!(true),
                    (c.start_b + m.start(), c.start_b + m.end()),
                    bg,
                );
                push("claimed_by", &text[s..e], json!(normalise_actor(&text[s..e])), (s, e), bg);
            }
        }
        for m in ATTRIBUTION.find_iter(&c.lower) {
            if let Some((s, e)) = np_after(text, c, c.start_b + m.end()) {
                let value = &text[s..e];
                // "accused X of": the actor ends before "of".
                let value = value.split(" of ").next().unwrap_or(value).trim();
                let e = s + value.len();
                if value.split_whitespace().count() == 0 || is_pronoun(value) {
                    continue;
                }
                push("attributed_to", value, json!(normalise_actor(value)), (s, e), off_event || generic);
            }
        }

        // Physical targets of the attack.
        if c.eventful {
            let mut seen: Vec<String> = Vec::new();
            let words: Vec<String> = c.tokens.iter().map(|t| t.lower()).collect();
            for (k, t) in c.tokens.iter().enumerate() {
                let w = t.lower();
                if !rules::TARGET_NOUNS.contains(&w.as_str()) || seen.contains(&w) {
                    continue;
                }
                let preceded = c.tokens[k.saturating_sub(6)..k].iter().any(|p| {
                    matches!(
                        p.lower().as_str(),
                        "at" | "on"
                            | "targeting"
                            | "targeted"
                            | "near"
                            | "hit"
                            | "struck"
                            | "against"
                            | "toward"
                            | "towards"
                            | "attacked"
                            | "stormed"
                    )
                });
                let posted = c.tokens[k.saturating_sub(4)..k]
                    .iter()
                    .any(|p| rules::TARGET_NON_CUES.contains(&p.lower().as_str()));
                // "killed at the airport": the scene of the killing, not a target.
                let start = modifier_start(&c.tokens, k);
                if !preceded || posted || crate::roles::scene_of_harm(&words, start) {
                    continue;
                }
                seen.push(w.clone());
                // Caseless copy: the modifiers and "of" complement as the role
                // patterns read them ("presidential residence", "headquarters of
                // the u.s. embassy").
                let start = start.min(crate::roles::target_modifiers_start(c, &words, k));
                let end = c.tokens[crate::roles::target_complement_end(c, &words, k)].end;
                push(
                    "target_physical",
                    &text[c.tokens[start].start..end],
                    json!(rules::singular(&w)),
                    (c.tokens[start].start, end),
                    c.aggregate || generic_from.is_some_and(|g| t.start > g),
                );
            }
        }
    }
    let tz = event.place.and_then(|p| places[p].timezone.as_deref());
    time_claims(idx, ctxs, times, tz, event, published, &mut out);
    out
}

/// Whether a sentence is off the report's own event (another day, another
/// country, a framing period) and, for figures, also whether it is a tally
/// or a generic statement: `(off_event, figure_background)`. Claims about
/// the state of things (responsibility, casualties) only fail the first;
/// figures, actors and targets fail the second.
pub(crate) fn sentence_background(c: &SentenceCtx, event: &EventSummary, places: &[PlaceMention]) -> (bool, bool) {
    let other_day = !on_event_day(c, &event.date);
    let off_event = other_day || other_country(c, event, places) || c.framed;
    (off_event, off_event || c.aggregate || c.generic)
}

/// Whether a sentence names places only in countries other than the event's.
pub(crate) fn other_country(c: &SentenceCtx, event: &EventSummary, places: &[PlaceMention]) -> bool {
    let event_country = event.place.and_then(|p| places[p].country_code.as_deref());
    event_country.is_some_and(|ec| {
        let codes: Vec<&str> = c.places.iter().filter_map(|&p| places[p].country_code.as_deref()).collect();
        !codes.is_empty() && !codes.contains(&ec)
    })
}

/// Date and time claims from the sentences about the event's own day.
fn time_claims(
    idx: &CharIndex,
    ctxs: &[SentenceCtx],
    times: &[TimeMention],
    timezone: Option<&str>,
    event: &EventSummary,
    published: Option<jiff::civil::Date>,
    out: &mut Vec<Claim>,
) {
    for c in ctxs
        .iter()
        .filter(|c| (c.eventful || c.index == 0) && !c.framed && !c.aggregate && on_event_day(c, &event.date))
    {
        for &t in &c.times {
            let tm = &times[t];
            if tm.frame || !matches!(tm.kind, TimexType::Date | TimexType::Time) || tm.value.ends_with("_REF") {
                continue;
            }
            // A time in another zone ("3:20 a.m. Lithuanian") says nothing of the event's clock.
            if tm.kind == TimexType::Time && tm.clock.is_none() {
                continue;
            }
            let mut push = |field: &str, normalized: Value| {
                out.push(Claim {
                    field: field.to_string(),
                    value: tm.text.clone(),
                    normalized,
                    span: tm.span,
                    sentence: c.index,
                    speaker: c.speaker.clone(),
                    background: false,
                    when: (!c.date.is_empty()).then_some(c.date),
                    other_event: false,
                });
            };
            if !tm.date.is_empty() {
                push("date", json!(tm.value));
            }
            if let Some(wd) = tm.date.weekday {
                push("weekday", json!(consilience_core::weekday_name(wd)));
            }
            if let Some(clock) = tm.clock {
                let hhmm = |k: ClockTime| format!("{:02}:{:02}", k.hour, k.minute);
                if clock.utc {
                    push("time_utc", json!({"value": hhmm(clock), "tolerance_minutes": clock.tolerance_minutes}));
                } else {
                    push("time_local", json!({"value": hhmm(clock), "tolerance_minutes": clock.tolerance_minutes}));
                    // A UTC time stated beside it wins over our conversion.
                    let stated_utc = c.times.iter().any(|&o| times[o].clock.is_some_and(|k| k.utc));
                    if !stated_utc {
                        if let Some(utc) = to_utc(clock, timezone, &event.date, published) {
                            push("time_utc", json!({"value": hhmm(utc), "tolerance_minutes": utc.tolerance_minutes}));
                        }
                    }
                }
            }
        }
    }
    let _ = idx;
}

fn is_pronoun(s: &str) -> bool {
    matches!(s.to_lowercase().as_str(), "it" | "them" | "him" | "her" | "they" | "us" | "this" | "that")
}

/// Whether a casualty word ties the number at bytes `nb..ne` to killed or injured.
fn casualty_field(c: &SentenceCtx, nb: usize, ne: usize, unit: &str) -> Option<&'static str> {
    if !PERSON_UNITS.contains(&unit) && !unit.is_empty() {
        return None;
    }
    let pos = c.tokens.iter().position(|t| t.start >= ne).unwrap_or(c.tokens.len());
    let before = c.tokens.iter().rposition(|t| t.end <= nb).map(|p| p + 1).unwrap_or(0);
    let after: Vec<String> = c.tokens[pos..(pos + 6).min(c.tokens.len())].iter().map(|t| t.lower()).collect();
    let prior: Vec<String> = c.tokens[before.saturating_sub(3)..before].iter().map(|t| t.lower()).collect();
    let kill =
        |w: &str| matches!(w, "killed" | "dead" | "died" | "deaths" | "death" | "killing" | "lives" | "fatalities");
    let hurt = |w: &str| matches!(w, "wounded" | "injured" | "hurt" | "injuring" | "wounding" | "injuries" | "injures");
    if unit == "death" || unit == "dead" {
        return Some("killed");
    }
    if unit.is_empty() {
        // "killing 12", "wounded 3": a bare number right after the verb.
        return match prior.last().map(String::as_str) {
            Some(w) if kill(w) => Some("killed"),
            Some(w) if hurt(w) => Some("injured"),
            _ => None,
        };
    }
    // The verb right before the figure governs it ("killing at least 7 and
    // wounding 12"); otherwise the words after it, then those before.
    match prior.last().map(String::as_str) {
        Some(w) if kill(w) => return Some("killed"),
        Some(w) if hurt(w) => return Some("injured"),
        _ => {}
    }
    for w in after.iter().chain(prior.iter().rev()) {
        if kill(w) {
            return Some("killed");
        }
        if hurt(w) {
            return Some("injured");
        }
    }
    None
}

/// Where the counted noun after a number ends (for the claim's value text).
fn unit_end(toks: &[crate::tokens::Token], after: usize, unit: &str) -> usize {
    toks.iter()
        .filter(|t| t.start >= after)
        .take(5)
        .find(|t| rules::singular(&t.lower()) == unit)
        .map(|t| t.end)
        .unwrap_or(after)
}

/// Start of the capitalised modifiers before token `k` ("Katyusha rockets", "US embassy").
fn modifier_start(toks: &[crate::tokens::Token], k: usize) -> usize {
    let mut s = k;
    while s > 0 && s + 3 > k {
        let p = &toks[s - 1];
        let lw = p.lower();
        let modifier = (p.is_capitalized() && p.is_word() && s - 1 > 0)
            || matches!(
                lw.as_str(),
                "us" | "u.s." | "american" | "diplomatic" | "military" | "air" | "car" | "roadside"
            );
        if !modifier {
            break;
        }
        s -= 1;
    }
    s
}

fn followed_by(toks: &[crate::tokens::Token], k: usize, words: &[&str]) -> bool {
    toks.get(k + 1).is_some_and(|t| words.contains(&t.lower().as_str()))
}

/// The noun phrase starting at byte `from`, up to punctuation or a clause word.
fn np_after(text: &str, c: &SentenceCtx, from: usize) -> Option<(usize, usize)> {
    let toks: Vec<&crate::tokens::Token> = c.tokens.iter().filter(|t| t.start >= from).collect();
    let mut end = None;
    for (i, t) in toks.iter().enumerate() {
        if i >= 10 || (!t.is_word() && t.text != "-") {
            break;
        }
        if i > 0
            && matches!(
                t.lower().as_str(),
                "for"
                    | "after"
                    | "but"
                    | "which"
                    | "who"
                    | "as"
                    | "because"
                    | "and"
                    | "while"
                    | "said"
                    | "says"
                    | "to"
                    | "over"
            )
        {
            break;
        }
        end = Some(t.end);
    }
    let start = toks.first()?.start;
    let end = end?;
    (end > start && text[start..end].chars().any(char::is_alphabetic)).then_some((start, end))
}

/// The actor before "claimed responsibility": capitalised words back to a stop.
fn np_before_claim(text: &str, c: &SentenceCtx, before: usize) -> Option<(usize, usize)> {
    let toks: Vec<&crate::tokens::Token> = c.tokens.iter().filter(|t| t.end <= before).collect();
    let mut start = None;
    for t in toks.iter().rev().take(8) {
        let lw = t.lower();
        if !t.is_word()
            || matches!(lw.as_str(), "has" | "have" | "had" | "later" | "quickly" | "immediately" | "also")
                && start.is_none()
        {
            if !t.is_word() {
                break;
            }
            continue;
        }
        if !(t.is_capitalized() || matches!(lw.as_str(), "of" | "the" | "al" | "in")) {
            break;
        }
        start = Some(t.start);
    }
    let s = start?;
    let e = toks.iter().rev().find(|t| t.is_word() && t.is_capitalized()).map(|t| t.end)?;
    (e > s).then(|| {
        let phrase = &text[s..e];
        let trimmed = phrase.trim_start_matches("The ").trim_start_matches("the ");
        (e - trimmed.len(), e)
    })
}

/// A grouping key for actors: lowercased, without articles or a trailing
/// "in <place>", fighters of any name as "group".
pub(crate) fn normalise_actor(s: &str) -> String {
    let lower = s.to_lowercase();
    let lower = lower.split(" in ").next().unwrap_or(&lower).to_string();
    lower
        .split_whitespace()
        .filter(|w| !matches!(*w, "the" | "a" | "an"))
        .map(|w| {
            let w = rules::singular(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'));
            match w.as_str() {
                "militia" | "militant" | "fighter" | "faction" | "proxy" | "rebel" => "group".to_string(),
                _ => w,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A count as JSON: an integer when it is whole ("3", not "3.0").
fn number_json(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}
