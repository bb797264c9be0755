//! Bounded in-memory caches of what placement reads most: the decoded
//! features and fingerprints of recent reports, and document frequencies.
//! The store stays the truth; a cache only saves reading and decoding it,
//! so memory stays bounded whatever the corpus size.

use consilience_copies::Fingerprint;
use consilience_incidents::Features;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// A map holding at most `capacity` entries, evicting the least recently
/// used generation: entries live in a young map; when it is full it becomes
/// the old one (the previous old one is dropped), and a hit in the old map
/// moves the entry back to the young one.
pub(crate) struct Bounded<K, V> {
    young: Map<K, V>,
    old: Map<K, V>,
    half: usize,
}

/// A fast hasher (seeded per process) pays off on the thousands of
/// look-ups per report.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

impl<K: Eq + Hash + Clone, V> Bounded<K, V> {
    pub(crate) fn new(capacity: usize) -> Self {
        Bounded { young: Map::default(), old: Map::default(), half: (capacity / 2).max(1) }
    }

    /// A copy of the entry for `key`, refreshed as recently used: one
    /// look-up when it is young (the common case).
    pub(crate) fn get(&mut self, key: &K) -> Option<V>
    where
        V: Clone,
    {
        if let Some(v) = self.young.get(key) {
            return Some(v.clone());
        }
        let v = self.old.remove(key)?;
        self.insert(key.clone(), v.clone());
        Some(v)
    }

    /// The entry for `key`, refreshed as recently used.
    pub(crate) fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        if !self.young.contains_key(key) {
            let v = self.old.remove(key)?;
            self.insert(key.clone(), v);
        }
        self.young.get_mut(key)
    }

    pub(crate) fn insert(&mut self, key: K, value: V) {
        if self.young.len() >= self.half && !self.young.contains_key(&key) {
            self.old = std::mem::take(&mut self.young);
        }
        self.young.insert(key, value);
    }

    pub(crate) fn clear(&mut self) {
        self.young.clear();
        self.old.clear();
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }
}

/// A report's clustering data, shared between the cache and a neighbourhood.
pub(crate) type NodeData = Arc<Clustering>;

/// What clustering reads of a stored report, decoded once.
pub(crate) struct Clustering {
    pub(crate) features: Features,
    pub(crate) fingerprint: Fingerprint,
    /// `features.terms()`: every term, sorted, once.
    pub(crate) terms: Vec<u32>,
}

impl Clustering {
    pub(crate) fn new(features: Features, fingerprint: Fingerprint) -> NodeData {
        let terms = features.terms();
        Arc::new(Clustering { features, fingerprint, terms })
    }
}

/// Reports whose decoded clustering data is kept: the active window of a
/// busy stream (a week at 3,000 reports a day; a few KiB each).
const NODES: usize = 20_000;
/// Terms whose document frequency is kept (a few dozen bytes each).
const TERMS: usize = 400_000;

/// The engine's caches. Every document-frequency update goes through
/// [`Caches::count_terms`], so a cached frequency always equals the stored
/// one; after a failed transaction [`Caches::clear`] drops everything.
pub(crate) struct Caches {
    pub(crate) nodes: Bounded<String, NodeData>,
    pub(crate) df: Bounded<u32, u64>,
    /// Index keys found too common to retrieve candidates by.
    pub(crate) common_keys: Bounded<i64, ()>,
    /// Document counts of the open transaction not yet written to the
    /// store (each term's new documents); `df` already counts them.
    pub(crate) unwritten_df: Map<u32, u64>,
}

impl Caches {
    pub(crate) fn new() -> Self {
        Caches {
            nodes: Bounded::new(NODES),
            df: Bounded::new(TERMS),
            common_keys: Bounded::new(TERMS),
            unwritten_df: Map::default(),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.nodes.clear();
        self.df.clear();
        self.common_keys.clear();
        self.unwritten_df.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_keeps_recent_entries_and_its_size() {
        let mut b: Bounded<u32, u32> = Bounded::new(4);
        for i in 0..10 {
            b.insert(i, i * 10);
            // A steadily used entry survives generations.
            assert_eq!(b.get_mut(&0).copied(), Some(0));
            assert!(b.len() <= 4, "{} entries", b.len());
        }
        assert_eq!(b.get_mut(&9).copied(), Some(90));
        assert_eq!(b.get(&9), Some(90));
        assert_eq!(b.get_mut(&2), None, "old entries are evicted");
        *b.get_mut(&9).unwrap() += 1;
        assert_eq!(b.get_mut(&9).copied(), Some(91));
    }
}
