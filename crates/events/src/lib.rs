//! Event coding: who did what to whom, read off the dependency parse with PETRARCH-2 verb patterns.
//!
//! Every [`Event`] carries its evidence (the sentence, the pattern and the
//! dictionary line that fired) so a coded row can be checked by a reader.
//!
//! The pieces: [`verbs`] reads the PETRARCH-2 verb dictionary, [`pico`] the
//! internal coding ontology that lets verbs combine, [`nouns`] turns noun
//! phrases into actor codes with the actor stage's dictionaries, [`matcher`]
//! codes one sentence, [`tables`] adds Goldstein scores and PLOVER types,
//! [`anchor`] dates events by the text, [`compiled`] is the shipped model in
//! `models/events/`, and [`petrarch`] runs the PETRARCH conformance suite.

pub mod anchor;
pub mod commas;
pub mod compiled;
pub mod discards;
pub mod matcher;
pub mod naming;
pub mod nouns;
pub mod options;
pub mod petrarch;
pub mod pico;
pub mod sentence;
pub mod tables;
pub mod verbs;

use std::path::Path;

use serde::{Deserialize, Serialize};
use sitrep_actors::dictionary::{Dictionaries, MatchOptions};
use sitrep_actors::Entity;
use sitrep_document::Span;
use sitrep_extract::gender::{Gender, GivenNames};
use sitrep_extract::{DateMention, DateResolution, Location};
use sitrep_nlp::Parse;

pub use discards::Discards;
pub use matcher::SentEvent;
pub use options::{CoderOptions, CommaRules};
pub use pico::Ontology;
pub use sentence::Sentence;
pub use tables::Tables;
pub use verbs::VerbDictionary;

/// One side of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventActor {
    /// Entity id in the document's `entities`, when the actor is a resolved entity.
    pub entity: Option<String>,
    pub text: String,
    /// CAMEO actor code (`IRN`, `VENGOV`, `USAGOV`).
    pub code: String,
    #[serde(flatten)]
    pub span: Span,
}

/// Why the coder emitted this event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence text.
    pub sentence: String,
    /// The pattern that fired, as written in the dictionary.
    pub pattern: String,
    /// `file:line` of the pattern.
    pub dictionary: String,
    /// Further dictionary lines that shaped the code (a governing verb, a transformation), as `file:line pattern`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// When an event happened, as the text anchors it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDate {
    /// ISO date at the given precision (`2006`, `2020-05`, `2020-05-29`).
    pub date: String,
    pub precision: DateResolution,
    /// `document` when it falls back to the document date, `text` when a date expression anchors it.
    pub source: String,
    /// The anchoring expression ("in 2006"), when the text gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// PLOVER event type and mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    pub event: String,
    pub mode: Option<String>,
    pub context: Option<String>,
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    pub sentence: usize,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    /// CAMEO code with leading zeros (`043`, `1823`).
    pub code: String,
    pub base_code: String,
    pub root_code: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover: Option<Plover>,
    pub is_root: bool,
    /// The verb (or phrase) that expresses the action.
    pub action: Span,
    pub date: Option<EventDate>,
    pub negated: bool,
    /// `intent`, `threat`, `refused`, `denied` ... when the action is not asserted as done
    /// (`hypothetical` only with a negation: other speculation is not coded).
    pub modality: Option<String>,
    /// Index into the document's locations.
    pub location: Option<usize>,
    pub evidence: Evidence,
}

impl Event {
    /// Whether both kept actors are named inside `sentence` (GDELT's InRawText); true when unknown.
    pub fn actors_within(source: Option<&EventActor>, target: Option<&EventActor>, sentence: Option<Span>) -> bool {
        let inside = |x: Option<&EventActor>| match (x, sentence) {
            (Some(x), Some(s)) => s.contains(x.span),
            _ => true,
        };
        inside(source) && inside(target)
    }

    /// GDELT's mention confidence (10-100) for this event as read off `sentence`,
    /// the span of the sentence it was coded from, with `source` and `target` the
    /// actors the caller keeps (a GDELT row keeps only valid actor codes): 30 off
    /// when an actor lies outside that sentence, 20 per missing actor, 20 when the
    /// action is not asserted, 10 when it is not the sentence's root event. The
    /// GDELT sinks and the corpus store both report it, so it is defined once, here.
    pub fn mention_confidence(
        &self,
        source: Option<&EventActor>,
        target: Option<&EventActor>,
        sentence: Option<Span>,
    ) -> u8 {
        let (src, tgt) = (source, target);
        let mut confidence: i32 = 100;
        if !Self::actors_within(src, tgt, sentence) {
            confidence -= 30;
        }
        confidence -= 20 * (src.is_none() as i32 + tgt.is_none() as i32);
        if self.modality.is_some() {
            confidence -= 20;
        }
        if !self.is_root {
            confidence -= 10;
        }
        confidence.clamp(10, 100) as u8
    }
}

