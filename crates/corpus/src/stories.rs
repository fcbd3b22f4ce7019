//! Story clustering: articles about the same story, grouped.
//!
//! Each new document is compared with the stories active around its date and
//! joins the most similar one, or starts a new story. The score combines
//! - **text**: cosine between the document's TF-IDF vector of content terms
//!   and the story centroid (IDF from the store plus a background news
//!   collection, [`Background`], so that small stores weigh terms sensibly);
//! - **actors**: the share of the document's actor codes and person or
//!   organization names that the story already has (+[`ACTOR_WEIGHT`] at most);
//! - **events**: whether the document codes an event (source, target, root
//!   code) the story already has (+[`EVENT_WEIGHT`]);
//!
//! and a document joins when the score reaches [`THRESHOLD`]. **Dates**: a dated
//! document only joins a story whose dated articles span to within
//! [`WINDOW_DAYS`] of its date. An undated document is compared with every
//! candidate story (no window), and takes the story's first date as its
//! `inferred_date`. An exact or near duplicate joins the story of its original.
//! Documents are clustered in date order (undated last) so that an undated
//! copy finds the dated story it belongs to.
//!
//! **Merging**: a pass sees only the documents stored so far, so the first
//! articles of a long story can start several stories when the articles that
//! bridge their dates come in a later pass (or a later ingest). After each
//! pass, every story it touched is compared with the stories sharing its top
//! terms; two stories whose windows meet and whose centroids, actors and
//! events score at least [`MERGE_THRESHOLD`] become one (the older id stays).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use rustc_hash::FxHashMap;

use crate::terms::Background;
use crate::Result;

/// Days a story stays open after its latest (and before its earliest) dated article.
pub const WINDOW_DAYS: i64 = 7;
/// Minimum score to join a story.
pub const THRESHOLD: f64 = 0.3;
/// Bonus for full actor overlap.
pub const ACTOR_WEIGHT: f64 = 0.1;
/// Bonus for a shared coded event.
pub const EVENT_WEIGHT: f64 = 0.1;
/// Terms kept in a story centroid.
const CENTROID_TERMS: usize = 60;
/// Terms of a document used to look up candidate stories.
const QUERY_TERMS: usize = 12;
/// Candidate stories looked at per query term (the most recent ones).
const PER_TERM: usize = 200;
/// Documents clustered per transaction.
const CHUNK: usize = 500;
/// Minimum score (as [`THRESHOLD`], story centroid against story centroid) to merge two stories.
pub const MERGE_THRESHOLD: f64 = 0.5;
/// Merges one story may take part in per pass (a bound, not a tuning knob).
const MAX_MERGES: usize = 64;

/// What one clustering pass did.
#[derive(Debug, Default)]
pub struct ClusterStats {
    pub new_stories: u64,
    /// Stories that gained documents (and were merge-checked and relabelled).
    pub touched: u64,
    /// Stories merged into others (and so removed).
    pub merged: u64,
}

#[derive(Debug, Clone)]
struct StoryState {
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    docs: u64,
    centroid: Vec<(String, f64)>,
    actors: FxHashMap<String, u32>,
    events: HashSet<String>,
    dirty: bool,
}

impl StoryState {
    fn empty() -> Self {
        StoryState {
            first: None,
            last: None,
            docs: 0,
            centroid: Vec::new(),
            actors: FxHashMap::default(),
            events: HashSet::new(),
            dirty: false,
        }
    }
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// Adds the terms of documents not yet counted to the document frequencies.
fn count_df(conn: &mut Connection, upto: i64) -> Result<()> {
    let tx = conn.transaction()?;
    let mut df: FxHashMap<String, i64> = FxHashMap::default();
    {
        let mut st = tx.prepare("SELECT terms FROM documents WHERE df_counted = 0 AND id <= ?1")?;
        let mut rows = st.query([upto])?;
        while let Some(r) = rows.next()? {
            let terms: Vec<(String, u32)> = serde_json::from_str(&r.get::<_, String>(0)?)?;
            for (t, _) in terms {
                *df.entry(t).or_default() += 1;
            }
        }
    }
    {
        let mut up = tx.prepare("INSERT INTO term_df (term, df) VALUES (?1, ?2) ON CONFLICT (term) DO UPDATE SET df = df + ?2")?;
        for (t, n) in df {
            up.execute(params![t, n])?;
        }
    }
    tx.execute("UPDATE documents SET df_counted = 1 WHERE df_counted = 0 AND id <= ?1", [upto])?;
    tx.commit()?;
    Ok(())
}

struct Idf<'b> {
    n: f64,
    background: &'b Background,
    cache: FxHashMap<String, f64>,
}

