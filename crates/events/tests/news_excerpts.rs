//! Coding errors seen on news text, each pinned by a short excerpt run through sitrep's own
//! tokenizer, tagger and parser and the shipped dictionaries.
//!
//! Excerpts (one sentence each, quoted for testing) are from "Trump's Foreign Policy Failure:
//! Iran, Venezuela Stand Together To Defy The US", The EurAsian Times, 2020.

use std::path::PathBuf;

use sitrep_events::{EventCoder, EventInput};

fn models_dir() -> PathBuf {
    std::env::var_os("SITREP_MODELS").map(PathBuf::from).unwrap_or_else(|| sitrep_testdata::repo_root().join("models"))
}

struct Coder {
    models: sitrep_nlp::Models,
    coder: EventCoder,
}

fn coder() -> Option<Coder> {
    let dir = models_dir();
    let models = match sitrep_nlp::Models::load(&dir) {
        Ok(m) => m,
        Err(e) => {
            if std::env::var("SITREP_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
                panic!("NLP models missing: {e}");
            }
            eprintln!("note: skipping: {e}");
            return None;
        }
    };
    let coder = EventCoder::load(&dir).expect("event coder");
    Some(Coder { models, coder })
}

/// The events `coder` codes in a text published on `date`.
fn events(c: &Coder, coder: &EventCoder, text: &str, date: Option<chrono::NaiveDate>) -> Vec<sitrep_events::Event> {
    let seg = sitrep_text::segment(text);
    let parse = c.models.annotate(text, &seg);
    coder.code(&EventInput { text, date, parse: &parse, entities: &[], dates: &[], locations: &[] })
}

/// (source code, target code, event code, source text, target text) of each event.
fn code(c: &Coder, text: &str) -> Vec<(String, String, String, String, String)> {
    let side = |a: &Option<sitrep_events::EventActor>| a.as_ref().map(|a| (a.code.clone(), a.text.clone())).unwrap_or_default();
    events(c, &c.coder, text, None)
        .into_iter()
        .map(|e| {
            let (sc, st) = side(&e.source);
            let (tc, tt) = side(&e.target);
            (sc, tc, e.code, st, tt)
        })
        .collect()
}

/// The event codes of a text.
fn codes(c: &Coder, text: &str) -> Vec<String> {
    code(c, text).into_iter().map(|e| e.2).collect()
}

/// Asserts that no text codes an event whose code `bad` accepts.
fn assert_no_code(c: &Coder, texts: &[&str], bad: impl Fn(&str) -> bool) {
    for t in texts {
        let got = codes(c, t);
        assert!(!got.iter().any(|x| bad(x)), "{t}: {got:?}");
    }
}

/// Whether an event code is a use of force (CAMEO 18, 19 and 20).
fn is_force(code: &str) -> bool {
    matches!(&code[..2], "18" | "19" | "20")
}

/// Asserts that every text codes an event whose code `good` accepts.
fn assert_code(c: &Coder, texts: &[&str], good: impl Fn(&str) -> bool) {
    for t in texts {
        let got = codes(c, t);
        assert!(got.iter().any(|x| good(x)), "{t}: {got:?}");
    }
}

#[test]
fn news_excerpts_code_the_right_actors() {
    let Some(c) = coder() else { return };

    // A headline's possessive is not the actor when an apposition names one.
    let evs = code(&c, "Trump’s Foreign Policy Failure: Iran, Venezuela Stand Together To Defy The US");
    eprintln!("{evs:?}");
    assert!(!evs.iter().any(|e| e.3.contains("Failure")), "the whole noun phrase as source: {evs:?}");
    assert!(evs.iter().all(|e| e.0 != "USAGOV"), "{evs:?}");

    // "country, Venezuela": the named apposition is the recipient, not "American" → USA.
    let evs = code(&c, "Defying the US sanctions, Iranian vessels recently shipped gasoline to South American country, Venezuela.");
    eprintln!("{evs:?}");
    assert!(evs.iter().any(|e| e.0 == "IRN" && e.1 == "VEN"), "{evs:?}");
    assert!(evs.iter().all(|e| e.1 != "USA"), "{evs:?}");
    // The participle is said of the vessels, not of the sanctions coordinated before them.
    assert!(evs.iter().all(|e| !(e.0 == "USA" && e.1 == "VEN")), "{evs:?}");

    // The amount a pattern matched ("- * MILLION") is not the target of the event.
    let evs = code(&c, "As reported earlier by Eurasian Times, Iran supplied about 1.53 million barrels of gasoline and alkylate to gasoline starved Venezuela.");
    eprintln!("{evs:?}");
    assert!(!evs.iter().any(|e| e.4.contains("million")), "{evs:?}");

    // One visit, not a coded and an uncoded duplicate.
    let evs = code(&c, "Nicolás Maduro said he would visit Tehran.");
    eprintln!("{evs:?}");
    let visits: Vec<_> = evs.iter().filter(|e| e.2 == "036" && e.0 == "VENGOV").collect();
    assert_eq!(visits.len(), 1, "{evs:?}");
    assert_eq!(visits[0].1, "IRN", "{evs:?}");
}

/// Bare "take" codes nothing (the supplement's repeated TAKE line); patterns that name what is
/// taken still code. The sentences are written for this test.
#[test]
fn take_is_an_event_only_when_a_pattern_says_what_is_taken() {
    let Some(c) = coder() else { return };
    for idiom in [
        "The talks between Iran and France took place in Geneva on Monday.",
        "Biden took office in January 2021.",
        "Russia took steps to reduce tensions with Ukraine.",
        "The Venezuelan government took delivery of the shipment.",
    ] {
        let evs = code(&c, idiom);
        assert!(!evs.iter().any(|e| e.2 == "171"), "{idiom}: {evs:?}");
    }
    let codes = |t: &str| codes(&c, t);
    assert!(codes("Houthi rebels took two Saudi soldiers hostage on Friday.").contains(&"181".to_string()));
    assert!(codes("Turkish police took the activist into custody in Istanbul.").contains(&"173".to_string()));
    assert!(codes("The French president took issue with Germany over the budget.").contains(&"111".to_string()));
}

