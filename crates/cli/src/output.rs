//! Rendering query results as an aligned table, JSON or CSV.

use std::io::Write;

use serde::Serialize;

/// Output format of `sitrep query`, `sitrep story` and friends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

fn cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                format!("{f:.3}").trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                n.to_string()
            }
        }
        Some(v) => v.to_string(),
    }
}

/// Cuts a table cell to `max` characters, on one line.
fn fit(s: &str, max: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= max {
        one
    } else {
        let mut t: String = one.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Prints `rows` with the given columns (`(header, field)`); JSON prints every field.
pub fn emit<T: Serialize>(rows: &[T], columns: &[(&str, &str)], format: Format) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, rows)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(columns.iter().map(|(h, _)| *h))?;
            for r in rows {
                let v = serde_json::to_value(r)?;
                w.write_record(columns.iter().map(|(_, f)| cell(v.get(*f))))?;
            }
            w.flush()?;
        }
        Format::Table => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    let v = serde_json::to_value(r).unwrap_or_default();
                    columns.iter().map(|(_, f)| fit(&cell(v.get(*f)), 70)).collect()
                })
                .collect();
            let mut width: Vec<usize> = columns.iter().map(|(h, _)| h.chars().count()).collect();
            for row in &cells {
                for (w, c) in width.iter_mut().zip(row) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let line = |out: &mut dyn Write, items: &mut dyn Iterator<Item = String>| -> std::io::Result<()> {
                let parts: Vec<String> = items.zip(&width).map(|(c, w)| format!("{c:<w$}")).collect();
                writeln!(out, "{}", parts.join("  ").trim_end())
            };
            line(&mut out, &mut columns.iter().map(|(h, _)| h.to_string()))?;
            line(&mut out, &mut width.iter().map(|w| "-".repeat(*w)))?;
            for row in cells {
                line(&mut out, &mut row.into_iter())?;
            }
            if rows.is_empty() {
                writeln!(out, "(none)")?;
            }
        }
    }
    Ok(())
}
