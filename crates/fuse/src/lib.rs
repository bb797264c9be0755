//! The fuse stage: one incident's claims, from all its reports, become one
//! record. Per field, every value with the independent families behind it,
//! the evidence sentences and their speakers, and a status:
//! `agreed` (one value, two or more families), `single-source` (one value,
//! one family), `disputed` (values disagree: shown side by side, never
//! resolved), `unknown` (no claim).
//!
//! How values group and what counts as disagreement depends on the field
//! ([`Strategy`]): counts are exact, times agree within their tolerance,
//! "casualties not yet known" does not contradict "none reported", and a
//! weapon list is a set rather than a choice.
//!
//! Background claims, and claims from sentences dated to another day than
//! the incident, never enter a field.
#![warn(missing_docs)]

use consilience_core::{Analysis, Claim, DateFacets};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One member report of the incident, as fusion needs it.
pub struct Member<'a> {
    /// Report id.
    pub report: &'a str,
    /// Copy family key (reports of one family share it).
    pub family: &'a str,
    /// Publish date or datetime (ISO), if known.
    pub published: Option<&'a str>,
    /// Title, if any.
    pub title: Option<&'a str>,
    /// The story text the analysis offsets refer to.
    pub body: &'a str,
    /// The analysis of `body`.
    pub analysis: &'a Analysis,
}

/// Status of a fused field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// One value, supported by two or more independent families.
    Agreed,
    /// One value, from one family.
    SingleSource,
    /// Values that disagree.
    Disputed,
    /// No claim.
    Unknown,
}

/// One sentence behind a value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Report id.
    pub report: String,
    /// The sentence's text.
    pub sentence: String,
    /// Start of the sentence in the report's body (characters).
    pub start: usize,
    /// End of the sentence in the report's body (characters).
    pub end: usize,
    /// The value's own span in the body.
    pub value_start: usize,
    /// End of the value's span.
    pub value_end: usize,
    /// The value as written there.
    pub text: String,
    /// Who said it; absent when the outlet says it itself.
    pub speaker: Option<String>,
}

/// One value of a field and its support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusedValue {
    /// The normalised value (a number, a boolean, a word, a time).
    pub value: Value,
    /// The value as most often written.
    pub text: String,
    /// Independent families supporting it.
    pub families: usize,
    /// Reports supporting it.
    pub reports: Vec<String>,
    /// The sentences behind it.
    pub evidence: Vec<Evidence>,
}

/// All values of one field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusedField {
    /// Agreement status.
    pub status: Status,
    /// Values, best supported first.
    pub values: Vec<FusedValue>,
}

/// The incident's place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusedPlace {
    /// Place name.
    pub name: String,
    /// First-level administrative area.
    pub admin1: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// The fused record of one incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fused {
    /// Headline for the incident.
    pub title: Option<String>,
    /// Event type (ACLED's where it applies).
    pub event_type: Option<String>,
    /// Sub-event type.
    pub sub_event_type: Option<String>,
    /// The event's date when it is pinned down (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Earliest and latest possible date when only a range is known.
    pub date_range: Option<[String; 2]>,
    /// The event's weekday, if known.
    pub weekday: Option<String>,
    /// The event's time in UTC (`HH:MM`), if known.
    pub time_utc: Option<String>,
    /// The event's place.
    pub place: Option<FusedPlace>,
    /// Fields by name.
    pub fields: BTreeMap<String, FusedField>,
    /// Number of independent copy families among the reports.
    pub independent_families: usize,
}

/// How a field's values group and disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// One true value: two different values are a dispute.
    Single,
    /// Clock times: values within their tolerance are one value.
    Clock,
    /// A set (weapons, targets): several values can all be true.
    Set,
    /// Status words where "unknown" contradicts nothing.
    StatusWord,
}

