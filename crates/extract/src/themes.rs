//! GKG theme labels assigned by dictionary rules.
//!
//! The rules (`models/extract/themes.tsv`, compiled by [`crate::build`] from our
//! hand-written `crates/extract/data/theme_rules.txt` plus the taxonomy labels
//! whose names spell their keyword) map phrases to GKG labels. All phrases go
//! into one Aho-Corasick automaton, built once at load and run over the
//! lowercased text; a match counts when it falls on word boundaries.

use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::lex::Prepared;
use crate::{Context, ExtractError};

/// One theme mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// GKG theme label (`SANCTIONS`, `TAX_FNCACT_PRESIDENT`, ...).
    pub theme: String,
    #[serde(flatten)]
    pub span: Span,
}

/// File name of the compiled rules inside the models directory.
pub const THEMES_FILE: &str = "extract/themes.tsv";

/// The compiled theme rules.
#[derive(Debug, Default)]
pub struct ThemeRules {
    labels: Vec<String>,
    /// Per pattern: the labels it assigns.
    pattern_labels: Vec<Vec<u32>>,
    automaton: Option<AhoCorasick>,
}

impl ThemeRules {
    /// Loads `models_dir/extract/themes.tsv` (`LABEL<TAB>phrase|phrase` lines); missing file → no themes.
    pub fn load(models_dir: &Path) -> Result<Self, ExtractError> {
        let path = models_dir.join(THEMES_FILE);
        if !path.exists() {
            return Ok(ThemeRules::default());
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ExtractError(format!("{}: {e}", path.display())))?;
        Self::parse(&text).map_err(|(l, m)| ExtractError(format!("{}:{l}: {m}", path.display())))
    }

    pub(crate) fn parse(text: &str) -> Result<Self, (usize, String)> {
        let mut labels = Vec::new();
        let mut phrases: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let mut pattern_labels: Vec<Vec<u32>> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (label, list) = line
                .split_once('\t')
                .ok_or((n + 1, "expected LABEL<TAB>phrases".to_string()))?;
            let li = labels.len() as u32;
            labels.push(label.to_string());
            for ph in list.split('|').map(str::trim).filter(|s| !s.is_empty()) {
                let ph = ph.to_ascii_lowercase();
                let pi = *index.entry(ph.clone()).or_insert_with(|| {
                    phrases.push(ph);
                    pattern_labels.push(Vec::new());
                    phrases.len() - 1
                });
                if !pattern_labels[pi].contains(&li) {
                    pattern_labels[pi].push(li);
                }
            }
        }
        // The contiguous NFA stays cache-sized; the DFA of ~4,600 phrases does
        // not, and scanned news about 10 % slower (`stages` example, extract stage).
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&phrases)
            .map_err(|e| (0, format!("building the theme automaton: {e}")))?;
        Ok(ThemeRules {
            labels,
            pattern_labels,
            automaton: Some(automaton),
        })
    }

    /// Number of labels the rules can assign.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when no rules were loaded.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Finds the theme mentions of one document.
    pub fn extract(&self, cx: &Context<'_>) -> Vec<Theme> {
        let p = Prepared::new(cx);
        self.extract_prepared(&p)
    }

    pub(crate) fn extract_prepared(&self, p: &Prepared<'_>) -> Vec<Theme> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let hay = p.lower.as_bytes();
        let mut out = Vec::new();
        for m in ac.find_iter(hay) {
            let (s, e) = (m.start(), m.end());
            let before_ok = s == 0 || !is_word_byte(hay[s - 1]);
            let after_ok = e == hay.len() || !is_word_byte(hay[e]);
            if !before_ok || !after_ok {
                continue;
            }
            for &l in &self.pattern_labels[m.pattern().as_usize()] {
                out.push(Theme {
                    theme: self.labels[l as usize].clone(),
                    span: Span::new(s, e),
                });
            }
        }
        out
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Parse;

    #[test]
    fn phrases_on_word_boundaries() {
        let r = ThemeRules::parse("SANCTIONS\tsanctions|maximum pressure\nTAX_FNCACT\tpresident\nTAX_FNCACT_PRESIDENT\tpresident\n").unwrap();
        let parse = Parse::default();
        let text = "The President's Maximum Pressure sanctions; vice-presidential sanctionsx.";
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        let t: Vec<String> = r.extract(&cx).into_iter().map(|t| t.theme).collect();
        assert_eq!(
            t,
            [
                "TAX_FNCACT",
                "TAX_FNCACT_PRESIDENT",
                "SANCTIONS",
                "SANCTIONS"
            ]
        );
    }
}
