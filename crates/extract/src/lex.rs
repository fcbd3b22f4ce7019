//! A light word lexer and document view shared by the extractors.
//!
//! The extractors must work before (and without) the trained tokenizer and
//! parser, so they read the text through this one cheap pass: words with byte
//! spans, numbers kept whole (`1.53`, `20,000`), dotted abbreviations kept whole
//! (`U.S.`), possessive `'s` split off, plus sentence and paragraph ranges.
//! It runs once per document and every extractor shares it.

use sitrep_document::Span;

use crate::Context;

/// What a lexed word is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (possibly with digits, internal apostrophes or dots: `don't`, `U.S.`).
    Alpha,
    /// Digits, possibly with `,` thousands separators, a decimal point and a letter suffix (`5m`, `21st`).
    Number,
    /// One punctuation or symbol character.
    Punct,
}

/// One lexed word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    pub span: Span,
    pub kind: Kind,
    /// First character is uppercase.
    pub cap: bool,
}

/// The shared per-document view: lexed words, sentences and paragraphs.
pub(crate) struct Prepared<'a> {
    pub text: &'a str,
    /// `text` with ASCII letters lowercased (same byte offsets).
    pub lower: String,
    pub words: Vec<Word>,
    /// Sentences as word ranges.
    pub sentences: Vec<std::ops::Range<usize>>,
    /// Paragraphs as word ranges.
    pub paragraphs: Vec<std::ops::Range<usize>>,
}

/// Words after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "adm", "gen", "col", "lt", "sgt", "sen", "rep", "gov", "prof", "st",
    "jr", "sr", "capt", "maj", "cmdr", "rev", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "co", "ltd", "vs", "gens", "lieut",
    "supt", "insp", "pres", "atty", "ft", "mt", "pp", "fig", "est",
];

/// Words that start a sentence after a dotted abbreviation such as `U.S.`.
const STARTERS: &[&str] = &[
    "the", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "but", "and",
    "in", "a", "an", "there", "his", "her", "their", "its", "our", "on", "at", "for", "as", "if",
    "when", "after", "before", "yet",
];

impl<'a> Prepared<'a> {
    /// Lexes the text of `cx`, leaving out its excluded (boilerplate) spans.
    pub fn new(cx: &Context<'a>) -> Self {
        Self::with_excluded(cx.text, cx.excluded)
    }

    /// Lexes `text`.
    pub fn from_text(text: &'a str) -> Self {
        Self::with_excluded(text, &[])
    }

    /// Lexes `text` as if the `excluded` spans held no words.
    ///
    /// Sentences and paragraphs are split on the whole text first, so a removed
    /// headline never glues the sentences around it together; then its words are
    /// dropped and the ranges renumbered. The lowercased copy is blanked there too,
    /// because the theme rules scan it directly.
    pub fn with_excluded(text: &'a str, excluded: &[Span]) -> Self {
        let mut lower = text.to_ascii_lowercase();
        let mut words = lex(text);
        let (mut sentences, mut paragraphs) = split(text, &lower, &words);
        let excluded: Vec<Span> = excluded
            .iter()
            .filter(|x| x.start < x.end && x.end <= text.len())
            .copied()
            .collect();
        if !excluded.is_empty() {
            // new_index[i] = how many kept words precede word i.
            let mut new_index = Vec::with_capacity(words.len() + 1);
            let mut kept = 0;
            for w in &words {
                new_index.push(kept);
                kept += !excluded.iter().any(|x| x.overlaps(w.span)) as usize;
            }
            new_index.push(kept);
            words.retain(|w| !excluded.iter().any(|x| x.overlaps(w.span)));
            let renumber = |ranges: &mut Vec<std::ops::Range<usize>>| {
                for r in ranges.iter_mut() {
                    *r = new_index[r.start]..new_index[r.end];
                }
                ranges.retain(|r| !r.is_empty());
            };
            renumber(&mut sentences);
            renumber(&mut paragraphs);
            // Every byte of the span (widened to char boundaries) becomes an ASCII
            // space, newlines kept, so the copy stays valid UTF-8 with the same offsets.
            let mut bytes = std::mem::take(&mut lower).into_bytes();
            for x in &excluded {
                let (a, b) = (floor_char(text, x.start), ceil_char(text, x.end));
                for c in &mut bytes[a..b] {
                    if *c != b'\n' {
                        *c = b' ';
                    }
                }
            }
            lower = String::from_utf8(bytes).unwrap_or_else(|_| text.to_ascii_lowercase());
        }
        Prepared {
            text,
            lower,
            words,
            sentences,
            paragraphs,
        }
    }

