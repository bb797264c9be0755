//! The store: the only place that persists. One SQLite file, schema
//! migrations by `PRAGMA user_version`, WAL journal, and one transaction per
//! report (see [`Store::transaction`]) so a crash mid-ingest loses nothing
//! that was committed.
//!
//! Besides reports and incidents it holds the two retrieval indexes the
//! streaming stages use, so per-report cost does not grow with the corpus:
//! `copy_keys` (LSH bands → reports) and `incident_keys` (distinctive terms
//! → reports), plus document frequencies for term weights.
#![warn(missing_docs)]

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

/// Store errors: SQLite faults and stored data that does not parse.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored JSON column does not parse: the file is corrupt or newer.
    #[error("corrupt stored data in {what}: {reason}")]
    Corrupt {
        /// Which column of which row.
        what: String,
        /// The parse error.
        reason: String,
    },
    /// A transaction holding several units failed to commit: none is stored.
    #[error("not stored: the transaction failed to commit ({0})")]
    NotCommitted(String),
    /// The file was written by a newer Consilience.
    #[error("database schema version {found} is newer than this program's {supported}; upgrade Consilience")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
}

/// Store result.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Schema migrations, in order; entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: reports, families (as a column), incidents, history, indexes.
    r#"
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        raw BLOB NOT NULL,
        title TEXT, body TEXT NOT NULL, published TEXT, modified TEXT, dateline TEXT,
        outlet TEXT, author TEXT, url TEXT, lang TEXT,
        analysis TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        features TEXT NOT NULL,
        family TEXT NOT NULL,
        incident INTEGER,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX reports_incident ON reports(incident);
    CREATE INDEX reports_family ON reports(family);
    CREATE TABLE copy_keys (key INTEGER NOT NULL, report TEXT NOT NULL);
    CREATE INDEX copy_keys_key ON copy_keys(key);
    CREATE TABLE incident_keys (key INTEGER NOT NULL, report TEXT NOT NULL);
    CREATE INDEX incident_keys_key ON incident_keys(key);
    CREATE TABLE term_df (term INTEGER PRIMARY KEY, df INTEGER NOT NULL);
    CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        title TEXT, date TEXT, event_type TEXT, country TEXT,
        families INTEGER NOT NULL DEFAULT 0,
        disputed INTEGER NOT NULL DEFAULT 0,
        reports INTEGER NOT NULL DEFAULT 0,
        record TEXT NOT NULL
    );
    CREATE INDEX incidents_date ON incidents(date);
    CREATE TABLE incident_history (
        incident INTEGER NOT NULL,
        at TEXT NOT NULL,
        report TEXT,
        changed TEXT NOT NULL
    );
    CREATE INDEX incident_history_incident ON incident_history(incident);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    "#,
    // 2: full-text search over report titles and bodies (FTS5, kept in sync
    // by triggers), and indexes for the incident list's filters and order.
    r#"
    CREATE VIRTUAL TABLE reports_fts USING fts5(
        report UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO reports_fts (report, title, body) SELECT id, COALESCE(title, ''), body FROM reports;
    CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
        INSERT INTO reports_fts (report, title, body) VALUES (new.id, COALESCE(new.title, ''), new.body);
    END;
    CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
        DELETE FROM reports_fts WHERE report = old.id;
    END;
    CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, body ON reports BEGIN
        DELETE FROM reports_fts WHERE report = old.id;
        INSERT INTO reports_fts (report, title, body) VALUES (new.id, COALESCE(new.title, ''), new.body);
    END;
    CREATE INDEX incidents_order ON incidents(date IS NULL, date DESC, id DESC);
    CREATE INDEX incidents_country ON incidents(country COLLATE NOCASE);
    CREATE INDEX incidents_event_type ON incidents(event_type COLLATE NOCASE);
    "#,
    // 3: covering indexes for the incident list, so filters and paging read
    // index entries, not the wide records (100,000 incidents: a few ms).
    r#"
    DROP INDEX incidents_order;
    CREATE INDEX incidents_list ON incidents(
        date IS NULL, date DESC, id DESC, families, disputed, country COLLATE NOCASE, event_type COLLATE NOCASE
    );
    CREATE INDEX incidents_filter ON incidents(
        country COLLATE NOCASE, event_type COLLATE NOCASE, disputed, families, date
    );
    "#,
    // 4: the arrival counter is read per report: an index keeps it O(log n).
    r#"
    CREATE INDEX reports_seq ON reports(seq);
    "#,
    // 5: placement reads (an incident's newest members, a report's
    // incident, candidate incidents by key) come from covering indexes: the
    // wide report rows (raw bytes, body, analysis) are not walked per report.
    r#"
    DROP INDEX reports_incident;
    CREATE INDEX reports_placement ON reports(incident, seq, id, family, source);
    CREATE INDEX reports_id_incident ON reports(id, incident);
    "#,
    // 6: each incident key and copy key carries its report's incident, in
    // tables ordered by key, so candidate retrieval reads one key range per
    // key instead of looking up every posting's report (and the index that
    // lookup needed goes). Reports are named by arrival number, which keeps
    // the rows small; `n` keeps repeated (key, report) pairs apart; the
    // indexes on `seq` find a moving report's keys.
    r#"
    CREATE TABLE incident_keys_v6 (
        key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        n INTEGER NOT NULL,
        incident INTEGER,
        PRIMARY KEY (key, seq, n)
    ) WITHOUT ROWID;
    INSERT INTO incident_keys_v6 (key, seq, n, incident)
        SELECT k.key, r.seq, k.rowid, r.incident FROM incident_keys k JOIN reports r ON r.id = k.report;
    DROP TABLE incident_keys;
    ALTER TABLE incident_keys_v6 RENAME TO incident_keys;
    CREATE INDEX incident_keys_seq ON incident_keys(seq);
    CREATE TABLE copy_keys_v6 (
        key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        n INTEGER NOT NULL,
        incident INTEGER,
        PRIMARY KEY (key, seq, n)
    ) WITHOUT ROWID;
    INSERT INTO copy_keys_v6 (key, seq, n, incident)
        SELECT k.key, r.seq, k.rowid, r.incident FROM copy_keys k JOIN reports r ON r.id = k.report;
    DROP TABLE copy_keys;
    ALTER TABLE copy_keys_v6 RENAME TO copy_keys;
    CREATE INDEX copy_keys_seq ON copy_keys(seq);
    DROP INDEX reports_id_incident;
    "#,
    // 7: reports enter the full-text index from the store's code, all those
    // of a transaction at its commit (see `Store::index_pending_text`), not
    // from a trigger per row; what is indexed already stays.
    r#"
    DROP TRIGGER reports_fts_insert;
    "#,
    // 8: each incident key and copy key carries its report's day (days since
    // 1970-01-01 of its publish date; NULL when it has none), so candidate
    // retrieval keeps to a window of time around the new report (see
    // `Window`) without reading the reports.
    r#"
    ALTER TABLE incident_keys ADD COLUMN day INTEGER;
    ALTER TABLE copy_keys ADD COLUMN day INTEGER;
    CREATE TEMP TABLE report_days AS
        SELECT seq, CAST(julianday(substr(published, 1, 10)) - 2440587.5 AS INTEGER) AS day
        FROM reports WHERE published IS NOT NULL;
    CREATE INDEX temp.report_days_seq ON report_days(seq);
    UPDATE incident_keys SET day = (SELECT d.day FROM report_days d WHERE d.seq = incident_keys.seq);
    UPDATE copy_keys SET day = (SELECT d.day FROM report_days d WHERE d.seq = copy_keys.seq);
    DROP TABLE temp.report_days;
    "#,
    // 9: an incident's record may lag its reports. A big incident is fused
    // again only once the changes since its last fusion reach a share of
    // the reports fused then (see the pipeline's deferred fusion); until
    // then `pending` counts those changes, `pending_report` names the last
    // report that made one, and `reports` and `families` stay exact.
    r#"
    ALTER TABLE incidents ADD COLUMN fused_reports INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE incidents ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE incidents ADD COLUMN pending_report TEXT;
    UPDATE incidents SET fused_reports = reports;
    CREATE INDEX incidents_pending ON incidents(id) WHERE pending > 0;
    "#,
];

