//! Word-pair attachment statistics from automatically parsed text, read by the parser as features.
//!
//! The treebanks show each head-dependent word pair a handful of times at
//! most, so the parser learns attachments mostly from tags. Counted over
//! millions of words of parsed news, pairs such as "ship -> gasoline" or "pay
//! ... with gold" become frequent enough to say which of two candidate heads
//! a word usually takes (Chen, Kazama, Uchimoto & Torisawa 2009). Each pair
//! keeps only a small bucket of its count and its association, so the
//! parser's features stay few and the table compact.

use crate::binfmt::{FormatError, Reader, Writer};
use crate::hash::{fmix, mix, IdentityBuild};
use std::collections::HashMap;

/// Which relation a pair was counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pair {
    /// Head word and dependent word.
    Arc,
    /// Head word and the preposition (`case` dependent) of its dependent: "saw ... with".
    Prep,
}

impl Pair {
    #[inline]
    fn salt(self) -> u64 {
        match self {
            Pair::Arc => 0x4152_4300_0000_0001,
            Pair::Prep => 0x5052_4550_0000_0002,
        }
    }
}

#[inline]
fn key(kind: Pair, head: u64, dep: u64) -> u64 {
    mix(mix(kind.salt(), head), dep)
}

/// Bucketed pair statistics, keyed by the lowercased-word hashes of head and dependent.
///
/// An open-addressing table of 32-bit slots (a 27-bit fingerprint of the
/// pair and its 5-bit bucket), so that a lookup usually costs one cache line:
/// the parser asks five times per transition.
#[derive(Debug, Clone, Default)]
pub struct Assoc {
    slots: Vec<u32>,
    len: usize,
}

const BUCKET_BITS: u32 = 5;

/// Slot index and fingerprint of a pair key (the fingerprint is never 0, the empty slot).
#[inline]
fn place(key: u64, mask: usize) -> (usize, u32) {
    let h = fmix(key);
    (h as usize & mask, ((h >> 37) as u32) | 1)
}

impl Assoc {
    /// True when no pair is known (a parser trained without statistics).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Number of stored pairs.
    pub fn len(&self) -> usize {
        self.len
    }

    /// A table holding `entries` (pair key, bucket below 32).
    fn from_entries(mut entries: Vec<(u64, u8)>) -> Assoc {
        if entries.is_empty() {
            return Assoc::default();
        }
        // Sorted, so that the layout does not depend on hash-map order.
        entries.sort_unstable();
        let cap = (entries.len() * 3 / 2).next_power_of_two();
        let mut slots = vec![0u32; cap];
        for &(k, b) in &entries {
            let (mut i, fp) = place(k, cap - 1);
            while slots[i] != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = (fp << BUCKET_BITS) | u32::from(b);
        }
        Assoc { slots, len: entries.len() }
    }

    /// Asks the CPU to start loading the pair's slot, so that a later [`Assoc::get`] finds it in cache.
    #[inline]
    pub fn prefetch(&self, kind: Pair, head: u64, dep: u64) {
        if self.slots.is_empty() {
            return;
        }
        let (i, _) = place(key(kind, head, dep), self.slots.len() - 1);
        crate::perceptron::prefetch(self.slots.as_ptr().wrapping_add(i));
    }

    /// The pair's bucket: 0 when unseen, else 1 + 5 x count level + association level.
    #[inline]
    pub fn get(&self, kind: Pair, head: u64, dep: u64) -> u64 {
        if self.slots.is_empty() {
            return 0;
        }
        let mask = self.slots.len() - 1;
        let (mut i, fp) = place(key(kind, head, dep), mask);
        loop {
            let s = self.slots[i];
            if s == 0 {
                return 0;
            }
            if s >> BUCKET_BITS == fp {
                return u64::from(s & ((1 << BUCKET_BITS) - 1));
            }
            i = (i + 1) & mask;
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u64(self.len as u64);
        w.u32s(&self.slots);
    }

    pub fn read(r: &mut Reader) -> Result<Assoc, FormatError> {
        let len = r.u64()? as usize;
        let slots = r.u32s()?;
        let used = slots.iter().filter(|&&s| s != 0).count();
        if (!slots.is_empty() && !slots.len().is_power_of_two()) || used != len || (len > 0 && used == slots.len()) {
            return Err(r.invalid("parser pair table is inconsistent"));
        }
        Ok(Assoc { slots, len })
    }
}

/// Counts head-dependent pairs over parsed sentences, then buckets them into an [`Assoc`].
#[derive(Debug, Default)]
pub struct AssocCounter {
    pairs: HashMap<u64, (u32, u64, u64, Pair), IdentityBuild>,
    heads: HashMap<(Pair, u64), u32>,
    deps: HashMap<(Pair, u64), u32>,
    total: [u64; 2],
}

impl AssocCounter {
    fn add(&mut self, kind: Pair, h: u64, d: u64) {
        let e = self.pairs.entry(key(kind, h, d)).or_insert((0, h, d, kind));
        e.0 += 1;
        *self.heads.entry((kind, h)).or_default() += 1;
        *self.deps.entry((kind, d)).or_default() += 1;
        self.total[kind as usize] += 1;
    }

