//! Quotations and who said them.
//!
//! Quote spans are found by pairing quotation marks inside a paragraph (curly,
//! straight, nested single quotes inside double ones; a quote left open at a
//! paragraph end continues in the next one, as news style has it). Each span
//! is then attributed by looking at its own sentence: a reporting verb after
//! the quote (`“…,” Gunson said`, `observed Michael Singh`, `he added`) or
//! before it (`Pompeo mocked the delivery as “…”`, `X said that … “…”`), with
//! the subject found before the verb (skipping appositives and parentheses) or
//! after it (inversion). Quotes without their own attribution inherit it from
//! the quote before them in the paragraph, or from the last quote of the
//! previous paragraph when they open a paragraph. Pronoun subjects go to the
//! person a sentence of narration since the last speaker opened with, else the
//! most recent speaker, else the most recent person name.
//!
//! Entities from the actor stage, when present, give the canonical name, id and
//! actor code; otherwise the fullest form of the name in the document is used.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::dates::{is_weekday, month};
use crate::gender::{Gender, Genders, GivenNames};
use crate::lex::{Kind, Prepared};
use crate::names;
use crate::Context;

/// What a quoted span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// Direct speech in quotation marks.
    Direct,
    /// Reported speech ("X said that ..."), attributed as a claim.
    Indirect,
    /// A quoted term or scare quote, not speech.
    Term,
    /// A title of a work.
    Title,
}

/// One quotation with its speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Canonical name of the speaker.
    pub speaker: Option<String>,
    /// Entity id of the speaker.
    pub speaker_entity: Option<String>,
    /// CAMEO actor code of the speaker.
    pub speaker_actor: Option<String>,
    /// Reporting verb lemma ("say", "tell", "observe").
    pub verb: Option<String>,
    pub kind: QuoteKind,
    /// Where the speaker is named in the text (the name, or the pronoun that refers to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<Span>,
}

/// Reporting verbs: inflected form → lemma.
const VERBS: &[(&str, &str)] = &[
    ("say", "say"),
    ("says", "say"),
    ("said", "say"),
    ("saying", "say"),
    ("tell", "tell"),
    ("tells", "tell"),
    ("told", "tell"),
    ("telling", "tell"),
    ("add", "add"),
    ("adds", "add"),
    ("added", "add"),
    ("adding", "add"),
    ("state", "state"),
    ("states", "state"),
    ("stated", "state"),
    ("declare", "declare"),
    ("declares", "declare"),
    ("declared", "declare"),
    ("announce", "announce"),
    ("announces", "announce"),
    ("announced", "announce"),
    ("write", "write"),
    ("writes", "write"),
    ("wrote", "write"),
    ("written", "write"),
    ("writing", "write"),
    // "the statement read", "the email reads": documents speak through their text.
    ("read", "read"),
    ("reads", "read"),
    ("observe", "observe"),
    ("observes", "observe"),
    ("observed", "observe"),
    ("note", "note"),
    ("notes", "note"),
    ("noted", "note"),
    ("noting", "note"),
    ("explain", "explain"),
    ("explains", "explain"),
    ("explained", "explain"),
    ("mock", "mock"),
    ("mocks", "mock"),
    ("mocked", "mock"),
    ("call", "call"),
    ("calls", "call"),
    ("called", "call"),
    ("calling", "call"),
    ("describe", "describe"),
    ("describes", "describe"),
    ("described", "describe"),
    ("describing", "describe"),
    ("dub", "dub"),
    ("dubbed", "dub"),
    ("dubs", "dub"),
    ("label", "label"),
    ("labeled", "label"),
    ("labelled", "label"),
    ("brand", "brand"),
    ("branded", "brand"),
    ("deride", "deride"),
    ("derided", "deride"),
    ("insist", "insist"),
    ("insists", "insist"),
    ("insisted", "insist"),
    ("argue", "argue"),
    ("argues", "argue"),
    ("argued", "argue"),
    ("claim", "claim"),
    ("claims", "claim"),
    ("claimed", "claim"),
    ("warn", "warn"),
    ("warns", "warn"),
    ("warned", "warn"),
    ("ask", "ask"),
    ("asks", "ask"),
    ("asked", "ask"),
    ("reply", "reply"),
    ("replies", "reply"),
    ("replied", "reply"),
    ("respond", "respond"),
    ("responds", "respond"),
    ("responded", "respond"),
    ("recall", "recall"),
    ("recalls", "recall"),
    ("recalled", "recall"),
    ("continue", "continue"),
    ("continued", "continue"),
    ("continues", "continue"),
    ("tweet", "tweet"),
    ("tweeted", "tweet"),
    ("tweets", "tweet"),
    ("tweeting", "tweet"),
    ("post", "post"),
    ("posted", "post"),
    ("posting", "post"),
    ("quip", "quip"),
    ("quipped", "quip"),
    ("joke", "joke"),
    ("joked", "joke"),
    ("acknowledge", "acknowledge"),
    ("acknowledged", "acknowledge"),
    ("acknowledges", "acknowledge"),
    ("admit", "admit"),
    ("admitted", "admit"),
    ("admits", "admit"),
    ("conclude", "conclude"),
    ("concluded", "conclude"),
    ("concludes", "conclude"),
    ("concede", "concede"),
    ("conceded", "concede"),
    ("concedes", "concede"),
    ("suggest", "suggest"),
    ("suggested", "suggest"),
    ("suggests", "suggest"),
    ("comment", "comment"),
    ("commented", "comment"),
    ("complain", "complain"),
    ("complained", "complain"),
    ("complains", "complain"),
    ("remark", "remark"),
    ("remarked", "remark"),
    ("report", "report"),
    ("reported", "report"),
    ("reports", "report"),
    ("testify", "testify"),
    ("testified", "testify"),
    ("urge", "urge"),
    ("urged", "urge"),
    ("urges", "urge"),
    ("vow", "vow"),
    ("vowed", "vow"),
    ("vows", "vow"),
    ("promise", "promise"),
    ("promised", "promise"),
    ("predict", "predict"),
    ("predicted", "predict"),
    ("deny", "deny"),
    ("denied", "deny"),
    ("denies", "deny"),
    ("stress", "stress"),
    ("stressed", "stress"),
    ("stresses", "stress"),
    ("emphasize", "emphasize"),
    ("emphasized", "emphasize"),
    ("emphasised", "emphasize"),
    ("caution", "caution"),
    ("cautioned", "caution"),
    ("contend", "contend"),
    ("contended", "contend"),
    ("contends", "contend"),
    ("assert", "assert"),
    ("asserted", "assert"),
    ("asserts", "assert"),
    ("lament", "lament"),
    ("lamented", "lament"),
    ("reiterate", "reiterate"),
    ("reiterated", "reiterate"),
    ("demand", "demand"),
    ("demanded", "demand"),
    ("characterize", "characterize"),
    ("characterized", "characterize"),
    ("shout", "shout"),
    ("shouted", "shout"),
    ("yell", "yell"),
    ("yelled", "yell"),
    ("whisper", "whisper"),
    ("whispered", "whisper"),
    ("explode", "explode"),
    ("confirm", "confirm"),
    ("confirmed", "confirm"),
    ("confirms", "confirm"),
    ("insisting", "insist"),
    ("arguing", "argue"),
    ("warning", "warn"),
    ("asking", "ask"),
];

/// Verbs that introduce an indirect claim with `that`.
const CLAIM_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "state",
    "declare",
    "announce",
    "write",
    "note",
    "explain",
    "insist",
    "argue",
    "claim",
    "warn",
    "acknowledge",
    "admit",
    "conclude",
    "suggest",
    "report",
    "testify",
    "predict",
    "deny",
    "stress",
    "emphasize",
    "contend",
    "assert",
    "confirm",
    "concede",
    "reiterate",
    "observe",
    "recall",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it"];

/// Words between a subject and its verb that do not break the link (`Gunson later said`, `he has said`).
const SKIP_BEFORE_VERB: &[&str] = &[
    "also",
    "later",
    "then",
    "once",
    "has",
    "had",
    "have",
    "was",
    "is",
    "will",
    "would",
    "had",
    "previously",
    "recently",
    "again",
    "further",
    "simply",
    "already",
    "earlier",
    "even",
    "just",
    "repeatedly",
    "publicly",
    "privately",
    "often",
    "never",
    "has",
    "reportedly",
    "had",
    "once",
    "flatly",
];

/// Words before a quote that mark a title of a work.
const TITLE_CUES: &[&str] = &[
    "titled",
    "entitled",
    "headlined",
    "book",
    "film",
    "movie",
    "song",
    "album",
    "article",
    "column",
    "op-ed",
    "essay",
    "show",
    "series",
    "novel",
    "poem",
    "documentary",
    "headline",
    "play",
    "episode",
    "podcast",
    "program",
    "programme",
    "painting",
    "opera",
    "musical",
    "report",
    "bill",
    "act",
];

