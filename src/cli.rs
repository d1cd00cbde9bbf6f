//! The command line (clap derive): one enum of subcommands, one struct of options each.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kioku",
    version,
    about = "Flashcards from your Markdown notes, studied in the terminal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn Markdown notes into TOML decks (card ids are kept across edits)
    Import(ImportArgs),
    /// Validate deck files
    Check(CheckArgs),
    /// Show decks and their section trees with card counts
    List(ListArgs),
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
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or folders of *.toml decks
    #[arg(default_value = "decks")]
    pub decks: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Deck files or folders of *.toml decks
    #[arg(default_value = "decks")]
    pub decks: Vec<PathBuf>,
}
