//! Throughput of the tokenizer + sentence splitter on one thread, in MB/s of article text.
//!
//! `cargo run -p sitrep-text --release --example bench_tokenize -- FILE.jsonl [ROUNDS]`
//! (run by `bench/tokenize.sh`). JSON parsing is outside the timed loop.
//!
//! The machine is shared, so besides wall-clock time the bench reads the thread's
//! own CPU time (`/proc/thread-self/schedstat`, nanoseconds on CPU) and reports
//! MB/s on that too; on an idle machine the two agree.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: bench_tokenize FILE.jsonl [ROUNDS]");
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let (mut ntok, mut nsent) = (0, 0);
    for _ in 0..rounds {
        let t0 = Instant::now();
        let c0 = cpu_seconds();
        ntok = 0;
        nsent = 0;
        let mut toks = Vec::new();
        for t in &texts {
            toks.clear();
            sitrep_text::tokenize::tokenize_into(t, &mut toks);
            let pars = sitrep_text::sentences::paragraphs(t);
            let s = sitrep_text::sentences::split(t, &toks, &pars);
            ntok += toks.len();
            nsent += s.len();
        }
        best = best.min(t0.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c0, cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    let mbs = bytes as f64 / 1e6 / best;
    let cpu = if best_cpu.is_finite() { format!("{:.1}", bytes as f64 / 1e6 / best_cpu) } else { "null".into() };
    println!(
        "{{\"documents\":{},\"bytes\":{bytes},\"tokens\":{ntok},\"sentences\":{nsent},\"wall_seconds\":{best:.4},\"mb_per_s_wall\":{mbs:.1},\"cpu_seconds\":{best_cpu:.4},\"mb_per_s_cpu\":{cpu}}}",
        texts.len()
    );
}

/// CPU time of this thread in seconds, from the scheduler's accounting.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
