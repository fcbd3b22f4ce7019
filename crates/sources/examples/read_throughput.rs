//! Reader throughput: reads every input with `sitrep_sources::open` and prints
//! one JSON object (documents, errors, input MB, seconds, MB/s). Not a test:
//! run it from `bench/readers.sh`.

use std::path::PathBuf;
use std::time::Instant;

use sitrep_sources::{open, SourceOptions};

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: read_throughput PATH...");
        std::process::exit(1);
    }
    let bytes: u64 = paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
    let start = Instant::now();
    let (mut docs, mut errors, mut text_bytes) = (0u64, 0u64, 0u64);
    for r in open(&paths, &SourceOptions::default()) {
        match r {
            Ok(d) => {
                docs += 1;
                text_bytes += d.text.len() as u64;
            }
            Err(_) => errors += 1,
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    println!(
        "{}",
        serde_json::json!({
            "inputs": paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "documents": docs,
            "errors": errors,
            "input_mb": (mb * 100.0).round() / 100.0,
            "text_mb": (text_bytes as f64 / 1e4).round() / 100.0,
            "seconds": (secs * 1000.0).round() / 1000.0,
            "mb_per_s": ((mb / secs) * 10.0).round() / 10.0,
            "docs_per_s": (docs as f64 / secs).round(),
        })
    );
}
