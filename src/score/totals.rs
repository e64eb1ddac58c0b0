//! Running totals per source: all that scoring a source needs, added up one
//! article at a time, so that a run never holds every finding, and so that
//! the totals of separate runs (shards of an archive) add up to those of one
//! run over everything (`credence merge`).
//!
//! Weights are kept as whole billionths: integer sums do not depend on the
//! order of the additions, so a merged total is the single run's total to
//! the last bit, not only to the last printed decimal.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Counts, Finding, FindingKind, Reason, SourceScore, compute, label, strongest};
use crate::rules::Scoring;

const UNITS: f64 = 1e9;

fn units(weight: f64) -> i64 {
    (weight * UNITS).round() as i64
}

/// Counts with weights in whole billionths.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub words: u64,
    pub corroborated: u64,
    pub conflicting: u64,
    pub unique: u64,
    pub vague_citations: u64,
    pub named_citations: u64,
    pub vague_weight: i64,
    pub named_weight: i64,
    pub conflict_weight: i64,
}

impl Tally {
    fn add_finding(&mut self, f: &Finding) {
        match f.kind {
            FindingKind::VagueCitation => {
                self.vague_citations += 1;
                self.vague_weight += units(f.weight);
            }
            FindingKind::NamedCitation => {
                self.named_citations += 1;
                self.named_weight += units(f.weight);
            }
            FindingKind::Corroborated => self.corroborated += 1,
            FindingKind::Conflict => {
                self.conflicting += 1;
                self.conflict_weight += units(f.weight);
            }
            FindingKind::Unique => self.unique += 1,
            FindingKind::Copy => {}
        }
    }

    fn add(&mut self, other: &Tally) {
        self.words += other.words;
        self.corroborated += other.corroborated;
        self.conflicting += other.conflicting;
        self.unique += other.unique;
        self.vague_citations += other.vague_citations;
        self.named_citations += other.named_citations;
        self.vague_weight += other.vague_weight;
        self.named_weight += other.named_weight;
        self.conflict_weight += other.conflict_weight;
    }

    /// This tally less `part` (which must be part of it); words are kept.
    fn without(&self, part: &Tally) -> Tally {
        Tally {
            words: self.words,
            corroborated: self.corroborated - part.corroborated,
            conflicting: self.conflicting - part.conflicting,
            unique: self.unique - part.unique,
            vague_citations: self.vague_citations - part.vague_citations,
            named_citations: self.named_citations - part.named_citations,
            vague_weight: self.vague_weight - part.vague_weight,
            named_weight: self.named_weight - part.named_weight,
            conflict_weight: self.conflict_weight - part.conflict_weight,
        }
    }

    pub fn counts(&self) -> Counts {
        let claims = self.corroborated + self.conflicting + self.unique;
        Counts {
            words: self.words as usize,
            claims: claims as usize,
            corroborated: self.corroborated as usize,
            conflicting: self.conflicting as usize,
            unique: self.unique as usize,
            vague_citations: self.vague_citations as usize,
            named_citations: self.named_citations as usize,
            vague_weight: self.vague_weight as f64 / UNITS,
            named_weight: self.named_weight as f64 / UNITS,
            conflict_weight: self.conflict_weight as f64 / UNITS,
        }
    }
}

/// One rule's share of a source's findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleTally {
    pub label: String,
    pub findings: u64,
    pub tally: Tally,
}

/// One source's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceTotals {
    pub source: String,
    pub articles: u64,
    pub stories: BTreeSet<String>,
    pub tally: Tally,
    pub rules: BTreeMap<String, RuleTally>,
}

impl SourceTotals {
    pub fn add(&mut self, other: &SourceTotals) {
        self.articles += other.articles;
        self.stories.extend(other.stories.iter().cloned());
        self.tally.add(&other.tally);
        for (rule, part) in &other.rules {
            let mine = self.rules.entry(rule.clone()).or_insert_with(|| RuleTally {
                label: part.label.clone(),
                ..RuleTally::default()
            });
            mine.findings += part.findings;
            mine.tally.add(&part.tally);
        }
    }

    /// The source's scores, and the rules that moved its credibility most:
    /// for each rule, the score with its findings less the score without.
    pub fn score(&self, s: &Scoring) -> SourceScore {
        let counts = self.tally.counts();
        let scores = compute(&counts, s);
        let reasons: Vec<Reason> = self
            .rules
            .iter()
            .map(|(rule, part)| Reason {
                rule: rule.clone(),
                label: part.label.clone(),
                count: part.findings as usize,
                points: scores.credibility
                    - compute(&self.tally.without(&part.tally).counts(), s).credibility,
            })
            .collect();
        SourceScore {
            source: self.source.clone(),
            articles: self.articles as usize,
            stories: self.stories.len(),
            counts,
            scores,
            reasons: strongest(reasons, s),
        }
    }
}

/// Every source's totals, by name.
#[derive(Debug, Clone, Default)]
pub struct Totals {
    pub sources: BTreeMap<String, SourceTotals>,
}

impl Totals {
    /// Adds one article: its source, story, word count and findings.
    pub fn add_article(&mut self, source: &str, story: &str, words: usize, findings: &[Finding]) {
        let totals = self
            .sources
            .entry(source.to_string())
            .or_insert_with(|| SourceTotals {
                source: source.to_string(),
                ..SourceTotals::default()
            });
        totals.articles += 1;
        if !totals.stories.contains(story) {
            totals.stories.insert(story.to_string());
        }
        totals.tally.words += words as u64;
        for f in findings {
            totals.tally.add_finding(f);
            let part = totals
                .rules
                .entry(f.rule.clone())
                .or_insert_with(|| RuleTally {
                    label: label(f),
                    ..RuleTally::default()
                });
            part.findings += 1;
            part.tally.add_finding(f);
        }
    }

    /// Adds another run's totals of one source.
    pub fn add_source(&mut self, other: &SourceTotals) {
        self.sources
            .entry(other.source.clone())
            .or_insert_with(|| SourceTotals {
                source: other.source.clone(),
                ..SourceTotals::default()
            })
            .add(other);
    }

    /// Every source's scores, sorted by name.
    pub fn scores(&self, s: &Scoring) -> Vec<SourceScore> {
        self.sources.values().map(|t| t.score(s)).collect()
    }
}
