//! The pipeline: wires the stages, in the order data flows, around the store.
//!
//! ```text
//! RawReport ─► extract ─► analyse ─► copies ─► incidents ─► fuse ─► store
//! ```
//!
//! [`Engine::ingest`] takes one report through every stage inside one store
//! transaction. Each stage is a pure function of its inputs; only this
//! crate talks to the store, fetching the candidates the streaming stages
//! need through the store's indexes (never a scan of all incidents).
//! [`export`] turns stored incidents into the public JSON, CSV and GeoJSON.
#![warn(missing_docs)]

mod cache;
pub mod eval;
pub mod export;

use cache::{Caches, Clustering, NodeData};
use consilience_analyse::places::Gazetteer;
use consilience_analyse::Analyser;
use consilience_copies::Fingerprint;
use consilience_core::{content_id, Analysis, ContentKind, InputError, RawReport};
use consilience_extract::Extractor;
use consilience_incidents::{Features, Idf};
use consilience_store::{ClusterRow, HistoryEntry, IncidentColumns, ReportRow, Store, StoreError, Window};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::time::Instant;

/// Pipeline errors: bad input (the report is skipped, the batch goes on)
/// or a store fault.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The input is unusable; the message names it.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Pipeline result.
pub type Result<T> = std::result::Result<T, PipelineError>;

/// What happened to one report.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Stored, and assigned to an incident.
    Added {
        /// Report id.
        report: String,
        /// Its incident.
        incident: i64,
        /// Every incident whose record changed.
        changed: Vec<i64>,
        /// Problems that did not stop it (charset guessed, page truncated).
        warnings: Vec<String>,
    },
    /// Already stored (same content hash): nothing changed.
    Duplicate {
        /// Report id.
        report: String,
    },
}

/// Largest neighbourhood re-clustered for one new report.
const MAX_NEIGHBOURHOOD: usize = 200;
/// Reports loaded per candidate incident (the newest): a big incident is
/// represented by its recent reports, the rest keep their assignment.
const MEMBERS_PER_CANDIDATE: usize = 50;
/// Candidate incidents fetched per report.
const CANDIDATE_INCIDENTS: usize = 6;
/// The active window of a report with a publish date: stored reports
/// published within this many days of it.
const ACTIVE_DAYS: i64 = 14;
/// The active window otherwise (either has no date): the reports that
/// arrived last, this many.
const ACTIVE_ARRIVALS: i64 = 50_000;
/// Fusion reads every report of an incident, so fusing a big one after each
/// batch that changes it costs in proportion to its size, for every report
/// it gains. An incident that had at least this many reports when it was
/// last fused is fused again only once the changes since reach a
/// [`DEFERRED_SHARE`]th of them: its fusion then costs a bounded amount per
/// report it gains or loses (about `DEFERRED_SHARE + 1` reports read, and
/// one count over its index entries per batch), whatever its size.
/// Until then its record lags (its counts do not): reads fuse it afresh
/// ([`export::incident_json`]) and [`Engine::fuse_pending`] brings every
/// record up to date, as `consilience ingest` does at its end.
const DEFERRED_FROM: i64 = 100;
/// See [`DEFERRED_FROM`].
const DEFERRED_SHARE: i64 = 4;

/// The engine: stages plus store.
pub struct Engine {
    store: Store,
    extractor: Extractor,
    gazetteer: &'static Gazetteer,
    times: StageTimes,
    caches: Caches,
}

/// Time spent per stage since the engine opened, summed over reports (the
/// store-free stages summed over workers when they ran in parallel).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StageTimes {
    /// Extraction (body and metadata).
    pub extract: std::time::Duration,
    /// Analysis (sentences, dates, places, claims…).
    pub analyse: std::time::Duration,
    /// Copy fingerprint, incident features and their encoding.
    pub features: std::time::Duration,
    /// Document frequencies (read and update).
    pub terms: std::time::Duration,
    /// Candidate retrieval and loading the neighbourhood.
    pub candidates: std::time::Duration,
    /// Copy comparison and family merges.
    pub copies: std::time::Duration,
    /// Re-clustering the neighbourhood and moving reports.
    pub cluster: std::time::Duration,
    /// Re-fusing changed incidents.
    pub fuse: std::time::Duration,
    /// Storing the report and committing.
    pub write: std::time::Duration,
}

