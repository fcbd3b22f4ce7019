//! Development aid: trains a parser with given options and scores it on dev treebanks (never test files).
//!
//! `parser_dev MODELS_DIR OUT_FILE EPOCHS MIN_COUNT EXPLORE DEV.conllu...` — the tagger comes from MODELS_DIR.
//! Env: `RUNS=N` averages N training runs.
use sitrep_nlp::models::Models;
use sitrep_nlp::parser::ParserOptions;
use sitrep_nlp::training::{self, Corpus, ParserRecipe};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
    let corpus = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: Some(shared.join("gum")) };
    let sents = corpus.load().unwrap();
    let mut recipe = ParserRecipe::default();
    recipe.parser = ParserOptions { epochs: a[3].parse().unwrap(), min_count: a[4].parse().unwrap(), explore: a[5].parse().unwrap(), runs: std::env::var("RUNS").map_or(1, |r| r.parse().unwrap()), ..ParserOptions::default() };
    let t0 = std::time::Instant::now();
    let p = training::train_parser(&sents, &recipe, &mut |m| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64()));
    std::fs::write(&a[2], training::parser_bytes(&p)).unwrap();
    let base = Models::load(std::path::Path::new(&a[1])).unwrap();
    let m = Models { tagger: base.tagger, lemmatizer: base.lemmatizer, parser: p, ner: base.ner };
    for f in &a[6..] {
        let s = sitrep_nlp::eval::evaluate(&m, &sitrep_conllu::read_file(f).unwrap());
        println!("{f}: UAS {:.2} LAS {:.2} UPOS {:.2} pairs {}", s.uas, s.las, s.upos, m.parser.pairs());
    }
}
