//! Citation rules (`vague.toml`, `named.toml`, ...): who a claim is attributed to.

use std::collections::{BTreeMap, HashSet};

use regex::Regex;
use toml::Spanned;

use super::prefilter;
use super::raw::{CitationFile, RawRule};
use super::{Problems, RuleFile, compile_citation_pattern, compile_pattern, parse_marked};
use crate::error::Location;

/// What a citation rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CitationKind {
    /// A source nobody can check.
    Vague,
    /// A source a reader can identify.
    Named,
}

impl CitationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CitationKind::Vague => "vague_citation",
            CitationKind::Named => "named_citation",
        }
    }

    fn parse(kind: &str) -> Option<Self> {
        match kind {
            "vague_citation" => Some(CitationKind::Vague),
            "named_citation" => Some(CitationKind::Named),
            _ => None,
        }
    }
}

/// A compiled citation rule.
#[derive(Debug)]
pub struct CitationRule {
    pub id: String,
    pub kind: CitationKind,
    pub message: String,
    pub explain: String,
    pub weight: f64,
    /// Each pattern may mark the reported span with a group named `span`;
    /// otherwise the whole match is reported.
    pub patterns: Vec<Regex>,
    /// Whether each pattern has a `span` or `year` group to read.
    pub pattern_groups: Vec<bool>,
    /// Each pattern again, for finding its matches faster where the regex
    /// engine's prefilter is weak (`finder_without_weak_prefilter`); `None`:
    /// search with the pattern itself. Same matches either way.
    pub finders: Vec<Option<regex_automata::meta::Regex>>,
    /// A hit whose whole match (context included) matches one of these is dropped.
    pub unless: Vec<Regex>,
    /// A staleness rule: its hits count only when the captured `year` is this
    /// many years or more before the article's own year. Such hits stand
    /// beside the citation they date instead of competing with it.
    pub stale_after_years: Option<i32>,
    pub hits: Vec<Example>,
    pub misses: Vec<Example>,
    pub location: Location,
}

/// An example from a rule file, with its position for messages.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub location: Location,
}

/// All citation rules, in file order.
///
/// There is deliberately no `RegexSet` over all patterns: with forty large,
/// case-insensitive patterns its lazy DFA outgrows its cache and falls back
/// to the slow engine (measured: 5.5 s against 0.4 s for the patterns run one
/// by one, each with its own literal prefilter, on 3.7 MB of news). Instead
/// each pattern runs only on the sentences that hold a word it cannot match
/// without (`prefilter`).
#[derive(Debug)]
pub struct CitationRules {
    pub rules: Vec<CitationRule>,
    /// The words each pattern needs, to skip the sentences without them:
    /// every citation pattern's, then those of `extra_patterns` more.
    pub(crate) prefilter: prefilter::Prefilter,
    /// Patterns of other rules (the credit lines, `ClaimRules::credits`)
    /// whose words are found in the same pass over each article as the
    /// citation patterns' (`CitationScan::take_extra_sentences`): one pass
    /// over the text instead of two.
    pub(crate) extra_patterns: usize,
    /// The `ClaimRules::id` the extra patterns came from: a scan's extra
    /// sentences serve only those rules' credit patterns.
    pub(crate) extra_from: Option<u64>,
}

