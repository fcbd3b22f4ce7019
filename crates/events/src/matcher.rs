//! Event coding of one sentence: find dictionary verbs, match their patterns against the
//! dependency tree, find source and target, and resolve clauses that govern other clauses.
//!
//! The procedure follows PETRARCH-2 on dependency trees:
//!
//! 1. Every verb whose form is in the verb dictionary gets a *frame*: the best
//!    pattern of its block (most words matched; the later line wins a tie),
//!    else the verb's own code, else the block code.
//! 2. Patterns are matched in order: elements before `*` against the words in
//!    the verb's clause before it (subject, adverbs), elements after `*`
//!    against the words after it (objects, prepositional phrases, controlled
//!    infinitives). A `{...}` phrase is a nominal head with its last
//!    modifiers; a `(PREP X)` phrase is a nominal with the case marker PREP.
//! 3. The source is the subject (its conjuncts give one event each); in the
//!    passive, the `by`/`from`/`in` phrase (an `in` phrase only when it names
//!    no place). The target is the object, else the first prepositional phrase
//!    with an actor, else the subject of a complement clause. Legacy `$`/`+`
//!    markers in a pattern assign the roles.
//! 4. A verb governing a coded complement combines with it through the PICO
//!    ontology ("promised to help" → 033), suppresses what it only requests
//!    ("urged B to attack" is not an attack), and reported speech codes the
//!    reported event plus whatever the dictionary's transformations make of the
//!    statement.
//! 5. Negation subtracts 0xFFFF in PICO ("did not clash" → 050); when the
//!    ontology has no such code the event is dropped ("did not attack" is not an
//!    attack). With `intent_from_modality`, "will visit" (and a reported "said it
//!    would visit") codes an intent (036), and "could", "may", "should" or a bare
//!    conditional "would" code nothing: speculation is no one's act.

use std::cell::RefCell;
use std::collections::HashMap;

use rustc_hash::FxHashSet;
use sitrep_extract::gender::Gender;

use sitrep_nlp::Upos;

use crate::nouns::{Coded, EntityCode, NounContext};
use crate::options::CoderOptions;
use crate::pico::Ontology;
use crate::sentence::Sentence;
use crate::verbs::{Code, CodePair, Elem, TVar, VerbDictionary};

/// Prepositions that set a statement in a place or a time ("said *in* Baghdad", "told me *from*
/// Caracas"): what they introduce is not a statement's target. Unlike
/// [`CoderOptions::non_actor_prepositions`] they leave out topics ("said *about* Iran" is about
/// Iran) and take in FROM, which for other verbs names a side ("withdrew *from* Syria").
const SETTING: [&str; 15] =
    ["IN", "AT", "FROM", "NEAR", "AFTER", "BEFORE", "DURING", "SINCE", "UNTIL", "INSIDE", "OUTSIDE", "WITHIN", "AMID", "THROUGHOUT", "ACROSS"];

/// Whether a coded phrase is a place named as such ("Birmingham", "Syria"): a proper noun whose
/// code is a country or region alone, not an agent of it.
fn names_place(s: &Sentence, k: &Coded) -> bool {
    sitrep_actors::is_place_code(&k.code) && s.toks[k.head].upos == Upos::Propn
}

/// Where a code came from, for evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// The pattern or verb line as written.
    pub text: String,
    pub file: u16,
    pub line: u32,
}

/// One event found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct SentEvent {
    pub source: Option<Coded>,
    pub target: Option<Coded>,
    pub code: String,
    /// The verb token and its particles.
    pub verb_tokens: Vec<usize>,
    /// What fired, innermost first.
    pub evidence: Vec<Source>,
    pub negated: bool,
    pub modality: Option<&'static str>,
    /// The clause has a phrase in the source / target position, coded or not (TABARI: a one-sided
    /// event needs one; "a senior official said today" has no target phrase at all).
    pub source_phrase: bool,
    pub target_phrase: bool,
    /// Head tokens of the source / target phrases when they name no actor ("mocked *the delivery*").
    pub uncoded_source: Option<usize>,
    pub uncoded_target: Option<usize>,
}

/// A verb form found in the sentence.
#[derive(Debug, Clone)]
struct Hit {
    block: u32,
    code: Option<CodePair>,
    tokens: Vec<usize>,
    file: u16,
    line: u32,
    lemma: String,
}

#[derive(Debug, Clone, Default)]
struct Roles {
    /// The object of a `(PREP)` element without a word of its own: the prepositional object the pattern names.
    prep_object: Option<usize>,
    source: Option<usize>,
    target: Option<usize>,
    subject_is_target: bool,
    compound: bool,
    /// Tokens where the pattern's own words ended (`SANCTIONS`, `MILLION`): the thing acted with, not an actor.
    words: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Frame {
    v: usize,
    hit: Hit,
    passive: bool,
    negated: bool,
    modality: Option<&'static str>,
    code: CodePair,
    evidence: Vec<Source>,
    roles: Roles,
    source: Vec<Coded>,
    target: Vec<Coded>,
    /// Complement clause head (xcomp / ccomp).
    complement: Option<usize>,
    /// Whether that complement is a finite clause with its own subject (ccomp), not an xcomp.
    complement_finite: Option<bool>,
    suppressed: bool,
    /// Events made by combining with complements or transformations, replacing the frame's own.
    replaced: Option<Vec<SentEvent>>,
    /// The subject is controlled by the governing verb's object ("urged B to ...").
    object_controlled: bool,
    source_phrase: bool,
    target_phrase: bool,
    uncoded_source: Option<usize>,
    uncoded_target: Option<usize>,
    /// The verb has a direct object, coded or not, pronoun or pattern word ("defended *it*").
    direct_object: bool,
}

/// Prepositions of time and circumstance ("until April", "as a result"): their phrase is never the target.
const CIRCUMSTANCE_PREPOSITIONS: &[&str] = &["UNTIL", "SINCE", "DURING", "AFTER", "BEFORE", "AS", "THROUGHOUT"];

/// Codes the events of sentences with one set of dictionaries and options.
pub struct Matcher<'a> {
    pub verbs: &'a VerbDictionary,
    pub onto: &'a Ontology,
    pub opts: &'a CoderOptions,
    pub nouns: NounContext<'a>,
}

struct Ctx<'s> {
    s: &'s Sentence,
    np_cache: RefCell<HashMap<usize, Vec<Coded>>>,
    /// Every form and lemma of the sentence, built on first use.
    words: std::cell::OnceCell<FxHashSet<&'s str>>,
}

impl<'s> Ctx<'s> {
    fn words(&self) -> &FxHashSet<&'s str> {
        self.words.get_or_init(|| region_words(self.s, &(0..self.s.len()).collect::<Vec<_>>()))
    }
}

/// The forms and lemmas (upper-case) of the tokens of a region, for the pattern pre-filter.
fn region_words<'s>(s: &'s Sentence, region: &[usize]) -> FxHashSet<&'s str> {
    let mut out = FxHashSet::with_capacity_and_hasher(region.len() * 2, Default::default());
    for &t in region {
        out.insert(s.toks[t].up.as_str());
        out.insert(s.toks[t].lemma.as_str());
    }
    out
}

/// Offices a capitalized head may name ("The President", "Taiwan's Premier"): a person, even
/// when the recognizer typed the phrase as an organisation.
const OFFICES: &[&str] = &[
    "PRESIDENT", "SECRETARY", "MINISTER", "CHANCELLOR", "AMBASSADOR", "JUDGE", "JUSTICE", "POPE", "KING", "QUEEN", "PRINCE",
    "PRINCESS", "SHEIKH", "AYATOLLAH", "PREMIER", "MAYOR", "CHAIR", "CHAIRMAN", "CHAIRWOMAN", "DIRECTOR", "CHIEF", "SPEAKER",
    "LEADER", "EMIR", "SULTAN", "GOVERNOR", "SENATOR", "GENERAL", "ADMIRAL", "COMMANDER", "SPOKESMAN", "SPOKESWOMAN",
    "PROSECUTOR", "ATTORNEY", "COUNSEL", "ENVOY", "SHERIFF", "GOV", "SEN", "REP", "GEN",
];

const PERSONAL: &[&str] = &["IT", "HE", "SHE", "THEY", "WE", "I", "YOU", "ITS", "HIS", "HER", "THEIR", "THEM", "HIM"];
const RELATIVE: &[&str] = &["WHO", "WHICH", "THAT", "WHOM", "WHOSE"];

