//! GDELT rows rendered from a synthetic, fully populated `Analyzed` document:
//! every column has an expected value, every row passes the shape checker that
//! real rows pass, and corrupting any checked column makes the checker fail.

use chrono::{NaiveDate, NaiveDateTime};
use sitrep_actors::Entity;
use sitrep_document::{Document, Span};
use sitrep_events::{Event, EventActor, EventDate, Evidence};
use sitrep_extract::{Amount, Count, DateMention, DateResolution, Extracted, Location, Quote, QuoteKind, Theme, Tone};
use sitrep_nlp::{EntityType, Parse};
use sitrep_pipeline::{Analyzed, Sink};
use sitrep_sinks::gdelt::check::{parse_event, parse_gkg, parse_mention};
use sitrep_sinks::gdelt::{EventsSink, GdeltOptions, GkgSink, MentionsSink, MergeScope};
use sitrep_sinks::OutputFormat;
use sitrep_text::Sentence;

const SENTENCES: [&str; 8] = [
    "Iran’s navy escorted tankers to Venezuela on May 25, 2020, officials in Caracas said.",
    "“We will repay in gold,” Nicolás Maduro said in Caracas.",
    "Mike Pompeo criticized Iran’s Revolutionary Guards.",
    "Police arrested 12 protesters in Tehran and 3 people were killed by Mende leaders.",
    "The deal was worth between $500 million and $700 million, according to the National Iranian Oil Company.",
    "Maduro visited Tehran in 2006.",
    "Exports from Texas fell.",
    "He called it a “former regime” today.",
];
const URL: &str = "https://www.example.com/world/iran-venezuela?ref=rss";

fn text() -> String {
    SENTENCES.join(" ")
}

/// Byte span of `needle` inside sentence `s`.
fn at(s: usize, needle: &str) -> Span {
    let text = text();
    let start = sentence_spans()[s].start;
    let b = start + text[start..].find(needle).unwrap_or_else(|| panic!("{needle:?} not in sentence {s}"));
    Span::new(b, b + needle.len())
}

fn sentence_spans() -> Vec<Span> {
    let mut out = Vec::new();
    let mut b = 0;
    for s in SENTENCES {
        out.push(Span::new(b, b + s.len()));
        b += s.len() + 1;
    }
    out
}

/// Character offset of a byte offset, counted independently of `CharIndex`.
fn ch(byte: usize) -> usize {
    text()[..byte].chars().count()
}

fn batch() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("20200529104500", "%Y%m%d%H%M%S").unwrap()
}

fn options() -> GdeltOptions {
    GdeltOptions { batch: batch(), first_event_id: 1, first_record: 0, merge: MergeScope::Run }
}

fn entity(id: &str, s: usize, surface: &str, canonical: &str, kind: EntityType) -> Entity {
    Entity {
        id: id.into(),
        text: surface.into(),
        kind,
        span: at(s, surface),
        canonical: canonical.into(),
        actor: None,
        role: None,
        sentence: s,
        tokens: 0..0,
    }
}

fn actor(entity: Option<&str>, s: usize, surface: &str, code: &str) -> EventActor {
    EventActor { entity: entity.map(str::to_string), text: surface.into(), code: code.into(), span: at(s, surface) }
}

#[allow(clippy::too_many_arguments)]
fn location(
    s: usize,
    surface: &str,
    name: &str,
    ty: u8,
    cc: &str,
    adm1: &str,
    adm2: &str,
    lat: f64,
    lon: f64,
    gid: Option<u64>,
    fid: &str,
) -> Location {
    Location {
        text: surface.into(),
        span: at(s, surface),
        name: name.into(),
        geo_type: ty,
        country_code: cc.into(),
        adm1: adm1.into(),
        adm2: adm2.into(),
        lat,
        lon,
        geonames_id: gid,
        feature_id: fid.into(),
        demonym: false,
    }
}

fn event(
    id: &str,
    s: usize,
    source: Option<EventActor>,
    target: Option<EventActor>,
    code: &str,
    action: &str,
) -> Event {
    Event {
        id: id.into(),
        sentence: s,
        source,
        target,
        code: code.into(),
        base_code: String::new(),
        root_code: String::new(),
        quad_class: 0,
        goldstein: 0.0,
        plover: None,
        is_root: true,
        action: at(s, action),
        date: None,
        negated: false,
        modality: None,
        location: None,
        evidence: Evidence { sentence: SENTENCES[s].into(), pattern: String::new(), dictionary: String::new(), also: Vec::new() },
    }
}

fn day(d: &str, precision: DateResolution) -> Option<EventDate> {
    Some(EventDate { date: d.into(), precision, source: "text".into(), expression: None })
}

