//! In-document resolution: mentions from the dictionaries and NER, actor codes at the
//! document date, roles from appositions and titles, coreference into entities.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use sitrep_document::Span;
use sitrep_nlp::{EntityType, Parse, Upos};

use crate::affiliation;
use crate::dictionary::{ActorId, Dictionaries, Entry, MatchOptions, MatchScratch, PhraseMatch};
use crate::Entity;

/// Words that may precede a name as a title; stripped from canonical names.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "adm",
    "admiral",
    "gen",
    "general",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "ayatollah",
    "supreme",
    "leader",
    "chancellor",
    "lt",
    "col",
    "colonel",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "field",
    "marshal",
    "crown",
    "premier",
    "chairman",
    "commander",
    "foreign",
    "defense",
    "defence",
    "state",
    "of",
    "the",
    "former",
    "sir",
    "lord",
    "pope",
    "emir",
    "sultan",
    "judge",
    "justice",
];

/// Prepositions after which a capital city is a place, not a government.
const PLACE_PREPS: &[&str] = &[
    "in", "from", "to", "at", "near", "into", "outside", "around", "across", "through", "via",
    "toward", "towards", "inside", "over",
];

/// Verbs of saying that introduce a speaker (used by the fallback person finder).
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "observed",
    "wrote",
    "noted",
    "argued",
    "explained",
    "stated",
    "warned",
];

#[derive(Debug, Clone)]
struct Mention {
    tokens: Range<usize>,
    kind: EntityType,
    record: Option<ActorId>,
    code: Option<String>,
    /// A noun phrase resolved to an earlier actor ("the regime"): joins by code.
    nominal: bool,
    /// The agent noun of a combined or nominal mention.
    agent: Option<u32>,
    /// Actor + agent combination ("Iranian vessels"): its own entity.
    combined: bool,
    role: Option<String>,
    /// A display name other than the mention's text ("Khamenei regime" for "Khamenei regimes").
    name: Option<String>,
    /// A bare title ("Secretary of State") naming the person mentioned right after it.
    title_of_next: bool,
    /// The country an affiliation written around a person's name gives ("R-S.C.", "of Alabama").
    country: Option<String>,
}

impl Mention {
    /// An actor + agent mention ("Iranian vessels", "officials in Ankara", "the government of
    /// Nicolás Maduro"): its own entity, shown under `name`.
    fn combined(
        tokens: Range<usize>,
        kind: EntityType,
        code: Option<String>,
        agent: u32,
        name: String,
        title_of_next: bool,
    ) -> Mention {
        Mention {
            tokens,
            kind,
            record: None,
            code,
            nominal: false,
            agent: Some(agent),
            combined: true,
            role: None,
            name: Some(name),
            title_of_next,
            country: None,
        }
    }
}

/// Runs resolution over one document.
pub(crate) fn resolve(
    dict: &Dictionaries,
    text: &str,
    date: Option<NaiveDate>,
    parse: &Parse,
) -> Vec<Entity> {
    let n = parse.spans.len();
    if n == 0 {
        return Vec::new();
    }
    let forms: Vec<std::borrow::Cow<'_, str>> = (0..n).map(|i| sitrep_text::word_form(parse.text(text, i))).collect();
    let toks: Vec<&str> = forms.iter().map(AsRef::as_ref).collect();
    let has_parse = parse.tokens.iter().any(|t| t.head.is_some());
    let mut mentions: Vec<Mention> = Vec::new();
    let mut scratch = MatchScratch::default();
    let mut matches: Vec<PhraseMatch> = Vec::new();
    let opts = MatchOptions::default();

    for sent in &parse.sentences {
        let r = sent.tokens.clone();
        dict.find_into(&toks[r.clone()], opts, &mut scratch, &mut matches);
        let base = r.start;
        let ms: Vec<PhraseMatch> = matches
            .iter()
            .map(|m| PhraseMatch {
                tokens: m.tokens.start + base..m.tokens.end + base,
                entry: m.entry,
            })
            .collect();
        let mut k = 0;
        while k < ms.len() {
            let m = &ms[k];
            match m.entry {
                Entry::Actor(id) => {
                    let rec = &dict.actors[id as usize];
                    let code = rec.code_at(date).map(str::to_string);
                    // Actor + agent: "Iranian vessels", "Iran's navy", "Maduro government".
                    if let Some(next) = ms.get(k + 1) {
                        if let Entry::Agent(gid) = next.entry {
                            let gap = &toks[m.tokens.end..next.tokens.start];
                            if gap.is_empty() || (gap.len() == 1 && is_possessive(gap[0])) {
                                let agent = &dict.agents[gid as usize];
                                let root = code.as_deref().map(actor_root);
                                let name = combined_name(text, parse, m.tokens.clone(), agent);
                                // "Iranian Foreign Minister Javad Zarif": the office titles the name after it;
                                // so does any singular agent right before a recognized person ("Venezuelan
                                // journalist (and Post contributor) Francisco Toro"), which is that person's role.
                                let title_of_next = ms
                                    .get(k + 2)
                                    .is_none_or(|x| x.tokens.start >= next.tokens.end)
                                    && (agent.forms.first().is_some_and(|f| ends_in_office(f))
                                        && title_precedes_name(parse, &toks, next.tokens.end)
                                        || !matches!(
                                            parse.tokens[next.tokens.end - 1].xpos,
                                            "NNS" | "NNPS"
                                        ) && person_follows(parse, &toks, next.tokens.end));
                                let kind = agent_kind(agent);
                                let code = root.map(|r| with_agent(agent, r));
                                mentions.push(Mention::combined(
                                    m.tokens.start..next.tokens.end,
                                    kind,
                                    code,
                                    gid,
                                    name,
                                    title_of_next,
                                ));
                                k += 2;
                                continue;
                            }
                        }
                        // Coordinated actors sharing one plural agent: "the Maduro and Khamenei regimes".
                        if let (
                            Entry::Actor(_),
                            Some(PhraseMatch {
                                entry: Entry::Agent(gid),
                                tokens: at,
                            }),
                        ) = (next.entry, ms.get(k + 2))
                        {
                            let gap = &toks[m.tokens.end..next.tokens.start];
                            let joined = gap.len() == 1 && matches!(gap[0], "and" | "&" | "or");
                            if joined && at.start == next.tokens.end {
                                let agent = &dict.agents[*gid as usize];
                                let root = code.as_deref().map(actor_root);
                                let name = combined_name(text, parse, m.tokens.clone(), agent);
                                let kind = agent_kind(agent);
                                let code = root.map(|r| with_agent(agent, r));
                                mentions.push(Mention::combined(
                                    m.tokens.clone(),
                                    kind,
                                    code,
                                    *gid,
                                    name,
                                    false,
                                ));
                                k += 1;
                                continue;
                            }
                        }
                    }
                    let mtext = span_text(text, parse, m.tokens.clone());
                    let (kind, code) = match dict.capital_country(mtext) {
                        Some(country) => {
                            if capital_is_agent(parse, &toks, m.tokens.clone(), has_parse) {
                                (EntityType::Org, Some(format!("{country}GOV")))
                            } else {
                                (EntityType::Loc, Some(country.to_string()))
                            }
                        }
                        None => (
                            guess_kind(rec.primary(), &rec.phrases, code.as_deref(), mtext),
                            code,
                        ),
                    };
                    // A bare title ("Secretary of State", "the president") right before a name belongs to that name.
                    let title_of_next = (is_bare_title(rec.primary(), mtext)
                        || ends_in_office(mtext) && kind != EntityType::Per)
                        && ms.get(k + 1).map_or(m.tokens.end, |x| x.tokens.start) >= m.tokens.end
                        && title_precedes_name(parse, &toks, m.tokens.end);
                    // "Texas", "Benghazi": coded as the country, but a place of its own, not the country's entity.
                    // (A user's dictionary may have given the phrase to another record since.)
                    let subplace =
                        kind != EntityType::Org && rec.is_country() && dict.is_subplace(mtext);
                    mentions.push(Mention {
                        tokens: m.tokens.clone(),
                        kind,
                        record: (!subplace).then_some(id),
                        code,
                        nominal: false,
                        agent: None,
                        combined: false,
                        role: None,
                        name: None,
                        title_of_next,
                        country: None,
                    });
                }
                Entry::Agent(gid) => {
                    let agent = &dict.agents[gid as usize];
                    // "officials in Ankara", "diplomats in Washington": government people
                    // placed in a capital speak for that capital's government.
                    if agent.code.starts_with("GOV") {
                        if let Some(PhraseMatch {
                            entry: Entry::Actor(_),
                            tokens: at,
                        }) = ms.get(k + 1)
                        {
                            let placed = |tokens: Range<usize>, country: &str, name: String| {
                                Mention::combined(
                                    tokens,
                                    EntityType::Org,
                                    Some(agent.apply(Some(country))),
                                    gid,
                                    name,
                                    false,
                                )
                            };
                            let joined = at.start == m.tokens.end + 1
                                && toks[m.tokens.end].eq_ignore_ascii_case("in");
                            if let Some(country) = dict
                                .capital_country(span_text(text, parse, at.clone()))
                                .filter(|_| joined)
                            {
                                let start = if m.tokens.start > r.start
                                    && is_determiner(toks[m.tokens.start - 1])
                                {
                                    m.tokens.start - 1
                                } else {
                                    m.tokens.start
                                };
                                mentions.push(placed(
                                    start..at.end,
                                    country,
                                    span_text(text, parse, m.tokens.start..at.end).to_string(),
                                ));
                                k += 2;
                                // "officials in Ankara and Baghdad": the second capital's government too.
                                if let Some(PhraseMatch {
                                    entry: Entry::Actor(_),
                                    tokens: at2,
                                }) = ms.get(k)
                                {
                                    let gap = &toks[at.end..at2.start];
                                    let joined = gap.len() == 1 && matches!(gap[0], "and" | "or");
                                    if let Some(country) = dict
                                        .capital_country(span_text(text, parse, at2.clone()))
                                        .filter(|_| joined)
                                    {
                                        let name = format!(
                                            "{} in {}",
                                            span_text(text, parse, m.tokens.clone()),
                                            span_text(text, parse, at2.clone())
                                        );
                                        mentions.push(placed(at2.clone(), country, name));
                                        k += 1;
                                    }
                                }
                                continue;
                            }
                        }
                    }
                    // "that" only as a determiner: in "warned that Congress would" it opens a clause.
                    let det = m.tokens.start > r.start
                        && is_determiner(toks[m.tokens.start - 1])
                        && (!has_parse || parse.tokens[m.tokens.start - 1].upos == Upos::Det);
                    // Only state institutions are nominal references ("the regime", "the navy"); "the Islamic ..." is not.
                    let state = STATE_SECTORS.iter().any(|p| agent.code.starts_with(p));
                    // "the government of Nicolás Maduro", "the army of Iran", "the people of Iran": the
                    // actor after "of" owns a state institution or its people ("the victims of Trump" are not his).
                    if let Some(PhraseMatch {
                        entry: Entry::Actor(id),
                        tokens: at,
                    }) = ms.get(k + 1)
                    {
                        let people = agent.code == "CVL"
                            && agent.forms.first().is_some_and(|f| {
                                matches!(f.as_str(), "PEOPLE" | "CITIZEN" | "RESIDENT")
                            });
                        // The actor ends the phrase: "the government of Syrian rebels" is not Syria's.
                        let ends = parse
                            .tokens
                            .get(at.end)
                            .is_none_or(|t| !matches!(t.upos, Upos::Noun | Upos::Propn));
                        let of = at.start == m.tokens.end + 1
                            && toks[m.tokens.end] == "of"
                            && det
                            && ends
                            && (state || people);
                        let root = dict.actors[*id as usize]
                            .code_at(date)
                            .map(actor_root)
                            .filter(|_| of);
                        if let Some(root) = root {
                            let name = span_text(text, parse, m.tokens.start..at.end).to_string();
                            mentions.push(Mention::combined(
                                m.tokens.start - 1..at.end,
                                EntityType::Org,
                                Some(with_agent(agent, root)),
                                gid,
                                name,
                                false,
                            ));
                            k += 2;
                            continue;
                        }
                    }
                    // "the regime", "the government": the most recent country actor.
                    if det && state {
                        // "the regime" after "the Iranian regime": the same agent noun wins over recency.
                        let same = mentions
                            .iter()
                            .rev()
                            .find(|x| x.agent == Some(gid) && x.code.is_some())
                            .and_then(|x| x.code.clone());
                        // Congress is not the last country named: "that Congress" and "the senators"
                        // in an article on Iraq are American. They stay bare (`LEG`) for the
                        // document's own legislature to place (`affiliation::legislature_country`).
                        let legislature = agent.code.starts_with("LEG")
                            && affiliation::congress_like(span_text(text, parse, m.tokens.clone()));
                        let nearby = || {
                            if legislature {
                                None
                            } else {
                                last_country(&mentions, parse, m.tokens.start)
                            }
                        };
                        // The same noun keeps its code whole: re-applying the agent to an
                        // international code gave "the official" IGOEUREECGOVGOV.
                        let code = same.or_else(|| match nearby() {
                            Some(root) => Some(agent.apply(Some(&root))),
                            None => legislature.then(|| agent.code.clone()),
                        });
                        if let Some(code) = code {
                            mentions.push(Mention {
                                tokens: m.tokens.start - 1..m.tokens.end,
                                kind: EntityType::Org,
                                record: None,
                                code: Some(code),
                                nominal: true,
                                agent: Some(gid),
                                combined: false,
                                role: None,
                                name: None,
                                title_of_next: false,
                                country: None,
                            });
                        }
                    }
                }
            }
            k += 1;
        }
    }

    add_ner_mentions(dict, text, date, parse, &toks, &mut mentions, has_parse);
    mentions.sort_by_key(|m| (m.tokens.start, std::cmp::Reverse(m.tokens.end)));
    mentions.dedup_by(|b, a| b.tokens.start < a.tokens.end);
    place_people(&toks, &mut mentions);

    let mut sectors = vec![None; mentions.len()];
    // Roles from copular sentences ("Singh was senior director ..."): used only by an entity no other role names.
    let mut copular: Vec<Option<RoleCodes>> = vec![None; mentions.len()];
    for i in 0..mentions.len() {
        if mentions[i].kind == EntityType::Per {
            let ((role, role_code, sector), name_start) =
                find_role(dict, text, date, parse, &toks, &mentions, i);
            if role.is_none() {
                copular[i] = copular_role(dict, parse, &toks, mentions[i].tokens.clone()).map(
                    |(r, past)| {
                        let (role, code, sector) = role_and_code(dict, text, date, parse, &toks, r);
                        if past {
                            (role, code.map(|c| former(&c)), sector.map(|c| former(&c)))
                        } else {
                            (role, code, sector)
                        }
                    },
                );
            }
            if let Some(start) = name_start {
                mentions[i].tokens.start = start;
            }
            if mentions[i].code.is_none() {
                mentions[i].code = role_code;
            }
            mentions[i].role = role;
            sectors[i] = sector;
        }
    }
    office_holders(dict, text, parse, &mut mentions);
    let mut entities = cluster(dict, text, parse, &toks, mentions, &sectors, &copular);
    affiliation::legislature_country(&mut entities);
    entities
}

