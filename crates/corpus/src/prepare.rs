//! Turns one analyzed document into the rows the store writes.
//!
//! Everything that can be computed from the document alone (the public JSON,
//! hashes, the MinHash signature, content terms, char offsets, GDELT-style
//! event fields) is computed here, by the worker that analyzed the document
//! and before it waits for the store, so that writing only runs SQL.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sitrep_document::{CharIndex, Document, Span};
use sitrep_events::{Event, EventActor};
use sitrep_extract::Location;
use sitrep_nlp::EntityType;
use sitrep_pipeline::{Analyzed, DocumentRecord, RecordOptions};
use xxhash_rust::xxh3::xxh3_128;

use crate::{minhash, terms};

/// Content terms kept per document for story clustering.
pub const TERMS_PER_DOC: usize = 80;

/// The identity of an input record: a hash of everything the reader gave
/// (id, date, title, source, url, text, metadata). Ingesting the same record
/// twice finds the same hash and adds nothing.
pub fn record_hash(doc: &Document) -> [u8; 16] {
    let bytes = serde_json::to_vec(doc).unwrap_or_else(|_| doc.text.as_bytes().to_vec());
    xxh3_128(&bytes).to_le_bytes()
}

/// Hash of the text (without leading and trailing whitespace): equal for
/// exact duplicates. Texts that differ only in inner whitespace are near
/// duplicates (similarity 1.0), not exact ones.
pub fn text_hash(text: &str) -> [u8; 16] {
    xxh3_128(text.trim().as_bytes()).to_le_bytes()
}

/// The outlet a document counts for in `NumSources`: the URL host without
/// `www.`, else the `source` field, else the document id (a document of
/// unknown origin is its own source).
pub fn source_name(doc: &Document) -> String {
    if let Some(url) = doc.url.as_deref().map(str::trim) {
        if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
            let host = host.strip_prefix("www.").unwrap_or(&host);
            if host.contains('.') {
                return host.to_string();
            }
        }
    }
    match doc.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.to_string(),
        None => doc.id.clone(),
    }
}

/// One entity mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    pub entity: String,
    pub text: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub canonical: String,
    pub actor: Option<String>,
    pub role: Option<String>,
    pub sentence: usize,
}

/// A GDELT geography block.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GeoRow {
    pub geo_type: u8,
    pub name: String,
    pub country: String,
    pub adm1: String,
    pub adm2: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub feature_id: String,
}

impl GeoRow {
    /// The part of the aggregation key that names the place.
    pub fn key(&self) -> String {
        if self.geo_type == 0 {
            String::new()
        } else {
            format!("{}#{}#{}", self.geo_type, self.feature_id, self.name)
        }
    }

    fn of(l: &Location) -> GeoRow {
        let point = |v: f64, lim: f64| (v.is_finite() && v.abs() <= lim && v != 0.0).then_some(v);
        GeoRow {
            geo_type: l.geo_type,
            name: l.name.clone(),
            country: l.country_code.clone(),
            adm1: l.adm1.clone(),
            adm2: l.adm2.clone(),
            lat: point(l.lat, 90.0),
            lon: point(l.lon, 180.0),
            feature_id: if l.feature_id.is_empty() {
                l.geonames_id.map(|g| g.to_string()).unwrap_or_default()
            } else {
                l.feature_id.clone()
            },
        }
    }
}

/// One coded event in one document: a row of the mentions table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRow {
    pub ev: String,
    pub sentence: usize,
    pub actor1_code: String,
    pub actor1_name: String,
    pub actor1_entity: Option<String>,
    pub actor1_span: Option<(usize, usize)>,
    pub actor2_code: String,
    pub actor2_name: String,
    pub actor2_entity: Option<String>,
    pub actor2_span: Option<(usize, usize)>,
    pub action: (usize, usize),
    pub code: String,
    pub base_code: String,
    pub root_code: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover: Option<String>,
    pub is_root: bool,
    pub negated: bool,
    pub modality: Option<String>,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub date_source: Option<String>,
    /// The event day, when the text or the document date gives one.
    pub day: Option<NaiveDate>,
    pub geo: GeoRow,
    pub in_raw_text: bool,
    pub confidence: u8,
    pub evidence: String,
    pub pattern: String,
    pub dictionary: String,
    /// Whether the mention may join an aggregated event (not negated, a real code).
    pub aggregate: bool,
}

/// One quotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub speaker_entity: Option<String>,
    pub speaker_actor: Option<String>,
    pub verb: Option<String>,
    pub kind: String,
}

