//! Streaming ingest: a bounded channel into one writer thread.
//!
//! Analysis runs on every core; the store is written by a single thread that
//! commits a transaction every [`COMMIT_EVERY`] records. A document and all
//! its rows are in the same transaction as the run counters, so a process
//! killed at any point leaves a consistent store, and re-running the same
//! ingest skips what was committed (records are keyed by content hash) and
//! stores the rest.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};
use sitrep_pipeline::{Analyzed, Sink, SinkError};

use crate::prepare::{record_hash, PreparedDoc};
use crate::store::{Duplicate, Store, Stored};
use crate::terms::Background;
use crate::{CorpusError, Result};

/// Records per transaction: large enough to amortize the commit, small enough
/// that a crash loses little work.
pub const COMMIT_EVERY: usize = 256;

/// Stories and aggregated events are made during an ingest, for the documents
/// up to each multiple of this many store ids ([`Store::finalize_upto`]), as
/// soon as the writer has stored past it: they grow while the corpus streams in
/// (a reader such as `sitrep serve` sees them), and the work runs beside the
/// analysis instead of after it. The passes depend only on store ids, so an
/// ingest resumed after a crash makes the same ones.
pub const FINALIZE_EVERY: i64 = 1024;

/// Records read between two progress callbacks of [`ingest`].
const BATCH: usize = 128;

/// Records at most between the reader and the writer in [`ingest`] (bounds memory).
const IN_FLIGHT: usize = 512;

/// Documents in flight between the analysis and the writer (bounds memory).
const CHANNEL: usize = 256;

/// Counts of one ingest: `read = stored + present + errors`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestStats {
    /// Records the readers produced (documents and failures).
    pub read: u64,
    /// New documents written.
    pub stored: u64,
    /// Documents already in the store (same record), skipped.
    pub present: u64,
    /// Records that could not be read or analyzed (stored in `errors`).
    pub errors: u64,
    /// New documents linked to an earlier one with the same text.
    pub exact_duplicates: u64,
    /// New documents linked to an earlier near-duplicate.
    pub near_duplicates: u64,
}

/// What [`Store::finalize`] did (summed over the passes of one ingest: a story
/// or event touched by two passes counts twice).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct FinalizeStats {
    pub new_stories: u64,
    pub stories_touched: u64,
    /// Stories merged into another one (see `stories` module docs).
    pub stories_merged: u64,
    /// Aggregated events created or updated.
    pub events: u64,
}

impl FinalizeStats {
    fn add(&mut self, o: &FinalizeStats) {
        self.new_stories += o.new_stories;
        self.stories_touched += o.stories_touched;
        self.stories_merged += o.stories_merged;
        self.events += o.events;
    }
}

/// Live counters for a progress display, updated by the writer as it commits work.
#[derive(Debug, Default)]
pub struct Progress {
    pub read: AtomicU64,
    pub stored: AtomicU64,
    pub present: AtomicU64,
    pub errors: AtomicU64,
}

enum Msg {
    Doc(Box<PreparedDoc>),
    Present,
    Error(RecordError),
}

/// The writer thread and the channel into it.
struct Writer {
    tx: Option<SyncSender<Msg>>,
    handle: Option<JoinHandle<Result<(Store, IngestStats, FinalizeStats)>>>,
}

impl Writer {
    fn spawn(mut store: Store, run: i64, progress: Arc<Progress>, background: Arc<Background>) -> Writer {
        let (tx, rx) = sync_channel::<Msg>(CHANNEL);
        let handle = std::thread::Builder::new()
            .name("sitrep-store".into())
            .spawn(move || {
                let (stats, fin) = write_loop(&mut store, run, rx, &progress, &background)?;
                Ok((store, stats, fin))
            })
            .expect("spawning the store writer thread");
        Writer { tx: Some(tx), handle: Some(handle) }
    }

    fn send(&self, m: Msg) -> Result<()> {
        match &self.tx {
            Some(tx) if tx.send(m).is_ok() => Ok(()),
            // The writer hung up: it failed; `finish` reports why.
            _ => Err(CorpusError::Writer("the writer thread stopped".into())),
        }
    }

    fn finish(&mut self) -> Result<(Store, IngestStats, FinalizeStats)> {
        drop(self.tx.take());
        match self.handle.take() {
            Some(h) => h.join().map_err(|_| CorpusError::Writer("the writer thread panicked".into()))?,
            None => Err(CorpusError::Writer("already finished".into())),
        }
    }
}

