//! The bundled sample story, scored through the binary as a user runs it.

mod common;

use common::*;

const SOURCES: &[&str] = &[
    "source",
    "articles",
    "stories",
    "words",
    "claims",
    "corroborated",
    "conflicting",
    "unique",
    "vague_citations",
    "named_citations",
    "corroboration",
    "conflict",
    "vagueness",
    "credibility",
    "top_reasons",
];
const ARTICLES: &[&str] = &[
    "story",
    "article",
    "source",
    "title",
    "words",
    "claims",
    "corroborated",
    "conflicting",
    "unique",
    "vague_citations",
    "named_citations",
    "corroboration",
    "conflict",
    "vagueness",
    "credibility",
    "top_reasons",
];
const FINDINGS: &[&str] = &[
    "story", "article", "source", "kind", "rule", "start", "end", "line", "excerpt", "detail",
    "related",
];

#[test]
fn writes_the_three_reports_with_the_documented_columns() {
    let out = score_sample();
    for (file, columns) in [
        ("sources.csv", SOURCES),
        ("articles.csv", ARTICLES),
        ("findings.csv", FINDINGS),
    ] {
        let table = read_csv(&out.path().join(file));
        assert_eq!(table.header, columns, "{file}");
        assert!(!table.rows.is_empty(), "{file} has rows");
    }
    let articles = read_csv(&out.path().join("articles.csv"));
    assert_eq!(articles.rows.len(), 5);
    for row in &articles.rows {
        for column in ["corroboration", "conflict", "vagueness"] {
            let v: f64 = row[column].parse().unwrap();
            assert!(
                (0.0..=1.0).contains(&v) && row[column].split('.').nth(1).unwrap().len() == 3,
                "{column} = {}",
                row[column]
            );
        }
        let credibility: f64 = row["credibility"].parse().unwrap();
        assert!(
            (0.0..=100.0).contains(&credibility)
                && row["credibility"].split('.').nth(1).unwrap().len() == 1
        );
    }
    // Sources named in front matter, or else the file stem.
    let sources: Vec<String> = read_csv(&out.path().join("sources.csv"))
        .rows
        .iter()
        .map(|r| r["source"].clone())
        .collect();
    assert!(
        sources.contains(&"TechDrop".to_string()) && sources.contains(&"Chip Beat".to_string()),
        "{sources:?}"
    );
}

#[test]
fn article_004_scores_lowest() {
    let out = score_sample();
    let articles = read_csv(&out.path().join("articles.csv"));
    let credibility = |prefix: &str| -> f64 {
        let id = sample_article(prefix).0;
        articles.rows.iter().find(|r| r["article"] == id).unwrap()["credibility"]
            .parse()
            .unwrap()
    };
    let lowest = credibility("004");
    for other in ["000", "001", "002", "003"] {
        assert!(
            credibility(other) > lowest,
            "{other}: {} <= 004: {lowest}",
            credibility(other)
        );
    }
}

/// Finds the exact byte span of `phrase` in the article's file (case-insensitive, first match).
fn span_of(text: &str, phrase: &str) -> (usize, usize) {
    let start = text
        .to_lowercase()
        .find(&phrase.to_lowercase())
        .unwrap_or_else(|| panic!("{phrase:?} in sample"));
    (start, start + phrase.len())
}

fn findings_in(
    out: &tempfile::TempDir,
    article: &str,
) -> Vec<std::collections::HashMap<String, String>> {
    read_csv(&out.path().join("findings.csv"))
        .rows
        .into_iter()
        .filter(|r| r["article"] == article)
        .collect()
}

