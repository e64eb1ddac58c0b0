//! Dates and periods: years, months and days, with the relation that frames
//! them ("through 2032", "since 2019", "in late February", "on Tuesday"),
//! as ranges of days so that "2019" agrees with "March 2019". A weekday is
//! resolved against the article's `published` date, when it has one.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::{Date, Weekday};
use regex::Regex;
use unicode_segmentation::UnicodeSegmentation;

use super::quantities::{Bound, Quantity};

/// Month names; an abbreviation may end in a period, a full name ends at a word boundary.
const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)(?-u:\b)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?-u:\b))";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?:(?i:(?P<part>early|mid|late|the\ end\ of|end\ of|the\ beginning\ of|beginning\ of|the\ start\ of|start\ of))[\s-]+)?
        (?:
            (?P<month>{MONTHS})(?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?-u:\b))?(?:,?\s+(?P<year>(?:1[89]|20)\d\d)(?-u:\b))?
          | (?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{MONTHS})(?:,?\s+(?P<year2>(?:1[89]|20)\d\d)(?-u:\b))?
          | (?-u:\b)(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?-u:\b)
          | (?-u:\b)(?P<bare_year>(?:1[89]|20)\d\d)(?-u:\b)
        )"
    );
    Regex::new(&pattern).expect("date pattern compiles")
});

/// Every date in `sentence`, as a range of day numbers with a relation unit:
/// `date:until`, `date:since`, `date:by`, `date:after` or `date:in`
/// (`...:noyear` when no year is known).
pub fn find_dates(sentence: &str, published: Option<Date>) -> Vec<(Range<usize>, Quantity)> {
    let mut found = Vec::new();
    // Most sentences hold no date: asking whether one does is cheaper than
    // setting up the pattern's groups to find out.
    if !DATE.is_match(sentence) {
        return found;
    }
    for caps in DATE.captures_iter(sentence) {
        let whole = caps.get(0).expect("group 0");
        if !word_boundary_before(sentence, whole.start()) {
            continue;
        }
        let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i16>().ok());
        let (days, has_year) = if let Some(year) = caps.name("bare_year") {
            // "$2019", "2,019", "2019-20 season": not a year.
            let before = &sentence[..year.start()];
            let after = &sentence[year.end()..];
            if before.ends_with(['$', ',', '.', '-', '£', '€'])
                || after.starts_with([',', '%'])
                    && after[1..].starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let Some(y) = number("bare_year") else {
                continue;
            };
            (year_days(y), true)
        } else if let Some(weekday) = caps.name("weekday") {
            let Some(published) = published else { continue };
            let Some(day) = last_weekday(published, weekday.as_str()) else {
                continue;
            };
            (day_number(day)..=day_number(day), true)
        } else {
            let month_name = caps
                .name("month")
                .or_else(|| caps.name("month2"))
                .map_or("", |m| m.as_str());
            let Some(month) = month_number(month_name) else {
                continue;
            };
            // "may" the verb is lower case; "May" alone after a full stop is rarer than the month.
            let day = number("day").or_else(|| number("day2"));
            let year = number("year").or_else(|| number("year2"));
            let has_year = year.is_some() || published.is_some();
            let year = year.or_else(|| published.map(|p| p.year())).unwrap_or(2000);
            let part = caps.name("part").map(|p| p.as_str().to_lowercase());
            match month_days(year, month, day, part.as_deref()) {
                Some(days) => (days, has_year),
                None => continue,
            }
        };
        let relation = relation(&sentence[..whole.start()]);
        let unit = if has_year {
            format!("date:{relation}")
        } else {
            format!("date:{relation}:noyear")
        };
        let (start, end) = (*days.start(), *days.end());
        let bound = if start == end {
            Bound::Exact
        } else {
            Bound::Range
        };
        let quantity = Quantity {
            unit,
            value: start as f64,
            upper: end as f64,
            bound,
            resolution: 0.5,
        };
        found.push((whole.range(), quantity));
    }
    found
}

