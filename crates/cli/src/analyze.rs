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
    /// Files, directories (recursive), quoted glob patterns ('data/*.jsonl') or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: table (default on a terminal) or jsonl.
    #[arg(long, short)]
    format: Option<OutputFormat>,
    /// Force the input format instead of detecting it per file: record, jsonl, html or warc.
    #[arg(long, value_name = "FORMAT")]
    input_format: Option<InputFormat>,
    /// Largest document accepted, in bytes (K, M, G suffixes: 10M); a larger one is one error.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    max_doc_bytes: u64,
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
    let sources = SourceOptions { format: args.input_format, max_doc_bytes: args.max_doc_bytes };
    let records = sitrep_sources::open(&args.paths, &sources);
    let summary = sitrep_pipeline::run(&pipeline, records, &mut *sink, |_| {}).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(report(&summary))
}

/// Parses a byte size such as `500000`, `64K`, `10M` or `1G` (binary multiples).
pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let m = match c.to_ascii_uppercase() {
                'K' => 1u64 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => return Err(format!("bad size {s:?}: use a number of bytes or a K, M or G suffix")),
            };
            (&t[..i], m)
        }
        _ => (t, 1),
    };
    let n: u64 = num.trim().parse().map_err(|_| format!("bad size {s:?}: use a number of bytes or a K, M or G suffix"))?;
    match n.checked_mul(mult) {
        Some(0) => Err("the size limit must be above 0".into()),
        Some(v) => Ok(v),
        None => Err(format!("size {s:?} is too large")),
    }
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

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("1234"), Ok(1234));
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5T").is_err());
    }
}