/// Offices one person heads a state by: "the president" is that state's government.
const HEAD_OFFICES: &[&str] = &["PRESIDENT", "PRIME MINISTER", "PREMIER", "CHANCELLOR", "KING", "QUEEN"];

/// "The president" is the president of the country the text so far is about, not of the
/// country named last: in an article on Trump's summit with Putin the last country before
/// "the president" is often Russia. Among the countries with a holder of the office named
/// before (a mention gives the title: "President Trump", "Russian president Vladimir Putin",
/// not "Vice President Pence"; or the dictionary does while the person's code is a
/// government one), the one whose people the text has named most often wins. Without a
/// holder the nearby country stays.
fn office_holders(dict: &Dictionaries, text: &str, parse: &Parse, mentions: &mut [Mention]) {
    let office_of = |m: &Mention| -> Option<&'static str> {
        let g = m.agent.filter(|_| m.nominal && !m.combined)?;
        // "The presidents" are several, of as many countries.
        if matches!(parse.tokens[m.tokens.end - 1].xpos, "NNS" | "NNPS") {
            return None;
        }
        let form = dict.agents[g as usize].forms.first()?;
        HEAD_OFFICES.iter().copied().find(|o| form == o)
    };
    if !mentions.iter().any(|m| office_of(m).is_some()) {
        return;
    }
    let titled = |m: &Mention, office: &str| -> bool {
        let words: Vec<String> = span_text(text, parse, m.tokens.clone())
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_uppercase())
            .collect();
        let want: Vec<&str> = office.split(' ').collect();
        words.windows(want.len()).enumerate().any(|(i, w)| {
            w.iter().zip(&want).all(|(a, b)| a == b)
                && !(i > 0 && matches!(words[i - 1].as_str(), "VICE" | "FORMER" | "DEPUTY" | "EX" | "LATE" | "ACTING"))
        })
    };
    // The dictionary's own title for the person ("PRESIDENT TRUMP"), for the many articles
    // that write only "Trump": held while the person's code is a government one.
    let in_office = |m: &Mention, office: &str| {
        m.code.as_deref().is_some_and(|c| c.ends_with("GOV"))
            && m.record.is_some_and(|r| {
                dict.actors[r as usize]
                    .phrases
                    .iter()
                    .any(|p| p.strip_prefix(office).is_some_and(|rest| rest.starts_with(' ')))
            })
    };
    // Which mentions name a holder, once per office (an article may say "the president" often).
    let mut holder_flags: HashMap<&'static str, Vec<bool>> = HashMap::new();
    let mut codes = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(office) = office_of(m) else { continue };
        let is_holder = holder_flags.entry(office).or_insert_with(|| {
            mentions.iter().map(|p| p.kind == EntityType::Per && (titled(p, office) || in_office(p, office))).collect()
        });
        // How often the text so far names each country's people: the country it is about,
        // as far as the reader knows (an article's Syrian opening is about Syria's president).
        let mut people: HashMap<&str, usize> = HashMap::new();
        for p in mentions[..i].iter().filter(|p| p.kind == EntityType::Per) {
            let root = p.code.as_deref().map(actor_root).filter(|r| is_country_code(r) && !is_region(r));
            if let Some(root) = root {
                *people.entry(root).or_default() += 1;
            }
        }
        // Countries with a holder of the office so far, with the position of the holder's
        // latest mention (ties go to the one just read about).
        let mut holders: Vec<(&str, usize)> = Vec::new();
        for (j, p) in mentions[..i].iter().enumerate() {
            if !is_holder[j] {
                continue;
            }
            let Some(root) = p.code.as_deref().map(actor_root).filter(|r| people.contains_key(r)) else { continue };
            match holders.iter_mut().find(|(r, _)| *r == root) {
                Some(h) => h.1 = j,
                None => holders.push((root, j)),
            }
        }
        let best = holders.iter().max_by_key(|(r, last)| (people[r], *last)).map(|(r, _)| r.to_string());
        codes.push((i, best));
    }
    for (i, root) in codes {
        if let Some(root) = root {
            let g = mentions[i].agent.expect("office mentions have an agent");
            mentions[i].code = Some(dict.agents[g as usize].apply(Some(&root)));
        }
    }
}

