//! Tokenizer and sentence-splitter accuracy on the UD English treebanks (issue #2 targets).

use sitrep_text::eval::evaluate_file;

fn check(rel: &str, words: f64, sentences: f64) {
    let path = sitrep_testdata::require!(rel);
    let r = evaluate_file(&path).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{}", serde_json::to_string(&r).unwrap_or_default());
    assert!(r.words_f1 >= words, "{rel}: words F1 {} < {words}", r.words_f1);
    assert!(r.sentences_f1 >= sentences, "{rel}: sentences F1 {} < {sentences}", r.sentences_f1);
}

#[test]
fn ewt_test_meets_targets() {
    check("nlp/ud_english_ewt/en_ewt-ud-test.conllu", 98.5, 80.0);
}

#[test]
fn pud_test_meets_targets() {
    check("nlp/ud_english_pud/en_pud-ud-test.conllu", 99.0, 95.0);
}

#[test]
fn ewt_dev_stays_where_it_was_tuned() {
    check("nlp/ud_english_ewt/en_ewt-ud-dev.conllu", 98.7, 86.0);
}
