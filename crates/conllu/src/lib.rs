//! A CoNLL-U reader: the Universal Dependencies treebank format sitrep trains and evaluates on.
//!
//! Keeps what training and evaluation need: the sentence comments (`# text`,
//! `# sent_id`, `# newdoc`, `# newpar`), the syntactic words (ID, FORM, LEMMA,
//! UPOS, XPOS, FEATS, HEAD, DEPREL, MISC) and the multiword-token lines, which
//! tokenization evaluation needs to rebuild surface tokens. Empty nodes
//! (`8.1`) are skipped: sitrep's parser produces basic trees only.

use std::fmt;
use std::io::BufRead;

/// One syntactic word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// 1-based position in the sentence.
    pub id: u32,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    /// 0 = root.
    pub head: u32,
    pub deprel: String,
    pub misc: String,
}

impl Word {
    /// `SpaceAfter=No` in MISC.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|f| f == "SpaceAfter=No")
    }
}

/// A multiword token line (`3-4  don't`): one surface token, several syntactic words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    pub first: u32,
    pub last: u32,
    pub form: String,
    pub misc: String,
}

/// One sentence with its comments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    pub sent_id: Option<String>,
    pub text: Option<String>,
    /// `# newdoc` (with or without id) precedes this sentence.
    pub newdoc: bool,
    /// `# newpar` (with or without id) precedes this sentence.
    pub newpar: bool,
    pub words: Vec<Word>,
    pub multiword: Vec<MultiwordToken>,
    /// All comment lines, without the leading `# `.
    pub comments: Vec<String>,
    /// 1-based line number of the sentence's first line in its file.
    pub line: u64,
}

impl Sentence {
    /// The surface tokens, as (form, space_after) pairs: multiword tokens replace their words.
    pub fn surface_tokens(&self) -> Vec<(String, bool)> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        while i < self.words.len() {
            let id = self.words[i].id;
            if let Some(m) = self.multiword.iter().find(|m| m.first == id) {
                let no_space = m.misc.split('|').any(|f| f == "SpaceAfter=No");
                out.push((m.form.clone(), !no_space));
                i += (m.last - m.first + 1) as usize;
            } else {
                out.push((self.words[i].form.clone(), !self.words[i].no_space_after()));
                i += 1;
            }
        }
        out
    }
}

/// A malformed line, with its position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    pub line: u64,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Parses a whole CoNLL-U text.
pub fn parse_str(text: &str) -> Result<Vec<Sentence>, Error> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut started = false;
    for (i, raw) in text.lines().enumerate() {
        let lineno = i as u64 + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if started {
                out.push(std::mem::take(&mut cur));
                started = false;
            }
            continue;
        }
        if !started {
            cur.line = lineno;
            started = true;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(v) = kv(c, "text") {
                cur.text = Some(v.to_string());
            } else if let Some(v) = kv(c, "sent_id") {
                cur.sent_id = Some(v.to_string());
            } else if c.starts_with("newdoc") {
                cur.newdoc = true;
            } else if c.starts_with("newpar") {
                cur.newpar = true;
            }
            cur.comments.push(c.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(Error { line: lineno, message: format!("expected 10 tab-separated columns, found {}", cols.len()) });
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node of the enhanced graph
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = num(a, lineno)?;
            let last = num(b, lineno)?;
            cur.multiword.push(MultiwordToken { first, last, form: cols[1].to_string(), misc: cols[9].to_string() });
            continue;
        }
        let head = if cols[6] == "_" { 0 } else { num(cols[6], lineno)? };
        cur.words.push(Word {
            id: num(id, lineno)?,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if started {
        out.push(cur);
    }
    Ok(out)
}

/// Reads and parses a CoNLL-U stream.
pub fn parse_reader(mut r: impl BufRead) -> Result<Vec<Sentence>, Error> {
    let mut s = String::new();
    r.read_to_string(&mut s).map_err(|e| Error { line: 0, message: e.to_string() })?;
    parse_str(&s)
}

/// Reads a CoNLL-U file, naming it in the error.
pub fn read_file(path: impl AsRef<std::path::Path>) -> Result<Vec<Sentence>, String> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn kv<'a>(comment: &'a str, key: &str) -> Option<&'a str> {
    let rest = comment.strip_prefix(key)?.trim_start();
    Some(rest.strip_prefix('=')?.trim())
}

fn num(s: &str, line: u64) -> Result<u32, Error> {
    s.parse().map_err(|_| Error { line, message: format!("not a number: {s:?}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n4.1\tx\tx\tX\tX\t_\t_\t_\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_and_multiword_tokens() {
        let s = parse_str(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].newdoc);
        assert_eq!(s[0].text.as_deref(), Some("I don't know."));
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].words[3].head, 0);
        let toks: Vec<String> = s[0].surface_tokens().into_iter().map(|t| t.0).collect();
        assert_eq!(toks, ["I", "don't", "know", "."]);
        assert!(!s[0].surface_tokens()[2].1);
    }

    #[test]
    fn names_the_bad_line() {
        let e = parse_str("1\tonly\tthree\n").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
