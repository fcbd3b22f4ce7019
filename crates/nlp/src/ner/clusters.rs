//! Distributional word clusters from unlabelled text, used as "cluster-like" features for rare words.
//!
//! Brown clusters are the classic choice for NER features; these are a
//! cheaper stand-in with the same role: each frequent word gets a context
//! vector (positive PMI of its left and right neighbours among the most
//! frequent words, with context-distribution smoothing), randomly projected
//! to a few dozen dimensions, and spherical k-means groups the vectors into
//! fine clusters, which are clustered again into medium and coarse ones. The
//! three ids act like Brown-cluster path prefixes. Deterministic for a seed.

use std::collections::HashMap;

use super::gazetteer::token_key;

/// What the unlabelled text says about a word: `[coarse, medium, fine]` cluster ids and a capitalization class.
///
/// The capitalization class (0 = unknown, 1..=5 from "never" to "always")
/// is how often the word is capitalized away from the start of a sentence:
/// "france" in lower-case web text is still a name because news writes "France".
pub type WordClass = [u16; 4];
use super::normalize::fold;

/// Settings for [`build`].
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    pub min_count: u32,
    pub max_vocab: usize,
    pub n_context: usize,
    pub dim: usize,
    pub k: [usize; 3],
    pub iters: usize,
    pub seed: u64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 4,
            max_vocab: 60_000,
            n_context: 2000,
            dim: 80,
            k: [16, 128, 640],
            iters: 10,
            seed: 7,
        }
    }
}

