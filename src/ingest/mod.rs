//! Stage 1, ingest: paths on the command line -> `Article`s.
//!
//! Reads `.txt` and `.md` files (with optional front matter), JSONL files (one
//! article per line, also on standard input as `-`) and CSV manifests (one
//! article per row, its `text` or the `path` of a file), alone or in folders,
//! and decides each article's id, source and story. It does not look inside
//! the text beyond the front matter; cleaning is the `text` stage's job.
//!
//! `plan` lists the articles without holding their text; `Plan::load` reads
//! one. A run loads a group of stories at a time, so memory follows the
//! largest story, not the corpus.

mod decode;
mod front_matter;
mod plan;
mod records;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Location, Warning};
pub use front_matter::FrontMatter;
pub use plan::{Entry, Origin, Plan, RecordAt, STDIN, plan};
pub use records::Record;

/// One article as read, with everything later stages need to point back at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Path relative to the input root, with forward slashes; for a record,
    /// its `id`, else `LIST:LINE`.
    pub id: String,
    /// The outlet: `source` field, else the URL's host, else the file stem.
    pub source: String,
    /// The story the article belongs to.
    pub story: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The text as read. Every offset in every finding is a byte offset into
    /// it: for a UTF-8 file, into the file itself.
    pub text: String,
    /// The article body within `text` (after any byte-order mark and front matter).
    pub body: Range<usize>,
    /// Where it came from, for messages.
    pub path: PathBuf,
}

impl Article {
    /// An article of `body` alone, for unit tests of the later stages.
    #[cfg(test)]
    pub(crate) fn of_body(body: &str) -> Article {
        Article {
            id: "a".into(),
            source: "s".into(),
            story: "t".into(),
            title: None,
            url: None,
            published: None,
            text: body.into(),
            body: 0..body.len(),
            path: "a.txt".into(),
        }
    }

    /// The `published` field as a date, if it starts with one (`2026-03-01`,
    /// `2026-03-01T10:00:00Z`).
    pub fn published_date(&self) -> Option<jiff::civil::Date> {
        parse_date(self.published.as_deref()?)
    }
}

/// A date at the start of `text`, in ISO 8601 form.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    text.trim().get(..10)?.parse().ok()
}

/// What a caller can set about reading.
#[derive(Debug, Clone)]
pub struct Options {
    /// Articles larger than this many bytes are skipped with a warning.
    pub max_bytes: u64,
}

/// The default size limit: far above any news article (the longest of FNC-1's
/// 1,683 bodies is 50 KB), low enough that one stray dump cannot stall a run.
pub const DEFAULT_MAX_BYTES: u64 = 4 * 1024 * 1024;

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl Options {
    fn too_big(&self, path: &Path, line: Option<usize>, bytes: u64) -> Option<Warning> {
        (bytes > self.max_bytes).then(|| {
            Warning::skipped(
                Location {
                    path: path.to_path_buf(),
                    line,
                    col: None,
                },
                format!(
                    "{bytes} bytes, over the limit of {} (--max-bytes)",
                    self.max_bytes
                ),
            )
        })
    }
}

/// Articles read, and the inputs ingest had to skip or warn about.
#[derive(Debug, Default)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

/// Reads every article under `inputs`, in input order, all at once. A run
/// over a large corpus uses `plan` and loads stories a group at a time.
pub fn read_inputs(inputs: &[PathBuf]) -> Result<Batch, Error> {
    let plan = plan(inputs, &Options::default())?;
    let all: Vec<usize> = (0..plan.entries.len()).collect();
    let mut batch = plan.load_many(&all);
    let mut warnings = plan.warnings;
    warnings.append(&mut batch.warnings);
    batch.warnings = warnings;
    Ok(batch)
}

impl Plan {
    /// Loads the entries at `indices` (in parallel), in that order; those that
    /// cannot be read become warnings.
    pub fn load_many(&self, indices: &[usize]) -> Batch {
        let loaded: Vec<Result<(Article, Vec<Warning>), Warning>> = indices
            .par_iter()
            .map(|&i| self.load(&self.entries[i]))
            .collect();
        let mut batch = Batch::default();
        for result in loaded {
            match result {
                Ok((article, warnings)) => {
                    batch.articles.push(article);
                    batch.warnings.extend(warnings);
                }
                Err(warning) => batch.warnings.push(warning),
            }
        }
        batch
    }

