//! Story diff: which facts each article of a story reports, and which only one source reports.
//!
//! Facts are matched across articles by meaning, not by wording:
//! - **events**: same source actor, target actor and CAMEO code (day and place
//!   are left out: within a story they are the same happening);
//! - **amounts**: same currency or unit and value (to 3 significant digits, a
//!   range by both bounds);
//! - **quotes** (direct and reported speech): the shorter quote's words are at
//!   least [`QUOTE_OVERLAP`] contained in the longer one, so a trimmed quote
//!   matches the full one;
//! - **actors**: same CAMEO actor code, else (people and organizations) same
//!   canonical name.
//!
//! A fact is `only` when exactly one outlet reports it and the story has more than one.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Serialize;

use crate::query::{DocumentSummary, StorySummary};
use crate::{Result, Store};

/// Share of the shorter quote's words the longer one must contain for the two to be the same quote.
pub const QUOTE_OVERLAP: f64 = 0.8;

/// What kind of fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Event,
    Amount,
    Quote,
    Actor,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Event => "event",
            FactKind::Amount => "amount",
            FactKind::Quote => "quote",
            FactKind::Actor => "actor",
        }
    }
}

/// Where one article states a fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactEvidence {
    pub doc: i64,
    /// The text as this article gives it.
    pub text: String,
    pub start: i64,
    pub end: i64,
}

/// One fact and the articles that report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryFact {
    pub kind: FactKind,
    /// The matching key (stable across runs).
    pub key: String,
    pub label: String,
    /// Store ids of the documents that report it.
    pub documents: Vec<i64>,
    /// Outlets that report it.
    pub sources: Vec<String>,
    /// Reported by a single outlet while the story has several.
    pub only: bool,
    pub evidence: Vec<FactEvidence>,
}

/// A document of the story with its fact counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffDocument {
    #[serde(flatten)]
    pub document: DocumentSummary,
    /// Facts this document reports.
    pub facts: usize,
    /// Facts no other outlet reports.
    pub only_here: usize,
}

/// The facts of a story, by source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryDiff {
    pub story: StorySummary,
    pub documents: Vec<DiffDocument>,
    pub facts: Vec<StoryFact>,
}

#[derive(Default)]
struct Builder {
    facts: BTreeMap<(FactKind, String), (String, Vec<FactEvidence>)>,
}

impl Builder {
    fn add(&mut self, kind: FactKind, key: String, label: String, ev: FactEvidence) {
        let e = self.facts.entry((kind, key)).or_insert_with(|| (label, Vec::new()));
        e.1.push(ev);
    }
}

fn sig3(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return "0".into();
    }
    let mag = v.abs().log10().floor() as i32;
    let scale = 10f64.powi(2 - mag);
    format!("{}", (v * scale).round() / scale)
}

fn quote_words(s: &str) -> BTreeSet<String> {
    crate::terms::words(s).collect()
}

fn containment(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / small as f64
}

