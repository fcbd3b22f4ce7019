//! WARC (Web ARChive, ISO 28500) files, plain or gzipped per record (`.warc.gz`).
//!
//! Every `response` record whose HTTP payload is HTML becomes one document
//! (main text extracted by [`crate::html`]); its id is the `WARC-Record-ID`
//! and its url the `WARC-Target-URI`. Other records (`warcinfo`, `request`,
//! `metadata`, WET `conversion`, ...) and non-HTML or non-2xx responses are
//! skipped without error. The file is streamed record by record: only one
//! record block, at most `max_doc_bytes` long, is in memory at a time. Common
//! Crawl's header rewrites (`X-Crawler-Content-Encoding`: the payload is stored
//! already decoded) need no special case, since only a real
//! `Content-Encoding` / `Transfer-Encoding` header is undone.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{Map, Value};
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

use crate::input::{read_line_bounded, Line};
use crate::jsonl::is_truncation;

/// Longest header line accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Largest header block accepted.
const MAX_HEADER_BYTES: u64 = 1024 * 1024;
/// Pages read ahead for parallel extraction: enough to keep every core busy,
/// few enough (and at most [`READ_AHEAD_BYTES`]) to bound memory.
const READ_AHEAD: usize = 32;
const READ_AHEAD_BYTES: usize = 64 * 1024 * 1024;

/// Streams the documents of one WARC input.
pub struct Reader<R> {
    path: PathBuf,
    reader: R,
    limit: u64,
    /// Bytes consumed from the (decompressed) stream so far.
    offset: u64,
    line: Vec<u8>,
    /// Looking for the next `WARC/` line after a malformed record.
    resyncing: bool,
    done: bool,
    /// Results read ahead, in input order.
    ready: VecDeque<Result<Document, RecordError>>,
}

/// One record's header fields, in order.
#[derive(Debug, Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

enum Step {
    Yield(Result<Document, RecordError>),
    /// An HTML page whose text is still to be extracted.
    Page(Page),
    Skip,
    End,
}

/// A response record read but not yet turned into a document.
struct Page {
    id: String,
    headers: Headers,
    block: Vec<u8>,
    loc: RecordLocation,
}

impl<R: BufRead> Reader<R> {
    /// `limit` bounds one record block; a larger block is skipped (streamed past) as `too_large`.
    pub fn new(path: PathBuf, reader: R, limit: u64) -> Self {
        Reader { path, reader, limit, offset: 0, line: Vec::new(), resyncing: false, done: false, ready: VecDeque::new() }
    }

    fn loc(&self, offset: u64, record: Option<String>) -> RecordLocation {
        RecordLocation { path: self.path.clone(), line: None, offset: Some(offset), record }
    }

    fn stream_error(&mut self, e: &io::Error, at: u64, record: Option<String>, what: &str) -> Step {
        self.done = true;
        let kind = if is_truncation(e) { RecordErrorKind::Truncated } else { RecordErrorKind::Io };
        Step::Yield(Err(RecordError::new(
            self.loc(at, record),
            kind,
            format!("{what}: {e}; records before this point were read"),
        )))
    }

    fn read_line(&mut self) -> io::Result<Line> {
        let r = read_line_bounded(&mut self.reader, &mut self.line, MAX_HEADER_LINE)?;
        if let Line::Line { consumed } | Line::TooLong { consumed } = r {
            self.offset += consumed;
        }
        if self.line.last() == Some(&b'\r') {
            self.line.pop();
        }
        Ok(r)
    }

    /// Streams past `len` bytes; false when the input ended first.
    fn skip(&mut self, len: u64) -> io::Result<bool> {
        let n = io::copy(&mut (&mut self.reader).take(len), &mut io::sink())?;
        self.offset += n;
        Ok(n == len)
    }

