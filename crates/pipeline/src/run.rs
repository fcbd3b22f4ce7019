//! Drives a stream of documents through the pipeline in parallel, in order.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;
use sitrep_document::{Document, RecordError, RecordErrorKind, RecordLocation};

use crate::{Analyzed, Pipeline, Sink, SinkError};

/// What happened to a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Records that reached a sink as documents.
    pub documents: u64,
    /// Records that failed, by kind.
    pub errors: BTreeMap<String, u64>,
}

impl RunSummary {
    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// How many documents are analyzed between two pushes into the sink: enough to
/// keep every core busy, few enough to bound memory.
const BATCH: usize = 256;

/// Analyzes every record from `input` and pushes the results into `sink` in input order.
///
/// A record that fails to read, or whose analysis panics, is reported to the
/// sink as a [`RecordError`] and counted; the batch goes on.
pub fn run(
    pipeline: &Pipeline,
    input: impl Iterator<Item = Result<Document, RecordError>>,
    sink: &mut dyn Sink,
    mut progress: impl FnMut(&RunSummary),
) -> Result<RunSummary, SinkError> {
    let mut summary = RunSummary::default();
    sink.begin()?;
    let mut input = input.peekable();
    while input.peek().is_some() {
        let batch: Vec<Result<Document, RecordError>> = input.by_ref().take(BATCH).collect();
        let results: Vec<Result<Analyzed, RecordError>> = batch
            .into_par_iter()
            .map(|rec| rec.and_then(|doc| analyze_guarded(pipeline, doc)))
            .collect();
        for r in results {
            match r {
                Ok(a) => {
                    summary.documents += 1;
                    sink.document(&a)?;
                }
                Err(e) => {
                    let kind = serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(str::to_string));
                    *summary.errors.entry(kind.unwrap_or_else(|| "unknown".into())).or_default() += 1;
                    sink.error(&e)?;
                }
            }
        }
        progress(&summary);
    }
    sink.finish()?;
    Ok(summary)
}

/// A panic in one document's analysis is a bug, but it must not take the batch down.
fn analyze_guarded(pipeline: &Pipeline, doc: Document) -> Result<Analyzed, RecordError> {
    let id = doc.id.clone();
    catch_unwind(AssertUnwindSafe(|| pipeline.analyze(doc))).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into());
        RecordError::new(
            RecordLocation { record: Some(id), ..Default::default() },
            RecordErrorKind::Analysis,
            format!("analysis failed: {msg}"),
        )
    })
}
