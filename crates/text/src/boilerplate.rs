//! Boilerplate inside article text: related-article headlines, captions, calls to action.
//!
//! Scraped article bodies carry page furniture between the story's paragraphs:
//! "Advertisement", "Sign up for ...", photo captions and credits, "READ MORE:"
//! blocks of other articles' headlines, a stray headline of another story, and
//! The Hill's inline junk (a politician's full name glued to three headlines and
//! `MORE`, inside a sentence). This module finds such spans so later stages skip
//! them. It works paragraph by paragraph, with three kinds of evidence:
//!
//! - the wording of page furniture and calls to action (a closed list of openings);
//! - the shape of captions and credits (`(Name/Reuters)`, `Image copyright ...`);
//! - for headline-shaped paragraphs (no final stop, capitalised like a title) in
//!   the middle of an article, how much of their vocabulary the rest of the
//!   article shares: a story's own subheadings reuse its names and words, another
//!   story's headline does not.
//!
//! The first paragraph is never taken for a stray headline: it is the title or lead.

use std::collections::HashMap;

use sitrep_document::{ExclusionReason, Excluded, Span};

/// Finds spans of `text` that are not part of the story.
pub fn find(text: &str, paragraphs: &[Span]) -> Vec<Excluded> {
    let mut out = Vec::new();
    let mut vocab: Option<Vocabulary> = None;
    // After "READ MORE:" and the like, the following headline-shaped lines are links.
    let mut in_link_block = false;
    for (k, &p) in paragraphs.iter().enumerate() {
        let par = &text[p.start..p.end];
        let verdict = classify(par, k == 0);
        let reason = match verdict {
            Verdict::Exclude(r) => {
                in_link_block = false;
                Some(r)
            }
            Verdict::LinkBlockHeader => {
                in_link_block = true;
                Some(ExclusionReason::CallToAction)
            }
            Verdict::Headline { strict } => {
                if in_link_block {
                    Some(ExclusionReason::RelatedHeadline)
                } else if k == 0 {
                    None
                } else {
                    let v = vocab.get_or_insert_with(|| Vocabulary::new(text, paragraphs));
                    let (share, n) = v.share(par);
                    let limit = if strict { 0.3 } else { 0.2 };
                    (n >= 4 && share < limit).then_some(ExclusionReason::RelatedHeadline)
                }
            }
            Verdict::Story if in_link_block && link_text(par) => Some(ExclusionReason::RelatedHeadline),
            Verdict::Story => {
                in_link_block = false;
                None
            }
        };
        match reason {
            Some(r) => out.push(Excluded { span: p, reason: r }),
            None => inline_related(text, p, &mut out),
        }
    }
    out
}

/// A line that can be a link's text: short, no closing stop.
fn link_text(par: &str) -> bool {
    let t = par.trim();
    t.len() < 200 && !t.ends_with(['.', ':', ';', ',']) && t.split_whitespace().count() >= 3
}

enum Verdict {
    Exclude(ExclusionReason),
    /// "READ MORE:", "Related Coverage", "YOU MIGHT BE INTERESTED IN:"
    LinkBlockHeader,
    /// Shaped like a headline; `strict` when capitalised like a title (not sentence case).
    Headline { strict: bool },
    Story,
}

/// Lower-cased, with curly apostrophes straightened, for matching fixed wording.
fn fold(s: &str) -> String {
    s.chars().map(|c| if c == '’' || c == '‘' { '\'' } else { c.to_ascii_lowercase() }).collect()
}

const FURNITURE: &[&str] = &[
    "advertisement",
    "advertisement:",
    "advertisement advertisement",
    "advertisement continue reading the main story",
    "ad",
    "story continued below",
    "story continues below",
    "continue reading below",
    "continue reading the main story",
    "close",
    "x",
    "video",
    "photo",
    "image",
    "[image]",
    "[pullquote]",
    "usa today",
    "usatoday",
    "more on this...",
    "{articleguid}",
    "editor's note:",
];

