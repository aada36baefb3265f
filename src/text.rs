//! File bytes to text, one way for every reader (scripts, HTML, manifests,
//! statements, and the gate's second look at a file): UTF-8, or UTF-16 when a
//! byte order mark says so. Browsers run a UTF-16 script that starts with a
//! BOM, and Windows tools write statements that way, so refusing them would
//! leave code unscanned that really runs. A leading BOM is dropped: editors do
//! not show it, so columns must not count it.

use std::fmt;

/// Why bytes are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum NotText {
    /// Invalid UTF-8 from byte `offset`; `bytes` are the input, for callers
    /// that turn the offset into a line and column.
    Utf8 { offset: usize, bytes: Vec<u8> },
    /// A UTF-16 byte order mark followed by an odd number of bytes.
    OddUtf16,
    /// UTF-16 with a surrogate half at byte `offset` that has no partner.
    UnpairedSurrogate { offset: usize },
}

impl fmt::Display for NotText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotText::Utf8 { offset, .. } => {
                write!(f, "not UTF-8 text (invalid byte at offset {offset})")
            }
            NotText::OddUtf16 => {
                f.write_str("UTF-16 text (byte order mark) with an odd number of bytes")
            }
            NotText::UnpairedSurrogate { offset } => write!(
                f,
                "not valid UTF-16 text (unpaired surrogate at byte offset {offset})"
            ),
        }
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// `bytes` as text, without a leading byte order mark.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, NotText> {
    let unit: fn([u8; 2]) -> u16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => u16::from_le_bytes,
        Some([0xFE, 0xFF]) => u16::from_be_bytes,
        _ => {
            if bytes.starts_with(UTF8_BOM) {
                bytes.drain(..UTF8_BOM.len());
            }
            return String::from_utf8(bytes).map_err(|e| NotText::Utf8 {
                offset: e.utf8_error().valid_up_to(),
                bytes: e.into_bytes(),
            });
        }
    };
    let body = &bytes[2..];
    if !body.len().is_multiple_of(2) {
        return Err(NotText::OddUtf16);
    }
    let units = body.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(body.len());
    let mut offset = 2;
    for decoded in char::decode_utf16(units) {
        let c = decoded.map_err(|_| NotText::UnpairedSurrogate { offset })?;
        offset += 2 * c.len_utf16();
        text.push(c);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "fetch('https://x.example');\r\n// Café 🙂\n";

    fn utf16(text: &str, bom: [u8; 2], unit: fn(u16) -> [u8; 2]) -> Vec<u8> {
        bom.into_iter()
            .chain(text.encode_utf16().flat_map(unit))
            .collect()
    }

    #[test]
    fn utf8_with_or_without_a_bom_and_utf16_either_way_give_the_same_text() {
        assert_eq!(decode(SAMPLE.into()).unwrap(), SAMPLE);
        let with_bom = [UTF8_BOM, SAMPLE.as_bytes()].concat();
        assert_eq!(decode(with_bom).unwrap(), SAMPLE);
        let le = utf16(SAMPLE, [0xFF, 0xFE], u16::to_le_bytes);
        assert_eq!(decode(le).unwrap(), SAMPLE);
        let be = utf16(SAMPLE, [0xFE, 0xFF], u16::to_be_bytes);
        assert_eq!(decode(be).unwrap(), SAMPLE);
    }

    #[test]
    fn what_is_not_text_says_where() {
        assert_eq!(
            decode(b"caf\xe9".to_vec()).unwrap_err().to_string(),
            "not UTF-8 text (invalid byte at offset 3)"
        );
        assert_eq!(
            decode(vec![0xFF, 0xFE, b'W', 0, b'e']).unwrap_err(),
            NotText::OddUtf16
        );
        // "W", then a lone high surrogate (D800) at byte offset 4.
        assert_eq!(
            decode(vec![0xFF, 0xFE, b'W', 0, 0x00, 0xD8, b'e', 0]).unwrap_err(),
            NotText::UnpairedSurrogate { offset: 4 }
        );
    }

    proptest::proptest! {
        /// Any text survives a round trip through UTF-16 in either byte order.
        #[test]
        fn any_text_round_trips_through_utf16(text in "\\PC{0,40}") {
            let le = utf16(&text, [0xFF, 0xFE], u16::to_le_bytes);
            proptest::prop_assert_eq!(decode(le).unwrap(), text.as_str());
            let be = utf16(&text, [0xFE, 0xFF], u16::to_be_bytes);
            proptest::prop_assert_eq!(decode(be).unwrap(), text.as_str());
        }
    }
}
