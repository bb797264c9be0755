//! Scale benchmark: a synthetic news stream through `Engine::ingest_batch`.
//!
//!     cargo run --release -p consilience-pipeline --example scale_bench -- N [SEED] [DB] [BATCH]
//!
//! The generator makes `N` text reports of one year of news, whatever `N`
//! (so 1M reports are a hundred times as dense per day as 10k, as a busy
//! feed is): incidents happen at random moments of 2024, each with its own
//! kind, place, actors and figures drawn from a large vocabulary, and a size
//! drawn from a heavy tail (P(size ≥ s) = s^-1.5: two thirds have one
//! report, one in thirty ten or more, the biggest of a million-report year
//! thousands; none above a twentieth of the stream). An incident's reports
//! arrive after it, the first within half a day, the others spread over
//! days (longer for bigger stories), and the stream is taken in arrival
//! order with each report published on its arrival day. Half of the later
//! reports of an incident are copies of an earlier one (boilerplate around,
//! paragraphs dropped), the others written anew (another verb, other
//! words). A text's words beside its names come three in ten from its
//! incident's topic (sixty words of its own) and the rest from a shared
//! vocabulary of 2,000 words with Zipf frequencies.
//!
//! Until 2026-12-01 the generator drew each incident's date uniformly from
//! the year whatever the arrival order (so no stream had a present), gave
//! reports only to the 200 newest incidents (an active window of some 450
//! reports, sixteen days at 10k but four hours at 1M), its sizes had no
//! tail (the biggest incident of 100k reports had 10) and its texts drew
//! their words uniformly from 8,400 (no topic, no common words: an incident
//! with many reports then shared rare words with every other report); runs
//! before that date are not comparable with later ones.
//!
//! It prints, at 1k, 10k, 100k and 1M reports (those < N) and at N,
//! reports/s over the last stretch, mean per-report time, the part of it
//! spent placing the report (store, copies, clustering, fusion: what grows
//! with the corpus; in a batch it includes waiting for the workers, so it is
//! at most the wall time per report), the placing thread's CPU time per
//! report (`place cpu`) and the whole process's (`cpu ms`, all threads),
//! both from /proc: on a shared machine they move less with other programs'
//! load than wall time does; then live incidents, resident memory (from
//! /proc/self/status; the generator's own state is a few MiB at 1M), the
//! store's size on disk, and the share of time per stage. At the end it
//! describes the stream (incidents, biggest, copies) and scores the
//! incidents the engine ended with against the stream's own (BCubed and
//! pairwise, as `consilience eval clusters` does). Reports go through
//! `Engine::ingest_batch` in batches of `BATCH` (default 100); `BATCH` 1
//! takes them one by one through `Engine::ingest`.
use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_pipeline::eval::XorShift;
use consilience_pipeline::Engine;
use std::time::Instant;
use support::cpu_secs;

mod support;

// The allocator the `consilience` binary uses, so the figures are its.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ten", "vo", "za", "bel", "dor", "ish", "an", "qu", "sel", "tor", "us", "ne", "ri", "gal",
    "mo", "pe",
];
/// Days of the stream.
const YEAR: f64 = 365.0;
/// Tail exponent of incident sizes: P(size ≥ s) = s^-TAIL.
const TAIL: f64 = 1.5;
/// Share of an incident's later reports that copy an earlier one.
const COPY_SHARE: f64 = 0.5;
/// Words of the shared vocabulary (used with Zipf frequencies).
const COMMON_WORDS: usize = 2_000;
/// Words of an incident's own (its topic: what its reports keep saying).
const TOPIC_WORDS: usize = 60;