/// Countries written around people's names: a US party tag ("Sen. Lindsey Graham, R-S.C.,"),
/// a party before the title ("Republican Sen. Richard Shelby"), "of" and a place ("Sen.
/// Richard Shelby of Alabama"). A party tag is the person's affiliation, not an entity of
/// its own ("D-Calif" was read as one).
fn place_people(toks: &[&str], mentions: &mut Vec<Mention>) {
    let mut tags: Vec<Range<usize>> = Vec::new();
    for i in 0..mentions.len() {
        if mentions[i].kind != EntityType::Per {
            continue;
        }
        let (start, end) = (mentions[i].tokens.start, mentions[i].tokens.end);
        if let Some(tag) = affiliation::party_tag(toks, end) {
            mentions[i].country = Some("USA".to_string());
            tags.push(tag);
        } else if affiliation::party_before(toks, start) {
            mentions[i].country = Some("USA".to_string());
        } else if toks.get(end) == Some(&"of") {
            // "Rep. Doug Collins of Georgia" is American whatever the place's own code.
            mentions[i].country =
                if start > 0 && affiliation::us_state_of_us_title(toks, start - 1, end + 1) {
                    Some("USA".to_string())
                } else {
                    let place = mentions
                        .get(i + 1)
                        .filter(|n| n.tokens.start == end + 1 && n.kind == EntityType::Loc);
                    place
                        .and_then(|n| n.code.clone())
                        .filter(|c| is_country_code(c))
                };
        }
    }
    mentions.retain(|m| {
        !tags
            .iter()
            .any(|t| t.start <= m.tokens.start && m.tokens.end <= t.end)
    });
}

/// Adds NER spans not covered by dictionary matches; with no NER at all, a cautious
/// fallback finds people named next to a role or a verb of saying.
fn add_ner_mentions(
    dict: &Dictionaries,
    text: &str,
    date: Option<NaiveDate>,
    parse: &Parse,
    toks: &[&str],
    mentions: &mut Vec<Mention>,
    has_parse: bool,
) {
    let mut spans: Vec<(Range<usize>, EntityType)> = parse
        .entities
        .iter()
        .filter_map(|e| Some((trim_name(toks, e.tokens.clone())?, e.label)))
        .collect();
    if parse.entities.is_empty() {
        spans = fallback_people(parse, toks);
    }
    let full_names: Vec<Range<usize>> = spans
        .iter()
        .filter(|(r, k)| *k == EntityType::Per && is_plain_name(&toks[r.clone()]))
        .map(|(r, _)| r.clone())
        .collect();
    for (r, kind) in spans {
        let overlaps = |m: &Mention| m.tokens.start < r.end && r.start < m.tokens.end;
        // In "U.S. President Donald Trump" the name is the match that ends the span, not "U.S.".
        let at = mentions
            .iter()
            .position(|m| overlaps(m) && m.tokens.end == r.end && kind == EntityType::Per);
        // The name takes the given names and titles before it, but a title mention keeps
        // its tokens ("U.S. Ambassador | Nikki Haley") and so does a country ("U.S. | President Donald Trump").
        let free_from = at.map_or(r.start, |i| {
            let mut s = mentions[i].tokens.start;
            while s > r.start && {
                let t = toks[s - 1];
                let titled = is_name_word(t) || is_title_word(t) || ends_in_office(t);
                titled
                    && !mentions
                        .iter()
                        .any(|x| (x.combined || x.title_of_next) && x.tokens.contains(&(s - 1)))
            } {
                s -= 1;
            }
            s
        });
        let r = free_from..r.end;
        if let Some(m) = at
            .or_else(|| mentions.iter().position(overlaps))
            .map(|i| &mut mentions[i])
        {
            // The recognizer knows the type; the dictionary knows the code. A longer
            // NER span ("Adm. Craig Faller") keeps the dictionary's code.
            if !m.combined && !m.nominal && !m.title_of_next {
                if r.start <= m.tokens.start && r.end >= m.tokens.end {
                    // ... unless the span adds a given name the record does not have:
                    // "Jay Carney" is not the dictionary's Mark Carney.
                    // Nor is "Hassan al-Banna" the dictionary's one-word "Hassan" (Jordan's
                    // prince): a one-word match the name goes on after.
                    if kind == EntityType::Per
                        && m.kind == EntityType::Per
                        && m.record.is_some_and(|id| {
                            !knows_given_names(dict, id, toks, r.start..m.tokens.start)
                                || (m.tokens.len() == 1
                                    && !knows_names_after(dict, id, toks, m.tokens.end..r.end))
                        })
                    {
                        m.record = None;
                        m.code = None;
                    }
                    // ... or the person's name only contains a place: "Lisa Monaco", "Jordan
                    // Peterson" are no Monaco and no Jordan ("U.S. Marine Amir Hekmati" and
                    // "Jeff Ewener of Toronto" keep theirs), and neither is the surname alone when
                    // the full name is in the document ("Rhodes added" after "Ben Rhodes said").
                    // ... and a longer name of something else containing a country's name ("Kyiv Post",
                    // "Canadian Press") keeps the country's code but is not the country's entity.
                    if r.len() > m.tokens.len()
                        && kind != EntityType::Loc
                        && m.record
                            .is_some_and(|id| dict.actors[id as usize].is_country())
                    {
                        m.record = None;
                    }
                    let name_with_place =
                        r.len() > m.tokens.len() && is_plain_name(&toks[r.clone()]);
                    let surname_of_one = r.len() == 1
                        && full_names
                            .iter()
                            .any(|f| f.end - 1 != r.start && toks[f.end - 1] == toks[r.start]);
                    // Nor is a person one of whose names is a group's: "Amal Clooney" is not Amal,
                    // the Lebanese movement, "Amit Shah" not AMIT. A longer group name inside the
                    // span ("Lockheed Martin Corp") says rather that the recognizer was wrong.
                    if kind == EntityType::Per
                        && (m.kind == EntityType::Loc && (name_with_place || surname_of_one)
                            || m.kind == EntityType::Org && name_with_place && m.tokens.len() == 1)
                    {
                        m.record = None;
                        m.code = None;
                    }
                    // "the Obama Doctrine", "Obama Democrats", "Obama White House": the
                    // dictionary's person is only the name inside what the span names, another
                    // entity; it keeps the person's code only when it is an office of state.
                    let person = m.kind == EntityType::Per && m.record.is_some_and(|id| !dict.actors[id as usize].is_country());
                    if person && r.end > m.tokens.end {
                        if let Some(head) = non_person_head(toks[r.end - 1]) {
                            m.record = None;
                            if head != EntityType::Org || PRIVATE_WORDS.contains(&toks[r.end - 1].to_uppercase().as_str()) {
                                m.code = None;
                            }
                        }
                    }
                    m.tokens = r.clone();
                }
                // "Trump Administration", "Justice Department": a name ending in an
                // institution, a group or a thing names no person, whatever the recognizer says.
                if (kind == EntityType::Per || m.kind == EntityType::Per) && m.tokens.len() >= 2 {
                    if let Some(k) = non_person_head(toks[m.tokens.end - 1]) {
                        m.kind = k;
                        continue;
                    }
                }
                // A phrase ending in a common noun ("Maduro government") is not a person, whatever the recognizer says,
                // and neither is a capital standing alone ("Washington grew concerned") unless the document names a
                // person with it ("George Washington ... Washington was a slave holder").
                let common_head = is_common_word(toks[m.tokens.end - 1]);
                let lone_capital = kind == EntityType::Per
                    && r == m.tokens
                    && dict
                        .capital_country(span_text(text, parse, r.clone()))
                        .is_some()
                    && !full_names.iter().any(|f| toks[f.end - 1] == toks[r.start]);
                if (m.kind != EntityType::Org || kind == EntityType::Per)
                    && !(kind == EntityType::Per && (common_head || lone_capital))
                {
                    m.kind = kind;
                }
            }
            continue;
        }
        let mtext = span_text(text, parse, r.clone());
        let mut code = None;
        let mut kind2 = kind;
        if let Some(country) = dict.capital_country(mtext) {
            if capital_is_agent(parse, toks, r.clone(), has_parse) {
                code = Some(format!("{country}GOV"));
                kind2 = EntityType::Org;
            } else {
                code = Some(country.to_string());
            }
        }
        // A named institution that is an agent noun alone ("Congress", "the Air Force",
        // "Supreme Court"): its sector, when no country is attached.
        if code.is_none() && kind2 == EntityType::Org {
            let found = dict.find(&toks[r.clone()], MatchOptions::default());
            if let [PhraseMatch {
                entry: Entry::Agent(gid),
                tokens,
            }] = found.as_slice()
            {
                let agent = &dict.agents[*gid as usize];
                if tokens.len() == r.len() && is_sector(&agent.code) {
                    code = Some(agent.code.clone());
                }
            }
        }
        let _ = date;
        mentions.push(Mention {
            tokens: r,
            kind: kind2,
            record: None,
            code,
            nominal: false,
            agent: None,
            combined: false,
            role: None,
            name: None,
            title_of_next: false,
            country: None,
        });
    }
}

/// Whether the capitalized words right before a matched surname (`before`, read
/// backwards until a title or other word) all occur in the record's phrases.
fn knows_given_names(
    dict: &Dictionaries,
    id: ActorId,
    toks: &[&str],
    before: Range<usize>,
) -> bool {
    toks[before]
        .iter()
        .rev()
        .take_while(|t| is_name_word(t) && !is_title_word(t) && !ends_in_office(t))
        .all(|t| record_has_word(dict, id, t))
}

/// Whether one of the record's phrases has the word `t`.
fn record_has_word(dict: &Dictionaries, id: ActorId, t: &str) -> bool {
    let w = fold(t);
    dict.actors[id as usize]
        .phrases
        .iter()
        .any(|p| p.split(' ').any(|x| x == w))
}

/// Whether the dictionary knows a person by one name only, titles aside ("HASSAN", "KING
/// ALBERT"): such a name alone says little about who is meant.
fn mononym(dict: &Dictionaries, id: ActorId) -> bool {
    dict.actors[id as usize]
        .phrases
        .iter()
        .all(|p| p.split(' ').filter(|w| !is_title_word(w)).count() <= 1)
}

