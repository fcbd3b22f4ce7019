//! Development aid for NER self-training: labels news sentences with two entity
//! models trained on different seeds (both without dev data) and writes, as IOB2,
//! the sentences on which they agree exactly and find at least one entity.
//!
//! Usage: `ner_pseudo MODEL_DIR_A MODEL_DIR_B OUT.iob2 NEWS.jsonl...`
use std::io::{BufRead, Write};
use std::ops::Range;

use sitrep_nlp::ner::Recognizer;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let ra = Recognizer::load(std::path::Path::new(&a[1])).expect("model A");
    let rb = Recognizer::load(std::path::Path::new(&a[2])).expect("model B");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&a[3]).expect("out"));
    let (mut seen, mut kept) = (0usize, 0usize);
    for path in &a[4..] {
        let f = std::fs::File::open(path).expect("news");
        for line in std::io::BufReader::new(f).lines() {
            let Ok(line) = line else { continue };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let Some(text) = v.get("text").and_then(|t| t.as_str()) else {
                continue;
            };
            let seg = sitrep_text::segment(text);
            let toks: Vec<&str> = seg
                .tokens
                .iter()
                .map(|t| &text[t.span.start..t.span.end])
                .collect();
            let sents: Vec<Range<usize>> = seg.sentences.iter().map(|s| s.tokens.clone()).collect();
            let ea = ra.recognize_tokens(&toks, &sents);
            let eb = rb.recognize_tokens(&toks, &sents);
            for (s, r) in seg.sentences.iter().zip(&sents) {
                seen += 1;
                if s.excluded || r.len() < 5 || r.len() > 60 {
                    continue;
                }
                let inside = |e: &&(Range<usize>, _)| e.0.start >= r.start && e.0.end <= r.end;
                let xa: Vec<_> = ea.iter().filter(inside).collect();
                let xb: Vec<_> = eb.iter().filter(inside).collect();
                if xa != xb || xa.is_empty() {
                    continue;
                }
                kept += 1;
                writeln!(out, "# newdoc id = pseudo-{kept}").unwrap();
                for i in r.clone() {
                    let tag = match xa.iter().find(|e| e.0.contains(&i)) {
                        Some(e) if e.0.start == i => format!("B-{}", e.1.as_str()),
                        Some(e) => format!("I-{}", e.1.as_str()),
                        None => "O".to_string(),
                    };
                    let w = toks[i].replace(['\t', '\n'], " ");
                    writeln!(out, "{}\t{}\t{}", i - r.start + 1, w, tag).unwrap();
                }
                writeln!(out).unwrap();
            }
        }
    }
    eprintln!("{seen} sentences, {kept} kept");
}
