//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over joint UPOS+XPOS classes.
//!
//! Predicting the (UPOS, XPOS) pair as one class keeps the two layers
//! consistent (no `VBZ`/`NOUN` pairs) and lets the parser read one tag.

use crate::binfmt::{FormatError, Reader, Writer};
use crate::features::{flags, WordView};
use std::collections::HashMap;

use crate::hash::{feat1, feat2, feat3, hash_str, mix, IdentityBuild, Rng};
use crate::perceptron::{self, Trainer, Weights};
use crate::types::Upos;

/// One joint tag class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagClass {
    pub upos: Upos,
    /// Interned XPOS.
    pub xpos: &'static str,
    /// Hash of the pair, the value other components use as a feature.
    pub hash: u64,
}

impl TagClass {
    /// The class for a (UPOS, XPOS) pair.
    pub fn new(upos: Upos, xpos: &str) -> TagClass {
        TagClass { upos, xpos: crate::intern::intern(xpos), hash: tag_hash(upos.as_str(), xpos) }
    }
}

/// The feature value of a (UPOS, XPOS) pair.
pub fn tag_hash(upos: &str, xpos: &str) -> u64 {
    mix(hash_str(upos), hash_str(xpos))
}

/// Previous-tag value before the sentence start.
const START: u64 = 0x5354_4152_5400_0001;
const START2: u64 = 0x5354_4152_5400_0002;
/// Word value past either end of the sentence.
const PAD: u64 = 0x5041_4400_0000_0001;

/// Extracts the features of word `i` given the two previous predicted tags.
#[inline]
fn features(v: &[WordView], amb: &[u64], right: Option<&[u64]>, i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    out.clear();
    let am = |j: isize| -> u64 {
        let k = i as isize + j;
        if k < 0 || k as usize >= amb.len() {
            PAD ^ j as u64
        } else {
            amb[k as usize]
        }
    };
    let w = &v[i];
    let get = |j: isize| -> Option<&WordView> {
        let k = i as isize + j;
        if k < 0 {
            None
        } else {
            v.get(k as usize)
        }
    };
    let lw = |j: isize| get(j).map_or(PAD ^ j as u64, |x| x.lower);
    let m1 = get(-1);
    let n1 = get(1);
    let first = (i == 0) as u64;
    out.push(feat1(0, 0));
    out.push(feat1(1, w.lower));
    out.push(feat1(2, w.form));
    for (k, s) in w.suffix.iter().enumerate() {
        out.push(feat1(3 + k as u32, *s));
    }
    for (k, p) in w.prefix.iter().enumerate() {
        out.push(feat1(7 + k as u32, *p));
    }
    out.push(feat1(10, w.shape));
    out.push(feat1(11, lw(-1)));
    out.push(feat1(12, lw(-2)));
    out.push(feat1(13, lw(1)));
    out.push(feat1(14, lw(2)));
    out.push(feat1(15, p1));
    out.push(feat1(16, p2));
    out.push(feat2(17, p1, p2));
    out.push(feat2(18, p1, w.lower));
    out.push(feat2(19, lw(-1), w.lower));
    out.push(feat2(20, w.lower, lw(1)));
    out.push(feat1(21, m1.map_or(PAD, |x| x.suffix[2])));
    out.push(feat1(22, n1.map_or(PAD, |x| x.suffix[2])));
    out.push(feat1(23, m1.map_or(PAD, |x| x.shape)));
    out.push(feat1(24, n1.map_or(PAD, |x| x.shape)));
    out.push(feat2(25, p1, w.suffix[2]));
    out.push(feat2(26, w.flags & !flags::TITLE_LINE, first));
    out.push(feat2(27, w.shape, first));
    out.push(feat2(28, lw(1), lw(2)));
    out.push(feat2(29, p1, lw(1)));
    out.push(feat1(30, n1.map_or(PAD, |x| x.suffix[1])));
    out.push(feat3(31, p1, w.shape, n1.map_or(PAD, |x| x.shape)));
    out.push(feat1(33, am(0)));
    out.push(feat1(34, am(1)));
    out.push(feat1(35, am(2)));
    out.push(feat1(36, am(-1)));
    out.push(feat2(37, p1, am(0)));
    out.push(feat2(38, am(0), am(1)));
    out.push(feat3(39, p1, am(0), am(1)));
    out.push(feat2(40, w.lower, am(1)));
    if w.flags & flags::HAS_HYPHEN != 0 {
        out.push(feat1(32, w.suffix[3]));
    }
    if w.flags & flags::TITLE_LINE != 0 {
        // In a title-case headline the capitals say little: the lower-cased words say what each is.
        out.push(feat1(60, w.lower));
        out.push(feat2(61, p1, w.lower));
        out.push(feat2(62, w.lower, lw(1)));
        out.push(feat2(63, lw(-1), w.lower));
        out.push(feat1(64, am(0)));
        out.push(feat2(65, p1, am(0)));
    }
    if let Some(r) = right {
        // First-pass tags of the following words: the right context a greedy left-to-right pass lacks.
        let r1 = r.get(i + 1).copied().unwrap_or(PAD);
        let r2 = r.get(i + 2).copied().unwrap_or(PAD ^ 2);
        out.push(feat1(50, r1));
        out.push(feat1(51, r2));
        out.push(feat2(52, r1, r2));
        out.push(feat2(53, r1, w.lower));
        out.push(feat3(54, p1, r1, am(0)));
        out.push(feat2(55, r1, w.suffix[2]));
        out.push(feat2(56, r[i], r1));
        out.push(feat1(57, r[i]));
    }
}

