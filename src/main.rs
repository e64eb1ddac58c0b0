//! The `credence` binary: parses arguments, calls the library, prints, exits.

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;
use credence::error::Error;
use credence::report;

use cli::{Cli, Command, RulesAction};

/// Scoring allocates many small, short-lived strings (terms, mentions,
/// surfaces) on every thread; mimalloc's per-thread heaps make that cheaper
/// than the system allocator (see the README's "Speed").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status for usage errors, bad rules, unwritable output and skipped inputs.
const EXIT_PROBLEM: u8 = 2;
/// Exit status after Ctrl-C, as shells report a process ended by SIGINT.
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    credence::allocator::keep_freed_pages();
    // A panic is a bug of ours: say so in one line, not with a Rust backtrace.
    // Each distinct one once: a story that panics is tried again alone
    // (see `score_articles`) and then named in a warning.
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let what = credence::error::panic_message(info.payload());
        let message =
            format!("credence: internal error: {what}{at}; please report it with the input");
        if let Ok(mut said) = SAID.lock() {
            if said.contains(&message) {
                return;
            }
            // Bounded, should a bug panic with a different message each time.
            if said.len() < 100 {
                said.push(message.clone());
            }
        }
        let _ = writeln!(io::stderr(), "{message}");
    }));
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(Error::Interrupted) => {
            eprintln!("credence: {}", Error::Interrupted);
            ExitCode::from(EXIT_INTERRUPTED)
        }
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
            cluster,
            max_bytes,
            xlsx,
            bom,
        } => {
            let rules = credence::load_rules(rules.as_deref())?;
            // Refuse an unusable output path before spending time on scoring.
            if let Some(path) = &xlsx {
                report::check_xlsx_path(path)?;
            }
            let pool = thread_pool(threads)?;
            let interrupted = on_interrupt();
            let options = credence::RunOptions {
                ingest: credence::ingest::Options { max_bytes },
                cluster,
            };
            let plan = pool.install(|| credence::plan(&paths, &options, &rules))?;
            let mut skipped = 0;
            for warning in &plan.warnings {
                skipped += usize::from(warning.skipped);
                eprintln!("credence: warning: {warning}");
            }
            // Creates the temporary files now: an unwritable folder fails here.
            let writer = report::ReportWriter::new(out.as_deref(), report::CsvOptions { bom })?;
            let progress = Progress::new(&plan, quiet);
            let whole = xlsx.as_ref().map(|_| credence::Outcome::default());
            // One group is written (and freed) while the next is scored: the
            // writing is serial, and the pool would otherwise wait for it. The
            // hand-over waits for the writer, so at most two groups are held.
            let (writer, whole) = std::thread::scope(|scope| {
                let (send, receive) = std::sync::mpsc::sync_channel::<credence::Outcome>(0);
                let writing = scope.spawn(move || -> Result<_, Error> {
                    let (mut writer, mut whole) = (writer, whole);
                    for outcome in receive {
                        writer.add(&outcome)?;
                        if let Some(whole) = &mut whole {
                            whole.absorb(outcome);
                        }
                    }
                    Ok((writer, whole))
                });
                for group in credence::story_groups(&plan) {
                    if interrupted.load(Ordering::SeqCst) {
                        break;
                    }
                    let outcome = pool.install(|| credence::score_group(&plan, &group, &rules));
                    for warning in &outcome.warnings {
                        skipped += usize::from(warning.skipped);
                        progress.suspend(|| eprintln!("credence: warning: {warning}"));
                    }
                    progress.advance(&plan, &group);
                    // Fails only when the writer has stopped on an error,
                    // which joining it reports.
                    if send.send(outcome).is_err() {
                        break;
                    }
                }
                drop(send);
                writing
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })?;
            progress.finish();
            if interrupted.load(Ordering::SeqCst) {
                return Err(Error::Interrupted);
            }
            // Built before any file is renamed, so a workbook that cannot be
            // made leaves the earlier reports untouched.
            let workbook = match whole {
                Some(mut whole) => {
                    whole.sources = writer.source_scores(&rules.scoring);
                    Some(report::workbook(&whole, &rules.scoring)?)
                }
                None => None,
            };
            let written = writer.finish(&rules.scoring)?;
            if out.is_none() {
                print_sources(&written, bom)?;
            }
            if let (Some(path), Some(bytes)) = (&xlsx, &workbook) {
                report::write_xlsx(path, bytes)?;
            }
            if !quiet {
                eprint!("{}", summary(&written, skipped, out.as_deref()));
                eprint!("{}", report::source_table(&written.sources, &rules.scoring));
            }
            Ok(exit_status(skipped))
        }
        Command::Merge {
            runs,
            out,
            rules,
            bom,
            quiet,
        } => {
            let rules = credence::load_rules(rules.as_deref())?;
            let (written, warnings) = report::merge(
                &runs,
                out.as_deref(),
                report::CsvOptions { bom },
                &rules.scoring,
            )?;
            for warning in &warnings {
                eprintln!("credence: warning: {warning}");
            }
            if out.is_none() {
                print_sources(&written, bom)?;
            }
            if !quiet {
                eprint!("{}", summary(&written, 0, out.as_deref()));
                eprint!("{}", report::source_table(&written.sources, &rules.scoring));
            }
            Ok(ExitCode::SUCCESS)
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

/// One line for a person at a terminal: what was scored and where it went.
fn summary(written: &report::Written, skipped: usize, out: Option<&std::path::Path>) -> String {
    let mut text = format!(
        "credence: scored {} article(s) from {} source(s) in {} story(ies)",
        written.articles,
        written.sources.len(),
        written.stories
    );
    if skipped > 0 {
        text.push_str(&format!("; {skipped} input(s) skipped"));
    }
    if let Some(dir) = out {
        text.push_str(&format!("; reports in {}", dir.display()));
    }
    text.push('\n');
    text
}

fn print_sources(written: &report::Written, bom: bool) -> Result<(), Error> {
    let bom = if bom { report::BOM } else { &[] };
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bom)
        .and_then(|_| stdout.write_all(&written.sources_csv))
        .and_then(|_| stdout.flush())
        .map_err(|e| Error::io("<stdout>", e))
}

