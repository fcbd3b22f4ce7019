//! Reading entity-annotated corpora: UNER IOB2 files and GUM's CoNLL-U entity brackets.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::ops::Range;
use std::path::Path;

use crate::types::EntityType;

/// One document with gold entities: tokens, sentence token ranges, entity token ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub id: String,
    pub tokens: Vec<String>,
    pub sentences: Vec<Range<usize>>,
    pub entities: Vec<(Range<usize>, EntityType)>,
    /// Predicted part-of-speech value of every token ([`super::tag_value`]), or empty when not tagged.
    pub tags: Vec<u64>,
}

impl Doc {
    /// Token count.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether the document has no tokens.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// An entity tag of an IOB2 file, with the scheme's quirks resolved.
///
/// `B-O` and unknown types (stray tags in UNER's preliminary train file) read
/// as `O`; `OTH` is UNER's "other" class and maps to MISC.
fn parse_tag(tag: &str) -> Option<(bool, EntityType)> {
    let (bio, ty) = tag.split_once('-')?;
    let begin = match bio {
        "B" => true,
        "I" => false,
        _ => return None,
    };
    let ty = match ty {
        "PER" => EntityType::Per,
        "ORG" => EntityType::Org,
        "LOC" | "GPE" => EntityType::Loc,
        "OTH" | "MISC" => EntityType::Misc,
        _ => return None,
    };
    Some((begin, ty))
}

/// Reads a UNER IOB2 file (`id<TAB>form<TAB>tag...`); documents split at `# newdoc`.
///
/// Files without `# newdoc` comments give one document per sentence, the
/// conservative choice for document-level features.
pub fn read_iob2(path: &Path) -> Result<Vec<Doc>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs: Vec<Doc> = Vec::new();
    let mut cur = Doc::default();
    let mut sent_start = 0usize;
    let mut open: Option<(usize, EntityType)> = None;
    let mut has_newdoc = false;
    let mut pending_doc_id: Option<String> = None;
    let finish_sentence =
        |cur: &mut Doc, sent_start: &mut usize, open: &mut Option<(usize, EntityType)>| {
            if let Some((s, t)) = open.take() {
                cur.entities.push((s..cur.tokens.len(), t));
            }
            if cur.tokens.len() > *sent_start {
                cur.sentences.push(*sent_start..cur.tokens.len());
            }
            *sent_start = cur.tokens.len();
        };
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            finish_sentence(&mut cur, &mut sent_start, &mut open);
            if !has_newdoc && !cur.is_empty() {
                cur.id = format!("line-{}", n + 1);
                docs.push(std::mem::take(&mut cur));
                sent_start = 0;
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if let Some(id) = c.strip_prefix("newdoc") {
                has_newdoc = true;
                finish_sentence(&mut cur, &mut sent_start, &mut open);
                if !cur.is_empty() {
                    docs.push(std::mem::take(&mut cur));
                }
                sent_start = 0;
                pending_doc_id = Some(
                    id.trim_start_matches([' ', 'i', 'd', '='])
                        .trim()
                        .to_string(),
                );
                cur.id = pending_doc_id.clone().unwrap_or_default();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(format!(
                "{}:{}: expected at least 3 tab-separated columns",
                path.display(),
                n + 1
            ));
        }
        let i = cur.tokens.len();
        cur.tokens.push(cols[1].to_string());
        match parse_tag(cols[2]) {
            None => {
                if let Some((s, t)) = open.take() {
                    cur.entities.push((s..i, t));
                }
            }
            Some((begin, ty)) => {
                let continues = !begin && open.is_some_and(|(_, t)| t == ty);
                if !continues {
                    if let Some((s, t)) = open.take() {
                        cur.entities.push((s..i, t));
                    }
                    open = Some((i, ty));
                }
            }
        }
    }
    finish_sentence(&mut cur, &mut sent_start, &mut open);
    if !cur.is_empty() {
        if cur.id.is_empty() {
            cur.id = "last".into();
        }
        docs.push(cur);
    }
    let _ = pending_doc_id;
    Ok(docs)
}