/// The trained tagger.
#[derive(Debug, Clone)]
pub struct Tagger {
    pub classes: Vec<TagClass>,
    weights: Weights,
    /// Second pass that also sees the first pass's tags of the next words.
    second: Option<Weights>,
    /// Ambiguity classes: lowercased-word hash -> hash of the set of tags it takes in training.
    ambiguity: HashMap<u64, u64, IdentityBuild>,
    /// Frequent, (almost) unambiguous word forms -> their class, tagged without scoring.
    fixed: HashMap<u64, u16, IdentityBuild>,
}

/// A form is fixed when seen this often ...
const FIXED_MIN_COUNT: u32 = 20;
/// ... with one tag at least this share of the time.
const FIXED_MIN_SHARE: f64 = 0.995;

/// Learns the fixed-tag dictionary over exact word forms.
fn fixed_tags(sents: &[TaggedSentence]) -> HashMap<u64, u16, IdentityBuild> {
    let mut counts: HashMap<u64, HashMap<u16, u32>, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
    for s in sents {
        for (w, &t) in s.words.iter().zip(&s.tags) {
            *counts.entry(hash_str(w)).or_default().entry(t).or_default() += 1;
        }
    }
    let mut out = HashMap::with_hasher(IdentityBuild);
    for (k, c) in counts {
        let total: u32 = c.values().sum();
        let (&best, &n) = c.iter().max_by_key(|(&t, &n)| (n, std::cmp::Reverse(t))).expect("non-empty");
        if total >= FIXED_MIN_COUNT && n as f64 >= FIXED_MIN_SHARE * total as f64 {
            out.insert(k, best);
        }
    }
    out
}

/// Ambiguity-class value of words without a (reliable) entry.
const AMB_UNKNOWN: u64 = 0x414D_4255_4E4B_0001;

/// Words seen at least this often get an ambiguity class.
const AMB_MIN_COUNT: u32 = 3;

/// Learns ambiguity classes: for each frequent word, the tags making up at least 1% of its uses.
fn ambiguity_classes(classes: &[TagClass], sents: &[TaggedSentence]) -> HashMap<u64, u64, IdentityBuild> {
    let mut counts: HashMap<u64, Vec<u32>, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
    let mut lower = String::new();
    for s in sents {
        for (w, &t) in s.words.iter().zip(&s.tags) {
            crate::features::lower_into(w, &mut lower);
            let row = counts.entry(hash_str(&lower)).or_insert_with(|| vec![0; classes.len()]);
            row[t as usize] += 1;
        }
    }
    let mut out = HashMap::with_hasher(IdentityBuild);
    for (k, row) in counts {
        let total: u32 = row.iter().sum();
        if total < AMB_MIN_COUNT {
            continue;
        }
        let mut h = 0xA3B1_u64;
        for (c, &n) in row.iter().enumerate() {
            if n * 100 >= total {
                h = mix(h, classes[c].hash);
            }
        }
        out.insert(k, h);
    }
    out
}

/// Reusable buffers for tagging one sentence after another without allocating.
#[derive(Debug, Default)]
pub struct TagScratch {
    pub views: Vec<WordView>,
    amb: Vec<u64>,
    right: Vec<u64>,
    feats: Vec<u64>,
    scores: Vec<i32>,
    lower: String,
}

