//! Country cues for people whose role names no country ("Sen.", "Attorney General"):
//! affiliations written around a name, and the one legislature a document names.
//!
//! A role alone codes a sector (`LEG`); PETRARCH and GDELT leave such actors without a
//! country, which splits "Sen. Lindsey Graham" (`LEG`) from "the Senate" (`USAGOVLEG`)
//! in every count by country. The text often says more: US papers write a lawmaker's
//! party and state after the name ("R-S.C.") or the party before the title
//! ("Republican Sen. Richard Shelby"), and "of Alabama" places a person in a country.

use crate::resolve::STATE_SECTORS;
use crate::Entity;

/// US states as written in party tags ("R-S.C.", "D-Calif.", "R-TX", "I-Vt."), without
/// their dots: AP abbreviations, postal codes and one-word names.
const US_STATES: &[&str] = &[
    // AP style
    "Ala",
    "Ariz",
    "Ark",
    "Calif",
    "Colo",
    "Conn",
    "Del",
    "Fla",
    "Ga",
    "Ill",
    "Ind",
    "Kan",
    "Kans",
    "Ky",
    "La",
    "Md",
    "Mass",
    "Mich",
    "Minn",
    "Miss",
    "Mo",
    "Mont",
    "Neb",
    "Nebr",
    "Nev",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "Okla",
    "Ore",
    "Pa",
    "RI",
    "SC",
    "SD",
    "Tenn",
    "Tex",
    "Vt",
    "Va",
    "Wash",
    "WVa",
    "Wis",
    "Wisc",
    "Wyo",
    // postal codes (those not above)
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "OH",
    "OK",
    "OR",
    "PA",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "DC",
    "PR",
    "GU",
    // names
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "Wisconsin",
    "Wyoming",
];

/// First words of two-word state names ("New York", "South Carolina", "West Virginia").
const US_STATE_FIRST: &[&str] = &["New", "North", "South", "West", "Rhode"];

/// Titles that may stand between a party adjective and a name ("Republican Sen.",
/// "Democratic House Minority Leader"); lowercased, without dots.
const LEGISLATIVE_TITLES: &[&str] = &[
    "sen",
    "senator",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "gov",
    "governor",
    "lt",
    "state",
    "house",
    "senate",
    "majority",
    "minority",
    "leader",
    "whip",
    "speaker",
    "lawmaker",
    "assemblyman",
    "assemblywoman",
    "presidential",
    "candidate",
    "nominee",
    "hopeful",
];

/// Number of tokens of a US state name at `i` (0 when there is none).
fn state_len(toks: &[&str], i: usize) -> usize {
    let Some(&t) = toks.get(i) else { return 0 };
    let dotless: String = t.chars().filter(|&c| c != '.').collect();
    if US_STATES.contains(&dotless.as_str()) {
        return 1;
    }
    let two = US_STATE_FIRST.contains(&t)
        && toks.get(i + 1).is_some_and(|n| {
            matches!(
                *n,
                "York"
                    | "Jersey"
                    | "Mexico"
                    | "Hampshire"
                    | "Carolina"
                    | "Dakota"
                    | "Virginia"
                    | "Island"
            )
        });
    if two {
        2
    } else {
        0
    }
}

/// A US party-and-state tag right after a name ending at token `end`: ", R-S.C.,",
/// " (D-Calif.)", " (R., Ark.)". Returns the tag's tokens, from the opening mark to the state.
pub(crate) fn party_tag(toks: &[&str], end: usize) -> Option<std::ops::Range<usize>> {
    if !matches!(toks.get(end), Some(&("(" | ","))) {
        return None;
    }
    let party = toks.get(end + 1)?.trim_end_matches('.');
    if !matches!(party, "R" | "D" | "I") {
        return None;
    }
    let mut i = end + 2;
    if matches!(toks.get(i), Some(&("-" | "–" | ","))) {
        i += 1;
    }
    let n = state_len(toks, i);
    if n == 0 {
        return None;
    }
    i += n;
    matches!(toks.get(i), None | Some(&(")" | "," | "." | ";" | ":"))).then_some(end..i)
}

/// Whether a US party adjective stands before the titles in front of a name starting at
/// token `start`: "Republican Sen. Richard Shelby", "Democratic House Leader Nancy Pelosi".
/// At least one title is required: "Democratic Unionist Party leader" names no US party.
pub(crate) fn party_before(toks: &[&str], start: usize) -> bool {
    let mut i = start;
    while i > 0
        && start - i < 4
        && LEGISLATIVE_TITLES.contains(&toks[i - 1].trim_end_matches('.').to_lowercase().as_str())
    {
        i -= 1;
    }
    i < start
        && i > 0
        && matches!(
            toks[i - 1],
            "Republican" | "Democratic" | "Democrat" | "GOP"
        )
}

/// Whether a US state's name at `i` follows a name whose title is American ("Rep. Doug
/// Collins of Georgia" is not Georgia the country's).
pub(crate) fn us_state_of_us_title(toks: &[&str], title: usize, i: usize) -> bool {
    state_len(toks, i) > 0
        && toks.get(title).is_some_and(|t| {
            matches!(
                t.trim_end_matches('.').to_lowercase().as_str(),
                "sen"
                    | "senator"
                    | "rep"
                    | "representative"
                    | "congressman"
                    | "congresswoman"
                    | "gov"
            )
        })
}

/// Whether `code` is a state sector with no country (`LEG`, `GOVMIL`).
fn bare_state_code(code: &str) -> bool {
    code.len() % 3 == 0
        && code.bytes().all(|b| b.is_ascii_uppercase())
        // State people, former officials among them; others (`BUS`, `MED`) belong to no state.
        && code.get(..3).is_some_and(|first| STATE_SECTORS.contains(&first) || first == "ELI")
}

