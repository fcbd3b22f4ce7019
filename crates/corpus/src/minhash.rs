//! MinHash signatures over word shingles, and LSH banding to find near duplicates.
//!
//! Two documents are **near duplicates** when the estimated Jaccard similarity
//! of their sets of 4-word shingles is at least [`NEAR_DUPLICATE`] (0.7): the
//! same wire story republished with a new headline, a trimmed last paragraph
//! or light edits. Candidates come from [`BANDS`] bands of [`ROWS`] rows
//! (120 hashes): a pair at Jaccard 0.7 shares a band with probability 0.92,
//! at 0.8 with 0.998, at 0.3 with 0.014; each candidate is then checked on the
//! full signature.

use xxhash_rust::xxh3::xxh3_64;

/// Words per shingle.
pub const SHINGLE: usize = 4;
/// LSH bands.
pub const BANDS: usize = 20;
/// Signature rows per band.
pub const ROWS: usize = 6;
/// Signature length.
pub const HASHES: usize = BANDS * ROWS;
/// Estimated Jaccard similarity from which two documents are near duplicates.
pub const NEAR_DUPLICATE: f64 = 0.7;

/// The fixed (a, b) pairs of the hash family; fixed so that signatures stored
/// by one run compare with those of the next.
fn coefficients() -> &'static [(u64, u64); HASHES] {
    use std::sync::OnceLock;
    static C: OnceLock<[(u64, u64); HASHES]> = OnceLock::new();
    C.get_or_init(|| {
        let mut state = 0x5177_e9a3_c0de_2024u64;
        let mut next = || {
            // splitmix64
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut c = [(0u64, 0u64); HASHES];
        for slot in c.iter_mut() {
            *slot = (next() | 1, next());
        }
        c
    })
}

/// The hashes of a text's [`SHINGLE`]-word shingles (with repeats), the set
/// that MinHash estimates Jaccard similarity over; exposed so that the
/// estimate can be checked against the exact value (`examples/dedup_eval.rs`).
pub fn shingles(text: &str) -> Vec<u64> {
    let word_hashes: Vec<u64> = crate::terms::words(text).map(|w| xxh3_64(w.as_bytes())).collect();
    if word_hashes.is_empty() {
        return Vec::new();
    }
    let k = SHINGLE.min(word_hashes.len());
    word_hashes
        .windows(k)
        .map(|win| {
            let mut h = 0xcbf2_9ce4_8422_2325u64;
            for &w in win {
                h = (h.rotate_left(23) ^ w).wrapping_mul(0x0000_0100_0000_01b3);
            }
            h
        })
        .collect()
}

/// The MinHash signature of a text: [`HASHES`] values.
pub fn signature(text: &str) -> Vec<u32> {
    let mut sig = vec![u32::MAX; HASHES];
    let coef = coefficients();
    for h in shingles(text) {
        for (s, &(a, b)) in sig.iter_mut().zip(coef.iter()) {
            let v = (a.wrapping_mul(h).wrapping_add(b) >> 32) as u32;
            if v < *s {
                *s = v;
            }
        }
    }
    sig
}

/// Estimated Jaccard similarity: the share of equal signature positions.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.len() != b.len() || a.is_empty() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// The LSH bucket of each band: `(band, bucket)` pairs.
pub fn bands(sig: &[u32]) -> Vec<(i64, i64)> {
    sig.chunks(ROWS)
        .enumerate()
        .map(|(i, rows)| {
            let mut bytes = Vec::with_capacity(ROWS * 4);
            for r in rows {
                bytes.extend_from_slice(&r.to_le_bytes());
            }
            (i as i64, xxh3_64(&bytes) as i64)
        })
        .collect()
}

/// Signature as stored (little-endian u32s).
pub fn to_blob(sig: &[u32]) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// Signature read back from [`to_blob`].
pub fn from_blob(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "Iran supplied about 1.53 million barrels of gasoline and alkylate to Venezuela, \
        where fuel shortages have crippled transport, officials said on Friday after the fifth tanker \
        docked at the El Palito refinery in Carabobo state under naval escort.";

    #[test]
    fn identical_and_edited_texts_are_near_duplicates() {
        let a = signature(A);
        assert_eq!(similarity(&a, &signature(A)), 1.0);
        let edited = A.replace("on Friday", "on Saturday");
        let s = similarity(&a, &signature(&edited));
        assert!(s > 0.6 && s < 1.0, "{s}");
        let other = signature("The central bank raised interest rates by a quarter point to curb inflation.");
        assert!(similarity(&a, &other) < 0.1);
    }

    #[test]
    fn blob_round_trip() {
        let s = signature(A);
        assert_eq!(from_blob(&to_blob(&s)), s);
        assert_eq!(bands(&s).len(), BANDS);
    }
}
