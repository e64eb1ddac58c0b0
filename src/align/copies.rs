//! Copies and close rewrites: articles that share most of their word n-grams,
//! or that credit another outlet as the original. A copy group counts as one
//! source for corroboration and majority.

use std::collections::HashMap;

use super::{ArticleInput, DisjointSets};
use crate::rules::ClaimRules;

/// One article found to copy another, or to credit an original.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyVerdict {
    pub article: usize,
    /// The article it copies, when that article is in the story.
    pub original: Option<usize>,
    /// The outlet a credit line names, when there is one.
    pub credit: Option<String>,
    /// Shingle Jaccard with the original (0 for a credit alone).
    pub similarity: f64,
    /// Where the evidence is: the credit line, or the article's first sentence.
    pub span: std::ops::Range<usize>,
    pub sentence: std::ops::Range<usize>,
}

/// Independent units (copy groups joined with articles of the same source),
/// one id per article, and the copy findings.
pub fn independent_units(
    articles: &[ArticleInput],
    rules: &ClaimRules,
) -> (Vec<usize>, Vec<CopyVerdict>) {
    let n = articles.len();
    let mut sets = DisjointSets::new(n);
    let mut verdicts = Vec::new();

    let candidates = if n <= EXACT_PAIRS {
        (0..n)
            .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
            .collect()
    } else {
        banded_candidates(articles)
    };
    let shared: Vec<((usize, usize), usize)> = candidates
        .into_iter()
        .filter_map(|(a, b)| {
            let (x, y) = (
                &articles[a].extraction.shingles,
                &articles[b].extraction.shingles,
            );
            // Pairs that cannot reach the threshold are left unmerged; the
            // bound is exact, so no pair that would pass is lost.
            shared_count_reaching(x, y, least_shared(x.len(), y.len(), rules.copy_threshold))
                .map(|count| ((a, b), count))
        })
        .collect();
    let mut pairs: Vec<((usize, usize), f64)> = shared
        .into_iter()
        .filter_map(|((a, b), count)| {
            let union = articles[a].extraction.shingles.len()
                + articles[b].extraction.shingles.len()
                - count;
            let jaccard = count as f64 / union.max(1) as f64;
            (jaccard >= rules.copy_threshold).then_some(((a, b), jaccard))
        })
        .collect();
    pairs.sort_by_key(|p| p.0);
    let mut best: HashMap<usize, (usize, f64)> = HashMap::new();
    for &((a, b), jaccard) in &pairs {
        sets.union(a, b);
        // The later of the two (by date, then by input order) copies the earlier.
        let (original, copy) = if earlier(articles, b, a) {
            (b, a)
        } else {
            (a, b)
        };
        let entry = best.entry(copy).or_insert((original, jaccard));
        if jaccard > entry.1 {
            *entry = (original, jaccard);
        }
    }
    let mut copies: Vec<(usize, (usize, f64))> = best.into_iter().collect();
    copies.sort_by_key(|(copy, _)| *copy);
    for (copy, (original, similarity)) in copies {
        let facts = &articles[copy].extraction.sentences;
        let (span, sentence) = facts
            .first()
            .map_or((0..0, 0..0), |s| (s.span.clone(), s.span.clone()));
        verdicts.push(CopyVerdict {
            article: copy,
            original: Some(original),
            credit: None,
            similarity,
            span,
            sentence,
        });
    }

    // Credit lines: the named outlet, joined to its articles when it is in the story.
    for (a, article) in articles.iter().enumerate() {
        for credit in &article.extraction.credits {
            let original = articles
                .iter()
                .position(|other| other.source.eq_ignore_ascii_case(&credit.outlet));
            if let Some(o) = original.filter(|&o| o != a) {
                sets.union(a, o);
            }
            let sentence = article.extraction.sentences[credit.sentence].span.clone();
            verdicts.push(CopyVerdict {
                article: a,
                original,
                credit: Some(credit.outlet.clone()),
                similarity: 0.0,
                span: credit.span.clone(),
                sentence,
            });
        }
    }

    // Two articles of one outlet are one voice too.
    let mut first_of_source: HashMap<&str, usize> = HashMap::new();
    for (a, article) in articles.iter().enumerate() {
        let first = *first_of_source.entry(article.source).or_insert(a);
        sets.union(first, a);
    }
    let units = (0..n).map(|a| sets.find(a)).collect();
    verdicts.sort_by_key(|v| (v.article, v.span.start));
    (units, verdicts)
}

