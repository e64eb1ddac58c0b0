//! Quantities: numbers with a unit, their scale applied and their precision
//! kept, so that `$50bn`, `$50 billion` and `50 billion dollars` compare equal
//! and `$1.48 billion` agrees with a rounded `$1.5 billion`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::tokens::{Token, tokenize};
use crate::rules::ClaimRules;

/// How a qualifier bounds a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    AtLeast,
    AtMost,
    Approximately,
    /// "from $28,000 to $140,000", "between 10 and 25 years": `value` to `upper`.
    Range,
}

/// A normalised quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// `USD`, `%`, `year`, `duration:month`, `count:<stem>`.
    pub unit: String,
    pub value: f64,
    /// The top of a range; equal to `value` otherwise.
    pub upper: f64,
    pub bound: Bound,
    /// Half the step of the last digit written, times the scale: what rounding hides.
    pub resolution: f64,
}

impl Quantity {
    /// The values this quantity allows, given its qualifier and precision.
    pub fn interval(&self) -> (f64, f64) {
        let (v, r) = (self.value, self.resolution);
        match self.bound {
            Bound::Exact => (v - r, v + r),
            Bound::AtLeast => (v - r, f64::INFINITY),
            Bound::AtMost => (f64::NEG_INFINITY, v + r),
            // "About 30%" allows what a reader would round to it.
            Bound::Approximately => (v.min(v - r).min(v * 0.9), v.max(v + r).max(v * 1.1)),
            Bound::Range => (v - r, self.upper + r),
        }
    }

    /// Whether two quantities state the same value: same unit, same kind of
    /// bound ("over $13 billion" is not "$13 billion"), overlapping values.
    /// An exact and an approximate value may match.
    pub fn same_value(&self, other: &Quantity) -> bool {
        let kind = |b: Bound| match b {
            Bound::Exact | Bound::Approximately => 0,
            Bound::AtLeast => 1,
            Bound::AtMost => 2,
            Bound::Range => 3,
        };
        if kind(self.bound) != kind(other.bound) || self.unit != other.unit {
            return false;
        }
        match self.bound {
            // "More than 300" is not "more than 200": bounds and ranges are
            // the same claim only when their ends are.
            Bound::AtLeast | Bound::AtMost | Bound::Range => {
                let tolerance = self.resolution.max(other.resolution);
                (self.value - other.value).abs() <= tolerance
                    && (self.upper - other.upper).abs() <= tolerance
            }
            Bound::Exact | Bound::Approximately => self.agrees_with(other),
        }
    }

    /// Whether two quantities can both be true: same unit, overlapping values.
    pub fn agrees_with(&self, other: &Quantity) -> bool {
        let (a0, a1) = self.interval();
        let (b0, b1) = other.interval();
        // Half-open: "$5 billion" allows up to, not including, 5.5 billion.
        self.unit == other.unit && a0 < b1 && b0 < a1
    }
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?").expect("number pattern compiles")
});

/// Every quantity in `sentence`, with its span (qualifier and currency included).
pub fn find_quantities(sentence: &str, rules: &ClaimRules) -> Vec<(Range<usize>, Quantity)> {
    find_quantities_in(sentence, &tokenize(sentence, rules, None), rules)
}

/// `find_quantities` with the sentence's words already read.
pub(crate) fn find_quantities_in(
    sentence: &str,
    tokens: &[Token],
    rules: &ClaimRules,
) -> Vec<(Range<usize>, Quantity)> {
    let mut found = Vec::new();
    // Only ASCII digits parse, so a sentence without one has no number to
    // read (most sentences), and the pattern need not run over it.
    if sentence.bytes().any(|b| b.is_ascii_digit()) {
        for m in NUMBER.find_iter(sentence) {
            if let Some(q) = read_number(sentence, m.range(), rules) {
                found.push(q);
            }
        }
    }
    // Likewise a spelled duration needs a spelled number.
    if tokens.iter().any(|t| t.lexeme().number_word) {
        found.extend(spelled_durations(sentence, tokens, rules));
    }
    found.sort_by_key(|(span, _)| span.start);
    join_ranges(sentence, found)
}

