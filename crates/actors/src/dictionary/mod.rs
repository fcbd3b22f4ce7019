//! PETRARCH / Phoenix actor and agent dictionaries: reading, date rules, phrase matching.
//!
//! This is the stable API other stages (the event coder, the PETRARCH
//! conformance suite) use to read the dictionaries in their real syntax and to
//! find actor and agent phrases in a token sequence.
//!
//! # Syntax accepted
//!
//! Actor files (`Phoenix.*.actors.txt`, `PETR_Validate_actors_*.txt`, our `dictionaries/*.actors.txt`):
//!
//! ```text
//! AFGHANISTAN_  [AFG]            primary phrase, optional code(s) on the same line
//! +AFGHAN_                       synonym: another phrase of the same record
//! NICOLAS_MADURO                 primary phrase without a code; code lines follow
//! +MADURO
//!     [VENGOV >130419]           indented code lines (any leading blank), several per line allowed
//!     [VENELI 19620101-20130418]
//!     [VEN <620101] [VENELI]     `<date`, `>date`, `date-date` (inclusive), no date = default
//! ```
//!
//! - `_` and blanks both join the words of a phrase, which must be consecutive
//!   (PETRARCH-2 semantics); a trailing `_` (TABARI word boundary) is ignored.
//! - Dates are `YYMMDD` (YY 00-30 → 20YY, 31-99 → 19YY) or `YYYYMMDD`. Anything
//!   else (7 digits, impossible days) is reported as a [`Diagnostic`] and the
//!   restriction is dropped, never silently misread.
//! - `#` starts a comment anywhere on a line; `<!-- ... -->` comments may span lines;
//!   lines starting with `<!` are skipped.
//! - A code is chosen for a date by [`ActorRecord::code_at`]: the first dated
//!   restriction that holds wins; otherwise the first undated code.
//!
//! Agent files (`Phoenix.agents.txt`):
//!
//! ```text
//! !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON   substitution marker definition
//! FOREIGN_MINISTER [~GOVFRM]                 `~CODE`: appended after the actor's code
//! HUMAN_RIGHTS_BODY [NGO~]                   `CODE~`: put before the actor's code
//! ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] irregular plural; `{}` = no plural
//! CONGRESS!PERSON! [~LEG]                    expands to CONGRESSMAN, CONGRESSMEN, ...
//! ```
//!
//! Regular plurals are generated as PETRARCH does (Y → IES, S → ES, else S);
//! for a vowel + Y ending the plain `S` form is added too ("ATTORNEYS").
//!
//! # Layering
//!
//! Files are added in order into one [`Dictionaries`]. A phrase defined again
//! in a *later file* overrides the earlier definition; when it is the primary
//! phrase of an earlier record, every phrase of that earlier record moves to the
//! new record (so a supplement entry `BARACK_OBAMA` with fresh dates also takes
//! over Phoenix's `+PRESIDENT_OBAMA`). Within one file, a phrase repeated in
//! several records keeps all their codes (PETRARCH's reading of the Phoenix files).
//!
//! # Matching
//!
//! [`Dictionaries::find`] scans a token sequence and returns the leftmost-longest,
//! non-overlapping actor and agent phrases with their token ranges; see
//! [`normalize`] for how tokens and phrases are compared.

mod compiled;
pub mod normalize;
mod parse;
mod trie;

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use parse::{parse_actor_text, parse_agent_text, parse_date};

/// A problem found while reading a dictionary; the offending line or restriction was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line number.
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A dictionary that could not be read (or, in strict mode, contained an error).
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Syntax(Diagnostic),
    #[error("{path}: compiled dictionary is unreadable: {message}")]
    Compiled { path: String, message: String },
}

/// When a code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Validity {
    /// No date given: the default code.
    Always,
    /// `[CODE <date]`: strictly before the date.
    Before(#[serde(with = "days")] NaiveDate),
    /// `[CODE >date]`: on or after the date.
    From(#[serde(with = "days")] NaiveDate),
    /// `[CODE start-end]`: both ends inclusive.
    Between(
        #[serde(with = "days")] NaiveDate,
        #[serde(with = "days")] NaiveDate,
    ),
}

impl Validity {
    /// Whether a dated restriction holds on `date` (`Always` returns true).
    pub fn holds(&self, date: NaiveDate) -> bool {
        match *self {
            Validity::Always => true,
            Validity::Before(d) => date < d,
            Validity::From(d) => date >= d,
            Validity::Between(a, b) => a <= date && date <= b,
        }
    }
}

/// One `[CODE restriction]` of an actor record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRule {
    /// The code as written (`VENGOV`, `IGOUNO`, `---`).
    pub code: String,
    pub validity: Validity,
}

/// Index of a record in [`Dictionaries::actors`].
pub type ActorId = u32;
/// Index of a record in [`Dictionaries::agents`].
pub type AgentId = u32;

