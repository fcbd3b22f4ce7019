//! Accuracy of the tagger, lemmatizer and parser against a treebank (`sitrep eval ud`).
//!
//! With gold tokenization every word is compared directly. All words count,
//! punctuation included, as in the CoNLL 2018 shared task; `las` compares full
//! relations (`nsubj:pass`), `las_universal` only the part before the colon.

use std::time::Instant;

use serde::Serialize;
use sitrep_conllu::Sentence;

use crate::models::{Models, Scratch, WordsAnnotation};

/// Scores in percent, plus throughput.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UdScores {
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    pub las_universal: f64,
    pub tokens: usize,
    pub sentences: usize,
    /// Tagging + lemmatizing + parsing, words per second of one thread's CPU time.
    pub tokens_per_s: f64,
    /// The same per second of wall-clock time (lower when the machine is busy).
    pub wall_tokens_per_s: f64,
}

/// CPU time consumed by the calling thread, in seconds (Linux); `None` elsewhere.
///
/// Throughput is measured in thread CPU time so that it means "one core"
/// even when the machine is shared; wall-clock time is reported next to it.
pub fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Measures `f` in thread CPU seconds (falling back to wall time) and in wall seconds.
pub fn timed<R>(f: impl FnOnce() -> R) -> (R, f64, f64) {
    let c0 = thread_cpu_seconds();
    let t0 = Instant::now();
    let r = f();
    let wall = t0.elapsed().as_secs_f64();
    let cpu = match (c0, thread_cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    (r, cpu, wall)
}

fn pct(a: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        (10000.0 * a as f64 / n as f64).round() / 100.0
    }
}

fn universal(l: &str) -> &str {
    l.split(':').next().unwrap_or(l)
}

/// Annotates every sentence of `sents` from its gold words and scores the result.
pub fn evaluate(models: &Models, sents: &[Sentence]) -> UdScores {
    let mut scratch = Scratch::default();
    let mut out: Vec<WordsAnnotation> = Vec::with_capacity(sents.len());
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let ((), secs, wall) = timed(|| {
        for w in &words {
            let mut a = WordsAnnotation::default();
            models.annotate_words(w, &mut scratch, &mut a);
            out.push(a);
        }
    });
    let (mut n, mut upos, mut xpos, mut lemma, mut uas, mut las, mut lasu) = (0, 0, 0, 0, 0, 0, 0);
    for (s, a) in sents.iter().zip(&out) {
        for (i, w) in s.words.iter().enumerate() {
            n += 1;
            let c = &models.tagger.classes[a.tags[i] as usize];
            upos += (c.upos.as_str() == w.upos) as usize;
            xpos += (c.xpos == w.xpos) as usize;
            lemma += (a.lemmas[i] == w.lemma) as usize;
            let head = a.parse.heads[i].map_or(0, |h| h + 1);
            if head == w.head {
                uas += 1;
                let l = models.parser.labels[a.parse.labels[i] as usize];
                las += (l == w.deprel) as usize;
                lasu += (universal(l) == universal(&w.deprel)) as usize;
            }
        }
    }
    UdScores {
        upos: pct(upos, n),
        xpos: pct(xpos, n),
        lemma: pct(lemma, n),
        uas: pct(uas, n),
        las: pct(las, n),
        las_universal: pct(lasu, n),
        tokens: n,
        sentences: sents.len(),
        tokens_per_s: rate(n, secs),
        wall_tokens_per_s: rate(n, wall),
    }
}

fn rate(n: usize, secs: f64) -> f64 {
    if secs > 0.0 {
        (n as f64 / secs).round()
    } else {
        0.0
    }
}

/// Raw-text scores (F1 in percent, CoNLL 2018 style): tokenization, splitting, then tags and trees on aligned words.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RawScores {
    pub words_f1: f64,
    pub sentences_f1: f64,
    pub upos_f1: f64,
    pub xpos_f1: f64,
    pub lemma_f1: f64,
    pub uas_f1: f64,
    pub las_f1: f64,
    pub gold_words: usize,
    pub system_words: usize,
    /// Segmentation + tagging + lemmatizing + parsing, system words per second of one thread's CPU time.
    pub tokens_per_s: f64,
}

/// One gold word placed in the rebuilt text.
struct GoldWord<'a> {
    span: (usize, usize),
    word: &'a sitrep_conllu::Word,
    /// Index of its head among the document's gold words (`None` for root).
    head: Option<usize>,
}

