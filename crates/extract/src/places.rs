//! Place mentions geocoded against GeoNames.
//!
//! The gazetteer (`models/extract/gazetteer.tsv.gz`, compiled by
//! [`crate::build::build_gazetteer`]) holds countries (with demonyms), first-level
//! divisions and cities of 15,000+ people, keyed by their names as the word
//! lexer splits them, lowercased. Matching looks up capitalized word n-grams
//! (longest first) in a hash map, so a document costs a few hundred lookups.
//!
//! A match is kept when it reads as a place: a city or region name must not be
//! glued to other capitalized words (`Jackson Diehl`, `Washington Post`), follow
//! a title (`Mr. Jordan`), or be a common English word at the start of a
//! sentence. Ambiguous names go to the candidate in a country the article
//! names (countries and demonyms are counted first), then to the most populous.

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::lex::{Kind, Prepared};
use crate::{Context, ExtractError};

/// A geocoded place mention, with GDELT's geography fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Canonical full name ("Caracas, Distrito Federal, Venezuela").
    pub name: String,
    /// GDELT location type: 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1.
    pub geo_type: u8,
    /// FIPS 10-4 country code.
    pub country_code: String,
    pub adm1: String,
    pub adm2: String,
    pub lat: f64,
    pub lon: f64,
    pub geonames_id: Option<u64>,
    /// GDELT FeatureID: a number for cities and ADM1, a text code for countries and US states.
    pub feature_id: String,
    /// The mention is a demonym or adjective (`Iranian`, `Venezuelans`) counted toward its country.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demonym: bool,
}

/// One gazetteer entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub geo_type: u8,
    pub fips: String,
    pub adm1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub geonames_id: Option<u64>,
    pub feature_id: String,
    pub full_name: String,
}

/// How a name refers to its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameKind {
    /// The name itself.
    Name,
    /// A demonym or adjective of a country.
    Demonym,
    /// A name that is also a common English word: only taken after a locative preposition.
    Common,
}

/// The place-name index built from GeoNames.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Lowercased lexer key → (kind, entry indices).
    names: FxHashMap<String, (NameKind, Vec<u32>)>,
    /// First word of a key → the most words a key starting with it has.
    first_words: FxHashMap<String, u8>,
}

/// File name of the compiled gazetteer inside the models directory.
pub const GAZETTEER_FILE: &str = "extract/gazetteer.tsv.gz";

/// Capitalized words after a place name that keep it a place (`Baghdad International Airport`).
const PLACE_SUFFIXES: &[&str] = &[
    "airport",
    "province",
    "region",
    "governorate",
    "state",
    "county",
    "district",
    "city",
    "valley",
    "port",
    "international",
    "border",
    "harbor",
    "harbour",
    "bay",
    "coast",
    "strait",
    "gulf",
    "river",
    "prefecture",
    "oblast",
    "municipality",
    "metropolitan",
    "area",
    "island",
    "islands",
    "peninsula",
    "mountains",
    "desert",
];

/// Words that make the next name a person (`Mr. Jordan`, `President Lincoln`).
const PERSON_CUES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "gen",
    "adm",
    "judge",
    "minister",
    "secretary",
];

const LOCATIVE: &[&str] = &[
    "in", "at", "from", "near", "to", "outside", "across", "into", "toward", "towards", "around",
    "of",
];

