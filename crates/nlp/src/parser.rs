//! Labeled arc-hybrid dependency parser: greedy, averaged perceptron, trained with a dynamic oracle.
//!
//! Two classifiers share one feature extraction: a three-way transition
//! model (SHIFT, LEFT, RIGHT) and a labeler that names each arc as soon as it
//! is built, from features of the head, the dependent and their context.
//! Splitting them keeps the per-transition work at three classes instead of
//! a hundred, which is most of the parser's speed; labels are still
//! available to later decisions as features.
//!
//! The artificial root sits at the *end* of the buffer (Ballesteros & Nivre
//! 2013) and may take a dependent only when a single word is left on the
//! stack, so every sentence gets exactly one root, as UD requires. Training
//! follows Goldberg & Nivre (2013): after the first epoch the parser often
//! follows its own (possibly wrong) transitions and learns the best recovery
//! from the per-transition costs. Non-projective training trees are lifted to
//! their projective approximation first (0.5% of EWT arcs). Six templates
//! read how often word pairs were found attached in parsed news
//! ([`crate::assoc`]), which the treebanks alone are too small to tell.

use crate::assoc::{Assoc, Pair};
use crate::binfmt::{FormatError, Reader, Writer};
use crate::features::WordView;
use std::collections::HashMap;

use crate::hash::{feat1, feat2, feat3, mix, IdentityBuild, Rng};
use crate::perceptron::{self, Trainer, Weights};

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

    /// Which of SHIFT / LEFT / RIGHT are allowed (labels are filtered by the caller).
    #[inline]
    fn valid(&self) -> (bool, bool, bool) {
        let k = self.stack.len();
        let at_root = self.b == self.n;
        (!at_root, k >= 1 && (!at_root || k == 1), k >= 2)
    }
}

/// Buckets a distance in words: exact up to 4, then 5-7, 8-15 and beyond (shared with experiments on the parser's trees).
#[inline]
pub fn dist_bucket(d: u32) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=7 => 5,
        8..=15 => 6,
        _ => 7,
    }
}

/// Template ids of the features that depend only on the first buffer word (and the sentence).
///
/// Together with [`STACK_IDS`] and [`DYN_IDS`] they partition the 112
/// templates of [`features`]; the split lets parsing score the first two
/// groups once per word instead of once per transition (see [`Parser::parse`]).
const BUF_IDS: [usize; 13] = [0, 4, 5, 6, 7, 8, 9, 10, 11, 24, 31, 91, 96];

/// Template ids of the features that stay fixed while the top of the stack stays the same word.
///
/// Below-top stack words and the top's left dependents cannot change while
/// it is on top: arcs to them need it popped first, and left dependents are
/// only taken while a word is still in the buffer.
const STACK_IDS: [usize; 44] = [
    1, 2, 3, 12, 13, 14, 15, 16, 25, 26, 27, 28, 29, 37, 38, 39, 46, 47, 50, 51, 54, 55, 56, 57, 58, 65, 66, 67, 68, 69, 70,
    71, 72, 79, 82, 85, 86, 89, 90, 93, 97, 100, 105, 107,
];

/// Template ids of the remaining features, recomputed at every transition.
const DYN_IDS: [usize; 55] = [
    17, 18, 19, 20, 21, 22, 23, 30, 32, 33, 34, 35, 36, 40, 41, 42, 43, 44, 45, 48, 49, 52, 53, 59, 60, 61, 62, 63, 64, 73,
    74, 75, 76, 77, 78, 80, 81, 83, 84, 87, 88, 92, 94, 95, 98, 99, 101, 102, 103, 104, 106, 108, 109, 110, 111,
];

/// Number of transition-model templates.
const NFEAT: usize = 112;

/// Read access to the per-word values the transition features combine.
struct Ctx<'a> {
    st: &'a State,
    v: &'a [WordView],
    tags: &'a [u64],
    coarse: &'a [u64],
    assoc: &'a Assoc,
}

impl Ctx<'_> {
    /// The pair-statistics bucket of `h -> d` (0 for unknown pairs, the root and missing words).
    #[inline]
    fn a(&self, kind: Pair, h: u32, d: u32) -> u64 {
        let n = self.st.n;
        if self.assoc.is_empty() || h >= n || d >= n {
            0
        } else {
            self.assoc.get(kind, self.v[h as usize].lower, self.v[d as usize].lower)
        }
    }

    /// Starts loading the slot [`Ctx::a`] will read for `h -> d`.
    #[inline]
    fn prefetch_a(&self, kind: Pair, h: u32, d: u32) {
        let n = self.st.n;
        if !self.assoc.is_empty() && h < n && d < n {
            self.assoc.prefetch(kind, self.v[h as usize].lower, self.v[d as usize].lower);
        }
    }
    #[inline]
    fn w(&self, x: u32) -> u64 {
        if x == NONE {
            W_NONE
        } else if x == self.st.n {
            W_ROOT
        } else {
            self.v[x as usize].lower
        }
    }
    #[inline]
    fn p(&self, x: u32) -> u64 {
        if x == NONE {
            P_NONE
        } else if x == self.st.n {
            P_ROOT
        } else {
            self.tags[x as usize]
        }
    }
    #[inline]
    fn u(&self, x: u32) -> u64 {
        if x == NONE {
            P_NONE
        } else if x == self.st.n {
            P_ROOT
        } else {
            self.coarse[x as usize]
        }
    }
    #[inline]
    fn l(&self, x: u32) -> u64 {
        if x == NONE {
            L_NONE
        } else {
            self.st.label[x as usize] as u64
        }
    }
    #[inline]
    fn kid(&self, a: &[u32], x: u32) -> u32 {
        if x == NONE {
            NONE
        } else {
            a[x as usize]
        }
    }
}