fn synthetic() -> Analyzed {
    let text = text();
    let mut document = Document::new("doc-1", text.clone());
    document.date = NaiveDate::from_ymd_opt(2020, 5, 29);
    document.url = Some(URL.into());
    document.source = Some("Example News".into());
    document.title = Some("Iran’s tankers reach “Venezuela”".into());
    let meta = serde_json::json!({
        "authors": ["Ana Pérez"],
        "published": "2020-05-29T10:20:00Z",
        "image": "https://cdn.example.com/a.jpg",
        "links": ["https://example.org/a", "https://example.org/b;c"],
    });
    document.metadata = meta.as_object().unwrap().clone();

    let parse = Parse {
        sentences: sentence_spans().into_iter().map(|span| Sentence { span, tokens: 0..0, excluded: false }).collect(),
        ..Default::default()
    };
    let entities = vec![
        entity("E1", 0, "Iran", "Iran", EntityType::Loc),
        entity("E2", 0, "Venezuela", "Venezuela", EntityType::Loc),
        entity("E3", 0, "Caracas", "Caracas", EntityType::Loc),
        entity("E4", 1, "Nicolás Maduro", "Nicolás Maduro", EntityType::Per),
        entity("E5", 2, "Mike Pompeo", "Mike Pompeo", EntityType::Per),
        entity("E6", 2, "Revolutionary Guards", "Revolutionary Guards", EntityType::Org),
        entity("E8", 3, "Police", "Police", EntityType::Org),
        entity("E7", 4, "National Iranian Oil Company", "National Iranian Oil Company", EntityType::Org),
        entity("E4", 5, "Maduro", "Nicolás Maduro", EntityType::Per),
    ];
    let locations = vec![
        location(0, "Iran", "Iran", 1, "IR", "", "", 32.0, 53.0, Some(130758), "IR"),
        location(0, "Venezuela", "Venezuela", 1, "VE", "VE", "", 8.0, -66.0, Some(3625428), ""),
        location(
            0,
            "Caracas",
            "Caracas, Distrito Federal, Venezuela",
            4,
            "VE",
            "25",
            "",
            10.5,
            -66.9167,
            Some(3646738),
            "",
        ),
        location(
            1,
            "Caracas",
            "Caracas, Distrito Federal, Venezuela",
            4,
            "VE",
            "25",
            "",
            10.5,
            -66.9167,
            Some(3646738),
            "",
        ),
        location(
            3,
            "Tehran",
            "Tehran, Tehran, Iran",
            4,
            "IR",
            "IR26",
            "2274",
            35.6944,
            51.4215,
            Some(112931),
            "10074674",
        ),
        location(4, "Iranian", "Iran", 1, "IRN", "", "", 32.0, 53.0, Some(130758), ""),
        location(6, "Texas", "Texas, United States", 2, "US", "TX", "48", 31.0, -100.0, Some(4736286), ""),
        location(6, "Exports", "Nowhere", 0, "", "", "", 0.0, 0.0, None, ""),
        location(2, "Iran", "Iran", 1, "IR", "IR", "", 32.0, 53.0, Some(130758), "IR"),
    ];

    let mut e0 = event(
        "ev0",
        0,
        Some(actor(Some("E1"), 0, "Iran", "IRN")),
        Some(actor(Some("E2"), 0, "Venezuela", "VEN")),
        "061",
        "escorted",
    );
    e0.date = day("2020-05-25", DateResolution::Day);
    e0.location = Some(1);
    let mut e1 = event("ev1", 1, Some(actor(Some("E4"), 1, "Nicolás Maduro", "VENGOV")), None, "036", "repay");
    e1.modality = Some("intent".into());
    e1.is_root = false;
    e1.location = Some(3);
    let mut e2 = event(
        "ev2",
        2,
        Some(actor(Some("E5"), 2, "Mike Pompeo", "USAGOV")),
        Some(actor(Some("E6"), 2, "Revolutionary Guards", "IRNGOVMIL")),
        "111",
        "criticized",
    );
    e2.date = day("2006", DateResolution::Year);
    let mut e3 = event("ev3", 3, Some(actor(Some("E8"), 3, "Police", "COP")), None, "173", "arrested");
    e3.negated = true;
    let mut e4 = e0.clone();
    e4.id = "ev4".into();
    e4.sentence = 5;
    e4.action = at(5, "visited");
    e4.is_root = false;
    let e5 = event("ev5", 6, None, None, "---", "fell");
    let mut e6 = event("ev6", 3, None, Some(actor(None, 3, "Mende leaders", "menGOV")), "1823", "killed");
    e6.is_root = false;
    e6.location = Some(4);

    let extracted = Extracted {
        quotes: vec![
            Quote {
                text: "We will repay in gold,".into(),
                span: at(1, "“We will repay in gold,”"),
                speaker: Some("Nicolás Maduro".into()),
                speaker_entity: Some("E4".into()),
                speaker_actor: Some("VENGOV".into()),
                verb: Some("say".into()),
                kind: QuoteKind::Direct,
                speaker_span: None,
            },
            Quote {
                text: "former regime".into(),
                span: at(7, "“former regime”"),
                speaker: None,
                speaker_entity: None,
                speaker_actor: None,
                verb: None,
                kind: QuoteKind::Term,
                speaker_span: None,
            },
        ],
        amounts: vec![
            Amount {
                value: 500_000_000.0,
                value_max: Some(700_000_000.0),
                unit: Some("dollars".into()),
                currency: Some("USD".into()),
                object: Some("deal".into()),
                text: "$500 million and $700 million".into(),
                span: at(4, "$500 million and $700 million"),
                approx: None,
            },
            Amount {
                value: 12.0,
                value_max: None,
                unit: None,
                currency: None,
                object: Some("protesters".into()),
                text: "12 protesters".into(),
                span: at(3, "12 protesters"),
                approx: None,
            },
        ],
        counts: vec![
            Count {
                count_type: "ARREST".into(),
                number: 12.0,
                object: Some("protesters".into()),
                text: "arrested 12 protesters".into(),
                span: at(3, "arrested 12 protesters"),
                location: Some(4),
            },
            Count {
                count_type: "KILL".into(),
                number: 3.0,
                object: Some("people".into()),
                text: "3 people were killed".into(),
                span: at(3, "3 people were killed"),
                location: None,
            },
        ],
        dates: vec![
            DateMention {
                text: "May 25, 2020".into(),
                span: at(0, "May 25, 2020"),
                resolved: Some("2020-05-25".into()),
                resolution: DateResolution::Day,
                relative: false,
            },
            DateMention {
                text: "2006".into(),
                span: at(5, "2006"),
                resolved: Some("2006".into()),
                resolution: DateResolution::Year,
                relative: false,
            },
            DateMention {
                text: "May 25".into(),
                span: at(0, "May 25"),
                resolved: Some("--05-25".into()),
                resolution: DateResolution::MonthDay,
                relative: false,
            },
            DateMention { text: "today".into(), span: at(7, "today"), resolved: None, resolution: DateResolution::Day, relative: true },
        ],
        locations,
        tone: Tone {
            tone: -1.625,
            positive: 2.5,
            negative: 4.125,
            polarity: 6.625,
            activity_density: 20.5,
            self_group_density: 1.25,
            word_count: 60,
        },
        themes: vec![
            Theme { theme: "SANCTIONS".into(), span: at(2, "criticized") },
            Theme { theme: "TAX_FNCACT_PRESIDENT".into(), span: at(1, "Nicolás Maduro") },
            Theme { theme: "ARREST".into(), span: at(3, "arrested") },
            Theme { theme: "ARREST".into(), span: at(3, "Police") },
            Theme { theme: "ENV_OIL".into(), span: at(4, "Oil") },
        ],
    };
    Analyzed { document, excluded: Vec::new(), parse, entities, extracted, events: vec![e0, e1, e2, e3, e4, e5, e6] }
}

