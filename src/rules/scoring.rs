//! `scoring.toml`: how counts of findings become scores. The formulas are in
//! the `score` stage and the README; this file only holds their constants.

use super::raw::ScoringFile;
use super::{Problems, RuleFile};

#[derive(Debug, Clone)]
pub struct Scoring {
    /// Weights of the three sub-scores in credibility; normalised to sum to 1.
    pub weight_corroboration: f64,
    pub weight_conflict: f64,
    pub weight_vagueness: f64,
    /// Pseudo-claims added to every article, corroborated at `prior_rate`,
    /// so that an article with one claim is not judged on that claim alone.
    pub prior_claims: f64,
    pub prior_rate: f64,
    /// How much of the remaining conflict score each weighted conflict takes.
    pub per_conflict: f64,
    /// Weight of a claim contradicted only by later articles.
    pub superseded_weight: f64,
    /// Pseudo-citations in the denominator of vagueness.
    pub prior_citations: f64,
    /// How many reasons `top_reasons` lists, and the least effect one must have.
    pub top_reasons: usize,
    pub min_reason_points: f64,
}

pub(super) fn compile(
    file: &RuleFile,
    raw: ScoringFile,
    problems: &mut Problems,
) -> Option<Scoring> {
    let before = problems.0.len();
    let c = &raw.credibility;
    let total = c.corroboration + c.conflict + c.vagueness;
    let all = [
        ("credibility.corroboration", c.corroboration),
        ("credibility.conflict", c.conflict),
        ("credibility.vagueness", c.vagueness),
        ("corroboration.prior_claims", raw.corroboration.prior_claims),
        ("conflict.per_conflict", raw.conflict.per_conflict),
        ("vagueness.prior_citations", raw.vagueness.prior_citations),
        ("reasons.min_points", raw.reasons.min_points),
    ];
    for (name, value) in all {
        if !(value.is_finite() && value >= 0.0) {
            problems.at(file, 0, None, format!("{name} must be a number >= 0"));
        }
    }
    if total <= 0.0 {
        problems.at(file, 0, None, "credibility weights must not all be 0");
    }
    for (name, value) in [
        ("corroboration.prior_rate", raw.corroboration.prior_rate),
        ("conflict.per_conflict", raw.conflict.per_conflict),
    ] {
        if !(0.0..=1.0).contains(&value) {
            problems.at(file, 0, None, format!("{name} must be between 0 and 1"));
        }
    }
    (problems.0.len() == before).then(|| Scoring {
        weight_corroboration: c.corroboration / total,
        weight_conflict: c.conflict / total,
        weight_vagueness: c.vagueness / total,
        prior_claims: raw.corroboration.prior_claims,
        prior_rate: raw.corroboration.prior_rate,
        per_conflict: raw.conflict.per_conflict,
        superseded_weight: raw.conflict.superseded_weight,
        prior_citations: raw.vagueness.prior_citations,
        top_reasons: raw.reasons.top,
        min_reason_points: raw.reasons.min_points,
    })
}
