//! The HTML path: metadata from `<meta>`, JSON-LD, `<time>` and the URL; the
//! main body from dom_smoothie (a Readability port), turned into paragraphs
//! and cleaned with the shared rules. A cheap tag-stripping path serves pages
//! too big or too deeply nested for a DOM.

use crate::clean::{self, normalize_ws};
use crate::dates;
use crate::rules;
use consilience_core::Body;
use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability};

/// Elements whose content is never story text.
const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "figcaption",
    "aside",
    "nav",
    "footer",
    "form",
    "button",
    "svg",
    "iframe",
    "select",
    "input",
    "textarea",
    "label",
    "template",
    "object",
    "video",
    "audio",
    "canvas",
    "map",
    "menu",
    "dialog",
    "head",
    "title",
    "meta",
    "link",
    "picture",
    "img",
];

/// Elements that start a new paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "tr",
    "table",
    "section",
    "article",
    "br",
    "dd",
    "dt",
    "dl",
    "hr",
    "header",
    "main",
    "figure",
    "address",
    "details",
    "summary",
    "center",
    "td",
    "th",
    "caption",
    "body",
    "html",
];

/// Largest text an element flagged by class may hold and still be dropped
/// (a mislabelled wrapper of the whole story is kept).
const MAX_FLAGGED_TEXT: usize = 600;

/// The element dom_smoothie wraps the grabbed article in.
const ARTICLE_ROOT: &str = "#readability-page-1";

/// Metadata found in the page before readability mutates it.
#[derive(Debug, Default)]
struct PageMeta {
    title: Option<String>,
    h1: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

/// `<meta>` values keyed by lowercased `property` / `name` / `itemprop` /
/// `http-equiv` (first occurrence wins), gathered in one pass.
struct Metas(std::collections::HashMap<String, String>);

impl Metas {
    fn gather(nodes: &[NodeRef]) -> Self {
        let mut map = std::collections::HashMap::new();
        for node in nodes {
            let Some(content) = node.attr("content") else {
                continue;
            };
            let content = normalize_ws(&content);
            if content.is_empty() {
                continue;
            }
            for key in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(k) = node.attr(key) {
                    map.entry(k.trim().to_ascii_lowercase()).or_insert_with(|| content.clone());
                }
            }
        }
        Metas(map)
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| self.0.get(*k).cloned())
    }
}

/// Publish and modify dates from the page's JSON-LD (`datePublished`,
/// `dateModified`, first in document order, `@graph` and nesting included).
#[derive(Default)]
struct JsonLdDates {
    published: Option<String>,
    modified: Option<String>,
}

impl JsonLdDates {
    fn gather(scripts: &[NodeRef]) -> Self {
        let mut d = JsonLdDates::default();
        for node in scripts {
            let text = node.text();
            // Blocks that name neither date (breadcrumbs, organisation, search box) are not parsed.
            if text.len() > 1 << 20 || !(text.contains("datePublished") || text.contains("dateModified")) {
                continue;
            }
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) {
                d.walk(&v, 0);
            }
            if d.published.is_some() && d.modified.is_some() {
                break;
            }
        }
        d
    }

    fn walk(&mut self, v: &serde_json::Value, depth: usize) {
        if depth > 16 {
            return;
        }
        match v {
            serde_json::Value::Object(o) => {
                if let Some(p) = o.get("datePublished").and_then(|p| p.as_str()) {
                    self.published.get_or_insert_with(|| p.to_string());
                }
                if let Some(p) = o.get("dateModified").and_then(|p| p.as_str()) {
                    self.modified.get_or_insert_with(|| p.to_string());
                }
                for (k, x) in o {
                    // Comments and reviews carry their own dates.
                    if !matches!(k.as_str(), "comment" | "review" | "citation" | "hasPart" | "mentions") {
                        self.walk(x, depth + 1);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| self.walk(x, depth + 1)),
            _ => {}
        }
    }
}

/// The elements metadata is read from, gathered in one walk over the page
/// (each in document order), instead of one selector pass per kind.
#[derive(Default)]
struct MetaNodes<'a> {
    metas: Vec<NodeRef<'a>>,
    head_titles: Vec<NodeRef<'a>>,
    first_h1: Option<NodeRef<'a>>,
    times: Vec<NodeRef<'a>>,
    json_ld: Vec<NodeRef<'a>>,
    canonical: Option<NodeRef<'a>>,
    html: Option<NodeRef<'a>>,
}

