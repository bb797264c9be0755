//! Command-line arguments, as in the public contract (shared/DESIGN.md).
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Consilience: raw news reports in, corroborated incidents out.
#[derive(Parser)]
#[command(name = "consilience", version, about)]
pub struct Cli {
    /// The store (one SQLite file).
    #[arg(long, global = true, default_value = "consilience.db")]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Ingest reports: files, folders (recursive), .txt .html .htm .jsonl .warc .warc.gz, - for stdin.
    Ingest {
        /// Files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// List incidents, newest first.
    Incidents {
        /// The contract's JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// One incident: fused fields, conflicts, families, evidence.
    Show {
        /// Incident id.
        id: String,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Body and metadata of one report, no store involved.
    Extract {
        /// The report file.
        file: PathBuf,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The analysis of one plain text as given (no extraction, no store).
    Analyze {
        /// A text file, or - for stdin.
        file: PathBuf,
        /// Publish date (YYYY-MM-DD) that anchors relative dates.
        #[arg(long)]
        published: Option<String>,
        /// JSON instead of text.
        #[arg(long)]
        json: bool,
        /// FILE holds many texts, one JSON object a line (`{"id","text","published"?}`):
        /// one compact JSON analysis a line out, `{"id", ...}`; a line's own
        /// `published` overrides --published.
        #[arg(long)]
        jsonl: bool,
    },
    /// All incidents in one document.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
    },
    /// JSON API and web pages over the store, read-only.
    Serve {
        /// Address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Measure the engine on gold data (ingested through the same path as `ingest`).
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
}

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Incident clustering against gold JSONL ({"id","cluster",...} lines): BCubed, pairwise F1, ARI.
    /// Uses a fresh in-memory store unless --db is given.
    Clusters {
        /// Gold JSONL (e.g. shared/data/ecbplus/dev.jsonl).
        gold: PathBuf,
        /// Ingest in an order shuffled with this seed.
        #[arg(long)]
        shuffle: Option<u64>,
        /// Write predictions ({"id","cluster"} lines) here, for eval.py.
        #[arg(long)]
        pred: Option<PathBuf>,
        /// Scores as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
    Geojson,
}