/// One actor record: a primary phrase, its synonyms and its dated codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorRecord {
    /// Phrases as written in the file, words joined by blanks, primary first
    /// (`NICOLAS MADURO`, `MADURO`, `PRESIDENT MADURO`, ...).
    pub phrases: Vec<String>,
    pub codes: Vec<CodeRule>,
    /// Index into [`Dictionaries::files`].
    pub file: u16,
    /// Line of the primary phrase.
    pub line: u32,
}

impl ActorRecord {
    /// The primary phrase.
    pub fn primary(&self) -> &str {
        self.phrases.first().map_or("", String::as_str)
    }

    /// Whether the record is a country or region: every code a bare three-letter one (`IRN`, `LAM`).
    pub fn is_country(&self) -> bool {
        !self.codes.is_empty()
            && self
                .codes
                .iter()
                .all(|c| c.code.len() == 3 && c.code.bytes().all(|b| b.is_ascii_uppercase()))
    }

    /// The code valid on `date`: the first dated restriction that holds, else
    /// the first undated code. Without a date the most recent coding is used: the
    /// open-ended `>date` code with the latest start, else the range that ends
    /// last, else the undated code.
    pub fn code_at(&self, date: Option<NaiveDate>) -> Option<&str> {
        if let Some(d) = date {
            if let Some(r) = self
                .codes
                .iter()
                .find(|r| r.validity != Validity::Always && r.validity.holds(d))
            {
                return Some(&r.code);
            }
            return self
                .codes
                .iter()
                .find(|r| r.validity == Validity::Always)
                .map(|r| r.code.as_str());
        }
        let latest_from = self
            .codes
            .iter()
            .filter_map(|r| match r.validity {
                Validity::From(d) => Some((d, r)),
                _ => None,
            })
            .max_by_key(|(d, _)| *d);
        let latest_range = self
            .codes
            .iter()
            .filter_map(|r| match r.validity {
                Validity::Between(_, e) => Some((e, r)),
                _ => None,
            })
            .max_by_key(|(d, _)| *d);
        latest_from
            .or(latest_range)
            .map(|(_, r)| r)
            .or_else(|| self.codes.iter().find(|r| r.validity == Validity::Always))
            .or_else(|| self.codes.last())
            .map(|r| r.code.as_str())
    }
}

/// Where an agent code goes relative to the actor's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placement {
    /// `[~GOV]`: `IRN` + `GOV` → `IRNGOV`.
    Suffix,
    /// `[NGO~]`: `NGO` + `IRN` → `NGOIRN`.
    Prefix,
}

/// One agent record (`FOREIGN_MINISTER [~GOVFRM]`), with its generated forms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRecord {
    /// Forms matched in text, singular first (`FOREIGN MINISTER`, `FOREIGN MINISTERS`).
    pub forms: Vec<String>,
    /// The agent code without the `~` (`GOVFRM`).
    pub code: String,
    pub placement: Placement,
    pub file: u16,
    pub line: u32,
}

impl AgentRecord {
    /// Combines this agent with an actor code (`None` → `---`, as PETRARCH writes agents without a country).
    pub fn apply(&self, actor: Option<&str>) -> String {
        let base = actor.unwrap_or("---");
        match self.placement {
            Placement::Suffix => format!("{base}{}", self.code),
            Placement::Prefix => format!("{}{base}", self.code),
        }
    }
}

/// What a matched phrase refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entry {
    Actor(ActorId),
    Agent(AgentId),
}

/// A dictionary phrase found in a token sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Tokens `[start, end)` of the sequence passed to [`Dictionaries::find`].
    pub tokens: Range<usize>,
    pub entry: Entry,
}

/// Options for [`Dictionaries::find`].
#[derive(Debug, Clone, Copy)]
pub struct MatchOptions {
    /// Actor phrases must contain a capitalized word, and a one-word actor of
    /// at most three letters must be written in capitals ("us" is not "US",
    /// "turkey" is not Turkey). Agents always match in any case.
    pub case_sensitive_actors: bool,
    pub actors: bool,
    pub agents: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            case_sensitive_actors: true,
            actors: true,
            agents: true,
        }
    }
}

/// Whether a diagnostic makes loading fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// Report problems as diagnostics and skip the offending piece (the shipped Phoenix files need this).
    #[default]
    Lenient,
    /// The first problem is an error.
    Strict,
}