impl<'a> MetaNodes<'a> {
    fn gather(doc: &'a Document) -> Self {
        let mut m = MetaNodes::default();
        let mut head = None;
        for node in doc.root().descendants_it() {
            let Some(name) = node.qual_name_ref() else {
                continue;
            };
            match name.local.as_ref() {
                "meta" => m.metas.push(node),
                "title" if head.is_some_and(|h| node.ancestors_it(None).any(|a| a.id == h)) => m.head_titles.push(node),
                "head" if head.is_none() => head = Some(node.id),
                "h1" if m.first_h1.is_none() => m.first_h1 = Some(node),
                "time" if node.has_attr("datetime") => m.times.push(node),
                "script" if node.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) => {
                    m.json_ld.push(node)
                }
                "link"
                    if m.canonical.is_none()
                        && node.attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                {
                    m.canonical = Some(node)
                }
                "html" if m.html.is_none() => m.html = Some(node),
                _ => {}
            }
        }
        m
    }
}

fn page_meta(doc: &Document) -> PageMeta {
    let nodes = MetaNodes::gather(doc);
    let metas = Metas::gather(&nodes.metas);
    let mut m =
        PageMeta { title: metas.first(&["og:title", "twitter:title", "title", "headline"]), ..Default::default() };
    if m.title.is_none() {
        let t: String = nodes.head_titles.iter().map(|n| n.text().to_string()).collect();
        let t = normalize_ws(&t);
        m.title = (!t.is_empty()).then_some(t);
    }
    let h1 = nodes.first_h1.map(|n| normalize_ws(&n.text())).unwrap_or_default();
    m.h1 = (!h1.is_empty()).then_some(h1);
    // <time> elements: an explicit publish/modify mark, else the first inside <article>/<main>.
    let (mut time_pub, mut time_mod, mut time_article) = (None, None, None);
    for node in &nodes.times {
        let Some(dt) = node.attr("datetime").map(|d| d.to_string()) else {
            continue;
        };
        let prop = node.attr("itemprop").map(|p| p.to_ascii_lowercase()).unwrap_or_default();
        if prop == "datepublished" || node.has_attr("pubdate") {
            time_pub.get_or_insert(dt);
        } else if prop == "datemodified" {
            time_mod.get_or_insert(dt);
        } else if time_article.is_none()
            && node.ancestors_it(None).any(|a| {
                a.node_name().is_some_and(|n| n.eq_ignore_ascii_case("article") || n.eq_ignore_ascii_case("main"))
            })
        {
            time_article = Some(dt);
        }
    }
    let json_ld = JsonLdDates::gather(&nodes.json_ld);
    m.published = metas
        .first(&[
            "article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "parsely-pub-date",
            "sailthru.date",
            "dc.date.issued",
            "dcterms.created",
            "date",
        ])
        .and_then(|d| dates::normalize(&d))
        .or_else(|| json_ld.published.as_deref().and_then(dates::normalize))
        .or_else(|| time_pub.as_deref().and_then(dates::normalize))
        .or_else(|| time_article.as_deref().and_then(dates::normalize));
    m.modified = metas
        .first(&["article:modified_time", "og:updated_time", "datemodified", "last-modified"])
        .and_then(|d| dates::normalize(&d))
        .or_else(|| json_ld.modified.as_deref().and_then(dates::normalize))
        .or_else(|| time_mod.as_deref().and_then(dates::normalize));
    m.outlet = metas.first(&["og:site_name", "application-name"]);
    m.author = metas.first(&["author", "article:author", "byl"]).filter(|a| !a.starts_with("http"));
    let http = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    m.url = nodes
        .canonical
        .and_then(|n| n.attr("href"))
        .map(|u| u.trim().to_string())
        .filter(http)
        .or_else(|| metas.first(&["og:url"]).filter(http));
    m.lang = nodes
        .html
        .and_then(|n| n.attr("lang"))
        .map(|l| l.to_string())
        .or_else(|| metas.first(&["content-language", "og:locale"]))
        .and_then(|l| lang_code(&l));
    m
}

/// ISO 639-1 code from a language tag ("en-US", "en_GB", "fr").
pub fn lang_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

/// One block of text and how much of it is link text.
#[derive(Debug)]
struct Para {
    text: String,
    link_chars: usize,
}

