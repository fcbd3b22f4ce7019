//! `sitrep analyze PATH...`: the main job.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_pipeline::{Config, Pipeline, RecordOptions, RunSummary};
use sitrep_sinks::OutputFormat;
use sitrep_sources::{InputFormat, SourceOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (recursive) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: table (default on a terminal) or jsonl.
    #[arg(long, short)]
    format: Option<OutputFormat>,
    /// Force the input format instead of detecting it per file.
    #[arg(long)]
    input_format: Option<InputFormat>,
    /// Add per-token fields (text, lemma, upos, xpos, head, deprel) to JSON output.
    #[arg(long)]
    tokens: bool,
    /// Include the document text in JSON output.
    #[arg(long)]
    text: bool,
    /// Directory holding the trained models (default: the repository's models/).
    #[arg(long, env = "SITREP_MODELS")]
    models: Option<PathBuf>,
    /// Extra actor dictionary (PETRARCH syntax); repeatable, later files override earlier ones.
    #[arg(long = "actors", value_name = "FILE")]
    actor_files: Vec<PathBuf>,
    /// Extra agent dictionary (PETRARCH syntax); repeatable.
    #[arg(long = "agents", value_name = "FILE")]
    agent_files: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("setting up worker threads")?;
    }
    let mut config = Config::default();
    if let Some(m) = args.models {
        config.models_dir = m;
    }
    config.actor_files = args.actor_files;
    config.agent_files = args.agent_files;
    let pipeline = Pipeline::load(&config).context("loading the pipeline")?;
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() { OutputFormat::Table } else { OutputFormat::Jsonl });
    let out: Box<dyn Write> = Box::new(std::io::BufWriter::new(stdout.lock()));
    let mut sink = sitrep_sinks::make_sink(format, out, RecordOptions { tokens: args.tokens, text: args.text });
    let records = sitrep_sources::open(&args.paths, &SourceOptions { format: args.input_format });
    let summary = sitrep_pipeline::run(&pipeline, records, &mut *sink, |_| {}).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(report(&summary))
}

/// Prints a summary of failed records on stderr; exit 2 when any record failed.
pub fn report(summary: &RunSummary) -> ExitCode {
    let failed = summary.error_count();
    if failed == 0 {
        return ExitCode::SUCCESS;
    }
    let kinds: Vec<String> = summary.errors.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "sitrep: {} documents analyzed, {failed} records failed ({})",
        summary.documents,
        kinds.join(", ")
    );
    ExitCode::from(2)
}
