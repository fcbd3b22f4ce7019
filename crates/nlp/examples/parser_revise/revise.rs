//! Tree revision: a second look at every word's head once the parser's whole tree is known.
//!
//! The greedy parser attaches a word seeing only the stack and the next few
//! words; by the end of the sentence much more is known (what the later words
//! attached to, which verb already has an object, where the clause ends). The
//! reviser re-ranks, for each word, its current head against the other words
//! that could head it, with features of the finished tree (grandparent,
//! siblings, crossing arcs, the word's preposition, the words in between), and
//! moves the word when another head wins by a margin (Attardi & Ciaramita 2007
//! and Hall & Novák 2005 revise trees in the same spirit). Two stages keep it
//! cheap: a small model ranks every candidate, the full model compares the best
//! few with the current head. It is trained on the parser's own output for
//! held-out folds of its training data, so it learns the errors the parser
//! makes on text it has not seen.

use sitrep_nlp::binfmt::{FormatError, Reader, Writer};
use sitrep_nlp::features::WordView;
use sitrep_nlp::hash::{feat1, feat2, feat3, hash_str, mix, Rng};
use sitrep_nlp::perceptron::{Trainer, Weights};

/// How far the reviser looks and how sure it must be; stored with the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Candidates are the words within this distance of the dependent (and its current head wherever it is).
    pub window: u32,
    /// How many of the cheap model's best candidates the full model compares with the current head.
    pub top: usize,
    /// A new head must beat the current one by this much (perceptron units), or the parser's choice stands.
    pub margin: f32,
    /// The full model is asked only when the cheap model's best candidate scores at least this much below the current head or above it.
    pub cheap_gap: f32,
    /// Revision passes over a sentence; a second pass sees the first one's moves.
    pub passes: usize,
    /// A word is looked at only when the gate's "wrong head" score is at least minus this (perceptron units).
    pub gate_slack: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { window: 12, top: 3, margin: 6.0, cheap_gap: 6.0, passes: 2, gate_slack: f32::INFINITY }
    }
}

const NONE: u64 = 0x5151_0000_0000_0001;

/// The two ranking models.
#[derive(Debug, Clone)]
pub struct Reviser {
    /// Two classes: the current head is right / another candidate is.
    gate: Weights,
    cheap: Weights,
    full: Weights,
    pub settings: Settings,
}

/// What the reviser reads about one sentence (the parser's tree is passed separately).
pub struct Words<'a> {
    pub views: &'a [WordView],
    /// Fine (UPOS+XPOS) and coarse (UPOS) tag hashes.
    pub tags: &'a [u64],
    pub coarse: &'a [u64],
}

/// Per-arc label facts the features use: the label's hash and its [`label_bits`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ArcLabel {
    pub hash: u64,
    pub bits: u16,
}

impl ArcLabel {
    /// The facts of a relation name.
    pub fn of(name: &str) -> ArcLabel {
        ArcLabel { hash: hash_str(name), bits: label_bits(name) }
    }
}

/// A bit for each relation whose presence among a word's dependents says what slot it has filled.
pub fn label_bits(name: &str) -> u16 {
    match name.split(':').next().unwrap_or("") {
        "case" => 1,
        "mark" => 2,
        "cop" => 4,
        "nsubj" => 8,
        "obj" => 16,
        "det" => 32,
        "aux" => 64,
        "cc" => 128,
        "ccomp" | "xcomp" => 256,
        _ => 0,
    }
}

/// Reusable buffers.
#[derive(Debug, Default)]
pub struct ReviseScratch {
    tin: Vec<u32>,
    tout: Vec<u32>,
    kids: Vec<Vec<u32>>,
    stack: Vec<(u32, usize)>,
    cands: Vec<u32>,
    ranked: Vec<(i32, u32)>,
    feats: Vec<u64>,
    moves: Vec<(i32, u32, u32)>,
    cur: Vec<u32>,
    cross: Vec<i32>,
}

/// The finished tree of one pass, with what the features ask of it.
struct Tree<'a> {
    heads: &'a [u32],
    labels: &'a [ArcLabel],
    tin: &'a [u32],
    tout: &'a [u32],
    kids: &'a [Vec<u32>],
}

