//! Rules: `rules/*.toml` -> a checked, compiled `RuleSet`.
//!
//! Parses what the user wrote into the plain structs of `raw`, then builds
//! compiled objects from them, collecting every problem (with file, line,
//! column and rule id) instead of stopping at the first. Running the rules over
//! text is left to the stages that use them; running their examples is `check`.

mod citation;
mod claims;
mod cluster;
mod contrasts;
mod prefilter;
mod raw;
mod scoring;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, RuleProblem};
pub use citation::{CitationKind, CitationRule, CitationRules, Example};
pub use claims::{ClaimRules, PeopleExample, PeopleUnits, QuantityExample};
pub use cluster::ClusterParams;
pub(crate) use contrasts::{
    CUE_DEBUNK, CUE_NEGATOR, CUE_NOT_REVERSAL, CUE_PASSED_ON, CUE_PAST, CUE_POST_NEGATOR,
    CUE_REVERSAL, ROLE_ANTONYM, ROLE_HEDGE,
};
pub use contrasts::{ContrastRules, EventExample, Phrase};
pub use scoring::{Band, Scoring};
pub use text::{FurnitureAction, FurnitureRule, TextRules};

/// The rule files compiled into the binary, so an installed `credence` works
/// anywhere. A test checks this list against the files in `rules/`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("claims.toml", include_str!("../../rules/claims.toml")),
    ("cluster.toml", include_str!("../../rules/cluster.toml")),
    ("contrasts.toml", include_str!("../../rules/contrasts.toml")),
    ("lexicon.toml", include_str!("../../rules/lexicon.toml")),
    ("named.toml", include_str!("../../rules/named.toml")),
    ("scoring.toml", include_str!("../../rules/scoring.toml")),
    ("text.toml", include_str!("../../rules/text.toml")),
    ("vague.toml", include_str!("../../rules/vague.toml")),
];

/// Files with a fixed role; every other `*.toml` holds citation rules.
const TEXT_FILE: &str = "text.toml";
const CLAIMS_FILE: &str = "claims.toml";
const SCORING_FILE: &str = "scoring.toml";
const CONTRASTS_FILE: &str = "contrasts.toml";
const CLUSTER_FILE: &str = "cluster.toml";

/// Upper bound on one compiled pattern, so a runaway rule fails to load
/// instead of eating memory (the `regex` crate's default is 10 MB).
const PATTERN_SIZE_LIMIT: usize = 2 << 20;

/// Room for each citation pattern's lazy DFA, per thread (the `regex`
/// crate's default, which the other rules keep, is 2 MB). A case-insensitive
/// citation pattern with `\w` classes meets many states over a day of news;
/// with 2 MB its cache filled and was cleared again and again, and building
/// states anew took about a fifth of the citation scan (measured on 23 MB,
/// one thread, warm: 0.85 s -> 0.70 s, medians). The cache grows only as far
/// as the text needs it (peak RSS on those 23 MB: 218 MB -> 222 MB).
const PATTERN_DFA_CACHE: usize = 16 << 20;

/// Every rule, compiled and ready to run.
#[derive(Debug)]
pub struct RuleSet {
    pub citations: CitationRules,
    pub text: TextRules,
    pub claims: ClaimRules,
    pub contrasts: ContrastRules,
    pub scoring: Scoring,
    pub cluster: ClusterParams,
    /// Where the rules came from: `built-in` or a folder.
    pub origin: String,
}

/// One rule file's name (for roles and messages) and contents.
struct RuleFile {
    name: String,
    path: PathBuf,
    text: String,
}

/// Rules as far as they compiled, with every problem found so far. `check`
/// runs the examples of whatever compiled before `finish` decides.
pub struct Partial {
    pub citations: CitationRules,
    pub text: Option<TextRules>,
    pub claims: Option<ClaimRules>,
    pub contrasts: Option<ContrastRules>,
    pub scoring: Option<Scoring>,
    pub cluster: Option<ClusterParams>,
    pub origin: String,
    pub problems: Vec<RuleProblem>,
}

