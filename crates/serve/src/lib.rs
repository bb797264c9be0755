//! `consilience serve`: a read-only HTTP server over the store, with the
//! JSON API of the public contract (shared/DESIGN.md) and server-rendered
//! HTML pages an analyst can work in.
//!
//! Everything here only reads: the store is opened read-only, there are no
//! write endpoints, and every piece of report text is escaped before it
//! reaches a page (see [`html::esc`]). Pages carry a strict
//! Content-Security-Policy (no scripts at all, styles only from
//! `/static/style.css`, which is compiled into the binary).
#![warn(missing_docs)]

pub mod html;
mod params;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use consilience_pipeline::export;
use consilience_store::{Store, StoreError};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub use params::{parse_list_query, ListQuery};

/// The stylesheet, served from the binary.
pub const STYLE_CSS: &str = include_str!("../assets/style.css");
/// The OpenAPI description of the JSON API.
pub const OPENAPI_JSON: &str = include_str!("../assets/openapi.json");
/// The Content-Security-Policy sent with every answer.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
                       base-uri 'none'; frame-ancestors 'none'";

/// Read-only connections to one store, shared by the request handlers.
pub struct AppState {
    pool: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// Countries and event types for the filter form, refreshed each minute.
    facets: Mutex<Option<(std::time::Instant, Facets)>>,
}

type Facets = (Vec<String>, Vec<String>);

impl AppState {
    /// Opens `conns` read-only connections to the store at `db`. A store
    /// written by an older build is first brought to the current schema
    /// (the search index is a migration); nothing else is ever written.
    pub fn open(db: &Path, conns: usize) -> anyhow::Result<Arc<Self>> {
        if !db.exists() {
            anyhow::bail!("no store at {} (run `consilience ingest` first, or pass --db)", db.display());
        }
        // Migrations only: a no-op when the schema is current. A store we may
        // not write to is served as it is.
        drop(Store::open(db));
        let mut pool = Vec::new();
        for _ in 0..conns.max(1) {
            pool.push(Mutex::new(Store::open_read_only(db)?));
        }
        Ok(Arc::new(AppState { pool, next: AtomicUsize::new(0), facets: Mutex::new(None) }))
    }

    /// Runs `f` with one of the connections (the first free one).
    fn with<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.pool.len();
        for i in 0..n {
            if let Ok(guard) = self.pool[(start + i) % n].try_lock() {
                return f(&guard);
            }
        }
        let guard = self.pool[start % n].lock().unwrap_or_else(|p| p.into_inner());
        f(&guard)
    }

    /// The filter form's choices, cached for a minute (a scan of the store).
    fn facets(&self, s: &Store) -> Result<Facets, StoreError> {
        let mut cache = self.facets.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, f)) = cache.as_ref() {
            if at.elapsed() < std::time::Duration::from_secs(60) {
                return Ok(f.clone());
            }
        }
        let f = s.incident_facets()?;
        *cache = Some((std::time::Instant::now(), f.clone()));
        Ok(f)
    }
}

type Shared = Arc<AppState>;

/// An error answer: JSON for the API, a page for the web.
#[derive(Debug)]
pub enum Failure {
    /// 400: the query is malformed.
    BadRequest(String),
    /// 404: no such thing.
    NotFound(String),
    /// 500: the store failed.
    Internal(String),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Internal(e.to_string())
    }
}

impl Failure {
    fn status(&self) -> StatusCode {
        match self {
            Failure::BadRequest(_) => StatusCode::BAD_REQUEST,
            Failure::NotFound(_) => StatusCode::NOT_FOUND,
            Failure::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> &str {
        match self {
            Failure::BadRequest(m) | Failure::NotFound(m) | Failure::Internal(m) => m,
        }
    }

    fn json(&self) -> Response {
        (self.status(), json_body(&json!({ "error": self.message() }))).into_response()
    }

    fn page(&self) -> Response {
        let title = match self {
            Failure::BadRequest(_) => "Bad request",
            Failure::NotFound(_) => "Not found",
            Failure::Internal(_) => "Server error",
        };
        (self.status(), html::page_response(html::error_page(title, self.message()))).into_response()
    }
}

fn json_body(v: &Value) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], serde_json::to_string(v).unwrap_or_else(|_| "{}".into()))
}

