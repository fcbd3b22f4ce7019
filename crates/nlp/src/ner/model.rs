//! The trained entity tagger: sparse quantized feature weights, label transitions, Viterbi decoding, file format.

use std::io::{Read, Write};
use std::ops::Range;

use super::clusters::WordClass;
use super::features::{extract, Clusters, DocFeatures};
use super::gazetteer::Gazetteer;
use super::hash::U64Table;
use super::labels::{allowed, N_LABELS};

/// File magic of `models/ner/ner.bin`.
pub const MAGIC: &[u8; 10] = b"SITREPNER\0";
/// Format version; bump on any change to features, hashing or layout.
pub const VERSION: u32 = 5;

const L: usize = N_LABELS;
/// Index of the sentence boundary in the transition matrix.
const EDGE: usize = N_LABELS;

/// Word clusters stored in the model: folded-token hash → (coarse, medium, fine) cluster ids.
#[derive(Debug, Clone, Default)]
pub struct ClusterTable {
    table: U64Table,
    ids: Vec<WordClass>,
}

impl ClusterTable {
    /// Builds the table from `(token key, cluster ids)` pairs.
    pub fn new(entries: &[(u64, WordClass)]) -> Self {
        let table = U64Table::build(entries.iter().enumerate().map(|(i, (k, _))| (*k, i as u32)));
        ClusterTable {
            table,
            ids: entries.iter().map(|(_, p)| *p).collect(),
        }
    }
}

impl Clusters for ClusterTable {
    fn get(&self, key: u64) -> Option<[u64; 4]> {
        self.table.get(key).map(|i| {
            let c = self.ids[i as usize];
            [
                u64::from(c[0]) + 1,
                u64::from(c[1]) + 1,
                u64::from(c[2]) + 1,
                u64::from(c[3]),
            ]
        })
    }
}

/// Everything a trained tagger needs at inference time.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub(crate) gaz: Gazetteer,
    pub(crate) clusters: ClusterTable,
    feats: FeatTable,
    /// `(L+1) x (L+1)` transition scores, `[prev * (L+1) + next]`, boundary at index `L`.
    trans: Vec<f32>,
    scale: f32,
    /// Subtracted from the O score of every token: trades precision for recall.
    o_bias: f32,
    /// Trained with part-of-speech features (see [`super::tag_value`]).
    pub(crate) uses_tags: bool,
}

/// The parts of a model as the trainer produces them, before quantization.
pub struct RawModel {
    pub gaz_entries: Vec<(u64, u32)>,
    pub gaz_starts: Vec<(u64, u32)>,
    pub clusters: Vec<(u64, WordClass)>,
    /// `(feature hash, weights per label)`, sorted by hash.
    pub weights: Vec<(u64, [f32; N_LABELS])>,
    pub trans: Vec<f32>,
    pub o_bias: f32,
    pub uses_tags: bool,
}

/// Tags one sentence given per-token emission scores (`n * L`) and transition scores.
///
/// Transitions that would make an ill-formed BILOU sequence are forbidden
/// outright, so every output decodes to well-formed spans.
pub fn viterbi(em: &[f32], trans: &[f32], out: &mut Vec<u8>) {
    let mut score = Vec::new();
    let mut back = Vec::new();
    viterbi_with(em, trans, out, &mut score, &mut back);
}

