//! A sentence's words, read once and shared by every reader of the sentence.
//!
//! What the rules make of a word (its lower case, its context term, its
//! roles in the contrast rules, whether it is a stopword, a month, a clause
//! word) is read once per distinct word and thread, and every occurrence
//! shares it: news repeats its words, and one lookup per word replaces one
//! per rule list that asks.

use std::cell::{OnceCell, RefCell};
use std::hash::Hasher;
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

use super::context::Word;
use crate::rules::{ClaimRules, ContrastRules};
use crate::words::stem;

/// A word of a sentence (Unicode word boundaries), with its range in the
/// sentence and what the rules make of it.
pub(crate) struct Token<'a> {
    pub range: Range<usize>,
    pub text: &'a str,
    /// Capitalised: a name (or a sentence opener).
    pub name: bool,
    lexeme: Rc<Lexeme>,
}

/// What the rules make of one word as written.
pub(crate) struct Lexeme {
    /// The word as written, inline for all but long words: the recent-words
    /// cache compares it on every token, and a separate allocation would be
    /// one more cache miss each time.
    word: Word,
    /// Its lower case, when that differs from the word.
    lower: Option<Word>,
    /// Its context term (`context::read_term`): `None` for a stopword.
    term: Option<Word>,
    /// `word_hash` of the lower case, for shingles.
    pub hash: u64,
    /// `ContrastRules::role` bits (0 without contrast rules).
    pub role: u16,
    /// More than one character (as written).
    pub long: bool,
    /// A context content word: long and without digits (stopwords aside).
    pub content: bool,
    /// An event's content word: not capitalised, long, only letters,
    /// apostrophes and hyphens (in lower case), not a stopword.
    pub event_content: bool,
    /// A month or other date word.
    pub date_word: bool,
    /// A spelled-out number (`ClaimRules::number_words`): "two", "twenty".
    pub number_word: bool,
    /// A word that opens a new clause.
    pub clause_word: bool,
    /// Its stem as an event term, read the first time an event asks.
    event_term: OnceCell<Word>,
}

impl Token<'_> {
    /// The word in lower case.
    pub fn lower(&self) -> &str {
        self.lexeme.lower.as_deref().unwrap_or(self.text)
    }

    /// The word as a context term: lower-cased and stemmed, or `None` for a stopword.
    pub fn term(&self) -> Option<&str> {
        self.lexeme.term.as_deref()
    }

    pub fn lexeme(&self) -> &Lexeme {
        &self.lexeme
    }
}

impl Lexeme {
    /// The word as an event term: lower case, possessive dropped, stemmed.
    pub fn event_term(&self) -> Word {
        self.event_term
            .get_or_init(|| {
                let lower = self.lower.as_deref().unwrap_or(self.word.as_str());
                Word::from(stem(lower.trim_end_matches("'s")))
            })
            .clone()
    }
}

/// Distinct words remembered per thread before the memo starts afresh.
const MEMO_WORDS: usize = 1 << 17;

/// Slots of the cache of recent words in front of the memo: news repeats
/// a few thousand words most of the time, and a small table of them stays
/// in the CPU's cache where the memo of every word does not.
const RECENT_SLOTS: usize = 1 << 12;

/// What the rules make of each word, per thread.
struct Lexicon {
    /// The rules it was filled for (`ClaimRules::id`, `ContrastRules::id`).
    rules: (u64, u64),
    memo: FxHashMap<Box<str>, Rc<Lexeme>>,
    /// By the top bits of the word's hash: the word's hash and lexeme.
    recent: Vec<Option<(u64, Rc<Lexeme>)>>,
}

impl Lexicon {
    fn lexeme(
        &mut self,
        word: &str,
        claims: &ClaimRules,
        contrasts: Option<&ContrastRules>,
    ) -> Rc<Lexeme> {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(word.as_bytes());
        let hash = hasher.finish();
        let slot = (hash >> (64 - RECENT_SLOTS.trailing_zeros())) as usize;
        if let Some((h, lexeme)) = &self.recent[slot]
            && *h == hash
            && lexeme.word.as_str() == word
        {
            return Rc::clone(lexeme);
        }
        let lexeme = match self.memo.get(word) {
            Some(known) => Rc::clone(known),
            None => {
                if self.memo.len() >= MEMO_WORDS {
                    self.memo.clear();
                }
                let read = Rc::new(read_lexeme(word, claims, contrasts));
                self.memo.insert(word.into(), Rc::clone(&read));
                read
            }
        };
        self.recent[slot] = Some((hash, Rc::clone(&lexeme)));
        lexeme
    }
}

