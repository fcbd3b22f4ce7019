//! `sitrep ingest PATH... --db FILE`: analyze a corpus into the embedded store.

use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sitrep_corpus::sink::{bare, ingest, IngestOptions};
use sitrep_corpus::terms::Background;
use sitrep_pipeline::{Config, Pipeline};
use sitrep_sources::{InputFormat, SourceOptions};

/// What to run over each document before storing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Analysis {
    /// The whole pipeline.
    Full,
    /// Nothing: store the text only (measures the store's own cost).
    None,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories (recursive) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The corpus database (created if missing).
    #[arg(long, env = "SITREP_DB")]
    db: PathBuf,
    /// Force the input format instead of detecting it per file.
    #[arg(long)]
    input_format: Option<InputFormat>,
    /// Largest document accepted, in bytes (K, M, G suffixes: 10M); a larger one is one error.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = crate::analyze::parse_size)]
    max_doc_bytes: u64,
    /// Directory holding the trained models (default: the repository's models/).
    #[arg(long, env = "SITREP_MODELS")]
    models: Option<PathBuf>,
    /// Extra actor dictionary (PETRARCH syntax); repeatable, later files override earlier ones.
    #[arg(long = "actors", value_name = "FILE")]
    actor_files: Vec<PathBuf>,
    /// Extra agent dictionary (PETRARCH syntax); repeatable.
    #[arg(long = "agents", value_name = "FILE")]
    agent_files: Vec<PathBuf>,
    /// Threads (default: all cores); each analyzes documents and, when no other is writing, stores those due.
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// Analyze records that are already stored too (they are still not stored twice).
    #[arg(long)]
    reanalyze: bool,
    /// `none` stores documents without analysis (for measuring the store alone).
    #[arg(long, value_enum, default_value = "full", hide = true)]
    analysis: Analysis,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Counts records in the inputs (JSONL lines, one per other file) so that the
/// progress bar can show an ETA; `None` when it cannot tell (stdin, compressed).
fn count_records(paths: &[PathBuf]) -> Option<u64> {
    fn walk(p: &Path, n: &mut u64) -> Option<()> {
        if p == Path::new("-") {
            return None;
        }
        if p.is_dir() {
            for e in std::fs::read_dir(p).ok()? {
                walk(&e.ok()?.path(), n)?;
            }
            return Some(());
        }
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        match ext {
            "gz" | "warc" | "zst" | "bz2" | "xz" => None,
            "jsonl" | "ndjson" => {
                let f = std::io::BufReader::new(std::fs::File::open(p).ok()?);
                *n += f.split(b'\n').filter_map(Result::ok).filter(|l| l.iter().any(|b| !b.is_ascii_whitespace())).count() as u64;
                Some(())
            }
            _ => {
                *n += 1;
                Some(())
            }
        }
    }
    let mut n = 0;
    for p in paths {
        walk(p, &mut n)?;
    }
    Some(n)
}

fn progress_bar(paths: &[PathBuf]) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} documents  {per_sec}  {msg}  elapsed {elapsed}  ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    // Counting a large input takes a moment: do it beside the ingest.
    let b = bar.clone();
    let paths = paths.to_vec();
    std::thread::spawn(move || {
        if let Some(n) = count_records(&paths) {
            b.set_length(n);
        }
    });
    bar
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global().context("setting up worker threads")?;
    }
    let pipeline = match args.analysis {
        Analysis::Full => {
            let mut config = Config::default();
            if let Some(m) = args.models.clone() {
                config.models_dir = m;
            }
            config.actor_files = args.actor_files.clone();
            config.agent_files = args.agent_files.clone();
            Some(Pipeline::load(&config).context("loading the pipeline")?)
        }
        Analysis::None => None,
    };
    let models_dir = args.models.clone().unwrap_or_else(sitrep_pipeline::default_models_dir);
    let background = Background::load(&models_dir).context("loading the background term frequencies")?;
    let inputs: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
    let opts = IngestOptions { skip_known: !args.reanalyze, inputs: inputs.join(" "), background: Arc::new(background) };
    let records = sitrep_sources::open(&args.paths, &SourceOptions { format: args.input_format, max_doc_bytes: args.max_doc_bytes });
    let bar = progress_bar(&args.paths);
    let start = Instant::now();
    let on_batch = |p: &sitrep_corpus::sink::Progress| {
        bar.set_position(p.read.load(Ordering::Relaxed));
        bar.set_message(format!(
            "{} new, {} already stored, {} errors",
            p.stored.load(Ordering::Relaxed),
            p.present.load(Ordering::Relaxed),
            p.errors.load(Ordering::Relaxed)
        ));
    };
    let result = match &pipeline {
        Some(p) => ingest(&args.db, records, |d| p.analyze(d), &opts, on_batch),
        None => ingest(&args.db, records, bare, &opts, on_batch),
    };
    bar.finish_and_clear();
    let (stats, fin) = result.with_context(|| format!("ingesting into {}", args.db.display()))?;
    let secs = start.elapsed().as_secs_f64();
    let rate = stats.read as f64 / secs.max(1e-9);
    if args.json {
        let v = serde_json::json!({ "ingest": stats, "finalize": fin, "seconds": secs, "docs_per_second": rate });
        println!("{v}");
    }
    eprintln!(
        "sitrep ingest: {} records = {} stored + {} already present + {} errors; {} exact and {} near duplicates linked; \
         {} new stories ({} updated, {} merged), {} events aggregated; {secs:.1} s, {rate:.1} records/s",
        stats.read,
        stats.stored,
        stats.present,
        stats.errors,
        stats.exact_duplicates,
        stats.near_duplicates,
        fin.new_stories,
        fin.stories_touched,
        fin.stories_merged,
        fin.events
    );
    Ok(if stats.errors > 0 { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
