//! The incidents stage: which reports describe the same real-world event.
//!
//! Streaming, with local repair: for each new report the engine fetches
//! the incidents that share index keys with it ([`Features::index_keys`]:
//! distinctive words, names and places), and this crate re-clusters that
//! neighbourhood ([`cluster`]) with average linkage under two kinds of
//! constraint:
//! - *cannot-link*: two reports whose event dates conflict (Friday vs
//!   Sunday, 8 vs 9 December) have no similarity, however alike their
//!   words: that keeps look-alike incidents apart. Two groups stay apart
//!   when their dates conflict as their families vote: a year, month, day
//!   or weekday given by most of each group's dated families, and by at
//!   least two of them (one report's year may be a background one: "the
//!   1954 attack"). A weekday the lead names ("on Saturday") votes
//!   too when the event's own date gives none (many events have no attack
//!   word for the analysis to date them by), but never parts a pair alone.
//!   A stray date (a follow-up written on Saturday about Friday's shooting)
//!   only weighs in the average linkage;
//! - *must-link*: copies (one family) always share an incident;
//! - *own names*: two groups of several independent reports stay apart when
//!   each has a name, place or figure that most of its reports give and
//!   the other's nearly never do (Klitschko against Rahman, against
//!   Thompson): look-alikes differ in who, where and how many; from three
//!   reports on when each side's name is in all its reports and never in
//!   the other's; between two large groups when one side's name is in all
//!   its reports and never in the other's, and the other's own name is in
//!   half of its reports (the other's background may name the first's
//!   protagonist: Thomas in the reports of Bush's injury). A family
//!   of copies counts as a little more than one report (1 + ln k for k
//!   copies, [`rules::COPY_WEIGHT`]). Own names yield when the two groups
//!   link nearly as well as each links inside ([`rules::NAMES_YIELD_COHESION`]):
//!   then the names are one side's background, not another incident's.
//!
//! Because the neighbourhood is re-clustered as a whole, the result does not
//! depend on the order in which its reports arrived.
//!
//! ```
//! use consilience_incidents::{cluster, Features, Idf};
//! let a = Features::from_parts("rockets hit embassy baghdad", &["Baghdad"], Default::default(), None, None);
//! let b = Features::from_parts("rockets struck embassy baghdad", &["Baghdad"], Default::default(), None, None);
//! let groups = cluster(&[&a, &b], &[], &Idf::uniform());
//! assert_eq!(groups, vec![vec![0, 1]]);
//! ```
#![warn(missing_docs)]

use consilience_core::calendar::{MONTHS, WEEKDAYS};
use consilience_core::{Analysis, DateFacets, TimexType};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use xxhash_rust::xxh3::xxh3_64;

/// A map with a fast hasher (seeded per process) for the term weights, read
/// thousands of times per clustered neighbourhood.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Thresholds of the incident decision, as named data.
pub mod rules {
    /// Average-linkage similarity at which two groups are one incident.
    pub const MERGE_THRESHOLD: f32 = 0.03;
    /// Weight of word similarity (the rest goes to names and places).
    pub const WORD_WEIGHT: f32 = 0.55;
    /// Factor applied when the event places are far apart.
    pub const FAR_PLACE_FACTOR: f32 = 0.5;
    /// Distance in km beyond which two event places are "far".
    pub const FAR_PLACE_KM: f64 = 150.0;
    /// Factor applied when the event types differ.
    pub const OTHER_TYPE_FACTOR: f32 = 0.8;
    /// Bonus when both reports date their event to the same calendar day.
    pub const SAME_DAY_BONUS: f32 = 0.08;
    /// Bonus when both only name the same weekday.
    pub const SAME_WEEKDAY_BONUS: f32 = 0.04;
    /// Similarity a pair needs before a date bonus applies.
    pub const BONUS_FLOOR: f32 = 0.1;
    /// Share of the group linkage that compares the groups' centroids (the
    /// sums of their members' unit term vectors) rather than averaging the
    /// member pairs: centroids pool the evidence of short reports.
    pub const CENTROID_WEIGHT: f32 = 0.0;
    /// Power of the local inverse document frequency that sharpens term
    /// weights inside a neighbourhood ([`crate::Idf::contrasted`]); 0 is off.
    pub const CONTRAST_POWER: f32 = 1.0;
    /// Index keys kept per report.
    pub const INDEX_KEYS: usize = 24;
    /// Share of a group's independent reports (families) that must name a
    /// name, place or figure for it to be the group's own (see
    /// [`crate::Params::own_name_share`]).
    pub const OWN_NAME_SHARE: f32 = 0.7;
    /// Share of the other group's families under which it counts as absent there.
    pub const ABSENT_NAME_SHARE: f32 = 0.1;
    /// Families a group needs before its own names count: in a smaller one
    /// a name every report gives may be chance. Families are weighed as in
    /// [`COPY_WEIGHT`].
    pub const OWN_NAME_MIN_FAMILIES: f32 = 4.0;
    /// Families (weighed as in [`COPY_WEIGHT`]) that suffice for a name to
    /// be a group's own when at least [`STRONG_OWN_NAME_SHARE`] of them give
    /// it and the other group's reports never do: more than two reports'
    /// worth (two alike may share a name by chance).
    pub const STRONG_OWN_NAME_MIN_FAMILIES: f32 = 2.5;
    /// Share of a group's families naming a name for [`STRONG_OWN_NAME_MIN_FAMILIES`].
    pub const STRONG_OWN_NAME_SHARE: f32 = 0.9;
    /// Families (weighed as in [`COPY_WEIGHT`]) each of two groups needs for
    /// one name in [`STRONG_OWN_NAME_SHARE`] of one's families, never in the
    /// other's, to keep them apart when the other has a name of its own in
    /// [`LOPSIDED_OTHER_SHARE`] of its families: large groups, where a name
    /// all of one side gives and none of the other is no chance.
    pub const LOPSIDED_MIN_FAMILIES: f32 = 6.0;
    /// See [`LOPSIDED_MIN_FAMILIES`].
    pub const LOPSIDED_OTHER_SHARE: f32 = 0.5;
    /// Own names yield when two groups' linkage reaches this share of the
    /// lower of their cohesions (each group's average linkage with itself):
    /// groups as alike as each is inside are one incident told twice, and
    /// the names one side gives and the other never does are background
    /// (a state the one names beside a city, a detail the other adds).
    /// Look-alikes named apart link well below their own cohesion.
    pub const NAMES_YIELD_COHESION: f32 = 0.85;
    /// In own names (shares, absence and the family minimum) a family of k
    /// copies in a group weighs 1 + COPY_WEIGHT ln k: copies are no
    /// independent witnesses, but a story that ten outlets ran carries more
    /// than one that one ran (ten copies weigh 3.3, two 1.7).
    pub const COPY_WEIGHT: f32 = 1.0;
    /// Families of a group that must give a year, month, day or weekday (the
    /// most of its dated families giving it) before it keeps the group apart
    /// from another with a different one: one report's year is as often a
    /// background one as the event's.
    pub const DATE_VOTE_FAMILIES: usize = 2;
    /// Sentences of a report's lead whose weekday votes in its group's date
    /// (see [`crate::Features::lead_weekday`]).
    pub const LEAD_SENTENCES: usize = 2;
}