impl Tree<'_> {
    fn n(&self) -> u32 {
        self.heads.len() as u32
    }
    /// Whether `a` dominates `k` (or is it).
    #[inline]
    fn dominates(&self, a: u32, k: u32) -> bool {
        let (a, k) = (a as usize, k as usize);
        self.tin[a] <= self.tin[k] && self.tout[k] <= self.tout[a]
    }
    /// For every word `x`, how many arcs (other than `d`'s own and root arcs) an arc
    /// between `d` and `x` would cross, at most 3: one sweep over the arcs with a
    /// difference array instead of one per candidate.
    fn crossing_counts(&self, d: u32, out: &mut Vec<i32>) {
        let n = self.n();
        out.clear();
        out.resize(n as usize + 1, 0);
        for (k, &h) in self.heads.iter().enumerate() {
            let k = k as u32;
            if k == d || h == d || h == n {
                continue;
            }
            let (p, e) = if k < h { (k, h) } else { (h, k) };
            let (lo, hi) = if p < d && d < e {
                // Crossed by any arc from d reaching past either end.
                out[0] += 1;
                out[p as usize] -= 1;
                out[e as usize + 1] += 1;
                out[n as usize] -= 1;
                continue;
            } else {
                (p + 1, e)
            };
            if e < d || p > d {
                out[lo as usize] += 1;
                out[hi as usize] -= 1;
            }
        }
        let mut run = 0;
        for c in out.iter_mut() {
            run += *c;
            *c = run.min(3);
        }
    }

    /// Arcs (other than `d`'s own and root arcs) that an arc between `d` and `x` would cross, at most 3.
    #[cfg(test)]
    fn crossings(&self, d: u32, x: u32) -> u64 {
        let n = self.n();
        let (a, b) = if x < d { (x, d) } else { (d, x) };
        let mut c = 0;
        for (k, &h) in self.heads.iter().enumerate() {
            let k = k as u32;
            if k == d || h == n {
                continue;
            }
            let (p, e) = if k < h { (k, h) } else { (h, k) };
            c += ((p < a && a < e && e < b) || (a < p && p < b && b < e)) as u64;
        }
        c.min(3)
    }
}

fn build_tree(heads: &[u32], s: &mut ReviseScratch) {
    let n = heads.len();
    s.kids.resize_with(n + 1, Vec::new);
    for k in &mut s.kids[..=n] {
        k.clear();
    }
    for (d, &h) in heads.iter().enumerate() {
        s.kids[(h as usize).min(n)].push(d as u32);
    }
    s.tin.clear();
    s.tin.resize(n + 1, 0);
    s.tout.clear();
    s.tout.resize(n + 1, 0);
    let mut clock = 0u32;
    s.stack.clear();
    s.stack.push((n as u32, 0));
    s.tin[n] = clock;
    while let Some(&mut (v, ref mut i)) = s.stack.last_mut() {
        if let Some(&c) = s.kids[v as usize].get(*i) {
            *i += 1;
            clock += 1;
            s.tin[c as usize] = clock;
            s.stack.push((c, 0));
        } else {
            s.tout[v as usize] = clock;
            s.stack.pop();
        }
    }
}

use sitrep_nlp::parser::dist_bucket as bucket;

/// Read access to the words of a sentence, with values for positions outside it.
struct View<'a> {
    w: &'a Words<'a>,
}

impl View<'_> {
    #[inline]
    fn p(&self, k: u32) -> u64 {
        self.w.tags.get(k as usize).copied().unwrap_or(NONE)
    }
    #[inline]
    fn u(&self, k: u32) -> u64 {
        self.w.coarse.get(k as usize).copied().unwrap_or(NONE)
    }
    #[inline]
    fn w(&self, k: u32) -> u64 {
        self.w.views.get(k as usize).map_or(NONE + 1, |v| v.lower)
    }
    #[inline]
    fn before(&self, k: u32) -> u64 {
        if k == 0 {
            NONE + 2
        } else {
            self.p(k - 1)
        }
    }
}

/// How `x` stands to `d`'s current head `h` in the tree.
fn relation(t: &Tree, h: u32, x: u32) -> u64 {
    let n = t.n();
    if x == h {
        0
    } else if h < n && t.heads[h as usize] == x {
        1
    } else if t.heads[x as usize] == h {
        2
    } else if h < n && t.dominates(x, h) {
        3
    } else if h < n && t.dominates(h, x) {
        4
    } else {
        5
    }
}

