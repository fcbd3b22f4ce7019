//! The real Phoenix / PETRARCH dictionaries and the validation-suite dictionaries parse.

use chrono::NaiveDate;
use sitrep_actors::dictionary::{Dictionaries, MatchOptions, Strictness};

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

#[test]
fn phoenix_files_parse_with_reported_problems_only() {
    let dir = sitrep_testdata::require!("eventcoding/petrarch2");
    let mut dict = Dictionaries::new();
    let mut diags = Vec::new();
    for f in [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ] {
        diags.extend(
            dict.add_actor_file(&dir.join(f), Strictness::Lenient)
                .unwrap(),
        );
    }
    diags.extend(
        dict.add_agent_file(&dir.join("Phoenix.agents.txt"), Strictness::Lenient)
            .unwrap(),
    );
    // Sizes from the design notes: ~18,390 + 7,840 + 1,021 primary phrases, 2,244 agents.
    assert!(
        dict.actors.len() > 26_000,
        "{} actor records",
        dict.actors.len()
    );
    assert!(
        dict.actor_phrase_count() > 30_000,
        "{} actor phrases",
        dict.actor_phrase_count()
    );
    assert!(dict.agents.len() > 2_100, "{} agents", dict.agents.len());
    // The known bad dates are reported, with file and line.
    let bad = diags
        .iter()
        .find(|x| x.message.contains("2004017"))
        .expect("KORGOVBUS 2004017 reported");
    assert!(
        bad.file.ends_with("Phoenix.International.actors.txt") && bad.line == 40,
        "{bad}"
    );
    assert!(diags.iter().any(|x| x.message.contains("9008223")));
    assert!(
        diags.iter().any(|x| x.message.contains("[~ENV}")),
        "malformed agent bracket reported"
    );
    // Problems are rare: the files are overwhelmingly well-formed.
    let hard: Vec<_> = diags
        .iter()
        .filter(|x| !x.message.contains("has no code"))
        .collect();
    assert!(
        hard.len() < 60,
        "{} problems: {:#?}",
        hard.len(),
        &hard[..hard.len().min(20)]
    );

    let maduro = dict.actor_for_phrase("Maduro").unwrap();
    assert_eq!(maduro.code_at(d(2020, 5, 29)), Some("VENGOV"));
    let obama = dict.actor_for_phrase("Barack Obama").unwrap();
    assert_eq!(obama.code_at(d(2012, 1, 1)), Some("USAGOV"));
    assert_eq!(
        dict.actor_for_phrase("Iranian")
            .unwrap()
            .code_at(d(2020, 1, 1)),
        Some("IRN")
    );
    let soldiers = dict.agent_for_phrase("soldiers").unwrap();
    assert_eq!(soldiers.apply(Some("IRN")), "IRNMIL");
    // Phoenix has no plain OFFICIAL/FORCE agents (our supplement adds them); "troops" and "army" are there.
    let toks = [
        "Iranian",
        "troops",
        "met",
        "Venezuelan",
        "army",
        "officers",
        "in",
        "Caracas",
        ".",
    ];
    let m = dict.find(&toks, MatchOptions::default());
    let spans: Vec<_> = m.iter().map(|m| m.tokens.clone()).collect();
    assert_eq!(spans, [0..1, 1..2, 3..4, 4..6, 7..8], "{m:?}");
}

#[test]
fn validation_suite_dictionaries_parse() {
    let dir = sitrep_testdata::require!("eventcoding/ud-petrarch");
    let mut dict = Dictionaries::new();
    let diags = dict
        .add_actor_file(
            &dir.join("PETR_Validate_actors_2_02.txt"),
            Strictness::Lenient,
        )
        .unwrap();
    // Entries without any code exist on purpose (e.g. `ENT` whose code is on the next line is fine).
    assert!(
        diags.iter().all(|x| x.message.contains("has no code")),
        "{diags:#?}"
    );
    let agents = dict
        .add_agent_file(
            &dir.join("PETR_Validate_agents_2_02.txt"),
            Strictness::Lenient,
        )
        .unwrap();
    assert!(agents.is_empty(), "{agents:#?}");
    let sam = dict.actor_for_phrase("Sam Gamgee").unwrap();
    assert_eq!(sam.code_at(d(1995, 1, 4)), Some("HOBCIV"));
    assert_eq!(sam.code_at(d(2010, 1, 12)), Some("ORCHOB"));
    assert_eq!(sam.code_at(d(2012, 12, 31)), Some("HOBGOV"));
    let ham = dict.actor_for_phrase("Hamfast Gamgee").unwrap();
    assert_eq!(ham.code_at(d(1995, 1, 4)), Some("HOB"));
    assert_eq!(ham.code_at(d(2012, 11, 9)), Some("HOBGOV"));
    assert_eq!(
        dict.actor_for_phrase("Ent").unwrap().code_at(None),
        Some("ENT")
    );
    assert_eq!(
        dict.actor_for_phrase("Interpol").unwrap().code_at(None),
        Some("IGOCOPITP")
    );
    assert_eq!(
        dict.actor_for_phrase("Zimbabwe")
            .unwrap()
            .code_at(d(1975, 1, 1)),
        Some("RHO")
    );
    assert_eq!(
        dict.actor_for_phrase("Zimbabwe")
            .unwrap()
            .code_at(d(1995, 1, 1)),
        Some("ZBW")
    );
    assert_eq!(dict.agent_for_phrase("congresswomen").unwrap().code, "LEG");
    assert_eq!(
        dict.agent_for_phrase("ministries of silly walks")
            .unwrap()
            .code,
        "GOV"
    );
    let pd = dict.actor_for_phrase("Prince of Dol Amroth").unwrap();
    assert_eq!(pd.code_at(d(1990, 1, 1)), Some("---"));
    assert_eq!(pd.code_at(d(2000, 1, 1)), Some("DOL"));
    // Same result from the older PETRARCH-2 copies.
    let old = sitrep_testdata::require!("eventcoding/petrarch-unittest-dicts");
    let mut dict2 = Dictionaries::new();
    dict2
        .add_actor_file(&old.join("PETR.Validate.actors.txt"), Strictness::Lenient)
        .unwrap();
    assert!(dict2.actor_for_phrase("Sam Gamgee").is_some());
}