/// The strategy for a field name.
pub fn strategy(field: &str) -> Strategy {
    match field {
        "time_utc" | "time_local" => Strategy::Clock,
        "weapon" | "target_physical" | "target_human" | "date" => Strategy::Set,
        "casualties_status" => Strategy::StatusWord,
        _ => Strategy::Single,
    }
}

/// Fuses the members of one incident. `today` bounds dates when no member
/// has a publish date.
pub fn fuse(members: &[Member], today: jiff::civil::Date) -> Fused {
    let mut members: Vec<&Member> = members.iter().collect();
    members.sort_by(|a, b| a.report.cmp(b.report));
    let families: BTreeSet<&str> = members.iter().map(|m| m.family).collect();
    let (date_facets, date_conflict) = fuse_date(&members);
    let upper = members
        .iter()
        .filter_map(|m| m.published.and_then(|p| p.get(..10)).and_then(|d| d.parse::<jiff::civil::Date>().ok()))
        .max()
        .unwrap_or(today);
    let resolved = resolve_year(&date_facets, upper);
    let mut fields: BTreeMap<String, FusedField> = BTreeMap::new();
    let mut grouped: BTreeMap<String, Vec<(&Member, &Claim)>> = BTreeMap::new();
    for m in &members {
        for c in &m.analysis.claims {
            if c.background || c.other_event {
                continue;
            }
            // A sentence dated to a day must be dated to the incident's day.
            if c.when.is_some_and(|when| !(date_facets.compatible(&when) && date_facets.overlaps(&when))) {
                continue;
            }
            grouped.entry(c.field.clone()).or_default().push((m, c));
        }
    }
    for (field, claims) in grouped {
        fields.insert(field.clone(), fuse_field(&field, &claims));
    }
    if date_conflict {
        if let Some(f) = fields.get_mut("date") {
            f.status = Status::Disputed;
        }
    }
    let time_utc = fields
        .get("time_utc")
        .and_then(|f| f.values.first())
        .and_then(|v| v.value.get("value"))
        .and_then(Value::as_str)
        .map(str::to_string);
    Fused {
        title: pick_title(&members),
        event_type: majority(&members, |m| m.analysis.event.event_type.clone()),
        sub_event_type: majority(&members, |m| m.analysis.event.sub_event_type.clone()),
        date: resolved.map(|d| d.to_string()),
        date_range: None,
        weekday: date_facets
            .weekday
            .or(resolved.map(|d| d.weekday().to_monday_one_offset()))
            .map(|w| consilience_core::weekday_name(w).to_string()),
        time_utc,
        place: fuse_place(&members),
        fields,
        independent_families: families.len(),
    }
}

/// The event date from the members' own: the most specific ones first,
/// merging what is compatible; a member that conflicts marks a dispute.
fn fuse_date(members: &[&Member]) -> (DateFacets, bool) {
    let mut facets: Vec<(usize, &str, DateFacets)> = members
        .iter()
        .map(|m| m.analysis.event.date)
        .zip(members.iter().map(|m| m.report))
        .filter(|(d, _)| !d.is_empty())
        .map(|(d, r)| {
            let known = [d.year.is_some(), d.month.is_some(), d.day.is_some(), d.weekday.is_some()]
                .iter()
                .filter(|b| **b)
                .count();
            (known, r, d)
        })
        .collect();
    facets.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut merged = DateFacets::default();
    let mut conflict = false;
    for (_, _, d) in facets {
        if merged.compatible(&d) {
            merged.merge(&d);
        } else {
            conflict = true;
        }
    }
    (merged, conflict)
}

/// A full date when the parts allow it: a month and day without a year
/// take the latest year not after `upper` (whose weekday matches, if one is
/// known).
fn resolve_year(d: &DateFacets, upper: jiff::civil::Date) -> Option<jiff::civil::Date> {
    let (month, day) = (d.month?, d.day?);
    let years: Vec<i16> = match d.year {
        Some(y) => vec![y],
        None => (0..40).map(|k| upper.year() - k).collect(),
    };
    for y in years {
        let Ok(date) = jiff::civil::Date::new(y, month, day) else { continue };
        if d.year.is_none() && date > upper {
            continue;
        }
        if d.weekday.is_some_and(|w| date.weekday().to_monday_one_offset() != w) {
            if d.year.is_some() {
                return None;
            }
            continue;
        }
        return Some(date);
    }
    None
}

