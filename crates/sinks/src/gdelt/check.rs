//! Reads GDELT rows back into the row models and checks the shape of every
//! column and sub-field against what real GDELT files contain.
//!
//! The rules come from the staged real rows (`../shared/data/gdelt/samples/`)
//! and the design notes (`../shared/design/gdelt-formats.md`): column counts,
//! per-field patterns, sub-field arities, trailing-`;` rules, .NET `G15`
//! floats, and the identities real rows obey (FractionDate from SQLDATE, base
//! and root codes, QuadClass and Goldstein from the event code, actor columns
//! from the actor code, V1 counts = V2.1 counts without offsets, tone = pos −
//! neg, polarity = pos + neg, WordCount = GCAM `wc`, ...). The same parser
//! reads real rows and sitrep's rows, so a test that passes both is a
//! byte-level compatibility check; reprinting a parsed row gives the line back.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use regex::Regex;

use super::lookups::{base_code, is_actor_code, lookups, quad_class, root_code, ActorAttributes};
use super::num::{fraction_date, g15, is_g15};
use super::rows::*;

/// Column names of the Event table (61).
#[rustfmt::skip]
pub const EVENT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
];

/// Column names of the Mentions table (16).
#[rustfmt::skip]
pub const MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
];

/// Column names of GKG 2.1 (27).
#[rustfmt::skip]
pub const GKG_COLUMNS: [&str; 27] = [
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS",
    "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE",
    "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
];

/// The extras elements real rows carry, in the order they appear.
pub const EXTRAS_ORDER: [&str; 6] =
    ["PAGE_LINKS", "PAGE_AUTHORS", "PAGE_PRECISEPUBTIMESTAMP", "PAGE_ALTURL_AMP", "PAGE_ALTURL_MOBILE", "PAGE_TITLE"];

/// One field that does not look like real GDELT data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError {
    /// 1-based column (0 for the whole line).
    pub column: usize,
    pub field: &'static str,
    /// The offending value, shortened.
    pub value: String,
    pub problem: String,
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {} ({}) {:?}: {}", self.column, self.field, self.value, self.problem)
    }
}

/// Every shape problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ShapeErrors(pub Vec<ShapeError>);

impl fmt::Display for ShapeErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

thread_local! {
    static PATTERNS: RefCell<HashMap<&'static str, Regex>> = RefCell::new(HashMap::new());
}

/// True when `s` matches the (static, anchored by the caller) pattern.
fn is(pattern: &'static str, s: &str) -> bool {
    PATTERNS.with(|p| {
        let mut p = p.borrow_mut();
        let re = p.entry(pattern).or_insert_with(|| Regex::new(pattern).expect("static pattern"));
        re.is_match(s)
    })
}

fn short(s: &str) -> String {
    if s.chars().count() > 80 {
        let mut t: String = s.chars().take(77).collect();
        t.push_str("...");
        t
    } else {
        s.to_string()
    }
}

/// Collects the problems of one row.
struct Row<'a> {
    cols: Vec<&'a str>,
    names: &'static [&'static str],
    errs: Vec<ShapeError>,
}

