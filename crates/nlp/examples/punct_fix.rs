//! Development aid: how much of the parser's error is punctuation attachment,
//! and what projectivity-based re-attachment rules would recover (dev data only).
//!
//! `cargo run --release -p sitrep-nlp --example punct_fix -- MODELS DEV.conllu`
use sitrep_nlp::models::{Models, Scratch, WordsAnnotation};
use sitrep_nlp::types::Upos;

/// Heads as 0-based `Option<usize>` (None = root).
type Heads = Vec<Option<usize>>;

fn ancestors_contain(h: &Heads, mut n: usize, a: usize) -> bool {
    let mut steps = 0;
    loop {
        if n == a {
            return true;
        }
        match h[n] {
            Some(p) => n = p,
            None => return false,
        }
        steps += 1;
        if steps > h.len() {
            return false;
        }
    }
}

/// Attaching leaf `p` to `c` keeps the tree projective around `p`: every word between them is
/// under `c`, and no arc over `p` comes from a head that is not `c` or above it.
fn ok_attach(h: &Heads, is_p: &[bool], p: usize, c: usize) -> bool {
    let (lo, hi) = if c < p { (c, p) } else { (p, c) };
    for k in lo + 1..hi {
        if !ancestors_contain(h, k, c) {
            return false;
        }
    }
    for (d, &hd) in h.iter().enumerate() {
        if d == p || is_p[d] {
            continue;
        }
        if let Some(hd) = hd {
            let (a, b) = if hd < d { (hd, d) } else { (d, hd) };
            if a < p && p < b && !ancestors_contain(h, c, hd) {
                return false;
            }
        }
    }
    true
}

/// Subtree span of every word.
fn spans(h: &Heads) -> Vec<(usize, usize)> {
    let n = h.len();
    let mut s: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
    for i in 0..n {
        let mut a = h[i];
        let mut steps = 0;
        while let Some(x) = a {
            s[x].0 = s[x].0.min(i);
            s[x].1 = s[x].1.max(i);
            a = h[x];
            steps += 1;
            if steps > n {
                break;
            }
        }
    }
    s
}

/// Candidate paths (udapi ud.FixPunct style): climb from the nearest non-punctuation word on each side.
fn paths(h: &Heads, is_p: &[bool], forms: &[&str], p: usize) -> (Vec<usize>, Vec<usize>) {
    let n = h.len();
    let sp = spans(h);
    let mut l = None;
    let mut k = p;
    while k > 0 {
        k -= 1;
        if !is_p[k] {
            l = Some(k);
            break;
        }
    }
    let mut r = None;
    if !matches!(forms[p], "." | "?" | "!") {
        for k in p + 1..n {
            if !is_p[k] {
                r = Some(k);
                break;
            }
        }
    }
    let mut lp = Vec::new();
    if let Some(mut c) = l {
        lp.push(c);
        while let Some(par) = h[c] {
            if par < p && sp[c].1 < p {
                c = par;
                lp.push(c);
            } else {
                break;
            }
        }
    }
    let mut rp = Vec::new();
    if let Some(mut c) = r {
        rp.push(c);
        while let Some(par) = h[c] {
            if par > p && sp[c].0 > p {
                c = par;
                rp.push(c);
            } else {
                break;
            }
        }
    }
    lp.retain(|&c| ok_attach(h, is_p, p, c));
    rp.retain(|&c| ok_attach(h, is_p, p, c));
    (lp, rp)
}

/// FixPunct's choice: the lower of the two path tops; `keep` keeps a parent already on a path.
fn fix(h: &mut Heads, is_p: &[bool], forms: &[&str], keep: bool) {
    for p in 0..h.len() {
        if !is_p[p] {
            continue;
        }
        // Punctuation children (rare) move up first.
        for d in 0..h.len() {
            if h[d] == Some(p) {
                h[d] = h[p];
            }
        }
        let (lp, rp) = paths(h, is_p, forms, p);
        let (lt, rt) = (lp.last().copied(), rp.last().copied());
        let cand = match (lt, rt) {
            (Some(a), Some(b)) if ancestors_contain(h, a, b) => a,
            (Some(a), Some(b)) if ancestors_contain(h, b, a) => b,
            (Some(a), _) => a,
            (None, Some(b)) => b,
            _ => continue,
        };
        if keep && h[p].is_some_and(|x| lp.contains(&x) || rp.contains(&x)) {
            continue;
        }
        h[p] = Some(cand);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let models = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    let mut scratch = Scratch::default();
    let mut a = WordsAnnotation::default();
    let (mut n, mut np) = (0usize, 0usize);
    let (mut base, mut base_p, mut oracle_in, mut keep_p, mut force_p, mut gold_rule_p, mut gold_in) = (0, 0, 0, 0, 0, 0, 0);
    for s in &sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        models.annotate_words(&forms, &mut scratch, &mut a);
        let gold: Heads = s.words.iter().map(|w| (w.head > 0).then(|| w.head as usize - 1)).collect();
        let pred: Heads = a.parse.heads.iter().map(|h| h.map(|x| x as usize)).collect();
        let is_p: Vec<bool> = a.tags.iter().map(|&t| models.tagger.classes[t as usize].upos == Upos::Punct).collect();
        let gold_p: Vec<bool> = s.words.iter().map(|w| w.upos == "PUNCT").collect();
        let mut keep = pred.clone();
        fix(&mut keep, &is_p, &forms, true);
        let mut force = pred.clone();
        fix(&mut force, &is_p, &forms, false);
        let mut gold_rule = gold.clone();
        fix(&mut gold_rule, &gold_p, &forms, false);
        for i in 0..forms.len() {
            n += 1;
            base += (pred[i] == gold[i]) as usize;
            if gold_p[i] {
                np += 1;
                base_p += (pred[i] == gold[i]) as usize;
                keep_p += (keep[i] == gold[i]) as usize;
                force_p += (force[i] == gold[i]) as usize;
                gold_rule_p += (gold_rule[i] == gold[i]) as usize;
                let (lp, rp) = paths(&pred, &is_p, &forms, i);
                oracle_in += gold[i].is_some_and(|g| lp.contains(&g) || rp.contains(&g)) as usize;
                let (lp, rp) = paths(&gold, &gold_p, &forms, i);
                gold_in += gold[i].is_some_and(|g| lp.contains(&g) || rp.contains(&g)) as usize;
            }
        }
    }
    let pc = |k: usize, d: usize| 100.0 * k as f64 / d as f64;
    println!("words {n}, punctuation {np}; UAS {:.2}", pc(base, n));
    println!("punct head accuracy: parser {:.2}, keep-rule {:.2}, force-rule {:.2}", pc(base_p, np), pc(keep_p, np), pc(force_p, np));
    println!("gold head on a candidate path: parsed tree {:.2}, gold tree {:.2}; force-rule on gold tree {:.2}", pc(oracle_in, np), pc(gold_in, np), pc(gold_rule_p, np));
    println!("UAS with keep-rule {:.2}, force-rule {:.2}", pc(base - base_p + keep_p, n), pc(base - base_p + force_p, n));
}