fn fuse_field(field: &str, claims: &[(&Member, &Claim)]) -> FusedField {
    let strategy = strategy(field);
    // Group claims by value.
    let mut groups: Vec<(Value, Vec<(&Member, &Claim)>)> = Vec::new();
    match strategy {
        Strategy::Clock => {
            let minutes = |c: &Claim| clock_minutes(&c.normalized);
            let mut sorted: Vec<(&Member, &Claim)> =
                claims.iter().copied().filter(|(_, c)| minutes(c).is_some()).collect();
            // Most precise first: it represents its group.
            sorted.sort_by_key(|(m, c)| (minutes(c).map(|x| x.1).unwrap_or(999), m.report.to_string(), c.span.start));
            for (m, c) in sorted {
                let (t, tol) = minutes(c).unwrap();
                let home = groups.iter_mut().find(|(rep, _)| {
                    let (rt, rtol) = clock_minutes(rep).unwrap();
                    let diff = (t - rt).rem_euclid(1440).min((rt - t).rem_euclid(1440));
                    diff <= (tol + rtol).max(20)
                });
                match home {
                    Some((_, list)) => list.push((m, c)),
                    None => groups.push((c.normalized.clone(), vec![(m, c)])),
                }
            }
        }
        _ => {
            for &(m, c) in claims {
                let key = c.normalized.clone();
                match groups.iter_mut().find(|(v, _)| *v == key) {
                    Some((_, list)) => list.push((m, c)),
                    None => groups.push((key, vec![(m, c)])),
                }
            }
        }
    }
    let mut values: Vec<FusedValue> = groups.into_iter().map(|(value, list)| fused_value(value, &list)).collect();
    values.sort_by(|a, b| {
        b.families
            .cmp(&a.families)
            .then(b.reports.len().cmp(&a.reports.len()))
            .then(a.value.to_string().cmp(&b.value.to_string()))
    });
    let contested: Vec<&FusedValue> =
        values.iter().filter(|v| !(strategy == Strategy::StatusWord && v.value == "unknown")).collect();
    let status = if values.is_empty() {
        Status::Unknown
    } else if strategy != Strategy::Set && contested.len() > 1 {
        Status::Disputed
    } else {
        let top = contested.first().copied().unwrap_or(&values[0]);
        if top.families >= 2 {
            Status::Agreed
        } else {
            Status::SingleSource
        }
    };
    // A "not yet known" alone says nothing is known.
    let status = if contested.is_empty() && !values.is_empty() { Status::Unknown } else { status };
    FusedField { status, values }
}

fn fused_value(value: Value, list: &[(&Member, &Claim)]) -> FusedValue {
    let families: BTreeSet<&str> = list.iter().map(|(m, _)| m.family).collect();
    let reports: BTreeSet<String> = list.iter().map(|(m, _)| m.report.to_string()).collect();
    let mut texts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, c) in list {
        *texts.entry(c.value.as_str()).or_default() += 1;
    }
    let text =
        texts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(t, _)| t.to_string()).unwrap_or_default();
    // One entry per sentence of a report; and a sentence that copies of one
    // family repeat word for word, from the same speaker, is shown once
    // (from the first of them): a wire story republished a thousand times
    // has one sentence behind its value, not a thousand.
    let mut seen_sentences = BTreeSet::new();
    let mut seen_in_family: BTreeSet<(&str, String, Option<&str>)> = BTreeSet::new();
    let evidence = list
        .iter()
        .filter(|(m, c)| seen_sentences.insert((m.report, c.sentence)))
        .filter_map(|(m, c)| {
            let s = m.analysis.sentences.get(c.sentence).copied().unwrap_or(c.span);
            let sentence: String = m.body.chars().skip(s.start).take(s.end - s.start).collect();
            if !seen_in_family.insert((m.family, sentence.clone(), c.speaker.as_deref())) {
                return None;
            }
            Some(Evidence {
                report: m.report.to_string(),
                sentence,
                start: s.start,
                end: s.end,
                value_start: c.span.start,
                value_end: c.span.end,
                text: c.value.clone(),
                speaker: c.speaker.clone(),
            })
        })
        .collect();
    FusedValue { value, text, families: families.len(), reports: reports.into_iter().collect(), evidence }
}

