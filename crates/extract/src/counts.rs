//! GDELT-style counts: killed, wounded, arrested, kidnapped, protesters, displaced.
//!
//! A count is a number tied to a count keyword in the same sentence, in one of
//! the shapes news uses: `12 soldiers were killed`, `killing at least 12`,
//! `12 dead`, `the death toll rose to 50`, `3,000 protesters`. The nearest
//! geocoded place of the sentence (else of the paragraph before it) is attached,
//! as GDELT does.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::lex::{Kind, Prepared};
use crate::numbers;
use crate::{Context, Location};

/// One count (`KILL 12 soldiers`), with the nearest place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// GDELT count type (KILL, WOUND, ARREST, KIDNAP, PROTEST, DISPLACED, ...).
    pub count_type: String,
    pub number: f64,
    pub object: Option<String>,
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Index into the document's locations.
    pub location: Option<usize>,
}

/// Keyword → count type. Keywords after the number (`were killed`) or before it (`killing 12`).
const KEYWORDS: &[(&str, &str)] = &[
    ("killed", "KILL"),
    ("killing", "KILL"),
    ("kill", "KILL"),
    ("dead", "KILL"),
    ("died", "KILL"),
    ("deaths", "KILL"),
    ("dies", "KILL"),
    ("slain", "KILL"),
    ("fatalities", "KILL"),
    ("murdered", "KILL"),
    ("massacred", "KILL"),
    ("executed", "KILL"),
    ("toll", "KILL"),
    ("lives", "KILL"),
    ("bodies", "KILL"),
    ("shot", "KILL"),
    ("wounded", "WOUND"),
    ("wounding", "WOUND"),
    ("injured", "WOUND"),
    ("injuring", "WOUND"),
    ("injuries", "WOUND"),
    ("hurt", "WOUND"),
    ("hospitalized", "WOUND"),
    ("hospitalised", "WOUND"),
    ("arrested", "ARREST"),
    ("arresting", "ARREST"),
    ("arrests", "ARREST"),
    ("detained", "ARREST"),
    ("detaining", "ARREST"),
    ("jailed", "ARREST"),
    ("imprisoned", "ARREST"),
    ("detainees", "ARREST"),
    ("custody", "ARREST"),
    ("convicted", "ARREST"),
    ("sentenced", "ARREST"),
    ("kidnapped", "KIDNAP"),
    ("kidnapping", "KIDNAP"),
    ("abducted", "KIDNAP"),
    ("abducting", "KIDNAP"),
    ("hostages", "KIDNAP"),
    ("hostage", "KIDNAP"),
    ("captives", "KIDNAP"),
    ("protesters", "PROTEST"),
    ("protestors", "PROTEST"),
    ("demonstrators", "PROTEST"),
    ("marchers", "PROTEST"),
    ("protested", "PROTEST"),
    ("rallied", "PROTEST"),
    ("marched", "PROTEST"),
    ("strikers", "PROTEST"),
    ("displaced", "DISPLACED"),
    ("refugees", "DISPLACED"),
    ("fled", "DISPLACED"),
    ("homeless", "DISPLACED"),
    ("evacuated", "EVACUATION"),
    ("evacuees", "EVACUATION"),
    ("evacuating", "EVACUATION"),
    ("affected", "AFFECT"),
    ("stranded", "AFFECT"),
    ("trapped", "AFFECT"),
    ("missing", "AFFECT"),
    ("seized", "SEIZE"),
    ("confiscated", "SEIZE"),
    ("sickened", "SICKENED"),
    ("infected", "SICKENED"),
    ("sick", "SICKENED"),
];

/// Objects that can be counted for each type (person nouns, mostly).
fn countable(l: &str) -> bool {
    matches!(
        l,
        "people"
            | "persons"
            | "person"
            | "civilians"
            | "civilian"
            | "soldiers"
            | "soldier"
            | "troops"
            | "police"
            | "policemen"
            | "officers"
            | "militants"
            | "fighters"
            | "rebels"
            | "insurgents"
            | "children"
            | "women"
            | "men"
            | "students"
            | "protesters"
            | "protestors"
            | "demonstrators"
            | "workers"
            | "residents"
            | "villagers"
            | "passengers"
            | "migrants"
            | "refugees"
            | "journalists"
            | "activists"
            | "members"
            | "others"
            | "pilgrims"
            | "prisoners"
            | "suspects"
            | "hostages"
            | "tourists"
            | "miners"
            | "patients"
            | "staff"
            | "employees"
            | "guards"
            | "personnel"
            | "sailors"
            | "marines"
            | "americans"
            | "iranians"
            | "israelis"
            | "palestinians"
            | "afghans"
            | "iraqis"
            | "syrians"
            | "individuals"
            | "families"
            | "households"
            | "homes"
            | "cases"
            | "victims"
            | "inmates"
            | "fishermen"
            | "crew"
            | "nationals"
    )
}

