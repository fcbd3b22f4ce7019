//! A bounded cache of successful `GET /api/...` responses, emptied whenever the store changes.
//!
//! The server only reads, but `sitrep ingest` may write to the same store
//! while it runs. A dedicated read-only connection asks SQLite for the
//! store's `PRAGMA data_version` before every lookup: the value changes when
//! any other connection commits, and then every cached response is dropped.
//! A response is stored only under the version seen before its queries ran,
//! so it can never outlive a commit that happened while it was computed: the
//! next lookup sees the new version and drops it.

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, OpenFlags};

/// Largest single response kept (bigger ones are served, not cached).
const MAX_ENTRY_BYTES: usize = 1 << 20;

/// Cached responses keyed by request path and query.
pub struct ResponseCache {
    budget: usize,
    state: Mutex<CacheState>,
}

struct CacheState {
    /// Watches the store for commits; `None` once it failed (caching stops).
    watch: Option<Connection>,
    /// Last `data_version` seen; bumping `generation` whenever it changes.
    version: i64,
    generation: u64,
    entries: HashMap<String, Bytes>,
    /// Keys in insertion order, oldest first, for eviction.
    order: VecDeque<String>,
    bytes: usize,
}

impl CacheState {
    fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
        self.bytes = 0;
        self.generation += 1;
    }

    /// Drops everything if the store changed; the generation the caller may store under.
    fn check(&mut self) -> Option<u64> {
        let version = self
            .watch
            .as_ref()?
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut st| st.query_row([], |r| r.get::<_, i64>(0)));
        match version {
            Ok(v) if v == self.version => Some(self.generation),
            Ok(v) => {
                self.clear();
                self.version = v;
                Some(self.generation)
            }
            // Busy (a writer holds the store in rollback-journal mode) or worse:
            // nothing cached can be trusted now, and nothing is stored.
            Err(_) => {
                self.clear();
                None
            }
        }
    }
}

impl ResponseCache {
    /// A cache of at most `budget` bytes of response bodies for the store at `path`.
    pub fn open(path: &Path, budget: usize) -> Result<ResponseCache, rusqlite::Error> {
        let watch = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        // Never wait for a writer: a busy store just bypasses the cache.
        watch.busy_timeout(std::time::Duration::ZERO)?;
        let version = watch.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let state = CacheState {
            watch: Some(watch),
            version,
            generation: 0,
            entries: HashMap::new(),
            order: VecDeque::new(),
            bytes: 0,
        };
        Ok(ResponseCache { budget, state: Mutex::new(state) })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cached body for `key` if the store has not changed, and the generation to store a fresh one under.
    fn get(&self, key: &str) -> (Option<Bytes>, Option<u64>) {
        let mut s = self.lock();
        let generation = s.check();
        let hit = generation.and_then(|_| s.entries.get(key).cloned());
        (hit, generation)
    }

    /// Keeps `body` unless the store changed since `generation` was handed out.
    fn put(&self, key: String, body: Bytes, generation: u64) {
        if body.len() > MAX_ENTRY_BYTES || body.len() > self.budget {
            return;
        }
        let mut s = self.lock();
        if s.generation != generation || s.entries.contains_key(&key) {
            return;
        }
        while s.bytes + body.len() > self.budget {
            let Some(old) = s.order.pop_front() else { break };
            if let Some(b) = s.entries.remove(&old) {
                s.bytes -= b.len();
            }
        }
        s.bytes += body.len();
        s.order.push_back(key.clone());
        s.entries.insert(key, body);
    }
}

fn json_body(body: Bytes, cache: &'static str) -> Response {
    let mut r = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
    r.headers_mut().insert("x-sitrep-cache", HeaderValue::from_static(cache));
    r
}

/// Middleware: answers a repeated `GET /api/...` from the cache, and keeps fresh 200 JSON answers.
pub async fn layer(State(cache): State<Arc<ResponseCache>>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let key = req.uri().path_and_query().map_or_else(|| req.uri().path().to_string(), |pq| pq.as_str().to_string());
    let (hit, generation) = cache.get(&key);
    if let Some(body) = hit {
        return json_body(body, "hit");
    }
    let resp = next.run(req).await;
    let Some(generation) = generation else { return resp };
    let is_json = resp.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if resp.status() != StatusCode::OK || !is_json {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    // Every API body is already in memory (a `Vec<u8>`), so collecting it costs no wait.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => {
            cache.put(key, bytes.clone(), generation);
            let mut r = Response::from_parts(parts, Body::from(bytes));
            r.headers_mut().insert("x-sitrep-cache", HeaderValue::from_static("miss"));
            r
        }
        Err(e) => crate::ApiError::internal(format!("response to {key}: {e}")).into_response(),
    }
}
