//! `sitrep analyze` input handling end to end: formats, stdin, globs, bad input and exit codes.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn sitrep(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    cmd.args(args).stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() }).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run sitrep");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// Output lines: `Ok(id)` for documents, `Err(kind)` for record errors.
fn records(out: &Output) -> Vec<Result<String, String>> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("bad output line {l:?}: {e}"));
            match v.get("error") {
                Some(e) => Err(e["kind"].as_str().unwrap().to_string()),
                None => Ok(v["id"].as_str().unwrap().to_string()),
            }
        })
        .collect()
}

fn jsonl_line(id: &str, text: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "title": "T", "text": text}))
}

const PAGE: &str = "<!DOCTYPE html><html><head><title>Talks End</title>\
    <link rel=\"canonical\" href=\"https://news.example.org/talks\"></head><body><nav>Home | World</nav><article>\
    <p>Officials in the capital said on Monday that the talks had ended without agreement, and that both delegations would return next week.</p>\
    <p>The envoy told reporters that the gap between the two sides remained wide, but that a compromise on the border crossings was still possible.</p>\
    </article></body></html>";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn good_inputs_of_every_format_exit_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", "date 2024-03-11 Turkey shipped wheat to Lebanon on Monday.");
    write(d, "b.jsonl", format!("{}{}", jsonl_line("j1", "One."), jsonl_line("j2", "Two.")));
    write(d, "c.html", PAGE);
    let mut warc = Vec::new();
    let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
    sitrep_sources::warc::write_record(
        &mut warc,
        &[("WARC-Type", "response"), ("WARC-Record-ID", "<urn:uuid:w1>"), ("WARC-Target-URI", "https://x.example/t"), ("Content-Type", "application/http; msgtype=response")],
        block.as_bytes(),
    )
    .unwrap();
    write(d, "d.warc", warc);
    let out = sitrep(&["analyze", "--format", "jsonl", d.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(records(&out), [Ok("a.txt".into()), Ok("j1".into()), Ok("j2".into()), Ok("c.html".into()), Ok("urn:uuid:w1".into())]);

    // A quoted glob, and a forced format.
    let pattern = format!("{}/*.jsonl", d.display());
    let out = sitrep(&["analyze", "--format", "jsonl", &pattern], None);
    assert_eq!(records(&out), [Ok("j1".into()), Ok("j2".into())]);
    write(d, "page.txt", PAGE);
    let out = sitrep(&["analyze", "--format", "jsonl", "--input-format", "html", d.join("page.txt").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let line: Value = serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["title"], "Talks End");
    assert_eq!(line["url"], "https://news.example.org/talks");
}

#[test]
fn stdin_is_read_and_detected() {
    let input = format!("{}{}", jsonl_line("s1", "From stdin."), jsonl_line("s2", "Again."));
    let out = sitrep(&["analyze", "--format", "jsonl", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(records(&out), [Ok("s1".into()), Ok("s2".into())]);
    let out = sitrep(&["analyze", "--format", "jsonl", "-"], Some(b"date 2020-05-29 Plain text on stdin."));
    assert_eq!(records(&out), [Ok("stdin".into())]);
}

#[test]
fn bad_records_exit_two_and_good_records_after_them_are_output() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Sorted order: a..g.
    write(d, "a.jsonl", format!("{}{{\"id\": broken\n{}", jsonl_line("a1", "Before."), jsonl_line("a3", "After the bad line.")));
    write(d, "b.txt", b"invalid \xff UTF-8");
    write(d, "c.bin", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    write(d, "d.txt", "");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let many: String = (0..3000).map(|i| jsonl_line(&format!("e{i}"), &format!("Article {i} {}", "text ".repeat(30)))).collect();
    gz.write_all(many.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    write(d, "e.jsonl.gz", &gz[..gz.len() / 2]);
    write(d, "f.txt", "x".repeat(5000));
    write(d, "g.txt", "The last good record.");
    let out = sitrep(&["analyze", "--format", "jsonl", "--max-doc-bytes", "4K", d.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let recs = records(&out);
    let errors: Vec<&String> = recs.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors, ["malformed_json", "invalid_utf8", "binary", "empty", "truncated", "too_large"]);
    let ids: Vec<&String> = recs.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(ids[..2], ["a1", "a3"]);
    assert_eq!(ids.last().unwrap().as_str(), "g.txt");
    assert!(recs.iter().position(|r| r.as_ref().is_ok_and(|id| id == "a3")) > recs.iter().position(|r| r.is_err()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6 records failed"), "{stderr}");
}

#[test]
fn usage_errors_exit_one() {
    for args in [
        &["analyze", "--input-format", "pdf", "x"][..],
        &["analyze", "--max-doc-bytes", "lots", "x"],
        &["analyze", "--no-such-flag", "x"],
        &["analyze"],
    ] {
        let out = sitrep(args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn seed_records_through_the_cli() {
    let Some(seeds) = sitrep_testdata::seeds() else { return };
    let out = sitrep(&["analyze", "--format", "jsonl", seeds.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out);
    assert!(recs.contains(&Ok("000_c99dcc675ea4ea27.txt".into())), "{recs:?}");
    assert!(recs.iter().all(Result::is_ok));
}