fn keyword(l: &str) -> Option<&'static str> {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| KEYWORDS.iter().copied().collect())
        .get(l)
        .copied()
}

/// Finds the counts of one document.
pub fn extract(cx: &Context<'_>, locations: &[Location]) -> Vec<Count> {
    let p = Prepared::new(cx);
    extract_prepared(&p, locations)
}

pub(crate) fn extract_prepared(p: &Prepared<'_>, locations: &[Location]) -> Vec<Count> {
    let mut out = Vec::new();
    for (si, s) in p.sentences.iter().enumerate() {
        let mut i = s.start;
        while i < s.end {
            let Some(n) = numbers::at(p, i) else {
                i += 1;
                continue;
            };
            if n.ordinal || n.decade || (n.bare_integer && (1900.0..=2100.0).contains(&n.value)) {
                i = n.end;
                continue;
            }
            if let Some((ty, obj, end)) = classify(p, n.start, n.end, s.clone()) {
                let start = n.start;
                let end = end.max(n.end);
                let span = Span::new(p.words[start].span.start, p.words[end - 1].span.end);
                let location = nearest_location(p, si, span, locations);
                out.push(Count {
                    count_type: ty.to_string(),
                    number: n.value,
                    object: obj,
                    text: p.text[span.start..span.end].to_string(),
                    span,
                    location,
                });
            }
            i = n.end;
        }
    }
    out
}

/// The count type, object and end word of the number at `[start, end)`.
fn classify(
    p: &Prepared<'_>,
    start: usize,
    end: usize,
    s: std::ops::Range<usize>,
) -> Option<(&'static str, Option<String>, usize)> {
    // Object: up to 3 words after the number (`people`, `Iranian soldiers`, `of them`).
    let mut j = end;
    if p.is(j, "of") {
        j += 1;
    }
    let mut object = None;
    let mut obj_end = end;
    let mut default = None;
    let mut k = j;
    while k < s.end && k < j + 3 && p.words[k].kind == Kind::Alpha {
        let l = p.l(k);
        if let Some(t) = keyword(l) {
            // `3,000 protesters`, `12 hostages`: the object is the keyword itself, and
            // the type unless a verb says otherwise (`arrested 200 protesters`).
            if matches!(t, "PROTEST" | "KIDNAP" | "DISPLACED")
                && l.ends_with('s')
                && !l.ends_with("ed")
            {
                default = Some(t);
                object = Some(p.text[p.words[j].span.start..p.words[k].span.end].to_string());
                obj_end = k + 1;
                break;
            }
            if k == j
                && matches!(
                    l,
                    "dead"
                        | "deaths"
                        | "fatalities"
                        | "injuries"
                        | "arrests"
                        | "detainees"
                        | "bodies"
                )
            {
                return Some((t, None, k + 1));
            }
        }
        if countable(l) {
            object = Some(p.text[p.words[j].span.start..p.words[k].span.end].to_string());
            obj_end = k + 1;
            break;
        }
        k += 1;
    }
    // After: `12 people were killed`, `12 soldiers died`, `leaving 5 dead`.
    let after_start = obj_end;
    for k in after_start..(after_start + 5).min(s.end) {
        let l = p.l(k);
        if p.words[k].kind == Kind::Punct && !p.punct(k, '-') {
            break;
        }
        if let Some(t) = keyword(l) {
            if object.is_some() || k == after_start {
                return Some((t, object, k + 1));
            }
        }
        if !matches!(
            l,
            "were"
                | "was"
                | "have"
                | "had"
                | "has"
                | "been"
                | "are"
                | "reportedly"
                | "also"
                | "later"
                | "being"
                | "got"
                | "people"
                | "who"
        ) {
            break;
        }
    }
    // Before: `killing at least 12 people`, `the death toll rose to 50`, `arrested 30`.
    let mut k = start;
    let floor = s.start.max(start.saturating_sub(6));
    while k > floor {
        k -= 1;
        let l = p.l(k);
        if let Some(t) = keyword(l) {
            // A passive keyword before the number needs an object after it (`killed 12 people`)
            // or a toll (`death toll … to 50`).
            if object.is_some()
                || l == "toll"
                || matches!(
                    l,
                    "killing" | "wounding" | "injuring" | "arresting" | "detaining" | "abducting"
                )
            {
                return Some((t, object, obj_end));
            }
            break;
        }
        if p.words[k].kind == Kind::Punct {
            break;
        }
    }
    default.map(|t| (t, object, obj_end))
}

