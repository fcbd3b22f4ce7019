//! `sitrep ingest` killed with SIGKILL in the middle of a run, then re-run:
//! the store is consistent, nothing is duplicated and nothing is lost — it
//! ends up the same as an ingest that was never interrupted.
//!
//! Two runs: the text layer alone on twice the BBC file (many commits, exact
//! duplicates across commits), and the full pipeline on news articles, so
//! that every row about a document (entities, mentions, quotes, amounts,
//! aggregated events) is shown to commit or vanish together with it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn open(db: &Path) -> Connection {
    let c = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.busy_timeout(Duration::from_secs(10)).unwrap();
    c
}

/// A count while the writer may not have created the tables yet (0 then).
fn poll_count(db: &Path, sql: &str) -> i64 {
    open(db).query_row(sql, [], |r| r.get(0)).unwrap_or(0)
}

/// When to kill: as soon as the first documents are committed.
const FIRST_COMMIT: &str = "SELECT count(*) FROM documents";

/// When to kill: as soon as the ingest's first story-and-event pass
/// (`FINALIZE_EVERY` documents in) has committed its first stories.
const FIRST_PASS: &str = "SELECT count(*) FROM stories";

fn count(db: &Path, sql: &str) -> i64 {
    open(db).query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every row of a query, as text, for comparing two stores by content.
fn rows(db: &Path, sql: &str) -> BTreeSet<String> {
    let c = open(db);
    let mut st = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = st.column_count();
    let v = st
        .query_map([], |r| {
            (0..n).map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"))).collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap()
        .map(|r| r.unwrap().join("|"))
        .collect();
    v
}

fn ingest(input: &Path, db: &Path, analysis: &str) -> std::process::Output {
    sitrep().args(["ingest", "--analysis", analysis, "-j", "1", "--db"]).arg(db).arg(input).output().unwrap()
}

/// Starts an ingest, SIGKILLs it once some but not all documents are
/// committed, checks the store it leaves, and returns the documents stored.
fn kill_mid_run(input: &Path, db: &Path, analysis: &str, total: i64, when: &str) -> i64 {
    let mut child = sitrep()
        .args(["ingest", "--analysis", analysis, "-j", "1", "--db"])
        .arg(db)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(300) {
        if db.exists() && poll_count(db, when) > 0 {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = count(db, "SELECT count(*) FROM documents");
    assert!(after_kill > 0 && after_kill < total, "the kill did not land mid-run: {after_kill} of {total} stored");
    eprintln!("{analysis}: killed with {after_kill} of {total} documents committed");

    // Consistent after the kill: integrity, full-text index and counters match the documents.
    let ok: String = open(db).query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(count(db, "SELECT count(*) FROM documents_fts_docsize"), after_kill);
    assert_eq!(count(db, "SELECT stored FROM runs WHERE id = 1"), after_kill);
    assert_eq!(count(db, "SELECT count(*) FROM runs WHERE finished IS NULL"), 1);
    // No row outlives its document.
    for t in ["entities", "mentions", "quotes", "amounts", "locations", "duplicates"] {
        assert_eq!(count(db, &format!("SELECT count(*) FROM {t} WHERE doc NOT IN (SELECT id FROM documents)")), 0, "{t}");
    }
    after_kill
}

/// The killed-then-resumed store holds the same content as the clean one.
fn assert_same(resumed: &Path, clean: &Path) {
    for sql in [
        "SELECT ext_id, record_hash, text_hash, counted FROM documents",
        "SELECT a.ext_id, b.ext_id, x.kind, x.similarity FROM duplicates x JOIN documents a ON a.id = x.doc JOIN documents b ON b.id = x.of",
        // Stories as partitions of documents: the same groups, whatever their ids.
        "SELECT group_concat(ext_id, ',') FROM (SELECT story_id, ext_id FROM documents ORDER BY ext_id) GROUP BY story_id",
        "SELECT d.ext_id, e.entity, e.start, e.end, e.actor FROM entities e JOIN documents d ON d.id = e.doc",
        "SELECT d.ext_id, m.ev, m.code, m.actor1_code, m.actor2_code, m.day, m.aggregate FROM mentions m JOIN documents d ON d.id = m.doc",
        "SELECT day, actor1_code, actor2_code, code, geo_key, num_mentions, num_sources, num_articles, round(avg_tone, 6) FROM events",
        "SELECT d.ext_id, q.start, q.end, q.speaker FROM quotes q JOIN documents d ON d.id = q.doc",
        "SELECT d.ext_id, a.start, a.end, a.value FROM amounts a JOIN documents d ON d.id = a.doc",
        "SELECT path, line, kind FROM errors",
        "SELECT count(*) FROM minhash_bands",
        "SELECT count(*) FROM documents_fts_docsize",
        "SELECT count(*) FROM quotes_fts_docsize",
    ] {
        let (a, b) = (rows(resumed, sql), rows(clean, sql));
        assert!(a == b, "{sql}: resumed {} rows, clean {} rows; first difference {:?}", a.len(), b.len(), a.symmetric_difference(&b).next());
    }
}

/// Writes `records` JSONL lines plus one broken record; returns how many good ones.
fn write_input(path: &Path, records: impl Iterator<Item = serde_json::Value>) -> i64 {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut n = 0;
    for v in records {
        writeln!(out, "{v}").unwrap();
        n += 1;
    }
    writeln!(out, "{{\"id\": \"broken\", \"text\": ").unwrap();
    n
}

fn resume_and_compare(input: &Path, dir: &Path, analysis: &str, total: i64, when: &str) -> std::path::PathBuf {
    let db = dir.join(format!("killed-{analysis}.db"));
    let after_kill = kill_mid_run(input, &db, analysis, total, when);

    // Re-run: finishes, stores exactly what was missing.
    let o = ingest(input, &db, analysis);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "one broken record: exit 2\n{err}");
    assert!(
        err.contains(&format!("{} records = {} stored + {after_kill} already present + 1 errors", total + 1, total - after_kill)),
        "{err}"
    );
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), total, "nothing lost");
    assert_eq!(count(&db, "SELECT count(DISTINCT ext_id) FROM documents"), total, "no duplicates");
    assert_eq!(count(&db, "SELECT count(*) FROM documents WHERE story_id IS NULL"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM mentions WHERE aggregate = 1 AND event_id IS NULL"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM errors"), 1);

    // The same as an ingest that was never interrupted.
    let clean = dir.join(format!("clean-{analysis}.db"));
    assert_eq!(ingest(input, &clean, analysis).status.code(), Some(2));
    assert_same(&db, &clean);

    // A third run adds nothing.
    let o = ingest(input, &db, analysis);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{} records = 0 stored + {total} already present + 1 errors", total + 1)), "{err}");
    assert_same(&db, &clean);
    db
}

#[test]
fn killed_ingest_resumes_without_duplicates_or_losses() {
    let bbc = sitrep_testdata::require!("corpora/news/bbc_2004_2005.jsonl");
    let dir = tempfile::tempdir().unwrap();
    // Two copies of the BBC file under other ids: 4,450 records, enough to kill mid-run.
    let text = std::fs::read_to_string(&bbc).unwrap();
    let input = dir.path().join("input.jsonl");
    let total = write_input(
        &input,
        (0..2).flat_map(|copy| {
            text.lines().filter(|l| !l.trim().is_empty()).map(move |line| {
                let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
                v["id"] = format!("{}#{copy}", v["id"].as_str().unwrap()).into();
                v
            })
        }),
    );
    let db = resume_and_compare(&input, dir.path(), "none", total, FIRST_COMMIT);
    // Every BBC record appears twice, so every second copy is an exact duplicate.
    assert_eq!(count(&db, "SELECT count(*) FROM duplicates WHERE kind = 'exact'"), total / 2 + 133);

    // Killed after the first story pass (during it or after it): the resumed
    // ingest makes the same passes, so the stories are the same again.
    let dir = tempfile::tempdir().unwrap();
    resume_and_compare(&input, dir.path(), "none", total, FIRST_PASS);
}

#[test]
fn killed_full_analysis_ingest_keeps_each_document_whole() {
    let news = sitrep_testdata::require!("corpora/news/abp_allsides_dev.jsonl");
    let dir = tempfile::tempdir().unwrap();
    // 700 articles: the writer commits every 256, so the kill lands after one or two commits.
    let text = std::fs::read_to_string(&news).unwrap();
    let input = dir.path().join("input.jsonl");
    let total = write_input(&input, text.lines().take(700).map(|l| serde_json::from_str(l).unwrap()));
    let db = resume_and_compare(&input, dir.path(), "full", total, FIRST_COMMIT);
    // The comparison above is over something: the pipeline coded events.
    assert!(count(&db, "SELECT count(*) FROM events") > 100);
    assert!(count(&db, "SELECT count(*) FROM entities") > 1000);
}
