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
pub mod gender;
mod lex;
mod names;
mod numbers;
pub mod places;
pub mod quotes;
pub mod themes;
pub mod tone;

use std::path::Path;

use chrono::NaiveDate;
use sitrep_document::Span;
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
    /// Boilerplate spans (a stray headline, a caption) the segmenter excluded:
    /// nothing is extracted from them and their words do not count in tone.
    pub excluded: &'a [Span],
}

impl Context<'_> {
    /// True when `span` overlaps an excluded (boilerplate) span.
    pub fn is_excluded(&self, span: Span) -> bool {
        self.excluded.iter().any(|x| x.overlaps(span))
    }
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
    /// Given names with a known gender, for "he" and "she" as quote speakers.
    pub given_names: gender::GivenNames,
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
            given_names: gender::GivenNames::load(models_dir)?,
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
        let _ = quotes::extract_prepared(cx, &p, &self.given_names);
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
            quotes: quotes::extract_prepared(cx, &p, &self.given_names),
            amounts: amounts::extract_prepared(&p, &dates),
            counts: counts::extract_prepared(&p, &locations),
            tone: self.tone.score_prepared(cx, &p),
            themes: self.themes.extract_prepared(&p),
            dates,
            locations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Boilerplate spans give no fact of any kind and do not count in tone,
    /// while the story around them is read as before.
    #[test]
    fn excluded_spans_yield_nothing() {
        let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let ex = Extractors::load(&models).expect("models/extract loads");
        let story = "Officials met in Caracas on Tuesday to discuss the economy.";
        let junk = "India-China Border Standoff: 20 soldiers killed, $5 million lost in May 2020. “We will win,” said Ravi Kumar.";
        let text = format!("{story}\n\n{junk}\n\nThe talks went well, officials said.");
        let start = text.find(junk).unwrap();
        let span = Span::new(start, start + junk.len());
        let parse = Parse::default();
        let date = NaiveDate::from_ymd_opt(2020, 6, 17);
        let run = |excluded: &[Span]| {
            ex.run(&Context { text: &text, date, parse: &parse, entities: &[], excluded })
        };
        // Without the exclusion the junk line is full of facts: the test can fail.
        let all = run(&[]);
        assert!(all.locations.iter().any(|l| l.span.overlaps(span)), "{:?}", all.locations);
        assert!(all.themes.iter().any(|t| t.theme == "BORDER"));
        assert!(all.amounts.iter().any(|a| a.span.overlaps(span)));
        assert!(all.counts.iter().any(|c| c.span.overlaps(span)));
        assert!(all.dates.iter().any(|d| d.span.overlaps(span)));
        assert!(all.quotes.iter().any(|q| q.span.overlaps(span)));

        let out = run(&[span]);
        assert!(out.locations.iter().all(|l| !l.span.overlaps(span)), "{:?}", out.locations);
        assert!(out.themes.iter().all(|t| !t.span.overlaps(span)), "{:?}", out.themes);
        assert!(out.amounts.iter().all(|a| !a.span.overlaps(span)));
        assert!(out.counts.iter().all(|c| !c.span.overlaps(span)));
        assert!(out.dates.iter().all(|d| !d.span.overlaps(span)));
        assert!(out.quotes.iter().all(|q| !q.span.overlaps(span)));
        // The story is still read: Caracas and Tuesday remain.
        assert!(out.locations.iter().any(|l| l.text == "Caracas"));
        assert!(out.dates.iter().any(|d| d.text == "Tuesday"));
        // Tone counts only the story's words.
        let story_words = run(&[Span::new(0, 0)]).tone.word_count;
        assert!(out.tone.word_count < story_words, "{} vs {story_words}", out.tone.word_count);
        let only_story = "Officials met in Caracas on Tuesday to discuss the economy.\n\nThe talks went well, officials said.";
        let alone = ex.run(&Context { text: only_story, date, parse: &parse, entities: &[], excluded: &[] });
        assert_eq!(out.tone.word_count, alone.tone.word_count);
        assert_eq!(out.tone.tone, alone.tone.tone);
    }

    /// No extractor may panic on odd input.
    #[test]
    fn odd_inputs_do_not_panic() {
        let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
        let ex = Extractors::load(&models).expect("models/extract loads");
        assert!(!ex.gazetteer.is_empty() && !ex.tone.is_empty() && !ex.themes.is_empty());
        let parse = Parse::default();
        let date = NaiveDate::from_ymd_opt(2020, 2, 29);
        let inputs = [
            "",
            " ",
            "\n\n",
            "“",
            "”",
            "\"",
            "\"\"\"",
            "‘’",
            "“a",
            "a”",
            "$",
            "$ 5",
            "between $",
            "between 5 and",
            "1.",
            "1,",
            "May",
            "May 31",
            "February 30, 2020",
            "31 February",
            "the next",
            "last",
            "next 0 days",
            "99999999999999999999 people",
            "2020-13-45",
            "13/45/2020",
            "a million",
            "twenty-",
            "-5",
            "5-",
            "U.S.",
            "U.",
            "’s",
            "'s",
            "Mr.",
            "he said.",
            "“x,” he said.",
            "“A.”\n\n“B.”\n\n“C,” she added.",
            "killed 5",
            "5 killed",
            "the death toll rose to",
            "Ça va “très” bien, dit-il. 北京 “上海”",
            "Iran’s “",
            "according to",
            "according to “x”",
            "“” said",
            "\u{200b}“\u{200b}”",
            "e\u{301}te\u{301} “é”",
        ];
        for text in inputs {
            let mid = [Span::new(text.len() / 3, text.len() * 2 / 3 + 1)];
            for d in [None, date] {
                for excluded in [&[][..], &mid[..]] {
                    let cx = Context {
                        text,
                        date: d,
                        parse: &parse,
                        entities: &[],
                        excluded,
                    };
                    let _ = ex.run(&cx);
                }
            }
        }
        // Every slice of a real-looking paragraph.
        let para = "“It’s over,” said Adm. Jo Lee, 54, on Wednesday in Caracas. About $1.5 billion (€1.3bn) — between 10 and 20 percent — left; 12 people were killed.";
        let cuts: Vec<usize> = para.char_indices().map(|(i, _)| i).collect();
        for &a in cuts.iter().step_by(3) {
            for &b in cuts.iter().skip_while(|&&b| b < a).step_by(5) {
                let cx = Context {
                    text: &para[a..b],
                    date,
                    parse: &parse,
                    entities: &[],
                    excluded: &[],
                };
                let _ = ex.run(&cx);
            }
        }
    }
}