/// A dictionary that could not be read; names the file and line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DictionaryError(pub String);

/// Inputs to event coding for one document.
pub struct EventInput<'a> {
    pub text: &'a str,
    pub date: Option<chrono::NaiveDate>,
    pub parse: &'a Parse,
    pub entities: &'a [Entity],
    pub dates: &'a [DateMention],
    pub locations: &'a [Location],
}

/// The dictionaries one coding run needs.
#[derive(Debug, Clone, Default)]
pub struct CodingResources {
    pub verbs: VerbDictionary,
    pub onto: Ontology,
    /// Actor and agent dictionaries; without them only entities with actor codes are actors.
    pub actors: Option<Dictionaries>,
    pub discards: Discards,
    pub match_options: MatchOptions,
    /// Given names with a known gender: a "she" is not a man named before it.
    pub given_names: GivenNames,
}

impl CodingResources {
    /// Codes one sentence that [`CodingResources::sentence_discards`] kept (comma rules applied);
    /// `entities` are actor codes already assigned to tokens.
    pub fn code_sentence(
        &self,
        s: &mut Sentence,
        date: Option<chrono::NaiveDate>,
        entities: &[nouns::EntityCode],
        opts: &CoderOptions,
    ) -> Vec<SentEvent> {
        self.code_sentence_after(s, date, entities, None, opts)
    }

    /// [`CodingResources::code_sentence`] with the one person (actor code, entity index) the
    /// sentence before names, for a "he" or "she" its own sentence does not resolve.
    pub fn code_sentence_after(
        &self,
        s: &mut Sentence,
        date: Option<chrono::NaiveDate>,
        entities: &[nouns::EntityCode],
        person_before: Option<(&str, usize, Option<Gender>)>,
        opts: &CoderOptions,
    ) -> Vec<SentEvent> {
        commas::mask(s, &opts.comma);
        let nouns = nouns::NounContext {
            dicts: self.actors.as_ref(),
            date,
            entities,
            options: self.match_options,
            null_actors: opts.null_actors,
            non_actor_prepositions: &opts.non_actor_prepositions,
            person_before,
        };
        let m = matcher::Matcher { verbs: &self.verbs, onto: &self.onto, opts, nouns };
        m.code(s)
    }

    /// Per sentence, whether a discard phrase drops it, or `None` when a story-level phrase
    /// drops the whole document: both answers from one scan of each sentence.
    /// `skip_years`: bare years do not drop a sentence (the `code_dated_history` option).
    pub fn sentence_discards(&self, sentences: &[Sentence], skip_years: bool) -> Option<Vec<bool>> {
        let mut out = Vec::with_capacity(sentences.len());
        for s in sentences {
            let words: Vec<&str> = s.toks.iter().map(|t| t.form.as_str()).collect();
            let [all, no_years] = self.discards.check_both(&words);
            if matches!(all, Some((discards::DiscardHit::Story, _))) {
                return None;
            }
            out.push(if skip_years { no_years.is_some() } else { all.is_some() });
        }
        Some(out)
    }
}

/// The loaded verb dictionary and coder options.
#[derive(Debug, Default)]
pub struct EventCoder {
    pub resources: CodingResources,
    pub tables: Tables,
    pub options: CoderOptions,
}

impl EventCoder {
    /// Loads the compiled dictionaries from `models_dir/events` (and the actor dictionaries from `models_dir/actors`).
    ///
    /// A missing `models/events` gives a coder that codes nothing (and says so on stderr).
    pub fn load(models_dir: &Path) -> Result<Self, DictionaryError> {
        compiled::load(models_dir)
    }

