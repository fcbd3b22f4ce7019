//! The PETRARCH conformance suite (issue #5 targets): ≥ 85 % of the records pass with the gold
//! parses in the file, ≥ 70 % with sitrep's own tokenizer, tagger and parser.

use std::path::PathBuf;

use sitrep_events::petrarch::{self, Suite};

fn suite() -> Option<(Suite, sitrep_events::CodingResources)> {
    let data = sitrep_testdata::shared_data()?;
    let ec = data.join("eventcoding");
    let suite = Suite::from_file(&ec.join("validation/PETR_Validate_records_2_02.xml")).expect("reading the records");
    let res = suite.resources(&ec.join("ud-petrarch")).expect("reading the test dictionaries");
    Some((suite, res))
}

#[test]
fn gold_parses_pass_at_least_85_percent() {
    let Some((suite, res)) = suite() else { return };
    let score = petrarch::run(&suite, &res, petrarch::gold_sentences);
    eprintln!("gold: {}/{} = {}% (correct {}, missed {}, extra {})", score.passed, score.records, score.pass_rate, score.correct, score.missed, score.extra);
    assert_eq!(score.records, 245, "records counted under <Include>");
    assert!(score.pass_rate >= 85.0, "pass rate {}% < 85%; failed: {:?}", score.pass_rate, score.failures.iter().map(|f| &f.id).collect::<Vec<_>>());
}

fn models_dir() -> PathBuf {
    std::env::var_os("SITREP_MODELS").map(PathBuf::from).unwrap_or_else(|| sitrep_testdata::repo_root().join("models"))
}

#[test]
fn own_parses_pass_at_least_70_percent() {
    let Some((suite, res)) = suite() else { return };
    let dir = models_dir();
    let models = match sitrep_nlp::Models::load(&dir) {
        Ok(m) => m,
        Err(e) => {
            // The tagger and parser are artifacts of the NLP stage; without them this target cannot be checked.
            if std::env::var("SITREP_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
                panic!("NLP models missing: {e}");
            }
            eprintln!("note: skipping the own-parse target: {e}");
            return;
        }
    };
    let score = petrarch::run(&suite, &res, |r| {
        let seg = sitrep_text::segment(&r.text);
        let parse = models.annotate(&r.text, &seg);
        Ok((0..parse.sentences.len()).map(|i| sitrep_events::Sentence::from_parse(&r.text, &parse, i)).collect())
    });
    eprintln!("own parse: {}/{} = {}%", score.passed, score.records, score.pass_rate);
    assert!(score.pass_rate >= 70.0, "pass rate {}% < 70%", score.pass_rate);
}

#[test]
fn config_elements_apply_in_order_and_records_are_skipped_as_marked() {
    let Some((suite, _)) = suite() else { return };
    let by_id = |id: &str| suite.records.iter().find(|r| r.id == id).unwrap();
    assert!(by_id("COMPOUND-02").options.require_dyad);
    assert!(!by_id("COMPOUND-03").options.require_dyad);
    assert_eq!(by_id("DATE-16").options.comma.emax, 0);
    assert_eq!(by_id("DATE-17").options.comma.emax, 8);
    assert_eq!(by_id("COMMA-05").options.comma.max, 6);
    assert!(!by_id("COMPOUND-25").evaluate);
    assert!(by_id("DEMO-23").expect_none);
    assert_eq!(suite.records.len(), 274);
}
