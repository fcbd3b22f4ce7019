//! `sitrep export`: corpus tables as Parquet, or corpus-level GDELT rows.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_corpus::Store;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One Parquet file per table in --out DIR.
    Parquet,
    /// GDELT 2.0 Events rows, one per aggregated event.
    GdeltEvents,
    /// GDELT 2.0 Mentions rows, one per mention of an aggregated event.
    GdeltMentions,
    /// GDELT 2.1 GKG rows, one per document.
    GdeltGkg,
}

#[derive(clap::Args)]
pub struct Args {
    /// The corpus database.
    #[arg(long, env = "SITREP_DB")]
    db: Option<PathBuf>,
    #[arg(long, short, value_enum)]
    format: ExportFormat,
    /// Output directory (parquet) or file (GDELT formats; default stdout).
    #[arg(long, short)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = crate::query::db_path(args.db)?;
    let store = Store::open_read_only(&db)?;
    match args.format {
        ExportFormat::Parquet => {
            let dir = args.out.context("--format parquet needs --out DIR")?;
            for e in sitrep_corpus::export::export_parquet(&store, &dir)? {
                eprintln!("{:>10} rows  {}", e.rows, e.path.display());
            }
        }
        ExportFormat::GdeltEvents | ExportFormat::GdeltMentions | ExportFormat::GdeltGkg => {
            anyhow::bail!("corpus-level GDELT export needs the GDELT row writers (crates/sinks/src/gdelt), not merged yet");
        }
    }
    Ok(ExitCode::SUCCESS)
}