impl Tagger {
    /// Whether the lower-cased word `lower` was frequent in the training data (it has an ambiguity class).
    pub fn knows(&self, lower: &str) -> bool {
        self.ambiguity.contains_key(&hash_str(lower))
    }

    /// Fills `views` for `words` (reused by the parser and lemmatizer).
    pub fn views(words: &[&str], scratch: &mut TagScratch) {
        scratch.views.clear();
        for w in words {
            let v = WordView::new(w, &mut scratch.lower);
            scratch.views.push(v);
        }
        crate::features::mark_title_line(words, &mut scratch.views);
    }

    /// Tags a sentence whose views are already in `scratch.views`; writes class ids into `out`.
    pub fn tag_views(&self, scratch: &mut TagScratch, out: &mut Vec<u16>) {
        scratch.amb.clear();
        scratch.amb.extend(scratch.views.iter().map(|v| self.ambiguity.get(&v.lower).copied().unwrap_or(AMB_UNKNOWN)));
        self.pass(&self.weights, None, scratch, out);
        if let Some(w2) = &self.second {
            let mut right = std::mem::take(&mut scratch.right);
            right.clear();
            right.extend(out.iter().map(|&c| self.classes[c as usize].hash));
            self.pass(w2, Some(&right), scratch, out);
            scratch.right = right;
        }
    }

    fn pass(&self, weights: &Weights, right: Option<&[u64]>, scratch: &mut TagScratch, out: &mut Vec<u16>) {
        out.clear();
        let n = self.classes.len();
        let (mut p1, mut p2) = (START, START2);
        for i in 0..scratch.views.len() {
            let best = if let Some(&c) = self.fixed.get(&scratch.views[i].form) {
                c as usize
            } else {
                features(&scratch.views, &scratch.amb, right, i, p1, p2, &mut scratch.feats);
                scratch.scores.clear();
                scratch.scores.resize(n, 0);
                weights.score(&scratch.feats, &mut scratch.scores);
                argmax_i32(&scratch.scores)
            };
            out.push(best as u16);
            p2 = p1;
            p1 = self.classes[best].hash;
        }
    }

    /// Tags `words`; class ids index [`Tagger::classes`].
    pub fn tag(&self, words: &[&str], scratch: &mut TagScratch, out: &mut Vec<u16>) {
        Self::views(words, scratch);
        self.tag_views(scratch, out);
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.classes.len() as u32);
        for c in &self.classes {
            w.str(c.upos.as_str());
            w.str(c.xpos);
        }
        let mut amb: Vec<(u64, u64)> = self.ambiguity.iter().map(|(&k, &v)| (k, v)).collect();
        amb.sort_unstable();
        w.u64s(&amb.iter().map(|e| e.0).collect::<Vec<_>>());
        w.u64s(&amb.iter().map(|e| e.1).collect::<Vec<_>>());
        let mut fixed: Vec<(u64, u32)> = self.fixed.iter().map(|(&k, &v)| (k, v as u32)).collect();
        fixed.sort_unstable();
        w.u64s(&fixed.iter().map(|e| e.0).collect::<Vec<_>>());
        w.u32s(&fixed.iter().map(|e| e.1).collect::<Vec<_>>());
        self.weights.write(w);
        w.u8(self.second.is_some() as u8);
        if let Some(s) = &self.second {
            s.write(w);
        }
    }

    pub fn read(r: &mut Reader) -> Result<Tagger, FormatError> {
        let n = r.u32()? as usize;
        let mut classes = Vec::with_capacity(n.min(4096));
        for _ in 0..n {
            let upos: Upos = r.str()?.parse().map_err(|e: String| r.invalid(e))?;
            let xpos = r.str()?;
            classes.push(TagClass::new(upos, &xpos));
        }
        let keys = r.u64s()?;
        let vals = r.u64s()?;
        if keys.len() != vals.len() {
            return Err(r.invalid("tagger ambiguity table is inconsistent"));
        }
        let mut ambiguity = HashMap::with_capacity_and_hasher(keys.len(), IdentityBuild);
        ambiguity.extend(keys.into_iter().zip(vals));
        let fk = r.u64s()?;
        let fv = r.u32s()?;
        if fk.len() != fv.len() || fv.iter().any(|&c| c as usize >= classes.len()) {
            return Err(r.invalid("tagger dictionary is inconsistent"));
        }
        let mut fixed = HashMap::with_capacity_and_hasher(fk.len(), IdentityBuild);
        fixed.extend(fk.into_iter().zip(fv.into_iter().map(|c| c as u16)));
        let weights = Weights::read(r)?;
        let second = if r.u8()? != 0 { Some(Weights::read(r)?) } else { None };
        if weights.nclass() != classes.len() || second.as_ref().is_some_and(|s| s.nclass() != classes.len()) {
            return Err(r.invalid("tagger weights and tag classes disagree"));
        }
        Ok(Tagger { classes, weights, second, ambiguity, fixed })
    }

    /// Table statistics (features, pairs, dense rows, slots).
    pub fn stats(&self) -> (usize, usize, usize, usize) {
        self.weights.stats()
    }

    /// Size of the weight table in stored pairs (for reports).
    pub fn pairs(&self) -> usize {
        self.weights.pairs()
    }

    /// A copy with weights below `min` dropped (size/accuracy studies).
    pub fn pruned(&self, min: f32) -> Tagger {
        Tagger { classes: self.classes.clone(), weights: self.weights.pruned(min), second: self.second.as_ref().map(|w| w.pruned(min)), ambiguity: self.ambiguity.clone(), fixed: self.fixed.clone() }
    }
}