/// The knobs of the incident decision, defaulting to [`rules`]; tuning
/// harnesses sweep them without a rebuild.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// See [`rules::MERGE_THRESHOLD`].
    pub merge_threshold: f32,
    /// See [`rules::WORD_WEIGHT`].
    pub word_weight: f32,
    /// See [`rules::FAR_PLACE_FACTOR`].
    pub far_place_factor: f32,
    /// See [`rules::OTHER_TYPE_FACTOR`].
    pub other_type_factor: f32,
    /// See [`rules::SAME_DAY_BONUS`].
    pub same_day_bonus: f32,
    /// See [`rules::SAME_WEEKDAY_BONUS`].
    pub same_weekday_bonus: f32,
    /// See [`rules::CENTROID_WEIGHT`].
    pub centroid_weight: f32,
    /// See [`rules::CONTRAST_POWER`].
    pub contrast_power: f32,
    /// Two groups of several reports stay apart when each names someone,
    /// somewhere or some figure in at least this share of its reports that
    /// the other (almost) never names: look-alikes differ in who, where and
    /// how many. 0 is off. See [`rules::OWN_NAME_SHARE`].
    pub own_name_share: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            merge_threshold: rules::MERGE_THRESHOLD,
            word_weight: rules::WORD_WEIGHT,
            far_place_factor: rules::FAR_PLACE_FACTOR,
            other_type_factor: rules::OTHER_TYPE_FACTOR,
            same_day_bonus: rules::SAME_DAY_BONUS,
            same_weekday_bonus: rules::SAME_WEEKDAY_BONUS,
            centroid_weight: rules::CENTROID_WEIGHT,
            contrast_power: rules::CONTRAST_POWER,
            own_name_share: rules::OWN_NAME_SHARE,
        }
    }
}

/// The event place, as far as clustering needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceKey {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Country code.
    pub country: Option<String>,
    /// Feature kind (`city`, `country`, …).
    pub feature: String,
}

/// What the incident clusterer keeps of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Features {
    /// Content words (hashed) with their counts.
    pub words: Vec<(u32, f32)>,
    /// Names, places and figures (hashed) with their counts.
    pub names: Vec<(u32, f32)>,
    /// The event's date as far as the report pins it down.
    pub date: DateFacets,
    /// The event's type.
    pub event_type: Option<String>,
    /// The event's place.
    pub place: Option<PlaceKey>,
    /// The weekday the lead's first undated mention names ("on Saturday"):
    /// the event's day in most news leads, whatever the kind of event. It
    /// only votes in a group's date, where one report's stray weekday is
    /// outvoted; a weekday in a dated stamp ("Friday, 27 September 2013")
    /// is when the report was published, not the event, and is left out.
    #[serde(default)]
    pub lead_weekday: Option<i8>,
}

/// Document frequencies for weighting terms, from the store.
pub struct Idf {
    docs: f32,
    df: FastMap<u32, f32>,
    /// Final weights, when computed ahead (see [`Idf::contrasted`]).
    fixed: Option<FastMap<u32, f32>>,
}

impl Idf {
    /// Weights every term alike (for tests and tiny corpora).
    pub fn uniform() -> Self {
        Idf { docs: 0.0, df: FastMap::default(), fixed: None }
    }
    /// Weights from a document count and the frequencies of the terms needed.
    pub fn new(docs: u64, df: HashMap<u32, u64>) -> Self {
        Idf::from_frequencies(docs, df)
    }
    /// [`Idf::new`] from any list of `(term, document frequency)`.
    pub fn from_frequencies(docs: u64, df: impl IntoIterator<Item = (u32, u64)>) -> Self {
        Idf { docs: docs as f32, df: df.into_iter().map(|(k, v)| (k, v as f32)).collect(), fixed: None }
    }
    /// These weights sharpened for one neighbourhood of reports: a term
    /// that most of them share (the topic: "Klitschko", "heavyweight")
    /// cannot tell their incidents apart, so its weight is scaled down by
    /// its local inverse document frequency raised to `power`.
    pub fn contrasted(&self, reports: &[&Features], power: f32) -> Idf {
        let mut local: FastMap<u32, f32> = FastMap::default();
        for r in reports {
            for t in r.terms() {
                *local.entry(t).or_default() += 1.0;
            }
        }
        let n = reports.len() as f32;
        let fixed = local.into_iter().map(|(t, df)| (t, self.contrasted_weight(t, n, df, power))).collect();
        Idf { docs: self.docs, df: FastMap::default(), fixed: Some(fixed) }
    }

    /// A term's weight in a neighbourhood of `n` reports, `df` of which
    /// have it (see [`Idf::contrasted`]).
    fn contrasted_weight(&self, term: u32, n: f32, df: f32, power: f32) -> f32 {
        self.weight(term) * (((n + 1.0) / (df + 1.0)).ln() + 1.0).powf(power)
    }

    /// Smoothed inverse document frequency of a term.
    pub fn weight(&self, term: u32) -> f32 {
        if let Some(f) = &self.fixed {
            return f.get(&term).copied().unwrap_or(1.0);
        }
        if self.docs == 0.0 {
            return 1.0;
        }
        let df = self.df.get(&term).copied().unwrap_or(0.0);
        ((self.docs + 1.0) / (df + 1.0)).ln() + 1.0
    }
}

impl Features {
    /// Features of an analysed report: title words count twice.
    pub fn new(title: Option<&str>, body: &str, analysis: &Analysis) -> Self {
        let text = match title {
            Some(t) => format!("{t}\n{t}\n{body}"),
            None => body.to_string(),
        };
        let mut names: Vec<String> = proper_names(&text);
        // demonyms ("Iraqi") name no place of the event
        for p in analysis.places.iter().filter(|p| p.feature != "demonym") {
            names
                .push(format!("place:{}", p.geonameid.map(|g| g.to_string()).unwrap_or_else(|| p.name.to_lowercase())));
        }
        for n in analysis.numbers.iter().filter(|n| !n.ordinal && n.value >= 2.0) {
            names.push(format!("num:{}", n.value));
        }
        let place = analysis.event.place.map(|i| {
            let p = &analysis.places[i];
            PlaceKey { lat: p.lat, lon: p.lon, country: p.country_code.clone(), feature: p.feature.clone() }
        });
        let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut features =
            Features::from_parts(&text, &name_refs, analysis.event.date, analysis.event.event_type.clone(), place);
        features.lead_weekday = lead_weekday(analysis);
        features
    }

    /// Features from their parts (words are taken from `text`).
    pub fn from_parts(
        text: &str,
        names: &[&str],
        date: DateFacets,
        event_type: Option<String>,
        place: Option<PlaceKey>,
    ) -> Self {
        Features {
            words: counts(content_words(text).iter().map(|w| term(w))),
            names: counts(names.iter().map(|n| term(&n.to_lowercase()))),
            date,
            event_type,
            place,
            lead_weekday: None,
        }
    }

    /// Keys under which the report is indexed to find candidate incidents:
    /// its most distinctive names and words.
    pub fn index_keys(&self, idf: &Idf) -> Vec<i64> {
        let mut scored: Vec<(f32, u32)> = self
            .names
            .iter()
            .map(|&(t, c)| (c.min(3.0) * idf.weight(t) * 1.5, t))
            .chain(self.words.iter().map(|&(t, c)| (c.min(3.0) * idf.weight(t), t)))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.dedup_by_key(|s| s.1);
        scored.into_iter().take(rules::INDEX_KEYS).map(|(_, t)| t as i64).collect()
    }