impl StageTimes {
    /// Each stage with its name, in pipeline order.
    pub fn named(&self) -> [(&'static str, std::time::Duration); 9] {
        [
            ("extract", self.extract),
            ("analyse", self.analyse),
            ("features", self.features),
            ("terms", self.terms),
            ("candidates", self.candidates),
            ("copies", self.copies),
            ("cluster", self.cluster),
            ("fuse", self.fuse),
            ("write", self.write),
        ]
    }
}

/// A report loaded for re-clustering and fusion.
struct Loaded {
    row: ReportRow,
    features: Features,
    fingerprint: Fingerprint,
}

/// A report as the streaming stages see it: no body, no raw bytes.
struct Node {
    id: String,
    seq: i64,
    source: String,
    family: String,
    incident: Option<i64>,
    data: NodeData,
}

impl Node {
    /// The node of a stored report: its changing columns from `row`, its
    /// features and fingerprint from the cache, or else decoded from the store.
    fn load(store: &Store, caches: &mut Caches, row: ClusterRow) -> Result<Self> {
        let data = match caches.nodes.get(&row.id) {
            Some(d) => d,
            None => {
                let (features, fingerprint) = store.clustering_data(&row.id)?.ok_or_else(|| StoreError::Corrupt {
                    what: format!("report {}", row.id),
                    reason: "listed in an incident but not stored".into(),
                })?;
                let corrupt = |what: &str, e: serde_json::Error| StoreError::Corrupt {
                    what: format!("{what} of report {}", row.id),
                    reason: e.to_string(),
                };
                let features = serde_json::from_str(&features).map_err(|e| corrupt("features", e))?;
                let fingerprint = serde_json::from_str(&fingerprint).map_err(|e| corrupt("fingerprint", e))?;
                let d = Clustering::new(features, fingerprint);
                caches.nodes.insert(row.id.clone(), d.clone());
                d
            }
        };
        Ok(Node { id: row.id, seq: row.seq, source: row.source, family: row.family, incident: row.incident, data })
    }

    fn features(&self) -> &Features {
        &self.data.features
    }

    fn fingerprint(&self) -> &Fingerprint {
        &self.data.fingerprint
    }
}

/// Document frequencies of `terms` (those found in any document) and the
/// document count, from the cache where it holds them.
fn document_frequencies(store: &Store, caches: &mut Caches, terms: &[u32]) -> Result<(u64, Vec<(u32, u64)>)> {
    let mut out = Vec::with_capacity(terms.len());
    let mut missing = Vec::new();
    for &t in terms {
        match caches.df.get(&t) {
            Some(df) if df > 0 => out.push((t, df)),
            Some(_) => {}
            None => missing.push(t),
        }
    }
    let (docs, fetched) = store.document_frequencies(&missing)?;
    for t in missing {
        let df = fetched.get(&t).copied().unwrap_or(0) + caches.unwritten_df.get(&t).copied().unwrap_or(0);
        caches.df.insert(t, df);
        if df > 0 {
            out.push((t, df));
        }
    }
    Ok((docs, out))
}

/// Counts one more document with each of `terms`, in the store (or, with
/// `later`, among the counts [`write_terms`] writes at the end of the
/// transaction) and the cache.
fn count_terms(store: &Store, caches: &mut Caches, terms: &[u32], later: bool) -> Result<()> {
    if later {
        for &t in terms {
            *caches.unwritten_df.entry(t).or_default() += 1;
        }
    } else {
        store.add_document_terms(terms)?;
    }
    for t in terms {
        if let Some(df) = caches.df.get_mut(t) {
            *df += 1;
        }
    }
    Ok(())
}

/// Writes the document counts [`count_terms`] left for later: one row per
/// term for a whole batch instead of one per term of every report.
fn write_terms(store: &Store, caches: &mut Caches) -> Result<()> {
    let mut counts: Vec<(u32, u64)> = caches.unwritten_df.drain().collect();
    counts.sort_unstable();
    store.add_document_term_counts(&counts)?;
    Ok(())
}

impl Engine {
    /// Opens the engine on the store at `db` (created if missing).
    pub fn open(db: &Path) -> Result<Self> {
        Ok(Engine {
            store: Store::open(db)?,
            extractor: Extractor::new(),
            gazetteer: Gazetteer::shared(),
            times: StageTimes::default(),
            caches: Caches::new(),
        })
    }

