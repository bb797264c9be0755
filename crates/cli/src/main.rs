//! `consilience`: the command-line face of the engine. Parses arguments,
//! calls the pipeline, prints; nothing else lives here.
mod args;
mod render;

use anyhow::{bail, Context, Result};
use args::{Cli, Command, EvalCommand, ExportFormat};
use clap::Parser;
use consilience_core::{ContentKind, RawReport};
use consilience_pipeline::{export, Engine, Outcome};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

// Placement allocates many small, short-lived values (features, postings,
// rows) on one thread: mimalloc's thread-local free lists make that cheaper
// than glibc's malloc (measured in benches/runs/2026-12-02).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli) {
        // A closed pipe (`consilience export | head`) is not an error.
        if e.chain()
            .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
        {
            std::process::exit(0);
        }
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    let db = cli.db.clone();
    match cli.command {
        Command::Ingest { paths } => ingest(&db, &paths),
        Command::Incidents { json } => {
            let store = open_existing(&db)?;
            let doc = export::document(&store)?;
            if json {
                print_json(&doc)
            } else {
                write_out(&render::incident_table(&doc))
            }
        }
        Command::Show { id, json } => {
            let store = open_existing(&db)?;
            let n: i64 = id.parse().with_context(|| format!("incident id must be a number, got {id:?}"))?;
            let Some(inc) = export::incident_json(&store, n)? else { bail!("no incident {id} in {}", db.display()) };
            if json {
                print_json(&inc)
            } else {
                let sources = render::sources_of(&store, &inc)?;
                write_out(&render::incident_page(&inc, &sources))
            }
        }
        Command::Extract { file, json } => {
            let items = consilience_ingest::read_file(&file);
            let extractor = consilience_extract::Extractor::new();
            let mut docs = Vec::new();
            for item in items {
                let raw = item?;
                let extracted = extractor.extract(&raw)?;
                for w in &extracted.warnings {
                    eprintln!("warning: {}: {w}", raw.source);
                }
                docs.push(extracted.body);
            }
            if docs.is_empty() {
                bail!("{}: no report found", file.display());
            }
            let out = if json {
                let values: Vec<serde_json::Value> =
                    docs.iter().map(|d| serde_json::to_value(d).expect("body serialises")).collect();
                if values.len() == 1 {
                    serde_json::to_string_pretty(&values[0])?
                } else {
                    serde_json::to_string_pretty(&values)?
                }
            } else {
                docs.iter().map(render::body_text).collect::<Vec<_>>().join("\n\n---\n\n")
            };
            write_out(&(out + "\n"))
        }
        Command::Analyze { file, published, json, jsonl } => {
            let published = match published {
                Some(p) => Some(parse_published(&p).with_context(|| "--published")?),
                None => None,
            };
            if jsonl {
                return analyze_lines(&file, published);
            }
            let text =
                String::from_utf8(read_input(&file)?).with_context(|| format!("{}: not UTF-8 text", file.display()))?;
            let gazetteer = consilience_analyse::places::Gazetteer::shared();
            let analysis = consilience_analyse::Analyser::new(gazetteer).analyse(&text, published);
            let doc = render::analysis_json(&text, &analysis);
            if json {
                print_json(&doc)
            } else {
                write_out(&render::analysis_text(&text, &analysis))
            }
        }
        Command::Export { format } => {
            let store = open_existing(&db)?;
            match format {
                ExportFormat::Json => print_json(&export::document(&store)?),
                ExportFormat::Csv => write_out(&export::csv(&store)?),
                ExportFormat::Geojson => print_json(&export::geojson(&store)?),
            }
        }
        Command::Serve { addr } => consilience_serve::run(&addr, &db),
        Command::Eval { what: EvalCommand::Clusters { gold, shuffle, pred, json } } => {
            eval_clusters(&db, &gold, shuffle, pred.as_deref(), json)
        }
    }
}

fn open_existing(db: &Path) -> Result<consilience_store::Store> {
    if !db.exists() {
        bail!("no store at {} (run `consilience ingest` first, or pass --db)", db.display());
    }
    Ok(consilience_store::Store::open(db)?)
}

