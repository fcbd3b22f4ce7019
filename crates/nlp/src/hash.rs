//! Deterministic 64-bit hashing of strings and feature tuples.
//!
//! Model files store feature fingerprints, so the hash must never depend on
//! the process, the platform or a crate version: it is written out here and
//! covered by the model-format version. Changing it means bumping
//! `binfmt::FORMAT_VERSION` and retraining.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Final avalanche (MurmurHash3's fmix64): spreads every input bit over the output.
#[inline]
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Hashes a byte string.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h: u64 = (b.len() as u64).wrapping_mul(K);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(23) ^ v).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    fmix(h)
}

/// Hashes a string.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Combines a running hash with one more value (order-sensitive).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(27) ^ v).wrapping_mul(K).wrapping_add(0x632B_E59B_D9B4_E019)
}

/// A feature key: template id plus up to three values, fully mixed.
#[inline]
pub fn feat1(t: u32, a: u64) -> u64 {
    fmix(mix(t as u64 ^ 0xA5A5_0000_0000_0000, a))
}

/// A feature key of two values.
#[inline]
pub fn feat2(t: u32, a: u64, b: u64) -> u64 {
    fmix(mix(mix(t as u64 ^ 0xA5A5_0000_0000_0000, a), b))
}

/// A feature key of three values.
#[inline]
pub fn feat3(t: u32, a: u64, b: u64, c: u64) -> u64 {
    fmix(mix(mix(mix(t as u64 ^ 0xA5A5_0000_0000_0000, a), b), c))
}

/// A `BuildHasher` for maps whose keys are already well-mixed 64-bit hashes.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityBuild;

/// The hasher behind [`IdentityBuild`]: passes a `u64` key through.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only used for non-u64 keys; fall back to a real hash.
        self.0 = mix(self.0, hash_bytes(bytes));
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

impl std::hash::BuildHasher for IdentityBuild {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}

/// A small deterministic random generator (SplitMix64) for shuffling and exploration.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed; the same seed gives the same sequence everywhere.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K);
        fmix(self.0)
    }

    /// A uniform float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_stable() {
        // Pinned values: a change here invalidates every shipped model.
        assert_eq!(hash_str(""), fmix(0));
        assert_ne!(hash_str("a"), hash_str("b"));
        assert_ne!(feat2(1, 2, 3), feat2(1, 3, 2));
        assert_ne!(feat1(1, 5), feat1(2, 5));
    }
}
