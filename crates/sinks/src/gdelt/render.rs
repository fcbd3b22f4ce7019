//! Turns an [`Analyzed`] document into GDELT rows.
//!
//! The conventions, beyond the codebook, that decide a value:
//! - **Source.** A document with a URL is MentionType / collection 1 (WEB),
//!   named by its host without `www.`; one without is 2 (CITATIONONLY),
//!   named by its `source` and identified by its id.
//! - **Event day.** The event's text date; a year-only or month-only date takes
//!   the missing parts from the document date (real rows show "the same day a
//!   year earlier"), then the document date, then the batch date.
//! - **Actors.** Name = the entity's canonical name (else the mention), UPPERCASE;
//!   the attribute columns come from the CAMEO code ([`Lookups::decompose`]).
//!   An actor without a well-formed CAMEO code leaves all 10 columns empty.
//! - **Geography.** Actor geo = the place overlapping the actor mention, else the
//!   nearest place in the event's sentence. Action geo = the event's location,
//!   else the nearest place to the verb in the sentence, else actor 1's, else
//!   actor 2's. Places that cannot be written validly (no FIPS country or point)
//!   are left out.
//! - **Boilerplate.** Nothing that starts inside an excluded span (header,
//!   caption, related headline) becomes an event, mention or GKG entry.
//! - **Negated events are not rows**: "did not attack" is not an attack. Nor
//!   are codes outside GDELT's CAMEO table, which have no Goldstein value.
//! - **Mentions.** Offsets are characters; InRawText = 1 when both actors are
//!   named inside the event's sentence; Confidence starts at 100 and loses 30
//!   when not in the raw sentence, 20 per missing actor, 20 for modality, 10
//!   outside the lead, floored at 10.
//! - **GKG names.** Persons (2 words or more, as in real rows) and
//!   organizations use the entity's canonical name in Title Case, one V2 entry
//!   per mention; V1 lists are lowercase and deduplicated. AllNames lists every
//!   entity mention of two words or more as written.
//! - **Quotes.** Direct quotes only, spelled as GDELT tokenizes them (a space
//!   before `,` `;` `:` and a final `.`, spaces inside parentheses); Offset and
//!   Length cover the quoted text without its quotation marks.
//! - **Word count.** The tone's word count; if the tone stage gave none, the
//!   number of whitespace-separated words holding a letter or digit. The same
//!   number is GCAM `wc`, as in every real row.
//! - **Metadata.** V2.1SHARINGIMAGE from `sharing_image`/`image`/`og_image`/
//!   `top_image`; RELATEDIMAGES from `related_images`/`images`; social embeds
//!   from `social_image_embeds`/`social_video_embeds`; translation info from
//!   `translation_info`; EXTRASXML from `links`, `authors`/`author`,
//!   `published`/`published_at`/`pub_time`/`datetime`, `amp_url`, `mobile_url`
//!   and the title, non-ASCII written `&#xHEX;` as in real rows.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use sitrep_actors::Entity;
use sitrep_document::{CharIndex, Document, Span};
use sitrep_events::{Event, EventActor, EventDate};
use sitrep_extract::{DateResolution, Location, QuoteKind};
use sitrep_nlp::EntityType;
use sitrep_pipeline::Analyzed;

use super::lookups::{is_actor_code, is_event_code, lookups, quad_class};
use super::rows::*;

