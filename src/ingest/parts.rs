//! Container files read in parts of about a megabyte, so that a big file is parsed on every
//! core and never held in memory whole: JSONL cut at line ends, WARC at record ends.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::compressed::{self, Compression};
use super::limits;

/// Target size of a part in bytes (parts end at a line end).
pub const PART_BYTES: usize = 1 << 20;

/// Some whole lines of a file.
#[derive(Debug)]
pub struct Part {
    /// 1-based number of the part's first line (WARC: first record) in the file.
    pub first_line: usize,
    /// The lines (records), undecoded.
    pub bytes: Vec<u8>,
}

/// The parts of a file, in order.
pub struct Parts {
    reader: BufReader<Box<dyn Read + Send>>,
    next_line: usize,
    done: bool,
    /// Cut at WARC record ends, not line ends.
    warc: bool,
}

impl Parts {
    /// Opens `path` for reading in parts, decompressing it as it goes; a WARC file (`warc`)
    /// is cut at record ends.
    pub fn open(path: &Path, compression: Compression, warc: bool) -> io::Result<Self> {
        Ok(Parts {
            reader: BufReader::with_capacity(1 << 16, compressed::open(path, compression)?),
            next_line: 1,
            done: false,
            warc,
        })
    }
}

impl Iterator for Parts {
    type Item = io::Result<Part>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let first_line = self.next_line;
        let mut bytes = Vec::with_capacity(PART_BYTES + (PART_BYTES >> 3));
        while bytes.len() < PART_BYTES {
            let read = if self.warc {
                super::warc::read_record(&mut self.reader, &mut bytes)
            } else {
                read_line(&mut self.reader, &mut bytes, self.next_line)
            };
            match read {
                Ok(0) => {
                    self.done = true;
                    break;
                }
                Ok(_) => self.next_line += 1,
                // A WARC record cut short or without a length ends the file's records; the
                // bytes of it go with the part, whose parser reports it with its number.
                Err(e)
                    if self.warc
                        && limits::is_too_large(&e).is_none()
                        && matches!(
                            e.kind(),
                            io::ErrorKind::UnexpectedEof | io::ErrorKind::InvalidData
                        ) =>
                {
                    self.done = true;
                    break;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        if bytes.is_empty() {
            return None;
        }
        Some(Ok(Part { first_line, bytes }))
    }
}

/// Reads one line (number `line`) onto `out`; a line longer than [`limits::MAX_RECORD`]
/// is an error.
fn read_line(reader: &mut impl BufRead, out: &mut Vec<u8>, line: usize) -> io::Result<usize> {
    let start = out.len();
    let n = reader.take(limits::MAX_RECORD).read_until(b'\n', out)?;
    if n as u64 == limits::MAX_RECORD && out.last() != Some(&b'\n') {
        out.truncate(start);
        return Err(limits::too_large(format!(
            "line {line} is longer than {} (the limit)",
            limits::mib(limits::MAX_RECORD)
        )));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_end_at_line_ends_and_count_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let line = format!("{{\"body\": \"{}\"}}\n", "x".repeat(1000));
        let n = 3000; // about 3 MB: several parts
        std::fs::write(&path, line.repeat(n)).unwrap();
        let parts: Vec<Part> = Parts::open(&path, Compression::None, false)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(parts.len() >= 3, "{}", parts.len());
        let mut expected_line = 1;
        for p in &parts {
            assert_eq!(p.first_line, expected_line);
            assert!(p.bytes.ends_with(b"\n"));
            expected_line += p.bytes.iter().filter(|&&b| b == b'\n').count();
        }
        assert_eq!(expected_line, n + 1);
        let empty = dir.path().join("e.jsonl");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(
            Parts::open(&empty, Compression::None, false)
                .unwrap()
                .count(),
            0
        );
    }

    #[test]
    fn warc_parts_end_at_record_ends_and_keep_a_broken_last_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.warc");
        let page = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>{}</p>",
            "Harbour news. ".repeat(100)
        );
        let one = crate::ingest::warc::record("response", "https://a/1", "2024-05-01", &page);
        let n = 1500; // about 2 MB: several parts
        let mut bytes = one.repeat(n).into_bytes();
        bytes.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\nHTTP/1.1");
        std::fs::write(&path, bytes).unwrap();
        let parts: Vec<Part> = Parts::open(&path, Compression::None, true)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(parts.len() >= 2, "{}", parts.len());
        let (mut articles, mut problems) = (0, Vec::new());
        for p in &parts {
            assert!(p.bytes.starts_with(b"WARC/1.0"));
            let parsed = crate::ingest::warc::parse_records(&p.bytes, p.first_line, "a.warc", "");
            articles += parsed.articles.len();
            problems.extend(parsed.problems);
        }
        assert_eq!(articles, n);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0]
            .message
            .starts_with(&format!("record {}: WARC record cut short", n + 1)));
    }
}