    /// The text of word `i`.
    pub fn w(&self, i: usize) -> &'a str {
        let s = self.words[i].span;
        &self.text[s.start..s.end]
    }

    /// The ASCII-lowercased text of word `i`.
    pub fn l(&self, i: usize) -> &str {
        let s = self.words[i].span;
        &self.lower[s.start..s.end]
    }

    /// Index of the first word starting at or after byte `pos`.
    pub fn word_at(&self, pos: usize) -> usize {
        self.words.partition_point(|w| w.span.start < pos)
    }

    /// Index of the sentence holding word `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= i)
            .min(self.sentences.len().saturating_sub(1))
    }

    /// Index of the paragraph holding word `i`.
    pub fn paragraph_of(&self, i: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.end <= i)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Byte span of sentence `s`.
    pub fn sentence_span(&self, s: usize) -> Span {
        let r = &self.sentences[s];
        if r.is_empty() {
            return Span::default();
        }
        Span::new(
            self.words[r.start].span.start,
            self.words[r.end - 1].span.end,
        )
    }

    /// True when word `i` starts a sentence (ignoring opening quotes and brackets).
    pub fn sentence_initial(&self, i: usize) -> bool {
        let s = &self.sentences[self.sentence_of(i)];
        let mut j = s.start;
        while j < i && self.words[j].kind == Kind::Punct {
            j += 1;
        }
        j == i
    }

    /// True when word `i` is exactly `s` (ASCII case-insensitive).
    pub fn is(&self, i: usize, s: &str) -> bool {
        i < self.words.len() && self.l(i) == s
    }

    /// True when word `i` is a punctuation word made of `c`.
    pub fn punct(&self, i: usize, c: char) -> bool {
        i < self.words.len() && self.words[i].kind == Kind::Punct && self.w(i).starts_with(c)
    }
}

/// The nearest char boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The nearest char boundary at or after `i`.
fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text` into words.
pub(crate) fn lex(text: &str) -> Vec<Word> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < b.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let cl = c.len_utf8();
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            let mut j = i + 1;
            while j < b.len() {
                let d = b[j];
                if d.is_ascii_digit() {
                    j += 1;
                } else if (d == b',' || d == b'.') && j + 1 < b.len() && b[j + 1].is_ascii_digit() {
                    // `20,000` and `1.53`, but not a trailing sentence period.
                    j += 1;
                } else {
                    break;
                }
            }
            // Letter suffixes: `5m`, `21st`, `1990s`, `10bn`.
            let mut k = j;
            while k < b.len() && b[k].is_ascii_alphabetic() && k - j < 3 {
                k += 1;
            }
            if k > j && (k == b.len() || !b[k].is_ascii_alphabetic()) {
                j = k;
            }
            out.push(Word {
                span: Span::new(start, j),
                kind: Kind::Number,
                cap: false,
            });
            i = j;
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            let cap = c.is_uppercase();
            let mut j = i + cl;
            while let Some(d) = text[j..].chars().next() {
                let dl = d.len_utf8();
                if d.is_alphanumeric() || (d as u32) >= 0x300 && (d as u32) < 0x370 {
                    j += dl;
                    continue;
                }
                if is_apostrophe(d) {
                    // Possessive `'s` becomes its own word; `don't`, `O'Brien` stay whole.
                    let rest = &text[j + dl..];
                    let mut it = rest.chars();
                    match (it.next(), it.next()) {
                        (Some('s'), n) if n.is_none_or(|n| !n.is_alphanumeric()) => break,
                        (Some(n), _) if n.is_alphabetic() => {
                            j += dl;
                            continue;
                        }
                        _ => break,
                    }
                }
                if d == '.' {
                    // Dotted abbreviations: `U.S.`, `U.N.`, `a.m.`
                    let word = &text[start..j];
                    let single = word.chars().count() == 1;
                    let next = text[j + 1..].chars().next();
                    if single && next.is_some_and(|n| n.is_alphabetic()) {
                        // `U.` followed by `S.`: take `.S` and continue.
                        j += 1;
                        continue;
                    }
                    if word.contains('.') {
                        // Closing dot of `U.S.`.
                        j += 1;
                    }
                    break;
                }
                break;
            }
            out.push(Word {
                span: Span::new(start, j),
                kind: Kind::Alpha,
                cap,
            });
            i = j;
            continue;
        }
        if is_apostrophe(c) && text[i + cl..].starts_with('s') {
            let after = text[i + cl + 1..].chars().next();
            let before_alpha = text[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || p == '.');
            if before_alpha && after.is_none_or(|n| !n.is_alphanumeric()) {
                out.push(Word {
                    span: Span::new(i, i + cl + 1),
                    kind: Kind::Alpha,
                    cap: false,
                });
                i += cl + 1;
                continue;
            }
        }
        out.push(Word {
            span: Span::new(i, i + cl),
            kind: Kind::Punct,
            cap: false,
        });
        i += cl;
    }
    out
}

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "”" | "’" | "'" | ")" | "]")
}

