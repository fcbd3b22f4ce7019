//! GDELT 2.0-compatible output: Events (61 columns), Mentions (16) and GKG 2.1 (27).
//!
//! Rows are byte-compatible with real GDELT files (tab-separated, headerless,
//! one record per line; see `../shared/design/gdelt-formats.md`):
//! - [`rows`]: the row models and their exact printing;
//! - [`render`]: how an analyzed document becomes rows (the conventions live there);
//! - [`check`]: a reader that checks every column and sub-field against the
//!   shapes of real rows (used by the tests on real and generated rows);
//! - [`lookups`]: CAMEO and FIPS tables compiled into `models/gdelt/`;
//! - [`num`]: .NET `G15` floats and `FractionDate`.
//!
//! One run of a sink is one GDELT batch: every row carries the same DATEADDED
//! (the batch time, by default the run time rounded down to the quarter hour),
//! and mentions of the same event across the run merge into one Event row with
//! NumMentions / NumSources / NumArticles and AvgTone, as within a GDELT
//! 15-minute update. The Events and Mentions sinks hand out GLOBALEVENTIDs the
//! same way, so two runs over the same input (one per format) join on them.

pub mod check;
pub mod lookups;
pub mod num;
pub mod render;
pub mod rows;

use std::io::Write;

use chrono::{NaiveDateTime, Timelike};
use sitrep_pipeline::{Analyzed, Sink, SinkError};

use render::EventTable;

/// Which documents' mentions may merge into one Event row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MergeScope {
    /// The whole run, like a GDELT batch; Event rows are written at the end.
    #[default]
    Run,
    /// Each document alone; Event rows stream out document by document.
    Document,
}

/// Settings shared by the three GDELT sinks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GdeltOptions {
    /// DATEADDED, MentionTimeDate, V2.1DATE and the GKG record-id prefix.
    pub batch: NaiveDateTime,
    /// GLOBALEVENTID of the first event.
    pub first_event_id: u64,
    /// N of the first GKG record id (0-based, as in real rows).
    pub first_record: u64,
    pub merge: MergeScope,
}

/// Rounds a time down to its GDELT 15-minute batch.
pub fn batch_of(t: NaiveDateTime) -> NaiveDateTime {
    let minute = t.minute() - t.minute() % 15;
    t.date().and_hms_opt(t.hour(), minute, 0).unwrap_or(t)
}

/// Environment variables that configure the GDELT sinks from the command line.
pub const ENV_BATCH: &str = "SITREP_GDELT_BATCH";
pub const ENV_FIRST_EVENT_ID: &str = "SITREP_GDELT_FIRST_EVENT_ID";
pub const ENV_FIRST_RECORD: &str = "SITREP_GDELT_FIRST_RECORD";
pub const ENV_MERGE: &str = "SITREP_GDELT_MERGE";

impl Default for GdeltOptions {
    /// The current UTC time's batch, ids from 1, records from 0, run-wide merging.
    fn default() -> Self {
        GdeltOptions {
            batch: batch_of(chrono::Utc::now().naive_utc()),
            first_event_id: 1,
            first_record: 0,
            merge: MergeScope::Run,
        }
    }
}

impl GdeltOptions {
    /// Defaults overridden by `SITREP_GDELT_BATCH` (`YYYYMMDDHHMMSS`, rounded down to
    /// its batch), `SITREP_GDELT_FIRST_EVENT_ID`, `SITREP_GDELT_FIRST_RECORD` and
    /// `SITREP_GDELT_MERGE` (`run` or `document`).
    pub fn from_env() -> Result<Self, String> {
        let mut o = GdeltOptions::default();
        let var = |k: &str| std::env::var(k).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        if let Some(v) = var(ENV_BATCH) {
            let t = NaiveDateTime::parse_from_str(&v, "%Y%m%d%H%M%S")
                .map_err(|_| format!("{ENV_BATCH}={v:?}: expected YYYYMMDDHHMMSS"))?;
            o.batch = batch_of(t);
        }
        if let Some(v) = var(ENV_FIRST_EVENT_ID) {
            o.first_event_id = v
                .parse()
                .ok()
                .filter(|&n| n > 0)
                .ok_or_else(|| format!("{ENV_FIRST_EVENT_ID}={v:?}: expected a positive integer"))?;
        }
        if let Some(v) = var(ENV_FIRST_RECORD) {
            o.first_record = v.parse().map_err(|_| format!("{ENV_FIRST_RECORD}={v:?}: expected an integer"))?;
        }
        if let Some(v) = var(ENV_MERGE) {
            o.merge = match v.as_str() {
                "run" => MergeScope::Run,
                "document" => MergeScope::Document,
                _ => return Err(format!("{ENV_MERGE}={v:?}: expected run or document")),
            };
        }
        Ok(o)
    }
}

