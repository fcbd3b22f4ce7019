//! The naming sense of verbs such as CALL: "called the allegations baseless", "an island called
//! Betio", "what Zarate called a war economy".
//!
//! The 2015 verb dictionary codes bare CALL as a telephone call (041 both ways), which on news is
//! mostly wrong: the verb far more often names or describes something. The dictionary syntax
//! cannot tell the senses apart (both have an object), so the coder asks this module, on the
//! tagged and parsed sentence, whether the object is followed by a second, predicative phrase.
//! Tags are read from the surface order as well as from the tree because the parser often
//! mis-attaches the predicate ("baseless" as an apposition, "the killing" as a clause).

use crate::sentence::Sentence;

fn is_quote(s: &Sentence, i: usize) -> bool {
    s.toks[i].is_quote_mark()
}

fn is_noun(x: &str) -> bool {
    x.starts_with("NN") || x == "VBG"
}

fn is_adjective(x: &str) -> bool {
    x.starts_with("JJ")
}

/// Whether token `i` can open a noun or adjective phrase (determiner, possessive, number, adjective, noun).
fn opens_phrase(s: &Sentence, i: usize) -> bool {
    let x = s.toks[i].xpos;
    matches!(x, "DT" | "PDT" | "PRP$" | "CD") || is_adjective(x) || x.starts_with("NN")
}

fn is_time_word(s: &Sentence, i: usize) -> bool {
    s.toks[i].is_time_word()
}

/// The index just past a noun phrase starting at `i` (quotes skipped), if one starts there.
///
/// Stops where a second phrase would begin: a determiner or adjective after a noun, or a quote
/// after a noun ("the allegations \"baseless\"").
fn noun_phrase_end(s: &Sentence, mut i: usize) -> Option<usize> {
    let n = s.toks.len();
    while i < n && is_quote(s, i) {
        i += 1;
    }
    if i >= n {
        return None;
    }
    if s.toks[i].xpos == "PRP" {
        return Some(i + 1);
    }
    let start = i;
    let mut seen_noun = false;
    while i < n {
        let x = s.toks[i].xpos;
        if x == "POS" {
            seen_noun = false;
        } else if is_noun(x) && (x != "VBG" || i > start) {
            seen_noun = true;
        } else if matches!(x, "HYPH") && i > start {
        } else if seen_noun {
            break;
        } else if matches!(x, "DT" | "PDT" | "PRP$" | "CD") || is_adjective(x) || is_quote(s, i) {
        } else {
            break;
        }
        i += 1;
    }
    (seen_noun && i > start).then_some(i)
}

/// Whether a predicative phrase (not a time phrase) starts at `i`, after optional quotes and adverbs.
fn predicate_at(s: &Sentence, mut i: usize) -> bool {
    let n = s.toks.len();
    let mut quoted = false;
    while i < n && (is_quote(s, i) || s.toks[i].xpos == "RB") {
        quoted |= is_quote(s, i);
        i += 1;
    }
    if i >= n {
        return false;
    }
    // "called him two or three times", "called Erdogan last Tuesday": when, not what.
    let phrase_end = (i..n.min(i + 5)).find(|&k| matches!(s.toks[k].xpos, "." | "," | ":" | "IN" | "TO")).unwrap_or(n.min(i + 5));
    if (i..phrase_end).any(|k| is_time_word(s, k)) {
        return false;
    }
    opens_phrase(s, i) || (quoted && !matches!(s.toks[i].xpos, "." | "," | ":" | "IN" | "TO"))
}

