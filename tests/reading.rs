//! Reading the results: the workbook (`--xlsx`), `--bom`, `credence explain`,
//! the summary table and the score bands, through the binary.

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::*;
use credence::report::{ArticleRow, Column, FindingRow, Kind, Row, SourceRow};
use unicode_width::UnicodeWidthStr;

const SHEETS: [&str; 4] = ["Sources", "Articles", "Findings", "How to read"];

/// Scores the sample into a fresh folder with the CSVs and `report.xlsx`.
fn sample_with_workbook(extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "--quiet", "--out"])
        .arg(out.path())
        .arg("--xlsx")
        .arg(out.path().join("report.xlsx"))
        .args(extra)
        .arg(sample_stories())
        .assert()
        .success();
    out
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A CSV cell as the workbook holds it: the CSV's formula guard (a leading
/// `'` before `= + - @`, tab or CR) is not needed in a typed text cell.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The text of a sheet cell, whatever its type.
fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

#[test]
fn workbook_sheets_hold_the_csv_rows_with_typed_cells() {
    let out = sample_with_workbook(&[]);
    let mut book = open(&out.path().join("report.xlsx"));
    assert_eq!(book.sheet_names(), SHEETS);

    let tables: [(&str, &str, &[Column]); 3] = [
        ("Sources", "sources.csv", SourceRow::SPEC),
        ("Articles", "articles.csv", ArticleRow::SPEC),
        ("Findings", "findings.csv", FindingRow::SPEC),
    ];
    for (sheet, file, spec) in tables {
        let csv = read_csv(&out.path().join(file));
        assert!(!csv.rows.is_empty(), "{file} has rows");
        let range = book.worksheet_range(sheet).unwrap();
        let styles = book.worksheet_style(sheet).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        let header: Vec<String> = rows[0].iter().map(text).collect();
        assert_eq!(header, csv.header, "{sheet}: header");
        assert_eq!(
            rows.len() - 1,
            csv.rows.len(),
            "{sheet}: one row per CSV row"
        );
        for (r, (cells, expected)) in rows[1..].iter().zip(&csv.rows).enumerate() {
            for (c, column) in spec.iter().enumerate() {
                let want = &expected[column.name];
                let cell = &cells[c];
                let style = styles.get((r as u32 + 1, c as u32));
                let format = style
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str());
                let at = format!("{sheet} row {} column {}", r + 2, column.name);
                match column.kind {
                    Kind::Count | Kind::Fraction | Kind::Points => {
                        let Data::Float(value) = cell else {
                            panic!("{at}: a number, not {cell:?}");
                        };
                        assert_eq!(*value, want.parse::<f64>().unwrap(), "{at}");
                        let fixed = match column.kind {
                            Kind::Count => "0",
                            Kind::Fraction => "0.000",
                            _ => "0.0",
                        };
                        assert_eq!(format, Some(fixed), "{at}: number format");
                    }
                    Kind::Text | Kind::Prose => {
                        let Data::String(value) = cell else {
                            // An empty text cell is simply not written.
                            assert!(want.is_empty() && cell == &Data::Empty, "{at}: {cell:?}");
                            continue;
                        };
                        assert_eq!(value, unguarded(want), "{at}");
                        let wrapped = style
                            .and_then(|s| s.alignment.as_ref())
                            .is_some_and(|a| a.wrap_text);
                        assert_eq!(wrapped, column.kind == Kind::Prose, "{at}: wrapping");
                    }
                }
            }
        }
    }
}

#[test]
fn each_finding_links_to_its_article_row() {
    let out = sample_with_workbook(&[]);
    let mut book = open(&out.path().join("report.xlsx"));
    let findings = book.worksheet_range("Findings").unwrap();
    let articles = book.worksheet_range("Articles").unwrap();
    let links = book.hyperlinks_by_sheet_name("Findings").unwrap();
    let column = |name: &str| {
        FindingRow::SPEC
            .iter()
            .position(|c| c.name == name)
            .unwrap()
    };
    let (story, article) = (column("story"), column("article"));
    let a_story = ArticleRow::SPEC
        .iter()
        .position(|c| c.name == "story")
        .unwrap();
    let rows = findings.height() as u32;
    assert!(rows > 10, "the sample has findings");
    for row in 1..rows {
        let link = links
            .iter()
            .find(|l| l.contains(row, article as u32))
            .unwrap_or_else(|| panic!("finding row {} has a link", row + 1));
        let location = link.location.as_deref().expect("an internal link");
        let cell = location
            .strip_prefix("'Articles'!")
            .or_else(|| location.strip_prefix("Articles!"))
            .unwrap_or_else(|| panic!("{location} points into Articles"));
        let (col, target_row) = cell_position(cell);
        let id = findings.get_value((row, article as u32)).unwrap();
        assert_eq!(
            articles.get_value((target_row, col)),
            Some(id),
            "{location}"
        );
        assert_eq!(
            articles.get_value((target_row, a_story as u32)),
            findings.get_value((row, story as u32)),
            "{location}: same story"
        );
    }
}

