//! Sentence splitting: Unicode sentence boundaries (UAX #29), then joined
//! again after titles and abbreviations that the Unicode rules break on.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::rules::TextRules;

/// Splits `text[line]` into trimmed sentence ranges of `text`.
pub fn split(text: &str, line: Range<usize>, rules: &TextRules) -> Vec<Range<usize>> {
    let mut sentences: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for segment in sentence_bounds(&text[line.clone()]) {
        let range = line.start + segment.start..line.start + segment.end;
        let segment_text = &text[range.clone()];
        let joined = match pending.take() {
            Some(previous) if continues(&text[previous.clone()], segment_text, rules) => {
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

/// The Unicode sentence segments (UAX #29) of `line`, as ranges. A line of
/// plain ASCII, two thirds of the text in FNC-1, is read by `ascii_bounds`;
/// any other goes to `unicode-segmentation`, which looks up every character
/// in its tables: that lookup was most of the splitting time.
fn sentence_bounds(line: &str) -> Vec<Range<usize>> {
    if line.is_ascii() && !line.contains(['\r', '\n']) {
        return ascii_bounds(line.as_bytes());
    }
    line.split_sentence_bound_indices()
        .map(|(at, segment)| at..at + segment.len())
        .collect()
}

/// UAX #29's sentence boundaries in ASCII text without line breaks. A
/// boundary can only follow a terminator (`.`, `!`, `?`), its closing quotes
/// and brackets and its spaces (SB9 to SB11); it does not when what comes
/// next continues the sentence:
/// - SB6: a digit straight after a full stop ("3.5");
/// - SB7: a capital straight after a full stop after a letter ("U.S");
/// - SB8: after a full stop, a lower-case letter before any other letter or
///   terminator ("etc. and", "p.m. (local) on");
/// - SB8a: a comma, hyphen, colon, semicolon or terminator ("?!", "Inc.,").
///
/// `tests::ascii_bounds_are_unicode_segmentations` checks it against the
/// crate on random text.
fn ascii_bounds(line: &[u8]) -> Vec<Range<usize>> {
    let is_terminator = |b: u8| matches!(b, b'.' | b'!' | b'?');
    let is_close = |b: u8| matches!(b, b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}');
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | 0x0b | 0x0c);
    let mut bounds = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while let Some(found) = line[at..].iter().position(|&b| is_terminator(b)) {
        let terminator = at + found;
        let full_stop = line[terminator] == b'.';
        let mut next = terminator + 1;
        while next < line.len() && is_close(line[next]) {
            next += 1;
        }
        while next < line.len() && is_space(line[next]) {
            next += 1;
        }
        at = next;
        let Some(&following) = line.get(next) else {
            break;
        };
        let adjacent = next == terminator + 1;
        let continues = (full_stop && adjacent && following.is_ascii_digit())
            || (full_stop
                && adjacent
                && following.is_ascii_uppercase()
                && terminator > 0
                && line[terminator - 1].is_ascii_alphabetic())
            || (full_stop
                && line[next..]
                    .iter()
                    .find(|&&b| b.is_ascii_alphabetic() || is_terminator(b))
                    .is_some_and(u8::is_ascii_lowercase))
            || matches!(following, b',' | b'-' | b':' | b';')
            || is_terminator(following);
        if !continues {
            bounds.push(start..next);
            start = next;
        }
    }
    if start < line.len() {
        bounds.push(start..line.len());
    }
    bounds
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

    fn crate_bounds(line: &str) -> Vec<Range<usize>> {
        line.split_sentence_bound_indices()
            .map(|(at, segment)| at..at + segment.len())
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4_000))]
        /// Random ASCII text dense in what the rules turn on (terminators,
        /// closing marks, spaces, letters of both cases, digits, continuing
        /// punctuation), and every other printable character and control.
        #[test]
        fn ascii_bounds_are_unicode_segmentations(
            line in "[.!?\"'()\\[\\]{} \t\x0b\x0caBzZ09,;:\\-]{0,24}|[\x00-\x09\x0b\x0c\x0e-\x7f]{0,40}"
        ) {
            proptest::prop_assert_eq!(ascii_bounds(line.as_bytes()), crate_bounds(&line), "{:?}", line);
        }
    }

    #[test]
    fn ascii_bounds_agree_after_every_character() {
        // Each ASCII character right after, and a space after, each of
        // "a.", "A.", "a!", "a?" and "a.)", then a lower-case and an
        // upper-case word.
        for c in (0u8..128)
            .filter(|&b| b != b'\r' && b != b'\n')
            .map(char::from)
        {
            for opener in ["a.", "A.", "a!", "a?", "a.)", "1."] {
                for tail in ["", "x", "X", " x", " X", "5"] {
                    for line in [format!("{opener}{c}{tail}"), format!("{opener} {c}{tail}")] {
                        assert_eq!(
                            ascii_bounds(line.as_bytes()),
                            crate_bounds(&line),
                            "{line:?}"
                        );
                    }
                }
            }
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
