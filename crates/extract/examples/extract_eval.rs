//! Extraction benchmark: reads every `html/<id>.html.gz` page of a Zyte-style
//! article-extraction benchmark folder, extracts it with [`Extractor`] as HTML
//! and writes `{"id","articleBody"}` lines for `evaluate.py`; prints pages/s
//! and MB/s (extraction time only, decompression excluded).
//!
//! Also reports how often each metadata field is found from the page alone
//! (a second, untimed extraction without the benchmark's URL), and with
//! `META_TSV=path` writes those fields per page for checking by hand.
//!
//! Usage: `extract_eval DATA_DIR PRED.jsonl`

use consilience_core::{ContentKind, RawReport, SourceMeta};
use consilience_extract::Extractor;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: {} DATA_DIR PRED.jsonl", args[0]);
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let mut urls = std::collections::HashMap::new();
    if let Ok(gt) = std::fs::read_to_string(dir.join("ground_truth.jsonl")) {
        for line in gt.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("ground truth line");
            if let (Some(id), Some(url)) = (v["id"].as_str(), v["url"].as_str()) {
                urls.insert(id.to_string(), url.to_string());
            }
        }
    }
    let mut pages: Vec<_> = std::fs::read_dir(dir.join("html"))
        .expect("html folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    pages.sort();
    let ex = Extractor::new();
    // Warm up (rule regexes compile on first use) so timing covers extraction only.
    let _ = ex.extract(&RawReport {
        source: "warm-up".into(),
        kind: ContentKind::Html,
        bytes: b"<p>Share:</p><p>warm up</p>".to_vec(),
        meta: SourceMeta::default(),
    });
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).expect("output file"));
    let (mut spent, mut bytes, mut n, mut failed) = (Duration::ZERO, 0usize, 0usize, 0usize);
    const FIELDS: [&str; 7] = ["title", "published", "modified", "outlet", "author", "canonical URL", "language"];
    let mut found = [0usize; 7];
    let mut tsv =
        std::env::var("META_TSV").ok().map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("META_TSV")));
    for p in &pages {
        let name = p.file_name().unwrap().to_string_lossy();
        let id = name.trim_end_matches(".html.gz").to_string();
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(p).expect("page")).read_to_end(&mut html).expect("gunzip");
        bytes += html.len();
        let raw = RawReport {
            source: p.display().to_string(),
            kind: ContentKind::Html,
            bytes: html,
            meta: SourceMeta { url: urls.get(&id).cloned(), ..Default::default() },
        };
        let t = Instant::now();
        let body = match ex.extract(&raw) {
            Ok(x) => {
                for w in &x.warnings {
                    eprintln!("{id}: {w}");
                }
                x.body.body
            }
            Err(e) => {
                eprintln!("{e}");
                failed += 1;
                String::new()
            }
        };
        spent += t.elapsed();
        n += 1;
        // Metadata from the page alone (no source URL to fall back on), untimed.
        let page_only = RawReport { meta: SourceMeta::default(), ..raw };
        if let Ok(x) = ex.extract(&page_only) {
            let b = &x.body;
            let fields = [&b.title, &b.published, &b.modified, &b.outlet, &b.author, &b.url, &b.lang];
            for (k, f) in fields.iter().enumerate() {
                found[k] += f.is_some() as usize;
            }
            if let Some(w) = tsv.as_mut() {
                let cells: Vec<String> =
                    fields.iter().map(|f| f.as_deref().unwrap_or("-").replace('\t', " ")).collect();
                writeln!(w, "{id}\t{}\t{}", urls.get(&id).map_or("-", String::as_str), cells.join("\t"))
                    .expect("write");
            }
        }
        let line = serde_json::json!({"id": id, "articleBody": body});
        writeln!(out, "{line}").expect("write");
    }
    out.flush().expect("flush");
    if let Some(mut w) = tsv {
        w.flush().expect("flush");
    }
    let report: Vec<String> = FIELDS.iter().zip(found).map(|(f, k)| format!("{f} {k}/{n}")).collect();
    println!("metadata found (page alone): {}", report.join(", "));
    let s = spent.as_secs_f64().max(1e-9);
    println!(
        "{n} pages ({failed} failed), {:.1} MB in {:.2} s: {:.0} pages/s, {:.1} MB/s",
        bytes as f64 / 1e6,
        s,
        n as f64 / s,
        bytes as f64 / 1e6 / s
    );
}
