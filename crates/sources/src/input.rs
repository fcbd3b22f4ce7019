//! Finding and opening inputs: paths, directories, globs, stdin, gzip, format detection.
//!
//! Nothing here holds a whole file: an [`Input`] is a buffered stream plus the
//! first few kilobytes (its "head"), which is all format detection looks at.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use sitrep_document::{RecordError, RecordErrorKind, RecordLocation};

use crate::InputFormat;

/// How many bytes of a (decompressed) input format detection looks at.
pub const HEAD_BYTES: usize = 8 * 1024;

/// Buffer size for every input stream.
const BUF_BYTES: usize = 64 * 1024;

/// Expands command-line paths into files, lazily and in a stable order.
///
/// `-` is stdin; a directory is walked recursively in sorted order (hidden
/// entries, symlinked directories and documentation files such as README.md
/// are skipped, so a walk always ends); a
/// path that does not exist but contains `*`, `?` or `[` is a glob pattern
/// (for quote-protected patterns such as `'data/*.jsonl'`). A missing path is
/// passed through so that opening it reports the error with its name.
pub fn expand(paths: Vec<PathBuf>) -> Expand {
    Expand { args: paths.into(), stack: Vec::new() }
}

/// Iterator returned by [`expand`].
#[derive(Debug)]
pub struct Expand {
    args: VecDeque<PathBuf>,
    /// Pending entries of directory walks, last to visit first.
    stack: Vec<Entry>,
}

#[derive(Debug)]
enum Entry {
    File(PathBuf),
    Dir(PathBuf),
}

impl Iterator for Expand {
    type Item = Result<PathBuf, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.stack.pop() {
                Some(Entry::File(p)) => return Some(Ok(p)),
                Some(Entry::Dir(d)) => {
                    if let Err(e) = self.push_dir(&d) {
                        return Some(Err(e));
                    }
                    continue;
                }
                None => {}
            }
            let arg = self.args.pop_front()?;
            if arg == Path::new("-") {
                return Some(Ok(arg));
            }
            if arg.is_dir() {
                self.stack.push(Entry::Dir(arg));
                continue;
            }
            if arg.exists() || !is_glob(&arg) {
                return Some(Ok(arg));
            }
            match glob_matches(&arg) {
                Ok(matches) => {
                    for m in matches.into_iter().rev() {
                        self.stack.push(if m.is_dir() { Entry::Dir(m) } else { Entry::File(m) });
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl Expand {
    fn push_dir(&mut self, dir: &Path) -> Result<(), RecordError> {
        let rd = std::fs::read_dir(dir).map_err(|e| io_error(dir, None, &e))?;
        let mut children: Vec<Entry> = Vec::new();
        for entry in rd {
            let entry = entry.map_err(|e| io_error(dir, None, &e))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') || is_doc_file(&name.to_string_lossy()) {
                continue;
            }
            let path = entry.path();
            // file_type() does not follow symlinks: a symlinked directory is not
            // entered (no cycles), a symlinked file is read.
            match entry.file_type() {
                Ok(t) if t.is_dir() => children.push(Entry::Dir(path)),
                Ok(t) if t.is_symlink() && path.is_dir() => {}
                _ => children.push(Entry::File(path)),
            }
        }
        children.sort_by(|a, b| entry_path(a).cmp(entry_path(b)));
        self.stack.extend(children.into_iter().rev());
        Ok(())
    }
}

/// Directory walks skip a folder's own documentation (README, LICENSE, SOURCES,
/// CHANGELOG, any extension): corpora ship them beside the articles and they
/// are not news. Naming such a file explicitly still reads it.
fn is_doc_file(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "README" | "LICENSE" | "LICENCE" | "SOURCES" | "CHANGELOG" | "NOTICE")
}

fn entry_path(e: &Entry) -> &Path {
    match e {
        Entry::File(p) | Entry::Dir(p) => p,
    }
}

fn is_glob(p: &Path) -> bool {
    p.to_string_lossy().contains(['*', '?', '['])
}

fn glob_matches(pattern: &Path) -> Result<Vec<PathBuf>, RecordError> {
    let loc = RecordLocation { path: pattern.to_path_buf(), ..Default::default() };
    let text = pattern.to_string_lossy();
    let opts = glob::MatchOptions { require_literal_leading_dot: true, ..Default::default() };
    let paths = glob::glob_with(&text, opts)
        .map_err(|e| RecordError::new(loc.clone(), RecordErrorKind::Io, format!("bad glob pattern: {e}")))?;
    let mut out = Vec::new();
    for p in paths {
        match p {
            Ok(p) => out.push(p),
            Err(e) => return Err(io_error(e.path(), None, e.error())),
        }
    }
    if out.is_empty() {
        return Err(RecordError::new(loc, RecordErrorKind::Io, "no file matches this pattern"));
    }
    out.sort();
    Ok(out)
}

/// An I/O error as a record error for `path`.
pub(crate) fn io_error(path: &Path, offset: Option<u64>, e: &io::Error) -> RecordError {
    RecordError::new(RecordLocation { path: path.to_path_buf(), offset, ..Default::default() }, RecordErrorKind::Io, e.to_string())
}

/// A failure while reading a whole single-document input: a stream that stops
/// mid-way (a truncated `.gz`) is `truncated`, anything else `io`.
pub(crate) fn read_error(path: &Path, e: &io::Error) -> RecordError {
    if crate::jsonl::is_truncation(e) {
        RecordError::new(
            RecordLocation { path: path.to_path_buf(), ..Default::default() },
            RecordErrorKind::Truncated,
            format!("input ends abruptly or is corrupt: {e}"),
        )
    } else {
        io_error(path, None, e)
    }
}

/// One opened input: a buffered, transparently gunzipped stream and its first bytes.
pub struct Input {
    /// The path as given (`-` for stdin).
    pub path: PathBuf,
    /// Up to [`HEAD_BYTES`] of the decompressed content, for format detection.
    pub head: Vec<u8>,
    /// The whole decompressed content, head included.
    pub reader: Box<dyn BufRead + Send>,
    /// True when the raw input was gzip-compressed.
    pub gzip: bool,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Input").field("path", &self.path).field("gzip", &self.gzip).finish_non_exhaustive()
    }
}

impl Input {
    /// Opens a file, or stdin for `-`.
    pub fn open(path: &Path) -> Result<Input, RecordError> {
        if path == Path::new("-") {
            return Input::from_reader(path, Box::new(io::stdin()));
        }
        if path.is_dir() {
            return Err(RecordError::new(
                RecordLocation { path: path.to_path_buf(), ..Default::default() },
                RecordErrorKind::Io,
                "is a directory",
            ));
        }
        let f = File::open(path).map_err(|e| io_error(path, None, &e))?;
        Input::from_reader(path, Box::new(f))
    }

