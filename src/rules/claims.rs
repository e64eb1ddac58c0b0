//! `claims.toml`: the words that make a number a quantity, the words that say
//! what it is about, and how alike two contexts must be to be the same thing.

use rustc_hash::{FxHashMap, FxHashSet};

use super::citation::Example;
use super::raw::ClaimsFile;
use super::{Problems, RuleFile};
use crate::error::Location;

#[derive(Debug)]
pub struct ClaimRules {
    /// Scale words to multipliers: `billion` -> 1e9, `bn` -> 1e9.
    pub scales: FxHashMap<String, f64>,
    /// Symbols before a number: `$` -> `USD`.
    pub currency_symbols: Vec<(String, String)>,
    /// Words after a number: `dollars` -> `USD`.
    pub currency_words: FxHashMap<String, String>,
    /// Codes before or after a number: `USD`, `EUR`.
    pub currency_codes: FxHashSet<String>,
    /// Words or phrases after a number that make it a percentage.
    pub percent_words: Vec<String>,
    /// Duration words to their canonical unit: `months` -> `month`.
    pub duration_units: FxHashMap<String, String>,
    /// Spelled-out numbers, read only before a duration unit (`two months`).
    pub number_words: FxHashMap<String, f64>,
    pub at_least: Vec<String>,
    pub at_most: Vec<String>,
    pub approximately: Vec<String>,
    /// Words before a number that make it an age in years ("aged 34").
    pub age_words: Vec<String>,
    /// Qualifiers after a quantity: "25 grams or less", "$10,000 or more".
    pub at_least_after: Vec<String>,
    pub at_most_after: Vec<String>,
    /// Words (month names) before a number that make it part of a date.
    pub date_words: FxHashSet<String>,
    /// The most that rounding may hide, as a share of the value.
    pub rounding_cap: f64,
    pub stopwords: FxHashSet<String>,
    /// Words that open a new clause (`while`, `but`): context stops there.
    pub clause_words: FxHashSet<String>,
    /// A clause with fewer content terms than this borrows its sentence's.
    pub min_terms: usize,
    /// How many content words on each side of a quantity say what it measures.
    pub head_terms: usize,
    /// Units whose different values are never called a conflict (see claims.toml).
    pub no_conflict_units: FxHashSet<String>,
    /// Units that measure a person (ages): two values about one named person
    /// are rivals whatever else their contexts say.
    pub person_units: FxHashSet<String>,
    /// Least context similarity for two equal values to be the same claim.
    pub same_context: f64,
    /// Least context similarity for two different values to be rival claims.
    pub conflict_context: f64,
    /// Two values given each as the only value of its unit in its articles
    /// are rivals from this context similarity on, and whatever their
    /// contexts in the units starting with one of `one_value_units` (counts
    /// of a named thing: "28 bodies", "42 bodies").
    pub one_value_context: f64,
    pub one_value_units: Vec<String>,
    /// Whether a group with no rival of its own that states exactly the
    /// number of a group with rivals supports it (see `join_echoes` in
    /// claims.toml).
    pub join_echoes: bool,
    /// Whether a bound at the number of a contested exact value ("at least
    /// 21 years" beside "21 years") supports it (see `join_bounds` in
    /// claims.toml).
    pub join_bounds: bool,
    /// Whether "the 44-year-old" whose clause names none of the story's
    /// people is about the person named last before it (see
    /// `person_named_before` in claims.toml).
    pub person_named_before: bool,
    /// The kinds of claim (`figure`, `date`, `statement`) a copy is called
    /// wrong in when more of its fellow copies give a rival answer (see
    /// `altered_copies` in claims.toml).
    pub altered_copies: FxHashSet<String>,
    /// Reliability every source starts with, and how many answers' worth of
    /// weight that prior carries, in the weighted majority.
    pub prior_reliability: f64,
    pub prior_strength: f64,
    /// Which count units count people, and which of them never match.
    pub people: PeopleUnits,
    pub examples: Vec<QuantityExample>,
    pub misses: Vec<Example>,
    /// Word n-gram length for copy detection.
    pub shingle_words: usize,
    /// Least shingle Jaccard for two articles to be copies.
    pub copy_threshold: f64,
    /// Patterns of credit lines; group `outlet` names the original. The
    /// words they need are found with the citation patterns'
    /// (`CitationRules::extra_patterns`).
    pub credits: Vec<regex::Regex>,
    /// Tells these rules apart from any other set loaded in the process, for
    /// memos of what the rules make of a word.
    pub(crate) id: u64,
}

