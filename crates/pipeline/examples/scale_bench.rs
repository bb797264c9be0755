//! Scale benchmark: a synthetic news stream through `Engine::ingest_batch`.
//!
//!     cargo run --release -p consilience-pipeline --example scale_bench -- N [SEED] [DB] [BATCH]
//!
//! The generator makes `N` text reports: incidents with heavy-tailed sizes
//! (most have one or two reports, a few dozens), event dates spread over a
//! year, each incident with its own place, actors and figures drawn from a
//! large vocabulary, about a third of reports copies of an earlier report
//! of their incident (boilerplate around, paragraphs dropped). It prints,
//! at 1k, 10k, 100k and 1M reports (those < N) and at N, reports/s over the last
//! stretch, mean per-report time, the part of it spent placing the report
//! (store, copies, clustering, fusion: what grows with the corpus; in a
//! batch it includes waiting for the workers, so it is at most the wall
//! time per report), live
//! incidents, resident memory from /proc/self/status, and the share of time
//! per stage. `place cpu` is the placing thread's CPU time per report and
//! `cpu ms` the whole process's (all threads), both from /proc: on a shared
//! machine they move less with other programs' load than wall time does. Reports go through `Engine::ingest_batch` in batches of
//! `BATCH` (default 100); `BATCH` 1 takes them one by one through `Engine::ingest`.
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_pipeline::eval::XorShift;
use consilience_pipeline::Engine;
use std::time::Instant;