/// The [`BUF_IDS`] features with `b0` first in the buffer, in id order.
fn buf_features(c: &Ctx, b0: u32, out: &mut Vec<u64>) {
    let n = c.st.n;
    let b1 = if b0 < n { b0 + 1 } else { NONE };
    let b2 = if b1 != NONE && b1 < n { b1 + 1 } else { NONE };
    let (b0w, b0p, b1w, b1p, b2w, b2p) = (c.w(b0), c.p(b0), c.w(b1), c.p(b1), c.w(b2), c.p(b2));
    let b0wp = mix(b0w, b0p);
    out.extend_from_slice(&[
        feat1(0, 0),
        feat1(4, b0wp),
        feat1(5, b0w),
        feat1(6, b0p),
        feat2(7, b1w, b1p),
        feat1(8, b1w),
        feat1(9, b1p),
        feat1(10, b2w),
        feat1(11, b2p),
        feat2(24, b0p, b1p),
        feat3(31, b0p, b1p, b2p),
        feat1(91, c.u(b0)),
        feat3(96, c.u(b0), c.u(b1), c.u(b2)),
    ]);
}

/// The [`STACK_IDS`] features of the current stack, in id order.
fn stack_features(c: &Ctx, out: &mut Vec<u64>) {
    let st = c.st;
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (s0w, s0p, s1w, s1p, s2w, s2p) = (c.w(s0), c.p(s0), c.w(s1), c.p(s1), c.w(s2), c.p(s2));
    let s0wp = mix(s0w, s0p);
    let s1wp = mix(s1w, s1p);
    let s0l1 = c.kid(&st.l1, s0);
    let s0l2 = c.kid(&st.l2, s0);
    let s1r1 = c.kid(&st.r1, s1);
    let s1r2 = c.kid(&st.r2, s1);
    let s1l1 = c.kid(&st.l1, s1);
    let d2 = if s1 == NONE { 0x100 } else { dist_bucket(s0 - s1) };
    let (s0vl, s0sl) = if s0 == NONE { (0x100, 0) } else { let i = s0 as usize; (st.nl[i] as u64, st.lset[i]) };
    let (s1vl, s1vr, s1sr) = if s1 == NONE { (0x100, 0x100, 0) } else { let i = s1 as usize; (st.nl[i] as u64, st.nr[i] as u64, st.rset[i]) };
    let (p, u, w, l) = (|x| c.p(x), |x| c.u(x), |x| c.w(x), |x| c.l(x));
    out.extend_from_slice(&[
        feat1(1, s0wp),
        feat1(2, s0w),
        feat1(3, s0p),
        feat1(12, s1wp),
        feat1(13, s1w),
        feat1(14, s1p),
        feat1(15, s2p),
        feat1(16, s2w),
        feat2(25, s1p, s0p),
        feat2(26, s1w, s0w),
        feat2(27, s1wp, s0p),
        feat2(28, s1p, s0wp),
        feat2(29, s1wp, s0wp),
        feat3(37, s1p, p(s1r1), s0p),
        feat3(38, s2p, s1p, s0p),
        feat3(39, s1p, s0p, p(s0l1)),
        feat3(46, s1p, s0p, d2),
        feat3(47, s1w, s0w, d2),
        feat2(50, s0w, s0vl),
        feat2(51, s0p, s0vl),
        feat2(54, s1p, s1vr),
        feat2(55, s1p, s1vl),
        feat1(56, w(s0l1)),
        feat1(57, p(s0l1)),
        feat1(58, l(s0l1)),
        feat1(65, w(s1r1)),
        feat1(66, p(s1r1)),
        feat1(67, l(s1r1)),
        feat1(68, p(s1l1)),
        feat1(69, l(s1l1)),
        feat1(70, w(s0l2)),
        feat1(71, p(s0l2)),
        feat1(72, l(s0l2)),
        feat3(79, s0p, p(s0l1), p(s0l2)),
        feat3(82, s1p, p(s1r1), p(s1r2)),
        feat2(85, s0w, s0sl),
        feat2(86, s0p, s0sl),
        feat2(89, s1p, s1sr),
        feat1(90, u(s0)),
        feat2(93, u(s1), u(s0)),
        feat3(97, u(s2), u(s1), u(s0)),
        feat3(100, u(s1), u(s1r1), u(s0)),
        feat3(105, u(s1), u(s0), d2),
        feat3(107, c.a(Pair::Arc, s1, s0), u(s1), u(s0)),
    ]);
}

