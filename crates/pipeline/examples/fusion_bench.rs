//! What a report costs to place as the incident it joins grows: one wire
//! story republished by ever more sites, through `Engine::ingest_batch`.
//!
//!     cargo run --release -p consilience-pipeline --example fusion_bench -- [SIZES] [BATCH]
//!
//! For each size in `SIZES` (comma-separated, default `100,1000,4000`) the
//! incident is grown to that many reports, then a quarter as many more (at
//! least `4 * BATCH`) are placed (batches of `BATCH`, default 100) and timed: the placing thread's CPU
//! per report (from /proc) and the fusion stage's share of placing. Fusing
//! an incident reads all its reports, so without a bound on how often a big
//! one is fused again its cost per report grows with its size.
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_pipeline::Engine;
use std::time::Duration;
use support::cpu_secs;

mod support;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WIRE: &str = "Car bomb kills seven at Mogadishu police checkpoint\n\n\
    MOGADISHU — A car bomb exploded at a police checkpoint in Mogadishu on Tuesday, killing seven people, \
    police said. The blast struck the Sayidka junction during the morning rush hour. Police officer Abdi \
    Hassan said the vehicle was packed with explosives and detonated as officers searched it. Al-Shabaab \
    claimed responsibility for the attack in a statement on its radio station. Hospital officials said \
    eleven others were wounded, three of them critically, and the toll could rise.";

/// The wire story as site `i` republished it.
fn copy(i: usize) -> RawReport {
    RawReport {
        source: format!("site-{i}.txt"),
        kind: ContentKind::Text,
        bytes: format!("{WIRE}\n\nRepublished by news site number {i} with permission.").into_bytes(),
        meta: SourceMeta { published: Some("2024-05-14".into()), ..Default::default() },
    }
}

/// Places `count` more copies from copy `next` on, in batches of `batch`;
/// returns the next copy's number.
fn place(engine: &mut Engine, mut next: usize, count: usize, batch: usize) -> usize {
    let end = next + count;
    while next < end {
        let n = (end - next).min(batch);
        let raws: Vec<RawReport> = (next..next + n).map(copy).collect();
        for o in engine.ingest_batch(&raws) {
            o.expect("placed");
        }
        next += n;
    }
    next
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = args
        .get(1)
        .map_or("100,1000,4000", String::as_str)
        .split(',')
        .map(|s| s.trim().parse().expect("sizes are numbers"))
        .collect();
    let batch: usize = args.get(2).map_or(100, |s| s.parse().expect("BATCH is a number"));
    let mut engine = Engine::in_memory().expect("in-memory store");
    let mut next = 0usize;
    println!("{:>9} {:>16} {:>10} {:>10}", "incident", "place cpu ms", "fuse ms", "fuse share");
    let placing = |e: &Engine| -> (Duration, Duration) {
        let t = e.stage_times();
        (t.terms + t.candidates + t.copies + t.cluster + t.fuse + t.write, t.fuse)
    };
    for &size in &sizes {
        if next < size {
            next = place(&mut engine, next, size - next, batch);
        }
        let (p0, f0) = placing(&engine);
        let cpu0 = cpu_secs("thread-self");
        // Long enough for a big incident to be fused again (deferred fusion).
        let timed = (size / 4).max(4 * batch).div_ceil(batch) * batch;
        next = place(&mut engine, next, timed, batch);
        let (p1, f1) = placing(&engine);
        let cpu = (cpu_secs("thread-self") - cpu0) * 1000.0 / timed as f64;
        let fuse = (f1 - f0).as_secs_f64() * 1000.0 / timed as f64;
        let share = 100.0 * (f1 - f0).as_secs_f64() / (p1 - p0).as_secs_f64().max(1e-9);
        println!("{size:>9} {cpu:>16.2} {fuse:>10.2} {share:>9.0}%");
    }
    let incidents = engine.store().incidents().map_or(0, |v| v.len());
    println!("{next} reports, {incidents} incident(s)");
}
