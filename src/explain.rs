//! `credence explain`: why one article scored as it did. Reads a finished
//! `Outcome` (every stage has run) and returns text: the article's scores,
//! its text with every finding marked in place, then each conflict and
//! corroboration with what the other sources say. It never prints; the
//! binary decides whether marks are colours or brackets.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::Outcome;
use crate::error::Error;
use crate::rules::Scoring;
use crate::score::{Finding, FindingKind};

/// How findings are marked in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// Coloured spans, for a terminal.
    Colour,
    /// `[[span]]{rule.id}`, for a file, a pipe or `NO_COLOR`.
    Plain,
}

/// At most this many close ids are suggested for an unknown one.
const SUGGESTIONS: usize = 5;

/// The index of the article with id `id`; failing that, of the one article
/// whose id ends with `/id` (a file name is enough when it is unique).
pub fn find_article(outcome: &Outcome, id: &str) -> Result<usize, Error> {
    let ids: Vec<&str> = outcome.articles.iter().map(|a| a.id.as_str()).collect();
    if let Some(i) = ids.iter().position(|&a| a == id) {
        return Ok(i);
    }
    let suffix = format!("/{}", id.trim_start_matches('/'));
    let by_name: Vec<usize> = (0..ids.len())
        .filter(|&i| ids[i].ends_with(&suffix))
        .collect();
    match by_name.as_slice() {
        [one] => return Ok(*one),
        [] => {}
        several => {
            let names: Vec<&str> = several.iter().map(|&i| ids[i]).collect();
            return Err(Error::Usage(format!(
                "article `{id}` is ambiguous: {}",
                names.join(", ")
            )));
        }
    }
    if ids.is_empty() {
        return Err(Error::Usage(format!(
            "no article `{id}`: no article was read from the inputs"
        )));
    }
    let close = close_ids(&ids, id);
    let hint = if close.is_empty() {
        format!(
            "{} article(s) read; ids are paths under the folder given, such as `{}`",
            ids.len(),
            ids.iter().min().copied().unwrap_or_default()
        )
    } else {
        format!("did you mean: {}", close.join(", "))
    };
    Err(Error::Usage(format!("no article `{id}` ({hint})")))
}

