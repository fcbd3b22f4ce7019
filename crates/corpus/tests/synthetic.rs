//! The whole corpus layer on hand-made analyzed documents: stories with an
//! undated article, aggregation across sources, mentions with char offsets,
//! story diff, queries, search, Parquet export and idempotency.

use std::collections::HashMap;

use chrono::NaiveDate;
use sitrep_actors::Entity;
use sitrep_corpus::diff::FactKind;
use sitrep_corpus::sink::{ingest, IngestOptions};
use sitrep_corpus::{EventFilter, Page, Store};
use sitrep_document::{Document, Span};
use sitrep_events::{Evidence, Event, EventActor};
use sitrep_extract::{Amount, Quote, QuoteKind};
use sitrep_nlp::{EntityType, Parse};
use sitrep_pipeline::Analyzed;

const A: &str = "Türkiye shipped 30,000 tonnes of wheat to Lebanon on Monday, easing a bread shortage in Beirut. \
The grain deal with Lebanon is worth $20 million, officials in Ankara said. \
Bakers in Beirut had queued for flour for weeks as the wheat shortage deepened. \
Turkish exporters expect more wheat shipments to Lebanon before the summer harvest.";

const B: &str = "Lebanon received a wheat shipment from Türkiye, the first grain cargo since the bread shortage began. \
“Prices will fall within days,” said Amin Salam, Lebanon's economy minister, at the port of Beirut. \
Bakers welcomed the wheat, though flour queues in Beirut remained long. \
More Turkish grain shipments to Lebanon are expected.";

const C: &str = "The central bank of Chile raised its benchmark interest rate by half a point to curb inflation. \
Economists in Santiago had expected the rate increase after consumer prices rose for a sixth month.";

fn span_of(text: &str, needle: &str) -> Span {
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in text"));
    Span::new(s, s + needle.len())
}

fn entity(text: &str, id: &str, needle: &str, kind: EntityType, actor: Option<&str>, canonical: &str) -> Entity {
    Entity {
        id: id.into(),
        text: needle.into(),
        kind,
        span: span_of(text, needle),
        canonical: canonical.into(),
        actor: actor.map(str::to_string),
        role: None,
        sentence: 0,
        tokens: 0..0,
    }
}

fn supply(text: &str, id: &str, src: &str, verb: &str, tgt: &str, sentence: usize) -> Event {
    let actor = |needle: &str, code: &str, e: &str| EventActor {
        entity: Some(e.into()),
        text: needle.into(),
        code: code.into(),
        span: span_of(text, needle),
    };
    Event {
        id: id.into(),
        sentence,
        source: Some(actor(src, "TUR", "E1")),
        target: Some(actor(tgt, "LBN", "E2")),
        code: "0233".into(),
        base_code: "023".into(),
        root_code: "02".into(),
        quad_class: 1,
        goldstein: 3.4,
        plover: None,
        is_root: true,
        action: span_of(text, verb),
        date: None,
        negated: false,
        modality: None,
        location: None,
        evidence: Evidence { sentence: "…".into(), pattern: "SHIP".into(), dictionary: "test.verbs:1".into(), also: Vec::new() },
    }
}

fn analyzed(id: &str, date: Option<NaiveDate>, source: &str, text: &str) -> Analyzed {
    let mut doc = Document::new(id, text);
    doc.date = date;
    doc.source = Some(source.into());
    let seg = sitrep_text::segment(text);
    let parse = Parse { sentences: seg.sentences.clone(), ..Default::default() };
    let mut a = sitrep_corpus::sink::bare(doc);
    a.parse = parse;
    a.extracted.tone.tone = if id == "a" { 2.0 } else { -1.0 };
    match id {
        "a" => {
            a.entities = vec![
                entity(text, "E1", "Türkiye", EntityType::Loc, Some("TUR"), "Türkiye"),
                entity(text, "E2", "Lebanon", EntityType::Loc, Some("LBN"), "Lebanon"),
            ];
            a.events = vec![supply(text, "V1", "Türkiye", "shipped", "Lebanon", 0)];
            a.extracted.amounts = vec![Amount {
                value: 20e6,
                value_max: None,
                unit: None,
                currency: Some("USD".into()),
                object: Some("grain deal".into()),
                text: "$20 million".into(),
                span: span_of(text, "$20 million"),
                approx: None,
            }];
        }
        "b" => {
            a.entities = vec![
                entity(text, "E2", "Lebanon", EntityType::Loc, Some("LBN"), "Lebanon"),
                entity(text, "E1", "Türkiye", EntityType::Loc, Some("TUR"), "Türkiye"),
                entity(text, "E3", "Amin Salam", EntityType::Per, Some("LBNGOV"), "Amin Salam"),
            ];
            let mut ev = supply(text, "V1", "Türkiye", "received", "Lebanon", 0);
            ev.is_root = false;
            a.events = vec![ev];
            a.extracted.quotes = vec![Quote {
                text: "Prices will fall within days,".into(),
                span: span_of(text, "Prices will fall within days,"),
                speaker: Some("Amin Salam".into()),
                speaker_entity: Some("E3".into()),
                speaker_actor: Some("LBNGOV".into()),
                verb: Some("say".into()),
                kind: QuoteKind::Direct,
                speaker_span: None,
            }];
        }
        _ => {}
    }
    a
}

