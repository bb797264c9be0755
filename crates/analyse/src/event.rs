//! The report's own event, told apart from events it mentions in passing:
//! the lead's date, clock time, place and type, and which sentences frame
//! background (tallies, "since October", another day, another country).
use crate::{rules, SentenceCtx};
use consilience_core::{ClockTime, DateFacets, EventSummary, PlaceMention, TimeMention, TimexType};

/// Sentences of the lead that fix the event's date and time.
const LEAD_EVENT_SENTENCES: usize = 3;

/// Marks the sentence's frame, aggregate and date facets.
pub(crate) fn classify_sentence(ctx: &mut SentenceCtx, times: &[TimeMention]) {
    for &t in &ctx.times {
        let tm = &times[t];
        if tm.frame || matches!(tm.kind, TimexType::Duration | TimexType::Set) {
            ctx.framed |= tm.frame;
            continue;
        }
        if tm.value.starts_with("PRESENT") || tm.value.starts_with("PAST") || tm.value.starts_with("FUTURE") {
            continue;
        }
        let d = tm.date;
        // Two different days in one sentence: the first one stands.
        if ctx.date.compatible(&d) {
            ctx.date.merge(&d);
        }
    }
    let l = &ctx.lower;
    ctx.framed |= rules::OTHER_TIME_MARKERS.iter().any(|m| l.contains(m));
    ctx.aggregate = rules::AGGREGATE_MARKERS.iter().any(|m| l.contains(m)) || tells_war_history(l);
    ctx.generic = crate::rules::GENERIC_PLURALS.iter().any(|g| l.contains(g));
    ctx.eventful = ctx.tokens.iter().any(|t| {
        let w = t.lower();
        rules::ATTACK_TRIGGERS.contains(&w.as_str()) || rules::WEAPONS.iter().any(|(k, _)| *k == w)
    });
}

/// Whether a (lowercased) sentence tells how a war began: context, not the event.
pub(crate) fn tells_war_history(l: &str) -> bool {
    l.contains("war") && ["began", "erupted", "started", "broke out"].iter().any(|v| l.contains(v))
}

/// Works out the report's own event from its lead.
pub(crate) fn summarise(
    text: &str,
    ctxs: &[SentenceCtx],
    times: &[TimeMention],
    places: &[PlaceMention],
    published: Option<jiff::civil::Date>,
) -> EventSummary {
    let mut summary = EventSummary::default();
    let lead: Vec<&SentenceCtx> =
        ctxs.iter().filter(|c| c.eventful && !c.framed && !c.aggregate).take(LEAD_EVENT_SENTENCES).collect();
    // Date: the dateline and lead sentences, first mention wins on conflict.
    if let Some(first) = ctxs.first() {
        if !first.eventful && !first.framed && !first.aggregate && looks_like_dateline(text, first) {
            summary.date.merge(&first.date);
        }
    }
    for c in &lead {
        if summary.date.compatible(&c.date) {
            summary.date.merge(&c.date);
        }
    }
    // Clock: the first in an eventful sentence on the event's day.
    for c in ctxs.iter().filter(|c| c.eventful && !c.framed && !c.aggregate && on_event_day(c, &summary.date)) {
        let clocks: Vec<&TimeMention> = c.times.iter().map(|&t| &times[t]).filter(|t| t.clock.is_some()).collect();
        if clocks.is_empty() {
            continue;
        }
        let local = clocks.iter().find(|t| !t.clock.is_some_and(|k| k.utc)).and_then(|t| t.clock);
        let utc = clocks.iter().find(|t| t.clock.is_some_and(|k| k.utc)).and_then(|t| t.clock);
        summary.time_local = local;
        summary.time_utc = utc;
        break;
    }
    // Place: the most specific place of the lead, else of the first sentences.
    let rank = |p: &PlaceMention| match p.feature.as_str() {
        "city" => 0,
        "site" => 1,
        "admin1" => 2,
        "region" => 3,
        _ => 4,
    };
    let window: Vec<&SentenceCtx> =
        if lead.iter().any(|c| !c.places.is_empty()) { lead.clone() } else { ctxs.iter().take(6).collect() };
    // A possessive before a word of policy ("Washington's support") names
    // a government, not the place of the event.
    let idx = consilience_core::text::CharIndex::new(text);
    let possessive = |p: &PlaceMention| {
        let rest = &text[idx.byte_at(p.span.end)..];
        let Some(after) = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix("’s ")) else {
            return false;
        };
        let next: String = after.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
        rules::METONYMY_NOUNS.contains(&next.as_str())
    };
    // A place named after a generic phrase ("under regular attacks due to
    // … Gaza") is context, not the event's place.
    let after_generic = |c: &SentenceCtx, p: &PlaceMention| {
        let at = idx.byte_at(p.span.start).saturating_sub(c.start_b);
        rules::GENERIC_PLURALS.iter().filter_map(|g| c.lower.find(g)).min().is_some_and(|g| at > g)
    };
    summary.place = window
        .iter()
        .flat_map(|c| c.places.iter().map(move |&p| (*c, p)))
        .min_by_key(|&(c, p)| {
            (after_generic(c, &places[p]), possessive(&places[p]), rank(&places[p]), places[p].span.start)
        })
        .map(|(_, p)| p);
    if summary.time_utc.is_none() {
        if let (Some(local), Some(p)) = (summary.time_local, summary.place) {
            summary.time_utc = to_utc(local, places[p].timezone.as_deref(), &summary.date, published);
        }
    }
    let (kind, sub) = event_type(ctxs, &lead);
    summary.event_type = kind;
    summary.sub_event_type = sub;
    summary
}