/// Figurative uses of violent verbs code no assault; the literal ones still do. Sentences written for this test.
#[test]
fn figurative_breaks_strikes_and_hits_are_not_assaults() {
    let Some(c) = coder() else { return };
    let assault = |t: &str| codes(&c, t).iter().any(|e| e.starts_with("19"));
    for idiom in [
        "Trump broke the law, the senator said.",
        "The New York Times broke the news on Monday.",
        "Obama struck a conciliatory tone toward Cuba.",
        "The plan to normalize relations with Cuba hit a roadblock in Congress.",
    ] {
        assert!(!assault(idiom), "{idiom}: {:?}", code(&c, idiom));
    }
    assert!(assault("Israeli jets struck Hamas positions in Gaza."));
    assert!(assault("Russian missiles hit a hospital in Kharkiv."));
}

/// Thinking, learning, bare going or leaving, holding a post and meeting a target are no
/// consultation or aid; a journey still is a visit and a meeting still a meeting.
/// Sentences written for this test.
#[test]
fn thinking_and_leaving_are_not_consultations() {
    let Some(c) = coder() else { return };
    let codes = |t: &str| codes(&c, t);
    for t in [
        "The senator thought only one member wanted a wall.",
        "The government's mismanagement has left the country poor.",
        "Americans have learned a lot about the investigation.",
        "Coats has served as director of national intelligence since 2017.",
        "Germany is one of only six countries that meet the NATO target.",
        "Trump faces high stakes in his meeting with Erdogan.",
    ] {
        assert!(!codes(t).iter().any(|c| c.starts_with("04") || c == "060"), "{t}: {:?}", codes(t));
    }
    assert!(codes("The Iranian foreign minister left for Caracas on Tuesday.").contains(&"042".to_string()));
    assert!(codes("Erdogan met with Putin in Sochi.").contains(&"040".to_string()));
}

/// Naming or describing with CALL ("called the sanctions illegal", "an island called Aruba",
/// "what Pompeo called a campaign") is no telephone call; calling someone still is, with or
/// without a time after the object. Sentences written for this test.
#[test]
fn naming_is_not_a_telephone_call() {
    let Some(c) = coder() else { return };
    let naming = [
        "Iran called the sanctions \"illegal and inhumane.\"",
        "Iran called the US sanctions a crime against humanity.",
        "The tanker sailed past a small island called Aruba.",
        "Iran rejected what Washington called a \"maximum pressure\" campaign.",
        "Venezuela called it \"a victory for the people.\"",
    ];
    assert_no_code(&c, &naming, |x| x == "041");
    let calls = ["Venezuela called Russia after the vote.", "Venezuela called Russia on Monday.", "Venezuela called Russia twice last week."];
    assert_code(&c, &calls, |x| x == "041");
}

/// A time ("said Thursday", "on Monday") is never the target of an event, and the reverse event
/// of a symmetric code ("discussed", [040:040]) swaps both sides, never making an actor act on
/// itself or an object ("the shipments") act at all. Sentences written for this test.
#[test]
fn times_are_not_targets_and_reverse_events_swap_sides() {
    let Some(c) = coder() else { return };
    for t in [
        "Iran said Thursday that the tankers would sail.",
        "Venezuela called Russia on Monday.",
        "Iran and Venezuela discussed the shipments.",
        "Venezuela discussed the shipments with Iran.",
        "Russia discussed the shipments.",
    ] {
        for e in code(&c, t) {
            let (source, target) = (&e.3, &e.4);
            assert!(!["Thursday", "Monday", "on Monday", "the shipments"].contains(&source.as_str()), "{t}: {e:?}");
            assert!(!["Thursday", "Monday", "on Monday"].contains(&target.as_str()), "{t}: {e:?}");
            assert!(source.is_empty() || source != target, "{t}: {e:?}");
        }
    }
}

/// "Going to" with a verb is the future, not a journey or a consultation; going somewhere still
/// is one. Sentences written for this test.
#[test]
fn going_to_do_is_the_future_not_a_trip() {
    let Some(c) = coder() else { return };
    assert_no_code(&c, &["Iran is going to send more tankers to Venezuela."], |x| x.starts_with("04"));
    assert_code(&c, &["The Iranian foreign minister went to Caracas."], |x| x.starts_with("04"));
}

/// The managing block's travel patterns were written for HEAD: leading, managing or ordering
/// someone "to" something is no journey, heading somewhere still is. A pattern repeated in the
/// supplement wins over the same pattern of the 2015 dictionary. Sentences written for this test.
#[test]
fn leading_to_is_no_journey_heading_to_is() {
    let Some(c) = coder() else { return };
    let leading = [
        "The sanctions could lead Venezuela to a default.",
        "Iran has managed to weaken the sanctions.",
        "Russia ordered Venezuela to cut its staff.",
    ];
    assert_no_code(&c, &leading, |x| matches!(x, "042" | "043" | "036"));
    assert_code(&c, &["The Iranian foreign minister headed to Venezuela."], |x| x == "042");
}

/// A death is no use of force unless a pattern says it was one ("died in clashes"); the dead
/// never act. Sentences written for this test.
#[test]
fn a_death_alone_is_no_use_of_force() {
    let Some(c) = coder() else { return };
    assert_no_code(&c, &["The Venezuelan general died in Caracas.", "The former Iranian president died at age 82."], |x| x.starts_with("19"));
    assert_code(&c, &["Three Venezuelan soldiers died in clashes with Colombian forces."], |x| x.starts_with("19"));
}

