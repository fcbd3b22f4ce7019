//! `sitrep serve`: a read-only HTTP API over a corpus store and the embedded web UI (issue #8).
//!
//! The API is documented in `openapi.json` (served at `/api/openapi.json`).
//! Every list is paginated with a bounded page size, every statement runs
//! under a time limit on a small pool of read-only connections, request bodies
//! are size-limited, and all SQL is parameterized. The UI (`ui/`) is plain
//! JavaScript and SVG compiled into the binary, so it works offline.

pub mod aggregate;
pub mod analyze;
pub mod api;
pub mod cache;
pub mod assets;
pub mod db;
pub mod error;
pub mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use api::{App, AppState};
pub use error::ApiError;

/// Largest request body (the analyze endpoint's article plus JSON overhead).
pub const BODY_LIMIT: usize = analyze::MAX_TEXT_BYTES + 64 * 1024;

/// Everything `sitrep serve` is told.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The corpus store, opened read-only.
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Where `POST /api/analyze` loads the pipeline's models from.
    pub models_dir: PathBuf,
    /// Read-only SQLite connections (concurrent queries).
    pub connections: usize,
    /// Longest a request's queries may run.
    pub query_timeout: Duration,
    /// Longest any request may take (analysis included).
    pub request_timeout: Duration,
    /// Analyses that may run at once.
    pub analyses: usize,
    /// Bytes of API responses kept in memory for repeated requests (0: no cache).
    pub cache_bytes: usize,
}

impl ServeOptions {
    /// Defaults for a store at `db` on `addr`.
    pub fn new(db: PathBuf, addr: SocketAddr) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ServeOptions {
            db,
            addr,
            models_dir: sitrep_pipeline::default_models_dir(),
            connections: (cores * 2).clamp(2, 16),
            query_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(120),
            analyses: cores.div_ceil(2),
            cache_bytes: 64 << 20,
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("opening the store: {0}")]
    Store(#[from] sitrep_corpus::CorpusError),
    #[error("listening on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// The application state for `opts` (opens the store's connections).
pub fn app(opts: &ServeOptions) -> Result<AppState, ServeError> {
    let pool = db::Pool::open(&opts.db, opts.connections, opts.query_timeout)?;
    let analyzer = analyze::Analyzer::new(opts.models_dir.clone(), opts.analyses);
    let db_name = opts.db.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let cache = if opts.cache_bytes > 0 {
        Some(Arc::new(cache::ResponseCache::open(&opts.db, opts.cache_bytes).map_err(sitrep_corpus::CorpusError::Sql)?))
    } else {
        None
    };
    Ok(Arc::new(App { pool: Arc::new(pool), analyzer: Arc::new(analyzer), db_name, cache }))
}

/// Every route of the API and the UI.
pub fn router(state: AppState, request_timeout: Duration) -> Router {
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/openapi.json", get(api::openapi))
        .route("/stats", get(api::stats))
        .route("/events", get(api::events))
        .route("/events/{id}", get(api::event))
        .route("/documents", get(api::documents))
        .route("/documents/{id}", get(api::document))
        .route("/actors", get(api::actors))
        .route("/actors/{code}", get(api::actor))
        .route("/stories", get(api::stories))
        .route("/stories/{id}", get(api::story))
        .route("/stories/{id}/diff", get(api::story_diff))
        .route("/search", get(api::search))
        .route("/errors", get(api::errors))
        .route("/timeline", get(api::timeline))
        .route("/network", get(api::network))
        .route("/map", get(api::map))
        .route("/tone", get(api::tone))
        .route("/analyze", post(api::analyze))
        .fallback(api::no_endpoint);
    let cache = state.cache.clone();
    let mut app = Router::new()
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .nest("/api", api)
        .fallback(api::no_endpoint)
        .with_state(state);
    if let Some(cache) = cache {
        app = app.layer(axum::middleware::from_fn_with_state(cache, cache::layer));
    }
    app.layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, request_timeout))
        // The UI talks to this server only: no third-party script, style, font or fetch.
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; \
                 frame-ancestors 'none'",
            ),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
}

/// Serves until Ctrl-C (or SIGTERM); `ready` is called with the bound address.
pub async fn serve(opts: ServeOptions, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let state = app(&opts)?;
    let listener =
        tokio::net::TcpListener::bind(opts.addr).await.map_err(|source| ServeError::Bind { addr: opts.addr, source })?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(state, opts.request_timeout)).with_graceful_shutdown(shutdown()).await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// Builds a tokio runtime with `threads` workers (default: one per core) and serves.
pub fn serve_blocking(opts: ServeOptions, threads: Option<usize>, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = threads {
        rt.worker_threads(n.max(1));
    }
    let rt = rt.enable_all().build()?;
    rt.block_on(serve(opts, ready))
}
