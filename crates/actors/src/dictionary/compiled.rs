//! The compiled dictionary form shipped in `models/actors/`: gzip'd postcard of the merged records.
//!
//! Only the resolved state is stored (records and the final phrase → record
//! maps), so layering decisions are made once, at compile time; the trie is
//! rebuilt on load, which takes a few milliseconds.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};

use super::{ActorRecord, AgentRecord, Dictionaries, DictionaryError, Entry};

// v2: subplaces added.
const MAGIC: &[u8; 8] = b"SRACTDv2";

#[derive(Serialize, Deserialize)]
struct Stored {
    files: Vec<String>,
    actors: Vec<ActorRecord>,
    agents: Vec<AgentRecord>,
    actor_phrases: Vec<(String, u32)>,
    agent_phrases: Vec<(String, u32)>,
    capitals: Vec<(String, String)>,
    subplaces: Vec<String>,
}

pub fn write(d: &Dictionaries) -> Vec<u8> {
    let mut actor_phrases: Vec<(String, u32)> = d
        .actor_phrases
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    actor_phrases.sort();
    let mut agent_phrases: Vec<(String, u32)> = d
        .agent_phrases
        .iter()
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    agent_phrases.sort();
    let mut capitals: Vec<(String, String)> = d
        .capitals
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    capitals.sort();
    let mut subplaces: Vec<String> = d.subplaces.iter().cloned().collect();
    subplaces.sort();
    let stored = Stored {
        files: d.files.clone(),
        actors: d.actors.clone(),
        agents: d.agents.clone(),
        actor_phrases,
        agent_phrases,
        capitals,
        subplaces,
    };
    // Serializing plain owned data into a Vec cannot fail.
    let body = postcard::to_stdvec(&stored).unwrap_or_default();
    let mut out = MAGIC.to_vec();
    let mut gz = GzEncoder::new(&mut out, flate2::Compression::best());
    let _ = gz.write_all(&body);
    let _ = gz.finish();
    out
}

pub fn read(bytes: &[u8], label: &str) -> Result<Dictionaries, DictionaryError> {
    let err = |message: String| DictionaryError::Compiled {
        path: label.to_string(),
        message,
    };
    let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| err("not a sitrep compiled actor dictionary of this version (bad magic); rebuild it with `sitrep train actors`".into()))?;
    let mut raw = Vec::with_capacity(body.len() * 4);
    GzDecoder::new(body)
        .read_to_end(&mut raw)
        .map_err(|e| err(format!("decompressing: {e}")))?;
    let s: Stored = postcard::from_bytes(&raw).map_err(|e| err(format!("decoding: {e}")))?;
    let mut d = Dictionaries {
        files: s.files,
        actors: s.actors,
        agents: s.agents,
        capitals: s.capitals.into_iter().collect(),
        subplaces: s.subplaces.into_iter().collect(),
        ..Default::default()
    };
    let (na, ng) = (d.actors.len() as u32, d.agents.len() as u32);
    for (k, id) in s.actor_phrases {
        if id >= na {
            return Err(err(format!("phrase {k:?} points past the actor records")));
        }
        d.trie.insert(&k, Entry::Actor(id));
        d.actor_phrases.insert(k, id);
    }
    for (k, id) in s.agent_phrases {
        if id >= ng {
            return Err(err(format!("phrase {k:?} points past the agent records")));
        }
        d.trie.insert(&k, Entry::Agent(id));
        d.agent_phrases.insert(k, id);
    }
    Ok(d)
}
