//! Throughput of segmentation + tagging + lemmatizing + parsing on news articles (one thread).
//!
//! Usage: `parse_bench MODELS_DIR ARTICLES.jsonl` (records with a `text` field).
//! Prints one JSON object; `bench/parse.sh` runs it next to spaCy.

use sitrep_nlp::eval::timed;
use sitrep_nlp::models::Models;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: parse_bench MODELS_DIR ARTICLES.jsonl".into());
    }
    let (models, load_cpu, load_wall) = timed(|| Models::load(std::path::Path::new(&args[1])));
    let models = models?;
    let texts: Vec<String> = std::fs::read_to_string(&args[2])?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<serde_json::Value>(l).map(|v| v["text"].as_str().unwrap_or("").to_string()))
        .collect::<Result<_, _>>()?;
    let (segs, seg_cpu, _) = timed(|| texts.iter().map(|t| sitrep_text::segment(t)).collect::<Vec<_>>());
    let tokens: usize = segs.iter().map(|s| s.tokens.len()).sum();
    let sentences: usize = segs.iter().map(|s| s.sentences.len()).sum();
    // Syntax only (tags, lemmas, parse): spaCy's side runs without NER too.
    let (parses, nlp_cpu, nlp_wall) =
        timed(|| texts.iter().zip(&segs).map(|(t, s)| models.annotate_syntax(t, s)).collect::<Vec<_>>());
    // NER on top, reported separately.
    let ((), ner_cpu, _) = timed(|| {
        for ((t, p), _) in texts.iter().zip(&parses).zip(&segs) {
            std::hint::black_box(models.ner.recognize_parse(t, p));
        }
    });
    let rooted = parses.iter().flat_map(|p| p.tokens.iter()).filter(|t| t.head.is_none()).count();
    let out = serde_json::json!({
        "docs": texts.len(),
        "tokens": tokens,
        "sentences": sentences,
        "roots": rooted,
        "load_s": (load_wall * 1000.0).round() / 1000.0,
        "load_cpu_s": (load_cpu * 1000.0).round() / 1000.0,
        "segment_cpu_s": seg_cpu,
        "nlp_cpu_s": nlp_cpu,
        "nlp_wall_s": nlp_wall,
        "nlp_tokens_per_s": (tokens as f64 / nlp_cpu).round(),
        "ner_cpu_s": ner_cpu,
        "with_ner_tokens_per_s": (tokens as f64 / (seg_cpu + nlp_cpu + ner_cpu)).round(),
        "tokens_per_s": (tokens as f64 / (seg_cpu + nlp_cpu)).round(),
        "docs_per_s": (texts.len() as f64 / (seg_cpu + nlp_cpu) * 10.0).round() / 10.0,
    });
    println!("{out}");
    Ok(())
}