/// Ids that contain `id`, or whose id or file name is spelled nearly like
/// it (Jaro-Winkler similarity of at least 0.8), closest first.
fn close_ids<'a>(ids: &[&'a str], id: &str) -> Vec<&'a str> {
    let wanted = id.to_lowercase();
    let mut scored: Vec<(f64, &str)> = ids
        .iter()
        .filter_map(|&candidate| {
            let lower = candidate.to_lowercase();
            let name = lower.rsplit('/').next().unwrap_or(&lower);
            let similarity =
                strsim::jaro_winkler(&wanted, &lower).max(strsim::jaro_winkler(&wanted, name));
            let contains = !wanted.is_empty() && lower.contains(&wanted);
            (contains || similarity >= 0.8)
                .then_some((if contains { 1.0 } else { similarity }, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

/// The explanation of article `index` of `outcome`.
pub fn explain(outcome: &Outcome, index: usize, scoring: &Scoring, marks: Marks) -> String {
    let paint = Paint { marks };
    let article = &outcome.articles[index];
    let score = &outcome.scores[index];
    let findings = &outcome.findings[index];
    let (c, s) = (&score.counts, &score.scores);
    let mut out = String::new();

    out.push_str(&paint.heading(&article.id));
    out.push('\n');
    let _ = writeln!(out, "source: {}", clean(&article.source));
    let _ = writeln!(out, "story:  {}", clean(&article.story));
    if !outcome.titles[index].is_empty() {
        let _ = writeln!(out, "title:  {}", clean(&outcome.titles[index]));
    }
    out.push('\n');
    let band = scoring
        .band(s.credibility)
        .map(|b| format!("  {} ({}): {}", b.label, b.range(), b.meaning))
        .unwrap_or_default();
    let _ = writeln!(out, "credibility    {:>5.1}{band}", s.credibility);
    let _ = writeln!(
        out,
        "corroboration  {:.3}  {} of {} claim(s) corroborated, {} unique",
        s.corroboration, c.corroborated, c.claims, c.unique
    );
    // Conflicts weigh unequally (a superseded claim less, a lone rejection
    // of a lopsided story's account more): the sum is what the score counts.
    let weighing = if (c.conflict_weight - c.conflicting as f64).abs() > 1e-9 {
        format!(", counted as {:.3}", c.conflict_weight)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "conflict       {:.3}  {} conflicting claim(s){weighing}",
        s.conflict, c.conflicting
    );
    let _ = writeln!(
        out,
        "vagueness      {:.3}  {} vague and {} named citation(s)",
        s.vagueness, c.vague_citations, c.named_citations
    );
    for (i, reason) in score.reasons.iter().enumerate() {
        let label = if i == 0 { "top reasons" } else { "" };
        let _ = writeln!(out, "{label:<13}  {reason}");
    }
    out.push('\n');

    match marks {
        Marks::Plain => out.push_str("Text, each finding marked [[like this]]{rule}:\n"),
        Marks::Colour => {
            out.push_str("Text, each finding coloured by kind (rule ids dimmed): ");
            let legend: Vec<String> = LEGEND
                .iter()
                .map(|&(kind, name)| paint.span(kind, name))
                .collect();
            out.push_str(&legend.join(", "));
            out.push('\n');
        }
    }
    out.push_str(&marked_text(&article.text, findings, paint));

    for (title, kind) in [
        ("Conflicts", FindingKind::Conflict),
        ("Corroborations", FindingKind::Corroborated),
    ] {
        let listed: Vec<&Finding> = findings.iter().filter(|f| f.kind == kind).collect();
        out.push('\n');
        out.push_str(&paint.heading(&format!("{title} ({})", listed.len())));
        out.push('\n');
        if listed.is_empty() {
            out.push_str("  none\n");
        }
        for f in listed {
            let line = crate::error::line_col(&article.text, f.span.start).0;
            let span = article.text.get(f.span.clone()).unwrap_or_default();
            let _ = writeln!(
                out,
                "  line {line}, {}: {}",
                f.rule,
                paint.span(f.kind, &format!("\"{}\"", one_line(span)))
            );
            let _ = writeln!(out, "    {}", clean(&f.detail));
            for (other, value) in &f.related {
                let a = &outcome.articles[*other];
                let _ = writeln!(
                    out,
                    "    - {} ({}): {}",
                    clean(&a.source),
                    clean(&a.id),
                    one_line(value)
                );
            }
            if f.related_more > 0 {
                let _ = writeln!(out, "    - and {} more", f.related_more);
            }
        }
    }
    out
}

/// The kinds in the order a reader weighs them: where findings overlap, the
/// mark takes the colour of the first kind among them.
const LEGEND: [(FindingKind, &str); 6] = [
    (FindingKind::Conflict, "conflict"),
    (FindingKind::VagueCitation, "vague citation"),
    (FindingKind::Unique, "unique claim"),
    (FindingKind::Corroborated, "corroborated"),
    (FindingKind::NamedCitation, "named citation"),
    (FindingKind::Copy, "copy"),
];

fn severity(kind: FindingKind) -> usize {
    LEGEND
        .iter()
        .position(|&(k, _)| k == kind)
        .unwrap_or(LEGEND.len())
}

#[derive(Clone, Copy)]
struct Paint {
    marks: Marks,
}

impl Paint {
    fn style(kind: FindingKind) -> Style {
        let colour = match kind {
            FindingKind::Conflict => AnsiColor::Red,
            FindingKind::VagueCitation => AnsiColor::Yellow,
            FindingKind::Unique => AnsiColor::Magenta,
            FindingKind::Corroborated => AnsiColor::Green,
            FindingKind::NamedCitation => AnsiColor::Cyan,
            FindingKind::Copy => AnsiColor::Blue,
        };
        let style = Style::new().fg_color(Some(colour.into())).underline();
        if kind == FindingKind::Conflict {
            style.bold()
        } else {
            style
        }
    }

    fn wrap(&self, style: Style, text: &str) -> String {
        match self.marks {
            Marks::Colour => format!("{style}{text}{style:#}"),
            Marks::Plain => text.to_string(),
        }
    }

    fn span(&self, kind: FindingKind, text: &str) -> String {
        self.wrap(Self::style(kind), text)
    }

    fn heading(&self, text: &str) -> String {
        self.wrap(Style::new().bold(), text)
    }

    fn tag(&self, rules: &[&str]) -> String {
        let text = format!("{{{}}}", rules.join(", "));
        self.wrap(Style::new().dimmed(), &text)
    }
}

/// Overlapping findings, shown as one mark.
struct Mark<'a> {
    start: usize,
    end: usize,
    kind: FindingKind,
    rules: Vec<&'a str>,
}

/// Groups findings whose spans overlap (or coincide) into marks, in text order.
fn marks<'a>(text: &str, findings: &'a [Finding]) -> Vec<Mark<'a>> {
    let mut sorted: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.span.start <= f.span.end
                && text.get(f.span.clone()).is_some()
                && text.is_char_boundary(f.span.start)
        })
        .collect();
    sorted.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut out: Vec<Mark> = Vec::new();
    for f in sorted {
        match out.last_mut() {
            Some(m) if f.span.start < m.end || f.span.start == m.start => {
                m.end = m.end.max(f.span.end);
                if severity(f.kind) < severity(m.kind) {
                    m.kind = f.kind;
                }
                if !m.rules.contains(&f.rule.as_str()) {
                    m.rules.push(&f.rule);
                }
            }
            _ => out.push(Mark {
                start: f.span.start,
                end: f.span.end,
                kind: f.kind,
                rules: vec![&f.rule],
            }),
        }
    }
    out
}

