//! The read API: documents, events with filters and pagination, actor
//! profiles, stories, full-text search and statistics.
//!
//! Every function builds parameterized SQL: user values are bound, never
//! spliced into the statement. Results are plain serializable structs, ready
//! for a table, JSON, CSV or an HTTP response.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::{CorpusError, Result, Store};

/// A window of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Default for Page {
    fn default() -> Self {
        Page { limit: 50, offset: 0 }
    }
}

impl Page {
    /// The first `limit` results.
    pub fn first(limit: usize) -> Self {
        Page { limit, offset: 0 }
    }
    fn limit(&self) -> i64 {
        self.limit.min(100_000) as i64
    }
}

/// How to order events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventOrder {
    /// Most mentioned first (default).
    #[default]
    Mentions,
    /// Most recent day first.
    Day,
    /// Store order (event id).
    Id,
}

impl std::str::FromStr for EventOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "mentions" => Ok(EventOrder::Mentions),
            "day" | "date" => Ok(EventOrder::Day),
            "id" => Ok(EventOrder::Id),
            _ => Err(format!("unknown order {s:?} (expected mentions, day, id)")),
        }
    }
}

/// Which aggregated events to return. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventFilter {
    /// CAMEO actor code prefix on either side (`IRN` matches `IRNGOV`).
    pub actor: Option<String>,
    /// CAMEO actor code prefix of the source actor (Actor1).
    pub source: Option<String>,
    /// CAMEO actor code prefix of the target actor (Actor2).
    pub target: Option<String>,
    /// A 3-letter CAMEO country code (either actor's code starts with it) or a
    /// 2-letter FIPS country code (the action location is in it).
    pub country: Option<String>,
    /// CAMEO event code prefix (`043`, `19`).
    pub code: Option<String>,
    /// CAMEO root code (`04`).
    pub root: Option<String>,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: Option<u8>,
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
    /// Only events reported in this story.
    pub story: Option<i64>,
    pub order: EventOrder,
}

/// One aggregated event (a GDELT Events row).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub id: i64,
    /// `YYYY-MM-DD`, empty when no date could be found.
    pub day: String,
    pub actor1_code: String,
    pub actor1_name: String,
    pub actor2_code: String,
    pub actor2_name: String,
    pub code: String,
    pub base_code: String,
    pub root_code: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub is_root: bool,
    pub geo_type: u8,
    pub geo_name: String,
    pub geo_country: String,
    pub geo_adm1: String,
    pub geo_adm2: String,
    pub geo_lat: Option<f64>,
    pub geo_lon: Option<f64>,
    pub geo_feature: String,
    pub num_mentions: i64,
    pub num_sources: i64,
    pub num_articles: i64,
    pub avg_tone: f64,
    pub source_url: String,
    pub date_added: String,
}

const EVENT_COLUMNS: &str = "e.id, e.day, e.actor1_code, e.actor1_name, e.actor2_code, e.actor2_name, e.code,
    e.base_code, e.root_code, e.quad_class, e.goldstein, e.is_root, e.geo_type, e.geo_name, e.geo_country,
    e.geo_adm1, e.geo_adm2, e.geo_lat, e.geo_lon, e.geo_feature, e.num_mentions, e.num_sources, e.num_articles,
    e.avg_tone, e.source_url, e.date_added";

fn event_of(r: &Row<'_>) -> rusqlite::Result<EventRecord> {
    Ok(EventRecord {
        id: r.get(0)?,
        day: r.get(1)?,
        actor1_code: r.get(2)?,
        actor1_name: r.get(3)?,
        actor2_code: r.get(4)?,
        actor2_name: r.get(5)?,
        code: r.get(6)?,
        base_code: r.get(7)?,
        root_code: r.get(8)?,
        quad_class: r.get(9)?,
        goldstein: r.get(10)?,
        is_root: r.get(11)?,
        geo_type: r.get(12)?,
        geo_name: r.get(13)?,
        geo_country: r.get(14)?,
        geo_adm1: r.get(15)?,
        geo_adm2: r.get(16)?,
        geo_lat: r.get(17)?,
        geo_lon: r.get(18)?,
        geo_feature: r.get(19)?,
        num_mentions: r.get(20)?,
        num_sources: r.get(21)?,
        num_articles: r.get(22)?,
        avg_tone: r.get(23)?,
        source_url: r.get(24)?,
        date_added: r.get(25)?,
    })
}

