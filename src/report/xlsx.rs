//! The workbook: the three reports as sheets (Sources, Articles, Findings)
//! and a fourth, "How to read", that explains every column, the scores and
//! the bands with the constants of the rules in use.
//!
//! The sheets are filled from the very rows the CSV files are written from
//! (`source_rows`, ... serialised as CSV and read back), so a sheet and its
//! CSV never disagree; only the cell types differ: numbers are numbers here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, Format, FormatAlign,
    FormatBorder, Url, Workbook, Worksheet, XlsxError, utility::row_col_to_cell,
};

use super::rows::{Column, Kind, Row};
use super::{ArticleRow, FindingRow, SourceRow, article_rows, finding_rows, source_rows, to_csv};
use crate::Outcome;
use crate::error::Error;
use crate::rules::Scoring;
use crate::score::{Counts, band_profiles, compute};

pub const SOURCES_SHEET: &str = "Sources";
pub const ARTICLES_SHEET: &str = "Articles";
pub const FINDINGS_SHEET: &str = "Findings";
pub const HOW_TO_READ_SHEET: &str = "How to read";

/// Excel's limits: rows in a sheet, characters in a cell, links in a sheet.
const MAX_ROWS: usize = 1_048_576;
const MAX_CELL_CHARS: usize = 32_767;
const MAX_LINKS: usize = 65_530;

/// Widths, in characters, of the long text columns; others fit their content
/// up to `MAX_TEXT_WIDTH`.
const PROSE_WIDTH: f64 = 60.0;
const MAX_TEXT_WIDTH: usize = 50;
const LETTERS_PER_UNIT: f64 = 1.2;

/// Height, in points, of a line of the default 11-point font, and the
/// tallest row Excel allows.
const LINE_HEIGHT: f64 = 15.0;
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Widths of the "How to read" sheet's two columns: term and explanation.
const GUIDE_TERM_WIDTH: f64 = 24.0;
const GUIDE_WIDTH: f64 = 100.0;

/// Fails if `path` is a folder or its parent exists and is not a folder.
pub fn check_xlsx_path(path: &Path) -> Result<(), Error> {
    let refuse = |path: &Path, message: &str| {
        Err(Error::Output {
            path: path.to_path_buf(),
            message: message.into(),
        })
    };
    if path.is_dir() {
        return refuse(path, "is a folder; give a file name such as report.xlsx");
    }
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) if parent.exists() && !parent.is_dir() => {
            refuse(parent, "exists and is not a folder")
        }
        _ => Ok(()),
    }
}

/// Writes `bytes` (a workbook) to `path` through a temporary file beside it,
/// renamed into place when complete; the folder is created if missing.
pub fn write_xlsx(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    check_xlsx_path(path)?;
    let dir = match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => parent.to_path_buf(),
        None => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let name = path
        .file_name()
        .map_or_else(|| "report.xlsx".into(), |n| n.to_string_lossy());
    let temp = super::stage(&dir, &name, &[bytes])?;
    temp.persist(path)
        .map_err(|e| Error::io(path.to_path_buf(), e.error))?;
    Ok(())
}

/// The workbook of `outcome`, as the bytes of an `.xlsx` file.
pub fn workbook(outcome: &Outcome, scoring: &Scoring) -> Result<Vec<u8>, Error> {
    let plain: fn(&str) -> String = str::to_string;
    let sources = Table::new::<SourceRow>(SOURCES_SHEET, source_rows(&outcome.sources, plain))?;
    let articles = Table::new::<ArticleRow>(ARTICLES_SHEET, article_rows(outcome, plain))?;
    let findings = Table::new::<FindingRow>(FINDINGS_SHEET, finding_rows(outcome, plain))?;
    build(outcome, scoring, &sources, &articles, &findings).map_err(|e| Error::Output {
        path: PathBuf::from("<workbook>"),
        message: e.to_string(),
    })
}