fn run(sink: &mut dyn Sink, docs: &[Analyzed]) {
    sink.begin().unwrap();
    for d in docs {
        sink.document(d).unwrap();
    }
    sink.finish().unwrap();
}

fn events_out(docs: &[Analyzed], opts: GdeltOptions) -> Vec<String> {
    let mut buf = Vec::new();
    run(&mut EventsSink::new(&mut buf, opts), docs);
    String::from_utf8(buf).unwrap().lines().map(str::to_string).collect()
}

fn mentions_out(docs: &[Analyzed], opts: GdeltOptions) -> Vec<String> {
    let mut buf = Vec::new();
    run(&mut MentionsSink::new(&mut buf, opts), docs);
    String::from_utf8(buf).unwrap().lines().map(str::to_string).collect()
}

fn gkg_out(docs: &[Analyzed], opts: GdeltOptions) -> Vec<String> {
    let mut buf = Vec::new();
    run(&mut GkgSink::new(&mut buf, opts), docs);
    String::from_utf8(buf).unwrap().lines().map(str::to_string).collect()
}

fn assert_columns(line: &str, want: &[&str], what: &str) {
    let got: Vec<&str> = line.split('\t').collect();
    assert_eq!(got.len(), want.len(), "{what}: column count");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "{what}: column {}", i + 1);
    }
}

