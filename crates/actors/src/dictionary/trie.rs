//! Word trie over normalized pieces, and the leftmost-longest scan over a token sequence.

use rustc_hash::FxHashMap as HashMap;

use super::normalize::for_each_piece;
use super::{Entry, MatchOptions, PhraseMatch};

const NONE: u32 = u32::MAX;

#[derive(Debug, Clone, Copy)]
struct Node {
    actor: u32,
    agent: u32,
}

/// Phrases as paths of word ids; one hash map holds every edge.
#[derive(Debug, Clone)]
pub struct Trie {
    words: HashMap<Box<str>, u32>,
    edges: HashMap<(u32, u32), u32>,
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Self {
        // The possessive pieces are always known, so that "Maduro's" can end a match.
        let mut words = HashMap::default();
        words.insert(Box::from("'"), 0);
        words.insert(Box::from("S"), 1);
        Trie {
            words,
            edges: HashMap::default(),
            nodes: vec![Node {
                actor: NONE,
                agent: NONE,
            }],
        }
    }
}

/// One normalized piece of a text token.
#[derive(Debug, Clone, Copy)]
struct Piece {
    word: u32,
    token: u32,
    any_upper: bool,
    all_upper: bool,
    letters: u16,
    last: bool,
}

/// Buffers reused across scans.
#[derive(Debug, Default)]
pub struct Scratch {
    pieces: Vec<Piece>,
    first_piece: Vec<u32>,
    buf: String,
}

impl Trie {
    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.insert(w.into(), id);
        id
    }

    /// Inserts a phrase given as normalized pieces joined by blanks; a later insert replaces the payload.
    pub fn insert(&mut self, key: &str, entry: Entry) {
        let mut node = 0u32;
        for w in key.split(' ') {
            let wid = self.word_id(w);
            node = match self.edges.get(&(node, wid)) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len() as u32;
                    self.nodes.push(Node {
                        actor: NONE,
                        agent: NONE,
                    });
                    self.edges.insert((node, wid), n);
                    n
                }
            };
        }
        let n = &mut self.nodes[node as usize];
        match entry {
            Entry::Actor(id) => n.actor = id,
            Entry::Agent(id) => n.agent = id,
        }
    }

    pub fn find<S: AsRef<str>>(
        &self,
        tokens: &[S],
        opts: MatchOptions,
        sc: &mut Scratch,
        out: &mut Vec<PhraseMatch>,
    ) {
        sc.pieces.clear();
        sc.first_piece.clear();
        for (ti, t) in tokens.iter().enumerate() {
            sc.first_piece.push(sc.pieces.len() as u32);
            let before = sc.pieces.len();
            let (words, pieces) = (&self.words, &mut sc.pieces);
            for_each_piece(t.as_ref(), &mut sc.buf, |p, any_upper| {
                let word = words.get(p).copied().unwrap_or(NONE);
                let letters = p
                    .bytes()
                    .filter(u8::is_ascii_alphabetic)
                    .count()
                    .min(u16::MAX as usize) as u16;
                pieces.push(Piece {
                    word,
                    token: ti as u32,
                    any_upper,
                    all_upper: any_upper,
                    letters,
                    last: false,
                });
            });
            if sc.pieces.len() > before {
                let n = sc.pieces.len();
                sc.pieces[n - 1].last = true;
            }
            // `all_upper` needs the raw casing: recheck only short tokens, the only ones it matters for.
            let raw = t.as_ref();
            if raw.len() <= 8 {
                let all = !raw.chars().any(char::is_lowercase);
                for p in &mut sc.pieces[before..] {
                    p.all_upper = all;
                }
            }
        }
        let apos = self.words.get("'").copied().unwrap_or(NONE);
        let s_word = self.words.get("S").copied().unwrap_or(NONE);
        let pieces = &sc.pieces;
        let mut ti = 0usize;
        while ti < tokens.len() {
            let start = sc.first_piece[ti] as usize;
            if start >= pieces.len() || pieces[start].token as usize != ti {
                ti += 1;
                continue;
            }
            let mut node = 0u32;
            let mut best: Option<(usize, Entry)> = None;
            let mut any_upper = false;
            let mut k = start;
            while k < pieces.len() {
                let p = pieces[k];
                if p.word == NONE {
                    break;
                }
                let Some(&next) = self.edges.get(&(node, p.word)) else {
                    break;
                };
                node = next;
                any_upper |= p.any_upper;
                let at_end = p.last || possessive_tail(pieces, k, apos, s_word);
                if at_end {
                    let n = self.nodes[node as usize];
                    let one_short_word = p.token as usize == ti
                        && pieces[start..=k].iter().filter(|q| q.letters > 0).count() == 1
                        && p.letters <= 3;
                    let actor_ok = opts.actors
                        && n.actor != NONE
                        && (!opts.case_sensitive_actors
                            || (any_upper && (!one_short_word || p.all_upper)));
                    if actor_ok {
                        best = Some((k, Entry::Actor(n.actor)));
                    } else if opts.agents && n.agent != NONE {
                        best = Some((k, Entry::Agent(n.agent)));
                    }
                }
                k += 1;
            }
            match best {
                Some((k, entry)) => {
                    let end = pieces[k].token as usize + 1;
                    out.push(PhraseMatch {
                        tokens: ti..end,
                        entry,
                    });
                    ti = end;
                }
                None => ti += 1,
            }
        }
    }
}

/// Whether the pieces after `k` in the same token are only a possessive (`'` or `'S`).
fn possessive_tail(pieces: &[Piece], k: usize, apos: u32, s_word: u32) -> bool {
    let Some(a) = pieces.get(k + 1) else {
        return false;
    };
    if a.token != pieces[k].token || a.word != apos || apos == NONE {
        return false;
    }
    if a.last {
        return true;
    }
    matches!(pieces.get(k + 2), Some(b) if b.word == s_word && b.last && s_word != NONE)
}
