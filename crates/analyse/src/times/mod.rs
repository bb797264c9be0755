//! Time expressions: find and normalise them (TIMEX3 values).
//!
//! Entry point: [`find_times`]. The finder is a hand-written token grammar
//! (no regexes): the text is split once into words, digit runs and single
//! punctuation marks, and a small set of rules is tried at each token,
//! keeping the longest match. Rules are lexicon driven (months, weekdays,
//! units, number words, parts of the day, holidays), never keyed to texts.
//!
//! # Conventions
//!
//! * **Spans** follow TIMEX3 extents: prepositions ("on", "since", "at") are
//!   outside the span; determiners and modifiers that belong to the
//!   expression are inside ("the third quarter", "late December",
//!   "mid-October", "early Sunday", "around 4am", "the past two months").
//! * **Values** are TIMEX3 values. Modifiers do not change the value ("late
//!   December" → `2023-12`, TimeML would put `mod="END"` beside it). Values
//!   of clock times carry the date when it is known (linked date, else the
//!   anchor), else `XXXX-XX-XX` (`XXXX-XX-XXT04:15`). A time stated in UTC/GMT
//!   gets a trailing `Z` (`2023-12-08T01:15Z`) and `clock.utc = true`.
//! * **Resolution** against the anchor (the report's publish date), news
//!   style: a bare weekday is the most recent such day on or before the
//!   anchor, or the next one after it when the sentence is future tense
//!   ("will … Friday") or says "next Friday"; a month-day (or a bare month)
//!   takes the anchor's year unless that puts it more than about two months
//!   after the anchor (then the previous year). Without an anchor the
//!   unknown parts stay `X` (`XXXX-12-08`, `XXXX-WXX-5`).
//! * **Facets** (`date`): what the expression fixes after resolution. A
//!   weekday name always sets `weekday`; a fully resolved day sets it too.
//! * **Clock** (`clock`): hour and minute as stated, `utc` when the text
//!   says GMT/UTC, and a tolerance: 5 minutes for "4.15am", 10 for "10 pm",
//!   15/30 when hedged ("around 4.15am" / "around 4am"), hours for parts of
//!   the day ("at dawn" 05:00±120, "early Sunday" / "early morning"
//!   04:00±180, "morning" 08:00±240, "afternoon" 15:00±180, "evening"
//!   19:00±120, "night" 23:00±180, "overnight" 02:00±240).
//! * **Local and UTC** ("around 4.15am (0115 GMT)"): two mentions, the local
//!   one (`utc = false`) and the UTC one (`utc = true`, value ending in `Z`,
//!   its date worked out from the local date and the implied offset).
//!   [`local_utc_pairs`] links them and gives the implied UTC offset, which a
//!   consumer can check against the place's time zone.
//! * **Other zones** ("3:20 a.m. Lithuanian", "5 p.m. EST"): the mention is
//!   kept, the zone word is inside its span and its value carries the time,
//!   but `clock` is `None`, so no consumer takes it for the event's local
//!   time. [`clock_zone`] tells a mention's zone from its text.
//! * **Frame** (`frame = true`): references that set background rather than
//!   the event's own date: the expression follows "since", "until", "till",
//!   "through(out)", "over" or "for"; durations and sets; vague periods
//!   ("in recent weeks", "the past", "the future").
use std::cell::Cell;

use consilience_core::{ClockTime, DateFacets, Span, TimeMention, TimexType};
use jiff::civil::Date;

#[cfg(test)]
mod tests;

// ------------------------------------------------------------------ tokens

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tk {
    Word,
    Num,
    Punct,
}

#[derive(Debug)]
struct Tok<'a> {
    raw: &'a str,
    low: String,
    kind: Tk,
    /// First character (code point) of the token.
    s: usize,
    /// One past its last character.
    e: usize,
    /// Whitespace between the previous token and this one.
    gap: bool,
    /// A line break between the previous token and this one.
    nl: bool,
}

fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::with_capacity(text.len() / 4);
    let mut ci = 0usize;
    let mut it = text.char_indices().peekable();
    let mut gap = true;
    let mut nl = true;
    while let Some((b, c)) = it.next() {
        if c.is_whitespace() {
            gap = true;
            nl |= c == '\n';
            ci += 1;
            continue;
        }
        let kind = if c.is_alphabetic() {
            Tk::Word
        } else if c.is_ascii_digit() {
            Tk::Num
        } else {
            Tk::Punct
        };
        let s = ci;
        let mut end_b = b + c.len_utf8();
        ci += 1;
        if kind != Tk::Punct {
            while let Some(&(b2, c2)) = it.peek() {
                let same = match kind {
                    Tk::Word => c2.is_alphabetic(),
                    _ => c2.is_ascii_digit(),
                };
                if !same {
                    break;
                }
                end_b = b2 + c2.len_utf8();
                ci += 1;
                it.next();
            }
        }
        let raw = &text[b..end_b];
        let low = match raw {
            "’" | "‘" | "`" => "'".to_string(),
            "–" | "—" => "-".to_string(),
            _ => raw.to_lowercase(),
        };
        toks.push(Tok { raw, low, kind, s, e: ci, gap, nl });
        gap = false;
        nl = false;
    }
    toks
}

struct P<'a> {
    t: &'a [Tok<'a>],
}

impl P<'_> {
    fn w(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.low.as_str())
    }
    fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }
    fn any(&self, i: usize, set: &[&str]) -> bool {
        let w = self.w(i);
        !w.is_empty() && set.contains(&w)
    }
    fn kind(&self, i: usize) -> Option<Tk> {
        self.t.get(i).map(|t| t.kind)
    }
    /// Token `i` touches the previous one (no whitespace between).
    fn adj(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.gap)
    }
    fn num(&self, i: usize) -> Option<u32> {
        let t = self.t.get(i)?;
        if t.kind != Tk::Num || t.raw.len() > 4 {
            return None;
        }
        t.raw.parse().ok()
    }
    fn ndigits(&self, i: usize) -> usize {
        self.t.get(i).filter(|t| t.kind == Tk::Num).map_or(0, |t| t.raw.len())
    }
    fn cap(&self, i: usize) -> bool {
        self.t.get(i).and_then(|t| t.raw.chars().next()).is_some_and(|c| c.is_uppercase())
    }
    /// A number token that is not part of a larger number ("2,500", "2.5").
    fn lone_num(&self, i: usize) -> Option<u32> {
        let n = self.num(i)?;
        if self.any(i + 1, &[",", "."]) && self.adj(i + 1) && self.kind(i + 2) == Some(Tk::Num) && self.adj(i + 2) {
            return None;
        }
        if i > 0 && self.any(i - 1, &[",", "."]) && self.adj(i) && self.kind(i.wrapping_sub(2)) == Some(Tk::Num) {
            return None;
        }
        Some(n)
    }
}

// ------------------------------------------------------------------ lexicons

