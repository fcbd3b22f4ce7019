//! Compiles the extractors' resources into `models/extract/` (`sitrep train extract`).
//!
//! - `gazetteer.tsv.gz`: GeoNames countries (with mledoze demonyms via
//!   `countries_combined.tsv`), first-level divisions and cities of 15,000+
//!   people, keyed by lexer-normalized lowercase names. Single-word names that
//!   the news corpus mostly writes in lowercase (`mobile`, `split`) or inside
//!   longer capitalized names (`Jackson` in `Andrew Jackson`) are marked so the
//!   matcher takes them only after a locative preposition.
//! - `tone_lexicon.tsv`: word valences from the VADER lexicon (MIT).
//! - `themes.tsv`: our theme rules plus the GKG taxonomy labels that spell their keyword.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::path::Path;

use crate::lex::{self, Kind};
use crate::places::push_lower;
use crate::ExtractError;

/// Our hand-written theme rules.
pub const THEME_RULES: &str = include_str!("../data/theme_rules.txt");

fn err(path: &Path, e: impl std::fmt::Display) -> ExtractError {
    ExtractError(format!("{}: {e}", path.display()))
}

fn read(path: &Path) -> Result<String, ExtractError> {
    std::fs::read_to_string(path).map_err(|e| err(path, e))
}

/// The lookup key of a name: its lexer words, lowercased, joined by spaces.
pub(crate) fn key(name: &str) -> String {
    let words = lex::lex(name);
    let mut k = String::with_capacity(name.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        push_lower(&mut k, &name[w.span.start..w.span.end]);
    }
    k
}

struct GEntry {
    geo_type: u8,
    fips: String,
    adm1: String,
    lat: f64,
    lon: f64,
    /// Ranking weight: population, ×10 for national capitals.
    rank: u64,
    geonames_id: Option<u64>,
    feature_id: String,
    full_name: String,
}

/// What `build_gazetteer` wrote.
#[derive(Debug, Clone, Copy)]
pub struct GazetteerStats {
    pub entries: usize,
    pub names: usize,
    pub common: usize,
    pub bytes: u64,
}

/// Words never taken as place names, whatever the gazetteer says.
const NEVER: &[&str] = &[
    "of",
    "the",
    "a",
    "an",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "by",
    "for",
    "as",
    "is",
    "it",
    "he",
    "she",
    "we",
    "they",
    "but",
    "not",
    "no",
    "so",
    "if",
    "said",
    "says",
    "say",
    "man",
    "men",
    "police",
    "bar",
    "best",
    "sale",
    "mobile",
    "central",
    "north",
    "south",
    "east",
    "west",
    "union",
    "independence",
    "liberty",
    "victoria",
    "president",
    "university",
    "republic",
    "trump",
    "mercedes",
    "opera",
    "hope",
    "faith",
    "paradise",
    "commerce",
    "industry",
    "enterprise",
    "progress",
    "concord",
    "justice",
    "prairie",
    "golden",
    "eagle",
    "orange",
    "bush",
    "obama",
    "kennedy",
    "clinton",
    "march",
    "may",
    "june",
    "august",
    "april",
    "date",
    "gap",
    "split",
    "nice",
    "reading",
    "bath",
    "wells",
    "deal",
    "cuba city",
];

fn is_latin_name(s: &str) -> bool {
    let first = s.chars().next();
    first.is_some_and(|c| c.is_uppercase())
        && s.chars().all(|c| {
            c.is_alphabetic() && (c as u32) < 0x250 || matches!(c, ' ' | '-' | '\'' | '.' | '’')
        })
        && !s.chars().all(|c| !c.is_lowercase())
        && (3..=40).contains(&s.chars().count())
        && s.split(' ').count() <= 4
}

/// Plural forms of a demonym (`Iranian` → `Iranians`, `Iraqi` → `Iraqis`).
fn demonym_plural(d: &str) -> Option<String> {
    if d.ends_with("an") || d.ends_with('i') || d.ends_with("ite") {
        Some(format!("{d}s"))
    } else {
        None
    }
}

