//! Actor codes of noun phrases: dictionary actors and agents combined as PETRARCH does.
//!
//! A noun phrase is a nominal head with its modifiers. Its words are matched
//! against the actor and agent dictionaries (`sitrep_actors::dictionary`);
//! agents extend the actor code (`Arnor` + `diplomat` → `ARNGOV`, `MSF` +
//! `Arnor` → `NGOARN`). A phrase without an actor of its own takes the actor
//! of its prepositional phrase ("the ambassadors *of Arnor*"). Coordinated
//! heads give one code per conjunct ("Arnor and Gondor" → `ARN`, `GON`), and
//! conjuncts share modifiers and prepositional actors ("Danish media and
//! government" → `DNKMED`, `DNKGOV`). Entities resolved by the actor stage win
//! over dictionary lookups for the tokens they cover.

use chrono::NaiveDate;
use sitrep_actors::dictionary::{Dictionaries, Entry, MatchOptions, Placement};
use sitrep_nlp::Upos;

use crate::sentence::Sentence;

/// A code found for a noun phrase, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    pub code: String,
    /// Head token of the (conjunct) phrase.
    pub head: usize,
    /// First and last token of the phrase that produced the code.
    pub first: usize,
    pub last: usize,
    /// Index into the document's entities, when an entity supplied the actor.
    pub entity: Option<usize>,
    /// The phrase names no one of its own and took this actor from what it is aimed at ("the
    /// rocket attack *on* an Iraqi base", "sanctions *against* Iran"): a target, never the one acting.
    pub aimed_at: bool,
}

/// Prepositions by which a noun names what it is aimed at.
const AIMED: [&str; 5] = ["ON", "AGAINST", "UPON", "TOWARD", "TOWARDS"];

/// Gatherings and texts named after the city where they were held or signed ("the Helsinki
/// summit", "the Minsk agreements"): the city says where, not who.
/// Prepositions that say where an agent is, which tells whose it is ("officials in Tehran").
const AGENT_LOCATIONS: [&str; 4] = ["IN", "AT", "INSIDE", "WITHIN"];

/// Participles that say where an agent lives or works ("officials based in Tehran") or who leads,
/// employs or owns it ("forces directed by Soleimani"), which tells whose it is.
const BELONGING: [&str; 13] =
    ["LIVE", "RESIDE", "BASE", "HAIL", "LOCATE", "WORK", "LEAD", "DIRECT", "COMMAND", "CONTROL", "RUN", "EMPLOY", "OWN"];

const HELD_IN: [&str; 12] =
    ["SUMMIT", "CONFERENCE", "TALK", "MEETING", "FORUM", "CEREMONY", "RALLY", "CONVENTION", "AGREEMENT", "ACCORD", "PROTOCOL", "DECLARATION"];

/// An actor code the actor stage already assigned to tokens `[first, last]` of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCode {
    pub first: usize,
    pub last: usize,
    pub code: String,
    pub entity: usize,
    /// A person (PER), whom a "he" or "she" can stand for.
    pub person: bool,
    /// The person's gender, when their given name shows it.
    pub gender: Option<sitrep_extract::gender::Gender>,
}

/// What noun-phrase coding reads: the dictionaries, the date and the entities of the sentence.
pub struct NounContext<'a> {
    pub dicts: Option<&'a Dictionaries>,
    pub date: Option<NaiveDate>,
    pub entities: &'a [EntityCode],
    pub options: MatchOptions,
    /// Keep agent-only phrases ("a senior official") as actors with an unknown country (`---GOV`).
    pub null_actors: bool,
    /// Prepositions (upper case) through which a common noun without an actor or agent of its
    /// own does not take its prepositional phrase's actor ([`crate::CoderOptions::non_actor_prepositions`]).
    pub non_actor_prepositions: &'a [String],
    /// The one person with an actor code named in the sentence before (code, entity index): what
    /// a sentence's "he" or "she" stands for when nothing in its own sentence does.
    pub person_before: Option<(&'a str, usize, Option<sitrep_extract::gender::Gender>)>,
}

