//! Automatic stories: article texts -> groups of articles about the same
//! story, each with a readable name. Independent of ingest: the caller
//! decides which articles need a story and what to do with the names.
//!
//! 1. Each text becomes stemmed term counts (names, seen capitalised inside a
//!    sentence, weigh more) and a MinHash signature of its word shingles.
//! 2. Near-copies (same band of the signature, then enough equal slots) are
//!    joined into one unit, so syndicated versions count once.
//! 3. Each unit gets a TF-IDF vector cut to its heaviest terms. Units sharing
//!    one of their few heaviest terms are candidate pairs (a term held by too
//!    many units proposes none); candidates alike enough are links.
//! 4. Links join groups strongest first, but only when the two groups'
//!    centroids are alike too, so a chain of weak links does not merge stories.
//!
//! The result depends only on the texts and the parameters, never on the
//! number of threads.

mod copies;
mod group;
mod terms;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use crate::rules::ClusterParams;
use terms::Vector;

/// Stories found among the texts given to [`cluster`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clustering {
    /// The story of each text, in input order. Stories are numbered from 0 in
    /// the order of their first text.
    pub story_of: Vec<usize>,
    /// The name of each story: `auto-0007-ebola-nigeria-outbreak` (prefix,
    /// number, its heaviest terms), slug-safe ASCII, unique.
    pub names: Vec<String>,
}

impl Clustering {
    /// The story name of text `i`.
    pub fn name_of(&self, i: usize) -> &str {
        &self.names[self.story_of[i]]
    }

    /// The texts of each story, in input order.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut members = vec![Vec::new(); self.names.len()];
        for (i, &story) in self.story_of.iter().enumerate() {
            members[story].push(i);
        }
        members
    }
}

/// Groups `texts` into stories. An empty or word-less text is a story of its
/// own. Runs on rayon's current pool.
pub fn cluster(texts: &[&str], params: &ClusterParams) -> Clustering {
    let docs: Vec<terms::DocTerms> = texts.par_iter().map(|t| terms::read(t, params)).collect();
    let df = terms::document_frequencies(&docs);
    // Each text's counts are dropped once weighed: they are the bulk of the memory.
    let (vectors, signatures): (Vec<Vector>, Vec<Vec<u32>>) = docs
        .into_par_iter()
        .map(|d| (terms::weigh(&d, &df, texts.len(), params), d.signature))
        .unzip();
    drop(df);

    // Units: groups of near-copies, numbered by their first text.
    let copy_root = copies::group(
        &signatures,
        params.bands,
        params.rows,
        params.copy_similarity,
    );
    drop(signatures);
    let (unit_of, unit_members) = number(&copy_root);
    let mut vectors: Vec<Option<Vector>> = vectors.into_iter().map(Some).collect();
    let unit_vectors: Vec<Vector> = unit_members
        .iter()
        .map(|members| match members.as_slice() {
            [only] => vectors[*only].take().unwrap_or_default(),
            many => {
                let sum = many.iter().fold(Vec::new(), |sum: Vector, &i| {
                    terms::add(&sum, vectors[i].as_deref().unwrap_or_default())
                });
                terms::top_unit(sum, params.top_terms)
            }
        })
        .collect();
    drop(vectors);

    let links = group::links(&unit_vectors, params);
    let (group_root, centroids) = group::group(unit_vectors, &links, params);
    let (group_of_unit, group_units) = number(&group_root);
    let story_of: Vec<usize> = unit_of.iter().map(|&u| group_of_unit[u]).collect();

    let width = group_units.len().saturating_sub(1).to_string().len().max(4);
    let names = group_units
        .par_iter()
        .enumerate()
        .map(|(story, units)| {
            let centroid = &centroids[units[0]];
            let texts_of_story = units
                .iter()
                .flat_map(|&u| unit_members[u].iter().map(|&i| texts[i]));
            let words = name_words(centroid, texts_of_story, params.name_terms);
            let mut name = format!("{}-{story:0width$}", params.name_prefix);
            for word in words {
                name.push('-');
                name.push_str(&word);
            }
            name
        })
        .collect();
    Clustering { story_of, names }
}

