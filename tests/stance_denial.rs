//! The story's account rejected by saying its key event did not happen, with
//! no word calling it false: through the binary.

mod common;

use std::collections::HashMap;

use common::*;

type Row = HashMap<String, String>;

/// Findings of `fixture` with contrasts.toml rewritten by `edit`.
fn findings_with_contrasts(fixture: &str, edit: impl Fn(&str) -> String) -> Vec<Row> {
    findings_with_edited("contrasts.toml", fixture, edit)
}

fn account<'a>(rows: &'a [Row], article: &str) -> &'a Row {
    rows.iter()
        .find(|r| r["article"].ends_with(article) && r["detail"].starts_with("account:"))
        .unwrap_or_else(|| panic!("no account finding in {article}: {rows:#?}"))
}

#[test]
fn an_article_saying_the_key_event_did_not_happen_rejects_the_account() {
    // Three outlets: the actor takes the lead role in the space drama. The
    // fourth: he "has abandoned the space drama" and "dropped the lead
    // role", without calling anyone's report false.
    let out = score(&repo().join("tests/fixtures/denied-event"));
    let rows = read_csv(&out.path().join("findings.csv")).rows;
    let denier = account(&rows, "d-mirror.txt");
    assert_eq!(
        (denier["kind"].as_str(), denier["rule"].as_str()),
        ("conflict", "claim.conflict"),
        "{denier:?}"
    );
    assert!(
        denier["detail"].starts_with(
            "account: rejects the account: says what most articles report did not happen \
             (\"abandoned ... space drama\", 2 sentences)"
        ),
        "{denier:?}"
    );
    for giver in ["a-ledger.txt", "b-harbour.txt", "c-journal.txt"] {
        assert!(denier["related"].contains(giver), "{giver}: {denier:?}");
        assert_eq!(account(&rows, giver)["kind"], "corroborated");
    }
}

#[test]
fn without_the_rule_the_denial_goes_unread() {
    let rows = findings_with_contrasts("denied-event", |contrasts| {
        contrasts.replace("min_denial_sentences = 2", "min_denial_sentences = 0")
    });
    assert!(
        rows.iter()
            .all(|r| !(r["detail"].starts_with("account:") && r["kind"] == "conflict")),
        "{rows:#?}"
    );
}

#[test]
fn fewer_denials_than_the_rule_asks_do_not_reject() {
    let rows = findings_with_contrasts("denied-event", |contrasts| {
        contrasts.replace("min_denial_sentences = 2", "min_denial_sentences = 3")
    });
    assert!(
        rows.iter().all(|r| !(r["article"].ends_with("d-mirror.txt")
            && r["kind"] == "conflict"
            && r["detail"].starts_with("account:"))),
        "{rows:#?}"
    );
}
