//! Development aid: parser features from word-pair statistics of parsed news, scored on dev data only.
//!
//! `parser_assoc MODELS_DIR NEWS.jsonl[,NEWS2.jsonl] DEV.conllu...`: parses every
//! article of the news files with the shipped tagger and parser, counts
//! head-dependent word pairs (`sitrep_nlp::assoc`), then trains one parser per
//! minimum pair count in `MINS` (default `2`; a huge value gives an empty table,
//! the baseline with the same templates) and scores each on the dev files.
//! Env: `DOCS` (articles per file), `SEED` (parser seed, default 1), `SAVE=PREFIX` writes each parser.
use sitrep_nlp::assoc::AssocCounter;
use sitrep_nlp::models::Models;
use sitrep_nlp::parser::{ParseScratch, ParsedSentence};
use sitrep_nlp::tagger::{TagScratch, Tagger};
use sitrep_nlp::training::{self, Corpus, ParserRecipe};
use std::sync::Arc;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
    let t0 = std::time::Instant::now();
    let mut log = |m: String| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64());
    let base = Models::load(std::path::Path::new(&a[1])).unwrap();
    let case = base.parser.labels.iter().position(|&l| l == "case").expect("no case label") as u8;
    let docs: usize = std::env::var("DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
    let mut counter = AssocCounter::default();
    let (mut ts, mut ps) = (TagScratch::default(), ParseScratch::default());
    let (mut tagv, mut parsed) = (Vec::new(), ParsedSentence::default());
    let mut words_seen = 0usize;
    for file in a[2].split(',') {
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()).take(docs) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let t = v["text"].as_str().unwrap_or("");
            let seg = sitrep_text::segment(t);
            for s in &seg.sentences {
                let words: Vec<&str> = seg.tokens[s.tokens.clone()].iter().map(|k| &t[k.span.start..k.span.end]).collect();
                if words.len() < 3 || words.len() > 80 {
                    continue;
                }
                words_seen += words.len();
                Tagger::views(&words, &mut ts);
                base.tagger.tag_views(&mut ts, &mut tagv);
                let hashes: Vec<u64> = tagv.iter().map(|&c| base.tagger.classes[c as usize].hash).collect();
                base.parser.parse(&ts.views, &hashes, &mut ps, &mut parsed);
                let lower: Vec<u64> = ts.views.iter().map(|v| v.lower).collect();
                let is_case: Vec<bool> = parsed.labels.iter().map(|&l| l == case).collect();
                counter.add_sentence(&lower, &parsed.heads, &is_case);
            }
        }
    }
    log(format!("counted pairs over {words_seen} parsed news words"));

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
