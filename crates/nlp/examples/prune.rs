//! Development aid: accuracy and speed of a model at several pruning thresholds (dev data only).
use sitrep_nlp::models::Models;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    for t in args[3..].iter().map(|s| s.parse::<f32>().unwrap()) {
        let m = Models { tagger: base.tagger.pruned(t), lemmatizer: base.lemmatizer.clone(), parser: base.parser.pruned(t), ner: base.ner.clone() };
        let s = sitrep_nlp::eval::evaluate(&m, &sents);
        println!("tagger {:?} parser {:?}", m.tagger.stats(), m.parser.stats());
        println!("prune {t}: tagger pairs {} parser pairs {} -> {:?}", m.tagger.pairs(), m.parser.pairs(), s);
    }
}
