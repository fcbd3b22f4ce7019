//! Per-stage time of the pipeline on a JSONL file, on one thread (for `bench/stages.sh`).
//!
//! Runs the same steps as `Pipeline::analyze`, timing each, so the cost of one
//! stage can be read against another (issue #5 asks event coding to add at most
//! 30 % to tagging + parsing). Usage: `stages FILE.jsonl [N] [MODELS_DIR]`.

use std::io::BufRead;
use std::time::{Duration, Instant};

use sitrep_document::Document;
use sitrep_events::EventInput;
use sitrep_extract::Context;
use sitrep_pipeline::{default_models_dir, Config, Pipeline};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: stages FILE.jsonl [N] [MODELS_DIR]");
        std::process::exit(1);
    };
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(500);
    let mut config = Config::default();
    config.models_dir = args.get(3).map(Into::into).unwrap_or_else(default_models_dir);
    let t = Instant::now();
    let p = Pipeline::load(&config).unwrap_or_else(|e| {
        eprintln!("loading models: {e}");
        std::process::exit(1);
    });
    let load = t.elapsed();

    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let mut docs = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let Some(text) = v.get("text").and_then(|t| t.as_str()) else { continue };
        let mut d = Document::new(format!("{path}:{}", i + 1), text);
        d.date = v.get("date").and_then(|s| s.as_str()).and_then(|s| s.get(..10)).and_then(|s| s.parse().ok());
        docs.push(d);
        if docs.len() == n {
            break;
        }
    }

    let names = ["segment", "tag+parse", "ner", "actors", "extract", "events"];
    let mut times = [Duration::ZERO; 6];
    let (mut tokens, mut bytes, mut events) = (0usize, 0usize, 0usize);
    // `STAGES_PER_DOC=FILE`: one line per document (tokens, then each stage's microseconds),
    // to find documents whose cost grows faster than their length.
    let mut per_doc = std::env::var_os("STAGES_PER_DOC").map(|f| std::io::BufWriter::new(std::fs::File::create(f).expect("STAGES_PER_DOC file")));
    let wall = Instant::now();
    for d in &docs {
        let before = times;
        let text = d.text.as_str();
        bytes += text.len();
        let mut clock = Instant::now();
        let mut lap = |i: usize, clock: &mut Instant| {
            times[i] += clock.elapsed();
            *clock = Instant::now();
        };
        let seg = sitrep_text::segment(text);
        lap(0, &mut clock);
        let mut parse = p.nlp.annotate_syntax(text, &seg);
        lap(1, &mut clock);
        parse.entities = p.nlp.ner.recognize_parse(text, &parse);
        lap(2, &mut clock);
        let entities = p.actors.resolve(text, d.date, &parse);
        lap(3, &mut clock);
        let excluded: Vec<_> = seg.excluded.iter().map(|x| x.span).collect();
        let ctx = Context { text, date: d.date, parse: &parse, entities: &entities, excluded: &excluded };
        let extracted = p.extractors.run(&ctx);
        lap(4, &mut clock);
        let ev = p.events.code(&EventInput {
            text,
            date: d.date,
            parse: &parse,
            entities: &entities,
            dates: &extracted.dates,
            locations: &extracted.locations,
        });
        lap(5, &mut clock);
        tokens += parse.spans.len();
        events += ev.len();
        if let Some(w) = per_doc.as_mut() {
            use std::io::Write;
            let us: Vec<String> = times.iter().zip(before).map(|(t, b)| (*t - b).as_micros().to_string()).collect();
            writeln!(w, "{}\t{}\t{}", d.id, parse.spans.len(), us.join("\t")).expect("STAGES_PER_DOC write");
        }
    }
    let wall = wall.elapsed().as_secs_f64();
    let total: f64 = times.iter().map(Duration::as_secs_f64).sum();
    let parse = times[1].as_secs_f64();
    let stages: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .zip(times)
        .map(|(n, t)| (n.to_string(), serde_json::json!({ "seconds": t.as_secs_f64(), "share": t.as_secs_f64() / total, "vs_tag_parse": t.as_secs_f64() / parse })))
        .collect();
    let out = serde_json::json!({
        "docs": docs.len(),
        "tokens": tokens,
        "mb": bytes as f64 / 1e6,
        "events": events,
        "load_seconds": load.as_secs_f64(),
        "seconds": wall,
        "docs_per_s_one_thread": docs.len() as f64 / wall,
        "tokens_per_s_one_thread": tokens as f64 / wall,
        "stages": stages,
    });
    println!("{out}");
}
