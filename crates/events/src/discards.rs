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

impl Discard {
    /// A bare year ("1999"): Phoenix lists every year from 1914 to 2013 to keep history out of current events.
    pub fn is_year(&self) -> bool {
        let p = self.phrase.trim_start();
        p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit())
    }
}

/// A discard list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Discards {
    pub file: String,
    pub entries: Vec<Discard>,
    /// All phrases in one automaton, built on first use: a phrase-by-phrase
    /// substring search over every sentence cost as much as tagging and parsing.
    #[serde(skip)]
    automaton: std::sync::OnceLock<aho_corasick::AhoCorasick>,
}

impl PartialEq for Discards {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file && self.entries == other.entries
    }
}

impl Eq for Discards {}

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
        Ok(Discards { file: name.to_string(), entries, automaton: Default::default() })
    }

    /// Reads a discard file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|e| DictionaryError(format!("{}: {e}", path.display())))?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Discards::parse(&name, &text)
    }

    /// Checks a sentence (words joined by blanks); a story-level hit wins. `skip_years`: bare years do not discard.
    pub fn check(&self, words: &[&str], skip_years: bool) -> Option<(DiscardHit, &Discard)> {
        let [all, no_years] = self.check_both(words);
        if skip_years {
            no_years
        } else {
            all
        }
    }

    /// [`Discards::check`] with and without bare years, from one scan of the sentence.
    pub fn check_both(&self, words: &[&str]) -> [Option<(DiscardHit, &Discard)>; 2] {
        if self.entries.is_empty() {
            return [None, None];
        }
        let mut text = String::with_capacity(words.len() * 8);
        for w in words {
            text.push(' ');
            text.extend(w.chars().flat_map(char::to_uppercase));
        }
        text.push(' ');
        let ac = self.automaton.get_or_init(|| {
            aho_corasick::AhoCorasick::new(self.entries.iter().map(|d| d.phrase.as_str()))
                .expect("discard phrases are short literal strings")
        });
        // Per answer, the first story phrase (in file order) that matches wins; else the first sentence phrase.
        let mut first: [(Option<usize>, Option<usize>); 2] = [(None, None); 2];
        for m in ac.find_overlapping_iter(&text) {
            // Every phrase ends on a word boundary in tokenized text; `_` only documents it.
            if text[m.end()..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                continue;
            }
            let i = m.pattern().as_usize();
            let answers = if self.entries[i].is_year() { &mut first[..1] } else { &mut first[..] };
            for (story, sentence) in answers {
                let slot = if self.entries[i].story { story } else { sentence };
                if slot.is_none_or(|j| i < j) {
                    *slot = Some(i);
                }
            }
        }
        first.map(|pair| match pair {
            (Some(i), _) => Some((DiscardHit::Story, &self.entries[i])),
            (None, Some(i)) => Some((DiscardHit::Sentence, &self.entries[i])),
            (None, None) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_and_story_discards() {
        let d = Discards::parse("d.txt", "# c\nBASEBALL\n+World Golf Championships # pas\nAFRICAN NATIONS CUP ;x\n").unwrap();
        assert_eq!(d.check(&["restore", "baseball", "ties"], false).unwrap().0, DiscardHit::Sentence);
        assert_eq!(d.check(&["the", "World", "Golf", "Championships", "to"], false).unwrap().0, DiscardHit::Story);
        assert!(d.check(&["baseballs"], false).is_none());
        assert!(d.check(&["restore", "ties"], false).is_none());
    }

    #[test]
    fn bare_years_discard_only_when_asked() {
        let d = Discards::parse("d.txt", "2006\n2014 COMPETITION\nYEARS AGO\n").unwrap();
        assert!(d.entries[0].is_year() && !d.entries[1].is_year() && !d.entries[2].is_year());
        let hosted = ["Venezuela", "hosted", "the", "2006", "OPEC", "summit"];
        assert_eq!(d.check(&hosted, false).unwrap().1.line, 1);
        assert!(d.check(&hosted, true).is_none());
        // Other phrases still discard a sentence that also names a year.
        assert_eq!(d.check(&["2006", "years", "ago"], true).unwrap().1.line, 3);
        assert_eq!(d.check(&["the", "2014", "competition"], true).unwrap().1.line, 2);
    }
}
