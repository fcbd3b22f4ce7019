//! The sink trait: where analyzed documents go (JSONL, table, GDELT TSV, SQLite store, ...).
//!
//! Sinks follow a *push* model, as ripgrep's searcher does: the pipeline owns
//! the loop and calls the sink once per record, in input order. Pushing keeps
//! parallel analysis, ordering and error accounting in one place ([`run`]),
//! so a sink only decides how to write one record.
//!
//! [`run`]: crate::run

use sitrep_document::RecordError;

use crate::Analyzed;

/// An error that stops a sink (usually a failed write). Per-record input
/// problems are not sink errors: they arrive through [`Sink::error`].
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Receives analyzed documents and per-record errors, in input order.
pub trait Sink {
    /// Called once before the first record.
    fn begin(&mut self) -> Result<(), SinkError> {
        Ok(())
    }

    /// Called for each analyzed document. Returning an error stops the run.
    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError>;

    /// Called for each record that could not be read or analyzed. The run goes
    /// on; the default ignores it (the runner still counts and reports it).
    fn error(&mut self, _err: &RecordError) -> Result<(), SinkError> {
        Ok(())
    }

    /// Called once after the last record (flush, write footers, commit).
    fn finish(&mut self) -> Result<(), SinkError> {
        Ok(())
    }
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn begin(&mut self) -> Result<(), SinkError> {
        (**self).begin()
    }
    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError> {
        (**self).document(doc)
    }
    fn error(&mut self, err: &RecordError) -> Result<(), SinkError> {
        (**self).error(err)
    }
    fn finish(&mut self) -> Result<(), SinkError> {
        (**self).finish()
    }
}
