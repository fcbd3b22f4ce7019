//! `sitrep train extract`: compile the extractors' gazetteer, given-name genders, theme rules and tone lexicon.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
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

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
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
    let bbc = a.data.join("corpora/news/bbc_2004_2005.jsonl");
    let corpus: Vec<&std::path::Path> = [news.as_path(), bbc.as_path()].into_iter().filter(|p| p.exists()).collect();
    if !corpus.is_empty() {
        let n = sitrep_extract::gender::build(&corpus, &dir.join(sitrep_extract::gender::FILE), 2)?;
        eprintln!("given names: {n} with a gender");
    }
    let n = build::build_themes(&a.data.join("gdelt/lookups/LOOKUP-GKGTHEMES.txt"), &dir.join("themes.tsv"))?;
    eprintln!("themes: {n} labels");
    if let Some(v) = a.vader {
        let n = build::build_tone(&v, &dir.join("tone_lexicon.tsv"))?;
        eprintln!("tone lexicon: {n} words");
    }
    Ok(ExitCode::SUCCESS)
}
