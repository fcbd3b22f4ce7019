//! Training recipes behind `sitrep train tagger|parser`: data loading, jackknifing, model files.
//!
//! Everything here is deterministic: corpora are read in a fixed order, every
//! random choice comes from a seeded generator and model files are written
//! from sorted tables, so the same data and options give byte-identical models.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sitrep_conllu::Sentence;

use crate::assoc::{Assoc, AssocCounter};
use crate::binfmt::Writer;
use crate::lemma::Lemmatizer;
use crate::models::{ModelError, PARSER_MAGIC, TAGGER_MAGIC};
use crate::parser::{self, ParserOptions, TreeSentence, ROOT_LABEL};
use crate::tagger::{self, TagClass, TagScratch, TaggedSentence, Tagger, TaggerOptions};
use crate::types::Upos;
use crate::features::WordView;

/// Where the training sentences come from.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// CoNLL-U files read whole (e.g. `en_ewt-ud-train.conllu`).
    pub files: Vec<PathBuf>,
    /// A GUM checkout (`dep/*.conllu` + `splits.tsv`): only documents of the `train` split are read.
    pub gum: Option<PathBuf>,
}

fn load_err(path: &Path, message: impl Into<String>) -> ModelError {
    ModelError::Load { path: path.to_path_buf(), message: message.into() }
}

impl Corpus {
    /// Reads every training sentence, in a fixed order.
    pub fn load(&self) -> Result<Vec<Sentence>, ModelError> {
        let mut out = Vec::new();
        for f in &self.files {
            out.extend(sitrep_conllu::read_file(f).map_err(|e| load_err(f, e))?);
        }
        if let Some(dir) = &self.gum {
            let splits = dir.join("splits.tsv");
            let text = std::fs::read_to_string(&splits).map_err(|e| load_err(&splits, e.to_string()))?;
            let mut docs: Vec<&str> =
                text.lines().filter_map(|l| l.split_once('\t')).filter(|(_, s)| s.trim() == "train").map(|(d, _)| d.trim()).collect();
            docs.sort_unstable();
            for d in docs {
                let f = dir.join("dep").join(format!("{d}.conllu"));
                if f.exists() {
                    out.extend(sitrep_conllu::read_file(&f).map_err(|e| load_err(&f, e))?);
                }
            }
        }
        out.retain(|s| !s.words.is_empty());
        Ok(out)
    }
}

/// The joint tag classes of a corpus: by descending frequency, then by name.
pub fn tag_classes(sents: &[Sentence]) -> Vec<TagClass> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for s in sents {
        for w in &s.words {
            if w.upos.parse::<Upos>().is_ok() {
                *counts.entry((w.upos.clone(), w.xpos.clone())).or_default() += 1;
            }
        }
    }
    let mut v: Vec<((String, String), usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().map(|((u, x), _)| TagClass::new(u.parse().expect("checked above"), &x)).collect()
}

fn class_of(classes: &[TagClass], upos: &str, xpos: &str) -> u16 {
    let h = tagger::tag_hash(upos, xpos);
    classes.iter().position(|c| c.hash == h).unwrap_or(0) as u16
}

fn tagged(classes: &[TagClass], sents: &[Sentence]) -> Vec<TaggedSentence> {
    sents
        .iter()
        .map(|s| TaggedSentence {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            tags: s.words.iter().map(|w| class_of(classes, &w.upos, &w.xpos)).collect(),
        })
        .collect()
}

/// Trains the tagger and the lemmatizer.
pub fn train_tagger(sents: &[Sentence], opts: &TaggerOptions, log: &mut dyn FnMut(String)) -> (Tagger, Lemmatizer) {
    let classes = tag_classes(sents);
    let data = tagged(&classes, sents);
    log(format!("tagger: {} sentences, {} tag classes", data.len(), classes.len()));
    let tagger = tagger::train(classes, &data, opts, |e, acc| log(format!("tagger epoch {}: train accuracy {:.2}", e + 1, acc * 100.0)));
    let lem = Lemmatizer::train(
        sents.iter().flat_map(|s| s.words.iter()).map(|w| (w.form.as_str(), tagger::tag_hash(&w.upos, &w.xpos), w.lemma.as_str())),
    );
    (tagger, lem)
}