/// Quote characters.
fn mark(s: &str) -> Option<Mark> {
    match s {
        "“" | "„" | "«" => Some(Mark::OpenDouble),
        "”" | "»" => Some(Mark::CloseDouble),
        "\"" => Some(Mark::StraightDouble),
        "‘" => Some(Mark::OpenSingle),
        "’" => Some(Mark::CloseSingle),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    OpenDouble,
    CloseDouble,
    StraightDouble,
    OpenSingle,
    CloseSingle,
}

/// A quotation span before attribution: word indices of its marks.
#[derive(Debug, Clone)]
struct Raw {
    /// Index of the opening mark.
    open: usize,
    /// Index of the closing mark, or one past the paragraph's last word when left open.
    close: usize,
    paragraph: usize,
    /// The quote runs on into the next paragraph (no closing mark).
    open_ended: bool,
}

impl Raw {
    fn inner(&self) -> std::ops::Range<usize> {
        self.open + 1..self.close
    }
}

/// Who a quote is attributed to, before canonicalization.
#[derive(Debug, Clone)]
struct Attribution {
    speaker: Speaker,
    verb: Option<&'static str>,
    /// Index of the verb word (for adjacency checks).
    verb_at: Option<usize>,
}

#[derive(Debug, Clone)]
enum Speaker {
    /// A name chunk `[start, end)`.
    Name(usize, usize),
    /// A pronoun at word `i`.
    Pronoun(usize),
    /// A common noun phrase `[start, end)` ("US officials").
    Phrase(usize, usize),
}

/// Finds the quotations of one document and attributes them.
pub fn extract(cx: &Context<'_>) -> Vec<Quote> {
    let p = Prepared::new(cx);
    extract_prepared(cx, &p, &GivenNames::default())
}

/// A speaker resolved to text positions, for pronoun resolution.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    /// Name chunk of the speaker.
    name: (usize, usize),
    /// Word where the attribution was made.
    at: usize,
}

pub(crate) fn extract_prepared(cx: &Context<'_>, p: &Prepared<'_>, given: &GivenNames) -> Vec<Quote> {
    let raws = find_spans(p);
    let chunks = names::all_chunks(p);
    let genders = Genders::new(given, p);
    let mut in_quote = vec![false; p.words.len()];
    for r in &raws {
        for f in &mut in_quote[r.open..r.close.min(p.words.len())] {
            *f = true;
        }
    }
    let mut out: Vec<Quote> = Vec::with_capacity(raws.len());
    // Per quote: resolved speaker name chunk (for inheritance and pronouns).
    let mut resolved: Vec<Option<Resolved>> = Vec::with_capacity(raws.len());
    let mut atts: Vec<Option<Attribution>> = Vec::with_capacity(raws.len());
    let mut history: Vec<Resolved> = Vec::new();

    for (qi, r) in raws.iter().enumerate() {
        let n_words = r
            .inner()
            .filter(|&i| p.words[i].kind != Kind::Punct)
            .count();
        let mut att = attribute(p, r, &raws, qi).or_else(|| participle_attribution(cx, p, r, &raws, qi));
        // What "it reads" is a sign's or a shirt's text, nobody's words.
        if att.as_ref().is_some_and(|a| a.verb == Some("read") && matches!(a.speaker, Speaker::Pronoun(_))) {
            att = None;
        }
        // A short quote inside a phrase is a term unless a verb governs it closely.
        let short = n_words <= 4 && !has_terminal_punct(p, r);
        if short {
            if let Some(a) = &att {
                let close_enough = a.verb_at.is_some_and(|v| {
                    if v < r.open {
                        r.open - v <= 5
                    } else {
                        v - r.close <= 4
                    }
                });
                if !close_enough {
                    att = None;
                }
            }
        }
        let kind = if is_title(p, r) {
            QuoteKind::Title
        } else if att.is_some() || !short {
            QuoteKind::Direct
        } else {
            QuoteKind::Term
        };
        if kind != QuoteKind::Direct {
            att = None;
        }
        let res = att
            .as_ref()
            .and_then(|a| resolve(p, cx, &a.speaker, &history, &chunks, &in_quote, &genders));
        if let Some(rs) = res {
            if p.words[rs.name.0].cap {
                history.push(Resolved {
                    name: rs.name,
                    at: r.open,
                });
            }
        }
        resolved.push(res);
        atts.push(att);
        out.push(Quote {
            text: inner_text(p, r).to_string(),
            span: inner_span(p, r),
            speaker: None,
            speaker_entity: None,
            speaker_actor: None,
            verb: None,
            kind,
            speaker_span: None,
        });
    }

    // Inheritance: quotes with no attribution of their own.
    for qi in 0..raws.len() {
        if out[qi].kind != QuoteKind::Direct || atts[qi].is_some() {
            continue;
        }
        let r = &raws[qi];
        let mut from = None;
        // The previous direct quote in the same paragraph.
        if let Some(j) = (0..qi)
            .rev()
            .find(|&j| raws[j].paragraph == r.paragraph && out[j].kind == QuoteKind::Direct)
        {
            if resolved[j].is_some() {
                from = Some(j);
            }
        }
        // A later attributed quote in the same paragraph (“A.” “B,” she said.)
        if from.is_none() {
            if let Some(j) = (qi + 1..raws.len())
                .find(|&j| raws[j].paragraph == r.paragraph && atts[j].is_some())
            {
                from = Some(j);
            }
        }
        // The previous paragraph's last quote, when this one opens its paragraph.
        if from.is_none() && opens_paragraph(p, r) {
            if let Some(j) = (0..qi).rev().find(|&j| out[j].kind == QuoteKind::Direct) {
                let gap = r.paragraph - raws[j].paragraph;
                if (gap == 1 || raws[j].open_ended) && resolved[j].is_some() {
                    from = Some(j);
                }
            }
        }
        // A quote left open runs into the next paragraph, which may carry the attribution.
        if from.is_none() && r.open_ended {
            if let Some(j) = (qi + 1..raws.len()).find(|&j| atts[j].is_some()) {
                if raws[j].paragraph <= r.paragraph + 2 {
                    from = Some(j);
                }
            }
        }
        if let Some(j) = from {
            resolved[qi] = resolved[j];
            atts[qi] = atts[j].clone();
        }
    }

    for qi in 0..out.len() {
        if let (Some(rs), Some(a)) = (resolved[qi], &atts[qi]) {
            fill_speaker(p, cx, &chunks, &mut out[qi], rs, a);
        }
    }

    out.extend(indirect(p, cx, &in_quote, &history, &chunks, &genders));
    out.sort_by_key(|q| (q.span.start, q.span.end));
    out
}

fn fill_speaker(
    p: &Prepared<'_>,
    cx: &Context<'_>,
    chunks: &[(usize, usize)],
    q: &mut Quote,
    rs: Resolved,
    a: &Attribution,
) {
    let span = Span::new(
        p.words[rs.name.0].span.start,
        p.words[rs.name.1 - 1].span.end,
    );
    q.verb = a.verb.map(str::to_string);
    q.speaker_span = Some(match a.speaker {
        Speaker::Pronoun(i) => p.words[i].span,
        _ => span,
    });
    if let Some(e) = cx.entities.iter().find(|e| e.span.overlaps(span)) {
        // "Sen. Richard Shelby of Alabama said": the person before "of", not the place.
        let person_of = (e.kind == sitrep_nlp::EntityType::Loc && rs.name.0 >= 2 && p.is(rs.name.0 - 1, "of"))
            .then(|| {
                let before = p.words[rs.name.0 - 2].span;
                cx.entities.iter().find(|x| x.kind == sitrep_nlp::EntityType::Per && x.span.overlaps(before))
            })
            .flatten();
        let e = match person_of {
            Some(person) => {
                q.speaker_span = Some(person.span);
                person
            }
            None => e,
        };
        q.speaker = Some(e.canonical.clone());
        q.speaker_entity = Some(e.id.clone());
        q.speaker_actor = e.actor.clone();
        return;
    }
    let is_name = p.words[rs.name.0].cap;
    let name = if is_name {
        names::fullest(p, chunks, rs.name)
    } else {
        names::chunk_text(p, rs.name).to_string()
    };
    // A bare surname the actor stage did not tag (`Gunson said`): the entity with that full name or surname.
    if is_name {
        let last = name.rsplit(' ').next().unwrap_or(&name);
        let same = |e: &&sitrep_actors::Entity| {
            e.canonical == name || e.canonical.rsplit(' ').next() == Some(last)
        };
        if let Some(e) = cx
            .entities
            .iter()
            .filter(|e| e.kind == sitrep_nlp::EntityType::Per)
            .find(same)
        {
            q.speaker = Some(e.canonical.clone());
            q.speaker_entity = Some(e.id.clone());
            q.speaker_actor = e.actor.clone();
            return;
        }
    }
    q.speaker = Some(name);
}

