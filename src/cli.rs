//! The command line (clap derive): one enum of subcommands, one struct of options each.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kioku",
    version,
    about = "Flashcards from your Markdown notes, studied in the terminal",
    after_help = "Examples:\n  kioku                         the quiz screen (on a terminal)\n  kioku import notes/           Markdown notes → decks/\n  kioku quiz --deck aws --missed\n  kioku export --format apkg -o kioku.apkg\n  kioku paths                   where settings, progress and caches are\n\n`kioku COMMAND --help` shows each command's options and examples."
)]
pub struct Cli {
    #[command(flatten)]
    pub places: PlaceArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where kioku keeps your progress and settings, and where it finds decks.
#[derive(Debug, Args)]
pub struct PlaceArgs {
    /// Data directory (review log); default $KIOKU_DATA_DIR, else ~/.local/share/kioku
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Config directory (config.toml); default $KIOKU_CONFIG_DIR, else ~/.config/kioku
    #[arg(long, global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// This machine's state (its device id); default $KIOKU_STATE_DIR, else ~/.local/state/kioku
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Caches; default $KIOKU_CACHE_DIR, else a folder per data directory in ~/.cache/kioku
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Folder of decks to study; default ./decks when present, else the data directory's decks/
    #[arg(long, global = true, value_name = "DIR")]
    pub decks: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn Markdown notes into TOML decks (card ids are kept across edits)
    #[command(
        after_help = "Examples:\n  kioku import                      notes/ → decks/\n  kioku import notes/aws.md --report  one file, and what made no card\n  kioku import --check               exit 1 if a deck is out of date\n  kioku import --anki export.txt     Anki's \"Notes in Plain Text\" → decks/export.toml"
    )]
    Import(ImportArgs),
    /// Validate deck files
    #[command(after_help = "Examples:\n  kioku check\n  kioku check decks/aws-services.toml")]
    Check(CheckArgs),
    /// Show decks and their section trees with card counts
    #[command(after_help = "Examples:\n  kioku list\n  kioku list decks/aws-services.toml")]
    List(ListArgs),
    /// Per deck and section: cards new, learning, due and missed
    #[command(
        after_help = "Examples:\n  kioku due\n  kioku due --deck aws --section \"Amazon S3\""
    )]
    Due(DueArgs),
    /// Where you stand: reviews per day, streaks, the 30-day forecast, retention per week,
    /// every section's strength weakest first, leeches (the stats screen, `S`, as text)
    #[command(after_help = "Examples:\n  kioku stats\n  kioku stats --json | jq .streak")]
    Stats(StatsArgs),
    /// The latest entries of the review log, readable
    #[command(after_help = "Example:\n  kioku review-log --tail 50")]
    ReviewLog(ReviewLogArgs),
    /// Fit FSRS parameters to your own reviews
    #[command(
        after_help = "Example:\n  kioku optimize      (saves them to config.toml when they predict better)"
    )]
    Optimize,
    /// Study now in the quiz screen (what `kioku` with no arguments opens on a terminal)
    #[command(
        after_help = "Examples:\n  kioku quiz --deck aws --mode type\n  kioku quiz --missed\n  kioku quiz --section \"ELB > ALB\" --cram"
    )]
    Quiz(QuizArgs),
    /// Search and list cards with their state, due date, stability and lapses
    #[command(
        after_help = "Examples:\n  kioku cards --search 耐久性\n  kioku cards --leeches --sort=-lapses"
    )]
    Cards(CardsArgs),
    /// One card: its text, where it comes from, and its review history
    #[command(after_help = "Example:\n  kioku show fnncu98ds8")]
    Show(ShowArgs),
    /// Cards out: an Anki package (.apkg), or a CSV or JSON table
    #[command(
        after_help = "Examples:\n  kioku export --format apkg -o aws.apkg             import it into Anki (again to update)\n  kioku export --format csv --deck aws -o aws.csv\n  kioku export --format json --section \"Amazon S3\" | jq length"
    )]
    Export(ExportArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  kioku completions bash > ~/.local/share/bash-completion/completions/kioku\n  kioku completions zsh > ~/.zfunc/_kioku\n  kioku completions fish > ~/.config/fish/completions/kioku.fish"
    )]
    Completions(CompletionsArgs),
    /// Where kioku keeps its settings, progress, device id, decks and caches
    #[command(after_help = "Examples:\n  kioku paths\n  kioku paths --data-dir ~/Sync/kioku")]
    Paths,
    /// A timed multiple-choice practice exam (`--history`: the results so far)
    #[command(
        after_help = "Examples:\n  kioku exam --deck aws --count 20 --minutes 40\n  kioku exam --section \"Amazon S3\" --seed 7\n  kioku exam --history"
    )]
    Exam(ExamArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// apkg: an Anki package (needs -o); csv or json: a table of the cards
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Only decks whose name contains this
    #[arg(long)]
    pub deck: Option<String>,
    /// Only sections matching this path or part of it (`Amazon S3`, `ELB > ALB`)
    #[arg(long)]
    pub section: Option<String>,
    /// File to write (replaced whole); csv and json go to standard output without it
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// An Anki package: kioku's own note types, one note per card, images included
    Apkg,
    /// id, deck, section, kind, front, back, state, due
    Csv,
    /// The same columns as objects
    Json,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    /// Only cards whose front or back has every one of these words (case and width do not matter)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only decks whose name contains this
    #[arg(long)]
    pub deck: Option<String>,
    /// Only sections matching this path or part of it (`Amazon S3`, `ELB > ALB`)
    #[arg(long)]
    pub section: Option<String>,
    /// Only cards in this state: new, learning, relearning, review, suspended, buried
    #[arg(long, value_name = "STATE", value_parser = parse_status)]
    pub state: Option<crate::study::browse::Status>,
    /// Only flagged cards
    #[arg(long)]
    pub flagged: bool,
    /// Only leeches (lapsed `leech_lapses` times or more)
    #[arg(long)]
    pub leeches: bool,
    /// Sort by a column: id, deck, section, kind, front, state, due, stability, lapses, flagged;
    /// `--sort=-lapses` for the most first
    #[arg(long, value_name = "COLUMN", value_parser = parse_sort, allow_hyphen_values = true)]
    pub sort: Option<crate::study::browse::Sort>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The card's id (as `kioku cards` lists it)
    pub id: String,
}