/// Wanting, pressing or pushing someone "on" something is no use of force (the demand block's
/// "- * ON [190]" pattern was written for troops pressing on). Sentences written for this test.
#[test]
fn pressing_on_an_issue_is_no_attack() {
    let Some(c) = coder() else { return };
    assert_no_code(&c, &["Washington pressed Venezuela on the gold payment.", "Iran wants Venezuela to pay on time."], |x| x.starts_with("19"));
}

/// Battling allegations or fighting charges harms no one, and being caught on tape is no
/// arrest; fighting forces still is a use of force. Sentences written for this test.
#[test]
fn legal_fights_and_tapes_are_no_force() {
    let Some(c) = coder() else { return };
    let legal = ["Maduro is battling allegations of drug trafficking.", "The Venezuelan minister was caught on tape taking a bribe."];
    assert_no_code(&c, &legal, |x| x.starts_with("19") || x.starts_with("17"));
    assert_code(&c, &["Venezuelan troops fought Colombian rebels near the border."], |x| x.starts_with("19"));
}

/// A common noun with no actor of its own does not take one from a phrase of place, time or
/// topic it governs ("the turmoil in Venezuela", "a day after Pompeo"); relations with a country
/// and airstrikes on rebels keep their target. Sentences written for this test.
#[test]
fn places_and_times_inside_a_phrase_are_no_actors() {
    let Some(c) = coder() else { return };
    for t in ["The Iranian minister described the turmoil in Venezuela as temporary.", "Iran warned ships in the waters around Venezuela."] {
        let evs = code(&c, t);
        assert!(!evs.iter().any(|e| e.1 == "VEN"), "{t}: {evs:?}");
    }
    let evs = code(&c, "Iran broke off relations with Colombia.");
    assert!(evs.iter().any(|e| e.0 == "IRN" && e.1 == "COL"), "{evs:?}");
    let evs = code(&c, "Venezuelan troops launched airstrikes on Colombian rebels.");
    assert!(evs.iter().any(|e| e.0 == "VENMIL" && e.1.starts_with("COL")), "{evs:?}");
}

/// A day parsed as a verb's object or subject is no participant ("announced Wednesday that").
/// Sentences written for this test.
#[test]
fn days_are_no_participants() {
    let Some(c) = coder() else { return };
    let texts = [
        "Trump announced Wednesday that the summit would not take place in Caracas.",
        "A senior Iranian official explained Wednesday that the tankers carried gasoline.",
        "Maduro expressed worry Wednesday about the sanctions.",
    ];
    for t in texts {
        let evs = code(&c, t);
        assert!(!evs.iter().any(|e| e.3.starts_with("Wednesday") || e.4.starts_with("Wednesday")), "{t}: {evs:?}");
    }
}

/// "Come to" is no consultation: "when it comes to", "came to power". Sentences written for
/// this test.
#[test]
fn coming_to_power_is_no_consultation() {
    let Some(c) = coder() else { return };
    assert_no_code(&c, &["When it comes to Venezuela, Iran has been generous.", "Khamenei came to power in 1989."], |x| x.starts_with("04"));
}

/// Seeing, viewing and witnessing are no statements (010). Sentences written for this test.
#[test]
fn seeing_is_no_statement() {
    let Some(c) = coder() else { return };
    assert_no_code(&c, &["Iran sees Venezuela as a partner.", "Venezuela has seen five Iranian tankers this month."], |x| x == "010");
}

/// Claiming something is a statement, not disapproval (110); needing something is no demand
/// (100). Sentences written for this test.
#[test]
fn claims_are_statements_and_needs_no_demands() {
    let Some(c) = coder() else { return };
    assert_no_code(&c, &["The Venezuelan minister claimed that Iran had sent food."], |x| x == "110");
    assert_code(&c, &["The Venezuelan minister claimed that Iran had sent food."], |x| x == "010");
    assert_no_code(&c, &["Venezuela needs gasoline from Iran."], |x| x.starts_with("10"));
}

/// A sentence about the past is coded and dated by its own words; PETRARCH's discard list drops
/// every sentence naming a year from 1914 to 2013. A date in a relative clause or a participle
/// about a noun ("who was jailed in 2009", "a law passed in 1998") does not date the event.
/// Sentences written for this test.
#[test]
fn history_is_coded_with_its_own_date() {
    let Some(c) = coder() else { return };
    let dated = |text: &str, doc: &str| -> Vec<(String, String, String, String)> {
        let code = |a: &Option<sitrep_events::EventActor>| a.as_ref().map(|a| a.code.clone()).unwrap_or_default();
        events(&c, &c.coder, text, chrono::NaiveDate::parse_from_str(doc, "%Y-%m-%d").ok())
            .into_iter()
            .map(|e| (code(&e.source), code(&e.target), e.code, e.date.map(|d| d.date).unwrap_or_default()))
            .collect()
    };
    let evs = dated("Venezuela hosted the 2006 OPEC summit.", "2020-05-29");
    assert!(evs.iter().any(|e| (e.0.as_str(), e.1.as_str(), e.2.as_str(), e.3.as_str()) == ("VEN", "IGOOPC", "043", "2006")), "{evs:?}");
    let evs = dated("Iran, which was sanctioned in 2006, criticized Venezuela.", "2020-05-29");
    assert!(evs.iter().any(|e| e.0 == "IRN" && e.1 == "VEN" && e.2.starts_with("11") && e.3 == "2020-05-29"), "{evs:?}");
    let evs = dated("Pompeo said the shipments, which violate a law passed in 1998, threatened Venezuela.", "2020-05-29");
    assert!(!evs.is_empty() && evs.iter().all(|e| e.3 == "2020-05-29"), "{evs:?}");
    // PETRARCH's own behaviour stays available.
    let mut petrarch = EventCoder::load(&models_dir()).expect("event coder");
    petrarch.options = sitrep_events::CoderOptions::petrarch();
    assert!(events(&c, &petrarch, "Venezuela hosted the 2006 OPEC summit.", None).is_empty());
}

