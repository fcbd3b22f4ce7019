//! Code tables: GDELT's Goldstein scale and the CAMEO → PLOVER conversion.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{DictionaryError, Plover};

/// Goldstein scores and PLOVER rows by CAMEO code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tables {
    #[serde(serialize_with = "crate::compiled::sorted")]
    pub goldstein: HashMap<String, f64>,
    #[serde(serialize_with = "crate::compiled::sorted")]
    pub plover: HashMap<String, Plover>,
}

/// Everything derived from a CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    pub base: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f64,
    pub plover: Option<Plover>,
}

/// GDELT's QuadClass: roots 01–05 verbal cooperation, 06–09 material cooperation, 10–14 verbal conflict, 15–20 material conflict.
pub fn quad_class(root: &str) -> u8 {
    match root.parse::<u8>().unwrap_or(0) {
        1..=5 => 1,
        6..=9 => 2,
        10..=14 => 3,
        15..=20 => 4,
        _ => 0,
    }
}

impl Tables {
    /// Parses `CAMEO.goldsteinscale.txt` (header line, then `CODE<TAB>SCORE`).
    pub fn parse_goldstein(&mut self, name: &str, text: &str) -> Result<(), DictionaryError> {
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || (i == 0 && !line.starts_with(|c: char| c.is_ascii_digit())) {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(code), Some(score)) = (parts.next(), parts.next()) else {
                return Err(DictionaryError(format!("{name}:{}: expected CODE SCORE", i + 1)));
            };
            let score: f64 = score.parse().map_err(|_| DictionaryError(format!("{name}:{}: bad score {score:?}", i + 1)))?;
            self.goldstein.insert(code.to_string(), score);
        }
        Ok(())
    }

    /// Parses `CAMEO2PLOVER-2021.txt` (`CODE: EVENT, mode, context # label`).
    pub fn parse_plover(&mut self, name: &str, text: &str) -> Result<(), DictionaryError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with("~~~") {
                // End-of-table marker.
                break;
            }
            let Some((code, rest)) = line.split_once(':') else {
                return Err(DictionaryError(format!("{name}:{}: expected CODE: EVENT, mode, context", i + 1)));
            };
            let code = code.trim();
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DictionaryError(format!("{name}:{}: bad CAMEO code {code:?}", i + 1)));
            }
            let mut fields = rest.split(',').map(str::trim);
            let event = fields.next().unwrap_or("").to_string();
            if event.is_empty() {
                return Err(DictionaryError(format!("{name}:{}: no PLOVER event type", i + 1)));
            }
            let opt = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
            let mode = opt(fields.next());
            let context = opt(fields.next());
            // The file lists 175 twice; the first row stands.
            self.plover.entry(code.to_string()).or_insert(Plover { event, mode, context });
        }
        Ok(())
    }

    /// Reads both tables from their files.
    pub fn from_files(goldstein: &std::path::Path, plover: &std::path::Path) -> Result<Self, DictionaryError> {
        let read = |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| DictionaryError(format!("{}: {e}", p.display())));
        let mut t = Tables::default();
        t.parse_goldstein(&goldstein.display().to_string(), &read(goldstein)?)?;
        t.parse_plover(&plover.display().to_string(), &read(plover)?)?;
        Ok(t)
    }

    /// Base and root codes, QuadClass, Goldstein score and PLOVER type of a CAMEO code.
    ///
    /// A code missing from a table takes its base code's entry, then its root's.
    pub fn describe(&self, code: &str) -> CodeInfo {
        let base = if code.len() > 3 { code[..3].to_string() } else { code.to_string() };
        let root = code[..2.min(code.len())].to_string();
        let chain = [code, base.as_str(), root.as_str()];
        let goldstein = chain.iter().find_map(|c| self.goldstein.get(*c)).copied().unwrap_or(0.0);
        let plover = chain.iter().find_map(|c| self.plover.get(*c)).cloned();
        CodeInfo { quad_class: quad_class(&root), base, root, goldstein, plover }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_codes() {
        let mut t = Tables::default();
        t.parse_goldstein("g", "CAMEOEVENTCODE\tGOLDSTEINSCALE\n04\t1.0\n042\t1.9\n190\t-10.0\n").unwrap();
        t.parse_plover("p", "# c\n04: CONSULT\n042: CONSULT, visit, diplomatic # Make a visit\n175: ASSAULT, a , b\n175: ASSAULT, c, d\n").unwrap();
        let d = t.describe("042");
        assert_eq!((d.base.as_str(), d.root.as_str(), d.quad_class, d.goldstein), ("042", "04", 1, 1.9));
        assert_eq!(d.plover.unwrap().mode.as_deref(), Some("visit"));
        let d = t.describe("0431");
        assert_eq!((d.base.as_str(), d.goldstein), ("043", 1.0));
        assert_eq!(t.describe("190").quad_class, 4);
        assert_eq!(t.describe("175").plover.unwrap().mode.as_deref(), Some("a"));
        assert_eq!(quad_class("06"), 2);
        assert_eq!(quad_class("14"), 3);
    }
}