/// Compiles the gazetteer from `gazetteer_dir` (the shared `corpora/gazetteer`) into `out`.
///
/// `news` (a JSONL file with a `text` field) gives the case statistics that
/// mark common-word names; without it only the built-in list applies.
pub fn build_gazetteer(
    gazetteer_dir: &Path,
    news: Option<&Path>,
    out: &Path,
) -> Result<GazetteerStats, ExtractError> {
    let mut entries: Vec<GEntry> = Vec::new();
    // key → (is country name, is demonym, entry ids)
    let mut names: BTreeMap<String, (bool, bool, Vec<u32>)> = BTreeMap::new();
    let add_name = |names: &mut BTreeMap<String, (bool, bool, Vec<u32>)>,
                    name: &str,
                    id: u32,
                    country: bool,
                    demonym: bool| {
        let k = key(name);
        if k.is_empty() || NEVER.contains(&k.as_str()) {
            return;
        }
        let e = names.entry(k).or_insert((false, false, Vec::new()));
        e.0 |= country;
        e.1 |= demonym;
        if !e.2.contains(&id) {
            e.2.push(id);
        }
    };

    // Countries.
    let cpath = gazetteer_dir.join("countries_combined.tsv");
    let ctext = read(&cpath)?;
    let mut header: Vec<&str> = Vec::new();
    let mut iso_to_fips: HashMap<String, String> = HashMap::new();
    let mut iso_to_name: HashMap<String, String> = HashMap::new();
    for (n, line) in ctext.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if n == 0 {
            header = f;
            continue;
        }
        let col = |name: &str| {
            header
                .iter()
                .position(|h| *h == name)
                .and_then(|i| f.get(i))
                .copied()
                .unwrap_or("")
        };
        let (iso, fips, name) = (col("iso2"), col("fips10_4"), col("name_geonames"));
        // Defunct entries (Serbia and Montenegro, Netherlands Antilles) have no coordinates.
        if iso.is_empty() || fips.is_empty() || name.is_empty() || col("lat").is_empty() {
            continue;
        }
        iso_to_fips.insert(iso.to_string(), fips.to_string());
        iso_to_name.insert(iso.to_string(), name.to_string());
        let id = entries.len() as u32;
        let parse_f = |s: &str| {
            s.parse::<f64>()
                .map_err(|_| err(&cpath, format!("line {}: bad number {s:?}", n + 1)))
        };
        entries.push(GEntry {
            geo_type: 1,
            fips: fips.to_string(),
            adm1: fips.to_string(),
            lat: parse_f(col("lat"))?,
            lon: parse_f(col("lon"))?,
            rank: col("population").parse().unwrap_or(0),
            geonames_id: col("geonameid").parse().ok(),
            feature_id: fips.to_string(),
            full_name: name.to_string(),
        });
        for nm in [name, col("name_common"), col("name_official")] {
            if !nm.is_empty() {
                add_name(&mut names, nm, id, true, false);
            }
        }
        for alt in col("alt_spellings")
            .split('|')
            .filter(|a| a.chars().count() >= 3)
        {
            // Codes such as `USA`, `UAE` are fine; lowercase-only spellings are not names.
            if alt.chars().next().is_some_and(|c| c.is_uppercase()) {
                add_name(&mut names, alt, id, true, false);
            }
        }
        for d in [col("demonym_eng_m"), col("demonym_eng_f")] {
            if d.is_empty() {
                continue;
            }
            add_name(&mut names, d, id, false, true);
            if let Some(pl) = demonym_plural(d) {
                add_name(&mut names, &pl, id, false, true);
            }
        }
    }
    // Common English forms GeoNames and mledoze leave out.
    let extra: &[(&str, &[&str], &[&str])] = &[
        (
            "US",
            &[
                "U.S.",
                "U.S.A.",
                "US",
                "USA",
                "America",
                "United States of America",
            ],
            &["Americans"],
        ),
        (
            "GB",
            &[
                "U.K.",
                "UK",
                "Britain",
                "Great Britain",
                "England",
                "Scotland",
                "Wales",
            ],
            &["Britons", "Brits", "English", "Scottish", "Welsh"],
        ),
        ("KR", &["S. Korea"], &[]),
        ("KP", &["N. Korea"], &["North Korean", "North Koreans"]),
        ("NL", &["Holland"], &["Dutch"]),
        ("MM", &["Burma"], &["Burmese"]),
        ("CI", &["Ivory Coast"], &[]),
        ("CZ", &["Czech Republic"], &[]),
        (
            "PS",
            &["Palestine", "Gaza", "West Bank"],
            &["Palestinian", "Palestinians"],
        ),
        ("CD", &["DR Congo", "DRC"], &[]),
        ("AE", &["UAE", "U.A.E."], &["Emiratis"]),
        ("SA", &["Saudi"], &["Saudis"]),
        ("VA", &["Vatican"], &[]),
    ];
    for (iso, alts, dems) in extra {
        let Some(fips) = iso_to_fips.get(*iso) else {
            continue;
        };
        let Some(id) = entries
            .iter()
            .position(|e| e.geo_type == 1 && &e.fips == fips)
        else {
            continue;
        };
        for a in *alts {
            add_name(&mut names, a, id as u32, true, false);
        }
        for d in *dems {
            add_name(&mut names, d, id as u32, false, true);
        }
    }

    // ADM1 centroids and populations from the cities5000 table.
    let c5path = gazetteer_dir.join("cities5000_compact.tsv");
    let mut adm1_acc: HashMap<String, (f64, f64, f64)> = HashMap::new();
    for line in read(&c5path)?.lines() {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            continue;
        }
        let (Ok(lat), Ok(lon), Ok(pop)) = (
            f[2].parse::<f64>(),
            f[3].parse::<f64>(),
            f[6].parse::<f64>(),
        ) else {
            continue;
        };
        let a = adm1_acc
            .entry(format!("{}.{}", f[4], f[5]))
            .or_insert((0.0, 0.0, 0.0));
        a.0 += lat * pop;
        a.1 += lon * pop;
        a.2 += pop;
    }

    // First-level divisions.
    let a1path = gazetteer_dir.join("admin1CodesASCII.txt");
    let mut adm1_names: HashMap<String, String> = HashMap::new();
    for line in read(&a1path)?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let (code, name, ascii) = (f[0], f[1], f[2]);
        adm1_names.insert(code.to_string(), name.to_string());
        let Some((iso, sub)) = code.split_once('.') else {
            continue;
        };
        let (Some(fips), Some(cname)) = (iso_to_fips.get(iso), iso_to_name.get(iso)) else {
            continue;
        };
        let Some(&(la, lo, pop)) = adm1_acc.get(code) else {
            continue;
        };
        if pop <= 0.0 {
            continue;
        }
        let us = iso == "US";
        let id = entries.len() as u32;
        entries.push(GEntry {
            geo_type: if us { 2 } else { 5 },
            fips: fips.clone(),
            adm1: format!("{fips}{sub}"),
            lat: la / pop,
            lon: lo / pop,
            rank: pop as u64,
            geonames_id: f[3].parse().ok(),
            feature_id: if us {
                sub.to_string()
            } else {
                f[3].to_string()
            },
            full_name: format!("{name}, {cname}"),
        });
        for nm in [name, ascii] {
            add_name(&mut names, nm, id, false, false);
            for v in adm1_variants(nm) {
                add_name(&mut names, &v, id, false, false);
            }
        }
    }

    // Cities.
    let cpath = gazetteer_dir.join("cities15000.txt");
    let file = std::fs::File::open(&cpath).map_err(|e| err(&cpath, e))?;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| err(&cpath, format!("line {}: {e}", n + 1)))?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 {
            continue;
        }
        let (gid, name, ascii, alts, fcode, iso, a1) = (f[0], f[1], f[2], f[3], f[7], f[8], f[10]);
        let (Some(fips), Some(cname)) = (iso_to_fips.get(iso), iso_to_name.get(iso)) else {
            continue;
        };
        let (Ok(lat), Ok(lon)) = (f[4].parse::<f64>(), f[5].parse::<f64>()) else {
            continue;
        };
        let pop: u64 = f[14].parse().unwrap_or(0);
        let us = iso == "US";
        let a1name = adm1_names.get(&format!("{iso}.{a1}"));
        let full_name = match a1name {
            Some(a) if a != name => format!("{name}, {a}, {cname}"),
            Some(_) => format!("{name}, {name}, {cname}"),
            None => format!("{name}, {cname}"),
        };
        let capital = fcode == "PPLC";
        let id = entries.len() as u32;
        entries.push(GEntry {
            geo_type: if us { 3 } else { 4 },
            fips: fips.clone(),
            adm1: if a1.is_empty() || a1 == "00" {
                fips.clone()
            } else {
                format!("{fips}{a1}")
            },
            lat,
            lon,
            rank: if capital { pop.saturating_mul(10) } else { pop },
            geonames_id: gid.parse().ok(),
            feature_id: gid.to_string(),
            full_name,
        });
        add_name(&mut names, name, id, false, false);
        if ascii != name {
            add_name(&mut names, ascii, id, false, false);
        }
        if pop >= 100_000 || capital || fcode == "PPLA" {
            let mut seen = HashSet::new();
            for alt in alts.split(',').filter(|a| is_latin_name(a)) {
                if seen.insert(alt) && alt != name && alt != ascii {
                    add_name(&mut names, alt, id, false, false);
                }
            }
        }
    }

    // Case statistics of single-word names in the news corpus.
    let stats = match news {
        Some(path) => Some(case_stats(path, &names)?),
        None => None,
    };

    // Write.
    let mut body = String::with_capacity(8 << 20);
    let _ = writeln!(body, "# sitrep gazetteer: built by `sitrep train extract` from GeoNames (CC BY 4.0, geonames.org) and mledoze/countries demonyms (ODbL 1.0).");
    let _ = writeln!(body, "# E type fips adm1 lat lon rank geonameid feature_id full_name | N key kind(n name, d demonym, c common word) entries");
    for e in &entries {
        let _ = writeln!(
            body,
            "E\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}",
            e.geo_type,
            e.fips,
            e.adm1,
            e.lat,
            e.lon,
            e.rank,
            e.geonames_id.map(|g| g.to_string()).unwrap_or_default(),
            e.feature_id,
            e.full_name.replace('\t', " ")
        );
    }
    let mut common = 0;
    let mut count = 0;
    for (k, (country, demonym, mut ids)) in names {
        ids.sort_by_key(|&i| {
            let e = &entries[i as usize];
            (e.geo_type != 1, std::cmp::Reverse(e.rank))
        });
        ids.truncate(12);
        let kind = if country {
            'n'
        } else if demonym {
            'd'
        } else if !k.contains(' ')
            && stats
                .as_ref()
                .is_some_and(|s| s.get(&k).is_some_and(|c| c.common()))
        {
            common += 1;
            'c'
        } else {
            'n'
        };
        let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        let _ = writeln!(body, "N\t{k}\t{kind}\t{}", list.join(","));
        count += 1;
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    }
    let file = std::fs::File::create(out).map_err(|e| err(out, e))?;
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::best());
    gz.write_all(body.as_bytes()).map_err(|e| err(out, e))?;
    gz.finish()
        .and_then(|mut w| w.flush())
        .map_err(|e| err(out, e))?;
    let bytes = std::fs::metadata(out).map_err(|e| err(out, e))?.len();
    Ok(GazetteerStats {
        entries: entries.len(),
        names: count,
        common,
        bytes,
    })
}

