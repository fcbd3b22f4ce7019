//! JSON Lines: one article object per line.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

/// Reads every line of a JSONL file; each bad line is one error, the rest go on.
pub fn read(path: &Path, bytes: Vec<u8>) -> impl Iterator<Item = Result<Document, RecordError>> {
    let path: PathBuf = path.to_path_buf();
    let mut lines: Vec<(u64, u64, Vec<u8>)> = Vec::new();
    let mut offset = 0u64;
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let here = offset;
        offset += line.len() as u64 + 1;
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        lines.push((i as u64 + 1, here, line.to_vec()));
    }
    lines.into_iter().map(move |(line, offset, raw)| parse_line(&path, line, offset, &raw))
}

fn parse_line(path: &Path, line: u64, offset: u64, raw: &[u8]) -> Result<Document, RecordError> {
    let loc = RecordLocation { path: path.to_path_buf(), line: Some(line), offset: Some(offset), record: None };
    let text = std::str::from_utf8(raw).map_err(|e| {
        RecordError::new(loc.clone(), RecordErrorKind::InvalidUtf8, format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()))
    })?;
    let v: Value = serde_json::from_str(text)
        .map_err(|e| RecordError::new(loc.clone(), RecordErrorKind::MalformedJson, e.to_string()))?;
    let Value::Object(mut obj) = v else {
        return Err(RecordError::new(loc, RecordErrorKind::MalformedJson, "line is not a JSON object"));
    };
    let mut take = |k: &str| match obj.remove(k) {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let id = take("id").unwrap_or_else(|| format!("{}:{line}", path.display()));
    let body = take("text").ok_or_else(|| {
        RecordError::new(RecordLocation { record: Some(id.clone()), ..loc.clone() }, RecordErrorKind::MissingField, "no \"text\" field")
    })?;
    let date = take("date").and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(&d), "%Y-%m-%d").ok());
    let title = take("title");
    let source = take("source");
    let url = take("url");
    Ok(Document { id, date, title, source, url, text: body, metadata: obj })
}
