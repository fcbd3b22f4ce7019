//! Streaming ingest: analyzed documents into the store, one writer at a time.
//!
//! Analysis runs on every core; one thread at a time writes the store
//! ([`Desk`]), committing a transaction every [`COMMIT_EVERY`] records. In
//! [`ingest`] there is no writer thread: the workers take turns at the desk,
//! so `-j N` keeps N threads busy, not N + 1. [`StoreSink`], fed by a
//! pipeline's own threads, has one writer thread behind a channel. A document and all
//! its rows are in the same transaction as the run counters, so a process
//! killed at any point leaves a consistent store, and re-running the same
//! ingest skips what was committed (records are keyed by content hash) and
//! stores the rest.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard};
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

/// Records at most between the reader and the store in [`ingest`] (bounds memory).
const IN_FLIGHT: usize = 512;

/// Documents in flight between a [`StoreSink`]'s caller and its writer thread (bounds memory).
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

/// The store's write side: writes messages in the order given, one open
/// transaction at a time, and makes stories and events as the ids pass each
/// multiple of [`FINALIZE_EVERY`].
struct Desk {
    store: Store,
    run: i64,
    progress: Arc<Progress>,
    background: Arc<Background>,
    /// A transaction is open (begun by the first message after a commit).
    open: bool,
    /// Counts of the open transaction, added to `total` when it commits.
    delta: IngestStats,
    total: IngestStats,
    fin: FinalizeStats,
    last_id: i64,
    finalized_upto: i64,
}

impl Desk {
    fn new(store: Store, run: i64, progress: Arc<Progress>, background: Arc<Background>) -> Desk {
        Desk {
            store,
            run,
            progress,
            background,
            open: false,
            delta: IngestStats::default(),
            total: IngestStats::default(),
            fin: FinalizeStats::default(),
            last_id: 0,
            finalized_upto: 0,
        }
    }

