//! Evaluation of `align` on the FNC-1 training stories (real news, with each
//! body's stance toward its story's claim). Not part of `cargo test`: run it
//! with
//!
//! ```sh
//! cargo test --release --test eval_align -- --ignored --nocapture
//! ```
//!
//! It needs `../shared/data/fnc-1/stories-train` (or `CREDENCE_FNC=DIR`) and
//! prints two measures:
//!
//! 1. Stance: in stories where a strict majority of the bodies with a stance
//!    agrees (or disagrees) and a minority takes the other side, the AUC of
//!    the article `conflict` score separating minority bodies from majority bodies.
//! 2. Planted conflicts: in stories where a figure appears in three or more
//!    bodies, the figure is changed (x1.5) in one body; how often the changed
//!    figure is a `conflict` finding, and how often the same figure in the
//!    untouched bodies is flagged.

mod common;

use common::fnc_stories;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use credence::extract::ClaimValue;
use credence::score::FindingKind;

fn labels(dir: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let mut reader = csv::Reader::from_path(dir.join("labels.csv")).unwrap();
    let mut stories: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        stories
            .entry(row[1].to_string())
            .or_default()
            .push((row[2].to_string(), row[3].to_string()));
    }
    stories
}

/// Probability that a random positive scores above a random negative (ties count half).
fn auc(positives: &[f64], negatives: &[f64]) -> f64 {
    let mut total = 0.0;
    for p in positives {
        for n in negatives {
            total += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    total / (positives.len() * negatives.len()) as f64
}

#[test]
#[ignore = "needs ../shared/data/fnc-1; run with --ignored"]
fn stance_minorities_score_higher_conflict() {
    let Some(dir) = fnc_stories() else {
        eprintln!("skipped: no FNC-1 stories");
        return;
    };
    let rules = credence::load_rules(None).unwrap();
    let (mut minority, mut majority) = (Vec::new(), Vec::new());
    let mut stories = 0;
    for (story, bodies) in labels(&dir) {
        let agree = bodies.iter().filter(|(_, s)| s == "agree").count();
        let disagree = bodies.iter().filter(|(_, s)| s == "disagree").count();
        if agree + disagree < 3 || agree == disagree || agree.min(disagree) == 0 {
            continue;
        }
        stories += 1;
        let minority_stance = if agree < disagree {
            "agree"
        } else {
            "disagree"
        };
        let outcome = credence::run(&[dir.join(&story)], &rules).unwrap();
        for (id, stance) in &bodies {
            if stance != "agree" && stance != "disagree" {
                continue;
            }
            let Some(i) = outcome
                .articles
                .iter()
                .position(|a| a.id == format!("{id}.txt"))
            else {
                continue;
            };
            let conflict = outcome.scores[i].scores.conflict;
            if stance == minority_stance {
                minority.push(conflict)
            } else {
                majority.push(conflict)
            }
        }
    }
    let value = auc(&minority, &majority);
    println!(
        "stance: {stories} stories, {} minority and {} majority bodies, AUC {value:.3}",
        minority.len(),
        majority.len()
    );
    assert!(
        value > 0.5,
        "conflict scores must separate minorities better than chance"
    );
}

/// For one figure: the articles giving it, with each mention's span and text.
type BodyMentions = BTreeMap<usize, Vec<(std::ops::Range<usize>, String)>>;

/// Rewrites every number in `surface` to 1.5 times its value (plus one when
/// small, so that 2 does not round back to 2), keeping its form.
fn changed(surface: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = surface;
    let mut any = false;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let end = start
            + rest[start..]
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .unwrap_or(rest.len() - start);
        let digits = rest[start..end].trim_end_matches(['.', ',']);
        let value: f64 = digits.replace(',', "").parse().ok()?;
        let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
        let new = value * 1.5
            + if decimals == 0 && value < 4.0 {
                1.0
            } else {
                0.0
            };
        let mut text = format!("{new:.decimals$}");
        if digits.contains(',') {
            let (int, frac) = text
                .split_once('.')
                .map_or((text.clone(), String::new()), |(i, f)| {
                    (i.to_string(), format!(".{f}"))
                });
            let grouped: Vec<String> = int
                .as_bytes()
                .rchunks(3)
                .rev()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            text = format!("{}{frac}", grouped.join(","));
        }
        out.push_str(&rest[..start]);
        out.push_str(&text);
        rest = &rest[start + digits.len()..];
        any = true;
    }
    out.push_str(rest);
    any.then_some(out)
}

#[test]
#[ignore = "needs ../shared/data/fnc-1; run with --ignored"]
fn planted_figures_conflict_and_untouched_ones_do_not() {
    let Some(dir) = fnc_stories() else {
        eprintln!("skipped: no FNC-1 stories");
        return;
    };
    let rules = credence::load_rules(None).unwrap();
    let (mut plants, mut detected, mut untouched, mut flagged) = (0, 0, 0, 0);
    for story in labels(&dir).keys() {
        let batch = credence::ingest::read_inputs(&[dir.join(story)]).unwrap();
        // Figures (not dates) given by three or more bodies, by unit and value.
        let mut bodies_of: BTreeMap<(String, u64), BodyMentions> = BTreeMap::new();
        for (a, article) in batch.articles.iter().enumerate() {
            let doc = credence::text::prepare(article, &rules.text);
            let extraction = credence::extract::extract(&doc, &rules, None);
            for claim in &extraction.claims {
                if let ClaimValue::Quantity(q) = &claim.value
                    && !q.unit.starts_with("date:")
                {
                    bodies_of
                        .entry((q.unit.clone(), q.value.to_bits()))
                        .or_default()
                        .entry(a)
                        .or_default()
                        .push((claim.span.clone(), claim.surface.clone()));
                }
            }
        }
        let mut figures: Vec<_> = bodies_of
            .into_iter()
            .filter(|(_, bodies)| bodies.len() >= 3)
            .collect();
        figures.sort_by_key(|(key, bodies)| (std::cmp::Reverse(bodies.len()), key.clone()));
        for (_, bodies) in figures.into_iter().take(2) {
            let (&target, mentions) = bodies.iter().next().unwrap();
            let article = &batch.articles[target];
            let mut text = article.text.clone();
            let mut spans = Vec::new();
            let mut ok = true;
            for (span, _) in mentions.iter().rev() {
                let Some(new) = changed(&text[span.clone()]) else {
                    ok = false;
                    break;
                };
                text.replace_range(span.clone(), &new);
                spans.push(span.start..span.start + new.len());
            }
            if !ok {
                continue;
            }
            let temp = tempfile::tempdir().unwrap();
            for other in &batch.articles {
                let content = if other.id == article.id {
                    &text
                } else {
                    &other.text
                };
                std::fs::write(temp.path().join(&other.id), content).unwrap();
            }
            let outcome = credence::run(&[temp.path().to_path_buf()], &rules).unwrap();
            let index = |id: &str| outcome.articles.iter().position(|a| a.id == id).unwrap();
            plants += 1;
            let planted = &outcome.findings[index(&article.id)];
            let hit = spans.iter().any(|s| {
                planted.iter().any(|f| {
                    f.kind == FindingKind::Conflict && f.span.start < s.end && s.start < f.span.end
                })
            });
            if hit {
                detected += 1;
            } else if std::env::var_os("CREDENCE_EVAL_VERBOSE").is_some() {
                let found: Vec<String> = planted
                    .iter()
                    .filter(|f| {
                        spans
                            .iter()
                            .any(|s| f.span.start < s.end && s.start < f.span.end)
                    })
                    .map(|f| format!("{} {}", f.kind.as_str(), f.detail))
                    .collect();
                println!(
                    "missed {story}/{}: {:?} -> {:?}",
                    article.id, mentions[0].1, found
                );
            }
            for (&other, mentions) in bodies.iter().skip(1) {
                untouched += 1;
                let findings = &outcome.findings[index(&batch.articles[other].id)];
                let covered: BTreeSet<usize> = mentions.iter().map(|(s, _)| s.start).collect();
                if findings
                    .iter()
                    .any(|f| f.kind == FindingKind::Conflict && covered.contains(&f.span.start))
                {
                    flagged += 1;
                }
            }
        }
    }
    let recall = detected as f64 / plants.max(1) as f64;
    let false_rate = flagged as f64 / untouched.max(1) as f64;
    println!(
        "planted: {plants} figures changed; {detected} found as conflicts ({:.1}%); untouched copies flagged {flagged} of {untouched} ({:.1}%)",
        recall * 100.0,
        false_rate * 100.0
    );
    assert!(plants > 0);
}