/// `B12` -> (column 1, row 11), zero-based.
fn cell_position(cell: &str) -> (u32, u32) {
    let split = cell.find(|c: char| c.is_ascii_digit()).unwrap();
    let (letters, digits) = cell.split_at(split);
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    (col, digits.parse::<u32>().unwrap() - 1)
}

/// The XML of the workbook's `n`th sheet, as stored in the file.
fn sheet_xml(path: &Path, n: usize) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml"))
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn header_rows_are_frozen_and_filtered_and_credibility_is_shaded() {
    let out = sample_with_workbook(&[]);
    let path = out.path().join("report.xlsx");
    let csv_rows = |file: &str| read_csv(&out.path().join(file)).rows.len();
    for (n, columns, rows) in [
        (1, SourceRow::COLUMNS, csv_rows("sources.csv")),
        (2, ArticleRow::COLUMNS, csv_rows("articles.csv")),
        (3, FindingRow::COLUMNS, csv_rows("findings.csv")),
    ] {
        let xml = sheet_xml(&path, n);
        assert!(
            xml.contains(r#"ySplit="1" topLeftCell="A2""#) && xml.contains(r#"state="frozen""#),
            "sheet {n}: frozen header row"
        );
        let last = (b'A' + columns.len() as u8 - 1) as char;
        assert!(
            xml.contains(&format!(r#"<autoFilter ref="A1:{last}{}"/>"#, rows + 1)),
            "sheet {n}: filter over the table"
        );
        let shaded = columns.iter().position(|&c| c == "credibility");
        if let Some(col) = shaded {
            let letter = (b'A' + col as u8) as char;
            assert!(
                xml.contains(&format!(
                    r#"<conditionalFormatting sqref="{letter}2:{letter}{}"><cfRule type="colorScale""#,
                    rows + 1
                )),
                "sheet {n}: credibility shaded"
            );
        }
    }
}

/// The "How to read" sheet as (term, text) pairs.
fn guide(path: &Path) -> Vec<(String, String)> {
    let mut book = open(path);
    let range = book.worksheet_range("How to read").unwrap();
    range
        .rows()
        .map(|r| {
            (
                r.first().map(text).unwrap_or_default(),
                r.get(1).map(text).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn how_to_read_explains_every_column_and_the_bands() {
    let out = sample_with_workbook(&[]);
    let lines = guide(&out.path().join("report.xlsx"));
    for (sheet, columns) in [
        ("Sources", SourceRow::COLUMNS),
        ("Articles", ArticleRow::COLUMNS),
        ("Findings", FindingRow::COLUMNS),
    ] {
        // The sheet's heading, then one line per column, in order.
        let heading = format!("{sheet} sheet: columns");
        let at = lines
            .iter()
            .position(|(t, _)| *t == heading)
            .expect(&heading);
        for (i, column) in columns.iter().enumerate() {
            let (term, explanation) = &lines[at + 1 + i];
            assert_eq!(term, column, "{heading}");
            assert!(explanation.len() > 20, "{column}: {explanation}");
        }
    }
    let rules = credence::load_rules(None).unwrap();
    let sources = read_csv(&out.path().join("sources.csv"));
    for band in &rules.scoring.bands {
        let term = format!("{} ({})", band.label, band.range());
        let (_, explanation) = lines
            .iter()
            .find(|(t, _)| *t == term)
            .unwrap_or_else(|| panic!("band {term} defined"));
        let in_band = sources
            .rows
            .iter()
            .filter(|s| {
                let score: f64 = s["credibility"].parse().unwrap();
                rules.scoring.band(score).map(|b| &b.label) == Some(&band.label)
            })
            .count();
        // One article per source in the sample.
        assert!(
            explanation.contains(&format!("{in_band} article(s), {in_band} source(s)"))
                || (in_band == 0 && explanation.contains("No article")),
            "{term}: {explanation}"
        );
    }
}

/// The formulas on "How to read" take their numbers from the rules in use.
#[test]
fn how_to_read_follows_the_scoring_rules() {
    let rules = rules_copy();
    let scoring = std::fs::read_to_string(rules.path().join("scoring.toml")).unwrap();
    let changed = scoring
        .replace("per_conflict = 0.5", "per_conflict = 0.4")
        .replace("prior_citations = 1.0", "prior_citations = 3.0");
    assert_ne!(changed, scoring, "the constants are where the test expects");
    std::fs::write(rules.path().join("scoring.toml"), changed).unwrap();
    let out = tempfile::tempdir().unwrap();
    let book = out.path().join("r.xlsx");
    credence()
        .args(["score", "-q", "--out"])
        .arg(out.path())
        .arg("--rules")
        .arg(rules.path())
        .arg("--xlsx")
        .arg(&book)
        .arg(sample_stories())
        .assert()
        .success();
    let lines = guide(&book);
    // A sub-score is named twice, as a column and as a formula; the formula is last.
    let last = |term: &str| {
        lines
            .iter()
            .rev()
            .find(|(t, _)| t == term)
            .map(|(_, x)| x.clone())
            .unwrap()
    };
    let conflict = last("conflict");
    assert!(conflict.contains("1 − 0.6^C"), "{conflict}");
    assert!(
        conflict.contains("one conflict gives 0.4, two 0.64"),
        "{conflict}"
    );
    let vagueness = last("vagueness");
    assert!(vagueness.contains("V ÷ (V + N + 3)"), "{vagueness}");
    assert!(vagueness.contains("gives 0.25"), "{vagueness}");
}

#[test]
fn an_unusable_workbook_path_is_refused_before_anything_is_written() {
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "--out"])
        .arg(out.path().join("csv"))
        .arg("--xlsx")
        .arg(out.path())
        .arg(sample_stories())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("is a folder"));
    assert!(!out.path().join("csv").exists(), "no CSV written either");
}

#[test]
fn the_workbook_leaves_no_temporary_file_and_can_be_replaced() {
    let out = sample_with_workbook(&[]);
    // A second run replaces the workbook in place.
    let again = out.path().join("report.xlsx");
    credence()
        .args(["score", "-q", "--xlsx"])
        .arg(&again)
        .arg(sample_stories())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "articles.csv",
            "findings.csv",
            "report.xlsx",
            "sources.csv",
            "totals.jsonl"
        ]
    );
    let book = open(&again);
    assert_eq!(book.sheet_names(), SHEETS);
}

#[test]
fn bom_starts_every_csv_and_changes_nothing_else() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let plain = score_sample();
    let marked = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "-q", "--bom", "--out"])
        .arg(marked.path())
        .arg(sample_stories())
        .assert()
        .success();
    for file in ["sources.csv", "articles.csv", "findings.csv"] {
        let without = std::fs::read(plain.path().join(file)).unwrap();
        let with = std::fs::read(marked.path().join(file)).unwrap();
        assert!(!without.starts_with(BOM), "{file}: no BOM by default");
        assert_eq!(with.strip_prefix(BOM), Some(without.as_slice()), "{file}");
    }
    let stdout = credence()
        .args(["score", "-q", "--bom"])
        .arg(sample_stories())
        .output()
        .unwrap()
        .stdout;
    let file = std::fs::read(marked.path().join("sources.csv")).unwrap();
    assert_eq!(stdout, file, "stdout gets the BOM too");
}

