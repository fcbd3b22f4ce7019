//! `sitrep train ...`: reproducible training of the shipped models.

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
pub enum TrainCommand {
    /// Compile the Phoenix actor/agent dictionaries + our supplement (dictionaries/) into models/actors/.
    Actors(ActorsArgs),
    /// Compile the PETRARCH-2 verb dictionary + our supplement, PICO, discards, Goldstein and PLOVER tables into models/events/.
    Events(EventsArgs),
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
        /// Probability of following a wrong prediction during training (dynamic oracle).
        #[arg(long, default_value_t = ParserOptions::default().explore)]
        explore: f64,
        /// Jackknife folds for the training tags (1 = gold tags).
        #[arg(long, default_value_t = ParserRecipe::default().folds)]
        folds: usize,
        /// Only features seen at least this often get weights.
        #[arg(long, default_value_t = ParserOptions::default().min_count)]
        min_count: u32,
    },
}

fn corpus(d: &DataArgs) -> Corpus {
    Corpus { files: d.train.clone(), gum: (d.gum != "none").then(|| PathBuf::from(&d.gum)) }
}

fn out_dir(d: &DataArgs) -> PathBuf {
    d.out.clone().unwrap_or_else(sitrep_pipeline::default_models_dir)
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut log = |m: String| eprintln!("[{:6.1}s] {m}", t0.elapsed().as_secs_f64());
    match cmd {
        TrainCommand::Actors(a) => return train_actors(a),
        TrainCommand::Events(a) => return train_events(a),
        TrainCommand::Tagger { data, epochs, prune, min_count } => {
            let sents = corpus(&data).load().context("reading training data")?;
            let opts = TaggerOptions { epochs, seed: data.seed, prune, min_count };
            let (t, l) = training::train_tagger(&sents, &opts, &mut log);
            let path = training::save(&out_dir(&data), TAGGER_FILE, &training::tagger_bytes(&t, &l))?;
            let (lex, rules) = l.sizes();
            log(format!("wrote {} ({} weights, {lex} lexicon entries, {rules} lemma rules)", path.display(), t.pairs()));
        }
        TrainCommand::Parser { data, epochs, prune, explore, folds, min_count } => {
            let sents = corpus(&data).load().context("reading training data")?;
            let recipe = ParserRecipe {
                parser: ParserOptions { epochs, seed: data.seed, explore, prune, min_count },
                tagger: TaggerOptions { seed: data.seed, ..TaggerOptions::default() },
                folds,
            };
            let p = training::train_parser(&sents, &recipe, &mut log);
            let path = training::save(&out_dir(&data), PARSER_FILE, &training::parser_bytes(&p))?;
            log(format!("wrote {} ({} weights)", path.display(), p.pairs()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct ActorsArgs {
    /// Directory with the Phoenix dictionaries (default: ../shared/data/eventcoding/petrarch2).
    #[arg(long)]
    phoenix: Option<PathBuf>,
    /// Our supplement directory (default: the repository's dictionaries/).
    #[arg(long)]
    supplement: Option<PathBuf>,
    /// GeoNames countryInfo.txt for capitals (default: ../shared/data/corpora/gazetteer/countryInfo.txt).
    #[arg(long)]
    country_info: Option<PathBuf>,
    /// Models directory to write into (default: the repository's models/).
    #[arg(long, env = "SITREP_MODELS")]
    models: Option<PathBuf>,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared_data() -> PathBuf {
    std::env::var_os("SITREP_SHARED").map(PathBuf::from).unwrap_or_else(|| repo_root().join("../shared")).join("data")
}

fn train_actors(a: ActorsArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let src = sitrep_actors::compile::CompileSources {
        phoenix_dir: a.phoenix.unwrap_or_else(|| shared_data().join("eventcoding/petrarch2")),
        supplement_dir: a.supplement.unwrap_or_else(|| repo_root().join("dictionaries")),
        country_info: Some(a.country_info.unwrap_or_else(|| shared_data().join("corpora/gazetteer/countryInfo.txt"))),
    };
    let (dict, report) = sitrep_actors::compile::compile(&src).context("compiling actor dictionaries")?;
    let models = a.models.unwrap_or_else(sitrep_pipeline::default_models_dir);
    let out = models.join(sitrep_actors::compile::COMPILED_PATH);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let bytes = dict.to_compiled();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    for d in report.diagnostics.iter().filter(|d| !d.message.contains("has no code")) {
        eprintln!("warning: {d}");
    }
    let no_code = report.diagnostics.iter().filter(|d| d.message.contains("has no code")).count();
    let summary = serde_json::json!({
        "output": out.display().to_string(),
        "bytes": bytes.len(),
        "files": report.files,
        "actors": report.actors,
        "actor_phrases": report.actor_phrases,
        "agents": report.agents,
        "agent_forms": report.agent_phrases,
        "capitals": report.capitals,
        "problems": report.diagnostics.len() - no_code,
        "actors_without_code": no_code,
        "seconds": t0.elapsed().as_secs_f64(),
    });
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// The shared data directory (default: ../shared/data next to the repository, or $SITREP_SHARED/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Our verb supplement, read after CAMEO.2.0.txt (default: dictionaries/sitrep.verbs.txt).
    #[arg(long)]
    supplement: Vec<PathBuf>,
    /// Models directory to write into (default: the repository's models/).
    #[arg(long, env = "SITREP_MODELS")]
    models: Option<PathBuf>,
}

fn train_events(a: EventsArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let data = a.data.unwrap_or_else(shared_data);
    let mut src = sitrep_events::compiled::CompileSources::standard(&data, &repo_root());
    if !a.supplement.is_empty() {
        src.supplements = a.supplement;
    }
    let (coder, report) = sitrep_events::compiled::compile(&src).context("compiling the event dictionaries")?;
    let models = a.models.unwrap_or_else(sitrep_pipeline::default_models_dir);
    let out = models.join(sitrep_events::compiled::COMPILED_PATH);
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let bytes = sitrep_events::compiled::write(&coder);
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let mut summary = serde_json::to_value(&report)?;
    if let Some(o) = summary.as_object_mut() {
        o.remove("warnings");
        o.insert("warnings".into(), serde_json::Value::from(report.warnings.len()));
        o.insert("output".into(), serde_json::Value::from(out.display().to_string()));
        o.insert("bytes".into(), serde_json::Value::from(bytes.len()));
        o.insert("seconds".into(), serde_json::Value::from(t0.elapsed().as_secs_f64()));
    }
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}
