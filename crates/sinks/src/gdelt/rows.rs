//! Row models of GDELT 2.0 Events (61 columns), Mentions (16) and GKG 2.1 (27).
//!
//! Each row prints itself (`Display`) as one tab-separated line without the
//! final newline, byte for byte in the layout of real GDELT files: empty
//! strings for missing fields, .NET `G15` floats, `#`/`,`/`|`/`;` sub-field
//! delimiters and the trailing-`;` rules of each GKG column. Values are expected
//! to be clean already (no tabs, newlines or the column's own delimiters); the
//! renderer guarantees that, and [`super::check`] verifies it when reading back.

use std::fmt::{self, Display, Write as _};

use chrono::{NaiveDate, NaiveDateTime};

use super::lookups::{base_code, quad_class, root_code, ActorAttributes};
use super::num::{fraction_date, g15};

/// `YYYYMMDDHHMMSS`, as DATEADDED and the GKG dates print.
pub fn timestamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%d%H%M%S").to_string()
}

/// One actor of an event: raw CAMEO code, UPPERCASE name and the code's attributes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Actor {
    pub code: String,
    pub name: String,
    pub attrs: ActorAttributes,
}

/// A geography block: GDELT location type, name, FIPS country, ADM1/ADM2, point and feature id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Geo {
    /// 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1.
    pub geo_type: u8,
    pub full_name: String,
    pub country: String,
    pub adm1: String,
    pub adm2: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub feature_id: String,
}

fn opt_g15(v: Option<f64>) -> String {
    v.map(g15).unwrap_or_default()
}

impl Geo {
    /// The 8 Events fields: Type, FullName, CountryCode, ADM1, ADM2, Lat, Long, FeatureID.
    fn event_fields(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.geo_type,
            self.full_name,
            self.country,
            self.adm1,
            self.adm2,
            opt_g15(self.lat),
            opt_g15(self.long),
            self.feature_id
        )
    }

    /// The 7 `#`-separated GKG fields without ADM2 (V1 locations, counts).
    fn gkg7(&self) -> String {
        format!(
            "{}#{}#{}#{}#{}#{}#{}",
            self.geo_type,
            self.full_name,
            self.country,
            self.adm1,
            opt_g15(self.lat),
            opt_g15(self.long),
            self.feature_id
        )
    }

    /// The 8 `#`-separated GKG fields with ADM2 (V2 enhanced locations, before the offset).
    fn gkg8(&self) -> String {
        format!(
            "{}#{}#{}#{}#{}#{}#{}#{}",
            self.geo_type,
            self.full_name,
            self.country,
            self.adm1,
            self.adm2,
            opt_g15(self.lat),
            opt_g15(self.long),
            self.feature_id
        )
    }
}

/// GoldsteinScale as real rows print it: always one decimal (`-10.0`, `2.8`),
/// the spelling of GDELT's lookup file, not `G15`.
pub fn goldstein_str(v: f64) -> String {
    format!("{v:.1}")
}

/// One row of the GDELT 2.0 Event table.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub global_event_id: u64,
    /// SQLDATE: the day of the event (MonthYear, Year and FractionDate derive from it).
    pub day: NaiveDate,
    pub actor1: Actor,
    pub actor2: Actor,
    pub is_root: bool,
    /// CAMEO code with leading zeros; base, root and QuadClass derive from it.
    pub event_code: String,
    pub goldstein: f64,
    pub num_mentions: u32,
    pub num_sources: u32,
    pub num_articles: u32,
    pub avg_tone: f64,
    pub actor1_geo: Geo,
    pub actor2_geo: Geo,
    pub action_geo: Geo,
    pub date_added: NaiveDateTime,
    pub source_url: String,
}

fn actor_fields(a: &Actor) -> String {
    let t = &a.attrs;
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
        a.code, a.name, t.country, t.known_group, t.ethnic, t.religion1, t.religion2, t.type1, t.type2, t.type3
    )
}

impl Display for EventRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::Datelike;
        let d = self.day;
        write!(
            f,
            "{}\t{}\t{}\t{}\t{}\t",
            self.global_event_id,
            d.format("%Y%m%d"),
            d.format("%Y%m"),
            d.format("%Y"),
            fraction_date(d.year(), d.month(), d.day())
        )?;
        write!(f, "{}\t{}\t", actor_fields(&self.actor1), actor_fields(&self.actor2))?;
        write!(
            f,
            "{}\t{}\t{}\t{}\t{}\t{}\t",
            u8::from(self.is_root),
            self.event_code,
            base_code(&self.event_code),
            root_code(&self.event_code),
            quad_class(&self.event_code).unwrap_or(0),
            goldstein_str(self.goldstein)
        )?;
        write!(f, "{}\t{}\t{}\t{}\t", self.num_mentions, self.num_sources, self.num_articles, g15(self.avg_tone))?;
        write!(
            f,
            "{}\t{}\t{}\t",
            self.actor1_geo.event_fields(),
            self.actor2_geo.event_fields(),
            self.action_geo.event_fields()
        )?;
        write!(f, "{}\t{}", timestamp(self.date_added), self.source_url)
    }
}