const EVENTS: &[(&str, &[&str])] = &[
    ("attack", &["gunmen attacked", "militants stormed", "an armed group raided"]),
    ("blast", &["a bomb exploded", "an explosion tore through", "a car bomb went off near"]),
    ("protest", &["thousands protested", "demonstrators marched", "crowds rallied"]),
    ("quake", &["an earthquake struck", "a strong quake shook", "a tremor hit"]),
    ("strike", &["workers walked out", "unions began a strike", "staff stopped work"]),
    ("fire", &["a fire broke out", "a blaze engulfed", "flames destroyed"]),
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn word(rng: &mut XorShift, syll: &[&str]) -> String {
    let n = 2 + rng.below(2);
    let mut w: String = (0..n).map(|_| syll[rng.below(syll.len())]).collect();
    if let Some(c) = w.get(..1) {
        w = c.to_uppercase() + &w[1..];
    }
    w
}

struct Incident {
    kind: usize,
    place: String,
    actors: Vec<String>,
    month: usize,
    day: usize,
    figure: usize,
    reports: Vec<String>,
}

/// Incidents that still get reports: the stream's active window.
const RECENT: usize = 200;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) from a `/proc/.../stat` file: the calling
/// thread's (`thread-self`) or the whole process's (`self`). Wall time on a
/// shared machine counts other programs' load; CPU time does not.
fn cpu_secs(which: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{which}/stat"))
        .ok()
        .and_then(|s| {
            let fields: Vec<u64> =
                s.rsplit_once(')')?.1.split_whitespace().skip(11).take(2).filter_map(|v| v.parse().ok()).collect();
            (fields.len() == 2).then(|| (fields[0] + fields[1]) as f64 / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let db = args.get(3).cloned().unwrap_or_else(|| {
        let p = std::env::temp_dir().join(format!("consilience-scale-{}.db", std::process::id()));
        p.to_string_lossy().into_owned()
    });
    let batch: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(100).max(1);
    let _ = std::fs::remove_file(&db);
    let mut engine = Engine::open(std::path::Path::new(&db)).expect("store opens");
    let mut rng = XorShift::new(seed);
    let syll = [
        "ka", "lo", "mi", "ra", "ten", "vo", "za", "bel", "dor", "ish", "an", "qu", "sel", "tor", "us", "ne", "ri",
        "gal", "mo", "pe",
    ];
    let mut incidents: Vec<Incident> = Vec::new();
    // The last report is a checkpoint too, so any N prints its own figures.
    let mut checkpoints: Vec<usize> = [1_000, 10_000, 100_000, 1_000_000].into_iter().filter(|&c| c < n).collect();
    checkpoints.push(n);
    println!(
        "{:>9} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>9}",
        "reports", "reports/s", "ms/report", "place ms", "place cpu", "cpu ms", "incidents", "RSS MiB"
    );
    let placing = |e: &Engine| e.stage_times().named()[3..].iter().map(|(_, d)| d.as_secs_f64()).sum::<f64>();
    let (mut last_t, mut last_n, mut last_place) = (Instant::now(), 0usize, 0f64);
    // This thread places the reports (the workers only prepare them).
    let (mut last_place_cpu, mut last_cpu) = (cpu_secs("thread-self"), cpu_secs("self"));
    let mut pending: Vec<RawReport> = Vec::new();
    for i in 0..n {
        // A new incident with probability 0.45, else a report of a recent one
        // (heavy tail: recent incidents are picked more often).
        let new = incidents.is_empty() || rng.unit() < 0.45;
        if new {
            let kind = rng.below(EVENTS.len());
            let month = rng.below(12);
            let actors = (0..2).map(|_| format!("{} {}", word(&mut rng, &syll), word(&mut rng, &syll))).collect();
            incidents.push(Incident {
                kind,
                place: word(&mut rng, &syll),
                actors,
                month,
                day: 1 + rng.below(28),
                figure: 2 + rng.below(60),
                reports: Vec::new(),
            });
            // Only the newest incidents get more reports: older texts can go.
            if incidents.len() > RECENT {
                let gone = incidents.len() - RECENT - 1;
                incidents[gone].reports = Vec::new();
            }
        }
        let k =
            incidents.len() - 1 - rng.below(incidents.len().min(RECENT)).min(rng.below(incidents.len().min(RECENT)));
        let inc = &mut incidents[k];
        let text = if !inc.reports.is_empty() && rng.unit() < 0.33 {
            let orig = &inc.reports[rng.below(inc.reports.len())];
            let paras: Vec<&str> = orig.split("\n\n").filter(|_| rng.unit() > 0.15).collect();
            format!("Share this story\n\n{}\n\nCopyright the agency. All rights reserved.", paras.join("\n\n"))
        } else {
            let (name, verbs) = EVENTS[inc.kind];
            let verb = verbs[rng.below(verbs.len())];
            let filler: Vec<String> = (0..40).map(|_| word(&mut rng, &syll).to_lowercase()).collect();
            let mut paras = vec![
                format!("{} {name} in {}", inc.place, inc.actors[0]),
                format!(
                    "{} — On {} {}, {verb} {}, leaving {} people hurt, officials said.",
                    inc.place.to_uppercase(),
                    MONTHS[inc.month],
                    inc.day,
                    inc.place,
                    inc.figure
                ),
                format!("{} told reporters that {} was responsible for the {name}.", inc.actors[0], inc.actors[1]),
            ];
            for c in filler.chunks(10) {
                paras.push(format!("Witnesses described the {} {} {}.", name, c.join(" "), inc.place));
            }
            paras.join("\n\n")
        };
        inc.reports.push(text.clone());
        let published = format!("2024-{:02}-{:02}", inc.month + 1, inc.day.min(27) + 1);
        let raw = RawReport {
            source: format!("synthetic#{i}"),
            kind: ContentKind::Text,
            bytes: text.into_bytes(),
            meta: SourceMeta { published: Some(published), ..Default::default() },
        };
        pending.push(raw);
        let done = i + 1;
        if pending.len() < batch && !checkpoints.contains(&done) && done < n {
            continue;
        }
        let outcomes =
            if batch == 1 { pending.iter().map(|r| engine.ingest(r)).collect() } else { engine.ingest_batch(&pending) };
        for (raw, o) in pending.iter().zip(outcomes) {
            match o {
                // The generator now and then copies a story whole: a duplicate.
                Ok(_) => {}
                Err(e) => eprintln!("failed: {}: {e}", raw.source),
            }
        }
        pending.clear();
        if checkpoints.contains(&done) {
            let dt = last_t.elapsed().as_secs_f64();
            let place = placing(&engine);
            let count = (done - last_n) as f64;
            let rss = rss_kib() as f64 / 1024.0;
            let live = engine.store().incidents_page(&Default::default(), 0, 0).map(|p| p.1).unwrap_or(0);
            let (place_cpu, cpu) = (cpu_secs("thread-self"), cpu_secs("self"));
            println!(
                "{done:>9} {:>10.1} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {live:>10} {rss:>9.1}",
                count / dt,
                dt * 1000.0 / count,
                (place - last_place) * 1000.0 / count,
                (place_cpu - last_place_cpu) * 1000.0 / count,
                (cpu - last_cpu) * 1000.0 / count,
            );
            (last_place_cpu, last_cpu) = (place_cpu, cpu);
            let times = engine.stage_times().named();
            let total: f64 = times.iter().map(|(_, d)| d.as_secs_f64()).sum::<f64>().max(1e-9);
            let shares: Vec<String> =
                times.iter().map(|(name, d)| format!("{name} {:.0}%", 100.0 * d.as_secs_f64() / total)).collect();
            println!("          stage time so far: {}", shares.join(", "));
            last_t = Instant::now();
            last_n = done;
            last_place = place;
        }
    }
    let _ = std::fs::remove_file(&db);
}
