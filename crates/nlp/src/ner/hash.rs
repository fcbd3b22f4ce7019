//! Stable 64-bit hashing of feature strings and a compact open-addressing table keyed by those hashes.
//!
//! Feature names are never stored: a model keeps only the 64-bit hash of each
//! feature, so the hash function is part of the model format and must never
//! change without bumping the format version.

/// FNV-1a over bytes, finished with a strong mixer so that nearby inputs spread.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// Hash of a string.
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A 64-bit finalizer (splitmix64).
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines two hashes, order-sensitively.
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d_4c95_7f2d)
}

/// An immutable map from non-zero 64-bit keys to `u32` values, with linear probing.
///
/// Built once at load time; lookups are one multiply and usually one cache line.
#[derive(Debug, Clone, Default)]
pub struct U64Table {
    keys: Vec<u64>,
    vals: Vec<u32>,
    mask: usize,
}

impl U64Table {
    /// Builds the table from `(key, value)` pairs; a later duplicate key replaces an earlier one.
    pub fn build(pairs: impl ExactSizeIterator<Item = (u64, u32)>) -> Self {
        let cap = (pairs.len() * 2).next_power_of_two().max(16);
        let mut keys = vec![0u64; cap];
        let mut vals = vec![0u32; cap];
        let mask = cap - 1;
        for (k, v) in pairs {
            let k = if k == 0 { 1 } else { k };
            let mut i = (k as usize) & mask;
            loop {
                if keys[i] == 0 || keys[i] == k {
                    keys[i] = k;
                    vals[i] = v;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        U64Table { keys, vals, mask }
    }

    /// The value stored for `k`.
    #[inline]
    pub fn get(&self, k: u64) -> Option<u32> {
        if self.keys.is_empty() {
            return None;
        }
        let k = if k == 0 { 1 } else { k };
        let mut i = (k as usize) & self.mask;
        loop {
            let s = self.keys[i];
            if s == k {
                return Some(self.vals[i]);
            }
            if s == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_finds_what_was_put() {
        let t = U64Table::build((1..1000u32).map(|k| (hash_bytes(&u64::from(k).to_le_bytes()), k)));
        for k in 1..1000u64 {
            assert_eq!(t.get(hash_bytes(&k.to_le_bytes())), Some(k as u32));
        }
        assert_eq!(t.get(hash_str("absent")), None);
    }

    #[test]
    fn hash_is_stable() {
        // The model format depends on these values.
        assert_eq!(hash_str("a"), hash_str("a"));
        assert_ne!(hash_str("a"), hash_str("b"));
        assert_ne!(combine(1, 2), combine(2, 1));
    }
}
