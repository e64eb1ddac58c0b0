//! What a claim is about: the stemmed content words of its clause.

use std::ops::Range;

use super::tokens::{Token, tokenize};
use crate::rules::ClaimRules;

use crate::words::stem;

/// A stemmed term and how close it stands to the claim (1 next to it, less
/// further away), so that "a $1.5 billion [investment]" counts more than the
/// far end of a long clause.
pub type Term = (Word, f32);

/// A term's text. Stems are short ("exclus", "billion"): held inline, a copy
/// allocates nothing, and extraction copies terms by the million.
pub type Word = compact_str::CompactString;

/// What a quantity is about, in two rings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Context {
    /// Content words of its clause (or of the sentence, when the clause says
    /// too little), weighted by nearness, plus the names anywhere in the
    /// sentence at half weight: who the quantity concerns is often named
    /// outside its clause ("Amazon - Microsoft's rival - came in as the largest
    /// investor at $50 billion"). Sorted by term, unique.
    pub about: Vec<Term>,
    /// The content words nearest the quantity on each side within its clause
    /// ("$1.5 billion *investment* in *AWS*"): what the number measures. Two
    /// different values are rival answers only if they share one of these.
    pub head: Vec<Word>,
    /// The names in its clause ("the 88-year-old [Castro]"), and the name
    /// right before it when commas set it off ("Castro, aged 88,"), as terms:
    /// whom it is about when the sentence says so. Not the sentence's first
    /// word, possessives or months. Sorted, unique.
    pub names: Vec<Word>,
    /// Read right after "the" ("the 58-year-old has worked ..."): it refers
    /// back to something already named, often in an earlier sentence.
    pub definite: bool,
}

/// Weight of a name found anywhere in the sentence.
const NAME_WEIGHT: f32 = 0.5;

pub fn claim_context(sentence: &str, span: Range<usize>, rules: &ClaimRules) -> Context {
    claim_context_in(sentence, &tokenize(sentence, rules, None), span, rules)
}

/// `claim_context` with the sentence's words already read.
pub(crate) fn claim_context_in(
    sentence: &str,
    tokens: &[Token],
    span: Range<usize>,
    rules: &ClaimRules,
) -> Context {
    // Terms are borrowed from the tokens while they are gathered, sorted and
    // made unique; only those kept are copied out.
    let clause = clause_around(tokens, sentence, span.clone());
    let mut before = content_terms(tokens, clause.start..span.start, &span);
    let mut after = content_terms(tokens, span.end..clause.end, &span);
    let head = sorted_unique(
        before
            .iter()
            .rev()
            .take(rules.head_terms)
            .chain(after.iter().take(rules.head_terms))
            .copied(),
    );
    if before.len() + after.len() < rules.min_terms {
        before = content_terms(tokens, 0..span.start, &span);
        after = content_terms(tokens, span.end..sentence.len(), &span);
    }
    let nearness = |distance: usize| 1.0 / (1.0 + distance as f32 / 2.0);
    let mut weighted: Vec<(&str, f32)> = before
        .iter()
        .rev()
        .enumerate()
        .map(|(d, &t)| (t, nearness(d)))
        .collect();
    weighted.extend(after.iter().enumerate().map(|(d, &t)| (t, nearness(d))));
    weighted.extend(names(tokens, &span).map(|t| (t, NAME_WEIGHT)));
    // A capitalised word that names whom: the sentence's first word is
    // capitalised whatever it is; a possessive names someone else ("Castro's
    // 30-year-old grandson"); a month ("kidnapped in March") names a time.
    let names_whom = |t: &Token| {
        let possessive = ["'s", "\u{2019}s"]
            .iter()
            .any(|p| t.text.ends_with(p) || sentence[t.range.end..].starts_with(p));
        let month = t.lexeme().date_word;
        t.name && t.range.start > 0 && !possessive && !month && t.lexeme().long
    };
    let mut clause_names: Vec<&str> = tokens
        .iter()
        .filter(|t| t.range.start >= clause.start && t.range.end <= clause.end)
        .filter(|t| t.range.start >= span.end || t.range.end <= span.start)
        .filter(|t| names_whom(t))
        .filter_map(|t| t.term())
        .collect();
    // The word right before the claim.
    let before_claim = tokens.iter().rev().find(|t| t.range.end <= span.start);
    // "Castro, aged 88, has": set off by commas, the claim is about the
    // name right before it, though the commas cut it from its clause.
    if let Some(named) = before_claim
        .filter(|t| names_whom(t) && sentence[t.range.end..span.start] == *", ")
        .and_then(|t| t.term())
    {
        clause_names.push(named);
    }
    let clause_names = sorted_unique(clause_names.into_iter());
    let definite = before_claim
        .is_some_and(|t| t.lower() == "the" && sentence[t.range.end..span.start].trim().is_empty());
    Context {
        about: strongest(weighted)
            .into_iter()
            .map(|(t, w)| (Word::from(t), w))
            .collect(),
        head: head.into_iter().map(Word::from).collect(),
        names: clause_names.into_iter().map(Word::from).collect(),
        definite,
    }
}