/// Hands out `ClaimRules::id`s and `ContrastRules::id`s.
pub(super) static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Units that count people (`count:<stem>`), as sets of stems: a count in
/// one matches a count in another unless a split puts them on opposite
/// sides ("men" and "women"; "adults" and "children").
#[derive(Debug, Clone, Default)]
pub struct PeopleUnits {
    /// Every stem that counts people, general or on a side of a split.
    words: FxHashSet<String>,
    /// Each split: the stems on one side, the stems on the other.
    splits: Vec<(FxHashSet<String>, FxHashSet<String>)>,
    pub examples: Vec<PeopleExample>,
}

impl PeopleUnits {
    /// Whether two count units may count the same people: the same unit, or
    /// two units counting people that no split sets apart.
    pub fn alike(&self, a: &str, b: &str) -> bool {
        if a == b {
            return true;
        }
        let (Some(a), Some(b)) = (a.strip_prefix("count:"), b.strip_prefix("count:")) else {
            return false;
        };
        self.words.contains(a)
            && self.words.contains(b)
            && !self.splits.iter().any(|(one, other)| {
                one.contains(a) && other.contains(b) || other.contains(a) && one.contains(b)
            })
    }

    /// Whether a unit counts people.
    pub fn counts_people(&self, unit: &str) -> bool {
        unit.strip_prefix("count:")
            .is_some_and(|stem| self.words.contains(stem))
    }
}

/// Two counts (`a`, `b`) and whether they may count the same people.
#[derive(Debug, Clone)]
pub struct PeopleExample {
    pub a: String,
    pub b: String,
    pub same: bool,
    pub location: Location,
}

/// An example quantity: the text with the quantity's span marked, and its value.
#[derive(Debug, Clone)]
pub struct QuantityExample {
    pub text: String,
    pub unit: String,
    pub value: f64,
    pub location: Location,
}

