//! `sitrep train ...`: reproducible training of the shipped models.

use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum TrainCommand {}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {}
}