    /// Wraps any byte stream; gzip (one or many members, as in `.warc.gz`) is
    /// recognised by its magic bytes and decompressed on the fly.
    pub fn from_reader(path: &Path, raw: Box<dyn Read + Send>) -> Result<Input, RecordError> {
        let mut raw = BufReader::with_capacity(BUF_BYTES, raw);
        let magic = raw.fill_buf().map_err(|e| io_error(path, Some(0), &e))?;
        let gzip = magic.starts_with(&[0x1f, 0x8b]);
        let mut inner: Box<dyn Read + Send> =
            if gzip { Box::new(flate2::bufread::MultiGzDecoder::new(raw)) } else { Box::new(raw) };
        let mut head = Vec::with_capacity(HEAD_BYTES);
        // A read error inside the head (say, a gzip file truncated after 3 KB)
        // is replayed after the bytes that did decode, so the format reader
        // still yields the records before it and reports it at its offset.
        let mut pending: Option<io::Error> = None;
        while head.len() < HEAD_BYTES {
            let mut chunk = [0u8; 4096];
            let want = (HEAD_BYTES - head.len()).min(chunk.len());
            match inner.read(&mut chunk[..want]) {
                Ok(0) => break,
                Ok(n) => head.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    pending = Some(e);
                    break;
                }
            }
        }
        let rest: Box<dyn Read + Send> = match pending {
            Some(e) => Box::new(FailOnce(Some(e))),
            None => inner,
        };
        let reader = BufReader::with_capacity(BUF_BYTES, Cursor::new(head.clone()).chain(rest));
        Ok(Input { path: path.to_path_buf(), head, reader: Box::new(reader), gzip })
    }
}

/// A reader that fails once with a stored error, then reports end of input.
struct FailOnce(Option<io::Error>);

impl Read for FailOnce {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// What format detection found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Format(InputFormat),
    /// Not text: reported as one `binary` error for the whole file.
    Binary,
}

/// Detects an input's format from its content and name.
///
/// A WARC is recognised by its `WARC/` version line whatever its name (its
/// payloads may be binary). Any other input with NUL bytes in its head is
/// binary. Then the extension decides (`.jsonl`/`.ndjson`, `.html`/`.htm`,
/// `.warc`, each optionally `.gz`), and failing that the content: `{` starts
/// JSONL, an HTML tag starts HTML, anything else is a news record / plain text.
pub fn detect(path: &Path, head: &[u8]) -> Detected {
    let trimmed = trim_start(head);
    if trimmed.starts_with(b"WARC/") {
        return Detected::Format(InputFormat::Warc);
    }
    if memchr::memchr(0, head).is_some() {
        return Detected::Binary;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "jsonl" | "ndjson" | "jsonlines" => return Detected::Format(InputFormat::Jsonl),
        "html" | "htm" | "xhtml" | "shtml" => return Detected::Format(InputFormat::Html),
        "warc" => return Detected::Format(InputFormat::Warc),
        _ => {}
    }
    if trimmed.starts_with(b"{") {
        Detected::Format(InputFormat::Jsonl)
    } else if trimmed.starts_with(b"<") && looks_like_html(trimmed) {
        Detected::Format(InputFormat::Html)
    } else {
        Detected::Format(InputFormat::Record)
    }
}