/// Index of the largest score (lowest index on ties, so results are deterministic).
#[inline]
pub fn argmax_i32(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

#[inline]
fn argmax_f32(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

/// Tagger training settings.
#[derive(Debug, Clone)]
pub struct TaggerOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Drop averaged weights smaller than this in absolute value.
    pub prune: f32,
    /// Only features seen at least this often (with gold context) get weights.
    pub min_count: u32,
    /// Add a second pass that sees first-pass tags to the right (trained on jackknifed first-pass tags).
    pub two_pass: bool,
    /// Tag frequent unambiguous forms from a dictionary instead of scoring them (faster).
    pub fixed: bool,
    /// Independent training runs (visiting orders) whose weights are averaged (first pass only).
    pub runs: usize,
    /// Fraction of training sentences also added in headline title case, so that headlines are tagged by their words.
    pub titlecase: f64,
}

impl Default for TaggerOptions {
    fn default() -> Self {
        TaggerOptions { epochs: 10, seed: 1, prune: 0.0, min_count: 2, two_pass: false, fixed: true, runs: 1, titlecase: 0.1 }
    }
}

/// A training sentence: words and gold class ids.
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub tags: Vec<u16>,
}

/// Trains a tagger on `sents` whose tags index `classes`; `progress` is told each epoch's training accuracy.
pub fn train(
    classes: Vec<TagClass>,
    sents: &[TaggedSentence],
    opts: &TaggerOptions,
    mut progress: impl FnMut(usize, f64),
) -> Tagger {
    // The dictionaries come from the sentences as written, the weights also from headline copies.
    let ambiguity = ambiguity_classes(&classes, sents);
    let fixed = if opts.fixed { fixed_tags(sents) } else { HashMap::with_hasher(IdentityBuild) };
    let augmented: Vec<TaggedSentence>;
    let sents = if opts.titlecase > 0.0 {
        augmented = sents.iter().cloned().chain(title_case_copies(sents, opts.titlecase, opts.seed)).collect();
        &augmented[..]
    } else {
        sents
    };
    let views: Vec<Vec<WordView>> = sents
        .iter()
        .map(|s| {
            let mut lower = String::new();
            let mut v: Vec<WordView> = s.words.iter().map(|w| WordView::new(w, &mut lower)).collect();
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            crate::features::mark_title_line(&words, &mut v);
            v
        })
        .collect();
    let ambs: Vec<Vec<u64>> =
        views.iter().map(|v| v.iter().map(|w| ambiguity.get(&w.lower).copied().unwrap_or(AMB_UNKNOWN)).collect()).collect();
    let all: Vec<usize> = (0..sents.len()).collect();
    let data = PassData { classes: &classes, sents, views: &views, ambs: &ambs, fixed: &fixed };
    let runs = perceptron::parallel_runs(opts.runs, &mut progress, |run, report| {
        let o = TaggerOptions { seed: perceptron::run_seed(opts.seed, run), ..opts.clone() };
        train_pass(&data, &all, None, &o, report)
    });
    let weights = Trainer::finish_all(&runs, opts.prune);
    let second = opts.two_pass.then(|| {
        // First-pass tags for every training sentence from models that never saw it.
        const FOLDS: usize = 4;
        let inner = TaggerOptions { epochs: opts.epochs.div_ceil(2), ..opts.clone() };
        let mut right: Vec<Vec<u64>> = vec![Vec::new(); sents.len()];
        for f in 0..FOLDS {
            let train_ids: Vec<usize> = all.iter().copied().filter(|i| i % FOLDS != f).collect();
            let w = train_pass(&data, &train_ids, None, &inner, &mut |_, _| {}).finish(opts.prune);
            let t = Tagger { classes: classes.clone(), weights: w, second: None, ambiguity: ambiguity.clone(), fixed: fixed.clone() };
            let mut scratch = TagScratch::default();
            let mut out = Vec::new();
            for i in all.iter().copied().filter(|i| i % FOLDS == f) {
                scratch.views.clear();
                scratch.views.extend_from_slice(&views[i]);
                t.tag_views(&mut scratch, &mut out);
                right[i] = out.iter().map(|&c| classes[c as usize].hash).collect();
            }
        }
        train_pass(&data, &all, Some(&right), opts, &mut progress).finish(opts.prune)
    });
    Tagger { classes, weights, second, ambiguity, fixed }
}