/// (minutes after midnight, tolerance) of a normalised clock value.
fn clock_minutes(v: &Value) -> Option<(i32, i32)> {
    let s = v.get("value")?.as_str()?;
    let (h, m) = s.split_once(':')?;
    let tol = v.get("tolerance_minutes").and_then(Value::as_i64).unwrap_or(15) as i32;
    Some((h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?, tol))
}

fn pick_title(members: &[&Member]) -> Option<String> {
    members
        .iter()
        .filter(|m| m.title.is_some())
        .min_by(|a, b| {
            let key = |m: &Member| (m.published.is_none(), m.published.map(str::to_string), m.report.to_string());
            key(a).cmp(&key(b))
        })
        .and_then(|m| m.title.map(str::to_string))
}

/// The value most families give (ties broken by the value itself).
fn majority(members: &[&Member], get: impl Fn(&Member) -> Option<String>) -> Option<String> {
    let mut support: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for m in members {
        if let Some(v) = get(m) {
            support.entry(v).or_default().insert(m.family);
        }
    }
    support.into_iter().max_by(|a, b| a.1.len().cmp(&b.1.len()).then(b.0.cmp(&a.0))).map(|(v, _)| v)
}

fn fuse_place(members: &[&Member]) -> Option<FusedPlace> {
    let mut support: BTreeMap<String, (BTreeSet<&str>, usize, FusedPlace)> = BTreeMap::new();
    for m in members {
        let Some(p) = m.analysis.event.place.and_then(|i| m.analysis.places.get(i)) else { continue };
        let rank = match p.feature.as_str() {
            "city" => 0,
            "site" => 1,
            "admin1" => 2,
            _ => 3,
        };
        let entry = support.entry(p.name.clone()).or_insert_with(|| {
            (
                BTreeSet::new(),
                rank,
                FusedPlace {
                    name: p.name.clone(),
                    admin1: p.admin1.clone(),
                    country: p.country.clone(),
                    lat: p.lat,
                    lon: p.lon,
                },
            )
        });
        entry.0.insert(m.family);
    }
    support
        .into_values()
        .max_by(|a, b| a.0.len().cmp(&b.0.len()).then(b.1.cmp(&a.1)).then(b.2.name.cmp(&a.2.name)))
        .map(|(_, _, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use consilience_core::{EventSummary, Span};
    use serde_json::json;

    fn claim(field: &str, value: &str, normalized: Value, speaker: Option<&str>) -> Claim {
        Claim {
            field: field.into(),
            value: value.into(),
            normalized,
            span: Span::new(0, 4),
            sentence: 0,
            speaker: speaker.map(str::to_string),
            background: false,
            when: None,
            other_event: false,
        }
    }

    fn analysis(claims: Vec<Claim>, date: DateFacets) -> Analysis {
        Analysis {
            sentences: vec![Span::new(0, 10)],
            claims,
            event: EventSummary { date, ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn counts_from_different_speakers_are_disputed_and_times_agree_within_tolerance() {
        let friday = DateFacets { weekday: Some(5), ..Default::default() };
        let dec8 = DateFacets { month: Some(12), day: Some(8), weekday: Some(5), ..Default::default() };
        let a = analysis(
            vec![
                claim("rocket_count", "three rockets", json!(3.0), Some("an official")),
                claim("time_utc", "0115 GMT", json!({"value":"01:15","tolerance_minutes":5}), None),
                claim("casualties_status", "not clear", json!("unknown"), None),
            ],
            friday,
        );
        let b = analysis(
            vec![
                claim("rocket_count", "two rockets", json!(2.0), Some("a spokesman")),
                claim("time_utc", "around 4am", json!({"value":"01:00","tolerance_minutes":30}), None),
                claim("casualties_status", "no casualties", json!("none reported"), None),
            ],
            dec8,
        );
        let members = [
            Member {
                report: "a",
                family: "a",
                published: Some("2024-08-16T09:00:00"),
                title: Some("A"),
                body: "0123456789",
                analysis: &a,
            },
            Member { report: "b", family: "b", published: None, title: None, body: "0123456789", analysis: &b },
        ];
        let fused = fuse(&members, jiff::civil::date(2026, 1, 1));
        assert_eq!(fused.fields["rocket_count"].status, Status::Disputed);
        assert_eq!(fused.fields["rocket_count"].values.len(), 2);
        assert_eq!(fused.fields["time_utc"].status, Status::Agreed);
        assert_eq!(fused.time_utc.as_deref(), Some("01:15"));
        assert_eq!(fused.fields["casualties_status"].status, Status::SingleSource);
        assert_eq!(fused.fields["casualties_status"].values[0].value, json!("none reported"));
        assert_eq!(fused.date.as_deref(), Some("2023-12-08"));
        assert_eq!(fused.weekday.as_deref(), Some("Friday"));
        assert_eq!(fused.independent_families, 2);
    }

    #[test]
    fn a_sentence_repeated_by_copies_of_one_family_is_shown_once() {
        let said = |speaker| analysis(vec![claim("killed", "seven", json!(7), speaker)], DateFacets::default());
        let (wire, copy, rewrite, quoted) = (said(None), said(None), said(None), said(Some("police")));
        let member =
            |report, family, body, analysis| Member { report, family, published: None, title: None, body, analysis };
        let members = [
            member("a", "wire", "Seven died", &wire),
            member("b", "wire", "Seven died", &copy),
            member("c", "wire", "Seven were", &rewrite),
            member("d", "wire", "Seven died", &quoted),
            member("e", "other", "Seven died", &copy),
        ];
        let fused = fuse(&members, jiff::civil::date(2026, 1, 1));
        let value = &fused.fields["killed"].values[0];
        assert_eq!(value.reports, ["a", "b", "c", "d", "e"], "every report still supports it");
        assert_eq!(value.families, 2);
        let shown: Vec<&str> = value.evidence.iter().map(|e| e.report.as_str()).collect();
        // b repeats a word for word; c words it otherwise, d has a speaker,
        // e is another family.
        assert_eq!(shown, ["a", "c", "d", "e"]);
    }

    #[test]
    fn claims_dated_to_another_day_stay_out() {
        let friday = DateFacets { weekday: Some(5), ..Default::default() };
        let mut other = claim("killed", "no casualties", json!(0), None);
        other.when = Some(DateFacets { weekday: Some(3), ..Default::default() });
        let a = analysis(vec![other], friday);
        let members =
            [Member { report: "a", family: "a", published: None, title: None, body: "0123456789", analysis: &a }];
        let fused = fuse(&members, jiff::civil::date(2026, 1, 1));
        assert!(!fused.fields.contains_key("killed"));
    }

    #[test]
    fn year_of_a_weekday_date() {
        let d = DateFacets { month: Some(12), day: Some(8), weekday: Some(5), year: None };
        assert_eq!(resolve_year(&d, jiff::civil::date(2024, 8, 16)), Some(jiff::civil::date(2023, 12, 8)));
        assert_eq!(
            resolve_year(&DateFacets { weekday: Some(7), ..Default::default() }, jiff::civil::date(2024, 1, 1)),
            None
        );
    }
}
