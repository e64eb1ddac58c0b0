//! `rules/cluster.toml` through the binary: a rules folder with a bad or
//! missing `cluster.toml` is refused with the file and line, and the
//! built-in one passes `rules check`.

mod common;

use common::{credence, repo, rules_copy};

/// A copy of the built-in rules folder, with `cluster.toml` replaced (or removed).
fn rules_with_cluster(contents: Option<&str>) -> tempfile::TempDir {
    let dir = rules_copy();
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

#[test]
fn the_sample_story_is_found_as_one_story() {
    // Five outlets' articles about one agreement, plus two unrelated texts.
    let dir = common::sample_stories().join(common::STORY);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let articles = texts.len();
    texts.push(
        "The Katla volcano in Iceland erupted on Tuesday, sending ash over Reykjavik. \
         Airlines cancelled flights to Norway and Scotland as the ash cloud drifted east."
            .into(),
    );
    texts.push(
        "Lyon confirmed that striker Marco Delacroix has left for Juventus in a record \
         transfer. He scored twelve goals last season."
            .into(),
    );
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let found = credence::cluster::cluster(&texts, &credence::cluster::ClusterParams::default());
    assert_eq!(
        found.story_of[..articles],
        vec![0; articles],
        "{:?}",
        found.names
    );
    assert_eq!(found.names.len(), 3, "{:?}", found.names);
}