const FURNITURE_PREFIX: &[&str] = &[
    "share this article",
    "this article is more than",
    "listen to article",
    "copyright ©",
    "copyright (c)",
    "©",
    "contributing:",
    "editor's note:",
    "editor’s note:",
    "next image ",
    "prev image ",
    "slideshow (",
    "watch the latest video",
    "media playback is unsupported",
];

const CALL_TO_ACTION_PREFIX: &[&str] = &[
    "sign up",
    "click here",
    "click to ",
    "subscribe ",
    "subscribe to",
    "follow us",
    "follow @",
    "get the ",
    "download the ",
    "like what you're reading",
    "support vox",
    "support our",
    "support independent",
    "support quality",
    "thank you for signing up",
    "stay up to date",
    "get instant access",
    "send tips to",
    "newsletter sign-up",
    "for graphic on",
    "vote now",
    "be heard:",
    "join us on",
    "read cnnopinion",
    "follow cnn",
    "want more ",
    "sign in",
];

const LINK_BLOCK: &[&str] = &[
    "read more:",
    "read more",
    "more:",
    "related:",
    "related",
    "related coverage",
    "related content",
    "related stories",
    "related articles",
    "you might be interested in:",
    "you may also like:",
    "see also:",
    "also read:",
    "recommended:",
    "more on this...",
    "more from ",
];

/// Prefixes that introduce another article's headline on the same line.
const HEADLINE_PREFIX: &[&str] = &[
    "read more:",
    "more:",
    "related:",
    "related coverage",
    "see:",
    "see also:",
    "also read:",
    "read:",
    "special coverage:",
    "photos:",
    "video:",
    "watch:",
    "editorial:",
    "( photos:",
    "(photos:",
    "recommended:",
    "opinion:",
    "the latest:",
    "( also on ",
    "(also on ",
];

/// Wording of newsletter sign-up boxes that news prose never uses, wherever it stands in a
/// paragraph: such boxes run long ("Sign up for Morning Trade A speed read on global trade
/// news ... By signing up you agree ... This site is protected by reCAPTCHA ...").
const SIGN_UP_WORDING: &[&str] = &[
    "by signing up you agree",
    "by signing up, you agree",
    "you can unsubscribe at any time",
    "this site is protected by recaptcha",
];

/// Syndication notices, furniture however long.
const SYNDICATION_PREFIX: &[&str] = &[
    "content created by the daily caller news foundation",
];