/// Controlling, leading, conducting, increasing, serving and bare giving are no material cooperation (060);
/// considering is no consultation (040); wanting and expecting are no intent to cooperate
/// (030). The patterns that say what is boosted still code. Sentences written for this test.
#[test]
fn managing_increasing_wanting_are_no_cooperation() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &[
            "Maduro's party controls the National Assembly of Venezuela.",
            "The Iranian delegation was led by Foreign Minister Javad Zarif.",
            "Iran conducted a missile test near the Strait of Hormuz.",
            "Iran increased its gasoline exports to Venezuela.",
            "Pompeo served in the United States Army.",
            "A recent poll gives Maduro a six-point lead over Guaidó.",
        ],
        |x| x == "060",
    );
    assert_no_code(&c, &["Maduro is considering a visit to Iran."], |x| x == "040");
    assert_no_code(&c, &["Venezuela wants Iranian gasoline.", "Iran expects Venezuela to pay in gold."], |x| x == "030");
    assert_code(&c, &["Iran boosted relations with Venezuela."], |x| x.starts_with("06"));
    assert_code(&c, &["Iran gave Venezuela its blessing."], |x| x == "051");
}

/// Admitting acknowledges (015) and revealing states (010); neither is diplomatic
/// cooperation (050). Containing, passing, voting, dealing with and studying code nothing
/// bare. Sentences written for this test.
#[test]
fn admissions_and_revelations_are_no_cooperation() {
    let Some(c) = coder() else { return };
    assert_code(&c, &["Maduro admitted his mistakes to Iran."], |x| x == "015");
    assert_code(&c, &["Pompeo revealed the route of the Iranian tankers to Venezuela."], |x| x == "010");
    // Arguing that something is so is a statement, not disapproval (110).
    assert_code(&c, &["Zarif has argued that Trump should remain in the accord."], |x| x == "010");
    assert_no_code(
        &c,
        &[
            "This report contains material from the Associated Press.",
            "Iran's parliament voted for the agreement with Venezuela.",
            "The Venezuelan Assembly passed the oil law.",
            "Venezuela must deal with the fallout of the Iranian deal.",
            "Maduro studied in Cuba.",
        ],
        |x| matches!(x, "170" | "030" | "080" | "050" | "090"),
    );
}

/// Violent verbs used figuratively are no use of force (18x–20x): dismissing someone,
/// news or protests breaking out, dominating an agenda, matching a number. Gunfire still
/// is, and "blasted" is criticism (111). Sentences written for this test.
#[test]
fn figurative_violence_is_no_force() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &[
            "Trump fired FBI Director James Comey in May.",
            "The president fired Pompeo's inspector general on Friday.",
            "Protests broke out in Caracas against Maduro.",
            "Iran dominated the talks with Venezuela.",
            "The United States matched the number of Russian diplomats expelled by Britain.",
            "Iran overtook Venezuela as the largest supplier.",
        ],
        is_force,
    );
    assert_code(&c, &["Israeli tanks fired shells at Hamas positions."], is_force);
    assert_code(&c, &["Graham blasted Trump on Monday."], |x| x == "111");
    assert_code(&c, &["China retaliated with tariffs on American soybeans."], |x| x == "163");
}

/// Releasing a report, helping write a law, joining a list, allowing, providing evidence
/// and protecting a website are no events; releasing prisoners still is, and defending a
/// decision is verbal (052) while defending an ally stays protection (074). Sentences
/// written for this test.
#[test]
fn general_verbs_code_only_their_events() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &[
            "Iran released a video of the tanker seizure.",
            "Venezuela helped write the OPEC agreement.",
            "Maduro joined a growing list of leaders visiting Tehran.",
            "The law allows Iran to sell oil to Venezuela.",
            "Iran provided no evidence to Venezuela.",
        ],
        |x| matches!(&x[..2], "06" | "07" | "08" | "04"),
    );
    assert_no_code(&c, &["Iran protected its gasoline exports to Venezuela."], |x| x == "074");
    assert_code(&c, &["Iran released two American prisoners."], |x| x.starts_with("084"));
    assert_code(&c, &["France and Germany defended the nuclear deal with Iran."], |x| x == "052");
    assert_code(&c, &["Israel is prepared to defend itself against Iran."], |x| x == "074");
}

#[test]
fn threats_refusals_and_failures_are_not_the_act() {
    let Some(c) = coder() else { return };
    // A threat of an act is a threat (13x), never the act itself.
    let threat = |text: &str, want: &str| {
        let got = codes(&c, text);
        assert!(got.iter().any(|x| x == want) && !got.iter().any(|x| x.starts_with("17") || x.starts_with("19")), "{text}: {got:?}");
    };
    threat("Iran threatened to seize a British oil tanker.", "137");
    threat("North Korea threatened to bomb Japan.", "138");
    threat("China threatened to impose sanctions on Japan.", "132");
    // "vowed to attack": VOW's own pattern (138) and the attack are one threat, not 1311.
    threat("Iran vowed to attack Israel.", "138");
    // "warned it would seize": 137, not 1323 (a curfew), which shares 137's ontology value.
    threat("Iran warned that it would seize British tankers.", "137");
    // A refusal is a rejection; declining to comment is 011.
    assert_eq!(codes(&c, "The Kremlin declined to comment on the report."), ["011"]);
    let got = code(&c, "Russia refused to meet Ukraine.");
    assert!(got.iter().all(|e| e.2.starts_with("12")) && !got.is_empty(), "{got:?}");
    // Only the one refusing has refused: no reverse event of a symmetric code.
    assert!(got.iter().all(|e| e.0 == "RUS"), "{got:?}");
    // A failure codes nothing: neither the support nor FAIL's own rejection (120).
    assert!(codes(&c, "Obama failed to support Israel.").is_empty());
    // A negated intention announces nothing.
    assert_no_code(&c, &["Obama did not want to influence the Israeli elections."], |x| x.starts_with("03") || x == "050");
    // A negated refusal leaves the act as written.
    assert_code(&c, &["Russia did not refuse to meet Ukraine."], |x| x == "040");
}

