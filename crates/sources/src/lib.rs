//! Sources: readers that turn input paths into a stream of [`Document`]s.
//!
//! One module per input format. A reader knows nothing of NLP: it yields
//! documents, or a [`RecordError`] per record it could not read, and always
//! carries on with the rest of the input.

pub mod jsonl;
pub mod record;

use std::path::{Path, PathBuf};

use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

/// Input formats sitrep reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text, with an optional `date YYYY-MM-DD` header (the seed news-record format).
    Record,
    /// One JSON object per line with `id, date, title, source, url, text`.
    Jsonl,
}

impl std::str::FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "record" | "text" | "txt" => Ok(InputFormat::Record),
            "jsonl" => Ok(InputFormat::Jsonl),
            _ => Err(format!("unknown input format {s:?} (expected record, jsonl)")),
        }
    }
}

/// How to read the inputs.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// Force a format instead of detecting it per file.
    pub format: Option<InputFormat>,
}

/// A stream of records from every input path, in order.
pub type Records = Box<dyn Iterator<Item = Result<Document, RecordError>> + Send>;

/// Opens every path (files, directories recursively, `-` for stdin) as one record stream.
pub fn open(paths: &[PathBuf], opts: &SourceOptions) -> Records {
    let opts = opts.clone();
    let files: Vec<PathBuf> = paths.iter().flat_map(|p| expand(p)).collect();
    Box::new(files.into_iter().flat_map(move |p| open_file(&p, &opts)))
}

fn expand(p: &Path) -> Vec<PathBuf> {
    if p.is_dir() {
        let mut out = Vec::new();
        let mut stack = vec![p.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                out.push(d);
                continue;
            };
            let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            entries.sort();
            for e in entries.into_iter().rev() {
                if e.is_dir() {
                    stack.push(e);
                } else {
                    out.push(e);
                }
            }
        }
        out.sort();
        out
    } else {
        vec![p.to_path_buf()]
    }
}

fn open_file(path: &Path, opts: &SourceOptions) -> Records {
    let loc = RecordLocation { path: path.to_path_buf(), ..Default::default() };
    let bytes = if path == Path::new("-") {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map(|_| b)
    } else {
        std::fs::read(path)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => return Box::new(std::iter::once(Err(RecordError::new(loc, RecordErrorKind::Io, e.to_string())))),
    };
    let format = opts.format.unwrap_or_else(|| detect(path, &bytes));
    match format {
        InputFormat::Jsonl => Box::new(jsonl::read(path, bytes)),
        InputFormat::Record => Box::new(std::iter::once(record::read(path, &bytes))),
    }
}

fn detect(path: &Path, bytes: &[u8]) -> InputFormat {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if ext == "jsonl" || ext == "ndjson" || bytes.first() == Some(&b'{') {
        InputFormat::Jsonl
    } else {
        InputFormat::Record
    }
}
