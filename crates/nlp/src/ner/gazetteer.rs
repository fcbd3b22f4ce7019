//! Name lists (countries, demonyms, cities, regions, people, organisations) matched over token sequences.
//!
//! The lists are compiled by `sitrep train ner` from GeoNames-derived country
//! and city tables and from the Phoenix (PETRARCH-2) actor dictionaries, and
//! stored in the model as phrase hashes only. A match is a feature for the
//! tagger, never a decision: city names such as "Reading" or "Mobile" are
//! ordinary words too, and the model learns how far to trust each list.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::hash::{combine, hash_str, U64Table};
use super::normalize::fold;

/// The lists a phrase can belong to (bit positions in a match mask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum List {
    Country = 0,
    Demonym = 1,
    City = 2,
    Region = 3,
    Person = 4,
    FirstName = 5,
    LastName = 6,
    Org = 7,
    ActorPlace = 8,
    Title = 9,
}

/// Number of lists.
pub const N_LISTS: usize = 10;

/// Longest phrase, in tokens, that is stored and matched.
pub const MAX_LEN: usize = 6;

/// Titles and honorifics that precede names; a person phrase's first word in this set is not a first name.
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "secretary",
    "general",
    "gen.",
    "gen",
    "adm.",
    "admiral",
    "col.",
    "colonel",
    "lt.",
    "maj.",
    "major",
    "capt.",
    "captain",
    "sgt.",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "shaikh",
    "sheik",
    "emir",
    "ayatollah",
    "hojatoleslam",
    "hojatolislam",
    "imam",
    "mullah",
    "pope",
    "cardinal",
    "bishop",
    "archbishop",
    "rev.",
    "reverend",
    "father",
    "sir",
    "lord",
    "lady",
    "dr.",
    "dr",
    "doctor",
    "prof.",
    "professor",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "miss",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mayor",
    "judge",
    "justice",
    "chancellor",
    "chairman",
    "chief",
    "commander",
    "marshal",
    "field",
    "vice",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "former",
    "late",
    "crown",
    "sultan",
    "emperor",
    "empress",
    "premier",
    "ambassador",
    "envoy",
    "speaker",
    "leader",
    "dictator",
    "comrade",
    "brig.",
    "gen",
    "lieutenant",
    "sergeant",
    "corporal",
    "private",
    "saint",
    "st.",
    "mohammad",
    "the",
];

/// Compiled lists: phrase hash → list mask, and first-token hash → longest phrase length.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    phrases: U64Table,
    starts: U64Table,
}

/// Hash of one normalized token, as used for phrase keys.
pub fn token_key(normalized: &str) -> u64 {
    hash_str(normalized)
}

/// Hash of a phrase given its token keys.
pub fn phrase_key(tokens: &[u64]) -> u64 {
    tokens
        .iter()
        .fold(0x1234_5678_9abc_def0, |h, &t| combine(h, t))
}

/// Splits a dictionary phrase into tokens the way UD tokenizes (hyphens, commas and slashes apart).
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in phrase.split(|c: char| c.is_whitespace() || c == '_') {
        let mut cur = String::new();
        for ch in piece.chars() {
            if matches!(ch, '-' | ',' | '/' | '(' | ')' | '"' | ':' | ';' | '–') {
                if !cur.is_empty() {
                    out.push(fold(&cur));
                    cur.clear();
                }
                out.push(ch.to_string());
            } else {
                cur.push(ch);
            }
        }
        if !cur.is_empty() {
            out.push(fold(&cur));
        }
    }
    out
}

/// Collects phrases and their lists before compilation.
#[derive(Debug, Default)]
pub struct GazetteerBuilder {
    phrases: BTreeMap<Vec<String>, u32>,
}

impl GazetteerBuilder {
    /// Adds `phrase` (raw text, any case) to `list`.
    pub fn add(&mut self, phrase: &str, list: List) {
        let toks = phrase_tokens(phrase);
        self.add_tokens(toks, list);
    }

