//! Printers: the only code that writes results to stdout. A command hands the [`Printer`]
//! a value that implements [`Render`]; the format, picked once from the command line,
//! decides whether it is written as text for people (coloured on a terminal), one JSON
//! document, or JSON lines.

mod articles;
mod batch;
mod json;
mod show;
mod text;

pub use articles::{Extracted, Shown};
pub use batch::{write_item, BatchFormat, BatchPrinter};
pub use show::{Opened, OpenedView};
pub use text::report_line;

use std::io::{self, Write};

use serde::Serialize;
use termcolor::{BufferedStandardStream, ColorChoice, WriteColor};

/// Output format of `query`, `stats`, `speakers`, `extract`, `index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: aligned, coloured on a terminal.
    Text,
    /// One JSON document.
    Json,
    /// One JSON value a line (a hit, an article, a speaker; or the whole value).
    Jsonl,
}

/// A result that can be printed in every format.
pub trait Render: Serialize {
    /// Writes the value for people; long passages wrap at `width` columns when it is set
    /// (on a terminal).
    fn text(&self, w: &mut dyn WriteColor, width: Option<usize>) -> io::Result<()>;

    /// Writes the value as JSON lines: by default the whole value on one line; lists
    /// write one item a line.
    fn json_lines(&self, w: &mut dyn Write) -> io::Result<()> {
        json::line(w, self)
    }
}

/// Writes results to stdout in one format.
pub struct Printer {
    out: BufferedStandardStream,
    format: Format,
    width: Option<usize>,
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
            width: None,
        }
    }

    /// Wraps long passages of text output at `width` columns (`None`: no wrapping).
    pub fn wrap_at(mut self, width: Option<usize>) -> Self {
        self.width = width;
        self
    }

    /// Prints `value` in the printer's format and flushes.
    pub fn print<R: Render + ?Sized>(&mut self, value: &R) -> io::Result<()> {
        match self.format {
            Format::Text => value.text(&mut self.out, self.width)?,
            Format::Json => {
                serde_json::to_writer_pretty(&mut self.out, value)?;
                self.out.write_all(b"\n")?;
            }
            Format::Jsonl => value.json_lines(&mut self.out)?,
        }
        self.out.flush()
    }
}