    /// Codes the events of one document.
    pub fn code(&self, input: &EventInput<'_>) -> Vec<Event> {
        let parse = input.parse;
        let mut sentences: Vec<Sentence> = (0..parse.sentences.len())
            .filter(|&i| !parse.sentences[i].excluded)
            .map(|i| Sentence::from_parse(input.text, parse, i))
            .collect();
        if sentences.is_empty() {
            return Vec::new();
        }
        let Some(discarded) = self.resources.sentence_discards(&sentences, self.options.code_dated_history) else {
            return Vec::new();
        };
        let root_paragraph_end = lead_end(input.text, parse);
        let mut out = Vec::new();
        let mut previous: Vec<anchor::Anchor> = Vec::new();
        let mut previous_end = 0usize;
        for (s, &dropped) in sentences.iter_mut().zip(&discarded) {
            let sent_span = parse.sentences[s.index].span;
            // The previous sentence's dates carry over only within a paragraph.
            if input.text.get(previous_end..sent_span.start).is_none_or(|gap| gap.contains('\n')) {
                previous.clear();
            }
            let own = anchor::find(s, input.date);
            let ents = entity_codes(s, input.entities, &self.resources.given_names);
            let before = s.index.checked_sub(1).and_then(|i| only_person(input.entities, i, &self.resources.given_names));
            let evs = if dropped { Vec::new() } else { self.resources.code_sentence_after(s, input.date, &ents, before, &self.options) };
            for e in evs {
                let verb = e.verb_tokens.first().copied().unwrap_or(0);
                let date = anchor::choose(s, verb, &own, input.dates, &previous, input.date);
                out.push(self.to_event(input, s, sent_span, e, date, root_paragraph_end, out.len()));
            }
            if !own.is_empty() {
                previous = own;
            }
            previous_end = sent_span.end;
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn to_event(&self, input: &EventInput<'_>, s: &Sentence, sent_span: Span, e: SentEvent, date: Option<EventDate>, lead_end: usize, n: usize) -> Event {
        let actor = |c: &Option<nouns::Coded>| {
            c.as_ref().map(|c| {
                let span = s.span_of(c.first, c.last);
                EventActor {
                    entity: c.entity.and_then(|i| input.entities.get(i)).map(|e| e.id.clone()),
                    text: input.text[span.start..span.end].to_string(),
                    code: c.code.clone(),
                    span,
                }
            })
        };
        // A side without an actor code keeps the words of its phrase ("mocked *the delivery*"), as GDELT
        // keeps an empty Actor2Code.
        let uncoded = |h: Option<usize>| {
            h.map(|h| {
                let toks = s.subtree_where(h, |s, k| !matches!(s.toks[k].base_rel(), "acl" | "punct" | "conj" | "cc" | "appos" | "parataxis"));
                let a = toks.iter().position(|&k| !s.phrase_edge(k, true));
                let b = toks.iter().rposition(|&k| !s.phrase_edge(k, false));
                let span = match (a, b) {
                    (Some(a), Some(b)) if a <= b => s.span_of(toks[a], toks[b]),
                    _ => s.span_of(toks[0], *toks.last().unwrap_or(&h)),
                };
                // An entity without an actor code ("Barr" with no title) is still linked, for traceability.
                let doc_tok = s.first_token + h;
                let entity = input.entities.iter().find(|e| e.tokens.contains(&doc_tok)).map(|e| e.id.clone());
                EventActor { entity, text: input.text[span.start..span.end].to_string(), code: String::new(), span }
            })
        };
        let source = actor(&e.source).or_else(|| uncoded(e.uncoded_source));
        let target = actor(&e.target).or_else(|| uncoded(e.uncoded_target));
        let vt = &e.verb_tokens;
        let action = s.span_of(*vt.iter().min().unwrap_or(&0), *vt.iter().max().unwrap_or(&0));
        let first = e.evidence.first();
        let evidence = Evidence {
            sentence: input.text[sent_span.start..sent_span.end].to_string(),
            pattern: first.map(|p| p.text.clone()).unwrap_or_default(),
            dictionary: first.map(|p| self.resources.verbs.location(p.file, p.line)).unwrap_or_default(),
            also: e.evidence.iter().skip(1).map(|p| format!("{} {}", self.resources.verbs.location(p.file, p.line), p.text)).collect(),
        };
        let codes = self.tables.describe(&e.code);
        let location = action_location(s, input.locations, sent_span, action);
        Event {
            id: format!("V{}", n + 1),
            sentence: s.index,
            source,
            target,
            code: e.code.clone(),
            base_code: codes.base,
            root_code: codes.root,
            quad_class: codes.quad_class,
            goldstein: codes.goldstein,
            plover: codes.plover,
            is_root: sent_span.start < lead_end,
            action,
            date,
            negated: e.negated,
            modality: e.modality.map(str::to_string),
            location,
            evidence,
        }
    }
}

/// Prepositions that make their object the place where something happens.
const LOCATIVE: &[&str] = &[
    "IN", "AT", "NEAR", "INSIDE", "OUTSIDE", "WITHIN", "ACROSS", "THROUGHOUT", "AROUND", "TO", "INTO", "TOWARD", "TOWARDS",
    "OFF", "ALONG", "ONTO", "BEYOND",
];

/// The action location of an event: the place mention of its sentence that says where it happened.
///
/// GDELT places an event at a location of its sentence. The first place named
/// is often the wrong one ("*US* sanctions", "*Iranian* vessels", the actor
/// itself), so places are ranked: objects of a locative preposition ("in
/// Venezuela", "to the country, Venezuela") first, then other place names,
/// then demonyms and modifiers of a noun; within a rank the one nearest the verb.
fn action_location(s: &sentence::Sentence, locations: &[Location], sent_span: Span, action: Span) -> Option<usize> {
    let rank = |l: &Location| -> u8 {
        // The head token of the mention: inside the mention, its head outside it.
        let inside = |k: usize| l.span.overlaps(s.toks[k].span);
        let Some(mut k) = (0..s.len()).find(|&k| inside(k) && s.toks[k].head.is_none_or(|h| !inside(h))) else {
            return 3;
        };
        if l.demonym || matches!(s.toks[k].base_rel(), "compound" | "amod") || s.toks[k].rel == "nmod:poss" {
            return 2;
        }
        // "shipped gasoline to the country, Venezuela": the preposition sits on the appositive's head.
        while matches!(s.toks[k].base_rel(), "appos" | "flat" | "conj") {
            match s.toks[k].head {
                Some(h) => k = h,
                None => break,
            }
        }
        let locative = s.children(k).iter().any(|&c| s.toks[c].base_rel() == "case" && LOCATIVE.contains(&s.toks[c].up.as_str()));
        if locative {
            0
        } else {
            1
        }
    };
    let distance = |l: &Location| l.span.start.abs_diff(action.start).min(l.span.end.abs_diff(action.end));
    locations
        .iter()
        .enumerate()
        .filter(|(_, l)| l.span.overlaps(sent_span))
        .min_by_key(|(_, l)| (rank(l), distance(l)))
        .map(|(i, _)| i)
}

/// The one person sentence `i` names, with its actor code and last mention, if it names exactly
/// one and that one has a code: "Pompeo met Maduro. He said ..." leaves "he" unresolved, and so
/// does a second person without a code.
fn only_person<'e>(entities: &'e [Entity], i: usize, given: &GivenNames) -> Option<(&'e str, usize, Option<Gender>)> {
    let mut found: Option<(&str, usize, Option<Gender>)> = None;
    for (k, e) in entities.iter().enumerate().filter(|(_, e)| e.sentence == i && e.kind == sitrep_nlp::EntityType::Per) {
        let code = e.actor.as_deref()?;
        match found {
            Some((_, j, _)) if entities[j].id != e.id => return None,
            _ => found = Some((code, k, gender(e, given))),
        }
    }
    found
}

/// A person's gender from the given name of their canonical name, when the corpus knows it.
fn gender(e: &Entity, given: &GivenNames) -> Option<Gender> {
    let mut words = e.canonical.split_whitespace();
    let first = words.next()?;
    words.next()?;
    given.gender(first)
}

/// Entities of the sentence with actor codes, as token ranges of the sentence.
fn entity_codes(s: &Sentence, entities: &[Entity], given: &GivenNames) -> Vec<nouns::EntityCode> {
    let range = s.first_token..s.first_token + s.len();
    entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let code = e.actor.clone()?;
            if e.tokens.is_empty() || !range.contains(&e.tokens.start) {
                return None;
            }
            let first = e.tokens.start - s.first_token;
            let last = (e.tokens.end - 1).min(range.end - 1) - s.first_token;
            let person = e.kind == sitrep_nlp::EntityType::Per;
            Some(nouns::EntityCode { first, last, code, entity: i, person, gender: if person { gender(e, given) } else { None } })
        })
        .collect()
}

/// End (byte) of the lead: the first story paragraph, plus the headline when the story starts with one.
fn lead_end(text: &str, parse: &Parse) -> usize {
    let first = parse.sentences.iter().find(|s| !s.excluded);
    let Some(first) = first else { return 0 };
    let para_end = |from: usize| text[from..].find("\n\n").or_else(|| text[from..].find('\n')).map_or(text.len(), |p| from + p);
    let mut end = para_end(first.span.start);
    let head = text[first.span.start..end].trim_end();
    // A headline has no final punctuation; the lead paragraph follows it.
    if !head.ends_with(['.', '!', '?', '"', '”', '\'']) && end < text.len() {
        let next = text[end..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |p| end + p);
        if next < text.len() {
            end = para_end(next);
        }
    }
    end
}