/// Splits running text into tokens, roughly as UD does (punctuation, hyphens and clitics apart); case is kept.
pub fn simple_tokens(text: &str, out: &mut Vec<String>) {
    for raw in text.split_whitespace() {
        let mut word = String::new();
        let chars: Vec<char> = raw.chars().collect();
        let mut pieces: Vec<String> = Vec::new();
        for (i, &c) in chars.iter().enumerate() {
            let inner_dot = c == '.' && i + 1 < chars.len() && chars[i + 1].is_alphanumeric();
            let abbrev_dot = c == '.'
                && !word.is_empty()
                && word
                    .split('.')
                    .all(|seg| seg.chars().count() == 1 && seg.chars().all(char::is_alphabetic));
            let inner_num = matches!(c, ',' | '.')
                && word.chars().last().is_some_and(|p| p.is_ascii_digit())
                && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
            if c.is_alphanumeric() || c == '\'' || c == '’' || inner_dot || abbrev_dot || inner_num
            {
                word.push(c);
            } else {
                if !word.is_empty() {
                    pieces.push(std::mem::take(&mut word));
                }
                pieces.push(c.to_string());
            }
        }
        if !word.is_empty() {
            pieces.push(word);
        }
        for p in pieces {
            let f = p.replace('’', "'");
            let f = f.trim_matches('\'');
            if f.is_empty() {
                out.push("'".into());
                continue;
            }
            if let Some(stem) = f.strip_suffix("n't").or_else(|| f.strip_suffix("N'T")) {
                if !stem.is_empty() {
                    out.push(stem.to_string());
                }
                out.push("n't".into());
            } else if let Some(stem) = f.strip_suffix("'s").or_else(|| f.strip_suffix("'S")) {
                if !stem.is_empty() {
                    out.push(stem.to_string());
                }
                out.push("'s".into());
            } else {
                out.push(f.to_string());
            }
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        super::hash::mix(self.0)
    }
}

/// Builds word classes from token sequences (paragraphs or sentences, original case, e.g. from [`simple_tokens`]).
///
/// Returns `(token key, word class)`, sorted by key.
pub fn build(
    raw: &[Vec<String>],
    cfg: &ClusterConfig,
    mut log: impl FnMut(&str),
) -> Vec<(u64, WordClass)> {
    let seqs: Vec<Vec<String>> = raw
        .iter()
        .map(|s| s.iter().map(|t| fold(t)).collect())
        .collect();
    let mut counts: HashMap<&str, u32> = HashMap::new();
    // (times seen away from a sentence start, of which capitalized)
    let mut caps: HashMap<&str, (u32, u32)> = HashMap::new();
    for (s, r) in seqs.iter().zip(raw) {
        for (i, t) in s.iter().enumerate() {
            *counts.entry(t.as_str()).or_default() += 1;
            let initial = i == 0
                || matches!(
                    s[i - 1].as_str(),
                    "." | "?" | "!" | "\"" | ":" | "'" | "(" | "-"
                );
            let has_letter = r[i].chars().any(char::is_alphabetic);
            if !initial && has_letter {
                let e = caps.entry(t.as_str()).or_default();
                e.0 += 1;
                if r[i].chars().next().is_some_and(char::is_uppercase) {
                    e.1 += 1;
                }
            }
        }
    }
    let mut vocab: Vec<(&str, u32)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= cfg.min_count)
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(cfg.max_vocab);
    let nv = vocab.len();
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (*w, i as u32))
        .collect();
    let nc = cfg.n_context.min(nv);
    // Context ids: 0..nc words on the left, nc = sentence edge; the right side is offset by nc + 1.
    let side = (nc + 1) as u64;
    let mut pairs: Vec<u64> = Vec::new();
    for s in &seqs {
        let ids: Vec<u32> = s
            .iter()
            .map(|t| index.get(t.as_str()).copied().unwrap_or(u32::MAX))
            .collect();
        for (i, &w) in ids.iter().enumerate() {
            if w == u32::MAX {
                continue;
            }
            let ctx = |j: Option<usize>| -> Option<u64> {
                match j {
                    None => Some(nc as u64),
                    Some(j) if j >= ids.len() => Some(nc as u64),
                    Some(j) => {
                        let c = ids[j];
                        (c != u32::MAX && (c as usize) < nc).then_some(u64::from(c))
                    }
                }
            };
            if let Some(c) = ctx(i.checked_sub(1)) {
                pairs.push((u64::from(w) << 20) | c);
            }
            if let Some(c) = ctx(Some(i + 1)) {
                pairs.push((u64::from(w) << 20) | (side + c));
            }
        }
    }
    pairs.sort_unstable();
    let n_ctx = 2 * (nc + 1);
    let mut row_total = vec![0f64; nv];
    let mut ctx_total = vec![0f64; n_ctx];
    let mut entries: Vec<(u32, u32, f32)> = Vec::new();
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        let (w, c) = ((pairs[i] >> 20) as u32, (pairs[i] & 0xfffff) as u32);
        let n = (j - i) as f32;
        entries.push((w, c, n));
        row_total[w as usize] += f64::from(n);
        ctx_total[c as usize] += f64::from(n);
        i = j;
    }
    drop(pairs);
    let total: f64 = row_total.iter().sum();
    let ctx_smooth: Vec<f64> = ctx_total.iter().map(|&c| c.powf(0.75)).collect();
    let smooth_total: f64 = ctx_smooth.iter().sum();
    log(&format!(
        "clusters: {} sequences, vocabulary {}, {} word-context pairs",
        seqs.len(),
        nv,
        entries.len()
    ));

    // Random ±1 projection of the PPMI rows.
    let d = cfg.dim;
    let mut rng = Rng(cfg.seed);
    let proj: Vec<f32> = (0..n_ctx * d)
        .map(|_| if rng.next() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let mut vecs = vec![0f32; nv * d];
    for &(w, c, n) in &entries {
        let pw = row_total[w as usize] / total;
        let pc = ctx_smooth[c as usize] / smooth_total;
        let pmi = ((f64::from(n) / total) / (pw * pc)).ln();
        if pmi <= 0.0 {
            continue;
        }
        let v = &mut vecs[w as usize * d..(w as usize + 1) * d];
        let p = &proj[c as usize * d..(c as usize + 1) * d];
        for k in 0..d {
            v[k] += pmi as f32 * p[k];
        }
    }
    for v in vecs.chunks_mut(d) {
        normalize(v);
    }

    let weights = vec![1f32; nv];
    let fine = kmeans(
        &vecs,
        &weights,
        d,
        cfg.k[2].min(nv.max(1)),
        cfg.iters,
        &mut rng,
    );
    let (cent, sizes) = centroids(&vecs, &weights, &fine.0, d, fine.1);
    let mid = kmeans(&cent, &sizes, d, cfg.k[1].min(fine.1), cfg.iters, &mut rng);
    let (cent2, sizes2) = centroids(&cent, &sizes, &mid.0, d, mid.1);
    let coarse = kmeans(&cent2, &sizes2, d, cfg.k[0].min(mid.1), cfg.iters, &mut rng);
    let mut out: Vec<(u64, WordClass)> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| {
            let f = fine.0[i];
            let m = mid.0[f as usize];
            let c = coarse.0[m as usize];
            (
                token_key(w),
                [
                    c as u16,
                    m as u16,
                    f as u16,
                    cap_class(caps.get(w).copied()),
                ],
            )
        })
        .collect();
    out.sort_unstable_by_key(|e| e.0);
    out.dedup_by_key(|e| e.0);
    out
}

