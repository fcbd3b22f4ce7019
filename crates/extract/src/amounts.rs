//! Numeric amounts: money, quantities and the object counted.
//!
//! A number (digits or words, scaled by `million` etc.) becomes an amount with
//! its currency (`$`, `€`, `dollars`, `US$`), approximation (`about`, `more
//! than`), range (`between $500 million and $700 million`, `10 to 15`), unit
//! (`barrels`, `percent`) and the object counted (`barrels of gasoline and
//! alkylate`). Years, ordinals, decades and numbers inside names are skipped.

use serde::{Deserialize, Serialize};
use sitrep_document::Span;

use crate::lex::{Kind, Prepared};
use crate::numbers::{self, Num};
use crate::{Context, DateMention};

/// A number with its unit, currency and counted object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    /// The value, scaled ("1.53 million" = 1530000); the lower bound of a range.
    pub value: f64,
    /// Upper bound of a range ("between $500 million and $700 million").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    pub unit: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// What is counted ("barrels of gasoline and alkylate").
    pub object: Option<String>,
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// Approximation marker ("about", "more than"), when present.
    pub approx: Option<String>,
}

/// Approximation markers, longest first.
const APPROX: &[&[&str]] = &[
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["at", "least"],
    &["at", "most"],
    &["up", "to"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["as", "few", "as"],
    &["an", "estimated"],
    &["close", "to"],
    &["upwards", "of"],
    &["in", "excess", "of"],
    &["nearly"],
    &["almost"],
    &["about"],
    &["around"],
    &["roughly"],
    &["approximately"],
    &["some"],
    &["over"],
    &["under"],
    &["below"],
    &["above"],
    &["estimated"],
    &["just"],
    &["only"],
    &["barely"],
    &["circa"],
    &["approx"],
];

const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("₽", "RUB"),
];

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("pounds", "GBP"),
    ("sterling", "GBP"),
    ("yen", "JPY"),
    ("yuan", "CNY"),
    ("renminbi", "CNY"),
    ("rupees", "INR"),
    ("rupee", "INR"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("rials", "IRR"),
    ("riyals", "SAR"),
    ("bolivars", "VES"),
    ("pesos", "MXN"),
    ("lira", "TRY"),
    ("francs", "CHF"),
    ("won", "KRW"),
    ("shekels", "ILS"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
];

/// Measure units: counted in, not counted (`barrels`, `percent`).
const MEASURES: &[&str] = &[
    "barrels",
    "barrel",
    "bpd",
    "tons",
    "tonnes",
    "ton",
    "tonne",
    "kilograms",
    "kg",
    "kilos",
    "pounds",
    "grams",
    "ounces",
    "percent",
    "per",
    "%",
    "kilometers",
    "kilometres",
    "km",
    "miles",
    "mile",
    "meters",
    "metres",
    "feet",
    "foot",
    "inches",
    "acres",
    "hectares",
    "liters",
    "litres",
    "gallons",
    "megawatts",
    "mw",
    "gigawatts",
    "cubic",
    "square",
    "points",
    "degrees",
    "mph",
    "knots",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
];

/// Words that end an object phrase.
const STOP: &[&str] = &[
    "to",
    "by",
    "in",
    "on",
    "at",
    "from",
    "for",
    "with",
    "that",
    "which",
    "who",
    "whom",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "than",
    "as",
    "into",
    "over",
    "after",
    "before",
    "since",
    "during",
    "while",
    "when",
    "where",
    "but",
    "or",
    "if",
    "because",
    "against",
    "across",
    "through",
    "a",
    "an",
    "the",
    "this",
    "these",
    "those",
    "it",
    "they",
    "he",
    "she",
    "we",
    "its",
    "their",
    "his",
    "her",
    "our",
    "each",
    "per",
    "and",
    "not",
    "also",
    "ago",
    "earlier",
    "later",
    "more",
    "less",
    "about",
    "under",
    "up",
    "out",
    "off",
    "between",
    "among",
    "around",
    "near",
    "last",
    "next",
    "according",
];

/// Finds the amounts of one document.
pub fn extract(cx: &Context<'_>) -> Vec<Amount> {
    let p = Prepared::new(cx);
    let dates = crate::dates::extract_prepared(cx, &p);
    extract_prepared(&p, &dates)
}

fn currency_before(p: &Prepared<'_>, i: usize) -> Option<(&'static str, usize)> {
    if i == 0 {
        return None;
    }
    let prev = p.w(i - 1);
    let sym = CURRENCY_SYMBOLS
        .iter()
        .find(|(s, _)| *s == prev)
        .map(|&(_, c)| c)?;
    // `US$`, `A$`, `C$`: a country prefix glued to the symbol.
    if i >= 2
        && p.words[i - 2].span.end == p.words[i - 1].span.start
        && p.words[i - 2].kind == Kind::Alpha
    {
        let code = match p.w(i - 2) {
            "US" | "U.S." => "USD",
            "A" | "AU" => "AUD",
            "C" | "CA" => "CAD",
            "NZ" => "NZD",
            "HK" => "HKD",
            "S" => "SGD",
            _ => sym,
        };
        return Some((code, i - 2));
    }
    Some((sym, i - 1))
}

fn approx_before(p: &Prepared<'_>, i: usize) -> Option<(String, usize)> {
    for pat in APPROX {
        let n = pat.len();
        if i >= n && (0..n).all(|k| p.l(i - n + k) == pat[k]) {
            return Some((pat.join(" "), i - n));
        }
    }
    None
}

/// True when the number is glued into a name or code (`Covid-19`, `F-35`, `G20`).
fn in_name(p: &Prepared<'_>, n: &Num) -> bool {
    let i = n.start;
    if i >= 2
        && p.punct(i - 1, '-')
        && p.words[i - 2].cap
        && p.words[i - 1].span.end == p.words[i].span.start
    {
        return true;
    }
    if i >= 1
        && p.words[i - 1].span.end == p.words[i].span.start
        && p.words[i - 1].kind == Kind::Alpha
    {
        return true;
    }
    // Clock times `10:30` and scores `3-1`.
    if p.punct(n.end, ':')
        && p.words
            .get(n.end + 1)
            .is_some_and(|w| w.kind == Kind::Number)
    {
        return true;
    }
    i >= 1 && p.punct(i - 1, ':') && i >= 2 && p.words[i - 2].kind == Kind::Number
}

pub(crate) fn extract_prepared(p: &Prepared<'_>, dates: &[DateMention]) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut d = 0;
    while i < p.words.len() {
        let Some(n) = numbers::at(p, i) else {
            i += 1;
            continue;
        };
        let span_n = Span::new(p.words[n.start].span.start, p.words[n.end - 1].span.end);
        while d < dates.len() && dates[d].span.end <= span_n.start {
            d += 1;
        }
        let in_date = dates
            .get(d)
            .is_some_and(|dm| dm.span.overlaps(span_n) && !dm.relative);
        // `one` counts only before a noun (`one person`), not in `one of`, `no one`, `one another`.
        let lone_one = n.end == n.start + 1
            && (p.is(n.start, "dozen")
                || (p.is(n.start, "one")
                    && (n.start > 0
                        && matches!(
                            p.l(n.start - 1),
                            "no" | "any" | "every" | "some" | "this" | "that" | "the"
                        )
                        || n.end >= p.words.len()
                        || p.words[n.end].kind != Kind::Alpha
                        || STOP.contains(&p.l(n.end))
                        || matches!(
                            p.l(n.end),
                            "of" | "another" | "day" | "thing" | "way" | "time"
                        ))));
        if in_date || n.ordinal || n.decade || in_name(p, &n) || lone_one {
            i = n.end;
            continue;
        }
        let mut start = n.start;
        let mut currency = None;
        if let Some((c, s)) = currency_before(p, start) {
            currency = Some(c);
            start = s;
        }
        // Bare integers shaped like years that the date finder did not take are still quantities.
        let mut approx = None;
        let mut value_max = None;
        let mut end = n.end;
        // Ranges: `between X and Y`, `from X to Y`, `X to Y`, `X-Y`.
        if start >= 1 && p.is(start - 1, "between") {
            if let Some(m) = second_bound(p, end, &["and"]) {
                value_max = Some(m.1.value);
                end = m.1.end;
                currency = currency.or(m.0);
                start -= 1;
                approx = Some("between".to_string());
            }
        } else if let Some(m) = second_bound(p, end, &["to", "-", "–", "and"]) {
            // `and` alone joins two amounts, not a range, unless after `between`.
            if !p.is(end, "and") {
                value_max = Some(m.1.value);
                end = m.1.end;
                currency = currency.or(m.0);
                if start >= 1 && p.is(start - 1, "from") {
                    start -= 1;
                }
            }
        }
        if approx.is_none() {
            if let Some((a, s)) = approx_before(p, start) {
                approx = Some(a);
                start = s;
            }
        }
        // Scale words after a currency amount in range bounds (`$500 million`) were handled by numbers::at.
        let mut value = n.value;
        let mut unit = None;
        let mut object = None;
        // Currency words after the number: `500 million dollars`, `$5bn`.
        if let Some(&(_, c)) = p
            .words
            .get(end)
            .and_then(|_| CURRENCY_WORDS.iter().find(|(w, _)| *w == p.l(end)))
        {
            if !(c == "GBP" && currency.is_none() && p.is(end + 1, "of")) {
                currency = Some(c);
                end += 1;
            }
        }
        if currency.is_none() {
            // `percent`, `per cent`, `%`
            if p.punct(end, '%') {
                unit = Some("percent".to_string());
                end += 1;
            } else if p.is(end, "per") && p.is(end + 1, "cent") {
                unit = Some("percent".to_string());
                end += 2;
            } else if end < p.words.len() && p.words[end].kind == Kind::Alpha {
                let (obj_end, obj) = object_phrase(p, end);
                if let Some(o) = obj {
                    let head = p.l(end);
                    if MEASURES.contains(&head) {
                        unit = Some(if head == "percent" {
                            "percent".into()
                        } else {
                            p.w(end).to_string()
                        });
                    }
                    object = Some(o);
                    end = obj_end;
                }
            }
        } else if p.is(end, "in") || p.is(end, "of") || p.is(end, "worth") {
            // `$5 billion in aid`, `$2m of arms`
            let (obj_end, obj) = object_phrase(p, end + 1);
            if let Some(o) = obj {
                object = Some(o);
                end = obj_end;
            }
        }
        // `gold bars worth $500 million`, `a contract valued at $2bn`: the thing priced comes first.
        if currency.is_some() && object.is_none() {
            object = priced_before(p, start);
        }
        // `dozens of people`
        if n.vague {
            if p.is(n.end, "of") {
                let (obj_end, obj) = object_phrase(p, n.end + 1);
                object = obj;
                end = obj_end.max(end);
            }
            if object.is_none() {
                i = n.end;
                continue;
            }
            approx = approx.or(Some(p.l(n.start).to_string()));
        }
        // A bare year-shaped integer with nothing counted is most likely a year the date rules did not cue.
        if n.bare_integer
            && (1900.0..=2100.0).contains(&value)
            && currency.is_none()
            && object.is_none()
            && unit.is_none()
        {
            i = n.end;
            continue;
        }
        if value.is_nan() {
            value = 0.0;
        }
        let span = Span::new(p.words[start].span.start, p.words[end - 1].span.end);
        out.push(Amount {
            value,
            value_max,
            unit,
            currency: currency.map(str::to_string),
            object,
            text: p.text[span.start..span.end].to_string(),
            span,
            approx,
        });
        i = end.max(n.end);
    }
    out
}

/// The second bound of a range after word `end`: (currency, number).
fn second_bound(
    p: &Prepared<'_>,
    end: usize,
    joiners: &[&str],
) -> Option<(Option<&'static str>, Num)> {
    let j = p.words.get(end)?;
    let jl = p.l(end);
    if !joiners.contains(&jl) {
        return None;
    }
    if matches!(jl, "-" | "–") && j.span.start != p.words[end - 1].span.end {
        return None;
    }
    let mut k = end + 1;
    let mut cur = None;
    if let Some(&(_, c)) = CURRENCY_SYMBOLS
        .iter()
        .find(|(s, _)| p.words.get(k).is_some_and(|_| p.w(k) == *s))
    {
        cur = Some(c);
        k += 1;
    }
    let m = numbers::at(p, k)?;
    if m.ordinal || m.vague {
        return None;
    }
    Some((cur, m))
}

/// The noun phrase a money amount at word `start` prices, when `worth` or `valued at` joins them.
fn priced_before(p: &Prepared<'_>, start: usize) -> Option<String> {
    let joint = if start >= 1 && p.is(start - 1, "worth") {
        start - 1
    } else if start >= 2 && p.is(start - 1, "at") && p.is(start - 2, "valued") {
        start - 2
    } else {
        return None;
    };
    // Up to three words back from the joint, stopping at punctuation, prepositions and verbs' auxiliaries.
    let mut first = joint;
    while first > 0 && joint - first < 3 {
        let k = first - 1;
        if p.words[k].kind != Kind::Alpha || STOP.contains(&p.l(k)) || matches!(p.l(k), "a" | "an" | "the" | "its" | "their" | "his" | "her") {
            break;
        }
        first = k;
    }
    (first < joint).then(|| p.text[p.words[first].span.start..p.words[joint - 1].span.end].to_string())
}

/// The noun phrase counted after a number: `barrels of gasoline and alkylate`, `attacks`.
fn object_phrase(p: &Prepared<'_>, start: usize) -> (usize, Option<String>) {
    let mut end = start;
    let mut saw_of = false;
    while end < p.words.len() && end < start + 6 {
        let w = &p.words[end];
        if w.kind != Kind::Alpha {
            // Hyphenated modifiers: `Iranian-backed`.
            if p.punct(end, '-')
                && end > start
                && end + 1 < p.words.len()
                && p.words[end + 1].kind == Kind::Alpha
            {
                end += 2;
                continue;
            }
            break;
        }
        let l = p.l(end);
        if l == "of" && end > start && !saw_of {
            saw_of = true;
            end += 1;
            continue;
        }
        if l == "and"
            && saw_of
            && end + 1 < p.words.len()
            && p.words[end + 1].kind == Kind::Alpha
            && !STOP.contains(&p.l(end + 1))
        {
            end += 1;
            continue;
        }
        if STOP.contains(&l) || l == "of" || l == "’s" || l == "'s" {
            break;
        }
        // Before `of`, the phrase ends at its head noun: a plural, or the first word
        // (`two men felt` → `men`, `20 Iranian soldiers` → `Iranian soldiers`).
        end += 1;
        if !saw_of
            && !p.is(end, "of")
            && (l.ends_with('s') || end - start >= 3 || !p.words[end - 1].cap)
        {
            break;
        }
    }
    // Drop a trailing `of`/`and`.
    while end > start && matches!(p.l(end - 1), "of" | "and" | "-") {
        end -= 1;
    }
    if end == start {
        return (start, None);
    }
    let s = p.words[start].span.start;
    let e = p.words[end - 1].span.end;
    (end, Some(p.text[s..e].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_nlp::Parse;

    fn run(text: &str) -> Vec<Amount> {
        let parse = Parse::default();
        let cx = Context {
            text,
            date: chrono::NaiveDate::from_ymd_opt(2020, 5, 29),
            parse: &parse,
            entities: &[],
            excluded: &[],
        };
        extract(&cx)
    }

    #[test]
    fn priced_object_before_worth() {
        let a = run("The government repaid Tehran with gold bars worth between $500 million and $700 million, reports said.");
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!((a[0].value, a[0].value_max, a[0].currency.as_deref()), (500e6, Some(700e6), Some("USD")));
        assert_eq!(a[0].object.as_deref(), Some("gold bars"));
        let a = run("They signed a contract valued at $2 billion.");
        assert_eq!(a[0].object.as_deref(), Some("contract"));
        let a = run("It is worth $5 million.");
        assert_eq!(a[0].object, None, "{a:?}");
    }

    #[test]
    fn scaled_with_object() {
        let a =
            run("Iran supplied about 1.53 million barrels of gasoline and alkylate to Venezuela.");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].value, 1_530_000.0);
        assert_eq!(a[0].unit.as_deref(), Some("barrels"));
        assert_eq!(
            a[0].object.as_deref(),
            Some("barrels of gasoline and alkylate")
        );
        assert_eq!(a[0].approx.as_deref(), Some("about"));
    }

    #[test]
    fn currency_range() {
        let a = run("Gold bars worth between $500 million and $700 million, according to reports.");
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].value, 5e8);
        assert_eq!(a[0].value_max, Some(7e8));
        assert_eq!(a[0].currency.as_deref(), Some("USD"));
        let a = run("It costs US$5bn and 300 million euros.");
        assert_eq!(a[0].value, 5e9);
        assert_eq!(a[1].currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn approximations_and_words() {
        let a = run("Forces faced more than 20 attacks by armed groups over three years.");
        assert_eq!(a[0].value, 20.0);
        assert_eq!(a[0].approx.as_deref(), Some("more than"));
        assert_eq!(a[0].object.as_deref(), Some("attacks"));
        assert_eq!(a[1].value, 3.0);
        assert_eq!(a[1].object.as_deref(), Some("years"));
        let a = run("Unemployment rose to 12.5 percent.");
        assert_eq!(a[0].unit.as_deref(), Some("percent"));
    }

    #[test]
    fn years_ordinals_and_names_are_not_amounts() {
        assert!(
            run("In 2006 the 21st summit opened; Covid-19 spread in the 1990s style.").is_empty()
        );
        assert!(run("One of them left in the second term.").is_empty());
    }
}
