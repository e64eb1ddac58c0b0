//! Stage 3, extract: `Doc` -> citations, claims and the facts align needs.
//!
//! Citations come from the rules in `rules/*.toml`: who a statement is
//! attributed to, named or vague. Claims are checkable statements: quantities
//! (money, percentages, counts, durations, ages), dates and periods, event
//! statements (a word said to hold or not: `rules/contrasts.toml`) and
//! quotations. Each carries the stemmed words that say what it is about.
//! Spans are byte ranges of the original article. Comparing claims across
//! articles is left to `align`.

mod citations;
mod context;
mod dates;
mod events;
mod quantities;
mod quotes;
mod tokens;

use std::collections::BTreeSet;
use std::ops::Range;

use rayon::prelude::*;

use crate::rules::{CitationKind, CitationRules, RuleSet};
use crate::text::Doc;
pub use citations::{CitationScan, Hit, find_citations, find_citations_in, scan_citations};
pub use context::{Context, Term, claim_context, sentence_terms, strongest};
pub use dates::find_dates;
pub use events::{EventMention, SentenceEvents, sentence_events};
pub use quantities::{Bound, Quantity, find_quantities};
pub use quotes::{QuoteMention, find_quotes, full_name_surnames};

/// A citation found by a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// Index of the rule in `RuleSet::citations.rules`.
    pub rule: usize,
    pub kind: CitationKind,
    /// Byte range in the original article.
    pub span: Range<usize>,
    /// Byte range of its sentence in the original article.
    pub sentence: Range<usize>,
}

/// What a claim states.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimValue {
    /// A number with its unit, or a date as a range of days (unit `date:*`).
    Quantity(Quantity),
    /// A word (stem) or antonym frame said to hold or not to hold.
    Event { term: context::Word, positive: bool },
}

/// A checkable claim and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub value: ClaimValue,
    /// As written (normalised), e.g. `$50 billion`, `ends ... exclusive license`.
    pub surface: String,
    pub span: Range<usize>,
    /// Index of its sentence in `Extraction::sentences`.
    pub sentence: usize,
    pub context: Context,
}

/// A quotation with its speaker; `span` in the original article.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub words: Vec<String>,
    pub speaker: Option<String>,
    pub span: Range<usize>,
    pub sentence: usize,
}

/// A plain positive mention of a word; it becomes a claim in `align` only
/// where another article of the story negates the same word.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub term: context::Word,
    pub surface: context::Word,
    pub span: Range<usize>,
    pub sentence: usize,
}

/// Per sentence: where it is, the words it is about, and whether it rejects
/// something ("hoax", "denied", "not true").
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceFacts {
    pub span: Range<usize>,
    pub terms: Vec<Term>,
    pub debunks: bool,
    /// Passes something on without vouching for it ("reportedly").
    pub passes_on: bool,
    /// How many words it has ("FALSE." has one).
    pub words: usize,
}

/// A credit line naming the original of a copied article.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    pub outlet: String,
    pub span: Range<usize>,
    pub sentence: usize,
}

/// Everything extracted from one article.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub citations: Vec<Citation>,
    pub claims: Vec<Claim>,
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub sentences: Vec<SentenceFacts>,
    pub credits: Vec<Credit>,
    /// Hashes of the article's word n-grams, sorted and unique, for copy detection.
    pub shingles: Vec<u64>,
    /// Words in the article's sentences (Unicode word boundaries): its length,
    /// against which its findings are weighed.
    pub words: usize,
    /// The name the article uses most (twice at least), as a term: whom an
    /// unnamed "the 88-year-old revolutionary" most likely is.
    pub subject: Option<String>,
}

pub fn extract(doc: &Doc, rules: &RuleSet, published: Option<jiff::civil::Date>) -> Extraction {
    let scan = scan_citations(&[(&doc.text, &doc.sentences)], &rules.citations)
        .pop()
        .unwrap_or_default();
    extract_scanned(doc, rules, published, scan)
}

/// Text held by one batch of `scan_citations`: enough sentences for each
/// citation pattern to stay in cache while it runs, few enough batches to
/// keep every thread busy.
const CITATION_BATCH_BYTES: usize = 256 << 10;

