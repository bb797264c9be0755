//! The public shapes of incidents: the JSON document of the contract
//! (`export --format json`, `incidents --json`, the API), CSV with ACLED's
//! column names, and GeoJSON.
use consilience_fuse::Fused;
use consilience_store::{ReportRow, Store, StoreError};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The stored record of one incident: the contract's incident object
/// without `history` (added when read).
pub fn incident_record(id: i64, fused: &Fused, reports: &[&ReportRow]) -> Value {
    let mut families: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in reports {
        families.entry(r.family.as_str()).or_default().push(r.id.as_str());
    }
    let mut family_lists: Vec<Vec<&str>> = families
        .into_values()
        .map(|mut v| {
            v.sort_unstable();
            v
        })
        .collect();
    family_lists.sort();
    let mut sorted: Vec<&&ReportRow> = reports.iter().collect();
    sorted.sort_by_key(|a| a.seq);
    let report_list: Vec<Value> = sorted
        .iter()
        .map(|r| {
            json!({
                "id": r.id, "source": r.source, "url": r.body.url, "title": r.body.title,
                "outlet": r.body.outlet, "published": r.body.published, "family": r.family,
            })
        })
        .collect();
    json!({
        "id": id.to_string(),
        "title": fused.title,
        "event_type": fused.event_type,
        "sub_event_type": fused.sub_event_type,
        "date": fused.date,
        "date_range": fused.date_range,
        "weekday": fused.weekday,
        "time_utc": fused.time_utc,
        "place": fused.place,
        "reports": report_list,
        "families": family_lists,
        "independent_families": fused.independent_families,
        "fields": fused.fields,
    })
}

/// Top-level keys and field names whose values differ between two records.
pub fn changed_keys(before: &Value, after: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let empty = Map::new();
    let b = before.as_object().unwrap_or(&empty);
    let a = after.as_object().unwrap_or(&empty);
    for (k, v) in a {
        if k == "fields" {
            let bf = b.get("fields").and_then(Value::as_object).unwrap_or(&empty);
            let af = v.as_object().unwrap_or(&empty);
            for (f, fv) in af {
                if bf.get(f).map(strip_evidence) != Some(strip_evidence(fv)) {
                    out.push(format!("fields.{f}"));
                }
            }
            for f in bf.keys() {
                if !af.contains_key(f) {
                    out.push(format!("fields.{f}"));
                }
            }
        } else if k != "id" && b.get(k) != Some(v) {
            out.push(k.clone());
        }
    }
    out
}

/// A field's values and status without the evidence (which changes with
/// every supporting report and is not a change of value).
fn strip_evidence(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(values) = v.get_mut("values").and_then(Value::as_array_mut) {
        for x in values {
            if let Some(o) = x.as_object_mut() {
                o.remove("evidence");
                o.remove("reports");
            }
        }
    }
    v
}

/// One incident as in the contract, history included: always current, even
/// while its stored record lags its reports (a deferred fusion).
pub fn incident_json(store: &Store, id: i64) -> Result<Option<Value>, StoreError> {
    let Some(row) = store.incident(id)? else { return Ok(None) };
    // A record whose fusion was deferred lags its reports: fuse it afresh.
    let mut record: Value = if row.pending > 0 {
        crate::fused_record(store, id)?.0
    } else {
        serde_json::from_str(&row.record)
            .map_err(|e| StoreError::Corrupt { what: format!("record of incident {id}"), reason: e.to_string() })?
    };
    let history: Vec<Value> =
        store.history(id)?.into_iter().map(|h| json!({"at": h.at, "report": h.report, "changed": h.changed})).collect();
    record["history"] = Value::Array(history);
    Ok(Some(record))
}

/// All incidents, newest first, as the contract's document.
pub fn document(store: &Store) -> Result<Value, StoreError> {
    let mut list = Vec::new();
    for row in store.incidents()? {
        if let Some(v) = incident_json(store, row.id)? {
            list.push(v);
        }
    }
    Ok(json!({ "incidents": list }))
}

/// ACLED's columns, then ours.
pub const CSV_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "independent_families",
    "disputed_fields",
    "report_ids",
];