#[test]
fn vague_citations_are_found_with_their_exact_spans() {
    let out = score_sample();
    let expected = [
        ("004", "a 2023 TechCrunch article"),
        ("004", "a 2023 Gartner report"),
        ("004", "a 2023 McKinsey report"),
        ("004", "a 2023 IDC report"),
        ("004", "a 2023 Wall Street Journal article"),
        ("004", "a 2023 Economist article"),
        ("004", "a 2023 Deloitte report"),
        ("004", "a 2023 Forbes article"),
        ("004", "Some developers argue"),
        ("000", "industry analysts view"),
        ("000", "Analysts point out"),
        ("001", "Analysts noted"),
    ];
    for (prefix, phrase) in expected {
        let (id, text) = sample_article(prefix);
        let (start, end) = span_of(&text, phrase);
        let rows = findings_in(&out, &id);
        let hit = rows
            .iter()
            .find(|r| r["start"] == start.to_string() && r["end"] == end.to_string());
        let hit =
            hit.unwrap_or_else(|| panic!("{prefix}: no finding at {start}..{end} for {phrase:?}"));
        assert_eq!(hit["kind"], "vague_citation", "{phrase}");
        let line = text[..start].matches('\n').count() + 1;
        assert_eq!(hit["line"], line.to_string(), "{phrase}");
        assert!(
            hit["excerpt"].contains(&text[start..end]),
            "{phrase}: excerpt {:?}",
            hit["excerpt"]
        );
    }
    let (id, _) = sample_article("004");
    let dated = findings_in(&out, &id)
        .into_iter()
        .filter(|r| r["rule"] == "vague.dated-report")
        .count();
    assert_eq!(dated, 8, "eight 'a 2023 ...' citations in 004");
}

#[test]
fn named_attributions_are_named_not_vague() {
    let out = score_sample();
    for (prefix, phrase) in [
        ("000", "UBS analysts noted"),
        ("000", "The Financial Times reported"),
        ("002", "first reported by Ars Technica"),
        (
            "002",
            "according to OpenAI Chief Revenue Officer Denise Dresser",
        ),
    ] {
        let (id, text) = sample_article(prefix);
        let (start, end) = span_of(&text, phrase);
        let rows = findings_in(&out, &id);
        let overlapping: Vec<_> = rows
            .iter()
            .filter(|r| r["kind"].ends_with("citation"))
            .filter(|r| {
                r["start"].parse::<usize>().unwrap() < end
                    && start < r["end"].parse::<usize>().unwrap()
            })
            .collect();
        assert!(!overlapping.is_empty(), "{phrase}: not found");
        for r in overlapping {
            assert_eq!(r["kind"], "named_citation", "{phrase}: {r:?}");
        }
    }
    // Nothing in 002's named sourcing is flagged vague.
    let (id, _) = sample_article("002");
    let vague: Vec<_> = findings_in(&out, &id)
        .into_iter()
        .filter(|r| r["kind"] == "vague_citation")
        .collect();
    assert!(vague.is_empty(), "{vague:?}");
}

#[test]
fn the_outlier_figure_conflicts_with_the_majority() {
    let out = score_sample();
    let (id, text) = sample_article("004");
    let (start, end) = span_of(&text, "$1.5 billion");
    let rows = findings_in(&out, &id);
    let finding = rows
        .iter()
        .find(|r| r["start"] == start.to_string() && r["end"] == end.to_string())
        .expect("$1.5 billion finding");
    assert_eq!(finding["kind"], "conflict");
    for majority in ["000", "001", "002"] {
        let other = sample_article(majority).0;
        assert!(
            finding["related"].contains(&format!("{other}: $50")),
            "{majority} in {:?}",
            finding["related"]
        );
    }
}

#[test]
fn the_majority_figure_is_corroborated() {
    let out = score_sample();
    for prefix in ["000", "001", "002"] {
        let (id, _) = sample_article(prefix);
        let rows = findings_in(&out, &id);
        let fifty = rows
            .iter()
            .find(|r| {
                r["detail"]
                    .to_lowercase()
                    .starts_with("figure: $50 billion")
            })
            .unwrap_or_else(|| panic!("{prefix}: $50 billion"));
        assert_eq!(fifty["kind"], "corroborated", "{prefix}");
        assert!(!fifty["related"].is_empty());
    }
}

#[test]
fn two_runs_and_any_thread_count_give_the_same_bytes() {
    let runs: Vec<tempfile::TempDir> = ["1", "2", "1"]
        .iter()
        .map(|threads| {
            let out = tempfile::tempdir().unwrap();
            credence()
                .args(["score", "-q", "--threads", threads, "--out"])
                .arg(out.path())
                .arg(sample_stories())
                .assert()
                .success();
            out
        })
        .collect();
    for file in ["sources.csv", "articles.csv", "findings.csv"] {
        let first = std::fs::read(runs[0].path().join(file)).unwrap();
        for run in &runs[1..] {
            assert_eq!(
                first,
                std::fs::read(run.path().join(file)).unwrap(),
                "{file}"
            );
        }
    }
}

