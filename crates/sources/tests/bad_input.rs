//! Bad input never loses good input: each bad record is one clear error naming
//! its file and line or byte offset, and the rest of the batch is read.

use std::io::Write;
use std::path::PathBuf;

use sitrep_document::{Document, RecordError, RecordErrorKind};
use sitrep_sources::{open, warc, SourceOptions};

const MB: usize = 1024 * 1024;

fn read_with(paths: &[PathBuf], opts: &SourceOptions) -> Vec<Result<Document, RecordError>> {
    open(paths, opts).collect()
}

fn read(paths: &[PathBuf]) -> Vec<Result<Document, RecordError>> {
    read_with(paths, &SourceOptions::default())
}

/// Documents' ids and errors' kinds, in order.
fn summary(out: &[Result<Document, RecordError>]) -> Vec<Result<String, RecordErrorKind>> {
    out.iter().map(|r| r.as_ref().map(|d| d.id.clone()).map_err(|e| e.kind)).collect()
}

fn only_error(out: &[Result<Document, RecordError>]) -> &RecordError {
    let errors: Vec<&RecordError> = out.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn jsonl_line(id: &str, text: &str) -> String {
    format!("{}\n", serde_json::json!({"id": id, "text": text, "title": "T"}))
}

/// A small article page long enough for extraction to keep it.
fn page(n: usize) -> String {
    format!(
        "<html><head><title>Report {n}</title></head><body><article>\
         <p>Officials in the capital said on Monday that the talks number {n} had ended without agreement, and that both delegations would return next week.</p>\
         <p>The envoy told reporters that the gap between the two sides remained wide, but that a compromise on the border crossings was still possible.</p>\
         </article></body></html>"
    )
}

fn warc_response(n: usize, body: &[u8]) -> Vec<u8> {
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
    block.extend_from_slice(body);
    let mut out = Vec::new();
    let id = format!("<urn:uuid:{n}>");
    let uri = format!("https://news.example.org/{n}");
    warc::write_record(
        &mut out,
        &[("WARC-Type", "response"), ("WARC-Record-ID", &id), ("WARC-Target-URI", &uri), ("Content-Type", "application/http; msgtype=response")],
        &block,
    )
    .unwrap();
    out
}

#[test]
fn invalid_utf8_names_file_and_offset_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "date 2020-01-01 Good one.").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"line one\nbad \xC3\x28 byte").unwrap();
    std::fs::write(dir.path().join("c.txt"), "Good two.").unwrap();
    let jsonl = format!("{}{{\"id\":\"x\",\"text\":\"caf\u{e9}\"}}\n", jsonl_line("j1", "ok"));
    let mut jsonl = jsonl.into_bytes();
    let bad_at = jsonl.iter().rposition(|&b| b == 0xC3).unwrap();
    jsonl[bad_at] = 0xFF;
    jsonl.extend_from_slice(jsonl_line("j3", "after").as_bytes());
    std::fs::write(dir.path().join("d.jsonl"), &jsonl).unwrap();

    let out = read(&[dir.path().to_path_buf()]);
    assert_eq!(
        summary(&out),
        vec![
            Ok("a.txt".into()),
            Err(RecordErrorKind::InvalidUtf8),
            Ok("c.txt".into()),
            Ok("j1".into()),
            Err(RecordErrorKind::InvalidUtf8),
            Ok("j3".into()),
        ]
    );
    let e = out[1].as_ref().unwrap_err();
    assert!(e.location.path.ends_with("b.txt"));
    assert_eq!((e.location.line, e.location.offset), (Some(2), Some(13)));
    assert!(e.to_string().contains("b.txt:2 (byte 13)"), "{e}");
    let e = out[4].as_ref().unwrap_err();
    assert_eq!((e.location.line, e.location.offset), (Some(2), Some(bad_at as u64)));
}

#[test]
fn malformed_json_line_is_one_error_and_later_lines_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    let good = jsonl_line("a", "first");
    let data = format!("{good}{{\"id\": \"b\", \"text\": \"unterminated\n{}", jsonl_line("c", "third"));
    std::fs::write(&path, data).unwrap();
    let out = read(&[path]);
    assert_eq!(summary(&out), vec![Ok("a".into()), Err(RecordErrorKind::MalformedJson), Ok("c".into())]);
    let e = out[1].as_ref().unwrap_err();
    assert_eq!((e.location.line, e.location.offset), (Some(2), Some(good.len() as u64)));
    assert!(e.message.contains("malformed JSON"), "{}", e.message);
}

