//! Development aid: per-stage CPU time (tag, lemma, parse) and an output checksum over a treebank's words.
//!
//! Usage: `stage_speed MODELS_DIR FILE.conllu [ROUNDS]`. The checksum covers every
//! tag, lemma, head and label, so a speed change can be checked to leave the output identical.
use sitrep_nlp::eval::timed;
use sitrep_nlp::hash::{hash_str, mix};
use sitrep_nlp::models::{Models, Scratch, WordsAnnotation};
use sitrep_nlp::parser::{ParseScratch, ParsedSentence};
use sitrep_nlp::tagger::{TagScratch, Tagger};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let models = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    let rounds: usize = args.get(3).map_or(7, |r| r.parse().unwrap());
    let words: Vec<Vec<&str>> = sents.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
    let n: usize = words.iter().map(|w| w.len()).sum();
    println!("tagger {:?} parser {:?}", models.tagger.stats(), models.parser.stats());
    // Checksum of the full output.
    let mut scratch = Scratch::default();
    let mut a = WordsAnnotation::default();
    let mut sum = 0u64;
    for w in &words {
        models.annotate_words(w, &mut scratch, &mut a);
        for i in 0..w.len() {
            sum = mix(sum, a.tags[i] as u64);
            sum = mix(sum, hash_str(&a.lemmas[i]));
            sum = mix(sum, a.parse.heads[i].map_or(u64::MAX, |h| h as u64));
            sum = mix(sum, a.parse.labels[i] as u64);
        }
    }
    println!("checksum {sum:016x}");
    // Inputs for the parse-only and lemma-only timings.
    let mut ts = TagScratch::default();
    let mut tags = Vec::new();
    let pre: Vec<(Vec<sitrep_nlp::features::WordView>, Vec<u64>)> = words
        .iter()
        .map(|w| {
            Tagger::views(w, &mut ts);
            models.tagger.tag_views(&mut ts, &mut tags);
            (ts.views.clone(), tags.iter().map(|&c| models.tagger.classes[c as usize].hash).collect())
        })
        .collect();
    let (mut full, mut tag, mut lem, mut par) = (vec![], vec![], vec![], vec![]);
    let mut ps = ParseScratch::default();
    let mut pout = ParsedSentence::default();
    let (mut lower, mut lemma) = (String::new(), String::new());
    for _ in 0..rounds {
        let ((), t, _) = timed(|| for w in &words { models.annotate_words(w, &mut scratch, &mut a) });
        full.push(n as f64 / t);
        let ((), t, _) = timed(|| for w in &words { Tagger::views(w, &mut ts); models.tagger.tag_views(&mut ts, &mut tags) });
        tag.push(n as f64 / t);
        let ((), t, _) = timed(|| {
            for (w, (_, h)) in words.iter().zip(&pre) {
                for (f, &th) in w.iter().zip(h) {
                    models.lemmatizer.lemmatize(f, th, &mut lower, &mut lemma);
                    std::hint::black_box(&lemma);
                }
            }
        });
        lem.push(n as f64 / t);
        let ((), t, _) = timed(|| for (v, h) in &pre { models.parser.parse(v, h, &mut ps, &mut pout) });
        par.push(n as f64 / t);
    }
    println!(
        "median of {rounds}: full {:.0} tok/s | tag(+views) {:.0} | lemma {:.0} | parse {:.0}",
        median(full), median(tag), median(lem), median(par)
    );
}
