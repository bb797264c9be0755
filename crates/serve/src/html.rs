//! Server-rendered pages: plain string building, every piece of data
//! passed through [`esc`]. Article text, titles, URLs and speakers are
//! untrusted input; nothing from a report is ever emitted unescaped, and
//! links are made only from `http(s)` URLs.
use crate::params::{ListQuery, Selection};
use consilience_core::Analysis;
use consilience_store::{ReportRow, SearchHit};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab/newline have no business in a page.
            c if c.is_control() && c != '\n' && c != '\t' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value.
pub fn url_enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// A text addressed by character (code point) offsets, as the analysis counts them.
pub struct CharText<'a> {
    text: &'a str,
    bytes: Vec<usize>,
}

impl<'a> CharText<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharText { text, bytes }
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.bytes.len() - 1
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Characters `start..end`, clamped to the text.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        let n = self.len();
        let (s, e) = (start.min(n), end.min(n));
        if s >= e {
            return "";
        }
        &self.text[self.bytes[s]..self.bytes[e]]
    }
}

/// A snippet with match markers as escaped HTML with `<mark>` around matches.
pub fn marked_snippet(s: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut rest = s;
    loop {
        let next_open = rest.find(open);
        let next_close = rest.find(close);
        let (i, is_open) = match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => (o, true),
            (Some(o), None) => (o, true),
            (_, Some(c)) => (c, false),
            (None, None) => break,
        };
        out.push_str(&esc(&rest[..i]));
        if is_open {
            if depth == 0 {
                out.push_str("<mark>");
            }
            depth += 1;
            rest = &rest[i + open.len()..];
        } else {
            if depth == 1 {
                out.push_str("</mark>");
            }
            depth = (depth - 1).max(0);
            rest = &rest[i + close.len()..];
        }
    }
    out.push_str(&esc(rest));
    if depth > 0 {
        out.push_str("</mark>");
    }
    out
}

/// An HTML answer.
pub fn page_response(html: String) -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
}

/// The frame of every page: header with search, main, footer.
pub fn layout(title: &str, q: &str, main: &str) -> String {
    format!(
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title} · Consilience</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<nav aria-label="Site">
<a class="brand" href="/">Consilience</a>
<form class="search" action="/search" method="get" role="search">
<label for="q" class="vh">Search report titles and text</label>
<input id="q" name="q" type="search" value="{q}" placeholder="Search reports…" maxlength="500">
<button type="submit">Search</button>
</form>
</nav>
</header>
<main id="main" tabindex="-1">
{main}
</main>
<footer class="foot">Read-only view of the store · <a href="/api/openapi.json">JSON API (OpenAPI)</a></footer>
</body>
</html>
"##,
        title = esc(title),
        q = esc(q),
    )
}

/// A page for an error answer.
pub fn error_page(title: &str, message: &str) -> String {
    layout(
        title,
        "",
        &format!(
            "<h1>{}</h1>\n<p class=\"error\" role=\"alert\">{}</p>\n<p><a href=\"/\">Back to the incident list</a></p>",
            esc(title),
            esc(message)
        ),
    )
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn or_dash(v: &Value) -> String {
    match v {
        Value::Null => "–".into(),
        Value::String(x) if x.is_empty() => "–".into(),
        Value::String(x) => esc(x),
        other => esc(&other.to_string()),
    }
}

fn status_badge(status: &str) -> String {
    let label = match status {
        "agreed" => "agreed",
        "single-source" => "single source",
        "disputed" => "disputed",
        _ => "unknown",
    };
    let class = match status {
        "agreed" | "single-source" | "disputed" => status,
        _ => "unknown",
    };
    format!("<span class=\"badge {class}\">{label}</span>")
}

fn disputed_fields(inc: &Value) -> Vec<String> {
    inc["fields"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, f)| f["status"] == "disputed")
        .map(|(k, _)| k.clone())
        .collect()
}

fn field_label(name: &str) -> String {
    let mut out = name.replace('_', " ");
    if let Some(c) = out.get_mut(..1) {
        c.make_ascii_uppercase();
    }
    out
}

// ---------------------------------------------------------------- index

