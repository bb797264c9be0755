//! Runs the analyser over MUC-4 documents (GRIT's JSON lines: `{"docid","doctext",...}`)
//! and writes role-filler predictions in the form `shared/data/muc4/muc4_eval.py` reads:
//! `{docid: {role: [[mention, ...], ...]}}`, from the non-background claims of
//! [`Analyser::analyse`] (the same analysis `consilience analyze` prints).
//!
//! Claims are grouped into entities by their normalised value (as fusion groups
//! them); each entity is written with its first mention, the text as it
//! stands in the document.
//!
//! Usage: muc4_eval DOCS.json PRED.json   (gazetteer from $CONSILIENCE_GAZETTEER or assets/)
use consilience_analyse::{places::Gazetteer, Analyser};
use std::io::BufRead;

/// Claim fields and the MUC-4 roles they fill.
const ROLES: &[(&str, &str)] = &[
    ("perpetrator_individual", "PerpInd"),
    ("perpetrator_organization", "PerpOrg"),
    ("target_physical", "Target"),
    ("target_human", "Victim"),
    ("weapon", "Weapon"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: muc4_eval DOCS.json PRED.json");
        std::process::exit(2);
    }
    let gaz = match Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("muc4_eval: no gazetteer ({e}); places unresolved");
            Gazetteer::empty()
        }
    };
    let analyser = Analyser::new(&gaz);
    let input = std::io::BufReader::new(std::fs::File::open(&args[1])?);
    let mut out = serde_json::Map::new();
    let t0 = std::time::Instant::now();
    let (mut docs, mut chars) = (0usize, 0usize);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let d: serde_json::Value = serde_json::from_str(&line)?;
        let text = d["doctext"].as_str().unwrap_or("");
        let analysis = analyser.analyse(text, None);
        docs += 1;
        chars += text.chars().count();
        let mut roles = serde_json::Map::new();
        for (field, role) in ROLES {
            let mut keys: Vec<String> = Vec::new();
            let mut entities: Vec<Vec<String>> = Vec::new();
            for c in analysis.claims.iter().filter(|c| c.field == *field && !c.background) {
                let key = match &c.normalized {
                    serde_json::Value::String(s) => s.clone(),
                    _ => c.value.to_lowercase(),
                };
                if !keys.contains(&key) {
                    keys.push(key);
                    entities.push(vec![c.value.clone()]);
                }
            }
            roles.insert(role.to_string(), serde_json::json!(entities));
        }
        out.insert(d["docid"].as_str().unwrap_or("").to_string(), serde_json::Value::Object(roles));
    }
    let secs = t0.elapsed().as_secs_f64();
    std::fs::write(&args[2], serde_json::to_string_pretty(&out)?)?;
    eprintln!(
        "muc4_eval: {docs} docs ({chars} chars) analysed in {secs:.3} s: {:.0} reports/s on one core",
        docs as f64 / secs.max(1e-9)
    );
    Ok(())
}