/// The summary table's rows: source name -> (rank, band, line).
fn summary_table(stderr: &str) -> (Vec<String>, HashMap<String, (usize, String)>) {
    let lines: Vec<String> = stderr
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("#  credibility"))
        .map(str::to_string)
        .collect();
    assert!(!lines.is_empty(), "a summary table in:\n{stderr}");
    // Every column before the source is ASCII, so the name starts where the header's does.
    let name_at = lines[0].rfind("source").unwrap();
    let mut rows = HashMap::new();
    for line in &lines[1..] {
        let fields: Vec<&str> = line[..name_at].split_whitespace().collect();
        rows.insert(
            line[name_at..].to_string(),
            (fields[0].parse().unwrap(), fields[2].to_string()),
        );
    }
    (lines, rows)
}

#[test]
fn summary_table_ranks_sources_with_their_bands() {
    let out = tempfile::tempdir().unwrap();
    let assert = credence()
        .args(["score", "--out"])
        .arg(out.path())
        .arg(sample_stories())
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let (lines, rows) = summary_table(&stderr);
    let sources = read_csv(&out.path().join("sources.csv"));
    assert_eq!(rows.len(), sources.rows.len(), "{stderr}");
    let rules = credence::load_rules(None).unwrap();
    let mut by_score: Vec<(f64, &str)> = sources
        .rows
        .iter()
        .map(|s| (s["credibility"].parse().unwrap(), s["source"].as_str()))
        .collect();
    by_score.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    for (i, (score, name)) in by_score.iter().enumerate() {
        let (rank, band) = &rows[*name];
        assert_eq!(*rank, i + 1, "{name} ranked by credibility");
        let expected = rules.scoring.band(*score).unwrap();
        assert_eq!(*band, expected.label, "{name} at {score}");
        assert!(*score >= expected.min && (*score < expected.max || expected.max == 100.0));
    }
    // Aligned: every row has its credibility end where the header's does.
    let end = lines[0].find("credibility").unwrap() + "credibility".len();
    for line in &lines[1..] {
        assert!(
            line[..end].ends_with(|c: char| c.is_ascii_digit()),
            "{line}"
        );
    }
}

