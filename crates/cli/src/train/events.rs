//! `sitrep train events`: compile the verb dictionary, PICO, discards, Goldstein and PLOVER tables.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::{repo_root, shared_data};


#[derive(clap::Args)]
pub struct Args {
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

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
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
