//! A batch is placed in one transaction without a savepoint per report;
//! when placing one fails, the batch is placed again with savepoints, so
//! the failing report leaves nothing and the others are stored as usual.
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_pipeline::{Engine, Outcome, PipelineError};

fn text(source: &str, body: &str) -> RawReport {
    RawReport {
        source: source.into(),
        kind: ContentKind::Text,
        bytes: body.as_bytes().to_vec(),
        meta: SourceMeta { published: Some("2024-05-14".into()), ..Default::default() },
    }
}

const WIRE: &str = "Car bomb kills seven at Mogadishu police checkpoint\n\n\
    MOGADISHU — A car bomb exploded at a police checkpoint in Mogadishu on Tuesday, killing seven people, \
    police said. The blast struck the Sayidka junction during the morning rush hour. Police officer Abdi \
    Hassan said the vehicle was packed with explosives and detonated as officers searched it. Al-Shabaab \
    claimed responsibility for the attack in a statement on its radio station.";

#[test]
fn a_report_that_fails_to_place_leaves_the_rest_of_its_batch() {
    let path = std::env::temp_dir().join(format!("consilience-batch-units-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    {
        let mut engine = Engine::open(&path).unwrap();
        assert!(matches!(engine.ingest(&text("wire.txt", WIRE)).unwrap(), Outcome::Added { .. }));
    }
    // The stored report's features no longer decode: whatever places a copy
    // of it (its neighbour) fails.
    rusqlite::Connection::open(&path).unwrap().execute("UPDATE reports SET features = 'not json'", []).unwrap();
    let copy = text("copy.txt", &format!("Share this story\n\n{WIRE}\n\nAll rights reserved."));
    let other = text(
        "floods.txt",
        "Monsoon floods in Dhaka\n\nHeavy monsoon rain flooded low-lying districts of Dhaka overnight, \
         forcing thousands of families from their homes near Narayanganj, the disaster ministry announced.",
    );
    let mut engine = Engine::open(&path).unwrap();
    let outcomes = engine.ingest_batch(&[other.clone(), copy.clone()]);
    assert!(matches!(outcomes[0], Ok(Outcome::Added { .. })), "{:?}", outcomes[0]);
    assert!(matches!(outcomes[1], Err(PipelineError::Store(_))), "{:?}", outcomes[1]);
    let stored = |raw: &RawReport| engine.store().has_report(&consilience_core::content_id(&raw.bytes)).unwrap();
    assert!(stored(&other), "the report placed before the failure is stored");
    assert!(!stored(&copy), "the failing report leaves nothing");
    let hits = engine.store().search("Narayanganj", "[", "]", 5).unwrap();
    assert_eq!(hits.len(), 1, "and its text is in the full-text index");
    drop(engine);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
