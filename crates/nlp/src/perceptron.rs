//! Averaged multiclass perceptron: a sparse trainer and a compact, quantized inference table.
//!
//! Training keeps, per hashed feature, only the classes it was ever updated
//! for (most features touch a handful of classes), with Daumé's trick for
//! averaging (`avg = w - u / c`), so an update costs O(features) regardless of
//! how long training runs. Export prunes near-zero weights and quantizes the
//! rest to `i16` in an open-addressing table keyed by hash fingerprints.

use std::collections::{HashMap, HashSet};

use crate::binfmt::{FormatError, Reader, Writer};
use crate::hash::IdentityBuild;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    w: f32,
    u: f64,
}

/// The training-time weights.
#[derive(Debug)]
pub struct Trainer {
    nclass: usize,
    index: HashMap<u64, u32, IdentityBuild>,
    rows: Vec<Vec<Entry>>,
    /// Number of training instances seen (the averaging clock), from 1.
    clock: f64,
    /// When set, only these features ever get weights (a frequency cut-off).
    allowed: Option<HashSet<u64, IdentityBuild>>,
}

impl Trainer {
    /// An empty model over `nclass` classes.
    pub fn new(nclass: usize) -> Self {
        Trainer { nclass, index: HashMap::with_hasher(IdentityBuild), rows: Vec::new(), clock: 1.0, allowed: None }
    }

    /// Number of classes.
    pub fn nclass(&self) -> usize {
        self.nclass
    }

    /// Restricts learning to features seen at least `min` times in `counts`.
    pub fn restrict(&mut self, counts: &HashMap<u64, u32, IdentityBuild>, min: u32) {
        if min > 1 {
            self.allowed = Some(counts.iter().filter(|(_, &c)| c >= min).map(|(&k, _)| k).collect());
        }
    }

    /// Number of distinct features with at least one weight.
    pub fn features(&self) -> usize {
        self.rows.len()
    }

    /// Current (non-averaged) scores of every class, written into `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&r) = self.index.get(f) {
                for e in &self.rows[r as usize] {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Adds `delta` to class `class` for each feature.
    fn add(&mut self, feats: &[u64], class: usize, delta: f32) {
        let c = self.clock;
        for &f in feats {
            if self.allowed.as_ref().is_some_and(|a| !a.contains(&f)) {
                continue;
            }
            let next = self.rows.len() as u32;
            let r = *self.index.entry(f).or_insert(next);
            if r == next {
                self.rows.push(Vec::with_capacity(2));
            }
            let row = &mut self.rows[r as usize];
            match row.iter_mut().find(|e| e.class as usize == class) {
                Some(e) => {
                    e.w += delta;
                    e.u += c * delta as f64;
                }
                None => row.push(Entry { class: class as u16, w: delta, u: c * delta as f64 }),
            }
        }
    }

    /// The perceptron update: reward `gold`, penalise `guess` (no-op when equal).
    pub fn update(&mut self, feats: &[u64], gold: usize, guess: usize) {
        if gold != guess {
            self.add(feats, gold, 1.0);
            self.add(feats, guess, -1.0);
        }
    }

    /// Adds `delta` to one class's weight of each feature: a ranking update,
    /// where the preferred and the chosen candidate have different features.
    pub fn nudge(&mut self, feats: &[u64], class: usize, delta: f32) {
        self.add(feats, class, delta);
    }

    /// Advances the averaging clock by one training instance.
    pub fn tick(&mut self) {
        self.clock += 1.0;
    }

    /// Averages, prunes (drops |w| < `prune`) and quantizes into an inference table.
    ///
    /// Deterministic: features are visited in key order, so the same training
    /// run always gives the same bytes.
    pub fn finish(&self, prune: f32) -> Weights {
        Trainer::finish_all(std::slice::from_ref(self), prune)
    }

    /// Like [`Trainer::finish`] for the mean of several independently trained
    /// models over the same classes (runs with different visiting orders): the
    /// mean of averaged perceptrons varies less between seeds than one run.
    pub fn finish_all(runs: &[Trainer], prune: f32) -> Weights {
        Trainer::finish_rows(runs, prune, 0.0)
    }

    /// [`Trainer::finish_all`], also leaving out every feature whose largest
    /// weight is below `min_weight`: fewer table slots, fewer cache misses.
    pub fn finish_rows(runs: &[Trainer], prune: f32, min_weight: f32) -> Weights {
        let nclass = runs[0].nclass;
        assert!(runs.iter().all(|t| t.nclass == nclass), "runs over different classes");
        let mut keys: Vec<u64> = runs.iter().flat_map(|t| t.index.keys().copied()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut kept: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut max = 0f32;
        let mut sum = vec![0f64; nclass];
        let mut seen = vec![false; nclass];
        for k in keys {
            for t in runs {
                if let Some(&r) = t.index.get(&k) {
                    for e in &t.rows[r as usize] {
                        sum[e.class as usize] += e.w as f64 - e.u / t.clock;
                        seen[e.class as usize] = true;
                    }
                }
            }
            let mut row: Vec<(u16, f32)> = Vec::new();
            for c in 0..nclass {
                if seen[c] {
                    let w = (sum[c] / runs.len() as f64) as f32;
                    if w.abs() >= prune && w != 0.0 {
                        row.push((c as u16, w));
                    }
                }
                sum[c] = 0.0;
                seen[c] = false;
            }
            if row.iter().all(|e| e.1.abs() < min_weight) {
                continue;
            }
            for e in &row {
                max = max.max(e.1.abs());
            }
            kept.push((k, row));
        }
        Weights::build(nclass, &kept, max)
    }
}

/// Trains `n` independent runs with `train(run, progress)`: run 0 on this
/// thread (it alone reports `progress`), the others on threads beside it.
/// Results come back in run order, so combining them is deterministic.
pub fn parallel_runs<T: Send>(
    n: usize,
    progress: &mut dyn FnMut(usize, f64),
    train: impl Fn(usize, &mut dyn FnMut(usize, f64)) -> T + Sync,
) -> Vec<T> {
    let train = &train;
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..n.max(1)).map(|r| scope.spawn(move || train(r, &mut |_, _| {}))).collect();
        let mut all = vec![train(0, progress)];
        all.extend(others.into_iter().map(|h| h.join().expect("training run panicked")));
        all
    })
}