/// Resolves a speaker to a name chunk (pronouns to their antecedent).
///
/// A pronoun goes to the subject named earlier in its own sentence, else to the
/// person who opens the sentence before it (when that sentence comes after the
/// last speaker's attribution), else to the most recent speaker (within three
/// paragraphs), else to the most recent person entity, else to the most recent
/// full name outside quotation marks.
fn resolve(
    p: &Prepared<'_>,
    cx: &Context<'_>,
    s: &Speaker,
    history: &[Resolved],
    chunks: &[(usize, usize)],
    in_quote: &[bool],
    g: &Genders<'_>,
) -> Option<Resolved> {
    match *s {
        Speaker::Name(a, b) | Speaker::Phrase(a, b) => Some(Resolved {
            name: (a, b),
            at: a,
        }),
        Speaker::Pronoun(i) => {
            let pron = p.l(i);
            if matches!(pron, "i" | "we") {
                return None;
            }
            let plural = pron == "they";
            let par = p.paragraph_of(i);
            let sent = &p.sentences[p.sentence_of(i)];
            // "she" is not a man the document or the corpus knows as one, and "he" not a woman.
            let want = Gender::of_pronoun(pron);
            let fits = |name: (usize, usize)| -> bool {
                let Some(w) = want else { return true };
                g.of_name(p, name, chunks).is_none_or(|x| x == w)
            };
            // The subject named earlier in the same sentence (`Trump's approach … when he announced`).
            if !plural {
                let first = chunks.iter().find(|&&(s, e)| {
                    s >= sent.start
                        && e <= i
                        && !in_quote[s]
                        && !(s > sent.start && is_preposition(p.l(s - 1)))
                });
                if let Some(&(s, e)) = first.filter(|&&c| fits(c)) {
                    return Some(Resolved {
                        name: (s, e),
                        at: i,
                    });
                }
            }
            // The person a sentence of narration since the last speaker was about: "Mr. McCain
            // also criticized the plan. “…,” he said" is McCain, not the official quoted before.
            let last = history.iter().rev().find(|h| h.at < i);
            let since = last.map_or(0, |h| h.at + 1);
            let narration = p.sentence_of(i).checked_sub(1).map(|si| &p.sentences[si]);
            if let Some(prev) = narration.filter(|n| !plural && pron != "it" && n.start >= since && p.paragraph_of(n.start) + 1 >= par) {
                let subject = chunks
                    .iter()
                    .find(|&&(s, e)| s >= prev.start && e <= prev.end && !in_quote[s])
                    // The subject opens the sentence ("Mr. Trump said", "But Nunes told").
                    .filter(|&&(s, _)| s <= prev.start + 2 && !(s > prev.start && is_preposition(p.l(s - 1))))
                    // "Ghani's adviser, Omer, acknowledged": the owner is not the subject.
                    .filter(|&&(_, e)| e >= p.words.len() || !matches!(p.l(e), "'s" | "’s" | "'" | "’"))
                    .filter(|&&(s, _)| {
                        let at = p.words[s].span.start;
                        cx.entities.iter().any(|e| e.kind == sitrep_nlp::EntityType::Per && e.span.start <= at && at < e.span.end)
                    })
                    // "“…,” he told Pompeo": whoever is told is not the one speaking.
                    .filter(|&&(_, e)| !(i + 1..sent.end).any(|j| p.l(j) == p.l(e - 1)))
                    .filter(|&&c| fits(c));
                if let Some(&(s, e)) = subject {
                    return Some(Resolved { name: (s, e), at: i });
                }
            }
            // The most recent speaker, if recent (and of the pronoun's gender when known).
            let recent = |h: &&Resolved| par.saturating_sub(p.paragraph_of(h.at.min(p.words.len() - 1))) <= 3;
            if let Some(h) = last.filter(recent) {
                let h_plural = !p.words[h.name.0].cap;
                if plural == h_plural {
                    if fits(h.name) {
                        return Some(*h);
                    }
                    let other = history.iter().rev().filter(|h| h.at < i).take_while(recent).find(|h| p.words[h.name.0].cap && fits(h.name));
                    if let Some(h) = other {
                        return Some(*h);
                    }
                }
            }
            if plural || pron == "it" {
                return None;
            }
            // The most recent person entity from the actor stage.
            if let Some(e) = cx.entities.iter().rev().find(|e| {
                e.span.end <= p.words[i].span.start
                    && e.kind == sitrep_nlp::EntityType::Per
                    && !cx.is_excluded(e.span)
                    && fits((p.word_at(e.span.start), p.word_at(e.span.end).max(p.word_at(e.span.start) + 1)))
            }) {
                let s = p.word_at(e.span.start);
                let t = p.word_at(e.span.end).max(s + 1);
                return Some(Resolved {
                    name: (s, t),
                    at: i,
                });
            }
            // The most recent full name outside quotation marks.
            chunks
                .iter()
                .rev()
                .find(|&&(s, e)| {
                    e <= i && e - s >= 2 && !in_quote[s] && p.paragraph_of(s) + 3 >= par && fits((s, e))
                })
                .map(|&(s, e)| Resolved {
                    name: (s, e),
                    at: i,
                })
        }
    }
}

fn is_preposition(l: &str) -> bool {
    matches!(
        l,
        "in" | "at"
            | "from"
            | "to"
            | "of"
            | "with"
            | "for"
            | "on"
            | "by"
            | "near"
            | "across"
            | "against"
            | "toward"
            | "towards"
            | "into"
            | "over"
            | "under"
            | "about"
            | "between"
            | "like"
            | "than"
            | "as"
    )
}

/// The lemma of the reporting verb at word `j` (a lowercase word: `Post` is not `post`).
fn verb_at(p: &Prepared<'_>, j: usize) -> Option<&'static str> {
    if p.words[j].cap || p.words[j].kind != Kind::Alpha {
        return None;
    }
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| VERBS.iter().copied().collect())
        .get(p.l(j))
        .copied()
}

fn has_terminal_punct(p: &Prepared<'_>, r: &Raw) -> bool {
    let inner = r.inner();
    if inner.is_empty() {
        return false;
    }
    let last = inner.end - 1;
    matches!(p.w(last), "." | "!" | "?" | ",") && inner.len() > 1
}

fn opens_paragraph(p: &Prepared<'_>, r: &Raw) -> bool {
    p.paragraphs
        .get(r.paragraph)
        .is_some_and(|pr| pr.start == r.open)
}

fn inner_span(p: &Prepared<'_>, r: &Raw) -> Span {
    let start = p.words[r.open].span.end;
    let end = if r.close < p.words.len() && !r.open_ended {
        p.words[r.close].span.start
    } else {
        p.words[r.close - 1].span.end
    };
    Span::new(start, end.max(start))
}

fn inner_text<'a>(p: &Prepared<'a>, r: &Raw) -> &'a str {
    let s = inner_span(p, r);
    p.text[s.start..s.end].trim()
}

/// Pairs quotation marks inside each paragraph.
fn find_spans(p: &Prepared<'_>) -> Vec<Raw> {
    let mut out = Vec::new();
    for (pi, pr) in p.paragraphs.iter().enumerate() {
        let mut open: Option<(usize, Mark)> = None;
        let mut i = pr.start;
        while i < pr.end {
            if p.words[i].kind == Kind::Punct {
                if let Some(m) = mark(p.w(i)) {
                    match (open, m) {
                        (None, Mark::OpenDouble) | (None, Mark::StraightDouble) => {
                            open = Some((i, m))
                        }
                        (Some((o, Mark::OpenDouble)), Mark::CloseDouble)
                        | (Some((o, Mark::StraightDouble)), Mark::StraightDouble) => {
                            if i > o + 1 {
                                out.push(Raw {
                                    open: o,
                                    close: i,
                                    paragraph: pi,
                                    open_ended: false,
                                });
                            }
                            open = None;
                        }
                        // A straight quote closing a curly one (mixed typing).
                        (Some((o, Mark::OpenDouble)), Mark::StraightDouble) => {
                            out.push(Raw {
                                open: o,
                                close: i,
                                paragraph: pi,
                                open_ended: false,
                            });
                            open = None;
                        }
                        (None, Mark::OpenSingle) if single_opens(p, i) => open = Some((i, m)),
                        (Some((o, Mark::OpenSingle)), Mark::CloseSingle) if single_closes(p, i) => {
                            if i > o + 1 {
                                out.push(Raw {
                                    open: o,
                                    close: i,
                                    paragraph: pi,
                                    open_ended: false,
                                });
                            }
                            open = None;
                        }
                        // Inside a double quote, single quotes are nested and stay in the text.
                        _ => {}
                    }
                }
            }
            i += 1;
        }
        if let Some((o, m)) = open {
            // News style: a quote running on into the next paragraph has no closing mark.
            let next_opens = p.paragraphs.get(pi + 1).is_some_and(|n| {
                n.start < p.words.len()
                    && mark(p.w(n.start)).is_some_and(|m| m != Mark::CloseDouble)
            });
            if m != Mark::OpenSingle && pr.end > o + 2 && next_opens {
                out.push(Raw {
                    open: o,
                    close: pr.end,
                    paragraph: pi,
                    open_ended: true,
                });
            }
        }
    }
    out
}

