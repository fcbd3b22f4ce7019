//! Every reader on real files from `../shared` (skipped when absent, failing in CI).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use sitrep_document::{Document, RecordError};
use sitrep_sources::{eval, open, SourceOptions};

fn read(paths: &[PathBuf]) -> (Vec<Document>, Vec<RecordError>) {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for r in open(paths, &SourceOptions::default()) {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    (docs, errors)
}

fn non_blank_lines(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.trim().is_empty()).count()
}

#[test]
fn seed_news_records() {
    let Some(seeds) = sitrep_testdata::seeds() else { return };
    let (docs, errors) = read(&[seeds.clone()]);
    assert!(errors.is_empty(), "{errors:?}");
    let files: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    assert_eq!(docs.len(), files.len());
    let first = docs.iter().find(|d| d.id == "000_c99dcc675ea4ea27.txt").expect("id is the file name");
    // The real record carries its header and its body on the same line.
    assert_eq!(first.date, NaiveDate::from_ymd_opt(2020, 5, 29));
    assert!(!first.text.starts_with("date") && !first.text.starts_with(' '));
    for d in &docs {
        assert!(files.contains(&d.id));
        assert!(!d.text.trim().is_empty());
    }
}

#[test]
fn news_jsonl_plain_and_gzipped() {
    let dir = sitrep_testdata::require!("corpora/news");
    for name in ["abp_allsides_dev.jsonl", "bbc_2004_2005.jsonl"] {
        let path = dir.join(name);
        let (docs, errors) = read(&[path.clone()]);
        assert!(errors.is_empty(), "{name}: {:?}", &errors[..errors.len().min(3)]);
        assert_eq!(docs.len(), non_blank_lines(&path), "{name}");
        let mut ids = std::collections::HashSet::new();
        for d in &docs {
            assert!(ids.insert(d.id.clone()), "duplicate id {}", d.id);
            assert!(d.title.is_some() && d.source.is_some() && !d.text.is_empty());
        }
        if name.starts_with("abp") {
            assert_eq!(docs[0].id, "abp-004Gt3gcsotuiYmz");
            assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2016, 9, 20));
            // Extra fields are kept as metadata.
            assert!(docs.iter().any(|d| d.metadata.contains_key("authors")));
            assert!(docs.iter().filter(|d| d.date.is_some()).count() > 4000);
        } else {
            assert!(docs.iter().all(|d| d.metadata.contains_key("topic")));
        }
    }

    // The same corpus through gzip, found by a glob.
    let tmp = tempfile::tempdir().unwrap();
    let raw = std::fs::read(dir.join("bbc_2004_2005.jsonl")).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&raw).unwrap();
    std::fs::write(tmp.path().join("bbc.jsonl.gz"), gz.finish().unwrap()).unwrap();
    let (docs, errors) = read(&[tmp.path().join("*.jsonl.gz")]);
    assert!(errors.is_empty());
    assert_eq!(docs.len(), non_blank_lines(&dir.join("bbc_2004_2005.jsonl")));
}

#[test]
fn html_extraction_meets_the_benchmark_target() {
    let dir = sitrep_testdata::require!("corpora/html_extraction/scrapinghub_aeb");
    let s = eval::evaluate_dir(&dir).unwrap();
    eprintln!("scrapinghub AEB: {s:?}");
    assert_eq!(s.pages, 181);
    assert!(s.f1 >= 0.95, "F1 {:.4} < 0.95", s.f1);
}

#[test]
fn html_titles_dates_and_urls() {
    let dir = sitrep_testdata::require!("corpora/html_extraction/mozilla_readability");
    let (docs, errors) = read(&[dir.join("*.source.html.gz")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 27);
    let (mut titles, mut dates, mut dated, mut urls) = (0, 0, 0, 0);
    for d in &docs {
        assert!(d.id.ends_with(".source.html.gz"));
        let name = d.id.trim_end_matches(".source.html.gz");
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.expected-metadata.json"))).unwrap()).unwrap();
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected = norm(meta["title"].as_str().unwrap_or_default());
        let ours = norm(d.title.as_deref().unwrap_or_default());
        // Readability keeps a "- Site" or "| Author" suffix that we drop.
        if !ours.is_empty() && expected.starts_with(&ours) {
            titles += 1;
        } else {
            eprintln!("{name}: title {ours:?}, expected {expected:?}");
        }
        if let Some(t) = meta["publishedTime"].as_str() {
            dated += 1;
            if d.date.map(|x| x.to_string()).as_deref() == t.get(..10) {
                dates += 1;
            } else {
                eprintln!("{name}: date {:?}, expected {t}", d.date);
            }
        }
        urls += usize::from(d.url.as_deref().is_some_and(|u| u.starts_with("http")));
        assert!(d.text.len() > 500, "{name}: body too short");
    }
    eprintln!("mozilla readability pages: titles {titles}/27, dates {dates}/{dated}, urls {urls}/27");
    assert!(titles >= 26, "titles {titles}/27");
    assert_eq!(dates, dated);
    assert!(urls >= 25, "urls {urls}/27");
}

#[test]
fn warc_news_pages_match_the_html_benchmark() {
    let data = sitrep_testdata::require!("corpora");
    let (docs, errors) = read(&[data.join("warc/news_pages_repackaged.warc.gz")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 181);
    let truth: HashMap<String, String> =
        eval::ground_truth(&data.join("html_extraction/scrapinghub_aeb")).unwrap().into_iter().collect();
    let gt_json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("html_extraction/scrapinghub_aeb/ground-truth.json")).unwrap(),
    )
    .unwrap();
    let mut counts = Vec::new();
    for d in &docs {
        assert!(d.id.starts_with("urn:uuid:"), "{}", d.id);
        let key = d.metadata["warc"]["WARC-Source-Id"].as_str().unwrap();
        assert_eq!(d.url.as_deref(), gt_json[key]["url"].as_str(), "url is WARC-Target-URI");
        counts.push(eval::page_counts(&truth[key], &d.text));
    }
    let s = eval::scores(&counts);
    eprintln!("WARC -> text: {s:?}");
    assert!(s.f1 >= 0.95, "F1 {:.4}", s.f1);
}

#[test]
fn common_crawl_warc_wet_wat() {
    let dir = sitrep_testdata::require!("corpora/warc");
    let (docs, errors) = read(&[dir.join("cc-main-2024-22_whirlwind.warc.gz")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1, "one HTML response among warcinfo/request/response/metadata");
    let d = &docs[0];
    assert_eq!(d.id, "urn:uuid:2aabeff2-67f5-4608-8466-e87c6296e2b6");
    assert_eq!(d.url.as_deref(), Some("https://an.wikipedia.org/wiki/Escopete"));
    assert!(d.text.contains("Escopete"), "{}", d.text);
    assert_eq!(d.metadata["warc"]["WARC-Identified-Payload-Type"], "text/html");
    // WET and WAT hold no response records: nothing to read, nothing wrong.
    for f in ["cc-main-2024-22_whirlwind.warc.wet.gz", "cc-main-2024-22_whirlwind.warc.wat.gz"] {
        let (docs, errors) = read(&[dir.join(f)]);
        assert!(docs.is_empty() && errors.is_empty(), "{f}: {docs:?} {errors:?}");
    }
}