/// The seed of training run `run`: run 0 keeps `seed`, so a single run trains exactly as before runs existed.
pub fn run_seed(seed: u64, run: usize) -> u64 {
    if run == 0 {
        seed
    } else {
        seed ^ 0x9E37_79B9_7F4A_7C15u64.wrapping_mul(run as u64)
    }
}

/// Asks the CPU to start loading the cache line at `p` (a no-op off x86-64).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, even for an invalid address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Empty-slot marker (fingerprints are never zero).
const EMPTY: u64 = 0;

/// Target share of occupied slots: few full buckets at a modest size.
const LOAD: f64 = 0.5;

/// Slots per bucket: one 64-byte cache line.
const BUCKET: usize = 8;

/// One cache line of eight slots. A key lives in its home bucket unless that
/// is full, then in the next bucket with room, so a lookup almost always reads one line.
///
/// The slots are stored split: all fingerprints side by side, so that one
/// vector compare finds the key's lane, and the payloads next to them. Inline
/// tables (see [`INLINE_MAX`]): 24 `i16` weights (lane `i` at `3i..3i+3`), then
/// eight `u16` fingerprints (lanes 24..32). Wide tables: eight `u32` fingerprints
/// (each as two `u16` lanes, low half first), then eight `u32` locators
/// (`start << 8 | len`). An empty slot is all zeros. The file keeps the older
/// interleaved form (one `u64` per slot, see [`Weights`]); [`Bucket::pack`] and
/// [`Bucket::slot`] convert.
#[repr(C, align(64))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bucket([u16; 32]);

impl Bucket {
    /// The split form of eight interleaved slots.
    fn pack(slots: &[u64], inline: bool) -> Bucket {
        let mut b = Bucket([0; 32]);
        for (i, &s) in slots.iter().enumerate().take(BUCKET) {
            if inline {
                for c in 0..3 {
                    b.0[3 * i + c] = (s >> (16 * c)) as u16;
                }
                b.0[24 + i] = (s >> 48) as u16;
            } else {
                let (fp, loc) = ((s >> 32) as u32, s as u32);
                b.0[2 * i] = fp as u16;
                b.0[2 * i + 1] = (fp >> 16) as u16;
                b.0[16 + 2 * i] = loc as u16;
                b.0[17 + 2 * i] = (loc >> 16) as u16;
            }
        }
        b
    }

