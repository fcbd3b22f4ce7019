//! Scores a NER model on UNER EWT dev and GUM dev under several O biases (tuning only; never test files).
//! Usage: ner_obias DATA_DIR MODELS_DIR BIAS...
use std::path::Path;

use sitrep_nlp::ner::{self, Recognizer};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let data = Path::new(&a[1]);
    let mut rec = Recognizer::load(Path::new(&a[2])).unwrap();
    let ewt = ner::data::read_iob2(&data.join(ner::train::sources::UNER_DEV)).unwrap();
    let gaz = ner::train::build_gazetteer(data).unwrap();
    let splits = ner::data::read_gum_splits(&data.join(ner::train::sources::GUM_SPLITS)).unwrap();
    let gum: Vec<_> = ner::train::training_docs(data, &gaz)
        .unwrap()
        .into_iter()
        .filter(|d| splits.get(&d.id).is_some_and(|s| s == "dev"))
        .collect();
    for b in &a[3..] {
        rec.set_o_bias(b.parse().unwrap());
        let (e, g) = (ner::eval::score(&rec, &ewt), ner::eval::score(&rec, &gum));
        println!(
            "bias {b}: ewt P {:.2} R {:.2} F1 {:.2} ORG {:.1}; gum P {:.2} R {:.2} F1 {:.2} ORG {:.1}",
            e.precision, e.recall, e.f1, e.per_type["ORG"].f1, g.precision, g.recall, g.f1, g.per_type["ORG"].f1
        );
    }
}
