//! An article's signature: everything story grouping knows of it besides its id and day,
//! written as one short string so that `extract --signature` can hand it to a later
//! grouping pass ([`super::regroup`]) in another process.
//!
//! The written form is `KIND[:VALUE][/EXACT]`: `KIND` is `e` (no words in body or
//! headline), `h` (no body: `VALUE` is the headline's word hash), `s` (a short body: its
//! word hash) or `l` (a MinHash signature: `VALUE` is its 128 bytes in hex); `EXACT` is the
//! hash of the body's bytes when the body is not blank (exact copies are found by it first).
//! Hashes are 16 hex digits. The string is meant for the same dossier version that wrote
//! it: the byte hash is rustc-hash's, kept for speed at index time.

use std::fmt::{self, Write as _};
use std::hash::Hasher;

use super::{sketch, Sketch, HASHES};

/// What grouping knows of an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The hash of the body's bytes, when it is not blank.
    pub exact: Option<u64>,
    /// The sketch of the body (or of the headline, when there is no body).
    pub sketch: Sketch,
}

impl Signature {
    /// The signature of an article with `title` and `body`.
    pub fn of(title: &str, body: &str) -> Self {
        let exact = (!body.trim().is_empty()).then(|| {
            let mut h = rustc_hash::FxHasher::default();
            h.write(body.as_bytes());
            h.finish()
        });
        Signature {
            exact,
            sketch: sketch(title, body),
        }
    }

    /// Reads the written form back; `None` if `text` is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let (head, exact) = match text.split_once('/') {
            Some((head, exact)) => (head, Some(hex_u64(exact)?)),
            None => (text, None),
        };
        let (kind, value) = match head.split_once(':') {
            Some((kind, value)) => (kind, Some(value)),
            None => (head, None),
        };
        let sketch = match (kind, value) {
            ("e", None) => Sketch::Empty,
            ("h", Some(v)) => Sketch::Headline(hex_u64(v)?),
            ("s", Some(v)) => Sketch::Short(hex_u64(v)?),
            ("l", Some(v)) if v.len() == HASHES * 2 && v.is_ascii() => {
                let mut bytes = Box::new([0u8; HASHES]);
                for (k, b) in bytes.iter_mut().enumerate() {
                    *b = u8::from_str_radix(&v[2 * k..2 * k + 2], 16).ok()?;
                }
                Sketch::Long(bytes)
            }
            _ => return None,
        };
        Some(Signature { exact, sketch })
    }
}

fn hex_u64(text: &str) -> Option<u64> {
    if text.len() != 16 {
        return None;
    }
    u64::from_str_radix(text, 16).ok()
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sketch {
            Sketch::Empty => f.write_char('e')?,
            Sketch::Headline(h) => write!(f, "h:{h:016x}")?,
            Sketch::Short(h) => write!(f, "s:{h:016x}")?,
            Sketch::Long(bytes) => {
                f.write_str("l:")?;
                for b in bytes.iter() {
                    write!(f, "{b:02x}")?;
                }
            }
        }
        if let Some(exact) = self.exact {
            write!(f, "/{exact:016x}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_form_reads_back() {
        let long = (0..60)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        for (title, body) in [
            ("", ""),
            ("OIL PRICES RISE", ""),
            ("", "Qtly div 25 cts"),
            ("T", long.as_str()),
            ("", "..."),
        ] {
            let s = Signature::of(title, body);
            let text = s.to_string();
            assert_eq!(Signature::parse(&text), Some(s), "{text}");
        }
        assert!(Signature::of("OIL", "").to_string().starts_with("h:"));
        assert!(Signature::of("", long.as_str())
            .to_string()
            .starts_with("l:"));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "x",
            "e:1",
            "h:12",
            "s:zzzzzzzzzzzzzzzz",
            "l:00",
            "e/1",
            "h",
        ] {
            assert_eq!(Signature::parse(bad), None, "{bad}");
        }
    }
}
