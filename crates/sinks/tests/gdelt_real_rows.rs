//! The shape checker against the real GDELT rows in `../shared/data/gdelt/samples/`:
//! every real row parses without a shape error and reprints byte for byte.

use sitrep_sinks::gdelt::check::{parse_event, parse_gkg, parse_mention};
use sitrep_sinks::gdelt::num::{fraction_date, g15};

fn lines(rel: &str) -> Option<Vec<String>> {
    let dir = sitrep_testdata::shared_data()?;
    let text = std::fs::read_to_string(dir.join("gdelt/samples").join(rel)).expect("read sample");
    Some(text.lines().map(str::to_string).collect())
}

fn check_all<T: std::fmt::Display, E: std::fmt::Display>(file: &str, parse: impl Fn(&str) -> Result<T, E>) -> usize {
    let Some(rows) = lines(file) else { return 0 };
    assert_eq!(rows.len(), 100, "{file}");
    let mut bad = Vec::new();
    for (i, line) in rows.iter().enumerate() {
        match parse(line) {
            Ok(row) => {
                let again = row.to_string();
                if &again != line {
                    let col = again.split('\t').zip(line.split('\t')).position(|(a, b)| a != b);
                    bad.push(format!("{file}:{}: reprint differs at column {:?}", i + 1, col.map(|c| c + 1)));
                }
            }
            Err(e) => bad.push(format!("{file}:{}: {e}", i + 1)),
        }
    }
    assert!(bad.is_empty(), "{} bad rows:\n{}", bad.len(), bad.join("\n"));
    rows.len()
}

#[test]
fn real_event_rows_parse_and_reprint() {
    let n = check_all("events.csv", parse_event) + check_all("eventsT.csv", parse_event);
    assert!(n == 0 || n == 200);
}

#[test]
fn real_mention_rows_parse_and_reprint() {
    let n = check_all("mentions.csv", parse_mention) + check_all("mentionsT.csv", parse_mention);
    assert!(n == 0 || n == 200);
}

#[test]
fn real_gkg_rows_parse_and_reprint() {
    let n = check_all("gkg.csv", parse_gkg) + check_all("gkgT.csv", parse_gkg);
    assert!(n == 0 || n == 200);
}

/// Every float value anywhere in the samples reprints through `g15`, except the
/// two Event columns with fixed decimals (FractionDate `YYYY.FFFF`, GoldsteinScale `-10.0`).
#[test]
fn every_real_float_reprints() {
    let mut checked = 0;
    for file in ["events.csv", "eventsT.csv", "mentions.csv", "mentionsT.csv", "gkg.csv", "gkgT.csv"] {
        let Some(rows) = lines(file) else { return };
        for line in rows {
            let mut cols: Vec<&str> = line.split('\t').collect();
            if file.starts_with("events") {
                cols[4] = "";
                cols[30] = "";
            }
            for tok in cols.iter().flat_map(|c| c.split(['#', ',', ';', ':', '|'])) {
                if tok.contains('.') && tok.parse::<f64>().is_ok() && !tok.starts_with('.') {
                    assert_eq!(g15(tok.parse().unwrap()), tok, "{file}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 9_000, "only {checked} floats");
    eprintln!("{checked} real float values reprinted identically");
}

/// FractionDate from SQLDATE with the formula real rows follow.
#[test]
fn fraction_date_matches_every_real_event() {
    let mut n = 0;
    for file in ["events.csv", "eventsT.csv"] {
        let Some(rows) = lines(file) else { return };
        for line in rows {
            let c: Vec<&str> = line.split('\t').collect();
            let d = c[1];
            let (y, m, dd) = (d[..4].parse().unwrap(), d[4..6].parse().unwrap(), d[6..].parse().unwrap());
            assert_eq!(fraction_date(y, m, dd), c[4], "{line}");
            n += 1;
        }
    }
    assert_eq!(n, 200);
}

/// The shipped `models/gdelt/lookups.tsv` is exactly what `compile` makes of the staged files.
#[test]
fn shipped_lookups_are_compiled_from_the_staged_files() {
    let dir = sitrep_testdata::require!("gdelt/lookups");
    let compiled = sitrep_sinks::gdelt::lookups::compile(&dir).expect("compile");
    let shipped = std::fs::read_to_string(sitrep_testdata::repo_root().join("models/gdelt/lookups.tsv")).unwrap();
    assert!(compiled == shipped, "models/gdelt/lookups.tsv is stale: rerun the compile_gdelt_lookups example");
    let l = sitrep_sinks::gdelt::lookups::Lookups::parse(&shipped);
    assert_eq!((l.events.len(), l.countries.len(), l.types.len()), (311, 261, 39));
    assert_eq!((l.groups.len(), l.ethnic.len(), l.religions.len(), l.fips.len()), (115, 641, 31, 252));
}

/// What the checker covered in the real rows (printed for the record, asserted as a floor).
#[test]
fn coverage_of_the_real_rows() {
    let mut cells = 0;
    let mut actors = 0;
    let mut geos = 0;
    let mut blocks = 0;
    for file in ["events.csv", "eventsT.csv"] {
        let Some(rows) = lines(file) else { return };
        for l in &rows {
            let r = parse_event(l).unwrap();
            cells += 61;
            actors += [&r.actor1, &r.actor2].iter().filter(|a| !a.code.is_empty()).count();
            geos += [&r.actor1_geo, &r.actor2_geo, &r.action_geo].iter().filter(|g| g.geo_type > 0).count();
        }
    }
    for file in ["mentions.csv", "mentionsT.csv"] {
        let Some(rows) = lines(file) else { return };
        for l in &rows {
            parse_mention(l).unwrap();
            cells += 16;
        }
    }
    for file in ["gkg.csv", "gkgT.csv"] {
        let Some(rows) = lines(file) else { return };
        for l in &rows {
            let g = parse_gkg(l).unwrap();
            cells += 27;
            blocks += 2 * g.counts.len()
                + g.v1_themes.len()
                + g.themes.len()
                + g.v1_locations.len()
                + g.locations.len()
                + g.v1_persons.len()
                + g.persons.len()
                + g.v1_organizations.len()
                + g.organizations.len()
                + g.dates.len()
                + g.gcam.len()
                + g.related_images.len()
                + g.social_image_embeds.len()
                + g.social_video_embeds.len()
                + g.quotations.len()
                + g.all_names.len()
                + g.amounts.len()
                + g.extras.len();
        }
    }
    eprintln!(
        "real rows: 600; cells checked: {cells}; actor codes decomposed: {actors}; event geographies: {geos}; GKG sub-field blocks: {blocks}"
    );
    assert_eq!(cells, 200 * 61 + 200 * 16 + 200 * 27);
    assert!(actors > 250 && geos > 450 && blocks > 150_000, "{actors} {geos} {blocks}");
}
