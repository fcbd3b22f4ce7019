//! Date expressions, resolved against the document date.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::Context;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateResolution {
    Year,
    Month,
    Day,
    /// Month and day with no year (GDELT resolution 4).
    MonthDay,
}

/// One date expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// ISO form at the given resolution: `2006`, `2020-05`, `2020-05-27`.
    pub resolved: Option<String>,
    pub resolution: DateResolution,
}

/// PLACEHOLDER (issue #6).
pub fn extract(_cx: &Context<'_>) -> Vec<DateMention> {
    Vec::new()
}
