//! Named-entity recognition: a trained BILOU sequence tagger with gazetteer features (PER, ORG, LOC, MISC).
//!
//! The model is an averaged structured perceptron (Collins 2002) over
//! word, affix, shape, context, gazetteer, capitalized-run and document-memory features
//! (Ratinov and Roth 2009), decoded per sentence with Viterbi under BILOU
//! constraints. It is trained by `sitrep train ner` and stored in
//! `models/ner/ner.bin`. The shipped model reads tokens only. A model trained
//! with `--pos` (part-of-speech features from jackknifed tags; no gain on UNER
//! EWT dev so far: 72.2 against 73.0) also reads the XPOS tags that
//! `models/tagger.bin` predicts: the pipeline passes the tags it already has;
//! given plain tokens, the caller tags them first ([`load_tagger`],
//! [`train::tag_docs`]). Such a model must be retrained whenever the tagger is.

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
        let forms: Vec<std::borrow::Cow<'_, str>> = spans
            .iter()
            .map(|s| sitrep_text::word_form(text.get(s.start..s.end).unwrap_or("")))
            .collect();
        let tokens: Vec<&str> = forms.iter().map(AsRef::as_ref).collect();
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

    /// Entities of a parsed document (its spans, sentences and XPOS tags).
    pub fn recognize_parse(&self, text: &str, parse: &Parse) -> Vec<EntitySpan> {
        if !self.model.uses_tags || parse.tokens.len() != parse.spans.len() {
            return self.recognize(text, &parse.spans, &parse.sentences);
        }
        let forms: Vec<std::borrow::Cow<'_, str>> = parse
            .spans
            .iter()
            .map(|s| sitrep_text::word_form(text.get(s.start..s.end).unwrap_or("")))
            .collect();
        let tokens: Vec<&str> = forms.iter().map(AsRef::as_ref).collect();
        let tags: Vec<u64> = parse.tokens.iter().map(|t| tag_value(t.xpos)).collect();
        let ranges: Vec<Range<usize>> = parse.sentences.iter().map(|s| s.tokens.clone()).collect();
        self.recognize_tagged(&tokens, &ranges, &tags)
            .into_iter()
            .map(|(r, label)| EntitySpan {
                span: Span::new(parse.spans[r.start].start, parse.spans[r.end - 1].end),
                tokens: r,
                label,
            })
            .collect()
    }

    /// Entity token ranges over tokens with their [`tag_value`]s (`tags` empty: untagged).
    pub fn recognize_tagged(
        &self,
        tokens: &[&str],
        sentences: &[Range<usize>],
        tags: &[u64],
    ) -> Vec<(Range<usize>, EntityType)> {
        let mut buf = DocFeatures::default();
        let labels = self.model.tag(tokens, sentences, tags, &mut buf);
        let mut out = labels::decode(&labels);
        trim_weekdays(tokens, &mut out);
        out
    }

    /// Whether the model was trained with part-of-speech features (and so works best given tags).
    pub fn uses_tags(&self) -> bool {
        self.model.uses_tags
    }

    /// Entity token ranges over plain tokens grouped into sentences (token index ranges).
    pub fn recognize_tokens(
        &self,
        tokens: &[&str],
        sentences: &[Range<usize>],
    ) -> Vec<(Range<usize>, EntityType)> {
        self.recognize_tagged(tokens, sentences, &[])
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

/// Drops a weekday from the edge of a person or place name: "Donald Trump Saturday said"
/// and "Capitol Hill Tuesday" are a name followed by a time (the model has seen few such
/// datelines; UNER and GUM never put a weekday inside a person or place). A weekday after
/// a word that makes a name with it ("Black Friday", "Super Tuesday") stays.
fn trim_weekdays(tokens: &[&str], entities: &mut [(Range<usize>, EntityType)]) {
    let weekday = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].contains(t)
        })
    };
    const OPENERS: &[&str] = &["Black", "Good", "Super", "Easter", "Palm", "Ash", "Cyber", "Bloody", "Holy", "Maundy", "Giving"];
    for (r, label) in entities.iter_mut() {
        if !matches!(label, EntityType::Per | EntityType::Loc) {
            continue;
        }
        if r.len() >= 2 && weekday(r.end - 1) && !OPENERS.contains(&tokens[r.end - 2]) {
            r.end -= 1;
        }
        if r.len() >= 2 && weekday(r.start) {
            r.start += 1;
        }
    }
}

/// The part-of-speech feature value of an XPOS tag.
pub fn tag_value(xpos: &str) -> u64 {
    hash::hash_str(xpos)
}

/// Loads the tagger of `models_dir/tagger.bin` alone (to tag plain tokens for a model that [`Recognizer::uses_tags`]).
pub fn load_tagger(models_dir: &Path) -> Result<crate::tagger::Tagger, ModelError> {
    let path = models_dir.join(crate::models::TAGGER_FILE);
    let bytes = std::fs::read(&path).map_err(|e| ModelError::Load {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let bad = |e: crate::binfmt::FormatError| ModelError::Load {
        path: path.clone(),
        message: e.to_string(),
    };
    let mut r = crate::binfmt::Reader::new(&bytes, crate::models::TAGGER_MAGIC).map_err(bad)?;
    crate::tagger::Tagger::read(&mut r).map_err(bad)
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
    fn a_weekday_is_trimmed_from_a_person_or_place_but_not_from_a_holiday() {
        let tokens = ["Donald", "Trump", "Saturday", "said", "Black", "Friday", "Sunday", "Times", "Capitol", "Hill", "Tuesday"];
        let mut e = vec![
            (0..3, EntityType::Per),
            (4..6, EntityType::Per),
            (6..8, EntityType::Org),
            (8..11, EntityType::Loc),
        ];
        trim_weekdays(&tokens, &mut e);
        assert_eq!(e, vec![(0..2, EntityType::Per), (4..6, EntityType::Per), (6..8, EntityType::Org), (8..10, EntityType::Loc)]);
    }

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
