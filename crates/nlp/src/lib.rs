//! Trained NLP components that annotate a segmented text: tags, lemmas, dependencies, entities.
//!
//! Like spaCy's pipeline, each component adds a layer to one shared [`Parse`];
//! training, evaluation and `sitrep analyze` run the same component code.
//! Models are trained by sitrep's own code from the UD treebanks and shipped
//! under `models/` (see models/README.md).

pub mod assoc;
pub mod binfmt;
pub mod eval;
pub mod features;
pub mod hash;
pub mod hugepage;
pub mod intern;
pub mod lemma;
pub mod models;
pub mod ner;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod training;
pub mod types;

pub use models::{ModelError, Models};
pub use types::{EntitySpan, EntityType, Parse, TokenAnnotation, Upos};
