//! WARC web archives (`.warc`, `.warc.gz`: what news crawls such as CC-NEWS ship). Each
//! `response` record whose HTTP status is 200 and whose content is HTML becomes an article
//! through the same HTML extraction as a saved page: its `url` is the record's
//! `WARC-Target-URI`, its date the page's own metadata, else the record's `WARC-Date`. Its
//! id is the file's path and the record's number (`crawl.warc.gz#17`), stable from run to
//! run. Other responses (a redirect, an image) are left out and reported, one problem a
//! record, so that the index summary counts them; records of other types (`warcinfo`,
//! `request`, `metadata`) are not articles and are passed over. A file is read record by
//! record, in parts (see [`super::parts`]); a broken record is reported and the rest read.

use std::io::{self, BufRead, Read};

use serde_json::{Map, Value};

use super::limits::MAX_RECORD;
use super::report::Problem;
use super::ParsedFile;

/// Reads one whole record (its header, its content block and the blank lines after it) from
/// `reader`, appended to `out`; returns the bytes read, 0 at the end of the file.
pub fn read_record(reader: &mut impl BufRead, out: &mut Vec<u8>) -> io::Result<usize> {
    let start = out.len();
    let mut length: Option<u64> = None;
    let mut header_lines = 0;
    loop {
        let line_start = out.len();
        if (&mut *reader).take(MAX_RECORD).read_until(b'\n', out)? == 0 {
            if header_lines == 0 {
                out.truncate(start);
                return Ok(0);
            }
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "WARC record cut short in its header",
            ));
        }
        let line = &out[line_start..];
        let blank = line.iter().all(u8::is_ascii_whitespace);
        if blank && header_lines == 0 {
            // The blank lines that end the previous record.
            out.truncate(line_start);
            continue;
        }
        if blank {
            break;
        }
        header_lines += 1;
        if let Some(value) = header_value(line, "content-length") {
            length = value.trim().parse().ok();
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "WARC record without a valid Content-Length",
        ));
    };
    if length > MAX_RECORD {
        return Err(super::limits::too_large(format!(
            "a WARC record of {} (the limit is {})",
            super::limits::mib(length),
            super::limits::mib(MAX_RECORD)
        )));
    }
    let read = reader.take(length).read_to_end(out)?;
    if (read as u64) < length {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("WARC record cut short ({read} of {length} bytes)"),
        ));
    }
    Ok(out.len() - start)
}

/// The value of a `Name: value` header line if its name is `name` (any case).
fn header_value<'a>(line: &'a [u8], name: &str) -> Option<&'a str> {
    let line = std::str::from_utf8(line).ok()?;
    let (n, v) = line.split_once(':')?;
    n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
}

/// Headers of a block: (lower-case name, value) pairs, and the rest of the block.
fn split_headers(block: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    let (head, rest) = match find(block, b"\r\n\r\n") {
        Some(i) => (&block[..i], &block[i + 4..]),
        None => match find(block, b"\n\n") {
            Some(i) => (&block[..i], &block[i + 2..]),
            None => (block, &[][..]),
        },
    };
    let head = String::from_utf8_lossy(head);
    let headers = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (headers, rest)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn get<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// What one record is.
#[derive(Debug)]
enum Record {
    /// An HTML page: its metadata and text.
    Page(Map<String, Value>, String),
    /// A response that is not an article, and why.
    Left(String),
    /// Not a response (`warcinfo`, `request`, `metadata`...).
    Other,
}

/// Parses the records in `bytes` (whole records, the first being number `first`) into
/// articles.
pub fn parse_records(bytes: &[u8], first: usize, rel: &str, folder: &str) -> ParsedFile {
    let mut out = ParsedFile::default();
    let mut records = Vec::new();
    let mut reader = bytes;
    let mut number = first;
    loop {
        let mut record = Vec::new();
        match read_record(&mut reader, &mut record) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                out.problems
                    .push(Problem::dropped(None, format!("record {number}: {e}")));
                break;
            }
        }
        match parse_record(&record) {
            Ok(Record::Page(meta, body)) => records.push((Some(number), meta, body)),
            Ok(Record::Left(why)) => out.problems.push(Problem::dropped(
                None,
                format!("record {number}: {why}, skipped"),
            )),
            Ok(Record::Other) => {}
            Err(why) => out
                .problems
                .push(Problem::dropped(None, format!("record {number}: {why}"))),
        }
        number += 1;
    }
    if records.is_empty() && out.problems.is_empty() {
        return out.with_skip("no HTML response records");
    }
    super::finish(records, "warc", rel, folder, out)
}