/// The text with line numbers and every finding marked.
fn marked_text(text: &str, findings: &[Finding], paint: Paint) -> String {
    let mut out = Lines::new();
    let mut at = 0;
    for mark in marks(text, findings) {
        out.push(&text[at..mark.start], None, paint);
        match paint.marks {
            Marks::Plain => {
                out.push("[[", None, paint);
                out.push(&text[mark.start..mark.end], None, paint);
                out.push("]]", None, paint);
            }
            Marks::Colour => {
                out.push(
                    &text[mark.start..mark.end],
                    Some(Paint::style(mark.kind)),
                    paint,
                );
            }
        }
        out.raw(&paint.tag(&mark.rules));
        at = mark.end;
    }
    out.push(&text[at..], None, paint);
    out.finish()
}

/// Writes text with a line number before each line, closing and reopening
/// a colour around each line break so the numbers stay plain.
struct Lines {
    out: String,
    line: usize,
}

impl Lines {
    fn new() -> Lines {
        Lines {
            out: format!("{:>5} | ", 1),
            line: 1,
        }
    }

    fn push(&mut self, text: &str, style: Option<Style>, paint: Paint) {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.line += 1;
                let _ = write!(self.out, "\n{:>5} | ", self.line);
            }
            let part = clean(part);
            match style {
                Some(style) if !part.is_empty() => self.out.push_str(&paint.wrap(style, &part)),
                _ => self.out.push_str(&part),
            }
        }
    }

    fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn finish(mut self) -> String {
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out
    }
}

/// Text safe to print on a terminal: carriage returns dropped, other control
/// characters (an escape sequence hidden in an article) shown as `�`.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c != '\r')
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A span or value on one line.
fn one_line(text: &str) -> String {
    clean(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(kind: FindingKind, rule: &str, span: std::ops::Range<usize>) -> Finding {
        Finding {
            article: 0,
            kind,
            rule: rule.into(),
            span: span.clone(),
            sentence: span,
            detail: String::new(),
            related: vec![],
            related_more: 0,
            weight: 1.0,
        }
    }

    #[test]
    fn findings_are_marked_in_place_and_overlaps_merge() {
        let text = "Analysts say a 2023 report found $5 billion.\nNext line.";
        let report = text.find("a 2023 report").unwrap();
        let money = text.find("$5 billion").unwrap();
        let findings = vec![
            finding(FindingKind::VagueCitation, "vague.unnamed-group", 0..12),
            finding(
                FindingKind::VagueCitation,
                "vague.dated-report",
                report..report + 13,
            ),
            finding(
                FindingKind::VagueCitation,
                "vague.stale-source",
                report..report + 13,
            ),
            finding(FindingKind::Conflict, "claim.conflict", money..money + 10),
        ];
        let got = marked_text(
            text,
            &findings,
            Paint {
                marks: Marks::Plain,
            },
        );
        assert_eq!(
            got,
            "    1 | [[Analysts say]]{vague.unnamed-group} \
             [[a 2023 report]]{vague.dated-report, vague.stale-source} found \
             [[$5 billion]]{claim.conflict}.\n    2 | Next line.\n"
        );
    }

    #[test]
    fn colour_marks_close_before_each_line_break() {
        let text = "one\ntwo";
        let findings = vec![finding(FindingKind::Conflict, "claim.conflict", 0..7)];
        let got = marked_text(
            text,
            &findings,
            Paint {
                marks: Marks::Colour,
            },
        );
        let style = Paint::style(FindingKind::Conflict);
        assert!(
            got.contains(&format!("{style}one{style:#}\n    2 | {style}two{style:#}")),
            "{got:?}"
        );
    }

    #[test]
    fn spans_outside_the_text_are_left_unmarked() {
        let findings = vec![finding(FindingKind::Unique, "claim.unique", 3..99)];
        let got = marked_text(
            "short",
            &findings,
            Paint {
                marks: Marks::Plain,
            },
        );
        assert_eq!(got, "    1 | short\n");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(clean("a\u{1b}[31mb\r\n"), "a\u{FFFD}[31mb\n");
    }
}
