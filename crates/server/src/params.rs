//! Query-string parsing with clear 400 messages.
//!
//! Parameters are read by name and checked by type; anything left unread is
//! an unknown parameter and refused, so a typo (`quadclass=4`) is an error
//! rather than a silently unfiltered answer.

use chrono::NaiveDate;
use sitrep_corpus::query::EventOrder;
use sitrep_corpus::{EventFilter, Page};

use crate::error::ApiError;

/// Largest page any list endpoint returns.
pub const MAX_LIMIT: usize = 500;
/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest offset accepted (deep pages are slow in SQLite and useless in a UI).
pub const MAX_OFFSET: usize = 1_000_000;

/// The parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
    taken: Vec<&'static str>,
}

impl Params {
    /// Parses a raw query string (`None` when the URL had none).
    pub fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let pairs: Vec<(String, String)> = match raw {
            None | Some("") => Vec::new(),
            Some(q) => serde_urlencoded::from_str(q)
                .map_err(|e| ApiError::bad_request(format!("query string: {e}")))?,
        };
        for (i, (k, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(k2, _)| k2 == k) {
                return Err(ApiError::bad_request(format!("parameter `{k}` is given more than once")));
            }
        }
        Ok(Params { pairs, taken: Vec::new() })
    }

    fn raw(&mut self, name: &'static str) -> Option<&str> {
        self.taken.push(name);
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    /// A non-empty string.
    pub fn string(&mut self, name: &'static str) -> Option<String> {
        self.raw(name).map(str::to_string)
    }

    /// A string of at most `max` characters from `allowed`.
    pub fn code(&mut self, name: &'static str, max: usize, what: &str) -> Result<Option<String>, ApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) if v.len() <= max && v.bytes().all(|b| b.is_ascii_alphanumeric()) => Ok(Some(v.to_string())),
            Some(v) => Err(ApiError::bad_request(format!("parameter `{name}`: expected {what}, got {v:?}"))),
        }
    }

    /// An integer in `min..=max`.
    pub fn int(&mut self, name: &'static str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                Ok(n) => Err(ApiError::bad_request(format!("parameter `{name}`: {n} is out of range {min} to {max}"))),
                Err(_) => Err(ApiError::bad_request(format!("parameter `{name}`: expected an integer, got {v:?}"))),
            },
        }
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&mut self, name: &'static str) -> Result<Option<NaiveDate>, ApiError> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("parameter `{name}`: expected a date YYYY-MM-DD, got {v:?}"))),
        }
    }

    /// `true`/`false`/`1`/`0`/`yes`/`no`; absent is `false`.
    pub fn flag(&mut self, name: &'static str) -> Result<bool, ApiError> {
        match self.raw(name) {
            None => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!("parameter `{name}`: expected true or false, got {v:?}"))),
        }
    }

    /// One of `choices`; `default` when absent.
    pub fn choice(&mut self, name: &'static str, choices: &[&'static str], default: &'static str) -> Result<&'static str, ApiError> {
        match self.raw(name) {
            None => Ok(default),
            Some(v) => choices.iter().copied().find(|c| *c == v).ok_or_else(|| {
                ApiError::bad_request(format!("parameter `{name}`: expected one of {}, got {v:?}", choices.join(", ")))
            }),
        }
    }

    /// `limit` (1..=`max`, default `default`) and `offset`.
    pub fn page_with(&mut self, default: usize, max: usize) -> Result<Page, ApiError> {
        let limit = self.int("limit", 1, max as i64)?.map_or(default, |n| n as usize);
        let offset = self.int("offset", 0, MAX_OFFSET as i64)?.map_or(0, |n| n as usize);
        Ok(Page { limit, offset })
    }

    /// `limit` and `offset` with the server-wide bounds.
    pub fn page(&mut self) -> Result<Page, ApiError> {
        self.page_with(DEFAULT_LIMIT, MAX_LIMIT)
    }

    /// The event filters `sitrep query events` takes, under the same names
    /// (`quad` for the QuadClass).
    pub fn event_filter(&mut self) -> Result<EventFilter, ApiError> {
        const ACTOR: &str = "a CAMEO actor code or prefix (letters and digits, e.g. IRN, USAGOV)";
        let actor = self.code("actor", 30, ACTOR)?;
        let source = self.code("source", 30, ACTOR)?;
        let target = self.code("target", 30, ACTOR)?;
        let country = self.code("country", 3, "a 3-letter CAMEO or 2-letter FIPS country code")?;
        let code = self.code("code", 4, "a CAMEO event code or prefix (digits, e.g. 043, 19)")?;
        let root = self.code("root", 2, "a CAMEO root code (01 to 20)")?;
        let quad_class = self.int("quad", 1, 4)?.map(|q| q as u8);
        let from = self.date("from")?;
        let to = self.date("to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(ApiError::bad_request(format!("`from` ({f}) is after `to` ({t})")));
            }
        }
        let story = self.int("story", 1, i64::MAX)?;
        let order = match self.raw("order") {
            None => EventOrder::default(),
            Some(o) => o.parse().map_err(|e: String| ApiError::bad_request(format!("parameter `order`: {e}")))?,
        };
        for (name, v) in [("code", &code), ("root", &root)] {
            if let Some(v) = v {
                if !v.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ApiError::bad_request(format!("parameter `{name}`: expected digits, got {v:?}")));
                }
            }
        }
        Ok(EventFilter { actor, source, target, country, code, root, quad_class, from, to, story, order })
    }

    /// Refuses parameters the endpoint does not know.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.pairs.iter().find(|(k, _)| !self.taken.contains(&k.as_str())) {
            None => Ok(()),
            Some((k, _)) => {
                let mut known: Vec<&str> = self.taken.clone();
                known.sort_unstable();
                known.dedup();
                let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                Err(ApiError::bad_request(format!("unknown parameter `{k}` (this endpoint takes: {known})")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        let mut p = Params::parse(Some("actor=irn&quad=4&from=2020-01-01&limit=10")).unwrap();
        let f = p.event_filter().unwrap();
        assert_eq!(f.actor.as_deref(), Some("irn"));
        assert_eq!(f.quad_class, Some(4));
        assert_eq!(p.page().unwrap(), Page { limit: 10, offset: 0 });
        p.finish().unwrap();

        let bad = |q: &str| {
            let mut p = Params::parse(Some(q))?;
            p.event_filter()?;
            p.page()?;
            p.finish()
        };
        for q in ["quad=5", "from=2020-13-01", "limit=0", "limit=100000", "offset=-1", "actor=IRN;DROP", "code=4a",
            "quadclass=4", "from=2021-01-01&to=2020-01-01", "order=best", "actor=IRN&actor=VEN", "country=IRAN"]
        {
            let e = bad(q).unwrap_err();
            assert_eq!(e.status, 400, "{q}");
            assert!(!e.message.is_empty());
        }
    }
}
