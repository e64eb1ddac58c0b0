//! `text.toml`: what counts as page furniture, and where sentences do not end.

use regex::Regex;
use rustc_hash::FxHashSet;

use super::citation::Example;
use super::prefilter::Prefilter;
use super::raw::TextFile;
use super::{Problems, RuleFile, compile_pattern, parse_marked};
use crate::error::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FurnitureAction {
    /// Drop the matching line.
    Line,
    /// Drop the matching heading and the list lines that follow it.
    Section,
}

#[derive(Debug)]
pub struct FurnitureRule {
    pub id: String,
    pub action: FurnitureAction,
    pub message: String,
    /// Matched against a whole line, trimmed.
    pub pattern: Regex,
    /// The longest line (in bytes) `pattern` can match, if it has a bound:
    /// longer lines, such as most paragraphs, need not be tried.
    pub(crate) max_len: Option<usize>,
    pub hits: Vec<Example>,
    pub misses: Vec<Example>,
}

#[derive(Debug)]
pub struct TextRules {
    /// Words such as `Dr` after which a period never ends a sentence.
    pub titles: FxHashSet<String>,
    /// Words such as `Inc` or `U.S` after which a period ends a sentence only
    /// when a typical sentence opener follows.
    pub abbreviations: FxHashSet<String>,
    pub sentence_starters: FxHashSet<String>,
    /// A line at least this long, repeated verbatim, is a repeated block.
    pub repeat_min_chars: usize,
    pub furniture: Vec<FurnitureRule>,
    /// The words each furniture pattern needs, to skip the lines without them.
    pub(crate) furniture_words: Prefilter,
    /// Texts whose `[[sentences]]` are marked: the splitter must find exactly those.
    pub sentence_examples: Vec<Example>,
}

pub(super) fn compile(
    file: &RuleFile,
    raw: TextFile,
    problems: &mut Problems,
) -> Option<TextRules> {
    let before = problems.0.len();
    let no_macros = Default::default();
    let mut furniture = Vec::new();
    let mut ids = FxHashSet::default();
    for rule in raw.furniture {
        let rule = rule.into_inner();
        let id = rule.id.get_ref().clone();
        if !ids.insert(id.clone()) {
            problems.at(file, rule.id.span().start, Some(&id), "duplicate rule id");
        }
        let action = match rule.action.get_ref().as_str() {
            "line" => FurnitureAction::Line,
            "section" => FurnitureAction::Section,
            other => {
                problems.at(
                    file,
                    rule.action.span().start,
                    Some(&id),
                    format!("action `{other}` is not `line` or `section`"),
                );
                continue;
            }
        };
        let alternatives: Vec<&str> = rule.patterns.iter().map(|p| p.get_ref().as_str()).collect();
        let pattern = match compile_pattern(
            &format!("^(?:{})$", alternatives.join(")$|^(?:")),
            &no_macros,
        ) {
            Ok(regex) => regex,
            Err(err) => {
                let span = rule.patterns.first().map_or(rule.id.span(), |p| p.span());
                problems.at(file, span.start, Some(&id), format!("patterns: {err}"));
                continue;
            }
        };
        let to_example = |e: &toml::Spanned<String>| Example {
            text: e.get_ref().clone(),
            location: Location::of_offset(&file.path, &file.text, e.span().start),
        };
        if rule.hit.is_empty() || rule.miss.is_empty() {
            problems.at(
                file,
                rule.id.span().start,
                Some(&id),
                "needs at least one `hit` and one `miss` example",
            );
        }
        let max_len = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern.as_str())
            .ok()
            .and_then(|hir| hir.properties().maximum_len());
        furniture.push(FurnitureRule {
            id,
            action,
            message: rule.message,
            pattern,
            max_len,
            hits: rule.hit.iter().map(to_example).collect(),
            misses: rule.miss.iter().map(to_example).collect(),
        });
    }
    let mut sentence_examples = Vec::new();
    for example in &raw.sentences.hit {
        match parse_marked(example.get_ref()) {
            Ok(_) => sentence_examples.push(Example {
                text: example.get_ref().clone(),
                location: Location::of_offset(&file.path, &file.text, example.span().start),
            }),
            Err(err) => problems.at(
                file,
                example.span().start,
                None,
                format!("sentences.hit: {err}"),
            ),
        }
    }
    let set = |words: Vec<String>| words.into_iter().collect::<FxHashSet<_>>();
    (problems.0.len() == before).then(|| TextRules {
        titles: set(raw.sentences.titles),
        abbreviations: set(raw.sentences.abbreviations),
        sentence_starters: set(raw.sentences.sentence_starters),
        repeat_min_chars: raw.repeats.min_chars,
        furniture_words: Prefilter::new(furniture.iter().map(|r| &r.pattern)),
        furniture,
        sentence_examples,
    })
}
