//! The PETRARCH-2 verb dictionary: synsets, verb blocks with their inflected forms, patterns and transformations.
//!
//! The reader accepts the syntax of `CAMEO.2.0.txt` (see
//! `../shared/design/event-dictionaries.md`): `&SYNSET` blocks of `+member`
//! lines, `--- NAME [CODE] ---` verb blocks followed by verb lines
//! (`VERB {IRREGULAR FORMS} [CODE]`, multi-word verbs marking the inflected
//! word with `+`) and `- pre * post [CODE]` pattern lines, and `~`
//! transformation lines. Several files can be read into one dictionary (the
//! real dictionary plus sitrep's supplement); every pattern remembers its file
//! and line so that an event can cite it. Malformed lines are reported with
//! file and line; lines that PETRARCH itself skips (invalid codes, undefined
//! synsets) become warnings and are skipped, so legacy dictionaries still load.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::DictionaryError;

/// A CAMEO event code as written in the dictionary (`042`, `1823`), or the null code `---`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Code {
    /// `---`: the verb or pattern produces no event.
    Null,
    Cameo(String),
}

impl Code {
    /// Parses one side of a bracketed code; `None` when it is not a CAMEO code.
    pub fn parse(s: &str) -> Option<Code> {
        let s = s.trim();
        if s == "---" {
            return Some(Code::Null);
        }
        if (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Code::Cameo(s.to_string()));
        }
        None
    }

    pub fn as_cameo(&self) -> Option<&str> {
        match self {
            Code::Null => None,
            Code::Cameo(c) => Some(c),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Null => f.write_str("---"),
            Code::Cameo(c) => f.write_str(c),
        }
    }
}

/// `[A]`, `[A:B]` or `[:B]`: the event from source to target, and the event in the reverse direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CodePair {
    /// Source → target code; `None` for `[:B]`.
    pub forward: Option<Code>,
    /// Target → source code (`B` in `[A:B]`).
    pub reverse: Option<Code>,
}

impl CodePair {
    /// Parses the inside of `[...]`.
    pub fn parse(s: &str) -> Option<CodePair> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once(':') {
            let forward = if a.trim().is_empty() { None } else { Some(Code::parse(a)?) };
            let reverse = if b.trim().is_empty() { None } else { Some(Code::parse(b)?) };
            if forward.is_none() && reverse.is_none() {
                return None;
            }
            Some(CodePair { forward, reverse })
        } else {
            Some(CodePair { forward: Some(Code::parse(s)?), reverse: None })
        }
    }

    /// True when neither direction produces an event.
    pub fn is_null(&self) -> bool {
        let null = |c: &Option<Code>| matches!(c, None | Some(Code::Null));
        null(&self.forward) && null(&self.reverse)
    }

    pub fn null() -> CodePair {
        CodePair { forward: Some(Code::Null), reverse: None }
    }
}

impl fmt::Display for CodePair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.forward, &self.reverse) {
            (Some(a), None) => write!(f, "{a}"),
            (Some(a), Some(b)) => write!(f, "{a}:{b}"),
            (None, Some(b)) => write!(f, ":{b}"),
            (None, None) => f.write_str("---"),
        }
    }
}

/// A named set of interchangeable words or phrases (`&CURRENCY`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Synset {
    pub name: String,
    /// Each member is a sequence of consecutive words (upper case), plurals included.
    pub members: Vec<Vec<String>>,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Elem {
    /// A word, or `A_B` consecutive words; matches the head of a phrase.
    Word(Vec<String>),
    /// `&NAME`: any member of a synset (index into [`VerbDictionary::synsets`]).
    Syn(usize),
    /// `{MOD ... HEAD}`: a noun phrase whose last element is its head.
    Phrase(Vec<Elem>),
    /// `(PREP ...)`: a prepositional phrase with an optional object.
    Prep { prep: Vec<String>, object: Option<Box<Elem>> },
    /// Legacy `$`: this position holds the source.
    Source,
    /// Legacy `+`: this position holds the target.
    Target,
    /// Legacy `^`: skip a noun phrase.
    Skip,
    /// Legacy `%`: the actor here is a compound whose members act on each other.
    Compound,
}

impl Elem {
    /// How many words the element asks to see; longer matches win.
    pub fn weight(&self) -> usize {
        match self {
            Elem::Word(w) => w.len(),
            Elem::Syn(_) => 1,
            Elem::Phrase(es) => es.iter().map(Elem::weight).sum(),
            Elem::Prep { prep, object } => prep.len() + object.as_ref().map_or(0, |o| o.weight()),
            Elem::Source | Elem::Target | Elem::Compound => 1,
            Elem::Skip => 0,
        }
    }
}

/// One pattern line of a verb block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pattern {
    /// Elements before the verb (`*`), in order.
    pub pre: Vec<Elem>,
    /// Elements after the verb, in order.
    pub post: Vec<Elem>,
    pub code: CodePair,
    /// The pattern as written, without its comment.
    pub text: String,
    /// Index into [`VerbDictionary::files`].
    pub file: u16,
    pub line: u32,
}

