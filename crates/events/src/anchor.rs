//! Dating events by the text: "in 2006", "last week", "on Monday" rather than the crawl date.
//!
//! This is a small, self-contained stand-in until `extract::dates` resolves
//! date expressions: when the date extractor supplies resolved
//! [`DateMention`]s they are used first, and this module's own recognizer is
//! only the fallback. An event takes, in order: a date expression in its own
//! clause; one elsewhere in its sentence; for a past-tense verb, the last
//! explicit past date of the preceding sentence of the same paragraph
//! ("... hosted the 2006 OPEC summit. Soon after, Chávez visited Tehran.");
//! else the document date.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use sitrep_extract::{DateMention, DateResolution};
use sitrep_nlp::Upos;

use crate::sentence::Sentence;
use crate::EventDate;

/// A date expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// Tokens `[first, last]` of the expression.
    pub first: usize,
    pub last: usize,
    pub date: NaiveDate,
    pub precision: DateResolution,
    pub text: String,
}

impl Anchor {
    fn iso(&self) -> String {
        match self.precision {
            DateResolution::Year => format!("{:04}", self.date.year()),
            DateResolution::Month => format!("{:04}-{:02}", self.date.year(), self.date.month()),
            DateResolution::Day | DateResolution::MonthDay => self.date.format("%Y-%m-%d").to_string(),
        }
    }
}

const MONTHS: [&str; 12] = ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("MONDAY", Weekday::Mon),
    ("TUESDAY", Weekday::Tue),
    ("WEDNESDAY", Weekday::Wed),
    ("THURSDAY", Weekday::Thu),
    ("FRIDAY", Weekday::Fri),
    ("SATURDAY", Weekday::Sat),
    ("SUNDAY", Weekday::Sun),
];

fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    if let Some(i) = MONTHS.iter().position(|m| *m == w) {
        return Some(i as u32 + 1);
    }
    const ABBR: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    if w == "SEPT" {
        return Some(9);
    }
    ABBR.iter().position(|a| !a.is_empty() && *a == w).map(|i| i as u32 + 1)
}

fn year(w: &str) -> Option<i32> {
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        if (1900..=2099).contains(&y) {
            return Some(y);
        }
    }
    None
}

