//! Typed errors of the corpus store.

use std::path::PathBuf;

/// What went wrong while opening, writing, reading or exporting a corpus.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("{path}: the store has schema version {found}, this sitrep reads version {expected} (an older store is upgraded by the next `sitrep ingest` into it)")]
    Version { path: PathBuf, found: i64, expected: i64 },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("Arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("{0} not found")]
    NotFound(String),
    #[error("invalid argument: {0}")]
    Invalid(String),
    #[error("the store writer stopped: {0}")]
    Writer(String),
}
