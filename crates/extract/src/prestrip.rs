//! A fast byte-level pass run before the DOM is built. It drops what never
//! holds story text and what the DOM path would throw away anyway —
//! `<script>` (JSON-LD kept: it carries metadata), `<style>`, `<noscript>`,
//! `<svg>`, `<template>`, site navigation (`<nav>`), `<link>`s other than the
//! canonical one and comments — and keeps
//! only the attributes that extraction reads (class, id, style, href kind,
//! metadata attributes…), dropping `srcset`, `data-*`, event handlers and the
//! like. On news pages that leaves about a quarter of the bytes, and the HTML
//! parser's time is roughly linear in bytes.
//!
//! The pass is linear in the input and never fails: an unclosed element or
//! comment drops the rest of the page (the HTML parser would read it as raw
//! text or comment to the end); a tag cut off by the end of input is kept as is.

use memchr::memchr;

/// Raw-text or foreign elements dropped whole (up to the first end tag).
const DROP: &[&str] = &["script", "style", "noscript", "svg", "template"];
/// Elements dropped whole, nesting counted.
const DROP_NESTED: &[&str] = &["nav", "aside", "footer"];
/// Attributes kept on every element (lowercase).
const KEEP_ATTRS: &[&str] = &[
    "class",
    "id",
    "style",
    "hidden",
    "aria-hidden",
    "role",
    "rel",
    "dir",
    "lang",
    "type",
    "name",
    "property",
    "content",
    "itemprop",
    "itemtype",
    "itemscope",
    "http-equiv",
    "charset",
    "datetime",
    "pubdate",
    "summary",
    "colspan",
    "rowspan",
];

/// The page without scripts (other than JSON-LD), styles, noscript, SVG,
/// templates, navigation and comments, and with only the attributes
/// extraction reads.
pub fn prestrip(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0; // start of the pending slice to copy
    let mut i = 0;
    let mut attrs = Vec::new(); // one buffer for every tag's attributes
    while let Some(p) = memchr(b'<', &b[i..]) {
        let lt = i + p;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            out.push_str(&html[copied..lt]);
            let end = comment_end(b, lt + 4);
            copied = end;
            i = end;
            continue;
        }
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            i = lt + 1;
            continue;
        }
        if let Some(name) = DROP.iter().find(|name| starts_tag(rest, name)) {
            let open_end = tag_end(b, lt).unwrap_or(b.len());
            if *name == "script" && is_json_ld(&b[lt..open_end]) {
                i = open_end;
                continue;
            }
            out.push_str(&html[copied..lt]);
            let end = close_end(b, open_end, name, false);
            copied = end;
            i = end;
            continue;
        }
        if let Some(name) = DROP_NESTED.iter().find(|name| starts_tag(rest, name)) {
            out.push_str(&html[copied..lt]);
            let open_end = tag_end(b, lt).unwrap_or(b.len());
            let end = close_end(b, open_end, name, true);
            copied = end;
            i = end;
            continue;
        }
        out.push_str(&html[copied..lt]);
        match rewrite_tag(html, lt, &mut out, &mut attrs) {
            Some(end) => {
                copied = end;
                i = end;
            }
            None => {
                copied = lt;
                break;
            }
        }
        if i >= b.len() {
            break;
        }
    }
    if copied < b.len() {
        out.push_str(&html[copied..]);
    }
    out
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// One attribute of a start tag: name and value (None when bare), as byte ranges.
type Attr = ((usize, usize), Option<(usize, usize)>);

/// Tokenizes the start tag at `lt`: the end of its name, its attributes and
/// the index just past its `>`, or None when the input ends inside the tag.
fn tokenize_tag(b: &[u8], lt: usize, attrs: &mut Vec<Attr>) -> Option<(usize, bool, usize)> {
    let mut i = lt + 1;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name_end = i;
    let mut self_closing = false;
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((name_end, self_closing, i + 1)),
            _ => self_closing = false,
        }
        let ns = i;
        i += 1; // an attribute name takes at least one byte (even '=')
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = (ns, i);
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            attrs.push((name, None));
            continue;
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let q = *b.get(i)?;
        if q == b'"' || q == b'\'' {
            let close = memchr(q, &b[i + 1..])? + i + 1;
            attrs.push((name, Some((i + 1, close))));
            i = close + 1;
        } else {
            let vs = i;
            while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                i += 1;
            }
            attrs.push((name, Some((vs, i))));
        }
    }
}

