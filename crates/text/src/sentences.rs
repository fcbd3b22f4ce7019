//! Sentence and paragraph boundaries.
//!
//! Sentences never cross a paragraph. Inside a paragraph, every token after
//! which a sentence could end (terminal punctuation, abbreviations, closing
//! quotes and brackets, dashes, emoticons) is a candidate, and an averaged
//! perceptron over the tokens around it decides. The model is trained by [`train`] on UD English EWT and GUM
//! (train/dev splits only) and shipped in `models/sentences.bin`; without it a
//! small rule set takes over.

use std::sync::OnceLock;

use sitrep_document::Span;

use crate::tokenize::is_abbreviation;
use crate::{Sentence, Token};

/// Paragraph spans: maximal runs of non-blank lines, trimmed.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push(Span::new(pos + lead, pos + lead + trimmed.len()));
        }
        pos += line.len();
    }
    out
}

const BITS: u32 = 16;
const SIZE: usize = 1 << BITS;
const MAGIC: &[u8; 8] = b"SSPLIT1\0";

/// The model bytes built into the library (empty when it was built without one).
static BUILTIN_BYTES: &[u8] = include_bytes!("../../../models/sentences.bin");

/// Why a sentence model could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("sentence model: bad header (expected {MAGIC:?})")]
    Header,
    #[error("sentence model: truncated at byte {0}")]
    Truncated(usize),
    #[error("sentence model: feature index {index} out of range at byte {offset}")]
    Index { index: u32, offset: usize },
}

/// Weights of the boundary classifier, indexed by hashed feature.
#[derive(Debug, Clone)]
pub struct SentenceModel {
    /// Empty: no trained model, the rules decide.
    w: Vec<f32>,
}

impl SentenceModel {
    /// A model with no weights: [`split_with`] falls back to rules.
    pub fn rules() -> Self {
        SentenceModel { w: Vec::new() }
    }

    /// The model shipped in `models/sentences.bin`, parsed once.
    pub fn builtin() -> &'static SentenceModel {
        static M: OnceLock<SentenceModel> = OnceLock::new();
        M.get_or_init(|| if BUILTIN_BYTES.is_empty() { Self::rules() } else { Self::from_bytes(BUILTIN_BYTES).unwrap_or_else(|_| Self::rules()) })
    }

    /// True when trained weights are loaded.
    pub fn is_trained(&self) -> bool {
        !self.w.is_empty()
    }

    /// Reads the sparse binary format written by [`SentenceModel::to_bytes`].
    pub fn from_bytes(b: &[u8]) -> Result<Self, ModelError> {
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(ModelError::Header);
        }
        let scale = f32::from_le_bytes(b[8..12].try_into().map_err(|_| ModelError::Truncated(8))?);
        let n = u32::from_le_bytes(b[12..16].try_into().map_err(|_| ModelError::Truncated(12))?) as usize;
        let mut w = vec![0f32; SIZE];
        let mut off = 16;
        for _ in 0..n {
            let rec = b.get(off..off + 6).ok_or(ModelError::Truncated(off))?;
            let index = u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]);
            let q = i16::from_le_bytes([rec[4], rec[5]]);
            *w.get_mut(index as usize).ok_or(ModelError::Index { index, offset: off })? = f32::from(q) * scale;
            off += 6;
        }
        Ok(SentenceModel { w })
    }

    /// Sparse binary form: header, then (index u32, weight i16) for every non-negligible weight.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let kept: Vec<(u32, i16)> = self
            .w
            .iter()
            .enumerate()
            .filter_map(|(i, &x)| {
                let q = (x / scale).round() as i32;
                (q != 0 && x.abs() >= max * 1e-3).then_some((i as u32, q.clamp(-32767, 32767) as i16))
            })
            .collect();
        let mut out = Vec::with_capacity(16 + kept.len() * 6);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        for (i, q) in kept {
            out.extend_from_slice(&i.to_le_bytes());
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    fn score(&self, feats: &[u32]) -> f32 {
        feats.iter().map(|&f| self.w[f as usize]).sum()
    }
}

