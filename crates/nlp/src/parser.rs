//! Labeled arc-hybrid dependency parser: greedy, averaged perceptron, trained with a dynamic oracle.
//!
//! The artificial root sits at the *end* of the buffer (Ballesteros & Nivre
//! 2013) and may take a dependent only when a single word is left on the
//! stack, so every sentence gets exactly one root, as UD requires. Training
//! follows Goldberg & Nivre (2013): after the first epoch the parser often
//! follows its own (possibly wrong) transitions and learns the best recovery
//! from the per-transition costs. Non-projective training trees are lifted to
//! their projective approximation first (0.5% of EWT arcs).

use crate::binfmt::{FormatError, Reader, Writer};
use crate::features::WordView;
use std::collections::HashMap;

use crate::hash::{feat1, feat2, feat3, mix, IdentityBuild, Rng};
use crate::perceptron::{Trainer, Weights};

const NONE: u32 = u32::MAX;
const W_NONE: u64 = 0x4E4F_4E45_0000_0001;
const W_ROOT: u64 = 0x524F_4F54_0000_0001;
const P_NONE: u64 = 0x4E4F_4E45_0000_0002;
const P_ROOT: u64 = 0x524F_4F54_0000_0002;
const L_NONE: u64 = 0x4E4F_4E45_0000_0003;

/// The label of the root attachment.
pub const ROOT_LABEL: &str = "root";

/// The configuration of the transition system (arrays have one slot per word plus the root).
#[derive(Debug, Default)]
struct State {
    n: u32,
    stack: Vec<u32>,
    b: u32,
    head: Vec<u32>,
    label: Vec<u8>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
    in_stack: Vec<bool>,
}

impl State {
    fn reset(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.b = 0;
        for v in [&mut self.head, &mut self.l1, &mut self.l2, &mut self.r1, &mut self.r2] {
            v.clear();
            v.resize(m, NONE);
        }
        for v in [&mut self.nl, &mut self.nr, &mut self.label] {
            v.clear();
            v.resize(m, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(m, 0);
        }
        self.in_stack.clear();
        self.in_stack.resize(m, false);
    }

    #[inline]
    fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b == self.n
    }

    #[inline]
    fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    fn arc(&mut self, h: u32, d: u32, l: u8) {
        self.head[d as usize] = h;
        self.label[d as usize] = l;
        let hu = h as usize;
        let bit = 1u64 << (l % 64);
        if d < h {
            self.l2[hu] = self.l1[hu];
            self.l1[hu] = d;
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            self.r2[hu] = self.r1[hu];
            self.r1[hu] = d;
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
    }

    /// Applies transition `t` of a system with `nl` labels.
    fn apply(&mut self, t: usize, nl: usize) {
        if t == 0 {
            let b = self.b;
            self.stack.push(b);
            self.in_stack[b as usize] = true;
            self.b += 1;
        } else if t <= nl {
            let s0 = self.stack.pop().expect("LEFT on an empty stack");
            self.in_stack[s0 as usize] = false;
            self.arc(self.b, s0, (t - 1) as u8);
        } else {
            let s0 = self.stack.pop().expect("RIGHT on a short stack");
            self.in_stack[s0 as usize] = false;
            let s1 = *self.stack.last().expect("RIGHT on a short stack");
            self.arc(s1, s0, (t - 1 - nl) as u8);
        }
    }

    /// Which of SHIFT / LEFT / RIGHT are allowed (labels are filtered by the caller).
    #[inline]
    fn valid(&self) -> (bool, bool, bool) {
        let k = self.stack.len();
        let at_root = self.b == self.n;
        (!at_root, k >= 1 && (!at_root || k == 1), k >= 2)
    }
}

#[inline]
fn dist_bucket(d: u32) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=15 => 6,
        _ => 7,
    }
}

