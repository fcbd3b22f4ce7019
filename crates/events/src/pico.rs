//! The PETRARCH internal coding ontology (PICO): CAMEO codes as 16-bit numbers that combine arithmetically.
//!
//! "A will help B" is intend (0x3000) + aid (0x0040) = 0x3040 = CAMEO 033;
//! negation subtracts 0xFFFF ("did not clash", 0x1007F → 0x0080 = 050). The
//! file has lines `CODE:EXPR#label`, where EXPR is a sum of hex terms
//! (`-0xFFFF+0x2040+0x300`). Codes absent from the ontology still code; they
//! just cannot be combined.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::DictionaryError;

/// CAMEO ↔ PICO tables.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Ontology {
    /// CAMEO code → PICO value.
    #[serde(serialize_with = "crate::compiled::sorted")]
    pub to_pico: HashMap<String, i64>,
    /// PICO value → CAMEO code (the first code listed for a value wins).
    #[serde(serialize_with = "crate::compiled::sorted")]
    pub to_cameo: HashMap<i64, String>,
}

impl Ontology {
    /// Parses an ontology file; `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Self, DictionaryError> {
        let mut o = Ontology::default();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((code, rest)) = line.split_once(':') else {
                return Err(DictionaryError(format!("{name}:{}: expected CODE:VALUE", i + 1)));
            };
            let code = code.trim();
            if code == "---" {
                // The null code; it never combines.
                continue;
            }
            if !code.bytes().all(|b| b.is_ascii_digit()) || code.is_empty() {
                return Err(DictionaryError(format!("{name}:{}: bad CAMEO code {code:?}", i + 1)));
            }
            let expr = rest.split('#').next().unwrap_or("").trim();
            let value = eval_hex_sum(expr).ok_or_else(|| DictionaryError(format!("{name}:{}: bad value {expr:?}", i + 1)))?;
            o.to_pico.insert(code.to_string(), value);
            o.to_cameo.entry(value).or_insert_with(|| code.to_string());
        }
        Ok(o)
    }

    /// Reads an ontology file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, DictionaryError> {
        let text = std::fs::read_to_string(path).map_err(|e| DictionaryError(format!("{}: {e}", path.display())))?;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Ontology::parse(&name, &text)
    }

    pub fn pico(&self, cameo: &str) -> Option<i64> {
        self.to_pico.get(cameo).copied()
    }

    pub fn cameo(&self, pico: i64) -> Option<&str> {
        self.to_cameo.get(&pico).map(String::as_str)
    }

    /// The code a negated verb has ("did not clash" → 050), if the ontology defines one.
    pub fn negate(&self, cameo: &str) -> Option<String> {
        let v = self.pico(cameo)?;
        self.cameo(v - 0xFFFF).map(str::to_string)
    }

    /// Combines an upper verb code with the code of the event it governs (PETRARCH's `combine_code`).
    ///
    /// Returns the combined CAMEO code, or `None` when the sum is not a code.
    pub fn combine(&self, upper: &str, lower: &str) -> Option<String> {
        let u = self.pico(upper)?;
        let l = self.pico(lower)?;
        match combine_values(u, l) {
            // Several CAMEO codes share a value (137 and 1323 are both 0x6004): a lower code that
            // wins stays the code it was.
            v if v == l => Some(lower.to_string()),
            v => self.cameo(v).map(str::to_string),
        }
    }

    /// True when the code is a verbal (statement-level, ≥ 0x1000) category, which does not nest arithmetically.
    pub fn is_verbal(&self, cameo: &str) -> bool {
        self.pico(cameo).is_some_and(|v| v >= 0x1000)
    }
}

/// PETRARCH-2's rule: negative lower codes add; two statement-level codes keep the lower; a larger lower code wins.
pub fn combine_values(upper: i64, lower: i64) -> i64 {
    if lower < 0 {
        return lower + upper;
    }
    if upper >= 0x1000 && lower >= 0x1000 {
        return lower;
    }
    if lower >= upper {
        return lower;
    }
    if upper & 0xFFF != 0 && upper & 0xFFF == lower & 0xFFF {
        // An upper code that already names the act it governs ("vowed to attack": VOW's pattern
        // gives 0x60A0, the attack is 0x00A0) would count the act twice (0x6140, 1311).
        return upper;
    }
    upper + lower
}

fn eval_hex_sum(expr: &str) -> Option<i64> {
    let expr: String = expr.chars().filter(|c| !c.is_whitespace()).collect();
    if expr.is_empty() {
        return None;
    }
    let mut total = 0i64;
    let mut sign = 1i64;
    let mut cur = String::new();
    let flush = |cur: &mut String, sign: i64, total: &mut i64| -> Option<()> {
        if cur.is_empty() {
            return Some(());
        }
        let digits = cur.strip_prefix("0x").or_else(|| cur.strip_prefix("0X"))?;
        *total += sign * i64::from_str_radix(digits, 16).ok()?;
        cur.clear();
        Some(())
    };
    for c in expr.chars() {
        match c {
            '+' | '-' => {
                flush(&mut cur, sign, &mut total)?;
                sign = if c == '-' { -1 } else { 1 };
            }
            c => cur.push(c),
        }
    }
    flush(&mut cur, sign, &mut total)?;
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# header\n010:0x1000#Make Public Statement\n011:0x1000-0xFFFF\n033:0x3040\n030:0x3000#Intend\n070:0x0040\n050:0x0080\n110:0x1007f#0xFFFF+0x0080#0x7000#Disapprove\n120:-0xFFFF#Reject\n122:-0xFFFF+0x2040+0x300# comment\n           # continuation comment\n";

    #[test]
    fn parses_and_combines() {
        let o = Ontology::parse("t", SAMPLE).unwrap();
        assert_eq!(o.pico("110"), Some(0x1007F));
        assert_eq!(o.pico("122"), Some(-0xFFFF + 0x2040 + 0x300));
        assert_eq!(o.combine("030", "070").as_deref(), Some("033"));
        assert_eq!(o.negate("110").as_deref(), Some("050"));
        assert_eq!(o.negate("010").as_deref(), Some("011"));
        assert_eq!(o.negate("070"), None);
        assert!(o.is_verbal("010"));
        assert!(!o.is_verbal("050"));
    }

    #[test]
    fn a_winning_lower_code_keeps_its_name_and_an_act_is_not_counted_twice() {
        let o = Ontology::parse("t", "130:0x6000\n137:0x6004\n1323:0x6004\n138:0x60A0\n1311:0x6140\n190:0x00A0\n").unwrap();
        // 137 and 1323 share a value: the reverse lookup alone would rename a threat of
        // repression into a curfew.
        assert_eq!(o.combine("130", "137").as_deref(), Some("137"));
        assert_eq!(o.combine("130", "190").as_deref(), Some("138"));
        // "vowed to attack": the pattern's 138 already names the attack (0x60A0 + 0x00A0 would be 1311).
        assert_eq!(o.combine("138", "190").as_deref(), Some("138"));
    }

    #[test]
    fn names_bad_lines() {
        let e = Ontology::parse("x.txt", "010:0x1000\n01a:0x2\n").unwrap_err();
        assert!(e.to_string().starts_with("x.txt:2:"));
    }
}