/// Replaces control characters (tabs, newlines) and the given delimiters with
/// spaces, collapses runs of whitespace and trims.
pub fn clean(s: &str, delims: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() || delims.contains(c) {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The host of a URL without `www.`, lowercase (`MentionSourceName`).
pub fn domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let label_ok = |l: &str| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    (host.contains('.') && host.split('.').all(label_ok)).then_some(host)
}

/// Collection / MentionType, common name and identifier of a document.
pub fn source_of(doc: &Document) -> (u8, String, String) {
    let url = doc.url.as_deref().map(str::trim).filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    if let Some(url) = url.filter(|u| !u.contains(char::is_whitespace)) {
        if let Some(host) = domain(url) {
            return (1, host, url.to_string());
        }
    }
    let name = doc.source.as_deref().map(|s| clean(s, "")).filter(|s| !s.is_empty());
    let id = clean(&doc.id, "");
    let id = if id.is_empty() { "unknown".to_string() } else { id };
    (2, name.unwrap_or_else(|| id.clone()), id)
}

/// The translation info a document carries (`srclc:xxx;eng:...`), if well formed.
fn translation_info(doc: &Document) -> String {
    let t = meta_str(doc, &["translation_info"]).unwrap_or_default();
    let ok = t.strip_prefix("srclc:").and_then(|r| r.split_once(";eng:")).is_some_and(|(lang, engine)| {
        lang.len() == 3 && lang.bytes().all(|b| b.is_ascii_lowercase()) && !engine.is_empty() && !engine.contains(';')
    });
    if ok {
        t
    } else {
        String::new()
    }
}

fn meta_str(doc: &Document, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match doc.metadata.get(*k) {
        Some(serde_json::Value::String(s)) => Some(clean(s, "")).filter(|s| !s.is_empty()),
        _ => None,
    })
}

fn meta_list(doc: &Document, keys: &[&str]) -> Vec<String> {
    for k in keys {
        let items: Vec<String> = match doc.metadata.get(*k) {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            Some(serde_json::Value::String(s)) => s.split(';').map(str::to_string).collect(),
            _ => continue,
        };
        return items.iter().map(|s| clean(s, "")).filter(|s| !s.is_empty()).collect();
    }
    Vec::new()
}

/// A URL fit for a `;`-list: no whitespace, `;` percent-encoded.
fn list_url(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && !s.contains(char::is_whitespace)).then(|| s.replace(';', "%3B"))
}

/// The ISO day `d` from an [`EventDate`] string at its precision, filling the
/// missing parts from `reference` (clamped to the month's length).
pub fn event_day(date: Option<&EventDate>, doc_date: Option<NaiveDate>, batch: NaiveDate) -> NaiveDate {
    let reference = doc_date.unwrap_or(batch);
    let Some(d) = date else { return reference };
    let parts: Vec<u32> = d.date.split('-').map_while(|p| p.parse().ok()).collect();
    let (y, m, day) = match parts.as_slice() {
        [y, m, d, ..] => (*y as i32, *m, *d),
        [y, m] => (*y as i32, *m, reference.day()),
        [y] => (*y as i32, reference.month(), reference.day()),
        _ => return reference,
    };
    if !(1..=12).contains(&m) || !(1000..=9999).contains(&y) {
        return reference;
    }
    (1..=day.max(1)).rev().find_map(|dd| NaiveDate::from_ymd_opt(y, m, dd)).unwrap_or(reference)
}