    /// Adds another counter's counts to this one.
    pub fn merge(&mut self, other: AssocCounter) {
        for (k, (c, h, d, kind)) in other.pairs {
            self.pairs.entry(k).or_insert((0, h, d, kind)).0 += c;
        }
        for (k, c) in other.heads {
            *self.heads.entry(k).or_default() += c;
        }
        for (k, c) in other.deps {
            *self.deps.entry(k).or_default() += c;
        }
        for (t, o) in self.total.iter_mut().zip(other.total) {
            *t += o;
        }
    }

    /// Adds one parsed sentence: word hashes, heads (`None` for the root) and
    /// whether each word is a `case` dependent.
    pub fn add_sentence(&mut self, words: &[u64], heads: &[Option<u32>], is_case: &[bool]) {
        // The first preposition before a word stands for its whole phrase.
        let mut prep: Vec<Option<usize>> = vec![None; heads.len()];
        for (c, h) in heads.iter().enumerate() {
            if let Some(h) = h.map(|h| h as usize).filter(|&h| is_case[c] && c < h && prep[h].is_none()) {
                prep[h] = Some(c);
            }
        }
        for (d, h) in heads.iter().enumerate() {
            let Some(h) = *h else { continue };
            let h = h as usize;
            if is_case[d] {
                continue;
            }
            self.add(Pair::Arc, words[h], words[d]);
            if let Some(c) = prep[d] {
                self.add(Pair::Prep, words[h], words[c]);
            }
        }
    }

    /// The table of pairs seen at least `min_count` times.
    ///
    /// Count levels are powers of two (2-3, 4-7, ..., 32+); association levels
    /// bin the pointwise mutual information of head and dependent (below 0,
    /// 0-1, 1-2, 2-3, 3+ nats), so a frequent pair of frequent words and a rare
    /// pair of rare words are told apart.
    pub fn finish(&self, min_count: u32) -> Assoc {
        let mut entries = Vec::new();
        for (&k, &(c, h, d, kind)) in &self.pairs {
            if c < min_count.max(1) {
                continue;
            }
            let level = (31 - c.leading_zeros()).clamp(1, 5) - 1;
            let n = self.total[kind as usize] as f64;
            let ch = self.heads[&(kind, h)] as f64;
            let cd = self.deps[&(kind, d)] as f64;
            let pmi = (c as f64 * n / (ch * cd)).ln();
            let assoc = if pmi < 0.0 { 0 } else { (pmi as u32).min(3) + 1 };
            entries.push((k, (1 + 5 * level + assoc) as u8));
        }
        Assoc::from_entries(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_pairs_and_prepositions() {
        let mut c = AssocCounter::default();
        // "saw man with telescope": saw -> man, saw -> telescope, telescope -> with (case).
        let words = [1u64, 2, 3, 4];
        let heads = [None, Some(0), Some(3), Some(0)];
        let case = [false, false, true, false];
        for _ in 0..4 {
            c.add_sentence(&words, &heads, &case);
        }
        let a = c.finish(2);
        assert_ne!(a.get(Pair::Arc, 1, 2), 0);
        assert_ne!(a.get(Pair::Prep, 1, 3), 0);
        assert_eq!(a.get(Pair::Arc, 2, 1), 0, "direction matters");
        assert_eq!(a.get(Pair::Arc, 4, 3), 0, "case dependents are counted as prepositions only");
        assert_eq!(c.finish(5).len(), 0);
        // Stored and read back, the table answers the same.
        let mut w = Writer::new(b"TESTASSC");
        a.write(&mut w);
        let mut r = Reader::new(&w.buf, b"TESTASSC").unwrap();
        let b = Assoc::read(&mut r).unwrap();
        r.finish().unwrap();
        assert_eq!(b.len(), a.len());
        for (h, d) in [(1, 2), (1, 4), (4, 3), (2, 1)] {
            assert_eq!(a.get(Pair::Arc, h, d), b.get(Pair::Arc, h, d));
        }
        assert_eq!(a.get(Pair::Prep, 1, 3), b.get(Pair::Prep, 1, 3));
    }
}