impl Partial {
    /// The rule set, or every problem found, sorted by file and position.
    pub fn finish(mut self) -> Result<RuleSet, Error> {
        match (
            self.problems.is_empty(),
            self.text,
            self.claims,
            self.contrasts,
            self.scoring,
            self.cluster,
        ) {
            (true, Some(text), Some(claims), Some(contrasts), Some(scoring), Some(cluster)) => {
                Ok(RuleSet {
                    contrasts,
                    citations: self.citations,
                    text,
                    claims,
                    scoring,
                    cluster,
                    origin: self.origin,
                })
            }
            _ => {
                self.problems.sort_by(|a, b| {
                    (&a.location.path, a.location.line, a.location.col).cmp(&(
                        &b.location.path,
                        b.location.line,
                        b.location.col,
                    ))
                });
                Err(Error::Rules(self.problems))
            }
        }
    }
}

impl RuleSet {
    /// The rules built into the binary, compiled (examples not yet run).
    pub fn builtin_partial() -> Partial {
        let files = BUILTIN
            .iter()
            .map(|(name, text)| RuleFile {
                name: name.to_string(),
                path: Path::new("rules").join(name),
                text: text.to_string(),
            })
            .collect();
        build(files, "built-in".to_string())
    }

    /// Every `*.toml` file in `dir`, replacing the built-in rules.
    pub fn dir_partial(dir: &Path) -> Result<Partial, Error> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            files.push(RuleFile { name, path, text });
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(build(files, dir.display().to_string()))
    }

    /// The built-in rules, compiled, without running their examples (tests use
    /// this; `credence::load_rules` runs the examples too).
    pub fn builtin() -> Result<RuleSet, Error> {
        Self::builtin_partial().finish()
    }

    /// Looks up a citation rule by id.
    pub fn citation(&self, id: &str) -> Option<&CitationRule> {
        self.citations.rules.iter().find(|r| r.id == id)
    }
}

fn build(files: Vec<RuleFile>, origin: String) -> Partial {
    let mut problems = Problems::default();
    let mut text = None;
    let mut claims = None;
    let mut scoring = None;
    let mut contrasts = None;
    let mut cluster = None;
    let mut citation_files = Vec::new();
    for file in &files {
        match file.name.as_str() {
            TEXT_FILE => {
                text = parse::<raw::TextFile>(file, &mut problems)
                    .and_then(|raw| text::compile(file, raw, &mut problems))
            }
            CLAIMS_FILE => {
                claims = parse::<raw::ClaimsFile>(file, &mut problems)
                    .and_then(|raw| claims::compile(file, raw, &mut problems))
            }
            CONTRASTS_FILE => {
                contrasts = parse::<raw::ContrastsFile>(file, &mut problems)
                    .and_then(|raw| contrasts::compile(file, raw, &mut problems))
            }
            SCORING_FILE => {
                scoring = parse::<raw::ScoringFile>(file, &mut problems)
                    .and_then(|raw| scoring::compile(file, raw, &mut problems))
            }
            CLUSTER_FILE => {
                cluster = parse::<raw::ClusterFile>(file, &mut problems)
                    .and_then(|raw| cluster::compile(file, raw, &mut problems))
            }
            _ => citation_files
                .extend(parse::<raw::CitationFile>(file, &mut problems).map(|raw| (file, raw))),
        }
    }
    let credits = claims
        .as_ref()
        .map(|c: &ClaimRules| (c.id, c.credits.as_slice()));
    let citations = citation::compile(citation_files, credits, &mut problems);
    for (name, found) in [
        (TEXT_FILE, text.is_some()),
        (CLAIMS_FILE, claims.is_some()),
        (CONTRASTS_FILE, contrasts.is_some()),
        (SCORING_FILE, scoring.is_some()),
        (CLUSTER_FILE, cluster.is_some()),
    ] {
        let already_reported = problems
            .0
            .iter()
            .any(|p| p.location.path.file_name().is_some_and(|n| n == name));
        if !found && !already_reported {
            problems.0.push(RuleProblem {
                location: Location::file(PathBuf::from(&origin).join(name)),
                rule: None,
                message:
                    "missing: every rules folder needs this file (copy it from the built-in rules/)"
                        .into(),
            });
        }
    }
    Partial {
        citations,
        text,
        claims,
        contrasts,
        scoring,
        cluster,
        origin,
        problems: problems.0,
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &RuleFile, problems: &mut Problems) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(raw) => Some(raw),
        Err(err) => {
            let offset = err.span().map_or(0, |s| s.start);
            let message = err.message().trim().to_string();
            problems.at(file, offset, None, message);
            None
        }
    }
}

/// Every problem found while loading, in file order.
#[derive(Default)]
struct Problems(Vec<RuleProblem>);