#[test]
fn summary_table_fits_100_columns_whatever_the_source_names() {
    let long =
        "The Extremely Long Name of an Outlet That Goes On and On About Itself Weekly Edition";
    let wide = "東京新聞東京新聞東京新聞東京新聞東京新聞東京新聞東京新聞東京新聞東京新聞";
    let mut files = Vec::new();
    for (i, name) in [long, wide, "Short"].iter().enumerate() {
        files.push((
            format!("story/{i}.txt"),
            format!("---\nsource: {name}\n---\nThe council approved a $5 million budget on Monday, officials said.\n"),
        ));
    }
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let dir = fixture(&refs);
    let assert = credence()
        .args(["score"])
        .arg(dir.path())
        .assert()
        .success();
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let (lines, _) = summary_table(&stderr);
    assert_eq!(lines.len(), 4, "{stderr}");
    for line in &lines {
        assert!(line.width() <= 100, "{} columns: {line}", line.width());
    }
    assert!(
        lines.iter().any(|l| l.ends_with('…')),
        "long names are cut: {stderr}"
    );
    assert!(lines.iter().any(|l| l.ends_with("Short")));
}

#[test]
fn quiet_prints_no_summary_table() {
    credence()
        .args(["score", "-q"])
        .arg(sample_stories())
        .assert()
        .success()
        .stderr("");
}

/// The README's table of the sample's sources by band is what the sample gives.
#[test]
fn readme_bands_table_matches_the_sample() {
    let out = score_sample();
    let rules = credence::load_rules(None).unwrap();
    let sources = read_csv(&out.path().join("sources.csv"));
    let mut rows: Vec<&HashMap<String, String>> = sources.rows.iter().collect();
    rows.sort_by(|a, b| {
        let score = |r: &HashMap<String, String>| r["credibility"].parse::<f64>().unwrap();
        score(b).total_cmp(&score(a))
    });
    let mut table = String::from(
        "| source | credibility | band | corroborated | conflicting | unique | vague citations | named citations |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let band = rules
            .scoring
            .band(r["credibility"].parse().unwrap())
            .unwrap();
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            r["source"],
            r["credibility"],
            band.label,
            r["corroborated"],
            r["conflicting"],
            r["unique"],
            r["vague_citations"],
            r["named_citations"]
        ));
    }
    let mut bands = String::from("| band | credibility | what it means |\n|---|---|---|\n");
    for band in rules.scoring.bands.iter().rev() {
        bands.push_str(&format!(
            "| {} | {} | {} |\n",
            band.label,
            band.range(),
            band.meaning
        ));
    }
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&bands),
        "README's band definitions differ from rules/scoring.toml; expected:\n{bands}"
    );
    assert!(
        readme.contains(&table),
        "README's sample bands table is out of date; expected:\n{table}"
    );
}