/// Whether a paragraph holds a photo gallery's caption counter ("... Hide Caption 3 of 22
/// Photos: ..."), the captions of a gallery run together into one paragraph.
fn gallery_captions(f: &str) -> bool {
    f.match_indices("hide caption ").any(|(i, m)| {
        let rest = &f[i + m.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(" of ")
    })
}

fn classify(par: &str, first: bool) -> Verdict {
    let f = fold(par.trim());
    let len = f.len();
    if FURNITURE.contains(&f.as_str()) || SYNDICATION_PREFIX.iter().any(|p| f.starts_with(p)) {
        return Verdict::Exclude(ExclusionReason::PageFurniture);
    }
    if SIGN_UP_WORDING.iter().any(|w| f.contains(w)) {
        return Verdict::Exclude(ExclusionReason::CallToAction);
    }
    if gallery_captions(&f) {
        return Verdict::Exclude(ExclusionReason::Caption);
    }
    if LINK_BLOCK.contains(&f.as_str()) || f.starts_with("more from ") && len < 60 {
        return Verdict::LinkBlockHeader;
    }
    if len < 300 {
        if FURNITURE_PREFIX.iter().any(|p| f.starts_with(p)) {
            return Verdict::Exclude(ExclusionReason::PageFurniture);
        }
        if f.contains("contributed to this report") || f.contains("contributed to this article") || f.contains("contributed reporting") {
            return Verdict::Exclude(ExclusionReason::PageFurniture);
        }
        if CALL_TO_ACTION_PREFIX.iter().any(|p| f.starts_with(p)) || f.starts_with("follow ") && f.ends_with(" on twitter") {
            return Verdict::Exclude(ExclusionReason::CallToAction);
        }
        if f.starts_with("write to ") && f.contains('@') {
            return Verdict::Exclude(ExclusionReason::PageFurniture);
        }
        if HEADLINE_PREFIX.iter().any(|p| f.starts_with(p)) {
            return Verdict::Exclude(ExclusionReason::RelatedHeadline);
        }
        if is_caption(par, &f) {
            return Verdict::Exclude(ExclusionReason::Caption);
        }
    }
    if !first && glued_label(par) {
        return Verdict::Exclude(ExclusionReason::RelatedHeadline);
    }
    if !first && shouted_headline(par) {
        return Verdict::Exclude(ExclusionReason::RelatedHeadline);
    }
    match headline_shape(par) {
        Some(strict) => Verdict::Headline { strict },
        None => Verdict::Story,
    }
}

/// Photo and video captions and credits.
fn is_caption(par: &str, f: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "image copyright",
        "image caption",
        "image source",
        "enlarge this image",
        "toggle caption",
        "file photo:",
        "photo:",
        "(photo:",
        "photograph:",
        "photo by",
        "photo credit",
        "ap photo/",
        "(ap photo",
        "caption:",
        "pictured:",
        "getty images",
    ];
    if OPENINGS.iter().any(|p| f.starts_with(p)) {
        return true;
    }
    if par.contains("REUTERS/") || f.ends_with("(reuters)") {
        return true;
    }
    // A video blurb: "CLOSE <summary> USA TODAY".
    if par.starts_with("CLOSE ") && (f.ends_with("usa today") || f.ends_with("usa today network")) {
        return true;
    }
    // "... in Beijing, November 9, 2017. (Thomas Peter/Reuters)": a trailing picture credit.
    if let Some(open) = f.rfind('(') {
        let tail = &f[open..];
        if tail.ends_with(')') && tail.len() < 80 {
            let agency = ["reuters", "getty", "ap photo", "afp", "epa", "photo", "images", "/ap)", "bloomberg"].iter().any(|a| tail.contains(a));
            if agency && (tail.contains('/') || tail.contains("photo") || tail.contains(':')) {
                return true;
            }
        }
    }
    // newspaper3k doubles a caption's subject: "Juniper Simonis Juniper Simonis is arrested."
    let words: Vec<&str> = par.split_whitespace().take(6).collect();
    if words.len() >= 4 && par.len() < 200 {
        for n in 1..=2 {
            if words.len() > 2 * n && words[..n] == words[n..2 * n] && words[0].chars().next().is_some_and(char::is_uppercase) && words[n - 1].len() > 2 {
                return true;
            }
        }
    }
    false
}

/// "Market Snapshot:Stock market turns ...": a section label glued to a headline.
fn glued_label(par: &str) -> bool {
    let Some(colon) = par.find(':') else { return false };
    let label = &par[..colon];
    let after = par[colon + 1..].chars().next();
    colon > 1
        && label.len() < 30
        && label.split_whitespace().count() <= 3
        && label.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && after.is_some_and(|c| c.is_uppercase() || c == '\'' || c == '‘' || c == '"' || c == '“')
        && !par.trim_end().ends_with('.')
}