/// One event mention: where one article reports an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRecord {
    pub id: i64,
    pub event_id: Option<i64>,
    pub doc: i64,
    pub ext_id: String,
    pub source_name: String,
    pub url: Option<String>,
    pub doc_date: Option<String>,
    /// 0-based sentence index (GDELT's SentenceID is this + 1).
    pub sentence: i64,
    pub actor1_code: String,
    pub actor2_code: String,
    pub actor1_start: Option<i64>,
    pub actor1_end: Option<i64>,
    pub actor2_start: Option<i64>,
    pub actor2_end: Option<i64>,
    pub action_start: i64,
    pub action_end: i64,
    pub code: String,
    pub quad_class: u8,
    pub negated: bool,
    pub modality: Option<String>,
    pub day: Option<String>,
    pub day_source: Option<String>,
    pub in_raw_text: bool,
    pub confidence: u8,
    pub doc_chars: i64,
    pub doc_tone: f64,
    pub evidence: String,
    pub pattern: String,
    pub dictionary: String,
}

const MENTION_COLUMNS: &str = "m.id, m.event_id, m.doc, d.ext_id, d.source_name, d.url, d.date, m.sentence,
    m.actor1_code, m.actor2_code, m.actor1_start, m.actor1_end, m.actor2_start, m.actor2_end, m.action_start,
    m.action_end, m.code, m.quad_class, m.negated, m.modality, m.day, m.day_source, m.in_raw_text, m.confidence,
    d.chars, d.tone, m.evidence, m.pattern, m.dictionary";

fn mention_of(r: &Row<'_>) -> rusqlite::Result<MentionRecord> {
    Ok(MentionRecord {
        id: r.get(0)?,
        event_id: r.get(1)?,
        doc: r.get(2)?,
        ext_id: r.get(3)?,
        source_name: r.get(4)?,
        url: r.get(5)?,
        doc_date: r.get(6)?,
        sentence: r.get(7)?,
        actor1_code: r.get(8)?,
        actor2_code: r.get(9)?,
        actor1_start: r.get(10)?,
        actor1_end: r.get(11)?,
        actor2_start: r.get(12)?,
        actor2_end: r.get(13)?,
        action_start: r.get(14)?,
        action_end: r.get(15)?,
        code: r.get(16)?,
        quad_class: r.get(17)?,
        negated: r.get(18)?,
        modality: r.get(19)?,
        day: r.get(20)?,
        day_source: r.get(21)?,
        in_raw_text: r.get(22)?,
        confidence: r.get(23)?,
        doc_chars: r.get(24)?,
        doc_tone: r.get(25)?,
        evidence: r.get(26)?,
        pattern: r.get(27)?,
        dictionary: r.get(28)?,
    })
}

/// A document without its text and analysis.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    pub id: i64,
    pub ext_id: String,
    pub date: Option<String>,
    /// For an undated document, the first date of its story.
    pub inferred_date: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub source_name: String,
    pub chars: i64,
    pub story_id: Option<i64>,
    pub duplicate_of: Option<i64>,
}

const DOC_COLUMNS: &str =
    "d.id, d.ext_id, d.date, d.inferred_date, d.title, d.source, d.url, d.source_name, d.chars, d.story_id, d.duplicate_of";

fn doc_of(r: &Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        ext_id: r.get(1)?,
        date: r.get(2)?,
        inferred_date: r.get(3)?,
        title: r.get(4)?,
        source: r.get(5)?,
        url: r.get(6)?,
        source_name: r.get(7)?,
        chars: r.get(8)?,
        story_id: r.get(9)?,
        duplicate_of: r.get(10)?,
    })
}

/// A story: articles about the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StorySummary {
    pub id: i64,
    pub label: String,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub doc_count: i64,
    pub source_count: i64,
}

fn story_of(r: &Row<'_>) -> rusqlite::Result<StorySummary> {
    Ok(StorySummary {
        id: r.get(0)?,
        label: r.get(1)?,
        first_date: r.get(2)?,
        last_date: r.get(3)?,
        doc_count: r.get(4)?,
        source_count: r.get(5)?,
    })
}

/// A full-text search hit in a document or a quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// `document` or `quote`.
    pub kind: &'static str,
    pub doc: i64,
    pub ext_id: String,
    pub title: Option<String>,
    pub date: Option<String>,
    pub source_name: String,
    /// The quote id for quote hits.
    pub quote: Option<i64>,
    pub speaker: Option<String>,
    /// Matching text with the hits in `[...]`.
    pub snippet: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

