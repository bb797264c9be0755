//! Times extraction phases over a benchmark folder (tuning aid).
use std::io::Read;
use std::time::Instant;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DATA_DIR"));
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir.join("html")).unwrap() {
        let p = e.unwrap().path();
        let mut v = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap()).read_to_end(&mut v).unwrap();
        pages.push(String::from_utf8_lossy(&v).into_owned());
    }
    let t = Instant::now();
    for h in &pages {
        let _ = dom_query::Document::from(h.as_str());
    }
    println!("parse only: {:.0} pages/s", pages.len() as f64 / t.elapsed().as_secs_f64());
    let t = Instant::now();
    for h in &pages {
        let mut r = dom_smoothie::Readability::new(h.as_str(), None, None).unwrap();
        let _ = r.parse();
    }
    println!("dom_smoothie: {:.0} pages/s", pages.len() as f64 / t.elapsed().as_secs_f64());
    let gt = std::fs::read_to_string(dir.join("ground_truth.jsonl")).unwrap();
    let lines: Vec<String> = gt
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["articleBody"].as_str().unwrap().lines().map(str::to_string).collect::<Vec<_>>()
        })
        .collect();
    let _ = consilience_extract::rules::boilerplate("warm");
    // Best of five passes: the lazy DFAs are warm after the first.
    let mut n = 0;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        n = 0;
        for l in &lines {
            n += consilience_extract::rules::boilerplate(l).is_some() as usize;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("rules: {} lines, {} matched, {:.2} us/line", lines.len(), n, best * 1e6 / lines.len() as f64);
    if std::env::var("PER_RULE").is_ok() {
        for r in consilience_extract::rules::LINE_RULES {
            let re = regex::RegexBuilder::new(&format!(r"(?i)^(?:{})$", r.pattern.replace(r"\b", r"(?-u:\b)")))
                .size_limit(64 << 20)
                .dfa_size_limit(64 << 20)
                .build()
                .unwrap();
            let t = Instant::now();
            for l in &lines {
                let _ = re.is_match(l);
            }
            println!("{:<24} {:.2} us/line", r.name, t.elapsed().as_secs_f64() * 1e6 / lines.len() as f64);
        }
    }
    let ex = consilience_extract::Extractor::new();
    let raw = |h: &str| consilience_core::RawReport {
        source: "x".into(),
        kind: consilience_core::ContentKind::Html,
        bytes: h.as_bytes().to_vec(),
        meta: Default::default(),
    };
    let _ = ex.extract(&raw("<p>warm up the rules</p>"));
    let t = Instant::now();
    for h in &pages {
        let _ = ex.extract(&raw(h));
    }
    println!("extract: {:.0} pages/s", pages.len() as f64 / t.elapsed().as_secs_f64());
}