fn nearest_location(
    p: &Prepared<'_>,
    si: usize,
    span: Span,
    locations: &[Location],
) -> Option<usize> {
    let sent = p.sentence_span(si);
    let in_sentence = locations
        .iter()
        .enumerate()
        .filter(|(_, l)| sent.contains(l.span))
        .min_by_key(|(_, l)| {
            if l.span.start >= span.end {
                l.span.start - span.end
            } else {
                span.start - l.span.end.min(span.start)
            }
        });
    if let Some((i, _)) = in_sentence {
        return Some(i);
    }
    // Else the last place named before it in the same paragraph.
    let par = p.paragraph_of(p.sentences[si].start);
    let pr = &p.paragraphs[par];
    let pstart = p.words[pr.start].span.start;
    locations
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| l.span.end <= span.start && l.span.start >= pstart)
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Parse;

    fn run(text: &str) -> Vec<(String, f64, Option<String>)> {
        let parse = Parse::default();
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        extract(&cx, &[])
            .into_iter()
            .map(|c| (c.count_type, c.number, c.object))
            .collect()
    }

    #[test]
    fn count_shapes() {
        assert_eq!(
            run("At least 12 soldiers were killed near the border."),
            vec![("KILL".into(), 12.0, Some("soldiers".into()))]
        );
        assert_eq!(
            run("The blast killed 30 people and wounded 45 others."),
            vec![
                ("KILL".into(), 30.0, Some("people".into())),
                ("WOUND".into(), 45.0, Some("others".into())),
            ]
        );
        assert_eq!(
            run("Police arrested 200 protesters on Sunday.")[0].0,
            "ARREST"
        );
        assert_eq!(
            run("About 3,000 protesters marched."),
            vec![("PROTEST".into(), 3000.0, Some("protesters".into()))]
        );
        assert_eq!(
            run("The death toll rose to 50."),
            vec![("KILL".into(), 50.0, None)]
        );
        assert_eq!(
            run("Gunmen abducted 14 students from a school.")[0].0,
            "KIDNAP"
        );
        assert_eq!(
            run("The floods displaced 20,000 residents.")[0].0,
            "DISPLACED"
        );
    }

    #[test]
    fn plain_numbers_are_not_counts() {
        assert!(run("Iran supplied 1.53 million barrels of gasoline.").is_empty());
        assert!(run("US forces faced more than 20 attacks by Iranian backed groups.").is_empty());
    }

    #[test]
    fn nearest_place_of_the_sentence() {
        let text = "Fighting in Aleppo went on. In Homs, 12 soldiers were killed near Hama.";
        let loc = |name: &str| {
            let start = text.find(name).unwrap();
            Location {
                text: name.into(),
                span: Span::new(start, start + name.len()),
                name: name.into(),
                geo_type: 4,
                country_code: "SY".into(),
                adm1: String::new(),
                adm2: String::new(),
                lat: 0.0,
                lon: 0.0,
                geonames_id: None,
                feature_id: String::new(),
                demonym: false,
            }
        };
        let locations = [loc("Aleppo"), loc("Homs"), loc("Hama")];
        let parse = Parse::default();
        let cx = Context {
            text,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        let c = extract(&cx, &locations);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].location, Some(1), "Homs is nearest in the sentence");
        let text2 = "Troops entered Idlib on Monday.\nAt least 7 people died.";
        let cx = Context {
            text: text2,
            date: None,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        assert_eq!(extract(&cx, &locations[..0])[0].location, None);
    }
}
