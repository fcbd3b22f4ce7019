//! The HTTP API over a store built from the example articles: status codes,
//! pagination, 400s with messages, bounds, and the analyze endpoint.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use sitrep_corpus::sink::{ingest, IngestOptions};
use sitrep_corpus::terms::Background;
use sitrep_pipeline::{Config, Pipeline};
use sitrep_server::{app, router, ServeOptions};
use tower::ServiceExt;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: PathBuf,
}

/// One store from `examples/`, built once for all tests with the full pipeline.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("examples.db");
        let pipeline = Pipeline::load(&Config::default()).expect("models load");
        let records = sitrep_sources::open(&[repo().join("examples")], &Default::default());
        // Cluster stories as `sitrep ingest` does: with the shipped background term frequencies.
        let background = Background::load(&sitrep_pipeline::default_models_dir()).expect("background loads");
        let opts = IngestOptions { background: Arc::new(background), ..IngestOptions::default() };
        let (stats, _) = ingest(&db, records, |d| pipeline.analyze(d), &opts, |_| {}).unwrap();
        assert_eq!(stats.errors, 0, "{stats:?}");
        Fixture { _dir: dir, db }
    })
}

fn opts() -> ServeOptions {
    ServeOptions::new(fixture().db.clone(), "127.0.0.1:0".parse().unwrap())
}

fn server() -> Router {
    let o = opts();
    router(app(&o).unwrap(), o.request_timeout)
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let v = serde_json::from_slice(&bytes).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, v)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, ctype: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    send(app, Request::post(uri).header("content-type", ctype).body(body.into()).unwrap()).await
}

fn error_message(v: &Value) -> &str {
    v["error"]["message"].as_str().unwrap_or_else(|| panic!("no error message in {v}"))
}

#[tokio::test]
async fn stats_documents_and_pagination() {
    let app = server();
    let (s, health) = get(&app, "/api/health").await;
    assert_eq!(s, 200);
    assert_eq!(health["read_only"], true);

    let (s, stats) = get(&app, "/api/stats").await;
    assert_eq!(s, 200);
    assert_eq!(stats["documents"], 3, "{stats}");
    assert!(stats["entities"].as_i64().unwrap() > 0);

    // Pages of one: three distinct documents, then an empty page.
    let mut seen = Vec::new();
    let mut offset = Some(0);
    while let Some(o) = offset {
        let (s, page) = get(&app, &format!("/api/documents?limit=1&offset={o}")).await;
        assert_eq!(s, 200);
        assert_eq!(page["limit"], 1);
        assert_eq!(page["offset"], o);
        for d in page["items"].as_array().unwrap() {
            seen.push(d["id"].as_i64().unwrap());
        }
        offset = page["next_offset"].as_u64();
        assert!(seen.len() <= 3);
    }
    seen.dedup();
    assert_eq!(seen.len(), 3);

    // One document with its analysis and text; character offsets index the text.
    let id = seen[0];
    let (s, doc) = get(&app, &format!("/api/documents/{id}?text=true&mentions=true")).await;
    assert_eq!(s, 200);
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    for e in doc["entities"].as_array().unwrap() {
        let (a, b) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        assert_eq!(text[a..b].iter().collect::<String>(), e["text"].as_str().unwrap());
    }
    assert!(doc["mentions"].is_array());
    assert_eq!(doc["store"]["id"], id);

    let (s, v) = get(&app, "/api/documents/999999").await;
    assert_eq!(s, 404);
    assert!(error_message(&v).contains("document 999999"));
}