impl Problems {
    fn at(
        &mut self,
        file: &RuleFile,
        offset: usize,
        rule: Option<&str>,
        message: impl Into<String>,
    ) {
        self.0.push(RuleProblem {
            location: Location::of_offset(&file.path, &file.text, offset),
            rule: rule.map(str::to_string),
            message: message.into(),
        });
    }
}

/// Compiles one pattern as the rules language defines it: case-insensitive,
/// `{{name}}` macros expanded, `\b` made an ASCII word boundary, and `\w` a
/// Latin-script word character (`WORD_CHARACTER`). The Unicode `\b` forces
/// the regex crate off its fast engines on any non-ASCII text, which most
/// real news bodies contain.
fn compile_pattern(
    pattern: &str,
    macros: &BTreeMap<String, String>,
) -> Result<regex::Regex, String> {
    build_pattern(pattern, macros, PATTERN_SIZE_LIMIT)
}

/// `compile_pattern` for a citation pattern, which runs on every sentence
/// and gets the larger lazy-DFA cache (`PATTERN_DFA_CACHE`).
fn compile_citation_pattern(
    pattern: &str,
    macros: &BTreeMap<String, String>,
) -> Result<regex::Regex, String> {
    build_pattern(pattern, macros, PATTERN_DFA_CACHE)
}

fn build_pattern(
    pattern: &str,
    macros: &BTreeMap<String, String>,
    dfa_cache: usize,
) -> Result<regex::Regex, String> {
    let expanded = expand_macros(pattern, macros, 0)?;
    let rewritten = rewrite_word_escapes(&expanded);
    regex::RegexBuilder::new(&rewritten)
        .case_insensitive(true)
        .size_limit(PATTERN_SIZE_LIMIT)
        .dfa_size_limit(dfa_cache)
        .build()
        .map_err(|err| regex_error_message(&err))
}

/// The compiled `pattern` (as `compile_pattern` made it) built again to
/// search without the regex engine's own literal prefilter, when that
/// prefilter would hunt for a single byte; `None` when it is worth keeping.
///
/// A pattern such as `\b(?:an?|one|another)\s+...report` starts with "a": the
/// engine's prefilter then stops at nearly every "a" of the text and starts
/// the automaton there, which ran three times slower than letting the lazy
/// DFA read the sentence straight through (7 against 2.2 ns a byte on 18 MB
/// of news sentences, each such pattern). Prefixes of two bytes or more
/// ("by", "it", "according") pay their way and are kept. Prefilters never
/// change what matches, only how fast.
fn finder_without_weak_prefilter(pattern: &str) -> Option<regex_automata::meta::Regex> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(pattern)
        .ok()?;
    let prefixes = regex_syntax::hir::literal::Extractor::new().extract(&hir);
    if prefixes.min_literal_len()? > 1 {
        return None;
    }
    regex_automata::meta::Regex::builder()
        .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
        .configure(
            regex_automata::meta::Regex::config()
                .auto_prefilter(false)
                .nfa_size_limit(Some(PATTERN_SIZE_LIMIT))
                .hybrid_cache_capacity(PATTERN_DFA_CACHE),
        )
        .build(pattern)
        .ok()
}

