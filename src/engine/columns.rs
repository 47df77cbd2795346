//! Reading string fast fields: each segment keeps a dictionary of its values, looked up by
//! ordinal. The dictionary is compressed, so one lookup per document is slow; these helpers
//! read it once, in order.

use tantivy::columnar::StrColumn;

/// Every value of a string column, indexed by its ordinal.
pub fn column_terms(column: &StrColumn) -> std::io::Result<Vec<String>> {
    let mut terms = Vec::with_capacity(column.num_terms());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        terms.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(terms)
}