/// Sentence and paragraph ranges over the words.
fn split(
    text: &str,
    lower: &str,
    words: &[Word],
) -> (Vec<std::ops::Range<usize>>, Vec<std::ops::Range<usize>>) {
    let mut sentences = Vec::new();
    let mut paragraphs = Vec::new();
    let mut s_start = 0;
    let mut p_start = 0;
    let lw = |i: usize| &lower[words[i].span.start..words[i].span.end];
    let mut i = 0;
    while i < words.len() {
        // A newline between this word and the next ends both.
        let next_start = words.get(i + 1).map(|n| n.span.start);
        let gap_has_newline =
            next_start.is_some_and(|ns| text[words[i].span.end..ns].contains('\n'));
        if gap_has_newline {
            sentences.push(s_start..i + 1);
            paragraphs.push(p_start..i + 1);
            s_start = i + 1;
            p_start = i + 1;
            i += 1;
            continue;
        }
        let w = &text[words[i].span.start..words[i].span.end];
        let mut end_here = false;
        let mut end = i + 1;
        if matches!(w, "." | "!" | "?") || (words[i].kind == Kind::Alpha && w.ends_with('.')) {
            // Take closing quotes and brackets along.
            while end < words.len()
                && words[end].kind == Kind::Punct
                && is_closer(&text[words[end].span.start..words[end].span.end])
                && !text[words[end - 1].span.end..words[end].span.start].contains('\n')
            {
                end += 1;
            }
            if let Some(n) = words.get(end) {
                let nt = &text[n.span.start..n.span.end];
                let next_ok =
                    n.cap || n.kind == Kind::Number || matches!(nt, "\"" | "“" | "‘" | "(");
                if w == "." && i > 0 {
                    let prev = lw(i - 1);
                    let prev_word = &text[words[i - 1].span.start..words[i - 1].span.end];
                    let abbr = ABBREVIATIONS.contains(&prev)
                        || (prev_word.chars().count() == 1
                            && prev_word.chars().all(|c| c.is_uppercase()));
                    end_here = next_ok && !abbr;
                } else if w.ends_with('.') && w.len() > 1 {
                    // `U.S.` ends a sentence only before a typical sentence opener.
                    end_here = next_ok && STARTERS.contains(&lw(end));
                } else {
                    end_here = next_ok;
                }
            }
        }
        if end_here {
            sentences.push(s_start..end);
            s_start = end;
            // A closing quote at a paragraph end is handled by the newline check on the next round.
            if end > i + 1 {
                let last = end - 1;
                let ns = words.get(end).map(|n| n.span.start);
                if ns.is_some_and(|ns| text[words[last].span.end..ns].contains('\n')) {
                    paragraphs.push(p_start..end);
                    p_start = end;
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    if s_start < words.len() {
        sentences.push(s_start..words.len());
    }
    if p_start < words.len() {
        paragraphs.push(p_start..words.len());
    }
    (sentences, paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(p: &Prepared<'a>) -> Vec<&'a str> {
        (0..p.words.len()).map(|i| p.w(i)).collect()
    }

    #[test]
    fn numbers_and_abbreviations_stay_whole() {
        let p = Prepared::from_text(
            "About 1.53 million barrels cost $20,000 in the U.S. Venezuela’s oil, he said.",
        );
        let t = texts(&p);
        assert!(t.contains(&"1.53"), "{t:?}");
        assert!(t.contains(&"20,000"), "{t:?}");
        assert!(t.contains(&"U.S."), "{t:?}");
        assert!(t.contains(&"Venezuela") && t.contains(&"’s"), "{t:?}");
        assert_eq!(p.sentences.len(), 1);
    }

    #[test]
    fn sentences_split_but_not_after_titles() {
        let p = Prepared::from_text("Adm. Craig Faller spoke. He left.\n\n“Yes,” she said. “No.”");
        assert_eq!(p.sentences.len(), 4, "{:?}", p.sentences);
        assert_eq!(p.paragraphs.len(), 2);
    }
}
