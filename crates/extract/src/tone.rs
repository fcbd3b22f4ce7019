//! Document tone in GDELT's V1.5 form.

use serde::{Deserialize, Serialize};

use crate::Context;

/// GDELT V1.5 tone fields. `tone = positive - negative`, `polarity = positive + negative`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Tone {
    pub tone: f64,
    pub positive: f64,
    pub negative: f64,
    pub polarity: f64,
    pub activity_density: f64,
    pub self_group_density: f64,
    pub word_count: u32,
}

/// PLACEHOLDER (issue #6).
pub fn score(_cx: &Context<'_>) -> Tone {
    Tone::default()
}
