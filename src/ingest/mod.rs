//! Stage 1, ingest: paths on the command line -> `Article`s.
//!
//! Reads `.txt` and `.md` files (with optional front matter), alone or in
//! folders, and decides each article's id, source and story. It does not look
//! inside the text beyond the front matter; cleaning is the `text` stage's job.

mod front_matter;

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::error::{Error, Location, Warning};
pub use front_matter::FrontMatter;

/// One article as read, with everything later stages need to point back at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Path relative to the input root, with forward slashes.
    pub id: String,
    /// The outlet: `source` field, else the URL's host, else the file stem.
    pub source: String,
    /// The story the article belongs to.
    pub story: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The file as read. Every offset in every finding is a byte offset into it.
    pub text: String,
    /// The article body within `text` (after any byte-order mark and front matter).
    pub body: Range<usize>,
    /// Where it came from, for messages.
    pub path: PathBuf,
}

impl Article {
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

/// What ingest found: the articles, and the inputs it had to skip or warn about.
#[derive(Debug, Default)]
pub struct Batch {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

/// Extensions read as articles when found in a folder.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md"];

/// Reads every article under `inputs`, in a deterministic order.
///
/// A path that does not exist is an error (the user mistyped it); a file that
/// cannot be read as text is a warning and the rest of the batch goes on.
pub fn read_inputs(inputs: &[PathBuf]) -> Result<Batch, Error> {
    for input in inputs {
        if !input.exists() {
            return Err(Error::Usage(format!(
                "{}: no such file or folder",
                input.display()
            )));
        }
    }
    let mut batch = Batch::default();
    for input in inputs {
        if input.is_dir() {
            read_folder(input, &mut batch);
        } else {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let story = folder_name(input.parent().unwrap_or(Path::new(".")));
            read_file(input, name, story, &mut batch);
        }
    }
    disambiguate_ids(&mut batch.articles);
    Ok(batch)
}

fn read_folder(root: &Path, batch: &mut Batch) {
    let root_story = folder_name(root);
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                batch
                    .warnings
                    .push(Warning::skipped(Location::file(path), walk_error(&err)));
                continue;
            }
        };
        if !entry.file_type().is_file() || !has_article_extension(entry.path()) {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let id = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // A folder's first-level sub-folders are its stories; files directly
        // in the folder form one story named after it.
        let story = match relative.components().count() {
            0 | 1 => root_story.clone(),
            _ => relative
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        read_file(entry.path(), id, story, batch);
    }
}

fn walk_error(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        return "symbolic link loop".to_string();
    }
    match err.io_error() {
        Some(io) => io.to_string().to_lowercase(),
        None => err.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn has_article_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ARTICLE_EXTENSIONS
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}

fn folder_name(path: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(path)
        .or_else(|| path.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| "stories".to_string())
}

fn read_file(path: &Path, id: String, story: String, batch: &mut Batch) {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            batch.warnings.push(Warning::skipped(
                Location::file(path),
                format!("cannot read: {}", err.to_string().to_lowercase()),
            ));
            return;
        }
    };
    match article_from_bytes(path, bytes, id, story) {
        Ok((article, warnings)) => {
            batch.warnings.extend(warnings);
            batch.articles.push(article);
        }
        Err(warning) => batch.warnings.push(warning),
    }
}

/// Builds an article from a file's bytes, or says why it cannot be read as text.
fn article_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    id: String,
    story: String,
) -> Result<(Article, Vec<Warning>), Warning> {
    // A NUL byte in the first block is how `grep` and `git` tell binary files too.
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Warning::skipped(
            Location::file(path),
            "binary file, not text",
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let location =
                Location::of_offset(path, &String::from_utf8_lossy(err.as_bytes()), offset);
            return Err(Warning::skipped(
                location,
                format!("not valid UTF-8 text (byte {offset})"),
            ));
        }
    };
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (front, body_start, warnings) = front_matter::parse(path, &text, start);
    let body = body_start..text.len();
    if text[body.clone()].trim().is_empty() {
        return Err(Warning::skipped(Location::file(path), "empty article"));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| id.clone());
    let source = front
        .source
        .clone()
        .or_else(|| front.url.as_deref().and_then(url_host))
        .unwrap_or(stem);
    let mut warnings = warnings;
    if let Some(published) = front
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
    let article = Article {
        id,
        source,
        story: front.story.clone().unwrap_or(story),
        title: front.title,
        url: front.url,
        published: front.published,
        text,
        body,
        path: path.to_path_buf(),
    };
    Ok((article, warnings))
}

/// The host of `url` without a leading `www.`, if it parses.
pub fn url_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_string())
}

/// Two inputs can give the same id (the same relative path under two roots);
/// ids must stay unique because findings refer to articles by id.
fn disambiguate_ids(articles: &mut [Article]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for article in articles.iter_mut() {
        let count = seen.entry(article.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            article.id = format!("{}#{}", article.id, count);
        }
    }
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
    fn binary_invalid_and_empty_files_are_refused_with_reasons() {
        let binary = article_from_bytes(
            Path::new("x.txt"),
            b"GIF89a\0\0\x01".to_vec(),
            "x".into(),
            "s".into(),
        );
        assert!(binary.unwrap_err().message.contains("binary"));
        let latin1 = article_from_bytes(
            Path::new("x.txt"),
            b"caf\xe9 au lait".to_vec(),
            "x".into(),
            "s".into(),
        );
        let warning = latin1.unwrap_err();
        assert!(
            warning.message.contains("UTF-8") && warning.message.contains("byte 3"),
            "{warning}"
        );
        assert!(
            article("---\nsource: A\n---\n  \n")
                .unwrap_err()
                .message
                .contains("empty")
        );
    }

    #[test]
    fn story_field_overrides_folder() {
        let (a, _) = article("---\nstory: merger-talks\n---\nBody.").unwrap();
        assert_eq!(a.story, "merger-talks");
    }
}