#[test]
fn event_rows_have_the_expected_columns() {
    let rows = events_out(&[synthetic()], options());
    assert_eq!(rows.len(), 4, "{rows:#?}");
    for r in &rows {
        let parsed = parse_event(r).unwrap_or_else(|e| panic!("{e}\n{r}"));
        assert_eq!(&parsed.to_string(), r);
    }
    let e = "";
    let none8 = ["0", e, e, e, e, e, e, e];
    let iran = ["1", "Iran", "IR", "IR", e, "32", "53", "IR"];
    let venezuela = ["1", "Venezuela", "VE", "VE", e, "8", "-66", "VE"];
    let caracas = ["4", "Caracas, Distrito Federal, Venezuela", "VE", "VE25", e, "10.5", "-66.9167", "3646738"];
    let tehran = ["4", "Tehran, Tehran, Iran", "IR", "IR26", "2274", "35.6944", "51.4215", "10074674"];
    let tail = ["20200529104500", URL];
    let mut want: Vec<Vec<&str>> = Vec::new();
    // ev0 and ev4 merge: same day, actors, code and action place.
    want.push(
        [
            &["1", "20200525", "202005", "2020", "2020.3973"][..],
            &["IRN", "IRAN", "IRN", e, e, e, e, e, e, e],
            &["VEN", "VENEZUELA", "VEN", e, e, e, e, e, e, e],
            &["1", "061", "061", "06", "2", "6.4", "2", "1", "1", "-1.625"],
            &iran,
            &venezuela,
            &venezuela,
            &tail,
        ]
        .concat(),
    );
    want.push(
        [
            &["2", "20200529", "202005", "2020", "2020.4082"][..],
            &["VENGOV", "NICOLÁS MADURO", "VEN", e, e, e, e, "GOV", e, e],
            &[e; 10],
            &["0", "036", "036", "03", "1", "4.0", "1", "1", "1", "-1.625"],
            &caracas,
            &none8,
            &caracas,
            &tail,
        ]
        .concat(),
    );
    want.push(
        [
            &["3", "20060529", "200605", "2006", "2006.4082"][..],
            &["USAGOV", "MIKE POMPEO", "USA", e, e, e, e, "GOV", e, e],
            &["IRNGOVMIL", "REVOLUTIONARY GUARDS", "IRN", e, e, e, e, "GOV", "MIL", e],
            &["1", "111", "111", "11", "3", "-2.0", "1", "1", "1", "-1.625"],
            &iran,
            &iran,
            &iran,
            &tail,
        ]
        .concat(),
    );
    want.push(
        [
            &["4", "20200529", "202005", "2020", "2020.4082"][..],
            &[e; 10],
            &["menGOV", "MENDE LEADERS", e, e, "men", e, e, "GOV", e, e],
            &["0", "1823", "182", "18", "4", "-10.0", "1", "1", "1", "-1.625"],
            &none8,
            &tehran,
            &tehran,
            &tail,
        ]
        .concat(),
    );
    for (i, (row, w)) in rows.iter().zip(&want).enumerate() {
        assert_columns(row, w, &format!("event row {}", i + 1));
    }
}

#[test]
fn mention_rows_have_the_expected_columns() {
    let rows = mentions_out(&[synthetic()], options());
    assert_eq!(rows.len(), 5, "{rows:#?}");
    for r in &rows {
        let parsed = parse_mention(r).unwrap_or_else(|e| panic!("{e}\n{r}"));
        assert_eq!(&parsed.to_string(), r);
    }
    let len = text().chars().count().to_string();
    let off = |s: usize, needle: &str| ch(at(s, needle).start).to_string();
    let b = "20200529104500";
    let head = |id: &'static str| [id, b, b, "1", "example.com", URL];
    let tail = |conf: &'static str, raw: &'static str| -> Vec<String> {
        vec![raw.into(), conf.into(), len.clone(), "-1.625".into(), String::new(), String::new()]
    };
    let build = |id: &'static str, sent: &str, o: [String; 3], raw: &'static str, conf: &'static str| -> Vec<String> {
        let mut v: Vec<String> = head(id).iter().map(|s| s.to_string()).collect();
        v.push(sent.into());
        v.extend(o);
        v.extend(tail(conf, raw));
        v
    };
    let want = [
        build("1", "1", [off(0, "Iran"), off(0, "Venezuela"), off(0, "escorted")], "1", "100"),
        build("2", "2", [off(1, "Nicolás Maduro"), "-1".into(), off(1, "repay")], "1", "50"),
        build("3", "3", [off(2, "Mike Pompeo"), off(2, "Revolutionary Guards"), off(2, "criticized")], "1", "100"),
        build("1", "6", [off(0, "Iran"), off(0, "Venezuela"), off(5, "visited")], "0", "60"),
        build("4", "4", ["-1".into(), off(3, "Mende leaders"), off(3, "killed")], "1", "70"),
    ];
    assert_ne!(off(1, "repay"), at(1, "repay").start.to_string(), "the text must make chars and bytes differ");
    for (i, (row, w)) in rows.iter().zip(&want).enumerate() {
        let w: Vec<&str> = w.iter().map(String::as_str).collect();
        assert_columns(row, &w, &format!("mention row {}", i + 1));
    }
}