    fn step(&mut self) -> Step {
        let start = self.offset;
        match self.read_line() {
            Err(e) => return self.stream_error(&e, start, None, "input ends abruptly or is corrupt"),
            Ok(Line::Eof) => return Step::End,
            Ok(Line::TooLong { .. }) => return self.garbage(start),
            Ok(Line::Line { .. }) => {}
        }
        if self.line.iter().all(u8::is_ascii_whitespace) {
            return Step::Skip;
        }
        if !self.line.starts_with(b"WARC/") {
            return self.garbage(start);
        }
        self.resyncing = false;

        let mut headers = Headers::default();
        loop {
            match self.read_line() {
                Err(e) => return self.stream_error(&e, start, None, "record header cut short"),
                Ok(Line::Eof) => {
                    self.done = true;
                    return Step::Yield(Err(RecordError::new(
                        self.loc(start, None),
                        RecordErrorKind::Truncated,
                        "input ends inside a record header",
                    )));
                }
                Ok(Line::TooLong { .. }) => return self.malformed(start, None, "header line too long"),
                Ok(Line::Line { .. }) => {}
            }
            if self.line.is_empty() {
                break;
            }
            if self.offset - start > MAX_HEADER_BYTES {
                return self.malformed(start, None, "record header too long");
            }
            let text = String::from_utf8_lossy(&self.line).into_owned();
            if text.starts_with([' ', '\t']) {
                if let Some((_, v)) = headers.0.last_mut() {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                continue;
            }
            match text.split_once(':') {
                Some((k, v)) => headers.0.push((k.trim().to_string(), v.trim().to_string())),
                None => return self.malformed(start, None, &format!("bad header line {:?}", truncate(&text, 80))),
            }
        }

        let id = headers
            .get("WARC-Record-ID")
            .map(|v| v.trim_matches(['<', '>']).to_string())
            .or_else(|| headers.get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string()));
        let Some(len) = headers.get("Content-Length").and_then(|v| v.parse::<u64>().ok()) else {
            return self.malformed(start, id, "missing or bad Content-Length");
        };
        let kind = headers.get("WARC-Type").unwrap_or("").to_ascii_lowercase();
        if kind != "response" || len > self.limit {
            match self.skip(len) {
                Err(e) => return self.stream_error(&e, start, id, "record block cut short"),
                Ok(false) => return self.truncated_block(start, id),
                Ok(true) => {}
            }
            if kind != "response" {
                return Step::Skip;
            }
            return Step::Yield(Err(RecordError::new(
                self.loc(start, id),
                RecordErrorKind::TooLarge,
                format!("record block of {len} bytes exceeds the {}-byte limit (--max-doc-bytes); skipped", self.limit),
            )));
        }

        let mut block = Vec::with_capacity(len as usize);
        match (&mut self.reader).take(len).read_to_end(&mut block) {
            Ok(n) => self.offset += n as u64,
            Err(e) => return self.stream_error(&e, start, id, "record block cut short"),
        }
        if (block.len() as u64) < len {
            return self.truncated_block(start, id);
        }
        let loc = self.loc(start, id.clone());
        let id = id.unwrap_or_else(|| format!("{}#{start}", crate::file_id(&self.path)));
        Step::Page(Page { id, headers, block, loc })
    }

    /// Reads up to [`READ_AHEAD`] records and extracts their pages in parallel.
    fn fill(&mut self) {
        let mut batch: Vec<Result<Result<Document, RecordError>, Page>> = Vec::new();
        let mut bytes = 0;
        while !self.done && batch.len() < READ_AHEAD && bytes < READ_AHEAD_BYTES {
            match self.step() {
                Step::Yield(r) => batch.push(Ok(r)),
                Step::Page(p) => {
                    bytes += p.block.len();
                    batch.push(Err(p));
                }
                Step::Skip => {}
                Step::End => self.done = true,
            }
        }
        let limit = self.limit;
        let done: Vec<Option<Result<Document, RecordError>>> = batch
            .into_par_iter()
            .map(|item| match item {
                Ok(r) => Some(r),
                Err(p) => response_document(p.id, &p.headers, &p.block, limit, p.loc),
            })
            .collect();
        self.ready.extend(done.into_iter().flatten());
    }

    fn truncated_block(&mut self, start: u64, id: Option<String>) -> Step {
        self.done = true;
        Step::Yield(Err(RecordError::new(
            self.loc(start, id),
            RecordErrorKind::Truncated,
            "input ends inside a record block (truncated WARC); records before it were read",
        )))
    }

    /// Bytes where a record should start: one error, then skip to the next `WARC/` line.
    fn garbage(&mut self, start: u64) -> Step {
        if self.resyncing {
            return Step::Skip;
        }
        self.resyncing = true;
        Step::Yield(Err(RecordError::new(
            self.loc(start, None),
            RecordErrorKind::Malformed,
            "expected a WARC/ version line; skipping to the next record",
        )))
    }

    fn malformed(&mut self, start: u64, id: Option<String>, what: &str) -> Step {
        self.resyncing = true;
        Step::Yield(Err(RecordError::new(
            self.loc(start, id),
            RecordErrorKind::Malformed,
            format!("{what}; skipping to the next record"),
        )))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.ready.pop_front() {
                return Some(r);
            }
            if self.done {
                return None;
            }
            self.fill();
        }
    }
}

