//! Words for similarity: word shingles for MinHash and content terms for story clustering.
//!
//! These work on the raw text, not the NLP tokens, so that de-duplication and
//! clustering do not change when a tagger or tokenizer is retrained.

use rustc_hash::FxHashMap;

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

/// The stopword list, sorted once so that lookups can binary-search it.
fn sorted_stopwords() -> &'static [&'static str] {
    use std::sync::OnceLock;
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut v = STOPWORDS.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    })
}

fn stop(w: &str) -> bool {
    sorted_stopwords().binary_search(&w).is_ok()
}

/// Lowercased words: runs of letters and digits (apostrophes inside a word kept).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c| c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'").to_lowercase())
}

/// A crude plural fold ("sanctions" → "sanction") so that inflection does not split terms.
fn fold(w: &str) -> &str {
    if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
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
        for w in words(s) {
            let w = w.strip_suffix("'s").unwrap_or(&w).to_string();
            if w.chars().count() < 3 || w.chars().all(|c| c.is_ascii_digit()) || stop(&w) {
                continue;
            }
            *tf.entry(fold(&w).to_string()).or_default() += weight;
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