#[test]
fn gkg_row_has_the_expected_columns() {
    let rows = gkg_out(&[synthetic()], options());
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    let parsed = parse_gkg(row).unwrap_or_else(|e| panic!("{e}\n{row}"));
    assert_eq!(&parsed.to_string(), row);
    // Stricter than some real rows: every place keeps its own country.
    let geos = parsed.v1_locations.iter().chain(parsed.locations.iter().map(|(g, _)| g));
    assert!(geos.chain(parsed.counts.iter().map(|c| &c.geo)).all(|g| g.adm1.starts_with(&g.country)));
    let o = |s: usize, needle: &str| ch(at(s, needle).start);
    let tehran = "4#Tehran, Tehran, Iran#IR#IR26#35.6944#51.4215#10074674";
    let want: Vec<String> = vec![
        "20200529104500-0".into(),
        "20200529104500".into(),
        "1".into(),
        "example.com".into(),
        URL.into(),
        format!("ARREST#12#protesters#{tehran};KILL#3#people#0######;"),
        format!(
            "ARREST#12#protesters#{tehran}#{};KILL#3#people#0#######{};",
            o(3, "arrested 12"),
            o(3, "3 people")
        ),
        "SANCTIONS;TAX_FNCACT_PRESIDENT;ARREST;ENV_OIL;".into(),
        format!(
            "SANCTIONS,{};TAX_FNCACT_PRESIDENT,{};ARREST,{};ARREST,{};ENV_OIL,{};",
            o(2, "criticized"),
            o(1, "Nicolás"),
            o(3, "arrested"),
            o(3, "Police"),
            o(4, "Oil")
        ),
        [
            "1#Iran#IR#IR#32#53#IR",
            "1#Venezuela#VE#VE#8#-66#VE",
            "4#Caracas, Distrito Federal, Venezuela#VE#VE25#10.5#-66.9167#3646738",
            tehran,
            "2#Texas, United States#US#USTX#31#-100#TX",
        ]
        .join(";"),
        [
            format!("1#Iran#IR#IR##32#53#IR#{}", o(0, "Iran")),
            format!("1#Venezuela#VE#VE##8#-66#VE#{}", o(0, "Venezuela")),
            format!("4#Caracas, Distrito Federal, Venezuela#VE#VE25##10.5#-66.9167#3646738#{}", o(0, "Caracas")),
            format!("4#Caracas, Distrito Federal, Venezuela#VE#VE25##10.5#-66.9167#3646738#{}", o(1, "Caracas")),
            format!("4#Tehran, Tehran, Iran#IR#IR26#2274#35.6944#51.4215#10074674#{}", o(3, "Tehran")),
            format!("1#Iranian#IR#IR##32#53#IR#{}", o(4, "Iranian")),
            format!("2#Texas, United States#US#USTX##31#-100#TX#{}", o(6, "Texas")),
            format!("1#Iran#IR#IR##32#53#IR#{}", o(2, "Iran")),
        ]
        .join(";"),
        "nicolás maduro;mike pompeo".into(),
        format!(
            "Nicolás Maduro,{};Mike Pompeo,{};Nicolás Maduro,{}",
            o(1, "Nicolás"),
            o(2, "Mike"),
            o(5, "Maduro")
        ),
        "revolutionary guards;police;national iranian oil company".into(),
        format!(
            "Revolutionary Guards,{};Police,{};National Iranian Oil Company,{}",
            o(2, "Revolutionary"),
            o(3, "Police"),
            o(4, "National")
        ),
        "-1.625,2.5,4.125,6.625,20.5,1.25,60".into(),
        format!("3#5#25#2020#{};1#0#0#2006#{};4#5#25#0#{}", o(0, "May"), o(5, "2006"), o(0, "May")),
        "wc:60".into(),
        "https://cdn.example.com/a.jpg".into(),
        String::new(),
        String::new(),
        String::new(),
        format!("{}|22|say|We will repay in gold ,", o(1, "We will")),
        format!(
            "Nicolás Maduro,{};Mike Pompeo,{};Revolutionary Guards,{};National Iranian Oil Company,{}",
            o(1, "Nicolás"),
            o(2, "Mike"),
            o(2, "Revolutionary"),
            o(4, "National")
        ),
        format!("500000000,deal,{0};700000000,deal,{0};12,protesters,{1};", o(4, "$500"), o(3, "12 protesters")),
        String::new(),
        "<PAGE_LINKS>https://example.org/a;https://example.org/b%3Bc</PAGE_LINKS><PAGE_AUTHORS>Ana P&#xE9;rez</PAGE_AUTHORS>\
         <PAGE_PRECISEPUBTIMESTAMP>20200529102000</PAGE_PRECISEPUBTIMESTAMP>\
         <PAGE_TITLE>Iran&#x2019;s tankers reach &#x201C;Venezuela&#x201D;</PAGE_TITLE>"
            .into(),
    ];
    let want: Vec<&str> = want.iter().map(String::as_str).collect();
    assert_columns(row, &want, "gkg row");
}