/// Whether the name words right after a one-word match (`after`) all occur in the record's phrases.
fn knows_names_after(dict: &Dictionaries, id: ActorId, toks: &[&str], after: Range<usize>) -> bool {
    // "Hassan al-Banna" comes as `Hassan al - Banna`: particles and hyphens belong to the name.
    // A bare hyphen joins two names ("Trump-Kim"), not one person's.
    let particle = |t: &str| {
        matches!(
            t,
            "al" | "el" | "bin" | "ibn" | "abu" | "de" | "da" | "van" | "von"
        )
    };
    let mut prev_particle = false;
    for t in &toks[after] {
        if particle(t) || (prev_particle && *t == "-") {
            prev_particle = particle(t);
            continue;
        }
        if !is_name_word(t) {
            break;
        }
        if !record_has_word(dict, id, t) {
            return false;
        }
        prev_particle = false;
    }
    true
}

/// People named in a recognizable frame: "NAME, a/an/the ...", "NAME said/told",
/// "said NAME", "ROLE-noun NAME". Used only when the recognizer gave nothing.
fn fallback_people(parse: &Parse, toks: &[&str]) -> Vec<(Range<usize>, EntityType)> {
    let mut out = Vec::new();
    for s in &parse.sentences {
        let r = s.tokens.clone();
        let mut i = r.start;
        while i < r.end {
            let mut j = i;
            while j < r.end && is_name_word(toks[j]) && j - i < 4 {
                j += 1;
            }
            if j - i >= 2 {
                let next = toks.get(j).copied().unwrap_or("");
                let next2 = toks
                    .get(j + 1)
                    .map(|t| t.to_lowercase())
                    .unwrap_or_default();
                let prev = if i > r.start {
                    toks[i - 1].to_lowercase()
                } else {
                    String::new()
                };
                let appos = next == "," && matches!(next2.as_str(), "a" | "an" | "the" | "who");
                let speaker = SPEECH.contains(&next.to_lowercase().as_str())
                    || SPEECH.contains(&prev.as_str());
                let role_before = i > r.start
                    && toks[i - 1].chars().all(|c| c.is_lowercase())
                    && prev.len() > 3
                    && prev.ends_with("ist");
                if appos || speaker || role_before || prev == ")" {
                    out.push((i..j, EntityType::Per));
                }
                i = j;
            } else {
                i += 1;
            }
        }
    }
    out
}

fn is_name_word(t: &str) -> bool {
    let mut cs = t.chars();
    matches!(cs.next(), Some(c) if c.is_uppercase())
        && cs.clone().count() >= 1
        && t.chars()
            .skip(1)
            .all(|c| c.is_lowercase() || c == '-' || c == '\'')
}

/// Two or three capitalized words (hyphens joining them aside: "Ocasio-Cortez") with no title,
/// abbreviation or "of": a personal name as written.
fn is_plain_name(words: &[&str]) -> bool {
    let names: Vec<&&str> = words.iter().filter(|w| **w != "-").collect();
    (2..=3).contains(&names.len())
        && names.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().any(char::is_lowercase)
                && !w.contains('.')
                && !is_title_word(w)
        })
}

/// A word written in lower case (a common noun, verb, ...), not part of a proper name's head.
fn is_common_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_lowercase)
}

/// A recognizer span without a leading article and trailing common words or possessives
/// ("The US drone" → "US"); `None` when nothing named is left.
fn trim_name(toks: &[&str], r: Range<usize>) -> Option<Range<usize>> {
    let (mut s, mut e) = (r.start, r.end);
    while s < e && matches!(toks[s].to_lowercase().as_str(), "the" | "a" | "an") {
        s += 1;
    }
    while e > s
        && (is_common_word(toks[e - 1])
            || is_possessive(toks[e - 1])
            || matches!(toks[e - 1], "," | "-" | "–"))
    {
        e -= 1;
    }
    (s < e
        && toks[s..e]
            .iter()
            .any(|t| t.chars().next().is_some_and(char::is_uppercase)))
    .then_some(s..e)
}

/// A dictionary record that is only a title or office ("THE US SECRETARY OF STATE"), no person's name in it.
fn is_bare_title(primary: &str, _mention: &str) -> bool {
    let words: Vec<&str> = primary.split(' ').filter(|w| !w.is_empty()).collect();
    // Country words ("US", "AMERICAN", "IRANIAN") may qualify the office; any other word is a name.
    let qualifier =
        |w: &str| w.len() <= 3 || ["AN", "ESE", "ISH", "I"].iter().any(|s| w.ends_with(s));
    words.iter().any(|w| OFFICES.contains(w))
        && words
            .iter()
            .all(|w| TITLES.contains(&w.to_lowercase().as_str()) || qualifier(w))
}

/// Offices held by one person: a phrase ending in one ("White House press secretary") can title a name.
const OFFICES: &[&str] = &[
    "SECRETARY",
    "MINISTER",
    "PRESIDENT",
    "CHANCELLOR",
    "PREMIER",
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "AMBASSADOR",
    "ENVOY",
    "COMMANDER",
    "CHAIRMAN",
    "GOVERNOR",
    "KING",
    "QUEEN",
    "LEADER",
    "SENATOR",
    "CONGRESSMAN",
    "CONGRESSWOMAN",
    "GENERAL",
    "PM",
    "SEN.",
    "REP.",
    "GOV.",
    "AMB.",
    "GEN.",
    "ADM.",
    "COL.",
    "LT.",
    "MAJ.",
    "CAPT.",
];

/// Whether a phrase as written ends in an office word ("the Iranian foreign minister").
fn ends_in_office(phrase: &str) -> bool {
    phrase
        .split([' ', '_'])
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| OFFICES.contains(&w.to_uppercase().as_str()))
}

/// Whether a capitalized name follows token `end` directly or after one comma.
fn title_precedes_name(parse: &Parse, toks: &[&str], end: usize) -> bool {
    let mut i = end;
    if toks.get(i) == Some(&",") {
        i += 1;
    }
    toks.get(i).is_some_and(|t| is_name_word(t))
        && parse.sentence_of(i) == parse.sentence_of(end.saturating_sub(1))
}

/// Where a name begins after token `end`: right there, after one comma, or after a
/// parenthetical aside ("journalist (and Post contributor) Francisco Toro").
fn name_after(toks: &[&str], end: usize) -> usize {
    match toks.get(end) {
        Some(&",") => end + 1,
        Some(&"(") => (end + 1..toks.len().min(end + 10))
            .find(|&i| toks[i] == ")")
            .map_or(end, |i| i + 1),
        _ => end,
    }
}

/// Whether the recognizer finds a person in the same sentence right after token `end`,
/// or after a parenthetical aside, but not after a comma: "in the German Parliament,
/// Angela Merkel said" names no member of parliament.
fn person_follows(parse: &Parse, toks: &[&str], end: usize) -> bool {
    let at = if toks.get(end) == Some(&",") {
        end
    } else {
        name_after(toks, end)
    };
    at < parse.sentences[parse.sentence_of(end - 1)].tokens.end
        && parse
            .entities
            .iter()
            .any(|e| e.label == EntityType::Per && e.tokens.start == at)
}

/// Display name of an actor + agent mention: the actor as written and the agent's singular form.
fn combined_name(
    text: &str,
    parse: &Parse,
    actor: Range<usize>,
    agent: &crate::dictionary::AgentRecord,
) -> String {
    let a = span_text(text, parse, actor);
    let a = a
        .strip_prefix("the ")
        .or_else(|| a.strip_prefix("The "))
        .unwrap_or(a);
    match agent.forms.first() {
        Some(f) => format!("{a} {}", f.to_lowercase()),
        None => a.to_string(),
    }
}

fn is_possessive(t: &str) -> bool {
    matches!(t, "'s" | "’s" | "'" | "’" | "s")
}

fn is_determiner(t: &str) -> bool {
    matches!(t.to_lowercase().as_str(), "the" | "this" | "that")
}

fn span_text<'t>(text: &'t str, parse: &Parse, r: Range<usize>) -> &'t str {
    &text[parse.spans[r.start].start..parse.spans[r.end - 1].end]
}

/// The country part of a code: `VENGOV` → `VEN`; IGO/NGO/IMG and non-country codes stay whole.
fn actor_root(code: &str) -> &str {
    let intl = ["IGO", "NGO", "IMG", "MNC", "NGM"];
    if code.len() > 3 && !intl.iter().any(|p| code.starts_with(p)) && code.is_char_boundary(3) {
        &code[..3]
    } else {
        code
    }
}

/// Whether a capital city acts as a government: an argument of a verb or a possessor
/// ("Tehran said", "repaid Tehran", "Washington's approach"), not a place ("from Caracas").
fn capital_is_agent(parse: &Parse, toks: &[&str], r: Range<usize>, has_parse: bool) -> bool {
    let last = r.end - 1;
    if has_parse {
        let a = &parse.tokens[last];
        let rel = a.deprel.split(':').next().unwrap_or("");
        // A conjunct shares the role of the first one ("leaders in Tehran and Caracas").
        if rel == "conj" {
            if let Some(h) = a
                .head
                .filter(|&h| h < last && parse.tokens[h].deprel.split(':').next() != Some("conj"))
            {
                return capital_is_agent(parse, toks, h..h + 1, has_parse);
            }
        }
        return match rel {
            "nsubj" | "obj" | "iobj" | "agent" | "csubj" => true,
            "nmod" if a.deprel == "nmod:poss" => true,
            "obl" | "nmod" => !parse
                .children(last)
                .any(|c| parse.tokens[c].upos == Upos::Adp),
            // An unusual attachment right after a verb ("repaid Tehran with gold") is still its object.
            _ => {
                toks.get(r.end).is_some_and(|t| is_possessive(t))
                    || (r.start > 0 && parse.tokens[r.start - 1].upos == Upos::Verb)
            }
        };
    }
    let prev = if r.start > 0 {
        toks[r.start - 1].to_lowercase()
    } else {
        String::new()
    };
    !PLACE_PREPS.contains(&prev.as_str())
}

