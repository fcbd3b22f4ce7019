//! Development aid: writes a treebank back as CoNLL-U with the tagger's tags and the parser's heads and relations (gold tokens).
//!
//! Usage: `parse_dump MODELS_DIR IN.conllu > OUT.conllu`
use std::io::Write;

use sitrep_nlp::models::{Models, Scratch, WordsAnnotation};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let models = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    let mut scratch = Scratch::default();
    let mut a = WordsAnnotation::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        models.annotate_words(&words, &mut scratch, &mut a);
        for (i, w) in s.words.iter().enumerate() {
            let c = &models.tagger.classes[a.tags[i] as usize];
            let h = a.parse.heads[i].map(|h| h + 1).unwrap_or(0);
            let rel = models.parser.labels[a.parse.labels[i] as usize];
            writeln!(out, "{}\t{}\t_\t{}\t{}\t_\t{}\t{}\t_\t_", i + 1, w.form, c.upos.as_str(), c.xpos, h, rel).unwrap();
        }
        writeln!(out).unwrap();
    }
}
