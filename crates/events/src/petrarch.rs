//! The PETRARCH conformance suite: validation records, their dictionaries, and scoring.
//!
//! The record file (`PETR_Validate_records_2_02.xml`) is not well-formed XML
//! (nested comment markers, raw JSON inside `<PLEvent>`), so it is read
//! leniently: comments are removed, then `<Environment>`, `<Config>` and
//! `<Sentence>` elements are picked out in document order. A record passes
//! when the multiset of coded (source, target, code) triples equals the
//! expected one; `noevents` and `error` records pass when nothing is coded.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use sitrep_actors::dictionary::{Dictionaries, MatchOptions, Strictness};

use crate::discards::Discards;
use crate::options::CoderOptions;
use crate::pico::Ontology;
use crate::sentence::Sentence;
use crate::verbs::VerbDictionary;
use crate::{CodingResources, DictionaryError};

/// The `<Environment>` block: which dictionaries to load and which categories count.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    pub verbfile: Option<String>,
    pub actorfiles: Vec<String>,
    pub agentfile: Option<String>,
    pub discardfile: Option<String>,
    pub picofile: Option<String>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

/// One expected event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub code: String,
}

/// One `<Sentence>` record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: String,
    pub category: String,
    pub date: Option<chrono::NaiveDate>,
    pub evaluate: bool,
    pub text: String,
    /// The gold CoNLL-U parse.
    pub parse: String,
    pub expected: Vec<Triple>,
    /// `noevents="True"` or `error="..."`: nothing should be coded.
    pub expect_none: bool,
    /// Options in force for this record (every `<Config>` before it applied in order).
    pub options: CoderOptions,
    /// 1-based line of the record in the file.
    pub line: usize,
}

/// The whole file.
#[derive(Debug, Clone)]
pub struct Suite {
    pub environment: Environment,
    pub records: Vec<Record>,
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&amp;", "&")
}

fn attrs(tag: &str) -> BTreeMap<String, String> {
    let re = regex::Regex::new(r#"([A-Za-z_]+)\s*=\s*"([^"]*)""#).unwrap();
    re.captures_iter(tag).map(|c| (c[1].to_string(), unescape(&c[2]))).collect()
}

fn element<'a>(body: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let a = body.find(&open)? + open.len();
    let b = body[a..].find(&close)? + a;
    Some(&body[a..b])
}

/// Blanks out `<!-- ... -->` comments, keeping line numbers.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("<!--") {
        out.push_str(&rest[..p]);
        match rest[p + 4..].find("-->") {
            Some(q) => {
                let comment = &rest[p..p + 4 + q + 3];
                out.extend(comment.chars().filter(|&c| c == '\n'));
                rest = &rest[p + 4 + q + 3..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

impl Suite {
    /// Reads a validation file.
    pub fn from_file(path: &Path) -> Result<Suite, DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|e| DictionaryError(format!("{}: {e}", path.display())))?;
        Suite::parse(&path.display().to_string(), &text)
    }

    /// Parses the text of a validation file; `name` labels errors.
    pub fn parse(name: &str, text: &str) -> Result<Suite, DictionaryError> {
        let text = strip_comments(text);
        let mut env = Environment::default();
        if let Some(e) = element(&text, "Environment") {
            let field = |n: &str| element(e, n).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
            env.verbfile = field("Verbfile");
            env.actorfiles = field("Actorfile").map(|v| v.split(',').map(|s| s.trim().to_string()).collect()).unwrap_or_default();
            env.agentfile = field("Agentfile");
            env.discardfile = field("Discardfile");
            env.picofile = field("PICOfile");
            env.include = field("Include").map(|v| v.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
            env.exclude = field("Exclude").map(|v| v.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
        }
        let tag_re = regex::Regex::new(r"<(Config|Sentence)\b([^>]*)>").unwrap();
        let coding_re = regex::Regex::new(r"<EventCoding\b([^>]*)>").unwrap();
        let mut options = CoderOptions::petrarch();
        let mut records = Vec::new();
        let mut pos = 0;
        while let Some(m) = tag_re.captures(&text[pos..]) {
            let whole = m.get(0).unwrap();
            let start = pos + whole.start();
            let line = text[..start].matches('\n').count() + 1;
            let a = attrs(&m[2]);
            pos += whole.end();
            if &m[1] == "Config" {
                let (Some(opt), Some(val)) = (a.get("option"), a.get("value")) else {
                    return Err(DictionaryError(format!("{name}:{line}: <Config> needs option and value")));
                };
                options.set(opt, val).map_err(|e| DictionaryError(format!("{name}:{line}: {e}")))?;
                continue;
            }
            let end = text[pos..].find("</Sentence>").map(|e| pos + e).ok_or_else(|| DictionaryError(format!("{name}:{line}: <Sentence> without </Sentence>")))?;
            let body = &text[pos..end];
            pos = end + "</Sentence>".len();
            let mut expected = Vec::new();
            let mut expect_none = false;
            for c in coding_re.captures_iter(body) {
                let ca = attrs(&c[1]);
                if ca.contains_key("noevents") || ca.contains_key("error") {
                    expect_none = true;
                    continue;
                }
                match (ca.get("sourcecode"), ca.get("targetcode"), ca.get("eventcode")) {
                    (Some(s), Some(t), Some(e)) => expected.push(Triple { source: s.clone(), target: t.clone(), code: e.clone() }),
                    _ => return Err(DictionaryError(format!("{name}:{line}: <EventCoding> without source, target and event codes"))),
                }
            }
            if expect_none {
                expected.clear();
            }
            let date = a.get("date").and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok());
            records.push(Record {
                id: a.get("id").cloned().unwrap_or_default(),
                category: a.get("category").cloned().unwrap_or_default(),
                date,
                evaluate: a.get("evaluate").is_none_or(|v| !v.eq_ignore_ascii_case("false")),
                text: element(body, "Text").map(|t| unescape(&t.split_whitespace().collect::<Vec<_>>().join(" "))).unwrap_or_default(),
                parse: element(body, "Parse").map(|p| p.trim_matches('\n').to_string()).unwrap_or_default(),
                expected,
                expect_none,
                options: options.clone(),
                line,
            });
        }
        Ok(Suite { environment: env, records })
    }

    /// Whether a record counts under the environment's include/exclude lists.
    pub fn counts(&self, r: &Record) -> bool {
        r.evaluate
            && (self.environment.include.is_empty() || self.environment.include.contains(&r.category))
            && !self.environment.exclude.contains(&r.category)
    }

    /// Loads the dictionaries the environment names from `dir`.
    pub fn resources(&self, dir: &Path) -> Result<CodingResources, DictionaryError> {
        let env = &self.environment;
        let verbfile = env.verbfile.as_ref().ok_or_else(|| DictionaryError("validation file names no <Verbfile>".into()))?;
        let verbs = VerbDictionary::from_file(&dir.join(verbfile))?;
        let onto = match &env.picofile {
            Some(p) => Ontology::from_file(&dir.join(p))?,
            None => Ontology::default(),
        };
        let mut actors = Dictionaries::new();
        for f in &env.actorfiles {
            actors.add_actor_file(&dir.join(f), Strictness::Lenient).map_err(|e| DictionaryError(e.to_string()))?;
        }
        if let Some(f) = &env.agentfile {
            actors.add_agent_file(&dir.join(f), Strictness::Lenient).map_err(|e| DictionaryError(e.to_string()))?;
        }
        let discards = match &env.discardfile {
            Some(f) => Discards::from_file(&dir.join(f))?,
            None => Discards::default(),
        };
        Ok(CodingResources { verbs, onto, actors: Some(actors), discards, match_options: MatchOptions::default(), given_names: Default::default() })
    }
}

/// Pass counts of one category.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryScore {
    pub records: usize,
    pub passed: usize,
    pub pass_rate: f64,
}

/// One record that failed, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub id: String,
    pub expected: Vec<Triple>,
    pub coded: Vec<Triple>,
}

