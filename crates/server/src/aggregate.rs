//! Aggregations behind the UI's charts: timeline, actor network, map and tone.
//!
//! Each takes the same [`EventFilter`] as the event list, so a chart and the
//! table under it always show the same events. SQL is parameterized: the
//! filter's clause comes with its bound values, and the few values added here
//! are bound after them.

use std::collections::{BTreeMap, HashMap};

use rusqlite::types::Value;
use rusqlite::params_from_iter;
use serde::Serialize;
use sitrep_corpus::{EventFilter, Store};

use crate::error::ApiError;

/// Time buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Day,
    Month,
    Year,
}

impl Interval {
    /// Parses `day`, `month` or `year`.
    pub fn parse(s: &str) -> Option<Interval> {
        match s {
            "day" => Some(Interval::Day),
            "month" => Some(Interval::Month),
            "year" => Some(Interval::Year),
            _ => None,
        }
    }
    /// Characters of `YYYY-MM-DD` that name the bucket.
    fn chars(self) -> i64 {
        match self {
            Interval::Day => 10,
            Interval::Month => 7,
            Interval::Year => 4,
        }
    }
}

/// The filter's clause with `extra` conditions ANDed on.
fn clause(f: &EventFilter, extra: &[&str]) -> Result<(String, Vec<Value>), ApiError> {
    let (w, values) = f.where_sql()?;
    let mut parts: Vec<String> = Vec::new();
    if let Some(rest) = w.strip_prefix("WHERE ") {
        parts.push(format!("({rest})"));
    }
    parts.extend(extra.iter().map(|s| s.to_string()));
    let sql = if parts.is_empty() { String::new() } else { format!("WHERE {}", parts.join(" AND ")) };
    Ok((sql, values))
}

/// Event counts in one time bucket, by QuadClass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineBucket {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub period: String,
    /// Events of QuadClass 1 to 4 (index 0 is QuadClass 1).
    pub quad: [i64; 4],
    pub events: i64,
    pub mentions: i64,
    pub avg_goldstein: f64,
}

/// Events per time bucket and QuadClass; undated events are counted apart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub interval: &'static str,
    pub buckets: Vec<TimelineBucket>,
    pub undated: i64,
}

/// Counts matching events per period and QuadClass.
pub fn timeline(store: &Store, f: &EventFilter, interval: Interval) -> Result<Timeline, ApiError> {
    let (w, mut values) = clause(f, &["e.day != ''"])?;
    values.push(Value::Integer(interval.chars()));
    let n = values.len();
    let sql = format!(
        "SELECT substr(e.day, 1, ?{n}) AS p, e.quad_class, count(*), sum(e.num_mentions), sum(e.goldstein)
         FROM events e {w} GROUP BY p, e.quad_class ORDER BY p"
    );
    let c = store.connection();
    let mut st = c.prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(values.iter()))?;
    let mut buckets: Vec<TimelineBucket> = Vec::new();
    let mut gold = 0.0;
    while let Some(r) = rows.next()? {
        let (p, q, events, mentions, g): (String, i64, i64, i64, f64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        if buckets.last().map(|b| &b.period) != Some(&p) {
            if let Some(b) = buckets.last_mut() {
                b.avg_goldstein = if b.events > 0 { gold / b.events as f64 } else { 0.0 };
            }
            gold = 0.0;
            buckets.push(TimelineBucket { period: p, quad: [0; 4], events: 0, mentions: 0, avg_goldstein: 0.0 });
        }
        let b = buckets.last_mut().expect("pushed above");
        if (1..=4).contains(&q) {
            b.quad[(q - 1) as usize] += events;
        }
        b.events += events;
        b.mentions += mentions;
        gold += g;
    }
    if let Some(b) = buckets.last_mut() {
        b.avg_goldstein = if b.events > 0 { gold / b.events as f64 } else { 0.0 };
    }
    let (w, values) = clause(f, &["e.day = ''"])?;
    let undated: i64 =
        c.prepare_cached(&format!("SELECT count(*) FROM events e {w}"))?.query_row(params_from_iter(values.iter()), |r| r.get(0))?;
    let interval = match interval {
        Interval::Day => "day",
        Interval::Month => "month",
        Interval::Year => "year",
    };
    Ok(Timeline { interval, buckets, undated })
}

/// How to name network nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// The first three letters of the CAMEO code (the country or bloc: `IRNGOV` → `IRN`).
    Country,
    /// The full CAMEO code.
    Code,
}

/// An actor in the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// CAMEO code (or its first three letters when grouped by country).
    pub id: String,
    pub name: String,
    pub events: i64,
    pub mentions: i64,
}