/// The text between two numbers that makes them one range.
static RANGE_LOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(?P<word>from|between)\s+)?(?P<cur>US\$|\$|€|£)?(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<join>to|and|-|–)\s*$")
        .expect("range pattern compiles")
});

/// "from $28,000 to $140,000", "between 10 and 25 years", "$29-$39": the low
/// end may have been read as a quantity of its own, or not at all ("10").
fn join_ranges(
    sentence: &str,
    found: Vec<(Range<usize>, Quantity)>,
) -> Vec<(Range<usize>, Quantity)> {
    let mut out: Vec<(Range<usize>, Quantity)> = Vec::with_capacity(found.len());
    for (span, q) in found {
        let before = &sentence[..span.start];
        let Some(caps) = RANGE_LOW.captures(before) else {
            out.push((span, q));
            continue;
        };
        let whole = caps.get(0).expect("group 0");
        let needs_between = &caps["join"] == "and";
        let is_range = q.bound == Bound::Exact
            && (!needs_between
                || caps
                    .name("word")
                    .is_some_and(|w| w.as_str().eq_ignore_ascii_case("between")));
        let low: Option<f64> = caps["num"].replace(',', "").parse().ok();
        let (true, Some(low)) = (is_range, low) else {
            out.push((span, q));
            continue;
        };
        // The low end borrows the high end's scale unless it was read with its own.
        let previous = out
            .last()
            .filter(|(p, _)| p.start >= whole.start() && p.end <= whole.end());
        let low_value = match previous {
            Some((_, p)) if p.unit == q.unit => p.value,
            _ => low * scale_of(&q, sentence, &span),
        };
        if previous.is_some() {
            out.pop();
        }
        if low_value >= q.value {
            out.push((span, q));
            continue;
        }
        let range = Quantity {
            unit: q.unit.clone(),
            value: low_value,
            upper: q.value,
            bound: Bound::Range,
            resolution: q.resolution,
        };
        out.push((whole.start()..span.end, range));
    }
    out
}

/// The multiplier the high end of a range was written with ("$2 billion" -> 1e9).
fn scale_of(q: &Quantity, sentence: &str, span: &Range<usize>) -> f64 {
    let digits = NUMBER
        .find(&sentence[span.clone()])
        .map(|m| m.as_str().replace(',', ""));
    match digits.and_then(|d| d.parse::<f64>().ok()) {
        Some(written) if written > 0.0 => q.value / written,
        _ => 1.0,
    }
}

