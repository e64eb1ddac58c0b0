//! Inputs nobody has looked at and outputs that cannot be written: huge
//! articles, folders that loop or cannot be read, interrupts, broken pipes,
//! rules a colleague broke, cells a spreadsheet would run. Each test runs the
//! binary as a user does. (More cases: `tests/cli.rs`, `tests/formats.rs`.)

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::*;
use predicates::prelude::*;

/// Enough time for any of these runs on a loaded machine in a debug build;
/// past it the run is taken to hang.
const HANG: Duration = Duration::from_secs(600);

/// `bytes` of running text with no line break, with or without sentence ends.
fn one_line(bytes: usize, sentences: bool) -> Vec<u8> {
    let phrases = [
        "analysts say the deal is worth $5 billion",
        "shares rose 27% since 2019",
        "according to a 2023 report the company grew",
        "sources said the talks went on",
        "the board met on Tuesday",
    ];
    let mut text = String::with_capacity(bytes + 64);
    for phrase in phrases.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(phrase);
        text.push_str(if sentences { ". " } else { " " });
    }
    text.into_bytes()
}

#[test]
fn an_article_over_the_size_limit_is_skipped_with_a_warning() {
    let inputs = fixture(&[
        ("story/huge.txt", &one_line(10 << 20, true)),
        (
            "story/small.txt",
            b"Analysts say the deal is worth $5 billion.\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let assert = credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path())
        .timeout(HANG)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let line = stderr
        .lines()
        .find(|l| l.contains("huge.txt"))
        .unwrap_or_else(|| panic!("huge.txt not reported: {stderr}"));
    assert!(
        line.contains("over the limit of 4194304 (--max-bytes)") && line.contains("skipped"),
        "{line}"
    );
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.rows.len(), 1);
    assert_eq!(articles.rows[0]["article"], "story/small.txt");

    // The limit is the user's to set.
    credence()
        .args(["score", "-q", "--max-bytes", "10"])
        .arg(inputs.path())
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "small.txt: 43 bytes, over the limit of 10",
        ));
}

#[test]
fn a_long_article_without_line_breaks_is_scored_with_findings_inside_it() {
    // Up to the limit, one line of text is scored like any other, whether or
    // not it has sentence ends.
    let with_ends = one_line(48 << 10, true);
    let without = one_line(48 << 10, false);
    let inputs = fixture(&[("story/ends.txt", &with_ends), ("story/none.txt", &without)]);
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path())
        .timeout(HANG)
        .assert()
        .success();
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.rows.len(), 2);
    let findings = read_csv(&out.path().join("findings.csv"));
    for (name, text) in [("story/ends.txt", &with_ends), ("story/none.txt", &without)] {
        let vague: Vec<_> = findings
            .rows
            .iter()
            .filter(|r| r["article"] == name && r["kind"] == "vague_citation")
            .collect();
        assert!(!vague.is_empty(), "{name}: no vague citation found");
        for row in vague {
            let (start, end): (usize, usize) =
                (row["start"].parse().unwrap(), row["end"].parse().unwrap());
            assert!(start < end && end <= text.len(), "{name}: {start}..{end}");
        }
    }
}

#[test]
fn symbolic_link_loops_fifos_and_hidden_folders_do_not_stall_a_run() {
    let inputs = fixture(&[
        (
            "story/good.txt",
            b"Analysts say the deal is worth $5 billion.\n",
        ),
        (
            ".git/objects/notes.txt",
            b"Sources said it is $9 billion.\n",
        ),
        (
            "story/.cache/draft.txt",
            b"Sources said it is $9 billion.\n",
        ),
    ]);
    let story = inputs.path().join("story");
    std::os::unix::fs::symlink("..", story.join("loop")).unwrap();
    std::os::unix::fs::symlink("no-such-file.txt", story.join("dangling.txt")).unwrap();
    // Reading a FIFO would wait for a writer forever.
    let fifo = story.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = tempfile::tempdir().unwrap();
    let assert = credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path())
        .timeout(HANG)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("story/loop") && l.contains("symbolic link loop")),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("dangling.txt") && l.contains("skipped")),
        "{stderr}"
    );
    let articles = read_csv(&out.path().join("articles.csv"));
    let ids: Vec<&str> = articles
        .rows
        .iter()
        .map(|r| r["article"].as_str())
        .collect();
    assert_eq!(
        ids,
        ["story/good.txt"],
        "hidden folders and the FIFO are not articles"
    );
}