/// Events between two actors, in either direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// The two node ids, in code order.
    pub a: String,
    pub b: String,
    pub events: i64,
    pub mentions: i64,
    /// Events of QuadClass 1 to 4.
    pub quad: [i64; 4],
    pub a_to_b: i64,
    pub b_to_a: i64,
    pub avg_goldstein: f64,
    /// From -1 (all conflict) to 1 (all cooperation).
    pub balance: f64,
}

/// Actors and who deals with whom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub grouping: &'static str,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Events with both actors coded, before the node limit.
    pub events: i64,
}

/// A node id from a CAMEO code.
fn group_code(code: &str, g: Grouping) -> String {
    match g {
        Grouping::Code => code.to_string(),
        Grouping::Country => code.chars().take(3).collect(),
    }
}

/// The actor network of matching events with both actors coded, keeping the `max_nodes` most active actors.
pub fn network(store: &Store, f: &EventFilter, g: Grouping, max_nodes: usize, min_events: i64) -> Result<Network, ApiError> {
    let (w, values) = clause(f, &["e.actor1_code != ''", "e.actor2_code != ''"])?;
    let sql = format!(
        "SELECT e.actor1_code, e.actor2_code, e.quad_class, count(*), sum(e.num_mentions), sum(e.goldstein),
                max(e.actor1_name), max(e.actor2_name)
         FROM events e {w} GROUP BY e.actor1_code, e.actor2_code, e.quad_class"
    );
    let mut st = store.connection().prepare_cached(&sql)?;
    let mut rows = st.query(params_from_iter(values.iter()))?;
    // Per node: events, mentions, and name candidates (exact-code names beat sub-actor names).
    let mut nodes: HashMap<String, (i64, i64, BTreeMap<(bool, String), i64>)> = HashMap::new();
    let mut edges: HashMap<(String, String), Edge> = HashMap::new();
    let mut total = 0;
    while let Some(r) = rows.next()? {
        let (c1, c2, q, n, m, gsum): (String, String, i64, i64, i64, f64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
        let (n1, n2): (String, String) = (r.get(6)?, r.get(7)?);
        total += n;
        let (g1, g2) = (group_code(&c1, g), group_code(&c2, g));
        for (gc, code, name) in [(&g1, &c1, &n1), (&g2, &c2, &n2)] {
            let e = nodes.entry(gc.clone()).or_default();
            e.0 += n;
            e.1 += m;
            if !name.is_empty() {
                *e.2.entry((gc == code, name.clone())).or_default() += n;
            }
        }
        if g1 == g2 {
            continue;
        }
        let forward = g1 < g2;
        let key = if forward { (g1.clone(), g2.clone()) } else { (g2.clone(), g1.clone()) };
        let e = edges.entry(key.clone()).or_insert_with(|| Edge {
            a: key.0.clone(),
            b: key.1.clone(),
            events: 0,
            mentions: 0,
            quad: [0; 4],
            a_to_b: 0,
            b_to_a: 0,
            avg_goldstein: 0.0,
            balance: 0.0,
        });
        e.events += n;
        e.mentions += m;
        if (1..=4).contains(&q) {
            e.quad[(q - 1) as usize] += n;
        }
        if forward {
            e.a_to_b += n;
        } else {
            e.b_to_a += n;
        }
        e.avg_goldstein += gsum;
    }
    let mut ranked: Vec<(String, i64, i64, String)> = nodes
        .into_iter()
        .map(|(id, (ev, m, names))| {
            // Prefer names given to the exact code, then the most frequent.
            let name = names
                .iter()
                .max_by_key(|((exact, name), n)| (*exact, **n, std::cmp::Reverse(name.clone())))
                .map(|((_, name), _)| name.clone())
                .unwrap_or_else(|| id.clone());
            (id, ev, m, name)
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(max_nodes);
    let keep: std::collections::HashSet<&str> = ranked.iter().map(|n| n.0.as_str()).collect();
    let mut edges: Vec<Edge> = edges
        .into_values()
        .filter(|e| e.events >= min_events && keep.contains(e.a.as_str()) && keep.contains(e.b.as_str()))
        .map(|mut e| {
            e.avg_goldstein /= e.events.max(1) as f64;
            let coop = (e.quad[0] + e.quad[1]) as f64;
            let conf = (e.quad[2] + e.quad[3]) as f64;
            e.balance = if coop + conf > 0.0 { (coop - conf) / (coop + conf) } else { 0.0 };
            e
        })
        .collect();
    edges.sort_by(|x, y| y.events.cmp(&x.events).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    let nodes = ranked.into_iter().map(|(id, events, mentions, name)| Node { id, name, events, mentions }).collect();
    let grouping = match g {
        Grouping::Country => "country",
        Grouping::Code => "code",
    };
    Ok(Network { grouping, nodes, edges, events: total })
}

/// Events at one place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub lat: f64,
    pub lon: f64,
    pub name: String,
    /// FIPS 10-4 country code.
    pub country: String,
    pub geo_type: i64,
    pub events: i64,
    pub mentions: i64,
    pub quad: [i64; 4],
    pub avg_goldstein: f64,
}

/// Matching events with a location, grouped by place, most events first.
pub fn places(store: &Store, f: &EventFilter, limit: usize) -> Result<Vec<Place>, ApiError> {
    let (w, mut values) = clause(f, &["e.geo_lat IS NOT NULL", "e.geo_lon IS NOT NULL"])?;
    values.push(Value::Integer(limit as i64));
    let n = values.len();
    let sql = format!(
        "SELECT e.geo_lat, e.geo_lon, max(e.geo_name), max(e.geo_country), max(e.geo_type), count(*),
                sum(e.num_mentions), sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3),
                sum(e.quad_class = 4), avg(e.goldstein)
         FROM events e {w} GROUP BY e.geo_lat, e.geo_lon ORDER BY count(*) DESC, 1, 2 LIMIT ?{n}"
    );
    let mut st = store.connection().prepare_cached(&sql)?;
    let rows = st
        .query_map(params_from_iter(values.iter()), |r| {
            Ok(Place {
                lat: r.get(0)?,
                lon: r.get(1)?,
                name: r.get(2)?,
                country: r.get(3)?,
                geo_type: r.get(4)?,
                events: r.get(5)?,
                mentions: r.get(6)?,
                quad: [r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?],
                avg_goldstein: r.get(11)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Average document tone in one time bucket.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TonePoint {
    pub period: String,
    pub documents: i64,
    pub avg_tone: f64,
    pub min_tone: f64,
    pub max_tone: f64,
}

/// Tone of one outlet over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToneSeries {
    pub source: String,
    pub documents: i64,
    pub points: Vec<TonePoint>,
}

/// Tone over time, for the whole corpus and its most prolific outlets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tone {
    pub interval: &'static str,
    pub overall: Vec<TonePoint>,
    pub sources: Vec<ToneSeries>,
}

/// Document tone (GDELT tone of each article) per period; duplicates are not counted twice.
pub fn tone(store: &Store, interval: Interval, story: Option<i64>, top_sources: usize) -> Result<Tone, ApiError> {
    let c = store.connection();
    let base = "FROM documents d WHERE d.counted = 1 AND COALESCE(d.date, d.inferred_date) IS NOT NULL
                AND (?2 IS NULL OR d.story_id = ?2)";
    let points = |source: Option<&str>| -> Result<Vec<TonePoint>, ApiError> {
        let mut st = c.prepare_cached(&format!(
            "SELECT substr(COALESCE(d.date, d.inferred_date), 1, ?1) AS p, count(*), avg(d.tone), min(d.tone), max(d.tone)
             {base} AND (?3 IS NULL OR d.source_name = ?3) GROUP BY p ORDER BY p"
        ))?;
        let rows = st
            .query_map(rusqlite::params![interval.chars(), story, source], |r| {
                Ok(TonePoint { period: r.get(0)?, documents: r.get(1)?, avg_tone: r.get(2)?, min_tone: r.get(3)?, max_tone: r.get(4)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    };
    let overall = points(None)?;
    let mut st = c.prepare_cached(&format!(
        "SELECT d.source_name, count(*) {base} GROUP BY d.source_name ORDER BY count(*) DESC, d.source_name LIMIT ?3"
    ))?;
    let top: Vec<(String, i64)> = st
        .query_map(rusqlite::params![interval.chars(), story, top_sources as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sources = Vec::with_capacity(top.len());
    for (source, documents) in top {
        let points = points(Some(&source))?;
        sources.push(ToneSeries { source, documents, points });
    }
    let interval = match interval {
        Interval::Day => "day",
        Interval::Month => "month",
        Interval::Year => "year",
    };
    Ok(Tone { interval, overall, sources })
}

/// The sentence and pattern behind an event, from its first mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventEvidence {
    pub doc: i64,
    pub sentence: i64,
    pub evidence: String,
    pub pattern: String,
    pub dictionary: String,
    pub action_start: i64,
    pub action_end: i64,
}

/// The first mention's evidence of one event, if it has a mention.
pub fn first_evidence(store: &Store, event: i64) -> Result<Option<EventEvidence>, ApiError> {
    use rusqlite::OptionalExtension;
    let mut st = store.connection().prepare_cached(
        "SELECT doc, sentence, evidence, pattern, dictionary, action_start, action_end
         FROM mentions WHERE event_id = ?1 ORDER BY id LIMIT 1",
    )?;
    Ok(st
        .query_row([event], |r| {
            Ok(EventEvidence {
                doc: r.get(0)?,
                sentence: r.get(1)?,
                evidence: r.get(2)?,
                pattern: r.get(3)?,
                dictionary: r.get(4)?,
                action_start: r.get(5)?,
                action_end: r.get(6)?,
            })
        })
        .optional()?)
}
