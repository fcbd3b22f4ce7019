//! Development aid: how much would voting among several parsers add (dev data only)?
//!
//! `parser_ens MODELS_DIR CACHE_DIR DEV.conllu...`: trains (or reads from CACHE_DIR)
//! a second left-to-right parser (seed 2) and right-to-left parsers (mirrored word
//! order, seeds 1 and 2), parses each dev file with the shipped parser and with
//! them, and prints UAS alone, the oracle of any, and a per-word head vote.
use sitrep_nlp::binfmt::Reader;
use sitrep_nlp::models::Models;
use sitrep_nlp::parser::{ParseScratch, ParsedSentence, Parser, ParserOptions};
use sitrep_nlp::tagger::{TagScratch, Tagger};
use sitrep_nlp::training::{self, Corpus, ParserRecipe};
use std::path::Path;

fn load(p: &Path) -> Option<Parser> {
    let b = std::fs::read(p).ok()?;
    let mut r = Reader::new(&b, b"SRPARSER").ok()?;
    Parser::read(&mut r).ok()
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let base = Models::load(Path::new(&a[1])).unwrap();
    let cache = Path::new(&a[2]);
    std::fs::create_dir_all(cache).unwrap();
    let specs: [(&str, bool, u64); 3] = [("l2r2", false, 2), ("r2l1", true, 1), ("r2l2", true, 2)];
    let mut parsers: Vec<(String, bool, Parser)> = vec![("l2r1".into(), false, base.parser.clone())];
    let missing: Vec<_> = specs.iter().filter(|s| load(&cache.join(format!("{}.bin", s.0))).is_none()).collect();
    if !missing.is_empty() {
        let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
        let sents = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: Some(shared.join("gum")) }.load().unwrap();
        let recipe = ParserRecipe::default();
        let t0 = std::time::Instant::now();
        let mut log = |m: String| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64());
        let tags = training::jackknife_tags(&sents, &recipe, &mut log);
        let labels = training::label_set(&sents);
        use rayon::prelude::*;
        let built: Vec<_> = missing
            .par_iter()
            .map(|&&(name, rev, seed)| {
                let mut r = recipe.clone();
                r.parser = ParserOptions { seed, ..r.parser.clone() };
                let data = training::tree_sentences(&sents, tags.clone(), &labels, rev);
                let p = training::train_parser_on(&sents, labels.clone(), &data, &r, &mut |_| {}).finish(0.0, 0.0);
                (name, p)
            })
            .collect();
        for (name, p) in built {
            std::fs::write(cache.join(format!("{name}.bin")), training::parser_bytes(&p)).unwrap();
            log(format!("{name} trained"));
        }
    }
    for s in &specs {
        parsers.push((s.0.into(), s.1, load(&cache.join(format!("{}.bin", s.0))).unwrap()));
    }
    let weights: Vec<f64> = std::env::var("W").map_or(vec![1.01, 1.0, 1.0, 1.0], |v| v.split(',').map(|x| x.parse().unwrap()).collect());
    for f in &a[3..] {
        let sents = sitrep_conllu::read_file(f).unwrap();
        let (mut ts, mut ps) = (TagScratch::default(), ParseScratch::default());
        let (mut tagv, mut out) = (Vec::new(), ParsedSentence::default());
        let mut alone = vec![0usize; parsers.len()];
        let (mut n, mut oracle, mut vote, mut vote3) = (0usize, 0usize, 0usize, 0usize);
        for s in &sents {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let m = words.len();
            Tagger::views(&words, &mut ts);
            base.tagger.tag_views(&mut ts, &mut tagv);
            let hashes: Vec<u64> = tagv.iter().map(|&c| base.tagger.classes[c as usize].hash).collect();
            let views = ts.views.clone();
            // heads[p][i]: 0 root, else 1-based head.
            let mut heads: Vec<Vec<usize>> = Vec::new();
            for (_, rev, p) in &parsers {
                if *rev {
                    let (mut rv, mut rh) = (views.clone(), hashes.clone());
                    rv.reverse();
                    rh.reverse();
                    p.parse(&rv, &rh, &mut ps, &mut out);
                    heads.push((0..m).map(|i| out.heads[m - 1 - i].map_or(0, |h| m - h as usize)).collect());
                } else {
                    p.parse(&views, &hashes, &mut ps, &mut out);
                    heads.push((0..m).map(|i| out.heads[i].map_or(0, |h| h as usize + 1)).collect());
                }
            }
            let gold: Vec<usize> = s.words.iter().map(|w| w.head as usize).collect();
            n += m;
            for (k, h) in heads.iter().enumerate() {
                alone[k] += h.iter().zip(&gold).filter(|(a, b)| a == b).count();
            }
            oracle += (0..m).filter(|&i| heads.iter().any(|h| h[i] == gold[i])).count();
            for (sel, acc) in [(vec![0, 1, 2, 3], &mut vote), (vec![0, 2, 3], &mut vote3)] {
                let scores = |h: usize, d: usize| sel.iter().filter(|&&k| heads[k][d] == h).map(|&k| weights[k]).sum::<f64>();
                let v = mst(m, &scores);
                *acc += v.iter().zip(&gold).filter(|(a, b)| a == b).count();
            }
        }
        let pc = |x: usize| 100.0 * x as f64 / n as f64;
        for (k, (name, _, _)) in parsers.iter().enumerate() {
            println!("{f}: {name} UAS {:.2}", pc(alone[k]));
        }
        println!("{f}: oracle {:.2}  vote4 {:.2}  vote l2r1+r2l1+r2l2 {:.2}", pc(oracle), pc(vote), pc(vote3));
    }
}

