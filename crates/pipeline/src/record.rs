//! The public JSON document object (schema in docs/schema.md).
//!
//! This is the one place that decides what `sitrep analyze --format jsonl`,
//! the store and the HTTP API emit for a document. Evolve it by adding fields,
//! never by renaming.

use chrono::NaiveDate;
use serde::Serialize;
use sitrep_actors::Entity;
use sitrep_document::{offsets, CharIndex, Excluded, Span, SCHEMA_VERSION};
use sitrep_events::Event;
use sitrep_extract::{Amount, Count, DateMention, Location, Quote, Theme, Tone};

use crate::Analyzed;

/// What to include beyond the default fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordOptions {
    /// Per-token fields (`--tokens`).
    pub tokens: bool,
    /// The document text itself.
    pub text: bool,
}

/// One sentence in the output.
#[derive(Debug, Serialize)]
pub struct SentenceRecord {
    #[serde(flatten)]
    pub span: Span,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// One token in the output (`--tokens`).
#[derive(Debug, Serialize)]
pub struct TokenRecord<'a> {
    pub text: &'a str,
    #[serde(flatten)]
    pub span: Span,
    pub lemma: &'a str,
    pub upos: &'static str,
    pub xpos: &'static str,
    /// 1-based index of the head within the sentence; 0 for the root.
    pub head: usize,
    pub deprel: &'static str,
    pub sentence: usize,
}

/// The public JSON object for one analyzed document.
#[derive(Debug, Serialize)]
pub struct DocumentRecord<'a> {
    pub schema_version: &'static str,
    pub id: &'a str,
    pub date: Option<NaiveDate>,
    pub title: Option<&'a str>,
    pub source: Option<&'a str>,
    pub url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// Length of the text in characters.
    pub chars: usize,
    pub token_count: usize,
    pub sentence_count: usize,
    pub excluded: &'a [Excluded],
    pub sentences: Vec<SentenceRecord>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<TokenRecord<'a>>>,
    pub entities: &'a [Entity],
    pub events: &'a [Event],
    pub quotes: &'a [Quote],
    pub amounts: &'a [Amount],
    pub counts: &'a [Count],
    pub dates: &'a [DateMention],
    pub locations: &'a [Location],
    pub tone: &'a Tone,
    pub themes: &'a [Theme],
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub metadata: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> DocumentRecord<'a> {
    pub fn new(a: &'a Analyzed, opts: RecordOptions) -> Self {
        let text = a.document.text.as_str();
        let p = &a.parse;
        let tokens = opts.tokens.then(|| {
            let mut out = Vec::with_capacity(p.tokens.len());
            for (si, s) in p.sentences.iter().enumerate() {
                for i in s.tokens.clone() {
                    let t = &p.tokens[i];
                    out.push(TokenRecord {
                        text: p.text(text, i),
                        span: p.spans[i],
                        lemma: &t.lemma,
                        upos: t.upos.as_str(),
                        xpos: t.xpos,
                        head: t.head.map_or(0, |h| h + 1 - s.tokens.start),
                        deprel: t.deprel,
                        sentence: si,
                    });
                }
            }
            out
        });
        DocumentRecord {
            schema_version: SCHEMA_VERSION,
            id: &a.document.id,
            date: a.document.date,
            title: a.document.title.as_deref(),
            source: a.document.source.as_deref(),
            url: a.document.url.as_deref(),
            text: opts.text.then_some(text),
            chars: text.chars().count(),
            token_count: p.tokens.len(),
            sentence_count: p.sentences.len(),
            excluded: &a.excluded,
            sentences: p.sentences.iter().map(|s| SentenceRecord { span: s.span, excluded: s.excluded }).collect(),
            tokens,
            entities: &a.entities,
            events: &a.events,
            quotes: &a.extracted.quotes,
            amounts: &a.extracted.amounts,
            counts: &a.extracted.counts,
            dates: &a.extracted.dates,
            locations: &a.extracted.locations,
            tone: &a.extracted.tone,
            themes: &a.extracted.themes,
            metadata: &a.document.metadata,
        }
    }

    /// Serializes with character offsets, as the public schema requires.
    pub fn to_json_string(&self, text: &str) -> serde_json::Result<String> {
        let idx = CharIndex::new(text);
        offsets::with_char_offsets(&idx, || serde_json::to_string(self))
    }

    /// Like [`to_json_string`](Self::to_json_string), as a JSON value.
    pub fn to_json_value(&self, text: &str) -> serde_json::Result<serde_json::Value> {
        let idx = CharIndex::new(text);
        offsets::with_char_offsets(&idx, || serde_json::to_value(self))
    }
}
