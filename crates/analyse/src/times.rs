//! Time expressions: find and normalise them (TIMEX3 values).
use consilience_core::TimeMention;

/// Finds the time expressions in `text`, resolving relative ones against `anchor`
/// (the report's publish date), when given.
pub fn find_times(_text: &str, _anchor: Option<jiff::civil::Date>) -> Vec<TimeMention> {
    Vec::new()
}