#[test]
fn economic_harm_showing_and_trade_targets_are_no_force() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &[
            "Raising tariffs will hurt American farmers and Chinese exporters.",
            "Canada has been ripping off the United States for years.",
            "China targeted almost 2,500 American products with new tariffs.",
            "The sanctions target the core sectors of Iran's economy.",
            "Trump engaged in a dangerous show of his Blame America First policy.",
            "The weak German figure reinforces the case for easing by the European Central Bank.",
            "The president surrounded himself with his national security team.",
        ],
        |x| ["14", "15", "17", "18", "19", "20"].contains(&&x[..2]),
    );
    // Strikes keep their code, and engaging with someone is talking to them.
    assert_code(&c, &["Israeli jets targeted an ISIS convoy near Mosul."], |x| x == "190");
    assert_code(&c, &["The US ambassador engaged with the Syrian opposition."], |x| x == "040");
}

#[test]
fn fighting_for_a_side_or_a_goal_is_not_criticism() {
    let Some(c) = coder() else { return };
    // PHYSICAL_CONFLICT's "- * (FOR) [111]" was written for ATTACK; the supplement's FIGHT_FOR
    // block sets it aside for the fighting verbs, and wins the tie as the later file.
    assert_no_code(
        &c,
        &[
            "Prosecutors said the group recruited French Muslims to fight for al-Qaeda in Iraq.",
            "Maduro is fighting for his country's sovereignty.",
            "Sanders has battled for the nomination since January.",
        ],
        |x| x == "111",
    );
    assert_code(&c, &["Senator Graham attacked Obama for his remarks on Iran."], |x| x == "111");
    // A fired weapon is still force, a fired official no longer, and tear gas is repression.
    assert_code(&c, &["North Korea fired a missile toward Japan."], |x| x == "190");
    assert_code(&c, &["Police fired tear gas at the protesters in Baghdad."], |x| x == "175");
}

#[test]
fn insisting_that_something_is_so_is_a_statement_not_a_demand() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &["Tehran insists its nuclear program is for peaceful purposes.", "Mr. Pena Nieto insists Mexico will not pay."],
        |x| x.starts_with("10"),
    );
    assert_code(&c, &["Tehran insists its nuclear program is for peaceful purposes."], |x| x == "010");
    assert_code(&c, &["The Trump administration is insisting on the nuclear disarmament of North Korea."], |x| x == "100");
}

#[test]
fn a_telephone_call_needs_someone_at_the_other_end() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &[
            "The president called a press conference in October.",
            "Hoover called in the military.",
            "The meeting was called after Ryan declined to endorse Trump.",
            "The United States calls its own commitment to the deal into question.",
            "Democrats called the memo incomplete and misleading.",
        ],
        |x| x.starts_with("04"),
    );
    assert_code(&c, &["Trump called the British prime minister on Tuesday.", "Erdogan called Putin on Tuesday."], |x| x == "041");
}

#[test]
fn coordinated_subjects_act_on_each_other_only_when_they_do_it_together() {
    let Some(c) = coder() else { return };
    let members = ["GBR", "FRA", "DEU", "USA", "JPN"];
    for text in ["Britain, France and Germany recognize that the agreement is effectively dead.", "The United States and Japan plan to expand their exercises next year."] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| members.contains(&e.0.as_str()) && members.contains(&e.1.as_str())), "{text}: {evs:?}");
    }
    let evs = code(&c, "Iran and Iraq agreed to cooperate on security.");
    assert!(evs.iter().any(|e| e.0 == "IRN" && e.1 == "IRQ"), "{evs:?}");
    let evs = code(&c, "Iran and Iraq met in Baghdad on Monday.");
    assert!(evs.iter().any(|e| e.0 == "IRN" && e.1 == "IRQ"), "{evs:?}");
}

#[test]
fn suggesting_that_is_a_statement_and_deciding_is_no_cooperation() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &["Iran suggested the United States was behind the attack.", "Mr. Trump hinted that China would pay for the tariffs."],
        |x| x.starts_with("02"),
    );
    assert_no_code(
        &c,
        &["The Supreme Court decided that the legislative veto violated the Constitution.", "Russian officials have yet to determine the cause of the crash."],
        |x| x.starts_with("03"),
    );
    assert_code(&c, &["Iran suggested the United States was behind the attack."], |x| x == "010");
}

#[test]
fn wanting_someone_out_or_into_something_is_no_force() {
    let Some(c) = coder() else { return };
    // DEMAND's "- * (OUT) [174]" and "- * (INTO) [192]" were written for PUSH.
    assert_no_code(
        &c,
        &["Trump wants US troops out of Syria.", "The Chinese government has wanted to bring Hong Kong into its orbit.", "Israel demands a halt to weapons smuggling into Gaza."],
        |x| x.starts_with("17") || x.starts_with("19"),
    );
}

