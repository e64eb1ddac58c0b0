//! Helpers shared by the integration tests: run the binary, read its CSVs.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn credence() -> Command {
    Command::cargo_bin("credence").expect("binary builds")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_stories() -> PathBuf {
    repo().join("data/stories")
}

pub const STORY: &str = "openai-microsoft-2026";

/// The sample article whose file name starts with `prefix` ("004").
pub fn sample_article(prefix: &str) -> (String, String) {
    let dir = sample_stories().join(STORY);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let name = names
        .into_iter()
        .find(|n| n.starts_with(prefix))
        .expect("sample article exists");
    let text = std::fs::read_to_string(dir.join(&name)).unwrap();
    (format!("{STORY}/{name}"), text)
}

/// A CSV file as a header and rows of column -> value.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<HashMap<String, String>>,
}

pub fn read_csv(path: &Path) -> Table {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// Scores `inputs` quietly into a fresh folder (the run must succeed) and returns it.
pub fn score(inputs: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "--quiet", "--out"])
        .arg(out.path())
        .arg(inputs)
        .assert()
        .success();
    out
}

/// Scores the bundled sample into a fresh folder and returns it.
pub fn score_sample() -> tempfile::TempDir {
    score(&sample_stories())
}

/// FNC-1's training stories (`../shared/data/fnc-1/stories-train`, or
/// `CREDENCE_FNC=DIR`), if they are on this machine.
pub fn fnc_stories() -> Option<PathBuf> {
    let dir = std::env::var_os("CREDENCE_FNC")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/data/fnc-1/stories-train"));
    dir.join("labels.csv").exists().then_some(dir)
}

/// Writes `files` (relative path -> contents) under a fresh folder.
pub fn fixture(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// A copy of the built-in rules folder, for a test to edit.
pub fn rules_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// A copy of the built-in rules folder with `file` written (replaced or added).
pub fn rules_with(file: &str, contents: &str) -> tempfile::TempDir {
    let dir = rules_copy();
    std::fs::write(dir.path().join(file), contents).unwrap();
    dir
}

/// Findings of `tests/fixtures/FIXTURE` scored with the built-in rule file
/// A rules folder: the built-in rules with `file` rewritten by `edit`,
/// which must change it.
pub fn rules_edited(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let original = std::fs::read_to_string(repo().join("rules").join(file)).unwrap();
    let changed = edit(&original);
    assert_ne!(changed, original, "the edit changes {file}");
    rules_with(file, &changed)
}

/// The findings of `fixture` scored with the rules of `rules_edited`.
pub fn findings_with_edited(
    file: &str,
    fixture: &str,
    edit: impl Fn(&str) -> String,
) -> Vec<HashMap<String, String>> {
    let rules = rules_edited(file, edit);
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "--quiet", "--rules"])
        .arg(rules.path())
        .arg("--out")
        .arg(out.path())
        .arg(repo().join("tests/fixtures").join(fixture))
        .assert()
        .success();
    read_csv(&out.path().join("findings.csv")).rows
}
