//! The plan of a run: every article the inputs hold, where to read it from
//! and which story it belongs to, without holding any article's text.
//!
//! Planning reads the head of each file (for a front matter `story:`) and
//! each JSONL line or manifest row once, and keeps only their positions, so a
//! run can then load and score one group of stories at a time.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::decode::{self, Decoded};
use super::records::{self, Record};
use super::{Options, front_matter};
use crate::error::{Error, Location, Warning};

/// Extensions read as one article each.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md"];
/// Extensions read as one article per line.
const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
/// Extensions read as a manifest, one article per row.
const MANIFEST_EXTENSIONS: &[&str] = &["csv"];

/// How much of a file is read to find its front matter.
const HEAD_BYTES: u64 = 64 * 1024;
/// How much is read first: enough to see whether front matter opens the file.
const OPENING_BYTES: u64 = 16;

/// Every article of a run, in input order.
#[derive(Debug, Default)]
pub struct Plan {
    pub entries: Vec<Entry>,
    pub warnings: Vec<Warning>,
    /// Standard input, copied to disk so that its lines can be read again.
    pub(super) spool: Option<tempfile::NamedTempFile>,
}

/// One article to read.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    /// The story the input names: a front matter or record `story`, or the
    /// sub-folder the file is in. `None` when the input does not say.
    pub story: Option<String>,
    /// The story used when the input names none and stories are not grouped
    /// by content: the folder given, or the list file's name.
    pub fallback_story: String,
    /// Size of the text, for progress and batching.
    pub bytes: u64,
    pub origin: Origin,
}

impl Entry {
    /// The story the article is scored in.
    pub fn story(&self) -> &str {
        self.story.as_deref().unwrap_or(&self.fallback_story)
    }
}

/// Where an article's text is.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A `.txt` or `.md` file.
    File(PathBuf),
    /// A line of a JSONL file or a row of a manifest.
    Record {
        /// The file to read (for standard input, its copy on disk).
        file: PathBuf,
        /// The name messages give it.
        shown: PathBuf,
        /// 1-based line of the record, for messages.
        line: u64,
        at: RecordAt,
    },
}

#[derive(Debug, Clone)]
pub enum RecordAt {
    Jsonl { offset: u64, len: usize },
    Csv(csv::Position),
}

/// What kind of input a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Article,
    Jsonl,
    Manifest,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?;
    let is = |list: &[&str]| list.iter().any(|known| ext.eq_ignore_ascii_case(known));
    if is(ARTICLE_EXTENSIONS) {
        Some(Kind::Article)
    } else if is(JSONL_EXTENSIONS) {
        Some(Kind::Jsonl)
    } else if is(MANIFEST_EXTENSIONS) {
        Some(Kind::Manifest)
    } else {
        None
    }
}

/// The name standard input goes by on the command line and in messages.
pub const STDIN: &str = "-";

/// Plans a run over `inputs`: files, folders, or `-` for JSONL on stdin.
///
/// A path that does not exist, or a manifest without a `text` or `path`
/// column, is an error (the command was wrong); a file, line or row that
/// cannot be read is a warning and the rest goes on.
pub fn plan(inputs: &[PathBuf], options: &Options) -> Result<Plan, Error> {
    for input in inputs {
        if input.as_os_str() != STDIN && !input.exists() {
            return Err(Error::Usage(format!(
                "{}: no such file or folder",
                input.display()
            )));
        }
    }
    let mut plan = Plan::default();
    for input in inputs {
        if input.as_os_str() == STDIN {
            plan_stdin(&mut plan, options)?;
        } else if input.is_dir() {
            plan_folder(input, &mut plan, options);
        } else {
            let name = file_name(input);
            let fallback = match kind_of(input) {
                Some(Kind::Article) | None => folder_name(input.parent().unwrap_or(Path::new("."))),
                Some(Kind::Jsonl | Kind::Manifest) => stem(input),
            };
            let kind = kind_of(input).unwrap_or(Kind::Article);
            plan_file(input, kind, name, None, fallback, true, &mut plan, options)?;
        }
    }
    disambiguate_ids(&mut plan.entries);
    Ok(plan)
}

