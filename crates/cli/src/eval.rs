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
    /// Entity recognizer against a UNER IOB2 file (precision, recall, f1, per_type; exact spans, micro).
    Ner {
        #[arg(long)]
        iob2: PathBuf,
        /// The models directory.
        #[arg(long, default_value = "models")]
        models: PathBuf,
        /// Override the model's O bias (tuning on dev only).
        #[arg(long, hide = true)]
        o_bias: Option<f32>,
    },
}

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Tokenize { conllu } => {
            let report = sitrep_text::eval::evaluate_file(&conllu)?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Ner {
            iob2,
            models,
            o_bias,
        } => {
            let mut rec = sitrep_nlp::ner::Recognizer::load(&models)?;
            if let Some(b) = o_bias {
                rec.set_o_bias(b);
            }
            let docs = sitrep_nlp::ner::data::read_iob2(&iob2).map_err(anyhow::Error::msg)?;
            let scores = sitrep_nlp::ner::eval::score(&rec, &docs);
            println!("{}", serde_json::to_string(&scores)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}
