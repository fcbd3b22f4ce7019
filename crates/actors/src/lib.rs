//! Entities and actors: who is named in a document, and which CAMEO actor each name is.
//!
//! Input: the NLP [`Parse`] (tokens, tags, dependencies, NER spans) and the
//! document date. Output: one [`Entity`] per mention, with a per-document
//! entity id shared by coreferent mentions, a canonical name and the CAMEO
//! actor code valid at the document's date.

pub mod compile;
pub mod dictionary;

use std::path::Path;

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
    _private: (),
}

impl ActorCoder {
    /// Loads the compiled actor and agent dictionaries from `models_dir`.
    ///
    /// PLACEHOLDER until issue #4 lands.
    pub fn load(_models_dir: &Path) -> Result<Self, ActorError> {
        Ok(ActorCoder::default())
    }

    /// Finds, resolves and codes the entities of one document.
    pub fn resolve(&self, text: &str, date: Option<NaiveDate>, parse: &Parse) -> Vec<Entity> {
        let _ = date;
        parse
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let t = text[e.span.start..e.span.end].to_string();
                Entity {
                    id: format!("E{}", i + 1),
                    canonical: t.clone(),
                    text: t,
                    kind: e.label,
                    span: e.span,
                    actor: None,
                    role: None,
                    sentence: parse.sentence_of(e.tokens.start),
                    tokens: e.tokens.clone(),
                }
            })
            .collect()
    }
}
