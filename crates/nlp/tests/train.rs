//! Training is reproducible: the same data and options give byte-identical model files.

use sitrep_nlp::parser::ParserOptions;
use sitrep_nlp::tagger::TaggerOptions;
use sitrep_nlp::training::{parser_bytes, tagger_bytes, train_parser, train_parser_with_pairs, train_tagger, ParserRecipe};

#[test]
fn same_data_same_model_bytes() {
    let path = sitrep_testdata::require!("nlp/ud_english_ewt/en_ewt-ud-train.conllu");
    let mut sents = sitrep_conllu::read_file(&path).expect("train file reads");
    sents.truncate(400);
    let topts = TaggerOptions { epochs: 2, ..TaggerOptions::default() };
    let recipe = ParserRecipe {
        parser: ParserOptions { epochs: 2, ..ParserOptions::default() },
        tagger: TaggerOptions { epochs: 1, ..TaggerOptions::default() },
        folds: 2,
        ..ParserRecipe::default()
    };
    let run = || {
        let (t, l) = train_tagger(&sents, &topts, &mut |_| {});
        let p = train_parser(&sents, &recipe, &mut |_| {});
        (tagger_bytes(&t, &l), parser_bytes(&p))
    };
    let a = run();
    let b = run();
    assert!(a.0 == b.0, "tagger bytes differ between two identical runs");
    assert!(a.1 == b.1, "parser bytes differ between two identical runs");
    // A different seed must give a different parser (the seed is really used).
    let other = ParserRecipe { parser: ParserOptions { seed: 7, ..recipe.parser.clone() }, ..recipe.clone() };
    let c = parser_bytes(&train_parser(&sents, &other, &mut |_| {}));
    assert!(c != a.1, "seed has no effect");
}

/// Averaging several training runs is used and keeps training reproducible.
#[test]
fn averaged_runs_are_reproducible() {
    let path = sitrep_testdata::require!("nlp/ud_english_ewt/en_ewt-ud-train.conllu");
    let mut sents = sitrep_conllu::read_file(&path).expect("train file reads");
    sents.truncate(300);
    let one = ParserRecipe {
        parser: ParserOptions { epochs: 2, ..ParserOptions::default() },
        tagger: TaggerOptions { epochs: 1, ..TaggerOptions::default() },
        folds: 1,
        ..ParserRecipe::default()
    };
    let two = ParserRecipe { parser: ParserOptions { runs: 2, ..one.parser.clone() }, ..one.clone() };
    let single = parser_bytes(&train_parser(&sents, &one, &mut |_| {}));
    let a = parser_bytes(&train_parser(&sents, &two, &mut |_| {}));
    let b = parser_bytes(&train_parser(&sents, &two, &mut |_| {}));
    assert!(a == b, "two-run training is not reproducible");
    assert!(a != single, "the second run has no effect");
}

/// The word-pair statistics come from parsed news, are stored with the parser and change it, reproducibly.
#[test]
fn pair_statistics_are_stored_and_reproducible() {
    let path = sitrep_testdata::require!("nlp/ud_english_ewt/en_ewt-ud-train.conllu");
    let news = sitrep_testdata::require!("corpora/news/bbc_2004_2005.jsonl");
    let mut sents = sitrep_conllu::read_file(&path).expect("train file reads");
    sents.truncate(300);
    let dir = std::env::temp_dir().join(format!("sitrep-pairs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sample = dir.join("news.jsonl");
    let text = std::fs::read_to_string(&news).unwrap();
    std::fs::write(&sample, text.lines().take(40).collect::<Vec<_>>().join("\n")).unwrap();
    let (tagger, _) = train_tagger(&sents, &TaggerOptions { epochs: 2, ..TaggerOptions::default() }, &mut |_| {});
    let recipe = ParserRecipe {
        parser: ParserOptions { epochs: 2, ..ParserOptions::default() },
        tagger: TaggerOptions { epochs: 1, ..TaggerOptions::default() },
        folds: 1,
        news: vec![sample.clone()],
        ..ParserRecipe::default()
    };
    let a = train_parser_with_pairs(&sents, &recipe, &tagger, &mut |_| {}).unwrap();
    let b = train_parser_with_pairs(&sents, &recipe, &tagger, &mut |_| {}).unwrap();
    assert!(a.assoc().len() > 100, "only {} pairs", a.assoc().len());
    assert!(parser_bytes(&a) == parser_bytes(&b), "pair training is not reproducible");
    let plain = train_parser(&sents, &recipe, &mut |_| {});
    assert!(parser_bytes(&plain) != parser_bytes(&a), "the pair statistics have no effect");
    // A news line that is not JSON is reported with its file and line.
    std::fs::write(&sample, "{\"text\": \"A sentence.\"}\nnot json\n").unwrap();
    let err = train_parser_with_pairs(&sents, &recipe, &tagger, &mut |_| {}).unwrap_err().to_string();
    assert!(err.contains("news.jsonl") && err.contains("line 2"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