/// The incident list: filters, a table, pages.
pub fn index_page(lq: &ListQuery, records: &[Value], total: i64, countries: &[String], types: &[String]) -> String {
    let f = &lq.filter;
    let mut m = String::new();
    m.push_str("<h1>Incidents</h1>\n");
    let opt = |v: &Option<String>| esc(v.as_deref().unwrap_or(""));
    let _ = write!(
        m,
        r#"<form class="filters" action="/" method="get" aria-label="Filter incidents">
<div><label for="f-from">From</label><input id="f-from" name="from" type="date" value="{from}"></div>
<div><label for="f-to">To</label><input id="f-to" name="to" type="date" value="{to}"></div>
<div><label for="f-country">Country</label><input id="f-country" name="country" list="countries" value="{country}"></div>
<div><label for="f-type">Event type</label><select id="f-type" name="type"><option value="">any</option>"#,
        from = opt(&f.from),
        to = opt(&f.to),
        country = opt(&f.country),
    );
    for t in types {
        let sel = if f.event_type.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(t)) { " selected" } else { "" };
        let _ = write!(m, "<option{sel}>{}</option>", esc(t));
    }
    let _ = write!(
        m,
        r#"</select></div>
<div><label for="f-fam">Min. independent families</label><input id="f-fam" name="min_families" type="number" min="0" value="{fam}"></div>
<div><label for="f-disp">Disputed fields</label><select id="f-disp" name="disputed"><option value="">any</option><option value="true"{dt}>with a dispute</option><option value="false"{df}>without</option></select></div>
<div class="actions"><button type="submit">Filter</button> <a href="/">Clear</a></div>
</form>
<datalist id="countries">"#,
        fam = f.min_families.map(|n| n.to_string()).unwrap_or_default(),
        dt = if f.disputed == Some(true) { " selected" } else { "" },
        df = if f.disputed == Some(false) { " selected" } else { "" },
    );
    for c in countries {
        let _ = write!(m, "<option value=\"{}\">", esc(c));
    }
    m.push_str("</datalist>\n");
    let first = lq.offset() + 1;
    let last = lq.offset() + records.len() as i64;
    if records.is_empty() {
        let _ = writeln!(m, "<p class=\"count\">No incident matches ({total} in all with these filters).</p>");
    } else {
        let _ = writeln!(m, "<p class=\"count\">{first}–{last} of {total} incidents, newest first.</p>");
        m.push_str(
            "<div class=\"table-wrap\"><table class=\"incidents\">\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Incident</th><th scope=\"col\">Place</th><th scope=\"col\">Type</th><th scope=\"col\" class=\"num\">Reports</th><th scope=\"col\" class=\"num\">Families</th><th scope=\"col\">Disputed</th></tr></thead>\n<tbody>\n",
        );
        for inc in records {
            let id = s(&inc["id"]);
            let date = if inc["date"].is_string() {
                format!("{}<br><small>{}</small>", esc(s(&inc["date"])), esc(s(&inc["weekday"])))
            } else if let Some(r) = inc["date_range"].as_array() {
                format!("{}–{}", esc(s(&r[0])), esc(r.get(1).map(s).unwrap_or("")))
            } else {
                format!("<small>{}</small>", or_dash(&inc["weekday"]))
            };
            let place = &inc["place"];
            let place = if place.is_object() {
                format!("{}<br><small>{}</small>", esc(s(&place["name"])), esc(s(&place["country"])))
            } else {
                "–".into()
            };
            let title = inc["title"].as_str().filter(|t| !t.is_empty()).unwrap_or("(untitled)");
            let disputed: Vec<String> = disputed_fields(inc)
                .iter()
                .map(|d| format!("<span class=\"badge disputed\">{}</span>", esc(d)))
                .collect();
            let _ = writeln!(
                m,
                "<tr><td>{date}</td><td><a href=\"/incidents/{idu}\">{title}</a></td><td>{place}</td><td>{etype}</td><td class=\"num\">{reports}</td><td class=\"num\">{fams}</td><td>{disputed}</td></tr>",
                idu = url_enc(id),
                title = esc(title),
                etype = or_dash(&inc["event_type"]),
                reports = inc["reports"].as_array().map(Vec::len).unwrap_or(0),
                fams = or_dash(&inc["independent_families"]),
                disputed = disputed.join(" "),
            );
        }
        m.push_str("</tbody></table></div>\n");
    }
    let pages = (total + lq.per_page - 1) / lq.per_page;
    if pages > 1 {
        let base: String = lq.filter_query().iter().map(|(k, v)| format!("{k}={}&", url_enc(v))).collect();
        m.push_str("<nav class=\"pager\" aria-label=\"Pages\">");
        if lq.page > 1 {
            let _ = write!(m, "<a rel=\"prev\" href=\"/?{}page={}\">← Newer</a>", esc(&base), lq.page - 1);
        }
        let _ = write!(m, "<span>page {} of {pages}</span>", lq.page);
        if lq.page < pages {
            let _ = write!(m, "<a rel=\"next\" href=\"/?{}page={}\">Older →</a>", esc(&base), lq.page + 1);
        }
        m.push_str("</nav>\n");
    }
    layout("Incidents", "", &m)
}

// ---------------------------------------------------------------- incident