    /// Slot `i` in the interleaved form.
    #[inline(always)]
    fn slot(&self, i: usize, inline: bool) -> u64 {
        let l = |k: usize| self.0[k] as u64;
        if inline {
            l(24 + i) << 48 | l(3 * i + 2) << 32 | l(3 * i + 1) << 16 | l(3 * i)
        } else {
            (l(2 * i + 1) << 48 | l(2 * i) << 32) | l(17 + 2 * i) << 16 | l(16 + 2 * i)
        }
    }

    /// Lanes whose `u16` fingerprint is `fp` (inline tables): bits `2i` and `2i + 1` for lane `i`.
    #[inline(always)]
    fn match16(&self, fp: u16) -> u32 {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: SSE2 is part of the x86-64 baseline; the load reads lanes 24..32,
        // inside the bucket and 16-byte aligned (the bucket is 64-byte aligned).
        unsafe {
            use core::arch::x86_64::*;
            let v = _mm_load_si128(self.0.as_ptr().add(24) as *const __m128i);
            _mm_movemask_epi8(_mm_cmpeq_epi16(v, _mm_set1_epi16(fp as i16))) as u32
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let mut m = 0;
            for i in 0..BUCKET {
                m |= ((self.0[24 + i] == fp) as u32 * 3) << (2 * i);
            }
            m
        }
    }

    /// Lanes whose `u32` fingerprint is `fp` (wide tables), in the form of [`Bucket::match16`].
    #[inline(always)]
    fn match32(&self, fp: u32) -> u32 {
        #[cfg(all(target_arch = "x86_64", target_endian = "little"))]
        // SAFETY: SSE2 is part of the x86-64 baseline; the loads read lanes 0..16,
        // inside the bucket and 16-byte aligned. On little-endian machines two
        // `u16` lanes, low half first, are the `u32` the compare sees.
        unsafe {
            use core::arch::x86_64::*;
            let f = _mm_set1_epi32(fp as i32);
            let lo = _mm_cmpeq_epi32(_mm_load_si128(self.0.as_ptr() as *const __m128i), f);
            let hi = _mm_cmpeq_epi32(_mm_load_si128(self.0.as_ptr().add(8) as *const __m128i), f);
            // All-ones and all-zero lanes survive the saturating pack unchanged.
            _mm_movemask_epi8(_mm_packs_epi32(lo, hi)) as u32
        }
        #[cfg(not(all(target_arch = "x86_64", target_endian = "little")))]
        {
            let mut m = 0;
            for i in 0..BUCKET {
                let f = self.0[2 * i] as u32 | (self.0[2 * i + 1] as u32) << 16;
                m |= ((f == fp) as u32 * 3) << (2 * i);
            }
            m
        }
    }

    /// Whether the last slot is taken (a bucket fills from its first slot, so a
    /// key not in a bucket whose last slot is free is in no later bucket either).
    #[inline(always)]
    fn full(&self, inline: bool) -> bool {
        if inline {
            self.0[31] != 0
        } else {
            self.0[14] != 0 || self.0[15] != 0
        }
    }

    /// Adds inline slot `i`'s three weights into `acc`, each and-ed with `keep` (all ones, or zero to add nothing).
    #[inline(always)]
    fn add_inline(&self, i: usize, keep: i32, acc: &mut [i32; INLINE_MAX]) {
        for (c, a) in acc.iter_mut().enumerate() {
            *a += (self.0[3 * i + c] as i16 as i32) & keep;
        }
    }

    /// The locator of wide slot `i`.
    #[inline(always)]
    fn loc(&self, i: usize) -> u32 {
        self.0[16 + 2 * i] as u32 | (self.0[17 + 2 * i] as u32) << 16
    }
}

/// Lookups per scoring call whose home bucket is full without them, set aside
/// to finish after the others (more are finished on the spot).
const LATER: usize = 8;

/// `len` value marking a dense row.
const DENSE: usize = 0xFF;

/// Classifiers with at most this many classes keep their weights inside the slot.
const INLINE_MAX: usize = 3;

/// Home bucket of a key: the high bits scaled to the bucket count (any count works, no power of two).
#[inline(always)]
fn home(h: u64, nb: usize) -> usize {
    ((h as u128 * nb as u128) >> 64) as usize
}

