//! Sentence-level precision and recall of `vague_citation` on the
//! hand-labelled FNC-1 sentences in `tests/eval/citations/` (see its README
//! and GUIDELINE). Not part of `cargo test`: run it with
//!
//! ```sh
//! cargo test --release --test eval_citations -- --ignored --nocapture
//! ```
//!
//! It needs `../shared/data/fnc-1/stories-train` (or `CREDENCE_FNC=DIR`). A
//! labelled sentence counts as flagged when any vague citation found in its
//! article overlaps it. `CREDENCE_EVAL_VERBOSE=1` lists every miss and false alarm.

mod common;

use common::fnc_stories;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use credence::rules::CitationKind;

struct Labelled {
    body: String,
    start: usize,
    end: usize,
    label: String,
    types: String,
    draw: String,
}

#[test]
#[ignore = "needs ../shared/data/fnc-1; run with --ignored"]
fn vague_citation_precision_and_recall() {
    // The rules were tuned on `labels.csv`; `holdout_labels.csv` was labelled
    // afterwards and never used for tuning: it is the honest estimate.
    for (name, file) in [
        ("tuning set", "labels.csv"),
        ("held-out set", "holdout_labels.csv"),
    ] {
        measure(name, file);
    }
}

fn measure(name: &str, file: &str) {
    let Some(dir) = fnc_stories() else {
        eprintln!("skipped: no FNC-1 stories");
        return;
    };
    // Body id -> file, from the stories' labels.
    let mut files: HashMap<String, PathBuf> = HashMap::new();
    let mut stories = csv::Reader::from_path(dir.join("labels.csv")).unwrap();
    for row in stories.records() {
        let row = row.unwrap();
        files
            .entry(row[2].to_string())
            .or_insert_with(|| dir.join(&row[1]).join(format!("{}.txt", &row[2])));
    }
    let labels_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval/citations")
        .join(file);
    let mut reader = csv::Reader::from_path(labels_path).unwrap();
    let rows: Vec<Labelled> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Labelled {
                body: r[0].to_string(),
                start: r[1].parse().unwrap(),
                end: r[2].parse().unwrap(),
                draw: r[3].to_string(),
                label: r[4].to_string(),
                types: r[5].to_string(),
            }
        })
        .collect();

    let rules = credence::load_rules(None).unwrap();
    let mut vague_spans: BTreeMap<String, Vec<(std::ops::Range<usize>, String)>> = BTreeMap::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for row in &rows {
        if vague_spans.contains_key(&row.body) {
            continue;
        }
        let batch = credence::ingest::read_inputs(&[files[&row.body].clone()]).unwrap();
        let article = &batch.articles[0];
        let doc = credence::text::prepare(article, &rules.text);
        let extraction = credence::extract::extract(&doc, &rules, None);
        let spans = extraction
            .citations
            .iter()
            .filter(|c| c.kind == CitationKind::Vague)
            .map(|c| (c.span.clone(), rules.citations.rules[c.rule].id.clone()))
            .collect();
        vague_spans.insert(row.body.clone(), spans);
        texts.insert(row.body.clone(), article.text.clone());
    }

    let verbose = std::env::var_os("CREDENCE_EVAL_VERBOSE").is_some();
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    let mut by_draw: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for row in &rows {
        let hits: Vec<&(std::ops::Range<usize>, String)> = vague_spans[&row.body]
            .iter()
            .filter(|(s, _)| s.start < row.end && row.start < s.end)
            .collect();
        let flagged = !hits.is_empty();
        let vague = row.label == "vague";
        let entry = by_draw.entry(row.draw.as_str()).or_default();
        match (flagged, vague) {
            (true, true) => {
                tp += 1;
                entry.0 += 1;
            }
            (true, false) => {
                fp += 1;
                entry.1 += 1;
            }
            (false, true) => {
                fneg += 1;
                entry.2 += 1;
            }
            (false, false) => {}
        }
        if verbose && flagged != vague {
            let text = &texts[&row.body][row.start..row.end];
            let what = if flagged {
                format!(
                    "FALSE ALARM {:?}",
                    hits.iter().map(|h| h.1.as_str()).collect::<Vec<_>>()
                )
            } else {
                format!("MISS [{}]", row.types)
            };
            println!(
                "{what} {}:{}: {}",
                row.body,
                row.start,
                text.replace('\n', " ")
            );
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fneg).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE);
    println!(
        "{name}: vague_citation on {} labelled sentences: precision {precision:.3} ({tp}/{}), recall {recall:.3} ({tp}/{}), F1 {f1:.3}",
        rows.len(),
        tp + fp,
        tp + fneg
    );
    for (draw, (tp, fp, fneg)) in by_draw {
        println!("  {draw}: tp {tp}, false alarms {fp}, misses {fneg}");
    }
    assert!(tp > 0);
}