#[test]
fn a_pattern_written_for_one_verb_of_a_block_does_not_code_the_others() {
    let Some(c) = coder() else { return };
    // GO_SOMEWHERE's "(FOR)" was DEPART's, ACCLAIM's "(TO)" WELCOME's, EXPLAIN_VERBAL's "ATTACK" REPORT's.
    assert_no_code(
        &c,
        &[
            "Things have been going off the rails for the president.",
            "The courts have recognized the right of Congress to compel testimony.",
            "Israel says Hamas militants used the tunnels to sneak into Israel for terror attacks.",
            "Rouhani praised the nuclear deal struck between Iran and the world powers.",
            "Iranian and American officials will face a difficult political environment at home.",
        ],
        |x| x.starts_with("03") || x.starts_with("04") || x.starts_with("19"),
    );
    assert_no_code(
        &c,
        &["President Eisenhower used the act to have federal troops enforce civil rights laws in Arkansas."],
        |x| x.starts_with("06"),
    );
    assert_code(&c, &["The Iranian foreign minister departed for Beijing on Monday."], |x| x.starts_with("04"));
}

#[test]
fn speculation_is_no_event_and_a_reported_would_is_an_intent() {
    let Some(c) = coder() else { return };
    // "could", "may", "should" and a bare conditional "would" say what might happen: no one's act,
    // and no threat either (they were coded as 13x intents of the subject).
    assert_no_code(
        &c,
        &[
            "Increased U.S. efforts to oust Assad could provoke retaliation from Iran.",
            "Iran might attack US Navy vessels in the Gulf.",
            "Kim may rebuff the president.",
            "America should welcome Chinese investment.",
            "The new Chinese tariffs would hit its profits.",
        ],
        |x| !x.starts_with('0') || x.starts_with("03"),
    );
    // Reported, "would" is what someone announced: "will" in indirect speech.
    assert_code(&c, &["Iran said it would attack US bases in Iraq."], |x| x.starts_with("13"));
    assert_code(&c, &["The United States will consult with South Korea and Japan."], |x| x == "036");
}

#[test]
fn a_typographic_apostrophe_negates_as_a_straight_one_does() {
    let Some(c) = coder() else { return };
    // News sites set "didn’t" and "won’t" with U+2019; the negation must not be lost.
    for (curly, straight) in [("Obama didn’t go to Paris on Monday.", "Obama didn't go to Paris on Monday."), ("Iran won’t attack Israel.", "Iran won't attack Israel.")] {
        assert_eq!(codes(&c, curly), codes(&c, straight), "{curly}");
    }
    assert_no_code(&c, &["Obama didn’t go to Paris on Monday."], |x| x.starts_with("04"));
    assert_no_code(&c, &["Iran won’t attack Israel."], |x| x.starts_with("13") || x.starts_with("19"));
}

#[test]
fn what_an_attack_is_aimed_at_is_not_its_source() {
    let Some(c) = coder() else { return };
    for text in [
        "Several American service members were wounded in a rocket attack on an Iraqi base in Kirkuk.",
        "The rocket attack on the Iraqi base wounded several American service members.",
    ] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| e.0.starts_with("IRQ")), "{text}: {evs:?}");
    }
    let evs = code(&c, "Israeli airstrikes on Gaza killed ten people.");
    assert!(evs.iter().any(|e| e.0 == "ISR"), "{evs:?}");
}

#[test]
fn where_something_was_said_is_not_whom_it_was_said_to() {
    let Some(c) = coder() else { return };
    for text in ["Pompeo said in Baghdad that the talks had failed.", "Gunson told me from Caracas that most people were happy."] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| e.1 == "IRQ" || e.1 == "VEN"), "{text}: {evs:?}");
    }
    let evs = code(&c, "\"We have to be deliberate about it,\" Mr. Blinken said on CNN.");
    assert!(!evs.iter().any(|e| e.1.ends_with("MED")), "{evs:?}");
    // Whom it was said to, and a clause's actor, still are.
    assert_code(&c, &["Pompeo told reporters in Washington that Iran was to blame."], |x| x == "010");
    let evs = code(&c, "Pompeo said in Baghdad that the United States would respond.");
    assert!(evs.iter().any(|e| e.1 == "USA"), "{evs:?}");
}

#[test]
fn what_a_passive_verb_lands_on_is_not_who_did_it() {
    let Some(c) = coder() else { return };
    // Short excerpts from articles of the AllSides/ABP news corpus (quoted for testing), and invented ones.
    for (text, not_source) in [
        ("U.S. tariffs imposed on China and other countries have resulted in higher prices.", "CHN"),
        ("Village slaughter blamed on Boko Haram.", "NGAREB"),
        ("The attack on the embassy was blamed on Iran.", "IRN"),
    ] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| e.0 == not_source), "{text}: {evs:?}");
    }
    let evs = code(&c, "Tariffs have been imposed by Washington on some Chinese goods.");
    assert!(evs.iter().any(|e| e.0 == "USA" && e.1 == "CHN"), "{evs:?}");
}

#[test]
fn being_met_with_skepticism_is_no_meeting() {
    let Some(c) = coder() else { return };
    // Short excerpts from articles of the AllSides/ABP news corpus (quoted for testing), and an invented one.
    assert_no_code(
        &c,
        &[
            "The violence was met with celebration from Palestinians, as revelers in the Gazan city of Rafah handed out candy.",
            "The idea was greeted with disdain by his fellow leaders.",
            "Russia's offer was met with skepticism by the European Union.",
        ],
        |x| x.starts_with("04") || x.starts_with("03") || x == "051",
    );
    assert_code(&c, &["Pompeo met Lavrov in Sochi on Tuesday."], |x| x.starts_with("04"));
}