    /// Writes one message, committing every [`COMMIT_EVERY`].
    fn write(&mut self, m: Msg) -> Result<()> {
        if !self.open {
            self.store.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.open = true;
        }
        let (tx, run, delta) = (&self.store.conn, self.run, &mut self.delta);
        delta.read += 1;
        match m {
            Msg::Doc(d) => match Store::insert_document(tx, run, &d)? {
                Stored::New { id, duplicate } => {
                    self.last_id = id;
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
                Store::insert_error(tx, run, &e)?;
                delta.errors += 1;
            }
        }
        if self.delta.read >= COMMIT_EVERY as u64 {
            self.commit()?;
        }
        Ok(())
    }

    /// Commits the open transaction with the run's counters (so that they match
    /// what is stored), then makes the stories and events that are due. An
    /// uncommitted transaction is rolled back when the connection closes.
    fn commit(&mut self) -> Result<()> {
        if !self.open {
            return Ok(());
        }
        Store::update_run(&self.store.conn, self.run, &self.delta)?;
        self.store.conn.execute_batch("COMMIT")?;
        self.open = false;
        let (d, p, t) = (std::mem::take(&mut self.delta), &self.progress, &mut self.total);
        p.read.fetch_add(d.read, Ordering::Relaxed);
        p.stored.fetch_add(d.stored, Ordering::Relaxed);
        p.present.fetch_add(d.present, Ordering::Relaxed);
        p.errors.fetch_add(d.errors, Ordering::Relaxed);
        t.read += d.read;
        t.stored += d.stored;
        t.present += d.present;
        t.errors += d.errors;
        t.exact_duplicates += d.exact_duplicates;
        t.near_duplicates += d.near_duplicates;
        // The first pass of a resumed ingest also completes one a crash cut short.
        let upto = pass_bound(self.last_id);
        if upto > self.finalized_upto {
            self.fin.add(&self.store.finalize_upto(&self.background, upto)?);
            self.finalized_upto = upto;
        }
        Ok(())
    }

    /// Commits what is open, makes the last stories and events and closes the run.
    fn close(mut self) -> Result<(IngestStats, FinalizeStats)> {
        self.commit()?;
        self.fin.add(&last_passes(&mut self.store, &self.background)?);
        self.store.finish_run(self.run)?;
        Ok((self.total, self.fin))
    }
}

/// The writer thread of a [`StoreSink`] and the channel into it.
struct Writer {
    tx: Option<SyncSender<Msg>>,
    handle: Option<JoinHandle<Result<Desk>>>,
}

impl Writer {
    fn spawn(mut desk: Desk) -> Writer {
        let (tx, rx) = sync_channel::<Msg>(CHANNEL);
        let handle = std::thread::Builder::new()
            .name("sitrep-store".into())
            .spawn(move || {
                for m in rx {
                    desk.write(m)?;
                }
                Ok(desk)
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

    fn finish(&mut self) -> Result<Desk> {
        drop(self.tx.take());
        match self.handle.take() {
            Some(h) => h.join().map_err(|_| CorpusError::Writer("the writer thread panicked".into()))?,
            None => Err(CorpusError::Writer("already finished".into())),
        }
    }
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
/// Each document is turned into rows on the calling thread and handed to a
/// writer thread, which makes stories and events every [`FINALIZE_EVERY`]
/// documents; [`Sink::finish`] waits for the writer and makes the last ones.
/// [`ingest`] does the same with the row preparation in parallel and without
/// a thread of its own for the writing.
pub struct StoreSink {
    writer: Writer,
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
        let writer = Writer::spawn(Desk::new(store, run, progress.clone(), background));
        Ok(StoreSink { writer, progress, result: None })
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
        self.writer.finish()?.close()
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

/// Work for an ingest worker: a record to analyze, or a message the reader
/// already has (an unreadable record, one already stored) that only waits for
/// its place in the order.
enum Job {
    Analyze(Document),
    Ready(Msg),
}

/// Messages waiting for their turn to be written: `next` is the input position due.
struct Due {
    waiting: BTreeMap<u64, Msg>,
    next: u64,
}

/// What the workers of one [`ingest`] share: the messages in waiting, the
/// desk (whoever holds it writes), and the reader's permits, given back one
/// per message written.
struct Shared {
    due: Mutex<Due>,
    desk: Mutex<Desk>,
    permits: Mutex<Option<Receiver<()>>>,
    /// Why writing failed; the ingest stops once it is set.
    error: Mutex<Option<CorpusError>>,
}

/// The state behind these locks stays consistent even if a holder panicked
/// (writes are caught, see [`Shared::write_due`]): a poisoned lock is used as is.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Takes the message due next, if it has arrived.
    fn take_due(&self) -> Option<Msg> {
        let mut d = lock(&self.due);
        let n = d.next;
        let m = d.waiting.remove(&n)?;
        d.next += 1;
        Some(m)
    }

    /// Writes the messages that are due, unless another thread is writing:
    /// that one will write them.
    fn write_due(&self) {
        loop {
            let Ok(mut desk) = self.desk.try_lock() else { return };
            while !self.failed() {
                let Some(m) = self.take_due() else { break };
                match catch_unwind(AssertUnwindSafe(|| desk.write(m))) {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => return self.fail(e),
                    Err(_) => return self.fail(CorpusError::Writer("writing the store panicked".into())),
                }
                // Frees the reader to take one more record.
                if let Some(p) = lock(&self.permits).as_ref() {
                    let _ = p.try_recv();
                }
            }
            drop(desk);
            // A message that became due just before the desk was released
            // would otherwise wait for the next document to be analyzed.
            let d = lock(&self.due);
            if !d.waiting.contains_key(&d.next) || self.failed() {
                return;
            }
        }
    }

    /// Stops the ingest: the workers stop, and the reader's next permit fails.
    fn fail(&self, e: CorpusError) {
        lock(&self.error).get_or_insert(e);
        *lock(&self.permits) = None;
    }

    fn failed(&self) -> bool {
        lock(&self.error).is_some()
    }
}

/// Streams `records` through `analyze` into the store at `path`, on as many threads as the rayon pool has.
///
/// Records already stored are skipped before analysis; a record that fails to
/// read, or whose analysis panics, is stored as an error. Stories and events
/// are made every [`FINALIZE_EVERY`] documents and at the end
/// ([`Store::finalize_upto`]). `on_batch` is called every [`BATCH`] records read.
///
/// There is no barrier between batches: each worker takes the next record as
/// soon as it is free. When it has analyzed one, it writes whatever is due in
/// input order, unless another worker is writing already; so the store is the
/// same whatever the thread timing, and no thread waits for a writer thread to
/// get a core. At most [`IN_FLIGHT`] records are between the reader and the
/// store, which bounds memory when one long document holds up the ones behind it.
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
    // A separate read connection sees what has been committed.
    let known = if opts.skip_known { Some(Store::open_read_only(path)?) } else { None };
    let progress = Arc::new(Progress::default());
    let (permit_tx, permit_rx) = sync_channel::<()>(IN_FLIGHT);
    let shared = Shared {
        due: Mutex::new(Due { waiting: BTreeMap::new(), next: 0 }),
        desk: Mutex::new(Desk::new(store, run, progress.clone(), opts.background.clone())),
        permits: Mutex::new(Some(permit_rx)),
        error: Mutex::new(None),
    };
    let workers = rayon::current_num_threads().max(1);
    let read_result = std::thread::scope(|s| -> Result<()> {
        let (work_tx, work_rx) = sync_channel::<(u64, Job)>(2 * workers);
        // Owned by the workers only, so that the reader's sends fail once they are all gone.
        let work_rx = Arc::new(Mutex::new(work_rx));
        for _ in 0..workers {
            let (work_rx, analyze, shared) = (work_rx.clone(), &analyze, &shared);
            s.spawn(move || loop {
                // The lock is released before the analysis starts.
                let job = work_rx.lock().ok().and_then(|rx| rx.recv().ok());
                let Some((i, job)) = job else { break };
                let m = match job {
                    Job::Analyze(doc) => analyze_and_prepare(analyze, doc),
                    Job::Ready(m) => m,
                };
                lock(&shared.due).waiting.insert(i, m);
                shared.write_due();
                if shared.failed() {
                    break;
                }
            });
        }
        drop(work_rx);
        for (i, r) in records.enumerate() {
            if permit_tx.send(()).is_err() {
                break; // writing failed
            }
            let job = match r {
                Err(e) => Job::Ready(Msg::Error(e)),
                Ok(doc) => match &known {
                    Some(k) if k.contains_record(&record_hash(&doc))? => Job::Ready(Msg::Present),
                    _ => Job::Analyze(doc),
                },
            };
            if work_tx.send((i as u64, job)).is_err() {
                break;
            }
            if (i + 1).is_multiple_of(BATCH) {
                on_batch(&progress);
            }
        }
        Ok(())
    });
    if let Some(e) = lock(&shared.error).take() {
        return Err(e);
    }
    read_result?;
    // Whatever a worker left due as the last ones stopped.
    shared.write_due();
    if let Some(e) = lock(&shared.error).take() {
        return Err(e);
    }
    let desk = shared.desk.into_inner().unwrap_or_else(|e| e.into_inner());
    let result = desk.close()?;
    on_batch(&progress);
    Ok(result)
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