#[derive(Debug, Clone, Default)]
struct Raw {
    /// (code, entity, token where the match starts)
    actors: Vec<(String, Option<usize>, usize)>,
    /// (code, prefix?)
    agents: Vec<(String, bool)>,
}

/// Relations whose subtrees are not part of a noun phrase's own words.
fn outside_np(rel: &str) -> bool {
    matches!(
        rel.split(':').next().unwrap_or(""),
        "conj" | "cc" | "punct" | "acl" | "appos" | "parataxis" | "advcl" | "ccomp" | "xcomp" | "dep" | "list" | "discourse" | "vocative" | "reparandum" | "orphan"
    )
}

impl NounContext<'_> {
    /// The codes of the phrase headed by `head`, one per conjunct and actor.
    pub fn code(&self, s: &Sentence, head: usize) -> Vec<Coded> {
        self.code_depth(s, head, 0)
    }

    fn code_depth(&self, s: &Sentence, head: usize, depth: usize) -> Vec<Coded> {
        if depth > 6 {
            return Vec::new();
        }
        let members = if is_nounish(s, head) { list_members(s, head) } else { vec![head] };
        let mut raws: Vec<(Raw, Raw, usize, usize)> = Vec::new(); // (own, pp, first, last)
        for &m in &members {
            raws.push(self.member(s, m, &members, depth));
        }
        // "Trump's Policy Failure: Iran, Venezuela ...": when a coordinated apposition names actors, the
        // head it describes (and its possessor) is not one of them.
        let described = members.len() > 1
            && self.describes_only(s, members[0])
            && members[1..].iter().enumerate().any(|(k, &c)| s.toks[c].head == Some(members[0]) && s.toks[c].base_rel() == "appos" && !raws[k + 1].0.actors.is_empty());
        if described {
            raws[0].0 = Raw::default();
            raws[0].1 = Raw::default();
        }
        // Conjuncts without an actor borrow the first conjunct's modifiers, then any sibling's PP actors.
        if members.len() > 1 {
            let held_in = s.toks[members[0]].upos == Upos::Noun && HELD_IN.contains(&s.toks[members[0]].lemma.as_str());
            let first_mods = if described || held_in { Vec::new() } else { pre_modifiers(s, members[0]) };
            for k in 1..members.len() {
                if raws[k].0.actors.is_empty() && raws[k].1.actors.is_empty() && !first_mods.is_empty() {
                    let borrowed = self.match_words(s, &first_mods);
                    let r = &mut raws[k].0;
                    r.actors.extend(borrowed.actors);
                    let mut agents = borrowed.agents;
                    agents.extend(std::mem::take(&mut r.agents));
                    r.agents = agents;
                }
            }
            let shared_pp: Vec<(String, Option<usize>, usize)> =
                raws.iter().flat_map(|r| if r.0.actors.is_empty() { r.1.actors.clone() } else { Vec::new() }).collect();
            for r in raws.iter_mut() {
                if r.0.actors.is_empty() && r.1.actors.is_empty() {
                    r.1.actors = shared_pp.clone();
                }
            }
        }
        let mut out = Vec::new();
        for (i, (own, pp, first, last)) in raws.into_iter().enumerate() {
            let aimed_at = own.actors.is_empty()
                && own.agents.is_empty()
                && s.toks[members[i]].upos == Upos::Noun
                && !pp.actors.is_empty()
                && pp.actors.iter().all(|a| s.markers(a.2).iter().any(|m| AIMED.contains(m)));
            // "a congratulatory phone call to Putin": when the phrase names no one itself and the
            // actor comes from a phrase inside it, the words shown for the actor are those of that phrase.
            let inner = own.actors.is_empty() && own.agents.is_empty() && !pp.actors.is_empty();
            let actors = if !own.actors.is_empty() { own.actors } else { pp.actors };
            let agents = if !own.agents.is_empty() { own.agents } else { pp.agents };
            // Coded actor by actor (the same codes, in the same order, as all at once) so that each
            // keeps the token its phrase starts from.
            let groups: Vec<(Vec<(String, Option<usize>)>, Option<&(String, Option<usize>, usize)>)> = if actors.is_empty() {
                vec![(mix(&actors, &agents), None)]
            } else {
                actors.iter().map(|a| (mix(std::slice::from_ref(a), &agents), Some(a))).collect()
            };
            for (codes, from) in groups {
                let (mut f, mut l) = (first, last);
                if let Some(a) = from.filter(|_| inner) {
                    if let Some(k) = self.code_depth(s, a.2, depth + 1).into_iter().find(|k| k.code == a.0) {
                        (f, l) = (k.first, k.last);
                    }
                }
                while f < l && s.phrase_edge(f, true) {
                    f += 1;
                }
                while l > f && s.phrase_edge(l, false) {
                    l -= 1;
                }
                for (code, entity) in codes {
                    if code.starts_with("---") && !self.null_actors {
                        continue;
                    }
                    if !out.iter().any(|c: &Coded| c.code == code) {
                        out.push(Coded { code, head: members[i], first: f, last: l, entity, aimed_at });
                    }
                }
            }
        }
        out
    }

    /// Codes several heads that a parser split apart as one phrase ("Bree | President Romendacil",
    /// both attached as subjects).
    pub fn code_group(&self, s: &Sentence, heads: &[usize]) -> Vec<Coded> {
        if heads.len() < 2 {
            return heads.first().map(|&h| self.code(s, h)).unwrap_or_default();
        }
        let mut words = Vec::new();
        let mut pp = Raw::default();
        let mut acl = Raw::default();
        for &h in heads {
            self.gather(s, h, h, heads, 0, &mut words, &mut pp, &mut acl);
        }
        words.sort_unstable();
        words.dedup();
        let mut own = self.match_words(s, &words);
        own.actors = select_actors(s, own.actors);
        let actors = if !own.actors.is_empty() { own.actors } else { pp.actors };
        let agents = if !own.agents.is_empty() { own.agents } else { pp.agents };
        let (first, last) = (words.first().copied().unwrap_or(heads[0]), words.last().copied().unwrap_or(heads[0]));
        let head = *heads.last().unwrap_or(&heads[0]);
        mix(&actors, &agents)
            .into_iter()
            .filter(|(code, _)| self.null_actors || !code.starts_with("---"))
            .map(|(code, entity)| Coded { code, head, first, last, entity, aimed_at: false })
            .collect()
    }

    /// Own and prepositional codes of one conjunct.
    fn member(&self, s: &Sentence, m: usize, members: &[usize], depth: usize) -> (Raw, Raw, usize, usize) {
        let mut words = Vec::new();
        let mut pp = Raw::default();
        let mut acl = Raw::default();
        self.gather(s, m, m, members, depth, &mut words, &mut pp, &mut acl);
        words.sort_unstable();
        words.dedup();
        let first = words.first().copied().unwrap_or(m);
        let last = words.last().copied().unwrap_or(m);
        let mut own = self.match_words(s, &words);
        let (mut first, mut last) = (first, last);
        // "the South American country, Venezuela": a named apposition is more precise than a common
        // noun, or than a title-cased head that names no actor itself ("Trump's Policy Failure: Iran, ...").
        if self.describes_only(s, m) {
            let mut named_kids: Vec<usize> = s
                .children(m)
                .iter()
                .copied()
                .filter(|&c| s.toks[c].base_rel() == "appos" && s.toks[c].upos == Upos::Propn && !members.contains(&c) && !s.toks[c].masked)
                .collect();
            // A parser may leave the name dangling ("to South American country, Venezuela." with the
            // name as a vocative of the verb): a proper noun right after "noun ," that ends the clause.
            if s.toks[m].upos == Upos::Noun && m + 2 < s.len() && s.toks[m + 1].form == "," {
                let c = m + 2;
                let t = &s.toks[c];
                let ends = s.toks.get(c + 1).is_none_or(|n| n.upos == Upos::Punct);
                if t.upos == Upos::Propn && ends && matches!(t.base_rel(), "vocative" | "dep" | "parataxis" | "appos") && t.head != Some(m) && !t.masked {
                    named_kids.push(c);
                }
            }
            for c in named_kids {
                let named = self.code_depth(s, c, depth + 1);
                if !named.is_empty() {
                    first = named.iter().map(|k| k.first).min().unwrap_or(c);
                    last = named.iter().map(|k| k.last).max().unwrap_or(c);
                    own.actors = named.into_iter().map(|k| (k.code, k.entity, c)).collect();
                    break;
                }
            }
        }
        // Several actors in one phrase: coordinated ones all count ("Eriadori and Calenardhon leaders"),
        // otherwise the first, or the one that refines it ("Iran's Islamic Revolutionary Guard Corps").
        own.actors = select_actors(s, own.actors);
        if s.toks[m].upos == Upos::Noun && HELD_IN.contains(&s.toks[m].lemma.as_str()) {
            if let Some(d) = self.dicts {
                own.actors.retain(|a| !(a.2 < m && d.capital_country(&s.toks[a.2].form).is_some()));
            }
        }
        // "a day after Clinton", "the waters around Somalia", "the turmoil in Iran" are no actors;
        // "the attacks of the RAF", "relations with Cuba" speak for theirs. An agent with no
        // country of its own takes one from where it is ("officials in Tehran"), but not from
        // what it is near, after or about ("ships in the waters around Venezuela").
        if own.actors.is_empty() && s.toks[m].upos == Upos::Noun && !self.non_actor_prepositions.is_empty() {
            let agent = !own.agents.is_empty();
            pp.actors.retain(|a| {
                !s.markers(a.2).iter().any(|p| (!agent || !AGENT_LOCATIONS.contains(p)) && self.non_actor_prepositions.iter().any(|q| q == p))
            });
        }
        if !own.agents.is_empty() {
            // "journalists traveling with the secretary", "senators meeting with Zarif", "fighters
            // battling the Islamic State": what an agent's participle acts on is not whose the
            // agent is; where it lives and who leads it are ("civilians living in Aleppo").
            acl.actors.retain(|a| s.toks[a.2].head.is_some_and(|v| BELONGING.contains(&s.toks[v].lemma.as_str())));
        }
        if own.actors.is_empty() && pp.actors.is_empty() && !acl.actors.is_empty() {
            // "the roads leading into Mordor": the phrase is about what its participle names.
            pp.actors = acl.actors;
        }
        (own, pp, first, last)
    }

    /// Whether head `m` only describes (a common noun, or a title-cased word that names no actor itself).
    fn describes_only(&self, s: &Sentence, m: usize) -> bool {
        s.toks[m].upos == Upos::Noun || (s.toks[m].upos == Upos::Propn && self.match_words(s, &[m]).actors.is_empty())
    }

    #[allow(clippy::too_many_arguments)]
    fn gather(&self, s: &Sentence, root: usize, i: usize, members: &[usize], depth: usize, words: &mut Vec<usize>, pp: &mut Raw, acl: &mut Raw) {
        if !s.toks[i].masked {
            words.push(i);
        }
        for &c in s.children(i) {
            let t = &s.toks[c];
            if t.masked || members.contains(&c) {
                continue;
            }
            if i == root && c < root && t.base_rel() == "case" {
                // The preposition that introduces this phrase is not part of it.
                continue;
            }
            if t.base_rel() == "acl" && t.rel != "acl:relcl" && i == root {
                // "his plan to combat the ISIS threat": what an infinitive aims at is not the
                // phrase's actor, as what a participle names is ("the roads leading into Mordor").
                let infinitive = s.children(c).iter().any(|&k| s.toks[k].base_rel() == "mark" && s.toks[k].up == "TO");
                for &k in s.children(c).iter().filter(|_| !infinitive) {
                    if matches!(s.toks[k].base_rel(), "obj" | "obl") && acl.actors.is_empty() && k > c {
                        for code in self.code_depth(s, k, depth + 1) {
                            acl.actors.push((code.code, code.entity, k));
                        }
                    }
                }
                continue;
            }
            // Coordinated modifiers and appositions inside the phrase are words of it
            // ("Eriadori and Calenardhon leaders", "an anti-Gondor parade").
            let inner_conj = i != root && matches!(t.base_rel(), "conj" | "cc" | "appos");
            if outside_np(&t.rel) && !inner_conj {
                continue;
            }
            let is_pp = matches!(t.base_rel(), "nmod" | "obl") && t.rel != "nmod:poss" && s.markers(c).iter().any(|m| *m != "'S" && *m != "'");
            if is_pp {
                if !pp.actors.is_empty() {
                    // Only the first prepositional phrase with an actor speaks for the phrase.
                    self.gather(s, root, c, members, depth, words, &mut Raw::default(), acl);
                    continue;
                }
                let codes = self.code_depth(s, c, depth + 1);
                if codes.is_empty() {
                    self.gather(s, root, c, members, depth, words, pp, acl);
                } else {
                    for k in codes {
                        if pp.actors.iter().all(|a| a.0 != k.code) {
                            pp.actors.push((k.code, k.entity, c));
                        }
                    }
                }
                continue;
            }
            self.gather(s, root, c, members, depth, words, pp, acl);
        }
    }

    /// Actors and agents named by the tokens `idx` (in order).
    fn match_words(&self, s: &Sentence, idx: &[usize]) -> Raw {
        let mut raw = Raw::default();
        // Entities from the actor stage first: they carry coreference and dates.
        let mut covered = vec![false; idx.len()];
        for e in self.entities {
            let inside: Vec<usize> = idx.iter().enumerate().filter(|(_, &t)| t >= e.first && t <= e.last).map(|(k, _)| k).collect();
            let Some(&k0) = inside.first() else { continue };
            for &k in &inside {
                covered[k] = true;
            }
            if !e.code.is_empty() && raw.actors.iter().all(|a| a.0 != e.code) {
                raw.actors.push((e.code.clone(), Some(e.entity), idx[k0]));
            }
        }
        if let Some(d) = self.dicts {
            let forms: Vec<&str> = idx.iter().map(|&t| s.toks[t].form.as_str()).collect();
            for m in d.find(&forms, self.options) {
                let is_agent = matches!(m.entry, Entry::Agent(_));
                // Agents inside an entity span still count ("Iranian *President* Rouhani").
                if m.tokens.clone().any(|k| covered[k]) && !is_agent {
                    continue;
                }
                match m.entry {
                    Entry::Actor(id) => {
                        if let Some(code) = d.actors[id as usize].code_at(self.date) {
                            if raw.actors.iter().all(|a| a.0 != code) {
                                raw.actors.push((code.to_string(), None, idx[m.tokens.start]));
                            }
                        }
                    }
                    Entry::Agent(id) => {
                        let a = &d.agents[id as usize];
                        raw.agents.push((a.code.clone(), a.placement == Placement::Prefix));
                    }
                }
            }
        }
        raw.actors.sort_by_key(|a| a.2);
        raw
    }
}