/// All incidents as CSV (ACLED's column names where they apply).
pub fn csv(store: &Store) -> Result<String, StoreError> {
    let doc = document(store)?;
    let mut out = String::new();
    out.push_str(&CSV_COLUMNS.join(","));
    out.push('\n');
    for inc in doc["incidents"].as_array().into_iter().flatten() {
        out.push_str(&csv_row(inc).iter().map(|c| csv_escape(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    Ok(out)
}

/// One CSV row for an incident object.
pub fn csv_row(inc: &Value) -> Vec<String> {
    let s = |v: &Value| v.as_str().map(str::to_string).unwrap_or_default();
    let fields = &inc["fields"];
    let top = |f: &str| {
        fields[f]["values"].get(0).map(|v| v["text"].as_str().unwrap_or_default().to_string()).unwrap_or_default()
    };
    let date = s(&inc["date"]);
    let (year, precision) = match date.get(..4) {
        Some(y) => (y.to_string(), "1".to_string()),
        None => (String::new(), "3".to_string()),
    };
    let place = &inc["place"];
    // ACLED's fatalities: the most conservative figure; we keep the dispute
    // elsewhere and put the lowest supported number here.
    let fatalities = fields["killed"]["values"]
        .as_array()
        .and_then(|vs| vs.iter().filter_map(|v| v["value"].as_f64()).reduce(f64::min))
        .map(|f| format!("{f}"))
        .unwrap_or_default();
    let mut outlets: Vec<String> = inc["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["outlet"].as_str().map(str::to_string))
        .collect();
    let disputed: Vec<String> = disputed_fields(inc).into_iter().cloned().collect();
    let report_ids: Vec<String> =
        inc["reports"].as_array().into_iter().flatten().filter_map(|r| r["id"].as_str().map(str::to_string)).collect();
    let event_type = s(&inc["event_type"]);
    let disorder = match event_type.as_str() {
        "Protests" | "Riots" => "Demonstrations",
        "Battles" | "Explosions/Remote violence" | "Violence against civilians" => "Political violence",
        "Strategic developments" => "Strategic developments",
        _ => "",
    };
    outlets.sort();
    outlets.dedup();
    vec![
        s(&inc["id"]),
        date,
        year,
        precision,
        disorder.to_string(),
        event_type,
        s(&inc["sub_event_type"]),
        top("perpetrator_organization"),
        String::new(),
        String::new(),
        top("target_human"),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        s(&place["country"]),
        s(&place["admin1"]),
        String::new(),
        String::new(),
        s(&place["name"]),
        place["lat"].as_f64().map(|v| format!("{v:.4}")).unwrap_or_default(),
        place["lon"].as_f64().map(|v| format!("{v:.4}")).unwrap_or_default(),
        if place.is_null() { String::new() } else { "1".into() },
        outlets.join("; "),
        String::new(),
        s(&inc["title"]),
        fatalities,
        String::new(),
        String::new(),
        inc["independent_families"].to_string(),
        disputed.join(";"),
        report_ids.join(";"),
    ]
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// All placed incidents as a GeoJSON FeatureCollection.
pub fn geojson(store: &Store) -> Result<Value, StoreError> {
    let doc = document(store)?;
    let features: Vec<Value> = doc["incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|inc| inc["place"].is_object())
        .map(|inc| {
            let p = &inc["place"];
            let disputed = disputed_fields(inc);
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
                "properties": {
                    "id": inc["id"], "title": inc["title"], "event_type": inc["event_type"], "date": inc["date"],
                    "weekday": inc["weekday"], "time_utc": inc["time_utc"], "place": p["name"], "country": p["country"],
                    "independent_families": inc["independent_families"], "reports": inc["reports"].as_array().map(Vec::len),
                    "disputed_fields": disputed,
                }
            })
        })
        .collect();
    Ok(json!({"type": "FeatureCollection", "features": features}))
}

/// Names of an incident object's disputed fields.
pub fn disputed_fields(inc: &Value) -> Vec<&String> {
    inc["fields"].as_object().into_iter().flatten().filter(|(_, f)| f["status"] == "disputed").map(|(k, _)| k).collect()
}
