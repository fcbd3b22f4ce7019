//! Line-level readers for actor and agent dictionary files (syntax in the module docs).

use chrono::NaiveDate;

use super::{ActorRecord, AgentRecord, CodeRule, Diagnostic, Placement, Validity};

/// Parses a dictionary date: `YYMMDD` (YY 00-30 → 20YY, else 19YY) or `YYYYMMDD`.
///
/// Unlike PETRARCH, which reads 7-digit strings such as `2004017` as YYMMDD and
/// silently gets a wrong date, any other length or an impossible day is an error.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("date {s:?} is not YYMMDD or YYYYMMDD"));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = match s.len() {
        6 => {
            let yy = num(0..2) as i32;
            (
                if yy <= 30 { 2000 + yy } else { 1900 + yy },
                num(2..4),
                num(4..6),
            )
        }
        8 => (num(0..4) as i32, num(4..6), num(6..8)),
        n => {
            return Err(format!(
                "date {s:?} has {n} digits; expected YYMMDD or YYYYMMDD"
            ))
        }
    };
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("date {s:?} is not a calendar date"))
}

/// Yields `(line_number, content)` for each meaningful line: comments removed, trimmed, non-empty.
fn content_lines(text: &str) -> impl Iterator<Item = (u32, String)> + '_ {
    let mut in_block = false;
    text.lines().enumerate().filter_map(move |(i, raw)| {
        let lineno = i as u32 + 1;
        let mut line = raw.to_string();
        if in_block {
            match line.find("-->") {
                Some(p) => {
                    in_block = false;
                    line = line[p + 3..].to_string();
                }
                None => return None,
            }
        }
        if line.trim_start().starts_with("<!") {
            // PETRARCH skips such lines whole; a `<!--` left open starts a block.
            if let Some(p) = line.find("<!--") {
                if !line[p..].contains("-->") {
                    in_block = true;
                }
            }
            return None;
        }
        while let Some(p) = line.find("<!--") {
            match line[p..].find("-->") {
                Some(q) => line.replace_range(p..p + q + 3, " "),
                None => {
                    line.truncate(p);
                    in_block = true;
                }
            }
        }
        if let Some(p) = line.find('#') {
            line.truncate(p);
        }
        let t = line.trim();
        (!t.is_empty()).then(|| (lineno, t.to_string()))
    })
}

/// Words of a phrase joined by single blanks (`_` and blanks both separate words).
fn clean_phrase(s: &str) -> String {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses the `[CODE restriction]` groups in `s`.
fn parse_code_groups(s: &str, file: &str, line: u32, diags: &mut Vec<Diagnostic>) -> Vec<CodeRule> {
    let mut out = Vec::new();
    let mut rest = s;
    let diag = |diags: &mut Vec<Diagnostic>, message: String| {
        diags.push(Diagnostic {
            file: file.to_string(),
            line,
            message,
        })
    };
    loop {
        let Some(open) = rest.find('[') else {
            if !rest.trim().is_empty() {
                diag(
                    diags,
                    format!("unexpected text {:?} after the codes", rest.trim()),
                );
            }
            break;
        };
        if !rest[..open].trim().is_empty() {
            diag(
                diags,
                format!("unexpected text {:?} between codes", rest[..open].trim()),
            );
        }
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            diag(diags, format!("unclosed '[' in {:?}", rest.trim()));
            break;
        };
        let inner = rest[open + 1..close].trim();
        rest = &rest[close + 1..];
        let (code, spec) = match inner.find(char::is_whitespace) {
            Some(p) => (
                &inner[..p],
                inner[p..].split_whitespace().collect::<String>(),
            ),
            None => (inner, String::new()),
        };
        if code.is_empty() || code.contains('[') {
            diag(diags, format!("empty or malformed code in [{inner}]"));
            continue;
        }
        match parse_validity(&spec) {
            Ok(validity) => out.push(CodeRule {
                code: code.to_string(),
                validity,
            }),
            Err(m) => diag(diags, format!("[{inner}]: {m}; restriction skipped")),
        }
    }
    out
}

