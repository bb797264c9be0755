//! Runs place finding over a gold JSONL (`{"id","text",...}` per line) and writes predictions
//! in the format `shared/data/geo/geo_eval.py` reads: `{"id","places":[{"start","end","lat","lon",...}]}`.
//!
//! Usage: geo_eval GOLD.jsonl PRED.jsonl   (gazetteer from $CONSILIENCE_GAZETTEER or assets/)
use consilience_analyse::places::{find_places, Gazetteer};
use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: geo_eval GOLD.jsonl PRED.jsonl");
        std::process::exit(2);
    }
    let t0 = std::time::Instant::now();
    let gaz = Gazetteer::load_default()?;
    let load = t0.elapsed();
    let input = std::io::BufReader::new(std::fs::File::open(&args[1])?);
    let mut out = BufWriter::new(std::fs::File::create(&args[2])?);
    let t1 = std::time::Instant::now();
    let (mut docs, mut chars) = (0usize, 0usize);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let d: serde_json::Value = serde_json::from_str(&line)?;
        let text = d["text"].as_str().unwrap_or("");
        let places = find_places(text, &gaz);
        docs += 1;
        chars += text.chars().count();
        let places: Vec<serde_json::Value> = places
            .iter()
            .map(|p| {
                serde_json::json!({"start": p.span.start, "end": p.span.end, "text": p.text,
                    "name": p.name, "lat": p.lat, "lon": p.lon, "country": p.country,
                    "admin1": p.admin1, "geonameid": p.geonameid, "feature": p.feature})
            })
            .collect();
        writeln!(out, "{}", serde_json::json!({"id": d["id"], "places": places}))?;
    }
    let run = t1.elapsed();
    eprintln!(
        "gazetteer: {} entries loaded in {:.3} s; {} docs ({} chars) in {:.3} s ({:.0} docs/s)",
        gaz.len(),
        load.as_secs_f64(),
        docs,
        chars,
        run.as_secs_f64(),
        docs as f64 / run.as_secs_f64().max(1e-9)
    );
    Ok(())
}
