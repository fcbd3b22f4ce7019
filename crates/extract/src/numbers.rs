//! Numbers written in digits or words, with scale words (`1.53 million`, `twenty-one`, `$5bn`).

use crate::lex::{Kind, Prepared};

/// A number spanning words `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Num {
    pub value: f64,
    pub start: usize,
    pub end: usize,
    /// `21st`, `second`: a rank, not a quantity.
    pub ordinal: bool,
    /// `1990s`: a decade.
    pub decade: bool,
    /// Written with digits only, no separators or scale (`2006`): could be a year.
    pub bare_integer: bool,
    /// A vague plural (`dozens`, `hundreds`, `thousands`): the value is the unit.
    pub vague: bool,
}

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 100.0),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
    ("mln", 1e6),
    ("bln", 1e9),
    ("bn", 1e9),
    ("tn", 1e12),
    ("k", 1e3),
    ("m", 1e6),
];

const VAGUE: &[(&str, f64)] = &[
    ("dozens", 12.0),
    ("scores", 20.0),
    ("hundreds", 100.0),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
];

const ORDINALS: &[&str] = &[
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "twentieth",
    "hundredth",
    "thousandth",
];

fn unit(w: &str) -> Option<f64> {
    UNITS.iter().find(|(k, _)| *k == w).map(|&(_, v)| v)
}

/// A scale word (`million`); `m` and `k` only right after digits.
fn scale(w: &str, after_digits: bool) -> Option<f64> {
    if !after_digits && matches!(w, "m" | "k" | "bn" | "tn" | "mln" | "bln") {
        return None;
    }
    SCALES.iter().find(|(k, _)| *k == w).map(|&(_, v)| v)
}

/// True when word `i` is an ordinal word (`second`).
pub(crate) fn is_ordinal_word(w: &str) -> bool {
    ORDINALS.contains(&w)
}

/// Parses digits with separators and an optional letter suffix.
fn digits(w: &str) -> Option<(f64, &str)> {
    let split = w.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(w.len());
    let (num, suffix) = w.split_at(split);
    let clean: String = num.chars().filter(|&c| c != ',').collect();
    clean.parse::<f64>().ok().map(|v| (v, suffix))
}

/// True when a word can open a written-out number (cheap filter before the table scans).
fn could_start(l: &str) -> bool {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut s: rustc_hash::FxHashSet<&'static str> = UNITS.iter().map(|(k, _)| *k).collect();
        s.extend(VAGUE.iter().map(|(k, _)| *k));
        s.extend(["a", "an"]);
        s
    })
    .contains(l)
}

/// Reads the number starting at word `i`, if any.
pub(crate) fn at(p: &Prepared<'_>, i: usize) -> Option<Num> {
    let w = p.words.get(i)?;
    let l = p.l(i);
    if w.kind == Kind::Number {
        let (mut v, suffix) = digits(l)?;
        let mut end = i + 1;
        let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th");
        let decade = suffix == "s";
        let mut bare = suffix.is_empty() && !l.contains(',') && !l.contains('.');
        if let Some(s) = scale(suffix, true) {
            v *= s;
            bare = false;
        }
        if suffix.is_empty() {
            // `1.53 million`, `5 billion`
            while end < p.words.len() {
                match scale(p.l(end), false) {
                    Some(s) if s > 1.0 => {
                        v *= s;
                        end += 1;
                        bare = false;
                    }
                    _ => break,
                }
            }
        }
        return Some(Num {
            value: v,
            start: i,
            end,
            ordinal,
            decade,
            bare_integer: bare,
            vague: false,
        });
    }
    if w.kind != Kind::Alpha || !could_start(l) {
        return None;
    }
    if let Some(&(_, v)) = VAGUE.iter().find(|(k, _)| *k == l) {
        return Some(Num {
            value: v,
            start: i,
            end: i + 1,
            ordinal: false,
            decade: false,
            bare_integer: false,
            vague: true,
        });
    }
    if is_ordinal_word(l) {
        return None;
    }
    // Words: `twenty-one`, `three hundred and twenty`, `a million`, `two thousand`.
    let mut total = 0.0;
    let mut current = 0.0;
    let mut end = i;
    let mut any = false;
    let mut j = i;
    if matches!(l, "a" | "an")
        && j + 1 < p.words.len()
        && scale(p.l(j + 1), false).is_some_and(|s| s >= 100.0)
    {
        current = 1.0;
        j += 1;
    }
    while j < p.words.len() {
        let lj = p.l(j);
        if let Some(u) = unit(lj) {
            if any && current % 100.0 >= 10.0 && u >= 10.0 {
                break;
            }
            current += u;
            any = true;
            j += 1;
            end = j;
            // `twenty-one`
            if p.punct(j, '-')
                && j + 1 < p.words.len()
                && unit(p.l(j + 1)).is_some_and(|u2| u2 < 10.0)
                && u >= 20.0
            {
                current += unit(p.l(j + 1)).unwrap_or(0.0);
                j += 2;
                end = j;
            }
            continue;
        }
        if let Some(s) = scale(lj, false) {
            if !any && current == 0.0 {
                break;
            }
            if s == 100.0 {
                current *= 100.0;
            } else {
                total += current * s;
                current = 0.0;
            }
            any = true;
            j += 1;
            end = j;
            continue;
        }
        if lj == "and"
            && any
            && j + 1 < p.words.len()
            && unit(p.l(j + 1)).is_some()
            && current >= 100.0
        {
            j += 1;
            continue;
        }
        break;
    }
    if !any {
        return None;
    }
    // Digits after `and` were not taken; `end` is the last number word.
    Some(Num {
        value: total + current,
        start: i,
        end,
        ordinal: false,
        decade: false,
        bare_integer: false,
        vague: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(text: &str) -> Option<(f64, usize)> {
        let p = Prepared::from_text(text);
        at(&p, 0).map(|n| (n.value, n.end))
    }

    #[test]
    fn digits_words_scales() {
        assert_eq!(num("1.53 million barrels"), Some((1_530_000.0, 2)));
        assert_eq!(num("20,000 people"), Some((20_000.0, 1)));
        assert_eq!(num("5bn euros"), Some((5e9, 1)));
        assert_eq!(num("twenty-one soldiers"), Some((21.0, 3)));
        assert_eq!(num("three hundred and twenty men"), Some((320.0, 4)));
        assert_eq!(num("a million people"), Some((1e6, 2)));
        assert_eq!(num("two thousand five hundred"), Some((2500.0, 4)));
        assert_eq!(num("five months"), Some((5.0, 1)));
        assert_eq!(num("second term"), None);
    }
}
