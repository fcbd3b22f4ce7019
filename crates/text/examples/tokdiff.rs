//! Development aid: prints the words and sentence boundaries where the tokenizer
//! and splitter disagree with a treebank, most frequent first.
//!
//! `cargo run -p sitrep-text --release --example tokdiff -- FILE.conllu [words|sentences] [N]`

use std::collections::HashMap;

use sitrep_text::eval::{gold_documents, system_segmentation};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: tokdiff FILE.conllu [words|sentences] [N]");
    let what = args.get(2).map_or("words", String::as_str);
    let n: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(60);
    let sents = sitrep_conllu::read_file(path).expect("readable treebank");
    let docs = gold_documents(path, &sents).expect("aligned treebank");
    let mut diffs: HashMap<(String, String), usize> = HashMap::new();
    let mut examples = Vec::new();
    for d in &docs {
        let (words, sys_sents) = system_segmentation(&d.text);
        if what == "words" {
            // Group words into regions where gold and system agree on both ends.
            let (mut i, mut j) = (0, 0);
            while i < d.words.len() && j < words.len() {
                if d.words[i] == words[j] {
                    i += 1;
                    j += 1;
                    continue;
                }
                let start = d.words[i].start.min(words[j].start);
                let (mut gi, mut sj) = (i, j);
                let mut end = d.words[gi].end.max(words[sj].end);
                loop {
                    while gi < d.words.len() && d.words[gi].start < end {
                        end = end.max(d.words[gi].end);
                        gi += 1;
                    }
                    while sj < words.len() && words[sj].start < end {
                        end = end.max(words[sj].end);
                        sj += 1;
                    }
                    if (gi == d.words.len() || d.words[gi].start >= end) && (sj == words.len() || words[sj].start >= end) {
                        break;
                    }
                }
                let g: Vec<&str> = d.words[i..gi].iter().map(|s| &d.text[s.start..s.end]).collect();
                let s: Vec<&str> = words[j..sj].iter().map(|s| &d.text[s.start..s.end]).collect();
                let _ = start;
                *diffs.entry((g.join(" | "), s.join(" | "))).or_default() += 1;
                i = gi;
                j = sj;
            }
        } else {
            let gold_ends: std::collections::HashSet<usize> = d.sentences.iter().map(|s| s.end).collect();
            let sys_ends: std::collections::HashSet<usize> = sys_sents.iter().map(|s| s.end).collect();
            for &e in gold_ends.symmetric_difference(&sys_ends) {
                let kind = if gold_ends.contains(&e) { "MISSED" } else { "EXTRA " };
                let a = d.text[..e].char_indices().rev().nth(40).map_or(0, |(k, _)| k);
                let z = d.text[e..].char_indices().nth(40).map_or(d.text.len(), |(k, _)| e + k);
                examples.push(format!("{kind} {}⟦|⟧{}", d.text[a..e].replace('\n', "¶"), d.text[e..z].replace('\n', "¶")));
            }
        }
    }
    if what == "words" {
        let mut v: Vec<_> = diffs.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total: usize = v.iter().map(|x| x.1).sum();
        println!("{total} differing regions");
        for ((g, s), c) in v.into_iter().take(n) {
            println!("{c:5}  gold: {g}    sys: {s}");
        }
    } else {
        examples.sort();
        println!("{} differing boundaries", examples.len());
        for e in examples.iter().take(n) {
            println!("{e}");
        }
    }
}
