//! The first acceptance test: the five seed reports in ../shared/seeds, and
//! every expectation of ../shared/seeds/expected.json, checked through the
//! public contract (`ingest`, `export --format json`, `extract --json`).
mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// "000_4d07f30f24df0013.txt" → "000".
fn key(source: &str) -> String {
    file_name(source).chars().take(3).collect()
}

fn top_value<'a>(incident: &'a Value, field: &str) -> &'a Value {
    &incident["fields"][field]["values"][0]["value"]
}

#[test]
fn seeds_give_the_expected_incidents() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(seeds.join("expected.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    let db = db.to_str().unwrap();
    let out = run(&["--db", db, "ingest", seeds.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = run_json(&["--db", db, "export", "--format", "json"]);
    let incidents = doc["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), expected["incidents"].as_array().unwrap().len(), "{doc:#}");

    for exp in expected["incidents"].as_array().unwrap() {
        let name = exp["key"].as_str().unwrap();
        let want: BTreeSet<String> =
            exp["reports"].as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
        let inc = incidents
            .iter()
            .find(|i| {
                i["reports"].as_array().unwrap().iter().any(|r| want.contains(&key(r["source"].as_str().unwrap())))
            })
            .unwrap_or_else(|| panic!("incident {name}: none holds its reports"));
        let by_id: BTreeMap<String, String> = inc["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].as_str().unwrap().to_string(), key(r["source"].as_str().unwrap())))
            .collect();
        let got: BTreeSet<String> = by_id.values().cloned().collect();
        assert_eq!(got, want, "incident {name}: reports");

        // Families, as sets of seed keys.
        let families: BTreeSet<BTreeSet<String>> = inc["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_array().unwrap().iter().map(|id| by_id[id.as_str().unwrap()].clone()).collect())
            .collect();
        let want_families: BTreeSet<BTreeSet<String>> = exp["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect())
            .collect();
        assert_eq!(families, want_families, "incident {name}: families");
        assert_eq!(inc["independent_families"], exp["independent_families"], "incident {name}: independent families");

        if let Some(date) = exp["date"].as_str() {
            assert_eq!(inc["date"].as_str(), Some(date), "incident {name}: date");
        }
        if let Some(latest) = exp["date_must_not_be_after"].as_str() {
            if let Some(d) = inc["date"].as_str() {
                assert!(d <= latest, "incident {name}: date {d} after {latest}");
            }
        }
        assert_eq!(inc["weekday"], exp["weekday"], "incident {name}: weekday");
        if let Some(t) = exp["time_utc"].as_str() {
            let minutes = |s: &str| {
                let (h, m) = s.split_once(':').unwrap();
                h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
            };
            let got = inc["time_utc"].as_str().unwrap_or_else(|| panic!("incident {name}: no time_utc"));
            let tol = exp["time_tolerance_minutes"].as_i64().unwrap_or(0);
            assert!((minutes(got) - minutes(t)).abs() <= tol, "incident {name}: time {got} vs {t}");
        }
        let place = &exp["place"];
        let p = &inc["place"];
        assert_eq!(p["country"], place["country"], "incident {name}: country");
        assert_eq!(p["name"], place["name"], "incident {name}: place name");
        let d = km(
            p["lat"].as_f64().unwrap(),
            p["lon"].as_f64().unwrap(),
            place["lat"].as_f64().unwrap(),
            place["lon"].as_f64().unwrap(),
        );
        assert!(d <= place["tolerance_km"].as_f64().unwrap(), "incident {name}: place {d:.0} km off");

        assert_eq!(top_value(inc, "weapon"), &exp["weapon"], "incident {name}: weapon");

        if let Some(rc) = exp.get("rocket_count") {
            let field = &inc["fields"]["rocket_count"];
            assert_eq!(field["status"], rc["status"], "incident {name}: rocket_count status: {field:#}");
            let values: BTreeSet<i64> =
                field["values"].as_array().unwrap().iter().map(|v| v["value"].as_f64().unwrap() as i64).collect();
            let want: BTreeSet<i64> = rc["values"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
            assert_eq!(values, want, "incident {name}: rocket counts");
            // Shown side by side with their speakers.
            for v in field["values"].as_array().unwrap() {
                assert!(
                    v["evidence"].as_array().unwrap().iter().any(|e| e["speaker"].is_string()),
                    "count {v} has no speaker"
                );
            }
        }

        let cas = &exp["casualties"];
        let status = inc["fields"]["casualties_status"]["values"][0].clone();
        assert_eq!(status["value"], cas["status"], "incident {name}: casualties status");
        if let Some(k) = cas.get("killed") {
            assert_eq!(top_value(inc, "killed").as_f64(), k.as_f64(), "incident {name}: killed");
            assert_ne!(inc["fields"]["killed"]["status"], "disputed", "incident {name}: killed disputed");
        }
        if let Some(k) = cas.get("injured") {
            assert_eq!(top_value(inc, "injured").as_f64(), k.as_f64(), "incident {name}: injured");
        }
        if let Some(sup) = cas.get("supporting_reports") {
            let got: BTreeSet<String> =
                status["reports"].as_array().unwrap().iter().map(|r| by_id[r.as_str().unwrap()].clone()).collect();
            let want: BTreeSet<String> =
                sup.as_array().unwrap().iter().map(|r| r.as_str().unwrap().to_string()).collect();
            assert_eq!(got, want, "incident {name}: casualty support");
        }

        let resp = &exp["responsibility"];
        assert_eq!(top_value(inc, "claimed"), &resp["claimed"], "incident {name}: claimed");
        assert_eq!(inc["fields"]["claimed"]["values"].as_array().unwrap().len(), 1, "incident {name}: claimed values");
        let needle = resp["attributed_to_contains"].as_str().unwrap();
        let attributed: Vec<&str> = inc["fields"]["attributed_to"]["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["text"].as_str())
            .collect();
        assert!(
            attributed.iter().any(|a| a.contains(needle)),
            "incident {name}: attributed_to {attributed:?} lacks {needle}"
        );

        if let Some(bad) = exp["must_not_be_incident_values"].as_array() {
            let numbers = incident_numbers(inc);
            for b in bad {
                let b = b.as_f64().unwrap();
                assert!(!numbers.contains(&b), "incident {name}: background figure {b} became a field value");
            }
        }
        // Every value links to its sentence.
        for (field, f) in inc["fields"].as_object().unwrap() {
            for v in f["values"].as_array().unwrap() {
                for e in v["evidence"].as_array().unwrap() {
                    assert!(!e["sentence"].as_str().unwrap().is_empty(), "{field}: empty evidence");
                }
            }
        }
    }
}

#[test]
fn seed_bodies_and_titles() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(seeds.join("expected.json")).unwrap()).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for f in files {
        let k = key(f.to_str().unwrap());
        let doc = run_json(&["extract", f.to_str().unwrap(), "--json"]);
        for field in ["title", "body", "published", "dateline", "outlet", "author", "url", "lang"] {
            assert!(doc.get(field).is_some(), "{k}: extract --json lacks {field}");
        }
        assert_eq!(doc["title"], expected["titles"][&k], "{k}: title");
        let body = doc["body"].as_str().unwrap();
        for bad in expected["boilerplate_absent_from_bodies"].as_array().unwrap() {
            assert!(!body.contains(bad.as_str().unwrap()), "{k}: body keeps {bad}");
        }
        let must = expected["sentences_present_in_bodies"][&k].as_str().unwrap();
        assert!(body.contains(must), "{k}: body lost {must:?}");
        if let Some(t) = doc["title"].as_str() {
            assert_eq!(body.matches(t).count(), 0, "{k}: title repeated in body");
        }
    }
}
