//! Helpers for moving between byte offsets (what Rust's `str` uses) and
//! character offsets (what the public contract uses).

/// Maps byte offsets of one text to character offsets, in O(log n) a lookup.
pub struct CharIndex {
    /// Byte offset of every character boundary, plus the text length.
    boundaries: Vec<usize>,
}

impl CharIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        let mut boundaries: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        boundaries.push(text.len());
        CharIndex { boundaries }
    }

    /// Character offset of byte offset `byte` (rounded down to a boundary).
    pub fn char_at(&self, byte: usize) -> usize {
        match self.boundaries.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of character offset `ch` (clamped to the text's end).
    pub fn byte_at(&self, ch: usize) -> usize {
        self.boundaries[ch.min(self.boundaries.len() - 1)]
    }

    /// Converts a byte range to a character [`crate::Span`].
    pub fn span(&self, start_byte: usize, end_byte: usize) -> crate::Span {
        crate::Span::new(self.char_at(start_byte), self.char_at(end_byte))
    }

    /// The text of a character span.
    pub fn slice<'a>(&self, text: &'a str, span: crate::Span) -> &'a str {
        &text[self.byte_at(span.start)..self.byte_at(span.end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_multibyte_text() {
        let text = "Bağdat “three” rockets";
        let idx = CharIndex::new(text);
        let b = text.find("three").unwrap();
        let s = idx.span(b, b + 5);
        assert_eq!(idx.slice(text, s), "three");
        assert_eq!(s.start, text[..b].chars().count());
    }
}
