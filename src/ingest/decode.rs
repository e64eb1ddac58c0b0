//! Bytes of a file -> text, or the reason it is not text.
//!
//! UTF-8 (with or without a byte-order mark) is kept byte for byte, so every
//! offset in a finding is an offset into the file. Other encodings are
//! decoded with `encoding_rs`: UTF-16 when a byte-order mark (or the pattern
//! of zero bytes that UTF-16 text has) says so, else Windows-1252, the
//! superset of Latin-1 that mis-encoded Western exports almost always are.
//! Offsets in a decoded file are into its text as decoded to UTF-8.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How much of a file is looked at to tell text from binary (as `git` and `grep` do).
const SNIFF_BYTES: usize = 8192;

/// What a file's bytes turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Valid UTF-8, kept as it was (a byte-order mark included).
    Utf8(String),
    /// Decoded from another encoding; the name is for the warning.
    Converted { text: String, from: &'static str },
    /// Not text: the reason, for the warning.
    Binary(String),
}

pub fn decode(bytes: Vec<u8>) -> Decoded {
    if let Some((encoding, _)) = Encoding::for_bom(&bytes) {
        if encoding == UTF_8 {
            return match String::from_utf8(bytes) {
                Ok(text) => Decoded::Utf8(text),
                Err(err) => convert(err.as_bytes(), WINDOWS_1252),
            };
        }
        return convert(&bytes, encoding);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if let Some(kind) = infer::get(head).filter(|k| k.matcher_type() != infer::MatcherType::Text) {
        return Decoded::Binary(format!("binary file ({}), not text", kind.mime_type()));
    }
    if head.contains(&0) {
        return match utf16_without_bom(head) {
            Some(encoding) => convert(&bytes, encoding),
            None => Decoded::Binary("binary file, not text".into()),
        };
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded::Utf8(text),
        Err(err) => convert(err.as_bytes(), WINDOWS_1252),
    }
}

fn convert(bytes: &[u8], encoding: &'static Encoding) -> Decoded {
    // `decode` strips a byte-order mark of the encoding it was asked for.
    let (text, _, _) = encoding.decode(bytes);
    if text.contains('\0') {
        return Decoded::Binary("binary file, not text".into());
    }
    Decoded::Converted {
        text: text.into_owned(),
        from: encoding.name(),
    }
}

/// English in UTF-16 has a zero byte in every other place: the high byte of
/// each ASCII character. Mostly-zero odd bytes mean little-endian, even bytes
/// big-endian; anything else with a zero byte is binary.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        out
    }

    #[test]
    fn utf8_is_kept_byte_for_byte_with_its_bom() {
        let text = "\u{feff}Caf\u{e9}\r\nline two";
        assert_eq!(
            decode(text.as_bytes().to_vec()),
            Decoded::Utf8(text.to_string())
        );
    }

    #[test]
    fn other_encodings_are_decoded_and_named() {
        let cases: [(Vec<u8>, &str, &str); 4] = [
            (
                b"caf\xe9 au lait".to_vec(),
                "caf\u{e9} au lait",
                "windows-1252",
            ),
            (
                b"\x93quoted\x94".to_vec(),
                "\u{201c}quoted\u{201d}",
                "windows-1252",
            ),
            (
                utf16le("Caf\u{e9} says", true),
                "Caf\u{e9} says",
                "UTF-16LE",
            ),
            (
                utf16le("Plain English here", false),
                "Plain English here",
                "UTF-16LE",
            ),
        ];
        for (bytes, expected, from) in cases {
            assert_eq!(
                decode(bytes),
                Decoded::Converted {
                    text: expected.to_string(),
                    from
                },
                "{expected}"
            );
        }
        let mut be = vec![0xFE, 0xFF];
        be.extend("Hi there".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert!(matches!(
            decode(be),
            Decoded::Converted {
                from: "UTF-16BE",
                ..
            }
        ));
    }

    #[test]
    fn binary_files_are_refused_by_magic_number_or_zero_bytes() {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj".to_vec();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let zip = b"PK\x03\x04\x14\0\0\0".to_vec();
        let other = b"abc\0\x01\x02def\0\0\x07".to_vec();
        for bytes in [pdf, png, zip, other] {
            assert!(
                matches!(decode(bytes.clone()), Decoded::Binary(_)),
                "{bytes:?}"
            );
        }
        let Decoded::Binary(reason) = decode(b"%PDF-1.4\nrest".to_vec()) else {
            panic!("a PDF is binary");
        };
        assert!(reason.contains("pdf"), "{reason}");
    }
}
