//! The summary table printed after `credence score`: sources ranked by
//! credibility, with their band and three sub-scores, in aligned columns
//! that fit a terminal of `WIDTH` characters.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::rules::Scoring;
use crate::score::SourceScore;

/// The widest line the table prints, in terminal columns.
pub const WIDTH: usize = 100;

/// Past this many sources, only the first and last `SHOWN / 2` are listed.
const SHOWN: usize = 20;

/// Sources ranked by credibility (ties by name), one line each; for more
/// than `SHOWN` sources, the highest and lowest with a line between.
pub fn source_table(sources: &[SourceScore], scoring: &Scoring) -> String {
    let mut ranked: Vec<&SourceScore> = sources.iter().collect();
    ranked.sort_by(|a, b| {
        b.scores
            .credibility
            .total_cmp(&a.scores.credibility)
            .then(a.source.cmp(&b.source))
    });
    let band_width = scoring
        .bands
        .iter()
        .map(|b| b.label.width())
        .chain([4])
        .max()
        .unwrap_or(4);
    let rank_width = ranked.len().to_string().len().max(1);
    let line = |rank: &str, cred: &str, band: &str, c: &str, k: &str, v: &str, n: &str| {
        format!(
            "  {rank:>rank_width$}  {cred:>11}  {band:<band_width$}  {c:>13}  {k:>8}  {v:>9}  {n:>8}  "
        )
    };
    let header = line(
        "#",
        "credibility",
        "band",
        "corroboration",
        "conflict",
        "vagueness",
        "articles",
    );
    // Every fixed column is ASCII, so its width is its length.
    let room = WIDTH.saturating_sub(header.len()).max(8);
    let mut out = format!("{header}source\n");
    let row = |rank: usize, s: &SourceScore| {
        let band = scoring
            .band(s.scores.credibility)
            .map_or("", |b| b.label.as_str());
        let mut text = line(
            &rank.to_string(),
            &format!("{:.1}", s.scores.credibility),
            band,
            &format!("{:.3}", s.scores.corroboration),
            &format!("{:.3}", s.scores.conflict),
            &format!("{:.3}", s.scores.vagueness),
            &s.articles.to_string(),
        );
        text.push_str(&fit(&s.source, room));
        text.push('\n');
        text
    };
    if ranked.len() <= SHOWN {
        for (i, s) in ranked.iter().enumerate() {
            out.push_str(&row(i + 1, s));
        }
    } else {
        let half = SHOWN / 2;
        for (i, s) in ranked.iter().enumerate().take(half) {
            out.push_str(&row(i + 1, s));
        }
        out.push_str(&format!(
            "  {:>rank_width$}  ... {} more source(s): see sources.csv\n",
            "",
            ranked.len() - SHOWN
        ));
        for (i, s) in ranked.iter().enumerate().skip(ranked.len() - half) {
            out.push_str(&row(i + 1, s));
        }
    }
    out
}

/// `text` on one line in at most `room` terminal columns, cut with `…`.
fn fit(text: &str, room: usize) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.width() <= room {
        return clean;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_and_wide_names_are_cut_to_fit() {
        for (text, room, expected) in [
            ("Chip Beat", 20, "Chip Beat"),
            ("abcdefghij", 5, "abcd…"),
            ("東京新聞東京新聞", 7, "東京新…"),
            ("tab\there", 20, "tab here"),
        ] {
            let got = fit(text, room);
            assert_eq!(got, expected, "{text:?}");
            assert!(got.width() <= room, "{text:?}");
        }
    }
}
