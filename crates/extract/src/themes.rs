//! GKG theme labels assigned by dictionary rules.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::Context;

/// One theme mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// GKG theme label (`SANCTIONS`, `TAX_FNCACT_PRESIDENT`, ...).
    pub theme: String,
    #[serde(flatten)]
    pub span: Span,
}

/// PLACEHOLDER (issue #6).
pub fn extract(_cx: &Context<'_>) -> Vec<Theme> {
    Vec::new()
}