/// Compiles the citation rules of `files`; `extra` patterns (the credit
/// lines of the claim rules with that id) have their words found with the
/// citation patterns' (`extra_patterns`).
pub(super) fn compile(
    files: Vec<(&RuleFile, CitationFile)>,
    extra: Option<(u64, &[regex::Regex])>,
    problems: &mut Problems,
) -> CitationRules {
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    // Macros are shared by every rule file, so the vocabulary is written once.
    let mut macros = BTreeMap::new();
    for (file, raw) in &files {
        for (name, body) in &raw.macros {
            if macros
                .insert(name.clone(), body.get_ref().clone())
                .is_some()
            {
                problems.at(
                    file,
                    body.span().start,
                    None,
                    format!("macro `{name}` is defined twice"),
                );
            }
        }
    }
    for (file, raw) in files {
        for raw_rule in raw.rule {
            let offset = raw_rule.span().start;
            let raw_rule = raw_rule.into_inner();
            let id = raw_rule.id.get_ref().clone();
            if !seen.insert(id.clone()) {
                problems.at(
                    file,
                    raw_rule.id.span().start,
                    Some(&id),
                    "duplicate rule id",
                );
                continue;
            }
            if let Some(rule) = compile_rule(file, offset, raw_rule, &macros, problems) {
                rules.push(rule);
            }
        }
    }
    let extra_patterns = extra.map_or(&[][..], |(_, patterns)| patterns);
    let prefilter = prefilter::Prefilter::new(
        rules
            .iter()
            .flat_map(|r| r.patterns.iter())
            .chain(extra_patterns),
    );
    CitationRules {
        rules,
        prefilter,
        extra_patterns: extra_patterns.len(),
        extra_from: extra.map(|(id, _)| id),
    }
}

/// Compiles one rule, or records why it cannot be.
fn compile_rule(
    file: &RuleFile,
    offset: usize,
    raw: RawRule,
    macros: &BTreeMap<String, String>,
    problems: &mut Problems,
) -> Option<CitationRule> {
    let id = raw.id.get_ref().clone();
    let before = problems.0.len();
    let mut fail = |span: &std::ops::Range<usize>, message: String| {
        problems.at(file, span.start, Some(&id), message)
    };

    if !valid_id(&id) {
        fail(
            &raw.id.span(),
            "id must be lower-case words joined by `.` and `-`, such as `vague.dated-report`"
                .into(),
        );
    }
    let kind = CitationKind::parse(raw.kind.get_ref());
    if kind.is_none() {
        fail(
            &raw.kind.span(),
            format!(
                "kind `{}` is not `vague_citation` or `named_citation`",
                raw.kind.get_ref()
            ),
        );
    }
    if let Some(problem) = message_problem(raw.message.get_ref()) {
        fail(&raw.message.span(), problem);
    }
    for section in ["Flags:", "Why:", "Leaves alone:"] {
        if !raw.explain.get_ref().contains(section) {
            fail(
                &raw.explain.span(),
                format!("explain needs a `{section}` section"),
            );
        }
    }
    let weight = *raw.weight.get_ref();
    if !(weight.is_finite() && weight >= 0.0) {
        fail(&raw.weight.span(), "weight must be a number >= 0".into());
    }
    if raw.patterns.is_empty() && raw.phrases.is_empty() {
        fail(&(offset..offset), "needs `patterns` or `phrases`".into());
    }
    let mut patterns = Vec::new();
    let mut add = |source: String,
                   span: &std::ops::Range<usize>,
                   what: String,
                   fail: &mut dyn FnMut(&std::ops::Range<usize>, String)| {
        match compile_citation_pattern(&source, macros) {
            Ok(regex) => {
                patterns.push(regex);
            }
            Err(err) => fail(span, format!("{what}: {err}")),
        }
    };
    for (i, pattern) in raw.patterns.iter().enumerate() {
        add(
            pattern.get_ref().clone(),
            &pattern.span(),
            format!("patterns[{i}]"),
            &mut fail,
        );
    }
    if !raw.phrases.is_empty() {
        let alternatives: Vec<String> = raw
            .phrases
            .iter()
            .map(|p| phrase_pattern(p.get_ref()))
            .collect();
        let span = raw.phrases[0].span();
        add(
            format!(r"\b(?:{})\b", alternatives.join("|")),
            &span,
            "phrases".into(),
            &mut fail,
        );
    }
    let mut unless = Vec::new();
    for (i, pattern) in raw.unless.iter().enumerate() {
        match compile_pattern(pattern.get_ref(), macros) {
            Ok(regex) => unless.push(regex),
            Err(err) => fail(&pattern.span(), format!("unless[{i}]: {err}")),
        }
    }
    let stale_after_years = raw.stale_after_years.as_ref().map(|s| *s.get_ref());
    if let Some(stale) = &raw.stale_after_years
        && !patterns
            .iter()
            .all(|p: &Regex| p.capture_names().any(|n| n == Some("year")))
    {
        fail(
            &stale.span(),
            "stale_after_years needs every pattern to capture a group named `year`".into(),
        );
    }
    let pattern_groups = patterns
        .iter()
        .map(|p| {
            p.capture_names()
                .any(|n| matches!(n, Some("span") | Some("year")))
        })
        .collect();
    let finders = patterns
        .iter()
        .map(|p| super::finder_without_weak_prefilter(p.as_str()))
        .collect();
    let hits = examples(file, &raw.hit, true, "hit", &mut fail);
    let misses = examples(file, &raw.miss, false, "miss", &mut fail);
    if raw.hit.is_empty() {
        fail(&(offset..offset), "needs at least one `hit` example".into());
    }
    if raw.miss.is_empty() {
        fail(
            &(offset..offset),
            "needs at least one `miss` example".into(),
        );
    }
    if problems.0.len() > before {
        return None;
    }
    let rule = CitationRule {
        id,
        kind: kind?,
        message: raw.message.into_inner(),
        explain: raw.explain.into_inner().trim().to_string(),
        weight,
        patterns,
        pattern_groups,
        finders,
        unless,
        stale_after_years,
        hits,
        misses,
        location: Location::of_offset(&file.path, &file.text, offset),
    };
    Some(rule)
}

