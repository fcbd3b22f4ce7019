//! `sitrep train ner`: the entity recognizer from UNER EWT train (preliminary) and GUM.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_nlp::ner;
use sitrep_nlp::ner::clusters::WordClass;

#[derive(clap::Args)]
pub struct Args {
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
    /// Headline title-case copies of this fraction of the training sentences are added (0 = none).
    #[arg(long, default_value_t = ner::train::TrainConfig::default().titlecase)]
    titlecase: f64,
    #[arg(long, default_value_t = ner::train::TrainConfig::default().runs)]
    runs: usize,
    #[arg(long, default_value_t = ner::train::TrainConfig::default().gum_weight)]
    gum_weight: usize,
    #[arg(long, default_value_t = ner::train::TrainConfig::default().min_count)]
    min_count: u32,
    /// Also train on UNER EWT dev, this many copies (0 = no; the shipped model uses 1).
    #[arg(long, default_value_t = 1)]
    with_dev: usize,
    /// Leave GUM out (for ablations).
    #[arg(long, hide = true)]
    no_gum: bool,
    /// Hold GUM's dev documents out of training and score them after every epoch with --dev (for tuning).
    #[arg(long, hide = true)]
    hold_gum_dev: bool,
    #[arg(long, default_value_t = ner::train::TrainConfig::default().o_bias)]
    o_bias: f32,
    /// Also score UNER EWT dev after every epoch (for tuning; never the test files).
    #[arg(long)]
    dev: bool,
    /// Learn from predicted part-of-speech tags (jackknifed over the tagger's training data); the model then reads the tagger's tags.
    #[arg(long)]
    pos: bool,
    /// Jackknife folds for the training tags.
    #[arg(long, default_value_t = 3)]
    pos_folds: usize,
    /// Epochs of each jackknife tagger.
    #[arg(long, default_value_t = 5)]
    pos_epochs: usize,
    /// Cache file for the jackknifed tags (reused when present; for quick experiments).
    #[arg(long, hide = true)]
    pos_cache: Option<PathBuf>,
    /// Directory of the `tagger.bin` that tags the dev documents (default: --models).
    #[arg(long)]
    tagger_models: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Args { data, models, epochs, seed, no_clusters, clusters_cache, lowercase, titlecase, o_bias, min_count, no_gum, hold_gum_dev, gum_weight, with_dev, runs, dev, pos, pos_folds, pos_epochs, pos_cache, tagger_models } = args;
    let t0 = std::time::Instant::now();
    let cfg = ner::train::TrainConfig {
        epochs,
        seed,
        lowercase,
        titlecase,
        o_bias,
        min_count,
        gum_weight,
        runs,
        ..Default::default()
    };
    let mut gaz = ner::train::build_gazetteer(&data).map_err(anyhow::Error::msg)?;
    let mut docs = ner::train::training_docs(&data, &gaz).map_err(anyhow::Error::msg)?;
    for _ in 0..with_dev {
        docs.extend(
            ner::data::read_iob2(&data.join(ner::train::sources::UNER_DEV))
                .map_err(anyhow::Error::msg)?,
        );
    }
    if no_gum {
        docs.retain(|d| !d.id.starts_with("GUM_"));
    }
    let mut gum_dev = Vec::new();
    if hold_gum_dev {
        let splits = ner::data::read_gum_splits(&data.join(ner::train::sources::GUM_SPLITS))
            .map_err(anyhow::Error::msg)?;
        let (held, kept): (Vec<_>, Vec<_>) = docs
            .into_iter()
            .partition(|d| splits.get(&d.id).is_some_and(|s| s == "dev"));
        docs = kept;
        gum_dev = held;
    }
    let mut dev_docs = if dev {
        Some(
            ner::data::read_iob2(&data.join(ner::train::sources::UNER_DEV))
                .map_err(anyhow::Error::msg)?,
        )
    } else {
        None
    };
    if pos {
        // Predicted (not gold) tags, so that training sees what the pipeline will give.
        match &pos_cache {
            Some(c) if c.exists() => {
                let text = std::fs::read_to_string(c).with_context(|| c.display().to_string())?;
                let mut it = text.split_ascii_whitespace().map(|x| x.parse::<u64>());
                for d in docs.iter_mut() {
                    d.tags = (0..d.len())
                        .map(|_| it.next().unwrap_or(Ok(0)))
                        .collect::<Result<_, _>>()?;
                }
            }
            _ => {
                let opts = sitrep_nlp::tagger::TaggerOptions { epochs: pos_epochs, ..Default::default() };
                ner::train::jackknife_tags(&data, &mut docs, pos_folds, &opts, |l| eprintln!("{l}"))
                    .map_err(anyhow::Error::msg)?;
                if let Some(c) = &pos_cache {
                    let text: Vec<String> = docs.iter().flat_map(|d| d.tags.iter().map(u64::to_string)).collect();
                    std::fs::write(c, text.join("\n")).with_context(|| c.display().to_string())?;
                }
            }
        }
        if let Some(d) = dev_docs.as_mut() {
            let tagger = ner::load_tagger(tagger_models.as_ref().unwrap_or(&models))?;
            ner::train::tag_docs(&tagger, d);
        }
    }
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
    let mut dev_sets: Vec<(&str, &[ner::data::Doc])> = Vec::new();
    if let Some(d) = dev_docs.as_deref() {
        dev_sets.push(("ewt-dev", d));
    }
    if dev && !gum_dev.is_empty() {
        dev_sets.push(("gum-dev", &gum_dev));
    }
    let pruned = ner::train::prune_gazetteer(&mut gaz, &clusters);
    eprintln!(
        "gazetteer: {} phrases ({pruned} common one-word phrases dropped)",
        gaz.len()
    );
    let (model, bytes) =
        ner::train::train(&docs, &gaz, clusters, &cfg, &dev_sets, |l| {
            eprintln!("{l}")
        });
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
    Ok(ExitCode::SUCCESS)
}

/// Word clusters from the news corpus (article titles and texts) and the training documents' own tokens.
fn build_clusters(
    data: &std::path::Path,
    docs: &[ner::data::Doc],
) -> anyhow::Result<Vec<(u64, WordClass)>> {
    let t0 = std::time::Instant::now();
    let seqs = ner::train::cluster_sequences(data, docs).map_err(anyhow::Error::msg)?;
    let cfg = ner::clusters::ClusterConfig::default();
    let out = ner::clusters::build(&seqs, &cfg, |l| eprintln!("{l}"));
    eprintln!(
        "clusters: {} words in {:.1}s",
        out.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(out)
}

fn write_cluster_cache(path: &std::path::Path, cl: &[(u64, WordClass)]) -> anyhow::Result<()> {
    let text: String = cl
        .iter()
        .map(|(k, c)| format!("{k} {} {} {} {}\n", c[0], c[1], c[2], c[3]))
        .collect();
    std::fs::write(path, text).with_context(|| path.display().to_string())
}

fn read_cluster_cache(path: &std::path::Path) -> anyhow::Result<Vec<(u64, WordClass)>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    text.lines()
        .map(|l| {
            let v: Vec<u64> = l
                .split(' ')
                .map(|x| x.parse::<u64>())
                .collect::<Result<_, _>>()?;
            anyhow::ensure!(v.len() == 5, "bad cluster cache line");
            Ok((v[0], [v[1] as u16, v[2] as u16, v[3] as u16, v[4] as u16]))
        })
        .collect()
}
