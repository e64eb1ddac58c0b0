//! One struct per output file: the column names and order are the contract
//! of DESIGN.md that users' scripts rely on. Numbers are pre-formatted with
//! fixed decimals so the same input always gives the same bytes.

use serde::Serialize;

/// A row type and its columns, in order, as DESIGN.md fixes them.
pub trait Row: Serialize {
    const COLUMNS: &'static [&'static str];
    /// The same columns with what each holds, for the workbook: its cell
    /// type and the sentence its "How to read" sheet gives.
    const SPEC: &'static [Column];
}

/// What a column holds, which decides how the workbook stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A short text cell.
    Text,
    /// A long text cell, wrapped in the workbook.
    Prose,
    /// A whole number.
    Count,
    /// A sub-score in [0, 1], three decimals.
    Fraction,
    /// Credibility in [0, 100], one decimal.
    Points,
}

/// One column: its name (the CSV header), kind, and meaning in plain words.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub help: &'static str,
}

const fn col(name: &'static str, kind: Kind, help: &'static str) -> Column {
    Column { name, kind, help }
}

// Meanings shared by sources and articles.
const WORDS: Column = col(
    "words",
    Kind::Count,
    "Words of text, page furniture (menus, share buttons, newsletter boxes) left out.",
);
const CLAIMS: Column = col(
    "claims",
    Kind::Count,
    "Checkable claims: figures, dates, contested statements and quotations shared with other articles. A claim repeated in one article counts once.",
);
const CORROBORATED: Column = col(
    "corroborated",
    Kind::Count,
    "Claims that at least one other independent source on the same story also gives.",
);
const CONFLICTING: Column = col(
    "conflicting",
    Kind::Count,
    "Claims outweighed by a different answer that the majority of independent sources give (claims only outdated by later reports included, at a quarter of the weight).",
);
const UNIQUE: Column = col(
    "unique",
    Kind::Count,
    "Claims no other source gives, or disputed ones with no majority either way. Never counted as a conflict.",
);
const VAGUE: Column = col(
    "vague_citations",
    Kind::Count,
    "Citations of sources a reader cannot check: \"analysts say\", \"a 2023 report\", \"sources said\".",
);
const NAMED: Column = col(
    "named_citations",
    Kind::Count,
    "Citations of sources a reader can identify: a named person, organisation or document.",
);
const CORROBORATION: Column = col(
    "corroboration",
    Kind::Fraction,
    "0 to 1: the share of claims other sources confirm (higher is better). See \"The scores\" below.",
);
const CONFLICT: Column = col(
    "conflict",
    Kind::Fraction,
    "0 to 1: how strongly the claims contradict the majority account (lower is better).",
);
const VAGUENESS: Column = col(
    "vagueness",
    Kind::Fraction,
    "0 to 1: the share of citations that are vague (lower is better).",
);
const CREDIBILITY: Column = col(
    "credibility",
    Kind::Points,
    "0 to 100: the three sub-scores combined (higher is better). See \"Score bands\" below.",
);
const TOP_REASONS: Column = col(
    "top_reasons",
    Kind::Prose,
    "The rules whose findings moved credibility most, as rule xCOUNT: what it finds (points credibility would change without them).",
);

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
    const SPEC: &'static [Column] = &[
        col(
            "source",
            Kind::Text,
            "The outlet that published the articles.",
        ),
        col(
            "articles",
            Kind::Count,
            "Articles by this source in the batch.",
        ),
        col(
            "stories",
            Kind::Count,
            "Stories (groups of articles about one event) those articles belong to.",
        ),
        WORDS,
        CLAIMS,
        CORROBORATED,
        CONFLICTING,
        UNIQUE,
        VAGUE,
        NAMED,
        CORROBORATION,
        CONFLICT,
        VAGUENESS,
        CREDIBILITY,
        TOP_REASONS,
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
    const SPEC: &'static [Column] = &[
        STORY,
        col(
            "article",
            Kind::Text,
            "The article's id: its path under the folder given to credence, or its id field.",
        ),
        col("source", Kind::Text, "The outlet that published it."),
        col(
            "title",
            Kind::Text,
            "Its title, else the first line of its text that reads like a headline.",
        ),
        WORDS,
        CLAIMS,
        CORROBORATED,
        CONFLICTING,
        UNIQUE,
        VAGUE,
        NAMED,
        CORROBORATION,
        CONFLICT,
        VAGUENESS,
        CREDIBILITY,
        TOP_REASONS,
    ];
}

const STORY: Column = col(
    "story",
    Kind::Text,
    "The story: articles about the same event, compared with each other.",
);

impl Row for FindingRow {
    const COLUMNS: &'static [&'static str] = &[
        "story", "article", "source", "kind", "rule", "start", "end", "line", "excerpt", "detail",
        "related",
    ];
    const SPEC: &'static [Column] = &[
        STORY,
        col(
            "article",
            Kind::Text,
            "The article it was found in; the link opens its row on the Articles sheet.",
        ),
        col("source", Kind::Text, "The article's outlet."),
        col(
            "kind",
            Kind::Text,
            "vague_citation, named_citation, corroborated, conflict, unique or copy.",
        ),
        col(
            "rule",
            Kind::Text,
            "The rule that found it: a citation rule (credence rules explain ID), claim.corroborated, claim.conflict, claim.altered-copy, claim.superseded, claim.doubt, claim.unique, copy.shingles or copy.credit.",
        ),
        col(
            "start",
            Kind::Count,
            "Byte offset where the span starts in the file as read (front matter included).",
        ),
        col("end", Kind::Count, "Byte offset where the span ends."),
        col(
            "line",
            Kind::Count,
            "The line of the file the span starts on, from 1.",
        ),
        col(
            "excerpt",
            Kind::Prose,
            "The sentence holding the span, on one line (cut around the span past 400 characters).",
        ),
        col(
            "detail",
            Kind::Prose,
            "The rule's message; for a claim, what it says and how many independent sources (with what reliability weight) give it or another answer.",
        ),
        col(
            "related",
            Kind::Prose,
            "For a claim, the other articles and what each says (article: value; ...); for a copy, the original.",
        ),
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
