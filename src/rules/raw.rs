//! The rule files as written: plain structs that mirror the TOML, with the
//! positions of the values that later checks may need to point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// A citation rule file such as `vague.toml` or `named.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitationFile {
    /// Named pieces of regex, used in patterns as `{{name}}`.
    #[serde(default)]
    pub macros: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub message: Spanned<String>,
    pub explain: Spanned<String>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub phrases: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    #[serde(default = "one")]
    pub weight: Spanned<f64>,
    /// Hits count only when the group `year` is at least this many years
    /// before the article's own year (published, else the year it mentions most).
    #[serde(default)]
    pub stale_after_years: Option<Spanned<i32>>,
    #[serde(default)]
    pub hit: Vec<Spanned<String>>,
    #[serde(default)]
    pub miss: Vec<Spanned<String>>,
}

fn one() -> Spanned<f64> {
    Spanned::new(0..0, 1.0)
}

/// `text.toml`: page furniture and sentence splitting.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextFile {
    pub sentences: RawSentences,
    pub repeats: RawRepeats,
    #[serde(default)]
    pub furniture: Vec<Spanned<RawFurniture>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSentences {
    pub titles: Vec<String>,
    pub abbreviations: Vec<String>,
    pub sentence_starters: Vec<String>,
    #[serde(default)]
    pub hit: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepeats {
    pub min_chars: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFurniture {
    pub id: Spanned<String>,
    pub action: Spanned<String>,
    pub message: String,
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub hit: Vec<Spanned<String>>,
    #[serde(default)]
    pub miss: Vec<Spanned<String>>,
}

/// `claims.toml`: the vocabulary of quantities and the thresholds of alignment.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsFile {
    pub quantities: RawQuantities,
    pub copies: RawCopies,
    pub context: RawContext,
    pub align: RawAlign,
    /// Absent from older rule folders: counts of people match only in one word.
    #[serde(default)]
    pub people: RawPeople,
    #[serde(default)]
    pub example: Vec<Spanned<RawQuantityExample>>,
    #[serde(default)]
    pub miss: Vec<Spanned<RawMiss>>,
}

/// A text that must yield no quantity.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMiss {
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCopies {
    pub shingle_words: usize,
    pub threshold: f64,
    pub credits: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuantities {
    pub scales: BTreeMap<String, f64>,
    pub currency_symbols: BTreeMap<String, String>,
    pub currency_words: BTreeMap<String, String>,
    pub currency_codes: Vec<String>,
    pub percent_words: Vec<String>,
    pub duration_units: BTreeMap<String, String>,
    pub number_words: BTreeMap<String, f64>,
    pub at_least: Vec<String>,
    pub at_most: Vec<String>,
    pub approximately: Vec<String>,
    /// Absent from older rule folders: no age read from the words before a number.
    #[serde(default)]
    pub age_words: Vec<String>,
    /// Absent from older rule folders: no bound read after a number.
    #[serde(default)]
    pub at_least_after: Vec<String>,
    #[serde(default)]
    pub at_most_after: Vec<String>,
    pub date_words: Vec<String>,
    pub rounding_cap: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContext {
    pub stopwords: Vec<String>,
    pub clause_words: Vec<String>,
    pub min_terms: usize,
    pub head_terms: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAlign {
    pub same_context: f64,
    pub conflict_context: f64,
    pub prior_reliability: f64,
    pub prior_strength: f64,
    #[serde(default)]
    pub no_conflict_units: Vec<String>,
    #[serde(default)]
    pub person_units: Vec<String>,
    /// Absent from older rule folders: 1 (never by this route).
    #[serde(default = "never")]
    pub one_value_context: f64,
    #[serde(default)]
    pub one_value_units: Vec<String>,
    /// Absent from older rule folders: no echoes joined.
    #[serde(default)]
    pub join_echoes: bool,
    /// Absent from older rule folders: no bounds joined.
    #[serde(default)]
    pub join_bounds: bool,
    /// Absent from older rule folders: no age linked to an earlier name.
    #[serde(default)]
    pub person_named_before: bool,
    /// Absent from older rule folders: no copy called wrong by its fellow copies.
    #[serde(default)]
    pub altered_copies: Vec<String>,
}

/// `[people]` in claims.toml: the words that count people, and the splits
/// no person is on both sides of.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeople {
    #[serde(default)]
    pub general: Vec<String>,
    #[serde(default)]
    pub splits: Vec<RawSplit>,
    #[serde(default)]
    pub example: Vec<Spanned<RawPeopleExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSplit {
    pub one: Vec<String>,
    pub other: Vec<String>,
}

/// Two counts, and whether they may be one figure.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeopleExample {
    pub a: String,
    pub b: String,
    pub same: bool,
}

fn never() -> f64 {
    1.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuantityExample {
    pub text: String,
    pub unit: String,
    pub value: f64,
}

/// `scoring.toml`: how findings become scores.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringFile {
    pub credibility: RawCredibility,
    pub corroboration: RawCorroboration,
    pub conflict: RawConflict,
    pub vagueness: RawVagueness,
    pub reasons: RawReasons,
    #[serde(default)]
    pub band: Vec<Spanned<RawBand>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub min: f64,
    pub label: String,
    pub meaning: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCredibility {
    pub corroboration: f64,
    pub conflict: f64,
    pub vagueness: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCorroboration {
    pub prior_claims: f64,
    pub prior_rate: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConflict {
    pub per_conflict: f64,
    pub superseded_weight: f64,
    /// Absent from older rule folders: a doubter then stands halfway.
    #[serde(default = "half")]
    pub doubt_stance: f64,
    /// The key `doubt_stance` replaced, with another meaning (a weight, not
    /// a stance): refused with a message, so that no folder's scores change
    /// silently.
    pub doubt_weight: Option<f64>,
    /// Absent from older rule folders: twice the distance from the story's
    /// mean stance, so that an even split weighs one conflict.
    #[serde(default = "double")]
    pub account_weight: f64,
    /// Absent from older rule folders: an altered copy weighs a full conflict.
    #[serde(default = "full")]
    pub altered_copy_weight: f64,
    /// Absent from older rule folders: claim conflicts sharing a sentence
    /// count as one, as built in.
    #[serde(default = "yes")]
    pub one_per_sentence: bool,
}

fn yes() -> bool {
    true
}

fn half() -> f64 {
    0.5
}

fn full() -> f64 {
    1.0
}

fn double() -> f64 {
    2.0
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVagueness {
    pub prior_citations: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReasons {
    pub top: usize,
    pub min_points: f64,
}

/// `contrasts.toml`: negation, reversal and antonyms, and the stance words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContrastsFile {
    pub polarity: RawPolarity,
    #[serde(default)]
    pub antonym: Vec<RawAntonym>,
    pub stance: RawStance,
    #[serde(default)]
    pub example: Vec<Spanned<RawEventExample>>,
    #[serde(default)]
    pub miss: Vec<Spanned<RawMiss>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolarity {
    pub negators: Vec<String>,
    pub reversals: Vec<String>,
    pub post_negators: Vec<String>,
    pub scope: usize,
    pub hedges: Vec<String>,
    pub not_negating: Vec<String>,
    /// Absent from older rule folders: every reversal reverses.
    #[serde(default)]
    pub not_reversals: Vec<String>,
    pub pass_over: Vec<String>,
    pub past_markers: Vec<String>,
    pub ignore: Vec<String>,
    /// Absent from older rule folders: every statement may have a rival.
    #[serde(default)]
    pub speech_acts: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAntonym {
    pub frame: String,
    pub positive: Vec<String>,
    pub negative: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStance {
    pub debunk: Vec<String>,
    pub min_sentences: usize,
    /// Absent from older rule folders: no word then reports a doubt.
    #[serde(default)]
    pub reported: Vec<String>,
    /// Sentences stating that the story's key event did not happen that make
    /// an article reject the account; absent from older rule folders: 0, off.
    #[serde(default)]
    pub min_denial_sentences: usize,
    pub key_share: f64,
    /// Absent from older rule folders: no word then passes the account on.
    #[serde(default)]
    pub passed_on: Vec<String>,
    /// Absent from older rule folders: such an article stands where any
    /// other giving the account does, at 0.
    #[serde(default)]
    pub passed_on_stance: f64,
    /// Absent from older rule folders: 0, no sentence is read as a verdict
    /// on the one before it.
    #[serde(default)]
    pub verdict_words: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEventExample {
    pub text: String,
    pub term: String,
    pub positive: bool,
}

/// `cluster.toml`: how articles without a story are grouped by content.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterFile {
    pub terms: RawClusterTerms,
    pub copies: RawClusterCopies,
    pub blocking: RawBlocking,
    pub grouping: RawGrouping,
    pub names: RawStoryNames,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClusterTerms {
    pub stopwords: Vec<String>,
    pub min_chars: usize,
    pub top: usize,
    pub entity_boost: f64,
    pub prior_articles: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClusterCopies {
    pub shingle_words: usize,
    pub bands: usize,
    pub rows: usize,
    pub similarity: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBlocking {
    pub keys: usize,
    pub min_shared: usize,
    pub min_block: usize,
    pub block_share: f64,
    pub max_candidates: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrouping {
    pub link: f64,
    pub merge: f64,
    pub centroid_terms: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStoryNames {
    pub prefix: String,
    pub terms: usize,
}