/// [`viterbi`] with caller-owned buffers (no allocation per sentence).
pub fn viterbi_with(
    em: &[f32],
    trans: &[f32],
    out: &mut Vec<u8>,
    score: &mut Vec<f32>,
    back: &mut Vec<u8>,
) {
    out.clear();
    let n = em.len() / L;
    if n == 0 {
        return;
    }
    let neg = f32::NEG_INFINITY;
    score.clear();
    score.resize(n * L, neg);
    back.clear();
    back.resize(n * L, 0);
    for l in 0..L {
        if allowed(None, Some(l as u8)) {
            score[l] = trans[EDGE * (L + 1) + l] + em[l];
        }
    }
    for i in 1..n {
        let (done, rest) = score.split_at_mut(i * L);
        let prev = &done[(i - 1) * L..];
        let cur = &mut rest[..L];
        for l in 0..L {
            // Only the predecessors BILOU allows: 2 for I/L, 9 for B/U/O.
            let mut best = neg;
            let mut arg = 0u8;
            for &p in PREDS[l].iter().take(N_PREDS[l]) {
                let p = usize::from(p);
                let v = prev[p] + trans[p * (L + 1) + l];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            if best > neg {
                cur[l] = best + em[i * L + l];
                back[i * L + l] = arg;
            }
        }
    }
    let mut best = neg;
    let mut arg = 0usize;
    for l in 0..L {
        let s = score[(n - 1) * L + l];
        if s == neg || !allowed(Some(l as u8), None) {
            continue;
        }
        let v = s + trans[l * (L + 1) + EDGE];
        if v > best {
            best = v;
            arg = l;
        }
    }
    out.resize(n, 0);
    out[n - 1] = arg as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i * L + usize::from(out[i])];
    }
}

/// For each label, the labels allowed right before it (first `N_PREDS[l]` entries), in increasing order.
static PREDS: [[u8; L]; L] = {
    let mut t = [[0u8; L]; L];
    let mut b = 0;
    while b < L {
        let mut k = 0;
        let mut a = 0;
        while a < L {
            if ALLOWED[a][b] {
                t[b][k] = a as u8;
                k += 1;
            }
            a += 1;
        }
        b += 1;
    }
    t
};

static N_PREDS: [usize; L] = {
    let mut t = [0usize; L];
    let mut b = 0;
    while b < L {
        let mut a = 0;
        while a < L {
            if ALLOWED[a][b] {
                t[b] += 1;
            }
            a += 1;
        }
        b += 1;
    }
    t
};

static ALLOWED: [[bool; L]; L] = {
    // Mirrors `labels::allowed` for inner transitions, as a constant table.
    let mut t = [[false; L]; L];
    let mut a = 0;
    while a < L {
        let mut b = 0;
        while b < L {
            let a_open = a != 0 && ((a - 1) % 4 == 0 || (a - 1) % 4 == 1);
            let b_cont = b != 0 && ((b - 1) % 4 == 1 || (b - 1) % 4 == 2);
            t[a][b] = if a_open {
                b_cont && (a - 1) / 4 == (b - 1) / 4
            } else {
                !b_cont
            };
            b += 1;
        }
        a += 1;
    }
    t
};