    /// Reads one planned article.
    pub fn load(&self, entry: &Entry) -> Result<(Article, Vec<Warning>), Warning> {
        let story = entry.story().to_string();
        match &entry.origin {
            Origin::File(path) => {
                let bytes = std::fs::read(path).map_err(|e| plan::cannot_read(path, &e))?;
                article_from_bytes(path, bytes, entry.id.clone(), story, None)
            }
            Origin::Record {
                file,
                shown,
                line,
                at,
            } => {
                let location = Location {
                    path: shown.clone(),
                    line: Some(*line as usize),
                    col: None,
                };
                let record = read_record(file, at)
                    .map_err(|reason| Warning::skipped(location.clone(), reason))?;
                match (&record.text, &record.path) {
                    (Some(text), _) if !text.trim().is_empty() => {
                        let text = text.clone();
                        let body = 0..text.len();
                        Ok((
                            build(shown, text, body, entry.id.clone(), story, &record, None),
                            Vec::new(),
                        ))
                    }
                    (_, Some(path)) => {
                        let path = plan::resolve(file, path);
                        let bytes = std::fs::read(&path).map_err(|e| {
                            Warning::skipped(
                                location.clone(),
                                format!("{}: {}", path.display(), plan::lower(&e)),
                            )
                        })?;
                        article_from_bytes(&path, bytes, entry.id.clone(), story, Some(&record))
                    }
                    _ => Err(Warning::skipped(location, "no article text")),
                }
            }
        }
    }
}

/// Reads a record again from where planning found it.
fn read_record(file: &Path, at: &RecordAt) -> Result<Record, String> {
    let reason = |e: std::io::Error| format!("cannot read: {}", plan::lower(&e));
    match at {
        RecordAt::Jsonl { offset, len } => {
            let mut f = File::open(file).map_err(reason)?;
            f.seek(SeekFrom::Start(*offset)).map_err(reason)?;
            let mut line = vec![0; *len];
            f.read_exact(&mut line).map_err(reason)?;
            records::parse_line(plan::trim_line(&line))
        }
        RecordAt::Csv(position) => {
            let mut reader = csv::Reader::from_path(file).map_err(|e| plan::csv_reason(&e))?;
            let headers = plan::trim_bom(reader.headers().map_err(|e| plan::csv_reason(&e))?);
            reader
                .seek(position.clone())
                .map_err(|e| plan::csv_reason(&e))?;
            let mut row = csv::StringRecord::new();
            if !reader
                .read_record(&mut row)
                .map_err(|e| plan::csv_reason(&e))?
            {
                return Err("the row is gone: the manifest changed during the run".into());
            }
            row.deserialize::<Record>(Some(&headers))
                .map(Record::tidy)
                .map_err(|e| plan::csv_reason(&e))
        }
    }
}

/// Builds an article from a file's bytes, or says why it cannot be read as
/// text. A record that points at the file (`path`) overrides its front matter.
fn article_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    id: String,
    story: String,
    record: Option<&Record>,
) -> Result<(Article, Vec<Warning>), Warning> {
    let mut warnings = Vec::new();
    let text = match decode::decode(bytes) {
        decode::Decoded::Utf8(text) => text,
        decode::Decoded::Converted { text, from } => {
            warnings.push(Warning::note(
                Location::file(path),
                format!(
                    "not UTF-8; decoded as {from} (offsets in findings.csv are into the decoded text)"
                ),
            ));
            text
        }
        decode::Decoded::Binary(reason) => {
            return Err(Warning::skipped(Location::file(path), reason));
        }
    };
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (front, body_start, front_warnings) = front_matter::parse(path, &text, start);
    warnings.extend(front_warnings);
    let body = body_start..text.len();
    if text[body.clone()].trim().is_empty() {
        return Err(Warning::skipped(Location::file(path), "empty article"));
    }
    // The record's fields win over the file's own; then the front matter.
    let mut fields = record.cloned().unwrap_or_default();
    fields.source = fields.source.or(front.source);
    fields.url = fields.url.or(front.url);
    fields.title = fields.title.or(front.title);
    fields.published = fields.published.or(front.published);
    let article = build(path, text, body, id, story, &fields, Some(path));
    if let Some(published) = article
        .published
        .as_deref()
        .filter(|p| parse_date(p).is_none())
    {
        warnings.push(Warning::note(
            Location::file(path),
            format!(
                "published date {published:?} is not YYYY-MM-DD; the article is treated as undated"
            ),
        ));
    }
    Ok((article, warnings))
}