/// The [`DYN_IDS`] features of a configuration, in id order.
fn dyn_features(c: &Ctx, out: &mut Vec<u64>) {
    let st = c.st;
    let n = st.n;
    let (s0, s1) = (st.s(0), st.s(1));
    let b0 = st.b;
    let b1 = if b0 < n { b0 + 1 } else { NONE };
    let (p, u, w, l) = (|x| c.p(x), |x| c.u(x), |x| c.w(x), |x| c.l(x));
    let (s0w, s0p, s1p, b0w, b0p, b1p) = (w(s0), p(s0), p(s1), w(b0), p(b0), p(b1));
    let s0wp = mix(s0w, s0p);
    let b0wp = mix(b0w, b0p);
    let s0l1 = c.kid(&st.l1, s0);
    let s0r1 = c.kid(&st.r1, s0);
    let s0r2 = c.kid(&st.r2, s0);
    let b0l1 = st.l1[b0 as usize];
    let b0l2 = st.l2[b0 as usize];
    let d = if s0 == NONE { 0x100 } else { dist_bucket(b0 - s0) };
    let (s0vr, s0sr) = if s0 == NONE { (0x100, 0) } else { let i = s0 as usize; (st.nr[i] as u64, st.rset[i]) };
    let bi = b0 as usize;
    let (b0vl, b0sl) = (st.nl[bi] as u64, st.lset[bi]);
    // The buffer word's preposition, if it has taken one, else the word itself.
    let prep = if b0l1 != NONE { b0l1 } else { b0 };
    // The pair statistics are read last, so that their cache misses overlap the other features' work.
    for (k, h, d) in [(Pair::Arc, b0, s0), (Pair::Arc, s0, b0), (Pair::Arc, s1, b0), (Pair::Prep, s0, prep), (Pair::Prep, s1, prep)] {
        c.prefetch_a(k, h, d);
    }
    out.extend_from_slice(&[
        feat2(17, s0wp, b0wp),
        feat2(18, s0wp, b0w),
        feat2(19, s0w, b0wp),
        feat2(20, s0wp, b0p),
        feat2(21, s0p, b0wp),
        feat2(22, s0w, b0w),
        feat2(23, s0p, b0p),
        feat2(30, s1p, b0p),
        feat3(32, s0p, b0p, b1p),
        feat3(33, s1p, s0p, b0p),
        feat3(34, s0p, p(s0l1), b0p),
        feat3(35, s0p, p(s0r1), b0p),
        feat3(36, s0p, b0p, p(b0l1)),
        feat2(40, s0w, d),
        feat2(41, s0p, d),
        feat2(42, b0w, d),
        feat2(43, b0p, d),
        feat3(44, s0w, b0w, d),
        feat3(45, s0p, b0p, d),
        feat2(48, s0w, s0vr),
        feat2(49, s0p, s0vr),
        feat2(52, b0w, b0vl),
        feat2(53, b0p, b0vl),
        feat1(59, w(s0r1)),
        feat1(60, p(s0r1)),
        feat1(61, l(s0r1)),
        feat1(62, w(b0l1)),
        feat1(63, p(b0l1)),
        feat1(64, l(b0l1)),
        feat1(73, w(s0r2)),
        feat1(74, p(s0r2)),
        feat1(75, l(s0r2)),
        feat1(76, w(b0l2)),
        feat1(77, p(b0l2)),
        feat1(78, l(b0l2)),
        feat3(80, s0p, p(s0r1), p(s0r2)),
        feat3(81, b0p, p(b0l1), p(b0l2)),
        feat2(83, s0w, s0sr),
        feat2(84, s0p, s0sr),
        feat2(87, b0w, b0sl),
        feat2(88, b0p, b0sl),
        feat2(92, u(s0), u(b0)),
        feat3(94, u(s1), u(s0), u(b0)),
        feat3(95, u(s0), u(b0), u(b1)),
        feat3(98, u(s0), u(s0l1), u(b0)),
        feat3(99, u(s0), u(s0r1), u(b0)),
        feat3(101, u(s0), u(b0), d),
        feat3(102, s0w, u(b0), d),
        feat3(103, u(s0), b0w, d),
        feat2(104, u(b0), u(b0l1)),
    ]);
    let (a_s0b0, a_s1b0) = (c.a(Pair::Arc, s0, b0), c.a(Pair::Arc, s1, b0));
    out.extend_from_slice(&[
        feat3(106, c.a(Pair::Arc, b0, s0), u(s0), u(b0)),
        feat3(108, a_s0b0, u(s0), u(b0)),
        feat3(109, a_s1b0, u(s1), u(b0)),
        feat3(110, c.a(Pair::Prep, s0, prep), c.a(Pair::Prep, s1, prep), u(b0)),
        feat3(111, a_s0b0, a_s1b0, u(b0)),
    ]);
}

/// Extracts every feature of a configuration, in template id order (training, and the reference for the split).
fn features(st: &State, v: &[WordView], tags: &[u64], coarse: &[u64], assoc: &Assoc, out: &mut Vec<u64>) {
    let c = Ctx { st, v, tags, coarse, assoc };
    out.clear();
    buf_features(&c, st.b, out);
    stack_features(&c, out);
    dyn_features(&c, out);
    let mut all = [0u64; NFEAT];
    for (&id, &f) in BUF_IDS.iter().chain(&STACK_IDS).chain(&DYN_IDS).zip(out.iter()) {
        all[id] = f;
    }
    out.clear();
    out.extend_from_slice(&all);
}

