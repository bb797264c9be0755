//! Places: find place names and resolve them in an offline gazetteer.
use consilience_core::PlaceMention;

/// An offline gazetteer.
pub struct Gazetteer {}

impl Gazetteer {
    /// A gazetteer with no entries.
    pub fn empty() -> Self {
        Gazetteer {}
    }
}

/// Finds and resolves the places in `text`.
pub fn find_places(_text: &str, _gazetteer: &Gazetteer) -> Vec<PlaceMention> {
    Vec::new()
}
