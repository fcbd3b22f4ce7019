//! Feature extraction for the entity tagger: word, affix, shape, context, gazetteer and document features.
//!
//! Every feature is a 64-bit hash of (template, value); the model stores
//! weights only for hashes seen in training. Training and inference call the
//! same [`extract`], so they cannot drift apart.

use std::collections::HashMap;
use std::ops::Range;

use super::gazetteer::{token_key, Gazetteer, N_LISTS};
use super::hash::{combine, hash_str, mix};
use super::normalize::{case, fold, shape, short_shape, Case};

/// Per-token facts computed once, shared by the templates of neighbouring tokens.
#[derive(Debug, Clone, Default)]
struct Tok {
    form: u64,
    low: u64,
    shape: u64,
    sshape: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    case: u8,
    /// Bit `list * 4 + part` for each gazetteer match covering the token (part: 0 B, 1 I, 2 L, 3 U).
    gaz: u64,
    /// Bit `list` for each gazetteer match, any part.
    gaz_any: u16,
    cluster: u64,
    /// Capitalization class from the unlabelled text (0 unknown).
    cap: u8,
}

const BOS: u64 = 0x0b05_0b05_0b05_0b05;
const EOS: u64 = 0x0e05_0e05_0e05_0e05;

#[inline]
fn f(template: u64, v: u64) -> u64 {
    combine(mix(template.wrapping_add(0x7f4a_7c15)), v)
}

#[inline]
fn f2(template: u64, a: u64, b: u64) -> u64 {
    combine(f(template, a), b)
}

/// Features of every token of one document, flattened: token `i` owns `feats[offsets[i]..offsets[i+1]]`.
#[derive(Debug, Clone, Default)]
pub struct DocFeatures {
    pub feats: Vec<u64>,
    pub offsets: Vec<u32>,
}