/// Which stored reports are near enough in time to a new one to be its
/// candidates: when both have a publish date, those within `days` of its
/// day; otherwise (either has none) those among the last `arrivals` to
/// arrive before it. A stream's state outside its active window stays in
/// the store and costs nothing to place a report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The new report's arrival number.
    pub seq: i64,
    /// Its day (see [`day_number`]), if it has a publish date.
    pub day: Option<i64>,
    /// Days either side of `day`.
    pub days: i64,
    /// Arrivals before `seq`, for reports without a date.
    pub arrivals: i64,
}

impl Window {
    /// No bound in time: every report is near.
    pub fn all() -> Self {
        Window { seq: i64::MAX, day: None, days: i64::MAX, arrivals: i64::MAX }
    }

    /// Whether a stored report (arrival number, day) is in the window.
    pub fn admits(&self, seq: i64, day: Option<i64>) -> bool {
        match (self.day, day) {
            (Some(d), Some(e)) => d.abs_diff(e) <= self.days as u64,
            _ => self.seq.saturating_sub(seq) <= self.arrivals,
        }
    }
}

/// Days since 1970-01-01 of a publish date or datetime (`YYYY-MM-DD…`),
/// as SQLite's `julianday` counts them; `None` when it is not one.
pub fn day_number(published: &str) -> Option<i64> {
    let b = published.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (proleptic Gregorian), as in Howard Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Query plans that do not depend on bound values. Without this SQLite
/// (3.54) marks a statement with `column = ?` on an indexed column for
/// re-preparation whenever a new value is bound, so every cached placement
/// query was parsed and planned again on each use (a tenth of placement time
/// in profiles); the plans here are the same for any value.
fn stable_plans(conn: &Connection) -> Result<()> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// Keys found in more reports than this do not discriminate: candidate
/// retrieval skips them, which keeps its cost bounded as the corpus grows.
const MAX_POSTINGS: usize = 150;

/// A report as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    /// Content hash of the raw bytes.
    pub id: String,
    /// Arrival order.
    pub seq: i64,
    /// Path or URL it came from.
    pub source: String,
    /// `text` or `html`.
    pub kind: String,
    /// The bytes as received.
    #[serde(skip)]
    pub raw: Vec<u8>,
    /// The extracted body and metadata.
    pub body: consilience_core::Body,
    /// The analysis (JSON).
    pub analysis: String,
    /// The copy fingerprint (JSON).
    pub fingerprint: String,
    /// The incident features (JSON).
    pub features: String,
    /// Family key.
    pub family: String,
    /// Incident id.
    pub incident: Option<i64>,
    /// When it was ingested (RFC 3339).
    pub ingested_at: String,
}

/// The changing columns of a report that re-clustering reads (its features
/// and fingerprint never change: see [`Store::clustering_data`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterRow {
    /// Report id.
    pub id: String,
    /// Arrival order.
    pub seq: i64,
    /// Where it came from.
    pub source: String,
    /// Family key.
    pub family: String,
    /// Incident id.
    pub incident: Option<i64>,
}

/// An incident row: the fused record (JSON) and a few columns to filter on.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    /// Incident id.
    pub id: i64,
    /// Created (RFC 3339).
    pub created_at: String,
    /// Last changed (RFC 3339).
    pub updated_at: String,
    /// The fused record (JSON).
    pub record: String,
    /// Changes to its reports since the record was fused (0: it is current).
    pub pending: i64,
}

/// One entry of an incident's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (RFC 3339).
    pub at: String,
    /// The report that caused the change.
    pub report: Option<String>,
    /// Fields that changed (`reports`, `families`, field names…).
    pub changed: Vec<String>,
}

/// Summary columns written beside an incident's record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentColumns {
    /// Title.
    pub title: Option<String>,
    /// Date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Event type.
    pub event_type: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// Independent families.
    pub families: i64,
    /// Whether any field is disputed.
    pub disputed: bool,
    /// Number of reports.
    pub reports: i64,
}

/// Candidate incidents with the number of keys each shares (best first),
/// and the keys skipped as too common.
pub type CandidateIncidents = (Vec<(i64, i64)>, Vec<i64>);

/// The SQLite store.
pub struct Store {
    conn: Connection,
    /// Inside [`Store::transaction`]: the reports (rowids) stored in it and
    /// not yet in the full-text index, which takes them all at the commit.
    fts_pending: RefCell<Option<Vec<i64>>>,
    /// Copies the write-ahead log into the database file, on a thread of
    /// its own (a file store opened for writing only).
    checkpointer: Option<Checkpointer>,
    /// How incident queries read [`IncidentRow::pending`]: its column, or
    /// `0` in a store opened read-only at a schema from before it (9).
    pending: &'static str,
}

/// Checkpoints the write-ahead log from a second connection on a thread of
/// its own, after each commit, rather than inside the commit that crossed
/// SQLite's threshold (a checkpoint writes and syncs thousands of pages:
/// the writer waited for it, a tenth of its time placing reports). A
/// passive checkpoint runs beside the writer, but the writer starts its
/// next transaction at once, before the log could be reused: so when the
/// log has grown past [`WAL_LIMIT`] the writer checkpoints what is left
/// itself and empties it.
struct Checkpointer {
    wake: Option<std::sync::mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    wal: std::path::PathBuf,
}

/// Size of the write-ahead log past which the writer empties it.
const WAL_LIMIT: u64 = 64 << 20;