fn looks_like_dateline(text: &str, first: &SentenceCtx) -> bool {
    let mut end = first.end_b.min(first.start_b + 60);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[first.start_b..end];
    head.split([',', '(', ':']).next().is_some_and(|w| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    })
}

/// Whether a sentence can be about the event's day.
pub(crate) fn on_event_day(c: &SentenceCtx, event: &DateFacets) -> bool {
    c.date.is_empty() || (event.compatible(&c.date) && event.overlaps(&c.date))
}

/// Converts a local clock time to UTC with the place's time zone.
pub(crate) fn to_utc(
    local: ClockTime,
    tz: Option<&str>,
    date: &DateFacets,
    published: Option<jiff::civil::Date>,
) -> Option<ClockTime> {
    let tz = jiff::tz::TimeZone::get(tz?).ok()?;
    let day = match (date.year, date.month, date.day) {
        (Some(y), Some(m), Some(d)) => jiff::civil::date(y, m, d),
        _ => published.unwrap_or(jiff::civil::date(2020, 1, 15)),
    };
    let dt = day.at(local.hour, local.minute, 0, 0);
    let zoned = tz.to_ambiguous_zoned(dt).compatible().ok()?;
    let utc = zoned.with_time_zone(jiff::tz::TimeZone::UTC);
    Some(ClockTime { hour: utc.hour(), minute: utc.minute(), utc: true, tolerance_minutes: local.tolerance_minutes })
}

/// Event types (ACLED's where they apply) by trigger words of the lead.
const EVENT_TYPES: &[(&str, &str, &[&str])] = &[
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        &[
            "rocket",
            "rockets",
            "missile",
            "missiles",
            "mortar",
            "mortars",
            "shelling",
            "artillery",
            "katyusha",
            "salvoes",
        ],
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        &["airstrike", "airstrikes", "drone", "drones", "warplanes", "bombed"],
    ),
    ("Explosions/Remote violence", "Suicide bomb", &["suicide"]),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        &["ied", "landmine", "roadside", "explosive", "bomb", "blast", "explosion"],
    ),
    ("Battles", "Armed clash", &["clashes", "clashed", "fighting", "gunbattle", "firefight"]),
    (
        "Violence against civilians",
        "Attack",
        &["shooting", "gunman", "gunmen", "stabbing", "shot", "massacre", "stabbed", "opened fire"],
    ),
    ("Violence against civilians", "Abduction/forced disappearance", &["kidnapped", "abducted", "hostage"]),
    ("Protests", "Peaceful protest", &["protest", "protesters", "demonstrators", "rally", "march"]),
    ("Riots", "Violent demonstration", &["riot", "riots", "rioters", "looting"]),
    ("Strategic developments", "Arrests", &["arrested", "arrest", "detained", "charged"]),
    ("Disaster", "Earthquake", &["earthquake", "quake", "magnitude", "tremor"]),
    ("Disaster", "Fire", &["fire", "blaze", "wildfire"]),
];

fn event_type(ctxs: &[SentenceCtx], lead: &[&SentenceCtx]) -> (Option<String>, Option<String>) {
    let scope: Vec<&SentenceCtx> = if lead.is_empty() { ctxs.iter().take(3).collect() } else { lead.to_vec() };
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, _, words)) in EVENT_TYPES.iter().enumerate() {
        let hits: usize = scope
            .iter()
            .enumerate()
            .map(|(pos, c)| {
                let n = c.tokens.iter().filter(|t| words.contains(&t.lower().as_str())).count();
                n * (LEAD_EVENT_SENTENCES + 1 - pos.min(LEAD_EVENT_SENTENCES))
            })
            .sum();
        if hits > 0 && best.is_none_or(|(_, h)| hits > h) {
            best = Some((i, hits));
        }
    }
    match best {
        Some((i, _)) => (Some(EVENT_TYPES[i].0.to_string()), Some(EVENT_TYPES[i].1.to_string())),
        None => (None, None),
    }
}
