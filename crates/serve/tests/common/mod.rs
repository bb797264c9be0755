//! A store built once per test binary: the shared seeds plus three hostile
//! reports (script tags, event handlers, javascript: URLs) in text, HTML and
//! JSONL form.
#![allow(dead_code)]
use consilience_pipeline::Engine;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub const XSS_TEXT: &str = "<script>document.title='PWNED'</script>Three gunmen attacked a police station in Kabul \
on Monday, a police spokesman said. <img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> \
Two officers were wounded, the spokesman said. <a href=\"javascript:alert(1)\">More</a> \
<svg onload=alert(1)></svg>\n";

pub const XSS_HTML: &str = r#"<!doctype html><html><head><title>Market blast &lt;script&gt;alert(2)&lt;/script&gt; in Lagos</title>
<meta property="og:url" content="javascript:alert(1)"></head><body><article><h1>Market blast in Lagos</h1>
<p>A bomb exploded at a market in Lagos on Tuesday, killing four people, police said. The text mentions &lt;script&gt;alert('body')&lt;/script&gt; and &lt;img src=x onerror=alert(1)&gt; as plain words.</p>
<p>No group claimed the attack, a police official said.</p>
<img src="x" onerror="alert('img')"><a href="javascript:alert('link')">share</a><script>alert('script')</script>
</article></body></html>
"#;

pub const XSS_JSONL: &str = r#"{"id":"x1","url":"javascript:alert(1)","title":"<script>alert('title')</script><img src=x onerror=alert(1)> Flood in Dhaka","outlet":"<b onmouseover=alert(1)>Evil</b>","text":"Floods killed twelve people in Dhaka on Wednesday, officials said. <script>alert('jsonl')</script> <a href=\"javascript:alert(1)\" onclick=\"alert(2)\">x</a>"}
"#;

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// The store, built on first use.
pub fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let xss = dir.path().join("xss");
        std::fs::create_dir(&xss).unwrap();
        std::fs::write(xss.join("xss.txt"), XSS_TEXT).unwrap();
        std::fs::write(xss.join("xss.html"), XSS_HTML).unwrap();
        std::fs::write(xss.join("xss.jsonl"), XSS_JSONL).unwrap();
        let db = dir.path().join("t.db");
        let mut engine = Engine::open(&db).expect("store");
        let mut files: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
            .expect("../shared/seeds")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for name in ["xss.txt", "xss.html", "xss.jsonl"] {
            files.push(xss.join(name));
        }
        for f in files {
            for item in consilience_ingest::read_file(&f) {
                engine.ingest(&item.expect("readable")).expect("ingested");
            }
        }
        drop(engine);
        Fixture { _dir: dir, db }
    })
}

/// The path of a report by the end of its source.
pub fn report_id(source_suffix: &str) -> String {
    let conn = rusqlite::Connection::open(&fixture().db).unwrap();
    conn.query_row("SELECT id FROM reports WHERE source LIKE '%' || ?1", [source_suffix], |r| r.get(0))
        .unwrap_or_else(|_| panic!("no report from {source_suffix}"))
}

/// Every report id.
pub fn report_ids() -> Vec<String> {
    let conn = rusqlite::Connection::open(&fixture().db).unwrap();
    let mut q = conn.prepare("SELECT id FROM reports ORDER BY seq").unwrap();
    let ids = q.query_map([], |r| r.get(0)).unwrap().collect::<Result<Vec<String>, _>>().unwrap();
    ids
}

/// Every incident id.
pub fn incident_ids() -> Vec<i64> {
    let conn = rusqlite::Connection::open(&fixture().db).unwrap();
    let mut q = conn.prepare("SELECT id FROM incidents ORDER BY id").unwrap();
    let ids = q.query_map([], |r| r.get(0)).unwrap().collect::<Result<Vec<i64>, _>>().unwrap();
    ids
}

/// The router over the fixture store.
pub fn app() -> axum::Router {
    consilience_serve::router(consilience_serve::AppState::open(&fixture().db, 2).expect("open read-only"))
}

/// GET `uri` in-process: status, headers, body.
pub async fn get(uri: &str) -> (u16, axum::http::HeaderMap, String) {
    request("GET", uri).await
}

pub async fn request(method: &str, uri: &str) -> (u16, axum::http::HeaderMap, String) {
    use tower::ServiceExt;
    let req = axum::http::Request::builder().method(method).uri(uri).body(axum::body::Body::empty()).unwrap();
    let res = app().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).expect("UTF-8 body"))
}

pub async fn get_json(uri: &str) -> (u16, serde_json::Value) {
    let (status, headers, body) = get(uri).await;
    assert_eq!(headers["content-type"], "application/json", "{uri}");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")))
}