    /// Every term of the report, for document frequencies.
    pub fn terms(&self) -> Vec<u32> {
        let mut t: Vec<u32> = self.words.iter().chain(&self.names).map(|&(t, _)| t).collect();
        t.sort_unstable();
        t.dedup();
        t
    }
}

/// The weekday of the first point in time the lead names without a year
/// (see [`Features::lead_weekday`]).
fn lead_weekday(analysis: &Analysis) -> Option<i8> {
    let end = analysis.sentences.iter().take(rules::LEAD_SENTENCES).next_back()?.end;
    analysis
        .times
        .iter()
        .filter(|t| t.span.start < end && !t.frame && matches!(t.kind, TimexType::Date | TimexType::Time))
        .filter(|t| !["PRESENT", "PAST", "FUTURE"].iter().any(|r| t.value.starts_with(r)))
        .filter(|t| t.date.year.is_none())
        .find_map(|t| t.date.weekday)
}

/// Whether two reports may not share an incident: their event dates conflict.
pub fn cannot_link(a: &DateFacets, b: &DateFacets) -> bool {
    !a.compatible(b)
}

/// Similarity of two reports in [0, 1] (0 when they cannot link).
pub fn similarity(a: &Features, b: &Features, idf: &Idf) -> f32 {
    similarity_with(a, b, idf, &Params::default())
}

/// [`similarity`] with explicit parameters.
pub fn similarity_with(a: &Features, b: &Features, idf: &Idf, params: &Params) -> f32 {
    similarity_weighted(a, &Weighted::new(a, idf), b, &Weighted::new(b, idf), params)
}

/// A report's term vectors weighted and scaled to unit length once, so a
/// pair's similarity is two sparse dot products.
pub struct Weighted {
    words: Vec<(u32, f32)>,
    names: Vec<(u32, f32)>,
}

impl Weighted {
    /// Weights `f`'s terms with `idf`.
    pub fn new(f: &Features, idf: &Idf) -> Self {
        Weighted { words: unit(&f.words, idf), names: unit(&f.names, idf) }
    }
}

fn unit(v: &[(u32, f32)], idf: &Idf) -> Vec<(u32, f32)> {
    unit_by(v, |t| idf.weight(t))
}

fn unit_by(v: &[(u32, f32)], weight: impl Fn(u32) -> f32) -> Vec<(u32, f32)> {
    let mut out: Vec<(u32, f32)> = v.iter().map(|&(t, c)| (t, (1.0 + c.ln()) * weight(t))).collect();
    let norm = out.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(1e-9);
    for (_, w) in &mut out {
        *w /= norm;
    }
    out
}

/// [`similarity_with`] on vectors weighted beforehand.
pub fn similarity_weighted(a: &Features, aw: &Weighted, b: &Features, bw: &Weighted, params: &Params) -> f32 {
    if cannot_link(&a.date, &b.date) {
        return 0.0;
    }
    similarity_of_dots(a, b, dot(&aw.words, &bw.words), dot(&aw.names, &bw.names), params)
}

/// The similarity of two reports that may link, from the dot products of
/// their weighted word and name vectors.
fn similarity_of_dots(a: &Features, b: &Features, words: f32, names: f32, params: &Params) -> f32 {
    let mut s = params.word_weight * words + (1.0 - params.word_weight) * names;
    if let (Some(p), Some(q)) = (&a.place, &b.place) {
        let both_local = p.feature != "country" && q.feature != "country";
        let other_country = p.country.is_some() && q.country.is_some() && p.country != q.country;
        let far = !other_country && both_local && km(p, q) > rules::FAR_PLACE_KM;
        if far || other_country {
            s *= params.far_place_factor;
        }
    }
    if let (Some(x), Some(y)) = (&a.event_type, &b.event_type) {
        if x != y {
            s *= params.other_type_factor;
        }
    }
    // Same place and kind of event on the same day: the date is strong
    // evidence when the words are merely related.
    if s >= rules::BONUS_FLOOR {
        let (p, q) = (&a.date, &b.date);
        if p.month.is_some() && p.month == q.month && p.day.is_some() && p.day == q.day {
            s += params.same_day_bonus;
        } else if p.weekday.is_some() && p.weekday == q.weekday {
            s += params.same_weekday_bonus;
        }
    }
    s.min(1.0)
}

/// A neighbourhood's term vectors weighted for it, and each term's postings.
struct Weighing {
    /// Each report's vectors, as [`Weighted::new`] with the neighbourhood's
    /// weights ([`Idf::contrasted`], or the plain ones when contrast is off).
    weighted: Vec<Weighted>,
    /// Word and name postings: for each term in ascending order (`offsets`
    /// into `entries`), the reports having it with their weights, in order.
    words: Postings,
    names: Postings,
}

struct Postings {
    offsets: Vec<u32>,
    entries: Vec<(u32, f32)>,
}

/// [`Weighing`] of `reports`: the same numbers as [`Idf::contrasted`] and
/// [`Weighted::new`] give, with each term looked up once in one map.
fn weigh(reports: &[&Features], idf: &Idf, power: f32) -> Weighing {
    // Every report's terms once (as `Features::terms`: words and names are
    // each sorted and unique), all reports together.
    let mut all: Vec<u32> = Vec::with_capacity(reports.iter().map(|r| r.words.len() + r.names.len()).sum());
    for r in reports {
        all.extend(r.words.iter().map(|&(t, _)| t));
        all.extend(r.names.iter().map(|&(t, _)| t).filter(|&t| r.words.binary_search_by_key(&t, |&(w, _)| w).is_err()));
    }
    all.sort_unstable();
    let n = reports.len() as f32;
    let mut index: FastMap<u32, u32> = FastMap::default();
    index.reserve(all.len() / 2);
    let mut weights: Vec<f32> = Vec::new();
    for run in all.chunk_by(|a, b| a == b) {
        let (t, df) = (run[0], run.len() as f32);
        let w = if power > 0.0 { idf.contrasted_weight(t, n, df, power) } else { idf.weight(t) };
        index.insert(t, weights.len() as u32);
        weights.push(w);
    }
    let weight = |t: u32| weights[index[&t] as usize];
    let weighted: Vec<Weighted> = reports
        .iter()
        .map(|f| Weighted { words: unit_by(&f.words, weight), names: unit_by(&f.names, weight) })
        .collect();
    let postings = |vectors: &dyn Fn(&Weighted) -> &[(u32, f32)]| {
        let dense: Vec<Vec<u32>> =
            weighted.iter().map(|w| vectors(w).iter().map(|(t, _)| index[t]).collect()).collect();
        let mut offsets = vec![0u32; weights.len() + 1];
        for &d in dense.iter().flatten() {
            offsets[d as usize + 1] += 1;
        }
        for k in 1..offsets.len() {
            offsets[k] += offsets[k - 1];
        }
        let mut fill = offsets.clone();
        let mut entries = vec![(0u32, 0f32); dense.iter().map(Vec::len).sum()];
        for (r, (w, d)) in weighted.iter().zip(&dense).enumerate() {
            for (&(_, x), &d) in vectors(w).iter().zip(d) {
                entries[fill[d as usize] as usize] = (r as u32, x);
                fill[d as usize] += 1;
            }
        }
        Postings { offsets, entries }
    };
    let words = postings(&|w| &w.words);
    let names = postings(&|w| &w.names);
    Weighing { weighted, words, names }
}