impl<'a> Row<'a> {
    fn split(line: &'a str, names: &'static [&'static str]) -> Result<Self, ShapeErrors> {
        let line = line.strip_suffix('\n').unwrap_or(line);
        if line.contains(['\n', '\r']) {
            return Err(ShapeErrors(vec![ShapeError {
                column: 0,
                field: "line",
                value: short(line),
                problem: "a record must be one line".into(),
            }]));
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != names.len() {
            return Err(ShapeErrors(vec![ShapeError {
                column: 0,
                field: "line",
                value: short(line),
                problem: format!("{} columns, expected {}", cols.len(), names.len()),
            }]));
        }
        Ok(Row { cols, names, errs: Vec::new() })
    }

    fn get(&self, col: usize) -> &'a str {
        self.cols[col - 1]
    }

    fn err(&mut self, col: usize, problem: impl Into<String>) {
        let value = short(self.cols[col - 1]);
        self.errs.push(ShapeError { column: col, field: self.names[col - 1], value, problem: problem.into() });
    }

    fn finish<T>(self, v: T) -> Result<T, ShapeErrors> {
        if self.errs.is_empty() {
            Ok(v)
        } else {
            Err(ShapeErrors(self.errs))
        }
    }

    /// The column as text, checked against `pattern`.
    fn text(&mut self, col: usize, pattern: &'static str) -> String {
        let v = self.get(col);
        if !is(pattern, v) {
            self.err(col, format!("does not match {pattern}"));
        }
        v.to_string()
    }

    fn uint(&mut self, col: usize, pattern: &'static str) -> u64 {
        let v = self.get(col);
        match (is(pattern, v), v.parse::<u64>()) {
            (true, Ok(n)) => n,
            _ => {
                self.err(col, format!("expected an integer matching {pattern}"));
                0
            }
        }
    }

    fn float(&mut self, col: usize, lo: f64, hi: f64) -> f64 {
        let v = self.get(col);
        match float_problem(v, lo, hi) {
            None => v.parse().unwrap_or(0.0),
            Some(p) => {
                self.err(col, p);
                0.0
            }
        }
    }

    fn timestamp(&mut self, col: usize) -> NaiveDateTime {
        let v = self.get(col);
        match parse_timestamp(v) {
            Some(t) => t,
            None => {
                self.err(col, "expected YYYYMMDDHHMMSS");
                NaiveDateTime::default()
            }
        }
    }

    fn expect_eq(&mut self, col: usize, want: &str) {
        if self.get(col) != want {
            self.err(col, format!("expected {want:?}"));
        }
    }
}

/// `None` when `v` is a .NET `G15` float inside `[lo, hi]`, else the problem.
fn float_problem(v: &str, lo: f64, hi: f64) -> Option<String> {
    if !is_g15(v) {
        return Some(format!("not a .NET G15 float (would print {:?})", v.parse::<f64>().map(g15).unwrap_or_default()));
    }
    let x: f64 = v.parse().unwrap_or(f64::NAN);
    if !(lo..=hi).contains(&x) {
        return Some(format!("outside [{lo}, {hi}]"));
    }
    None
}

fn parse_timestamp(v: &str) -> Option<NaiveDateTime> {
    if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDateTime::parse_from_str(v, "%Y%m%d%H%M%S").ok()
}

/// True for a GDELT batch time: a quarter hour, zero seconds.
pub fn is_batch_time(t: NaiveDateTime) -> bool {
    matches!(t.minute(), 0 | 15 | 30 | 45) && t.second() == 0
}

const GEO_FIELDS: [&str; 8] = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"];

/// Checks one geography block given as its 8 fields (`has_adm2` false where the
/// format has no ADM2 column); problems are `(index into GEO_FIELDS, text)`.
///
/// `adm1_in_country`: ADM1 starts with CountryCode. True in all 503 real Event
/// geographies; not required in GKG, where 42 of 200 real rows give every
/// location one row-wide CountryCode (`4#Budapest, Budapest, Hungary#RS#HU05`).
fn check_geo(f: [&str; 8], has_adm2: bool, adm1_in_country: bool, problems: &mut Vec<(usize, String)>) -> Geo {
    let [ty, name, country, adm1, adm2, lat, long, feature] = f;
    let mut p = |i: usize, s: String| problems.push((i, s));
    let geo_type = match ty.parse::<u8>() {
        Ok(t) if t <= 5 && ty.len() == 1 => t,
        _ => {
            p(0, "type must be 0..5".into());
            0
        }
    };
    if geo_type == 0 {
        for (i, v) in f.iter().enumerate().skip(1) {
            if !v.is_empty() {
                p(i, "must be empty when Type is 0".into());
            }
        }
        return Geo::default();
    }
    if name.is_empty() || name.contains(['#', ';', '\t']) {
        p(1, "FullName must be non-empty, without # ; or tab".into());
    }
    if !is(r"^[A-Z]{2}$", country) {
        p(2, "expected a 2-letter FIPS 10-4 country code".into());
    }
    if !is(r"^[A-Z]{2}([A-Z0-9]{2})?$", adm1) {
        p(3, "expected FIPS country + optional 2-character ADM1".into());
    } else if adm1_in_country && !adm1.starts_with(country) {
        p(3, "ADM1 starts with the country code".into());
    }
    if has_adm2 {
        let ok = if geo_type <= 2 { adm2.is_empty() } else { is(r"^([0-9]+|[A-Z]{2}[0-9]{3})?$", adm2) };
        if !ok {
            p(4, "ADM2 is empty for countries and US states, else a GAUL id or US county code".into());
        }
    }
    let mut point = |i: usize, v: &str, lim: f64| -> Option<f64> {
        if let Some(e) = float_problem(v, -lim, lim) {
            p(i, e);
            None
        } else {
            v.parse().ok()
        }
    };
    let lat = point(5, lat, 90.0);
    let long = point(6, long, 180.0);
    let feature_ok = match geo_type {
        1 => feature == adm1,
        2 => adm1.len() == 4 && feature == &adm1[2..],
        _ => is(r"^-?[0-9]+$", feature),
    };
    if !feature_ok {
        problems.push((
            7,
            "FeatureID: the ADM1 text for countries, the state code for US states, else a signed number".into(),
        ));
    }
    Geo {
        geo_type,
        full_name: name.to_string(),
        country: country.to_string(),
        adm1: adm1.to_string(),
        adm2: if has_adm2 { adm2.to_string() } else { String::new() },
        lat,
        long,
        feature_id: feature.to_string(),
    }
}

/// Parses and checks one Event row.
pub fn parse_event(line: &str) -> Result<EventRow, ShapeErrors> {
    let mut r = Row::split(line, &EVENT_COLUMNS)?;
    let global_event_id = r.uint(1, r"^[1-9][0-9]*$");
    let day = NaiveDate::parse_from_str(r.get(2), "%Y%m%d").ok().filter(|_| is(r"^[0-9]{8}$", r.get(2)));
    let day = match day {
        Some(d) => {
            r.expect_eq(3, &d.format("%Y%m").to_string());
            r.expect_eq(4, &d.format("%Y").to_string());
            r.expect_eq(5, &fraction_date(d.year(), d.month(), d.day()));
            d
        }
        None => {
            r.err(2, "expected a valid YYYYMMDD");
            NaiveDate::default()
        }
    };
    let actor1 = event_actor(&mut r, 6);
    let actor2 = event_actor(&mut r, 16);
    let is_root = r.text(26, r"^[01]$") == "1";
    let event_code = r.text(27, r"^[0-9]{2,4}$");
    match quad_class(&event_code) {
        Some(q) => {
            r.expect_eq(28, base_code(&event_code));
            r.expect_eq(29, root_code(&event_code));
            r.expect_eq(30, &q.to_string());
        }
        None => r.err(27, "root code must be 01..20"),
    }
    let goldstein = match r.get(31).parse::<f64>() {
        Ok(g) if (-10.0..=10.0).contains(&g) && goldstein_str(g) == r.get(31) => g,
        _ => {
            r.err(31, "expected a value in [-10, 10] with one decimal");
            0.0
        }
    };
    if let Some(g) = lookups().goldstein(&event_code) {
        r.expect_eq(31, &goldstein_str(g));
    } else {
        r.err(27, "not a CAMEO event code in GDELT's table");
    }
    let num_mentions = r.uint(32, r"^[1-9][0-9]*$") as u32;
    let num_sources = r.uint(33, r"^[1-9][0-9]*$") as u32;
    let num_articles = r.uint(34, r"^[1-9][0-9]*$") as u32;
    if num_sources > num_articles {
        r.err(33, "more sources than articles");
    }
    if num_articles > num_mentions {
        r.err(34, "more articles than mentions");
    }
    let avg_tone = r.float(35, -100.0, 100.0);
    let actor1_geo = event_geo(&mut r, 36);
    let actor2_geo = event_geo(&mut r, 44);
    let action_geo = event_geo(&mut r, 52);
    let date_added = r.timestamp(60);
    if !is_batch_time(date_added) {
        r.err(60, "DATEADDED must be a 15-minute batch time");
    }
    // A URL, or for print and broadcast sources a textual citation.
    let source_url = r.text(61, r"^[^\t\s][^\t]*$");
    let row = EventRow {
        global_event_id,
        day,
        actor1,
        actor2,
        is_root,
        event_code,
        goldstein,
        num_mentions,
        num_sources,
        num_articles,
        avg_tone,
        actor1_geo,
        actor2_geo,
        action_geo,
        date_added,
        source_url,
    };
    r.finish(row)
}

fn event_actor(r: &mut Row<'_>, start: usize) -> Actor {
    let code = r.get(start).to_string();
    let name = r.get(start + 1).to_string();
    if code.is_empty() {
        for c in start + 1..start + 10 {
            if !r.get(c).is_empty() {
                r.err(c, "must be empty when the actor code is");
            }
        }
        return Actor::default();
    }
    if !is_actor_code(&code) {
        r.err(start, "expected 3-letter CAMEO chunks");
    }
    if name.is_empty() || name.chars().any(char::is_lowercase) {
        r.err(start + 1, "the actor name is non-empty and UPPERCASE");
    }
    let attrs = lookups().decompose(&code);
    let want = [
        &attrs.country,
        &attrs.known_group,
        &attrs.ethnic,
        &attrs.religion1,
        &attrs.religion2,
        &attrs.type1,
        &attrs.type2,
        &attrs.type3,
    ];
    for (i, w) in want.iter().enumerate() {
        r.expect_eq(start + 2 + i, w);
    }
    let got = |i: usize| r.get(start + 2 + i).to_string();
    let attrs = ActorAttributes {
        country: got(0),
        known_group: got(1),
        ethnic: got(2),
        religion1: got(3),
        religion2: got(4),
        type1: got(5),
        type2: got(6),
        type3: got(7),
    };
    Actor { code, name, attrs }
}

fn event_geo(r: &mut Row<'_>, start: usize) -> Geo {
    let f: [&str; 8] = std::array::from_fn(|i| r.get(start + i));
    let mut problems = Vec::new();
    let g = check_geo(f, true, true, &mut problems);
    for (i, p) in problems {
        r.err(start + i, p);
    }
    g
}

/// Parses and checks one Mentions row.
pub fn parse_mention(line: &str) -> Result<MentionRow, ShapeErrors> {
    let mut r = Row::split(line, &MENTION_COLUMNS)?;
    let global_event_id = r.uint(1, r"^[1-9][0-9]*$");
    let event_time = r.timestamp(2);
    let mention_time = r.timestamp(3);
    if event_time > mention_time {
        r.err(2, "the event cannot be added after its mention");
    }
    if !is_batch_time(mention_time) {
        r.err(3, "MentionTimeDate must be a 15-minute batch time");
    }
    let mention_type = r.uint(4, r"^[1-6]$") as u8;
    let source_name =
        if mention_type == 1 { r.text(5, r"^[a-z0-9-]+(\.[a-z0-9-]+)+$") } else { r.text(5, r"^[^\t]+$") };
    let identifier = if mention_type == 1 { r.text(6, r"^https?://\S+$") } else { r.text(6, r"^[^\t]+$") };
    let sentence_id = r.uint(7, r"^[1-9][0-9]*$") as u32;
    let offset = |r: &mut Row<'_>, c: usize| -> i64 {
        let v = r.get(c);
        if is(r"^(-1|0|[1-9][0-9]*)$", v) {
            v.parse().unwrap_or(-1)
        } else {
            r.err(c, "expected a character offset or -1");
            -1
        }
    };
    let actor1_offset = offset(&mut r, 8);
    let actor2_offset = offset(&mut r, 9);
    let action_offset = offset(&mut r, 10);
    if action_offset < 0 {
        r.err(10, "every mention has an action");
    }
    let in_raw_text = r.text(11, r"^[01]$") == "1";
    let confidence = r.uint(12, r"^(10|20|30|40|50|60|70|80|90|100)$") as u8;
    let doc_len = r.uint(13, r"^[1-9][0-9]*$");
    let doc_tone = r.float(14, -100.0, 100.0);
    let translation_info = r.text(15, r"^(srclc:[a-z]{3};eng:[^\t;]+)?$");
    let extras = r.text(16, r"^$");
    let row = MentionRow {
        global_event_id,
        event_time,
        mention_time,
        mention_type,
        source_name,
        identifier,
        sentence_id,
        actor1_offset,
        actor2_offset,
        action_offset,
        in_raw_text,
        confidence,
        doc_len,
        doc_tone,
        translation_info,
        extras,
    };
    r.finish(row)
}