fn corpus() -> HashMap<String, Analyzed> {
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    [
        analyzed("a", d("2024-03-11"), "Outlet A", A),
        analyzed("b", None, "Outlet B", B),
        analyzed("c", d("2024-03-12"), "Outlet C", C),
    ]
    .into_iter()
    .map(|a| (a.document.id.clone(), a))
    .collect()
}

fn run_ingest(db: &std::path::Path, with_bad_record: bool) -> (sitrep_corpus::IngestStats, sitrep_corpus::sink::FinalizeStats) {
    let docs = corpus();
    let mut records: Vec<Result<Document, sitrep_document::RecordError>> =
        ["a", "b", "c"].iter().map(|id| Ok(docs[*id].document.clone())).collect();
    if with_bad_record {
        records.push(Err(sitrep_document::RecordError::new(
            sitrep_document::RecordLocation { path: "in.jsonl".into(), line: Some(4), offset: Some(900), record: None },
            sitrep_document::RecordErrorKind::MalformedJson,
            "expected value at line 1 column 1",
        )));
    }
    ingest(db, records.into_iter(), |d: Document| docs[&d.id].clone(), &options(), |_| {}).unwrap()
}

#[test]
fn corpus_layer_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let (stats, fin) = run_ingest(&db, true);
    assert_eq!((stats.read, stats.stored, stats.present, stats.errors), (4, 3, 0, 1));
    assert_eq!(fin.new_stories, 2);

    let store = Store::open_read_only(&db).unwrap();
    let ids: HashMap<String, i64> =
        ["a", "b", "c"].iter().map(|x| (x.to_string(), store.documents_by_ext_id(x).unwrap()[0])).collect();
    let doc = |x: &str| store.document(ids[x]).unwrap();

    // Stories: the undated report joins the dated one and takes its date.
    assert_eq!(doc("a").story_id, doc("b").story_id);
    assert_ne!(doc("a").story_id, doc("c").story_id);
    assert_eq!(doc("b").inferred_date.as_deref(), Some("2024-03-11"));
    let story = doc("a").story_id.unwrap();
    let s = store.story(story).unwrap();
    assert_eq!((s.doc_count, s.source_count), (2, 2));
    assert!(!s.label.is_empty());

    // One aggregated event from two sources; the undated mention took the story's day.
    let events = store.events(&EventFilter::default(), Page::default()).unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!((e.actor1_code.as_str(), e.actor2_code.as_str(), e.code.as_str()), ("TUR", "LBN", "0233"));
    assert_eq!((e.num_mentions, e.num_sources, e.num_articles), (2, 2, 2));
    assert_eq!(e.day, "2024-03-11");
    assert!((e.avg_tone - 0.5).abs() < 1e-9);
    assert_eq!(e.actor1_name, "TÜRKIYE");

    // Mentions carry sentence ids and character offsets (the text has non-ASCII characters).
    let m = store.event_mentions(e.id).unwrap();
    assert_eq!(m.len(), 2);
    let mb = m.iter().find(|m| m.doc == ids["b"]).unwrap();
    let chars: Vec<char> = B.chars().collect();
    let at = |s: i64, e: i64| chars[s as usize..e as usize].iter().collect::<String>();
    assert_eq!(at(mb.action_start, mb.action_end), "received");
    assert_eq!(at(mb.actor1_start.unwrap(), mb.actor1_end.unwrap()), "Türkiye");
    assert_eq!(mb.day_source.as_deref(), Some("story"));
    assert_eq!(mb.confidence, 90, "not the lead event: -10");
    let ma = m.iter().find(|m| m.doc == ids["a"]).unwrap();
    assert_eq!(ma.confidence, 100);

    // Story diff: the amount only in A, the quote only in B, the event in both.
    let d = store.story_diff(story).unwrap();
    let fact = |k: FactKind, needle: &str| {
        d.facts.iter().find(|f| f.kind == k && f.label.contains(needle)).unwrap_or_else(|| panic!("{needle}: {:#?}", d.facts)).clone()
    };
    let amount = fact(FactKind::Amount, "$20 million");
    assert!(amount.only);
    assert_eq!(amount.documents, vec![ids["a"]]);
    let quote = fact(FactKind::Quote, "Prices will fall");
    assert!(quote.only);
    assert_eq!(quote.documents, vec![ids["b"]]);
    let event = fact(FactKind::Event, "0233");
    assert!(!event.only);
    assert_eq!(event.documents.len(), 2);
    assert!(fact(FactKind::Actor, "Amin Salam").only);
    assert!(!fact(FactKind::Actor, "(TUR)").only);

    // Queries.
    let q = |f: EventFilter| store.events(&f, Page::default()).unwrap().len();
    assert_eq!(q(EventFilter { actor: Some("tur".into()), ..Default::default() }), 1);
    assert_eq!(q(EventFilter { source: Some("LBN".into()), ..Default::default() }), 0);
    assert_eq!(q(EventFilter { country: Some("LBN".into()), ..Default::default() }), 1);
    assert_eq!(q(EventFilter { root: Some("2".into()), quad_class: Some(1), ..Default::default() }), 1);
    assert_eq!(q(EventFilter { code: Some("19".into()), ..Default::default() }), 0);
    let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    assert_eq!(q(EventFilter { from: day("2024-03-01"), to: day("2024-03-11"), ..Default::default() }), 1);
    assert_eq!(q(EventFilter { from: day("2024-03-12"), ..Default::default() }), 0);
    assert_eq!(q(EventFilter { story: Some(story), ..Default::default() }), 1);
    assert!(store.events(&EventFilter { quad_class: Some(7), ..Default::default() }, Page::default()).is_err());
    // Parameters are bound, not spliced: hostile input is just a value.
    assert_eq!(q(EventFilter { actor: Some("X' OR 1=1 --".into()), ..Default::default() }), 0);
    let p = store.actor_profile("TUR", 5).unwrap();
    assert_eq!((p.as_source, p.as_target, p.cooperation, p.conflict), (1, 0, 1, 0));
    assert_eq!(p.counterparts[0].code, "LBN");
    assert_eq!(p.timeline[0].period, "2024-03");

    let hits = store.search("wheat Beirut", false, Page::default()).unwrap();
    let docs: Vec<i64> = hits.iter().filter(|h| h.kind == "document").map(|h| h.doc).collect();
    assert!(docs.contains(&ids["a"]) && docs.contains(&ids["b"]) && !docs.contains(&ids["c"]));
    let hits = store.search("prices fall", false, Page::default()).unwrap();
    assert!(hits.iter().any(|h| h.kind == "quote" && h.speaker.as_deref() == Some("Amin Salam")));
    assert!(store.search("\"unbalanced", true, Page::default()).is_err());
    assert_eq!(store.search("\"unbalanced", false, Page::default()).unwrap().len(), 0);

    // The stored document is the public JSON object.
    let j = store.document_json(ids["b"], true).unwrap();
    assert_eq!(j["schema_version"], "1.0");
    assert_eq!(j["events"][0]["code"], "0233");
    assert_eq!(j["text"], B);
    let errs = store.errors(Page::default()).unwrap();
    assert_eq!(errs.len(), 1);
    assert_eq!((errs[0].line, errs[0].kind.as_str()), (Some(4), "malformed_json"));

    // Parquet: one file per table, read back.
    let out = dir.path().join("parquet");
    let files = sitrep_corpus::export::export_parquet(&store, &out).unwrap();
    let rows: HashMap<String, u64> = files.iter().map(|e| (e.table.clone(), e.rows)).collect();
    assert_eq!(rows["documents"], 3);
    assert_eq!(rows["events"], 1);
    assert_eq!(rows["mentions"], 2);
    assert_eq!(rows["errors"], 1);
    let f = std::fs::File::open(out.join("events.parquet")).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).unwrap().build().unwrap();
    let mut n = 0;
    for batch in reader {
        let batch = batch.unwrap();
        n += batch.num_rows();
        let col = batch.column_by_name("num_sources").unwrap();
        let v = col.as_any().downcast_ref::<arrow_array::Int64Array>().unwrap();
        assert_eq!(v.value(0), 2);
        let col = batch.column_by_name("actor1_code").unwrap();
        let v = col.as_any().downcast_ref::<arrow_array::StringArray>().unwrap();
        assert_eq!(v.value(0), "TUR");
    }
    assert_eq!(n, 1);
    let f = std::fs::File::open(out.join("documents.parquet")).unwrap();
    let b = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
    assert!(b.schema().field_with_name("minhash").is_err(), "internal columns are not exported");
    assert!(b.schema().field_with_name("text").is_ok());
    drop(store);

    // Idempotent: nothing new the second time, the error is not stored twice.
    let (again, fin) = run_ingest(&db, true);
    assert_eq!((again.read, again.stored, again.present, again.errors), (4, 0, 3, 1));
    assert_eq!((fin.new_stories, fin.events), (0, 0));
    let store = Store::open_read_only(&db).unwrap();
    let s = store.stats().unwrap();
    assert_eq!((s.documents, s.events, s.mentions, s.errors, s.stories), (3, 1, 2, 1, 2));
}

