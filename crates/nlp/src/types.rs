//! The syntactic layer of a document: per-token tags, lemmas, heads and entity spans.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sitrep_document::Span;
use sitrep_text::Sentence;

/// Universal part-of-speech tags (UD v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj, Upos::Adp, Upos::Adv, Upos::Aux, Upos::Cconj, Upos::Det, Upos::Intj, Upos::Noun, Upos::Num,
        Upos::Part, Upos::Pron, Upos::Propn, Upos::Punct, Upos::Sconj, Upos::Sym, Upos::Verb, Upos::X,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Upos {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s).ok_or_else(|| format!("unknown UPOS tag {s:?}"))
    }
}

/// Tags, lemma and dependency of one token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenAnnotation {
    pub upos: Upos,
    /// Penn Treebank tag (interned).
    pub xpos: &'static str,
    pub lemma: String,
    /// Document-level index of the head token; `None` for a sentence root.
    pub head: Option<usize>,
    /// UD relation, with subtype (`nsubj:pass`), interned.
    pub deprel: &'static str,
}

/// Coarse named-entity classes.
///
/// GPE is folded into `Loc` (UNER's scheme); `Misc` covers nationalities,
/// groups, events and other names (NORP/MISC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Per,
    Org,
    Loc,
    Misc,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
        }
    }
}

impl FromStr for EntityType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "PER" | "PERSON" => Ok(EntityType::Per),
            "ORG" | "ORGANIZATION" => Ok(EntityType::Org),
            "LOC" | "GPE" | "LOCATION" | "FAC" => Ok(EntityType::Loc),
            "MISC" | "NORP" => Ok(EntityType::Misc),
            _ => Err(format!("unknown entity type {s:?}")),
        }
    }
}

/// A named-entity mention found by the recognizer: tokens `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySpan {
    pub tokens: std::ops::Range<usize>,
    pub span: Span,
    pub label: EntityType,
}

/// The NLP layer of one document, aligned with its segmentation.
///
/// `tokens[i]` annotates `segmentation.tokens[i]`. Sentences are copied from the
/// segmentation so that consumers need only this type.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    /// Token spans (same order as the segmentation's tokens).
    pub spans: Vec<Span>,
    pub tokens: Vec<TokenAnnotation>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<EntitySpan>,
}

impl Parse {
    /// The text of token `i`.
    pub fn text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        let s = self.spans[i];
        &text[s.start..s.end]
    }

    /// Children of token `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let sent = self.sentence_of(i);
        let range = self.sentences.get(sent).map_or(0..0, |s| s.tokens.clone());
        range.filter(move |&j| self.tokens[j].head == Some(i))
    }

    /// Index of the sentence containing token `i`.
    pub fn sentence_of(&self, i: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= i)
    }
}
