//! Tuning aid for the incident decision (not the evaluation: that is
//! `consilience eval clusters`, through the streaming path).
//!
//!     cargo run --release -p consilience-pipeline --example cluster_tune -- GOLD.jsonl [FOLDS]
//!
//! Computes every report's features once (extract → analyse → features,
//! as `Engine::ingest` does), then clusters each gold topic's reports with
//! [`consilience_incidents::cluster_with`] over a sweep of merge thresholds,
//! choosing the threshold on the other folds of topics and scoring it on
//! the held-out fold (cross-validated BCubed F1). Topics only group the
//! reports for speed and for the folds; nothing is keyed to them.
use consilience_analyse::places::Gazetteer;
use consilience_analyse::Analyser;
use consilience_incidents::{cannot_link, cluster_with, similarity_with, Features, Idf, Params};
use consilience_pipeline::eval::scores;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

struct Doc {
    id: String,
    gold: String,
    topic: String,
    features: Features,
}

fn env(name: &str, default: f32) -> f32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = PathBuf::from(args.get(1).expect("usage: cluster_tune GOLD.jsonl [FOLDS]"));
    let folds: usize = args.get(2).and_then(|f| f.parse().ok()).unwrap_or(5);
    let text = std::fs::read_to_string(&path).expect("gold file");
    let meta: HashMap<String, (String, String)> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let s = |k: &str| match &v[k] {
                serde_json::Value::String(s) => s.clone(),
                x => x.to_string(),
            };
            (s("id"), (s("cluster"), s("topic")))
        })
        .collect();
    // The analyses can be cached between runs (CACHE=path): features are
    // recomputed from them each time, so feature changes still show.
    type Analysed = Vec<(String, Option<String>, String, consilience_core::Analysis)>;
    let cache = std::env::var("CACHE").ok();
    let cached: Option<Analysed> =
        cache.as_ref().and_then(|c| std::fs::read(c).ok()).and_then(|b| serde_json::from_slice(&b).ok());
    let analysed: Analysed = match cached {
        Some(a) => a,
        None => {
            let a = analyse_all(&path);
            if let Some(c) = &cache {
                std::fs::write(c, serde_json::to_vec(&a).expect("serialises")).expect("cache written");
            }
            a
        }
    };
    let mut docs = Vec::new();
    for (id, title, body, analysis) in &analysed {
        let features = Features::new(title.as_deref(), body, analysis);
        let (gold, topic) = meta.get(id).cloned().unwrap_or_default();
        docs.push(Doc { id: id.clone(), gold, topic, features });
    }
    tune(docs, folds);
}

fn analyse_all(path: &std::path::Path) -> Vec<(String, Option<String>, String, consilience_core::Analysis)> {
    let extractor = consilience_extract::Extractor::new();
    let analyser = Analyser::new(Gazetteer::shared());
    let mut docs = Vec::new();
    for item in consilience_ingest::read_file(path) {
        let Ok(raw) = item else { continue };
        let id = raw.source.rsplit_once('#').map(|(_, i)| i.to_string()).unwrap_or_default();
        let Ok(ex) = extractor.extract(&raw) else { continue };
        let mut body = ex.body;
        if body.body.trim().is_empty() {
            body.body = body.title.clone().unwrap_or_default();
        }
        let anchor = body.published.as_deref().and_then(consilience_pipeline::parse_date);
        let analysis = analyser.analyse(&body.body, anchor);
        docs.push((id, body.title, body.body, analysis));
    }
    docs
}

