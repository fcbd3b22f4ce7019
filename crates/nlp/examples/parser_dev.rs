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
    let runs = training::train_parser_runs(&sents, &recipe, &mut |m| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64()));
    let base = Models::load(std::path::Path::new(&a[1])).unwrap();
    // `MIN_WEIGHT=a,b,...` scores one model per row-pruning threshold (the first saved as OUT_FILE, the others as OUT_FILE.mwT).
    let mins: Vec<f32> = std::env::var("MIN_WEIGHT").map_or(vec![0.0], |v| v.split(',').map(|x| x.parse().unwrap()).collect());
    let dev: Vec<_> = a[6..].iter().map(|f| (f, sitrep_conllu::read_file(f).unwrap())).collect();
    for (i, &mw) in mins.iter().enumerate() {
        let p = runs.finish(0.0, mw);
        let out = if i == 0 { a[2].clone() } else { format!("{}.mw{mw}", a[2]) };
        std::fs::write(&out, training::parser_bytes(&p)).unwrap();
        let m = Models { tagger: base.tagger.clone(), lemmatizer: base.lemmatizer.clone(), parser: p, ner: base.ner.clone() };
        for (f, sents) in &dev {
            let s = sitrep_nlp::eval::evaluate(&m, sents);
            println!("min_weight {mw}: {f}: UAS {:.2} LAS {:.2} UPOS {:.2} stats {:?} tok/s {:.0}", s.uas, s.las, s.upos, m.parser.stats(), s.tokens_per_s);
        }
    }
}
