//! Sentence and paragraph boundaries.

use sitrep_document::Span;

use crate::{Sentence, Token};

/// Paragraph spans: maximal runs of non-blank lines, trimmed.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push(Span::new(pos + lead, pos + lead + trimmed.len()));
        }
        pos += line.len();
    }
    out
}

/// Groups tokens into sentences, never across a paragraph boundary.
///
/// PLACEHOLDER: ends a sentence after `.`, `!` or `?`; to be replaced by the
/// real splitter (issue #2).
pub fn split(text: &str, tokens: &[Token], paragraphs: &[Span]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    for (i, t) in tokens.iter().enumerate() {
        let s = &text[t.span.start..t.span.end];
        let next_par = tokens.get(i + 1).is_none_or(|n| paragraphs.iter().any(|p| p.start == n.span.start));
        if matches!(s, "." | "!" | "?") || next_par {
            out.push(Sentence { span: Span::new(tokens[first].span.start, t.span.end), tokens: first..i + 1, excluded: false });
            first = i + 1;
        }
    }
    out
}