/// Region names without their administrative words (`Tehran Province` → `Tehran`).
fn adm1_variants(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for suf in [
        " Province",
        " Region",
        " Governorate",
        " State",
        " Oblast",
        " Prefecture",
        " County",
        " Department",
        " District",
        " Territory",
    ] {
        if let Some(s) = name.strip_suffix(suf) {
            out.push(s.to_string());
        }
    }
    for pre in [
        "Provincia de ",
        "Provincia del ",
        "Estado ",
        "Estado de ",
        "State of ",
        "Ostan-e ",
        "Muhafazat ",
        "Departamento de ",
        "Región de ",
        "Province of ",
    ] {
        if let Some(s) = name.strip_prefix(pre) {
            out.push(s.to_string());
        }
    }
    out
}

#[derive(Debug, Default, Clone, Copy)]
struct CaseCount {
    lower: u32,
    cap_alone: u32,
    cap_in_name: u32,
}

impl CaseCount {
    /// Mostly a common word, or mostly part of longer names (a surname).
    fn common(&self) -> bool {
        (self.lower >= 3 && self.lower > self.cap_alone)
            || (self.cap_in_name >= 5 && self.cap_in_name > 2 * self.cap_alone)
    }
}

fn case_stats(
    path: &Path,
    names: &BTreeMap<String, (bool, bool, Vec<u32>)>,
) -> Result<HashMap<String, CaseCount>, ExtractError> {
    let mut stats: HashMap<String, CaseCount> = names
        .iter()
        .filter(|(k, v)| !k.contains(' ') && !v.0 && !v.1)
        .map(|(k, _)| (k.clone(), CaseCount::default()))
        .collect();
    let file = std::fs::File::open(path).map_err(|e| err(path, e))?;
    let mut buf = String::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| err(path, format!("line {}: {e}", n + 1)))?;
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| err(path, format!("line {}: {e}", n + 1)))?;
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
            continue;
        };
        let p = lex::Prepared::from_text(text);
        for i in 0..p.words.len() {
            let w = &p.words[i];
            if w.kind != Kind::Alpha {
                continue;
            }
            buf.clear();
            push_lower(&mut buf, p.w(i));
            let Some(c) = stats.get_mut(buf.as_str()) else {
                continue;
            };
            if !w.cap {
                c.lower += 1;
                continue;
            }
            if p.sentence_initial(i) {
                continue;
            }
            let capn = |j: usize| {
                p.words
                    .get(j)
                    .is_some_and(|x| x.kind == Kind::Alpha && x.cap)
            };
            let prev_cap = i > 0
                && capn(i - 1)
                && !p.sentence_initial(i - 1)
                && !crate::names::FUNCTION_CAPS.contains(&p.l(i - 1));
            if prev_cap || capn(i + 1) {
                c.cap_in_name += 1;
            } else {
                c.cap_alone += 1;
            }
        }
    }
    Ok(stats)
}

