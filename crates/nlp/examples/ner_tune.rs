//! Tuning loop for the entity tagger without the full CLI build: trains on UNER EWT train + GUM
//! (dev documents held out), scores UNER EWT dev and GUM dev after every epoch. Never reads test files.
//!
//! Usage: ner_tune DATA_DIR CLUSTER_CACHE [OUT_DIR] (settings from env: EPOCHS, SEED, GUM_WEIGHT, LOWER, TITLE,
//! WITH_DEV, RUNS, DROP, EXTRA; HALF=0|1 holds out half of UNER EWT dev and trains on the other half;
//! NOPRUNE=1; K1, K2, K3, DIM, MINC, NCTX set the word clusters when CLUSTER_CACHE does not exist yet; DUMP=1|ewt lists
//! the GUM or EWT dev errors)
use std::path::Path;

use sitrep_nlp::ner::{self, clusters::WordClass};

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let data = Path::new(&a[1]);
    let cache = Path::new(&a[2]);
    let def = ner::train::TrainConfig::default();
    let cfg = ner::train::TrainConfig {
        epochs: env("EPOCHS", def.epochs),
        seed: env("SEED", def.seed),
        gum_weight: env("GUM_WEIGHT", def.gum_weight),
        lowercase: env("LOWER", def.lowercase),
        titlecase: env("TITLE", def.titlecase),
        runs: env("RUNS", def.runs),
        dropout: env("DROP", def.dropout),
        ..def
    };
    let with_dev: usize = env("WITH_DEV", 0);
    let mut gaz = ner::train::build_gazetteer(data).unwrap();
    let mut docs = ner::train::training_docs(data, &gaz).unwrap();
    // EXTRA=FILE.iob2: more (for example self-labelled) training sentences.
    if let Ok(extra) = std::env::var("EXTRA") {
        let more = ner::data::read_iob2(Path::new(&extra)).unwrap();
        eprintln!("{} extra documents from {extra}", more.len());
        docs.extend(more);
    }
    let ewt_all = ner::data::read_iob2(&data.join(ner::train::sources::UNER_DEV)).unwrap();
    // HALF=0|1: train on the other half of EWT dev (WITH_DEV copies) and score this half.
    let half: Option<usize> = std::env::var("HALF").ok().and_then(|v| v.parse().ok());
    let (ewt_dev, ewt_train): (Vec<_>, Vec<_>) = match half {
        Some(h) => ewt_all.into_iter().enumerate().partition(|(i, _)| i % 2 == h),
        None => (ewt_all.into_iter().enumerate().collect(), vec![]),
    };
    let ewt_dev: Vec<_> = ewt_dev.into_iter().map(|x| x.1).collect();
    let ewt_train: Vec<_> = ewt_train.into_iter().map(|x| x.1).collect();
    let copies = if half.is_some() { with_dev } else { 0 };
    for _ in 0..copies {
        docs.extend(ewt_train.iter().cloned());
    }
    let with_dev = if half.is_some() { 0 } else { with_dev };
    for _ in 0..with_dev {
        docs.extend(ewt_dev.iter().cloned());
    }
    let splits = ner::data::read_gum_splits(&data.join(ner::train::sources::GUM_SPLITS)).unwrap();
    let (gum_dev, docs): (Vec<_>, Vec<_>) = docs
        .into_iter()
        .partition(|d| with_dev == 0 && splits.get(&d.id).is_some_and(|s| s == "dev"));
    let clusters = if cache.exists() {
        read_cache(cache)
    } else {
        let cl = build_clusters(data, &docs);
        let text: String = cl
            .iter()
            .map(|(k, c)| format!("{k} {} {} {} {}\n", c[0], c[1], c[2], c[3]))
            .collect();
        std::fs::write(cache, text).unwrap();
        cl
    };
    // NOPRUNE=1 keeps the one-word gazetteer phrases the news shows to be ordinary words.
    let pruned = if std::env::var_os("NOPRUNE").is_some() {
        0
    } else {
        ner::train::prune_gazetteer(&mut gaz, &clusters)
    };
    eprintln!("gazetteer: {} phrases ({pruned} pruned)", gaz.len());
    // WEIGH=K,T,MIN: cross-checks the noisy UNER train labels (CrossWeigh, Wang et al. 2019): T times, K folds of
    // UNER train documents are each labelled by a model trained without them; sentences whose labels disagree with
    // the held-out prediction at least MIN times are left out. WEIGH_CACHE=FILE keeps the counts between runs.
    let docs = match std::env::var("WEIGH") {
        Ok(spec) => {
            let v: Vec<usize> = spec.split(',').map(|x| x.parse().unwrap()).collect();
            let counts = weigh_counts(&docs, &gaz, &clusters, &cfg, v[0], v[1]);
            if v.get(3) == Some(&1) {
                // Down-weighting instead of leaving out: every sentence once, the unflagged ones twice.
                let mut all = docs.clone();
                all.extend(weigh_filter(docs, &counts, v[2] as u32).into_iter().filter(|d| !d.id.starts_with("GUM_")));
                all
            } else {
                weigh_filter(docs, &counts, v[2] as u32)
            }
        }
        Err(_) => docs,
    };
    let mut dev: Vec<(&str, &[ner::data::Doc])> = vec![];
    if with_dev == 0 {
        dev.push(("ewt", &ewt_dev));
        dev.push(("gum", &gum_dev));
    }
    let t0 = std::time::Instant::now();
    let (model, bytes) = ner::train::train(&docs, &gaz, clusters, &cfg, &dev, |l| eprintln!("{l}"));
    eprintln!(
        "{} bytes, {} features, {:.1}s",
        bytes.len(),
        model.n_features(),
        t0.elapsed().as_secs_f64()
    );
    // DUMP=1: the GUM dev spans the model misses (-) or invents (+), for error analysis on held-out dev.
    if std::env::var_os("DUMP").is_some() {
        let rec = ner::Recognizer::from_bytes(&bytes).unwrap();
        let which = std::env::var("DUMP").unwrap_or_default();
        let set = if which == "ewt" { &ewt_dev } else { &gum_dev };
        for d in set {
            let toks: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
            let pred = rec.recognize_tagged(&toks, &d.sentences, &d.tags);
            let text = |r: &std::ops::Range<usize>| d.tokens[r.clone()].join(" ");
            for (r, t) in &d.entities {
                if t.as_str() != "MISC" && !pred.contains(&(r.clone(), *t)) {
                    let got: Vec<String> = pred.iter().filter(|(p, _)| p.start < r.end && r.start < p.end).map(|(p, pt)| format!("{}:{}", pt.as_str(), text(p))).collect();
                    println!("- {} {} | got {:?}", t.as_str(), text(r), got);
                }
            }
            for (r, t) in &pred {
                if t.as_str() != "MISC" && !d.entities.contains(&(r.clone(), *t)) && !d.entities.iter().any(|(g, _)| g.start < r.end && r.start < g.end) {
                    println!("+ {} {}", t.as_str(), text(r));
                }
            }
        }
    }
    if let Some(out) = a.get(3) {
        let p = ner::model_path(Path::new(out));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

fn read_cache(path: &Path) -> Vec<(u64, WordClass)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Vec<u64> = l.split(' ').map(|x| x.parse().unwrap()).collect();
            (v[0], [v[1] as u16, v[2] as u16, v[3] as u16, v[4] as u16])
        })
        .collect()
}