impl Gazetteer {
    /// Loads the compiled gazetteer from `models_dir/extract/gazetteer.tsv.gz`.
    ///
    /// A missing file gives an empty gazetteer (no places), so a checkout
    /// without models still runs; a corrupt one is an error naming the line.
    pub fn load(models_dir: &Path) -> Result<Self, ExtractError> {
        let path = models_dir.join(GAZETTEER_FILE);
        if !path.exists() {
            return Ok(Gazetteer::default());
        }
        let file = std::fs::File::open(&path)
            .map_err(|e| ExtractError(format!("{}: {e}", path.display())))?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::io::BufReader::new(file))
            .read_to_string(&mut text)
            .map_err(|e| ExtractError(format!("{}: {e}", path.display())))?;
        Self::parse(&text)
            .map_err(|(line, msg)| ExtractError(format!("{}:{line}: {msg}", path.display())))
    }

    /// Parses the compiled format: `E` entry lines, then `N` name lines.
    pub(crate) fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut g = Gazetteer::default();
        g.names.reserve(text.len() / 40);
        for (n, line) in text.lines().enumerate() {
            let lineno = n + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            match f.next() {
                Some("E") => {
                    let mut next = || f.next().ok_or((lineno, "missing field".to_string()));
                    let geo_type = next()?
                        .parse()
                        .map_err(|_| (lineno, "bad type".to_string()))?;
                    let fips = next()?.to_string();
                    let adm1 = next()?.to_string();
                    let lat = next()?
                        .parse()
                        .map_err(|_| (lineno, "bad latitude".to_string()))?;
                    let lon = next()?
                        .parse()
                        .map_err(|_| (lineno, "bad longitude".to_string()))?;
                    let population = next()?
                        .parse()
                        .map_err(|_| (lineno, "bad population".to_string()))?;
                    let gid = next()?;
                    let geonames_id = if gid.is_empty() {
                        None
                    } else {
                        Some(gid.parse().map_err(|_| (lineno, "bad id".to_string()))?)
                    };
                    let feature_id = next()?.to_string();
                    let full_name = next()?.to_string();
                    g.entries.push(Entry {
                        geo_type,
                        fips,
                        adm1,
                        lat,
                        lon,
                        population,
                        geonames_id,
                        feature_id,
                        full_name,
                    });
                }
                Some("N") => {
                    let key = f.next().ok_or((lineno, "missing key".to_string()))?;
                    let kind = match f.next() {
                        Some("n") => NameKind::Name,
                        Some("d") => NameKind::Demonym,
                        Some("c") => NameKind::Common,
                        _ => return Err((lineno, "bad name kind".into())),
                    };
                    let ids = f.next().ok_or((lineno, "missing entries".to_string()))?;
                    let mut v = Vec::with_capacity(2);
                    for id in ids.split(',') {
                        let id: u32 = id
                            .parse()
                            .map_err(|_| (lineno, "bad entry index".to_string()))?;
                        if id as usize >= g.entries.len() {
                            return Err((lineno, format!("entry {id} out of range")));
                        }
                        v.push(id);
                    }
                    let n_words = key.split(' ').count().min(255) as u8;
                    let first = key.split(' ').next().unwrap_or(key);
                    let m = g.first_words.entry(first.to_string()).or_insert(0);
                    *m = (*m).max(n_words);
                    g.names.insert(key.to_string(), (kind, v));
                }
                _ => return Err((lineno, "unknown line type".into())),
            }
        }
        Ok(g)
    }

    /// Number of entries (countries, regions, cities).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no gazetteer was loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Finds and geocodes the place mentions of one document.
    pub fn extract(&self, cx: &Context<'_>) -> Vec<Location> {
        let p = Prepared::new(cx);
        self.extract_prepared(cx, &p)
    }

    pub(crate) fn extract_prepared(&self, cx: &Context<'_>, p: &Prepared<'_>) -> Vec<Location> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let matches = self.find(cx, p);
        // Country context: every country named or implied by a demonym.
        let mut context: HashMap<&str, usize> = HashMap::new();
        for m in &matches {
            if let [only] = m.entries.as_slice() {
                *context
                    .entry(self.entries[*only as usize].fips.as_str())
                    .or_default() += 1;
            } else if let Some(c) = m
                .entries
                .iter()
                .find(|&&e| self.entries[e as usize].geo_type == 1)
            {
                *context
                    .entry(self.entries[*c as usize].fips.as_str())
                    .or_default() += 1;
            }
        }
        let mut out = Vec::with_capacity(matches.len());
        for (mi, m) in matches.iter().enumerate() {
            // `Houston, Texas`: a following region or country narrows the choice.
            let follow = matches
                .get(mi + 1)
                .filter(|n| n.start == m.end + 1 && p.punct(m.end, ','));
            let e = self.choose(&m.entries, &context, follow.map(|n| n.entries.as_slice()));
            let entry = &self.entries[e as usize];
            let span = Span::new(p.words[m.start].span.start, p.words[m.end - 1].span.end);
            out.push(Location {
                text: p.text[span.start..span.end].to_string(),
                span,
                name: entry.full_name.clone(),
                geo_type: entry.geo_type,
                country_code: entry.fips.clone(),
                adm1: entry.adm1.clone(),
                adm2: String::new(),
                lat: entry.lat,
                lon: entry.lon,
                geonames_id: entry.geonames_id,
                feature_id: entry.feature_id.clone(),
                demonym: m.demonym,
            });
        }
        out
    }

    fn choose(&self, cands: &[u32], context: &HashMap<&str, usize>, follow: Option<&[u32]>) -> u32 {
        if let [only] = cands {
            return *only;
        }
        // A country name means the country.
        if let Some(&c) = cands
            .iter()
            .find(|&&e| self.entries[e as usize].geo_type == 1)
        {
            return c;
        }
        let score = |e: u32| {
            let en = &self.entries[e as usize];
            let mut s = (en.population.max(1) as f64).log10();
            if let Some(ctx) = context.get(en.fips.as_str()) {
                s += 3.0 + (*ctx as f64).min(5.0) * 0.2;
            }
            if let Some(f) = follow {
                if f.iter().any(|&o| {
                    let oe = &self.entries[o as usize];
                    (oe.geo_type == 1 && oe.fips == en.fips)
                        || (matches!(oe.geo_type, 2 | 5) && oe.adm1 == en.adm1)
                }) {
                    s += 10.0;
                }
            }
            // A city over the region of the same name (`Tehran`), as GDELT does.
            if matches!(en.geo_type, 3 | 4) {
                s += 0.5;
            }
            s
        };
        cands
            .iter()
            .copied()
            .max_by(|&a, &b| score(a).total_cmp(&score(b)))
            .unwrap_or(cands[0])
    }

    /// Raw name matches, longest first at each position.
    fn find(&self, cx: &Context<'_>, p: &Prepared<'_>) -> Vec<Match> {
        let mut out = Vec::new();
        let mut key = String::with_capacity(64);
        let n = p.words.len();
        let mut i = 0;
        while i < n {
            let w = &p.words[i];
            if w.kind != Kind::Alpha || !w.cap {
                i += 1;
                continue;
            }
            let mut best: Option<(usize, NameKind, &Vec<u32>)> = None;
            key.clear();
            push_lower(&mut key, p.w(i));
            let max_words = self.first_words.get(key.as_str()).copied().unwrap_or(0) as usize;
            let mut j = i;
            while j < n && j < i + max_words {
                if j > i {
                    // Names do not run across a line break.
                    if p.text[p.words[j - 1].span.end..p.words[j].span.start].contains('\n') {
                        break;
                    }
                    key.push(' ');
                    push_lower(&mut key, p.w(j));
                }
                if let Some((kind, ids)) = self.names.get(key.as_str()) {
                    best = Some((j + 1, *kind, ids));
                }
                j += 1;
            }
            let Some((end, kind, ids)) = best else {
                i += 1;
                continue;
            };
            if self.accept(cx, p, i, end, kind, ids) {
                out.push(Match {
                    start: i,
                    end,
                    entries: ids.clone(),
                    demonym: kind == NameKind::Demonym,
                });
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Whether the name at `[start, end)` reads as a place here.
    fn accept(
        &self,
        cx: &Context<'_>,
        p: &Prepared<'_>,
        start: usize,
        end: usize,
        kind: NameKind,
        ids: &[u32],
    ) -> bool {
        let surface = &p.text[p.words[start].span.start..p.words[end - 1].span.end];
        // Short names (`US`, `UK`) must be written in capitals.
        let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 3 && surface.chars().any(|c| c.is_lowercase()) {
            return false;
        }
        // The NER stage knows better: a person or organization is not a place.
        // An organization named by exactly the place ("Beirut said") still locates,
        // and so does a word read as a person that is no one's surname here; but a
        // surname the document gives in full ("Salam" for Amin Salam) is a person.
        let span = Span::new(p.words[start].span.start, p.words[end - 1].span.end);
        if cx.entities.iter().any(|e| {
            e.span.overlaps(span)
                && match e.kind {
                    sitrep_nlp::EntityType::Per => {
                        !span.contains(e.span) || e.canonical.strip_suffix(e.text.as_str()).is_some_and(|first| first.ends_with(' '))
                    }
                    sitrep_nlp::EntityType::Org => !span.contains(e.span),
                    _ => false,
                }
        }) {
            return false;
        }
        let prev = if start > 0 { Some(start - 1) } else { None };
        let prev_l = prev.map(|k| p.l(k).trim_end_matches('.'));
        if prev_l.is_some_and(|l| PERSON_CUES.contains(&l))
            || prev.is_some_and(|k| p.punct(k, '.') && k > 0 && PERSON_CUES.contains(&p.l(k - 1)))
        {
            return false;
        }
        let is_country = ids.iter().any(|&e| self.entries[e as usize].geo_type == 1);
        if kind == NameKind::Demonym || is_country {
            return true;
        }
        // Glued to other capitalized words: part of a longer name (`Jackson Diehl`, `Washington Post`).
        let glued = |k: usize| {
            p.words[k].kind == Kind::Alpha
                && p.words[k].cap
                && !p.text[p.words[k.min(start)].span.end..p.words[k.max(start)].span.start]
                    .contains('\n')
        };
        let sentence_initial = p.sentence_initial(start);
        if let Some(k) = prev {
            if glued(k) && !sentence_initial && !crate::names::FUNCTION_CAPS.contains(&p.l(k)) {
                return false;
            }
        }
        if end < p.words.len()
            && glued(end)
            && !PLACE_SUFFIXES.contains(&p.l(end))
            && !p.sentence_initial(end)
        {
            return false;
        }
        if kind == NameKind::Common {
            // `Mobile`, `Split`: only after a locative preposition.
            return !sentence_initial && prev_l.is_some_and(|l| LOCATIVE.contains(&l));
        }
        true
    }
}

/// A raw name match over words `[start, end)`.
#[derive(Debug, Clone)]
struct Match {
    start: usize,
    end: usize,
    entries: Vec<u32>,
    demonym: bool,
}

/// Appends `w` lowercased, with curly apostrophes made straight (the key form).
pub(crate) fn push_lower(key: &mut String, w: &str) {
    for c in w.chars() {
        if c == '’' {
            key.push('\'');
        } else if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.extend(c.to_lowercase());
        }
    }
}

/// The locations inside `span` (e.g. the sentence of an event), in text order.
pub fn locations_in_span(locations: &[Location], span: Span) -> impl Iterator<Item = &Location> {
    locations.iter().filter(move |l| span.contains(l.span))
}

/// The action location of an event in `sentence`: the most specific place the
/// sentence names (a city over a region over a country), nearest to `span`.
pub fn location_for(locations: &[Location], sentence: Span, span: Span) -> Option<&Location> {
    locations_in_span(locations, sentence).min_by_key(|l| {
        let specificity = match l.geo_type {
            3 | 4 => 0,
            2 | 5 => 1,
            _ => 2,
        };
        let dist = if l.span.start >= span.end {
            l.span.start - span.end
        } else {
            span.start.saturating_sub(l.span.end)
        };
        (specificity + if l.demonym { 3 } else { 0 }, dist)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Parse;

    const TINY: &str = "# test\n\
E\t1\tVE\tVE\t8\t-66\t28000000\t3625428\tVE\tVenezuela\n\
E\t4\tVE\tVE25\t10.5\t-66.9\t3000000\t3646738\t3646738\tCaracas, Distrito Federal, Venezuela\n\
E\t3\tUS\tUSMS\t32.3\t-90.2\t160000\t4431410\t4431410\tJackson, Mississippi, United States\n\
E\t2\tUS\tUSMS\t32.7\t-89.6\t2900000\t4436296\tMS\tMississippi, United States\n\
E\t1\tUS\tUS\t39.8\t-98.5\t327000000\t6252001\tUS\tUnited States\n\
E\t4\tCO\tCO02\t6.2\t-75.5\t2500000\t3674962\t3674962\tMedellin, Antioquia, Colombia\n\
E\t4\tPH\tPH01\t11.0\t124.0\t60000\t1700000\t1700000\tMedellin, Cebu, Philippines\n\
E\t1\tCO\tCO\t4\t-72\t50000000\t3686110\tCO\tColombia\n\
N\tvenezuela\tn\t0\n\
N\tvenezuelan\td\t0\n\
N\tvenezuelans\td\t0\n\
N\tcaracas\tn\t1\n\
N\tjackson\tn\t2\n\
N\tmississippi\tn\t3\n\
N\tunited states\tn\t4\n\
N\tus\tn\t4\n\
N\tmedellin\tn\t5,6\n\
N\tcolombia\tn\t7\n";

    fn run(text: &str) -> Vec<(String, String, u8)> {
        let g = Gazetteer::parse(TINY).unwrap();
        let parse = Parse::default();
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        g.extract(&cx)
            .into_iter()
            .map(|l| (l.text, l.name, l.geo_type))
            .collect()
    }

    #[test]
    fn countries_cities_and_demonyms() {
        let r = run("Venezuelans queued in Caracas as the United States watched.");
        assert_eq!(r.len(), 3, "{r:?}");
        assert_eq!(r[0].1, "Venezuela");
        assert_eq!(r[1].2, 4);
        assert_eq!(r[2].1, "United States");
    }

    #[test]
    fn person_names_are_not_places() {
        assert!(run("According to Jackson Diehl, it failed.").is_empty());
        assert!(run("Mr. Jackson left.").is_empty());
        assert_eq!(run("He flew to Jackson, Mississippi.").len(), 2);
        assert!(run("Lowercase us is not a country.").is_empty());
    }

    #[test]
    fn a_surname_given_in_full_is_not_a_place() {
        let g = Gazetteer::parse(TINY).unwrap();
        let parse = Parse::default();
        let text = "Jackson spoke. Later Jackson left.";
        let person = |start: usize, canonical: &str| sitrep_actors::Entity {
            id: "E1".into(),
            text: "Jackson".into(),
            kind: sitrep_nlp::EntityType::Per,
            span: Span::new(start, start + 7),
            canonical: canonical.into(),
            actor: None,
            role: None,
            sentence: 0,
            tokens: 0..1,
        };
        let found = |entities: &[sitrep_actors::Entity]| {
            g.extract(&Context { text, date: None, parse: &parse, entities, excluded: &[] }).len()
        };
        // "Jackson" for Jesse Jackson: a person.
        assert_eq!(found(&[person(0, "Jesse Jackson"), person(21, "Jesse Jackson")]), 0);
        // A lone name the recognizer calls a person but the document never expands: still a place.
        assert_eq!(found(&[person(0, "Jackson"), person(21, "Jackson")]), 2);
    }

    #[test]
    fn country_context_disambiguates() {
        let r = run("Troops from Colombia reached Medellin.");
        assert_eq!(r[1].1, "Medellin, Antioquia, Colombia");
    }

    #[test]
    fn bad_file_names_the_line() {
        let err = Gazetteer::parse("E\t1\tVE\n").unwrap_err();
        assert_eq!(err.0, 1);
        let err = Gazetteer::parse("N\tx\tn\t7\n").unwrap_err();
        assert!(err.1.contains("out of range"));
    }
}
