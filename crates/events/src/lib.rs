//! Event coding: who did what to whom, read off the dependency parse with PETRARCH-2 verb patterns.
//!
//! Every [`Event`] carries its evidence (the sentence, the pattern and the
//! dictionary line that fired) so a coded row can be checked by a reader.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_actors::Entity;
use sitrep_document::Span;
use sitrep_extract::{DateMention, DateResolution, Location};
use sitrep_nlp::Parse;

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    /// Entity id in the document's `entities`, when the actor is a resolved entity.
    pub entity: Option<String>,
    pub text: String,
    /// CAMEO actor code (`IRN`, `VENGOV`, `USAGOV`).
    pub code: String,
    #[serde(flatten)]
    pub span: Span,
}

/// Why the coder emitted this event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence text.
    pub sentence: String,
    /// The pattern that fired, as written in the dictionary.
    pub pattern: String,
    /// `file:line` of the pattern.
    pub dictionary: String,
}

/// When an event happened, as the text anchors it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    /// ISO date at the given precision (`2006`, `2020-05`, `2020-05-29`).
    pub date: String,
    pub precision: DateResolution,
    /// `document` when it falls back to the document date, `text` when a date expression anchors it.
    pub source: String,
}

/// PLOVER event type and mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    pub event: String,
    pub mode: Option<String>,
    pub context: Option<String>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub sentence: usize,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    /// CAMEO code with leading zeros (`043`, `1823`).
    pub code: String,
    pub base_code: String,
    pub root_code: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover: Option<Plover>,
    pub is_root: bool,
    /// The verb (or phrase) that expresses the action.
    pub action: Span,
    pub date: Option<EventDate>,
    pub negated: bool,
    /// `intent`, `future`, `hypothetical` ... when the action is not asserted as done.
    pub modality: Option<String>,
    /// Index into the document's locations.
    pub location: Option<usize>,
    pub evidence: Evidence,
}

/// A dictionary that could not be read; names the file and line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DictionaryError(pub String);

/// Inputs to event coding for one document.
pub struct EventInput<'a> {
    pub text: &'a str,
    pub date: Option<chrono::NaiveDate>,
    pub parse: &'a Parse,
    pub entities: &'a [Entity],
    pub dates: &'a [DateMention],
    pub locations: &'a [Location],
}

/// The loaded verb dictionary and coder options.
#[derive(Debug, Default)]
pub struct EventCoder {
    _private: (),
}

impl EventCoder {
    /// Loads the compiled verb dictionary from `models_dir`. PLACEHOLDER (issue #5).
    pub fn load(_models_dir: &Path) -> Result<Self, DictionaryError> {
        Ok(EventCoder::default())
    }

    /// Codes the events of one document. PLACEHOLDER (issue #5).
    pub fn code(&self, _input: &EventInput<'_>) -> Vec<Event> {
        Vec::new()
    }
}
