//! Entities and actors: who is named in a document, and which CAMEO actor each name is.
//!
//! Input: the NLP [`Parse`] (tokens, tags, dependencies, NER spans) and the
//! document date. Output: one [`Entity`] per mention, with a per-document
//! entity id shared by coreferent mentions, a canonical name and the CAMEO
//! actor code valid at the document's date.

mod affiliation;
pub mod compile;
pub mod dictionary;
mod resolve;

pub use dictionary::Dictionaries;
use dictionary::Strictness;
pub use resolve::{is_place_code, resolve_pronoun};

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sitrep_document::Span;
use sitrep_nlp::{EntityType, Parse};

/// One mention of an entity in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Per-document entity id, shared by every mention of the same entity (`E1`, `E2`, ...).
    pub id: String,
    /// The mention as written.
    pub text: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(flatten)]
    pub span: Span,
    /// The fullest name the document gives this entity ("Nicolás Maduro").
    pub canonical: String,
    /// CAMEO actor code valid at the document date (`VENGOV`), when known.
    pub actor: Option<String>,
    /// Role or affiliation given in the text ("senior analyst at the International Crisis Group").
    pub role: Option<String>,
    /// Index of the sentence holding the mention.
    pub sentence: usize,
    /// Token range `[start, end)` of the mention, for later stages.
    #[serde(skip)]
    pub tokens: std::ops::Range<usize>,
}

/// A dictionary file or model that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ActorError(pub String);

/// Resolves entity mentions and assigns actor codes.
#[derive(Debug, Default)]
pub struct ActorCoder {
    dict: Dictionaries,
}

impl ActorCoder {
    /// Loads the compiled actor and agent dictionaries from `models_dir` (`actors/dictionaries.bin`).
    ///
    /// A missing compiled file gives an empty coder (NER mentions only, no codes),
    /// so that a fresh checkout still runs; `sitrep train actors` writes it.
    pub fn load(models_dir: &Path) -> Result<Self, ActorError> {
        Self::load_with(models_dir, &[], &[])
    }

    /// Like [`load`](Self::load), then layers user actor and agent files on top,
    /// in order: later files override earlier ones.
    pub fn load_with(
        models_dir: &Path,
        actor_files: &[PathBuf],
        agent_files: &[PathBuf],
    ) -> Result<Self, ActorError> {
        let path = models_dir.join(compile::COMPILED_PATH);
        let mut dict = match std::fs::read(&path) {
            Ok(bytes) => Dictionaries::from_compiled(&bytes, &path.display().to_string())
                .map_err(|e| ActorError(e.to_string()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Dictionaries::new(),
            Err(e) => return Err(ActorError(format!("{}: {e}", path.display()))),
        };
        for f in actor_files {
            dict.add_actor_file(f, Strictness::Strict)
                .map_err(|e| ActorError(e.to_string()))?;
        }
        for f in agent_files {
            dict.add_agent_file(f, Strictness::Strict)
                .map_err(|e| ActorError(e.to_string()))?;
        }
        Ok(ActorCoder { dict })
    }

    /// Wraps already-loaded dictionaries (tests, the conformance suite).
    pub fn from_dictionaries(dict: Dictionaries) -> Self {
        ActorCoder { dict }
    }

    /// The loaded dictionaries, for stages that match phrases themselves (the event coder).
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dict
    }

    /// Finds, resolves and codes the entities of one document.
    ///
    /// Mentions come from dictionary phrases (as PETRARCH finds actors) and from
    /// the recognizer's spans (people and organizations not in the dictionaries);
    /// each gets the actor code valid at `date`, a per-document entity id shared
    /// by coreferent mentions, a canonical name and a role when the text gives one.
    pub fn resolve(&self, text: &str, date: Option<NaiveDate>, parse: &Parse) -> Vec<Entity> {
        resolve::resolve(&self.dict, text, date, parse)
    }
}
