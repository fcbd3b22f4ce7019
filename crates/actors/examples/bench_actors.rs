//! Measures compiled-dictionary load time and resolution throughput (tokens/s) over a JSONL news file.
//!
//! `cargo run -p sitrep-actors --release --example bench_actors -- ../shared/data/corpora/news/abp_allsides_dev.jsonl [MAX_DOCS]`

use std::io::BufRead;
use std::time::Instant;

use sitrep_actors::ActorCoder;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("JSONL file");
    let max: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2000);
    let models = sitrep_testdata::repo_root().join("models");
    let t = Instant::now();
    let coder = ActorCoder::load(&models).expect("load");
    let load = t.elapsed().as_secs_f64();
    let nlp = sitrep_nlp::Models::load(&models).expect("nlp");
    let f = std::io::BufReader::new(std::fs::File::open(&path).expect("open"));
    let mut docs = Vec::new();
    for line in f.lines().take(max) {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        let text = v["text"].as_str().unwrap_or("").to_string();
        let date = v["date"]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let seg = sitrep_text::segment(&text);
        let parse = nlp.annotate(&text, &seg);
        docs.push((text, date, parse));
    }
    let tokens: usize = docs.iter().map(|d| d.2.spans.len()).sum();
    let t = Instant::now();
    let mut entities = 0usize;
    let mut coded = 0usize;
    for (text, date, parse) in &docs {
        let ents = coder.resolve(text, *date, parse);
        entities += ents.len();
        coded += ents.iter().filter(|e| e.actor.is_some()).count();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "load_seconds": load,
            "docs": docs.len(),
            "tokens": tokens,
            "resolve_seconds": secs,
            "tokens_per_second": tokens as f64 / secs,
            "entities": entities,
            "entities_with_actor": coded,
        })
    );
}