/// A capitalised word of `syllables` syllables (2 or 3: about 8,400 words,
/// names of places and people; 3 or 4: some 168,000 others).
fn word_of(rng: &mut XorShift, syllables: usize) -> String {
    let n = syllables + rng.below(2);
    let mut w: String = (0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
    if let Some(c) = w.get(..1) {
        w = c.to_uppercase() + &w[1..];
    }
    w
}

fn word(rng: &mut XorShift) -> String {
    word_of(rng, 2)
}

/// An incident while its reports come in: what its texts say, and the
/// texts so far (for copies), dropped after its last report.
struct Live {
    kind: usize,
    place: String,
    actors: [String; 2],
    figure: usize,
    topic: Vec<String>,
    texts: Vec<String>,
}

/// The year's incidents: event time in days, size.
type Incidents = Vec<(f64, u32)>;
/// Arrivals of their reports: time in days, incident.
type Arrivals = Vec<(f32, u32)>;

/// The year's incidents and the arrivals of their reports, in arrival
/// order, `n` in all.
fn schedule(n: usize, rng: &mut XorShift) -> (Incidents, Arrivals) {
    let cap = (n / 20).max(1) as f64;
    let mut incidents = Vec::new();
    let mut arrivals = Vec::with_capacity(n);
    while arrivals.len() < n {
        let at = rng.unit() * YEAR;
        // Inverse of P(size >= s) = s^-TAIL.
        let size = ((1.0 - rng.unit()).powf(-1.0 / TAIL).floor().min(cap) as usize).min(n - arrivals.len());
        let id = incidents.len() as u32;
        incidents.push((at, size as u32));
        // Bigger stories are followed for longer.
        let spread = 0.5 * (1.0 + (size as f64).ln());
        for k in 0..size {
            let delay = if k == 0 { 0.5 * rng.unit() } else { -spread * (1.0 - rng.unit()).ln() };
            arrivals.push(((at + delay).min(YEAR + 30.0) as f32, id));
        }
    }
    arrivals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    (incidents, arrivals)
}

/// A rank drawn with probability proportional to 1 / rank, from the
/// running sums `cdf` of those weights.
fn zipf(rng: &mut XorShift, cdf: &[f64]) -> usize {
    let x = rng.unit() * cdf.last().copied().unwrap_or(0.0);
    cdf.partition_point(|&c| c < x).min(cdf.len() - 1)
}

/// `day` days into 2024 as a date.
fn date(day: f64) -> jiff::civil::Date {
    jiff::civil::date(2024, 1, 1).checked_add(jiff::Span::new().days(day.floor() as i64)).expect("a date in range")
}

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

/// The store's size on disk (file and write-ahead log), in MiB.
fn db_mib(db: &str) -> f64 {
    let size = |p: String| std::fs::metadata(p).map_or(0, |m| m.len());
    (size(db.to_string()) + size(format!("{db}-wal"))) as f64 / (1024.0 * 1024.0)
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
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
    let mut engine = Engine::open(std::path::Path::new(&db)).expect("store opens");
    let mut rng = XorShift::new(seed);
    let common: Vec<String> = (0..COMMON_WORDS).map(|_| word_of(&mut rng, 3).to_lowercase()).collect();
    let common_cdf: Vec<f64> = (1..=COMMON_WORDS)
        .scan(0.0, |acc, r| {
            *acc += 1.0 / r as f64;
            Some(*acc)
        })
        .collect();
    let (incidents, arrivals) = schedule(n, &mut rng);
    let mut left: Vec<u32> = incidents.iter().map(|&(_, size)| size).collect();
    let mut live: std::collections::HashMap<u32, Live> = std::collections::HashMap::new();
    let mut copies = 0usize;
    // The last report is a checkpoint too, so any N prints its own figures.
    let mut checkpoints: Vec<usize> = [1_000, 10_000, 100_000, 1_000_000].into_iter().filter(|&c| c < n).collect();
    checkpoints.push(n);
    println!(
        "{:>9} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "reports", "reports/s", "ms/report", "place ms", "place cpu", "cpu ms", "incidents", "RSS MiB", "DB MiB"
    );
    let placing = |e: &Engine| e.stage_times().named()[3..].iter().map(|(_, d)| d.as_secs_f64()).sum::<f64>();
    let (mut last_t, mut last_n, mut last_place) = (Instant::now(), 0usize, 0f64);
    // This thread places the reports (the workers only prepare them).
    let (mut last_place_cpu, mut last_cpu) = (cpu_secs("thread-self"), cpu_secs("self"));
    let mut pending: Vec<RawReport> = Vec::new();
    // Each report's id (its content hash), to score the clustering at the end.
    let mut ids: Vec<u128> = Vec::with_capacity(n);
    for (i, &(arrival, id)) in arrivals.iter().enumerate() {
        let (at, _) = incidents[id as usize];
        let inc = live.entry(id).or_insert_with(|| Live {
            kind: rng.below(EVENTS.len()),
            place: word(&mut rng),
            actors: [0, 1].map(|_| format!("{} {}", word(&mut rng), word(&mut rng))),
            figure: 2 + rng.below(60),
            topic: (0..TOPIC_WORDS).map(|_| word_of(&mut rng, 3).to_lowercase()).collect(),
            texts: Vec::new(),
        });
        let text = if !inc.texts.is_empty() && rng.unit() < COPY_SHARE {
            copies += 1;
            let orig = &inc.texts[rng.below(inc.texts.len())];
            let paras: Vec<&str> = orig.split("\n\n").filter(|_| rng.unit() > 0.15).collect();
            format!("Share this story\n\n{}\n\nCopyright the agency. All rights reserved.", paras.join("\n\n"))
        } else {
            let (name, verbs) = EVENTS[inc.kind];
            let verb = verbs[rng.below(verbs.len())];
            // Words of the incident's topic and of everyday language.
            let filler: Vec<&str> = (0..40)
                .map(|k| {
                    if k % 10 < 3 {
                        inc.topic[rng.below(TOPIC_WORDS)].as_str()
                    } else {
                        common[zipf(&mut rng, &common_cdf)].as_str()
                    }
                })
                .collect();
            let day = date(at);
            let mut paras = vec![
                format!("{} {name} in {}", inc.place, inc.actors[0]),
                format!(
                    "{} — On {} {}, {verb} {}, leaving {} people hurt, officials said.",
                    inc.place.to_uppercase(),
                    MONTHS[day.month() as usize - 1],
                    day.day(),
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
        left[id as usize] -= 1;
        if left[id as usize] == 0 {
            live.remove(&id);
        } else {
            inc.texts.push(text.clone());
        }
        ids.push(u128::from_str_radix(&consilience_core::content_id(text.as_bytes()), 16).expect("a hex id"));
        let raw = RawReport {
            source: format!("synthetic#{i}"),
            kind: ContentKind::Text,
            bytes: text.into_bytes(),
            meta: SourceMeta { published: Some(date(arrival as f64).to_string()), ..Default::default() },
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
                "{done:>9} {:>10.1} {:>10.2} {:>10.2} {:>10.2} {:>10.2} {live:>10} {rss:>9.1} {:>9.1}",
                count / dt,
                dt * 1000.0 / count,
                (place - last_place) * 1000.0 / count,
                (place_cpu - last_place_cpu) * 1000.0 / count,
                (cpu - last_cpu) * 1000.0 / count,
                db_mib(&db),
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
    // Big incidents whose fusion was deferred are fused now, as
    // `consilience ingest` does at its end.
    let t = Instant::now();
    let (cpu_before, pending) = (cpu_secs("thread-self"), engine.store().pending_incidents().map_or(0, |p| p.len()));
    if let Err(e) = engine.fuse_pending() {
        eprintln!("failed: fusing pending incidents: {e}");
    }
    println!(
        "fusing the {pending} incidents left pending: {:.2} s ({:.2} s CPU)",
        t.elapsed().as_secs_f64(),
        cpu_secs("thread-self") - cpu_before
    );
    let biggest = incidents.iter().map(|&(_, s)| s).max().unwrap_or(0);
    let tenplus = incidents.iter().filter(|&&(_, s)| s >= 10).count();
    println!(
        "stream: {n} reports over {YEAR} days, {} incidents (biggest {biggest}, {tenplus} with 10 or more), {:.0}% copies",
        incidents.len(),
        100.0 * copies as f64 / n.max(1) as f64
    );
    // The incidents the engine ends with against the stream's own.
    let mut gold = Vec::with_capacity(n);
    let mut pred = Vec::with_capacity(n);
    for (i, (id, &(_, incident))) in ids.iter().zip(&arrivals).enumerate() {
        gold.push((i.to_string(), incident.to_string()));
        if let Ok(Some(found)) = engine.store().incident_of(&format!("{id:032x}")) {
            pred.push((i.to_string(), found.to_string()));
        }
    }
    let s = consilience_pipeline::eval::scores(&gold, &pred);
    println!(
        "clustering against the stream's incidents: BCubed P {:.4} R {:.4} F1 {:.4}, pairwise F1 {:.4}, {} incidents for {}",
        s.bcubed_p, s.bcubed_r, s.bcubed_f1, s.pair_f1, s.pred_clusters, s.gold_clusters
    );
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}