/// Actor and agent dictionaries layered from several files, with a phrase matcher.
#[derive(Debug, Clone, Default)]
pub struct Dictionaries {
    /// Names of the files read, in order (as given: paths or labels).
    pub files: Vec<String>,
    pub actors: Vec<ActorRecord>,
    pub agents: Vec<AgentRecord>,
    trie: trie::Trie,
    /// Actor phrase (normalized pieces joined by blanks) → record, for overrides and lookups.
    actor_phrases: HashMap<String, ActorId>,
    agent_phrases: HashMap<String, AgentId>,
    /// Capital cities (normalized phrase → country code), for metonymy ("Tehran said" = Iran's government).
    pub capitals: std::collections::HashMap<String, String>,
    /// Synonyms of a country record that name a place inside the country ("Texas", "Benghazi"):
    /// coded as the country, but places of their own, not the country's entity.
    pub subplaces: std::collections::HashSet<String>,
}

impl Dictionaries {
    /// An empty set of dictionaries.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads an actor dictionary file and layers it over what is loaded.
    pub fn add_actor_file(
        &mut self,
        path: &Path,
        strictness: Strictness,
    ) -> Result<Vec<Diagnostic>, DictionaryError> {
        let text = read_lossy(path)?;
        let name = path.display().to_string();
        self.add_actor_text(&name, &text, strictness)
    }

    /// Reads an agent dictionary file and layers it over what is loaded.
    pub fn add_agent_file(
        &mut self,
        path: &Path,
        strictness: Strictness,
    ) -> Result<Vec<Diagnostic>, DictionaryError> {
        let text = read_lossy(path)?;
        let name = path.display().to_string();
        self.add_agent_text(&name, &text, strictness)
    }

    /// Parses actor dictionary text; `name` labels diagnostics.
    pub fn add_actor_text(
        &mut self,
        name: &str,
        text: &str,
        strictness: Strictness,
    ) -> Result<Vec<Diagnostic>, DictionaryError> {
        let file = self.push_file(name);
        let mut diags = Vec::new();
        let records = parse_actor_text(name, text, file, &mut diags);
        check(strictness, &diags)?;
        for r in records {
            self.insert_actor(r);
        }
        Ok(diags)
    }

    /// Parses agent dictionary text; `name` labels diagnostics.
    pub fn add_agent_text(
        &mut self,
        name: &str,
        text: &str,
        strictness: Strictness,
    ) -> Result<Vec<Diagnostic>, DictionaryError> {
        let file = self.push_file(name);
        let mut diags = Vec::new();
        let records = parse_agent_text(name, text, file, &mut diags);
        check(strictness, &diags)?;
        for r in records {
            self.insert_agent(r);
        }
        Ok(diags)
    }

    fn push_file(&mut self, name: &str) -> u16 {
        self.files.push(name.to_string());
        (self.files.len() - 1).min(u16::MAX as usize) as u16
    }

    /// The actor record a phrase refers to (`"Nicolás Maduro"`, `"NICOLAS_MADURO"`), if any.
    pub fn actor_for_phrase(&self, phrase: &str) -> Option<&ActorRecord> {
        self.actor_phrases
            .get(&Self::phrase_key(phrase))
            .map(|&id| &self.actors[id as usize])
    }

    /// The agent record a phrase refers to (`"foreign ministers"`), if any.
    pub fn agent_for_phrase(&self, phrase: &str) -> Option<&AgentRecord> {
        self.agent_phrases
            .get(&Self::phrase_key(phrase))
            .map(|&id| &self.agents[id as usize])
    }

    /// Id of the actor record a phrase refers to.
    pub fn actor_id(&self, phrase: &str) -> Option<ActorId> {
        self.actor_phrases.get(&Self::phrase_key(phrase)).copied()
    }