fn plan_stdin(plan: &mut Plan, options: &Options) -> Result<(), Error> {
    if plan.spool.is_some() {
        return Err(Error::Usage("`-` (standard input) given twice".into()));
    }
    let mut spool = tempfile::NamedTempFile::new().map_err(|e| Error::io("<stdin>", e))?;
    io::copy(&mut io::stdin().lock(), &mut spool).map_err(|e| Error::io("<stdin>", e))?;
    let file = spool.path().to_path_buf();
    plan.spool = Some(spool);
    plan_jsonl(
        &file,
        Path::new("<stdin>"),
        "stdin",
        None,
        "stdin",
        plan,
        options,
    );
    Ok(())
}

/// An article file found in a folder, to be planned with its neighbours.
struct Found {
    path: PathBuf,
    id: String,
    folder_story: Option<String>,
    fallback: String,
}

/// Plans the article files found so far, in parallel (each is opened and its
/// head read: on a folder of thousands that was a serial pass of system
/// calls), adding them to the plan in the order found.
fn plan_found(found: &mut Vec<Found>, plan: &mut Plan, options: &Options) {
    let planned: Vec<Result<Entry, Warning>> = std::mem::take(found)
        .into_par_iter()
        .map(|f| plan_article(&f.path, f.id, f.folder_story, f.fallback, options))
        .collect();
    for result in planned {
        match result {
            Ok(entry) => plan.entries.push(entry),
            Err(warning) => plan.warnings.push(warning),
        }
    }
}

fn plan_folder(root: &Path, plan: &mut Plan, options: &Options) {
    let root_story = folder_name(root);
    // Article files wait here until something else is planned (a list
    // file, a walk error) or the walk ends, so the plan keeps walk order.
    let mut found: Vec<Found> = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // Hidden files and folders (.git, .cache, editors' swap files) are not articles.
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                plan_found(&mut found, plan, options);
                let path = err.path().unwrap_or(root).to_path_buf();
                plan.warnings
                    .push(Warning::skipped(Location::file(path), walk_error(&err)));
                continue;
            }
        };
        let Some(kind) = kind_of(entry.path()) else {
            continue;
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let id = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        // A folder's first-level sub-folders are its stories; files directly
        // in the folder name no story of their own.
        let folder_story = match relative.components().count() {
            0 | 1 => None,
            _ => relative
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        };
        if kind == Kind::Article {
            found.push(Found {
                path: entry.path().to_path_buf(),
                id,
                folder_story,
                fallback: root_story.clone(),
            });
            continue;
        }
        plan_found(&mut found, plan, options);
        let fallback = stem(entry.path());
        // Errors about a manifest found in a folder are warnings: the user
        // did not name that file, and the rest of the folder goes on.
        if let Err(err) = plan_file(
            entry.path(),
            kind,
            id,
            folder_story,
            fallback,
            false,
            plan,
            options,
        ) {
            plan.warnings.push(Warning::skipped(
                Location::file(entry.path()),
                err.to_string(),
            ));
        }
    }
    plan_found(&mut found, plan, options);
}

/// Plans one file. `given` says whether the user named it on the command line.
#[allow(clippy::too_many_arguments)]
fn plan_file(
    path: &Path,
    kind: Kind,
    id: String,
    folder_story: Option<String>,
    fallback: String,
    given: bool,
    plan: &mut Plan,
    options: &Options,
) -> Result<(), Error> {
    match kind {
        Kind::Article => match plan_article(path, id, folder_story, fallback, options) {
            Ok(entry) => plan.entries.push(entry),
            Err(warning) => plan.warnings.push(warning),
        },
        Kind::Jsonl => {
            let prefix = id_prefix(&id);
            plan_jsonl(path, path, &prefix, folder_story, &fallback, plan, options);
        }
        Kind::Manifest => {
            let prefix = id_prefix(&id);
            plan_manifest(path, &prefix, folder_story, &fallback, given, plan, options)?;
        }
    }
    Ok(())
}

/// `news/day1.jsonl` -> `news/day1`: records are named `news/day1:LINE`.
fn id_prefix(id: &str) -> String {
    match id.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => stem.to_string(),
        _ => id.to_string(),
    }
}

