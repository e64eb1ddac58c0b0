//! A sentence's words, read once and shared by every reader of the sentence.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::rules::ClaimRules;

/// A word of a sentence (Unicode word boundaries), with its range in the
/// sentence and its lower-case form.
pub(crate) struct Token<'a> {
    pub range: Range<usize>,
    pub lower: Cow<'a, str>,
    pub text: &'a str,
    /// Capitalised: a name (or a sentence opener).
    pub name: bool,
    /// Its context term, read the first time a stage asks for it: a
    /// sentence's words are asked for several times (its terms, its names,
    /// each claim's context).
    term: OnceCell<Option<super::context::Word>>,
}

impl Token<'_> {
    /// The word as a context term (`context::term`).
    pub fn term(&self, rules: &ClaimRules) -> Option<&str> {
        self.term
            .get_or_init(|| super::context::term(self.text, rules))
            .as_deref()
    }
}

/// The words of a sentence with their ranges.
pub(crate) fn tokenize(sentence: &str) -> Vec<Token<'_>> {
    // English averages under six bytes a word with its space: room for them
    // all at once, instead of growing the vector word by word.
    let mut tokens = Vec::with_capacity(sentence.len() / 5 + 1);
    tokens.extend(sentence.unicode_word_indices().map(|(at, w)| Token {
        range: at..at + w.len(),
        // Most words are lower-case ASCII already: no copy for those.
        lower: if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            Cow::Borrowed(w)
        } else {
            Cow::Owned(w.to_lowercase())
        },
        text: w,
        name: w.chars().next().is_some_and(char::is_uppercase),
        term: OnceCell::new(),
    }));
    tokens
}