/// Extracts the features of a configuration.
fn features(st: &State, v: &[WordView], tags: &[u64], out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |x: u32| -> u64 {
        if x == NONE {
            W_NONE
        } else if x == n {
            W_ROOT
        } else {
            v[x as usize].lower
        }
    };
    let p = |x: u32| -> u64 {
        if x == NONE {
            P_NONE
        } else if x == n {
            P_ROOT
        } else {
            tags[x as usize]
        }
    };
    let l = |x: u32| -> u64 {
        if x == NONE {
            L_NONE
        } else {
            st.label[x as usize] as u64
        }
    };
    let kid = |a: &Vec<u32>, x: u32| -> u32 {
        if x == NONE {
            NONE
        } else {
            a[x as usize]
        }
    };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.b;
    let b1 = if b0 < n { b0 + 1 } else { NONE };
    let b2 = if b1 != NONE && b1 < n { b1 + 1 } else { NONE };
    let (s0w, s0p, s1w, s1p, s2w, s2p) = (w(s0), p(s0), w(s1), p(s1), w(s2), p(s2));
    let (b0w, b0p, b1w, b1p, b2w, b2p) = (w(b0), p(b0), w(b1), p(b1), w(b2), p(b2));
    let s0wp = mix(s0w, s0p);
    let b0wp = mix(b0w, b0p);
    let s1wp = mix(s1w, s1p);
    let s0l1 = kid(&st.l1, s0);
    let s0l2 = kid(&st.l2, s0);
    let s0r1 = kid(&st.r1, s0);
    let s0r2 = kid(&st.r2, s0);
    let s1r1 = kid(&st.r1, s1);
    let s1r2 = kid(&st.r2, s1);
    let s1l1 = kid(&st.l1, s1);
    let b0l1 = st.l1[b0 as usize];
    let b0l2 = st.l2[b0 as usize];
    let d = if s0 == NONE { 0x100 } else { dist_bucket(b0 - s0) };
    let d2 = if s1 == NONE { 0x100 } else { dist_bucket(s0 - s1) };
    let (s0vl, s0vr, s0sl, s0sr) =
        if s0 == NONE { (0x100, 0x100, 0, 0) } else { let i = s0 as usize; (st.nl[i] as u64, st.nr[i] as u64, st.lset[i], st.rset[i]) };
    let (s1vl, s1vr, s1sr) = if s1 == NONE { (0x100, 0x100, 0) } else { let i = s1 as usize; (st.nl[i] as u64, st.nr[i] as u64, st.rset[i]) };
    let bi = b0 as usize;
    let (b0vl, b0sl) = (st.nl[bi] as u64, st.lset[bi]);

    out.extend_from_slice(&[
        feat1(0, 0),
        feat1(1, s0wp),
        feat1(2, s0w),
        feat1(3, s0p),
        feat1(4, b0wp),
        feat1(5, b0w),
        feat1(6, b0p),
        feat2(7, b1w, b1p),
        feat1(8, b1w),
        feat1(9, b1p),
        feat1(10, b2w),
        feat1(11, b2p),
        feat1(12, s1wp),
        feat1(13, s1w),
        feat1(14, s1p),
        feat1(15, s2p),
        feat1(16, s2w),
        feat2(17, s0wp, b0wp),
        feat2(18, s0wp, b0w),
        feat2(19, s0w, b0wp),
        feat2(20, s0wp, b0p),
        feat2(21, s0p, b0wp),
        feat2(22, s0w, b0w),
        feat2(23, s0p, b0p),
        feat2(24, b0p, b1p),
        feat2(25, s1p, s0p),
        feat2(26, s1w, s0w),
        feat2(27, s1wp, s0p),
        feat2(28, s1p, s0wp),
        feat2(29, s1wp, s0wp),
        feat2(30, s1p, b0p),
        feat3(31, b0p, b1p, b2p),
        feat3(32, s0p, b0p, b1p),
        feat3(33, s1p, s0p, b0p),
        feat3(34, s0p, p(s0l1), b0p),
        feat3(35, s0p, p(s0r1), b0p),
        feat3(36, s0p, b0p, p(b0l1)),
        feat3(37, s1p, p(s1r1), s0p),
        feat3(38, s2p, s1p, s0p),
        feat3(39, s1p, s0p, p(s0l1)),
        feat2(40, s0w, d),
        feat2(41, s0p, d),
        feat2(42, b0w, d),
        feat2(43, b0p, d),
        feat3(44, s0w, b0w, d),
        feat3(45, s0p, b0p, d),
        feat3(46, s1p, s0p, d2),
        feat3(47, s1w, s0w, d2),
        feat2(48, s0w, s0vr),
        feat2(49, s0p, s0vr),
        feat2(50, s0w, s0vl),
        feat2(51, s0p, s0vl),
        feat2(52, b0w, b0vl),
        feat2(53, b0p, b0vl),
        feat2(54, s1p, s1vr),
        feat2(55, s1p, s1vl),
        feat1(56, w(s0l1)),
        feat1(57, p(s0l1)),
        feat1(58, l(s0l1)),
        feat1(59, w(s0r1)),
        feat1(60, p(s0r1)),
        feat1(61, l(s0r1)),
        feat1(62, w(b0l1)),
        feat1(63, p(b0l1)),
        feat1(64, l(b0l1)),
        feat1(65, w(s1r1)),
        feat1(66, p(s1r1)),
        feat1(67, l(s1r1)),
        feat1(68, p(s1l1)),
        feat1(69, l(s1l1)),
        feat1(70, w(s0l2)),
        feat1(71, p(s0l2)),
        feat1(72, l(s0l2)),
        feat1(73, w(s0r2)),
        feat1(74, p(s0r2)),
        feat1(75, l(s0r2)),
        feat1(76, w(b0l2)),
        feat1(77, p(b0l2)),
        feat1(78, l(b0l2)),
        feat3(79, s0p, p(s0l1), p(s0l2)),
        feat3(80, s0p, p(s0r1), p(s0r2)),
        feat3(81, b0p, p(b0l1), p(b0l2)),
        feat3(82, s1p, p(s1r1), p(s1r2)),
        feat2(83, s0w, s0sr),
        feat2(84, s0p, s0sr),
        feat2(85, s0w, s0sl),
        feat2(86, s0p, s0sl),
        feat2(87, b0w, b0sl),
        feat2(88, b0p, b0sl),
        feat2(89, s1p, s1sr),
    ]);
}

