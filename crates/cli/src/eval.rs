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
    /// HTML main-text extraction on an article-extraction benchmark directory
    /// (`ground-truth.json` + `html/*.html.gz`), scored as scrapinghub's evaluate.py (precision, recall, f1, pages).
    Html {
        #[arg(long)]
        dir: PathBuf,
    },
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Tokenize { conllu } => {
            anyhow::bail!("eval tokenize is not implemented yet ({})", conllu.display())
        }
        EvalCommand::Html { dir } => {
            let scores = sitrep_sources::eval::evaluate_dir(&dir)?;
            println!("{}", serde_json::to_string(&scores)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
