//! Rule-based tokenizer producing UD-style tokens with byte offsets.

use sitrep_document::Span;

use crate::Token;

/// Splits `text` into tokens.
///
/// PLACEHOLDER: whitespace and punctuation splitting; to be replaced by the
/// real tokenizer (issue #2).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Token { span: Span::new(s, i) });
            }
        } else if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else {
            if let Some(s) = start.take() {
                out.push(Token { span: Span::new(s, i) });
            }
            out.push(Token { span: Span::new(i, i + c.len_utf8()) });
        }
    }
    if let Some(s) = start {
        out.push(Token { span: Span::new(s, text.len()) });
    }
    out
}
