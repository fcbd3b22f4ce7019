//! Prints the entity errors of a NER model on a development IOB2 file (for error analysis; never run on test files).
//! Usage: ner_errors MODELS_DIR DEV.iob2
use std::collections::HashSet;
use sitrep_nlp::ner::{data::read_iob2, Recognizer};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let rec = Recognizer::load(std::path::Path::new(&a[1])).expect("model");
    let mut docs = read_iob2(std::path::Path::new(&a[2])).expect("gold");
    if rec.uses_tags() {
        let t = sitrep_nlp::ner::load_tagger(std::path::Path::new(a.get(3).map_or("models", String::as_str))).expect("tagger");
        sitrep_nlp::ner::train::tag_docs(&t, &mut docs);
    }
    for d in &docs {
        let toks: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
        let pred: HashSet<_> = rec.recognize_tagged(&toks, &d.sentences, &d.tags).into_iter().collect();
        let gold: HashSet<_> = d.entities.iter().cloned().collect();
        let txt = |r: &std::ops::Range<usize>| d.tokens[r.clone()].join(" ");
        for (r, t) in &gold {
            if !pred.contains(&(r.clone(), *t)) {
                let other = pred.iter().find(|(p, _)| p.start < r.end && r.start < p.end);
                let ctx = d.tokens[r.start.saturating_sub(4)..(r.end + 4).min(d.len())].join(" ");
                println!("FN\t{}\t{}\t{}\t{}", t.as_str(), txt(r), other.map_or("-".into(), |(p, pt)| format!("{}:{}", pt.as_str(), txt(p))), ctx);
            }
        }
        for (r, t) in &pred {
            if !gold.contains(&(r.clone(), *t)) && !gold.iter().any(|(g, _)| g.start < r.end && r.start < g.end) {
                let ctx = d.tokens[r.start.saturating_sub(4)..(r.end + 4).min(d.len())].join(" ");
                println!("FP\t{}\t{}\t-\t{}", t.as_str(), txt(r), ctx);
            }
        }
    }
}