/// One amount.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmountRow {
    pub value: f64,
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    pub currency: Option<String>,
    pub object: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub approx: Option<String>,
}

/// One geocoded place mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocationRow {
    pub idx: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub geo: GeoRow,
    pub geonames_id: Option<u64>,
}

/// Everything the store writes for one document.
#[derive(Debug, Clone)]
pub struct PreparedDoc {
    pub record_hash: [u8; 16],
    pub text_hash: [u8; 16],
    pub ext_id: String,
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub source_name: String,
    pub chars: usize,
    pub token_count: usize,
    pub sentence_count: usize,
    /// GDELT document tone (positive − negative).
    pub tone: f64,
    pub text: String,
    /// The public JSON document object (docs/schema.md) without the text.
    pub record: String,
    pub minhash: Vec<u32>,
    /// Content terms with their counts, for story clustering.
    pub terms: Vec<(String, u32)>,
    /// Actor codes and person/organization names, for story clustering.
    pub actors: Vec<String>,
    pub entities: Vec<EntityRow>,
    pub mentions: Vec<MentionRow>,
    pub quotes: Vec<QuoteRow>,
    pub amounts: Vec<AmountRow>,
    pub locations: Vec<LocationRow>,
}

fn enum_str<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The event day: the text's date, a year- or month-only date completed from
/// the document date (as GDELT does), else the document date.
pub fn event_day(ev: &Event, doc_date: Option<NaiveDate>) -> Option<NaiveDate> {
    let Some(d) = ev.date.as_ref() else { return doc_date };
    let parts: Vec<u32> = d.date.split('-').map_while(|p| p.parse().ok()).collect();
    let (y, m, day) = match (parts.as_slice(), doc_date) {
        ([y, m, dd, ..], _) => (*y as i32, *m, *dd),
        ([y, m], Some(r)) => (*y as i32, *m, r.day()),
        ([y], Some(r)) => (*y as i32, r.month(), r.day()),
        _ => return doc_date,
    };
    if !(1..=12).contains(&m) {
        return doc_date;
    }
    (1..=day.clamp(1, 31)).rev().find_map(|dd| NaiveDate::from_ymd_opt(y, m, dd)).or(doc_date)
}

impl PreparedDoc {
    /// Computes every row of one analyzed document.
    pub fn new(a: &Analyzed) -> Result<Self, serde_json::Error> {
        let doc = &a.document;
        let text = doc.text.as_str();
        let idx = CharIndex::new(text);
        let ch = |s: Span| -> (usize, usize) {
            let ok = |b: usize| b <= text.len() && text.is_char_boundary(b);
            if ok(s.start) && ok(s.end) {
                (idx.char_of(s.start), idx.char_of(s.end))
            } else {
                (0, 0)
            }
        };
        let record = DocumentRecord::new(a, RecordOptions { tokens: false, text: false }).to_json_string(text)?;
        let entities: Vec<EntityRow> = a
            .entities
            .iter()
            .map(|e| {
                let (start, end) = ch(e.span);
                EntityRow {
                    entity: e.id.clone(),
                    text: e.text.clone(),
                    kind: e.kind.as_str().to_string(),
                    start,
                    end,
                    canonical: e.canonical.clone(),
                    actor: e.actor.clone(),
                    role: e.role.clone(),
                    sentence: e.sentence,
                }
            })
            .collect();
        let mut actors: Vec<String> = Vec::new();
        for e in &a.entities {
            if let Some(code) = e.actor.as_deref().filter(|c| !c.is_empty()) {
                actors.push(code.to_string());
            }
            if matches!(e.kind, EntityType::Per | EntityType::Org) {
                actors.push(e.canonical.to_lowercase());
            }
        }
        actors.sort();
        actors.dedup();
        let sentences: Vec<Span> = a.parse.sentences.iter().map(|s| s.span).collect();
        let mentions = a.events.iter().map(|ev| mention_row(a, ev, &sentences, &ch)).collect();
        let quotes = a
            .extracted
            .quotes
            .iter()
            .map(|q| {
                let (start, end) = ch(q.span);
                QuoteRow {
                    text: q.text.clone(),
                    start,
                    end,
                    speaker: q.speaker.clone(),
                    speaker_entity: q.speaker_entity.clone(),
                    speaker_actor: q.speaker_actor.clone(),
                    verb: q.verb.clone(),
                    kind: enum_str(&q.kind),
                }
            })
            .collect();
        let amounts = a
            .extracted
            .amounts
            .iter()
            .map(|m| {
                let (start, end) = ch(m.span);
                AmountRow {
                    value: m.value,
                    value_max: m.value_max,
                    unit: m.unit.clone(),
                    currency: m.currency.clone(),
                    object: m.object.clone(),
                    text: m.text.clone(),
                    start,
                    end,
                    approx: m.approx.clone(),
                }
            })
            .collect();
        let locations = a
            .extracted
            .locations
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (start, end) = ch(l.span);
                LocationRow { idx: i, text: l.text.clone(), start, end, geo: GeoRow::of(l), geonames_id: l.geonames_id }
            })
            .collect();
        let tone = &a.extracted.tone;
        Ok(PreparedDoc {
            record_hash: record_hash(doc),
            text_hash: text_hash(text),
            ext_id: doc.id.clone(),
            date: doc.date,
            title: doc.title.clone(),
            source: doc.source.clone(),
            url: doc.url.clone(),
            source_name: source_name(doc),
            chars: text.chars().count(),
            token_count: a.parse.tokens.len(),
            sentence_count: a.parse.sentences.len(),
            tone: if tone.tone.is_finite() { tone.tone } else { 0.0 },
            text: doc.text.clone(),
            record,
            minhash: minhash::signature(text),
            terms: terms::content_terms(doc.title.as_deref(), text, TERMS_PER_DOC),
            actors,
            entities,
            mentions,
            quotes,
            amounts,
            locations,
        })
    }
}

