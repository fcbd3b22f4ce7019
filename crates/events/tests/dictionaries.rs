//! The real dictionaries read completely: the counts of `../shared/design/event-dictionaries.md`.

use sitrep_events::{Ontology, Tables, VerbDictionary};

#[test]
fn cameo_2_0_reads_completely() {
    let path = sitrep_testdata::require!("eventcoding/petrarch2/CAMEO.2.0.txt");
    let d = VerbDictionary::from_file(&path).unwrap();
    let st = d.stats();
    assert_eq!(st.synsets, 40);
    assert_eq!(st.blocks, 397);
    // 4,668 pattern lines; the ten PETRARCH itself cannot use (no '*', unbalanced brackets,
    // undefined synsets, the code [080!]) are reported with file and line and skipped.
    assert_eq!(st.patterns + st.warnings, 4668);
    assert!(st.warnings <= 10, "{:?}", d.warnings);
    assert!(d.warnings.iter().all(|w| w.to_string().starts_with("CAMEO.2.0.txt:")));
    assert_eq!(st.transformations, 8);
    // Inflections: regular ones generated, irregular ones read from {...}.
    for w in ["SPED", "RUSHED", "RUSHES", "SUPPLIED", "VISITED", "KILLED"] {
        assert!(d.forms.contains_key(w), "{w}");
    }
    // [A:B] and [:B] codes.
    let rush = &d.blocks[d.block("ACCELERATE").unwrap()];
    assert_eq!(rush.patterns[0].code.to_string(), "042:043");
    let appear = &d.blocks[d.block("APPEAR").unwrap()];
    assert!(appear.patterns.iter().any(|p| p.code.to_string() == ":173"));
}

#[test]
fn test_dictionary_and_ontologies_read() {
    let dir = sitrep_testdata::require!("eventcoding/ud-petrarch");
    let d = VerbDictionary::from_file(&dir.join("PETR_Validate_verbs_2_02.txt")).unwrap();
    assert!(d.stats().patterns > 300);
    // The invalid test codes ([075A], [+++], [###], [xxy], [102b]) are reported, not fatal.
    assert!(d.warnings.iter().any(|w| w.message.contains("[075A]")));
    for f in ["PETR.Internal.Coding.Ontology.txt", "PETR_Validate_Internal_Coding_Ontology_1_01.txt"] {
        let o = Ontology::from_file(&dir.join(f)).unwrap();
        assert_eq!(o.negate("110").as_deref(), Some("050"));
        assert_eq!(o.combine("030", "070").as_deref(), Some("033"));
    }
}

#[test]
fn goldstein_and_plover_tables() {
    let data = sitrep_testdata::require!("");
    let t = Tables::from_files(&data.join("gdelt/lookups/CAMEO.goldsteinscale.txt"), &data.join("eventcoding/plover/CAMEO2PLOVER-2021.txt")).unwrap();
    assert_eq!(t.goldstein.len(), 311);
    let d = t.describe("190");
    assert_eq!((d.root.as_str(), d.quad_class, d.goldstein), ("19", 4, -10.0));
    assert_eq!(t.describe("1723").plover.unwrap().event, "COERCE");
    assert_eq!(t.describe("042").quad_class, 1);
}

#[test]
fn the_shipped_model_loads_and_codes() {
    let models = sitrep_testdata::repo_root().join("models");
    let coder = sitrep_events::EventCoder::load(&models).unwrap();
    let st = coder.resources.verbs.stats();
    assert!(st.blocks >= 397 && st.patterns >= 4658, "{st:?}");
    assert_eq!(coder.tables.describe("043").goldstein, 2.8);
}

/// The shipped `models/events/coder.bin` is what `sitrep train events` makes of today's
/// dictionaries, byte for byte: compiling is reproducible, and a supplement edited without
/// recompiling is caught here.
#[test]
fn shipped_event_model_is_a_fresh_reproducible_compilation() {
    let Some(data) = sitrep_testdata::shared_data() else { return };
    let repo = sitrep_testdata::repo_root();
    let src = sitrep_events::compiled::CompileSources::standard(&data, &repo);
    let first = sitrep_events::compiled::write(&sitrep_events::compiled::compile(&src).unwrap().0);
    let second = sitrep_events::compiled::write(&sitrep_events::compiled::compile(&src).unwrap().0);
    assert!(first == second, "two compilations of the same dictionaries differ");
    let shipped = std::fs::read(repo.join("models").join(sitrep_events::compiled::COMPILED_PATH)).unwrap();
    assert!(shipped == first, "models/events/coder.bin is stale: run `sitrep train events`");
}
