//! Throughput of the NER model alone over a UNER IOB2 file: `ner_bench FILE [REPEATS]`.
//!
//! Run with `/usr/bin/time -f %U` to read CPU time, which is steadier than
//! wall time on a shared machine.
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(file) = args.get(1) else {
        eprintln!("usage: ner_bench FILE.iob2 [REPEATS]");
        std::process::exit(1);
    };
    let rec = sitrep_nlp::ner::Recognizer::load(Path::new("models")).unwrap_or_else(|e| panic!("{e}"));
    let mut docs = sitrep_nlp::ner::data::read_iob2(Path::new(file)).unwrap_or_else(|e| panic!("{e}"));
    if rec.uses_tags() {
        let t = sitrep_nlp::ner::load_tagger(Path::new("models")).unwrap_or_else(|e| panic!("{e}"));
        sitrep_nlp::ner::train::tag_docs(&t, &mut docs);
    }
    let reps: usize = args.get(2).and_then(|x| x.parse().ok()).unwrap_or(10);
    let t0 = std::time::Instant::now();
    let (mut n, mut e) = (0usize, 0usize);
    for _ in 0..reps {
        for d in &docs {
            let toks: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
            e += rec.recognize_tagged(&toks, &d.sentences, &d.tags).len();
            n += toks.len();
        }
    }
    let s = t0.elapsed().as_secs_f64();
    println!("{n} tokens, {e} entities, {s:.2} s wall, {:.0} tokens/s wall", n as f64 / s);
}
