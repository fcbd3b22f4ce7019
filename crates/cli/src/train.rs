//! `sitrep train ...`: reproducible training of the shipped models.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sitrep_nlp::ner;

#[derive(clap::Subcommand)]
pub enum TrainCommand {
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
        /// Also score UNER EWT dev after every epoch (for tuning; never the test files).
        #[arg(long)]
        dev: bool,
    },
}

pub fn run(cmd: TrainCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        TrainCommand::Ner { data, models, epochs, seed, dev } => {
            let t0 = std::time::Instant::now();
            let cfg = ner::train::TrainConfig { epochs, seed, ..Default::default() };
            let gaz = ner::train::build_gazetteer(&data).map_err(anyhow::Error::msg)?;
            eprintln!("gazetteer: {} phrases", gaz.len());
            let docs = ner::train::training_docs(&data).map_err(anyhow::Error::msg)?;
            let dev_docs = if dev {
                Some(ner::data::read_iob2(&data.join(ner::train::sources::UNER_DEV)).map_err(anyhow::Error::msg)?)
            } else {
                None
            };
            let (model, bytes) =
                ner::train::train(&docs, &gaz, Vec::new(), &cfg, dev_docs.as_deref(), |l| eprintln!("{l}"));
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
    }
}
