//! `sitrep train actors`: compile the Phoenix actor/agent dictionaries and our supplement into models/actors/.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::{repo_root, shared_data};

#[derive(clap::Args)]
pub struct Args {
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

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let src = sitrep_actors::compile::CompileSources {
        phoenix_dir: a.phoenix.unwrap_or_else(|| shared_data().join("eventcoding/petrarch2")),
        supplement_dir: a.supplement.unwrap_or_else(|| repo_root().join("dictionaries")),
        country_info: Some(a.country_info.unwrap_or_else(|| shared_data().join("corpora/gazetteer/countryInfo.txt"))),
        places: ["cities15000.txt", "admin1CodesASCII.txt"].iter().map(|f| shared_data().join("corpora/gazetteer").join(f)).collect(),
        country_names: Some(shared_data().join("corpora/gazetteer/countries_combined.tsv")),
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
        "subplaces": report.subplaces,
        "problems": report.diagnostics.len() - no_code,
        "actors_without_code": no_code,
        "seconds": t0.elapsed().as_secs_f64(),
    });
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}
