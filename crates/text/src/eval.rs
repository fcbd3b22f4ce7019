//! Tokenizer and sentence-splitter evaluation against a UD treebank, CoNLL 2018 style.
//!
//! The raw text is rebuilt from the treebank the way the shared task did: the
//! `# text` sentences of a paragraph joined by one space, paragraphs (`# newpar`)
//! separated by a blank line, each document (`# newdoc`) segmented on its own.
//! Gold syntactic words get byte spans in that text (a multiword token's words
//! take consecutive slices of it, since UD English word forms concatenate to the
//! token), and a system word or sentence counts as correct when its span equals
//! a gold span exactly.

use std::path::Path;

use serde::Serialize;
use sitrep_conllu::Sentence as GoldSentence;
use sitrep_document::Span;

use crate::{sentences, tokenize};

/// Why a treebank could not be evaluated.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{0}")]
    Read(String),
    /// A gold token does not match the sentence's `# text`.
    #[error("{file}:{line}: token {form:?} does not match the sentence text at byte {offset}")]
    Misaligned { file: String, line: u64, form: String, offset: usize },
    #[error("{file}:{line}: sentence has no `# text` comment")]
    NoText { file: String, line: u64 },
}

/// One treebank document rebuilt as raw text with its gold segmentation.
#[derive(Debug, Clone, Default)]
pub struct GoldDocument {
    pub text: String,
    /// Gold syntactic words, in order.
    pub words: Vec<Span>,
    /// Gold sentences (first word start .. last word end).
    pub sentences: Vec<Span>,
    /// 1-based line of the document's first sentence in the CoNLL-U file.
    pub line: u64,
}

/// Rebuilds the raw documents of a parsed treebank.
pub fn gold_documents(file: &str, sents: &[GoldSentence]) -> Result<Vec<GoldDocument>, EvalError> {
    let mut docs: Vec<GoldDocument> = Vec::new();
    for (k, s) in sents.iter().enumerate() {
        if k == 0 || s.newdoc {
            docs.push(GoldDocument { line: s.line, ..Default::default() });
        }
        let doc = docs.last_mut().expect("a document was just pushed");
        let stext = s.text.as_deref().ok_or_else(|| EvalError::NoText { file: file.to_string(), line: s.line })?;
        if !doc.text.is_empty() {
            doc.text.push_str(if s.newpar { "\n\n" } else { " " });
        }
        let base = doc.text.len();
        doc.text.push_str(stext);
        let first_word = doc.words.len();
        align_sentence(file, s, stext, base, &mut doc.words)?;
        if doc.words.len() > first_word {
            let sp = Span::new(doc.words[first_word].start, doc.words[doc.words.len() - 1].end);
            doc.sentences.push(sp);
        }
    }
    Ok(docs)
}

/// Gives every syntactic word of `s` its span in `text` (shifted by `base`).
fn align_sentence(file: &str, s: &GoldSentence, text: &str, base: usize, words: &mut Vec<Span>) -> Result<(), EvalError> {
    let mut pos = 0;
    let mut i = 0;
    while i < s.words.len() {
        let id = s.words[i].id;
        let (form, n) = match s.multiword.iter().find(|m| m.first == id) {
            Some(m) => (m.form.as_str(), (m.last - m.first + 1) as usize),
            None => (s.words[i].form.as_str(), 1),
        };
        pos = skip_space(text, pos);
        // Match the form against the text, letting spaces inside a form match any whitespace.
        let start = pos;
        let mut ok = true;
        for fc in form.split_whitespace() {
            pos = skip_space(text, pos);
            if text[pos..].starts_with(fc) {
                pos += fc.len();
            } else {
                ok = false;
                break;
            }
        }
        if !ok {
            return Err(EvalError::Misaligned { file: file.to_string(), line: s.line, form: form.to_string(), offset: pos });
        }
        let end = pos;
        let parts = &s.words[i..(i + n).min(s.words.len())];
        let concat: usize = parts.iter().map(|w| w.form.len()).sum();
        if n > 1 && concat == end - start && parts.iter().map(|w| w.form.as_str()).collect::<String>().eq_ignore_ascii_case(&text[start..end]) {
            let mut p = start;
            for w in parts {
                words.push(Span::new(base + p, base + p + w.form.len()));
                p += w.form.len();
            }
        } else {
            for _ in parts {
                words.push(Span::new(base + start, base + end));
            }
        }
        i += n;
    }
    Ok(())
}

fn skip_space(text: &str, pos: usize) -> usize {
    pos + text[pos..].chars().take_while(|c| c.is_whitespace()).map(char::len_utf8).sum::<usize>()
}