#[test]
fn bad_bands_are_rule_problems_with_a_position() {
    let rules = rules_copy();
    let scoring = std::fs::read_to_string(rules.path().join("scoring.toml")).unwrap();
    std::fs::write(
        rules.path().join("scoring.toml"),
        scoring.replace("min = 60", "min = 30"),
    )
    .unwrap();
    credence()
        .args(["rules", "check", "--rules"])
        .arg(rules.path())
        .assert()
        .code(2)
        .stdout(
            predicates::str::is_match(
                r"scoring\.toml:\d+:\d+: band\[2\]\.min must be above the band before it",
            )
            .unwrap(),
        );
}

// --- explain -------------------------------------------------------------

fn explain(args: &[&str]) -> (String, std::process::Output) {
    // Whatever the environment says, stdout here is a pipe: no colour.
    let output = credence()
        .arg("explain")
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    (String::from_utf8(output.stdout.clone()).unwrap(), output)
}

#[test]
fn explain_marks_every_finding_of_a_sample_article() {
    let (id, text) = sample_article("004");
    let stories = sample_stories();
    let (stdout, output) = explain(&[&id, stories.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!stdout.contains('\u{1b}'), "no colour when piped");

    // The scores are the article's row.
    let out = score_sample();
    let articles = read_csv(&out.path().join("articles.csv"));
    let row = articles.rows.iter().find(|r| r["article"] == id).unwrap();
    let rules = credence::load_rules(None).unwrap();
    let band = rules
        .scoring
        .band(row["credibility"].parse().unwrap())
        .unwrap();
    for (label, column) in [
        ("credibility", "credibility"),
        ("corroboration", "corroboration"),
        ("conflict", "conflict"),
        ("vagueness", "vagueness"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(label) && l.split_whitespace().next() == Some(label))
            .unwrap_or_else(|| panic!("{label} line in:\n{stdout}"));
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(row[column].as_str()),
            "{line}"
        );
    }
    assert!(stdout.contains(&format!("{} ({})", band.label, band.range())));

    // Every finding is marked in place, with its rule id.
    let findings = read_csv(&out.path().join("findings.csv"));
    let mine: Vec<&HashMap<String, String>> = findings
        .rows
        .iter()
        .filter(|r| r["article"] == id)
        .collect();
    assert!(mine.len() > 10, "the article has findings");
    let spans: Vec<(usize, usize)> = mine
        .iter()
        .map(|r| (r["start"].parse().unwrap(), r["end"].parse().unwrap()))
        .collect();
    for (f, &(start, end)) in mine.iter().zip(&spans) {
        let overlaps = spans
            .iter()
            .filter(|&&(s, e)| s < end && start < e || (s, e) == (start, end))
            .count();
        let rule = &f["rule"];
        if overlaps == 1 {
            let span = text[start..end].replace('\n', " ");
            assert!(
                stdout.contains(&format!("[[{span}]]{{{rule}}}")),
                "[[{span}]]{{{rule}}} in the text"
            );
        } else {
            assert!(
                stdout.contains(&format!("{rule}}}")) || stdout.contains(&format!("{rule}, ")),
                "{rule} in a merged mark"
            );
        }
    }
    // The text itself is all there, in order, once the marks are taken out.
    let body: String = stdout
        .lines()
        .filter_map(|l| l.split_once(" | "))
        .filter(|(n, _)| n.trim().parse::<usize>().is_ok())
        .map(|(_, t)| format!("{t}\n"))
        .collect();
    let unmarked = regex::Regex::new(r"\]\]\{[^}]*\}")
        .unwrap()
        .replace_all(&body, "")
        .replace("[[", "");
    assert_eq!(unmarked.trim_end(), text.replace('\r', "").trim_end());

    // Each conflict and corroboration, with every other source's value.
    for f in mine
        .iter()
        .filter(|f| f["kind"] == "conflict" || f["kind"] == "corroborated")
    {
        let section = if f["kind"] == "conflict" {
            "Conflicts"
        } else {
            "Corroborations"
        };
        let listed = stdout.split(section).nth(1).unwrap();
        for pair in f["related"].split("; ").filter(|p| !p.starts_with("and ")) {
            let (other, value) = pair.split_once(": ").unwrap();
            assert!(
                listed.contains(&format!("({other}): {value}")),
                "{section} lists {other}: {value}"
            );
        }
    }
}