fn build_clusters(data: &Path, docs: &[ner::data::Doc]) -> Vec<(u64, WordClass)> {
    let seqs = ner::train::cluster_sequences(data, docs).unwrap();
    let d = ner::clusters::ClusterConfig::default();
    let cfg = ner::clusters::ClusterConfig {
        k: [env("K1", d.k[0]), env("K2", d.k[1]), env("K3", d.k[2])],
        dim: env("DIM", d.dim),
        min_count: env("MINC", d.min_count),
        n_context: env("NCTX", d.n_context),
        ..d
    };
    ner::clusters::build(&seqs, &cfg, |l| {
        eprintln!("{l}")
    })
}

/// Per UNER-train document, per sentence: how many held-out models disagreed with its labels.
fn weigh_counts(
    docs: &[ner::data::Doc],
    gaz: &ner::gazetteer::GazetteerBuilder,
    clusters: &[(u64, WordClass)],
    cfg: &ner::train::TrainConfig,
    k: usize,
    t: usize,
) -> Vec<Vec<u32>> {
    let cache = std::env::var("WEIGH_CACHE").ok();
    if let Some(c) = cache.as_deref().filter(|c| Path::new(c).exists()) {
        return std::fs::read_to_string(c)
            .unwrap()
            .lines()
            .map(|l| l.split(' ').filter(|x| !x.is_empty()).map(|x| x.parse().unwrap()).collect())
            .collect();
    }
    let mut counts: Vec<Vec<u32>> = docs.iter().map(|d| vec![0; d.sentences.len()]).collect();
    let uner: Vec<usize> = (0..docs.len()).filter(|&i| !docs[i].id.starts_with("GUM_")).collect();
    let sub = ner::train::TrainConfig { runs: 1, ..cfg.clone() };
    for round in 0..t {
        let mut order = uner.clone();
        sitrep_nlp::hash::Rng::new(round as u64 + 1).shuffle(&mut order);
        for fold in 0..k {
            let held: std::collections::HashSet<usize> = order.iter().enumerate().filter(|(j, _)| j % k == fold).map(|(_, &i)| i).collect();
            let train: Vec<ner::data::Doc> = (0..docs.len()).filter(|i| !held.contains(i)).map(|i| docs[i].clone()).collect();
            let (_, bytes) = ner::train::train(&train, gaz, clusters.to_vec(), &sub, &[], |_| {});
            let rec = ner::Recognizer::from_bytes(&bytes).unwrap();
            let mut wrong = 0;
            for &i in &held {
                let d = &docs[i];
                let toks: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
                let pred = rec.recognize_tagged(&toks, &d.sentences, &d.tags);
                for (s, r) in d.sentences.iter().enumerate() {
                    let inside = |x: &std::ops::Range<usize>| x.start >= r.start && x.end <= r.end;
                    let mut g: Vec<_> = d.entities.iter().filter(|(x, _)| inside(x)).map(|(x, ty)| (x.start, x.end, ty.as_str())).collect();
                    let mut p: Vec<_> = pred.iter().filter(|(x, _)| inside(x)).map(|(x, ty)| (x.start, x.end, ty.as_str())).collect();
                    g.sort_unstable();
                    p.sort_unstable();
                    if g != p {
                        counts[i][s] += 1;
                        wrong += 1;
                    }
                }
            }
            eprintln!("weigh round {round} fold {fold}: {wrong} sentences disagree");
        }
    }
    if let Some(c) = cache {
        let text: String = counts.iter().map(|v| v.iter().map(|x| format!("{x} ")).collect::<String>() + "\n").collect();
        std::fs::write(c, text).unwrap();
    }
    counts
}

