//! Character offsets: dossier reports positions in characters (Unicode scalar values), as
//! JSON consumers count them, while Rust slices strings by bytes.

/// Converts increasing byte offsets of a text to character offsets in one pass.
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of byte offset `byte` (clamped to the text, and moved back to a
    /// character boundary). Calls with increasing offsets cost one pass in all; a smaller
    /// offset restarts from the top.
    pub fn at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_chars_not_bytes() {
        let text = "añb€c";
        let mut c = CharCounter::new(text);
        assert_eq!(c.at(0), 0);
        assert_eq!(c.at(1), 1);
        assert_eq!(c.at(3), 2);
        assert_eq!(c.at(4), 3);
        assert_eq!(c.at(7), 4);
        assert_eq!(c.at(2), 1, "inside ñ: back to its start");
        assert_eq!(c.at(100), 5);
    }
}
