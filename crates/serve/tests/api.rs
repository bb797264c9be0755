//! The JSON API, in-process: every endpoint, the filters, paging, errors.
mod common;
use common::{fixture, get, get_json, report_id, request};
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    v["incidents"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn list_is_newest_first_with_total_and_page() {
    let (status, v) = get_json("/api/incidents").await;
    assert_eq!(status, 200);
    let n = common::incident_ids().len() as i64;
    assert_eq!(v["total"], n);
    assert_eq!(v["page"], 1);
    let list = v["incidents"].as_array().unwrap();
    assert_eq!(list.len() as i64, n);
    // Dated incidents first, newest first; the seeds' main incident is dated.
    let dates: Vec<Option<&str>> = list.iter().map(|i| i["date"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| match (a, b) {
        (Some(a), Some(b)) => b.cmp(a),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    assert_eq!(dates, sorted);
    assert!(ids(&v).contains(&"1".to_string()));
    // Items have the export's shape, history included.
    let one = list.iter().find(|i| i["id"] == "1").unwrap();
    for key in
        ["title", "event_type", "date", "place", "reports", "families", "independent_families", "fields", "history"]
    {
        assert!(one.get(key).is_some(), "missing {key}");
    }
}

#[tokio::test]
async fn filters_narrow_the_list() {
    let (_, v) = get_json("/api/incidents?country=iraq").await;
    assert!(v["total"].as_i64().unwrap() >= 1);
    for i in v["incidents"].as_array().unwrap() {
        assert_eq!(i["place"]["country"], "Iraq");
    }
    let (_, v) = get_json("/api/incidents?from=2023-12-01&to=2023-12-31").await;
    assert_eq!(ids(&v), vec!["1"]);
    let (_, v) = get_json("/api/incidents?from=2023-12-09").await;
    assert!(!ids(&v).contains(&"1".to_string()));
    let (_, v) = get_json("/api/incidents?to=2023-12-07").await;
    assert!(!ids(&v).contains(&"1".to_string()));
    let (_, v) = get_json("/api/incidents?min_families=3").await;
    assert_eq!(ids(&v), vec!["1"]);
    let (_, v) = get_json("/api/incidents?min_families=4").await;
    assert_eq!(v["total"], 0);
    let (_, v) = get_json("/api/incidents?disputed=true").await;
    assert!(ids(&v).contains(&"1".to_string()));
    for i in v["incidents"].as_array().unwrap() {
        assert!(i["fields"].as_object().unwrap().values().any(|f| f["status"] == "disputed"));
    }
    let (_, v) = get_json("/api/incidents?disputed=false").await;
    assert!(!ids(&v).contains(&"1".to_string()));
    let (_, v) = get_json("/api/incidents?type=explosions%2Fremote%20violence").await;
    assert!(ids(&v).contains(&"1".to_string()));
    for i in v["incidents"].as_array().unwrap() {
        assert_eq!(i["event_type"], "Explosions/Remote violence");
    }
    let (_, v) = get_json("/api/incidents?type=Protests&country=Iraq").await;
    assert_eq!(v["total"], 0);
    // Blank values (a form's empty fields) mean "any".
    let (_, all) = get_json("/api/incidents").await;
    let (_, v) = get_json("/api/incidents?from=&country=&disputed=").await;
    assert_eq!(v["total"], all["total"]);
}

#[tokio::test]
async fn paging() {
    let (_, all) = get_json("/api/incidents").await;
    let total = all["total"].as_i64().unwrap();
    assert!(total >= 3, "fixture has several incidents");
    let mut seen = Vec::new();
    for page in 1..=total {
        let (status, v) = get_json(&format!("/api/incidents?per_page=1&page={page}")).await;
        assert_eq!(status, 200);
        assert_eq!(v["page"], page);
        assert_eq!(v["total"], total);
        seen.extend(ids(&v));
    }
    assert_eq!(seen, ids(&all));
    let (status, v) = get_json(&format!("/api/incidents?per_page=2&page={}", total + 5)).await;
    assert_eq!(status, 200);
    assert_eq!(v["incidents"].as_array().unwrap().len(), 0);
    assert_eq!(v["total"], total);
}

#[tokio::test]
async fn bad_queries_are_400_with_a_json_error() {
    for q in [
        "from=yesterday",
        "to=2023-13-01",
        "from=2024-01-02&to=2024-01-01",
        "min_families=-1",
        "min_families=two",
        "disputed=maybe",
        "page=0",
        "page=x",
        "per_page=0",
        "per_page=100000",
        "contry=Iraq",
    ] {
        let (status, v) = get_json(&format!("/api/incidents?{q}")).await;
        assert_eq!(status, 400, "{q}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{q}: {v}");
    }
    for uri in
        ["/api/incidents/abc", "/api/search", "/api/search?q=", "/api/search?q=%22%22", "/api/search?q=x&limit=0"]
    {
        let (status, v) = get_json(uri).await;
        assert_eq!(status, 400, "{uri}");
        assert!(v["error"].is_string(), "{uri}");
    }
}

#[tokio::test]
async fn unknown_ids_are_404_with_a_json_error() {
    for uri in ["/api/incidents/999999", "/api/reports/0000000000000000", "/api/reports/nope", "/api/nothing/here"] {
        let (status, v) = get_json(uri).await;
        assert_eq!(status, 404, "{uri}");
        assert!(v["error"].is_string(), "{uri}");
    }
}

#[tokio::test]
async fn incident_has_the_export_shape() {
    let (status, v) = get_json("/api/incidents/1").await;
    assert_eq!(status, 200);
    let store = consilience_store::Store::open_read_only(&fixture().db).unwrap();
    let expected = consilience_pipeline::export::incident_json(&store, 1).unwrap().unwrap();
    assert_eq!(v, expected);
    let rc = &v["fields"]["rocket_count"];
    assert_eq!(rc["status"], "disputed");
}

#[tokio::test]
async fn report_has_body_metadata_and_claims() {
    let id = report_id("002_b4ff03a5ba8aed30.txt");
    let (status, v) = get_json(&format!("/api/reports/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["incident"], "1");
    assert!(v["body"].as_str().unwrap().contains("Two rockets hit the U.S. embassy"));
    assert!(v["source"].as_str().unwrap().ends_with("002_b4ff03a5ba8aed30.txt"));
    for key in ["title", "published", "dateline", "outlet", "url", "lang", "family", "raw_bytes"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let claims = v["claims"].as_array().unwrap();
    let rc = claims.iter().find(|c| c["field"] == "rocket_count").expect("a rocket count claim");
    assert_eq!(rc["speaker"], "an embassy spokesman");
    let body: Vec<char> = v["body"].as_str().unwrap().chars().collect();
    let (s, e) = (rc["start"].as_u64().unwrap() as usize, rc["end"].as_u64().unwrap() as usize);
    assert_eq!(body[s..e].iter().collect::<String>(), rc["value"].as_str().unwrap());
    assert!(rc["sentence"]["text"].as_str().unwrap().contains(rc["value"].as_str().unwrap()));
    // A unique prefix finds it too.
    let (status, v2) = get_json(&format!("/api/reports/{}", &id[..10])).await;
    assert_eq!(status, 200);
    assert_eq!(v2["id"], id.as_str());
}

#[tokio::test]
async fn search_finds_reports_with_highlighted_snippets() {
    let (status, v) = get_json("/api/search?q=katyusha").await;
    assert_eq!(status, 200);
    let results = v["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(r["incident"], "1");
        assert!(r["report"].as_str().unwrap().len() >= 16);
        assert!(r["snippet"].as_str().unwrap().to_lowercase().contains("<mark>katyusha</mark>"), "{r}");
        assert!(r.get("title").is_some());
    }
    let (_, v) = get_json("/api/search?q=%22embassy%20spokesman%22&limit=1").await;
    assert_eq!(v["results"].as_array().unwrap().len(), 1);
    let (_, v) = get_json("/api/search?q=embass*").await;
    assert!(!v["results"].as_array().unwrap().is_empty());
    let (_, v) = get_json("/api/search?q=zzzznotaword").await;
    assert!(v["results"].as_array().unwrap().is_empty());
    // FTS syntax in user input is words, not operators.
    let (status, _) = get_json("/api/search?q=NEAR(a%20b)%20OR%20%22").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let (status, v) = get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for p in ["/api/incidents", "/api/incidents/{id}", "/api/reports/{id}", "/api/search", "/api/openapi.json"] {
        assert!(v["paths"][p]["get"].is_object(), "{p}");
    }
}

#[tokio::test]
async fn pages_render_with_security_headers() {
    for uri in [
        "/",
        "/incidents/1",
        "/search?q=rockets",
        "/search",
        &format!("/reports/{}", report_id("000_4d07f30f24df0013.txt")),
    ] {
        let (status, h, body) = get(uri).await;
        assert_eq!(status, 200, "{uri}");
        assert_eq!(h["content-type"], "text/html; charset=utf-8", "{uri}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"), "{csp}");
        assert!(h.contains_key("server-timing"));
        assert!(body.starts_with("<!doctype html>"), "{uri}");
        assert!(body.contains("<link rel=\"stylesheet\" href=\"/static/style.css\">"), "{uri}");
        assert!(!body.contains("<script"), "no script on {uri}");
    }
    let (_, _, home) = get("/").await;
    assert!(home.contains("Missiles were fired at the US embassy in Iraq"));
    let (_, _, page) = get("/?disputed=true&min_families=3").await;
    assert!(page.contains("href=\"/incidents/1\""));
    let (status, _, page) = get("/?from=nonsense").await;
    assert_eq!(status, 400);
    assert!(page.contains("from must be a date"));
    let (status, _, page) = get("/incidents/999999").await;
    assert_eq!(status, 404);
    assert!(page.contains("no incident 999999"));
    let (status, h, css) = get("/static/style.css").await;
    assert_eq!(status, 200);
    assert!(h["content-type"].to_str().unwrap().starts_with("text/css"));
    assert!(css.contains("mark.evidence"));
}

#[tokio::test]
async fn incident_page_shows_the_dispute_with_speakers_and_evidence_links() {
    let (_, _, page) = get("/incidents/1").await;
    let start = page.find("id=\"f-rocket_count\"").expect("rocket_count section");
    let end = page[start..].find("</section>").unwrap() + start;
    let section = &page[start..end];
    assert!(section.contains("badge disputed"));
    assert!(section.contains("side-by-side"));
    assert!(section.contains("Three Katyusha rockets") && section.contains("= 3"));
    assert!(section.contains("Two rockets") && section.contains("= 2"));
    assert!(section.contains("an Iraqi security official") && section.contains("an embassy spokesman"));
    assert!(section.contains("/reports/") && section.contains("#evidence"));
    for part in ["id=\"families\"", "id=\"history\"", "<svg", "incident.csv", "incident.geojson", "incident.json"] {
        assert!(page.contains(part), "{part}");
    }
    // The evidence link shows the sentence highlighted in the report's text.
    let href_start = section.find("class=\"sentence\" href=\"").unwrap() + "class=\"sentence\" href=\"".len();
    let href = section[href_start..].split('"').next().unwrap().replace("&amp;", "&");
    let (status, _, report) = get(&href).await;
    assert_eq!(status, 200);
    let mark = report.find("<mark class=\"evidence\" id=\"evidence\"").expect("evidence mark");
    let marked = &report[mark..report[mark..].find("</mark>").unwrap() + mark];
    assert!(marked.contains("rockets"), "{marked}");
}

#[tokio::test]
async fn downloads() {
    let (status, h, csv) = get("/incidents/1/incident.csv").await;
    assert_eq!(status, 200);
    assert!(h["content-disposition"].to_str().unwrap().contains("incident-1.csv"));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("event_id_cnty,event_date"));
    assert!(lines[1].starts_with("1,2023-12-08,2023"));
    let (_, _, gj) = get("/incidents/1/incident.geojson").await;
    let gj: Value = serde_json::from_str(&gj).unwrap();
    assert_eq!(gj["features"][0]["geometry"]["type"], "Point");
    let (_, _, js) = get("/incidents/1/incident.json").await;
    let js: Value = serde_json::from_str(&js).unwrap();
    assert_eq!(js["id"], "1");
}

#[tokio::test]
async fn no_write_endpoints() {
    for (m, uri) in
        [("POST", "/api/incidents"), ("PUT", "/api/incidents/1"), ("DELETE", "/api/reports/x"), ("POST", "/")]
    {
        let (status, _, _) = request(m, uri).await;
        assert_eq!(status, 405, "{m} {uri}");
    }
}