fn read_number(
    sentence: &str,
    number: Range<usize>,
    rules: &ClaimRules,
) -> Option<(Range<usize>, Quantity)> {
    let digits = &sentence[number.clone()];
    let before = &sentence[..number.start];
    let after = &sentence[number.end..];

    // Part of a word or code ("GPT-4", "A380", "3D", "1st"), a decimal tail, or a time.
    let prev = before.chars().next_back();
    if prev.is_some_and(|c| c.is_alphabetic() || c == '.' || c == '_')
        || (prev == Some('-')
            && before[..before.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric))
        || after.starts_with(':') && after[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let previous_word = before
        .unicode_words()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    if rules.date_words.contains(&previous_word) && before.trim_end().len() + 1 >= before.len() {
        return None;
    }

    let mut start = number.start;
    let mut currency = None;
    for (symbol, code) in &rules.currency_symbols {
        if before.ends_with(symbol.as_str()) {
            currency = Some(code.clone());
            start -= symbol.len();
            break;
        }
    }
    if currency.is_none() {
        let trimmed = before.trim_end();
        if let Some(code) = rules.currency_codes.iter().find(|c| {
            trimmed.ends_with(c.as_str()) && word_starts_at(trimmed, trimmed.len() - c.len())
        }) {
            currency = Some(code.clone());
            start = trimmed.len() - code.len();
        }
    }

    let mut end = number.end;
    let mut scale = 1.0;
    let mut rest = after;
    if let Some((word, gap, glued)) = next_word(rest) {
        let lower = word.to_lowercase();
        if let Some(&multiplier) = rules.scales.get(&lower)
            && (lower.len() > 1 && lower != "mn" || glued && currency.is_some())
        {
            scale = multiplier;
            end += gap + word.len();
            rest = &sentence[end..];
        } else if glued && !rest.starts_with('%') {
            return None; // "1st", "3D", "10x"
        }
    }

    // "aged 34", "at the age of 88": a person's age, in years unless a unit
    // follows ("aged 18 months"), bounded by a qualifier before the age word
    // ("over the age of 65", "under age 5") or after the number ("aged 65 or
    // older").
    if currency.is_none()
        && scale == 1.0
        && let Some(age_start) = age_word_before(before, rules)
    {
        let mut unit = "age:year".to_string();
        if let Some((word, gap, _)) = next_word(rest)
            && let Some(duration) = rules.duration_units.get(&word.to_lowercase())
            && gap <= 1
        {
            end += gap + word.len();
            unit = format!("age:{duration}");
        }
        let lead = &sentence[..age_start];
        let lead = ["the ", "The "]
            .iter()
            .find_map(|the| lead.strip_suffix(the))
            .unwrap_or(lead);
        let (qualifier_start, bound) = match qualifier(lead, rules) {
            (at, Bound::Exact) => (age_start.max(at), Bound::Exact),
            found => found,
        };
        let (end, bound) = qualifier_after(sentence, end, bound, rules);
        let value: f64 = digits.replace(',', "").parse().ok()?;
        // Ages are told in whole units: half a unit either way is the same age.
        let quantity = Quantity {
            unit,
            value,
            upper: value,
            bound,
            resolution: 0.5,
        };
        return Some((qualifier_start..end, quantity));
    }
    let (unit, value_scale) = if let Some(code) = currency.clone() {
        (code, scale)
    } else if let Some(len) = percent_len(rest, rules) {
        end += len;
        ("%".to_string(), 1.0)
    } else if let Some((word, gap, _)) = next_word(rest) {
        let lower = word.to_lowercase();
        if let Some(code) = rules.currency_words.get(&lower) {
            end += gap + word.len();
            (code.clone(), scale)
        } else if let Some(unit) = rules.duration_units.get(&lower).filter(|_| gap <= 1) {
            end += gap + word.len();
            (duration_or_age(unit, sentence, &mut end), scale)
        } else if as_year(digits, scale).is_some() {
            return None; // a year: `dates` reads it with its relation
        } else if gap == 1 && is_unit_word(word, &lower, rules) {
            end += gap + word.len();
            (format!("count:{}", crate::words::stem(&lower)), scale)
        } else {
            return None;
        }
    } else {
        return None;
    };

    // "$525 per square foot", "$5 a share": a rate, not an amount.
    let mut unit = unit;
    if !unit.starts_with("count:")
        && !unit.starts_with("duration:")
        && !unit.starts_with("age:")
        && unit != "year"
    {
        let rest = &sentence[end..];
        for per in [" per ", " a ", " an ", " each "] {
            if let Some(tail) = rest.strip_prefix(per)
                && let Some((word, 0, _)) = next_word(tail)
                    .filter(|(w, _, _)| w.chars().next().is_some_and(char::is_lowercase))
            {
                unit = format!("{unit}/{}", crate::words::stem(&word.to_lowercase()));
                end += per.len() + word.len();
                break;
            }
        }
    }
    let plain: f64 = digits.replace(',', "").parse().ok()?;
    let resolution = rounding(digits, rules.rounding_cap) * value_scale;
    let (qualifier_start, bound) = qualifier(&sentence[..start], rules);
    let (end, bound) = qualifier_after(sentence, end, bound, rules);
    let value = plain * value_scale;
    let quantity = Quantity {
        unit,
        value,
        upper: value,
        bound,
        resolution,
    };
    Some((qualifier_start..end, quantity))
}

/// Where an age word ("aged", "age of") right before the number starts.
fn age_word_before(before: &str, rules: &ClaimRules) -> Option<usize> {
    let trimmed = before.trim_end();
    if trimmed.len() + 1 != before.len() {
        return None;
    }
    rules.age_words.iter().find_map(|word| {
        let at = trimmed.len().checked_sub(word.len())?;
        let candidate = trimmed.get(at..)?;
        (candidate.eq_ignore_ascii_case(word) && word_starts_at(trimmed, at)).then_some(at)
    })
}

/// What rounding to the last significant digit written hides: half its place
/// value ("2,000" -> 500, "1.5" -> 0.05), but at most `cap` of the value, since
/// a reporter who writes "$1 billion" does not mean $1.4 billion.
fn rounding(digits: &str, cap: f64) -> f64 {
    let plain = digits.replace(',', "");
    let value: f64 = plain.parse().unwrap_or(0.0);
    let place = match plain.split_once('.') {
        Some((_, decimals)) => 10f64.powi(-(decimals.len() as i32)),
        None => 10f64.powi(plain.len() as i32 - plain.trim_end_matches('0').len().max(1) as i32),
    };
    (0.5 * place).min(cap * value.abs()).max(f64::EPSILON)
}

/// The next word after `s`, how many bytes precede it, and whether it is glued
/// to what came before (no space). Crosses one space or hyphen at most.
fn next_word(s: &str) -> Option<(&str, usize, bool)> {
    let (gap, glued) = match s.chars().next()? {
        ' ' | '-' => (1, false),
        c if c.is_alphabetic() => (0, true),
        _ => return None,
    };
    let word_len = s[gap..]
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(s.len() - gap);
    (word_len > 0).then(|| (&s[gap..gap + word_len], gap, glued))
}

fn word_starts_at(s: &str, at: usize) -> bool {
    s[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Length of a percent sign or word at the start of `s` (after one space).
fn percent_len(s: &str, rules: &ClaimRules) -> Option<usize> {
    if s.starts_with('%') {
        return Some(1);
    }
    let gap = if s.starts_with(' ') { 1 } else { 0 };
    let rest = &s[gap..];
    rules.percent_words.iter().find_map(|word| {
        let candidate = rest.get(..word.len())?;
        let boundary = rest[word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        (candidate.eq_ignore_ascii_case(word) && boundary).then_some(gap + word.len())
    })
}

/// A four-digit number without separators or scale, in the range of dates news speaks of.
fn as_year(digits: &str, scale: f64) -> Option<u32> {
    if digits.len() != 4 || scale != 1.0 {
        return None;
    }
    digits.parse().ok().filter(|y| (1800..=2100).contains(y))
}

/// A lower-case content word that can be what a number counts.
fn is_unit_word(word: &str, lower: &str, rules: &ClaimRules) -> bool {
    word.len() >= 3
        && word.chars().next().is_some_and(char::is_lowercase)
        && !rules.stopwords.contains(lower)
}

/// A qualifier ("over", "up to", "about") right before `before`'s end.
fn qualifier(before: &str, rules: &ClaimRules) -> (usize, Bound) {
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() && !before.is_empty() {
        return (before.len(), Bound::Exact);
    }
    let lower = trimmed.to_lowercase();
    for (words, bound) in [
        (&rules.at_least, Bound::AtLeast),
        (&rules.at_most, Bound::AtMost),
        (&rules.approximately, Bound::Approximately),
    ] {
        for word in words.iter() {
            if lower.ends_with(word.as_str())
                && lower.len() == trimmed.len()
                && word_starts_at(trimmed, trimmed.len() - word.len())
            {
                return (trimmed.len() - word.len(), bound);
            }
        }
    }
    (before.len(), Bound::Exact)
}

/// A qualifier right after a quantity ending at `end` ("25 grams or less",
/// "$10,000 or more"), when none came before it: the new end and bound.
fn qualifier_after(sentence: &str, end: usize, bound: Bound, rules: &ClaimRules) -> (usize, Bound) {
    let Some(rest) = sentence[end..].strip_prefix(' ') else {
        return (end, bound);
    };
    if bound != Bound::Exact {
        return (end, bound);
    }
    for (words, after) in [
        (&rules.at_least_after, Bound::AtLeast),
        (&rules.at_most_after, Bound::AtMost),
    ] {
        for word in words.iter() {
            let whole = rest
                .get(..word.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(word))
                && rest[word.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
            if whole {
                return (end + 1 + word.len(), after);
            }
        }
    }
    (end, bound)
}

/// `duration:<unit>`, or `age:<unit>` when "old" follows ("a 15-year-old",
/// "13 years old"): ages of different people are not durations of one event.
fn duration_or_age(unit: &str, sentence: &str, end: &mut usize) -> String {
    for old in ["-old", " old"] {
        if sentence[*end..].starts_with(old)
            && sentence[*end + old.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
        {
            *end += old.len();
            return format!("age:{unit}");
        }
    }
    format!("duration:{unit}")
}

/// Durations with a spelled-out number: "two months", "a two-year
/// reduction", "twenty-one-year-old".
fn spelled_durations(
    sentence: &str,
    tokens: &[Token],
    rules: &ClaimRules,
) -> Vec<(Range<usize>, Quantity)> {
    let words: Vec<(usize, &str)> = tokens.iter().map(|t| (t.range.start, t.text)).collect();
    let number = |i: usize| {
        let token = &tokens[i];
        (token.lexeme().number_word)
            .then(|| rules.number_words.get(token.lower()).copied())
            .flatten()
    };
    let joined = |a: (usize, &str), b: (usize, &str), by: &[&str]| {
        by.contains(&&sentence[a.0 + a.1.len()..b.0])
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < words.len() {
        let start = words[i].0;
        let Some(mut value) = number(i) else {
            i += 1;
            continue;
        };
        // A part of a compound ("twenty-one") never stands alone.
        if sentence[..start].ends_with('-') {
            i += 1;
            continue;
        }
        let mut last = i;
        if let Some(ones) = number(i + 1)
            .filter(|&v| v < 10.0 && value >= 20.0 && joined(words[i], words[i + 1], &["-"]))
        {
            value += ones;
            last = i + 1;
        }
        let Some(&unit_word) = words.get(last + 1) else {
            break;
        };
        match rules.duration_units.get(tokens[last + 1].lower()) {
            Some(unit) if joined(words[last], unit_word, &[" ", "-"]) => {
                let mut end = unit_word.0 + unit_word.1.len();
                let unit = duration_or_age(unit, sentence, &mut end);
                // "up to eighteen months" is bounded as "up to 18 months" is.
                let (qualifier_start, bound) = qualifier(&sentence[..start], rules);
                let (end, bound) = qualifier_after(sentence, end, bound, rules);
                found.push((
                    qualifier_start..end,
                    Quantity {
                        unit,
                        value,
                        upper: value,
                        bound,
                        resolution: 0.5,
                    },
                ));
                i = last + 2;
            }
            _ => i = last + 1,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleSet, parse_marked};

    #[test]
    fn only_ascii_digits_are_read_as_numbers() {
        // `find_quantities_in` skips the number pattern in a sentence without
        // an ASCII digit: that holds only while nothing the pattern's `\d`
        // finds among other digits is read as a number.
        let rules = RuleSet::builtin().unwrap();
        let mut found = 0;
        for sentence in [
            "Sales rose \u{663}\u{660}% to $\u{664} billion, or \u{ff13}\u{ff10} million.",
            "Model X\u{663}\u{660} sold 5\u{664} units for US\u{ff13} billion.",
            "Shares-\u{663} rose; a\u{ff14} percent gain.",
        ] {
            for number in NUMBER.find_iter(sentence).map(|m| m.range()) {
                if !sentence[number.clone()]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b',')
                {
                    found += 1;
                    assert!(
                        read_number(sentence, number.clone(), &rules.claims).is_none(),
                        "{sentence} {number:?}"
                    );
                }
            }
        }
        assert!(
            found >= 3,
            "the pattern found {found} numbers with other digits"
        );
        let ascii = "Sales rose 30% to 4 billion dollars.";
        let number = NUMBER.find(ascii).unwrap().range();
        assert!(read_number(ascii, number, &rules.claims).is_some());
    }

    /// The examples in `rules/claims.toml` are this reader's tests.
    #[test]
    fn reads_the_examples_in_claims_toml() {
        let rules = RuleSet::builtin().unwrap();
        assert!(rules.claims.examples.len() >= 10);
        for example in &rules.claims.examples {
            let (plain, spans) = parse_marked(&example.text).unwrap();
            let found = find_quantities(&plain, &rules.claims);
            assert_eq!(
                found.len(),
                1,
                "{}: {:?} gave {found:?}",
                example.location,
                plain
            );
            let (span, q) = &found[0];
            assert_eq!(
                &plain[span.clone()],
                &plain[spans[0].clone()],
                "{}",
                example.location
            );
            assert_eq!(q.unit, example.unit, "{}", example.location);
            assert!(
                (q.value - example.value).abs() <= 1e-9 * example.value.abs(),
                "{}: {}",
                example.location,
                q.value
            );
        }
        for miss in &rules.claims.misses {
            let found = find_quantities(&miss.text, &rules.claims);
            assert!(
                found.is_empty(),
                "{}: {:?} gave {found:?}",
                miss.location,
                miss.text
            );
        }
    }

    #[test]
    fn rounding_and_qualifiers_decide_agreement() {
        let rules = RuleSet::builtin().unwrap();
        let q = |s: &str| find_quantities(s, &rules.claims).remove(0).1;
        let cases = [
            ("$1.5 billion", "$1.48 billion", true),
            ("$1 billion", "$1.5 billion", false),
            ("$50 billion", "$50.3 billion", true),
            ("$1.5 billion", "$50 billion", false),
            ("$50bn", "50 billion dollars", true),
            ("over $13 billion", "$14 billion", true),
            ("up to $5 billion", "$6 billion", false),
            ("about 30%", "31%", true),
            ("$2,000", "$2,084", true),
            ("$1 billion", "$1.04 billion", true),
            ("from $29 to $39", "$35", true),
            ("between 10 and 25 years", "30 years", false),
            ("27%", "27 percent", true),
            ("27%", "$27 billion", false),
        ];
        for (a, b, agree) in cases {
            assert_eq!(q(a).agrees_with(&q(b)), agree, "{a} vs {b}");
        }
        // Compatible is not the same claim: "up to $5 billion" allows $1 billion but does not state it.
        for (a, b, same) in [
            ("up to $5 billion", "$1 billion", false),
            ("up to $5 billion", "as much as $5bn", false),
            ("about $50 billion", "$50bn", true),
            ("over $13 billion", "more than $13bn", true),
            // A qualifier after the number bounds it as one before it does.
            ("25 grams or less", "less than 25 grams", true),
            ("25 grams or less", "25 grams", false),
            ("$10,000 or more", "at least $10,000", true),
        ] {
            assert_eq!(q(a).same_value(&q(b)), same, "{a} vs {b}");
        }
    }
}