/// GDELT's actor name: the entity's canonical name, else the mention, UPPERCASE.
fn actor_name(x: &EventActor, a: &Analyzed) -> String {
    let canonical = x.entity.as_deref().and_then(|id| a.entities.iter().find(|e| e.id == id)).map(|e| e.canonical.as_str());
    canonical.unwrap_or(&x.text).split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}

fn mention_row(a: &Analyzed, ev: &Event, sentences: &[Span], ch: &dyn Fn(Span) -> (usize, usize)) -> MentionRow {
    let sentence = sentences.get(ev.sentence).copied();
    fn side(x: &Option<EventActor>) -> Option<&EventActor> {
        x.as_ref().filter(|x| !x.code.trim().is_empty())
    }
    let (src, tgt) = (side(&ev.source), side(&ev.target));
    let in_raw_text = Event::actors_within(src, tgt, sentence);
    let confidence = ev.mention_confidence(src, tgt, sentence);
    let geo = ev
        .location
        .and_then(|i| a.extracted.locations.get(i))
        .map(GeoRow::of)
        .or_else(|| {
            let s = sentence?;
            a.extracted.locations.iter().filter(|l| s.contains(l.span)).min_by_key(|l| l.span.start.abs_diff(ev.action.start)).map(GeoRow::of)
        })
        .unwrap_or_default();
    let code = ev.code.trim().to_string();
    let aggregate = !ev.negated && !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) && (1..=4).contains(&ev.quad_class);
    MentionRow {
        ev: ev.id.clone(),
        sentence: ev.sentence,
        actor1_code: src.map(|x| x.code.trim().to_string()).unwrap_or_default(),
        actor1_name: src.map(|x| actor_name(x, a)).unwrap_or_default(),
        actor1_entity: src.and_then(|x| x.entity.clone()),
        actor1_span: src.map(|x| ch(x.span)),
        actor2_code: tgt.map(|x| x.code.trim().to_string()).unwrap_or_default(),
        actor2_name: tgt.map(|x| actor_name(x, a)).unwrap_or_default(),
        actor2_entity: tgt.and_then(|x| x.entity.clone()),
        actor2_span: tgt.map(|x| ch(x.span)),
        action: ch(ev.action),
        code,
        base_code: ev.base_code.clone(),
        root_code: ev.root_code.clone(),
        quad_class: ev.quad_class,
        goldstein: if ev.goldstein.is_finite() { ev.goldstein } else { 0.0 },
        plover: ev.plover.as_ref().map(|p| p.event.clone()),
        is_root: ev.is_root,
        negated: ev.negated,
        modality: ev.modality.clone(),
        date: ev.date.as_ref().map(|d| d.date.clone()),
        date_precision: ev.date.as_ref().map(|d| enum_str(&d.precision)),
        date_source: ev.date.as_ref().map(|d| d.source.clone()),
        day: event_day(ev, a.document.date),
        geo,
        in_raw_text,
        confidence,
        evidence: ev.evidence.sentence.clone(),
        pattern: ev.evidence.pattern.clone(),
        dictionary: ev.evidence.dictionary.clone(),
        aggregate,
    }
}