/// Ingests the documents `ids` of `docs` (analyzed already) into `db`.
fn ingest_ids(
    db: &std::path::Path,
    docs: &HashMap<String, Analyzed>,
    ids: &[&str],
) -> (sitrep_corpus::IngestStats, sitrep_corpus::sink::FinalizeStats) {
    let records: Vec<Result<Document, sitrep_document::RecordError>> = ids.iter().map(|id| Ok(docs[*id].document.clone())).collect();
    ingest(db, records.into_iter(), |d: Document| docs[&d.id].clone(), &options(), |_| {}).unwrap()
}

fn options() -> IngestOptions {
    let background = sitrep_corpus::terms::Background::load(&sitrep_pipeline::default_models_dir()).unwrap();
    IngestOptions { background: std::sync::Arc::new(background), ..Default::default() }
}

/// The version-1 `documents` table: the analysis JSON inside, the text before the
/// mutable columns (kept here to build an old store; the store no longer has it).
const DOCUMENTS_V1: &str = "
CREATE TABLE documents_v1 (
    id INTEGER PRIMARY KEY, record_hash BLOB NOT NULL UNIQUE, text_hash BLOB NOT NULL, ext_id TEXT NOT NULL,
    date TEXT, inferred_date TEXT, title TEXT, source TEXT, url TEXT, source_name TEXT NOT NULL,
    chars INTEGER NOT NULL, token_count INTEGER NOT NULL, sentence_count INTEGER NOT NULL, tone REAL NOT NULL,
    text TEXT NOT NULL, record TEXT NOT NULL, minhash BLOB NOT NULL, terms TEXT NOT NULL, actors TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES documents(id), counted INTEGER NOT NULL DEFAULT 1, story_id INTEGER,
    df_counted INTEGER NOT NULL DEFAULT 0, run_id INTEGER NOT NULL
);
INSERT INTO documents_v1 SELECT d.id, d.record_hash, d.text_hash, d.ext_id, d.date, d.inferred_date, d.title,
    d.source, d.url, d.source_name, d.chars, d.token_count, d.sentence_count, d.tone, d.text, r.record, d.minhash,
    d.terms, d.actors, d.duplicate_of, d.counted, d.story_id, d.df_counted, d.run_id
    FROM documents d JOIN document_records r ON r.doc = d.id;