pub(super) fn compile(
    file: &RuleFile,
    raw: ClaimsFile,
    problems: &mut Problems,
) -> Option<ClaimRules> {
    let before = problems.0.len();
    let q = raw.quantities;
    let mut credits = Vec::new();
    for (i, pattern) in raw.copies.credits.iter().enumerate() {
        match super::compile_pattern(pattern.get_ref(), &Default::default()) {
            Ok(regex) if regex.capture_names().any(|n| n == Some("outlet")) => credits.push(regex),
            Ok(_) => problems.at(
                file,
                pattern.span().start,
                None,
                format!("copies.credits[{i}]: needs a group named `outlet`"),
            ),
            Err(err) => problems.at(
                file,
                pattern.span().start,
                None,
                format!("copies.credits[{i}]: {err}"),
            ),
        }
    }
    for (name, value) in [("copies.threshold", raw.copies.threshold)] {
        if !(0.0..=1.0).contains(&value) {
            problems.at(file, 0, None, format!("{name} must be between 0 and 1"));
        }
    }
    let lower = |words: Vec<String>| {
        words
            .into_iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
    };
    let examples = super::single_span_examples(
        file,
        raw.example,
        |e| &e.text,
        |e, location| QuantityExample {
            text: e.text,
            unit: e.unit,
            value: e.value,
            location,
        },
        "quantity",
        problems,
    );
    let misses = super::miss_examples(file, &raw.miss);
    for (name, value) in [
        ("same_context", raw.align.same_context),
        ("conflict_context", raw.align.conflict_context),
        ("one_value_context", raw.align.one_value_context),
    ] {
        if !(0.0..=1.0).contains(&value) {
            problems.at(
                file,
                0,
                None,
                format!("align.{name} must be between 0 and 1"),
            );
        }
    }
    for kind in &raw.align.altered_copies {
        let problem = match kind.as_str() {
            "figure" | "date" | "statement" => continue,
            "quotation" => "align.altered_copies: \"quotation\" is not allowed: who said a \
                            quotation is read from the text too unreliably to call a copy wrong"
                .to_string(),
            "account" => "align.altered_copies: \"account\" is not allowed: a copy that rejects \
                          the account its fellow copies give has added sentences, not altered \
                          what it copies"
                .to_string(),
            other => format!(
                "align.altered_copies: unknown claim kind {other:?} (figure, date or statement)"
            ),
        };
        problems.at(file, 0, None, problem);
    }
    // Longest symbols first, so `US$` wins over `$`.
    let mut currency_symbols: Vec<(String, String)> = q.currency_symbols.into_iter().collect();
    currency_symbols.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let longest_first = |mut words: Vec<String>| {
        words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        words
    };
    let stems = |words: &[String]| -> FxHashSet<String> {
        words
            .iter()
            .map(|w| crate::words::stem(&w.to_lowercase()))
            .collect()
    };
    let splits: Vec<(FxHashSet<String>, FxHashSet<String>)> = raw
        .people
        .splits
        .iter()
        .map(|s| (stems(&s.one), stems(&s.other)))
        .collect();
    let mut people_words = stems(&raw.people.general);
    for (one, other) in &splits {
        people_words.extend(one.iter().cloned());
        people_words.extend(other.iter().cloned());
    }
    let people = PeopleUnits {
        words: people_words,
        splits,
        examples: raw
            .people
            .example
            .into_iter()
            .map(|e| {
                let location = Location::of_offset(&file.path, &file.text, e.span().start);
                let e = e.into_inner();
                PeopleExample {
                    a: e.a,
                    b: e.b,
                    same: e.same,
                    location,
                }
            })
            .collect(),
    };
    (problems.0.len() == before).then(|| ClaimRules {
        people,
        scales: q
            .scales
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect(),
        currency_symbols,
        currency_words: q
            .currency_words
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect(),
        currency_codes: q.currency_codes.into_iter().collect(),
        percent_words: longest_first(lower(q.percent_words)),
        duration_units: q
            .duration_units
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect(),
        number_words: q
            .number_words
            .into_iter()
            .map(|(k, v)| (k.to_lowercase(), v))
            .collect(),
        at_least: longest_first(lower(q.at_least)),
        at_most: longest_first(lower(q.at_most)),
        approximately: longest_first(lower(q.approximately)),
        age_words: longest_first(lower(q.age_words)),
        at_least_after: longest_first(lower(q.at_least_after)),
        at_most_after: longest_first(lower(q.at_most_after)),
        date_words: lower(q.date_words).into_iter().collect(),
        rounding_cap: q.rounding_cap,
        stopwords: lower(raw.context.stopwords).into_iter().collect(),
        clause_words: lower(raw.context.clause_words).into_iter().collect(),
        min_terms: raw.context.min_terms,
        head_terms: raw.context.head_terms,
        no_conflict_units: raw.align.no_conflict_units.into_iter().collect(),
        person_units: raw.align.person_units.into_iter().collect(),
        same_context: raw.align.same_context,
        conflict_context: raw.align.conflict_context,
        one_value_context: raw.align.one_value_context,
        one_value_units: raw.align.one_value_units,
        join_echoes: raw.align.join_echoes,
        join_bounds: raw.align.join_bounds,
        person_named_before: raw.align.person_named_before,
        altered_copies: raw.align.altered_copies.into_iter().collect(),
        prior_reliability: raw.align.prior_reliability,
        prior_strength: raw.align.prior_strength,
        examples,
        misses,
        shingle_words: raw.copies.shingle_words.max(1),
        copy_threshold: raw.copies.threshold,
        credits,
        id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[&str]) -> FxHashSet<String> {
        words.iter().map(|w| crate::words::stem(w)).collect()
    }

    #[test]
    fn people_units_match_unless_a_split_sets_them_apart() {
        let people = PeopleUnits {
            words: stems(&["people", "followers", "men", "male", "women", "boys"]),
            splits: vec![
                (stems(&["men", "male", "boys"]), stems(&["women"])),
                (stems(&["men", "women"]), stems(&["boys"])),
            ],
            examples: Vec::new(),
        };
        let unit = |w: &str| format!("count:{}", crate::words::stem(w));
        assert!(people.alike(&unit("men"), &unit("followers")));
        assert!(people.alike(&unit("men"), &unit("male")));
        assert!(!people.alike(&unit("men"), &unit("women")));
        assert!(!people.alike(&unit("men"), &unit("boys")));
        // Not people at all, or not a count.
        assert!(!people.alike(&unit("men"), &unit("houses")));
        assert!(!people.alike("USD", &unit("men")));
        assert!(people.alike("USD", "USD"));
        assert!(people.counts_people(&unit("followers")));
        assert!(!people.counts_people("USD"));
    }
}