/// How a report is named on pages: its outlet, else its URL's host, else
/// its file name, else a short id.
fn report_label(r: &ReportRow) -> String {
    if let Some(o) = r.body.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
        return o.trim().to_string();
    }
    if let Some(host) = r.body.url.as_deref().and_then(url_host) {
        return host.to_string();
    }
    let src = r.source.rsplit(['/', '\\']).next().unwrap_or(&r.source);
    if !src.is_empty() {
        return src.to_string();
    }
    r.id.chars().take(8).collect()
}

fn url_host(u: &str) -> Option<&str> {
    let rest = u.strip_prefix("https://").or_else(|| u.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// An `http(s)` URL may become a link; anything else (`javascript:`, `data:`) stays text.
fn safe_link(u: &str) -> Option<&str> {
    let t = u.trim();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(t)
}

fn evidence_href(e: &Value) -> String {
    let mut href = format!("/reports/{}?s={}&e={}", url_enc(s(&e["report"])), e["start"], e["end"]);
    if e["value_start"].is_u64() && e["value_end"].is_u64() {
        let _ = write!(href, "&vs={}&ve={}", e["value_start"], e["value_end"]);
    }
    href.push_str("#evidence");
    esc(&href)
}

fn value_text(v: &Value) -> (String, String) {
    let text = v["text"].as_str().map(str::to_string);
    let norm = match &v["value"] {
        Value::String(x) => x.clone(),
        Value::Null => String::new(),
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", f as i64)
            } else {
                n.to_string()
            }
        }
        other => other.to_string(),
    };
    (text.unwrap_or_else(|| norm.clone()), norm)
}