/// Puts an article together. The source is the `source` field, else the
/// URL's host, else the file's stem, else `unknown`.
fn build(
    path: &Path,
    text: String,
    body: Range<usize>,
    id: String,
    story: String,
    fields: &Record,
    file: Option<&Path>,
) -> Article {
    let source = fields
        .source
        .clone()
        .or_else(|| fields.url.as_deref().and_then(url_host))
        .or_else(|| {
            file.and_then(|f| f.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "unknown".to_string());
    Article {
        id,
        source,
        story,
        title: fields.title.clone(),
        url: fields.url.clone(),
        published: fields.published.clone(),
        text,
        body,
        path: path.to_path_buf(),
    }
}

/// The host of `url` without a leading `www.`, if it parses.
pub fn url_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Result<(Article, Vec<Warning>), Warning> {
        article_from_bytes(
            Path::new("dir/some-file.txt"),
            text.as_bytes().to_vec(),
            "some-file.txt".into(),
            "dir".into(),
            None,
        )
    }

    #[test]
    fn source_comes_from_field_then_url_then_stem() {
        let cases = [
            (
                "---\nsource: Reuters\nurl: https://www.example.com/a\n---\nBody.",
                "Reuters",
            ),
            (
                "---\nurl: https://www.example.com/a\n---\nBody.",
                "example.com",
            ),
            (
                "---\nurl: https://news.example.org:8080/a?b\n---\nBody.",
                "news.example.org",
            ),
            ("Body only.", "some-file"),
        ];
        for (text, expected) in cases {
            assert_eq!(article(text).unwrap().0.source, expected, "{text:?}");
        }
    }

    #[test]
    fn body_starts_after_front_matter_and_bom() {
        let text = "\u{feff}---\ntitle: T\n---\nBody here.\n";
        let (a, _) = article(text).unwrap();
        assert_eq!(&a.text[a.body.clone()], "Body here.\n");
        assert_eq!(a.title.as_deref(), Some("T"));
    }

    #[test]
    fn binary_and_empty_files_are_refused_and_latin1_decoded_with_a_note() {
        let binary = article_from_bytes(
            Path::new("x.txt"),
            b"GIF89a\0\0\x01".to_vec(),
            "x".into(),
            "s".into(),
            None,
        );
        assert!(binary.unwrap_err().message.contains("binary"));
        let (latin1, notes) = article_from_bytes(
            Path::new("x.txt"),
            b"caf\xe9 au lait".to_vec(),
            "x".into(),
            "s".into(),
            None,
        )
        .unwrap();
        assert_eq!(latin1.text, "caf\u{e9} au lait");
        assert!(
            notes.len() == 1 && notes[0].message.contains("windows-1252") && !notes[0].skipped,
            "{notes:?}"
        );
        assert!(
            article("---\nsource: A\n---\n  \n")
                .unwrap_err()
                .message
                .contains("empty")
        );
    }

    #[test]
    fn a_record_pointing_at_a_file_overrides_its_front_matter() {
        let record = Record {
            source: Some("Wire".into()),
            ..Record::default()
        };
        let (a, _) = article_from_bytes(
            Path::new("x.md"),
            b"---\nsource: Blog\ntitle: T\n---\nBody.".to_vec(),
            "x".into(),
            "s".into(),
            Some(&record),
        )
        .unwrap();
        assert_eq!((a.source.as_str(), a.title.as_deref()), ("Wire", Some("T")));
    }
}
