//! CAMEO and country lookup tables for GDELT rows, compiled into `models/gdelt/`.
//!
//! GDELT's lookup files (CAMEO event codes with Goldstein values, actor
//! countries, types, known groups, ethnic groups and religions, and GeoNames'
//! FIPS/ISO country table) are compiled by [`compile`] into one small TSV,
//! `models/gdelt/lookups.tsv`, which is embedded into the binary so that GDELT
//! output needs nothing from `../shared` at run time.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The compiled table shipped with sitrep (see `models/README.md`).
const EMBEDDED: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/gdelt/lookups.tsv"));

/// The source files [`compile`] reads, in the order their records are written.
pub const SOURCE_FILES: [&str; 8] = [
    "cameoEvent.txt",
    "CAMEO.goldsteinscale.txt",
    "cameoCountry.txt",
    "cameoType.txt",
    "cameoGroup.txt",
    "cameoEthnic.txt",
    "cameoReligion.txt",
    "countryInfo.txt",
];

/// A lookup source file that could not be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {message}")]
    Parse { path: String, line: usize, message: String },
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCodeInfo {
    /// Goldstein value from GDELT's `CAMEO.goldsteinscale.txt`.
    pub goldstein: f64,
    /// Label from `CAMEO.eventcodes.txt`; empty for `106`, which has none.
    pub label: String,
}

/// One country in GeoNames' table, with its FIPS 10-4 and ISO codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub fips: String,
    pub iso2: String,
    pub iso3: String,
    pub name: String,
}

/// The attributes GDELT spreads a raw CAMEO actor code over (Events columns 8-15).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorAttributes {
    pub country: String,
    pub known_group: String,
    pub ethnic: String,
    pub religion1: String,
    pub religion2: String,
    pub type1: String,
    pub type2: String,
    pub type3: String,
}

/// The loaded tables.
#[derive(Debug, Default, Clone)]
pub struct Lookups {
    pub events: HashMap<String, EventCodeInfo>,
    pub countries: HashMap<String, String>,
    pub types: HashMap<String, String>,
    pub groups: HashMap<String, String>,
    pub ethnic: HashMap<String, String>,
    pub religions: HashMap<String, String>,
    pub fips: Vec<Country>,
    by_fips: HashMap<String, usize>,
    by_iso: HashMap<String, usize>,
}

/// The embedded tables, parsed once.
pub fn lookups() -> &'static Lookups {
    static L: OnceLock<Lookups> = OnceLock::new();
    L.get_or_init(|| Lookups::parse(EMBEDDED))
}