#[test]
fn truncated_gzip_keeps_what_decoded_and_the_next_file() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..2000).map(|i| jsonl_line(&format!("n{i}"), &format!("article number {i} {}", "words ".repeat(20)))).collect();
    let gz = gzip(lines.as_bytes());
    std::fs::write(dir.path().join("a.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(dir.path().join("b.jsonl"), jsonl_line("next-file", "still read")).unwrap();
    let out = read(&[dir.path().to_path_buf()]);
    let e = only_error(&out);
    assert_eq!(e.kind, RecordErrorKind::Truncated);
    assert!(e.location.path.ends_with("a.jsonl.gz") && e.location.line.is_some() && e.location.offset.is_some(), "{e}");
    let docs: Vec<&Document> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert!(docs.len() > 500, "records before the cut are read ({})", docs.len());
    assert_eq!(docs.last().unwrap().id, "next-file");
    // Records come in order, and the error sits after the last good record of its file.
    let pos = out.iter().position(|r| r.is_err()).unwrap();
    assert_eq!(pos, docs.len() - 1);
}

#[test]
fn truncated_gzipped_single_documents() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Officials said the talks had ended. ".repeat(2000);
    let gz = gzip(text.as_bytes());
    std::fs::write(dir.path().join("a.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    let html = gzip(format!("<html><body><p>{text}</p></body></html>").as_bytes());
    std::fs::write(dir.path().join("b.html.gz"), &html[..html.len() / 2]).unwrap();
    std::fs::write(dir.path().join("c.txt.gz"), gzip(b"Complete.")).unwrap();
    let out = read(&[dir.path().to_path_buf()]);
    assert_eq!(summary(&out), vec![Err(RecordErrorKind::Truncated), Err(RecordErrorKind::Truncated), Ok("c.txt.gz".into())]);
}

#[test]
fn truncated_warc_and_warc_gz() {
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<Vec<u8>> = (0..5).map(|n| warc_response(n, page(n).as_bytes())).collect();
    // Plain WARC cut inside the last record's block.
    let mut plain: Vec<u8> = records.concat();
    plain.truncate(plain.len() - 200);
    std::fs::write(dir.path().join("a.warc"), &plain).unwrap();
    // WARC.gz with one gzip member per record, the last member cut.
    let mut gz: Vec<u8> = records[..4].iter().flat_map(|r| gzip(r)).collect();
    let last = gzip(&records[4]);
    gz.extend_from_slice(&last[..last.len() / 2]);
    std::fs::write(dir.path().join("b.warc.gz"), &gz).unwrap();

    for name in ["a.warc", "b.warc.gz"] {
        let out = read(&[dir.path().join(name)]);
        let ids = summary(&out);
        assert_eq!(ids.len(), 5, "{name}: {ids:?}");
        assert_eq!(ids[..4], [Ok("urn:uuid:0".into()), Ok("urn:uuid:1".into()), Ok("urn:uuid:2".into()), Ok("urn:uuid:3".into())]);
        let e = only_error(&out);
        assert_eq!(e.kind, RecordErrorKind::Truncated, "{name}: {e}");
        assert!(e.location.offset.unwrap() > 0, "{name}: {e}");
    }
}

#[test]
fn truncated_real_warc_gz() {
    let src = sitrep_testdata::require!("corpora/warc/news_pages_repackaged.warc.gz");
    let bytes = std::fs::read(src).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.warc.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 3]).unwrap();
    let out = read(&[cut]);
    let e = only_error(&out);
    assert_eq!(e.kind, RecordErrorKind::Truncated);
    let docs = out.iter().filter(|r| r.is_ok()).count();
    assert!((30..181).contains(&docs), "{docs} documents before the cut");
}