/// Extracts the labeler's features for an arc `h -> d` about to be built.
fn label_features(st: &State, v: &[WordView], tags: &[u64], h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let n = st.n;
    let w = |x: u32| -> u64 {
        if x == NONE || x > n {
            W_NONE
        } else if x == n {
            W_ROOT
        } else {
            v[x as usize].lower
        }
    };
    let p = |x: u32| -> u64 {
        if x == NONE || x > n {
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
    let dir: u64 = if d < h { 1 } else { 2 };
    let (di, hi) = (d as usize, h as usize);
    let (dw, dp, hw, hp) = (w(d), p(d), w(h), p(h));
    let dist = dist_bucket(if d < h { h - d } else { d - h });
    let dsuf = if d < n { v[di].suffix[2] } else { W_NONE };
    let before = |x: u32| if x == 0 { NONE } else { x - 1 };
    let after = |x: u32| if x + 1 >= n { NONE } else { x + 1 };
    let ctx = if d < h { st.s(1) } else { st.b };
    out.extend_from_slice(&[
        feat1(200, dir),
        feat2(201, dp, dir),
        feat2(202, dw, dir),
        feat3(203, dw, dp, dir),
        feat2(204, hp, dir),
        feat2(205, hw, dir),
        feat3(206, hw, hp, dir),
        feat3(207, dp, hp, dir),
        feat3(208, dw, hp, dir),
        feat3(209, dp, hw, dir),
        feat3(210, dw, hw, dir),
        feat3(211, mix(dp, hp), dist, dir),
        feat2(212, dp, st.lset[di]),
        feat2(213, dp, st.rset[di]),
        feat3(214, hp, st.lset[hi], dir),
        feat3(215, hp, st.rset[hi], dir),
        feat3(216, dp, l(st.l1[di]), l(st.r1[di])),
        feat3(217, dp, p(st.l1[di]), p(st.r1[di])),
        feat3(218, hp, l(if d < h { st.l1[hi] } else { st.r1[hi] }), dir),
        feat3(219, dsuf, dp, dir),
        feat3(220, dp, p(before(d)), p(after(d))),
        feat3(221, mix(hp, dp), p(before(h)), p(after(h))),
        feat3(222, mix(hp, dp), p(ctx), dir),
        feat3(223, dp, st.nl[di] as u64, st.nr[di] as u64),
        feat3(224, mix(dp, hp), w(st.l1[di]), dir),
        feat3(225, mix(dp, hp), w(st.r1[di]), dir),
        feat3(226, dw, p(st.l1[di]), dir),
        feat3(227, hp, p(st.l2[hi]), p(st.r2[hi])),
    ]);
}

/// The trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    /// Relation names by label id (interned).
    pub labels: Vec<&'static str>,
    root: u8,
    /// Fine tag hash (UPOS+XPOS) -> coarse tag hash (UPOS), for backed-off features.
    coarse: HashMap<u64, u64, IdentityBuild>,
    /// SHIFT / LEFT / RIGHT.
    trans: Weights,
    /// One class per label.
    labeler: Weights,
    /// Arcs whose label the tags and direction settle (see [`fixed_labels`]), labelled without scoring.
    fixed_labels: HashMap<u64, u8, IdentityBuild>,
    /// Word-pair statistics of parsed news (empty: the pair features are constant).
    assoc: Assoc,
}

/// An arc is labelled from this table when its (dependent tag, head tag, direction)
/// took one label at least this share of the time in training ...
const FIXED_LABEL_SHARE: f64 = 0.995;
/// ... over at least this many arcs. On EWT dev the table covers about 39 % of arcs
/// and LAS moves from 81.25 to 81.23 (models/README.md).
const FIXED_LABEL_MIN: u32 = 30;

/// Key of an arc's tags and direction in the fixed-label table.
#[inline]
fn label_key(dep_tag: u64, head_tag: u64, left: bool) -> u64 {
    mix(mix(dep_tag, head_tag), left as u64 + 1)
}

/// The arcs of the training trees (with their training tags) whose label is nearly
/// always the same for the same tags and direction: "DT ← NN" is `det`, "IN ← NNP"
/// is `case`. Labelling those from a table spares the labeler about a third of its work.
fn fixed_labels(sents: &[TreeSentence]) -> HashMap<u64, u8, IdentityBuild> {
    let mut counts: HashMap<u64, HashMap<u8, u32>, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
    for s in sents {
        let n = s.heads.len() as u32;
        for (d, (&h, &l)) in s.heads.iter().zip(&s.labels).enumerate() {
            if h == n {
                continue;
            }
            let key = label_key(s.tags[d], s.tags[h as usize], (d as u32) < h);
            *counts.entry(key).or_default().entry(l).or_default() += 1;
        }
    }
    let mut out = HashMap::with_hasher(IdentityBuild);
    for (k, c) in counts {
        let total: u32 = c.values().sum();
        let (&best, &m) = c.iter().max_by_key(|(&l, &m)| (m, std::cmp::Reverse(l))).expect("non-empty");
        if total >= FIXED_LABEL_MIN && f64::from(m) >= FIXED_LABEL_SHARE * f64::from(total) {
            out.insert(k, best);
        }
    }
    out
}

/// Transition ids of the unlabeled system.
const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;

/// Reusable buffers for parsing sentence after sentence.
#[derive(Debug, Default)]
pub struct ParseScratch {
    st: State,
    coarse: Vec<u64>,
    feats: Vec<u64>,
    lfeats: Vec<u64>,
    scores: Vec<i32>,
    /// Per buffer position: the summed transition scores of its [`BUF_IDS`] features.
    buf: Vec<[i32; 3]>,
    /// Per word (the last slot: empty stack): summed [`STACK_IDS`] scores while it is on top, once known.
    stack: Vec<Option<[i32; 3]>>,
}

/// A parsed sentence: per word its head (`None` for the root) and label id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSentence {
    pub heads: Vec<Option<u32>>,
    pub labels: Vec<u8>,
}

/// Best valid transition given scores for SHIFT, LEFT, RIGHT.
#[inline]
fn best_valid<T: PartialOrd + Copy>(st: &State, scores: &[T]) -> usize {
    let (sh, le, ri) = st.valid();
    let mut best = usize::MAX;
    for (t, ok) in [(SHIFT, sh), (LEFT, le), (RIGHT, ri)] {
        if ok && (best == usize::MAX || scores[t] > scores[best]) {
            best = t;
        }
    }
    best
}

/// Best label other than root (index of the largest score, lowest on ties).
#[inline]
fn best_label<T: PartialOrd + Copy>(scores: &[T], root: usize) -> usize {
    let mut best = usize::MAX;
    for (l, &v) in scores.iter().enumerate() {
        if l != root && (best == usize::MAX || v > scores[best]) {
            best = l;
        }
    }
    best
}

/// Head and dependent of the arc transition `t` would build.
#[inline]
fn arc_of(st: &State, t: usize) -> (u32, u32) {
    let d = st.s(0);
    if t == LEFT {
        (st.b, d)
    } else {
        (st.s(1), d)
    }
}

