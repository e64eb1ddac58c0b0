//! Stage 2, text: `Article` -> `Doc`.
//!
//! Drops page furniture (navigation, share and newsletter boxes, related-article
//! lists, blocks printed twice), normalises quotes, dashes and spaces, and
//! splits sentences. The cleaned text is a new string; `Doc::original` maps any
//! range of it back to byte offsets in the article as read, so every later
//! finding points at the exact span in the file.

mod furniture;
mod normalize;
mod sentences;

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::ingest::Article;
use crate::rules::TextRules;

/// An article's text, cleaned and split.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Kept lines, normalised, joined by `\n`.
    pub text: String,
    /// `(offset in text, offset in the original)` at every point where the
    /// two stop moving in step; between anchors they advance together.
    anchors: Vec<(usize, usize)>,
    /// Sentences, as ranges of `text`.
    pub sentences: Vec<Range<usize>>,
    /// Lines dropped as furniture: original range and the rule that dropped it.
    pub removed: Vec<(Range<usize>, String)>,
    /// The first kept line that reads like a headline.
    pub headline: Option<String>,
}

impl Doc {
    /// Byte offset in the original article of byte `offset` of `text`.
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self.anchors.partition_point(|&(n, _)| n <= offset);
        match i.checked_sub(1).map(|i| self.anchors[i]) {
            Some((n, o)) => o + (offset - n),
            None => offset,
        }
    }

    /// The original byte range of a range of `text`.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        self.original_offset(range.start)..self.original_offset(range.end)
    }

    pub fn sentence(&self, index: usize) -> &str {
        &self.text[self.sentences[index].clone()]
    }
}

/// Cleans and splits one article.
pub fn prepare(article: &Article, rules: &TextRules) -> Doc {
    let lines = furniture::classify(&article.text, article.body.clone(), rules);
    let mut text = String::with_capacity(article.body.len());
    let mut anchors = Vec::new();
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    for line in lines {
        match line.removed_by {
            Some(rule) => removed.push((line.range, rule)),
            None => {
                if !text.is_empty() {
                    text.push('\n');
                }
                let start = text.len();
                normalize::push(
                    &mut text,
                    &mut anchors,
                    &article.text[line.range.clone()],
                    line.range.start,
                );
                kept.push(start..text.len());
            }
        }
    }
    let mut sentences = Vec::new();
    for line in &kept {
        sentences.extend(sentences::split(&text, line.clone(), rules));
    }
    let headline = kept
        .iter()
        .map(|l| &text[l.clone()])
        .find(|l| looks_like_headline(l))
        .map(str::to_string);
    Doc {
        text,
        anchors,
        sentences,
        removed,
        headline,
    }
}

/// Splits a single paragraph into sentence ranges (for rule examples and tests).
pub fn split_sentences(text: &str, rules: &TextRules) -> Vec<Range<usize>> {
    sentences::split(text, 0..text.len(), rules)
}

/// A headline has a handful of words and does not end like a sentence.
fn looks_like_headline(line: &str) -> bool {
    // The ending first: most lines are sentences, and counting words costs more.
    !line.ends_with(['.', ':', ',', ';'])
        && (4..=25).contains(&line.unicode_words().take(26).count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn doc(body: &str) -> (Article, Doc) {
        let rules = RuleSet::builtin().unwrap();
        let article = Article::of_body(body);
        let doc = prepare(&article, &rules.text);
        (article, doc)
    }

    #[test]
    fn offsets_map_back_through_normalised_quotes_and_dropped_lines() {
        let body = "Skip to main content\nShare:\nOpenAI’s deal — worth “$50 billion” — closed.\n";
        let (article, doc) = doc(body);
        assert_eq!(
            doc.text,
            "OpenAI's deal  -  worth \"$50 billion\"  -  closed."
        );
        let start = doc.text.find("$50").unwrap();
        let range = doc.original(start..start + "$50 billion".len());
        assert_eq!(&article.text[range], "$50 billion");
        let all = doc.original(0..doc.text.len());
        assert_eq!(
            &article.text[all],
            "OpenAI’s deal — worth “$50 billion” — closed."
        );
        assert_eq!(doc.removed.len(), 2);
    }

    #[test]
    fn repeated_blocks_and_related_lists_are_dropped() {
        let body = "A headline that is long enough to count\n\nThe first paragraph says what happened here.\nRelated Articles\n- One other story\n- Another story\nQuestion about what it means?\nIt means a lot, said the author.\nQuestion about what it means?\nIt means a lot, said the author.\n";
        let (_, doc) = doc(body);
        let sentences: Vec<&str> = (0..doc.sentences.len()).map(|i| doc.sentence(i)).collect();
        assert_eq!(
            sentences,
            vec![
                "A headline that is long enough to count",
                "The first paragraph says what happened here.",
                "Question about what it means?",
                "It means a lot, said the author."
            ]
        );
        assert_eq!(
            doc.headline.as_deref(),
            Some("A headline that is long enough to count")
        );
    }

    #[test]
    fn crlf_lines_keep_exact_offsets() {
        let body = "Title line with four words\r\nIt cost $5 million.\r\n";
        let (article, doc) = doc(body);
        let last = doc.sentences.last().unwrap().clone();
        assert_eq!(&article.text[doc.original(last)], "It cost $5 million.");
    }
}
