//! Loading the shipped models and running them over a segmented text.

use std::path::{Path, PathBuf};

use sitrep_text::Segmentation;

use crate::binfmt::Reader;
use crate::lemma::Lemmatizer;
use crate::parser::{ParseScratch, ParsedSentence, Parser};
use crate::tagger::{TagScratch, Tagger};
use crate::types::{Parse, TokenAnnotation};

/// File name of the tagger + lemmatizer model inside the models directory.
pub const TAGGER_FILE: &str = "tagger.bin";
/// File name of the dependency parser model.
pub const PARSER_FILE: &str = "parser.bin";
pub(crate) const TAGGER_MAGIC: &[u8; 8] = b"SRTAGGER";
pub(crate) const PARSER_MAGIC: &[u8; 8] = b"SRPARSER";

/// A model file that could not be found or read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {message}")]
    Load { path: PathBuf, message: String },
}

/// The trained NLP components, loaded once and shared across threads.
#[derive(Debug)]
pub struct Models {
    pub tagger: Tagger,
    pub lemmatizer: Lemmatizer,
    pub parser: Parser,
    /// Named-entity recognizer (`ner/ner.bin`).
    pub ner: crate::ner::Recognizer,
}

/// One sentence's annotation by [`Models::annotate_words`].
#[derive(Debug, Clone, Default)]
pub struct WordsAnnotation {
    /// Tag class ids (index [`Tagger::classes`]).
    pub tags: Vec<u16>,
    pub lemmas: Vec<String>,
    pub parse: ParsedSentence,
}

/// Per-thread buffers so that annotating allocates little.
#[derive(Debug, Default)]
pub struct Scratch {
    tag: TagScratch,
    parse: ParseScratch,
    tag_hashes: Vec<u64>,
    lower: String,
    lemma: String,
}

fn read_file(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|e| ModelError::Load {
        path: path.to_path_buf(),
        message: format!("{e} (train it with `sitrep train tagger|parser`, see models/README.md)"),
    })
}

/// Loads the tagger and lemmatizer alone (`tagger.bin` in `dir`).
pub fn load_tagger(dir: &Path) -> Result<(Tagger, Lemmatizer), ModelError> {
    let tp = dir.join(TAGGER_FILE);
    let bad = |e: crate::binfmt::FormatError| ModelError::Load { path: tp.clone(), message: e.to_string() };
    let tbytes = read_file(&tp)?;
    let mut r = Reader::new(&tbytes, TAGGER_MAGIC).map_err(bad)?;
    let t = Tagger::read(&mut r).map_err(bad)?;
    let l = Lemmatizer::read(&mut r).map_err(bad)?;
    r.finish().map_err(bad)?;
    Ok((t, l))
}

impl Models {
    /// Loads `tagger.bin` and `parser.bin` from `dir` (normally the repository's `models/`).
    pub fn load(dir: &Path) -> Result<Self, ModelError> {
        let pp = dir.join(PARSER_FILE);
        let bad = |p: &Path, e: crate::binfmt::FormatError| ModelError::Load { path: p.to_path_buf(), message: e.to_string() };
        let (tagger, lemmatizer) = load_tagger(dir)?;
        let pbytes = read_file(&pp)?;
        let parser = {
            let mut r = Reader::new(&pbytes, PARSER_MAGIC).map_err(|e| bad(&pp, e))?;
            let p = Parser::read(&mut r).map_err(|e| bad(&pp, e))?;
            r.finish().map_err(|e| bad(&pp, e))?;
            p
        };
        let ner = crate::ner::Recognizer::load(dir)?;
        Ok(Models { tagger, lemmatizer, parser, ner })
    }

    /// Tags, lemmatizes and parses one sentence of words (gold tokenization).
    pub fn annotate_words(&self, words: &[&str], scratch: &mut Scratch, out: &mut WordsAnnotation) {
        Tagger::views(words, &mut scratch.tag);
        self.tagger.tag_views(&mut scratch.tag, &mut out.tags);
        scratch.tag_hashes.clear();
        scratch.tag_hashes.extend(out.tags.iter().map(|&c| self.tagger.classes[c as usize].hash));
        out.lemmas.clear();
        for ((w, &h), &c) in words.iter().zip(&scratch.tag_hashes).zip(&out.tags) {
            self.lemmatizer.lemmatize(w, h, &mut scratch.lower, &mut scratch.lemma);
            let xpos = self.tagger.classes[c as usize].xpos;
            if xpos.starts_with("VB") {
                self.repair_verb_lemma(w, h, matches!(xpos, "VBD" | "VBN"), &mut scratch.lemma, &mut scratch.lower);
            }
            out.lemmas.push(scratch.lemma.clone());
        }
        self.parser.parse(&scratch.tag.views, &scratch.tag_hashes, &mut scratch.parse, &mut out.parse);
    }