impl Matcher<'_> {
    /// Codes one sentence.
    pub fn code(&self, s: &Sentence) -> Vec<SentEvent> {
        let cx = Ctx { s, np_cache: RefCell::new(HashMap::new()), words: Default::default() };
        let mut frames: Vec<Frame> = Vec::new();
        for v in 0..s.len() {
            if let Some(f) = self.frame(&cx, v) {
                frames.push(f);
            }
        }
        // Resolve governing clauses bottom-up: deeper verbs first.
        let depth = |v: usize| {
            let mut d = 0;
            let mut cur = s.toks[v].head;
            while let Some(h) = cur {
                d += 1;
                cur = s.toks[h].head;
                if d > s.len() {
                    break;
                }
            }
            d
        };
        let mut order: Vec<usize> = (0..frames.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(depth(frames[i].v)));
        for &i in &order {
            let Some(u) = frames[i].complement else { continue };
            let Some(j) = frames.iter().position(|f| f.v == u) else { continue };
            self.govern(&cx, &mut frames, i, j);
        }
        if trace() {
            for f in &frames {
                eprintln!(
                    "frame {} {:?} code={} passive={} neg={} src={:?} tgt={:?} ev={:?} roles={:?} comp={:?} supp={} repl={:?}",
                    f.v,
                    s.toks[f.v].form,
                    f.code,
                    f.passive,
                    f.negated,
                    f.source.iter().map(|c| &c.code).collect::<Vec<_>>(),
                    f.target.iter().map(|c| &c.code).collect::<Vec<_>>(),
                    f.evidence.iter().map(|e| &e.text).collect::<Vec<_>>(),
                    f.roles,
                    f.complement,
                    f.suppressed,
                    f.replaced.as_ref().map(|r| r.iter().map(|e| (e.source.as_ref().map(|c| c.code.clone()), e.target.as_ref().map(|c| c.code.clone()), e.code.clone())).collect::<Vec<_>>())
                );
            }
        }
        let mut out: Vec<SentEvent> = Vec::new();
        for f in &frames {
            if f.suppressed {
                continue;
            }
            let evs = match &f.replaced {
                Some(r) => r.clone(),
                None => self.frame_events(f),
            };
            out.extend(evs);
        }
        self.finish(out)
    }

    /// Deduplicates, drops self-events and applies `require_dyad`.
    fn finish(&self, evs: Vec<SentEvent>) -> Vec<SentEvent> {
        let mut out: Vec<SentEvent> = Vec::new();
        for e in evs {
            if e.code.is_empty() {
                continue;
            }
            let sc = e.source.as_ref().map(|c| c.code.as_str());
            let tc = e.target.as_ref().map(|c| c.code.as_str());
            if is_self_event(&e) {
                continue;
            }
            if self.opts.require_dyad && (sc.is_none() || tc.is_none()) {
                continue;
            }
            if sc.is_none() && tc.is_none() {
                continue;
            }
            if (sc.is_none() && !e.source_phrase) || (tc.is_none() && !e.target_phrase) {
                continue;
            }
            let key = (e.code.clone(), sc.map(str::to_string), tc.map(str::to_string));
            if out.iter().any(|o| (o.code.clone(), o.source.as_ref().map(|c| c.code.clone()), o.target.as_ref().map(|c| c.code.clone())) == key) {
                continue;
            }
            out.push(e);
        }
        // "said he would visit Tehran" coded twice, once with the target resolved and once without:
        // the one-sided event adds nothing next to the two-sided one.
        let two_sided: Vec<(String, Option<String>, Option<String>)> = out
            .iter()
            .filter(|e| e.source.is_some() && e.target.is_some())
            .map(|e| (e.code.clone(), e.source.as_ref().map(|c| c.code.clone()), e.target.as_ref().map(|c| c.code.clone())))
            .collect();
        out.retain(|e| {
            let sc = e.source.as_ref().map(|c| c.code.clone());
            let tc = e.target.as_ref().map(|c| c.code.clone());
            match (&sc, &tc) {
                (Some(_), None) => !two_sided.iter().any(|k| k.0 == e.code && k.1 == sc),
                (None, Some(_)) => !two_sided.iter().any(|k| k.0 == e.code && k.2 == tc),
                _ => true,
            }
        });
        out
    }

    // ---------------------------------------------------------------- frames

    fn frame(&self, cx: &Ctx<'_>, v: usize) -> Option<Frame> {
        let s = cx.s;
        let t = &s.toks[v];
        if t.masked || !(t.upos == Upos::Verb || t.xpos.starts_with("VB") && t.upos != Upos::Aux) {
            return None;
        }
        let hits = self.hits(s, v);
        if hits.is_empty() {
            return None;
        }
        // "is going to refute": the future, not a journey ("went to Prague") or a consultation.
        if t.lemma == "GO" && s.toks.get(v + 1).is_some_and(|n| n.up == "TO") && s.toks.get(v + 2).is_some_and(|n| n.xpos == "VB") {
            return None;
        }
        let passive = self.is_passive(s, v);
        // "was met with skepticism", "was greeted with protests": a reception, not a meeting.
        if passive && matches!(t.lemma.as_str(), "MEET" | "GREET") && s.children(v).iter().any(|&c| self.reception(cx, c)) {
            return None;
        }
        let required = self.verbs.required_words();
        let pre_region = self.region(s, v, true);
        // Word sets for the required-word pre-filter, built only for blocks that have one.
        let pre_words = std::cell::OnceCell::new();
        // Best pattern over every block the form belongs to: (weight, hit, pattern, roles),
        // by index, so that a better match costs no copies.
        let mut best: Option<(usize, usize, usize, Roles)> = None;
        let naming = std::cell::OnceCell::new();
        for (hi, hit) in hits.iter().enumerate() {
            let block = &self.verbs.blocks[hit.block as usize];
            let mut post_region = self.region(s, v, false);
            post_region.retain(|t| !hit.tokens.contains(t));
            let post_words = std::cell::OnceCell::new();
            let needs = required.get(hit.block as usize);
            for (i, p) in block.patterns.iter().enumerate() {
                if passive && p.pre.iter().any(|e| !matches!(e, Elem::Source | Elem::Target | Elem::Skip | Elem::Compound)) {
                    continue;
                }
                if let Some(r) = needs.and_then(|n| n.get(i)) {
                    let all_in = |ws: &[String], set: &FxHashSet<&str>| ws.iter().all(|w| set.contains(w.as_str()));
                    let pre = || pre_words.get_or_init(|| region_words(s, &pre_region));
                    let post = || post_words.get_or_init(|| region_words(s, &post_region));
                    if (!r.pre.is_empty() && !all_in(&r.pre, pre()))
                        || (!r.post.is_empty() && !all_in(&r.post, post()))
                        || (!r.anywhere.is_empty() && !all_in(&r.anywhere, cx.words()))
                    {
                        continue;
                    }
                }
                if let Some((roles, w)) = self.match_pattern(cx, v, (&pre_region, &post_region), &p.pre, &p.post) {
                    // "called Kobani 'a haven for every enemy'", "called that decision 'a victory for
                    // people'": a phrase inside what something is named is no "call for".
                    if roles.prep_object.is_some_and(|x| s.toks[x].head != Some(v)) && *naming.get_or_init(|| self.naming_use(s, v, passive, hit)) {
                        continue;
                    }
                    let better = match &best {
                        None => true,
                        // On a tie the later line of a block wins, and across blocks as inside one a
                        // later file (the supplement) over an earlier one: a verb the supplement also
                        // lists in a block of its own can so set aside a pattern of its first block
                        // that was written for another verb ("fight for" is not ATTACK's "attack for").
                        Some((bw, bhi, bpi, _)) => {
                            let bh = &hits[*bhi];
                            let bp = &self.verbs.blocks[bh.block as usize].patterns[*bpi];
                            let later = if bh.block == hit.block { (p.file, p.line) >= (bp.file, bp.line) } else { p.file > bp.file };
                            w > *bw || (w == *bw && later)
                        }
                    };
                    if better {
                        best = Some((w, hi, i, roles));
                    }
                }
            }
        }
        let (hit, code, evidence, roles) = match best {
            Some((_, hi, pi, r)) => {
                let h = hits[hi].clone();
                let p = &self.verbs.blocks[h.block as usize].patterns[pi];
                let src = Source { text: p.text.clone(), file: p.file, line: p.line };
                (h, p.code.clone(), vec![src], r)
            }
            None => {
                let hit = hits[0].clone();
                // "called the allegations baseless": naming, not the telephone call the bare verb codes.
                if self.naming_use(s, v, passive, &hit) {
                    return None;
                }
                let block = &self.verbs.blocks[hit.block as usize];
                let code = hit.code.clone().unwrap_or_else(|| block.code.clone());
                // A bare CALL coded as contact (041) is a telephone call only with someone at the other
                // end: not "called a press conference", "called in the military", "calls its commitment
                // into question", "the meeting was called".
                let contact = code.forward.as_ref().and_then(|c| c.as_cameo()).is_some_and(|c| c.starts_with("04"));
                if contact && self.opts.naming_verbs.iter().any(|n| *n == hit.lemma) && !self.calls_someone(cx, v, passive) {
                    return None;
                }
                let text = format!("{} [{}]", hit.lemma, code);
                let src = Source { text, file: hit.file, line: hit.line };
                (hit, code, vec![src], Roles::default())
            }
        };
        let negated = self.is_negated(s, v);
        let modality = self.modality(s, v);
        let complement = s
            .children(v)
            .iter()
            .copied()
            .find(|&c| (matches!(s.toks[c].base_rel(), "xcomp" | "ccomp") || self.infinitival(s, c)) && !s.toks[c].masked);
        let mut f = Frame {
            v,
            hit,
            passive,
            negated,
            modality,
            code,
            evidence,
            roles,
            source: Vec::new(),
            target: Vec::new(),
            complement,
            complement_finite: complement.map(|c| s.toks[c].base_rel() == "ccomp"),
            suppressed: false,
            replaced: None,
            object_controlled: false,
            source_phrase: false,
            target_phrase: false,
            uncoded_source: None,
            uncoded_target: None,
            direct_object: false,
        };
        self.assign_roles(cx, &mut f);
        let kids = s.children(v);
        // A relative pronoun ("the first time *that* they met") is left out, and so is "each other".
        let reciprocal_pronoun = |c: usize| matches!(s.toks[c].up.as_str(), "OTHER" | "ANOTHER") && s.children(c).iter().any(|&d| matches!(s.toks[d].up.as_str(), "EACH" | "ONE"));
        f.direct_object = kids
            .iter()
            .any(|&c| matches!(s.toks[c].base_rel(), "obj" | "iobj") && !s.toks[c].masked && !matches!(s.toks[c].xpos, "WDT" | "WP") && !reciprocal_pronoun(c));
        let subject_phrase = kids.iter().copied().find(|&c| matches!(s.toks[c].base_rel(), "nsubj" | "csubj") && !s.toks[c].masked && s.content_head(c).is_some());
        // A phrase holding the pattern's own words ("imposed *sanctions*", "supplied 1.5 *million*
        // barrels") is what was given or done, not who it was done to.
        let holds_pattern_word = |c: usize| f.roles.words.iter().any(|&w| s.dominates(c, w));
        // A prepositional phrase that may say at whom the act is aimed: not a time, a circumstance
        // ("despite ...") or where a statement was made.
        let aimed_phrase = |c: usize| {
            !s.toks[c].masked
                && !matches!(s.toks[c].rel, "obl:tmod" | "obl:npmod")
                && !s.toks[c].is_time_word()
                && !s.children(c).iter().any(|&m| s.toks[m].base_rel() == "case" && CIRCUMSTANCE_PREPOSITIONS.contains(&s.toks[m].up.as_str()))
                && !self.statement_setting(cx, &f, c)
        };
        let object_phrase = kids
            .iter()
            .copied()
            // "announced Wednesday that ...": a day parsed as the object is still no target.
            .find(|&c| matches!(s.toks[c].base_rel(), "obj" | "iobj") && !s.toks[c].masked && !holds_pattern_word(c) && s.content_head(c).is_some())
            .or_else(|| kids.iter().copied().find(|&c| s.toks[c].base_rel() == "obl" && c > v && aimed_phrase(c) && !holds_pattern_word(c)))
            // "imposed sanctions *on two nations*", "pleaded guilty *to eight charges*": the parser
            // may hang the phrase under the pattern's own word rather than the verb.
            .or_else(|| {
                f.roles.words.iter().copied().filter(|&w| w > v && s.toks[w].head == Some(v)).find_map(|w| {
                    s.children(w).iter().copied().find(|&c| {
                        c > w && matches!(s.toks[c].base_rel(), "obl" | "nmod") && s.toks[c].rel != "nmod:poss" && !s.markers(c).is_empty() && aimed_phrase(c)
                    })
                })
            });
        let (src_phrase, tgt_phrase) = if f.passive { (None, subject_phrase) } else { (subject_phrase, object_phrase) };
        f.source_phrase = !f.source.is_empty() || src_phrase.is_some();
        f.target_phrase = !f.target.is_empty() || tgt_phrase.is_some();
        f.uncoded_source = src_phrase.filter(|&c| s.toks[c].upos != Upos::Pron);
        f.uncoded_target = tgt_phrase.filter(|&c| s.toks[c].upos != Upos::Pron);
        // "efforts to stop ...", "a plan to attack ...": an infinitive modifying a noun is not asserted.
        if s.toks[v].base_rel() == "acl" && s.children(v).iter().any(|&m| s.toks[m].base_rel() == "mark" && s.toks[m].up == "TO") {
            f.suppressed = true;
        }
        Some(f)
    }

    /// Dictionary forms matching token `v`, longest multi-word form first.
    fn hits(&self, s: &Sentence, v: usize) -> Vec<Hit> {
        let Some(forms) = self.verbs.forms.get(&s.toks[v].up) else {
            return Vec::new();
        };
        let mut out: Vec<(usize, Hit)> = Vec::new();
        for f in forms {
            let mut toks = vec![v];
            let mut ok = true;
            for (k, w) in f.before.iter().rev().enumerate() {
                let Some(i) = v.checked_sub(k + 1) else {
                    ok = false;
                    break;
                };
                if s.toks[i].up != *w {
                    ok = false;
                    break;
                }
                toks.push(i);
            }
            if ok && !f.after.is_empty() {
                let adjacent = f.after.iter().enumerate().all(|(k, w)| s.toks.get(v + 1 + k).is_some_and(|t| t.up == *w));
                if adjacent {
                    toks.extend((0..f.after.len()).map(|k| v + 1 + k));
                } else if f.after.len() == 1 {
                    match s.children(v).iter().find(|&&c| s.toks[c].up == f.after[0] && matches!(s.toks[c].base_rel(), "compound" | "advmod" | "obl" | "case")) {
                        Some(&c) => toks.push(c),
                        None => ok = false,
                    }
                } else {
                    ok = false;
                }
            }
            if ok {
                toks.sort_unstable();
                let extra = f.before.len() + f.after.len();
                out.push((extra, Hit { block: f.block, code: f.code.clone(), tokens: toks, file: f.file, line: f.line, lemma: f.lemma.clone() }));
            }
        }
        let max = out.iter().map(|(e, _)| *e).max().unwrap_or(0);
        out.into_iter().filter(|(e, _)| *e == max).map(|(_, h)| h).collect()
    }

    fn is_passive(&self, s: &Sentence, v: usize) -> bool {
        let kids = s.children(v);
        if kids.iter().any(|&c| matches!(s.toks[c].rel, "nsubj:pass" | "aux:pass" | "csubj:pass")) {
            return true;
        }
        let t = &s.toks[v];
        if t.xpos == "VBN" {
            if kids.iter().any(|&c| s.toks[c].base_rel() == "aux" && matches!(s.toks[c].lemma.as_str(), "BE" | "GET")) {
                return true;
            }
            // A participle modifying a noun ("an attack launched by ...") is passive, unless it has an object.
            if t.base_rel() == "acl" && t.rel != "acl:relcl" && !kids.iter().any(|&c| matches!(s.toks[c].base_rel(), "obj" | "iobj")) {
                return true;
            }
        }
        false
    }

    fn is_negated(&self, s: &Sentence, v: usize) -> bool {
        s.children(v).iter().any(|&c| {
            let t = &s.toks[c];
            (t.rel == "advmod:neg" || t.base_rel() == "advmod" || t.base_rel() == "neg" || t.base_rel() == "aux" || t.upos == Upos::Part)
                && matches!(t.up.as_str(), "NOT" | "N'T" | "NEVER" | "NO")
        })
    }

    /// Whether the clause of verb `v` is what someone said, announced or believed: the
    /// complement of a verb, or the clause a parenthetical "he said" is attached to.
    fn reported(&self, s: &Sentence, mut v: usize) -> bool {
        // "said it would meet and sign": the second verb is reported with the first.
        while s.toks[v].base_rel() == "conj" {
            match s.toks[v].head {
                Some(h) => v = h,
                None => return false,
            }
        }
        let t = &s.toks[v];
        let under_verb = t.head.is_some_and(|h| s.toks[h].upos == Upos::Verb);
        (t.base_rel() == "ccomp" && under_verb)
            || s.children(v).iter().any(|&c| s.toks[c].base_rel() == "parataxis" && s.toks[c].upos == Upos::Verb)
    }

    fn modality(&self, s: &Sentence, v: usize) -> Option<&'static str> {
        for &c in s.children(v) {
            let t = &s.toks[c];
            if t.base_rel() != "aux" {
                continue;
            }
            match t.up.as_str() {
                "WILL" | "'LL" | "SHALL" | "WO" => return Some("intent"),
                // "said it would retaliate" reports an announced intent; "would hit its profits",
                // "would vote against" on their own are conditionals.
                "WOULD" | "'D" => return Some(if self.reported(s, v) { "intent" } else { "hypothetical" }),
                "MAY" | "MIGHT" | "COULD" | "SHOULD" | "CAN" | "CA" | "MUST" => return Some("hypothetical"),
                _ => {}
            }
        }
        // The verb governing a subjectless complement says whether its act happened: "plans to
        // visit" and "vowed to retaliate" announce it, "threatened to seize" holds it over
        // someone, "refused to meet" and "failed to stop" say it did not happen, "denied
        // launching attacks" disowns it. A negated governor ("did not deny meeting") says none
        // of this.
        let t = &s.toks[v];
        let Some(h) = t.head else { return None };
        let head = &s.toks[h];
        let subjectless = !s.children(v).iter().any(|&c| matches!(s.toks[c].base_rel(), "nsubj" | "csubj"));
        let complement = t.base_rel() == "xcomp"
            || self.infinitival(s, v)
            // "denied launching any attacks": the gerund is read as a clause or as the object.
            || (head.lemma == "DENY" && subjectless && matches!(t.base_rel(), "ccomp" | "obj") && t.xpos == "VBG");
        if !complement || head.upos != Upos::Verb {
            return None;
        }
        let announced = match head.lemma.as_str() {
            "GO" | "PLAN" | "INTEND" | "AIM" | "EXPECT" | "HOPE" | "WANT" | "SEEK" | "VOW" | "PLEDGE" | "SWEAR" | "PROMISE" => "intent",
            "THREATEN" => "threat",
            "REFUSE" | "DECLINE" | "REJECT" | "RESIST" => "refused",
            "FAIL" => "failed",
            "DENY" => "denied",
            _ => return None,
        };
        match (announced, self.is_negated(s, h)) {
            (m, false) => Some(m),
            // "did not want to influence", "is not going to defend": nothing is announced or done.
            ("intent" | "threat", true) => Some("failed"),
            // "did not refuse to meet", "did not deny talking": the act is left open, coded as written.
            (_, true) => None,
        }
    }

    // ---------------------------------------------------------------- patterns

    fn region(&self, s: &Sentence, v: usize, pre: bool) -> Vec<usize> {
        let mut out = Vec::new();
        for &c in s.children(v) {
            let t = &s.toks[c];
            if t.masked || (pre != (c < v)) {
                continue;
            }
            let keep_top = if pre {
                // Before the verb, patterns name the subject ("- &MILITARY *", "- {DEATH TOLL} *").
                matches!(t.base_rel(), "nsubj" | "csubj")
            } else {
                !matches!(t.base_rel(), "advcl" | "parataxis" | "ccomp" | "conj" | "cc" | "punct" | "dep" | "discourse" | "list" | "vocative")
                    || self.infinitival(s, c)
            };
            if !keep_top {
                continue;
            }
            out.extend(s.subtree_where(c, |s, k| {
                let r = &s.toks[k];
                !r.masked && !matches!(r.base_rel(), "parataxis" | "punct") && r.rel != "acl:relcl" && (!pre || r.base_rel() != "cc")
            }));
        }
        if pre && s.toks[v].base_rel() == "acl" && s.toks[v].rel != "acl:relcl" {
            // A participle's subject is the noun it describes ("Russian disinformation campaigns
            // targeting the U.S."): its words before the participle are what subject patterns read.
            if let Some(h) = s.toks[v].head.filter(|&h| h < v) {
                out.extend(s.subtree_where(h, |s, k| k < v && !s.toks[k].masked && !matches!(s.toks[k].base_rel(), "punct" | "acl" | "case")));
            }
        }
        out.retain(|&k| !(pre && matches!(s.toks[k].base_rel(), "cc" | "punct")));
        out.sort_unstable();
        out.dedup();
        out
    }

    /// An adverbial clause that is really a controlled infinitive ("vowed to wage war").
    fn infinitival(&self, s: &Sentence, c: usize) -> bool {
        s.toks[c].base_rel() == "advcl"
            && s.children(c).iter().any(|&m| s.toks[m].base_rel() == "mark" && s.toks[m].up == "TO")
            && !s.children(c).iter().any(|&m| matches!(s.toks[m].base_rel(), "nsubj" | "csubj"))
    }

    /// Matches a pattern; returns the roles it assigns and how many words it matched.
    /// Matches one pattern around verb `v`, given the verb's pre- and post-verb regions (see [`Matcher::region`]).
    fn match_pattern(&self, cx: &Ctx<'_>, v: usize, regions: (&[usize], &[usize]), pre: &[Elem], post: &[Elem]) -> Option<(Roles, usize)> {
        let mut roles = Roles::default();
        let mut score = 0;
        if !pre.is_empty() {
            // Pre-verb markers: `+` before the verb makes the subject the target.
            let words: Vec<Elem> = pre
                .iter()
                .filter(|e| {
                    match e {
                        Elem::Target => roles.subject_is_target = true,
                        Elem::Compound => roles.compound = true,
                        _ => {}
                    }
                    !matches!(e, Elem::Source | Elem::Target | Elem::Compound | Elem::Skip)
                })
                .cloned()
                .collect();
            score += pre.len() - words.len();
            if !words.is_empty() {
                score += self.seq(cx, &words, regions.0, 0, &mut roles)?.1;
            }
        }
        if !post.is_empty() {
            score += self.seq(cx, post, regions.1, v + 1, &mut roles)?.1;
        }
        Some((roles, score))
    }

    /// Matches `elems` in order over `region`, each at or after `pos`: (last token used, words matched).
    fn seq(&self, cx: &Ctx<'_>, elems: &[Elem], region: &[usize], pos: usize, roles: &mut Roles) -> Option<(usize, usize)> {
        let Some((first, rest)) = elems.split_first() else {
            return Some((pos.saturating_sub(1), 0));
        };
        match first {
            Elem::Skip => return self.seq(cx, rest, region, pos, roles),
            Elem::Compound => {
                roles.compound = true;
                return self.seq(cx, rest, region, pos, roles).map(|(e, n)| (e, n + 1));
            }
            _ => {}
        }
        for (end, role, words) in self.candidates(cx, first, region, pos) {
            let saved = roles.clone();
            if role.is_none() && words > 0 && matches!(first, Elem::Word(_) | Elem::Syn(_) | Elem::Phrase(_)) {
                roles.words.push(end);
            }
            if let Some((kind, tok)) = role {
                match kind {
                    Role::Source => roles.source = Some(tok),
                    Role::Target => roles.target = Some(tok),
                    Role::Prep => {
                        if roles.prep_object.is_none() {
                            roles.prep_object = Some(tok);
                        }
                    }
                }
            }
            if let Some((e, n)) = self.seq(cx, rest, region, end + 1, roles) {
                return Some((e, n + words));
            }
            *roles = saved;
        }
        None
    }

    /// Ways element `e` can match at or after `pos`: (last token, role assigned, words matched).
    fn candidates(&self, cx: &Ctx<'_>, e: &Elem, region: &[usize], pos: usize) -> Vec<(usize, Option<(Role, usize)>, usize)> {
        let s = cx.s;
        let mut out = Vec::new();
        let in_region = |t: usize| region.binary_search(&t).is_ok();
        match e {
            Elem::Word(ws) => {
                for &t in region.iter().filter(|&&t| t >= pos) {
                    if self.seq_at(s, ws, t, &in_region) {
                        out.push((t + ws.len() - 1, None, ws.len()));
                    }
                }
            }
            Elem::Syn(i) => {
                let (set, ix) = (&self.verbs.synsets[*i], &self.verbs.member_index()[*i]);
                for &t in region.iter().filter(|&&t| t >= pos) {
                    for m in ix.starting(&s.toks[t].up, &s.toks[t].lemma).map(|k| &set.members[k]) {
                        if self.seq_at(s, m, t, &in_region) {
                            out.push((t + m.len() - 1, None, m.len()));
                        }
                    }
                }
                // Earliest end first; the longest member at an end.
                out.sort_unstable_by_key(|c| (c.0, std::cmp::Reverse(c.2)));
                out.dedup_by_key(|c| c.0);
            }
            Elem::Phrase(es) => {
                for &h in region.iter().filter(|&&t| t >= pos) {
                    if let Some((start, n)) = self.phrase_at(s, es, h, &in_region) {
                        if start >= pos {
                            out.push((h, None, n));
                        }
                    }
                }
            }
            Elem::Prep { prep, object } => {
                let mut particles = Vec::new();
                for &x in region.iter() {
                    // The PP's object: a word with the case marker `prep`.
                    let marker = s.children(x).iter().copied().find(|&c| {
                        c < x
                            && matches!(s.toks[c].base_rel(), "case" | "mark")
                            && s.toks[c].up == prep[0]
                            && c >= pos
                            && prep[1..].iter().enumerate().all(|(k, w)| s.toks.get(c + 1 + k).is_some_and(|t| t.up == *w))
                    });
                    // "called Putin on Monday" is not "called on Putin": a time is no prepositional object.
                    let marker = marker.filter(|_| !s.toks[x].is_time_word() || matches!(object.as_deref(), Some(Elem::Word(_) | Elem::Syn(_) | Elem::Phrase(_))));
                    if let Some(m) = marker {
                        // Only determiners may come between the preposition and a one-word object.
                        let close = (m + prep.len()..x).all(|k| matches!(s.toks[k].upos, Upos::Det) || s.toks[k].base_rel() == "det");
                        let np = prep.len();
                        match object.as_deref() {
                            None | Some(Elem::Skip) => out.push((x, Some((Role::Prep, x)), np)),
                            Some(Elem::Source) => {
                                if !self.np(cx, x).is_empty() {
                                    out.push((x, Some((Role::Source, x)), np + 1));
                                }
                            }
                            Some(Elem::Target) => {
                                if !self.np(cx, x).is_empty() {
                                    out.push((x, Some((Role::Target, x)), np + 1));
                                }
                            }
                            Some(Elem::Word(ws)) => {
                                if x + 1 >= ws.len() && self.seq_at(s, ws, x + 1 - ws.len(), &in_region) && (close || ws.len() > 1) {
                                    out.push((x, None, np + ws.len()));
                                }
                            }
                            Some(Elem::Syn(i)) => {
                                let set = &self.verbs.synsets[*i];
                                let best = self.verbs.member_index()[*i]
                                    .ending(&s.toks[x].up, &s.toks[x].lemma)
                                    .map(|k| &set.members[k])
                                    .filter(|m| x + 1 >= m.len() && self.seq_at(s, m, x + 1 - m.len(), &in_region) && (close || m.len() > 1))
                                    .map(Vec::len)
                                    .max();
                                if let Some(n) = best {
                                    out.push((x, None, np + n));
                                }
                            }
                            Some(Elem::Phrase(es)) => {
                                if let Some((_, n)) = self.phrase_at(s, es, x, &in_region) {
                                    out.push((x, None, np + n));
                                }
                            }
                            Some(_) => {}
                        }
                    } else if object.is_none()
                        && x >= pos
                        && prep.len() == 1
                        && s.toks[x].up == prep[0]
                        && matches!(s.toks[x].base_rel(), "compound" | "advmod" | "obl" | "case")
                        && !(s.toks[x].base_rel() == "case" && s.toks[x].head.is_some_and(|h| s.toks[h].is_time_word()))
                    {
                        // A particle: "burned *down*". Tried after real prepositional phrases.
                        particles.push((x, None, 1));
                    }
                }
                out.sort_unstable_by_key(|c| c.0);
                out.extend(particles);
            }
            Elem::Source | Elem::Target => {
                let role = if matches!(e, Elem::Source) { Role::Source } else { Role::Target };
                for &x in region.iter().filter(|&&t| t >= pos) {
                    if matches!(s.toks[x].base_rel(), "obj" | "iobj" | "obl" | "nmod" | "nsubj" | "appos" | "compound") && !self.np(cx, x).is_empty() {
                        out.push((x, Some((role, x)), 1));
                    }
                }
            }
            Elem::Skip | Elem::Compound => out.push((pos.saturating_sub(1), None, 0)),
        }
        out
    }

    /// Whether the words `ws` match consecutive tokens starting at `t`.
    fn seq_at(&self, s: &Sentence, ws: &[String], t: usize, in_region: &dyn Fn(usize) -> bool) -> bool {
        ws.iter().enumerate().all(|(k, w)| {
            let i = t + k;
            i < s.len() && in_region(i) && (s.toks[i].up == *w || s.toks[i].lemma == *w)
        })
    }

    /// A `{...}` phrase headed by `h`: its last element ends at `h`, the one before it is the
    /// last modifier of `h`, earlier ones earlier modifiers. Returns the first token used.
    fn phrase_at(&self, s: &Sentence, es: &[Elem], h: usize, in_region: &dyn Fn(usize) -> bool) -> Option<(usize, usize)> {
        let (last, mods) = es.split_last()?;
        if s.toks[h].is_verbal() {
            return None;
        }
        let head_start = self.ends_at(s, last, h, in_region)?;
        let mut words = h + 1 - head_start;
        let kids: Vec<usize> = s
            .children(h)
            .iter()
            .copied()
            .filter(|&c| c < head_start && !matches!(s.toks[c].base_rel(), "punct" | "case" | "cc") && in_region(c))
            .collect();
        // Match modifiers right to left; the rightmost must be the last modifier.
        let mut k = kids.len();
        let mut first = head_start;
        for (n, m) in mods.iter().rev().enumerate() {
            let mut found = None;
            while k > 0 {
                k -= 1;
                if let Some(st) = self.ends_at(s, m, kids[k], in_region) {
                    found = Some(st);
                    words += kids[k] + 1 - st;
                    break;
                }
                if n == 0 {
                    return None;
                }
            }
            first = found?;
        }
        Some((first, words))
    }

    /// If element `e` (a word or synset) can end at token `t`, the token where it starts.
    fn ends_at(&self, s: &Sentence, e: &Elem, t: usize, in_region: &dyn Fn(usize) -> bool) -> Option<usize> {
        let try_seq = |ws: &[String]| -> Option<usize> {
            let start = (t + 1).checked_sub(ws.len())?;
            self.seq_at(s, ws, start, in_region).then_some(start)
        };
        match e {
            Elem::Word(ws) => try_seq(ws),
            Elem::Syn(i) => {
                let (set, tok) = (&self.verbs.synsets[*i], s.toks.get(t)?);
                self.verbs.member_index()[*i].ending(&tok.up, &tok.lemma).filter_map(|k| try_seq(&set.members[k])).min()
            }
            _ => None,
        }
    }

    // ---------------------------------------------------------------- actors

    fn np(&self, cx: &Ctx<'_>, h: usize) -> Vec<Coded> {
        if let Some(c) = cx.np_cache.borrow().get(&h) {
            return c.clone();
        }
        let s = cx.s;
        // A phrase headed by a time ("Wednesday that ...", parsed with a clause under it) names no
        // actor; "Al Jazeera last month" is about Al Jazeera.
        let content = s.content_head(h);
        let mut codes = if content.is_none() {
            Vec::new()
        } else if content != Some(h) {
            content.map(|c| self.np(cx, c)).unwrap_or_default()
        } else if s.toks[h].upos == Upos::Pron && PERSONAL.contains(&s.toks[h].up.as_str()) {
            let mut codes = self.antecedent(cx, h);
            let gender = Self::pronoun_gender(s, h);
            if codes.is_empty() && matches!(s.toks[h].up.as_str(), "HE" | "SHE" | "HIM") {
                // "She" is no man and "he" no woman, when the given name says which.
                let fits = |g: Option<Gender>| gender.is_none_or(|want| g.is_none_or(|g| g == want));
                let before: Vec<&EntityCode> = self.nouns.entities.iter().filter(|e| e.first < h).collect();
                let person = if before.is_empty() {
                    // "He said ...", with no one named before it in its own sentence: the one
                    // person the sentence before names.
                    self.nouns.person_before.filter(|p| fits(p.2)).map(|(c, e, _)| (c, e))
                } else {
                    // "protesters marched against Trump as he visits the UK": the one person
                    // named before it in its own sentence, when no clause subject above it is;
                    // not one named in what the pronoun says ("'Tymoshenko will run,' he said").
                    let persons: Vec<&&EntityCode> = before.iter().filter(|e| e.person && fits(e.gender) && !Self::said_by(s, h, e.first)).collect();
                    persons.first().filter(|p| persons.iter().all(|q| q.entity == p.entity)).map(|p| (p.code.as_str(), p.entity))
                };
                if let Some((code, entity)) = person {
                    codes.push(Coded { code: code.to_string(), head: h, first: h, last: h, entity: Some(entity), aimed_at: false });
                }
            }
            codes
        } else {
            self.nouns.code(s, h)
        };
        codes.retain(|c| !c.code.is_empty());
        cx.np_cache.borrow_mut().insert(h, codes.clone());
        codes
    }

    /// Whether token `t` is in what pronoun `p` says: the clause its verb reports ("he said *that
    /// ...*") or the quote its verb tags ("*'...,'* he said", the verb a parataxis of the quote).
    fn said_by(s: &Sentence, p: usize, t: usize) -> bool {
        let Some(v) = s.toks[p].head else { return false };
        if s.toks[v].base_rel() == "parataxis" && s.toks[v].head.is_some_and(|q| s.dominates(q, t)) {
            return true;
        }
        s.children(v).iter().any(|&c| matches!(s.toks[c].base_rel(), "ccomp" | "parataxis") && s.dominates(c, t))
    }

    /// Whether verb `v`, a naming verb such as CALL, names or describes here ("called it a smack").
    fn naming_use(&self, s: &Sentence, v: usize, passive: bool, hit: &Hit) -> bool {
        self.opts.naming_verbs.contains(&hit.lemma) && crate::naming::is_naming(s, v, passive)
    }

    /// Whether active verb `v` has a person or an actor as its object and no particle ("called Putin",
    /// "called him", "called some senators"; not "called off", "called a press conference").
    fn calls_someone(&self, cx: &Ctx<'_>, v: usize, passive: bool) -> bool {
        let s = cx.s;
        if passive || s.children(v).iter().any(|&c| s.toks[c].rel == "compound:prt") {
            return false;
        }
        s.children(v).iter().any(|&c| {
            let t = &s.toks[c];
            t.base_rel() == "obj" && !t.masked && (t.upos == Upos::Propn || t.upos == Upos::Pron && PERSONAL.contains(&t.up.as_str()) || !self.np(cx, c).is_empty())
        })
    }

    /// The gender pronoun `p` gives its referent ("she", "him"), if any.
    fn pronoun_gender(s: &Sentence, p: usize) -> Option<Gender> {
        Gender::of_pronoun(&s.toks[p].up.to_ascii_lowercase())
    }

    /// Whether coded phrase `c` is a person the document knows to be of another gender than `want`.
    fn other_gender(&self, c: &Coded, want: Option<Gender>) -> bool {
        let Some(want) = want else { return false };
        let Some(e) = c.entity else { return false };
        self.nouns.entities.iter().any(|x| x.entity == e && x.person && x.gender.is_some_and(|g| g != want))
    }

    /// Whether token `n` is part of a name that is no person's ("the Kremlin", "Moscow"; not
    /// "Gen. Joseph Votel" after "U.S. Central Command chief", nor "the president"): no "he" or
    /// "she" stands for it.
    fn names_no_person(&self, s: &Sentence, n: usize) -> bool {
        if s.toks[n].upos != Upos::Propn || OFFICES.contains(&s.toks[n].up.trim_end_matches('.')) {
            return false;
        }
        // "Senate Banking Committee | Chairman Tim Johnson", parsed as one phrase: a noun of the
        // phrase outside the organisation's name makes it a person's.
        let words: Vec<usize> = s.subtree(n).into_iter().filter(|&k| matches!(s.toks[k].upos, Upos::Propn | Upos::Noun)).collect();
        self.nouns.entities.iter().any(|x| !x.person && words.iter().all(|k| (x.first..=x.last).contains(k)))
    }

    /// A personal pronoun stands for the subject of the nearest clause above its own, skipping a
    /// subject of the other gender ("Trump left the room after she spoke": not Trump).
    fn antecedent(&self, cx: &Ctx<'_>, p: usize) -> Vec<Coded> {
        let s = cx.s;
        let gender = Self::pronoun_gender(s, p);
        let own_clause = self.clause_of(s, p);
        let mut cur = own_clause.and_then(|c| s.toks[c].head);
        let mut steps = 0;
        while let Some(v) = cur {
            steps += 1;
            if steps > s.len() {
                break;
            }
            if let Some(n) = s.children(v).iter().copied().find(|&c| matches!(s.toks[c].rel, "nsubj" | "nsubj:pass") && c != p) {
                if !(s.toks[n].upos == Upos::Pron && PERSONAL.contains(&s.toks[n].up.as_str())) {
                    let codes = self.nouns.code(s, n);
                    if !codes.is_empty() && !codes.iter().any(|c| self.other_gender(c, gender)) && !(gender.is_some() && self.names_no_person(s, n)) {
                        return codes;
                    }
                }
            }
            cur = s.toks[v].head;
        }
        Vec::new()
    }

    /// The predicate whose clause contains token `t`.
    fn clause_of(&self, s: &Sentence, t: usize) -> Option<usize> {
        let mut cur = s.toks[t].head;
        while let Some(h) = cur {
            let r = s.toks[h].base_rel();
            if s.toks[h].is_verbal() || matches!(r, "root" | "ccomp" | "xcomp" | "advcl" | "acl" | "parataxis" | "csubj") {
                return Some(h);
            }
            cur = s.toks[h].head;
        }
        None
    }

    /// The grammatical subject side of predicate `v`: (codes, controlled by the governor's object).
    fn subject(&self, cx: &Ctx<'_>, v: usize, depth: usize) -> (Vec<Coded>, bool) {
        let s = cx.s;
        if depth > 8 {
            return (Vec::new(), false);
        }
        let kids = s.children(v);
        if let Some(&n) = kids.iter().find(|&&c| matches!(s.toks[c].rel, "nsubj" | "nsubj:pass" | "nsubj:xsubj") && !s.toks[c].masked && s.content_head(c).is_some()) {
            let t = &s.toks[n];
            if RELATIVE.contains(&t.up.as_str()) || t.xpos.starts_with('W') {
                // "a woman who shot at officers": the relative pronoun is the modified noun.
                if let Some(h) = s.toks[v].head {
                    if s.toks[v].base_rel() == "acl" {
                        return (self.np(cx, h), false);
                    }
                }
                return (Vec::new(), false);
            }
            // A parser may split one name into several subjects ("Bree | President Romendacil").
            let mut split: Vec<usize> = kids
                .iter()
                .copied()
                .filter(|&c| s.toks[c].rel == t.rel && c < v && !s.toks[c].masked && s.toks[c].upos != Upos::Pron)
                .collect();
            // "Standing alongside Prime Minister Yatsenyuk, Mr. Biden implored Moscow", "Trump,
            // along with President Pena Nieto, signed": a part that a preposition opens is no
            // subject, however the parser attached it.
            let parts = split.len();
            if parts > 1 {
                let opened = |h: usize| {
                    let first = s.subtree(h).into_iter().min().unwrap_or(h);
                    // "since Trump and Kim met", "as Maduro said": a clause's marker is no
                    // preposition, whatever the parser made of it.
                    let p = first.checked_sub(1).map(|k| &s.toks[k]);
                    p.is_some_and(|p| {
                        p.upos == Upos::Adp
                            && p.base_rel() != "mark"
                            && !matches!(p.up.as_str(), "AS" | "SINCE" | "AFTER" | "BEFORE" | "UNTIL" | "TILL" | "THAN" | "ONCE" | "LIKE")
                    })
                };
                let kept: Vec<usize> = split.iter().copied().filter(|&h| !opened(h)).collect();
                if !kept.is_empty() {
                    split = kept;
                }
                // "Trump's Foreign Policy Failure: Iran, Venezuela Stand Together": what comes
                // before a headline's colon labels the story; the subject follows it, when it
                // names an actor by itself ("London attack: police investigate" keeps London).
                if let Some(colon) = (split[0]..v).rev().find(|&k| s.toks[k].form == ":") {
                    let after: Vec<usize> = split.iter().copied().filter(|&h| h > colon).collect();
                    if !after.is_empty() && after.iter().any(|&h| !self.np(cx, h).is_empty()) {
                        split = after;
                    }
                }
            }
            let n = if split.len() < parts { split[0] } else { n };
            if split.len() > 1 {
                // Each part alone, then the parts read as one phrase; a code refined by another
                // (`BRE` by `BREGOV`) gives way.
                let mut all: Vec<Coded> = Vec::new();
                for &h in &split {
                    all.extend(self.np(cx, h));
                }
                all.extend(self.nouns.code_group(s, &split));
                let mut out: Vec<Coded> = Vec::new();
                for c in &all {
                    let refined = all.iter().any(|o| o.code.len() > c.code.len() && o.code.starts_with(&c.code));
                    if !refined && !out.iter().any(|o| o.code == c.code) {
                        out.push(c.clone());
                    }
                }
                if !out.is_empty() {
                    return (out, false);
                }
            }
            let mut codes = self.np(cx, n);
            codes.retain(|c| !c.aimed_at);
            return (codes, false);
        }
        let t = &s.toks[v];
        let Some(h) = t.head else { return (Vec::new(), false) };
        let rel = if self.infinitival(s, v) { "xcomp" } else { t.base_rel() };
        match rel {
            "xcomp" => {
                // Object control ("urged Bree to help") before subject control ("vowed to wage war").
                if let Some(&o) = s.children(h).iter().find(|&&c| matches!(s.toks[c].base_rel(), "obj" | "iobj") && !s.toks[c].masked) {
                    let codes = self.np(cx, o);
                    if !codes.is_empty() {
                        return (codes, true);
                    }
                }
                (self.subject(cx, h, depth + 1).0, false)
            }
            "conj" => {
                if s.toks[h].is_verbal() || s.toks[h].upos == Upos::Adj {
                    self.subject(cx, h, depth + 1)
                } else {
                    (Vec::new(), false)
                }
            }
            "acl" => {
                if t.rel != "acl:relcl" && !self.is_passive(s, v) {
                    // "the US sanctions, Iranian vessels recently shipped ...": a participle after a
                    // coordination is said of the conjunct right before it, not of the whole list.
                    let before: Vec<usize> = s.conjuncts(h).into_iter().filter(|&c| c != h && c < v).collect();
                    if let Some(&near) = before.iter().max() {
                        let codes: Vec<Coded> = self.np(cx, h).into_iter().filter(|c| c.head == near).collect();
                        return (codes, false);
                    }
                    (self.np(cx, h), false)
                } else {
                    (Vec::new(), false)
                }
            }
            _ => (Vec::new(), false),
        }
    }

    fn assign_roles(&self, cx: &Ctx<'_>, f: &mut Frame) {
        let s = cx.s;
        let v = f.v;
        let (subj, object_controlled) = self.subject(cx, v, 0);
        f.object_controlled = object_controlled;
        if f.passive {
            // Passive: the grammatical subject is acted upon; the agent is in by/from/in. No other
            // phrase is: "imposed after a complaint from ...", "killed in an attack Wednesday on the
            // headquarters", "was asked on MSNBC" name no one who acted.
            let mut target = subj.clone();
            if target.is_empty() && s.toks[v].base_rel() == "acl" {
                if let Some(h) = s.toks[v].head {
                    target = self.np(cx, h);
                }
            }
            let mut source = Vec::new();
            let mut extra_targets = Vec::new();
            for &c in s.children(v) {
                let t = &s.toks[c];
                if t.masked || t.base_rel() != "obl" {
                    continue;
                }
                let m = s.markers(c);
                let codes = self.np(cx, c);
                if codes.is_empty() {
                    continue;
                }
                let by = t.rel == "obl:agent" || m.iter().any(|m| matches!(*m, "BY" | "FROM"));
                // "were arrested in Birmingham", "was killed in Benghazi": a place says where, not
                // who ("killed in U.S. strikes" still names who).
                let in_agent = m.iter().any(|m| *m == "IN") && !codes.iter().all(|k| names_place(s, k));
                if by || in_agent {
                    if source.is_empty() {
                        source = codes.into_iter().filter(|c| !c.aimed_at).collect();
                    }
                } else if m.iter().any(|m| matches!(*m, "AT" | "AGAINST" | "INTO" | "TOWARDS" | "TOWARD"))
                    // "was blamed on ISIS", "were imposed on Iran": what it lands on, not who did it
                    // (but "was repeated on CNN" only says where).
                    || m.iter().any(|m| matches!(*m, "ON" | "UPON")) && !codes.iter().any(|k| k.code.ends_with("MED"))
                {
                    extra_targets.extend(codes);
                }
            }
            if target.is_empty() {
                target = extra_targets;
            }
            f.source = source;
            f.target = target;
        } else {
            f.source = subj;
            f.target = self.default_target(cx, f);
        }
        // Pattern markers override: `$` names the source, `+` the target; a `+` before the verb
        // makes the grammatical subject the target ("- + * (FROM $)": "X was freed from Y").
        let subject_side = if f.passive { f.target.clone() } else { f.source.clone() };
        if let Some(x) = f.roles.source {
            f.source = self.np(cx, x);
            if f.roles.subject_is_target {
                f.target = subject_side.clone();
            }
        } else if f.roles.subject_is_target && f.roles.target.is_none() {
            f.target = subject_side;
            f.source = Vec::new();
        }
        if let Some(x) = f.roles.target {
            f.target = self.np(cx, x);
        } else if let Some(x) = f.roles.prep_object {
            // "- * ATTACK (BY)", "- * (WITH)": the prepositional object the pattern names is the target.
            let codes = self.np(cx, x);
            if !codes.is_empty() && !f.passive && f.roles.source != Some(x) {
                f.target = codes;
            }
        }
    }

    /// The object, else the first prepositional phrase with an actor, else a complement's subject.
    /// Whether `c` is a "with" phrase naming a common noun and no actor ("with skepticism").
    fn reception(&self, cx: &Ctx<'_>, c: usize) -> bool {
        let s = cx.s;
        let t = &s.toks[c];
        t.base_rel() == "obl" && t.upos == Upos::Noun && s.markers(c).contains(&"WITH") && self.np(cx, c).is_empty()
    }

    /// Whether `c` only says where, when or on what outlet the statement of frame `f` was made:
    /// "said *in* Baghdad", "told me *from* Caracas", "said *on* CNN" (but "commented *on* the
    /// airstrike" names its topic). Such a phrase is not whom it was said to or about.
    fn statement_setting(&self, cx: &Ctx<'_>, f: &Frame, c: usize) -> bool {
        let statement = f.code.forward.as_ref().and_then(|c| c.as_cameo()).is_some_and(|c| c.starts_with("01"));
        if !statement {
            return false;
        }
        let markers = cx.s.markers(c);
        markers.iter().any(|m| SETTING.contains(m)) || (markers.contains(&"ON") && self.np(cx, c).iter().any(|k| k.code.ends_with("MED")))
    }

    /// The target of a frame whose pattern names none: its object, else a prepositional phrase,
    /// else what its clause is about.
    fn default_target(&self, cx: &Ctx<'_>, f: &Frame) -> Vec<Coded> {
        let s = cx.s;
        let v = f.v;
        let kids: Vec<usize> = s.children(v).iter().copied().filter(|&c| !s.toks[c].masked).collect();
        for rel in ["iobj", "obj"] {
            for &c in kids.iter().filter(|&&c| s.toks[c].base_rel() == rel) {
                let codes = self.np(cx, c);
                if !codes.is_empty() {
                    return codes;
                }
            }
        }
        let setting = |c: usize| self.statement_setting(cx, f, c);
        for &c in kids.iter().filter(|&&c| c > v && s.toks[c].base_rel() == "obl" && !f.hit.tokens.contains(&c) && !setting(c)) {
            let codes = self.np(cx, c);
            if !codes.is_empty() {
                return codes;
            }
        }
        // "imposed sanctions on Iran", "pleaded guilty to charges": the parser may hang the phrase
        // under the pattern's own noun or adjective rather than the verb; it still names whom the act is aimed at.
        for &w in f.hit.tokens.iter().filter(|&&w| w > v && s.toks[w].head == Some(v)) {
            for &c in s.children(w).iter().filter(|&&c| c > w && matches!(s.toks[c].base_rel(), "obl" | "nmod") && !s.toks[c].masked && !s.markers(c).is_empty() && !setting(c)) {
                let codes = self.np(cx, c);
                if !codes.is_empty() {
                    return codes;
                }
            }
        }
        // "expressed hopes that Osgiliath ...", "abandoned efforts to stop an anti-Gondor parade"
        for &o in kids.iter().filter(|&&c| s.toks[c].base_rel() == "obj") {
            for &c in s.children(o) {
                if matches!(s.toks[c].base_rel(), "acl" | "ccomp") && s.toks[c].rel != "acl:relcl" && !s.toks[c].masked {
                    let codes = self.clause_actor(cx, c);
                    if !codes.is_empty() {
                        return codes;
                    }
                }
            }
        }
        if let Some(u) = f.complement {
            let codes = self.clause_actor(cx, u);
            if !codes.is_empty() {
                return codes;
            }
        }
        for &c in kids.iter().filter(|&&c| c < v && s.toks[c].base_rel() == "obl" && !f.hit.tokens.contains(&c) && !setting(c)) {
            let codes = self.np(cx, c);
            if !codes.is_empty() {
                return codes;
            }
        }
        Vec::new()
    }

    /// The actor a clause is about: its own subject, else its object, else its own complement's.
    fn clause_actor(&self, cx: &Ctx<'_>, u: usize) -> Vec<Coded> {
        self.clause_actor_depth(cx, u, 0)
    }

    fn clause_actor_depth(&self, cx: &Ctx<'_>, u: usize, depth: usize) -> Vec<Coded> {
        let s = cx.s;
        if depth > 4 {
            return Vec::new();
        }
        let own_subject = s.children(u).iter().copied().find(|&c| matches!(s.toks[c].rel, "nsubj" | "nsubj:pass") && !s.toks[c].masked);
        if let Some(n) = own_subject {
            // A pronoun subject points back at the governing clause's actor, not at a new one.
            if s.toks[n].upos != Upos::Pron {
                let codes = self.np(cx, n);
                if !codes.is_empty() {
                    return codes;
                }
            }
        }
        for &c in s.children(u) {
            if matches!(s.toks[c].base_rel(), "obj" | "iobj" | "obl") && !s.toks[c].masked && c > u {
                let codes = self.np(cx, c);
                if !codes.is_empty() {
                    return codes;
                }
            }
        }
        for &c in s.children(u) {
            if (matches!(s.toks[c].base_rel(), "xcomp" | "ccomp") || self.infinitival(s, c)) && !s.toks[c].masked {
                let codes = self.clause_actor_depth(cx, c, depth + 1);
                if !codes.is_empty() {
                    return codes;
                }
            }
        }
        Vec::new()
    }

    // ---------------------------------------------------------------- events

    fn verb_code(&self, f: &Frame, code: &Code) -> Option<(String, bool, Option<&'static str>)> {
        let mut c = code.as_cameo()?.to_string();
        let mut negated = false;
        if f.negated {
            negated = true;
            c = self.onto.negate(&c)?;
        }
        let mut modality = None;
        if let Some(m) = f.modality {
            modality = Some(m);
            if self.opts.intent_from_modality && !negated {
                c = match m {
                    "intent" => self.intent_code(&c),
                    // "could provoke retaliation", "Kim may rebuff him", "should be outlawed":
                    // speculation, ability or advice, and nobody's act or announcement.
                    "hypothetical" => return None,
                    "threat" => self.threat_code(&c),
                    "refused" => self.refusal_code(&c),
                    "denied" => "016".to_string(),
                    // "failed to stop the attack": neither the act nor anything else happened.
                    "failed" => return None,
                    _ => c,
                };
            }
        }
        Some((c, negated, modality))
    }

    /// "threatened to seize" → 137, "threatened to impose sanctions" → 132, "threatened to
    /// attack" → 138: a threat of a coercive act is the matching threat; a threat of anything
    /// else is what the threatener intends.
    pub fn threat_code(&self, c: &str) -> String {
        if c.starts_with("172") {
            // Administrative sanctions have threats of their own kind (1321-1324, 132).
            if let Some(t) = self.onto.pico(c).and_then(|v| self.onto.cameo(0x6000 + (v & 0xFFF))) {
                return t.to_string();
            }
        }
        self.intent_code(c)
    }

    /// "declined to comment" → 011, "refused to negotiate" → 125, "refused to release
    /// prisoners" → 124: the refusal of a statement is declining to comment, of a meeting or an
    /// act the matching rejection, else a plain rejection (120).
    pub fn refusal_code(&self, c: &str) -> String {
        let Some(v) = self.onto.pico(c) else { return "120".to_string() };
        match v >> 12 {
            0x1 => "011".to_string(),
            // Acts (0x0...) and meetings (0xB...): the low digits name what is refused, as in
            // the ontology's own 12x codes. Other categories use them for topics.
            0x0 | 0xB => self.onto.cameo(-0xFFFF + (v & 0xFFF)).map_or_else(|| "120".to_string(), str::to_string),
            _ => "120".to_string(),
        }
    }

    /// "will visit" → 036; "will help" → 033; "will attack" → 138; statements keep their code.
    pub fn intent_code(&self, c: &str) -> String {
        let root = &c[..2.min(c.len())];
        match root {
            "04" => "036".to_string(),
            "05" | "06" | "07" | "08" => self.onto.combine("030", c).unwrap_or_else(|| "030".to_string()),
            "16" | "18" | "19" | "20" => self
                .onto
                .pico(c)
                .and_then(|v| self.onto.cameo(0x6000 + v).map(str::to_string))
                .unwrap_or_else(|| if root == "16" { "131".to_string() } else { "138".to_string() }),
            "17" => "137".to_string(),
            _ => c.to_string(),
        }
    }

    fn frame_events(&self, f: &Frame) -> Vec<SentEvent> {
        let mut out = Vec::new();
        // In a reverse event ("[041:041]") the frame's target is the source and its source the target,
        // uncoded phrases included.
        let make = |src: Option<&Coded>, tgt: Option<&Coded>, code: &str, negated: bool, modality, reverse: bool| SentEvent {
            source: src.cloned(),
            target: tgt.cloned(),
            code: code.to_string(),
            verb_tokens: f.hit.tokens.clone(),
            evidence: f.evidence.clone(),
            negated,
            modality,
            source_phrase: if reverse { f.target_phrase } else { f.source_phrase },
            target_phrase: if reverse { f.source_phrase } else { f.target_phrase },
            uncoded_source: if src.is_none() { if reverse { f.uncoded_target } else { f.uncoded_source } } else { None },
            uncoded_target: if tgt.is_none() { if reverse { f.uncoded_source } else { f.uncoded_target } } else { None },
        };
        let pairs = |out: &mut Vec<SentEvent>, code: &Option<Code>, reverse: bool| {
            let Some(code) = code else { return };
            let Some((c, neg, modal)) = self.verb_code(f, code) else { return };
            // "Iran and Iraq agreed", "the two leaders met": coordinated subjects of a cooperative verb
            // without an object act on each other. With a clause of its own the verb says what each
            // thinks or means to do ("Britain, France and China recognized that the deal was dead",
            // "Trump and Ryan plan to be back"), unless they agree or meet to do it together.
            let together = match f.complement_finite {
                None => true,
                Some(finite) => !finite && matches!(&c[..2], "04" | "05"),
            };
            // A direct object, coded or not, is what they act on, not each other ("Britain, China and
            // Russia have defended it", "... supported the deal"), unless the code is symmetric ("A
            // and B discussed the plan"); a prepositional phrase may say how ("agreed to a truce").
            let own_object = f.direct_object && f.code.reverse.is_none();
            // In the passive the agents act on the subject ("the West is confronted by Russia, China
            // and Iran"), not on each other.
            let reciprocal = !f.passive && f.target.is_empty() && !own_object && together && matches!(&c[..2], "03" | "04" | "05" | "06");
            let compound = f.source.len() >= 2 && (f.roles.compound || reciprocal);
            if compound && !reverse {
                for a in &f.source {
                    for b in &f.source {
                        if a.code != b.code {
                            out.push(make(Some(a), Some(b), &c, neg, modal, false));
                        }
                    }
                }
                return;
            }
            let srcs: Vec<Option<&Coded>> = if f.source.is_empty() { vec![None] } else { f.source.iter().map(Some).collect() };
            let tgts: Vec<Option<&Coded>> = if f.target.is_empty() { vec![None] } else { f.target.iter().map(Some).collect() };
            for a in &srcs {
                for b in &tgts {
                    if reverse {
                        // The reverse of "discussed the issues" would make the issues an actor: only a coded
                        // target can act back.
                        if b.is_some() {
                            out.push(make(*b, *a, &c, neg, modal, true));
                        }
                    } else {
                        out.push(make(*a, *b, &c, neg, modal, false));
                    }
                }
            }
        };
        pairs(&mut out, &f.code.forward, false);
        // "Iran refused to negotiate with the US", "Iran will meet the US": only the subject has
        // refused or announced anything, so a symmetric code has no reverse event.
        if f.modality.is_none() || !self.opts.intent_from_modality {
            pairs(&mut out, &f.code.reverse, true);
        }
        out
    }

    /// Resolves frame `i` governing the complement frame `j`.
    fn govern(&self, cx: &Ctx<'_>, frames: &mut [Frame], i: usize, j: usize) {
        let lower_events: Vec<SentEvent> = match &frames[j].replaced {
            Some(r) => r.clone(),
            None => self.frame_events(&frames[j]),
        };
        // Only events that can come out: one coded toward its own actor ("they do not celebrate
        // it", both resolved to one group) is dropped at the end, and must not take the place of
        // the statement that governs it.
        let lower_events: Vec<SentEvent> = lower_events.into_iter().filter(|e| (e.source.is_some() || e.target.is_some()) && !is_self_event(e)).collect();
        if frames[j].modality == Some("failed") && self.opts.intent_from_modality {
            // "failed to support Israel": no support, and no rejection either (FAIL's own 120).
            frames[i].suppressed = true;
        }
        if frames[j].suppressed || lower_events.is_empty() {
            return;
        }
        let upper = &frames[i];
        if upper.source.is_empty() {
            // "was seen to break into ...", "..., officials said": with nobody identified as seeing or
            // saying, the governed event stands on its own.
            return;
        }
        let upper_code = upper.code.forward.as_ref().and_then(|c| c.as_cameo()).map(str::to_string);
        let Some(upper_code) = upper_code else {
            // A null upper verb ("was seen to", "indicated") lets the lower event through.
            return;
        };
        let lower = &frames[j];
        if lower.object_controlled {
            // "urged Bree to attack": a request, not an attack.
            frames[j].suppressed = true;
            return;
        }
        // "Pompeo said that she ...": a "she" is not the man who said it, coded or not.
        let other_speaker = subject_pronoun_gender(cx.s, lower.v).is_some_and(|g| upper.source.iter().any(|c| self.other_gender(c, Some(g))));
        // "The Ford is complying with the guidance, Cragg said": a subject named by a noun is
        // someone, coded or not, and not the one who said it; an uncoded pronoun may be.
        let named_subject = subject_of(cx.s, lower.v).is_some_and(|n| cx.s.toks[n].upos != Upos::Pron);
        let same_subject = (lower.source.is_empty() && !other_speaker && !named_subject)
            || s_codes(&lower.source) == s_codes(&upper.source)
            || self.xcomp_controlled(cx, lower.v);
        // Transformations first: they say what a statement about an event is.
        if let Some(evs) = self.transform(upper, lower, &lower_events) {
            frames[i].replaced = Some(evs);
            if !self.opts.code_reported_events || same_subject {
                frames[j].suppressed = true;
            }
            return;
        }
        if same_subject {
            let mut combined = Vec::new();
            for le in &lower_events {
                let code = match self.onto.combine(&upper_code, &le.code) {
                    Some(c) => c,
                    None if self.onto.is_verbal(&upper_code) && !self.onto.is_verbal(&le.code) => le.code.clone(),
                    None => continue,
                };
                let mut e = le.clone();
                if e.source.is_none() || lower.source.is_empty() {
                    e.source = upper.source.first().cloned();
                }
                e.code = code;
                e.evidence.extend(upper.evidence.iter().cloned());
                combined.push(e);
            }
            if upper.source.len() > 1 {
                // Compound subjects: one event per actor.
                let mut more = Vec::new();
                for e in &combined {
                    for s2 in upper.source.iter().skip(1) {
                        let mut e2 = e.clone();
                        e2.source = Some(s2.clone());
                        more.push(e2);
                    }
                }
                combined.extend(more);
            }
            if !combined.is_empty() {
                frames[i].replaced = Some(combined);
                frames[j].suppressed = true;
            }
            return;
        }
        // Different subjects: reported speech or belief about someone else's act.
        if self.opts.code_reported_events {
            // The reported event stands; the statement is coded only by transformations (above)
            // or when the upper verb has its own object ("told B that ...").
            let has_object = cx.s.children(upper.v).iter().any(|&c| matches!(cx.s.toks[c].base_rel(), "obj" | "iobj"));
            if !has_object {
                frames[i].suppressed = true;
            }
        } else {
            // PETRARCH: the statement is coded toward the reported actor; the reported event is not.
            let target = lower.source.clone();
            frames[i].target = target;
            frames[j].suppressed = true;
        }
    }

    fn xcomp_controlled(&self, cx: &Ctx<'_>, u: usize) -> bool {
        let s = cx.s;
        s.toks[u].base_rel() == "xcomp" && !s.children(u).iter().any(|&c| s.toks[c].base_rel() == "nsubj")
    }

    /// Applies the dictionary's transformations to an upper verb over lower events.
    fn transform(&self, upper: &Frame, lower: &Frame, lower_events: &[SentEvent]) -> Option<Vec<SentEvent>> {
        if self.verbs.transformations.is_empty() {
            return None;
        }
        let ublock = &self.verbs.blocks[upper.hit.block as usize].name;
        let lblock = &self.verbs.blocks[lower.hit.block as usize].name;
        let mut out = Vec::new();
        for t in &self.verbs.transformations {
            if &t.upper_verb != ublock {
                continue;
            }
            if let Some(lv) = &t.lower_verb {
                if lv != lblock {
                    continue;
                }
            }
            for le in lower_events {
                let a = upper.source.first();
                let ls = le.source.as_ref();
                let lt = le.target.as_ref();
                // Bind variables: upper source is `a` (or whatever the rule calls it).
                let mut bind: HashMap<String, Option<Coded>> = HashMap::new();
                let ok_var = |var: &TVar, val: Option<&Coded>, bind: &mut HashMap<String, Option<Coded>>| -> bool {
                    match var {
                        TVar::Any => val.is_some(),
                        TVar::Absent => val.is_none(),
                        TVar::Var(n) => match bind.get(n) {
                            Some(prev) => prev.as_ref().map(|c| &c.code) == val.map(|c| &c.code),
                            None => {
                                if val.is_none() {
                                    return false;
                                }
                                // Distinct variables stand for distinct actors.
                                if bind.values().any(|b| b.as_ref().map(|c| &c.code) == val.map(|c| &c.code)) {
                                    return false;
                                }
                                bind.insert(n.clone(), val.cloned());
                                true
                            }
                        },
                    }
                };
                if !ok_var(&t.upper_source, a, &mut bind) || !ok_var(&t.lower_source, ls, &mut bind) || !ok_var(&t.lower_target, lt, &mut bind) {
                    continue;
                }
                let get = |var: &TVar| match var {
                    TVar::Var(n) => bind.get(n).cloned().flatten(),
                    _ => None,
                };
                let code = match &t.result_code {
                    Some(c) => c.as_cameo().map(str::to_string),
                    None => Some(le.code.clone()),
                };
                let Some(code) = code else { continue };
                let mut e = le.clone();
                e.source = get(&t.result_source);
                e.target = get(&t.result_target);
                e.code = code;
                e.evidence.push(Source { text: t.text.clone(), file: t.file, line: t.line });
                out.push(e);
            }
            if !out.is_empty() {
                return Some(out);
            }
        }
        None
    }
}

