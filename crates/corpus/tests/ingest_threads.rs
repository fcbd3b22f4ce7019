//! `ingest` with no writer thread of its own: whichever worker is free writes
//! what is due. The store must not depend on how many workers there are or on
//! which of them wrote what, and a write that fails must end the ingest with
//! an error instead of leaving the reader waiting.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use chrono::NaiveDate;
use sitrep_corpus::sink::{bare, ingest, IngestOptions};
use sitrep_corpus::Store;
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};
use rusqlite::types::ValueRef;
use sitrep_pipeline::Analyzed;

/// Six topics with words of their own, so that the articles form several stories.
const TOPICS: &[[&str; 6]] = &[
    ["wheat", "harbour", "grain", "bakers", "flour", "cargo"],
    ["tariff", "steel", "exporters", "duties", "customs", "aluminium"],
    ["election", "ballots", "candidates", "turnout", "polling", "campaign"],
    ["drought", "reservoir", "rainfall", "irrigation", "farmers", "harvest"],
    ["ceasefire", "militia", "shelling", "truce", "artillery", "frontline"],
    ["vaccine", "clinics", "doses", "infections", "hospital", "nurses"],
];

/// A small deterministic generator, so that the records are the same in every run.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// `n` records: articles on a handful of topics (so that stories form), every
/// 50th a copy of an earlier one (an exact duplicate), every 97th unreadable.
fn records(n: usize) -> Vec<Result<Document, RecordError>> {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    let mut texts: Vec<String> = Vec::new();
    (0..n)
        .map(|i| {
            if i % 97 == 96 {
                return Err(RecordError::new(
                    RecordLocation { path: "in.jsonl".into(), line: Some(i as u64 + 1), offset: None, record: None },
                    RecordErrorKind::MalformedJson,
                    "expected value at line 1 column 1",
                ));
            }
            let text = if i % 50 == 49 {
                texts[(next(&mut state) as usize) % texts.len()].clone()
            } else {
                let topic = &TOPICS[(next(&mut state) % 6) as usize];
                let mut t = String::new();
                for _ in 0..6 {
                    let r = next(&mut state) as usize;
                    let w = |k: usize| topic[(r >> (8 * k)) % 6];
                    t += &format!("The {} and the {} of the {} worried the {} in report {i}. ", w(0), w(1), w(2), w(3));
                }
                t
            };
            texts.push(text.clone());
            let mut doc = Document::new(format!("r{i}"), text);
            doc.date = NaiveDate::from_ymd_opt(2024, 1 + (i / 100) as u32, 1 + (i % 28) as u32);
            doc.source = Some(format!("Outlet {}", i % 7));
            Ok(doc)
        })
        .collect()
}

/// Analysis that takes an uneven while, so that workers finish out of order.
fn slow_bare(d: Document) -> Analyzed {
    let n: u64 = d.id.bytes().map(u64::from).sum();
    std::thread::sleep(Duration::from_micros(n % 7 * 150));
    let sentences = sitrep_text::segment(&d.text).sentences;
    let mut a = bare(d);
    a.parse.sentences = sentences;
    a
}

fn ingest_on(threads: usize, db: &Path, n: usize) -> sitrep_corpus::Result<(sitrep_corpus::IngestStats, sitrep_corpus::sink::FinalizeStats)> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    let background = sitrep_corpus::terms::Background::load(&sitrep_pipeline::default_models_dir()).unwrap();
    let opts = IngestOptions { background: std::sync::Arc::new(background), ..Default::default() };
    pool.install(|| ingest(db, records(n).into_iter(), slow_bare, &opts, |_| {}))
}

fn rows(db: &Path, sql: &str) -> BTreeSet<String> {
    let store = Store::open_read_only(db).unwrap();
    let mut st = store.connection().prepare(sql).unwrap();
    let n = st.column_count();
    let cell = |v: ValueRef| match v {
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        other => format!("{other:?}"),
    };
    st.query_map([], |r| Ok((0..n).map(|i| cell(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

/// What an ingest leaves, in terms that must not depend on thread timing.
fn content(db: &Path) -> Vec<BTreeSet<String>> {
    [
        "SELECT id, ext_id, duplicate_of, story_id, date, inferred_date FROM documents",
        "SELECT doc, of, kind FROM duplicates",
        "SELECT path, line, kind, message FROM errors",
        "SELECT id, label, first_date, last_date, doc_count, source_count FROM stories",
        "SELECT read, stored, present, errors FROM runs",
        "SELECT rowid FROM documents_fts",
    ]
    .iter()
    .map(|sql| rows(db, sql))
    .collect()
}

#[test]
fn the_store_is_the_same_on_one_two_or_four_threads() {
    let dir = tempfile::tempdir().unwrap();
    let n = 700;
    let mut stores = Vec::new();
    for threads in [1, 2, 4] {
        let db = dir.path().join(format!("t{threads}.db"));
        let (stats, _) = ingest_on(threads, &db, n).unwrap();
        assert_eq!(stats.read, n as u64);
        assert_eq!(stats.errors, (n / 97) as u64);
        assert_eq!(stats.stored + stats.errors, n as u64);
        assert!(stats.exact_duplicates >= 10, "{stats:?}");
        stores.push(content(&db));
    }
    assert!(stores[0][3].len() > 1, "no stories formed: the comparison would say little");
    for (threads, other) in [(2, &stores[1]), (4, &stores[2])] {
        for (a, b) in stores[0].iter().zip(other) {
            let only: Vec<_> = a.symmetric_difference(b).take(4).collect();
            assert!(only.is_empty(), "1 and {threads} threads differ, e.g. {only:?}");
        }
    }
}

#[test]
fn a_failing_write_ends_the_ingest_with_an_error_and_keeps_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    // The store refuses its 300th document, as a full disk would.
    Store::open(&db)
        .unwrap()
        .connection()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN (SELECT count(*) FROM documents) >= 299
             BEGIN SELECT RAISE(ABORT, 'disk says no'); END;",
        )
        .unwrap();
    for threads in [1, 2] {
        let err = ingest_on(threads, &db, 2_000).expect_err("the refused write must fail the ingest");
        assert!(err.to_string().contains("disk says no"), "{err}");
        // Whole transactions only: the first 256 records, with their counters.
        let stored = rows(&db, "SELECT count(*) FROM documents");
        let counted = rows(&db, "SELECT sum(stored) FROM runs");
        assert_eq!(stored, counted);
        assert_eq!(stored.into_iter().next().unwrap(), "Integer(254)");
    }
}
