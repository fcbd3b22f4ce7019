//! `sitrep serve --db FILE [--addr 127.0.0.1:PORT]`: the HTTP API and web UI over a corpus store.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use sitrep_server::{serve_blocking, ServeOptions};

#[derive(clap::Args)]
pub struct Args {
    /// The corpus database (opened read-only).
    #[arg(long, env = "SITREP_DB")]
    db: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port. Loopback by default: the
    /// API has no authentication, so expose it to a network only on purpose.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory holding the trained models, for the analyze page (default: the repository's models/).
    #[arg(long, env = "SITREP_MODELS")]
    models: Option<PathBuf>,
    /// Longest a request's database queries may run, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    query_timeout_ms: u64,
    /// Read-only database connections (default: two per core).
    #[arg(long)]
    connections: Option<usize>,
    /// Megabytes of API responses kept in memory for repeated requests; 0 turns
    /// the cache off. It is emptied whenever the store changes.
    #[arg(long, default_value_t = 64)]
    cache_mb: usize,
    /// Worker threads for the HTTP server (default: one per core).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let db = crate::query::db_path(args.db)?;
    let mut opts = ServeOptions::new(db.clone(), args.addr);
    if let Some(m) = args.models {
        opts.models_dir = m;
    }
    if let Some(n) = args.connections {
        opts.connections = n.max(1);
    }
    opts.query_timeout = Duration::from_millis(args.query_timeout_ms.max(1));
    opts.cache_bytes = args.cache_mb.saturating_mul(1 << 20);
    if !args.addr.ip().is_loopback() {
        eprintln!("sitrep serve: warning: listening on {} (not loopback): anyone who can reach it can read the corpus", args.addr.ip());
    }
    serve_blocking(opts, args.threads, |addr| {
        eprintln!("sitrep serve: {} (read-only) on http://{addr}/  (Ctrl-C to stop)", db.display());
    })
    .with_context(|| format!("serving {}", db.display()))?;
    Ok(ExitCode::SUCCESS)
}