/// The trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    /// Relation names by label id (interned).
    pub labels: Vec<&'static str>,
    root: u8,
    weights: Weights,
}

/// Reusable buffers for parsing sentence after sentence.
#[derive(Debug, Default)]
pub struct ParseScratch {
    st: State,
    feats: Vec<u64>,
    scores: Vec<i32>,
}

/// A parsed sentence: per word its head (`None` for the root) and label id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSentence {
    pub heads: Vec<Option<u32>>,
    pub labels: Vec<u8>,
}

/// Best valid class for the current state: SHIFT, LEFT_l (1..=L) or RIGHT_l (L+1..=2L).
#[inline]
fn best_valid<T: PartialOrd + Copy>(st: &State, scores: &[T], nl: usize, root: usize) -> usize {
    let (sh, le, ri) = st.valid();
    let mut best = usize::MAX;
    let mut consider = |c: usize| {
        if best == usize::MAX || scores[c] > scores[best] {
            best = c;
        }
    };
    if sh {
        consider(0);
    }
    if le {
        if st.b == st.n {
            consider(1 + root);
        } else {
            for l in 0..nl {
                if l != root {
                    consider(1 + l);
                }
            }
        }
    }
    if ri {
        for l in 0..nl {
            if l != root {
                consider(1 + nl + l);
            }
        }
    }
    best
}

impl Parser {
    /// Parses one sentence given each word's views and tag hash.
    pub fn parse(&self, views: &[WordView], tags: &[u64], scratch: &mut ParseScratch, out: &mut ParsedSentence) {
        let n = views.len();
        let nl = self.labels.len();
        let st = &mut scratch.st;
        st.reset(n);
        let nclass = 1 + 2 * nl;
        while !st.terminal() {
            features(st, views, tags, &mut scratch.feats);
            scratch.scores.clear();
            scratch.scores.resize(nclass, 0);
            self.weights.score(&scratch.feats, &mut scratch.scores);
            let t = best_valid(st, &scratch.scores, nl, self.root as usize);
            st.apply(t, nl);
        }
        out.heads.clear();
        out.labels.clear();
        for i in 0..n {
            let h = st.head[i];
            out.heads.push(if h == NONE || h == n as u32 { None } else { Some(h) });
            out.labels.push(st.label[i]);
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        self.weights.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Parser, FormatError> {
        let names = r.strs()?;
        let labels: Vec<&'static str> = names.iter().map(|s| crate::intern::intern(s)).collect();
        let root = labels.iter().position(|&l| l == ROOT_LABEL).ok_or_else(|| r.invalid("parser has no root label"))?;
        if labels.len() > 120 {
            return Err(r.invalid("too many parser labels"));
        }
        let weights = Weights::read(r)?;
        if weights.nclass() != 1 + 2 * labels.len() {
            return Err(r.invalid("parser weights and labels disagree"));
        }
        Ok(Parser { labels, root: root as u8, weights })
    }

    /// Size of the weight table in stored pairs (for reports).
    pub fn pairs(&self) -> usize {
        self.weights.pairs()
    }

    /// A copy with weights below `min` dropped (size/accuracy studies).
    pub fn pruned(&self, min: f32) -> Parser {
        Parser { labels: self.labels.clone(), root: self.root, weights: self.weights.pruned(min) }
    }
}

/// A training sentence: word views, (predicted) tag hashes and the gold tree.
#[derive(Debug, Clone)]
pub struct TreeSentence {
    pub views: Vec<WordView>,
    pub tags: Vec<u64>,
    /// Gold head per word, 0-based; `n` (the word count) for the root.
    pub heads: Vec<u32>,
    pub labels: Vec<u8>,
}

/// Parser training settings.
#[derive(Debug, Clone)]
pub struct ParserOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Probability of following a wrong predicted transition (after the first epoch).
    pub explore: f64,
    pub prune: f32,
    /// Only features seen at least this often along the gold (static-oracle) paths get weights.
    pub min_count: u32,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions { epochs: 15, seed: 1, explore: 0.9, prune: 0.0, min_count: 2 }
    }
}

