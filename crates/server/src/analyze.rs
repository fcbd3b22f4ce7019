//! `POST /api/analyze`: the full pipeline over one pasted article, nothing stored.
//!
//! The models load on the first request (a few seconds) so that a server used
//! only for browsing never pays for them. Analyses run on the blocking pool,
//! a bounded number at a time, so a burst of pastes cannot starve queries.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use serde::Deserialize;
use sitrep_document::Document;
use sitrep_pipeline::{Config, DocumentRecord, Pipeline, RecordOptions};
use tokio::sync::Semaphore;

use crate::error::ApiError;

/// Largest article accepted, in bytes of text.
pub const MAX_TEXT_BYTES: usize = 512 * 1024;

/// A pasted article.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyzeRequest {
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`: resolves relative dates and dates the events.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub id: Option<String>,
}

/// The pipeline, loaded once on first use, and a bound on concurrent analyses.
pub struct Analyzer {
    models_dir: PathBuf,
    pipeline: OnceLock<Result<Pipeline, String>>,
    permits: Semaphore,
}

impl Analyzer {
    /// An analyzer that will load its models from `models_dir` when first needed.
    pub fn new(models_dir: PathBuf, concurrent: usize) -> Self {
        Analyzer { models_dir, pipeline: OnceLock::new(), permits: Semaphore::new(concurrent.max(1)) }
    }

    fn pipeline(&self) -> Result<&Pipeline, ApiError> {
        let p = self.pipeline.get_or_init(|| {
            let config = Config { models_dir: self.models_dir.clone(), ..Config::default() };
            Pipeline::load(&config).map_err(|e| format!("{}: {e}", self.models_dir.display()))
        });
        p.as_ref().map_err(|e| ApiError::unavailable(format!("the analysis models could not be loaded: {e}")))
    }

    /// Checks a request and builds the document it describes.
    pub fn document(req: AnalyzeRequest) -> Result<Document, ApiError> {
        if req.text.trim().is_empty() {
            return Err(ApiError::bad_request("`text` is empty"));
        }
        if req.text.len() > MAX_TEXT_BYTES {
            return Err(ApiError::bad_request(format!(
                "`text` is {} bytes; the limit is {MAX_TEXT_BYTES}",
                req.text.len()
            )));
        }
        let date = match req.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .map_err(|_| ApiError::bad_request(format!("`date`: expected YYYY-MM-DD, got {d:?}")))?,
            ),
        };
        let mut doc = Document::new(req.id.unwrap_or_else(|| "pasted".into()), req.text);
        doc.date = date;
        doc.title = req.title.filter(|t| !t.trim().is_empty());
        doc.source = req.source.filter(|t| !t.trim().is_empty());
        doc.url = req.url.filter(|t| !t.trim().is_empty());
        Ok(doc)
    }

    /// Analyzes one document on the blocking pool and returns the public JSON object (with its text).
    pub async fn analyze(self: &Arc<Self>, doc: Document) -> Result<Vec<u8>, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|_| ApiError::unavailable("the server is shutting down"))?;
        let me = self.clone();
        tokio::task::spawn_blocking(move || {
            let pipeline = me.pipeline()?;
            let analyzed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.analyze(doc)))
                .map_err(|_| ApiError::internal("the analysis panicked"))?;
            let record = DocumentRecord::new(&analyzed, RecordOptions { tokens: false, text: true });
            Ok(record.to_json_string(&analyzed.document.text)?.into_bytes())
        })
        .await
        .map_err(|e| ApiError::internal(format!("analysis task failed: {e}")))?
    }
}