/// Features of the gate, which tells whether `d`'s current head looks wrong: the arc and its surroundings only.
fn gate_features(v: &View, t: &Tree, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let h = t.heads[d as usize];
    let l = t.labels[d as usize].hash;
    let dir = (h < d) as u64;
    let dist = bucket(h.abs_diff(d));
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    let (mut verbs, mut puncts) = (0u64, 0u64);
    for k in lo + 1..hi.min(t.n()) {
        let c = v.u(k);
        verbs += (c == *VERB) as u64;
        puncts += (c == *PUNCT) as u64;
    }
    let hm = t.kids.get(h as usize).map_or(0, |k| k.iter().fold(0u64, |m, &c| m | t.labels[c as usize].bits as u64));
    let (pd, ph) = (v.p(d), v.p(h));
    out.extend_from_slice(&[
        feat1(1, 0),
        feat3(2, pd, ph, dir),
        feat3(3, l, pd, dist),
        feat2(4, v.w(d), l),
        feat3(5, pd, ph, l),
        feat3(6, mix(v.u(d), v.u(h)), dist, dir),
        feat3(7, v.w(h), pd, dir),
        feat3(8, mix(v.before(d), pd), v.p(d + 1), dir),
        feat3(9, ph, hm, l),
        feat3(10, pd, verbs.min(2), mix(puncts.min(2), dir)),
    ]);
}

/// Features of the cheap model: tags, direction, distance, tree relation, crossings.
fn cheap_features(v: &View, t: &Tree, d: u32, x: u32, cross: u64, out: &mut Vec<u64>) {
    out.clear();
    let h = t.heads[d as usize];
    let l = t.labels[d as usize].hash;
    let cur = (x == h) as u64;
    let dir = (x < d) as u64;
    let rel = relation(t, h, x);
    out.extend_from_slice(&[
        feat3(1, cur, v.p(d), l),
        feat3(2, v.p(d), v.p(x), dir),
        feat3(3, mix(v.u(d), v.u(x)), dir, bucket(x.abs_diff(d))),
        feat3(4, rel, v.p(d), v.p(x)),
        feat3(5, cross, v.u(d), v.u(x)),
        feat3(6, rel, l, v.u(x)),
    ]);
}

/// Features of the full model.
fn full_features(v: &View, t: &Tree, d: u32, x: u32, cross: u64, out: &mut Vec<u64>) {
    out.clear();
    let n = t.n();
    let h = t.heads[d as usize];
    let (di, xi) = (d as usize, x as usize);
    let cur = (x == h) as u64;
    let dir = (x < d) as u64;
    let dist = bucket(x.abs_diff(d));
    let l = t.labels[di].hash;
    let rel = relation(t, h, x);
    // d's first left dependent that is a preposition, subordinator or conjunction.
    let cw = t.kids[di].iter().find(|&&k| k < d && t.labels[k as usize].bits & (1 | 2 | 128) != 0).map_or(NONE + 3, |&k| v.w(k));
    let (lo, hi) = if x < d { (x, d) } else { (d, x) };
    let (vu, pu) = (*VERB, *PUNCT);
    let (mut verbs, mut puncts) = (0u64, 0u64);
    for k in lo + 1..hi {
        let c = v.u(k);
        verbs += (c == vu) as u64;
        puncts += (c == pu) as u64;
    }
    let (verbs, puncts) = (verbs.min(2), puncts.min(2));
    // x's dependents other than d: a same-relation one, the nearest on d's side, and the slots they fill.
    let (mut dup, mut sib, mut xm) = (0u64, n, 0u64);
    for &k in &t.kids[xi] {
        if k == d {
            continue;
        }
        dup |= (t.labels[k as usize].hash == l) as u64;
        xm |= t.labels[k as usize].bits as u64;
        if k > lo && k < hi && (sib == n || x < d) {
            sib = k;
        }
    }
    let dm = t.kids[di].iter().fold(0u64, |m, &k| m | t.labels[k as usize].bits as u64);
    let (sp, sl) = if sib == n { (NONE + 4, NONE + 4) } else { (v.p(sib), t.labels[sib as usize].hash) };
    let xl = t.labels[xi].hash;
    let gx = t.heads[xi];
    let (pd, px, ud, ux, wd, wx) = (v.p(d), v.p(x), v.u(d), v.u(x), v.w(d), v.w(x));
    out.extend_from_slice(&[
        feat1(1, cur),
        feat3(2, cur, pd, l),
        feat3(3, pd, px, dir),
        feat3(4, mix(ud, ux), dir, dist),
        feat3(5, wd, px, dir),
        feat3(6, pd, wx, dir),
        feat3(7, wd, wx, dir),
        feat3(8, rel, pd, px),
        feat3(9, rel, l, ux),
        feat3(10, rel, mix(ud, ux), v.u(h)),
        feat3(11, pd, px, xl),
        feat3(12, cw, px, dir),
        feat2(13, cw, wx),
        feat3(14, cw, ux, rel),
        feat3(15, mix(ud, ux), verbs, dir),
        feat3(16, mix(ud, ux), puncts, dir),
        feat3(17, dup, l, cur),
        feat3(18, mix(pd, px), v.p(x + 1), dir),
        feat3(19, mix(pd, px), v.before(x), dir),
        feat3(20, mix(v.p(h), px), pd, cur),
        feat3(21, l, mix(px, xl), rel),
        feat3(22, mix(l, ux), dist, dir),
        feat3(23, mix(wd, l), px, rel),
        feat3(24, mix(cw, l), ux, dist),
        feat3(25, mix(pd, px), verbs, puncts),
        feat3(26, pd, px, v.p(gx)),
        feat3(27, sp, pd, px),
        feat3(28, sl, l, dir),
        feat3(29, dm, pd, ux),
        feat3(30, xm, l, ud),
        feat3(31, wx, l, dir),
        feat3(32, mix(pd, px), dist, dir),
        feat3(33, mix(dm, xm), ud, ux),
        feat3(34, cross, ud, ux),
        feat2(35, cross, l),
        feat3(36, mix(v.before(d), pd), v.p(d + 1), mix(ux, dir)),
        feat3(37, (pd == px) as u64, l, dist),
        feat3(38, mix(wd, v.before(d)), v.p(d + 1), mix(ux, dir)),
        feat3(39, mix(v.before(x), px), v.p(x + 1), mix(ud, dir)),
    ]);
}

