//! Per-record errors: bad input is reported and counted, never fatal to a batch.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Where in the input a record (or a failure) sits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordLocation {
    /// The input file, or `-` for stdin.
    pub path: PathBuf,
    /// 1-based line number, for line-oriented formats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Byte offset in the (decompressed) input stream.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Record identifier, when known (JSONL id, WARC-Record-ID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

impl fmt::Display for RecordLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(o) = self.offset {
            write!(f, " (byte {o})")?;
        }
        if let Some(r) = &self.record {
            write!(f, " [{r}]")?;
        }
        Ok(())
    }
}

/// What went wrong with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordErrorKind {
    Io,
    InvalidUtf8,
    MalformedJson,
    MissingField,
    Truncated,
    Binary,
    Empty,
    TooLarge,
    Malformed,
    Unsupported,
    /// A failure inside analysis (a bug): reported, the batch goes on.
    Analysis,
}

/// A record that could not be read or analyzed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{location}: {kind:?}: {message}")]
pub struct RecordError {
    pub location: RecordLocation,
    pub kind: RecordErrorKind,
    pub message: String,
}

impl RecordError {
    pub fn new(location: RecordLocation, kind: RecordErrorKind, message: impl Into<String>) -> Self {
        RecordError { location, kind, message: message.into() }
    }
}