/// Headline-style copies of a random `frac` of the sentences, with the same tags.
fn title_case_copies(sents: &[TaggedSentence], frac: f64, seed: u64) -> Vec<TaggedSentence> {
    let mut rng = Rng::new(seed ^ 0x5449_544C_4543_4153);
    sents
        .iter()
        .filter(|_| rng.next_f64() < frac)
        .map(|s| TaggedSentence {
            words: s.words.iter().enumerate().map(|(k, w)| crate::features::headline_word(w, k == 0)).collect(),
            tags: s.tags.clone(),
        })
        .collect()
}

/// Precomputed training inputs shared by every pass.
struct PassData<'a> {
    classes: &'a [TagClass],
    sents: &'a [TaggedSentence],
    views: &'a [Vec<WordView>],
    ambs: &'a [Vec<u64>],
    fixed: &'a HashMap<u64, u16, IdentityBuild>,
}

/// Trains one left-to-right pass on the sentences `ids` (with first-pass tags `right` for a second pass).
fn train_pass(
    d: &PassData,
    ids: &[usize],
    right: Option<&[Vec<u64>]>,
    opts: &TaggerOptions,
    progress: &mut dyn FnMut(usize, f64),
) -> Trainer {
    let n = d.classes.len();
    let mut model = Trainer::new(n);
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = ids.to_vec();
    let mut feats = Vec::new();
    let r = |si: usize| right.map(|r| r[si].as_slice());
    if opts.min_count > 1 {
        let mut counts: HashMap<u64, u32, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
        for &si in ids {
            let (s, v, a) = (&d.sents[si], &d.views[si], &d.ambs[si]);
            let (mut p1, mut p2) = (START, START2);
            for i in 0..v.len() {
                if d.fixed.contains_key(&v[i].form) {
                    p2 = p1;
                    p1 = d.classes[s.tags[i] as usize].hash;
                    continue;
                }
                features(v, a, r(si), i, p1, p2, &mut feats);
                for &f in &feats {
                    *counts.entry(f).or_default() += 1;
                }
                p2 = p1;
                p1 = d.classes[s.tags[i] as usize].hash;
            }
        }
        model.restrict(&counts, opts.min_count);
    }
    let mut scores = vec![0f32; n];
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let (mut correct, mut total) = (0usize, 0usize);
        for &si in &order {
            let (s, v, a) = (&d.sents[si], &d.views[si], &d.ambs[si]);
            let (mut p1, mut p2) = (START, START2);
            for i in 0..v.len() {
                let gold = s.tags[i] as usize;
                let guess = if let Some(&c) = d.fixed.get(&v[i].form) {
                    c as usize
                } else {
                    features(v, a, r(si), i, p1, p2, &mut feats);
                    model.score(&feats, &mut scores);
                    let guess = argmax_f32(&scores);
                    model.update(&feats, gold, guess);
                    model.tick();
                    guess
                };
                correct += (guess == gold) as usize;
                total += 1;
                p2 = p1;
                p1 = d.classes[guess].hash;
            }
        }
        progress(epoch, correct as f64 / total.max(1) as f64);
    }
    model
}