/// Maximum spanning arborescence rooted at 0 over words 1..=m (Chu-Liu-Edmonds), heads per word (0-based words).
fn mst(m: usize, score: &dyn Fn(usize, usize) -> f64) -> Vec<usize> {
    let nn = m + 1;
    let mut w = vec![vec![f64::NEG_INFINITY; nn]; nn];
    for h in 0..nn {
        for d in 1..nn {
            if h != d {
                // Every arc allowed, with a tiny preference for proposed ones.
                w[h][d] = score(h, d - 1) - 1e-3 * (h as f64 - d as f64).abs() / nn as f64;
            }
        }
    }
    let heads = cle(&w);
    heads[1..].to_vec()
}

fn cle(w: &[Vec<f64>]) -> Vec<usize> {
    let n = w.len();
    let mut head = vec![0usize; n];
    for d in 1..n {
        let mut best = usize::MAX;
        for h in 0..n {
            if h != d && (best == usize::MAX || w[h][d] > w[best][d]) {
                best = h;
            }
        }
        head[d] = best;
    }
    // Find a cycle.
    let mut color = vec![0u8; n];
    for s in 1..n {
        let mut path = Vec::new();
        let mut v = s;
        while v != 0 && color[v] == 0 {
            color[v] = 1;
            path.push(v);
            v = head[v];
        }
        if v != 0 && color[v] == 1 && path.contains(&v) {
            // Cycle through v.
            let mut cyc = vec![v];
            let mut u = head[v];
            while u != v {
                cyc.push(u);
                u = head[u];
            }
            let inc: std::collections::HashSet<usize> = cyc.iter().copied().collect();
            // Contract: new node c = index of nodes outside + 1.
            let outside: Vec<usize> = (0..n).filter(|x| !inc.contains(x)).collect();
            let idx: std::collections::HashMap<usize, usize> = outside.iter().enumerate().map(|(i, &x)| (x, i)).collect();
            let c = outside.len();
            let mut w2 = vec![vec![f64::NEG_INFINITY; c + 1]; c + 1];
            let mut enter = vec![(0usize, 0usize); c + 1]; // for arcs into c: (h, d in cycle)
            let mut leave = vec![0usize; c + 1]; // for arcs from c to outside d: h in cycle
            for &h in &outside {
                for &d in &outside {
                    if h != d && d != 0 {
                        w2[idx[&h]][idx[&d]] = w[h][d];
                    }
                }
                let (mut bs, mut bd) = (f64::NEG_INFINITY, 0);
                for &d in &cyc {
                    let s = w[h][d] - w[head[d]][d];
                    if s > bs {
                        bs = s;
                        bd = d;
                    }
                }
                w2[idx[&h]][c] = bs;
                enter[idx[&h]] = (h, bd);
            }
            for &d in &outside {
                if d == 0 {
                    continue;
                }
                let (mut bs, mut bh) = (f64::NEG_INFINITY, 0);
                for &h in &cyc {
                    if w[h][d] > bs {
                        bs = w[h][d];
                        bh = h;
                    }
                }
                w2[c][idx[&d]] = bs;
                leave[idx[&d]] = bh;
            }
            let h2 = cle(&w2);
            let mut res = head.clone();
            for &d in &outside {
                if d == 0 {
                    continue;
                }
                let hh = h2[idx[&d]];
                res[d] = if hh == c { leave[idx[&d]] } else { outside[hh] };
            }
            let (eh, ed) = enter[h2[c]];
            res[ed] = eh;
            return res;
        }
        for &p in &path {
            color[p] = 2;
        }
    }
    head
}