/// Serializes a tagger and lemmatizer into the `tagger.bin` layout.
pub fn tagger_bytes(t: &Tagger, l: &Lemmatizer) -> Vec<u8> {
    let mut w = Writer::new(TAGGER_MAGIC);
    t.write(&mut w);
    l.write(&mut w);
    w.buf
}

/// Serializes a parser into the `parser.bin` layout.
pub fn parser_bytes(p: &parser::Parser) -> Vec<u8> {
    let mut w = Writer::new(PARSER_MAGIC);
    p.write(&mut w);
    w.buf
}

/// Writes `bytes` to `dir/name`.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ModelError> {
    let path = dir.join(name);
    std::fs::create_dir_all(dir).map_err(|e| load_err(dir, e.to_string()))?;
    std::fs::write(&path, bytes).map_err(|e| load_err(&path, e.to_string()))?;
    Ok(path)
}

/// Tags `sents` with `tagger`, giving each word's tag hash.
pub fn predict_tags(tagger: &Tagger, sents: &[Sentence]) -> Vec<Vec<u64>> {
    let mut scratch = TagScratch::default();
    let mut out = Vec::new();
    sents
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            tagger.tag(&words, &mut scratch, &mut out);
            out.iter().map(|&c| tagger.classes[c as usize].hash).collect()
        })
        .collect()
}

/// Parser training settings, including how its training tags are produced.
#[derive(Debug, Clone)]
pub struct ParserRecipe {
    pub parser: ParserOptions,
    pub tagger: TaggerOptions,
    /// Folds for jackknifed training tags; 0 or 1 trains on gold tags.
    pub folds: usize,
    /// News articles (JSONL with a `text` field) whose parses give the word-pair statistics
    /// of [`train_parser_with_pairs`]; none: the pair features stay constant.
    pub news: Vec<PathBuf>,
    /// Pairs seen fewer times in the parsed news are left out.
    pub pair_min_count: u32,
}

impl Default for ParserRecipe {
    fn default() -> Self {
        ParserRecipe {
            parser: ParserOptions::default(),
            // No headline copies: the parser reads no case, and its training tags stay as they were
            // made before the shipped tagger learnt headlines (session 34, models/README.md).
            tagger: TaggerOptions { epochs: 5, two_pass: false, fixed: false, runs: 1, titlecase: 0.0, ..TaggerOptions::default() },
            folds: 5,
            news: Vec::new(),
            // Singletons add noise: held-out dev UAS 84.93 / 83.54 with them, 85.13 / 83.90 without.
            pair_min_count: 2,
        }
    }
}

/// The relation inventory of a corpus, sorted, with `root` guaranteed.
pub fn label_set(sents: &[Sentence]) -> Vec<String> {
    let mut v: Vec<String> = sents.iter().flat_map(|s| s.words.iter().map(|w| w.deprel.clone())).filter(|l| l != "_").collect();
    v.push(ROOT_LABEL.to_string());
    v.sort_unstable();
    v.dedup();
    v
}

/// Trains the parser on jackknifed tags.
pub fn train_parser(sents: &[Sentence], recipe: &ParserRecipe, log: &mut dyn FnMut(String)) -> parser::Parser {
    train_parser_runs(sents, recipe, log).finish(recipe.parser.prune, recipe.parser.min_weight)
}

/// [`train_parser`] before the runs are averaged and quantized.
pub fn train_parser_runs(sents: &[Sentence], recipe: &ParserRecipe, log: &mut dyn FnMut(String)) -> parser::TrainedParser {
    let (labels, data) = parser_data(sents, recipe, log);
    train_parser_on(sents, labels, &data, recipe, log)
}

/// The relation labels and the training trees (on jackknifed tags) of every parser trainer.
fn parser_data(sents: &[Sentence], recipe: &ParserRecipe, log: &mut dyn FnMut(String)) -> (Vec<String>, Vec<TreeSentence>) {
    let tags = jackknife_tags(sents, recipe, log);
    let labels = label_set(sents);
    let data = tree_sentences(sents, tags, &labels, false);
    log(format!("parser: {} sentences, {} labels", data.len(), labels.len()));
    (labels, data)
}

