//! API errors and how they become JSON responses.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sitrep_corpus::CorpusError;

/// An error answered as `{"error": {"status", "message"}}` with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// 400: the request's parameters or body are wrong.
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::NOT_FOUND, message: message.into() }
    }
    /// 503: the server is busy, still loading, or a query ran out of time.
    pub fn unavailable(message: impl Into<String>) -> Self {
        ApiError { status: StatusCode::SERVICE_UNAVAILABLE, message: message.into() }
    }
    /// 500: a fault of ours; the details go to the server log, not to the client.
    pub fn internal(message: impl std::fmt::Display) -> Self {
        eprintln!("sitrep serve: internal error: {message}");
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, message: "internal error (see the server log)".into() }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status.as_u16(), self.message)
    }
}

/// Whether SQLite stopped a statement because our progress handler said so.
pub fn is_interrupt(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted)
}

impl From<CorpusError> for ApiError {
    fn from(e: CorpusError) -> Self {
        match e {
            CorpusError::NotFound(what) => ApiError::not_found(format!("{what} not found")),
            CorpusError::Invalid(m) => ApiError::bad_request(m),
            CorpusError::Sql(ref s) if is_interrupt(s) => {
                ApiError::unavailable("the query took longer than the server's time limit; narrow the filters")
            }
            e => ApiError::internal(e),
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::from(CorpusError::Sql(e))
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(e: serde_json::Error) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": { "status": self.status.as_u16(), "message": self.message } });
        (self.status, axum::Json(body)).into_response()
    }
}