/// GDELT's geography block for a geocoded place, or `None` when it cannot be written validly.
pub fn geo_of(l: &Location) -> Option<Geo> {
    let t = l.geo_type;
    if !(1..=5).contains(&t) {
        return None;
    }
    let mut country = clean(&l.country_code, "").to_ascii_uppercase();
    if country.len() == 3 {
        country = lookups().country_by_iso(&country)?.fips.clone();
    }
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let a = clean(&l.adm1, "").to_ascii_uppercase();
    let adm1 = if t == 1 || a.is_empty() {
        country.clone()
    } else if a.len() == 4 && a.starts_with(&country) {
        a
    } else if a.len() == 2 {
        format!("{country}{a}")
    } else if a.len() == 1 {
        format!("{country}0{a}")
    } else {
        country.clone()
    };
    let adm1_ok =
        adm1.len() == 2 || (adm1.len() == 4 && adm1.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    let adm1 = if adm1_ok { adm1 } else { country.clone() };
    let a2 = clean(&l.adm2, "").to_ascii_uppercase();
    let adm2_ok = a2.bytes().all(|b| b.is_ascii_digit())
        || (a2.len() == 5
            && a2[..2].bytes().all(|b| b.is_ascii_uppercase())
            && a2[2..].bytes().all(|b| b.is_ascii_digit()));
    let adm2 = if t <= 2 || !adm2_ok { String::new() } else { a2 };
    let point = |v: f64, lim: f64| (v.is_finite() && v.abs() <= lim).then_some(v);
    let (lat, long) = (point(l.lat, 90.0)?, point(l.lon, 180.0)?);
    let feature_id = match t {
        1 => adm1.clone(),
        2 if adm1.len() == 4 => adm1[2..].to_string(),
        2 => return None,
        _ => {
            let f = clean(&l.feature_id, "");
            let numeric = |s: &str| {
                let d = s.strip_prefix('-').unwrap_or(s);
                !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
            };
            if numeric(&f) {
                f
            } else {
                l.geonames_id?.to_string()
            }
        }
    };
    let mut full_name = clean(&l.name, "#;");
    if full_name.is_empty() {
        full_name = clean(&l.text, "#;");
    }
    if full_name.is_empty() {
        full_name = lookups().country_by_fips(&country).map(|c| c.name.clone()).unwrap_or_else(|| country.clone());
    }
    Some(Geo { geo_type: t, full_name, country, adm1, adm2, lat: Some(lat), long: Some(long), feature_id })
}

/// True when `s` lies in boilerplate (headers, captions, related headlines): not story text.
fn excluded(a: &Analyzed, s: Span) -> bool {
    a.excluded.iter().any(|e| e.span.start <= s.start && s.start < e.span.end)
}

/// Characters between two spans (0 when they touch or overlap).
fn gap(a: Span, b: Span) -> usize {
    if a.overlaps(b) {
        0
    } else if a.end <= b.start {
        b.start - a.end
    } else {
        a.start - b.end
    }
}

/// The place for a span: one overlapping it, else the nearest inside `sentence`.
fn place_for(span: Span, sentence: Option<Span>, geos: &[(Span, Geo)]) -> Option<Geo> {
    if let Some((_, g)) = geos.iter().find(|(s, _)| s.overlaps(span)) {
        return Some(g.clone());
    }
    let sentence = sentence?;
    geos.iter().filter(|(s, _)| sentence.contains(*s)).min_by_key(|(s, _)| gap(*s, span)).map(|(_, g)| g.clone())
}

fn actor_of(a: Option<&EventActor>, entities: &[Entity]) -> Actor {
    let Some(a) = a else { return Actor::default() };
    let code = a.code.trim();
    if !is_actor_code(code) {
        return Actor::default();
    }
    let canonical =
        a.entity.as_deref().and_then(|id| entities.iter().find(|e| e.id == id)).map(|e| e.canonical.as_str());
    // A few letters have no uppercase form; real names have no lowercase at all.
    let mut name: String =
        clean(canonical.unwrap_or(&a.text), "").to_uppercase().chars().filter(|c| !c.is_lowercase()).collect();
    if name.is_empty() {
        name = code.to_uppercase();
    }
    Actor { code: code.to_string(), name, attrs: lookups().decompose(code) }
}

/// The identity under which mentions of one event merge into one Event row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EventKey {
    day: NaiveDate,
    actor1: String,
    actor2: String,
    code: String,
    action_geo: (u8, String, String),
}

/// One coded event of one document, before it gets its GLOBALEVENTID.
#[derive(Debug, Clone)]
pub struct RenderedEvent {
    pub key: EventKey,
    /// The row with id 0 and counts for this single mention.
    pub row: EventRow,
    /// The mention with id 0.
    pub mention: MentionRow,
}

/// Document-level values every row of a document shares.
pub struct DocFacts {
    pub collection: u8,
    pub source_name: String,
    pub identifier: String,
    pub translation_info: String,
    /// Tone (positive − negative) of the whole document.
    pub tone: f64,
    pub char_len: u64,
}

impl DocFacts {
    pub fn of(a: &Analyzed) -> Self {
        let (collection, source_name, identifier) = source_of(&a.document);
        let tone = gkg_tone(&a.extracted.tone, 0);
        DocFacts {
            collection,
            source_name,
            identifier,
            translation_info: translation_info(&a.document),
            tone: tone.tone,
            char_len: a.document.text.chars().count() as u64,
        }
    }
}

/// Every event of a document as an Event row and a Mentions row, in text order.
pub fn events(a: &Analyzed, batch: NaiveDateTime) -> Vec<RenderedEvent> {
    let facts = DocFacts::of(a);
    let chars = CharIndex::new(&a.document.text);
    let text_len = a.document.text.len();
    let geos: Vec<(Span, Geo)> = a.extracted.locations.iter().filter_map(|l| geo_of(l).map(|g| (l.span, g))).collect();
    let mut out = Vec::new();
    for ev in &a.events {
        if let Some(r) = render_event(a, ev, &facts, &chars, text_len, &geos, batch) {
            out.push(r);
        }
    }
    out
}

