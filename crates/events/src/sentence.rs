//! One sentence as the event coder sees it: tokens with tags, lemmas and a dependency tree.
//!
//! Built from sitrep's own [`Parse`] or from gold CoNLL-U. Relations are
//! normalized to UD v2 (`dobj` → `obj`, `nsubjpass` → `nsubj:pass`, `nmod`
//! under a predicate → `obl`), because the PETRARCH validation parses are UD v1
//! and sitrep's parser is trained on UD v2. A few parse errors that UD's own
//! rules expose (a subject under an auxiliary, a subject of a to-infinitive, a
//! speaker read as the object of an attribution after a quote, a clause's
//! subject read as a prepositional phrase) are repaired here, once, so the
//! coder reads one shape.

use sitrep_document::Span;
use sitrep_nlp::{Parse, Upos};

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    /// The word as written.
    pub form: String,
    /// Upper-case form, for dictionary lookups.
    pub up: String,
    /// Upper-case lemma.
    pub lemma: String,
    pub upos: Upos,
    /// Interned, like the parser's tags: a closed, small set.
    pub xpos: &'static str,
    /// Index of the head within the sentence; `None` for the root.
    pub head: Option<usize>,
    /// UD v2 relation with subtype (`nsubj:pass`).
    pub rel: &'static str,
    /// Byte span in the document text (empty for gold sentences without text).
    pub span: Span,
    /// Ignored by the coder (inside a comma-delimited clause that the options delete).
    pub masked: bool,
}

/// Words that head a time phrase ("on Monday", "called him twice last week"): never an actor.
/// "May" and "March" are left out: they are also a name and a noun ("apologized to May").
const TIME_WORDS: &[&str] = &[
    "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "TODAY", "TONIGHT", "YESTERDAY", "TOMORROW",
    "DAY", "DAYS", "WEEK", "WEEKS", "WEEKEND", "MONTH", "MONTHS", "YEAR", "YEARS", "MORNING", "AFTERNOON", "EVENING", "NIGHT",
    "TIME", "TIMES", "JANUARY", "FEBRUARY", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
    "NOVEMBER", "DECEMBER", "EARLIER", "LATER", "AGAIN", "TWICE", "ONCE",
];

impl Tok {
    /// Whether the word names a time ("Monday", "week", "twice") rather than something that can act.
    pub fn is_time_word(&self) -> bool {
        // "The Times", "Financial Times", "Time" magazine are names.
        let name = self.xpos.starts_with("NNP") && matches!(self.up.as_str(), "TIME" | "TIMES");
        (self.xpos.starts_with("NN") || self.xpos.starts_with("RB")) && TIME_WORDS.contains(&self.up.as_str()) && !name
    }

    /// The relation without its subtype.
    pub fn base_rel(&self) -> &str {
        self.rel.split(':').next().unwrap_or("")
    }

    pub fn is_nominal(&self) -> bool {
        matches!(self.upos, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
    }

    pub fn is_verbal(&self) -> bool {
        matches!(self.upos, Upos::Verb | Upos::Aux)
    }

    /// Whether the token is a clause's subject (`nsubj`, `csubj` and their subtypes).
    pub fn is_subject(&self) -> bool {
        matches!(self.base_rel(), "nsubj" | "csubj")
    }

    /// Whether the token is a quotation mark, by tag or by form.
    pub fn is_quote_mark(&self) -> bool {
        matches!(self.xpos, "``" | "''") || matches!(self.form.as_str(), "\"" | "“" | "”" | "'" | "‘" | "’" | "«" | "»")
    }
}

/// A parsed sentence.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub toks: Vec<Tok>,
    children: Vec<Vec<usize>>,
    /// Index of the sentence in its document.
    pub index: usize,
    /// Document-level index of the first token (0 for gold sentences).
    pub first_token: usize,
}

