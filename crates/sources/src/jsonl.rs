//! JSON Lines: one article object per line, read as a stream.
//!
//! Known fields (`id, date, title, source, url, text`) fill the [`Document`];
//! every other field is kept in [`Document::metadata`]. Each bad line is one
//! error naming its line and byte offset, and reading goes on with the next
//! line; only a broken stream (say, a truncated gzip) ends the file.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{Map, Value};
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

use crate::input::{read_line_bounded, Line};

/// Streams the records of one JSONL input, line by line, in bounded memory.
pub struct Reader<R> {
    path: PathBuf,
    reader: R,
    limit: usize,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// `limit` bounds one line's length in bytes; a longer line is skipped as `too_large`.
    pub fn new(path: PathBuf, reader: R, limit: u64) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        Reader { path, reader, limit, line: 0, offset: 0, buf: Vec::new(), done: false }
    }

    fn location(&self, line: u64, offset: u64) -> RecordLocation {
        RecordLocation { path: self.path.clone(), line: Some(line), offset: Some(offset), record: None }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let start = self.offset;
            let line = self.line + 1;
            let read = read_line_bounded(&mut self.reader, &mut self.buf, self.limit);
            match read {
                Err(e) => {
                    self.done = true;
                    let kind = if is_truncation(&e) { RecordErrorKind::Truncated } else { RecordErrorKind::Io };
                    return Some(Err(RecordError::new(
                        self.location(line, start),
                        kind,
                        format!("input ends abruptly or is corrupt ({e}); records before this point were read"),
                    )));
                }
                Ok(Line::Eof) => self.done = true,
                Ok(Line::TooLong { consumed }) => {
                    self.line = line;
                    self.offset += consumed;
                    return Some(Err(RecordError::new(
                        self.location(line, start),
                        RecordErrorKind::TooLarge,
                        format!("line longer than the {}-byte limit (--max-doc-bytes); skipped", self.limit),
                    )));
                }
                Ok(Line::Line { consumed }) => {
                    self.line = line;
                    self.offset += consumed;
                    let mut raw: &[u8] = &self.buf;
                    if line == 1 {
                        raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
                    }
                    if raw.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(parse_line(&self.path, line, start, raw));
                }
            }
        }
        None
    }
}

/// Errors a decompressor or reader gives when its input stops mid-stream.
pub(crate) fn is_truncation(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidInput | std::io::ErrorKind::InvalidData)
}

/// Parses one JSONL line into a document.
pub fn parse_line(path: &Path, line: u64, offset: u64, raw: &[u8]) -> Result<Document, RecordError> {
    let loc = RecordLocation { path: path.to_path_buf(), line: Some(line), offset: Some(offset), record: None };
    let text = std::str::from_utf8(raw).map_err(|e| {
        RecordError::new(
            RecordLocation { offset: Some(offset + e.valid_up_to() as u64), ..loc.clone() },
            RecordErrorKind::InvalidUtf8,
            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
        )
    })?;
    let v: Value = serde_json::from_str(text)
        .map_err(|e| RecordError::new(loc.clone(), RecordErrorKind::MalformedJson, format!("malformed JSON: {e}")))?;
    let Value::Object(obj) = v else {
        return Err(RecordError::new(loc, RecordErrorKind::MalformedJson, "line is not a JSON object"));
    };
    document_from_object(obj, &format!("{}:{line}", crate::file_id(path)), &loc)
}

/// Builds a document from one JSON object; `fallback_id` names it when it has no `id`.
pub fn document_from_object(
    mut obj: Map<String, Value>,
    fallback_id: &str,
    loc: &RecordLocation,
) -> Result<Document, RecordError> {
    let mut take = |k: &str| match obj.remove(k) {
        Some(Value::String(s)) => Some(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Null) | None => None,
        Some(other) => {
            // Keep an unexpected shape (say, a list of titles) rather than lose it.
            obj.insert(k.to_string(), other);
            None
        }
    };
    let id = take("id").unwrap_or_else(|| fallback_id.to_string());
    let loc = RecordLocation { record: Some(id.clone()), ..loc.clone() };
    let body = take("text").ok_or_else(|| RecordError::new(loc.clone(), RecordErrorKind::MissingField, "no \"text\" field"))?;
    if body.trim().is_empty() {
        return Err(RecordError::new(loc, RecordErrorKind::Empty, "empty \"text\""));
    }
    let raw_date = take("date");
    let date = raw_date.as_deref().and_then(parse_date);
    let title = take("title").filter(|t| !t.trim().is_empty());
    let source = take("source");
    let url = take("url");
    if let (Some(raw), None) = (raw_date, date) {
        // An unparseable date is kept verbatim rather than dropped.
        obj.insert("date".into(), Value::String(raw));
    }
    Ok(Document { id, date, title, source, url, text: body, metadata: obj })
}

/// Parses the leading `YYYY-MM-DD` of an ISO date or timestamp.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(data: &[u8], limit: u64) -> Vec<Result<Document, RecordError>> {
        Reader::new(PathBuf::from("t.jsonl"), data, limit).collect()
    }

    #[test]
    fn reads_fields_and_keeps_the_rest() {
        let out = read_all(
            br#"{"id": "a1", "date": "2020-05-29T10:00:00Z", "title": "T", "source": "S", "url": "u", "text": "Body", "authors": ["X"]}"#,
            1000,
        );
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.id, "a1");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2020, 5, 29));
        assert_eq!((d.title.as_deref(), d.source.as_deref(), d.url.as_deref()), (Some("T"), Some("S"), Some("u")));
        assert_eq!(d.metadata["authors"], serde_json::json!(["X"]));
    }

    #[test]
    fn each_bad_line_is_one_error_and_reading_goes_on() {
        let data = b"{\"id\":\"a\",\"text\":\"one\"}\n\n{\"id\": oops}\n{\"id\":\"b\",\"text\":\"\xff\"}\n[1]\n{\"id\":\"c\"}\n{\"id\":\"d\",\"text\":\" \"}\n{\"id\":\"e\",\"text\":\"this one is far too long for the limit\"}\n{\"text\":\"last\"}";
        let out = read_all(data, 40);
        let kinds: Vec<_> = out.iter().map(|r| r.as_ref().map(|d| d.id.clone()).map_err(|e| (e.kind, e.location.line))).collect();
        assert_eq!(
            kinds,
            vec![
                Ok("a".to_string()),
                Err((RecordErrorKind::MalformedJson, Some(3))),
                Err((RecordErrorKind::InvalidUtf8, Some(4))),
                Err((RecordErrorKind::MalformedJson, Some(5))),
                Err((RecordErrorKind::MissingField, Some(6))),
                Err((RecordErrorKind::Empty, Some(7))),
                Err((RecordErrorKind::TooLarge, Some(8))),
                Ok("t.jsonl:9".to_string()),
            ]
        );
        // Offsets point at the start of each line.
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.location.offset, Some(25));
    }
}
