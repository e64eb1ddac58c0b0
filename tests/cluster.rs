//! `rules/cluster.toml` through the binary: a rules folder with a bad or
//! missing `cluster.toml` is refused with the file and line, and the
//! built-in one passes `rules check`.

mod common;

use common::{credence, repo};

/// A copy of the built-in rules folder, with `cluster.toml` replaced (or removed).
fn rules_with_cluster(contents: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let target = dir.path().join("cluster.toml");
    match contents {
        Some(text) => std::fs::write(target, text).unwrap(),
        None => std::fs::remove_file(target).unwrap(),
    }
    dir
}

fn check(dir: &std::path::Path) -> (Option<i32>, String) {
    let output = credence()
        .args(["rules", "check", "--rules"])
        .arg(dir)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.code(), text)
}

#[test]
fn the_built_in_cluster_file_passes() {
    let builtin = std::fs::read_to_string(repo().join("rules/cluster.toml")).unwrap();
    let dir = rules_with_cluster(Some(&builtin));
    let (code, text) = check(dir.path());
    assert_eq!(code, Some(0), "{text}");
}

#[test]
fn bad_cluster_values_are_refused_with_their_line() {
    let builtin = std::fs::read_to_string(repo().join("rules/cluster.toml")).unwrap();
    let line = builtin
        .lines()
        .position(|l| l.starts_with("merge ="))
        .unwrap()
        + 1;
    let broken = builtin.replace("\nmerge = ", "\nmerge = 7.0 # was ");
    let dir = rules_with_cluster(Some(&broken));
    let (code, text) = check(dir.path());
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains(&format!(
            "cluster.toml:{line}:1: merge must be between 0 and 1"
        )),
        "{text}"
    );
}

#[test]
fn unknown_cluster_keys_and_a_missing_file_are_refused() {
    let builtin = std::fs::read_to_string(repo().join("rules/cluster.toml")).unwrap();
    let dir = rules_with_cluster(Some(
        &builtin.replace("[names]", "[names]\ncolour = \"red\""),
    ));
    let (code, text) = check(dir.path());
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("unknown field `colour`"), "{text}");

    let dir = rules_with_cluster(None);
    let (code, text) = check(dir.path());
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("cluster.toml") && text.contains("missing"),
        "{text}"
    );
}