fn plan_article(
    path: &Path,
    id: String,
    folder_story: Option<String>,
    fallback: String,
    options: &Options,
) -> Result<Entry, Warning> {
    let mut file = File::open(path).map_err(|err| cannot_read(path, &err))?;
    let bytes = file
        .metadata()
        .map_err(|err| cannot_read(path, &err))?
        .len();
    if let Some(warning) = options.too_big(path, None, bytes) {
        return Err(warning);
    }
    // Only the story matters here; the front matter is read again, with
    // its warnings, when the article is loaded. Most files have none, and
    // their first bytes say so: only a file that opens with `---` (or is
    // UTF-16, to be decoded first) is read on.
    let mut head = Vec::new();
    (&mut file)
        .take(OPENING_BYTES)
        .read_to_end(&mut head)
        .map_err(|err| cannot_read(path, &err))?;
    let utf16 =
        head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) || head.contains(&0);
    let start = if head.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    };
    let story = if utf16 || head[start..].starts_with(b"---") {
        file.take(HEAD_BYTES - OPENING_BYTES)
            .read_to_end(&mut head)
            .map_err(|err| cannot_read(path, &err))?;
        let head = if utf16 {
            match decode::decode(head) {
                Decoded::Utf8(text) | Decoded::Converted { text, .. } => text,
                Decoded::Binary(_) => String::new(),
            }
        } else {
            String::from_utf8_lossy(&head).into_owned()
        };
        let start = if head.starts_with('\u{feff}') { 3 } else { 0 };
        front_matter::parse(path, &head, start).0.story
    } else {
        None
    };
    Ok(Entry {
        id,
        story: story.or(folder_story),
        fallback_story: fallback,
        bytes,
        origin: Origin::File(path.to_path_buf()),
    })
}

fn plan_jsonl(
    file: &Path,
    shown: &Path,
    prefix: &str,
    folder_story: Option<String>,
    fallback: &str,
    plan: &mut Plan,
    options: &Options,
) {
    let mut reader = match File::open(file) {
        Ok(f) => BufReader::new(f),
        Err(err) => {
            plan.warnings.push(cannot_read(shown, &err));
            return;
        }
    };
    let mut line = Vec::new();
    let (mut offset, mut number) = (0u64, 0u64);
    loop {
        line.clear();
        let read = match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(read) => read,
            Err(err) => {
                plan.warnings.push(Warning::skipped(
                    Location::file(shown),
                    format!("cannot read after line {number}: {}", lower(&err)),
                ));
                break;
            }
        };
        number += 1;
        let at = offset;
        offset += read as u64;
        let content = trim_line(&line);
        if content.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let location = Location {
            path: shown.to_path_buf(),
            line: Some(number as usize),
            col: None,
        };
        let record = match records::parse_line(content) {
            Ok(record) => record,
            Err(reason) => {
                plan.warnings.push(Warning::skipped(location, reason));
                continue;
            }
        };
        let origin = Origin::Record {
            file: file.to_path_buf(),
            shown: shown.to_path_buf(),
            line: number,
            at: RecordAt::Jsonl {
                offset: at,
                len: read,
            },
        };
        if let Some(entry) = record_entry(
            record,
            location,
            format!("{prefix}:{number}"),
            &folder_story,
            fallback,
            origin,
            file,
            plan,
            options,
        ) {
            plan.entries.push(entry);
        }
    }
}

/// A JSONL line without its line end, and without the byte-order mark an
/// export may open its first line with.
pub(super) fn trim_line(line: &[u8]) -> &[u8] {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    line[..end]
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&line[..end])
}

fn plan_manifest(
    path: &Path,
    prefix: &str,
    folder_story: Option<String>,
    fallback: &str,
    given: bool,
    plan: &mut Plan,
    options: &Options,
) -> Result<(), Error> {
    let mut reader = match csv::ReaderBuilder::new().from_path(path) {
        Ok(reader) => reader,
        Err(err) => {
            plan.warnings
                .push(Warning::skipped(Location::file(path), csv_reason(&err)));
            return Ok(());
        }
    };
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => {
            plan.warnings
                .push(Warning::skipped(Location::file(path), csv_reason(&err)));
            return Ok(());
        }
    };
    let headers = trim_bom(&headers);
    reader.set_headers(headers.clone());
    if !records::has_article_column(&headers) {
        if !given && is_report(&headers) {
            // credence's own reports, written inside an input folder.
            return Ok(());
        }
        return Err(Error::Usage(format!(
            "{}: not a manifest: it needs a `text` or a `path` column (found: {})",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(", ")
        )));
    }
    let mut row = csv::StringRecord::new();
    loop {
        let position = reader.position().clone();
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(position.line(), csv::Position::line);
                plan.warnings.push(Warning::skipped(
                    Location {
                        path: path.to_path_buf(),
                        line: Some(line as usize),
                        col: None,
                    },
                    csv_reason(&err),
                ));
                // An I/O error ends the file; a bad row only itself.
                if matches!(err.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = row.position().map_or(position.line(), csv::Position::line);
        let location = Location {
            path: path.to_path_buf(),
            line: Some(line as usize),
            col: None,
        };
        let record: Record = match row.deserialize(Some(&headers)) {
            Ok(record) => Record::tidy(record),
            Err(err) => {
                plan.warnings
                    .push(Warning::skipped(location, csv_reason(&err)));
                continue;
            }
        };
        let origin = Origin::Record {
            file: path.to_path_buf(),
            shown: path.to_path_buf(),
            line,
            at: RecordAt::Csv(row.position().cloned().unwrap_or(position)),
        };
        if let Some(entry) = record_entry(
            record,
            location,
            format!("{prefix}:{line}"),
            &folder_story,
            fallback,
            origin,
            path,
            plan,
            options,
        ) {
            plan.entries.push(entry);
        }
    }
    Ok(())
}