    /// Mends two kinds of verb lemma that the learned suffix rules get wrong.
    ///
    /// "taped" → "ta": a rule learned from "stopped" → "stop" takes a consonant off with the
    /// "-ed", right only when the consonant was doubled; for a past form whose consonant is not,
    /// the lemma is the stem, with the silent `e` its spelling asks for ([`undoubled_past`]).
    ///
    /// "shouted" → "shoute": rules learned from "computed" → "compute" keep an `e` that no
    /// training word has. When a rule only took the `d` off "-ed" (or turned "-ing" into "-e"),
    /// the result is no frequent training word, the stem without the `e` is one, and the stem is
    /// not spelled like one that drops a silent `e` ("star" for "staring"), the lemma is the stem.
    ///
    /// Forms the training data lemmatized itself are left alone.
    fn repair_verb_lemma(&self, form: &str, tag: u64, past: bool, lemma: &mut String, buf: &mut String) {
        crate::features::lower_into(form, buf);
        if self.lemmatizer.knows_form(tag, buf) {
            return;
        }
        if past {
            if let Some(l) = undoubled_past(buf, lemma) {
                *lemma = l;
                return;
            }
        }
        let rule_kept_e = (buf.ends_with("ed") && buf.len() == lemma.len() + 1 && lemma.ends_with('e'))
            || (buf.ends_with("ing") && buf.len() == lemma.len() + 2 && lemma.ends_with('e'));
        if !rule_kept_e || lemma.len() < 4 || !lemma.is_ascii() {
            return;
        }
        crate::features::lower_into(lemma, buf);
        if self.tagger.knows(buf) {
            return;
        }
        buf.pop();
        if self.tagger.knows(buf) && !wants_silent_e(buf) {
            lemma.pop();
        }
    }

    /// Tags and parses without lemmas (the part of the work that speed targets measure).
    pub fn tag_and_parse(&self, words: &[&str], scratch: &mut Scratch, out: &mut WordsAnnotation) {
        Tagger::views(words, &mut scratch.tag);
        self.tagger.tag_views(&mut scratch.tag, &mut out.tags);
        scratch.tag_hashes.clear();
        scratch.tag_hashes.extend(out.tags.iter().map(|&c| self.tagger.classes[c as usize].hash));
        self.parser.parse(&scratch.tag.views, &scratch.tag_hashes, &mut scratch.parse, &mut out.parse);
    }

    /// Tags only (for profiling).
    pub fn tag_only(&self, words: &[&str], scratch: &mut Scratch, out: &mut WordsAnnotation) {
        Tagger::views(words, &mut scratch.tag);
        self.tagger.tag_views(&mut scratch.tag, &mut out.tags);
    }

    /// Tags, lemmatizes, parses and finds the named entities of every sentence of a segmented text.
    ///
    /// Sentences are parsed independently; heads are document-level token
    /// indices. Tokens outside every sentence get tags and lemmas but no head.
    pub fn annotate(&self, text: &str, seg: &Segmentation) -> Parse {
        let mut parse = self.annotate_syntax(text, seg);
        parse.entities = self.ner.recognize_parse(text, &parse);
        parse
    }

