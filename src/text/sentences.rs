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
    let mut pieces = Vec::with_capacity(sentences.len());
    for sentence in sentences {
        cut_long(text, sentence, &mut pieces);
    }
    pieces.into_iter().filter_map(|r| trim(text, r)).collect()
}

/// The longest sentence kept whole, in bytes. FNC-1's longest is about 1,100.
/// Past this a "sentence" is a page without punctuation (a scrape, a table
/// flattened to one line), and the work on each sentence (claim contexts,
/// excerpts) would grow with its square.
pub const LONGEST_SENTENCE: usize = 3_000;

/// Pushes `range` to `out`, cut at spaces into pieces no longer than
/// `LONGEST_SENTENCE` (at the limit itself where no space falls in it).
fn cut_long(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut start = range.start;
    while range.end - start > LONGEST_SENTENCE {
        let mut limit = start + LONGEST_SENTENCE;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = match text[start..limit].rfind(char::is_whitespace) {
            Some(space) if space > 0 => start + space,
            _ => limit,
        };
        out.push(start..cut);
        start = cut;
    }
    out.push(start..range.end);
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

    #[test]
    fn a_sentence_without_end_is_cut_at_spaces_into_bounded_pieces() {
        let rules = RuleSet::builtin().unwrap();
        let text = "wörd ".repeat(5_000) + "end";
        let pieces = split(&text, 0..text.len(), &rules.text);
        assert!(pieces.len() >= text.len() / LONGEST_SENTENCE);
        let mut next = 0;
        for piece in &pieces {
            assert!(piece.len() <= LONGEST_SENTENCE, "{piece:?}");
            // Nothing is lost or split inside a word: only spaces lie between pieces.
            assert!(text[next..piece.start].chars().all(char::is_whitespace));
            assert!(text[piece.clone()].starts_with("wörd"));
            next = piece.end;
        }
        assert!(text[..next].ends_with("end"));
        // With no space at all, the cut falls on a character boundary.
        let text = "é".repeat(4_000);
        let pieces = split(&text, 0..text.len(), &rules.text);
        assert_eq!(pieces.iter().map(|p| p.len()).sum::<usize>(), text.len());
        assert!(pieces.iter().all(|p| p.len() <= LONGEST_SENTENCE));
    }
}
