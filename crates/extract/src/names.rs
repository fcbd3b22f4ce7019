//! Name chunks over the lexed words: who a capitalized run of words names.
//!
//! Used when the NER and actor stages give nothing for a span (and before they
//! land): a speaker, a place or an entity is first a run of capitalized words,
//! stripped of titles and sentence-initial function words.

use crate::lex::{Kind, Prepared};

/// Titles and roles that precede a name and are not part of it.
pub(crate) const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "adm",
    "admiral",
    "gen",
    "general",
    "col",
    "colonel",
    "lt",
    "lieutenant",
    "sgt",
    "sergeant",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "prof",
    "professor",
    "president",
    "secretary",
    "minister",
    "chancellor",
    "ambassador",
    "judge",
    "justice",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "ayatollah",
    "imam",
    "rabbi",
    "rev",
    "reverend",
    "father",
    "sir",
    "lord",
    "lady",
    "capt",
    "captain",
    "maj",
    "major",
    "cmdr",
    "commander",
    "premier",
    "mayor",
    "chair",
    "chairman",
    "chairwoman",
    "director",
    "chief",
    "officer",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "speaker",
    "leader",
    "emir",
    "sultan",
    "vice",
    "deputy",
    "state",
    "foreign",
    "defense",
    "defence",
    "prime",
    "supreme",
    "crown",
    "former",
    "then",
    "acting",
    "interim",
    "gens",
    "attorney",
    "analyst",
    "journalist",
    "columnist",
    "correspondent",
    "editor",
    "author",
    "dame",
    "sister",
    "brother",
    "marshal",
    "field",
    "senior",
    "ex",
    "house",
    "senate",
    "cardinal",
    "bishop",
    "archbishop",
    "pastor",
];

/// Capitalized words that open sentences but are not names.
pub(crate) const FUNCTION_CAPS: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "as",
    "of",
    "for",
    "to",
    "by",
    "with",
    "from",
    "after",
    "before",
    "when",
    "while",
    "if",
    "though",
    "although",
    "because",
    "since",
    "meanwhile",
    "however",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "its",
    "my",
    "your",
    "no",
    "not",
    "now",
    "then",
    "still",
    "also",
    "even",
    "both",
    "neither",
    "either",
    "such",
    "some",
    "many",
    "most",
    "all",
    "each",
    "every",
    "what",
    "which",
    "who",
    "how",
    "why",
    "where",
    "mr.",
    "according",
    "instead",
    "consequently",
    "yes",
    "soon",
    "later",
    "today",
    "yesterday",
    "last",
    "next",
    "during",
    "despite",
    "over",
    "under",
    "among",
    "between",
    "through",
    "without",
    "within",
    "until",
    "unless",
    "do",
    "does",
    "did",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "let",
    "just",
    "only",
    "about",
    "than",
    "like",
    "unlike",
    "indeed",
];

/// Lowercase connectors inside names (`Simón de Bolívar`, `Abu Bakr al-Baghdadi`).
const CONNECTORS: &[&str] = &[
    "de", "da", "del", "della", "di", "do", "dos", "du", "la", "le", "van", "von", "der", "den",
    "bin", "ibn", "al", "el", "y",
];

/// True when word `i` can be part of a name.
pub(crate) fn is_name_word(p: &Prepared<'_>, i: usize) -> bool {
    let w = &p.words[i];
    w.kind == Kind::Alpha && w.cap
}

/// The maximal name chunk that ends with word `end - 1`: `[start, end)`.
///
/// Accepts initials (`George W. Bush`), connectors (`de`, `al`) and hyphenated
/// parts (`al-Baghdadi`).
pub(crate) fn chunk_ending_at(p: &Prepared<'_>, end: usize) -> Option<(usize, usize)> {
    if end == 0 || !is_name_word(p, end - 1) {
        return None;
    }
    let mut start = end - 1;
    while start > 0 {
        let j = start - 1;
        let initial = p.punct(j, '.') && j > 0 && is_initial(p, j - 1);
        let joiner =
            (p.punct(j, '-') || CONNECTORS.contains(&p.l(j))) && j > 0 && is_name_word(p, j - 1);
        if is_name_word(p, j) && !adjacent_newline(p, j) {
            start = j;
        } else if initial || joiner {
            start = j - 1;
        } else {
            break;
        }
    }
    named(p, trim_chunk(p, start, end))
}

/// `chunk` unless it is a lone weekday, which is capitalised but names no one.
fn named(p: &Prepared<'_>, chunk: (usize, usize)) -> Option<(usize, usize)> {
    (chunk.1 - chunk.0 != 1 || !crate::dates::is_weekday(p.l(chunk.0))).then_some(chunk)
}