fn single_opens(p: &Prepared<'_>, i: usize) -> bool {
    let before = p.text[..p.words[i].span.start].chars().next_back();
    before.is_none_or(|c| c.is_whitespace() || c == '(' || c == '—')
}

fn single_closes(p: &Prepared<'_>, i: usize) -> bool {
    let after = p.text[p.words[i].span.end..].chars().next();
    after.is_none_or(|c| !c.is_alphanumeric())
}

fn is_title(p: &Prepared<'_>, r: &Raw) -> bool {
    let inner = r.inner();
    let words: Vec<usize> = inner
        .clone()
        .filter(|&i| p.words[i].kind == Kind::Alpha)
        .collect();
    if words.is_empty() || words.len() > 12 {
        return false;
    }
    let cue = (r.open.saturating_sub(2)..r.open).any(|j| TITLE_CUES.contains(&p.l(j)));
    if !cue {
        return false;
    }
    // Titles are mostly capitalized words.
    let caps = words.iter().filter(|&&i| p.words[i].cap).count();
    caps * 2 >= words.len()
}

/// The attribution of quote `qi` from its own sentence.
fn attribute(p: &Prepared<'_>, r: &Raw, raws: &[Raw], qi: usize) -> Option<Attribution> {
    // After the quote: up to the sentence end or the next quote.
    if !r.open_ended {
        let sent = &p.sentences[p.sentence_of(r.close)];
        let mut end = sent.end.min(r.close + 30);
        if let Some(n) = raws.get(qi + 1) {
            if n.paragraph == r.paragraph {
                end = end.min(n.open);
            }
        }
        // The closing mark may end the sentence (`… said.”`); then look on only if the
        // next words attribute (`“…!” she said`): a lowercase word right after.
        let start = r.close + 1;
        if let Some(a) = attribute_after(p, start, end) {
            return Some(a);
        }
        // `“… loud.” Mr. Mukhtar said in an interview.`: the quote ended its sentence and the
        // next one, in the same paragraph, opens with its speaker and a reporting verb.
        if end <= start && has_terminal_punct(p, r) {
            let next = p.sentence_of(start);
            let ns = &p.sentences[next];
            let same_paragraph = p.paragraphs.get(r.paragraph).is_some_and(|pr| ns.start >= start && ns.end <= pr.end);
            let before_next_quote = raws.get(qi + 1).is_none_or(|n| n.open >= ns.end.min(start + 12));
            if same_paragraph && ns.start == start && before_next_quote {
                if let Some(a) = attribute_after(p, start, ns.end.min(start + 12)) {
                    // Only a sentence that is nothing but the attribution: `X said.`, `X said in a
                    // statement`, `X told reporters on Monday`; `The Chinese responded with threats`
                    // and `Trump said the deal was done` narrate on and may be someone else's.
                    let speech = matches!(a.verb, Some("say" | "tell" | "add" | "write" | "tweet"));
                    let rest_is_circumstance = a.verb_at.is_some_and(|v| {
                        v + 1 >= ns.end
                            || p.punct(v + 1, '.')
                            || is_preposition(p.l(v + 1))
                            || crate::dates::is_weekday(p.l(v + 1))
                            || matches!(p.l(v + 1), "reporters" | "me" | "us" | "today" | "yesterday" | "later" | "recently" | "last" | "this" | "through")
                    });
                    let signed = a.verb_at.is_none();
                    if signed || a.verb_at.is_some_and(|v| v > start) && speech && rest_is_circumstance {
                        return Some(a);
                    }
                }
            }
        }
        if let Some(a) = byline_after(p, r) {
            return Some(a);
        }
    }
    // Before the quote, in its sentence.
    let s = p.sentence_of(r.open);
    let mut start = p.sentences[s].start;
    if qi > 0 && raws[qi - 1].paragraph == r.paragraph {
        start = start.max(raws[qi - 1].close + 1);
    }
    attribute_before(p, start, r.open)
}

/// `“…”\n\nClark Neily, Cato Institute`: opinion round-ups sign each excerpt with a line of its
/// own, the author's two- or three-word name, a comma and the outlet in capitals.
fn byline_after(p: &Prepared<'_>, r: &Raw) -> Option<Attribution> {
    let i = r.close + 1;
    let (s, e) = names::chunk_starting_at(p, i)?;
    if s != i || !(2..=3).contains(&(e - s)) || !p.punct(e, ',') || names::adjacent_newline(p, e - 1) {
        return None;
    }
    let mut k = e + 1;
    while k < p.words.len() && k < e + 8 {
        let w = &p.words[k];
        let ok = w.kind == Kind::Alpha && (w.cap || matches!(p.l(k), "of" | "the" | "and" | "for" | "on")) || p.punct(k, '.') || p.punct(k, '&');
        if !ok {
            return None;
        }
        if names::adjacent_newline(p, k) || k + 1 == p.words.len() {
            return (k > e).then_some(Attribution { speaker: Speaker::Name(s, e), verb: None, verb_at: None });
        }
        k += 1;
    }
    None
}

/// `Trump cheered the decision, tweeting: “…”`, `The director rebuked Priebus, saying it was “…”`:
/// a reporting participle set off by a comma speaks for the subject of the clause it hangs
/// from, which the parse gives; the words alone only see "decision," before the verb.
fn participle_attribution(cx: &Context<'_>, p: &Prepared<'_>, r: &Raw, raws: &[Raw], qi: usize) -> Option<Attribution> {
    let mut start = p.sentences[p.sentence_of(r.open)].start;
    if qi > 0 && raws[qi - 1].paragraph == r.paragraph {
        start = start.max(raws[qi - 1].close + 1);
    }
    let j = (start + 1..r.open).rev().find(|&j| p.l(j).ends_with("ing") && verb_at(p, j).is_some() && p.punct(j - 1, ','))?;
    let parse = cx.parse;
    let head = parse.tokens[parse_token(cx, p, j)?].head?;
    let subject = parse.children(head).find(|&c| parse.tokens[c].deprel.starts_with("nsubj"))?;
    // A title heading the name ("Senator | Maria Lopez", flat): the name runs on to its last part.
    let mut last = subject;
    while last + 1 < parse.tokens.len() && parse.tokens[last + 1].head == Some(subject) && parse.tokens[last + 1].deprel.starts_with("flat") {
        last += 1;
    }
    let w = p.word_at(parse.spans[last].start);
    if w < start || w >= j {
        return None;
    }
    let speaker = name_or_phrase_ending(p, start, w + 1)?;
    Some(Attribution { speaker, verb: verb_at(p, j), verb_at: Some(j) })
}

/// `“…,” Gunson said`, `“…,” said Gunson`, `“…,” he added`, `“…,” according to X`.
fn attribute_after(p: &Prepared<'_>, start: usize, end: usize) -> Option<Attribution> {
    let mut i = start;
    let mut dash = false;
    while i < end && p.words[i].kind == Kind::Punct && !p.punct(i, '(') {
        dash |= matches!(p.w(i), "-" | "–" | "—" | "--");
        i += 1;
    }
    if i >= end {
        return None;
    }
    // `“…” — Chung Eui-yong, national security director`, `“…” - Labour MP Margaret Beckett`: a dash
    // after the quote signs it with the name that follows, up to a comma, a parenthesis or the end.
    if dash && !(start..i).any(|k| names::adjacent_newline(p, k)) {
        if let Some(Speaker::Name(s, mut e)) = subject_after(p, i, end.min(i + 12)) {
            // A hyphenated lowercase part belongs to the name: `Chung Eui-yong`.
            if e + 1 < end && p.punct(e, '-') && p.words[e + 1].kind == Kind::Alpha && p.words[e].span.start == p.words[e - 1].span.end && p.words[e + 1].span.start == p.words[e].span.end {
                e += 2;
            }
            if e >= end || p.punct(e, ',') || p.punct(e, '(') || names::adjacent_newline(p, e - 1) {
                return Some(Attribution { speaker: Speaker::Name(s, e), verb: None, verb_at: None });
            }
        }
    }
    // `“…” as Defense Secretary Ash Carter put it`, `“…,” as Trump said recently`.
    if p.is(i, "as") {
        for j in i + 2..end.min(i + 10) {
            let v = if p.is(j, "put") && p.is(j + 1, "it") { Some("say") } else { verb_at(p, j) };
            if let Some(v) = v {
                return subject_before(p, i + 1, j).map(|s| Attribution { speaker: s, verb: Some(v), verb_at: Some(j) });
            }
        }
        return None;
    }
    // The attribution must come straight after the quote: only a name, a phrase,
    // a pronoun or an appositive may stand between the quote and the verb.
    let limit = end.min(i + 25);
    let mut j = i;
    while j < limit {
        let l = p.l(j);
        if l == "according" && p.is(j + 1, "to") {
            let s = subject_after(p, j + 2, limit)?;
            return Some(Attribution {
                speaker: s,
                verb: Some("according to"),
                verb_at: Some(j),
            });
        }
        if let Some(v) = verb_at(p, j) {
            let s = if j == i {
                // Inversion: `said Gunson`, `observed Michael Singh in an essay`.
                subject_after(p, j + 1, limit)
            } else {
                subject_before(p, i, j)
            };
            if let Some(s) = s {
                return Some(Attribution {
                    speaker: s,
                    verb: Some(v),
                    verb_at: Some(j),
                });
            }
        }
        // Give up at a word that cannot belong to a subject phrase.
        if p.words[j].kind == Kind::Alpha
            && !p.words[j].cap
            && j == i
            && !PRONOUNS.contains(&l)
            && !is_determiner(l)
            && names::FUNCTION_CAPS.contains(&l)
        {
            return None;
        }
        // A period before a comma closes an abbreviation, not a sentence: `Sen. John McCain, R-Ariz., said`.
        if p.punct(j, '.') && !abbreviation_period(p, j) && !p.punct(j + 1, ',') || p.punct(j, ';') || p.punct(j, '?') || p.punct(j, '!') {
            return None;
        }
        j += 1;
    }
    None
}