fn trim_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn looks_like_html(head: &[u8]) -> bool {
    let lower = head[..head.len().min(4096)].to_ascii_lowercase();
    [&b"<!doctype html"[..], b"<html", b"<head", b"<body", b"<meta", b"<title"]
        .iter()
        .any(|tag| memchr::memmem::find(&lower, tag).is_some())
}

/// Reads at most `limit` bytes; `Ok(Err(n))` when the input is larger (having
/// read `n > limit` bytes and no more, so a huge input costs no memory).
pub(crate) fn read_bounded(reader: &mut dyn Read, limit: u64) -> io::Result<Result<Vec<u8>, u64>> {
    let mut buf = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        Ok(Err(buf.len() as u64))
    } else {
        Ok(Ok(buf))
    }
}

/// Outcome of [`read_line_bounded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input, nothing read.
    Eof,
    /// A line (without its `\n`) is in the buffer; `consumed` counts the newline.
    Line { consumed: u64 },
    /// The line was longer than the limit; it was skipped up to and including its newline.
    TooLong { consumed: u64 },
}

/// Reads one `\n`-terminated line into `buf` (cleared first) without ever
/// holding more than `limit` bytes of it: a longer line is consumed and dropped.
pub(crate) fn read_line_bounded(reader: &mut dyn BufRead, buf: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
    buf.clear();
    let mut consumed: u64 = 0;
    let mut too_long = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(if consumed == 0 {
                Line::Eof
            } else if too_long {
                Line::TooLong { consumed }
            } else {
                Line::Line { consumed }
            });
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let content = if done { &chunk[..take - 1] } else { &chunk[..take] };
            if buf.len() + content.len() > limit {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(content);
            }
        }
        reader.consume(take);
        consumed += take as u64;
        if done {
            return Ok(if too_long { Line::TooLong { consumed } } else { Line::Line { consumed } });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn bounded_lines() {
        let data = b"short\nthis line is far too long\n\nlast";
        let mut r = BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Line { consumed: 6 });
        assert_eq!(buf, b"short");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::TooLong { consumed: 26 });
        assert!(buf.is_empty());
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Line { consumed: 1 });
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Line { consumed: 4 });
        assert_eq!(buf, b"last");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 10).unwrap(), Line::Eof);
    }

    #[test]
    fn bounded_read() {
        assert_eq!(read_bounded(&mut &b"abc"[..], 3).unwrap(), Ok(b"abc".to_vec()));
        assert_eq!(read_bounded(&mut &b"abcdef"[..], 3).unwrap(), Err(4));
    }

    #[test]
    fn detection() {
        let p = Path::new("x");
        assert_eq!(detect(p, b"WARC/1.0\r\n"), Detected::Format(InputFormat::Warc));
        assert_eq!(detect(p, b"\xEF\xBB\xBF {\"id\": 1}"), Detected::Format(InputFormat::Jsonl));
        assert_eq!(detect(p, b"<!DOCTYPE html><html>"), Detected::Format(InputFormat::Html));
        assert_eq!(detect(p, b" date 2020-05-29 Body"), Detected::Format(InputFormat::Record));
        assert_eq!(detect(p, b"\x89PNG\r\n\x1a\n\0\0\0"), Detected::Binary);
        assert_eq!(detect(Path::new("a.jsonl.gz"), b"oops"), Detected::Format(InputFormat::Jsonl));
        assert_eq!(detect(Path::new("a.htm"), b"text"), Detected::Format(InputFormat::Html));
        assert_eq!(detect(Path::new("a.warc"), b"WARC/1.1"), Detected::Format(InputFormat::Warc));
    }

    #[test]
    fn gzip_is_transparent() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"{\"id\": \"a\", \"text\": \"x\"}\n").unwrap();
        let bytes = gz.finish().unwrap();
        let mut input = Input::from_reader(Path::new("t.gz"), Box::new(Cursor::new(bytes))).unwrap();
        assert!(input.gzip);
        assert!(input.head.starts_with(b"{\"id\""));
        let mut all = String::new();
        input.reader.read_to_string(&mut all).unwrap();
        assert_eq!(all, "{\"id\": \"a\", \"text\": \"x\"}\n");
    }

    #[test]
    fn walks_directories_in_order_and_expands_globs() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        for f in ["a.txt", "b/c/d.jsonl", "b/e.txt", ".hidden", "README.md", "b/LICENSE", "z.jsonl"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let got: Vec<PathBuf> = expand(vec![root.to_path_buf()]).map(|r| r.unwrap()).collect();
        let rel: Vec<String> =
            got.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(rel, ["a.txt", "b/c/d.jsonl", "b/e.txt", "z.jsonl"]);

        let pattern = root.join("**/*.jsonl");
        let got: Vec<PathBuf> = expand(vec![pattern]).map(|r| r.unwrap()).collect();
        assert_eq!(got, [root.join("b/c/d.jsonl"), root.join("z.jsonl")]);

        let none = root.join("*.warc");
        let got: Vec<_> = expand(vec![none]).collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].as_ref().unwrap_err().message.contains("no file matches"));
    }
}
