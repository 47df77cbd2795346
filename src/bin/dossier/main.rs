//! The `dossier` binary: parse arguments, call the library, print, map the outcome to an
//! exit code (0 hits / 1 no hit / 2 error, as grep). A closed pipe is not an error.
//!
//! `cli.rs` defines the arguments (clap), `config.rs` turns them into one configuration and
//! library options, `commands/` runs each command, `progress.rs` draws progress and handles
//! Ctrl-C, `serve/` is the web server; this file maps a command's outcome to the exit code.

mod alloc;
mod cli;
mod commands;
mod config;
mod errors;
mod progress;
mod serve;

use std::process::ExitCode;
use std::sync::Mutex;

use cli::Cli;
use commands::{Interrupted, Outcome};

/// The binary's allocator (the library leaves the choice to its user); see `alloc.rs`.
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

/// The last panic's message and place, kept by the panic hook for the one error line.
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

fn main() -> ExitCode {
    // PDFs are read in child processes of this binary (a worker reads one and exits here).
    dossier::ingest::worker::init();
    // No Rust panic trace reaches the user: a panic is recorded here, and reported as one
    // "internal error" line if nothing recovers from it (a parser's panic only skips its file).
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let place = info
            .location()
            .map(|l| errors::panic_place(l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = format!("{message}{place}");
        }
    }));
    let cli = Cli::parse_args();
    if matches!(cli.command, cli::Command::Index(_)) {
        alloc::use_mimalloc();
    }
    let result = std::panic::catch_unwind(|| {
        if std::env::var_os("DOSSIER_TEST_PANIC").is_some() {
            panic!("panic requested by DOSSIER_TEST_PANIC");
        }
        commands::run(cli)
    });
    let result = match result {
        Ok(result) => result,
        Err(_) => {
            let last = LAST_PANIC.lock().map(|l| l.clone()).unwrap_or_default();
            eprintln!("dossier: {}", errors::panic_message(&last));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Ok(Outcome::Found) => ExitCode::SUCCESS,
        Ok(Outcome::Nothing) => ExitCode::from(1),
        Ok(Outcome::Failed) => ExitCode::from(2),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.is::<Interrupted>() => ExitCode::from(130),
        Err(err) => {
            eprintln!("dossier: {}", errors::message(&err));
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
