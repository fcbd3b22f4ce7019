//! Main-text extraction quality, measured as the scrapinghub
//! article-extraction-benchmark measures it (its `evaluate.py`).
//!
//! Per page: texts are split into `\w+` tokens (Unicode letters, digits and
//! `_`), tokens into overlapping 4-token shingles, and shingle multisets are
//! compared into true/false positives and false negatives, normalised to sum
//! to 1 so long pages weigh no more than short ones. Precision is then averaged
//! over pages with any prediction or truth (tp + fp > 0), recall over pages with
//! tp + fn > 0, and F1 is the harmonic mean of the two averages.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;

/// Shingle length used by the benchmark.
pub const SHINGLE: usize = 4;

/// Benchmark scores over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages: usize,
}

/// Failure to run an evaluation (missing or unreadable benchmark files).
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
}

fn token_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // Python's `\w` for str patterns: letters, numbers and the underscore
    // (marks are not word characters there, unlike in Rust's `\w`).
    RE.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("valid regex"))
}

/// The benchmark's tokens of `text`.
pub fn tokens(text: &str) -> Vec<&str> {
    token_re().find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let t = tokens(text);
    let mut out: HashMap<Vec<&str>, u32> = HashMap::new();
    // As upstream: at least one (possibly shorter) shingle unless there are no tokens.
    let count = t.len().saturating_sub(SHINGLE - 1).max(1);
    for i in 0..count {
        let s = &t[i.min(t.len())..(i + SHINGLE).min(t.len())];
        if !s.is_empty() {
            *out.entry(s.to_vec()).or_default() += 1;
        }
    }
    out
}

/// Normalised (tp, fp, fn) of one page's predicted text against the truth.
pub fn page_counts(truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(truth);
    let p = shingles(pred);
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += f64::from(tc.min(pc));
        fn_ += f64::from(tc.saturating_sub(pc));
        fp += f64::from(pc.saturating_sub(tc));
    }
    for (k, &pc) in &p {
        if !t.contains_key(k) {
            fp += f64::from(pc);
        }
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        (tp / s, fp / s, fn_ / s)
    } else {
        (tp, fp, fn_)
    }
}

/// Averages per-page counts into benchmark scores.
pub fn scores(counts: &[(f64, f64, f64)]) -> Scores {
    let precision = mean(counts.iter().filter(|c| c.0 + c.1 > 0.0).map(|&(tp, fp, fn_)| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fp == 0.0 {
            0.0
        } else {
            tp / (tp + fp)
        }
    }));
    let recall = mean(counts.iter().filter(|c| c.0 + c.2 > 0.0).map(|&(tp, fp, fn_)| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fn_ == 0.0 {
            0.0
        } else {
            tp / (tp + fn_)
        }
    }));
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Scores { precision, recall, f1, pages: counts.len() }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

/// Reads a benchmark's `ground-truth.json`: page key → reference article body.
pub fn ground_truth(dir: &Path) -> Result<Vec<(String, String)>, EvalError> {
    let path = dir.join("ground-truth.json");
    let raw = std::fs::read(&path).map_err(|source| EvalError::Io { path: path.clone(), source })?;
    let v: serde_json::Value =
        serde_json::from_slice(&raw).map_err(|e| EvalError::Format { path: path.clone(), message: e.to_string() })?;
    let obj = v.as_object().ok_or_else(|| EvalError::Format { path: path.clone(), message: "not a JSON object".into() })?;
    let mut out: Vec<(String, String)> = obj
        .iter()
        .map(|(k, rec)| (k.clone(), rec.get("articleBody").and_then(|b| b.as_str()).unwrap_or("").to_string()))
        .collect();
    out.sort();
    Ok(out)
}

/// Runs sitrep's HTML extraction over a benchmark directory laid out as
/// scrapinghub's (`ground-truth.json` + `html/<key>.html.gz`) and scores it.
pub fn evaluate_dir(dir: &Path) -> Result<Scores, EvalError> {
    let truth = ground_truth(dir)?;
    let counts: Vec<(f64, f64, f64)> = truth
        .par_iter()
        .map(|(key, body)| {
            let path = dir.join("html").join(format!("{key}.html.gz"));
            let bytes = read_page(&path)?;
            let pred = crate::html::extract(&crate::html::decode(&bytes, None)).text;
            Ok(page_counts(body, &pred))
        })
        .collect::<Result<_, EvalError>>()?;
    Ok(scores(&counts))
}

/// Reads a page, gunzipping it when needed.
pub fn read_page(path: &Path) -> Result<Vec<u8>, EvalError> {
    let f = std::fs::File::open(path).map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    let mut r = std::io::BufReader::new(f);
    let mut out = Vec::new();
    let gz = std::io::BufRead::fill_buf(&mut r).map(|b| b.starts_with(&[0x1f, 0x8b])).unwrap_or(false);
    let res = if gz { flate2::bufread::MultiGzDecoder::new(r).read_to_end(&mut out) } else { r.read_to_end(&mut out) };
    res.map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_follow_python_word_characters() {
        assert_eq!(tokens("U.S.-Iran talks, $500 million; naïve_x 東京"), ["U", "S", "Iran", "talks", "500", "million", "naïve_x", "東京"]);
    }

    #[test]
    fn perfect_partial_and_empty() {
        let truth = "one two three four five six";
        assert_eq!(page_counts(truth, truth), (1.0, 0.0, 0.0));
        // Truth has 3 shingles; the prediction adds one extra token (1 more shingle).
        let (tp, fp, fn_) = page_counts(truth, "one two three four five six seven");
        assert!((tp - 0.75).abs() < 1e-9 && (fp - 0.25).abs() < 1e-9 && fn_ == 0.0);
        assert_eq!(page_counts(truth, ""), (0.0, 0.0, 1.0));
        // Short texts give one short shingle, as upstream.
        assert_eq!(page_counts("a b", "a b"), (1.0, 0.0, 0.0));
        assert_eq!(page_counts("", ""), (0.0, 0.0, 0.0));
    }

    #[test]
    fn averages_like_upstream() {
        // An empty prediction counts in recall (as 0) but not in precision.
        let s = scores(&[(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)]);
        assert!((s.precision - 0.75).abs() < 1e-9);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.pages, 3);
    }
}
