//! Averaged multiclass perceptron: a sparse trainer and a compact, quantized inference table.
//!
//! Training keeps, per hashed feature, only the classes it was ever updated
//! for (most features touch a handful of classes), with Daumé's trick for
//! averaging (`avg = w - u / c`), so an update costs O(features) regardless of
//! how long training runs. Export prunes near-zero weights and quantizes the
//! rest to `i16` in an open-addressing table keyed by a 32-bit fingerprint.

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

    /// Advances the averaging clock by one training instance.
    pub fn tick(&mut self) {
        self.clock += 1.0;
    }

    /// Averages, prunes (drops |w| < `prune`) and quantizes into an inference table.
    ///
    /// Deterministic: features are visited in key order, so the same training
    /// run always gives the same bytes.
    pub fn finish(&self, prune: f32) -> Weights {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut kept: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut max = 0f32;
        for (k, r) in keys {
            let mut row: Vec<(u16, f32)> = self.rows[r as usize]
                .iter()
                .map(|e| (e.class, (e.w as f64 - e.u / self.clock) as f32))
                .filter(|(_, w)| w.abs() >= prune && *w != 0.0)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_unstable_by_key(|e| e.0);
            for e in &row {
                max = max.max(e.1.abs());
            }
            kept.push((k, row));
        }
        Weights::build(self.nclass, &kept, max)
    }
}

/// Asks the CPU to start loading the cache line at `p` (a no-op off x86-64).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, even for an invalid address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Empty-slot marker in the fingerprint array.
const EMPTY: u32 = 0;

#[inline]
fn fingerprint(h: u64) -> u32 {
    let f = (h >> 32) as u32;
    if f == EMPTY {
        1
    } else {
        f
    }
}

/// `len` value marking a dense row.
const DENSE: usize = 0xFF;

/// Inference weights: an open-addressing table from feature hash to its class weights.
///
/// A feature with weights for at least half of the classes gets a dense `i16`
/// row (added with SIMD); the others a run of (class, weight) pairs.
#[derive(Debug, Clone)]
pub struct Weights {
    nclass: usize,
    mask: usize,
    /// Per slot: fingerprint in the high 32 bits, then `start << 8 | len`
    /// (`len == DENSE`: `start` is a dense row number).
    slots: Vec<u64>,
    /// Per pair: class in the high 16 bits, weight (i16) in the low 16 bits.
    pairs: Vec<u32>,
    /// Dense rows, `nclass` weights each.
    dense: Vec<i16>,
    /// Float value of one quantization step.
    pub scale: f32,
}

impl Weights {
    fn build(nclass: usize, kept: &[(u64, Vec<(u16, f32)>)], max: f32) -> Weights {
        let cap = (kept.len() * 2).next_power_of_two().max(16);
        Self::build_keyed(nclass, kept, max, cap - 1)
    }

