//! The command line: inputs that go wrong, outputs that cannot be written,
//! spreadsheet safety, and the rules commands. Each test runs the binary in a
//! fresh folder.

mod common;

use common::*;
use predicates::prelude::*;

const GOOD: &[u8] =
    b"---\nsource: Good Outlet\n---\nThe deal is worth $50 billion, Reuters reported.\n";

#[test]
fn unreadable_files_are_reported_and_the_rest_is_scored() {
    let inputs = fixture(&[
        ("story/good.txt", GOOD),
        ("story/latin1.txt", b"caf\xe9 au lait cost $5 million\n"),
        ("story/image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
        ("story/empty.txt", b"  \n\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let assert = credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for (file, reason) in [("image.md", "binary"), ("empty.txt", "empty")] {
        let line = stderr
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not reported: {stderr}"));
        assert!(line.contains(reason) && line.contains("skipped"), "{line}");
    }
    // Latin-1 is not skipped: it is decoded, with a note naming the file.
    let line = stderr
        .lines()
        .find(|l| l.contains("latin1.txt"))
        .unwrap_or_else(|| panic!("latin1.txt not reported: {stderr}"));
    assert!(
        line.contains("windows-1252") && !line.contains("skipped"),
        "{line}"
    );
    let articles = read_csv(&out.path().join("articles.csv"));
    let ids: Vec<&str> = articles
        .rows
        .iter()
        .map(|r| r["article"].as_str())
        .collect();
    assert_eq!(ids, ["story/good.txt", "story/latin1.txt"]);
    assert_eq!(articles.rows[0]["source"], "Good Outlet");
}

#[test]
fn a_missing_input_is_a_one_line_error_and_nothing_is_written() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    credence()
        .args(["score", "--out"])
        .arg(&target)
        .arg("no/such/folder")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/folder: no such file or folder",
        ))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    assert!(!target.exists());
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report");
    std::fs::write(&file, "keep me").unwrap();
    credence()
        .args(["score", "--out"])
        .arg(&file)
        .arg(sample_stories())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists and is not a folder"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn no_temporary_files_are_left_behind() {
    let out = score_sample();
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "articles.csv",
            "findings.csv",
            "sources.csv",
            "totals.jsonl"
        ],
        "{names:?}"
    );
}

#[test]
fn cells_that_a_spreadsheet_would_run_are_neutralised() {
    let inputs = fixture(&[(
        "story/a.txt",
        b"---\nsource: =HYPERLINK(\"http://evil\")\ntitle: +1 what a headline\n---\n-2 is a number. Analysts say the deal is worth $5 billion.\n",
    )]);
    let out = score(inputs.path());
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.rows[0]["source"], "'=HYPERLINK(\"http://evil\")");
    assert_eq!(articles.rows[0]["title"], "'+1 what a headline");
    assert!(
        articles.rows[0]["words"].parse::<usize>().unwrap() > 0,
        "numbers stay numbers"
    );
    let sources = read_csv(&out.path().join("sources.csv"));
    assert!(sources.rows[0]["source"].starts_with('\''));
    let findings = read_csv(&out.path().join("findings.csv"));
    assert!(
        findings
            .rows
            .iter()
            .all(|r| !r.values().any(|v| v.starts_with(['=', '+', '-', '@']))),
        "{:?}",
        findings.rows
    );
}

#[test]
fn files_given_directly_and_front_matter_stories() {
    let inputs = fixture(&[
        ("a.txt", b"---\nstory: merger\nurl: https://www.example.com/x\n---\nThe merger is worth $5 billion.\n"),
        ("b.md", b"---\nstory: merger\n---\nReuters reported that the merger came to $5 billion, in cash and shares.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path().join("a.txt"))
        .arg(inputs.path().join("b.md"))
        .assert()
        .success();
    let articles = read_csv(&out.path().join("articles.csv"));
    let ids: Vec<&str> = articles
        .rows
        .iter()
        .map(|r| r["article"].as_str())
        .collect();
    assert_eq!(ids, ["a.txt", "b.md"]);
    assert!(articles.rows.iter().all(|r| r["story"] == "merger"));
    assert_eq!(articles.rows[0]["source"], "example.com");
    assert!(
        articles.rows.iter().all(|r| r["corroborated"] == "1"),
        "the shared figure corroborates: {:?}",
        articles.rows
    );
}

#[test]
fn help_documents_exit_codes() {
    credence()
        .args(["score", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit status"))
        .stdout(predicate::str::contains("2  usage error"));
}

#[test]
fn rules_list_explain_and_check() {
    credence()
        .args(["rules", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("vague.dated-report"))
        .stdout(predicate::str::contains("named_citation"));
    credence()
        .args(["rules", "explain", "vague.dated-report"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Flags:"))
        .stdout(predicate::str::contains("Why:"))
        .stdout(predicate::str::contains("Leaves alone:"))
        .stdout(predicate::str::contains("[[a 2023 Gartner report]]"));
    credence()
        .args(["rules", "explain", "vague.nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule `vague.nope`"));
    credence()
        .args(["rules", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("all pass"));
}

#[test]
fn every_rule_problem_is_listed_with_file_line_column_and_rule() {
    let broken = r#"
[[rule]]
id = "vague.broken-regex"
kind = "vague_citation"
message = "broken"
explain = "Flags: x. Why: y. Leaves alone: z."
patterns = ['(unclosed']
hit = ["[[x]]"]
miss = ["y"]

[[rule]]
id = "vague.fails-example"
kind = "vague_citation"
message = "fails its example"
explain = "Flags: x. Why: y. Leaves alone: z."
patterns = ['\bzebra\b']
hit = ["a [[giraffe]] here"]
miss = ["nothing"]
"#;
    let dir = rules_with("extra.toml", broken);
    let assert = credence()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .assert()
        .code(2);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("extra.toml:7:13: rule vague.broken-regex: patterns[0]: unclosed group"),
        "{stdout}"
    );
    assert!(
        stdout.contains("extra.toml:17:8: rule vague.fails-example: hit example"),
        "{stdout}"
    );
    // The same problems stop `score`, and nothing is written.
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    credence()
        .args(["score", "--rules"])
        .arg(dir.path())
        .arg("--out")
        .arg(&target)
        .arg(sample_stories())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("rule vague.broken-regex"));
    assert!(!target.exists());
}

#[test]
fn unknown_keys_are_errors_with_a_position() {
    let dir = rules_with(
        "extra.toml",
        "[[rule]]\nid = \"vague.x\"\nkind = \"vague_citation\"\nmesage = \"typo\"\n",
    );
    credence()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "extra.toml:4:1: unknown field `mesage`",
        ));
}

#[test]
fn a_rules_folder_replaces_the_built_in_rules() {
    let rule = r#"
[[rule]]
id = "vague.zebra"
kind = "vague_citation"
message = "zebra cited"
explain = "Flags: zebras. Why: test. Leaves alone: giraffes."
phrases = ["zebras say"]
hit = ["[[Zebras say]] so."]
miss = ["Giraffes say so."]
"#;
    let dir = rules_with("vague.toml", rule);
    credence()
        .args(["rules", "list", "--rules"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("vague.zebra"))
        .stdout(predicate::str::contains("vague.dated-report").not());
}
