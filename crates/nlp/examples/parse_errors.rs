//! Development aid: where the parser's head errors are on a (dev) treebank —
//! by gold relation, by sentence length, and with gold tags instead of the tagger's.
use std::collections::HashMap;
use sitrep_nlp::models::{Models, Scratch, WordsAnnotation};
use sitrep_nlp::parser::{ParseScratch, ParsedSentence};
use sitrep_nlp::tagger::{tag_hash, TagScratch, Tagger};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let models = Models::load(std::path::Path::new(&args[1])).unwrap();
    let sents = sitrep_conllu::read_file(&args[2]).unwrap();
    let mut scratch = Scratch::default();
    let mut a = WordsAnnotation::default();
    let (mut ts, mut ps, mut gp) = (TagScratch::default(), ParseScratch::default(), ParsedSentence::default());
    let mut by_rel: HashMap<String, (usize, usize, usize)> = HashMap::new();
    let mut by_len: HashMap<usize, (usize, usize)> = HashMap::new();
    let (mut n, mut ok, mut ok_gold, mut tag_ok) = (0usize, 0usize, 0usize, 0usize);
    let skip_punct = std::env::var("NOPUNCT").is_ok();
    for s in &sents {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        models.annotate_words(&words, &mut scratch, &mut a);
        Tagger::views(&words, &mut ts);
        let gold_tags: Vec<u64> = s.words.iter().map(|w| tag_hash(&w.upos, &w.xpos)).collect();
        models.parser.parse(&ts.views, &gold_tags, &mut ps, &mut gp);
        let bucket = (s.words.len() / 10).min(5);
        for (i, w) in s.words.iter().enumerate() {
            if skip_punct && w.upos == "PUNCT" {
                continue;
            }
            let h = a.parse.heads[i].map(|h| h + 1).unwrap_or(0);
            let hg = gp.heads[i].map(|h| h + 1).unwrap_or(0);
            let c = &models.tagger.classes[a.tags[i] as usize];
            tag_ok += (c.xpos == w.xpos) as usize;
            n += 1;
            ok += (h == w.head) as usize;
            ok_gold += (hg == w.head) as usize;
            let rel = w.deprel.split(':').next().unwrap().to_string();
            let e = by_rel.entry(rel).or_default();
            e.0 += 1;
            e.1 += (h != w.head) as usize;
            e.2 += (hg != w.head) as usize;
            let l = by_len.entry(bucket).or_default();
            l.0 += 1;
            l.1 += (h == w.head) as usize;
        }
    }
    println!("words {n} UAS {:.2} gold-tag UAS {:.2} xpos {:.2}", 100.0 * ok as f64 / n as f64, 100.0 * ok_gold as f64 / n as f64, 100.0 * tag_ok as f64 / n as f64);
    let mut v: Vec<_> = by_rel.into_iter().collect();
    v.sort_by(|a, b| b.1 .1.cmp(&a.1 .1));
    println!("{:<12} {:>6} {:>6} {:>6} {:>7}", "gold rel", "words", "errors", "share", "gold-tag errors");
    let errs: usize = v.iter().map(|e| e.1 .1).sum();
    for (r, (t, e, eg)) in v.iter().take(20) {
        println!("{r:<12} {t:>6} {e:>6} {:>5.1}% {eg:>6}", 100.0 * *e as f64 / errs as f64);
    }
    let mut l: Vec<_> = by_len.into_iter().collect();
    l.sort();
    for (b, (t, k)) in l {
        let range = if b == 5 { "50+".to_string() } else { format!("{}-{}", b * 10, b * 10 + 9) };
        println!("length {range:<6} words {t:>6} UAS {:.2}", 100.0 * k as f64 / t as f64);
    }
}