/// A document with events' layers empty gives no Event or Mentions rows; GKG
/// rows appear as soon as any field (even GCAM's word count alone) is present.
#[test]
fn empty_layers_give_no_rows_and_any_field_gives_gkg() {
    let mut no_events = synthetic();
    no_events.events.clear();
    assert!(events_out(&[no_events.clone()], options()).is_empty());
    assert!(mentions_out(&[no_events.clone()], options()).is_empty());
    assert_eq!(gkg_out(&[no_events], options()).len(), 1);

    let mut only_negated = synthetic();
    only_negated.events.retain(|e| e.negated || e.code == "---");
    assert_eq!(only_negated.events.len(), 2);
    assert!(events_out(&[only_negated], options()).is_empty());

    let nothing = Analyzed {
        document: Document::new("empty", ""),
        excluded: Vec::new(),
        parse: Parse::default(),
        entities: Vec::new(),
        extracted: Extracted::default(),
        events: Vec::new(),
    };
    assert!(gkg_out(std::slice::from_ref(&nothing), options()).is_empty(), "nothing extracted, no GKG row");

    let mut one_theme = nothing.clone();
    one_theme.document.text = "..".into();
    one_theme.extracted.themes.push(Theme { theme: "PROTEST".into(), span: Span::new(0, 1) });
    let rows = gkg_out(&[nothing.clone(), one_theme.clone()], options());
    assert_eq!(rows.len(), 1);
    let row = parse_gkg(&rows[0]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(row.v1_themes, vec!["PROTEST".to_string()]);
    assert_eq!(row.record_id.seq, 0, "record ids count emitted rows, from 0");
    assert_eq!(row.collection, 2);
    assert_eq!(row.document_id, "empty");

    let mut words_only = nothing;
    words_only.document.text = "Just some words here.".into();
    let rows = gkg_out(&[words_only], options());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].split('\t').nth(17), Some("wc:4"));
    assert_eq!(rows[0].split('\t').nth(15), Some("0,0,0,0,0,0,4"));
}

/// Mentions of one event in two documents merge into one Event row for the run
/// (a GDELT batch), or stay apart with per-document merging; ids join both files.
#[test]
fn events_merge_across_documents_of_a_run() {
    let a = synthetic();
    let mut b = synthetic();
    b.document.id = "doc-2".into();
    b.document.url = Some("https://news.example.org/x".into());
    b.extracted.tone.positive = 1.0;
    b.extracted.tone.negative = 2.0;
    b.events.retain(|e| e.id == "ev0");
    let rows = events_out(&[a.clone(), b.clone()], options());
    assert_eq!(rows.len(), 4);
    let first = parse_event(&rows[0]).unwrap();
    assert_eq!((first.num_mentions, first.num_sources, first.num_articles), (3, 2, 2));
    assert_eq!(first.avg_tone, (-1.625 + -1.0) / 2.0);
    let mentions = mentions_out(&[a.clone(), b.clone()], options());
    assert_eq!(mentions.len(), 6);
    assert!(mentions[5].starts_with("1\t"), "{}", mentions[5]);
    assert!(mentions[5].contains("\tnews.example.org\t"));

    let per_doc = GdeltOptions { merge: MergeScope::Document, first_event_id: 1000, ..options() };
    let rows = events_out(&[a.clone(), b.clone()], per_doc.clone());
    assert_eq!(rows.len(), 5);
    assert!(rows[4].starts_with("1004\t"));
    let mentions = mentions_out(&[a, b], per_doc);
    assert!(mentions[5].starts_with("1004\t"), "{}", mentions[5]);
}

