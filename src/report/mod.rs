//! Stage 6, report: scores and findings -> `sources.csv`, `articles.csv`,
//! `findings.csv`, the same three tables as a workbook (`xlsx`), and the
//! summary table printed after a run (`table`). The only module that knows
//! CSV and spreadsheets.
//!
//! Rows are sorted (sources by name, articles by story and id, findings by
//! article and offset); every text cell is made safe to open in a spreadsheet;
//! files are written under temporary names and renamed only when complete.

mod merge;
mod rows;
mod stream;
mod table;
mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Outcome;
use crate::error::Error;
use crate::score::SourceScore;
pub use merge::merge;
pub use rows::{ArticleRow, Column, FindingRow, Kind, Row, SourceRow};
use rows::{fraction, points};
pub use stream::{ReportWriter, Written};
pub use table::source_table;
pub use xlsx::{check_xlsx_path, workbook, write_xlsx};

pub const SOURCES_CSV: &str = "sources.csv";
pub const ARTICLES_CSV: &str = "articles.csv";
pub const FINDINGS_CSV: &str = "findings.csv";
/// Each source's running totals, one JSON object per line: what `credence
/// merge` adds up to combine runs.
pub const TOTALS_JSONL: &str = "totals.jsonl";

/// The longest excerpt, in characters, before it is cut around the finding.
const EXCERPT_CHARS: usize = 400;

/// Fails if `dir` exists and is not a folder.
pub fn check_dir(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Output {
            path: dir.to_path_buf(),
            message: "exists and is not a folder".into(),
        });
    }
    Ok(())
}

/// The UTF-8 byte-order mark: Excel reads a CSV file as UTF-8 only when it
/// starts with one (otherwise as the system's code page, so "é" shows as "Ã©").
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How the CSV files are written.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvOptions {
    /// Start every CSV with a UTF-8 byte-order mark, for Excel.
    pub bom: bool,
}

/// Writes `parts` to a hidden temporary file in `dir`, named after `name`,
/// and syncs it; the caller renames it into place.
fn stage(dir: &Path, name: &str, parts: &[&[u8]]) -> Result<tempfile::NamedTempFile, Error> {
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    parts
        .iter()
        .try_for_each(|part| temp.write_all(part))
        .and_then(|_| temp.as_file().sync_all())
        .map_err(|e| Error::io(temp.path(), e))?;
    Ok(temp)
}

/// How a text cell is written: `safe` for CSV; as it is for the workbook,
/// whose text cells are typed as text and never run.
type TextCell = fn(&str) -> String;

/// The rows of `sources.csv` and of the workbook's Sources sheet.
fn source_rows(sources: &[SourceScore], text: TextCell) -> impl Iterator<Item = SourceRow> + '_ {
    sources.iter().map(move |s| SourceRow {
        source: text(&s.source),
        articles: s.articles,
        stories: s.stories,
        words: s.counts.words,
        claims: s.counts.claims,
        corroborated: s.counts.corroborated,
        conflicting: s.counts.conflicting,
        unique: s.counts.unique,
        vague_citations: s.counts.vague_citations,
        named_citations: s.counts.named_citations,
        corroboration: fraction(s.scores.corroboration),
        conflict: fraction(s.scores.conflict),
        vagueness: fraction(s.scores.vagueness),
        credibility: points(s.scores.credibility),
        top_reasons: text(&join(&s.reasons)),
    })
}

/// The rows of `articles.csv` and of the Articles sheet.
fn article_rows(outcome: &Outcome, text: TextCell) -> impl Iterator<Item = ArticleRow> + '_ {
    outcome.order().into_iter().map(move |i| {
        let (a, s) = (&outcome.articles[i], &outcome.scores[i]);
        ArticleRow {
            story: text(&a.story),
            article: text(&a.id),
            source: text(&a.source),
            title: text(&outcome.titles[i]),
            words: s.counts.words,
            claims: s.counts.claims,
            corroborated: s.counts.corroborated,
            conflicting: s.counts.conflicting,
            unique: s.counts.unique,
            vague_citations: s.counts.vague_citations,
            named_citations: s.counts.named_citations,
            corroboration: fraction(s.scores.corroboration),
            conflict: fraction(s.scores.conflict),
            vagueness: fraction(s.scores.vagueness),
            credibility: points(s.scores.credibility),
            top_reasons: text(&join(&s.reasons)),
        }
    })
}

/// The rows of `findings.csv` and of the Findings sheet.
fn finding_rows(outcome: &Outcome, text: TextCell) -> impl Iterator<Item = FindingRow> + '_ {
    outcome.order().into_iter().flat_map(move |i| {
        let article = &outcome.articles[i];
        let lines = LineIndex::new(&article.text);
        outcome.findings[i].iter().map(move |f| {
            let mut related: Vec<String> = f
                .related
                .iter()
                .map(|(other, value)| format!("{}: {}", outcome.articles[*other].id, value))
                .collect();
            if f.related_more > 0 {
                related.push(format!("and {} more", f.related_more));
            }
            FindingRow {
                story: text(&article.story),
                article: text(&article.id),
                source: text(&article.source),
                kind: f.kind.as_str().to_string(),
                rule: text(&f.rule),
                start: f.span.start,
                end: f.span.end,
                line: lines.line(f.span.start),
                excerpt: text(&excerpt(&article.text, f.sentence.clone(), f.span.clone())),
                detail: text(&f.detail),
                related: text(&related.join("; ")),
            }
        })
    })
}

