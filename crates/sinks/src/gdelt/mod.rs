//! GDELT 2.0-compatible output: Events, Mentions and GKG 2.1 rows.
pub mod check;
pub mod lookups;
pub mod num;
pub mod rows;
