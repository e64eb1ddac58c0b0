//! One struct per output file: the column names and order are the contract
//! of DESIGN.md that users' scripts rely on. Numbers are pre-formatted with
//! fixed decimals so the same input always gives the same bytes.

use serde::Serialize;

/// A row type and its columns, in order, as DESIGN.md fixes them.
pub trait Row: Serialize {
    const COLUMNS: &'static [&'static str];
}

impl Row for SourceRow {
    const COLUMNS: &'static [&'static str] = &[
        "source",
        "articles",
        "stories",
        "words",
        "claims",
        "corroborated",
        "conflicting",
        "unique",
        "vague_citations",
        "named_citations",
        "corroboration",
        "conflict",
        "vagueness",
        "credibility",
        "top_reasons",
    ];
}

impl Row for ArticleRow {
    const COLUMNS: &'static [&'static str] = &[
        "story",
        "article",
        "source",
        "title",
        "words",
        "claims",
        "corroborated",
        "conflicting",
        "unique",
        "vague_citations",
        "named_citations",
        "corroboration",
        "conflict",
        "vagueness",
        "credibility",
        "top_reasons",
    ];
}

impl Row for FindingRow {
    const COLUMNS: &'static [&'static str] = &[
        "story", "article", "source", "kind", "rule", "start", "end", "line", "excerpt", "detail",
        "related",
    ];
}

#[derive(Debug, Serialize)]
pub struct SourceRow {
    pub source: String,
    pub articles: usize,
    pub stories: usize,
    pub words: usize,
    pub claims: usize,
    pub corroborated: usize,
    pub conflicting: usize,
    pub unique: usize,
    pub vague_citations: usize,
    pub named_citations: usize,
    pub corroboration: String,
    pub conflict: String,
    pub vagueness: String,
    pub credibility: String,
    pub top_reasons: String,
}

#[derive(Debug, Serialize)]
pub struct ArticleRow {
    pub story: String,
    pub article: String,
    pub source: String,
    pub title: String,
    pub words: usize,
    pub claims: usize,
    pub corroborated: usize,
    pub conflicting: usize,
    pub unique: usize,
    pub vague_citations: usize,
    pub named_citations: usize,
    pub corroboration: String,
    pub conflict: String,
    pub vagueness: String,
    pub credibility: String,
    pub top_reasons: String,
}

#[derive(Debug, Serialize)]
pub struct FindingRow {
    pub story: String,
    pub article: String,
    pub source: String,
    pub kind: String,
    pub rule: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub excerpt: String,
    pub detail: String,
    pub related: String,
}

/// Sub-scores in [0, 1]: three decimals.
pub fn fraction(value: f64) -> String {
    format!("{value:.3}")
}

/// Credibility in [0, 100]: one decimal.
pub fn points(value: f64) -> String {
    format!("{value:.1}")
}