impl Model {
    /// Quantizes a trained model, dropping weights smaller than `min_weight` (relative to the largest).
    pub fn from_raw(raw: &RawModel, min_weight: f32) -> (Self, Vec<u8>) {
        let max = raw
            .weights
            .iter()
            .flat_map(|(_, w)| w.iter())
            .chain(raw.trans.iter())
            .fold(0f32, |m, &w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let cut = min_weight * max;
        let mut keys = Vec::new();
        let mut row_start = vec![0u32];
        let mut ent_label = Vec::new();
        let mut ent_w = Vec::new();
        for (k, w) in &raw.weights {
            let before = ent_label.len();
            for (l, &x) in w.iter().enumerate() {
                if x.abs() >= cut && x != 0.0 {
                    let q = (x / scale).round().clamp(-32767.0, 32767.0) as i16;
                    if q != 0 {
                        ent_label.push(l as u8);
                        ent_w.push(q);
                    }
                }
            }
            if ent_label.len() > before {
                keys.push(*k);
                row_start.push(ent_label.len() as u32);
            }
        }
        let trans: Vec<f32> = raw
            .trans
            .iter()
            .map(|&x| (x / scale).round() * scale)
            .collect();
        let mut bytes = Vec::new();
        write_model(
            &mut bytes, raw, &keys, &row_start, &ent_label, &ent_w, &trans, scale,
        );
        let model = Model {
            gaz: Gazetteer::from_entries(&raw.gaz_entries, &raw.gaz_starts),
            clusters: ClusterTable::new(&raw.clusters),
            feats: FeatTable::build(&keys, &row_start, &pack(&ent_label, &ent_w)),
            trans,
            scale,
            o_bias: raw.o_bias,
            uses_tags: raw.uses_tags,
        };
        (model, bytes)
    }

    /// Replaces the O bias (for tuning on development data).
    pub fn set_o_bias(&mut self, b: f32) {
        self.o_bias = b;
    }

    /// Number of features with at least one stored weight.
    pub fn n_features(&self) -> usize {
        self.feats.len
    }

    /// Labels for every token of a document.
    pub fn tag(
        &self,
        tokens: &[&str],
        sentences: &[Range<usize>],
        tags: &[u64],
        buf: &mut DocFeatures,
    ) -> Vec<u8> {
        extract(
            tokens,
            sentences,
            tags,
            &self.gaz,
            &self.clusters,
            true,
            buf,
        );
        let mut labels = vec![0u8; tokens.len()];
        let mut em: Vec<f32> = Vec::new();
        let mut acc: [i32; L];
        let mut path = Vec::new();
        let (mut vs, mut vb) = (Vec::new(), Vec::new());
        let mut found: Vec<u32> = Vec::new();
        for r in super::features::covering(sentences, tokens.len()) {
            em.clear();
            for i in r.clone().take(AHEAD) {
                self.feats.prefetch(buf.token(i));
            }
            for i in r.clone() {
                // The table is larger than the cache and lookups are random:
                // ask for a later token's slots while this token's are summed.
                if i + AHEAD < r.end {
                    self.feats.prefetch(buf.token(i + AHEAD));
                }
                if buf.quiet[i] {
                    em.push(0.0);
                    em.extend([f32::NEG_INFINITY; L - 1]);
                    continue;
                }
                acc = [0; L];
                self.feats.add_all(buf.token(i), &mut found, &mut acc);
                let base = em.len();
                em.extend(acc.iter().map(|&x| x as f32 * self.scale));
                em[base] -= self.o_bias;
            }
            viterbi_with(&em, &self.trans, &mut path, &mut vs, &mut vb);
            labels[r].copy_from_slice(&path);
        }
        labels
    }

    /// Reads a model written by [`Model::from_raw`].
    pub fn read(mut r: impl Read) -> std::io::Result<Self> {
        let mut magic = [0u8; 10];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(bad("not a sitrep NER model (bad magic)"));
        }
        let version = read_u32(&mut r)?;
        // Version 5 added the capitalized-run features: older files score with the wrong features.
        if version != VERSION {
            return Err(bad(&format!(
                "model format version {version}, this build reads {VERSION}"
            )));
        }
        let n_labels = read_u32(&mut r)? as usize;
        if n_labels != L {
            return Err(bad(&format!("model has {n_labels} labels, expected {L}")));
        }
        let n = read_u32(&mut r)? as usize;
        let gk = read_u64s(&mut r, n)?;
        let gm = read_u16s(&mut r, n)?;
        let entries: Vec<(u64, u32)> = gk.into_iter().zip(gm.into_iter().map(u32::from)).collect();
        let n = read_u32(&mut r)? as usize;
        let sk = read_u64s(&mut r, n)?;
        let sl = read_bytes(&mut r, n)?;
        let starts: Vec<(u64, u32)> = sk.into_iter().zip(sl.into_iter().map(u32::from)).collect();
        let n = read_u32(&mut r)? as usize;
        let ck = read_u64s(&mut r, n)?;
        let cp = read_u16s(&mut r, n * 4)?;
        let clusters: Vec<(u64, WordClass)> = ck
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, [cp[4 * i], cp[4 * i + 1], cp[4 * i + 2], cp[4 * i + 3]]))
            .collect();
        let mut sc = [0u8; 4];
        r.read_exact(&mut sc)?;
        let scale = f32::from_le_bytes(sc);
        r.read_exact(&mut sc)?;
        let o_bias = f32::from_le_bytes(sc);
        // Version 3 had no part-of-speech features and no flag byte.
        let uses_tags = read_bytes(&mut r, 1)?[0] != 0;
        let nt = (L + 1) * (L + 1);
        let trans: Vec<f32> = read_i16s(&mut r, nt)?
            .into_iter()
            .map(|q| f32::from(q) * scale)
            .collect();
        let nf = read_u32(&mut r)? as usize;
        let keys = read_u64s(&mut r, nf)?;
        let lens = read_bytes(&mut r, nf)?;
        let total: usize = lens.iter().map(|&x| usize::from(x)).sum();
        let ent_label = read_bytes(&mut r, total)?;
        let ent_w = read_i16s(&mut r, total)?;
        if ent_label.iter().any(|&l| usize::from(l) >= L) {
            return Err(bad("label index out of range"));
        }
        let mut row_start = Vec::with_capacity(nf + 1);
        row_start.push(0u32);
        let mut acc = 0u32;
        for &len in &lens {
            acc += u32::from(len);
            row_start.push(acc);
        }
        if total >= 1 << 24 {
            return Err(bad("too many weights"));
        }
        Ok(Model {
            gaz: Gazetteer::from_entries(&entries, &starts),
            clusters: ClusterTable::new(&clusters),
            feats: FeatTable::build(&keys, &row_start, &pack(&ent_label, &ent_w)),
            trans,
            scale,
            o_bias,
            uses_tags,
        })
    }
}