fn truncate(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The document in one response record, `None` when the record is not an HTML page.
fn response_document(
    id: String,
    warc: &Headers,
    block: &[u8],
    limit: u64,
    loc: RecordLocation,
) -> Option<Result<Document, RecordError>> {
    let block_type = warc.get("Content-Type").unwrap_or("").to_ascii_lowercase();
    let (http, payload) = if block_type.starts_with("application/http") {
        match split_http(block) {
            Some((status, headers, payload)) => {
                if !(200..300).contains(&status) {
                    return None;
                }
                (headers, payload)
            }
            None => {
                return Some(Err(RecordError::new(loc, RecordErrorKind::Malformed, "response block is not an HTTP response")))
            }
        }
    } else {
        (Headers(vec![("Content-Type".into(), block_type.clone())]), block)
    };

    let content_type = http.get("Content-Type").unwrap_or("").to_ascii_lowercase();
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let identified = warc.get("WARC-Identified-Payload-Type").unwrap_or("").to_ascii_lowercase();
    let is_html = match mime {
        "text/html" | "application/xhtml+xml" => true,
        "" => identified.contains("html") || sniff_html(payload),
        _ => false,
    };
    if !is_html {
        return None;
    }

    let mut body = std::borrow::Cow::Borrowed(payload);
    if http.get("Transfer-Encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        if let Some(d) = dechunk(&body) {
            body = d.into();
        }
    }
    if let Some(enc) = http.get("Content-Encoding").map(|v| v.trim().to_ascii_lowercase()) {
        match decompress(&enc, &body, limit) {
            Ok(Some(d)) => body = d.into(),
            Ok(None) => {}
            Err(msg) => return Some(Err(RecordError::new(loc, RecordErrorKind::Unsupported, msg))),
        }
    }

    let charset = content_type.split(';').find_map(|p| p.trim().strip_prefix("charset=")).map(|c| c.trim_matches(['"', '\'']));
    let target = warc.get("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']));
    let mut doc = match crate::html::document(id, &body, charset, target, loc) {
        Ok(d) => d,
        Err(e) => return Some(Err(e)),
    };
    let fields: Map<String, Value> =
        warc.0.iter().filter(|(k, _)| k.starts_with("WARC-")).map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    doc.metadata.insert("warc".into(), Value::Object(fields));
    Some(Ok(doc))
}

/// Splits an HTTP response into status code, headers and payload.
fn split_http(block: &[u8]) -> Option<(u16, Headers, &[u8])> {
    let (head_end, body_start) = match memchr::memmem::find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => {
            let i = memchr::memmem::find(block, b"\n\n")?;
            (i, i + 2)
        }
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((status, Headers(headers), &block[body_start..]))
}

fn sniff_html(payload: &[u8]) -> bool {
    let head = payload[..payload.len().min(1024)].to_ascii_lowercase();
    memchr::memmem::find(&head, b"<html").is_some() || memchr::memmem::find(&head, b"<!doctype html").is_some()
}

/// Undoes HTTP chunked transfer encoding; `None` when the body is not validly chunked.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = memchr::memchr(b'\n', b)?;
        let size_text = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = &b[size..];
        b = b.strip_prefix(b"\r\n").or_else(|| b.strip_prefix(b"\n")).unwrap_or(b);
    }
}

/// Undoes an HTTP content encoding, within `limit` bytes of output.
fn decompress(encoding: &str, body: &[u8], limit: u64) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::new();
    let read = match encoding {
        "" | "identity" => return Ok(None),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body).take(limit + 1).read_to_end(&mut out),
        "deflate" => {
            let r = flate2::read::ZlibDecoder::new(body).take(limit + 1).read_to_end(&mut out);
            if r.is_err() {
                // Some servers send raw deflate under this name.
                out.clear();
                flate2::read::DeflateDecoder::new(body).take(limit + 1).read_to_end(&mut out)
            } else {
                r
            }
        }
        other => return Err(format!("unsupported HTTP Content-Encoding {other:?}")),
    };
    match read {
        Ok(_) if out.len() as u64 > limit => Err(format!("decoded payload exceeds the {limit}-byte limit")),
        Ok(_) => Ok(Some(out)),
        // Crawlers often store the payload already decoded while keeping the header.
        Err(_) => Ok(None),
    }
}