#[test]
fn explain_gives_the_weight_of_unequal_conflicts() {
    // A lone rejection of a story every other outlet tells counts for more
    // than one conflict; the summary says how much, and the score follows.
    let stories = repo().join("tests/fixtures/account-margin/lopsided");
    let (stdout, output) = explain(&["e-buzz.txt", stories.to_str().unwrap()]);
    assert!(output.status.success(), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("conflict "))
        .unwrap_or_else(|| panic!("no conflict line in:\n{stdout}"));
    let score: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let counted: f64 = line
        .rsplit("counted as ")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no weight in {line:?}"));
    assert!(counted > 1.0, "{line}");
    let keep = 1.0 - credence::load_rules(None).unwrap().scoring.per_conflict;
    assert!((score - (1.0 - keep.powf(counted))).abs() < 0.001, "{line}");

    // Where every conflict counts one, nothing is added.
    let (id, _) = sample_article("004");
    let (stdout, _) = explain(&[&id, sample_stories().to_str().unwrap()]);
    let line = stdout.lines().find(|l| l.starts_with("conflict ")).unwrap();
    let count: usize = line.split_whitespace().nth(2).unwrap().parse().unwrap();
    assert!(count > 0, "the sample article has a conflict: {line}");
    assert!(!line.contains("counted as"), "{line}");
}

#[test]
fn explain_colours_only_when_asked_and_honours_no_color() {
    let stories = sample_stories();
    let stories = stories.to_str().unwrap();
    let coloured = credence()
        .args(["explain", "004_5e93423ad06b5a5a.txt", stories])
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let coloured = String::from_utf8(coloured.stdout).unwrap();
    assert!(coloured.contains("\u{1b}["), "colour when forced");
    assert!(
        !coloured.contains("[[$1.5 billion]]"),
        "no brackets with colour"
    );
    let plain = credence()
        .args(["explain", "004_5e93423ad06b5a5a.txt", stories])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(!plain.contains('\u{1b}'), "NO_COLOR wins");
    assert!(plain.contains("[[$1.5 billion]]{claim.conflict}"));
}

#[test]
fn explain_defaults_to_the_current_folder() {
    let (id, _) = sample_article("001");
    let output = credence()
        .current_dir(sample_stories())
        .env_remove("CLICOLOR_FORCE")
        .args(["explain", &id])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with(&id), "{stdout}");
}

#[test]
fn explain_an_unknown_article_is_a_one_line_error_with_close_ids() {
    let stories = sample_stories();
    let (id, _) = sample_article("004");
    let typo = &id[..id.len() - 6];
    let (stdout, output) = explain(&[typo, stories.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("credence: no article `{typo}`")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("did you mean: {id}")), "{stderr}");
}

// --- a real spreadsheet engine --------------------------------------------

/// Runs LibreOffice headless to convert `file` into `dir` (`to` as for
/// `--convert-to`, `infilter` as for `--infilter`), with a profile of its own.
fn soffice(file: &Path, dir: &Path, to: &str, infilter: Option<&str>) -> std::path::PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.path().display()
    ))
    .args(["--headless", "--convert-to", to, "--outdir"])
    .arg(dir);
    if let Some(filter) = infilter {
        cmd.arg(format!("--infilter={filter}"));
    }
    let status = cmd.arg(file).status().unwrap_or_else(|e| {
        panic!("soffice: {e} (apt-get install -y libreoffice-calc)");
    });
    assert!(status.success(), "soffice converts {}", file.display());
    let ext = to.split(':').next().unwrap();
    let out = dir.join(file.with_extension(ext).file_name().unwrap());
    assert!(out.exists(), "{} written", out.display());
    out
}