#[test]
fn a_summit_or_an_accord_named_after_a_city_is_no_actor() {
    let Some(c) = coder() else { return };
    // Short excerpts from articles of the AllSides/ABP news corpus (quoted for testing), and an invented one.
    for (text, city) in [
        ("Putin and Trump met at the Helsinki summit in July.", "FIN"),
        ("China, North Korea's longtime key ally, refused to assign blame for the Hanoi summit.", "VNM"),
        ("It was a surprising development - particularly since the US president had just pulled out of the 2015 Paris climate accord.", "FRA"),
    ] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| e.0 == city || e.1 == city), "{text}: {evs:?}");
    }
    let evs = code(&c, "Putin and Trump met at the Helsinki summit in July.");
    assert!(evs.iter().any(|e| e.0 == "RUSGOV" && e.1 == "USAGOV"), "{evs:?}");
}

#[test]
fn what_an_infinitive_aims_at_is_not_the_phrase_actor() {
    let Some(c) = coder() else { return };
    // Short excerpts from articles of the AllSides/ABP news corpus (quoted for testing).
    let evs = code(&c, "President Obama is scheduled to meet with congressional leaders Tuesday afternoon to discuss his plan to combat the ISIS threat.");
    assert!(!evs.iter().any(|e| e.3 == "his plan" || e.4 == "his plan"), "{evs:?}");
    let evs = code(&c, "Mnuchin declined to confirm whether China had agreed to a specific commitment to reduce the U.S. trade deficit with the country by $200 billion.");
    assert!(!evs.iter().any(|e| e.0 == "CHN" && e.1 == "USA"), "{evs:?}");
}

/// Urging is a request (02x) of the one urged, and the act urged is not coded as done: the
/// 2015 dictionary has patterns written for URGE but no URGE verb. Sentences written for this test.
#[test]
fn what_is_urged_is_requested_not_done() {
    let Some(c) = coder() else { return };
    for (text, urger, urged) in [
        ("The United States urged Turkey to buy Patriot missiles.", "USA", "TUR"),
        ("Russia urged China to pressure North Korea.", "RUS", "CHN"),
        ("Iran is urging Venezuela to buy more Iranian gasoline.", "IRN", "VEN"),
    ] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| e.0 == urged), "{text}: {evs:?}");
        assert!(evs.iter().any(|e| e.0 == urger && e.1 == urged && e.2.starts_with("02")), "{text}: {evs:?}");
    }
}

/// Pleading guilty is acknowledging responsibility (013), not an appeal (020); pleading with
/// someone still is one. Sentences written for this test.
#[test]
fn pleading_guilty_is_no_appeal() {
    let Some(c) = coder() else { return };
    let guilty = ["A Russian diplomat pleaded guilty to lying to the FBI.", "The Iranian businessman has pleaded guilty to eight criminal charges."];
    assert_no_code(&c, &guilty, |x| x.starts_with("02"));
    assert_code(&c, &guilty, |x| x == "013");
    assert_code(&c, &["The Kurds pleaded with the United States for help."], |x| x.starts_with("02"));
}

/// Removing things is no expulsion (174); removing sanctions eases them (085), and removing
/// someone from power or removing immigrants still expels. Sentences written for this test.
#[test]
fn what_is_removed_is_not_always_expelled() {
    let Some(c) = coder() else { return };
    let things = [
        "China agreed to remove tariffs on American cars.",
        "Russia removed the statue from the square.",
        "The United States removed Cuba from the list of countries it watches.",
    ];
    assert_no_code(&c, &things, |x| x == "174");
    assert_code(&c, &["The United States removed sanctions on Iran."], |x| x == "085");
    assert_code(&c, &["The army removed the Egyptian president from power.", "France removed Algerian immigrants."], |x| x == "174");
}

/// In the passive, the one who acted is in a by, from or in phrase, and an in phrase that names
/// a place says where, not who; no other phrase names the one who acted. Sentences written for
/// this test.
#[test]
fn in_the_passive_a_place_or_a_circumstance_is_not_the_agent() {
    let Some(c) = coder() else { return };
    for (text, not_source) in [
        ("Five Iranian students were arrested in Birmingham.", "GBR"),
        ("The American journalist was kidnapped in Syria last year.", "SYR"),
        ("The tariff was imposed on Canada after a complaint from a Chinese company.", "CHN"),
        ("The Iranian tanker was seized near Gibraltar by British marines.", "GIB"),
    ] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| e.0.starts_with(not_source)), "{text}: {evs:?}");
    }
    assert_code(&c, &["The Iranian tanker was seized near Gibraltar by British marines."], |x| x.starts_with("1"));
    let evs = code(&c, "Three American citizens have been killed in U.S. counterterrorism operations.");
    assert!(evs.iter().any(|e| e.0 == "USA" && e.2 == "190"), "{evs:?}");
}

/// Coordinated subjects act on each other only when nothing else is what they act on: "defended
/// it" or "supported the deal" has its own object, unless the code is symmetric ("discussed the
/// crisis") or the object is "each other"; agents in the passive act on the subject. Sentences
/// written for this test.
#[test]
fn coordinated_subjects_with_an_object_do_not_act_on_each_other() {
    let Some(c) = coder() else { return };
    for text in [
        "Britain, China, France and Russia have vehemently defended it.",
        "Britain and France supported the deal.",
        "The dossier was funded by Russia and Iran.",
    ] {
        let evs = code(&c, text);
        assert!(!evs.iter().any(|e| !e.0.is_empty() && !e.1.is_empty()), "{text}: {evs:?}");
    }
    for text in ["Iran and Iraq agreed.", "Russia and China discussed the crisis.", "Britain and Iran have directly communicated."] {
        let evs = code(&c, text);
        assert!(evs.iter().any(|e| !e.0.is_empty() && !e.1.is_empty()), "{text}: {evs:?}");
    }
}

