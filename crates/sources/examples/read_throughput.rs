//! Reader throughput: reads every input with `sitrep_sources::open` and prints
//! one JSON object (documents, errors, input MB, seconds, MB/s, peak memory).
//! Not a test: run it from `bench/readers.sh`.
//!
//! On a shared machine wall time says little, so CPU seconds (all threads,
//! from /proc on Linux) are reported too: `mb_per_cpu_s` is the throughput
//! of one fully available core.

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
    let cpu = cpu_seconds();
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
            "cpu_seconds": cpu.map(|c| (c * 1000.0).round() / 1000.0),
            "mb_per_cpu_s": cpu.map(|c| ((mb / c) * 10.0).round() / 10.0),
            "peak_rss_mb": peak_rss_kb().map(|k| k / 1024),
        })
    );
}

/// User + system CPU time of this process so far (Linux).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of stat(5), i.e. 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Peak resident memory in KiB (Linux).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
