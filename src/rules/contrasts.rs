//! `contrasts.toml`: the words that turn a statement around.

use rustc_hash::{FxHashMap, FxHashSet};

use super::citation::Example;
use super::raw::ContrastsFile;
use super::{Problems, RuleFile};
use crate::error::Location;

/// A phrase as lower-case words, matched against a sentence's words.
pub type Phrase = Vec<String>;

/// Every list of phrases below is sorted (by first word, then the rest), so
/// that the phrases starting with a given word are found by binary search.
#[derive(Debug)]
pub struct ContrastRules {
    pub negators: Vec<Phrase>,
    pub reversals: Vec<Phrase>,
    pub post_negators: Vec<Phrase>,
    pub scope: usize,
    pub hedges: FxHashSet<String>,
    /// Words after a negator that make it additive, not negative ("not just").
    pub not_negating: FxHashSet<String>,
    /// Phrases that start with a reversal but reverse nothing ("ended up").
    pub not_reversals: Vec<Phrase>,
    /// Light verbs between a negator and what it denies ("no longer holds").
    pub pass_over: FxHashSet<String>,
    pub past_markers: Vec<Phrase>,
    /// Stems never taken as event terms.
    pub ignore: FxHashSet<String>,
    /// Word -> (frame, positive).
    pub antonyms: FxHashMap<String, (String, bool)>,
    /// Terms (frames or stems) of acts whose truth depends on who does
    /// them ("confirmed", "did not confirm"): their two sides are not rivals.
    pub speech_acts: FxHashSet<String>,
    /// Phrases with which a writer calls the account false ("hoax", "not true").
    pub debunk: Vec<Phrase>,
    pub min_debunk_sentences: usize,
    /// Stems of words reporting a doubt or denial without the writer taking
    /// it up ("denied", "rumours").
    pub reported: FxHashSet<String>,
    /// Sentences saying in the writer's words that the story's key event did
    /// not happen ("has not been killed") that make an article reject the
    /// account; 0 turns this off.
    pub min_denial_sentences: usize,
    pub key_share: f64,
    /// Phrases with which a writer passes the account on without vouching
    /// for it ("reportedly", "supposedly").
    pub passed_on: Vec<Phrase>,
    /// Where an article giving the account with one of those words (in a
    /// sentence using the story's key words) stands between giving it (0)
    /// and rejecting it (1), in the story's mean stance.
    pub passed_on_stance: f64,
    /// A sentence of at most this many words calling something false
    /// ("FALSE.", "This is not true.") right after a sentence using the
    /// story's key words is a verdict on that sentence; 0 turns this off.
    pub verdict_words: usize,
    pub examples: Vec<EventExample>,
    pub misses: Vec<Example>,
    /// For every hedge, antonym word and cue word (the first word of a phrase
    /// above: other words start none), which of these it is (`ROLE_*` and
    /// `CUE_*` bits, one per phrase list): a sentence's words are each looked
    /// up once, and searched for only in the lists they start a phrase of.
    roles: FxHashMap<String, u16>,
    /// Tells these rules apart from any other set loaded in the process, for
    /// memos of what the rules make of a word.
    pub(crate) id: u64,
}

/// A word of `hedges`.
pub(crate) const ROLE_HEDGE: u16 = 1;
/// A key of `antonyms`.
pub(crate) const ROLE_ANTONYM: u16 = 1 << 1;
/// The first word of a phrase of one list: a word is looked for only in the
/// lists it starts a phrase of.
pub(crate) const CUE_NEGATOR: u16 = 1 << 2;
pub(crate) const CUE_REVERSAL: u16 = 1 << 3;
pub(crate) const CUE_POST_NEGATOR: u16 = 1 << 4;
pub(crate) const CUE_PAST: u16 = 1 << 5;
pub(crate) const CUE_DEBUNK: u16 = 1 << 6;
pub(crate) const CUE_PASSED_ON: u16 = 1 << 7;
pub(crate) const CUE_NOT_REVERSAL: u16 = 1 << 8;

impl ContrastRules {
    /// The `ROLE_*` and `CUE_*` bits of a lower-case word (0: none).
    pub(crate) fn role(&self, lower: &str) -> u16 {
        self.roles.get(lower).copied().unwrap_or(0)
    }