/// Replaces non-projective arcs by lifting dependents to their grandparent until the tree is projective.
///
/// `heads` uses `n` for the root, as in [`TreeSentence`].
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len() as u32;
    loop {
        // Find the shortest non-projective arc and lift it.
        let mut worst: Option<(u32, usize)> = None;
        for d in 0..heads.len() {
            let h = heads[d];
            if h == n {
                continue;
            }
            let (a, b) = if (d as u32) < h { (d as u32, h) } else { (h, d as u32) };
            let span = b - a;
            let crossing = (a + 1..b).any(|k| !dominated(heads, k, h));
            if crossing && worst.is_none_or(|(s, _)| span < s) {
                worst = Some((span, d));
            }
        }
        match worst {
            Some((_, d)) => heads[d] = heads[heads[d] as usize],
            None => return,
        }
    }
}

/// Whether `h` dominates `k` (is an ancestor of it).
fn dominated(heads: &[u32], mut k: u32, h: u32) -> bool {
    let n = heads.len() as u32;
    let mut steps = 0;
    while k != n && steps <= heads.len() {
        if k == h {
            return true;
        }
        k = heads[k as usize];
        steps += 1;
    }
    h == n
}

/// Unlabeled costs of SHIFT, LEFT and RIGHT (Goldberg & Nivre 2013), for a projective gold tree.
fn costs(st: &State, gold: &[u32], kids: &[Vec<u32>]) -> (u32, u32, u32) {
    let b = st.b;
    let n = st.n;
    let s0 = st.s(0);
    let s1 = st.s(1);
    let in_buffer = |x: u32| x >= b && x <= n;
    let mut shift = 0;
    if b < n {
        let h = gold[b as usize];
        if h != n && st.in_stack[h as usize] && h != s0 {
            shift += 1;
        }
        shift += kids[b as usize].iter().filter(|&&d| st.in_stack[d as usize]).count() as u32;
    }
    let (mut left, mut right) = (0, 0);
    if s0 != NONE {
        let h = gold[s0 as usize];
        let deps = kids[s0 as usize].iter().filter(|&&d| in_buffer(d)).count() as u32;
        left = deps + (h != b && (h == s1 || in_buffer(h))) as u32;
        right = deps + (h != s1 && in_buffer(h)) as u32;
    }
    (shift, left, right)
}

