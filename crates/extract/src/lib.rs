//! Knowledge-graph extractors: quotes, amounts, counts, dates, places, tone and themes.
//!
//! Each extractor lives in its own module and reads the shared [`Context`]
//! (text, date, parse, entities). None of them changes the parse; they only add
//! their own layer to the analysis.

pub mod amounts;
pub mod counts;
pub mod dates;
mod lex;
mod names;
pub mod places;
pub mod quotes;
pub mod themes;
pub mod tone;

use std::path::Path;

use chrono::NaiveDate;
use sitrep_actors::Entity;
use sitrep_nlp::Parse;

pub use amounts::Amount;
pub use counts::Count;
pub use dates::{DateMention, DateResolution};
pub use places::{Gazetteer, Location};
pub use quotes::{Quote, QuoteKind};
pub use themes::Theme;
pub use tone::Tone;

/// What every extractor reads: one document after NLP and entity resolution.
pub struct Context<'a> {
    pub text: &'a str,
    pub date: Option<NaiveDate>,
    pub parse: &'a Parse,
    pub entities: &'a [Entity],
}

/// A resource (gazetteer, lexicon) that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ExtractError(pub String);

/// The extractors' loaded resources, shared across threads.
#[derive(Debug, Default)]
pub struct Extractors {
    pub gazetteer: Gazetteer,
}

/// Everything the extractors found in one document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub quotes: Vec<Quote>,
    pub amounts: Vec<Amount>,
    pub counts: Vec<Count>,
    pub dates: Vec<DateMention>,
    pub locations: Vec<Location>,
    pub tone: Tone,
    pub themes: Vec<Theme>,
}

impl Extractors {
    /// Loads resources from `models_dir`.
    pub fn load(models_dir: &Path) -> Result<Self, ExtractError> {
        Ok(Extractors {
            gazetteer: Gazetteer::load(models_dir)?,
        })
    }

    /// Runs every extractor over one document.
    pub fn run(&self, cx: &Context<'_>) -> Extracted {
        let prepared = lex::Prepared::new(cx);
        let dates = dates::extract(cx);
        let locations = self.gazetteer.extract(cx);
        Extracted {
            quotes: quotes::extract_prepared(cx, &prepared),
            amounts: amounts::extract(cx),
            counts: counts::extract(cx, &locations),
            dates,
            tone: tone::score(cx),
            themes: themes::extract(cx),
            locations,
        }
    }
}