/// Reads GUM's `splits.tsv` (`doc<TAB>split`).
pub fn read_gum_splits(path: &Path) -> Result<HashMap<String, String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('\t'))
        .map(|(d, s)| (d.trim().to_string(), s.trim().to_string()))
        .collect())
}

/// Titles stripped from the front of GUM person mentions ("President Obama" → "Obama"), as UNER does.
const TITLES: &[&str] = &[
    "president",
    "mr.",
    "mr",
    "mrs.",
    "mrs",
    "ms.",
    "ms",
    "dr.",
    "dr",
    "prof.",
    "professor",
    "sir",
    "lord",
    "lady",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "empress",
    "pope",
    "saint",
    "st.",
    "general",
    "gen.",
    "captain",
    "capt.",
    "colonel",
    "col.",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "judge",
    "justice",
    "minister",
    "prime",
    "secretary",
    "chancellor",
    "mayor",
    "rev.",
    "reverend",
    "father",
    "sister",
    "brother",
    "uncle",
    "aunt",
    "admiral",
    "adm.",
    "lieutenant",
    "lt.",
    "sergeant",
    "sgt.",
    "chairman",
    "director",
    "officer",
    "detective",
    "inspector",
    "coach",
    "bishop",
    "cardinal",
    "archbishop",
    "sheikh",
    "imam",
    "ayatollah",
    "chief",
    "commander",
];

/// Reads the named entities of one GUM CoNLL-U file as a document.
///
/// GUM annotates every mention (named or not) with nested `Entity=` brackets
/// in MISC. A mention counts as a named entity when its syntactic head (the
/// word whose head lies outside the mention) is a proper noun. Leading
/// determiners, leading titles of persons and trailing punctuation or
/// possessives are trimmed, and only outermost named mentions are kept, to
/// match UNER's flat, title-less spans. Types: person → PER, organization →
/// ORG, place → LOC; time and quantity are not entities; the rest (event,
/// object, abstract, animal, plant, substance) → MISC.
///
/// GUM types a country acting as an agent ("North Korea said") as an
/// organization, while UNER keeps it LOC; `is_place` (a gazetteer check on the
/// span's tokens) moves such spans back to LOC. A mention that runs on past
/// its head into an apposition or relative clause ("Mary Chaworth, whom he
/// met") is cut at the first comma, bracket, dash or relative pronoun after
/// the head, and lower-case modifiers before the name ("younger") are dropped.
pub fn read_gum(path: &Path, is_place: &dyn Fn(&[String]) -> bool) -> Result<Doc, String> {
    let sents = sitrep_conllu::read_file(path)?;
    let mut doc = Doc {
        id: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        ..Doc::default()
    };
    for s in &sents {
        let base = doc.tokens.len();
        let words = &s.words;
        let mut stack: Vec<(String, usize, String)> = Vec::new();
        let mut mentions: Vec<(usize, usize, String)> = Vec::new();
        for (wi, w) in words.iter().enumerate() {
            doc.tokens.push(w.form.clone());
            let Some(ent) = w.misc.split('|').find_map(|f| f.strip_prefix("Entity=")) else {
                continue;
            };
            parse_entity_field(ent, |ev| match ev {
                EntityEvent::Open(spec) => {
                    let id = spec.split('-').next().unwrap_or("").to_string();
                    stack.push((id, wi, spec.to_string()));
                }
                EntityEvent::Close(id) => {
                    if let Some(pos) = stack.iter().rposition(|(i, _, _)| i == id) {
                        let (_, start, spec) = stack.remove(pos);
                        mentions.push((start, wi + 1, spec));
                    }
                }
            });
        }
        let mut named: Vec<(usize, usize, EntityType)> = Vec::new();
        for (start, end, spec) in mentions {
            let etype = spec.split('-').nth(1).unwrap_or("");
            let ty = match etype {
                "person" => EntityType::Per,
                "organization" => EntityType::Org,
                "place" => EntityType::Loc,
                "time" | "quantity" | "" => continue,
                _ => EntityType::Misc,
            };
            let inside = |h: u32| h as usize >= start + 1 && h as usize <= end;
            let head = (start..end).find(|&k| !inside(words[k].head));
            let Some(head) = head else { continue };
            if words[head].upos != "PROPN" {
                continue;
            }
            let (mut a, mut b) = (start, end);
            let starts_lower = |w: &str| w.chars().next().is_some_and(|c| c.is_lowercase());
            while a < head
                && (words[a].upos == "DET"
                    || starts_lower(&words[a].form)
                    || (ty == EntityType::Per && is_title(&words[a].form)))
            {
                a += 1;
            }
            if let Some(k) = (head + 1..b).find(|&k| is_cut(&words[k].form)) {
                b = k;
            }
            while b > a && matches!(words[b - 1].upos.as_str(), "PUNCT" | "PART") {
                b -= 1;
            }
            if a < b && words[a..b].iter().any(|w| w.upos == "PROPN") {
                let mut ty = ty;
                if ty == EntityType::Org {
                    let toks: Vec<String> = words[a..b].iter().map(|w| w.form.clone()).collect();
                    if is_place(&toks) {
                        ty = EntityType::Loc;
                    }
                }
                named.push((a, b, ty));
            }
        }
        named.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
        let mut last_end = 0;
        for (a, b, ty) in named {
            if a < last_end {
                continue;
            }
            doc.entities.push((base + a..base + b, ty));
            last_end = b;
        }
        if doc.tokens.len() > base {
            doc.sentences.push(base..doc.tokens.len());
        }
    }
    Ok(doc)
}

