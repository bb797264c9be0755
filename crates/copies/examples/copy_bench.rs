//! Copy-family benchmark on real news texts.
//!
//!     cargo run --release -p consilience-copies --example copy_bench -- [GOLD.jsonl] [SEED] [ORIGINS]
//!
//! Reads ECB+ texts (default `../shared/data/ecbplus/dev.jsonl`, at run time:
//! nothing is copied into the repository). For a sample of reports it makes
//! derived copies the way the web does (boilerplate wrapped around,
//! paragraphs dropped or reordered, light rewording, a rewritten headline,
//! a translation-like paraphrase by synonym substitution and clause
//! reordering). Every pair inside a topic is compared with
//! [`consilience_copies::compare`]; families are the union of copy verdicts.
//! It prints recall per kind of copy, then family membership (pair
//! precision and recall) and the independent-family count per incident
//! against three truths, because ECB+ reports of one incident often run one
//! wire text, so which of them are copies of each other is not known:
//! 1. certain pairs only: a copy with its origin (together), reports of
//!    different incidents (apart);
//! 2. the corpus families as the detector finds them without the derived
//!    copies, each copy in its origin's (what the copies add or break);
//! 3. every ECB+ report its own origin (a floor on precision).
//!
//! `SUMMARY=FILE` also writes the figures as JSON (what `eval/copies/run.sh`
//! checks against its floors).
//!
//! `CROSS=1` prints the aligned passages of wrong links across incidents
//! (`LOW=x` adds links with less aligned evidence than x); `IDS=a,b,...`
//! prints those among the given reports.
use consilience_copies::{compare, Fingerprint};
use consilience_core::XorShift;
use std::collections::{BTreeMap, HashMap};

