//! Statements: a word said to hold in some articles and not in others.
//! Negations, reversals and antonyms are explicit; a plain positive mention
//! only counts where another article of the story negates the same word.
//! Speech acts ("confirmed", "has not confirmed") are true or not of whoever
//! does them, which is not read: their two sides are never rivals.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashSet;

use super::{Answer, ArticleInput, ClaimKind, Member};
use crate::extract::ClaimValue;
use crate::rules::{ClaimRules, ContrastRules};

/// `key` is the story's `stance::key_terms`.
pub(super) fn answers(
    articles: &[ArticleInput],
    key: &FxHashSet<&str>,
    rules: &ClaimRules,
    contrasts: &ContrastRules,
) -> Vec<Answer> {
    // term -> polarity -> members
    let mut by_term: BTreeMap<&str, [Vec<Member>; 2]> = BTreeMap::new();
    let member = |a: usize,
                  input: &ArticleInput,
                  surface: &str,
                  span: &std::ops::Range<usize>,
                  sentence: usize,
                  about: &[crate::extract::Term],
                  explicit: bool| Member {
        article: a,
        surface: surface.to_string(),
        span: span.clone(),
        sentence: input.extraction.sentences[sentence].span.clone(),
        about: about.to_vec(),
        explicit,
        loose: false,
        stance: 0.0,
    };
    // What each member is about, borrowed from the articles, for the IDF.
    let mut abouts: Vec<&[crate::extract::Term]> = Vec::new();
    for (a, input) in articles.iter().enumerate() {
        for claim in &input.extraction.claims {
            if let ClaimValue::Event { term, positive } = &claim.value {
                let m = member(
                    a,
                    input,
                    &claim.surface,
                    &claim.span,
                    claim.sentence,
                    &claim.context.about,
                    true,
                );
                by_term.entry(term.as_str()).or_default()[usize::from(*positive)].push(m);
                abouts.push(&claim.context.about);
            }
        }
    }
    // Plain mentions join only words that some article negates.
    let negated: FxHashSet<&str> = by_term
        .iter()
        .filter(|(_, sides)| !sides[0].is_empty())
        .map(|(t, _)| *t)
        .collect();
    for (a, input) in articles.iter().enumerate().filter(|_| !negated.is_empty()) {
        for mention in &input.extraction.mentions {
            if let Some(term) = negated.get(mention.term.as_str()) {
                let about = &input.extraction.sentences[mention.sentence].terms;
                let m = member(
                    a,
                    input,
                    &mention.surface,
                    &mention.span,
                    mention.sentence,
                    about,
                    false,
                );
                if let Some(sides) = by_term.get_mut(term) {
                    sides[1].push(m);
                    abouts.push(about);
                }
            }
        }
    }
    let idf = super::inverse_document_frequency(abouts.into_iter());
    // Only the story's key words: a word most of its articles use is what the
    // story is about; a negation of anything else is an aside.
    let mut out = Vec::new();
    for (term, [negative, positive]) in by_term {
        if !key.contains(term) {
            continue;
        }
        let sides = take_sides(negative, positive);
        let explicit = |side: &[Member]| side.iter().all(|m| m.explicit);
        let units = |side: &[Member]| {
            side.iter()
                .map(|m| m.article)
                .collect::<BTreeSet<_>>()
                .len()
        };
        let sides: Vec<Vec<Member>> = match sides {
            [neg, pos] if !neg.is_empty() && !pos.is_empty() => {
                // Each side keeps only members about what the other side speaks of.
                let pool = |side: &[Member]| super::pool(side.iter().map(|m| m.about.as_slice()));
                let (neg_terms, pos_terms) = (pool(&neg), pool(&pos));
                let (neg_pool, pos_pool) = (
                    super::Weighed::new(&neg_terms, &idf),
                    super::Weighed::new(&pos_terms, &idf),
                );
                let near = |m: &Member, other: &super::Weighed| {
                    super::Weighed::new(&m.about, &idf).overlap(other) >= rules.same_context
                };
                let neg: Vec<Member> = neg.into_iter().filter(|m| near(m, &pos_pool)).collect();
                let pos: Vec<Member> = pos.into_iter().filter(|m| near(m, &neg_pool)).collect();
                if neg.is_empty() || pos.is_empty() {
                    Vec::new()
                } else {
                    vec![neg, pos]
                }
            }
            // Alone, only explicit negations that two units agree on are
            // statements worth reporting ("ends the exclusivity" twice).
            [neg, pos] if pos.is_empty() && explicit(&neg) && units(&neg) >= 2 => vec![neg],
            _ => Vec::new(),
        };
        // "The Pentagon confirmed his death" and "the group has not
        // confirmed it" are both true: a speech act holds or not of whoever
        // does it (not read here), so its two sides are answers without
        // rivals, each corroborated by whoever else gives it.
        let rivalry = !contrasts.speech_acts.contains(term);
        let first = out.len();
        let count = sides.len();
        for (k, members) in sides.into_iter().enumerate() {
            let rivals = (0..count)
                .filter(|&j| rivalry && j != k)
                .map(|j| first + j)
                .collect();
            out.push(Answer {
                kind: ClaimKind::Event,
                members,
                rivals,
                report_alone: false,
                in_passing: None,
            });
        }
    }
    out
}

/// Per article, one side: explicit statements outweigh plain mentions of the
/// other polarity ("ended their exclusive partnership" beats a narrative
/// "the exclusive access" in the same article); explicit statements both
/// ways leave the article out of this word.
fn take_sides(negative: Vec<Member>, positive: Vec<Member>) -> [Vec<Member>; 2] {
    let is_explicit = |m: &Member| m.explicit;
    let mut by_article: BTreeMap<usize, [Vec<Member>; 2]> = BTreeMap::new();
    for (side, members) in [(0, negative), (1, positive)] {
        for m in members {
            by_article.entry(m.article).or_default()[side].push(m);
        }
    }
    let mut out: [Vec<Member>; 2] = [Vec::new(), Vec::new()];
    for (_, [neg, pos]) in by_article {
        let (neg_explicit, pos_explicit) =
            (neg.iter().any(is_explicit), pos.iter().any(is_explicit));
        match (neg.is_empty(), pos.is_empty()) {
            (false, true) => out[0].extend(neg),
            (true, false) => out[1].extend(pos),
            (false, false) if neg_explicit && !pos_explicit => out[0].extend(neg),
            (false, false) if pos_explicit && !neg_explicit => out[1].extend(pos),
            _ => {}
        }
    }
    out
}