impl Pattern {
    pub fn weight(&self) -> usize {
        self.pre.iter().chain(&self.post).map(Elem::weight).sum()
    }
}

/// A synonym block: verbs that share patterns and a default code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerbBlock {
    /// The header name (`ACCELERATE`, `EXPLAIN_VERBAL`).
    pub name: String,
    /// The block default for verbs without their own code.
    pub code: CodePair,
    pub patterns: Vec<Pattern>,
    pub file: u16,
    pub line: u32,
}

/// One inflected form of a verb of a block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerbForm {
    pub block: u32,
    /// The verb's primary (dictionary) form, upper case (`CORDON` for `+CORDON_OFF`).
    pub lemma: String,
    /// The inflected word, upper case.
    pub word: String,
    /// Words that must precede the inflected word (`WIRE` in `WIRE_+TAP`).
    pub before: Vec<String>,
    /// Words that must follow it (`OFF` in `+CORDON_OFF`).
    pub after: Vec<String>,
    /// The verb's own code, overriding the block default.
    pub code: Option<CodePair>,
    pub file: u16,
    pub line: u32,
}

/// A variable or a constant in a transformation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TVar {
    /// A named actor variable (`a`, `b`).
    Var(String),
    /// `.`: any actor, unbound.
    Any,
    /// `_`: no actor.
    Absent,
}

/// `~ a (a b ATTACK) SAY = a b 015`: a statement about an event becomes another event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transformation {
    pub upper_source: TVar,
    pub lower_source: TVar,
    pub lower_target: TVar,
    /// Block name of the lower verb, or `None` for `Q` (any verb).
    pub lower_verb: Option<String>,
    /// Block name of the upper verb.
    pub upper_verb: String,
    pub result_source: TVar,
    pub result_target: TVar,
    /// The resulting code; `None` for `Q` (the lower event's code).
    pub result_code: Option<Code>,
    pub text: String,
    pub file: u16,
    pub line: u32,
}

/// A problem that did not stop loading (a line PETRARCH would also skip).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub file: String,
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The loaded verb dictionary (one or more files).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VerbDictionary {
    /// File names, in load order; patterns refer to them by index.
    pub files: Vec<String>,
    pub synsets: Vec<Synset>,
    pub blocks: Vec<VerbBlock>,
    /// Verb forms keyed by their inflected word.
    #[serde(serialize_with = "crate::compiled::sorted")]
    pub forms: HashMap<String, Vec<VerbForm>>,
    pub transformations: Vec<Transformation>,
    pub warnings: Vec<Warning>,
    #[serde(skip)]
    synset_index: HashMap<String, usize>,
    #[serde(skip)]
    block_index: HashMap<String, usize>,
    /// Per block and pattern, the words its pre- and post-verb elements must find (see [`VerbDictionary::required_words`]).
    #[serde(skip)]
    required: std::sync::OnceLock<Vec<Vec<RequiredWords>>>,
    /// Per synset, its members by first and by last word (see [`VerbDictionary::member_index`]).
    #[serde(skip)]
    members: std::sync::OnceLock<Vec<MemberIndex>>,
}

/// A synset's members keyed by their first and by their last word.
///
/// Synsets such as `&CURRENCY` have hundreds of members; the matcher asks
/// which of them can start or end at a token, so it looks up the token's
/// form and lemma here instead of trying every member.
#[derive(Debug, Clone, Default)]
pub struct MemberIndex {
    first: HashMap<String, Vec<u32>>,
    last: HashMap<String, Vec<u32>>,
}

impl MemberIndex {
    fn new(set: &Synset) -> MemberIndex {
        let mut ix = MemberIndex::default();
        for (i, m) in set.members.iter().enumerate() {
            if let (Some(a), Some(z)) = (m.first(), m.last()) {
                ix.first.entry(a.clone()).or_default().push(i as u32);
                ix.last.entry(z.clone()).or_default().push(i as u32);
            }
        }
        ix
    }

    /// Members whose first word is `form` or `lemma`, as indexes into [`Synset::members`].
    pub fn starting<'a>(&'a self, form: &str, lemma: &str) -> impl Iterator<Item = usize> + 'a {
        Self::either(&self.first, form, lemma)
    }

    /// Members whose last word is `form` or `lemma`.
    pub fn ending<'a>(&'a self, form: &str, lemma: &str) -> impl Iterator<Item = usize> + 'a {
        Self::either(&self.last, form, lemma)
    }

    fn either<'a>(map: &'a HashMap<String, Vec<u32>>, form: &str, lemma: &str) -> impl Iterator<Item = usize> + 'a {
        // A member has one first (last) word, so the two lists never share a member.
        let a = map.get(form).map(Vec::as_slice).unwrap_or(&[]);
        let b = if lemma == form { &[][..] } else { map.get(lemma).map(Vec::as_slice).unwrap_or(&[]) };
        a.iter().chain(b).map(|&i| i as usize)
    }
}

