//! The ingest stage: turns what users have (files, folders, JSONL, WARC,
//! standard input) into a stream of [`RawReport`]s.
//!
//! Entry point: [`Sources`], which walks the given paths in a stable order
//! and yields one item per report. A bad input (a malformed JSONL line, a
//! truncated gzip or WARC file, an unreadable file) yields an
//! [`InputError`] naming it, and the walk goes on with the next report.
//!
//! ```
//! use consilience_ingest::read_bytes;
//! let items = read_bytes("notes.txt", b"Title\n\nBody text.".to_vec());
//! assert_eq!(items.len(), 1);
//! assert_eq!(items[0].as_ref().unwrap().source, "notes.txt");
//! ```
#![warn(missing_docs)]

mod jsonl;
mod warc;

use consilience_core::{ContentKind, InputError, RawReport, SourceMeta};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use jsonl::parse_jsonl;
pub use warc::parse_warc;

/// One item of the stream: a report, or an error naming the bad input.
pub type Item = Result<RawReport, InputError>;

/// How an input is laid out, from its name or, for stdin, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One plain-text report.
    Text,
    /// One HTML page.
    Html,
    /// One report per line.
    Jsonl,
    /// WARC records (optionally gzipped).
    Warc,
}

impl Format {
    /// The format a file name implies, or `None` for files to skip.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        match ext {
            "txt" | "text" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }

    /// Guesses the format of unnamed input (stdin) from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(1024)];
        let head = String::from_utf8_lossy(head);
        let trimmed = head.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with("WARC/") || bytes.starts_with(&[0x1f, 0x8b]) {
            Format::Warc
        } else if trimmed.starts_with('{') {
            Format::Jsonl
        } else if trimmed.starts_with('<') {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// The reports found under a list of paths, in a stable order.
pub struct Sources {
    files: Vec<PathBuf>,
    errors: Vec<InputError>,
}

impl Sources {
    /// Collects the files under `paths` (folders recursively, sorted by
    /// path; files with unknown extensions inside folders are skipped).
    /// `-` stands for standard input.
    pub fn new<P: AsRef<Path>>(paths: &[P]) -> Self {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for path in paths {
            let path = path.as_ref();
            if path == Path::new("-") {
                files.push(path.to_path_buf());
            } else if path.is_dir() {
                walk(path, &mut files, &mut errors);
            } else if path.exists() {
                files.push(path.to_path_buf());
            } else {
                errors.push(invalid(&path.display().to_string(), "no such file or folder"));
            }
        }
        Sources { files, errors }
    }

    /// The number of files to read (a JSONL or WARC file counts once).
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// Reads every file, calling `each` with the file and its items.
    pub fn for_each(self, mut each: impl FnMut(&Path, Vec<Item>)) {
        if !self.errors.is_empty() {
            each(Path::new(""), self.errors.into_iter().map(Err).collect());
        }
        for file in &self.files {
            each(file, read_file(file));
        }
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputError>) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            errors.push(invalid(&dir.display().to_string(), &e.to_string()));
            return;
        }
    };
    entries.sort();
    for entry in entries {
        let hidden = entry.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if entry.is_dir() {
            walk(&entry, files, errors);
        } else if entry.file_name().and_then(|n| n.to_str()).and_then(Format::from_name).is_some() {
            files.push(entry);
        }
    }
}

/// Reads one file (or `-` for stdin) into its reports.
pub fn read_file(path: &Path) -> Vec<Item> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    if let Err(e) = read {
        return vec![Err(invalid(&name, &format!("cannot read: {e}")))];
    }
    if path == Path::new("-") {
        return read_bytes_as("-", bytes, None);
    }
    read_bytes(&name, bytes)
}

/// Splits the bytes of one named input into reports, by its name's format
/// (or by sniffing when the name says nothing).
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Vec<Item> {
    read_bytes_as(name, bytes, Format::from_name(name))
}

/// Splits the bytes of one input into reports, in the given format
/// (sniffed when `None`).
pub fn read_bytes_as(name: &str, bytes: Vec<u8>, format: Option<Format>) -> Vec<Item> {
    let gz = name.to_ascii_lowercase().ends_with(".gz") || bytes.starts_with(&[0x1f, 0x8b]);
    let format = format.unwrap_or_else(|| Format::sniff(&bytes));
    let (bytes, gz_error) = if gz && bytes.starts_with(&[0x1f, 0x8b]) { gunzip(&bytes) } else { (bytes, None) };
    let mut items = match format {
        Format::Warc => parse_warc(name, &bytes),
        Format::Jsonl => parse_jsonl(name, &bytes),
        Format::Text | Format::Html => {
            let kind = if format == Format::Html { ContentKind::Html } else { ContentKind::Text };
            if bytes.is_empty() && gz_error.is_none() {
                vec![Err(invalid(name, "empty file"))]
            } else if bytes.is_empty() {
                vec![]
            } else {
                vec![Ok(RawReport { source: name.to_string(), kind, bytes, meta: SourceMeta::default() })]
            }
        }
    };
    if let Some(reason) = gz_error {
        items.push(Err(invalid(name, &reason)));
    }
    items
}

/// Decompresses gzip (multi-member too), keeping what was read before a
/// truncation or corruption and reporting it.
fn gunzip(bytes: &[u8]) -> (Vec<u8>, Option<String>) {
    let mut out = Vec::new();
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes);
    let mut buf = [0u8; 64 * 1024];
    loop {
        match decoder.read(&mut buf) {
            Ok(0) => return (out, None),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) => {
                return (out, Some(format!("truncated or corrupt gzip data ({e}); kept what came before")));
            }
        }
    }
}

pub(crate) fn invalid(name: &str, reason: &str) -> InputError {
    InputError::Invalid { source_name: name.to_string(), reason: reason.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn formats_from_names() {
        assert_eq!(Format::from_name("a/b.TXT"), Some(Format::Text));
        assert_eq!(Format::from_name("x.warc.gz"), Some(Format::Warc));
        assert_eq!(Format::from_name("x.html.gz"), Some(Format::Html));
        assert_eq!(Format::from_name("x.png"), None);
        assert_eq!(Format::sniff(b"  <html>"), Format::Html);
        assert_eq!(Format::sniff(b"{\"text\":1}"), Format::Jsonl);
        assert_eq!(Format::sniff(b"WARC/1.0\r\n"), Format::Warc);
        assert_eq!(Format::sniff(b"Just words"), Format::Text);
    }

    #[test]
    fn empty_file_is_an_error_naming_it() {
        let items = read_bytes("empty.txt", vec![]);
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(err.contains("empty.txt") && err.contains("empty"), "{err}");
    }

    #[test]
    fn truncated_gzip_keeps_the_head_and_reports() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let page = "<html><body><p>".to_string() + &"word ".repeat(20000) + "</p></body></html>";
        enc.write_all(page.as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        let cut = gz[..gz.len() / 2].to_vec();
        let items = read_bytes("page.html.gz", cut);
        assert!(items.iter().any(|i| i.as_ref().is_err_and(|e| e.to_string().contains("page.html.gz"))));
    }
}