fn month_of(w: &str) -> Option<u8> {
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_of(w: &str) -> Option<u8> {
    Some(match w {
        "monday" | "mon" => 1,
        "tuesday" | "tue" | "tues" => 2,
        "wednesday" | "wed" => 3,
        "thursday" | "thu" | "thur" | "thurs" => 4,
        "friday" | "fri" => 5,
        "saturday" | "sat" => 6,
        "sunday" | "sun" => 7,
        _ => return None,
    })
}

/// A spelled number as a duration or count ("three days", "a dozen years"):
/// the analyser's own number words, plus "hundred" and "dozen".
fn word_num(w: &str) -> Option<i64> {
    match w {
        "zero" => None,
        "hundred" => Some(100),
        "dozen" => Some(12),
        _ => crate::rules::small_number(w).map(|v| v as i64),
    }
}

fn ordinal_of(w: &str) -> Option<u8> {
    Some(match w {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum U {
    Sec,
    Min,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
    Weekend,
}

/// A unit word: (unit, plural).
fn unit_of(w: &str) -> Option<(U, bool)> {
    Some(match w {
        "second" => (U::Sec, false),
        "seconds" => (U::Sec, true),
        "minute" => (U::Min, false),
        "minutes" => (U::Min, true),
        "hour" => (U::Hour, false),
        "hours" => (U::Hour, true),
        "day" => (U::Day, false),
        "days" => (U::Day, true),
        "week" => (U::Week, false),
        "weeks" => (U::Week, true),
        "month" => (U::Month, false),
        "months" => (U::Month, true),
        "quarter" => (U::Quarter, false),
        "quarters" => (U::Quarter, true),
        "year" => (U::Year, false),
        "years" => (U::Year, true),
        "decade" => (U::Decade, false),
        "decades" => (U::Decade, true),
        "century" => (U::Century, false),
        "centuries" => (U::Century, true),
        "weekend" => (U::Weekend, false),
        "weekends" => (U::Weekend, true),
        _ => return None,
    })
}

fn dur_value(u: U, n: Option<i64>) -> String {
    let n = |k: i64| n.map_or("X".to_string(), |v| (v * k).to_string());
    match u {
        U::Sec => format!("PT{}S", n(1)),
        U::Min => format!("PT{}M", n(1)),
        U::Hour => format!("PT{}H", n(1)),
        U::Day => format!("P{}D", n(1)),
        U::Week => format!("P{}W", n(1)),
        U::Month => format!("P{}M", n(1)),
        U::Quarter => format!("P{}Q", n(1)),
        U::Year => format!("P{}Y", n(1)),
        U::Decade => format!("P{}Y", n(10)),
        U::Century => format!("P{}Y", n(100)),
        U::Weekend => format!("P{}WE", n(1)),
    }
}

/// A part of the day: TIMEX code and a clock estimate (hour, minute, tolerance).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Pod {
    code: &'static str,
    h: i8,
    m: i8,
    tol: i16,
}

const MORNING: Pod = Pod { code: "MO", h: 8, m: 0, tol: 240 };
const EARLY_MORNING: Pod = Pod { code: "MO", h: 4, m: 0, tol: 180 };
const DAWN: Pod = Pod { code: "MO", h: 5, m: 0, tol: 120 };
const AFTERNOON: Pod = Pod { code: "AF", h: 15, m: 0, tol: 180 };
const EVENING: Pod = Pod { code: "EV", h: 19, m: 0, tol: 120 };
const NIGHT: Pod = Pod { code: "NI", h: 23, m: 0, tol: 180 };
const OVERNIGHT: Pod = Pod { code: "NI", h: 2, m: 0, tol: 240 };
const LATE_DAY: Pod = Pod { code: "NI", h: 22, m: 0, tol: 120 };

fn pod_of(w: &str) -> Option<Pod> {
    Some(match w {
        "morning" => MORNING,
        "afternoon" => AFTERNOON,
        "evening" => EVENING,
        "night" => NIGHT,
        "dawn" | "daybreak" | "sunrise" => DAWN,
        "dusk" | "sunset" => Pod { code: "EV", h: 18, m: 0, tol: 90 },
        "midday" => Pod { code: "MI", h: 12, m: 0, tol: 60 },
        _ => return None,
    })
}

/// Nouns that say a four-digit number is a count, not a year.
const COUNT_NOUNS: &[&str] = &[
    "people",
    "persons",
    "troops",
    "soldiers",
    "men",
    "women",
    "children",
    "workers",
    "employees",
    "shares",
    "dollars",
    "barrels",
    "tons",
    "tonnes",
    "units",
    "jobs",
    "times",
    "rockets",
    "missiles",
    "attacks",
    "cases",
    "votes",
    "km",
    "kilometers",
    "kilometres",
    "miles",
    "feet",
    "meters",
    "metres",
    "points",
    "deaths",
    "dead",
    "members",
    "students",
    "residents",
    "refugees",
    "homes",
    "houses",
    "acres",
    "hectares",
    "cars",
    "vehicles",
    "companies",
    "pounds",
    "euros",
    "yen",
    "francs",
    "marks",
    "rubles",
    "yuan",
    "ounces",
    "kilograms",
    "kg",
    "civilians",
    "fighters",
    "militants",
    "police",
    "officers",
    "prisoners",
    "hostages",
    "victims",
    "patients",
    "rounds",
    "strikes",
    "flights",
    "passengers",
    "stores",
    "plants",
    "contracts",
    "customers",
    "to",
    "-",
];

const HEDGES: &[&str] = &["about", "around", "approximately", "roughly", "circa", "nearly", "almost", "some", "just"];

// ------------------------------------------------------------------ semantics

#[derive(Clone, Debug, PartialEq)]
enum Sem {
    /// A clock time or part of the day with no date of its own.
    Bare,
    /// Calendar parts as written; a missing year is resolved from the anchor.
    Cal { y: Option<i32>, m: Option<u8>, d: Option<u8>, wd: Option<u8> },
    /// A month with a year relative to the anchor's ("January this year").
    MonthRel { m: u8, yrel: i32 },
    /// A decade, by its first three digits (199 = the 1990s).
    Decade(i32),
    /// A century, by its first two digits (19 = the 20th century).
    Century(i32),
    /// A weekday: rel 0 bare, -1 last, 1 next, 2 this.
    Weekday { wd: u8, rel: i8 },
    /// A day relative to the anchor (yesterday = -1).
    DayRel(i64),
    /// A calendar unit relative to the anchor's (last week = Week, -1).
    Rel { u: U, n: i64 },
    /// A quarter of a year: explicit year, or year offset from the anchor's.
    Quarter { y: Option<i32>, q: u8, yrel: i32 },
    /// "the quarter", "the latest quarter": the one under discussion.
    QuarterThe { current: bool },
    /// "the year-ago quarter", "a year earlier": the year before the quarter or year under discussion.
    YearAgo { quarter_only: bool },
    /// A half of a year.
    Half { y: Option<i32>, h: u8 },
    /// A season (0 spring, 1 summer, 2 fall, 3 winter): rel 0 bare/this, -1 last, 1 next.
    Season { y: Option<i32>, s: u8, rel: i8 },
    /// A weekend: -1 last, 0 bare/this, 1 next.
    Weekend(i8),
    /// N units before the anchor ("two days ago"); None = unspecified number.
    Ago { u: U, n: Option<i64> },
    /// A reference: PRESENT_REF, PAST_REF, FUTURE_REF; frame or not.
    Ref(&'static str, bool),
    /// A duration value.
    Dur(String),
    /// A set value.
    Set(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Zone {
    Unstated,
    Local,
    Utc,
    Named,
}

#[derive(Clone, Debug, PartialEq)]
struct Clk {
    h: i8,
    m: i8,
    s: Option<i8>,
    tol: i16,
    zone: Zone,
}

#[derive(Clone, Debug)]
struct Hit {
    a: usize,
    b: usize,
    sem: Sem,
    pod: Option<Pod>,
    clock: Option<Clk>,
}

impl Hit {
    fn new(a: usize, b: usize, sem: Sem) -> Self {
        Hit { a, b, sem, pod: None, clock: None }
    }
    fn day_level(&self) -> bool {
        matches!(self.sem, Sem::Cal { d: Some(_), .. } | Sem::Weekday { .. } | Sem::DayRel(_))
    }
    fn time_only(&self) -> bool {
        self.sem == Sem::Bare
    }
}

// ------------------------------------------------------------------ grammar

/// Words that can start an expression (besides numbers and capitalised month/weekday names).
fn may_start(p: &P, i: usize) -> bool {
    let t = &p.t[i];
    match t.kind {
        Tk::Num => true,
        Tk::Punct => t.raw == "'" || t.raw == "’",
        Tk::Word => {
            let w = t.low.as_str();
            month_of(w).is_some()
                || weekday_of(w).is_some()
                || word_num(w).is_some()
                || unit_of(w).is_some()
                || pod_of(w).is_some()
                || ordinal_of(w).is_some()
                || HEDGES.contains(&w)
                || matches!(
                    w,
                    "the"
                        | "a"
                        | "an"
                        | "this"
                        | "that"
                        | "last"
                        | "next"
                        | "past"
                        | "previous"
                        | "coming"
                        | "following"
                        | "current"
                        | "early"
                        | "earlier"
                        | "late"
                        | "later"
                        | "mid"
                        | "middle"
                        | "end"
                        | "beginning"
                        | "start"
                        | "today"
                        | "tonight"
                        | "yesterday"
                        | "tomorrow"
                        | "now"
                        | "currently"
                        | "recently"
                        | "recent"
                        | "future"
                        | "soon"
                        | "previously"
                        | "nowadays"
                        | "these"
                        | "fiscal"
                        | "daily"
                        | "weekly"
                        | "monthly"
                        | "annually"
                        | "yearly"
                        | "hourly"
                        | "quarterly"
                        | "every"
                        | "each"
                        | "q"
                        | "noon"
                        | "midnight"
                        | "overnight"
                        | "year"
                        | "spring"
                        | "summer"
                        | "fall"
                        | "autumn"
                        | "winter"
                        | "christmas"
                        | "thanksgiving"
                        | "new"
                        | "several"
                        | "few"
                        | "more"
                        | "less"
                        | "at"
                        | "up"
                        | "over"
                        | "its"
                        | "fy"
                        | "couple"
                        | "many"
                        | "latest"
                        | "same"
                        | "comparable"
                        | "corresponding"
                        | "quarter"
                        | "weekend"
                        | "week"
                        | "full"
                )
        }
    }
}

fn parse_at(p: &P, i: usize) -> Option<Hit> {
    if !may_start(p, i) {
        return None;
    }
    let mut best: Option<Hit> = None;
    let mut take = |h: Option<Hit>| {
        if let Some(h) = h {
            if best.as_ref().is_none_or(|b| h.b > b.b) {
                best = Some(h);
            }
        }
    };
    take(modded(p, i));
    if p.is(i, "the") || p.is(i, "its") {
        if let Some(mut h) = modded(p, i + 1) {
            if !matches!(h.sem, Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Bare) {
                h.a = i;
                take(Some(h));
            }
        }
    }
    // hedges: "around 4am", "about two years", "at least 72 hours", "more than four decades ago"
    let hl = if p.any(i, HEDGES) {
        1
    } else if (p.is(i, "more") || p.is(i, "less")) && p.is(i + 1, "than")
        || (p.is(i, "at") && p.any(i + 1, &["least", "most"]))
        || (p.is(i, "up") && p.is(i + 1, "to"))
    {
        2
    } else {
        0
    };
    if hl > 0 {
        if let Some(mut h) =
            modded(p, i + hl).or_else(|| if p.is(i + hl, "the") { modded(p, i + hl + 1) } else { None })
        {
            let ok = match &h.sem {
                Sem::Dur(_) | Sem::Ago { .. } => true,
                Sem::Bare => h.clock.is_some(),
                _ => false,
            };
            if ok {
                if let Some(c) = h.clock.as_mut() {
                    if c.zone != Zone::Named && hl == 1 && p.w(i) != "just" {
                        c.tol = c.tol.max(if c.m % 30 == 0 { 30 } else { 15 });
                    }
                }
                h.a = i;
                take(Some(h));
            }
        }
    }
    best
}

/// A core expression, possibly with a leading early/late/mid/end-of modifier.
fn modded(p: &P, i: usize) -> Option<Hit> {
    let mut best = core(p, i);
    let better = |best: &Option<Hit>, h: &Hit| best.as_ref().is_none_or(|b| h.b > b.b);
    // modifier length
    let (ml, kind) = match p.w(i) {
        "early" | "late" | "earlier" | "later" => (1, p.w(i)),
        "mid" if p.is(i + 1, "-") && p.adj(i + 1) => (2, "mid"),
        "mid" => (1, "mid"),
        "end" | "beginning" | "start" | "middle" if p.is(i + 1, "of") => (2, "of"),
        "the" if p.any(i + 1, &["end", "beginning", "start", "middle"]) && p.is(i + 2, "of") => (3, "of"),
        "year" if p.any(i + 1, &["end", "-"]) && (p.is(i + 2, "end") || p.is(i + 1, "end")) => {
            let b = if p.is(i + 1, "end") { i + 2 } else { i + 3 };
            let h = Hit::new(i, b, Sem::Rel { u: U::Year, n: 0 });
            return Some(h);
        }
        _ => (0, ""),
    };
    if ml == 0 {
        return best;
    }
    let mut j = i + ml;
    // "early on Friday morning"
    if (kind == "early" || kind == "late")
        && p.is(j, "on")
        && p.kind(j + 1) == Some(Tk::Word)
        && weekday_of(p.w(j + 1)).is_some()
    {
        j += 1;
    }
    // "the end of the year", "the start of the month": the definite unit is
    // the current one (alone, "the year" is a duration).
    if kind == "of" && p.is(j, "the") {
        if let Some((u @ (U::Week | U::Month | U::Quarter | U::Year | U::Decade | U::Century), false)) =
            unit_of(p.w(j + 1))
        {
            let h = Hit::new(i, j + 2, Sem::Rel { u, n: 0 });
            if better(&best, &h) {
                best = Some(h);
            }
            return best;
        }
    }
    let inner = core(p, j).or_else(|| if p.is(j, "the") { core(p, j + 1) } else { None });
    if let Some(mut h) = inner {
        let ok = match &h.sem {
            Sem::Bare => h.pod.is_some(),
            Sem::Ref(..) | Sem::Dur(_) | Sem::Set(_) | Sem::Ago { .. } => false,
            _ => true,
        };
        if kind == "earlier" || kind == "later" {
            // "earlier this month", "later this year", "earlier Sunday"
            if !matches!(h.sem, Sem::Rel { .. } | Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Season { .. }) {
                return best;
            }
        }
        if ok {
            h.a = i;
            if kind == "early" {
                match (&h.sem, h.pod) {
                    (Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Cal { d: Some(_), .. }, None) => {
                        h.pod = Some(EARLY_MORNING)
                    }
                    (_, Some(pd)) if pd.code == "MO" => h.pod = Some(EARLY_MORNING),
                    _ => {}
                }
            } else if kind == "late" {
                if let (Sem::Weekday { .. } | Sem::DayRel(_) | Sem::Cal { d: Some(_), .. }, None) = (&h.sem, h.pod) {
                    h.pod = Some(LATE_DAY);
                }
            }
            if better(&best, &h) {
                best = Some(h);
            }
        }
    }
    // "early hours", "the early morning"
    if kind == "early" && p.is(i + 1, "hours") {
        let mut h = Hit::new(i, i + 2, Sem::Bare);
        h.pod = Some(EARLY_MORNING);
        if better(&best, &h) {
            best = Some(h);
        }
    }
    best
}

fn ampm(p: &P, j: usize) -> Option<(bool, usize)> {
    match p.w(j) {
        "am" | "a" | "p" | "pm" => {}
        _ => return None,
    }
    let w = p.w(j);
    if w == "am" || w == "pm" {
        return Some((w == "pm", j + 1));
    }
    if p.is(j + 1, ".") && p.adj(j + 1) && p.is(j + 2, "m") && p.adj(j + 2) {
        let end = if p.is(j + 3, ".") && p.adj(j + 3) { j + 4 } else { j + 3 };
        return Some((w == "p", end));
    }
    None
}

fn zone(p: &P, j: usize) -> Option<(Zone, usize)> {
    let w = p.w(j);
    let with_time = |k: usize| if p.is(k, "time") { k + 1 } else { k };
    match w {
        "gmt" | "utc" | "zulu" => return Some((Zone::Utc, with_time(j + 1))),
        "z" if p.adj(j) && p.t[j].raw == "Z" => return Some((Zone::Utc, j + 1)),
        "local" => return Some((Zone::Local, with_time(j + 1))),
        "est" | "edt" | "cst" | "cdt" | "mst" | "mdt" | "pst" | "pdt" | "bst" | "cet" | "cest" | "eet" | "eest"
        | "msk" | "jst" | "ist" | "et"
            if p.t[j].raw.chars().all(|c| c.is_uppercase()) =>
        {
            return Some((Zone::Named, j + 1));
        }
        _ => {}
    }
    // "(3:20 a.m. Lithuanian)", "Moscow time"
    if p.kind(j) == Some(Tk::Word)
        && p.cap(j)
        && month_of(w).is_none()
        && weekday_of(w).is_none()
        && (p.is(j + 1, "time") || p.is(j + 1, ")"))
    {
        return Some((Zone::Named, with_time(j + 1)));
    }
    None
}

fn clock_hit(p: &P, i: usize, h: u32, m: u32, s: Option<u32>, mut end: usize, precise: bool) -> Option<Hit> {
    if h > 24 || m > 59 {
        return None;
    }
    let mut z = Zone::Unstated;
    if let Some((zz, e)) = zone(p, end) {
        z = zz;
        end = e;
    }
    let tol = if precise && !m.is_multiple_of(5) || s.is_some() {
        1
    } else if m != 0 {
        5
    } else {
        10
    };
    let mut hit = Hit::new(i, end, Sem::Bare);
    hit.clock = Some(Clk { h: (h % 24) as i8, m: m as i8, s: s.map(|v| v as i8), tol, zone: z });
    Some(hit)
}

fn clock(p: &P, i: usize) -> Option<Hit> {
    let nd = p.ndigits(i);
    if nd == 0 {
        return match p.w(i) {
            "noon" if !(i > 0 && p.is(i - 1, "high")) => clock_hit(p, i, 12, 0, None, i + 1, false).map(|mut h| {
                h.clock.as_mut().unwrap().tol = 5;
                h
            }),
            "midnight" => clock_hit(p, i, 0, 0, None, i + 1, false).map(|mut h| {
                h.clock.as_mut().unwrap().tol = 5;
                h
            }),
            _ => None,
        };
    }
    if i > 0 && p.adj(i) && p.any(i - 1, &[".", ",", ":", "/", "-", "$"]) {
        return None;
    }
    let h = p.num(i)?;
    // H:MM[:SS] [am/pm]
    if nd <= 2 && p.is(i + 1, ":") && p.adj(i + 1) && p.ndigits(i + 2) == 2 && p.adj(i + 2) {
        let m = p.num(i + 2)?;
        let (s, mut end) = if p.is(i + 3, ":") && p.adj(i + 3) && p.ndigits(i + 4) == 2 && p.adj(i + 4) {
            (p.num(i + 4), i + 5)
        } else {
            (None, i + 3)
        };
        let mut hh = h;
        if let Some((pm, e)) = ampm(p, end) {
            if h == 0 || h > 12 {
                return None;
            }
            hh = if pm { h % 12 + 12 } else { h % 12 };
            end = e;
        }
        return clock_hit(p, i, hh, m, s, end, true);
    }
    // H.MM am/pm
    if nd <= 2 && p.is(i + 1, ".") && p.adj(i + 1) && p.ndigits(i + 2) == 2 && p.adj(i + 2) {
        let m = p.num(i + 2)?;
        let (pm, end) = ampm(p, i + 3)?;
        if h == 0 || h > 12 {
            return None;
        }
        return clock_hit(p, i, if pm { h % 12 + 12 } else { h % 12 }, m, None, end, true);
    }
    // H am/pm
    if nd <= 2 {
        if let Some((pm, end)) = ampm(p, i + 1) {
            if h == 0 || h > 12 {
                return None;
            }
            return clock_hit(p, i, if pm { h % 12 + 12 } else { h % 12 }, 0, None, end, false);
        }
        // "4 o'clock [20 minutes]"
        if p.is(i + 1, "o") && p.is(i + 2, "'") && p.is(i + 3, "clock") && h <= 12 {
            let (m, end) = if let (Some(m), true) = (p.lone_num(i + 4), p.any(i + 5, &["minutes", "min"])) {
                (m, i + 6)
            } else {
                (0, i + 4)
            };
            return clock_hit(p, i, h, m, None, end, false);
        }
        // "4 in the morning"
        if p.is(i + 1, "in") && p.is(i + 2, "the") && (1..=12).contains(&h) {
            let hh = match p.w(i + 3) {
                "morning" => h % 12,
                "afternoon" | "evening" => h % 12 + 12,
                "night" => {
                    if h >= 6 {
                        h % 12 + 12
                    } else {
                        h
                    }
                }
                _ => return None,
            };
            return clock_hit(p, i, hh, 0, None, i + 4, false);
        }
    }
    // military time with a zone: "0115 GMT", "1400 hrs"
    if nd == 4 || nd == 3 {
        let (hh, mm) = (h / 100, h % 100);
        if let Some((z, _)) = zone(p, i + 1) {
            if z == Zone::Utc || z == Zone::Local {
                return clock_hit(p, i, hh, mm, None, i + 1, true);
            }
        }
        if p.any(i + 1, &["hrs", "hours", "h"]) && p.adj(i + 1) || p.is(i + 1, "hrs") {
            return clock_hit(p, i, hh, mm, None, i + 2, true);
        }
    }
    None
}

fn year_ok(p: &P, i: usize, y: u32) -> bool {
    if !(1000..=2099).contains(&y) || p.ndigits(i) != 4 {
        return false;
    }
    if p.lone_num(i).is_none() {
        return false;
    }
    if i > 0 && p.any(i - 1, &["$", "£", "€", "#", "no", "number", "nos", "route", "flight", "room"]) {
        return false;
    }
    if p.is(i + 1, "%") || (p.is(i + 1, "-") && p.kind(i + 2) == Some(Tk::Word) && !p.cap(i + 2)) {
        return false;
    }
    if p.kind(i + 1) == Some(Tk::Word) && p.adj(i + 1) {
        return false;
    }
    if p.any(i + 1, COUNT_NOUNS) && p.kind(i + 1) == Some(Tk::Word) {
        return false;
    }
    if i > 0
        && p.any(
            i - 1,
            &[
                "about",
                "some",
                "nearly",
                "almost",
                "approximately",
                "around",
                "roughly",
                "than",
                "least",
                "total",
                "over",
                "only",
                "just",
            ],
        )
    {
        return false;
    }
    if y < 1900 {
        return i > 0
            && p.any(
                i - 1,
                &[
                    "in", "since", "of", "from", "until", "by", "before", "after", "year", "fiscal", "early", "late",
                    "mid", "-", "between", "and", "till", "during", "circa", "c",
                ],
            );
    }
    true
}

fn day_num(p: &P, j: usize) -> Option<(u8, usize)> {
    let d = p.lone_num(j)?;
    if p.ndigits(j) > 2 || !(1..=31).contains(&d) {
        return None;
    }
    let mut end = j + 1;
    if p.adj(end) && p.any(end, &["st", "nd", "rd", "th"]) {
        end += 1;
    }
    Some((d as u8, end))
}

/// ", 2020" or " 2020" after a day or month: (year, end).
fn year_after(p: &P, j: usize) -> Option<(i32, usize)> {
    let k = if p.is(j, ",") { j + 1 } else { j };
    let y = p.num(k)?;
    if p.ndigits(k) == 4 && (1000..=2099).contains(&y) && p.lone_num(k).is_some() {
        return Some((y as i32, k + 1));
    }
    None
}

fn month_at(p: &P, i: usize) -> Option<(u8, usize, bool)> {
    if p.kind(i) != Some(Tk::Word) || !p.cap(i) {
        return None;
    }
    let w = p.w(i);
    let m = month_of(w)?;
    let full = w.len() > 4 || w == "may" || w == "june" || w == "july";
    if !full || w == "sept" {
        // abbreviation: "Dec." or "Dec 8"
        if p.is(i + 1, ".") && p.adj(i + 1) {
            return Some((m, i + 2, false));
        }
        if p.kind(i + 1) == Some(Tk::Num) {
            return Some((m, i + 1, false));
        }
        return None;
    }
    Some((m, i + 1, true))
}

/// A year read out as broadcast transcripts write it: "nineteen
/// ninety-six", "nineteen eighty", "nineteen oh five".
fn spoken_year(p: &P, i: usize) -> Option<Hit> {
    let century = match p.w(i) {
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        _ => return None,
    };
    let word = |k: usize| crate::rules::small_number(p.w(k)).map(|v| v as i32);
    let (rest, end) = match (p.w(i + 1), word(i + 1)) {
        ("oh", _) => (word(i + 2).filter(|v| (1..=9).contains(v))?, i + 3),
        (_, Some(tens)) if tens % 10 == 0 && (20..=90).contains(&tens) => {
            match word(i + 3).filter(|v| (1..=9).contains(v)) {
                Some(unit) if p.is(i + 2, "-") && p.adj(i + 2) && p.adj(i + 3) => (tens + unit, i + 4),
                _ => (tens, i + 2),
            }
        }
        (_, Some(teen)) if (10..=19).contains(&teen) => (teen, i + 2),
        _ => return None,
    };
    // "twenty thirty-year-olds", "nineteen twenty-somethings": a count, not a year.
    if p.is(end, "-") && p.adj(end) {
        return None;
    }
    Some(Hit::new(i, end, Sem::Cal { y: Some(century * 100 + rest), m: None, d: None, wd: None }))
}

fn core(p: &P, i: usize) -> Option<Hit> {
    let mut best: Option<Hit> = None;
    let mut take = |h: Option<Hit>| {
        if let Some(h) = h {
            if best.as_ref().is_none_or(|b| h.b > b.b) {
                best = Some(h);
            }
        }
    };
    match p.kind(i)? {
        Tk::Num => {
            take(quarter(p, i));
            take(numeric_date(p, i));
            take(clock(p, i));
            take(duration(p, i));
        }
        Tk::Word => {
            take(spoken_year(p, i));
            take(word_date(p, i));
            take(relative(p, i));
            take(duration(p, i));
            take(clock(p, i));
        }
        Tk::Punct => {
            // '90s
            if p.is(i, "'") && p.ndigits(i + 1) == 2 && p.adj(i + 1) && p.is(i + 2, "s") && p.adj(i + 2) {
                let n = p.num(i + 1)? as i32;
                let dec = if n >= 20 { 190 + n / 10 } else { 200 + n / 10 };
                take(Some(Hit::new(i, i + 3, Sem::Decade(dec))));
            }
        }
    }
    best
}

fn numeric_date(p: &P, i: usize) -> Option<Hit> {
    let nd = p.ndigits(i);
    let n = p.num(i)?;
    if i > 0 && p.adj(i) && p.any(i - 1, &["/", "-", ".", ":", ",", "$"]) && p.kind(i.wrapping_sub(2)) == Some(Tk::Num)
    {
        return None;
    }
    // ISO date, optionally with a time
    if nd == 4
        && p.is(i + 1, "-")
        && p.adj(i + 1)
        && p.ndigits(i + 2) == 2
        && p.adj(i + 2)
        && p.is(i + 3, "-")
        && p.adj(i + 3)
        && p.ndigits(i + 4) == 2
        && p.adj(i + 4)
    {
        let (m, d) = (p.num(i + 2)?, p.num(i + 4)?);
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        let mut hit = Hit::new(i, i + 5, Sem::Cal { y: Some(n as i32), m: Some(m as u8), d: Some(d as u8), wd: None });
        // "2024-08-16 09:42:49", "2024-08-16T09:42"
        let mut j = i + 5;
        let t_sep = p.is(j, "t") && p.adj(j);
        if t_sep {
            j += 1;
        }
        if p.ndigits(j) == 2 && (t_sep && p.adj(j) || !t_sep && !p.t[j].nl) {
            if let Some(c) = clock(p, j) {
                if p.is(j + 1, ":") {
                    hit.b = c.b;
                    hit.clock = c.clock;
                }
            }
        }
        return Some(hit);
    }
    // m/d/yyyy (d/m when m > 12), d.m.yyyy
    if nd <= 2
        && p.any(i + 1, &["/", "."])
        && p.adj(i + 1)
        && p.ndigits(i + 2) <= 2
        && p.ndigits(i + 2) > 0
        && p.adj(i + 2)
    {
        let sep = p.w(i + 1).to_string();
        if p.is(i + 3, &sep) && p.adj(i + 3) && p.adj(i + 4) && matches!(p.ndigits(i + 4), 2 | 4) {
            let (a, b) = (n, p.num(i + 2)?);
            let mut y = p.num(i + 4)? as i32;
            if p.ndigits(i + 4) == 2 {
                y += if y < 50 { 2000 } else { 1900 };
            }
            let (m, d) = if sep == "." || a > 12 { (b, a) } else { (a, b) };
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return None;
            }
            if p.adj(i + 5) && p.kind(i + 5) == Some(Tk::Num) {
                return None;
            }
            return Some(Hit::new(i, i + 5, Sem::Cal { y: Some(y), m: Some(m as u8), d: Some(d as u8), wd: None }));
        }
    }
    // day month [year]: "8 December 2023", "8th of December"
    if let Some((d, mut j)) = day_num(p, i) {
        if p.is(j, "of") {
            j += 1;
        }
        if let Some((m, e, _)) = month_at(p, j) {
            let mut hit = Hit::new(i, e, Sem::Cal { y: None, m: Some(m), d: Some(d), wd: None });
            if let Some((y, e2)) = year_after(p, e) {
                hit.sem = Sem::Cal { y: Some(y), m: Some(m), d: Some(d), wd: None };
                hit.b = e2;
            }
            return Some(hit);
        }
    }
    // a year, a decade ("1990s")
    if year_ok(p, i, n) || (nd == 4 && p.is(i + 1, "s") && p.adj(i + 1) && (1000..=2099).contains(&n)) {
        if p.is(i + 1, "s") && p.adj(i + 1) {
            let n = n as i32;
            if n % 100 == 0 && i > 0 && p.is(i - 1, "the") && !p.any(i.wrapping_sub(2), &["in", "of", "since"]) {
                // "the 1900s" is a century more often than not; keep the decade anyway
            }
            return Some(Hit::new(i, i + 2, Sem::Decade(n / 10)));
        }
        if p.is(i + 1, "s") {
            return None;
        }
        return Some(Hit::new(i, i + 1, Sem::Cal { y: Some(n as i32), m: None, d: None, wd: None }));
    }
    // "20th century"
    if let Some((c, j)) = day_num(p, i) {
        if j > i + 1 && p.any(j, &["century"]) {
            return Some(Hit::new(i, j + 1, Sem::Century(c as i32 - 1)));
        }
    }
    None
}

fn season_of(w: &str) -> Option<u8> {
    Some(match w {
        "spring" => 0,
        "summer" => 1,
        "fall" | "autumn" => 2,
        "winter" => 3,
        _ => return None,
    })
}

fn word_date(p: &P, i: usize) -> Option<Hit> {
    let w = p.w(i);
    // Weekday [,] [Month day [, year]] | Weekday ['s] [morning]
    if let Some(wd) = weekday_of(w) {
        if !p.cap(i) {
            return None;
        }
        let mut j = i + 1;
        if w.len() <= 5 && w != "friday" && w != "monday" && w != "sunday" {
            // abbreviation needs a period
            if !(p.is(j, ".") && p.adj(j)) {
                return None;
            }
            j += 1;
        }
        let k = if p.is(j, ",") { j + 1 } else { j };
        if let Some(h) = word_date(p, k).or_else(|| numeric_date(p, k)) {
            if let Sem::Cal { y, m, d: Some(d), .. } = h.sem {
                let mut h2 = Hit::new(i, h.b, Sem::Cal { y, m, d: Some(d), wd: Some(wd) });
                h2.clock = h.clock;
                return Some(h2);
            }
        }
        let mut hit = Hit::new(i, j, Sem::Weekday { wd, rel: 0 });
        if let Some(pd) = pod_of(p.w(j)) {
            if pd.code != "MI" && !p.t[j].nl {
                hit.pod = Some(pd);
                hit.b = j + 1;
            }
        }
        return Some(hit);
    }
    // Month forms
    if let Some((m, j, full)) = month_at(p, i) {
        // Month day [, year]
        if let Some((d, e)) = day_num(p, j) {
            if !(p.is(e, ":") && p.adj(e)) {
                let mut hit = Hit::new(i, e, Sem::Cal { y: None, m: Some(m), d: Some(d), wd: None });
                if let Some((y, e2)) = year_after(p, e) {
                    hit.sem = Sem::Cal { y: Some(y), m: Some(m), d: Some(d), wd: None };
                    hit.b = e2;
                }
                return Some(hit);
            }
        }
        // Month [,] year
        if let Some((y, e)) = year_after(p, j) {
            return Some(Hit::new(i, e, Sem::Cal { y: Some(y), m: Some(m), d: None, wd: None }));
        }
        // Month this/last/next year
        if p.any(j, &["this", "last", "next"]) && p.is(j + 1, "year") {
            let yrel = match p.w(j) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some(Hit::new(i, j + 2, Sem::MonthRel { m, yrel }));
        }
        if !full {
            return None;
        }
        // bare month: "May" and "March" need a cue
        if m == 5 || m == 3 {
            let cue = i > 0
                && p.any(
                    i - 1,
                    &[
                        "in", "since", "until", "of", "by", "early", "late", "mid", "-", "last", "next", "this",
                        "through", "till", "during", "before", "after", "each", "every", "from", "to",
                    ],
                );
            if !cue {
                return None;
            }
        }
        return Some(Hit::new(i, j, Sem::Cal { y: None, m: Some(m), d: None, wd: None }));
    }
    // seasons: "summer", "the summer", "summer 1998", "the winter of 1994"
    if let Some(s) = season_of(w) {
        if let Some((y, e)) = year_after(p, i + 1) {
            return Some(Hit::new(i, e, Sem::Season { y: Some(y), s, rel: 0 }));
        }
        if p.is(i + 1, "of") {
            if let Some((y, e)) = year_after(p, i + 2) {
                return Some(Hit::new(i, e, Sem::Season { y: Some(y), s, rel: 0 }));
            }
        }
        if w == "fall" || w == "spring" {
            // verbs / nouns too often: need "the"/"this"/"last"/"next" before (handled in relative) or "in"
            if !(i > 0 && p.any(i - 1, &["the", "in", "this", "last", "next", "early", "late", "mid", "-"])) {
                return None;
            }
        }
        return Some(Hit::new(i, i + 1, Sem::Season { y: None, s, rel: 0 }));
    }
    // holidays
    let hol =
        |m: u8, d: u8, len: usize| Some(Hit::new(i, i + len, Sem::Cal { y: None, m: Some(m), d: Some(d), wd: None }));
    match w {
        "christmas" if p.cap(i) => {
            if p.is(i + 1, "eve") {
                return hol(12, 24, 2);
            }
            return hol(12, 25, if p.is(i + 1, "day") { 2 } else { 1 });
        }
        "new" if p.cap(i) && p.is(i + 1, "year") && p.is(i + 2, "'") && p.is(i + 3, "s") => {
            if p.is(i + 4, "eve") {
                return hol(12, 31, 5);
            }
            if p.is(i + 4, "day") {
                return hol(1, 1, 5);
            }
        }
        "thanksgiving" if p.cap(i) => {
            let mut h = Hit::new(
                i,
                if p.is(i + 1, "day") { i + 2 } else { i + 1 },
                Sem::Cal { y: None, m: Some(11), d: Some(0), wd: Some(4) },
            );
            h.sem = Sem::Cal { y: None, m: Some(11), d: Some(0), wd: Some(4) };
            return Some(h);
        }
        _ => {}
    }
    None
}

/// "last", "next", "this" … and their sign.
fn rel_word(w: &str) -> Option<i8> {
    Some(match w {
        "last" | "past" | "previous" => -1,
        "next" | "coming" | "following" => 1,
        "this" | "current" => 0,
        _ => return None,
    })
}

/// A number expression: (value or None for "several", end).
fn num_expr(p: &P, i: usize) -> Option<(Option<i64>, usize, bool)> {
    let w = p.w(i);
    if p.kind(i) == Some(Tk::Num) {
        let n = p.lone_num(i)?;
        if p.ndigits(i) > 3 {
            return None;
        }
        // "2 1/2"
        if p.ndigits(i + 1) == 1 && p.is(i + 2, "/") && p.adj(i + 2) && p.is(i + 3, "2") && p.adj(i + 3) {
            return Some((Some(n as i64), i + 4, false));
        }
        if i > 0 && p.adj(i) && p.any(i - 1, &["/", ":"]) {
            return None;
        }
        return Some((Some(n as i64), i + 1, n == 1));
    }
    match w {
        "a" | "an" => {
            if p.is(i + 1, "few") {
                return Some((None, i + 2, false));
            }
            if p.is(i + 1, "couple") {
                let e = if p.is(i + 2, "of") { i + 3 } else { i + 2 };
                return Some((Some(2), e, false));
            }
            return Some((Some(1), i + 1, true));
        }
        "several" | "few" | "many" => return Some((None, i + 1, false)),
        _ => {}
    }
    let n = word_num(w)?;
    if w == "hundred" || w == "dozen" {
        return None;
    }
    if n >= 20 && n % 10 == 0 {
        let (k, adj_h) = if p.is(i + 1, "-") && p.adj(i + 1) { (i + 2, true) } else { (i + 1, false) };
        if let Some(u) = word_num(p.w(k)).filter(|&u| u < 10) {
            let _ = adj_h;
            return Some((Some(n + u), k + 1, false));
        }
    }
    Some((Some(n), i + 1, n == 1))
}

fn duration(p: &P, i: usize) -> Option<Hit> {
    let w = p.w(i);
    // sets
    let set = |v: &str, len: usize| Some(Hit::new(i, i + len, Sem::Set(v.to_string())));
    match w {
        "daily" => return set("P1D", 1),
        "weekly" => return set("P1W", 1),
        "monthly" => return set("P1M", 1),
        "annually" | "yearly" => return set("P1Y", 1),
        "hourly" => return set("PT1H", 1),
        "every" | "each" => {
            if let Some((u, false)) = unit_of(p.w(i + 1)) {
                return set(&dur_value(u, Some(1)), 2);
            }
            if let Some(wd) = weekday_of(p.w(i + 1)).filter(|_| p.cap(i + 1)) {
                return set(&format!("P1W/XXXX-WXX-{wd}"), 2);
            }
            if let Some((m, e, true)) = month_at(p, i + 1) {
                return Some(Hit::new(i, e, Sem::Set(format!("XXXX-{m:02}"))));
            }
            return None;
        }
        _ => {}
    }
    // recent weeks, coming months, the past few weeks (vague)
    if w == "recent" || w == "coming" {
        if let Some((u, true)) = unit_of(p.w(i + 1)) {
            if w == "recent" && u == U::Year {
                return Some(Hit::new(i, i + 2, Sem::Ref("PAST_REF", true)));
            }
            if w == "coming" {
                return Some(Hit::new(i, i + 2, Sem::Ref("FUTURE_REF", true)));
            }
            return Some(Hit::new(i, i + 2, Sem::Dur(dur_value(u, None))));
        }
    }
    // "past/last/next/first/latest/coming [few|N] units"
    let mut j = i;
    let lead = p.any(i, &["past", "last", "next", "first", "latest", "coming", "final", "previous", "following"]);
    if lead {
        j += 1;
    }
    let (n, mut e, singular) = num_expr(p, j)?;
    if lead && p.any(i, &["last", "past", "next", "previous", "coming", "following"]) && singular && p.is(j, "a") {
        return None;
    }
    // "2 1/2" handled by num_expr; hyphenated adjectives: "two-year", "10-year", "day-long"
    let hyph = p.is(e, "-") && p.adj(e) && p.adj(e + 1);
    if hyph {
        e += 1;
    }
    // "more" in "two more weeks"
    if p.is(e, "more") && !hyph {
        e += 1;
    }
    let (u, plural) = unit_of(p.w(e))?;
    if hyph && plural {
        return None;
    }
    // ages: "6-year-old", "37 years old"
    if p.is(e + 1, "old") || p.is(e + 1, "-") && p.is(e + 2, "old") {
        return None;
    }
    // rates: "24 hours a day", "$1.76 a year", "358,000 a month"
    if p.is(j, "a")
        && j > 0
        && !p.any(e + 1, &["earlier", "ago", "later", "before", "after"])
        && (p.kind(j - 1) == Some(Tk::Num)
            || unit_of(p.w(j - 1)).is_some()
            || p.any(j - 1, &["million", "billion", "thousand", "seats", "flights"]))
    {
        return None;
    }
    if u == U::Weekend && n.is_some() && !plural && !singular {
        return None;
    }
    // "a years" is no duration ("two year" is tolerated)
    if !hyph && singular && plural && n.is_some() && p.kind(j) != Some(Tk::Num) {
        return None;
    }
    let mut end = e + 1;
    if hyph {
        // "8-month-old", "decades-long"
        if p.is(end, "-") && p.adj(end) && p.any(end + 1, &["old", "long"]) {
            end += 2;
        }
        return Some(Hit::new(i, end, Sem::Dur(dur_value(u, n))));
    }
    if p.is(end, "-") && p.adj(end) && p.is(end + 1, "long") {
        return Some(Hit::new(i, end + 2, Sem::Dur(dur_value(u, n))));
    }
    // "two days ago", "a week or so ago"
    let ago_at = if p.is(end, "ago") {
        Some(end + 1)
    } else if p.is(end, "or") && p.is(end + 1, "so") && p.is(end + 2, "ago") {
        Some(end + 3)
    } else {
        None
    };
    if let Some(ae) = ago_at {
        if lead {
            return None;
        }
        return Some(Hit::new(i, ae, Sem::Ago { u, n }));
    }
    // "a year earlier", "a year ago" handled above; "a day after/earlier/later" are offsets from another event
    if n == Some(1) && u == U::Year && p.any(end, &["earlier", "before"]) && !lead {
        return Some(Hit::new(i, end + 1, Sem::YearAgo { quarter_only: false }));
    }
    if p.any(end, &["earlier", "later", "after", "before"]) && !lead {
        // keep "after"/"before" outside the span only when a clause follows; include earlier/later
        let b = if p.any(end, &["earlier", "later"]) { end + 1 } else { end };
        return Some(Hit::new(i, b, Sem::Dur(dur_value(u, n))));
    }
    if lead && p.is(i, "first") && n.is_none() {
        return None;
    }
    // bare "a day", "a year" as rates ("twice a day") are sets
    if singular && p.is(j, "a") && !lead && i > 0 && p.any(i - 1, &["times", "twice", "once", "per"]) {
        return Some(Hit::new(i, end, Sem::Set(dur_value(u, Some(1)))));
    }
    if p.is(j, "a") && singular && u == U::Weekend {
        return None;
    }
    Some(Hit::new(i, end, Sem::Dur(dur_value(u, n))))
}

fn relative(p: &P, i: usize) -> Option<Hit> {
    let w = p.w(i);
    let hit = |len: usize, sem: Sem| Some(Hit::new(i, i + len, sem));
    // day words
    let day = match w {
        "today" => Some(0),
        "yesterday" => Some(-1),
        "tomorrow" => Some(1),
        "tonight" => Some(0),
        _ => None,
    };
    if let Some(d) = day {
        let mut h = Hit::new(i, i + 1, Sem::DayRel(d));
        if w == "tonight" {
            h.pod = Some(Pod { code: "NI", h: 21, m: 0, tol: 180 });
        } else if let Some(pd) = pod_of(p.w(i + 1)) {
            h.pod = Some(pd);
            h.b = i + 2;
        }
        return Some(h);
    }
    match w {
        "now" => {
            if p.is(i + 1, "-") || p.is(i + 1, "that") {
                return None;
            }
            return hit(1, Sem::Ref("PRESENT_REF", false));
        }
        "currently" | "nowadays" => return hit(1, Sem::Ref("PRESENT_REF", false)),
        "recently" => return hit(1, Sem::Ref("PAST_REF", false)),
        "soon" => {
            if p.is(i + 1, "after") || p.is(i + 1, "as") {
                return None;
            }
            return hit(1, Sem::Ref("FUTURE_REF", false));
        }
        "weekend" if i > 0 && p.is(i - 1, "the") => return hit(1, Sem::Weekend(0)),
        "week" if i > 0 && p.is(i - 1, "the") && !p.any(i + 1, &["-", "of"]) => {
            return hit(1, Sem::Rel { u: U::Week, n: 0 })
        }
        "full" if i > 0 && p.is(i - 1, "the") && p.is(i + 1, "year") => return hit(2, Sem::Rel { u: U::Year, n: 0 }),
        "these" if p.is(i + 1, "days") => return hit(2, Sem::Ref("PRESENT_REF", false)),
        "overnight" => {
            let mut h = Hit::new(i, i + 1, Sem::Bare);
            h.pod = Some(OVERNIGHT);
            return Some(h);
        }
        "dawn" | "daybreak" | "sunrise" | "dusk" | "sunset" => {
            let mut h = Hit::new(i, i + 1, Sem::Bare);
            h.pod = pod_of(w);
            return Some(h);
        }
        "morning" | "afternoon" | "evening" | "night" => {
            // only "in the morning", "the morning", "last night"; handled by callers via "the"
            if i > 0
                && p.any(i - 1, &["the"])
                && p.any(i.wrapping_sub(2), &["in", "during", "on", "by", "until", "early", "late"])
            {
                let mut h = Hit::new(i, i + 1, Sem::Bare);
                h.pod = pod_of(w);
                return Some(h);
            }
            return None;
        }
        "future"
            if i > 0
                && p.any(i - 1, &["the", "in", "near", "foreseeable"])
                && !(p.kind(i + 1) == Some(Tk::Word)
                    && !p.cap(i + 1)
                    && !p.any(i + 1, &["and", "or", "but", "as", "when", "if"])) =>
        {
            return hit(1, Sem::Ref("FUTURE_REF", true))
        }
        "past" if i > 0 && p.is(i - 1, "the") && num_expr(p, i + 1).is_none() && unit_of(p.w(i + 1)).is_none() => {
            return hit(1, Sem::Ref("PAST_REF", true));
        }
        "fiscal" | "fy" => {
            if let Some((y, e)) = year_after(p, i + 1) {
                return hit(e - i, Sem::Cal { y: Some(y), m: None, d: None, wd: None });
            }
            if p.ndigits(i + 1) == 2 && p.adj(i + 1) || p.ndigits(i + 1) == 2 && w == "fiscal" {
                let y = p.num(i + 1)? as i32;
                return hit(
                    2,
                    Sem::Cal { y: Some(if y < 50 { 2000 + y } else { 1900 + y }), m: None, d: None, wd: None },
                );
            }
            // fiscal first quarter
            if let Some(mut h) = quarter(p, i + 1) {
                h.a = i;
                return Some(h);
            }
            if p.is(i + 1, "year") {
                return hit(2, Sem::Dur("P1Y".into()));
            }
            return None;
        }
        "q" if p.cap(i) => {
            return quarter(p, i);
        }
        "year" => {
            // "year-earlier", "year-ago" (adjectives), "the year-ago quarter"
            if p.is(i + 1, "-") && p.adj(i + 1) && p.any(i + 2, &["earlier", "ago"]) {
                let mut e = i + 3;
                let mut qo = false;
                if p.any(e, &["quarter", "period"]) {
                    e += 1;
                    qo = true;
                } else if let Some(q) = ordinal_of(p.w(e)).filter(|_| p.is(e + 1, "quarter")) {
                    let _ = q;
                    e += 2;
                    qo = true;
                } else if p.any(e, &["nine", "six", "three"]) && p.is(e + 1, "months") {
                    return hit(e + 2 - i, Sem::Dur(format!("P{}M", word_num(p.w(e)).unwrap_or(0))));
                }
                return hit(e - i, Sem::YearAgo { quarter_only: qo });
            }
            if p.is(i + 1, "'") && p.is(i + 2, "s") && p.is(i + 3, "end") {
                return hit(4, Sem::Rel { u: U::Year, n: 0 });
            }
            // "year 2000" handled as "the year 2000"
            if let Some((y, e)) = year_after(p, i + 1) {
                return hit(e - i, Sem::Cal { y: Some(y), m: None, d: None, wd: None });
            }
            if i > 0 && p.is(i - 1, "the") && !p.any(i + 1, &["-", "'", "’"]) {
                return hit(1, Sem::Dur("P1Y".into()));
            }
            return None;
        }
        "quarter" => {
            if i > 0 && p.any(i - 1, &["the", "that"]) && !p.is(i + 1, "of") && !p.is(i + 1, "-") {
                return hit(1, Sem::QuarterThe { current: false });
            }
            return None;
        }
        "latest" | "same" | "comparable" | "corresponding" => {
            if p.any(i + 1, &["quarter", "period"]) && i > 0 && p.is(i - 1, "the") {
                return hit(2, Sem::QuarterThe { current: false });
            }
            if w == "latest" {
                if let Some(mut h) = quarter(p, i + 1) {
                    h.a = i;
                    return Some(h);
                }
            }
            return None;
        }
        _ => {}
    }
    // ordinal quarters / halves
    if let Some(h) = quarter(p, i) {
        return Some(h);
    }
    // last/next/this + unit/weekday/month/season/weekend
    if let Some(r) = rel_word(w) {
        let j = i + 1;
        let nw = p.w(j);
        if let Some(wd) = weekday_of(nw).filter(|_| p.cap(j)) {
            if r == -1 && w != "last" {
                return None;
            }
            let rel = if w == "this" { 2 } else { r };
            let mut h = Hit::new(i, j + 1, Sem::Weekday { wd, rel });
            if let Some(pd) = pod_of(p.w(j + 1)) {
                h.pod = Some(pd);
                h.b = j + 2;
            }
            return Some(h);
        }
        if let Some(pd) = pod_of(nw) {
            // this morning, last night, tomorrow evening
            let d = match (w, nw) {
                ("this", _) => 0,
                ("last", "night") => -1,
                ("last", _) => return None,
                ("next" | "following", _) => 1,
                _ => return None,
            };
            let mut h = Hit::new(i, j + 1, Sem::DayRel(d));
            h.pod = Some(pd);
            return Some(h);
        }
        if let Some((m, e, _)) = month_at(p, j) {
            if p.kind(e) == Some(Tk::Num) {
                return None;
            }
            return hit(e - i, Sem::MonthRel { m, yrel: if r == 0 { 0 } else { r as i32 } }).map(|mut h| {
                // "last November": the most recent November before the anchor
                if r == -1 {
                    h.sem = Sem::MonthRel { m, yrel: -100 };
                } else if r == 1 {
                    h.sem = Sem::MonthRel { m, yrel: 100 };
                }
                h
            });
        }
        if let Some(s) = season_of(nw) {
            return hit(2, Sem::Season { y: None, s, rel: r });
        }
        if p.is(j, "past") && w == "this" {
            if let Some(s) = season_of(p.w(j + 1)) {
                return hit(3, Sem::Season { y: None, s, rel: -1 });
            }
        }
        if let Some((u, false)) = unit_of(nw) {
            // "the past year": a year value as TimeBank has it
            let n = r as i64;
            return match u {
                U::Weekend => hit(2, Sem::Weekend(r)),
                U::Quarter if r == 0 => hit(2, Sem::QuarterThe { current: w == "current" }),
                U::Week | U::Month | U::Year | U::Quarter | U::Decade | U::Century => hit(2, Sem::Rel { u, n }),
                U::Day if w == "this" => hit(2, Sem::DayRel(0)),
                _ => None,
            };
        }
        if w == "last" && p.is(j, "time") {
            return None;
        }
        // "that time" etc. are not handled
        return None;
    }
    if w == "that" && p.is(i + 1, "quarter") {
        return hit(2, Sem::QuarterThe { current: false });
    }
    None
}

fn quarter(p: &P, i: usize) -> Option<Hit> {
    let w = p.w(i);
    let (q, mut e) = if w == "q" && p.cap(i) && p.ndigits(i + 1) == 1 && p.adj(i + 1) {
        (p.num(i + 1)? as u8, i + 2)
    } else if let Some(q) = ordinal_of(w) {
        let mut j = i + 1;
        if p.is(j, "-") && p.adj(j) {
            j += 1;
        }
        if p.is(j, "fiscal") {
            j += 1;
        }
        if p.is(j, "quarter") {
            (q, j + 1)
        } else if p.is(j, "half") && q <= 2 {
            let mut h = Hit::new(i, j + 1, Sem::Half { y: None, h: q });
            if p.is(j + 1, "of") {
                if let Some((y, e2)) = year_after(p, j + 2) {
                    h.sem = Sem::Half { y: Some(y), h: q };
                    h.b = e2;
                }
            }
            return Some(h);
        } else {
            return None;
        }
    } else if let Some(y) = p.num(i).filter(|_| p.ndigits(i) == 4 && (1900..=2099).contains(&p.num(i).unwrap_or(0))) {
        // "the 1988 third quarter", "the 1988 period"
        if let Some(mut h) = quarter(p, i + 1) {
            if let Sem::Quarter { q, .. } = h.sem {
                h.sem = Sem::Quarter { y: Some(y as i32), q, yrel: 0 };
                h.a = i;
                return Some(h);
            }
        }
        if p.any(i + 1, &["quarter", "period"]) {
            return Some(Hit::new(i, i + 2, Sem::Cal { y: Some(y as i32), m: None, d: None, wd: None }));
        }
        return None;
    } else if rel_word(w).is_some() || w == "year" {
        // "this year's third quarter", "last year's quarter", "next year's first quarter"
        let yrel = match w {
            "last" | "previous" => -1,
            "next" => 1,
            "this" | "current" => 0,
            _ => return None,
        };
        if !(p.is(i + 1, "year") && p.is(i + 2, "'") && p.is(i + 3, "s")) {
            return None;
        }
        if let Some(mut h) = quarter(p, i + 4) {
            if let Sem::Quarter { q, .. } = h.sem {
                h.sem = Sem::Quarter { y: None, q, yrel };
                h.a = i;
                return Some(h);
            }
        }
        if p.is(i + 4, "quarter") {
            return Some(Hit::new(i, i + 5, Sem::YearAgo { quarter_only: true }));
        }
        return None;
    } else {
        return None;
    };
    if !(1..=4).contains(&q) {
        return None;
    }
    let mut y = None;
    if p.is(e, "of") || p.is(e, ",") {
        if let Some((yy, e2)) = year_after(p, e + 1) {
            y = Some(yy);
            e = e2;
        }
    } else if let Some((yy, e2)) = year_after(p, e) {
        if w == "q" {
            y = Some(yy);
            e = e2;
        }
    }
    Some(Hit::new(i, e, Sem::Quarter { y, q, yrel: 0 }))
}

// ------------------------------------------------------------------ resolution

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_days(n).ok()?).ok()
}

fn add_months(d: Date, n: i64) -> Option<Date> {
    d.checked_add(jiff::Span::new().try_months(n).ok()?).ok()
}

fn ymd(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn week_value(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn wd_of(d: Date) -> u8 {
    d.weekday().to_monday_one_offset() as u8
}

fn facets_of(d: Date) -> DateFacets {
    DateFacets { year: Some(d.year()), month: Some(d.month()), day: Some(d.day()), weekday: Some(wd_of(d) as i8) }
}

/// Where the sentence around token `a` starts (a rough guess, bounded).
fn sentence_start(p: &P, a: usize) -> usize {
    let mut k = a;
    let lim = a.saturating_sub(16);
    while k > lim {
        let t = &p.t[k - 1];
        if t.raw == "!" || t.raw == "?" || t.raw == ";" {
            return k;
        }
        if t.raw == "." && k >= 2 && p.t[k - 2].raw.chars().count() > 3 && p.t[k - 2].kind == Tk::Word {
            return k;
        }
        if p.t[k].nl {
            return k;
        }
        k -= 1;
    }
    k
}

const PAST_IRREGULAR: &[&str] = &[
    "said", "told", "was", "were", "had", "did", "met", "held", "took", "began", "came", "went", "made", "gave",
    "left", "fell", "hit", "shot", "sent", "saw", "won", "lost", "ran", "spoke", "wrote", "struck", "fought", "got",
    "found", "led", "paid", "sold", "bought", "brought", "built", "kept", "thought", "rose", "broke", "chose", "drove",
    "flew", "grew", "knew", "threw", "heard", "felt", "fled", "stood", "won", "sank", "swore", "became", "caught",
    "taught", "meant", "ago", "last", "earlier",
];

const TO_FUTURE: &[&str] = &[
    "is",
    "are",
    "set",
    "due",
    "expected",
    "scheduled",
    "slated",
    "plans",
    "plan",
    "planning",
    "going",
    "intends",
    "hopes",
    "agreed",
    "likely",
    "poised",
    "ready",
];

/// Whether token `k` marks the future (1), the past (-1) or neither (0);
/// `dist` is how far it is from the expression.
fn tense_cue(p: &P, k: usize, months: bool, dist: usize) -> i8 {
    let w = p.w(k);
    match w {
        "will" | "shall" | "upcoming" | "scheduled" | "slated" | "planned" | "next" | "coming" | "effective" => {
            return 1
        }
        "would" if dist <= 5 || months => return 1,
        "ll" if k > 0 && p.is(k - 1, "'") => return 1,
        "as" if k > 0 && p.any(k - 1, &["soon", "early"]) && !p.is(k + 1, "soon") => return 1,
        "to" => {
            if k > 0 && p.any(k - 1, TO_FUTURE) {
                return 1;
            }
            let nx = p.w(k + 1);
            if months
                && p.kind(k + 1) == Some(Tk::Word)
                && !p.cap(k + 1)
                && !nx.ends_with("ed")
                && !nx.ends_with("ing")
                && !p.any(
                    k + 1,
                    &[
                        "the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "be", "date", "more",
                        "less", "about", "around", "nearly", "some", "work", "power", "court", "school", "office",
                    ],
                )
            {
                return 1;
            }
            return 0;
        }
        _ => {}
    }
    let past = PAST_IRREGULAR.contains(&w)
        || w.len() > 4 && w.ends_with("ed") && !w.starts_with("un") && p.kind(k) == Some(Tk::Word) && !p.cap(k);
    if past && !(k > 0 && p.any(k - 1, &["be", "been", "being", "to", "will", "would", "is", "are"])) {
        return -1;
    }
    0
}

/// The tense around tokens `a..b`: 1 future, -1 past, 0 unknown. The nearest
/// cue before it in the sentence decides; failing that, a modal right after it.
fn tense(p: &P, a: usize, b: usize, months: bool) -> i8 {
    let s = sentence_start(p, a);
    for k in (s..a).rev() {
        let c = tense_cue(p, k, months, a - k);
        if c != 0 {
            return c;
        }
    }
    for k in b..(b + 4).min(p.t.len()) {
        if matches!(p.w(k), "." | "!" | "?" | ";") {
            break;
        }
        if matches!(p.w(k), "will" | "shall") {
            return 1;
        }
    }
    0
}

fn future_tense(p: &P, a: usize) -> bool {
    tense(p, a, a + 1, false) > 0
}

struct Res {
    value: String,
    kind: TimexType,
    date: DateFacets,
    day: Option<Date>,
    frame: bool,
}

struct Ctx {
    anchor: Option<Date>,
    last_q: Cell<Option<(i32, u8)>>,
    last_year: Cell<Option<i32>>,
}

fn res(value: String, kind: TimexType) -> Res {
    Res { value, kind, date: DateFacets::default(), day: None, frame: false }
}

fn resolve_day(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(y as i16, m as i8, d as i8).ok()
}

fn nth_weekday(y: i32, m: u8, wd: u8, nth: i64) -> Option<Date> {
    let first = resolve_day(y, m, 1)?;
    let off = (wd as i64 - wd_of(first) as i64).rem_euclid(7);
    add_days(first, off + 7 * (nth - 1))
}

fn quarter_of(d: Date) -> (i32, u8) {
    (d.year() as i32, ((d.month() - 1) / 3 + 1) as u8)
}

fn resolve_sem(h: &Hit, p: &P, ctx: &Ctx) -> Res {
    let anchor = ctx.anchor;
    use TimexType::*;
    match &h.sem {
        Sem::Bare => res(String::new(), Time),
        Sem::Cal { y, m, d, wd } => {
            let mut f = DateFacets {
                year: y.map(|v| v as i16),
                month: m.map(|v| v as i8),
                day: d.map(|v| v as i8),
                weekday: wd.map(|v| v as i8),
            };
            // Thanksgiving: day 0 with a weekday = the 4th Thursday
            if *d == Some(0) {
                let yy = y.or(anchor.map(|a| {
                    let ay = a.year() as i32;
                    match nth_weekday(ay, 11, 4, 4) {
                        Some(t) if t > a && tense(p, h.a, h.b, false) <= 0 => ay - 1,
                        _ => ay,
                    }
                }));
                let Some(yy) = yy else {
                    return Res { value: "XXXX-11-XX".into(), kind: Date, date: f, day: None, frame: false };
                };
                let day = nth_weekday(yy, 11, 4, 4);
                return match day {
                    Some(dd) => Res { value: ymd(dd), kind: Date, date: facets_of(dd), day: Some(dd), frame: false },
                    None => res("XXXX-11-XX".into(), Date),
                };
            }
            let mut year = *y;
            if year.is_none() {
                if let (Some(a), Some(mm)) = (anchor, m) {
                    let ay = a.year() as i32;
                    let t = tense(p, h.a, h.b, true);
                    let mut cy = ay;
                    let cand_month = *mm as i32;
                    let am = a.month() as i32;
                    if let Some(dd) = d {
                        if let Some(c) = resolve_day(ay, *mm, *dd) {
                            let diff = c.since(a).ok().map_or(0, |s| s.get_days());
                            if diff > 62 && t <= 0 {
                                cy = ay - 1;
                            } else if t > 0 && diff < -62 {
                                cy = ay + 1;
                            }
                        }
                    } else if cand_month > am {
                        if t < 0 || t == 0 && cand_month > am + 2 {
                            cy = ay - 1;
                        }
                    } else if t > 0 && cand_month < am {
                        cy = ay + 1;
                    }
                    year = Some(cy);
                }
            }
            if let Some(yy) = year {
                ctx.last_year.set(Some(yy));
            }
            f.year = year.map(|v| v as i16);
            let value = match (year, m, d) {
                (Some(yy), Some(mm), Some(dd)) => {
                    if let Some(day) = resolve_day(yy, *mm, *dd) {
                        let mut fd = facets_of(day);
                        if wd.is_some() {
                            fd.weekday = wd.map(|v| v as i8);
                        }
                        return Res { value: ymd(day), kind: Date, date: fd, day: Some(day), frame: false };
                    }
                    format!("{yy:04}-{mm:02}-{dd:02}")
                }
                (Some(yy), Some(mm), None) => format!("{yy:04}-{mm:02}"),
                (Some(yy), None, _) => format!("{yy:04}"),
                (None, Some(mm), Some(dd)) => format!("XXXX-{mm:02}-{dd:02}"),
                (None, Some(mm), None) => format!("XXXX-{mm:02}"),
                _ => "XXXX".into(),
            };
            Res { value, kind: Date, date: f, day: None, frame: false }
        }
        Sem::MonthRel { m, yrel } => {
            let Some(a) = anchor else {
                return Res {
                    value: format!("XXXX-{m:02}"),
                    kind: Date,
                    date: DateFacets { month: Some(*m as i8), ..Default::default() },
                    day: None,
                    frame: false,
                };
            };
            let ay = a.year() as i32;
            let y = match *yrel {
                -100 => {
                    if (*m as i8) < a.month() {
                        ay
                    } else {
                        ay - 1
                    }
                }
                100 => {
                    if (*m as i8) > a.month() {
                        ay
                    } else {
                        ay + 1
                    }
                }
                r => ay + r,
            };
            Res {
                value: format!("{y:04}-{m:02}"),
                kind: Date,
                date: DateFacets { year: Some(y as i16), month: Some(*m as i8), ..Default::default() },
                day: None,
                frame: false,
            }
        }
        Sem::Decade(d) => res(format!("{d}"), Date),
        Sem::Century(c) => res(format!("{c:02}"), Date),
        Sem::Weekday { wd, rel } => {
            let f = DateFacets { weekday: Some(*wd as i8), ..Default::default() };
            let Some(a) = anchor else {
                return Res { value: format!("XXXX-WXX-{wd}"), kind: Date, date: f, day: None, frame: false };
            };
            let aw = wd_of(a) as i64;
            let back = (aw - *wd as i64).rem_euclid(7);
            let fwd = (*wd as i64 - aw).rem_euclid(7);
            let off = match rel {
                -1 => {
                    if back == 0 {
                        -7
                    } else {
                        -back
                    }
                }
                1 => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                2 => *wd as i64 - aw,
                _ => {
                    if future_tense(p, h.a) {
                        if fwd == 0 {
                            7
                        } else {
                            fwd
                        }
                    } else {
                        -back
                    }
                }
            };
            match add_days(a, off) {
                Some(d) => Res { value: ymd(d), kind: Date, date: facets_of(d), day: Some(d), frame: false },
                None => Res { value: format!("XXXX-WXX-{wd}"), kind: Date, date: f, day: None, frame: false },
            }
        }
        Sem::DayRel(n) => match anchor.and_then(|a| add_days(a, *n)) {
            Some(d) => Res { value: ymd(d), kind: Date, date: facets_of(d), day: Some(d), frame: false },
            None => res("XXXX-XX-XX".into(), Date),
        },
        Sem::Rel { u, n } => {
            let Some(a) = anchor else {
                let v = match u {
                    U::Week => "XXXX-WXX",
                    U::Month => "XXXX-XX",
                    U::Quarter => "XXXX-QX",
                    _ => "XXXX",
                };
                return res(v.into(), Date);
            };
            let ay = a.year() as i32;
            match u {
                U::Week => match add_days(a, 7 * n) {
                    Some(d) => res(week_value(d), Date),
                    None => res("XXXX-WXX".into(), Date),
                },
                U::Month => match add_months(a, *n) {
                    Some(d) => Res {
                        value: format!("{:04}-{:02}", d.year(), d.month()),
                        kind: Date,
                        date: DateFacets { year: Some(d.year()), month: Some(d.month()), ..Default::default() },
                        day: None,
                        frame: false,
                    },
                    None => res("XXXX-XX".into(), Date),
                },
                U::Quarter => {
                    let (y, q) = quarter_of(a);
                    let idx = y * 4 + q as i32 - 1 + *n as i32;
                    let (y2, q2) = (idx.div_euclid(4), (idx.rem_euclid(4) + 1) as u8);
                    ctx.last_q.set(Some((y2, q2)));
                    res(format!("{y2:04}-Q{q2}"), Date)
                }
                U::Decade => res(format!("{}", ay / 10 + *n as i32), Date),
                U::Century => res(format!("{}", ay / 100 + *n as i32), Date),
                _ => {
                    let y = ay + *n as i32;
                    ctx.last_year.set(Some(y));
                    Res {
                        value: format!("{y:04}"),
                        kind: Date,
                        date: DateFacets { year: Some(y as i16), ..Default::default() },
                        day: None,
                        frame: false,
                    }
                }
            }
        }
        Sem::Quarter { y, q, yrel } => {
            let yy = y.or_else(|| anchor.map(|a| a.year() as i32 + yrel));
            match yy {
                Some(yy) => {
                    ctx.last_q.set(Some((yy, *q)));
                    Res {
                        value: format!("{yy:04}-Q{q}"),
                        kind: Date,
                        date: DateFacets { year: Some(yy as i16), ..Default::default() },
                        day: None,
                        frame: false,
                    }
                }
                None => res(format!("XXXX-Q{q}"), Date),
            }
        }
        Sem::QuarterThe { current } => {
            let v = if *current {
                anchor.map(quarter_of)
            } else {
                ctx.last_q.get().or_else(|| {
                    anchor.map(|a| {
                        let (y, q) = quarter_of(a);
                        if q == 1 {
                            (y - 1, 4)
                        } else {
                            (y, q - 1)
                        }
                    })
                })
            };
            match v {
                Some((y, q)) => res(format!("{y:04}-Q{q}"), Date),
                None => res("XXXX-QX".into(), Date),
            }
        }
        Sem::YearAgo { quarter_only } => {
            if let Some((y, q)) = ctx.last_q.get() {
                return res(format!("{:04}-Q{q}", y - 1), Date);
            }
            let _ = quarter_only;
            match anchor {
                Some(a) => res(format!("{:04}", a.year() - 1), Date),
                None => res("XXXX".into(), Date),
            }
        }
        Sem::Half { y, h: half } => {
            let yy = y.or_else(|| anchor.map(|a| a.year() as i32));
            match yy {
                Some(yy) => res(format!("{yy:04}-H{half}"), Date),
                None => res(format!("XXXX-H{half}"), Date),
            }
        }
        Sem::Season { y, s, rel } => {
            let code = ["SP", "SU", "FA", "WI"][*s as usize];
            let yy = y.or_else(|| {
                anchor.map(|a| {
                    let ay = a.year() as i32;
                    let start = [3, 6, 9, 12][*s as usize];
                    match rel {
                        -1 => {
                            if start + 3 <= a.month() as i32 {
                                ay
                            } else {
                                ay - 1
                            }
                        }
                        1 => {
                            if start > a.month() as i32 {
                                ay
                            } else {
                                ay + 1
                            }
                        }
                        _ => ay,
                    }
                })
            });
            match yy {
                Some(yy) => res(format!("{yy:04}-{code}"), Date),
                None => res(format!("XXXX-{code}"), Date),
            }
        }
        Sem::Weekend(r) => {
            let Some(a) = anchor else {
                return res("XXXX-WXX-WE".into(), Date);
            };
            let aw = wd_of(a) as i64;
            let sat = match r {
                1 => add_days(a, (6 - aw).rem_euclid(7).max(1)),
                0 if future_tense(p, h.a) => add_days(a, (6 - aw).rem_euclid(7)),
                _ => add_days(a, -((aw - 6).rem_euclid(7))),
            };
            match sat {
                Some(d) => res(format!("{}-WE", week_value(d)), Date),
                None => res("XXXX-WXX-WE".into(), Date),
            }
        }
        Sem::Ago { u, n } => {
            let (Some(a), Some(n)) = (anchor, n) else {
                return res("PAST_REF".into(), Date);
            };
            match u {
                U::Day => add_days(a, -n).map_or_else(
                    || res("XXXX-XX-XX".into(), Date),
                    |d| Res { value: ymd(d), kind: Date, date: facets_of(d), day: Some(d), frame: false },
                ),
                U::Week => {
                    add_days(a, -7 * n).map_or_else(|| res("XXXX-WXX".into(), Date), |d| res(week_value(d), Date))
                }
                U::Month => add_months(a, -n).map_or_else(
                    || res("XXXX-XX".into(), Date),
                    |d| res(format!("{:04}-{:02}", d.year(), d.month()), Date),
                ),
                U::Year if *n == 1 && ctx.last_q.get().is_some() => {
                    let (y, q) = ctx.last_q.get().unwrap_or((0, 1));
                    res(format!("{:04}-Q{q}", y - 1), Date)
                }
                U::Year => res(format!("{:04}", a.year() as i64 - n), Date),
                U::Decade => res(format!("{:04}", a.year() as i64 - 10 * n), Date),
                U::Quarter => {
                    let (y, q) = quarter_of(a);
                    let idx = y as i64 * 4 + q as i64 - 1 - n;
                    res(format!("{:04}-Q{}", idx.div_euclid(4), idx.rem_euclid(4) + 1), Date)
                }
                U::Hour | U::Min | U::Sec => res(format!("{}T", ymd(a)).trim_end_matches('T').to_string(), Date),
                _ => res("PAST_REF".into(), Date),
            }
        }
        Sem::Ref(v, fr) => Res { value: v.to_string(), kind: Date, date: DateFacets::default(), day: None, frame: *fr },
        Sem::Dur(v) => Res { value: v.clone(), kind: Duration, date: DateFacets::default(), day: None, frame: true },
        Sem::Set(v) => Res { value: v.clone(), kind: Set, date: DateFacets::default(), day: None, frame: true },
    }
}

fn clock_str(c: &Clk) -> String {
    match c.s {
        Some(s) => format!("T{:02}:{:02}:{:02}", c.h, c.m, s),
        None => format!("T{:02}:{:02}", c.h, c.m),
    }
}

/// Finds the time expressions in `text`, resolving relative ones against `anchor`
/// (the report's publish date), when given.
pub fn find_times(text: &str, anchor: Option<Date>) -> Vec<TimeMention> {
    let toks = tokenize(text);
    let p = P { t: &toks };
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some(h) = parse_at(&p, i) {
            i = h.b.max(i + 1);
            hits.push(h);
        } else {
            i += 1;
        }
    }
    // merge "10 p.m. Wednesday", "noon Thursday" (time directly before a day)
    let mut merged: Vec<Hit> = Vec::with_capacity(hits.len());
    let mut k = 0;
    while k < hits.len() {
        let h = &hits[k];
        if h.time_only() && h.clock.is_some() && k + 1 < hits.len() {
            let n = &hits[k + 1];
            let between = n.a - h.b;
            if n.day_level() && n.clock.is_none() && (between == 0 || between == 1 && p.is(h.b, ",")) {
                let mut m = n.clone();
                m.a = h.a;
                m.clock = h.clock.clone();
                m.pod = None;
                merged.push(m);
                k += 2;
                continue;
            }
        }
        merged.push(h.clone());
        k += 1;
    }
    let hits = merged;
    // links: time-only hit and a day-level hit next to it ("4am on Friday", "Friday at 4am")
    let mut link: Vec<Option<usize>> = vec![None; hits.len()];
    for k in 0..hits.len() {
        if !hits[k].time_only() {
            continue;
        }
        if k + 1 < hits.len() && hits[k + 1].day_level() {
            let gap: Vec<&str> = (hits[k].b..hits[k + 1].a).map(|x| p.w(x)).collect();
            if gap.iter().all(|w| matches!(*w, "on" | "," | "of")) && gap.len() <= 2 {
                link[k] = Some(k + 1);
                continue;
            }
        }
        if k > 0 && hits[k - 1].day_level() {
            let gap: Vec<&str> = (hits[k - 1].b..hits[k].a).map(|x| p.w(x)).collect();
            if gap
                .iter()
                .all(|w| matches!(*w, "at" | "," | "in" | "the" | "around" | "about" | "shortly" | "after" | "before"))
                && gap.len() <= 3
            {
                link[k] = Some(k - 1);
            }
        }
    }
    let ctx = Ctx { anchor, last_q: Cell::new(None), last_year: Cell::new(None) };
    let mut out: Vec<TimeMention> = Vec::with_capacity(hits.len());
    // The day each mention's value is on (stated, linked or borrowed).
    let mut out_days: Vec<Option<Date>> = Vec::with_capacity(hits.len());
    let mut days: Vec<Option<Date>> = vec![None; hits.len()];
    let mut resolved: Vec<Option<Res>> = (0..hits.len()).map(|_| None).collect();
    // day-level first so links can use them
    for (k, h) in hits.iter().enumerate() {
        if !h.time_only() {
            let r = resolve_sem(h, &p, &ctx);
            days[k] = r.day;
            resolved[k] = Some(r);
        }
    }
    let mut last_day: Option<Date> = None;
    for (k, h) in hits.iter().enumerate() {
        let mut r = match resolved[k].take() {
            Some(r) => r,
            None => {
                let day = link[k].and_then(|l| days[l]).or(anchor).or(last_day);
                let mut r = res(String::new(), TimexType::Time);
                if let Some(d) = day {
                    r.date = facets_of(d);
                    r.day = Some(d);
                }
                if link[k].is_some() && day.is_none() {
                    // keep the weekday of a linked, unresolved weekday
                    if let Sem::Weekday { wd, .. } = hits[link[k].unwrap()].sem {
                        r.date.weekday = Some(wd as i8);
                    }
                }
                r
            }
        };
        if r.day.is_some() {
            last_day = r.day;
        }
        let date_part = |r: &Res| -> String {
            match r.day {
                Some(d) => ymd(d),
                None if r.value.is_empty() => {
                    if let Some(wd) = r.date.weekday {
                        format!("XXXX-WXX-{wd}")
                    } else {
                        "XXXX-XX-XX".to_string()
                    }
                }
                None => r.value.clone(),
            }
        };
        let mut clock = None;
        if let Some(c) = &h.clock {
            r.value = format!("{}{}", date_part(&r), clock_str(c));
            if c.zone == Zone::Utc {
                r.value.push('Z');
            }
            r.kind = TimexType::Time;
            if c.zone != Zone::Named {
                clock = Some(ClockTime { hour: c.h, minute: c.m, utc: c.zone == Zone::Utc, tolerance_minutes: c.tol });
            }
        } else if let Some(pd) = h.pod {
            r.value = format!("{}T{}", date_part(&r), pd.code);
            r.kind = TimexType::Time;
            clock = Some(ClockTime { hour: pd.h, minute: pd.m, utc: false, tolerance_minutes: pd.tol });
        }
        // frame: since/until/over/for …
        if h.a > 0 {
            let pw = p.w(h.a - 1);
            if matches!(pw, "since" | "until" | "till" | "through" | "throughout" | "over" | "for" | "til")
                || (pw == "in" && p.is(h.a, "recent"))
            {
                r.frame = true;
            }
        }
        let s = toks[h.a].s;
        let e = toks[h.b - 1].e;
        out_days.push(r.day);
        out.push(TimeMention {
            span: Span::new(s, e),
            text: String::new(),
            value: r.value,
            kind: r.kind,
            // A clock time alone states no day: its value borrows one (from
            // a linked day, the anchor or the text before, TimeBank style),
            // but its calendar facets stay empty.
            date: if h.time_only() { DateFacets::default() } else { r.date },
            clock,
            frame: r.frame,
        });
    }
    // UTC twin in parentheses: "4.15am (0115 GMT)": date the UTC one from the local one
    for k in 0..out.len().saturating_sub(1) {
        let (l, u) = (&out[k], &out[k + 1]);
        let (Some(lc), Some(uc)) = (l.clock, u.clock) else {
            continue;
        };
        if lc.utc || !uc.utc || u.span.start > l.span.end + 3 {
            continue;
        }
        if let Some(ld) = out_days[k] {
            let off = offset_minutes(lc, uc);
            let lmin = lc.hour as i64 * 60 + lc.minute as i64;
            let umin = lmin - off as i64;
            if let Some(ud) = add_days(ld, umin.div_euclid(1440)) {
                let u = &mut out[k + 1];
                u.value = format!("{}T{:02}:{:02}Z", ymd(ud), uc.hour, uc.minute);
            }
        }
    }
    // texts from spans (code points)
    if !out.is_empty() {
        let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
        for m in &mut out {
            m.text = text[starts[m.span.start]..starts[m.span.end]].to_string();
        }
    }
    out
}

/// Minutes local is ahead of UTC, in (-720, 720].
fn offset_minutes(local: ClockTime, utc: ClockTime) -> i32 {
    let l = local.hour as i32 * 60 + local.minute as i32;
    let u = utc.hour as i32 * 60 + utc.minute as i32;
    let mut d = (l - u).rem_euclid(1440);
    if d > 720 {
        d -= 1440;
    }
    d
}

/// A local clock time and the same moment stated in UTC beside it
/// ("around 4.15am (0115 GMT)").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockPair {
    /// Index of the local-time mention.
    pub local: usize,
    /// Index of the UTC mention.
    pub utc: usize,
    /// The UTC offset the pair implies, in minutes (local − UTC; Baghdad: +180).
    pub offset_minutes: i32,
}

/// Links local clock times to the UTC times stated right after them
/// (within three characters, as in "4.15am (0115 GMT)"), in the output of [`find_times`].
pub fn local_utc_pairs(mentions: &[TimeMention]) -> Vec<ClockPair> {
    let mut out = Vec::new();
    for k in 0..mentions.len().saturating_sub(1) {
        let (l, u) = (&mentions[k], &mentions[k + 1]);
        if let (Some(lc), Some(uc)) = (l.clock, u.clock) {
            if !lc.utc && uc.utc && u.span.start <= l.span.end + 3 {
                out.push(ClockPair { local: k, utc: k + 1, offset_minutes: offset_minutes(lc, uc) });
            }
        }
    }
    out
}

/// The time zone a clock-time mention states, read from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockZone {
    /// No zone stated ("4.15am"): local to the event by news convention.
    Unstated,
    /// Explicitly local ("4 o'clock 20 minutes local").
    Local,
    /// UTC/GMT ("0115 GMT").
    Utc,
    /// Another named zone ("3:20 a.m. Lithuanian", "5 p.m. EST"): such mentions have
    /// `clock = None`, since the zone need not be the event's.
    Named(String),
}

/// The zone a mention's text states (see [`ClockZone`]).
pub fn clock_zone(m: &TimeMention) -> ClockZone {
    let toks = tokenize(&m.text);
    let p = P { t: &toks };
    for j in 0..toks.len() {
        if j > 0 && toks[j - 1].kind == Tk::Punct && toks[j - 1].raw == "(" {
            continue;
        }
        if let Some((z, _)) = zone(&p, j) {
            if j == 0 {
                continue;
            }
            return match z {
                Zone::Utc => ClockZone::Utc,
                Zone::Local => ClockZone::Local,
                Zone::Named => ClockZone::Named(toks[j].raw.to_string()),
                Zone::Unstated => ClockZone::Unstated,
            };
        }
        // a zone name at the very end ("3:20 a.m. Lithuanian")
        if j + 1 == toks.len()
            && j > 0
            && toks[j].kind == Tk::Word
            && p.cap(j)
            && month_of(p.w(j)).is_none()
            && weekday_of(p.w(j)).is_none()
            && m.clock.is_none()
        {
            return ClockZone::Named(toks[j].raw.to_string());
        }
    }
    ClockZone::Unstated
}