/// Flat interleaved slots grouped into split buckets (on huge pages when large); `slots.len()` is a multiple of [`BUCKET`].
fn bucketed(slots: &[u64], inline: bool) -> Vec<Bucket> {
    let b: Vec<Bucket> = slots.chunks_exact(BUCKET).map(|c| Bucket::pack(c, inline)).collect();
    crate::hugepage::copy(b)
}

/// Inference weights: an open-addressing table from feature hash to its class weights.
///
/// Slots come in cache-line buckets (see [`Bucket`]); keys are checked by a
/// fingerprint taken from the hash bits the bucket position does not use.
/// Small classifiers (≤ 3 classes, the parser's transition model) pack a
/// 16-bit fingerprint and the three `i16` weights
/// into one `u64`, so a feature costs one memory access. Larger ones store a
/// 32-bit fingerprint and either a run of (class, weight) pairs or, for
/// features with weights for at least half the classes, a dense `i16` row
/// (added with SIMD).
#[derive(Debug, Clone)]
pub struct Weights {
    nclass: usize,
    inline: bool,
    /// The slots, in split buckets (see [`Bucket`]). In the interleaved form of the file:
    /// inline slots are `fp16 << 48 | w2 << 32 | w1 << 16 | w0`, others
    /// `fp32 << 32 | start << 8 | len` (`len == DENSE`: `start` is a dense row number).
    /// An empty slot is 0, whose fingerprint matches no key and whose inline weights are 0;
    /// a bucket fills from its first slot, so a bucket with an empty last slot holds no more.
    buckets: Vec<Bucket>,
    /// Per pair: class in the high 16 bits, weight (i16) in the low 16 bits.
    pairs: Vec<u32>,
    /// Dense rows, `nclass` weights each.
    dense: Vec<i16>,
    /// Float value of one quantization step.
    pub scale: f32,
}

impl Weights {
    #[inline(always)]
    fn inline_fp(h: u64) -> u64 {
        let f = h & 0xFFFF;
        if f == 0 {
            1
        } else {
            f
        }
    }

    #[inline(always)]
    fn wide_fp(h: u64) -> u64 {
        let f = h & 0xFFFF_FFFF;
        if f == 0 {
            1
        } else {
            f
        }
    }

    fn build(nclass: usize, kept: &[(u64, Vec<(u16, f32)>)], max: f32) -> Weights {
        let nb = ((kept.len() as f64 / LOAD / BUCKET as f64) as usize + 1).max(2);
        let inline = nclass <= INLINE_MAX;
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        let mut slots = vec![EMPTY; nb * BUCKET];
        let mut pairs = Vec::new();
        let mut dense: Vec<i16> = Vec::new();
        for (k, row) in kept {
            let q: Vec<(u16, i16)> = row
                .iter()
                .map(|&(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(c, w)| w != 0 && (c as usize) < nclass)
                .collect();
            if q.is_empty() {
                continue;
            }
            let slot = if inline {
                let mut v = Self::inline_fp(*k) << 48;
                for (c, w) in q {
                    v |= (w as u16 as u64) << (16 * c as u64);
                }
                v
            } else {
                let (start, len) = if q.len() * 2 >= nclass || q.len() >= DENSE {
                    let r = dense.len() / nclass.max(1);
                    dense.resize(dense.len() + nclass, 0);
                    for (c, w) in q {
                        dense[r * nclass + c as usize] = w;
                    }
                    (r, DENSE)
                } else {
                    let start = pairs.len();
                    for (c, w) in q {
                        pairs.push(((c as u32) << 16) | (w as u16 as u32));
                    }
                    (start, pairs.len() - start)
                };
                (Self::wide_fp(*k) << 32) | ((start as u64) << 8) | len as u64
            };
            // Some bucket has room: the load keeps about half the slots empty.
            let mut b = home(*k, nb);
            loop {
                if let Some(free) = slots[b * BUCKET..(b + 1) * BUCKET].iter_mut().find(|s| **s == EMPTY) {
                    *free = slot;
                    break;
                }
                b = (b + 1) % nb;
            }
        }
        Weights { nclass, inline, buckets: bucketed(&slots, inline), pairs, dense, scale }
    }

    /// Number of classes.
    pub fn nclass(&self) -> usize {
        self.nclass
    }

    /// Every slot, bucket by bucket.
    fn slots(&self) -> impl Iterator<Item = u64> + '_ {
        self.buckets.iter().flat_map(move |b| (0..BUCKET).map(move |i| b.slot(i, self.inline)))
    }

