//! A word tokenizer that keeps byte offsets, shared by the analysers.

/// One token: a run of letters/digits (with inner `.,'-` when between
/// word characters, so "2,500", "U.S.", "al-Sudani" stay whole), or one
/// punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
}

impl Token<'_> {
    /// Whether the token is a word or number (not punctuation).
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_alphanumeric())
    }
    /// Whether the token starts with a capital letter.
    pub fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_uppercase())
    }
    /// The token lowercased.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (b, c) = bytes[i];
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < bytes.len() {
                let cj = bytes[j].1;
                if cj.is_alphanumeric() {
                    j += 1;
                } else if matches!(cj, '.' | ',' | '\'' | '’' | '-' | '‑')
                    && j + 1 < bytes.len()
                    && bytes[j + 1].1.is_alphanumeric()
                    && joins(cj, bytes[j - 1].1, bytes[j + 1].1)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            // "U.S." keeps its final stop when letters and stops alternate.
            let mut end_b = if j < bytes.len() { bytes[j].0 } else { text.len() };
            if j < bytes.len() && bytes[j].1 == '.' && is_dotted_abbrev(&text[b..end_b]) {
                end_b += 1;
                j += 1;
            }
            out.push(Token { text: &text[b..end_b], start: b, end: end_b });
            i = j;
        } else {
            if !c.is_whitespace() {
                let e = b + c.len_utf8();
                out.push(Token { text: &text[b..e], start: b, end: e });
            }
            i += 1;
        }
    }
    out
}

/// Whether punctuation `p` between `before` and `after` joins one token.
fn joins(p: char, before: char, after: char) -> bool {
    match p {
        // Digit groups and decimals: "2,500", "2.5"; dotted abbreviations "U.S".
        ',' => before.is_ascii_digit() && after.is_ascii_digit(),
        '.' => (before.is_ascii_digit() && after.is_ascii_digit()) || (before.is_uppercase() && after.is_uppercase()),
        _ => true,
    }
}

fn is_dotted_abbrev(s: &str) -> bool {
    s.contains('.') && s.split('.').all(|p| p.chars().count() == 1 && p.chars().all(|c| c.is_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_numbers_and_abbreviations_whole() {
        let t: Vec<&str> = tokenize("About 2,500 U.S. troops, al-Sudani's 2.5 end.").iter().map(|t| t.text).collect();
        assert_eq!(t, vec!["About", "2,500", "U.S.", "troops", ",", "al-Sudani's", "2.5", "end", "."]);
    }
}
