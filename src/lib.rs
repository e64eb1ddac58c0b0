//! credence scores news articles, and the outlets that publish them, for credibility.
//!
//! ```text
//! ingest  ->  text  ->  extract  ->  align  ->  score  ->  report
//! files       clean,    claims,      match      article    sources.csv
//!             sentences attributions claims     and        articles.csv
//!                       (rules/)     per story  source     findings.csv
//! ```
//!
//! Each stage is a module with one entry point; data flows one way. The rules
//! (`rules`) are data, loaded and checked (`check`) before any stage runs.
//! `run` calls the stages in order; the binary only parses arguments, calls
//! it, prints and exits.
//!
//! `explain` renders one article of a finished run (its scores, its text with
//! every finding marked, the other sources' values) for `credence explain`.

// Library code reports errors; it never unwraps (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod align;
pub mod allocator;
pub mod check;
pub mod cluster;
pub mod error;
pub mod explain;
pub mod extract;
pub mod ingest;
pub mod report;
pub mod rules;
pub mod score;
pub mod text;
pub mod words;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Location, Warning};
use crate::ingest::Article;
use crate::rules::RuleSet;
use crate::score::{ArticleScore, Finding, SourceScore};

/// Loads the built-in rules, or those of `dir`, and runs every example of
/// every rule that compiled; all problems are reported together.
pub fn load_rules(dir: Option<&Path>) -> Result<RuleSet, Error> {
    let mut partial = match dir {
        Some(dir) => RuleSet::dir_partial(dir)?,
        None => RuleSet::builtin_partial(),
    };
    let problems = check::examples(
        &partial.citations,
        partial.text.as_ref(),
        partial.claims.as_ref(),
        partial.contrasts.as_ref(),
    );
    partial.problems.extend(problems);
    partial.finish()
}

/// Everything a run produced, indexed by article in input order.
#[derive(Debug, Default)]
pub struct Outcome {
    pub articles: Vec<Article>,
    /// The front matter title, else the article's first headline-like line.
    pub titles: Vec<String>,
    pub scores: Vec<ArticleScore>,
    pub findings: Vec<Vec<Finding>>,
    /// Sorted by source name.
    pub sources: Vec<SourceScore>,
    pub warnings: Vec<Warning>,
}

impl Outcome {
    /// Article indices in report order: by story, then id.
    pub fn order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.articles.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.articles[a], &self.articles[b]);
            (&a.story, &a.id).cmp(&(&b.story, &b.id))
        });
        order
    }

    /// Appends another group's outcome (of other stories); `sources` are left
    /// for the caller to recompute over everything.
    pub fn absorb(&mut self, other: Outcome) {
        let offset = self.articles.len();
        self.articles.extend(other.articles);
        self.titles.extend(other.titles);
        self.scores.extend(other.scores);
        self.findings
            .extend(other.findings.into_iter().map(|mut findings| {
                for f in &mut findings {
                    f.article += offset;
                    for (other, _) in &mut f.related {
                        *other += offset;
                    }
                }
                findings
            }));
        self.warnings.extend(other.warnings);
    }

    /// Whether any input was left out.
    pub fn skipped_inputs(&self) -> usize {
        self.warnings.iter().filter(|w| w.skipped).count()
    }
}

/// How a run reads its inputs.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub ingest: ingest::Options,
    /// Group articles whose input names no story by their content (`--cluster`).
    pub cluster: bool,
}

/// Plans a run: every article of `inputs`, with its story; with
/// `options.cluster`, articles whose input names no story are grouped by
/// content first (see `cluster`).
pub fn plan(
    inputs: &[PathBuf],
    options: &RunOptions,
    rules: &RuleSet,
) -> Result<ingest::Plan, Error> {
    let mut plan = ingest::plan(inputs, &options.ingest)?;
    if options.cluster {
        group_stories(&mut plan, rules);
    }
    Ok(plan)
}

