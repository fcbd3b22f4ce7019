//! Token normalization: case and accent folding, and word shapes.

/// Lower-cases `s` and folds common Latin accented letters and typographic quotes to ASCII.
///
/// Dictionaries are upper-case ASCII ("NICOLAS_MADURO") while news text is
/// not ("Nicolás Maduro"); both must meet on the same key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a reused buffer (cleared first).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match fold_char(c) {
            Some(f) => out.push_str(f),
            None => out.extend(c.to_lowercase()),
        }
    }
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'Ā' | 'ā' | 'Ă'
        | 'ă' | 'Ą' | 'ą' => "a",
        'Æ' | 'æ' => "ae",
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => "c",
        'Ď' | 'ď' | 'Đ' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'è' | 'é' | 'ê' | 'ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě'
        | 'ě' => "e",
        'Ğ' | 'ğ' => "g",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'ì' | 'í' | 'î' | 'ï' | 'Ī' | 'ī' | 'İ' | 'ı' => "i",
        'Ł' | 'ł' => "l",
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ō' | 'ō' | 'Ő'
        | 'ő' => "o",
        'Œ' | 'œ' => "oe",
        'Ř' | 'ř' => "r",
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' => "s",
        'ß' => "ss",
        'Ť' | 'ť' | 'Ţ' | 'ţ' => "t",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'ù' | 'ú' | 'û' | 'ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => {
            "u"
        }
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => "y",
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => "z",
        '\u{2018}' | '\u{2019}' | '\u{02bc}' => "'",
        '\u{201c}' | '\u{201d}' => "\"",
        '\u{2013}' | '\u{2014}' => "-",
        _ => return None,
    })
}

/// The word shape into `out` (cleared first): `X` upper, `x` lower, `d` digit, other characters kept; runs longer than 3 shortened.
pub fn shape_into(s: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut run = 0;
    for c in s.chars() {
        let k = class(c);
        if k == last {
            run += 1;
            if run > 3 {
                continue;
            }
        } else {
            last = k;
            run = 1;
        }
        out.push(k);
    }
}

/// The word shape with every run collapsed to one character (`Xx`, `X.X.`, `d`), into `out` (cleared first).
pub fn short_shape_into(s: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    for c in s.chars() {
        let k = class(c);
        if k != last {
            out.push(k);
            last = k;
        }
    }
}

fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

/// Capitalization classes used by the features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// No letters.
    None,
    Lower,
    /// First letter upper, some lower (`Maduro`, `McDonald`).
    Title,
    /// All letters upper (`NATO`, `U.S.`).
    Upper,
    /// Starts lower, has upper (`iPhone`).
    Mixed,
}

/// The case class of a token.
pub fn case(s: &str) -> Case {
    let mut first: Option<bool> = None;
    let (mut up, mut low) = (0, 0);
    for c in s.chars() {
        if c.is_uppercase() {
            up += 1;
            first.get_or_insert(true);
        } else if c.is_lowercase() {
            low += 1;
            first.get_or_insert(false);
        }
    }
    match first {
        None => Case::None,
        Some(true) if low == 0 => Case::Upper,
        Some(true) => Case::Title,
        Some(false) if up == 0 => Case::Lower,
        Some(false) => Case::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_shapes() {
        let with = |f: fn(&str, &mut String), w: &str| {
            let mut out = String::from("left over");
            f(w, &mut out);
            out
        };
        let (shape, short_shape) = (|w| with(shape_into, w), |w| with(short_shape_into, w));
        assert_eq!(fold("Nicolás"), "nicolas");
        assert_eq!(fold("Chávez’s"), "chavez's");
        assert_eq!(shape("Maduro"), "Xxxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(short_shape("1,200"), "d,d");
        assert_eq!(case("NATO"), Case::Upper);
        assert_eq!(case("iPhone"), Case::Mixed);
        assert_eq!(case("McDonald"), Case::Title);
        assert_eq!(case("--"), Case::None);
    }
}
