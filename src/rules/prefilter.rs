//! Which sentences (or lines) each pattern needs to run on.
//!
//! Most citation patterns cannot match without one of a few words: a match of
//! `{{group}}\s+{{say}}` holds "analyst" or "expert" or ..., a match of the
//! dated-report pattern holds "report" or "study" or .... Those words are read
//! off each pattern's syntax tree when the rules are compiled, so the rules
//! stay as written. One Aho-Corasick pass over an article then finds, for each
//! pattern, the sentences that hold one of its words, and the pattern runs on
//! those sentences only. A pattern with no such words runs on every sentence.
//! Furniture patterns are filtered the same way, line by line.
//!
//! The words are compared ignoring ASCII case. The regex engine's
//! case-insensitive matching also lets a few non-ASCII characters stand for
//! ASCII letters (the Kelvin sign for `k`, the long s for `s`); an article
//! holding one of those skips the prefilter and runs every pattern on every
//! sentence, so the prefilter never changes what is found.

use std::collections::BTreeSet;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind, Repetition};

/// Most strings one part of a pattern is spelled out to; beyond this it
/// counts as "any text".
const MAX_EXACT: usize = 16;

/// Required words shorter than this are everywhere: no use as a filter.
const MIN_WORD: usize = 2;

/// Byte strings, lower-case for ASCII.
type Set = BTreeSet<Vec<u8>>;

/// What a part of a pattern tells about its matches.
#[derive(Debug, Clone, Default)]
struct Info {
    /// Every string it can match, when there are few.
    exact: Option<Set>,
    /// Each of its matches holds one of these (`None`: nothing is known).
    required: Option<Set>,
}

/// The words each pattern needs, ready to be looked for in an article.
#[derive(Debug)]
pub struct Prefilter {
    /// Every pattern's words, then the characters that make the filter unsafe.
    searcher: Option<AhoCorasick>,
    /// For each word of `searcher`, the patterns (in rule and pattern order)
    /// that need it; empty for the characters that turn the filter off.
    patterns_of_word: Vec<Vec<usize>>,
    /// Per pattern, whether it has words to filter on.
    filtered: Vec<bool>,
}

impl Prefilter {
    /// Reads the required words of `patterns` (compiled case-insensitively,
    /// as the citation rules are).
    pub fn new<'a>(patterns: impl Iterator<Item = &'a Regex>) -> Prefilter {
        let folds = non_ascii_folds();
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut patterns_of_word: Vec<Vec<usize>> = Vec::new();
        let mut filtered = Vec::new();
        for (index, pattern) in patterns.enumerate() {
            let required = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(pattern.as_str())
                .ok()
                .and_then(|hir| info(&hir, &folds).required);
            filtered.push(required.is_some());
            for word in required.into_iter().flatten() {
                match words.iter().position(|w| *w == word) {
                    Some(at) => patterns_of_word[at].push(index),
                    None => {
                        words.push(word);
                        patterns_of_word.push(vec![index]);
                    }
                }
            }
        }
        for c in &folds {
            words.push(c.to_string().into_bytes());
            patterns_of_word.push(Vec::new());
        }
        let searcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A full DFA: overlapping search cannot use the literal prefilters,
            // and the DFA walks a byte with one lookup where the default
            // (contiguous NFA) may follow failure links.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&words)
            .ok();
        if searcher.is_none() {
            filtered.iter_mut().for_each(|f| *f = false);
        }
        Prefilter {
            searcher,
            patterns_of_word,
            filtered,
        }
    }

    /// For each pattern, the sentences (indices into `sentences`, ranges of
    /// `text` in order) that it needs to run on; `None` for all of them.
    pub fn sentences(&self, text: &str, sentences: &[Range<usize>]) -> Vec<Option<Vec<usize>>> {
        let mut out: Vec<Option<Vec<usize>>> =
            self.filtered.iter().map(|&f| f.then(Vec::new)).collect();
        let Some(searcher) = &self.searcher else {
            return out;
        };
        // Matches come in order of their end, so the first sentence that
        // ends at or after a match only moves forward.
        let mut at = 0;
        for found in searcher.find_overlapping_iter(text) {
            let patterns = &self.patterns_of_word[found.pattern()];
            if patterns.is_empty() {
                // A character the regex engine folds onto an ASCII letter.
                return self.filtered.iter().map(|_| None).collect();
            }
            while at < sentences.len() && sentences[at].end < found.end() {
                at += 1;
            }
            // Only a match wholly inside one sentence counts.
            if at == sentences.len() || found.start() < sentences[at].start {
                continue;
            }
            for &p in patterns {
                if let Some(list) = &mut out[p]
                    && list.last() != Some(&at)
                {
                    list.push(at);
                }
            }
        }
        // Matches end in order, so a long word may list a sentence after a
        // later one.
        for list in out.iter_mut().flatten() {
            list.sort_unstable();
            list.dedup();
        }
        out
    }
}