    fn add_tokens(&mut self, toks: Vec<String>, list: List) {
        if toks.is_empty() || toks.len() > MAX_LEN {
            return;
        }
        // Lists of one-letter or punctuation-only "names" only add noise.
        if toks.len() == 1 && toks[0].chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return;
        }
        if toks.iter().any(|t| t == "(" || t == ")") {
            return;
        }
        *self.phrases.entry(toks).or_default() |= 1 << list as u32;
    }

    /// Number of distinct phrases so far.
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// Whether no phrase was added.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The compiled entries, `(phrase hash, mask)`, sorted for a deterministic model file.
    pub fn entries(&self) -> Vec<(u64, u32)> {
        let mut v: Vec<(u64, u32)> = self
            .phrases
            .iter()
            .map(|(toks, &m)| {
                let keys: Vec<u64> = toks.iter().map(|t| token_key(t)).collect();
                (phrase_key(&keys), m)
            })
            .collect();
        v.sort_unstable();
        v.dedup_by(|a, b| {
            if a.0 == b.0 {
                b.1 |= a.1;
                true
            } else {
                false
            }
        });
        v
    }

    /// Adds countries, capitals and demonyms from `countries_combined.tsv`.
    pub fn add_countries(&mut self, path: &Path) -> Result<(), String> {
        for_tsv(path, |line_no, cols| {
            if line_no == 1 || cols.len() < 21 {
                return;
            }
            for &c in &[4, 5, 6] {
                self.add(cols[c], List::Country);
            }
            for alt in cols[20].split('|') {
                self.add(alt, List::Country);
            }
            self.add(cols[7], List::City);
            for &c in &[13, 14] {
                let d = cols[c].trim();
                if !d.is_empty() {
                    self.add(d, List::Demonym);
                    self.add(&format!("{d}s"), List::Demonym);
                }
            }
        })
    }

    /// Adds city names (and ASCII alternate names of large cities) from GeoNames `cities15000.txt`.
    pub fn add_cities(&mut self, path: &Path) -> Result<(), String> {
        for_tsv(path, |_, cols| {
            if cols.len() < 15 {
                return;
            }
            self.add(cols[1], List::City);
            self.add(cols[2], List::City);
            let pop: u64 = cols[14].parse().unwrap_or(0);
            if pop >= 1_000_000 {
                for alt in cols[3].split(',') {
                    if alt
                        .chars()
                        .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-' || c == '.')
                        && alt.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    {
                        self.add(alt, List::City);
                    }
                }
            }
        })
    }

    /// Adds first-level administrative divisions from GeoNames `admin1CodesASCII.txt`.
    pub fn add_regions(&mut self, path: &Path) -> Result<(), String> {
        for_tsv(path, |_, cols| {
            if cols.len() >= 3 {
                self.add(cols[1], List::Region);
                self.add(cols[2], List::Region);
            }
        })
    }

    /// Adds the phrases of a Phoenix/TABARI actor dictionary.
    ///
    /// A record (primary phrase, `+` synonyms, code lines) is a person when any
    /// of its codes carries a date restriction or the primary line is marked as
    /// coming from CountryInfo's leader lists; a record whose only code is a bare
    /// three-letter country code is a place; everything else is an organisation.
    /// Person records also feed the first-name and last-name lists.
    pub fn add_actor_dictionary(&mut self, path: &Path) -> Result<(), String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut rec = ActorRecord::default();
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
            let raw = line.trim_end();
            if raw.trim().is_empty() {
                continue;
            }
            let indented = raw.starts_with('\t') || raw.starts_with(' ');
            let body = raw.trim();
            if body.starts_with('#') {
                continue;
            }
            let (content, comment) = match body.find('#') {
                Some(i) => (&body[..i], &body[i..]),
                None => (body, ""),
            };
            let content = content.trim();
            if indented || content.starts_with('[') {
                rec.codes(content);
                continue;
            }
            if let Some(syn) = content.strip_prefix('+') {
                rec.phrases.push(phrase_part(syn));
                rec.codes(content);
                continue;
            }
            // A new primary phrase: flush the previous record.
            self.flush(&mut rec);
            rec.phrases.push(phrase_part(content));
            rec.from_leader_list = comment.contains("CountryInfo");
            rec.codes(content);
        }
        self.flush(&mut rec);
        Ok(())
    }

    fn flush(&mut self, rec: &mut ActorRecord) {
        let rec = std::mem::take(rec);
        if rec.phrases.is_empty() {
            return;
        }
        let person = rec.dated || rec.from_leader_list;
        let place = !person && rec.country_code && !rec.other_code;
        for p in &rec.phrases {
            if p.is_empty() {
                continue;
            }
            let toks = phrase_tokens(p);
            if person {
                self.add_tokens(toks.clone(), List::Person);
                let names: Vec<&String> = toks
                    .iter()
                    .filter(|t| !TITLES.contains(&t.as_str()))
                    .collect();
                if names.len() >= 2 {
                    let first = names[0];
                    let last = names[names.len() - 1];
                    if first.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
                        self.add_tokens(vec![first.clone()], List::FirstName);
                    }
                    if last.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                        self.add_tokens(vec![last.clone()], List::LastName);
                    }
                }
            } else if place {
                self.add_tokens(toks, List::ActorPlace);
            } else {
                self.add_tokens(toks, List::Org);
            }
        }
    }

    /// Drops one-word phrases that `is_common` says are ordinary words ("in", "us", "will"), whatever their list.
    ///
    /// The dictionaries are upper-case, so "US" the country and "us" the
    /// pronoun, or "WILL" the first name and "will" the verb, look alike there;
    /// a token-level match on such words is noise. Title words are kept.
    pub fn prune_common(&mut self, is_common: impl Fn(&str) -> bool) -> usize {
        let before = self.phrases.len();
        self.phrases.retain(|toks, mask| {
            toks.len() > 1 || *mask == 1 << List::Title as u32 || !is_common(&toks[0])
        });
        before - self.phrases.len()
    }

    /// Adds the built-in title words.
    pub fn add_titles(&mut self) {
        for t in TITLES {
            if *t != "the" && *t != "mohammad" {
                self.add_tokens(vec![(*t).to_string()], List::Title);
            }
        }
    }
}

