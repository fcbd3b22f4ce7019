//! Boilerplate detection on real article text: a hand-labelled sample of the abp
//! corpus (labels in tests/data, text read from ../shared), The Hill's inline
//! related headlines, and the second seed record.

use std::collections::{HashMap, HashSet};

use sitrep_document::ExclusionReason;
use sitrep_text::{boilerplate, sentences, segment};

fn records(path: &std::path::Path) -> HashMap<String, (String, String)> {
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let id = v.get("id")?.as_str()?.to_string();
            let source = v.get("source").and_then(|s| s.as_str()).unwrap_or_default().to_string();
            Some((id, (source, v.get("text")?.as_str()?.to_string())))
        })
        .collect()
}

#[test]
fn abp_labelled_sample_precision_recall() {
    let path = sitrep_testdata::require!("corpora/news/abp_allsides_dev.jsonl");
    let recs = records(&path);
    let labels = include_str!("data/boilerplate_abp.tsv");
    let mut gold: HashMap<&str, HashMap<usize, char>> = HashMap::new();
    for line in labels.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let entry = gold.entry(f[0]).or_default();
        if let Ok(k) = f[1].parse::<usize>() {
            entry.insert(k, f[2].chars().next().unwrap_or('S'));
        }
    }
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let mut errors = Vec::new();
    for (id, labels) in &gold {
        let (_, text) = recs.get(*id).unwrap_or_else(|| panic!("record {id} missing from the corpus"));
        let pars = sentences::paragraphs(text);
        let found = boilerplate::find(text, &pars);
        for (k, p) in pars.iter().enumerate() {
            let label = labels.get(&k).copied().unwrap_or('S');
            if label == '-' {
                continue;
            }
            // Whole-paragraph exclusions only; inline spans are scored by the next test.
            let predicted = found.iter().any(|e| e.span.contains(*p));
            match (label == 'B', predicted) {
                (true, true) => tp += 1,
                (false, true) => {
                    fp += 1;
                    errors.push(format!("false positive {id} #{k}"));
                }
                (true, false) => {
                    fneg += 1;
                    errors.push(format!("missed {id} #{k}"));
                }
                _ => {}
            }
        }
    }
    let p = 100.0 * tp as f64 / (tp + fp).max(1) as f64;
    let r = 100.0 * tp as f64 / (tp + fneg).max(1) as f64;
    eprintln!("{{\"records\":{},\"boilerplate_gold\":{},\"tp\":{tp},\"fp\":{fp},\"fn\":{fneg},\"precision\":{p:.1},\"recall\":{r:.1}}}", gold.len(), tp + fneg);
    for e in &errors {
        eprintln!("  {e}");
    }
    assert!(p >= 95.0, "boilerplate precision {p:.1} < 95");
    assert!(r >= 85.0, "boilerplate recall {r:.1} < 85");
}

#[test]
fn the_hill_inline_headlines_are_cut_out() {
    let path = sitrep_testdata::require!("corpora/news/abp_allsides_dev.jsonl");
    let recs = records(&path);
    let (mut blocks, mut covered, mut bad) = (0, 0, 0);
    for (_, (source, text)) in recs.iter().filter(|(_, (s, _))| s == "The Hill") {
        let _ = source;
        let found = boilerplate::find(text, &sentences::paragraphs(text));
        // Every "MORE" that closes a block of glued headlines should end an excluded span.
        for (i, _) in text.match_indices(" MORE") {
            let end = i + 5;
            if text[end..].starts_with(|c: char| c.is_alphanumeric()) {
                continue;
            }
            blocks += 1;
            if found.iter().any(|e| e.span.end == end && e.reason == ExclusionReason::RelatedHeadline) {
                covered += 1;
            }
        }
        // An inline span never swallows the story around it: it starts with the card's full
        // name, not at an earlier word of the sentence, and stays under 150 words (cards of five
        // headlines joined by ` | ` reach 90; all spans over 60 words were read by hand).
        for e in found.iter().filter(|e| text[e.span.start..e.span.end].ends_with("MORE")) {
            let span = &text[e.span.start..e.span.end];
            let glued = span.split_whitespace().take(6).any(|w| w.chars().zip(w.chars().skip(1)).any(|(a, b)| a.is_lowercase() && (b.is_uppercase() || b.is_ascii_digit())));
            if span.split_whitespace().count() > 150 || !glued {
                eprintln!("oversized or unglued: {span}");
                bad += 1;
            }
        }
    }
    let share = 100.0 * covered as f64 / blocks.max(1) as f64;
    eprintln!("{{\"the_hill_more_blocks\":{blocks},\"covered\":{covered},\"share\":{share:.1},\"oversized\":{bad}}}");
    assert!(share >= 97.0, "only {share:.1}% of The Hill's inline headline blocks excluded");
    assert_eq!(bad, 0);
}

#[test]
fn seed_stray_headline_is_excluded_title_and_story_kept() {
    let Some(seeds) = sitrep_testdata::seeds() else { return };
    let Some(path) = std::fs::read_dir(&seeds).ok().and_then(|d| {
        d.filter_map(Result::ok).map(|e| e.path()).find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("001_")))
    }) else {
        panic!("seed 001_* missing in {}", seeds.display())
    };
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // The news-record format may open with `date YYYY-MM-DD`; the reader strips it.
    let text = match raw.split_once('\n') {
        Some((first, rest)) if first.starts_with("date ") => rest,
        _ => raw.as_str(),
    };
    let seg = segment(text);
    let pars = &seg.paragraphs;
    assert!(pars.len() > 5);
    let excluded_pars: HashSet<usize> = pars
        .iter()
        .enumerate()
        .filter(|(_, p)| seg.excluded.iter().any(|e| e.span.contains(**p)))
        .map(|(k, _)| k)
        .collect();
    // Paragraph 0 is the record's own title, paragraph 2 the other story's headline.
    assert_eq!(excluded_pars, HashSet::from([2]), "excluded paragraphs: {excluded_pars:?}");
    let e = seg.excluded.iter().find(|e| e.span.contains(pars[2])).unwrap();
    assert_eq!(e.reason, ExclusionReason::RelatedHeadline);
    assert!(seg.sentences.iter().filter(|s| s.excluded).all(|s| pars[2].contains(s.span)));
}
