//! The story's account: an article that calls what the story's key words
//! describe false in its own words ("hoax", "not true", "fabricated" in
//! sentences using them), or says in sentences of its own that the story's
//! key event did not happen ("has not been killed", where most articles say
//! "killed"), takes the negative stance; an article that only reports
//! someone else's doubt or denial ("the company denied the report",
//! "unconfirmed rumours") takes neither side (it reports a doubt without
//! taking it up); an article with neither gives the account. When both
//! stances occur, they are rival answers like any other.

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Answer, ArticleInput, ClaimKind, Member};
use crate::extract::ClaimValue;
use crate::rules::ContrastRules;

/// Stories smaller than this have no majority to speak of.
const MIN_ARTICLES: usize = 3;

/// Most distinct words a story's word counts are sized for up front.
const MAX_RESERVED_TERMS: usize = 1 << 14;

/// The story's key words: terms used by at least `share` of its articles (and two).
pub(super) fn key_terms<'a>(articles: &[ArticleInput<'a>], share: f64) -> FxHashSet<&'a str> {
    // Per term: how many articles use it, and the last article counted, so
    // that each use costs one lookup and an article counts once.
    let mut df: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    // Sized for the uses (a story repeats its words, so at most a cap),
    // instead of growing and rehashing every word on the way.
    let uses: usize = articles
        .iter()
        .flat_map(|input| &input.extraction.sentences)
        .map(|s| s.terms.len())
        .sum();
    df.reserve(uses.min(MAX_RESERVED_TERMS));
    for (a, input) in articles.iter().enumerate() {
        let terms = input
            .extraction
            .sentences
            .iter()
            .flat_map(|s| s.terms.iter().map(|(t, _)| t.as_str()));
        for term in terms {
            count_once(df.entry(term).or_insert((0, usize::MAX)), a);
        }
    }
    let needed = ((articles.len() as f64 * share).ceil() as usize).max(2);
    df.into_iter()
        .filter(|&(_, (d, _))| d >= needed)
        .map(|(t, _)| t)
        .collect()
}

/// Counts article `a` in `(count, last article counted)` unless it was the
/// last one counted: articles are visited in order, so each counts once
/// with one lookup per use instead of a set per article.
fn count_once((count, last): &mut (usize, usize), a: usize) {
    if *last != a {
        *count += 1;
        *last = a;
    }
}