/// Groups tokens into sentences with the built-in model, never across a paragraph.
pub fn split(text: &str, tokens: &[Token], paragraphs: &[Span]) -> Vec<Sentence> {
    split_with(SentenceModel::builtin(), text, tokens, paragraphs)
}

/// Groups tokens into sentences with `model`, never across a paragraph.
pub fn split_with(model: &SentenceModel, text: &str, tokens: &[Token], paragraphs: &[Span]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut feats = Vec::with_capacity(32);
    for_each_paragraph(tokens, paragraphs, |a, b| {
        let mut first = a;
        if let Some(end) = dateline(text, tokens, a, b) {
            out.push(sentence(tokens, a, end));
            first = end;
        }
        decode(text, tokens, first, b, &mut feats, |i, f, kind| {
            let yes = if joined_sentences(text, tokens, a, i) {
                true
            } else if model.is_trained() {
                model.score(f) > 0.0 && !closes_aside(text, tokens, first, i)
            } else {
                rule(text, tokens, i, kind)
            };
            if yes {
                out.push(sentence(tokens, first, i + 1));
                first = i + 1;
            }
            yes
        });
        if first < b {
            out.push(sentence(tokens, first, b));
        }
    });
    out
}

/// The end (exclusive) of a wire dateline opening paragraph `[a, b)`: a place in capitals,
/// maybe a region after a comma and an agency in brackets, then a dash ("WASHINGTON (Reuters) -",
/// "MANILA, Philippines —", "PONCHATOULA, La. --"). UD's treebanks make it a sentence of its own,
/// and left joined it becomes the subject of the first clause ("WASHINGTON - China said ...").
/// A bare capitalized word needs five letters and a capital after the dash, so that "NATO — which"
/// and "HAMSTERS - will a hamster" go on.
fn dateline(text: &str, tokens: &[Token], a: usize, b: usize) -> Option<usize> {
    let t = |i: usize| tok(text, tokens, i);
    let caps = |w: &str| w.chars().any(char::is_alphabetic) && w.chars().all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'));
    // The end of a run of up to three capitalized words starting at `j`.
    let capitalized_run = |j: usize| (j..b.min(j + 3)).find(|&k| !t(k).chars().next().is_some_and(char::is_uppercase)).unwrap_or(b.min(j + 3));
    let mut i = a;
    let mut letters = 0;
    while i < b && i < a + 4 && caps(t(i)) {
        letters += t(i).chars().filter(|c| c.is_alphabetic()).count();
        i += 1;
    }
    if i == a {
        return None;
    }
    let mut marked = false;
    // ", Philippines", ", La.": a capitalized region of up to three words.
    if i < b && t(i) == "," {
        let j = capitalized_run(i + 1);
        if j == i + 1 {
            return None;
        }
        i = j;
        marked = true;
    }
    // "(Reuters)", "(AP)": an agency of up to three capitalized words in brackets.
    if i < b && t(i) == "(" {
        let j = capitalized_run(i + 1);
        if j == i + 1 || j >= b || t(j) != ")" {
            return None;
        }
        i = j + 1;
        marked = true;
    }
    if i + 1 >= b || !matches!(t(i), "-" | "--" | "–" | "—" | "―") {
        return None;
    }
    // A bare word must look like a place heading a sentence.
    let next = t(i + 1).chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\''));
    (marked || letters >= 5 && next).then_some(i + 1)
}

fn sentence(tokens: &[Token], a: usize, b: usize) -> Sentence {
    Sentence { span: Span::new(tokens[a].span.start, tokens[b - 1].span.end), tokens: a..b, excluded: false }
}

