//! Generates a synthetic store for load tests: N incidents (default
//! 100,000), each with one to three reports, records shaped like the
//! engine's (fields with statuses, evidence spans, families, history), and
//! report bodies indexed for full-text search. Rows are inserted directly
//! (no pipeline), so 100,000 incidents take well under a minute.
//!
//!     cargo run --release -p consilience-serve --example gen_store -- PATH [N]
use serde_json::json;
use std::path::PathBuf;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const PLACES: &[(&str, &str, &str, f64, f64)] = &[
    ("Baghdad", "Baghdad", "Iraq", 33.34, 44.40),
    ("Mosul", "Nineveh", "Iraq", 36.34, 43.13),
    ("Kabul", "Kabul", "Afghanistan", 34.53, 69.17),
    ("Kandahar", "Kandahar", "Afghanistan", 31.61, 65.71),
    ("Aleppo", "Aleppo", "Syria", 36.20, 37.16),
    ("Sanaa", "Amanat al Asimah", "Yemen", 15.35, 44.21),
    ("Mogadishu", "Banaadir", "Somalia", 2.04, 45.34),
    ("Maiduguri", "Borno", "Nigeria", 11.85, 13.16),
    ("Goma", "North Kivu", "DR Congo", -1.68, 29.23),
    ("Kharkiv", "Kharkiv", "Ukraine", 49.99, 36.23),
    ("Gao", "Gao", "Mali", 16.27, -0.04),
    ("Peshawar", "Khyber Pakhtunkhwa", "Pakistan", 34.01, 71.58),
];
const TYPES: &[(&str, &str)] = &[
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
];
const TARGETS: &[&str] =
    &["a military base", "the police headquarters", "a checkpoint", "a market", "an airport", "a convoy"];
const SPEAKERS: &[&str] =
    &["a security official", "a police spokesman", "the army", "local officials", "a witness", "the governor"];