/// The maximal name chunk that starts with word `start`: `[start, end)`.
pub(crate) fn chunk_starting_at(p: &Prepared<'_>, start: usize) -> Option<(usize, usize)> {
    if start >= p.words.len() || !is_name_word(p, start) {
        return None;
    }
    let mut end = start + 1;
    while end < p.words.len() {
        if adjacent_newline(p, end - 1) {
            break;
        }
        let next_is_name = end + 1 < p.words.len() && is_name_word(p, end + 1);
        let initial = p.punct(end, '.') && is_initial(p, end - 1) && next_is_name;
        let joiner = (p.punct(end, '-') || CONNECTORS.contains(&p.l(end))) && next_is_name;
        if is_name_word(p, end) || initial || joiner {
            end += 1;
        } else {
            break;
        }
    }
    named(p, trim_chunk(p, start, end))
}

/// Whether a line break separates word `i` from the next one.
pub(crate) fn adjacent_newline(p: &Prepared<'_>, i: usize) -> bool {
    match p.words.get(i + 1) {
        Some(n) => p.text[p.words[i].span.end..n.span.start].contains('\n'),
        None => false,
    }
}

fn is_initial(p: &Prepared<'_>, i: usize) -> bool {
    let w = p.w(i);
    p.words[i].cap && w.chars().count() == 1
}

/// Drops leading titles and function words from a chunk.
pub(crate) fn trim_chunk(p: &Prepared<'_>, mut start: usize, end: usize) -> (usize, usize) {
    // Everything up to the last title word goes (`then-Venezuelan President Hugo Chávez`).
    let mut last_title = None;
    for j in start..end.saturating_sub(1) {
        let l = p.l(j).trim_end_matches('.');
        if TITLES.contains(&l) {
            last_title = Some(j);
        }
    }
    if let Some(t) = last_title {
        start = t + 1;
        while start < end && p.punct(start, '.') {
            start += 1;
        }
    }
    while start + 1 < end && (FUNCTION_CAPS.contains(&p.l(start)) || p.punct(start, '.')) {
        start += 1;
    }
    // A day next to a name is a time, not part of it: `said Sunday Maria Lopez`,
    // `Donald Trump Saturday said`. A day after a single word may be a name of its own
    // (`Super Tuesday`, `Fox News Sunday`), and before one word a title (`Sunday Times`).
    let mut end = end;
    if end - start >= 3 && crate::dates::is_weekday(p.l(start)) {
        start += 1;
    }
    if end - start >= 2 && crate::dates::is_weekday(p.l(end - 1)) && !DAY_NAME_OPENERS.contains(&p.l(end - 2)) {
        end -= 1;
    }
    (start, end)
}

/// Words that make a name with the weekday after them (`Black Friday`, `Fox News Sunday`).
const DAY_NAME_OPENERS: &[&str] = &["black", "good", "super", "easter", "palm", "ash", "cyber", "bloody", "holy", "maundy", "giving", "news"];

/// The text of a chunk, from its first to last word.
pub(crate) fn chunk_text<'a>(p: &Prepared<'a>, (s, e): (usize, usize)) -> &'a str {
    &p.text[p.words[s].span.start..p.words[e - 1].span.end]
}

/// Every name chunk in the document, for canonical-name lookup.
pub(crate) fn all_chunks(p: &Prepared<'_>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.words.len() {
        if is_name_word(p, i) {
            if let Some((s, e)) = chunk_starting_at(p, i) {
                let (s, e) = trim_chunk(p, s, e);
                if !(e - s == 1 && FUNCTION_CAPS.contains(&p.l(s))) {
                    out.push((s, e));
                }
                i = e.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The fullest form of `name` in the document: the longest chunk (≤ 4 words) ending with the same surname.
pub(crate) fn fullest(p: &Prepared<'_>, chunks: &[(usize, usize)], name: (usize, usize)) -> String {
    let last = p.w(name.1 - 1);
    let mut best = chunk_text(p, name);
    let mut best_len = name.1 - name.0;
    for &(s, e) in chunks {
        let n = e - s;
        // A surname first written after a title (`President Trump`) is that person's
        // name in this text: a fuller name later (`first lady Melania Trump`) is a relative.
        if n == 1 && p.w(s) == last && s > 0 && TITLES.contains(&p.l(s - 1).trim_end_matches('.')) {
            break;
        }
        if n > best_len && n <= 4 && p.w(e - 1) == last {
            best = chunk_text(p, (s, e));
            best_len = n;
        }
    }
    best.to_string()
}