impl Lookups {
    /// Parses the compiled TSV written by [`compile`]; malformed lines are skipped
    /// (the shipped table is checked by the tests, so none are expected).
    pub fn parse(text: &str) -> Lookups {
        let mut l = Lookups::default();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let owned = |i: usize| f.get(i).map_or(String::new(), |s| s.to_string());
            match (f[0], f.len()) {
                ("event", 4) => {
                    if let Ok(g) = f[2].parse::<f64>() {
                        l.events.insert(owned(1), EventCodeInfo { goldstein: g, label: owned(3) });
                    }
                }
                ("country", 3) => drop(l.countries.insert(owned(1), owned(2))),
                ("type", 3) => drop(l.types.insert(owned(1), owned(2))),
                ("group", 3) => drop(l.groups.insert(owned(1), owned(2))),
                ("ethnic", 3) => drop(l.ethnic.insert(owned(1), owned(2))),
                ("religion", 3) => drop(l.religions.insert(owned(1), owned(2))),
                ("fips", 5) => {
                    let c = Country { fips: owned(1), iso2: owned(2), iso3: owned(3), name: owned(4) };
                    let i = l.fips.len();
                    if !c.fips.is_empty() {
                        l.by_fips.entry(c.fips.clone()).or_insert(i);
                    }
                    l.by_iso.entry(c.iso2.clone()).or_insert(i);
                    l.by_iso.entry(c.iso3.clone()).or_insert(i);
                    l.fips.push(c);
                }
                _ => {}
            }
        }
        l
    }

    /// Goldstein value of a CAMEO event code (`043` → 2.8).
    pub fn goldstein(&self, code: &str) -> Option<f64> {
        self.events.get(code).map(|e| e.goldstein)
    }

    /// The country with this FIPS 10-4 code.
    pub fn country_by_fips(&self, fips: &str) -> Option<&Country> {
        self.by_fips.get(fips).map(|&i| &self.fips[i])
    }

    /// The country with this ISO 3166 alpha-2 or alpha-3 code.
    pub fn country_by_iso(&self, iso: &str) -> Option<&Country> {
        self.by_iso.get(iso).map(|&i| &self.fips[i])
    }

    /// Spreads a raw CAMEO actor code (`IRNGOVMIL`, `IGOMOSOIC`, `menGOV`) over
    /// GDELT's attribute columns.
    ///
    /// The code is read in 3-letter chunks. A lowercase chunk (or one only the
    /// ethnic table knows) is the ethnic group; the first chunk the country table
    /// knows is the country (so `PSE` is Palestine and `JPNSHN` is Japan + Shinto);
    /// then known groups win over types (`IGOUNO` → group `UNO`, type `IGO`, as
    /// in real rows); then up to two religions and three types. Chunks no table
    /// knows (`REL` in `REL CLERIC`) stay in the code only, as in real rows.
    pub fn decompose(&self, code: &str) -> ActorAttributes {
        let mut a = ActorAttributes::default();
        if !is_actor_code(code) {
            return a;
        }
        for i in (0..code.len()).step_by(3) {
            let c = &code[i..i + 3];
            if c.bytes().all(|b| b.is_ascii_lowercase()) || (self.ethnic.contains_key(c) && !self.known_elsewhere(c)) {
                if a.ethnic.is_empty() {
                    a.ethnic = c.to_string();
                }
            } else if a.country.is_empty() && self.countries.contains_key(c) {
                a.country = c.to_string();
            } else if a.known_group.is_empty() && self.groups.contains_key(c) {
                a.known_group = c.to_string();
            } else if self.religions.contains_key(c) && (a.religion1.is_empty() || a.religion2.is_empty()) {
                let slot = if a.religion1.is_empty() { &mut a.religion1 } else { &mut a.religion2 };
                *slot = c.to_string();
            } else if self.types.contains_key(c) {
                for slot in [&mut a.type1, &mut a.type2, &mut a.type3] {
                    if slot.is_empty() {
                        *slot = c.to_string();
                        break;
                    }
                }
            }
        }
        a
    }

    fn known_elsewhere(&self, c: &str) -> bool {
        self.countries.contains_key(c)
            || self.groups.contains_key(c)
            || self.religions.contains_key(c)
            || self.types.contains_key(c)
    }
}

/// True for a raw CAMEO actor code: one or more 3-letter chunks.
pub fn is_actor_code(code: &str) -> bool {
    !code.is_empty() && code.as_bytes().chunks(3).all(|c| c.len() == 3 && c.iter().all(u8::is_ascii_alphabetic))
}

/// True for a CAMEO event code as GDELT prints it: 2 to 4 digits.
pub fn is_event_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// EventBaseCode: the first 3 digits of a 4-digit code, otherwise the code.
pub fn base_code(code: &str) -> &str {
    if code.len() == 4 {
        &code[..3]
    } else {
        code
    }
}

