//! `sitrep serve`: HTTP API and embedded web UI (issue #8).
