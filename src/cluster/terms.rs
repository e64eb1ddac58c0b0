//! Article text -> stemmed term counts (with a flag for names) and a MinHash
//! signature of its word shingles; term counts -> TF-IDF vectors.

use std::cell::RefCell;
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};
use unicode_segmentation::UnicodeSegmentation;

use super::ClusterParams;

/// A sparse vector: (term, weight) sorted by term.
pub(super) type Vector = Vec<(u64, f32)>;

/// What one article contributes: its terms and its copy signature.
pub(super) struct DocTerms {
    /// (term, count, seen capitalised inside a sentence), sorted by term.
    pub terms: Vec<(u64, u32, bool)>,
    /// One-permutation MinHash slots; empty for a text without words.
    pub signature: Vec<u32>,
}

/// Stems are costly and words repeat: each thread remembers the stem (as a
/// term hash) of the words it has seen, up to this many.
const STEM_CACHE: usize = 1 << 20;

thread_local! {
    static STEMS: RefCell<FxHashMap<String, u64>> = RefCell::new(FxHashMap::default());
}

/// The term of a lower-case word: the hash of its stem.
pub(super) fn term_of(lower: &str) -> u64 {
    STEMS.with(|cell| {
        let mut cache = cell.borrow_mut();
        if let Some(&term) = cache.get(lower) {
            return term;
        }
        let term = hash_str(&crate::words::stem(lower));
        if cache.len() >= STEM_CACHE {
            cache.clear();
        }
        cache.insert(lower.to_string(), term);
        term
    })
}

pub(super) fn hash_str(s: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(s.as_bytes());
    mix(hasher.finish())
}

/// SplitMix64's finaliser: spreads every input bit over the output, so that
/// the slots and bands below see uniform hashes.
pub(super) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The words of `text` in order: (word, its lower-case form, capitalised
/// inside a sentence). A word after `.`, `!`, `?`, `:` or a line break starts
/// a sentence, so its capital says nothing.
pub(super) fn words(text: &str, mut each: impl FnMut(&str, String, bool)) {
    let mut sentence_start = true;
    for token in text.split_word_bounds() {
        let Some(first) = token.chars().next() else {
            continue;
        };
        if !token.chars().any(char::is_alphanumeric) {
            if token.contains(['.', '!', '?', ':', '\n']) {
                sentence_start = true;
            }
            continue;
        }
        let capitalised = first.is_uppercase() && !sentence_start;
        sentence_start = false;
        each(token, token.to_lowercase(), capitalised);
    }
}

/// Reads one article: term counts and its shingle signature.
pub(super) fn read(text: &str, params: &ClusterParams) -> DocTerms {
    let slots = params.bands * params.rows;
    let mut counts: FxHashMap<u64, (u32, bool)> = FxHashMap::default();
    let mut minima = vec![u64::MAX; slots];
    let mut recent: Vec<u64> = Vec::with_capacity(params.shingle_words);
    let mut shingles = 0usize;
    let mut add_shingle = |recent: &[u64]| {
        let mut h = 0x9e37_79b9_7f4a_7c15u64;
        for &w in recent {
            h = mix(h ^ w);
        }
        // One hash per shingle: its top bits pick the slot, the whole hash
        // competes for that slot's minimum (one-permutation MinHash).
        let slot = (((h >> 32) * slots as u64) >> 32) as usize;
        minima[slot] = minima[slot].min(h);
    };
    words(text, |_, lower, capitalised| {
        if recent.len() == params.shingle_words {
            recent.remove(0);
        }
        recent.push(hash_str(&lower));
        if recent.len() == params.shingle_words {
            add_shingle(&recent);
            shingles += 1;
        }
        if lower.chars().count() < params.min_chars || params.stopwords.contains(&lower) {
            return;
        }
        let entry = counts.entry(term_of(&lower)).or_insert((0, false));
        entry.0 += 1;
        entry.1 |= capitalised;
    });
    // A text shorter than one shingle is one shingle.
    if shingles == 0 && !recent.is_empty() {
        add_shingle(&recent);
        shingles = 1;
    }
    let signature = if shingles == 0 {
        Vec::new()
    } else {
        densify(&minima)
    };
    let mut terms: Vec<(u64, u32, bool)> =
        counts.into_iter().map(|(t, (n, e))| (t, n, e)).collect();
    terms.sort_unstable_by_key(|&(t, _, _)| t);
    DocTerms { terms, signature }
}

/// Fills each empty slot from a filled one picked by a hash of the slot and
/// the attempt, so short texts still get comparable signatures whose slots
/// vary independently (Shrivastava's "optimal densification", 2017; filling
/// from the next slot instead makes runs of equal slots, and two short texts
/// look like copies far too often).
fn densify(minima: &[u64]) -> Vec<u32> {
    let n = minima.len() as u64;
    let filled = |i: usize| -> u64 {
        if minima[i] != u64::MAX {
            return minima[i];
        }
        for attempt in 0..64 * n {
            let donor = (mix((i as u64) << 32 | attempt) % n) as usize;
            if minima[donor] != u64::MAX {
                return minima[donor];
            }
        }
        // Unreachable in practice (some slot is filled); stay total anyway.
        minima.iter().copied().find(|&m| m != u64::MAX).unwrap_or(0)
    };
    (0..minima.len()).map(|i| filled(i) as u32).collect()
}

/// Document frequency of every term (counts add up in any order, so the
/// result does not depend on how rayon splits the work).
pub(super) fn document_frequencies(docs: &[DocTerms]) -> FxHashMap<u64, u32> {
    use rayon::prelude::*;
    docs.par_iter()
        .fold(FxHashMap::default, |mut df: FxHashMap<u64, u32>, doc| {
            for &(term, _, _) in &doc.terms {
                *df.entry(term).or_insert(0) += 1;
            }
            df
        })
        .reduce(FxHashMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (term, n) in small {
                *big.entry(term).or_insert(0) += n;
            }
            big
        })
}