impl Checkpointer {
    fn start(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let (wake, woken) = std::sync::mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("consilience-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    // Busy (the writer holds a lock a checkpoint needs) is
                    // fine: the next commit wakes this again.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .map_err(|e| StoreError::Corrupt { what: "checkpoint thread".into(), reason: e.to_string() })?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Ok(Checkpointer { wake: Some(wake), thread: Some(thread), wal: wal.into() })
    }

    /// After a commit on `conn`.
    fn committed(&self, conn: &Connection) {
        if std::fs::metadata(&self.wal).is_ok_and(|m| m.len() > WAL_LIMIT) {
            // Waits for a checkpoint in progress, copies the rest, empties the log.
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        } else if let Some(w) = &self.wake {
            // Already woken and not yet run: one run covers both.
            let _ = w.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.wake.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Store {
    /// Opens (creating if needed) and migrates the store at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        let mut store = Self::setup(conn)?;
        let wal: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if wal.eq_ignore_ascii_case("wal") {
            store.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
            store.checkpointer = Some(Checkpointer::start(path)?);
        }
        Ok(store)
    }

    /// Opens a store read-only (for `serve` and queries).
    pub fn open_read_only(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        stable_plans(&conn)?;
        let mut store = Store { conn, fts_pending: RefCell::new(None), checkpointer: None, pending: "pending" };
        // Not migrated (it cannot be): its records are all fused.
        if store.schema_version()? < 9 {
            store.pending = "0";
        }
        Ok(store)
    }

    /// An in-memory store (tests).
    pub fn in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Candidate retrieval reads many small rows: keep pages in memory.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "mmap_size", 268_435_456)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Placement runs some twenty distinct statements per report.
        conn.set_prepared_statement_cache_capacity(64);
        stable_plans(&conn)?;
        let mut store = Store { conn, fts_pending: RefCell::new(None), checkpointer: None, pending: "pending" };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.schema_version()?;
        let supported = MIGRATIONS.len() as i64;
        if version > supported {
            return Err(StoreError::TooNew { found: version, supported });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Runs `f` in one transaction: all of it is stored, or none.
    pub fn transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.run("BEGIN IMMEDIATE")?;
        *self.fts_pending.borrow_mut() = Some(Vec::new());
        let result = f(self).and_then(|v| {
            self.index_pending_text()?;
            self.run("COMMIT")?;
            if let Some(c) = &self.checkpointer {
                c.committed(&self.conn);
            }
            Ok(v)
        });
        *self.fts_pending.borrow_mut() = None;
        if result.is_err() && !self.conn.is_autocommit() {
            let _ = self.run("ROLLBACK");
        }
        result
    }

    /// Runs `f` inside the current transaction as a unit of its own: when
    /// it fails, what it did is undone and the transaction goes on.
    pub fn savepoint<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.run("SAVEPOINT unit")?;
        let pending = self.fts_pending.borrow().as_ref().map(Vec::len);
        match f(self) {
            Ok(v) => {
                self.run("RELEASE unit")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.run("ROLLBACK TO unit").and_then(|_| self.run("RELEASE unit"));
                if let (Some(n), Some(p)) = (pending, self.fts_pending.borrow_mut().as_mut()) {
                    p.truncate(n);
                }
                Err(e)
            }
        }
    }

    /// Adds the reports stored in this transaction to the full-text index.
    /// One pass at the commit rather than a trigger per report: FTS5 writes
    /// its pending terms out at every savepoint and statement journal it
    /// sees, which cost a segment per report.
    fn index_pending_text(&self) -> Result<()> {
        let pending = self.fts_pending.borrow_mut().as_mut().map(std::mem::take).unwrap_or_default();
        for rowid in pending {
            self.index_text(rowid)?;
        }
        Ok(())
    }

    fn index_text(&self, rowid: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO reports_fts (report, title, body)
                 SELECT id, COALESCE(title, ''), body FROM reports WHERE rowid = ?1",
            )?
            .execute([rowid])?;
        Ok(())
    }

    /// Runs one statement without parameters through the statement cache
    /// (a report runs a savepoint and its release: parsing them each time
    /// showed in profiles).
    fn run(&self, sql: &str) -> Result<()> {
        self.conn.prepare_cached(sql)?.execute([])?;
        Ok(())
    }

