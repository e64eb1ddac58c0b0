//! Reports written as a run goes: each group of stories adds its rows to
//! `articles.csv` and `findings.csv` (under temporary names) and its articles
//! to the sources' totals; `finish` writes `sources.csv` and `totals.jsonl`,
//! then renames all four into place at once. Nothing is renamed before
//! everything is complete, and dropping the writer (an error, an interrupt)
//! deletes the temporary files and leaves the previous reports as they were.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::{
    ARTICLES_CSV, BOM, CsvOptions, FINDINGS_CSV, SOURCES_CSV, TOTALS_JSONL, article_rows,
    csv_error, finding_rows, safe, source_rows, to_csv,
};
use crate::Outcome;
use crate::error::Error;
use crate::report::Row;
use crate::rules::Scoring;
use crate::score::{SourceScore, Totals};

/// A CSV file being written under a temporary name.
struct Staged {
    temp: tempfile::NamedTempFile,
    writer: csv::Writer<BufWriter<File>>,
    rows: usize,
}

impl Staged {
    fn new(dir: &Path, name: &str, options: CsvOptions) -> Result<Staged, Error> {
        let temp = temp_in(dir, name)?;
        let file = temp.as_file().try_clone().map_err(|e| Error::io(dir, e))?;
        let mut out = BufWriter::new(file);
        if options.bom {
            out.write_all(BOM).map_err(|e| Error::io(temp.path(), e))?;
        }
        Ok(Staged {
            writer: csv::Writer::from_writer(out),
            temp,
            rows: 0,
        })
    }

    fn write<T: Row>(&mut self, rows: impl IntoIterator<Item = T>) -> Result<(), Error> {
        for row in rows {
            self.writer.serialize(row).map_err(csv_error)?;
            self.rows += 1;
        }
        Ok(())
    }

    /// Writes a row as it is (from another run's report), after the header.
    fn write_record<T: Row>(&mut self, row: &csv::StringRecord) -> Result<(), Error> {
        if self.rows == 0 {
            self.writer.write_record(T::COLUMNS).map_err(csv_error)?;
        }
        self.writer.write_record(row).map_err(csv_error)?;
        self.rows += 1;
        Ok(())
    }

    /// Completes the file; it is still under its temporary name.
    fn complete<T: Row>(mut self) -> Result<tempfile::NamedTempFile, Error> {
        if self.rows == 0 {
            // serde writes the header with the first row; an empty report still has one.
            self.writer.write_record(T::COLUMNS).map_err(csv_error)?;
        }
        let out = self
            .writer
            .into_inner()
            .map_err(|e| Error::io(self.temp.path(), e.into_error()))?;
        let file = out
            .into_inner()
            .map_err(|e| Error::io(self.temp.path(), e.into_error()))?;
        file.sync_all()
            .map_err(|e| Error::io(self.temp.path(), e))?;
        Ok(self.temp)
    }
}

fn temp_in(dir: &Path, name: &str) -> Result<tempfile::NamedTempFile, Error> {
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| cannot(dir, "write a report in this folder", &e))
}

/// An output error in plain words: tempfile's own message repeats the path.
fn cannot(dir: &Path, what: &str, err: &std::io::Error) -> Error {
    let reason = err.kind().to_string();
    Error::Output {
        path: dir.to_path_buf(),
        message: format!("cannot {what}: {reason}"),
    }
}

/// The reports of one run, written as its stories are scored.
pub struct ReportWriter {
    dir: Option<PathBuf>,
    options: CsvOptions,
    articles: Option<Staged>,
    findings: Option<Staged>,
    totals: Totals,
    stories: BTreeSet<String>,
    scored: usize,
}

/// What a finished run wrote.
#[derive(Debug)]
pub struct Written {
    pub sources: Vec<SourceScore>,
    /// `sources.csv`, for printing when no folder was given.
    pub sources_csv: Vec<u8>,
    pub articles: usize,
    pub stories: usize,
}