/// A link to another story set in capitals between paragraphs (`TRUMP VOWS IRAN CANNOT ...`);
/// short capitalised subheadings (`MISTRUST ON BOTH SIDES`) are left alone.
fn shouted_headline(par: &str) -> bool {
    let t = par.trim();
    let words = t.split_whitespace().count();
    if !(6..=30).contains(&words) || t.ends_with('.') {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let upper = t.chars().filter(|c| c.is_uppercase()).count();
    letters >= 20 && upper * 10 >= letters * 9
}

/// Function words that stay lower case in titles and carry no topic.
fn is_stopword(w: &str) -> bool {
    matches!(
        w,
        "the" | "and" | "for" | "with" | "over" | "from" | "into" | "after" | "about" | "says" | "said" | "will" | "has"
            | "have" | "are" | "was" | "were" | "that" | "this" | "its" | "his" | "her" | "their" | "new" | "how" | "why"
            | "what" | "who" | "not" | "but" | "more" | "than" | "can" | "could" | "would" | "should" | "may" | "amid"
            | "you" | "your" | "our" | "they" | "them" | "she" | "him" | "out" | "off" | "just" | "now" | "all" | "any"
            | "a" | "an" | "as" | "at" | "by" | "to" | "of" | "in" | "on" | "up" | "is" | "be" | "or" | "if" | "it"
            | "de" | "vs" | "via" | "per" | "than," | "again" | "still" | "here" | "there" | "when" | "where" | "which"
            | "while" | "before" | "against" | "under" | "between" | "during" | "without" | "within" | "being"
)
}

/// Content words of a span: letters only, lower-cased, stopwords and 1-letter words dropped.
fn content_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .map(|w| w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w))
        .filter(|w| w.chars().count() >= 2 && w.chars().any(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|w| !is_stopword(w))
}

/// Matching key: the first six characters, so `aggression` meets `aggressive`
/// (shorter words match whole: `stand` does not meet `standoff`).
fn key(w: &str) -> String {
    w.chars().take(6).collect()
}

/// `Some(strict)` when the paragraph looks like a headline: short, no closing stop,
/// capitalised like a title (`strict`) or written in sentence case with a colon or quote.
fn headline_shape(par: &str) -> Option<bool> {
    let t = par.trim();
    let last = t.chars().next_back()?;
    if matches!(last, '.' | ':' | ';' | ',' | '”' | '"') || t.len() > 200 {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() < 4 || words.len() > 25 {
        return None;
    }
    let lexical: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !is_stopword(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()))
        .collect();
    if lexical.len() < 3 {
        return None;
    }
    let caps = lexical.iter().filter(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()).chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())).count();
    let ratio = caps as f64 / lexical.len() as f64;
    if ratio >= 0.75 {
        return Some(true);
    }
    // Sentence-case link text: "Pelosi meets with Dems: Speaker tries to rein in ..."
    if words.len() >= 6 && (t.contains(": ") || t.contains('\'') || t.contains('‘')) && ratio >= 0.2 {
        return Some(false);
    }
    None
}

/// How often each word key occurs in each paragraph of a document.
struct Vocabulary {
    /// key → (occurrences in the whole text)
    counts: HashMap<String, u32>,
}

impl Vocabulary {
    /// Counts over the body: a headline-shaped first paragraph is the title, and a stray
    /// headline that shares words only with the title is still foreign to the story.
    fn new(text: &str, paragraphs: &[Span]) -> Self {
        let mut counts = HashMap::new();
        let skip_title = paragraphs.first().is_some_and(|p| headline_shape(&text[p.start..p.end]).is_some());
        for p in paragraphs.iter().skip(usize::from(skip_title)) {
            for w in content_words(&text[p.start..p.end]) {
                *counts.entry(key(&w)).or_insert(0) += 1;
            }
        }
        Vocabulary { counts }
    }

    /// Share of the paragraph's content words found elsewhere in the document, and their number.
    fn share(&self, par: &str) -> (f64, usize) {
        let mut own: HashMap<String, u32> = HashMap::new();
        for w in content_words(par) {
            *own.entry(key(&w)).or_insert(0) += 1;
        }
        let n = own.len();
        if n == 0 {
            return (1.0, 0);
        }
        let shared = own.iter().filter(|(k, c)| self.counts.get(*k).copied().unwrap_or(0) > **c).count();
        (shared as f64 / n as f64, n)
    }
}

