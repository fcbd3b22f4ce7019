//! Prints the sentence splitter's sentences of a CoNLL-U file's rebuilt raw text, one per
//! line (`start`, `end`, text), so that two versions of the splitter can be compared with `diff`:
//! `cargo run --release -p sitrep-text --example sentdump -- FILE.conllu`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: sentdump FILE.conllu");
        std::process::exit(2);
    };
    let sents = match sitrep_conllu::read_file(std::path::Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let docs = match sitrep_text::eval::gold_documents(&path, &sents) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    for d in &docs {
        let (_, sys) = sitrep_text::eval::system_segmentation(&d.text);
        for s in &sys {
            println!("{}\t{}\t{}", s.start, s.end, d.text[s.start..s.end].replace('\n', " "));
        }
    }
}