/// The phrase text of a dictionary line: up to the first code bracket, without TABARI's trailing `_`.
fn phrase_part(s: &str) -> String {
    let s = s.split('[').next().unwrap_or("").trim();
    s.trim_end_matches('_').to_string()
}

#[derive(Debug, Default)]
struct ActorRecord {
    phrases: Vec<String>,
    dated: bool,
    from_leader_list: bool,
    country_code: bool,
    other_code: bool,
}

impl ActorRecord {
    fn codes(&mut self, s: &str) {
        let mut rest = s;
        while let Some(i) = rest.find('[') {
            let Some(j) = rest[i..].find(']') else { break };
            let inner = rest[i + 1..i + j].trim();
            let mut parts = inner.split_whitespace();
            let code = parts.next().unwrap_or("");
            if parts.next().is_some() {
                self.dated = true;
            }
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
                self.country_code = true;
            } else if !code.is_empty() {
                self.other_code = true;
            }
            rest = &rest[i + j + 1..];
        }
    }
}

fn for_tsv(path: &Path, mut f: impl FnMut(usize, &[&str])) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        f(n + 1, &cols);
    }
    Ok(())
}

impl Gazetteer {
    /// Builds the lookup tables from compiled entries.
    pub fn from_entries(entries: &[(u64, u32)], starts: &[(u64, u32)]) -> Self {
        Gazetteer {
            phrases: U64Table::build(entries.iter().copied()),
            starts: U64Table::build(starts.iter().copied()),
        }
    }