/// `code` placed in `country` when it is a state sector with no country of its own.
pub(crate) fn with_country(code: &str, country: &str) -> Option<String> {
    bare_state_code(code).then(|| format!("{country}{code}"))
}

/// Whether an entity's name or role names a chamber of the Senate / Congress kind.
fn of_chamber(e: &Entity) -> bool {
    chamber(&e.canonical) || e.role.as_deref().is_some_and(chamber)
}

/// Whether a name or role names a chamber of the Senate / Congress kind ("Senate
/// Intelligence Committee", "Sen.", "House Speaker"); a "lower house" may be any country's.
fn chamber(s: &str) -> bool {
    let s = s.to_lowercase();
    [
        "senat",
        "congress",
        "representative",
        "sen.",
        "rep.",
        "house speaker",
        "speaker of the house",
    ]
    .iter()
    .any(|w| s.contains(w))
}

/// Whether a phrase names the Senate / Congress kind of legislature or its members
/// ("that Congress", "the senators", "congresswomen"), which the country named last need not own.
pub(crate) fn congress_like(s: &str) -> bool {
    let s = s.to_lowercase();
    ["congress", "senat", "representatives", "speaker"]
        .iter()
        .any(|w| s.contains(w))
}

/// Bare legislators ("Sen. Tom Cotton" `LEG`, "Congress" `LEG`) take the country of the
/// one legislature the document names with a country (`USAGOVLEG` for "the Senate",
/// `USALEG` for a lawmaker tagged "R-Ark."); with two countries' legislatures, nothing changes.
/// Senators, representatives and "Congress" look only at legislatures of that kind: "Sen.
/// Elizabeth Warren" in an article on the Iraqi parliament stays `LEG`.
pub(crate) fn legislature_country(entities: &mut [Entity]) {
    // The country of every legislature, and of those of the Senate / Congress / House kind:
    // None while there is none, Some("") once there are several.
    fn note(slot: &mut Option<String>, root: &str) {
        match slot {
            None => *slot = Some(root.to_string()),
            Some(c) if c == root => {}
            Some(c) => c.clear(),
        }
    }
    let mut any: Option<String> = None;
    let mut chambers: Option<String> = None;
    for e in entities.iter() {
        let Some(code) = e.actor.as_deref() else {
            continue;
        };
        let (root, rest) = code.split_at(3.min(code.len()));
        let legislature = rest.len() % 3 == 0 && rest.as_bytes().chunks(3).any(|s| s == b"LEG");
        if !legislature
            || !crate::resolve::is_country_code(root)
            || bare_state_code(code)
            || crate::resolve::is_sector(root)
        {
            continue;
        }
        note(&mut any, root);
        if of_chamber(e) {
            note(&mut chambers, root);
        }
    }
    // With no legislature placed, an article that names one country only ("the senators"
    // among Iowa, Minnesota and the US) speaks of that country's.
    if any.is_none() {
        let mut only: Option<String> = None;
        for e in entities.iter() {
            let Some(code) = e.actor.as_deref() else {
                continue;
            };
            let root = &code[..3.min(code.len())];
            if crate::resolve::is_country_code(root)
                && !crate::resolve::is_sector(root)
                && !crate::resolve::is_region(root)
            {
                note(&mut only, root);
            }
        }
        any.clone_from(&only);
        chambers = only;
    }
    let (any, chambers) = (any.unwrap_or_default(), chambers.unwrap_or_default());
    for e in entities.iter_mut() {
        let Some(code) = e.actor.as_deref().filter(|c| c.starts_with("LEG")) else {
            continue;
        };
        let country = if of_chamber(e) { &chambers } else { &any };
        if !country.is_empty() {
            e.actor = with_country(code, country);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn party_tags_are_read_in_their_usual_spellings() {
        let t = toks("Sen. Lindsey Graham , R - S.C . , said");
        assert_eq!(party_tag(&t, 3), Some(3..7));
        let t = toks("Rep. Jackie Speier ( D - Calif . ) agreed");
        assert_eq!(party_tag(&t, 3), Some(3..7));
        let t = toks("Tom Cotton ( R. , Ark. ) wrote");
        assert_eq!(party_tag(&t, 2), Some(2..6));
        let t = toks("Jim Himes ( D - New York ) said");
        assert_eq!(party_tag(&t, 2), Some(2..7));
        // Not a tag: a list, an initial.
        assert_eq!(party_tag(&toks("Smith , D - Day , said"), 1), None);
        assert_eq!(party_tag(&toks("Smith ( R ) said"), 1), None);
    }

    #[test]
    fn a_party_adjective_needs_a_title_before_the_name() {
        assert!(party_before(
            &toks("said Republican Sen. Richard Shelby"),
            3
        ));
        assert!(party_before(
            &toks("Democratic House Minority Leader Nancy Pelosi"),
            4
        ));
        assert!(!party_before(&toks("Republican Richard Shelby"), 1));
        assert!(!party_before(
            &toks("Democratic Unionist Party leader Arlene Foster"),
            4
        ));
    }

    #[test]
    fn only_state_sectors_without_a_country_take_one() {
        assert_eq!(with_country("LEG", "USA").as_deref(), Some("USALEG"));
        assert_eq!(with_country("GOVMIL", "USA").as_deref(), Some("USAGOVMIL"));
        assert_eq!(with_country("USALEG", "USA"), None);
        assert_eq!(with_country("MED", "USA"), None);
        assert_eq!(with_country("IGOUNO", "USA"), None);
    }
}
