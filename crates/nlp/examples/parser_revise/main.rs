//! Development aid: trains the tree reviser on jackknifed parses and scores it on dev parses (never test files).
//!
//! `parser_revise EPOCHS TRAIN.tsv[,TRAIN2.tsv...] DEV.tsv...` with files from the `parser_jack` example.
//! The reviser itself is `revise.rs` beside this file: measured, not adopted (models/README.md,
//! "Session 32, a tree reviser").
mod revise;

use revise::{ArcLabel, ReviseScratch, RevisionSentence, Words};
use sitrep_nlp::features::WordView;

fn read(path: &str) -> Vec<RevisionSentence> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut lower = String::new();
    for block in text.split("\n\n") {
        let rows: Vec<Vec<&str>> = block.lines().filter(|l| !l.is_empty()).map(|l| l.split('\t').collect()).collect();
        if rows.is_empty() {
            continue;
        }
        let n = rows.len() as u32;
        let head = |s: &str| -> u32 { let h: u32 = s.parse().unwrap(); if h == 0 { n } else { h - 1 } };
        out.push(RevisionSentence {
            views: rows.iter().map(|r| WordView::new(r[0], &mut lower)).collect(),
            tags: rows.iter().map(|r| u64::from_str_radix(r[1], 16).unwrap()).collect(),
            coarse: rows.iter().map(|r| u64::from_str_radix(r[2], 16).unwrap()).collect(),
            heads: rows.iter().map(|r| head(r[3])).collect(),
            labels: rows.iter().map(|r| ArcLabel::of(r[4])).collect(),
            gold: rows.iter().map(|r| head(r[5])).collect(),
        });
    }
    out
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let epochs: usize = a[1].parse().unwrap();
    let t0 = std::time::Instant::now();
    let r = if let Ok(f) = std::env::var("LOAD") {
        let buf = std::fs::read(f).unwrap();
        let mut rd = sitrep_nlp::binfmt::Reader::new(&buf, b"SRREVISE").unwrap();
        let mut r = revise::Reviser::read(&mut rd).unwrap();
        r.settings = settings();
        r
    } else {
        let train: Vec<RevisionSentence> = a[2].split(',').flat_map(read).collect();
        revise::train(&train, settings(), epochs, std::env::var("MINW").map_or(0.0, |v| v.parse().unwrap()), 7, |m| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64()))
    };
    eprintln!("features {:?}", r.features());
    if let Ok(out) = std::env::var("SAVE") {
        let mut w = sitrep_nlp::binfmt::Writer::new(b"SRREVISE");
        r.write(&mut w);
        std::fs::write(out, w.buf).unwrap();
    }
    for f in &a[3..] {
        let sents = read(f);
        let mut s = ReviseScratch::default();
        let (mut n_all, mut before, mut after, mut changed) = (0usize, 0usize, 0usize, 0usize);
        let reps: usize = std::env::var("REPS").map_or(1, |v| v.parse().unwrap());
        let t0 = std::time::Instant::now();
        let mut outs = Vec::new();
        for _ in 1..reps {
            for r0 in &sents {
                let mut heads = r0.heads.clone();
                let words = Words { views: &r0.views, tags: &r0.tags, coarse: &r0.coarse };
                r.revise(&words, &mut heads, &r0.labels, &mut s);
                outs.push(heads);
            }
        }
        outs.clear();
        for r0 in &sents {
            let mut heads = r0.heads.clone();
            let words = Words { views: &r0.views, tags: &r0.tags, coarse: &r0.coarse };
            r.revise(&words, &mut heads, &r0.labels, &mut s);
            outs.push(heads);
        }
        let secs = t0.elapsed().as_secs_f64();
        for (r0, heads) in sents.iter().zip(&outs) {
            for i in 0..heads.len() {
                n_all += 1;
                before += (r0.heads[i] == r0.gold[i]) as usize;
                after += (heads[i] == r0.gold[i]) as usize;
                changed += (heads[i] != r0.heads[i]) as usize;
            }
        }
        println!("{f}: UAS {:.2} -> {:.2} ({changed} moved) {:.0} words/s", 100.0 * before as f64 / n_all as f64, 100.0 * after as f64 / n_all as f64, n_all as f64 * reps as f64 / secs);
    }
}

fn settings() -> revise::Settings {
    let d = revise::Settings::default();
    let e = |k: &str| std::env::var(k).ok();
    revise::Settings {
        window: e("WINDOW").map_or(d.window, |v| v.parse().unwrap()),
        top: e("TOP").map_or(d.top, |v| v.parse().unwrap()),
        margin: e("MARGIN").map_or(d.margin, |v| v.parse().unwrap()),
        cheap_gap: e("GAP").map_or(d.cheap_gap, |v| v.parse().unwrap()),
        passes: e("PASSES").map_or(d.passes, |v| v.parse().unwrap()),
        gate_slack: e("SLACK").map_or(d.gate_slack, |v| v.parse().unwrap()),
    }
}