/// One sheet's content: its columns and its rows as the CSV has them.
struct Table {
    name: &'static str,
    spec: &'static [Column],
    records: Vec<csv::StringRecord>,
}

impl Table {
    fn new<T: Row>(name: &'static str, rows: impl IntoIterator<Item = T>) -> Result<Table, Error> {
        let bytes = to_csv(rows)?;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let records = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(super::csv_error)?;
        if records.len() >= MAX_ROWS {
            return Err(Error::Output {
                path: PathBuf::from("<workbook>"),
                message: format!(
                    "{} rows do not fit in one {name} sheet (at most {}): use the CSV files",
                    records.len(),
                    MAX_ROWS - 1
                ),
            });
        }
        Ok(Table {
            name,
            spec: T::SPEC,
            records,
        })
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.spec.iter().position(|c| c.name == name)
    }
}

struct Formats {
    header: Format,
    text: Format,
    prose: Format,
    count: Format,
    fraction: Format,
    points: Format,
    title: Format,
    heading: Format,
    term: Format,
    link: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            text: top.clone(),
            prose: top.clone().set_text_wrap(),
            count: top.clone().set_num_format("0"),
            fraction: top.clone().set_num_format("0.000"),
            points: top.clone().set_num_format("0.0"),
            title: Format::new().set_bold().set_font_size(14),
            heading: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2)),
            term: top.clone().set_bold(),
            link: top.clone().set_hyperlink(),
        }
    }

    fn of(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Text => &self.text,
            Kind::Prose => &self.prose,
            Kind::Count => &self.count,
            Kind::Fraction => &self.fraction,
            Kind::Points => &self.points,
        }
    }
}

fn build(
    outcome: &Outcome,
    scoring: &Scoring,
    sources: &Table,
    articles: &Table,
    findings: &Table,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title("credence report"));

    // Each finding links to its article's row on the Articles sheet.
    let mut article_cells: HashMap<(&str, &str), String> = HashMap::new();
    if let (Some(story), Some(article)) = (articles.column("story"), articles.column("article")) {
        for (i, record) in articles.records.iter().enumerate() {
            let key = (&record[story], &record[article]);
            let cell = row_col_to_cell(i as u32 + 1, article as u16);
            article_cells.entry(key).or_insert(cell);
        }
    }
    let link = |record: &csv::StringRecord, table: &Table| -> Option<(usize, Url)> {
        let (story, article) = (table.column("story")?, table.column("article")?);
        let cell = article_cells.get(&(&record[story], &record[article]))?;
        let target = format!("internal:'{ARTICLES_SHEET}'!{cell}");
        Some((article, Url::new(target).set_text(&record[article])))
    };

    for table in [sources, articles, findings] {
        let sheet = book.add_worksheet();
        let linked = table.name == FINDINGS_SHEET;
        write_table(sheet, table, &formats, scoring, |r| {
            if linked { link(r, table) } else { None }
        })?;
    }
    let guide = book.add_worksheet();
    write_guide(guide, outcome, scoring, &formats)?;
    book.save_to_buffer()
}

