//! The JSON API handlers (documented in `openapi.json`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Value};
use sitrep_corpus::query::EventRecord;
use sitrep_corpus::Store;

use crate::aggregate::{self, Grouping, Interval};
use crate::analyze::{AnalyzeRequest, Analyzer};
use crate::db::Pool;
use crate::error::ApiError;
use crate::params::Params;

/// Shared state of every handler.
pub struct App {
    pub pool: Arc<Pool>,
    pub analyzer: Arc<Analyzer>,
    /// File name of the store (shown by the UI).
    pub db_name: String,
    /// Responses kept for repeated requests, if enabled.
    pub cache: Option<Arc<crate::cache::ResponseCache>>,
}

/// Handler state.
pub type AppState = Arc<App>;

type Reply = Result<Response, ApiError>;

/// The OpenAPI description of this API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// Most mentions returned with one event.
const MAX_MENTIONS: usize = 500;
/// Most documents returned with one story.
const MAX_STORY_DOCS: i64 = 20;
/// Longest search query.
const MAX_QUERY_CHARS: usize = 500;

fn json_response(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn to_json<T: Serialize>(v: &T) -> Result<Vec<u8>, ApiError> {
    Ok(serde_json::to_vec(v)?)
}

/// A list page with its position, as JSON.
#[derive(Serialize)]
struct PageBody<'a, T> {
    total: Option<i64>,
    limit: usize,
    offset: usize,
    next_offset: Option<usize>,
    items: &'a [T],
}

/// A list page with its position (serialized straight from the rows, with no
/// intermediate `Value` tree).
fn page_json<T: Serialize>(items: &[T], limit: usize, offset: usize, total: Option<i64>) -> Result<Vec<u8>, ApiError> {
    let next = (items.len() == limit).then_some(offset + limit);
    let mut out = Vec::with_capacity(256 + items.len() * 768);
    serde_json::to_writer(&mut out, &PageBody { total, limit, offset, next_offset: next, items })?;
    Ok(out)
}

/// An event of a list with the evidence of its first mention.
#[derive(Serialize)]
struct EventWithEvidence<'a> {
    #[serde(flatten)]
    event: &'a EventRecord,
    evidence: Option<aggregate::EventEvidence>,
}

fn id_param(what: &str, raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::bad_request(format!("{what} id: expected a positive integer, got {raw:?}")))
}

/// `GET /api/health`
pub async fn health(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    Params::parse(q.as_deref())?.finish()?;
    let body = to_json(&json!({ "status": "ok", "db": app.db_name, "read_only": true, "version": env!("CARGO_PKG_VERSION") }))?;
    Ok(json_response(body))
}

