//! Quotations and who said them.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::Context;

/// What a quoted span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Direct speech in quotation marks.
    Direct,
    /// Reported speech ("X said that ..."), attributed as a claim.
    Indirect,
    /// A quoted term or scare quote, not speech.
    Term,
    /// A title of a work.
    Title,
}

/// One quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Canonical name of the speaker.
    pub speaker: Option<String>,
    /// Entity id of the speaker.
    pub speaker_entity: Option<String>,
    /// CAMEO actor code of the speaker.
    pub speaker_actor: Option<String>,
    /// Reporting verb lemma ("say", "tell", "observe").
    pub verb: Option<String>,
    pub kind: QuoteKind,
}

/// PLACEHOLDER (issue #6).
pub fn extract(_cx: &Context<'_>) -> Vec<Quote> {
    Vec::new()
}
