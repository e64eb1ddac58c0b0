//! Running citation rules over a sentence.

use std::ops::Range;

use crate::rules::{CitationKind, CitationRules, ClaimRules};

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
/// spans relative to their sentence: `scan_citations` of one document,
/// resolved against `reference_year`.
pub fn find_citations_in(
    text: &str,
    sentences: &[Range<usize>],
    rules: &CitationRules,
    reference_year: Option<i32>,
) -> Vec<Vec<Hit>> {
    scan_citations(&[(text, sentences)], rules)
        .pop()
        .map(|scan| scan.resolve(reference_year))
        .unwrap_or_default()
}

/// One document's raw citation hits, per sentence, before overlaps are
/// resolved and before staleness is judged (which needs the article's own
/// year, read later from its dates).
#[derive(Debug, Clone, Default)]
pub struct CitationScan {
    candidates: Vec<Vec<Candidate>>,
    /// Per extra pattern (`CitationRules::extra_patterns`), the sentences
    /// holding a word it needs (`None`: all of them), and the claim rules
    /// those patterns came from (`CitationRules::extra_from`).
    extra_sentences: Vec<Option<Vec<usize>>>,
    extra_from: Option<u64>,
    /// Staleness hits, with the year they cite and how many years make it stale.
    dated: Vec<Vec<(Hit, Option<i32>, i32)>>,
}

/// The raw citation hits of each document (`text`, its sentences as ranges
/// of `text`, in order). Each pattern runs on each sentence on its own, so no
/// match crosses a sentence boundary, but only on the sentences that hold
/// one of the words the pattern needs (found for all patterns at once by one
/// pass over each text; see `rules::citation`). Captures are asked for only
/// when a pattern marks a `span` or `year` and has matched.
///
/// The loop runs pattern by pattern over all the documents, not document by
/// document: a pattern's lazy DFA then stays in the processor's cache while
/// it is used, instead of every pattern's tables being fetched again for each
/// article (measured on FNC-1 copies: the citation stage takes about 40% less
/// time this way).
pub fn scan_citations(
    docs: &[(&str, &[Range<usize>])],
    rules: &CitationRules,
) -> Vec<CitationScan> {
    let mut scans: Vec<CitationScan> = docs
        .iter()
        .map(|(_, sentences)| CitationScan {
            candidates: vec![Vec::new(); sentences.len()],
            extra_sentences: Vec::new(),
            extra_from: rules.extra_from,
            dated: vec![Vec::new(); sentences.len()],
        })
        .collect();
    // The words of the extra patterns are found in the same pass; their
    // sentences are kept for whoever runs those patterns.
    let plans: Vec<Vec<Option<Vec<usize>>>> = docs
        .iter()
        .zip(&mut scans)
        .map(|((text, sentences), scan)| {
            let mut plan = rules.prefilter.sentences(text, sentences);
            debug_assert!(plan.len() >= rules.extra_patterns);
            scan.extra_sentences = plan.split_off(plan.len().saturating_sub(rules.extra_patterns));
            plan
        })
        .collect();
    let mut pattern_index = 0;
    for (rule_index, rule) in rules.rules.iter().enumerate() {
        for ((pattern, needs_groups), finder) in rule
            .patterns
            .iter()
            .zip(&rule.pattern_groups)
            .zip(&rule.finders)
        {
            for ((&(text, sentences), plan), scan) in docs.iter().zip(&plans).zip(&mut scans) {
                let run = |at: usize, scan: &mut CitationScan| {
                    let sentence = &text[sentences[at].clone()];
                    // Most sentences hold no match: nothing is allocated then.
                    let found: Vec<Range<usize>> = match finder {
                        Some(finder) => finder
                            .find_iter(sentence.as_bytes())
                            .map(|m| m.range())
                            .collect(),
                        None => pattern.find_iter(sentence).map(|m| m.range()).collect(),
                    };
                    for found in found {
                        if found.is_empty()
                            || rule
                                .unless
                                .iter()
                                .any(|u| u.is_match(&sentence[found.clone()]))
                        {
                            continue;
                        }
                        let captures = if *needs_groups {
                            pattern.captures_at(sentence, found.start)
                        } else {
                            None
                        };
                        let span = captures
                            .as_ref()
                            .and_then(|c| c.name("span"))
                            .map_or(found.clone(), |m| m.range());
                        match rule.stale_after_years {
                            None => scan.candidates[at].push((rule_index, rule.kind, span)),
                            Some(years) => {
                                let year = captures
                                    .as_ref()
                                    .and_then(|c| c.name("year"))
                                    .and_then(|y| y.as_str().parse::<i32>().ok());
                                let hit = Hit {
                                    rule: rule_index,
                                    span,
                                };
                                scan.dated[at].push((hit, year, years));
                            }
                        }
                    }
                };
                match &plan[pattern_index] {
                    Some(only) => only.iter().for_each(|&at| run(at, scan)),
                    None => (0..sentences.len()).for_each(|at| run(at, scan)),
                }
            }
            pattern_index += 1;
        }
    }
    scans
}

