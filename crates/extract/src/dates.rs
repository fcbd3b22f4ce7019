//! Date expressions, resolved against the document date.
//!
//! Absolute forms (`May 27, 2020`, `27 May`, `May 2020`, `in 2006`, `2020-05-27`,
//! `5/27/2020`) and relative ones (`yesterday`, `Wednesday`, `last week`,
//! `next month`, `three years ago`, `the next five months`, `earlier this year`)
//! are found on the lexed words. Relative expressions need the document date;
//! without one they are reported unresolved.
//!
//! The event coder dates an event by the text: [`anchor_for`] returns the date
//! mention of the sentence holding an event's span, closest to it.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use sitrep_document::Span;
use sitrep_nlp::Parse;

use crate::lex::{Kind, Prepared};
use crate::numbers;
use crate::Context;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateResolution {
    Year,
    Month,
    Day,
    /// Month and day with no year (GDELT resolution 4).
    MonthDay,
}

/// One date expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// ISO form at the given resolution: `2006`, `2020-05`, `2020-05-27`.
    pub resolved: Option<String>,
    pub resolution: DateResolution,
    /// True when the expression is relative to the document date (`last week`, `Wednesday`).
    #[serde(default)]
    pub relative: bool,
}

impl DateMention {
    /// The resolved date as a day (the first day of a month or year).
    pub fn first_day(&self) -> Option<NaiveDate> {
        let r = self.resolved.as_deref()?;
        match self.resolution {
            DateResolution::Year => NaiveDate::from_ymd_opt(r.parse().ok()?, 1, 1),
            DateResolution::Month => NaiveDate::parse_from_str(&format!("{r}-01"), "%Y-%m-%d").ok(),
            DateResolution::Day | DateResolution::MonthDay => {
                NaiveDate::parse_from_str(r, "%Y-%m-%d").ok()
            }
        }
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Whether lower-cased word `l` names a day of the week.
pub(crate) fn is_weekday(l: &str) -> bool {
    WEEKDAYS.iter().any(|(k, _)| *k == l)
}

/// Words before a bare year that make it a year (`in 2006`, `the 2006 summit`).
const YEAR_CUES: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "of",
    "the",
    "early",
    "late",
    "mid",
    "during",
    "before",
    "after",
    "around",
    "throughout",
    "between",
    "and",
    "to",
    "through",
    "circa",
    "year",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "fiscal",
    "fy",
    "in-",
];

pub(crate) fn month(w: &str) -> Option<u32> {
    MONTHS.iter().find(|(k, _)| *k == w).map(|&(_, m)| m)
}

/// Finds and resolves the date expressions of one document.
pub fn extract(cx: &Context<'_>) -> Vec<DateMention> {
    let p = Prepared::new(cx);
    extract_prepared(cx, &p)
}

struct Found {
    start: usize,
    end: usize,
    resolved: Option<String>,
    resolution: DateResolution,
    relative: bool,
}

pub(crate) fn extract_prepared(cx: &Context<'_>, p: &Prepared<'_>) -> Vec<DateMention> {
    let doc = cx.date;
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.words.len() {
        if !could_start(p, i) {
            i += 1;
            continue;
        }
        if let Some(f) = absolute(p, i, doc).or_else(|| relative(p, i, doc)) {
            let span = Span::new(p.words[f.start].span.start, p.words[f.end - 1].span.end);
            out.push(DateMention {
                text: p.text[span.start..span.end].to_string(),
                span,
                resolved: f.resolved,
                resolution: f.resolution,
                relative: f.relative,
            });
            i = f.end;
            continue;
        }
        i += 1;
    }
    out
}

/// Cheap filter: numbers, capitalized words and a few lowercase openers.
fn could_start(p: &Prepared<'_>, i: usize) -> bool {
    let w = &p.words[i];
    match w.kind {
        Kind::Number => true,
        Kind::Punct => false,
        Kind::Alpha => {
            w.cap
                || matches!(
                    p.l(i),
                    "today"
                        | "tonight"
                        | "yesterday"
                        | "tomorrow"
                        | "last"
                        | "next"
                        | "this"
                        | "past"
                )
                || numbers::at(p, i).is_some()
        }
    }
}

fn year_value(p: &Prepared<'_>, i: usize) -> Option<i32> {
    if i >= p.words.len() || p.words[i].kind != Kind::Number {
        return None;
    }
    let w = p.w(i);
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = w.parse().ok()?;
        if (1800..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

fn day_value(p: &Prepared<'_>, i: usize) -> Option<u32> {
    if i >= p.words.len() || p.words[i].kind != Kind::Number {
        return None;
    }
    let w = p.l(i);
    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if d.len() > 2 || !matches!(&w[d.len()..], "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: u32 = d.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

/// The year of a month-day with no year: the occurrence nearest the document date.
fn infer_year(doc: NaiveDate, m: u32, d: u32) -> Option<i32> {
    let y = doc.year();
    let cand = NaiveDate::from_ymd_opt(y, m, d)?;
    if cand > doc + Duration::days(60) {
        Some(y - 1)
    } else if cand < doc - Duration::days(300) {
        Some(y + 1)
    } else {
        Some(y)
    }
}

fn absolute(p: &Prepared<'_>, i: usize, doc: Option<NaiveDate>) -> Option<Found> {
    let w = &p.words[i];
    let l = p.l(i);
    // ISO `2020-05-27` is lexed as `2020` `-` `05` `-` `27`; `5/27/2020` as `5` `/` `27` `/` `2020`.
    if w.kind == Kind::Number && i + 4 < p.words.len() {
        let sep = p.w(i + 1);
        if (sep == "-" || sep == "/")
            && p.w(i + 3) == sep
            && p.words[i + 2].kind == Kind::Number
            && p.words[i + 4].kind == Kind::Number
        {
            let adjacent = (i..i + 4).all(|k| p.words[k].span.end == p.words[k + 1].span.start);
            if adjacent {
                let (a, b, c) = (p.w(i), p.w(i + 2), p.w(i + 4));
                let parsed = if a.len() == 4 {
                    NaiveDate::from_ymd_opt(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)
                } else if c.len() == 4 && sep == "/" {
                    // US order, as in American news.
                    NaiveDate::from_ymd_opt(c.parse().ok()?, a.parse().ok()?, b.parse().ok()?)
                } else {
                    None
                };
                if let Some(d) = parsed {
                    return Some(Found {
                        start: i,
                        end: i + 5,
                        resolved: Some(d.format("%Y-%m-%d").to_string()),
                        resolution: DateResolution::Day,
                        relative: false,
                    });
                }
            }
        }
    }
    // `May 27, 2020`, `May 27`, `May 2020`, `Sept. 3`
    if w.cap {
        if let Some(m) = month(l) {
            let mut j = i + 1;
            if p.punct(j, '.') {
                j += 1;
            }
            if let Some(d) = day_value(p, j) {
                let mut end = j + 1;
                let mut k = end;
                if p.punct(k, ',') {
                    k += 1;
                }
                if let Some(y) = year_value(p, k) {
                    end = k + 1;
                    return Some(Found {
                        start: i,
                        end,
                        resolved: ymd(y, m, d),
                        resolution: DateResolution::Day,
                        relative: false,
                    });
                }
                let resolved = doc
                    .and_then(|doc| infer_year(doc, m, d))
                    .and_then(|y| ymd(y, m, d));
                let _ = &mut end;
                return Some(Found {
                    start: i,
                    end,
                    resolved,
                    resolution: DateResolution::MonthDay,
                    relative: false,
                });
            }
            if let Some(y) = year_value(p, j) {
                return Some(Found {
                    start: i,
                    end: j + 1,
                    resolved: Some(format!("{y:04}-{m:02}")),
                    resolution: DateResolution::Month,
                    relative: false,
                });
            }
            // A bare month name: `in May`, `last March`, `early June`.
            let cue = i > 0
                && matches!(
                    p.l(i - 1),
                    "in" | "since"
                        | "until"
                        | "by"
                        | "early"
                        | "late"
                        | "mid"
                        | "last"
                        | "next"
                        | "this"
                        | "of"
                        | "from"
                        | "through"
                );
            if cue {
                let prev = p.l(i - 1);
                let start = if matches!(prev, "last" | "next" | "this") {
                    i - 1
                } else {
                    i
                };
                let resolved = doc.map(|doc| {
                    let y = match prev {
                        "last" => {
                            if m >= doc.month() {
                                doc.year() - 1
                            } else {
                                doc.year()
                            }
                        }
                        "next" => {
                            if m <= doc.month() {
                                doc.year() + 1
                            } else {
                                doc.year()
                            }
                        }
                        _ => {
                            if m > doc.month() + 1 {
                                doc.year() - 1
                            } else {
                                doc.year()
                            }
                        }
                    };
                    format!("{y:04}-{m:02}")
                });
                return Some(Found {
                    start,
                    end: i + 1,
                    resolved,
                    resolution: DateResolution::Month,
                    relative: true,
                });
            }
        }
    }
    // `27 May 2020`, `27 May`
    if let Some(d) = day_value(p, i) {
        if i + 1 < p.words.len() && p.words[i + 1].cap {
            if let Some(m) = month(p.l(i + 1)) {
                let mut end = i + 2;
                if let Some(y) = year_value(p, end) {
                    end += 1;
                    return Some(Found {
                        start: i,
                        end,
                        resolved: ymd(y, m, d),
                        resolution: DateResolution::Day,
                        relative: false,
                    });
                }
                let resolved = doc
                    .and_then(|doc| infer_year(doc, m, d))
                    .and_then(|y| ymd(y, m, d));
                return Some(Found {
                    start: i,
                    end,
                    resolved,
                    resolution: DateResolution::MonthDay,
                    relative: false,
                });
            }
        }
    }
    // A bare year after a cue: `in 2006`, `the 2006 OPEC summit`, `2013`-`2014`.
    if let Some(y) = year_value(p, i) {
        let prev = if i > 0 { p.l(i - 1) } else { "" };
        let next_is_unit = i + 1 < p.words.len() && is_counted_noun(p.l(i + 1));
        // A cue makes it certain; otherwise a year-shaped number is still a year unless it
        // counts something (`2000 troops`) or is money (`$2000`) or approximate (`about 2000`).
        let cued = YEAR_CUES.contains(&prev)
            || p.punct(i.wrapping_sub(1), '-')
            || p.punct(i.wrapping_sub(1), '(');
        let quantity = matches!(
            prev,
            "$" | "€"
                | "£"
                | "about"
                | "around"
                | "nearly"
                | "almost"
                | "than"
                | "some"
                | "approximately"
                | "roughly"
                | "least"
        );
        if (cued || (y >= 1950 && !quantity)) && !next_is_unit && !matches!(prev, "$" | "€" | "£")
        {
            return Some(Found {
                start: i,
                end: i + 1,
                resolved: Some(format!("{y:04}")),
                resolution: DateResolution::Year,
                relative: false,
            });
        }
    }
    None
}

/// Nouns that make a four-digit number a quantity, not a year (`2000 troops`).
fn is_counted_noun(l: &str) -> bool {
    matches!(
        l,
        "people"
            | "troops"
            | "soldiers"
            | "men"
            | "women"
            | "children"
            | "barrels"
            | "tons"
            | "tonnes"
            | "dollars"
            | "euros"
            | "pounds"
            | "votes"
            | "jobs"
            | "workers"
            | "residents"
            | "miles"
            | "kilometers"
            | "km"
            | "feet"
            | "meters"
            | "metres"
            | "homes"
            | "cases"
            | "deaths"
            | "refugees"
            | "migrants"
            | "protesters"
            | "percent"
            | "members"
            | "students"
            | "times"
            | "units"
            | "vehicles"
            | "acres"
            | "hectares"
    )
}

fn shift_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32))
    } else {
        d.checked_sub_months(Months::new((-n) as u32))
    }
}

fn relative(p: &Prepared<'_>, i: usize, doc: Option<NaiveDate>) -> Option<Found> {
    let l = p.l(i);
    let w = &p.words[i];
    let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let rel = |start, end, resolved, resolution| {
        Some(Found {
            start,
            end,
            resolved,
            resolution,
            relative: true,
        })
    };
    match l {
        "today" | "tonight" => return rel(i, i + 1, day(doc), DateResolution::Day),
        "yesterday" => {
            return rel(
                i,
                i + 1,
                day(doc.map(|d| d - Duration::days(1))),
                DateResolution::Day,
            )
        }
        "tomorrow" => {
            return rel(
                i,
                i + 1,
                day(doc.map(|d| d + Duration::days(1))),
                DateResolution::Day,
            )
        }
        _ => {}
    }
    // Weekdays: `Wednesday` is the most recent one (news reports the past); `next Wednesday` the coming one.
    if w.cap {
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(k, _)| *k == l) {
            let prev = if i > 0 { p.l(i - 1) } else { "" };
            let start = if matches!(prev, "last" | "next" | "this" | "on") && prev != "on" {
                i - 1
            } else {
                i
            };
            let resolved = doc.map(|doc| {
                let diff = (doc.weekday().num_days_from_monday() as i64
                    - wd.num_days_from_monday() as i64)
                    .rem_euclid(7);
                match prev {
                    "next" => doc + Duration::days(if diff == 0 { 7 } else { 7 - diff }),
                    "last" => doc - Duration::days(if diff == 0 { 7 } else { diff }),
                    _ => doc - Duration::days(diff),
                }
            });
            return rel(start, i + 1, day(resolved), DateResolution::Day);
        }
    }
    // `last week`, `next month`, `this year`, `earlier this month`
    if matches!(l, "last" | "next" | "this" | "past") && i + 1 < p.words.len() {
        let unit = p.l(i + 1);
        let dir: i64 = match l {
            "last" | "past" => -1,
            "next" => 1,
            _ => 0,
        };
        let start = if i > 0 && matches!(p.l(i - 1), "earlier" | "later") && l == "this" {
            i - 1
        } else {
            i
        };
        match unit {
            "week" | "weekend" => {
                return rel(
                    start,
                    i + 2,
                    day(doc.map(|d| d + Duration::days(7 * dir))),
                    DateResolution::Day,
                )
            }
            "month" => {
                let r = doc
                    .and_then(|d| shift_months(d, dir))
                    .map(|d| d.format("%Y-%m").to_string());
                return rel(start, i + 2, r, DateResolution::Month);
            }
            "year" => {
                return rel(
                    start,
                    i + 2,
                    doc.map(|d| format!("{:04}", d.year() as i64 + dir)),
                    DateResolution::Year,
                )
            }
            _ => {}
        }
        // `the next five months`, `the past two years`, `the last three weeks`
        if let Some(n) = numbers::at(p, i + 1) {
            if !n.ordinal && n.end < p.words.len() && n.value >= 1.0 && n.value <= 1000.0 {
                let u = p.l(n.end);
                let k = if dir == 0 { 1 } else { dir } * n.value as i64;
                let start = if i > 0 && p.is(i - 1, "the") {
                    i - 1
                } else {
                    i
                };
                let end = n.end + 1;
                match u {
                    "days" | "day" => {
                        return rel(
                            start,
                            end,
                            day(doc.map(|d| d + Duration::days(k))),
                            DateResolution::Day,
                        )
                    }
                    "weeks" | "week" => {
                        return rel(
                            start,
                            end,
                            day(doc.map(|d| d + Duration::days(7 * k))),
                            DateResolution::Day,
                        )
                    }
                    "months" | "month" => {
                        let r = doc
                            .and_then(|d| shift_months(d, k))
                            .map(|d| d.format("%Y-%m").to_string());
                        return rel(start, end, r, DateResolution::Month);
                    }
                    "years" | "year" => {
                        return rel(
                            start,
                            end,
                            doc.map(|d| format!("{:04}", d.year() as i64 + k)),
                            DateResolution::Year,
                        )
                    }
                    _ => {}
                }
            }
        }
    }
    // `three years ago`, `two days ago`
    if let Some(n) = numbers::at(p, i) {
        if !n.ordinal
            && !n.vague
            && n.end + 1 < p.words.len()
            && p.is(n.end + 1, "ago")
            && n.value <= 1000.0
        {
            let k = -(n.value as i64);
            let end = n.end + 2;
            match p.l(n.end) {
                "days" | "day" => {
                    return rel(
                        i,
                        end,
                        day(doc.map(|d| d + Duration::days(k))),
                        DateResolution::Day,
                    )
                }
                "weeks" | "week" => {
                    return rel(
                        i,
                        end,
                        day(doc.map(|d| d + Duration::days(7 * k))),
                        DateResolution::Day,
                    )
                }
                "months" | "month" => {
                    let r = doc
                        .and_then(|d| shift_months(d, k))
                        .map(|d| d.format("%Y-%m").to_string());
                    return rel(i, end, r, DateResolution::Month);
                }
                "years" | "year" => {
                    return rel(
                        i,
                        end,
                        doc.map(|d| format!("{:04}", d.year() as i64 + k)),
                        DateResolution::Year,
                    )
                }
                _ => {}
            }
        }
    }
    None
}

