//! Rule examples as tests: every `hit` must be found with its exact span, every
//! `miss` must not be. Runs when rules load, so a rule that fails its own
//! examples never scores anything, and in `credence rules check`.

use crate::error::{Location, RuleProblem};
use crate::extract::{find_citations, find_quantities, sentence_events};
use crate::rules::{CitationRules, ClaimRules, ContrastRules, TextRules, parse_marked};
use crate::text::split_sentences;

/// Runs every example of every rule that compiled; returns the failures.
pub fn examples(
    citations: &CitationRules,
    text: Option<&TextRules>,
    claims: Option<&ClaimRules>,
    contrasts: Option<&ContrastRules>,
) -> Vec<RuleProblem> {
    let mut problems = Vec::new();
    let mut fail = |location: &Location, rule: Option<&str>, message: String| {
        problems.push(RuleProblem {
            location: location.clone(),
            rule: rule.map(str::to_string),
            message,
        });
    };
    for (index, rule) in citations.rules.iter().enumerate() {
        // A staleness rule's examples carry their own year ("In 2026, ... a 2023 report").
        let spans_of = |text: &str| -> Vec<String> {
            let reference = crate::extract::years_mentioned(std::iter::once(text));
            find_citations(text, citations, reference)
                .into_iter()
                .filter(|h| h.rule == index)
                .map(|h| text[h.span].to_string())
                .collect()
        };
        for example in &rule.hits {
            let Ok((plain, expected)) = parse_marked(&example.text) else {
                continue;
            };
            let expected: Vec<String> =
                expected.into_iter().map(|s| plain[s].to_string()).collect();
            let found = spans_of(&plain);
            if found != expected {
                fail(
                    &example.location,
                    Some(&rule.id),
                    format!(
                        "hit example {:?}: expected {}, found {}",
                        example.text,
                        quoted(&expected),
                        quoted(&found)
                    ),
                );
            }
        }
        for example in &rule.misses {
            let found = spans_of(&example.text);
            if !found.is_empty() {
                fail(
                    &example.location,
                    Some(&rule.id),
                    format!("miss example {:?}: found {}", example.text, quoted(&found)),
                );
            }
        }
    }
    if let Some(text) = text {
        furniture_and_sentence_examples(text, &mut fail);
    }
    if let Some(claims) = claims {
        quantity_examples(claims, &mut fail);
        people_examples(claims, &mut fail);
        if let Some(contrasts) = contrasts {
            event_examples(contrasts, claims, &mut fail);
        }
    }
    problems
}

fn furniture_and_sentence_examples(
    rules: &TextRules,
    fail: &mut impl FnMut(&Location, Option<&str>, String),
) {
    for rule in &rules.furniture {
        for example in &rule.hits {
            if !rule.pattern.is_match(example.text.trim()) {
                fail(
                    &example.location,
                    Some(&rule.id),
                    format!("hit example {:?}: not matched", example.text),
                );
            }
        }
        for example in &rule.misses {
            if let Some(other) = rules
                .furniture
                .iter()
                .find(|r| r.pattern.is_match(example.text.trim()))
            {
                fail(
                    &example.location,
                    Some(&rule.id),
                    format!("miss example {:?}: dropped by {}", example.text, other.id),
                );
            }
        }
    }
    for example in &rules.sentence_examples {
        let Ok((plain, expected)) = parse_marked(&example.text) else {
            continue;
        };
        let found = split_sentences(&plain, rules);
        let show = |spans: &[std::ops::Range<usize>]| {
            spans
                .iter()
                .map(|s| plain[s.clone()].to_string())
                .collect::<Vec<_>>()
        };
        if show(&found) != show(&expected) {
            fail(
                &example.location,
                None,
                format!(
                    "sentences example: expected {}, found {}",
                    quoted(&show(&expected)),
                    quoted(&show(&found))
                ),
            );
        }
    }
}