/// Trains a parser over `labels` (which must contain `root`); `progress` gets each epoch's training UAS.
pub fn train(
    labels: Vec<String>,
    sents: &[TreeSentence],
    opts: &ParserOptions,
    mut progress: impl FnMut(usize, f64),
) -> Parser {
    let nl = labels.len();
    let root = labels.iter().position(|l| l == ROOT_LABEL).expect("label set lacks root");
    let nclass = 1 + 2 * nl;
    let mut model = Trainer::new(nclass);
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut st = State::default();
    let mut feats = Vec::new();
    let mut scores = vec![0f32; nclass];
    let mut cost = vec![0u32; nclass];
    let neg = vec![f32::NEG_INFINITY; nclass];
    let kids: Vec<Vec<Vec<u32>>> = sents
        .iter()
        .map(|s| {
            let mut k = vec![Vec::new(); s.heads.len() + 1];
            for (d, &h) in s.heads.iter().enumerate() {
                k[h as usize].push(d as u32);
            }
            k
        })
        .collect();
    if opts.min_count > 1 {
        let mut counts: HashMap<u64, u32, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
        for (si, s) in sents.iter().enumerate() {
            st.reset(s.views.len());
            while !st.terminal() {
                features(&st, &s.views, &s.tags, &mut feats);
                for &f in &feats {
                    *counts.entry(f).or_default() += 1;
                }
                let (cs, cl, cr) = costs(&st, &s.heads, &kids[si]);
                let (sh, le, ri) = st.valid();
                let s0 = st.s(0);
                let gl = if s0 == NONE { 0 } else { s.labels[s0 as usize] as usize };
                let t = if le && cl == 0 && s.heads[s0 as usize] == st.b {
                    1 + gl
                } else if ri && cr == 0 && s.heads[s0 as usize] == st.s(1) {
                    1 + nl + gl
                } else if sh && cs == 0 {
                    0
                } else if le && cl == 0 {
                    1 + if st.b == st.n { root } else { gl }
                } else {
                    // Non-projective leftovers: any valid move keeps the pass going.
                    best_valid(&st, &vec![0u32; nclass], nl, root)
                };
                st.apply(t, nl);
            }
        }
        model.restrict(&counts, opts.min_count);
    }
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let s = &sents[si];
            let n = s.views.len();
            st.reset(n);
            while !st.terminal() {
                features(&st, &s.views, &s.tags, &mut feats);
                model.score(&feats, &mut scores);
                let (cs, cl, cr) = costs(&st, &s.heads, &kids[si]);
                let s0 = st.s(0);
                let gl = if s0 == NONE { NONE } else { s.labels[s0 as usize] as u32 };
                let gh = if s0 == NONE { NONE } else { s.heads[s0 as usize] };
                cost[0] = cs;
                for l in 0..nl {
                    cost[1 + l] = cl + (gh == st.b && l as u32 != gl) as u32;
                    cost[1 + nl + l] = cr + (gh == st.s(1) && l as u32 != gl) as u32;
                }
                let guess = best_valid(&st, &scores, nl, root);
                // Best zero-cost (or least-cost) transition: mask the others, then pick by score.
                let min = {
                    let (sh, le, ri) = st.valid();
                    let mut m = u32::MAX;
                    if sh {
                        m = m.min(cost[0]);
                    }
                    if le {
                        m = m.min(if st.b == st.n { cost[1 + root] } else { (0..nl).filter(|&l| l != root).map(|l| cost[1 + l]).min().unwrap_or(u32::MAX) });
                    }
                    if ri {
                        m = m.min((0..nl).filter(|&l| l != root).map(|l| cost[1 + nl + l]).min().unwrap_or(u32::MAX));
                    }
                    m
                };
                let mut masked = neg.clone();
                for c in 0..nclass {
                    if cost[c] == min {
                        masked[c] = scores[c];
                    }
                }
                // Invalid classes may still hold score: best_valid filters them again.
                let gold = best_valid(&st, &masked, nl, root);
                let gold = if cost[gold] == min { gold } else { first_min(&st, &cost, min, nl, root) };
                model.update(&feats, gold, guess);
                model.tick();
                let next = if cost[guess] == min || (epoch > 0 && rng.next_f64() < opts.explore) { guess } else { gold };
                st.apply(next, nl);
            }
            for i in 0..n {
                total += 1;
                correct += (st.head[i] == s.heads[i]) as usize;
            }
        }
        progress(epoch, correct as f64 / total.max(1) as f64);
    }
    let weights = model.finish(opts.prune);
    let labels: Vec<&'static str> = labels.iter().map(|s| crate::intern::intern(s)).collect();
    Parser { labels, root: root as u8, weights }
}

/// The first valid class whose cost is `min` (used when scores tie at minus infinity).
fn first_min(st: &State, cost: &[u32], min: u32, nl: usize, root: usize) -> usize {
    let fake: Vec<i64> = cost.iter().map(|&c| if c == min { 1 } else { 0 }).collect();
    best_valid(st, &fake, nl, root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_non_projective_arcs() {
        // 0 <- 2 (root 2), 1 -> 3 crosses 2 -> 0? Build: heads: w0->w2, w1->w2, w2 root, w3->w0.
        let mut h = vec![2, 2, 4, 0];
        projectivize(&mut h);
        assert_eq!(h, vec![2, 2, 4, 2]);
    }

    #[test]
    fn static_oracle_path_rebuilds_gold_tree() {
        let heads = vec![1u32, 4, 1, 1];
        let kids = {
            let mut k = vec![Vec::new(); 5];
            for (d, &h) in heads.iter().enumerate() {
                k[h as usize].push(d as u32);
            }
            k
        };
        let mut st = State::default();
        st.reset(4);
        while !st.terminal() {
            let (cs, cl, cr) = costs(&st, &heads, &kids);
            let (sh, le, ri) = st.valid();
            let t = if le && cl == 0 { 1 } else if ri && cr == 0 { 2 } else if sh && cs == 0 { 0 } else { panic!("no zero-cost move") };
            st.apply(t, 1);
        }
        assert_eq!(&st.head[..4], &heads[..]);
    }
}