static VERB: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| hash_str("VERB"));
static PUNCT: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| hash_str("PUNCT"));

/// The words that may head `d`: within `window` words and not below `d`, plus its current head.
fn candidates(t: &Tree, d: u32, window: u32, out: &mut Vec<u32>) {
    out.clear();
    let n = t.n();
    let h = t.heads[d as usize];
    let (a, b) = (d.saturating_sub(window), (d + window).min(n - 1));
    for x in a..=b {
        if x != d && !t.dominates(d, x) {
            out.push(x);
        }
    }
    if h < n && (h < a || h > b) {
        out.push(h);
    }
}

fn score1(w: &Weights, feats: &[u64]) -> i32 {
    let mut s = [0i32; 1];
    w.score(feats, &mut s);
    s[0]
}

impl Reviser {
    /// Revises `heads` (`n` = root) in place; `labels` go with the words, not the arcs, so they move along.
    pub fn revise(&self, words: &Words, heads: &mut [u32], labels: &[ArcLabel], s: &mut ReviseScratch) {
        let n = heads.len() as u32;
        if n < 3 {
            return;
        }
        let v = View { w: words };
        let margin = (self.settings.margin / self.full.scale.max(f32::MIN_POSITIVE)) as i32;
        let slack = self.settings.gate_slack / self.gate.scale.max(f32::MIN_POSITIVE);
        let gated = slack.is_finite();
        for _ in 0..self.settings.passes {
            s.cur.clear();
            s.cur.extend_from_slice(heads);
            let mut cur = std::mem::take(&mut s.cur);
            build_tree(&cur, s);
            let (tin, tout, kids) = (std::mem::take(&mut s.tin), std::mem::take(&mut s.tout), std::mem::take(&mut s.kids));
            let t = Tree { heads: &cur, labels, tin: &tin, tout: &tout, kids: &kids };
            s.moves.clear();
            for d in 0..n {
                let h = cur[d as usize];
                if h == n {
                    continue;
                }
                if gated {
                    gate_features(&v, &t, d, &mut s.feats);
                    let mut g = [0i32; 2];
                    self.gate.score(&s.feats, &mut g);
                    if ((g[1] - g[0]) as f32) < -slack {
                        continue;
                    }
                }
                let Some((best, gain)) = self.choose(&v, &t, d, s) else { continue };
                if best != h && gain > margin {
                    s.moves.push((gain, d, best));
                }
            }
            s.moves.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let moved = !s.moves.is_empty();
            for &(_, d, x) in &s.moves {
                if !reaches(heads, x, d) {
                    heads[d as usize] = x;
                }
            }
            cur.clear();
            s.cur = cur;
            (s.tin, s.tout, s.kids) = (tin, tout, kids);
            if !moved {
                break;
            }
        }
    }