const BOILER_HEAD: &[&str] = &[
    "Skip to main content",
    "Advertisement",
    "Share this article on Facebook Twitter Email",
    "Home | World | Local | Sport | Business",
    "Breaking News",
];
const BOILER_TAIL: &[&str] = &[
    "Copyright 2013 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.",
    "Related stories: More news from our region desk",
    "Comments are closed for this article.",
    "Sign up for our daily newsletter to get the top stories in your inbox.",
    "Reporting by staff; editing by the news desk.",
];
const SYNONYMS: &[(&str, &str)] = &[
    ("said", "stated"),
    ("says", "states"),
    ("killed", "slain"),
    ("police", "officers"),
    ("attack", "assault"),
    ("people", "persons"),
    ("city", "town"),
    ("announced", "declared"),
    ("government", "authorities"),
    ("man", "individual"),
    ("woman", "female"),
    ("arrested", "detained"),
    ("died", "perished"),
    ("fire", "blaze"),
    ("large", "big"),
    ("started", "began"),
    ("before", "prior to"),
    ("after", "following"),
    ("because", "since"),
    ("about", "around"),
    ("officials", "authorities"),
    ("home", "residence"),
    ("near", "close to"),
    ("shot", "gunned down"),
    ("earthquake", "quake"),
    ("company", "firm"),
    ("week", "seven days"),
    ("won", "clinched"),
    ("reported", "indicated"),
    ("told", "informed"),
    ("also", "additionally"),
    ("many", "numerous"),
    ("help", "assist"),
    ("show", "demonstrate"),
    ("buy", "purchase"),
    ("called", "named"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Syndicated,
    Partial,
    Reworded,
    NewHeadline,
    Translation,
}

fn reword(s: &str, p: f64, rng: &mut XorShift) -> String {
    s.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let core = lower.trim_matches(|c: char| !c.is_alphanumeric());
            match SYNONYMS.iter().find(|(a, _)| *a == core) {
                Some((a, b)) if rng.unit() <= p => lower.replace(a, b),
                _ => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Clause reordering: "A, B." → "B, A." for sentences with a comma.
fn reorder_clauses(s: &str) -> String {
    match s.split_once(", ") {
        Some((a, b)) if a.split(' ').count() >= 3 && b.split(' ').count() >= 3 => {
            let b = b.trim_end_matches(['.', '!', '?']);
            let a =
                a.chars().next().map(|c| c.to_lowercase().collect::<String>() + &a[c.len_utf8()..]).unwrap_or_default();
            let mut b_cap = b.to_string();
            if let Some(c) = b.chars().next() {
                b_cap = c.to_uppercase().collect::<String>() + &b[c.len_utf8()..];
            }
            format!("{b_cap}, {a}.")
        }
        _ => s.to_string(),
    }
}

fn derive(title: &str, sentences: &[&str], kind: Kind, rng: &mut XorShift) -> String {
    let mut lines: Vec<String> = sentences.iter().map(|s| s.to_string()).collect();
    let mut head = title.to_string();
    match kind {
        Kind::Syndicated => {}
        Kind::Partial => {
            // Keep the lead, drop a third of the rest, swap two paragraphs.
            let keep: Vec<String> =
                lines.iter().enumerate().filter(|(i, _)| *i < 2 || rng.unit() > 0.35).map(|(_, l)| l.clone()).collect();
            lines = keep;
            if lines.len() > 4 {
                let (a, b) = (2 + rng.below(lines.len() - 2), 2 + rng.below(lines.len() - 2));
                lines.swap(a, b);
            }
        }
        Kind::Reworded => lines = lines.iter().map(|l| reword(l, 0.5, rng)).collect(),
        Kind::NewHeadline => {
            head = format!("UPDATE: {}", reword(&head, 1.0, rng));
            lines.truncate(lines.len().max(3) * 4 / 5);
        }
        Kind::Translation => {
            lines = lines.iter().map(|l| reorder_clauses(&reword(l, 0.9, rng))).collect();
            head = reorder_clauses(&reword(&head, 0.9, rng));
        }
    }
    let mut out = Vec::new();
    if kind != Kind::Reworded {
        out.push(BOILER_HEAD[rng.below(BOILER_HEAD.len())].to_string());
    }
    out.push(head);
    out.extend(lines);
    if kind != Kind::Reworded {
        out.push(BOILER_TAIL[rng.below(BOILER_TAIL.len())].to_string());
    }
    out.join("\n")
}

struct Doc {
    topic: String,
    incident: String,
    family: usize,
    kind: Option<Kind>,
    fp: Fingerprint,
    text: String,
    id: String,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).cloned().unwrap_or_else(|| "../shared/data/ecbplus/dev.jsonl".into());
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(42);
    let origins: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(120);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let lines: Vec<serde_json::Value> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let mut rng = XorShift::new(seed);
    let eligible: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i]["text"].as_str().is_some_and(|t| t.lines().filter(|l| l.split(' ').count() > 5).count() >= 5)
        })
        .collect();
    let mut picked = eligible.clone();
    rng.shuffle(&mut picked);
    picked.truncate(origins);
    let kinds = [Kind::Syndicated, Kind::Partial, Kind::Reworded, Kind::NewHeadline, Kind::Translation];
    let mut docs: Vec<Doc> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let s = |k: &str| match &l[k] {
            serde_json::Value::String(s) => s.clone(),
            x => x.to_string(),
        };
        let body = format!("{}\n{}", s("title"), l["text"].as_str().unwrap_or(""));
        let family = docs.len();
        docs.push(Doc {
            topic: s("topic"),
            incident: s("cluster"),
            family,
            kind: None,
            fp: Fingerprint::new(&body),
            text: body.clone(),
            id: s("id"),
        });
        if picked.contains(&i) {
            let sentences: Vec<&str> =
                l["text"].as_str().unwrap_or("").lines().filter(|x| !x.trim().is_empty()).collect();
            for _ in 0..1 + rng.below(3) {
                let kind = kinds[rng.below(kinds.len())];
                let copy = derive(&s("title"), &sentences, kind, &mut rng);
                docs.push(Doc {
                    topic: s("topic"),
                    incident: s("cluster"),
                    family,
                    kind: Some(kind),
                    fp: Fingerprint::new(&copy),
                    text: copy,
                    id: format!("{}+copy", s("id")),
                });
            }
        }
    }
    // Predicted families: union of copy verdicts over every pair in a topic
    // (the engine compares a report with its neighbourhood, about a topic).
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut by_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_topic.entry(&d.topic).or_default().push(i);
    }
    let mut verdict: HashMap<(usize, usize), bool> = HashMap::new();
    let started = std::time::Instant::now();
    let mut compared = 0usize;
    for members in by_topic.values() {
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                compared += 1;
                let c = compare(&docs[i].fp, &docs[j].fp).is_copy;
                verdict.insert((i, j), c);
                if c {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let direct_fp: Vec<&(usize, usize)> =
        verdict.iter().filter(|(&(i, j), &c)| c && docs[i].family != docs[j].family).map(|(k, _)| k).collect();
    let only: Option<Vec<String>> = std::env::var("IDS").ok().map(|v| v.split(',').map(str::to_string).collect());
    if std::env::var_os("CROSS").is_some() || only.is_some() {
        let shown: Vec<(usize, usize)> = match &only {
            Some(ids) => (0..docs.len())
                .flat_map(|i| (i + 1..docs.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| ids.contains(&docs[i].id) && ids.contains(&docs[j].id))
                .filter(|&(i, j)| compare(&docs[i].fp, &docs[j].fp).is_copy)
                .collect(),
            None => {
                let low: f64 = std::env::var("LOW").ok().and_then(|v| v.parse().ok()).unwrap_or(0.0);
                direct_fp
                    .iter()
                    .filter(|(i, j)| {
                        docs[*i].incident != docs[*j].incident || compare(&docs[*i].fp, &docs[*j].fp).aligned < low
                    })
                    .map(|p| **p)
                    .collect()
            }
        };
        for (i, j) in shown {
            let v = compare(&docs[i].fp, &docs[j].fp);
            println!("COPY {} / {}: {v:?}", docs[i].id, docs[j].id);
            let split = |t: &str| -> Vec<String> {
                let mut out = Vec::new();
                let mut cur = String::new();
                let chars: Vec<char> = t.chars().collect();
                for (k, &c) in chars.iter().enumerate() {
                    cur.push(c);
                    let next_ws = chars.get(k + 1).is_none_or(|n| n.is_whitespace());
                    if c == '\n' || (matches!(c, '.' | '!' | '?') && next_ws) {
                        if !cur.trim().is_empty() {
                            out.push(cur.trim().to_string());
                        }
                        cur.clear();
                    }
                }
                if !cur.trim().is_empty() {
                    out.push(cur.trim().to_string());
                }
                out
            };
            let (a, b) = (split(&docs[i].text), split(&docs[j].text));
            for (x, y) in &v.passages {
                println!("   {:?}\n   {:?}", a.get(*x), b.get(*y));
            }
        }
    }
    if std::env::var_os("SHOW").is_some() {
        for &&(i, j) in direct_fp.iter().take(12) {
            let v = compare(&docs[i].fp, &docs[j].fp);
            println!(
                "  fp: jaccard {:.2} aligned {:.1} of {}/{} sentences",
                v.jaccard,
                v.aligned,
                docs[i].fp.sentences.len(),
                docs[j].fp.sentences.len()
            );
        }
    }
    let short =
        direct_fp.iter().filter(|(i, j)| docs[*i].fp.sentences.len().min(docs[*j].fp.sentences.len()) < 4).count();
    let near_dup = direct_fp.iter().filter(|(i, j)| docs[*i].fp.jaccard(&docs[*j].fp) >= 0.5).count();
    println!(
        "  of which {near_dup} are near-duplicates already in the corpus (shingle Jaccard ≥ 0.5: one wire text twice)"
    );
    let same_incident = direct_fp.iter().filter(|(i, j)| docs[*i].incident == docs[*j].incident).count();
    println!(
        "direct copy verdicts between independent reports: {} ({} same incident, {} with a report under 4 sentences)",
        direct_fp.len(),
        same_incident,
        short
    );
    let pred: Vec<usize> = (0..docs.len()).map(|i| root(&mut parent.clone(), i)).collect();
    // The corpus alone: families of the ECB+ reports without the derived
    // copies. ECB+ outlets often run one wire text, so these are the truth
    // the derived copies are measured against (truth 2 below).
    let mut corpus_parent: Vec<usize> = (0..docs.len()).collect();
    for (&(i, j), &c) in &verdict {
        if c && docs[i].kind.is_none() && docs[j].kind.is_none() {
            let (a, b) = (root(&mut corpus_parent, i), root(&mut corpus_parent, j));
            corpus_parent[a.max(b)] = a.min(b);
        }
    }
    let corpus_family: Vec<usize> = (0..docs.len()).map(|i| root(&mut corpus_parent.clone(), docs[i].family)).collect();
    let mut per_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    for (&(i, j), &c) in &verdict {
        // Recall per kind: the copy against its origin, directly.
        let (origin, copy) = if docs[i].kind.is_none() { (i, j) } else { (j, i) };
        if docs[origin].kind.is_none() && docs[copy].family == origin {
            if let Some(k) = docs[copy].kind {
                let e = per_kind.entry(k).or_default();
                e.1 += 1;
                e.0 += usize::from(c);
            }
        }
    }
    println!(
        "{} reports ({} derived copies of {} origins), {compared} pairs compared in {secs:.2}s",
        docs.len(),
        docs.iter().filter(|d| d.kind.is_some()).count(),
        picked.len()
    );
    let mut summary = serde_json::Map::new();
    let mut kind_recall = serde_json::Map::new();
    for (k, (hit, all)) in &per_kind {
        let recall = *hit as f64 / (*all).max(1) as f64;
        println!("  {k:?}: {hit}/{all} copies found ({recall:.3})");
        kind_recall.insert(format!("{k:?}"), recall.into());
    }
    summary.insert("copy_recall_by_kind".into(), kind_recall.into());
    let origin: Vec<usize> = docs.iter().map(|d| d.family).collect();
    // Truth 1, certain: a derived copy shares its origin's family; reports
    // of different incidents never share one; other pairs inside one
    // incident are left out (their truth is unknown: wire copies).
    let known = |i: usize, j: usize| -> Option<bool> {
        if docs[i].incident != docs[j].incident {
            Some(false)
        } else if origin[i] == origin[j] {
            Some(true)
        } else {
            None
        }
    };
    let incident: Vec<&str> = docs.iter().map(|d| d.incident.as_str()).collect();
    let scored = Scored { by_topic: &by_topic, pred: &pred, incident: &incident };
    let certain = scored.report("truth 1, certain pairs only", &origin, known, false);
    summary.insert("certain_pairs".into(), certain);
    // Truth 2: the corpus families as the detector finds them, each derived
    // copy in its origin's: measures what the copies add (joins and splits).
    let corpus = scored.report("truth 2, corpus families + copies", &corpus_family, |_, _| Some(true), true);
    summary.insert("corpus_families".into(), corpus);
    // Truth 3: every ECB+ report its own origin (a floor on precision).
    let independent = scored.report("truth 3, every ECB+ report independent", &origin, |_, _| Some(true), true);
    summary.insert("every_report_independent".into(), independent);
    if let Some(out) = std::env::var_os("SUMMARY") {
        let json = serde_json::to_string_pretty(&summary).expect("figures serialise");
        std::fs::write(&out, json + "\n").unwrap_or_else(|e| panic!("cannot write {}: {e}", out.to_string_lossy()));
    }
}

/// Predicted families, for scoring against one truth or another.
struct Scored<'a> {
    by_topic: &'a BTreeMap<&'a str, Vec<usize>>,
    pred: &'a [usize],
    incident: &'a [&'a str],
}