const OUTLETS: &[&str] = &["AFP", "Reuters", "AP", "Al Jazeera", "BBC", "Xinhua", "DPA", "Anadolu"];
const NUMBERS: &[&str] = &["Two", "Three", "Four", "Five", "Six", "Seven"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const FILLER: &[&str] = &[
    "The area was sealed off by security forces shortly afterwards.",
    "Residents reported hearing several loud explosions before dawn.",
    "No group immediately claimed responsibility for the attack.",
    "The incident is the latest in a series of attacks in the region this year.",
    "Authorities said an investigation had been opened.",
    "Hospital sources said the wounded were taken to the main clinic.",
    "Officials gave no further details about the damage.",
    "The government condemned the attack in a statement.",
    "Drones were seen over the city for several hours.",
    "Aid agencies warned of worsening conditions for civilians.",
    "Talks between the parties stalled earlier this month.",
    "Electricity was cut in several districts after the strike.",
];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().unwrap_or_else(|| "bench.db".into()));
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(100_000);
    if path.exists() {
        anyhow::bail!("{} exists; remove it first", path.display());
    }
    let started = std::time::Instant::now();
    drop(consilience_store::Store::open(&path)?); // schema
    let mut conn = rusqlite::Connection::open(&path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    let tx = conn.transaction()?;
    {
        let mut ins_report = tx.prepare(
            "INSERT INTO reports (id, seq, source, kind, raw, title, body, published, outlet, url, lang, analysis,
                                  fingerprint, features, family, incident, ingested_at)
             VALUES (?1, ?2, ?3, 'text', ?4, ?5, ?6, ?7, ?8, ?9, 'en', ?10, '{}', '{}', ?11, ?12, ?13)",
        )?;
        let mut ins_inc = tx.prepare(
            "INSERT INTO incidents (id, created_at, updated_at, title, date, event_type, country, families, disputed, reports, record)
             VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut ins_hist =
            tx.prepare("INSERT INTO incident_history (incident, at, report, changed) VALUES (?1, ?2, ?3, ?4)")?;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut seq = 0i64;
        for i in 1..=n as i64 {
            let (place, admin1, country, lat, lon) = PLACES[rng.below(PLACES.len())];
            let (etype, sub) = TYPES[rng.below(TYPES.len())];
            let day = rng.below(3650) as i64;
            let date = jiff_free_date(day);
            let weekday = WEEKDAYS[(day % 7) as usize];
            let target = rng.pick(TARGETS);
            let nrep = 1 + rng.below(3);
            let disputed = rng.below(3) == 0;
            let at = format!("{date}T12:00:00Z");
            let title = format!("Rockets hit {target} in {place}");
            let mut reports = Vec::new();
            let mut evidence_counts = Vec::new();
            for r in 0..nrep {
                seq += 1;
                let id = format!("{:032x}", (i as u128) << 64 | r as u128 | 0x5eed << 32);
                let count = if disputed && r == 1 { 1 } else { 0 } + 2 + (i as usize % 3);
                let speaker = rng.pick(SPEAKERS);
                let outlet = rng.pick(OUTLETS);
                let s0 =
                    format!("{} rockets hit {target} in {place} on {weekday}, {speaker} said.", NUMBERS[count - 2]);
                let mut body = s0.clone();
                let mut sentences = vec![json!({"start": 0, "end": s0.len()})];
                for _ in 0..5 {
                    let f = rng.pick(FILLER);
                    body.push(' ');
                    let start = body.len();
                    body.push_str(f);
                    sentences.push(json!({"start": start, "end": body.len()}));
                }
                let value_text = format!("{} rockets", NUMBERS[count - 2]);
                let analysis = json!({
                    "sentences": sentences, "times": [], "numbers": [], "places": [],
                    "claims": [{"field": "rocket_count", "value": value_text, "normalized": count as f64,
                                "span": {"start": 0, "end": value_text.len()}, "sentence": 0,
                                "speaker": speaker, "background": false}],
                    "event": null,
                });
                ins_report.execute(rusqlite::params![
                    id,
                    seq,
                    format!("synthetic/{i}-{r}.txt"),
                    body.as_bytes(),
                    title,
                    body,
                    date,
                    outlet,
                    format!("https://example.org/{i}/{r}"),
                    analysis.to_string(),
                    id,
                    i,
                    at
                ])?;
                evidence_counts.push((
                    count,
                    json!({"report": id, "sentence": s0, "start": 0, "end": s0.len(),
                    "value_start": 0, "value_end": value_text.len(), "speaker": speaker, "text": value_text}),
                ));
                reports.push(json!({"id": id, "source": format!("synthetic/{i}-{r}.txt"),
                    "url": format!("https://example.org/{i}/{r}"), "title": title, "outlet": outlet,
                    "published": date, "family": id}));
                ins_hist.execute(rusqlite::params![i, at, id, r#"["reports","families","fields.rocket_count"]"#])?;
            }
            let mut values: Vec<serde_json::Value> = Vec::new();
            let mut counts: Vec<usize> = evidence_counts.iter().map(|(c, _)| *c).collect();
            counts.sort_unstable();
            counts.dedup();
            for c in &counts {
                let ev: Vec<serde_json::Value> =
                    evidence_counts.iter().filter(|(x, _)| x == c).map(|(_, e)| e.clone()).collect();
                let reps: Vec<serde_json::Value> = ev.iter().map(|e| e["report"].clone()).collect();
                values.push(json!({"value": *c as f64, "text": format!("{} rockets", NUMBERS[c - 2]),
                    "families": ev.len(), "reports": reps, "evidence": ev}));
            }
            let status = if counts.len() > 1 {
                "disputed"
            } else if nrep > 1 {
                "agreed"
            } else {
                "single-source"
            };
            let families: Vec<Vec<&serde_json::Value>> = reports.iter().map(|r| vec![&r["id"]]).collect();
            let record = json!({
                "id": i.to_string(), "title": title, "event_type": etype, "sub_event_type": sub,
                "date": date, "date_range": null, "weekday": weekday, "time_utc": null,
                "place": {"name": place, "admin1": admin1, "country": country, "lat": lat, "lon": lon},
                "reports": reports, "families": families, "independent_families": nrep,
                "fields": {"rocket_count": {"status": status, "values": values},
                           "weapon": {"status": "single-source", "values": [{"value": "rocket", "text": "rockets",
                              "families": 1, "reports": [reports[0]["id"]], "evidence": [evidence_counts[0].1]}]}},
            });
            ins_inc.execute(rusqlite::params![
                i,
                at,
                title,
                date,
                etype,
                country,
                nrep as i64,
                counts.len() > 1,
                nrep as i64,
                record.to_string()
            ])?;
            if i % 20_000 == 0 {
                eprintln!("{i} incidents…");
            }
        }
    }
    // The store indexes report text itself (no trigger): do it in one pass.
    tx.execute_batch(
        "INSERT INTO reports_fts (report, title, body) SELECT id, COALESCE(title, ''), body FROM reports;",
    )?;
    tx.commit()?;
    conn.execute_batch("ANALYZE; PRAGMA optimize;")?;
    eprintln!("{n} incidents in {} in {:.1}s", path.display(), started.elapsed().as_secs_f64());
    Ok(())
}

/// `day` days after 2015-01-01 as `YYYY-MM-DD` (a proleptic Gregorian walk).
fn jiff_free_date(day: i64) -> String {
    let mut y = 2015;
    let mut d = day;
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let months = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}
