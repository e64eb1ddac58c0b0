//! Quotations: the same words quoted by two articles corroborate each other;
//! the same words given to different speakers are rival answers.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{Answer, ArticleInput, ClaimKind, DisjointSets, Member};

/// Two quotations are the same words if they share a run of this many words
/// (shorter runs chain different quotations: "by the brutal murder").
const SHARED_WORDS: usize = 6;

pub(super) fn answers(articles: &[ArticleInput]) -> Vec<Answer> {
    let quotes: Vec<(usize, &crate::extract::Quote)> = articles
        .iter()
        .enumerate()
        .flat_map(|(a, input)| input.extraction.quotes.iter().map(move |q| (a, q)))
        .collect();
    let mut sets = DisjointSets::new(quotes.len());
    let mut first_with: FxHashMap<&[String], usize> = FxHashMap::default();
    for (i, (_, quote)) in quotes.iter().enumerate() {
        for window in quote.words.windows(SHARED_WORDS) {
            match first_with.get(window) {
                Some(&j) => sets.union(i, j),
                None => {
                    first_with.insert(window, i);
                }
            }
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..quotes.len() {
        clusters.entry(sets.find(i)).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in clusters.into_values() {
        // Answers by speaker. A quotation without a known speaker corroborates
        // the words but takes no side on who said them.
        let mut by_speaker: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut unknown = Vec::new();
        for &i in &members {
            match quotes[i].1.speaker.as_deref() {
                Some(s) => by_speaker.entry(s).or_default().push(i),
                None => unknown.push(i),
            }
        }
        let mut sides: Vec<Vec<usize>> = by_speaker.into_values().collect();
        if sides.is_empty() {
            sides.push(unknown);
        } else if !unknown.is_empty() {
            // Same words, no speaker: one answer that corroborates whoever has the most articles.
            let articles = |list: &Vec<usize>| {
                list.iter()
                    .map(|&i| quotes[i].0)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len()
            };
            let top = (0..sides.len())
                .max_by_key(|&k| (articles(&sides[k]), std::cmp::Reverse(k)))
                .unwrap_or(0);
            if sides.len() == 1 {
                sides[top].extend(unknown);
            }
        }
        let first = out.len();
        let count = sides.len();
        for (k, side) in sides.into_iter().enumerate() {
            let members = side
                .into_iter()
                .map(|i| {
                    let (a, quote) = quotes[i];
                    let who = quote
                        .speaker
                        .as_deref()
                        .map_or(String::new(), |s| format!(" ({s})"));
                    Member {
                        article: a,
                        surface: format!("\"{}\"{who}", quote.words.join(" ")),
                        span: quote.span.clone(),
                        sentence: articles[a].extraction.sentences[quote.sentence]
                            .span
                            .clone(),
                        about: quote
                            .speaker
                            .iter()
                            .map(|s| (s.as_str().into(), 1.0))
                            .collect(),
                        explicit: true,
                        loose: false,
                        stance: 0.0,
                    }
                })
                .collect();
            let rivals = (0..count).filter(|&j| j != k).map(|j| first + j).collect();
            out.push(Answer {
                kind: ClaimKind::Quote,
                members,
                rivals,
                report_alone: false,
                in_passing: None,
            });
        }
    }
    out
}