impl Scored<'_> {
    /// Prints precision and recall of family membership over the pairs of
    /// each topic where `known` gives a truth (`Some(false)`: certainly
    /// apart; `Some(true)`: as the `truth` families say) and, when
    /// `counts`, the independent-family count per incident against `truth`;
    /// returns the same figures as JSON.
    fn report(
        &self,
        label: &str,
        truth: &[usize],
        known: impl Fn(usize, usize) -> Option<bool>,
        counts: bool,
    ) -> serde_json::Value {
        let pred = self.pred;
        let (mut tp, mut fp, mut fneg, mut apart) = (0usize, 0usize, 0usize, 0usize);
        for members in self.by_topic.values() {
            for (x, &i) in members.iter().enumerate() {
                for &j in &members[x + 1..] {
                    let Some(as_truth) = known(i, j) else { continue };
                    let same = as_truth && truth[i] == truth[j];
                    match (same, pred[i] == pred[j]) {
                        (true, true) => tp += 1,
                        (false, true) => {
                            fp += 1;
                            apart += usize::from(!as_truth);
                        }
                        (true, false) => fneg += 1,
                        _ => {}
                    }
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fneg).max(1) as f64;
        println!("{label}:");
        println!(
            "  family membership (pairs): precision {p:.4}  recall {r:.4}  F1 {:.4}  ({tp} right, {fp} wrong of which {apart} certainly apart, {fneg} missed)",
            2.0 * p * r / (p + r).max(1e-9)
        );
        let mut figures = serde_json::json!({"pair_precision": p, "pair_recall": r});
        if !counts {
            return figures;
        }
        let mut inc: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for members in self.by_topic.values() {
            for &i in members {
                let e = inc.entry(self.incident[i]).or_default();
                e.0.push(truth[i]);
                e.1.push(pred[i]);
            }
        }
        let (mut exact, mut abs_err, mut over, mut under, mut true_total, mut pred_total, mut both) =
            (0, 0usize, 0, 0, 0usize, 0usize, 0usize);
        for (t, p) in inc.values_mut() {
            t.sort_unstable();
            t.dedup();
            p.sort_unstable();
            p.dedup();
            true_total += t.len();
            pred_total += p.len();
            both += t.len().min(p.len());
            abs_err += t.len().abs_diff(p.len());
            match p.len().cmp(&t.len()) {
                std::cmp::Ordering::Equal => exact += 1,
                std::cmp::Ordering::Greater => over += 1,
                std::cmp::Ordering::Less => under += 1,
            }
        }
        let n = inc.len();
        let count_precision = both as f64 / pred_total.max(1) as f64;
        let count_recall = both as f64 / true_total.max(1) as f64;
        figures["count_precision"] = count_precision.into();
        figures["count_recall"] = count_recall.into();
        figures["count_exact"] = (exact as f64 / n as f64).into();
        println!(
            "  independent families per incident: count precision {:.4} recall {:.4} (total {pred_total} predicted vs {true_total} true); exact {exact}/{n} ({:.3}), over-counted {over}, under-counted {under}, mean abs error {:.3}",
            count_precision,
            count_recall,
            exact as f64 / n as f64,
            abs_err as f64 / n as f64
        );
        figures
    }
}
