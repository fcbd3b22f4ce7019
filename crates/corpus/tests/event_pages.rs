//! Event pages read by walking an order's index (broad filters) must be the
//! pages SQLite's own plan returns, for every filter, order and offset, on a
//! store with enough events for both plans to be taken, with and without the
//! order indexes (a store written before they existed).

use chrono::NaiveDate;
use rusqlite::params;
use sitrep_corpus::query::EventOrder;
use sitrep_corpus::{EventFilter, Page, Store};

const ACTORS: &[&str] = &["USA", "USAGOV", "IRN", "IRNMIL", "CHN", "RUS", "GBR", "VEN", "", "FRA"];
const CODES: &[(&str, &str, u8)] =
    &[("010", "01", 1), ("043", "04", 1), ("0233", "02", 2), ("112", "11", 3), ("190", "19", 4), ("193", "19", 4)];

/// A store of `n` events with skewed, repeating fields (a fixed pseudo-random sequence).
fn store(dir: &std::path::Path, n: usize) -> Store {
    let store = Store::open(&dir.join("pages.db")).unwrap();
    let c = store.connection();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    c.execute_batch("BEGIN").unwrap();
    for i in 0..n {
        // Skewed: USA in about half the events, like a real news corpus.
        let a1 = if next(2) == 0 { "USA" } else { ACTORS[next(ACTORS.len())] };
        let a2 = ACTORS[next(ACTORS.len())];
        let (code, root, quad) = CODES[next(CODES.len())];
        let day = if next(20) == 0 { String::new() } else { format!("20{:02}-{:02}-{:02}", 18 + next(5), 1 + next(12), 1 + next(28)) };
        // Mostly 1 mention, sometimes many: big ties, as in real stores.
        let mentions = if next(4) == 0 { 1 + next(30) } else { 1 };
        let sources = 1 + next(mentions.min(5));
        let geo = ["", "IR", "US", "VE"][next(4)];
        c.execute(
            "INSERT INTO events (day, actor1_code, actor2_code, code, geo_key, actor1_name, actor2_name, base_code,
                root_code, quad_class, goldstein, is_root, geo_type, geo_name, geo_country, geo_adm1, geo_adm2,
                geo_feature, num_mentions, num_sources, num_articles, avg_tone, first_doc, source_url, date_added)
             VALUES (?1, ?2, ?3, ?4, ?5, ?2, ?3, substr(?4, 1, 3), ?6, ?7, 1.0, 1, 1, '', ?8, '', '', '', ?9, ?10, ?10, 0,
                1, '', '2024-01-01')",
            params![day, a1, a2, code, format!("k{i}"), root, quad, geo, mentions as i64, sources as i64],
        )
        .unwrap();
    }
    c.execute_batch("COMMIT").unwrap();
    store
}

/// The page as SQLite's own plan returns it, with every matching row sorted.
fn reference(store: &Store, f: &EventFilter, page: Page) -> Vec<i64> {
    let (w, mut values) = f.where_sql().unwrap();
    let order = match f.order {
        EventOrder::Mentions => "e.num_mentions DESC, e.num_sources DESC, e.id",
        EventOrder::Day => "e.day DESC, e.id",
        EventOrder::Id => "e.id",
    };
    values.push((page.limit as i64).into());
    values.push((page.offset as i64).into());
    let n = values.len();
    let sql = format!("SELECT e.id FROM events e {w} ORDER BY {order} LIMIT ?{} OFFSET ?{}", n - 1, n);
    let mut st = store.connection().prepare(&sql).unwrap();
    st.query_map(rusqlite::params_from_iter(values.iter()), |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn filters() -> Vec<EventFilter> {
    let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let f = EventFilter::default;
    vec![
        f(),
        EventFilter { actor: Some("USA".into()), ..f() },
        EventFilter { actor: Some("IRN".into()), ..f() },
        EventFilter { source: Some("USA".into()), target: Some("CHN".into()), ..f() },
        EventFilter { quad_class: Some(4), ..f() },
        EventFilter { root: Some("19".into()), ..f() },
        EventFilter { code: Some("04".into()), ..f() },
        EventFilter { country: Some("RUS".into()), from: day("2019-01-01"), to: day("2020-12-31"), ..f() },
        EventFilter { country: Some("IR".into()), quad_class: Some(1), ..f() },
        EventFilter { actor: Some("GBR".into()), quad_class: Some(3), ..f() },
        EventFilter { actor: Some("NOBODY".into()), ..f() },
        EventFilter { actor: Some("usa".into()), country: Some("IRN".into()), ..f() },
        EventFilter { country: Some("VEN".into()), root: Some("19".into()), from: day("2020-01-01"), ..f() },
    ]
}

fn check_all(store: &Store) -> usize {
    let mut checked = 0;
    for base in filters() {
        for order in [EventOrder::Mentions, EventOrder::Day, EventOrder::Id] {
            let f = EventFilter { order, ..base.clone() };
            let total = store.count_events(&f).unwrap();
            let (w, values) = f.where_sql().unwrap();
            let want_total: i64 = store
                .connection()
                .query_row(&format!("SELECT count(*) FROM events e {w}"), rusqlite::params_from_iter(values.iter()), |r| r.get(0))
                .unwrap();
            assert_eq!(total, want_total, "{f:?}");
            for page in [Page { limit: 50, offset: 0 }, Page { limit: 20, offset: 0 }, Page { limit: 50, offset: 100 }, Page { limit: 7, offset: 1000 }] {
                let want = reference(store, &f, page);
                let got: Vec<i64> = store.events(&f, page).unwrap().iter().map(|e| e.id).collect();
                assert_eq!(got, want, "{f:?} {page:?}");
                let (rows, n) = store.events_with_total(&f, page).unwrap();
                assert_eq!(rows.iter().map(|e| e.id).collect::<Vec<_>>(), want, "{f:?} {page:?} (with total)");
                assert_eq!(n, total);
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn walked_pages_equal_sorted_pages() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), 6000);
    // Both plans occur: the broad filters exceed the walking threshold, the narrow ones do not.
    let broad = store.count_events(&EventFilter { actor: Some("USA".into()), ..Default::default() }).unwrap();
    let narrow = store.count_events(&EventFilter { actor: Some("GBR".into()), quad_class: Some(3), ..Default::default() }).unwrap();
    assert!(broad > 2000 && narrow < 200, "{broad} {narrow}");
    assert_eq!(check_all(&store), 13 * 3 * 4);
    let full = store.events(&EventFilter::default(), Page::first(6000)).unwrap();
    assert_eq!(full.len(), 6000);

    // A store written before the order indexes existed, opened read-only: same pages.
    store
        .connection()
        .execute_batch(
            "DROP INDEX events_rank; DROP INDEX events_recent; DROP INDEX events_source; DROP INDEX events_target;
             DROP INDEX events_quad; CREATE INDEX events_actor1 ON events(actor1_code);
             CREATE INDEX events_actor2 ON events(actor2_code);",
        )
        .unwrap();
    let old = Store::open_read_only(store.path()).unwrap();
    assert_eq!(check_all(&old), 13 * 3 * 4);
}
