//! PETRARCH's comma rules on a dependency tree: short comma-delimited asides are ignored.
//!
//! ", a senior official said on Saturday." and ", five years after crowds
//! burned its embassy," carry no event of the main clause but can hijack its
//! actors. A stretch between commas (or from the last comma to the end, or
//! from the start to the first comma) whose length is within the configured
//! bounds is masked, unless it belongs to a list or an apposition of a noun
//! phrase ("Mordor, the Shire, Arnor and Bree"): every word of it must hang
//! from the stretch itself or be attached to the rest as a clause or adjunct.

use crate::options::CommaRules;
use crate::sentence::Sentence;

/// Masks the tokens of deletable comma clauses.
pub fn mask(s: &mut Sentence, rules: &CommaRules) {
    let n = s.len();
    if n == 0 {
        return;
    }
    let commas: Vec<usize> = (0..n).filter(|&i| s.toks[i].form == "," || s.toks[i].form == ";").collect();
    if commas.is_empty() {
        return;
    }
    let end = (0..n).rev().find(|&i| !matches!(s.toks[i].form.as_str(), "." | "!" | "?" | "\"" | "'" | "”" | "’")).map_or(n, |i| i + 1);
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new(); // (start, end, min, max)
    for w in commas.windows(2) {
        spans.push((w[0] + 1, w[1], rules.min, rules.max));
    }
    spans.push((0, commas[0], rules.bmin, rules.bmax));
    spans.push((commas[commas.len() - 1] + 1, end, rules.emin, rules.emax));
    let mut to_mask = Vec::new();
    for (a, b, min, max) in spans {
        if max == 0 || b <= a {
            continue;
        }
        let words = (a..b).filter(|&i| !is_punct(s, i)).count();
        if words < min.max(1) || words > max {
            continue;
        }
        if deletable(s, a, b) {
            to_mask.push((a, b));
        }
    }
    for (a, b) in to_mask {
        for i in a..b {
            s.toks[i].masked = true;
        }
    }
}

fn is_punct(s: &Sentence, i: usize) -> bool {
    s.toks[i].base_rel() == "punct" || s.toks[i].form.chars().all(|c| !c.is_alphanumeric())
}

/// The stretch `[a, b)` is an aside: its top words attach to the outside as clauses or adjuncts, not as list members.
fn deletable(s: &Sentence, a: usize, b: usize) -> bool {
    let inside = |i: usize| i >= a && i < b;
    let mut tops = 0;
    for i in a..b {
        if is_punct(s, i) {
            continue;
        }
        let head_inside = s.toks[i].head.is_some_and(inside);
        // Something outside hanging from the stretch (other than punctuation) ties it into the sentence.
        if s.children(i).iter().any(|&c| !inside(c) && !is_punct(s, c)) {
            return false;
        }
        if head_inside {
            continue;
        }
        tops += 1;
        // An apposition whose head also has conjuncts is a list item ("Mordor, the Shire, Arnor and Bree").
        if s.toks[i].base_rel() == "appos" {
            if let Some(h) = s.toks[i].head {
                if s.children(h).iter().any(|&c| !inside(c) && matches!(s.toks[c].base_rel(), "conj" | "cc")) {
                    return false;
                }
            }
        }
        match s.toks[i].base_rel() {
            "parataxis" | "advcl" | "obl" | "nmod" | "advmod" | "acl" | "ccomp" | "dep" | "discourse" | "appos" | "root" => {}
            _ => return false,
        }
    }
    tops > 0
}