    /// The (class, float weight) entries of one slot.
    fn row(&self, s: u64) -> Vec<(u16, f32)> {
        if self.inline {
            return (0..self.nclass)
                .map(|c| (c as u16, ((s >> (16 * c)) as u16 as i16) as f32 * self.scale))
                .filter(|e| e.1 != 0.0)
                .collect();
        }
        let start = ((s >> 8) & 0xFF_FFFF) as usize;
        let len = (s & 0xFF) as usize;
        if len == DENSE {
            let r = &self.dense[start * self.nclass..(start + 1) * self.nclass];
            r.iter().enumerate().filter(|(_, &w)| w != 0).map(|(c, &w)| (c as u16, w as f32 * self.scale)).collect()
        } else {
            self.pairs[start..start + len].iter().map(|&p| ((p >> 16) as u16, (p as u16 as i16) as f32 * self.scale)).collect()
        }
    }

    /// A copy with the weights smaller than `min` (in float units) zeroed; for size/accuracy studies.
    pub fn pruned(&self, min: f32) -> Weights {
        let mut out = self.clone();
        let mut slots: Vec<u64> = self.slots().collect();
        for s in slots.iter_mut() {
            if *s == EMPTY {
                continue;
            }
            let small: Vec<u16> = self.row(*s).into_iter().filter(|(_, w)| w.abs() < min).map(|e| e.0).collect();
            // Zero in place: the slot stays, so probing is unaffected.
            if self.inline {
                for c in small {
                    *s &= !(0xFFFFu64 << (16 * c as u64));
                }
            } else {
                let start = ((*s >> 8) & 0xFF_FFFF) as usize;
                let len = (*s & 0xFF) as usize;
                for c in small {
                    if len == DENSE {
                        out.dense[start * self.nclass + c as usize] = 0;
                    } else if let Some(p) = out.pairs[start..start + len].iter_mut().find(|p| (**p >> 16) as u16 == c) {
                        *p &= 0xFFFF_0000;
                    }
                }
            }
        }
        out.buckets = bucketed(&slots, self.inline);
        out
    }

    /// (features, sparse pairs, dense rows, slots): for size reports.
    pub fn stats(&self) -> (usize, usize, usize, usize) {
        let feats = self.slots().filter(|&s| s != EMPTY).count();
        (feats, self.pairs.len(), self.dense.len() / self.nclass.max(1), self.buckets.len() * BUCKET)
    }

    /// Number of stored weights.
    pub fn pairs(&self) -> usize {
        if self.inline {
            self.slots().filter(|&s| s != EMPTY).count() * self.nclass
        } else {
            self.pairs.len() + self.dense.len()
        }
    }

    /// Lanes of `h`'s fingerprint in bucket `b` (see [`Bucket::match16`]); the first match is where `h` is.
    #[inline(always)]
    fn lanes(&self, b: &Bucket, h: u64) -> u32 {
        if self.inline {
            b.match16(Self::inline_fp(h) as u16)
        } else {
            b.match32(Self::wide_fp(h) as u32)
        }
    }

    /// The rest of a lookup whose home bucket is full, from bucket `b` on.
    ///
    /// Buckets fill from their first slot and fingerprints are never zero, so
    /// the first matching lane is the first match of a slot-by-slot walk, and
    /// a bucket with a free slot ends the walk.
    #[cold]
    #[inline(never)]
    fn find_slow(&self, mut b: usize, h: u64) -> Option<(&Bucket, usize)> {
        let nb = self.buckets.len();
        // At most every bucket once: the table always has empty slots.
        for _ in 0..nb {
            if b >= nb {
                b = 0;
            }
            let bucket = &self.buckets[b];
            let m = self.lanes(bucket, h);
            if m != 0 {
                return Some((bucket, m.trailing_zeros() as usize / 2));
            }
            if !bucket.full(self.inline) {
                return None;
            }
            b += 1;
        }
        None
    }

    /// Asks for the bucket after `h`'s home, where a lookup goes on when the home bucket is full without the key.
    #[inline(always)]
    fn prefetch_next(&self, h: u64) {
        let nb = self.buckets.len();
        let b = home(h, nb) + 1;
        prefetch(self.buckets.as_ptr().wrapping_add(if b >= nb { 0 } else { b }));
    }

