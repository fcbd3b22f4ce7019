//! `sitrep story ID`: which facts each source of a story reports, and which only one does.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use sitrep_corpus::Store;

use crate::output::Format;

#[derive(clap::Args)]
pub struct Args {
    /// Story id (see `sitrep query stories`).
    id: i64,
    /// The corpus database.
    #[arg(long, env = "SITREP_DB")]
    db: Option<PathBuf>,
    /// table or json.
    #[arg(long, short, value_enum, default_value = "table")]
    format: Format,
}

/// Column letter of the i-th document (A, B, ..., Z, AA, ...).
fn letter(mut i: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (i % 26) as u8) as char);
        if i < 26 {
            return s;
        }
        i = i / 26 - 1;
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&crate::query::db_path(args.db)?)?;
    let d = store.story_diff(args.id)?;
    if args.format != Format::Table {
        writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&d)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = &d.story;
    if s.id != args.id {
        writeln!(std::io::stdout(), "story {} was merged into story {}", args.id, s.id)?;
    }
    writeln!(
        std::io::stdout(),
        "story {}: {}\n{} documents, {} sources, {} to {}\n",
        s.id,
        s.label,
        s.doc_count,
        s.source_count,
        s.first_date.as_deref().unwrap_or("?"),
        s.last_date.as_deref().unwrap_or("?")
    )?;
    for (i, doc) in d.documents.iter().enumerate() {
        let x = &doc.document;
        let date = x.date.clone().or_else(|| x.inferred_date.as_ref().map(|d| format!("~{d}"))).unwrap_or_else(|| "undated".into());
        writeln!(
            std::io::stdout(),
            "  {}  doc {}  {}  {}  {}  ({} facts, {} only here)",
            letter(i),
            x.id,
            date,
            x.source_name,
            x.title.as_deref().unwrap_or(&x.ext_id),
            doc.facts,
            doc.only_here
        )?;
    }
    writeln!(std::io::stdout())?;
    let cols: Vec<String> = (0..d.documents.len()).map(letter).collect();
    writeln!(std::io::stdout(), "  {:<7} {}  {:<5} fact", "kind", cols.join(" "), "only")?;
    for f in &d.facts {
        let marks: Vec<String> = d
            .documents
            .iter()
            .zip(&cols)
            .map(|(doc, c)| {
                let m = if f.documents.contains(&doc.document.id) { "x" } else { "." };
                format!("{m:<w$}", w = c.len())
            })
            .collect();
        let label: String = f.label.split_whitespace().collect::<Vec<_>>().join(" ");
        let label: String = if label.chars().count() > 110 { label.chars().take(109).chain(['…']).collect() } else { label };
        writeln!(std::io::stdout(), "  {:<7} {}  {:<5} {}", f.kind.as_str(), marks.join(" "), if f.only { "only" } else { "" }, label)?;
    }
    Ok(ExitCode::SUCCESS)
}
