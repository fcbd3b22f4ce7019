//! A human-readable summary per document, for reading in a terminal.

use std::io::Write;

use sitrep_document::RecordError;
use sitrep_pipeline::{Analyzed, Sink, SinkError};

/// Writes a short, aligned summary of each document.
pub struct TableSink<W: Write> {
    out: W,
}

impl<W: Write> TableSink<W> {
    pub fn new(out: W) -> Self {
        TableSink { out }
    }
}

impl<W: Write> Sink for TableSink<W> {
    fn document(&mut self, a: &Analyzed) -> Result<(), SinkError> {
        let d = &a.document;
        let o = &mut self.out;
        writeln!(o, "== {}  {}", d.id, d.date.map(|d| d.to_string()).unwrap_or_else(|| "(no date)".into()))?;
        if let Some(t) = &d.title {
            writeln!(o, "   {t}")?;
        }
        writeln!(
            o,
            "   {} sentences, {} tokens, {} excluded spans",
            a.parse.sentences.len(),
            a.parse.tokens.len(),
            a.excluded.len()
        )?;
        for e in &a.excluded {
            let s: String = d.text[e.span.start..e.span.end].chars().take(70).collect();
            writeln!(o, "   excluded ({:?}): {s}", e.reason)?;
        }
        writeln!(o)?;
        Ok(())
    }

    fn error(&mut self, err: &RecordError) -> Result<(), SinkError> {
        writeln!(self.out, "!! {err}")?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
    }
}