/// `scan_citations` of every document, in order, in batches of about
/// `CITATION_BATCH_BYTES` of consecutive documents run in parallel.
pub fn scan_documents(docs: &[Doc], rules: &CitationRules) -> Vec<CitationScan> {
    let mut batches: Vec<&[Doc]> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        bytes += doc.text.len();
        if bytes >= CITATION_BATCH_BYTES {
            batches.push(&docs[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < docs.len() {
        batches.push(&docs[start..]);
    }
    batches
        .par_iter()
        .flat_map_iter(|batch| {
            let texts: Vec<(&str, &[Range<usize>])> = batch
                .iter()
                .map(|doc| (doc.text.as_str(), doc.sentences.as_slice()))
                .collect();
            scan_citations(&texts, rules)
        })
        .collect()
}

/// `extract`, with the article's citation hits already scanned (many
/// articles at once by `scan_citations`, which is faster than one by one).
pub fn extract_scanned(
    doc: &Doc,
    rules: &RuleSet,
    published: Option<jiff::civil::Date>,
    mut scan: CitationScan,
) -> Extraction {
    let mut out = Extraction::default();
    // Each sentence's dates, read once: the article's own year when it has
    // no `published` date comes from them too.
    let mut dates: Vec<Vec<Dated>> = doc
        .sentences
        .iter()
        .map(|r| find_dates(&doc.text[r.clone()], published))
        .collect();
    let reference_year = match published {
        Some(date) => Some(i32::from(date.year())),
        None => most_mentioned_year(
            doc.sentences
                .iter()
                .map(|r| &doc.text[r.clone()])
                .zip(dates.iter().map(Vec::as_slice)),
        ),
    };
    // Per credit pattern, the sentences holding a word it needs (`None`: all).
    let credit_sentences = scan.take_extra_sentences(&rules.claims);
    let mut all_hits = scan.resolve(reference_year);
    let mut full_names = Vec::new();
    let mut word_hashes: Vec<u64> = Vec::with_capacity(doc.text.len() / 5);
    let mut known: BTreeSet<String> = BTreeSet::new();
    // Each name: how often the article uses it, and where first.
    let mut name_counts: rustc_hash::FxHashMap<String, (usize, usize)> =
        rustc_hash::FxHashMap::default();
    for (index, range) in doc.sentences.iter().enumerate() {
        let sentence = doc.sentence(index);
        let original = |r: Range<usize>| doc.original(range.start + r.start..range.start + r.end);
        // Words inside a quotation belong to the quoted speaker, not to the
        // reporter: "Sources say he quit," the report said.
        let quoted = quoted_regions(sentence);
        let hits: Vec<Hit> = std::mem::take(&mut all_hits[index])
            .into_iter()
            .filter(|h| {
                !quoted
                    .iter()
                    .any(|q| q.start <= h.span.start && h.span.end <= q.end)
            })
            .collect();
        for hit in &hits {
            out.citations.push(Citation {
                rule: hit.rule,
                kind: rules.citations.rules[hit.rule].kind,
                span: original(hit.span.clone()),
                sentence: doc.original(range.clone()),
            });
        }
        let inside_citation = |span: &Range<usize>| {
            hits.iter()
                .any(|h| h.span.start < span.end && span.start < h.span.end)
        };

        let tokens = tokens::tokenize(sentence, &rules.claims, Some(&rules.contrasts));
        // The article's words in order, for its shingles: the sentences hold
        // every word of the text (but for a run of over 3,000 bytes without a
        // space, which the splitter cuts), and are read into words here anyway.
        word_hashes.extend(tokens.iter().map(|t| t.lexeme().hash));
        for name in context::names(&tokens, &(0..0)) {
            match name_counts.get_mut(name) {
                Some((count, _)) => *count += 1,
                None => {
                    let first = name_counts.len();
                    name_counts.insert(name.to_string(), (1, first));
                }
            }
        }
        let mut quantities = quantities::find_quantities_in(sentence, &tokens, &rules.claims);
        quantities.extend(std::mem::take(&mut dates[index]));
        quantities.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
        let mut last_end = 0;
        for (span, quantity) in quantities {
            // A year inside "a 2023 report" belongs to the citation, not to the
            // story; a number inside a date already read is part of that date.
            if inside_citation(&span) || span.start < last_end {
                continue;
            }
            last_end = span.end;
            out.claims.push(Claim {
                value: ClaimValue::Quantity(quantity),
                surface: sentence[span.clone()].to_string(),
                span: original(span.clone()),
                sentence: index,
                context: context::claim_context_in(sentence, &tokens, span, &rules.claims),
            });
        }

        let roles = events::roles(&tokens);
        let events = events::sentence_events_in(sentence, &tokens, &roles, &rules.contrasts);
        for m in events.statements {
            out.claims.push(Claim {
                value: ClaimValue::Event {
                    term: m.term,
                    positive: m.positive,
                },
                surface: m.surface.into_string(),
                span: original(m.span.clone()),
                sentence: index,
                context: context::claim_context_in(sentence, &tokens, m.span, &rules.claims),
            });
        }
        for m in events.positives {
            out.mentions.push(Mention {
                term: m.term,
                surface: m.surface,
                span: original(m.span),
                sentence: index,
            });
        }

        let named: Vec<Range<usize>> = hits
            .iter()
            .filter(|h| rules.citations.rules[h.rule].kind == CitationKind::Named)
            .map(|h| h.span.clone())
            .collect();
        known.extend(quotes::full_name_surnames_in(&tokens));
        for q in find_quotes(sentence, &named) {
            out.quotes.push(Quote {
                words: q.words,
                speaker: q.speaker,
                span: original(q.span),
                sentence: index,
            });
            full_names.push(q.full_name);
        }
        for (pattern, needed) in rules.claims.credits.iter().zip(&credit_sentences) {
            if needed
                .as_ref()
                .is_some_and(|sentences| sentences.binary_search(&index).is_err())
            {
                continue;
            }
            // Asking for captures costs an allocation even where nothing
            // matches, and the unfiltered (anchored) pattern runs on every sentence.
            if !pattern.is_match(sentence) {
                continue;
            }
            if let Some(outlet) = pattern.captures(sentence).and_then(|c| c.name("outlet")) {
                out.credits.push(Credit {
                    outlet: outlet.as_str().trim().to_string(),
                    span: original(outlet.range()),
                    sentence: index,
                });
            }
        }
        out.sentences.push(SentenceFacts {
            span: doc.original(range.clone()),
            terms: context::sentence_terms_in(&tokens),
            debunks: events::contains_phrase_in(
                &tokens,
                &roles,
                &rules.contrasts.debunk,
                crate::rules::CUE_DEBUNK,
            ),
            passes_on: events::contains_phrase_in(
                &tokens,
                &roles,
                &rules.contrasts.passed_on,
                crate::rules::CUE_PASSED_ON,
            ),
            words: tokens.len(),
        });
    }
    // "Smith said" names a speaker only if the article gives the full name somewhere.
    for (quote, full) in out.quotes.iter_mut().zip(&full_names) {
        if !full && quote.speaker.as_ref().is_some_and(|s| !known.contains(s)) {
            quote.speaker = None;
        }
    }
    out.words = word_hashes.len();
    out.shingles = shingle_runs(&word_hashes, rules.claims.shingle_words);
    out.subject = name_counts
        .into_iter()
        .filter(|(_, (n, _))| *n >= 2)
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map(|(name, _)| name);
    out
}

/// The article's own year: its `published` year, else the year its dates
/// mention most (the latest on a tie), against which a cited document's year
/// is judged stale.
pub fn reference_year(doc: &Doc, published: Option<jiff::civil::Date>) -> Option<i32> {
    if let Some(date) = published {
        return Some(i32::from(date.year()));
    }
    years_mentioned(doc.sentences.iter().map(|r| &doc.text[r.clone()]))
}

/// A date found in a sentence: its span and its range of days.
type Dated = (Range<usize>, Quantity);

/// The year mentioned most often in `texts` (the latest on a tie).
pub fn years_mentioned<'a>(texts: impl Iterator<Item = &'a str>) -> Option<i32> {
    let dates: Vec<(&str, Vec<Dated>)> = texts.map(|text| (text, find_dates(text, None))).collect();
    most_mentioned_year(dates.iter().map(|(text, found)| (*text, found.as_slice())))
}

/// `years_mentioned`, from each text's dates (as read without a `published` date).
fn most_mentioned_year<'a>(texts: impl Iterator<Item = (&'a str, &'a [Dated])>) -> Option<i32> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for (text, found) in texts {
        for (span, q) in found {
            // "a 2023 report" dates a document, not the article's events.
            let adjectival = text[..span.start]
                .trim_end()
                .rsplit(' ')
                .next()
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "a" | "an" | "the"));
            if q.unit == "date:in" && !adjectival {
                let year = 1970 + (q.value / 365.2425) as i32;
                *counts.entry(year).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(year, n)| (n, year))
        .map(|(year, _)| year)
}

