//! Every input format through the binary: JSONL (also on stdin), CSV
//! manifests with `text` or `path`, malformed lines and rows, encodings,
//! and `credence merge` giving the totals of one run.

mod common;

use common::*;

/// The sample story's articles as JSONL records.
fn sample_jsonl(story: &str) -> String {
    let dir = sample_stories().join(STORY);
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let text = std::fs::read_to_string(path).unwrap();
            let record = serde_json::json!({"id": i, "source": format!("S{i}"), "story": story, "text": text});
            format!("{record}\n")
        })
        .collect()
}

#[test]
fn jsonl_and_stdin_score_the_same_and_bad_lines_are_reported_with_their_line() {
    let mut jsonl = sample_jsonl("deal");
    jsonl.push_str("{\"id\": \"broken\", \"text\": \n");
    jsonl.push_str("{\"id\": \"empty\", \"text\": \"  \"}\n");
    let inputs = fixture(&[("day.jsonl", jsonl.as_bytes())]);
    let file = credence()
        .args(["score", "-q"])
        .arg(inputs.path().join("day.jsonl"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&file.get_output().stderr).into_owned();
    assert!(
        stderr.contains("day.jsonl:6: not a JSON object"),
        "{stderr}"
    );
    assert!(stderr.contains("day.jsonl:7: empty article"), "{stderr}");
    let stdin = credence()
        .args(["score", "-q", "-"])
        .write_stdin(jsonl.as_bytes())
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&stdin.get_output().stderr).contains("<stdin>:6:"));
    assert_eq!(file.get_output().stdout, stdin.get_output().stdout);
    // The JSONL story scores as the folder does: the same credibilities.
    let credibilities = |csv: &[u8]| {
        let mut reader = csv::Reader::from_reader(csv);
        let mut values: Vec<String> = reader
            .deserialize::<std::collections::HashMap<String, String>>()
            .map(|row| row.unwrap()["credibility"].clone())
            .collect();
        values.sort();
        values
    };
    let folder = score_sample();
    let by_folder = std::fs::read(folder.path().join("sources.csv")).unwrap();
    let by_jsonl = credibilities(&file.get_output().stdout);
    assert_eq!(by_jsonl.len(), 5);
    assert_eq!(by_jsonl, credibilities(&by_folder));
}

#[test]
fn a_manifest_reads_text_or_paths_relative_to_itself() {
    let dir = sample_stories().join(STORY);
    let mut rows = String::from("id,source,story,path,text\n");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for (i, name) in names.iter().enumerate() {
        rows.push_str(&format!("m{i},M{i},deal,files/{name},\n"));
    }
    rows.push_str("inline,Inline,other,,\"The deal is worth $50 billion, Reuters reported.\"\n");
    rows.push_str("short,row\n");
    let mut files: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|n| (format!("files/{n}"), std::fs::read(dir.join(n)).unwrap()))
        .collect();
    files.push(("list.csv".into(), rows.into_bytes()));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let inputs = fixture(&refs);
    let out = tempfile::tempdir().unwrap();
    let run = credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path().join("list.csv"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("list.csv:8: 2 field(s) where the header has 5"),
        "{stderr}"
    );
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.rows.len(), 6);
    assert_eq!(articles.rows[5]["article"], "inline");
    assert_eq!(articles.rows[5]["story"], "other");
    // The folder run and the manifest run agree on every article's score.
    let folder = score_sample();
    let by_folder = read_csv(&folder.path().join("articles.csv"));
    for (a, b) in by_folder.rows.iter().zip(&articles.rows) {
        assert_eq!(a["credibility"], b["credibility"]);
    }
}

#[test]
fn a_manifest_without_text_or_path_is_a_one_line_error_and_nothing_is_written() {
    let inputs = fixture(&[("list.csv", b"id,source,body\n1,A,Text\n")]);
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report");
    credence()
        .args(["score", "--out"])
        .arg(&target)
        .arg(inputs.path().join("list.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "needs a `text` or a `path` column",
        ))
        .stderr(predicates::function::function(|s: &str| {
            s.lines().count() == 1
        }));
    assert!(!target.exists());
}

/// `text` as UTF-16 little-endian behind its byte order mark.
fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes
}

