//! Command-line arguments (clap derive). Binary only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

const EXIT_CODES: &str = "\
Exit status:
  0  every input was scored and every report written
  2  usage error, bad rules, an output path that cannot be written, or some
     inputs skipped (their reasons are printed; the rest are still scored)";

const EXPLAIN_HELP: &str = "\
Findings are coloured when stdout is a terminal (unless NO_COLOR is set), and
marked [[like this]]{rule.id} otherwise.

Exit status:
  0  the article was found and explained
  2  unknown article id (close ids are suggested), usage error, bad rules, or
     some inputs skipped";

/// Score news articles, and the outlets that publish them, for credibility.
#[derive(Debug, Parser)]
#[command(name = "credence", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score articles: .txt/.md files, .jsonl files, .csv manifests, folders
    /// of any mix (a folder's sub-folders are stories), or - for JSONL on stdin.
    #[command(after_help = EXIT_CODES)]
    Score {
        /// Files or folders to score; `-` reads JSONL from standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Write sources.csv, articles.csv and findings.csv into this folder
        /// (created if missing). Without it, sources.csv goes to stdout.
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Use the rules in this folder instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
        /// Threads to use (default: all cores). Output is the same for any number.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Print no summary or progress on stderr (warnings and errors still print).
        #[arg(short, long)]
        quiet: bool,
        /// Group articles whose input names no story (no `story` field, no
        /// sub-folder) into stories by their content.
        #[arg(long)]
        cluster: bool,
        /// Skip articles larger than this many bytes, with a warning.
        #[arg(long, value_name = "BYTES", default_value_t = credence::ingest::DEFAULT_MAX_BYTES)]
        max_bytes: u64,
        /// Also write the three tables as one workbook (sheets Sources, Articles,
        /// Findings and "How to read").
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Start every CSV written (files and stdout) with a UTF-8 byte-order
        /// mark, so that Excel reads accents correctly.
        #[arg(long)]
        bom: bool,
    },
    /// Explain one article's scores: its text with every finding marked, then
    /// each conflict and corroboration with what the other sources say.
    #[command(after_help = EXPLAIN_HELP)]
    Explain {
        /// The article id, as in articles.csv (a file name is enough when unique).
        #[arg(value_name = "ARTICLE_ID")]
        id: String,
        /// Files or folders to score with it, as given to `credence score`
        /// (default: the current folder).
        #[arg(value_name = "PATH", default_value = ".")]
        paths: Vec<PathBuf>,
        /// Use the rules in this folder instead of the built-in ones.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
    /// Combine the report folders of separate runs (shards of stories) into
    /// one, with the totals of a single run over everything.
    #[command(after_help = EXIT_CODES)]
    Merge {
        /// Report folders written by `credence score --out`.
        #[arg(required = true, value_name = "RUN")]
        runs: Vec<PathBuf>,
        /// Write the combined reports into this folder; without it,
        /// sources.csv goes to stdout.
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The rules the runs used (their scoring constants re-score the sources).
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
        /// Start every CSV written with a UTF-8 byte-order mark, for Excel.
        #[arg(long)]
        bom: bool,
        /// Print no summary on stderr.
        #[arg(short, long)]
        quiet: bool,
    },
    /// List, explain or check the rules.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
        /// Use the rules in this folder instead of the built-in ones.
        #[arg(long, value_name = "DIR", global = true)]
        rules: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List every citation rule: id, kind, weight, message.
    List,
    /// Explain one rule: what it flags, why, what it leaves alone, its examples.
    Explain {
        /// Rule id, such as vague.dated-report.
        id: String,
    },
    /// Load the rules and run every example; report every problem.
    Check,
}
