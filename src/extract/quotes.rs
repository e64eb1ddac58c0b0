//! Quoted statements and who they are given to.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

/// A quotation of at least `MIN_WORDS` words; `span` relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteMention {
    /// The quoted words, lower-cased.
    pub words: Vec<String>,
    /// The speaker's surname, lower-cased, when a named citation in the same
    /// sentence gives one.
    pub speaker: Option<String>,
    /// Whether the citation gave a full name ("Jane Smith") rather than a
    /// surname alone ("Smith said"), which needs the full name elsewhere in
    /// the article to count.
    pub full_name: bool,
    pub span: Range<usize>,
}

/// Shorter quotations ("frankly staggering") are phrases, not statements.
pub const MIN_WORDS: usize = 5;

static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""([^"]+)""#).expect("quote pattern compiles"));

/// Quotations in `sentence` (quotes already normalised to `"`), with the
/// speaker taken from the named citations found in it (`named`, sentence-relative).
pub fn find_quotes(sentence: &str, named: &[Range<usize>]) -> Vec<QuoteMention> {
    let mut out = Vec::new();
    // Most sentences quote no one; the pattern, asked for its groups, would
    // set them up for every sentence all the same.
    if !sentence.contains('"') {
        return out;
    }
    for caps in QUOTED.captures_iter(sentence) {
        let inner = caps.get(1).expect("group 1");
        let words: Vec<String> = inner
            .as_str()
            .unicode_words()
            .map(str::to_lowercase)
            .collect();
        if words.len() < MIN_WORDS {
            continue;
        }
        let whole = caps.get(0).expect("group 0").range();
        // The citation nearest the quotation names its speaker.
        let nearest = named
            .iter()
            .filter(|n| n.end <= whole.start || n.start >= whole.end)
            .min_by_key(|n| {
                if n.end <= whole.start {
                    whole.start - n.end
                } else {
                    n.start - whole.end
                }
            });
        let (speaker, full_name) = nearest
            .and_then(|n| surname(&sentence[n.clone()]))
            .map_or((None, false), |(s, full)| (Some(s), full));
        out.push(QuoteMention {
            words,
            speaker,
            full_name,
            span: inner.range(),
        });
    }
    out
}

/// The last word of the first run of capitalised words ("according to OpenAI
/// Chief Revenue Officer Denise Dresser" -> "dresser"), and whether the run
/// had two words or more (a lone word is as often an organisation or a title).
fn surname(citation: &str) -> Option<(String, bool)> {
    let mut run: Vec<&str> = Vec::new();
    for word in citation.unicode_words() {
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if capital
            && !matches!(
                word,
                "The" | "According" | "Reports" | "Originally" | "First"
            )
        {
            run.push(word);
        } else if !run.is_empty() {
            break;
        }
    }
    run.last()
        .map(|w| (w.trim_end_matches("'s").to_lowercase(), run.len() >= 2))
}

/// Surnames of every full name (two or more capitalised words) in `sentence`.
pub fn full_name_surnames(sentence: &str) -> Vec<String> {
    surnames(sentence.unicode_words())
}

/// `full_name_surnames` with the sentence's words already read.
pub(crate) fn full_name_surnames_in(tokens: &[super::tokens::Token]) -> Vec<String> {
    surnames(tokens.iter().map(|t| t.text))
}

/// The last word of each run of two or more capitalised words, in lower case.
fn surnames<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = 0;
    let mut last = "";
    for word in words.chain(std::iter::once("end")) {
        if word.chars().next().is_some_and(char::is_uppercase) {
            run += 1;
            last = word;
        } else {
            if run >= 2 {
                out.push(last.trim_end_matches("'s").to_lowercase());
            }
            run = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_take_their_speaker_from_the_nearest_named_citation() {
        let s = r#"Demand was "frankly staggering and far beyond what we planned for," according to OpenAI Chief Revenue Officer Denise Dresser."#;
        let at = s.find("according").unwrap();
        let named = [std::ops::Range {
            start: at,
            end: s.len() - 1,
        }];
        let quotes = find_quotes(s, &named);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].speaker.as_deref(), Some("dresser"));
        assert_eq!(quotes[0].words[..3], ["frankly", "staggering", "and"]);
        assert!(
            find_quotes(r#"It was "frankly staggering," she said."#, &[]).is_empty(),
            "too short to be a statement"
        );
    }
}