/// A manifest's header names, without a byte-order mark or padding.
pub(super) fn trim_bom(headers: &csv::StringRecord) -> csv::StringRecord {
    headers
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .collect()
}

/// Whether a CSV header is that of one of credence's own reports.
fn is_report(headers: &csv::StringRecord) -> bool {
    use crate::report::{ArticleRow, FindingRow, Row, SourceRow};
    let names: Vec<&str> = headers.iter().collect();
    [SourceRow::COLUMNS, ArticleRow::COLUMNS, FindingRow::COLUMNS]
        .iter()
        .any(|columns| names == *columns)
}

/// The entry for a record, or a warning if it has nothing to read.
#[allow(clippy::too_many_arguments)]
fn record_entry(
    record: Record,
    location: Location,
    default_id: String,
    folder_story: &Option<String>,
    fallback: &str,
    origin: Origin,
    list: &Path,
    plan: &mut Plan,
    options: &Options,
) -> Option<Entry> {
    let bytes = match (&record.text, &record.path) {
        (Some(text), _) if !text.trim().is_empty() => text.len() as u64,
        (_, Some(path)) => {
            let file = resolve(list, path);
            match std::fs::metadata(&file) {
                Ok(meta) => meta.len(),
                Err(err) => {
                    plan.warnings.push(Warning::skipped(
                        location,
                        format!("{}: {}", file.display(), lower(&err)),
                    ));
                    return None;
                }
            }
        }
        (Some(_), None) => {
            plan.warnings
                .push(Warning::skipped(location, "empty article: `text` is blank"));
            return None;
        }
        (None, None) => {
            plan.warnings.push(Warning::skipped(
                location,
                "no article: neither `text` nor `path` is given",
            ));
            return None;
        }
    };
    if let Some(warning) = options.too_big(&location.path, location.line, bytes) {
        plan.warnings.push(warning);
        return None;
    }
    Some(Entry {
        id: record.id.clone().unwrap_or(default_id),
        story: record.story.clone().or_else(|| folder_story.clone()),
        fallback_story: fallback.to_string(),
        bytes,
        origin,
    })
}

/// A record's `path`, relative to the file that lists it.
pub(super) fn resolve(list: &Path, path: &str) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        list.parent().unwrap_or(Path::new(".")).join(path)
    }
}

pub(super) fn csv_reason(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("not valid UTF-8 (field {})", err.field() + 1)
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} field(s) where the header has {expected_len}"),
        csv::ErrorKind::Io(io) => format!("cannot read: {}", lower(io)),
        csv::ErrorKind::Deserialize { err, .. } => format!("bad row: {err}"),
        _ => err.to_string(),
    }
}

pub(super) fn cannot_read(path: &Path, err: &io::Error) -> Warning {
    Warning::skipped(Location::file(path), format!("cannot read: {}", lower(err)))
}

pub(super) fn lower(err: &io::Error) -> String {
    err.to_string().to_lowercase()
}

fn walk_error(err: &walkdir::Error) -> String {
    if err.loop_ancestor().is_some() {
        return "symbolic link loop; not followed".to_string();
    }
    match err.io_error() {
        Some(io) => format!("cannot read: {}", lower(io)),
        None => err.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stories".to_string())
}

fn folder_name(path: &Path) -> String {
    let named = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    named(path)
        .or_else(|| path.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| "stories".to_string())
}

/// Two inputs can give the same id (the same relative path under two roots,
/// or the same `id` field twice); ids must stay unique because findings refer
/// to articles by id.
fn disambiguate_ids(entries: &mut [Entry]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for entry in entries.iter_mut() {
        let count = seen.entry(entry.id.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            entry.id = format!("{}#{}", entry.id, count);
        }
    }
}
