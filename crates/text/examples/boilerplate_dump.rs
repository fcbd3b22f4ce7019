//! Development aid: prints the whole-paragraph exclusions found in a JSONL corpus.
//!
//! `cargo run -p sitrep-text --release --example boilerplate_dump -- FILE.jsonl [REASON]`

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: boilerplate_dump FILE.jsonl [REASON]");
    let want = args.get(2).cloned();
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    for line in data.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else { continue };
        let pars = sitrep_text::sentences::paragraphs(text);
        for e in sitrep_text::boilerplate::find(text, &pars) {
            let reason = serde_json::to_string(&e.reason).unwrap_or_default();
            if want.as_ref().is_some_and(|w| !reason.contains(w.as_str())) {
                continue;
            }
            let whole = pars.iter().any(|p| e.span.contains(*p));
            println!("{id}\t{reason}\t{}\t{}", if whole { "par" } else { "inline" }, text[e.span.start..e.span.end].chars().take(140).collect::<String>());
        }
    }
}