    /// The engine on an in-memory store (tests).
    pub fn in_memory() -> Result<Self> {
        Ok(Engine {
            store: Store::in_memory()?,
            extractor: Extractor::new(),
            gazetteer: Gazetteer::shared(),
            times: StageTimes::default(),
            caches: Caches::new(),
        })
    }

    /// The store, for queries.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Time spent per stage so far.
    pub fn stage_times(&self) -> &StageTimes {
        &self.times
    }

    /// Fuses every incident whose record lags its reports (a big one whose
    /// fusion was deferred: see [`DEFERRED_FROM`]), in one transaction, and
    /// returns how many there were. Afterwards every stored record is
    /// current.
    pub fn fuse_pending(&mut self) -> Result<usize> {
        let Engine { store, times, .. } = self;
        let started = Instant::now();
        let fused = store.transaction(|store| {
            let now = now();
            let pending = store.pending_incidents()?;
            for (id, cause) in &pending {
                refuse(store, *id, cause, &now)?;
            }
            Ok::<_, PipelineError>(pending.len())
        })?;
        times.fuse += started.elapsed();
        Ok(fused)
    }

    /// Takes one report through every stage, in one transaction.
    pub fn ingest(&mut self, raw: &RawReport) -> Result<Outcome> {
        let id = content_id(&raw.bytes);
        if self.store.has_report(&id)? {
            return Ok(Outcome::Duplicate { report: id });
        }
        let prepared = prepare(&self.extractor, self.gazetteer, raw, id)?;
        self.place(prepared)
    }

    /// Stores and places one prepared report, in one transaction.
    fn place(&mut self, prepared: Prepared) -> Result<Outcome> {
        let Engine { store, times, caches, .. } = self;
        let staged = |t: &StageTimes| t.terms + t.candidates + t.copies + t.cluster + t.fuse + t.write;
        let before = staged(times);
        let started = Instant::now();
        let outcome = store.transaction(|store| place_one(store, caches, times, prepared, None));
        if outcome.is_err() {
            // The rolled-back frequencies may be cached.
            caches.clear();
        }
        // What the named stages did not take: the commit.
        times.write += started.elapsed().saturating_sub(staged(times) - before);
        outcome
    }

    /// Takes a batch of reports through every stage: the store-free stages
    /// (extraction, analysis, fingerprints, features) run on worker threads,
    /// one per core, while this thread places the reports in their order,
    /// all in one transaction. Each report is still a unit: the outcome of
    /// each is what [`Engine::ingest`] would give, one after the other, and
    /// one that fails leaves nothing behind while the others are stored.
    ///
    /// The batch is first placed without a savepoint per report (a savepoint
    /// copies every page a report touches, and was a fifth of placement): if
    /// placing any report fails, that transaction is rolled back and the
    /// batch placed again with a savepoint per report, as a unit each.
    /// Placed so, its document counts are written once per term, and each
    /// incident the batch changed is fused once, at its end,
    /// rather than after every report that changed it (a big incident's
    /// fusion reads all its reports): its history then has one entry for the
    /// batch, naming the last report that changed it. A big incident may
    /// wait longer (see [`DEFERRED_FROM`]): one entry for all the batches
    /// until it is fused again.
    pub fn ingest_batch(&mut self, raws: &[RawReport]) -> Vec<Result<Outcome>> {
        let times = self.times.clone();
        match self.ingest_batch_as(raws, Units::Batch) {
            Some(outcomes) => outcomes,
            None => {
                self.times = times;
                self.ingest_batch_as(raws, Units::Savepoints).expect("with savepoints every report has an outcome")
            }
        }
    }

