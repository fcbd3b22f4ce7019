//! Runs only the knowledge-graph extractors over a JSONL file of articles and
//! prints one JSON object per article with the fields the regkg comparison
//! reads (`bench/regkg_compare.py`), plus timings on stderr.
//!
//! Usage: `cargo run --release -p sitrep-extract --example kg_jsonl -- ARTICLES.jsonl [LIMIT] > out.jsonl`
//!
//! Timings: resource load, segmentation + placeholder NLP + actors (the stages
//! before extraction, as the pipeline runs them), and extraction alone, each
//! summed over the articles on one thread.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

/// CPU time of this thread: robust to other processes sharing the cores.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes into the timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

use chrono::NaiveDate;
use serde_json::json;
use sitrep_extract::{Context, Extractors};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: kg_jsonl ARTICLES.jsonl [LIMIT]")?;
    let limit: usize = args
        .get(2)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let models = std::env::var_os("SITREP_MODELS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| sitrep_testdata::repo_root().join("models"));
    if std::env::var_os("KG_LOAD").is_some() {
        for _ in 0..3 {
            let (t, c) = (Instant::now(), thread_cpu());
            let g = sitrep_extract::Gazetteer::load(&models)?;
            let (gw, gc) = (t.elapsed(), thread_cpu() - c);
            let (t, c) = (Instant::now(), thread_cpu());
            let th = sitrep_extract::ThemeRules::load(&models)?;
            let (tw, tc) = (t.elapsed(), thread_cpu() - c);
            let (t, c) = (Instant::now(), thread_cpu());
            let to = sitrep_extract::ToneLexicon::load(&models)?;
            let (ow, oc) = (t.elapsed(), thread_cpu() - c);
            eprintln!("gazetteer {} entries: {:.3}s wall {:.3}s cpu; themes {}: {:.3}/{:.3}; tone {}: {:.3}/{:.3}", g.len(), gw.as_secs_f64(), gc.as_secs_f64(), th.len(), tw.as_secs_f64(), tc.as_secs_f64(), to.len(), ow.as_secs_f64(), oc.as_secs_f64());
        }
    }
    let t0 = Instant::now();
    let ex = Extractors::load(&models)?;
    // The trained tagger/parser when present; otherwise tokens and sentences alone.
    let nlp = sitrep_nlp::Models::load(&models).ok();
    if nlp.is_none() {
        eprintln!(
            "note: no tagger/parser in {}; extracting from tokens and sentences alone",
            models.display()
        );
    }
    let annotate = |text: &str, seg: &sitrep_text::Segmentation| match &nlp {
        Some(m) => m.annotate(text, seg),
        None => sitrep_nlp::Parse {
            spans: seg.tokens.iter().map(|t| t.span).collect(),
            tokens: vec![Default::default(); seg.tokens.len()],
            sentences: seg.sentences.clone(),
            entities: Vec::new(),
        },
    };
    let actors = sitrep_actors::ActorCoder::load(&models)?;
    let load = t0.elapsed();
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?)
        .lines()
        .take(limit)
    {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let text = v["text"].as_str().unwrap_or("").to_string();
        let date = v["date"]
            .as_str()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        docs.push((v["id"].as_str().unwrap_or("").to_string(), date, text));
    }
    let (mut t_pre, mut t_ex, mut cpu_ex) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for (id, date, text) in &docs {
        let t = Instant::now();
        let seg = sitrep_text::segment(text);
        let parse = annotate(text, &seg);
        let entities = actors.resolve(text, *date, &parse);
        t_pre += t.elapsed();
        let t = Instant::now();
        let c = thread_cpu();
        let excluded: Vec<_> = seg.excluded.iter().map(|x| x.span).collect();
        let r = ex.run(&Context {
            text,
            date: *date,
            parse: &parse,
            entities: &entities,
            excluded: &excluded,
        });
        cpu_ex += thread_cpu() - c;
        t_ex += t.elapsed();
        let quotes: Vec<_> = r
            .quotes
            .iter()
            .filter(|q| q.kind != sitrep_extract::QuoteKind::Indirect)
            .map(|q| json!({"text": q.text, "speaker": q.speaker, "verb": q.verb, "kind": q.kind}))
            .collect();
        let amounts: Vec<_> = r
            .amounts
            .iter()
            .map(|a| json!({"value": a.value, "value_max": a.value_max, "object": a.object}))
            .collect();
        let counts: Vec<_> = r
            .counts
            .iter()
            .map(|c| json!({"type": c.count_type, "number": c.number, "text": c.text}))
            .collect();
        let dates: Vec<_> = r.dates.iter().map(|d| json!({"text": d.text, "resolved": d.resolved, "resolution": d.resolution, "relative": d.relative})).collect();
        let mut themes: Vec<&str> = r.themes.iter().map(|t| t.theme.as_str()).collect();
        themes.sort();
        themes.dedup();
        let locations: Vec<_> = r
            .locations
            .iter()
            .map(|l| json!({"name": l.name, "type": l.geo_type, "country": l.country_code}))
            .collect();
        let rec = json!({
            "id": id, "quotes": quotes, "amounts": amounts, "counts": counts, "dates": dates,
            "themes": themes, "locations": locations,
            "tone": [r.tone.tone, r.tone.positive, r.tone.negative, r.tone.polarity, r.tone.activity_density, r.tone.self_group_density, r.tone.word_count],
        });
        writeln!(out, "{rec}")?;
    }
    out.flush()?;
    if std::env::var_os("KG_PROFILE").is_some() {
        let mut acc = [Duration::ZERO; 8];
        for (_, date, text) in &docs {
            let seg = sitrep_text::segment(text);
            let parse = annotate(text, &seg);
            let _ = thread_cpu();
            let prof = ex.profile(&Context {
                text,
                date: *date,
                parse: &parse,
                entities: &[],
                excluded: &[],
            });
            for (a, p) in acc.iter_mut().zip(prof) {
                *a += p;
            }
        }
        let names = [
            "lex", "dates", "places", "quotes", "amounts", "counts", "tone", "themes",
        ];
        for (n, a) in names.iter().zip(acc) {
            eprintln!(
                "{n}: {:.4} ms/doc",
                a.as_secs_f64() * 1000.0 / docs.len().max(1) as f64
            );
        }
    }
    let n = docs.len().max(1) as f64;
    eprintln!(
        "{{\"docs\": {}, \"load_s\": {:.4}, \"pre_ms_per_doc\": {:.4}, \"extract_ms_per_doc\": {:.4}, \"extract_cpu_ms_per_doc\": {:.4}}}",
        docs.len(),
        load.as_secs_f64(),
        t_pre.as_secs_f64() * 1000.0 / n,
        t_ex.as_secs_f64() * 1000.0 / n,
        cpu_ex.as_secs_f64() * 1000.0 / n
    );
    Ok(())
}
