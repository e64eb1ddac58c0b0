//! Errors and warnings. The library returns them; only the binary prints them.
//!
//! An `Error` stops a command (bad rules, an unusable output folder). A
//! `Warning` is a problem with one input that the batch carries on past.

use std::fmt;
use std::path::PathBuf;

/// A place in a file, for messages of the form `path:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
}

impl Location {
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            line: None,
            col: None,
        }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            col: Some(col),
        }
    }

    /// The location of byte `offset` in `text` (1-based line and column,
    /// the column counted in characters).
    pub fn of_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        Location::at(path, line, col)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..offset].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in the rules, positioned in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    pub location: Location,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location)?;
        if let Some(rule) = &self.rule {
            write!(f, "rule {rule}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// What stops a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{} problem(s) in the rules:\n{}", .0.len(), list(.0))]
    Rules(Vec<RuleProblem>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Output { path: PathBuf, message: String },
    #[error("{0}")]
    Usage(String),
    #[error("interrupted: no report written; earlier reports are as they were")]
    Interrupted,
}

fn list(problems: &[RuleProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// What a panic says (its payload as text; empty if it is not text).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// A problem with one input; the batch goes on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Location,
    pub message: String,
    /// Whether the input (file, line or row) was left out of the results.
    pub skipped: bool,
}

impl Warning {
    pub fn skipped(location: Location, message: impl Into<String>) -> Self {
        Warning {
            location,
            message: message.into(),
            skipped: true,
        }
    }

    pub fn note(location: Location, message: impl Into<String>) -> Self {
        Warning {
            location,
            message: message.into(),
            skipped: false,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if self.skipped {
            write!(f, " (skipped)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\nçd\nef";
        for (offset, expected) in [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (5, (2, 2)),
            (7, (3, 1)),
        ] {
            assert_eq!(line_col(text, offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn rule_problem_reads_file_line_col_rule() {
        let p = RuleProblem {
            location: Location::at("rules/vague.toml", 9, 13),
            rule: Some("vague.dated-report".into()),
            message: "patterns[0]: unclosed group".into(),
        };
        assert_eq!(
            p.to_string(),
            "rules/vague.toml:9:13: rule vague.dated-report: patterns[0]: unclosed group"
        );
    }
}
