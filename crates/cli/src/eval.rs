//! `sitrep eval ...`: measurements against gold data, one JSON object each.
//!
//! The subcommand names and the keys they print are public interfaces.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// Tokenizer and sentence splitter on raw text rebuilt from a treebank (words_f1, sentences_f1).
    Tokenize {
        #[arg(long)]
        conllu: PathBuf,
    },
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Tokenize { conllu } => {
            let report = sitrep_text::eval::evaluate_file(&conllu)?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
