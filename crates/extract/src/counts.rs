//! GDELT-style counts: killed, wounded, arrested, protesters, displaced.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::{Context, Location};

/// One count (`KILL 12 soldiers`), with the nearest place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// GDELT count type (KILL, WOUND, ARREST, KIDNAP, PROTEST, DISPLACED, ...).
    pub count_type: String,
    pub number: f64,
    pub object: Option<String>,
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Index into the document's locations.
    pub location: Option<usize>,
}

/// PLACEHOLDER (issue #6).
pub fn extract(_cx: &Context<'_>, _locations: &[Location]) -> Vec<Count> {
    Vec::new()
}