fn expand_macros(
    pattern: &str,
    macros: &BTreeMap<String, String>,
    depth: usize,
) -> Result<String, String> {
    if depth > 4 {
        return Err("macros nested more than 4 deep".into());
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            return Err("unclosed `{{` macro reference".into());
        };
        let name = rest[start + 2..start + 2 + len].trim();
        let Some(body) = macros.get(name) else {
            return Err(format!("unknown macro `{{{{{name}}}}}`"));
        };
        out.push_str(&rest[..start]);
        out.push_str("(?:");
        out.push_str(&expand_macros(body, macros, depth + 1)?);
        out.push(')');
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What `\w` matches in a rule pattern: letters of the Latin script, with
/// their accents (precomposed or combining), the letter apostrophes of
/// "Hawaiʻi" and "Nuuʼuli" (U+02BB, U+02BC), ASCII digits and the underscore.
///
/// Unicode's `\w` holds every script's letters and digits, over 700 ranges
/// of code points. The regex engine turns each range into UTF-8 byte
/// sequences, and reversed (to find where a match starts) those sequences
/// share little: the citation patterns' reverse automata had 147,577 states
/// with it and 48,919 with this class, and building the lazy DFA's states
/// from them was over a third of the instructions of a run over FNC-1's
/// training stories (7.05 billion in all; 4.62 billion with this class, and
/// the same reports). What is lost: letters of other scripts (Greek,
/// Cyrillic, Chinese...), other digits and connector punctuation are no word
/// characters (and `\W` matches them); in English news, a name written in
/// another script.
const WORD_CHARACTER: &str = r"[\p{Latin}\x{300}-\x{36F}\x{2BB}\x{2BC}0-9_]";
const NOT_WORD_CHARACTER: &str = r"[^\p{Latin}\x{300}-\x{36F}\x{2BB}\x{2BC}0-9_]";

/// Rewrites, where Unicode mode covers them (under `(?-u)` they are ASCII
/// already), `\b` and `\B` to their ASCII forms, and `\w` and `\W` to
/// `WORD_CHARACTER` and its complement; a class may hold a class, so this
/// holds inside brackets too. They are read off the pattern's syntax tree,
/// so an escaped backslash or a `\b{start}` is left as it is. A pattern that
/// does not parse is left as it is, for the compiler to report.
fn rewrite_word_escapes(pattern: &str) -> String {
    use regex_syntax::ast::{
        self, AssertionKind, Ast, ClassPerl, ClassPerlKind, ClassSetItem, Flag, GroupKind,
    };

    /// Unicode mode per open group, innermost last; the spans to replace.
    struct Finder {
        unicode: Vec<bool>,
        found: Vec<(usize, usize, &'static str)>,
    }
    impl Finder {
        fn replace(&mut self, span: &ast::Span, with: &'static str) {
            if self.unicode.last() == Some(&true) {
                self.found.push((span.start.offset, span.end.offset, with));
            }
        }
        fn class(&mut self, class: &ClassPerl) {
            if class.kind == ClassPerlKind::Word {
                let with = if class.negated {
                    NOT_WORD_CHARACTER
                } else {
                    WORD_CHARACTER
                };
                self.replace(&class.span, with);
            }
        }
    }
    impl ast::Visitor for Finder {
        type Output = Vec<(usize, usize, &'static str)>;
        type Err = ();
        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.found)
        }
        fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
            match ast {
                Ast::Group(group) => {
                    let outer = self.unicode.last().copied().unwrap_or(true);
                    let inner = match &group.kind {
                        GroupKind::NonCapturing(flags) => flags.flag_state(Flag::Unicode),
                        _ => None,
                    };
                    self.unicode.push(inner.unwrap_or(outer));
                }
                // `(?-u)` holds to the end of the group it stands in.
                Ast::Flags(set) => {
                    if let (Some(state), Some(current)) =
                        (set.flags.flag_state(Flag::Unicode), self.unicode.last_mut())
                    {
                        *current = state;
                    }
                }
                Ast::Assertion(assertion) => match assertion.kind {
                    AssertionKind::WordBoundary => self.replace(&assertion.span, r"(?-u:\b)"),
                    AssertionKind::NotWordBoundary => self.replace(&assertion.span, r"(?-u:\B)"),
                    _ => {}
                },
                Ast::ClassPerl(class) => self.class(class),
                _ => {}
            }
            Ok(())
        }
        fn visit_post(&mut self, ast: &Ast) -> Result<(), ()> {
            if let Ast::Group(_) = ast {
                self.unicode.pop();
            }
            Ok(())
        }
        fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
            if let ClassSetItem::Perl(class) = item {
                self.class(class);
            }
            Ok(())
        }
    }

    let Ok(parsed) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.to_string();
    };
    let finder = Finder {
        unicode: vec![true],
        found: Vec::new(),
    };
    let Ok(mut found) = ast::visit(&parsed, finder) else {
        return pattern.to_string();
    };
    found.sort_unstable();
    let mut out = String::with_capacity(pattern.len() + 32 * found.len());
    let mut at = 0;
    for (start, end, with) in found {
        out.push_str(&pattern[at..start]);
        out.push_str(with);
        at = end;
    }
    out.push_str(&pattern[at..]);
    out
}

/// The one line of a regex error that says what is wrong.
fn regex_error_message(err: &regex::Error) -> String {
    match err {
        regex::Error::CompiledTooBig(limit) => {
            format!("pattern too large (compiles to more than {limit} bytes)")
        }
        other => {
            let text = other.to_string();
            text.lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("error:")
                        .map(|m| m.trim().to_string())
                })
                .unwrap_or(text)
        }
    }
}

