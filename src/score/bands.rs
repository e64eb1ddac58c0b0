//! What produces each credibility band: per band, how many articles and
//! sources fall in it and their mean counts of findings, for the workbook's
//! "How to read" sheet.

use super::{ArticleScore, SourceScore};
use crate::rules::{Band, Scoring};

/// Mean counts per article of the findings that move the scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typical {
    pub corroborated: f64,
    pub conflicting: f64,
    pub unique: f64,
    pub vague_citations: f64,
    pub named_citations: f64,
}

/// One band and what lands in it.
#[derive(Debug, Clone, PartialEq)]
pub struct BandProfile<'a> {
    pub band: &'a Band,
    pub articles: usize,
    pub sources: usize,
    /// Means over the band's articles (all zero when it has none).
    pub mean: Typical,
}

/// Every band of `scoring`, lowest first, with the articles and sources in it.
pub fn band_profiles<'a>(
    articles: &[ArticleScore],
    sources: &[SourceScore],
    scoring: &'a Scoring,
) -> Vec<BandProfile<'a>> {
    scoring
        .bands
        .iter()
        .map(|band| {
            let mut mean = Typical::default();
            let mut n = 0usize;
            for a in articles
                .iter()
                .filter(|a| scoring.band(a.scores.credibility) == Some(band))
            {
                n += 1;
                mean.corroborated += a.counts.corroborated as f64;
                mean.conflicting += a.counts.conflicting as f64;
                mean.unique += a.counts.unique as f64;
                mean.vague_citations += a.counts.vague_citations as f64;
                mean.named_citations += a.counts.named_citations as f64;
            }
            if n > 0 {
                let n = n as f64;
                mean.corroborated /= n;
                mean.conflicting /= n;
                mean.unique /= n;
                mean.vague_citations /= n;
                mean.named_citations /= n;
            }
            BandProfile {
                band,
                articles: n,
                sources: sources
                    .iter()
                    .filter(|s| scoring.band(s.scores.credibility) == Some(band))
                    .count(),
                mean,
            }
        })
        .collect()
}
