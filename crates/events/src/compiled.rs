//! The shipped event model (`models/events/coder.bin`): the verb dictionary, ontology, discards and code tables, compiled.
//!
//! `sitrep train events` reads the real PETRARCH-2 dictionary, sitrep's verb
//! supplement (`dictionaries/sitrep.verbs.txt`), the PICO ontology, the
//! Phoenix discard list, GDELT's Goldstein table and the CAMEO → PLOVER table,
//! and stores the parsed result (gzip'd postcard) so that the runtime never
//! reads `../shared`. The actor dictionaries come from `models/actors/`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sitrep_actors::dictionary::Dictionaries;

use crate::discards::Discards;
use crate::options::CoderOptions;
use crate::pico::Ontology;
use crate::tables::Tables;
use crate::verbs::{DictionaryStats, VerbDictionary};
use crate::{CodingResources, DictionaryError, EventCoder};

/// Serializes a hash map in key order, so that compiling the same dictionaries gives the same bytes.
pub(crate) fn sorted<K: Ord + Serialize, V: Serialize, S: serde::Serializer>(m: &std::collections::HashMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
    m.iter().collect::<std::collections::BTreeMap<&K, &V>>().serialize(s)
}

/// The compiled model, relative to the models directory.
pub const COMPILED_PATH: &str = "events/coder.bin";
const MAGIC: &[u8; 8] = b"SREVTv01";

#[derive(Serialize, Deserialize)]
struct Stored {
    verbs: VerbDictionary,
    onto: Ontology,
    discards: Discards,
    tables: Tables,
    options: CoderOptions,
}

/// Where the inputs of `sitrep train events` are.
#[derive(Debug, Clone)]
pub struct CompileSources {
    /// `CAMEO.2.0.txt`.
    pub verbs: PathBuf,
    /// Our supplements in the same syntax, read after the real dictionary.
    pub supplements: Vec<PathBuf>,
    /// `PETR.Internal.Coding.Ontology.txt`.
    pub ontology: PathBuf,
    /// `Phoenix.discards.txt`.
    pub discards: Option<PathBuf>,
    /// `CAMEO.goldsteinscale.txt`.
    pub goldstein: PathBuf,
    /// `CAMEO2PLOVER-2021.txt`.
    pub plover: PathBuf,
}

impl CompileSources {
    /// The standard locations: `shared_data` is `../shared/data`, `repo` the repository root.
    pub fn standard(shared_data: &Path, repo: &Path) -> Self {
        let ec = shared_data.join("eventcoding");
        CompileSources {
            verbs: ec.join("petrarch2/CAMEO.2.0.txt"),
            supplements: vec![repo.join("dictionaries/sitrep.verbs.txt")],
            ontology: ec.join("ud-petrarch/PETR.Internal.Coding.Ontology.txt"),
            discards: Some(ec.join("petrarch2/Phoenix.discards.txt")),
            goldstein: shared_data.join("gdelt/lookups/CAMEO.goldsteinscale.txt"),
            plover: ec.join("plover/CAMEO2PLOVER-2021.txt"),
        }
    }
}

/// What a compilation read.
#[derive(Debug, Clone, Serialize)]
pub struct CompileReport {
    pub files: Vec<String>,
    pub dictionary: DictionaryStats,
    pub warnings: Vec<String>,
    pub ontology_codes: usize,
    pub goldstein_codes: usize,
    pub plover_codes: usize,
    pub discards: usize,
}

/// Reads every source into a coder (without actor dictionaries) and reports what was read.
pub fn compile(src: &CompileSources) -> Result<(EventCoder, CompileReport), DictionaryError> {
    let mut verbs = VerbDictionary::new();
    verbs.add_path(&src.verbs)?;
    for s in &src.supplements {
        verbs.add_path(s)?;
    }
    let onto = Ontology::from_file(&src.ontology)?;
    let discards = match &src.discards {
        Some(p) => Discards::from_file(p)?,
        None => Discards::default(),
    };
    let tables = Tables::from_files(&src.goldstein, &src.plover)?;
    let report = CompileReport {
        files: verbs.files.clone(),
        dictionary: verbs.stats(),
        warnings: verbs.warnings.iter().map(|w| w.to_string()).collect(),
        ontology_codes: onto.to_pico.len(),
        goldstein_codes: tables.goldstein.len(),
        plover_codes: tables.plover.len(),
        discards: discards.entries.len(),
    };
    let coder = EventCoder {
        resources: CodingResources { verbs, onto, actors: None, discards, ..Default::default() },
        tables,
        options: CoderOptions::default(),
    };
    Ok((coder, report))
}

/// Serializes a coder's dictionaries and tables (not the actor dictionaries, which `models/actors/` holds).
pub fn write(coder: &EventCoder) -> Vec<u8> {
    let stored = Stored {
        verbs: coder.resources.verbs.clone(),
        onto: coder.resources.onto.clone(),
        discards: coder.resources.discards.clone(),
        tables: coder.tables.clone(),
        options: coder.options.clone(),
    };
    let body = postcard::to_stdvec(&stored).unwrap_or_default();
    let mut out = MAGIC.to_vec();
    let mut gz = GzEncoder::new(&mut out, flate2::Compression::best());
    let _ = gz.write_all(&body);
    let _ = gz.finish();
    out
}

/// Reads the compiled form written by [`write`]; `label` names it in errors.
pub fn read(bytes: &[u8], label: &str) -> Result<EventCoder, DictionaryError> {
    let bad = |m: String| DictionaryError(format!("{label}: compiled event model is unreadable: {m}"));
    let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| bad("wrong header (rebuild with `sitrep train events`)".into()))?;
    let mut raw = Vec::new();
    GzDecoder::new(body).read_to_end(&mut raw).map_err(|e| bad(e.to_string()))?;
    let stored: Stored = postcard::from_bytes(&raw).map_err(|e| bad(e.to_string()))?;
    let mut verbs = stored.verbs;
    verbs.reindex();
    Ok(EventCoder {
        resources: CodingResources { verbs, onto: stored.onto, actors: None, discards: stored.discards, ..Default::default() },
        tables: stored.tables,
        options: stored.options,
    })
}

/// Loads `models_dir/events/coder.bin` and `models_dir/actors/dictionaries.bin`.
pub fn load(models_dir: &Path) -> Result<EventCoder, DictionaryError> {
    let path = models_dir.join(COMPILED_PATH);
    let mut coder = match std::fs::read(&path) {
        Ok(bytes) => read(&bytes, &path.display().to_string())?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: {} not found; events will not be coded (run `sitrep train events`)", path.display());
            return Ok(EventCoder::default());
        }
        Err(e) => return Err(DictionaryError(format!("{}: {e}", path.display()))),
    };
    let actors = models_dir.join(sitrep_actors::compile::COMPILED_PATH);
    match std::fs::read(&actors) {
        Ok(bytes) => {
            let d = Dictionaries::from_compiled(&bytes, &actors.display().to_string()).map_err(|e| DictionaryError(e.to_string()))?;
            coder.resources.actors = Some(d);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(DictionaryError(format!("{}: {e}", actors.display()))),
    }
    coder.resources.given_names = sitrep_extract::gender::GivenNames::load(models_dir).map_err(|e| DictionaryError(e.0))?;
    Ok(coder)
}