/// [`similarity_weighted`] of every pair of `reports` (a symmetric matrix,
/// 0 on the diagonal). The dot products are summed term by term over the
/// reports that share each term, as in an inverted index, rather than by
/// walking the vectors of every pair: most pairs share few terms. Each sum
/// adds the same products in the same order (ascending term) as [`dot`], so
/// every value is the same to the bit.
/// Also returns the pairs that cannot link (`i * n + j`, both ways).
fn similarity_matrix(reports: &[&Features], weighing: &Weighing, params: &Params) -> (Vec<Vec<f32>>, Vec<bool>) {
    let n = reports.len();
    let words = pair_dots(&weighing.words, n);
    let names = pair_dots(&weighing.names, n);
    let mut sim = vec![vec![0f32; n]; n];
    let mut conflict = vec![false; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let s = if cannot_link(&reports[i].date, &reports[j].date) {
                conflict[i * n + j] = true;
                conflict[j * n + i] = true;
                0.0
            } else {
                similarity_of_dots(reports[i], reports[j], words[i * n + j], names[i * n + j], params)
            };
            sim[i][j] = s;
            sim[j][i] = s;
        }
    }
    (sim, conflict)
}

/// The dot products of every pair of the `n` reports of `postings`, at
/// `i * n + j` for `i < j`.
fn pair_dots(postings: &Postings, n: usize) -> Vec<f32> {
    let mut dots = vec![0f32; n * n];
    for span in postings.offsets.windows(2) {
        let run = &postings.entries[span[0] as usize..span[1] as usize];
        for (x, &(i, wi)) in run.iter().enumerate() {
            let row = &mut dots[i as usize * n..(i as usize + 1) * n];
            for &(j, wj) in &run[x + 1..] {
                row[j as usize] += wi * wj;
            }
        }
    }
    dots
}

fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Clusters reports into incidents: average linkage, merging the most
/// similar pair of groups first while it reaches the threshold, never
/// across a date conflict (a pair's, or the groups' families' votes),
/// always within a copy family (`must_link` pairs of indices). Groups come out sorted by their smallest index, members
/// sorted, so the result depends only on the input set.
pub fn cluster(reports: &[&Features], must_link: &[(usize, usize)], idf: &Idf) -> Vec<Vec<usize>> {
    cluster_with(reports, must_link, idf, &Params::default())
}