#[tokio::test]
async fn events_and_aggregates_answer_with_the_documented_shapes() {
    let app = server();
    let (s, page) = get(&app, "/api/events?limit=2&order=day&evidence=true").await;
    assert_eq!(s, 200, "{page}");
    let total = page["total"].as_i64().unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len() as i64, total.min(2));
    assert_eq!(page["next_offset"].is_null(), items.len() < 2);
    for e in items {
        assert!(e["evidence"]["evidence"].is_string(), "{e}");
        assert!(e["evidence"]["pattern"].is_string(), "{e}");
        let (s, one) = get(&app, &format!("/api/events/{}", e["id"])).await;
        assert_eq!(s, 200);
        assert!(!one["mentions"].as_array().unwrap().is_empty());
    }
    // Filters narrow, never widen.
    let (s, f) = get(&app, "/api/events?quad=4&count=true").await;
    assert_eq!(s, 200);
    assert!(f["total"].as_i64().unwrap() <= total);
    for e in f["items"].as_array().unwrap() {
        assert_eq!(e["quad_class"], 4);
    }

    let (s, t) = get(&app, "/api/timeline?interval=month").await;
    assert_eq!(s, 200);
    let dated: i64 = t["buckets"].as_array().unwrap().iter().map(|b| b["events"].as_i64().unwrap()).sum();
    assert_eq!(dated + t["undated"].as_i64().unwrap(), total);

    let (s, n) = get(&app, "/api/network?group=country&nodes=10").await;
    assert_eq!(s, 200);
    assert!(n["nodes"].as_array().unwrap().len() <= 10);
    for e in n["edges"].as_array().unwrap() {
        assert!(e["a"].as_str().unwrap() < e["b"].as_str().unwrap());
        let b = e["balance"].as_f64().unwrap();
        assert!((-1.0..=1.0).contains(&b));
    }
    let (s, m) = get(&app, "/api/map").await;
    assert_eq!(s, 200);
    assert!(m["places"].is_array());
    let (s, tone) = get(&app, "/api/tone?interval=day").await;
    assert_eq!(s, 200);
    let docs: i64 = tone["overall"].as_array().unwrap().iter().map(|p| p["documents"].as_i64().unwrap()).sum();
    assert_eq!(docs, 3, "{tone}");

    let (s, actors) = get(&app, "/api/actors?limit=5").await;
    assert_eq!(s, 200);
    if let Some(a) = actors["items"].as_array().unwrap().first() {
        let (s, p) = get(&app, &format!("/api/actors/{}", a["code"].as_str().unwrap())).await;
        assert_eq!(s, 200);
        assert!(p["as_source"].as_i64().unwrap() + p["as_target"].as_i64().unwrap() > 0);
    }
}