    /// The full model's best head for `d` among the cheap model's top candidates, and its margin over the current head.
    fn choose(&self, v: &View, t: &Tree, d: u32, s: &mut ReviseScratch) -> Option<(u32, i32)> {
        let h = t.heads[d as usize];
        candidates(t, d, self.settings.window, &mut s.cands);
        t.crossing_counts(d, &mut s.cross);
        s.ranked.clear();
        for &x in &s.cands {
            if x != h {
                cheap_features(v, t, d, x, s.cross[x as usize] as u64, &mut s.feats);
                s.ranked.push((score1(&self.cheap, &s.feats), x));
            }
        }
        let k = self.settings.top.min(s.ranked.len());
        if k == 0 {
            return None;
        }
        s.ranked.select_nth_unstable_by(k - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        if self.settings.cheap_gap.is_finite() {
            // When the cheap model itself prefers the current head by far, the full model would too.
            cheap_features(v, t, d, h, s.cross[h as usize] as u64, &mut s.feats);
            let own = score1(&self.cheap, &s.feats);
            let best = s.ranked[..k].iter().map(|e| e.0).max().unwrap_or(i32::MIN);
            if ((own - best) as f32) * self.cheap.scale > self.settings.cheap_gap {
                return None;
            }
        }
        full_features(v, t, d, h, s.cross[h as usize] as u64, &mut s.feats);
        let base = score1(&self.full, &s.feats);
        let (mut best, mut top) = (h, base);
        for i in 0..k {
            let x = s.ranked[i].1;
            full_features(v, t, d, x, s.cross[x as usize] as u64, &mut s.feats);
            let sc = score1(&self.full, &s.feats);
            if sc > top {
                (best, top) = (x, sc);
            }
        }
        Some((best, top - base))
    }

    pub fn write(&self, w: &mut Writer) {
        let st = &self.settings;
        w.u32(st.window);
        w.u32(st.top as u32);
        w.f32(st.margin);
        w.f32(st.cheap_gap);
        w.u32(st.passes as u32);
        w.f32(st.gate_slack);
        self.gate.write(w);
        self.cheap.write(w);
        self.full.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Reviser, FormatError> {
        let settings = Settings { window: r.u32()?, top: r.u32()? as usize, margin: r.f32()?, cheap_gap: r.f32()?, passes: r.u32()? as usize, gate_slack: r.f32()? };
        Ok(Reviser { settings, gate: Weights::read(r)?, cheap: Weights::read(r)?, full: Weights::read(r)? })
    }

    /// Weight counts of the gate, cheap and full tables.
    pub fn features(&self) -> (usize, usize, usize) {
        (self.gate.pairs(), self.cheap.pairs(), self.full.pairs())
    }
}

/// Whether `a` is `k` or above it (walking up from `k`).
fn reaches(heads: &[u32], mut k: u32, a: u32) -> bool {
    let n = heads.len() as u32;
    for _ in 0..=heads.len() {
        if k == a {
            return true;
        }
        if k == n {
            return false;
        }
        k = heads[k as usize];
    }
    true
}

/// One training sentence: the parser's tree on held-out text and the gold heads.
#[derive(Debug, Clone)]
pub struct RevisionSentence {
    pub views: Vec<WordView>,
    pub tags: Vec<u64>,
    pub coarse: Vec<u64>,
    /// The parser's heads (`n` = root) and labels.
    pub heads: Vec<u32>,
    pub labels: Vec<ArcLabel>,
    pub gold: Vec<u32>,
}

/// Trains the three models: the gate and the cheap one (ranking every candidate) together, then the full one on the cheap one's top candidates.
///
/// Full-model features whose largest averaged weight is below `min_weight` are left out (a smaller file).
pub fn train(sents: &[RevisionSentence], settings: Settings, epochs: usize, min_weight: f32, seed: u64, mut log: impl FnMut(String)) -> Reviser {
    let mut s = ReviseScratch::default();
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let mut gate = Trainer::new(2);
    let mut cheap = Trainer::new(1);
    let mut full = Trainer::new(1);
    let mut gs = [0f32; 2];
    let (mut gf, mut bf) = (Vec::new(), Vec::new());
    let mut sc = [0f32; 1];
    let mut finished: Option<Weights> = None;
    for stage in 0..2 {
        for e in 0..epochs {
            rng.shuffle(&mut order);
            let (mut updates, mut seen) = (0usize, 0usize);
            for &si in &order {
                let r = &sents[si];
                let n = r.heads.len() as u32;
                if n < 3 {
                    continue;
                }
                let words = Words { views: &r.views, tags: &r.tags, coarse: &r.coarse };
                let v = View { w: &words };
                build_tree(&r.heads, &mut s);
                let t = Tree { heads: &r.heads, labels: &r.labels, tin: &s.tin, tout: &s.tout, kids: &s.kids };
                for d in 0..n {
                    let h = r.heads[d as usize];
                    let g = r.gold[d as usize];
                    if h == n || g == n {
                        continue;
                    }
                    candidates(&t, d, settings.window, &mut s.cands);
                    if stage == 0 {
                        let wrong = (g != h && s.cands.contains(&g)) as usize;
                        gate_features(&v, &t, d, &mut gf);
                        gate.score(&gf, &mut gs);
                        gate.update(&gf, wrong, (gs[1] > gs[0]) as usize);
                        gate.tick();
                    }
                    if !s.cands.contains(&g) {
                        continue;
                    }
                    t.crossing_counts(d, &mut s.cross);
                    let (model, feats): (&mut Trainer, fn(&View, &Tree, u32, u32, u64, &mut Vec<u64>)) =
                        if stage == 0 { (&mut cheap, cheap_features) } else { (&mut full, full_features) };
                    if stage == 1 {
                        // The full model sees what it will see at run time: the current head and the cheap model's best.
                        let w = finished.as_ref().expect("cheap model finished");
                        s.ranked.clear();
                        for &x in &s.cands {
                            if x != h {
                                cheap_features(&v, &t, d, x, s.cross[x as usize] as u64, &mut s.feats);
                                s.ranked.push((score1(w, &s.feats), x));
                            }
                        }
                        let k = settings.top.min(s.ranked.len());
                        if k > 0 {
                            s.ranked.select_nth_unstable_by(k - 1, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                        }
                        s.cands.clear();
                        s.cands.push(h);
                        s.cands.extend(s.ranked[..k].iter().map(|e| e.1));
                        if !s.cands.contains(&g) {
                            continue;
                        }
                    }
                    let (mut best, mut top) = (h, f32::NEG_INFINITY);
                    for &x in &s.cands {
                        feats(&v, &t, d, x, s.cross[x as usize] as u64, &mut s.feats);
                        model.score(&s.feats, &mut sc);
                        if sc[0] > top || (sc[0] == top && x == h) {
                            (best, top) = (x, sc[0]);
                        }
                    }
                    seen += 1;
                    if best != g {
                        updates += 1;
                        feats(&v, &t, d, g, s.cross[g as usize] as u64, &mut gf);
                        feats(&v, &t, d, best, s.cross[best as usize] as u64, &mut bf);
                        model.nudge(&gf, 0, 1.0);
                        model.nudge(&bf, 0, -1.0);
                    }
                    model.tick();
                }
            }
            log(format!("reviser {} model, epoch {}: {updates} updates of {seen}", if stage == 0 { "cheap" } else { "full" }, e + 1));
        }
        if stage == 0 {
            finished = Some(cheap.finish(0.0));
        }
    }
    Reviser { gate: gate.finish(0.0), cheap: finished.expect("cheap model finished"), full: Trainer::finish_rows(std::slice::from_ref(&full), 0.0, min_weight), settings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_counts_match_a_pairwise_count() {
        // Projective and non-projective trees over 9 words (9 = root).
        for heads in [vec![1, 9, 1, 4, 2, 4, 7, 5, 1], vec![2, 2, 9, 6, 2, 3, 2, 0, 6], vec![8, 0, 0, 2, 8, 4, 4, 9, 7]] {
            let labels = vec![ArcLabel::default(); heads.len()];
            let mut s = ReviseScratch::default();
            build_tree(&heads, &mut s);
            let t = Tree { heads: &heads, labels: &labels, tin: &s.tin, tout: &s.tout, kids: &s.kids };
            let mut out = Vec::new();
            for d in 0..heads.len() as u32 {
                t.crossing_counts(d, &mut out);
                for x in 0..heads.len() as u32 {
                    if x != d {
                        assert_eq!(out[x as usize] as u64, t.crossings(d, x), "heads {heads:?}, d {d}, x {x}");
                    }
                }
            }
        }
    }
}
