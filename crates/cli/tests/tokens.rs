//! `sitrep analyze --tokens`: per-token tagging, lemma and dependency fields in the JSON record.

use serde_json::Value;

mod common;

fn analyze(args: &[&str], input: &str) -> Value {
    let line = common::run_stdin(args, input);
    serde_json::from_str(line.lines().next().expect("one record")).unwrap()
}

const DOC: &str = r#"{"id": "t1", "title": "T", "text": "Rebels attacked a convoy near the border on Tuesday. The army said two soldiers were wounded."}"#;

#[test]
fn tokens_carry_text_lemma_tags_head_and_relation() {
    let v = analyze(&["analyze", "--format", "jsonl", "--tokens", "-"], DOC);
    let toks = v["tokens"].as_array().expect("tokens array with --tokens");
    assert!(toks.len() >= 18, "{toks:?}");
    for t in toks {
        for k in ["text", "lemma", "upos", "xpos", "deprel"] {
            assert!(t[k].as_str().is_some_and(|s| !s.is_empty()), "{k} missing in {t}");
        }
        assert!(t["head"].is_u64(), "head missing in {t}");
    }
    let find = |w: &str| toks.iter().position(|t| t["text"] == w).unwrap();
    let attacked = &toks[find("attacked")];
    assert_eq!(attacked["lemma"], "attack");
    assert_eq!(attacked["upos"], "VERB");
    assert_eq!(attacked["xpos"], "VBD");
    assert_eq!(attacked["deprel"], "root");
    assert_eq!(attacked["head"], 0);
    // "Rebels" (1st word of sentence 1) is the subject of "attacked" (2nd word).
    let rebels = &toks[find("Rebels")];
    assert_eq!(rebels["deprel"], "nsubj");
    assert_eq!(rebels["head"], 2);
    assert_eq!(toks[find("soldiers")]["lemma"], "soldier");
}

#[test]
fn tokens_are_off_by_default() {
    let v = analyze(&["analyze", "--format", "jsonl", "-"], DOC);
    assert!(v.get("tokens").is_none_or(|t| t.is_null()), "{v}");
}