/// Non-ASCII characters that case-insensitive matching takes for an ASCII
/// letter (the Kelvin sign for `k`, the long s for `s`).
fn non_ascii_folds() -> Vec<char> {
    let mut out = Vec::new();
    for letter in 'a'..='z' {
        let Ok(hir) = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(&letter.to_string())
        else {
            continue;
        };
        if let HirKind::Class(Class::Unicode(class)) = hir.kind() {
            for range in class.iter() {
                out.extend((range.start()..=range.end()).filter(|c| !c.is_ascii()));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn info(hir: &Hir, folds: &[char]) -> Info {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => exact(Set::from([Vec::new()])),
        HirKind::Literal(literal) => exact(Set::from([literal.0.to_ascii_lowercase()])),
        HirKind::Class(class) => class_info(class, folds),
        HirKind::Capture(capture) => info(&capture.sub, folds),
        HirKind::Repetition(repetition) => repetition_info(repetition, folds),
        HirKind::Concat(subs) => concat_info(subs, folds),
        HirKind::Alternation(subs) => alternation_info(subs, folds),
    }
}

/// A part that matches exactly the strings of `set`.
fn exact(set: Set) -> Info {
    Info {
        required: required_of(&set),
        exact: Some(set),
    }
}

/// "Holds one of `set`", unless that says nothing.
fn required_of(set: &Set) -> Option<Set> {
    if set.iter().any(|s| s.len() < MIN_WORD) {
        return None;
    }
    // A word that holds another required word adds nothing.
    let minimal: Set = set
        .iter()
        .filter(|s| {
            !set.iter()
                .any(|t| t.len() < s.len() && s.windows(t.len()).any(|w| w == t.as_slice()))
        })
        .cloned()
        .collect();
    Some(minimal)
}

/// The more selective of two requirements: longer shortest word, then fewer words.
fn better(a: Option<Set>, b: Option<Set>) -> Option<Set> {
    let score = |s: &Option<Set>| {
        s.as_ref().map(|s| {
            (
                s.iter().map(Vec::len).min().unwrap_or(0),
                std::cmp::Reverse(s.len()),
            )
        })
    };
    if score(&b) > score(&a) { b } else { a }
}

fn class_info(class: &Class, folds: &[char]) -> Info {
    let mut set = Set::new();
    match class {
        Class::Unicode(class) => {
            let count: u32 = class
                .iter()
                .map(|r| u32::from(r.end()) - u32::from(r.start()) + 1)
                .sum();
            if count > 8 {
                return Info::default();
            }
            for c in class.iter().flat_map(|r| r.start()..=r.end()) {
                // Articles holding these skip the filter (see the module doc).
                if !folds.contains(&c) {
                    set.insert(c.to_string().into_bytes().to_ascii_lowercase());
                }
            }
        }
        Class::Bytes(class) => {
            let count: usize = class
                .iter()
                .map(|r| usize::from(r.end() - r.start()) + 1)
                .sum();
            if count > 8 {
                return Info::default();
            }
            for b in class.iter().flat_map(|r| r.start()..=r.end()) {
                set.insert(vec![b.to_ascii_lowercase()]);
            }
        }
    }
    if set.is_empty() {
        return Info::default();
    }
    exact(set)
}

fn repetition_info(repetition: &Repetition, folds: &[char]) -> Info {
    let sub = info(&repetition.sub, folds);
    match (repetition.min, repetition.max) {
        (0, Some(1)) => match sub.exact {
            Some(mut set) if set.len() < MAX_EXACT => {
                set.insert(Vec::new());
                exact(set)
            }
            _ => Info::default(),
        },
        (0, _) => Info::default(),
        (min, max) => {
            let spelled = match &sub.exact {
                Some(set) if max == Some(min) && min <= 4 => {
                    (0..min).try_fold(Set::from([Vec::new()]), |out, _| product(&out, set))
                }
                _ => None,
            };
            match spelled {
                Some(set) => exact(set),
                None => Info {
                    exact: None,
                    required: sub.required,
                },
            }
        }
    }
}

/// Every concatenation of a string of `a` with one of `b`, if not too many.
fn product(a: &Set, b: &Set) -> Option<Set> {
    if a.len() * b.len() > MAX_EXACT {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| {
                b.iter().map(move |y| {
                    let mut s = x.clone();
                    s.extend_from_slice(y);
                    s
                })
            })
            .collect(),
    )
}

fn concat_info(subs: &[Hir], folds: &[char]) -> Info {
    // Runs of parts spelled out exactly are joined into words ("s" "a" "i"
    // "d" -> "said"); the best requirement of any run or part holds for the whole.
    let mut run = Set::from([Vec::new()]);
    let mut all_exact = true;
    let mut best = None;
    for sub in subs {
        let sub = info(sub, folds);
        if let Some(joined) = sub.exact.as_ref().and_then(|e| product(&run, e)) {
            run = joined;
            continue;
        }
        all_exact = false;
        best = better(best, required_of(&run));
        best = better(best, sub.required);
        run = sub
            .exact
            .filter(|e| e.len() <= MAX_EXACT)
            .unwrap_or_else(|| Set::from([Vec::new()]));
    }
    if all_exact {
        return exact(run);
    }
    Info {
        exact: None,
        required: better(best, required_of(&run)),
    }
}

fn alternation_info(subs: &[Hir], folds: &[char]) -> Info {
    let infos: Vec<Info> = subs.iter().map(|s| info(s, folds)).collect();
    let exact = infos
        .iter()
        .map(|i| i.exact.clone())
        .collect::<Option<Vec<Set>>>()
        .map(|sets| sets.into_iter().flatten().collect::<Set>())
        .filter(|set| set.len() <= MAX_EXACT);
    let required = infos
        .into_iter()
        .map(|i| i.required)
        .collect::<Option<Vec<Set>>>()
        .map(|sets| sets.into_iter().flatten().collect::<Set>())
        .and_then(|set| required_of(&set));
    Info { exact, required }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(pattern: &str) -> Option<Vec<String>> {
        let regex = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .unwrap();
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(regex.as_str())
            .unwrap();
        info(&hir, &non_ascii_folds()).required.map(|set| {
            set.into_iter()
                .map(|w| String::from_utf8(w).unwrap())
                .collect()
        })
    }

    #[test]
    fn required_words_are_read_off_the_pattern() {
        assert_eq!(
            words(r"\bsources?\s+(?:say|said|told)\b"),
            Some(vec!["source".to_string()])
        );
        assert_eq!(
            words(r"\b(?:an?|one)\s+(?:19|20)\d{2}\s+(?:report|study)s?\b"),
            Some(vec!["report".to_string(), "study".to_string()])
        );
        // Optional parts require nothing; a class of many letters is any letter.
        assert_eq!(words(r"(?:reported\s+)?[A-Z]\w+"), None);
        assert_eq!(
            words(r"\bit\s+is\s+(?:said|thought)"),
            Some(vec!["said".to_string(), "thought".to_string()])
        );
    }

    #[test]
    fn the_filter_keeps_every_sentence_a_pattern_matches() {
        let patterns: Vec<Regex> = [r"\bsources?\s+said\b", r"[A-Z]\w+\s+noted"]
            .iter()
            .map(|p| {
                regex::RegexBuilder::new(p)
                    .case_insensitive(true)
                    .build()
                    .unwrap()
            })
            .collect();
        let prefilter = Prefilter::new(patterns.iter());
        let split = |text: &str| -> Vec<Range<usize>> {
            let mut start = 0;
            let mut out = Vec::new();
            for (i, _) in text.match_indices('.') {
                out.push(start..i + 1);
                start = i + 2;
            }
            out
        };
        let text = "Nothing here. SOURCES SAID so. Smith noted it.";
        let plan = prefilter.sentences(text, &split(text));
        assert_eq!(plan, vec![Some(vec![1]), Some(vec![2])]);
        // A Kelvin sign turns the filter off for the article.
        let odd = "Nothing here. \u{212A}ELVIN SAID so. Smith noted it.";
        assert_eq!(prefilter.sentences(odd, &split(odd)), vec![None, None]);
    }
}
