//! Counts which countries the news corpus mentions most, by Phoenix actor codes (for choosing the supplement's coverage).
//!
//! `cargo run -p sitrep-actors --release --example country_counts -- ../shared/data/corpora/news/abp_allsides_dev.jsonl`

use std::collections::HashMap;
use std::io::BufRead;
use std::path::PathBuf;

use sitrep_actors::dictionary::{Dictionaries, Entry, MatchOptions, Strictness};

fn main() {
    let data = sitrep_testdata::shared_data().expect("../shared/data");
    let dir = data.join("eventcoding/petrarch2");
    let mut dict = Dictionaries::new();
    dict.add_actor_file(
        &dir.join("Phoenix.Countries.actors.txt"),
        Strictness::Lenient,
    )
    .unwrap();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for path in std::env::args().skip(1).map(PathBuf::from) {
        let f = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        for line in f.lines() {
            let line = line.unwrap();
            let v: serde_json::Value = serde_json::from_str(&line).unwrap();
            let text = v["text"].as_str().unwrap_or("");
            let date = v["date"]
                .as_str()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let seg = sitrep_text::segment(text);
            let toks: Vec<&str> = seg
                .tokens
                .iter()
                .map(|t| &text[t.span.start..t.span.end])
                .collect();
            for m in dict.find(
                &toks,
                MatchOptions {
                    agents: false,
                    ..Default::default()
                },
            ) {
                if let Entry::Actor(id) = m.entry {
                    if let Some(code) = dict.actors[id as usize].code_at(date) {
                        if code.len() >= 3 {
                            *counts.entry(code[..3].to_string()).or_default() += 1;
                        }
                    }
                }
            }
        }
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (c, n) in v.iter().take(60) {
        println!("{c}\t{n}");
    }
}
