//! The rule catalogue checks itself: ids, kinds, messages, explanations and
//! examples. (The examples themselves run in `credence rules check` and in
//! the library's `check` tests.)

mod common;

use std::collections::{BTreeMap, HashSet};

use credence::rules::{CitationKind, RuleSet};

fn rules() -> RuleSet {
    credence::load_rules(None).expect("built-in rules load and pass their examples")
}

#[test]
fn ids_are_unique_and_sorted_within_each_file() {
    let rules = rules();
    let mut seen = HashSet::new();
    let mut by_file: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for rule in &rules.citations.rules {
        assert!(seen.insert(rule.id.as_str()), "duplicate id {}", rule.id);
        by_file
            .entry(rule.location.path.display().to_string())
            .or_default()
            .push(&rule.id);
    }
    for (file, ids) in by_file {
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted, "{file}: rules in id order");
    }
}

#[test]
fn ids_say_what_kind_of_citation_they_find() {
    for rule in &rules().citations.rules {
        let prefix = match rule.kind {
            CitationKind::Vague => "vague.",
            CitationKind::Named => "named.",
        };
        assert!(
            rule.id.starts_with(prefix),
            "{} is a {}",
            rule.id,
            rule.kind.as_str()
        );
    }
}

#[test]
fn every_rule_has_two_hits_two_misses_a_message_and_an_explanation() {
    for rule in &rules().citations.rules {
        assert!(
            rule.hits.len() >= 2,
            "{}: {} hit examples",
            rule.id,
            rule.hits.len()
        );
        assert!(
            rule.misses.len() >= 2,
            "{}: {} miss examples",
            rule.id,
            rule.misses.len()
        );
        let first = rule.message.chars().next().unwrap();
        assert!(
            first.is_lowercase() && !rule.message.ends_with('.'),
            "{}: message style {:?}",
            rule.id,
            rule.message
        );
        assert!(
            rule.message.len() <= 60,
            "{}: message is one short line",
            rule.id
        );
        for section in ["Flags:", "Why:", "Leaves alone:"] {
            assert!(
                rule.explain.contains(section),
                "{}: explain lacks {section}",
                rule.id
            );
        }
        assert!(rule.weight > 0.0, "{}", rule.id);
    }
}

#[test]
fn furniture_rules_have_examples_both_ways() {
    let rules = rules();
    assert!(!rules.text.furniture.is_empty());
    for rule in &rules.text.furniture {
        assert!(rule.id.starts_with("furniture."), "{}", rule.id);
        assert!(
            rule.hits.len() >= 2 && rule.misses.len() >= 2,
            "{}",
            rule.id
        );
    }
}

/// The rules with `edit` applied to `file`, loaded as a rules folder.
fn load_edited(file: &str, edit: impl Fn(&str) -> String) -> Result<RuleSet, String> {
    let dir = common::rules_edited(file, edit);
    credence::load_rules(Some(dir.path())).map_err(|e| e.to_string())
}

fn scoring_edited(edit: impl Fn(&str) -> String) -> Result<RuleSet, String> {
    load_edited("scoring.toml", edit)
}

#[test]
fn the_account_weight_defaults_and_the_doubters_stance_is_a_share() {
    // A rules folder from before `account_weight`: twice the distance.
    let old = scoring_edited(|s| s.replace("\naccount_weight = ", "\n# account_weight = "));
    assert_eq!(old.unwrap().scoring.account_weight, 2.0);
    let refused =
        scoring_edited(|s| s.replace("\naccount_weight = 2.0", "\naccount_weight = -1.0"))
            .unwrap_err();
    assert!(
        refused.contains("conflict.account_weight must be a number >= 0"),
        "{refused}"
    );
    // A doubter stands between giving the account (0) and rejecting it (1).
    let refused =
        scoring_edited(|s| s.replace("\ndoubt_stance = 0.5", "\ndoubt_stance = 1.5")).unwrap_err();
    assert!(
        refused.contains("conflict.doubt_stance must be between 0 and 1"),
        "{refused}"
    );
    // The key it replaced meant a weight: a folder still setting it is
    // refused, saying what changed, rather than scored another way.
    let refused =
        scoring_edited(|s| s.replace("\ndoubt_stance = 0.5", "\ndoubt_weight = 0.25")).unwrap_err();
    assert!(
        refused.contains("conflict.doubt_weight is now conflict.doubt_stance"),
        "{refused}"
    );
    let absent = scoring_edited(|s| s.replace("\ndoubt_stance = ", "\n# doubt_stance = "));
    assert_eq!(absent.unwrap().scoring.doubt_stance, 0.5);
}

#[test]
fn passing_the_account_on_defaults_off_and_never_stands_with_a_rejection() {
    // A rules folder from before `passed_on`: no words, so every article
    // giving the account stands at 0, as it did.
    let old = load_edited("contrasts.toml", |s| {
        s.replace("\npassed_on = ", "\n# passed_on = ")
            .replace("\npassed_on_stance = ", "\n# passed_on_stance = ")
    })
    .unwrap();
    assert!(old.contrasts.passed_on.is_empty());
    assert!(!rules().contrasts.passed_on.is_empty());
    // At 1 an article passing the account on would stand where a rejection
    // does, and the two sides could no longer be told apart.
    for refused in ["1.0", "-0.1"] {
        let error = load_edited("contrasts.toml", |s| {
            s.replace(
                "\npassed_on_stance = 0.4",
                &format!("\npassed_on_stance = {refused}"),
            )
        })
        .unwrap_err();
        assert!(
            error.contains("stance.passed_on_stance must be at least 0 and below 1"),
            "{error}"
        );
    }
}

#[test]
fn a_not_reversal_must_start_like_a_reversal() {
    // "gave up" starts with no reversal's first word: it could never cancel
    // one, so the rules folder is refused with the phrase named.
    let error = load_edited("contrasts.toml", |s| {
        s.replace("not_reversals = [", "not_reversals = [\"gave up\", ")
    })
    .unwrap_err();
    assert!(
        error.contains(
            "polarity.not_reversals: \"gave up\" does not start with the first word of a reversal"
        ),
        "{error}"
    );
    assert!(
        rules()
            .contrasts
            .not_reversals
            .iter()
            .any(|p| p.join(" ") == "ended up")
    );
}
