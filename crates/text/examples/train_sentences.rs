//! Trains the sentence-boundary model shipped in `models/sentences.bin`.
//!
//! `cargo run -p sitrep-text --release --example train_sentences -- [OUT] [EPOCHS]`
//!
//! Reads UD English EWT train and the GUM documents of the train split from
//! `$SITREP_SHARED/data/nlp` (default `../shared/data/nlp`), so the EWT dev/test,
//! GUM dev/test and PUD files stay unseen, and prints the EWT dev score.

use std::path::{Path, PathBuf};

use sitrep_text::eval::{gold_documents, GoldDocument};
use sitrep_text::sentences::{train, TrainingText};

fn load(path: &Path) -> Vec<GoldDocument> {
    let name = path.display().to_string();
    let sents = sitrep_conllu::read_file(path).unwrap_or_else(|e| panic!("{e}"));
    gold_documents(&name, &sents).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = PathBuf::from(args.get(1).map_or("models/sentences.bin", String::as_str));
    let epochs: usize = args.get(2).and_then(|e| e.parse().ok()).unwrap_or(8);
    let shared = std::env::var_os("SITREP_SHARED").map_or_else(|| PathBuf::from("../shared"), PathBuf::from);
    let nlp = shared.join("data/nlp");
    let mut docs = load(&nlp.join("ud_english_ewt/en_ewt-ud-train.conllu"));
    let splits = std::fs::read_to_string(nlp.join("gum/splits.tsv")).expect("gum/splits.tsv");
    let mut gum = 0;
    for line in splits.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(doc), Some("train")) = (f.next(), f.next()) else { continue };
        let p = nlp.join(format!("gum/dep/{doc}.conllu"));
        if p.exists() {
            docs.extend(load(&p));
            gum += 1;
        }
    }
    let texts: Vec<TrainingText> = docs
        .iter()
        .map(|d| TrainingText { text: d.text.clone(), sentence_ends: d.sentences.iter().map(|s| s.end).collect() })
        .collect();
    eprintln!("training on {} documents ({gum} from GUM), {epochs} epochs", texts.len());
    let model = train(&texts, epochs);
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    let dev = load(&nlp.join("ud_english_ewt/en_ewt-ud-dev.conllu"));
    let r = sitrep_text::eval::score_with(&model, "ewt-dev", &dev);
    println!("{}", serde_json::to_string(&r).unwrap_or_default());
    let mut gum_dev = Vec::new();
    for line in splits.lines().skip(1) {
        let mut f = line.split('\t');
        let (Some(doc), Some("dev")) = (f.next(), f.next()) else { continue };
        let p = nlp.join(format!("gum/dep/{doc}.conllu"));
        if p.exists() {
            gum_dev.extend(load(&p));
        }
    }
    let r = sitrep_text::eval::score_with(&model, "gum-dev", &gum_dev);
    println!("{}", serde_json::to_string(&r).unwrap_or_default());
}
