//! The story's account: an article that calls what the story's key words
//! describe false in its own words ("hoax", "not true", "fabricated" in
//! sentences using them) takes the negative stance; an article that only
//! reports someone else's doubt or denial ("the company denied the report",
//! "unconfirmed rumours") takes neither side (it reports a doubt without
//! taking it up); an article with neither gives the account. When both
//! stances occur, they are rival answers like any other.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Answer, ArticleInput, ClaimKind, Member};
use crate::rules::ContrastRules;

/// Stories smaller than this have no majority to speak of.
const MIN_ARTICLES: usize = 3;

/// The story's key words: terms used by at least `share` of its articles (and two).
pub(super) fn key_terms<'a>(articles: &[ArticleInput<'a>], share: f64) -> FxHashSet<&'a str> {
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for input in articles {
        let terms: FxHashSet<&str> = input
            .extraction
            .sentences
            .iter()
            .flat_map(|s| s.terms.iter().map(|(t, _)| t.as_str()))
            .collect();
        for term in terms {
            *df.entry(term).or_default() += 1;
        }
    }
    let needed = ((articles.len() as f64 * share).ceil() as usize).max(2);
    df.into_iter()
        .filter(|&(_, d)| d >= needed)
        .map(|(t, _)| t)
        .collect()
}

/// `key` is the story's `key_terms`.
pub(super) fn answers(
    articles: &[ArticleInput],
    key: &FxHashSet<&str>,
    rules: &ContrastRules,
) -> Vec<Answer> {
    if articles.len() < MIN_ARTICLES {
        return Vec::new();
    }
    let uses_key = |terms: &[crate::extract::Term]| {
        terms
            .iter()
            .filter(|(t, _)| key.contains(t.as_str()))
            .count()
    };

    let reports_doubt = |terms: &[crate::extract::Term]| {
        terms
            .iter()
            .any(|(t, _)| rules.reported.contains(t.as_str()))
    };

    let mut rejecting = Vec::new();
    let mut doubting = Vec::new();
    let mut accepting = Vec::new();
    for (a, input) in articles.iter().enumerate() {
        let sentences = &input.extraction.sentences;
        let keyed: Vec<usize> = (0..sentences.len())
            .filter(|&i| uses_key(&sentences[i].terms) > 0)
            .collect();
        let debunking: Vec<usize> = keyed
            .iter()
            .copied()
            .filter(|&i| sentences[i].debunks)
            .collect();
        let doubts = keyed
            .iter()
            .copied()
            .find(|&i| reports_doubt(&sentences[i].terms));
        if !debunking.is_empty() && debunking.len() >= rules.min_debunk_sentences {
            let s = &sentences[debunking[0]];
            let n = debunking.len();
            rejecting.push(Member {
                article: a,
                surface: format!(
                    "rejects the account ({n} sentence{})",
                    if n == 1 { "" } else { "s" }
                ),
                span: s.span.clone(),
                sentence: s.span.clone(),
                about: s.terms.clone(),
                explicit: true,
                loose: false,
            });
        // A doubt reported, or too few sentences calling the account false,
        // is too little to vote against the account, but it is not the
        // account given unquestioned either: where the account wins, such an
        // article is set against it without having weighed in deciding it.
        } else if let Some(first) = [debunking.first().copied(), doubts]
            .into_iter()
            .flatten()
            .min()
        {
            let s = &sentences[first];
            doubting.push(Member {
                article: a,
                surface: "doubts the account in passing".to_string(),
                span: s.span.clone(),
                sentence: s.span.clone(),
                about: s.terms.clone(),
                explicit: true,
                loose: false,
            });
        } else if let Some(&best) = keyed
            .iter()
            .max_by_key(|&&i| (uses_key(&sentences[i].terms), std::cmp::Reverse(i)))
        {
            let s = &sentences[best];
            accepting.push(Member {
                article: a,
                surface: "gives the account".to_string(),
                span: s.span.clone(),
                sentence: s.span.clone(),
                about: s.terms.clone(),
                explicit: true,
                loose: false,
            });
        }
    }
    if rejecting.is_empty() || accepting.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Answer {
            kind: ClaimKind::Account,
            members: rejecting,
            rivals: vec![1],
            report_alone: false,
            in_passing: None,
        },
        Answer {
            kind: ClaimKind::Account,
            members: accepting,
            rivals: vec![0],
            report_alone: false,
            in_passing: None,
        },
    ];
    // Doubters face the account, but the account does not face them: they
    // never make it a conflict, and never count toward rejecting it. They
    // lean toward the rejection: where it outweighs the account, so do they.
    if !doubting.is_empty() {
        out.push(Answer {
            kind: ClaimKind::Account,
            members: doubting,
            rivals: vec![1],
            report_alone: false,
            in_passing: Some(0),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ingest::Article;
    use crate::rules::RuleSet;

    /// Whether each sentence of `body` is read as rejecting something.
    fn debunks(body: &str) -> Vec<bool> {
        let rules = RuleSet::builtin().unwrap();
        let article = Article::of_body(body);
        let doc = crate::text::prepare(&article, &rules.text);
        let extraction = crate::extract::extract(&doc, &rules, None);
        extraction.sentences.iter().map(|s| s.debunks).collect()
    }

    /// Whether each sentence of `body` reports a doubt or denial.
    fn reports(body: &str) -> Vec<bool> {
        let rules = RuleSet::builtin().unwrap();
        let article = Article::of_body(body);
        let doc = crate::text::prepare(&article, &rules.text);
        let extraction = crate::extract::extract(&doc, &rules, None);
        extraction
            .sentences
            .iter()
            .map(|s| {
                s.terms
                    .iter()
                    .any(|(t, _)| rules.contrasts.reported.contains(t.as_str()))
            })
            .collect()
    }

    #[test]
    fn a_reported_doubt_is_not_the_writer_calling_the_account_false() {
        for text in [
            "The company denied the report on Tuesday.",
            "Unconfirmed rumours spread quickly online.",
            "Experts were skeptical of the claim.",
            "Neighbours doubted the story.",
        ] {
            assert_eq!(
                (debunks(text), reports(text)),
                (vec![false], vec![true]),
                "{text}"
            );
        }
        for text in [
            "The company published the report on Tuesday.",
            "The news spread quickly online.",
        ] {
            assert_eq!(reports(text), [false], "{text}");
        }
    }

    #[test]
    fn refuting_language_marks_a_sentence() {
        for text in [
            "There is no such video of the senator.",
            "The story was fake news spread on social media.",
            "The offer sounded too good to be true.",
            "Police said that was not the case.",
            "The quote was made up, his lawyer said.",
            "It is an urban legend that refuses to die.",
        ] {
            assert_eq!(debunks(text), [true], "{text}");
        }
        for text in [
            "The senator posted the video on Tuesday.",
            "The company made a profit of $2 million.",
            "Such videos are common on social media.",
        ] {
            assert_eq!(debunks(text), [false], "{text}");
        }
    }
}