/// One row of the GDELT 2.0 Mentions table.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionRow {
    pub global_event_id: u64,
    pub event_time: NaiveDateTime,
    pub mention_time: NaiveDateTime,
    /// 1 WEB, 2 CITATIONONLY, 3 CORE, 4 DTIC, 5 JSTOR, 6 NONTEXTUALSOURCE.
    pub mention_type: u8,
    pub source_name: String,
    pub identifier: String,
    /// 1-based sentence number.
    pub sentence_id: u32,
    /// Character offsets; -1 when absent.
    pub actor1_offset: i64,
    pub actor2_offset: i64,
    pub action_offset: i64,
    pub in_raw_text: bool,
    /// 10..100 in steps of 10.
    pub confidence: u8,
    /// Document length in characters.
    pub doc_len: u64,
    pub doc_tone: f64,
    pub translation_info: String,
    pub extras: String,
}

impl Display for MentionRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.global_event_id,
            timestamp(self.event_time),
            timestamp(self.mention_time),
            self.mention_type,
            self.source_name,
            self.identifier,
            self.sentence_id,
            self.actor1_offset,
            self.actor2_offset,
            self.action_offset,
            u8::from(self.in_raw_text),
            self.confidence,
            self.doc_len,
            g15(self.doc_tone),
            self.translation_info,
            self.extras
        )
    }
}

/// GKGRECORDID: `YYYYMMDDHHMMSS-N`, or `-TN` for translated documents; N is 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GkgRecordId {
    pub batch: NaiveDateTime,
    pub translated: bool,
    pub seq: u64,
}

impl Display for GkgRecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}{}", timestamp(self.batch), if self.translated { "T" } else { "" }, self.seq)
    }
}

/// One V1/V2.1 count: `CountType#Count#ObjectType#<geo 7>` (+ `#offset` in V2.1).
#[derive(Debug, Clone, PartialEq)]
pub struct GkgCount {
    pub count_type: String,
    /// The number as printed: digits, kept verbatim because real rows keep leading zeros (`03773393`).
    pub count: String,
    pub object: String,
    pub geo: Geo,
    pub offset: u64,
}

/// A name or label with the character offset of one mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub name: String,
    pub offset: u64,
}

/// V1.5TONE: tone, positive, negative, polarity, activity and self/group densities, word count.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GkgTone {
    pub tone: f64,
    pub positive: f64,
    pub negative: f64,
    pub polarity: f64,
    pub activity_density: f64,
    pub self_group_density: f64,
    pub word_count: u64,
}

/// One V2.1ENHANCEDDATES block: `Res#Month#Day#Year#Offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GkgDate {
    /// 1 year, 2 month+year, 3 full date, 4 month+day without year.
    pub resolution: u8,
    pub month: u8,
    pub day: u8,
    pub year: u16,
    pub offset: u64,
}

/// A GCAM value: `cD.K:count` or `vD.K:mean` (`wc`/`nwc` are counts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GcamValue {
    Count(u64),
    Mean(f64),
}

/// One V2.1QUOTATIONS block: `Offset|Length|Verb|Quote`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    pub offset: u64,
    pub length: u64,
    pub verb: String,
    pub quote: String,
}

/// One V2.1AMOUNTS block: `Amount,Object,Offset;`.
#[derive(Debug, Clone, PartialEq)]
pub struct GkgAmount {
    /// The number as printed (see [`amount_str`]); kept verbatim because real rows keep leading zeros (`04`).
    pub amount: String,
    pub object: String,
    pub offset: u64,
}

/// The amount as GDELT prints it: digits only, no thousands separators.
///
/// `G15` wherever that is plain digits; where `G15` would switch to scientific
/// notation (from 1e15, below 1e-4) the plain decimal spelling is used instead.
pub fn amount_str(v: f64) -> String {
    let s = g15(v);
    if s.contains('E') {
        format!("{v}")
    } else {
        s
    }
}

