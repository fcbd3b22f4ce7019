//! Sources: readers that turn input paths into a stream of [`Document`]s.
//!
//! One module per input format ([`record`], [`jsonl`], [`html`], [`warc`]) and
//! one for finding and opening inputs ([`input`]: files, directories, globs,
//! stdin, gzip). A reader knows nothing of NLP: it yields documents, or one
//! [`RecordError`] per record it could not read, and always carries on with the
//! rest of the input. Every reader streams: memory stays bounded by the largest
//! accepted document ([`SourceOptions::max_doc_bytes`]), whatever the input size.

pub mod eval;
pub mod html;
pub mod input;
pub mod jsonl;
pub mod record;
pub mod warc;

use std::path::{Path, PathBuf};

use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

/// Default limit on one document's size in bytes (10 MiB).
pub const DEFAULT_MAX_DOC_BYTES: u64 = 10 * 1024 * 1024;

/// Input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Plain text, with an optional `date YYYY-MM-DD` header (the seed news-record format).
    Record,
    /// One JSON object per line with `id, date, title, source, url, text`.
    Jsonl,
    /// One HTML page; the article's main text is extracted.
    Html,
    /// A WARC (Web ARChive) file; every HTML `response` record is one page.
    Warc,
}

impl InputFormat {
    /// The name `--input-format` takes.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Record => "record",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Html => "html",
            InputFormat::Warc => "warc",
        }
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "record" | "text" | "txt" => Ok(InputFormat::Record),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "html" | "htm" => Ok(InputFormat::Html),
            "warc" => Ok(InputFormat::Warc),
            _ => Err(format!("unknown input format {s:?} (expected record, jsonl, html or warc)")),
        }
    }
}

/// How to read the inputs.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Force a format instead of detecting it per file.
    pub format: Option<InputFormat>,
    /// Largest document accepted, in bytes (raw record, JSON line, HTML page or
    /// WARC block). A larger one is one `too_large` error; it is skipped without
    /// being held in memory.
    pub max_doc_bytes: u64,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions { format: None, max_doc_bytes: DEFAULT_MAX_DOC_BYTES }
    }
}

/// A stream of records from every input path, in order.
pub type Records = Box<dyn Iterator<Item = Result<Document, RecordError>> + Send>;

/// Files opened ahead of the stream. Single-document files (news records, HTML
/// pages) are read and extracted when opened, so a batch of them is processed
/// in parallel; multi-record files (JSONL, WARC) only have their head read.
const OPEN_AHEAD: usize = 16;

/// Opens every path (files, directories recursively, glob patterns, `-` for
/// stdin) as one lazy record stream, in input order.
pub fn open(paths: &[PathBuf], opts: &SourceOptions) -> Records {
    use rayon::prelude::*;
    let opts = opts.clone();
    let mut files = input::expand(paths.to_vec());
    let batches = std::iter::from_fn(move || {
        let batch: Vec<Result<PathBuf, RecordError>> = files.by_ref().take(OPEN_AHEAD).collect();
        if batch.is_empty() {
            return None;
        }
        let opened: Vec<Records> = batch
            .into_par_iter()
            .map(|f| match f {
                Ok(path) => open_file(&path, &opts),
                Err(e) => Box::new(std::iter::once(Err(e))) as Records,
            })
            .collect();
        Some(opened)
    });
    Box::new(batches.flatten().flatten())
}

/// Opens one file (or `-`) and returns its records.
pub fn open_file(path: &Path, opts: &SourceOptions) -> Records {
    let input = match input::Input::open(path) {
        Ok(i) => i,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    let format = match opts.format {
        Some(f) => f,
        None => match input::detect(path, &input.head) {
            input::Detected::Format(f) => f,
            input::Detected::Binary => {
                let loc = RecordLocation { path: path.to_path_buf(), offset: Some(0), ..Default::default() };
                return Box::new(std::iter::once(Err(RecordError::new(
                    loc,
                    RecordErrorKind::Binary,
                    "binary file (NUL bytes near the start); not a text, JSONL, HTML or WARC input",
                ))));
            }
        },
    };
    let limit = opts.max_doc_bytes;
    let path = input.path.clone();
    match format {
        InputFormat::Jsonl => Box::new(jsonl::Reader::new(path, input.reader, limit)),
        InputFormat::Warc => Box::new(warc::Reader::new(path, input.reader, limit)),
        InputFormat::Record => Box::new(std::iter::once(record::read(&path, input.reader, limit))),
        InputFormat::Html => Box::new(std::iter::once(html::read(&path, input.reader, limit))),
    }
}

/// The document id of a file input: its file name (`stdin` for `-`).
pub fn file_id(path: &Path) -> String {
    if path == Path::new("-") {
        return "stdin".to_string();
    }
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in [InputFormat::Record, InputFormat::Jsonl, InputFormat::Html, InputFormat::Warc] {
            assert_eq!(f.name().parse::<InputFormat>(), Ok(f));
        }
        assert!("pdf".parse::<InputFormat>().is_err());
    }
}