/// Names a story for every planned article that has none, by grouping their
/// texts (title and body) by content. Their texts are held only while this
/// runs. Returns how many stories were made.
pub fn group_stories(plan: &mut ingest::Plan, rules: &RuleSet) -> usize {
    let unnamed: Vec<usize> = (0..plan.entries.len())
        .filter(|&i| plan.entries[i].story.is_none())
        .collect();
    let loaded: Vec<(usize, String)> = unnamed
        .par_iter()
        .filter_map(|&i| {
            // An article that cannot be read is reported when the run loads it.
            let (article, _) = plan.load(&plan.entries[i]).ok()?;
            let title = article.title.as_deref().unwrap_or("");
            Some((
                i,
                format!("{title}\n{}", &article.text[article.body.clone()]),
            ))
        })
        .collect();
    let texts: Vec<&str> = loaded.iter().map(|(_, text)| text.as_str()).collect();
    let found = cluster::cluster(&texts, &rules.cluster);
    for (k, (i, _)) in loaded.iter().enumerate() {
        plan.entries[*i].story = Some(found.name_of(k).to_string());
    }
    found.names.len()
}

/// Most articles, and bytes of text, loaded at once unless one story is larger.
const GROUP_ARTICLES: usize = 2_000;
const GROUP_BYTES: u64 = 16 << 20;

/// The planned articles in groups of whole stories, in story order: each
/// group is loaded, scored and reported before the next, so memory follows
/// the largest story, not the corpus. Groups do not depend on the number of
/// threads, so neither does the output.
pub fn story_groups(plan: &ingest::Plan) -> Vec<Vec<usize>> {
    let mut stories: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, entry) in plan.entries.iter().enumerate() {
        stories.entry(entry.story()).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let (mut articles, mut bytes) = (0, 0);
    for members in stories.into_values() {
        let story_bytes: u64 = members.iter().map(|&i| plan.entries[i].bytes).sum();
        let full = articles >= GROUP_ARTICLES || bytes >= GROUP_BYTES;
        match groups.last_mut() {
            Some(group) if !full => group.extend(members.iter().copied()),
            _ => {
                groups.push(members.clone());
                (articles, bytes) = (0, 0);
            }
        }
        articles += members.len();
        bytes += story_bytes;
    }
    groups
}

/// Loads and scores one group of whole stories.
pub fn score_group(plan: &ingest::Plan, group: &[usize], rules: &RuleSet) -> Outcome {
    let batch = plan.load_many(group);
    score_articles(batch.articles, batch.warnings, rules)
}

/// Scores every article under `inputs`. Stories are independent, so they run
/// in parallel on rayon's current pool; the result does not depend on the
/// number of threads.
pub fn run(inputs: &[PathBuf], rules: &RuleSet) -> Result<Outcome, Error> {
    let batch = ingest::read_inputs(inputs)?;
    Ok(score_articles(batch.articles, batch.warnings, rules))
}

/// Scores articles already read (by `ingest`, or built in memory by a caller).
///
/// A panic is a bug of ours, but one story that triggers it must not end a
/// batch of millions: the stories are then tried one at a time, those that
/// panic are left out with a warning naming them, and the rest are scored
/// as if they had been alone (stories are independent, so their scores are
/// the same).
pub fn score_articles(
    articles: Vec<Article>,
    mut warnings: Vec<Warning>,
    rules: &RuleSet,
) -> Outcome {
    let together = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        score_together(&articles, rules)
    }));
    if let Ok(scored) = together {
        return scored.into_outcome(articles, warnings);
    }
    let mut stories: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        stories.entry(article.story.as_str()).or_default().push(i);
    }
    let mut failed: Vec<bool> = vec![false; articles.len()];
    for (story, members) in &stories {
        let alone: Vec<Article> = members.iter().map(|&i| articles[i].clone()).collect();
        let tried = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            score_together(&alone, rules)
        }));
        if let Err(payload) = tried {
            let what = error::panic_message(payload.as_ref());
            let first = &articles[members[0]];
            warnings.push(Warning::skipped(
                Location::file(&first.path),
                format!(
                    "story `{story}`: internal error while scoring it ({what}); its {} article(s) \
                     were left out; please report it with the input",
                    members.len()
                ),
            ));
            members.iter().for_each(|&i| failed[i] = true);
        }
    }
    let kept: Vec<Article> = articles
        .into_iter()
        .zip(failed)
        .filter_map(|(article, failed)| (!failed).then_some(article))
        .collect();
    // What is left holds no story that panicked alone; should it panic all
    // the same, that is a bug no retry can hide.
    score_together(&kept, rules).into_outcome(kept, warnings)
}

