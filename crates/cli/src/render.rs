//! Text renderings for the terminal: incident tables and pages, bodies,
//! analyses. JSON shapes live in the pipeline's `export` module.
use consilience_core::{Analysis, Body};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// A table of incidents: id, date, place, reports, families, title.
pub fn incident_table(doc: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>5}  {:<10}  {:<9}  {:<18}  {:>7}  {:>8}  TITLE",
        "ID", "DATE", "WEEKDAY", "PLACE", "REPORTS", "FAMILIES"
    );
    for inc in doc["incidents"].as_array().into_iter().flatten() {
        let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
        let _ = writeln!(
            out,
            "{:>5}  {:<10}  {:<9}  {:<18}  {:>7}  {:>8}  {}",
            s(&inc["id"]),
            s(&inc["date"]),
            s(&inc["weekday"]),
            truncate(&s(&inc["place"]["name"]), 18),
            inc["reports"].as_array().map(Vec::len).unwrap_or(0),
            inc["independent_families"],
            truncate(&s(&inc["title"]), 60)
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// Reports' sources (path or URL) by id, to name them on the page.
pub fn sources_of(store: &consilience_store::Store, inc: &Value) -> anyhow::Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for r in inc["reports"].as_array().into_iter().flatten() {
        if let Some(id) = r["id"].as_str() {
            if let Some(row) = store.report(id)? {
                out.insert(id.to_string(), row.source);
            }
        }
    }
    Ok(out)
}

/// One incident as a page of text.
pub fn incident_page(inc: &Value, sources: &HashMap<String, String>) -> String {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    let short = |id: &str| id.chars().take(8).collect::<String>();
    let name = |id: &str| {
        let src = sources.get(id).map(|s| s.rsplit('/').next().unwrap_or(s).to_string()).unwrap_or_default();
        format!("{} ({src})", short(id))
    };
    let mut out = String::new();
    let _ = writeln!(out, "Incident {}: {}", s(&inc["id"]), s(&inc["title"]));
    let _ = writeln!(out, "  type:     {} / {}", s(&inc["event_type"]), s(&inc["sub_event_type"]));
    let _ = writeln!(out, "  date:     {}  ({})", s(&inc["date"]), s(&inc["weekday"]));
    let _ = writeln!(out, "  time UTC: {}", s(&inc["time_utc"]));
    let p = &inc["place"];
    if p.is_object() {
        let _ = writeln!(
            out,
            "  place:    {}, {} ({:.2}, {:.2})",
            s(&p["name"]),
            s(&p["country"]),
            p["lat"].as_f64().unwrap_or(0.0),
            p["lon"].as_f64().unwrap_or(0.0)
        );
    } else {
        let _ = writeln!(out, "  place:    -");
    }
    let _ = writeln!(
        out,
        "\nReports ({}), independent families: {}",
        inc["reports"].as_array().map(Vec::len).unwrap_or(0),
        inc["independent_families"]
    );
    for (i, fam) in inc["families"].as_array().into_iter().flatten().enumerate() {
        let members: Vec<String> = fam.as_array().into_iter().flatten().filter_map(Value::as_str).map(name).collect();
        let _ = writeln!(out, "  family {}: {}", i + 1, members.join(", "));
    }
    let _ = writeln!(out, "\nFields");
    for (field, f) in inc["fields"].as_object().into_iter().flatten() {
        let _ = writeln!(out, "  {field} [{}]", s(&f["status"]));
        for v in f["values"].as_array().into_iter().flatten() {
            let value = match &v["value"] {
                Value::Object(o) => o.get("value").map(|x| x.as_str().unwrap_or("").to_string()).unwrap_or_default(),
                other => other.to_string().trim_matches('"').to_string(),
            };
            let _ = writeln!(
                out,
                "    = {value}  (\"{}\"; {} famil{})",
                s(&v["text"]),
                v["families"],
                if v["families"] == 1 { "y" } else { "ies" }
            );
            for e in v["evidence"].as_array().into_iter().flatten() {
                let who = e["speaker"].as_str().map(|sp| format!("{sp}, via ")).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "        {who}{}: {}",
                    name(e["report"].as_str().unwrap_or("")),
                    truncate(&s(&e["sentence"]), 150)
                );
            }
        }
    }
    let hist = inc["history"].as_array().cloned().unwrap_or_default();
    if !hist.is_empty() {
        let _ = writeln!(out, "\nHistory");
        for h in hist {
            let changed: Vec<String> =
                h["changed"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
            let _ = writeln!(
                out,
                "  {}  {}  {}",
                s(&h["at"]),
                name(h["report"].as_str().unwrap_or("")),
                changed.join(", ")
            );
        }
    }
    out
}

/// A body as text: metadata lines, then the story.
pub fn body_text(b: &Body) -> String {
    let mut out = String::new();
    for (k, v) in [
        ("title", &b.title),
        ("published", &b.published),
        ("dateline", &b.dateline),
        ("outlet", &b.outlet),
        ("author", &b.author),
        ("url", &b.url),
        ("lang", &b.lang),
    ] {
        if let Some(v) = v {
            let _ = writeln!(out, "{k}: {v}");
        }
    }
    out.push('\n');
    out.push_str(&b.body);
    out
}

/// The contract's `analyze --json` shape.
pub fn analysis_json(_text: &str, a: &Analysis) -> Value {
    json!({
        "sentences": a.sentences.iter().map(|s| json!({"start": s.start, "end": s.end})).collect::<Vec<_>>(),
        "times": a.times.iter().map(|t| json!({"start": t.span.start, "end": t.span.end, "text": t.text, "value": t.value, "type": t.kind})).collect::<Vec<_>>(),
        "numbers": a.numbers.iter().map(|n| json!({"start": n.span.start, "end": n.span.end, "text": n.text, "value": n.value, "approx": n.approx, "unit": n.unit})).collect::<Vec<_>>(),
        "places": a.places.iter().map(|p| json!({"start": p.span.start, "end": p.span.end, "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country, "admin1": p.admin1, "geonameid": p.geonameid, "feature": p.feature})).collect::<Vec<_>>(),
        "claims": a.claims.iter().map(|c| json!({"field": c.field, "value": c.value, "normalized": c.normalized, "start": c.span.start, "end": c.span.end, "sentence": c.sentence, "speaker": c.speaker, "background": c.background, "other_event": c.other_event})).collect::<Vec<_>>(),
        "event": a.event,
    })
}

/// The analysis as text.
pub fn analysis_text(text: &str, a: &Analysis) -> String {
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| chars[s.min(chars.len())..e.min(chars.len())].iter().collect::<String>();
    let mut out = String::new();
    let _ = writeln!(out, "{} sentences", a.sentences.len());
    let _ = writeln!(out, "\ntimes:");
    for t in &a.times {
        let _ = writeln!(out, "  {:<30} {}", t.text, t.value);
    }
    let _ = writeln!(out, "\nnumbers:");
    for n in &a.numbers {
        let _ = writeln!(
            out,
            "  {:<30} {}{} {}",
            n.text,
            n.value,
            if n.approx { " (approx)" } else { "" },
            n.unit.as_deref().unwrap_or("")
        );
    }
    let _ = writeln!(out, "\nplaces:");
    for p in &a.places {
        let _ = writeln!(
            out,
            "  {:<30} {}, {} ({:.2}, {:.2})",
            slice(p.span.start, p.span.end),
            p.name,
            p.country.as_deref().unwrap_or("-"),
            p.lat,
            p.lon
        );
    }
    let _ = writeln!(out, "\nclaims:");
    for c in &a.claims {
        let _ = writeln!(
            out,
            "  {:<18} {:<32} {}{}",
            c.field,
            truncate(&c.value, 32),
            c.speaker.as_deref().map(|s| format!("[{s}] ")).unwrap_or_default(),
            if c.background { "(background)" } else { "" }
        );
    }
    out
}