impl ReportWriter {
    /// Starts the reports in `dir` (created if missing); without a folder,
    /// only the sources' totals are kept, for `sources.csv` on stdout.
    pub fn new(dir: Option<&Path>, options: CsvOptions) -> Result<ReportWriter, Error> {
        let (articles, findings) = match dir {
            Some(dir) => {
                super::check_dir(dir)?;
                let existed = dir.exists();
                std::fs::create_dir_all(dir).map_err(|e| cannot(dir, "create this folder", &e))?;
                let staged = Staged::new(dir, ARTICLES_CSV, options)
                    .and_then(|a| Ok((a, Staged::new(dir, FINDINGS_CSV, options)?)));
                match staged {
                    Ok((articles, findings)) => (Some(articles), Some(findings)),
                    Err(err) => {
                        // Nothing written: not even the folder made for it.
                        if !existed {
                            let _ = std::fs::remove_dir(dir);
                        }
                        return Err(err);
                    }
                }
            }
            None => (None, None),
        };
        Ok(ReportWriter {
            dir: dir.map(Path::to_path_buf),
            options,
            articles,
            findings,
            totals: Totals::default(),
            stories: BTreeSet::new(),
            scored: 0,
        })
    }

    /// Adds a group of whole stories. Groups must come in story order, as
    /// `crate::chunks` gives them, for the rows to be sorted.
    pub fn add(&mut self, outcome: &Outcome) -> Result<(), Error> {
        if let Some(staged) = &mut self.articles {
            staged.write(article_rows(outcome, safe))?;
        }
        if let Some(staged) = &mut self.findings {
            staged.write(finding_rows(outcome, safe))?;
        }
        for i in outcome.order() {
            let article = &outcome.articles[i];
            self.totals.add_article(
                &article.source,
                &article.story,
                outcome.scores[i].counts.words,
                &outcome.findings[i],
            );
            if !self.stories.contains(&article.story) {
                self.stories.insert(article.story.clone());
            }
        }
        self.scored += outcome.articles.len();
        Ok(())
    }

    /// Adds totals from another run (`credence merge`).
    pub fn add_totals(&mut self, totals: &Totals) {
        for source in totals.sources.values() {
            self.totals.add_source(source);
        }
    }

    /// Adds already-written rows from another run (`credence merge`).
    pub fn add_records(
        &mut self,
        articles: &[csv::StringRecord],
        findings: &[csv::StringRecord],
    ) -> Result<(), Error> {
        for row in articles {
            if let Some(staged) = &mut self.articles {
                staged.write_record::<super::ArticleRow>(row)?;
            }
            if !self.stories.contains(&row[0]) {
                self.stories.insert(row[0].to_string());
            }
        }
        if let Some(staged) = &mut self.findings {
            for row in findings {
                staged.write_record::<super::FindingRow>(row)?;
            }
        }
        self.scored += articles.len();
        Ok(())
    }

    /// The sources' scores so far.
    pub fn source_scores(&self, scoring: &Scoring) -> Vec<SourceScore> {
        self.totals.scores(scoring)
    }

    /// Scores the sources, writes `sources.csv` and `totals.jsonl`, and
    /// only then renames every report into place.
    pub fn finish(self, scoring: &Scoring) -> Result<Written, Error> {
        let sources = self.totals.scores(scoring);
        let sources_csv = to_csv(source_rows(&sources, safe))?;
        let stories = self.stories.len();
        let mut staged = Vec::new();
        if let Some(dir) = &self.dir {
            let bom: &[u8] = if self.options.bom { BOM } else { &[] };
            staged.push((
                super::stage(dir, SOURCES_CSV, &[bom, &sources_csv])?,
                dir.join(SOURCES_CSV),
            ));
            staged.push((
                super::stage(dir, TOTALS_JSONL, &[&totals_jsonl(&self.totals)?])?,
                dir.join(TOTALS_JSONL),
            ));
            if let Some(articles) = self.articles {
                staged.push((
                    articles.complete::<super::ArticleRow>()?,
                    dir.join(ARTICLES_CSV),
                ));
            }
            if let Some(findings) = self.findings {
                staged.push((
                    findings.complete::<super::FindingRow>()?,
                    dir.join(FINDINGS_CSV),
                ));
            }
        }
        // Only now, with every file complete on disk, do the old reports get replaced.
        for (temp, target) in staged {
            temp.persist(&target)
                .map_err(|e| Error::io(target.clone(), e.error))?;
        }
        Ok(Written {
            sources,
            sources_csv,
            articles: self.scored,
            stories,
        })
    }
}

/// One JSON object per source: the totals `credence merge` adds up.
fn totals_jsonl(totals: &Totals) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    for source in totals.sources.values() {
        serde_json::to_writer(&mut out, source).map_err(|e| Error::Output {
            path: PathBuf::from(TOTALS_JSONL),
            message: e.to_string(),
        })?;
        out.push(b'\n');
    }
    Ok(out)
}