fn write_table<'t>(
    sheet: &mut Worksheet,
    table: &'t Table,
    formats: &Formats,
    scoring: &Scoring,
    link: impl Fn(&'t csv::StringRecord) -> Option<(usize, Url)>,
) -> Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    for (col, column) in table.spec.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, column.name, &formats.header)?;
        sheet.set_column_width(col as u16, width(column, &table.records, col))?;
    }
    let widths: Vec<f64> = table
        .spec
        .iter()
        .enumerate()
        .map(|(col, column)| width(column, &table.records, col))
        .collect();
    let mut links = 0;
    for (i, record) in table.records.iter().enumerate() {
        let row = i as u32 + 1;
        // Neither Excel nor LibreOffice grows a row for wrapped text that a
        // program wrote, so the height is set from the longest wrapped cell.
        let lines = record
            .iter()
            .zip(table.spec)
            .zip(&widths)
            .filter(|((_, column), _)| column.kind == Kind::Prose)
            .map(|((value, _), width)| wrapped_lines(value, *width))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, (LINE_HEIGHT * lines as f64).min(MAX_ROW_HEIGHT))?;
        }
        let linked = if links < MAX_LINKS {
            link(record)
        } else {
            None
        };
        for (col, (value, column)) in record.iter().zip(table.spec).enumerate() {
            let format = formats.of(column.kind);
            let col16 = col as u16;
            if let Some((link_col, url)) = &linked
                && *link_col == col
            {
                sheet.write_url_with_format(row, col16, url.clone(), &formats.link)?;
                links += 1;
                continue;
            }
            let number = match column.kind {
                Kind::Count | Kind::Fraction | Kind::Points => value.parse::<f64>().ok(),
                Kind::Text | Kind::Prose => None,
            };
            match number {
                Some(n) => sheet.write_number_with_format(row, col16, n, format)?,
                None => sheet.write_string_with_format(row, col16, cell_text(value), format)?,
            };
        }
    }
    let last_col = table.spec.len().saturating_sub(1) as u16;
    let last_row = table.records.len() as u32;
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    if let Some(col) = table.spec.iter().position(|c| c.kind == Kind::Points)
        && last_row > 0
    {
        let col = col as u16;
        sheet.add_conditional_format(1, col, last_row, col, &colour_scale(scoring))?;
    }
    // Printed (or saved as PDF): landscape, one page wide, the header on every page.
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// Red at the top of the lowest band, green from the bottom of the highest,
/// so the colours mean the same in every workbook.
fn colour_scale(scoring: &Scoring) -> ConditionalFormat3ColorScale {
    let (low, high) = match scoring.bands.as_slice() {
        [_, second, .., last] => (second.min, last.min),
        _ => (0.0, 100.0),
    };
    ConditionalFormat3ColorScale::new()
        .set_minimum(ConditionalFormatType::Number, low)
        .set_midpoint(ConditionalFormatType::Number, (low + high) / 2.0)
        .set_maximum(ConditionalFormatType::Number, high)
        .set_minimum_color(Color::RGB(0xF8696B))
        .set_midpoint_color(Color::RGB(0xFFEB84))
        .set_maximum_color(Color::RGB(0x63BE7B))
}

/// Long text wraps at a fixed width; other columns fit their header and
/// content, up to a limit.
fn width(column: &Column, records: &[csv::StringRecord], col: usize) -> f64 {
    let header = column.name.chars().count() + 2;
    match column.kind {
        Kind::Prose => PROSE_WIDTH,
        Kind::Count | Kind::Fraction | Kind::Points => header.max(8) as f64,
        Kind::Text => {
            let longest = records
                .iter()
                .map(|r| r.get(col).map_or(0, |v| v.chars().count()))
                .max()
                .unwrap_or(0);
            (longest + 2).min(MAX_TEXT_WIDTH).max(header) as f64
        }
    }
}

/// How many lines `text` takes wrapped in a column `width` units wide. A
/// unit is the width of a digit; an average letter of the default font is
/// narrower, about 1.2 letters to the unit.
fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = ((width * LETTERS_PER_UNIT) as usize)
        .saturating_sub(2)
        .max(1);
    let mut lines = 1;
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if used > 0 && used + 1 + len > room {
            lines += 1;
            used = 0;
        }
        used += if used > 0 { 1 + len } else { len };
        lines += used.saturating_sub(1) / room;
        used = if used > room { used % room } else { used };
    }
    lines
}

/// A cell holds at most 32,767 characters; longer text is cut, marked.
fn cell_text(value: &str) -> String {
    if value.chars().count() <= MAX_CELL_CHARS {
        return value.to_string();
    }
    let mut cut: String = value.chars().take(MAX_CELL_CHARS - 20).collect();
    cut.push_str(" [cut: see the CSV]");
    cut
}

