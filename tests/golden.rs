//! Golden outputs for the bundled sample: the reports must not change
//! without review. After an intended change, refresh them with
//! `CREDENCE_BLESS=1 cargo test --test golden` and read the diff.

mod common;

use common::*;

#[test]
fn sample_reports_match_the_golden_files() {
    let out = score_sample();
    let golden = repo().join("tests/golden").join(STORY);
    let bless = std::env::var_os("CREDENCE_BLESS").is_some();
    for file in ["sources.csv", "articles.csv", "findings.csv"] {
        let got = std::fs::read_to_string(out.path().join(file)).unwrap();
        let path = golden.join(file);
        if bless {
            std::fs::create_dir_all(&golden).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} missing: run CREDENCE_BLESS=1 cargo test --test golden",
                path.display()
            )
        });
        if got != want {
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(got.lines().count().min(want.lines().count()));
            panic!(
                "{file} differs from {} at line {}:\n  got:  {}\n  want: {}\nIf intended: CREDENCE_BLESS=1 cargo test --test golden",
                path.display(),
                first + 1,
                got.lines().nth(first).unwrap_or("<end>"),
                want.lines().nth(first).unwrap_or("<end>")
            );
        }
    }
}
