//! Words for similarity: word shingles for MinHash and content terms for story clustering.
//!
//! These work on the raw text, not the NLP tokens, so that de-duplication and
//! clustering do not change when a tagger or tokenizer is retrained.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

/// Common English function words and newswire furniture that say nothing about a story.
const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "also", "although", "always", "am",
    "among", "an", "and", "another", "any", "are", "around", "as", "at", "back", "be", "became", "because", "become",
    "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "done", "down", "during", "each", "either", "even", "ever", "every", "few", "for", "from", "further", "get",
    "gets", "getting", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "last",
    "least", "less", "like", "made", "make", "makes", "many", "may", "me", "might", "more", "most", "mr", "mrs", "ms",
    "much", "must", "my", "myself", "neither", "never", "new", "news", "no", "nor", "not", "now", "of", "off", "often",
    "on", "once", "one", "only", "or", "other", "others", "our", "ours", "out", "over", "own", "per", "percent",
    "rather", "really", "said", "same", "say", "says", "see", "seen", "she", "should", "since", "so", "some", "still",
    "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "thing",
    "things", "this", "those", "though", "three", "through", "time", "to", "told", "too", "two", "under", "until",
    "up", "upon", "us", "use", "used", "very", "was", "way", "we", "week", "well", "were", "what", "when", "where",
    "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "year",
    "years", "yet", "you", "your", "yours", "yourself", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "according", "added", "including", "people", "first", "later", "take", "taken", "took",
    "going", "want", "wants", "know", "think", "come", "came", "went", "day", "days", "today", "yesterday",
    "tomorrow", "there's", "it's", "that's", "don't", "didn't", "isn't", "wasn't", "can't", "won't", "he's", "she's",
    "they're", "we're", "i'm", "you're", "let", "lot", "part", "put", "set", "told", "tell", "several", "whose",
];

/// The stopword list as a set, built once: asked for every word of every document.
fn stopwords() -> &'static FxHashSet<&'static str> {
    use std::sync::OnceLock;
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
}

fn stop(w: &str) -> bool {
    stopwords().contains(w)
}

/// Lowercased words: runs of letters and digits (apostrophes inside a word kept).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(lower_word)
}

/// A word lowercased, with typographic apostrophes made plain (one allocation
/// for the ASCII words that are most of English text).
fn lower_word(w: &str) -> String {
    if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        w.replace('’', "'").to_lowercase()
    }
}

/// A crude plural fold ("sanctions" → "sanction") so that inflection does not split terms.
fn fold(w: &str) -> &str {
    let keep = ["ss", "us", "is", "as", "ás", "és", "ís", "ós", "ús"];
    if w.len() > 4 && w.ends_with('s') && !keep.iter().any(|k| w.ends_with(k)) {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// Content terms with their frequency, most frequent first, at most `limit`.
///
/// The title counts twice: headlines name the story.
pub fn content_terms(title: Option<&str>, text: &str, limit: usize) -> Vec<(String, u32)> {
    let mut tf: FxHashMap<String, u32> = FxHashMap::default();
    let mut add = |s: &str, weight: u32| {
        for word in words(s) {
            let w = word.strip_suffix("'s").unwrap_or(&word);
            if w.chars().count() < 3 || w.chars().all(|c| c.is_ascii_digit()) || stop(w) {
                continue;
            }
            // A term already counted needs no new key.
            let k = fold(w);
            match tf.get_mut(k) {
                Some(n) => *n += weight,
                None => {
                    tf.insert(k.to_string(), weight);
                }
            }
        }
    };
    if let Some(t) = title {
        add(t, 2);
    }
    add(text, 1);
    let mut v: Vec<(String, u32)> = tf.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(limit);
    v
}

/// Where the shipped background frequencies live under a models directory.
pub const BACKGROUND_PATH: &str = "corpus/background_df.tsv.gz";

/// Document frequencies of content terms in a background news collection.
///
/// Story clustering weighs terms by IDF. In a small store (two articles, a
/// hundred) the store's own frequencies say little, so they are added to
/// these: `idf = ln(1 + (N_store + N_bg) / (df_store + df_bg))`.
#[derive(Debug, Clone, Default)]
pub struct Background {
    /// Documents the frequencies were counted over.
    pub n: u64,
    pub df: FxHashMap<String, u32>,
}

/// A background table that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct BackgroundError {
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

impl Background {
    /// Counts the content terms of every document (at most [`crate::prepare::TERMS_PER_DOC`] each, as the store keeps them).
    pub fn count<'a>(docs: impl IntoIterator<Item = (Option<&'a str>, &'a str)>) -> Self {
        let mut b = Background::default();
        for (title, text) in docs {
            b.n += 1;
            for (t, _) in content_terms(title, text, crate::prepare::TERMS_PER_DOC) {
                *b.df.entry(t).or_default() += 1;
            }
        }
        b
    }

    /// Writes the table (gzip'd TSV: a `#documents N` line, then `term<TAB>df`),
    /// keeping the terms seen in at least `min_df` documents.
    pub fn write(&self, path: &Path, min_df: u32) -> std::io::Result<usize> {
        let f = std::fs::File::create(path)?;
        let mut w = flate2::write::GzEncoder::new(std::io::BufWriter::new(f), flate2::Compression::best());
        writeln!(w, "#documents\t{}", self.n)?;
        let mut rows: Vec<(&String, &u32)> = self.df.iter().filter(|(_, &d)| d >= min_df).collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        for (t, d) in &rows {
            writeln!(w, "{t}\t{d}")?;
        }
        w.finish()?.flush()?;
        Ok(rows.len())
    }

    /// Reads a table written by [`write`](Self::write).
    pub fn read(path: &Path) -> Result<Self, BackgroundError> {
        let err = |line: usize, message: String| BackgroundError { path: path.to_path_buf(), line, message };
        let f = std::fs::File::open(path).map_err(|e| err(0, e.to_string()))?;
        let r = std::io::BufReader::new(flate2::read::GzDecoder::new(f));
        let mut b = Background::default();
        for (i, line) in r.lines().enumerate() {
            let line = line.map_err(|e| err(i + 1, e.to_string()))?;
            let (k, v) = line.split_once('\t').ok_or_else(|| err(i + 1, "expected TERM<TAB>COUNT".into()))?;
            let v: u64 = v.trim().parse().map_err(|_| err(i + 1, format!("bad count {v:?}")))?;
            if k == "#documents" {
                b.n = v;
            } else {
                b.df.insert(k.to_string(), v.min(u32::MAX as u64) as u32);
            }
        }
        Ok(b)
    }

    /// The shipped table under `models_dir`, or an empty one (with a note) when it is missing.
    pub fn load(models_dir: &Path) -> Result<Self, BackgroundError> {
        let path = models_dir.join(BACKGROUND_PATH);
        if !path.exists() {
            eprintln!("note: {} not found; story clustering uses the store's own term frequencies only", path.display());
            return Ok(Background::default());
        }
        Self::read(&path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_skip_stopwords_and_fold_plurals() {
        let t = content_terms(Some("Iran sanctions"), "The sanctions on Iran's gasoline, said the U.S.", 10);
        let names: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(names[0], "iran");
        assert!(names.contains(&"sanction"));
        assert!(names.contains(&"gasoline"));
        assert!(!names.contains(&"the"));
        assert!(!names.contains(&"said"));
    }
}
