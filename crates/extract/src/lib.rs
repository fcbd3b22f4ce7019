//! Knowledge-graph extractors: quotes, amounts, counts, dates, places, tone and themes.
//!
//! Each extractor lives in its own module and reads the shared [`Context`]
//! (text, date, parse, entities). None of them changes the parse; they only add
//! their own layer to the analysis. They all read the text through one cheap
//! word lexer (`lex`), run once per document, so they work before the trained
//! tokenizer, parser and NER exist and use the parse and entities when present.
//!
//! Resources (gazetteer, tone lexicon, theme rules) are compiled into
//! `models/extract/` by [`build`] and loaded once by [`Extractors::load`].

pub mod amounts;
pub mod build;
pub mod counts;
pub mod dates;
mod lex;
mod names;
mod numbers;
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
pub use dates::{anchor_for, dates_in_span, DateMention, DateResolution};
pub use places::{locations_in_span, Gazetteer, Location};
pub use quotes::{Quote, QuoteKind};
pub use themes::{Theme, ThemeRules};
pub use tone::{Tone, ToneLexicon};

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
    pub tone: ToneLexicon,
    pub themes: ThemeRules,
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
    /// Loads resources from `models_dir` (the gazetteer, lexicon and rules under `extract/`).
    pub fn load(models_dir: &Path) -> Result<Self, ExtractError> {
        Ok(Extractors {
            gazetteer: Gazetteer::load(models_dir)?,
            tone: ToneLexicon::load(models_dir)?,
            themes: ThemeRules::load(models_dir)?,
        })
    }

    /// Per-extractor time over one document (lex, dates, places, quotes, amounts, counts, tone, themes), for `bench/`.
    #[doc(hidden)]
    pub fn profile(&self, cx: &Context<'_>) -> [std::time::Duration; 8] {
        use std::time::Instant;
        let t = Instant::now();
        let p = lex::Prepared::new(cx);
        let a = t.elapsed();
        let t = Instant::now();
        let dates = dates::extract_prepared(cx, &p);
        let b = t.elapsed();
        let t = Instant::now();
        let locations = self.gazetteer.extract_prepared(cx, &p);
        let c = t.elapsed();
        let t = Instant::now();
        let _ = quotes::extract_prepared(cx, &p);
        let d = t.elapsed();
        let t = Instant::now();
        let _ = amounts::extract_prepared(&p, &dates);
        let e = t.elapsed();
        let t = Instant::now();
        let _ = counts::extract_prepared(&p, &locations);
        let f = t.elapsed();
        let t = Instant::now();
        let _ = self.tone.score_prepared(cx, &p);
        let g = t.elapsed();
        let t = Instant::now();
        let _ = self.themes.extract_prepared(&p);
        [a, b, c, d, e, f, g, t.elapsed()]
    }

    /// Runs every extractor over one document.
    pub fn run(&self, cx: &Context<'_>) -> Extracted {
        let p = lex::Prepared::new(cx);
        let dates = dates::extract_prepared(cx, &p);
        let locations = self.gazetteer.extract_prepared(cx, &p);
        Extracted {
            quotes: quotes::extract_prepared(cx, &p),
            amounts: amounts::extract_prepared(&p, &dates),
            counts: counts::extract_prepared(&p, &locations),
            tone: self.tone.score_prepared(cx, &p),
            themes: self.themes.extract_prepared(&p),
            dates,
            locations,
        }
    }
}
