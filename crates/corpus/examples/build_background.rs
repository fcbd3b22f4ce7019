//! Builds `models/corpus/background_df.tsv.gz`: document frequencies of
//! content terms over news JSONL files, for story clustering.
//!
//! ```sh
//! cargo run --release -p sitrep-corpus --example build_background -- \
//!     models/corpus/background_df.tsv.gz \
//!     ../shared/data/corpora/news/abp_allsides_dev.jsonl ../shared/data/corpora/news/bbc_2004_2005.jsonl
//! ```

use std::path::PathBuf;

use sitrep_corpus::terms::Background;
use sitrep_sources::SourceOptions;

/// Terms in fewer documents are left out: rare terms get the highest IDF anyway.
const MIN_DF: u32 = 3;

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(out), inputs) = (args.next(), args.collect::<Vec<_>>()) else {
        eprintln!("usage: build_background OUT.tsv.gz INPUT.jsonl...");
        std::process::exit(1);
    };
    let docs: Vec<_> = sitrep_sources::open(&inputs, &SourceOptions::default()).filter_map(Result::ok).collect();
    let b = Background::count(docs.iter().map(|d| (d.title.as_deref(), d.text.as_str())));
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).expect("creating the output directory");
    }
    let n = b.write(&out, MIN_DF).expect("writing the table");
    eprintln!("{}: {} documents, {n} terms (df >= {MIN_DF})", out.display(), b.n);
}