/// The story's key events: words that at least `key_share` of its articles
/// (and two) state as holding, plainly or as a positive statement ("reached
/// a ceasefire", "will play the part"), and that fewer articles state as not
/// holding: what the story says happened. Light verbs (`pass_over`: "have", "hold") and antonym frames ("can't keep
/// pace" is `continue` denied) are general verbs any story uses in passing,
/// not its event: with the frames, the bundled sample's "a single partnership
/// can't keep pace" rejected its story's account.
pub(super) fn key_events<'a>(
    articles: &[ArticleInput<'a>],
    rules: &ContrastRules,
) -> FxHashSet<&'a str> {
    let light: FxHashSet<String> = rules
        .pass_over
        .iter()
        .map(|w| crate::words::stem(w))
        .chain(rules.antonyms.values().map(|(frame, _)| frame.clone()))
        .collect();
    // Per word, how many articles state it each way ([negative, positive]),
    // and the last article counted each way: one lookup per statement.
    let mut df: FxHashMap<&str, [(usize, usize); 2]> = FxHashMap::default();
    for (a, input) in articles.iter().enumerate() {
        let stated = input
            .extraction
            .mentions
            .iter()
            .map(|m| (m.term.as_str(), true))
            .chain(
                input
                    .extraction
                    .claims
                    .iter()
                    .filter_map(|c| match &c.value {
                        ClaimValue::Event { term, positive } => Some((term.as_str(), *positive)),
                        _ => None,
                    }),
            );
        for (term, positive) in stated {
            count_once(
                &mut df.entry(term).or_insert([(0, usize::MAX); 2])[usize::from(positive)],
                a,
            );
        }
    }
    let needed = ((articles.len() as f64 * rules.key_share).ceil() as usize).max(2);
    df.into_iter()
        .filter(|&(t, [(neg, _), (pos, _)])| pos >= needed && pos > neg && !light.contains(t))
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

    let events = if rules.min_denial_sentences > 0 {
        key_events(articles, rules)
    } else {
        FxHashSet::default()
    };

    let mut rejecting = Vec::new();
    let mut doubting = Vec::new();
    let mut accepting = Vec::new();
    for (a, input) in articles.iter().enumerate() {
        let sentences = &input.extraction.sentences;
        let keyed: Vec<usize> = (0..sentences.len())
            .filter(|&i| uses_key(&sentences[i].terms) > 0)
            .collect();
        // A bare verdict ("FALSE.", "This is not true.") is about the
        // sentence before it: it uses the key words when that one does.
        let verdict = |i: usize| {
            i > 0
                && sentences[i].words <= rules.verdict_words
                && uses_key(&sentences[i - 1].terms) > 0
        };
        let debunking: Vec<usize> = (0..sentences.len())
            .filter(|&i| sentences[i].debunks && (uses_key(&sentences[i].terms) > 0 || verdict(i)))
            .collect();
        // What a debunking or doubting sentence is about: its own words, or
        // for a bare verdict those of the sentence it is a verdict on.
        let about_of = |i: usize| {
            if i > 0 && !keyed.contains(&i) && debunking.contains(&i) {
                sentences[i - 1].terms.clone()
            } else {
                sentences[i].terms.clone()
            }
        };
        let doubts = keyed
            .iter()
            .copied()
            .find(|&i| reports_doubt(&sentences[i].terms));
        // Sentences saying in the writer's words (not reporting a denial)
        // that a key event did not happen ("has exited the project"), each
        // with its first such statement.
        let mut denials: Vec<(usize, &crate::extract::Claim)> = Vec::new();
        for claim in &input.extraction.claims {
            if let ClaimValue::Event {
                term,
                positive: false,
            } = &claim.value
                && events.contains(term.as_str())
                && !reports_doubt(&sentences[claim.sentence].terms)
            {
                denials.push((claim.sentence, claim));
            }
        }
        denials.sort_by_key(|(s, _)| *s);
        denials.dedup_by_key(|(s, _)| *s);
        if !debunking.is_empty() && debunking.len() >= rules.min_debunk_sentences {
            let first = debunking[0];
            let s = &sentences[first];
            let n = debunking.len();
            rejecting.push(Member {
                article: a,
                surface: format!(
                    "rejects the account ({n} sentence{})",
                    if n == 1 { "" } else { "s" }
                ),
                span: s.span.clone(),
                sentence: s.span.clone(),
                about: about_of(first),
                explicit: true,
                loose: false,
                stance: 1.0,
            });
        } else if rules.min_denial_sentences > 0 && denials.len() >= rules.min_denial_sentences {
            let (first, claim) = denials[0];
            let s = &sentences[first];
            rejecting.push(Member {
                article: a,
                surface: format!(
                    "rejects the account: says what most articles report did not happen \
                     (\"{}\", {} sentences)",
                    claim.surface,
                    denials.len()
                ),
                span: claim.span.clone(),
                sentence: s.span.clone(),
                about: s.terms.clone(),
                explicit: true,
                loose: false,
                stance: 1.0,
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
                about: about_of(first),
                explicit: true,
                loose: false,
                // Judged as the rejection it leans toward (`in_passing`), never
                // part of the mean stance; `doubt_stance` places it.
                stance: 0.5,
            });
        } else if let Some(best) = {
            // Passed on without being vouched for ("reportedly"): a vote for
            // the account that leaves it less sure. The finding then shows a
            // sentence with the word, so a reader sees why.
            let passing: Vec<usize> = keyed
                .iter()
                .copied()
                .filter(|&i| sentences[i].passes_on)
                .collect();
            let shown = if passing.is_empty() { &keyed } else { &passing };
            shown
                .iter()
                .copied()
                .max_by_key(|&i| (uses_key(&sentences[i].terms), std::cmp::Reverse(i)))
        } {
            let s = &sentences[best];
            let passes_on = s.passes_on;
            let (surface, stance) = if passes_on {
                (
                    "passes the account on without vouching for it",
                    rules.passed_on_stance,
                )
            } else {
                ("gives the account", 0.0)
            };
            accepting.push(Member {
                article: a,
                surface: surface.to_string(),
                span: s.span.clone(),
                sentence: s.span.clone(),
                about: s.terms.clone(),
                explicit: true,
                loose: false,
                stance,
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

    /// What each sentence of `body` is read as, by `read` (with the rules).
    fn per_sentence(
        body: &str,
        read: impl Fn(&crate::extract::SentenceFacts, &RuleSet) -> bool,
    ) -> Vec<bool> {
        let rules = RuleSet::builtin().unwrap();
        let doc = crate::text::prepare(&Article::of_body(body), &rules.text);
        let extraction = crate::extract::extract(&doc, &rules, None);
        extraction
            .sentences
            .iter()
            .map(|s| read(s, &rules))
            .collect()
    }

    /// Whether each sentence of `body` is read as rejecting something.
    fn debunks(body: &str) -> Vec<bool> {
        per_sentence(body, |s, _| s.debunks)
    }

    /// Whether each sentence of `body` passes something on without vouching for it.
    fn passes_on(body: &str) -> Vec<bool> {
        per_sentence(body, |s, _| s.passes_on)
    }

    /// Whether each sentence of `body` reports a doubt or denial.
    fn reports(body: &str) -> Vec<bool> {
        per_sentence(body, |s, rules| {
            s.terms
                .iter()
                .any(|(t, _)| rules.contrasts.reported.contains(t.as_str()))
        })
    }

    /// The surfaces of the story's account answers, per article.
    fn stances(bodies: &[&str]) -> Vec<String> {
        stances_shown(bodies).into_iter().map(|(s, _)| s).collect()
    }

    /// Each article's stance, and the sentence its finding shows.
    fn stances_shown(bodies: &[&str]) -> Vec<(String, String)> {
        members_of(bodies, &RuleSet::builtin().unwrap())
            .into_iter()
            .enumerate()
            .map(|(a, m)| {
                m.map_or((String::new(), String::new()), |m| {
                    (m.surface, bodies[a][m.sentence].to_string())
                })
            })
            .collect()
    }

    /// Each body's member of the story's answers, if it has one.
    fn members_of(bodies: &[&str], rules: &RuleSet) -> Vec<Option<super::Member>> {
        let extractions: Vec<crate::extract::Extraction> = bodies
            .iter()
            .map(|body| {
                let doc = crate::text::prepare(&Article::of_body(body), &rules.text);
                crate::extract::extract(&doc, rules, None)
            })
            .collect();
        let inputs: Vec<super::ArticleInput> = extractions
            .iter()
            .map(|extraction| super::ArticleInput {
                source: "outlet",
                published: None,
                extraction,
            })
            .collect();
        let key = super::key_terms(&inputs, rules.contrasts.key_share);
        let mut out: Vec<Option<super::Member>> = vec![None; bodies.len()];
        for answer in super::answers(&inputs, &key, &rules.contrasts) {
            for m in answer.members {
                let article = m.article;
                out[article] = Some(m);
            }
        }
        out
    }

    const GIVES: [&str; 3] = [
        "Tom Hale will play the lead role in the studio's space drama. Filming on the space drama starts in the spring.",
        "Tom Hale takes the lead role in the studio's space drama. The space drama has a large budget.",
        "The studio said Tom Hale gets the lead role in its space drama. Fans welcomed the space drama casting.",
    ];

    #[test]
    fn saying_the_key_event_did_not_happen_twice_rejects_the_account() {
        let mut story = GIVES.to_vec();
        story.push(
            "Tom Hale has abandoned the space drama after talks. Hale dropped the lead role on Friday.",
        );
        let got = stances(&story);
        assert!(
            got[3]
                .starts_with("rejects the account: says what most articles report did not happen"),
            "{got:?}"
        );
        assert!(got[..3].iter().all(|s| s == "gives the account"), "{got:?}");
    }

    #[test]
    fn one_denial_or_a_reported_one_does_not_reject_it() {
        // Once only: an aside as often as a rejection.
        let mut story = GIVES.to_vec();
        story.push("Tom Hale has abandoned the space drama after talks. Hale spoke on Friday.");
        story.push(
            "Tom Hale has abandoned the space drama, rumours say. The studio denied he dropped the lead role.",
        );
        let got = stances(&story);
        // With no article rejecting the account, there is no rival to it.
        assert!(got.iter().all(String::is_empty), "{got:?}");
    }

    #[test]
    fn a_bare_verdict_on_a_sentence_of_the_story_rejects_the_account() {
        let mut story = GIVES.to_vec();
        // The fact-checker's format: the claim, then the verdict alone.
        story.push("Claim: Tom Hale will play the lead role in the space drama. FALSE.");
        // A longer sentence calling something else false is no verdict on
        // the sentence before it.
        story.push(
            "Tom Hale will play the lead role in the space drama. \
             Critics called the rumoured plot twist false and clumsy.",
        );
        // Nor is a short one after a sentence without the key words.
        story.push(
            "Tom Hale will play the lead role in the space drama. \
             An old poster had a typo. Fake, again.",
        );
        let got = stances_shown(&story);
        assert_eq!(
            (got[3].0.as_str(), got[3].1.as_str()),
            ("rejects the account (1 sentence)", "FALSE."),
            "{got:?}"
        );
        assert!(
            got[4..].iter().all(|(s, _)| s == "gives the account"),
            "{got:?}"
        );
        // The verdict is about the sentence before it: its words are the
        // rejection's context, not those of "FALSE." (none).
        let mut rules = RuleSet::builtin().unwrap();
        let verdict = members_of(&story, &rules)[3].clone().unwrap();
        assert!(
            verdict.about.iter().any(|(t, _)| t.as_str() == "drama"),
            "{:?}",
            verdict.about
        );
        // `verdict_words = 0` turns the reading off: nothing rejects the
        // account then, so the story has no rival to it at all.
        rules.contrasts.verdict_words = 0;
        let off = members_of(&story, &rules);
        assert!(off.iter().all(Option::is_none), "{off:?}");
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
    fn passing_the_account_on_is_read_by_the_word_not_its_stem() {
        for text in [
            "Tom Hale will reportedly play the lead role.",
            "The actor supposedly takes the lead role.",
            "An unverified video shows the actor on set.",
            "The purported script leaked online.",
        ] {
            assert_eq!(passes_on(text), [true], "{text}");
        }
        for text in [
            "The studio's report says Tom Hale will play the lead role.",
            "Reporters asked whether the actor supposes he will win.",
            "The video was verified by the studio.",
        ] {
            assert_eq!(passes_on(text), [false], "{text}");
        }
    }

    #[test]
    fn an_article_passing_the_account_on_still_gives_it_and_stands_part_way() {
        let mut story = GIVES.to_vec();
        story.push(
            "Tom Hale will reportedly play the lead role in the studio's space drama. The space drama starts soon.",
        );
        story.push("The space drama starring Tom Hale is a hoax, a blogger said.");
        let got = stances(&story);
        assert_eq!(got[3], "passes the account on without vouching for it");
        assert!(got[..3].iter().all(|s| s == "gives the account"), "{got:?}");
        assert!(got[4].starts_with("rejects the account"), "{got:?}");
    }

    #[test]
    fn a_finding_of_passing_the_account_on_shows_a_sentence_with_the_word() {
        let mut story = GIVES.to_vec();
        // The sentence with the most key words does not hold the word.
        story.push(
            "The studio confirmed Tom Hale gets the lead role in its space drama. \
             The space drama reportedly starts soon.",
        );
        story.push("The space drama starring Tom Hale is a hoax, a blogger said.");
        let got = stances_shown(&story);
        assert_eq!(got[3].0, "passes the account on without vouching for it");
        assert_eq!(
            got[3].1, "The space drama reportedly starts soon.",
            "{got:?}"
        );
        // Without the word, the sentence with the most key words is shown.
        assert_eq!(got[0].0, "gives the account");
        assert!(
            got[0].1.starts_with("Tom Hale will play the lead role"),
            "{got:?}"
        );
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
            "The $72 million figure is not accurate, he said.",
            "Reports of a ban were inaccurate, the school said.",
            "The claims about his fortune were exaggerated.",
        ] {
            assert_eq!(debunks(text), [true], "{text}");
        }
        for text in [
            "The senator posted the video on Tuesday.",
            "The company made a profit of $2 million.",
            "Such videos are common on social media.",
            "The figures were accurate to the last dollar.",
        ] {
            assert_eq!(debunks(text), [false], "{text}");
        }
    }
}