/// Examples that mark exactly one span with `[[...]]`, each built by `build`
/// from its raw entry; a bad marking is a problem at the example.
fn single_span_examples<R, T>(
    file: &RuleFile,
    raw: Vec<toml::Spanned<R>>,
    text_of: impl Fn(&R) -> &str,
    mut build: impl FnMut(R, Location) -> T,
    what: &str,
    problems: &mut Problems,
) -> Vec<T> {
    let mut out = Vec::new();
    for example in raw {
        let span = example.span();
        let example = example.into_inner();
        match parse_marked(text_of(&example)) {
            Ok((_, spans)) if spans.len() == 1 => out.push(build(
                example,
                Location::of_offset(&file.path, &file.text, span.start),
            )),
            Ok(_) => problems.at(
                file,
                span.start,
                None,
                format!("example: mark exactly one {what} with [[...]]"),
            ),
            Err(err) => problems.at(file, span.start, None, format!("example: {err}")),
        }
    }
    out
}

/// `[[miss]]` entries as examples with their positions.
fn miss_examples(file: &RuleFile, raw: &[toml::Spanned<raw::RawMiss>]) -> Vec<Example> {
    raw.iter()
        .map(|m| Example {
            text: m.get_ref().text.clone(),
            location: Location::of_offset(&file.path, &file.text, m.span().start),
        })
        .collect()
}

