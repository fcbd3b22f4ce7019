//! Development aid: prints the most frequent lemma and tag errors on a treebank.
use std::collections::HashMap;
use sitrep_nlp::models::{Models, Scratch, WordsAnnotation};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let models = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    let mut scratch = Scratch::default();
    let mut a = WordsAnnotation::default();
    let mut lem: HashMap<String, usize> = HashMap::new();
    let mut tag: HashMap<String, usize> = HashMap::new();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        models.annotate_words(&words, &mut scratch, &mut a);
        for (i, w) in s.words.iter().enumerate() {
            let c = &models.tagger.classes[a.tags[i] as usize];
            if a.lemmas[i] != w.lemma {
                *lem.entry(format!("{} {} gold={} sys={} tagok={}", w.form, w.xpos, w.lemma, a.lemmas[i], c.xpos == w.xpos)).or_default() += 1;
            }
            if c.upos.as_str() != w.upos {
                *tag.entry(format!("{} gold={} sys={}", w.form, w.upos, c.upos)).or_default() += 1;
            }
        }
    }
    for (name, m) in [("lemma", lem), ("upos", tag)] {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!("== {name} errors: {}", v.iter().map(|e| e.1).sum::<usize>());
        for (k, c) in v.iter().take(40) {
            println!("{c:5} {k}");
        }
    }
}
