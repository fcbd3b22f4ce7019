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
        write_actors(o, a)?;
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

/// One line per entity that has an actor code or a role: id, canonical name, code, role, mention count.
fn write_actors(o: &mut impl Write, a: &Analyzed) -> std::io::Result<()> {
    let mut seen: Vec<(&str, &str, Option<&str>, Option<&str>, usize)> = Vec::new();
    for e in &a.entities {
        if e.actor.is_none() && e.role.is_none() {
            continue;
        }
        match seen.iter_mut().find(|s| s.0 == e.id && s.2 == e.actor.as_deref()) {
            Some(s) => s.4 += 1,
            None => seen.push((&e.id, &e.canonical, e.actor.as_deref(), e.role.as_deref(), 1)),
        }
    }
    if seen.is_empty() {
        return Ok(());
    }
    writeln!(o, "   actors:")?;
    for (id, name, code, role, n) in seen {
        let role: String = role.map(|r| format!("  ({})", r.chars().take(50).collect::<String>())).unwrap_or_default();
        writeln!(o, "   {id:>4}  {:<10} {name}{role}{}", code.unwrap_or("-"), if n > 1 { format!("  x{n}") } else { String::new() })?;
    }
    Ok(())
}
