//! Locates `../shared/data` (real treebanks, dictionaries, corpora) for corpus-level tests.
//!
//! Tests that need the data call [`shared_data`]. When the directory is absent
//! they skip with a note, unless `SITREP_REQUIRE_SHARED=1` (CI sets it), in
//! which case the absence is a failure: a target test must never pass silently.

use std::path::PathBuf;

/// The `shared/data` directory, or `None` (and a note on stderr) if it is absent.
///
/// Looks at `SITREP_SHARED` (the `shared` directory), then `../shared` next to
/// the repository.
pub fn shared_data() -> Option<PathBuf> {
    let base = std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let data = base.join("data");
    if data.is_dir() {
        return Some(data);
    }
    if std::env::var("SITREP_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!("SITREP_REQUIRE_SHARED=1 but {} is missing", data.display());
    }
    eprintln!("note: {} not found; skipping a test that needs real data", data.display());
    None
}

/// `shared_data()` joined with `rel`, or return from the test when absent.
#[macro_export]
macro_rules! require {
    ($rel:expr) => {
        match $crate::shared_data() {
            Some(d) => d.join($rel),
            None => return,
        }
    };
}

/// The `shared/seeds` directory, if present.
pub fn seeds() -> Option<PathBuf> {
    shared_data().map(|d| d.join("../seeds"))
}

/// The repository root (for `models/`, `examples/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
