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
    /// Entity recognizer against a UNER IOB2 file (precision, recall, f1, per_type; exact spans, micro).
    Ner {
        #[arg(long)]
        iob2: PathBuf,
        /// Directory holding the trained models (default: the repository's models/).
        #[arg(long, env = "SITREP_MODELS")]
        models: Option<PathBuf>,
        /// Override the model's O bias (tuning on dev only).
        #[arg(long, hide = true)]
        o_bias: Option<f32>,
    },
    /// HTML main-text extraction on an article-extraction benchmark directory
    /// (`ground-truth.json` + `html/*.html.gz`), scored as scrapinghub's evaluate.py (precision, recall, f1, pages).
    Html {
        #[arg(long)]
        dir: PathBuf,
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
    /// PETRARCH conformance suite: codes each validation record and compares (source, target, code) triples.
    Petrarch(PetrarchArgs),
}

#[derive(clap::Args)]
pub struct PetrarchArgs {
    /// The validation records (PETR_Validate_records_2_02.xml).
    #[arg(long)]
    records: PathBuf,
    /// Directory with the dictionaries the records' <Environment> names.
    #[arg(long)]
    dicts: PathBuf,
    /// Code the gold CoNLL-U parses in the file instead of sitrep's own parse of the text.
    #[arg(long)]
    gold_parse: bool,
    /// Directory holding the trained NLP models (own-parse mode).
    #[arg(long, env = "SITREP_MODELS")]
    models: Option<PathBuf>,
    /// Also list each failed record with expected and coded triples.
    #[arg(long)]
    failures: bool,
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
            let dir = models.unwrap_or_else(sitrep_pipeline::default_models_dir);
            let mut rec = sitrep_nlp::ner::Recognizer::load(&dir)?;
            if let Some(b) = o_bias {
                rec.set_o_bias(b);
            }
            let mut docs = sitrep_nlp::ner::data::read_iob2(&iob2).map_err(anyhow::Error::msg)?;
            if rec.uses_tags() {
                let tagger = sitrep_nlp::ner::load_tagger(&dir)?;
                sitrep_nlp::ner::train::tag_docs(&tagger, &mut docs);
            }
            let scores = sitrep_nlp::ner::eval::score(&rec, &docs);
            println!("{}", serde_json::to_string(&scores)?);
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Html { dir } => {
            let scores = sitrep_sources::eval::evaluate_dir(&dir)?;
            println!("{}", serde_json::to_string(&scores)?);
            Ok(ExitCode::SUCCESS)
        }
        EvalCommand::Petrarch(a) => petrarch(a),
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
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn petrarch(a: PetrarchArgs) -> anyhow::Result<ExitCode> {
    use sitrep_events::petrarch;
    let suite = petrarch::Suite::from_file(&a.records)?;
    let res = suite.resources(&a.dicts)?;
    let score = if a.gold_parse {
        petrarch::run(&suite, &res, petrarch::gold_sentences)
    } else {
        let dir = a.models.unwrap_or_else(sitrep_pipeline::default_models_dir);
        let models = sitrep_nlp::Models::load(&dir)?;
        petrarch::run(&suite, &res, |r| Ok(own_parse(&models, &r.text)))
    };
    let mut v = serde_json::to_value(&score)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("parse".into(), serde_json::Value::from(if a.gold_parse { "gold" } else { "sitrep" }));
        if !a.failures {
            o.remove("failures");
        }
    }
    println!("{v}");
    Ok(ExitCode::SUCCESS)
}

/// sitrep's own tokenization, tagging and parse of a record's text.
fn own_parse(models: &sitrep_nlp::Models, text: &str) -> Vec<sitrep_events::Sentence> {
    let seg = sitrep_text::segment(text);
    let parse = models.annotate(text, &seg);
    let out: Vec<sitrep_events::Sentence> = (0..parse.sentences.len()).map(|i| sitrep_events::Sentence::from_parse(text, &parse, i)).collect();
    if std::env::var_os("SITREP_EVENTS_TRACE").is_some_and(|v| v == "1") {
        for s in &out {
            for (i, t) in s.toks.iter().enumerate() {
                eprintln!("  {:>3} {:<14} {:<12} {:<6} {:<4} {:>3} {}", i, t.form, t.lemma, t.upos.as_str(), t.xpos, t.head.map_or(-1, |h| h as i64), t.rel);
            }
        }
    }
    out
}
