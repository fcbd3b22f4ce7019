//! `sitrep analyze --format table`: the terminal summary lists actors, events with evidence, quotes, amounts, places and tone.

mod common;

fn table(input: &str) -> String {
    common::run_stdin(&["analyze", "--format", "table", "-"], input)
}

#[test]
fn table_shows_every_kind_of_fact() {
    let doc = r#"{"id": "t1", "date": "2024-05-02", "text": "Russian forces attacked Ukrainian troops near Kharkiv on Tuesday. \"We will hold the line,\" said Oleksandr Syrskyi, Ukraine's army chief. The government pledged $50 million in aid."}"#;
    let out = table(doc);
    for section in ["== t1  2024-05-02", "actors:", "events:", "quotes:", "amounts:", "places:", "tone "] {
        assert!(out.contains(section), "missing {section:?} in\n{out}");
    }
    // The attack, dated by "on Tuesday", with its evidence sentence under it.
    let attack = out.lines().position(|l| l.contains(" 19") && l.contains("RUS")).unwrap_or_else(|| panic!("no attack event in\n{out}"));
    assert!(out.lines().nth(attack + 1).is_some_and(|l| l.contains("“Russian forces attacked")), "{out}");
    assert!(out.contains("Oleksandr Syrskyi: “We will hold the line"), "{out}");
    assert!(out.contains("$50 million"), "{out}");
}

#[test]
fn scare_quotes_are_listed_as_terms_not_as_unattributed_speech() {
    let doc = r#"{"id": "t2", "date": "2024-05-02", "text": "Officials keep calling the government in Lima the “former junta” in documents. Three years of “maximum pressure” and more “maximum pressure” achieved nothing, said Dan Moss."}"#;
    let out = table(doc);
    assert!(out.contains("quoted terms: “former junta”, “maximum pressure”\n"), "{out}");
    assert!(!out.contains("(unattributed)"), "{out}");
}