/// Compiles the VADER lexicon (`vader_lexicon.txt`: word, mean, sd, ratings) into `out`.
pub fn build_tone(vader: &Path, out: &Path) -> Result<usize, ExtractError> {
    let text = read(vader)?;
    let mut body = String::new();
    let _ = writeln!(body, "# sitrep tone lexicon: word valences from VADER (vaderSentiment 3.3.2, vader_lexicon.txt), MIT licence, (c) 2016 C.J. Hutto.");
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        let mut f = line.split('\t');
        let (Some(w), Some(v)) = (f.next(), f.next()) else {
            continue;
        };
        // Only words the lexer can produce (no emoticons).
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            || w.is_empty()
        {
            continue;
        }
        let v: f32 = v
            .parse()
            .map_err(|_| err(vader, format!("line {}: bad valence {v:?}", i + 1)))?;
        if v.abs() < 0.5 {
            continue;
        }
        let _ = writeln!(body, "{}\t{v}", w.to_lowercase());
        n += 1;
    }
    std::fs::write(out, body).map_err(|e| err(out, e))?;
    Ok(n)
}

/// Taxonomy families whose label suffix is the keyword, with how many labels to take.
const TAXONOMIES: &[(&str, usize)] = &[
    ("TAX_FNCACT_", 600),
    ("TAX_ETHNICITY_", 300),
    ("TAX_WORLDLANGUAGES_", 200),
    ("TAX_WORLDMAMMALS_", 60),
    ("TAX_DISEASE_", 150),
    ("TAX_WEAPONS_", 80),
    ("TAX_MILITARY_TITLE_", 60),
    ("TAX_RELIGION_", 60),
    ("TAX_POLITICAL_PARTY_", 100),
    ("TAX_TERROR_GROUP_", 80),
    ("SOC_POINTSOFINTEREST_", 60),
    ("TAX_FOODSTAPLES_", 40),
    ("ECON_WORLDCURRENCIES_", 60),
    ("TAX_AIDGROUPS_", 60),
];