fn quantity_examples(rules: &ClaimRules, fail: &mut impl FnMut(&Location, Option<&str>, String)) {
    for example in &rules.examples {
        let Ok((plain, expected)) = parse_marked(&example.text) else {
            continue;
        };
        let found = find_quantities(&plain, rules);
        let ok = matches!(found.as_slice(), [(span, q)] if *span == expected[0]
            && q.unit == example.unit
            && (q.value - example.value).abs() <= 1e-9 * example.value.abs().max(1.0));
        if !ok {
            let got: Vec<String> = found
                .iter()
                .map(|(s, q)| format!("{:?} = {} {}", &plain[s.clone()], q.value, q.unit))
                .collect();
            fail(
                &example.location,
                None,
                format!(
                    "quantity example {:?}: expected {} {}, found [{}]",
                    example.text,
                    example.value,
                    example.unit,
                    got.join(", ")
                ),
            );
        }
    }
    for example in &rules.misses {
        let found = find_quantities(&example.text, rules);
        if !found.is_empty() {
            let got: Vec<String> = found
                .iter()
                .map(|(s, _)| format!("{:?}", &example.text[s.clone()]))
                .collect();
            fail(
                &example.location,
                None,
                format!("quantity miss {:?}: found {}", example.text, got.join(", ")),
            );
        }
    }
}

/// Each pair of counts must be read as one figure's two wordings, or not,
/// as the example says; both must be read as quantities.
fn people_examples(rules: &ClaimRules, fail: &mut impl FnMut(&Location, Option<&str>, String)) {
    for example in &rules.people.examples {
        let first_unit = |text: &str| {
            find_quantities(text, rules)
                .into_iter()
                .next()
                .map(|(_, q)| q.unit)
        };
        let (Some(a), Some(b)) = (first_unit(&example.a), first_unit(&example.b)) else {
            fail(
                &example.location,
                None,
                format!(
                    "people example {:?} / {:?}: both must be read as quantities",
                    example.a, example.b
                ),
            );
            continue;
        };
        if rules.people.alike(&a, &b) != example.same {
            fail(
                &example.location,
                None,
                format!(
                    "people example {:?} ({a}) / {:?} ({b}): expected {}",
                    example.a,
                    example.b,
                    if example.same { "alike" } else { "apart" }
                ),
            );
        }
    }
}

/// Each example's marked word must be read with its term and polarity: as a
/// statement, or (for a positive example) as a plain positive mention. A miss
/// must give no statement at all.
fn event_examples(
    contrasts: &ContrastRules,
    claims: &ClaimRules,
    fail: &mut impl FnMut(&Location, Option<&str>, String),
) {
    for example in &contrasts.examples {
        let Ok((plain, expected)) = parse_marked(&example.text) else {
            continue;
        };
        let events = sentence_events(&plain, contrasts, claims);
        let candidates = events
            .statements
            .iter()
            .chain(events.positives.iter().filter(|_| example.positive));
        let found = candidates.clone().any(|m| {
            m.term == example.term && m.positive == example.positive && m.span == expected[0]
        });
        if !found {
            let got: Vec<String> = candidates
                .map(|m| {
                    format!(
                        "({}, {}) at {:?}",
                        m.term,
                        if m.positive { "+" } else { "-" },
                        &plain[m.span.clone()]
                    )
                })
                .collect();
            fail(
                &example.location,
                None,
                format!(
                    "event example {:?}: expected ({}, {}), found [{}]",
                    example.text,
                    example.term,
                    if example.positive { "+" } else { "-" },
                    got.join(", ")
                ),
            );
        }
    }
    for example in &contrasts.misses {
        let events = sentence_events(&example.text, contrasts, claims);
        if !events.statements.is_empty() {
            let got: Vec<String> = events
                .statements
                .iter()
                .map(|m| m.surface.to_string())
                .collect();
            fail(
                &example.location,
                None,
                format!("event miss {:?}: found {}", example.text, got.join(", ")),
            );
        }
    }
}

fn quoted(spans: &[String]) -> String {
    if spans.is_empty() {
        return "nothing".into();
    }
    spans
        .iter()
        .map(|s| format!("[[{s}]]"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_example_passes() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let problems = examples(
            &rules.citations,
            Some(&rules.text),
            Some(&rules.claims),
            Some(&rules.contrasts),
        );
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "\n{}", text.join("\n"));
    }
}