    fn build_keyed(nclass: usize, kept: &[(u64, Vec<(u16, f32)>)], max: f32, mask: usize) -> Weights {
        let cap = mask + 1;
        let scale = if max > 0.0 { max / 32000.0 } else { 1.0 };
        let mut slots = vec![0u64; cap];
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
            let mut i = (*k as usize) & mask;
            while (slots[i] >> 32) as u32 != EMPTY {
                i = (i + 1) & mask;
            }
            slots[i] = ((fingerprint(*k) as u64) << 32) | ((start as u64) << 8) | len as u64;
        }
        Weights { nclass, mask, slots, pairs, dense, scale }
    }

    /// Number of classes.
    pub fn nclass(&self) -> usize {
        self.nclass
    }

    /// The (class, float weight) entries of one slot.
    fn row(&self, s: u64) -> Vec<(u16, f32)> {
        let start = ((s >> 8) & 0xFF_FFFF) as usize;
        let len = (s & 0xFF) as usize;
        if len == DENSE {
            let r = &self.dense[start * self.nclass..(start + 1) * self.nclass];
            r.iter().enumerate().filter(|(_, &w)| w != 0).map(|(c, &w)| (c as u16, w as f32 * self.scale)).collect()
        } else {
            self.pairs[start..start + len].iter().map(|&p| ((p >> 16) as u16, (p as u16 as i16) as f32 * self.scale)).collect()
        }
    }

    /// A copy without the weights smaller than `min` (in float units); for size/accuracy studies.
    pub fn pruned(&self, min: f32) -> Weights {
        let mut kept: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut max = 0f32;
        for (i, &s) in self.slots.iter().enumerate() {
            let f = (s >> 32) as u32;
            if f == EMPTY {
                continue;
            }
            let row: Vec<(u16, f32)> = self.row(s).into_iter().filter(|(_, w)| w.abs() >= min).collect();
            if row.is_empty() {
                continue;
            }
            for e in &row {
                max = max.max(e.1.abs());
            }
            // Rebuild a key whose slot and fingerprint match the original.
            kept.push((((f as u64) << 32) | i as u64, row));
        }
        Weights::build_keyed(self.nclass, &kept, max, self.mask)
    }

    /// Number of stored weights (sparse pairs plus dense row entries).
    pub fn pairs(&self) -> usize {
        self.pairs.len() + self.dense.len()
    }

    /// Adds every feature's weights into `scores` (one slot per class; caller zeroes it).
    ///
    /// Works in three sweeps so that the cache misses of all features overlap:
    /// prefetch every slot, resolve slots and prefetch their weights, then add.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        const CHUNK: usize = 128;
        let nclass = self.nclass;
        if scores.len() < nclass {
            return;
        }
        let scores = &mut scores[..nclass];
        let mut runs = [(0u32, 0u32); CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for &h in chunk {
                prefetch(self.slots.as_ptr().wrapping_add((h as usize) & self.mask));
            }
            let mut k = 0;
            for &h in chunk {
                let fp = fingerprint(h);
                let mut i = (h as usize) & self.mask;
                loop {
                    let s = self.slots[i];
                    let f = (s >> 32) as u32;
                    if f == fp {
                        let start = ((s >> 8) & 0xFF_FFFF) as u32;
                        let len = (s & 0xFF) as u32;
                        if len as usize == DENSE {
                            let p = self.dense.as_ptr().wrapping_add(start as usize * nclass);
                            let mut off = 0;
                            while off < nclass {
                                prefetch(p.wrapping_add(off));
                                off += 32;
                            }
                        } else {
                            prefetch(self.pairs.as_ptr().wrapping_add(start as usize));
                        }
                        runs[k] = (start, len);
                        k += 1;
                        break;
                    }
                    if f == EMPTY {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            for &(start, len) in &runs[..k] {
                let (start, len) = (start as usize, len as usize);
                if len == DENSE {
                    if let Some(row) = self.dense.get(start * nclass..(start + 1) * nclass) {
                        for (s, &w) in scores.iter_mut().zip(row) {
                            *s += w as i32;
                        }
                    }
                } else {
                    for &p in self.pairs.get(start..start + len).unwrap_or(&[]) {
                        let c = (p >> 16) as usize;
                        if let Some(s) = scores.get_mut(c) {
                            *s += (p as u16) as i16 as i32;
                        }
                    }
                }
            }
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.nclass as u32);
        w.f32(self.scale);
        w.u64s(&self.slots);
        w.u32s(&self.pairs);
        w.i16s(&self.dense);
    }

    pub fn read(r: &mut Reader) -> Result<Weights, FormatError> {
        let nclass = r.u32()? as usize;
        let scale = r.f32()?;
        let slots = r.u64s()?;
        let pairs = r.u32s()?;
        let dense = r.i16s()?;
        if !slots.len().is_power_of_two() || nclass == 0 {
            return Err(r.invalid("weight table size is not a power of two"));
        }
        let mut empty = false;
        for &s in &slots {
            if (s >> 32) as u32 == EMPTY {
                empty = true;
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
        Ok(Weights { nclass, mask: slots.len() - 1, slots, pairs, dense, scale })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