/// Calls `f(a, b)` for the token range of every paragraph that holds tokens.
fn for_each_paragraph(tokens: &[Token], paragraphs: &[Span], mut f: impl FnMut(usize, usize)) {
    let mut i = 0;
    let mut pars = paragraphs.iter().peekable();
    while i < tokens.len() {
        // Skip paragraphs that end before this token.
        while pars.peek().is_some_and(|p| p.end <= tokens[i].span.start) {
            pars.next();
        }
        let end = match pars.peek() {
            Some(p) if p.start <= tokens[i].span.start => p.end,
            // A token outside every paragraph: it runs up to the next paragraph.
            Some(p) => p.start,
            None => usize::MAX,
        };
        let a = i;
        while i < tokens.len() && tokens[i].span.start < end {
            i += 1;
        }
        if i == a {
            i += 1;
        }
        f(a, i);
    }
}

/// Kinds of candidate boundary; features are kept apart per kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// After punctuation (`.`, `?`, `"`, `)`, `:-)`, `U.S.`).
    Punct = 1,
}

/// Walks the candidates of paragraph `[a, b)` left to right; `decide(i, features, kind)` says
/// whether a sentence ends after token `i`, and the state it feeds back shapes later features.
fn decode(text: &str, tokens: &[Token], a: usize, b: usize, feats: &mut Vec<u32>, mut decide: impl FnMut(usize, &[u32], Kind) -> bool) {
    let mut since = 0usize;
    let mut quotes = 0u32;
    let mut depth = 0i32;
    for i in a..b.saturating_sub(1) {
        let t = tok(text, tokens, i);
        since += 1;
        match t {
            "\"" | "“" | "”" | "''" | "``" => quotes += 1,
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            _ => {}
        }
        let Some(kind) = candidate(tokens, i, t) else { continue };
        feats.clear();
        features(text, tokens, a, b, i, since, quotes % 2 == 1, depth > 0, kind, feats);
        if decide(i, feats, kind) {
            since = 0;
            quotes = 0;
            depth = 0;
        }
    }
}

#[inline]
fn tok<'t>(text: &'t str, tokens: &[Token], i: usize) -> &'t str {
    let s = tokens[i].span;
    &text[s.start..s.end]
}

/// A sentence can end after a token whose last character is punctuation (`.`, `?`, `"`,
/// `)`, `:-)`, `U.S.`), except commas and hyphens inside words, which in the training
/// data end a sentence about once in a hundred and cost a model evaluation each.
/// Ends after a plain word (`Thanks, Sean` + `Here you go`) were tried too: they
/// helped web text slightly and hurt edited prose, so they are not candidates.
fn candidate(tokens: &[Token], i: usize, t: &str) -> Option<Kind> {
    let last = *t.as_bytes().last()?;
    if last.is_ascii_alphanumeric() {
        return None;
    }
    if last < 0x80 {
        let attached = || tokens[i].span.end == tokens[i + 1].span.start || i > 0 && tokens[i - 1].span.end == tokens[i].span.start;
        return match t {
            "," => None,
            "-" | "/" | "&" if attached() => None,
            _ => Some(Kind::Punct),
        };
    }
    let c = t.chars().next_back()?;
    (!c.is_alphanumeric()).then_some(Kind::Punct)
}

