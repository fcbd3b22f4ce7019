//! BILOU token labels: the tag set the sequence model predicts, and conversions to and from spans.
//!
//! BILOU (Begin, Inside, Last, Outside, Unit) lets the model learn entity
//! boundaries explicitly, which matters for exact-span scoring (Ratinov and
//! Roth 2009 found it better than BIO for the same features).

use std::ops::Range;

use crate::types::EntityType;

/// The entity types, in label order.
pub const TYPES: [EntityType; 4] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Misc,
];

/// Number of labels: O plus B, I, L, U for each type.
pub const N_LABELS: usize = 1 + 4 * TYPES.len();

/// The outside label.
pub const O: u8 = 0;

/// Position of a token inside an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    B,
    I,
    L,
    U,
}

/// The label for `part` of an entity of type index `t`.
pub fn label(part: Part, t: usize) -> u8 {
    (1 + 4 * t + part as usize) as u8
}

/// The part and type index of a non-O label.
pub fn split(l: u8) -> Option<(Part, usize)> {
    if l == O || usize::from(l) >= N_LABELS {
        return None;
    }
    let x = usize::from(l) - 1;
    let part = match x % 4 {
        0 => Part::B,
        1 => Part::I,
        2 => Part::L,
        _ => Part::U,
    };
    Some((part, x / 4))
}

/// Index of `t` in [`TYPES`].
pub fn type_index(t: EntityType) -> usize {
    TYPES.iter().position(|&x| x == t).unwrap_or(0)
}

/// A readable name for a label (`B-PER`, `O`).
pub fn name(l: u8) -> String {
    match split(l) {
        None => "O".to_string(),
        Some((p, t)) => format!("{:?}-{}", p, TYPES[t].as_str()),
    }
}

/// Whether label `b` may follow label `a` (`None` = sentence start or end).
pub fn allowed(a: Option<u8>, b: Option<u8>) -> bool {
    let open_a = match a.and_then(split) {
        Some((Part::B | Part::I, t)) => Some(t),
        _ => None,
    };
    match (open_a, b.and_then(split)) {
        // An open entity must continue with I or L of the same type.
        (Some(t), Some((Part::I | Part::L, u))) => t == u,
        (Some(_), _) => false,
        // Nothing open: I and L cannot appear.
        (None, Some((Part::I | Part::L, _))) => false,
        (None, _) => true,
    }
}

/// BILOU labels for `n` tokens carrying the given non-overlapping spans (token ranges).
pub fn encode(n: usize, spans: &[(Range<usize>, EntityType)]) -> Vec<u8> {
    let mut out = vec![O; n];
    for (r, ty) in spans {
        let t = type_index(*ty);
        if r.start >= r.end || r.end > n {
            continue;
        }
        if r.end - r.start == 1 {
            out[r.start] = label(Part::U, t);
        } else {
            out[r.start] = label(Part::B, t);
            for x in &mut out[r.start + 1..r.end - 1] {
                *x = label(Part::I, t);
            }
            out[r.end - 1] = label(Part::L, t);
        }
    }
    out
}

/// Spans from BILOU labels; tolerant of ill-formed sequences (an unclosed B ends where the type changes).
pub fn decode(labels: &[u8]) -> Vec<(Range<usize>, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match split(l) {
            None => {
                if let Some((s, t)) = open.take() {
                    out.push((s..i, TYPES[t]));
                }
            }
            Some((part, t)) => {
                if let Some((s, ot)) = open {
                    if ot != t || matches!(part, Part::B | Part::U) {
                        out.push((s..i, TYPES[ot]));
                        open = None;
                    }
                }
                match part {
                    Part::U => out.push((i..i + 1, TYPES[t])),
                    Part::B | Part::I => {
                        if open.is_none() {
                            open = Some((i, t));
                        }
                    }
                    Part::L => {
                        let s = open.take().map_or(i, |(s, _)| s);
                        out.push((s..i + 1, TYPES[t]));
                    }
                }
            }
        }
    }
    if let Some((s, t)) = open {
        out.push((s..labels.len(), TYPES[t]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let spans = vec![
            (0..1, EntityType::Per),
            (2..5, EntityType::Loc),
            (5..7, EntityType::Misc),
        ];
        let l = encode(8, &spans);
        assert_eq!(decode(&l), spans);
        for w in l.windows(2) {
            assert!(
                allowed(Some(w[0]), Some(w[1])),
                "{} {}",
                name(w[0]),
                name(w[1])
            );
        }
    }

    #[test]
    fn transitions() {
        let b_per = label(Part::B, 0);
        let l_per = label(Part::L, 0);
        let l_org = label(Part::L, 1);
        assert!(allowed(Some(b_per), Some(l_per)));
        assert!(!allowed(Some(b_per), Some(l_org)));
        assert!(!allowed(Some(b_per), None));
        assert!(!allowed(None, Some(l_per)));
        assert!(allowed(None, Some(O)));
    }

    #[test]
    fn decode_tolerates_bad_sequences() {
        let i_per = label(Part::I, 0);
        assert_eq!(decode(&[i_per, i_per]), vec![(0..2, EntityType::Per)]);
    }
}
