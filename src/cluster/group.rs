//! Term vectors -> groups: candidate pairs by blocking on each unit's heaviest
//! terms, links between candidates whose vectors are alike, and merges of
//! groups, strongest link first, only where the groups' centroids agree.

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

/// Groups of units: for each unit the smallest unit of its group, and for
/// each group (at its smallest unit) the sum of its units' vectors, cut to
/// `centroid_terms` terms.
pub(super) fn group(
    vectors: &[Vector],
    links: &[Link],
    params: &ClusterParams,
) -> (Vec<usize>, Vec<Vector>) {
    let mut sets = Sets::new(vectors.len());
    let mut centroids: Vec<Vector> = vectors.to_vec();
    for &(_, a, b) in links {
        let (ra, rb) = (sets.find(a as usize), sets.find(b as usize));
        if ra == rb {
            continue;
        }
        let cosine = dot(&centroids[ra], &centroids[rb])
            / (norm(&centroids[ra]) * norm(&centroids[rb])).max(f32::MIN_POSITIVE);
        if f64::from(cosine) < params.merge {
            continue;
        }
        let merged = add(&centroids[ra], &centroids[rb]);
        if let Some((root, child)) = sets.union(ra, rb) {
            centroids[root] = heaviest(merged, params.centroid_terms);
            centroids[child] = Vec::new();
        }
    }
    let roots = (0..vectors.len()).map(|u| sets.find(u)).collect();
    (roots, centroids)
}

fn norm(v: &[(u64, f32)]) -> f32 {
    v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt()
}

/// The `k` heaviest entries, sorted by term (not rescaled).
fn heaviest(mut v: Vector, k: usize) -> Vector {
    if v.len() > k {
        v.select_nth_unstable_by(k - 1, heavier_first);
        v.truncate(k);
        v.sort_unstable_by_key(|&(t, _)| t);
    }
    v
}
