//! Running citation rules over a sentence.

use std::ops::Range;

use crate::rules::{CitationKind, CitationRules};

/// A rule's hit in a sentence; `span` is relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub span: Range<usize>,
}

/// Every citation in `sentence`. One pass of the prefilter set tells which
/// patterns can match; only those run to find spans. Overlapping hits are
/// resolved longest first ("UBS analysts noted" is named even though
/// "analysts noted" is vague). On a tie the vague rule wins: it names the very
/// words it flags, while named rules accept any capitalised word as a name.
pub fn find_citations(sentence: &str, rules: &CitationRules) -> Vec<Hit> {
    let matched = rules.prefilter.matches(sentence);
    if !matched.matched_any() {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    for index in matched.iter() {
        let (rule_index, pattern_index) = rules.owners[index];
        let rule = &rules.rules[rule_index];
        let pattern = &rule.patterns[pattern_index];
        let has_span_group = pattern.capture_names().any(|n| n == Some("span"));
        for captures in pattern.captures_iter(sentence) {
            let whole = captures.get(0).expect("group 0 always matches");
            if whole.is_empty() || rule.unless.iter().any(|u| u.is_match(whole.as_str())) {
                continue;
            }
            let span = match has_span_group.then(|| captures.name("span")).flatten() {
                Some(m) => m.range(),
                None => whole.range(),
            };
            candidates.push((rule_index, rule.kind, span));
        }
    }
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
    kept.sort_by_key(|h| (h.span.start, h.span.end, h.rule));
    kept
}
