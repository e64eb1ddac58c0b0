//! The story's account: an article that repeatedly rejects what the story's
//! key words describe ("hoax", "denied", "not true" in sentences using them)
//! takes the negative stance; an article with no such sentence gives the
//! account; one with fewer than `min_sentences` takes neither side (it
//! reports a doubt without taking it up). When both stances occur, they are
//! rival answers like any other.

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

    let mut rejecting = Vec::new();
    let mut doubting = Vec::new();
    let mut accepting = Vec::new();
    for (a, input) in articles.iter().enumerate() {
        let sentences = &input.extraction.sentences;
        let debunking: Vec<usize> = (0..sentences.len())
            .filter(|&i| sentences[i].debunks && uses_key(&sentences[i].terms) > 0)
            .collect();
        if debunking.len() >= rules.min_debunk_sentences {
            let s = &sentences[debunking[0]];
            rejecting.push(Member {
                article: a,
                surface: format!("rejects the account ({} sentences)", debunking.len()),
                span: s.span.clone(),
                sentence: s.span.clone(),
                about: s.terms.clone(),
                explicit: true,
                loose: false,
            });
        // One doubt in passing is too little to vote against the account,
        // but it is not the account given unquestioned either: where the
        // account wins, such an article is set against it without having
        // weighed in deciding it.
        } else if let Some(&first) = debunking.first() {
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
        } else if let Some(best) = (0..sentences.len())
            .filter(|&i| uses_key(&sentences[i].terms) > 0)
            .max_by_key(|&i| (uses_key(&sentences[i].terms), std::cmp::Reverse(i)))
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
            in_passing: false,
        },
        Answer {
            kind: ClaimKind::Account,
            members: accepting,
            rivals: vec![0],
            report_alone: false,
            in_passing: false,
        },
    ];
    // Doubters face the account, but the account does not face them: they
    // never make it a conflict, and never count toward rejecting it.
    if !doubting.is_empty() {
        out.push(Answer {
            kind: ClaimKind::Account,
            members: doubting,
            rivals: vec![1],
            report_alone: false,
            in_passing: true,
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
