//! Event aggregation across articles, as GDELT does it.
//!
//! Mentions with the same **day, source actor code, target actor code, CAMEO
//! event code and action location** are one event (GDELT's GLOBALEVENTID).
//! Per event: `NumMentions` = mentions, `NumArticles` = distinct documents,
//! `NumSources` = distinct outlets ([`source_name`](crate::prepare::source_name)),
//! `AvgTone` = mean tone of those documents. A document that repeats the text
//! of an earlier one from the same outlet is not counted again (its mentions
//! still point to the event). Negated events and mentions without a CAMEO
//! code are stored but never aggregated.
//!
//! The day of a mention is its text date, else its document's date, else, for
//! an undated document, the first date of its story (`day_source = 'story'`);
//! failing all of these it is empty (exported with the batch date).
//! Event ids are stable: new mentions join existing events.

use rusqlite::Connection;

use crate::Result;

/// The location part of the key, as [`GeoRow::key`](crate::prepare::GeoRow::key) spells it.
const GEO_KEY: &str = "CASE WHEN m.geo_type = 0 THEN '' ELSE m.geo_type || '#' || m.geo_feature || '#' || m.geo_name END";

/// Aggregates every mention of documents up to store id `upto` not yet in an
/// event; returns the number of events created or updated.
///
/// New events are inserted with their counts computed from the pending
/// mentions in one grouped pass (they have no other mentions); only events
/// that already existed are recounted over all their mentions. Writing each
/// new event once matters: every `events` row is in eight indexes.
pub fn aggregate_pending(conn: &mut Connection, upto: i64) -> Result<u64> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE mentions SET
            day = (SELECT d.inferred_date FROM documents d WHERE d.id = mentions.doc),
            day_source = 'story'
         WHERE event_id IS NULL AND aggregate = 1 AND day IS NULL AND doc <= ?1
           AND (SELECT d.inferred_date FROM documents d WHERE d.id = mentions.doc) IS NOT NULL",
        [upto],
    )?;
    tx.execute_batch("DROP TABLE IF EXISTS temp.pending_mentions;")?;
    tx.execute(
        &format!(
            "CREATE TEMP TABLE pending_mentions AS
                SELECT m.id, m.doc, COALESCE(m.day, '') AS day, m.actor1_code AS a1, m.actor2_code AS a2, m.code,
                    {GEO_KEY} AS geo_key, m.is_root
                FROM mentions m WHERE m.event_id IS NULL AND m.aggregate = 1 AND m.doc <= ?1"
        ),
        [upto],
    )?;
    let existing: i64 = tx.query_row("SELECT COALESCE(max(id), 0) FROM events", [], |r| r.get(0))?;
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    // Per key: NumMentions and NumArticles over counted documents, NumSources
    // over their outlets, AvgTone over those documents (each once), IsRootEvent
    // over every mention; names, codes and place from the first mention.
    let created = tx.execute(
        "WITH per_doc AS (
            SELECT day, a1, a2, code, geo_key, doc, count(*) AS n, min(id) AS first, max(is_root) AS root
            FROM temp.pending_mentions GROUP BY day, a1, a2, code, geo_key, doc
         ), per_key AS (
            SELECT min(p.first) AS first,
                sum(CASE WHEN d.counted = 1 THEN p.n ELSE 0 END) AS mentions,
                sum(d.counted = 1) AS articles,
                count(DISTINCT CASE WHEN d.counted = 1 THEN d.source_name END) AS sources,
                COALESCE(avg(CASE WHEN d.counted = 1 THEN d.tone END), 0) AS tone,
                max(p.root) AS root, p.geo_key
            FROM per_doc p JOIN documents d ON d.id = p.doc
            GROUP BY p.day, p.a1, p.a2, p.code, p.geo_key
         )
         INSERT INTO events (day, actor1_code, actor2_code, code, geo_key, actor1_name, actor2_name, base_code,
            root_code, quad_class, goldstein, is_root, geo_type, geo_name, geo_country, geo_adm1, geo_adm2,
            geo_lat, geo_lon, geo_feature, first_doc, source_url, date_added,
            num_mentions, num_sources, num_articles, avg_tone)
         SELECT COALESCE(m.day, ''), m.actor1_code, m.actor2_code, m.code, k.geo_key, m.actor1_name,
            m.actor2_name, m.base_code, m.root_code, m.quad_class, m.goldstein, k.root, m.geo_type,
            m.geo_name, m.geo_country, m.geo_adm1, m.geo_adm2, m.geo_lat, m.geo_lon, m.geo_feature, m.doc,
            COALESCE(d.url, d.ext_id), ?1, k.mentions, k.sources, k.articles, k.tone
         FROM per_key k JOIN mentions m ON m.id = k.first JOIN documents d ON d.id = m.doc
         WHERE true
         ORDER BY k.first
         ON CONFLICT (day, actor1_code, actor2_code, code, geo_key) DO NOTHING",
        [&now],
    )?;
    tx.execute_batch(
        "UPDATE mentions SET event_id = e.id
         FROM temp.pending_mentions p JOIN events e
            ON e.day = p.day AND e.actor1_code = p.a1 AND e.actor2_code = p.a2 AND e.code = p.code
           AND e.geo_key = p.geo_key
         WHERE mentions.id = p.id;",
    )?;
    // Events of earlier runs that gained mentions: count them again over all their mentions.
    let updated = tx.execute(
        "UPDATE events SET
            num_mentions = (SELECT count(*) FROM mentions m JOIN documents d ON d.id = m.doc
                            WHERE m.event_id = events.id AND d.counted = 1),
            num_articles = (SELECT count(DISTINCT m.doc) FROM mentions m JOIN documents d ON d.id = m.doc
                            WHERE m.event_id = events.id AND d.counted = 1),
            num_sources = (SELECT count(DISTINCT d.source_name) FROM mentions m JOIN documents d ON d.id = m.doc
                           WHERE m.event_id = events.id AND d.counted = 1),
            avg_tone = COALESCE((SELECT avg(d.tone) FROM documents d WHERE d.counted = 1
                                 AND d.id IN (SELECT m.doc FROM mentions m WHERE m.event_id = events.id)), 0),
            is_root = (SELECT max(m.is_root) FROM mentions m WHERE m.event_id = events.id)
         WHERE id <= ?1 AND id IN (SELECT m.event_id FROM mentions m JOIN temp.pending_mentions p ON p.id = m.id)",
        [existing],
    )?;
    tx.execute_batch("DROP TABLE temp.pending_mentions;")?;
    tx.commit()?;
    Ok((created + updated) as u64)
}
