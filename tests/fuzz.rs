//! Fuzzing: arbitrary bytes, mutated seed inputs and jumbles of the phrases
//! the rules look for go through every stage a run uses (plan, ingest,
//! decode, text, extract, align, score, the CSV reports). Nothing may panic;
//! every finding must point inside its article on character boundaries; no
//! CSV cell may start with a character a spreadsheet runs.
//!
//! `cargo test` runs a short round. The long run (see the README):
//!
//! ```sh
//! CREDENCE_FUZZ_SECS=600 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! The seeds live in `tests/fuzz/corpus/` (one small file each; the
//! extension says how it is read). An input that once broke a stage is
//! added there, so every later run tries it first.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use credence::rules::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| credence::load_rules(None).expect("built-in rules load"))
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus")
}

/// The seed files: (extension, bytes), sorted by name.
fn seeds() -> &'static [(String, Vec<u8>)] {
    static SEEDS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
            .expect("tests/fuzz/corpus exists")
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let ext = p.extension().unwrap().to_string_lossy().into_owned();
                (ext, std::fs::read(&p).unwrap())
            })
            .collect()
    })
}

/// Pieces the stages react to: figures, dates, citations, quotation marks,
/// negation, front matter, record syntax, awkward Unicode and line ends.
const PIECES: &[&str] = &[
    "$50 billion",
    "$1.5bn",
    "27%",
    "from $29 to $39",
    "over 13 million",
    "a 15-year-old",
    "€2,000",
    "1e308",
    "99999999999999999999999",
    "-0.0",
    "through 2032",
    "since 2019",
    "late February",
    "on Tuesday",
    "2026-02-30",
    "according to a 2023 Gartner report",
    "analysts say",
    "sources said",
    "it is believed",
    "Reuters reported",
    "said Satya Nadella",
    "Originally reported by The Next Platform",
    "(Reuters) -",
    "\"",
    "\u{201c}",
    "\u{201d}",
    "'",
    "not",
    "denied",
    "no longer exclusive",
    "rose",
    "fell",
    "hoax",
    "---\n",
    "source: =x\n",
    "story: ",
    "published: 2026-03-01\n",
    "{\"text\": \"",
    "\"}\n",
    ",",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    ". ",
    "... ",
    "Mr. ",
    "U.S. ",
    "# ",
    "* ",
    "\t",
    "=",
    "@",
    "\u{feff}",
    "\u{0}",
    "e\u{301}",
    "\u{200b}",
    "\u{202e}",
    "五十亿",
    "🙂",
    "\u{10ffff}",
    "Microsoft",
    "the deal",
    "exclusive",
    "was worth",
];

/// How a seed is changed.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Insert(Index, &'static str),
    Delete(Index, usize),
    Truncate(Index),
    Repeat(Index, usize),
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match m {
            Mutation::Flip(i, b) if !bytes.is_empty() => {
                let k = i.index(bytes.len());
                bytes[k] ^= b;
            }
            Mutation::Flip(..) => {}
            Mutation::Insert(i, piece) => {
                let k = at(i, bytes.len());
                bytes.splice(k..k, piece.bytes());
            }
            Mutation::Delete(i, n) => {
                let k = at(i, bytes.len());
                let end = (k + n).min(bytes.len());
                bytes.drain(k..end);
            }
            Mutation::Truncate(i) => {
                let k = at(i, bytes.len());
                bytes.truncate(k);
            }
            // Long inputs find work that grows faster than the text.
            Mutation::Repeat(i, times) => {
                let k = at(i, bytes.len());
                let tail = bytes[k..].to_vec();
                for _ in 0..*times {
                    bytes.extend_from_slice(&tail);
                }
                // Repeats compound; past this size a case only takes longer.
                bytes.truncate(LONGEST_INPUT);
            }
        }
    }
    bytes
}

/// The longest input a mutation makes: long enough for a few long sentences.
const LONGEST_INPUT: usize = 64 << 10;

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..=255u8).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<Index>(), select(PIECES)).prop_map(|(i, p)| Mutation::Insert(i, p)),
        (any::<Index>(), 1..64usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 1..40usize).prop_map(|(i, n)| Mutation::Repeat(i, n)),
    ]
}

/// One input file: its extension and bytes.
fn input() -> impl Strategy<Value = (String, Vec<u8>)> {
    let ext = select(vec!["txt", "md", "jsonl", "csv"]).prop_map(str::to_string);
    prop_oneof![
        // A seed, changed a few times.
        (any::<Index>(), proptest::collection::vec(mutation(), 0..8)).prop_map(|(i, ms)| {
            let (ext, bytes) = &seeds()[i.index(seeds().len())];
            (ext.clone(), apply(bytes.clone(), &ms))
        }),
        // Phrases the rules look for, jumbled with words.
        (
            ext.clone(),
            proptest::collection::vec(
                prop_oneof![select(PIECES).prop_map(str::to_string), "[a-zA-Z]{1,9} "],
                0..120
            )
        )
            .prop_map(|(ext, parts)| (ext, parts.concat().into_bytes())),
        // Raw bytes.
        (ext, proptest::collection::vec(any::<u8>(), 0..600)),
    ]
}

