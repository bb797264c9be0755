//! Measuring the engine against gold incident clusters (ECB+ and alike):
//! the gold JSONL goes through [`Engine::ingest`], the same streaming path
//! `consilience ingest` runs, and the incidents it ends with are scored
//! with BCubed, pairwise F1 and the adjusted Rand index.
//!
//! ```
//! use consilience_pipeline::eval::scores;
//! let gold = [("a", "1"), ("b", "1"), ("c", "2")];
//! let pred = [("a", "x"), ("b", "x"), ("c", "y")];
//! let s = scores(&gold, &pred);
//! assert_eq!(s.bcubed_f1, 1.0);
//! assert_eq!(s.ari, 1.0);
//! ```
use crate::{Engine, Outcome, PipelineError, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Clustering scores, as `eval.py` of the ECB+ set computes them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Documents scored (the gold ones).
    pub docs: usize,
    /// Gold clusters.
    pub gold_clusters: usize,
    /// Predicted clusters.
    pub pred_clusters: usize,
    /// BCubed precision.
    pub bcubed_p: f64,
    /// BCubed recall.
    pub bcubed_r: f64,
    /// BCubed F1.
    pub bcubed_f1: f64,
    /// Pairwise precision.
    pub pair_p: f64,
    /// Pairwise recall.
    pub pair_r: f64,
    /// Pairwise F1.
    pub pair_f1: f64,
    /// Adjusted Rand index.
    pub ari: f64,
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "docs {}  gold clusters {}  predicted clusters {}",
            self.docs, self.gold_clusters, self.pred_clusters
        )?;
        writeln!(f, "BCubed    P {:.4}  R {:.4}  F1 {:.4}", self.bcubed_p, self.bcubed_r, self.bcubed_f1)?;
        writeln!(f, "pairwise  P {:.4}  R {:.4}  F1 {:.4}", self.pair_p, self.pair_r, self.pair_f1)?;
        write!(f, "ARI       {:.4}", self.ari)
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn pairs(n: f64) -> f64 {
    n * (n - 1.0) / 2.0
}

/// Scores predicted clusters against gold ones. Gold ids without a
/// prediction count as singletons; predicted ids not in gold are ignored.
pub fn scores<S: AsRef<str>>(gold: &[(S, S)], pred: &[(S, S)]) -> Scores {
    let pred: HashMap<&str, &str> = pred.iter().map(|(i, c)| (i.as_ref(), c.as_ref())).collect();
    let mut cells: HashMap<(&str, String), f64> = HashMap::new();
    let mut gsize: HashMap<&str, f64> = HashMap::new();
    let mut psize: HashMap<String, f64> = HashMap::new();
    for (id, g) in gold {
        let p = match pred.get(id.as_ref()) {
            Some(p) => format!("p:{p}"),
            None => format!("singleton:{}", id.as_ref()),
        };
        *cells.entry((g.as_ref(), p.clone())).or_default() += 1.0;
        *gsize.entry(g.as_ref()).or_default() += 1.0;
        *psize.entry(p).or_default() += 1.0;
    }
    let n = gold.len() as f64;
    if n == 0.0 {
        return Scores::default();
    }
    let (mut bp, mut br, mut tp) = (0.0, 0.0, 0.0);
    for ((g, p), &m) in &cells {
        bp += m * m / psize[p];
        br += m * m / gsize[g];
        tp += pairs(m);
    }
    let (bp, br) = (bp / n, br / n);
    let gp: f64 = gsize.values().map(|&s| pairs(s)).sum();
    let pp: f64 = psize.values().map(|&s| pairs(s)).sum();
    let pair_p = if pp > 0.0 { tp / pp } else { 1.0 };
    let pair_r = if gp > 0.0 { tp / gp } else { 1.0 };
    let total = pairs(n);
    let expected = if total > 0.0 { gp * pp / total } else { 0.0 };
    let max = (gp + pp) / 2.0;
    let ari = if max != expected { (tp - expected) / (max - expected) } else { 1.0 };
    Scores {
        docs: gold.len(),
        gold_clusters: gsize.len(),
        pred_clusters: psize.len(),
        bcubed_p: bp,
        bcubed_r: br,
        bcubed_f1: f1(bp, br),
        pair_p,
        pair_r,
        pair_f1: f1(pair_p, pair_r),
        ari,
    }
}

/// The seeded generator the shuffles use (kept here for the benches that import it).
pub use consilience_core::XorShift;

/// The gold clusters of a JSONL file: `(id, cluster)` per line with both.
pub fn read_gold(path: &Path) -> std::io::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).map_err(std::io::Error::other)?;
        let s = |k: &str| match &v[k] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            x => Some(x.to_string()),
        };
        if let (Some(id), Some(c)) = (s("id"), s("cluster")) {
            out.push((id, c));
        }
    }
    Ok(out)
}

/// What [`ingest_clusters`] ends with.
pub struct Run {
    /// `(gold id, incident id)` for every line that was stored.
    pub predictions: Vec<(String, String)>,
    /// Lines skipped (unreadable or empty).
    pub skipped: usize,
    /// Seconds spent ingesting.
    pub seconds: f64,
}

/// Ingests a JSONL file line by line through [`Engine::ingest`] (in file
/// order, or shuffled with `shuffle` as seed) and reads back which incident
/// each line ended in. A line's id is what follows `#` in its source.
pub fn ingest_clusters(engine: &mut Engine, path: &Path, shuffle: Option<u64>) -> Result<Run> {
    let mut items = consilience_ingest::read_file(path);
    if let Some(seed) = shuffle {
        XorShift::new(seed).shuffle(&mut items);
    }
    let started = std::time::Instant::now();
    let mut report_of: BTreeMap<String, String> = BTreeMap::new();
    let mut skipped = 0;
    for item in items {
        let raw = match item {
            Ok(r) => r,
            Err(_) => {
                skipped += 1;
                continue;
            }
        };
        let id = raw.source.rsplit_once('#').map(|(_, id)| id.to_string()).unwrap_or_else(|| raw.source.clone());
        match engine.ingest(&raw) {
            Ok(Outcome::Added { report, .. }) | Ok(Outcome::Duplicate { report }) => {
                report_of.insert(id, report);
            }
            Err(PipelineError::Input(_)) => skipped += 1,
            Err(e) => return Err(e),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut predictions = Vec::new();
    for (id, report) in report_of {
        if let Some(inc) = engine.store().report(&report)?.and_then(|r| r.incident) {
            predictions.push((id, inc.to_string()));
        }
    }
    Ok(Run { predictions, skipped, seconds })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_match_eval_py_on_a_small_case() {
        // gold: {a,b,c} {d,e}; pred: {a,b} {c,d,e}
        let gold = [("a", "1"), ("b", "1"), ("c", "1"), ("d", "2"), ("e", "2")];
        let pred = [("a", "x"), ("b", "x"), ("c", "y"), ("d", "y"), ("e", "y")];
        let s = scores(&gold, &pred);
        // BCubed P: a,b 1; c 1/3; d,e 2/3 → (2 + 1/3 + 4/3)/5
        assert!((s.bcubed_p - (2.0 + 1.0 / 3.0 + 4.0 / 3.0) / 5.0).abs() < 1e-9);
        // pairwise: tp = 1 + 1 = 2; pred pairs 1 + 3 = 4; gold pairs 3 + 1 = 4
        assert!((s.pair_f1 - 0.5).abs() < 1e-9);
        assert!(s.ari < 0.5);
    }

    #[test]
    fn shuffle_is_seeded() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        XorShift::new(7).shuffle(&mut a);
        XorShift::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..50).collect::<Vec<_>>());
    }
}