/// Candidate pairs by MinHash with banding (locality-sensitive hashing), never
/// all pairs; each candidate is then checked with its exact Jaccard.
fn banded_candidates(articles: &[ArticleInput]) -> std::collections::BTreeSet<(usize, usize)> {
    let signatures: Vec<Option<[u64; SIGNATURE]>> = articles
        .iter()
        .map(|a| minhash(&a.extraction.shingles))
        .collect();
    let mut buckets: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    for (a, signature) in signatures.iter().enumerate() {
        let Some(signature) = signature else { continue };
        for (band, rows) in signature.chunks(ROWS).enumerate() {
            let key = rows.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &v| {
                (h ^ v).wrapping_mul(0x0100_0000_01b3)
            });
            buckets.entry((band, key)).or_default().push(a);
        }
    }
    let mut candidates: std::collections::BTreeSet<(usize, usize)> =
        std::collections::BTreeSet::new();
    for list in buckets.values() {
        // A bucket of thousands (one wire story run by every site, an export
        // holding duplicates) would give millions of pairs: past a few dozen,
        // each member is checked against the bucket's first few only, which
        // still joins them all when they copy one another.
        let partners = if list.len() > CROWDED_BUCKET {
            CROWDED_PARTNERS
        } else {
            list.len()
        };
        for (i, &a) in list.iter().enumerate().take(partners) {
            for &b in &list[i + 1..] {
                candidates.insert((a.min(b), a.max(b)));
            }
        }
    }
    candidates
}

/// Up to this many articles, every pair is checked with its exact Jaccard:
/// fewer comparisons than building the signatures (`n / 2` merges of two
/// shingle lists per article against `SIGNATURE` hashes per shingle), and no
/// pair is missed, where banding finds a pair at Jaccard 0.5 with
/// probability 0.40 only.
const EXACT_PAIRS: usize = 48;

/// MinHash signature length and rows per band: 8 bands of 4 rows make pairs
/// with Jaccard 0.5 candidates with probability 1 - (1 - 0.5^4)^8 = 0.40, and
/// pairs at 0.7 with 0.86; pairs at 0.3 only with 0.06.
const SIGNATURE: usize = 32;
/// A band bucket with more members than this is checked against its first
/// `CROWDED_PARTNERS` members only (see `independent_units`).
const CROWDED_BUCKET: usize = 48;
const CROWDED_PARTNERS: usize = 8;
const ROWS: usize = 4;