/// Whether token `i` closes a parenthesis opened in the same sentence (from `first`) around
/// an aside that starts in lower case, with no sentence end in it or before it: "Venezuelan
/// journalist (and Post contributor) Francisco Toro told me" goes on after the bracket.
/// News text has many such asides, which the web-text treebank the model learned from
/// rarely shows. Capitalized contents are left to the model: datelines ("Washington
/// (CNN) The ..."), handles, and editors' insertions ("tell (Israeli Prime Minister
/// Benjamin) Netanyahu"), which joined to the name confuse the recognizer more than the
/// split does.
fn closes_aside(text: &str, tokens: &[Token], first: usize, i: usize) -> bool {
    // Square brackets hold editors' insertions; they are left to the model too.
    if tok(text, tokens, i) != ")" {
        return false;
    }
    // A sentence end, or a closing quote right after one (`."`).
    let term = |j: usize| {
        let end = |k: usize| matches!(tok(text, tokens, k), "." | "!" | "?" | "..." | "…");
        end(j) || j > first && matches!(tok(text, tokens, j), "\"" | "”" | "’" | "'" | "''") && end(j - 1)
    };
    let mut depth = 0;
    for j in (first..i).rev() {
        let t = tok(text, tokens, j);
        if t == ")" {
            depth += 1;
        } else if t == "(" {
            if depth > 0 {
                depth -= 1;
                continue;
            }
            let lower = j + 1 < i && tok(text, tokens, j + 1).chars().next().is_some_and(char::is_lowercase);
            return lower && !term(i - 1) && j > first && !term(j - 1);
        }
    }
    false
}

/// Whether a sentence ends after token `i` of paragraph `[a, ..)` where text scraped paragraph
/// by paragraph joined two sentences without a space: "he asserts.Rubio calls for",
/// "said on Sunday.\"The American position", "clear.\"\"So very", "late.“Europe". That is
/// a word that is no abbreviation, a stop and a capitalized word, all touching, with a quote
/// on either side of the boundary. The tokenizer keeps "google.com", "Node.js" and "U.S."
/// whole, so a stop it cut out between such words ends a sentence; the model, which learned
/// from text with a space after every stop, keeps them together, and the parser then reads
/// two sentences as one. A straight quote right after a stop closes a quotation, as it
/// nearly always does in news (`."`); counting quotes back to the paragraph start was wrong
/// whenever a quotation ran over several paragraphs.
fn joined_sentences(text: &str, tokens: &[Token], a: usize, i: usize) -> bool {
    let t = |k: usize| tok(text, tokens, k);
    let touching = |k: usize| k + 1 < tokens.len() && tokens[k].span.end == tokens[k + 1].span.start;
    let stop = |k: usize| matches!(t(k), "." | "?" | "!");
    let word = |k: usize| {
        let w = t(k);
        // Two letters only in lower case ("it.The"): "Mc.Donalds", "St.Louis" go on.
        (w.chars().nth(2).is_some() || w.chars().nth(1).is_some() && w.chars().all(char::is_lowercase))
            && w.chars().all(char::is_alphabetic)
            && w.chars().any(char::is_lowercase)
            && !is_abbreviation(&format!("{w}."))
    };
    let capitalized = |k: usize| {
        let mut cs = t(k).chars();
        cs.next().is_some_and(char::is_uppercase) && t(k).chars().nth(1).is_some() && cs.all(char::is_lowercase)
    };
    // After the boundary: a capitalized word, or an opening quote touching one.
    let opens = |k: usize| matches!(t(k), "\"" | "“") && touching(k) && capitalized(k + 1);
    if !touching(i) {
        return false;
    }
    if stop(i) {
        // "asserts.Rubio", "late.“Europe". A bare "?" before a capital is as often a character
        // lost in conversion ("between November 14 and?December 1"), so only a stop is trusted there.
        i > a && touching(i - 1) && word(i - 1) && (t(i) == "." && capitalized(i + 1) || t(i + 1) == "“" && opens(i + 1))
    } else {
        // "Sunday.\"The", "clear.\"\"So": the quote closes this sentence.
        matches!(t(i), "\"" | "”") && i > a + 1 && stop(i - 1) && touching(i - 1) && touching(i - 2) && word(i - 2) && (capitalized(i + 1) || opens(i + 1))
    }
}