/// The shape checker catches a wrong value in each kind of column.
#[test]
fn the_checker_rejects_corrupted_columns() {
    let doc = synthetic();
    let ev = events_out(std::slice::from_ref(&doc), options());
    let me = mentions_out(std::slice::from_ref(&doc), options());
    let gk = gkg_out(&[doc], options());
    let swap = |line: &str, col: usize, v: &str| -> String {
        let mut c: Vec<String> = line.split('\t').map(str::to_string).collect();
        c[col - 1] = v.to_string();
        c.join("\t")
    };
    let event_cases: &[(usize, &str)] = &[
        (2, "20201341"),        // not a date
        (3, "202006"),          // MonthYear disagrees with SQLDATE
        (5, "2020.4000"),       // codebook formula, not the real one
        (8, "USA"),             // country not from the code
        (7, "Iran"),            // lowercase name
        (13, "GOV"),            // type not in the code
        (27, "61"),             // base/root inconsistent with code 61
        (28, "06"),             // base code
        (29, "061"),            // root code
        (30, "3"),              // QuadClass
        (31, "6.40"),           // Goldstein format
        (31, "5.0"),            // Goldstein value
        (35, "-1.6250"),        // not G15
        (36, "0"),              // type 0 with geography
        (38, "IRN"),            // ISO, not FIPS
        (40, "123"),            // ADM2 for a country
        (41, "132"),            // latitude out of range
        (43, "Iran"),           // feature id
        (60, "20200529104700"), // not a batch time
        (61, ""),               // no URL
    ];
    for &(col, v) in event_cases {
        let bad = swap(&ev[0], col, v);
        let errs = parse_event(&bad).expect_err(&format!("event column {col} = {v:?} accepted"));
        assert!(!errs.0.is_empty());
    }
    let mention_cases: &[(usize, &str)] =
        &[(7, "0"), (8, "-2"), (11, "2"), (12, "55"), (14, "1.0"), (4, "7"), (16, "x")];
    for &(col, v) in mention_cases {
        let bad = swap(&me[0], col, v);
        assert!(parse_mention(&bad).is_err(), "mention column {col} = {v:?} accepted");
    }
    let g = &gk[0];
    let cols: Vec<&str> = g.split('\t').collect();
    let gkg_cases: Vec<(usize, String)> = vec![
        (1, "20200529104500-01".into()),
        (2, "20200529110000".into()),
        (6, cols[5].trim_end_matches(';').into()),        // trailing ';'
        (7, cols[6].replacen("#4#", "#4#x#", 1)),         // arity
        (8, cols[7].replace("ENV_OIL;", "")),             // V2 theme missing from V1
        (10, format!("{};", cols[9])),                    // no trailing ';' here
        (11, cols[10].replacen("#VE##8", "#VE#12#8", 1)), // ADM2 on a country
        (12, cols[11].replace("nicolás", "Nicolás")),     // V1 lowercase
        (16, "-1.625,2.5,4.125,6.6,20.5,1.25,60".into()), // polarity identity
        (16, "-1.625,2.5,4.125,6.625,20.5,1.25".into()),  // arity
        (17, cols[16].replace("#", ",")),                 // codebook commas
        (17, "1#5#0#2006#3".into()),                      // resolution mismatch
        (18, "wc:61".into()),                             // wc != WordCount
        (23, cols[22].replace("|say|", "|say||")),        // quote arity
        (25, cols[24].trim_end_matches(';').into()),
        (26, "srclc:spa".into()),
        (27, "<PAGE_TITLE>x</PAGE_TITLE><PAGE_LINKS>y</PAGE_LINKS>".into()),
    ];
    for (col, v) in gkg_cases {
        let bad = swap(g, col, &v);
        assert!(parse_gkg(&bad).is_err(), "gkg column {col} = {v:?} accepted");
    }
    assert!(parse_gkg(&cols[..26].join("\t")).is_err(), "26 columns accepted");
}

#[test]
fn formats_are_selectable_by_name() {
    assert_eq!("gdelt-events".parse::<OutputFormat>(), Ok(OutputFormat::GdeltEvents));
    assert_eq!("gdelt-mentions".parse::<OutputFormat>(), Ok(OutputFormat::GdeltMentions));
    assert_eq!("gdelt-gkg".parse::<OutputFormat>(), Ok(OutputFormat::GdeltGkg));
    assert!("gdelt".parse::<OutputFormat>().is_err());
}

