//! Streaming must not depend on arrival order: the seeds in all 120 orders
//! give the same incidents, families and fused dates.
mod common;

use consilience_pipeline::{export, Engine};
use std::collections::BTreeSet;
use std::path::PathBuf;

type Signature = BTreeSet<(Vec<String>, Vec<Vec<String>>, String, String, String)>;

fn signature(engine: &Engine) -> Signature {
    let doc = export::document(engine.store()).unwrap();
    let mut out = BTreeSet::new();
    for inc in doc["incidents"].as_array().unwrap() {
        let name = |id: &str| {
            let r = inc["reports"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap();
            common::file_name(r["source"].as_str().unwrap())
        };
        let mut reports: Vec<String> =
            inc["reports"].as_array().unwrap().iter().map(|r| name(r["id"].as_str().unwrap())).collect();
        reports.sort();
        let mut families: Vec<Vec<String>> = inc["families"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let mut v: Vec<String> = f.as_array().unwrap().iter().map(|id| name(id.as_str().unwrap())).collect();
                v.sort();
                v
            })
            .collect();
        families.sort();
        let s = |k: &str| inc[k].as_str().unwrap_or("-").to_string();
        out.insert((reports, families, s("date"), s("weekday"), s("time_utc")));
    }
    out
}

fn permutations(n: usize) -> Vec<Vec<usize>> {
    if n == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for p in permutations(n - 1) {
        for i in 0..=p.len() {
            let mut q = p.clone();
            q.insert(i, n - 1);
            out.push(q);
        }
    }
    out
}

/// The seed reports, in file-name order (`None` when ../shared is absent).
fn seed_reports() -> Option<Vec<consilience_core::RawReport>> {
    let shared = common::shared()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    Some(files.iter().map(|f| consilience_ingest::read_file(f).remove(0).unwrap()).collect())
}

#[test]
fn seeds_in_every_order_give_the_same_incidents() {
    let Some(raws) = seed_reports() else { return };
    let orders = permutations(raws.len());
    assert_eq!(orders.len(), 120);
    let mut first: Option<Signature> = None;
    for order in orders {
        let mut engine = Engine::in_memory().unwrap();
        for &i in &order {
            engine.ingest(&raws[i]).unwrap();
        }
        let sig = signature(&engine);
        match &first {
            None => {
                assert_eq!(sig.len(), 2, "{sig:?}");
                first = Some(sig);
            }
            Some(f) => assert_eq!(&sig, f, "order {order:?} differs"),
        }
    }
}

/// A batch (workers extracting in parallel, one transaction) gives what
/// one-by-one ingestion gives; a duplicate and an unusable report in it
/// are answered alone and leave the others stored.
#[test]
fn a_batch_gives_the_incidents_of_one_by_one_ingestion() {
    let Some(raws) = seed_reports() else { return };
    let mut one_by_one = Engine::in_memory().unwrap();
    for raw in &raws {
        one_by_one.ingest(raw).unwrap();
    }
    let mut batch = raws.clone();
    let mut empty = raws[0].clone();
    empty.bytes = b"   ".to_vec();
    batch.insert(2, empty);
    batch.push(raws[1].clone());
    let mut engine = Engine::in_memory().unwrap();
    let outcomes = engine.ingest_batch(&batch);
    assert_eq!(outcomes.len(), batch.len());
    assert!(matches!(outcomes[2], Err(consilience_pipeline::PipelineError::Input(_))), "{:?}", outcomes[2]);
    assert!(matches!(outcomes.last(), Some(Ok(consilience_pipeline::Outcome::Duplicate { .. }))));
    assert_eq!(outcomes.iter().filter(|o| matches!(o, Ok(consilience_pipeline::Outcome::Added { .. }))).count(), 5);
    assert_eq!(signature(&engine), signature(&one_by_one));
}