fn write_loop(
    store: &mut Store,
    run: i64,
    rx: Receiver<Msg>,
    progress: &Progress,
    background: &Background,
) -> Result<(IngestStats, FinalizeStats)> {
    let mut total = IngestStats::default();
    let mut fin = FinalizeStats::default();
    let mut last_id = 0;
    let mut finalized_upto = 0;
    let mut msgs = rx.into_iter().peekable();
    while msgs.peek().is_some() {
        let tx = store.conn.transaction()?;
        let mut delta = IngestStats::default();
        for m in msgs.by_ref().take(COMMIT_EVERY) {
            delta.read += 1;
            match m {
                Msg::Doc(d) => match Store::insert_document(&tx, run, &d)? {
                    Stored::New { id, duplicate } => {
                        last_id = id;
                        delta.stored += 1;
                        match duplicate {
                            Some(Duplicate::Exact { .. }) => delta.exact_duplicates += 1,
                            Some(Duplicate::Near { .. }) => delta.near_duplicates += 1,
                            None => {}
                        }
                    }
                    Stored::Present => delta.present += 1,
                },
                Msg::Present => delta.present += 1,
                Msg::Error(e) => {
                    Store::insert_error(&tx, run, &e)?;
                    delta.errors += 1;
                }
            }
        }
        Store::update_run(&tx, run, &delta)?;
        tx.commit()?;
        progress.read.fetch_add(delta.read, Ordering::Relaxed);
        progress.stored.fetch_add(delta.stored, Ordering::Relaxed);
        progress.present.fetch_add(delta.present, Ordering::Relaxed);
        progress.errors.fetch_add(delta.errors, Ordering::Relaxed);
        total.read += delta.read;
        total.stored += delta.stored;
        total.present += delta.present;
        total.errors += delta.errors;
        total.exact_duplicates += delta.exact_duplicates;
        total.near_duplicates += delta.near_duplicates;
        // The first pass of a resumed ingest also completes one a crash cut short.
        let upto = pass_bound(last_id);
        if upto > finalized_upto {
            fin.add(&store.finalize_upto(background, upto)?);
            finalized_upto = upto;
        }
    }
    Ok((total, fin))
}

/// The bound of the last pass due once store id `id` is written: the multiple of [`FINALIZE_EVERY`] at or below it.
fn pass_bound(id: i64) -> i64 {
    id / FINALIZE_EVERY * FINALIZE_EVERY
}

/// Ends an ingest as an uninterrupted one would: the pass up to the last
/// multiple of [`FINALIZE_EVERY`] (a no-op unless a crash cut it short and
/// nothing new was stored since), then everything after it.
fn last_passes(store: &mut Store, background: &Background) -> Result<FinalizeStats> {
    let last: i64 = store.conn.query_row("SELECT COALESCE(max(id), 0) FROM documents", [], |r| r.get(0))?;
    let mut fin = store.finalize_upto(background, pass_bound(last))?;
    fin.add(&store.finalize(background)?);
    Ok(fin)
}

/// The store as a pipeline [`Sink`]: `sitrep_pipeline::run(&pipeline, records, &mut sink, ..)`.
///
/// Each document is turned into rows on the calling thread and handed to the
/// writer thread, which makes stories and events every [`FINALIZE_EVERY`]
/// documents; [`Sink::finish`] waits for the writer and makes the last ones.
/// [`ingest`] does the same with the row preparation in parallel.
pub struct StoreSink {
    writer: Writer,
    background: Arc<Background>,
    run: i64,
    progress: Arc<Progress>,
    result: Option<(IngestStats, FinalizeStats)>,
}

impl StoreSink {
    /// Opens (or creates) the store at `path` and starts a run; `background`
    /// weighs terms for story clustering (see [`Background`]).
    pub fn open(path: &Path, inputs: &str, background: Arc<Background>) -> Result<StoreSink> {
        let mut store = Store::open(path)?;
        let run = store.begin_run(inputs)?;
        let progress = Arc::new(Progress::default());
        let writer = Writer::spawn(store, run, progress.clone(), background.clone());
        Ok(StoreSink { writer, background, run, progress, result: None })
    }

    /// Live counters.
    pub fn progress(&self) -> Arc<Progress> {
        self.progress.clone()
    }

    /// Counts after [`Sink::finish`].
    pub fn result(&self) -> Option<&(IngestStats, FinalizeStats)> {
        self.result.as_ref()
    }

    fn close(&mut self) -> Result<(IngestStats, FinalizeStats)> {
        let (mut store, stats, mut fin) = self.writer.finish()?;
        fin.add(&last_passes(&mut store, &self.background)?);
        store.finish_run(self.run)?;
        Ok((stats, fin))
    }
}

impl Sink for StoreSink {
    fn document(&mut self, doc: &Analyzed) -> Result<(), SinkError> {
        let d = PreparedDoc::new(doc)?;
        self.writer.send(Msg::Doc(Box::new(d)))?;
        Ok(())
    }

    fn error(&mut self, err: &RecordError) -> Result<(), SinkError> {
        self.writer.send(Msg::Error(err.clone()))?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), SinkError> {
        self.result = Some(self.close()?);
        Ok(())
    }
}

/// Options of [`ingest`].
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Skip records already stored before analyzing them (default). Without it
    /// they are analyzed again and then found present.
    pub skip_known: bool,
    /// A description of the inputs, kept in the `runs` table.
    pub inputs: String,
    /// Background term frequencies for story clustering ([`Background::load`]
    /// reads the shipped ones); empty by default.
    pub background: Arc<Background>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { skip_known: true, inputs: String::new(), background: Arc::default() }
    }
}