/// Trains the parser twice: a first parser (without pair statistics) parses
/// `recipe.news`, tagged by `tagger`; the head-dependent word pairs it finds
/// become the statistics the final parser is trained with (see [`crate::assoc`]).
/// Without news files this is [`train_parser`].
pub fn train_parser_with_pairs(sents: &[Sentence], recipe: &ParserRecipe, tagger: &Tagger, log: &mut dyn FnMut(String)) -> Result<parser::Parser, ModelError> {
    let (labels, data) = parser_data(sents, recipe, log);
    let mut recipe = recipe.clone();
    recipe.parser.assoc = Default::default();
    let first = train_parser_on(sents, labels.clone(), &data, &recipe, log).finish(recipe.parser.prune, recipe.parser.min_weight);
    if recipe.news.is_empty() {
        return Ok(first);
    }
    let assoc = news_pair_stats(tagger, &first, &recipe.news, recipe.pair_min_count, log)?;
    recipe.parser.assoc = std::sync::Arc::new(assoc);
    log("parser: training again with the pair statistics".into());
    Ok(train_parser_on(sents, labels, &data, &recipe, log).finish(recipe.parser.prune, recipe.parser.min_weight))
}

/// Head-dependent word pairs counted over `parser`'s parses of news articles
/// (JSONL, one article per line with a `text` field), pairs seen fewer than `min_count` times left out.
pub fn news_pair_stats(tagger: &Tagger, parser: &parser::Parser, files: &[PathBuf], min_count: u32, log: &mut dyn FnMut(String)) -> Result<Assoc, ModelError> {
    let (counter, words, articles) = news_pair_counts(tagger, parser, files)?;
    let assoc = counter.finish(min_count);
    log(format!("parser: {} word pairs seen at least {min_count} times in {words} parsed words of {articles} articles", assoc.len()));
    Ok(assoc)
}

/// The counts behind [`news_pair_stats`], with the number of words parsed and of articles read.
pub fn news_pair_counts(tagger: &Tagger, parser: &parser::Parser, files: &[PathBuf]) -> Result<(AssocCounter, usize, usize), ModelError> {
    use rayon::prelude::*;
    let case = parser.labels.iter().position(|&l| l == "case").map(|i| i as u8);
    let mut texts = Vec::new();
    for f in files {
        let raw = std::fs::read_to_string(f).map_err(|e| load_err(f, e.to_string()))?;
        for (i, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| load_err(f, format!("line {}: {e}", i + 1)))?;
            let text = v.get("text").and_then(|t| t.as_str()).ok_or_else(|| load_err(f, format!("line {}: no \"text\" string", i + 1)))?;
            texts.push(text.to_string());
        }
    }
    // Counts add up, so the articles are parsed in parallel chunks and the counters merged.
    let (counter, words) = texts
        .par_chunks(64)
        .map(|chunk| {
            let mut c = AssocCounter::default();
            let (mut ts, mut ps) = (TagScratch::default(), parser::ParseScratch::default());
            let (mut tagv, mut parsed, mut hashes, mut lower, mut is_case) = (Vec::new(), parser::ParsedSentence::default(), Vec::new(), Vec::new(), Vec::new());
            let mut words = 0usize;
            for t in chunk {
                let seg = sitrep_text::segment(t);
                for s in &seg.sentences {
                    let toks = &seg.tokens[s.tokens.clone()];
                    // Very short lines are mostly captions and bylines; very long ones run-ons.
                    if toks.len() < 3 || toks.len() > 80 {
                        continue;
                    }
                    let ws: Vec<&str> = toks.iter().map(|k| &t[k.span.start..k.span.end]).collect();
                    words += ws.len();
                    Tagger::views(&ws, &mut ts);
                    tagger.tag_views(&mut ts, &mut tagv);
                    hashes.clear();
                    hashes.extend(tagv.iter().map(|&c| tagger.classes[c as usize].hash));
                    parser.parse(&ts.views, &hashes, &mut ps, &mut parsed);
                    lower.clear();
                    lower.extend(ts.views.iter().map(|v| v.lower));
                    is_case.clear();
                    is_case.extend(parsed.labels.iter().map(|&l| Some(l) == case));
                    c.add_sentence(&lower, &parsed.heads, &is_case);
                }
            }
            (c, words)
        })
        .reduce(|| (AssocCounter::default(), 0), |(mut a, n), (b, m)| {
            a.merge(b);
            (a, n + m)
        });
    Ok((counter, words, texts.len()))
}