/// The incident page: the fused record at a glance, fields with their
/// status, values side by side with speakers and evidence links, families,
/// history, a map and downloads.
pub fn incident_page(inc: &Value, reports: &[ReportRow]) -> String {
    let id = s(&inc["id"]);
    let idu = url_enc(id);
    let by_id: HashMap<&str, &ReportRow> = reports.iter().map(|r| (r.id.as_str(), r)).collect();
    let label_of = |rid: &str| by_id.get(rid).map(|r| report_label(r)).unwrap_or_else(|| rid.chars().take(8).collect());
    let title = inc["title"].as_str().filter(|t| !t.is_empty()).unwrap_or("(untitled incident)");
    let mut m = String::new();
    let _ = writeln!(m, "<p class=\"crumbs\"><a href=\"/\">Incidents</a> › Incident {}</p>", esc(id));
    let _ = writeln!(m, "<h1>{}</h1>", esc(title));
    let _ = writeln!(
        m,
        "<p class=\"sub\">{} <span class=\"sep\">/</span> {}</p>",
        or_dash(&inc["event_type"]),
        or_dash(&inc["sub_event_type"])
    );

    // At a glance.
    let disputed = disputed_fields(inc);
    let date = match (&inc["date"], inc["date_range"].as_array()) {
        (Value::String(d), _) => esc(d),
        (_, Some(r)) => format!("between {} and {}", esc(s(&r[0])), esc(r.get(1).map(s).unwrap_or(""))),
        _ => "–".into(),
    };
    let place = &inc["place"];
    let place_html = if place.is_object() {
        let parts: Vec<String> =
            [&place["name"], &place["admin1"], &place["country"]].iter().filter_map(|v| v.as_str()).map(esc).collect();
        format!(
            "{} <small>({:.4}, {:.4})</small>",
            parts.join(", "),
            place["lat"].as_f64().unwrap_or(0.0),
            place["lon"].as_f64().unwrap_or(0.0)
        )
    } else {
        "–".into()
    };
    m.push_str("<div class=\"glance\">\n<dl class=\"facts\">\n");
    let _ = writeln!(m, "<div><dt>Date</dt><dd>{date} <small>{}</small></dd></div>", or_dash(&inc["weekday"]));
    let _ = writeln!(m, "<div><dt>Time (UTC)</dt><dd>{}</dd></div>", or_dash(&inc["time_utc"]));
    let _ = writeln!(m, "<div><dt>Place</dt><dd>{place_html}</dd></div>");
    let _ = writeln!(
        m,
        "<div><dt>Reports</dt><dd>{} in {} independent famil{}</dd></div>",
        inc["reports"].as_array().map(Vec::len).unwrap_or(0),
        or_dash(&inc["independent_families"]),
        if inc["independent_families"] == 1 { "y" } else { "ies" }
    );
    let disputed_html = if disputed.is_empty() {
        "none".to_string()
    } else {
        disputed
            .iter()
            .map(|d| format!("<a class=\"badge disputed\" href=\"#f-{}\">{}</a>", esc(d), esc(d)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = writeln!(m, "<div><dt>Disputed</dt><dd>{disputed_html}</dd></div>");
    m.push_str("</dl>\n");
    if place.is_object() {
        let lat = place["lat"].as_f64().unwrap_or(0.0);
        let lon = place["lon"].as_f64().unwrap_or(0.0);
        let _ = writeln!(m, "<figure class=\"map\">{}</figure>", map_svg(lat, lon, s(&place["name"])));
    }
    m.push_str("</div>\n");
    let _ = writeln!(
        m,
        "<p class=\"downloads\">Download: <a href=\"/incidents/{idu}/incident.json\" download>JSON</a> · <a href=\"/incidents/{idu}/incident.csv\" download>CSV</a> · <a href=\"/incidents/{idu}/incident.geojson\" download>GeoJSON</a> · <a href=\"/api/incidents/{idu}\">API</a></p>"
    );
    m.push_str("<nav class=\"toc\" aria-label=\"On this page\"><a href=\"#fields\">Fields</a> <a href=\"#families\">Families</a> <a href=\"#history\">History</a></nav>\n");

    // Fields: disputed first, then the rest in name order.
    m.push_str("<section id=\"fields\" aria-labelledby=\"h-fields\">\n<h2 id=\"h-fields\">Fields</h2>\n");
    let fields = inc["fields"].as_object();
    let mut names: Vec<&String> = fields.map(|f| f.keys().collect()).unwrap_or_default();
    names.sort_by_key(|n| (inc["fields"][n.as_str()]["status"] != "disputed", n.to_string()));
    if names.is_empty() {
        m.push_str("<p>No field has been found in the reports yet.</p>\n");
    }
    for name in names {
        let f = &inc["fields"][name.as_str()];
        let status = s(&f["status"]);
        let values = f["values"].as_array().cloned().unwrap_or_default();
        let _ = writeln!(
            m,
            "<section class=\"field {cls}\" id=\"f-{n}\" aria-labelledby=\"h-f-{n}\">\n<h3 id=\"h-f-{n}\">{label} {badge}</h3>",
            cls = esc(status),
            n = esc(name),
            label = esc(&field_label(name)),
            badge = status_badge(status),
        );
        let _ = writeln!(m, "<div class=\"values{}\">", if values.len() > 1 { " side-by-side" } else { "" });
        for v in &values {
            let (text, norm) = value_text(v);
            let evidence = v["evidence"].as_array().cloned().unwrap_or_default();
            let fams = v["families"].as_u64().unwrap_or(0);
            let first_link = evidence.first().map(evidence_href);
            m.push_str("<article class=\"value\">\n");
            let value_html = match &first_link {
                Some(h) => format!("<a class=\"v\" href=\"{h}\">{}</a>", esc(&text)),
                None => format!("<span class=\"v\">{}</span>", esc(&text)),
            };
            let norm_html = if !norm.is_empty() && !norm.eq_ignore_ascii_case(&text) {
                format!(" <span class=\"norm\" title=\"normalised value\">= {}</span>", esc(&norm))
            } else {
                String::new()
            };
            let _ = writeln!(m, "<p class=\"value-line\">{value_html}{norm_html}</p>");
            let _ = writeln!(
                m,
                "<p class=\"support\">{fams} independent famil{}, {} report{}</p>",
                if fams == 1 { "y" } else { "ies" },
                v["reports"].as_array().map(Vec::len).unwrap_or(0),
                if v["reports"].as_array().map(Vec::len) == Some(1) { "" } else { "s" }
            );
            m.push_str("<ul class=\"evidence\">\n");
            for e in &evidence {
                let speaker = e["speaker"].as_str().filter(|x| !x.is_empty());
                let via = esc(&label_of(s(&e["report"])));
                let who = match speaker {
                    Some(sp) => {
                        format!("<span class=\"speaker\">{}</span> via <span class=\"outlet\">{via}</span>", esc(sp))
                    }
                    None => format!("<span class=\"speaker\">the outlet</span>, <span class=\"outlet\">{via}</span>"),
                };
                let _ = writeln!(
                    m,
                    "<li><p class=\"who\">{who}</p><a class=\"sentence\" href=\"{}\">“{}”</a></li>",
                    evidence_href(e),
                    esc(s(&e["sentence"]))
                );
            }
            m.push_str("</ul>\n</article>\n");
        }
        m.push_str("</div>\n</section>\n");
    }
    m.push_str("</section>\n");

    // Families.
    m.push_str("<section id=\"families\" aria-labelledby=\"h-families\">\n<h2 id=\"h-families\">Families</h2>\n");
    m.push_str("<p class=\"hint\">Reports that derive from one origin (copies, rewrites, translations) form one family and count once.</p>\n");
    let sentence_sets: HashMap<&str, Vec<String>> = reports.iter().map(|r| (r.id.as_str(), sentences_of(r))).collect();
    for (i, fam) in inc["families"].as_array().into_iter().flatten().enumerate() {
        let mut members: Vec<&ReportRow> = fam
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str())
            .filter_map(|x| by_id.get(x).copied())
            .collect();
        members.sort_by_key(|r| r.seq);
        let _ = writeln!(
            m,
            "<section class=\"family\"><h3>Family {} <small>({} report{})</small></h3>\n<ol>",
            i + 1,
            members.len(),
            if members.len() == 1 { "" } else { "s" }
        );
        let origin = members.first().copied();
        for r in &members {
            let _ = write!(m, "<li>{}", report_item(r));
            if let Some(o) = origin.filter(|o| o.id != r.id) {
                let shared = shared_sentences(&sentence_sets[o.id.as_str()], &sentence_sets[r.id.as_str()]);
                let _ = write!(
                    m,
                    "<p class=\"copy\">copies <a href=\"/reports/{}\">{}</a> (arrived first): {} shared passage{}</p>",
                    url_enc(&o.id),
                    esc(&report_label(o)),
                    shared.len(),
                    if shared.len() == 1 { "" } else { "s" }
                );
                if !shared.is_empty() {
                    m.push_str("<details><summary>Shared passages</summary><ul class=\"shared\">");
                    for p in shared.iter().take(8) {
                        let _ = write!(m, "<li>“{}”</li>", esc(p));
                    }
                    m.push_str("</ul></details>");
                }
            }
            m.push_str("</li>\n");
        }
        m.push_str("</ol></section>\n");
    }
    m.push_str("</section>\n");

    // History.
    m.push_str("<section id=\"history\" aria-labelledby=\"h-history\">\n<h2 id=\"h-history\">History</h2>\n");
    let hist = inc["history"].as_array().cloned().unwrap_or_default();
    if hist.is_empty() {
        m.push_str("<p>No recorded change.</p>\n");
    } else {
        m.push_str("<div class=\"table-wrap\"><table class=\"history\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Report</th><th scope=\"col\">Changed</th></tr></thead><tbody>\n");
        for h in hist {
            let rep = match h["report"].as_str() {
                Some(r) => format!("<a href=\"/reports/{}\">{}</a>", url_enc(r), esc(&label_of(r))),
                None => "–".into(),
            };
            let changed: Vec<String> =
                h["changed"].as_array().into_iter().flatten().filter_map(Value::as_str).map(esc).collect();
            let _ = writeln!(
                m,
                "<tr><td>{}</td><td>{rep}</td><td class=\"changed\">{}</td></tr>",
                esc(s(&h["at"])),
                changed.join(", ")
            );
        }
        m.push_str("</tbody></table></div>\n");
    }
    m.push_str("</section>\n");
    layout(&format!("Incident {id}: {title}"), "", &m)
}

fn report_item(r: &ReportRow) -> String {
    let title = r.body.title.as_deref().filter(|t| !t.is_empty()).unwrap_or("(untitled)");
    let mut meta = vec![esc(&report_label(r))];
    if let Some(p) = &r.body.published {
        meta.push(esc(p));
    }
    format!(
        "<a href=\"/reports/{}\">{}</a> <small class=\"meta\">{}</small>",
        url_enc(&r.id),
        esc(title),
        meta.join(" · ")
    )
}

fn normalise_sentence(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The report's sentences (as written), from its stored analysis.
fn sentences_of(r: &ReportRow) -> Vec<String> {
    let analysis: Analysis = serde_json::from_str(&r.analysis).unwrap_or_default();
    let text = CharText::new(&r.body.body);
    analysis.sentences.iter().map(|sp| text.slice(sp.start, sp.end).trim().to_string()).collect()
}

/// Sentences of `copy` (of some length) that also appear in `origin`.
fn shared_sentences(origin: &[String], copy: &[String]) -> Vec<String> {
    let seen: HashSet<String> = origin.iter().map(|s| normalise_sentence(s)).filter(|n| n.len() >= 25).collect();
    copy.iter().filter(|s| seen.contains(&normalise_sentence(s))).cloned().collect()
}

/// A small offline map: a world graticule with the place marked, and a
/// regional inset (10° around the place). No tiles, no network.
pub fn map_svg(lat: f64, lon: f64, name: &str) -> String {
    let lat = lat.clamp(-90.0, 90.0);
    let lon = lon.clamp(-180.0, 180.0);
    let (x, y) = (lon + 180.0, 90.0 - lat);
    let mut g = String::new();
    for i in (0..=360).step_by(30) {
        let _ = write!(g, "<line x1=\"{i}\" y1=\"0\" x2=\"{i}\" y2=\"180\"/>");
    }
    for j in (0..=180).step_by(30) {
        let _ = write!(g, "<line x1=\"0\" y1=\"{j}\" x2=\"360\" y2=\"{j}\"/>");
    }
    // Inset: 20° × 20° around the place, one line a degree.
    let (ix0, iy0) = ((lon - 10.0).floor(), (lat + 10.0).ceil());
    let mut inset = String::new();
    for k in 0..=20 {
        let v = k as f64 * 10.0;
        let _ = write!(
            inset,
            "<line x1=\"{v}\" y1=\"0\" x2=\"{v}\" y2=\"200\"/><line x1=\"0\" y1=\"{v}\" x2=\"200\" y2=\"{v}\"/>"
        );
    }
    let (px, py) = ((lon - ix0) * 10.0, (iy0 - lat) * 10.0);
    let label = esc(name);
    format!(
        r##"<svg class="world" viewBox="0 0 360 180" role="img" aria-label="World map marking {label} at {lat:.2}, {lon:.2}"><rect width="360" height="180" fill="#eaf1f6"/><g stroke="#c5d3de" stroke-width="0.5">{g}</g><line x1="0" y1="90" x2="360" y2="90" stroke="#9fb3c3" stroke-width="0.8"/><line x1="180" y1="0" x2="180" y2="180" stroke="#9fb3c3" stroke-width="0.8"/><rect x="{rx:.1}" y="{ry:.1}" width="20" height="20" fill="none" stroke="#b03a2e" stroke-width="0.8"/><circle cx="{x:.2}" cy="{y:.2}" r="3" fill="#b03a2e" stroke="#fff" stroke-width="1"/></svg><svg class="inset" viewBox="0 0 200 200" role="img" aria-label="Detail: 20 degrees around {label}"><rect width="200" height="200" fill="#eaf1f6"/><g stroke="#d3dee7" stroke-width="0.5">{inset}</g><line x1="{px:.1}" y1="0" x2="{px:.1}" y2="200" stroke="#9fb3c3" stroke-dasharray="3 3"/><line x1="0" y1="{py:.1}" x2="200" y2="{py:.1}" stroke="#9fb3c3" stroke-dasharray="3 3"/><circle cx="{px:.1}" cy="{py:.1}" r="6" fill="#b03a2e" stroke="#fff" stroke-width="2"/><text x="{tx:.1}" y="{ty:.1}" font-size="12" fill="#1d2a36" text-anchor="{anchor}">{label}</text><text x="4" y="196" font-size="9" fill="#5b6b78">{lat:.2}°, {lon:.2}° · grid 1°</text></svg><figcaption>{label}, {lat:.3}°, {lon:.3}°</figcaption>"##,
        rx = x - 10.0,
        ry = y - 10.0,
        tx = if px > 120.0 { px - 10.0 } else { px + 10.0 },
        ty = if py < 20.0 { py + 18.0 } else { py - 10.0 },
        anchor = if px > 120.0 { "end" } else { "start" },
    )
}

// ---------------------------------------------------------------- report

/// A highlight to lay over a text: characters `start..end` wrapped in `open`/`close`.
struct Span {
    start: usize,
    end: usize,
    open: String,
    close: &'static str,
}

/// The text escaped, with properly nested highlights; a span that crosses
/// another (rather than nesting in it) is dropped.
fn highlight(text: &CharText, mut spans: Vec<Span>) -> String {
    let n = text.len();
    spans.retain(|s| s.start < s.end && s.end <= n);
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Span> = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // ends of open kept spans
    for sp in spans {
        while stack.last().is_some_and(|&e| e <= sp.start) {
            stack.pop();
        }
        if stack.last().is_some_and(|&e| sp.end > e) {
            continue;
        }
        stack.push(sp.end);
        kept.push(sp);
    }
    // Events: opens at start (outer first), closes at end (inner first).
    let mut opens: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut closes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, sp) in kept.iter().enumerate() {
        opens.entry(sp.start).or_default().push(i);
        closes.entry(sp.end).or_default().push(i);
    }
    let mut points: Vec<usize> = opens.keys().chain(closes.keys()).copied().collect();
    points.push(0);
    points.push(n);
    points.sort_unstable();
    points.dedup();
    let mut out = String::new();
    let mut prev = 0;
    for p in points {
        out.push_str(&esc(text.slice(prev, p)));
        if let Some(cs) = closes.get(&p) {
            for &i in cs.iter().rev() {
                out.push_str(kept[i].close);
            }
        }
        if let Some(os) = opens.get(&p) {
            for &i in os {
                out.push_str(&kept[i].open);
            }
        }
        prev = p;
    }
    out
}

/// The report page: metadata, the extracted body with evidence highlighted,
/// the claims found in it, and the original as received (as text).
pub fn report_page(r: &ReportRow, sel: &Selection) -> String {
    let b = &r.body;
    let text = CharText::new(&b.body);
    let analysis: Analysis = serde_json::from_str(&r.analysis).unwrap_or_default();
    let title = b.title.as_deref().filter(|t| !t.is_empty()).unwrap_or("(untitled report)");
    let mut m = String::new();
    let crumbs = match r.incident {
        Some(i) => format!("<a href=\"/\">Incidents</a> › <a href=\"/incidents/{i}\">Incident {i}</a> › Report"),
        None => "<a href=\"/\">Incidents</a> › Report".into(),
    };
    let _ = writeln!(m, "<p class=\"crumbs\">{crumbs}</p>");
    let _ = writeln!(m, "<h1>{}</h1>", esc(title));

    m.push_str("<dl class=\"meta-list\">\n");
    let mut row = |k: &str, v: String| {
        let _ = writeln!(m, "<div><dt>{k}</dt><dd>{v}</dd></div>");
    };
    let opt = |v: &Option<String>| v.as_deref().filter(|x| !x.is_empty()).map(esc).unwrap_or_else(|| "–".into());
    row("Outlet", opt(&b.outlet));
    row("Author", opt(&b.author));
    row("Published", opt(&b.published));
    if b.modified.is_some() {
        row("Modified", opt(&b.modified));
    }
    row("Dateline", opt(&b.dateline));
    row(
        "URL",
        match b.url.as_deref() {
            Some(u) => match safe_link(u) {
                Some(l) => format!("<a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>", esc(l), esc(u)),
                None => format!("<code>{}</code>", esc(u)),
            },
            None => "–".into(),
        },
    );
    row("Language", opt(&b.lang));
    row("Source", format!("<code>{}</code>", esc(&r.source)));
    row("Report id", format!("<code>{}</code>", esc(&r.id)));
    row("Family", format!("<code>{}</code>", esc(&r.family.chars().take(12).collect::<String>())));
    row("Incident", r.incident.map(|i| format!("<a href=\"/incidents/{i}\">{i}</a>")).unwrap_or_else(|| "–".into()));
    row("Ingested", esc(&r.ingested_at));
    m.push_str("</dl>\n");
    let _ =
        writeln!(m, "<p class=\"downloads\"><a href=\"/api/reports/{}\">This report as JSON</a></p>", url_enc(&r.id));

    // Body with highlights.
    let mut spans = Vec::new();
    if let Some((s0, e0)) = sel.sentence {
        spans.push(Span {
            start: s0,
            end: e0,
            open: "<mark class=\"evidence\" id=\"evidence\" tabindex=\"-1\">".into(),
            close: "</mark>",
        });
        if let Some((vs, ve)) = sel.value {
            spans.push(Span { start: vs, end: ve, open: "<strong class=\"value\">".into(), close: "</strong>" });
        }
    }
    for (i, c) in analysis.claims.iter().enumerate() {
        let inside = sel.sentence.is_some_and(|(s0, e0)| c.span.start < e0 && c.span.end > s0);
        if inside {
            continue;
        }
        let tip =
            format!("{}: {}{}", c.field, c.value, c.speaker.as_deref().map(|s| format!(" ({s})")).unwrap_or_default());
        spans.push(Span {
            start: c.span.start,
            end: c.span.end,
            open: format!(
                "<mark class=\"claim{}\" id=\"c{i}\" title=\"{}\">",
                if c.background { " background" } else { "" },
                esc(&tip)
            ),
            close: "</mark>",
        });
    }
    m.push_str("<section aria-labelledby=\"h-body\">\n<h2 id=\"h-body\">Extracted text</h2>\n");
    if sel.sentence.is_some() {
        m.push_str("<p class=\"hint\">The evidence sentence is highlighted; <a href=\"#evidence\">jump to it</a>. Other claims are underlined.</p>\n");
    }
    let _ = writeln!(m, "<div class=\"body\" id=\"body\">{}</div>", highlight(&text, spans));
    m.push_str("</section>\n");

    // Claims.
    m.push_str("<section aria-labelledby=\"h-claims\">\n<h2 id=\"h-claims\">Claims found</h2>\n");
    if analysis.claims.is_empty() {
        m.push_str("<p>None.</p>\n");
    } else {
        m.push_str("<div class=\"table-wrap\"><table class=\"claims\"><thead><tr><th scope=\"col\">Field</th><th scope=\"col\">As written</th><th scope=\"col\">Value</th><th scope=\"col\">Speaker</th><th scope=\"col\">Sentence</th></tr></thead><tbody>\n");
        for c in &analysis.claims {
            let sp = analysis.sentences.get(c.sentence);
            let link = match sp {
                Some(sp) => format!(
                    "<a href=\"{}\">show</a>",
                    esc(&format!(
                        "/reports/{}?s={}&e={}&vs={}&ve={}#evidence",
                        url_enc(&r.id),
                        sp.start,
                        sp.end,
                        c.span.start,
                        c.span.end
                    ))
                ),
                None => "–".into(),
            };
            let norm = match &c.normalized {
                Value::Null => String::new(),
                Value::String(x) => x.clone(),
                other => other.to_string(),
            };
            let _ = writeln!(
                m,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{link}</td></tr>",
                if c.background {
                    " class=\"background\" title=\"background: not a fact of this incident\""
                } else {
                    ""
                },
                esc(&c.field),
                esc(&c.value),
                esc(&norm),
                c.speaker.as_deref().map(esc).unwrap_or_else(|| "the outlet".into())
            );
        }
        m.push_str("</tbody></table></div>\n");
    }
    m.push_str("</section>\n");

    // The original.
    const MAX_RAW: usize = 512 * 1024;
    let raw = String::from_utf8_lossy(&r.raw);
    let (shown, cut) = if raw.len() > MAX_RAW {
        let mut end = MAX_RAW;
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        (&raw[..end], true)
    } else {
        (&raw[..], false)
    };
    m.push_str("<section aria-labelledby=\"h-raw\">\n<h2 id=\"h-raw\">Original as received</h2>\n");
    let _ = writeln!(
        m,
        "<details><summary>Show the {} ({} bytes), as text</summary><pre class=\"raw\">{}</pre>{}</details>",
        esc(&r.kind),
        r.raw.len(),
        esc(shown),
        if cut { "<p class=\"hint\">(cut at 512 KiB)</p>" } else { "" }
    );
    m.push_str("</section>\n");
    layout(&format!("Report: {title}"), "", &m)
}

// ---------------------------------------------------------------- search

/// Search results: each hit's title, incident and snippet.
pub fn search_page(q: &str, hits: &[SearchHit]) -> String {
    let mut m = String::new();
    if q.is_empty() {
        m.push_str("<h1>Search</h1>\n<p>Search the titles and text of all reports: words must all appear; \"quotes\" make a phrase; a trailing * matches a prefix.</p>\n");
        return layout("Search", "", &m);
    }
    let _ = writeln!(m, "<h1>Search: {}</h1>", esc(q));
    if hits.is_empty() {
        m.push_str("<p>No report matches.</p>\n");
    } else {
        let _ =
            writeln!(m, "<p class=\"count\">{} best match{}.</p>", hits.len(), if hits.len() == 1 { "" } else { "es" });
        m.push_str("<ol class=\"results\">\n");
        for h in hits {
            let title = h.title.as_deref().filter(|t| !t.is_empty()).unwrap_or("(untitled report)");
            let inc = h
                .incident
                .map(|i| format!(" <a class=\"inc\" href=\"/incidents/{i}\">incident {i}</a>"))
                .unwrap_or_default();
            let _ = writeln!(
                m,
                "<li><a href=\"/reports/{}\">{}</a>{inc}<p class=\"snippet\">{}</p></li>",
                url_enc(&h.report),
                esc(title),
                h.snippet
            );
        }
        m.push_str("</ol>\n");
    }
    layout(&format!("Search: {q}"), q, &m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc("<script>a&b\"c'd</script>"), "&lt;script&gt;a&amp;b&quot;c&#39;d&lt;/script&gt;");
    }

    #[test]
    fn snippets_escape_text_and_mark_matches() {
        let s = marked_snippet("<b>\u{E000}rockets\u{E001} hit", "\u{E000}", "\u{E001}");
        assert_eq!(s, "&lt;b&gt;<mark>rockets</mark> hit");
        assert_eq!(marked_snippet("a\u{E001}b\u{E000}c", "\u{E000}", "\u{E001}"), "ab<mark>c</mark>");
    }

    #[test]
    fn highlights_nest_and_crossing_spans_drop() {
        let t = CharText::new("ab<cd>éfgh");
        let sp = |a, b, o: &str| Span { start: a, end: b, open: o.into(), close: "]" };
        let out = highlight(&t, vec![sp(1, 8, "["), sp(2, 4, "{"), sp(3, 9, "(")]);
        assert_eq!(out, "a[b{&lt;c]d&gt;éf]gh");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_link("https://x.org/a"), Some("https://x.org/a"));
        assert_eq!(safe_link("javascript:alert(1)"), None);
        assert_eq!(safe_link(" JaVaScRiPt:alert(1)"), None);
        assert_eq!(safe_link("data:text/html,x"), None);
    }
}