/// A number as a person writes it: `2`, `0.5`, `0.3`.
fn num(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// The "How to read" sheet: what each sheet and column holds, the formulas
/// in words with the constants in use, and the bands with what produces them
/// in this workbook, highest band first.
fn write_guide(
    sheet: &mut Worksheet,
    outcome: &Outcome,
    s: &Scoring,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(HOW_TO_READ_SHEET)?;
    sheet.set_column_width(0, GUIDE_TERM_WIDTH)?;
    sheet.set_column_width(1, GUIDE_WIDTH)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.write_string_with_format(0, 0, "How to read this workbook", &formats.title)?;
    let mut guide = Guide {
        sheet,
        formats,
        row: 1,
    };
    guide.line(
        "",
        "credence compares articles about the same story and asks of each: do other \
         sources confirm its checkable claims, does it contradict what most of them say, \
         and does it cite sources a reader can check? Sources has one row per outlet, \
         Articles one per article, Findings one per piece of evidence. Every number can \
         be traced to its findings: filter Findings by article or source, and click an \
         article there to open its row on Articles.",
    )?;
    guide.line(
        "",
        "Numbers are stored as numbers (sub-scores with 3 decimals, credibility with 1), \
         so they sort and filter as numbers. The header rows are frozen and filtered. \
         Credibility is shaded from red to green; the shades follow the bands below.",
    )?;

    for (name, spec) in [
        (SOURCES_SHEET, SourceRow::SPEC),
        (ARTICLES_SHEET, ArticleRow::SPEC),
        (FINDINGS_SHEET, FindingRow::SPEC),
    ] {
        guide.heading(&format!("{name} sheet: columns"))?;
        for column in spec {
            guide.line(column.name, column.help)?;
        }
    }

    guide.heading("The scores")?;
    let one = |n: f64| 1.0 - (1.0 - s.per_conflict).powf(n);
    let vague_alone = 1.0 / (1.0 + s.prior_citations);
    let none = compute(&Counts::default(), s).credibility;
    let lines = [
        (
            "corroboration".to_string(),
            format!(
                "(corroborated claims + {pc} × {pr}) ÷ (claims + {pc}). The {pc} imaginary \
                 claims, each {pr} confirmed, keep an article with few claims near {pr}: \
                 one lucky or unlucky claim cannot swing it to 0 or 1.",
                pc = num(s.prior_claims),
                pr = num(s.prior_rate),
            ),
        ),
        (
            "conflict".to_string(),
            format!(
                "1 − {keep}^C, where C counts the conflicting claims (a claim only \
                 outdated by later reports counts {sw}; a conflict with the story's account \
                 counts {acw} times the article's distance from the story's mean stance, \
                 the share of the weighted vote rejecting the account, an article that only \
                 doubts it in passing standing at {dw}; a copy altering the text its fellow \
                 copies give counts {aw}){one}. Each conflict takes {pc} of what \
                 is left: one conflict gives {c1}, two {c2}, three {c3}.",
                keep = num(1.0 - s.per_conflict),
                sw = num(s.superseded_weight),
                acw = num(s.account_weight),
                dw = num(s.doubt_stance),
                aw = num(s.altered_copy_weight),
                one = if s.one_per_sentence {
                    "; the conflicting claims of one sentence count once, the heaviest"
                } else {
                    ""
                },
                pc = num(s.per_conflict),
                c1 = num(one(1.0)),
                c2 = num(one(2.0)),
                c3 = num(one(3.0)),
            ),
        ),
        (
            "vagueness".to_string(),
            format!(
                "V ÷ (V + N + {pc}), where V and N add up the weights of the vague and the \
                 named citations (each rule's weight: credence rules list). One vague \
                 citation and nothing else gives {v1}.",
                pc = num(s.prior_citations),
                v1 = num(vague_alone),
            ),
        ),
        (
            "credibility".to_string(),
            format!(
                "100 × ({wc} × corroboration + {wk} × (1 − conflict) + {wv} × (1 − \
                 vagueness)). An article with no findings at all scores {none}; one \
                 conflict costs up to {cost} points.",
                wc = num(s.weight_corroboration),
                wk = num(s.weight_conflict),
                wv = num(s.weight_vagueness),
                none = num((none * 10.0).round() / 10.0),
                cost = num(100.0 * s.weight_conflict * one(1.0)),
            ),
        ),
        (
            "sources".to_string(),
            "A source's scores come from the sums of its articles' counts, through the \
             same formulas."
                .to_string(),
        ),
        (
            "top_reasons".to_string(),
            format!(
                "For each rule, how many points credibility would change if its findings \
                 were removed; the {} largest, of at least {} points.",
                s.top_reasons,
                num(s.min_reason_points)
            ),
        ),
    ];
    for (term, text) in &lines {
        guide.line(term, text)?;
    }

    guide.heading("Score bands")?;
    let profiles = band_profiles(&outcome.scores, &outcome.sources, s);
    for profile in profiles.iter().rev() {
        let band = profile.band;
        let seen = if profile.articles == 0 {
            "No article of this workbook is in this band.".to_string()
        } else {
            let t = &profile.mean;
            format!(
                "In this workbook: {} article(s), {} source(s). Per article on average: \
                 {:.1} corroborated, {:.1} conflicting and {:.1} unique claims; {:.1} vague \
                 and {:.1} named citations.",
                profile.articles,
                profile.sources,
                t.corroborated,
                t.conflicting,
                t.unique,
                t.vague_citations,
                t.named_citations
            )
        };
        guide.line(
            &format!("{} ({})", band.label, band.range()),
            &format!("{}. {seen}", capitalise(&band.meaning)),
        )?;
    }
    Ok(())
}

/// Rows of term and explanation, under headings.
struct Guide<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a Formats,
    row: u32,
}