/// Rebuilds a document's text from its sentences, placing every gold word.
fn rebuild<'a>(sents: &[&'a Sentence]) -> (String, Vec<GoldWord<'a>>, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut words = Vec::new();
    let mut spans = Vec::new();
    for s in sents {
        if !text.is_empty() {
            text.push_str(if s.newpar { "\n\n" } else { " " });
        }
        let base = words.len();
        let sent_start = text.len();
        let mut i = 0;
        while i < s.words.len() {
            let id = s.words[i].id;
            let start = text.len();
            if let Some(m) = s.multiword.iter().find(|m| m.first == id) {
                text.push_str(&m.form);
                let k = (m.last - m.first + 1) as usize;
                let parts = &s.words[i..(i + k).min(s.words.len())];
                let concat: String = parts.iter().map(|w| w.form.as_str()).collect();
                let mut pos = start;
                for w in parts {
                    let span = if concat == m.form { (pos, pos + w.form.len()) } else { (start, text.len()) };
                    pos += w.form.len();
                    words.push(GoldWord { span, word: w, head: None });
                }
                if !m.misc.split('|').any(|f| f == "SpaceAfter=No") {
                    text.push(' ');
                }
                i += k;
            } else {
                let w = &s.words[i];
                text.push_str(&w.form);
                words.push(GoldWord { span: (start, text.len()), word: w, head: None });
                if !w.no_space_after() {
                    text.push(' ');
                }
                i += 1;
            }
        }
        while text.ends_with(' ') {
            text.pop();
        }
        for g in &mut words[base..] {
            g.head = (g.word.head > 0).then(|| base + g.word.head as usize - 1);
        }
        spans.push((sent_start, text.len()));
    }
    (text, words, spans)
}

/// Segments the raw text of each document with sitrep's tokenizer and splitter, annotates it and scores it.
pub fn evaluate_raw(models: &Models, sents: &[Sentence]) -> RawScores {
    let mut docs: Vec<Vec<&Sentence>> = Vec::new();
    for s in sents {
        if s.newdoc || docs.is_empty() {
            docs.push(Vec::new());
        }
        docs.last_mut().expect("pushed above").push(s);
    }
    let (mut gold_n, mut sys_n, mut matched) = (0usize, 0usize, 0usize);
    let (mut gs, mut ss, mut sm) = (0usize, 0usize, 0usize);
    let (mut upos, mut xpos, mut lemma, mut uas, mut las) = (0, 0, 0, 0, 0);
    let mut secs = 0.0;
    for doc in &docs {
        let (text, gold, gspans) = rebuild(doc);
        let ((seg, parse), cpu, _) = timed(|| {
            let seg = sitrep_text::segment(&text);
            let parse = models.annotate(&text, &seg);
            (seg, parse)
        });
        secs += cpu;
        gold_n += gold.len();
        sys_n += parse.tokens.len();
        gs += gspans.len();
        ss += seg.sentences.len();
        let sys_spans: std::collections::HashSet<(usize, usize)> = seg.sentences.iter().map(|s| (s.span.start, s.span.end)).collect();
        sm += gspans.iter().filter(|s| sys_spans.contains(s)).count();
        // Align words by identical spans (first system word wins for shared spans).
        let mut by_span: std::collections::HashMap<(usize, usize), usize> = std::collections::HashMap::new();
        for (i, sp) in parse.spans.iter().enumerate() {
            by_span.entry((sp.start, sp.end)).or_insert(i);
        }
        let align: Vec<Option<usize>> = gold.iter().map(|g| by_span.get(&g.span).copied()).collect();
        let mut used = vec![false; parse.tokens.len()];
        for (gi, g) in gold.iter().enumerate() {
            let Some(si) = align[gi] else { continue };
            if used[si] {
                continue;
            }
            used[si] = true;
            matched += 1;
            let t = &parse.tokens[si];
            upos += (t.upos.as_str() == g.word.upos) as usize;
            xpos += (t.xpos == g.word.xpos) as usize;
            lemma += (t.lemma == g.word.lemma) as usize;
            let head_ok = match (g.head, t.head) {
                (None, None) => true,
                (Some(gh), Some(sh)) => align[gh] == Some(sh),
                _ => false,
            };
            if head_ok {
                uas += 1;
                las += (t.deprel == g.word.deprel) as usize;
            }
        }
    }
    let f1 = |c: usize, g: usize, s: usize| {
        if g + s == 0 {
            0.0
        } else {
            (10000.0 * 2.0 * c as f64 / (g + s) as f64).round() / 100.0
        }
    };
    RawScores {
        words_f1: f1(matched, gold_n, sys_n),
        sentences_f1: f1(sm, gs, ss),
        upos_f1: f1(upos, gold_n, sys_n),
        xpos_f1: f1(xpos, gold_n, sys_n),
        lemma_f1: f1(lemma, gold_n, sys_n),
        uas_f1: f1(uas, gold_n, sys_n),
        las_f1: f1(las, gold_n, sys_n),
        gold_words: gold_n,
        system_words: sys_n,
        tokens_per_s: rate(sys_n, secs),
    }
}