    /// [`Engine::ingest_batch`] with the reports as `units`; `None` when a
    /// batch without savepoints had a report fail (nothing is stored then).
    fn ingest_batch_as(&mut self, raws: &[RawReport], units: Units) -> Option<Vec<Result<Outcome>>> {
        let mut outcomes: Vec<Option<Result<Outcome>>> = (0..raws.len()).map(|_| None).collect();
        let mut todo = Vec::new();
        for (i, raw) in raws.iter().enumerate() {
            let id = content_id(&raw.bytes);
            match self.store.has_report(&id) {
                Ok(true) => outcomes[i] = Some(Ok(Outcome::Duplicate { report: id })),
                Ok(false) => todo.push((i, id)),
                Err(e) => outcomes[i] = Some(Err(e.into())),
            }
        }
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(todo.len()).max(1);
        let next = std::sync::atomic::AtomicUsize::new(0);
        let Engine { store, extractor, gazetteer, times, caches } = self;
        let staged = |t: &StageTimes| t.terms + t.candidates + t.copies + t.cluster + t.fuse + t.write;
        let before = staged(times);
        let started = Instant::now();
        let mut failed = false;
        let committed = std::thread::scope(|scope| {
            let (send, receive) = std::sync::mpsc::channel::<(usize, Result<Prepared>)>();
            for _ in 0..workers {
                let send = send.clone();
                let (todo, next, extractor, gazetteer) = (&todo, &next, &*extractor, *gazetteer);
                scope.spawn(move || {
                    yield_to_placement();
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((i, id)) = todo.get(k) else { break };
                        // Stop early when the placing thread is gone.
                        if send.send((k, prepare(extractor, gazetteer, &raws[*i], id.clone()))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(send);
            store.transaction(|store| {
                // Prepared reports arrive in any order; place them in theirs.
                let mut waiting: BTreeMap<usize, Result<Prepared>> = BTreeMap::new();
                // Without savepoints, incidents are fused once, at the end.
                let mut unfused = Unfused::new();
                for k in 0..todo.len() {
                    let prepared = loop {
                        if let Some(p) = waiting.remove(&k) {
                            break p;
                        }
                        let (j, p) = receive.recv().expect("workers prepare every report");
                        waiting.insert(j, p);
                    };
                    // A report that fails to prepare never touched the store.
                    let outcome = match (prepared, units) {
                        (Err(e), _) => Err(e),
                        (Ok(p), Units::Savepoints) => store
                            .savepoint(|store| place_one(store, caches, times, p, None))
                            .inspect_err(|_| caches.clear()),
                        (Ok(p), Units::Batch) => match place_one(store, caches, times, p, Some(&mut unfused)) {
                            Ok(o) => Ok(o),
                            Err(e) => {
                                // Undo the whole batch; it is placed again with savepoints.
                                failed = true;
                                return Err(e);
                            }
                        },
                    };
                    outcomes[todo[k].0] = Some(outcome);
                }
                let t = Instant::now();
                let now = now();
                for (incident, (cause, changes)) in &unfused {
                    if let Err(e) = refuse_or_defer(store, *incident, cause, *changes, &now) {
                        failed = true;
                        return Err(e);
                    }
                }
                times.fuse += t.elapsed();
                let t = Instant::now();
                if let Err(e) = write_terms(store, caches) {
                    failed = true;
                    return Err(e);
                }
                times.terms += t.elapsed();
                Ok::<_, PipelineError>(())
            })
        });
        times.write += started.elapsed().saturating_sub(staged(times) - before);
        if let Err(e) = committed {
            caches.clear();
            if failed {
                return None;
            }
            let reason = e.to_string();
            for o in outcomes.iter_mut() {
                if matches!(o, Some(Ok(Outcome::Added { .. }))) {
                    *o = Some(Err(StoreError::NotCommitted(reason.clone()).into()));
                }
            }
        }
        Some(outcomes.into_iter().map(|o| o.expect("every report has an outcome")).collect())
    }
}

/// Lowers the calling (worker) thread's scheduling priority: placement is
/// one thread in arrival order and the slowest stage, so where the workers
/// and the placing thread share the cores the placing thread should not wait
/// for a core (on two cores it did, a third of the time); the workers take
/// what it leaves. Linux only (where a nice value is per thread).
fn yield_to_placement() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its arguments; 0 names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// How the reports of a batch are made units of their own.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Units {
    /// None: one failure undoes the batch (which is then placed again).
    Batch,
    /// A savepoint per report.
    Savepoints,
}

/// Incidents whose reports changed and whose record is not fused again
/// yet, each with the last report that changed it and how many reports it
/// gained or lost since.
type Unfused = BTreeMap<i64, (String, i64)>;

/// Places one prepared report inside the caller's transaction. With
/// `unfused` the incidents it changes are noted there to be fused later
/// (once for a whole batch) rather than now.
fn place_one(
    store: &Store,
    caches: &mut Caches,
    times: &mut StageTimes,
    prepared: Prepared,
    unfused: Option<&mut Unfused>,
) -> Result<Outcome> {
    add_times(times, &prepared.times);
    let Prepared { new, warnings, .. } = prepared;
    let id = new.row.id.clone();
    if store.has_report(&id)? {
        return Ok(Outcome::Duplicate { report: id });
    }
    let now = new.row.ingested_at.clone();
    let (incident, changed) = place_report(store, caches, new, &now, times, unfused)?;
    Ok(Outcome::Added { report: id, incident, changed, warnings })
}

/// A report through the store-free stages, ready to be placed.
struct Prepared {
    new: Loaded,
    warnings: Vec<String>,
    times: StageTimes,
}

fn add_times(total: &mut StageTimes, t: &StageTimes) {
    total.extract += t.extract;
    total.analyse += t.analyse;
    total.features += t.features;
}

/// Extraction, analysis, fingerprint and features: everything before the
/// store, a pure function of the raw report (safe to run on any thread).
fn prepare(extractor: &Extractor, gazetteer: &Gazetteer, raw: &RawReport, id: String) -> Result<Prepared> {
    let mut times = StageTimes::default();
    let t = Instant::now();
    let extracted = extractor.extract(raw)?;
    let mut body = extracted.body;
    // A headline alone (a wire flash, a feed item) is still a report.
    if body.body.trim().is_empty() {
        if let Some(t) = body.title.as_deref().filter(|t| !t.trim().is_empty()) {
            body.body = t.to_string();
        }
    }
    if body.body.trim().is_empty() {
        return Err(
            InputError::Invalid { source_name: raw.source.clone(), reason: "no story text found".into() }.into()
        );
    }
    times.extract = t.elapsed();
    let t = Instant::now();
    let anchor = body.published.as_deref().and_then(parse_date);
    let analysis = Analyser::new(gazetteer).analyse(&body.body, anchor);
    times.analyse = t.elapsed();
    let t = Instant::now();
    let fingerprint = Fingerprint::new(&body.body);
    let features = Features::new(body.title.as_deref(), &body.body, &analysis);
    let kind = match raw.kind {
        ContentKind::Html => "html",
        ContentKind::Text => "text",
    };
    let row = ReportRow {
        id: id.clone(),
        seq: 0,
        source: raw.source.clone(),
        kind: kind.into(),
        raw: raw.bytes.clone(),
        body,
        analysis: to_json(&analysis),
        fingerprint: to_json(&fingerprint),
        features: to_json(&features),
        family: id,
        incident: None,
        ingested_at: now(),
    };
    times.features = t.elapsed();
    Ok(Prepared { new: Loaded { row, features, fingerprint }, warnings: extracted.warnings, times })
}

/// Copies, incidents and fusion for one new report, inside the transaction.
fn place_report(
    store: &Store,
    caches: &mut Caches,
    mut new: Loaded,
    now: &str,
    times: &mut StageTimes,
    mut unfused: Option<&mut Unfused>,
) -> Result<(i64, Vec<i64>)> {
    let mut clock = Instant::now();
    let mut lap = |slot: &mut std::time::Duration| {
        let t = Instant::now();
        *slot += t - clock;
        clock = t;
    };
    let terms = new.features.terms();
    count_terms(store, caches, &terms, unfused.is_some())?;
    let (docs, df) = document_frequencies(store, caches, &terms)?;
    let idf = Idf::from_frequencies(docs + 1, df);
    lap(&mut times.terms);

    // Candidates: incidents sharing distinctive keys, and copies by LSH band.
    let index_keys = new.features.index_keys(&idf);
    let band_keys = new.fingerprint.band_keys();
    // Candidates come from the active window around the report (its days,
    // or its last arrivals): what lies outside it costs nothing to place a report.
    let seq = store.next_seq()?;
    let window = Window {
        seq,
        day: new.row.body.published.as_deref().and_then(consilience_store::day_number),
        days: ACTIVE_DAYS,
        arrivals: ACTIVE_ARRIVALS,
    };
    // A key once too common stays so: it is not asked again.
    let rare_keys: Vec<i64> = index_keys.iter().copied().filter(|k| caches.common_keys.get(k).is_none()).collect();
    let (by_keys, common) = store.incidents_by_keys_within(&rare_keys, CANDIDATE_INCIDENTS, &window)?;
    for k in common {
        caches.common_keys.insert(k, ());
    }
    let mut incidents: BTreeSet<i64> = by_keys.into_iter().map(|(i, _)| i).collect();
    incidents.extend(store.incidents_by_copy_keys_within(&band_keys, &window)?);
    let mut hood: Vec<Node> = Vec::new();
    for &i in &incidents {
        for row in store.cluster_rows_of_incident(i, MEMBERS_PER_CANDIDATE)? {
            hood.push(Node::load(store, caches, row)?);
        }
    }
    hood.sort_by_key(|l| std::cmp::Reverse(l.seq));
    hood.truncate(MAX_NEIGHBOURHOOD);
    let previous: HashMap<String, i64> = hood.iter().filter_map(|l| Some((l.id.clone(), l.incident?))).collect();
    lap(&mut times.candidates);

    // Copies: the new report against its neighbourhood; families merge
    // under the smallest report id, so the key does not depend on order.
    let mut family = new.row.id.clone();
    let mut merged: BTreeSet<String> = BTreeSet::new();
    let probe = consilience_copies::Probe::new(&new.fingerprint);
    for other in &hood {
        // Agencies reuse background paragraphs across stories: reports of
        // different days are never copies of one another.
        if consilience_incidents::cannot_link(&new.features.date, &other.features().date) {
            continue;
        }
        if probe.is_copy(other.fingerprint()) {
            merged.insert(other.family.clone());
            if other.family < family {
                family = other.family.clone();
            }
        }
    }
    for f in &merged {
        if *f != family {
            store.rename_family(f, &family)?;
        }
    }
    for l in hood.iter_mut() {
        if merged.contains(&l.family) {
            l.family = family.clone();
        }
    }
    new.row.family = family;
    lap(&mut times.copies);
    // The report is stored once its incident is known (below): written
    // with it, its row and keys need no update when it is placed.
    new.row.seq = seq;
    lap(&mut times.write);
    let new_id = new.row.id.clone();
    let data: NodeData = Clustering::new(new.features, new.fingerprint);
    caches.nodes.insert(new_id.clone(), data.clone());
    hood.push(Node {
        id: new_id.clone(),
        seq: new.row.seq,
        source: new.row.source.clone(),
        family: new.row.family.clone(),
        incident: None,
        data,
    });

    // Incidents: re-cluster the neighbourhood as a whole.
    let all_terms: Vec<u32> = {
        let mut t: Vec<u32> = hood.iter().flat_map(|l| l.data.terms.iter().copied()).collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    let (docs, df) = document_frequencies(store, caches, &all_terms)?;
    // The count with the new report, which is not stored yet.
    let idf = Idf::from_frequencies(docs + 1, df);
    lap(&mut times.terms);
    // Order by id so the clustering input is the same in any arrival order.
    hood.sort_by(|a, b| a.id.cmp(&b.id));
    let feats: Vec<&Features> = hood.iter().map(Node::features).collect();
    let mut must_link = Vec::new();
    let mut first_of_family: HashMap<&str, usize> = HashMap::new();
    for (i, l) in hood.iter().enumerate() {
        match first_of_family.get(l.family.as_str()) {
            Some(&j) => must_link.push((j, i)),
            None => {
                first_of_family.insert(&l.family, i);
            }
        }
    }
    if std::env::var_os("CONSILIENCE_DEBUG_CLUSTER").is_some() {
        for (i, a) in hood.iter().enumerate() {
            for b in &hood[i + 1..] {
                eprintln!(
                    "sim {} {} = {:.3} copy={:?}",
                    &a.source,
                    &b.source,
                    consilience_incidents::similarity(a.features(), b.features(), &idf),
                    consilience_copies::compare(a.fingerprint(), b.fingerprint())
                );
            }
        }
    }
    let mut groups = consilience_incidents::cluster(&feats, &must_link, &idf);
    // Existing incidents keep their ids: each goes to the group holding most
    // of its reports (bigger groups choose first).
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let mut taken: BTreeSet<i64> = BTreeSet::new();
    let mut assignment: Vec<(Vec<usize>, i64, bool)> = Vec::new();
    for g in &groups {
        let mut votes: BTreeMap<i64, usize> = BTreeMap::new();
        for &m in g {
            if let Some(&i) = previous.get(&hood[m].id) {
                *votes.entry(i).or_default() += 1;
            }
        }
        let pick = votes
            .iter()
            .filter(|(i, _)| !taken.contains(i))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(i, _)| *i);
        let (id, created) = match pick {
            Some(i) => (i, false),
            None => (store.create_incident(now)?, true),
        };
        taken.insert(id);
        assignment.push((g.clone(), id, created));
    }
    // Move every report first, then re-fuse: a record read mid-way would
    // still list reports on their way to another group.
    let mut changed = Vec::new();
    // Per changed incident, the reports it gained or lost.
    let mut changes = Vec::new();
    let mut new_incident = 0;
    for (g, id, created) in &assignment {
        // Changed when it gains a report, or loses one to another group.
        let before = previous.values().filter(|&&i| i == *id).count();
        let kept = g.iter().filter(|&&m| previous.get(&hood[m].id) == Some(id)).count();
        let mut moved = *created || kept != before;
        for &m in g {
            let r = &hood[m];
            if r.id == new_id {
                new_incident = *id;
                moved = true;
            } else if previous.get(&r.id) != Some(id) {
                store.set_incident(&r.id, *id)?;
                moved = true;
            }
        }
        if moved {
            changed.push(*id);
            changes.push(((g.len() - kept) + (before - kept)) as i64);
        }
    }
    lap(&mut times.cluster);
    new.row.incident = Some(new_incident);
    store.insert_report(&new.row, &band_keys, &index_keys)?;
    lap(&mut times.write);
    for (id, &n) in changed.iter().zip(&changes) {
        match unfused.as_deref_mut() {
            Some(later) => {
                let entry = later.entry(*id).or_insert_with(|| (new_id.clone(), 0));
                entry.0.clone_from(&new_id);
                entry.1 += n;
            }
            None => refuse_or_defer(store, *id, &new_id, n, now)?,
        }
    }
    lap(&mut times.fuse);
    for old in previous.values().collect::<BTreeSet<_>>() {
        if !taken.contains(old) {
            store.delete_incident(*old)?;
            if let Some(later) = unfused.as_deref_mut() {
                later.remove(old);
            }
        }
    }
    Ok((new_incident, changed))
}

/// Re-fuses one incident after `changes` reports changed it (the last
/// being `cause`), or, for a big one whose record is recent enough, notes
/// the changes for a later fusion (see [`DEFERRED_FROM`]).
fn refuse_or_defer(store: &Store, incident: i64, cause: &str, changes: i64, now: &str) -> Result<()> {
    if let Some((fused, pending)) = store.fusion_state(incident)? {
        if fused >= DEFERRED_FROM && (pending + changes) * DEFERRED_SHARE < fused {
            store.defer_fusion(incident, changes, cause, now)?;
            return Ok(());
        }
    }
    refuse(store, incident, cause, now)
}

/// Re-fuses one incident from all its reports and records what changed.
fn refuse(store: &Store, incident: i64, cause: &str, now: &str) -> Result<()> {
    let (record, cols) = fused_record(store, incident)?;
    let before: serde_json::Value =
        store.incident(incident)?.map(|r| serde_json::from_str(&r.record).unwrap_or_default()).unwrap_or_default();
    let changed = export::changed_keys(&before, &record);
    store.update_incident(incident, &record.to_string(), &cols, now)?;
    if !changed.is_empty() {
        store.add_history(incident, &HistoryEntry { at: now.to_string(), report: Some(cause.to_string()), changed })?;
    }
    Ok(())
}

/// One incident fused from all its reports, as now stored: its record (the
/// contract's, without history) and its summary columns.
pub(crate) fn fused_record(
    store: &Store,
    incident: i64,
) -> std::result::Result<(serde_json::Value, IncidentColumns), StoreError> {
    let rows = store.fusion_rows_of_incident(incident)?;
    let analyses: Vec<Analysis> = rows
        .iter()
        .map(|r| {
            serde_json::from_str(&r.analysis).map_err(|e| StoreError::Corrupt {
                what: format!("analysis of report {}", r.id),
                reason: e.to_string(),
            })
        })
        .collect::<std::result::Result<_, _>>()?;
    let members: Vec<consilience_fuse::Member> = rows
        .iter()
        .zip(&analyses)
        .map(|(r, analysis)| consilience_fuse::Member {
            report: &r.id,
            family: &r.family,
            published: r.body.published.as_deref(),
            title: r.body.title.as_deref(),
            body: &r.body.body,
            analysis,
        })
        .collect();
    let today = jiff::Zoned::now().date();
    let fused = consilience_fuse::fuse(&members, today);
    let record = export::incident_record(incident, &fused, &rows.iter().collect::<Vec<_>>());
    let cols = IncidentColumns {
        title: fused.title.clone(),
        date: fused.date.clone(),
        event_type: fused.event_type.clone(),
        country: fused.place.as_ref().and_then(|p| p.country.clone()),
        families: fused.independent_families as i64,
        disputed: fused.fields.values().any(|f| f.status == consilience_fuse::Status::Disputed),
        reports: rows.len() as i64,
    };
    Ok((record, cols))
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("stage types serialise")
}

/// The date part of an ISO date or datetime.
pub fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    s.get(..10)?.parse().ok()
}

fn now() -> String {
    jiff::Timestamp::now().round(jiff::Unit::Second).map(|t| t.to_string()).unwrap_or_default()
}