/// `GET /api/openapi.json`
pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /api/stats`
pub async fn stats(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    Params::parse(q.as_deref())?.finish()?;
    let body = app.pool.run(|s| to_json(&s.stats()?)).await?;
    Ok(json_response(body))
}

/// `GET /api/events`
pub async fn events(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let f = p.event_filter()?;
    let page = p.page()?;
    let evidence = p.flag("evidence")?;
    let count = p.string("count").is_none_or(|c| c != "false" && c != "0");
    p.finish()?;
    let body = app
        .pool
        .run(move |s| {
            let (rows, total) = if count {
                let (rows, total) = s.events_with_total(&f, page)?;
                (rows, Some(total))
            } else {
                (s.events(&f, page)?, None)
            };
            if !evidence {
                return page_json(&rows, page.limit, page.offset, total);
            }
            let items = rows
                .iter()
                .map(|event| Ok(EventWithEvidence { event, evidence: aggregate::first_evidence(s, event.id)? }))
                .collect::<Result<Vec<_>, ApiError>>()?;
            page_json(&items, page.limit, page.offset, total)
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/events/{id}`
pub async fn event(State(app): State<AppState>, Path(id): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let id = id_param("event", &id)?;
    Params::parse(q.as_deref())?.finish()?;
    let body = app
        .pool
        .run(move |s| {
            let event = s.event(id)?;
            let mut mentions = s.event_mentions(id)?;
            let total = mentions.len();
            mentions.truncate(MAX_MENTIONS);
            to_json(&json!({ "event": event, "mentions_total": total, "mentions": mentions }))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/documents`
pub async fn documents(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let story = p.int("story", 1, i64::MAX)?;
    let page = p.page()?;
    p.finish()?;
    let body = app
        .pool
        .run(move |s| {
            let rows = s.documents(story, page)?;
            page_json(&rows, page.limit, page.offset, None)
        })
        .await?;
    Ok(json_response(body))
}

/// One document with its analysis, and optionally its text and event mentions.
fn document_value(s: &Store, id: i64, text: bool, mentions: bool) -> Result<Value, ApiError> {
    let mut v = s.document_json(id, text)?;
    if mentions {
        v["mentions"] = serde_json::to_value(s.document_mentions(id)?)?;
    }
    let dups: Vec<Value> =
        s.duplicates_of(id)?.into_iter().map(|(doc, kind, sim)| json!({ "doc": doc, "kind": kind, "similarity": sim })).collect();
    v["duplicates"] = Value::Array(dups);
    Ok(v)
}

/// `GET /api/documents/{id}`
pub async fn document(State(app): State<AppState>, Path(id): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let id = id_param("document", &id)?;
    let mut p = Params::parse(q.as_deref())?;
    let text = p.flag("text")?;
    let mentions = p.flag("mentions")?;
    p.finish()?;
    let body = app.pool.run(move |s| to_json(&document_value(s, id, text, mentions)?)).await?;
    Ok(json_response(body))
}

/// `GET /api/actors`
pub async fn actors(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let page = p.page()?;
    p.finish()?;
    let body = app.pool.run(move |s| page_json(&s.actors(page)?, page.limit, page.offset, None)).await?;
    Ok(json_response(body))
}

/// `GET /api/actors/{code}`
pub async fn actor(State(app): State<AppState>, Path(code): Path<String>, RawQuery(q): RawQuery) -> Reply {
    if code.is_empty() || code.len() > 30 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ApiError::bad_request(format!("actor code: expected letters and digits (IRN, USAGOV), got {code:?}")));
    }
    let mut p = Params::parse(q.as_deref())?;
    let top = p.int("top", 1, 100)?.unwrap_or(10) as usize;
    p.finish()?;
    let body = app.pool.run(move |s| to_json(&s.actor_profile(&code, top)?)).await?;
    Ok(json_response(body))
}

/// `GET /api/stories`
pub async fn stories(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let from = p.date("from")?;
    let to = p.date("to")?;
    let min_docs = p.int("min_docs", 1, 1_000_000)?.unwrap_or(1);
    let page = p.page()?;
    p.finish()?;
    let body = app.pool.run(move |s| page_json(&s.stories(from, to, min_docs, page)?, page.limit, page.offset, None)).await?;
    Ok(json_response(body))
}

/// `GET /api/stories/{id}`: the story and its first articles with text and analysis.
pub async fn story(State(app): State<AppState>, Path(id): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let id = id_param("story", &id)?;
    let mut p = Params::parse(q.as_deref())?;
    let n = p.int("documents", 1, MAX_STORY_DOCS)?.unwrap_or(6);
    p.finish()?;
    let body = app
        .pool
        .run(move |s| {
            let story = s.story(id)?;
            let docs = s.documents(Some(story.id), sitrep_corpus::Page::first(n as usize))?;
            let documents = docs.iter().map(|d| document_value(s, d.id, true, false)).collect::<Result<Vec<_>, _>>()?;
            to_json(&json!({ "story": story, "document_count": story.doc_count, "documents": documents }))
        })
        .await?;
    Ok(json_response(body))
}

/// `GET /api/stories/{id}/diff`
pub async fn story_diff(State(app): State<AppState>, Path(id): Path<String>, RawQuery(q): RawQuery) -> Reply {
    let id = id_param("story", &id)?;
    Params::parse(q.as_deref())?.finish()?;
    let body = app.pool.run(move |s| to_json(&s.story_diff(id)?)).await?;
    Ok(json_response(body))
}

/// `GET /api/search`
pub async fn search(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let query = p.string("q").ok_or_else(|| ApiError::bad_request("parameter `q` (the words to search for) is required"))?;
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::bad_request(format!("parameter `q`: longer than {MAX_QUERY_CHARS} characters")));
    }
    let raw = p.flag("raw")?;
    let page = p.page()?;
    p.finish()?;
    let body = app
        .pool
        .run(move |s| {
            let hits = s.search(&query, raw, page).map_err(|e| search_error(&query, e))?;
            page_json(&hits, page.limit, page.offset, None)
        })
        .await?;
    Ok(json_response(body))
}

/// A query SQLite's FTS5 could not parse is the client's mistake (400), not ours.
///
/// FTS5 reports its syntax errors (`unterminated string`, `fts5: syntax error
/// near ...`, `no such column`) as plain `SQLITE_ERROR`; time-outs and I/O
/// faults have codes of their own and stay 503 / 500.
fn search_error(query: &str, e: sitrep_corpus::CorpusError) -> ApiError {
    match e {
        sitrep_corpus::CorpusError::Sql(rusqlite::Error::SqliteFailure(f, Some(m)))
            if f.code == rusqlite::ErrorCode::Unknown =>
        {
            ApiError::bad_request(format!("parameter `q`: {query:?} is not a valid full-text query ({m})"))
        }
        e => ApiError::from(e),
    }
}

/// `GET /api/errors`
pub async fn errors(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let page = p.page()?;
    p.finish()?;
    let body = app.pool.run(move |s| page_json(&s.errors(page)?, page.limit, page.offset, None)).await?;
    Ok(json_response(body))
}

fn interval(p: &mut Params, default: &'static str) -> Result<Interval, ApiError> {
    let i = p.choice("interval", &["day", "month", "year"], default)?;
    Ok(Interval::parse(i).expect("choice() returns one of the listed names"))
}

/// `GET /api/timeline`
pub async fn timeline(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let f = p.event_filter()?;
    let iv = interval(&mut p, "day")?;
    p.finish()?;
    let body = app.pool.run(move |s| to_json(&aggregate::timeline(s, &f, iv)?)).await?;
    Ok(json_response(body))
}

/// `GET /api/network`
pub async fn network(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let f = p.event_filter()?;
    let g = match p.choice("group", &["country", "code"], "country")? {
        "code" => Grouping::Code,
        _ => Grouping::Country,
    };
    let nodes = p.int("nodes", 2, 300)?.unwrap_or(60) as usize;
    let min_events = p.int("min_events", 1, 1_000_000)?.unwrap_or(1);
    p.finish()?;
    let body = app.pool.run(move |s| to_json(&aggregate::network(s, &f, g, nodes, min_events)?)).await?;
    Ok(json_response(body))
}

/// `GET /api/map`
pub async fn map(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let f = p.event_filter()?;
    let limit = p.int("limit", 1, 5000)?.unwrap_or(1000) as usize;
    p.finish()?;
    let body = app.pool.run(move |s| to_json(&json!({ "places": aggregate::places(s, &f, limit)? }))).await?;
    Ok(json_response(body))
}

/// `GET /api/tone`
pub async fn tone(State(app): State<AppState>, RawQuery(q): RawQuery) -> Reply {
    let mut p = Params::parse(q.as_deref())?;
    let iv = interval(&mut p, "month")?;
    let story = p.int("story", 1, i64::MAX)?;
    let sources = p.int("sources", 0, 12)?.unwrap_or(5) as usize;
    p.finish()?;
    let body = app.pool.run(move |s| to_json(&aggregate::tone(s, iv, story, sources)?)).await?;
    Ok(json_response(body))
}

/// `POST /api/analyze`: JSON `{"text", "title"?, "date"?, ...}` or a plain-text body.
pub async fn analyze(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Reply {
    Params::parse(q.as_deref())?.finish()?;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: format!("the request body is larger than {} bytes", crate::BODY_LIMIT),
            }
        } else {
            ApiError::bad_request(format!("request body: {}", e.body_text()))
        }
    })?;
    let ctype = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("text/plain").to_ascii_lowercase();
    let req = if ctype.starts_with("application/json") {
        serde_json::from_slice::<AnalyzeRequest>(&body).map_err(|e| ApiError::bad_request(format!("JSON body: {e}")))?
    } else if ctype.starts_with("text/plain") {
        let text = String::from_utf8(body.to_vec()).map_err(|e| ApiError::bad_request(format!("body is not UTF-8: {e}")))?;
        AnalyzeRequest { text, ..Default::default() }
    } else {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: format!("content type {ctype:?}: send application/json or text/plain"),
        });
    };
    let doc = Analyzer::document(req)?;
    let body = app.analyzer.analyze(doc).await?;
    Ok(json_response(body))
}

/// Any other `/api/...` path.
pub async fn no_endpoint() -> ApiError {
    ApiError::not_found("no such endpoint (see /api/openapi.json)")
}
