//! Boilerplate inside article text: related-article headlines, captions, calls to action.

use sitrep_document::{Excluded, Span};

/// Finds spans of `text` that are not part of the story.
///
/// PLACEHOLDER: finds nothing yet (issue #2).
pub fn find(_text: &str, _paragraphs: &[Span]) -> Vec<Excluded> {
    Vec::new()
}
