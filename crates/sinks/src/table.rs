//! A human-readable summary per document, for reading in a terminal.

use std::io::Write;

use sitrep_document::RecordError;
use sitrep_extract::quotes::QuoteKind;
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
        write_events(o, a)?;
        write_facts(o, a)?;
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
        let role: String = role.map(|r| format!("  ({})", clip(r, 50))).unwrap_or_default();
        writeln!(o, "   {id:>4}  {:<10} {name}{role}{}", code.unwrap_or("-"), if n > 1 { format!("  x{n}") } else { String::new() })?;
    }
    Ok(())
}

/// Up to `n` characters of `s` on one line, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let mut out: String = flat.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// One line per event: date, CAMEO code and PLOVER type, source → target, flags, then its evidence sentence.
fn write_events(o: &mut impl Write, a: &Analyzed) -> std::io::Result<()> {
    if a.events.is_empty() {
        return Ok(());
    }
    writeln!(o, "   events:")?;
    let actor = |x: &Option<sitrep_events::EventActor>| match x {
        Some(x) if !x.code.is_empty() => format!("{} ({})", x.code, clip(&x.text, 24)),
        Some(x) => format!("- ({})", clip(&x.text, 24)),
        None => "-".to_string(),
    };
    for e in &a.events {
        let date = e.date.as_ref().map(|d| d.date.as_str()).unwrap_or("-");
        let plover = e.plover.as_ref().map(|p| p.event.as_str()).unwrap_or("");
        let mut flags = String::new();
        if e.negated {
            flags.push_str("  [negated]");
        }
        if let Some(m) = &e.modality {
            flags.push_str(&format!("  [{m}]"));
        }
        writeln!(
            o,
            "   {:<10} {:<4} {:<10} {} → {}{flags}",
            date,
            e.code,
            plover,
            actor(&e.source),
            actor(&e.target)
        )?;
        writeln!(o, "              “{}”", clip(&e.evidence.sentence, 100))?;
    }
    Ok(())
}

/// Quotes with their speakers, amounts, places, tone and themes.
fn write_facts(o: &mut impl Write, a: &Analyzed) -> std::io::Result<()> {
    let x = &a.extracted;
    // Scare quotes and titles are no one's speech: listed on their own line.
    let (speech, terms): (Vec<_>, Vec<_>) =
        x.quotes.iter().partition(|q| !matches!(q.kind, QuoteKind::Term | QuoteKind::Title));
    if !speech.is_empty() {
        writeln!(o, "   quotes:")?;
        for q in speech {
            let who = q.speaker.as_deref().unwrap_or("(unattributed)");
            writeln!(o, "     {}: “{}”", clip(who, 40), clip(&q.text, 90))?;
        }
    }
    if !terms.is_empty() {
        let mut list: Vec<String> = Vec::new();
        for q in terms {
            let t = format!("“{}”", q.text);
            if !list.contains(&t) {
                list.push(t);
            }
        }
        writeln!(o, "   quoted terms: {}", clip(&list.join(", "), 100))?;
    }
    if !x.amounts.is_empty() {
        writeln!(o, "   amounts:")?;
        for m in &x.amounts {
            let object = m.object.as_deref().map(|s| format!("  (of {})", clip(s, 40))).unwrap_or_default();
            writeln!(o, "     {}{object}", clip(&m.text, 60))?;
        }
    }
    let mut places: Vec<&str> = Vec::new();
    for l in &x.locations {
        if !places.contains(&l.name.as_str()) {
            places.push(&l.name);
        }
    }
    if !places.is_empty() {
        writeln!(o, "   places: {}", clip(&places.join("; "), 110))?;
    }
    let mut themes: Vec<&str> = Vec::new();
    for t in &x.themes {
        if !themes.contains(&t.theme.as_str()) {
            themes.push(&t.theme);
        }
    }
    write!(o, "   tone {:.2}", x.tone.tone)?;
    if !themes.is_empty() {
        write!(o, "; themes: {}", clip(&themes.join(", "), 100))?;
    }
    writeln!(o)
}
