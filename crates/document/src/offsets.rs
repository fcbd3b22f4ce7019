//! Byte-to-character offset conversion for public output.
//!
//! Stages work in byte offsets; consumers expect character offsets. Rather than
//! make every annotation type carry a conversion, a sink installs the current
//! document's [`CharIndex`] for the duration of serialization and [`Span`]'s
//! serde impls consult it. Without an installed index, offsets pass through
//! unchanged (byte offsets), which is what in-process Rust users want.
//!
//! [`Span`]: crate::Span

use std::cell::RefCell;
use std::rc::Rc;

/// Maps byte offsets of one text to character offsets and back.
///
/// ASCII text (the common case) needs no table at all.
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    /// For each non-ASCII char: (byte offset just after it, cumulative extra bytes so far).
    after_multi: Vec<(usize, usize)>,
    /// Same, keyed by character offset just after each non-ASCII char.
    after_multi_chars: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        let mut idx = CharIndex::default();
        if text.is_ascii() {
            return idx;
        }
        let mut extra = 0;
        for (b, c) in text.char_indices() {
            let l = c.len_utf8();
            if l > 1 {
                extra += l - 1;
                let after = b + l;
                idx.after_multi.push((after, extra));
                idx.after_multi_chars.push((after - extra, extra));
            }
        }
        idx
    }

    /// Character offset of byte offset `byte` (which must be a char boundary).
    pub fn char_of(&self, byte: usize) -> usize {
        let i = self.after_multi.partition_point(|&(after, _)| after <= byte);
        if i == 0 {
            byte
        } else {
            byte - self.after_multi[i - 1].1
        }
    }

    /// Byte offset of character offset `ch`.
    pub fn byte_of(&self, ch: usize) -> usize {
        let i = self.after_multi_chars.partition_point(|&(after, _)| after <= ch);
        if i == 0 {
            ch
        } else {
            ch + self.after_multi_chars[i - 1].1
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<CharIndex>>> = const { RefCell::new(None) };
}

/// Runs `f` with `index` installed, so every [`Span`](crate::Span) serialized or
/// deserialized inside `f` uses character offsets.
pub fn with_char_offsets<R>(index: &CharIndex, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<Rc<CharIndex>>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let prev = CURRENT.with(|c| c.borrow_mut().replace(Rc::new(index.clone())));
    let _reset = Reset(prev);
    f()
}

/// Converts an internal byte offset for output (identity without an installed index).
pub fn out(byte: usize) -> usize {
    CURRENT.with(|c| c.borrow().as_ref().map_or(byte, |i| i.char_of(byte)))
}

/// Converts an offset read from public JSON back to a byte offset.
pub fn inp(ch: usize) -> usize {
    CURRENT.with(|c| c.borrow().as_ref().map_or(ch, |i| i.byte_of(ch)))
}

/// `#[serde(with = "sitrep_document::offsets::char_offset")]` for a lone `usize` offset field.
pub mod char_offset {
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(v: &usize, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(super::out(*v) as u64)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        Ok(super::inp(usize::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    #[test]
    fn converts_both_ways() {
        let text = "a’b “c” d";
        let idx = CharIndex::new(text);
        for (ci, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.char_of(b), ci);
            assert_eq!(idx.byte_of(ci), b);
        }
        assert_eq!(idx.char_of(text.len()), text.chars().count());
    }

    #[test]
    fn span_serializes_in_chars_only_inside_scope() {
        let text = "“Iran” ships";
        let b = text.find("ships").unwrap();
        let span = Span::new(b, text.len());
        let raw = serde_json::to_string(&span).unwrap();
        assert_eq!(raw, format!("{{\"start\":{},\"end\":{}}}", b, text.len()));
        let idx = CharIndex::new(text);
        let json = with_char_offsets(&idx, || serde_json::to_string(&span).unwrap());
        assert_eq!(json, "{\"start\":7,\"end\":12}");
        let back: Span = with_char_offsets(&idx, || serde_json::from_str(&json).unwrap());
        assert_eq!(back, span);
    }
}
