//! PETRARCH discard lists: phrases that mark a sentence (or, with `+`, a whole story) as not codable.
//!
//! Sports results and historical chronologies are full of "attacks" and
//! "defeats" that are not political events. A phrase matches when it occurs in
//! the upper-cased text after a blank; a trailing `_` requires a word boundary.

use serde::{Deserialize, Serialize};

use crate::DictionaryError;

/// One discard phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discard {
    /// Upper case, with the leading blank PETRARCH matches on.
    pub phrase: String,
    /// Must be followed by a non-letter.
    pub boundary: bool,
    /// `+PHRASE`: the whole story is skipped.
    pub story: bool,
    pub line: u32,
}

/// A discard list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discards {
    pub file: String,
    pub entries: Vec<Discard>,
}

/// What a discard check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscardHit {
    Sentence,
    Story,
}

impl Discards {
    /// Parses a discard file; lines are `PHRASE`, `+PHRASE`, `#` comments and `;` legacy comments.
    pub fn parse(name: &str, text: &str) -> Result<Self, DictionaryError> {
        let mut entries = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").split(';').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with("<!") {
                continue;
            }
            let (story, body) = match line.strip_prefix('+') {
                Some(b) => (true, b.trim()),
                None => (false, line),
            };
            if body.is_empty() {
                return Err(DictionaryError(format!("{name}:{}: empty discard phrase", i + 1)));
            }
            let boundary = body.ends_with('_');
            let words: Vec<String> = body.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).map(|w| w.to_uppercase()).collect();
            entries.push(Discard { phrase: format!(" {}", words.join(" ")), boundary, story, line: i as u32 + 1 });
        }
        Ok(Discards { file: name.to_string(), entries })
    }

    /// Reads a discard file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|e| DictionaryError(format!("{}: {e}", path.display())))?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Discards::parse(&name, &text)
    }

    /// Checks a sentence (words joined by blanks); a story-level hit wins.
    pub fn check(&self, words: &[&str]) -> Option<(DiscardHit, &Discard)> {
        if self.entries.is_empty() {
            return None;
        }
        let mut text = String::with_capacity(words.len() * 8);
        for w in words {
            text.push(' ');
            text.push_str(&w.to_uppercase());
        }
        text.push(' ');
        let mut found: Option<(DiscardHit, &Discard)> = None;
        for d in &self.entries {
            let mut from = 0;
            while let Some(p) = text[from..].find(&d.phrase) {
                let end = from + p + d.phrase.len();
                let next = text[end..].chars().next();
                // Every phrase ends on a word boundary in tokenized text; `_` only documents it.
                if next.is_none_or(|c| !c.is_alphanumeric()) {
                    let kind = if d.story { DiscardHit::Story } else { DiscardHit::Sentence };
                    if kind == DiscardHit::Story {
                        return Some((kind, d));
                    }
                    found.get_or_insert((kind, d));
                    break;
                }
                from = end;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_and_story_discards() {
        let d = Discards::parse("d.txt", "# c\nBASEBALL\n+World Golf Championships # pas\nAFRICAN NATIONS CUP ;x\n").unwrap();
        assert_eq!(d.check(&["restore", "baseball", "ties"]).unwrap().0, DiscardHit::Sentence);
        assert_eq!(d.check(&["the", "World", "Golf", "Championships", "to"]).unwrap().0, DiscardHit::Story);
        assert!(d.check(&["baseballs"]).is_none());
        assert!(d.check(&["restore", "ties"]).is_none());
    }
}