/// [`cluster`] with explicit parameters.
pub fn cluster_with(
    reports: &[&Features],
    must_link: &[(usize, usize)],
    idf: &Idf,
    params: &Params,
) -> Vec<Vec<usize>> {
    let n = reports.len();
    let weighing = weigh(reports, idf, params.contrast_power);
    // Similarities, and the date conflicts of every pair, asked once.
    let (sim, conflict) = similarity_matrix(reports, &weighing, params);
    let weighted = &weighing.weighted;
    // Copy families: linkage counts each family once, through its member
    // closest to the other side, so copies neither add votes nor dilute.
    let mut family: Vec<usize> = (0..n).collect();
    fn root(f: &mut [usize], mut x: usize) -> usize {
        while f[x] != x {
            f[x] = f[f[x]];
            x = f[x];
        }
        x
    }
    for &(a, b) in must_link {
        let (ra, rb) = (root(&mut family, a), root(&mut family, b));
        family[ra.max(rb)] = ra.min(rb);
    }
    let family: Vec<usize> = (0..n).map(|i| root(&mut family, i)).collect();
    // The weighted vectors again, for centroids (only when they count).
    type Vectors = Vec<Vec<(u32, f32)>>;
    let (unit_words, unit_names): (Vectors, Vectors) = if params.centroid_weight > 0.0 {
        weighted.iter().map(|w| (w.words.clone(), w.names.clone())).unzip()
    } else {
        (Vec::new(), Vec::new())
    };
    let centroid = |gm: &[usize], hm: &[usize]| -> f32 {
        let sum = |m: &[usize], v: &[Vec<(u32, f32)>]| {
            let mut acc: HashMap<u32, f32> = HashMap::new();
            for &i in m {
                for &(t, w) in &v[i] {
                    *acc.entry(t).or_default() += w;
                }
            }
            acc
        };
        let cos = |a: &HashMap<u32, f32>, b: &HashMap<u32, f32>| {
            let dot: f32 = a.iter().filter_map(|(t, w)| b.get(t).map(|x| x * w)).sum();
            let na: f32 = a.values().map(|w| w * w).sum::<f32>().sqrt();
            let nb: f32 = b.values().map(|w| w * w).sum::<f32>().sqrt();
            dot / (na * nb).max(1e-9)
        };
        let w = cos(&sum(gm, &unit_words), &sum(hm, &unit_words));
        let nm = cos(&sum(gm, &unit_names), &sum(hm, &unit_names));
        params.word_weight * w + (1.0 - params.word_weight) * nm
    };
    let pair_linkage = |gm: &[usize], hm: &[usize]| -> f32 {
        // Members by family (ascending), each family's members in their order.
        let parts = |m: &[usize]| {
            let mut p: Vec<(usize, usize)> = m.iter().map(|&i| (family[i], i)).collect();
            p.sort_by_key(|&(f, _)| f);
            p
        };
        let (pg, ph) = (parts(gm), parts(hm));
        let (mut total, mut fg, mut fh) = (0f32, 0, 0);
        for a in pg.chunk_by(|x, y| x.0 == y.0) {
            fg += 1;
            fh = 0;
            for b in ph.chunk_by(|x, y| x.0 == y.0) {
                fh += 1;
                // A family is dated by all its copies: one date conflict
                // between two families and they do not link at all.
                let mut best = 0f32;
                'pairs: for &(_, i) in a {
                    for &(_, j) in b {
                        if conflict[i * n + j] {
                            best = 0.0;
                            break 'pairs;
                        }
                        best = best.max(sim[i][j]);
                    }
                }
                total += best;
            }
        }
        total / (fg * fh) as f32
    };
    let mut groups: Vec<Option<(Vec<usize>, DateFacets)>> = (0..n).map(|i| Some((vec![i], reports[i].date))).collect();
    // Copies first: a family is one group whatever the words say, unless
    // its members' dates conflict (then the copy evidence was wrong).
    let mut links = must_link.to_vec();
    links.sort_unstable();
    for (a, b) in links {
        let (ga, gb) = (find(&groups, a), find(&groups, b));
        if ga != gb {
            try_merge(&mut groups, ga, gb);
        }
    }
    // The date a group's families vote for: each part as more than half of
    // the families giving that part give it, with how many do. A report
    // whose event has no weekday votes the one its lead names.
    let voted = |m: &[usize]| -> [(Option<i16>, usize); 4] {
        let mut parts: [HashMap<i16, Vec<usize>>; 4] = Default::default();
        for &i in m {
            let mut date = reports[i].date;
            date.weekday = date.weekday.or(reports[i].lead_weekday);
            for (k, v) in date_parts(&date).into_iter().enumerate() {
                if let Some(v) = v {
                    let fams = parts[k].entry(v).or_default();
                    if !fams.contains(&family[i]) {
                        fams.push(family[i]);
                    }
                }
            }
        }
        std::array::from_fn(|k| {
            let total: usize = parts[k].values().map(Vec::len).sum();
            parts[k]
                .iter()
                .map(|(&v, f)| (v, f.len()))
                .find(|&(_, c)| 2 * c > total)
                .map(|(v, c)| (Some(v), c))
                .unwrap_or((None, 0))
        })
    };
    let dates_apart = |a: &[(Option<i16>, usize); 4], b: &[(Option<i16>, usize); 4]| -> bool {
        (0..4).any(|k| {
            let ((x, cx), (y, cy)) = (a[k], b[k]);
            x.is_some() && y.is_some() && x != y && cx.min(cy) >= rules::DATE_VOTE_FAMILIES
        })
    };
    // Names of a group: each name with the families naming it (kept per
    // group and merged with it, not gathered again from every member).
    // Month and weekday names are the dates' to weigh (one report says
    // "Friday", another "June 7"), not who or where.
    let calendar = &*CALENDAR_TERMS;
    let name_families = |m: &[usize]| -> FastMap<u32, Vec<usize>> {
        let mut seen: FastMap<u32, Vec<usize>> = FastMap::default();
        for &i in m {
            for &(t, _) in reports[i].names.iter().filter(|(t, _)| calendar.binary_search(t).is_err()) {
                let fams = seen.entry(t).or_default();
                if !fams.contains(&family[i]) {
                    fams.push(family[i]);
                }
            }
        }
        seen
    };
    // … and their weights, with the group's total: a family of k reports
    // in the group weighs 1 + COPY_WEIGHT ln k.
    let names_of = |seen: &FastMap<u32, Vec<usize>>, m: &[usize]| -> (HashMap<u32, f32>, f32) {
        let mut size: FastMap<usize, f32> = FastMap::default();
        for &i in m {
            *size.entry(family[i]).or_default() += 1.0;
        }
        let w = |k: f32| 1.0 + rules::COPY_WEIGHT * k.ln();
        let total: f32 = size.values().map(|&k| w(k)).sum();
        (seen.iter().map(|(&t, f)| (t, f.iter().map(|x| w(size[x])).sum())).collect(), total)
    };
    let own_names_apart = |g: &(HashMap<u32, f32>, f32), h: &(HashMap<u32, f32>, f32)| -> bool {
        let owns = |a: &(HashMap<u32, f32>, f32), b: &(HashMap<u32, f32>, f32)| {
            a.1 >= rules::OWN_NAME_MIN_FAMILIES
                && a.0.iter().any(|(t, &c)| {
                    c >= params.own_name_share * a.1
                        && b.0.get(t).copied().unwrap_or(0.0) < rules::ABSENT_NAME_SHARE * b.1
                })
        };
        // Fewer reports will do when the name is in (nearly) all of them
        // and never on the other side.
        let strong = |a: &(HashMap<u32, f32>, f32), b: &(HashMap<u32, f32>, f32)| {
            a.1 >= rules::STRONG_OWN_NAME_MIN_FAMILIES
                && a.0.iter().any(|(t, &c)| c >= rules::STRONG_OWN_NAME_SHARE * a.1 && !b.0.contains_key(t))
        };
        // Between two large groups, one name in (nearly) all of one's
        // families and never in the other's will do when the other's has a
        // name of its own in half its families (a look-alike's background
        // may name the first's protagonist, so no name of the other's need
        // be absent from the first in nearly all).
        let lopsided = |a: &(HashMap<u32, f32>, f32), b: &(HashMap<u32, f32>, f32), share: f32| {
            a.1 >= rules::LOPSIDED_MIN_FAMILIES
                && b.1 >= rules::LOPSIDED_MIN_FAMILIES
                && a.0.iter().any(|(t, &c)| c >= share * a.1 && !b.0.contains_key(t))
        };
        let (all, half) = (rules::STRONG_OWN_NAME_SHARE, rules::LOPSIDED_OTHER_SHARE);
        (owns(g, h) && owns(h, g))
            || (strong(g, h) && strong(h, g))
            || (lopsided(g, h, all) && lopsided(h, g, half))
            || (lopsided(h, g, all) && lopsided(g, h, half))
    };
    let mut group_name_families: Vec<FastMap<u32, Vec<usize>>> = if params.own_name_share > 0.0 {
        (0..n).map(|g| groups[g].as_ref().map(|(m, _)| name_families(m)).unwrap_or_default()).collect()
    } else {
        vec![FastMap::default(); n]
    };
    let mut group_names: Vec<(HashMap<u32, f32>, f32)> = if params.own_name_share > 0.0 {
        (0..n)
            .map(|g| groups[g].as_ref().map(|(m, _)| names_of(&group_name_families[g], m)).unwrap_or_default())
            .collect()
    } else {
        vec![Default::default(); n]
    };
    // Linkage of two groups depends on their members only: keep it until one
    // of them changes (a merge), so each round computes one row, not all pairs.
    let mut linkage: Vec<Option<f32>> = vec![None; n * n];
    let mut group_dates: Vec<[(Option<i16>, usize); 4]> =
        (0..n).map(|g| groups[g].as_ref().map(|(m, _)| voted(m)).unwrap_or_default()).collect();
    // Each round merges the pair of groups that a scan of every pair (in
    // index order) would pick: the first at the highest linkage among those
    // that may merge (neither dates nor own names apart, at least at the
    // threshold). Each group keeps the best pair of its row (partners of
    // higher index), so a round compares one entry per group and only rows
    // a merge touched are scanned again.
    let linked = |g: usize,
                  h: usize,
                  groups: &[Option<(Vec<usize>, DateFacets)>],
                  linkage: &mut [Option<f32>],
                  group_dates: &[[(Option<i16>, usize); 4]]|
     -> Option<f32> {
        if dates_apart(&group_dates[g], &group_dates[h]) {
            return None;
        }
        let (gm, _) = groups[g].as_ref().unwrap();
        let (hm, _) = groups[h].as_ref().unwrap();
        Some(*linkage[g * n + h].get_or_insert_with(|| {
            let avg = pair_linkage(gm, hm);
            if params.centroid_weight > 0.0 {
                (1.0 - params.centroid_weight) * avg + params.centroid_weight * centroid(gm, hm)
            } else {
                avg
            }
        }))
    };
    // Cohesion of a group: its average linkage with itself, each pair of
    // its families once (as [`pair_linkage`] counts them); none for one family.
    let cohesion_of = |m: &[usize]| -> Option<f32> {
        let mut p: Vec<(usize, usize)> = m.iter().map(|&i| (family[i], i)).collect();
        p.sort_by_key(|&(f, _)| f);
        let fams: Vec<&[(usize, usize)]> = p.chunk_by(|x, y| x.0 == y.0).collect();
        if fams.len() < 2 {
            return None;
        }
        let (mut total, mut count) = (0f32, 0usize);
        for (x, a) in fams.iter().enumerate() {
            for b in &fams[x + 1..] {
                let mut best = 0f32;
                'pairs: for &(_, i) in *a {
                    for &(_, j) in *b {
                        if conflict[i * n + j] {
                            best = 0.0;
                            break 'pairs;
                        }
                        best = best.max(sim[i][j]);
                    }
                }
                total += best;
                count += 1;
            }
        }
        Some(total / count as f32)
    };
    let mut cohesion: Vec<Option<f32>> = (0..n).map(|g| groups[g].as_ref().and_then(|(m, _)| cohesion_of(m))).collect();
    // Own names keep two groups apart unless the groups are as alike as
    // each is inside (see [`rules::NAMES_YIELD_COHESION`]).
    let may_merge =
        |avg: f32, g: usize, h: usize, group_names: &[(HashMap<u32, f32>, f32)], cohesion: &[Option<f32>]| -> bool {
            let close = match (cohesion[g], cohesion[h]) {
                (Some(a), Some(b)) => avg >= rules::NAMES_YIELD_COHESION * a.min(b),
                _ => false,
            };
            avg >= params.merge_threshold
                && (close || !(params.own_name_share > 0.0 && own_names_apart(&group_names[g], &group_names[h])))
        };
    let mut row_best: Vec<Option<(f32, usize)>> = vec![None; n];
    let mut stale: Vec<bool> = vec![true; n];
    loop {
        for g in 0..n {
            if !stale[g] || groups[g].is_none() {
                continue;
            }
            stale[g] = false;
            let mut best: Option<(f32, usize)> = None;
            for h in g + 1..n {
                if groups[h].is_none() {
                    continue;
                }
                if let Some(avg) = linked(g, h, &groups, &mut linkage, &group_dates) {
                    if best.is_none_or(|(b, _)| avg > b) && may_merge(avg, g, h, &group_names, &cohesion) {
                        best = Some((avg, h));
                    }
                }
            }
            row_best[g] = best;
        }
        let mut best: Option<(f32, usize, usize)> = None;
        for (g, row) in row_best.iter().enumerate() {
            if let Some((avg, h)) = *row {
                if groups[g].is_some() && best.is_none_or(|(b, _, _)| avg > b) {
                    best = Some((avg, g, h));
                }
            }
        }
        match best {
            Some((_, g, h)) => {
                merge(&mut groups, g, h);
                let lo = g.min(h);
                group_dates[lo] = groups[lo].as_ref().map(|(m, _)| voted(m)).unwrap_or_default();
                cohesion[lo] = groups[lo].as_ref().and_then(|(m, _)| cohesion_of(m));
                for other in 0..n {
                    linkage[lo.min(other) * n + lo.max(other)] = None;
                }
                if params.own_name_share > 0.0 {
                    let gone = std::mem::take(&mut group_name_families[h]);
                    let seen = &mut group_name_families[lo];
                    for (t, fams) in gone {
                        let mine = seen.entry(t).or_default();
                        for f in fams {
                            if !mine.contains(&f) {
                                mine.push(f);
                            }
                        }
                    }
                    group_names[lo] =
                        groups[lo].as_ref().map(|(m, _)| names_of(&group_name_families[lo], m)).unwrap_or_default();
                }
                // Rows that held a pair with either group, and rows before
                // the merged group, whose pair with it changed.
                row_best[h] = None;
                stale[lo] = true;
                for x in 0..h {
                    if x == lo || groups[x].is_none() {
                        continue;
                    }
                    match row_best[x] {
                        Some((_, y)) if y == lo || y == h => stale[x] = true,
                        current if x < lo => {
                            if let Some(avg) = linked(x, lo, &groups, &mut linkage, &group_dates) {
                                let better = current.is_none_or(|(b, y)| avg > b || (avg == b && lo < y));
                                if better && may_merge(avg, x, lo, &group_names, &cohesion) {
                                    row_best[x] = Some((avg, lo));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            None => break,
        }
    }
    let mut out: Vec<Vec<usize>> = groups
        .into_iter()
        .flatten()
        .map(|(mut m, _)| {
            m.sort_unstable();
            m
        })
        .collect();
    out.sort();
    out
}

fn find(groups: &[Option<(Vec<usize>, DateFacets)>], member: usize) -> usize {
    groups.iter().position(|g| g.as_ref().is_some_and(|(m, _)| m.contains(&member))).unwrap_or(member)
}

fn try_merge(groups: &mut [Option<(Vec<usize>, DateFacets)>], a: usize, b: usize) -> bool {
    let (lo, hi) = (a.min(b), a.max(b));
    let compatible = match (&groups[lo], &groups[hi]) {
        (Some((_, d1)), Some((_, d2))) => d1.compatible(d2),
        _ => false,
    };
    if !compatible {
        return false;
    }
    merge(groups, lo, hi);
    true
}

/// Merges two live groups into the one with the smaller index.
fn merge(groups: &mut [Option<(Vec<usize>, DateFacets)>], a: usize, b: usize) {
    let (lo, hi) = (a.min(b), a.max(b));
    let (hm, hd) = groups[hi].take().unwrap();
    let (lm, ld) = groups[lo].as_mut().unwrap();
    lm.extend(hm);
    ld.merge(&hd);
}

/// Year, month, day and weekday, as one kind of number.
fn date_parts(d: &DateFacets) -> [Option<i16>; 4] {
    [d.year, d.month.map(i16::from), d.day.map(i16::from), d.weekday.map(i16::from)]
}

fn km(p: &PlaceKey, q: &PlaceKey) -> f64 {
    let (la1, lo1, la2, lo2) = (p.lat.to_radians(), p.lon.to_radians(), q.lat.to_radians(), q.lon.to_radians());
    let a = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().asin()
}

/// Terms of the month and weekday names, sorted: hashed once, not per clustering.
static CALENDAR_TERMS: std::sync::LazyLock<Vec<u32>> = std::sync::LazyLock::new(|| {
    let mut terms: Vec<u32> = MONTHS.iter().chain(&WEEKDAYS).map(|w| term(w)).collect();
    terms.sort_unstable();
    terms
});

fn term(s: &str) -> u32 {
    xxh3_64(s.as_bytes()) as u32
}

fn counts(items: impl Iterator<Item = u32>) -> Vec<(u32, f32)> {
    let mut m: HashMap<u32, f32> = HashMap::new();
    for t in items {
        *m.entry(t).or_default() += 1.0;
    }
    let mut v: Vec<(u32, f32)> = m.into_iter().collect();
    v.sort_unstable_by_key(|p| p.0);
    v
}

/// Lowercased content words, crudely stemmed.
fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() > 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .filter(|w| !is_stopword(w))
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    for suf in ["ing", "ed", "es", "s"] {
        if w.len() > suf.len() + 3 && w.ends_with(suf) {
            return w[..w.len() - suf.len()].to_string();
        }
    }
    w.to_string()
}

/// Runs of capitalised words not at a sentence start ("Green Zone",
/// "Mohammed Shia al-Sudani"), lowercased.
fn proper_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut sentence_start = true;
    for raw in text.split_whitespace() {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let capital = w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 1;
        let name_word = capital && !(sentence_start && is_stopword(&w.to_lowercase()));
        let linking_word = !run.is_empty() && matches!(w, "al" | "bin" | "de" | "of");
        if name_word || linking_word {
            run.push(w);
        } else if !run.is_empty() {
            flush(&mut run, &mut out);
        }
        sentence_start = raw.ends_with(['.', '!', '?', '"', '”']) || raw.ends_with(".”");
        if raw.ends_with([',', ';', ':', '.', '!', '?']) {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn flush(run: &mut Vec<&str>, out: &mut Vec<String>) {
    while run.last().is_some_and(|w| matches!(*w, "al" | "bin" | "de" | "of")) {
        run.pop();
    }
    if !run.is_empty() {
        out.push(run.join(" ").to_lowercase());
    }
    run.clear();
}

/// Whether a lowercased word is a function word or a weekday name.
fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w) || WEEKDAYS.contains(&w)
}

const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "this",
    "with",
    "from",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "its",
    "his",
    "her",
    "their",
    "they",
    "but",
    "not",
    "which",
    "who",
    "said",
    "says",
    "will",
    "would",
    "could",
    "been",
    "also",
    "into",
    "than",
    "there",
    "about",
    "after",
    "over",
    "more",
    "some",
    "such",
    "one",
    "two",
    "when",
    "where",
    "what",
    "while",
    "other",
    "all",
    "any",
    "most",
    "him",
    "she",
    "our",
    "out",
    "can",
    "may",
    "did",
    "does",
    "told",
    "added",
    "just",
    "very",
    "only",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "to",
    "by",
    "it",
    "he",
    "we",
    "as",
    "is",
    "be",
    "or",
    "if",
    "so",
    "no",
    "up",
    "us",
    "mr",
    "ms",
    "mrs",
    "new",
    "according",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str, weekday: Option<i8>) -> Features {
        let names = proper_names(text);
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        Features::from_parts(text, &refs, DateFacets { weekday, ..Default::default() }, None, None)
    }

    #[test]
    fn look_alikes_on_other_days_stay_apart() {
        let a = f("Rockets hit the US embassy in Baghdad on Friday, officials said.", Some(5));
        let b = f("Rockets struck near the US embassy in Baghdad on Friday morning.", Some(5));
        let c = f("Rockets hit near the US embassy in Baghdad early Sunday, a source said.", Some(7));
        let groups = cluster(&[&a, &b, &c], &[], &Idf::uniform());
        assert_eq!(groups, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn copies_bind_an_undated_report_to_its_family() {
        let dated = f("Rockets hit the US embassy in Baghdad on Friday.", Some(5));
        let undated = f("Missiles were fired at the US embassy in Iraq at night.", None);
        let sunday = f("Rockets hit near the US embassy in Baghdad early Sunday.", Some(7));
        let groups = cluster(&[&sunday, &undated, &dated], &[(1, 2)], &Idf::uniform());
        assert_eq!(groups, vec![vec![0], vec![1, 2]]);
    }

    /// Two look-alike bouts: Klitschko against Rahman in Mannheim (four
    /// reports), against Thompson in Bern (four).
    const BOUTS: [&str; 8] = [
        "Klitschko stopped Rahman in the seventh round in Mannheim, keeping his heavyweight belts.",
        "In Mannheim the referee waved off the seventh round as Klitschko battered a sluggish Rahman.",
        "Rahman, a late substitute, was stopped by Klitschko in the seventh round of a heavyweight bout in Mannheim.",
        "Klitschko kept his heavyweight belts as the substitute Rahman was stopped in Mannheim in the seventh round.",
        "Klitschko defeated Thompson in Bern when the referee stopped the heavyweight rematch in the sixth.",
        "The American southpaw Thompson was dropped twice by Klitschko in Bern before the sixth-round stoppage.",
        "In a heavyweight rematch in Bern, Thompson could not survive the sixth against Klitschko.",
        "Thompson, the American southpaw, lost the Bern rematch to Klitschko after being dropped in the sixth.",
    ];

    #[test]
    fn look_alikes_with_their_own_names_stay_apart() {
        let feats: Vec<Features> = BOUTS.iter().map(|t| f(t, None)).collect();
        let refs: Vec<&Features> = feats.iter().collect();
        let apart = cluster(&refs, &[], &Idf::uniform());
        assert_eq!(apart, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        // Three a side will do: each side's names are in all its reports.
        let three: Vec<&Features> = refs[..3].iter().chain(&refs[4..7]).copied().collect();
        assert_eq!(cluster(&three, &[], &Idf::uniform()), vec![vec![0, 1, 2], vec![3, 4, 5]]);
        // The words alone would merge them: the names are what separates.
        let words_only = Params { own_name_share: 0.0, ..Params::default() };
        assert_eq!(cluster_with(&refs, &[], &Idf::uniform(), &words_only), vec![(0..8).collect::<Vec<_>>()]);
    }

    #[test]
    fn copies_weigh_in_own_names_less_than_independent_reports() {
        // Rahman's four reports against one of Thompson's.
        let texts = &BOUTS[..5];
        let wire = BOUTS[6];
        // Thompson's side: one report and a wire story run `copies` times.
        let split = |copies: usize| {
            let mut feats: Vec<Features> = texts.iter().map(|t| f(t, None)).collect();
            feats.extend((0..copies).map(|_| f(wire, None)));
            let refs: Vec<&Features> = feats.iter().collect();
            let links: Vec<(usize, usize)> = (1..copies).map(|k| (5, 5 + k)).collect();
            cluster(&refs, &links, &Idf::uniform()).len()
        };
        // Three copies weigh 1 + ln 3 = 2.1: with the other, enough.
        assert_eq!(split(3), 2);
        // One report each: two alike may share a name by chance.
        assert_eq!(split(1), 1);
    }

    #[test]
    fn weekdays_of_the_leads_vote_but_part_no_pair() {
        let lead = |text: &str, weekday: Option<i8>| Features { lead_weekday: weekday, ..f(text, None) };
        let friday = [
            lead("Rockets hit the US embassy in Baghdad, officials said.", Some(5)),
            lead("Rockets struck the US embassy in Baghdad, officials said.", Some(5)),
        ];
        let sunday = [
            lead("Rockets hit near the US embassy in Baghdad, a source said.", Some(7)),
            lead("Rockets struck near the US embassy in Baghdad, a source said.", Some(7)),
        ];
        let all: Vec<&Features> = friday.iter().chain(&sunday).collect();
        assert_eq!(cluster(&all, &[], &Idf::uniform()), vec![vec![0, 1], vec![2, 3]]);
        // One report's lead weekday is outvoted: it joins the others.
        let stray: Vec<&Features> = friday.iter().chain(&sunday[..1]).collect();
        assert_eq!(cluster(&stray, &[], &Idf::uniform()), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn large_look_alikes_apart_on_one_side_s_name() {
        // Six reports of Bush's injury, two of which name his backup Thomas;
        // six of Thomas's, three naming the Ivory who replaces him.
        let bush = [
            "The Saints placed running back Bush on injured reserve with a sprained knee.",
            "Bush goes on injured reserve as the Saints lose their running back to a knee sprain.",
            "A sprained knee puts Saints running back Bush on injured reserve.",
            "The Saints put Bush on injured reserve; his knee sprain ends the running back's season.",
            "Running back Bush is on injured reserve, the Saints said, with Thomas to start.",
            "Saints running back Bush, his knee sprained, goes on injured reserve and Thomas starts.",
        ];
        let thomas = [
            "The Saints placed running back Thomas on injured reserve with an ankle sprain.",
            "Thomas goes on injured reserve as the Saints lose their running back to an ankle sprain.",
            "An ankle sprain puts Saints running back Thomas on injured reserve.",
            "The Saints put Thomas on injured reserve and Ivory starts at running back after the sprain.",
            "Running back Thomas is on injured reserve with a sprain, the Saints said, and Ivory starts.",
            "Saints running back Thomas, his ankle sprained, goes on injured reserve; Ivory starts.",
        ];
        let feats: Vec<Features> = bush.iter().chain(&thomas).map(|t| f(t, None)).collect();
        let refs: Vec<&Features> = feats.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()), vec![(0..6).collect::<Vec<_>>(), (6..12).collect()]);
        // Five a side are too few for a name on one side only.
        let five: Vec<&Features> = refs[..5].iter().chain(&refs[6..11]).copied().collect();
        assert_eq!(cluster(&five, &[], &Idf::uniform()).len(), 1);
    }

    #[test]
    fn own_names_yield_to_groups_as_alike_as_their_insides() {
        // One death told twice: three reports add the state, three the
        // family friend who confirmed it. Each side has a name in all its
        // reports that the other never gives, yet the two link as well as
        // each side's reports link among themselves.
        let core = "Mark Felt, the FBI official who as Deep Throat guided Woodward and Bernstein of the Washington Post through the Watergate scandal that toppled Nixon, died at home in Santa Rosa aged 95, his grandson Rob Jones told Reuters";
        let texts: Vec<String> = ["peacefully", "overnight", "asleep"]
            .iter()
            .map(|w| format!("{core}, {w}, in California."))
            .chain(["quietly", "yesterday", "finally"].iter().map(|w| format!("{core}, {w}, Connor said.")))
            .collect();
        let feats: Vec<Features> = texts.iter().map(|t| f(t, None)).collect();
        let refs: Vec<&Features> = feats.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()), vec![(0..6).collect::<Vec<_>>()]);
        // Look-alikes named apart link well below their insides: still apart.
        let bouts: Vec<Features> = BOUTS.iter().map(|t| f(t, None)).collect();
        let refs: Vec<&Features> = bouts.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()).len(), 2);
    }

    #[test]
    fn weekdays_and_months_are_no_own_names() {
        // One incident: three reports say when by weekday, three by date.
        let texts = [
            "Police said the gunman opened fire at the mall on Friday, wounding four shoppers.",
            "The gunman who opened fire at the mall on Friday wounded four shoppers, police said.",
            "Four shoppers were wounded when a gunman opened fire at the mall on Friday.",
            "A gunman opened fire at the mall in June, wounding four shoppers, police said.",
            "Four shoppers were wounded at the mall in June when a gunman opened fire.",
            "Police said four shoppers were wounded in June as a gunman opened fire at the mall.",
        ];
        let feats: Vec<Features> = texts.iter().map(|t| f(t, None)).collect();
        let refs: Vec<&Features> = feats.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()), vec![(0..6).collect::<Vec<_>>()]);
        // The same with names in their place stays apart.
        let named: Vec<String> =
            texts.iter().map(|t| t.replace("on Friday", "in Tulsa").replace("in June", "in Omaha")).collect();
        let feats: Vec<Features> = named.iter().map(|t| f(t, None)).collect();
        let refs: Vec<&Features> = feats.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()), vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }

    #[test]
    fn years_part_groups_only_from_two_families() {
        let dated = |text: &str, year: Option<i16>| Features {
            date: DateFacets { year, ..Default::default() },
            ..f(text, None)
        };
        let texts = [
            "Flood waters swept through the river valley town, forcing hundreds from their homes.",
            "Hundreds fled their homes as flood waters swept the river valley town.",
            "The river valley town was swept by flood waters and hundreds fled their homes.",
            "Flood waters forced hundreds from their homes in the river valley town.",
        ];
        // A year each from one report (one may be a background year): one incident.
        let one: Vec<Features> =
            [Some(2004), None, Some(2009), None].iter().zip(&texts).map(|(y, t)| dated(t, *y)).collect();
        let refs: Vec<&Features> = one.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()), vec![vec![0, 1, 2, 3]]);
        // Two reports a side for each year: apart.
        let two: Vec<Features> =
            [Some(2004), Some(2004), Some(2009), Some(2009)].iter().zip(&texts).map(|(y, t)| dated(t, *y)).collect();
        let refs: Vec<&Features> = two.iter().collect();
        assert_eq!(cluster(&refs, &[], &Idf::uniform()), vec![vec![0, 1], vec![2, 3]]);
    }

    #[test]
    fn neighbourhood_weights_and_similarities_are_the_pairwise_ones_to_the_bit() {
        let mut rng = consilience_core::XorShift::new(3);
        let vocab: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
        let feats: Vec<Features> = (0..40)
            .map(|_| {
                let words: Vec<&str> = (0..25).map(|_| vocab[rng.below(vocab.len())].as_str()).collect();
                let text = words.join(" ");
                let names = [vocab[rng.below(8)].as_str(), vocab[rng.below(8)].as_str()];
                let weekday = (rng.below(3) > 0).then(|| 1 + rng.below(2) as i8);
                Features::from_parts(&text, &names, DateFacets { weekday, ..Default::default() }, None, None)
            })
            .collect();
        let refs: Vec<&Features> = feats.iter().collect();
        let global = Idf::from_frequencies(50, (0..60).map(|i| (term(&format!("word{i}")), i % 7)));
        let idf = global.contrasted(&refs, 1.0);
        let params = Params::default();
        let weighted: Vec<Weighted> = refs.iter().map(|f| Weighted::new(f, &idf)).collect();
        let weighing = weigh(&refs, &global, 1.0);
        for (a, b) in weighted.iter().zip(&weighing.weighted) {
            let bits = |v: &[(u32, f32)]| v.iter().map(|&(t, w)| (t, w.to_bits())).collect::<Vec<_>>();
            assert_eq!((bits(&a.words), bits(&a.names)), (bits(&b.words), bits(&b.names)));
        }
        let (sim, conflict) = similarity_matrix(&refs, &weighing, &params);
        for i in 0..refs.len() {
            for j in 0..refs.len() {
                let want = if i == j {
                    0.0
                } else {
                    similarity_weighted(refs[i], &weighted[i], refs[j], &weighted[j], &params)
                };
                assert_eq!(sim[i][j].to_bits(), want.to_bits(), "pair {i} {j}");
                assert_eq!(conflict[i * refs.len() + j], i != j && cannot_link(&refs[i].date, &refs[j].date));
            }
        }
    }

    #[test]
    fn same_result_in_any_order() {
        let texts = [
            ("A quake of magnitude 6 shook Lima on Monday.", Some(1)),
            ("An earthquake rattled Lima on Monday, killing two.", Some(1)),
            ("Police arrested a man in Oslo after a robbery.", None),
        ];
        let feats: Vec<Features> = texts.iter().map(|(t, w)| f(t, *w)).collect();
        let fwd: Vec<&Features> = feats.iter().collect();
        let rev: Vec<&Features> = feats.iter().rev().collect();
        let g1 = cluster(&fwd, &[], &Idf::uniform());
        let g2: Vec<Vec<usize>> = {
            let mut g: Vec<Vec<usize>> = cluster(&rev, &[], &Idf::uniform())
                .into_iter()
                .map(|m| {
                    let mut m: Vec<usize> = m.into_iter().map(|i| 2 - i).collect();
                    m.sort();
                    m
                })
                .collect();
            g.sort();
            g
        };
        assert_eq!(g1, g2);
    }
}