/// Whether this process runs as root, which reads and writes through any
/// permission: then the binary runs as `nobody` (with `setpriv`) for the
/// permission tests to mean anything.
fn running_as_root(probe: &Path) -> bool {
    std::fs::metadata(probe).unwrap().uid() == 0
}

/// The binary, run as an unprivileged user when we are root.
fn unprivileged(probe: &Path) -> assert_cmd::Command {
    if !running_as_root(probe) {
        return credence();
    }
    let mut cmd = assert_cmd::Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(assert_cmd::cargo::cargo_bin("credence"));
    cmd
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Opens every folder and file of `root` to other users (temp folders are
/// private), so an unprivileged run can read what it should.
fn open_to_all(root: &Path) {
    chmod(root, 0o755);
    for entry in walkdir::WalkDir::new(root).into_iter().skip(1) {
        let entry = entry.unwrap();
        chmod(
            entry.path(),
            if entry.file_type().is_dir() {
                0o755
            } else {
                0o644
            },
        );
    }
}

#[test]
fn an_unreadable_sub_folder_is_reported_and_the_rest_is_scored() {
    let inputs = fixture(&[
        (
            "story/good.txt",
            b"Analysts say the deal is worth $5 billion.\n",
        ),
        (
            "story/locked/secret.txt",
            b"Sources said it is $9 billion.\n",
        ),
    ]);
    open_to_all(inputs.path());
    chmod(&inputs.path().join("story/locked"), 0o000);
    let out = tempfile::tempdir().unwrap();
    chmod(out.path(), 0o777);
    let assert = unprivileged(inputs.path())
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path())
        .timeout(HANG)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.lines().any(|l| l.contains("story/locked")
            && l.contains("permission denied")
            && l.contains("skipped")),
        "{stderr}"
    );
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.rows.len(), 1);
    assert_eq!(articles.rows[0]["article"], "story/good.txt");
    chmod(&inputs.path().join("story/locked"), 0o755);
}

#[test]
fn an_unwritable_output_folder_is_a_one_line_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("keep.txt"), "keep me").unwrap();
    open_to_all(dir.path());
    chmod(&locked, 0o555);
    // The folder itself, and a new folder inside it.
    for out in [locked.clone(), locked.join("report")] {
        unprivileged(dir.path())
            .args(["score", "--out"])
            .arg(&out)
            .arg(sample_stories())
            .timeout(HANG)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("cannot")
                    .and(predicate::str::contains("permission denied")),
            )
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
        let names: Vec<_> = std::fs::read_dir(&locked)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["keep.txt"], "nothing written in {}", out.display());
    }
    chmod(&locked, 0o755);
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The contents of every file in `dir`.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    names(dir)
        .into_iter()
        .map(|n| {
            let bytes = std::fs::read(dir.join(&n)).unwrap();
            (n, bytes)
        })
        .collect()
}

