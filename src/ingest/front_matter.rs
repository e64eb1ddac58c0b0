//! Front matter: `key: value` lines between two `---` lines at the top of a file.

use std::path::Path;

use crate::error::{Location, Warning};

/// The fields an article may declare about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub story: Option<String>,
}

/// Parses front matter starting at byte `start` of `text`. Returns the fields,
/// the offset where the body begins and warnings for lines it could not use.
/// Without an opening `---` line, or without a closing one, the whole text is body.
pub fn parse(path: &Path, text: &str, start: usize) -> (FrontMatter, usize, Vec<Warning>) {
    let mut front = FrontMatter::default();
    let mut warnings = Vec::new();
    let rest = &text[start..];
    let Some(first_len) = delimiter_len(rest) else {
        return (front, start, warnings);
    };
    let mut offset = start + first_len;
    let mut fields = Vec::new();
    loop {
        if offset >= text.len() {
            warnings.push(Warning::note(
                Location::of_offset(path, text, start),
                "front matter has no closing `---` line; read as body",
            ));
            return (FrontMatter::default(), start, warnings);
        }
        let line_end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        let line = &text[offset..line_end];
        if let Some(len) = delimiter_len(line) {
            offset += len;
            break;
        }
        fields.push((offset, line));
        offset = line_end;
    }
    for (line_offset, line) in fields {
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let location = || Location::of_offset(path, text, line_offset);
        let Some((key, value)) = line.split_once(':') else {
            warnings.push(Warning::note(
                location(),
                format!("front matter line is not `key: value`: {line:?}"),
            ));
            continue;
        };
        let value = unquote(value.trim());
        let value = (!value.is_empty()).then(|| value.to_string());
        match key.trim() {
            "source" => front.source = value,
            "url" => front.url = value,
            "title" => front.title = value,
            "published" => front.published = value,
            "story" => front.story = value,
            other => warnings.push(Warning::note(
                location(),
                format!("unknown front matter key `{other}` (known: source, url, title, published, story)"),
            )),
        }
    }
    (front, offset, warnings)
}

/// Length of a `---` delimiter line (with its line ending) at the start of `s`.
fn delimiter_len(s: &str) -> Option<usize> {
    let line_end = s.find('\n').map_or(s.len(), |i| i + 1);
    (s[..line_end].trim_end() == "---").then_some(line_end)
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_and_finds_body() {
        let text = "---\nsource: \"The Outlet\"\npublished: 2026-03-01\n---\nBody";
        let (front, body, warnings) = parse(Path::new("a.txt"), text, 0);
        assert_eq!(front.source.as_deref(), Some("The Outlet"));
        assert_eq!(front.published.as_deref(), Some("2026-03-01"));
        assert_eq!(&text[body..], "Body");
        assert!(warnings.is_empty());
    }

    #[test]
    fn crlf_front_matter() {
        let text = "---\r\nsource: X\r\n---\r\nBody";
        let (front, body, _) = parse(Path::new("a.txt"), text, 0);
        assert_eq!(front.source.as_deref(), Some("X"));
        assert_eq!(&text[body..], "Body");
    }

    #[test]
    fn a_rule_line_later_in_the_text_is_not_front_matter() {
        let text = "Title\n\n---\n\nRelated";
        let (front, body, _) = parse(Path::new("a.txt"), text, 0);
        assert_eq!(front, FrontMatter::default());
        assert_eq!(body, 0);
    }

    #[test]
    fn unknown_keys_and_bad_lines_warn_with_line_numbers() {
        let text = "---\nauthor: Someone\nno colon here\n---\nBody";
        let (_, _, warnings) = parse(Path::new("a.txt"), text, 0);
        let messages: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("a.txt:2:1: unknown front matter key `author`"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("a.txt:3:1: front matter line"),
            "{messages:?}"
        );
    }

    #[test]
    fn unclosed_front_matter_is_body() {
        let text = "---\nsource: X\nBody without end";
        let (front, body, warnings) = parse(Path::new("a.txt"), text, 0);
        assert_eq!(front, FrontMatter::default());
        assert_eq!(body, 0);
        assert_eq!(warnings.len(), 1);
    }
}