/// Files for one case: up to four inputs in one story folder, plus whether
/// to group by content (`--cluster`).
fn case() -> impl Strategy<Value = (Vec<(String, Vec<u8>)>, bool)> {
    (proptest::collection::vec(input(), 1..5), any::<bool>())
}

/// Runs one case through every stage as `credence score` does and checks
/// what came out.
fn run_case(files: &[(String, Vec<u8>)], cluster: bool) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story");
    std::fs::create_dir(&story).unwrap();
    for (k, (ext, bytes)) in files.iter().enumerate() {
        std::fs::write(story.join(format!("f{k}.{ext}")), bytes).unwrap();
    }
    let out = dir.path().join("out");
    let options = credence::RunOptions {
        cluster,
        ..Default::default()
    };
    let rules = rules();
    // An input can be a usage error (a manifest without a text column):
    // that is an answer, not a crash.
    let Ok(plan) = credence::plan(&[dir.path().to_path_buf()], &options, rules) else {
        return Ok(());
    };
    let mut writer = credence::report::ReportWriter::new(Some(&out), Default::default()).unwrap();
    for group in credence::story_groups(&plan) {
        let outcome = credence::score_group(&plan, &group, rules);
        for findings in &outcome.findings {
            for f in findings {
                let text = &outcome.articles[f.article].text;
                for range in [&f.span, &f.sentence] {
                    prop_assert!(range.start <= range.end && range.end <= text.len());
                    prop_assert!(
                        text.is_char_boundary(range.start) && text.is_char_boundary(range.end)
                    );
                }
                prop_assert!(f.weight.is_finite());
            }
        }
        for score in &outcome.scores {
            prop_assert!(
                (0.0..=100.0).contains(&score.scores.credibility),
                "credibility {}",
                score.scores.credibility
            );
        }
        writer.add(&outcome).unwrap();
    }
    writer.finish(&rules.scoring).unwrap();
    for name in ["sources.csv", "articles.csv", "findings.csv"] {
        check_cells(&out.join(name))?;
    }
    Ok(())
}

/// No text cell may start with what a spreadsheet runs; numbers are numbers.
fn check_cells(path: &Path) -> Result<(), TestCaseError> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let runs = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            prop_assert!(
                !runs || cell.parse::<f64>().is_ok(),
                "{}: unsafe cell {cell:?}",
                path.display()
            );
        }
    }
    Ok(())
}

/// Every seed, as it is, in one story.
#[test]
fn every_seed_scores() {
    let files: Vec<(String, Vec<u8>)> = seeds().to_vec();
    assert!(files.len() >= 5, "the corpus holds the seeds");
    run_case(&files, false).unwrap();
    run_case(&files, true).unwrap();
}

proptest! {
    #![proptest_config(Config { cases: 48, failure_persistence: None, ..Config::default() })]

    /// A short round for every `cargo test`.
    #[test]
    fn arbitrary_inputs_never_break_a_run((files, cluster) in case()) {
        run_case(&files, cluster)?;
    }
}

/// The long run: fresh random cases until `CREDENCE_FUZZ_SECS` (default 600)
/// have passed. A failure is shrunk to a small input, which is written to
/// `target/fuzz-failure-*` for adding to the corpus. A case slower than 10 s
/// counts as a failure too: on inputs this small it means a hang.
#[test]
#[ignore = "runs for minutes; see the module docs"]
fn fuzz_for_a_while() {
    let secs: u64 = std::env::var("CREDENCE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(600);
    let start = Instant::now();
    let (mut cases, mut rounds) = (0u64, 0u64);
    let slowest = std::cell::Cell::new(Duration::ZERO);
    while start.elapsed() < Duration::from_secs(secs) {
        // A new runner draws a new random seed.
        let mut runner = TestRunner::new(Config {
            cases: 200,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&case(), |(files, cluster)| {
            let begun = Instant::now();
            run_case(&files, cluster)?;
            let took = begun.elapsed();
            slowest.set(slowest.get().max(took));
            prop_assert!(took < Duration::from_secs(10), "a case took {took:?}");
            Ok(())
        });
        if let Err(err) = result {
            if let proptest::test_runner::TestError::Fail(_, (files, _)) = &err {
                for (k, (ext, bytes)) in files.iter().enumerate() {
                    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                        .join(format!("target/fuzz-failure-{k}.{ext}"));
                    std::fs::write(&path, bytes).unwrap();
                    eprintln!("wrote {}", path.display());
                }
            }
            panic!("after {cases} cases: {err}");
        }
        cases += 200;
        rounds += 1;
        eprintln!(
            "fuzz: {cases} cases, {:.0} s",
            start.elapsed().as_secs_f64()
        );
    }
    eprintln!(
        "fuzz: {cases} cases in {rounds} rounds, {:.0} s, no failure; slowest case {:?}",
        start.elapsed().as_secs_f64(),
        slowest.get()
    );
}