/// Where each line of a text starts, so that the line of every finding
/// is found without reading the text again (a long article has thousands).
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// The 1-based line holding byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&newline| newline < offset) + 1
    }
}

fn to_csv<T: Row>(rows: impl IntoIterator<Item = T>) -> Result<Vec<u8>, Error> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(true)
        .from_writer(Vec::new());
    let mut wrote_header = false;
    for row in rows {
        writer.serialize(row).map_err(csv_error)?;
        wrote_header = true;
    }
    if !wrote_header {
        // serde writes headers only with the first row; an empty report still has them.
        writer.write_record(T::COLUMNS).map_err(csv_error)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv_error(e.into_error().into()))
}

fn csv_error(err: csv::Error) -> Error {
    Error::Output {
        path: PathBuf::from("<report>"),
        message: err.to_string(),
    }
}

fn join(reasons: &[crate::score::Reason]) -> String {
    reasons
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a
/// formula (and some also after a tab or carriage return); a leading
/// apostrophe makes it plain text in Excel, LibreOffice and Google Sheets.
pub fn safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The sentence around a finding, on one line, cut around the span if long.
fn excerpt(text: &str, sentence: std::ops::Range<usize>, span: std::ops::Range<usize>) -> String {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let whole = collapse(&text[sentence.clone()]);
    if whole.chars().count() <= EXCERPT_CHARS {
        return whole;
    }
    let half = EXCERPT_CHARS / 2;
    let mut start = span.start.saturating_sub(half).max(sentence.start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end + half).min(sentence.end);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = collapse(&text[start..end]);
    if start > sentence.start {
        out = format!("...{out}");
    }
    if end < sentence.end {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_counting_lines() {
        let text = "one\r\ntwo\n\nfour é\nfive";
        let lines = LineIndex::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                let counted = crate::error::line_col(text, offset).0;
                assert_eq!(lines.line(offset), counted, "offset {offset}");
            }
        }
    }

    #[test]
    fn dangerous_cells_are_neutralised_and_others_kept() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("plain", "plain"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(safe(cell), expected, "{cell:?}");
        }
    }

    /// serde's headers come from the struct fields; the contract is `COLUMNS`.
    #[test]
    fn serialised_headers_are_the_contract() {
        fn header<T: Row>(row: T) -> Vec<String> {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.serialize(row).unwrap();
            let bytes = w.into_inner().unwrap();
            let text = String::from_utf8(bytes).unwrap();
            text.lines()
                .next()
                .unwrap()
                .split(',')
                .map(str::to_string)
                .collect()
        }
        let source = SourceRow {
            source: String::new(),
            articles: 0,
            stories: 0,
            words: 0,
            claims: 0,
            corroborated: 0,
            conflicting: 0,
            unique: 0,
            vague_citations: 0,
            named_citations: 0,
            corroboration: String::new(),
            conflict: String::new(),
            vagueness: String::new(),
            credibility: String::new(),
            top_reasons: String::new(),
        };
        assert_eq!(header(source), SourceRow::COLUMNS);
        let article = ArticleRow {
            story: String::new(),
            article: String::new(),
            source: String::new(),
            title: String::new(),
            words: 0,
            claims: 0,
            corroborated: 0,
            conflicting: 0,
            unique: 0,
            vague_citations: 0,
            named_citations: 0,
            corroboration: String::new(),
            conflict: String::new(),
            vagueness: String::new(),
            credibility: String::new(),
            top_reasons: String::new(),
        };
        assert_eq!(header(article), ArticleRow::COLUMNS);
        let finding = FindingRow {
            story: String::new(),
            article: String::new(),
            source: String::new(),
            kind: String::new(),
            rule: String::new(),
            start: 0,
            end: 0,
            line: 0,
            excerpt: String::new(),
            detail: String::new(),
            related: String::new(),
        };
        assert_eq!(header(finding), FindingRow::COLUMNS);
    }

    #[test]
    fn long_excerpts_are_cut_around_the_span() {
        let text = format!("{} TARGET {}", "a ".repeat(400), "b ".repeat(400));
        let at = text.find("TARGET").unwrap();
        let out = excerpt(&text, 0..text.len(), at..at + 6);
        assert!(
            out.starts_with("...") && out.ends_with("...") && out.contains("TARGET"),
            "{out}"
        );
        assert!(out.chars().count() <= EXCERPT_CHARS + 10);
    }
}
