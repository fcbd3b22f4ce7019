//! Feature extraction for the entity tagger: word, affix, shape, context, gazetteer and document features.
//!
//! Every feature is a 64-bit hash of (template, value); the model stores
//! weights only for hashes seen in training. Training and inference call the
//! same [`extract`], so they cannot drift apart.

use std::collections::HashMap;
use std::ops::Range;

use crate::hash::IdentityBuild;

use super::gazetteer::{token_key, Gazetteer, N_LISTS};
use super::hash::{combine, hash_str, mix};
use super::normalize::{case, fold_into, shape_into, short_shape_into, Case};

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
    /// Has an upper-case letter or a digit: the tokens entity names are made of.
    strong: bool,
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
    /// Per token: left out of scoring and labelled O (see [`QUIET_WINDOW`]); empty when not gated.
    pub quiet: Vec<bool>,
}

/// With gating on, a token of a sentence that has capitals elsewhere is
/// labelled O without being scored when neither it nor any word within this
/// distance has a capital letter, a digit or a gazetteer match: "said on
/// Tuesday that the" cannot be part of a name. More than half of news tokens are
/// such, and scoring them was most of the recognizer's time.
pub const QUIET_WINDOW: usize = 2;

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
///
/// With `gate`, quiet tokens ([`QUIET_WINDOW`]) get no features and are
/// marked in [`DocFeatures::quiet`]; training extracts every token.
pub fn extract(
    tokens: &[&str],
    sentences: &[Range<usize>],
    tags: &[u64],
    gaz: &Gazetteer,
    clusters: &dyn Clusters,
    gate: bool,
    out: &mut DocFeatures,
) {
    out.feats.clear();
    out.offsets.clear();
    out.offsets.push(0);
    out.quiet.clear();
    if gate {
        out.quiet.resize(tokens.len(), false);
    }
    let mut bufs = TokBufs::default();
    let mut toks: Vec<Tok> = tokens.iter().map(|t| tok_info(t, &mut bufs)).collect();
    let mut cl: Vec<Option<[u64; 4]>> = Vec::with_capacity(tokens.len());
    for t in &toks {
        cl.push(clusters.get(t.low));
    }
    for (t, c) in toks.iter_mut().zip(&cl) {
        t.cluster = c.map_or(0, |c| c[1]);
        t.cap = c.map_or(0, |c| c[3] as u8);
    }

    // Document memory: how each lower-cased word is written elsewhere in the document.
    let mut seen: HashMap<u64, (u16, u16), IdentityBuild> = HashMap::with_hasher(IdentityBuild);
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
    let mut chunk: Vec<ChunkInfo> = Vec::new();
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

        // Runs of capitalized words mean little where the whole sentence is in one case.
        chunks_of(&toks[r.clone()], sent_case == 0, &mut chunk);

        // Only a sentence with capitals says which of its words cannot be in a name.
        if gate && sent_case == 0 {
            let loud = |j: usize| toks[j].strong || toks[j].gaz_any != 0;
            for i in r.clone() {
                let lo = i.saturating_sub(QUIET_WINDOW).max(r.start);
                let hi = (i + QUIET_WINDOW + 1).min(r.end);
                out.quiet[i] = !(lo..hi).any(loud);
            }
        }

        for i in r.clone() {
            if gate && out.quiet[i] {
                out.offsets.push(out.feats.len() as u32);
                continue;
            }
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
            // The run of capitalized words the token is in: its first and last
            // words ("... Party", "Bank of ..."), its length, and which of its
            // words name a kind of organisation or place, with the token's place
            // in the run. Names of organisations are long and made of ordinary
            // words; the run says what a word alone cannot.
            let c = &chunk[i - r.start];
            if c.part != 0 {
                let p = u64::from(c.part);
                o.push(f2(60, c.last, p));
                o.push(f2(61, c.first, p));
                o.push(f2(62, u64::from(c.kw), p));
                o.push(f2(63, u64::from(c.len.min(5)), p));
            }
            // Predicted part of speech (XPOS), when the caller has it: `tags` is empty otherwise.
            if tags.len() == tokens.len() {
                let tag_at = |d: isize| {
                    let j = i as isize + d;
                    if j < r.start as isize || j >= r.end as isize {
                        if d < 0 {
                            BOS
                        } else {
                            EOS
                        }
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

/// Strings [`tok_info`] reuses from one token to the next.
#[derive(Default)]
struct TokBufs {
    low: String,
    shape: String,
}

fn tok_info(w: &str, bufs: &mut TokBufs) -> Tok {
    let TokBufs { low, shape: sh } = bufs;
    fold_into(w, low);
    let n = low.chars().count();
    // Hashes of the first / last k characters, when the word is longer than k.
    let pre_at = |k: usize| if n > k { low.char_indices().nth(k).map_or(0, |(b, _)| hash_str(&low[..b])) } else { 0 };
    let suf_at = |k: usize| if n > k { low.char_indices().nth(n - k).map_or(0, |(b, _)| hash_str(&low[b..])) } else { 0 };
    shape_into(w, sh);
    let shape = hash_str(sh);
    short_shape_into(w, sh);
    Tok {
        form: hash_str(w),
        low: token_key(low),
        shape,
        sshape: hash_str(sh),
        pre: [pre_at(2), pre_at(3), pre_at(4)],
        suf: [suf_at(1), suf_at(2), suf_at(3), suf_at(4)],
        case: case(w) as u8,
        gaz: 0,
        gaz_any: 0,
        cluster: 0,
        cap: 0,
        strong: w.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()),
    }
}

/// A token's place in the run of capitalized words around it (0 part: not in one).
#[derive(Debug, Clone, Copy, Default)]
struct ChunkInfo {
    /// 0 outside a run; 1 B, 2 I, 3 L, 4 U.
    part: u8,
    len: u8,
    first: u64,
    last: u64,
    /// Keyword classes of the run's words: bit 0 organisation word before this token, 1 at it, 2 after it; 3-5 the same for place words.
    kw: u8,
}

/// Lower-case words that name the kind of organisation a capitalized run is ("Labour Party", "Bank of England").
const ORG_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "corporation",
    "co",
    "co.",
    "company",
    "companies",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "ag",
    "gmbh",
    "group",
    "holdings",
    "industries",
    "enterprises",
    "partners",
    "associates",
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "party",
    "ministry",
    "department",
    "council",
    "committee",
    "commission",
    "agency",
    "association",
    "union",
    "federation",
    "foundation",
    "bank",
    "fund",
    "court",
    "army",
    "navy",
    "forces",
    "force",
    "police",
    "church",
    "club",
    "society",
    "board",
    "bureau",
    "office",
    "authority",
    "administration",
    "parliament",
    "congress",
    "senate",
    "assembly",
    "government",
    "organization",
    "organisation",
    "network",
    "news",
    "times",
    "post",
    "journal",
    "press",
    "airlines",
    "airways",
    "motors",
    "systems",
    "technologies",
    "technology",
    "labs",
    "laboratories",
    "services",
    "trust",
    "museum",
    "library",
    "hospital",
    "league",
    "alliance",
    "front",
    "movement",
    "brigade",
    "brigades",
    "corps",
    "guard",
    "command",
    "service",
    "reserve",
    "exchange",
    "bancorp",
    "media",
    "broadcasting",
    "television",
    "radio",
    "magazine",
    "herald",
    "tribune",
    "gazette",
    "records",
    "studios",
    "pictures",
    "entertainment",
    "communications",
    "telecom",
    "energy",
    "oil",
    "petroleum",
    "pharmaceuticals",
    "bancshares",
    "securities",
    "capital",
    "investments",
    "insurance",
    "court",
    "tribunal",
    "secretariat",
    "cabinet",
    "directorate",
    "institution",
    "center",
    "centre",
    "fc",
    "united",
    "team",
    "band",
    "orchestra",
    "choir",
    "conference",
    "organisation",
    "nations",
    "council",
    "ministries",
    "commissions",
    "unions",
    "parties",
    "universities",
];

/// Lower-case words that name the kind of place a capitalized run is ("Hudson River", "Mount Everest").
const PLACE_WORDS: &[&str] = &[
    "river",
    "mountain",
    "mountains",
    "mount",
    "mt.",
    "lake",
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "island",
    "islands",
    "county",
    "province",
    "state",
    "states",
    "city",
    "valley",
    "ocean",
    "sea",
    "bay",
    "gulf",
    "park",
    "airport",
    "bridge",
    "square",
    "hill",
    "hills",
    "district",
    "region",
    "desert",
    "peninsula",
    "strait",
    "canal",
    "coast",
    "beach",
    "falls",
    "canyon",
    "forest",
    "village",
    "town",
    "harbor",
    "harbour",
    "port",
    "heights",
    "plateau",
    "basin",
    "creek",
    "highway",
    "lane",
    "drive",
    "plaza",
    "territory",
    "kingdom",
    "republic",
    "emirates",
    "north",
    "south",
    "east",
    "west",
];

fn keyword_class(low: u64) -> u8 {
    static SETS: std::sync::OnceLock<(Vec<u64>, Vec<u64>)> = std::sync::OnceLock::new();
    let (org, place) = SETS.get_or_init(|| {
        let h = |ws: &[&str]| {
            let mut v: Vec<u64> = ws.iter().map(|w| token_key(w)).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        (h(ORG_WORDS), h(PLACE_WORDS))
    });
    if org.binary_search(&low).is_ok() {
        1
    } else if place.binary_search(&low).is_ok() {
        2
    } else {
        0
    }
}

/// Words that may join two capitalized words into one name ("Bank of England", "Procter & Gamble").
fn is_connector(low: u64) -> bool {
    static SET: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut v: Vec<u64> = [
            "of", "and", "&", "for", "the", "de", "del", "da", "du", "la", "le", "von", "van",
            "der", "al", "-", "on", "'s",
        ]
        .iter()
        .map(|w| token_key(w))
        .collect();
        v.sort_unstable();
        v
    })
    .binary_search(&low)
    .is_ok()
}

/// Runs of capitalized words (joined by connectors) in one sentence; `cased`: the sentence has ordinary case.
fn chunks_of(toks: &[Tok], cased: bool, out: &mut Vec<ChunkInfo>) {
    out.clear();
    out.resize(toks.len(), ChunkInfo::default());
    if !cased {
        return;
    }
    let cap = |t: &Tok| {
        t.case == Case::Title as u8 || t.case == Case::Upper as u8 || t.case == Case::Mixed as u8
    };
    let mut i = 0;
    while i < toks.len() {
        if !cap(&toks[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        loop {
            if j < toks.len() && cap(&toks[j]) {
                j += 1;
            } else if j + 1 < toks.len() && is_connector(toks[j].low) && cap(&toks[j + 1]) {
                j += 2;
            } else {
                break;
            }
        }
        let kws: Vec<u8> = (i..j).map(|k| keyword_class(toks[k].low)).collect();
        let n = j - i;
        for k in i..j {
            let mut kw = 0u8;
            for (m, &c) in kws.iter().enumerate() {
                if c == 0 {
                    continue;
                }
                let pos = match (i + m).cmp(&k) {
                    std::cmp::Ordering::Less => 0,
                    std::cmp::Ordering::Equal => 1,
                    std::cmp::Ordering::Greater => 2,
                };
                kw |= 1 << (pos + 3 * (c - 1));
            }
            out[k] = ChunkInfo {
                part: if n == 1 {
                    4
                } else if k == i {
                    1
                } else if k + 1 == j {
                    3
                } else {
                    2
                },
                len: n.min(255) as u8,
                first: toks[i].low,
                last: toks[j - 1].low,
                kw,
            };
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiet_of(text: &str) -> Vec<bool> {
        let toks: Vec<&str> = text.split(' ').collect();
        let gaz = Gazetteer::from_entries(&[], &[]);
        let mut out = DocFeatures::default();
        extract(
            &toks,
            &[0..toks.len()],
            &[],
            &gaz,
            &NoClusters,
            true,
            &mut out,
        );
        for (i, &q) in out.quiet.iter().enumerate() {
            assert_eq!(
                q,
                out.token(i).is_empty(),
                "token {i}: quiet tokens and only they get no features"
            );
        }
        out.quiet
    }

    #[test]
    fn words_far_from_capitals_digits_and_gazetteer_are_quiet() {
        // "the ships would" are three or more words from "Maduro" and "20".
        let q = quiet_of("Maduro said that the ships would arrive by 20 May");
        let expect = [
            false, false, false, true, true, true, false, false, false, false,
        ];
        assert_eq!(q, expect);
    }

    #[test]
    fn a_sentence_without_capitals_is_never_gated() {
        assert!(
            quiet_of("where can i get morcillas in tampa bay or in miami")
                .iter()
                .all(|&q| !q)
        );
        let mut out = DocFeatures::default();
        let gaz = Gazetteer::from_entries(&[], &[]);
        extract(
            &["the", "bank", "of", "Peru"],
            &[0..4],
            &[],
            &gaz,
            &NoClusters,
            false,
            &mut out,
        );
        assert!(out.quiet.is_empty(), "training extracts every token");
    }
}
