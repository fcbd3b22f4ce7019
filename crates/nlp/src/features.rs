//! Per-word string features shared by the tagger and the parser, computed once per sentence.

use crate::hash::{hash_str, mix};

/// Hashed views of one word.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordView {
    /// Lowercased form.
    pub lower: u64,
    /// Form as written.
    pub form: u64,
    /// Collapsed character-class shape (`Xx`, `d.d`, `X.X.`).
    pub shape: u64,
    /// Lowercased suffixes of 1..=4 characters (the whole word when shorter).
    pub suffix: [u64; 4],
    /// Lowercased prefixes of 1..=3 characters.
    pub prefix: [u64; 3],
    /// Bit flags: see [`flags`].
    pub flags: u64,
}

/// Word flags folded into [`WordView::flags`].
pub mod flags {
    pub const HAS_DIGIT: u64 = 1;
    pub const HAS_HYPHEN: u64 = 2;
    pub const ALL_UPPER: u64 = 4;
    pub const TITLE: u64 = 8;
    pub const HAS_UPPER: u64 = 16;
    pub const ALL_DIGIT: u64 = 32;
    pub const HAS_PERIOD: u64 = 64;
    pub const NON_ALNUM: u64 = 128;
    /// The word is in a title-case line ("Iran, Venezuela Stand Together To Defy The US"),
    /// where a capital says little about the word; set by [`mark_title_line`].
    pub const TITLE_LINE: u64 = 256;
}

/// Short function words that title-case headlines leave in lower case.
const HEADLINE_SMALL: &[&str] = &["a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "vs"];

/// More words some headline styles leave in lower case.
const HEADLINE_SMALL_MORE: &[&str] = &["from", "into", "nor", "off", "per", "so", "up", "via", "with", "yet", "n't"];

/// A word as a title-case headline writes it: capitalized unless it is a short function word not first.
pub fn headline_word(w: &str, first: bool) -> String {
    if !first && HEADLINE_SMALL.contains(&w) {
        return w.to_string();
    }
    let mut c = w.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        _ => w.to_string(),
    }
}

/// Whether a sentence is written in headline title case: after its first word, at least three
/// words start with a capital and none starts in lower case except short function words
/// (clitics such as "'s" start with no letter and do not count).
pub fn is_title_line(words: &[&str]) -> bool {
    let mut capitals = 0;
    for w in words.iter().skip(1) {
        match w.chars().next() {
            Some(c) if c.is_uppercase() => capitals += 1,
            Some(c) if c.is_lowercase() && !HEADLINE_SMALL.contains(w) && !HEADLINE_SMALL_MORE.contains(w) => return false,
            _ => {}
        }
    }
    capitals >= 3
}

/// Sets [`flags::TITLE_LINE`] on every view of a title-case line.
pub fn mark_title_line(words: &[&str], views: &mut [WordView]) {
    if is_title_line(words) {
        for v in views {
            v.flags |= flags::TITLE_LINE;
        }
    }
}

/// Lowercases `w` into `buf` (ASCII fast path).
pub fn lower_into(w: &str, buf: &mut String) {
    buf.clear();
    if w.is_ascii() {
        buf.push_str(w);
        buf.make_ascii_lowercase();
    } else {
        for c in w.chars() {
            buf.extend(c.to_lowercase());
        }
    }
}

impl WordView {
    /// Computes every view of `w`; `scratch` avoids allocation.
    pub fn new(w: &str, scratch: &mut String) -> WordView {
        lower_into(w, scratch);
        let lower = hash_str(scratch);
        let form = hash_str(w);
        // Char boundaries of the lowercased form, for affixes.
        let lw = scratch.as_str();
        let mut suffix = [0u64; 4];
        let mut prefix = [0u64; 3];
        let nchars = lw.chars().count();
        for (k, s) in suffix.iter_mut().enumerate() {
            let n = (k + 1).min(nchars);
            let start = lw.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
            *s = mix(hash_str(&lw[start..]), 1 + k as u64);
        }
        for (k, p) in prefix.iter_mut().enumerate() {
            let n = (k + 1).min(nchars);
            let end = lw.char_indices().nth(n).map_or(lw.len(), |(i, _)| i);
            *p = mix(hash_str(&lw[..end]), 11 + k as u64);
        }
        let mut f = 0u64;
        let mut shape: u64 = 0x51;
        let mut last = '\0';
        let mut reps = 0;
        let mut upper = 0;
        let mut alpha = 0;
        let mut digits = 0;
        for (i, c) in w.chars().enumerate() {
            let cls = if c.is_uppercase() {
                upper += 1;
                alpha += 1;
                'X'
            } else if c.is_alphabetic() {
                alpha += 1;
                'x'
            } else if c.is_ascii_digit() || c.is_numeric() {
                digits += 1;
                'd'
            } else {
                c
            };
            if i == 0 && cls == 'X' {
                f |= flags::TITLE;
            }
            match c {
                '-' => f |= flags::HAS_HYPHEN,
                '.' => f |= flags::HAS_PERIOD,
                _ => {}
            }
            if !c.is_alphanumeric() {
                f |= flags::NON_ALNUM;
            }
            if cls == last {
                reps += 1;
                if reps >= 2 {
                    continue;
                }
            } else {
                reps = 0;
            }
            last = cls;
            shape = mix(shape, cls as u64);
        }
        if digits > 0 {
            f |= flags::HAS_DIGIT;
            if digits == nchars {
                f |= flags::ALL_DIGIT;
            }
        }
        if upper > 0 {
            f |= flags::HAS_UPPER;
            if upper == alpha && alpha > 1 {
                f |= flags::ALL_UPPER;
            }
        }
        WordView { lower, form, shape, suffix, prefix, flags: f }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_lines_are_told_from_sentences_with_names() {
        let words = |s: &'static str| s.split(' ').collect::<Vec<&str>>();
        assert!(is_title_line(&words("Iran , Venezuela Stand Together To Defy The US")));
        assert!(is_title_line(&words("Lebanon Welcomes Turkish Wheat , Warns Aid Is Not Enough")));
        assert!(is_title_line(&words("Trump 's Foreign Policy Failure : Iran and Venezuela Stand Together")));
        assert!(!is_title_line(&words("Venezuelan President Nicolás Maduro thanked Iran")));
        assert!(!is_title_line(&words("Fed Raises Rates")), "three capitals after the first word are needed");
        assert_eq!(headline_word("stand", false), "Stand");
        assert_eq!(headline_word("the", false), "the");
        assert_eq!(headline_word("the", true), "The");
    }
}