impl Sentence {
    /// Builds a sentence from tokens whose heads are already sentence-local.
    pub fn new(mut toks: Vec<Tok>, index: usize, first_token: usize) -> Self {
        normalize_relations(&mut toks);
        lift_subjects_off_auxiliaries(&mut toks);
        infinitive_subjects_to_objects(&mut toks);
        inverted_attributions(&mut toks);
        subordinate_clause_subjects(&mut toks);
        let mut children = vec![Vec::new(); toks.len()];
        for (i, t) in toks.iter().enumerate() {
            if let Some(h) = t.head {
                if h < toks.len() && h != i {
                    children[h].push(i);
                }
            }
        }
        Sentence { toks, children, index, first_token }
    }

    /// The sentence `s` of a sitrep parse.
    pub fn from_parse(text: &str, parse: &Parse, s: usize) -> Self {
        let range = parse.sentences[s].tokens.clone();
        let start = range.start;
        let toks = range
            .map(|i| {
                let a = &parse.tokens[i];
                let span = parse.spans[i];
                let form = &*sitrep_text::word_form(&text[span.start..span.end]);
                let head = a.head.filter(|h| (start..start + parse.sentences[s].tokens.len()).contains(h)).map(|h| h - start);
                Tok {
                    form: form.to_string(),
                    up: upper(form),
                    lemma: upper(if a.lemma.is_empty() { form } else { &a.lemma }),
                    upos: a.upos,
                    xpos: a.xpos,
                    head,
                    rel: a.deprel,
                    span,
                    masked: false,
                }
            })
            .collect();
        Sentence::new(toks, s, start)
    }

    /// A gold CoNLL-U sentence (syntactic words; multiword tokens are ignored).
    pub fn from_conllu(s: &sitrep_conllu::Sentence, index: usize) -> Self {
        let mut pos = 0usize;
        let toks = s
            .words
            .iter()
            .map(|w| {
                let span = Span { start: pos, end: pos + w.form.len() };
                pos += w.form.len() + 1;
                Tok {
                    form: w.form.clone(),
                    up: upper(&w.form),
                    lemma: upper(if w.lemma == "_" || w.lemma.is_empty() { &w.form } else { &w.lemma }),
                    upos: w.upos.parse().unwrap_or(match w.upos.as_str() {
                        "CONJ" => Upos::Cconj,
                        _ => Upos::X,
                    }),
                    xpos: sitrep_nlp::intern::intern(&w.xpos),
                    head: if w.head == 0 { None } else { Some(w.head as usize - 1) },
                    rel: sitrep_nlp::intern::intern(&w.deprel),
                    span,
                    masked: false,
                }
            })
            .collect();
        Sentence::new(toks, index, 0)
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// Dependents of `i`, in sentence order.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Dependents of `i` with a relation whose base is `rel`.
    pub fn children_rel<'a>(&'a self, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.children[i].iter().copied().filter(move |&c| self.toks[c].base_rel() == rel)
    }

    /// First dependent of `i` with exactly relation `rel` (subtype included).
    pub fn child_full(&self, i: usize, rel: &str) -> Option<usize> {
        self.children[i].iter().copied().find(|&c| self.toks[c].rel == rel)
    }

