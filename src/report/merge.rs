//! `credence merge`: combines the report folders of separate runs (shards of
//! an archive, split by story) into the reports one run over everything
//! would have written. Sources are re-scored from the runs' `totals.jsonl`,
//! not averaged from their `sources.csv`, so the totals are exact; article
//! and finding rows are combined and sorted by story and article.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{
    ARTICLES_CSV, ArticleRow, CsvOptions, FINDINGS_CSV, FindingRow, ReportWriter, Row,
    TOTALS_JSONL, Written,
};
use crate::error::{Error, Location, Warning};
use crate::rules::Scoring;
use crate::score::{SourceTotals, Totals};

/// Merges the report folders `runs` into `out` (or, without it, prints
/// nothing but returns `sources.csv`). Warns about a story found in more
/// than one run: its articles were scored apart, so the merge is not what
/// one run would give.
pub fn merge(
    runs: &[PathBuf],
    out: Option<&Path>,
    options: CsvOptions,
    scoring: &Scoring,
) -> Result<(Written, Vec<Warning>), Error> {
    let mut totals = Totals::default();
    let mut articles = Vec::new();
    let mut findings = Vec::new();
    let mut story_runs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (r, run) in runs.iter().enumerate() {
        for source in read_totals(run)? {
            totals.add_source(&source);
        }
        let rows = read_rows::<ArticleRow>(&run.join(ARTICLES_CSV))?;
        for row in &rows {
            let runs_of = story_runs.entry(row[0].to_string()).or_default();
            if runs_of.last() != Some(&r) {
                runs_of.push(r);
            }
        }
        articles.extend(rows);
        findings.extend(read_rows::<FindingRow>(&run.join(FINDINGS_CSV))?);
    }
    // Both tables start with `story, article`; a stable sort keeps each
    // article's findings in their order.
    let key = |row: &csv::StringRecord| (row[0].to_string(), row[1].to_string());
    articles.sort_by_key(key);
    findings.sort_by_key(key);
    let warnings = story_runs
        .iter()
        .filter(|(_, r)| r.len() > 1)
        .map(|(story, r)| {
            let names: Vec<String> = r.iter().map(|&i| runs[i].display().to_string()).collect();
            Warning::note(
                Location::file(&runs[r[0]]),
                format!(
                    "story {story:?} is in {} runs ({}); its articles were aligned apart, \
                     so the merge differs from one run over all of them",
                    r.len(),
                    names.join(", ")
                ),
            )
        })
        .collect();
    let mut writer = ReportWriter::new(out, options)?;
    writer.add_totals(&totals);
    writer.add_records(&articles, &findings)?;
    Ok((writer.finish(scoring)?, warnings))
}

fn read_totals(run: &Path) -> Result<Vec<SourceTotals>, Error> {
    let path = run.join(TOTALS_JSONL);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Error::Usage(format!(
                "{}: not a credence report folder (no {TOTALS_JSONL}; \
                 written by `credence score --out`)",
                run.display()
            ))
        } else {
            Error::io(&path, e)
        }
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            serde_json::from_str(line).map_err(|e| Error::Output {
                path: PathBuf::from(format!("{}:{}", path.display(), n + 1)),
                message: format!("not a source's totals: {e}"),
            })
        })
        .collect()
}

/// A report's rows, after checking that its header is the one credence writes.
fn read_rows<T: Row>(path: &Path) -> Result<Vec<csv::StringRecord>, Error> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::Output {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    if header != T::COLUMNS {
        return Err(Error::Output {
            path: path.to_path_buf(),
            message: format!(
                "not a credence report: its columns are {}",
                header.join(",")
            ),
        });
    }
    reader
        .records()
        .map(|r| {
            r.map_err(|e| Error::Output {
                path: PathBuf::from(format!(
                    "{}:{}",
                    path.display(),
                    e.position().map_or(0, |p| p.line())
                )),
                message: e.to_string(),
            })
        })
        .collect()
}
