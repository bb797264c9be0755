//! Bad input gets a clear message naming it; the rest of the batch still
//! goes in; what was stored before stays intact.
mod common;

use common::*;
use std::io::Write;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn warc_record(id: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: https://news.example/{id}\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

const STORY: &str = "<html><head><title>Floods hit Porto Alegre</title></head><body><article><p>Floods hit the city of Porto Alegre on Sunday, \
    forcing thousands of residents from their homes, the mayor said. Rescue teams used boats to reach people trapped on rooftops.</p>\
    <p>Rain is expected to continue for two more days, the weather service said.</p></article></body></html>";

#[test]
fn bad_inputs_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    let db_s = db.to_str().unwrap();
    // A good store first.
    let ok = run(&["--db", db_s, "ingest", examples().to_str().unwrap()]);
    assert!(ok.status.success());
    let before = run_json(&["--db", db_s, "export", "--format", "json"]);

    let bad = dir.path().join("batch");
    std::fs::create_dir(&bad).unwrap();
    // Binary junk with a text name.
    let junk: Vec<u8> = (0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    write(&bad, "junk.txt", &junk);
    // An empty file.
    write(&bad, "empty.html", b"");
    // Truncated gzip.
    let gz = gzip(STORY.repeat(50).as_bytes());
    write(&bad, "cut.html.gz", &gz[..gz.len() / 2]);
    // Truncated WARC: one whole record, one cut in half.
    let mut warc = warc_record("one", STORY);
    let second = warc_record("two", &STORY.replace("Porto Alegre", "Canoas"));
    warc.extend_from_slice(&second[..second.len() / 2]);
    write(&bad, "crawl.warc", &warc);
    // JSONL with a malformed line between good ones.
    write(
        &bad,
        "feed.jsonl",
        b"{\"id\":\"a\",\"title\":\"Quake jolts Lima\",\"text\":\"A magnitude 5.9 earthquake shook Lima on Monday, the geophysical institute said. No damage was reported.\"}\n\
          {\"id\":\"b\", \"text\": \"unterminated\n\
          {\"id\":\"c\",\"html\":\"<p>Fire destroys market stalls in Accra on Wednesday night, firefighters said. Traders lost their goods.</p>\"}\n",
    );
    // A page declared UTF-8 but written in Windows-1252.
    let mut wrong = b"<html><head><meta charset=\"utf-8\"><title>Caf\xe9 fire</title></head><body><p>A fire gutted the Caf\xe9 Central in Lyon on Friday, \
        firefighters said. Nobody was hurt, but the \x93historic\x94 interior was destroyed.</p></body></html>"
        .to_vec();
    wrong.extend_from_slice(b"\n");
    write(&bad, "wrong-charset.html", &wrong);
    // A 50 MB page.
    let mut huge =
        String::from("<html><body><article><p>Storm damage reported across Galway on Tuesday, officials said.</p>");
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str("<div class=\"x\"><span>filler text of a very long page</span></div>");
    }
    huge.push_str("</article></body></html>");
    write(&bad, "huge.html", huge.as_bytes());

    let out = run(&["--db", db_s, "ingest", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "batch with some good reports must succeed: {err}");
    for (name, what) in [
        ("junk.txt", "binary"),
        ("empty.html", "empty"),
        ("cut.html.gz", "gzip"),
        ("crawl.warc", "truncated"),
        ("feed.jsonl:2", "malformed JSON"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.to_lowercase().contains(&what.to_lowercase())),
            "no message naming {name} ({what}):\n{err}"
        );
    }
    assert!(err.lines().any(|l| l.contains("wrong-charset.html") || l.contains("huge.html")), "{err}");
    // The good reports of the batch went in: the WARC's first record, two JSONL lines,
    // the mislabelled page, the huge page, the head of the cut gzip.
    assert!(stdout.contains("report(s) added"), "{stdout}");
    let added: usize = stdout.split_whitespace().next().unwrap().parse().unwrap();
    assert!(added >= 5, "{stdout}\n{err}");

    // The mislabelled page decoded as Windows-1252.
    let page = run_json(&["extract", bad.join("wrong-charset.html").to_str().unwrap(), "--json"]);
    assert!(page["body"].as_str().unwrap().contains("Café Central"), "{page}");

    // Nothing stored before was lost or changed.
    let after = run_json(&["--db", db_s, "export", "--format", "json"]);
    for inc in before["incidents"].as_array().unwrap() {
        let same = after["incidents"].as_array().unwrap().iter().find(|i| i["id"] == inc["id"]).expect("incident kept");
        assert_eq!(same["reports"], inc["reports"]);
        assert_eq!(same["fields"], inc["fields"]);
    }
    let store = consilience_store::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn nothing_but_bad_input_fails_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.txt", b"");
    let db = dir.path().join("x.db");
    let out = run(&["--db", db.to_str().unwrap(), "ingest", dir.path().join("empty.txt").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt"));
    let missing = run(&["--db", db.to_str().unwrap(), "ingest", "/no/such/folder"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/no/such/folder"));
    let unknown = run(&["--db", db.to_str().unwrap(), "show", "999"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no incident 999"));
}
