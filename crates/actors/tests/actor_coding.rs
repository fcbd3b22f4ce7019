//! Actor coding with the compiled dictionaries in models/: dates, supplement, seed articles.

use std::path::PathBuf;

use chrono::NaiveDate;
use sitrep_actors::{ActorCoder, Entity};
use sitrep_nlp::EntityType;

fn coder() -> ActorCoder {
    let models = sitrep_testdata::repo_root().join("models");
    assert!(
        models.join(sitrep_actors::compile::COMPILED_PATH).is_file(),
        "models/actors/dictionaries.bin missing: run `sitrep train actors`"
    );
    ActorCoder::load(&models).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

fn code(c: &ActorCoder, phrase: &str, date: Option<NaiveDate>) -> Option<String> {
    c.dictionaries()
        .actor_for_phrase(phrase)
        .and_then(|r| r.code_at(date))
        .map(str::to_string)
}

#[test]
fn leaders_are_coded_at_the_date() {
    let c = coder();
    // Obama: Phoenix leaves him USAGOV open-ended; the supplement closes the term.
    assert_eq!(code(&c, "Obama", d(2016, 6, 1)).as_deref(), Some("USAGOV"));
    assert_eq!(
        code(&c, "President Obama", d(2017, 1, 19)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        code(&c, "Barack Obama", d(2017, 1, 21)).as_deref(),
        Some("USAELI")
    );
    assert_eq!(code(&c, "Obama", d(2020, 1, 1)).as_deref(), Some("USAELI"));
    assert_eq!(code(&c, "Trump", d(2020, 5, 29)).as_deref(), Some("USAGOV"));
    assert_eq!(code(&c, "Trump", d(2022, 5, 29)).as_deref(), Some("USAELI"));
    assert_eq!(
        code(&c, "Donald Trump", d(2025, 6, 1)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        code(&c, "Pompeo", d(2020, 5, 29)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        code(&c, "Mike Pompeo", d(2017, 6, 1)).as_deref(),
        Some("USASPY")
    );
    assert_eq!(
        code(&c, "Maduro", d(2020, 5, 29)).as_deref(),
        Some("VENGOV")
    );
    assert_eq!(
        code(&c, "Nicolás Maduro", d(2020, 5, 29)).as_deref(),
        Some("VENGOV")
    );
    assert_eq!(
        code(&c, "Hugo Chávez", d(2020, 1, 1)).as_deref(),
        Some("VENELI")
    );
    assert_eq!(
        code(&c, "Quds Force", d(2020, 1, 1)).as_deref(),
        Some("IRNMIL")
    );
    assert_eq!(
        code(&c, "Houthis", d(2020, 1, 1)).as_deref(),
        Some("YEMREB")
    );
    assert_eq!(
        code(&c, "Wagner Group", d(2022, 1, 1)).as_deref(),
        Some("RUSUAF")
    );
    assert_eq!(
        code(&c, "U.S. Southern Command", d(2020, 1, 1)).as_deref(),
        Some("USAMIL")
    );
    assert_eq!(
        code(&c, "Taliban", d(2020, 1, 1)).as_deref(),
        Some("AFGREB")
    );
    assert_eq!(
        code(&c, "Taliban", d(2022, 1, 1)).as_deref(),
        Some("AFGGOV")
    );
    assert_eq!(c.dictionaries().capital_country("Tehran"), Some("IRN"));
    assert_eq!(c.dictionaries().capital_country("Caracas"), Some("VEN"));
}

#[test]
fn user_files_override_the_compiled_dictionaries() {
    let dir = std::env::temp_dir().join(format!("sitrep-actors-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("mine.actors.txt");
    std::fs::write(
        &f,
        "NICOLAS_MADURO\n+MADURO\n\t[VENGOV 20130419-20191231]\n\t[VENELI]\n",
    )
    .unwrap();
    let models = sitrep_testdata::repo_root().join("models");
    let c = ActorCoder::load_with(&models, &[f.clone()], &[]).unwrap();
    assert_eq!(
        code(&c, "Maduro", d(2020, 5, 29)).as_deref(),
        Some("VENELI")
    );
    assert_eq!(
        code(&c, "President Maduro", d(2020, 5, 29)).as_deref(),
        Some("VENELI"),
        "synonyms follow the record"
    );
    std::fs::write(&f, "BROKEN\n\t[VENGOV 2004017-20061201]\n").unwrap();
    let err = ActorCoder::load_with(&models, &[f.clone()], &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("mine.actors.txt:2"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn analyze(c: &ActorCoder, path: PathBuf) -> (String, Vec<Entity>) {
    let doc = sitrep_sources::open(&[path], &Default::default())
        .next()
        .unwrap()
        .unwrap();
    let seg = sitrep_text::segment(&doc.text);
    let models = sitrep_nlp::Models::load(&sitrep_testdata::repo_root().join("models")).unwrap();
    let parse = models.annotate(&doc.text, &seg);
    let ents = c.resolve(&doc.text, doc.date, &parse);
    (doc.text, ents)
}

fn resolve_text(c: &ActorCoder, text: &str, date: Option<NaiveDate>) -> Vec<Entity> {
    let seg = sitrep_text::segment(text);
    let parse = sitrep_nlp::Models::load(&sitrep_testdata::repo_root().join("models"))
        .unwrap()
        .annotate(text, &seg);
    c.resolve(text, date, &parse)
}

fn with_text<'e>(ents: &'e [Entity], text: &str) -> Vec<&'e Entity> {
    ents.iter().filter(|e| e.text == text).collect()
}

#[test]
fn seed_articles_have_the_expected_actors() {
    let Some(seeds) = sitrep_testdata::seeds() else {
        return;
    };
    let c = coder();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 2);
    let mut seen_gunson = false;
    let mut seen_faller = false;
    let mut seen_pompeo = false;
    let mut seen_vessels = false;
    let mut seen_capital_gov = 0;
    for f in files {
        let (text, ents) = analyze(&c, f.clone());
        // Every mention of the same id has the same canonical name.
        for a in &ents {
            for b in ents.iter().filter(|b| b.id == a.id) {
                assert_eq!(a.canonical, b.canonical, "{f:?}");
            }
        }
        for e in ents
            .iter()
            .filter(|e| e.kind == EntityType::Per && e.canonical.contains("Maduro"))
        {
            assert_eq!(e.actor.as_deref(), Some("VENGOV"), "{f:?}: {e:?}");
            assert_eq!(e.canonical, "Nicolás Maduro", "{f:?}");
        }
        for e in ents
            .iter()
            .filter(|e| e.text.contains("Maduro government") || e.text.contains("Maduro regime"))
        {
            assert_eq!(e.actor.as_deref(), Some("VENGOV"), "{e:?}");
        }
        for e in ents.iter().filter(|e| e.canonical.contains("Pompeo")) {
            assert_eq!(e.actor.as_deref(), Some("USAGOV"), "{e:?}");
            seen_pompeo = true;
        }
        for e in ents
            .iter()
            .filter(|e| e.canonical.contains("Trump") && e.kind == EntityType::Per)
        {
            assert_eq!(e.actor.as_deref(), Some("USAGOV"), "{e:?}");
        }
        // "the Maduro government" and the "Maduro" of "the Maduro and Khamenei governments": one entity.
        let governments: Vec<&Entity> = ents
            .iter()
            .filter(|e| e.canonical == "Maduro government")
            .collect();
        assert!(
            governments.iter().all(|e| e.id == governments[0].id),
            "{governments:#?}"
        );
        // "Venezuelan journalist (and Post contributor) Francisco Toro told me".
        for e in ents.iter().filter(|e| e.text.contains("Toro")) {
            assert!(
                e.role.as_deref().is_some_and(|r| r.contains("journalist")),
                "{e:?}"
            );
            assert!(
                e.actor.as_deref().is_some_and(|a| a.starts_with("VEN")),
                "{e:?}"
            );
        }
        for e in ents.iter().filter(|e| e.text.contains("Gunson")) {
            assert_eq!(e.canonical, "Phil Gunson");
            assert!(
                e.role
                    .as_deref()
                    .is_some_and(|r| r.contains("International Crisis Group")),
                "{e:?}"
            );
            seen_gunson = true;
        }
        for e in ents.iter().filter(|e| e.text.contains("Faller")) {
            assert_eq!(e.actor.as_deref(), Some("USAMIL"), "{e:?}");
            assert!(
                e.role
                    .as_deref()
                    .is_some_and(|r| r.contains("Southern Command")),
                "{e:?}"
            );
            seen_faller = true;
        }
        for e in with_text(&ents, "Iranian vessels") {
            assert!(
                e.actor.as_deref().is_some_and(|a| a.starts_with("IRN")),
                "{e:?}"
            );
            seen_vessels = true;
        }
        // Capitals acting as governments.
        for cap in ["Tehran", "Caracas", "Washington"] {
            for e in with_text(&ents, cap) {
                let before = &text[..e.span.start];
                let preps = ["from ", "in ", "to ", "visit ", "between "];
                // "in Tehran and Caracas": the second conjunct is a place too.
                let first_conjunct = before
                    .strip_suffix(" and ")
                    .and_then(|b| b.rsplit_once(' '))
                    .map(|(b, _)| format!("{b} "));
                let place = preps.iter().any(|p| {
                    before.ends_with(p) || first_conjunct.as_deref().is_some_and(|b| b.ends_with(p))
                });
                if !place {
                    assert!(
                        e.actor.as_deref().is_some_and(|a| a.ends_with("GOV")),
                        "{cap} acting should be a government: {e:?}"
                    );
                    assert_ne!(e.kind, EntityType::Per, "{e:?}");
                    seen_capital_gov += 1;
                }
            }
        }
        for e in with_text(&ents, "Caracas") {
            if text[..e.span.start].ends_with("from ") {
                assert_eq!(e.actor.as_deref(), Some("VEN"), "a place: {e:?}");
            }
        }
    }
    assert!(
        seen_gunson && seen_faller && seen_pompeo && seen_vessels,
        "{seen_gunson} {seen_faller} {seen_pompeo} {seen_vessels}"
    );
    assert!(seen_capital_gov >= 3);
}

#[test]
fn pronouns_resolve_to_the_last_person() {
    let c = coder();
    let text = "Phil Gunson, a senior analyst at the International Crisis Group, spoke in Caracas. He said the deal was fragile.";
    let seg = sitrep_text::segment(text);
    let parse = sitrep_nlp::Models::load(&sitrep_testdata::repo_root().join("models"))
        .unwrap()
        .annotate(text, &seg);
    let ents = c.resolve(text, d(2020, 5, 29), &parse);
    let he = (0..parse.spans.len())
        .find(|&i| parse.text(text, i) == "He")
        .unwrap();
    let id = sitrep_actors::resolve_pronoun(&ents, &parse, text, he).unwrap();
    let gunson = ents.iter().find(|e| e.id == id).unwrap();
    assert_eq!(gunson.canonical, "Phil Gunson");
}

#[test]
fn officials_in_a_capital_and_possessive_titles_are_coded() {
    let c = coder();
    let text = "Grain reached the port on Monday, officials in Ankara said. Lebanon's economy minister, Amin Salam, thanked \
                the donors. Aid workers in Beirut handed out flour.";
    let ents = resolve_text(&c, text, d(2024, 3, 11));
    let officials = ents
        .iter()
        .find(|e| e.text == "officials in Ankara")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(officials.actor.as_deref(), Some("TURGOV"));
    let salam = ents
        .iter()
        .find(|e| e.text == "Amin Salam")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(salam.actor.as_deref(), Some("LBNGOV"), "{salam:?}");
    // Only government agents take the capital's government: aid workers do not.
    assert!(
        ents.iter().all(|e| !e.text.starts_with("Aid workers in")),
        "{ents:#?}"
    );
}

#[test]
fn a_title_without_a_country_gives_the_sector_alone() {
    let c = coder();
    let text = "Attorney General Jane Kowalczyk said on Monday that the inquiry would go on. Kowalczyk spoke to \
                reporters outside the court. Her neighbour, Tomasz Wilk, declined to comment.";
    let ents = resolve_text(&c, text, d(2019, 5, 2));
    // No country is named: the sector only, never a guessed country, on every mention of her.
    let kowalczyk: Vec<&Entity> = ents
        .iter()
        .filter(|e| e.text.contains("Kowalczyk"))
        .collect();
    assert_eq!(kowalczyk.len(), 2, "{ents:#?}");
    assert!(
        kowalczyk.iter().all(|e| e.actor.as_deref() == Some("GOV")),
        "{kowalczyk:#?}"
    );
    // No title, no code.
    let wilk = ents
        .iter()
        .find(|e| e.text == "Tomasz Wilk")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(wilk.actor, None, "{wilk:?}");
}

#[test]
fn abbreviated_and_office_titles_code_the_name_after_them() {
    let c = coder();
    let text = "Sen. Maria Kowalczyk said on Tuesday that hearings would start. Gov. Tomasz Wilk announced new \
                restrictions. White House press secretary Anna Nowak told reporters that the president was confident. \
                Press Secretary Jan Zielinski said the administration would act.";
    let ents = resolve_text(&c, text, d(2019, 5, 2));
    let get = |name: &str| {
        ents.iter()
            .find(|e| e.canonical == name)
            .unwrap_or_else(|| panic!("{name}: {ents:#?}"))
    };
    // The text names one country only (the White House): its legislature is the senator's.
    assert_eq!(get("Maria Kowalczyk").actor.as_deref(), Some("USALEG"));
    assert_eq!(get("Tomasz Wilk").actor.as_deref(), Some("GOV"));
    // "White House" names the country: the person is the US government.
    let nowak = get("Anna Nowak");
    assert_eq!(nowak.actor.as_deref(), Some("USAGOV"), "{nowak:?}");
    assert_eq!(nowak.role.as_deref(), Some("White House press secretary"));
    // A title inside the recognizer's span is the role, not part of the name.
    let z = get("Jan Zielinski");
    assert_eq!(z.text, "Jan Zielinski");
    assert_eq!(z.role.as_deref(), Some("Press Secretary"));
    // "the president" is a person: it does not join the press secretary.
    let pres = ents
        .iter()
        .find(|e| e.text == "the president")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_ne!(pres.id, nowak.id, "{ents:#?}");
}

#[test]
fn people_sharing_a_surname_stay_apart() {
    let c = coder();
    let text =
        "Sarah Kowalczyk met reporters on Monday. Bernard Kowalczyk, her uncle, stayed home. \
                Kowalczyk later said the meeting went well.";
    let ents = resolve_text(&c, text, d(2019, 5, 2));
    let id = |t: &str| {
        ents.iter()
            .find(|e| e.text == t)
            .map(|e| e.id.clone())
            .unwrap_or_else(|| panic!("{t}: {ents:#?}"))
    };
    assert_ne!(id("Sarah Kowalczyk"), id("Bernard Kowalczyk"));
    // A bare surname goes to the most recent full name.
    assert_eq!(id("Kowalczyk"), id("Bernard Kowalczyk"));
}

#[test]
fn a_full_name_the_record_does_not_know_is_not_the_titled_surname_before_it() {
    let c = coder();
    let text = "President Trump greeted the freed prisoners on Thursday. Trump and first lady Melania Trump \
                boarded the plane. Trump said it was a special night.";
    let ents = resolve_text(&c, text, d(2018, 5, 10));
    let get = |t: &str| ents.iter().find(|e| e.text == t).unwrap_or_else(|| panic!("{t}: {ents:#?}"));
    assert_ne!(get("Melania Trump").id, get("President Trump").id, "{ents:#?}");
    assert_eq!(get("President Trump").canonical, "Donald Trump");
    assert!(ents.iter().filter(|e| e.text == "Trump").all(|e| e.id == get("President Trump").id), "{ents:#?}");
}

#[test]
fn a_shared_surname_goes_to_the_person_named_most() {
    let c = coder();
    let text = "Sarah Kowalczyk met reporters on Monday. Kowalczyk said the talks were useful. \
                Her brother, Bernard Kowalczyk, stayed home. Kowalczyk later said the meeting went well.";
    let ents = resolve_text(&c, text, d(2019, 5, 2));
    let ids: Vec<(&str, &str)> = ents
        .iter()
        .map(|e| (e.text.as_str(), e.id.as_str()))
        .collect();
    let sarah = ids.iter().find(|(t, _)| *t == "Sarah Kowalczyk").unwrap().1;
    let bernard = ids
        .iter()
        .find(|(t, _)| *t == "Bernard Kowalczyk")
        .unwrap()
        .1;
    assert_ne!(sarah, bernard);
    let bare: Vec<&str> = ids
        .iter()
        .filter(|(t, _)| *t == "Kowalczyk")
        .map(|(_, id)| *id)
        .collect();
    assert_eq!(bare, [sarah, sarah], "{ents:#?}");
}

#[test]
fn titles_are_trimmed_when_an_apposition_gives_the_role() {
    let c = coder();
    let text =
        "Iran's supreme leader, Ayatollah Ali Khamenei, said on Friday that talks were over. \
                Gen. Qassem Soleimani, head of the Quds Force, was killed in January.";
    let ents = resolve_text(&c, text, d(2020, 1, 10));
    let khamenei = ents
        .iter()
        .find(|e| e.text == "Ali Khamenei")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    let leader = ents
        .iter()
        .find(|e| e.text.starts_with("Iran"))
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(
        leader.id, khamenei.id,
        "the title before the name is the same person"
    );
    let soleimani = ents
        .iter()
        .find(|e| e.text == "Qassem Soleimani")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(soleimani.role.as_deref(), Some("head of the Quds Force"));
}

#[test]
fn a_place_inside_a_personal_name_is_no_country() {
    let c = coder();
    let text = "Lisa Monaco returned from the Middle East on Tuesday. Jordan Peterson criticized the policy. \
                Jordan condemned the attack. U.S. Marine Amir Hekmati was released. Ben Rhodes said the deal \
                would hold. Rhodes added that Iran had complied.";
    let ents = resolve_text(&c, text, d(2014, 2, 4));
    for name in ["Lisa Monaco", "Jordan Peterson", "Ben Rhodes", "Rhodes"] {
        let e = ents
            .iter()
            .find(|e| e.text == name)
            .unwrap_or_else(|| panic!("{name}: {ents:#?}"));
        assert!(
            e.actor
                .as_deref()
                .is_none_or(|a| !["MCO", "JOR", "GRC"].contains(&&a[..3.min(a.len())])),
            "{e:?}"
        );
    }
    // The country itself, and a nationality written before a name, keep their codes.
    let jordan = ents
        .iter()
        .find(|e| e.text == "Jordan")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(jordan.actor.as_deref(), Some("JOR"));
    assert!(
        ents.iter().any(|e| e.text.contains("Hekmati")
            && e.actor.as_deref().is_some_and(|a| a.starts_with("USA"))
            || e.text == "U.S." && e.actor.as_deref() == Some("USA")),
        "{ents:#?}"
    );
}

#[test]
fn a_group_named_inside_a_personal_name_is_not_the_group() {
    let c = coder();
    let text = "Celebrities such as George and Amal Clooney donated money. Amit Shah met the prime minister. \
                Amal fighters clashed with the army in Beirut.";
    let ents = resolve_text(&c, text, d(2018, 3, 4));
    for name in ["Amal Clooney", "Amit Shah"] {
        let e = ents
            .iter()
            .find(|e| e.text == name)
            .unwrap_or_else(|| panic!("{name}: {ents:#?}"));
        assert!(
            e.actor.as_deref().is_none_or(|a| !a.starts_with("LBNREB") && !a.starts_with("NGOUSAJEW")),
            "{e:?}"
        );
    }
    // The group's own name keeps its code ("Amal fighters": Lebanese armed men).
    assert!(
        ents.iter().any(|e| e.text.starts_with("Amal") && e.text != "Amal Clooney" && e.actor.as_deref().is_some_and(|a| a.starts_with("LBN"))),
        "{ents:#?}"
    );
}

#[test]
fn regions_take_cameo_region_codes_and_lend_no_government() {
    let c = coder();
    let text = "The president met Central American migrants at the border on Monday. Leaders from Latin America and \
                Europe have criticised the policy. The president said the Middle East would wait.";
    let ents = resolve_text(&c, text, d(2019, 6, 3));
    let actor = |t: &str| {
        ents.iter()
            .find(|e| e.text == t)
            .unwrap_or_else(|| panic!("{t}: {ents:#?}"))
            .actor
            .clone()
    };
    // Phoenix's "AMERICA" is the United States; the regions around it are not.
    assert_eq!(
        actor("Central American migrants").as_deref(),
        Some("LAMCVL")
    );
    assert_eq!(actor("Latin America").as_deref(), Some("LAM"));
    assert_eq!(actor("Europe").as_deref(), Some("EUR"));
    // "the president" after a region is no region's government.
    assert!(
        ents.iter()
            .all(|e| !e.actor.as_deref().is_some_and(|a| a.ends_with("GOV")
                && a.len() == 6
                && ["EUR", "LAM", "MEA"].contains(&&a[..3]))),
        "{ents:#?}"
    );
}

#[test]
fn nominal_names_of_states_are_the_state() {
    let c = coder();
    let text = "The Islamic Republic shipped fuel to Venezuela on Monday. Iran said the Bolivarian Republic of Venezuela \
                had paid in gold.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let id = |t: &str| {
        ents.iter()
            .find(|e| e.text.contains(t))
            .unwrap_or_else(|| panic!("{t}: {ents:#?}"))
            .id
            .clone()
    };
    assert_eq!(id("Islamic Republic"), id("Iran"), "{ents:#?}");
    assert_eq!(id("Bolivarian Republic"), id("Venezuela"), "{ents:#?}");
    assert!(
        ents.iter().all(|e| !e.canonical.contains("Republic")),
        "{ents:#?}"
    );
}

#[test]
fn a_coordinated_name_joins_the_same_institution_written_with_an_article() {
    let c = coder();
    let text = "The Maduro government said it would respond. The idea that the Maduro and Khamenei governments \
                are coordinating is a farce.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let maduro: Vec<&Entity> = ents.iter().filter(|e| e.text.contains("Maduro")).collect();
    assert_eq!(maduro.len(), 2, "{ents:#?}");
    assert_eq!(maduro[0].id, maduro[1].id, "{ents:#?}");
    assert_eq!(maduro[1].actor.as_deref(), Some("VENGOV"), "{ents:#?}");
    let khamenei = ents
        .iter()
        .find(|e| e.text.contains("Khamenei"))
        .expect("Khamenei");
    assert_ne!(khamenei.id, maduro[0].id, "{ents:#?}");
}

#[test]
fn a_capital_alone_is_no_person_unless_a_person_bears_its_name() {
    let c = coder();
    let text =
        "Washington grew concerned over signs that Iran was making inroads in Latin America. \
                Yet Washington’s current approach seems to be strengthening the regime.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let dc = with_text(&ents, "Washington");
    assert_eq!(dc.len(), 2, "{ents:#?}");
    assert!(
        dc.iter()
            .all(|e| e.kind != EntityType::Per && e.actor.as_deref() == Some("USAGOV")),
        "{ents:#?}"
    );
    let text = "A statue of George Washington was spray-painted. Washington was a slave holder for 56 years.";
    let ents = resolve_text(&c, text, d(2020, 6, 20));
    let george = with_text(&ents, "George Washington")[0];
    let later = with_text(&ents, "Washington");
    assert!(
        later
            .iter()
            .all(|e| e.kind == EntityType::Per && e.id == george.id),
        "{ents:#?}"
    );
}

#[test]
fn places_inside_a_country_are_coded_as_it_but_are_not_the_country() {
    let c = coder();
    let text = "The United States sent troops to Texas and New York. Officials in Texas said the Canadian Press \
                reported that Canada would help the United States.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let first = |t: &str| {
        *with_text(&ents, t)
            .first()
            .unwrap_or_else(|| panic!("{t}: {ents:#?}"))
    };
    let us = first("The United States");
    let (texas, ny) = (first("Texas"), first("New York"));
    assert_eq!(
        (texas.actor.as_deref(), ny.actor.as_deref()),
        (Some("USA"), Some("USA")),
        "{ents:#?}"
    );
    assert_eq!(
        (texas.canonical.as_str(), ny.canonical.as_str()),
        ("Texas", "New York"),
        "{ents:#?}"
    );
    assert!(
        texas.id != us.id && ny.id != us.id && texas.id != ny.id,
        "{ents:#?}"
    );
    assert!(
        with_text(&ents, "Texas").iter().all(|e| e.id == texas.id),
        "{ents:#?}"
    );
    assert!(
        with_text(&ents, "the United States")
            .iter()
            .all(|e| e.id == us.id && e.canonical == us.canonical),
        "{ents:#?}"
    );
    // A longer name around a country's ("Canadian Press") is not the country's entity.
    let canada = first("Canada");
    assert_eq!(canada.canonical, "Canada", "{ents:#?}");
    assert!(
        ents.iter()
            .filter(|e| e.text.contains("Press"))
            .all(|e| e.id != canada.id),
        "{ents:#?}"
    );
}

#[test]
fn a_country_and_title_before_a_name_are_not_part_of_the_canonical_name() {
    let c = coder();
    let text = "Russian President Vladimir Putin met Israeli Prime Minister Benjamin Netanyahu on Monday. Putin said the talks went well.";
    let ents = resolve_text(&c, text, d(2019, 4, 4));
    let putin: Vec<&Entity> = ents.iter().filter(|e| e.text.contains("Putin")).collect();
    assert_eq!(putin.len(), 2, "{ents:#?}");
    assert!(
        putin
            .iter()
            .all(|e| e.canonical == "Vladimir Putin" && e.id == putin[0].id),
        "{ents:#?}"
    );
    assert_eq!(putin[0].actor.as_deref(), Some("RUSGOV"), "{ents:#?}");
    let bibi = ents
        .iter()
        .find(|e| e.text.contains("Netanyahu"))
        .expect("Netanyahu");
    assert_eq!(bibi.canonical, "Benjamin Netanyahu", "{ents:#?}");
}

#[test]
fn news_outlets_are_media_and_lend_no_government() {
    let c = coder();
    let text = "Romney, in an interview with Fox News, said the plan would fail. The president disagreed, \
                ABC journalist John Miller reported.";
    let ents = resolve_text(&c, text, d(2012, 9, 20));
    let fox = with_text(&ents, "Fox News")[0];
    assert_eq!(fox.actor.as_deref(), Some("MED"), "{ents:#?}");
    // A prepositional phrase after the name is no role.
    let romney = with_text(&ents, "Romney")[0];
    assert!(
        romney.role.as_deref().is_none_or(|r| !r.starts_with("in ")),
        "{ents:#?}"
    );
    // An outlet is no country: "the president" does not become Fox News's government.
    assert!(
        ents.iter().all(|e| !e
            .actor
            .as_deref()
            .is_some_and(|a| a.starts_with("MEDGOV") || a.contains("MEDMED"))),
        "{ents:#?}"
    );
    let miller = ents
        .iter()
        .find(|e| e.text.contains("Miller"))
        .expect("Miller");
    assert_eq!(miller.actor.as_deref(), Some("MED"), "{ents:#?}");
}

#[test]
fn a_role_written_before_a_name_is_that_person_not_an_actor_of_its_own() {
    let c = coder();
    let text = "“The industry is on its last legs,” Venezuelan journalist (and Post contributor) Francisco Toro told me. \
                Earlier, speaking in the German Parliament, Angela Merkel said the EU could wait.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let toro = with_text(&ents, "Francisco Toro")[0];
    let role = with_text(&ents, "Venezuelan journalist");
    assert_eq!(role.len(), 1, "{ents:#?}");
    assert_eq!(
        (role[0].id.as_str(), role[0].canonical.as_str()),
        (toro.id.as_str(), "Francisco Toro"),
        "{ents:#?}"
    );
    assert_eq!(toro.actor.as_deref(), Some("VENMED"), "{ents:#?}");
    // A comma after an institution ends the phrase: Merkel is not the parliament.
    let merkel = with_text(&ents, "Angela Merkel")[0];
    assert!(
        with_text(&ents, "German Parliament")
            .iter()
            .all(|e| e.id != merkel.id),
        "{ents:#?}"
    );
}

#[test]
fn a_copular_sentence_gives_a_role_to_a_person_without_one() {
    let c = coder();
    let text = "“Maximum pressure has not yet resulted in any outcome,” observed Michael Singh in an essay. \
                Singh was senior director for Middle East affairs at the National Security Council during the George W. Bush administration. \
                Trump isn’t on board with sanctioning Russia. Ben Rhodes spoke. Rhodes was a frequent visitor to Iraq.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let singh = with_text(&ents, "Michael Singh")[0];
    assert_eq!(
        singh.role.as_deref(),
        Some("senior director for Middle East affairs at the National Security Council"),
        "{ents:#?}"
    );
    // A past office: a former official.
    assert_eq!(singh.actor.as_deref(), Some("USAELI"), "{ents:#?}");
    assert!(
        with_text(&ents, "Trump").iter().all(|e| e.role.is_none()),
        "{ents:#?}"
    );
    // A description naming no office and no organisation is no role.
    assert!(
        with_text(&ents, "Rhodes").iter().all(|e| e.role.is_none()),
        "{ents:#?}"
    );
}

#[test]
fn officials_in_two_capitals_are_both_governments() {
    let c = coder();
    let ents = resolve_text(
        &c,
        "The Iranian envoy met officials in Ankara and Baghdad on Monday.",
        d(2020, 5, 29),
    );
    let baghdad = with_text(&ents, "Baghdad");
    assert_eq!(baghdad.len(), 1, "{ents:#?}");
    assert_eq!(
        (baghdad[0].kind, baghdad[0].actor.as_deref()),
        (EntityType::Org, Some("IRQGOV")),
        "{ents:#?}"
    );
    assert_eq!(
        with_text(&ents, "officials in Ankara")[0].actor.as_deref(),
        Some("TURGOV"),
        "{ents:#?}"
    );
}

#[test]
fn an_office_titling_a_person_is_how_the_document_refers_to_them_later() {
    let c = coder();
    let text = "Syrian President Bashar Assad met the envoy in Damascus. The president said the talks went well. \
                Trump lawyer Michael Cohen spoke to reporters. Trump said Cohen was lying.";
    let ents = resolve_text(&c, text, d(2018, 5, 29));
    let assad = with_text(&ents, "Bashar Assad")[0];
    let later = with_text(&ents, "The president");
    assert_eq!(later.len(), 1, "{ents:#?}");
    assert_eq!(
        (later[0].id.as_str(), later[0].canonical.as_str()),
        (assad.id.as_str(), "Bashar Assad"),
        "{ents:#?}"
    );
    // A title is no name: "Trump lawyer" does not make Trump the lawyer.
    let cohen = with_text(&ents, "Michael Cohen")[0];
    assert!(
        with_text(&ents, "Trump").iter().all(|e| e.id != cohen.id),
        "{ents:#?}"
    );
}

#[test]
fn an_institution_of_an_actor_written_with_of_is_that_actors() {
    let c = coder();
    let text = "The United States warned again. The supreme leader of Iran rejected talks, and the government of \
                Nicolás Maduro repaid Tehran in gold. The people of Iran suffered, and so did the victims of Trump.";
    let ents = resolve_text(&c, text, d(2020, 5, 29));
    let first = |t: &str| {
        *with_text(&ents, t)
            .first()
            .unwrap_or_else(|| panic!("{t}: {ents:#?}"))
    };
    assert_eq!(
        first("The supreme leader of Iran").actor.as_deref(),
        Some("IRNGOV"),
        "{ents:#?}"
    );
    let gov = first("the government of Nicolás Maduro");
    assert_eq!(
        (gov.actor.as_deref(), gov.canonical.as_str()),
        (Some("VENGOV"), "government of Nicolás Maduro"),
        "{ents:#?}"
    );
    assert_eq!(
        first("The people of Iran").actor.as_deref(),
        Some("IRNCVL"),
        "{ents:#?}"
    );
    // Only state institutions and a country's people belong to the actor after "of".
    assert!(
        with_text(&ents, "the victims of Trump").is_empty(),
        "{ents:#?}"
    );
}

#[test]
fn a_us_party_tag_or_party_places_a_lawmaker_and_is_no_entity() {
    let c = coder();
    let text = "Sen. Maria Kowalczyk, R-S.C., said Iran lied. Rep. Tomasz Wilk (D-Calif.) agreed with Mexico. \
                Republican Sen. Anna Nowak said no. Rep. Jan Zielinski of Georgia spoke to Georgian diplomats.";
    let ents = resolve_text(&c, text, d(2019, 5, 2));
    let get = |name: &str| {
        ents.iter()
            .find(|e| e.canonical == name)
            .unwrap_or_else(|| panic!("{name}: {ents:#?}"))
    };
    for name in [
        "Maria Kowalczyk",
        "Tomasz Wilk",
        "Anna Nowak",
        "Jan Zielinski",
    ] {
        assert_eq!(
            get(name).actor.as_deref(),
            Some("USALEG"),
            "{name}: {ents:#?}"
        );
    }
    // The tags are the lawmakers' affiliations, not entities of their own.
    assert!(
        ents.iter()
            .all(|e| !e.text.contains("Calif") && !e.text.starts_with("R-")),
        "{ents:#?}"
    );
}

#[test]
fn a_senator_is_not_placed_in_another_countrys_parliament() {
    let c = coder();
    let text = "The Iraqi parliament voted on Sunday to expel foreign troops. Senator Maria Kowalczyk said the \
                vote was a mistake. Baghdad said the parliament had spoken.";
    let ents = resolve_text(&c, text, d(2020, 1, 6));
    let k = ents
        .iter()
        .find(|e| e.canonical == "Maria Kowalczyk")
        .unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(k.actor.as_deref(), Some("LEG"), "{ents:#?}");
}

#[test]
fn congress_is_not_the_last_country_named_and_a_nominal_keeps_its_code_whole() {
    let c = coder();
    let text =
        "Rep. Maria Kowalczyk (D-N.Y.) criticized Iran. She warned that Congress would act. \
                EU officials met in Brussels. The officials agreed on sanctions.";
    let ents = resolve_text(&c, text, d(2019, 5, 2));
    // "that" opens a clause here: "Congress" is the US legislature, not Iran's.
    let congress = with_text(&ents, "Congress");
    assert!(
        !congress.is_empty()
            && congress
                .iter()
                .all(|e| e.actor.as_deref() == Some("USALEG")),
        "{ents:#?}"
    );
    // "The officials" repeats the EU officials' code; the agent is not added twice.
    let officials = with_text(&ents, "The officials");
    assert_eq!(officials.len(), 1, "{ents:#?}");
    assert_eq!(
        officials[0].actor.as_deref(),
        with_text(&ents, "EU officials")[0].actor.as_deref(),
        "{ents:#?}"
    );
}

#[test]
fn us_officials_and_lawmakers_of_the_supplement_are_coded_at_the_date() {
    let c = coder();
    let at = |phrase: &str, date| code(&c, phrase, date);
    // Sessions: senator, attorney general, then a former official.
    assert_eq!(
        at("Jeff Sessions", d(2016, 6, 1)).as_deref(),
        Some("USALEG")
    );
    assert_eq!(
        at("Jeff Sessions", d(2018, 1, 1)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        at("Jeff Sessions", d(2019, 6, 1)).as_deref(),
        Some("USAELI")
    );
    // Mueller: FBI director, then special counsel.
    assert_eq!(
        at("Robert Mueller", d(2012, 6, 1)).as_deref(),
        Some("USACOP")
    );
    assert_eq!(
        at("Robert Mueller", d(2018, 6, 1)).as_deref(),
        Some("USAJUD")
    );
    assert_eq!(
        at("Lindsey Graham", d(2019, 6, 1)).as_deref(),
        Some("USALEG")
    );
    assert_eq!(
        at("Michael Flynn", d(2017, 2, 1)).as_deref(),
        Some("USAGOV")
    );
    assert_eq!(
        at("Michael Flynn", d(2018, 2, 1)).as_deref(),
        Some("USAELI")
    );
}

#[test]
fn parties_govern_or_oppose_at_the_date() {
    let c = coder();
    let at = |phrase: &str, date| code(&c, phrase, date);
    // The party of the president governs; the other is the opposition.
    assert_eq!(at("Republicans", d(2018, 6, 1)).as_deref(), Some("USAGOV"));
    assert_eq!(at("GOP", d(2014, 6, 1)).as_deref(), Some("USAOPP"));
    assert_eq!(at("Democrats", d(2014, 6, 1)).as_deref(), Some("USAGOV"));
    assert_eq!(at("Tories", d(2016, 6, 1)).as_deref(), Some("GBRGOV"));
    assert_eq!(at("Labour Party", d(2016, 6, 1)).as_deref(), Some("GBROPP"));
    // A longer party name is not the US Democrats.
    assert_eq!(
        at("Liberal Democrats", d(2016, 6, 1)).as_deref(),
        Some("GBROPP")
    );
    assert_eq!(at("Christian Democrats", d(2016, 6, 1)), None);
}

#[test]
fn a_one_word_dictionary_name_is_not_a_longer_name_that_contains_it() {
    let c = coder();
    // Phoenix knows Jordan's Prince Hassan by "Hassan" alone (JORELI). A name that goes on
    // after it, or whose full form came first, is somebody else.
    let text = "Hassan al-Banna founded the movement in 1928. \
                Burhan Hassan, a 17-year-old from Minneapolis, left for Somalia. \
                Hassan was later killed there.";
    let ents = resolve_text(&c, text, d(2015, 6, 1));
    for e in ents.iter().filter(|e| e.text.contains("Hassan")) {
        assert!(
            !e.actor.as_deref().unwrap_or("").starts_with("JOR"),
            "{e:?}"
        );
    }
    // The mononym alone keeps its code, and so does a name the record knows.
    let ents = resolve_text(
        &c,
        "Crown Prince Hassan met the delegation in Amman.",
        d(1990, 6, 1),
    );
    assert!(
        with_text(&ents, "Hassan")
            .iter()
            .any(|e| e.actor.as_deref() == Some("JORELI")),
        "{ents:?}"
    );
}

#[test]
fn a_name_ending_in_an_institution_or_a_doctrine_is_not_the_person() {
    let c = coder();
    // Invented text.
    let text = "President Trump spoke on Monday. The Trump Administration imposed sanctions on Iran. \
                Critics of the Obama Doctrine said the plan would fail. Trump said the move was needed.";
    let ents = resolve_text(&c, text, d(2018, 6, 4));
    let one = |t: &str| ents.iter().find(|e| e.text.contains(t)).unwrap_or_else(|| panic!("{t}: {ents:#?}"));
    let trump = one("President Trump");
    assert_eq!(trump.canonical, "Donald Trump", "{ents:#?}");
    let admin = one("Trump Administration");
    assert_ne!(admin.id, trump.id, "{ents:#?}");
    assert_eq!((admin.kind, admin.actor.as_deref()), (EntityType::Org, Some("USAGOV")), "{admin:?}");
    // Named after Obama, but neither Obama nor an actor.
    let doctrine = one("Obama Doctrine");
    assert_eq!((doctrine.kind, doctrine.actor.as_deref()), (EntityType::Misc, None), "{doctrine:?}");
}

#[test]
fn a_son_named_after_his_father_is_someone_else() {
    let c = coder();
    // Invented text.
    let text = "Donald Trump Jr. met a Russian lawyer at Trump Tower in June 2016. President Trump \
                defended his son on Wednesday. Trump Jr. released the emails. Trump said his son was innocent.";
    let ents = resolve_text(&c, text, d(2017, 7, 14));
    let get = |t: &str| ents.iter().find(|e| e.text == t).unwrap_or_else(|| panic!("{t}: {ents:#?}"));
    let (son, father) = (get("Donald Trump Jr."), get("President Trump"));
    assert_ne!(son.id, father.id, "{ents:#?}");
    assert_eq!((father.canonical.as_str(), father.actor.as_deref()), ("Donald Trump", Some("USAGOV")));
    assert_eq!(get("Trump Jr.").id, son.id);
    assert_eq!(get("Trump").id, father.id);
    // A building named after him is a place, not an actor.
    let tower = get("Trump Tower");
    assert_eq!((tower.kind, tower.actor.as_deref()), (EntityType::Loc, None), "{tower:?}");
}

#[test]
fn the_president_is_of_the_country_the_article_is_about() {
    let c = coder();
    // Invented text: the last country named before "the president" is Russia, but the
    // article is about Trump and his officials.
    let text = "President Trump invited Vladimir Putin to Washington. Trump spoke to reporters. \
                Secretary of State Mike Pompeo said talks with Russia would continue. \
                The president said the meeting would happen in the fall.";
    let ents = resolve_text(&c, text, d(2018, 7, 19));
    let president = ents.iter().find(|e| e.text == "The president").unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(president.actor.as_deref(), Some("USAGOV"), "{president:?}");
    // An article about Syria's president calls him "the president".
    let text = "Syrian President Bashar al-Assad addressed parliament. Assad said the war was \
                won. Foreign Minister Walid Muallem praised Assad. Assad's critics in Turkey \
                disagreed. The president promised elections.";
    let ents = resolve_text(&c, text, d(2016, 6, 7));
    let president = ents.iter().find(|e| e.text == "The president").unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(president.actor.as_deref(), Some("SYRGOV"), "{president:?}");
    // "The prime minister" in an article on Trump's visit to Britain is Britain's.
    let text = "President Trump arrived in London. Trump praised Prime Minister Theresa May. \
                Trump said the United States wanted a trade deal. The prime minister thanked him.";
    let ents = resolve_text(&c, text, d(2018, 7, 13));
    let pm = ents.iter().find(|e| e.text == "The prime minister").unwrap_or_else(|| panic!("{ents:#?}"));
    assert_eq!(pm.actor.as_deref(), Some("GBRGOV"), "{pm:?}");
}