/// Counts of everything in the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub documents: i64,
    pub exact_duplicates: i64,
    pub near_duplicates: i64,
    pub errors: i64,
    pub entities: i64,
    pub mentions: i64,
    pub events: i64,
    pub quotes: i64,
    pub amounts: i64,
    pub locations: i64,
    pub stories: i64,
    pub multi_document_stories: i64,
    pub runs: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// An actor's counterpart in events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counterpart {
    pub code: String,
    pub name: String,
    pub events: i64,
    pub mentions: i64,
    /// Events in QuadClass 1-2.
    pub cooperation: i64,
    /// Events in QuadClass 3-4.
    pub conflict: i64,
    pub avg_goldstein: f64,
}

/// An actor's events in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// `YYYY-MM`.
    pub period: String,
    pub events: i64,
    pub cooperation: i64,
    pub conflict: i64,
    /// Cooperation minus conflict, over events.
    pub balance: f64,
    pub avg_goldstein: f64,
}

/// Who an actor deals with, and how, over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorProfile {
    /// The code prefix asked for.
    pub actor: String,
    /// Most frequent name the coder gave it.
    pub name: String,
    pub as_source: i64,
    pub as_target: i64,
    pub cooperation: i64,
    pub conflict: i64,
    pub counterparts: Vec<Counterpart>,
    pub timeline: Vec<Period>,
}

/// An actor code and how often it occurs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorCount {
    pub code: String,
    pub name: String,
    pub events: i64,
    pub mentions: i64,
}

/// A per-record error kept by the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorRecord {
    pub id: i64,
    pub run_id: i64,
    pub path: String,
    pub line: Option<i64>,
    pub offset: Option<i64>,
    pub record: Option<String>,
    pub kind: String,
    pub message: String,
}

/// Upper bound of a prefix range: every string starting with `p` sorts below it.
fn prefix_end(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

/// A filter with an actor on either side, split for [`Store::either_split`].
struct EitherSplit {
    /// The other filters, then the actor code's range bounds.
    rest: Where,
    /// Placeholder numbers of the range bounds.
    lo: usize,
    hi: usize,
    /// The other filters' clauses, each preceded by ` AND `.
    and: String,
}

struct Where {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Where {
    fn new() -> Self {
        Where { clauses: Vec::new(), values: Vec::new() }
    }
    /// Adds a clause whose `?` placeholders take `vals` in order.
    fn push(&mut self, clause: &str, vals: impl IntoIterator<Item = Value>) {
        let mut vals = vals.into_iter();
        let mut out = String::new();
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                self.values.push(vals.next().unwrap_or(Value::Null));
                out.push_str(&format!("?{}", self.values.len()));
            }
            out.push_str(part);
        }
        self.clauses.push(out);
    }
    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn prefix(w: &mut Where, column: &str, p: &str) {
    w.push(&format!("({column} >= ? AND {column} < ?)"), [text(p), text(&prefix_end(p))]);
}

/// Matching events from which a page is read by walking the order's index
/// rather than sorting the matches: about where walking `(offset + limit) *
/// events / matching` index entries costs less than reading and sorting the
/// keys of `matching` entries of a covering index, for a store of some
/// 100,000 events.
fn walk_threshold(page: Page) -> i64 {
    let wanted = (page.offset + page.limit).max(1) as f64;
    (wanted * 100_000.0).sqrt().ceil() as i64
}

fn event_where(f: &EventFilter) -> Result<Where> {
    let mut w = Where::new();
    let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_uppercase);
    if let Some(a) = clean(&f.actor) {
        w.push(
            "((e.actor1_code >= ? AND e.actor1_code < ?) OR (e.actor2_code >= ? AND e.actor2_code < ?))",
            [text(&a), text(&prefix_end(&a)), text(&a), text(&prefix_end(&a))],
        );
    }
    if let Some(a) = clean(&f.source) {
        prefix(&mut w, "e.actor1_code", &a);
    }
    if let Some(a) = clean(&f.target) {
        prefix(&mut w, "e.actor2_code", &a);
    }
    if let Some(c) = clean(&f.country) {
        match c.len() {
            3 => w.push(
                "((e.actor1_code >= ? AND e.actor1_code < ?) OR (e.actor2_code >= ? AND e.actor2_code < ?))",
                [text(&c), text(&prefix_end(&c)), text(&c), text(&prefix_end(&c))],
            ),
            2 => w.push("e.geo_country = ?", [text(&c)]),
            _ => {
                return Err(CorpusError::Invalid(format!(
                    "country {c:?}: expected a 3-letter CAMEO code (IRN) or a 2-letter FIPS code (IR)"
                )))
            }
        }
    }
    if let Some(c) = clean(&f.code) {
        if !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CorpusError::Invalid(format!("CAMEO code {c:?}: expected digits (043, 19)")));
        }
        prefix(&mut w, "e.code", &c);
    }
    if let Some(r) = clean(&f.root) {
        let r = if r.len() == 1 { format!("0{r}") } else { r };
        w.push("e.root_code = ?", [text(&r)]);
    }
    if let Some(q) = f.quad_class {
        if !(1..=4).contains(&q) {
            return Err(CorpusError::Invalid(format!("QuadClass {q}: expected 1 to 4")));
        }
        w.push("e.quad_class = ?", [Value::Integer(q as i64)]);
    }
    if let Some(d) = f.from {
        w.push("e.day >= ?", [text(&d.to_string())]);
    }
    if let Some(d) = f.to {
        w.push("e.day != '' AND e.day <= ?", [text(&d.to_string())]);
    }
    if let Some(s) = f.story {
        w.push(
            "e.id IN (SELECT m.event_id FROM mentions m JOIN documents d ON d.id = m.doc WHERE d.story_id = ?)",
            [Value::Integer(s)],
        );
    }
    Ok(w)
}