/// LibreOffice opens the CSVs (written with `--bom`, read as UTF-8, its
/// usual import of a CSV) with the right columns, accents intact, numbers as
/// numbers and no formula run; and it reads the workbook's Sources sheet with
/// the same values as sources.csv.
#[test]
#[ignore = "needs LibreOffice (soffice); run: cargo test --test reading -- --ignored"]
fn libreoffice_reads_the_csv_files_and_the_workbook() {
    let dir = fixture(&[
        (
            "vote/a.txt",
            "---\nsource: Le Monde — société\ntitle: Zürich déjà vu\n---\nThe council approved a $5 million budget on Monday, officials said. Analysts say the café reopens.\n".as_bytes(),
        ),
        (
            "vote/b.txt",
            "---\nsource: Ærø Tidende\n---\nThe council approved a $5 million budget on Monday. Sources said the naïve plan works.\n".as_bytes(),
        ),
        (
            "vote/c.txt",
            "---\nsource: =HYPERLINK(\"x\")\n---\nThe council approved a $9 million budget on Monday, the mayor said.\n".as_bytes(),
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    credence()
        .args(["score", "-q", "--bom", "--out"])
        .arg(out.path())
        .arg("--xlsx")
        .arg(out.path().join("report.xlsx"))
        .arg(dir.path())
        .assert()
        .success();
    let converted = tempfile::tempdir().unwrap();
    for file in ["sources.csv", "articles.csv", "findings.csv"] {
        let csv = read_csv(&out.path().join(file));
        let header: Vec<String> = csv
            .header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        // 44 = comma, 34 = double quote, 76 = UTF-8.
        let xlsx = soffice(
            &out.path().join(file),
            converted.path(),
            "xlsx",
            Some("CSV:44,34,76"),
        );
        let mut book = open(&xlsx);
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).unwrap();
        let formulas = book.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{file}: no cell became a formula"
        );
        let rows: Vec<&[Data]> = range.rows().collect();
        let seen: Vec<String> = rows[0].iter().map(text).collect();
        assert_eq!(
            seen, header,
            "{file}: columns (the BOM is not part of the first)"
        );
        assert_eq!(rows.len() - 1, csv.rows.len(), "{file}: rows");
        for (cells, expected) in rows[1..].iter().zip(&csv.rows) {
            for (i, name) in csv.header.iter().enumerate() {
                let want = &expected[name];
                match (&cells[i], want.parse::<f64>()) {
                    (Data::Float(got), Ok(number)) => assert_eq!(*got, number, "{file} {name}"),
                    (Data::String(got), _) => assert_eq!(got, want, "{file} {name}"),
                    (Data::Empty, _) => assert!(want.is_empty(), "{file} {name}: {want}"),
                    (other, _) => panic!("{file} {name}: {other:?} for {want:?}"),
                }
            }
        }
        let all: String = rows.iter().flat_map(|r| r.iter().map(text)).collect();
        for accented in ["Le Monde — société", "Ærø Tidende"] {
            assert!(all.contains(accented), "{file}: {accented}");
        }
    }

    // The workbook, read back by LibreOffice: its first sheet as UTF-8 CSV.
    let back = soffice(
        &out.path().join("report.xlsx"),
        converted.path(),
        "csv:Text - txt - csv (StarCalc):44,34,76",
        None,
    );
    let sheet = read_csv(&back);
    let csv = read_csv(&out.path().join("sources.csv"));
    assert_eq!(sheet.rows.len(), csv.rows.len());
    for (got, want) in sheet.rows.iter().zip(&csv.rows) {
        for column in SourceRow::COLUMNS {
            assert_eq!(got[*column], unguarded(&want[*column]), "Sources {column}");
        }
    }
}

/// A text column keeps text that looks like a number ("1999", "007") as text.
#[test]
fn numeric_looking_text_stays_text_in_the_workbook() {
    let dir = fixture(&[
        (
            "s/a.txt",
            b"---\nsource: 1999\ntitle: 007\n---\nThe council approved a $5 million budget.\n",
        ),
        (
            "s/b.txt",
            b"---\nsource: 2024\n---\nThe council approved a $5 million budget.\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("r.xlsx");
    credence()
        .args(["score", "-q", "--xlsx"])
        .arg(&path)
        .arg(dir.path())
        .assert()
        .success();
    let mut book = open(&path);
    let sources = book.worksheet_range("Sources").unwrap();
    assert_eq!(
        sources.get_value((1, 0)),
        Some(&Data::String("1999".into()))
    );
    let articles = book.worksheet_range("Articles").unwrap();
    let title = ArticleRow::COLUMNS
        .iter()
        .position(|&c| c == "title")
        .unwrap();
    assert_eq!(
        articles.get_value((1, title as u32)),
        Some(&Data::String("007".into()))
    );
}