/// Words that make a name an institution's ("Southern Command", "Trump Administration").
const ORG_WORDS: &[&str] = &[
    "COMMAND",
    "FORCE",
    "FORCES",
    "GROUP",
    "ARMY",
    "PARTY",
    "ORGANIZATION",
    "ORGANISATION",
    "UNION",
    "COUNCIL",
    "DEPARTMENT",
    "MINISTRY",
    "AGENCY",
    "CORPS",
    "MOVEMENT",
    "FRONT",
    "BRIGADES",
    "NATIONS",
    "BANK",
    "FUND",
    "COURT",
    "COMMISSION",
    "COMPANY",
    "ADMINISTRATION",
    "GOVERNMENT",
    "REGIME",
    "HOUSE",
    "PENTAGON",
    "KREMLIN",
    "CARTEL",
    "OFFICE",
    "ASSEMBLY",
    "PARLIAMENT",
    "CONGRESS",
    "SENATE",
    "POLICE",
    "NAVY",
    "GUARD",
    "GUARDS",
    "MILITIA",
];

/// A generational suffix of a name, in any case ("Jr.", "SR", "II", "iii").
fn is_generation(w: &str) -> bool {
    let w = w.split([' ', '.', ',', '’', '\'']).next().unwrap_or("").to_ascii_lowercase();
    matches!(w.as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
}

/// Institution words of private bodies: a person's name before them ("Trump Organization")
/// names no office of state, so the person's code does not carry over.
const PRIVATE_WORDS: &[&str] =
    &["ORGANIZATION", "ORGANISATION", "COMPANY", "FUND", "BANK", "GROUP", "PARTY", "MOVEMENT", "FOUNDATION", "CAMPAIGN", "CENTER", "CENTRE", "LIBRARY", "INSTITUTE"];

/// Words after a person's name that make the phrase a group of people or a body named after
/// them ("Obama Democrats", "the Carter Center").
const GROUP_WORDS: &[&str] =
    &["DEMOCRATS", "REPUBLICANS", "SUPPORTERS", "LOYALISTS", "CAMPAIGN", "FOUNDATION", "CABINET", "TEAM", "CAMP", "CENTER", "CENTRE", "LIBRARY", "INSTITUTE"];

/// Words after a person's name that make the phrase a thing named after them ("the Obama Doctrine").
const THING_WORDS: &[&str] = &["DOCTRINE", "ERA", "YEARS", "PRESIDENCY", "PLAN", "RULE", "ACT", "DOSSIER", "AGENDA", "RALLY"];

/// Words after a person's name that make the phrase a building or a place named after them
/// ("Trump Tower", "Reagan National Airport").
const PLACE_WORDS: &[&str] = &["TOWER", "TOWERS", "HOTEL", "BUILDING", "PLAZA", "AIRPORT", "STADIUM", "BRIDGE", "RESORT", "ESTATE"];

/// The type of a name that ends in an institution, group, thing or place word rather than a
/// person's name ("Trump Administration" ORG, "Obama Democrats" ORG, "Obama Doctrine" MISC,
/// "Trump Tower" LOC).
fn non_person_head(last: &str) -> Option<EntityType> {
    if !last.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let w = last.to_uppercase();
    if ORG_WORDS.contains(&w.as_str()) || GROUP_WORDS.contains(&w.as_str()) {
        Some(EntityType::Org)
    } else if THING_WORDS.contains(&w.as_str()) {
        Some(EntityType::Misc)
    } else if PLACE_WORDS.contains(&w.as_str()) {
        Some(EntityType::Loc)
    } else {
        None
    }
}

/// Entity type from the dictionary record when no recognizer says otherwise.
fn guess_kind(primary: &str, phrases: &[String], code: Option<&str>, mention: &str) -> EntityType {
    let code = code.unwrap_or("");
    let words: Vec<&str> = primary.split(' ').collect();
    let orgish = |p: &str| p.split(' ').any(|w| ORG_WORDS.contains(&w));
    if orgish(primary)
        || orgish(&mention.to_uppercase())
        || ["IGO", "NGO", "IMG", "MNC"]
            .iter()
            .any(|p| code.starts_with(p))
    {
        return EntityType::Org;
    }
    if SECTORS.contains(&code) {
        return EntityType::Org;
    }
    if code.len() == 3 || code.is_empty() && words.len() <= 2 && phrases.len() > 3 {
        // A country: the name is a place; an adjective or demonym is MISC.
        let m = mention.to_uppercase();
        let adjective = ["AN", "ANS", "ESE", "ISH", "I", "IS", "CH", "IAN", "IANS"]
            .iter()
            .any(|s| m.ends_with(s))
            && !phrases.first().is_some_and(|p| *p == m);
        return if adjective {
            EntityType::Misc
        } else {
            EntityType::Loc
        };
    }
    if code.len() > 3 && words.len() >= 2 && words.len() <= 5 {
        return EntityType::Per;
    }
    if code.len() > 3 && code.ends_with("REB") || code.ends_with("UAF") {
        return EntityType::Org;
    }
    EntityType::Per
}

/// The country root of the most recent coded mention within the last three sentences.
fn last_country(mentions: &[Mention], parse: &Parse, before: usize) -> Option<String> {
    let s = parse.sentence_of(before);
    mentions
        .iter()
        .rev()
        .filter(|m| m.tokens.end <= before && parse.sentence_of(m.tokens.start) + 3 >= s)
        .filter_map(|m| m.code.as_deref())
        .map(actor_root)
        .find(|r| is_country_code(r) && *r != "---" && !is_region(r) && !SECTORS.contains(r))
        .map(str::to_string)
}

/// CAMEO's region codes (GDELT `cameoCountry.txt`): a region ("Europe", "the Middle East")
/// has no government or navy for "the president" or "the navy" to belong to.
const REGION_CODES: &[&str] = &[
    "AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM",
    "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST",
];

/// The type of an actor + agent mention: an organisation, unless the agent adds no sector
/// ("Iranian vessels" are things of the country, not an organisation).
fn agent_kind(agent: &crate::dictionary::AgentRecord) -> EntityType {
    if agent.code.is_empty() {
        EntityType::Misc
    } else {
        EntityType::Org
    }
}

/// Whether `code` is a country's code alone (`USA`), not a sector or a longer code.
pub(crate) fn is_country_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// CAMEO actor types (CAMEO.type.txt): three capitals like a country's code, but no place.
const CAMEO_TYPES: [&str; 39] = [
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI",
    "LAB", "LEG", "MED", "REF", "MOD", "RAD", "AMN", "IRC", "GRP", "UNO", "PKO", "UIS", "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET",
];

/// Whether `code` names a country or region alone (`GBR`, `MEA`), not an actor type (`GOV`).
pub fn is_place_code(code: &str) -> bool {
    is_country_code(code) && !CAMEO_TYPES.contains(&code)
}

/// Whether a three-letter root is a CAMEO region rather than a country.
pub(crate) fn is_region(root: &str) -> bool {
    REGION_CODES.contains(&root)
}

/// Role from an apposition after the name ("X, commander of U.S. Southern Command")
/// or a title/role noun before it ("US's Secretary of State, Mike Pompeo";
/// "Venezuelan journalist Francisco Toro"); and the actor code the role implies.
fn find_role(
    dict: &Dictionaries,
    text: &str,
    date: Option<NaiveDate>,
    parse: &Parse,
    toks: &[&str],
    mentions: &[Mention],
    i: usize,
) -> (RoleCodes, Option<usize>) {
    let m = &mentions[i];
    let sent = &parse.sentences[parse.sentence_of(m.tokens.start)];
    // After: ", ROLE ," / ", ROLE ."
    // The scan may run past a sentence boundary a splitter put after an abbreviation ("U.S.").
    let limit = toks.len();
    // A title inside the recognizer's span is trimmed off the name even when an
    // apposition gives the role ("Gen. Qassem Soleimani, head of the Quds Force").
    let inner = title_inside(dict, toks, m.tokens.clone());
    if m.tokens.end + 1 < limit && toks[m.tokens.end] == "," {
        let start = m.tokens.end + 1;
        let first = toks[start];
        let lower_start = first.chars().next().is_some_and(char::is_lowercase);
        // ", thanked the donors." continues the sentence: a role does not start with a verb.
        let verb = matches!(parse.tokens[start].upos, Upos::Verb | Upos::Aux);
        // ", in an interview with Fox News," / ", though ..." is no role either.
        let function_word = matches!(
            parse.tokens[start].upos,
            Upos::Adp | Upos::Sconj | Upos::Adv | Upos::Pron | Upos::Part | Upos::Cconj
        );
        if lower_start
            && !verb
            && !function_word
            && !SPEECH.contains(&first)
            && !matches!(first, "who" | "which" | "and" | "but" | "said")
        {
            let mut end = start;
            while end < limit
                && end - start < 16
                && !matches!(toks[end], "," | ";" | ")" | "(" | "“" | "\"")
            {
                // A period glued to the next word is an abbreviation ("U.S."), not the end.
                let glued = (end + 1 < limit && parse.spans[end].end == parse.spans[end + 1].start)
                    || (end > start
                        && parse.spans[end - 1].end == parse.spans[end].start
                        && toks[end - 1].chars().count() <= 3
                        && toks[end - 1].chars().next().is_some_and(char::is_uppercase));
                if SPEECH.contains(&toks[end]) || (toks[end] == "." && !glued) {
                    break;
                }
                end += 1;
            }
            if end > start && end < limit && matches!(toks[end], "," | "." | ";") {
                return (
                    role_and_code(dict, text, date, parse, toks, start..end),
                    inner,
                );
            }
        }
    }
    // Before: a title or role noun ending right before the name (a comma or a parenthetical may sit between),
    // or starting the recognizer's span ("Press Secretary Jen Psaki").
    let mut e = inner.unwrap_or(m.tokens.start);
    if inner.is_none() && e > sent.tokens.start && toks[e - 1] == "," {
        e -= 1;
    }
    if inner.is_none() && e > sent.tokens.start && toks[e - 1] == ")" {
        while e > sent.tokens.start && toks[e - 1] != "(" {
            e -= 1;
        }
        e = e.saturating_sub(1);
    }
    let lo = sent.tokens.start.max(e.saturating_sub(8));
    if e > lo {
        let window: Vec<&str> = toks[lo..e].to_vec();
        let found = dict.find(&window, MatchOptions::default());
        if let Some(last) = found.last() {
            let title_actor = match last.entry {
                Entry::Actor(id) => {
                    dict.actors[id as usize].primary().split(' ').any(|w| {
                        matches!(
                            w,
                            "SECRETARY"
                                | "MINISTER"
                                | "PRESIDENT"
                                | "CHIEF"
                                | "DIRECTOR"
                                | "COMMANDER"
                                | "AMBASSADOR"
                                | "SPOKESMAN"
                                | "ENVOY"
                                | "GENERAL"
                        )
                    }) || ends_in_office(&window[last.tokens.clone()].join(" "))
                }
                Entry::Agent(_) => true,
            };
            if last.tokens.end + lo == e && title_actor {
                let mut s = last.tokens.start + lo;
                if let Some(prev) = found.iter().rev().nth(1) {
                    let gap = &toks[prev.tokens.end + lo..s];
                    // "Lebanon's economy minister", "Turkish trade minister": a country, an
                    // optional possessive and at most two lower-case words before the title.
                    let first = prev.tokens.end
                        + lo
                        + gap.first().is_some_and(|t| is_possessive(t)) as usize;
                    let modifiers = s - first <= 2
                        && (first..s).all(|t| {
                            toks[t].chars().all(|c| c.is_lowercase() || c == '-')
                                && matches!(parse.tokens[t].upos, Upos::Adj | Upos::Noun)
                        });
                    if matches!(prev.entry, Entry::Actor(_)) && modifiers {
                        s = prev.tokens.start + lo;
                    }
                }
                return (role_and_code(dict, text, date, parse, toks, s..e), inner);
            }
        }
    }
    ((None, None, None), inner)
}

/// The role a copular sentence gives a person: "Singh was senior director for Middle East
/// affairs at the National Security Council during the George W. Bush administration" →
/// the predicate up to its first time, clause or list boundary, and whether the copula is past.
fn copular_role(
    dict: &Dictionaries,
    parse: &Parse,
    toks: &[&str],
    name: Range<usize>,
) -> Option<(Range<usize>, bool)> {
    let cop = name.end;
    let t = parse.tokens.get(cop)?;
    // The name opens the sentence: "But Trump is ..." and "Trump isn't ..." describe, they do not introduce.
    if t.deprel != "cop"
        || !matches!(toks[cop], "is" | "was")
        || parse.sentences[parse.sentence_of(cop)].tokens.start != name.start
    {
        return None;
    }
    let pred = t.head?;
    let subject = (name.start..name.end)
        .any(|k| parse.tokens[k].head == Some(pred) && parse.tokens[k].deprel == "nsubj");
    if !subject || parse.tokens[pred].upos != Upos::Noun || pred <= cop || pred > cop + 5 {
        return None;
    }
    // Only a noun phrase's words before the predicate noun ("a senior", "the former"), no
    // "not", "still", "under", and no ranking ("the first US president to ...", "the only").
    let plain = (cop + 1..pred).all(|k| {
        matches!(
            parse.tokens[k].upos,
            Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn
        ) && parse.tokens[k].xpos != "JJS"
            && !matches!(
                toks[k].to_lowercase().as_str(),
                "first" | "last" | "only" | "next" | "no"
            )
    });
    if !plain {
        return None;
    }
    let sent_end = parse.sentences[parse.sentence_of(cop)].tokens.end;
    let mut end = pred + 1;
    while end < sent_end
        && end - cop <= 16
        && !matches!(
            toks[end],
            "," | "." | ";" | ":" | "(" | "“" | "\"" | "—" | "–"
        )
        && !matches!(
            toks[end].to_lowercase().as_str(),
            "during"
                | "from"
                | "until"
                | "since"
                | "between"
                | "when"
                | "before"
                | "after"
                | "and"
                | "but"
                | "to"
                | "in"
        )
        && !matches!(
            parse.tokens[end].upos,
            Upos::Verb | Upos::Aux | Upos::Pron | Upos::Sconj | Upos::Adv
        )
    {
        end += 1;
    }
    // A role names an office (an agent noun: "governor", "ambassador") or an organisation
    // ("... at the National Security Council"); a country alone makes none ("a frequent visitor to Iraq").
    let r = cop + 1..end;
    let names_office = dict
        .find(&toks[r.clone()], MatchOptions::default())
        .iter()
        .any(|m| match m.entry {
            Entry::Agent(_) => true,
            Entry::Actor(id) => !dict.actors[id as usize].is_country(),
        });
    names_office.then_some((r, toks[cop] == "was"))
}

/// Sectors of the state: institutions a nominal reference can name ("the regime", "the navy")
/// and offices that leave a former holder among the country's elite.
pub(crate) const STATE_SECTORS: &[&str] = &["GOV", "MIL", "COP", "LEG", "JUD", "SPY"];

/// The code of someone who held a state office in the past: the country's elite
/// (`USAGOV`, `USAGOVMIL` → `USAELI`; a sector alone, `GOV` → `ELI`), as Phoenix codes former officials.
fn former(code: &str) -> String {
    let root = if is_sector(code) {
        ""
    } else {
        actor_root(code)
    };
    let state = code.as_bytes()[root.len()..]
        .chunks(3)
        .any(|s| STATE_SECTORS.iter().any(|p| p.as_bytes() == s));
    if state && (root.len() == 3 || root.is_empty()) {
        format!("{root}ELI")
    } else {
        code.to_string()
    }
}

/// Where the name starts when a person's span begins with an office ("Press Secretary |Jen Psaki").
fn title_inside(dict: &Dictionaries, toks: &[&str], r: Range<usize>) -> Option<usize> {
    let span = &toks[r.clone()];
    dict.find(span, MatchOptions::default())
        .iter()
        .filter(|f| f.tokens.start == 0 && f.tokens.end < span.len())
        .filter(|f| match f.entry {
            // An agent noun right before a name inside a person's span is a title ("Treasury Secretary", "Army Gen."),
            // unless it is also a common given name ("Dean Obeidallah", "Major Garrett").
            Entry::Agent(_) => {
                !(f.tokens.len() == 1
                    && matches!(span[0].to_lowercase().as_str(), "dean" | "major" | "mother"))
            }
            Entry::Actor(id) => {
                let phrase = span[f.tokens.clone()].join(" ");
                ends_in_office(&phrase)
                    || is_bare_title(dict.actors[id as usize].primary(), &phrase)
            }
        })
        .filter(|f| {
            span[f.tokens.end..]
                .iter()
                .all(|t| is_name_word(t) || t.ends_with('.'))
        })
        .map(|f| r.start + f.tokens.end)
        .max()
        .or_else(|| {
            // One dictionary phrase for title and name ("SECRETARY OF STATE HILLARY CLINTON"): the title words.
            let k = span.iter().take_while(|t| is_title_word(t)).count();
            (k > 0 && k + 2 <= span.len() && span[k..].iter().all(|t| is_name_word(t)))
                .then_some(r.start + k)
        })
}

/// A role's text, the actor code it implies, and its sector alone (used when no mention of the person has a code).
type RoleCodes = (Option<String>, Option<String>, Option<String>);

fn role_and_code(
    dict: &Dictionaries,
    text: &str,
    date: Option<NaiveDate>,
    parse: &Parse,
    toks: &[&str],
    r: Range<usize>,
) -> RoleCodes {
    let mut start = r.start;
    if matches!(toks[start].to_lowercase().as_str(), "a" | "an" | "the") && start + 1 < r.end {
        start += 1;
    }
    let role = span_text(text, parse, start..r.end).to_string();
    let found = dict.find(&toks[r.clone()], MatchOptions::default());
    let mut code = None;
    let mut actor: Option<(usize, String)> = None;
    let mut first_agent = None;
    for (k, m) in found.iter().enumerate() {
        match m.entry {
            Entry::Actor(id) => {
                if let Some(c) = dict.actors[id as usize].code_at(date) {
                    actor = Some((k, c.to_string()));
                }
            }
            Entry::Agent(gid) => {
                first_agent.get_or_insert(gid);
                if let Some((ak, ref c)) = actor {
                    if ak + 1 == k && code.is_none() {
                        code = Some(with_agent(&dict.agents[gid as usize], actor_root(c)));
                    }
                }
            }
        }
    }
    // The sector of the role's first agent noun ("Attorney General" → GOV): the
    // person's code when nothing names the country, as GDELT codes an actor whose
    // country it cannot tell. Guessing the country from nearby mentions would
    // give Barr the code of whichever foreign country the article last named.
    let sector = first_agent
        .map(|g| dict.agents[g as usize].code.clone())
        .filter(|c| is_sector(c));
    (Some(role), code.or(actor.map(|(_, c)| c)), sector)
}

/// An actor's code with an agent's sector added; a sector the actor already is stays single
/// ("ABC journalist": `MED`, not `MEDMED`).
fn with_agent(agent: &crate::dictionary::AgentRecord, root: &str) -> String {
    if is_sector(root) && agent.code == root {
        root.to_string()
    } else {
        agent.apply(Some(root))
    }
}

/// CAMEO actor types that make a code on their own, without a country.
const SECTORS: &[&str] = &[
    "MED", "GOV", "MIL", "REB", "OPP", "BUS", "NGO", "IGO", "ELI", "CVL", "EDU", "LEG", "JUD",
    "COP", "UAF", "SPY", "HLH", "REL", "LAB", "AGR", "ENV", "CRM", "HRI", "REF", "MNC",
];

/// Whether `code` is sector codes alone (`GOV`, `GOVMIL`), with no country or group first.
pub(crate) fn is_sector(code: &str) -> bool {
    code.len() % 3 == 0
        && code.get(..3).is_some_and(|c| SECTORS.contains(&c))
        && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Groups mentions into entities and writes the output; `sectors[i]` is mention `i`'s role
/// sector and `copular[i]` the role a copular sentence gives it.
#[allow(clippy::too_many_arguments)]
fn cluster(
    dict: &Dictionaries,
    text: &str,
    parse: &Parse,
    toks: &[&str],
    mentions: Vec<Mention>,
    sectors: &[Option<String>],
    copular: &[Option<RoleCodes>],
) -> Vec<Entity> {
    struct Ent {
        record: Option<ActorId>,
        code: Option<String>,
        kind: EntityType,
        names: Vec<String>,
        /// Names from nominal references ("the administration"), used only when nothing better exists.
        nominal_names: Vec<String>,
        role: Option<String>,
        /// A role's sector ("GOV"), the code when no mention has one.
        sector: Option<String>,
        canonical: String,
        /// The agent noun of the first mention ("regime", "foreign minister").
        agent: Option<u32>,
        /// First named by an office ("the attorney general"): a person, whatever its type.
        office: bool,
        /// The country an affiliation gives a person whose code has none ("R-S.C.").
        country: Option<String>,
    }
    let mut ents: Vec<Ent> = Vec::new();
    let mut of_mention: Vec<usize> = vec![usize::MAX; mentions.len()];
    let mut not_own: Vec<bool> = vec![false; mentions.len()];
    // A title comes right after the person it names, so that the person already has an
    // entity and a later "the mayor" finds the office on it.
    let mut order: Vec<usize> = Vec::with_capacity(mentions.len());
    let mut titles: Vec<usize> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if m.title_of_next {
            titles.push(i);
        } else {
            order.push(i);
            order.append(&mut titles);
        }
    }
    order.append(&mut titles);
    // A person and "the Maduro government" share a record and a code but are different entities.
    let mut by_key: HashMap<(ActorId, Option<String>, bool), usize> = HashMap::new();
    for &mi in &order {
        let m = &mentions[mi];
        let mtext = span_text(text, parse, m.tokens.clone());
        let name = strip_titles_after_country(dict, mtext);
        let name_words: Vec<String> = name.split_whitespace().map(fold).collect();
        let mut found: Option<usize> = None;
        let mut title = false;
        if m.title_of_next {
            // Only a comma, titles and given names trimmed off the name may stand between ("Iran's supreme leader, Ayatollah Ali Khamenei").
            let gap_start = name_after(toks, m.tokens.end);
            // Names inside an aside ("(and Post contributor)") are passed over.
            let next = (mi + 1..mentions.len())
                .find(|&j| mentions[j].tokens.end > gap_start)
                .unwrap_or(mentions.len());
            let next_person = mentions.get(next).filter(|x| {
                x.kind == EntityType::Per
                    && x.tokens.start >= gap_start
                    && x.tokens.start <= gap_start + 4
                    && (gap_start..x.tokens.start).all(|t| {
                        let w = span_text(text, parse, t..t + 1);
                        w == "," || is_title_word(w) || is_name_word(w)
                    })
            });
            if next_person.is_some() {
                found = Some(of_mention[next]).filter(|&e| e != usize::MAX);
                title = found.is_some();
            }
        }
        if let (None, Some(rec)) = (found, m.record) {
            found = by_key
                .get(&(rec, m.code.clone(), m.kind == EntityType::Per))
                .copied();
        }
        // "the regime" joins the last institution with its code; "the president" only an
        // earlier "the president": an office is a person, not the institution nearby.
        let office = m.agent.is_some_and(|g| {
            dict.agents[g as usize]
                .forms
                .first()
                .is_some_and(|f| ends_in_office(f))
        }) || m.kind != EntityType::Per && ends_in_office(mtext);
        if found.is_none() && m.nominal {
            found = if office {
                // "the senators" are not the one senator named before.
                let plural = matches!(parse.tokens[m.tokens.end - 1].xpos, "NNS" | "NNPS");
                ents.iter().rposition(|e| {
                    e.agent == m.agent && e.code == m.code && !(plural && e.kind == EntityType::Per)
                })
            } else {
                ents.iter()
                    .rposition(|e| e.kind != EntityType::Per && !e.office && e.code == m.code)
            };
        }
        if found.is_none() && m.kind == EntityType::Per && !name_words.is_empty() {
            let words = |n: &String| -> Vec<String> { n.split_whitespace().map(fold).collect() };
            let compatible = |ew: &[String]| {
                !ew.is_empty()
                    && (name_words.iter().all(|w| ew.contains(w))
                        || ew.iter().all(|w| name_words.contains(w))
                        || same_surname_compatible_given(ew, &name_words))
            };
            // A full name must agree with every full name of the entity: "Bill Clinton" does
            // not join Hillary Clinton's entity through its bare "Clinton".
            let joins = |e: &Ent| {
                e.kind == EntityType::Per
                    // A full name with a record of its own is someone else than another
                    // record's person: "Donald Trump Jr." is not "Trump" (a bare or titled
                    // surname's record is only a guess: "Secretary Perry" after "Rick Perry")...
                    && !(name_words.len() >= 2 && m.record.is_some() && e.record.is_some() && m.record != e.record)
                    // ... and "President Trump" is not "Donald Trump Jr." (but "Joseph R. Biden
                    // Jr." is the record's Biden).
                    && !(m.record.is_some()
                        && e.record != m.record
                        && !name_words.iter().any(|w| is_generation(w))
                        && e.names.iter().all(|n| n.split_whitespace().any(is_generation)))
                    && e.names
                        .iter()
                        .chain(&e.nominal_names)
                        .any(|n| compatible(&words(n)))
                    && (name_words.len() < 2
                        || e.names
                            .iter()
                            .map(words)
                            .filter(|n| n.len() >= 2)
                            .all(|n| compatible(&n)))
                    // A full name joins a dictionary person named so far by surname only
                    // ("President Trump") when the record knows its given names: "first
                    // lady Melania Trump" is someone else.
                    && !(name_words.len() >= 2
                        && e.record.is_some_and(|id| {
                            m.record != Some(id)
                                && !name_words[..name_words.len() - 1]
                                    .iter()
                                    .all(|w| record_has_word(dict, id, w))
                        }))
            };
            found = if name_words.len() == 1 {
                // A bare surname two people share ("Bush" after George W. and Laura Bush)
                // is the one the article has named most so far; on a tie, the most recent.
                // Surnames come before given names ("James" after "Eddie James" and "James Wilson").
                let surname = |e: &Ent| {
                    let first = e.code.as_deref().is_some_and(surname_first);
                    e.names.iter().map(words).any(|n| {
                        let s = if first && n.len() >= 2 {
                            n.first()
                        } else {
                            n.last()
                        };
                        s == name_words.first()
                    })
                };
                ents.iter()
                    .enumerate()
                    .filter(|(_, e)| joins(e))
                    .max_by_key(|&(i, e)| (surname(e), e.names.len(), i))
                    .map(|(i, _)| i)
            } else {
                ents.iter().rposition(joins)
            };
        }
        if found.is_none() {
            let key = name_key(m.name.as_deref().unwrap_or(mtext));
            // The kind first: it is cheap, and folding every name of every entity for
            // every mention was most of this step.
            found = ents
                .iter()
                .position(|e| e.kind == m.kind && e.names.iter().any(|n| name_key(n) == key));
        }
        let idx = match found {
            Some(i) => i,
            None => {
                ents.push(Ent {
                    record: m.record,
                    code: m.code.clone(),
                    kind: m.kind,
                    names: Vec::new(),
                    nominal_names: Vec::new(),
                    role: None,
                    sector: None,
                    canonical: String::new(),
                    agent: m.agent,
                    office,
                    country: None,
                });
                ents.len() - 1
            }
        };
        let e = &mut ents[idx];
        // "Hassan" after "Burhan Hassan": the surname alone matches a dictionary person (Jordan's
        // Prince Hassan) whom the full name already ruled out; the mention is the entity's.
        let ruled_out = found.is_some()
            && m.kind == EntityType::Per
            && e.kind == EntityType::Per
            && m.record.is_some_and(|id| mononym(dict, id))
            && e.record.is_none()
            && name_words.len() < 2
            && e.names.iter().any(|n| n.split_whitespace().count() >= 2);
        not_own[mi] = ruled_out;
        // "San Diego mayor Bob Filner ... the mayor": an office titling a person is how
        // the document may refer to that person later.
        if title && e.agent.is_none() {
            e.agent = m.agent;
        }
        if let (Some(rec), false, false) = (m.record, title, ruled_out) {
            by_key.insert((rec, m.code.clone(), m.kind == EntityType::Per), idx);
            e.record.get_or_insert(rec);
        }
        if e.code.is_none() && !ruled_out {
            e.code = m.code.clone();
        }
        if e.sector.is_none() {
            e.sector = sectors[mi].clone();
        }
        if e.country.is_none() && !title {
            e.country.clone_from(&m.country);
        }
        if e.role.is_none() {
            e.role = m.role.clone();
        }
        if m.kind == EntityType::Per && !title {
            e.kind = EntityType::Per;
        }
        if title {
            // A title is no name of the person: "Trump lawyer" must not draw "Trump" to Michael Cohen.
        } else if m.nominal {
            e.nominal_names.push(mtext.to_string());
        } else if let Some(n) = &m.name {
            e.names.push(n.clone());
        } else {
            e.names.push(if m.kind == EntityType::Per {
                name.to_string()
            } else {
                mtext.to_string()
            });
        }
        of_mention[mi] = idx;
    }
    for (mi, c) in copular.iter().enumerate() {
        if let (Some((role, code, sector)), Some(e)) = (c, ents.get_mut(of_mention[mi])) {
            if e.role.is_none() {
                e.role.clone_from(role);
                if e.code.is_none() {
                    e.code.clone_from(code);
                }
                if e.sector.is_none() {
                    e.sector.clone_from(sector);
                }
            }
        }
    }
    for e in &mut ents {
        let names = if e.names.is_empty() {
            &e.nominal_names
        } else {
            &e.names
        };
        e.canonical = canonical(dict, e.record, e.kind, names);
    }
    // Ids in order of first mention.
    let mut ids: Vec<Option<usize>> = vec![None; ents.len()];
    let mut next = 1;
    for &ei in &of_mention {
        if ids[ei].is_none() {
            ids[ei] = Some(next);
            next += 1;
        }
    }
    mentions
        .into_iter()
        .zip(of_mention)
        .zip(not_own)
        .map(|((m, ei), not_own)| {
            let e = &ents[ei];
            // A surname that also names another dictionary person ("Johnson" after
            // "Boris Johnson") takes the code of the person the entity is.
            let other_person = m.kind == EntityType::Per
                && e.kind == EntityType::Per
                && m.record.is_some()
                && e.record.is_some()
                && m.record != e.record;
            let mention_code = if other_person || not_own {
                e.code.clone()
            } else {
                m.code.clone()
            };
            let span = Span::new(
                parse.spans[m.tokens.start].start,
                parse.spans[m.tokens.end - 1].end,
            );
            Entity {
                id: format!("E{}", ids[ei].unwrap_or(0)),
                text: text[span.start..span.end].to_string(),
                kind: m.kind,
                span,
                canonical: e.canonical.clone(),
                actor: mention_code
                    .or_else(|| e.code.clone())
                    .or_else(|| e.sector.clone())
                    .map(|c| match &e.country {
                        Some(country) => affiliation::with_country(&c, country).unwrap_or(c),
                        None => c,
                    }),
                role: m.role.clone().or_else(|| e.role.clone()),
                sentence: parse.sentence_of(m.tokens.start),
                tokens: m.tokens,
            }
        })
        .collect()
}

/// Whether people coded `code` write the family name first ("Kim Jong-un", "Wang Yi").
fn surname_first(code: &str) -> bool {
    [
        "CHN", "PRK", "KOR", "TWN", "HKG", "VNM", "SGP", "MNG", "KHM",
    ]
    .iter()
    .any(|c| code.starts_with(c))
}

/// Two full names with one surname are one person only when their given names could
/// be the same ("Mike Pompeo", "Michael Pompeo"); "Sarah Huckabee Sanders" and
/// "Bernie Sanders" are two people.
fn same_surname_compatible_given(a: &[String], b: &[String]) -> bool {
    // Short forms whose first letter differs from the full given name.
    const NICKNAMES: &[(&str, &str)] = &[
        ("BOB", "ROBERT"),
        ("BOBBY", "ROBERT"),
        ("BILL", "WILLIAM"),
        ("BILLY", "WILLIAM"),
        ("DICK", "RICHARD"),
        ("TED", "EDWARD"),
        ("TED", "THEODORE"),
        ("NED", "EDWARD"),
        ("HANK", "HENRY"),
        ("TONY", "ANTHONY"),
        ("LIZ", "ELIZABETH"),
        ("BETH", "ELIZABETH"),
        ("BETSY", "ELIZABETH"),
        ("BETTY", "ELIZABETH"),
        ("PEGGY", "MARGARET"),
    ];
    let (Some(x), Some(y)) = (a.first(), b.first()) else {
        return false;
    };
    a.last() == b.last()
        && (x.chars().next() == y.chars().next()
            || NICKNAMES
                .iter()
                .any(|&(n, f)| (x == n && y == f) || (x == f && y == n)))
}

/// The fullest name: longest written form (titles stripped) for people, the
/// dictionary's primary name for countries, the longest mention otherwise.
fn canonical(
    dict: &Dictionaries,
    record: Option<ActorId>,
    kind: EntityType,
    names: &[String],
) -> String {
    let longest = names
        .iter()
        .max_by_key(|n| (n.split_whitespace().count(), n.len()))
        .cloned()
        .unwrap_or_default();
    let rec = record.map(|r| &dict.actors[r as usize]);
    match kind {
        EntityType::Per => {
            if longest.split_whitespace().count() < 2 {
                if let Some(r) = rec {
                    let t = title_case(r.primary());
                    return t.strip_prefix("The ").map(str::to_string).unwrap_or(t);
                }
            }
            longest
        }
        EntityType::Loc | EntityType::Misc => match rec {
            Some(r) if r.codes.iter().all(|c| c.code.len() == 3) => title_case(r.primary()),
            _ => longest,
        },
        EntityType::Org => longest
            .strip_prefix("the ")
            .or_else(|| longest.strip_prefix("The "))
            .map(str::to_string)
            .unwrap_or(longest),
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i > 0
                && matches!(
                    w,
                    "OF" | "THE" | "AND" | "DE" | "DA" | "DEL" | "AL" | "BIN" | "VON" | "DER"
                )
            {
                return w.to_lowercase();
            }
            // Abbreviations keep their capitals ("US", not "Us").
            if w.contains('.')
                || w.len() <= 1
                || matches!(
                    w,
                    "US" | "UK" | "UN" | "EU" | "UAE" | "USA" | "NATO" | "OPEC" | "IRGC" | "II" | "III" | "IV"
                )
            {
                return w.to_string();
            }
            let mut out = String::new();
            let mut up = true;
            for c in w.chars() {
                out.extend(if up {
                    c.to_uppercase().collect::<Vec<_>>()
                } else {
                    c.to_lowercase().collect()
                });
                up = c == '-' || c == '\'';
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word of [`TITLES`] as written ("Sen.", "President").
fn is_title_word(w: &str) -> bool {
    TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str())
}

/// Drops leading titles ("Adm.", "President", "Secretary of State") from a name.
fn strip_titles(name: &str) -> &str {
    let mut rest = name;
    loop {
        let trimmed = rest.trim_start();
        let word_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        if word_end < trimmed.len() && is_title_word(&trimmed[..word_end]) {
            rest = &trimmed[word_end..];
        } else {
            return trimmed;
        }
    }
}

/// Drops leading titles, and a country's adjective before them ("Russian President
/// Vladimir Putin" → "Vladimir Putin"), from a name. The mention keeps its tokens, so
/// events still read the country from it.
fn strip_titles_after_country<'n>(dict: &Dictionaries, name: &'n str) -> &'n str {
    let trimmed = name.trim_start();
    if let Some((first, rest)) = trimmed.split_once(char::is_whitespace) {
        let stripped = strip_titles(rest);
        if stripped.len() < rest.trim_start().len()
            && dict.actor_for_phrase(first).is_some_and(|a| a.is_country())
        {
            return stripped;
        }
    }
    strip_titles(name)
}

/// A name as compared across mentions: folded, without a leading article, so that
/// "The Maduro government" and the "Maduro" of "the Maduro and Khamenei governments" meet.
fn name_key(s: &str) -> String {
    fold(
        s.strip_prefix("the ")
            .or_else(|| s.strip_prefix("The "))
            .unwrap_or(s),
    )
}

fn fold(s: &str) -> String {
    let mut buf = String::new();
    let mut out = String::new();
    crate::dictionary::normalize::for_each_piece(s, &mut buf, |p, _| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    });
    out
}