fn tune(docs: Vec<Doc>, folds: usize) {
    let mut df: HashMap<u32, u64> = HashMap::new();
    for d in &docs {
        for t in d.features.terms() {
            *df.entry(t).or_default() += 1;
        }
    }
    let idf = Idf::new(docs.len() as u64, df);
    let base = Params {
        merge_threshold: env("MERGE", Params::default().merge_threshold),
        word_weight: env("WORD_WEIGHT", Params::default().word_weight),
        far_place_factor: env("FAR_PLACE", Params::default().far_place_factor),
        other_type_factor: env("OTHER_TYPE", Params::default().other_type_factor),
        same_day_bonus: env("SAME_DAY", Params::default().same_day_bonus),
        same_weekday_bonus: env("SAME_WEEKDAY", Params::default().same_weekday_bonus),
        centroid_weight: env("CENTROID", Params::default().centroid_weight),
        contrast_power: env("CONTRAST", Params::default().contrast_power),
        own_name_share: env("OWN_NAMES", Params::default().own_name_share),
    };
    // MIX=k clusters k topics together, as a streaming neighbourhood mixes
    // unrelated incidents into one clustering input.
    let mix = (env("MIX", 1.0) as usize).max(1);
    let mut topic_names: Vec<&str> = docs.iter().map(|d| d.topic.as_str()).collect();
    topic_names.sort_by_key(|t| (t.parse::<i64>().unwrap_or(0), t.to_string()));
    topic_names.dedup();
    let group_of: HashMap<&str, String> =
        topic_names.iter().enumerate().map(|(i, t)| (*t, format!("{:03}", i / mix))).collect();
    let mut by_topic: BTreeMap<&str, Vec<&Doc>> = BTreeMap::new();
    for d in &docs {
        by_topic.entry(group_of[d.topic.as_str()].as_str()).or_default().push(d);
    }
    // Pair diagnostics inside topics.
    let (mut same, mut same_cl, mut same_sum, mut diff, mut diff_sum, mut diff_hi, mut diff_cl) =
        (0, 0, 0f32, 0, 0f32, 0, 0);
    for ds in by_topic.values() {
        for (i, a) in ds.iter().enumerate() {
            for b in &ds[i + 1..] {
                let s = similarity_with(&a.features, &b.features, &idf, &base);
                if a.gold == b.gold {
                    same += 1;
                    same_sum += s;
                    if cannot_link(&a.features.date, &b.features.date) {
                        same_cl += 1;
                    }
                } else {
                    diff += 1;
                    diff_sum += s;
                    if cannot_link(&a.features.date, &b.features.date) {
                        diff_cl += 1;
                    }
                    if s >= base.merge_threshold {
                        diff_hi += 1;
                    }
                }
            }
        }
    }
    println!(
        "pairs in topics: same incident {same} (mean sim {:.3}, date conflict {same_cl}), other incident {diff} (mean sim {:.3}, ≥ threshold {diff_hi}, date conflict {diff_cl})",
        same_sum / same.max(1) as f32,
        diff_sum / diff.max(1) as f32
    );
    type Labels = Vec<(String, String)>;
    let run = |p: &Params, topics: &[&str]| -> (Labels, Labels) {
        let mut gold = Vec::new();
        let mut pred = Vec::new();
        for t in topics {
            let ds = &by_topic[t];
            let feats: Vec<&Features> = ds.iter().map(|d| &d.features).collect();
            for (g, members) in cluster_with(&feats, &[], &idf, p).into_iter().enumerate() {
                for m in members {
                    pred.push((ds[m].id.clone(), format!("{t}/{g}")));
                }
            }
            gold.extend(ds.iter().map(|d| (d.id.clone(), d.gold.clone())));
        }
        (gold, pred)
    };
    let topics: Vec<&str> = by_topic.keys().copied().collect();
    if std::env::var_os("DETAIL").is_some() {
        for t in &topics {
            let (g, pr) = run(&base, &[t]);
            let gold: HashMap<&str, &str> = g.iter().map(|(i, c)| (i.as_str(), c.as_str())).collect();
            let mut comp: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
            for (i, c) in &pr {
                *comp.entry(c.as_str()).or_default().entry(gold[i.as_str()]).or_default() += 1;
            }
            let parts: Vec<String> = comp.values().map(|m| format!("{m:?}")).collect();
            println!("topic {t}: F1 {:.3}  {}", scores(&g, &pr).bcubed_f1, parts.join(" "));
            if std::env::var_os("DETAIL_SIM").is_some() {
                // Mean similarity inside each gold incident and across them,
                // under the topic's contrasted weights, as the clusterer sees it.
                let ds = &by_topic[t];
                let feats: Vec<&Features> = ds.iter().map(|d| &d.features).collect();
                let local = idf.contrasted(&feats, base.contrast_power);
                let mut acc: BTreeMap<(bool, &str), (f32, usize)> = BTreeMap::new();
                for (i, a) in ds.iter().enumerate() {
                    for b in &ds[i + 1..] {
                        let s = similarity_with(&a.features, &b.features, &local, &base);
                        let key = if a.gold == b.gold { (true, a.gold.as_str()) } else { (false, "across") };
                        let e = acc.entry(key).or_default();
                        e.0 += s;
                        e.1 += 1;
                    }
                }
                let line: Vec<String> =
                    acc.iter().map(|((_, k), (s, n))| format!("{k} {:.3}", s / (*n).max(1) as f32)).collect();
                println!("    mean sim: {}", line.join(", "));
            }
        }
    }
    let grid: Vec<f32> = (1..=60).map(|i| i as f32 * 0.005).collect();
    let f1_at = |thr: f32, ts: &[&str]| {
        let p = Params { merge_threshold: thr, ..base.clone() };
        let (g, pr) = run(&p, ts);
        scores(&g, &pr)
    };
    let all: Vec<(f32, f64)> = grid.iter().map(|&t| (t, f1_at(t, &topics).bcubed_f1)).collect();
    let line: Vec<String> = all.iter().step_by(3).map(|(t, f)| format!("{t:.2}:{f:.3}")).collect();
    println!("threshold sweep (all topics): {}", line.join(" "));
    let at_base = f1_at(base.merge_threshold, &topics);
    println!("at threshold {:.2}: {}", base.merge_threshold, at_base.to_string().replace('\n', " | "));
    // Cross-validation over folds of topics.
    let mut gold_cv = Vec::new();
    let mut pred_cv = Vec::new();
    let mut chosen = Vec::new();
    for k in 0..folds {
        let test: Vec<&str> = topics.iter().enumerate().filter(|(i, _)| i % folds == k).map(|(_, t)| *t).collect();
        let train: Vec<&str> = topics.iter().enumerate().filter(|(i, _)| i % folds != k).map(|(_, t)| *t).collect();
        let best =
            grid.iter()
                .map(|&t| (t, f1_at(t, &train).bcubed_f1))
                .fold((0.0, -1.0), |b, x| if x.1 > b.1 { x } else { b });
        chosen.push(best.0);
        let (g, p) = run(&Params { merge_threshold: best.0, ..base.clone() }, &test);
        gold_cv.extend(g);
        pred_cv.extend(p);
    }
    let cv = scores(&gold_cv, &pred_cv);
    println!("cross-validated ({folds} folds of topics, thresholds {chosen:?}):\n{cv}");
}