/// The bytes of a file, or of stdin for `-`.
fn read_input(file: &Path) -> Result<Vec<u8>> {
    if file == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).context("cannot read stdin")?;
        Ok(b)
    } else {
        std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
    }
}

fn parse_published(p: &str) -> Result<jiff::civil::Date> {
    consilience_pipeline::parse_date(p).with_context(|| format!("{p:?} is not a date (YYYY-MM-DD)"))
}

/// `consilience analyze --jsonl`: the same analysis as for one text, for
/// every line of a JSON-lines file, streamed; a bad line is reported by
/// number and skipped. The evaluation gates go through here, so what they
/// score is what `ingest` uses.
fn analyze_lines(file: &Path, published: Option<jiff::civil::Date>) -> Result<()> {
    #[derive(serde::Deserialize)]
    struct Line {
        id: serde_json::Value,
        text: String,
        published: Option<String>,
    }
    let input: Box<dyn std::io::BufRead> = if file == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        Box::new(std::io::BufReader::new(f))
    };
    let analyser = consilience_analyse::Analyser::new(consilience_analyse::places::Gazetteer::shared());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let started = std::time::Instant::now();
    let (mut texts, mut chars, mut bad) = (0usize, 0usize, 0usize);
    for (n, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{}: cannot read line {}", file.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<Line>(&line).map_err(anyhow::Error::from).and_then(|l| {
            let anchor = match l.published.as_deref() {
                Some(p) => Some(parse_published(p)?),
                None => published,
            };
            Ok((l, anchor))
        });
        let (l, anchor) = match parsed {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {} line {}: {e:#}; skipped", file.display(), n + 1);
                bad += 1;
                continue;
            }
        };
        let analysis = analyser.analyse(&l.text, anchor);
        let mut doc = render::analysis_json(&l.text, &analysis);
        doc.as_object_mut().expect("analysis is an object").insert("id".into(), l.id);
        serde_json::to_writer(&mut out, &doc)?;
        out.write_all(b"\n")?;
        texts += 1;
        chars += l.text.chars().count();
    }
    out.flush()?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "analysed {texts} texts ({chars} characters) in {secs:.2} s: {:.0} texts/s on one core{}",
        texts as f64 / secs.max(1e-9),
        if bad > 0 { format!("; {bad} bad lines skipped") } else { String::new() }
    );
    if bad > 0 && texts == 0 {
        bail!("{}: no valid line", file.display());
    }
    Ok(())
}

fn print_json(v: &serde_json::Value) -> Result<()> {
    write_out(&(serde_json::to_string_pretty(v)? + "\n"))
}

