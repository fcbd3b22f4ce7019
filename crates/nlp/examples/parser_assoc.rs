//! Development aid: parser features from word-pair statistics of parsed news, scored on dev data only.
//!
//! `parser_assoc MODELS_DIR NEWS.jsonl[,NEWS2.jsonl] DEV.conllu...`: parses every
//! article of the news files with the shipped tagger and parser, counts
//! head-dependent word pairs (`sitrep_nlp::assoc`), then trains one parser per
//! minimum pair count in `MINS` (default `2`; a huge value gives an empty table,
//! the baseline with the same templates) and scores each on the dev files.
//! Env: `SEED` (parser seed, default 1), `SAVE=PREFIX` writes each parser.
use sitrep_nlp::models::Models;
use sitrep_nlp::training::{self, Corpus, ParserRecipe};
use std::sync::Arc;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
    let t0 = std::time::Instant::now();
    let mut log = |m: String| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64());
    let base = Models::load(std::path::Path::new(&a[1])).unwrap();
    let files: Vec<std::path::PathBuf> = a[2].split(',').map(Into::into).collect();
    let (counter, words, articles) = training::news_pair_counts(&base.tagger, &base.parser, &files).unwrap();
    log(format!("counted pairs over {words} parsed words of {articles} articles"));

    let corpus = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: Some(shared.join("gum")) };
    let sents = corpus.load().unwrap();
    let mut recipe = ParserRecipe::default();
    recipe.parser.seed = std::env::var("SEED").map_or(1, |v| v.parse().unwrap());
    let tags = training::jackknife_tags(&sents, &recipe, &mut log);
    let labels = training::label_set(&sents);
    let data = training::tree_sentences(&sents, tags, &labels, false);
    let dev: Vec<_> = a[3..].iter().map(|f| (f, sitrep_conllu::read_file(f).unwrap())).collect();
    let mins: Vec<u32> = std::env::var("MINS").map_or(vec![2], |v| v.split(',').map(|x| x.parse().unwrap()).collect());
    for min in mins {
        let assoc = counter.finish(min);
        log(format!("min count {min}: {} pairs", assoc.len()));
        let mut r = recipe.clone();
        r.parser.assoc = Arc::new(assoc);
        let p = training::train_parser_on(&sents, labels.clone(), &data, &r, &mut log).finish(0.0, 0.0);
        if let Ok(prefix) = std::env::var("SAVE") {
            std::fs::write(format!("{prefix}.min{min}"), training::parser_bytes(&p)).unwrap();
        }
        let m = Models { tagger: base.tagger.clone(), lemmatizer: base.lemmatizer.clone(), parser: p, ner: base.ner.clone() };
        for (f, gold) in &dev {
            let s = sitrep_nlp::eval::evaluate(&m, gold);
            println!("min {min}: {f}: UAS {:.2} LAS {:.2} tok/s {:.0}", s.uas, s.las, s.tokens_per_s);
        }
    }
}