/// Layers inside boilerplate spans (a related headline here) are not GDELT output.
#[test]
fn boilerplate_is_not_output() {
    let mut a = synthetic();
    let s3 = sentence_spans()[3];
    a.excluded.push(sitrep_document::Excluded { span: s3, reason: sitrep_document::ExclusionReason::RelatedHeadline });
    let gkg = parse_gkg(&gkg_out(std::slice::from_ref(&a), options())[0]).unwrap();
    assert!(gkg.counts.is_empty(), "both counts sit in sentence 4");
    assert_eq!(gkg.v1_themes, ["SANCTIONS", "TAX_FNCACT_PRESIDENT", "ENV_OIL"]);
    assert!(!gkg.v1_organizations.contains(&"police".to_string()));
    let events = events_out(std::slice::from_ref(&a), options());
    assert_eq!(events.len(), 3, "the killing in sentence 4 is gone");
}

/// Hostile layer values (spans off the text or inside a character, NaN numbers,
/// tabs and delimiters in names, odd codes and metadata) never panic and never
/// produce a row the checker rejects.
#[test]
fn hostile_values_still_give_valid_rows() {
    let mut a = synthetic();
    let len = a.document.text.len();
    let inside_char = at(0, "’").start + 1;
    a.document.id = "id with\ttab and ; semicolon".into();
    a.document.url = Some("https://exa mple.com/x".into());
    a.document.title = Some("A <b>bold</b>\ttitle & “more”\n".into());
    a.document.metadata.insert("translation_info".into(), "srclc:ßpa;eng:X".into());
    a.document.metadata.insert("authors".into(), serde_json::json!([1, "ok\tname", ""]));
    a.document.metadata.insert("published".into(), "yesterday".into());
    a.entities[3].canonical = "ªnna\tde #la, Cruz;".into();
    a.entities[4].span = Span::new(len + 5, len + 9);
    a.extracted.tone = Tone {
        tone: f64::NAN,
        positive: -3.0,
        negative: 250.0,
        polarity: 0.0,
        activity_density: f64::INFINITY,
        self_group_density: 1.0,
        word_count: 0,
    };
    a.extracted.locations[2].country_code = "Venezuela".into();
    a.extracted.locations[4].lat = f64::NAN;
    a.extracted.locations[6].adm1 = "TEXAS".into();
    a.extracted.locations[1].name = "Vene#zuela;\t".into();
    a.extracted.themes.push(Theme { theme: "bad theme,1;".into(), span: Span::new(0, 1) });
    a.extracted.themes.push(Theme { theme: "___".into(), span: Span::new(0, 1) });
    a.extracted.counts[0].number = f64::NAN;
    a.extracted.counts[1].count_type = "kill|#".into();
    a.extracted.counts[1].object = Some("a#b;c".into());
    a.extracted.amounts[0].value = 1e-7;
    a.extracted.amounts[1].value = 2.5e21;
    a.extracted.amounts[1].object = Some("x,y;z#".into());
    a.extracted.dates[0].resolved = Some("2020-13-01".into());
    a.extracted.dates[1].span = Span::new(inside_char, inside_char + 1);
    a.extracted.quotes[0].verb = Some("sa|y#".into());
    a.extracted.quotes.push(Quote {
        text: "“”".into(),
        span: at(7, "“former regime”"),
        speaker: None,
        speaker_entity: None,
        speaker_actor: None,
        verb: None,
        kind: QuoteKind::Direct,
        speaker_span: None,
    });
    a.events[0].source.as_mut().unwrap().code = "irnGOV".into();
    a.events[1].source.as_mut().unwrap().code = "VEN GOV".into();
    a.events[2].code = "2104".into();
    a.events[6].action = Span::new(inside_char, inside_char + 2);
    a.events[4].date = day("0099-02-30", DateResolution::Day);
    a.events[4].sentence = 99;

    for line in events_out(std::slice::from_ref(&a), options()) {
        parse_event(&line).unwrap_or_else(|e| panic!("{e}\n{line}"));
    }
    for line in mentions_out(std::slice::from_ref(&a), options()) {
        parse_mention(&line).unwrap_or_else(|e| panic!("{e}\n{line}"));
    }
    let rows = gkg_out(std::slice::from_ref(&a), options());
    assert_eq!(rows.len(), 1);
    let g = parse_gkg(&rows[0]).unwrap_or_else(|e| panic!("{e}\n{}", rows[0]));
    assert_eq!(g.collection, 2, "a URL with a space is not a web URL");
    assert!(!g.record_id.translated);
    assert_eq!(g.tone.positive, 0.0);
    assert_eq!(g.tone.negative, 100.0);
    assert!(g.amounts.iter().any(|x| x.amount == "0.0000001"));
    assert!(g.amounts.iter().any(|x| x.amount == "2500000000000000000000"));
}