fn write_out(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Reports handed to the engine at once by `consilience ingest`.
const INGEST_BATCH: usize = 64;

/// `consilience ingest`: every report through the pipeline, a progress bar
/// on a terminal (plain lines otherwise), a summary of incidents touched.
fn ingest(db: &Path, paths: &[std::path::PathBuf]) -> Result<()> {
    let mut engine = Engine::open(db).with_context(|| format!("cannot open store {}", db.display()))?;
    let sources = consilience_ingest::Sources::new(paths);
    let files = sources.file_count() as u64;
    let tty = std::io::stderr().is_terminal();
    let bar = if tty {
        let b = indicatif::ProgressBar::new(files);
        b.set_style(
            indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files {msg}")
                .expect("valid template"),
        );
        Some(b)
    } else {
        None
    };
    let log = |line: String| match &bar {
        Some(b) => b.println(line),
        None => eprintln!("{line}"),
    };
    let (mut added, mut duplicates, mut failed) = (0usize, 0usize, 0usize);
    let mut touched: std::collections::BTreeSet<i64> = Default::default();
    let mut fatal: Option<anyhow::Error> = None;
    let started = std::time::Instant::now();
    // Reports go through the engine in batches: their extraction and
    // analysis run in parallel, their placement in arrival order.
    let mut pending: Vec<RawReport> = Vec::new();
    let mut unreadable = 0usize;
    let mut flush = |pending: &mut Vec<RawReport>, fatal: &mut Option<anyhow::Error>| {
        for (raw, outcome) in pending.iter().zip(engine.ingest_batch(pending)) {
            if fatal.is_some() {
                break;
            }
            let kind = if raw.kind == ContentKind::Html { "html" } else { "text" };
            match outcome {
                Ok(Outcome::Added { report, incident, changed, warnings }) => {
                    added += 1;
                    touched.extend(changed);
                    touched.insert(incident);
                    for w in warnings {
                        log(format!("warning: {}: {w}", raw.source));
                    }
                    if bar.is_none() {
                        log(format!("added {} ({kind}) {} -> incident {incident}", &report[..12], raw.source));
                    }
                }
                Ok(Outcome::Duplicate { report }) => {
                    duplicates += 1;
                    if bar.is_none() {
                        log(format!("unchanged {} {} (already stored)", &report[..12], raw.source));
                    }
                }
                Err(consilience_pipeline::PipelineError::Input(e)) => {
                    failed += 1;
                    log(format!("skipped: {e}"));
                }
                Err(e) => *fatal = Some(anyhow::Error::new(e).context(format!("storing {}", raw.source))),
            }
        }
        pending.clear();
    };
    sources.for_each(|file, items| {
        if fatal.is_some() {
            return;
        }
        for item in items {
            match item {
                Ok(raw) => pending.push(raw),
                Err(e) => {
                    unreadable += 1;
                    log(format!("skipped: {e}"));
                }
            }
            if pending.len() >= INGEST_BATCH {
                flush(&mut pending, &mut fatal);
            }
        }
        if let Some(b) = &bar {
            b.inc(1);
            b.set_message(file.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string());
        }
    });
    if fatal.is_none() {
        flush(&mut pending, &mut fatal);
    }
    // Big incidents' records may lag their reports (deferred fusion): the
    // store is left with every record current.
    if fatal.is_none() {
        if let Err(e) = engine.fuse_pending() {
            fatal = Some(anyhow::Error::new(e).context("fusing incidents"));
        }
    }
    failed += unreadable;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(e) = fatal {
        return Err(e);
    }
    let store = engine.store();
    let mut summary = format!(
        "{added} report(s) added, {duplicates} already stored, {failed} skipped in {:.1}s; {} incident(s) touched:\n",
        started.elapsed().as_secs_f64(),
        touched.iter().filter(|i| store.incident(**i).ok().flatten().is_some()).count()
    );
    let mut incidents = Vec::new();
    for id in touched {
        if let Some(v) = export::incident_json(store, id)? {
            incidents.push(v);
        }
    }
    summary.push_str(&render::incident_table(&serde_json::json!({ "incidents": incidents })));
    write_out(&summary)?;
    if added == 0 && duplicates == 0 && failed > 0 {
        bail!("nothing could be ingested");
    }
    Ok(())
}

/// `consilience eval clusters`: the gold file through the engine, then scores.
fn eval_clusters(db: &Path, gold: &Path, shuffle: Option<u64>, pred: Option<&Path>, json: bool) -> Result<()> {
    use consilience_pipeline::eval;
    let explicit_db = std::env::args().any(|a| a == "--db" || a.starts_with("--db="));
    let mut engine = if explicit_db { Engine::open(db)? } else { Engine::in_memory()? };
    let truth = eval::read_gold(gold).with_context(|| format!("cannot read gold {}", gold.display()))?;
    let run = eval::ingest_clusters(&mut engine, gold, shuffle)?;
    if let Some(p) = pred {
        let lines: String = run
            .predictions
            .iter()
            .map(|(id, c)| serde_json::json!({"id": id, "cluster": c}).to_string() + "\n")
            .collect();
        std::fs::write(p, lines).with_context(|| format!("cannot write {}", p.display()))?;
    }
    let s = eval::scores(&truth, &run.predictions);
    if json {
        let mut v = serde_json::to_value(&s)?;
        v["seconds"] = serde_json::json!(run.seconds);
        v["skipped"] = serde_json::json!(run.skipped);
        print_json(&v)
    } else {
        write_out(&format!(
            "{s}\n{} report(s) ingested in {:.1}s ({:.0}/s), {} skipped\n",
            run.predictions.len(),
            run.seconds,
            run.predictions.len() as f64 / run.seconds.max(1e-9),
            run.skipped
        ))
    }
}
