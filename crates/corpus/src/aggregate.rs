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

/// Aggregates every mention not yet in an event; returns the number of events created or updated.
pub fn aggregate_pending(conn: &mut Connection) -> Result<u64> {
    let tx = conn.transaction()?;
    tx.execute_batch(
        "UPDATE mentions SET
            day = (SELECT d.inferred_date FROM documents d WHERE d.id = mentions.doc),
            day_source = 'story'
         WHERE event_id IS NULL AND aggregate = 1 AND day IS NULL
           AND (SELECT d.inferred_date FROM documents d WHERE d.id = mentions.doc) IS NOT NULL;
         DROP TABLE IF EXISTS temp.pending_mentions;
         CREATE TEMP TABLE pending_mentions AS
            SELECT id FROM mentions WHERE event_id IS NULL AND aggregate = 1;",
    )?;
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    tx.execute(
        &format!(
            "INSERT INTO events (day, actor1_code, actor2_code, code, geo_key, actor1_name, actor2_name, base_code,
                root_code, quad_class, goldstein, is_root, geo_type, geo_name, geo_country, geo_adm1, geo_adm2,
                geo_lat, geo_lon, geo_feature, first_doc, source_url, date_added)
             SELECT COALESCE(m.day, ''), m.actor1_code, m.actor2_code, m.code, {GEO_KEY}, m.actor1_name,
                m.actor2_name, m.base_code, m.root_code, m.quad_class, m.goldstein, m.is_root, m.geo_type,
                m.geo_name, m.geo_country, m.geo_adm1, m.geo_adm2, m.geo_lat, m.geo_lon, m.geo_feature, m.doc,
                COALESCE(d.url, d.ext_id), ?1
             FROM mentions m JOIN documents d ON d.id = m.doc
             WHERE m.id IN (SELECT id FROM temp.pending_mentions)
             ORDER BY m.id
             ON CONFLICT (day, actor1_code, actor2_code, code, geo_key) DO NOTHING"
        ),
        [&now],
    )?;
    tx.execute_batch(&format!(
        "UPDATE mentions SET event_id = (
            SELECT e.id FROM events e, mentions m
            WHERE m.id = mentions.id AND e.day = COALESCE(m.day, '') AND e.actor1_code = m.actor1_code
              AND e.actor2_code = m.actor2_code AND e.code = m.code AND e.geo_key = {GEO_KEY})
         WHERE id IN (SELECT id FROM temp.pending_mentions);
         DROP TABLE IF EXISTS temp.touched_events;
         CREATE TEMP TABLE touched_events AS
            SELECT DISTINCT event_id AS id FROM mentions WHERE id IN (SELECT id FROM temp.pending_mentions);"
    ))?;
    let n = tx.execute(
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
         WHERE id IN (SELECT id FROM temp.touched_events)",
        [],
    )?;
    tx.execute_batch("DROP TABLE temp.pending_mentions; DROP TABLE temp.touched_events;")?;
    tx.commit()?;
    Ok(n as u64)
}