fn render_event(
    a: &Analyzed,
    ev: &Event,
    facts: &DocFacts,
    chars: &CharIndex,
    text_len: usize,
    geos: &[(Span, Geo)],
    batch: NaiveDateTime,
) -> Option<RenderedEvent> {
    let code = ev.code.trim();
    if ev.negated || !is_event_code(code) || quad_class(code).is_none() {
        return None;
    }
    // Only codes in GDELT's CAMEO table have a Goldstein value and can be GDELT rows.
    let goldstein = lookups().goldstein(code)?;
    let in_text =
        |s: Span| s.start <= s.end && s.end <= text_len && a.document.text.is_char_boundary(s.start) && !excluded(a, s);
    if !in_text(ev.action) {
        return None;
    }
    let day = event_day(ev.date.as_ref(), a.document.date, batch.date());
    let sentence = a.parse.sentences.get(ev.sentence).map(|s| s.span);
    let side = |x: &Option<EventActor>| -> bool {
        x.as_ref().is_some_and(|x| is_actor_code(x.code.trim()) && in_text(x.span))
    };
    let src = ev.source.as_ref().filter(|_| side(&ev.source));
    let tgt = ev.target.as_ref().filter(|_| side(&ev.target));
    let actor1 = actor_of(src, &a.entities);
    let actor2 = actor_of(tgt, &a.entities);
    let actor1_geo = src.and_then(|x| place_for(x.span, sentence, geos)).unwrap_or_default();
    let actor2_geo = tgt.and_then(|x| place_for(x.span, sentence, geos)).unwrap_or_default();
    let action_geo = ev
        .location
        .and_then(|i| a.extracted.locations.get(i))
        .and_then(geo_of)
        .or_else(|| place_for(ev.action, sentence, geos))
        .or_else(|| (actor1_geo.geo_type > 0).then(|| actor1_geo.clone()))
        .or_else(|| (actor2_geo.geo_type > 0).then(|| actor2_geo.clone()))
        .unwrap_or_default();
    let key = EventKey {
        day,
        actor1: actor1.code.clone(),
        actor2: actor2.code.clone(),
        code: code.to_string(),
        action_geo: (action_geo.geo_type, action_geo.feature_id.clone(), action_geo.full_name.clone()),
    };
    let row = EventRow {
        global_event_id: 0,
        day,
        actor1,
        actor2,
        is_root: ev.is_root,
        event_code: code.to_string(),
        goldstein,
        num_mentions: 1,
        num_sources: 1,
        num_articles: 1,
        avg_tone: facts.tone,
        actor1_geo,
        actor2_geo,
        action_geo,
        date_added: batch,
        source_url: facts.identifier.clone(),
    };
    let offset = |x: Option<&EventActor>| x.map_or(-1, |x| chars.char_of(x.span.start) as i64);
    let in_raw_text = Event::actors_within(src, tgt, sentence);
    let confidence = ev.mention_confidence(src, tgt, sentence);
    let mention = MentionRow {
        global_event_id: 0,
        event_time: batch,
        mention_time: batch,
        mention_type: facts.collection,
        source_name: facts.source_name.clone(),
        identifier: facts.identifier.clone(),
        sentence_id: ev.sentence as u32 + 1,
        actor1_offset: offset(src),
        actor2_offset: offset(tgt),
        action_offset: chars.char_of(ev.action.start) as i64,
        in_raw_text,
        confidence,
        doc_len: facts.char_len.max(1),
        doc_tone: facts.tone,
        translation_info: facts.translation_info.clone(),
        extras: String::new(),
    };
    Some(RenderedEvent { key, row, mention })
}

/// Merges mentions of the same event and hands out GLOBALEVENTIDs in first-seen order.
#[derive(Debug, Default)]
pub struct EventTable {
    next_id: u64,
    index: HashMap<EventKey, usize>,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    row: EventRow,
    sources: HashSet<String>,
    docs: HashSet<u64>,
    tone_sum: f64,
}