impl CitationScan {
    /// For each credit pattern of `claims` (in order), the sentences holding
    /// a word it needs; `None` for all sentences, which is the answer for
    /// every pattern when the scan looked for the words of other rules'.
    pub(crate) fn take_extra_sentences(&mut self, claims: &ClaimRules) -> Vec<Option<Vec<usize>>> {
        let count = claims.credits.len();
        let found = std::mem::take(&mut self.extra_sentences);
        if self.extra_from == Some(claims.id) && found.len() == count {
            found
        } else {
            vec![None; count]
        }
    }

    /// The hits of each sentence. Overlapping hits are resolved longest
    /// first ("UBS analysts noted" is named even though "analysts noted" is
    /// vague). On a tie the vague rule wins: it names the very words it
    /// flags, while named rules accept any capitalised word as a name.
    /// Staleness rules ("a 2023 report" in a 2026 story) stand beside the hit
    /// they date, and only with a `reference_year` to compare against.
    pub fn resolve(self, reference_year: Option<i32>) -> Vec<Vec<Hit>> {
        self.candidates
            .into_iter()
            .zip(self.dated)
            .map(|(candidates, dated)| {
                let stale = dated
                    .into_iter()
                    .filter(|(_, year, years)| match (year, reference_year) {
                        (Some(year), Some(reference)) => reference - year >= *years,
                        _ => false,
                    })
                    .map(|(hit, _, _)| hit)
                    .collect();
                resolve(candidates, stale)
            })
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn sentences(text: &str) -> Vec<Range<usize>> {
        text.split_sentence_bound_indices()
            .map(|(i, s)| i..i + s.len())
            .collect()
    }

    #[test]
    fn the_scan_finds_the_sentences_each_credit_pattern_needs() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let text = "The chip is fast. This story was originally reported by The Next Platform.";
        let ranges = sentences(text);
        let credits = rules.claims.credits.len();
        let scan = || {
            scan_citations(&[(text, &ranges)], &rules.citations)
                .pop()
                .unwrap()
        };
        let found = scan().take_extra_sentences(&rules.claims);
        assert_eq!(found.len(), credits);
        // The first credit pattern needs "reported" (or its fellow verbs):
        // only the second sentence has it.
        assert_eq!(found[0], Some(vec![1]));
        // Asked for the credit patterns of other claim rules than the scan
        // looked for, every pattern runs on every sentence.
        let other = crate::rules::RuleSet::builtin().unwrap().claims;
        assert_eq!(scan().take_extra_sentences(&other), vec![None; credits]);
    }

    #[test]
    fn a_batch_finds_what_each_document_finds_alone() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let texts = [
            "Analysts say the deal is close. A 2019 report found savings, according to Reuters.",
            "No one is cited here.",
            "",
            "Sources said the talks failed. Jane Smith said they would resume. Experts believe otherwise.",
        ];
        let ranges: Vec<Vec<Range<usize>>> = texts.iter().map(|t| sentences(t)).collect();
        let docs: Vec<(&str, &[Range<usize>])> = texts
            .iter()
            .zip(&ranges)
            .map(|(t, r)| (*t, r.as_slice()))
            .collect();
        let batch: Vec<Vec<Vec<Hit>>> = scan_citations(&docs, &rules.citations)
            .into_iter()
            .map(|scan| scan.resolve(Some(2026)))
            .collect();
        let alone: Vec<Vec<Vec<Hit>>> = docs
            .iter()
            .map(|(t, r)| find_citations_in(t, r, &rules.citations, Some(2026)))
            .collect();
        assert_eq!(batch, alone);
        // Something was found in the first and last documents, and the
        // staleness hit needs the reference year.
        assert!(batch[0].iter().flatten().count() >= 3, "{batch:?}");
        assert!(batch[3].iter().flatten().count() >= 3, "{batch:?}");
        let undated = scan_citations(&docs[..1], &rules.citations)
            .pop()
            .unwrap()
            .resolve(None);
        assert!(undated.iter().flatten().count() < batch[0].iter().flatten().count());
    }
}