    /// All tokens of the subtree of `i`, in sentence order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect(i, &mut |_, _| true, &mut out);
        out.sort_unstable();
        out
    }

    /// The subtree of `i`, not descending into dependents for which `skip(sentence, child)` holds.
    pub fn subtree_where(&self, i: usize, mut keep: impl FnMut(&Sentence, usize) -> bool) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect(i, &mut keep, &mut out);
        out.sort_unstable();
        out
    }

    fn collect(&self, i: usize, keep: &mut dyn FnMut(&Sentence, usize) -> bool, out: &mut Vec<usize>) {
        out.push(i);
        for &c in &self.children[i] {
            if keep(self, c) {
                self.collect(c, keep, out);
            }
        }
    }

    /// Whether `a` is `b` or lies below it.
    pub fn dominates(&self, b: usize, a: usize) -> bool {
        let mut cur = Some(a);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == b {
                return true;
            }
            cur = self.toks[c].head;
            steps += 1;
            if steps > self.toks.len() {
                return false;
            }
        }
        false
    }

    /// The word a phrase headed by `i` is about: `i` itself, unless `i` is a time the parser made
    /// the head ("CNN's Jake Tapper Thursday", "Al Jazeera last month"), then the name or noun
    /// before it; `None` for a time alone ("announced Wednesday that ...").
    pub fn content_head(&self, i: usize) -> Option<usize> {
        if !self.toks[i].is_time_word() {
            return Some(i);
        }
        self.children[i]
            .iter()
            .rev()
            .copied()
            .find(|&c| c < i && matches!(self.toks[c].base_rel(), "compound" | "flat" | "nmod" | "nsubj") && matches!(self.toks[c].upos, Upos::Noun | Upos::Propn) && !self.toks[c].is_time_word())
    }

    /// The case marker (or infinitival `to` / subordinator) words of `i`, upper case, in order.
    pub fn markers(&self, i: usize) -> Vec<&str> {
        self.children[i]
            .iter()
            .filter(|&&c| matches!(self.toks[c].base_rel(), "case" | "mark") && c < i)
            .map(|&c| self.toks[c].up.as_str())
            .collect()
    }

    /// Conjuncts of `i` (transitively), not including `i`.
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(x) = stack.pop() {
            for c in self.children_rel(x, "conj") {
                if !out.contains(&c) {
                    out.push(c);
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// Byte span of tokens `[a, b]` in the document.
    pub fn span_of(&self, a: usize, b: usize) -> Span {
        Span { start: self.toks[a].span.start, end: self.toks[b].span.end }
    }

    /// Whether token `k` at the front (or back) of a phrase shown for an actor is no part of it:
    /// a preposition, conjunction, copula or quotation mark the parser hung under the phrase
    /// ("to \"Palestine", "are Saudi Arabia", "by President Trump's behavior", "on “two nations").
    pub fn phrase_edge(&self, k: usize, front: bool) -> bool {
        matches!(self.toks[k].upos, Upos::Adp | Upos::Cconj | Upos::Punct) || front && matches!(self.toks[k].upos, Upos::Sconj | Upos::Aux)
    }
}

/// The upper-cased form the dictionaries are matched against. Typographic apostrophes become
/// straight ones, as the dictionaries write them: "didn’t" and "won’t" are negations as much as
/// "didn't" and "won't", and "Iran’s" a possessive.
fn upper(s: &str) -> String {
    if s.contains('\u{2019}') {
        s.replace('\u{2019}', "'").to_uppercase()
    } else {
        s.to_uppercase()
    }
}

/// Rewrites UD v1 relations (the PETRARCH records) into their UD v2 names.
fn normalize_relations(toks: &mut [Tok]) {
    let heads: Vec<Option<(Upos, bool)>> = toks
        .iter()
        .map(|t| t.head.and_then(|h| toks.get(h)).map(|h| (h.upos, h.rel == "nmod" || h.rel.starts_with("nmod:"))))
        .collect();
    for (t, head) in toks.iter_mut().zip(heads) {
        let rel = t.rel;
        let new = match rel {
            "dobj" => Some("obj".to_string()),
            "nsubjpass" => Some("nsubj:pass".to_string()),
            "csubjpass" => Some("csubj:pass".to_string()),
            "auxpass" => Some("aux:pass".to_string()),
            "name" => Some("flat".to_string()),
            "mwe" => Some("fixed".to_string()),
            "neg" => Some("advmod:neg".to_string()),
            _ if rel == "nmod" || (rel.starts_with("nmod:") && rel != "nmod:poss") => {
                let predicate = head.is_some_and(|(u, _)| !matches!(u, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num | Upos::Sym | Upos::X));
                if predicate {
                    Some(rel.replacen("nmod", "obl", 1))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(n) = new {
            t.rel = sitrep_nlp::intern::intern(&n);
        }
    }
}

/// Whether token `h` has a dependent for which `pred` holds (used before the children lists exist).
fn has_child(toks: &[Tok], h: usize, pred: impl Fn(&Tok) -> bool) -> bool {
    toks.iter().any(|t| t.head == Some(h) && pred(t))
}

/// Moves a subject that a parse hung on an auxiliary or copula ("The US had imposed
/// sanctions" with "US" under "had") to the auxiliary's head, where UD puts it and
/// the coder looks for it, unless that head already has a subject. Auxiliaries
/// head nothing in UD, so a correct tree is never changed.
fn lift_subjects_off_auxiliaries(toks: &mut [Tok]) {
    for i in 0..toks.len() {
        if !toks[i].is_subject() {
            continue;
        }
        let Some(aux) = toks[i].head.filter(|&h| h < toks.len() && matches!(toks[h].rel, "aux" | "aux:pass" | "cop")) else { continue };
        let Some(clause) = toks[aux].head.filter(|&g| g < toks.len() && g != i) else { continue };
        if !has_child(toks, clause, Tok::is_subject) {
            toks[i].head = Some(clause);
        }
    }
}

/// Makes a "subject" of a to-infinitive that stands between a verb and the "to" the
/// verb's object ("Iran is urging Venezuela to buy", parsed with "Venezuela" under "buy"):
/// in UD a to-infinitive has no subject of its own unless "for" opens it, and the
/// coder reads the urged or asked party from the verb's object.
fn infinitive_subjects_to_objects(toks: &mut [Tok]) {
    let has_mark = |toks: &[Tok], c: usize, word: &str| has_child(toks, c, |t| t.rel == "mark" && t.up == word);
    for i in 0..toks.len() {
        if toks[i].rel != "nsubj" {
            continue;
        }
        let Some(c) = toks[i].head.filter(|&c| c < toks.len() && c > i) else { continue };
        let Some(g) = toks[c].head.filter(|&g| g < i) else { continue };
        let infinitive = toks[c].upos == Upos::Verb && toks[c].xpos == "VB" && has_mark(toks, c, "TO") && !has_mark(toks, c, "FOR");
        let governor_free = toks[g].upos == Upos::Verb && !has_child(toks, g, |t| matches!(t.rel, "obj" | "ccomp"));
        if infinitive && governor_free && matches!(toks[c].rel, "advcl" | "xcomp" | "ccomp") {
            toks[i].head = Some(g);
            toks[i].rel = "obj";
            toks[c].rel = "xcomp";
        }
    }
}

/// Reads an attribution written after its quote ("..., \u{201D} observed Michael Singh in an
/// essay") the way it is meant: the name after the verb is the speaker. Parsers often make
/// it the verb's object and hang a word of the quote on the verb as its subject; a subject
/// inside the quote gives way (it becomes the quote, `ccomp`), and the name becomes the
/// subject. Verbs whose object is the listener ("told CNN") are left alone.
fn inverted_attributions(toks: &mut [Tok]) {
    for v in 2..toks.len() {
        if toks[v].upos != Upos::Verb || !toks[v - 1].is_quote_mark() || !matches!(toks[v - 2].form.as_str(), "," | "?" | "!") {
            continue;
        }
        if matches!(toks[v].lemma.as_str(), "TELL" | "ASSURE" | "INFORM" | "REMIND" | "WARN" | "ADVISE") {
            continue;
        }
        let Some(open) = (0..v - 1).rev().find(|&k| toks[k].is_quote_mark()) else { continue };
        let Some(speaker) = (v + 1..toks.len()).find(|&c| toks[c].head == Some(v) && toks[c].rel == "obj") else { continue };
        if !matches!(toks[speaker].upos, Upos::Propn | Upos::Noun) || (v + 1..speaker).any(|k| toks[k].head != Some(speaker) && toks[k].upos != Upos::Det && toks[k].upos != Upos::Adj && toks[k].upos != Upos::Propn && toks[k].upos != Upos::Noun) {
            continue;
        }
        let subjects: Vec<usize> = (0..toks.len()).filter(|&c| toks[c].head == Some(v) && toks[c].is_subject()).collect();
        if subjects.iter().any(|&c| c < open || c > v) {
            continue;
        }
        for c in subjects {
            toks[c].rel = "ccomp";
        }
        toks[speaker].rel = "nsubj";
        // "predicted Andrei Lankov, a North Korea specialist": a second object (or a phrase
        // without a preposition) after a comma is the speaker's apposition, not whom the words
        // were aimed at.
        for c in speaker + 1..toks.len() {
            let bare = !has_child(toks, c, |t| t.rel == "case");
            if toks[c].head == Some(v) && matches!(toks[c].rel, "obj" | "iobj" | "obl") && bare && (speaker + 1..c).any(|k| toks[k].form == ",") {
                toks[c].head = Some(speaker);
                toks[c].rel = "appos";
            }
        }
    }
}

/// Gives a subordinate clause back the subject a parse read as a prepositional phrase:
/// "began to flourish after Venezuela hosted the summit" parsed with "after Venezuela" as a
/// phrase of "flourish" and "hosted" without a subject (which the coder would then take from
/// the main clause). When the phrase ends right before the clause's verb, both hang on the
/// same word, and its marker is a subordinator (after, since, as, ...), the phrase is the
/// clause's subject and the marker the clause's.
fn subordinate_clause_subjects(toks: &mut [Tok]) {
    const SUBORDINATORS: &[&str] = &["AFTER", "BEFORE", "SINCE", "UNTIL", "AS", "WHILE", "BECAUSE", "ONCE", "WHEN"];
    for v in 1..toks.len() {
        if toks[v].upos != Upos::Verb || toks[v].rel != "advcl" || has_child(toks, v, Tok::is_subject) {
            continue;
        }
        let mut h = v - 1;
        for _ in 0..4 {
            match toks[h].head {
                Some(g) if matches!(toks[h].rel, "flat" | "compound") && g < v => h = g,
                _ => break,
            }
        }
        if !matches!(toks[h].upos, Upos::Propn | Upos::Noun | Upos::Pron) || toks[h].base_rel() != "obl" || toks[h].head != toks[v].head {
            continue;
        }
        let Some(marker) = (0..h).find(|&c| toks[c].head == Some(h) && toks[c].rel == "case") else { continue };
        if SUBORDINATORS.contains(&toks[marker].up.as_str()) {
            toks[h].head = Some(v);
            toks[h].rel = "nsubj";
            toks[marker].head = Some(v);
            toks[marker].rel = "mark";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One CoNLL-U word line.
    fn row(i: usize, w: &str, u: &str, x: &str, h: usize, r: &str) -> String {
        format!("{i}\t{w}\t{w}\t{u}\t{x}\t_\t{h}\t{r}\t_\t_\n")
    }

    /// The sentence of the given word lines.
    fn read(rows: Vec<String>) -> Sentence {
        Sentence::from_conllu(&sitrep_conllu::parse_str(&(rows.concat() + "\n")).unwrap()[0], 0)
    }

    #[test]
    fn reads_conllu_and_normalizes() {
        let text = "1\tArnor\tArnor\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tbroke\tbreak\tVERB\tVBD\t_\t0\troot\t_\t_\n3\tties\ttie\tNOUN\tNNS\t_\t2\tdobj\t_\t_\n4\twith\twith\tADP\tIN\t_\t5\tcase\t_\t_\n5\tGondor\tGondor\tPROPN\tNNP\t_\t2\tnmod\t_\t_\n\n";
        let s = sitrep_conllu::parse_str(text).unwrap();
        let s = Sentence::from_conllu(&s[0], 0);
        assert_eq!(s.toks[2].rel, "obj");
        assert_eq!(s.toks[4].rel, "obl");
        assert_eq!(s.children(1), &[0, 2, 4]);
        assert_eq!(s.markers(4), vec!["WITH"]);
        assert!(s.dominates(1, 3));
    }

    #[test]
    fn subjects_hung_on_an_auxiliary_belong_to_its_verb() {
        // "The US had imposed sanctions", with "US" parsed under "had".
        let s = read(vec![
            row(1, "The", "DET", "DT", 2, "det"),
            row(2, "US", "PROPN", "NNP", 3, "nsubj"),
            row(3, "had", "AUX", "VBD", 4, "aux"),
            row(4, "imposed", "VERB", "VBN", 0, "root"),
            row(5, "sanctions", "NOUN", "NNS", 4, "obj"),
        ]);
        assert_eq!(s.toks[1].head, Some(3));
        assert_eq!(s.children(3), &[1, 2, 4]);
        // A verb that has its own subject keeps it; the stray one stays where it was.
        let s = read(vec![
            row(1, "He", "PRON", "PRP", 2, "nsubj"),
            row(2, "was", "AUX", "VBD", 3, "cop"),
            row(3, "they", "PRON", "PRP", 0, "root"),
            row(4, "said", "VERB", "VBD", 3, "nsubj"),
        ]);
        assert_eq!(s.toks[0].head, Some(1));
    }

    #[test]
    fn a_to_infinitive_has_no_subject_of_its_own() {
        // "Iran is urging Venezuela to buy gasoline", with "Venezuela" parsed as the subject of "buy".
        let s = read(vec![
            row(1, "Iran", "PROPN", "NNP", 3, "nsubj"),
            row(2, "is", "AUX", "VBZ", 3, "aux"),
            row(3, "urging", "VERB", "VBG", 0, "root"),
            row(4, "Venezuela", "PROPN", "NNP", 6, "nsubj"),
            row(5, "to", "PART", "TO", 6, "mark"),
            row(6, "buy", "VERB", "VB", 3, "advcl"),
            row(7, "gasoline", "NOUN", "NN", 6, "obj"),
        ]);
        assert_eq!((s.toks[3].head, s.toks[3].rel, s.toks[5].rel), (Some(2), "obj", "xcomp"));
        // "for Venezuela to buy": "for" opens an infinitive with a subject.
        let s = read(vec![
            row(1, "Iran", "PROPN", "NNP", 3, "nsubj"),
            row(2, "is", "AUX", "VBZ", 3, "aux"),
            row(3, "waiting", "VERB", "VBG", 0, "root"),
            row(4, "for", "SCONJ", "IN", 7, "mark"),
            row(5, "Venezuela", "PROPN", "NNP", 7, "nsubj"),
            row(6, "to", "PART", "TO", 7, "mark"),
            row(7, "buy", "VERB", "VB", 3, "advcl"),
        ]);
        assert_eq!((s.toks[4].head, s.toks[4].rel), (Some(6), "nsubj"));
    }

    #[test]
    fn a_name_after_a_quote_and_its_verb_is_the_speaker() {
        // "\u{201C}It advances no interests,\u{201D} observed Michael Singh, analyst", parsed with "advances"
        // as the subject of "observed" and the name and the apposition as its objects.
        let s = read(vec![
            row(1, "\u{201C}", "PUNCT", "``", 3, "punct"),
            row(2, "It", "PRON", "PRP", 3, "nsubj"),
            row(3, "advances", "NOUN", "NNS", 7, "nsubj"),
            row(4, "interests", "NOUN", "NNS", 3, "conj"),
            row(5, ",", "PUNCT", ",", 3, "punct"),
            row(6, "\u{201D}", "PUNCT", "''", 3, "punct"),
            row(7, "observed", "VERB", "VBD", 0, "root"),
            row(8, "Michael", "PROPN", "NNP", 7, "obj"),
            row(9, "Singh", "PROPN", "NNP", 8, "flat"),
            row(10, ",", "PUNCT", ",", 11, "punct"),
            row(11, "analyst", "NOUN", "NN", 7, "obj"),
        ]);
        assert_eq!((s.toks[7].rel, s.toks[2].rel), ("nsubj", "ccomp"), "{:?}", s.toks.iter().map(|t| (t.head, t.rel)).collect::<Vec<_>>());
        assert_eq!((s.toks[10].head, s.toks[10].rel), (Some(7), "appos"));
        // "Susan Rice, who served \u{201C}with honor,\u{201D} told CNN": the subject is outside the quote.
        let s = read(vec![
            row(1, "Rice", "PROPN", "NNP", 8, "nsubj"),
            row(2, ",", "PUNCT", ",", 1, "punct"),
            row(3, "\u{201C}", "PUNCT", "``", 4, "punct"),
            row(4, "honor", "NOUN", "NN", 1, "nmod"),
            row(5, "rare", "ADJ", "JJ", 4, "amod"),
            row(6, ",", "PUNCT", ",", 4, "punct"),
            row(7, "\u{201D}", "PUNCT", "''", 4, "punct"),
            row(8, "praised", "VERB", "VBD", 0, "root"),
            row(9, "CNN", "PROPN", "NNP", 8, "obj"),
        ]);
        assert_eq!((s.toks[8].rel, s.toks[0].rel), ("obj", "nsubj"));
    }

    #[test]
    fn a_subordinate_clause_keeps_its_subject() {
        // "It began after Venezuela hosted the summit", with "after Venezuela" parsed as a phrase of "began".
        let s = read(vec![
            row(1, "It", "PRON", "PRP", 2, "nsubj"),
            row(2, "began", "VERB", "VBD", 0, "root"),
            row(3, "after", "ADP", "IN", 4, "case"),
            row(4, "Venezuela", "PROPN", "NNP", 2, "obl"),
            row(5, "hosted", "VERB", "VBD", 2, "advcl"),
            row(6, "the", "DET", "DT", 7, "det"),
            row(7, "summit", "NOUN", "NN", 5, "obj"),
        ]);
        assert_eq!((s.toks[3].head, s.toks[3].rel, s.toks[2].head, s.toks[2].rel), (Some(4), "nsubj", Some(4), "mark"));
        // "It began with Venezuela hosting the summit": "with" opens a phrase, not a clause.
        let s = read(vec![
            row(1, "It", "PRON", "PRP", 2, "nsubj"),
            row(2, "began", "VERB", "VBD", 0, "root"),
            row(3, "with", "ADP", "IN", 4, "case"),
            row(4, "Venezuela", "PROPN", "NNP", 2, "obl"),
            row(5, "hosting", "VERB", "VBG", 2, "advcl"),
        ]);
        assert_eq!((s.toks[3].head, s.toks[3].rel), (Some(1), "obl"));
    }

    #[test]
    fn times_are_words_of_time_unless_a_name() {
        let tok = |up: &str, xpos: &'static str| Tok { form: up.into(), up: up.into(), lemma: up.into(), upos: Upos::Noun, xpos: xpos.into(), head: None, rel: "obj".into(), span: Span::default(), masked: false };
        assert!(tok("WEDNESDAY", "NNP").is_time_word());
        assert!(tok("TIMES", "NNS").is_time_word());
        assert!(!tok("TIMES", "NNP").is_time_word(), "The Times");
        assert!(!tok("TIME", "NNP").is_time_word(), "Time magazine");
        assert!(!tok("PRESIDENT", "NN").is_time_word());
    }
}