/// The Hill's inline related-headline junk inside a paragraph:
/// `Robert Mueller Robert (Bob) Swan MuellerSpeier says ... MORE’s Russia investigation`.
/// The full name repeats the short mention, its last word is glued to the first
/// headline (`MuellerSpeier`), and the block ends with `MORE`. The excluded span runs
/// from the repeated full name to `MORE`, leaving `Robert Mueller ... ’s Russia investigation`.
fn inline_related(text: &str, p: Span, out: &mut Vec<Excluded>) {
    let par = &text[p.start..p.end];
    if !par.contains(" MORE") {
        return;
    }
    // Word spans of the paragraph.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in par.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, par.len()));
    }
    // Words as compared with a glued surname: accents off, a trailing comma or period dropped.
    let folded: Vec<String> = words.iter().map(|&(a, b)| deunicode::deunicode(par[a..b].trim_end_matches([',', '.']))).collect();
    let mut floor = 0; // do not reach back past the previous block
    for m in 0..words.len() {
        let w = &par[words[m].0..words[m].1];
        let is_more = w.strip_prefix("MORE").is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()));
        if !is_more || m == 0 {
            continue;
        }
        // A card holds up to five headlines, some joined by ` | `: 150 words covers the longest seen.
        let lo = floor.max(m.saturating_sub(150));
        let mut best: Option<usize> = None;
        for g in (lo..m).rev() {
            let gw = &par[words[g].0..words[g].1];
            for x in glue_splits(gw) {
                let x = deunicode::deunicode(x);
                // The surname before the glue must end the short mention a few words back,
                // spelt with or without accents (`Linda Sanchez Linda Teresa SánchezFirst`),
                // or be glued to the full name itself (`George PapadopoulosGeorge Demetrios ...`).
                let back = g.saturating_sub(7).max(lo);
                for j in (back..g).rev() {
                    let w = &par[words[j].0..words[j].1];
                    if folded[j] == x {
                        best = Some(words[j + 1].0);
                        break;
                    }
                    if let Some(cut) = glue_splits(w).find(|c| deunicode::deunicode(c) == x) {
                        best = Some(words[j].0 + cut.len());
                        break;
                    }
                }
            }
        }
        if let Some(b) = best {
            let end = words[m].0 + 4;
            out.push(Excluded { span: Span::new(p.start + b, p.start + end), reason: ExclusionReason::RelatedHeadline });
            floor = m + 1;
        }
    }
}

