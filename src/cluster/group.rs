//! Term vectors -> groups: candidate pairs by blocking on each unit's heaviest
//! terms, links between candidates whose vectors are alike, and merges of
//! groups, strongest link first, only where the groups' centroids agree.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::ClusterParams;
use super::copies::Sets;
use super::terms::{Vector, add, dot, heavier_first};

/// A candidate pair whose cosine reached `link`: (cosine, a, b) with a < b.
pub(super) type Link = (f32, u32, u32);

/// Links between units, strongest first (ties by index).
pub(super) fn links(vectors: &[Vector], params: &ClusterParams) -> Vec<Link> {
    let n = vectors.len();
    let keys: Vec<Vec<u64>> = vectors
        .par_iter()
        .map(|v| {
            let mut v = v.clone();
            v.sort_unstable_by(heavier_first);
            v.iter().take(params.keys).map(|&(t, _)| t).collect()
        })
        .collect();
    let mut postings: Vec<(u64, u32)> = keys
        .iter()
        .enumerate()
        .flat_map(|(u, ks)| ks.iter().map(move |&k| (k, u as u32)))
        .collect();
    postings.par_sort_unstable();
    // A key held by more units than this is too common to propose pairs.
    let cap = params
        .min_block
        .max((params.block_share * n as f64).ceil() as usize);
    let block = |key: u64| -> &[(u64, u32)] {
        let start = postings.partition_point(|&(k, _)| k < key);
        let end = postings.partition_point(|&(k, _)| k <= key);
        &postings[start..end]
    };
    let mut links: Vec<Link> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0u16; n], Vec::<u32>::new()),
            |(shared, touched), u| {
                for &key in &keys[u] {
                    let members = block(key);
                    if members.len() > cap {
                        continue;
                    }
                    for &(_, v) in members {
                        if v as usize == u {
                            continue;
                        }
                        if shared[v as usize] == 0 {
                            touched.push(v);
                        }
                        shared[v as usize] += 1;
                    }
                }
                let mut candidates: Vec<(u16, u32)> = touched
                    .drain(..)
                    .map(|v| (std::mem::take(&mut shared[v as usize]), v))
                    .filter(|&(count, _)| count as usize >= params.min_shared)
                    .collect();
                candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                candidates.truncate(params.max_candidates);
                candidates
                    .into_iter()
                    .filter_map(|(_, v)| {
                        let cosine = dot(&vectors[u], &vectors[v as usize]);
                        let (a, b) = (u.min(v as usize) as u32, u.max(v as usize) as u32);
                        (f64::from(cosine) >= params.link).then_some((cosine, a, b))
                    })
                    .collect::<Vec<Link>>()
            },
        )
        .flatten()
        .collect();
    links.par_sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    links.dedup_by_key(|l| (l.1, l.2));
    links
}

/// Groups of units by average-link agglomeration over the links: the two
/// groups with the highest average cosine between their members merge first,
/// as long as it reaches `merge`. The average is exact for groups' summed
/// vectors (`dot(sum A, sum B) / (|A| |B|)` for unit-length members), up to
/// the cut of each sum to `centroid_terms` terms. Only groups joined by a link
/// are ever compared; a pair is re-scored lazily, when it comes to the top of
/// the queue after either group has changed.
///
/// Returns, for each unit, the smallest unit of its group, and for each group
/// (at its smallest unit) its summed vector.
pub(super) fn group(
    vectors: Vec<Vector>,
    links: &[Link],
    params: &ClusterParams,
) -> (Vec<usize>, Vec<Vector>) {
    let n = vectors.len();
    let mut sets = Sets::new(n);
    let mut sums = vectors;
    let mut sizes: Vec<f32> = vec![1.0; n];
    let mut versions: Vec<u32> = vec![0; n];
    let mut queue: BinaryHeap<Candidate> = links
        .iter()
        .filter(|l| f64::from(l.0) >= params.merge)
        .map(|&(score, a, b)| Candidate {
            score,
            a,
            b,
            versions: (0, 0),
        })
        .collect();
    while let Some(top) = queue.pop() {
        let (ra, rb) = (sets.find(top.a as usize), sets.find(top.b as usize));
        if ra == rb {
            continue;
        }
        let fresh = (ra, rb) == (top.a as usize, top.b as usize)
            && (versions[ra], versions[rb]) == top.versions;
        if !fresh {
            let (a, b) = (ra.min(rb), ra.max(rb));
            let score = dot(&sums[a], &sums[b]) / (sizes[a] * sizes[b]);
            if f64::from(score) >= params.merge {
                queue.push(Candidate {
                    score,
                    a: a as u32,
                    b: b as u32,
                    versions: (versions[a], versions[b]),
                });
            }
            continue;
        }
        let merged = add(&sums[ra], &sums[rb]);
        if let Some((root, child)) = sets.union(ra, rb) {
            sums[root] = heaviest(merged, params.centroid_terms);
            sums[child] = Vec::new();
            sizes[root] += sizes[child];
            versions[root] += 1;
        }
    }
    let roots = (0..n).map(|u| sets.find(u)).collect();
    (roots, sums)
}

/// A pair of groups in the queue, with the versions of the groups it was
/// scored against; ordered by score, then by smaller indices first.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: f32,
    a: u32,
    b: u32,
    versions: (u32, u32),
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then((other.a, other.b).cmp(&(self.a, self.b)))
            .then(other.versions.cmp(&self.versions))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// The `k` heaviest entries, sorted by term (not rescaled).
fn heaviest(mut v: Vector, k: usize) -> Vector {
    if v.len() > k {
        v.select_nth_unstable_by(k - 1, heavier_first);
        v.truncate(k);
        v.sort_unstable_by_key(|&(t, _)| t);
    }
    v
}