/// One whole record.
fn parse_record(record: &[u8]) -> Result<Record, String> {
    if !record.starts_with(b"WARC/") {
        return Err("not a WARC record (no WARC/ version line)".into());
    }
    let (warc, block) = split_headers(record);
    if !get(&warc, "warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response")) {
        return Ok(Record::Other);
    }
    let uri = get(&warc, "warc-target-uri")
        .unwrap_or("")
        .trim_matches(['<', '>']);
    // The content block is Content-Length bytes; what follows is the records' separator.
    let length = get(&warc, "content-length")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(block.len())
        .min(block.len());
    let block = &block[..length];
    let Some(status_line) = block.split(|&b| b == b'\n').next() else {
        return Ok(Record::Left(format!("empty response ({uri})")));
    };
    let status_line = String::from_utf8_lossy(status_line);
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Ok(Record::Left(format!("not an HTTP response ({uri})")));
    }
    if status != "200" {
        return Ok(Record::Left(format!("HTTP status {status} ({uri})")));
    }
    let (http, body) = split_headers(block);
    let content_type = get(&http, "content-type").unwrap_or("");
    let html = content_type.is_empty() && body.trim_ascii_start().starts_with(b"<")
        || ["text/html", "application/xhtml+xml"]
            .iter()
            .any(|t| content_type.to_ascii_lowercase().starts_with(t));
    if !html {
        return Ok(Record::Left(format!("not HTML ({content_type}) ({uri})")));
    }
    let body = payload(&http, body).map_err(|e| format!("{e} ({uri})"))?;
    let text = decode(content_type, &body).map_err(|e| format!("{e} ({uri})"))?;
    let (mut meta, text) = super::html::parse_html(&text);
    if !uri.is_empty() {
        meta.insert("url".into(), Value::String(uri.to_string()));
    }
    if let Some(date) = get(&warc, "warc-date") {
        meta.entry("date")
            .or_insert_with(|| Value::String(date.to_string()));
    }
    Ok(Record::Page(meta, text))
}

/// The response body as sent: chunked transfer and gzip/deflate content encoding undone.
fn payload(http: &[(String, String)], body: &[u8]) -> Result<Vec<u8>, String> {
    let chunked =
        get(http, "transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        dechunk(body).ok_or("broken chunked transfer encoding")?
    } else {
        body.to_vec()
    };
    match get(http, "content-encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("" | "identity") => Ok(body),
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("cannot decompress the page: {e}"))?;
            Ok(out)
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("cannot decompress the page: {e}"))?;
            Ok(out)
        }
        Some(other) => Err(format!("page compressed with {other}, not read")),
    }
}

