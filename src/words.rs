//! Words as the rules and every stage compare them: stems.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The Snowball English stem of a lower-case word ("exclusivity" -> "exclus").
pub fn stem(word: &str) -> String {
    ENGLISH.stem(word).into_owned()
}