/// Splits a `;`-list. `trailing`: every item is followed by `;` (else: joined, no trailing `;`).
fn list<'a>(r: &mut Row<'a>, col: usize, trailing: bool) -> Vec<&'a str> {
    let v = r.get(col);
    if v.is_empty() {
        return Vec::new();
    }
    let body = if trailing {
        match v.strip_suffix(';') {
            Some(b) => b,
            None => {
                r.err(col, "every entry ends with ';'");
                v
            }
        }
    } else {
        if v.ends_with(';') {
            r.err(col, "no trailing ';' in this column");
        }
        v
    };
    let items: Vec<&str> = body.split(';').collect();
    if items.iter().any(|i| i.is_empty()) {
        r.err(col, "empty entry");
    }
    items
}

/// `Name,offset` entries.
fn mention_list(r: &mut Row<'_>, col: usize, trailing: bool, name_pattern: &'static str) -> Vec<Mention> {
    let mut out = Vec::new();
    for item in list(r, col, trailing) {
        match item.rsplit_once(',') {
            Some((name, off)) if is(r"^(0|[1-9][0-9]*)$", off) && is(name_pattern, name) => {
                out.push(Mention { name: name.to_string(), offset: off.parse().unwrap_or(0) })
            }
            _ => r.err(col, format!("entry {item:?} is not Name,offset with Name matching {name_pattern}")),
        }
    }
    out
}

