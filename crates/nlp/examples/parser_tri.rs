//! Development aid: agreement-based self-training of the parser on unlabelled news (dev data only).
//!
//! `parser_tri MODELS_DIR NEWS.jsonl[,NEWS2.jsonl] DOCS DEV.conllu...`: trains a
//! right-to-left parser (mirrored word order) on the treebanks, parses the first
//! DOCS articles of each news file with it and with the shipped left-to-right
//! parser, and keeps the sentences on which both agree on every head and label.
//! Then trains left-to-right parsers on the treebanks plus K of those sentences
//! (`KS=0,20000,...`) and scores each on the dev files. Env: `MINLEN`, `MAXLEN`.
use sitrep_nlp::models::Models;
use sitrep_nlp::parser::{ParseScratch, ParsedSentence, TreeSentence};
use sitrep_nlp::tagger::{TagScratch, Tagger};
use sitrep_nlp::training::{self, Corpus, ParserRecipe};

fn env<T: std::str::FromStr>(k: &str, d: T) -> T {
    std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d)
}

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let shared = std::path::PathBuf::from(std::env::var("SITREP_SHARED").unwrap_or_else(|_| "../shared".into())).join("data/nlp");
    let corpus = Corpus { files: vec![shared.join("ud_english_ewt/en_ewt-ud-train.conllu")], gum: Some(shared.join("gum")) };
    let sents = corpus.load().unwrap();
    let recipe = ParserRecipe::default();
    let t0 = std::time::Instant::now();
    let mut log = |m: String| eprintln!("[{:.0}s] {m}", t0.elapsed().as_secs_f64());
    let tags = training::jackknife_tags(&sents, &recipe, &mut log);
    let labels = training::label_set(&sents);
    let base = Models::load(std::path::Path::new(&a[1])).unwrap();
    assert_eq!(base.parser.labels.len(), labels.len(), "label sets differ");
    let rtl = training::train_parser_on(&sents, labels.clone(), &training::tree_sentences(&sents, tags.clone(), &labels, true), &recipe, &mut log).finish(0.0, 0.0);
    log("right-to-left parser trained".into());
    let docs: usize = a[3].parse().unwrap();
    let (minlen, maxlen) = (env("MINLEN", 5usize), env("MAXLEN", 40usize));
    let mut auto: Vec<TreeSentence> = Vec::new();
    let (mut seen, mut words_seen) = (0usize, 0usize);
    let (mut ts, mut ps) = (TagScratch::default(), ParseScratch::default());
    let (mut tagv, mut l2r, mut r2l) = (Vec::new(), ParsedSentence::default(), ParsedSentence::default());
    for file in a[2].split(',') {
        let text = std::fs::read_to_string(file).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()).take(docs) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let t = v["text"].as_str().unwrap_or("");
            let seg = sitrep_text::segment(t);
            for s in &seg.sentences {
                let words: Vec<&str> = seg.tokens[s.tokens.clone()].iter().map(|k| &t[k.span.start..k.span.end]).collect();
                let n = words.len();
                if n < minlen || n > maxlen {
                    continue;
                }
                seen += 1;
                words_seen += n;
                Tagger::views(&words, &mut ts);
                base.tagger.tag_views(&mut ts, &mut tagv);
                let hashes: Vec<u64> = tagv.iter().map(|&c| base.tagger.classes[c as usize].hash).collect();
                let views = ts.views.clone();
                base.parser.parse(&views, &hashes, &mut ps, &mut l2r);
                let (mut rv, mut rh) = (views.clone(), hashes.clone());
                rv.reverse();
                rh.reverse();
                rtl.parse(&rv, &rh, &mut ps, &mut r2l);
                let agree = (0..n).all(|i| {
                    let j = n - 1 - i;
                    let hr = r2l.heads[j].map(|h| (n - 1 - h as usize) as u32);
                    hr == l2r.heads[i] && r2l.labels[j] == l2r.labels[i]
                });
                if agree {
                    auto.push(TreeSentence { views, tags: hashes, heads: l2r.heads.iter().map(|h| h.unwrap_or(n as u32)).collect(), labels: l2r.labels.clone() });
                }
            }
        }
    }
    log(format!("news: {seen} sentences ({words_seen} words) of {minlen}..={maxlen} words, {} agreed ({} words)", auto.len(), auto.iter().map(|s| s.heads.len()).sum::<usize>()));
    let dev: Vec<_> = a[4..].iter().map(|f| (f.clone(), sitrep_conllu::read_file(f).unwrap())).collect();
    let gold = training::tree_sentences(&sents, tags, &labels, false);
    let ks: Vec<usize> = std::env::var("KS").map_or(vec![0, auto.len()], |v| v.split(',').map(|x| x.parse().unwrap()).collect());
    for k in ks {
        // Every (len/k)-th agreed sentence, so that all the news files contribute.
        let step = (auto.len() as f64 / k.max(1) as f64).max(1.0);
        let mut data = gold.clone();
        let mut x = 0.0;
        while (x as usize) < auto.len() && data.len() < gold.len() + k {
            data.push(auto[x as usize].clone());
            x += step;
        }
        let p = training::train_parser_on(&sents, labels.clone(), &data, &recipe, &mut |_| {}).finish(0.0, 0.0);
        let m = Models { tagger: base.tagger.clone(), lemmatizer: base.lemmatizer.clone(), parser: p, ner: base.ner.clone() };
        for (f, s) in &dev {
            let sc = sitrep_nlp::eval::evaluate(&m, s);
            println!("k {k} (+{} sentences): {f}: UAS {:.2} LAS {:.2}", data.len() - gold.len(), sc.uas, sc.las);
        }
        log(format!("k {k} done"));
    }
}
