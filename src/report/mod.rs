//! Stage 6, report: scores and findings -> `sources.csv`, `articles.csv`,
//! `findings.csv`. The only module that knows CSV.
//!
//! Rows are sorted (sources by name, articles by story and id, findings by
//! article and offset); every text cell is made safe to open in a spreadsheet;
//! files are written under temporary names and renamed only when complete.

mod rows;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Outcome;
use crate::error::Error;
pub use rows::{ArticleRow, FindingRow, Row, SourceRow};
use rows::{fraction, points};

pub const SOURCES_CSV: &str = "sources.csv";
pub const ARTICLES_CSV: &str = "articles.csv";
pub const FINDINGS_CSV: &str = "findings.csv";

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

/// Writes the three reports into `dir` (created if missing). Either all three
/// files are replaced with complete new ones, or none is touched.
pub fn write_dir(dir: &Path, outcome: &Outcome) -> Result<(), Error> {
    check_dir(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let files: [(&str, Vec<u8>); 3] = [
        (SOURCES_CSV, sources_csv(outcome)?),
        (ARTICLES_CSV, articles_csv(outcome)?),
        (FINDINGS_CSV, findings_csv(outcome)?),
    ];
    let mut staged = Vec::new();
    for (name, bytes) in &files {
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        temp.write_all(bytes)
            .and_then(|_| temp.as_file().sync_all())
            .map_err(|e| Error::io(temp.path(), e))?;
        staged.push((temp, dir.join(name)));
    }
    // Only now, with every file complete on disk, do the old reports get replaced.
    for (temp, target) in staged {
        temp.persist(&target)
            .map_err(|e| Error::io(PathBuf::from(&target), e.error))?;
    }
    Ok(())
}

pub fn sources_csv(outcome: &Outcome) -> Result<Vec<u8>, Error> {
    let rows = outcome.sources.iter().map(|s| SourceRow {
        source: safe(&s.source),
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
        top_reasons: safe(&join(&s.reasons)),
    });
    to_csv(rows)
}

pub fn articles_csv(outcome: &Outcome) -> Result<Vec<u8>, Error> {
    let rows = outcome.order().into_iter().map(|i| {
        let (a, s) = (&outcome.articles[i], &outcome.scores[i]);
        ArticleRow {
            story: safe(&a.story),
            article: safe(&a.id),
            source: safe(&a.source),
            title: safe(&outcome.titles[i]),
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
            top_reasons: safe(&join(&s.reasons)),
        }
    });
    to_csv(rows)
}

pub fn findings_csv(outcome: &Outcome) -> Result<Vec<u8>, Error> {
    let mut rows = Vec::new();
    for i in outcome.order() {
        let article = &outcome.articles[i];
        for f in &outcome.findings[i] {
            let mut related: Vec<String> = f
                .related
                .iter()
                .map(|(other, value)| format!("{}: {}", outcome.articles[*other].id, value))
                .collect();
            if f.related_more > 0 {
                related.push(format!("and {} more", f.related_more));
            }
            rows.push(FindingRow {
                story: safe(&article.story),
                article: safe(&article.id),
                source: safe(&article.source),
                kind: f.kind.as_str().to_string(),
                rule: safe(&f.rule),
                start: f.span.start,
                end: f.span.end,
                line: crate::error::line_col(&article.text, f.span.start).0,
                excerpt: safe(&excerpt(&article.text, f.sentence.clone(), f.span.clone())),
                detail: safe(&f.detail),
                related: safe(&related.join("; ")),
            });
        }
    }
    to_csv(rows)
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
