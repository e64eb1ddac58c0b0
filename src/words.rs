//! Words as the rules and every stage compare them: stems.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Distinct words remembered per thread before the memo starts afresh (news
/// vocabulary is a few tens of thousands of words; this bounds the memory).
const MEMO_WORDS: usize = 1 << 17;

thread_local! {
    /// Stemming is the costliest step of reading a word, and a batch of news
    /// uses the same words over and over: each thread stems a word once.
    static MEMO: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::new(FxHashMap::default());
}

/// The Snowball English stem of a lower-case word ("exclusivity" -> "exclus").
pub fn stem(word: &str) -> String {
    MEMO.with_borrow_mut(|memo| {
        if let Some(stem) = memo.get(word) {
            return stem.to_string();
        }
        let stem = ENGLISH.stem(word).into_owned();
        if memo.len() >= MEMO_WORDS {
            memo.clear();
        }
        memo.insert(word.into(), stem.as_str().into());
        stem
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_stems_equal_fresh_ones() {
        for word in [
            "exclusivity",
            "running",
            "reports",
            "exclusivity",
            "running",
        ] {
            assert_eq!(stem(word), ENGLISH.stem(word));
        }
    }
}