/// Resolves a pronoun token to the id of the entity it most likely refers to.
///
/// Personal pronouns (he, she, him, her, his, hers, himself, herself) go to the
/// most recent person mentioned before the token, in the same sentence or the two
/// before; with a dependency parse, subjects are preferred. "they/them/their" go to
/// the most recent coded organization or government. Returns `None` for other tokens.
pub fn resolve_pronoun<'e>(
    entities: &'e [Entity],
    parse: &Parse,
    text: &str,
    token: usize,
) -> Option<&'e str> {
    let w = parse.text(text, token).to_lowercase();
    let personal = matches!(
        w.as_str(),
        "he" | "she" | "him" | "her" | "his" | "hers" | "himself" | "herself"
    );
    let plural = matches!(
        w.as_str(),
        "they" | "them" | "their" | "theirs" | "themselves"
    );
    if !personal && !plural {
        return None;
    }
    let s = parse.sentence_of(token);
    let candidates = entities.iter().rev().filter(|e| {
        e.tokens.end <= token
            && e.sentence + 2 >= s
            && if personal {
                e.kind == EntityType::Per
            } else {
                e.kind != EntityType::Per && e.actor.is_some()
            }
    });
    let mut best: Option<&Entity> = None;
    for e in candidates {
        let subj = parse
            .tokens
            .get(e.tokens.end - 1)
            .is_some_and(|t| t.deprel.starts_with("nsubj"));
        match best {
            None => best = Some(e),
            Some(b)
                if subj
                    && b.sentence == e.sentence
                    && !parse.tokens[b.tokens.end - 1].deprel.starts_with("nsubj") =>
            {
                best = Some(e)
            }
            _ => {}
        }
        if best.is_some() && !subj {
            // Keep looking only within the same sentence for a subject.
            if best.is_some_and(|b| b.sentence != e.sentence) {
                break;
            }
        }
    }
    best.map(|e| e.id.as_str())
}

#[cfg(test)]
mod tests {
    use super::former;

    #[test]
    fn a_former_state_official_is_the_country_elite() {
        assert_eq!(former("USAGOV"), "USAELI");
        assert_eq!(former("USAGOVMIL"), "USAELI");
        assert_eq!(former("GOV"), "ELI");
        assert_eq!(former("USABUS"), "USABUS");
        assert_eq!(former("MED"), "MED");
        assert_eq!(former("IGOUNO"), "IGOUNO");
    }
}
