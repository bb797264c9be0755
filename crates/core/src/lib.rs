//! The words of Consilience, as types shared by every stage.
//!
//! Data flows `RawReport` (ingest) → [`Body`] (extract) → [`Analysis`] (analyse)
//! → family and incident assignment (copies, incidents) → fused fields (fuse)
//! → the store. Each stage depends on this crate only, never on a stage
//! upstream or downstream of it.
//!
//! Offsets ([`Span`]) always count Unicode scalar values (code points) from
//! the start of the text they refer to, as the public contract demands.
#![warn(missing_docs)]

use serde::{Deserialize, Serialize};

pub mod calendar;
pub mod random;
pub mod text;

pub use random::XorShift;

/// A half-open range of character (code point) offsets into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First character of the range.
    pub start: usize,
    /// One past the last character of the range.
    pub end: usize,
}

impl DateFacets {
    /// Whether no part is known.
    pub fn is_empty(&self) -> bool {
        self.year.is_none() && self.month.is_none() && self.day.is_none() && self.weekday.is_none()
    }
    /// Whether two partial dates can be the same day (no known part differs).
    pub fn compatible(&self, other: &DateFacets) -> bool {
        fn ok<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            a.is_none() || b.is_none() || a == b
        }
        ok(self.year, other.year)
            && ok(self.month, other.month)
            && ok(self.day, other.day)
            && ok(self.weekday, other.weekday)
    }
    /// Whether the two share at least one known part (and so confirm each other).
    pub fn overlaps(&self, other: &DateFacets) -> bool {
        (self.year.is_some() && self.year == other.year)
            || (self.month.is_some() && self.month == other.month)
            || (self.day.is_some() && self.day == other.day)
            || (self.weekday.is_some() && self.weekday == other.weekday)
    }
    /// Fills the unknown parts of `self` from `other`.
    pub fn merge(&mut self, other: &DateFacets) {
        self.year = self.year.or(other.year);
        self.month = self.month.or(other.month);
        self.day = self.day.or(other.day);
        self.weekday = self.weekday.or(other.weekday);
    }
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// What kind of document a raw report holds, as far as the source knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    /// Plain text: title on the first line perhaps, boilerplate perhaps.
    Text,
    /// An HTML page.
    Html,
}

/// Metadata a source already knows before extraction (JSONL fields, WARC
/// headers). Extraction prefers what it finds in the document and falls back
/// on these.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceMeta {
    /// The URL the report was fetched from.
    pub url: Option<String>,
    /// A title given by the source.
    pub title: Option<String>,
    /// A publish date or datetime given by the source (ISO 8601).
    pub published: Option<String>,
    /// A language code given by the source.
    pub lang: Option<String>,
    /// The outlet given by the source.
    pub outlet: Option<String>,
    /// The charset named by a transport header (WARC's HTTP `Content-Type`).
    pub charset: Option<String>,
}

/// One news item as it arrived, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct RawReport {
    /// Where it came from: a path, `PATH#ID` for a JSONL line, `PATH#RECORD-ID` for WARC.
    pub source: String,
    /// Text or HTML.
    pub kind: ContentKind,
    /// The document's bytes, undecoded.
    pub bytes: Vec<u8>,
    /// What the source said about it.
    pub meta: SourceMeta,
}

/// The story extracted from a report: text without boilerplate, and metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// Headline without site or section suffix, if the report has one.
    pub title: Option<String>,
    /// The story text: paragraphs separated by a blank line.
    pub body: String,
    /// Publish date (`YYYY-MM-DD`) or datetime (`YYYY-MM-DDTHH:MM[:SS][±HH:MM]`).
    pub published: Option<String>,
    /// Last-modified date or datetime, when the page gives one.
    pub modified: Option<String>,
    /// The dateline as written ("BAGHDAD, Dec 8 (Reuters)"), if there is one.
    pub dateline: Option<String>,
    /// Outlet or site name.
    pub outlet: Option<String>,
    /// Author or byline.
    pub author: Option<String>,
    /// Canonical URL, or the URL the report came from.
    pub url: Option<String>,
    /// ISO 639-1 language code.
    pub lang: Option<String>,
}

/// A calendar date as far as a text pins it down; every part may be unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateFacets {
    /// Year, if known.
    pub year: Option<i16>,
    /// Month 1–12, if known.
    pub month: Option<i8>,
    /// Day of month 1–31, if known.
    pub day: Option<i8>,
    /// ISO weekday 1 (Monday) – 7 (Sunday), if known.
    pub weekday: Option<i8>,
}

/// A clock time as stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockTime {
    /// Hour 0–23.
    pub hour: i8,
    /// Minute 0–59.
    pub minute: i8,
    /// True when the text states the time in UTC/GMT.
    pub utc: bool,
    /// Half-width of the uncertainty in minutes ("around 4am" is wider than "04:15").
    pub tolerance_minutes: i16,
}