/// The index just past the start tag at `lt`, if it is closed.
fn tag_end(b: &[u8], lt: usize) -> Option<usize> {
    tokenize_tag(b, lt, &mut Vec::new()).map(|(_, _, end)| end)
}

/// Writes the start tag at `lt` with only the attributes extraction reads;
/// returns the index just past it, or None when the input ends inside it.
fn rewrite_tag(html: &str, lt: usize, out: &mut String, attrs: &mut Vec<Attr>) -> Option<usize> {
    let b = html.as_bytes();
    attrs.clear();
    let (name_end, self_closing, end) = tokenize_tag(b, lt, attrs)?;
    let tag = &b[lt + 1..name_end];
    if tag.eq_ignore_ascii_case(b"link") && !is_canonical(html, attrs) {
        // Stylesheets, preloads, icons, feeds: of the <link>s only the canonical URL is read.
        return Some(end);
    }
    out.push_str(&html[lt..name_end]);
    let img = tag.eq_ignore_ascii_case(b"img");
    let link = tag.eq_ignore_ascii_case(b"a");
    let mut img_src = false;
    for &((ns, ne), value) in attrs.iter() {
        let name = &b[ns..ne];
        let val = value.map(|(vs, ve)| &html[vs..ve]);
        if img {
            // Readability keeps images that have a source; only that matters here.
            img_src |=
                [&b"src"[..], b"srcset", b"data-src", b"data-srcset"].iter().any(|n| name.eq_ignore_ascii_case(n))
                    || val.is_some_and(|v| [".jpg", ".jpeg", ".png", ".webp"].iter().any(|e| v.contains(e)));
            continue;
        }
        if link && name.eq_ignore_ascii_case(b"href") {
            // Only the kind of link matters to the body: in-page, script or elsewhere.
            let v = val.unwrap_or("").trim_start();
            let kind = if v.starts_with('#') {
                "#"
            } else if v.as_bytes().get(..11).is_some_and(|p| p.eq_ignore_ascii_case(b"javascript:")) {
                "javascript:void(0)"
            } else {
                "/"
            };
            out.push_str(" href=\"");
            out.push_str(kind);
            out.push('"');
            continue;
        }
        if !(kept_attr(name) || (!link && name.eq_ignore_ascii_case(b"href"))) {
            continue;
        }
        out.push(' ');
        out.push_str(&html[ns..ne]);
        if let Some(v) = val {
            let q = if v.contains('"') { '\'' } else { '"' };
            out.push('=');
            out.push(q);
            out.push_str(v);
            out.push(q);
        }
    }
    if img_src {
        out.push_str(" src=\"x.jpg\"");
    }
    if self_closing {
        out.push_str(" /");
    }
    out.push('>');
    Some(end)
}

/// Whether an attribute is one of [`KEEP_ATTRS`] (compared by length first:
/// most attributes are not, and most differ in length from each kept name).
fn kept_attr(name: &[u8]) -> bool {
    KEEP_ATTRS.iter().any(|k| k.len() == name.len() && name.eq_ignore_ascii_case(k.as_bytes()))
}

/// Whether a `<link>`'s attributes say `rel="canonical"`.
fn is_canonical(html: &str, attrs: &[Attr]) -> bool {
    let b = html.as_bytes();
    attrs.iter().any(|&((ns, ne), value)| {
        b[ns..ne].eq_ignore_ascii_case(b"rel")
            && value.is_some_and(|(vs, ve)| {
                b[vs..ve].split(|c| is_space(*c)).any(|token| token.eq_ignore_ascii_case(b"canonical"))
            })
    })
}