#[test]
fn an_interrupted_run_leaves_the_previous_report_as_it_was() {
    let out = score_sample();
    let before = contents(out.path());
    // The run reads stdin; while it waits there, Ctrl-C (SIGINT) arrives.
    // Its spool file in TMPDIR shows the interrupt handler is in place.
    let tmp = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("credence"))
        .args(["score", "-q", "-", "--out"])
        .arg(out.path())
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\": 1, \"story\": \"s\", \"text\": \"Analysts say it is $5 billion.\"}\n")
        .unwrap();
    let waited = std::time::Instant::now();
    while names(tmp.path()).is_empty() {
        assert!(
            waited.elapsed() < HANG,
            "the run never started reading stdin"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    drop(stdin);
    let mut stderr = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        stderr.push_str(&line.unwrap());
        stderr.push('\n');
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(contents(out.path()), before, "the earlier report changed");
    assert!(
        names(tmp.path()).is_empty(),
        "the stdin spool is left behind"
    );
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    // Enough sources that sources.csv outgrows the pipe's buffer.
    let files: Vec<(String, Vec<u8>)> = (0..3000)
        .map(|k| {
            (
                format!("story/a{k:04}.txt"),
                format!("---\nsource: Outlet number {k} with a long name\n---\nAnalysts say the deal is worth ${k} million.\n")
                    .into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let inputs = fixture(&refs);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("credence"))
        .args(["score", "-q"])
        .arg(inputs.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("source,"), "{first}");
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn duplicate_ids_and_absurdly_large_patterns_are_listed_together() {
    let broken = r#"[[rule]]
id = "vague.zebra"
kind = "vague_citation"
message = "zebra cited"
explain = "Flags: zebras. Why: test. Leaves alone: giraffes."
phrases = ["zebras say"]
hit = ["[[Zebras say]] so."]
miss = ["Giraffes say so."]

[[rule]]
id = "vague.zebra"
kind = "vague_citation"
message = "zebra cited again"
explain = "Flags: zebras. Why: test. Leaves alone: giraffes."
phrases = ["zebras said"]
hit = ["[[Zebras said]] so."]
miss = ["Giraffes say so."]

[[rule]]
id = "vague.enormous"
kind = "vague_citation"
message = "a pattern too large to compile"
explain = "Flags: x. Why: y. Leaves alone: z."
patterns = ['(?i)\w{1000}\w{1000}\w{1000}']
hit = ["[[x]]"]
miss = ["y"]
"#;
    let dir = rules_with("extra.toml", broken);
    let assert = credence()
        .args(["rules", "check", "--rules"])
        .arg(dir.path())
        .timeout(HANG)
        .assert()
        .code(2);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        stdout.contains("extra.toml:11:6: rule vague.zebra: duplicate rule id"),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(
            |l| l.contains("extra.toml:24:13: rule vague.enormous: patterns[0]")
                && l.contains("pattern too large")
        ),
        "{stdout}"
    );
    // `score` stops on them, and writes nothing.
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    credence()
        .args(["score", "--rules"])
        .arg(dir.path())
        .arg("--out")
        .arg(&target)
        .arg(sample_stories())
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("duplicate rule id"))
        .stderr(predicate::str::contains("vague.enormous"));
    assert!(!target.exists());
}

/// Every cell of a CSV that a spreadsheet would run, other than numbers.
fn unsafe_cells(csv_bytes: &[u8]) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_bytes);
    let mut found = Vec::new();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
                found.push(cell.to_string());
            }
        }
    }
    found
}