/// Compiles our theme rules and the taxonomy keywords into `out`; returns the number of labels.
///
/// `lookup` is GDELT's `LOOKUP-GKGTHEMES.txt` (label, frequency): rule labels
/// missing from it are dropped, and taxonomy labels are taken from it in
/// frequency order.
pub fn build_themes(lookup: &Path, out: &Path) -> Result<usize, ExtractError> {
    let text = read(lookup)?;
    let mut known: HashSet<&str> = HashSet::new();
    let mut ordered: Vec<&str> = Vec::new();
    for line in text.lines() {
        if let Some(label) = line.split('\t').next().filter(|l| !l.is_empty()) {
            known.insert(label);
            ordered.push(label);
        }
    }
    let mut rules: Vec<(String, Vec<String>)> = Vec::new();
    for (n, line) in THEME_RULES.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (label, phrases) = line.split_once(':').ok_or_else(|| {
            ExtractError(format!(
                "crates/extract/data/theme_rules.txt:{}: expected `LABEL: phrases`",
                n + 1
            ))
        })?;
        if !known.contains(label.trim()) {
            eprintln!(
                "theme_rules.txt:{}: {} is not a GKG theme; skipped",
                n + 1,
                label.trim()
            );
            continue;
        }
        rules.push((
            label.trim().to_string(),
            phrases
                .split(',')
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect(),
        ));
    }
    let mut parents: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut taken: HashMap<&str, usize> = HashMap::new();
    for label in &ordered {
        for (prefix, max) in TAXONOMIES {
            let Some(suffix) = label.strip_prefix(prefix) else {
                continue;
            };
            let t = taken.entry(prefix).or_default();
            if *t >= *max {
                continue;
            }
            let kw = suffix.to_lowercase().replace('_', " ");
            if kw.len() < 3 || kw.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            *t += 1;
            rules.push((label.to_string(), vec![kw.clone()]));
            let parent = prefix.trim_end_matches('_');
            if known.contains(parent) {
                parents.entry(parent.to_string()).or_default().push(kw);
            }
        }
    }
    for (p, kws) in parents {
        rules.push((p, kws));
    }
    let mut body = String::new();
    let _ = writeln!(body, "# sitrep GKG theme rules: LABEL<TAB>phrase|phrase. Compiled by `sitrep train extract` from crates/extract/data/theme_rules.txt and the taxonomy labels of GDELT's LOOKUP-GKGTHEMES.txt.");
    for (label, phrases) in &rules {
        let _ = writeln!(body, "{label}\t{}", phrases.join("|"));
    }
    std::fs::write(out, body).map_err(|e| err(out, e))?;
    Ok(rules.len())
}