impl EventTable {
    /// A table whose first event gets `first_id`.
    pub fn new(first_id: u64) -> Self {
        EventTable { next_id: first_id.max(1), ..Default::default() }
    }

    /// Adds one mention from document number `doc`; returns the mention row with its event id.
    pub fn add(&mut self, r: RenderedEvent, doc: u64) -> MentionRow {
        let RenderedEvent { key, row, mut mention } = r;
        let tone = row.avg_tone;
        let i = match self.index.get(&key) {
            Some(&i) => {
                let e = &mut self.entries[i];
                e.row.num_mentions += 1;
                e.row.is_root |= row.is_root;
                i
            }
            None => {
                let mut row = row;
                row.global_event_id = self.next_id;
                self.next_id += 1;
                self.entries.push(Entry { row, sources: HashSet::new(), docs: HashSet::new(), tone_sum: 0.0 });
                self.index.insert(key, self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        let e = &mut self.entries[i];
        e.sources.insert(mention.source_name.clone());
        if e.docs.insert(doc) {
            e.tone_sum += tone;
        }
        mention.global_event_id = e.row.global_event_id;
        mention
    }

    /// The merged Event rows so far, in id order; the table forgets them (ids keep counting).
    pub fn drain(&mut self) -> Vec<EventRow> {
        self.index.clear();
        self.entries
            .drain(..)
            .map(|mut e| {
                e.row.num_sources = e.sources.len().max(1) as u32;
                e.row.num_articles = e.docs.len().max(1) as u32;
                e.row.avg_tone = e.tone_sum / e.row.num_articles as f64;
                e.row
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The V1.5 tone fields, clamped to the ranges real rows use; Tone and Polarity are
/// recomputed from Positive and Negative so that the identities hold.
pub fn gkg_tone(t: &sitrep_extract::Tone, word_count: u64) -> GkgTone {
    let fit = |v: f64, hi: f64| if v.is_finite() { v.clamp(0.0, hi) } else { 0.0 };
    let (pos, neg) = (fit(t.positive, 100.0), fit(t.negative, 100.0));
    GkgTone {
        tone: pos - neg,
        positive: pos,
        negative: neg,
        polarity: pos + neg,
        activity_density: fit(t.activity_density, 1e6),
        self_group_density: fit(t.self_group_density, 100.0),
        word_count,
    }
}

/// Title Case: upper after a space or hyphen, lower elsewhere (`al-arab kobane` → `Al-Arab Kobane`).
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = c == ' ' || c == '-';
    }
    out
}

/// GDELT's spelling of a quote: a space before `,` `;` `:` (not inside numbers)
/// and before a final `.`, and spaces inside parentheses.
pub fn quote_spelling(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let in_number = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
        match c {
            ',' | ';' | ':' if !in_number => {
                out.push(' ');
                out.push(c);
            }
            '.' if next.is_none() => out.push_str(" ."),
            '(' => out.push_str("( "),
            ')' => out.push_str(" )"),
            _ => out.push(c),
        }
    }
    clean(&out, "")
}

const QUOTE_MARKS: &[char] = &['"', '\'', '“', '”', '‘', '’', '«', '»', '„', '‚', '‹', '›', '`'];

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s, "").chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("&#x{:X};", c as u32)),
        }
    }
    out
}

fn precise_timestamp(doc: &Document) -> Option<String> {
    let s = meta_str(doc, &["published", "published_at", "pub_time", "datetime"])?;
    let t = chrono::DateTime::parse_from_rfc3339(&s)
        .map(|d| d.naive_utc())
        .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S"))
        .ok()?;
    Some(timestamp(t))
}