/// Splits an example marked up as `text [[span]] text` into its plain text
/// and the byte ranges of the marked spans.
pub fn parse_marked(example: &str) -> Result<(String, Vec<std::ops::Range<usize>>), String> {
    let mut plain = String::with_capacity(example.len());
    let mut spans = Vec::new();
    let mut rest = example;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open + 2..].find("]]") else {
            return Err("`[[` without `]]`".into());
        };
        plain.push_str(&rest[..open]);
        let start = plain.len();
        plain.push_str(&rest[open + 2..open + 2 + close]);
        spans.push(start..plain.len());
        rest = &rest[open + 2 + close + 2..];
    }
    if rest.contains("]]") {
        return Err("`]]` without `[[`".into());
    }
    plain.push_str(rest);
    Ok((plain, spans))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_single_byte_prefix_loses_the_engines_prefilter() {
        let weak = |p: &str| finder_without_weak_prefilter(p).is_some();
        assert!(weak(r"(?-u:\b)(?:an?|one)\s+(?:report|study)"));
        assert!(weak(r"(?:a|the)\s+spokesman"));
        assert!(!weak(r"(?-u:\b)according\s+to"));
        assert!(!weak(r"(?-u:\b)(?:by|among)\s+many"));
        // No literal prefix at all ("any capital letter"): nothing to weigh.
        assert!(!weak(r"(?-i:[A-Z]\w+)\s+said"));
    }

    #[test]
    fn finders_match_as_their_patterns_do() {
        // A finder is the same pattern searched another way: on every rule
        // example and on text full of its weak prefix, the matches agree.
        let rules = RuleSet::builtin().unwrap();
        let mut found = 0;
        for rule in &rules.citations.rules {
            let texts: Vec<String> = rule
                .hits
                .iter()
                .chain(&rule.misses)
                .map(|e| parse_marked(&e.text).unwrap().0)
                .chain([
                    "A man, an aide and another official said a 2023 report by a firm was wrong. \
                         One new study, a recent report and a local newspaper said so."
                        .to_string(),
                    // Letters the engine folds onto ASCII ones (long s, Kelvin
                    // sign), accents beside word boundaries, a fullwidth a.
                    "Á ſource, an élite report, a café study and ａ \u{212A}ey aide said a ߀ report."
                        .to_string(),
                ])
                .collect();
            for (pattern, finder) in rule.patterns.iter().zip(&rule.finders) {
                let Some(finder) = finder else { continue };
                found += 1;
                for text in &texts {
                    let by_pattern: Vec<_> = pattern.find_iter(text).map(|m| m.range()).collect();
                    let by_finder: Vec<_> = finder
                        .find_iter(text.as_bytes())
                        .map(|m| m.range())
                        .collect();
                    assert_eq!(by_pattern, by_finder, "{} on {text:?}", rule.id);
                }
            }
        }
        assert!(
            found >= 5,
            "the built-in rules have patterns opening with `an?`"
        );
    }

    #[test]
    fn word_boundaries_become_ascii_and_word_characters_latin() {
        let cases = [
            (r"\bfoo\b", r"(?-u:\b)foo(?-u:\b)"),
            (r"a\\b", r"a\\b"),
            (r"\Bx\d", r"(?-u:\B)x\d"),
            (r"a\\w", r"a\\w"),
            (r"\w+", &format!("{WORD_CHARACTER}+")),
            (r"[\w&-]", &format!("[{WORD_CHARACTER}&-]")),
            (r"\W", NOT_WORD_CHARACTER),
            (r"[^\W\d]", &format!("[^{NOT_WORD_CHARACTER}\\d]")),
            // Under `(?-u)` a `\w` means ASCII already, and a Unicode class
            // would not compile there.
            (r"(?-u:\w)\w", &format!("(?-u:\\w){WORD_CHARACTER}")),
            (
                r"a(?-u)\w(?u:\w)",
                &format!("a(?-u)\\w(?u:{WORD_CHARACTER})"),
            ),
            (r"((?-u)\w)\w", &format!("((?-u)\\w){WORD_CHARACTER}")),
            (r"(?-u:(?i:\w))", r"(?-u:(?i:\w))"),
            (r"\b{start}x", r"\b{start}x"),
            (r"(?-u:\bx)\b", r"(?-u:\bx)(?-u:\b)"),
        ];
        for (input, expected) in cases {
            assert_eq!(rewrite_word_escapes(input), expected, "{input}");
        }
    }

    #[test]
    fn word_characters_are_latin_letters_with_accents_digits_and_underscore() {
        let pattern = compile_pattern(r"^[\w.-]+$", &BTreeMap::new()).unwrap();
        for word in [
            "Jos\u{e9}",
            "Jose\u{301}",
            "M\u{fc}ller",
            "\u{141}ukasz",
            "Fran\u{e7}ois",
            "O.J.",
            "bin_2024",
            "co-founder",
            "Hawai\u{2bb}i",
        ] {
            assert!(pattern.is_match(word), "{word:?} is a word");
        }
        for other in [
            "\u{41c}\u{43e}\u{441}\u{43a}\u{432}\u{430}",
            "don\u{2019}t",
            "a b",
            "\u{4e2d}",
        ] {
            assert!(
                !pattern.is_match(other),
                "{other:?} is not all word characters"
            );
        }
        // Case-insensitive, as every pattern is.
        let capital = compile_pattern(r"^\w$", &BTreeMap::new()).unwrap();
        assert!(capital.is_match("\u{c9}") && capital.is_match("\u{e9}"));
        // An ASCII `\w` asked for stays ASCII (and compiles).
        let ascii = compile_pattern(r"^(?-u:\w)+$", &BTreeMap::new()).unwrap();
        assert!(ascii.is_match("Jose") && !ascii.is_match("Jos\u{e9}"));
    }

    #[test]
    fn macros_expand_and_unknown_ones_are_errors() {
        let macros = BTreeMap::from([
            ("say".to_string(), "says?|said".to_string()),
            ("who".to_string(), "analysts {{say}}".to_string()),
        ]);
        assert_eq!(
            expand_macros("{{who}}", &macros, 0).unwrap(),
            "(?:analysts (?:says?|said))"
        );
        assert!(
            expand_macros("{{nope}}", &macros, 0)
                .unwrap_err()
                .contains("unknown macro `{{nope}}`")
        );
        assert!(expand_macros(r"\d{4}", &macros, 0).is_ok());
    }

    #[test]
    fn regex_errors_are_one_line() {
        let err = compile_pattern("(unclosed", &BTreeMap::new()).unwrap_err();
        assert_eq!(err, "unclosed group");
    }

    #[test]
    fn oversized_patterns_are_refused() {
        let err = compile_pattern(r"\w{1000}\w{1000}\w{1000}", &BTreeMap::new()).unwrap_err();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn marked_examples_give_plain_text_and_spans() {
        let (plain, spans) = parse_marked("as [[a 2023 report]] said, [[x]]").unwrap();
        assert_eq!(plain, "as a 2023 report said, x");
        assert_eq!(spans, vec![3..16, 23..24]);
        assert!(parse_marked("[[open").is_err());
        assert!(parse_marked("close]]").is_err());
    }

    #[test]
    fn builtin_list_matches_the_rules_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, built_in);
    }
}
