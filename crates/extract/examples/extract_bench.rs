//! Throughput of the full extract stage (decode, parse, body, title, dates,
//! outlet, author, URL, language) on a Zyte-style benchmark folder, one
//! thread. Pages are gunzipped into memory first; each round extracts every
//! page once; the best round is reported, by the thread's CPU time (steady
//! on a shared machine) and by wall time.
//!
//! Usage: `extract_bench DATA_DIR [ROUNDS]`. Last line of output is JSON.

use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_extract::Extractor;
use std::io::Read;
use std::time::Instant;

/// CPU time of the calling thread, in seconds (wall time where unsupported).
fn thread_cpu() -> f64 {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: clock_gettime writes into the timespec we own.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9;
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: {} DATA_DIR [ROUNDS]", args[0]);
        std::process::exit(2);
    };
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let mut urls = std::collections::HashMap::new();
    if let Ok(gt) = std::fs::read_to_string(dir.join("ground_truth.jsonl")) {
        for line in gt.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("ground truth line");
            if let (Some(id), Some(url)) = (v["id"].as_str(), v["url"].as_str()) {
                urls.insert(id.to_string(), url.to_string());
            }
        }
    }
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("html"))
        .expect("html folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    paths.sort();
    let pages: Vec<RawReport> = paths
        .iter()
        .map(|p| {
            let id = p.file_name().unwrap().to_string_lossy().trim_end_matches(".html.gz").to_string();
            let mut html = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(p).expect("page")).read_to_end(&mut html).expect("gunzip");
            RawReport {
                source: id.clone(),
                kind: ContentKind::Html,
                bytes: html,
                meta: SourceMeta { url: urls.get(&id).cloned(), ..Default::default() },
            }
        })
        .collect();
    let bytes: usize = pages.iter().map(|p| p.bytes.len()).sum();
    let ex = Extractor::new();
    // Warm-up round (rule regexes compile and caches fill on first use).
    let mut found = 0usize;
    for p in &pages {
        found += ex.extract(p).is_ok_and(|x| !x.body.body.is_empty()) as usize;
    }
    let (mut best_cpu, mut best_wall) = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        let (c, w) = (thread_cpu(), Instant::now());
        for p in &pages {
            std::hint::black_box(ex.extract(std::hint::black_box(p)).ok());
        }
        best_cpu = best_cpu.min(thread_cpu() - c);
        best_wall = best_wall.min(w.elapsed().as_secs_f64());
    }
    let n = pages.len() as f64;
    let mb = bytes as f64 / 1e6;
    println!(
        "engine: {} pages, {:.1} MB, {} with a body; best of {} rounds: {:.0} pages/s, {:.1} MB/s (CPU time); {:.0} pages/s, {:.1} MB/s (wall)",
        pages.len(),
        mb,
        found,
        rounds,
        n / best_cpu,
        mb / best_cpu,
        n / best_wall,
        mb / best_wall
    );
    println!(
        "{}",
        serde_json::json!({
            "pages": pages.len(), "mb": mb,
            "pages_per_s_cpu": n / best_cpu, "mb_per_s_cpu": mb / best_cpu,
            "pages_per_s_wall": n / best_wall, "mb_per_s_wall": mb / best_wall,
        })
    );
}
