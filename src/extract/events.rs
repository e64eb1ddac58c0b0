//! Event statements: a content word said to hold or not to hold. "ends
//! Microsoft's exclusive license" is (exclus, -); "grants Microsoft exclusive
//! rights" is a positive mention of (exclus). The words that turn a statement
//! around are data in `rules/contrasts.toml`.

use std::ops::Range;

use super::context::Word;
use super::tokens::{Token, tokenize};
use crate::rules::{
    CUE_NEGATOR, CUE_NOT_REVERSAL, CUE_PAST, CUE_POST_NEGATOR, CUE_REVERSAL, ClaimRules,
    ContrastRules, Phrase, ROLE_ANTONYM, ROLE_HEDGE,
};

/// One event term in a sentence; `span` is relative to the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventMention {
    /// The stem of the word ("exclus"), or an antonym frame ("rise").
    pub term: Word,
    pub positive: bool,
    pub span: Range<usize>,
    /// The cue and the word, as a reader would quote them ("ends ... exclusive license").
    pub surface: Word,
}

/// What a sentence states about its words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceEvents {
    /// Negated or reversed words, and antonym frames: explicit statements.
    pub statements: Vec<EventMention>,
    /// Words asserted plainly (present tense, no hedge, no negation in the
    /// sentence). They become claims only where another article denies them.
    pub positives: Vec<EventMention>,
}

/// The event statements of one sentence.
pub fn sentence_events(
    sentence: &str,
    contrasts: &ContrastRules,
    claims: &ClaimRules,
) -> SentenceEvents {
    let tokens = tokenize(sentence, claims, Some(contrasts));
    let roles = roles(&tokens);
    sentence_events_in(sentence, &tokens, &roles, contrasts)
}

/// What each word is to the contrast rules (`ContrastRules::role`), read
/// with the words (`tokenize` with the contrast rules).
pub(crate) fn roles(tokens: &[Token]) -> Vec<u16> {
    tokens.iter().map(|t| t.lexeme().role).collect()
}

/// `sentence_events` with the sentence's words already read.
pub(crate) fn sentence_events_in(
    sentence: &str,
    tokens: &[Token],
    roles: &[u16],
    contrasts: &ContrastRules,
) -> SentenceEvents {
    let mut out = SentenceEvents::default();
    if is_heading(tokens) {
        return out;
    }
    if roles.iter().any(|r| r & ROLE_HEDGE != 0) {
        return out;
    }
    // Whether each word is a content word, decided once per word.
    let content = |j: usize| tokens[j].lexeme().event_content;
    // Most words start no phrase of a list (`cue`: the list's role bit).
    let match_phrase = |i: usize, phrases: &[Phrase], cue: u16| -> Option<usize> {
        if roles[i] & cue != 0 {
            match_phrase(tokens, i, phrases)
        } else {
            None
        }
    };
    let is_negator = |i: usize| -> Option<usize> {
        if tokens[i].lower().ends_with("n't") {
            return Some(1);
        }
        match_phrase(i, &contrasts.negators, CUE_NEGATOR)
    };
    let mention = |j: usize, cue: &str, positive: bool| -> Option<EventMention> {
        let term = tokens[j].lexeme().event_term();
        if contrasts.ignore.contains(term.as_str()) {
            return None;
        }
        // "exclusive rights" reads better than "exclusive".
        let end = match tokens.get(j + 1) {
            Some(next)
                if content(j + 1) && sentence[tokens[j].range.end..next.range.start] == *" " =>
            {
                next.range.end
            }
            _ => tokens[j].range.end,
        };
        let said = &sentence[tokens[j].range.start..end];
        let surface = if cue.is_empty() {
            Word::from(said)
        } else {
            compact_str::format_compact!("{cue} ... {said}")
        };
        Some(EventMention {
            term,
            positive,
            span: tokens[j].range.start..end,
            surface,
        })
    };

    let mut has_cue = false;
    let mut taken = vec![false; tokens.len()];
    for i in 0..tokens.len() {
        let forward = is_negator(i).map(|len| (len, true)).or_else(|| {
            match_phrase(i, &contrasts.reversals, CUE_REVERSAL)
                .filter(|_| match_phrase(i, &contrasts.not_reversals, CUE_NOT_REVERSAL).is_none())
                .map(|len| (len, false))
        });
        // "not just about building" adds; it does not deny. A cue glued into
        // a compound ("record-breaking", "name-dropped", "high-end") is no cue.
        let glued =
            |i: usize| i > 0 && sentence[tokens[i - 1].range.end..tokens[i].range.start] == *"-";
        let forward = forward
            .filter(|&(len, _)| {
                tokens
                    .get(i + len)
                    .is_none_or(|t| !contrasts.not_negating.contains(t.lower()))
            })
            .filter(|_| !glued(i));
        if let Some((len, negator)) = forward {
            has_cue = true;
            let cue = words(&tokens[i..i + len]);
            // A reversal used as a noun ("the end of the video") reverses nothing.
            let determiner = i > 0
                && matches!(
                    tokens[i - 1].lower(),
                    "the" | "a" | "an" | "this" | "that" | "its" | "his" | "her" | "their" | "our"
                );
            let window = (i + len)..(i + len + contrasts.scope).min(tokens.len());
            for j in window.filter(|_| negator || !determiner) {
                // Clause punctuation ends the cue's reach ("it's not, it's kind of").
                if sentence[tokens[j - 1].range.end..tokens[j].range.start]
                    .contains([',', ';', ':', '(', ')', '"'])
                {
                    break;
                }
                // A negated antonym is handled as a flipped frame below.
                if roles[j] & ROLE_ANTONYM != 0 && negator {
                    break;
                }
                if contrasts.pass_over.contains(tokens[j].lower()) {
                    continue;
                }
                if content(j) {
                    if let Some(m) = mention(j, &cue, false) {
                        taken[j] = true;
                        // A reversal with an object ("ends ... license") is not
                        // also an antonym on its own ("ends" as "not continue").
                        taken[i] = true;
                        out.statements.push(m);
                    }
                    break;
                }
                // Only function words and possessive names ("Microsoft's") stand
                // between a cue and what it turns around.
                let possessive =
                    tokens[j].lower().ends_with("'s") || tokens[j].lower().ends_with("’s");
                if tokens[j].name && !possessive {
                    break;
                }
            }
        }
        if let Some(len) = match_phrase(i, &contrasts.post_negators, CUE_POST_NEGATOR) {
            has_cue = true;
            let cue = words(&tokens[i..i + len]);
            for j in (i.saturating_sub(contrasts.scope)..i).rev() {
                if content(j) {
                    if let Some(mut m) = mention(j, "", false) {
                        m.surface = compact_str::format_compact!("{} ... {cue}", m.surface);
                        taken[j] = true;
                        out.statements.push(m);
                    }
                    break;
                }
            }
        }
        if roles[i] & ROLE_ANTONYM != 0
            && !taken[i]
            && let Some((frame, positive)) = contrasts.antonyms.get(tokens[i].lower())
        {
            let flipped = (i.saturating_sub(3)..i).any(|k| is_negator(k).is_some());
            // Any negative word in the sentence keeps its plain words from
            // counting as positive mentions ("stopped flights").
            has_cue |= flipped || !*positive;
            taken[i] = true;
            let surface = if flipped {
                compact_str::format_compact!("not ... {}", tokens[i].text)
            } else {
                Word::from(tokens[i].text)
            };
            out.statements.push(EventMention {
                term: Word::from(frame.as_str()),
                positive: *positive != flipped,
                span: tokens[i].range.clone(),
                surface,
            });
        }
    }
    let past =
        (0..tokens.len()).any(|i| match_phrase(i, &contrasts.past_markers, CUE_PAST).is_some());
    if !has_cue && !past {
        for j in 0..tokens.len() {
            if !taken[j] && content(j) && roles[j] & ROLE_ANTONYM == 0 {
                out.positives.extend(mention(j, "", true));
            }
        }
    }
    out.statements.sort_by_key(|m| m.span.start);
    out.statements
        .dedup_by(|a, b| a.span == b.span && a.term == b.term);
    out
}