/// A "for" inside what something is called is no call for anything ("called the deal an
/// unmitigated victory for Morsi"); calling for something still is an appeal. Sentences written
/// for this test.
#[test]
fn a_for_inside_a_name_is_no_call_for() {
    let Some(c) = coder() else { return };
    let naming = [
        "Iran called the deal an unmitigated victory for Washington.",
        "The Iranian foreign minister called the sanctions a crime against the people of Venezuela.",
    ];
    assert_no_code(&c, &naming, |x| x.starts_with("02"));
    assert_code(&c, &["Iran called for urgent action by the United Nations."], |x| x.starts_with("02"));
}

/// The words shown for an actor are those that named it: when a phrase names no one itself and
/// its actor comes from a phrase inside it ("a phone call *to Putin*", "adversaries *like Iran*"),
/// the text is that inner phrase, not the head noun ("a phone call", "the lessons") that gave no
/// code. Sentences written for this test.
#[test]
fn an_actor_named_inside_a_phrase_is_shown_by_its_own_words() {
    let Some(c) = coder() else { return };
    let target_of = |text: &str, actor: &str| -> String {
        code(&c, text).into_iter().find(|e| e.1 == actor).map(|e| e.4).unwrap_or_else(|| panic!("{text}: no target {actor}"))
    };
    assert_eq!(target_of("Trump withheld a congratulatory phone call to Putin on Monday.", "RUSGOV"), "Putin");
    assert_eq!(target_of("The president delivered a stern warning to Russia after the vote.", "RUS"), "Russia");
    // A phrase that names its actor itself keeps its own words.
    assert_eq!(target_of("Iranian vessels shipped gasoline to Venezuela.", "VEN"), "Venezuela");
    // ... less a preposition or conjunction the parser hung under it.
    let source_of = |text: &str, actor: &str| -> String {
        code(&c, text).into_iter().find(|e| e.0 == actor).map(|e| e.3).unwrap_or_else(|| panic!("{text}: no source {actor}: {:?}", code(&c, text)))
    };
    assert!(source_of("The deal was praised by President Obama.", "USAGOV").starts_with("President Obama"));
    assert_eq!(source_of("The plan was criticized by both Russian and Chinese officials.", "RUSGOV"), "Russian and Chinese officials");
    // A side without a code keeps its phrase, less the preposition and quotation mark.
    let text = "The US had imposed sanctions on “two nations it calls its enemies”.";
    let uncoded = code(&c, text).into_iter().find(|e| e.0 == "USA" && e.1.is_empty()).map(|e| e.4);
    assert_eq!(uncoded.as_deref(), Some("two nations"), "{:?}", code(&c, text));
}

/// Soft hyphens and zero-width spaces that page layout leaves inside words ("Clin\u{ad}ton",
/// "sho\u{200b}uted", as in the AllSides corpus) change nothing: the models see the words without
/// them. Sentences written for this test.
#[test]
fn invisible_characters_inside_words_change_nothing() {
    let Some(c) = coder() else { return };
    let clean = "The Iranian government condemned the United States and praised Venezuela.";
    let laid_out = "The Iranian govern\u{ad}ment con\u{ad}demned the Uni\u{ad}ted States and prai\u{200b}sed Vene\u{200b}zuela.";
    let codes = |t: &str| code(&c, t).into_iter().map(|e| (e.0, e.1, e.2)).collect::<Vec<_>>();
    let want = codes(clean);
    assert!(want.len() >= 2, "{want:?}");
    assert_eq!(codes(laid_out), want);
}

/// A reported event coded toward its own actor is never output, so it does not take the place
/// of the statement reporting it. Sentence written for this test.
#[test]
fn a_statement_stands_when_what_it_reports_is_coded_toward_its_own_actor() {
    let Some(c) = coder() else { return };
    let text = "Maduro said Venezuela would defend Venezuela against any aggression.";
    let evs = code(&c, text);
    assert!(evs.iter().any(|e| e.0 == "VENGOV" && e.2 == "010"), "{text}: {evs:?}");
}

/// What an agent's participle acts on is not whose the agent is ("journalists traveling with
/// Pompeo", "troops amassing near the Ukrainian border"); where it lives and who directs it are.
/// Sentences written for this test.
#[test]
fn a_participles_object_does_not_give_an_agent_its_country() {
    let Some(c) = coder() else { return };
    let sources = |text: &str| code(&c, text).into_iter().map(|e| e.0).collect::<Vec<_>>();
    for (text, wrong) in [
        ("Journalists traveling with Pompeo in Ethiopia accused the United Nations of lying.", "USAGOVMED"),
        ("Troops amassing near the Ukrainian border shelled the town.", "UKRMIL"),
        ("Senators meeting with Foreign Minister Zarif criticized the deal.", "IRNGOVLEG"),
    ] {
        let got = sources(text);
        assert!(!got.iter().any(|s| s == wrong), "{text}: {got:?}");
    }
    for (text, right) in [("Civilians living in Aleppo accused Russia of bombing hospitals.", "SYRCVL"), ("Forces directed by Soleimani attacked the embassy.", "IRNMIL")] {
        let got = sources(text);
        assert!(got.iter().any(|s| s == right), "{text}: {got:?}");
    }
}

/// Bans, laws and disinformation "target" people without force, and sanctions or tariffs that
/// target someone are sanctions (163), also when a participle says so. Sentences written for
/// this test.
#[test]
fn what_targets_someone_without_force_is_no_assault() {
    let Some(c) = coder() else { return };
    assert_no_code(
        &c,
        &[
            "President Trump's travel ban targeting Muslims is counterproductive.",
            "Russian disinformation campaigns targeting the United States continued.",
            "U.S. sanctions targeting Iran's oil industry took effect on Monday.",
        ],
        is_force,
    );
    assert_code(&c, &["U.S. sanctions targeting Iran's oil industry took effect on Monday.", "The tariffs mostly targeted Chinese products."], |x| x == "163");
    assert_code(&c, &["Israeli jets targeting Hamas positions struck Gaza."], is_force);
}