/// The MinHash signature of a sorted set of shingle hashes (`None` if empty).
fn minhash(shingles: &[u64]) -> Option<[u64; SIGNATURE]> {
    if shingles.is_empty() {
        return None;
    }
    let mut signature = [u64::MAX; SIGNATURE];
    for &shingle in shingles {
        for (k, slot) in signature.iter_mut().enumerate() {
            // A cheap, well-mixed family of hash functions (splitmix64 of shingle ^ seed).
            let mut x = shingle ^ (k as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            x ^= x >> 31;
            *slot = (*slot).min(x);
        }
    }
    Some(signature)
}

/// A count of shared values below which two lists of `a` and `b` values
/// cannot reach Jaccard `threshold`: `shared / (a + b - shared) >= t` needs
/// `shared >= t (a + b) / (1 + t)`. One less than that, so that rounding
/// never drops a pair the exact Jaccard keeps.
fn least_shared(a: usize, b: usize, threshold: f64) -> usize {
    if threshold <= 0.0 {
        return 0;
    }
    let least = threshold * (a + b) as f64 / (1.0 + threshold);
    (least.floor() as usize).saturating_sub(1)
}

/// How many values two sorted, unique lists share, or `None` as soon as
/// fewer than `least` can be shared: a copy needs most of both lists, and
/// most pairs of a story's articles share little, so most merges stop early.
fn shared_count_reaching(a: &[u64], b: &[u64], least: usize) -> Option<usize> {
    let can_reach = |n: usize, i: usize, j: usize| n + (a.len() - i).min(b.len() - j) >= least;
    let (mut i, mut j, mut n) = (0, 0, 0);
    if !can_reach(0, 0, 0) {
        return None;
    }
    while i < a.len() && j < b.len() {
        // Checked once per block of steps: within a block, the steps stay
        // free of unpredictable branches.
        for _ in 0..32 {
            if i >= a.len() || j >= b.len() {
                break;
            }
            // Hashes are random, so which list steps next is a coin toss the
            // CPU cannot predict: both steps are computed, without a branch.
            let (x, y) = (a[i], b[j]);
            n += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        if !can_reach(n, i, j) {
            return None;
        }
    }
    Some(n)
}

/// How many values two sorted, unique lists share.
#[cfg(test)]
fn shared_count(a: &[u64], b: &[u64]) -> usize {
    shared_count_reaching(a, b, 0).unwrap_or_default()
}

/// Whether article `a` was published before `b` (input order breaks ties).
fn earlier(articles: &[ArticleInput], a: usize, b: usize) -> bool {
    match (articles[a].published, articles[b].published) {
        (Some(x), Some(y)) if x != y => x < y,
        _ => a < b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extraction;
    use crate::rules::RuleSet;

    /// Article `article`'s shingles: `shared` hashes common to every article
    /// given any, and `own` hashes no other article has.
    fn extraction(article: u64, shared: u64, own: u64) -> Extraction {
        let mut shingles: Vec<u64> = (0..shared).collect();
        shingles.extend((0..own).map(|i| ((article + 1) << 32) | i));
        shingles.sort_unstable();
        Extraction {
            shingles,
            ..Extraction::default()
        }
    }

    /// The copy verdicts (copy, original) and the number of independent
    /// units of a story of `n` articles of distinct outlets, where the first
    /// two share `shared` of their 300 shingles and the rest share none.
    fn copies_among(n: usize, shared: u64) -> (Vec<(usize, Option<usize>)>, usize) {
        let rules = RuleSet::builtin().unwrap();
        let mut extractions = vec![
            extraction(0, shared, 300 - shared),
            extraction(1, shared, 300 - shared),
        ];
        extractions.extend((2..n as u64).map(|a| extraction(a, 0, 300)));
        let sources: Vec<String> = (0..n).map(|a| format!("outlet {a}")).collect();
        let articles: Vec<ArticleInput> = extractions
            .iter()
            .zip(&sources)
            .map(|(extraction, source)| ArticleInput {
                source,
                published: None,
                extraction,
            })
            .collect();
        let (units, verdicts) = independent_units(&articles, &rules.claims);
        let distinct = units
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let found = verdicts.iter().map(|v| (v.article, v.original)).collect();
        (found, distinct)
    }

    #[test]
    fn a_small_story_checks_every_pair() {
        let rules = RuleSet::builtin().unwrap();
        // 210 of 300 shared: Jaccard 210 / 390 = 0.54, just past the
        // threshold, where banding proposes a pair less often than not.
        assert!(rules.claims.copy_threshold < 210.0 / 390.0);
        for n in [5, EXACT_PAIRS] {
            assert_eq!(copies_among(n, 210), (vec![(1, Some(0))], n - 1), "{n}");
        }
        // Below the threshold (150 / 450 = 0.33): no copy.
        assert_eq!(copies_among(5, 150), (vec![], 5));
    }

    #[test]
    fn a_large_story_finds_near_identical_copies_by_banding() {
        // 295 of 300 shared (Jaccard 0.97): banding proposes the pair with
        // probability 1 - (1 - 0.97^4)^8, and no unrelated pair.
        let n = EXACT_PAIRS + 20;
        assert_eq!(copies_among(n, 295), (vec![(1, Some(0))], n - 1));
    }

    #[test]
    fn merges_stop_early_only_for_pairs_below_the_threshold() {
        // Pairs of lists sharing every amount from nothing to everything.
        let mut stopped = 0;
        for len_a in [1usize, 7, 40, 100] {
            for len_b in [1usize, 9, 40, 120] {
                for shared in 0..=len_a.min(len_b) {
                    let a: Vec<u64> = (0..len_a as u64).collect();
                    let mut b: Vec<u64> = (0..shared as u64).collect();
                    b.extend((0..(len_b - shared) as u64).map(|k| 1_000 + k));
                    for threshold in [0.0, 0.3, 0.5, 0.8, 1.0] {
                        let least = least_shared(len_a, len_b, threshold);
                        let jaccard = shared as f64 / (len_a + len_b - shared) as f64;
                        match shared_count_reaching(&a, &b, least) {
                            Some(count) => assert_eq!(count, shared),
                            None => {
                                assert!(
                                    jaccard < threshold,
                                    "{len_a} {len_b} {shared} {threshold}"
                                );
                                stopped += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(stopped > 0, "no merge stopped early");
    }

    #[test]
    fn shared_count_is_the_size_of_the_intersection() {
        let lists: [&[u64]; 6] = [
            &[],
            &[7],
            &[1, 3, 5, 7, 9],
            &[2, 3, 4, 9, 10, 11],
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            &[u64::MAX],
        ];
        for a in lists {
            for b in lists {
                let expected = a.iter().filter(|x| b.contains(x)).count();
                assert_eq!(shared_count(a, b), expected, "{a:?} {b:?}");
            }
        }
    }
}