/// The subject of verb `v` as written, if any.
fn subject_of(s: &Sentence, v: usize) -> Option<usize> {
    s.children(v).iter().copied().find(|&c| matches!(s.toks[c].rel, "nsubj" | "nsubj:pass"))
}

/// The gender of verb `v`'s pronoun subject ("she" in "she accused"), if it has one.
fn subject_pronoun_gender(s: &Sentence, v: usize) -> Option<Gender> {
    let n = subject_of(s, v)?;
    (s.toks[n].upos == Upos::Pron).then(|| Matcher::pronoun_gender(s, n)).flatten()
}

/// Whether an event is coded toward its own actor (same source and target code), which is never output.
fn is_self_event(e: &SentEvent) -> bool {
    e.source.as_ref().is_some_and(|s| e.target.as_ref().is_some_and(|t| s.code == t.code))
}

fn s_codes(c: &[Coded]) -> Vec<&str> {
    let mut v: Vec<&str> = c.iter().map(|c| c.code.as_str()).collect();
    v.sort_unstable();
    v
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Target,
    Prep,
}

/// `SITREP_EVENTS_TRACE=1` prints every verb frame to stderr (a debugging aid).
fn trace() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("SITREP_EVENTS_TRACE").is_some_and(|v| v == "1"))
}