fn geo_block_errors(r: &mut Row<'_>, col: usize, block: usize, problems: Vec<(usize, String)>) {
    for (i, p) in problems {
        r.err(col, format!("entry {} field {}: {p}", block + 1, GEO_FIELDS[i]));
    }
}

/// Parses and checks one GKG 2.1 row.
pub fn parse_gkg(line: &str) -> Result<GkgRow, ShapeErrors> {
    let mut r = Row::split(line, &GKG_COLUMNS)?;
    let lk = lookups();
    let _ = lk;

    // 1-5: identity.
    let id_text = r.get(1);
    let record_id = match (is(r"^[0-9]{14}-T?(0|[1-9][0-9]*)$", id_text), id_text.split_once('-')) {
        (true, Some((ts, n))) => GkgRecordId {
            batch: parse_timestamp(ts).unwrap_or_default(),
            translated: n.starts_with('T'),
            seq: n.trim_start_matches('T').parse().unwrap_or(0),
        },
        _ => {
            r.err(1, "expected YYYYMMDDHHMMSS-N or YYYYMMDDHHMMSS-TN (N 0-based)");
            GkgRecordId { batch: NaiveDateTime::default(), translated: false, seq: 0 }
        }
    };
    if !is_batch_time(record_id.batch) {
        r.err(1, "the record id starts with a 15-minute batch time");
    }
    let date = if r.get(2) == "0" {
        None
    } else {
        let t = r.timestamp(2);
        if t != record_id.batch {
            r.err(2, "V2.1DATE equals the batch time of the record id in real rows");
        }
        Some(t)
    };
    let collection = r.uint(3, r"^[1-6]$") as u8;
    let source_name = if collection == 1 { r.text(4, r"^[a-z0-9-]+(\.[a-z0-9-]+)+$") } else { r.text(4, r"^[^\t]+$") };
    let document_id = if collection == 1 { r.text(5, r"^https?://\S+$") } else { r.text(5, r"^[^\t]+$") };

    // 6-7: counts.
    let v1: Vec<&str> = list(&mut r, 6, true);
    let v2: Vec<&str> = list(&mut r, 7, true);
    let mut counts = Vec::new();
    for (b, item) in v2.iter().enumerate() {
        let f: Vec<&str> = item.split('#').collect();
        if f.len() != 11 {
            r.err(7, format!("entry {} has {} '#' fields, expected 11", b + 1, f.len()));
            continue;
        }
        if v1.get(b).map(|s| format!("{s}#{}", f[10])) != Some(item.to_string()) {
            r.err(6, format!("entry {} differs from V2.1COUNTS without its offset", b + 1));
        }
        if !is(r"^[A-Z][A-Z0-9_]*$", f[0]) || !is(r"^[0-9]+$", f[1]) || !is(r"^(0|[1-9][0-9]*)$", f[10]) {
            r.err(7, format!("entry {}: CountType, Count or offset malformed", b + 1));
        }
        let mut problems = Vec::new();
        let geo = check_geo([f[3], f[4], f[5], f[6], "", f[7], f[8], f[9]], false, false, &mut problems);
        geo_block_errors(&mut r, 7, b, problems);
        counts.push(GkgCount {
            count_type: f[0].to_string(),
            count: f[1].to_string(),
            object: f[2].to_string(),
            geo,
            offset: f[10].parse().unwrap_or(0),
        });
    }
    if v1.len() != v2.len() {
        r.err(6, "V1COUNTS and V2.1COUNTS have different numbers of entries");
    }

    // 8-9: themes.
    let v1_themes: Vec<String> = list(&mut r, 8, true).into_iter().map(str::to_string).collect();
    for t in &v1_themes {
        if !is(r"^[A-Z][A-Z0-9_]*$", t) {
            r.err(8, format!("theme {t:?} is not an UPPERCASE label"));
        }
    }
    if v1_themes.iter().collect::<HashSet<_>>().len() != v1_themes.len() {
        r.err(8, "V1THEMES is deduplicated");
    }
    let themes = mention_list(&mut r, 9, true, r"^[A-Z][A-Z0-9_]*$");
    let v1_set: HashSet<&str> = v1_themes.iter().map(String::as_str).collect();
    if themes.iter().any(|t| !v1_set.contains(t.name.as_str())) {
        r.err(9, "every enhanced theme is also in V1THEMES");
    }

    // 10-11: locations.
    let mut v1_locations = Vec::new();
    for (b, item) in list(&mut r, 10, false).into_iter().enumerate() {
        let f: Vec<&str> = item.split('#').collect();
        if f.len() != 7 {
            r.err(10, format!("entry {} has {} '#' fields, expected 7", b + 1, f.len()));
            continue;
        }
        let mut problems = Vec::new();
        v1_locations.push(check_geo([f[0], f[1], f[2], f[3], "", f[4], f[5], f[6]], false, false, &mut problems));
        geo_block_errors(&mut r, 10, b, problems);
    }
    if v1_locations.iter().map(|g| &g.full_name).collect::<HashSet<_>>().len() != v1_locations.len() {
        r.err(10, "V1LOCATIONS is deduplicated on name");
    }
    let mut locations = Vec::new();
    for (b, item) in list(&mut r, 11, false).into_iter().enumerate() {
        let f: Vec<&str> = item.split('#').collect();
        if f.len() != 9 {
            r.err(11, format!("entry {} has {} '#' fields, expected 9", b + 1, f.len()));
            continue;
        }
        let mut problems = Vec::new();
        let g = check_geo([f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]], true, false, &mut problems);
        geo_block_errors(&mut r, 11, b, problems);
        if !is(r"^(0|[1-9][0-9]*)$", f[8]) {
            r.err(11, format!("entry {}: bad offset", b + 1));
        }
        locations.push((g, f[8].parse().unwrap_or(0)));
    }
    let key = |g: &Geo| (g.geo_type, g.country.clone(), g.adm1.clone(), g.feature_id.clone());
    let v1_keys: HashSet<_> = v1_locations.iter().map(key).collect();
    if locations.iter().any(|(g, _)| !v1_keys.contains(&key(g))) {
        r.err(11, "every enhanced location is also in V1LOCATIONS (type, country, ADM1, FeatureID)");
    }

    // 12-15: persons and organizations.
    let v1_persons = lower_names(&mut r, 12);
    let persons = mention_list(&mut r, 13, false, r"^[^,;#a-z][^,;#]*$");
    let v1_organizations = lower_names(&mut r, 14);
    let organizations = mention_list(&mut r, 15, false, r"^[^,;#a-z][^,;#]*$");

    // 16: tone.
    let tone_text = r.get(16);
    let t: Vec<&str> = tone_text.split(',').collect();
    let mut tone = GkgTone::default();
    if t.len() != 7 {
        r.err(16, format!("{} values, expected 7", t.len()));
    } else {
        let mut vals = [0.0f64; 6];
        for (i, v) in t[..6].iter().enumerate() {
            match float_problem(v, if i == 0 { -100.0 } else { 0.0 }, if i == 4 { 1e6 } else { 100.0 }) {
                None => vals[i] = v.parse().unwrap_or(0.0),
                Some(p) => r.err(16, format!("value {}: {p}", i + 1)),
            }
        }
        match t[6].parse::<u64>() {
            Ok(n) if is(r"^(0|[1-9][0-9]*)$", t[6]) => tone.word_count = n,
            _ => r.err(16, "WordCount is an integer"),
        }
        [tone.tone, tone.positive, tone.negative, tone.polarity, tone.activity_density, tone.self_group_density] = vals;
        // Real rows print each value from exact counts, so the identities hold up
        // to the 15th digit of the printed values, not bit for bit.
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0);
        if !close(tone.tone, tone.positive - tone.negative) {
            r.err(16, "Tone must equal Positive - Negative");
        }
        if !close(tone.polarity, tone.positive + tone.negative) {
            r.err(16, "Polarity must equal Positive + Negative");
        }
    }

    // 17: dates.
    let mut dates = Vec::new();
    for (b, item) in list(&mut r, 17, false).into_iter().enumerate() {
        let f: Vec<&str> = item.split('#').collect();
        let nums: Vec<Option<u64>> =
            f.iter().map(|s| if is(r"^(0|[1-9][0-9]*)$", s) { s.parse().ok() } else { None }).collect();
        let d = match nums.as_slice() {
            [Some(res), Some(m), Some(d), Some(y), Some(o)] => {
                let (res, m, d, y) = (*res, *m, *d, *y);
                let ok = match res {
                    1 => m == 0 && d == 0 && y > 0,
                    2 => (1..=12).contains(&m) && d == 0 && y > 0,
                    3 => (1..=12).contains(&m) && (1..=31).contains(&d) && y > 0,
                    4 => (1..=12).contains(&m) && (1..=31).contains(&d) && y == 0,
                    _ => false,
                };
                if !ok || y > 9999 {
                    r.err(17, format!("entry {}: parts do not fit resolution {res}", b + 1));
                }
                GkgDate { resolution: res as u8, month: m as u8, day: d as u8, year: y as u16, offset: *o }
            }
            _ => {
                r.err(17, format!("entry {} is not Res#Month#Day#Year#Offset", b + 1));
                continue;
            }
        };
        dates.push(d);
    }

    // 18: GCAM.
    let mut gcam = Vec::new();
    let g = r.get(18);
    if g.is_empty() {
        r.err(18, "GCAM always has wc:N");
    } else {
        let mut prev: Option<&str> = None;
        for (i, item) in g.split(',').enumerate() {
            let Some((k, v)) = item.split_once(':') else {
                r.err(18, format!("entry {item:?} is not key:value"));
                continue;
            };
            let value = if i == 0 {
                if k != "wc" {
                    r.err(18, "the first entry is wc:N");
                }
                None
            } else if k == "nwc" && i == 1 {
                None
            } else if is(r"^c[0-9]+\.[0-9]+$", k) {
                if let Some(p) = prev {
                    if p >= k {
                        r.err(18, format!("keys are sorted as strings: {p} then {k}"));
                    }
                }
                prev = Some(k);
                None
            } else if is(r"^v[0-9]+\.[0-9]+$", k) {
                if let Some(p) = prev {
                    if p >= k {
                        r.err(18, format!("keys are sorted as strings: {p} then {k}"));
                    }
                }
                prev = Some(k);
                match float_problem(v, -1e9, 1e9) {
                    None => Some(GcamValue::Mean(v.parse().unwrap_or(0.0))),
                    Some(p) => {
                        r.err(18, format!("{k}: {p}"));
                        continue;
                    }
                }
            } else {
                r.err(18, format!("unknown GCAM key {k:?}"));
                continue;
            };
            let value = match value {
                Some(v) => v,
                None => match v.parse::<u64>() {
                    Ok(n) if is(r"^(0|[1-9][0-9]*)$", v) => GcamValue::Count(n),
                    _ => {
                        r.err(18, format!("{k}: count expected"));
                        continue;
                    }
                },
            };
            gcam.push((k.to_string(), value));
        }
        if gcam.first().map(|(k, v)| (k.as_str(), *v)) != Some(("wc", GcamValue::Count(tone.word_count))) {
            r.err(18, "wc must equal the tone's WordCount");
        }
    }

    // 19-22: images and embeds.
    let sharing_image = r.text(19, r"^\S*$");
    let related_images = url_list(&mut r, 20, false);
    let social_image_embeds = url_list(&mut r, 21, true);
    let social_video_embeds = url_list(&mut r, 22, true);

    // 23: quotations.
    let mut quotations = Vec::new();
    let q = r.get(23);
    if !q.is_empty() {
        for (b, item) in q.split('#').enumerate() {
            let f: Vec<&str> = item.split('|').collect();
            if f.len() != 4 || !is(r"^(0|[1-9][0-9]*)$", f[0]) || !is(r"^[1-9][0-9]*$", f[1]) || f[3].trim().is_empty()
            {
                r.err(23, format!("entry {} is not Offset|Length|Verb|Quote", b + 1));
                continue;
            }
            quotations.push(Quotation {
                offset: f[0].parse().unwrap_or(0),
                length: f[1].parse().unwrap_or(0),
                verb: f[2].to_string(),
                quote: f[3].to_string(),
            });
        }
    }

    // 24: all names.
    let all_names = mention_list(&mut r, 24, false, r"^[^,;#]+$");

    // 25: amounts.
    let mut amounts = Vec::new();
    for item in list(&mut r, 25, true) {
        let parsed = item.split_once(',').and_then(|(a, rest)| rest.rsplit_once(',').map(|(o, off)| (a, o, off)));
        match parsed {
            Some((a, o, off)) if is(r"^-?[0-9]+(\.[0-9]+)?$", a) && is(r"^(0|[1-9][0-9]*)$", off) => amounts
                .push(GkgAmount { amount: a.to_string(), object: o.to_string(), offset: off.parse().unwrap_or(0) }),
            _ => r.err(25, format!("entry {item:?} is not Amount,Object,Offset")),
        }
    }

    // 26-27: translation and extras.
    let translation_info = r.text(26, r"^(srclc:[a-z]{3};eng:[^\t;]+)?$");
    if record_id.translated == translation_info.is_empty() {
        r.err(26, "translation info is present exactly for -T record ids");
    }
    let extras = parse_extras(&mut r, 27);

    let row = GkgRow {
        record_id,
        date,
        collection,
        source_name,
        document_id,
        counts,
        v1_themes,
        themes,
        v1_locations,
        locations,
        v1_persons,
        persons,
        v1_organizations,
        organizations,
        tone,
        dates,
        gcam,
        sharing_image,
        related_images,
        social_image_embeds,
        social_video_embeds,
        quotations,
        all_names,
        amounts,
        translation_info,
        extras,
    };
    r.finish(row)
}

