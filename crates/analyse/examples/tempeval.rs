//! TempEval-3 predictions from [`consilience_analyse::times::find_times`].
//!
//! Reads the JSON lines of `timex_eval.py text --gold DIR` (`{"doc","dct","text"}`)
//! from the file named as the first argument (or stdin), and writes one
//! prediction per line, `{"doc","start","end","value","type"}`, to stdout,
//! resolving relative expressions against the document creation time.
//! `eval/tempeval/run.sh` runs it and scores the result.
use std::io::{BufRead, BufReader, Write};

use consilience_analyse::times::find_times;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input: Box<dyn BufRead> = match std::env::args().nth(1) {
        Some(path) => Box::new(BufReader::new(std::fs::File::open(path)?)),
        None => Box::new(BufReader::new(std::io::stdin())),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut docs, mut mentions) = (0usize, 0usize);
    let started = std::time::Instant::now();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: serde_json::Value = serde_json::from_str(&line)?;
        let text = doc["text"].as_str().unwrap_or("");
        let anchor = doc["dct"].as_str().and_then(|d| d.get(..10)).and_then(|d| d.parse::<jiff::civil::Date>().ok());
        for m in find_times(text, anchor) {
            let kind = serde_json::to_value(m.kind)?;
            let rec = serde_json::json!({
                "doc": doc["doc"], "start": m.span.start, "end": m.span.end,
                "value": m.value, "type": kind, "text": m.text,
            });
            writeln!(out, "{rec}")?;
            mentions += 1;
        }
        docs += 1;
    }
    eprintln!("tempeval: {docs} documents, {mentions} time expressions in {:.3}s", started.elapsed().as_secs_f64());
    Ok(())
}