/// One row of the GKG 2.1 table.
#[derive(Debug, Clone, PartialEq)]
pub struct GkgRow {
    pub record_id: GkgRecordId,
    /// V2.1DATE; `None` prints `0` (unknown).
    pub date: Option<NaiveDateTime>,
    /// V2SOURCECOLLECTIONIDENTIFIER, as MentionType.
    pub collection: u8,
    pub source_name: String,
    pub document_id: String,
    /// V1COUNTS and V2.1COUNTS: the same entries, V2.1 adding the offset.
    pub counts: Vec<GkgCount>,
    /// V1THEMES, deduplicated.
    pub v1_themes: Vec<String>,
    /// V2ENHANCEDTHEMES, one per mention.
    pub themes: Vec<Mention>,
    /// V1LOCATIONS (ADM2 unused), deduplicated on name.
    pub v1_locations: Vec<Geo>,
    /// V2ENHANCEDLOCATIONS, one per mention, with offsets.
    pub locations: Vec<(Geo, u64)>,
    pub v1_persons: Vec<String>,
    pub persons: Vec<Mention>,
    pub v1_organizations: Vec<String>,
    pub organizations: Vec<Mention>,
    pub tone: GkgTone,
    pub dates: Vec<GkgDate>,
    pub gcam: Vec<(String, GcamValue)>,
    pub sharing_image: String,
    pub related_images: Vec<String>,
    pub social_image_embeds: Vec<String>,
    pub social_video_embeds: Vec<String>,
    pub quotations: Vec<Quotation>,
    pub all_names: Vec<Mention>,
    pub amounts: Vec<GkgAmount>,
    pub translation_info: String,
    /// V2EXTRASXML elements `(TAG, text)`, the text already escaped as written.
    pub extras: Vec<(String, String)>,
}

/// Items joined by `;` with no trailing `;`.
fn joined<I: IntoIterator<Item = String>>(items: I) -> String {
    items.into_iter().collect::<Vec<_>>().join(";")
}

/// Items each followed by `;` (the trailing-`;` columns).
fn terminated<I: IntoIterator<Item = String>>(items: I) -> String {
    let mut s = String::new();
    for i in items {
        s.push_str(&i);
        s.push(';');
    }
    s
}

fn mentions(ms: &[Mention]) -> impl Iterator<Item = String> + '_ {
    ms.iter().map(|m| format!("{},{}", m.name, m.offset))
}

impl Display for GkgRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.date.map(timestamp).unwrap_or_else(|| "0".into());
        let v1_counts = terminated(
            self.counts.iter().map(|c| format!("{}#{}#{}#{}", c.count_type, c.count, c.object, c.geo.gkg7())),
        );
        let v2_counts = terminated(
            self.counts
                .iter()
                .map(|c| format!("{}#{}#{}#{}#{}", c.count_type, c.count, c.object, c.geo.gkg7(), c.offset)),
        );
        let t = &self.tone;
        let tone = format!(
            "{},{},{},{},{},{},{}",
            g15(t.tone),
            g15(t.positive),
            g15(t.negative),
            g15(t.polarity),
            g15(t.activity_density),
            g15(t.self_group_density),
            t.word_count
        );
        let dates = joined(
            self.dates.iter().map(|d| format!("{}#{}#{}#{}#{}", d.resolution, d.month, d.day, d.year, d.offset)),
        );
        let gcam = self
            .gcam
            .iter()
            .map(|(k, v)| match v {
                GcamValue::Count(n) => format!("{k}:{n}"),
                GcamValue::Mean(x) => format!("{k}:{}", g15(*x)),
            })
            .collect::<Vec<_>>()
            .join(",");
        let quotes = self
            .quotations
            .iter()
            .map(|q| format!("{}|{}|{}|{}", q.offset, q.length, q.verb, q.quote))
            .collect::<Vec<_>>()
            .join("#");
        let amounts = terminated(self.amounts.iter().map(|a| format!("{},{},{}", a.amount, a.object, a.offset)));
        let mut extras = String::new();
        for (tag, text) in &self.extras {
            let _ = write!(extras, "<{tag}>{text}</{tag}>");
        }
        let cols: [String; 27] = [
            self.record_id.to_string(),
            date,
            self.collection.to_string(),
            self.source_name.clone(),
            self.document_id.clone(),
            v1_counts,
            v2_counts,
            terminated(self.v1_themes.iter().cloned()),
            terminated(mentions(&self.themes)),
            joined(self.v1_locations.iter().map(Geo::gkg7)),
            joined(self.locations.iter().map(|(g, o)| format!("{}#{o}", g.gkg8()))),
            joined(self.v1_persons.iter().cloned()),
            joined(mentions(&self.persons)),
            joined(self.v1_organizations.iter().cloned()),
            joined(mentions(&self.organizations)),
            tone,
            dates,
            gcam,
            self.sharing_image.clone(),
            joined(self.related_images.iter().cloned()),
            terminated(self.social_image_embeds.iter().cloned()),
            terminated(self.social_video_embeds.iter().cloned()),
            quotes,
            joined(mentions(&self.all_names)),
            amounts,
            self.translation_info.clone(),
            extras,
        ];
        f.write_str(&cols.join("\t"))
    }
}