/// Runs blocking store work off the async threads.
async fn blocking<T: Send + 'static>(
    st: &Shared,
    f: impl FnOnce(&Store) -> Result<T, Failure> + Send + 'static,
) -> Result<T, Failure> {
    let st = st.clone();
    tokio::task::spawn_blocking(move || st.with(f)).await.map_err(|e| Failure::Internal(e.to_string()))?
}

type QueryPairs = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

fn pairs(q: QueryPairs) -> Result<Vec<(String, String)>, Failure> {
    q.map(|Query(v)| v).map_err(|e| Failure::BadRequest(format!("malformed query string: {e}")))
}

/// Parses an incident id from the path.
fn incident_id(s: &str) -> Result<i64, Failure> {
    s.parse::<i64>().map_err(|_| Failure::BadRequest(format!("incident id must be a number, got {s:?}")))
}

/// The router: every route of the API and the pages.
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(page_index))
        .route("/incidents/{id}", get(page_incident))
        .route("/incidents/{id}/incident.json", get(download_json))
        .route("/incidents/{id}/incident.csv", get(download_csv))
        .route("/incidents/{id}/incident.geojson", get(download_geojson))
        .route("/reports/{id}", get(page_report))
        .route("/search", get(page_search))
        .route("/static/style.css", get(style))
        .route("/api/incidents", get(api_incidents))
        .route("/api/incidents/{id}", get(api_incident))
        .route("/api/reports/{id}", get(api_report))
        .route("/api/search", get(api_search))
        .route("/api/openapi.json", get(openapi))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(headers))
        .with_state(state)
}

/// Security headers on every answer, and the server time it took.
async fn headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let started = std::time::Instant::now();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        h.insert("server-timing", v);
    }
    res
}

async fn not_found(uri: Uri) -> Response {
    let f = Failure::NotFound(format!("no such page: {}", uri.path()));
    if uri.path().starts_with("/api/") {
        f.json()
    } else {
        f.page()
    }
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], STYLE_CSS)
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

// ---------------------------------------------------------------- JSON API

/// `GET /api/incidents`: a filtered page of incidents, newest first.
async fn api_incidents(State(st): State<Shared>, q: QueryPairs) -> Response {
    let res = async {
        let lq = parse_list_query(&pairs(q)?, true)?;
        blocking(&st, move |s| {
            let (rows, total) = s.incidents_page(&lq.filter, lq.offset(), lq.per_page)?;
            let mut list = Vec::with_capacity(rows.len());
            for r in rows {
                if let Some(v) = export::incident_json(s, r.id)? {
                    list.push(v);
                }
            }
            Ok(json!({"incidents": list, "total": total, "page": lq.page, "per_page": lq.per_page}))
        })
        .await
    }
    .await;
    match res {
        Ok(v) => json_body(&v).into_response(),
        Err(f) => f.json(),
    }
}

/// `GET /api/incidents/{id}`: one incident, as in the export.
async fn api_incident(State(st): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    let res = async {
        let n = incident_id(&id)?;
        blocking(&st, move |s| {
            export::incident_json(s, n)?.ok_or_else(|| Failure::NotFound(format!("no incident {n}")))
        })
        .await
    }
    .await;
    match res {
        Ok(v) => json_body(&v).into_response(),
        Err(f) => f.json(),
    }
}

/// `GET /api/reports/{id}`: body, metadata and the claims found in it.
async fn api_report(State(st): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    let res = blocking(&st, move |s| {
        let row = s.report_by_prefix(&id)?.ok_or_else(|| Failure::NotFound(format!("no report {id}")))?;
        Ok(report_json(&row))
    })
    .await;
    match res {
        Ok(v) => json_body(&v).into_response(),
        Err(f) => f.json(),
    }
}

/// A stored report as the API shows it.
pub fn report_json(row: &consilience_store::ReportRow) -> Value {
    let b = &row.body;
    let text = html::CharText::new(&b.body);
    let analysis: consilience_core::Analysis = serde_json::from_str(&row.analysis).unwrap_or_default();
    let claims: Vec<Value> = analysis
        .claims
        .iter()
        .map(|c| {
            let sentence = analysis
                .sentences
                .get(c.sentence)
                .map(|sp| json!({"start": sp.start, "end": sp.end, "text": text.slice(sp.start, sp.end)}));
            json!({
                "field": c.field, "value": c.value, "normalized": c.normalized,
                "start": c.span.start, "end": c.span.end, "sentence": sentence,
                "speaker": c.speaker, "background": c.background,
            })
        })
        .collect();
    json!({
        "id": row.id, "seq": row.seq, "source": row.source, "kind": row.kind,
        "family": row.family, "incident": row.incident.map(|i| i.to_string()), "ingested_at": row.ingested_at,
        "title": b.title, "published": b.published, "modified": b.modified, "dateline": b.dateline,
        "outlet": b.outlet, "author": b.author, "url": b.url, "lang": b.lang,
        "body": b.body, "raw_bytes": row.raw.len(),
        "claims": claims,
    })
}