    /// The list mask of exactly this phrase (raw tokens), 0 when absent.
    pub fn lookup(&self, tokens: &[String]) -> u32 {
        let keys: Vec<u64> = tokens.iter().map(|t| token_key(&fold(t))).collect();
        if keys.is_empty() || keys.len() > MAX_LEN {
            return 0;
        }
        self.phrases.get(phrase_key(&keys)).unwrap_or(0)
    }

    /// Finds every phrase match in a sentence of token keys; calls `f(start, len, mask)` for each.
    pub fn matches(&self, keys: &[u64], mut f: impl FnMut(usize, usize, u32)) {
        for i in 0..keys.len() {
            let Some(max) = self.starts.get(keys[i]) else {
                continue;
            };
            let max = (max as usize).min(keys.len() - i);
            let mut h = 0x1234_5678_9abc_def0u64;
            for len in 1..=max {
                h = combine(h, keys[i + len - 1]);
                if let Some(mask) = self.phrases.get(h) {
                    f(i, len, mask);
                }
            }
        }
    }
}

impl GazetteerBuilder {
    /// First-token hash → longest phrase length, sorted.
    pub fn starts(&self) -> Vec<(u64, u32)> {
        let mut m: BTreeMap<u64, u32> = BTreeMap::new();
        for toks in self.phrases.keys() {
            let k = token_key(&toks[0]);
            let e = m.entry(k).or_default();
            *e = (*e).max(toks.len() as u32);
        }
        m.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_tokenized_like_ud() {
        assert_eq!(
            phrase_tokens("AL-QAEDA_IN_IRAQ_"),
            vec!["al", "-", "qaeda", "in", "iraq"]
        );
        assert_eq!(phrase_tokens("Nicolás Maduro"), vec!["nicolas", "maduro"]);
    }

    #[test]
    fn matches_longest_and_shorter() {
        let mut b = GazetteerBuilder::default();
        b.add("New York", List::City);
        b.add("York", List::City);
        b.add("NICOLAS_MADURO", List::Person);
        let g = Gazetteer::from_entries(&b.entries(), &b.starts());
        let keys: Vec<u64> = ["in", "new", "york", "nicolas", "maduro"]
            .iter()
            .map(|t| token_key(t))
            .collect();
        let mut found = Vec::new();
        g.matches(&keys, |s, l, m| found.push((s, l, m)));
        assert_eq!(
            found,
            vec![
                (1, 2, 1 << List::City as u32),
                (2, 1, 1 << List::City as u32),
                (3, 2, 1 << List::Person as u32)
            ]
        );
    }

    #[test]
    fn actor_records_are_typed() {
        let dir = std::env::temp_dir().join(format!("sitrep-gaz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.actors.txt");
        std::fs::write(
            &p,
            "# comment\nVENEZUELA_ [VEN]\n+CARACAS_\nNICOLAS_MADURO\n+PRESIDENT_MADURO\n\t[VENGOV >060901]\nOPEC_ [IGOOPC]\n",
        )
        .unwrap();
        let mut b = GazetteerBuilder::default();
        b.add_actor_dictionary(&p).unwrap();
        let g = Gazetteer::from_entries(&b.entries(), &b.starts());
        let mask = |s: &[&str]| {
            let keys: Vec<u64> = s.iter().map(|t| token_key(t)).collect();
            let mut m = 0;
            g.matches(&keys, |st, l, mm| {
                if st == 0 && l == s.len() {
                    m = mm
                }
            });
            m
        };
        assert_eq!(mask(&["caracas"]), 1 << List::ActorPlace as u32);
        assert_eq!(mask(&["nicolas", "maduro"]), 1 << List::Person as u32);
        assert_eq!(mask(&["maduro"]), 1 << List::LastName as u32);
        assert_eq!(mask(&["opec"]), 1 << List::Org as u32);
        std::fs::remove_dir_all(&dir).ok();
    }
}