/// Titles written with a period before a name ("Sen.", "Gov.", "Adm."), lowercased.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "sen", "rep", "gov", "gen", "adm", "lt", "col", "maj", "capt", "sgt", "cmdr", "amb", "dr", "mr", "mrs", "ms",
    "prof", "rev", "st", "jr", "sr", "pres", "supt", "insp", "det",
];

/// Whether the period at word `j` ends a title or an initial ("Sen. Richard Shelby",
/// "John F. Kelly"), not a sentence: the subject of `“…,” Sen. Richard Shelby said` goes on.
fn abbreviation_period(p: &Prepared<'_>, j: usize) -> bool {
    j > 0
        && p.words[j - 1].kind == Kind::Alpha
        && p.words[j - 1].span.end == p.words[j].span.start
        && (TITLE_ABBREVIATIONS.contains(&p.l(j - 1)) || p.words[j - 1].cap && p.w(j - 1).chars().count() == 1)
}

fn is_determiner(l: &str) -> bool {
    matches!(
        l,
        "the"
            | "a"
            | "an"
            | "one"
            | "another"
            | "several"
            | "two"
            | "three"
            | "some"
            | "many"
            | "his"
            | "her"
            | "their"
    )
}

/// The last reporting verb between `start` and the quote, with its subject.
fn attribute_before(p: &Prepared<'_>, start: usize, open: usize) -> Option<Attribution> {
    let mut j = open;
    while j > start {
        j -= 1;
        if p.words[j].kind != Kind::Alpha {
            continue;
        }
        let l = p.l(j);
        if l == "according" && p.is(j + 1, "to") {
            let s = subject_after(p, j + 2, open)?;
            return Some(Attribution {
                speaker: s,
                verb: Some("according to"),
                verb_at: Some(j),
            });
        }
        if let Some(v) = verb_at(p, j) {
            if let Some(s) = subject_before(p, start, j) {
                return Some(Attribution {
                    speaker: s,
                    verb: Some(v),
                    verb_at: Some(j),
                });
            }
            // `…, said Gunson: “…”`: only punctuation may follow the inverted subject.
            if let Some(s) = subject_after(p, j + 1, open) {
                let end = match s {
                    Speaker::Name(_, e) | Speaker::Phrase(_, e) => e,
                    Speaker::Pronoun(i) => i + 1,
                };
                if (end..open).all(|k| p.words[k].kind == Kind::Punct) {
                    return Some(Attribution {
                        speaker: s,
                        verb: Some(v),
                        verb_at: Some(j),
                    });
                }
            }
        }
    }
    None
}

/// The subject that ends right before the verb at `verb`, not before `start`.
fn subject_before(p: &Prepared<'_>, start: usize, verb: usize) -> Option<Speaker> {
    let mut k = verb;
    // Auxiliaries, adverbs and a day between subject and verb: `Gunson later said`,
    // `Trump on Saturday said`, `a Post story later on Tuesday stated`.
    while k > start {
        let l = p.l(k - 1);
        // A capitalized `May` or `Will` is a name (`Theresa May said`), not an auxiliary.
        if SKIP_BEFORE_VERB.contains(&l) && !p.words[k - 1].cap
            || (l.ends_with("ly") && l.len() > 4 && !p.words[k - 1].cap)
        {
            k -= 1;
        } else {
            let t = time_phrase_before(p, start, k);
            if t == k {
                break;
            }
            k = t;
        }
    }
    if k <= start {
        return None;
    }
    // `me` after `told` is the reporter, not the subject; nothing to do here.
    let last = k - 1;
    // An appositive: `Phil Gunson, a senior analyst at the International Crisis Group, told me`.
    if p.punct(last, ',') {
        let mut c = last;
        let floor = start.max(last.saturating_sub(25));
        while c > floor {
            c -= 1;
            if p.punct(c, ',') {
                break;
            }
        }
        if c > start && p.punct(c, ',') {
            // A party-and-state tag before a set-off adverb is no speaker: `Sen. John Thune, R-S.D., though, said`.
            if let Some(t) = (start + 1..c).rev().take(6).find(|&t| p.punct(t, ',')) {
                if party_tag(p, t + 1, c) {
                    return name_or_phrase_ending(p, start, t);
                }
            }
            let before = name_or_phrase_ending(p, start, c);
            if matches!(before, Some(Speaker::Name(..))) {
                return before;
            }
            // `one of the released detainees, Kim Dong Chul, said`, `the company's chief, Tim Cook, said`:
            // a name set off between the commas is the speaker the words before it describe.
            if let Some((s, e)) = names::chunk_starting_at(p, c + 1) {
                if e == last && !names::FUNCTION_CAPS.contains(&p.l(e - 1)) {
                    return Some(Speaker::Name(s, e));
                }
            }
            if before.is_some() {
                return before;
            }
        }
        return None;
    }
    // A parenthesis: skip it.
    if p.punct(last, ')') {
        let mut c = last;
        while c > start && !p.punct(c, '(') {
            c -= 1;
        }
        if c > start {
            return name_or_phrase_ending(p, start, c);
        }
        return None;
    }
    name_or_phrase_ending(p, start, k)
}

/// Where a day ending at word `end - 1` starts (`on Saturday`, `late Monday night`,
/// `on Jan. 5`), or `end` when no day ends there. A weekday is capitalised like a
/// name, so without this it was taken for the speaker of `Trump on Saturday said`.
fn time_phrase_before(p: &Prepared<'_>, floor: usize, end: usize) -> usize {
    let mut k = end;
    if k > floor + 1 && matches!(p.l(k - 1), "morning" | "afternoon" | "evening" | "night") && is_weekday(p.l(k - 2)) {
        k -= 1;
    }
    if k > floor && is_weekday(p.l(k - 1)) {
        k -= 1;
    } else if k > floor + 1 && p.words[k - 1].kind == Kind::Number && p.l(k - 1).len() <= 2 {
        // `Jan. 5`, `May 5`: the month may carry its abbreviation's period.
        let m = if p.punct(k - 2, '.') { k - 2 } else { k - 1 };
        if m > floor && month(p.l(m - 1)).is_some() {
            k = m - 1;
        } else {
            return end;
        }
    } else {
        return end;
    }
    if k > floor && matches!(p.l(k - 1), "on" | "last" | "late" | "early" | "this" | "next") {
        k -= 1;
    }
    k
}

/// Where the words after a day starting at word `start` begin (`said Sunday that`,
/// `said on Monday night`), or `start` when no day starts there.
fn time_phrase_after(p: &Prepared<'_>, start: usize, end: usize) -> usize {
    let mut i = start;
    if i < end && p.is(i, "on") {
        i += 1;
    }
    if i < end && is_weekday(p.l(i)) {
        i += 1;
        if i < end && matches!(p.l(i), "morning" | "afternoon" | "evening" | "night") {
            i += 1;
        }
        i
    } else {
        start
    }
}

/// Whether words `[s, e)` are a US party-and-state tag such as `D-N.Y.`, `R-S.D.` or `I-Vt.`.
fn party_tag(p: &Prepared<'_>, s: usize, e: usize) -> bool {
    if s >= e || e > p.words.len() {
        return false;
    }
    let text = &p.text[p.words[s].span.start..p.words[e - 1].span.end];
    let mut parts = text.splitn(2, '-');
    matches!(parts.next(), Some("D" | "R" | "I"))
        && parts.next().is_some_and(|st| st.len() <= 16 && st.starts_with(|c: char| c.is_ascii_uppercase()) && st.chars().all(|c| c.is_ascii_alphabetic() || matches!(c, '.' | ' ')))
}

