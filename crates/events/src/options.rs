//! Coder options: PETRARCH's configuration switches and sitrep's own.

use serde::{Deserialize, Serialize};

/// Lengths (in words) of comma-delimited clauses that are ignored before coding (PETRARCH's `comma_*`).
///
/// A maximum of 0 turns that kind of clause deletion off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommaRules {
    /// Internal clauses (between two commas).
    pub min: usize,
    pub max: usize,
    /// The clause before the first comma.
    pub bmin: usize,
    pub bmax: usize,
    /// The clause after the last comma.
    pub emin: usize,
    pub emax: usize,
}

impl Default for CommaRules {
    /// PETRARCH's shipped defaults (`PETR_config.ini`).
    fn default() -> Self {
        CommaRules { min: 2, max: 8, bmin: 0, bmax: 0, emin: 2, emax: 8 }
    }
}

/// How the coder behaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoderOptions {
    /// Events need both a source and a target (PETRARCH `require_dyad`).
    pub require_dyad: bool,
    /// Uncoded noun phrases of at most this many words become actors (PETRARCH `new_actor_length`; 0 = off).
    pub new_actor_length: usize,
    pub comma: CommaRules,
    /// "will visit", "would attack": code intent (03x) or threat (13x) instead of the action. PETRARCH has no such rule.
    pub intent_from_modality: bool,
    /// "X said Y attacked Z": code Y's attack as well as what the transformations make of the statement.
    /// PETRARCH drops the embedded event.
    pub code_reported_events: bool,
    /// Agent-only phrases ("a senior official") are actors with an unknown country (`---GOV`); PETRARCH `null_actors`.
    pub null_actors: bool,
    /// Verbs (dictionary lemmas) whose bare code is dropped when they name or describe
    /// ("called the allegations baseless", "an island called Betio"); see `naming`. PETRARCH has no such rule.
    #[serde(default)]
    pub naming_verbs: Vec<String>,
    /// Prepositions of place, time and topic: a common noun with no actor or agent of its own
    /// does not take the actor of a phrase it governs through one of them ("a day *after*
    /// Clinton", "the waters *around* Somalia", "the turmoil *in* Iran", "tensions *between*
    /// Israel and Syria"), while "the attacks *of* the RAF", "relations *with* Cuba", "airstrikes
    /// *on* ISIS" keep theirs. Empty: every preposition passes, as in PETRARCH.
    #[serde(default)]
    pub non_actor_prepositions: Vec<String>,
    /// Sentences naming a past year are coded, each event dated by its own words (see `anchor`:
    /// "Venezuela hosted the 2006 OPEC summit" happened in 2006), instead of being dropped by the
    /// bare years of the discard list (Phoenix lists 1914 to 2013). PETRARCH drops them.
    #[serde(default)]
    pub code_dated_history: bool,
}

impl Default for CoderOptions {
    /// sitrep's defaults: one-sided events are kept when the other side is a phrase without an actor
    /// code (GDELT leaves that actor code empty), plus modality and reported events.
    fn default() -> Self {
        CoderOptions {
            require_dyad: false,
            new_actor_length: 0,
            comma: CommaRules::default(),
            intent_from_modality: true,
            code_reported_events: true,
            null_actors: false,
            naming_verbs: ["CALL", "DUB", "NAME", "TERM", "LABEL"].map(String::from).to_vec(),
            non_actor_prepositions: [
                "IN", "AT", "AROUND", "NEAR", "AFTER", "BEFORE", "DURING", "SINCE", "UNTIL", "ACROSS", "THROUGHOUT", "INSIDE", "OUTSIDE",
                "WITHIN", "ALONG", "BEYOND", "BEHIND", "AMID", "AMIDST", "AMONG", "AMONGST", "BETWEEN", "ABOUT", "REGARDING", "CONCERNING", "UNDER",
            ]
            .map(String::from)
            .to_vec(),
            code_dated_history: true,
        }
    }
}

impl CoderOptions {
    /// The options PETRARCH-2 itself runs with (for the conformance suite).
    pub fn petrarch() -> Self {
        CoderOptions { require_dyad: true, intent_from_modality: false, code_reported_events: false, naming_verbs: Vec::new(), non_actor_prepositions: Vec::new(), code_dated_history: false, ..CoderOptions::default() }
    }

    /// Applies a `<Config option="..." value="..."/>` setting; unknown options are an error.
    pub fn set(&mut self, option: &str, value: &str) -> Result<(), String> {
        let int = || value.trim().parse::<usize>().map_err(|_| format!("option {option}: {value:?} is not a number"));
        let boolean = || !value.trim().to_ascii_lowercase().contains("false");
        match option {
            "require_dyad" => self.require_dyad = boolean(),
            "new_actor_length" => self.new_actor_length = int()?,
            "comma_min" => self.comma.min = int()?,
            "comma_max" => self.comma.max = int()?,
            "comma_bmin" => self.comma.bmin = int()?,
            "comma_bmax" => self.comma.bmax = int()?,
            "comma_emin" => self.comma.emin = int()?,
            "comma_emax" => self.comma.emax = int()?,
            "intent_from_modality" => self.intent_from_modality = boolean(),
            "code_reported_events" => self.code_reported_events = boolean(),
            "null_actors" => self.null_actors = boolean(),
            "stop_on_error" => {}
            _ => return Err(format!("unknown option {option:?}")),
        }
        Ok(())
    }
}