impl State {
    /// Applies an unlabeled transition, attaching with label `l` for arcs.
    fn apply_labeled(&mut self, t: usize, l: u8) {
        match t {
            SHIFT => {
                let b = self.b;
                self.stack.push(b);
                self.in_stack[b as usize] = true;
                self.b += 1;
            }
            LEFT => {
                let s0 = self.stack.pop().expect("LEFT on an empty stack");
                self.in_stack[s0 as usize] = false;
                self.arc(self.b, s0, l);
            }
            _ => {
                let s0 = self.stack.pop().expect("RIGHT on a short stack");
                self.in_stack[s0 as usize] = false;
                let s1 = *self.stack.last().expect("RIGHT on a short stack");
                self.arc(s1, s0, l);
            }
        }
    }
}

impl Parser {
    /// Parses one sentence given each word's views and tag hash.
    pub fn parse(&self, views: &[WordView], tags: &[u64], scratch: &mut ParseScratch, out: &mut ParsedSentence) {
        let n = views.len();
        let nl = self.labels.len();
        let root = self.root as usize;
        scratch.st.reset(n);
        scratch.coarse.clear();
        scratch.coarse.extend(tags.iter().map(|t| self.coarse.get(t).copied().unwrap_or(P_NONE)));
        // The transition score is a sum over features, so the groups that stay
        // fixed across transitions are scored once and their sums reused: the
        // integer total, hence every decision, is the same as scoring all 112.
        scratch.buf.clear();
        for b0 in 0..=n as u32 {
            scratch.feats.clear();
            buf_features(&Ctx { st: &scratch.st, v: views, tags, coarse: &scratch.coarse, assoc: &self.assoc }, b0, &mut scratch.feats);
            let mut s = [0i32; 3];
            self.trans.score(&scratch.feats, &mut s);
            scratch.buf.push(s);
        }
        scratch.stack.clear();
        scratch.stack.resize(n + 1, None);
        while !scratch.st.terminal() {
            // With one transition allowed (empty stack: SHIFT; buffer at the
            // root: RIGHT, then the final LEFT) the scores cannot change the
            // decision, so they are not computed.
            let forced = match scratch.st.valid() {
                (true, false, false) => Some(SHIFT),
                (false, true, false) => Some(LEFT),
                (false, false, true) => Some(RIGHT),
                _ => None,
            };
            let t = match forced {
                Some(t) => t,
                None => self.best_transition(views, tags, scratch),
            };
            let st = &mut scratch.st;
            let mut l = 0;
            if t != SHIFT {
                let (h, d) = arc_of(st, t);
                if h == st.n {
                    l = root;
                } else if let Some(&fl) = self.fixed_labels.get(&label_key(tags[d as usize], tags[h as usize], d < h)) {
                    l = fl as usize;
                } else {
                    label_features(st, views, tags, h, d, &mut scratch.lfeats);
                    scratch.scores.clear();
                    scratch.scores.resize(nl, 0);
                    self.labeler.score(&scratch.lfeats, &mut scratch.scores);
                    l = best_label(&scratch.scores, root);
                }
            }
            st.apply_labeled(t, l as u8);
        }
        let st = &scratch.st;
        out.heads.clear();
        out.labels.clear();
        for i in 0..n {
            let h = st.head[i];
            out.heads.push(if h == NONE || h == n as u32 { None } else { Some(h) });
            out.labels.push(st.label[i]);
        }
    }