/// TIMEX3 type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date, week, month, year or weekday.
    Date,
    /// A time of day (possibly with a date).
    Time,
    /// A length of time ("three days").
    Duration,
    /// A recurrence ("every Friday").
    Set,
}

/// A time expression found in a text, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeMention {
    /// Where it is.
    pub span: Span,
    /// The words as written.
    pub text: String,
    /// TIMEX3 value: `2023-12-08`, `XXXX-12-08`, `XXXX-WXX-5`, `2023-12-08T04:15`, `P3D`, `PRESENT_REF`.
    pub value: String,
    /// TIMEX3 type.
    pub kind: TimexType,
    /// The calendar parts the expression fixes (after resolution against the anchor).
    pub date: DateFacets,
    /// The clock time it states, if any.
    pub clock: Option<ClockTime>,
    /// True for "since …", "until …", periods and other non-point references:
    /// they frame background, not the event.
    pub frame: bool,
}

/// A number found in a text, in digits or words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberMention {
    /// Where it is (the number words, with qualifiers like "at least").
    pub span: Span,
    /// The words as written.
    pub text: String,
    /// Its value ("dozens" → 24, "2.5 thousand" → 2500).
    pub value: f64,
    /// True when the text hedges it ("about", "at least", "dozens").
    pub approx: bool,
    /// The noun it counts, lowercased and singular, if one follows ("rocket", "troop").
    pub unit: Option<String>,
    /// Whether it is an ordinal ("the 19th attack").
    pub ordinal: bool,
}

/// A place found in a text and resolved in the gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceMention {
    /// Where it is.
    pub span: Span,
    /// The words as written.
    pub text: String,
    /// The gazetteer's name for it.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Country name.
    pub country: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country_code: Option<String>,
    /// First-level administrative area.
    pub admin1: Option<String>,
    /// GeoNames id.
    pub geonameid: Option<u64>,
    /// IANA time zone.
    pub timezone: Option<String>,
    /// Feature kind: `city`, `admin1`, `admin2`, `country`, `continent`, `region`, `site`, or `demonym`.
    pub feature: String,
}

/// One value for one field, found in one sentence of one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// Field name (`weapon`, `rocket_count`, `killed`, `claimed_by`, …).
    pub field: String,
    /// The value as written ("three Katyusha rockets").
    pub value: String,
    /// A normalised form: a number, a boolean, a canonical word.
    pub normalized: serde_json::Value,
    /// Span of the value in the text.
    pub span: Span,
    /// Index of the sentence it came from.
    pub sentence: usize,
    /// Who the text says said it; `None` means the outlet itself.
    pub speaker: Option<String>,
    /// True for context figures that are not facts of the reported incident.
    pub background: bool,
    /// True when the sentence is about another event than the report's own
    /// (another day, another country, a framing period). Such claims never
    /// enter the incident's fields, but they are still facts of *an* event
    /// (benchmarks of every attack in a text, like MUC-4, count them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other_event: bool,
    /// The calendar parts of the sentence's own (non-framing) time
    /// expression, if it has one: fusion drops claims whose sentence is
    /// dated to another day than the incident ("On Wednesday, a drone…").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<DateFacets>,
}

/// Everything the analysis stage finds in one plain text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Sentence spans.
    pub sentences: Vec<Span>,
    /// Time expressions.
    pub times: Vec<TimeMention>,
    /// Numbers.
    pub numbers: Vec<NumberMention>,
    /// Places, and demonyms ("Iraqi", feature "demonym") resolved to the place they name.
    pub places: Vec<PlaceMention>,
    /// Field claims.
    pub claims: Vec<Claim>,
    /// The report's main event as the analysis sees it.
    pub event: EventSummary,
}

/// The report's own event, as opposed to events it mentions in passing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    /// Event type, ACLED-style where one applies (`Explosions/Remote violence`).
    pub event_type: Option<String>,
    /// Sub-event type (`Shelling/artillery/missile attack`).
    pub sub_event_type: Option<String>,
    /// What the calendar parts of the event are, as far as this text tells.
    pub date: DateFacets,
    /// Local clock time of the event, if stated.
    pub time_local: Option<ClockTime>,
    /// Clock time in UTC, if it can be worked out.
    pub time_utc: Option<ClockTime>,
    /// Index into `places` of the event's place.
    pub place: Option<usize>,
}

/// Crate-wide error for bad input, shared by stages that read it.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The input could not be read or decoded; the message says why.
    #[error("{source_name}: {reason}")]
    Invalid {
        /// The input's name (path, `PATH#ID`).
        source_name: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The English name of an ISO weekday (1 = Monday … 7 = Sunday; out of
/// range values are clamped).
pub fn weekday_name(iso: i8) -> &'static str {
    const NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    NAMES[(iso.clamp(1, 7) - 1) as usize]
}

/// A stable content hash (xxh3-128, hex) used as a report id.
pub fn content_id(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}
