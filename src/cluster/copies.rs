//! Near-copies: MinHash signatures -> groups of articles that are versions of
//! one text, found with locality-sensitive hashing on signature bands (never
//! by comparing all pairs).

use rayon::prelude::*;

use super::terms::mix;

/// Disjoint sets over indices; the root of a set is its smallest member, so
/// the result does not depend on the order of unions.
pub(super) struct Sets {
    parent: Vec<u32>,
}

impl Sets {
    pub fn new(n: usize) -> Self {
        Sets {
            parent: (0..n as u32).collect(),
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] as usize != x {
            let grandparent = self.parent[self.parent[x] as usize];
            self.parent[x] = grandparent;
            x = grandparent as usize;
        }
        x
    }

    /// Joins the sets of `a` and `b`; returns the new root and the old one
    /// that joined it, or `None` if they were already one set.
    pub fn union(&mut self, a: usize, b: usize) -> Option<(usize, usize)> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[child] = root as u32;
        Some((root, child))
    }
}

/// Share of equal slots: an estimate of the shingle Jaccard of two texts.
fn agreement(a: &[u32], b: &[u32]) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len().max(1) as f64
}

/// For each article, the smallest index of its group of near-copies.
/// Articles whose band agrees are bucketed together; each member of a bucket
/// is compared with the bucket's first member only, so a bucket of `m`
/// articles costs `m` comparisons.
pub(super) fn group(
    signatures: &[Vec<u32>],
    bands: usize,
    rows: usize,
    similarity: f64,
) -> Vec<usize> {
    let n = signatures.len();
    let mut sets = Sets::new(n);
    for band in 0..bands {
        let mut keys: Vec<(u64, u32)> = signatures
            .par_iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(i, s)| {
                let key = s[band * rows..(band + 1) * rows]
                    .iter()
                    .fold(band as u64, |h, &slot| mix(h ^ u64::from(slot)));
                (key, i as u32)
            })
            .collect();
        keys.par_sort_unstable();
        for run in keys.chunk_by(|a, b| a.0 == b.0) {
            let first = run[0].1 as usize;
            for &(_, other) in &run[1..] {
                let other = other as usize;
                if agreement(&signatures[first], &signatures[other]) >= similarity {
                    sets.union(first, other);
                }
            }
        }
    }
    (0..n).map(|i| sets.find(i)).collect()
}