/// The GKG row of a document, or `None` when nothing at all was extracted.
pub fn gkg(a: &Analyzed, id_batch: NaiveDateTime, seq: u64) -> Option<GkgRow> {
    let doc = &a.document;
    let text = doc.text.as_str();
    let x = &a.extracted;
    let facts = DocFacts::of(a);
    let chars = CharIndex::new(text);
    let valid = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
            && !excluded(a, s)
    };
    let off = |s: Span| chars.char_of(s.start) as u64;

    let label = |s: &str| -> Option<String> {
        let l: String =
            s.trim().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
        (l.starts_with(|c: char| c.is_ascii_uppercase())).then_some(l)
    };

    let mut counts = Vec::new();
    for c in &x.counts {
        let (Some(ty), true) = (label(&c.count_type), valid(c.span)) else { continue };
        if !c.number.is_finite() || c.number < 0.0 || c.number >= 1e18 {
            continue;
        }
        let mut geo = c.location.and_then(|i| x.locations.get(i)).and_then(geo_of).unwrap_or_default();
        geo.adm2.clear();
        counts.push(GkgCount {
            count_type: ty,
            count: format!("{:.0}", c.number.round()),
            object: clean(c.object.as_deref().unwrap_or(""), "#;"),
            geo,
            offset: off(c.span),
        });
    }

    let mut themes = Vec::new();
    let mut v1_themes: Vec<String> = Vec::new();
    for t in &x.themes {
        let (Some(l), true) = (label(&t.theme), valid(t.span)) else { continue };
        if !v1_themes.contains(&l) {
            v1_themes.push(l.clone());
        }
        themes.push(Mention { name: l, offset: off(t.span) });
    }

    let mut v1_locations: Vec<Geo> = Vec::new();
    let mut locations = Vec::new();
    for l in &x.locations {
        let (Some(g), true) = (geo_of(l), valid(l.span)) else { continue };
        let mut v1 = g.clone();
        v1.adm2.clear();
        let same = |v: &Geo| {
            (v.geo_type, &v.country, &v.adm1, &v.feature_id) == (g.geo_type, &g.country, &g.adm1, &g.feature_id)
        };
        match v1_locations.iter().find(|v| v.full_name == g.full_name) {
            Some(v) if !same(v) => continue,
            Some(_) => {}
            None => v1_locations.push(v1),
        }
        let mut v2 = g;
        if v2.geo_type == 1 {
            let surface = clean(&l.text, "#;");
            if !surface.is_empty() {
                v2.full_name = surface;
            }
        }
        locations.push((v2, off(l.span)));
    }

    let (mut persons, mut organizations, mut all_names) = (Vec::new(), Vec::new(), Vec::new());
    for e in &a.entities {
        if !valid(e.span) {
            continue;
        }
        let canonical = clean(if e.canonical.trim().is_empty() { &e.text } else { &e.canonical }, ",;#");
        match e.kind {
            EntityType::Per if words(&canonical) >= 2 => {
                persons.push(Mention { name: title_case(&canonical), offset: off(e.span) })
            }
            EntityType::Org if !canonical.is_empty() => {
                organizations.push(Mention { name: title_case(&canonical), offset: off(e.span) })
            }
            _ => {}
        }
        let surface = clean(&text[e.span.start..e.span.end], ",;#");
        if words(&surface) >= 2 {
            all_names.push(Mention { name: surface, offset: off(e.span) });
        }
    }
    let v1 = |ms: &[Mention]| -> Vec<String> {
        let mut seen = HashSet::new();
        ms.iter()
            .map(|m| m.name.to_lowercase().chars().filter(|c| !c.is_uppercase()).collect::<String>())
            .filter(|n| !n.is_empty() && seen.insert(n.clone()))
            .collect()
    };
    let (v1_persons, v1_organizations) = (v1(&persons), v1(&organizations));

    let t = &x.tone;
    let word_count = if t.word_count > 0 {
        t.word_count as u64
    } else {
        text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() as u64
    };
    let tone = gkg_tone(t, word_count);

    let mut dates = Vec::new();
    for d in &x.dates {
        let Some(r) = d.resolved.as_deref().filter(|_| valid(d.span)) else { continue };
        let nums: Vec<u32> = r.split('-').filter(|p| !p.is_empty()).map_while(|p| p.parse().ok()).collect();
        let (res, m, dd, y) = match (d.resolution, nums.as_slice()) {
            (DateResolution::Year, [y, ..]) => (1, 0, 0, *y),
            (DateResolution::Month, [y, m, ..]) => (2, *m, 0, *y),
            (DateResolution::Day, [y, m, d, ..]) => (3, *m, *d, *y),
            (DateResolution::MonthDay, [.., m, d]) => (4, *m, *d, 0),
            _ => continue,
        };
        let ok = (1..=9999).contains(&y) || res == 4;
        if !ok || m > 12 || dd > 31 || (res >= 2 && m == 0) || (res >= 3 && dd == 0) {
            continue;
        }
        dates.push(GkgDate { resolution: res, month: m as u8, day: dd as u8, year: y as u16, offset: off(d.span) });
    }

    let mut quotations = Vec::new();
    for q in &x.quotes {
        if q.kind != QuoteKind::Direct || !valid(q.span) {
            continue;
        }
        let raw = &text[q.span.start..q.span.end];
        let lead = raw.len() - raw.trim_start_matches(|c: char| c.is_whitespace() || QUOTE_MARKS.contains(&c)).len();
        let inner = raw[lead..].trim_end_matches(|c: char| c.is_whitespace() || QUOTE_MARKS.contains(&c));
        let quote = clean(&quote_spelling(inner), "|#");
        if quote.is_empty() {
            continue;
        }
        let start = q.span.start + lead;
        quotations.push(Quotation {
            offset: chars.char_of(start) as u64,
            length: inner.chars().count() as u64,
            verb: clean(q.verb.as_deref().unwrap_or(""), "|#"),
            quote,
        });
    }

    let mut amounts = Vec::new();
    for m in &x.amounts {
        if !valid(m.span) {
            continue;
        }
        let object = m.object.as_deref().or(m.unit.as_deref()).or(m.currency.as_deref()).unwrap_or("");
        let object = clean(object, ",;#");
        for v in std::iter::once(m.value).chain(m.value_max) {
            if v.is_finite() {
                amounts.push(GkgAmount { amount: amount_str(v), object: object.clone(), offset: off(m.span) });
            }
        }
    }

    let sharing_image = meta_str(doc, &["sharing_image", "image", "og_image", "top_image"])
        .and_then(|u| list_url(&u))
        .unwrap_or_default();
    let urls = |keys: &[&str]| meta_list(doc, keys).iter().filter_map(|u| list_url(u)).collect::<Vec<_>>();
    let related_images = urls(&["related_images", "images"]);
    let social_image_embeds = urls(&["social_image_embeds"]);
    let social_video_embeds = urls(&["social_video_embeds"]);

    let mut extras = Vec::new();
    let links = urls(&["links", "page_links"]);
    if !links.is_empty() {
        extras.push(("PAGE_LINKS".to_string(), xml_text(&links.join(";"))));
    }
    let authors = meta_list(doc, &["authors", "author"]);
    if !authors.is_empty() {
        extras.push(("PAGE_AUTHORS".to_string(), xml_text(&authors.join(";"))));
    }
    if let Some(ts) = precise_timestamp(doc) {
        extras.push(("PAGE_PRECISEPUBTIMESTAMP".to_string(), ts));
    }
    for (tag, keys) in [("PAGE_ALTURL_AMP", ["amp_url"]), ("PAGE_ALTURL_MOBILE", ["mobile_url"])] {
        if let Some(u) = meta_str(doc, &keys).and_then(|u| list_url(&u)) {
            extras.push((tag.to_string(), xml_text(&u)));
        }
    }
    if let Some(title) = doc.title.as_deref().map(xml_text).filter(|t| !t.is_empty()) {
        extras.push(("PAGE_TITLE".to_string(), title));
    }

    let any = !counts.is_empty()
        || !themes.is_empty()
        || !locations.is_empty()
        || !persons.is_empty()
        || !organizations.is_empty()
        || !dates.is_empty()
        || !quotations.is_empty()
        || !all_names.is_empty()
        || !amounts.is_empty()
        || word_count > 0;
    if !any {
        return None;
    }
    let translated = !facts.translation_info.is_empty();
    Some(GkgRow {
        record_id: GkgRecordId { batch: id_batch, translated, seq },
        date: Some(id_batch),
        collection: facts.collection,
        source_name: facts.source_name,
        document_id: facts.identifier,
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
        gcam: vec![("wc".to_string(), GcamValue::Count(word_count))],
        sharing_image,
        related_images,
        social_image_embeds,
        social_video_embeds,
        quotations,
        all_names,
        amounts,
        translation_info: facts.translation_info,
        extras,
    })
}
