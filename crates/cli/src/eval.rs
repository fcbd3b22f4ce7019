//! `sitrep eval ...`: measurements against gold data, one JSON object each.
//!
//! The subcommand names and the keys they print are public interfaces.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(clap::Subcommand)]
pub enum EvalCommand {
    /// Tokenizer and sentence splitter on raw text rebuilt from a treebank (words_f1, sentences_f1).
    Tokenize {
        #[arg(long)]
        conllu: PathBuf,
    },
    /// Tagger, lemmatizer and parser on a treebank with gold tokenization (upos, xpos, lemma, uas, las).
    Ud {
        #[arg(long)]
        conllu: PathBuf,
        /// Directory holding the trained models (default: the repository's models/).
        #[arg(long, env = "SITREP_MODELS")]
        models: Option<PathBuf>,
        /// Start from the raw text instead: sitrep's own tokenizer and sentence splitter, F1 scores.
        #[arg(long)]
        raw: bool,
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
        }
        EvalCommand::Ud { conllu, models, raw } => {
            let dir = models.unwrap_or_else(sitrep_pipeline::default_models_dir);
            let models = sitrep_nlp::Models::load(&dir).context("loading models")?;
            let sents = sitrep_conllu::read_file(&conllu).map_err(|e| anyhow::anyhow!(e))?;
            let json = if raw {
                serde_json::to_string(&sitrep_nlp::eval::evaluate_raw(&models, &sents))?
            } else {
                serde_json::to_string(&sitrep_nlp::eval::evaluate(&models, &sents))?
            };
            println!("{json}");
        }
        EvalCommand::Ner { iob2, models, o_bias } => {
            let mut rec = sitrep_nlp::ner::Recognizer::load(&models)?;
            if let Some(b) = o_bias {
                rec.set_o_bias(b);
            }
            let docs = sitrep_nlp::ner::data::read_iob2(&iob2).map_err(anyhow::Error::msg)?;
            let scores = sitrep_nlp::ner::eval::score(&rec, &docs);
            println!("{}", serde_json::to_string(&scores)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}