impl EventFilter {
    /// The `WHERE ...` clause over `events e` (empty when nothing filters) and
    /// its bound values (`?1`..`?n`), for readers that aggregate events their
    /// own way (the HTTP server's timeline, network and map).
    pub fn where_sql(&self) -> Result<(String, Vec<Value>)> {
        let w = event_where(self)?;
        Ok((w.sql(), w.values))
    }
}

/// FTS5 query from user words: each word quoted (so punctuation is not
/// syntax) and all required, unless `raw`.
fn fts_query(q: &str, raw: bool) -> String {
    if raw {
        return q.to_string();
    }
    q.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" ")
}

impl Store {
    /// Counts of everything in the store.
    pub fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let count = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [], |r| r.get(0))?) };
        let (first_date, last_date) =
            c.query_row("SELECT min(date), max(date) FROM documents", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(Stats {
            documents: count("SELECT count(*) FROM documents")?,
            exact_duplicates: count("SELECT count(*) FROM duplicates WHERE kind = 'exact'")?,
            near_duplicates: count("SELECT count(*) FROM duplicates WHERE kind = 'near'")?,
            errors: count("SELECT count(*) FROM errors")?,
            entities: count("SELECT count(*) FROM entities")?,
            mentions: count("SELECT count(*) FROM mentions")?,
            events: count("SELECT count(*) FROM events")?,
            quotes: count("SELECT count(*) FROM quotes")?,
            amounts: count("SELECT count(*) FROM amounts")?,
            locations: count("SELECT count(*) FROM locations")?,
            stories: count("SELECT count(*) FROM stories")?,
            multi_document_stories: count("SELECT count(*) FROM stories WHERE doc_count > 1")?,
            runs: count("SELECT count(*) FROM runs")?,
            first_date,
            last_date,
        })
    }

    /// One document's summary.
    pub fn document(&self, id: i64) -> Result<DocumentSummary> {
        self.conn
            .prepare_cached(&format!("SELECT {DOC_COLUMNS} FROM documents d WHERE d.id = ?1"))?
            .query_row([id], doc_of)
            .optional()?
            .ok_or_else(|| CorpusError::NotFound(format!("document {id}")))
    }

    /// Store ids of the documents with this input id (usually one).
    pub fn documents_by_ext_id(&self, ext_id: &str) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare_cached("SELECT id FROM documents WHERE ext_id = ?1 ORDER BY id")?;
        let ids = st.query_map([ext_id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The public JSON document object (docs/schema.md) as stored, with `text`
    /// added when asked, plus a `store` object (id, story, duplicate links).
    pub fn document_json(&self, id: i64, with_text: bool) -> Result<serde_json::Value> {
        let (record, text): (String, String) = self
            .conn
            .prepare_cached("SELECT r.record, d.text FROM documents d JOIN document_records r ON r.doc = d.id WHERE d.id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| CorpusError::NotFound(format!("document {id}")))?;
        let mut v: serde_json::Value = serde_json::from_str(&record)?;
        let s = self.document(id)?;
        if let Some(o) = v.as_object_mut() {
            if with_text {
                o.insert("text".into(), text.into());
            }
            o.insert(
                "store".into(),
                serde_json::json!({
                    "id": s.id, "story": s.story_id, "duplicate_of": s.duplicate_of,
                    "inferred_date": s.inferred_date, "source_name": s.source_name,
                }),
            );
        }
        Ok(v)
    }

    /// A document's text.
    pub fn document_text(&self, id: i64) -> Result<String> {
        self.conn
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| CorpusError::NotFound(format!("document {id}")))
    }

    /// Documents in store order, optionally only one story's.
    pub fn documents(&self, story: Option<i64>, page: Page) -> Result<Vec<DocumentSummary>> {
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM documents d WHERE (?1 IS NULL OR d.story_id = ?1) ORDER BY d.id LIMIT ?2 OFFSET ?3"
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![story, page.limit(), page.offset as i64], doc_of)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Documents linked to `id` as duplicates (either direction), with kind and similarity.
    pub fn duplicates_of(&self, id: i64) -> Result<Vec<(i64, String, f64)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT of, kind, similarity FROM duplicates WHERE doc = ?1
             UNION ALL SELECT doc, kind, similarity FROM duplicates WHERE of = ?1 ORDER BY 1",
        )?;
        let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Aggregated events matching `f`.
    pub fn events(&self, f: &EventFilter, page: Page) -> Result<Vec<EventRecord>> {
        let w = event_where(f)?;
        // Enough to tell a broad filter from a narrow one without counting all of a broad one.
        let probe = walk_threshold(page);
        let sql = format!("SELECT count(*) FROM (SELECT 1 FROM events e {} LIMIT {probe})", w.sql());
        let matching: i64 = self.conn.prepare_cached(&sql)?.query_row(params_from_iter(w.values.iter()), |r| r.get(0))?;
        self.events_page(f, w, page, matching)
    }

    /// A page of events that match `f` and how many match in all (the page's `total`).
    pub fn events_with_total(&self, f: &EventFilter, page: Page) -> Result<(Vec<EventRecord>, i64)> {
        let total = self.count_events(f)?;
        Ok((self.events_page(f, event_where(f)?, page, total)?, total))
    }

    /// A page of events, read the cheaper of two ways given how many match.
    ///
    /// When many events match, walking the index of the order (`events_rank`,
    /// `events_recent`, the table itself for `id`), whose columns include every
    /// filtered one, finds the page after about `(offset + limit) * events /
    /// matching` index entries and sorts nothing. When few match, reading
    /// them from a filter's covering index and sorting their keys is cheaper.
    /// Either way only ids and sort keys are sorted; the page's rows are read after.
    fn events_page(&self, f: &EventFilter, mut w: Where, page: Page, matching: i64) -> Result<Vec<EventRecord>> {
        let (order, index, keys) = match f.order {
            EventOrder::Mentions => {
                ("e.num_mentions DESC, e.num_sources DESC, e.id", "INDEXED BY events_rank", "num_mentions DESC, num_sources DESC, id")
            }
            EventOrder::Day => ("e.day DESC, e.id", "INDEXED BY events_recent", "day DESC, id"),
            EventOrder::Id => ("e.id", "NOT INDEXED", "id"),
        };
        let walk = matching >= walk_threshold(page) && self.has_order_indexes()?;
        let ids = if walk {
            format!("SELECT e.id FROM events e {index} {} ORDER BY {order}", w.sql())
        } else if let Some(split) = self.either_split(f)? {
            w = split.rest;
            let (lo, hi, and) = (split.lo, split.hi, split.and);
            format!(
                "SELECT id FROM (
                    SELECT e.id, e.num_mentions, e.num_sources, e.day FROM events e INDEXED BY events_source
                    WHERE e.actor1_code >= ?{lo} AND e.actor1_code < ?{hi}{and}
                    UNION ALL
                    SELECT e.id, e.num_mentions, e.num_sources, e.day FROM events e INDEXED BY events_target
                    WHERE e.actor2_code >= ?{lo} AND e.actor2_code < ?{hi}
                      AND NOT (e.actor1_code >= ?{lo} AND e.actor1_code < ?{hi}){and})
                 ORDER BY {keys}"
            )
        } else {
            format!("SELECT e.id FROM events e {} ORDER BY {order}", w.sql())
        };
        w.values.push(Value::Integer(page.limit()));
        w.values.push(Value::Integer(page.offset as i64));
        let n = w.values.len();
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM ({ids} LIMIT ?{} OFFSET ?{}) k JOIN events e ON e.id = k.id ORDER BY {order}",
            n - 1,
            n
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params_from_iter(w.values.iter()), event_of)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Whether the store has the order indexes (a store written before they
    /// existed and opened read-only since has not).
    fn has_order_indexes(&self) -> Result<bool> {
        let mut st = self.conn.prepare_cached(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('events_rank', 'events_recent')",
        )?;
        Ok(st.query_row([], |r| r.get::<_, i64>(0))? == 2)
    }

    /// An actor on either side of `f` (`actor`, else a 3-letter `country`) as
    /// two disjoint ranges, source side and target side without the source
    /// side, each read from its covering index: several times faster than
    /// SQLite's OR plan, which collects and looks up row ids. `None` when `f`
    /// has no such actor or the store lacks the indexes.
    fn either_split(&self, f: &EventFilter) -> Result<Option<EitherSplit>> {
        let clean = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_uppercase);
        let mut rest = f.clone();
        let code = if let Some(a) = clean(&f.actor) {
            rest.actor = None;
            a
        } else if let Some(c) = clean(&f.country).filter(|c| c.len() == 3) {
            rest.country = None;
            c
        } else {
            return Ok(None);
        };
        if !self.has_side_indexes()? {
            return Ok(None);
        }
        let mut w = event_where(&rest)?;
        w.values.push(text(&code));
        w.values.push(text(&prefix_end(&code)));
        let (lo, hi) = (w.values.len() - 1, w.values.len());
        let and = w.clauses.iter().map(|c| format!(" AND {c}")).collect::<String>();
        Ok(Some(EitherSplit { rest: w, lo, hi, and }))
    }

    /// How many events match `f` (see [`either_split`](Self::either_split) for an actor on either side).
    pub fn count_events(&self, f: &EventFilter) -> Result<i64> {
        let w = event_where(f)?;
        let Some(EitherSplit { rest, lo, hi, and }) = self.either_split(f)? else {
            let sql = format!("SELECT count(*) FROM events e {}", w.sql());
            return Ok(self.conn.prepare_cached(&sql)?.query_row(params_from_iter(w.values.iter()), |r| r.get(0))?);
        };
        let sql = format!(
            "SELECT (SELECT count(*) FROM events e INDEXED BY events_source
                     WHERE e.actor1_code >= ?{lo} AND e.actor1_code < ?{hi}{and})
                  + (SELECT count(*) FROM events e INDEXED BY events_target
                     WHERE e.actor2_code >= ?{lo} AND e.actor2_code < ?{hi}
                       AND NOT (e.actor1_code >= ?{lo} AND e.actor1_code < ?{hi}){and})"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row(params_from_iter(rest.values.iter()), |r| r.get(0))?)
    }

    /// Whether the store has the covering actor indexes the split count reads.
    fn has_side_indexes(&self) -> Result<bool> {
        let mut st = self.conn.prepare_cached(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('events_source', 'events_target')",
        )?;
        Ok(st.query_row([], |r| r.get::<_, i64>(0))? == 2)
    }

    /// One aggregated event.
    pub fn event(&self, id: i64) -> Result<EventRecord> {
        self.conn
            .prepare_cached(&format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1"))?
            .query_row([id], event_of)
            .optional()?
            .ok_or_else(|| CorpusError::NotFound(format!("event {id}")))
    }

    /// The mentions of one aggregated event, in store order.
    pub fn event_mentions(&self, event: i64) -> Result<Vec<MentionRecord>> {
        let sql = format!("SELECT {MENTION_COLUMNS} FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.event_id = ?1 ORDER BY m.id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([event], mention_of)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every event mention of one document.
    pub fn document_mentions(&self, doc: i64) -> Result<Vec<MentionRecord>> {
        let sql = format!("SELECT {MENTION_COLUMNS} FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.doc = ?1 ORDER BY m.id");
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([doc], mention_of)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Mentions of aggregated events, in event then store order (the GDELT Mentions table).
    pub fn for_each_mention(&self, mut f: impl FnMut(MentionRecord) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {MENTION_COLUMNS} FROM mentions m JOIN documents d ON d.id = m.doc
             WHERE m.event_id IS NOT NULL ORDER BY m.event_id, m.id"
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(mention_of(r)?)?;
        }
        Ok(())
    }

    /// Every aggregated event in id order, streamed.
    pub fn for_each_event(&self, mut f: impl FnMut(EventRecord) -> Result<()>) -> Result<()> {
        let mut st = self.conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events e ORDER BY e.id"))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            f(event_of(r)?)?;
        }
        Ok(())
    }

    /// The most active actor codes.
    pub fn actors(&self, page: Page) -> Result<Vec<ActorCount>> {
        let mut st = self.conn.prepare_cached(
            "SELECT code, max(name), count(*), sum(n) FROM (
                SELECT actor1_code AS code, actor1_name AS name, num_mentions AS n FROM events WHERE actor1_code != ''
                UNION ALL
                SELECT actor2_code, actor2_name, num_mentions FROM events WHERE actor2_code != '')
             GROUP BY code ORDER BY count(*) DESC, code LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st
            .query_map(params![page.limit(), page.offset as i64], |r| {
                Ok(ActorCount { code: r.get(0)?, name: r.get(1)?, events: r.get(2)?, mentions: r.get(3)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// An actor's profile: top counterparts and the cooperation/conflict balance by month.
    /// `actor` is a code prefix (`IRN` covers `IRNGOV`, `IRNMIL`, ...).
    pub fn actor_profile(&self, actor: &str, top: usize) -> Result<ActorProfile> {
        let a = actor.trim().to_uppercase();
        if a.is_empty() {
            return Err(CorpusError::Invalid("empty actor code".into()));
        }
        let (lo, hi) = (a.clone(), prefix_end(&a));
        let c = &self.conn;
        // Each event seen from the actor's side: the counterpart is the other actor.
        let side = "SELECT e.*, CASE WHEN e.actor1_code >= ?1 AND e.actor1_code < ?2 THEN 1 ELSE 0 END AS is_src,
                        CASE WHEN e.actor1_code >= ?1 AND e.actor1_code < ?2 THEN e.actor2_code ELSE e.actor1_code END AS other,
                        CASE WHEN e.actor1_code >= ?1 AND e.actor1_code < ?2 THEN e.actor2_name ELSE e.actor1_name END AS other_name,
                        CASE WHEN e.actor1_code >= ?1 AND e.actor1_code < ?2 THEN e.actor1_name ELSE e.actor2_name END AS self_name
                    FROM events e
                    WHERE (e.actor1_code >= ?1 AND e.actor1_code < ?2) OR (e.actor2_code >= ?1 AND e.actor2_code < ?2)";
        let (as_source, as_target, coop, conflict): (i64, i64, i64, i64) = c
            .prepare_cached(&format!(
                "SELECT COALESCE(sum(is_src), 0), COALESCE(sum(1 - is_src), 0),
                        COALESCE(sum(quad_class <= 2), 0), COALESCE(sum(quad_class >= 3), 0) FROM ({side})"
            ))?
            .query_row(params![lo, hi], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let name: String = c
            .prepare_cached(&format!(
                "SELECT self_name FROM ({side}) WHERE self_name != '' GROUP BY self_name ORDER BY count(*) DESC, self_name LIMIT 1"
            ))?
            .query_row(params![lo, hi], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        let mut st = c.prepare_cached(&format!(
            "SELECT other, max(other_name), count(*), sum(num_mentions), sum(quad_class <= 2), sum(quad_class >= 3),
                    avg(goldstein)
             FROM ({side}) WHERE other != '' GROUP BY other ORDER BY count(*) DESC, sum(num_mentions) DESC, other LIMIT ?3"
        ))?;
        let counterparts = st
            .query_map(params![lo, hi, top as i64], |r| {
                Ok(Counterpart {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    events: r.get(2)?,
                    mentions: r.get(3)?,
                    cooperation: r.get(4)?,
                    conflict: r.get(5)?,
                    avg_goldstein: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(&format!(
            "SELECT substr(day, 1, 7) AS p, count(*), sum(quad_class <= 2), sum(quad_class >= 3), avg(goldstein)
             FROM ({side}) WHERE day != '' GROUP BY p ORDER BY p"
        ))?;
        let timeline = st
            .query_map(params![lo, hi], |r| {
                let events: i64 = r.get(1)?;
                let (co, cf): (i64, i64) = (r.get(2)?, r.get(3)?);
                Ok(Period {
                    period: r.get(0)?,
                    events,
                    cooperation: co,
                    conflict: cf,
                    balance: if events > 0 { (co - cf) as f64 / events as f64 } else { 0.0 },
                    avg_goldstein: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ActorProfile { actor: a, name, as_source, as_target, cooperation: coop, conflict, counterparts, timeline })
    }

    /// Stories, largest first, optionally only those overlapping a date range.
    pub fn stories(&self, from: Option<NaiveDate>, to: Option<NaiveDate>, min_docs: i64, page: Page) -> Result<Vec<StorySummary>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, label, first_date, last_date, doc_count, source_count FROM stories
             WHERE doc_count >= ?1 AND (?2 IS NULL OR last_date IS NULL OR last_date >= ?2)
               AND (?3 IS NULL OR first_date IS NULL OR first_date <= ?3)
             ORDER BY doc_count DESC, source_count DESC, id LIMIT ?4 OFFSET ?5",
        )?;
        let rows = st
            .query_map(
                params![min_docs, from.map(|d| d.to_string()), to.map(|d| d.to_string()), page.limit(), page.offset as i64],
                story_of,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One story; the id of a story since merged into another finds that one (its `id` then differs).
    pub fn story(&self, id: i64) -> Result<StorySummary> {
        let mut st = self.conn.prepare_cached("SELECT id, label, first_date, last_date, doc_count, source_count FROM stories WHERE id = ?1")?;
        if let Some(s) = st.query_row([id], story_of).optional()? {
            return Ok(s);
        }
        match self.merged_into(id)? {
            Some(kept) => st.query_row([kept], story_of).optional()?,
            None => None,
        }
        .ok_or_else(|| CorpusError::NotFound(format!("story {id}")))
    }

    /// The story that story `id` was merged into, if it was.
    pub fn merged_into(&self, id: i64) -> Result<Option<i64>> {
        // Stores written before merges were recorded have no such table: nothing was recorded.
        let recorded: bool =
            self.conn.prepare_cached("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'story_merges'")?.query_row([], |r| r.get::<_, i64>(0))? > 0;
        if !recorded {
            return Ok(None);
        }
        Ok(self.conn.prepare_cached("SELECT kept FROM story_merges WHERE gone = ?1")?.query_row([id], |r| r.get(0)).optional()?)
    }

    /// Full-text search over document titles and texts and over quotes.
    ///
    /// Words are matched as given (all required); with `raw` the query is
    /// FTS5 syntax (`gasoline NEAR(iran venezuela)`, `"maximum pressure" OR sanctions`).
    pub fn search(&self, query: &str, raw: bool, page: Page) -> Result<Vec<SearchHit>> {
        let q = fts_query(query, raw);
        if q.trim().is_empty() {
            return Err(CorpusError::Invalid("empty search".into()));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT * FROM (
                SELECT 'document', d.id, d.ext_id, d.title, d.date, d.source_name, NULL, NULL,
                       snippet(documents_fts, -1, '[', ']', '…', 16), bm25(documents_fts)
                FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                WHERE documents_fts MATCH ?1
                UNION ALL
                SELECT 'quote', d.id, d.ext_id, d.title, d.date, d.source_name, q.id, q.speaker,
                       snippet(quotes_fts, -1, '[', ']', '…', 24), bm25(quotes_fts)
                FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN documents d ON d.id = q.doc
                WHERE quotes_fts MATCH ?1)
             ORDER BY 10, 2 LIMIT ?2 OFFSET ?3",
        )?;
        let rows = st
            .query_map(params![q, page.limit(), page.offset as i64], |r| {
                let kind: String = r.get(0)?;
                Ok(SearchHit {
                    kind: if kind == "quote" { "quote" } else { "document" },
                    doc: r.get(1)?,
                    ext_id: r.get(2)?,
                    title: r.get(3)?,
                    date: r.get(4)?,
                    source_name: r.get(5)?,
                    quote: r.get(6)?,
                    speaker: r.get(7)?,
                    snippet: r.get(8)?,
                    rank: r.get(9)?,
                })
            })
            .and_then(|it| it.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(m)) if m.contains("fts5") || m.contains("syntax") => {
                    CorpusError::Invalid(format!("search {query:?}: {m}"))
                }
                e => CorpusError::Sql(e),
            })?;
        Ok(rows)
    }

    /// Per-record errors, in the order they were stored.
    pub fn errors(&self, page: Page) -> Result<Vec<ErrorRecord>> {
        let mut st = self.conn.prepare_cached(
            "SELECT id, run_id, path, line, offset, record, kind, message FROM errors ORDER BY id LIMIT ?1 OFFSET ?2",
        )?;
        let rows = st
            .query_map(params![page.limit(), page.offset as i64], |r| {
                Ok(ErrorRecord {
                    id: r.get(0)?,
                    run_id: r.get(1)?,
                    path: r.get(2)?,
                    line: r.get(3)?,
                    offset: r.get(4)?,
                    record: r.get(5)?,
                    kind: r.get(6)?,
                    message: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
