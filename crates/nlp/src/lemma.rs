//! Lemmatizer: an exception lexicon plus suffix rewrite rules, both learned from a treebank.
//!
//! Every (form, lemma) pair is reduced to an edit script: optionally lowercase,
//! strip `k` characters, append a string. Known (tag, form) pairs whose script
//! the rules would get wrong are kept in the lexicon; unknown words take the
//! script of their longest known suffix under the same tag.

use std::collections::HashMap;

use crate::binfmt::{FormatError, Reader, Writer};
use crate::features::lower_into;
use crate::hash::{hash_str, mix, IdentityBuild};

/// An edit turning a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Script {
    pub lower: bool,
    /// Characters removed from the end.
    pub strip: u8,
    pub append: String,
}

impl Script {
    /// The script that turns `form` into `lemma`.
    pub fn learn(form: &str, lemma: &str) -> Script {
        let lower: String = form.chars().flat_map(char::to_lowercase).collect();
        let a = Self::diff(form, lemma, false);
        let b = Self::diff(&lower, lemma, true);
        let cost = |s: &Script| s.strip as usize + s.append.chars().count();
        if cost(&b) <= cost(&a) {
            b
        } else {
            a
        }
    }

    fn diff(form: &str, lemma: &str, lower: bool) -> Script {
        let f: Vec<char> = form.chars().collect();
        let l: Vec<char> = lemma.chars().collect();
        let p = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
        let strip = (f.len() - p).min(255) as u8;
        Script { lower, strip, append: l[p..].iter().collect() }
    }

    /// Applies the script; forms shorter than the strip come back as they are.
    pub fn apply(&self, form: &str, out: &mut String) {
        out.clear();
        if self.lower {
            lower_into(form, out);
        } else {
            out.push_str(form);
        }
        if self.strip > 0 {
            let n = out.chars().count();
            if n < self.strip as usize {
                out.clear();
                out.push_str(form);
                return;
            }
            let cut = out.char_indices().rev().nth(self.strip as usize - 1).map_or(0, |(i, _)| i);
            out.truncate(cut);
        }
        out.push_str(&self.append);
    }
}

/// Longest suffix (in characters) the rules look at.
const MAX_SUFFIX: usize = 6;

/// Byte offset where the suffix of `k` characters starts (`ends` = char starts).
fn suffix_start(len: usize, ends: &[usize], k: usize) -> usize {
    let n = ends.len();
    if k == 0 {
        len
    } else if k >= n {
        0
    } else {
        ends[n - k]
    }
}

fn lex_key(tag: u64, lower: &str) -> u64 {
    mix(mix(tag, 0x4C45_58), hash_str(lower))
}

fn rule_key(tag: u64, suffix: &str) -> u64 {
    mix(mix(tag, 0x5255_4C45), hash_str(suffix))
}

/// The trained lemmatizer.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    scripts: Vec<Script>,
    lexicon: HashMap<u64, u32, IdentityBuild>,
    rules: HashMap<u64, u32, IdentityBuild>,
}

impl Lemmatizer {
    /// The script the suffix rules pick for a lowercased form under `tag`.
    fn rule_script(&self, tag: u64, lower: &str) -> Option<u32> {
        let ends: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        let n = ends.len();
        for k in (0..=MAX_SUFFIX.min(n)).rev() {
            let start = suffix_start(lower.len(), &ends, k);
            if let Some(&s) = self.rules.get(&rule_key(tag, &lower[start..])) {
                return Some(s);
            }
        }
        None
    }

    /// Whether the training data gave the lower-cased `lower` with tag `tag` its own lemma (no rule needed).
    pub fn knows_form(&self, tag: u64, lower: &str) -> bool {
        self.lexicon.contains_key(&lex_key(tag, lower))
    }

    /// The lemma of `form` tagged with the class whose hash is `tag`, written into `out`.
    pub fn lemmatize(&self, form: &str, tag: u64, lower: &mut String, out: &mut String) {
        lower_into(form, lower);
        let id = self.lexicon.get(&lex_key(tag, lower)).copied().or_else(|| self.rule_script(tag, lower));
        match id.and_then(|i| self.scripts.get(i as usize)) {
            Some(s) => s.apply(form, out),
            None => {
                out.clear();
                out.push_str(form);
            }
        }
    }

