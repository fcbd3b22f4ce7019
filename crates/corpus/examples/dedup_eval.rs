//! Precision and recall of duplicate linking against the exact answer.
//!
//! Ingests a JSONL corpus (text layer only) into a fresh store, then computes
//! the exact Jaccard similarity of the 4-word shingle sets of every pair of
//! records that share a shingle. A record is truly a duplicate when an earlier
//! record has the same text or exact Jaccard >= the near-duplicate threshold;
//! the store's links (MinHash + LSH estimates) are scored against that.
//!
//! ```sh
//! cargo run --release -p sitrep-corpus --example dedup_eval -- ../shared/data/corpora/news/bbc_2004_2005.jsonl
//! ```

use std::collections::HashMap;
use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_corpus::minhash::{shingles, NEAR_DUPLICATE};
use sitrep_corpus::sink::{bare, ingest, IngestOptions};
use sitrep_corpus::Store;
use sitrep_sources::SourceOptions;

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: dedup_eval INPUT.jsonl");
        std::process::exit(1);
    };
    let docs: Vec<_> = sitrep_sources::open(std::slice::from_ref(&path), &SourceOptions::default())
        .filter_map(Result::ok)
        .collect();
    let n = docs.len();
    let index: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
    assert_eq!(index.len(), n, "record ids must be unique");

    // Exact Jaccard for every pair that shares a shingle (inverted index).
    let sets: Vec<FxHashSet<u64>> = docs.iter().map(|d| shingles(&d.text).into_iter().collect()).collect();
    let mut postings: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (i, s) in sets.iter().enumerate() {
        for &h in s {
            postings.entry(h).or_default().push(i as u32);
        }
    }
    let mut shared: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for list in postings.values() {
        if list.len() > 200 {
            continue; // boilerplate shingle; pairs that only share such shingles are far below 0.7
        }
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let jaccard = |a: usize, b: usize| -> f64 {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let inter = shared.get(&(a as u32, b as u32)).copied().unwrap_or(0) as f64;
        let union = (sets[a].len() + sets[b].len()) as f64 - inter;
        if union == 0.0 {
            1.0
        } else {
            inter / union
        }
    };
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut truth: Vec<bool> = docs.iter().map(|d| !seen.insert(d.text.trim())).collect();
    for (&(a, b), _) in shared.iter() {
        if jaccard(a as usize, b as usize) >= NEAR_DUPLICATE {
            truth[b.max(a) as usize] = true;
        }
    }

    let dir = tempfile::tempdir().expect("temporary directory");
    let db = dir.path().join("dedup.db");
    let records = sitrep_sources::open(std::slice::from_ref(&path), &SourceOptions::default());
    ingest(&db, records, bare, &IngestOptions::default(), |_| {}).expect("ingest");
    let store = Store::open_read_only(&db).expect("store");
    let mut st = store
        .connection()
        .prepare(
            "SELECT a.ext_id, b.ext_id, x.kind FROM duplicates x JOIN documents a ON a.id = x.doc JOIN documents b ON b.id = x.of",
        )
        .expect("query");
    let links: Vec<(String, String, String)> =
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("rows").collect::<Result<_, _>>().expect("rows");
    let mut predicted = vec![false; n];
    let (mut exact, mut near, mut near_ok, mut near_min) = (0, 0, 0, 1.0f64);
    for (doc, of, kind) in &links {
        let (a, b) = (index[doc.as_str()], index[of.as_str()]);
        predicted[a] = true;
        if kind == "exact" {
            exact += 1;
        } else {
            near += 1;
            let j = jaccard(a, b);
            near_min = near_min.min(j);
            if j >= NEAR_DUPLICATE {
                near_ok += 1;
            }
        }
    }
    let tp = (0..n).filter(|&i| truth[i] && predicted[i]).count();
    let fp = (0..n).filter(|&i| !truth[i] && predicted[i]).count();
    let fn_ = (0..n).filter(|&i| truth[i] && !predicted[i]).count();
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    println!("{}: {n} records, {} true duplicates (same text or exact Jaccard >= {NEAR_DUPLICATE})", path.display(), tp + fn_);
    println!("linked: {exact} exact + {near} near; near links with exact Jaccard >= {NEAR_DUPLICATE}: {near_ok}/{near} (lowest {near_min:.3})");
    println!("documents: tp {tp} fp {fp} fn {fn_}; precision {p:.4} recall {r:.4}");
}