impl Idf<'_> {
    fn get(&mut self, tx: &Transaction<'_>, term: &str) -> Result<f64> {
        if let Some(v) = self.cache.get(term) {
            return Ok(*v);
        }
        let df: i64 =
            tx.prepare_cached("SELECT df FROM term_df WHERE term = ?1")?.query_row([term], |r| r.get(0)).optional()?.unwrap_or(0);
        let df = df + self.background.df.get(term).copied().unwrap_or(0) as i64;
        let v = (1.0 + self.n / (df.max(1) as f64)).ln();
        if self.cache.len() > 1_000_000 {
            self.cache.clear();
        }
        self.cache.insert(term.to_string(), v);
        Ok(v)
    }
}

fn normalize(v: &mut [(String, f64)]) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
}

fn cosine(a: &[(String, f64)], b: &[(String, f64)]) -> f64 {
    let small: HashMap<&str, f64> = b.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    a.iter().filter_map(|(t, w)| small.get(t.as_str()).map(|x| x * w)).sum()
}

/// A story's clustering state; `None` when it was merged into another.
fn load_story(tx: &Transaction<'_>, id: i64) -> Result<Option<StoryState>> {
    let row: Option<(Option<String>, Option<String>, i64, String, String)> = tx
        .prepare_cached("SELECT first_date, last_date, doc_count, centroid, actors FROM stories WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .optional()?;
    let Some((first, last, docs, centroid, actors)) = row else {
        return Ok(None);
    };
    #[derive(serde::Deserialize)]
    struct Actors {
        actors: FxHashMap<String, u32>,
        #[serde(default)]
        events: HashSet<String>,
    }
    let a: Actors = serde_json::from_str(&actors)?;
    Ok(Some(StoryState {
        first: parse_date(first),
        last: parse_date(last),
        docs: docs as u64,
        centroid: serde_json::from_str(&centroid)?,
        actors: a.actors,
        events: a.events,
        dirty: false,
    }))
}

fn save_story(tx: &Transaction<'_>, id: i64, s: &StoryState) -> Result<()> {
    let mut actors: Vec<(&String, &u32)> = s.actors.iter().collect();
    actors.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    actors.truncate(50);
    let actors: FxHashMap<&String, &u32> = actors.into_iter().collect();
    let mut events: Vec<&String> = s.events.iter().collect();
    events.sort();
    events.truncate(200);
    let blob = serde_json::json!({ "actors": actors, "events": events });
    // An empty label marks the story for the merge check and the refresh at
    // the end of the pass; being in the store, the mark survives a crash.
    tx.prepare_cached(
        "UPDATE stories SET label = '', first_date = ?2, last_date = ?3, doc_count = ?4, centroid = ?5, actors = ?6 WHERE id = ?1",
    )?
    .execute(params![
        id,
        s.first.map(|d| d.to_string()),
        s.last.map(|d| d.to_string()),
        s.docs as i64,
        serde_json::to_string(&s.centroid)?,
        blob.to_string()
    ])?;
    Ok(())
}

/// Makes a story findable by its top centroid terms. Done as soon as a
/// document joins it, not when the chunk is saved: the next document of the
/// same chunk must be able to find a story started just before it.
fn index_story_terms(tx: &Transaction<'_>, id: i64, s: &StoryState) -> Result<()> {
    let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO story_terms (term, story) VALUES (?1, ?2)")?;
    for (t, _) in s.centroid.iter().take(QUERY_TERMS * 2) {
        ins.execute(params![t, id])?;
    }
    Ok(())
}

/// Stories indexed under the first [`QUERY_TERMS`] of `terms` (the most recent
/// [`PER_TERM`] per term), ascending and without repeats; some may have been merged away.
fn candidate_stories(tx: &Transaction<'_>, terms: &[(String, f64)]) -> Result<Vec<i64>> {
    let mut candidates: Vec<i64> = Vec::new();
    let mut q =
        tx.prepare_cached(&format!("SELECT story FROM story_terms WHERE term = ?1 ORDER BY story DESC LIMIT {PER_TERM}"))?;
    for (t, _) in terms.iter().take(QUERY_TERMS) {
        for s in q.query_map([t], |r| r.get::<_, i64>(0))? {
            candidates.push(s?);
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    Ok(candidates)
}

fn in_window(date: Option<NaiveDate>, s: &StoryState) -> bool {
    match (date, s.first, s.last) {
        (Some(d), Some(f), Some(l)) => {
            (f - chrono::Duration::days(WINDOW_DAYS)) <= d && d <= (l + chrono::Duration::days(WINDOW_DAYS))
        }
        _ => true,
    }
}

/// Assigns every document up to store id `upto` without a story to one; returns the counts.
///
/// Documents after `upto` are left alone and do not count in the IDF, so a
/// pass over the first `upto` documents gives the same stories whatever else
/// the store already holds (an ingest resumed after a crash runs the same passes).
pub fn cluster_pending(conn: &mut Connection, background: &Background, upto: i64) -> Result<ClusterStats> {
    count_df(conn, upto)?;
    let n: i64 = conn.query_row("SELECT count(*) FROM documents WHERE id <= ?1", [upto], |r| r.get(0))?;
    let pending: Vec<i64> = {
        let mut st = conn.prepare(
            "SELECT id FROM documents WHERE story_id IS NULL AND id <= ?1 ORDER BY date IS NULL, date, id",
        )?;
        let ids = st.query_map([upto], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        ids
    };
    let mut stats = ClusterStats::default();
    let mut idf = Idf { n: (n as u64 + background.n) as f64, background, cache: FxHashMap::default() };
    for chunk in pending.chunks(CHUNK) {
        let tx = conn.transaction()?;
        let mut cache: FxHashMap<i64, StoryState> = FxHashMap::default();
        for &doc in chunk {
            let (date, terms, actors, dup_of): (Option<String>, String, String, Option<i64>) = tx
                .prepare_cached("SELECT date, terms, actors, duplicate_of FROM documents WHERE id = ?1")?
                .query_row([doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            let date = parse_date(date);
            let terms: Vec<(String, u32)> = serde_json::from_str(&terms)?;
            let actors: Vec<String> = serde_json::from_str(&actors)?;
            // `+aggregate` keeps SQLite off the low-selectivity mentions_pending
            // index, which made this lookup scan every mention (quadratic ingest).
            let events: Vec<String> = tx
                .prepare_cached(
                    "SELECT DISTINCT actor1_code || '>' || actor2_code || '>' || root_code FROM mentions
                     WHERE doc = ?1 AND +aggregate = 1 AND actor1_code != '' AND actor2_code != ''",
                )?
                .query_map([doc], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut vec: Vec<(String, f64)> = Vec::with_capacity(terms.len());
            for (t, tf) in terms {
                let w = (1.0 + (tf as f64).ln()) * idf.get(&tx, &t)?;
                vec.push((t, w));
            }
            vec.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            normalize(&mut vec);

            // A duplicate belongs to the story of its original.
            let mut chosen: Option<i64> = match dup_of {
                Some(of) => tx
                    .prepare_cached("SELECT story_id FROM documents WHERE id = ?1")?
                    .query_row([of], |r| r.get::<_, Option<i64>>(0))
                    .optional()?
                    .flatten(),
                None => None,
            };
            if chosen.is_none() {
                let mut best: Option<(f64, i64)> = None;
                for c in candidate_stories(&tx, &vec)? {
                    if !cache.contains_key(&c) {
                        // Terms of a story merged away still point to it.
                        let Some(s) = load_story(&tx, c)? else { continue };
                        cache.insert(c, s);
                    }
                    let s = &cache[&c];
                    if !in_window(date, s) {
                        continue;
                    }
                    let mut score = cosine(&vec, &s.centroid);
                    if !actors.is_empty() {
                        let shared = actors.iter().filter(|a| s.actors.contains_key(*a)).count();
                        score += ACTOR_WEIGHT * shared as f64 / actors.len() as f64;
                    }
                    if events.iter().any(|e| s.events.contains(e)) {
                        score += EVENT_WEIGHT;
                    }
                    if score >= THRESHOLD && best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, c));
                    }
                }
                chosen = best.map(|(_, c)| c);
            }
            let story = match chosen {
                Some(s) => s,
                None => {
                    tx.prepare_cached(
                        "INSERT INTO stories (label, doc_count, source_count, centroid, actors) VALUES ('', 0, 0, '[]', '{\"actors\":{}}')",
                    )?
                    .execute([])?;
                    let id = tx.last_insert_rowid();
                    cache.insert(id, StoryState { dirty: true, ..StoryState::empty() });
                    stats.new_stories += 1;
                    id
                }
            };
            if !cache.contains_key(&story) {
                let s = load_story(&tx, story)?.expect("a candidate or a duplicate's story, read in this transaction");
                cache.insert(story, s);
            }
            let s = cache.get_mut(&story).expect("loaded above");
            add_to_story(s, &vec, date, &actors, events);
            index_story_terms(&tx, story, s)?;
            tx.prepare_cached("UPDATE documents SET story_id = ?2 WHERE id = ?1")?.execute(params![doc, story])?;
        }
        for (id, s) in &cache {
            if s.dirty {
                save_story(&tx, *id, s)?;
            }
        }
        tx.commit()?;
    }
    let tx = conn.transaction()?;
    let marked: Vec<i64> = tx
        .prepare("SELECT id FROM stories WHERE label = '' ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // The stories this pass (or a pass killed before its end) added documents to.
    stats.touched = marked.len() as u64;
    let (survivors, merged) = merge_stories(&tx, &marked)?;
    stats.merged = merged;
    for s in survivors {
        refresh_story(&tx, s)?;
    }
    tx.commit()?;
    Ok(stats)
}

/// A story's first and last article dates.
type Span = (Option<NaiveDate>, Option<NaiveDate>);

/// Whether two stories' dated spans come within [`WINDOW_DAYS`] of each other
/// (stories without dated articles are never merged).
fn windows_meet(a: Span, b: Span) -> bool {
    match (a.0, a.1, b.0, b.1) {
        (Some(af), Some(al), Some(bf), Some(bl)) => {
            let w = chrono::Duration::days(WINDOW_DAYS);
            af - w <= bl && bf - w <= al
        }
        _ => false,
    }
}

/// Score of two stories, on the scale of a document joining a story.
fn story_score(a: &StoryState, b: &StoryState) -> f64 {
    let mut score = cosine(&a.centroid, &b.centroid);
    let (small, large) = if a.actors.len() <= b.actors.len() { (a, b) } else { (b, a) };
    if !small.actors.is_empty() {
        let shared = small.actors.keys().filter(|k| large.actors.contains_key(*k)).count();
        score += ACTOR_WEIGHT * shared as f64 / small.actors.len() as f64;
    }
    if a.events.iter().any(|e| b.events.contains(e)) {
        score += EVENT_WEIGHT;
    }
    score
}

/// Merges each of `marked` (ascending) with its best-scoring neighbour, as
/// long as one reaches [`MERGE_THRESHOLD`]; returns the stories to refresh
/// (the surviving ones, ascending) and how many stories were merged away.
fn merge_stories(tx: &Transaction<'_>, marked: &[i64]) -> Result<(Vec<i64>, u64)> {
    let mut refresh: std::collections::BTreeSet<i64> = marked.iter().copied().collect();
    let mut merged = 0;
    // Stories read so far (`None`: merged away); spans read alone first, as most candidates are out of the window.
    let mut cache: FxHashMap<i64, Option<StoryState>> = FxHashMap::default();
    let mut spans: FxHashMap<i64, Option<Span>> = FxHashMap::default();
    for &start in marked {
        let mut id = start;
        for _ in 0..MAX_MERGES {
            if !cache.contains_key(&id) {
                let s = load_story(tx, id)?;
                cache.insert(id, s);
            }
            let Some(s) = cache[&id].as_ref() else { break };
            let own: Span = (s.first, s.last);
            let candidates = candidate_stories(tx, &s.centroid)?;
            let mut best: Option<(f64, i64)> = None;
            for c in candidates {
                if c == id {
                    continue;
                }
                if !spans.contains_key(&c) {
                    let span = tx
                        .prepare_cached("SELECT first_date, last_date FROM stories WHERE id = ?1")?
                        .query_row([c], |r| Ok((parse_date(r.get(0)?), parse_date(r.get(1)?))))
                        .optional()?;
                    spans.insert(c, span);
                }
                let Some(span) = spans[&c] else { continue };
                if !windows_meet(own, span) {
                    continue;
                }
                if !cache.contains_key(&c) {
                    let o = load_story(tx, c)?;
                    cache.insert(c, o);
                }
                let (Some(s), Some(o)) = (cache[&id].as_ref(), cache[&c].as_ref()) else { continue };
                let score = story_score(s, o);
                if score >= MERGE_THRESHOLD && best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, c));
                }
            }
            let Some((_, other)) = best else { break };
            let (keep, gone) = if id < other { (id, other) } else { (other, id) };
            let g = cache.insert(gone, None).flatten().expect("loaded above");
            // Unindex what the gone story is found by now (terms of its earlier centroids may stay: lookups skip them).
            let mut unindex = tx.prepare_cached("DELETE FROM story_terms WHERE term = ?1 AND story = ?2")?;
            for (t, _) in g.centroid.iter().take(QUERY_TERMS * 2) {
                unindex.execute(params![t, gone])?;
            }
            let k = cache.get_mut(&keep).and_then(Option::as_mut).expect("loaded above");
            absorb(k, g);
            tx.prepare_cached("UPDATE documents SET story_id = ?1 WHERE story_id = ?2")?.execute(params![keep, gone])?;
            tx.prepare_cached("DELETE FROM stories WHERE id = ?1")?.execute([gone])?;
            // Earlier merges into `gone` now point at `keep`: every old id is one hop from its story.
            tx.prepare_cached("UPDATE story_merges SET kept = ?1 WHERE kept = ?2")?.execute(params![keep, gone])?;
            tx.prepare_cached("INSERT OR REPLACE INTO story_merges (gone, kept) VALUES (?1, ?2)")?.execute(params![gone, keep])?;
            save_story(tx, keep, k)?;
            index_story_terms(tx, keep, k)?;
            spans.insert(gone, None);
            spans.insert(keep, Some((k.first, k.last)));
            refresh.remove(&gone);
            refresh.insert(keep);
            merged += 1;
            id = keep;
        }
    }
    Ok((refresh.into_iter().collect(), merged))
}

/// Adds story `g` to story `k`: centroids weighed by document counts, spans, actors and events.
fn absorb(k: &mut StoryState, g: StoryState) {
    k.centroid = blend(&k.centroid, k.docs as f64, &g.centroid, g.docs as f64);
    k.docs += g.docs;
    k.first = [k.first, g.first].into_iter().flatten().min();
    k.last = [k.last, g.last].into_iter().flatten().max();
    for (a, n) in g.actors {
        *k.actors.entry(a).or_default() += n;
    }
    k.events.extend(g.events);
    k.dirty = true;
}

/// The mean of two centroids weighed `na` and `nb`, cut to its [`CENTROID_TERMS`] heaviest terms and normalized.
fn blend(a: &[(String, f64)], na: f64, b: &[(String, f64)], nb: f64) -> Vec<(String, f64)> {
    let mut c: FxHashMap<String, f64> = a.iter().map(|(t, w)| (t.clone(), w * na)).collect();
    for (t, w) in b {
        *c.entry(t.clone()).or_default() += w * nb;
    }
    let mut c: Vec<(String, f64)> = c.into_iter().map(|(t, w)| (t, w / (na + nb))).collect();
    c.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    c.truncate(CENTROID_TERMS);
    normalize(&mut c);
    c
}

fn add_to_story(s: &mut StoryState, vec: &[(String, f64)], date: Option<NaiveDate>, actors: &[String], events: Vec<String>) {
    s.centroid = blend(&s.centroid, s.docs as f64, vec, 1.0);
    s.docs += 1;
    if let Some(d) = date {
        s.first = Some(s.first.map_or(d, |f| f.min(d)));
        s.last = Some(s.last.map_or(d, |l| l.max(d)));
    }
    for a in actors {
        *s.actors.entry(a.clone()).or_default() += 1;
    }
    s.events.extend(events);
    s.dirty = true;
}

/// Recomputes a story's label, source count and its undated documents' inferred date.
fn refresh_story(tx: &Transaction<'_>, story: i64) -> Result<()> {
    let (sources, first): (i64, Option<String>) = tx
        .prepare_cached("SELECT count(DISTINCT source_name), min(date) FROM documents WHERE story_id = ?1")?
        .query_row([story], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let title: Option<String> = tx
        .prepare_cached(
            "SELECT title FROM documents WHERE story_id = ?1 AND title IS NOT NULL AND trim(title) != ''
             ORDER BY date IS NULL, date, id LIMIT 1",
        )?
        .query_row([story], |r| r.get(0))
        .optional()?;
    let label = match title {
        Some(t) => t.trim().to_string(),
        None => {
            let centroid: String =
                tx.prepare_cached("SELECT centroid FROM stories WHERE id = ?1")?.query_row([story], |r| r.get(0))?;
            let c: Vec<(String, f64)> = serde_json::from_str(&centroid)?;
            c.iter().take(5).map(|(t, _)| t.as_str()).collect::<Vec<_>>().join(", ")
        }
    };
    tx.prepare_cached("UPDATE stories SET label = ?2, source_count = ?3 WHERE id = ?1")?.execute(params![story, label, sources])?;
    tx.prepare_cached("UPDATE documents SET inferred_date = ?2 WHERE story_id = ?1 AND date IS NULL")?
        .execute(params![story, first])?;
    Ok(())
}