#[test]
fn empty_bodies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "").unwrap();
    std::fs::write(dir.path().join("b.txt"), "date 2020-05-29 \n\n").unwrap();
    std::fs::write(dir.path().join("c.jsonl"), format!("{}{}", jsonl_line("e", "  "), jsonl_line("f", "full"))).unwrap();
    std::fs::write(dir.path().join("d.html"), "<html><head><title>Nothing here</title></head><body></body></html>").unwrap();
    let out = read(&[dir.path().to_path_buf()]);
    assert_eq!(
        summary(&out),
        vec![
            Err(RecordErrorKind::Empty),
            Err(RecordErrorKind::Empty),
            Err(RecordErrorKind::Empty),
            Ok("f".into()),
            Err(RecordErrorKind::Empty),
        ]
    );
    assert!(out[4].as_ref().unwrap_err().location.path.ends_with("d.html"));
}

#[test]
fn binary_file_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..100_000u32).map(|i| (i * 7919 % 251) as u8));
    std::fs::write(dir.path().join("photo.png"), &png).unwrap();
    // Binary content with a text extension, and forced through a text reader.
    std::fs::write(dir.path().join("data.jsonl"), &png).unwrap();
    std::fs::write(dir.path().join("z.txt"), "Good text.").unwrap();
    let out = read(&[dir.path().to_path_buf()]);
    assert_eq!(summary(&out), vec![Err(RecordErrorKind::Binary), Err(RecordErrorKind::Binary), Ok("z.txt".into())]);
    let forced = SourceOptions { format: Some(sitrep_sources::InputFormat::Record), ..Default::default() };
    let out = read_with(&[dir.path().join("photo.png")], &forced);
    assert_eq!(out.len(), 1);
    assert!(out[0].is_err());
}

#[test]
fn fifty_megabyte_documents_are_skipped_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let big = "word ".repeat(10 * MB); // 50 MB
    // A plain text record.
    std::fs::write(dir.path().join("a_big.txt"), &big).unwrap();
    // A JSONL line between two good ones.
    let mut f = std::fs::File::create(dir.path().join("b.jsonl")).unwrap();
    f.write_all(jsonl_line("before", "ok").as_bytes()).unwrap();
    f.write_all(jsonl_line("huge", &big).as_bytes()).unwrap();
    f.write_all(jsonl_line("after", "ok").as_bytes()).unwrap();
    drop(f);
    // A WARC record between two good ones.
    let mut w = warc_response(1, page(1).as_bytes());
    w.extend(warc_response(2, format!("<html><body><p>{big}</p></body></html>").as_bytes()));
    w.extend(warc_response(3, page(3).as_bytes()));
    std::fs::write(dir.path().join("c.warc"), &w).unwrap();
    drop(w);
    // An HTML page.
    std::fs::write(dir.path().join("d.html"), format!("<html><body><p>{big}</p></body></html>")).unwrap();
    drop(big);

    let out = read(&[dir.path().to_path_buf()]);
    assert_eq!(
        summary(&out),
        vec![
            Err(RecordErrorKind::TooLarge),
            Ok("before".into()),
            Err(RecordErrorKind::TooLarge),
            Ok("after".into()),
            Ok("urn:uuid:1".into()),
            Err(RecordErrorKind::TooLarge),
            Ok("urn:uuid:3".into()),
            Err(RecordErrorKind::TooLarge),
        ]
    );
    let e = out[2].as_ref().unwrap_err();
    assert_eq!(e.location.line, Some(2));
    assert!(e.message.contains("--max-doc-bytes"), "{}", e.message);
    assert_eq!(out[5].as_ref().unwrap_err().location.record.as_deref(), Some("urn:uuid:2"));

    // The limit is configurable.
    let tight = SourceOptions { max_doc_bytes: 10, ..Default::default() };
    let out = read_with(&[dir.path().join("b.jsonl")], &tight);
    assert!(out.iter().all(|r| r.as_ref().is_err_and(|e| e.kind == RecordErrorKind::TooLarge)));
}

#[test]
fn missing_files_and_unmatched_globs_are_errors_not_aborts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.txt"), "Fine.").unwrap();
    let paths = [dir.path().join("missing.txt"), dir.path().join("*.warc"), dir.path().join("ok.txt")];
    let out = read(&paths);
    assert_eq!(summary(&out), vec![Err(RecordErrorKind::Io), Err(RecordErrorKind::Io), Ok("ok.txt".into())]);
    assert!(out[0].as_ref().unwrap_err().to_string().contains("missing.txt"));
}