/// Words a pattern cannot match without, by where the matcher looks for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequiredWords {
    /// In the verb's pre-verb region (form or lemma).
    pub pre: Vec<String>,
    /// In the verb's post-verb region (form or lemma).
    pub post: Vec<String>,
    /// Anywhere in the sentence: prepositions, which are read off the case marker of a region word.
    pub anywhere: Vec<String>,
}

/// Literal words every match of `e` must see; synsets ask for none.
fn push_required(e: &Elem, region: &mut Vec<String>, anywhere: &mut Vec<String>) {
    match e {
        Elem::Word(ws) => region.extend(ws.iter().cloned()),
        Elem::Phrase(es) => es.iter().for_each(|e| push_required(e, region, anywhere)),
        Elem::Prep { prep, object } => {
            anywhere.extend(prep.iter().cloned());
            if let Some(o) = object {
                push_required(o, region, anywhere);
            }
        }
        Elem::Syn(_) | Elem::Source | Elem::Target | Elem::Skip | Elem::Compound => {}
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Synsets,
    Verbs,
    Transformations,
}

impl VerbDictionary {
    /// An empty dictionary to which files are added with [`VerbDictionary::add_file`].
    pub fn new() -> Self {
        VerbDictionary::default()
    }

    /// Reads one dictionary file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, DictionaryError> {
        let mut d = VerbDictionary::new();
        d.add_path(path)?;
        Ok(d)
    }

    /// Reads a file and adds its contents, naming it by its file name.
    pub fn add_path(&mut self, path: &std::path::Path) -> Result<(), DictionaryError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| DictionaryError(format!("{}: {e}", path.display())))?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        self.add_file(&name, &text)
    }

    /// Adds the contents of one file. Blocks with a name already loaded get the new verbs and patterns.
    pub fn add_file(&mut self, name: &str, text: &str) -> Result<(), DictionaryError> {
        self.required = std::sync::OnceLock::new();
        let file = self.files.len() as u16;
        self.files.push(name.to_string());
        let mut section = Section::Verbs;
        let mut cur_synset: Option<usize> = None;
        let mut cur_block: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let lineno = i as u32 + 1;
            let trimmed = raw.trim();
            if trimmed.starts_with("####") {
                let upper = trimmed.to_ascii_uppercase();
                if upper.contains("SYNONYM") {
                    section = Section::Synsets;
                } else if upper.contains("VERB") {
                    section = Section::Verbs;
                } else if upper.contains("TRANSFORM") {
                    section = Section::Transformations;
                }
                cur_synset = None;
                continue;
            }
            let line = strip_comment(raw);
            let line = line.trim();
            if line.is_empty() {
                // Blank lines end a synset only once verb blocks have begun.
                if cur_block.is_some() {
                    cur_synset = None;
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix('&') {
                // A synset header may appear anywhere; PETRARCH only requires definition before use.
                let name = format!("&{}", rest.split_whitespace().next().unwrap_or("").to_ascii_uppercase());
                if name.len() < 2 {
                    return Err(self.error(file, lineno, "synset header without a name"));
                }
                let idx = self.synset_slot(&name);
                cur_synset = Some(idx);
                continue;
            }
            if let (Some(si), Some(member)) = (cur_synset, line.strip_prefix('+')) {
                self.add_synset_member(si, member, file, lineno);
                continue;
            }
            cur_synset = None;
            if line.starts_with('~') || section == Section::Transformations {
                if line.starts_with('~') {
                    match self.parse_transformation(line, file, lineno) {
                        Ok(t) => self.transformations.push(t),
                        Err(msg) => self.warn(file, lineno, msg),
                    }
                }
                continue;
            }
            if line.starts_with("---") {
                cur_block = Some(self.parse_block_header(line, file, lineno)?);
                cur_synset = None;
                continue;
            }
            let Some(bi) = cur_block else {
                if section == Section::Synsets {
                    self.warn(file, lineno, format!("line outside a synset: {line:?}"));
                    continue;
                }
                return Err(self.error(file, lineno, &format!("line outside a verb block: {line:?}")));
            };
            if line.starts_with('-') || (line.contains('*') && line.contains('[')) {
                let body = line.strip_prefix('-').unwrap_or(line);
                match self.parse_pattern(body, file, lineno) {
                    Ok(Some(p)) => self.blocks[bi].patterns.push(p),
                    Ok(None) => {}
                    Err(msg) => self.warn(file, lineno, msg),
                }
                continue;
            }
            self.parse_verb_line(bi, line, file, lineno)?;
        }
        Ok(())
    }

    fn error(&self, file: u16, line: u32, msg: &str) -> DictionaryError {
        DictionaryError(format!("{}:{}: {}", self.files[file as usize], line, msg))
    }

    fn warn(&mut self, file: u16, line: u32, message: String) {
        self.warnings.push(Warning { file: self.files[file as usize].clone(), line, message });
    }

    /// The index of a synset by name (with `&`, upper case).
    pub fn synset(&self, name: &str) -> Option<usize> {
        self.synset_index.get(name).copied()
    }

    /// The index of a verb block by its header name.
    pub fn block(&self, name: &str) -> Option<usize> {
        self.block_index.get(name).copied()
    }

    /// Per block and pattern, the literal words the pattern needs before and after the verb.
    ///
    /// A pattern whose words are absent from the verb's region cannot match, so
    /// the matcher skips it without backtracking (most patterns of a block fail this way).
    pub fn required_words(&self) -> &[Vec<RequiredWords>] {
        self.required.get_or_init(|| {
            self.blocks
                .iter()
                .map(|b| {
                    b.patterns
                        .iter()
                        .map(|p| {
                            let mut r = RequiredWords::default();
                            p.pre.iter().for_each(|e| push_required(e, &mut r.pre, &mut r.anywhere));
                            p.post.iter().for_each(|e| push_required(e, &mut r.post, &mut r.anywhere));
                            for v in [&mut r.pre, &mut r.post, &mut r.anywhere] {
                                v.sort_unstable();
                                v.dedup();
                            }
                            r
                        })
                        .collect()
                })
                .collect()
        })
    }

    /// Per synset (same order as [`VerbDictionary::synsets`]), its members by first and last word.
    pub fn member_index(&self) -> &[MemberIndex] {
        self.members.get_or_init(|| self.synsets.iter().map(MemberIndex::new).collect())
    }

    /// Rebuilds the lookup indexes after deserialization.
    pub fn reindex(&mut self) {
        self.synset_index = self.synsets.iter().enumerate().map(|(i, s)| (s.name.clone(), i)).collect();
        self.block_index = self.blocks.iter().enumerate().map(|(i, b)| (b.name.clone(), i)).collect();
    }

    fn synset_slot(&mut self, name: &str) -> usize {
        // A redefinition (the test dictionary defines &PREPOSIT1_ twice) extends the set.
        if let Some(&i) = self.synset_index.get(name) {
            return i;
        }
        self.synsets.push(Synset { name: name.to_string(), members: Vec::new() });
        let i = self.synsets.len() - 1;
        self.synset_index.insert(name.to_string(), i);
        i
    }

    fn add_synset_member(&mut self, si: usize, member: &str, file: u16, lineno: u32) {
        let member = member.trim();
        if let Some(inner) = member.strip_prefix('&') {
            // A synset inside a synset: PETRARCH does not expand these; we do, when it is defined.
            let name = format!("&{}", inner.trim().to_ascii_uppercase());
            match self.synset_index.get(&name) {
                Some(&other) if other != si => {
                    let members = self.synsets[other].members.clone();
                    self.synsets[si].members.extend(members);
                }
                _ => self.warn(file, lineno, format!("synset member {member} names an undefined synset")),
            }
            return;
        }
        let no_plural_set = self.synsets[si].name.ends_with('_');
        let cleaned = member.trim_start_matches('(').trim_end_matches(')');
        let no_plural = no_plural_set || cleaned.ends_with('_');
        let words: Vec<String> = cleaned
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_uppercase())
            .collect();
        if words.is_empty() {
            return;
        }
        let set = &mut self.synsets[si].members;
        if !set.contains(&words) {
            set.push(words.clone());
        }
        if !no_plural {
            let last = words.last().unwrap();
            for p in noun_plurals(last) {
                let mut pl = words.clone();
                *pl.last_mut().unwrap() = p;
                if !set.contains(&pl) {
                    set.push(pl);
                }
            }
        }
    }

    fn parse_block_header(&mut self, line: &str, file: u16, lineno: u32) -> Result<usize, DictionaryError> {
        let inner = line.trim_matches('-').trim();
        let (name_part, code) = match (inner.find('['), inner.rfind(']')) {
            (Some(a), Some(b)) if b > a => {
                let code = match CodePair::parse(&inner[a + 1..b]) {
                    Some(c) => c,
                    None => {
                        self.warn(file, lineno, format!("invalid block code [{}]; treated as null", &inner[a + 1..b]));
                        CodePair::null()
                    }
                };
                (&inner[..a], code)
            }
            _ => (inner, CodePair::null()),
        };
        let name = name_part.trim().to_ascii_uppercase();
        if name.is_empty() {
            return Err(self.error(file, lineno, "verb block header without a name"));
        }
        if let Some(&i) = self.block_index.get(&name) {
            // A repeated header (the supplement extends a real block; the test file repeats ALLOW).
            if !code.is_null() {
                self.blocks[i].code = code;
            }
            return Ok(i);
        }
        self.blocks.push(VerbBlock { name: name.clone(), code, patterns: Vec::new(), file, line: lineno });
        let i = self.blocks.len() - 1;
        self.block_index.insert(name, i);
        Ok(i)
    }

    fn parse_verb_line(&mut self, bi: usize, line: &str, file: u16, lineno: u32) -> Result<(), DictionaryError> {
        // VERB {FORMS} [CODE]
        let mut rest = line;
        let mut code = None;
        if let (Some(a), Some(b)) = (rest.rfind('['), rest.rfind(']')) {
            if b > a {
                match CodePair::parse(&rest[a + 1..b]) {
                    Some(c) => code = Some(c),
                    None => self.warn(file, lineno, format!("invalid verb code [{}]; using the block code", &rest[a + 1..b])),
                }
                rest = &rest[..a];
            }
        }
        let mut irregular: Option<Vec<String>> = None;
        if let Some(a) = rest.find('{') {
            let b = rest[a..].find('}').map(|b| a + b).ok_or_else(|| self.error(file, lineno, "unclosed '{' in verb line"))?;
            irregular = Some(rest[a + 1..b].split_whitespace().map(|w| w.to_ascii_uppercase()).collect());
            rest = &rest[..a];
        }
        let mut words = rest.split_whitespace();
        let Some(verb) = words.next() else {
            return Err(self.error(file, lineno, "empty verb line"));
        };
        if words.next().is_some() {
            // "SAY SOMETHING" without underscores is not a verb line PETRARCH can read either.
            self.warn(file, lineno, format!("verb line with several words; only {verb:?} is used"));
        }
        let verb = verb.to_ascii_uppercase();
        let Some((before, base, after)) = split_multiword(&verb) else {
            return Err(self.error(file, lineno, &format!("malformed verb {verb:?}")));
        };
        let mut words_out: Vec<String> = vec![base.clone()];
        match &irregular {
            Some(forms) => {
                for f in forms {
                    if let Some((_, w, _)) = split_multiword(f) {
                        words_out.push(w);
                    }
                }
                if !forms.is_empty() {
                    // Irregular lists usually give only the past forms; -s and -ing stay regular.
                    words_out.extend(verb_forms(&base, false));
                }
            }
            None => words_out.extend(verb_forms(&base, true)),
        }
        words_out.sort();
        words_out.dedup();
        for w in words_out {
            let form = VerbForm {
                block: bi as u32,
                lemma: base.clone(),
                word: w.clone(),
                before: before.clone(),
                after: after.clone(),
                code: code.clone(),
                file,
                line: lineno,
            };
            let list = self.forms.entry(w).or_default();
            match list.iter_mut().find(|f| f.block == form.block && f.before == form.before && f.after == form.after) {
                // A later file (the supplement) repeating a verb replaces its code, as later
                // actor files override earlier ones; a repeat within one file is ignored.
                Some(f) if f.file != form.file => *f = form,
                Some(_) => {}
                None => list.push(form),
            }
        }
        Ok(())
    }

    fn parse_pattern(&mut self, body: &str, file: u16, lineno: u32) -> Result<Option<Pattern>, String> {
        let (a, b) = match (body.rfind('['), body.rfind(']')) {
            (Some(a), Some(b)) if b > a => (a, b),
            _ => return Err("pattern without a [code]".into()),
        };
        let code = CodePair::parse(&body[a + 1..b]).ok_or_else(|| format!("invalid code [{}]; pattern skipped", &body[a + 1..b]))?;
        let text = body[..a].trim();
        let toks = tokenize_pattern(text)?;
        let mut pre = Vec::new();
        let mut post = Vec::new();
        let mut seen_verb = false;
        for t in toks {
            if t == "*" || t == "**" {
                if seen_verb {
                    return Err("pattern with two verb markers".into());
                }
                seen_verb = true;
                continue;
            }
            let e = self.parse_elem(&t)?;
            if seen_verb {
                post.push(e);
            } else {
                pre.push(e);
            }
        }
        if !seen_verb {
            return Err("pattern without the verb marker '*'".into());
        }
        Ok(Some(Pattern { pre, post, code, text: format!("- {} [{}]", text, body[a + 1..b].trim()), file, line: lineno }))
    }

    fn parse_elem(&self, tok: &str) -> Result<Elem, String> {
        if let Some(inner) = tok.strip_prefix('{') {
            let inner = inner.strip_suffix('}').ok_or("unclosed '{'")?;
            let mut es = Vec::new();
            for t in inner.split_whitespace() {
                es.push(self.parse_simple(t)?);
            }
            if es.is_empty() {
                return Err("empty {} phrase".into());
            }
            return Ok(if es.len() == 1 { es.pop().unwrap() } else { Elem::Phrase(es) });
        }
        if let Some(inner) = tok.strip_prefix('(') {
            let inner = inner.strip_suffix(')').ok_or("unclosed '('")?;
            let parts = tokenize_pattern(inner)?;
            let mut it = parts.into_iter();
            let prep_tok = it.next().ok_or("empty () phrase")?;
            if prep_tok.starts_with('&') || prep_tok.starts_with('{') {
                return Err(format!("prepositional phrase must start with a preposition, not {prep_tok:?}"));
            }
            let prep: Vec<String> = prep_tok.split('_').filter(|w| !w.is_empty()).map(|w| w.to_ascii_uppercase()).collect();
            let rest: Vec<String> = it.collect();
            let object = match rest.len() {
                0 => None,
                1 => Some(Box::new(self.parse_elem(&rest[0])?)),
                _ => {
                    let mut es = Vec::new();
                    for t in &rest {
                        let e = self.parse_elem(t)?;
                        if !matches!(e, Elem::Skip) {
                            es.push(e);
                        }
                    }
                    match es.len() {
                        0 => Some(Box::new(Elem::Skip)),
                        1 => Some(Box::new(es.pop().unwrap())),
                        _ if es.iter().any(|e| matches!(e, Elem::Source | Elem::Target)) => {
                            // (AT ^ +) and the like: the marker decides the role.
                            Some(Box::new(es.into_iter().find(|e| matches!(e, Elem::Source | Elem::Target)).unwrap()))
                        }
                        _ => Some(Box::new(Elem::Phrase(es))),
                    }
                }
            };
            return Ok(Elem::Prep { prep, object });
        }
        self.parse_simple(tok)
    }

    fn parse_simple(&self, tok: &str) -> Result<Elem, String> {
        match tok {
            "$" => return Ok(Elem::Source),
            "+" => return Ok(Elem::Target),
            "^" => return Ok(Elem::Skip),
            "%" => return Ok(Elem::Compound),
            _ => {}
        }
        if let Some(name) = tok.strip_prefix('&') {
            let key = format!("&{}", name.to_ascii_uppercase());
            return self.synset_index.get(&key).map(|&i| Elem::Syn(i)).ok_or_else(|| format!("undefined synset {key}; pattern skipped"));
        }
        if tok.contains(['{', '}', '(', ')', '[', ']']) {
            return Err(format!("unexpected token {tok:?}"));
        }
        let words: Vec<String> = tok.split('_').filter(|w| !w.is_empty()).map(|w| w.to_ascii_uppercase()).collect();
        if words.is_empty() {
            return Err(format!("empty word {tok:?}"));
        }
        Ok(Elem::Word(words))
    }

    fn parse_transformation(&self, line: &str, file: u16, lineno: u32) -> Result<Transformation, String> {
        // ~ a (a b ATTACK) SAY = a b 015
        let body = line.trim_start_matches('~').trim();
        let (lhs, rhs) = body.split_once('=').ok_or("transformation without '='")?;
        let open = lhs.find('(').ok_or("transformation without '('")?;
        let close = lhs.find(')').ok_or("transformation without ')'")?;
        let upper_source = tvar(lhs[..open].trim())?;
        let inner: Vec<&str> = lhs[open + 1..close].split_whitespace().collect();
        if inner.len() != 3 {
            return Err("lower event must be (source target VERB)".into());
        }
        let upper_verb = lhs[close + 1..].trim().to_ascii_uppercase();
        if upper_verb.is_empty() {
            return Err("transformation without an upper verb".into());
        }
        let r: Vec<&str> = rhs.split_whitespace().collect();
        if r.len() != 3 {
            return Err("result must be (source target CODE)".into());
        }
        let result_code = if r[2] == "Q" { None } else { Some(Code::parse(r[2]).ok_or_else(|| format!("invalid code {}", r[2]))?) };
        Ok(Transformation {
            upper_source,
            lower_source: tvar(inner[0])?,
            lower_target: tvar(inner[1])?,
            lower_verb: if inner[2] == "Q" { None } else { Some(inner[2].to_ascii_uppercase()) },
            upper_verb,
            result_source: tvar(r[0])?,
            result_target: tvar(r[1])?,
            result_code,
            text: line.trim().to_string(),
            file,
            line: lineno,
        })
    }

    /// `file:line` of a pattern or verb, for evidence.
    pub fn location(&self, file: u16, line: u32) -> String {
        format!("{}:{}", self.files.get(file as usize).map_or("?", String::as_str), line)
    }

    /// Counts for reports and tests.
    pub fn stats(&self) -> DictionaryStats {
        DictionaryStats {
            synsets: self.synsets.len(),
            blocks: self.blocks.len(),
            patterns: self.blocks.iter().map(|b| b.patterns.len()).sum(),
            forms: self.forms.values().map(Vec::len).sum(),
            transformations: self.transformations.len(),
            warnings: self.warnings.len(),
        }
    }
}