    /// Adds every feature's weights into `scores` (one slot per class; caller zeroes it).
    ///
    /// Works in sweeps so that the cache misses of all features overlap:
    /// prefetch every home slot, then resolve slots (prefetching their
    /// out-of-line weights), then add.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        if scores.len() < self.nclass || self.buckets.is_empty() {
            return;
        }
        let nb = self.buckets.len();
        for &h in feats {
            prefetch(self.buckets.as_ptr().wrapping_add(home(h, nb)));
        }
        if self.inline {
            self.score_inline(feats, &mut scores[..self.nclass]);
        } else {
            self.score_wide(feats, &mut scores[..self.nclass]);
        }
    }

    /// [`Weights::score`] for tables with the weights inside the slot.
    #[inline]
    fn score_inline(&self, feats: &[u64], scores: &mut [i32]) {
        let mut acc = [0i32; INLINE_MAX];
        let nb = self.buckets.len();
        let mut later = [0u64; LATER];
        let mut nlater = 0;
        for &h in feats {
            // Found or not, the home lane is added (masked to zero on a miss):
            // about one lookup in eight misses, too many for a branch.
            let b = &self.buckets[home(h, nb)];
            let m = b.match16(Self::inline_fp(h) as u16);
            let i = (m.trailing_zeros() / 2) as usize & (BUCKET - 1);
            b.add_inline(i, ((m != 0) as i32).wrapping_neg(), &mut acc);
            // A full home bucket without the key: the walk goes on after the
            // other features, so that its cache miss overlaps theirs.
            if m == 0 && b.full(true) {
                if nlater < later.len() {
                    self.prefetch_next(h);
                    later[nlater] = h;
                    nlater += 1;
                } else if let Some((b, i)) = self.find_slow(home(h, nb) + 1, h) {
                    b.add_inline(i, -1, &mut acc);
                }
            }
        }
        for &h in &later[..nlater] {
            if let Some((b, i)) = self.find_slow(home(h, nb) + 1, h) {
                b.add_inline(i, -1, &mut acc);
            }
        }
        for (sc, a) in scores.iter_mut().zip(acc) {
            *sc += a;
        }
    }

    /// The locator of wide key `h` past its full home bucket, or [`EMPTY`].
    #[inline(always)]
    fn slow_loc(&self, h: u64) -> u64 {
        self.find_slow(home(h, self.buckets.len()) + 1, h).map_or(EMPTY, |(b, i)| b.loc(i) as u64)
    }

    /// Notes a wide slot's locator `s` (if any) among the found ones and asks for its weights.
    #[inline(always)]
    fn take_wide(&self, s: u64, found: &mut [u64], k: &mut usize) {
        let start = ((s >> 8) & 0xFF_FFFF) as usize;
        if (s & 0xFF) as usize == DENSE {
            let p = self.dense.as_ptr().wrapping_add(start * self.nclass);
            let mut off = 0;
            while off < self.nclass {
                prefetch(p.wrapping_add(off));
                off += 32;
            }
        } else {
            prefetch(self.pairs.as_ptr().wrapping_add(start));
        }
        found[*k] = s;
        *k += (s != EMPTY) as usize;
    }

    /// [`Weights::score`] for tables with out-of-line weights (sparse pairs or dense rows).
    #[inline]
    fn score_wide(&self, feats: &[u64], scores: &mut [i32]) {
        const CHUNK: usize = 64;
        let nclass = self.nclass;
        let nb = self.buckets.len();
        let mut found = [0u64; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let mut k = 0;
            let mut later = [0u64; LATER];
            let mut nlater = 0;
            for &h in chunk {
                let b = &self.buckets[home(h, nb)];
                let m = b.match32(Self::wide_fp(h) as u32);
                let s = if m != 0 {
                    b.loc(m.trailing_zeros() as usize / 2) as u64
                } else if !b.full(false) {
                    EMPTY
                } else if nlater < LATER {
                    // Settled after the other features, so that the cache misses overlap.
                    self.prefetch_next(h);
                    later[nlater] = h;
                    nlater += 1;
                    EMPTY
                } else {
                    self.slow_loc(h)
                };
                self.take_wide(s, &mut found, &mut k);
            }
            for &h in &later[..nlater] {
                self.take_wide(self.slow_loc(h), &mut found, &mut k);
            }
            for &s in &found[..k] {
                let start = ((s >> 8) & 0xFF_FFFF) as usize;
                let len = (s & 0xFF) as usize;
                if len == DENSE {
                    if let Some(row) = self.dense.get(start * nclass..(start + 1) * nclass) {
                        for (sc, &w) in scores.iter_mut().zip(row) {
                            *sc += w as i32;
                        }
                    }
                } else {
                    for &p in self.pairs.get(start..start + len).unwrap_or(&[]) {
                        if let Some(sc) = scores.get_mut((p >> 16) as usize) {
                            *sc += (p as u16) as i16 as i32;
                        }
                    }
                }
            }
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.nclass as u32);
        w.f32(self.scale);
        w.u64s(&self.slots().collect::<Vec<_>>());
        w.u32s(&self.pairs);
        w.i16s(&self.dense);
    }

    pub fn read(r: &mut Reader) -> Result<Weights, FormatError> {
        let nclass = r.u32()? as usize;
        let scale = r.f32()?;
        let slots = r.u64s()?;
        if slots.len() % BUCKET != 0 {
            return Err(r.invalid("weight table is not whole buckets"));
        }
        let pairs = crate::hugepage::copy(r.u32s()?);
        let dense = crate::hugepage::copy(r.i16s()?);
        if nclass == 0 {
            return Err(r.invalid("weight table has no classes"));
        }
        let inline = nclass <= INLINE_MAX;
        let mut empty = false;
        for &s in &slots {
            if s == EMPTY {
                empty = true;
                continue;
            }
            if inline {
                continue;
            }
            let start = ((s >> 8) & 0xFF_FFFF) as usize;
            let len = (s & 0xFF) as usize;
            let ok = if len == DENSE { (start + 1) * nclass <= dense.len() } else { start + len <= pairs.len() };
            if !ok {
                return Err(r.invalid("weight table points past its weights"));
            }
        }
        if !empty {
            return Err(r.invalid("weight table has no empty slot"));
        }
        if inline {
            // Unused weight lanes must be zero: lookups add all three lanes.
            let lanes = if nclass >= INLINE_MAX { 0 } else { !0u64 << (16 * nclass) & 0xFFFF_FFFF_FFFF };
            if slots.iter().any(|&s| s & lanes != 0) {
                return Err(r.invalid("weight table has weights past its classes"));
            }
        }
        Ok(Weights { nclass, inline, buckets: bucketed(&slots, inline), pairs, dense, scale })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_overflowing_a_full_bucket_are_found() {
        // 40 keys with the same high bits share one home bucket; the last of the 64 slots
        // (8 buckets at this load) stay empty, and keys not stored find nothing.
        let key = |i: u64| (0xABCD_u64 << 48) | (i + 1);
        for nclass in [3usize, 5] {
            let kept: Vec<(u64, Vec<(u16, f32)>)> = (0..40).map(|i| (key(i), vec![((i % nclass as u64) as u16, 1.0 + i as f32)])).collect();
            let w = Weights::build(nclass, &kept, 100.0);
            assert!(w.buckets.len() * BUCKET > kept.len());
            for (i, (k, row)) in kept.iter().enumerate() {
                let mut s = vec![0i32; nclass];
                w.score(&[*k], &mut s);
                let c = row[0].0 as usize;
                assert!(s[c] > 0 && s.iter().enumerate().all(|(j, &v)| j == c || v == 0), "key {i}: {s:?}");
            }
            let mut s = vec![0i32; nclass];
            w.score(&[key(1000), 0x1234], &mut s);
            assert!(s.iter().all(|&v| v == 0));
        }
    }

    #[test]
    fn learns_a_separable_problem_and_survives_export() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2), (vec![1, 2], 0)];
        let mut s = [0f32; 3];
        for _ in 0..10 {
            for (f, gold) in &data {
                t.score(f, &mut s);
                let guess = (0..3).max_by(|&a, &b| s[a].total_cmp(&s[b]).then(b.cmp(&a))).unwrap();
                t.update(f, *gold, guess);
                t.tick();
            }
        }
        let w = t.finish(0.0);
        let mut bytes = Writer::new(b"TESTMODL");
        w.write(&mut bytes);
        let mut r = Reader::new(&bytes.buf, b"TESTMODL").unwrap();
        let w = Weights::read(&mut r).unwrap();
        for (f, gold) in &data[..3] {
            let mut s = [0i32; 3];
            w.score(f, &mut s);
            let best = (0..3).max_by_key(|&c| s[c]).unwrap();
            assert_eq!(best, *gold);
        }
    }
}