/// Sorted by term, each term once with its greatest weight (terms owned, or
/// borrowed while they are gathered).
pub fn strongest<T: AsRef<str>>(terms: Vec<(T, f32)>) -> Vec<(T, f32)> {
    // Keyed by `prefix_key` first, as `sorted_unique` sorts.
    let mut keyed: Vec<(u64, T, f32)> = terms
        .into_iter()
        .map(|(t, w)| (prefix_key(t.as_ref()), t, w))
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.as_ref().cmp(b.1.as_ref()))
            .then(b.2.total_cmp(&a.2))
    });
    keyed.dedup_by(|later, first| later.0 == first.0 && later.1.as_ref() == first.1.as_ref());
    keyed.into_iter().map(|(_, t, w)| (t, w)).collect()
}

/// `terms` sorted, each once: by their first eight bytes as a number
/// (`prefix_key`), then in full, which is the order of the strings with
/// most comparisons made on integers instead of `memcmp`.
fn sorted_unique<'t>(terms: impl Iterator<Item = &'t str>) -> Vec<&'t str> {
    let mut keyed: Vec<(u64, &str)> = terms.map(|t| (prefix_key(t), t)).collect();
    keyed.sort_unstable();
    keyed.dedup();
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// Every content word and name of a sentence, stemmed, each at weight 1:
/// what an event statement or a whole sentence is about.
pub fn sentence_terms(sentence: &str, rules: &ClaimRules) -> Vec<Term> {
    sentence_terms_in(&tokenize(sentence, rules, None))
}

/// `sentence_terms` with the sentence's words already read.
pub(crate) fn sentence_terms_in(tokens: &[Token]) -> Vec<Term> {
    let terms = tokens
        .iter()
        .filter(|t| t.lexeme().content)
        .filter_map(|t| t.term())
        .chain(names(tokens, &(0..0)));
    sorted_unique(terms)
        .into_iter()
        .map(|t| (Word::from(t), 1.0))
        .collect()
}

/// The first eight bytes of `s`, zero-padded, as a big-endian number: two
/// strings whose keys differ are ordered as their keys are.
fn prefix_key(s: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = s.len().min(8);
    bytes[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// Capitalised words that are not the sentence's first word, as terms.
pub(crate) fn names<'t>(tokens: &'t [Token], skip: &Range<usize>) -> impl Iterator<Item = &'t str> {
    tokens
        .iter()
        .skip(1)
        .filter(move |t| {
            let outside = t.range.start >= skip.end || t.range.end <= skip.start;
            outside && t.name && t.lexeme().long
        })
        .filter_map(|t| t.term())
}

/// The content words wholly inside `range` of the sentence, outside `skip`
/// (the claim itself), as terms.
fn content_terms<'t>(
    tokens: &'t [Token],
    range: Range<usize>,
    skip: &Range<usize>,
) -> Vec<&'t str> {
    tokens
        .iter()
        .filter(|t| {
            let inside_range = range.start <= t.range.start && t.range.end <= range.end;
            let inside_quantity = t.range.start < skip.end && skip.start < t.range.end;
            inside_range && !inside_quantity && t.lexeme().content
        })
        .filter_map(|t| t.term())
        .collect()
}

