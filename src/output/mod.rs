//! Printers: the only code that writes results to stdout. The format is picked once; the
//! library's results are rendered as text (coloured on a terminal) or JSON.

pub mod batch;
pub mod json;
pub mod text;

use std::io::{self, Write};

use serde::Serialize;
use termcolor::{BufferedStandardStream, ColorChoice, WriteColor};

/// Output format of `query`, `stats`, `speakers`, `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: aligned, coloured on a terminal.
    Text,
    /// One JSON document.
    Json,
    /// One JSON value a line (a hit, an article, a speaker).
    Jsonl,
}

/// Writes results to stdout in one format.
pub struct Printer {
    out: BufferedStandardStream,
    /// The chosen format.
    pub format: Format,
}

impl Printer {
    /// A printer on stdout; `color` decides whether text output is coloured.
    pub fn new(format: Format, color: bool) -> Self {
        let choice = if color {
            ColorChoice::AlwaysAnsi
        } else {
            ColorChoice::Never
        };
        Printer {
            out: BufferedStandardStream::stdout(choice),
            format,
        }
    }

    /// The underlying writer (for the text renderers).
    pub fn writer(&mut self) -> &mut dyn WriteColor {
        &mut self.out
    }

    /// Writes `value` as one line of JSON.
    pub fn json_line<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }

    /// Writes `value` as pretty JSON.
    pub fn json_pretty<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }

    /// Flushes buffered output.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