/// One actor per phrase: the first named, unless a later one refines it (`IRN` then `IRNGOV`);
/// actors joined by a conjunction all count.
fn select_actors(s: &Sentence, actors: Vec<(String, Option<usize>, usize)>) -> Vec<(String, Option<usize>, usize)> {
    let Some(first) = actors.first().cloned() else {
        return actors;
    };
    let coordinated: Vec<_> = actors
        .iter()
        .filter(|a| a.2 == first.2 || s.conjuncts(first.2).contains(&a.2) || s.toks[a.2].head.is_some_and(|h| h == first.2 && s.toks[a.2].base_rel() == "conj"))
        .cloned()
        .collect();
    if coordinated.len() > 1 {
        return coordinated;
    }
    let best = actors.iter().filter(|a| a.0.starts_with(&first.0) && !a.0.starts_with("---")).max_by_key(|a| a.0.len()).cloned().unwrap_or(first);
    vec![best]
}

/// Whether `code` already holds `part` on a three-letter boundary (`HGWGOVMED` holds `GOVMED`, `GMWGOV` does not hold `WGO`).
fn holds(code: &str, part: &str) -> bool {
    let mut from = 0;
    while let Some(p) = code[from..].find(part) {
        if (from + p) % 3 == 0 {
            return true;
        }
        from += p + 1;
    }
    false
}