fn is_cut(w: &str) -> bool {
    matches!(
        w,
        "," | "("
            | "["
            | "—"
            | "–"
            | "--"
            | ";"
            | ":"
            | "who"
            | "whom"
            | "whose"
            | "which"
            | "that"
            | "where"
            | "when"
    )
}

fn is_title(w: &str) -> bool {
    let l = w.to_lowercase();
    TITLES.contains(&l.as_str())
}

enum EntityEvent<'a> {
    Open(&'a str),
    Close(&'a str),
}

/// Walks a GUM `Entity=` value: `(spec` opens a mention, `(spec)` is a one-word mention, `id)` closes one.
fn parse_entity_field<'a>(s: &'a str, mut f: impl FnMut(EntityEvent<'a>)) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'(' {
            let j = s[i + 1..].find(['(', ')']).map_or(b.len(), |k| i + 1 + k);
            let spec = &s[i + 1..j];
            f(EntityEvent::Open(spec));
            if j < b.len() && b[j] == b')' {
                f(EntityEvent::Close(spec.split('-').next().unwrap_or("")));
                i = j + 1;
            } else {
                i = j;
            }
        } else {
            let j = s[i..].find(['(', ')']).map_or(b.len(), |k| i + k);
            if j < b.len() && b[j] == b')' {
                f(EntityEvent::Close(&s[i..j]));
                i = j + 1;
            } else {
                i = j;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob2_quirks() {
        let dir = std::env::temp_dir().join(format!("sitrep-iob2-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("x.iob2");
        std::fs::write(
            &p,
            "# newdoc id = d1\n# text = x\n1\tAl\tB-ORG\n2\t-\tI-ORG\n3\tZaman\tI-ORG\n4\t:\tO\n5\tAmerican\tB-OTH\n6\tforces\tO\n7\t.\tB-O\n\n1\tin\tO\n2\tIraq\tI-LOC\n\n",
        )
        .unwrap();
        let docs = read_iob2(&p).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].sentences, vec![0..7, 7..9]);
        assert_eq!(
            docs[0].entities,
            vec![
                (0..3, EntityType::Org),
                (4..5, EntityType::Misc),
                (8..9, EntityType::Loc)
            ]
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn gum_brackets() {
        let mut ev = Vec::new();
        parse_entity_field("(5-time-new-snnnn-cf2-1-sgl)4)", |e| {
            ev.push(match e {
                EntityEvent::Open(s) => format!("open {s}"),
                EntityEvent::Close(s) => format!("close {s}"),
            })
        });
        assert_eq!(
            ev,
            vec!["open 5-time-new-snnnn-cf2-1-sgl", "close 5", "close 4"]
        );
    }
}