/// A word as a context term: lower-cased and stemmed, or `None` for a stopword.
pub(super) fn read_term(word: &str, rules: &ClaimRules) -> Option<Word> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches("'s");
    if rules.stopwords.contains(lower) || rules.scales.contains_key(lower) {
        return None;
    }
    // Acronyms and names with inner capitals ("AWS", "OpenAI") are not English words to stem.
    let inner_capital = word.chars().skip(1).any(char::is_uppercase);
    Some(if inner_capital {
        Word::from(lower)
    } else {
        Word::from(stem(lower))
    })
}

/// The clause holding `span`: bounded by punctuation that separates clauses,
/// a spaced dash, or a word that opens a new clause.
fn clause_around(tokens: &[Token], sentence: &str, span: Range<usize>) -> Range<usize> {
    // Every break is ASCII, and no byte of a multi-byte character is, so
    // the breaks are found byte by byte, with no character decoded.
    let bytes = sentence.as_bytes();
    let break_len = |at: usize| -> Option<usize> {
        match bytes[at] {
            b',' | b';' | b':' | b'(' | b')' | b'[' | b']' | b'"' => Some(1),
            b' ' if bytes[at + 1..].starts_with(b"- ") => Some(3),
            _ => None,
        }
    };
    let mut start = (0..span.start)
        .rev()
        .find_map(|i| break_len(i).map(|len| i + len))
        .unwrap_or(0);
    let mut end = (span.end..sentence.len())
        .find(|&j| break_len(j).is_some())
        .unwrap_or(sentence.len());
    // Clause words cut the clause too ("... $5 billion, while rivals ...").
    let (clause_start, clause_end) = (start, end);
    for token in tokens
        .iter()
        .filter(|t| clause_start <= t.range.start && t.range.end <= clause_end)
    {
        if token.lexeme().clause_word {
            if token.range.end <= span.start {
                start = token.range.end;
            } else if token.range.start >= span.end {
                end = token.range.start;
                break;
            }
        }
    }
    start.min(span.start)..end.max(span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn prefix_keys_order_strings_as_the_strings_do() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcdefgh",
            "abcdefghi",
            "abcdefgha",
            "abcdefgz",
            "b",
            "zz",
            "é",
            "éa",
            "e\u{0}",
            "e",
            "Zürich",
            "zurich",
            "12",
            "1a",
        ];
        for x in words {
            for y in words {
                let (kx, ky) = (prefix_key(x), prefix_key(y));
                assert!(kx == ky || kx.cmp(&ky) == x.cmp(y), "{x:?} {y:?}");
                assert_eq!((kx, x).cmp(&(ky, y)), x.cmp(y), "{x:?} {y:?}");
            }
        }
    }

    /// The clause's breaks found character by character, as a reader
    /// would: the byte scan in `clause_around` must find the same ones.
    fn breaks_by_chars(sentence: &str, span: Range<usize>) -> Range<usize> {
        let is_break = |at: usize| {
            let rest = &sentence[at..];
            rest.starts_with([',', ';', ':', '(', ')', '[', ']', '"']) || rest.starts_with(" - ")
        };
        let boundaries: Vec<usize> = sentence.char_indices().map(|(i, _)| i).collect();
        let start = boundaries
            .iter()
            .rev()
            .filter(|&&i| i < span.start)
            .find(|&&i| is_break(i))
            .map_or(0, |&i| {
                i + if sentence[i..].starts_with(" - ") {
                    3
                } else {
                    1
                }
            });
        let end = boundaries
            .iter()
            .filter(|&&i| i >= span.end)
            .find(|&&i| is_break(i))
            .map_or(sentence.len(), |&i| i);
        start.min(span.start)..end.max(span.end)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]
        /// Sentences dense in breaks, spaced dashes and multi-byte
        /// characters, without clause words (which cut further): every
        /// span's clause is the one read character by character.
        #[test]
        fn clauses_break_where_a_reader_sees_a_break(
            sentence in "[ abé,;:()\\[\\]\"\u{2014}\u{201c}-]{1,40}",
            a in 0usize..40,
            b in 0usize..40,
        ) {
            // Built once: building the rules takes seconds in a debug build.
            static RULES: std::sync::LazyLock<RuleSet> =
                std::sync::LazyLock::new(|| RuleSet::builtin().unwrap());
            let rules = &*RULES;
            let cut = |i: usize| {
                let mut i = i.min(sentence.len());
                while !sentence.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let (lo, hi) = (cut(a.min(b)), cut(a.max(b)));
            let tokens = tokenize(&sentence, &rules.claims, None);
            proptest::prop_assume!(tokens.iter().all(|t| !t.lexeme().clause_word));
            proptest::prop_assert_eq!(
                clause_around(&tokens, &sentence, lo..hi),
                breaks_by_chars(&sentence, lo..hi)
            );
        }
    }

    #[test]
    fn clause_context_and_sentence_fallback() {
        let rules = RuleSet::builtin().unwrap();
        let sentence = "In November, OpenAI disclosed a $38 billion commitment to AWS, followed by a $50 billion investment from Amazon in late February.";
        let at = |needle: &str| {
            let s = sentence.find(needle).unwrap();
            s..s + needle.len()
        };
        let terms = |c: &Context| c.about.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
        let thirty_eight = claim_context(sentence, at("$38 billion"), &rules.claims);
        assert_eq!(
            terms(&thirty_eight),
            [
                "amazon", "aws", "commit", "disclos", "februari", "novemb", "openai"
            ]
        );
        assert_eq!(thirty_eight.head, ["aws", "commit", "disclos", "openai"]);
        let fifty = claim_context(sentence, at("$50 billion"), &rules.claims);
        assert_eq!(
            terms(&fifty),
            [
                "amazon", "aws", "februari", "follow", "invest", "late", "novemb", "openai"
            ]
        );
        assert_eq!(fifty.head, ["amazon", "follow", "invest"]);
        // Nearer words weigh more: "investment" right after the figure, "February" four words on.
        let weight = |t: &str| fifty.about.iter().find(|(x, _)| x == t).unwrap().1;
        assert!(
            weight("invest") > weight("februari") && weight("follow") == 1.0,
            "{:?}",
            fifty.about
        );
        // Names in the figure's clause say whom it is about; a possessive
        // names someone else.
        let aged = "Yesterday the 88-year-old Castro met Raul's 30-year-old aide in Havana, officials said.";
        let s = aged.find("88-year-old").unwrap();
        let castro = claim_context(aged, s..s + 11, &rules.claims);
        assert_eq!(castro.names, ["castro", "havana"]);
        let s = aged.find("30-year-old").unwrap();
        let aide = claim_context(aged, s..s + 11, &rules.claims);
        assert!(
            !aide.names.contains(&Word::from("raul")),
            "{:?}",
            aide.names
        );
        // "The 88-year-old" refers back to someone named; "Raul's
        // 30-year-old aide" does not. A month names no one.
        assert!(castro.definite && !aide.definite);
        let kidnapped = "The 44-year-old aid worker was kidnapped in March 2013.";
        let worker = claim_context(kidnapped, 4..15, &rules.claims);
        assert!(worker.definite && worker.names.is_empty(), "{worker:?}");
        // Set off by commas, an age is the name's right before it.
        let aged = "Officials said Fidel Castro, aged 88, was resting.";
        let s = aged.find("aged 88").unwrap();
        let fidel = claim_context(aged, s..s + 7, &rules.claims);
        assert_eq!(fidel.names, ["castro"]);
        // Each clause word cuts where it stands, however many come before:
        // the figure's clause here is "rivals expected a $5 billion bid".
        let cut = "Sales rose but margins fell while rivals expected a $5 billion bid from Oracle.";
        let s = cut.find("$5 billion").unwrap();
        let bid = claim_context(cut, s..s + 10, &rules.claims);
        assert_eq!(bid.head, ["bid", "expect", "oracl", "rival"]);
        // Too few words in the clause: the sentence speaks for it.
        let short = "Shares rose, to 12%, on Monday after the merger news.";
        let s = short.find("12%").unwrap();
        let found = terms(&claim_context(short, s..s + 3, &rules.claims));
        assert!(
            found.contains(&Word::from("merger")) && found.contains(&Word::from("share")),
            "{found:?}"
        );
    }
}
