//! PDFs are read in a box of their own: a child process of the same binary (as browsers and
//! Tika read untrusted documents), with a memory bound and a time bound. The PDF library
//! recurses through the document's object graph and inflates its streams as the document
//! says: a form that draws itself overflows the stack, a page tree that loops never ends, a
//! stream can inflate to gigabytes. In a child, each of these costs only its file — it is
//! reported (crashed, too slow, too large) and the run goes on.
//!
//! A binary opts in by calling [`init`] first thing in `main`: the process it starts as a
//! worker (`<binary> __read-pdf`, the PDF's bytes on standard input, the result as JSON on
//! standard output) reads one PDF and exits. Without [`init`] (the library's own tests, other
//! programs) PDFs are read in the calling thread.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{mpsc, OnceLock};
use std::time::Duration;

use super::limits::{mib, PDF_MEMORY, PDF_SECONDS};
use super::pdf::{self, Pdf};
use super::report::SkipReason;

/// The argument that starts the binary as a PDF worker.
pub const WORKER_ARG: &str = "__read-pdf";

/// The binary to start as a worker, once [`init`] has run.
static WORKER: OnceLock<PathBuf> = OnceLock::new();

/// What a worker prints: the reader's result.
type Outcome = Result<Pdf, (SkipReason, String)>;

/// Call first thing in `main`: in a worker process, reads the PDF on standard input, prints
/// the result and exits; otherwise makes PDFs be read in workers started from this binary.
pub fn init() {
    if std::env::args_os().nth(1).is_some_and(|a| a == WORKER_ARG) {
        std::process::exit(work());
    }
    if let Ok(exe) = std::env::current_exe() {
        let _ = WORKER.set(exe);
    }
}

/// Reads a PDF's bytes: in a worker when [`init`] has run, else here.
pub fn parse_pdf(bytes: &[u8]) -> Outcome {
    match WORKER.get() {
        Some(exe) => in_worker(exe, bytes),
        None => pdf::parse_pdf(bytes),
    }
}

/// The worker's side: bounds itself, reads, answers. Its exit code is 0 when it answered.
fn work() -> i32 {
    // Panics are caught by the reader (and reported in its answer): no trace on stderr.
    std::panic::set_hook(Box::new(|_| {}));
    // Ctrl-C at the terminal reaches the whole process group: the parent decides what it
    // means, and a worker stopped by it would report its file as broken.
    let _ = ctrlc::set_handler(|| {});
    bound_self();
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        return 2;
    }
    let outcome = pdf::parse_pdf(&bytes);
    drop(bytes);
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer(&mut out, &outcome) {
        Ok(()) if out.flush().is_ok() => 0,
        _ => 2,
    }
}

/// Limits the worker's own memory and processor time, and leaves no core file if it
/// crashes.
#[cfg(unix)]
fn bound_self() {
    use rustix::process::{setrlimit, Resource, Rlimit};
    let limit = |n: u64| Rlimit {
        current: Some(n),
        maximum: Some(n),
    };
    let _ = setrlimit(Resource::Core, limit(0));
    let _ = setrlimit(Resource::As, limit(PDF_MEMORY));
    // The parent stops it at PDF_SECONDS of wall time; this is a second line.
    let _ = setrlimit(Resource::Cpu, limit(PDF_SECONDS + 5));
}

#[cfg(not(unix))]
fn bound_self() {}

/// Reads a PDF in a worker started from `exe`, stopping it after [`PDF_SECONDS`].
fn in_worker(exe: &PathBuf, bytes: &[u8]) -> Outcome {
    let spawned = Command::new(exe)
        .arg(WORKER_ARG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        // Cannot start a process (out of processes, the binary gone): read it here.
        Err(_) => return pdf::parse_pdf(bytes),
    };
    let (Some(mut stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return pdf::parse_pdf(bytes);
    };
    let (done, finished) = mpsc::channel();
    let (answer, timed_out, errors) = std::thread::scope(|scope| {
        scope.spawn(move || {
            // A worker that dies early closes its end: the error is its status's to tell.
            let _ = stdin.write_all(bytes);
        });
        let errors = scope.spawn(move || {
            let mut text = String::new();
            let _ = stderr.take(64 << 10).read_to_string(&mut text);
            text
        });
        scope.spawn(move || {
            let mut answer = Vec::new();
            let _ = stdout.read_to_end(&mut answer);
            let _ = done.send(answer);
        });
        let (answer, timed_out) = match finished.recv_timeout(Duration::from_secs(PDF_SECONDS)) {
            Ok(answer) => (answer, false),
            Err(_) => {
                // Killing it closes its pipes: the threads above end.
                let _ = child.kill();
                (Vec::new(), true)
            }
        };
        (answer, timed_out, errors.join().unwrap_or_default())
    });
    let status = child.wait();
    if timed_out {
        return Err((
            SkipReason::TooSlow,
            format!("reading it took longer than {PDF_SECONDS} s: stopped"),
        ));
    }
    if let Ok(outcome) = serde_json::from_slice::<Outcome>(&answer) {
        return outcome;
    }
    Err(crashed(&errors, status.ok()))
}

/// Why a worker gave no answer, from what it said on stderr and how it ended.
fn crashed(errors: &str, status: Option<std::process::ExitStatus>) -> (SkipReason, String) {
    if errors.contains("memory allocation") {
        return (
            SkipReason::TooLarge,
            format!(
                "reading it needs more than {} of memory: stopped",
                mib(PDF_MEMORY)
            ),
        );
    }
    if errors.contains("overflowed its stack") {
        return (
            SkipReason::Invalid,
            "the PDF reader crashed: its objects nest too deeply or draw themselves".into(),
        );
    }
    #[cfg(unix)]
    if let Some(signal) = status.and_then(|s| std::os::unix::process::ExitStatusExt::signal(&s)) {
        // SIGXCPU: the processor-time bound.
        if signal == 24 {
            return (
                SkipReason::TooSlow,
                format!("reading it took longer than {PDF_SECONDS} s: stopped"),
            );
        }
        return (
            SkipReason::Invalid,
            format!("the PDF reader crashed on it (signal {signal})"),
        );
    }
    let _ = status;
    (
        SkipReason::Invalid,
        "the PDF reader crashed on it".to_string(),
    )
}