impl DocFeatures {
    /// The features of token `i`.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Optional word-cluster lookup: folded-token hash → cluster bit string hash prefixes.
pub trait Clusters {
    /// The cluster path of a token key, as up to three hashes of increasingly fine prefixes.
    fn get(&self, key: u64) -> Option<[u64; 4]>;
}

/// No clusters.
pub struct NoClusters;

impl Clusters for NoClusters {
    fn get(&self, _: u64) -> Option<[u64; 4]> {
        None
    }
}

/// Extracts the features of a document given its tokens and sentence token ranges.
pub fn extract(
    tokens: &[&str],
    sentences: &[Range<usize>],
    tags: &[u64],
    gaz: &Gazetteer,
    clusters: &dyn Clusters,
    out: &mut DocFeatures,
) {
    out.feats.clear();
    out.offsets.clear();
    out.offsets.push(0);
    let mut toks: Vec<Tok> = tokens.iter().map(|t| tok_info(t)).collect();
    let mut cl: Vec<Option<[u64; 4]>> = Vec::with_capacity(tokens.len());
    for t in &toks {
        cl.push(clusters.get(t.low));
    }
    for (t, c) in toks.iter_mut().zip(&cl) {
        t.cluster = c.map_or(0, |c| c[1]);
        t.cap = c.map_or(0, |c| c[3] as u8);
    }

    // Document memory: how each lower-cased word is written elsewhere in the document.
    let mut seen: HashMap<u64, (u16, u16)> = HashMap::new();
    for s in covering(sentences, tokens.len()) {
        for i in s.clone() {
            let e = seen.entry(toks[i].low).or_default();
            match toks[i].case {
                c if c == Case::Lower as u8 => e.0 = e.0.saturating_add(1),
                c if (c == Case::Title as u8 || c == Case::Upper as u8) && i > s.start => {
                    e.1 = e.1.saturating_add(1)
                }
                _ => {}
            }
        }
    }

    let mut keys: Vec<u64> = Vec::new();
    for r in covering(sentences, tokens.len()) {
        if r.is_empty() {
            continue;
        }
        keys.clear();
        keys.extend(r.clone().map(|i| toks[i].low));
        gaz.matches(&keys, |st, len, mask| {
            for l in 0..N_LISTS {
                if mask & (1 << l) == 0 {
                    continue;
                }
                for k in 0..len {
                    let part = if len == 1 {
                        3
                    } else if k == 0 {
                        0
                    } else if k == len - 1 {
                        2
                    } else {
                        1
                    };
                    let t = &mut toks[r.start + st + k];
                    t.gaz |= 1 << (l * 4 + part);
                    t.gaz_any |= 1 << l;
                }
            }
        });

        // Sentences written without case (all lower, all upper) make shape features unreliable.
        let (mut n_low, mut n_up, mut n_title) = (0, 0, 0);
        for i in r.clone() {
            match toks[i].case {
                c if c == Case::Lower as u8 => n_low += 1,
                c if c == Case::Upper as u8 => n_up += 1,
                c if c == Case::Title as u8 => n_title += 1,
                _ => {}
            }
        }
        let sent_case: u64 = if n_up + n_title == 0 {
            1
        } else if n_low == 0 && n_up > n_title {
            2
        } else if n_low == 0 {
            3
        } else {
            0
        };

        for i in r.clone() {
            let t = &toks[i];
            let at = |d: isize| -> Option<&Tok> {
                let j = i as isize + d;
                if j < r.start as isize || j >= r.end as isize {
                    None
                } else {
                    Some(&toks[j as usize])
                }
            };
            let low_at = |d: isize| at(d).map_or(if d < 0 { BOS } else { EOS }, |t| t.low);
            let ss_at = |d: isize| at(d).map_or(if d < 0 { BOS } else { EOS }, |t| t.sshape);
            let o = &mut out.feats;
            let first = i == r.start;
            o.push(f(0, 0));
            o.push(f(1, t.form));
            o.push(f(2, t.low));
            for (k, &p) in t.pre.iter().enumerate() {
                o.push(f(3 + k as u64, p));
            }
            for (k, &s) in t.suf.iter().enumerate() {
                o.push(f(6 + k as u64, s));
            }
            o.push(f(10, t.shape));
            o.push(f(11, t.sshape));
            o.push(f2(12, t.sshape, first as u64));
            o.push(f2(13, t.sshape, sent_case));
            o.push(f(14, low_at(-1)));
            o.push(f(15, low_at(1)));
            o.push(f(16, low_at(-2)));
            o.push(f(17, low_at(2)));
            o.push(f(18, ss_at(-1)));
            o.push(f(19, ss_at(1)));
            o.push(f2(20, ss_at(-1), t.sshape));
            o.push(f2(21, t.sshape, ss_at(1)));
            o.push(f2(22, f2(0, ss_at(-1), t.sshape), ss_at(1)));
            o.push(f2(23, low_at(-1), t.low));
            o.push(f2(24, t.low, low_at(1)));
            o.push(f2(25, low_at(-1), t.sshape));
            o.push(f2(26, t.sshape, low_at(1)));
            o.push(f2(27, low_at(-2), low_at(-1)));
            o.push(f2(28, low_at(1), low_at(2)));
            let sfx = |d: isize| at(d).map_or(0, |t| t.suf[2]);
            o.push(f(29, sfx(-1)));
            o.push(f(30, sfx(1)));
            // Gazetteer: own matches with position, and with case; neighbours' lists.
            let mut g = t.gaz;
            while g != 0 {
                let b = g.trailing_zeros() as u64;
                g &= g - 1;
                o.push(f(31, b));
                o.push(f2(32, b, u64::from(t.case)));
                o.push(f2(33, b, first as u64));
            }
            if t.gaz == 0 {
                o.push(f2(34, 0, u64::from(t.case)));
            }
            for (d, tpl) in [(-1isize, 35u64), (1, 36)] {
                if let Some(n) = at(d) {
                    let mut g = n.gaz_any;
                    while g != 0 {
                        let b = g.trailing_zeros() as u64;
                        g &= g - 1;
                        o.push(f2(tpl, b, u64::from(t.case)));
                    }
                }
            }
            // Document memory for capitalized words: does the word also appear lower-cased, or capitalized mid-sentence?
            if t.case == Case::Title as u8 || t.case == Case::Upper as u8 {
                let (lo, cap) = seen.get(&t.low).copied().unwrap_or_default();
                let cap_elsewhere = if first { cap > 0 } else { cap > 1 };
                o.push(f2(
                    37,
                    u64::from(lo > 0) * 2 + u64::from(cap_elsewhere),
                    first as u64,
                ));
            }
            if let Some(c) = cl[i] {
                for (k, &h) in c[..3].iter().enumerate() {
                    o.push(f(38 + k as u64, h));
                }
                o.push(f2(41, c[1], u64::from(t.case)));
            }
            // How the word is usually written, against how it is written here.
            let capc = |d: isize| at(d).map_or(9u64, |t| u64::from(t.cap));
            o.push(f2(
                44,
                u64::from(t.cap),
                u64::from(t.case) * 2 + first as u64,
            ));
            o.push(f2(
                45,
                f2(0, u64::from(t.cap), sent_case),
                u64::from(t.case),
            ));
            o.push(f2(46, capc(-1), capc(1)));
            o.push(f2(47, f2(0, capc(-1), u64::from(t.cap)), capc(1)));
            let cl_at = |d: isize| at(d).map_or(if d < 0 { BOS } else { EOS }, |t| t.cluster);
            o.push(f(42, cl_at(-1)));
            o.push(f(43, cl_at(1)));
            // Predicted part of speech (XPOS), when the caller has it: `tags` is empty otherwise.
            if tags.len() == tokens.len() {
                let tag_at = |d: isize| {
                    let j = i as isize + d;
                    if j < r.start as isize || j >= r.end as isize {
                        if d < 0 { BOS } else { EOS }
                    } else {
                        tags[j as usize]
                    }
                };
                let (tp, t0, tn) = (tag_at(-1), tag_at(0), tag_at(1));
                o.push(f(48, t0));
                o.push(f(49, tp));
                o.push(f(50, tn));
                o.push(f2(51, tp, t0));
                o.push(f2(52, t0, tn));
                o.push(f2(53, t0, t.sshape));
                o.push(f2(54, f2(0, tp, t0), tn));
            }
            out.offsets.push(out.feats.len() as u32);
        }
    }
}

/// Sentence ranges made to cover `0..n` exactly, in order: overlaps are cut, gaps become sentences.
pub fn covering(sentences: &[Range<usize>], n: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(sentences.len() + 1);
    let mut next = 0;
    for s in sentences {
        let start = s.start.max(next);
        let end = s.end.min(n);
        if start >= end {
            continue;
        }
        if start > next {
            out.push(next..start);
        }
        out.push(start..end);
        next = end;
    }
    if next < n {
        out.push(next..n);
    }
    out
}

fn tok_info(w: &str) -> Tok {
    let low = fold(w);
    let chars: Vec<(usize, char)> = low.char_indices().collect();
    let n = chars.len();
    let pre_at = |k: usize| {
        if n > k {
            hash_str(&low[..chars[k].0])
        } else {
            0
        }
    };
    let suf_at = |k: usize| {
        if n > k {
            hash_str(&low[chars[n - k].0..])
        } else {
            0
        }
    };
    Tok {
        form: hash_str(w),
        low: token_key(&low),
        shape: hash_str(&shape(w)),
        sshape: hash_str(&short_shape(w)),
        pre: [pre_at(2), pre_at(3), pre_at(4)],
        suf: [suf_at(1), suf_at(2), suf_at(3), suf_at(4)],
        case: case(w) as u8,
        gaz: 0,
        gaz_any: 0,
        cluster: 0,
        cap: 0,
    }
}