#[test]
fn without_out_sources_csv_goes_to_stdout() {
    let out = score_sample();
    let assert = credence()
        .args(["score", "-q"])
        .arg(sample_stories())
        .assert()
        .success();
    assert_eq!(
        assert.get_output().stdout,
        std::fs::read(out.path().join("sources.csv")).unwrap()
    );
}

#[test]
fn the_summary_names_top_and_bottom_sources_unless_quiet() {
    let out = tempfile::tempdir().unwrap();
    let assert = credence()
        .args(["score", "--out"])
        .arg(out.path())
        .arg(sample_stories())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("scored 5 article(s) from 5 source(s) in 1 story"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Chip Beat") && stderr.contains("004_5e93423ad06b5a5a"),
        "{stderr}"
    );
    let quiet = credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg(sample_stories())
        .assert()
        .success();
    assert!(quiet.get_output().stderr.is_empty());
}

/// Credibility of the sample article whose file starts with `prefix`.
fn credibility(out: &tempfile::TempDir, prefix: &str) -> f64 {
    let id = sample_article(prefix).0;
    let articles = read_csv(&out.path().join("articles.csv"));
    articles.rows.iter().find(|r| r["article"] == id).unwrap()["credibility"]
        .parse()
        .unwrap()
}

#[test]
fn the_best_sourced_accounts_outscore_the_contradicted_ones() {
    let out = score_sample();
    for better in ["000", "002"] {
        for worse in ["001", "004"] {
            assert!(
                credibility(&out, better) > credibility(&out, worse),
                "{better} > {worse}"
            );
        }
    }
}

#[test]
fn exclusive_rights_conflict_with_the_account_that_exclusivity_ended() {
    let out = score_sample();
    let (id, text) = sample_article("001");
    let (start, _) = span_of(&text, "exclusive rights");
    let rows = findings_in(&out, &id);
    let finding = rows
        .iter()
        .find(|r| r["start"] == start.to_string())
        .expect("a finding at 'exclusive rights'");
    assert_eq!(finding["kind"], "conflict", "{finding:?}");
    let named = ["000", "002", "003"]
        .iter()
        .filter(|p| finding["related"].contains(&sample_article(p).0))
        .count();
    assert!(
        named >= 2,
        "related names at least two of 000, 002, 003: {}",
        finding["related"]
    );
}

#[test]
fn through_2032_is_corroborated_in_002_and_003() {
    let out = score_sample();
    for prefix in ["002", "003"] {
        let (id, text) = sample_article(prefix);
        let start = text.find("through 2032").unwrap() + "through ".len();
        let rows = findings_in(&out, &id);
        let finding = rows
            .iter()
            .find(|r| r["start"] == start.to_string())
            .unwrap_or_else(|| panic!("{prefix}: 2032"));
        assert_eq!(finding["kind"], "corroborated", "{prefix}");
    }
}

#[test]
fn the_credit_line_of_003_is_noted() {
    let out = score_sample();
    let (id, _) = sample_article("003");
    let rows = findings_in(&out, &id);
    let credit = rows
        .iter()
        .find(|r| r["kind"] == "copy")
        .expect("a copy finding");
    assert_eq!(credit["rule"], "copy.credit");
    assert!(credit["detail"].contains("The Next Platform"), "{credit:?}");
    assert!(credit["excerpt"].contains("Originally reported by The Next Platform"));
}

#[test]
fn every_conflict_and_corroboration_names_its_related_articles() {
    let out = score_sample();
    let findings = read_csv(&out.path().join("findings.csv"));
    let mut seen = 0;
    for row in findings
        .rows
        .iter()
        .filter(|r| r["kind"] == "conflict" || r["kind"] == "corroborated")
    {
        seen += 1;
        assert!(!row["related"].is_empty(), "{row:?}");
    }
    assert!(seen >= 5);
}
