//! Loading the shipped models and running them over a segmented text.

use std::path::{Path, PathBuf};

use sitrep_text::Segmentation;

use crate::intern::intern;
use crate::types::{Parse, TokenAnnotation, Upos};

/// A model file that could not be found or read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {message}")]
    Load { path: PathBuf, message: String },
}

/// The trained NLP components, loaded once and shared across threads.
#[derive(Debug, Default)]
pub struct Models {
    _private: (),
}

impl Models {
    /// Loads the models from `dir` (normally the repository's `models/`).
    ///
    /// PLACEHOLDER until the tagger, parser and NER land (issues #3, #4).
    pub fn load(_dir: &Path) -> Result<Self, ModelError> {
        Ok(Models::default())
    }

    /// Tags, lemmatizes, parses and finds entities in a segmented text.
    pub fn annotate(&self, text: &str, seg: &Segmentation) -> Parse {
        let tokens = seg
            .tokens
            .iter()
            .map(|t| {
                let w = &text[t.span.start..t.span.end];
                TokenAnnotation { upos: Upos::X, xpos: intern("_"), lemma: w.to_lowercase(), head: None, deprel: intern("dep") }
            })
            .collect();
        Parse {
            spans: seg.tokens.iter().map(|t| t.span).collect(),
            tokens,
            sentences: seg.sentences.clone(),
            entities: Vec::new(),
        }
    }
}