/// Rules used when no model is loaded: terminal punctuation, not after an abbreviation,
/// closing quotes and brackets staying with their sentence.
fn rule(text: &str, tokens: &[Token], i: usize, kind: Kind) -> bool {
    if kind != Kind::Punct {
        return false;
    }
    let t = tok(text, tokens, i);
    let n = tok(text, tokens, i + 1);
    let closer = |s: &str| matches!(s, "\"" | "”" | "’" | "'" | ")" | "]");
    if closer(n) {
        return false;
    }
    let term = |s: &str| matches!(s, "." | "!" | "?" | "..." | "…") || s.len() > 1 && s.bytes().all(|c| matches!(c, b'!' | b'?' | b'.'));
    let starts_upper = n.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'([".contains(c));
    if term(t) {
        return starts_upper || t != ".";
    }
    if closer(t) && i > 0 && term(tok(text, tokens, i - 1)) {
        return starts_upper;
    }
    false
}

/// Shape of a word: X for capitals, x for lower case, d for digits, other characters kept;
/// runs longer than two collapsed, at most 6 symbols.
fn shape(s: &str, buf: &mut [u8; 8]) -> usize {
    let mut n = 0;
    let mut last = 0u8;
    let mut run = 0;
    for c in s.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'~'
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = k;
        }
        if n == 6 {
            break;
        }
        buf[n] = k;
        n += 1;
    }
    n
}

/// FNV-1a over feature parts, ASCII-lower-cased, folded to the table size.
struct Hasher(u64);

impl Hasher {
    fn new(kind: Kind, template: u8) -> Self {
        let mut h = Hasher(0xcbf2_9ce4_8422_2325);
        h.byte(kind as u8);
        h.byte(template);
        h
    }
    #[inline]
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes().iter().take(24) {
            self.byte(b.to_ascii_lowercase());
        }
        self.byte(0xff);
        self
    }
    fn bytes(mut self, s: &[u8]) -> Self {
        for &b in s {
            self.byte(b);
        }
        self.byte(0xfe);
        self
    }
    fn num(mut self, x: usize) -> Self {
        self.byte(x as u8);
        self.byte(0xfd);
        self
    }
    fn done(self) -> u32 {
        ((self.0 ^ (self.0 >> 29)) as u32) & (SIZE as u32 - 1)
    }
}

fn bucket(x: usize) -> usize {
    match x {
        0..=3 => x,
        4..=6 => 4,
        7..=10 => 5,
        11..=20 => 6,
        21..=40 => 7,
        _ => 8,
    }
}

/// Typographic variants map to one feature: curly and straight quotes, dashes, ellipses.
fn norm(s: &str) -> &str {
    match s {
        "“" | "”" | "„" | "«" | "»" | "``" | "''" => "\"",
        "‘" | "’" | "`" => "'",
        "…" => "...",
        "—" | "–" => "--",
        _ => s,
    }
}

#[allow(clippy::too_many_arguments)]
fn features(text: &str, tokens: &[Token], a: usize, b: usize, i: usize, since: usize, in_quote: bool, in_paren: bool, kind: Kind, out: &mut Vec<u32>) {
    let t = norm(tok(text, tokens, i));
    let n = norm(tok(text, tokens, i + 1));
    let p = if i > a { norm(tok(text, tokens, i - 1)) } else { "<s>" };
    let nn = if i + 2 < b { norm(tok(text, tokens, i + 2)) } else { "</p>" };
    let (mut st, mut sn, mut sp, mut snn) = ([0u8; 8], [0u8; 8], [0u8; 8], [0u8; 8]);
    let (lt, ln, lp, lnn) = (shape(t, &mut st), shape(n, &mut sn), shape(p, &mut sp), shape(nn, &mut snn));
    let (st, sn, sp, snn) = (&st[..lt], &sn[..ln], &sp[..lp], &snn[..lnn]);
    let spaced = tokens[i].span.end < tokens[i + 1].span.start;
    let abbr = t.len() > 1 && t.ends_with('.') && is_abbreviation(t);
    let remaining = b - i - 1;
    let h = |k: u8| Hasher::new(kind, k);
    out.push(h(0).done());
    out.push(h(1).str(t).done());
    out.push(h(2).str(n).done());
    out.push(h(3).str(p).done());
    out.push(h(4).bytes(st).done());
    out.push(h(5).bytes(sn).done());
    out.push(h(6).bytes(sp).done());
    out.push(h(7).bytes(snn).done());
    out.push(h(8).str(t).bytes(sn).done());
    out.push(h(9).str(p).str(t).done());
    out.push(h(10).str(t).str(n).done());
    out.push(h(11).bytes(sp).str(t).bytes(sn).done());
    out.push(h(12).str(t).num(usize::from(spaced)).done());
    out.push(h(13).num(usize::from(abbr)).bytes(sn).done());
    out.push(h(14).num(bucket(since)).done());
    out.push(h(15).num(bucket(remaining)).done());
    out.push(h(16).num(usize::from(in_quote)).str(t).done());
    out.push(h(17).num(usize::from(in_paren)).str(t).done());
    out.push(h(18).num(bucket(p.chars().count())).str(t).done());
    out.push(h(19).str(t).bytes(sn).bytes(snn).done());
    out.push(h(20).num(bucket(since)).str(t).done());
    out.push(h(21).num(bucket(remaining)).str(t).done());
    out.push(h(22).str(n).str(nn).done());
}

