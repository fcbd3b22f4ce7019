//! `sitrep ingest` killed with SIGKILL in the middle of a run, then re-run:
//! the store is consistent, nothing is duplicated and nothing is lost — it
//! ends up the same as an ingest that was never interrupted.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

fn sitrep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.busy_timeout(Duration::from_secs(10)).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap_or(0)
}

fn ingest(input: &Path, db: &Path) -> std::process::Output {
    sitrep()
        .args(["ingest", "--analysis", "none", "-j", "1", "--db"])
        .arg(db)
        .arg(input)
        .output()
        .unwrap()
}

#[test]
fn killed_ingest_resumes_without_duplicates_or_losses() {
    let bbc = sitrep_testdata::require!("corpora/news/bbc_2004_2005.jsonl");
    let dir = tempfile::tempdir().unwrap();
    // Two copies of the BBC file under other ids: 4,450 records, enough to kill mid-run.
    let input = dir.path().join("input.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    let mut total = 0i64;
    for copy in 0..2 {
        for line in std::fs::read_to_string(&bbc).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = format!("{}#{copy}", v["id"].as_str().unwrap());
            v["id"] = id.into();
            writeln!(out, "{v}").unwrap();
            total += 1;
        }
    }
    writeln!(out, "{{\"id\": \"broken\", \"text\": ").unwrap();
    drop(out);

    // Kill the first ingest as soon as some, but not all, documents are committed.
    let db = dir.path().join("killed.db");
    let mut child = sitrep()
        .args(["ingest", "--analysis", "none", "-j", "1", "--db"])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut at_kill = 0;
    while start.elapsed() < Duration::from_secs(300) {
        if db.exists() {
            at_kill = count(&db, "SELECT count(*) FROM documents");
            if at_kill > 0 {
                break;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let after_kill = count(&db, "SELECT count(*) FROM documents");
    assert!(after_kill > 0 && after_kill < total, "the kill did not land mid-run: {after_kill} of {total} stored");
    eprintln!("killed with {after_kill} of {total} documents committed (seen {at_kill})");

    // Consistent after the kill: integrity, full-text index and counters match the documents.
    let c = Connection::open(&db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    drop(c);
    assert_eq!(count(&db, "SELECT count(*) FROM documents_fts_docsize"), after_kill);
    assert_eq!(count(&db, "SELECT stored FROM runs WHERE id = 1"), after_kill);
    assert_eq!(count(&db, "SELECT count(*) FROM runs WHERE finished IS NULL"), 1);

    // Re-run: finishes, stores exactly what was missing.
    let o = ingest(&input, &db);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "one broken record: exit 2\n{err}");
    assert!(
        err.contains(&format!("{} records = {} stored + {after_kill} already present + 1 errors", total + 1, total - after_kill)),
        "{err}"
    );
    let docs = count(&db, "SELECT count(*) FROM documents");
    assert_eq!(docs, total, "nothing lost");
    assert_eq!(count(&db, "SELECT count(DISTINCT ext_id) FROM documents"), total, "no duplicates");
    assert_eq!(count(&db, "SELECT count(*) FROM documents WHERE story_id IS NULL"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM documents_fts_docsize"), total);
    assert_eq!(count(&db, "SELECT count(*) FROM errors"), 1);

    // The same as an ingest that was never interrupted.
    let clean = dir.path().join("clean.db");
    let o = ingest(&input, &clean);
    assert_eq!(o.status.code(), Some(2));
    for sql in [
        "SELECT count(*) FROM documents",
        "SELECT count(*) FROM duplicates WHERE kind = 'exact'",
        "SELECT count(*) FROM duplicates WHERE kind = 'near'",
        "SELECT count(*) FROM stories",
        "SELECT count(*) FROM stories WHERE doc_count > 1",
        "SELECT count(*) FROM errors",
        "SELECT count(*) FROM minhash_bands",
    ] {
        assert_eq!(count(&db, sql), count(&clean, sql), "{sql}");
    }
    // Every BBC record appears twice, so every second copy is an exact duplicate.
    assert_eq!(count(&db, "SELECT count(*) FROM duplicates WHERE kind = 'exact'"), total / 2 + 133);

    // A third run adds nothing.
    let o = ingest(&input, &db);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{} records = 0 stored + {total} already present + 1 errors", total + 1)), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM errors"), 1);
}
