//! JSON output. One shape everywhere; `json` prints one document, `jsonl` one item a line.
//!
//! A query response (`dossier query sovereignty --format json`):
//!
//! ```json
//! {
//!   "query": "sovereignty",
//!   "total_hits": 2,
//!   "took_ms": 0.41,
//!   "hits": [
//!     {
//!       "rank": 1, "score": 1.93,
//!       "id": "corpus/003_be1b363fc0f9907e.txt", "path": "corpus/003_be1b363fc0f9907e.txt",
//!       "title": "Mex President Rejects Trump's Offer", "source": "corpus",
//!       "author": "Cal Mercer", "date": "2025-05-08", "date_source": "byline",
//!       "speakers": ["Donald Trump", "Claudia Sheinbaum"],
//!       "snippets": [{"text": "…Sovereignty is not for sale. Sovereignty is loved…", "highlights": [[1, 12], [31, 42]]}],
//!       "quotes": [{"speaker": "Claudia Sheinbaum", "text": "Sovereignty is not for sale."}]
//!     }
//!   ]
//! }
//! ```
//!
//! `highlights` are `[start, end)` offsets in Unicode scalar values (chars) into the snippet
//! `text`. `date` is `YYYY-MM-DD` or `null`. With `--format jsonl`, each hit is one line.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as one line of JSON.
pub fn line<T: Serialize + ?Sized>(w: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")
}

/// Writes each item as one line of JSON.
pub fn lines<T: Serialize>(w: &mut dyn Write, items: &[T]) -> io::Result<()> {
    items.iter().try_for_each(|item| line(w, item))
}