/// The date mentions inside `span` (e.g. a sentence), in text order.
pub fn dates_in_span(dates: &[DateMention], span: Span) -> impl Iterator<Item = &DateMention> {
    dates.iter().filter(move |d| span.contains(d.span))
}

/// The date that anchors an event whose words are `span`: the date mention of
/// the same parse sentence closest to the span, preferring one that follows the
/// verb's clause (`attacked … on Wednesday`) when equally close.
///
/// Returns `None` when the sentence names no date; the caller falls back to the
/// document date.
pub fn anchor_for<'d>(
    dates: &'d [DateMention],
    parse: &Parse,
    span: Span,
) -> Option<&'d DateMention> {
    let sentence = parse
        .sentences
        .iter()
        .find(|s| s.span.start <= span.start && span.start < s.span.end.max(s.span.start + 1))
        .map(|s| s.span)
        .unwrap_or(span);
    dates_in_span(dates, sentence)
        .filter(|d| d.resolved.is_some())
        .min_by_key(|d| {
            if d.span.start >= span.end {
                (d.span.start - span.end) * 2
            } else {
                (span.start.saturating_sub(d.span.end)) * 2 + 1
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, date: &str) -> Vec<(String, Option<String>, DateResolution)> {
        let parse = Parse::default();
        let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        let cx = Context {
            text,
            date: d,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        extract(&cx)
            .into_iter()
            .map(|m| (m.text, m.resolved, m.resolution))
            .collect()
    }

    fn one(text: &str) -> (String, Option<String>, DateResolution) {
        let mut v = run(text, "2020-05-29");
        assert_eq!(v.len(), 1, "{text}: {v:?}");
        v.remove(0)
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(
            one("It happened on May 27, 2020."),
            (
                "May 27, 2020".into(),
                Some("2020-05-27".into()),
                DateResolution::Day
            )
        );
        assert_eq!(
            one("Venezuela hosted the 2006 OPEC summit."),
            ("2006".into(), Some("2006".into()), DateResolution::Year)
        );
        assert_eq!(
            one("But in 2013, it waned."),
            ("2013".into(), Some("2013".into()), DateResolution::Year)
        );
        assert_eq!(
            one("Talks began in March 2019 in Oslo."),
            (
                "March 2019".into(),
                Some("2019-03".into()),
                DateResolution::Month
            )
        );
        assert_eq!(
            one("He arrived on 3 May."),
            (
                "3 May".into(),
                Some("2020-05-03".into()),
                DateResolution::MonthDay
            )
        );
        assert_eq!(
            one("Filed 2020-01-15 in court."),
            (
                "2020-01-15".into(),
                Some("2020-01-15".into()),
                DateResolution::Day
            )
        );
        assert_eq!(run("He sent 2000 troops.", "2020-05-29").len(), 0);
        assert_eq!(run("You may go.", "2020-05-29").len(), 0);
    }

    #[test]
    fn relative_dates() {
        // 2020-05-29 is a Friday.
        assert_eq!(
            one("Officials met on Wednesday."),
            (
                "Wednesday".into(),
                Some("2020-05-27".into()),
                DateResolution::Day
            )
        );
        assert_eq!(
            one("He left last week."),
            (
                "last week".into(),
                Some("2020-05-22".into()),
                DateResolution::Day
            )
        );
        assert_eq!(
            one("It grew last year."),
            (
                "last year".into(),
                Some("2019".into()),
                DateResolution::Year
            )
        );
        assert_eq!(
            one("Endure it for the next five months."),
            (
                "the next five months".into(),
                Some("2020-10".into()),
                DateResolution::Month
            )
        );
        assert_eq!(
            one("He was elected three years ago."),
            (
                "three years ago".into(),
                Some("2017".into()),
                DateResolution::Year
            )
        );
        assert_eq!(
            one("The vote is next Tuesday."),
            (
                "next Tuesday".into(),
                Some("2020-06-02".into()),
                DateResolution::Day
            )
        );
        assert_eq!(
            one("Prices rose yesterday."),
            (
                "yesterday".into(),
                Some("2020-05-28".into()),
                DateResolution::Day
            )
        );
        let undated = run("He left last week.", "");
        assert_eq!(undated[0].1, None);
    }

    #[test]
    fn anchor_picks_the_sentence_date() {
        let text = "Troops attacked the town on Wednesday. Talks resumed in 2019.";
        let parse = Parse {
            sentences: vec![
                sitrep_text::Sentence {
                    span: Span::new(0, 38),
                    tokens: 0..0,
                    excluded: false,
                },
                sitrep_text::Sentence {
                    span: Span::new(39, 61),
                    tokens: 0..0,
                    excluded: false,
                },
            ],
            ..Default::default()
        };
        let d = NaiveDate::from_ymd_opt(2020, 5, 29);
        let cx = Context {
            text,
            date: d,
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        let dates = extract(&cx);
        let a = anchor_for(&dates, &parse, Span::new(7, 15)).unwrap();
        assert_eq!(a.resolved.as_deref(), Some("2020-05-27"));
        let b = anchor_for(&dates, &parse, Span::new(45, 52)).unwrap();
        assert_eq!(b.resolved.as_deref(), Some("2019"));
    }
}