#[test]
fn no_text_cell_of_any_report_can_run_in_a_spreadsheet() {
    // A rule whose message starts with `=`; titles, sources, a story and an
    // id that start with `-`, `@`, `+`, `=`, a tab or a carriage return (the
    // last two from JSON, where they survive reading); an excerpt that
    // starts with `+`.
    let rule = r#"[[rule]]
id = "vague.zebra"
kind = "vague_citation"
message = "=zebras cited (HYPERLINK)"
explain = "Flags: zebras. Why: test. Leaves alone: giraffes."
phrases = ["zebras say"]
hit = ["[[Zebras say]] so."]
miss = ["Giraffes say so."]
"#;
    let rules = rules_with("zebra.toml", rule);
    let inputs = fixture(&[
        (
            "+story/a.txt",
            b"---\ntitle: -1 and falling\nsource: \"@outlet\"\n---\n+Zebras say the deal is worth $5 billion.\n",
        ),
        (
            "+story/b.txt",
            b"---\nsource: =SUM(A1)\n---\n\tZebras say the deal is worth $9 billion. Analysts say so too.\n",
        ),
        (
            "feed.jsonl",
            b"{\"id\": \"-7\", \"story\": \"+story\", \"title\": \"\\ttabbed\", \"source\": \"\\rcarriage\", \"text\": \"The deal is worth $9 billion, zebras say.\"}\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "-q", "--rules"])
        .arg(rules.path())
        .arg("--out")
        .arg(out.path())
        .arg(inputs.path())
        .timeout(HANG)
        .assert()
        .success();
    let findings = read_csv(&out.path().join("findings.csv"));
    assert!(
        findings.rows.iter().any(|r| r["rule"] == "vague.zebra"),
        "the rule must fire for the test to mean anything"
    );
    for name in ["sources.csv", "articles.csv", "findings.csv"] {
        let bytes = std::fs::read(out.path().join(name)).unwrap();
        assert_eq!(unsafe_cells(&bytes), Vec::<String>::new(), "{name}");
    }
    let articles = read_csv(&out.path().join("articles.csv"));
    assert!(
        articles
            .rows
            .iter()
            .any(|r| r["title"] == "'-1 and falling")
    );
    assert!(articles.rows.iter().any(|r| r["source"] == "'@outlet"));
    assert!(articles.rows.iter().all(|r| r["story"] == "'+story"));
    assert!(articles.rows.iter().any(|r| r["title"] == "'\ttabbed"));
    assert!(articles.rows.iter().any(|r| r["source"] == "'\rcarriage"));
    assert!(articles.rows.iter().any(|r| r["article"] == "'-7"));
    // sources.csv on stdout, and a merge of the run, are just as safe.
    let stdout = credence()
        .args(["score", "-q", "--rules"])
        .arg(rules.path())
        .arg(inputs.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(unsafe_cells(&stdout), Vec::<String>::new());
    let merged = tempfile::tempdir().unwrap();
    credence()
        .args(["merge", "-q", "--rules"])
        .arg(rules.path())
        .arg("--out")
        .arg(merged.path())
        .arg(out.path())
        .assert()
        .success();
    for name in ["sources.csv", "articles.csv", "findings.csv"] {
        let bytes = std::fs::read(merged.path().join(name)).unwrap();
        assert_eq!(unsafe_cells(&bytes), Vec::<String>::new(), "merged {name}");
    }
}

#[test]
fn thousands_of_copies_of_one_story_still_count_as_one_source() {
    // One wire story run by 400 sites (a crowded LSH bucket, where pairs are
    // no longer all checked) against two independent outlets: the copies
    // must still be found, all of them, and count once.
    let wire =
        std::fs::read_to_string(repo().join("tests/fixtures/copy-group/stadium/wire-one.txt"))
            .unwrap();
    let body = wire.splitn(3, "---\n").nth(2).unwrap().to_string();
    let mut files: Vec<(String, Vec<u8>)> = (0..400)
        .map(|k| {
            (
                format!("stadium/site-{k:03}.txt"),
                format!("---\nsource: Site {k}\n---\n{body}").into_bytes(),
            )
        })
        .collect();
    for name in ["city-journal.txt", "harbour-times.txt"] {
        let path = repo().join("tests/fixtures/copy-group/stadium").join(name);
        files.push((format!("stadium/{name}"), std::fs::read(path).unwrap()));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let inputs = fixture(&refs);
    let out = score(inputs.path());
    let findings = read_csv(&out.path().join("findings.csv")).rows;
    let copies = findings.iter().filter(|r| r["kind"] == "copy").count();
    assert_eq!(copies, 399, "every site but the first copies another");
    let conflicts = findings
        .iter()
        .filter(|r| r["kind"] == "conflict" && r["detail"].starts_with("figure: $12 million"))
        .count();
    assert_eq!(conflicts, 400, "400 copies are one source against two");
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the panic is injected by a hook that only debug builds have"
)]
fn a_story_that_triggers_a_bug_is_left_out_and_the_others_are_scored() {
    // Two stories: the sample, and a second with the same articles under
    // another folder (story) name.
    let sample = sample_stories().join("openai-microsoft-2026");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(&sample).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read(&path).unwrap();
        files.push((format!("good/{name}"), text.clone()));
        files.push((format!("bad/{name}"), text));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_slice()))
        .collect();
    let both = fixture(&refs);
    let good_only = fixture(
        &refs
            .iter()
            .copied()
            .filter(|(n, _)| n.starts_with("good/"))
            .collect::<Vec<_>>(),
    );
    let out = tempfile::tempdir().unwrap();
    // `CREDENCE_PANIC_IN_STORY` makes a debug build panic in that story.
    credence()
        .env("CREDENCE_PANIC_IN_STORY", "bad")
        .args(["score", "--out"])
        .arg(out.path())
        .arg(both.path())
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("internal error").count(2))
        .stderr(predicate::str::contains(
            "story `bad`: internal error while scoring it (CREDENCE_PANIC_IN_STORY); its 5 article(s) were left out",
        ))
        .stderr(predicate::str::contains("(skipped)"));
    // The other story is scored exactly as if it had been alone.
    let alone = score(good_only.path());
    for report in ["articles.csv", "findings.csv", "sources.csv"] {
        let got = std::fs::read_to_string(out.path().join(report)).unwrap();
        let expected = std::fs::read_to_string(alone.path().join(report)).unwrap();
        assert!(got.lines().count() > 1, "{report} is empty");
        assert_eq!(got, expected, "{report}");
    }
}
