//! `sitrep train actors`: compiles Phoenix + our supplement + GeoNames capitals into `models/actors/`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::dictionary::{read_lossy, Diagnostic, Dictionaries, Strictness};
use crate::ActorError;

/// Name of the compiled dictionary file inside the models directory.
pub const COMPILED_PATH: &str = "actors/dictionaries.bin";

/// The Phoenix actor files, in PETRARCH's configured order.
pub const PHOENIX_ACTOR_FILES: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];
/// The Phoenix agent file.
pub const PHOENIX_AGENT_FILE: &str = "Phoenix.agents.txt";

/// Where the inputs of a compilation are.
#[derive(Debug, Clone)]
pub struct CompileSources {
    /// Directory with the Phoenix `*.actors.txt` and `Phoenix.agents.txt` (`../shared/data/eventcoding/petrarch2`).
    pub phoenix_dir: PathBuf,
    /// Our supplement directory (`dictionaries/`): `*.actors.txt` then `*.agents.txt`, by name.
    pub supplement_dir: PathBuf,
    /// GeoNames `countryInfo.txt`, for capital cities (optional).
    pub country_info: Option<PathBuf>,
    /// GeoNames place tables (`cities15000.txt`, `admin1CodesASCII.txt`: name and ASCII name in
    /// columns 2 and 3), to tell a country's synonyms that are places inside it ("Texas").
    pub places: Vec<PathBuf>,
    /// Country names, demonyms and spellings (`countries_combined.tsv`, by header), so that a
    /// country name that is also a town's ("Holland", "German") stays the country's.
    pub country_names: Option<PathBuf>,
}

/// What a compilation read and produced.
#[derive(Debug, Clone, Default)]
pub struct CompileReport {
    pub files: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub actors: usize,
    pub actor_phrases: usize,
    pub agents: usize,
    pub agent_phrases: usize,
    pub capitals: usize,
    pub subplaces: usize,
}

fn add_file(
    d: &mut Dictionaries,
    path: &Path,
    label: &str,
    agents: bool,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ActorError> {
    let text = read_lossy(path).map_err(|e| ActorError(e.to_string()))?;
    let r = if agents {
        d.add_agent_text(label, &text, Strictness::Lenient)
    } else {
        d.add_actor_text(label, &text, Strictness::Lenient)
    };
    diags.extend(r.map_err(|e| ActorError(e.to_string()))?);
    Ok(())
}

/// Files in `dir` whose name ends with `suffix`, sorted by name.
fn files_with_suffix(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, ActorError> {
    let rd = std::fs::read_dir(dir).map_err(|e| ActorError(format!("{}: {e}", dir.display())))?;
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    v.sort();
    Ok(v)
}

/// Reads every source, layered Phoenix → supplement, and attaches capitals.
///
/// File labels in the result are relative (`petrarch2/...`, `dictionaries/...`)
/// so the compiled artifact carries no machine paths.
pub fn compile(src: &CompileSources) -> Result<(Dictionaries, CompileReport), ActorError> {
    let mut d = Dictionaries::new();
    let mut diags = Vec::new();
    for f in PHOENIX_ACTOR_FILES {
        add_file(
            &mut d,
            &src.phoenix_dir.join(f),
            &format!("petrarch2/{f}"),
            false,
            &mut diags,
        )?;
    }
    add_file(
        &mut d,
        &src.phoenix_dir.join(PHOENIX_AGENT_FILE),
        &format!("petrarch2/{PHOENIX_AGENT_FILE}"),
        true,
        &mut diags,
    )?;
    for p in files_with_suffix(&src.supplement_dir, ".actors.txt")? {
        let label = format!(
            "dictionaries/{}",
            p.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        );
        add_file(&mut d, &p, &label, false, &mut diags)?;
    }
    for p in files_with_suffix(&src.supplement_dir, ".agents.txt")? {
        let label = format!(
            "dictionaries/{}",
            p.file_name().and_then(|n| n.to_str()).unwrap_or_default()
        );
        add_file(&mut d, &p, &label, true, &mut diags)?;
    }
    if let Some(ci) = &src.country_info {
        let text = read_lossy(ci).map_err(|e| ActorError(e.to_string()))?;
        add_capitals(&mut d, &text);
    }
    if !src.places.is_empty() {
        let mut places = HashSet::new();
        for p in &src.places {
            let text = read_lossy(p).map_err(|e| ActorError(e.to_string()))?;
            for line in text.lines().filter(|l| !l.starts_with('#')) {
                places.extend(
                    line.split('\t')
                        .skip(1)
                        .take(2)
                        .map(Dictionaries::phrase_key)
                        .filter(|k| !k.is_empty()),
                );
            }
        }
        let mut countries = HashSet::new();
        if let Some(p) = &src.country_names {
            let text = read_lossy(p).map_err(|e| ActorError(e.to_string()))?;
            countries = country_names(&text);
        }
        d.mark_subplaces(&places, &countries);
    }
    let report = CompileReport {
        files: d.files.clone(),
        diagnostics: diags,
        actors: d.actors.len(),
        actor_phrases: d.actor_phrase_count(),
        agents: d.agents.len(),
        agent_phrases: d.agent_phrase_count(),
        capitals: d.capitals.len(),
        subplaces: d.subplaces.len(),
    };
    Ok((d, report))
}

/// Capitals from GeoNames `countryInfo.txt` (country name in column 5, capital in 6),
/// coded with the dictionaries' own country code so that CAMEO's codes win over ISO's.
fn add_capitals(d: &mut Dictionaries, text: &str) {
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || cols[5].is_empty() {
            continue;
        }
        let (iso3, country, capital) = (cols[1], cols[4], cols[5]);
        let code = d
            .actor_for_phrase(country)
            .and_then(|r| r.code_at(None))
            .filter(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
            .unwrap_or(iso3)
            .to_string();
        d.add_capital(capital, &code);
    }
}

/// Every name, demonym and spelling of `countries_combined.tsv`, columns found by header.
fn country_names(text: &str) -> HashSet<String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let want = [
        "name_geonames",
        "name_common",
        "name_official",
        "demonym_eng_m",
        "demonym_eng_f",
        "alt_spellings",
    ];
    let cols: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| want.contains(h))
        .map(|(i, _)| i)
        .collect();
    let mut out = HashSet::new();
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        for &c in &cols {
            out.extend(
                f.get(c)
                    .into_iter()
                    .flat_map(|v| v.split('|'))
                    .map(Dictionaries::phrase_key)
                    .filter(|k| !k.is_empty()),
            );
        }
    }
    out
}