/// The tags the parser trains on: each sentence tagged by a tagger trained
/// without it (`recipe.folds` folds), so that training sees tagging errors as
/// parsing will; gold tags with 0 or 1 folds.
pub fn jackknife_tags(sents: &[Sentence], recipe: &ParserRecipe, log: &mut dyn FnMut(String)) -> Vec<Vec<u64>> {
    if recipe.folds <= 1 {
        sents.iter().map(|s| s.words.iter().map(|w| tagger::tag_hash(&w.upos, &w.xpos)).collect()).collect()
    } else {
        let k = recipe.folds;
        let fold_of = |i: usize| i % k;
        // Folds are independent, so they run in parallel without affecting the result.
        use rayon::prelude::*;
        let results: Vec<Vec<(usize, Vec<u64>)>> = (0..k)
            .into_par_iter()
            .map(|f| {
                let train: Vec<Sentence> = sents.iter().enumerate().filter(|(i, _)| fold_of(*i) != f).map(|(_, s)| s.clone()).collect();
                let held: Vec<(usize, Sentence)> =
                    sents.iter().enumerate().filter(|(i, _)| fold_of(*i) == f).map(|(i, s)| (i, s.clone())).collect();
                let classes = tag_classes(&train);
                let data = tagged(&classes, &train);
                let t = tagger::train(classes, &data, &recipe.tagger, |_, _| {});
                let held_sents: Vec<Sentence> = held.iter().map(|(_, s)| s.clone()).collect();
                let pred = predict_tags(&t, &held_sents);
                held.iter().map(|(i, _)| *i).zip(pred).collect()
            })
            .collect();
        let mut tags = vec![Vec::new(); sents.len()];
        for r in results {
            for (i, t) in r {
                tags[i] = t;
            }
        }
        let (mut ok, mut all) = (0usize, 0usize);
        for (s, t) in sents.iter().zip(&tags) {
            for (w, &h) in s.words.iter().zip(t) {
                all += 1;
                ok += (tagger::tag_hash(&w.upos, &w.xpos) == h) as usize;
            }
        }
        log(format!("parser: jackknifed tags over {k} folds, accuracy {:.2}", 100.0 * ok as f64 / all.max(1) as f64));
        tags
    }
}

/// Parser training sentences (projectivized gold trees) from treebank
/// sentences and their training tags; `reverse` mirrors the word order, for a
/// right-to-left parser.
pub fn tree_sentences(sents: &[Sentence], tags: Vec<Vec<u64>>, labels: &[String], reverse: bool) -> Vec<TreeSentence> {
    let mut lower = String::new();
    sents
        .iter()
        .zip(tags)
        .map(|(s, mut tags)| {
            let n = s.words.len() as u32;
            let mut heads: Vec<u32> = s.words.iter().map(|w| if w.head == 0 || w.head > n { n } else { w.head - 1 }).collect();
            let mut views: Vec<WordView> = s.words.iter().map(|w| WordView::new(&w.form, &mut lower)).collect();
            let mut labs: Vec<u8> = s.words.iter().map(|w| labels.binary_search(&w.deprel).unwrap_or(0) as u8).collect();
            if reverse {
                heads = heads.iter().rev().map(|&h| if h == n { n } else { n - 1 - h }).collect();
                views.reverse();
                tags.reverse();
                labs.reverse();
            }
            parser::projectivize(&mut heads);
            TreeSentence { views, tags, heads, labels: labs }
        })
        .collect()
}

/// Trains parser runs on prepared sentences (`sents` gives the tag → coarse tag map).
pub fn train_parser_on(sents: &[Sentence], labels: Vec<String>, data: &[TreeSentence], recipe: &ParserRecipe, log: &mut dyn FnMut(String)) -> parser::TrainedParser {
    let mut coarse = std::collections::HashMap::with_hasher(crate::hash::IdentityBuild);
    for w in sents.iter().flat_map(|s| s.words.iter()) {
        coarse.insert(tagger::tag_hash(&w.upos, &w.xpos), crate::hash::hash_str(&w.upos));
    }
    parser::train_runs(labels, coarse, data, &recipe.parser, |e, uas| log(format!("parser epoch {}: train UAS {:.2}", e + 1, uas * 100.0)))
}