/// Turns a content fragment into paragraphs, skipping non-story elements.
fn paragraphs(root: &NodeRef) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut cur = String::new();
    let mut link_depth = 0usize;
    let mut link_chars = 0usize;
    // Explicit stack: (node, leaving?) so depth never grows the call stack.
    let mut stack: Vec<(NodeRef, bool)> = vec![(*root, false)];
    while let Some((node, leaving)) = stack.pop() {
        if node.is_text() {
            let t = node.text();
            if link_depth > 0 {
                link_chars += t.trim().chars().count();
            }
            cur.push_str(&t);
            continue;
        }
        if !node.is_element() && !node.is_document() && !node.is_fragment() {
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
        let block = BLOCK.contains(&name.as_str());
        if leaving {
            if name == "a" {
                link_depth = link_depth.saturating_sub(1);
            }
            if block {
                flush(&mut cur, &mut link_chars, &mut out);
            }
            continue;
        }
        if SKIP.contains(&name.as_str()) || hidden(&node) {
            continue;
        }
        let mut ci = node.attr("class").map(|c| c.to_string()).unwrap_or_default();
        if let Some(id) = node.attr("id") {
            ci.push(' ');
            ci.push_str(&id);
        }
        if rules::non_story_class(&ci) && node.text().len() <= MAX_FLAGGED_TEXT {
            if block {
                flush(&mut cur, &mut link_chars, &mut out);
            }
            continue;
        }
        if name == "a" {
            link_depth += 1;
        }
        if block {
            flush(&mut cur, &mut link_chars, &mut out);
            if name == "br" || name == "hr" {
                continue;
            }
        }
        stack.push((node, true));
        let children = node.children();
        for c in children.into_iter().rev() {
            stack.push((c, false));
        }
    }
    flush(&mut cur, &mut link_chars, &mut out);
    out
}

fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| &*v == "true")
        || node.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

fn flush(cur: &mut String, link_chars: &mut usize, out: &mut Vec<Para>) {
    let p = normalize_ws(cur);
    if !p.is_empty() {
        out.push(Para { text: p, link_chars: *link_chars });
    }
    cur.clear();
    *link_chars = 0;
}

/// Share of link text above which a short paragraph counts as a link teaser.
const MAX_LINK_SHARE: f64 = 0.8;
/// Paragraphs at least this long are kept whatever their link share.
const LINK_TEASER_MAX_CHARS: usize = 300;

/// Drops teaser-like blocks: mostly link text, or shouted all-caps kickers.
fn drop_teasers(paras: Vec<Para>) -> Vec<String> {
    if std::env::var("XTRACE").is_ok() {
        for p in &paras {
            eprintln!("PARA {} {}", p.link_chars, p.text);
        }
    }
    paras
        .into_iter()
        .filter(|p| {
            // Cheapest tests first: most paragraphs hold no link text at all,
            // and long ones are kept whatever they hold.
            if p.link_chars == 0 || p.text.len() >= 4 * LINK_TEASER_MAX_CHARS {
                return true;
            }
            let n = p.text.chars().count();
            if n >= LINK_TEASER_MAX_CHARS {
                return true;
            }
            let links = p.link_chars as f64 >= MAX_LINK_SHARE * n as f64;
            let url = p.text.starts_with("http") && !p.text.contains(' ');
            let shouted_link = p.link_chars * 3 >= n && clean::shouting(&p.text);
            !((links && !url) || shouted_link)
        })
        .map(|p| p.text)
        .collect()
}