fn parse_validity(spec: &str) -> Result<Validity, String> {
    if spec.is_empty() {
        return Ok(Validity::Always);
    }
    if let Some(d) = spec.strip_prefix('<') {
        return parse_date(d).map(Validity::Before);
    }
    if let Some(d) = spec.strip_prefix('>') {
        return parse_date(d).map(Validity::From);
    }
    if let Some((a, b)) = spec.split_once('-') {
        let (a, b) = (parse_date(a)?, parse_date(b)?);
        if a > b {
            return Err(format!("range {spec} ends before it starts"));
        }
        return Ok(Validity::Between(a, b));
    }
    Err(format!(
        "date {spec:?} needs '<', '>' or a range 'start-end'"
    ))
}

/// Parses the text of an actor dictionary. `file` is the index recorded in each record.
pub fn parse_actor_text(
    name: &str,
    text: &str,
    file: u16,
    diags: &mut Vec<Diagnostic>,
) -> Vec<ActorRecord> {
    let mut out: Vec<ActorRecord> = Vec::new();
    let mut cur: Option<ActorRecord> = None;
    for (line, s) in content_lines(text) {
        let diag = |diags: &mut Vec<Diagnostic>, message: String| {
            diags.push(Diagnostic {
                file: name.to_string(),
                line,
                message,
            })
        };
        if s.starts_with('[') {
            let codes = parse_code_groups(&s, name, line, diags);
            match cur.as_mut() {
                Some(r) => r.codes.extend(codes),
                None => diag(diags, "code line before any actor phrase".into()),
            }
            continue;
        }
        let (is_syn, body) = match s.strip_prefix('+') {
            Some(b) => (true, b),
            None => (false, s.as_str()),
        };
        let (phrase_part, codes_part) = match body.find('[') {
            Some(p) => (&body[..p], &body[p..]),
            None => (body, ""),
        };
        let phrase = clean_phrase(phrase_part);
        let codes = if codes_part.is_empty() {
            Vec::new()
        } else {
            parse_code_groups(codes_part, name, line, diags)
        };
        if phrase.is_empty() {
            diag(diags, "empty phrase".into());
            continue;
        }
        if is_syn {
            match cur.as_mut() {
                Some(r) => {
                    r.phrases.push(phrase);
                    r.codes.extend(codes);
                }
                None => diag(
                    diags,
                    format!("synonym +{phrase} before any primary phrase"),
                ),
            }
        } else {
            if let Some(r) = cur.take() {
                out.push(r);
            }
            cur = Some(ActorRecord {
                phrases: vec![phrase],
                codes,
                file,
                line,
            });
        }
    }
    out.extend(cur);
    for r in &out {
        if r.codes.is_empty() {
            diags.push(Diagnostic {
                file: name.to_string(),
                line: r.line,
                message: format!("actor {} has no code", r.primary()),
            });
        }
    }
    out
}

/// Regular plural of the last word, PETRARCH's rules (plus `S` after vowel + Y).
fn plurals(phrase: &str) -> Vec<String> {
    let mut v = Vec::new();
    if phrase.ends_with('Y') {
        v.push(format!("{}IES", &phrase[..phrase.len() - 1]));
        let before = phrase[..phrase.len() - 1].chars().last();
        if matches!(before, Some('A' | 'E' | 'O' | 'U')) {
            v.push(format!("{phrase}S"));
        }
    } else if phrase.ends_with('S') {
        v.push(format!("{phrase}ES"));
    } else {
        v.push(format!("{phrase}S"));
    }
    v
}

