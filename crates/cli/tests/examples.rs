//! The engine on reports nobody tuned it to: the project's own example
//! reports (examples/reports) and generated rewordings of made-up
//! incidents. They pass because the engine is general, not because it
//! knows them.
mod common;

use common::*;
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_pipeline::{export, Engine};
use serde_json::Value;
use std::collections::BTreeSet;

fn names(inc: &Value) -> BTreeSet<String> {
    inc["reports"].as_array().unwrap().iter().map(|r| file_name(r["source"].as_str().unwrap())).collect()
}

fn holding<'a>(doc: &'a Value, file: &str) -> &'a Value {
    doc["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| names(i).contains(file))
        .unwrap_or_else(|| panic!("no incident holds {file}"))
}

#[test]
fn example_reports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex.db");
    let db = db.to_str().unwrap();
    let examples = examples();
    let out = run(&["--db", db, "ingest", examples.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("8 report(s) added"), "{summary}");
    let doc = run_json(&["--db", db, "export", "--format", "json"]);

    // The bombing: the wire, two copies, a translation and an independent report.
    let bombing = holding(&doc, "2024-05-14-meridian-wire.txt");
    let want: BTreeSet<String> = [
        "2024-05-14-meridian-wire.txt",
        "daily-herald.html",
        "portal-repost.txt",
        "translation.txt",
        "independent-report.txt",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(names(bombing), want);
    assert_eq!(bombing["independent_families"], 2, "copies are not independent confirmation");
    let families: BTreeSet<usize> =
        bombing["families"].as_array().unwrap().iter().map(|f| f.as_array().unwrap().len()).collect();
    assert_eq!(families, BTreeSet::from([1, 4]));
    assert_eq!(bombing["date"], "2024-05-14");
    assert_eq!(bombing["weekday"], "Tuesday");
    assert_eq!(bombing["time_utc"], "06:30");
    assert_eq!(bombing["place"]["name"], "Mogadishu");
    assert_eq!(bombing["place"]["country"], "Somalia");
    assert_eq!(bombing["title"], "Car bomb kills seven at Mogadishu police checkpoint");
    // The conflicting toll is shown, not resolved.
    let killed = &bombing["fields"]["killed"];
    assert_eq!(killed["status"], "disputed");
    let tolls: BTreeSet<i64> =
        killed["values"].as_array().unwrap().iter().map(|v| v["value"].as_f64().unwrap() as i64).collect();
    assert_eq!(tolls, BTreeSet::from([7, 9]));
    // Background figures are not fields.
    let numbers = incident_numbers(bombing);
    for bad in [10000.0, 2007.0, 15.0] {
        assert!(!numbers.contains(&bad), "background figure {bad} became a field");
    }

    // The look-alike (same city, same weapon, same kind of target, another
    // day) stays apart, and its follow-up from the feed joins it.
    let lookalike = holding(&doc, "lookalike-february.txt");
    assert_ne!(lookalike["id"], bombing["id"]);
    assert!(names(lookalike).contains("regional.jsonl#mogadishu-feb-followup"), "{:?}", names(lookalike));
    assert_eq!(lookalike["date"], "2024-02-03");
    assert_eq!(lookalike["weekday"], "Saturday");
    assert_eq!(lookalike["independent_families"], 2);
    // The protest is its own incident.
    let protest = holding(&doc, "regional.jsonl#nairobi-protest-0611");
    assert_eq!(names(protest).len(), 1);
    assert_eq!(protest["event_type"], "Protests");
    assert_eq!(doc["incidents"].as_array().unwrap().len(), 3);

    // Ingesting again changes nothing.
    let again = run(&["--db", db, "ingest", examples.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("0 report(s) added, 8 already stored"));
    let doc2 = run_json(&["--db", db, "export", "--format", "json"]);
    assert_eq!(doc, doc2);

    // The other export formats carry the same incidents.
    let csv = run(&["--db", db, "export", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("event_id_cnty,event_date,year,"));
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.contains("2024-05-14") && csv.contains("Mogadishu"));
    let geo = run_json(&["--db", db, "export", "--format", "geojson"]);
    assert_eq!(geo["features"].as_array().unwrap().len(), 3);
    let show = run(&["--db", db, "show", bombing["id"].as_str().unwrap()]);
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(show.contains("killed [disputed]") && show.contains("Madina hospital"), "{show}");
}

/// One made-up incident told in several wordings.
struct Story {
    city: &'static str,
    weekday: &'static str,
    weapon: &'static str,
    target: &'static str,
    dead: &'static str,
    official: &'static str,
}

fn tellings(s: &Story) -> Vec<String> {
    vec![
        format!(
            "{weapon_cap} attack on {target} in {city}\n\nAttackers hit a {target} in {city} with {weapon} on {weekday}, killing {dead} people, {official} said.\n\n\
             The {target} was badly damaged and roads around it were closed.\n\nNo group claimed responsibility for the attack.",
            weapon_cap = capitalise(s.weapon), target = s.target, city = s.city, weapon = s.weapon, weekday = s.weekday, dead = s.dead, official = s.official
        ),
        format!(
            "{dead_cap} dead in {city} {target} attack\n\n{dead_cap} people were killed when {weapon} struck a {target} in {city} on {weekday}, according to {official}.\n\n\
             Witnesses described panic as the {target} burned. Emergency services sealed off the area.",
            dead_cap = capitalise(s.dead), city = s.city, target = s.target, weapon = s.weapon, weekday = s.weekday, official = s.official
        ),
        format!(
            "{city}: {target} targeted\n\nOn {weekday}, {weapon} were used against a {target} in the city of {city}. {official_cap} told reporters {dead} people died.\n\n\
             Residents near the {target} said they heard several loud blasts.",
            city = s.city, target = s.target, weekday = s.weekday, weapon = s.weapon, official_cap = capitalise(s.official), dead = s.dead
        ),
    ]
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

#[test]
fn reworded_incidents_and_lookalikes() {
    let stories = [
        Story {
            city: "Kandahar",
            weekday: "Monday",
            weapon: "rockets",
            target: "police station",
            dead: "three",
            official: "a provincial spokesman",
        },
        // The look-alike: same city, weapon and target, another day.
        Story {
            city: "Kandahar",
            weekday: "Thursday",
            weapon: "rockets",
            target: "police station",
            dead: "five",
            official: "a provincial spokesman",
        },
        Story {
            city: "Maiduguri",
            weekday: "Saturday",
            weapon: "mortars",
            target: "market",
            dead: "eleven",
            official: "the army",
        },
    ];
    let mut engine = Engine::in_memory().unwrap();
    for (i, s) in stories.iter().enumerate() {
        for (j, text) in tellings(s).into_iter().enumerate() {
            let raw = RawReport {
                source: format!("story{i}-telling{j}.txt"),
                kind: ContentKind::Text,
                bytes: text.into_bytes(),
                meta: SourceMeta::default(),
            };
            engine.ingest(&raw).unwrap();
        }
    }
    let doc = export::document(engine.store()).unwrap();
    let groups: BTreeSet<BTreeSet<String>> = doc["incidents"].as_array().unwrap().iter().map(names).collect();
    let want: BTreeSet<BTreeSet<String>> =
        (0..3).map(|i| (0..3).map(|j| format!("story{i}-telling{j}.txt")).collect()).collect();
    assert_eq!(groups, want);
    for inc in doc["incidents"].as_array().unwrap() {
        // Three independent wordings, no copies among them.
        assert_eq!(inc["independent_families"], 3, "{}", inc["title"]);
        assert_eq!(inc["fields"]["killed"]["status"], "agreed", "{:#}", inc["fields"]["killed"]);
    }
}

#[test]
fn ingest_from_stdin() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("stdin.db");
    let feed = std::fs::read(examples().join("feeds/regional.jsonl")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_consilience"))
        .args(["--db", db.to_str().unwrap(), "ingest", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&feed).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = run_json(&["--db", db.to_str().unwrap(), "incidents", "--json"]);
    let sources: BTreeSet<String> = doc["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["reports"].as_array().unwrap().iter().map(|r| r["source"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(sources, BTreeSet::from(["-#mogadishu-feb-followup".to_string(), "-#nairobi-protest-0611".to_string()]));
}
