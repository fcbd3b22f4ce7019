//! Development aid: document-level consistency rules on top of the NER model's spans,
//! scored like `sitrep eval ner` (exact span and type, MISC left out) on a dev IOB2 file.
//!
//! `cargo run --release -p sitrep-nlp --example ner_doc -- MODELS DEV.iob2|gum:DATA_DIR`
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use sitrep_nlp::ner::data::read_iob2;
use sitrep_nlp::ner::Recognizer;
use sitrep_nlp::types::EntityType;

type Spans = Vec<(Range<usize>, EntityType)>;

fn capitalized(t: &str) -> bool {
    t.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Other capitalized occurrences of a predicted name get its type (names of two or more
/// letters; a later occurrence must not overlap a span already found).
fn propagate(tokens: &[String], spans: &Spans, min_len: usize) -> Spans {
    let mut by_text: HashMap<Vec<&str>, HashMap<EntityType, usize>> = HashMap::new();
    for (r, t) in spans {
        let k: Vec<&str> = tokens[r.clone()].iter().map(String::as_str).collect();
        *by_text.entry(k).or_default().entry(*t).or_default() += 1;
    }
    let mut out = spans.clone();
    let mut taken = vec![false; tokens.len()];
    for (r, _) in spans {
        for i in r.clone() {
            taken[i] = true;
        }
    }
    let mut names: Vec<(Vec<&str>, EntityType)> = by_text
        .into_iter()
        .filter(|(k, _)| k.iter().map(|w| w.len()).sum::<usize>() >= min_len && capitalized(k[0]))
        .map(|(k, c)| (k, c.into_iter().max_by_key(|&(t, n)| (n, t as u8)).unwrap().0))
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    for (k, t) in names {
        let n = k.len();
        let mut i = 0;
        while i + n <= tokens.len() {
            if (i..i + n).all(|j| !taken[j] && tokens[j] == k[j - i])
                && !(i > 0 && capitalized(&tokens[i - 1]) && !taken[i - 1])
                && !(i + n < tokens.len() && capitalized(&tokens[i + n]) && !taken[i + n])
            {
                out.push((i..i + n, t));
                for j in i..i + n {
                    taken[j] = true;
                }
                i += n;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// The last word of a predicted multi-word person name, found alone elsewhere, is that person.
fn surnames(tokens: &[String], spans: &Spans) -> Spans {
    let mut extra: Spans = Vec::new();
    for (r, t) in spans {
        if *t == EntityType::Per && r.len() >= 2 && tokens[r.end - 1].chars().count() >= 3 && capitalized(&tokens[r.end - 1]) {
            extra.push((r.end - 1..r.end, EntityType::Per));
        }
    }
    let mut all = spans.clone();
    all.extend(extra);
    let out = propagate(tokens, &all, 2);
    // The seeds were only patterns: keep the originals plus what they found outside them.
    let orig: HashSet<_> = spans.iter().cloned().collect();
    let mut taken = vec![false; tokens.len()];
    for (r, _) in spans {
        for i in r.clone() {
            taken[i] = true;
        }
    }
    let mut res = spans.clone();
    for e in out {
        if !orig.contains(&e) && !e.0.clone().any(|i| taken[i]) {
            res.push(e);
        }
    }
    res
}

/// Spans with the same text take the type most of them have.
fn unify(tokens: &[String], spans: &Spans) -> Spans {
    let mut votes: HashMap<Vec<&str>, HashMap<EntityType, usize>> = HashMap::new();
    for (r, t) in spans {
        let k: Vec<&str> = tokens[r.clone()].iter().map(String::as_str).collect();
        *votes.entry(k).or_default().entry(*t).or_default() += 1;
    }
    spans
        .iter()
        .map(|(r, t)| {
            let k: Vec<&str> = tokens[r.clone()].iter().map(String::as_str).collect();
            let v = &votes[&k];
            let best = v.iter().max_by_key(|&(tt, n)| (*n, (tt == t) as u8)).unwrap();
            (r.clone(), if *best.1 > v[t] { *best.0 } else { *t })
        })
        .collect()
}

#[derive(Default)]
struct Score {
    gold: usize,
    pred: usize,
    ok: usize,
}

impl Score {
    fn add(&mut self, gold: &Spans, pred: &Spans) {
        let g: HashSet<_> = gold.iter().filter(|e| e.1 != EntityType::Misc).cloned().collect();
        let p: HashSet<_> = pred.iter().filter(|e| e.1 != EntityType::Misc).cloned().collect();
        self.gold += g.len();
        self.pred += p.len();
        self.ok += g.intersection(&p).count();
    }
    fn show(&self, name: &str) {
        let p = 100.0 * self.ok as f64 / self.pred as f64;
        let r = 100.0 * self.ok as f64 / self.gold as f64;
        println!("{name:<14} P {p:.2} R {r:.2} F1 {:.2} (pred {}, correct {})", 2.0 * p * r / (p + r), self.pred, self.ok);
    }
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let rec = Recognizer::load(std::path::Path::new(&a[1])).expect("model");
    // `gum:DATA_DIR` scores GUM's dev documents (as `ner_tune` holds them out).
    let docs = if let Some(data) = a[2].strip_prefix("gum:") {
        let data = std::path::Path::new(data);
        let gaz = sitrep_nlp::ner::train::build_gazetteer(data).expect("gazetteer");
        let splits = sitrep_nlp::ner::data::read_gum_splits(&data.join(sitrep_nlp::ner::train::sources::GUM_SPLITS)).expect("splits");
        sitrep_nlp::ner::train::training_docs(data, &gaz)
            .expect("docs")
            .into_iter()
            .filter(|d| splits.get(&d.id).is_some_and(|s| s == "dev"))
            .collect()
    } else {
        read_iob2(std::path::Path::new(&a[2])).expect("gold")
    };
    let (mut base, mut prop, mut prop4, mut uni, mut both) = (Score::default(), Score::default(), Score::default(), Score::default(), Score::default());
    let (mut sur, mut all3) = (Score::default(), Score::default());
    for d in &docs {
        let toks: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
        let pred = rec.recognize_tagged(&toks, &d.sentences, &d.tags);
        base.add(&d.entities, &pred);
        if std::env::var_os("DEBUG").is_some() {
            let gold: HashSet<_> = d.entities.iter().cloned().collect();
            let orig: HashSet<_> = pred.iter().cloned().collect();
            for e in propagate(&d.tokens, &pred, 2) {
                if !orig.contains(&e) && e.1 != EntityType::Misc {
                    let g = d.entities.iter().find(|(r, _)| r.start < e.0.end && e.0.start < r.end);
                    let ctx = d.tokens[e.0.start.saturating_sub(5)..(e.0.end + 5).min(d.tokens.len())].join(" ");
                    println!("{} {:?} {} | gold {:?} | {ctx}", if gold.contains(&e) { "OK " } else { "BAD" }, e.1, d.tokens[e.0.clone()].join(" "), g.map(|(r, t)| (d.tokens[r.clone()].join(" "), *t)));
                }
            }
        }
        prop.add(&d.entities, &propagate(&d.tokens, &pred, 2));
        prop4.add(&d.entities, &propagate(&d.tokens, &pred, 4));
        uni.add(&d.entities, &unify(&d.tokens, &pred));
        both.add(&d.entities, &propagate(&d.tokens, &unify(&d.tokens, &pred), 2));
        sur.add(&d.entities, &surnames(&d.tokens, &pred));
        all3.add(&d.entities, &surnames(&d.tokens, &propagate(&d.tokens, &unify(&d.tokens, &pred), 2)));
    }
    base.show("model");
    prop.show("propagate");
    prop4.show("propagate>=4");
    uni.show("unify");
    both.show("unify+prop");
    sur.show("surnames");
    all3.show("all three");
}
