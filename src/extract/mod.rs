//! Stage 3, extract: `Doc` -> citations and claims.
//!
//! Citations come from the rules in `rules/*.toml`: who a statement is
//! attributed to, named or vague. Claims are checkable quantities (money,
//! percentages, counts, years, durations) with the stemmed words that say what
//! each is about. Spans are byte ranges of the original article. Comparing
//! claims across articles is left to `align`.

mod citations;
mod context;
mod quantities;

use std::ops::Range;

use crate::rules::{CitationKind, RuleSet};
use crate::text::Doc;
pub use citations::{Hit, find_citations};
pub use context::{Context, claim_context};
pub use quantities::{Bound, Quantity, find_quantities};

/// A citation found by a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Index of the rule in `RuleSet::citations.rules`.
    pub rule: usize,
    pub kind: CitationKind,
    /// Byte range in the original article.
    pub span: Range<usize>,
    /// Byte range of its sentence in the original article.
    pub sentence: Range<usize>,
}

/// A checkable claim: a quantity and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub quantity: Quantity,
    /// The quantity as written (normalised), e.g. `$50 billion`.
    pub surface: String,
    pub span: Range<usize>,
    pub sentence: Range<usize>,
    /// What it is about: stemmed words of its clause and names of its sentence.
    pub context: Context,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub citations: Vec<Citation>,
    pub claims: Vec<Claim>,
}

pub fn extract(doc: &Doc, rules: &RuleSet) -> Extraction {
    let mut out = Extraction::default();
    for (index, range) in doc.sentences.iter().enumerate() {
        let sentence = doc.sentence(index);
        let original_sentence = doc.original(range.clone());
        let hits = find_citations(sentence, &rules.citations);
        for hit in &hits {
            out.citations.push(Citation {
                rule: hit.rule,
                kind: rules.citations.rules[hit.rule].kind,
                span: doc.original(range.start + hit.span.start..range.start + hit.span.end),
                sentence: original_sentence.clone(),
            });
        }
        for (span, quantity) in find_quantities(sentence, &rules.claims) {
            // A year inside "a 2023 report" belongs to the citation, not to the story.
            if hits
                .iter()
                .any(|h| h.span.start < span.end && span.start < h.span.end)
            {
                continue;
            }
            out.claims.push(Claim {
                quantity,
                surface: sentence[span.clone()].to_string(),
                span: doc.original(range.start + span.start..range.start + span.end),
                sentence: original_sentence.clone(),
                context: claim_context(sentence, span, &rules.claims),
            });
        }
    }
    out
}
