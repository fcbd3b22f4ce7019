//! The analysis pipeline: sources → document → nlp → extract → sinks.
//!
//! [`Pipeline::analyze`] runs every stage over one [`Document`] and returns an
//! [`Analyzed`] document; [`run`] drives a stream of documents through it in
//! parallel and pushes results, in input order, into a [`Sink`]. `sitrep
//! analyze` and `sitrep ingest` are the same pipeline with different sinks.

pub mod record;
pub mod run;
pub mod sink;

use std::path::{Path, PathBuf};

use sitrep_actors::{ActorCoder, Entity};
use sitrep_document::{Document, Excluded};
use sitrep_events::{Event, EventCoder, EventInput};
use sitrep_extract::{Context, Extracted, Extractors};
use sitrep_nlp::{Models, Parse};

pub use record::{DocumentRecord, RecordOptions};
pub use run::{run, RunSummary};
pub use sink::{Sink, SinkError};

/// A stage that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("loading NLP models: {0}")]
    Nlp(#[from] sitrep_nlp::ModelError),
    #[error("loading actor dictionaries: {0}")]
    Actors(#[from] sitrep_actors::ActorError),
    #[error("loading extractors: {0}")]
    Extract(#[from] sitrep_extract::ExtractError),
    #[error("loading event dictionaries: {0}")]
    Events(#[from] sitrep_events::DictionaryError),
}

/// Where the shipped models live.
///
/// `SITREP_MODELS` wins; otherwise the `models/` directory of the source tree
/// this binary was built from, which is right for `cargo run` and `cargo install --path`.
pub fn default_models_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SITREP_MODELS") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models")
}

/// Options for building a pipeline.
#[derive(Debug, Clone)]
pub struct Config {
    pub models_dir: PathBuf,
    /// User actor dictionaries layered over the compiled ones, in order (later files win).
    pub actor_files: Vec<PathBuf>,
    /// User agent dictionaries layered over the compiled ones, in order.
    pub agent_files: Vec<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config { models_dir: default_models_dir(), actor_files: Vec::new(), agent_files: Vec::new() }
    }
}

/// Every loaded stage, shared read-only across worker threads.
#[derive(Debug)]
pub struct Pipeline {
    pub nlp: Models,
    pub actors: ActorCoder,
    pub extractors: Extractors,
    pub events: EventCoder,
}

/// One document with every layer the pipeline added.
#[derive(Debug, Clone)]
pub struct Analyzed {
    pub document: Document,
    /// Boilerplate spans later stages skipped.
    pub excluded: Vec<Excluded>,
    pub parse: Parse,
    pub entities: Vec<Entity>,
    pub extracted: Extracted,
    pub events: Vec<Event>,
}

impl Pipeline {
    /// Loads every stage's models and dictionaries.
    pub fn load(config: &Config) -> Result<Self, PipelineError> {
        let dir = &config.models_dir;
        Ok(Pipeline {
            nlp: Models::load(dir)?,
            actors: ActorCoder::load_with(dir, &config.actor_files, &config.agent_files)?,
            extractors: Extractors::load(dir)?,
            events: EventCoder::load(dir)?,
        })
    }

    /// Runs all stages over one document.
    pub fn analyze(&self, document: Document) -> Analyzed {
        let text = document.text.as_str();
        let seg = sitrep_text::segment(text);
        let mut parse = self.nlp.annotate(text, &seg);
        // Boilerplate (a stray headline, a caption) names people and places that are
        // not part of the story: no entity, and so no actor or event, comes from it.
        let in_boilerplate = |s: &sitrep_document::Span| seg.excluded.iter().any(|x| x.span.start < s.end && s.start < x.span.end);
        parse.entities.retain(|e| !in_boilerplate(&e.span));
        let mut entities = self.actors.resolve(text, document.date, &parse);
        entities.retain(|e| !in_boilerplate(&e.span));
        let excluded_spans: Vec<sitrep_document::Span> = seg.excluded.iter().map(|x| x.span).collect();
        let extracted = self.extractors.run(&Context { text, date: document.date, parse: &parse, entities: &entities, excluded: &excluded_spans });
        let events = self.events.code(&EventInput {
            text,
            date: document.date,
            parse: &parse,
            entities: &entities,
            dates: &extracted.dates,
            locations: &extracted.locations,
        });
        let excluded = seg.excluded;
        Analyzed { document, excluded, parse, entities, extracted, events }
    }
}
