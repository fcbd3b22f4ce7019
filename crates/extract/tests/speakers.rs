//! Quote speakers named with their affiliation: run through the stages before extraction
//! (segmentation, NLP, actors) as the pipeline runs them.

use chrono::NaiveDate;
use sitrep_extract::{Context, Extractors, QuoteKind};

fn speakers(text: &str) -> Vec<(String, Option<String>)> {
    let models = sitrep_testdata::repo_root().join("models");
    let seg = sitrep_text::segment(text);
    let parse = sitrep_nlp::Models::load(&models).unwrap().annotate(text, &seg);
    let date = NaiveDate::from_ymd_opt(2018, 5, 1);
    let entities = sitrep_actors::ActorCoder::load(&models).unwrap().resolve(text, date, &parse);
    let out = Extractors::load(&models).unwrap().run(&Context { text, date, parse: &parse, entities: &entities, excluded: &[] });
    out.quotes.iter().filter(|q| q.kind == QuoteKind::Direct).map(|q| (q.text.clone(), q.speaker.clone())).collect()
}

#[test]
fn a_person_of_a_place_is_the_speaker_not_the_place() {
    let got = speakers("“We will not accept this deal,” Sen. Maria Lopez of Alabama said on Monday. Rep. Tom Reed of Ohio agreed.");
    assert_eq!(got, vec![("We will not accept this deal,".to_string(), Some("Maria Lopez".to_string()))]);
}

#[test]
fn a_pronoun_after_narration_is_the_person_the_narration_was_about() {
    // The last quoted speaker is Grisham, but the sentence between is about Trump.
    let text = "“His answer has been misread,” press secretary Stephanie Grisham said.\n\n\
                Mr. Trump said he expects China to give in first.\n\n\
                “I think they want a deal much more than I do,” he said.";
    let got = speakers(text);
    assert_eq!(got.last().and_then(|q| q.1.clone()).as_deref(), Some("Donald Trump"), "{got:?}");
    // Whoever is told is not the one speaking, and an owner is not the subject.
    let text = "“The talks went well,” spokeswoman Heather Nauert said.\n\n\
                Pompeo also met Crown Prince Mohammed bin Salman.\n\n\
                “We are strong and old allies,” he told Pompeo.";
    let got = speakers(text);
    assert_ne!(got.last().and_then(|q| q.1.clone()).as_deref(), Some("Pompeo"), "{got:?}");
}

#[test]
fn a_reporting_participle_speaks_for_its_clause_subject() {
    // Sentences written for this test.
    let got = speakers("Senator Maria Lopez praised the decision, tweeting: “This is a great day for our state.”");
    assert_eq!(got.first().and_then(|q| q.1.clone()).as_deref(), Some("Maria Lopez"), "{got:?}");
    let got = speakers("Governor Tom Reed rejected the plan, saying it was “a step backwards for every family.”");
    assert_eq!(got.first().and_then(|q| q.1.clone()).as_deref(), Some("Tom Reed"), "{got:?}");
    // A document speaks through its text; a sign or a shirt ("it reads") speaks for nobody.
    let got = speakers("“The talks will go on until we reach a deal,” the statement read.");
    assert_eq!(got.first().and_then(|q| q.1.clone()).as_deref(), Some("statement"), "{got:?}");
    let got = speakers("Maria Lopez bought a shirt in Paris. It reads: “I support single moms and their children.”");
    assert_ne!(got.last().and_then(|q| q.1.clone()).as_deref(), Some("France"), "{got:?}");
}
