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
    /// GDELT 2.0 Event table rows (61 tab-separated columns).
    GdeltEvents,
    /// GDELT 2.0 Mentions table rows (16 columns).
    GdeltMentions,
    /// GDELT GKG 2.1 rows (27 columns).
    GdeltGkg,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" => Ok(OutputFormat::Table),
            "jsonl" | "json" => Ok(OutputFormat::Jsonl),
            "gdelt-events" => Ok(OutputFormat::GdeltEvents),
            "gdelt-mentions" => Ok(OutputFormat::GdeltMentions),
            "gdelt-gkg" => Ok(OutputFormat::GdeltGkg),
            _ => Err(format!("unknown output format {s:?}")),
        }
    }
}

/// Builds the sink for `format` writing to `out`.
///
/// The GDELT sinks take their batch time and id bases from the environment
/// ([`gdelt::GdeltOptions::from_env`]); a bad value stops the run when it begins.
pub fn make_sink<'w>(format: OutputFormat, out: Box<dyn Write + 'w>, opts: RecordOptions) -> Box<dyn Sink + 'w> {
    match format {
        OutputFormat::Table => Box::new(table::TableSink::new(out)),
        OutputFormat::Jsonl => Box::new(jsonl::JsonlSink::new(out, opts)),
        OutputFormat::GdeltEvents => Box::new(gdelt::EventsSink::configured(out, gdelt::GdeltOptions::from_env())),
        OutputFormat::GdeltMentions => Box::new(gdelt::MentionsSink::configured(out, gdelt::GdeltOptions::from_env())),
        OutputFormat::GdeltGkg => Box::new(gdelt::GkgSink::configured(out, gdelt::GdeltOptions::from_env())),
    }
}
