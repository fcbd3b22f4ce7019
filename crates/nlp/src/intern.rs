//! Interning of small label inventories (XPOS tags, dependency relations) as `&'static str`.
//!
//! Labels come from a closed, small set, so leaking one copy of each is cheaper
//! and simpler than carrying a `String` per token.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// Returns the canonical `&'static str` for `s`.
pub fn intern(s: &str) -> &'static str {
    static SET: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = SET.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&v) = set.get(s) {
        return v;
    }
    let v: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(v);
    v
}