    /// Each phrase list with the bit its first words carry in `role`.
    #[cfg(test)]
    pub(crate) fn cue_lists(&self) -> [(&[Phrase], u16); 7] {
        cue_lists(
            &self.negators,
            &self.reversals,
            &self.not_reversals,
            &self.post_negators,
            &self.past_markers,
            &self.debunk,
            &self.passed_on,
        )
    }
}

/// The phrase lists in one order with their `CUE_*` bits, for building the
/// roles and for checking them (one table: a list added to one but not the
/// other would go unnoticed).
fn cue_lists<'a>(
    negators: &'a [Phrase],
    reversals: &'a [Phrase],
    not_reversals: &'a [Phrase],
    post_negators: &'a [Phrase],
    past_markers: &'a [Phrase],
    debunk: &'a [Phrase],
    passed_on: &'a [Phrase],
) -> [(&'a [Phrase], u16); 7] {
    [
        (negators, CUE_NEGATOR),
        (reversals, CUE_REVERSAL),
        (not_reversals, CUE_NOT_REVERSAL),
        (post_negators, CUE_POST_NEGATOR),
        (past_markers, CUE_PAST),
        (debunk, CUE_DEBUNK),
        (passed_on, CUE_PASSED_ON),
    ]
}

/// An example event: the sentence with the term's span marked, the term
/// (stem or frame) and its polarity.
#[derive(Debug, Clone)]
pub struct EventExample {
    pub text: String,
    pub term: String,
    pub positive: bool,
    pub location: Location,
}

pub fn phrase(text: &str) -> Phrase {
    text.split_whitespace().map(str::to_lowercase).collect()
}

pub(super) fn compile(
    file: &RuleFile,
    raw: ContrastsFile,
    problems: &mut Problems,
) -> Option<ContrastRules> {
    let before = problems.0.len();
    let phrases = |words: &[String]| {
        let mut list: Vec<Phrase> = words
            .iter()
            .map(|w| phrase(w))
            .filter(|p| !p.is_empty())
            .collect();
        list.sort();
        list
    };
    let mut antonyms = FxHashMap::default();
    for antonym in &raw.antonym {
        for (words, positive) in [(&antonym.positive, true), (&antonym.negative, false)] {
            for word in words {
                if let Some((frame, _)) =
                    antonyms.insert(word.to_lowercase(), (antonym.frame.clone(), positive))
                {
                    problems.at(
                        file,
                        0,
                        None,
                        format!(
                            "antonym word `{word}` is in frame `{frame}` and `{}`",
                            antonym.frame
                        ),
                    );
                }
            }
        }
    }
    for word in &raw.stance.reported {
        if word.split_whitespace().count() != 1 {
            problems.at(
                file,
                0,
                None,
                format!("stance.reported holds single words; `{word}` is not one"),
            );
        }
    }
    if raw.stance.min_sentences == 0 {
        problems.at(file, 0, None, "stance.min_sentences must be at least 1");
    }
    if !(0.0..=1.0).contains(&raw.stance.key_share) {
        problems.at(file, 0, None, "stance.key_share must be between 0 and 1");
    }
    // Below 1: an article passing the account on never stands where a
    // rejection does (align tells the two sides apart by their stances).
    if !(0.0..1.0).contains(&raw.stance.passed_on_stance) {
        problems.at(
            file,
            0,
            None,
            "stance.passed_on_stance must be at least 0 and below 1 (1 is where a rejection stands)",
        );
    }
    let examples = super::single_span_examples(
        file,
        raw.example,
        |e| &e.text,
        |e, location| EventExample {
            text: e.text,
            term: e.term,
            positive: e.positive,
            location,
        },
        "term",
        problems,
    );
    let misses = super::miss_examples(file, &raw.miss);
    let p = raw.polarity;
    let (negators, reversals, not_reversals, post_negators, past_markers, debunk, passed_on) = (
        phrases(&p.negators),
        phrases(&p.reversals),
        phrases(&p.not_reversals),
        phrases(&p.post_negators),
        phrases(&p.past_markers),
        phrases(&raw.stance.debunk),
        phrases(&raw.stance.passed_on),
    );
    // A phrase that starts with no reversal's first word can never cancel one.
    for phrase in &not_reversals {
        if !reversals.iter().any(|r| r[0] == phrase[0]) {
            problems.at(
                file,
                0,
                None,
                format!(
                    "polarity.not_reversals: \"{}\" does not start with the first word of a reversal, so it changes nothing",
                    phrase.join(" ")
                ),
            );
        }
    }
    let hedges: FxHashSet<String> = p.hedges.iter().map(|w| w.to_lowercase()).collect();
    let mut roles: FxHashMap<String, u16> = FxHashMap::default();
    for word in &hedges {
        *roles.entry(word.clone()).or_default() |= ROLE_HEDGE;
    }
    for word in antonyms.keys() {
        *roles.entry(word.clone()).or_default() |= ROLE_ANTONYM;
    }
    for (list, cue) in cue_lists(
        &negators,
        &reversals,
        &not_reversals,
        &post_negators,
        &past_markers,
        &debunk,
        &passed_on,
    ) {
        for phrase in list {
            *roles.entry(phrase[0].clone()).or_default() |= cue;
        }
    }
    // A speech act is named by any of its words: an antonym word stands for
    // its frame ("denied" for `confirm`), any other word for its stem.
    let speech_acts: FxHashSet<String> = p
        .speech_acts
        .iter()
        .map(|w| {
            let lower = w.to_lowercase();
            antonyms
                .get(&lower)
                .map_or_else(|| crate::words::stem(&lower), |(frame, _)| frame.clone())
        })
        .collect();
    (problems.0.len() == before).then(|| ContrastRules {
        id: super::claims::NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        negators,
        reversals,
        post_negators,
        scope: p.scope,
        hedges,
        not_negating: p.not_negating.iter().map(|w| w.to_lowercase()).collect(),
        not_reversals,
        pass_over: p.pass_over.iter().map(|w| w.to_lowercase()).collect(),
        past_markers,
        ignore: p
            .ignore
            .iter()
            .map(|w| crate::words::stem(&w.to_lowercase()))
            .collect(),
        antonyms,
        speech_acts,
        debunk,
        min_debunk_sentences: raw.stance.min_sentences,
        reported: raw
            .stance
            .reported
            .iter()
            .map(|w| crate::words::stem(&w.to_lowercase()))
            .collect(),
        min_denial_sentences: raw.stance.min_denial_sentences,
        key_share: raw.stance.key_share,
        passed_on,
        passed_on_stance: raw.stance.passed_on_stance,
        verdict_words: raw.stance.verdict_words,
        examples,
        misses,
        roles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speech_act_is_named_by_its_frame_or_its_stem() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let acts = &rules.contrasts.speech_acts;
        // "confirm" is an antonym word: it names its frame, whose other side
        // ("denied") is then a speech act too. "verify" names its stem, that
        // of "verified".
        let stem = |w: &str| crate::words::stem(w);
        assert!(acts.contains("confirm"), "{acts:?}");
        assert_eq!(rules.contrasts.antonyms["denied"].0, "confirm");
        assert!(acts.contains(&stem("verified")), "{acts:?}");
        assert!(!acts.contains(&stem("killed")), "{acts:?}");
    }

    #[test]
    fn each_words_roles_are_the_lists_it_is_in() {
        let rules = crate::rules::RuleSet::builtin().unwrap();
        let c = &rules.contrasts;
        for hedge in &c.hedges {
            assert!(c.role(hedge) & ROLE_HEDGE != 0, "{hedge}");
        }
        for word in c.antonyms.keys() {
            assert!(c.role(word) & ROLE_ANTONYM != 0, "{word}");
        }
        let lists = c.cue_lists();
        for (list, cue) in lists {
            for phrase in list {
                assert!(c.role(&phrase[0]) & cue != 0, "{phrase:?}");
            }
        }
        // Each list's bit is its own: "not" negates, it is not a past marker.
        let not = c.role("not");
        assert!(not & CUE_NEGATOR != 0 && not & CUE_PAST == 0);
        // A word in no list has no role; a cue is not thereby a hedge.
        assert_eq!(c.role("table"), 0);
        assert!(not & ROLE_HEDGE == 0);
    }
}