fn day(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ',');
    let d: u32 = w.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn month_start(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// Finds the date expressions of a sentence, resolved against `doc_date`.
pub fn find(s: &Sentence, doc_date: Option<NaiveDate>) -> Vec<Anchor> {
    let n = s.len();
    let up = |i: usize| s.toks.get(i).map_or("", |t| t.up.as_str());
    let mut out: Vec<Anchor> = Vec::new();
    let mut used = vec![false; n];
    let push = |out: &mut Vec<Anchor>, used: &mut Vec<bool>, a: usize, b: usize, date: Option<NaiveDate>, p: DateResolution| {
        let Some(date) = date else { return };
        if (a..=b).any(|i| used[i]) {
            return;
        }
        for u in used.iter_mut().take(b + 1).skip(a) {
            *u = true;
        }
        let text = s.toks[a..=b].iter().map(|t| t.form.as_str()).collect::<Vec<_>>().join(" ");
        out.push(Anchor { first: a, last: b, date, precision: p, text });
    };
    for i in 0..n {
        if used[i] {
            continue;
        }
        let w = up(i);
        // May 5, 2019 / May 5 / May 2019
        if let Some(m) = month(w).filter(|_| s.toks[i].upos == Upos::Propn || s.toks[i].form.chars().next().is_some_and(char::is_uppercase)) {
            if w == "MAY" && s.toks[i].upos == Upos::Aux {
                continue;
            }
            if let Some(d) = day(up(i + 1)) {
                let yi = if up(i + 2) == "," { i + 3 } else { i + 2 };
                if let Some(y) = year(up(yi)) {
                    push(&mut out, &mut used, i, yi, NaiveDate::from_ymd_opt(y, m, d), DateResolution::Day);
                } else if let Some(dd) = doc_date {
                    let mut cand = NaiveDate::from_ymd_opt(dd.year(), m, d);
                    if cand.is_some_and(|c| c > dd + Duration::days(31)) {
                        cand = NaiveDate::from_ymd_opt(dd.year() - 1, m, d);
                    }
                    push(&mut out, &mut used, i, i + 1, cand, DateResolution::Day);
                }
                continue;
            }
            if let Some(y) = year(up(i + 1)) {
                push(&mut out, &mut used, i, i + 1, month_start(y, m), DateResolution::Month);
                continue;
            }
            if matches!(up(i.wrapping_sub(1)), "IN" | "LAST" | "SINCE" | "UNTIL") {
                if let Some(dd) = doc_date {
                    let y = if m > dd.month() || up(i.wrapping_sub(1)) == "LAST" && m >= dd.month() { dd.year() - 1 } else { dd.year() };
                    push(&mut out, &mut used, i, i, month_start(y, m), DateResolution::Month);
                }
            }
            continue;
        }
        if let Some(y) = year(w) {
            // A bare year: "in 2006", "the 2006 summit", "since 2013".
            if s.toks[i].upos == Upos::Num || s.toks[i].xpos == "CD" || s.toks[i].upos == Upos::Propn || s.toks[i].upos == Upos::Noun {
                push(&mut out, &mut used, i, i, NaiveDate::from_ymd_opt(y, 1, 1), DateResolution::Year);
            }
            continue;
        }
        let Some(dd) = doc_date else { continue };
        match w {
            "YESTERDAY" => push(&mut out, &mut used, i, i, Some(dd - Duration::days(1)), DateResolution::Day),
            "TODAY" | "TONIGHT" => push(&mut out, &mut used, i, i, Some(dd), DateResolution::Day),
            "TOMORROW" => push(&mut out, &mut used, i, i, Some(dd + Duration::days(1)), DateResolution::Day),
            "LAST" | "NEXT" | "THIS" => {
                let sign: i64 = match w {
                    "LAST" => -1,
                    "NEXT" => 1,
                    _ => 0,
                };
                match up(i + 1) {
                    "WEEK" => push(&mut out, &mut used, i, i + 1, Some(dd + Duration::days(7 * sign)), DateResolution::Day),
                    "NIGHT" if sign == -1 => push(&mut out, &mut used, i, i + 1, Some(dd - Duration::days(1)), DateResolution::Day),
                    "MONTH" => {
                        let total = dd.year() * 12 + dd.month0() as i32 + sign as i32;
                        push(&mut out, &mut used, i, i + 1, month_start(total.div_euclid(12), total.rem_euclid(12) as u32 + 1), DateResolution::Month);
                    }
                    "YEAR" => push(&mut out, &mut used, i, i + 1, NaiveDate::from_ymd_opt(dd.year() + sign as i32, 1, 1), DateResolution::Year),
                    other => {
                        if let Some((_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == other) {
                            push(&mut out, &mut used, i, i + 1, Some(weekday_before(dd, *wd, sign)), DateResolution::Day);
                        }
                    }
                }
            }
            other => {
                if let Some((_, wd)) = WEEKDAYS.iter().find(|(n, _)| *n == other) {
                    push(&mut out, &mut used, i, i, Some(weekday_before(dd, *wd, 0)), DateResolution::Day);
                }
            }
        }
    }
    out
}

/// The weekday `wd` nearest before (or on) `dd`; `sign` 1 looks forward, -1 skips this week.
fn weekday_before(dd: NaiveDate, wd: Weekday, sign: i64) -> NaiveDate {
    let diff = (dd.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64).rem_euclid(7);
    match sign {
        1 => dd + Duration::days((7 - diff) % 7),
        -1 if diff == 0 => dd - Duration::days(7),
        _ => dd - Duration::days(diff),
    }
}

/// The verb a token's clause belongs to.
fn governing_verb(s: &Sentence, t: usize) -> Option<usize> {
    let mut cur = s.toks[t].head;
    let mut steps = 0;
    while let Some(h) = cur {
        if s.toks[h].is_verbal() {
            return Some(h);
        }
        cur = s.toks[h].head;
        steps += 1;
        if steps > s.len() {
            break;
        }
    }
    None
}

/// Whether a date expression at token `t` may say when the event of `verb` happened.
///
/// A sentence's dates often belong to background clauses about one of its nouns: a relative
/// clause ("Gudkov, who was kicked out *in 2012*, said ...") or a past participle ("following a
/// law passed *in 1998*"). Walking up from the date, such a clause that does not contain the
/// event's verb rules the date out; reaching a clause that contains the verb, or the top, lets
/// it count. Adverbial clauses stay in: as often as not they set the time of the main clause
/// ("*When* Romney said in 2012 ...", "*Founded* in 1949, NATO brought together ...").
fn dates_event(s: &Sentence, t: usize, verb: usize) -> bool {
    let mut cur = s.toks[t].head;
    let mut steps = 0;
    while let Some(c) = cur {
        if s.dominates(c, verb) {
            return true;
        }
        let tok = &s.toks[c];
        // "a letter dated May 22" dates the letter's message, not a background fact.
        let background = tok.rel == "acl:relcl" || (tok.base_rel() == "acl" && matches!(tok.xpos, "VBN" | "VBD") && tok.up != "DATED");
        if background {
            return false;
        }
        cur = tok.head;
        steps += 1;
        if steps > s.len() {
            break;
        }
    }
    true
}

/// The anchor for an event whose verb is token `verb` of `s`.
///
/// `mentions` are the date extractor's resolved expressions; `previous` the anchors of the
/// preceding sentence of the same paragraph. Only expressions that say when this event
/// happened ([`dates_event`]) count: a sentence's dates often belong to another of its clauses.
pub fn choose(s: &Sentence, verb: usize, own: &[Anchor], mentions: &[DateMention], previous: &[Anchor], doc_date: Option<NaiveDate>) -> Option<EventDate> {
    // The extractor's mentions win when present.
    let sent = s.span_of(0, s.len().saturating_sub(1));
    let token_of = |m: &DateMention| (0..s.len()).find(|&i| s.toks[i].span.overlaps(m.span));
    let mut from_extractor: Vec<(&DateMention, usize)> = mentions
        .iter()
        .filter(|m| m.resolved.is_some() && m.span.overlaps(sent))
        .filter(|m| token_of(m).is_none_or(|t| dates_event(s, t, verb)))
        .map(|m| (m, m.span.start.abs_diff(s.toks[verb].span.start)))
        .collect();
    from_extractor.sort_by_key(|x| x.1);
    if let Some((m, _)) = from_extractor.first() {
        return Some(EventDate { date: m.resolved.clone().unwrap_or_default(), precision: m.resolution, source: "text".into(), expression: Some(m.text.clone()) });
    }
    let text = |a: &Anchor, how: &str| EventDate { date: a.iso(), precision: a.precision, source: how.into(), expression: Some(a.text.clone()) };
    if let Some(a) = own.iter().find(|a| governing_verb(s, a.first) == Some(verb)) {
        return Some(text(a, "text"));
    }
    if let Some(a) = own.iter().filter(|a| dates_event(s, a.first, verb)).min_by_key(|a| a.first.abs_diff(verb)) {
        return Some(text(a, "text"));
    }
    let past = matches!(s.toks[verb].xpos, "VBD" | "VBN");
    if past {
        if let Some(a) = previous.iter().rev().find(|a| doc_date.is_none_or(|d| a.date < d) && a.precision != DateResolution::Day) {
            return Some(text(a, "context"));
        }
    }
    doc_date.map(|d| EventDate { date: d.format("%Y-%m-%d").to_string(), precision: DateResolution::Day, source: "document".into(), expression: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(words: &[(&str, &str, &str)]) -> Sentence {
        let mut t = String::new();
        for (i, (w, u, x)) in words.iter().enumerate() {
            t.push_str(&format!("{}\t{w}\t{w}\t{u}\t{x}\t_\t{}\t{}\t_\t_\n", i + 1, if i == 1 { 0 } else { 2 }, if i == 1 { "root" } else { "dep" }));
        }
        t.push('\n');
        Sentence::from_conllu(&sitrep_conllu::parse_str(&t).unwrap()[0], 0)
    }

    #[test]
    fn years_months_and_relative_dates() {
        let d = NaiveDate::from_ymd_opt(2020, 5, 29);
        let s = sent(&[("Chávez", "PROPN", "NNP"), ("visited", "VERB", "VBD"), ("Tehran", "PROPN", "NNP"), ("in", "ADP", "IN"), ("2006", "NUM", "CD")]);
        let a = find(&s, d);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].iso(), "2006");
        let e = choose(&s, 1, &a, &[], &[], d).unwrap();
        assert_eq!((e.date.as_str(), e.source.as_str()), ("2006", "text"));
        let s = sent(&[("They", "PRON", "PRP"), ("met", "VERB", "VBD"), ("last", "ADJ", "JJ"), ("week", "NOUN", "NN")]);
        assert_eq!(find(&s, d)[0].iso(), "2020-05-22");
        let s = sent(&[("They", "PRON", "PRP"), ("met", "VERB", "VBD"), ("on", "ADP", "IN"), ("May", "PROPN", "NNP"), ("5", "NUM", "CD")]);
        assert_eq!(find(&s, d)[0].iso(), "2020-05-05");
        let s = sent(&[("They", "PRON", "PRP"), ("met", "VERB", "VBD"), ("on", "ADP", "IN"), ("Monday", "PROPN", "NNP")]);
        assert_eq!(find(&s, d)[0].iso(), "2020-05-25");
    }

    #[test]
    fn past_tense_inherits_the_previous_sentence_and_present_does_not() {
        let d = NaiveDate::from_ymd_opt(2020, 5, 29);
        let prev = find(&sent(&[("Venezuela", "PROPN", "NNP"), ("hosted", "VERB", "VBD"), ("the", "DET", "DT"), ("2006", "NUM", "CD"), ("summit", "NOUN", "NN")]), d);
        let s = sent(&[("Chávez", "PROPN", "NNP"), ("visited", "VERB", "VBD"), ("Tehran", "PROPN", "NNP")]);
        let e = choose(&s, 1, &[], &[], &prev, d).unwrap();
        assert_eq!((e.date.as_str(), e.source.as_str()), ("2006", "context"));
        let s = sent(&[("Iran", "PROPN", "NNP"), ("supplies", "VERB", "VBZ"), ("Venezuela", "PROPN", "NNP")]);
        let e = choose(&s, 1, &[], &[], &prev, d).unwrap();
        assert_eq!((e.date.as_str(), e.source.as_str()), ("2020-05-29", "document"));
    }
}
