//! The document model every sitrep stage reads and annotates.
//!
//! A [`Document`] is one article as a reader found it. Every annotation a later
//! stage produces points back into [`Document::text`] through a [`Span`], so each
//! coded fact can be traced to the characters that produced it.
//!
//! Offsets are **byte** offsets inside the library (cheap slicing of a `&str`) and
//! **character** (Unicode scalar) offsets in every public output, because that is
//! what Python, GDELT and most consumers count. The conversion lives in
//! [`offsets`] and is applied by the sinks, never by the stages.

pub mod error;
pub mod offsets;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use error::{RecordError, RecordErrorKind, RecordLocation};
pub use offsets::CharIndex;

/// Version of the public JSON document schema (docs/schema.md).
pub const SCHEMA_VERSION: &str = "1.0";

/// One input article: text plus what the source said about it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier: file name, JSONL `id`, or WARC record id / URL.
    pub id: String,
    /// Publication date, when the source gives one.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    /// Outlet name or domain.
    pub source: Option<String>,
    pub url: Option<String>,
    /// The body text; every span in an analysis indexes into this string.
    pub text: String,
    /// Everything else the source carried (JSONL extra fields, WARC headers, ...).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

impl Document {
    /// A document with only an id and a body.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), text: text.into(), ..Default::default() }
    }

    /// The text under `span`.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }
}

/// A half-open byte range `[start, end)` into a document's text.
///
/// Serialized as `{"start": .., "end": ..}` in **character** offsets when a
/// [`CharIndex`] is installed with [`offsets::with_char_offsets`] (sinks do this),
/// so the public schema never leaks UTF-8 byte positions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Span", 2)?;
        st.serialize_field("start", &offsets::out(self.start))?;
        st.serialize_field("end", &offsets::out(self.end))?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            start: usize,
            end: usize,
        }
        let r = Raw::deserialize(d)?;
        Ok(Span::new(offsets::inp(r.start), offsets::inp(r.end)))
    }
}

/// Why a span of the text is not part of the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionReason {
    /// A headline of another article dropped between paragraphs.
    RelatedHeadline,
    /// Photo caption or credit.
    Caption,
    /// "Read more", "Click here", "Sign up" and similar calls to action.
    CallToAction,
    /// Share buttons, bylines repeated in the body, copyright lines and other page furniture.
    PageFurniture,
    /// The metadata header of a news record (`date YYYY-MM-DD`).
    Header,
}

/// A span that later stages must skip, with the reason it was excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    #[serde(flatten)]
    pub span: Span,
    pub reason: ExclusionReason,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_geometry() {
        let a = Span::new(2, 6);
        assert!(a.overlaps(Span::new(5, 9)));
        assert!(!a.overlaps(Span::new(6, 9)));
        assert!(a.contains(Span::new(3, 6)));
        assert_eq!(a.cover(Span::new(8, 9)), Span::new(2, 9));
    }
}