/// Sizes of a loaded verb dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DictionaryStats {
    pub synsets: usize,
    pub blocks: usize,
    pub patterns: usize,
    pub forms: usize,
    pub transformations: usize,
    pub warnings: usize,
}

fn tvar(s: &str) -> Result<TVar, String> {
    match s {
        "." => Ok(TVar::Any),
        "_" => Ok(TVar::Absent),
        v if !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase()) => Ok(TVar::Var(v.to_string())),
        v => Err(format!("bad transformation variable {v:?}")),
    }
}

/// Removes a `#` comment, keeping `#` inside `[...]` (the test dictionary has a `[###]` code).
fn strip_comment(line: &str) -> &str {
    let mut depth = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '#' if depth <= 0 => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Splits a pattern into tokens, keeping `{...}` and `(...)` groups whole.
fn tokenize_pattern(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '{' | '(' => {
                if depth.is_empty() && !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur).trim().to_string());
                }
                depth.push(if c == '{' { '}' } else { ')' });
                cur.push(c);
            }
            '}' | ')' => {
                if depth.pop() != Some(c) {
                    return Err(format!("unbalanced {c:?}"));
                }
                cur.push(c);
                if depth.is_empty() {
                    out.push(std::mem::take(&mut cur).trim().to_string());
                }
            }
            c if c.is_whitespace() && depth.is_empty() => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur).trim().to_string());
                }
                cur.clear();
            }
            c => cur.push(c),
        }
    }
    if !depth.is_empty() {
        return Err("unbalanced brackets".into());
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    Ok(out)
}

