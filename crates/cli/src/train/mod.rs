//! `sitrep train ...`: reproducible training of the shipped models and compiled dictionaries.
//!
//! One submodule per model; each turns its command-line arguments into a call
//! into the crate that owns the model.

mod actors;
mod ner;

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum TrainCommand {
    /// Compile the Phoenix actor/agent dictionaries + our supplement (dictionaries/) into models/actors/.
    Actors(actors::Args),
    /// Entity recognizer from UNER EWT train (preliminary) and GUM, with gazetteers → models/ner/ner.bin.
    Ner(ner::Args),
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrainCommand::Actors(a) => actors::run(a),
        TrainCommand::Ner(a) => ner::run(a),
    }
}

/// The repository root this binary was built from.
pub(crate) fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The shared data directory: `SITREP_SHARED`/data, else `../shared/data` beside the repository.
pub(crate) fn shared_data() -> PathBuf {
    std::env::var_os("SITREP_SHARED").map(PathBuf::from).unwrap_or_else(|| repo_root().join("../shared")).join("data")
}
