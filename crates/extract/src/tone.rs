//! Document tone in GDELT's V1.5 form.
//!
//! Positive and negative scores are the percentage of words found with a
//! positive or negative valence in the tone lexicon (VADER's word list, MIT;
//! compiled into `models/extract/tone_lexicon.tsv` by [`crate::build`]).
//! `tone = positive − negative` and `polarity = positive + negative`, the
//! identities real GKG rows satisfy. Activity density is the percentage of
//! verbs (parse tags when present, else an inflection heuristic); self/group
//! density the percentage of first-person pronouns.

use rustc_hash::FxHashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::lex::{Kind, Prepared};
use crate::{Context, ExtractError};

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

/// File name of the compiled lexicon inside the models directory.
pub const LEXICON_FILE: &str = "extract/tone_lexicon.tsv";

/// Word valences from the tone lexicon.
#[derive(Debug, Default)]
pub struct ToneLexicon {
    /// Word → (valence, is a self/group pronoun, is a known verb form).
    words: FxHashMap<String, (f32, bool, bool)>,
    /// Number of lexicon (valence) words.
    size: usize,
}

const SELF_GROUP: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
];

/// Frequent irregular verb forms, for activity density without a tagger.
const IRREGULAR_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tell", "made", "make", "took", "take", "went", "go", "goes",
    "came", "come", "saw", "see", "gave", "give", "left", "held", "met", "won", "lost", "fled",
    "led", "sent", "struck", "fought", "shot", "hit", "began", "rose", "fell", "built", "brought",
    "bought", "caught", "drew", "drove", "flew", "grew", "knew", "ran", "sold", "spoke", "stood",
    "threw", "wrote", "became", "broke", "chose", "kept", "paid", "put", "set", "got", "get",
    "found", "find", "thought", "think", "felt", "meet", "seek", "sought", "hold", "lead", "send",
    "fight", "win", "lose", "run", "attack", "attacks", "kill", "kills", "fire", "strike",
    "strikes", "launch", "vote", "votes", "act", "acts", "move", "moves", "push", "pushes", "warn",
    "warns", "cut", "cuts",
];

impl ToneLexicon {
    /// Loads `models_dir/extract/tone_lexicon.tsv` (`word<TAB>valence` lines); missing file → empty lexicon.
    pub fn load(models_dir: &Path) -> Result<Self, ExtractError> {
        let path = models_dir.join(LEXICON_FILE);
        if !path.exists() {
            return Ok(ToneLexicon::default());
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ExtractError(format!("{}: {e}", path.display())))?;
        Self::parse(&text).map_err(|(l, m)| ExtractError(format!("{}:{l}: {m}", path.display())))
    }

    pub(crate) fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut words: FxHashMap<String, (f32, bool, bool)> = FxHashMap::default();
        words.reserve(8000);
        let mut size = 0;
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (w, v) = line
                .split_once('\t')
                .ok_or((n + 1, "expected word<TAB>valence".to_string()))?;
            let v: f32 = v
                .trim()
                .parse()
                .map_err(|_| (n + 1, format!("bad valence {v:?}")))?;
            words.insert(w.to_string(), (v, false, false));
            size += 1;
        }
        for w in SELF_GROUP {
            words.entry(w.to_string()).or_insert((0.0, false, false)).1 = true;
        }
        for w in IRREGULAR_VERBS {
            words.entry(w.to_string()).or_insert((0.0, false, false)).2 = true;
        }
        Ok(ToneLexicon { words, size })
    }

    /// Number of words in the lexicon.
    pub fn len(&self) -> usize {
        self.size
    }

    /// True when no lexicon was loaded.
    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Scores one document.
    pub fn score(&self, cx: &Context<'_>) -> Tone {
        let p = Prepared::new(cx);
        self.score_prepared(cx, &p)
    }

    pub(crate) fn score_prepared(&self, cx: &Context<'_>, p: &Prepared<'_>) -> Tone {
        let tagged = cx
            .parse
            .tokens
            .iter()
            .any(|t| t.upos != sitrep_nlp::Upos::X);
        let (mut words, mut pos, mut neg, mut selfg, mut active) = (0u32, 0u32, 0u32, 0u32, 0u32);
        let mut buf = String::new();
        for i in 0..p.words.len() {
            let w = &p.words[i];
            if w.kind != Kind::Alpha {
                continue;
            }
            let l = p.l(i);
            if l == "'s" || l == "’s" {
                continue;
            }
            words += 1;
            let key: &str = if l.is_ascii() {
                l
            } else {
                buf.clear();
                crate::places::push_lower(&mut buf, l);
                &buf
            };
            let entry = self.words.get(key).copied();
            if let Some((v, is_self, is_verb)) = entry {
                // Negation flips the word (`not good`), as VADER's own rules do.
                let negated =
                    i >= 1 && matches!(p.l(i - 1), "not" | "no" | "never" | "without" | "n't");
                let v = if negated { -v } else { v };
                if v > 0.0 {
                    pos += 1;
                } else if v < 0.0 {
                    neg += 1;
                }
                selfg += is_self as u32;
                if !tagged && is_verb {
                    active += 1;
                    continue;
                }
            }
            if !tagged && looks_like_verb(key) {
                active += 1;
            }
        }
        if tagged {
            active = cx
                .parse
                .tokens
                .iter()
                .zip(&cx.parse.spans)
                .filter(|(t, s)| t.upos == sitrep_nlp::Upos::Verb && !cx.is_excluded(**s))
                .count() as u32;
        }
        if words == 0 {
            return Tone::default();
        }
        let pct = |n: u32| 100.0 * n as f64 / words as f64;
        let (positive, negative) = (pct(pos), pct(neg));
        Tone {
            tone: positive - negative,
            positive,
            negative,
            polarity: positive + negative,
            activity_density: pct(active),
            self_group_density: pct(selfg),
            word_count: words,
        }
    }
}

fn looks_like_verb(l: &str) -> bool {
    (l.len() > 4 && l.ends_with("ed") && !l.ends_with("eed"))
        || (l.len() > 5 && l.ends_with("ing") && !l.ends_with("thing"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Parse;

    #[test]
    fn identities_hold() {
        let lex = ToneLexicon::parse("good\t1.9\nbad\t-2.5\nkilled\t-3.5\n").unwrap();
        let parse = Parse::default();
        let text = "We said the deal was good, not bad. Ten people were killed.";
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        let t = lex.score(&cx);
        assert_eq!(t.word_count, 12);
        // good (+), `not bad` (+), killed (−)
        assert!((t.positive - 200.0 / 12.0).abs() < 1e-9);
        assert!((t.negative - 100.0 / 12.0).abs() < 1e-9);
        assert_eq!(t.tone, t.positive - t.negative);
        assert_eq!(t.polarity, t.positive + t.negative);
        assert!((t.self_group_density - 100.0 / 12.0).abs() < 1e-9);
        assert!(t.activity_density > 0.0);
    }

    #[test]
    fn bad_line_is_reported() {
        assert_eq!(ToneLexicon::parse("good\t1\nbad\n").unwrap_err().0, 2);
    }
}
