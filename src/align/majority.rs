//! The weighted majority: each source's reliability is how often the answers
//! it gives win on the rest of the story, and each answer weighs the
//! reliability of the independent units behind it. The two are iterated to a
//! fixed point, in the spirit of truth-discovery methods such as TruthFinder:
//!
//! ```text
//! weight(unit)   = mean reliability of the unit's sources
//! score(answer)  = sum of weight(unit) over the units giving it
//! won(answer)    = no rival answer scores higher
//! reliability(s) = (answers of s that won + strength * prior) / (answers of s + strength)
//! ```
//!
//! Only answers that meet another (a rival, or a second unit) count as
//! evidence, and not those given in passing. Every source starts at `prior`; iteration stops when no
//! reliability moves by more than 1e-12, or after 100 rounds.

use std::collections::{BTreeSet, HashMap};

use super::Answer;
use crate::rules::ClaimRules;

/// Scores closer than this are a tie: neither answer outweighs the other.
pub(super) const TIE: f64 = 1e-9;

/// Reliability of each article's source, indexed by article.
pub(super) fn reliability(
    answers: &[Answer],
    units: &[usize],
    sources: &[&str],
    rules: &ClaimRules,
) -> Vec<f64> {
    let mut names: Vec<&str> = sources.to_vec();
    names.sort();
    names.dedup();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let source_of: Vec<usize> = sources.iter().map(|s| index[s]).collect();
    // Each answer's units, once; only answers that meet another (a rival, or
    // a second unit) are evidence, each with the sources that gave it.
    let unit_sets: Vec<BTreeSet<usize>> = answers.iter().map(|a| a.units(units)).collect();
    let informative: Vec<(usize, BTreeSet<usize>)> = answers
        .iter()
        .enumerate()
        .filter(|(a, answer)| {
            answer.in_passing.is_none() && (!answer.rivals.is_empty() || unit_sets[*a].len() >= 2)
        })
        .map(|(a, answer)| {
            (
                a,
                answer
                    .articles()
                    .iter()
                    .map(|&art| source_of[art])
                    .collect(),
            )
        })
        .collect();

    let mut r = vec![rules.prior_reliability; names.len()];
    for _ in 0..100 {
        let per_article: Vec<f64> = source_of.iter().map(|&s| r[s]).collect();
        let weights = unit_weights(units, &per_article);
        let score = |a: usize| unit_sets[a].iter().map(|u| weights[u]).sum::<f64>();
        let mut won = vec![0.0; names.len()];
        let mut total = vec![0.0; names.len()];
        for (a, answer_sources) in &informative {
            let mine = score(*a);
            let wins = answers[*a].rivals.iter().all(|&b| score(b) <= mine + TIE);
            for &s in answer_sources {
                total[s] += 1.0;
                if wins {
                    won[s] += 1.0;
                }
            }
        }
        let strength = rules.prior_strength;
        let next: Vec<f64> = (0..names.len())
            .map(|s| (won[s] + strength * rules.prior_reliability) / (total[s] + strength))
            .collect();
        let moved = next
            .iter()
            .zip(&r)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        r = next;
        if moved < 1e-12 {
            break;
        }
    }
    source_of.iter().map(|&s| r[s]).collect()
}

/// Weight of each unit: the mean reliability of its articles' sources.
pub(super) fn unit_weights(units: &[usize], reliability: &[f64]) -> HashMap<usize, f64> {
    let mut sums: HashMap<usize, (f64, usize)> = HashMap::new();
    for (article, &unit) in units.iter().enumerate() {
        let entry = sums.entry(unit).or_insert((0.0, 0));
        entry.0 += reliability[article];
        entry.1 += 1;
    }
    sums.into_iter()
        .map(|(u, (sum, n))| (u, sum / n as f64))
        .collect()
}
