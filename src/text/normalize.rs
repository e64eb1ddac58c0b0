//! Typographic normalisation: curly quotes, dashes and odd spaces become their
//! plain forms so that rules need to spell each word only once.

/// Appends `line` to `out`, normalised, recording an anchor wherever the
/// normalised text stops advancing in step with the original.
/// `original_start` is the offset of `line` in the original text.
pub fn push(
    out: &mut String,
    anchors: &mut Vec<(usize, usize)>,
    line: &str,
    original_start: usize,
) {
    anchor(anchors, out.len(), original_start);
    // Runs of plain ASCII (most of the text) are copied whole: they are kept
    // as they are and stay in step with the original, so they need no anchor.
    let mut from = 0;
    while let Some(skip) = line.as_bytes()[from..]
        .iter()
        .position(|&b| !b.is_ascii() || b == b'\t')
    {
        out.push_str(&line[from..from + skip]);
        let at = from + skip;
        let c = line[at..].chars().next().unwrap_or_default();
        from = at + c.len_utf8();
        push_char(out, anchors, c, original_start + at);
    }
    out.push_str(&line[from..]);
}

/// Appends one character that may need replacing; `original` is its offset
/// in the original text.
fn push_char(out: &mut String, anchors: &mut Vec<(usize, usize)>, c: char, original: usize) {
    let replacement = match c {
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => "'",
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{ab}' | '\u{bb}' => {
            "\""
        }
        // Em dashes separate clauses: spaced, so `deal—worth` stays two words.
        '\u{2014}' | '\u{2015}' => " - ",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\t' => " ",
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => "",
        _ => {
            out.push(c);
            return;
        }
    };
    // Every offset inside or after a replacement must map to a character
    // boundary of the original: inside the first half to the character's
    // start, inside the second half and after it to its end.
    let (n, o, len) = (out.len(), original, c.len_utf8());
    out.push_str(replacement);
    for k in 1..replacement.len() {
        anchor(
            anchors,
            n + k,
            if 2 * k <= replacement.len() {
                o
            } else {
                o + len
            },
        );
    }
    anchor(anchors, n + replacement.len(), o + len);
}

fn anchor(anchors: &mut Vec<(usize, usize)>, normalised: usize, original: usize) {
    // Anchors only matter where the offsets stop moving together.
    if let Some(&(n, o)) = anchors.last()
        && o + (normalised - n) == original
    {
        return;
    }
    anchors.push((normalised, original));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_anchors() {
        let cases = [
            ("OpenAI’s", "OpenAI's"),
            ("“quoted”", "\"quoted\""),
            ("deal—worth", "deal - worth"),
            ("2019–2023", "2019-2023"),
            ("a\u{a0}b\u{200b}c", "a bc"),
            ("plain ascii", "plain ascii"),
        ];
        for (input, expected) in cases {
            let mut out = String::new();
            let mut anchors = Vec::new();
            push(&mut out, &mut anchors, input, 0);
            assert_eq!(out, expected, "{input:?}");
            // Every offset of the output maps to a character boundary of the input.
            for offset in 0..=out.len() {
                let i = anchors.partition_point(|&(n, _)| n <= offset);
                let original = anchors[..i]
                    .last()
                    .map_or(offset, |&(n, o)| o + (offset - n));
                assert!(
                    input.is_char_boundary(original),
                    "{input:?} offset {offset} -> {original}"
                );
            }
        }
    }
}
