//! Times `Store::finalize` (story clustering + event aggregation) on a copy of
//! an ingested store whose derived state is reset, so every document and
//! mention is pending again.
//!
//!     cargo run --release -p sitrep-corpus --example finalize_bench -- STORE.db [RUNS]

use std::path::PathBuf;
use std::time::Instant;

use sitrep_corpus::store::Store;
use sitrep_corpus::terms::Background;

const RESET: &str = "
    UPDATE mentions SET event_id = NULL;
    UPDATE documents SET story_id = NULL, df_counted = 0, inferred_date = NULL;
    DELETE FROM stories; DELETE FROM story_terms; DELETE FROM term_df; DELETE FROM events;
    UPDATE mentions SET day = NULL, day_source = NULL WHERE day_source = 'story';";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let src = PathBuf::from(args.next().ok_or("usage: finalize_bench STORE.db [RUNS]")?);
    let runs: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let background = Background::load(&sitrep_pipeline::default_models_dir())?;
    let dir = tempfile::tempdir()?;
    let copy = dir.path().join("copy.db");
    for run in 0..runs {
        {
            let src = rusqlite::Connection::open(&src)?;
            let _ = std::fs::remove_file(&copy);
            src.execute("VACUUM INTO ?1", [copy.display().to_string()])?;
        }
        let mut store = Store::open(&copy)?;
        store.connection().execute_batch(RESET)?;
        let t = Instant::now();
        let fin = store.finalize(&background)?;
        println!(
            "{{\"run\":{run},\"seconds\":{:.3},\"new_stories\":{},\"events\":{}}}",
            t.elapsed().as_secs_f64(),
            fin.new_stories,
            fin.events
        );
    }
    Ok(())
}