/// Markers wrapped around matches in snippets before escaping (private-use
/// code points, removed from the text first).
const MARK_OPEN: &str = "\u{E000}";
const MARK_CLOSE: &str = "\u{E001}";

/// Search hits with snippets as escaped HTML where matches are in `<mark>`.
fn search(s: &Store, q: &str, limit: i64) -> Result<Vec<consilience_store::SearchHit>, Failure> {
    let Some(fts) = consilience_store::fts_query(q) else {
        return Err(Failure::BadRequest("q must contain at least one word".into()));
    };
    let mut hits = s.search(&fts, MARK_OPEN, MARK_CLOSE, limit)?;
    for h in &mut hits {
        h.snippet = html::marked_snippet(&h.snippet, MARK_OPEN, MARK_CLOSE);
    }
    Ok(hits)
}

fn search_params(pairs: &[(String, String)]) -> Result<(String, i64), Failure> {
    let mut q = None;
    let mut limit = 20;
    for (k, v) in pairs {
        match k.as_str() {
            "q" => q = Some(v.clone()),
            "limit" => {
                limit = v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or_else(|| Failure::BadRequest(format!("limit must be 1 to 200, got {v:?}")))?
            }
            other => return Err(Failure::BadRequest(format!("unknown parameter {other:?} (q, limit)"))),
        }
    }
    let q = q.filter(|q| !q.trim().is_empty()).ok_or_else(|| Failure::BadRequest("missing q".into()))?;
    if q.len() > 500 {
        return Err(Failure::BadRequest("q is too long (500 bytes at most)".into()));
    }
    Ok((q, limit))
}

/// `GET /api/search?q=`: reports matching the words, best first.
async fn api_search(State(st): State<Shared>, q: QueryPairs) -> Response {
    let res = async {
        let (q, limit) = search_params(&pairs(q)?)?;
        blocking(&st, move |s| search(s, &q, limit)).await
    }
    .await;
    match res {
        Ok(hits) => {
            let results: Vec<Value> = hits
                .iter()
                .map(|h| {
                    json!({"incident": h.incident.map(|i| i.to_string()), "report": h.report,
                           "title": h.title, "snippet": h.snippet})
                })
                .collect();
            json_body(&json!({ "results": results })).into_response()
        }
        Err(f) => f.json(),
    }
}

// ---------------------------------------------------------------- pages

async fn page_index(State(st): State<Shared>, q: QueryPairs) -> Response {
    let res = async {
        let lq = parse_list_query(&pairs(q)?, false)?;
        let st2 = st.clone();
        blocking(&st, move |s| {
            let (rows, total) = s.incidents_page(&lq.filter, lq.offset(), lq.per_page)?;
            let (countries, types) = st2.facets(s)?;
            let mut records: Vec<Value> = Vec::with_capacity(rows.len());
            for r in &rows {
                // A record whose fusion was deferred is fused afresh.
                let fresh = if r.pending > 0 { export::incident_json(s, r.id)? } else { None };
                let mut v: Value = fresh.unwrap_or_else(|| serde_json::from_str(&r.record).unwrap_or(Value::Null));
                if v.is_object() {
                    v["id"] = json!(r.id.to_string());
                }
                records.push(v);
            }
            Ok(html::index_page(&lq, &records, total, &countries, &types))
        })
        .await
    }
    .await;
    match res {
        Ok(p) => html::page_response(p).into_response(),
        Err(f) => f.page(),
    }
}

async fn page_incident(State(st): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    let res = async {
        let n = incident_id(&id)?;
        blocking(&st, move |s| {
            let inc = export::incident_json(s, n)?.ok_or_else(|| Failure::NotFound(format!("no incident {n}")))?;
            let reports = s.reports_of_incident(n)?;
            Ok(html::incident_page(&inc, &reports))
        })
        .await
    }
    .await;
    match res {
        Ok(p) => html::page_response(p).into_response(),
        Err(f) => f.page(),
    }
}