/// Extracts body and metadata from an HTML page through the DOM.
pub fn extract(html: &str, url: Option<&str>, warnings: &mut Vec<String>) -> Body {
    let doc = Document::from(html);
    let pm = page_meta(&doc);
    let cfg = Config { keep_classes: true, ..Default::default() };
    let mut body = Body::default();
    let url_owned = url.map(str::to_string);
    let mut article = None;
    // The readability instance is kept: its document holds the grabbed
    // article, read in place rather than serialised and parsed again.
    let readability = match Readability::with_document(doc, url_owned.as_deref(), Some(cfg)) {
        Ok(mut r) => {
            match r.parse() {
                Ok(a) => article = Some(a),
                Err(e) => warnings.push(format!("readability found no article ({e}); using all text")),
            }
            Some(r)
        }
        Err(e) => {
            warnings.push(format!("readability failed ({e}); using all text"));
            None
        }
    };
    let outlet = pm.outlet.clone().or_else(|| article.as_ref().and_then(|a| a.site_name.clone()));
    let raw_title = pm
        .title
        .clone()
        .or_else(|| article.as_ref().map(|a| a.title.to_string()).filter(|t| !t.is_empty()))
        .or_else(|| pm.h1.clone());
    body.title = raw_title.map(|t| clean::trim_title(&t, outlet.as_deref()));
    let grabbed = match (&article, &readability) {
        (Some(_), Some(r)) => r.doc.select_single(ARTICLE_ROOT).nodes().first().map(|n| drop_teasers(paragraphs(n))),
        _ => None,
    };
    let paras = match grabbed {
        Some(paras) => paras,
        None => {
            // No readable candidate: the largest article-like container, else <body>.
            let doc = Document::from(html);
            let candidates = doc.select(r#"article, main, [itemprop="articleBody"]"#);
            let best = candidates
                .nodes()
                .iter()
                .max_by_key(|n| n.text().len())
                .copied()
                .or_else(|| doc.select("body").nodes().first().copied());
            drop_teasers(match best {
                Some(n) => paragraphs(&n),
                None => paragraphs(&doc.root()),
            })
        }
    };
    // Repeats of the title or of the h1 go.
    let mut paras = paras;
    if let Some(h1) = &pm.h1 {
        let k = clean::fold(h1);
        paras.retain(|p| !clean::folds_to(p, "", &k));
    }
    let cleaned = clean::clean(paras, body.title.as_deref());
    body.body = cleaned.paragraphs.join("\n\n");
    for p in cleaned.paragraphs.iter().take(3) {
        if let Some((d, _)) = clean::dateline(p) {
            body.dateline = Some(d);
            break;
        }
    }
    let a = article.as_ref();
    body.published = pm
        .published
        .or_else(|| a.and_then(|a| a.published_time.as_deref()).and_then(dates::normalize))
        .or_else(|| pm.url.as_deref().and_then(dates::from_url))
        .or_else(|| url.and_then(dates::from_url));
    body.modified = pm.modified.or_else(|| a.and_then(|a| a.modified_time.as_deref()).and_then(dates::normalize));
    body.outlet = outlet;
    body.author = pm.author.or_else(|| {
        a.and_then(|a| a.byline.clone()).map(|b| normalize_ws(&b)).filter(|b| !b.is_empty() && b.len() < 200)
    });
    body.url = pm
        .url
        .or_else(|| a.and_then(|a| a.url.clone()).filter(|u| u.starts_with("http://") || u.starts_with("https://")));
    body.lang = pm.lang.or_else(|| a.and_then(|a| a.lang.as_deref()).and_then(lang_code));
    body
}

/// Cheap path for pages too large or too deep for a DOM: strips tags in one
/// pass (script, style and comments dropped, block tags become paragraph
/// breaks), decodes common entities.
pub fn strip_tags(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 4);
    let mut i = 0;
    let lower_starts = |at: usize, pat: &str| {
        bytes.len() >= at + pat.len() && bytes[at..at + pat.len()].eq_ignore_ascii_case(pat.as_bytes())
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let next = memchr_lt(bytes, i);
            out.push_str(&decode_entities(&html[i..next]));
            i = next;
            continue;
        }
        if lower_starts(i, "<!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |j| j + 3);
            continue;
        }
        let mut skipped = false;
        for raw in ["script", "style", "noscript", "template", "svg"] {
            if lower_starts(i + 1, raw)
                && bytes.get(i + 1 + raw.len()).is_some_and(|&b| b == b'>' || b.is_ascii_whitespace() || b == b'/')
            {
                let close = format!("</{raw}");
                i = find_ci(bytes, i + 1, close.as_bytes()).unwrap_or(bytes.len());
                skipped = true;
                break;
            }
        }
        if skipped {
            continue;
        }
        let end = find(bytes, i, b">").map_or(bytes.len(), |j| j + 1);
        let tag = &html[i..end];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if BLOCK.contains(&name.as_str()) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
        i = end;
    }
    out.split("\n\n").map(normalize_ws).filter(|p| !p.is_empty()).collect()
}

