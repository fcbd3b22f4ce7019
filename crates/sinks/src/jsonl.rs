//! JSON Lines: one public document object (docs/schema.md) per line.

use std::io::Write;

use serde::Serialize;
use sitrep_document::{RecordError, SCHEMA_VERSION};
use sitrep_pipeline::{Analyzed, DocumentRecord, RecordOptions, Sink, SinkError};

/// Writes one JSON object per document, and one per failed record.
pub struct JsonlSink<W: Write> {
    out: W,
    opts: RecordOptions,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W, opts: RecordOptions) -> Self {
        JsonlSink { out, opts }
    }
}

/// The line written for a record that failed: same schema version, an `error` instead of layers.
#[derive(Serialize)]
struct ErrorLine<'a> {
    schema_version: &'static str,
    id: Option<&'a str>,
    error: &'a RecordError,
}

impl<W: Write> Sink for JsonlSink<W> {
    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError> {
        let line = DocumentRecord::new(doc, self.opts).to_json_string(&doc.document.text)?;
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn error(&mut self, err: &RecordError) -> Result<(), SinkError> {
        let line = ErrorLine { schema_version: SCHEMA_VERSION, id: err.location.record.as_deref(), error: err };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
    }
}