/// Streams `records` through `analyze` (on as many threads as the rayon pool has) into the store at `path`.
///
/// Records already stored are skipped before analysis; a record that fails to
/// read, or whose analysis panics, is stored as an error. Stories and events
/// are made every [`FINALIZE_EVERY`] documents and at the end
/// ([`Store::finalize_upto`]). `on_batch` is called every [`BATCH`] records read.
///
/// There is no barrier between batches: each worker takes the next record as
/// soon as it is free, and a reordering thread hands the results to the writer
/// in input order, so the store is the same whatever the thread timing. At
/// most [`IN_FLIGHT`] records are between the reader and the writer, which
/// bounds memory when one long document holds up the ones behind it.
pub fn ingest<F>(
    path: &Path,
    records: impl Iterator<Item = Result<Document, RecordError>>,
    analyze: F,
    opts: &IngestOptions,
    mut on_batch: impl FnMut(&Progress),
) -> Result<(IngestStats, FinalizeStats)>
where
    F: Fn(Document) -> Analyzed + Sync,
{
    let mut store = Store::open(path)?;
    let run = store.begin_run(&opts.inputs)?;
    // A separate read connection sees what the writer has committed.
    let known = if opts.skip_known { Some(Store::open_read_only(path)?) } else { None };
    let progress = Arc::new(Progress::default());
    let mut writer = Writer::spawn(store, run, progress.clone(), opts.background.clone());
    let workers = rayon::current_num_threads().max(1);
    let read_result = std::thread::scope(|s| -> Result<()> {
        let (work_tx, work_rx) = sync_channel::<(u64, Document)>(2 * workers);
        // Owned by the workers only, so that the reader's sends fail once they are all gone.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = sync_channel::<(u64, Msg)>(CHANNEL);
        let (permit_tx, permit_rx) = sync_channel::<()>(IN_FLIGHT);
        for _ in 0..workers {
            let (work_rx, done_tx, analyze) = (work_rx.clone(), done_tx.clone(), &analyze);
            s.spawn(move || loop {
                // The lock is released before the analysis starts.
                let job = work_rx.lock().ok().and_then(|rx| rx.recv().ok());
                let Some((i, doc)) = job else { break };
                if done_tx.send((i, analyze_and_prepare(analyze, doc))).is_err() {
                    break;
                }
            });
        }
        drop(work_rx);
        let writer = &writer;
        let reorder = s.spawn(move || -> Result<()> {
            let mut pending = BTreeMap::new();
            let mut next = 0u64;
            for (i, m) in done_rx {
                pending.insert(i, m);
                while let Some(m) = pending.remove(&next) {
                    writer.send(m)?;
                    // Frees the reader to take one more record.
                    let _ = permit_rx.recv();
                    next += 1;
                }
            }
            Ok(())
        });
        for (i, r) in records.enumerate() {
            if permit_tx.send(()).is_err() {
                break; // the reorder thread stopped: the writer failed
            }
            let i = i as u64;
            let sent = match r {
                Err(e) => done_tx.send((i, Msg::Error(e))).is_ok(),
                Ok(doc) => {
                    let present = match &known {
                        Some(k) => k.contains_record(&record_hash(&doc))?,
                        None => false,
                    };
                    if present {
                        done_tx.send((i, Msg::Present)).is_ok()
                    } else {
                        work_tx.send((i, doc)).is_ok()
                    }
                }
            };
            if !sent {
                break;
            }
            if (i + 1).is_multiple_of(BATCH as u64) {
                on_batch(&progress);
            }
        }
        drop(work_tx);
        drop(done_tx);
        reorder.join().map_err(|_| CorpusError::Writer("the reordering thread panicked".into()))?
    });
    let (mut store, stats, mut fin) = writer.finish()?;
    read_result?;
    on_batch(&progress);
    fin.add(&last_passes(&mut store, &opts.background)?);
    store.finish_run(run)?;
    Ok((stats, fin))
}

/// A panic inside one document's analysis is a bug, but must not take the ingest down.
fn analyze_and_prepare<F: Fn(Document) -> Analyzed>(analyze: &F, doc: Document) -> Msg {
    let id = doc.id.clone();
    let fail = |msg: String| {
        Msg::Error(RecordError::new(
            RecordLocation { record: Some(id.clone()), ..Default::default() },
            RecordErrorKind::Analysis,
            msg,
        ))
    };
    match catch_unwind(AssertUnwindSafe(|| PreparedDoc::new(&analyze(doc)))) {
        Ok(Ok(d)) => Msg::Doc(Box::new(d)),
        Ok(Err(e)) => fail(format!("serializing the document: {e}")),
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            fail(format!("analysis failed: {msg}"))
        }
    }
}

/// An [`Analyzed`] document with no analysis at all: the store's own cost,
/// measured by `sitrep ingest --analysis none` (benchmarks) and used by tests
/// that only need the text layer (de-duplication, clustering).
pub fn bare(document: Document) -> Analyzed {
    Analyzed {
        document,
        excluded: Vec::new(),
        parse: Default::default(),
        entities: Vec::new(),
        extracted: Default::default(),
        events: Vec::new(),
    }
}