/// The TF-IDF vector of one article: sublinear term frequency times smoothed
/// IDF, names boosted, cut to the `top_terms` heaviest, unit length.
pub(super) fn weigh(
    doc: &DocTerms,
    df: &FxHashMap<u64, u32>,
    articles: usize,
    params: &ClusterParams,
) -> Vector {
    // Pseudo-articles that hold none of the terms: in a small batch every
    // story word is in most articles, and its IDF would fall to nothing.
    let n = articles as f64 + params.prior_articles;
    let weighted: Vector = doc
        .terms
        .iter()
        .map(|&(term, count, entity)| {
            let df = df.get(&term).copied().unwrap_or(1) as f64;
            let idf = ((n + 1.0) / (df + 1.0)).ln() + 1.0;
            let boost = if entity { params.entity_boost } else { 1.0 };
            (term, ((1.0 + (count as f64).ln()) * idf * boost) as f32)
        })
        .collect();
    top_unit(weighted, params.top_terms)
}

/// The `k` heaviest entries (ties: smaller term), sorted by term, unit length.
pub(super) fn top_unit(mut v: Vector, k: usize) -> Vector {
    v.retain(|&(_, w)| w > 0.0);
    if v.len() > k {
        v.select_nth_unstable_by(k - 1, heavier_first);
        v.truncate(k);
    }
    v.sort_unstable_by_key(|&(t, _)| t);
    let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for entry in &mut v {
            entry.1 /= norm;
        }
    }
    v
}

/// Orders entries by weight, heaviest first, then by term.
pub(super) fn heavier_first(a: &(u64, f32), b: &(u64, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Dot product of two vectors sorted by term.
pub(super) fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Sum of two vectors sorted by term.
pub(super) fn add(a: &[(u64, f32)], b: &[(u64, f32)]) -> Vector {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(&x), Some(&y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(&x), Some(&y)) if x.0 < y.0 => {
                out.push(x);
                i += 1;
            }
            (Some(&x), None) => {
                out.push(x);
                i += 1;
            }
            (_, Some(&y)) => {
                out.push(y);
                j += 1;
            }
            (None, None) => break,
        }
    }
    out
}
