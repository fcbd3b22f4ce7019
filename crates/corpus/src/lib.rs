//! Corpus: the embedded store, de-duplication, stories and event aggregation (issue #7).
//!
//! A corpus is a SQLite file ([`Store`]). `sitrep ingest` streams analyzed
//! documents into it ([`sink::ingest`], or [`StoreSink`], a pipeline [`Sink`]);
//! one thread at a time stores each document with its entities, event mentions,
//! quotes, amounts and places, links exact and near duplicates on the way in,
//! and every 1,024 documents and when the stream ends groups documents into
//! stories and mentions into GDELT-style aggregated events ([`Store::finalize`]). The read API
//! ([`query`], [`diff`]) is what `sitrep query`, `sitrep story` and the HTTP
//! server use; [`export`] writes Parquet and feeds the GDELT row writers.
//!
//! The layout of the database is documented in `docs/store.md`.
//!
//! [`Sink`]: sitrep_pipeline::Sink

pub mod aggregate;
pub mod diff;
pub mod error;
pub mod export;
pub mod minhash;
pub mod prepare;
pub mod query;
pub mod schema;
pub mod sink;
pub mod store;
pub mod stories;
pub mod terms;

pub use diff::{StoryDiff, StoryFact};
pub use error::CorpusError;
pub use prepare::{record_hash, PreparedDoc};
pub use query::{EventFilter, Page};
pub use sink::{IngestStats, StoreSink};
pub use store::Store;

/// Result type of the corpus API.
pub type Result<T, E = CorpusError> = std::result::Result<T, E>;