/// A pronoun, a name chunk or a noun phrase ending at word `end - 1`.
fn name_or_phrase_ending(p: &Prepared<'_>, start: usize, end: usize) -> Option<Speaker> {
    if end <= start {
        return None;
    }
    let last = end - 1;
    let l = p.l(last);
    if PRONOUNS.contains(&l) {
        return Some(Speaker::Pronoun(last));
    }
    if let Some((s, e)) = names::chunk_ending_at(p, end) {
        let (s, e) = (s.max(start), e);
        // `Theresa May said`: a name may end in a capitalized function word, but not be one.
        let function = |k: usize| names::FUNCTION_CAPS.contains(&p.l(k));
        if s < e && (!function(e - 1) || e - s >= 2 && !function(s)) {
            return Some(Speaker::Name(s, e));
        }
        return None;
    }
    // A common noun phrase: `US officials`, `a State Department spokesman`, `several reports`.
    if p.words[last].kind == Kind::Alpha && !p.words[last].cap && is_speaker_noun(l) {
        let mut s = last;
        while s > start && s + 4 > last {
            let pl = p.l(s - 1);
            if p.words[s - 1].kind != Kind::Alpha
                || is_determiner(pl)
                || names::FUNCTION_CAPS.contains(&pl)
            {
                break;
            }
            s -= 1;
        }
        return Some(Speaker::Phrase(s, end));
    }
    None
}

/// Lowercase words that may stand before a titled name: `former`, `acting`, `then-`.
fn is_role_modifier(l: &str) -> bool {
    matches!(
        l,
        "former" | "acting" | "then" | "ex" | "deputy" | "senior" | "longtime" | "veteran" | "chief" | "top" | "interim" | "incoming" | "outgoing" | "retired"
    )
}

/// Head nouns of non-name speakers.
fn is_speaker_noun(l: &str) -> bool {
    const NOUNS: &[&str] = &[
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "spokespeople",
        "source",
        "sources",
        "report",
        "reports",
        "statement",
        "ministry",
        "department",
        "government",
        "police",
        "analyst",
        "analysts",
        "experts",
        "expert",
        "diplomat",
        "diplomats",
        "witness",
        "witnesses",
        "residents",
        "resident",
        "observers",
        "critics",
        "activists",
        "lawmakers",
        "aides",
        "aide",
        "agency",
        "military",
        "army",
        "officer",
        "officers",
        "leaders",
        "leader",
        "authorities",
        "media",
        "newspaper",
        "president",
        "minister",
        "prosecutors",
        "lawyer",
        "attorney",
        "researchers",
        "scientists",
        "doctors",
        "senator",
        "people",
        "protesters",
        "group",
        "spokesmen",
        "administration",
        "office",
        "committee",
        "commission",
        "court",
        "embassy",
        "lawyers",
        "attorneys",
        "campaign",
        "council",
        "senators",
        "staffer",
        "staffers",
        "employee",
        "employees",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "person",
        "man",
        "woman",
        "friend",
        "family",
        "mother",
        "father",
        "member",
        "members",
        "agent",
        "agents",
        "soldier",
        "soldiers",
        "commander",
        "general",
        "congressman",
        "congresswoman",
        "representative",
        "ambassador",
        "secretary",
        "mayor",
        "counsel",
        "activist",
        "lobbyist",
        "consultant",
        "company",
        "network",
        "paper",
        "editorial",
        "letter",
        "memo",
        "cable",
        "filing",
        "document",
        "indictment",
        "study",
        "president-elect",
        "email",
        "e-mail",
        "message",
        "tweet",
        "post",
        "complaint",
        "lawsuit",
        "ruling",
        "director",
        "chairman",
        "chairwoman",
        "governor",
        "judge",
        "prosecutor",
        "strategist",
        "economist",
        "professor",
        "scholar",
        "chair",
    ];
    NOUNS.contains(&l)
}

/// The subject right after an inverted verb or `according to`.
fn subject_after(p: &Prepared<'_>, start: usize, end: usize) -> Option<Speaker> {
    // `reported Sunday that`: a time is no inverted subject.
    let mut i = time_phrase_after(p, start, end);
    while i < end && (p.punct(i, ',') || is_determiner(p.l(i)) && !p.words[i].cap) {
        i += 1;
    }
    // `said Mr. Ortega`, `said Lt. Col. Ana Ruiz`: the name starts after the abbreviated titles.
    while i + 2 < end && TITLE_ABBREVIATIONS.contains(&p.l(i)) && p.punct(i + 1, '.') && p.words[i + 2].cap {
        i += 2;
    }
    if i >= end {
        return None;
    }
    let l = p.l(i);
    if PRONOUNS.contains(&l) {
        return Some(Speaker::Pronoun(i));
    }
    // `said former Federal Reserve Chair Janet Yellen`, `said longtime GOP strategist Rick Wilson`:
    // lowercase role words before the name, and a title chunk with a role noun before the person.
    let mut k = i;
    while k < end && k < i + 3 && is_role_modifier(p.l(k)) && !p.words[k].cap {
        k += 1;
    }
    if let Some((mut s, mut e)) = names::chunk_starting_at(p, k) {
        // `said retired Army Lt. Gen. William Boykin`: abbreviated titles end the chunk; the person follows.
        while e + 1 < end && p.punct(e, '.') && TITLE_ABBREVIATIONS.contains(&p.l(e - 1)) {
            match names::chunk_starting_at(p, e + 1) {
                Some(c) => (s, e) = c,
                None => break,
            }
        }
        // `GOP strategist Brad Blakeman`, `Air Force intelligence officer Lt. Col. Rick Francona`:
        // an organisation chunk, a role noun (with up to two words before it), then the person.
        let mut m = e;
        while m < end && m < e + 3 && p.words[m].kind == Kind::Alpha && !p.words[m].cap && !is_speaker_noun(p.l(m)) {
            m += 1;
        }
        if m < end && p.words[m].kind == Kind::Alpha && is_speaker_noun(p.l(m)) {
            let mut n = m + 1;
            while n + 2 < end && TITLE_ABBREVIATIONS.contains(&p.l(n)) && p.punct(n + 1, '.') && p.words[n + 2].cap {
                n += 2;
            }
            if let Some((s2, e2)) = names::chunk_starting_at(p, n) {
                return Some(Speaker::Name(s2, e2.min(end.max(s2 + 1))));
            }
        }
        if k == i || e - s >= 2 {
            return Some(Speaker::Name(s, e.min(end.max(s + 1))));
        }
    }
    // `said one official`, `according to several reports`.
    let mut e = i;
    while e < end
        && e < i + 4
        && p.words[e].kind == Kind::Alpha
        && !names::FUNCTION_CAPS.contains(&p.l(e))
    {
        if is_speaker_noun(p.l(e)) {
            // The head is the last of a run of such nouns: `a senior administration official`.
            while e + 1 < end && p.words[e + 1].kind == Kind::Alpha && !p.words[e + 1].cap && is_speaker_noun(p.l(e + 1)) {
                e += 1;
            }
            return Some(Speaker::Phrase(i, e + 1));
        }
        e += 1;
    }
    None
}

/// Indirect speech: `X said that …` outside quotation marks, attributed as a claim.
fn indirect(
    p: &Prepared<'_>,
    cx: &Context<'_>,
    in_quote: &[bool],
    history: &[Resolved],
    chunks: &[(usize, usize)],
    g: &Genders<'_>,
) -> Vec<Quote> {
    let mut out = Vec::new();
    let inside = |i: usize| in_quote[i];
    let has_parse = cx.parse.tokens.iter().any(|t| t.head.is_some());
    for (si, s) in p.sentences.iter().enumerate() {
        let _ = si;
        for j in s.clone() {
            let Some(v) = verb_at(p, j) else { continue };
            if !CLAIM_VERBS.contains(&v) || inside(j) {
                continue;
            }
            // `X, officials said, Y` and `X, officials said.`: the claim is the clause before the speaker.
            if let Some(q) = parenthetical(p, cx, s.clone(), j, v, in_quote, history, chunks, g) {
                out.push(q);
                break;
            }
            // `said that …` (optionally `told reporters that …`).
            let mut k = j + 1;
            if v == "tell" {
                while k < s.end && k < j + 4 && !p.is(k, "that") {
                    k += 1;
                }
            }
            let that = p.is(k, "that");
            // Without `that`, the parse must show the reported clause right after the verb.
            let ccomp = if has_parse && !that {
                parse_ccomp(cx, p, j)
            } else {
                None
            };
            let claim_start = match (that, ccomp) {
                (true, _) => k + 1,
                (false, Some(c)) if c > j && c <= j + 2 => c,
                _ => continue,
            };
            // A claim never starts with punctuation (`said, as prices rose`: an adverbial clause, not a claim).
            if p.words[claim_start].kind == Kind::Punct {
                continue;
            }
            let mut claim_end = s.end;
            while claim_end > claim_start
                && p.words[claim_end - 1].kind == Kind::Punct
                && !p.punct(claim_end - 1, '”')
            {
                claim_end -= 1;
            }
            if claim_end <= claim_start + 2 {
                continue;
            }
            let Some(sp) = subject_before(p, s.start, j) else {
                continue;
            };
            let Some(rs) = resolve(p, cx, &sp, history, chunks, in_quote, g) else {
                continue;
            };
            out.push(claim(p, cx, chunks, claim_start..claim_end, sp, rs, v, j));
            break;
        }
    }
    out
}

