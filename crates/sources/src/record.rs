//! The news-record format: an optional `date YYYY-MM-DD` header, then the body.
//!
//! A file is one record, and any plain-text file reads as a record without a
//! header. The header may stand on its own line or, as in real exported
//! records, be followed by the body on the same line (` date 2020-05-29 Even
//! though...`). [`Document::text`] is the body after the header.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

use crate::input::{read_bounded, read_error};

/// Reads one news record (or plain text file) of at most `limit` bytes. The id is the file name.
pub fn read(path: &Path, mut reader: impl Read, limit: u64) -> Result<Document, RecordError> {
    let bytes = match read_bounded(&mut reader, limit) {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => return Err(too_large(path, limit)),
        Err(e) => return Err(read_error(path, &e)),
    };
    parse(path, &bytes)
}

/// Parses the bytes of one record.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Document, RecordError> {
    let loc = |offset: Option<u64>| RecordLocation { path: path.to_path_buf(), offset, ..Default::default() };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
        RecordError::new(
            RecordLocation { line: Some(line), ..loc(Some(at as u64)) },
            RecordErrorKind::InvalidUtf8,
            format!("invalid UTF-8 at byte {at} (line {line}); convert the file to UTF-8"),
        )
    })?;
    if let Some(at) = memchr::memchr(0, bytes) {
        return Err(RecordError::new(loc(Some(at as u64)), RecordErrorKind::Binary, format!("NUL byte at byte {at}: not a text file")));
    }
    let (date, body) = split_header(text);
    if body.trim().is_empty() {
        return Err(RecordError::new(loc(None), RecordErrorKind::Empty, "empty body"));
    }
    Ok(Document { id: crate::file_id(path), date, title: headline(body), text: body.to_string(), ..Default::default() })
}

/// The body's first line when it reads as a headline: short, on a line of its
/// own, not ending like a sentence. It stays in the text (offsets are unchanged);
/// the title is what story labels, search and GKG `<PAGE_TITLE>` show.
pub fn headline(body: &str) -> Option<String> {
    let body = body.trim_start();
    let (first, rest) = body.split_once('\n')?;
    let first = first.trim();
    let words = first.split_whitespace().count();
    let sentence_end = first.ends_with(['.', '!', '?', ',', ';', ':', '"', '”', '’', '\'']);
    (!rest.trim().is_empty() && (2..=25).contains(&words) && first.chars().count() <= 200 && !sentence_end).then(|| first.to_string())
}

pub(crate) fn too_large(path: &Path, limit: u64) -> RecordError {
    RecordError::new(
        RecordLocation { path: path.to_path_buf(), ..Default::default() },
        RecordErrorKind::TooLarge,
        format!("document larger than the {limit}-byte limit (--max-doc-bytes); skipped"),
    )
}

/// Splits a leading `date YYYY-MM-DD` header off the body.
///
/// The header may be followed by a newline or, as in real exported records,
/// directly by the body on the same line.
pub fn split_header(text: &str) -> (Option<NaiveDate>, &str) {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if let Some(rest) = t.strip_prefix("date") {
        let rest = rest.trim_start_matches([' ', '\t', ':']);
        if let Some(d) = rest.get(..10).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
            let after = &rest[10..];
            // "date 2020-05-291" is not a header.
            if after.is_empty() || after.starts_with(char::is_whitespace) {
                return (Some(d), after.trim_start());
            }
        }
    }
    (None, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_on_the_same_line() {
        let (d, body) = split_header(" date 2020-05-29 Even though it has plenty of oil");
        assert_eq!(d, NaiveDate::from_ymd_opt(2020, 5, 29));
        assert_eq!(body, "Even though it has plenty of oil");
    }

    #[test]
    fn header_on_its_own_line() {
        let (d, body) = split_header("date 2021-01-02\nBody.");
        assert_eq!(d, NaiveDate::from_ymd_opt(2021, 1, 2));
        assert_eq!(body, "Body.");
    }

    #[test]
    fn no_header() {
        for t in ["Dated reports say...", "date 2020-13-01 x", "date 2020-01-011", "date"] {
            let (d, body) = split_header(t);
            assert_eq!(d, None, "{t}");
            assert_eq!(body, t);
        }
    }

    #[test]
    fn headline_is_a_short_first_line_of_its_own() {
        assert_eq!(
            headline("Turkey Sends Grain Shipment to Lebanon\n\nAnkara shipped wheat on Monday.").as_deref(),
            Some("Turkey Sends Grain Shipment to Lebanon")
        );
        // A first paragraph, a one-line file, a lone word: no title.
        assert_eq!(headline("Even though it has plenty of oil, it is poor.\n\nMore text."), None);
        assert_eq!(headline("Turkey Sends Grain Shipment to Lebanon"), None);
        assert_eq!(headline("Breaking\nText."), None);
        let d = parse(Path::new("a.txt"), "date 2024-03-11\nGrain Deal Signed\nThe deal was signed.".as_bytes()).unwrap();
        assert_eq!((d.title.as_deref(), d.text.as_str()), (Some("Grain Deal Signed"), "Grain Deal Signed\nThe deal was signed."));
    }

    #[test]
    fn errors() {
        let p = Path::new("a.txt");
        let e = parse(p, b"ok\nbad \xff here").unwrap_err();
        assert_eq!(e.kind, RecordErrorKind::InvalidUtf8);
        assert_eq!((e.location.line, e.location.offset), (Some(2), Some(7)));
        assert_eq!(parse(p, b"date 2020-01-01\n  \n").unwrap_err().kind, RecordErrorKind::Empty);
        assert_eq!(parse(p, b"a\0b").unwrap_err().kind, RecordErrorKind::Binary);
        assert_eq!(read(p, &b"0123456789"[..], 5).unwrap_err().kind, RecordErrorKind::TooLarge);
        let d = read(Path::new("dir/000_x.txt"), &b"date 2020-05-29 Body"[..], 100).unwrap();
        assert_eq!(d.id, "000_x.txt");
        assert_eq!(d.text, "Body");
    }
}
