//! Development aid: per-stage CPU time of tagging, lemmatizing and parsing over a treebank's words.
use sitrep_nlp::eval::timed;
use sitrep_nlp::models::{Models, Scratch, WordsAnnotation};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let models = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n: usize = words.iter().map(|w| w.len()).sum();
    let mut scratch = Scratch::default();
    let mut a = WordsAnnotation::default();
    for round in 0..3 {
        let ((), full, _) = timed(|| for w in &words { models.annotate_words(w, &mut scratch, &mut a) });
        let ((), tp, _) = timed(|| for w in &words { models.tag_and_parse(w, &mut scratch, &mut a) });
        let ((), t, _) = timed(|| for w in &words { models.tag_only(w, &mut scratch, &mut a) });
        println!("round {round}: full {:.0} tok/s, tag+parse {:.0} tok/s, tag {:.0} tok/s", n as f64 / full, n as f64 / tp, n as f64 / t);
    }
}
