//! Articles as records: one JSON object per line of a `.jsonl` file, or one
//! row of a `.csv` manifest. Both have the same fields.

use serde::Deserialize;

/// The columns of a manifest row and the keys of a JSONL object. Unknown keys
/// and columns are ignored: exports carry more than credence reads.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Record {
    #[serde(default, deserialize_with = "text_or_number")]
    pub id: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub story: Option<String>,
    /// The article's text...
    #[serde(default)]
    pub text: Option<String>,
    /// ...or the path of a `.txt`/`.md` file holding it, relative to the
    /// file that lists it.
    #[serde(default)]
    pub path: Option<String>,
}

impl Record {
    /// Empty cells and strings mean absent.
    pub fn tidy(mut self) -> Record {
        for field in [
            &mut self.id,
            &mut self.source,
            &mut self.url,
            &mut self.title,
            &mut self.published,
            &mut self.story,
            &mut self.path,
        ] {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
        self
    }
}

/// Ids are often numbers in exports (`"id": 1234`); both are read as text.
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<Id>::deserialize(d)?.map(|id| match id {
        Id::Text(text) => text,
        Id::Number(n) => n.to_string(),
    }))
}

/// Parses one JSONL line, with a reason fit for `file:line: reason`.
pub fn parse_line(line: &[u8]) -> Result<Record, String> {
    let record: Record = serde_json::from_slice(line).map_err(|e| {
        let message = e.to_string();
        // serde_json appends "at line 1 column N"; the line is ours to give.
        match message.rfind(" at line ") {
            Some(at) => format!("not a JSON object: {}", &message[..at]),
            None => format!("not a JSON object: {message}"),
        }
    })?;
    Ok(record.tidy())
}

/// Whether a manifest's header names a column credence can read articles from.
pub fn has_article_column(headers: &csv::StringRecord) -> bool {
    headers.iter().any(|h| h == "text" || h == "path")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_with_numbers_as_ids_and_unknown_keys_ignored() {
        let r = parse_line(br#"{"id": 17, "text": "Body.", "lang": "en", "story": " "}"#).unwrap();
        assert_eq!(r.id.as_deref(), Some("17"));
        assert_eq!(r.text.as_deref(), Some("Body."));
        assert_eq!(r.story, None, "a blank story is no story");
    }

    #[test]
    fn broken_lines_give_a_reason_without_serde_positions() {
        for line in [
            &br#"{"id": "a", "text": "unterminated"#[..],
            b"[1, 2]",
            b"plain words",
        ] {
            let err = parse_line(line).unwrap_err();
            assert!(err.starts_with("not a JSON object: "), "{err}");
            assert!(!err.contains("at line"), "{err}");
        }
    }
}
