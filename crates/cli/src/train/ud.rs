//! `sitrep train tagger|parser`: reproducible training of the tagger, lemmatizer and parser.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_nlp::models::{PARSER_FILE, TAGGER_FILE};
use sitrep_nlp::parser::ParserOptions;
use sitrep_nlp::tagger::TaggerOptions;
use sitrep_nlp::training::{self, Corpus, ParserRecipe};

/// Where the training data comes from (shared by every trainer).
#[derive(clap::Args)]
pub struct DataArgs {
    /// Training CoNLL-U files.
    #[arg(long = "train", default_value = "../shared/data/nlp/ud_english_ewt/en_ewt-ud-train.conllu")]
    train: Vec<PathBuf>,
    /// GUM directory (dep/*.conllu + splits.tsv): its train-split documents are added. `none` to skip.
    #[arg(long, default_value = "../shared/data/nlp/gum")]
    gum: String,
    /// Output directory.
    #[arg(long, env = "SITREP_MODELS")]
    out: Option<PathBuf>,
    /// Random seed (shuffling, exploration).
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

#[derive(clap::Subcommand)]
pub enum UdCommand {
    /// Part-of-speech tagger and lemmatizer → models/tagger.bin.
    Tagger {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, default_value_t = TaggerOptions::default().epochs)]
        epochs: usize,
        /// Drop averaged weights below this magnitude.
        #[arg(long, default_value_t = TaggerOptions::default().prune)]
        prune: f32,
        /// Only features seen at least this often get weights.
        #[arg(long, default_value_t = TaggerOptions::default().min_count)]
        min_count: u32,
        /// Add a second pass that sees first-pass tags to the right (+0.1 UPOS on dev, twice the size and tagging time).
        #[arg(long)]
        two_pass: bool,
        /// Independent training runs (different visiting orders, in parallel) whose weights are averaged.
        #[arg(long, default_value_t = TaggerOptions::default().runs)]
        runs: usize,
        /// Fraction of training sentences also added in headline title case ("Iran, Venezuela Stand Together").
        #[arg(long, default_value_t = TaggerOptions::default().titlecase)]
        titlecase: f64,
    },
    /// Dependency parser (trained on jackknifed tags) → models/parser.bin.
    Parser {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, default_value_t = ParserOptions::default().epochs)]
        epochs: usize,
        /// Drop averaged weights below this magnitude.
        #[arg(long, default_value_t = ParserOptions::default().prune)]
        prune: f32,
        /// Leave out features whose largest weight is below this (1.0: a 35% smaller file, dev UAS -0.05 to -0.1).
        #[arg(long, default_value_t = ParserOptions::default().min_weight)]
        min_weight: f32,
        /// Probability of following a wrong prediction during training (dynamic oracle).
        #[arg(long, default_value_t = ParserOptions::default().explore)]
        explore: f64,
        /// Jackknife folds for the training tags (1 = gold tags).
        #[arg(long, default_value_t = ParserRecipe::default().folds)]
        folds: usize,
        /// Only features seen at least this often get weights.
        #[arg(long, default_value_t = ParserOptions::default().min_count)]
        min_count: u32,
        /// Independent training runs (different visiting orders, in parallel) whose weights are averaged.
        #[arg(long, default_value_t = ParserOptions::default().runs)]
        runs: usize,
        /// News articles (JSONL, `text` field) parsed for word-pair statistics, with the tagger already in the output directory. `none` to train without.
        #[arg(long, num_args = 1.., default_values = ["../shared/data/corpora/news/abp_allsides_dev.jsonl", "../shared/data/corpora/news/bbc_2004_2005.jsonl"])]
        news: Vec<String>,
        /// Word pairs seen fewer times in the parsed news are left out.
        #[arg(long, default_value_t = ParserRecipe::default().pair_min_count)]
        pair_min_count: u32,
    },
}

fn corpus(d: &DataArgs) -> Corpus {
    Corpus { files: d.train.clone(), gum: (d.gum != "none").then(|| PathBuf::from(&d.gum)) }
}

fn out_dir(d: &DataArgs) -> PathBuf {
    d.out.clone().unwrap_or_else(sitrep_pipeline::default_models_dir)
}

pub fn run(cmd: UdCommand) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut log = |m: String| eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64());
    match cmd {
        UdCommand::Tagger { data, epochs, prune, min_count, two_pass, runs, titlecase } => {
            let sents = corpus(&data).load().context("reading training data")?;
            let opts = TaggerOptions { epochs, seed: data.seed, prune, min_count, two_pass, runs, titlecase, ..TaggerOptions::default() };
            let (t, l) = training::train_tagger(&sents, &opts, &mut log);
            let path = training::save(&out_dir(&data), TAGGER_FILE, &training::tagger_bytes(&t, &l))?;
            let (lex, rules) = l.sizes();
            log(format!("wrote {} ({} weights, {lex} lexicon entries, {rules} lemma rules)", path.display(), t.pairs()));
        }
        UdCommand::Parser { data, epochs, prune, min_weight, explore, folds, min_count, runs, news, pair_min_count } => {
            let sents = corpus(&data).load().context("reading training data")?;
            let news: Vec<PathBuf> = news.iter().filter(|f| f.as_str() != "none").map(PathBuf::from).collect();
            let recipe = ParserRecipe {
                parser: ParserOptions { epochs, seed: data.seed, explore, prune, min_weight, min_count, runs, ..ParserOptions::default() },
                tagger: TaggerOptions { seed: data.seed, ..ParserRecipe::default().tagger },
                folds,
                news,
                pair_min_count,
            };
            let dir = out_dir(&data);
            let p = if recipe.news.is_empty() {
                training::train_parser(&sents, &recipe, &mut log)
            } else {
                // The news is tagged as `sitrep analyze` would tag it: by the shipped tagger.
                let (tagger, _) = sitrep_nlp::models::load_tagger(&dir).context("the pair statistics need the tagger: run `sitrep train tagger` first")?;
                training::train_parser_with_pairs(&sents, &recipe, &tagger, &mut log)?
            };
            let path = training::save(&dir, PARSER_FILE, &training::parser_bytes(&p))?;
            log(format!("wrote {} ({} weights, {} word pairs)", path.display(), p.pairs(), p.assoc().len()));
        }
    }
    Ok(ExitCode::SUCCESS)
}