DROP TABLE document_records;
DROP TABLE documents;
ALTER TABLE documents_v1 RENAME TO documents;
PRAGMA user_version = 1;";

#[test]
fn a_version_1_store_is_upgraded_when_next_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    run_ingest(&db, false);
    let before: Vec<serde_json::Value> = {
        let store = Store::open_read_only(&db).unwrap();
        (1..=3).map(|id| store.document_json(id, true).unwrap()).collect()
    };
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        conn.execute_batch(DOCUMENTS_V1).unwrap();
    }
    // Readers refuse the old layout and say how to upgrade it.
    let err = Store::open_read_only(&db).unwrap_err().to_string();
    assert!(err.contains("version 1") && err.contains("sitrep ingest"), "{err}");

    // The next ingest upgrades it: same documents and search, nothing added twice, a sound store.
    let (stats, _) = run_ingest(&db, false);
    assert_eq!((stats.stored, stats.present), (0, 3), "{stats:?}");
    let store = Store::open_read_only(&db).unwrap();
    let after: Vec<serde_json::Value> = (1..=3).map(|id| store.document_json(id, true).unwrap()).collect();
    assert_eq!(before, after);
    assert!(!store.search("wheat", false, Page::default()).unwrap().is_empty());
    let check: String = store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let broken: i64 = store.connection().query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
}

