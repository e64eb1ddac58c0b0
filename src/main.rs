//! The `credence` binary: parses arguments, calls the library, prints, exits.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use credence::error::Error;
use credence::report;

use cli::{Cli, Command, RulesAction};

/// Exit status for usage errors, bad rules, unwritable output and skipped inputs.
const EXIT_PROBLEM: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("credence: {err}");
            ExitCode::from(EXIT_PROBLEM)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Score {
            paths,
            out,
            rules,
            threads,
            quiet,
            xlsx,
            bom,
        } => {
            let rules = credence::load_rules(rules.as_deref())?;
            // Refuse an unusable output path before spending time on scoring.
            if let Some(dir) = &out {
                report::check_dir(dir)?;
            }
            if let Some(path) = &xlsx {
                report::check_xlsx_path(path)?;
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads.unwrap_or(0))
                .build()
                .map_err(|e| Error::Usage(format!("cannot start threads: {e}")))?;
            let outcome = pool.install(|| credence::run(&paths, &rules))?;
            for warning in &outcome.warnings {
                eprintln!("credence: warning: {warning}");
            }
            // Built before any file is written, so a workbook that cannot be
            // made leaves the CSV reports untouched.
            let workbook = match &xlsx {
                Some(_) => Some(report::workbook(&outcome, &rules.scoring)?),
                None => None,
            };
            match &out {
                Some(dir) => report::write_dir_with(dir, &outcome, report::CsvOptions { bom })?,
                None => {
                    let bytes = report::sources_csv(&outcome)?;
                    let bom = if bom { report::BOM } else { &[] };
                    let mut stdout = io::stdout().lock();
                    stdout
                        .write_all(bom)
                        .and_then(|_| stdout.write_all(&bytes))
                        .map_err(|e| Error::io("<stdout>", e))?;
                }
            }
            if let (Some(path), Some(bytes)) = (&xlsx, &workbook) {
                report::write_xlsx(path, bytes)?;
            }
            if !quiet {
                eprint!("{}", summary(&outcome, out.as_deref()));
                eprint!("{}", report::source_table(&outcome, &rules.scoring));
            }
            let skipped = outcome.skipped_inputs();
            Ok(if skipped > 0 {
                ExitCode::from(EXIT_PROBLEM)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Explain { id, paths, rules } => {
            let rules = credence::load_rules(rules.as_deref())?;
            let outcome = credence::run(&paths, &rules)?;
            for warning in &outcome.warnings {
                eprintln!("credence: warning: {warning}");
            }
            let index = credence::explain::find_article(&outcome, &id)?;
            let stdout = io::stdout();
            // Colour only on a terminal, and never with NO_COLOR (anstream's rules).
            let marks = match anstream::AutoStream::choice(&stdout) {
                anstream::ColorChoice::Never => credence::explain::Marks::Plain,
                _ => credence::explain::Marks::Colour,
            };
            let text = credence::explain::explain(&outcome, index, &rules.scoring, marks);
            stdout
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| Error::io("<stdout>", e))?;
            Ok(if outcome.skipped_inputs() > 0 {
                ExitCode::from(EXIT_PROBLEM)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rules { action, rules } => {
            let loaded = match action {
                // `check` reports problems instead of failing on them.
                RulesAction::Check => match credence::load_rules(rules.as_deref()) {
                    Ok(set) => set,
                    Err(Error::Rules(problems)) => {
                        for p in &problems {
                            println!("{p}");
                        }
                        eprintln!("credence: {} problem(s) in the rules", problems.len());
                        return Ok(ExitCode::from(EXIT_PROBLEM));
                    }
                    Err(other) => return Err(other),
                },
                _ => credence::load_rules(rules.as_deref())?,
            };
            let mut stdout = io::stdout().lock();
            let text = match action {
                RulesAction::List => rules_list(&loaded),
                RulesAction::Explain { id } => rules_explain(&loaded, &id)?,
                RulesAction::Check => rules_check(&loaded),
            };
            stdout
                .write_all(text.as_bytes())
                .map_err(|e| Error::io("<stdout>", e))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn is_broken_pipe(err: &Error) -> bool {
    matches!(err, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
}

fn rules_list(rules: &credence::rules::RuleSet) -> String {
    let width = rules
        .citations
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in &rules.citations.rules {
        out.push_str(&format!(
            "{:width$}  {:14}  {:>4.2}  {}\n",
            rule.id,
            rule.kind.as_str(),
            rule.weight,
            rule.message
        ));
    }
    out
}

fn rules_explain(rules: &credence::rules::RuleSet, id: &str) -> Result<String, Error> {
    let Some(rule) = rules.citation(id) else {
        let ids: Vec<&str> = rules
            .citations
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        return Err(Error::Usage(format!(
            "no rule `{id}` (known: {})",
            ids.join(", ")
        )));
    };
    let mut out = format!(
        "{}  ({}, weight {})\n{}\n\n{}\n",
        rule.id,
        rule.kind.as_str(),
        rule.weight,
        rule.message,
        rule.explain
    );
    out.push_str(&format!(
        "\nDefined at {}\n\nFlags, with the span in [[...]]:\n",
        rule.location
    ));
    for example in &rule.hits {
        out.push_str(&format!("  {}\n", example.text));
    }
    out.push_str("Leaves alone:\n");
    for example in &rule.misses {
        out.push_str(&format!("  {}\n", example.text));
    }
    Ok(out)
}

fn rules_check(rules: &credence::rules::RuleSet) -> String {
    let c = &rules.citations.rules;
    let examples: usize = c
        .iter()
        .map(|r| r.hits.len() + r.misses.len())
        .sum::<usize>()
        + rules
            .text
            .furniture
            .iter()
            .map(|r| r.hits.len() + r.misses.len())
            .sum::<usize>()
        + rules.text.sentence_examples.len()
        + rules.claims.examples.len()
        + rules.claims.misses.len()
        + rules.contrasts.examples.len()
        + rules.contrasts.misses.len();
    format!(
        "rules ({}): {} citation rules, {} furniture rules, {} examples: all pass\n",
        rules.origin,
        c.len(),
        rules.text.furniture.len(),
        examples
    )
}

/// A few lines for a person at a terminal: what was scored, the best and worst sources.
fn summary(outcome: &credence::Outcome, out: Option<&std::path::Path>) -> String {
    let stories: std::collections::BTreeSet<&str> =
        outcome.articles.iter().map(|a| a.story.as_str()).collect();
    let mut text = format!(
        "credence: scored {} article(s) from {} source(s) in {} story(ies)",
        outcome.articles.len(),
        outcome.sources.len(),
        stories.len()
    );
    let skipped = outcome.skipped_inputs();
    if skipped > 0 {
        text.push_str(&format!("; {skipped} input(s) skipped"));
    }
    if let Some(dir) = out {
        text.push_str(&format!("; reports in {}", dir.display()));
    }
    text.push('\n');
    let mut ranked: Vec<&credence::score::SourceScore> = outcome.sources.iter().collect();
    ranked.sort_by(|a, b| {
        b.scores
            .credibility
            .total_cmp(&a.scores.credibility)
            .then(a.source.cmp(&b.source))
    });
    let show = |s: &credence::score::SourceScore| {
        let reasons: Vec<String> = s.reasons.iter().map(|r| r.to_string()).collect();
        format!(
            "  {:>5.1}  {}  {}\n",
            s.scores.credibility,
            s.source,
            reasons.join("; ")
        )
    };
    if ranked.len() <= 6 {
        ranked.iter().for_each(|s| text.push_str(&show(s)));
    } else {
        text.push_str("highest:\n");
        ranked.iter().take(3).for_each(|s| text.push_str(&show(s)));
        text.push_str("lowest:\n");
        ranked
            .iter()
            .rev()
            .take(3)
            .rev()
            .for_each(|s| text.push_str(&show(s)));
    }
    text
}
