//! GDELT rows of real articles run through the whole pipeline: every row that
//! the three sinks write passes the shape checker that real GDELT rows pass.
//! The stages fill in over time; whatever they produce must stay GDELT-shaped.

use sitrep_pipeline::{Config, Pipeline, Sink};
use sitrep_sinks::gdelt::check::{parse_event, parse_gkg, parse_mention};
use sitrep_sinks::gdelt::{EventsSink, GdeltOptions, GkgSink, MentionsSink};
use sitrep_sources::SourceOptions;

fn run(pipeline: &Pipeline, paths: &[std::path::PathBuf], take: usize, sink: &mut dyn Sink) {
    let docs = sitrep_sources::open(paths, &SourceOptions::default()).take(take);
    sitrep_pipeline::run(pipeline, docs, sink, |_| {}).expect("sink failed");
}

#[test]
fn pipeline_output_is_gdelt_shaped() {
    let news = sitrep_testdata::require!("corpora/news/abp_allsides_dev.jsonl");
    let mut paths = vec![sitrep_testdata::repo_root().join("examples"), news];
    if let Some(seeds) = sitrep_testdata::seeds() {
        paths.insert(0, seeds);
    }
    let pipeline = Pipeline::load(&Config::default()).expect("the shipped pipeline loads");
    let opts = GdeltOptions::default();
    let take = 150;

    let mut buf = Vec::new();
    run(&pipeline, &paths, take, &mut GkgSink::new(&mut buf, opts.clone()));
    let gkg = String::from_utf8(buf).unwrap();
    let mut n = 0;
    for line in gkg.lines() {
        parse_gkg(line).unwrap_or_else(|e| panic!("{e}\n{line}"));
        n += 1;
    }
    assert!(n >= take / 2, "only {n} GKG rows from {take} documents");

    let mut buf = Vec::new();
    run(&pipeline, &paths, take, &mut EventsSink::new(&mut buf, opts.clone()));
    let events = String::from_utf8(buf).unwrap();
    for line in events.lines() {
        parse_event(line).unwrap_or_else(|e| panic!("{e}\n{line}"));
    }
    let mut buf = Vec::new();
    run(&pipeline, &paths, take, &mut MentionsSink::new(&mut buf, opts));
    let mentions = String::from_utf8(buf).unwrap();
    for line in mentions.lines() {
        parse_mention(line).unwrap_or_else(|e| panic!("{e}\n{line}"));
    }
    assert!(mentions.lines().count() >= events.lines().count());
    eprintln!(
        "{n} GKG rows, {} Event rows, {} Mentions rows checked",
        events.lines().count(),
        mentions.lines().count()
    );
}