    /// The highest-scoring valid transition of the current configuration.
    #[inline]
    fn best_transition(&self, views: &[WordView], tags: &[u64], scratch: &mut ParseScratch) -> usize {
        let st = &scratch.st;
        let n = st.n as usize;
        let c = Ctx { st, v: views, tags, coarse: &scratch.coarse, assoc: &self.assoc };
        let s0 = st.s(0);
        let top = if s0 == NONE { n } else { s0 as usize };
        let fixed = match scratch.stack[top] {
            Some(s) => s,
            None => {
                scratch.feats.clear();
                stack_features(&c, &mut scratch.feats);
                let mut s = [0i32; 3];
                self.trans.score(&scratch.feats, &mut s);
                scratch.stack[top] = Some(s);
                s
            }
        };
        scratch.feats.clear();
        dyn_features(&c, &mut scratch.feats);
        let mut scores = [0i32; 3];
        self.trans.score(&scratch.feats, &mut scores);
        let b = scratch.buf[st.b as usize];
        for k in 0..3 {
            scores[k] += b[k] + fixed[k];
        }
        best_valid(st, &scores)
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        let mut c: Vec<(u64, u64)> = self.coarse.iter().map(|(&k, &v)| (k, v)).collect();
        c.sort_unstable();
        w.u64s(&c.iter().map(|e| e.0).collect::<Vec<_>>());
        w.u64s(&c.iter().map(|e| e.1).collect::<Vec<_>>());
        self.trans.write(w);
        self.labeler.write(w);
        let mut f: Vec<(u64, u8)> = self.fixed_labels.iter().map(|(&k, &v)| (k, v)).collect();
        f.sort_unstable();
        w.u64s(&f.iter().map(|e| e.0).collect::<Vec<_>>());
        w.u32s(&f.iter().map(|e| u32::from(e.1)).collect::<Vec<_>>());
        self.assoc.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Parser, FormatError> {
        let names = r.strs()?;
        let labels: Vec<&'static str> = names.iter().map(|s| crate::intern::intern(s)).collect();
        let root = labels.iter().position(|&l| l == ROOT_LABEL).ok_or_else(|| r.invalid("parser has no root label"))?;
        if labels.len() > 250 {
            return Err(r.invalid("too many parser labels"));
        }
        let ck = r.u64s()?;
        let cv = r.u64s()?;
        if ck.len() != cv.len() {
            return Err(r.invalid("parser tag table is inconsistent"));
        }
        let mut coarse = HashMap::with_capacity_and_hasher(ck.len(), IdentityBuild);
        coarse.extend(ck.into_iter().zip(cv));
        let trans = Weights::read(r)?;
        let labeler = Weights::read(r)?;
        if trans.nclass() != 3 || labeler.nclass() != labels.len() {
            return Err(r.invalid("parser weights and labels disagree"));
        }
        let fk = r.u64s()?;
        let fv = r.u32s()?;
        if fk.len() != fv.len() || fv.iter().any(|&l| l as usize >= labels.len()) {
            return Err(r.invalid("parser fixed-label table is inconsistent"));
        }
        let fixed_labels = fk.into_iter().zip(fv.into_iter().map(|l| l as u8)).collect::<HashMap<_, _, IdentityBuild>>();
        // Files written before the pair statistics end here; their templates never saw them.
        let assoc = if r.at_end() { Assoc::default() } else { Assoc::read(r)? };
        Ok(Parser { labels, root: root as u8, coarse, trans, labeler, fixed_labels, assoc })
    }

    /// Table statistics of the transition model and the labeler (for reports).
    pub fn stats(&self) -> [(usize, usize, usize, usize); 2] {
        [self.trans.stats(), self.labeler.stats()]
    }

    /// The word-pair statistics the parser reads (empty when trained without).
    pub fn assoc(&self) -> &Assoc {
        &self.assoc
    }

    /// Size of the weight tables in stored weights (for reports).
    pub fn pairs(&self) -> usize {
        self.trans.pairs() + self.labeler.pairs()
    }

    /// A copy with weights below `min` dropped (size/accuracy studies).
    pub fn pruned(&self, min: f32) -> Parser {
        Parser {
            labels: self.labels.clone(),
            root: self.root,
            coarse: self.coarse.clone(),
            trans: self.trans.pruned(min),
            labeler: self.labeler.pruned(min),
            fixed_labels: self.fixed_labels.clone(),
            assoc: self.assoc.clone(),
        }
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
    /// Features whose largest averaged weight is below this are left out of the model.
    pub min_weight: f32,
    /// Independent training runs whose weights are averaged (see [`train`]).
    pub runs: usize,
    /// Word-pair statistics the pair features read (see [`crate::assoc`]); empty for none.
    pub assoc: std::sync::Arc<Assoc>,
}

impl Default for ParserOptions {
    fn default() -> Self {
        ParserOptions { epochs: 15, seed: 1, explore: 0.9, prune: 0.0, min_count: 2, min_weight: 0.0, runs: 1, assoc: Default::default() }
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

/// Trains a parser over `labels` (which must contain `root`); `progress` gets each epoch's training UAS (first run).
///
/// With `opts.runs` > 1 the runs differ only in their visiting order and
/// exploration draws; they train in parallel and their averaged weights are
/// averaged again ([`Trainer::finish_all`]), deterministically.
pub fn train(
    labels: Vec<String>,
    coarse: HashMap<u64, u64, IdentityBuild>,
    sents: &[TreeSentence],
    opts: &ParserOptions,
    progress: impl FnMut(usize, f64),
) -> Parser {
    train_runs(labels, coarse, sents, opts, progress).finish(opts.prune, opts.min_weight)
}

/// A parser's trained runs before averaging and quantization, so that several
/// pruning settings can be compared without training again.
pub struct TrainedParser {
    labels: Vec<String>,
    root: usize,
    coarse: HashMap<u64, u64, IdentityBuild>,
    trans: Vec<Trainer>,
    labeler: Vec<Trainer>,
    fixed_labels: HashMap<u64, u8, IdentityBuild>,
    assoc: std::sync::Arc<Assoc>,
}

impl TrainedParser {
    /// The inference parser: weights below `prune` dropped, and features whose
    /// largest weight is below `min_weight` dropped altogether (a smaller table).
    pub fn finish(&self, prune: f32, min_weight: f32) -> Parser {
        let labels: Vec<&'static str> = self.labels.iter().map(|s| crate::intern::intern(s)).collect();
        Parser {
            labels,
            root: self.root as u8,
            coarse: self.coarse.clone(),
            trans: Trainer::finish_rows(&self.trans, prune, min_weight),
            labeler: Trainer::finish_rows(&self.labeler, prune, min_weight),
            fixed_labels: self.fixed_labels.clone(),
            assoc: (*self.assoc).clone(),
        }
    }
}

/// [`train`] without the final averaging: the runs themselves.
pub fn train_runs(
    labels: Vec<String>,
    coarse: HashMap<u64, u64, IdentityBuild>,
    sents: &[TreeSentence],
    opts: &ParserOptions,
    mut progress: impl FnMut(usize, f64),
) -> TrainedParser {
    let nl = labels.len();
    let root = labels.iter().position(|l| l == ROOT_LABEL).expect("label set lacks root");
    let data = TrainData {
        sents,
        assoc: &opts.assoc,
        ctags: sents.iter().map(|s| s.tags.iter().map(|t| coarse.get(t).copied().unwrap_or(P_NONE)).collect()).collect(),
        kids: sents
            .iter()
            .map(|s| {
                let mut k = vec![Vec::new(); s.heads.len() + 1];
                for (d, &h) in s.heads.iter().enumerate() {
                    k[h as usize].push(d as u32);
                }
                k
            })
            .collect(),
    };
    let counts = if opts.min_count > 1 { Some(data.oracle_counts()) } else { None };
    let runs = perceptron::parallel_runs(opts.runs, &mut progress, |run, report| {
        let mut trans = Trainer::new(3);
        let mut labeler = Trainer::new(nl);
        if let Some((c, lc)) = &counts {
            trans.restrict(c, opts.min_count);
            labeler.restrict(lc, opts.min_count);
        }
        data.run(&mut trans, &mut labeler, root, perceptron::run_seed(opts.seed, run), opts, report);
        (trans, labeler)
    });
    let (trans, labeler): (Vec<Trainer>, Vec<Trainer>) = runs.into_iter().unzip();
    TrainedParser { labels, root, coarse, trans, labeler, fixed_labels: fixed_labels(sents), assoc: opts.assoc.clone() }
}

/// Training sentences with their per-word derived values, shared by every run.
struct TrainData<'a> {
    sents: &'a [TreeSentence],
    assoc: &'a Assoc,
    ctags: Vec<Vec<u64>>,
    /// Per sentence, the gold dependents of each word (and of the root).
    kids: Vec<Vec<Vec<u32>>>,
}

impl TrainData<'_> {
    /// How often each transition and labeler feature occurs along the static-oracle path of every gold tree.
    fn oracle_counts(&self) -> (HashMap<u64, u32, IdentityBuild>, HashMap<u64, u32, IdentityBuild>) {
        let mut counts: HashMap<u64, u32, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
        let mut lcounts: HashMap<u64, u32, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
        let (mut st, mut feats, mut lfeats) = (State::default(), Vec::new(), Vec::new());
        for (si, s) in self.sents.iter().enumerate() {
            st.reset(s.views.len());
            while !st.terminal() {
                features(&st, &s.views, &s.tags, &self.ctags[si], self.assoc, &mut feats);
                for &f in &feats {
                    *counts.entry(f).or_default() += 1;
                }
                let (cs, cl, cr) = costs(&st, &s.heads, &self.kids[si]);
                let (sh, le, ri) = st.valid();
                let c = [if sh { cs } else { u32::MAX }, if le { cl } else { u32::MAX }, if ri { cr } else { u32::MAX }];
                let t = best_valid(&st, &[-(c[0] as i64), -(c[1] as i64), -(c[2] as i64)]);
                let mut l = 0u8;
                if t != SHIFT {
                    let (h, d) = arc_of(&st, t);
                    l = s.labels[d as usize];
                    label_features(&st, &s.views, &s.tags, h, d, &mut lfeats);
                    for &f in &lfeats {
                        *lcounts.entry(f).or_default() += 1;
                    }
                }
                st.apply_labeled(t, l);
            }
        }
        (counts, lcounts)
    }

    /// One training run: `opts.epochs` passes with the dynamic oracle, visiting order and exploration from `seed`.
    fn run(&self, trans: &mut Trainer, labeler: &mut Trainer, root: usize, seed: u64, opts: &ParserOptions, progress: &mut dyn FnMut(usize, f64)) {
        let nl = labeler.nclass();
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..self.sents.len()).collect();
        let mut st = State::default();
        let (mut feats, mut lfeats) = (Vec::new(), Vec::new());
        let mut scores = vec![0f32; 3];
        let mut lscores = vec![0f32; nl];
        for epoch in 0..opts.epochs {
            rng.shuffle(&mut order);
            let (mut correct, mut total) = (0usize, 0usize);
            for &si in &order {
                let s = &self.sents[si];
                let n = s.views.len();
                st.reset(n);
                while !st.terminal() {
                    features(&st, &s.views, &s.tags, &self.ctags[si], self.assoc, &mut feats);
                    trans.score(&feats, &mut scores);
                    let (cs, cl, cr) = costs(&st, &s.heads, &self.kids[si]);
                    let cost = [cs, cl, cr];
                    let (sh, le, ri) = st.valid();
                    let valid = [sh, le, ri];
                    let min = (0..3).filter(|&t| valid[t]).map(|t| cost[t]).min().unwrap_or(0);
                    let guess = best_valid(&st, &scores);
                    let mut masked = [f32::NEG_INFINITY; 3];
                    for t in 0..3 {
                        if valid[t] && cost[t] == min {
                            masked[t] = scores[t];
                        }
                    }
                    let gold = best_valid(&st, &masked);
                    let gold = if cost[gold] == min { gold } else { (0..3).find(|&t| valid[t] && cost[t] == min).unwrap_or(guess) };
                    trans.update(&feats, gold, guess);
                    trans.tick();
                    let next = if cost[guess] == min || (epoch > 0 && rng.next_f64() < opts.explore) { guess } else { gold };
                    let mut l = 0;
                    if next != SHIFT {
                        let (h, d) = arc_of(&st, next);
                        if h == st.n {
                            l = root;
                        } else {
                            label_features(&st, &s.views, &s.tags, h, d, &mut lfeats);
                            labeler.score(&lfeats, &mut lscores);
                            l = best_label(&lscores, root);
                            if s.heads[d as usize] == h {
                                labeler.update(&lfeats, s.labels[d as usize] as usize, l);
                                labeler.tick();
                            }
                        }
                    }
                    st.apply_labeled(next, l as u8);
                }
                for i in 0..n {
                    total += 1;
                    correct += (st.head[i] == s.heads[i]) as usize;
                }
            }
            progress(epoch, correct as f64 / total.max(1) as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_settled_tag_pairs_get_a_fixed_label() {
        // "DT NN": the determiner takes label 1 every time; "JJ NN": label 2 in 39 of 40 trees.
        let (dt, jj, nn) = (11u64, 12u64, 13u64);
        let tree = |a: u64, l: u8| TreeSentence { views: Vec::new(), tags: vec![a, nn], heads: vec![1, 2], labels: vec![l, 0] };
        let mut sents: Vec<TreeSentence> = (0..40).map(|_| tree(dt, 1)).collect();
        sents.extend((0..40).map(|i| tree(jj, if i == 0 { 3 } else { 2 })));
        let f = fixed_labels(&sents);
        assert_eq!(f.get(&label_key(dt, nn, true)), Some(&1));
        assert_eq!(f.get(&label_key(jj, nn, true)), None, "97.5 % is not settled");
        assert_eq!(f.get(&label_key(dt, nn, false)), None, "other direction unseen");
        // Too few arcs settle nothing.
        assert!(fixed_labels(&sents[..FIXED_LABEL_MIN as usize - 1]).is_empty());
    }

    #[test]
    fn split_features_match_the_reference_and_stay_fixed() {
        let mut rng = Rng::new(7);
        let mut scratch = String::new();
        let mut out = Vec::new();
        let mut reference = Vec::new();
        let mut part = Vec::new();
        // Pair statistics over the same seven words, so the pair features take varied values.
        let mut counter = crate::assoc::AssocCounter::default();
        let lower: Vec<u64> = (0..7).map(|i| WordView::new(&format!("w{i}"), &mut scratch).lower).collect();
        for _ in 0..200 {
            let heads: Vec<Option<u32>> = (0..7u32).map(|d| if d == 0 { None } else { Some((rng.next_u64() % u64::from(d)) as u32) }).collect();
            let case: Vec<bool> = (0..7).map(|_| rng.next_u64() % 3 == 0).collect();
            counter.add_sentence(&lower, &heads, &case);
        }
        let assoc = counter.finish(2);
        assert!(assoc.len() > 10);
        for _ in 0..300 {
            let n = 1 + (rng.next_u64() % 25) as usize;
            let words: Vec<String> = (0..n).map(|_| format!("w{}", rng.next_u64() % 7)).collect();
            let v: Vec<WordView> = words.iter().map(|w| WordView::new(w, &mut scratch)).collect();
            let tags: Vec<u64> = (0..n).map(|_| rng.next_u64() % 5).collect();
            let coarse: Vec<u64> = tags.iter().map(|t| t % 3).collect();
            let mut st = State::default();
            st.reset(n);
            let mut fixed: Vec<Option<Vec<u64>>> = vec![None; n + 1];
            while !st.terminal() {
                features(&st, &v, &tags, &coarse, &assoc, &mut out);
                reference_features(&st, &v, &tags, &coarse, &assoc, &mut reference);
                assert_eq!(out, reference);
                let c = Ctx { st: &st, v: &v, tags: &tags, coarse: &coarse, assoc: &assoc };
                part.clear();
                buf_features(&c, st.b, &mut part);
                assert_eq!(part.len(), BUF_IDS.len());
                part.clear();
                stack_features(&c, &mut part);
                let s0 = st.s(0);
                let top = if s0 == NONE { n } else { s0 as usize };
                match &fixed[top] {
                    Some(f) => assert_eq!(f, &part),
                    None => fixed[top] = Some(part.clone()),
                }
                let (sh, le, ri) = st.valid();
                let ok: Vec<usize> = [(SHIFT, sh), (LEFT, le), (RIGHT, ri)].iter().filter(|e| e.1).map(|e| e.0).collect();
                let t = ok[(rng.next_u64() % ok.len() as u64) as usize];
                st.apply_labeled(t, (rng.next_u64() % 4) as u8);
            }
        }
        let mut ids: Vec<usize> = BUF_IDS.iter().chain(&STACK_IDS).chain(&DYN_IDS).copied().collect();
        ids.sort_unstable();
        assert_eq!(ids, (0..NFEAT).collect::<Vec<_>>());
    }

    /// The feature extraction before it was split into groups, kept as the reference the split must reproduce.
    #[rustfmt::skip]
    fn reference_features(st: &State, v: &[WordView], tags: &[u64], coarse: &[u64], assoc: &Assoc, out: &mut Vec<u64>) {
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
        let u = |x: u32| -> u64 {
            if x == NONE {
                P_NONE
            } else if x == n {
                P_ROOT
            } else {
                coarse[x as usize]
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
        let a = |k: Pair, h: u32, d: u32| -> u64 { if h >= n || d >= n { 0 } else { assoc.get(k, v[h as usize].lower, v[d as usize].lower) } };
        let prep = if b0l1 != NONE { b0l1 } else { b0 };

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
            feat1(90, u(s0)),
            feat1(91, u(b0)),
            feat2(92, u(s0), u(b0)),
            feat2(93, u(s1), u(s0)),
            feat3(94, u(s1), u(s0), u(b0)),
            feat3(95, u(s0), u(b0), u(b1)),
            feat3(96, u(b0), u(b1), u(b2)),
            feat3(97, u(s2), u(s1), u(s0)),
            feat3(98, u(s0), u(s0l1), u(b0)),
            feat3(99, u(s0), u(s0r1), u(b0)),
            feat3(100, u(s1), u(s1r1), u(s0)),
            feat3(101, u(s0), u(b0), d),
            feat3(102, s0w, u(b0), d),
            feat3(103, u(s0), b0w, d),
            feat2(104, u(b0), u(b0l1)),
            feat3(105, u(s1), u(s0), d2),
            feat3(106, a(Pair::Arc, b0, s0), u(s0), u(b0)),
            feat3(107, a(Pair::Arc, s1, s0), u(s1), u(s0)),
            feat3(108, a(Pair::Arc, s0, b0), u(s0), u(b0)),
            feat3(109, a(Pair::Arc, s1, b0), u(s1), u(b0)),
            feat3(110, a(Pair::Prep, s0, prep), a(Pair::Prep, s1, prep), u(b0)),
            feat3(111, a(Pair::Arc, s0, b0), a(Pair::Arc, s1, b0), u(b0)),
        ]);
    }


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
            let t = if le && cl == 0 { LEFT } else if ri && cr == 0 { RIGHT } else if sh && cs == 0 { SHIFT } else { panic!("no zero-cost move") };
            st.apply_labeled(t, 0);
        }
        assert_eq!(&st.head[..4], &heads[..]);
    }
}
