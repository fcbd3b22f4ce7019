//! Dictionary syntax: synonyms, date restrictions, agents, markers, errors with line numbers.

use chrono::NaiveDate;
use sitrep_actors::dictionary::{
    parse_date, Dictionaries, DictionaryError, Entry, MatchOptions, Placement, Strictness, Validity,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const ACTORS: &str = "\
# comment line
<!-- a block comment
IGNORED_PHRASE [XXX]
-->
AFGHANISTAN_  [AFG]
+AFGHAN_
+MAZAR-I-SHARIF_
NICOLAS_MADURO
+MADURO
+PRESIDENT_MADURO   # inline comment
\t[VENELI 620101-130418]
\t[VENGOV >130419]
SAM_GAMGEE [HOB]  # default listed first, used only when no restriction holds
\t[HOBCIV <20080120]
\t[ORCHOB 20100109-20100112]
\t[HOBMIL 20080120-20121109]
\t[HOB < 950601] [HOBGOV 19950601 - 19990815]
EUROPEAN_COMMUNITY\t[IGOEUREEC 820701-821231][IGOEUREEC 870701-871231]
\tJOHN_MCCLOY_\t[IGOUNODEVWBK 470301-490630]# indented primary with code
UNITED_STATES [USA]
+U.S.
+US_
";

fn load_actors() -> Dictionaries {
    let mut dict = Dictionaries::new();
    let diags = dict
        .add_actor_text("test.actors", ACTORS, Strictness::Strict)
        .expect("clean file");
    assert!(diags.is_empty(), "{diags:?}");
    dict
}

#[test]
fn dates_follow_petrarch_rules() {
    assert_eq!(parse_date("090120").unwrap(), d(2009, 1, 20));
    assert_eq!(parse_date("300101").unwrap(), d(2030, 1, 1));
    assert_eq!(parse_date("310101").unwrap(), d(1931, 1, 1));
    assert_eq!(parse_date("20170120").unwrap(), d(2017, 1, 20));
    // PETRARCH reads these silently as wrong dates; we refuse them.
    assert!(parse_date("2004017").is_err());
    assert!(parse_date("9008223").is_err());
    assert!(parse_date("100931").is_err());
    assert!(parse_date("10A101").is_err());
    assert!(parse_date("120229").is_ok());
    assert!(parse_date("130229").is_err());
}

#[test]
fn records_synonyms_and_codes() {
    let dict = load_actors();
    let afg = dict.actor_for_phrase("Afghan").unwrap();
    assert_eq!(afg.primary(), "AFGHANISTAN");
    assert_eq!(afg.code_at(Some(d(2020, 1, 1))), Some("AFG"));
    assert!(dict.actor_for_phrase("Mazar-i-Sharif").is_some());
    let m = dict.actor_for_phrase("president maduro").unwrap();
    assert_eq!(m.primary(), "NICOLAS MADURO");
    assert_eq!(m.phrases.len(), 3);
    assert_eq!(m.code_at(Some(d(2020, 5, 29))), Some("VENGOV"));
    assert_eq!(m.code_at(Some(d(2013, 4, 19))), Some("VENGOV"));
    assert_eq!(m.code_at(Some(d(2013, 4, 18))), Some("VENELI"));
    assert_eq!(m.code_at(Some(d(1950, 1, 1))), None);
    assert_eq!(
        m.code_at(None),
        Some("VENGOV"),
        "undated: most recent coding"
    );
    let j = dict.actor_for_phrase("John McCloy").unwrap();
    assert_eq!(j.code_at(Some(d(1948, 1, 1))), Some("IGOUNODEVWBK"));
}

#[test]
fn restrictions_first_dated_match_wins_then_default() {
    let dict = load_actors();
    let sam = dict.actor_for_phrase("Sam Gamgee").unwrap();
    assert_eq!(sam.codes[0].validity, Validity::Always);
    // Same dates as the PETRARCH validation records DATE-01..DATE-13.
    assert_eq!(sam.code_at(Some(d(1995, 1, 4))), Some("HOBCIV"));
    assert_eq!(sam.code_at(Some(d(2010, 1, 6))), Some("HOBMIL"));
    assert_eq!(sam.code_at(Some(d(2010, 1, 9))), Some("ORCHOB"));
    assert_eq!(sam.code_at(Some(d(2010, 1, 12))), Some("ORCHOB"));
    assert_eq!(sam.code_at(Some(d(2010, 1, 13))), Some("HOBMIL"));
    assert_eq!(sam.code_at(Some(d(2014, 1, 1))), Some("HOB"));
    // Spaces inside the brackets are tolerated.
    assert!(sam
        .codes
        .iter()
        .any(|r| r.validity == Validity::Between(d(1995, 6, 1), d(1999, 8, 15))));
    assert!(sam
        .codes
        .iter()
        .any(|r| r.validity == Validity::Before(d(1995, 6, 1))));
    let ec = dict.actor_for_phrase("European Community").unwrap();
    assert_eq!(ec.codes.len(), 2, "two restrictions on one line");
    assert_eq!(ec.code_at(Some(d(1987, 9, 1))), Some("IGOEUREEC"));
    assert_eq!(ec.code_at(Some(d(1985, 1, 1))), None);
}

#[test]
fn comments_are_skipped() {
    let dict = load_actors();
    assert!(dict.actor_for_phrase("IGNORED PHRASE").is_none());
}

#[test]
fn malformed_lines_are_reported_with_file_and_line() {
    let text = "KOREA_BUSINESS\n\t[KORGOVBUS 2004017-20061201]\n\t[KORGOV >100101]\nARMY [ARM 9008223-911221]\n\t[BROKEN\n+\n[USA]\n";
    let mut dict = Dictionaries::new();
    let diags = dict
        .add_actor_text("bad.actors", text, Strictness::Lenient)
        .unwrap();
    let lines: Vec<u32> = diags.iter().map(|d| d.line).collect();
    assert!(lines.contains(&2), "{diags:?}");
    assert!(lines.contains(&4), "{diags:?}");
    assert!(lines.contains(&5), "{diags:?}");
    assert!(diags.iter().all(|d| d.file == "bad.actors"));
    assert!(
        diags[0].to_string().starts_with("bad.actors:2: "),
        "{}",
        diags[0]
    );
    assert!(diags[0].message.contains("2004017"));
    // The good restriction of the same record survives; the bad one is dropped, not misread.
    let k = dict.actor_for_phrase("KOREA BUSINESS").unwrap();
    assert_eq!(k.codes.len(), 1);
    assert_eq!(k.code_at(Some(d(2005, 1, 1))), None);
    // Strict mode fails on the first problem, naming file and line.
    let err = Dictionaries::new()
        .add_actor_text("bad.actors", text, Strictness::Strict)
        .unwrap_err();
    match err {
        DictionaryError::Syntax(diag) => {
            assert_eq!((diag.file.as_str(), diag.line), ("bad.actors", 2))
        }
        other => panic!("unexpected {other}"),
    }
}

const AGENTS: &str = "\
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
!MINST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES
FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
POLICE {} [ ~COP]
HUMAN_RIGHTS_BODY  [NGO~]
CONGRESS [~LEG]
CONGRESS!PERSON! [~LEG]
!MINST!_OF_SILLY_WALKS [~GOV]
MILITARY [~MIL]
DEPUTY [~GOV]
";

#[test]
fn agents_plurals_markers_and_placement() {
    let mut dict = Dictionaries::new();
    let diags = dict
        .add_agent_text("test.agents", AGENTS, Strictness::Strict)
        .unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    let fm = dict.agent_for_phrase("foreign ministers").unwrap();
    assert_eq!(
        (fm.code.as_str(), fm.placement),
        ("GOVFRM", Placement::Suffix)
    );
    assert_eq!(fm.apply(Some("IRN")), "IRNGOVFRM");
    assert_eq!(fm.apply(None), "---GOVFRM");
    let hr = dict.agent_for_phrase("human rights bodies").unwrap();
    assert_eq!(hr.placement, Placement::Prefix);
    assert_eq!(hr.apply(Some("USA")), "NGOUSA");
    assert!(dict.agent_for_phrase("attorneys general").is_some());
    assert!(
        dict.agent_for_phrase("attorney generals").is_none(),
        "explicit plural replaces the regular one"
    );
    assert_eq!(dict.agent_for_phrase("police").unwrap().code, "COP");
    assert!(
        dict.agent_for_phrase("polices").is_none(),
        "{{}} means no plural"
    );
    assert!(dict.agent_for_phrase("congresses").is_some());
    for f in [
        "congressman",
        "congressmen",
        "congresswoman",
        "congresswomen",
        "congressperson",
    ] {
        assert_eq!(
            dict.agent_for_phrase(f).map(|a| a.code.as_str()),
            Some("LEG"),
            "{f}"
        );
    }
    assert!(
        dict.agent_for_phrase("congresspersons").is_none(),
        "no plural of substituted forms"
    );
    assert!(dict.agent_for_phrase("ministries of silly walks").is_some());
    assert!(dict.agent_for_phrase("militaries").is_some());
    assert!(dict.agent_for_phrase("deputies").is_some());
}

#[test]
fn agent_errors_name_the_line() {
    let text = "GOOD [~GOV]\nDEPARMENT_OF_ENVIRONMENT [~ENV}\nNO_CODE_HERE\nCABINET!FOO! [~GOV]\nODD [GOV]\n";
    let mut dict = Dictionaries::new();
    let diags = dict
        .add_agent_text("x.agents", text, Strictness::Lenient)
        .unwrap();
    let lines: Vec<u32> = diags.iter().map(|d| d.line).collect();
    assert_eq!(lines, [2, 3, 4, 5], "{diags:?}");
    assert!(dict.agent_for_phrase("good").is_some());
}

#[test]
fn longest_match_over_tokens() {
    let mut dict = load_actors();
    dict.add_agent_text("test.agents", AGENTS, Strictness::Strict)
        .unwrap();
    let toks = [
        "Afghan",
        "police",
        "met",
        "President",
        "Maduro",
        "and",
        "U.S.",
        "foreign",
        "ministers",
        "in",
        "Mazar",
        "-",
        "i",
        "-",
        "Sharif",
        ".",
    ];
    let m = dict.find(&toks, MatchOptions::default());
    let got: Vec<(std::ops::Range<usize>, String)> = m
        .iter()
        .map(|m| {
            let name = match m.entry {
                Entry::Actor(id) => dict.actors[id as usize].primary().to_string(),
                Entry::Agent(id) => format!("~{}", dict.agents[id as usize].code),
            };
            (m.tokens.clone(), name)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (0..1, "AFGHANISTAN".to_string()),
            (1..2, "~COP".to_string()),
            (3..5, "NICOLAS MADURO".to_string()),
            (6..7, "UNITED STATES".to_string()),
            (7..9, "~GOVFRM".to_string()),
            (10..15, "AFGHANISTAN".to_string()),
        ]
    );
    // Tokenizer-independent: "U.S." split in pieces, possessives, accents.
    let toks = [
        "U",
        ".",
        "S",
        ".",
        "and",
        "Nicolás",
        "Maduro",
        "’s",
        "government",
    ];
    let m = dict.find(&toks, MatchOptions::default());
    assert_eq!(m[0].tokens, 0..4);
    assert_eq!(m[1].tokens, 5..7);
    let toks = ["Maduro's", "men"];
    assert_eq!(dict.find(&toks, MatchOptions::default())[0].tokens, 0..1);
    // Lower-case "us" is a pronoun, not the United States.
    let toks = ["told", "us", "."];
    assert!(dict.find(&toks, MatchOptions::default()).is_empty());
    let toks = ["the", "US", "army"];
    assert_eq!(dict.find(&toks, MatchOptions::default())[0].tokens, 1..2);
}

#[test]
fn later_files_override_earlier_ones() {
    let mut dict = Dictionaries::new();
    dict.add_actor_text(
        "phoenix",
        "BARACK_OBAMA\n+OBAMA\n+PRESIDENT_OBAMA\n\t[USAELI 780101-000101]\n\t[USAGOV >090120]\nCHAD [TCD]\n",
        Strictness::Strict,
    )
    .unwrap();
    dict.add_actor_text(
        "supplement",
        "BARACK_OBAMA\n+BARACK_HUSSEIN_OBAMA\n\t[USAGOV 20090120-20170120]\n\t[USAELI]\n",
        Strictness::Strict,
    )
    .unwrap();
    let day_before = d(2017, 1, 19);
    let after = d(2017, 1, 21);
    for p in [
        "Barack Obama",
        "Obama",
        "President Obama",
        "Barack Hussein Obama",
    ] {
        let r = dict.actor_for_phrase(p).unwrap();
        assert_eq!(r.code_at(Some(day_before)), Some("USAGOV"), "{p}");
        assert_eq!(r.code_at(Some(after)), Some("USAELI"), "{p}");
    }
    assert_eq!(
        dict.actor_for_phrase("Chad").unwrap().code_at(None),
        Some("TCD")
    );
    let toks = ["President", "Obama", "spoke"];
    let m = dict.find(&toks, MatchOptions::default());
    let Entry::Actor(id) = m[0].entry else {
        panic!()
    };
    assert_eq!(
        dict.actors[id as usize].code_at(Some(after)),
        Some("USAELI")
    );
}

#[test]
fn compiled_form_round_trips() {
    let mut dict = load_actors();
    dict.add_agent_text("test.agents", AGENTS, Strictness::Strict)
        .unwrap();
    let bytes = dict.to_compiled();
    let back = Dictionaries::from_compiled(&bytes, "mem").unwrap();
    assert_eq!(back.actors, dict.actors);
    assert_eq!(back.agents, dict.agents);
    let toks = ["President", "Maduro", "and", "police"];
    assert_eq!(
        back.find(&toks, MatchOptions::default()),
        dict.find(&toks, MatchOptions::default())
    );
    assert!(Dictionaries::from_compiled(b"garbage", "mem").is_err());
}
