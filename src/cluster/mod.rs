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
    let copy_root = copies::group(&signatures, params.bands, params.rows, params.copy_similarity);
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
/// spelling in the story's first texts, kept if it is plain ASCII.
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
            let plain = lower.bytes().all(|b| b.is_ascii_alphanumeric());
            if !plain {
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
