//! `sitrep train ...`: reproducible training of the shipped models.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sitrep_nlp::models::{PARSER_FILE, TAGGER_FILE};
use sitrep_nlp::ner;
use sitrep_nlp::ner::clusters::WordClass;
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
    /// Entity recognizer from UNER EWT train (preliminary) and GUM, with gazetteers → models/ner/ner.bin.
    Ner {
        /// The shared data directory (holds nlp/, corpora/, eventcoding/).
        #[arg(long, env = "SITREP_SHARED_DATA", default_value = "../shared/data")]
        data: PathBuf,
        /// The models directory to write into.
        #[arg(long, default_value = "models")]
        models: PathBuf,
        #[arg(long, default_value_t = ner::train::TrainConfig::default().epochs)]
        epochs: usize,
        #[arg(long, default_value_t = ner::train::TrainConfig::default().seed)]
        seed: u64,
        /// Skip the word clusters (faster, less accurate).
        #[arg(long)]
        no_clusters: bool,
        /// Cache file for the word clusters (reused when present; for quick experiments).
        #[arg(long, hide = true)]
        clusters_cache: Option<PathBuf>,
        /// Lower-cased copies of this fraction of the training sentences are added (0 = none).
        #[arg(long, default_value_t = ner::train::TrainConfig::default().lowercase)]
        lowercase: f64,
        #[arg(long, default_value_t = ner::train::TrainConfig::default().min_count)]
        min_count: u32,
        /// Leave GUM out (for ablations).
        #[arg(long, hide = true)]
        no_gum: bool,
        #[arg(long, default_value_t = ner::train::TrainConfig::default().o_bias)]
        o_bias: f32,
        /// Also score UNER EWT dev after every epoch (for tuning; never the test files).
        #[arg(long)]
        dev: bool,
    },
    /// Compile the Phoenix actor/agent dictionaries + our supplement (dictionaries/) into models/actors/.
    Actors(ActorsArgs),
    /// Compile the extractors' gazetteer, tone lexicon and theme rules into models/extract/.
    Extract(ExtractArgs),
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

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// The shared data directory (holds corpora/gazetteer, corpora/news, gdelt/lookups).
    #[arg(long, default_value = "../shared/data")]
    data: PathBuf,
    /// VADER's vader_lexicon.txt (from the vaderSentiment 3.3.2 package); without it the tone lexicon is kept.
    #[arg(long)]
    vader: Option<PathBuf>,
    /// Output models directory.
    #[arg(long, default_value = "models")]
    models: PathBuf,
}

