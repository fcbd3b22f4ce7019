//! Development aid: parses the parser's own training data the way unseen text is parsed, for training a tree corrector.
//!
//! `parser_jack FOLDS OUT.tsv` — each training sentence (EWT train + GUM train) is
//! tagged by a jackknifed tagger and parsed by a parser trained on the other folds.
//! `parser_jack dev MODELS OUT.tsv DEV.conllu` parses a dev file with the shipped models.
//! Output, one word per line, a blank line between sentences:
//! form, tag hash, coarse tag hash, predicted head (1-based, 0 root), predicted label, gold head, gold label.
use std::fmt::Write as _;
use sitrep_nlp::training::{self, Corpus, ParserRecipe};

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
    let mut out = String::new();
    if a[1] == "dev" {
        let m = sitrep_nlp::models::Models::load(std::path::Path::new(&a[2])).unwrap();
        let sents = sitrep_conllu::read_file(&a[4]).unwrap();
        let mut scratch = sitrep_nlp::models::Scratch::default();
        for s in &sents {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let mut ann = sitrep_nlp::models::WordsAnnotation::default();
            m.annotate_words(&words, &mut scratch, &mut ann);
            for (i, w) in s.words.iter().enumerate() {
                let c = &m.tagger.classes[ann.tags[i] as usize];
                let h = ann.parse.heads[i].map_or(0, |h| h + 1);
                let l = m.parser.labels[ann.parse.labels[i] as usize];
                writeln!(out, "{}\t{:x}\t{:x}\t{}\t{}\t{}\t{}", w.form, c.hash, sitrep_nlp::hash::hash_str(c.upos.as_str()), h, l, w.head, w.deprel).unwrap();
            }
            out.push('\n');
        }
        std::fs::write(&a[3], out).unwrap();
        return;
    }
    let k: usize = a[1].parse().unwrap();
    let corpus = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: Some(shared.join("gum")) };
    let sents = corpus.load().unwrap();
    let recipe = ParserRecipe::default();
    let t0 = std::time::Instant::now();
    let mut log = |m: String| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64());
    let tags = training::jackknife_tags(&sents, &recipe, &mut log);
    let labels = training::label_set(&sents);
    let data = training::tree_sentences(&sents, tags, &labels, false);
    let mut coarse = std::collections::HashMap::new();
    for w in sents.iter().flat_map(|s| s.words.iter()) {
        coarse.insert(sitrep_nlp::tagger::tag_hash(&w.upos, &w.xpos), sitrep_nlp::hash::hash_str(&w.upos));
    }
    use rayon::prelude::*;
    let parsed: Vec<Vec<(usize, sitrep_nlp::parser::ParsedSentence)>> = (0..k)
        .into_par_iter()
        .map(|f| {
            let tr: Vec<usize> = (0..sents.len()).filter(|i| i % k != f).collect();
            let s2: Vec<_> = tr.iter().map(|&i| sents[i].clone()).collect();
            let d2: Vec<_> = tr.iter().map(|&i| data[i].clone()).collect();
            let p = training::train_parser_on(&s2, labels.clone(), &d2, &recipe, &mut |m| eprintln!("fold {f}: {m}")).finish(0.0, 0.0);
            let mut scratch = sitrep_nlp::parser::ParseScratch::default();
            (0..sents.len())
                .filter(|i| i % k == f)
                .map(|i| {
                    let mut o = sitrep_nlp::parser::ParsedSentence::default();
                    p.parse(&data[i].views, &data[i].tags, &mut scratch, &mut o);
                    (i, o)
                })
                .collect()
        })
        .collect();
    let mut all = vec![None; sents.len()];
    for r in parsed {
        for (i, o) in r {
            all[i] = Some(o);
        }
    }
    let lab: Vec<&str> = labels.iter().map(|s| s.as_str()).collect();
    let (mut ok, mut n) = (0, 0);
    for (i, s) in sents.iter().enumerate() {
        let o = all[i].as_ref().unwrap();
        for (j, w) in s.words.iter().enumerate() {
            let h = o.heads[j].map_or(0, |h| h + 1);
            n += 1;
            ok += (h == w.head) as usize;
            let t = data[i].tags[j];
            writeln!(out, "{}\t{:x}\t{:x}\t{}\t{}\t{}\t{}", w.form, t, coarse.get(&t).copied().unwrap_or(0), h, lab[o.labels[j] as usize], w.head, w.deprel).unwrap();
        }
        out.push('\n');
    }
    eprintln!("jackknifed UAS {:.2} over {n} words", 100.0 * ok as f64 / n as f64);
    std::fs::write(&a[2], out).unwrap();
}