fn memchr_lt(b: &[u8], from: usize) -> usize {
    b[from..].iter().position(|&c| c == b'<').map_or(b.len(), |p| from + p)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..].windows(pat.len()).position(|w| w == pat).map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..].windows(pat.len()).position(|w| w.eq_ignore_ascii_case(pat)).map(|p| from + p)
}

/// Decodes the common HTML entities (named basics and numeric references).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        // Searched in bytes: the 12-byte window may end inside a character (found by fuzzing).
        let end = rest.as_bytes()[..rest.len().min(12)].iter().position(|&b| b == b';');
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "hellip" => Some('…'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                    u32::from_str_radix(&ent[2..], 16).ok().and_then(char::from_u32)
                }
                _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Cheap structural measures of a page: element count and nesting depth
/// (approximate: void elements and unclosed tags are not modelled exactly).
pub fn measure(html: &str) -> (usize, usize) {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "option",
    ];
    let b = html.as_bytes();
    let (mut elements, mut depth, mut max_depth) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        i += p;
        if i + 1 >= b.len() {
            break;
        }
        let closing = b[i + 1] == b'/';
        let s = if closing { i + 2 } else { i + 1 };
        let e = b[s..].iter().position(|c| !c.is_ascii_alphanumeric()).map_or(b.len(), |p| s + p);
        if e > s && b[s].is_ascii_alphabetic() {
            let name = &b[s..e];
            // Every void name is 1 to 6 letters: longer names skip the list.
            let self_closing = name.len() <= 6 && VOID.iter().any(|v| v.as_bytes().eq_ignore_ascii_case(name));
            if closing {
                if !self_closing {
                    depth = depth.saturating_sub(1);
                }
            } else {
                elements += 1;
                if !self_closing {
                    depth += 1;
                    max_depth = max_depth.max(depth);
                }
            }
        }
        i = e.max(i + 1);
    }
    (elements, max_depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en-GB"><head>
<title>Rockets hit embassy - The Daily Planet</title>
<meta property="og:site_name" content="The Daily Planet">
<meta property="article:published_time" content="2023-12-08T09:30:00+03:00">
<link rel="canonical" href="https://planet.example/world/2023/12/08/rockets">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Rockets hit embassy</h1>
<div class="share-bar"><a>Facebook</a> <a>Twitter</a></div>
<p>BAGHDAD (AFP): Rockets hit the embassy in the capital early on Friday morning, officials said, in the latest of a long series of attacks on the compound.</p>
<p>There were no immediate reports of casualties, and no group claimed responsibility for the attack on the heavily fortified compound.</p>
<figure><img src="x.jpg"><figcaption>The embassy compound. Photo: Someone</figcaption></figure>
<p>The embassy called on the government to protect diplomatic staff and facilities, according to a statement released later in the day by the mission.</p>
<p>Read more: Other story about something else</p>
</article>
<footer>Copyright 2023 The Daily Planet</footer>
</body></html>"#;

    #[test]
    fn page() {
        let mut w = Vec::new();
        let b = extract(PAGE, None, &mut w);
        assert_eq!(b.title.as_deref(), Some("Rockets hit embassy"));
        assert_eq!(b.outlet.as_deref(), Some("The Daily Planet"));
        assert_eq!(b.published.as_deref(), Some("2023-12-08T09:30:00+03:00"));
        assert_eq!(b.url.as_deref(), Some("https://planet.example/world/2023/12/08/rockets"));
        assert_eq!(b.lang.as_deref(), Some("en"));
        assert_eq!(b.dateline.as_deref(), Some("BAGHDAD (AFP)"));
        assert!(b.body.starts_with("BAGHDAD (AFP): Rockets"), "{}", b.body);
        assert!(b.body.contains("no immediate reports of casualties"));
        for junk in ["Facebook", "Photo:", "Read more", "Copyright", "Home"] {
            assert!(!b.body.contains(junk), "{junk} in {}", b.body);
        }
        assert_eq!(b.body.matches("\n\n").count(), 2);
    }

    #[test]
    fn stripping() {
        let ps = strip_tags("<p>One &amp; two</p><script>var x = '<p>';</script><!-- c --><div>Three&#x21;</div>");
        assert_eq!(ps, vec!["One & two", "Three!"]);
        assert_eq!(decode_entities("&ÿÿÿÿÿÿ;x"), "&ÿÿÿÿÿÿ;x");
        assert_eq!(measure("<div><div><br><p>x</div></div>"), (4, 2));
    }
}
