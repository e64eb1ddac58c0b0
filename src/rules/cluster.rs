//! `cluster.toml`: the constants of automatic story grouping (`--cluster`).
//! The method is in the `cluster` stage and the README; this file only checks
//! and holds its numbers.

use rustc_hash::FxHashSet;
use std::path::Path;

use super::raw::ClusterFile;
use super::{Problems, RuleFile};
use crate::error::Error;

/// How articles without a story are grouped; see `rules/cluster.toml` for
/// what each number does and why.
#[derive(Debug, Clone)]
pub struct ClusterParams {
    /// Lower-case words ignored entirely.
    pub stopwords: FxHashSet<String>,
    /// Words shorter than this (in characters) are ignored.
    pub min_chars: usize,
    /// Terms kept per article.
    pub top_terms: usize,
    /// Weight factor of a term seen capitalised inside a sentence.
    pub entity_boost: f64,
    /// Articles without any of the terms added to the batch for IDF.
    pub prior_articles: f64,
    /// Word n-gram length of the copy shingles.
    pub shingle_words: usize,
    /// MinHash bands and rows per band (slots = bands * rows).
    pub bands: usize,
    pub rows: usize,
    /// Least estimated shingle Jaccard for two articles to be copies.
    pub copy_similarity: f64,
    /// Blocking keys per article, and how many two articles must share.
    pub keys: usize,
    pub min_shared: usize,
    /// A key shared by more than max(min_block, block_share * n) articles is ignored.
    pub min_block: usize,
    pub block_share: f64,
    /// Candidates scored per article.
    pub max_candidates: usize,
    /// Least cosine of a link, and of two centroids that merge.
    pub link: f64,
    pub merge: f64,
    /// Terms kept in a group's centroid.
    pub centroid_terms: usize,
    /// Story names: `<prefix>-<number>-<terms>`.
    pub name_prefix: String,
    pub name_terms: usize,
}

impl Default for ClusterParams {
    /// The built-in `rules/cluster.toml`.
    fn default() -> Self {
        Self::from_toml(include_str!("../../rules/cluster.toml"))
            .expect("the built-in rules/cluster.toml is valid (a unit test loads it)")
    }
}

impl ClusterParams {
    /// Parses and checks a `cluster.toml`; every problem is reported at once.
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        let file = RuleFile {
            name: "cluster.toml".into(),
            path: Path::new("cluster.toml").to_path_buf(),
            text: text.to_string(),
        };
        let mut problems = Problems::default();
        let params = super::parse::<ClusterFile>(&file, &mut problems)
            .and_then(|raw| compile(&file, raw, &mut problems));
        match params {
            Some(params) if problems.0.is_empty() => Ok(params),
            _ => Err(Error::Rules(problems.0)),
        }
    }
}

pub(super) fn compile(
    file: &RuleFile,
    raw: ClusterFile,
    problems: &mut Problems,
) -> Option<ClusterParams> {
    let before = problems.0.len();
    // Points at `key =` in the file when it is there, else at its start.
    let mut problem = |key: &str, message: &str| {
        let offset = file.text.find(&format!("\n{key} =")).map_or(0, |o| o + 1);
        problems.at(file, offset, None, format!("{key} {message}"));
    };
    let (t, c, b, g, n) = (raw.terms, raw.copies, raw.blocking, raw.grouping, raw.names);
    for (key, value) in [
        ("top", t.top),
        ("shingle_words", c.shingle_words),
        ("bands", c.bands),
        ("rows", c.rows),
        ("keys", b.keys),
        ("min_shared", b.min_shared),
        ("min_block", b.min_block),
        ("max_candidates", b.max_candidates),
        ("centroid_terms", g.centroid_terms),
    ] {
        if value == 0 {
            problem(key, "must be at least 1");
        }
    }
    if b.keys > t.top {
        problem("keys", "must not exceed terms.top");
    }
    if b.keys > 1000 {
        problem("keys", "must be at most 1000");
    }
    if b.min_shared > b.keys {
        problem("min_shared", "must not exceed keys");
    }
    if c.bands * c.rows > 1024 {
        problem("bands", "times rows must be at most 1024 slots");
    }
    for (key, value) in [
        ("similarity", c.similarity),
        ("block_share", b.block_share),
        ("link", g.link),
        ("merge", g.merge),
    ] {
        if !(0.0..=1.0).contains(&value) {
            problem(key, "must be between 0 and 1");
        }
    }
    if !(t.entity_boost.is_finite() && t.entity_boost > 0.0) {
        problem("entity_boost", "must be a number > 0");
    }
    if !(t.prior_articles.is_finite() && t.prior_articles >= 0.0) {
        problem("prior_articles", "must be a number >= 0");
    }
    let slug_safe = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if n.prefix.is_empty() || !slug_safe(&n.prefix) {
        problem("prefix", "must be lower-case ASCII letters, digits or `-`");
    }
    if n.terms > 10 {
        problem("terms", "must be at most 10");
    }
    (problems.0.len() == before).then(|| ClusterParams {
        stopwords: t.stopwords.iter().map(|w| w.to_lowercase()).collect(),
        min_chars: t.min_chars,
        top_terms: t.top,
        entity_boost: t.entity_boost,
        prior_articles: t.prior_articles,
        shingle_words: c.shingle_words,
        bands: c.bands,
        rows: c.rows,
        copy_similarity: c.similarity,
        keys: b.keys,
        min_shared: b.min_shared,
        min_block: b.min_block,
        block_share: b.block_share,
        max_candidates: b.max_candidates,
        link: g.link,
        merge: g.merge,
        centroid_terms: g.centroid_terms,
        name_prefix: n.prefix,
        name_terms: n.terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_file_loads() {
        let params = ClusterParams::default();
        assert!(params.keys <= params.top_terms);
        assert!(params.stopwords.contains("the"));
    }

    #[test]
    fn bad_values_are_all_reported_with_positions() {
        let text = include_str!("../../rules/cluster.toml")
            .replace("\nlink = 0.18", "\nlink = 1.5")
            .replace("\nmax_candidates = 20", "\nmax_candidates = 0")
            .replace("prefix = \"auto\"", "prefix = \"Auto Story\"");
        let Err(Error::Rules(problems)) = ClusterParams::from_toml(&text) else {
            panic!("bad values load");
        };
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:#?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("link must be between 0 and 1")),
            "{messages:#?}"
        );
        assert!(
            problems
                .iter()
                .all(|p| p.location.line.is_some_and(|l| l > 1))
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = include_str!("../../rules/cluster.toml")
            .replace("[grouping]", "[grouping]\nthreshold = 0.5");
        let err = ClusterParams::from_toml(&text).unwrap_err().to_string();
        assert!(err.contains("unknown field `threshold`"), "{err}");
    }
}
