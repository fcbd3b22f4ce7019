//! Named-entity recognition: a trained BILOU sequence tagger with gazetteer features (PER, ORG, LOC, MISC).
//!
//! The model is an averaged structured perceptron (Collins 2002) over
//! word, affix, shape, context, gazetteer and document-memory features
//! (Ratinov and Roth 2009), decoded per sentence with Viterbi under BILOU
//! constraints. It is trained by `sitrep train ner` and stored in
//! `models/ner/ner.bin`. It reads tokens only (no part-of-speech tags), so it
//! runs the same whether or not a tagger ran before it.

pub mod clusters;
pub mod data;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod hash;
pub mod labels;
pub mod model;
pub mod normalize;
pub mod train;

use std::ops::Range;
use std::path::{Path, PathBuf};

use sitrep_document::Span;
use sitrep_text::Sentence;

use crate::models::ModelError;
use crate::types::{EntitySpan, EntityType, Parse};
use features::DocFeatures;
use model::Model;

/// File name of the NER model inside `models/ner/`.
pub const MODEL_FILE: &str = "ner.bin";

/// The entity recognizer, loaded once and shared across threads.
#[derive(Debug, Clone)]
pub struct Recognizer {
    model: Model,
}

impl Recognizer {
    /// Loads `models_dir/ner/ner.bin`.
    pub fn load(models_dir: &Path) -> Result<Self, ModelError> {
        let path = model_path(models_dir);
        let bytes = std::fs::read(&path).map_err(|e| ModelError::Load {
            path: path.clone(),
            message: e.to_string(),
        })?;
        Self::from_bytes(&bytes).map_err(|message| ModelError::Load { path, message })
    }

    /// Reads a model from its serialized bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        Model::read(bytes)
            .map(|model| Recognizer { model })
            .map_err(|e| e.to_string())
    }

    pub(crate) fn from_model(model: Model) -> Self {
        Recognizer { model }
    }

    /// Entities of a document, given its text, token spans and sentences (as in [`Parse`]).
    pub fn recognize(&self, text: &str, spans: &[Span], sentences: &[Sentence]) -> Vec<EntitySpan> {
        let tokens: Vec<&str> = spans
            .iter()
            .map(|s| text.get(s.start..s.end).unwrap_or(""))
            .collect();
        let ranges: Vec<Range<usize>> = sentences.iter().map(|s| s.tokens.clone()).collect();
        self.recognize_tokens(&tokens, &ranges)
            .into_iter()
            .map(|(r, label)| EntitySpan {
                span: Span::new(spans[r.start].start, spans[r.end - 1].end),
                tokens: r,
                label,
            })
            .collect()
    }

    /// Entities of a parsed document (uses its spans and sentences only).
    pub fn recognize_parse(&self, text: &str, parse: &Parse) -> Vec<EntitySpan> {
        self.recognize(text, &parse.spans, &parse.sentences)
    }

    /// Entity token ranges over plain tokens grouped into sentences (token index ranges).
    pub fn recognize_tokens(
        &self,
        tokens: &[&str],
        sentences: &[Range<usize>],
    ) -> Vec<(Range<usize>, EntityType)> {
        let mut buf = DocFeatures::default();
        let labels = self.model.tag(tokens, sentences, &mut buf);
        labels::decode(&labels)
    }

    /// Replaces the model's O bias (a decoding-time knob, for tuning on development data).
    pub fn set_o_bias(&mut self, b: f32) {
        self.model.set_o_bias(b);
    }

    /// Number of stored features (for reports).
    pub fn n_features(&self) -> usize {
        self.model.n_features()
    }
}

/// Where the model lives inside a models directory.
pub fn model_path(models_dir: &Path) -> PathBuf {
    models_dir.join("ner").join(MODEL_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn recognizer_is_shareable() {
        assert_send_sync::<Recognizer>();
    }

    #[test]
    fn missing_model_is_a_typed_error() {
        let e = Recognizer::load(Path::new("/nonexistent-dir")).unwrap_err();
        assert!(e.to_string().contains("ner.bin"), "{e}");
        assert!(Recognizer::from_bytes(b"garbage").is_err());
    }
}
