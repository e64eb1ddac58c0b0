//! Sentence splitting: Unicode sentence boundaries (UAX #29), then joined
//! again after titles and abbreviations that the Unicode rules break on.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::rules::TextRules;

/// Splits `text[line]` into trimmed sentence ranges of `text`.
pub fn split(text: &str, line: Range<usize>, rules: &TextRules) -> Vec<Range<usize>> {
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (offset, segment) in text[line.clone()].split_sentence_bound_indices() {
        let range = line.start + offset..line.start + offset + segment.len();
        let joined = match pending.take() {
            Some(previous) if continues(&text[previous.clone()], segment, rules) => {
                previous.start..range.end
            }
            Some(previous) => {
                sentences.push(previous);
                range
            }
            None => range,
        };
        pending = Some(joined);
    }
    sentences.extend(pending);
    sentences
        .into_iter()
        .filter_map(|r| trim(text, r))
        .collect()
}

/// Whether `next` continues the sentence `previous` rather than starting one.
fn continues(previous: &str, next: &str, rules: &TextRules) -> bool {
    let previous = previous.trim_end();
    let Some(before_period) = previous.strip_suffix('.') else {
        return false;
    };
    let last_word = before_period
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if rules.titles.contains(last_word) {
        return true;
    }
    let is_initial = last_word.len() == 1 && last_word.chars().all(|c| c.is_ascii_uppercase());
    if rules.abbreviations.contains(last_word) || is_initial {
        let first_word = next
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        return !rules.sentence_starters.contains(first_word);
    }
    false
}

/// Trims whitespace and list bullets; `None` if nothing is left.
fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let stripped = s.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '•' | '·' | '▪' | '◦' | '*')
    });
    let start = range.start + (s.len() - stripped.len());
    let end = start + stripped.trim_end().len();
    (end > start).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, parse_marked};

    /// The marked examples in `rules/text.toml` are this splitter's tests.
    #[test]
    fn splits_the_marked_examples() {
        let rules = RuleSet::builtin().unwrap();
        assert!(!rules.text.sentence_examples.is_empty());
        for example in &rules.text.sentence_examples {
            let (plain, expected) = parse_marked(&example.text).unwrap();
            let got = split(&plain, 0..plain.len(), &rules.text);
            let show = |rs: &[Range<usize>]| {
                rs.iter()
                    .map(|r| plain[r.clone()].to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(show(&got), show(&expected), "{}", example.location);
        }
    }
}