    /// [`Models::annotate`] without named entities (`entities` stays empty): what the parsing speed targets measure.
    pub fn annotate_syntax(&self, text: &str, seg: &Segmentation) -> Parse {
        let mut scratch = Scratch::default();
        let mut ann = WordsAnnotation::default();
        let mut tokens: Vec<TokenAnnotation> = vec![TokenAnnotation::default(); seg.tokens.len()];
        let mut covered = vec![false; seg.tokens.len()];
        let mut forms: Vec<std::borrow::Cow<'_, str>> = Vec::new();
        let mut run = |range: std::ops::Range<usize>, tokens: &mut Vec<TokenAnnotation>, scratch: &mut Scratch| {
            forms.clear();
            forms.extend(seg.tokens[range.clone()].iter().map(|t| sitrep_text::word_form(text.get(t.span.start..t.span.end).unwrap_or(""))));
            let words: Vec<&str> = forms.iter().map(AsRef::as_ref).collect();
            if words.is_empty() {
                return;
            }
            self.annotate_words(&words, scratch, &mut ann);
            for (k, i) in range.clone().enumerate() {
                let class = &self.tagger.classes[ann.tags[k] as usize];
                tokens[i] = TokenAnnotation {
                    upos: class.upos,
                    xpos: class.xpos,
                    lemma: std::mem::take(&mut ann.lemmas[k]),
                    head: ann.parse.heads[k].map(|h| range.start + h as usize),
                    deprel: self.parser.labels[ann.parse.labels[k] as usize],
                };
            }
        };
        for s in &seg.sentences {
            let r = s.tokens.start.min(seg.tokens.len())..s.tokens.end.min(seg.tokens.len());
            for c in &mut covered[r.clone()] {
                *c = true;
            }
            run(r, &mut tokens, &mut scratch);
        }
        // Tokens the splitter left out of every sentence: annotate each maximal run on its own.
        let mut i = 0;
        while i < covered.len() {
            if covered[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < covered.len() && !covered[i] {
                i += 1;
            }
            run(start..i, &mut tokens, &mut scratch);
            for t in &mut tokens[start..i] {
                t.head = None;
                t.deprel = crate::intern::intern("dep");
            }
        }
        Parse { spans: seg.tokens.iter().map(|t| t.span).collect(), tokens, sentences: seg.sentences.clone(), entities: Vec::new() }
    }
}

/// The lemma of a lower-case past form `form` ("taped") whose rule-made `lemma` ("ta") took off
/// a consonant that the form does not double before "-ed": the stem, plus the `e` that a single
/// vowel before its last consonant asks for ("tape", "describe", "type"), none after two
/// consonants or two vowels ("absorb", "heap"). `None` when the lemma is not of that kind.
fn undoubled_past(form: &str, lemma: &str) -> Option<String> {
    let b = form.as_bytes();
    let n = b.len();
    let consonant = |i: usize| !matches!(b[i], b'a' | b'e' | b'i' | b'o' | b'u');
    let cut_undoubled = form.is_ascii() && n >= 5 && lemma.len() + 3 == n && form.ends_with("ed") && form.starts_with(lemma) && consonant(n - 3) && b[n - 3] != b[n - 4];
    if !cut_undoubled {
        return None;
    }
    let stem = &form[..n - 2];
    // `y` after a consonant is a vowel ("typ-ed").
    let vowel = |i: usize| !consonant(i) || (b[i] == b'y' && i > 0 && consonant(i - 1));
    let m = stem.len();
    let single_vowel = vowel(m - 2) && (m < 3 || !vowel(m - 3));
    Some(if single_vowel { format!("{stem}e") } else { stem.to_string() })
}

/// Whether an English stem (lower-case ASCII) is spelled like one that drops a silent `e` before
/// "-ed" and "-ing": one vowel group, ending in a single vowel and a single consonant ("tap",
/// "ton", "star", "hop"). Stems ending in two consonants ("fight"), two vowels and a consonant
/// ("shout", "air") or of several syllables ("audit", "honor") keep no `e`.
fn wants_silent_e(stem: &str) -> bool {
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    let b = stem.as_bytes();
    let n = b.len();
    if n < 2 || vowel(b[n - 1]) || !vowel(b[n - 2]) || (n >= 3 && vowel(b[n - 3])) {
        return false;
    }
    let groups = b.iter().zip(std::iter::once(&b'-').chain(b.iter())).filter(|(c, p)| vowel(**c) && !vowel(**p)).count();
    groups == 1
}

#[cfg(test)]
mod tests {
    use super::{undoubled_past, wants_silent_e};

    #[test]
    fn undoubled_pasts() {
        for (form, cut, want) in [("taped", "ta", "tape"), ("typed", "ty", "type"), ("described", "descri", "describe"), ("absorbed", "absor", "absorb"), ("heaped", "hea", "heap")] {
            assert_eq!(undoubled_past(form, cut).as_deref(), Some(want), "{form}");
        }
        // A doubled consonant was cut right ("stopped" → "stop"), and other rules are not this kind.
        assert_eq!(undoubled_past("stopped", "stop"), None);
        assert_eq!(undoubled_past("shouted", "shoute"), None);
    }

    #[test]
    fn silent_e_spellings() {
        for stem in ["tap", "ton", "star", "hop", "cit"] {
            assert!(wants_silent_e(stem), "{stem}");
        }
        for stem in ["shout", "air", "fight", "audit", "honor", "combat", "flood", "ai"] {
            assert!(!wants_silent_e(stem), "{stem}");
        }
    }
}
