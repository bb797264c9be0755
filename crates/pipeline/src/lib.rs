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

pub mod eval;
pub mod export;

use consilience_analyse::places::Gazetteer;
use consilience_analyse::Analyser;
use consilience_copies::Fingerprint;
use consilience_core::{content_id, Analysis, ContentKind, InputError, RawReport};
use consilience_extract::Extractor;
use consilience_incidents::{Features, Idf};
use consilience_store::{HistoryEntry, IncidentColumns, ReportRow, Store, StoreError};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

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

/// The engine: stages plus store.
pub struct Engine {
    store: Store,
    extractor: Extractor,
    gazetteer: &'static Gazetteer,
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
    features: Features,
    fingerprint: Fingerprint,
}

impl Node {
    fn from_row(row: consilience_store::ClusterRow) -> Result<Self> {
        let corrupt = |what: &str, e: serde_json::Error| StoreError::Corrupt {
            what: format!("{what} of report {}", row.id),
            reason: e.to_string(),
        };
        let features = serde_json::from_str(&row.features).map_err(|e| corrupt("features", e))?;
        let fingerprint = serde_json::from_str(&row.fingerprint).map_err(|e| corrupt("fingerprint", e))?;
        Ok(Node {
            id: row.id,
            seq: row.seq,
            source: row.source,
            family: row.family,
            incident: row.incident,
            features,
            fingerprint,
        })
    }
}

impl Engine {
    /// Opens the engine on the store at `db` (created if missing).
    pub fn open(db: &Path) -> Result<Self> {
        Ok(Engine { store: Store::open(db)?, extractor: Extractor::new(), gazetteer: Gazetteer::shared() })
    }

    /// The engine on an in-memory store (tests).
    pub fn in_memory() -> Result<Self> {
        Ok(Engine { store: Store::in_memory()?, extractor: Extractor::new(), gazetteer: Gazetteer::shared() })
    }

    /// The store, for queries.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Takes one report through every stage, in one transaction.
    pub fn ingest(&mut self, raw: &RawReport) -> Result<Outcome> {
        let id = content_id(&raw.bytes);
        if self.store.has_report(&id)? {
            return Ok(Outcome::Duplicate { report: id });
        }
        // Stages that need no store run before the transaction.
        let extracted = self.extractor.extract(raw)?;
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
        let anchor = body.published.as_deref().and_then(parse_date);
        let analysis = Analyser::new(self.gazetteer).analyse(&body.body, anchor);
        let fingerprint = Fingerprint::new(&body.body);
        let features = Features::new(body.title.as_deref(), &body.body, &analysis);
        let now = now();
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
            family: id.clone(),
            incident: None,
            ingested_at: now.clone(),
        };
        let new = Loaded { row, features, fingerprint };
        let warnings = extracted.warnings;
        self.store.transaction(|store| {
            let (incident, changed) = place_report(store, new, &now)?;
            Ok::<_, PipelineError>(Outcome::Added { report: id.clone(), incident, changed, warnings })
        })
    }
}

/// Copies, incidents and fusion for one new report, inside the transaction.
fn place_report(store: &Store, mut new: Loaded, now: &str) -> Result<(i64, Vec<i64>)> {
    let terms = new.features.terms();
    store.add_document_terms(&terms)?;
    let (docs, df) = store.document_frequencies(&terms)?;
    let idf = Idf::new(docs + 1, df);

    // Candidates: incidents sharing distinctive keys, and copies by LSH band.
    let index_keys = new.features.index_keys(&idf);
    let band_keys = new.fingerprint.band_keys();
    let mut incidents: BTreeSet<i64> =
        store.incidents_by_keys(&index_keys, CANDIDATE_INCIDENTS)?.into_iter().map(|(i, _)| i).collect();
    for r in store.reports_by_copy_keys(&band_keys)? {
        if let Some(i) = store.incident_of(&r)? {
            incidents.insert(i);
        }
    }
    let mut hood: Vec<Node> = Vec::new();
    for &i in &incidents {
        for row in store.cluster_rows_of_incident(i, MEMBERS_PER_CANDIDATE)? {
            hood.push(Node::from_row(row)?);
        }
    }
    hood.sort_by_key(|l| std::cmp::Reverse(l.seq));
    hood.truncate(MAX_NEIGHBOURHOOD);
    let previous: HashMap<String, i64> = hood.iter().filter_map(|l| Some((l.id.clone(), l.incident?))).collect();

    // Copies: the new report against its neighbourhood; families merge
    // under the smallest report id, so the key does not depend on order.
    let mut family = new.row.id.clone();
    let mut merged: BTreeSet<String> = BTreeSet::new();
    for other in &hood {
        // Agencies reuse background paragraphs across stories: reports of
        // different days are never copies of one another.
        if consilience_incidents::cannot_link(&new.features.date, &other.features.date) {
            continue;
        }
        if consilience_copies::compare(&new.fingerprint, &other.fingerprint).is_copy {
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
    new.row.seq = store.next_seq()?;
    store.insert_report(&new.row, &band_keys, &index_keys)?;
    let new_id = new.row.id.clone();
    hood.push(Node {
        id: new.row.id,
        seq: new.row.seq,
        source: new.row.source,
        family: new.row.family,
        incident: None,
        features: new.features,
        fingerprint: new.fingerprint,
    });

    // Incidents: re-cluster the neighbourhood as a whole.
    let all_terms: Vec<u32> = {
        let mut t: Vec<u32> = hood.iter().flat_map(|l| l.features.terms()).collect();
        t.sort_unstable();
        t.dedup();
        t
    };
    let (docs, df) = store.document_frequencies(&all_terms)?;
    let idf = Idf::new(docs, df);
    // Order by id so the clustering input is the same in any arrival order.
    hood.sort_by(|a, b| a.id.cmp(&b.id));
    let feats: Vec<&Features> = hood.iter().map(|l| &l.features).collect();
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
                    consilience_incidents::similarity(&a.features, &b.features, &idf),
                    consilience_copies::compare(&a.fingerprint, &b.fingerprint)
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
            }
            if previous.get(&r.id) != Some(id) {
                store.set_incident(&r.id, *id)?;
                moved = true;
            }
        }
        if moved {
            changed.push(*id);
        }
    }
    for id in &changed {
        refuse(store, *id, &new_id, now)?;
    }
    for old in previous.values().collect::<BTreeSet<_>>() {
        if !taken.contains(old) {
            store.delete_incident(*old)?;
        }
    }
    Ok((new_incident, changed))
}

/// Re-fuses one incident from all its reports and records what changed.
fn refuse(store: &Store, incident: i64, cause: &str, now: &str) -> Result<()> {
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
    let before: serde_json::Value =
        store.incident(incident)?.map(|r| serde_json::from_str(&r.record).unwrap_or_default()).unwrap_or_default();
    let changed = export::changed_keys(&before, &record);
    let cols = IncidentColumns {
        title: fused.title.clone(),
        date: fused.date.clone(),
        event_type: fused.event_type.clone(),
        country: fused.place.as_ref().and_then(|p| p.country.clone()),
        families: fused.independent_families as i64,
        disputed: fused.fields.values().any(|f| f.status == consilience_fuse::Status::Disputed),
        reports: rows.len() as i64,
    };
    store.update_incident(incident, &record.to_string(), &cols, now)?;
    if !changed.is_empty() {
        store.add_history(incident, &HistoryEntry { at: now.to_string(), report: Some(cause.to_string()), changed })?;
    }
    Ok(())
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
