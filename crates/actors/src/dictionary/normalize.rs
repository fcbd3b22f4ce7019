//! Word normalization shared by dictionary phrases and text tokens.
//!
//! Dictionaries and tokenizers disagree on where words end ("U.S." is one
//! token for one tokenizer and four for another; "AL-QAEDA" is one dictionary
//! word, "al - Qaeda" three UD tokens). Both sides are therefore cut into the
//! same *pieces*: runs of letters and digits, and single punctuation marks.
//! Pieces are upper-cased and folded to ASCII ("Nicolás" → "NICOLAS") so that
//! a phrase matches whatever tokenization the text went through.

/// Calls `f(piece, has_upper)` for each normalized piece of `word`.
///
/// `has_upper` tells whether the piece as written contained an upper-case
/// letter or a digit (used to keep lower-case "us" from matching "US").
/// `buf` is scratch space reused across calls, so that matching allocates nothing per token.
pub fn for_each_piece(word: &str, buf: &mut String, mut f: impl FnMut(&str, bool)) {
    if word.is_ascii() {
        // Most tokens: byte by byte, no character decoding or Unicode tables (same pieces).
        let b = word.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if (c as char).is_whitespace() || c == b'_' {
                i += 1;
                continue;
            }
            buf.clear();
            if c.is_ascii_alphanumeric() {
                let start = i;
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                let run = &word[start..i];
                buf.push_str(run);
                buf.make_ascii_uppercase();
                f(buf, run.bytes().any(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
            } else {
                buf.push(c.to_ascii_uppercase() as char);
                f(buf, false);
                i += 1;
            }
        }
        return;
    }
    pieces_by_char(word, buf, f);
}

/// [`for_each_piece`] for any text, one `char` at a time.
fn pieces_by_char(word: &str, buf: &mut String, mut f: impl FnMut(&str, bool)) {
    let mut chars = word.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() || c == '_' {
            continue;
        }
        buf.clear();
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let run = &word[start..end];
            let mut upper = false;
            for ch in run.chars() {
                upper |= ch.is_uppercase() || ch.is_ascii_digit();
                push_folded(ch, buf);
            }
            f(buf, upper);
        } else {
            push_folded(c, buf);
            if !buf.is_empty() {
                f(buf, false);
            }
        }
    }
}

/// Splits a dictionary phrase (words joined by `_` or blanks) into normalized pieces.
pub fn phrase_pieces(phrase: &str) -> Vec<String> {
    let mut buf = String::new();
    let mut out = Vec::new();
    for_each_piece(phrase, &mut buf, |p, _| out.push(p.to_string()));
    out
}

/// Appends the upper-case ASCII folding of `c` to `buf`.
fn push_folded(c: char, buf: &mut String) {
    if c.is_ascii() {
        buf.push(c.to_ascii_uppercase());
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => buf.push('\''),
        '\u{201C}' | '\u{201D}' => buf.push('"'),
        '\u{2010}'..='\u{2015}' => buf.push('-'),
        _ => match deunicode::deunicode_char(c) {
            Some(s) => {
                for b in s.chars() {
                    if !b.is_whitespace() {
                        buf.push(b.to_ascii_uppercase());
                    }
                }
            }
            None => buf.extend(c.to_uppercase()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_tokenizer_independent() {
        assert_eq!(phrase_pieces("U.S._ARMY"), ["U", ".", "S", ".", "ARMY"]);
        assert_eq!(phrase_pieces("AL-QAEDA"), ["AL", "-", "QAEDA"]);
        assert_eq!(phrase_pieces("Nicolás  Maduro"), ["NICOLAS", "MADURO"]);
        assert_eq!(phrase_pieces("Iran’s"), ["IRAN", "'", "S"]);
        let mut buf = String::new();
        let mut v = Vec::new();
        for_each_piece("us", &mut buf, |p, u| v.push((p.to_string(), u)));
        for_each_piece("US", &mut buf, |p, u| v.push((p.to_string(), u)));
        assert_eq!(v, [("US".to_string(), false), ("US".to_string(), true)]);
    }

    #[test]
    fn ascii_words_get_the_pieces_of_the_general_path() {
        // Every string of up to three characters over a set covering each ASCII case
        // the pieces distinguish (letters of both cases, digits, blanks, `_`, punctuation).
        let set: Vec<char> = "aZ9 _.-'\t\u{b}(".chars().collect();
        let mut words = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = words.iter().flat_map(|w| set.iter().map(move |c| format!("{w}{c}"))).collect();
            words.extend(longer);
        }
        words.extend(["U.S.", "al-Qaeda's", "COVID-19", "x86_64", "Mr. O'Neill"].map(String::from));
        let (mut b1, mut b2) = (String::new(), String::new());
        for w in &words {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            for_each_piece(w, &mut b1, |p, u| fast.push((p.to_string(), u)));
            pieces_by_char(w, &mut b2, |p, u| slow.push((p.to_string(), u)));
            assert_eq!(fast, slow, "{w:?}");
        }
    }
}