/// The words of `tokens` as written, joined by spaces ("no longer").
fn words(tokens: &[Token]) -> String {
    tokens.iter().map(|t| t.text).collect::<Vec<_>>().join(" ")
}

/// Whether the sentence's words (with their `roles`) hold one of `phrases`,
/// whose first words carry the `cue` bit in their roles.
pub(crate) fn contains_phrase_in(
    tokens: &[Token],
    roles: &[u16],
    phrases: &[Phrase],
    cue: u16,
) -> bool {
    (0..tokens.len()).any(|i| roles[i] & cue != 0 && match_phrase(tokens, i, phrases).is_some())
}

/// Length in words of the longest phrase that starts at token `i`.
/// `phrases` is sorted (see `ContrastRules`), so only those that start with
/// the token's word are looked at.
fn match_phrase(tokens: &[Token], i: usize, phrases: &[Phrase]) -> Option<usize> {
    debug_assert!(phrases.is_sorted());
    let first = tokens[i].lower();
    let from = phrases.partition_point(|p| p[0].as_str() < first);
    phrases[from..]
        .iter()
        .take_while(|p| p[0] == first)
        .filter(|p| {
            p.len() <= tokens.len() - i && p.iter().zip(&tokens[i..]).all(|(w, t)| *w == t.lower())
        })
        .map(Vec::len)
        .max()
}

/// A title-case line ("OpenAI Breaks Microsoft Exclusivity") states nothing
/// in a form these rules can read: most of its longer words are capitalised.
fn is_heading(tokens: &[Token]) -> bool {
    let (mut long, mut capitalised) = (0, 0);
    for t in tokens {
        // Four characters or more; sixteen bytes always hold four.
        if t.text.len() >= 4 && (t.text.len() >= 16 || t.text.chars().count() >= 4) {
            long += 1;
            capitalised += usize::from(t.name);
        }
    }
    long >= 4 && capitalised * 2 > long
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    fn statements(sentence: &str) -> usize {
        let rules = RuleSet::builtin().unwrap();
        sentence_events(sentence, &rules.contrasts, &rules.claims)
            .statements
            .len()
    }

    #[test]
    fn a_title_case_line_states_nothing() {
        assert_eq!(statements("OpenAI Ends Microsoft's Exclusive License"), 0);
        assert_eq!(statements("Über Ends Café's Exclusive Deal With Zoë"), 0);
        assert_eq!(statements("OpenAI ends Microsoft's exclusive license."), 1);
        // More than half of the words of four letters or more capitalised:
        // four of seven is a heading, three of six is not.
        assert_eq!(
            statements("Alice Smith Jones Brown did not renew their lease"),
            0
        );
        assert_eq!(statements("Alice Smith Jones did not renew their lease"), 1);
    }
}
