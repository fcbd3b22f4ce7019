//! The news-record format: an optional `date YYYY-MM-DD` header, then the body.

use std::path::Path;

use chrono::NaiveDate;
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

/// Reads one news record (or plain text file). The id is the file name.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, RecordError> {
    let loc = RecordLocation { path: path.to_path_buf(), ..Default::default() };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        RecordError::new(
            RecordLocation { offset: Some(e.valid_up_to() as u64), ..loc.clone() },
            RecordErrorKind::InvalidUtf8,
            format!("invalid UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    let id = path.file_name().map_or_else(|| "-".to_string(), |n| n.to_string_lossy().into_owned());
    let (date, body) = split_header(text);
    if body.trim().is_empty() {
        return Err(RecordError::new(loc, RecordErrorKind::Empty, "empty body"));
    }
    Ok(Document { id, date, text: body.to_string(), ..Default::default() })
}

/// Splits a leading `date YYYY-MM-DD` header off the body.
///
/// The header may be followed by a newline or, as in real exported records,
/// directly by the body on the same line.
pub fn split_header(text: &str) -> (Option<NaiveDate>, &str) {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if let Some(rest) = t.strip_prefix("date") {
        let rest = rest.trim_start_matches([' ', '\t', ':']);
        if rest.len() >= 10 {
            if let Ok(d) = NaiveDate::parse_from_str(&rest[..10], "%Y-%m-%d") {
                let body = rest[10..].trim_start();
                return (Some(d), body);
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
        let (d, body) = split_header("Dated reports say...");
        assert_eq!(d, None);
        assert_eq!(body, "Dated reports say...");
    }
}
