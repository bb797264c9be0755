//! Query-string parsing with answers a person can act on (400 with a reason).
use crate::Failure;
use consilience_store::IncidentFilter;

/// The incident list's query: filters and the page.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    /// The filters.
    pub filter: IncidentFilter,
    /// Page number, from 1.
    pub page: i64,
    /// Incidents per page.
    pub per_page: i64,
}

impl ListQuery {
    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    /// The query string of these filters (for links to other pages), without `page`.
    pub fn filter_query(&self) -> Vec<(&'static str, String)> {
        let f = &self.filter;
        let mut out = Vec::new();
        if let Some(v) = &f.from {
            out.push(("from", v.clone()));
        }
        if let Some(v) = &f.to {
            out.push(("to", v.clone()));
        }
        if let Some(v) = &f.country {
            out.push(("country", v.clone()));
        }
        if let Some(v) = &f.event_type {
            out.push(("type", v.clone()));
        }
        if let Some(v) = f.min_families {
            out.push(("min_families", v.to_string()));
        }
        if let Some(v) = f.disputed {
            out.push(("disputed", v.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            out.push(("per_page", self.per_page.to_string()));
        }
        out
    }
}

/// Incidents per page unless asked.
pub const DEFAULT_PER_PAGE: i64 = 50;
/// The most incidents one page may hold.
pub const MAX_PER_PAGE: i64 = 500;

fn bad(msg: String) -> Failure {
    Failure::BadRequest(msg)
}

fn date(name: &str, v: &str) -> Result<String, Failure> {
    let b = v.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&v[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&v[8..10].parse::<u32>().unwrap_or(0));
    if ok {
        Ok(v.to_string())
    } else {
        Err(bad(format!("{name} must be a date YYYY-MM-DD, got {v:?}")))
    }
}

/// Parses `from, to, country, type, min_families, disputed, page, per_page`.
/// Empty values (a form's blank fields) mean "any". `strict` (the API)
/// refuses parameters it does not know, so a typo is not a silent no-filter.
pub fn parse_list_query(pairs: &[(String, String)], strict: bool) -> Result<ListQuery, Failure> {
    let mut q = ListQuery { filter: IncidentFilter::default(), page: 1, per_page: DEFAULT_PER_PAGE };
    for (k, v) in pairs {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match k.as_str() {
            "from" => q.filter.from = Some(date("from", v)?),
            "to" => q.filter.to = Some(date("to", v)?),
            "country" => q.filter.country = Some(v.to_string()),
            "type" => q.filter.event_type = Some(v.to_string()),
            "min_families" => {
                q.filter.min_families = Some(
                    v.parse::<i64>()
                        .ok()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| bad(format!("min_families must be a whole number ≥ 0, got {v:?}")))?,
                )
            }
            "disputed" => {
                q.filter.disputed = Some(match v.to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" | "on" => true,
                    "false" | "0" | "no" | "off" => false,
                    "any" => continue,
                    _ => return Err(bad(format!("disputed must be true or false, got {v:?}"))),
                })
            }
            "page" => {
                q.page = v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=1_000_000).contains(n))
                    .ok_or_else(|| bad(format!("page must be a whole number from 1, got {v:?}")))?
            }
            "per_page" => {
                q.per_page = v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=MAX_PER_PAGE).contains(n))
                    .ok_or_else(|| bad(format!("per_page must be 1 to {MAX_PER_PAGE}, got {v:?}")))?
            }
            other if strict => {
                return Err(bad(format!(
                    "unknown parameter {other:?} (from, to, country, type, min_families, disputed, page, per_page)"
                )))
            }
            _ => {}
        }
    }
    if let (Some(f), Some(t)) = (&q.filter.from, &q.filter.to) {
        if f > t {
            return Err(bad(format!("from ({f}) is after to ({t})")));
        }
    }
    Ok(q)
}

/// What a report page highlights: an evidence sentence and the value in it
/// (character offsets into the body).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Selection {
    /// The sentence.
    pub sentence: Option<(usize, usize)>,
    /// The value inside it.
    pub value: Option<(usize, usize)>,
}

/// Parses `s, e` (sentence) and `vs, ve` (value) of a report page.
pub fn parse_selection(pairs: &[(String, String)]) -> Result<Selection, Failure> {
    let get = |name: &str| -> Result<Option<usize>, Failure> {
        match pairs.iter().find(|(k, _)| k == name) {
            None => Ok(None),
            Some((_, v)) if v.is_empty() => Ok(None),
            Some((_, v)) => {
                v.parse::<usize>().map(Some).map_err(|_| bad(format!("{name} must be a character offset, got {v:?}")))
            }
        }
    };
    let span = |a: Option<usize>, b: Option<usize>| match (a, b) {
        (Some(a), Some(b)) if a < b => Some((a, b)),
        _ => None,
    };
    let (s, e, vs, ve) = (get("s")?, get("e")?, get("vs")?, get("ve")?);
    Ok(Selection { sentence: span(s, e), value: span(vs, ve) })
}
