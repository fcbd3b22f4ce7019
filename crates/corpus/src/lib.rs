//! Corpus: the embedded store, de-duplication, stories and event aggregation (issue #7).