#[tokio::test]
async fn the_two_grain_articles_are_one_story_with_a_diff() {
    let app = server();
    let (s, stories) = get(&app, "/api/stories?min_docs=2").await;
    assert_eq!(s, 200);
    let items = stories["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{stories}");
    let id = items[0]["id"].as_i64().unwrap();
    let (s, story) = get(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(s, 200);
    let docs = story["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    for d in docs {
        // The .txt readers may leave the headline in the text rather than the title.
        let head = format!("{} {}", d["title"].as_str().unwrap_or(""), d["text"].as_str().unwrap());
        assert!(head.contains("Wheat") || head.contains("Grain"), "{head}");
        assert!(!d["entities"].as_array().unwrap().is_empty());
    }
    let (s, diff) = get(&app, &format!("/api/stories/{id}/diff")).await;
    assert_eq!(s, 200);
    assert_eq!(diff["documents"].as_array().unwrap().len(), 2);
    assert!(!diff["facts"].as_array().unwrap().is_empty());
    let (s, _) = get(&app, "/api/stories/424242/diff").await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn search_finds_words_and_refuses_bad_queries() {
    let app = server();
    let (s, r) = get(&app, "/api/search?q=wheat").await;
    assert_eq!(s, 200);
    let hits = r["items"].as_array().unwrap();
    assert!(hits.len() >= 2, "{r}");
    assert!(hits.iter().all(|h| h["snippet"].as_str().unwrap().to_lowercase().contains("[wheat")));
    // Punctuation in plain queries is not FTS syntax.
    let (s, _) = get(&app, "/api/search?q=%22wheat%20AND%20(").await;
    assert_eq!(s, 200);
    let (s, v) = get(&app, "/api/search?q=%22wheat%20AND%20(&raw=true").await;
    assert_eq!(s, 400, "{v}");
    let (s, v) = get(&app, "/api/search").await;
    assert_eq!(s, 400);
    assert!(error_message(&v).contains("`q`"));
}

#[tokio::test]
async fn bad_parameters_get_400_with_a_message() {
    let app = server();
    for (uri, needle) in [
        ("/api/events?quad=5", "quad"),
        ("/api/events?from=2024-02-30", "from"),
        ("/api/events?from=2024-05-01&to=2024-01-01", "after"),
        ("/api/events?limit=501", "limit"),
        ("/api/events?limit=abc", "limit"),
        ("/api/events?offset=-3", "offset"),
        ("/api/events?quadclass=4", "unknown parameter `quadclass`"),
        ("/api/events?actor=IRN%27%3B%20DROP%20TABLE%20events", "actor"),
        ("/api/events?code=04a", "code"),
        ("/api/events?order=random", "order"),
        ("/api/events?country=IRAN", "country"),
        ("/api/events?actor=IRN&actor=VEN", "more than once"),
        ("/api/events/abc", "event id"),
        ("/api/events/0", "event id"),
        ("/api/documents/1?text=maybe", "text"),
        ("/api/actors/IR%20N", "actor code"),
        ("/api/timeline?interval=week", "interval"),
        ("/api/network?group=planet", "group"),
        ("/api/network?nodes=100000", "nodes"),
        ("/api/tone?sources=99", "sources"),
        ("/api/stats?x=1", "unknown parameter"),
    ] {
        let (s, v) = get(&app, uri).await;
        assert_eq!(s, 400, "{uri}: {v}");
        assert!(error_message(&v).contains(needle), "{uri}: {v}");
    }
    let (s, v) = get(&app, "/api/nope").await;
    assert_eq!(s, 404);
    assert!(error_message(&v).contains("openapi"));
    // The events table survived the injection attempt above.
    let (s, _) = get(&app, "/api/events").await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let app = server();
    let (s, doc) = get(&app, "/api/openapi.json").await;
    assert_eq!(s, 200);
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    let src = include_str!("../src/lib.rs");
    let mut routes = 0;
    for line in src.lines().map(str::trim).filter(|l| l.starts_with(".route(\"/") && !l.contains("assets") && !l.contains("(\"/\"")) {
        let path = line.split('"').nth(1).unwrap();
        assert!(paths.contains_key(&format!("/api{path}")), "{path} is not in openapi.json");
        routes += 1;
    }
    assert_eq!(routes, paths.len(), "openapi.json documents a route the router does not have");
}

#[tokio::test]
async fn ui_assets_are_embedded() {
    let app = server();
    let res = app.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
    let html = String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains("/assets/app.js"));
    // No reference to anything off this server.
    for name in ["index.html", "app.js", "app.css"] {
        let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ui").join(name)).unwrap();
        assert!(!src.contains("//cdn") && !src.contains("https://") && !src.contains("@import"), "{name} references the network");
    }
    for (name, _, _) in sitrep_server::assets::ASSETS {
        let res = app.clone().oneshot(Request::get(format!("/assets/{name}")).body(Body::empty()).unwrap()).await.unwrap();
        assert_eq!(res.status(), 200, "{name}");
    }
    let (s, world) = get(&app, "/assets/world.json").await;
    assert_eq!(s, 200);
    assert!(world["countries"].as_array().unwrap().len() > 150);
    let (s, _) = get(&app, "/assets/secret.txt").await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn analyze_runs_the_pipeline_without_storing() {
    let app = server();
    let text = "Turkey shipped 40,000 tonnes of wheat to Lebanon on Monday, officials in Ankara said.";
    let body = serde_json::json!({ "text": text, "title": "Wheat", "date": "2024-03-11" }).to_string();
    let (s, d) = post(&app, "/api/analyze", "application/json", body).await;
    assert_eq!(s, 200, "{d}");
    assert_eq!(d["text"], text);
    assert_eq!(d["date"], "2024-03-11");
    assert!(d["sentence_count"].as_i64().unwrap() >= 1);
    let names: Vec<&str> = d["entities"].as_array().unwrap().iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert!(names.contains(&"Turkey") && names.contains(&"Lebanon"), "{names:?}");
    // Plain text works too.
    let (s, d) = post(&app, "/api/analyze", "text/plain; charset=utf-8", text).await;
    assert_eq!(s, 200);
    assert_eq!(d["id"], "pasted");
    // Nothing was stored.
    let (_, stats) = get(&app, "/api/stats").await;
    assert_eq!(stats["documents"], 3);

    let (s, v) = post(&app, "/api/analyze", "application/json", r#"{"text": "  "}"#).await;
    assert_eq!(s, 400);
    assert!(error_message(&v).contains("empty"));
    let (s, v) = post(&app, "/api/analyze", "application/json", r#"{"txt": "x"}"#).await;
    assert_eq!(s, 400);
    assert!(error_message(&v).contains("JSON body"), "{v}");
    let (s, v) = post(&app, "/api/analyze", "application/json", r#"{"text": "x", "date": "yesterday"}"#).await;
    assert_eq!(s, 400);
    assert!(error_message(&v).contains("date"));
    let (s, _) = post(&app, "/api/analyze", "application/xml", "<a/>").await;
    assert_eq!(s, 415);
    let big = "word ".repeat(sitrep_server::BODY_LIMIT / 5 + 10);
    let (s, v) = post(&app, "/api/analyze", "text/plain", big).await;
    assert_eq!(s, 413, "{v}");
    let (s, _) = send(&app, Request::get("/api/analyze").body(Body::empty()).unwrap()).await;
    assert_eq!(s, 405);
}

#[tokio::test]
async fn queries_are_read_only_and_time_bounded() {
    let pool = std::sync::Arc::new(sitrep_server::db::Pool::open(&fixture().db, 2, Duration::from_millis(50)).unwrap());
    let e = pool
        .run(|s| {
            let n: i64 = s.connection().query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c",
                [],
                |r| r.get(0),
            )?;
            Ok(n)
        })
        .await
        .unwrap_err();
    assert_eq!(e.status, 503, "{e}");
    assert!(e.message.contains("time limit"));
    // The connection is usable again afterwards, and cannot write.
    let n = pool.run(|s| Ok(s.stats()?.documents)).await.unwrap();
    assert_eq!(n, 3);
    let w = pool.run(|s| Ok(s.connection().execute("DELETE FROM documents", [])?)).await;
    assert!(w.is_err());
    let n = pool.run(|s| Ok(s.stats()?.documents)).await.unwrap();
    assert_eq!(n, 3);
}

/// A client that hangs up mid-query must not leave the next request without a
/// connection (under wrk, the permit used to come back before the connection: 500s).
#[tokio::test]
async fn abandoned_queries_keep_their_connection() {
    let pool = Arc::new(sitrep_server::db::Pool::open(&fixture().db, 1, Duration::from_secs(5)).unwrap());
    let p = pool.clone();
    let slow = tokio::spawn(async move {
        p.run(|s| {
            std::thread::sleep(Duration::from_millis(300));
            Ok(s.stats()?.documents)
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    slow.abort();
    let n = pool.run(|s| Ok(s.stats()?.documents)).await.unwrap();
    assert_eq!(n, 3);
}

async fn get_cached(app: &Router, uri: &str) -> (StatusCode, String, Value) {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let cache = res.headers().get("x-sitrep-cache").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, cache, serde_json::from_slice(&bytes).unwrap())
}

/// Repeated requests come from the cache until the store changes, then from the store again.
#[tokio::test]
async fn the_response_cache_follows_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("copy.db");
    rusqlite::Connection::open(&fixture().db).unwrap().execute("VACUUM INTO ?1", [db.to_str().unwrap()]).unwrap();
    let o = ServeOptions::new(db.clone(), "127.0.0.1:0".parse().unwrap());
    assert!(o.cache_bytes > 0, "the cache is on by default");
    let srv = router(app(&o).unwrap(), o.request_timeout);

    let (s, c, first) = get_cached(&srv, "/api/stats").await;
    assert_eq!((s, c.as_str()), (StatusCode::OK, "miss"));
    let (_, c, again) = get_cached(&srv, "/api/stats").await;
    assert_eq!((c.as_str(), &again), ("hit", &first));
    let (_, c, _) = get_cached(&srv, "/api/events?limit=2").await;
    assert_eq!(c, "miss", "another query is another entry");
    // Errors are never cached.
    let (s, c, _) = get_cached(&srv, "/api/events?quad=9").await;
    assert_eq!((s, c.as_str()), (StatusCode::BAD_REQUEST, ""));

    // Another connection writes (as `sitrep ingest` would): the next answer is fresh.
    let w = rusqlite::Connection::open(&db).unwrap();
    w.execute("INSERT INTO runs (started, inputs) VALUES ('2024-01-01T00:00:00Z', 'test')", []).unwrap();
    let (_, c, after) = get_cached(&srv, "/api/stats").await;
    assert_eq!(c, "miss");
    assert_eq!(after["runs"].as_i64().unwrap(), first["runs"].as_i64().unwrap() + 1);
    let (_, c, _) = get_cached(&srv, "/api/stats").await;
    assert_eq!(c, "hit");

    // Off: nothing is marked, everything is fresh.
    let o = ServeOptions { cache_bytes: 0, ..o };
    let srv = router(app(&o).unwrap(), o.request_timeout);
    let (s, c, _) = get_cached(&srv, "/api/stats").await;
    assert_eq!((s, c.as_str()), (StatusCode::OK, ""));
}
