//! Helpers shared by the end-to-end tests: run the binary, find ../shared.
#![allow(dead_code)]
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `shared` folder beside the repository (CI has it there too).
/// Returns `None` (and says so) when it is absent outside CI.
pub fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("seeds").is_dir() {
        return Some(dir.canonicalize().unwrap());
    }
    if std::env::var_os("CI").is_some() {
        panic!("../shared is missing: CI must have it beside the clone");
    }
    eprintln!("note: {} not found; test skipped", dir.display());
    None
}

/// The repository's own example reports.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/reports").canonicalize().unwrap()
}

/// Runs `consilience` with `args`, returning its output.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_consilience")).args(args).output().expect("consilience runs")
}

/// Runs `consilience` and parses its stdout as JSON, failing on a non-zero exit.
pub fn run_json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(out.status.success(), "consilience {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// The file name of a report's source (`…/001_abc.txt` → `001_abc.txt`).
pub fn file_name(source: &str) -> String {
    source.rsplit('/').next().unwrap_or(source).to_string()
}

/// Great-circle distance in km.
pub fn km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (a1, o1, a2, o2) = (lat1.to_radians(), lon1.to_radians(), lat2.to_radians(), lon2.to_radians());
    let h = ((a2 - a1) / 2.0).sin().powi(2) + a1.cos() * a2.cos() * ((o2 - o1) / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().asin()
}

/// Every numeric value of the count, killed and injured fields of an incident.
pub fn incident_numbers(incident: &Value) -> Vec<f64> {
    let mut out = Vec::new();
    for (name, field) in incident["fields"].as_object().into_iter().flatten() {
        if name.ends_with("_count") || name == "killed" || name == "injured" {
            for v in field["values"].as_array().into_iter().flatten() {
                if let Some(n) = v["value"].as_f64() {
                    out.push(n);
                }
            }
        }
    }
    out
}
