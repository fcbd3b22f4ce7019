//! Development aid: parser trained with GUM's training sentences repeated (dev data only).
//!
//! `parser_mix MODELS_DIR DEV.conllu...`; env `GUMW=k` (copies of each GUM sentence, default 1),
//! `FOLDS`, `EPOCHS`, `EXPLORE`, `SEED`.
use sitrep_nlp::models::Models;
use sitrep_nlp::parser::ParserOptions;
use sitrep_nlp::training::{self, Corpus, ParserRecipe};

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
    let ewt = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: None }.load().unwrap();
    let sents = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: Some(shared.join("gum")) }.load().unwrap();
    let mut recipe = ParserRecipe::default();
    recipe.folds = env("FOLDS", recipe.folds);
    recipe.parser = ParserOptions { epochs: env("EPOCHS", 15), explore: env("EXPLORE", 0.9), seed: env("SEED", 1), ..ParserOptions::default() };
    let gumw: usize = env("GUMW", 1);
    let t0 = std::time::Instant::now();
    let mut log = |m: String| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64());
    let tags = training::jackknife_tags(&sents, &recipe, &mut log);
    let labels = training::label_set(&sents);
    let mut data = training::tree_sentences(&sents, tags, &labels, false);
    let gum: Vec<_> = data[ewt.len()..].to_vec();
    for _ in 1..gumw {
        data.extend(gum.iter().cloned());
    }
    log(format!("{} EWT + {} GUM sentences x{gumw}", ewt.len(), gum.len()));
    let p = training::train_parser_on(&sents, labels, &data, &recipe, &mut log).finish(0.0, 0.0);
    let base = Models::load(std::path::Path::new(&a[1])).unwrap();
    let m = Models { tagger: base.tagger, lemmatizer: base.lemmatizer, parser: p, ner: base.ner };
    for f in &a[2..] {
        let s = sitrep_nlp::eval::evaluate(&m, &sitrep_conllu::read_file(f).unwrap());
        println!("GUMW {gumw} FOLDS {} seed {}: {f}: UAS {:.2} LAS {:.2}", recipe.folds, recipe.parser.seed, s.uas, s.las);
    }
}