/// Writes one WARC/1.0 record (for tests and fixtures); `block` is written as is.
pub fn write_record(out: &mut impl io::Write, headers: &[(&str, &str)], block: &[u8]) -> io::Result<()> {
    write!(out, "WARC/1.0\r\n")?;
    for (k, v) in headers {
        write!(out, "{k}: {v}\r\n")?;
    }
    write!(out, "Content-Length: {}\r\n\r\n", block.len())?;
    out.write_all(block)?;
    out.write_all(b"\r\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>Grain Ships Sail</title></head><body><article>\
        <p>The first grain ships left the port of Mersin early on Monday, officials said, carrying forty thousand tonnes of wheat bound for Beirut.</p>\
        <p>The convoy is expected to arrive on Thursday, when the wheat will be unloaded and sent to mills across the country over the following week.</p>\
        </article></body></html>";

    fn response(id: &str, uri: &str, http_headers: &str, body: &[u8]) -> Vec<u8> {
        let mut block = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
        block.extend_from_slice(body);
        let mut out = Vec::new();
        write_record(
            &mut out,
            &[("WARC-Type", "response"), ("WARC-Record-ID", id), ("WARC-Target-URI", uri), ("Content-Type", "application/http; msgtype=response")],
            &block,
        )
        .unwrap();
        out
    }

    fn read_all(data: &[u8], limit: u64) -> Vec<Result<Document, RecordError>> {
        Reader::new(PathBuf::from("t.warc"), data, limit).collect()
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let mut data = Vec::new();
        write_record(&mut data, &[("WARC-Type", "warcinfo")], b"software: test\r\n").unwrap();
        write_record(&mut data, &[("WARC-Type", "request"), ("WARC-Target-URI", "https://a.example/x")], b"GET /x HTTP/1.1\r\n\r\n").unwrap();
        data.extend(response("<urn:uuid:1>", "https://a.example/x", "Content-Type: text/html; charset=utf-8\r\n", PAGE.as_bytes()));
        data.extend(response("<urn:uuid:2>", "https://a.example/logo.png", "Content-Type: image/png\r\n", b"\x89PNG\0\0"));
        // Chunked and gzipped, as a crawler may store it.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        io::Write::write_all(&mut gz, PAGE.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", gz.len()).into_bytes();
        chunked.extend_from_slice(&gz);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        data.extend(response(
            "<urn:uuid:3>",
            "https://a.example/y",
            "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
            &chunked,
        ));
        let out = read_all(&data, 1 << 20);
        let ids: Vec<String> = out.iter().map(|r| r.as_ref().unwrap().id.clone()).collect();
        assert_eq!(ids, ["urn:uuid:1", "urn:uuid:3"]);
        let d = out[0].as_ref().unwrap();
        assert_eq!(d.url.as_deref(), Some("https://a.example/x"));
        assert_eq!(d.title.as_deref(), Some("Grain Ships Sail"));
        assert!(d.text.starts_with("The first grain ships"));
        assert_eq!(d.metadata["warc"]["WARC-Record-ID"], "<urn:uuid:1>");
        assert_eq!(out[1].as_ref().unwrap().text, d.text);
    }

    #[test]
    fn bad_records_are_errors_and_reading_goes_on() {
        let mut data = Vec::new();
        data.extend(response("<urn:uuid:big>", "https://a.example/big", "Content-Type: text/html\r\n", &vec![b'a'; 5000]));
        data.extend_from_slice(b"garbage line\r\nmore garbage\r\n");
        data.extend(response("<urn:uuid:ok>", "https://a.example/ok", "Content-Type: text/html\r\n", PAGE.as_bytes()));
        data.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\n\r\n");
        data.extend(response("<urn:uuid:ok2>", "https://a.example/ok2", "Content-Type: text/html\r\n", PAGE.as_bytes()));
        let cut = response("<urn:uuid:cut>", "https://a.example/cut", "Content-Type: text/html\r\n", PAGE.as_bytes());
        data.extend_from_slice(&cut[..cut.len() - 100]);
        let out = read_all(&data, 4096);
        let got: Vec<_> = out.iter().map(|r| r.as_ref().map(|d| d.id.clone()).map_err(|e| e.kind)).collect();
        assert_eq!(
            got,
            vec![
                Err(RecordErrorKind::TooLarge),
                Err(RecordErrorKind::Malformed),
                Ok("urn:uuid:ok".into()),
                Err(RecordErrorKind::Malformed),
                Ok("urn:uuid:ok2".into()),
                Err(RecordErrorKind::Truncated),
            ]
        );
        let e = out[0].as_ref().unwrap_err();
        assert_eq!(e.location.record.as_deref(), Some("urn:uuid:big"));
        assert_eq!(e.location.offset, Some(0));
        assert!(out[5].as_ref().unwrap_err().location.offset.unwrap() > 0);
    }

    #[test]
    fn dechunks() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap(), b"abcde");
        assert_eq!(dechunk(b"zz\r\n"), None);
    }
}