    /// Whether a report with this id is stored.
    pub fn has_report(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM reports WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The next arrival number.
    pub fn next_seq(&self) -> Result<i64> {
        Ok(self.conn.prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM reports")?.query_row([], |r| r.get(0))?)
    }

    /// Stores a new report with its index keys. A report placed while it is
    /// stored is best stored with its incident: that saves an update.
    pub fn insert_report(&self, r: &ReportRow, copy_keys: &[i64], incident_keys: &[i64]) -> Result<()> {
        let b = &r.body;
        self.conn.prepare_cached(
            "INSERT INTO reports (id, seq, source, kind, raw, title, body, published, modified, dateline, outlet, author, url, lang,
                                  analysis, fingerprint, features, family, incident, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)")?.execute(
            params![
                r.id, r.seq, r.source, r.kind, r.raw, b.title, b.body, b.published, b.modified, b.dateline, b.outlet, b.author,
                b.url, b.lang, r.analysis, r.fingerprint, r.features, r.family, r.incident, r.ingested_at
            ],
        )?;
        let rowid = self.conn.last_insert_rowid();
        match self.fts_pending.borrow_mut().as_mut() {
            Some(pending) => pending.push(rowid),
            None => self.index_text(rowid)?,
        }
        let day = r.body.published.as_deref().and_then(day_number);
        self.add_keys(r.seq, day, copy_keys, incident_keys, r.incident)
    }

    /// Adds a report's copy keys and incident keys, noting its incident
    /// (kept in step by [`Store::set_incident`]).
    fn add_keys(
        &self,
        seq: i64,
        day: Option<i64>,
        copy_keys: &[i64],
        incident_keys: &[i64],
        incident: Option<i64>,
    ) -> Result<()> {
        for (table, keys) in [("copy_keys", copy_keys), ("incident_keys", incident_keys)] {
            let mut ins = self.conn.prepare_cached(&format!(
                "INSERT INTO {table} (key, seq, n, incident, day) VALUES (?1, ?2, ?3, ?4, ?5)"
            ))?;
            for (n, k) in keys.iter().enumerate() {
                ins.execute(params![k, seq, n as i64, incident, day])?;
            }
        }
        Ok(())
    }

    /// Incidents of the placed reports sharing any of these LSH band keys, in order.
    pub fn incidents_by_copy_keys(&self, keys: &[i64]) -> Result<Vec<i64>> {
        self.incidents_by_copy_keys_within(keys, &Window::all())
    }

    /// [`Store::incidents_by_copy_keys`] among the reports in `window`, of
    /// the newest 150 sharing each key (those of a story copied
    /// more often are copies of one another: its newest copies name its incident).
    pub fn incidents_by_copy_keys_within(&self, keys: &[i64], window: &Window) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        let mut q = self.conn.prepare_cached(
            "SELECT incident, seq, day FROM copy_keys WHERE key = ?1 AND incident IS NOT NULL ORDER BY seq DESC LIMIT ?2",
        )?;
        for k in keys {
            let rows = q.query_map(params![k, MAX_POSTINGS as i64], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<i64>>(2)?))
            })?;
            for row in rows {
                let (incident, seq, day) = row?;
                if window.admits(seq, day) {
                    out.push(incident);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// Reports sharing any of these LSH band keys.
    pub fn reports_by_copy_keys(&self, keys: &[i64]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut q = self.conn.prepare_cached(
            "SELECT DISTINCT r.id FROM copy_keys k JOIN reports r INDEXED BY reports_seq ON r.seq = k.seq WHERE k.key = ?1",
        )?;
        for k in keys {
            for r in q.query_map([k], |r| r.get::<_, String>(0))? {
                out.push(r?);
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// Incidents whose reports share the most index keys with these, best
    /// first, at most `limit`. Keys shared by too many reports are skipped
    /// (they do not discriminate and would make the query grow with the corpus).
    pub fn incidents_by_keys(&self, keys: &[i64], limit: usize) -> Result<Vec<(i64, i64)>> {
        Ok(self.incidents_by_keys_noting(keys, limit)?.0)
    }

    /// [`Store::incidents_by_keys`], and the keys it skipped as too common.
    pub fn incidents_by_keys_noting(&self, keys: &[i64], limit: usize) -> Result<CandidateIncidents> {
        self.incidents_by_keys_within(keys, limit, &Window::all())
    }

    /// [`Store::incidents_by_keys_noting`] among the reports in `window`. A
    /// key is too common when 150 reports have it, in the window or not: a
    /// key that common anywhere in the stream (a place, a topic word) pulls
    /// in look-alikes wherever it recurs, and a key once common stays so.
    pub fn incidents_by_keys_within(&self, keys: &[i64], limit: usize, window: &Window) -> Result<CandidateIncidents> {
        let mut hits: HashMap<i64, i64> = HashMap::new();
        let mut common = Vec::new();
        let mut q = self.conn.prepare_cached(
            "SELECT incident, seq, day FROM incident_keys WHERE key = ?1 AND incident IS NOT NULL
             ORDER BY seq DESC LIMIT ?2",
        )?;
        for k in keys {
            let (mut seen, mut postings) = (Vec::new(), 0);
            let rows = q.query_map(params![k, MAX_POSTINGS as i64], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, Option<i64>>(2)?))
            })?;
            for row in rows {
                let (incident, seq, day) = row?;
                postings += 1;
                if window.admits(seq, day) {
                    seen.push(incident);
                }
            }
            if postings >= MAX_POSTINGS {
                common.push(*k);
                continue;
            }
            seen.sort_unstable();
            seen.dedup();
            for i in seen {
                *hits.entry(i).or_default() += 1;
            }
        }
        let mut v: Vec<(i64, i64)> = hits.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(limit);
        Ok((v, common))
    }

    /// One report.
    pub fn report(&self, id: &str) -> Result<Option<ReportRow>> {
        self.conn
            .query_row(&format!("{REPORT_SELECT} WHERE id = ?1"), [id], row_to_report)
            .optional()
            .map_err(Into::into)
    }

    /// Reports of an incident, in arrival order.
    pub fn reports_of_incident(&self, incident: i64) -> Result<Vec<ReportRow>> {
        let mut q = self.conn.prepare_cached(&format!("{REPORT_SELECT} WHERE incident = ?1 ORDER BY seq"))?;
        let rows = q.query_map([incident], row_to_report)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// What re-clustering needs of an incident's reports, newest first, at
    /// most `limit`, read from an index alone.
    pub fn cluster_rows_of_incident(&self, incident: i64, limit: usize) -> Result<Vec<ClusterRow>> {
        let mut q = self.conn.prepare_cached(
            "SELECT id, seq, source, family, incident FROM reports INDEXED BY reports_placement
             WHERE incident = ?1 ORDER BY seq DESC LIMIT ?2",
        )?;
        let rows = q
            .query_map(params![incident, limit as i64], |r| {
                Ok(ClusterRow {
                    id: r.get(0)?,
                    seq: r.get(1)?,
                    source: r.get(2)?,
                    family: r.get(3)?,
                    incident: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A report's incident features and copy fingerprint (both JSON), which
    /// never change once it is stored.
    pub fn clustering_data(&self, report: &str) -> Result<Option<(String, String)>> {
        let mut q = self.conn.prepare_cached("SELECT features, fingerprint FROM reports WHERE id = ?1")?;
        Ok(q.query_row([report], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// The incident a report belongs to, if it is stored and placed.
    pub fn incident_of(&self, report: &str) -> Result<Option<i64>> {
        let mut q = self.conn.prepare_cached("SELECT incident FROM reports WHERE id = ?1")?;
        Ok(q.query_row([report], |r| r.get::<_, Option<i64>>(0)).optional()?.flatten())
    }

    /// Reports of an incident as fusion reads them: everything but the raw
    /// bytes, the fingerprint and the features (left empty), in arrival order.
    pub fn fusion_rows_of_incident(&self, incident: i64) -> Result<Vec<ReportRow>> {
        let mut q = self.conn.prepare_cached(
            "SELECT id, seq, source, kind, X'', title, body, published, modified, dateline, outlet, author, url, lang,
                    analysis, '', '', family, incident, ingested_at FROM reports WHERE incident = ?1 ORDER BY seq",
        )?;
        let rows = q.query_map([incident], row_to_report)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Reports of a family.
    pub fn reports_of_family(&self, family: &str) -> Result<Vec<String>> {
        let mut q = self.conn.prepare_cached("SELECT id FROM reports WHERE family = ?1 ORDER BY id")?;
        let rows = q.query_map([family], |r| r.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Renames a family (when two merge).
    pub fn rename_family(&self, from: &str, to: &str) -> Result<()> {
        self.conn.prepare_cached("UPDATE reports SET family = ?2 WHERE family = ?1")?.execute(params![from, to])?;
        Ok(())
    }

    /// Moves a report to an incident.
    pub fn set_incident(&self, report: &str, incident: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE reports SET incident = ?2 WHERE id = ?1")?
            .execute(params![report, incident])?;
        for table in ["copy_keys", "incident_keys"] {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE {table} SET incident = ?2 WHERE seq = (SELECT seq FROM reports WHERE id = ?1)"
                ))?
                .execute(params![report, incident])?;
        }
        Ok(())
    }

    /// An incident's reports at its last fusion and its changes since
    /// (`None` when there is no such incident).
    pub fn fusion_state(&self, id: i64) -> Result<Option<(i64, i64)>> {
        self.conn
            .prepare_cached("SELECT fused_reports, pending FROM incidents WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(Into::into)
    }

    /// Notes changes to an incident's reports without fusing it again: its
    /// record stays as it was, its report and family counts become exact.
    /// `changes` more changes are pending, the last made by `report`.
    pub fn defer_fusion(&self, id: i64, changes: i64, report: &str, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE incidents SET pending = pending + ?2, pending_report = ?3, updated_at = ?4,
                    (reports, families) = (SELECT COUNT(*), COUNT(DISTINCT family) FROM reports WHERE incident = ?1)
                 WHERE id = ?1",
            )?
            .execute(params![id, changes, report, now])?;
        Ok(())
    }

    /// Incidents whose record lags their reports, each with the last report
    /// that changed it.
    pub fn pending_incidents(&self) -> Result<Vec<(i64, String)>> {
        let mut q = self
            .conn
            .prepare_cached("SELECT id, COALESCE(pending_report, '') FROM incidents WHERE pending > 0 ORDER BY id")?;
        let rows = q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Creates an empty incident and returns its id.
    pub fn create_incident(&self, now: &str) -> Result<i64> {
        self.conn
            .prepare_cached("INSERT INTO incidents (created_at, updated_at, record) VALUES (?1, ?1, '{}')")?
            .execute([now])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Writes an incident's fused record and its summary columns.
    pub fn update_incident(&self, id: i64, record: &str, cols: &IncidentColumns, now: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE incidents SET record = ?2, title = ?3, date = ?4, event_type = ?5, country = ?6, families = ?7,
                    disputed = ?8, reports = ?9, updated_at = ?10, fused_reports = ?9, pending = 0,
                    pending_report = NULL WHERE id = ?1",
            )?
            .execute(params![
                id,
                record,
                cols.title,
                cols.date,
                cols.event_type,
                cols.country,
                cols.families,
                cols.disputed,
                cols.reports,
                now
            ])?;
        Ok(())
    }

    /// Deletes an incident left without reports (its reports moved), keeping a history note.
    pub fn delete_incident(&self, id: i64) -> Result<()> {
        self.conn.prepare_cached("DELETE FROM incidents WHERE id = ?1")?.execute([id])?;
        self.conn.prepare_cached("DELETE FROM incident_history WHERE incident = ?1")?.execute([id])?;
        Ok(())
    }

    /// Appends to an incident's history.
    pub fn add_history(&self, incident: i64, entry: &HistoryEntry) -> Result<()> {
        let changed = serde_json::to_string(&entry.changed).unwrap_or_else(|_| "[]".into());
        self.conn
            .prepare_cached("INSERT INTO incident_history (incident, at, report, changed) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![incident, entry.at, entry.report, changed])?;
        Ok(())
    }

    /// An incident's history, oldest first.
    pub fn history(&self, incident: i64) -> Result<Vec<HistoryEntry>> {
        let mut q = self
            .conn
            .prepare_cached("SELECT at, report, changed FROM incident_history WHERE incident = ?1 ORDER BY rowid")?;
        let rows = q
            .query_map([incident], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, String>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(at, report, changed)| {
                let changed = serde_json::from_str(&changed).map_err(|e| StoreError::Corrupt {
                    what: format!("incident_history of {incident}"),
                    reason: e.to_string(),
                })?;
                Ok(HistoryEntry { at, report, changed })
            })
            .collect()
    }

    /// One incident.
    pub fn incident(&self, id: i64) -> Result<Option<IncidentRow>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT id, created_at, updated_at, record, {} FROM incidents WHERE id = ?1",
                self.pending
            ))?
            .query_row([id], row_to_incident)
            .optional()
            .map_err(Into::into)
    }

    /// All incidents, newest event first (undated ones last, then by id).
    pub fn incidents(&self) -> Result<Vec<IncidentRow>> {
        let mut q = self.conn.prepare(&format!(
            "SELECT id, created_at, updated_at, record, {} FROM incidents ORDER BY date IS NULL, date DESC, id DESC",
            self.pending
        ))?;
        let rows = q.query_map([], row_to_incident)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// SQLite's own consistency check: `"ok"` when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Document frequencies of these terms, and the document count.
    pub fn document_frequencies(&self, terms: &[u32]) -> Result<(u64, HashMap<u32, u64>)> {
        // Reports are never deleted, so the newest arrival number is the
        // count, read from an index instead of a scan.
        let docs: i64 =
            self.conn.prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM reports")?.query_row([], |r| r.get(0))?;
        let mut q = self.conn.prepare_cached("SELECT df FROM term_df WHERE term = ?1")?;
        let mut out = HashMap::new();
        for &t in terms {
            if let Some(df) = q.query_row([t as i64], |r| r.get::<_, i64>(0)).optional()? {
                out.insert(t, df as u64);
            }
        }
        Ok((docs as u64, out))
    }

    /// Counts `n` more documents containing each term of `(term, n)`.
    pub fn add_document_term_counts(&self, counts: &[(u32, u64)]) -> Result<()> {
        let mut q = self.conn.prepare_cached(
            "INSERT INTO term_df (term, df) VALUES (?1, ?2) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        )?;
        for &(t, n) in counts {
            q.execute(params![t as i64, n as i64])?;
        }
        Ok(())
    }

    /// Counts one more document containing each of these terms.
    pub fn add_document_terms(&self, terms: &[u32]) -> Result<()> {
        let mut q = self.conn.prepare_cached(
            "INSERT INTO term_df (term, df) VALUES (?1, 1) ON CONFLICT(term) DO UPDATE SET df = df + 1",
        )?;
        for &t in terms {
            q.execute([t as i64])?;
        }
        Ok(())
    }
}

/// Filters of the incident list (`GET /api/incidents`); `None` means any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentFilter {
    /// Earliest event date (`YYYY-MM-DD`, inclusive).
    pub from: Option<String>,
    /// Latest event date (`YYYY-MM-DD`, inclusive).
    pub to: Option<String>,
    /// Country name, case-insensitive.
    pub country: Option<String>,
    /// Event type, case-insensitive.
    pub event_type: Option<String>,
    /// At least this many independent families.
    pub min_families: Option<i64>,
    /// With (true) or without (false) a disputed field.
    pub disputed: Option<bool>,
}

/// One full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Report id.
    pub report: String,
    /// The report's incident.
    pub incident: Option<i64>,
    /// The report's title.
    pub title: Option<String>,
    /// A snippet of the matching text; matches are wrapped in the
    /// `open`/`close` markers passed to [`Store::search`].
    pub snippet: String,
}

impl Store {
    /// A page of incidents matching `filter`, newest event first (undated
    /// last, then by id), and the number matching in all.
    pub fn incidents_page(&self, filter: &IncidentFilter, offset: i64, limit: i64) -> Result<(Vec<IncidentRow>, i64)> {
        let mut wh: Vec<&str> = Vec::new();
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        use rusqlite::types::Value as V;
        if let Some(f) = &filter.from {
            wh.push("date >= ?");
            args.push(V::Text(f.clone()));
        }
        if let Some(t) = &filter.to {
            wh.push("date <= ?");
            args.push(V::Text(t.clone()));
        }
        if let Some(c) = &filter.country {
            wh.push("country = ? COLLATE NOCASE");
            args.push(V::Text(c.clone()));
        }
        if let Some(t) = &filter.event_type {
            wh.push("event_type = ? COLLATE NOCASE");
            args.push(V::Text(t.clone()));
        }
        if let Some(n) = filter.min_families {
            wh.push("families >= ?");
            args.push(V::Integer(n));
        }
        if let Some(d) = filter.disputed {
            wh.push(if d { "disputed != 0" } else { "disputed = 0" });
        }
        let wh = if wh.is_empty() { String::new() } else { format!(" WHERE {}", wh.join(" AND ")) };
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT COUNT(*) FROM incidents{wh}"))?
            .query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let mut page_args = args.clone();
        page_args.push(V::Integer(limit));
        page_args.push(V::Integer(offset));
        let mut q = self.conn.prepare_cached(&format!(
            "SELECT i.id, i.created_at, i.updated_at, i.record, {pending} FROM incidents i
             JOIN (SELECT id FROM incidents{wh} ORDER BY date IS NULL, date DESC, id DESC LIMIT ? OFFSET ?) p
               ON p.id = i.id
             ORDER BY i.date IS NULL, i.date DESC, i.id DESC",
            pending = if self.pending == "pending" { "i.pending" } else { "0" },
        ))?;
        let rows = q
            .query_map(rusqlite::params_from_iter(page_args.iter()), row_to_incident)?
            .collect::<rusqlite::Result<_>>()?;
        Ok((rows, total))
    }

    /// Distinct values of the list's facets (country, event type), for filter forms.
    pub fn incident_facets(&self) -> Result<(Vec<String>, Vec<String>)> {
        let col = |c: &str| -> Result<Vec<String>> {
            let mut q = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT {c} FROM incidents WHERE {c} IS NOT NULL ORDER BY {c} COLLATE NOCASE LIMIT 300"
            ))?;
            let v = q.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            Ok(v)
        };
        Ok((col("country")?, col("event_type")?))
    }

    /// A report by its id or by a unique prefix of it (at least 6 characters).
    pub fn report_by_prefix(&self, id: &str) -> Result<Option<ReportRow>> {
        if let Some(r) = self.report(id)? {
            return Ok(Some(r));
        }
        if id.len() < 6 || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(None);
        }
        let mut q = self.conn.prepare_cached(&format!("{REPORT_SELECT} WHERE id >= ?1 AND id < ?1 || '~' LIMIT 2"))?;
        let rows = q.query_map([id], row_to_report)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(if rows.len() == 1 { rows.into_iter().next() } else { None })
    }

    /// Full-text search over report titles and bodies, best match first.
    /// `query` is an FTS5 query (see [`fts_query`] to build one from user
    /// words); matches in the snippet are wrapped in `open` and `close`.
    pub fn search(&self, query: &str, open: &str, close: &str, limit: i64) -> Result<Vec<SearchHit>> {
        let mut q = self.conn.prepare_cached(
            "SELECT f.report, r.incident, r.title, snippet(reports_fts, -1, ?2, ?3, '…', 24)
             FROM reports_fts f JOIN reports r ON r.id = f.report
             WHERE reports_fts MATCH ?1 ORDER BY rank LIMIT ?4",
        )?;
        let rows = q
            .query_map(params![query, open, close, limit], |r| {
                Ok(SearchHit { report: r.get(0)?, incident: r.get(1)?, title: r.get(2)?, snippet: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// An FTS5 query from what a person typed: words (letters and digits) each
/// quoted, `"a phrase"` kept as a phrase, a trailing `*` as a prefix match;
/// all terms must match. `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let mut terms = Vec::new();
    for (i, part) in input.split('"').enumerate() {
        let words: Vec<(String, bool)> = part
            .split(|c: char| !(c.is_alphanumeric() || c == '*'))
            .filter_map(|w| {
                let prefix = w.ends_with('*');
                let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
                (!w.is_empty()).then_some((w, prefix))
            })
            .collect();
        if words.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            let phrase: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
            terms.push(format!("\"{}\"", phrase.join(" ")));
        } else {
            for (w, prefix) in words {
                terms.push(if prefix { format!("\"{w}\"*") } else { format!("\"{w}\"") });
            }
        }
    }
    (!terms.is_empty()).then(|| terms.join(" "))
}

const REPORT_SELECT: &str =
    "SELECT id, seq, source, kind, raw, title, body, published, modified, dateline, outlet, author, url, lang,
    analysis, fingerprint, features, family, incident, ingested_at FROM reports";

fn row_to_report(r: &rusqlite::Row) -> rusqlite::Result<ReportRow> {
    Ok(ReportRow {
        id: r.get(0)?,
        seq: r.get(1)?,
        source: r.get(2)?,
        kind: r.get(3)?,
        raw: r.get(4)?,
        body: consilience_core::Body {
            title: r.get(5)?,
            body: r.get(6)?,
            published: r.get(7)?,
            modified: r.get(8)?,
            dateline: r.get(9)?,
            outlet: r.get(10)?,
            author: r.get(11)?,
            url: r.get(12)?,
            lang: r.get(13)?,
        },
        analysis: r.get(14)?,
        fingerprint: r.get(15)?,
        features: r.get(16)?,
        family: r.get(17)?,
        incident: r.get(18)?,
        ingested_at: r.get(19)?,
    })
}

fn row_to_incident(r: &rusqlite::Row) -> rusqlite::Result<IncidentRow> {
    Ok(IncidentRow {
        id: r.get(0)?,
        created_at: r.get(1)?,
        updated_at: r.get(2)?,
        record: r.get(3)?,
        pending: r.get(4)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str) -> ReportRow {
        ReportRow {
            id: id.into(),
            seq: 1,
            source: format!("{id}.txt"),
            kind: "text".into(),
            raw: b"raw".to_vec(),
            body: consilience_core::Body { body: "Body.".into(), ..Default::default() },
            analysis: "{}".into(),
            fingerprint: "{}".into(),
            features: "{}".into(),
            family: id.into(),
            incident: None,
            ingested_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn migrates_and_round_trips() {
        let mut s = Store::in_memory().unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
        s.transaction(|s| {
            s.insert_report(&row("a"), &[1, 2], &[10])?;
            let inc = s.create_incident("now")?;
            s.set_incident("a", inc)?;
            Ok::<_, StoreError>(())
        })
        .unwrap();
        assert!(s.has_report("a").unwrap());
        assert_eq!(s.reports_by_copy_keys(&[2, 3]).unwrap(), vec!["a".to_string()]);
        assert_eq!(s.incidents_by_copy_keys(&[2, 3]).unwrap(), vec![1]);
        assert_eq!(s.incident_of("a").unwrap(), Some(1));
        assert_eq!(s.incidents_by_keys(&[10], 5).unwrap(), vec![(1, 1)]);
        assert_eq!(s.reports_of_incident(1).unwrap()[0].body.body, "Body.");
    }

    #[test]
    fn full_text_search_and_filtered_pages() {
        let mut s = Store::in_memory().unwrap();
        s.transaction(|s| {
            let mut a = row("aaaaaaaa1");
            a.body.title = Some("Rockets hit embassy".into());
            a.body.body = "Two rockets hit the embassy in Baghdad on Friday.".into();
            s.insert_report(&a, &[], &[])?;
            let mut b = row("bbbbbbbb2");
            b.body.body = "A protest in Paris.".into();
            s.insert_report(&b, &[], &[])?;
            for (date, country, fams, disputed) in [
                (Some("2023-12-08"), "Iraq", 3, true),
                (Some("2024-01-02"), "France", 1, false),
                (None, "Iraq", 1, false),
            ] {
                let id = s.create_incident("now")?;
                let cols = IncidentColumns {
                    date: date.map(str::to_string),
                    country: Some(country.into()),
                    families: fams,
                    disputed,
                    ..Default::default()
                };
                s.update_incident(id, "{}", &cols, "now")?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
        let hits = s.search(&fts_query("baghdad rock*").unwrap(), "[", "]", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].report, "aaaaaaaa1");
        assert!(hits[0].snippet.contains("[Baghdad]"), "{}", hits[0].snippet);
        assert!(s.search(&fts_query("\"embassy in Baghdad\"").unwrap(), "[", "]", 10).unwrap().len() == 1);
        assert!(s.search(&fts_query("paris embassy").unwrap(), "[", "]", 10).unwrap().is_empty());
        assert_eq!(fts_query(" ,.;\"\" "), None);
        assert_eq!(fts_query("a OR b) NEAR"), Some("\"a\" \"OR\" \"b\" \"NEAR\"".into()));

        let all = IncidentFilter::default();
        let (rows, total) = s.incidents_page(&all, 0, 10).unwrap();
        assert_eq!(total, 3);
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2, 1, 3]);
        let (rows, total) = s.incidents_page(&all, 1, 1).unwrap();
        assert_eq!((rows[0].id, total), (1, 3));
        let iraq = IncidentFilter { country: Some("iraq".into()), ..Default::default() };
        assert_eq!(s.incidents_page(&iraq, 0, 10).unwrap().1, 2);
        let f = IncidentFilter { from: Some("2023-12-01".into()), to: Some("2023-12-31".into()), ..Default::default() };
        assert_eq!(s.incidents_page(&f, 0, 10).unwrap().0[0].id, 1);
        let f = IncidentFilter { min_families: Some(2), disputed: Some(true), ..Default::default() };
        assert_eq!(s.incidents_page(&f, 0, 10).unwrap().1, 1);
        assert_eq!(s.report_by_prefix("bbbbbb").unwrap().unwrap().id, "bbbbbbbb2");
        assert!(s.report_by_prefix("bbb").unwrap().is_none());
    }

    #[test]
    fn failed_transaction_leaves_nothing() {
        let mut s = Store::in_memory().unwrap();
        let r: std::result::Result<(), StoreError> = s.transaction(|s| {
            s.insert_report(&row("a"), &[], &[])?;
            s.insert_report(&row("a"), &[], &[])?; // duplicate id: fails
            Ok(())
        });
        assert!(r.is_err());
        assert!(!s.has_report("a").unwrap());
        assert!(s.search("Body", "[", "]", 5).unwrap().is_empty(), "nor any text in the index");
    }

    #[test]
    fn document_counts_add_up_one_by_one_or_together() {
        let s = Store::in_memory().unwrap();
        s.add_document_terms(&[1, 2]).unwrap();
        s.add_document_term_counts(&[(2, 3), (5, 2)]).unwrap();
        let (_, df) = s.document_frequencies(&[1, 2, 5, 9]).unwrap();
        assert_eq!((df.get(&1), df.get(&2), df.get(&5), df.get(&9)), (Some(&1), Some(&4), Some(&2), None));
    }

    #[test]
    fn day_numbers_count_as_sqlite_does() {
        let s = Store::in_memory().unwrap();
        for d in ["1970-01-01", "2024-02-29", "2024-05-14T11:02:00+03:00", "1999-12-31", "2100-03-01"] {
            let sqlite: i64 = s
                .conn
                .query_row("SELECT CAST(julianday(substr(?1, 1, 10)) - 2440587.5 AS INTEGER)", [d], |r| r.get(0))
                .unwrap();
            assert_eq!(day_number(d), Some(sqlite), "{d}");
        }
        assert_eq!(day_number("2024-05-14"), Some(19_857));
        for bad in ["", "yesterday", "2024-13-01", "2024/05/14", "24-05-14"] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
    }

    /// Candidates keep to the window: dated reports within its days, and
    /// undated ones (either side) among its last arrivals.
    #[test]
    fn candidates_keep_to_their_window() {
        let mut s = Store::in_memory().unwrap();
        s.transaction(|s| {
            for (i, published) in [Some("2024-05-01"), Some("2024-05-20"), None, None].into_iter().enumerate() {
                let id = format!("r{i}");
                let mut r = ReportRow { seq: i as i64 + 1, ..row(&id) };
                r.body.published = published.map(str::to_string);
                r.incident = Some(s.create_incident("now")?);
                s.insert_report(&r, &[40], &[7])?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
        let near = |day: Option<&str>, arrivals| Window { seq: 5, day: day.and_then(day_number), days: 7, arrivals };
        let found = |w: Window| {
            let mut v: Vec<i64> =
                s.incidents_by_keys_within(&[7], 10, &w).unwrap().0.into_iter().map(|h| h.0).collect();
            v.sort();
            (v, s.incidents_by_copy_keys_within(&[40], &w).unwrap())
        };
        // May 3rd: the report of May 1st by date, the undated by arrival (the last 2).
        assert_eq!(found(near(Some("2024-05-03"), 2)), (vec![1, 3, 4], vec![1, 3, 4]));
        // Undated: the last 3 arrivals, whatever their dates.
        assert_eq!(found(near(None, 3)), (vec![2, 3, 4], vec![2, 3, 4]));
        assert_eq!(found(Window::all()), (vec![1, 2, 3, 4], vec![1, 2, 3, 4]));
    }

    /// Binding a new value must not make SQLite plan a cached query again
    /// (it did, for every `column = ?` on an indexed column, per use).
    #[test]
    fn cached_queries_are_not_prepared_again_per_use() {
        let s = Store::in_memory().unwrap();
        let mut q =
            s.conn.prepare("SELECT id FROM reports INDEXED BY reports_placement WHERE incident = ?1 LIMIT ?2").unwrap();
        for i in 0..4 {
            q.query_map(params![i, 10 + i], |r| r.get::<_, String>(0)).unwrap().for_each(drop);
        }
        assert_eq!(q.get_status(rusqlite::StatementStatus::RePrepare), 0);
    }

    /// A store at schema 6 (text indexed by a trigger) upgrades: what was
    /// indexed stays searchable, reports stored later are found whether or
    /// not they came in a transaction, and one undone with its savepoint is not.
    #[test]
    fn migrates_a_version_six_store_and_indexes_text_at_commit_with_days_on_keys() {
        let path = std::env::temp_dir().join(format!("consilience-v6-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        {
            let conn = Connection::open(&path).unwrap();
            for (i, sql) in MIGRATIONS[..6].iter().enumerate() {
                conn.execute_batch(sql).unwrap();
                conn.pragma_update(None, "user_version", i as i64 + 1).unwrap();
            }
            conn.execute(
                "INSERT INTO reports (id, seq, source, kind, raw, title, body, published, analysis, fingerprint, features, family, incident, ingested_at)
                 VALUES ('old', 1, 'old.txt', 'text', x'00', 'Quake in Lima', 'A quake shook Lima.', '2024-05-14T08:00:00Z', '{}', '{}', '{}', 'old', 1, 'then')",
                [],
            )
            .unwrap();
            conn.execute_batch(
                "INSERT INTO incident_keys (key, seq, n, incident) VALUES (5, 1, 0, 1);
                 INSERT INTO copy_keys (key, seq, n, incident) VALUES (9, 1, 0, 1);",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(store.search("Lima", "[", "]", 5).unwrap().len(), 1, "indexed by the old trigger");
        // Keys stored before they carried a day get their report's.
        let around = |day: &str| Window { seq: 2, day: day_number(day), days: 3, arrivals: 0 };
        assert_eq!(store.incidents_by_keys_within(&[5], 5, &around("2024-05-16")).unwrap().0, vec![(1, 1)]);
        assert_eq!(store.incidents_by_copy_keys_within(&[9], &around("2024-05-16")).unwrap(), vec![1]);
        assert!(store.incidents_by_keys_within(&[5], 5, &around("2024-06-16")).unwrap().0.is_empty());
        let text = |id: &str, seq: i64, body: &str| {
            let mut r = ReportRow { seq, ..row(id) };
            r.body.body = body.into();
            r
        };
        store
            .transaction(|s| {
                s.savepoint(|s| s.insert_report(&text("a", 2, "Floods in Dhaka."), &[], &[]))?;
                let undone: Result<()> = s.savepoint(|s| {
                    s.insert_report(&text("b", 3, "More floods in Dhaka."), &[], &[])?;
                    Err(StoreError::NotCommitted("undone".into()))
                });
                assert!(undone.is_err());
                Ok::<_, StoreError>(())
            })
            .unwrap();
        store.insert_report(&text("c", 4, "Dhaka, outside a transaction."), &[], &[]).unwrap();
        let mut hits: Vec<String> =
            store.search("Dhaka", "[", "]", 10).unwrap().into_iter().map(|h| h.report).collect();
        hits.sort();
        assert_eq!(hits, ["a", "c"]);
        assert_eq!(store.integrity_check().unwrap(), "ok");
        drop(store);
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn too_common_keys_are_named_and_skipped() {
        let mut s = Store::in_memory().unwrap();
        s.transaction(|s| {
            let inc = s.create_incident("now")?;
            for i in 0..MAX_POSTINGS {
                let id = format!("r{i}");
                let r = ReportRow { seq: i as i64 + 1, ..row(&id) };
                s.insert_report(&r, &[], &[7, if i == 0 { 8 } else { 9 }])?;
                s.set_incident(&id, inc)?;
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
        let (hits, common) = s.incidents_by_keys_noting(&[7, 8], 5).unwrap();
        assert_eq!(common, vec![7]);
        assert_eq!(hits, vec![(1, 1)], "only the rare key counts");
    }

    #[test]
    fn failed_savepoint_leaves_the_rest_of_its_transaction() {
        let mut s = Store::in_memory().unwrap();
        s.transaction(|s| {
            s.savepoint(|s| s.insert_report(&row("a"), &[], &[]))?;
            let dup = s.savepoint(|s| {
                s.insert_report(&row("b"), &[], &[])?;
                s.insert_report(&row("a"), &[], &[]) // duplicate id: fails
            });
            assert!(dup.is_err());
            s.savepoint(|s| s.insert_report(&row("c"), &[], &[]))
        })
        .unwrap();
        assert!(s.has_report("a").unwrap() && s.has_report("c").unwrap());
        assert!(!s.has_report("b").unwrap(), "the failed unit is undone");
    }

    /// A store at schema 8 (before deferred fusion) that may not be written
    /// is served as it is: its records are all current.
    #[test]
    fn serves_a_read_only_version_eight_store() {
        let path = std::env::temp_dir().join(format!("consilience-v8-ro-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        {
            let conn = Connection::open(&path).unwrap();
            for sql in &MIGRATIONS[..8] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 8).unwrap();
            conn.execute_batch("INSERT INTO incidents (created_at, updated_at, record) VALUES ('then', 'then', '{}');")
                .unwrap();
        }
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), 8, "not migrated");
        assert_eq!(store.incident(1).unwrap().unwrap().pending, 0);
        assert_eq!(store.incidents().unwrap().len(), 1);
        assert_eq!(store.incidents_page(&IncidentFilter::default(), 0, 5).unwrap().0[0].pending, 0);
        drop(store);
        let _ = std::fs::remove_file(&path);
    }

    /// A store written by the first schema opens, migrates and keeps its data.
    #[test]
    fn migrates_a_version_one_store() {
        let path = std::env::temp_dir().join(format!("consilience-v1-{}.db", std::process::id()));
        let _ = std::fs::remove_file(&path);
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO reports (id, seq, source, kind, raw, title, body, analysis, fingerprint, features, family, ingested_at)
                 VALUES ('old', 1, 'old.txt', 'text', x'00', 'Quake in Lima', 'A quake shook Lima.', '{}', '{}', '{}', 'old', 'then')",
                [],
            )
            .unwrap();
            conn.execute_batch(
                "INSERT INTO incidents (created_at, updated_at, record) VALUES ('then', 'then', '{}');
                 UPDATE reports SET incident = 1 WHERE id = 'old';
                 INSERT INTO incident_keys (key, report) VALUES (5, 'old'), (5, 'old'), (6, 'old');
                 INSERT INTO copy_keys (key, report) VALUES (9, 'old');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(store.report("old").unwrap().unwrap().body.body, "A quake shook Lima.");
        assert_eq!(store.next_seq().unwrap(), 2);
        // Incident keys written before they carried the incident still find it.
        assert_eq!(store.incidents_by_keys(&[5, 6, 7], 5).unwrap(), vec![(1, 2)]);
        assert_eq!(store.incidents_by_copy_keys(&[9]).unwrap(), vec![1]);
        let hits = store.search("Lima", "[", "]", 5).unwrap();
        assert_eq!(hits.len(), 1, "reports stored before the search index exist in it");
        // Its record was fused with its reports then: nothing is pending.
        assert_eq!(store.incident(1).unwrap().unwrap().pending, 0);
        assert_eq!(store.pending_incidents().unwrap(), vec![]);
        store.defer_fusion(1, 2, "old", "now").unwrap();
        assert_eq!(store.pending_incidents().unwrap(), vec![(1, "old".to_string())]);
        assert_eq!(store.fusion_state(1).unwrap(), Some((0, 2)));
        let (rows, _) = store.incidents_page(&IncidentFilter::default(), 0, 5).unwrap();
        assert_eq!(rows[0].pending, 2);
        assert_eq!(store.integrity_check().unwrap(), "ok");
        drop(store);
        let _ = std::fs::remove_file(&path);
    }
}
