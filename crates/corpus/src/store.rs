//! The SQLite store: opening, the per-document write path and duplicate linking.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use sitrep_document::RecordError;
use xxhash_rust::xxh3::xxh3_128;

use crate::prepare::PreparedDoc;
use crate::schema::{DDL, MIGRATE_1_TO_2, SCHEMA_VERSION};
use crate::{minhash, CorpusError, Result};

/// An open corpus database.
///
/// One process writes (one ingest thread at a time); any number may read at the
/// same time (WAL mode), e.g. `sitrep serve` while an ingest runs.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// What happened to one document sent to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Written under this store id.
    New { id: i64, duplicate: Option<Duplicate> },
    /// The same record is already in the store; nothing was written.
    Present,
}

/// How a new document was linked to an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicate {
    /// The same text (leading and trailing whitespace aside).
    Exact { of: i64 },
    /// MinHash-estimated Jaccard similarity ≥ [`minhash::NEAR_DUPLICATE`].
    Near { of: i64 },
}

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl Store {
    /// Opens (creating if needed) a store for reading and writing.
    pub fn open(path: &Path) -> Result<Store> {
        let open_err = |source| CorpusError::Open { path: path.to_path_buf(), source };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        // WAL: readers never block the writer, and a killed writer leaves the
        // last committed transaction intact. NORMAL sync is safe against
        // process crashes (only a power loss can drop the latest commits).
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "cache_size", -65536).map_err(open_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(open_err)?;
        // Checkpoint every 64 MB of WAL rather than every 4 MB: index pages that
        // change in every transaction are copied into the database less often
        // (about 6 % less CPU for the store alone on news). Readers and crash safety are unaffected.
        conn.pragma_update(None, "wal_autocheckpoint", 16384).map_err(open_err)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(open_err)?;
        let has_tables: bool = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'documents'", [], |r| r.get::<_, i64>(0))
            .map_err(open_err)?
            > 0;
        if has_tables && version == 1 {
            migrate_1_to_2(&conn).map_err(open_err)?;
        } else if has_tables && version != SCHEMA_VERSION {
            return Err(CorpusError::Version { path: path.to_path_buf(), found: version, expected: SCHEMA_VERSION });
        }
        conn.execute_batch(DDL).map_err(open_err)?;
        conn.pragma_update(None, "user_version", SCHEMA_VERSION).map_err(open_err)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens an existing store read-only (queries, export, the HTTP server).
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let open_err = |source| CorpusError::Open { path: path.to_path_buf(), source };
        if !path.exists() {
            return Err(CorpusError::NotFound(format!("store {}", path.display())));
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(open_err)?;
        if version != SCHEMA_VERSION {
            return Err(CorpusError::Version { path: path.to_path_buf(), found: version, expected: SCHEMA_VERSION });
        }
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying connection, for ad-hoc SQL (read it; write through the API).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Whether a record with this [`record_hash`](crate::record_hash) is stored.
    pub fn contains_record(&self, hash: &[u8; 16]) -> Result<bool> {
        let mut st = self.conn.prepare_cached("SELECT 1 FROM documents WHERE record_hash = ?1")?;
        Ok(st.exists([&hash[..]])?)
    }

    /// Starts a run (one `sitrep ingest` invocation) and returns its id.
    pub fn begin_run(&mut self, inputs: &str) -> Result<i64> {
        self.conn.execute("INSERT INTO runs (started, inputs) VALUES (?1, ?2)", params![today(), inputs])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Writes one document and everything found in it, linking duplicates
    /// (inside the caller's transaction: `tx` is a connection with one open).
    pub fn insert_document(tx: &Connection, run: i64, d: &PreparedDoc) -> Result<Stored> {
        let mut ins = tx.prepare_cached(
            "INSERT INTO documents (record_hash, text_hash, ext_id, date, title, source, url, source_name, chars,
                token_count, sentence_count, tone, text, minhash, terms, actors, run_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
             ON CONFLICT (record_hash) DO NOTHING",
        )?;
        let n = ins.execute(params![
            &d.record_hash[..],
            &d.text_hash[..],
            d.ext_id,
            d.date.map(|x| x.to_string()),
            d.title,
            d.source,
            d.url,
            d.source_name,
            d.chars as i64,
            d.token_count as i64,
            d.sentence_count as i64,
            d.tone,
            d.text,
            minhash::to_blob(&d.minhash),
            serde_json::to_string(&d.terms)?,
            serde_json::to_string(&d.actors)?,
            run,
        ])?;
        if n == 0 {
            return Ok(Stored::Present);
        }
        let id = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO document_records (doc, record) VALUES (?1, ?2)")?.execute(params![id, d.record])?;
        let duplicate = link_duplicate(tx, id, d)?;
        tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
            .execute(params![id, d.title.as_deref().unwrap_or(""), d.text])?;
        insert_children(tx, id, d)?;
        Ok(Stored::New { id, duplicate })
    }

    /// Records a per-record error once (a re-run does not store it twice), inside the caller's transaction.
    pub fn insert_error(tx: &Connection, run: i64, e: &RecordError) -> Result<bool> {
        let kind = serde_json::to_value(e.kind)?.as_str().unwrap_or("unknown").to_string();
        let path = e.location.path.display().to_string();
        let key = format!(
            "{path}\u{1}{:?}\u{1}{:?}\u{1}{:?}\u{1}{kind}\u{1}{}",
            e.location.line, e.location.offset, e.location.record, e.message
        );
        let n = tx
            .prepare_cached(
                "INSERT INTO errors (hash, run_id, path, line, offset, record, kind, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (hash) DO NOTHING",
            )?
            .execute(params![
                &xxh3_128(key.as_bytes()).to_le_bytes()[..],
                run,
                path,
                e.location.line.map(|v| v as i64),
                e.location.offset.map(|v| v as i64),
                e.location.record,
                kind,
                e.message
            ])?;
        Ok(n > 0)
    }

    /// Updates a run's counters (inside the writer's transaction, so they match what is committed).
    pub(crate) fn update_run(tx: &Connection, run: i64, delta: &crate::sink::IngestStats) -> Result<()> {
        tx.prepare_cached(
            "UPDATE runs SET read = read + ?2, stored = stored + ?3, present = present + ?4, errors = errors + ?5 WHERE id = ?1",
        )?
        .execute(params![run, delta.read as i64, delta.stored as i64, delta.present as i64, delta.errors as i64])?;
        Ok(())
    }

    /// Marks a run as finished.
    pub(crate) fn finish_run(&self, run: i64) -> Result<()> {
        self.conn.execute("UPDATE runs SET finished = ?2 WHERE id = ?1", params![run, today()])?;
        Ok(())
    }

    /// Groups new documents into stories and new mentions into aggregated
    /// events. Runs at the end of every ingest; also completes the work of an
    /// ingest that was killed before it got there.
    pub fn finalize(&mut self, background: &crate::terms::Background) -> Result<crate::sink::FinalizeStats> {
        self.finalize_upto(background, i64::MAX)
    }

    /// [`Store::finalize`] for the documents up to store id `upto` only (the
    /// passes an ingest makes while it runs).
    pub fn finalize_upto(&mut self, background: &crate::terms::Background, upto: i64) -> Result<crate::sink::FinalizeStats> {
        let stories = crate::stories::cluster_pending(&mut self.conn, background, upto)?;
        let events = crate::aggregate::aggregate_pending(&mut self.conn, upto)?;
        Ok(crate::sink::FinalizeStats {
            new_stories: stories.new_stories,
            stories_touched: stories.touched,
            stories_merged: stories.merged,
            events,
        })
    }
}

/// Moves a version-1 store to the version-2 layout in one transaction (the
/// indexes on `documents` are recreated by [`DDL`] afterwards).
fn migrate_1_to_2(conn: &Connection) -> rusqlite::Result<()> {
    let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let done = conn.execute_batch(&format!(
        "BEGIN IMMEDIATE; {MIGRATE_1_TO_2} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
    ));
    if done.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    conn.pragma_update(None, "foreign_keys", fk)?;
    done
}

/// Links a new document to an earlier exact or near duplicate.
fn link_duplicate(tx: &Connection, id: i64, d: &PreparedDoc) -> Result<Option<Duplicate>> {
    let exact: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, source_name FROM documents WHERE text_hash = ?1 AND id < ?2 ORDER BY id LIMIT 1")?
        .query_row(params![&d.text_hash[..], id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((of, source)) = exact {
        // The same text from the same outlet is one article counted once;
        // from another outlet it is a republication and counts as an article.
        let counted = source != d.source_name;
        tx.prepare_cached("UPDATE documents SET duplicate_of = ?2, counted = ?3 WHERE id = ?1")?.execute(params![
            id,
            of,
            counted as i64
        ])?;
        tx.prepare_cached("INSERT OR IGNORE INTO duplicates (doc, of, kind, similarity) VALUES (?1, ?2, 'exact', 1.0)")?
            .execute(params![id, of])?;
        return Ok(Some(Duplicate::Exact { of }));
    }
    let bands = minhash::bands(&d.minhash);
    let mut candidates: Vec<i64> = Vec::new();
    {
        let mut q = tx.prepare_cached("SELECT doc FROM minhash_bands WHERE band = ?1 AND bucket = ?2")?;
        for (band, bucket) in &bands {
            for doc in q.query_map(params![band, bucket], |r| r.get::<_, i64>(0))? {
                candidates.push(doc?);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Option<(f64, i64)> = None;
    if !candidates.is_empty() {
        let mut sig = tx.prepare_cached("SELECT minhash FROM documents WHERE id = ?1")?;
        for c in candidates {
            let blob: Vec<u8> = sig.query_row([c], |r| r.get(0))?;
            let s = minhash::similarity(&d.minhash, &minhash::from_blob(&blob));
            if s >= minhash::NEAR_DUPLICATE && best.is_none_or(|(b, _)| s > b) {
                best = Some((s, c));
            }
        }
    }
    let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO minhash_bands (band, bucket, doc) VALUES (?1, ?2, ?3)")?;
    for (band, bucket) in &bands {
        ins.execute(params![band, bucket, id])?;
    }
    let Some((s, of)) = best else { return Ok(None) };
    tx.prepare_cached("UPDATE documents SET duplicate_of = ?2 WHERE id = ?1")?.execute(params![id, of])?;
    tx.prepare_cached("INSERT OR IGNORE INTO duplicates (doc, of, kind, similarity) VALUES (?1, ?2, 'near', ?3)")?
        .execute(params![id, of, s])?;
    Ok(Some(Duplicate::Near { of }))
}

fn insert_children(tx: &Connection, id: i64, d: &PreparedDoc) -> Result<()> {
    let mut st = tx.prepare_cached(
        "INSERT INTO entities (doc, entity, text, type, start, end, canonical, actor, role, sentence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for e in &d.entities {
        st.execute(params![
            id,
            e.entity,
            e.text,
            e.kind,
            e.start as i64,
            e.end as i64,
            e.canonical,
            e.actor,
            e.role,
            e.sentence as i64
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO mentions (doc, aggregate, ev, sentence, actor1_code, actor1_name, actor1_entity, actor1_start,
            actor1_end, actor2_code, actor2_name, actor2_entity, actor2_start, actor2_end, action_start, action_end,
            code, base_code, root_code, quad_class, goldstein, plover, is_root, negated, modality, date,
            date_precision, date_source, day, day_source, geo_type, geo_name, geo_country, geo_adm1, geo_adm2,
            geo_lat, geo_lon, geo_feature, in_raw_text, confidence, evidence, pattern, dictionary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
            ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41,
            ?42, ?43)",
    )?;
    for m in &d.mentions {
        let day_source = m.day.map(|_| if m.date_source.as_deref() == Some("text") { "text" } else { "document" });
        st.execute(params![
            id,
            m.aggregate as i64,
            m.ev,
            m.sentence as i64,
            m.actor1_code,
            m.actor1_name,
            m.actor1_entity,
            m.actor1_span.map(|s| s.0 as i64),
            m.actor1_span.map(|s| s.1 as i64),
            m.actor2_code,
            m.actor2_name,
            m.actor2_entity,
            m.actor2_span.map(|s| s.0 as i64),
            m.actor2_span.map(|s| s.1 as i64),
            m.action.0 as i64,
            m.action.1 as i64,
            m.code,
            m.base_code,
            m.root_code,
            m.quad_class as i64,
            m.goldstein,
            m.plover,
            m.is_root as i64,
            m.negated as i64,
            m.modality,
            m.date,
            m.date_precision,
            m.date_source,
            m.day.map(|x| x.to_string()),
            day_source,
            m.geo.geo_type as i64,
            m.geo.name,
            m.geo.country,
            m.geo.adm1,
            m.geo.adm2,
            m.geo.lat,
            m.geo.lon,
            m.geo.feature_id,
            m.in_raw_text as i64,
            m.confidence as i64,
            m.evidence,
            m.pattern,
            m.dictionary,
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO quotes (doc, text, start, end, speaker, speaker_entity, speaker_actor, verb, kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut fts = tx.prepare_cached("INSERT INTO quotes_fts (rowid, text, speaker) VALUES (?1, ?2, ?3)")?;
    for q in &d.quotes {
        st.execute(params![
            id,
            q.text,
            q.start as i64,
            q.end as i64,
            q.speaker,
            q.speaker_entity,
            q.speaker_actor,
            q.verb,
            q.kind
        ])?;
        fts.execute(params![tx.last_insert_rowid(), q.text, q.speaker.as_deref().unwrap_or("")])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO amounts (doc, value, value_max, unit, currency, object, text, start, end, approx)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for m in &d.amounts {
        st.execute(params![
            id,
            m.value,
            m.value_max,
            m.unit,
            m.currency,
            m.object,
            m.text,
            m.start as i64,
            m.end as i64,
            m.approx
        ])?;
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO locations (doc, idx, text, start, end, name, geo_type, country_code, adm1, adm2, lat, lon,
            geonames_id, feature_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for l in &d.locations {
        st.execute(params![
            id,
            l.idx as i64,
            l.text,
            l.start as i64,
            l.end as i64,
            l.geo.name,
            l.geo.geo_type as i64,
            l.geo.country,
            l.geo.adm1,
            l.geo.adm2,
            l.geo.lat,
            l.geo.lon,
            l.geonames_id.map(|g| g as i64),
            l.geo.feature_id
        ])?;
    }
    Ok(())
}
