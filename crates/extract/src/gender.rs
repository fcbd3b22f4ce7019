//! Whether a named person is a man or a woman, so that "he" and "she" find the right speaker.
//!
//! Two kinds of evidence, both from how news is written:
//! - inside a document, an honorific before a surname ("Mr. Trump", "Ms. Pelosi");
//! - across documents, a given-name table learned by [`build`] from the news corpus:
//!   "Nancy Pelosi" in an article that also writes "Ms. Pelosi" counts once for "Nancy"
//!   as a woman's name. An article naming two people with one surname ("Donald Trump",
//!   "Melania Trump") says nothing about either, so couples do not teach each other's gender.
//!
//! Nothing is known about most names; callers only rule out a candidate whose gender is
//! known and differs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::BufRead;
use std::path::Path;

use crate::lex::{Kind, Prepared};
use crate::ExtractError;

/// A person's gender as a pronoun shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// The gender a singular third-person pronoun refers to, if any.
    pub fn of_pronoun(lower: &str) -> Option<Gender> {
        match lower {
            "he" | "him" | "his" => Some(Gender::Male),
            "she" | "her" | "hers" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// File name of the given-name table inside `models/extract/`.
pub const FILE: &str = "given_names.tsv";

/// Given names (lower-cased) whose gender the news corpus shows.
#[derive(Debug, Clone, Default)]
pub struct GivenNames {
    map: HashMap<String, Gender>,
}

impl GivenNames {
    /// Reads `models_dir/extract/given_names.tsv`; a models directory without it knows no names.
    pub fn load(models_dir: &Path) -> Result<Self, ExtractError> {
        let path = models_dir.join("extract").join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(GivenNames::default()),
            Err(e) => return Err(ExtractError(format!("{}: {e}", path.display()))),
        };
        let mut map = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(name), Some(g)) = (f.next(), f.next()) else {
                return Err(ExtractError(format!("{}:{}: expected name<TAB>M|F", path.display(), n + 1)));
            };
            let g = match g {
                "M" => Gender::Male,
                "F" => Gender::Female,
                other => return Err(ExtractError(format!("{}:{}: gender {other:?} is not M or F", path.display(), n + 1))),
            };
            map.insert(name.to_string(), g);
        }
        Ok(GivenNames { map })
    }

    /// The gender of a given name (any case), if the corpus showed one.
    pub fn gender(&self, given: &str) -> Option<Gender> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&given.to_lowercase()).copied()
    }

    /// Number of names known.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no name is known.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The honorific at word `i` ("Mr", "Mrs.", "Ms", "Miss"), as a gender.
fn honorific(p: &Prepared<'_>, i: usize) -> Option<Gender> {
    match p.l(i) {
        "mr" | "messrs" => Some(Gender::Male),
        "mrs" | "ms" | "miss" => Some(Gender::Female),
        _ => None,
    }
}

/// Surnames (lower-cased) that follow an honorific in this document, with its gender;
/// a surname written with both ("Mr. Trump", "Mrs. Trump") is left out.
pub(crate) fn honorifics(p: &Prepared<'_>) -> HashMap<String, Gender> {
    let mut out: HashMap<String, Option<Gender>> = HashMap::new();
    for i in 0..p.words.len() {
        let Some(g) = honorific(p, i) else { continue };
        let mut j = i + 1;
        if p.punct(j, '.') {
            j += 1;
        }
        let Some(w) = p.words.get(j) else { continue };
        if w.kind != Kind::Alpha || !w.cap {
            continue;
        }
        out.entry(p.l(j).to_string())
            .and_modify(|o| {
                if *o != Some(g) {
                    *o = None
                }
            })
            .or_insert(Some(g));
    }
    out.into_iter().filter_map(|(k, g)| Some((k, g?))).collect()
}

/// One document's gender evidence: its honorifics and the corpus's given names.
pub(crate) struct Genders<'g> {
    pub given: &'g GivenNames,
    pub honorific: HashMap<String, Gender>,
}

impl<'g> Genders<'g> {
    pub fn new(given: &'g GivenNames, p: &Prepared<'_>) -> Self {
        Genders { given, honorific: honorifics(p) }
    }

    /// The gender of the person named by words `[s, e)`: an honorific right before the
    /// name, else its given name, else what the document's honorifics and full names
    /// (`chunks`) with that surname agree on.
    pub fn of_name(&self, p: &Prepared<'_>, (s, e): (usize, usize), chunks: &[(usize, usize)]) -> Option<Gender> {
        if e <= s {
            return None;
        }
        let before = if s >= 2 && p.punct(s - 1, '.') { s - 2 } else { s.wrapping_sub(1) };
        if let Some(g) = (before < p.words.len()).then(|| honorific(p, before)).flatten() {
            return Some(g);
        }
        // Titles a recognizer kept inside the span: "Attorney General William Barr".
        let mut s = s;
        while s + 1 < e && (crate::names::TITLES.contains(&p.l(s).trim_end_matches('.')) || p.punct(s, '.')) {
            s += 1;
        }
        if e - s >= 2 {
            return self.given.gender(p.w(s));
        }
        // A bare surname: the given names the document writes with it must agree, and with
        // the honorific if any. "Clinton" beside "Hillary Clinton" and "Mr. Clinton" says nothing,
        // nor does "Trump" beside "Melania Trump", whose given name the table does not know.
        let surname = p.l(e - 1);
        let hon = self.honorific.get(surname).copied();
        let mut seen: Option<Gender> = None;
        for &(a, b) in chunks {
            if b - a < 2 || p.l(b - 1) != surname {
                continue;
            }
            let g = self.given.gender(p.w(a))?;
            if seen.is_some_and(|x| x != g) {
                return None;
            }
            seen = Some(g);
        }
        match (seen, hon) {
            (Some(g), Some(h)) => (g == h).then_some(g),
            (Some(g), None) | (None, Some(g)) => Some(g),
            (None, None) => None,
        }
    }
}