/// `WIRE_+TAP` → (["WIRE"], "TAP", []); `+CORDON_OFF` → ([], "CORDON", ["OFF"]).
fn split_multiword(verb: &str) -> Option<(Vec<String>, String, Vec<String>)> {
    let parts: Vec<&str> = verb.split('_').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    let head = parts.iter().position(|p| p.starts_with('+')).unwrap_or(0);
    let clean = |p: &str| p.trim_start_matches('+').to_string();
    let base = clean(parts[head]);
    if base.is_empty() {
        return None;
    }
    Some((parts[..head].iter().map(|p| clean(p)).collect(), base, parts[head + 1..].iter().map(|p| clean(p)).collect()))
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'A' | b'E' | b'I' | b'O' | b'U')
}

/// Regular noun plurals as PETRARCH forms them: +S, Y→IES, SS→SSES (and the other sibilants).
pub fn noun_plurals(w: &str) -> Vec<String> {
    let b = w.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let n = b.len();
    if n >= 2 && b[n - 1] == b'Y' && !is_vowel(b[n - 2]) {
        return vec![format!("{}IES", &w[..n - 1])];
    }
    if w.ends_with("SS") || w.ends_with("SH") || w.ends_with("CH") || w.ends_with('X') || w.ends_with('Z') {
        return vec![format!("{w}ES")];
    }
    vec![format!("{w}S")]
}