fn pack(labels: &[u8], weights: &[i16]) -> Vec<u32> {
    labels
        .iter()
        .zip(weights)
        .map(|(&l, &w)| (u32::from(l) << 16) | u32::from(w as u16))
        .collect()
}

/// Accumulator lanes of [`FeatTable::add_all`]: the labels rounded up to a power of two.
const LANES: usize = L.next_power_of_two();

/// How many tokens ahead the feature slots are prefetched.
const AHEAD: usize = 2;

/// Feature hash → weights, laid out so that a lookup usually touches one cache line.
///
/// Each 16-byte slot holds a 32-bit fingerprint of the hash (its high half;
/// the low half picks the slot) and up to four (label, weight) pairs inline.
/// A feature with more pairs keeps two inline and marks the slot (label byte
/// 3 = 0xFF) with the count and start of the rest in an overflow array. An
/// unseen feature whose fingerprint collides with a stored one in its probe
/// run would borrow that feature's weights; at 2^-32 odds per probe this is
/// negligible.
#[derive(Debug, Clone, Default)]
struct FeatTable {
    slots: Vec<Slot>,
    overflow: Vec<u32>,
    len: usize,
}

#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    fp: u32,
    labels: [u8; 4],
    weights: [i16; 4],
}

const SPILL: u8 = 0xFF;

impl FeatTable {
    fn build(keys: &[u64], row_start: &[u32], packed: &[u32]) -> Self {
        // Load 1/3: most lookups are for features the model lacks, and a sparse table ends their probe runs early.
        let cap = (keys.len() * 3 + 16).max(16);
        let mut slots = vec![Slot::default(); cap];
        let mut overflow = Vec::new();
        for (i, &k) in keys.iter().enumerate() {
            let row = &packed[row_start[i] as usize..row_start[i + 1] as usize];
            let mut slot = Slot {
                fp: fingerprint(k),
                ..Slot::default()
            };
            let inline = if row.len() <= 4 { row.len() } else { 2 };
            for (j, &e) in row[..inline].iter().enumerate() {
                slot.labels[j] = (e >> 16) as u8;
                slot.weights[j] = e as u16 as i16;
            }
            if row.len() > 4 {
                let start = overflow.len() as u32;
                overflow.extend_from_slice(&row[2..]);
                slot.labels[2] = (row.len() - 2) as u8;
                slot.labels[3] = SPILL;
                slot.weights[2] = start as u16 as i16;
                slot.weights[3] = (start >> 16) as u16 as i16;
            }
            let mut j = bucket(k, cap);
            while slots[j].fp != 0 {
                j = if j + 1 == cap { 0 } else { j + 1 };
            }
            slots[j] = slot;
        }
        FeatTable {
            slots,
            overflow,
            len: keys.len(),
        }
    }

    /// Hints the cache to load the home slots of features `ks`.
    #[inline]
    fn prefetch(&self, ks: &[u64]) {
        let cap = self.slots.len();
        if cap == 0 {
            return;
        }
        for &k in ks {
            prefetch(self.slots.as_ptr().wrapping_add(bucket(k, cap)));
        }
    }