/// Learns the given-name table from news JSONL files (a `text` field per line) and
/// writes it to `out`: names seen at least `min` times, 90 % or more with one gender.
/// Returns the number of names written.
pub fn build(news: &[&Path], out: &Path, min: u32) -> Result<usize, ExtractError> {
    let mut counts: BTreeMap<String, [u32; 2]> = BTreeMap::new();
    for path in news {
        let file = std::fs::File::open(path).map_err(|e| ExtractError(format!("{}: {e}", path.display())))?;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| ExtractError(format!("{}:{}: {e}", path.display(), n + 1)))?;
            let v: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| ExtractError(format!("{}:{}: {e}", path.display(), n + 1)))?;
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
            count_document(&Prepared::from_text(text), &mut counts);
        }
    }
    let mut body = String::from(
        "# sitrep given names: gender shown by honorifics (Mr./Ms./Mrs.) on the same surname in one article of\n\
         # ../shared/data/corpora/news (see SOURCES.md there); built by `sitrep train extract`. name<TAB>M|F<TAB>men<TAB>women\n",
    );
    let mut n = 0;
    for (name, [m, f]) in &counts {
        let total = m + f;
        if total < min {
            continue;
        }
        let g = if *m * 10 >= total * 9 {
            "M"
        } else if *f * 10 >= total * 9 {
            "F"
        } else {
            continue;
        };
        let _ = writeln!(body, "{name}\t{g}\t{m}\t{f}");
        n += 1;
    }
    std::fs::write(out, body).map_err(|e| ExtractError(format!("{}: {e}", out.display())))?;
    Ok(n)
}

/// Adds one document's evidence: "Given Surname" where the document writes the surname
/// after an honorific and names nobody else with that surname.
fn count_document(p: &Prepared<'_>, counts: &mut BTreeMap<String, [u32; 2]>) {
    let hon = honorifics(p);
    if hon.is_empty() {
        return;
    }
    let name_word = |i: usize| p.words.get(i).is_some_and(|w| w.kind == Kind::Alpha && w.cap);
    // Where each honorific surname is first written: news names a person in full there
    // ("Nancy Pelosi", then "Ms. Pelosi"); a first mention with a title instead ("President
    // Trump") leaves a later "Melania Trump" unexplained.
    let mut first: HashMap<&str, usize> = HashMap::new();
    for i in 0..p.words.len() {
        if name_word(i) && hon.contains_key(p.l(i)) {
            first.entry(p.l(i)).or_insert(i);
        }
    }
    // surname -> given names seen before it
    let mut given: HashMap<&str, HashSet<String>> = HashMap::new();
    for i in 0..p.words.len().saturating_sub(1) {
        let sur = p.l(i + 1);
        if !hon.contains_key(sur) || !name_word(i) || !name_word(i + 1) || name_word(i + 2) {
            continue;
        }
        if first.get(sur) != Some(&(i + 1)) {
            continue;
        }
        let g = p.l(i);
        if g.len() < 2
            || !g.chars().all(|c| c.is_ascii_alphabetic())
            || honorific(p, i).is_some()
            || crate::names::TITLES.contains(&g)
            || crate::names::FUNCTION_CAPS.contains(&g)
        {
            continue;
        }
        given.entry(sur).or_default().insert(g.to_string());
    }
    for (sur, names) in given {
        if names.len() != 1 {
            continue;
        }
        let k = usize::from(hon[sur] == Gender::Female);
        for g in names {
            counts.entry(g).or_default()[k] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honorifics_and_given_names_from_one_article() {
        let text = "Nancy Pelosi met Donald Trump. Ms. Pelosi said no. Mr. Trump left. Melania Trump stayed. \
                    President Smith spoke. Jill Smith, Mr. Smith's wife, smiled.";
        let p = Prepared::from_text(text);
        let h = honorifics(&p);
        assert_eq!(h.get("pelosi"), Some(&Gender::Female));
        assert_eq!(h.get("trump"), Some(&Gender::Male));
        let mut counts = BTreeMap::new();
        count_document(&p, &mut counts);
        // Only the full name at the surname's first mention counts: Donald, not Melania.
        assert_eq!(counts.get("nancy"), Some(&[0, 1]));
        assert_eq!(counts.get("donald"), Some(&[1, 0]));
        assert_eq!(counts.get("melania"), None);
        // A surname first written after a title: the given name later is someone else's.
        assert_eq!(counts.get("jill"), None);
    }
}