/// An attribution set off by commas after the claim: `Turkey shipped wheat on
/// Monday, officials in Ankara said, as prices rose.` The verb must be followed by
/// a comma or the sentence's end, and the speaker phrase must follow a comma.
#[allow(clippy::too_many_arguments)]
fn parenthetical(
    p: &Prepared<'_>,
    cx: &Context<'_>,
    s: std::ops::Range<usize>,
    j: usize,
    v: &'static str,
    in_quote: &[bool],
    history: &[Resolved],
    chunks: &[(usize, usize)],
    g: &Genders<'_>,
) -> Option<Quote> {
    let after_ok = j + 1 >= s.end || p.punct(j + 1, ',') || p.words[j + 1].kind == Kind::Punct && j + 2 >= s.end;
    if !after_ok {
        return None;
    }
    let sp = subject_before(p, s.start, j)?;
    let first = match sp {
        Speaker::Name(a, _) | Speaker::Phrase(a, _) => a,
        Speaker::Pronoun(i) => i,
    };
    // The determiner or modifiers in front of the phrase (`the officials`, `two senior officials`).
    let mut a = first;
    while a > s.start && !p.punct(a - 1, ',') && a + 4 > first && p.words[a - 1].kind != Kind::Punct {
        a -= 1;
    }
    if a <= s.start + 3 || !p.punct(a - 1, ',') {
        return None;
    }
    let mut claim_end = a - 1;
    while claim_end > s.start && p.words[claim_end - 1].kind == Kind::Punct {
        claim_end -= 1;
    }
    if claim_end <= s.start + 2 || (s.start..claim_end).any(|i| in_quote[i]) {
        return None;
    }
    let rs = resolve(p, cx, &sp, history, chunks, in_quote, g)?;
    Some(claim(p, cx, chunks, s.start..claim_end, sp, rs, v, j))
}

/// An indirect quote: the claim over `words`, attributed to `sp` by the verb `v` at word `j`.
#[allow(clippy::too_many_arguments)]
fn claim(
    p: &Prepared<'_>,
    cx: &Context<'_>,
    chunks: &[(usize, usize)],
    words: std::ops::Range<usize>,
    sp: Speaker,
    rs: Resolved,
    v: &'static str,
    j: usize,
) -> Quote {
    let span = Span::new(p.words[words.start].span.start, p.words[words.end - 1].span.end);
    let mut q = Quote {
        text: p.text[span.start..span.end].to_string(),
        span,
        speaker: None,
        speaker_entity: None,
        speaker_actor: None,
        verb: None,
        kind: QuoteKind::Indirect,
        speaker_span: None,
    };
    let a = Attribution {
        speaker: sp,
        verb: Some(v),
        verb_at: Some(j),
    };
    fill_speaker(p, cx, chunks, &mut q, rs, &a);
    q
}

/// The parse token that starts where word `j` starts.
fn parse_token(cx: &Context<'_>, p: &Prepared<'_>, j: usize) -> Option<usize> {
    let start = p.words[j].span.start;
    cx.parse.spans.iter().position(|s| s.start == start)
}