/// The documents without the sentences flagged at least `min` times.
fn weigh_filter(docs: Vec<ner::data::Doc>, counts: &[Vec<u32>], min: u32) -> Vec<ner::data::Doc> {
    let mut dropped = 0;
    let out = docs
        .into_iter()
        .zip(counts)
        .map(|(d, c)| {
            if c.iter().all(|&x| x < min) {
                return d;
            }
            let mut nd = ner::data::Doc { id: d.id.clone(), tokens: vec![], sentences: vec![], entities: vec![], tags: vec![] };
            for (s, r) in d.sentences.iter().enumerate() {
                if c[s] >= min {
                    dropped += 1;
                    continue;
                }
                let base = nd.tokens.len();
                nd.tokens.extend(d.tokens[r.clone()].iter().cloned());
                if !d.tags.is_empty() {
                    nd.tags.extend_from_slice(&d.tags[r.clone()]);
                }
                nd.sentences.push(base..nd.tokens.len());
                for (x, ty) in &d.entities {
                    if x.start >= r.start && x.end <= r.end {
                        nd.entities.push((x.start - r.start + base..x.end - r.start + base, *ty));
                    }
                }
            }
            nd
        })
        .filter(|d| !d.tokens.is_empty())
        .collect();
    eprintln!("weigh: {dropped} sentences left out");
    out
}