impl Guide<'_> {
    fn line(&mut self, term: &str, text: &str) -> Result<(), XlsxError> {
        let f = self.formats;
        self.sheet
            .write_string_with_format(self.row, 0, term, &f.term)?
            .write_string_with_format(self.row, 1, text, &f.prose)?;
        let lines = wrapped_lines(text, GUIDE_WIDTH).max(wrapped_lines(term, GUIDE_TERM_WIDTH));
        if lines > 1 {
            self.sheet
                .set_row_height(self.row, (LINE_HEIGHT * lines as f64).min(MAX_ROW_HEIGHT))?;
        }
        self.row += 1;
        Ok(())
    }

    fn heading(&mut self, text: &str) -> Result<(), XlsxError> {
        let f = self.formats;
        self.row += 1;
        self.sheet
            .write_string_with_format(self.row, 0, text, &f.heading)?
            .write_string_with_format(self.row, 1, "", &f.heading)?;
        self.row += 1;
        Ok(())
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_write_them() {
        for (value, expected) in [(2.0, "2"), (0.5, "0.5"), (0.3, "0.3"), (0.875, "0.875")] {
            assert_eq!(num(value), expected, "{value}");
        }
    }

    #[test]
    fn wrapped_lines_are_counted_by_words() {
        for (text, width, expected) in [
            ("", 10.0, 1),
            ("short", 10.0, 1),
            ("one two three four", 8.0, 3),
            ("aaaaaaaaaaaaaaaaaaaa", 10.0, 2),
        ] {
            assert_eq!(wrapped_lines(text, width), expected, "{text:?}");
        }
    }

    #[test]
    fn overlong_cells_are_cut_and_marked() {
        let long = "é".repeat(MAX_CELL_CHARS + 5);
        let cut = cell_text(&long);
        assert!(cut.chars().count() <= MAX_CELL_CHARS);
        assert!(cut.ends_with("[cut: see the CSV]"));
        assert_eq!(cell_text("short"), "short");
    }
}