    /// Learns from (form, tag hash, lemma) triples in corpus order.
    pub fn train<'a>(data: impl Iterator<Item = (&'a str, u64, &'a str)>) -> Lemmatizer {
        let mut ids: HashMap<Script, u32> = HashMap::new();
        let mut scripts: Vec<Script> = Vec::new();
        // (tag, lower) -> script counts, and the rule statistics per (tag, suffix).
        let mut words: HashMap<(u64, String), HashMap<u32, u32>> = HashMap::new();
        for (form, tag, lemma) in data {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            let s = Script::learn(form, lemma);
            let id = *ids.entry(s.clone()).or_insert_with(|| {
                scripts.push(s);
                scripts.len() as u32 - 1
            });
            let lower: String = form.chars().flat_map(char::to_lowercase).collect();
            *words.entry((tag, lower)).or_default().entry(id).or_default() += 1;
        }
        let best = |counts: &HashMap<u32, u32>| -> u32 {
            counts.iter().map(|(&s, &c)| (c, std::cmp::Reverse(s))).max().map(|(_, r)| r.0).unwrap_or(0)
        };
        let mut types: Vec<(&(u64, String), u32, u32)> =
            words.iter().map(|(k, c)| (k, best(c), c.values().sum::<u32>())).collect();
        types.sort_unstable_by(|a, b| a.0.cmp(b.0));
        // Rules count word types, so frequent irregular words do not dominate a suffix.
        let mut stats: HashMap<u64, HashMap<u32, u32>> = HashMap::new();
        let mut depth: HashMap<u64, usize> = HashMap::new();
        for &((tag, lower), script, _) in &types {
            let ends: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
            let n = ends.len();
            for k in 0..=MAX_SUFFIX.min(n) {
                let start = suffix_start(lower.len(), &ends, k);
                let key = rule_key(*tag, &lower[start..]);
                *stats.entry(key).or_default().entry(script).or_default() += 1;
                depth.insert(key, k);
            }
        }
        let mut lem = Lemmatizer { scripts, lexicon: HashMap::with_hasher(IdentityBuild), rules: HashMap::with_hasher(IdentityBuild) };
        // Keep a rule when it is backed by at least two word types, or is the tag's default.
        let mut keys: Vec<u64> = stats.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            let c = &stats[&key];
            let total: u32 = c.values().sum();
            if total >= 2 || depth[&key] == 0 {
                lem.rules.insert(key, best(c));
            }
        }
        // Drop rules that agree with the next shorter suffix: lookup falls through to it anyway.
        let mut redundant = Vec::new();
        for &((tag, lower), _, _) in &types {
            let ends: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
            let n = ends.len();
            for k in (1..=MAX_SUFFIX.min(n)).rev() {
                let start = suffix_start(lower.len(), &ends, k);
                let key = rule_key(*tag, &lower[start..]);
                let Some(&s) = lem.rules.get(&key) else { continue };
                let parent_start = suffix_start(lower.len(), &ends, k - 1);
                if lem.rules.get(&rule_key(*tag, &lower[parent_start..])) == Some(&s) {
                    redundant.push(key);
                }
            }
        }
        // A rule is only redundant if no longer rule relies on falling through to it; removing
        // children-equal-to-parent keeps lookups identical because the parent answers the same.
        redundant.sort_unstable();
        redundant.dedup();
        for k in redundant {
            lem.rules.remove(&k);
        }
        for &((tag, lower), script, _) in &types {
            if lem.rule_script(*tag, lower) != Some(script) {
                lem.lexicon.insert(lex_key(*tag, lower), script);
            }
        }
        lem
    }

    /// Entries in the lexicon and in the rule table (for reports).
    pub fn sizes(&self) -> (usize, usize) {
        (self.lexicon.len(), self.rules.len())
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.scripts.len() as u32);
        for s in &self.scripts {
            w.u8(s.lower as u8);
            w.u8(s.strip);
            w.str(&s.append);
        }
        for map in [&self.lexicon, &self.rules] {
            let mut kv: Vec<(u64, u32)> = map.iter().map(|(&k, &v)| (k, v)).collect();
            kv.sort_unstable();
            w.u64s(&kv.iter().map(|e| e.0).collect::<Vec<_>>());
            w.u32s(&kv.iter().map(|e| e.1).collect::<Vec<_>>());
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, FormatError> {
        let n = r.u32()? as usize;
        let mut scripts = Vec::with_capacity(n.min(1 << 16));
        for _ in 0..n {
            let lower = r.u8()? != 0;
            let strip = r.u8()?;
            let append = r.str()?;
            scripts.push(Script { lower, strip, append });
        }
        let mut maps = Vec::new();
        for _ in 0..2 {
            let k = r.u64s()?;
            let v = r.u32s()?;
            if k.len() != v.len() || v.iter().any(|&s| s as usize >= scripts.len()) {
                return Err(r.invalid("lemmatizer table is inconsistent"));
            }
            let mut m = HashMap::with_capacity_and_hasher(k.len(), IdentityBuild);
            m.extend(k.into_iter().zip(v));
            maps.push(m);
        }
        let rules = maps.pop().unwrap_or_default();
        let lexicon = maps.pop().unwrap_or_default();
        Ok(Lemmatizer { scripts, lexicon, rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_round_trip() {
        for (f, l) in [("running", "run"), ("The", "the"), ("Elena", "Elena"), ("n't", "not"), ("went", "go"), ("Mice", "mouse")] {
            let s = Script::learn(f, l);
            let mut out = String::new();
            s.apply(f, &mut out);
            assert_eq!(out, l, "{f} -> {l} via {s:?}");
        }
    }

    #[test]
    fn generalises_suffixes() {
        let nns = 7;
        let data = [("cats", nns, "cat"), ("dogs", nns, "dog"), ("trees", nns, "tree"), ("mice", nns, "mouse")];
        let lem = Lemmatizer::train(data.iter().map(|&(f, t, l)| (f, t, l)));
        let (mut a, mut b) = (String::new(), String::new());
        lem.lemmatize("birds", nns, &mut a, &mut b);
        assert_eq!(b, "bird");
        lem.lemmatize("Mice", nns, &mut a, &mut b);
        assert_eq!(b, "mouse");
    }
}