    /// Finds dictionary phrases in `tokens`: leftmost-longest, non-overlapping;
    /// on equal length an actor phrase wins over an agent phrase.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S], opts: MatchOptions) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        self.trie
            .find(tokens, opts, &mut trie::Scratch::default(), &mut out);
        out
    }

    /// Like [`find`](Self::find), reusing caller-owned scratch buffers (for hot loops).
    pub fn find_into<S: AsRef<str>>(
        &self,
        tokens: &[S],
        opts: MatchOptions,
        scratch: &mut MatchScratch,
        out: &mut Vec<PhraseMatch>,
    ) {
        out.clear();
        self.trie.find(tokens, opts, &mut scratch.0, out);
    }

    /// The country code of a capital city phrase (`"Caracas"` → `VEN`), if it is one.
    pub fn capital_country(&self, phrase: &str) -> Option<&str> {
        self.capitals
            .get(&Self::phrase_key(phrase))
            .map(String::as_str)
    }

    /// Records a capital city for metonymy; the phrase is normalized like dictionary phrases.
    pub fn add_capital(&mut self, phrase: &str, country: &str) {
        let key = Self::phrase_key(phrase);
        if !key.is_empty() {
            self.capitals.insert(key, country.to_string());
        }
    }

    /// Whether a phrase is a country record's synonym naming a place inside it ("New York" for the US).
    pub fn is_subplace(&self, phrase: &str) -> bool {
        !self.subplaces.is_empty() && self.subplaces.contains(&Self::phrase_key(phrase))
    }

    /// Marks the synonyms of country records that are the names of places (`places`, normalized
    /// like dictionary phrases) and not names of a country (`countries`).
    pub fn mark_subplaces(
        &mut self,
        places: &std::collections::HashSet<String>,
        countries: &std::collections::HashSet<String>,
    ) {
        for (key, &id) in &self.actor_phrases {
            let rec = &self.actors[id as usize];
            if rec.is_country()
                && *key != Self::phrase_key(rec.primary())
                && places.contains(key)
                && !countries.contains(key)
            {
                self.subplaces.insert(key.clone());
            }
        }
    }

    /// Normalizes a phrase the way dictionary phrases are keyed.
    pub fn phrase_key(phrase: &str) -> String {
        normalize::phrase_pieces(phrase).join(" ")
    }

    /// Number of distinct actor phrases (primary + synonyms) that can be matched.
    pub fn actor_phrase_count(&self) -> usize {
        self.actor_phrases.len()
    }

    /// Number of distinct agent forms that can be matched.
    pub fn agent_phrase_count(&self) -> usize {
        self.agent_phrases.len()
    }

    fn insert_actor(&mut self, rec: ActorRecord) {
        let new_id = self.actors.len() as ActorId;
        let file = rec.file;
        let keys: Vec<String> = rec
            .phrases
            .iter()
            .map(|p| normalize::phrase_pieces(p).join(" "))
            .collect();
        self.actors.push(rec);
        let mut merged_into: Option<ActorId> = None;
        for (i, key) in keys.iter().enumerate() {
            if key.is_empty() {
                continue;
            }
            match self.actor_phrases.get(key).copied() {
                Some(old) if self.actors[old as usize].file == file => {
                    // Same file: PETRARCH keeps every code of a repeated phrase.
                    if merged_into != Some(old) && old != new_id {
                        let extra = self.actors[new_id as usize].codes.clone();
                        self.actors[old as usize].codes.extend(extra);
                        merged_into = Some(old);
                    }
                }
                Some(old) => {
                    let old_rec = &self.actors[old as usize];
                    let old_primary = normalize::phrase_pieces(old_rec.primary()).join(" ");
                    if &old_primary == key {
                        // The later file redefines that record: its synonyms follow.
                        let old_keys: Vec<String> = old_rec
                            .phrases
                            .iter()
                            .map(|p| normalize::phrase_pieces(p).join(" "))
                            .collect();
                        for k in old_keys {
                            if self.actor_phrases.get(&k) == Some(&old) {
                                self.actor_phrases.insert(k.clone(), new_id);
                                self.trie.insert(&k, Entry::Actor(new_id));
                            }
                        }
                    }
                    self.actor_phrases.insert(key.clone(), new_id);
                    self.trie.insert(key, Entry::Actor(new_id));
                }
                None => {
                    self.actor_phrases.insert(key.clone(), new_id);
                    self.trie.insert(key, Entry::Actor(new_id));
                }
            }
            let _ = i;
        }
    }

    fn insert_agent(&mut self, rec: AgentRecord) {
        let id = self.agents.len() as AgentId;
        for form in &rec.forms {
            let key = normalize::phrase_pieces(form).join(" ");
            if key.is_empty() {
                continue;
            }
            self.agent_phrases.insert(key.clone(), id);
            self.trie.insert(&key, Entry::Agent(id));
        }
        self.agents.push(rec);
    }

    /// Serializes the loaded dictionaries into the compact compiled form (`models/actors/`).
    pub fn to_compiled(&self) -> Vec<u8> {
        compiled::write(self)
    }

    /// Reads the compiled form written by [`to_compiled`](Self::to_compiled); `label` names it in errors.
    pub fn from_compiled(bytes: &[u8], label: &str) -> Result<Self, DictionaryError> {
        compiled::read(bytes, label)
    }
}

/// Reusable buffers for [`Dictionaries::find_into`].
#[derive(Debug, Default)]
pub struct MatchScratch(trie::Scratch);

fn check(strictness: Strictness, diags: &[Diagnostic]) -> Result<(), DictionaryError> {
    match (strictness, diags.first()) {
        (Strictness::Strict, Some(d)) => Err(DictionaryError::Syntax(d.clone())),
        _ => Ok(()),
    }
}

/// Reads a file as UTF-8, replacing the few mis-encoded bytes of the Phoenix files.
pub(crate) fn read_lossy(path: &Path) -> Result<String, DictionaryError> {
    let bytes = std::fs::read(path).map_err(|source| DictionaryError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Dates stored as days since the common era: compact in the compiled form.
mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(d.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| serde::de::Error::custom("date out of range"))
    }
}