thread_local! {
    static LEXICON: RefCell<Lexicon> = RefCell::new(Lexicon {
        rules: (u64::MAX, u64::MAX),
        memo: FxHashMap::default(),
        recent: vec![None; RECENT_SLOTS],
    });
}

/// The words of a sentence with their ranges, read with `claims` (and
/// `contrasts`, for the words' roles).
pub(crate) fn tokenize<'s>(
    sentence: &'s str,
    claims: &ClaimRules,
    contrasts: Option<&ContrastRules>,
) -> Vec<Token<'s>> {
    // English averages under six bytes a word with its space: room for them
    // all at once, instead of growing the vector word by word.
    let mut tokens = Vec::with_capacity(sentence.len() / 5 + 1);
    let key = (claims.id, contrasts.map_or(u64::MAX, |c| c.id));
    LEXICON.with_borrow_mut(|lexicon| {
        if lexicon.rules != key {
            lexicon.memo.clear();
            lexicon.recent.iter_mut().for_each(|slot| *slot = None);
            lexicon.rules = key;
        }
        tokens.extend(sentence.unicode_word_indices().map(|(at, w)| Token {
            range: at..at + w.len(),
            text: w,
            name: w.chars().next().is_some_and(char::is_uppercase),
            lexeme: lexicon.lexeme(w, claims, contrasts),
        }));
    });
    tokens
}

fn read_lexeme(word: &str, claims: &ClaimRules, contrasts: Option<&ContrastRules>) -> Lexeme {
    // Most words are lower-case ASCII already: no copy for those.
    let lower_copy = (!word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase()))
    .then(|| Word::from(word.to_lowercase()));
    let lower = lower_copy.as_deref().unwrap_or(word);
    let name = word.chars().next().is_some_and(char::is_uppercase);
    let long = word.chars().count() > 1;
    Lexeme {
        word: word.into(),
        term: super::context::read_term(word, claims),
        hash: word_hash(lower),
        role: contrasts.map_or(0, |c| c.role(lower)),
        long,
        content: long && !word.chars().any(|c| c.is_ascii_digit()),
        event_content: !name
            && lower.chars().count() > 1
            && lower
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
            && !claims.stopwords.contains(lower),
        date_word: claims.date_words.contains(lower),
        number_word: claims.number_words.contains_key(lower),
        clause_word: claims.clause_words.contains(lower),
        event_term: OnceCell::new(),
        lower: lower_copy,
    }
}

/// One word's hash, from its lower-case form.
pub(crate) fn word_hash(lower: &str) -> u64 {
    // The hashes only ever meet other hashes made here (copy detection, in
    // memory), so any well-mixed 64-bit hash serves; collisions among a
    // story's few thousand are nil.
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(lower.as_bytes());
    mix(hasher.finish())
}

/// splitmix64's finaliser: every output bit depends on every input bit.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn slot(word: &str) -> usize {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(word.as_bytes());
        (hasher.finish() >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
    }

    #[test]
    fn words_sharing_a_recent_slot_keep_their_own_reading() {
        let rules = RuleSet::builtin().unwrap();
        // Two different words that fall in the same slot of the recent cache.
        let words: Vec<String> = (0..).map(|i| format!("Word{i}")).take(20_000).collect();
        let first = &words[0];
        let twin = words[1..].iter().find(|w| slot(w) == slot(first)).unwrap();
        for _ in 0..2 {
            for word in [first, twin, first] {
                let tokens = tokenize(word, &rules.claims, Some(&rules.contrasts));
                assert_eq!(tokens.len(), 1);
                assert_eq!(tokens[0].lower(), word.to_lowercase());
                assert_eq!(tokens[0].term(), Some(word.to_lowercase().as_str()));
            }
        }
    }

    #[test]
    fn roles_follow_the_rules_the_words_are_read_with() {
        let rules = RuleSet::builtin().unwrap();
        let role = |contrasts| tokenize("not", &rules.claims, contrasts)[0].lexeme().role;
        assert_ne!(role(Some(&rules.contrasts)), 0, "a negator is a cue");
        assert_eq!(role(None), 0, "without contrast rules, no roles");
        assert_ne!(role(Some(&rules.contrasts)), 0);
    }
}