/// Parses the text of an agent dictionary. `file` is the index recorded in each record.
pub fn parse_agent_text(
    name: &str,
    text: &str,
    file: u16,
    diags: &mut Vec<Diagnostic>,
) -> Vec<AgentRecord> {
    let mut markers: Vec<(String, Vec<String>)> = Vec::new();
    let mut out = Vec::new();
    for (line, s) in content_lines(text) {
        let diag = |diags: &mut Vec<Diagnostic>, message: String| {
            diags.push(Diagnostic {
                file: name.to_string(),
                line,
                message,
            })
        };
        if s.contains('!') && s.contains('=') && !s.contains('[') {
            // !NAME! = A, B, C
            let parsed = s.split_once('=').and_then(|(lhs, rhs)| {
                let lhs = lhs.trim();
                let m = lhs.strip_prefix('!')?.strip_suffix('!')?;
                (!m.is_empty() && !m.contains('!')).then(|| {
                    (
                        m.to_string(),
                        rhs.split(',')
                            .map(|x| clean_phrase(x))
                            .filter(|x| !x.is_empty())
                            .collect::<Vec<_>>(),
                    )
                })
            });
            match parsed {
                Some((m, list)) if !list.is_empty() => {
                    markers.retain(|(k, _)| *k != m);
                    markers.push((m, list));
                }
                _ => diag(
                    diags,
                    format!("malformed substitution marker definition {s:?}"),
                ),
            }
            continue;
        }
        let Some(open) = s.find('[') else {
            diag(diags, format!("agent {s:?} has no [code]"));
            continue;
        };
        let Some(close) = s[open..].find(']').map(|c| open + c) else {
            diag(diags, format!("agent {s:?}: unclosed '[' in code"));
            continue;
        };
        let raw_code: String = s[open + 1..close].split_whitespace().collect();
        let (code, placement) = if let Some(c) = raw_code.strip_prefix('~') {
            (c, Placement::Suffix)
        } else if let Some(c) = raw_code.strip_suffix('~') {
            (c, Placement::Prefix)
        } else {
            diag(
                diags,
                format!("agent code [{raw_code}] needs '~' before or after it"),
            );
            continue;
        };
        // `[~]` (our extension) marks a noun that belongs to the actor but adds no sector: "vessels", "aircraft".
        if (code.is_empty() && raw_code != "~") || code.contains('~') {
            diag(
                diags,
                format!("agent code [{raw_code}] is empty or malformed"),
            );
            continue;
        }
        if !s[close + 1..].trim().is_empty() {
            diag(
                diags,
                format!(
                    "unexpected text {:?} after the agent code",
                    s[close + 1..].trim()
                ),
            );
        }
        let head = &s[..open];
        let mut forms = Vec::new();
        if let Some(b) = head.find('!') {
            let Some(e) = head[b + 1..].find('!').map(|e| b + 1 + e) else {
                diag(
                    diags,
                    format!("substitution marker in {head:?} is not closed"),
                );
                continue;
            };
            let marker = &head[b + 1..e];
            let Some((_, subs)) = markers.iter().find(|(k, _)| k == marker) else {
                diag(
                    diags,
                    format!("substitution marker !{marker}! is not defined"),
                );
                continue;
            };
            for sub in subs {
                forms.push(clean_phrase(&format!(
                    "{}{}{}",
                    &head[..b],
                    sub,
                    &head[e + 1..]
                )));
            }
        } else if let Some(b) = head.find('{') {
            let Some(e) = head[b..].find('}').map(|e| b + e) else {
                diag(diags, format!("missing '}}' in {head:?}"));
                continue;
            };
            forms.push(clean_phrase(&head[..b]));
            let plural = clean_phrase(&head[b + 1..e]);
            if !plural.is_empty() {
                forms.push(plural);
            }
        } else {
            let p = clean_phrase(head);
            if !p.is_empty() {
                let pl = plurals(&p);
                forms.push(p);
                forms.extend(pl);
            }
        }
        forms.retain(|f| !f.is_empty());
        if forms.is_empty() {
            diag(diags, "empty agent phrase".into());
            continue;
        }
        out.push(AgentRecord {
            forms,
            code: code.to_string(),
            placement,
            file,
            line,
        });
    }
    out
}
