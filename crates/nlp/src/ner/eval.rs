//! Exact-span, micro-averaged entity scoring against UNER-style gold files.
//!
//! UNER English annotates PER, ORG and LOC (GPE folded into LOC, as in
//! sitrep). sitrep's MISC has no UNER counterpart, so MISC predictions (and
//! any gold MISC/OTH) are left out of the score: a MISC span neither counts as
//! a false positive nor as a miss.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::time::Instant;

use serde::Serialize;

use super::data::Doc;
use super::Recognizer;
use crate::types::EntityType;

/// The types that are scored, and how ours map onto UNER's.
pub const LABEL_MAPPING: &str =
    "PER->PER, ORG->ORG, LOC->LOC (GPE folded in); MISC not scored (UNER has no such class)";

/// Counts and scores for one type, or for all types together.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl TypeScores {
    fn finish(&mut self) {
        self.precision = pct(self.correct, self.predicted);
        self.recall = pct(self.correct, self.gold);
        self.f1 = if self.precision + self.recall > 0.0 {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        } else {
            0.0
        };
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The result of `sitrep eval ner`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub per_type: BTreeMap<String, TypeScores>,
    pub documents: usize,
    pub sentences: usize,
    pub tokens: usize,
    /// Tokens per second of the recognizer alone (features, scoring, decoding), one thread.
    pub tokens_per_second: f64,
    pub label_mapping: &'static str,
}

/// Runs the recognizer over gold documents (gold tokens and sentences) and scores it.
pub fn score(rec: &Recognizer, docs: &[Doc]) -> Scores {
    let scored = [EntityType::Per, EntityType::Org, EntityType::Loc];
    let mut per: BTreeMap<String, TypeScores> = scored
        .iter()
        .map(|t| (t.as_str().to_string(), TypeScores::default()))
        .collect();
    let mut elapsed = 0f64;
    let mut out = Scores {
        label_mapping: LABEL_MAPPING,
        ..Scores::default()
    };
    for d in docs {
        let toks: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
        let t0 = Instant::now();
        let pred = rec.recognize_tagged(&toks, &d.sentences, &d.tags);
        elapsed += t0.elapsed().as_secs_f64();
        out.documents += 1;
        out.sentences += d.sentences.len();
        out.tokens += d.len();
        let gold: HashSet<(Range<usize>, EntityType)> = d
            .entities
            .iter()
            .filter(|(_, t)| scored.contains(t))
            .cloned()
            .collect();
        let pred: HashSet<(Range<usize>, EntityType)> = pred
            .into_iter()
            .filter(|(_, t)| scored.contains(t))
            .collect();
        for (_, t) in &gold {
            per.get_mut(t.as_str()).map(|s| s.gold += 1);
        }
        for e in &pred {
            let s = per.get_mut(e.1.as_str());
            if let Some(s) = s {
                s.predicted += 1;
                if gold.contains(e) {
                    s.correct += 1;
                }
            }
        }
    }
    let mut all = TypeScores::default();
    for s in per.values_mut() {
        all.gold += s.gold;
        all.predicted += s.predicted;
        all.correct += s.correct;
        s.finish();
    }
    all.finish();
    out.precision = all.precision;
    out.recall = all.recall;
    out.f1 = all.f1;
    out.gold = all.gold;
    out.predicted = all.predicted;
    out.correct = all.correct;
    out.per_type = per;
    out.tokens_per_second = if elapsed > 0.0 {
        out.tokens as f64 / elapsed
    } else {
        0.0
    };
    out
}