/// V1 person/organization names: lowercase, `;`-joined, deduplicated.
fn lower_names(r: &mut Row<'_>, col: usize) -> Vec<String> {
    let names: Vec<String> = list(r, col, false).into_iter().map(str::to_string).collect();
    for n in &names {
        if n.chars().any(char::is_uppercase) || n.contains([',', '#']) {
            r.err(col, format!("{n:?}: V1 names are lowercase, without , or #"));
        }
    }
    if names.iter().collect::<HashSet<_>>().len() != names.len() {
        r.err(col, "V1 names are deduplicated");
    }
    names
}

fn url_list(r: &mut Row<'_>, col: usize, trailing: bool) -> Vec<String> {
    let items: Vec<String> = list(r, col, trailing).into_iter().map(str::to_string).collect();
    if items.iter().any(|u| u.chars().any(char::is_whitespace)) {
        r.err(col, "URLs contain no whitespace");
    }
    items
}

fn parse_extras(r: &mut Row<'_>, col: usize) -> Vec<(String, String)> {
    let mut rest = r.get(col);
    let mut out = Vec::new();
    let mut last_rank: Option<usize> = None;
    while !rest.is_empty() {
        let parsed = rest.strip_prefix('<').and_then(|s| s.split_once('>')).and_then(|(tag, after)| {
            let close = format!("</{tag}>");
            after.find(&close).map(|end| (tag, &after[..end], &after[end + close.len()..]))
        });
        let Some((tag, text, after)) = parsed else {
            r.err(col, "expected a sequence of <PAGE_...>text</PAGE_...> elements");
            break;
        };
        if !is(r"^PAGE_[A-Z_]+$", tag) || text.contains('<') {
            r.err(col, format!("element <{tag}> malformed"));
        }
        if let Some(rank) = EXTRAS_ORDER.iter().position(|t| *t == tag) {
            if last_rank.is_some_and(|l| l >= rank) {
                r.err(col, format!("<{tag}> out of order (real rows use {})", EXTRAS_ORDER.join(", ")));
            }
            last_rank = Some(rank);
        }
        if tag == "PAGE_PRECISEPUBTIMESTAMP" && parse_timestamp(text).is_none() {
            r.err(col, "PAGE_PRECISEPUBTIMESTAMP is YYYYMMDDHHMMSS");
        }
        out.push((tag.to_string(), text.to_string()));
        rest = after;
    }
    out
}