/// Prefixes of `w` that end where a lower-case letter meets a capital, digit or quote
/// (`MuellerSpeier` → `Mueller`, `Warren2020` → `Warren`). Only capitalised words are
/// names: "we're" is no surname glued to a headline.
fn glue_splits(w: &str) -> impl Iterator<Item = &str> {
    let cs: Vec<(usize, char)> = w.char_indices().collect();
    let mut cuts = Vec::new();
    if !cs.first().is_some_and(|c| c.1.is_uppercase()) {
        return cuts.into_iter();
    }
    for k in 1..cs.len() {
        let (a, b) = (cs[k - 1].1, cs[k].1);
        if a.is_lowercase() && (b.is_uppercase() || b.is_ascii_digit() || matches!(b, '\'' | '‘' | '"' | '“')) && k >= 2 {
            cuts.push(&w[..cs[k].0]);
        }
    }
    cuts.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences::paragraphs;

    fn excluded(text: &str) -> Vec<(&str, ExclusionReason)> {
        find(text, &paragraphs(text)).into_iter().map(|e| (&text[e.span.start..e.span.end], e.reason)).collect()
    }

    #[test]
    fn furniture_and_calls_to_action() {
        let t = "Ministers met in Geneva on Monday to discuss the ceasefire.\n\nAdvertisement\n\nThe talks ended without agreement.\n\nSign up for our daily newsletter\n\nCLICK HERE TO GET THE APP";
        let e = excluded(t);
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!(e[0], ("Advertisement", ExclusionReason::PageFurniture));
        assert_eq!(e[1].1, ExclusionReason::CallToAction);
    }

    #[test]
    fn long_sign_up_boxes_galleries_and_inline_headlines() {
        // Shaped like POLITICO's and CNN's markup, with invented wording.
        let t = "Officials met in Geneva on Monday to discuss the ceasefire.\n\n\
                 Sign up for Morning Borders A daily read on migration news from our reporters in four capitals, every weekday morning in your inbox. Email Sign Up By signing up you agree to receive email newsletters or alerts from the publisher. You can unsubscribe at any time. This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of Service apply.\n\n\
                 ( Also on POLITICO: Senate panel delays vote on envoy)\n\n\
                 Photos: Storm hits the coast A fisherman secures his boat in the harbor on Monday. Hide Caption 1 of 12 Photos: Storm hits the coast Waves break over the sea wall. Hide Caption 2 of 12\n\n\
                 The talks ended without agreement.";
        let e = excluded(t);
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!(e[0].1, ExclusionReason::CallToAction);
        assert_eq!(e[1], ("( Also on POLITICO: Senate panel delays vote on envoy)", ExclusionReason::RelatedHeadline));
        assert_eq!(e[2].1, ExclusionReason::Caption);
        // A counter needs its digits: prose about hiding a caption stays.
        assert!(excluded("Officials met in Geneva.\n\nThe editors chose to hide caption text of older photos.").is_empty());
    }

    #[test]
    fn captions() {
        let t = "The minister arrives in Geneva, March 3, 2020. (Jane Doe/Reuters)\n\nThe talks began on Monday.\n\nImage copyright Getty Images\n\nFILE PHOTO: A flag flies in Geneva. REUTERS/Jane Doe";
        let e = excluded(t);
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e.iter().all(|x| x.1 == ExclusionReason::Caption));
    }

    #[test]
    fn stray_headline_but_not_subheadings() {
        // Written for this test: a story about a river dam, one stray headline, one real subheading.
        let t = "Dam Talks Stall As Egypt And Ethiopia Trade Blame\n\n\
                 Talks between Egypt and Ethiopia over the Nile dam stalled on Tuesday, officials said.\n\n\
                 Brazilian Senate Votes To Expand Amazon Mining Rights Despite Protests\n\n\
                 Egyptian officials said Ethiopia had refused to share data on the dam's filling schedule.\n\n\
                 What Comes Next For The Nile Dam Talks\n\n\
                 Sudan, which also depends on the Nile, has asked the African Union to mediate the dam talks.";
        let e = excluded(t);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0], ("Brazilian Senate Votes To Expand Amazon Mining Rights Despite Protests", ExclusionReason::RelatedHeadline));
    }

    #[test]
    fn read_more_blocks() {
        let t = "The court ruled on Friday.\n\nREAD MORE:\n\nSomething else entirely happened in Peru\n\nAnother unrelated headline about football clubs\n\nThe ruling can be appealed.";
        let e = excluded(t);
        assert_eq!(e.len(), 3, "{e:?}");
        assert_eq!(e[2].1, ExclusionReason::RelatedHeadline);
    }

    #[test]
    fn inline_related_headlines() {
        // Shaped like The Hill's markup, with invented headlines.
        let t = "Senator Jane Roe Jane Mary RoeBudget talks collapse Senate passes farm bill Roe: 'We will win' MORE’s plan was rejected on Monday.";
        let e = excluded(t);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "Jane Mary RoeBudget talks collapse Senate passes farm bill Roe: 'We will win' MORE");
        // The short name spelt without its accent, and a long card of headlines joined by ` | `.
        let long = "Budget talks collapse after a long night of votes | Senate passes farm bill with wide support | ".repeat(5);
        let t = format!("Rep. Ana Nunez Ana Maria Núñez{long}Roe: 'We will win' MORE (D-Calif.) said on Monday that talks would go on.");
        let e = excluded(&t);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].0.starts_with("Ana Maria Núñez") && e[0].0.ends_with("MORE"), "{e:?}");
        // The short mention glued to the full name: the span starts at the glue.
        let t = "He has pleas from Flynn and John RoeJohn Mary RoeBudget talks collapse Senate passes farm bill MORE, a campaign aide.";
        let e = excluded(t);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, "John Mary RoeBudget talks collapse Senate passes farm bill MORE");
    }
}
