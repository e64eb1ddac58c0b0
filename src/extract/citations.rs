//! Running citation rules over a sentence.

use std::ops::Range;

use crate::rules::{CitationKind, CitationRules};

/// A rule's hit in a sentence; `span` is relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub span: Range<usize>,
}

/// Every citation in `sentence` (see `find_citations_in`).
pub fn find_citations(
    sentence: &str,
    rules: &CitationRules,
    reference_year: Option<i32>,
) -> Vec<Hit> {
    find_citations_in(sentence, &[0..sentence.len()], rules, reference_year)
        .pop()
        .unwrap_or_default()
}

/// Every citation in each of `sentences` (ranges of `text`, in order), with
/// spans relative to their sentence. Each pattern runs on each sentence on
/// its own, so no match crosses a sentence boundary, but only on the
/// sentences that hold one of the words the pattern needs (found for all
/// patterns at once by one pass over the text; see `rules::citation`).
/// Captures are asked for only when a pattern marks a `span` or `year` and
/// has matched.
///
/// In each sentence, overlapping hits are resolved longest first ("UBS
/// analysts noted" is named even though "analysts noted" is vague). On a tie
/// the vague rule wins: it names the very words it flags, while named rules
/// accept any capitalised word as a name. Staleness rules ("a 2023 report" in
/// a 2026 story) stand beside the hit they date, and only with a
/// `reference_year` to compare against.
pub fn find_citations_in(
    text: &str,
    sentences: &[Range<usize>],
    rules: &CitationRules,
    reference_year: Option<i32>,
) -> Vec<Vec<Hit>> {
    let mut candidates: Vec<Vec<Candidate>> = vec![Vec::new(); sentences.len()];
    let mut stale: Vec<Vec<Hit>> = vec![Vec::new(); sentences.len()];
    let mut plan = rules.prefilter.sentences(text, sentences).into_iter();
    let everywhere: Vec<usize> = (0..sentences.len()).collect();
    for (rule_index, rule) in rules.rules.iter().enumerate() {
        for (pattern, needs_groups) in rule.patterns.iter().zip(&rule.pattern_groups) {
            let only = plan.next().flatten();
            for &at in only.as_deref().unwrap_or(&everywhere) {
                let sentence = &text[sentences[at].clone()];
                for found in pattern.find_iter(sentence) {
                    if found.is_empty() || rule.unless.iter().any(|u| u.is_match(found.as_str())) {
                        continue;
                    }
                    let captures = if *needs_groups {
                        pattern.captures_at(sentence, found.start())
                    } else {
                        None
                    };
                    let span = captures
                        .as_ref()
                        .and_then(|c| c.name("span"))
                        .map_or(found.range(), |m| m.range());
                    match rule.stale_after_years {
                        None => candidates[at].push((rule_index, rule.kind, span)),
                        Some(years) => {
                            let year = captures
                                .as_ref()
                                .and_then(|c| c.name("year"))
                                .and_then(|y| y.as_str().parse::<i32>().ok());
                            if let (Some(year), Some(reference)) = (year, reference_year)
                                && reference - year >= years
                            {
                                stale[at].push(Hit {
                                    rule: rule_index,
                                    span,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    candidates
        .into_iter()
        .zip(stale)
        .map(|(c, s)| resolve(c, s))
        .collect()
}

type Candidate = (usize, CitationKind, Range<usize>);

/// Keeps the longest of overlapping hits (the vague one on a tie), then adds
/// the staleness hits, in order of position.
fn resolve(mut candidates: Vec<Candidate>, stale: Vec<Hit>) -> Vec<Hit> {
    candidates.sort_by(|a, b| {
        let len = |c: &(usize, CitationKind, Range<usize>)| c.2.len();
        len(b)
            .cmp(&len(a))
            .then(a.1.cmp(&b.1))
            .then(a.2.start.cmp(&b.2.start))
            .then(a.0.cmp(&b.0))
    });
    let mut kept: Vec<Hit> = Vec::new();
    for (rule, _, span) in candidates {
        if kept
            .iter()
            .all(|k| k.span.end <= span.start || span.end <= k.span.start)
        {
            kept.push(Hit { rule, span });
        }
    }
    kept.extend(stale);
    kept.sort_by_key(|h| (h.span.start, h.span.end, h.rule));
    kept
}
