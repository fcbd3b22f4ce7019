//! Text segmentation: tokens, sentences, paragraphs and excluded boilerplate spans.
//!
//! This is the first NLP stage. It knows nothing of tags or parses; it only
//! decides where tokens and sentences begin and end, and which spans of an
//! article are page furniture rather than story. Every later stage reads its
//! [`Segmentation`].

pub mod boilerplate;
pub mod eval;
pub mod sentences;
pub mod tokenize;

pub use tokenize::word_form;

use std::ops::Range;

use serde::Serialize;
use sitrep_document::{Excluded, Span};

/// One token: a span of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    #[serde(flatten)]
    pub span: Span,
}

/// One sentence: its span and the range of token indices it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    #[serde(flatten)]
    pub span: Span,
    #[serde(skip)]
    pub tokens: Range<usize>,
    /// True when the sentence lies inside an excluded (boilerplate) span.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// The segmentation of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Paragraph spans (blocks separated by blank lines or single newlines).
    pub paragraphs: Vec<Span>,
    /// Spans that are not part of the story, with the reason.
    pub excluded: Vec<Excluded>,
}

impl Segmentation {
    /// The text of token `i`.
    pub fn token_text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let s = self.tokens[i].span;
        &text[s.start..s.end]
    }

    /// Sentences that belong to the story (not excluded).
    pub fn story_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences.iter().enumerate().filter(|(_, s)| !s.excluded)
    }
}

/// Segments `text` into tokens, sentences and paragraphs, and marks boilerplate.
pub fn segment(text: &str) -> Segmentation {
    let mut tokens = tokenize::tokenize(text);
    let paragraphs = sentences::paragraphs(text);
    let excluded = boilerplate::find(text, &paragraphs);
    // Boilerplate inside a paragraph (The Hill's name-and-headlines cards) is cut out of
    // the token stream, so that the sentence around it is split and parsed as the story
    // wrote it: "Rep. Jane Roe [card] (D-Calif.) said ..." keeps Roe as the subject.
    // Whole excluded paragraphs keep their tokens and become excluded sentences.
    let inline: Vec<Span> = excluded.iter().map(|e| e.span).filter(|x| !paragraphs.contains(x)).collect();
    if !inline.is_empty() {
        tokens.retain(|t| !inline.iter().any(|x| x.contains(t.span)));
    }
    let mut sentences = sentences::split(text, &tokens, &paragraphs);
    for s in &mut sentences {
        s.excluded = excluded.iter().any(|e| e.span.contains(s.span));
    }
    Segmentation { tokens, sentences, paragraphs, excluded }
}

#[cfg(test)]
mod tests {
    /// A card of other stories' headlines inside a sentence leaves no token and no sentence
    /// break behind: the sentence reads "Senator Jane Roe (D-Calif.) said ...".
    #[test]
    fn inline_boilerplate_is_cut_from_the_token_stream() {
        let text = "Senator Jane Roe Jane Mary RoeBudget talks collapse. Senate passes farm bill. Roe: 'We will win' MORE (D-Calif.) said on Monday that the talks would go on.";
        let seg = super::segment(text);
        assert_eq!(seg.excluded.len(), 1);
        let words: Vec<&str> = seg.tokens.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert_eq!(words[..5], ["Senator", "Jane", "Roe", "(", "D"], "{words:?}");
        assert_eq!(seg.sentences.len(), 1, "{:?}", seg.sentences);
        assert!(!seg.sentences[0].excluded);
    }

    /// Random strings over an alphabet of the characters the rules care about: every
    /// token must be a non-empty, ordered substring on char boundaries, and nothing panics.
    #[test]
    fn segmentation_is_total_on_odd_input() {
        const ALPHABET: &[&str] = &[
            "a", "Z", "7", " ", "\n", "\n\n", ".", "..", "'", "’", "\"", "“", "”", "-", "—", "$", "%", ":", ")", "(", "@",
            "http://", "www.", "n't", "'s", "U.S.", "Mr.", "MORE", "ü", "😀", "\u{a0}", "\u{200b}", "\u{301}", ",", "/", "&",
            "Read more:", "Advertisement", "#", "*", "?!", "e-", "com",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut s = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(ALPHABET[(seed % ALPHABET.len() as u64) as usize]);
            }
            let seg = crate::segment(&s);
            let mut last = 0;
            for t in &seg.tokens {
                assert!(t.span.start >= last && t.span.end > t.span.start, "{s:?}");
                assert!(s.is_char_boundary(t.span.start) && s.is_char_boundary(t.span.end), "{s:?}");
                last = t.span.end;
            }
            for x in &seg.sentences {
                assert!(x.tokens.start < x.tokens.end && x.tokens.end <= seg.tokens.len(), "{s:?}");
            }
        }
    }
}
