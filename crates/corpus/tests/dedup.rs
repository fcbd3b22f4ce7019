//! De-duplication, idempotency and story purity on the BBC corpus (text layer only).

use std::collections::HashMap;

use sitrep_corpus::sink::{bare, ingest, IngestOptions};
use sitrep_corpus::Store;
use sitrep_sources::SourceOptions;

#[test]
fn bbc_exact_duplicates_are_linked_and_a_second_ingest_adds_nothing() {
    let path = sitrep_testdata::require!("corpora/news/bbc_2004_2005.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bbc.db");
    let records = || sitrep_sources::open(&[path.clone()], &SourceOptions::default());

    let (stats, fin) = ingest(&db, records(), bare, &options(), |_| {}).unwrap();
    assert_eq!(stats.read, 2225);
    assert_eq!(stats.stored + stats.present + stats.errors, stats.read);
    assert_eq!(stats.stored, 2225, "{stats:?}");
    // SOURCES.md: 133 records repeat another record's text exactly.
    assert_eq!(stats.exact_duplicates, 133, "{stats:?}");

    let store = Store::open_read_only(&db).unwrap();
    let s = store.stats().unwrap();
    assert_eq!(s.documents, 2225);
    assert_eq!(s.exact_duplicates, 133);
    // Every duplicate points to an earlier document with the same text, and is not dropped.
    let bad: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM duplicates x JOIN documents a ON a.id = x.doc JOIN documents b ON b.id = x.of
             WHERE x.kind = 'exact' AND (a.text_hash != b.text_hash OR x.of >= x.doc)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad, 0);
    // Near duplicates really are similar.
    let near: Vec<f64> = {
        let mut st = store.connection().prepare("SELECT similarity FROM duplicates WHERE kind = 'near'").unwrap();
        let v = st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        v
    };
    assert!(near.iter().all(|&s| s >= sitrep_corpus::minhash::NEAR_DUPLICATE));
    eprintln!("bbc: {} exact, {} near duplicates; {fin:?}", s.exact_duplicates, s.near_duplicates);

    // Each duplicate is in the story of its original.
    let split: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM documents a JOIN documents b ON b.id = a.duplicate_of WHERE a.story_id != b.story_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(split, 0);

    // Stories do not mix the dataset's topics (business, sport, ...): purity ≥ 0.95.
    let mut st = store
        .connection()
        .prepare("SELECT d.story_id, json_extract(r.record, '$.metadata.topic') FROM documents d JOIN document_records r ON r.doc = d.id")
        .unwrap();
    let mut by_story: HashMap<i64, HashMap<String, usize>> = HashMap::new();
    for r in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))).unwrap() {
        let (story, topic) = r.unwrap();
        *by_story.entry(story).or_default().entry(topic.unwrap_or_default()).or_default() += 1;
    }
    let majority: usize = by_story.values().map(|t| t.values().max().copied().unwrap_or(0)).sum();
    let purity = majority as f64 / 2225.0;
    let multi = by_story.values().filter(|t| t.values().sum::<usize>() > 1).count();
    let largest = by_story.values().map(|t| t.values().sum::<usize>()).max().unwrap_or(0);
    eprintln!("bbc stories: {} ({} with several documents, largest {largest}), topic purity {purity:.3}", by_story.len(), multi);
    assert!(purity >= 0.95, "purity {purity}");
    assert!(largest < 100, "a story of {largest} documents is not a story");
    drop(st);
    drop(store);

    // Idempotent: the same input again adds nothing.
    let (again, fin2) = ingest(&db, records(), bare, &options(), |_| {}).unwrap();
    assert_eq!(again.stored, 0, "{again:?}");
    assert_eq!(again.present, 2225);
    assert_eq!(fin2.new_stories, 0);
    let store = Store::open_read_only(&db).unwrap();
    assert_eq!(store.stats().unwrap().documents, 2225);
    assert_eq!(store.stats().unwrap().exact_duplicates, 133);
}

fn options() -> IngestOptions {
    let background = sitrep_corpus::terms::Background::load(&sitrep_pipeline::default_models_dir()).unwrap();
    IngestOptions { background: std::sync::Arc::new(background), ..Default::default() }
}
