//! Page furniture: which lines of a body are navigation, boxes, lists of
//! related links, or repeats of an earlier block.

use std::borrow::Cow;
use std::ops::Range;

use crate::rules::{FurnitureAction, TextRules};

/// A line of the body (trimmed), and the rule that removed it, if any.
pub struct Line {
    pub range: Range<usize>,
    pub removed_by: Option<String>,
}

const REPEATED: &str = "furniture.repeated-block";

/// Classifies the non-blank lines of `text[body]`.
pub fn classify(text: &str, body: Range<usize>, rules: &TextRules) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut in_section: Option<String> = None;
    let mut start = body.start;
    while start < body.end {
        let end = text[start..body.end]
            .find('\n')
            .map_or(body.end, |i| start + i);
        let range = trim(text, start..end);
        start = end + 1;
        if range.is_empty() {
            continue;
        }
        let line = plain(&text[range.clone()]);
        if let Some(rule) = &in_section {
            if is_list_item(&line) {
                lines.push(Line {
                    range,
                    removed_by: Some(rule.clone()),
                });
                continue;
            }
            in_section = None;
        }
        // Each rule's pattern runs only if the line is short enough and holds
        // a word the pattern needs (`None`: it needs none we know of).
        let needed = rules.furniture_words.sentences(&line, &[0..line.len()]);
        let removed_by = match rules.furniture.iter().zip(&needed).find(|(r, needed)| {
            r.max_len.is_none_or(|longest| line.len() <= longest)
                && needed.as_ref().is_none_or(|lines| !lines.is_empty())
                && r.pattern.is_match(&line)
        }) {
            Some((rule, _)) => {
                if rule.action == FurnitureAction::Section {
                    in_section = Some(rule.id.clone());
                }
                Some(rule.id.clone())
            }
            None => {
                let key = line.to_lowercase();
                let repeated = key.len() >= rules.repeat_min_chars && !seen.insert(key);
                repeated.then(|| REPEATED.to_string())
            }
        };
        lines.push(Line { range, removed_by });
    }
    lines
}

/// The line's text with quotes normalised and spaces collapsed, for matching.
fn plain(line: &str) -> Cow<'_, str> {
    // Most lines are plain ASCII with single spaces already: nothing to
    // normalise or collapse (`normalize` only changes non-ASCII and tabs).
    let bytes = line.as_bytes();
    let already_plain = bytes.iter().all(|b| (b' '..=b'~').contains(b))
        && !bytes.windows(2).any(|w| w == b"  ")
        && !line.starts_with(' ')
        && !line.ends_with(' ');
    if already_plain {
        return Cow::Borrowed(line);
    }
    Cow::Owned(normalised(line))
}

/// `plain`, the long way.
fn normalised(line: &str) -> String {
    let mut out = String::new();
    let mut anchors = Vec::new();
    super::normalize::push(&mut out, &mut anchors, line, 0);
    let mut plain = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !plain.is_empty() {
            plain.push(' ');
        }
        plain.push_str(word);
    }
    plain
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let line = &text[range.clone()];
    let trimmed_start = line.len() - line.trim_start().len();
    let trimmed_end = line.trim_end().len();
    if trimmed_end <= trimmed_start {
        return range.start..range.start;
    }
    range.start + trimmed_start..range.start + trimmed_end
}

/// A line in a list of links: bulleted, or short without sentence punctuation.
fn is_list_item(line: &str) -> bool {
    if line.starts_with(['-', '*', '•', '·', '▪', '◦', '>']) {
        return true;
    }
    let words = line.split_whitespace().count();
    words <= 12 && !line.ends_with(['.', '!', '?', '"', '\'', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_are_read_as_the_long_way_reads_them() {
        for line in [
            "Share this article",
            "Two  spaces and\ta tab",
            "Vertical\u{b}tab",
            "\u{201c}Quoted\u{201d} \u{2014} dashed",
            "Non\u{a0}breaking",
            "ends with a space ",
            " starts with one",
        ] {
            assert_eq!(plain(line), normalised(line), "{line:?}");
        }
        assert!(matches!(plain("Share this article"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]
        /// Lines dense in what the long way changes (runs of spaces, tabs,
        /// curly quotes, dashes, no-break spaces) and plain ASCII: the short
        /// way reads every one as the long way does, and takes plain ASCII
        /// with single spaces as it is.
        #[test]
        fn plain_is_the_long_way_on_any_line(
            line in "[ a-zA-Z0-9.,:'\"\t\u{201c}\u{201d}\u{2014}\u{a0}-]{0,30}"
        ) {
            let long = normalised(&line);
            proptest::prop_assert_eq!(&*plain(&line), long.as_str());
            let simple = line.bytes().all(|b| (b' '..=b'~').contains(&b))
                && !line.contains("  ")
                && !line.starts_with(' ')
                && !line.ends_with(' ');
            proptest::prop_assert_eq!(matches!(plain(&line), Cow::Borrowed(_)), simple);
        }
    }

    #[test]
    fn list_items() {
        for (line, expected) in [
            ("- AWS and OpenAI Expand Partnership", true),
            ("Frequently Asked Questions", true),
            ("What does the amended partnership mean?", false),
            (
                "It means the two companies will continue their close relationship with each other.",
                false,
            ),
        ] {
            assert_eq!(is_list_item(line), expected, "{line}");
        }
    }
}