/// The body of a chunked transfer: each chunk's size in hexadecimal on its own line, then
/// its bytes, until a chunk of size 0.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = find(body, b"\n")?;
        let size_line = String::from_utf8_lossy(&body[..end]);
        let size = usize::from_str_radix(size_line.split(';').next()?.trim(), 16).ok()?;
        body = &body[end + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?;
        body = body
            .strip_prefix(b"\r\n")
            .or(body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
}

/// The page as text: in the charset its Content-Type names, else as any file is decoded.
fn decode(content_type: &str, body: &[u8]) -> Result<String, String> {
    let charset = content_type
        .split(';')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .and_then(|(_, v)| encoding_rs::Encoding::for_label(v.trim().trim_matches('"').as_bytes()));
    match charset {
        Some(encoding) => Ok(encoding.decode(body).0.into_owned()),
        None => super::decode(body)
            .map(|t| t.into_owned())
            .map_err(|reason| format!("page not read ({})", reason.label())),
    }
}

/// One WARC record, as a crawler writes it (for tests).
#[cfg(test)]
pub(crate) fn record(kind: &str, uri: &str, date: &str, block: &str) -> String {
    format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype={kind}\r\n\
         Content-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, date: &str) -> String {
        let meta = if date.is_empty() {
            String::new()
        } else {
            format!("<meta property=\"article:published_time\" content=\"{date}\">")
        };
        format!(
            "<html><head><title>{title}</title>{meta}</head><body><article><p>{title} opened on \
             Tuesday, the council said, and ships came back.</p></article></body></html>"
        )
    }

    fn response(status: &str, content_type: &str, body: &str) -> String {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}")
    }

    #[test]
    fn responses_become_articles_and_the_rest_is_counted() {
        let warc = [
            record("warcinfo", "", "2024-05-01T00:00:00Z", "software: test"),
            record(
                "request",
                "https://a.example/1",
                "2024-05-01T00:00:00Z",
                "GET /1 HTTP/1.1\r\n\r\n",
            ),
            record(
                "response",
                "https://a.example/1",
                "2024-05-01T10:00:00Z",
                &response(
                    "200 OK",
                    "text/html; charset=utf-8",
                    &page("Harbour", "2024-04-30"),
                ),
            ),
            record(
                "response",
                "https://a.example/2",
                "2024-05-02T10:00:00Z",
                &response("200 OK", "text/html", &page("Bridge", "")),
            ),
            record(
                "response",
                "https://a.example/3",
                "2024-05-02T10:00:00Z",
                &response("301 Moved Permanently", "text/html", ""),
            ),
            record(
                "response",
                "https://a.example/4.jpg",
                "2024-05-02T10:00:00Z",
                &response("200 OK", "image/jpeg", "\u{1}\u{2}"),
            ),
        ]
        .concat();
        let parsed = parse_records(warc.as_bytes(), 1, "crawl.warc", "crawls");
        let got: Vec<(&str, &str, Option<String>)> = parsed
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a.url.as_str(), a.date.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "crawl.warc#3",
                    "https://a.example/1",
                    Some("2024-04-30".into())
                ),
                (
                    "crawl.warc#4",
                    "https://a.example/2",
                    Some("2024-05-02".into())
                ),
            ]
        );
        assert!(parsed.articles[0]
            .body
            .starts_with("Harbour opened on Tuesday"));
        let problems: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].contains("record 5: HTTP status 301"),
            "{problems:?}"
        );
        assert!(
            problems[1].contains("record 6: not HTML (image/jpeg)"),
            "{problems:?}"
        );
        assert!(parsed.problems.iter().all(|p| p.dropped));
    }

    #[test]
    fn chunked_gzip_and_broken_records() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page("Harbour", "").as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let mut chunked = Vec::new();
        for chunk in gz.chunks(40) {
            chunked.extend(format!("{:x}\r\n", chunk.len()).bytes());
            chunked.extend(chunk);
            chunked.extend(b"\r\n");
        }
        chunked.extend(b"0\r\n\r\n");
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n";
        let mut block = head.as_bytes().to_vec();
        block.extend(&chunked);
        let mut warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://a.example/gz\r\n\
             WARC-Date: 2024-05-01T10:00:00Z\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        warc.extend(&block);
        warc.extend(b"\r\n\r\n");
        // A record cut short: reported, the ones before it kept.
        warc.extend(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200");
        let parsed = parse_records(&warc, 1, "c.warc", "");
        assert_eq!(parsed.articles.len(), 1);
        assert!(parsed.articles[0].body.contains("ships came back"));
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0]
            .message
            .contains("record 2: WARC record cut short"));
        let parsed = parse_records(b"this is not a warc file\n\n", 1, "x.warc", "");
        assert!(parsed.articles.is_empty());
        assert!(parsed.skipped.is_some());
    }

    #[test]
    fn records_are_read_whole_one_at_a_time() {
        let one = record("response", "u", "d", "HTTP/1.1 200 OK\r\n\r\nabc");
        let two = format!("{one}{one}");
        let mut reader = two.as_bytes();
        let mut out = Vec::new();
        assert_eq!(read_record(&mut reader, &mut out).unwrap(), one.len() - 4);
        assert!(out.ends_with(b"abc"));
        out.clear();
        assert!(read_record(&mut reader, &mut out).unwrap() > 0);
        out.clear();
        assert_eq!(read_record(&mut reader, &mut out).unwrap(), 0);
    }
}

#[cfg(test)]
mod robust {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any bytes, and a real archive cut or damaged anywhere: problems, never a panic.
        #[test]
        fn damaged_archives_never_panic(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>(), junk in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = parse_records(&junk, 1, "j.warc", "");
            let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n\
                        1a\r\n<p>Harbour news today.</p>\r\n0\r\n\r\n";
            let mut warc = [record("response", "https://a/1", "2024-05-01T00:00:00Z", page),
                            record("response", "https://a/2", "2024-05-01T00:00:00Z", page)].concat().into_bytes();
            let flip = flip % warc.len();
            warc[flip] = byte;
            let _ = parse_records(&warc[..cut.min(warc.len())], 1, "w.warc", "");
            let _ = parse_records(&warc, 1, "w.warc", "");
        }
    }
}