/// Gold, system and matched counts with the derived scores.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub matched: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        pct(self.matched, self.system)
    }
    pub fn recall(&self) -> f64 {
        pct(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
    fn add(&mut self, gold: &[Span], system: &[Span]) {
        self.gold += gold.len();
        self.system += system.len();
        self.matched += matched(gold, system);
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 }
}

/// Number of spans present in both sorted lists.
fn matched(gold: &[Span], system: &[Span]) -> usize {
    let (mut i, mut j, mut m) = (0, 0, 0);
    while i < gold.len() && j < system.len() {
        match gold[i].cmp(&system[j]) {
            std::cmp::Ordering::Equal => {
                m += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    m
}

/// The result of `sitrep eval tokenize`: a public interface, keep the keys stable.
#[derive(Debug, Clone, Serialize)]
pub struct TokenizeReport {
    pub file: String,
    pub documents: usize,
    pub words_f1: f64,
    pub words_precision: f64,
    pub words_recall: f64,
    pub words_gold: usize,
    pub words_system: usize,
    pub words_matched: usize,
    pub sentences_f1: f64,
    pub sentences_precision: f64,
    pub sentences_recall: f64,
    pub sentences_gold: usize,
    pub sentences_system: usize,
    pub sentences_matched: usize,
}

/// System segmentation of one document: word spans and sentence spans.
pub fn system_segmentation(text: &str) -> (Vec<Span>, Vec<Span>) {
    system_segmentation_with(sentences::SentenceModel::builtin(), text)
}

/// System segmentation with a given sentence model (for training and tuning).
pub fn system_segmentation_with(model: &sentences::SentenceModel, text: &str) -> (Vec<Span>, Vec<Span>) {
    let tokens = tokenize::tokenize(text);
    let paragraphs = sentences::paragraphs(text);
    let sents = sentences::split_with(model, text, &tokens, &paragraphs);
    (tokens.iter().map(|t| t.span).collect(), sents.iter().map(|s| s.span).collect())
}

/// Scores already rebuilt documents with the built-in sentence model.
pub fn score(file: &str, docs: &[GoldDocument]) -> TokenizeReport {
    score_with(sentences::SentenceModel::builtin(), file, docs)
}

/// Scores already rebuilt documents with a given sentence model.
pub fn score_with(model: &sentences::SentenceModel, file: &str, docs: &[GoldDocument]) -> TokenizeReport {
    let mut w = Counts::default();
    let mut s = Counts::default();
    for d in docs {
        let (words, sents) = system_segmentation_with(model, &d.text);
        w.add(&d.words, &words);
        s.add(&d.sentences, &sents);
    }
    TokenizeReport {
        file: file.to_string(),
        documents: docs.len(),
        words_f1: round2(w.f1()),
        words_precision: round2(w.precision()),
        words_recall: round2(w.recall()),
        words_gold: w.gold,
        words_system: w.system,
        words_matched: w.matched,
        sentences_f1: round2(s.f1()),
        sentences_precision: round2(s.precision()),
        sentences_recall: round2(s.recall()),
        sentences_gold: s.gold,
        sentences_system: s.system,
        sentences_matched: s.matched,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Reads a CoNLL-U file and scores the tokenizer and sentence splitter on it.
pub fn evaluate_file(path: &Path) -> Result<TokenizeReport, EvalError> {
    let file = path.display().to_string();
    let sents = sitrep_conllu::read_file(path).map_err(EvalError::Read)?;
    let docs = gold_documents(&file, &sents)?;
    Ok(score(&file, &docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n# text = Me neither.\n1\tMe\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n2\tneither\tneither\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";

    #[test]
    fn rebuilds_text_and_word_spans() {
        let sents = sitrep_conllu::parse_str(SAMPLE).unwrap();
        let docs = gold_documents("x", &sents).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "I don't know. Me neither.");
        let forms: Vec<&str> = d.words.iter().map(|s| &d.text[s.start..s.end]).collect();
        assert_eq!(forms, ["I", "do", "n't", "know", ".", "Me", "neither", "."]);
        assert_eq!(d.sentences, [Span::new(0, 13), Span::new(14, 25)]);
        let r = score("x", &docs);
        assert_eq!(r.words_f1, 100.0);
        assert_eq!(r.sentences_f1, 100.0);
    }

    #[test]
    fn counts_partial_matches() {
        let mut c = Counts::default();
        c.add(&[Span::new(0, 1), Span::new(2, 4)], &[Span::new(0, 1), Span::new(2, 3), Span::new(3, 4)]);
        assert_eq!((c.gold, c.system, c.matched), (2, 3, 1));
        assert!((c.f1() - 40.0).abs() < 1e-9);
    }
}