async fn page_report(State(st): State<Shared>, UrlPath(id): UrlPath<String>, q: QueryPairs) -> Response {
    let res = async {
        let sel = params::parse_selection(&pairs(q)?)?;
        blocking(&st, move |s| {
            let row = s.report_by_prefix(&id)?.ok_or_else(|| Failure::NotFound(format!("no report {id}")))?;
            Ok(html::report_page(&row, &sel))
        })
        .await
    }
    .await;
    match res {
        Ok(p) => html::page_response(p).into_response(),
        Err(f) => f.page(),
    }
}

async fn page_search(State(st): State<Shared>, q: QueryPairs) -> Response {
    let res: Result<String, Failure> = async {
        let pairs = pairs(q)?;
        let raw_q = pairs.iter().find(|(k, _)| k == "q").map(|(_, v)| v.clone()).unwrap_or_default();
        if raw_q.trim().is_empty() {
            return Ok(html::search_page("", &[]));
        }
        let (q, limit) = search_params(&pairs)?;
        let q2 = q.clone();
        let hits = blocking(&st, move |s| search(s, &q2, limit)).await?;
        Ok(html::search_page(&q, &hits))
    }
    .await;
    match res {
        Ok(p) => html::page_response(p).into_response(),
        Err(f) => f.page(),
    }
}

async fn download(st: Shared, id: String, kind: &'static str) -> Response {
    let res = async {
        let n = incident_id(&id)?;
        blocking(&st, move |s| {
            export::incident_json(s, n)?.ok_or_else(|| Failure::NotFound(format!("no incident {n}")))
        })
        .await
    }
    .await;
    let inc = match res {
        Ok(v) => v,
        Err(f) => return f.page(),
    };
    let (ctype, body) = match kind {
        "csv" => ("text/csv; charset=utf-8", incident_csv(&inc)),
        "geojson" => {
            ("application/geo+json", serde_json::to_string_pretty(&incident_geojson(&inc)).unwrap_or_default())
        }
        _ => ("application/json", serde_json::to_string_pretty(&inc).unwrap_or_default()),
    };
    let disposition = format!("attachment; filename=\"incident-{id}.{kind}\"");
    let mut res = ([(header::CONTENT_TYPE, ctype)], body).into_response();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

async fn download_json(State(st): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    download(st, id, "json").await
}

async fn download_csv(State(st): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    download(st, id, "csv").await
}

async fn download_geojson(State(st): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    download(st, id, "geojson").await
}

/// One incident as CSV: the export's header and its row.
pub fn incident_csv(inc: &Value) -> String {
    let esc = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let row: Vec<String> = export::csv_row(inc).iter().map(|c| esc(c)).collect();
    format!("{}\n{}\n", export::CSV_COLUMNS.join(","), row.join(","))
}

/// One incident as a GeoJSON FeatureCollection (empty when it has no place).
pub fn incident_geojson(inc: &Value) -> Value {
    let p = &inc["place"];
    let features = if p.is_object() {
        let disputed = consilience_pipeline::export::disputed_fields(inc);
        vec![json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [p["lon"], p["lat"]]},
            "properties": {
                "id": inc["id"], "title": inc["title"], "event_type": inc["event_type"], "date": inc["date"],
                "weekday": inc["weekday"], "time_utc": inc["time_utc"], "place": p["name"], "country": p["country"],
                "independent_families": inc["independent_families"], "reports": inc["reports"].as_array().map(Vec::len),
                "disputed_fields": disputed,
            }
        })]
    } else {
        Vec::new()
    };
    json!({"type": "FeatureCollection", "features": features})
}

// ---------------------------------------------------------------- running

/// Serves the store at `db` on `addr` until the process ends.
pub fn run(addr: &str, db: &Path) -> anyhow::Result<()> {
    let addr: SocketAddr = addr.parse().map_err(|e| anyhow::anyhow!("--addr {addr:?} is not HOST:PORT: {e}"))?;
    let conns = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8);
    let state = AppState::open(db, conns)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        if !local.ip().is_loopback() {
            eprintln!("warning: serving on {local}, which is not a loopback address");
        }
        eprintln!("serving {} read-only on http://{local}/ (API: http://{local}/api/openapi.json)", db.display());
        axum::serve(listener, router(state)).await?;
        Ok(())
    })
}