/// Renumbers a root per item (the smallest item of its set) as 0, 1, ... in
/// order of first item; returns the number of each item and each set's items.
fn number(roots: &[usize]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut number_of_root: FxHashMap<usize, usize> = FxHashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let numbers = roots
        .iter()
        .enumerate()
        .map(|(i, &root)| {
            let next = members.len();
            let number = *number_of_root.entry(root).or_insert(next);
            if number == next {
                members.push(Vec::new());
            }
            members[number].push(i);
            number
        })
        .collect();
    (numbers, members)
}

/// How many of a story's texts are read back to find how its terms are spelt.
const NAME_TEXTS: usize = 20;

/// Readable words for the heaviest terms of a story: each term's most common
/// spelling in the story's first texts, kept if it is a plain ASCII word.
fn name_words<'a>(
    centroid: &[(u64, f32)],
    texts: impl Iterator<Item = &'a str>,
    count: usize,
) -> Vec<String> {
    if count == 0 {
        return Vec::new();
    }
    let mut heaviest = centroid.to_vec();
    heaviest.sort_unstable_by(terms::heavier_first);
    heaviest.truncate(count * 4);
    let mut spellings: FxHashMap<u64, FxHashMap<String, usize>> = heaviest
        .iter()
        .map(|&(t, _)| (t, FxHashMap::default()))
        .collect();
    for text in texts.take(NAME_TEXTS) {
        terms::words(text, |_, lower, _| {
            // Plain ASCII; a long mix of letters and digits is an id, not a word.
            let plain = lower.bytes().all(|b| b.is_ascii_alphanumeric());
            let letters = lower.bytes().any(|b| b.is_ascii_alphabetic());
            let digits = lower.bytes().any(|b| b.is_ascii_digit());
            if !plain || (letters && digits && lower.len() > 6) {
                return;
            }
            if let Some(seen) = spellings.get_mut(&terms::term_of(&lower)) {
                *seen.entry(lower).or_insert(0) += 1;
            }
        });
    }
    let mut words: Vec<String> = Vec::new();
    for (term, _) in heaviest {
        let best = spellings.get(&term).and_then(|seen| {
            seen.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(w, _)| w.clone())
        });
        if let Some(word) = best.filter(|w| !words.contains(w)) {
            words.push(word);
        }
        if words.len() == count {
            break;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOLCANO: [&str; 3] = [
        "The Katla volcano in Iceland erupted on Tuesday, sending ash over Reykjavik. \
         Airlines cancelled flights as the ash cloud drifted toward Norway.",
        "Iceland's Katla volcano erupted overnight. Ash fell on Reykjavik and flights \
         to Norway and Scotland were cancelled while the eruption continued.",
        "Scientists said the Katla eruption could last weeks. The volcano's ash cloud \
         grounded flights across Iceland, Norway and Scotland.",
    ];
    const TRANSFER: [&str; 3] = [
        "Striker Marco Delacroix signed for Juventus in a record transfer from Lyon. \
         The forward scored twelve goals for Lyon last season.",
        "Juventus completed the transfer of Delacroix from Lyon. The striker will wear \
         the number nine shirt and joins on a five-season contract.",
        "Lyon confirmed that Delacroix has left for Juventus. Fans of the club said the \
         transfer fee for the striker was a record.",
    ];

    fn cluster_default(texts: &[&str]) -> Clustering {
        cluster(texts, &ClusterParams::default())
    }

    /// Synthetic articles: `topics` stories of `per_topic` texts, each text eight
    /// sentences drawn from its topic's words and from words every topic uses.
    fn synthetic(topics: usize, per_topic: usize, common: &[&str]) -> (Vec<String>, Vec<usize>) {
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n as u64) as usize
        };
        let (mut texts, mut truth) = (Vec::new(), Vec::new());
        for i in 0..topics * per_topic {
            let topic = i % topics;
            let vocabulary: Vec<String> = (0..12).map(|w| format!("t{topic}w{w}x")).collect();
            let mut text = String::new();
            for _ in 0..8 {
                let mut sentence: Vec<String> = (0..5)
                    .map(|_| vocabulary[next(vocabulary.len())].clone())
                    .collect();
                sentence.extend((0..3).map(|_| common[next(common.len())].to_string()));
                text.push_str(&sentence.join(" "));
                text.push_str(". ");
            }
            texts.push(text);
            truth.push(topic);
        }
        (texts, truth)
    }

    /// Whether two partitions of the same items are the same partition.
    fn same_partition(a: &[usize], b: &[usize]) -> bool {
        let mut pairs: std::collections::BTreeMap<usize, usize> = Default::default();
        let mut back: std::collections::BTreeMap<usize, usize> = Default::default();
        a.iter()
            .zip(b)
            .all(|(&x, &y)| *pairs.entry(x).or_insert(y) == y && *back.entry(y).or_insert(x) == x)
    }

    #[test]
    fn distinct_topics_stay_apart() {
        let texts: Vec<&str> = VOLCANO.iter().chain(&TRANSFER).copied().collect();
        let found = cluster_default(&texts);
        assert_eq!(found.story_of, vec![0, 0, 0, 1, 1, 1], "{:?}", found.names);
    }

    #[test]
    fn near_copies_merge() {
        let copy = VOLCANO[0].replace("on Tuesday, ", "");
        let texts = [VOLCANO[0], TRANSFER[0], &copy, TRANSFER[1]];
        let found = cluster_default(&texts);
        assert_eq!(found.story_of[0], found.story_of[2], "{:?}", found.names);
        assert_ne!(found.story_of[0], found.story_of[1], "{:?}", found.names);
    }

    #[test]
    fn a_term_in_every_text_chains_nothing() {
        let common = ["breaking", "update", "zorblax"];
        let (texts, truth) = synthetic(10, 4, &common);
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let found = cluster_default(&texts);
        assert!(
            same_partition(&truth, &found.story_of),
            "{:?}\n{:?}",
            found.story_of,
            found.names
        );
    }

    #[test]
    fn a_key_in_too_many_texts_proposes_no_pair() {
        // Forty texts whose only shared word is "zorblax", each text's heaviest
        // term. With blocks capped at ten texts, no pair may even be scored.
        let texts: Vec<String> = (0..40)
            .map(|i| format!("zorblax zorblax zorblax zorblax only{i}word alone{i}here"))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut params = ClusterParams {
            min_block: 10,
            block_share: 0.0,
            link: 0.0,
            merge: 0.0,
            ..ClusterParams::default()
        };
        let found = cluster(&texts, &params);
        assert_eq!(found.names.len(), 40, "{:?}", found.names);
        // Without the cap, the same term links them all.
        params.min_block = 100;
        assert_eq!(cluster(&texts, &params).names.len(), 1);
    }

    #[test]
    fn empty_texts_are_stories_of_their_own() {
        let texts = ["", VOLCANO[0], "   \n\t ", VOLCANO[1], "", "!!! ..."];
        let found = cluster_default(&texts);
        assert_eq!(found.story_of, vec![0, 1, 2, 1, 3, 4], "{:?}", found.names);
        assert_eq!(found.names[0], "auto-0000");
        assert!(cluster_default(&[]).names.is_empty());
    }

    #[test]
    fn names_are_numbered_by_first_text_and_slug_safe() {
        let texts: Vec<&str> = TRANSFER.iter().chain(&VOLCANO).copied().collect();
        let found = cluster_default(&texts);
        assert_eq!(found.names.len(), 2);
        assert!(
            found.names[0].starts_with("auto-0000-"),
            "{:?}",
            found.names
        );
        assert!(
            found.names[1].starts_with("auto-0001-"),
            "{:?}",
            found.names
        );
        for name in &found.names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{name}"
            );
            assert_eq!(
                name.split('-').count(),
                5,
                "prefix, number, three terms: {name}"
            );
        }
        assert!(found.names[0].contains("delacroix") || found.names[0].contains("juventus"));
        assert!(found.names[1].contains("katla") || found.names[1].contains("ash"));
        assert_eq!(found.name_of(4), found.names[1]);
        assert_eq!(found.members(), vec![vec![0, 1, 2], vec![3, 4, 5]]);
    }

    #[test]
    fn the_same_whatever_the_thread_count() {
        let (texts, _) = synthetic(25, 6, &["breaking", "update", "said", "officials"]);
        let mut texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        texts.extend(VOLCANO.iter().chain(&TRANSFER));
        let run = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| cluster_default(&texts))
        };
        let one = run(1);
        assert!(one.names.len() > 1);
        for threads in [2, 3, 8] {
            assert_eq!(run(threads), one, "{threads} threads");
        }
    }
}