fn word_boundary_before(s: &str, at: usize) -> bool {
    s[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// What the preposition before a date makes of it.
fn relation(before: &str) -> &'static str {
    let previous = before
        .unicode_words()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    match previous.as_str() {
        "through" | "thru" | "until" | "till" | "til" | "untill" => "until",
        "since" | "from" => "since",
        "by" | "before" => "by",
        "after" => "after",
        _ => "in",
    }
}

fn day_number(date: Date) -> i64 {
    let epoch = Date::constant(1970, 1, 1);
    date.since(epoch).map_or(0, |span| span.get_days() as i64)
}

fn year_days(year: i16) -> std::ops::RangeInclusive<i64> {
    let first = Date::new(year, 1, 1).map(day_number).unwrap_or(0);
    let last = Date::new(year, 12, 31).map(day_number).unwrap_or(0);
    first..=last
}

fn month_number(name: &str) -> Option<i8> {
    let prefix: String = name.chars().take(3).collect::<String>().to_lowercase();
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .map(|i| i as i8 + 1)
}

fn month_days(
    year: i16,
    month: i8,
    day: Option<i16>,
    part: Option<&str>,
) -> Option<std::ops::RangeInclusive<i64>> {
    let first = Date::new(year, month, 1).ok()?;
    let length = first.days_in_month();
    if let Some(day) = day {
        let date = Date::new(year, month, i8::try_from(day).ok()?).ok()?;
        return Some(day_number(date)..=day_number(date));
    }
    let (from, to) = match part {
        Some("early")
        | Some("beginning of")
        | Some("the beginning of")
        | Some("start of")
        | Some("the start of") => (1, 10),
        Some("mid") => (11, 20),
        Some("late") | Some("end of") | Some("the end of") => (21, length),
        _ => (1, length),
    };
    let start = Date::new(year, month, from).ok()?;
    let end = Date::new(year, month, to).ok()?;
    Some(day_number(start)..=day_number(end))
}

/// The latest `weekday` on or before `published`: news says "on Tuesday" of the past week.
fn last_weekday(published: Date, weekday: &str) -> Option<Date> {
    let target = match weekday {
        "Monday" => Weekday::Monday,
        "Tuesday" => Weekday::Tuesday,
        "Wednesday" => Weekday::Wednesday,
        "Thursday" => Weekday::Thursday,
        "Friday" => Weekday::Friday,
        "Saturday" => Weekday::Saturday,
        _ => Weekday::Sunday,
    };
    let back = (published.weekday().to_monday_zero_offset() - target.to_monday_zero_offset())
        .rem_euclid(7);
    published
        .checked_sub(jiff::Span::new().days(i64::from(back)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(s: &str, published: Option<Date>) -> Vec<(String, String, i64, i64)> {
        find_dates(s, published)
            .into_iter()
            .map(|(r, q)| (s[r].to_string(), q.unit, q.value as i64, q.upper as i64))
            .collect()
    }

    #[test]
    fn years_months_and_relations() {
        let d = |y, m, day| day_number(Date::new(y, m, day).unwrap());
        assert_eq!(
            dates("a license through 2032", None),
            vec![(
                "2032".into(),
                "date:until".into(),
                d(2032, 1, 1),
                d(2032, 12, 31)
            )]
        );
        assert_eq!(dates("since 2019, the deal", None)[0].1, "date:since");
        assert_eq!(
            dates("in late February 2026", None),
            vec![(
                "late February 2026".into(),
                "date:in".into(),
                d(2026, 2, 21),
                d(2026, 2, 28)
            )]
        );
        assert_eq!(dates("on March 3, 2024 it", None)[0].2, d(2024, 3, 3));
        let published = Date::new(2026, 3, 5).ok(); // a Thursday
        assert_eq!(
            dates("On Tuesday, it said", published),
            vec![(
                "Tuesday".into(),
                "date:in".into(),
                d(2026, 3, 3),
                d(2026, 3, 3)
            )]
        );
        assert!(
            dates("On Tuesday, it said", None).is_empty(),
            "no weekday without a published date"
        );
        assert_eq!(dates("in late October", None)[0].1, "date:in:noyear");
        assert!(dates("costs $2019 or may fall", None).is_empty());
        assert!(dates("Market Reaction", None).is_empty());
        assert_eq!(dates("in late February.", None)[0].0, "late February");
        assert_eq!(dates("on Jan. 5, 2020", None)[0].0, "Jan. 5, 2020");
    }
}