fn train_extract(a: ExtractArgs) -> anyhow::Result<()> {
    use sitrep_extract::build;
    let dir = a.models.join("extract");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let news = a.data.join("corpora/news/abp_allsides_dev.jsonl");
    let t = Instant::now();
    let g = build::build_gazetteer(&a.data.join("corpora/gazetteer"), news.exists().then_some(news.as_path()), &dir.join("gazetteer.tsv.gz"))?;
    eprintln!(
        "gazetteer: {} entries, {} names ({} common-word names), {} bytes, {:.1}s",
        g.entries,
        g.names,
        g.common,
        g.bytes,
        t.elapsed().as_secs_f64()
    );
    let n = build::build_themes(&a.data.join("gdelt/lookups/LOOKUP-GKGTHEMES.txt"), &dir.join("themes.tsv"))?;
    eprintln!("themes: {n} labels");
    if let Some(v) = a.vader {
        let n = build::build_tone(&v, &dir.join("tone_lexicon.tsv"))?;
        eprintln!("tone lexicon: {n} words");
    }
    Ok(())
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
        TrainCommand::Ner { data, models, epochs, seed, no_clusters, clusters_cache, lowercase, o_bias, min_count, no_gum, dev } => {
            let t0 = std::time::Instant::now();
            let cfg = ner::train::TrainConfig { epochs, seed, lowercase, o_bias, min_count, ..Default::default() };
            let mut docs = ner::train::training_docs(&data).map_err(anyhow::Error::msg)?;
            if no_gum {
                docs.retain(|d| !d.id.starts_with("GUM_"));
            }
            let dev_docs = if dev {
                Some(ner::data::read_iob2(&data.join(ner::train::sources::UNER_DEV)).map_err(anyhow::Error::msg)?)
            } else {
                None
            };
            let clusters = match (&clusters_cache, no_clusters) {
                (_, true) => Vec::new(),
                (Some(c), false) if c.exists() => read_cluster_cache(c)?,
                (cache, false) => {
                    let cl = build_clusters(&data, &docs)?;
                    if let Some(c) = cache {
                        write_cluster_cache(c, &cl)?;
                    }
                    cl
                }
            };
            let mut gaz = ner::train::build_gazetteer(&data).map_err(anyhow::Error::msg)?;
            let pruned = ner::train::prune_gazetteer(&mut gaz, &clusters);
            eprintln!("gazetteer: {} phrases ({pruned} common one-word phrases dropped)", gaz.len());
            let (model, bytes) =
                ner::train::train(&docs, &gaz, clusters, &cfg, dev_docs.as_deref(), |l| eprintln!("{l}"));
            let path = ner::model_path(&models);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
            }
            std::fs::write(&path, &bytes).with_context(|| path.display().to_string())?;
            eprintln!(
                "wrote {} ({} bytes, {} features) in {:.1}s",
                path.display(),
                bytes.len(),
                model.n_features(),
                t0.elapsed().as_secs_f64()
            );
            return Ok(ExitCode::SUCCESS);
        }
        TrainCommand::Actors(a) => return train_actors(a),
        TrainCommand::Extract(a) => train_extract(a)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Word clusters from the news corpus (article titles and texts) and the training documents' own tokens.
fn build_clusters(data: &std::path::Path, docs: &[ner::data::Doc]) -> anyhow::Result<Vec<(u64, WordClass)>> {
    let t0 = std::time::Instant::now();
    let mut seqs: Vec<Vec<String>> = Vec::new();
    for rel in ner::train::sources::NEWS {
        let path = data.join(rel);
        let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
        for (n, line) in text.lines().enumerate() {
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
            for field in ["title", "text"] {
                if let Some(t) = v.get(field).and_then(|t| t.as_str()) {
                    for para in t.split('\n').filter(|p| !p.trim().is_empty()) {
                        let mut toks = Vec::new();
                        ner::clusters::simple_tokens(para, &mut toks);
                        seqs.push(toks);
                    }
                }
            }
        }
    }
    for d in docs {
        for s in &d.sentences {
            seqs.push(d.tokens[s.clone()].to_vec());
        }
    }
    let cfg = ner::clusters::ClusterConfig::default();
    let out = ner::clusters::build(&seqs, &cfg, |l| eprintln!("{l}"));
    eprintln!("clusters: {} words in {:.1}s", out.len(), t0.elapsed().as_secs_f64());
    Ok(out)
}

fn write_cluster_cache(path: &std::path::Path, cl: &[(u64, WordClass)]) -> anyhow::Result<()> {
    let text: String = cl.iter().map(|(k, c)| format!("{k} {} {} {} {}\n", c[0], c[1], c[2], c[3])).collect();
    std::fs::write(path, text).with_context(|| path.display().to_string())
}

fn read_cluster_cache(path: &std::path::Path) -> anyhow::Result<Vec<(u64, WordClass)>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    text.lines()
        .map(|l| {
            let v: Vec<u64> = l.split(' ').map(|x| x.parse::<u64>()).collect::<Result<_, _>>()?;
            anyhow::ensure!(v.len() == 5, "bad cluster cache line");
            Ok((v[0], [v[1] as u16, v[2] as u16, v[3] as u16, v[4] as u16]))
        })
        .collect()
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