/// Whether verb `v` names or describes rather than acts: an object followed by a predicate
/// ("called it a smack"), a passive or participle with a predicate ("is called Obamacare", "an
/// island called Betio"), or a fronted `what` ("what Zarate called a war economy").
pub fn is_naming(s: &Sentence, v: usize, passive: bool) -> bool {
    let t = &s.toks[v];
    // "an island called Betio": a participle right after a common noun or a determined name (whatever
    // relation the parser gave it). "Maduro called Putin", mis-tagged as a participle, is not one.
    let after_noun = v > 0 && s.toks[v - 1].xpos.starts_with("NN") && {
        let lower = s.toks[v - 1].form.chars().next().is_some_and(char::is_lowercase);
        lower || (v.saturating_sub(5)..v - 1).any(|k| matches!(s.toks[k].xpos, "DT" | "PRP$"))
    };
    let reduced = t.xpos == "VBN" && after_noun && !s.children(v).iter().any(|&c| matches!(s.toks[c].base_rel(), "aux" | "nsubj"));
    if passive || reduced {
        return predicate_at(s, v + 1);
    }
    // "what he called ...", "whom I call ...": the object comes first; a subject stands between.
    let fronted = (0..v).rev().take(8).find(|&w| matches!(s.toks[w].form.to_lowercase().as_str(), "what" | "whom" | "which")).is_some_and(|w| {
        w + 1 < v
            && (w + 1..v).all(|k| {
                matches!(s.toks[k].xpos, "DT" | "PRP" | "PRP$" | "POS" | "JJ" | "NN" | "NNS" | "NNP" | "NNPS" | "MD" | "VBZ" | "VBD" | "VBP" | "RB" | "RBR" | "HYPH")
            })
    });
    if fronted && predicate_at(s, v + 1) {
        return true;
    }
    let Some(end) = noun_phrase_end(s, v + 1) else { return false };
    if predicate_at(s, end) {
        return true;
    }
    // "called the action by Democrats “illogical”": a prepositional phrase inside the object, then a
    // quoted predicate (quoted only: "called the family of Otto Warmbier" is a call).
    if end < s.toks.len() && s.toks[end].xpos == "IN" {
        if let Some(pp_end) = noun_phrase_end(s, end + 1) {
            return pp_end < s.toks.len() && is_quote(s, pp_end) && predicate_at(s, pp_end);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sentence of (word, XPOS) pairs whose verb `v` heads every other word (`rel` for the verb's
    /// own relation): the rules read mostly the surface order, so a flat tree is enough.
    fn sent(words: &[(&str, &str)], v: usize, rel: &str) -> Sentence {
        let mut t = String::new();
        for (i, (w, x)) in words.iter().enumerate() {
            let (head, r) = if i == v { (0, if rel == "root" { "root" } else { "acl" }) } else { (v + 1, "dep") };
            t.push_str(&format!("{}\t{w}\t{w}\tX\t{x}\t_\t{head}\t{r}\t_\t_\n", i + 1));
        }
        t.push('\n');
        Sentence::from_conllu(&sitrep_conllu::parse_str(&t).unwrap()[0], 0)
    }

    #[test]
    fn an_object_with_a_predicate_is_naming() {
        let s = sent(&[("Iran", "NNP"), ("called", "VBD"), ("the", "DT"), ("sanctions", "NNS"), ("\"", "``"), ("illegal", "JJ"), ("\"", "''")], 1, "root");
        assert!(is_naming(&s, 1, false));
        let s = sent(&[("Abbas", "NNP"), ("called", "VBD"), ("it", "PRP"), ("a", "DT"), ("smack", "NN")], 1, "root");
        assert!(is_naming(&s, 1, false));
    }

    #[test]
    fn an_object_alone_or_with_a_time_is_a_call() {
        let s = sent(&[("Maduro", "NNP"), ("called", "VBD"), ("Putin", "NNP"), ("after", "IN"), ("the", "DT"), ("vote", "NN")], 1, "root");
        assert!(!is_naming(&s, 1, false));
        let s = sent(&[("Maduro", "NNP"), ("called", "VBD"), ("him", "PRP"), ("two", "CD"), ("or", "CC"), ("three", "CD"), ("times", "NNS")], 1, "root");
        assert!(!is_naming(&s, 1, false));
        let s = sent(&[("Maduro", "NNP"), ("called", "VBD"), ("Putin", "NNP"), ("last", "JJ"), ("week", "NN")], 1, "root");
        assert!(!is_naming(&s, 1, false));
    }

    #[test]
    fn participles_and_fronted_objects_are_naming() {
        let s = sent(&[("a", "DT"), ("small", "JJ"), ("island", "NN"), ("called", "VBN"), ("Betio", "NNP")], 3, "acl");
        assert!(is_naming(&s, 3, false));
        // A name mis-tagged before a participle is a sentence's subject, not a noun being named.
        let s = sent(&[("Maduro", "NN"), ("called", "VBN"), ("Putin", "NNP")], 1, "root");
        assert!(!is_naming(&s, 1, false));
        let s = sent(&[("what", "WP"), ("Zarate", "NNP"), ("called", "VBD"), ("a", "DT"), ("war", "NN"), ("economy", "NN")], 2, "root");
        assert!(is_naming(&s, 2, false));
        let s = sent(&[("It", "PRP"), ("is", "VBZ"), ("called", "VBN"), ("Obamacare", "NNP")], 2, "root");
        assert!(is_naming(&s, 2, true));
    }
}
