//! `scoring.toml`: how counts of findings become scores. The formulas are in
//! the `score` stage and the README; this file only holds their constants.

use toml::Spanned;

use super::raw::{RawBand, ScoringFile};
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
    /// Where an article that doubts the account in passing stands between
    /// giving the account (0) and rejecting it (1).
    pub doubt_stance: f64,
    /// A conflict with the story's account weighs this times the article's
    /// distance from the story's mean stance (the share of the weighted vote
    /// rejecting the account).
    pub account_weight: f64,
    /// Weight of a copy that gives another answer than more of its fellow
    /// copies of the same text (rule `claim.altered-copy`).
    pub altered_copy_weight: f64,
    /// Claim conflicts sharing a sentence count as one (the heaviest).
    pub one_per_sentence: bool,
    /// Pseudo-citations in the denominator of vagueness.
    pub prior_citations: f64,
    /// How many reasons `top_reasons` lists, and the least effect one must have.
    pub top_reasons: usize,
    pub min_reason_points: f64,
    /// What credibility means in words, by increasing `min`; the first starts at 0.
    pub bands: Vec<Band>,
}

/// A range of credibility with a name and a meaning a reviewer can quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Lowest credibility in the band; the band ends where the next begins.
    pub min: f64,
    /// Where the band ends (exclusive), or 100 (inclusive) for the last one.
    pub max: f64,
    pub label: String,
    pub meaning: String,
}

impl Band {
    /// `0–39`, `80–100`: the band as printed scores fall in it (one decimal
    /// is shown, so `39.9` is the highest score of `0–39`).
    pub fn range(&self) -> String {
        if self.max >= 100.0 {
            format!("{}–100", self.min)
        } else {
            format!("{}–{}", self.min, (self.max - 1.0).max(self.min))
        }
    }
}

impl Scoring {
    /// The band of a credibility score, read off the score rounded to one
    /// decimal as the reports print it (so a printed `80.0` is never `fair`).
    pub fn band(&self, credibility: f64) -> Option<&Band> {
        let shown = (credibility * 10.0).round() / 10.0;
        self.bands.iter().rev().find(|b| shown >= b.min)
    }
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
        ("conflict.superseded_weight", raw.conflict.superseded_weight),
        ("conflict.doubt_stance", raw.conflict.doubt_stance),
        ("conflict.account_weight", raw.conflict.account_weight),
        (
            "conflict.altered_copy_weight",
            raw.conflict.altered_copy_weight,
        ),
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
    if raw.conflict.doubt_weight.is_some() {
        problems.at(
            file,
            0,
            None,
            "conflict.doubt_weight is now conflict.doubt_stance, with another meaning: \
             where an article that doubts the account in passing stands between giving it (0) \
             and rejecting it (1); its conflict weighs account_weight times its distance from \
             the story's mean stance (0.5 keeps the built-in behaviour)",
        );
    }
    for (name, value) in [
        ("corroboration.prior_rate", raw.corroboration.prior_rate),
        ("conflict.per_conflict", raw.conflict.per_conflict),
        ("conflict.doubt_stance", raw.conflict.doubt_stance),
    ] {
        if !(0.0..=1.0).contains(&value) {
            problems.at(file, 0, None, format!("{name} must be between 0 and 1"));
        }
    }
    let bands = bands(file, raw.band, problems);
    (problems.0.len() == before).then(|| Scoring {
        weight_corroboration: c.corroboration / total,
        weight_conflict: c.conflict / total,
        weight_vagueness: c.vagueness / total,
        prior_claims: raw.corroboration.prior_claims,
        prior_rate: raw.corroboration.prior_rate,
        per_conflict: raw.conflict.per_conflict,
        superseded_weight: raw.conflict.superseded_weight,
        doubt_stance: raw.conflict.doubt_stance,
        account_weight: raw.conflict.account_weight,
        altered_copy_weight: raw.conflict.altered_copy_weight,
        one_per_sentence: raw.conflict.one_per_sentence,
        prior_citations: raw.vagueness.prior_citations,
        top_reasons: raw.reasons.top,
        min_reason_points: raw.reasons.min_points,
        bands,
    })
}

/// Checks that the bands start at 0, rise, stay below 100 and are named once.
fn bands(file: &RuleFile, raw: Vec<Spanned<RawBand>>, problems: &mut Problems) -> Vec<Band> {
    let mut out: Vec<Band> = Vec::new();
    for (i, spanned) in raw.iter().enumerate() {
        let at = spanned.span().start;
        let band = spanned.get_ref();
        let problem = if !(band.min.is_finite() && (0.0..100.0).contains(&band.min)) {
            Some(format!("band[{i}].min must be at least 0 and below 100"))
        } else if i == 0 && band.min != 0.0 {
            Some("band[0].min must be 0, so every score has a band".to_string())
        } else if out.last().is_some_and(|prev| band.min <= prev.min) {
            Some(format!("band[{i}].min must be above the band before it"))
        } else if band.label.trim().is_empty() || band.meaning.trim().is_empty() {
            Some(format!("band[{i}] needs a label and a meaning"))
        } else if out.iter().any(|b| b.label == band.label) {
            Some(format!("band[{i}].label `{}` is used twice", band.label))
        } else {
            None
        };
        if let Some(message) = problem {
            problems.at(file, at, None, message);
            continue;
        }
        if let Some(prev) = out.last_mut() {
            prev.max = band.min;
        }
        out.push(Band {
            min: band.min,
            max: 100.0,
            label: band.label.clone(),
            meaning: band.meaning.clone(),
        });
    }
    if raw.is_empty() {
        problems.at(
            file,
            0,
            None,
            "no [[band]]: at least one, starting at min = 0",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleSet;

    /// A band is read off the score as printed, with one decimal.
    #[test]
    fn bands_follow_the_printed_score() {
        let scoring = RuleSet::builtin().unwrap().scoring;
        let label = |score: f64| scoring.band(score).map(|b| b.label.clone());
        for band in &scoring.bands {
            assert_eq!(label(band.min), Some(band.label.clone()), "{band:?}");
            if band.min > 0.0 {
                // 79.96 prints as 80.0: the band of 80, not the one below.
                assert_eq!(label(band.min - 0.04), Some(band.label.clone()));
                assert_ne!(label(band.min - 0.06), Some(band.label.clone()));
            }
        }
        assert_eq!(label(100.0), scoring.bands.last().map(|b| b.label.clone()));
        assert_eq!(scoring.bands[0].min, 0.0);
        let ranges: Vec<String> = scoring.bands.iter().map(|b| b.range()).collect();
        assert_eq!(ranges.last().map(|r| r.ends_with("–100")), Some(true));
    }
}