/// One document for training: raw text and the byte offsets where gold sentences end.
#[derive(Debug, Clone, Default)]
pub struct TrainingText {
    pub text: String,
    pub sentence_ends: Vec<usize>,
}

/// Trains the boundary perceptron (averaged) on `docs` for `epochs` passes.
pub fn train(docs: &[TrainingText], epochs: usize) -> SentenceModel {
    let prepared: Vec<(Vec<Token>, Vec<Span>)> = docs
        .iter()
        .map(|d| (crate::tokenize::tokenize(&d.text), paragraphs(&d.text)))
        .collect();
    let mut w = vec![0f32; SIZE];
    let mut total = vec![0f32; SIZE];
    let mut stamp = vec![0u32; SIZE];
    let mut clock = 1u32;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut feats = Vec::with_capacity(32);
    for _ in 0..epochs {
        // Deterministic shuffle (xorshift), so training is reproducible.
        for k in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(k, (seed % (k as u64 + 1)) as usize);
        }
        for &d in &order {
            let doc = &docs[d];
            let (tokens, pars) = &prepared[d];
            for_each_paragraph(tokens, pars, |a, b| {
                decode(&doc.text, tokens, a, b, &mut feats, |i, f, _| {
                    let gold = doc.sentence_ends.binary_search(&tokens[i].span.end).is_ok();
                    let score: f32 = f.iter().map(|&x| w[x as usize]).sum();
                    let pred = score > 0.0;
                    if pred != gold {
                        let delta = if gold { 1.0 } else { -1.0 };
                        for &x in f {
                            let x = x as usize;
                            total[x] += (clock - stamp[x]) as f32 * w[x];
                            stamp[x] = clock;
                            w[x] += delta;
                        }
                    }
                    clock += 1;
                    // Feed the gold decision forward: the history features then match what a good decoder sees.
                    gold
                });
            });
        }
    }
    for x in 0..SIZE {
        total[x] += (clock - stamp[x]) as f32 * w[x];
        w[x] = total[x] / clock as f32;
    }
    SentenceModel { w }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn sents(text: &str) -> Vec<&str> {
        let toks = tokenize(text);
        split(text, &toks, &paragraphs(text)).iter().map(|s| &text[s.span.start..s.span.end]).collect()
    }

    #[test]
    fn splits_at_terminal_punctuation_not_abbreviations() {
        assert_eq!(
            sents("Adm. Craig Faller of U.S. Southern Command spoke on Jan. 5. He said “no.” Then he left!"),
            ["Adm. Craig Faller of U.S. Southern Command spoke on Jan. 5.", "He said “no.”", "Then he left!"]
        );
    }

    #[test]
    fn a_lower_case_aside_in_parentheses_ends_no_sentence() {
        let text = "“The oil industry is on its last legs,” Venezuelan journalist (and Post contributor) Francisco Toro \
                    told me. “It can’t produce gasoline.”";
        let toks = tokenize(text);
        let close = toks.iter().position(|t| &text[t.span.start..t.span.end] == ")").unwrap();
        assert!(closes_aside(text, &toks, 0, close));
        assert_eq!(sents(text).len(), 2, "{:?}", sents(text));
        // Capitalized contents (a dateline's agency, an editor's insertion) and asides after a
        // sentence end are left to the model.
        for text in ["Washington (CNN) The takeaway was clear.", "He left. (he said so) Then he came back."] {
            let toks = tokenize(text);
            let close = toks.iter().position(|t| &text[t.span.start..t.span.end] == ")").unwrap();
            assert!(!closes_aside(text, &toks, 0, close), "{text}");
        }
    }

    #[test]
    fn a_wire_dateline_is_a_sentence_of_its_own() {
        assert_eq!(
            sents("WASHINGTON (Reuters) - U.S. President Donald Trump defended the deal on Monday."),
            ["WASHINGTON (Reuters) -", "U.S. President Donald Trump defended the deal on Monday."]
        );
        assert_eq!(sents("MANILA, Philippines — Rebels attacked two villages."), ["MANILA, Philippines —", "Rebels attacked two villages."]);
        assert_eq!(
            sents("WASHINGTON – China said Monday it will act.\n\nBEIRUT (AP) -- Lebanon voted."),
            ["WASHINGTON –", "China said Monday it will act.", "BEIRUT (AP) --", "Lebanon voted."]
        );
        // Not datelines: an acronym before an aside, a lower-case continuation, capitals mid-paragraph.
        for text in ["NATO — which was founded in 1949 — said no.", "HAMSTERS - will a hamster be ok?", "He said WASHINGTON - no."] {
            assert_eq!(sents(text).len(), 1, "{text}: {:?}", sents(text));
        }
    }

    #[test]
    fn sentences_joined_without_a_space_are_split() {
        assert_eq!(
            sents("It is lost, he asserts.Rubio calls for aid. Officials said.The bill failed."),
            ["It is lost, he asserts.", "Rubio calls for aid.", "Officials said.", "The bill failed."]
        );
        assert_eq!(
            sents("He said: \"It is over.\"The vote is next. \"It is clear.\"\"So very clear,\" he said."),
            ["He said: \"It is over.\"", "The vote is next.", "\"It is clear.\"", "\"So very clear,\" he said."]
        );
        assert_eq!(sents("Aid is late.“Europe should lead.”Then it went."), ["Aid is late.", "“Europe should lead.”", "Then it went."]);
        // Web addresses, file names, abbreviations and initials stay whole.
        for text in ["Visit google.com or example.Org today.", "See Node.js and www.Example.Com now.", "The U.S.Navy and Jan.The end.", "Ask Mr.Smith now.", "Eat at Mc.Donalds today.", "Meet between May 1 and?June 2 then."] {
            assert_eq!(sents(text).len(), 1, "{text}: {:?}", sents(text));
        }
    }

    #[test]
    fn never_crosses_a_paragraph() {
        assert_eq!(sents("A title without a stop\n\nThe body. More text"), ["A title without a stop", "The body.", "More text"]);
    }

    #[test]
    fn model_round_trips() {
        let mut m = SentenceModel::rules();
        m.w = vec![0.0; SIZE];
        m.w[7] = 1.5;
        m.w[99] = -0.25;
        let back = SentenceModel::from_bytes(&m.to_bytes()).unwrap();
        assert!((back.w[7] - 1.5).abs() < 1e-3 && (back.w[99] + 0.25).abs() < 1e-3);
        assert!(SentenceModel::from_bytes(b"nonsense").is_err());
    }
}
