//! `kioku completions SHELL`: the completion script clap_complete writes from the CLI itself,
//! so it can never fall out of step with the commands.

use std::io::Write;

use clap::CommandFactory;

pub fn run(shell: clap_complete::Shell, out: &mut dyn Write) {
    let mut cmd = crate::cli::Cli::command();
    // Into memory first: clap_complete panics on a write error (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "kioku", &mut script);
    let _ = out.write_all(&script);
}
