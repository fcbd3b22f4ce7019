//! The `sitrep` command line: a thin layer over the library crates.

mod analyze;
mod eval;
mod export;
mod ingest;
mod output;
mod query;
mod serve;
mod story;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// The pipeline allocates many small strings and vectors per document from
// several threads at once; mimalloc's thread-local free lists cut the
// allocator's share of ingest time (glibc malloc was ~9% of it under perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mimalloc.h` (the same value in v2 and v3, whose
/// option numbers are kept stable; libmimalloc-sys 0.1.49 names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory in the process instead of handing it back to the OS after 10 ms.
///
/// Each document allocates and frees buffers of hundreds of kilobytes; returned
/// pages come back as fresh transparent huge pages that the kernel zeroes 2 MB at
/// a time. That was 11 % of `analyze` time under perf (kernel `clear_page_erms`);
/// without purging it is gone, for about 17 MB more resident memory.
fn keep_freed_memory() {
    // SAFETY: called first thing in `main`, before any other thread exists (the
    // option setter is not thread-safe); it only changes a mimalloc setting.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}

/// sitrep: turn news articles into structured, explainable event data.
#[derive(Parser)]
#[command(name = "sitrep", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles and print documents, events or GDELT rows.
    Analyze(analyze::Args),
    /// Measure a component against a gold standard; prints one JSON object.
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Train a model from the treebanks or compile dictionaries into models/.
    #[command(subcommand)]
    Train(train::TrainCommand),
    /// Analyze articles into a corpus store (SQLite): dedup, stories, aggregated events.
    Ingest(ingest::Args),
    /// Query a corpus store: events, mentions, search, stories, actors, stats.
    Query(query::Args),
    /// Show which facts each source of a story reports.
    Story(story::Args),
    /// Export a corpus store as Parquet or GDELT rows.
    Export(export::Args),
    /// Serve a corpus store: JSON API (/api/openapi.json) and the offline web UI.
    Serve(serve::Args),
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    let result = match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Eval(e) => eval::run(e),
        Command::Train(t) => train::run(t),
        Command::Ingest(a) => ingest::run(a),
        Command::Query(a) => query::run(a),
        Command::Story(a) => story::run(a),
        Command::Export(a) => export::run(a),
        Command::Serve(a) => serve::run(a),
    };
    match result {
        Ok(code) => code,
        // `sitrep query ... | head`: the reader left; that is not a failure.
        Err(e) if e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sitrep: {e:#}");
            ExitCode::from(1)
        }
    }
}