/// The first word of the clausal complement under the verb at word `j`, from the parse.
fn parse_ccomp(cx: &Context<'_>, p: &Prepared<'_>, j: usize) -> Option<usize> {
    let parse = cx.parse;
    let t = parse_token(cx, p, j)?;
    let c = parse
        .children(t)
        .find(|&c| parse.tokens[c].deprel == "ccomp")?;
    // The leftmost token of the complement's subtree.
    let sent = &parse.sentences[parse.sentence_of(c)];
    let under = |mut x: usize| {
        for _ in 0..64 {
            if x == c {
                return true;
            }
            match parse.tokens[x].head {
                Some(h) => x = h,
                None => return false,
            }
        }
        false
    };
    let first = sent.tokens.clone().find(|&x| under(x))?;
    Some(p.word_at(parse.spans[first].start))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Parse;

    fn run(text: &str) -> Vec<Quote> {
        let parse = Parse::default();
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        extract(&cx)
    }

    fn direct(qs: &[Quote]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        qs.iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .map(|q| (q.text.as_str(), q.speaker.as_deref(), q.verb.as_deref()))
            .collect()
    }

    #[test]
    fn speaker_after_with_name() {
        let q = run("The talks failed. “We will not give in,” Maria Lopez said.");
        assert_eq!(
            direct(&q),
            vec![("We will not give in,", Some("Maria Lopez"), Some("say"))]
        );
    }

    #[test]
    fn a_party_tag_after_the_name_is_not_the_speaker() {
        for (text, who) in [
            ("Sen. John Thune, R-S.D., though, said that it was “a good plan.”", "John Thune"),
            ("“It was a mistake,” Rep. Hakeem Jeffries, D-N.Y., said.", "Hakeem Jeffries"),
            ("Rep. Adam Schiff, D-California, said that it was “very serious.”", "Adam Schiff"),
        ] {
            let q = run(text);
            assert_eq!(q.first().and_then(|q| q.speaker.as_deref()), Some(who), "{text}: {q:?}");
        }
    }

    #[test]
    fn a_title_abbreviation_does_not_end_the_attribution() {
        let q = run("The talks failed. “We will not give in,” Sen. Maria Lopez said. Others agreed.");
        assert_eq!(direct(&q), vec![("We will not give in,", Some("Maria Lopez"), Some("say"))]);
    }

    #[test]
    fn speaker_after_inverted() {
        let q = run("“Prices will rise,” said John Carter, an economist.");
        assert_eq!(direct(&q)[0].1, Some("John Carter"));
        let q = run("“It is over,” observed Anna Berg in an essay.");
        assert_eq!(
            direct(&q)[0],
            ("It is over,", Some("Anna Berg"), Some("observe"))
        );
    }

    #[test]
    fn titled_tagged_and_set_off_speakers() {
        let speaker = |t: &str| run(t).into_iter().find(|q| q.kind == QuoteKind::Direct).and_then(|q| q.speaker);
        let cases = [
            ("Jobs matter. “We need a phase-out,” said former Federal Reserve Chair Janet Yellen in an interview.", Some("Janet Yellen")),
            ("Critics spoke. “We have to be careful,” said retired Air Force intelligence officer Lt. Col. Rick Francona.", Some("Rick Francona")),
            ("Critics spoke. “It must end,” Sen. John McCain, R-Ariz., said in a statement.", Some("John McCain")),
            ("They landed. “I feel like I am dreaming,” one of the detainees, Kim Dong Chul, said.", Some("Kim Dong Chul")),
            ("They gathered.\n\n“We want them loud.” Mr. Mukhtar said in a televised interview. “We will stay.”", Some("Mukhtar")),
            ("Highlights:\n\n“He is a con artist” - Marco Rubio\n\nMore.", Some("Marco Rubio")),
            ("From the left:\n\n“The court got it wrong.”\n\nClark Neily, Cato Institute\n\nFrom the right:", Some("Clark Neily")),
            ("The war goes on, “with no end in sight,” as Defense Secretary Ash Carter put it.", Some("Ash Carter")),
            ("The deal failed. “The implications are grave,” Theresa May said.", Some("Theresa May")),
            ("From the left:\n\n“The court got it wrong.”\n\nClark Neily, who teaches law, disagreed.", None),
            ("Seoul spoke.\n\n\"We will keep talking.\" — Chung Eui-yong, national security director\n\nMore.", Some("Chung Eui-yong")),
            // A narrating sentence after a quote that ends its own is no attribution.
            ("He set tariffs. “This is the first of many.” The Chinese immediately responded with threats.", None),
            ("He set tariffs. “This is the first of many.” Trump said the deal was done.", None),
        ];
        for (text, want) in cases {
            assert_eq!(speaker(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn appositive_and_told_me() {
        let q =
            run("“It works,” Tom Reed, a senior analyst at the Quartz Group, told me from Lima.");
        assert_eq!(direct(&q)[0], ("It works,", Some("Tom Reed"), Some("tell")));
    }

    #[test]
    fn descriptor_and_parenthesis_before_name() {
        let q =
            run("“The harbor is closed,” local reporter (and part-time guide) Ana Silva told me.");
        assert_eq!(direct(&q)[0].1, Some("Ana Silva"));
    }

    #[test]
    fn split_quote_and_short_surname() {
        let q = run("Ben Okafor runs the port.\n\n“It is slow,” Okafor said. “Nobody knows why. It has been slow for years.”");
        let d = direct(&q);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].1, Some("Ben Okafor"));
        assert_eq!(d[1].0, "Nobody knows why. It has been slow for years.");
        assert_eq!(d[1].1, Some("Ben Okafor"));
    }

    #[test]
    fn a_fuller_name_after_a_titled_surname_is_someone_else() {
        let q = run("President Ruiz met the envoys. Ruiz and first lady Ana Ruiz flew home. “It was a good day,” Ruiz said.");
        assert_eq!(q.first().and_then(|q| q.speaker.as_deref()), Some("Ruiz"), "{q:?}");
        let q = run("Carla Ruiz met the envoys. “It was a good day,” Ruiz said.");
        assert_eq!(q.first().and_then(|q| q.speaker.as_deref()), Some("Carla Ruiz"), "{q:?}");
    }

    #[test]
    fn people_and_documents_named_by_a_common_noun_speak() {
        for (text, who) in [
            ("“We will not allow it,” the company said in a statement.", "company"),
            ("“He was diving in,” another former State Department employee told me.", "employee"),
            ("“The hacked materials were of public concern,” the filing said.", "filing"),
        ] {
            let q = run(text);
            let got = q.first().and_then(|q| q.speaker.as_deref()).unwrap_or("");
            assert!(got.ends_with(who), "{text}: {q:?}");
        }
    }

    #[test]
    fn she_is_not_a_man_the_document_calls_mr() {
        let q = run("Ana Ruiz, the mayor, watched the talks. “The talks failed,” said Mr. Ortega. “We will try again,” she said.");
        let d = direct(&q);
        assert_eq!(d.len(), 2, "{q:?}");
        assert_eq!(d[0].1, Some("Ortega"));
        assert_eq!(d[1].1, Some("Ana Ruiz"), "{q:?}");
        let q = run("“We held the line,” said Lt. Col. Ana Ruiz.");
        assert_eq!(direct(&q)[0].1, Some("Ana Ruiz"), "{q:?}");
    }

    #[test]
    fn pronoun_resolves_to_previous_speaker() {
        let q = run("“Sanctions failed,” wrote Lena Park in a column. Park worked at the Treasury under President George W. Bush.\n\n“They made it worse,” she added.");
        let d = direct(&q);
        assert_eq!(
            d[1],
            ("They made it worse,", Some("Lena Park"), Some("add"))
        );
    }

    #[test]
    fn pronoun_subject_before_quote() {
        let q =
            run("“It is gone,” Karl Jost told me. He called the deal “a bandage on a broken leg.”");
        let d = direct(&q);
        assert_eq!(d[1].1, Some("Karl Jost"));
        assert_eq!(d[1].2, Some("call"));
    }

    #[test]
    fn speaker_before_with_partial_quote() {
        let q = run("The minister, Omar Haddad mocked the offer as “barely enough for a week.” Then he left.");
        assert_eq!(direct(&q)[0].1, Some("Omar Haddad"));
        let q = run("Gen. Mark Stone, head of the Northern Command, said that he thought the goal was to “win ground in our region by any means.”");
        let d = direct(&q);
        assert_eq!(d[0].1, Some("Mark Stone"));
        assert_eq!(d[0].2, Some("say"));
    }

    #[test]
    fn according_to() {
        let q = run("According to Ruth Ames, “the deal is dead and everyone knows it.”");
        assert_eq!(direct(&q)[0].1, Some("Ruth Ames"));
        assert_eq!(direct(&q)[0].2, Some("according to"));
    }

    #[test]
    fn said_in_a_statement() {
        let q = run("“We reject the claims,” the ministry said in a statement.");
        assert_eq!(direct(&q)[0].1, Some("ministry"));
    }

    #[test]
    fn successive_paragraphs_same_speaker() {
        let text = "“The plan is dead,” Ivo Brandt said.\n\n“Nobody will revive it. Not this year, not next year.”\n\nThe market fell.";
        let qs = run(text);
        let d = direct(&qs);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].1, Some("Ivo Brandt"));
    }

    #[test]
    fn quote_running_into_next_paragraph() {
        let text =
            "“We were there first. We stayed for years.\n\n“Then they came,” said Rosa Vidal.";
        let qs = run(text);
        let d = direct(&qs);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].1, Some("Rosa Vidal"));
    }

    #[test]
    fn nested_and_straight_quotes() {
        let q = run("\"'Total war' has failed us, and we know it,\" said Omar Bakri.");
        let d = direct(&q);
        assert_eq!(d[0].0, "'Total war' has failed us, and we know it,");
        assert_eq!(d[0].1, Some("Omar Bakri"));
        let q = run("“‘Maximum pressure’ has failed us all along,” observed Lee Chan.");
        assert!(direct(&q)[0].0.starts_with("‘Maximum pressure’ has"));
    }

    #[test]
    fn scare_quotes_and_titles_are_not_speech() {
        let q =
            run("Officials keep calling the government in Lima the “former junta” in documents.");
        assert_eq!(q[0].kind, QuoteKind::Term);
        assert_eq!(q[0].speaker, None);
        let q = run("She wrote a book titled “The Long Road Home” in 2010.");
        assert_eq!(q[0].kind, QuoteKind::Title);
        let q = run("According to Dan Moss, three years of “maximum pressure” achieved nothing.");
        assert_eq!(
            q.iter()
                .find(|q| q.text == "maximum pressure")
                .unwrap()
                .kind,
            QuoteKind::Term
        );
    }

    #[test]
    fn indirect_claim() {
        let q = run("Defense Minister Carla Ruiz said that the border would reopen next week.");
        let ind: Vec<_> = q.iter().filter(|q| q.kind == QuoteKind::Indirect).collect();
        assert_eq!(ind.len(), 1);
        assert_eq!(ind[0].speaker.as_deref(), Some("Carla Ruiz"));
        assert_eq!(ind[0].text, "the border would reopen next week");
    }

    #[test]
    fn a_day_between_speaker_and_verb_is_not_the_speaker() {
        for text in [
            "President Carla Ruiz on Saturday said that the border would reopen.",
            "Carla Ruiz late Monday night said that the border would reopen.",
            "Carla Ruiz on Jan. 5 said that the border would reopen.",
            "Carla Ruiz on May 5 warned that the border would reopen.",
        ] {
            let q = run(text);
            assert_eq!(q.first().and_then(|q| q.speaker.as_deref()), Some("Carla Ruiz"), "{text}: {q:?}");
        }
        let q = run("Seoul, meanwhile, on Monday warned that “any provocative move” would be met.");
        assert_eq!(q.first().and_then(|q| q.speaker.as_deref()), Some("Seoul"), "{q:?}");
        let q = run("“The annex was defended,” said Sunday Maria Lopez, a spokeswoman.");
        assert_eq!(q.first().and_then(|q| q.speaker.as_deref()), Some("Maria Lopez"), "{q:?}");
    }

    #[test]
    fn parenthetical_attribution_claims_the_clause_before() {
        let q = run("The ferry left the port of Mersin on Sunday, officials in Ankara said, as prices rose.");
        let ind: Vec<_> = q.iter().filter(|q| q.kind == QuoteKind::Indirect).collect();
        assert_eq!(ind.len(), 1, "{q:?}");
        assert_eq!(ind[0].text, "The ferry left the port of Mersin on Sunday");
        assert_eq!(ind[0].verb.as_deref(), Some("say"));
        let q = run("The border will reopen next week, Carla Ruiz said.");
        let ind: Vec<_> = q.iter().filter(|q| q.kind == QuoteKind::Indirect).collect();
        assert_eq!(ind.len(), 1, "{q:?}");
        assert_eq!((ind[0].text.as_str(), ind[0].speaker.as_deref()), ("The border will reopen next week", Some("Carla Ruiz")));
        // Not a parenthetical: the verb takes an object.
        let q = run("Then, officials said the border would reopen.");
        assert!(q.iter().all(|q| !q.text.starts_with("Then")), "{q:?}");
    }

    #[test]
    fn indirect_claim_from_the_parse() {
        let text = "Ana Ruiz said he would resign soon.";
        let seg = sitrep_text::segment(text);
        assert_eq!(seg.tokens.len(), 8);
        let heads = [
            Some(1),
            Some(2),
            None,
            Some(5),
            Some(5),
            Some(2),
            Some(5),
            Some(2),
        ];
        let rels = [
            "flat", "nsubj", "root", "nsubj", "aux", "ccomp", "advmod", "punct",
        ];
        let parse = Parse {
            spans: seg.tokens.iter().map(|t| t.span).collect(),
            tokens: heads
                .iter()
                .zip(rels)
                .map(|(&head, deprel)| sitrep_nlp::TokenAnnotation {
                    head,
                    deprel,
                    ..Default::default()
                })
                .collect(),
            sentences: seg.sentences.clone(),
            entities: Vec::new(),
        };
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        let q = extract(&cx);
        let ind: Vec<_> = q.iter().filter(|q| q.kind == QuoteKind::Indirect).collect();
        assert_eq!(ind.len(), 1, "{q:?}");
        assert_eq!(ind[0].text, "he would resign soon");
        assert_eq!(ind[0].speaker.as_deref(), Some("Ana Ruiz"));
        // Without a parse there is no `that`, so no claim.
        let bare = Parse::default();
        let cx = Context {
            text,
            date: None,
            parse: &bare,
            entities: &[],
            excluded: &[],
        };
        assert!(extract(&cx).iter().all(|q| q.kind != QuoteKind::Indirect));
    }
}