#[test]
fn utf16_with_bom_and_crlf_utf8_are_read_and_offsets_point_into_the_file() {
    let text = "Analysts say the deal is worth $50 billion.\r\nIt closed on Monday.\r\n";
    let utf16 = utf16le_with_bom(text);
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend(text.as_bytes());
    let inputs = fixture(&[("s/a16.txt", &utf16), ("s/b8.txt", &bom_crlf)]);
    let out = tempfile::tempdir().unwrap();
    let run = credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(inputs.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        stderr.contains("a16.txt") && stderr.contains("UTF-16LE"),
        "{stderr}"
    );
    let findings = read_csv(&out.path().join("findings.csv"));
    let vague = findings
        .rows
        .iter()
        .find(|r| r["article"] == "s/b8.txt" && r["kind"] == "vague_citation")
        .expect("a vague citation in the UTF-8 file");
    let (start, end): (usize, usize) = (
        vague["start"].parse().unwrap(),
        vague["end"].parse().unwrap(),
    );
    assert_eq!(&bom_crlf[start..end], b"Analysts say");
    assert!(findings.rows.iter().any(|r| r["article"] == "s/a16.txt"));
}

#[test]
fn a_front_matter_story_is_read_in_utf16_and_behind_a_byte_order_mark() {
    let front = "---\r\nstory: merger\r\n---\r\nAnalysts say the deal is worth $50 billion.\r\n";
    let utf16 = utf16le_with_bom(front);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(front.as_bytes());
    let inputs = fixture(&[
        ("elsewhere/a16.txt", &utf16),
        ("elsewhere/b8.md", &bom),
        (
            "elsewhere/plain.txt",
            b"--- not front matter, a dash rule\nThe deal closed.",
        ),
        (
            "merger/c.txt",
            b"The deal is worth $50 billion, officials said.",
        ),
    ]);
    let out = score(inputs.path());
    let articles = read_csv(&out.path().join("articles.csv"));
    let story_of = |id: &str| {
        articles
            .rows
            .iter()
            .find(|r| r["article"] == id)
            .unwrap_or_else(|| panic!("{id} is scored"))["story"]
            .clone()
    };
    assert_eq!(story_of("elsewhere/a16.txt"), "merger");
    assert_eq!(story_of("elsewhere/b8.md"), "merger");
    assert_eq!(story_of("merger/c.txt"), "merger");
    assert_eq!(story_of("elsewhere/plain.txt"), "elsewhere");
}

#[test]
fn merged_shards_have_the_totals_of_one_run() {
    // Five stories: the sample and the fixtures; shards split them 2 + 3.
    let stories = fixture(&[]);
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    };
    let all = stories.path().join("all");
    copy(&sample_stories().join(STORY), &all.join(STORY));
    for (fixture_dir, story) in [
        ("weighted-majority", "bridge"),
        ("negation-conflict", "league"),
        ("quote-corroboration", "taxes"),
        ("stale-claim-undated", "factory"),
    ] {
        copy(
            &repo().join("tests/fixtures").join(fixture_dir).join(story),
            &all.join(story),
        );
    }
    let shard = |names: &[&str]| {
        let dir = stories.path().join(names.join("+"));
        for name in names {
            copy(&all.join(name), &dir.join(name));
        }
        score(&dir)
    };
    let one = score(&all);
    let first = shard(&[STORY, "bridge"]);
    let second = shard(&["league", "taxes", "factory"]);
    let merged = tempfile::tempdir().unwrap();
    credence()
        .args(["merge", "-q", "--out"])
        .arg(merged.path())
        .arg(first.path())
        .arg(second.path())
        .assert()
        .success();
    for name in [
        "sources.csv",
        "articles.csv",
        "findings.csv",
        "totals.jsonl",
    ] {
        assert_eq!(
            std::fs::read_to_string(one.path().join(name)).unwrap(),
            std::fs::read_to_string(merged.path().join(name)).unwrap(),
            "{name}"
        );
    }
    // A folder that is not a report is refused.
    credence()
        .args(["merge"])
        .arg(stories.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a credence report folder"));
}

#[test]
fn output_is_the_same_for_any_thread_count_with_cluster() {
    let mut jsonl = sample_jsonl("");
    jsonl = jsonl.replace("\"story\":\"\",", "");
    let inputs = fixture(&[("day.jsonl", jsonl.as_bytes())]);
    let run = |threads: &str| {
        let out = tempfile::tempdir().unwrap();
        credence()
            .args(["score", "-q", "--cluster", "--threads", threads, "--out"])
            .arg(out.path())
            .arg(inputs.path().join("day.jsonl"))
            .assert()
            .success();
        (
            std::fs::read(out.path().join("articles.csv")).unwrap(),
            std::fs::read(out.path().join("findings.csv")).unwrap(),
        )
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    let articles = String::from_utf8(one.0).unwrap();
    assert!(
        articles.lines().skip(1).all(|l| l.starts_with("auto-")),
        "{articles}"
    );
}
