//! Speed of automatic story grouping (`credence::cluster`) on a large batch,
//! against a floor measured in the same run.
//!
//! ```sh
//! cargo bench --bench cluster                                  # 100,000 articles, 3 rounds
//! CREDENCE_BENCH_ARTICLES=20000 CREDENCE_BENCH_MODE=remix cargo bench --bench cluster
//! ```
//!
//! The batch is built in memory from FNC-1's training bodies
//! (`../shared/data/fnc-1/stories-train`, or `CREDENCE_FNC=DIR`), cycling
//! through them until it holds `CREDENCE_BENCH_ARTICLES` texts, each changed
//! deterministically so that no two are byte-identical:
//!
//! - `copies` (default): a body with about one sentence in five dropped (never all) and
//!   one pair of neighbouring sentences swapped, as syndicated and lightly
//!   edited copies are;
//! - `remix`: about half of a body's sentences replaced by sentences of
//!   another body of the same story, so most texts are no near-copy of any
//!   other and the grouping itself, not the copy detection, does the work.
//!
//! Each round runs, alternately, the **floor** (split every text into words
//! and lower-case them: the least any content-based grouping reads) and
//! **cluster**. It prints the median seconds and articles/s of each, and the
//! B-cubed F1 of the stories found against the stories the texts came from
//! (a check that the fast path still groups, not a quality figure: the
//! texts repeat). Timings are never asserted: machines are shared and noisy.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn source_dir() -> PathBuf {
    std::env::var_os("CREDENCE_FNC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/fnc-1/stories-train")
        })
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// (story, text) of every body, in a fixed order.
fn bodies(dir: &Path) -> Vec<(usize, String)> {
    let mut stories: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    stories.sort();
    let mut out = Vec::new();
    for (story, path) in stories.iter().enumerate() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for file in files {
            out.push((story, std::fs::read_to_string(file).unwrap()));
        }
    }
    out
}

/// SplitMix64: a small, seeded, reproducible stream of numbers.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn sentences(text: &str) -> Vec<&str> {
    text.split_sentence_bounds().collect()
}

/// `count` texts with their source story, built from `bodies` as `mode` says.
fn build(bodies: &[(usize, String)], count: usize, mode: &str) -> Vec<(usize, String)> {
    let mut by_story: Vec<Vec<usize>> = Vec::new();
    for (i, (story, _)) in bodies.iter().enumerate() {
        if by_story.len() <= *story {
            by_story.resize(story + 1, Vec::new());
        }
        by_story[*story].push(i);
    }
    (0..count)
        .into_par_iter()
        .map(|k| {
            let mut random = Random(k as u64);
            let (story, text) = &bodies[k % bodies.len()];
            let mut parts: Vec<&str> = sentences(text);
            if mode == "remix" {
                let siblings = &by_story[*story];
                let other = &bodies[siblings[random.below(siblings.len())]].1;
                let others = sentences(other);
                for part in parts.iter_mut() {
                    if random.below(2) == 0 {
                        *part = others[random.below(others.len())];
                    }
                }
            } else {
                let first = parts.first().copied();
                parts.retain(|_| random.below(5) != 0);
                if parts.is_empty() {
                    parts.extend(first);
                }
                if parts.len() > 2 {
                    let at = random.below(parts.len() - 1);
                    parts.swap(at, at + 1);
                }
            }
            (*story, parts.concat())
        })
        .collect()
}

fn floor(texts: &[&str]) -> usize {
    texts
        .par_iter()
        .map(|t| {
            t.unicode_words()
                .map(|w| w.to_lowercase().len())
                .sum::<usize>()
        })
        .sum()
}

/// B-cubed F1 of `found` against `truth`.
fn bcubed_f1(truth: &[usize], found: &[usize]) -> f64 {
    use std::collections::HashMap;
    let mut both: HashMap<(usize, usize), f64> = HashMap::new();
    let mut of_truth: HashMap<usize, f64> = HashMap::new();
    let mut of_found: HashMap<usize, f64> = HashMap::new();
    for (&t, &f) in truth.iter().zip(found) {
        *both.entry((t, f)).or_default() += 1.0;
        *of_truth.entry(t).or_default() += 1.0;
        *of_found.entry(f).or_default() += 1.0;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for (&t, &f) in truth.iter().zip(found) {
        p += both[&(t, f)] / of_found[&f];
        r += both[&(t, f)] / of_truth[&t];
    }
    let n = truth.len() as f64;
    let (p, r) = (p / n, r / n);
    2.0 * p * r / (p + r)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is accepted.
    let count = env_number("CREDENCE_BENCH_ARTICLES", 100_000);
    let rounds = env_number("CREDENCE_BENCH_ROUNDS", 3).max(1);
    let mode = std::env::var("CREDENCE_BENCH_MODE").unwrap_or_else(|_| "copies".into());
    if !source_dir().exists() {
        eprintln!(
            "cluster: no FNC-1 stories at {}; set CREDENCE_FNC",
            source_dir().display()
        );
        return;
    }
    let corpus = build(&bodies(&source_dir()), count, &mode);
    let texts: Vec<&str> = corpus.iter().map(|(_, t)| t.as_str()).collect();
    let truth: Vec<usize> = corpus.iter().map(|(s, _)| *s).collect();
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / (1 << 20) as f64;
    let params = credence::cluster::ClusterParams::default();
    println!(
        "corpus: {count} articles ({mode}), {mb:.1} MB, {} threads, {rounds} rounds (alternating)",
        rayon::current_num_threads()
    );
    let (mut floor_s, mut cluster_s) = (Vec::new(), Vec::new());
    let mut found = None;
    for _ in 0..rounds {
        let t = Instant::now();
        std::hint::black_box(floor(&texts));
        floor_s.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let clustering = credence::cluster::cluster(&texts, &params);
        cluster_s.push(t.elapsed().as_secs_f64());
        found = Some(clustering);
    }
    let floor_median = median(floor_s);
    for (name, seconds) in [("floor", floor_median), ("cluster", median(cluster_s))] {
        println!(
            "{name:>8}: median {seconds:6.2} s  {:8.0} articles/s  {:5.1}x floor",
            count as f64 / seconds,
            seconds / floor_median
        );
    }
    if let Some(clustering) = found {
        println!(
            "stories found: {} (from {} source stories); B-cubed F1 against them {:.3}",
            clustering.names.len(),
            truth
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            bcubed_f1(&truth, &clustering.story_of)
        );
    }
}