/// The result of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Score {
    pub records: usize,
    pub passed: usize,
    pub pass_rate: f64,
    pub correct: usize,
    pub missed: usize,
    pub extra: usize,
    pub categories: BTreeMap<String, CategoryScore>,
    /// Records not evaluated: `evaluate="false"`, or a category outside `<Include>`.
    pub skipped: usize,
    pub failures: Vec<Failure>,
}

fn rate(p: usize, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        (p as f64 * 1000.0 / n as f64).round() / 10.0
    }
}

/// Codes every counted record with `code(record)` and scores it.
pub fn score(suite: &Suite, mut code: impl FnMut(&Record) -> Vec<Triple>) -> Score {
    let mut sc = Score::default();
    let only = std::env::var("SITREP_PETRARCH_ONLY").ok();
    for r in &suite.records {
        if only.as_ref().is_some_and(|o| !o.split(',').any(|id| id == r.id)) {
            continue;
        }
        if !suite.counts(r) {
            sc.skipped += 1;
            continue;
        }
        let mut coded = code(r);
        coded.sort();
        let mut expected = r.expected.clone();
        expected.sort();
        // Multiset intersection.
        let mut correct = 0;
        let mut left = coded.clone();
        for e in &expected {
            if let Some(p) = left.iter().position(|c| c == e) {
                left.remove(p);
                correct += 1;
            }
        }
        let passed = coded == expected;
        sc.records += 1;
        sc.correct += correct;
        sc.missed += expected.len() - correct;
        sc.extra += left.len();
        let cat = sc.categories.entry(r.category.clone()).or_default();
        cat.records += 1;
        if passed {
            sc.passed += 1;
            cat.passed += 1;
        } else {
            sc.failures.push(Failure { id: r.id.clone(), expected, coded });
        }
    }
    sc.pass_rate = rate(sc.passed, sc.records);
    for c in sc.categories.values_mut() {
        c.pass_rate = rate(c.passed, c.records);
    }
    sc
}

/// Gold sentences of a record.
pub fn gold_sentences(r: &Record) -> Result<Vec<Sentence>, String> {
    let parsed = sitrep_conllu::parse_str(&r.parse).map_err(|e| format!("record {} (line {}): {e}", r.id, r.line))?;
    Ok(parsed.iter().enumerate().map(|(i, s)| Sentence::from_conllu(s, i)).collect())
}

/// Codes one record from its sentences (gold or parsed) with the record's options.
pub fn code_record(res: &CodingResources, r: &Record, mut sentences: Vec<Sentence>) -> Vec<Triple> {
    let Some(discarded) = res.sentence_discards(&sentences, r.options.code_dated_history) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (s, _) in sentences.iter_mut().zip(discarded).filter(|(_, dropped)| !dropped) {
        for e in res.code_sentence(s, r.date, &[], &r.options) {
            out.push(Triple {
                source: e.source.map_or_else(|| "---".to_string(), |c| c.code),
                target: e.target.map_or_else(|| "---".to_string(), |c| c.code),
                code: e.code,
            });
        }
    }
    out
}

/// Runs the suite: `sentences(record)` gives the parse to code (gold or sitrep's own).
pub fn run(suite: &Suite, res: &CodingResources, mut sentences: impl FnMut(&Record) -> Result<Vec<Sentence>, String>) -> Score {
    score(suite, |r| match sentences(r) {
        Ok(s) => code_record(res, r, s),
        // A record whose parse cannot be read codes nothing (the ERROR records expect exactly that).
        Err(_) => Vec::new(),
    })
}