/// EventRootCode: always the first 2 digits (real rows, despite the codebook).
pub fn root_code(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// QuadClass as real rows derive it from the root: 01-05 → 1, 06-09 → 2, 10-14 → 3, 15-20 → 4.
pub fn quad_class(code: &str) -> Option<u8> {
    match root_code(code).parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// Compiles GDELT's lookup files in `dir` into the TSV that [`Lookups::parse`] reads.
///
/// Output lines: `event code goldstein label`, `country|type|group|ethnic|religion code label`,
/// and `fips FIPS ISO2 ISO3 name`. Duplicate codes keep their first entry.
pub fn compile(dir: &Path) -> Result<String, LookupError> {
    let read = |name: &str| -> Result<(String, String), LookupError> {
        let path = dir.join(name);
        let bytes =
            std::fs::read(&path).map_err(|source| LookupError::Io { path: path.display().to_string(), source })?;
        Ok((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
    };
    let mut out = String::new();
    out.push_str("# sitrep GDELT lookups, compiled by sitrep_sinks::gdelt::lookups::compile from GDELT's\n");
    out.push_str("# CAMEO lookup files and GeoNames countryInfo (sources and licences: models/README.md).\n");

    // Event codes: the Goldstein file is the list (it has 106, which has no label).
    let (lpath, labels_text) = read("cameoEvent.txt")?;
    let labels = two_columns(&lpath, &labels_text)?;
    let label_of: HashMap<&str, &str> = labels.iter().map(|(c, l)| (c.as_str(), l.as_str())).collect();
    let (gpath, gold_text) = read("CAMEO.goldsteinscale.txt")?;
    let mut seen = std::collections::HashSet::new();
    for (i, (code, g)) in two_columns(&gpath, &gold_text)?.into_iter().enumerate() {
        if !is_event_code(&code) {
            return Err(LookupError::Parse { path: gpath, line: i + 2, message: format!("bad event code {code:?}") });
        }
        let v: f64 = g.parse().map_err(|_| LookupError::Parse {
            path: gpath.clone(),
            line: i + 2,
            message: format!("bad Goldstein value {g:?}"),
        })?;
        if seen.insert(code.clone()) {
            let label = label_of.get(code.as_str()).copied().unwrap_or("");
            out.push_str(&format!("event\t{code}\t{}\t{}\n", crate::gdelt::num::g15(v), clean(label)));
        }
    }
    for (kind, file) in [
        ("country", "cameoCountry.txt"),
        ("type", "cameoType.txt"),
        ("group", "cameoGroup.txt"),
        ("ethnic", "cameoEthnic.txt"),
        ("religion", "cameoReligion.txt"),
    ] {
        let (path, text) = read(file)?;
        let mut seen = std::collections::HashSet::new();
        for (i, (code, label)) in two_columns(&path, &text)?.into_iter().enumerate() {
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(LookupError::Parse { path, line: i + 2, message: format!("bad CAMEO code {code:?}") });
            }
            if seen.insert(code.clone()) {
                out.push_str(&format!("{kind}\t{code}\t{}\n", clean(&label)));
            }
        }
    }
    let (cpath, ctext) = read("countryInfo.txt")?;
    for (i, line) in ctext.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("ISO\t") || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 || f[0].len() != 2 || f[1].len() != 3 {
            return Err(LookupError::Parse {
                path: cpath,
                line: i + 1,
                message: "expected ISO, ISO3, ISO-Numeric, fips, Country".into(),
            });
        }
        out.push_str(&format!("fips\t{}\t{}\t{}\t{}\n", f[3], f[0], f[1], clean(f[4])));
    }
    Ok(out)
}

/// `CODE<TAB>LABEL` lines after a header line.
fn two_columns(path: &str, text: &str) -> Result<Vec<(String, String)>, LookupError> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((code, label)) = line.split_once('\t') else {
            return Err(LookupError::Parse {
                path: path.to_string(),
                line: i + 1,
                message: "expected CODE<TAB>LABEL".into(),
            });
        };
        rows.push((code.trim().to_string(), label.trim().to_string()));
    }
    Ok(rows)
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposes_codes_like_real_rows() {
        let l = lookups();
        let d = l.decompose("IRNGOVMIL");
        assert_eq!((d.country.as_str(), d.type1.as_str(), d.type2.as_str()), ("IRN", "GOV", "MIL"));
        let d = l.decompose("IGOUNO");
        assert_eq!((d.known_group.as_str(), d.type1.as_str()), ("UNO", "IGO"));
        let d = l.decompose("IMGMOSALQ");
        assert_eq!((d.type1.as_str(), d.religion1.as_str(), d.known_group.as_str()), ("IMG", "MOS", "ALQ"));
        let d = l.decompose("MNCUSAMED");
        assert_eq!((d.type1.as_str(), d.country.as_str(), d.type2.as_str()), ("MNC", "USA", "MED"));
        let d = l.decompose("menGOV");
        assert_eq!((d.ethnic.as_str(), d.type1.as_str(), d.country.as_str()), ("men", "GOV", ""));
        assert_eq!(l.decompose("REL"), ActorAttributes::default());
        assert_eq!(l.decompose("JPNSHN").religion1, "SHN");
        assert_eq!(l.decompose("PSE").country, "PSE");
        assert_eq!(l.decompose("IRN-"), ActorAttributes::default());
    }

    #[test]
    fn event_code_functions() {
        assert_eq!(base_code("1823"), "182");
        assert_eq!(base_code("043"), "043");
        assert_eq!(root_code("043"), "04");
        assert_eq!(quad_class("090"), Some(2));
        assert_eq!(quad_class("145"), Some(3));
        assert_eq!(quad_class("15"), Some(4));
        assert_eq!(quad_class("21"), None);
        let l = lookups();
        assert_eq!(l.goldstein("043"), Some(2.8));
        assert_eq!(l.goldstein("0874"), Some(10.0));
        assert_eq!(l.goldstein("183"), Some(-10.0));
        assert_eq!(l.goldstein("14"), Some(-6.5));
        assert!(l.goldstein("106").is_some());
        assert_eq!(l.events.len(), 311);
    }

    #[test]
    fn countries() {
        let l = lookups();
        assert_eq!(l.country_by_iso("VEN").map(|c| c.fips.as_str()), Some("VE"));
        assert_eq!(l.country_by_iso("AT").map(|c| c.fips.as_str()), Some("AU"));
        assert_eq!(l.country_by_fips("UP").map(|c| c.name.as_str()), Some("Ukraine"));
    }
}
