//! Evaluation of automatic story grouping (`credence::cluster`) on the FNC-1
//! training stories. Not part of `cargo test`: run it with
//!
//! ```sh
//! cargo test --release --test eval_cluster -- --ignored --nocapture
//! ```
//!
//! It needs `../shared/data/fnc-1/stories-train` (or `CREDENCE_FNC=DIR`).
//! Every body is put in one pool with its story folder forgotten; the pool is
//! clustered and compared with the true stories by B-cubed precision, recall
//! and F1 (Bagga & Baldwin 1998; Amigó et al. 2009), averaged over bodies.
//!
//! The 200 stories are split in two halves by a hash of the folder name
//! (FNV-1a, even or odd): the parameters were tuned on the `tuning` half only;
//! the `held-out` half judges them. Each half is clustered as a pool of its
//! own. A body filed under two stories is two items (same text), so one of
//! them is necessarily in the "wrong" story. `CREDENCE_CLUSTER_TOML=FILE` runs
//! with another `cluster.toml` (for tuning); `CREDENCE_CLUSTER_SHOW=1` prints
//! the tuning half's stories that were split or mixed up (never the held-out ones).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use credence::cluster::{ClusterParams, cluster};

/// (story folder, body id, text) for every body of `labels.csv`.
fn bodies(dir: &Path) -> Vec<(String, String, String)> {
    let mut reader = csv::Reader::from_path(dir.join("labels.csv")).unwrap();
    let mut out = Vec::new();
    for row in reader.records() {
        let row = row.unwrap();
        let (story, body) = (row[1].to_string(), row[2].to_string());
        let text = std::fs::read_to_string(dir.join(&story).join(format!("{body}.txt"))).unwrap();
        out.push((story, body, text));
    }
    out
}

fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn is_tuning(story: &str) -> bool {
    fnv1a(story).is_multiple_of(2)
}

/// B-cubed precision, recall and F1 of `found` against `truth` (one label per item).
fn bcubed<A: Ord, B: Ord>(truth: &[A], found: &[B]) -> (f64, f64, f64) {
    let n = truth.len();
    let mut both: BTreeMap<(&A, &B), usize> = BTreeMap::new();
    let mut of_truth: BTreeMap<&A, usize> = BTreeMap::new();
    let mut of_found: BTreeMap<&B, usize> = BTreeMap::new();
    for (t, f) in truth.iter().zip(found) {
        *both.entry((t, f)).or_default() += 1;
        *of_truth.entry(t).or_default() += 1;
        *of_found.entry(f).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (t, f) in truth.iter().zip(found) {
        let common = both[&(t, f)] as f64;
        p += common / of_found[f] as f64;
        r += common / of_truth[t] as f64;
    }
    let (p, r) = (p / n as f64, r / n as f64);
    (p, r, 2.0 * p * r / (p + r))
}

fn params() -> ClusterParams {
    match std::env::var_os("CREDENCE_CLUSTER_TOML") {
        Some(path) => ClusterParams::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap(),
        None => ClusterParams::default(),
    }
}

#[test]
#[ignore = "needs ../shared/data/fnc-1; run with --ignored"]
fn stories_are_recovered_by_content() {
    let Some(dir) = common::fnc_stories() else {
        eprintln!("skipped: no FNC-1 stories");
        return;
    };
    let all = bodies(&dir);
    let params = params();
    let show = std::env::var_os("CREDENCE_CLUSTER_SHOW").is_some();
    let mut held_out_f1 = 0.0;
    for (half, keep) in [
        ("tuning", Some(true)),
        ("held-out", Some(false)),
        ("all", None),
    ] {
        let pool: Vec<&(String, String, String)> = all
            .iter()
            .filter(|(story, _, _)| keep.is_none_or(|k| is_tuning(story) == k))
            .collect();
        let texts: Vec<&str> = pool.iter().map(|(_, _, t)| t.as_str()).collect();
        let truth: Vec<&str> = pool.iter().map(|(s, _, _)| s.as_str()).collect();
        let clustering = cluster(&texts, &params);
        let (p, r, f1) = bcubed(&truth, &clustering.story_of);
        let stories = truth
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        println!(
            "{half:>8}: {stories} stories, {} bodies -> {} clusters; B-cubed P {p:.3} R {r:.3} F1 {f1:.3}",
            texts.len(),
            clustering.names.len()
        );
        // Baselines: every body alone, and one story per pool.
        let singletons: Vec<usize> = (0..texts.len()).collect();
        let (_, _, f1_alone) = bcubed(&truth, &singletons);
        let (_, _, f1_one) = bcubed(&truth, &vec![0; texts.len()]);
        println!(
            "          baselines: all singletons F1 {f1_alone:.3}, one cluster F1 {f1_one:.3}"
        );
        assert!(
            f1 > f1_alone.max(f1_one) + 0.2,
            "{half}: F1 {f1:.3} barely beats a baseline"
        );
        if show && half == "tuning" {
            print_errors(&truth, &clustering);
        }
        if half == "held-out" {
            held_out_f1 = f1;
        }
    }
    println!("held-out B-cubed F1 {held_out_f1:.3} (target 0.90)");
}

/// Clusters holding more than one true story, and true stories split over clusters.
fn print_errors(truth: &[&str], clustering: &credence::cluster::Clustering) {
    let mut stories: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut spread: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    for (i, &c) in clustering.story_of.iter().enumerate() {
        *stories.entry(c).or_default().entry(truth[i]).or_default() += 1;
        *spread.entry(truth[i]).or_default().entry(c).or_default() += 1;
    }
    for (c, mix) in &stories {
        if mix.len() > 1 {
            println!("  mixed {}: {mix:?}", clustering.names[*c]);
        }
    }
    for (story, parts) in &spread {
        if parts.len() > 1 {
            let parts: Vec<String> = parts
                .iter()
                .map(|(c, n)| format!("{}x{n}", clustering.names[*c]))
                .collect();
            println!("  split {story}: {}", parts.join(" "));
        }
    }
}