impl Store {
    /// The facts of story `id` and which articles report each.
    pub fn story_diff(&self, id: i64) -> Result<StoryDiff> {
        let story = self.story(id)?;
        // A merged-away id shows the story it lives on in.
        let id = story.id;
        let docs = self.documents(Some(id), crate::Page { limit: 100_000, offset: 0 })?;
        let c = &self.conn;
        let mut b = Builder::default();

        // `+m.aggregate`: go through the story's documents, not the mentions_pending index.
        let mut st = c.prepare_cached(
            "SELECT m.doc, m.actor1_code, m.actor2_code, m.code, m.actor1_name, m.actor2_name, m.evidence,
                    m.action_start, m.action_end
             FROM mentions m JOIN documents d ON d.id = m.doc
             WHERE d.story_id = ?1 AND +m.aggregate = 1 ORDER BY m.id",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let (doc, a1, a2, code): (i64, String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (n1, n2): (String, String) = (r.get(4)?, r.get(5)?);
            let side = |code: &str, name: &str| if code.is_empty() { "—".to_string() } else if name.is_empty() { code.to_string() } else { format!("{name} ({code})") };
            let label = format!("{} → {} : {}", side(&a1, &n1), side(&a2, &n2), code);
            b.add(FactKind::Event, format!("{a1}>{a2}>{code}"), label, FactEvidence {
                doc,
                text: r.get(6)?,
                start: r.get(7)?,
                end: r.get(8)?,
            });
        }

        let mut st = c.prepare_cached(
            "SELECT a.doc, a.value, a.value_max, a.unit, a.currency, a.object, a.text, a.start, a.end
             FROM amounts a JOIN documents d ON d.id = a.doc WHERE d.story_id = ?1 ORDER BY a.id",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let (doc, value, max): (i64, f64, Option<f64>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let (unit, currency, object): (Option<String>, Option<String>, Option<String>) = (r.get(3)?, r.get(4)?, r.get(5)?);
            let text: String = r.get(6)?;
            let what = currency.clone().or(unit.clone()).unwrap_or_default();
            let key = format!("{what}:{}{}", sig3(value), max.map(|m| format!("-{}", sig3(m))).unwrap_or_default());
            let label = match &object {
                Some(o) if !o.is_empty() => format!("{text} ({o})"),
                _ => text.clone(),
            };
            b.add(FactKind::Amount, key, label, FactEvidence { doc, text, start: r.get(7)?, end: r.get(8)? });
        }

        // Quotes: greedy grouping by word containment.
        let mut groups: Vec<(BTreeSet<String>, String, String)> = Vec::new();
        let mut st = c.prepare_cached(
            "SELECT q.doc, q.text, q.speaker, q.start, q.end FROM quotes q JOIN documents d ON d.id = q.doc
             WHERE d.story_id = ?1 AND q.kind IN ('direct', 'indirect') ORDER BY length(q.text) DESC, q.id",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let (doc, text, speaker): (i64, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let words = quote_words(&text);
            if words.is_empty() {
                continue;
            }
            let i = match groups.iter().position(|(w, _, _)| containment(w, &words) >= QUOTE_OVERLAP) {
                Some(i) => i,
                None => {
                    let key = format!("q{}", groups.len() + 1);
                    let label = match &speaker {
                        Some(s) if !s.is_empty() => format!("{s}: “{text}”"),
                        _ => format!("“{text}”"),
                    };
                    groups.push((words, key, label));
                    groups.len() - 1
                }
            };
            let (_, key, label) = &groups[i];
            b.add(FactKind::Quote, key.clone(), label.clone(), FactEvidence { doc, text, start: r.get(3)?, end: r.get(4)? });
        }

        let mut st = c.prepare_cached(
            "SELECT e.doc, e.actor, e.canonical, e.type, e.text, e.start, e.end FROM entities e
             JOIN documents d ON d.id = e.doc WHERE d.story_id = ?1 ORDER BY e.id",
        )?;
        let mut rows = st.query([id])?;
        while let Some(r) = rows.next()? {
            let (doc, actor, canonical, kind): (i64, Option<String>, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (key, label) = match actor.filter(|a| !a.is_empty()) {
                Some(a) => (a.clone(), format!("{canonical} ({a})")),
                None if kind == "PER" || kind == "ORG" => (canonical.to_lowercase(), canonical.clone()),
                None => continue,
            };
            b.add(FactKind::Actor, key, label, FactEvidence { doc, text: r.get(4)?, start: r.get(5)?, end: r.get(6)? });
        }

        let source_of: BTreeMap<i64, String> = docs.iter().map(|d| (d.id, d.source_name.clone())).collect();
        let story_sources: HashSet<&String> = source_of.values().collect();
        let mut facts: Vec<StoryFact> = b
            .facts
            .into_iter()
            .map(|((kind, key), (label, mut evidence))| {
                let documents: Vec<i64> = evidence.iter().map(|e| e.doc).collect::<BTreeSet<_>>().into_iter().collect();
                let sources: Vec<String> =
                    documents.iter().filter_map(|d| source_of.get(d).cloned()).collect::<BTreeSet<_>>().into_iter().collect();
                // One piece of evidence per document is enough to show.
                let mut seen = HashSet::new();
                evidence.retain(|e| seen.insert(e.doc));
                StoryFact { kind, key, label, only: sources.len() == 1 && story_sources.len() > 1, documents, sources, evidence }
            })
            .collect();
        facts.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.documents.len().cmp(&a.documents.len())).then(a.key.cmp(&b.key)));
        let documents = docs
            .into_iter()
            .map(|d| {
                let mine = facts.iter().filter(|f| f.documents.contains(&d.id));
                let (n, only) = mine.fold((0, 0), |(n, o), f| (n + 1, o + usize::from(f.only)));
                DiffDocument { document: d, facts: n, only_here: only }
            })
            .collect();
        Ok(StoryDiff { story, documents, facts })
    }
}