/// What scoring adds to the articles, before they join it in an `Outcome`.
struct Scored {
    titles: Vec<String>,
    scores: Vec<ArticleScore>,
    findings: Vec<Vec<Finding>>,
    sources: Vec<SourceScore>,
}

impl Scored {
    fn into_outcome(self, articles: Vec<Article>, warnings: Vec<Warning>) -> Outcome {
        Outcome {
            articles,
            titles: self.titles,
            scores: self.scores,
            findings: self.findings,
            sources: self.sources,
            warnings,
        }
    }
}

/// Every stage after `ingest`, over articles of whole stories.
fn score_together(articles: &[Article], rules: &RuleSet) -> Scored {
    #[cfg(debug_assertions)]
    fail_for_tests(articles);
    let docs: Vec<text::Doc> = articles
        .par_iter()
        .map(|article| text::prepare(article, &rules.text))
        .collect();
    let scans = extract::scan_documents(&docs, &rules.citations);
    let prepared: Vec<(text::Doc, extract::Extraction)> = docs
        .into_par_iter()
        .zip(scans)
        .zip(articles)
        .map(|((doc, scan), article)| {
            let extraction = extract::extract_scanned(&doc, rules, article.published_date(), scan);
            (doc, extraction)
        })
        .collect();

    let mut stories: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, article) in articles.iter().enumerate() {
        stories.entry(article.story.as_str()).or_default().push(i);
    }
    let per_story: Vec<Vec<(usize, Vec<Finding>)>> = stories
        .par_iter()
        .map(|(_, members)| {
            let inputs: Vec<align::ArticleInput> = members
                .iter()
                .map(|&i| align::ArticleInput {
                    source: &articles[i].source,
                    published: articles[i].published_date(),
                    extraction: &prepared[i].1,
                })
                .collect();
            let alignment = align::align(&inputs, rules);
            // Each article's verdicts, in the order align gave them, sorted
            // out in one pass: filtering the story's list once per article
            // grew with the square of a story's size.
            let mut verdicts: Vec<Vec<&align::ClaimVerdict>> = vec![Vec::new(); members.len()];
            for v in &alignment.claims {
                if let Some(mine) = verdicts.get_mut(v.article) {
                    mine.push(v);
                }
            }
            let mut copies: Vec<Vec<&align::CopyVerdict>> = vec![Vec::new(); members.len()];
            for c in &alignment.copies {
                if let Some(mine) = copies.get_mut(c.article) {
                    mine.push(c);
                }
            }
            members
                .iter()
                .zip(verdicts.iter().zip(&copies))
                .map(|(&i, (verdicts, copies))| {
                    (
                        i,
                        score::findings(i, &prepared[i].1, verdicts, copies, members, rules),
                    )
                })
                .collect()
        })
        .collect();
    let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); articles.len()];
    for (i, article_findings) in per_story.into_iter().flatten() {
        findings[i] = article_findings;
    }

    let scores: Vec<ArticleScore> = (0..articles.len())
        .into_par_iter()
        .map(|i| score::score_article(prepared[i].1.words, &findings[i], &rules.scoring))
        .collect();
    let sources = score::score_sources(
        articles.iter().enumerate().map(|(i, a)| {
            (
                a.source.as_str(),
                a.story.as_str(),
                prepared[i].1.words,
                findings[i].as_slice(),
            )
        }),
        &rules.scoring,
    );
    let titles = articles
        .iter()
        .zip(&prepared)
        .map(|(a, (doc, _))| {
            a.title
                .clone()
                .or_else(|| doc.headline.clone())
                .unwrap_or_default()
        })
        .collect();
    Scored {
        titles,
        scores,
        findings,
        sources,
    }
}

/// In debug builds only (as `cargo test` builds the binary), a story named
/// in `CREDENCE_PANIC_IN_STORY` panics, so that the tests can show what a
/// bug in one story does to a batch.
#[cfg(debug_assertions)]
fn fail_for_tests(articles: &[Article]) {
    if let Some(story) = std::env::var_os("CREDENCE_PANIC_IN_STORY")
        && articles.iter().any(|a| story == a.story.as_str())
    {
        panic!("CREDENCE_PANIC_IN_STORY");
    }
}
