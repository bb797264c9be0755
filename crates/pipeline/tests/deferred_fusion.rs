//! A big incident is not fused again after every batch that changes it:
//! its record may lag its reports until the changes reach a quarter of them.
//! What a reader sees is current all the same, and `fuse_pending` leaves
//! every stored record current.
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_pipeline::{export, Engine};
use serde_json::Value;

const WIRE: &str = "Car bomb kills seven at Mogadishu police checkpoint\n\n\
    MOGADISHU — A car bomb exploded at a police checkpoint in Mogadishu on Tuesday, killing seven people, \
    police said. The blast struck the Sayidka junction during the morning rush hour. Police officer Abdi \
    Hassan said the vehicle was packed with explosives and detonated as officers searched it. Al-Shabaab \
    claimed responsibility for the attack in a statement on its radio station.";

/// The wire story as site `i` republished it.
fn copy(i: usize) -> RawReport {
    RawReport {
        source: format!("site-{i}.txt"),
        kind: ContentKind::Text,
        bytes: format!("{WIRE}\n\nRepublished by news site number {i}.").into_bytes(),
        meta: SourceMeta { published: Some("2024-05-14".into()), ..Default::default() },
    }
}

fn report_count(record: &Value) -> usize {
    record["reports"].as_array().map_or(0, Vec::len)
}

#[test]
fn a_big_incident_is_fused_again_once_its_changes_reach_a_share_of_it() {
    let mut engine = Engine::in_memory().unwrap();
    let first: Vec<RawReport> = (0..100).map(copy).collect();
    let incident = match engine.ingest_batch(&first).pop().unwrap().unwrap() {
        consilience_pipeline::Outcome::Added { incident, .. } => incident,
        other => panic!("{other:?}"),
    };
    let stored = |engine: &Engine| engine.store().incident(incident).unwrap().unwrap();
    assert_eq!(stored(&engine).pending, 0, "an incident of 100 is fused at the end of its batch");
    assert_eq!(engine.store().incidents().unwrap().len(), 1, "copies make one incident");

    // Five more: a twentieth of the fused reports, so the fusion waits.
    let more: Vec<RawReport> = (100..105).map(copy).collect();
    for outcome in engine.ingest_batch(&more) {
        outcome.unwrap();
    }
    let row = stored(&engine);
    assert_eq!(row.pending, 5);
    let lagging: Value = serde_json::from_str(&row.record).unwrap();
    assert_eq!(report_count(&lagging), 100, "the stored record lags");
    let seen = export::incident_json(engine.store(), incident).unwrap().unwrap();
    assert_eq!(report_count(&seen), 105, "what a reader sees does not");
    let (listed, _) = engine.store().incidents_page(&Default::default(), 0, 10).unwrap();
    assert_eq!(listed[0].pending, 5);

    assert_eq!(engine.fuse_pending().unwrap(), 1);
    let row = stored(&engine);
    assert_eq!(row.pending, 0);
    let current: Value = serde_json::from_str(&row.record).unwrap();
    assert_eq!(report_count(&current), 105, "fuse_pending brings the record up to date");
    let mut without_history = seen.clone();
    without_history.as_object_mut().unwrap().remove("history");
    assert_eq!(current, without_history, "and it is what the reader saw");
    let history = engine.store().history(incident).unwrap();
    let last = history.last().unwrap();
    assert!(last.changed.contains(&"reports".to_string()), "{last:?}");
    assert_eq!(last.report.as_deref(), Some(consilience_core::content_id(&copy(104).bytes).as_str()));
    assert_eq!(engine.fuse_pending().unwrap(), 0, "nothing is left pending");

    // Changes past a quarter of the fused reports fuse it at once.
    let many: Vec<RawReport> = (105..135).map(copy).collect();
    for outcome in engine.ingest_batch(&many) {
        outcome.unwrap();
    }
    assert_eq!(stored(&engine).pending, 0);
    assert_eq!(report_count(&serde_json::from_str(&stored(&engine).record).unwrap()), 135);
}