/// The heads a phrase coordinates: conjuncts, and appositions that are really list items
/// ("Mordor, the Shire, Arnor and Bree").
fn list_members(s: &Sentence, head: usize) -> Vec<usize> {
    let mut out = vec![head];
    let mut k = 0;
    while k < out.len() {
        let x = out[k];
        k += 1;
        let has_coord = |y: usize| s.children(y).iter().any(|&c| matches!(s.toks[c].base_rel(), "conj" | "cc"));
        for &c in s.children(x) {
            let rel = s.toks[c].base_rel();
            let member = (rel == "conj" || (rel == "appos" && (has_coord(x) || has_coord(c)))) && is_nounish(s, c);
            if member && !out.contains(&c) && !s.toks[c].masked {
                out.push(c);
            }
        }
    }
    out
}

/// PETRARCH's `mix_codes`: every agent extends every actor unless already contained.
fn mix(actors: &[(String, Option<usize>, usize)], agents: &[(String, bool)]) -> Vec<(String, Option<usize>)> {
    if actors.is_empty() && agents.is_empty() {
        return Vec::new();
    }
    let mut base: Vec<(String, Option<usize>)> =
        if actors.is_empty() { vec![(String::new(), None)] } else { actors.iter().map(|a| (a.0.clone(), a.1)).collect() };
    let general = agents.len() > 1;
    for (code, prefix) in agents {
        if code == "PPL" && general {
            continue;
        }
        for a in base.iter_mut() {
            if holds(&a.0, code) && !a.0.is_empty() {
                continue;
            }
            a.0 = if *prefix { format!("{code}{}", a.0) } else { format!("{}{code}", a.0) };
        }
    }
    base.into_iter()
        .map(|(c, e)| {
            if actors.is_empty() {
                (format!("---{c}"), e)
            } else {
                (c, e)
            }
        })
        .filter(|(c, _)| !c.is_empty() && c != "---")
        .collect()
}