fn examples(
    file: &RuleFile,
    raw: &[Spanned<String>],
    marked: bool,
    what: &str,
    fail: &mut dyn FnMut(&std::ops::Range<usize>, String),
) -> Vec<Example> {
    let mut out = Vec::new();
    for (i, example) in raw.iter().enumerate() {
        match parse_marked(example.get_ref()) {
            Ok((_, spans)) if marked && spans.is_empty() => fail(
                &example.span(),
                format!("{what}[{i}]: mark the expected span with [[...]]"),
            ),
            Ok((_, spans)) if !marked && !spans.is_empty() => fail(
                &example.span(),
                format!("{what}[{i}]: a miss example has no [[...]] span"),
            ),
            Ok(_) => out.push(Example {
                text: example.get_ref().clone(),
                location: Location::of_offset(&file.path, &file.text, example.span().start),
            }),
            Err(err) => fail(&example.span(), format!("{what}[{i}]: {err}")),
        }
    }
    out
}

/// A phrase matches its words in order, separated by any whitespace.
fn phrase_pattern(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

fn valid_id(id: &str) -> bool {
    let mut parts = id.split('.');
    let first = parts.next().unwrap_or("");
    let word = |s: &str| {
        !s.is_empty()
            && s.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    word(first) && id.contains('.') && parts.all(word)
}

/// Messages read as one style: lower-case start, no trailing period.
pub(crate) fn message_problem(message: &str) -> Option<String> {
    if message.trim().is_empty() {
        return Some("message is empty".into());
    }
    if message.starts_with(|c: char| c.is_uppercase()) {
        return Some("message starts with a lower-case letter (it follows `rule id:`)".into());
    }
    if message.ends_with('.') {
        return Some("message has no trailing period".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_dotted_lower_case_words() {
        for (id, ok) in [
            ("vague.dated-report", true),
            ("named.person", true),
            ("Vague.x", false),
            ("vague", false),
            ("vague.-x", false),
            ("a..b", false),
        ] {
            assert_eq!(valid_id(id), ok, "{id}");
        }
    }

    #[test]
    fn phrases_allow_any_whitespace_and_escape_specials() {
        let re = Regex::new(&phrase_pattern("people  familiar (with)")).unwrap();
        assert!(re.is_match("people\nfamiliar (with)"));
        assert!(!re.is_match("people familiar with"));
    }

    #[test]
    fn message_style() {
        assert!(message_problem("document known only by its year").is_none());
        assert!(message_problem("Document").is_some());
        assert!(message_problem("document.").is_some());
        assert!(message_problem(" ").is_some());
    }
}
