//! Citation context through the binary: quotations, pronouns, stale sources,
//! and per-type reasons.

mod common;

use common::*;

fn findings_of(files: &[(&str, &[u8])]) -> Vec<std::collections::HashMap<String, String>> {
    let inputs = fixture(files);
    let out = score(inputs.path());
    read_csv(&out.path().join("findings.csv")).rows
}

#[test]
fn words_inside_a_quotation_belong_to_the_speaker() {
    let rows = findings_of(&[(
        "s/a.txt",
        b"---\nsource: A\n---\n\"Sources say he quit, and experts believe it,\" the mayor's office said in a statement.\n",
    )]);
    let vague: Vec<_> = rows
        .iter()
        .filter(|r| r["kind"] == "vague_citation")
        .collect();
    assert!(vague.is_empty(), "{vague:?}");
}

#[test]
fn pronouns_after_a_named_source_and_groups_that_act_are_not_vague() {
    let rows = findings_of(&[(
        "s/a.txt",
        b"---\nsource: A\n---\nJane Smith, the city's mayor, said the budget was balanced. She said taxes would not rise. The council hired analysts to review the plan.\n",
    )]);
    assert!(
        rows.iter().all(|r| r["kind"] != "vague_citation"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r["rule"] == "named.person"), "{rows:?}");
}

#[test]
fn a_source_dated_years_before_the_story_is_its_own_finding() {
    let text = b"---\nsource: A\npublished: 2026-03-01\n---\nThe firms signed the deal, and savings could reach 30%, according to a 2023 Gartner report.\n";
    let rows = findings_of(&[("s/a.txt", text)]);
    let at = |rule: &str| {
        rows.iter()
            .find(|r| r["rule"] == rule)
            .unwrap_or_else(|| panic!("{rule}: {rows:?}"))
    };
    let dated = at("vague.dated-report");
    let stale = at("vague.stale-source");
    assert_eq!(
        (dated["start"].as_str(), dated["end"].as_str()),
        (stale["start"].as_str(), stale["end"].as_str())
    );
    assert_eq!(stale["kind"], "vague_citation");
    // Without a year of its own, the article has nothing to compare against.
    let undated = findings_of(&[(
        "s/a.txt",
        b"---\nsource: A\n---\nSavings could reach 30%, according to a 2023 Gartner report.\n",
    )]);
    assert!(undated.iter().all(|r| r["rule"] != "vague.stale-source"));
}

#[test]
fn reasons_count_citations_by_type() {
    let out = score_sample();
    let articles = read_csv(&out.path().join("articles.csv"));
    let id = sample_article("004").0;
    let reasons = &articles.rows.iter().find(|r| r["article"] == id).unwrap()["top_reasons"];
    assert!(
        reasons.contains("vague.dated-report x8: document known only by its year"),
        "{reasons}"
    );
}