fn cap_class(c: Option<(u32, u32)>) -> u16 {
    match c {
        Some((n, k)) if n >= 3 => {
            let r = f64::from(k) / f64::from(n);
            if r < 0.05 {
                1
            } else if r < 0.3 {
                2
            } else if r < 0.7 {
                3
            } else if r < 0.95 {
                4
            } else {
                5
            }
        }
        _ => 0,
    }
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        for x in v {
            *x /= n;
        }
    }
}

fn centroids(
    vecs: &[f32],
    weights: &[f32],
    assign: &[u32],
    d: usize,
    k: usize,
) -> (Vec<f32>, Vec<f32>) {
    let mut c = vec![0f32; k * d];
    let mut size = vec![0f32; k];
    for (i, &a) in assign.iter().enumerate() {
        let a = a as usize;
        size[a] += weights[i];
        for j in 0..d {
            c[a * d + j] += weights[i] * vecs[i * d + j];
        }
    }
    for v in c.chunks_mut(d) {
        normalize(v);
    }
    (c, size)
}

/// Weighted spherical k-means; returns the assignment and the number of clusters.
fn kmeans(
    vecs: &[f32],
    weights: &[f32],
    d: usize,
    k: usize,
    iters: usize,
    rng: &mut Rng,
) -> (Vec<u32>, usize) {
    let n = vecs.len() / d;
    if n == 0 || k == 0 {
        return (vec![0; n], 1);
    }
    // Distinct seeds drawn with a deterministic generator.
    let mut seeds: Vec<usize> = Vec::with_capacity(k);
    let mut taken = vec![false; n];
    while seeds.len() < k.min(n) {
        let i = (rng.next() % n as u64) as usize;
        if !taken[i] {
            taken[i] = true;
            seeds.push(i);
        }
    }
    let k = seeds.len();
    let mut cent: Vec<f32> = seeds
        .iter()
        .flat_map(|&i| vecs[i * d..(i + 1) * d].iter().copied())
        .collect();
    let mut assign = vec![0u32; n];
    for _ in 0..iters {
        for i in 0..n {
            let v = &vecs[i * d..(i + 1) * d];
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0;
            for (c, cv) in cent.chunks(d).enumerate() {
                let s: f32 = v.iter().zip(cv).map(|(a, b)| a * b).sum();
                if s > best {
                    best = s;
                    arg = c;
                }
            }
            assign[i] = arg as u32;
        }
        let (c, size) = centroids(vecs, weights, &assign, d, k);
        // Empty clusters keep their previous centre.
        for j in 0..k {
            if size[j] > 0.0 {
                cent[j * d..(j + 1) * d].copy_from_slice(&c[j * d..(j + 1) * d]);
            }
        }
    }
    (assign, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        let mut out = Vec::new();
        simple_tokens(
            "Maduro's U.S.-backed rival didn't say \"no.\" 1,200",
            &mut out,
        );
        assert_eq!(
            out,
            vec![
                "Maduro", "'s", "U.S.", "-", "backed", "rival", "did", "n't", "say", "\"", "no",
                ".", "\"", "1,200"
            ]
        );
    }
}