/// Options for a sink, or the configuration error it reports when the run begins.
type Configured = Result<GdeltOptions, String>;

fn options(c: &Configured) -> Result<&GdeltOptions, SinkError> {
    c.as_ref().map_err(|e| SinkError::from(e.clone()))
}

/// Writes GDELT 2.0 Event rows (61 columns).
pub struct EventsSink<W: Write> {
    out: W,
    opts: Configured,
    table: EventTable,
    docs: u64,
}

impl<W: Write> EventsSink<W> {
    pub fn new(out: W, opts: GdeltOptions) -> Self {
        Self::configured(out, Ok(opts))
    }

    /// A sink whose configuration may have failed; the error stops the run at `begin`.
    pub fn configured(out: W, opts: Result<GdeltOptions, String>) -> Self {
        let first = opts.as_ref().map_or(1, |o| o.first_event_id);
        EventsSink { out, opts, table: EventTable::new(first), docs: 0 }
    }

    fn flush_rows(&mut self) -> Result<(), SinkError> {
        for row in self.table.drain() {
            writeln!(self.out, "{row}")?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for EventsSink<W> {
    fn begin(&mut self) -> Result<(), SinkError> {
        options(&self.opts).map(|_| ())
    }

    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError> {
        let o = options(&self.opts)?.clone();
        for r in render::events(doc, o.batch) {
            self.table.add(r, self.docs);
        }
        self.docs += 1;
        if o.merge == MergeScope::Document {
            self.flush_rows()?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.flush_rows()?;
        self.out.flush()?;
        Ok(())
    }
}

/// Writes GDELT 2.0 Mentions rows (16 columns), one per mention of an event.
pub struct MentionsSink<W: Write> {
    out: W,
    opts: Configured,
    table: EventTable,
    docs: u64,
}

impl<W: Write> MentionsSink<W> {
    pub fn new(out: W, opts: GdeltOptions) -> Self {
        Self::configured(out, Ok(opts))
    }

    /// A sink whose configuration may have failed; the error stops the run at `begin`.
    pub fn configured(out: W, opts: Result<GdeltOptions, String>) -> Self {
        let first = opts.as_ref().map_or(1, |o| o.first_event_id);
        MentionsSink { out, opts, table: EventTable::new(first), docs: 0 }
    }
}

impl<W: Write> Sink for MentionsSink<W> {
    fn begin(&mut self) -> Result<(), SinkError> {
        options(&self.opts).map(|_| ())
    }

    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError> {
        let o = options(&self.opts)?.clone();
        for r in render::events(doc, o.batch) {
            let m = self.table.add(r, self.docs);
            writeln!(self.out, "{m}")?;
        }
        self.docs += 1;
        if o.merge == MergeScope::Document {
            self.table.drain();
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
    }
}

/// Writes GKG 2.1 rows (27 columns), one per document with anything extracted.
pub struct GkgSink<W: Write> {
    out: W,
    opts: Configured,
    next: u64,
    next_translated: u64,
}

impl<W: Write> GkgSink<W> {
    pub fn new(out: W, opts: GdeltOptions) -> Self {
        Self::configured(out, Ok(opts))
    }

    /// A sink whose configuration may have failed; the error stops the run at `begin`.
    pub fn configured(out: W, opts: Result<GdeltOptions, String>) -> Self {
        let first = opts.as_ref().map_or(0, |o| o.first_record);
        GkgSink { out, opts, next: first, next_translated: first }
    }
}

impl<W: Write> Sink for GkgSink<W> {
    fn begin(&mut self) -> Result<(), SinkError> {
        options(&self.opts).map(|_| ())
    }

    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError> {
        let batch = options(&self.opts)?.batch;
        let translated = !render::DocFacts::of(doc).translation_info.is_empty();
        let seq = if translated { self.next_translated } else { self.next };
        if let Some(row) = render::gkg(doc, batch, seq) {
            writeln!(self.out, "{row}")?;
            if translated {
                self.next_translated += 1;
            } else {
                self.next += 1;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.out.flush()?;
        Ok(())
    }
}
