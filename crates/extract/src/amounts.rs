//! Numeric amounts: money, quantities and the object counted.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::Context;

/// A number with its unit, currency and counted object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The value, scaled ("1.53 million" = 1530000); the lower bound of a range.
    pub value: f64,
    /// Upper bound of a range ("between $500 million and $700 million").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// What is counted ("barrels of gasoline and alkylate").
    pub object: Option<String>,
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Approximation marker ("about", "more than"), when present.
    pub approx: Option<String>,
}

/// PLACEHOLDER (issue #6).
pub fn extract(_cx: &Context<'_>) -> Vec<Amount> {
    Vec::new()
}