fn parse_status(s: &str) -> Result<crate::study::browse::Status, String> {
    use crate::study::browse::Status;
    Status::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        format!("`{s}` is not a state; one of {}", names.join(", "))
    })
}

fn parse_sort(s: &str) -> Result<crate::study::browse::Sort, String> {
    use crate::study::browse::{Column, Sort};
    Sort::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.as_str()).collect();
        format!(
            "`{s}` is not a column; one of {} (with a leading `-` for the other way)",
            names.join(", ")
        )
    })
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Only decks whose name contains this
    #[arg(long)]
    pub deck: Option<String>,
    /// Only sections matching this path or part of it (`Amazon S3`, `ELB > ALB`)
    #[arg(long)]
    pub section: Option<String>,
    /// Review the missed cards (latest answer Again, or a recent lapse) instead of what is due
    #[arg(long, conflicts_with_all = ["ahead", "cram", "failed"])]
    pub missed: bool,
    /// Let N more new cards in today (recorded in the log, so every count agrees), then study
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u32).range(1..),
        conflicts_with_all = ["missed", "ahead", "cram", "failed"]
    )]
    pub more_new: Option<u32>,
    /// Study ahead: the cards due within this many days (`2d` or `2`), answered as normal reviews
    #[arg(long, value_name = "DAYS", value_parser = parse_days, conflicts_with_all = ["cram", "failed"])]
    pub ahead: Option<u32>,
    /// Every card of the selection in note order, whatever its due date; answers change no schedule
    #[arg(long, conflicts_with = "failed")]
    pub cram: bool,
    /// Only the cards answered Again within this many days (`3d` or `3`)
    #[arg(long, value_name = "DAYS", value_parser = parse_days)]
    pub failed: Option<u32>,
    /// How cards are asked
    #[arg(long, value_enum, default_value_t = ModeArg::Flip)]
    pub mode: ModeArg,
    /// At most this many cards
    #[arg(long)]
    pub limit: Option<usize>,
    /// At most this many new cards (within the daily limit)
    #[arg(long)]
    pub new: Option<usize>,
}

/// A number of days: `2d`, or plain `2`; at least 1.
pub fn parse_days(s: &str) -> Result<u32, String> {
    let t = s.trim();
    let digits = t.strip_suffix('d').unwrap_or(t);
    match digits.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        Ok(_) => Err("at least 1 day".into()),
        Err(_) => Err(format!(
            "`{s}` is not a number of days: write it like `2d` or `2`"
        )),
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    /// Show the answer and rate yourself
    Flip,
    /// Type the answer
    Type,
    /// Pick one of four
    Choice,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Only decks whose name contains this
    #[arg(long)]
    pub deck: Option<String>,
    /// Only sections matching this path or part of it (`Amazon S3`, `ELB > ALB`)
    #[arg(long)]
    pub section: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReviewLogArgs {
    /// How many of the latest entries to show
    #[arg(long, default_value_t = 20)]
    pub tail: usize,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Notes files or folders of *.md files
    #[arg(default_value = "notes")]
    pub notes: Vec<PathBuf>,
    /// Folder the decks are written to
    #[arg(long, default_value = "decks")]
    pub out: PathBuf,
    /// Print cards per kind and section, skipped lines, and id changes
    #[arg(long)]
    pub report: bool,
    /// Write nothing; exit 1 if any deck is not up to date with its notes
    #[arg(long)]
    pub check: bool,
    /// Read Anki's "Notes in Plain Text" export (a .txt with `#` headers) instead of notes
    #[arg(long, value_name = "FILE.txt", conflicts_with_all = ["notes", "report", "check"])]
    pub anki: Option<PathBuf>,
    /// With --anki: the deck's name (default: the file's name)
    #[arg(long, requires = "anki")]
    pub deck: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or folders of *.toml decks
    #[arg(default_value = "decks")]
    pub decks: Vec<PathBuf>,
    /// Also hash the whole review log against the history snapshot (start-up trusts the
    /// log file's identity and a sample of it)
    #[arg(long)]
    pub deep: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Deck files or folders of *.toml decks
    #[arg(default_value = "decks")]
    pub decks: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExamArgs {
    /// Only decks whose name contains this
    #[arg(long)]
    pub deck: Option<String>,
    /// Only sections matching this path or part of it (`Amazon S3`, `ELB > ALB`)
    #[arg(long)]
    pub section: Option<String>,
    /// How many questions (at most the cards that can be asked as multiple choice)
    #[arg(long, default_value_t = 65, value_parser = clap::value_parser!(u32).range(1..))]
    pub count: u32,
    /// Time allowed; default two minutes a question (the SAA's 130 for 65)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub minutes: Option<u32>,
    /// The same seed, scope and count give the same questions in the same order
    #[arg(long)]
    pub seed: Option<u64>,
    /// List the exams taken so far, on every machine, newest first
    #[arg(long, conflicts_with_all = ["deck", "section", "count", "minutes", "seed"])]
    pub history: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print the figures as JSON, for scripts
    #[arg(long)]
    pub json: bool,
}