/// Regular verb forms: -S/-ES/-IES, -ING and, when `past`, -ED/-D/-IED.
///
/// Doubled-consonant forms (PLANNED) are added for short words ending
/// consonant-vowel-consonant; a spurious form can only match a misspelling.
pub fn verb_forms(base: &str, past: bool) -> Vec<String> {
    let b = base.as_bytes();
    let n = b.len();
    if n < 2 || !b.iter().all(|c| c.is_ascii_alphabetic() || *c == b'-') {
        return Vec::new();
    }
    let last = b[n - 1];
    let prev = b[n - 2];
    let mut out = Vec::new();
    // third person singular
    if last == b'Y' && !is_vowel(prev) {
        out.push(format!("{}IES", &base[..n - 1]));
    } else if base.ends_with("SS") || base.ends_with("SH") || base.ends_with("CH") || last == b'X' || last == b'Z' || last == b'O' || (last == b'S' && !is_vowel(prev)) {
        out.push(format!("{base}ES"));
    } else {
        out.push(format!("{base}S"));
    }
    // present participle
    if base.ends_with("IE") {
        out.push(format!("{}YING", &base[..n - 2]));
    } else if last == b'E' && prev != b'E' && prev != b'Y' && prev != b'O' {
        out.push(format!("{}ING", &base[..n - 1]));
    } else {
        out.push(format!("{base}ING"));
    }
    let cvc = n >= 3 && !is_vowel(last) && is_vowel(prev) && !is_vowel(b[n - 3]) && !matches!(last, b'W' | b'X' | b'Y');
    if cvc {
        out.push(format!("{base}{}ING", last as char));
    }
    if past {
        if last == b'E' {
            out.push(format!("{base}D"));
        } else if last == b'Y' && !is_vowel(prev) {
            out.push(format!("{}IED", &base[..n - 1]));
        } else {
            out.push(format!("{base}ED"));
        }
        if cvc {
            out.push(format!("{base}{}ED", last as char));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
####### SYNONYM SETS #######
&CURRENCY
+DOLLAR
+SWISS FRANCS
+CASH_

&AUXVERB1_
+WAS

####### VERB PATTERNS #######

--- ACCELERATE [---] ---
RUSH
SPEED {SPEEDING SPEEDS SPED }
- * (TO) [042:043] # RUSH
- * AID [070]
- &CURRENCY * {ARMS SHIPMENT} [072]
- * CLAIM (AGAINST) + [115]
- * (AT ^) [075A]

--- CORDON [---] ---
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF }
WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING }
LEFT [042:043]
- * (BEFORE COURT) [:173]

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
~ a (a b Q) SAY = a b Q
";

    fn sample() -> VerbDictionary {
        let mut d = VerbDictionary::new();
        d.add_file("sample.txt", SAMPLE).unwrap();
        d
    }

    #[test]
    fn reads_synsets_with_plurals() {
        let d = sample();
        let c = &d.synsets[d.synset("&CURRENCY").unwrap()];
        assert!(c.members.contains(&vec!["DOLLARS".to_string()]));
        assert!(c.members.contains(&vec!["SWISS".to_string(), "FRANCS".to_string()]));
        assert!(!c.members.contains(&vec!["CASHES".to_string()]), "trailing _ suppresses plurals");
        let aux = &d.synsets[d.synset("&AUXVERB1_").unwrap()];
        assert_eq!(aux.members, vec![vec!["WAS".to_string()]]);
    }

    #[test]
    fn a_later_file_repeating_a_verb_replaces_its_code() {
        let mut d = sample();
        let before = d.forms["RUSHED"].len();
        assert_eq!(d.forms["RUSHED"][0].code, None);
        // The later file wins; a repeat inside that file is ignored.
        d.add_file("supplement.txt", "--- ACCELERATE [---] ---\nRUSH [043]\nRUSH [044]\n").unwrap();
        assert_eq!(d.forms["RUSHED"].len(), before);
        let f = &d.forms["RUSHED"][0];
        assert_eq!(f.code.as_ref().map(ToString::to_string).as_deref(), Some("043"));
        assert_eq!(d.files[f.file as usize], "supplement.txt");
        assert_eq!(d.forms["SPED"][0].code, None, "other verbs of the block keep their code");
    }

    #[test]
    fn generates_inflections() {
        let d = sample();
        for w in ["RUSH", "RUSHES", "RUSHED", "RUSHING", "SPED", "SPEEDS", "SPEEDING"] {
            assert!(d.forms.contains_key(w), "{w}");
        }
        assert!(!d.forms.contains_key("SPEEDED"), "irregular list replaces the regular past");
        let f = &d.forms["CORDONED"][0];
        assert_eq!(f.after, vec!["OFF"]);
        let t = &d.forms["TAPPED"][0];
        assert_eq!(t.before, vec!["WIRE"]);
        assert_eq!(d.forms["LEFT"][0].code.as_ref().unwrap().to_string(), "042:043");
    }

    #[test]
    fn reads_patterns_codes_and_legacy_tokens() {
        let d = sample();
        let b = &d.blocks[d.block("ACCELERATE").unwrap()];
        assert!(b.code.is_null());
        assert_eq!(b.patterns.len(), 4, "the [075A] pattern is skipped");
        assert_eq!(b.patterns[0].code.to_string(), "042:043");
        assert_eq!(b.patterns[0].post, vec![Elem::Prep { prep: vec!["TO".into()], object: None }]);
        assert_eq!(b.patterns[2].pre, vec![Elem::Syn(d.synset("&CURRENCY").unwrap())]);
        assert!(matches!(&b.patterns[2].post[0], Elem::Phrase(v) if v.len() == 2));
        assert_eq!(b.patterns[3].post.last(), Some(&Elem::Target));
        assert_eq!(b.patterns[0].line, 15);
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].to_string().starts_with("sample.txt:19:"));
        let c = &d.blocks[d.block("CORDON").unwrap()];
        assert_eq!(c.patterns[0].code.forward, None);
        assert_eq!(c.patterns[0].code.reverse, Some(Code::Cameo("173".into())));
    }

    #[test]
    fn reads_transformations() {
        let d = sample();
        assert_eq!(d.transformations.len(), 2);
        let t = &d.transformations[0];
        assert_eq!(t.lower_verb.as_deref(), Some("ATTACK"));
        assert_eq!(t.result_code, Some(Code::Cameo("015".into())));
        assert_eq!(d.transformations[1].result_code, None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut d = VerbDictionary::new();
        let e = d.add_file("bad.txt", "--- X [010] ---\nSAY {SAID\n").unwrap_err();
        assert!(e.to_string().starts_with("bad.txt:2:"), "{e}");
        let mut d = VerbDictionary::new();
        let e = d.add_file("bad2.txt", "\n\nSAY\n").unwrap_err();
        assert!(e.to_string().starts_with("bad2.txt:3:"), "{e}");
    }

    #[test]
    fn regular_forms() {
        assert_eq!(verb_forms("DEPART", true), vec!["DEPARTS", "DEPARTING", "DEPARTED"]);
        assert!(verb_forms("DEPLORE", true).contains(&"DEPLORED".to_string()));
        assert!(verb_forms("DEPLORE", true).contains(&"DEPLORING".to_string()));
        assert!(verb_forms("CARRY", true).contains(&"CARRIED".to_string()));
        assert!(verb_forms("PLAN", true).contains(&"PLANNED".to_string()));
        assert!(!verb_forms("DEPART", true).contains(&"DEPARTES".to_string()));
    }
}