    /// Adds the weights of features `ks` into `acc` in two rounds: find the
    /// slots (prefetching spilled rows), then add, so that the overflow reads
    /// of a token overlap instead of each waiting for memory in turn.
    #[inline]
    fn add_all(&self, ks: &[u64], found: &mut Vec<u32>, acc: &mut [i32; L]) {
        found.clear();
        let cap = self.slots.len();
        if cap == 0 {
            return;
        }
        for &k in ks {
            let fp = fingerprint(k);
            let mut j = bucket(k, cap);
            loop {
                let s = &self.slots[j];
                if s.fp == 0 {
                    break;
                }
                if s.fp == fp {
                    if s.labels[3] == SPILL {
                        let start = usize::from(s.weights[2] as u16)
                            | (usize::from(s.weights[3] as u16) << 16);
                        prefetch(self.overflow.as_ptr().wrapping_add(start));
                    }
                    found.push(j as u32);
                    break;
                }
                j = if j + 1 == cap { 0 } else { j + 1 };
            }
        }
        // Labels are checked to be below L when the model is read, so a mask
        // into a power-of-two accumulator indexes without a division or a bounds check.
        let mut sum = [0i32; LANES];
        for &j in found.iter() {
            let s = &self.slots[j as usize];
            if s.labels[3] == SPILL {
                for t in 0..2 {
                    sum[usize::from(s.labels[t]) & (LANES - 1)] += i32::from(s.weights[t]);
                }
                let start =
                    usize::from(s.weights[2] as u16) | (usize::from(s.weights[3] as u16) << 16);
                let n = usize::from(s.labels[2]);
                for &e in self.overflow.get(start..start + n).unwrap_or(&[]) {
                    sum[((e >> 16) as usize) & (LANES - 1)] += i32::from(e as u16 as i16);
                }
            } else {
                for t in 0..4 {
                    sum[usize::from(s.labels[t]) & (LANES - 1)] += i32::from(s.weights[t]);
                }
            }
        }
        for (a, s) in acc.iter_mut().zip(sum) {
            *a += s;
        }
    }
}

#[inline]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint and never faults, whatever the address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[inline]
fn bucket(k: u64, cap: usize) -> usize {
    ((u128::from(k as u32 as u64) * cap as u128) >> 32) as usize
}

#[inline]
fn fingerprint(k: u64) -> u32 {
    ((k >> 32) as u32).max(1)
}

#[allow(clippy::too_many_arguments)]
fn write_model(
    w: &mut Vec<u8>,
    raw: &RawModel,
    keys: &[u64],
    row_start: &[u32],
    ent_label: &[u8],
    ent_w: &[i16],
    trans: &[f32],
    scale: f32,
) {
    w.write_all(MAGIC).ok();
    put_u32(w, VERSION);
    put_u32(w, L as u32);
    put_u32(w, raw.gaz_entries.len() as u32);
    for (k, _) in &raw.gaz_entries {
        w.extend_from_slice(&k.to_le_bytes());
    }
    for (_, m) in &raw.gaz_entries {
        w.extend_from_slice(&(*m as u16).to_le_bytes());
    }
    put_u32(w, raw.gaz_starts.len() as u32);
    for (k, _) in &raw.gaz_starts {
        w.extend_from_slice(&k.to_le_bytes());
    }
    for (_, m) in &raw.gaz_starts {
        w.push((*m).min(255) as u8);
    }
    put_u32(w, raw.clusters.len() as u32);
    for (k, _) in &raw.clusters {
        w.extend_from_slice(&k.to_le_bytes());
    }
    for (_, p) in &raw.clusters {
        for x in p {
            w.extend_from_slice(&x.to_le_bytes());
        }
    }
    w.extend_from_slice(&scale.to_le_bytes());
    w.extend_from_slice(&raw.o_bias.to_le_bytes());
    w.push(u8::from(raw.uses_tags));
    for &t in trans {
        w.extend_from_slice(&((t / scale).round() as i16).to_le_bytes());
    }
    put_u32(w, keys.len() as u32);
    for k in keys {
        w.extend_from_slice(&k.to_le_bytes());
    }
    for win in row_start.windows(2) {
        w.push((win[1] - win[0]) as u8);
    }
    w.extend_from_slice(ent_label);
    for x in ent_w {
        w.extend_from_slice(&x.to_le_bytes());
    }
}