/// Aggregation counts new events in one pass over the new mentions and recounts
/// events of earlier runs over all their mentions: both ways give the same rows.
#[test]
fn events_grown_over_two_runs_equal_events_of_one_run() {
    let docs = corpus();
    let run = |db: &std::path::Path, ids: &[&str]| ingest_ids(db, &docs, ids);
    let events = |db: &std::path::Path| {
        let store = Store::open_read_only(db).unwrap();
        let mut v = store.events(&EventFilter::default(), Page::default()).unwrap();
        v.iter_mut().for_each(|e| e.date_added.clear());
        v.sort_by_key(|e| e.id);
        v
    };
    let dir = tempfile::tempdir().unwrap();
    let (once, twice) = (dir.path().join("once.db"), dir.path().join("twice.db"));
    run(&once, &["a", "b", "c"]);
    run(&twice, &["a"]);
    let first = events(&twice);
    assert_eq!((first.len(), first[0].num_sources, first[0].num_articles), (1, 1, 1), "{first:#?}");
    run(&twice, &["b", "c"]);
    let (a, b) = (events(&once), events(&twice));
    assert_eq!((b.len(), b[0].num_sources, b[0].num_articles, b[0].num_mentions), (1, 2, 2, 2), "{b:#?}");
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
}

const W: &str = "Another wheat shipment from Türkiye reached the port of Beirut, easing Lebanon's bread shortage. \
Bakers in Beirut said flour queues were shorter, and Turkish grain exporters promised more wheat to Lebanon.";

/// A story whose first articles came in one run and whose bridging article
/// came in the next: the two stories of the first run become one.
#[test]
fn stories_bridged_by_a_later_article_are_merged() {
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let docs: HashMap<String, Analyzed> = [
        analyzed("w1", d("2024-03-01"), "Outlet A", A),
        analyzed("w2", d("2024-03-08"), "Outlet B", W),
        analyzed("w3", d("2024-03-15"), "Outlet C", B),
    ]
    .into_iter()
    .map(|a| (a.document.id.clone(), a))
    .collect();
    let run = |db: &std::path::Path, ids: &[&str]| ingest_ids(db, &docs, ids);
    let stories = |db: &std::path::Path| {
        let store = Store::open_read_only(db).unwrap();
        let ids: Vec<Option<i64>> =
            store.connection().prepare("SELECT story_id FROM documents ORDER BY id").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        let rows: i64 = store.connection().query_row("SELECT count(*) FROM stories", [], |r| r.get(0)).unwrap();
        let marked: i64 = store.connection().query_row("SELECT count(*) FROM stories WHERE label = ''", [], |r| r.get(0)).unwrap();
        (ids, rows, marked)
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    // Two weeks apart, the first and last articles start a story each ...
    run(&db, &["w1", "w3"]);
    let (ids, rows, _) = stories(&db);
    assert_eq!(rows, 2, "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    // ... until the article between them joins one and the two merge into the older.
    let gone = ids[0].max(ids[1]).unwrap();
    let (_, fin) = run(&db, &["w2"]);
    let (ids, rows, marked) = stories(&db);
    assert_eq!((rows, marked), (1, 0), "{ids:?}");
    assert!(ids.iter().all(|s| *s == ids[0]), "{ids:?}");
    assert_eq!(fin.stories_merged, 1);
    let store = Store::open_read_only(&db).unwrap();
    let (docs_in, first, last): (i64, String, String) = store
        .connection()
        .query_row("SELECT doc_count, first_date, last_date FROM stories", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((docs_in, first.as_str(), last.as_str()), (3, "2024-03-01", "2024-03-15"));
    // The merged-away id still finds its story, and the story diff shows it.
    let kept = ids[0].unwrap();
    assert_ne!(gone, kept);
    assert_eq!(store.merged_into(gone).unwrap(), Some(kept));
    assert_eq!(store.story(gone).unwrap().id, kept);
    assert_eq!(store.story_diff(gone).unwrap().documents.len(), 3);
    assert!(store.story(gone + 100).is_err());
}