fn exit_status(skipped: usize) -> ExitCode {
    if skipped > 0 {
        ExitCode::from(EXIT_PROBLEM)
    } else {
        ExitCode::SUCCESS
    }
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start threads: {e}")))
}

/// The first Ctrl-C asks the run to stop after the group of stories it is
/// scoring, removing its temporary files; a second one stops at once.
fn on_interrupt() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&flag);
    // Without a handler (another one is set), Ctrl-C still stops the run;
    // the earlier reports are intact either way, as renames come last.
    let _ = ctrlc::set_handler(move || {
        if seen.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_INTERRUPTED.into());
        }
    });
    flag
}

/// A progress bar on stderr: articles, MB/s and time left. Drawn only when
/// stderr is a terminal, and never with `--quiet`.
struct Progress {
    bar: indicatif::ProgressBar,
    articles: usize,
    done: std::cell::Cell<usize>,
}

impl Progress {
    fn new(plan: &credence::ingest::Plan, quiet: bool) -> Progress {
        let bytes: u64 = plan.entries.iter().map(|e| e.bytes).sum();
        let target = if quiet {
            indicatif::ProgressDrawTarget::hidden()
        } else {
            indicatif::ProgressDrawTarget::stderr()
        };
        let bar = indicatif::ProgressBar::with_draw_target(Some(bytes), target);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{elapsed_precise} [{bar:30}] {msg} articles, {binary_bytes_per_sec}, ETA {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        let progress = Progress {
            bar,
            articles: plan.entries.len(),
            done: std::cell::Cell::new(0),
        };
        progress.show();
        progress
    }

    fn show(&self) {
        self.bar
            .set_message(format!("{}/{}", self.done.get(), self.articles));
    }

    fn advance(&self, plan: &credence::ingest::Plan, group: &[usize]) {
        self.done.set(self.done.get() + group.len());
        self.bar
            .inc(group.iter().map(|&i| plan.entries[i].bytes).sum());
        self.show();
    }

    fn suspend(&self, f: impl FnOnce()) {
        self.bar.suspend(f);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
