//! Sinks: one module per output format, each implementing [`Sink`].
//!
//! [`Sink`]: sitrep_pipeline::Sink

pub mod gdelt;
pub mod jsonl;
pub mod table;

use std::io::Write;

use sitrep_pipeline::{RecordOptions, Sink};

/// Output formats of `sitrep analyze`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Jsonl,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" => Ok(OutputFormat::Table),
            "jsonl" | "json" => Ok(OutputFormat::Jsonl),
            _ => Err(format!("unknown output format {s:?}")),
        }
    }
}

/// Builds the sink for `format` writing to `out`.
pub fn make_sink<'w>(format: OutputFormat, out: Box<dyn Write + 'w>, opts: RecordOptions) -> Box<dyn Sink + 'w> {
    match format {
        OutputFormat::Table => Box::new(table::TableSink::new(out)),
        OutputFormat::Jsonl => Box::new(jsonl::JsonlSink::new(out, opts)),
    }
}