fn put_u32(w: &mut Vec<u8>, x: u32) {
    w.extend_from_slice(&x.to_le_bytes());
}

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.to_string())
}

fn read_u32(r: &mut impl Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn read_bytes(r: &mut impl Read, n: usize) -> std::io::Result<Vec<u8>> {
    if n > 1 << 28 {
        return Err(bad("implausible section size"));
    }
    let mut v = vec![0u8; n];
    r.read_exact(&mut v)?;
    Ok(v)
}

fn read_u64s(r: &mut impl Read, n: usize) -> std::io::Result<Vec<u64>> {
    let b = read_bytes(r, n.checked_mul(8).ok_or_else(|| bad("size overflow"))?)?;
    Ok(b.chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect())
}

fn read_u16s(r: &mut impl Read, n: usize) -> std::io::Result<Vec<u16>> {
    let b = read_bytes(r, n.checked_mul(2).ok_or_else(|| bad("size overflow"))?)?;
    Ok(b.chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect())
}

fn read_i16s(r: &mut impl Read, n: usize) -> std::io::Result<Vec<i16>> {
    let b = read_bytes(r, n.checked_mul(2).ok_or_else(|| bad("size overflow"))?)?;
    Ok(b.chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::labels::{decode, label, Part};

    #[test]
    fn allowed_table_matches_function() {
        for a in 0..L {
            for b in 0..L {
                assert_eq!(
                    ALLOWED[a][b],
                    allowed(Some(a as u8), Some(b as u8)),
                    "{a} {b}"
                );
            }
        }
    }

    /// The best path by exhaustive search over well-formed label sequences.
    fn brute_force(em: &[f32], trans: &[f32], n: usize) -> Vec<u8> {
        let mut best = (f32::NEG_INFINITY, Vec::new());
        let mut seq = vec![0u8; n];
        loop {
            let ok = allowed(None, Some(seq[0]))
                && allowed(Some(seq[n - 1]), None)
                && seq.windows(2).all(|w| allowed(Some(w[0]), Some(w[1])));
            if ok {
                let mut s = trans[EDGE * (L + 1) + usize::from(seq[0])];
                for (i, &l) in seq.iter().enumerate() {
                    s += em[i * L + usize::from(l)];
                    let next = seq.get(i + 1).map_or(EDGE, |&x| usize::from(x));
                    s += trans[usize::from(l) * (L + 1) + next];
                }
                if s > best.0 {
                    best = (s, seq.clone());
                }
            }
            let mut k = 0;
            while k < n && usize::from(seq[k]) == L - 1 {
                seq[k] = 0;
                k += 1;
            }
            if k == n {
                return best.1;
            }
            seq[k] += 1;
        }
    }

    #[test]
    fn viterbi_matches_exhaustive_search() {
        let mut x: u64 = 0x1234_5678;
        let mut rnd = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 2000) as f32 / 100.0 - 10.0
        };
        for n in 1..=3 {
            for _ in 0..20 {
                let em: Vec<f32> = (0..n * L).map(|_| rnd()).collect();
                let trans: Vec<f32> = (0..(L + 1) * (L + 1)).map(|_| rnd()).collect();
                let mut out = Vec::new();
                viterbi(&em, &trans, &mut out);
                assert_eq!(out, brute_force(&em, &trans, n), "n = {n}");
            }
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        // Emissions prefer I-PER everywhere, which is never valid alone.
        let mut em = vec![0f32; 3 * L];
        for i in 0..3 {
            em[i * L + usize::from(label(Part::I, 0))] = 5.0;
            em[i * L + usize::from(label(Part::B, 0))] = 1.0;
            em[i * L + usize::from(label(Part::L, 0))] = 1.0;
        }
        let trans = vec![0f32; (L + 1) * (L + 1)];
        let mut out = Vec::new();
        viterbi(&em, &trans, &mut out);
        assert_eq!(
            out,
            vec![label(Part::B, 0), label(Part::I, 0), label(Part::L, 0)]
        );
        assert_eq!(decode(&out).len(), 1);
    }
}