/// Whether `rest` (the bytes after `<`) opens element `name`.
fn starts_tag(rest: &[u8], name: &str) -> bool {
    let n = name.len();
    rest.len() > n
        && rest[..n].eq_ignore_ascii_case(name.as_bytes())
        && matches!(rest[n], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_json_ld(open_tag: &[u8]) -> bool {
    open_tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// Index just past the comment that starts before `from` (`<!--` consumed).
fn comment_end(b: &[u8], from: usize) -> usize {
    // "<!-->" and "<!--->" are complete (empty) comments.
    if b.get(from) == Some(&b'>') {
        return from + 1;
    }
    if b.get(from) == Some(&b'-') && b.get(from + 1) == Some(&b'>') {
        return from + 2;
    }
    memchr::memmem::find(&b[from.min(b.len())..], b"-->").map_or(b.len(), |p| from + p + 3)
}

/// Index just past the `</name ...>` that closes the element opened before
/// `from` (counting nested `<name>` when `nested`), or the end of input.
fn close_end(b: &[u8], from: usize, name: &str, nested: bool) -> usize {
    let mut depth = 1usize;
    let mut i = from;
    while i < b.len() {
        let Some(p) = memchr(b'<', &b[i..]) else {
            return b.len();
        };
        let lt = i + p;
        let rest = &b[lt + 1..];
        if rest.first() == Some(&b'/') && starts_tag(&rest[1..], name) {
            depth -= 1;
            if depth == 0 {
                return memchr(b'>', rest).map_or(b.len(), |q| lt + 1 + q + 1);
            }
        } else if nested && starts_tag(rest, name) {
            depth += 1;
        }
        i = lt + 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_raw_text_and_comments() {
        let h = "<p>a<!-- x <script> -->b</p><SCRIPT src=x>var s='</p>';</script ><p>c</p>\
                 <style>p{}</style><svg><path/></svg><!---->d<noscript><img></noscript>";
        assert_eq!(prestrip(h), "<p>ab</p><p>c</p>d");
        assert_eq!(prestrip("a<nav><nav>x</nav>y</nav>b<NAV>z"), "ab");
    }

    #[test]
    fn attributes() {
        let h = r##"<div class="a b" data-x='1' onclick="f()"><a href="https://x/y" title=t>l</a><a href=#top>t</a>
<img srcset="a.jpg 1x" alt="x"><img alt=y><meta property="og:title" content='Say "hi"'><br/><p id=q hidden>"##;
        assert_eq!(
            prestrip(h),
            r##"<div class="a b"><a href="/">l</a><a href="#">t</a>
<img src="x.jpg"><img><meta property="og:title" content='Say "hi"'><br /><p id="q" hidden>"##
        );
        assert_eq!(prestrip("<p a='x>y' b=\"1>"), "<p a='x>y' b=\"1>");
        assert_eq!(
            prestrip("<link rel=canonical href=\"https://x/\">"),
            "<link rel=\"canonical\" href=\"https://x/\">"
        );
        assert_eq!(
            prestrip("<link rel=stylesheet href=a.css><LINK REL='Canonical' href=b><link href=c><link rel='icon x'>"),
            "<LINK REL=\"Canonical\" href=\"b\">"
        );
    }

    #[test]
    fn keeps_json_ld_and_lookalikes() {
        let h = r#"<script type="application/ld+json">{"a":1}</script><scripts>x</scripts><p>y"#;
        assert_eq!(prestrip(h), h);
    }

    #[test]
    fn unclosed_and_truncated() {
        assert_eq!(prestrip("<p>a</p><script>never closed <p>b"), "<p>a</p>");
        assert_eq!(prestrip("<p>a<!-- open"), "<p>a");
        assert_eq!(prestrip("<p>a<!-->b"), "<p>ab");
        assert_eq!(prestrip("<"), "<");
        assert_eq!(prestrip("<script"), "<script");
        assert_eq!(prestrip("é<svg>"), "é");
    }
}