fn is_nounish(s: &Sentence, i: usize) -> bool {
    matches!(s.toks[i].upos, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num | Upos::Adj | Upos::X | Upos::Sym)
}

/// Determiners, adjectives and compounds before a head: what a conjunct can share.
fn pre_modifiers(s: &Sentence, head: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for &c in s.children(head) {
        if c < head && matches!(s.toks[c].base_rel(), "amod" | "compound" | "nmod" | "flat") && s.toks[c].rel != "nmod:poss" {
            out.extend(s.subtree_where(c, |s, k| !outside_np(&s.toks[k].rel)));
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_actors::dictionary::Strictness;

    fn dicts() -> Dictionaries {
        let mut d = Dictionaries::new();
        d.add_actor_text("a.txt", "ARNOR [ARN]\nGONDOR [GON]\nDENMARK [DNK]\n+DANISH\nWHITE_HOUSE [USAGOV]\n", Strictness::Strict).unwrap();
        d.add_agent_text("g.txt", "GOVERNMENT [~GOV]\nMEDIA {} [~MED]\nAMBASSADOR [~GOV]\nMSF {} [NGO~]\nSECURITY_OFFICIALS [~GOV]\nISLAMIST [~MUS]\n", Strictness::Strict).unwrap();
        d
    }

    fn sent(rows: &[(&str, &str, usize, &str)]) -> Sentence {
        let mut t = String::new();
        for (i, (form, upos, head, rel)) in rows.iter().enumerate() {
            t.push_str(&format!("{}\t{form}\t{form}\t{upos}\t_\t_\t{head}\t{rel}\t_\t_\n", i + 1));
        }
        t.push('\n');
        Sentence::from_conllu(&sitrep_conllu::parse_str(&t).unwrap()[0], 0)
    }

    fn codes(d: &Dictionaries, s: &Sentence, h: usize) -> Vec<String> {
        let cx = NounContext { dicts: Some(d), date: None, entities: &[], options: MatchOptions::default(), null_actors: true, non_actor_prepositions: &[], person_before: None };
        cx.code(s, h).into_iter().map(|c| c.code).collect()
    }

    #[test]
    fn agents_extend_actors_from_prepositional_phrases() {
        let d = dicts();
        // The ambassadors of Arnor and Gondor
        let s = sent(&[("The", "DET", 2, "det"), ("ambassadors", "NOUN", 0, "root"), ("of", "ADP", 4, "case"), ("Arnor", "PROPN", 2, "nmod"), ("and", "CCONJ", 6, "cc"), ("Gondor", "PROPN", 4, "conj")]);
        assert_eq!(codes(&d, &s, 1), vec!["ARNGOV", "GONGOV"]);
    }

    /// An agent takes its country from where it is, not from what it is near (hand-made parses:
    /// the parser may hang "waters" under "ships" or under the verb).
    #[test]
    fn agents_take_a_country_from_where_they_are_not_from_what_they_are_near() {
        let mut d = dicts();
        d.add_agent_text("s.txt", "SHIP [~]\n", Strictness::Strict).unwrap();
        let cx = NounContext {
            dicts: Some(&d),
            date: None,
            entities: &[],
            options: MatchOptions::default(),
            null_actors: true,
            non_actor_prepositions: &crate::CoderOptions::default().non_actor_prepositions,
            person_before: None,
        };
        let codes = |s: &Sentence, h: usize| cx.code(s, h).into_iter().map(|c| c.code).collect::<Vec<_>>();
        // ships in the waters around Gondor
        let s = sent(&[("ships", "NOUN", 0, "root"), ("in", "ADP", 4, "case"), ("the", "DET", 4, "det"), ("waters", "NOUN", 1, "nmod"), ("around", "ADP", 6, "case"), ("Gondor", "PROPN", 4, "nmod")]);
        assert!(!codes(&s, 0).iter().any(|c| c.starts_with("GON")), "{:?}", codes(&s, 0));
        // the ambassador in Arnor
        let s = sent(&[("the", "DET", 2, "det"), ("ambassador", "NOUN", 0, "root"), ("in", "ADP", 4, "case"), ("Arnor", "PROPN", 2, "nmod")]);
        assert_eq!(codes(&s, 1), vec!["ARNGOV"]);
    }

    #[test]
    fn conjuncts_share_modifiers_and_prefix_agents() {
        let d = dicts();
        // Danish Islamist media and government
        let s = sent(&[("Danish", "ADJ", 3, "amod"), ("Islamist", "ADJ", 3, "amod"), ("media", "NOUN", 0, "root"), ("and", "CCONJ", 5, "cc"), ("government", "NOUN", 3, "conj")]);
        assert_eq!(codes(&d, &s, 2), vec!["DNKMUSMED", "DNKMUSGOV"]);
        let s = sent(&[("MSF", "PROPN", 2, "compound"), ("Arnor", "PROPN", 0, "root")]);
        assert_eq!(codes(&d, &s, 1), vec!["NGOARN"]);
        let s = sent(&[("White", "PROPN", 2, "compound"), ("House", "PROPN", 4, "compound"), ("security", "NOUN", 4, "compound"), ("officials", "NOUN", 0, "root")]);
        assert_eq!(codes(&d, &s, 3), vec!["USAGOV"]);
        let s = sent(&[("a", "DET", 2, "det"), ("government", "NOUN", 0, "root")]);
        assert_eq!(codes(&d, &s, 1), vec!["---GOV"]);
    }
}