/// The parts of a sentence inside double quotes. An unmatched quote opens a
/// quotation to the end of the sentence when it follows a space (or starts
/// the sentence), and closes one from the start otherwise.
fn quoted_regions(sentence: &str) -> Vec<Range<usize>> {
    let marks: Vec<usize> = sentence.match_indices('"').map(|(i, _)| i).collect();
    let mut regions: Vec<Range<usize>> = marks
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| p[0]..p[1] + 1)
        .collect();
    if marks.len() % 2 == 1 {
        let first = marks[0];
        let opens = first == 0 || sentence[..first].ends_with(char::is_whitespace);
        regions = if opens {
            vec![first..sentence.len()]
        } else {
            let mut r = vec![0..first + 1];
            r.extend(
                marks[1..]
                    .chunks(2)
                    .filter(|p| p.len() == 2)
                    .map(|p| p[0]..p[1] + 1),
            );
            r
        };
    }
    regions
}

/// Hashes of every run of `n` consecutive words (given by their
/// `word_hash`), sorted and unique. Each word is hashed once, not once per
/// run it is in.
fn shingle_runs(words: &[u64], n: usize) -> Vec<u64> {
    let mut hashes: Vec<u64> = words
        .windows(n)
        .map(|run| {
            tokens::mix(run.iter().fold(0, |h: u64, &w| {
                (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            }))
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokens::word_hash;
    use unicode_segmentation::UnicodeSegmentation;

    /// The shingles of a whole text, read into words at once.
    fn shingles(text: &str, n: usize) -> Vec<u64> {
        let words: Vec<u64> = text
            .unicode_words()
            .map(|w| word_hash(&w.to_lowercase()))
            .collect();
        shingle_runs(&words, n)
    }

    #[test]
    fn shingles_hash_lower_case_word_runs() {
        // Case does not matter, in ASCII or not; order and each word do.
        let runs = shingles("The ÉTÉ ends. The été", 2);
        assert_eq!(runs, shingles("the été ends the ÉTÉ", 2));
        assert_eq!(runs.len(), 3, "the été / été ends / ends the");
        assert!(runs.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        let swapped = shingles("été the", 2);
        assert_eq!(swapped.len(), 1);
        assert!(!runs.contains(&swapped[0]));
        assert!(shingles("the ete", 2).iter().all(|h| !runs.contains(h)));
        // Fewer words than a run: no runs.
        assert!(shingles("one", 2).is_empty());
    }

    #[test]
    fn words_and_shingles_read_from_sentences_are_those_of_the_whole_text() {
        // `extract` hashes each sentence's words; together they must be the
        // words of the whole kept text, runs across sentence ends included.
        let rules = RuleSet::builtin().unwrap();
        let mut bodies: Vec<String> = std::fs::read_dir(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data/stories/openai-microsoft-2026"),
        )
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
        bodies.push(
            "Officials said: \"It's over.\" The U.S. deal — worth $1.5 billion — ended.\n\
             Ελλάδα ΣΟΦΟΣ rose 3.5% on Tuesday... (Reuters) What next? e-mail me, please!"
                .to_string(),
        );
        for body in &bodies {
            let article = crate::ingest::Article::of_body(body);
            let doc = crate::text::prepare(&article, &rules.text);
            let extraction = extract(&doc, &rules, None);
            let n = rules.claims.shingle_words;
            assert!(!extraction.shingles.is_empty());
            assert_eq!(extraction.shingles, shingles(&doc.text, n), "{body}");
            assert_eq!(extraction.words, doc.text.unicode_words().count());
        }
    }
}
