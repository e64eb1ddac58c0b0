//! Stage 5, score: findings -> per-article and per-source scores.
//!
//! Turns citations and claim verdicts into `Finding`s (the evidence), counts
//! them, and applies the formulas documented in the README with the constants
//! of `rules/scoring.toml`. `top_reasons` are found by asking, for each rule,
//! how much credibility would change without its findings. No CSV here.

mod bands;
mod totals;

pub use bands::{BandProfile, Typical, band_profiles};
pub use totals::{RuleTally, SourceTotals, Tally, Totals};

use std::collections::BTreeMap;
use std::fmt;
use std::fmt::Write as _;
use std::ops::Range;

use crate::align::{ClaimKind, ClaimVerdict, CopyVerdict, Verdict};
use crate::extract::Extraction;
use crate::rules::{CitationKind, RuleSet, Scoring};

/// What a finding is; the names are the `kind` column of `findings.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingKind {
    VagueCitation,
    NamedCitation,
    Corroborated,
    Conflict,
    Unique,
    Copy,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::VagueCitation => "vague_citation",
            FindingKind::NamedCitation => "named_citation",
            FindingKind::Corroborated => "corroborated",
            FindingKind::Conflict => "conflict",
            FindingKind::Unique => "unique",
            FindingKind::Copy => "copy",
        }
    }
}

/// One piece of evidence in one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index of the article in the batch.
    pub article: usize,
    pub kind: FindingKind,
    pub rule: String,
    /// Byte range in the article as read.
    pub span: Range<usize>,
    /// Byte range of the sentence holding it.
    pub sentence: Range<usize>,
    pub detail: String,
    /// Other articles (batch indices) and the value each gives.
    pub related: Vec<(usize, String)>,
    /// Related articles beyond those listed.
    pub related_more: usize,
    pub weight: f64,
}

/// Rule ids of claim and copy findings (citation findings carry their rule's id).
pub const RULE_CORROBORATED: &str = "claim.corroborated";
pub const RULE_CONFLICT: &str = "claim.conflict";
pub const RULE_SUPERSEDED: &str = "claim.superseded";
pub const RULE_DOUBT: &str = "claim.doubt";
pub const RULE_ALTERED_COPY: &str = "claim.altered-copy";
pub const RULE_UNIQUE: &str = "claim.unique";
pub const RULE_COPY: &str = "copy.shingles";
pub const RULE_CREDIT: &str = "copy.credit";

/// Builds one article's findings from what extract and align found.
/// `story_articles` maps align's story-local article indices to batch indices.
pub fn findings(
    article: usize,
    extraction: &Extraction,
    verdicts: &[&ClaimVerdict],
    copies: &[&CopyVerdict],
    story_articles: &[usize],
    rules: &RuleSet,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for citation in &extraction.citations {
        let rule = &rules.citations.rules[citation.rule];
        let kind = match citation.kind {
            CitationKind::Vague => FindingKind::VagueCitation,
            CitationKind::Named => FindingKind::NamedCitation,
        };
        out.push(Finding {
            article,
            kind,
            rule: rule.id.clone(),
            span: citation.span.clone(),
            sentence: citation.sentence.clone(),
            detail: rule.message.clone(),
            related: Vec::new(),
            related_more: 0,
            weight: rule.weight,
        });
    }
    // The claim conflicts (not the account's), by position in `out`, to count
    // once per sentence below.
    let mut claim_conflicts: Vec<usize> = Vec::new();
    for verdict in verdicts {
        // A conflict with the account weighs by the story's margin: its
        // weight, and the words saying how it was reached.
        let account = (verdict.kind == ClaimKind::Account && verdict.verdict == Verdict::Conflict)
            .then(|| account_conflict(verdict, rules));
        let (kind, rule, weight) = match verdict.verdict {
            Verdict::Corroborated => (FindingKind::Corroborated, RULE_CORROBORATED, 1.0),
            Verdict::Conflict if let Some((weight, _)) = &account => (
                FindingKind::Conflict,
                if verdict.in_passing {
                    RULE_DOUBT
                } else {
                    RULE_CONFLICT
                },
                *weight,
            ),
            Verdict::Conflict if verdict.copies.is_some() => (
                FindingKind::Conflict,
                RULE_ALTERED_COPY,
                rules.scoring.altered_copy_weight,
            ),
            Verdict::Conflict => (FindingKind::Conflict, RULE_CONFLICT, 1.0),
            Verdict::Superseded => (
                FindingKind::Conflict,
                RULE_SUPERSEDED,
                rules.scoring.superseded_weight,
            ),
            Verdict::Unique => (FindingKind::Unique, RULE_UNIQUE, 1.0),
        };
        let mut detail = claim_detail(verdict);
        if let Some((_, how)) = &account {
            // So the article's conflict score can be read off its findings.
            let _ = write!(detail, "; {how}");
        }
        if kind == FindingKind::Conflict && account.is_none() {
            claim_conflicts.push(out.len());
        }
        out.push(Finding {
            article,
            kind,
            rule: rule.to_string(),
            span: verdict.span.clone(),
            sentence: verdict.sentence.clone(),
            detail,
            related: verdict
                .related
                .iter()
                .map(|r| (story_articles[r.article], r.surface.clone()))
                .collect(),
            related_more: verdict.related_more,
            weight,
        });
    }
    if rules.scoring.one_per_sentence {
        one_per_sentence(&mut out, &claim_conflicts);
    }
    for copy in copies {
        let (rule, detail) = match (&copy.credit, copy.original) {
            (Some(outlet), Some(_)) => (
                RULE_CREDIT,
                format!(
                    "credits {outlet} as the original, which is in this story: counted as one source"
                ),
            ),
            (Some(outlet), None) => (
                RULE_CREDIT,
                format!("credits {outlet} as the original (not in this batch)"),
            ),
            (None, _) => (
                RULE_COPY,
                format!(
                    "copy or close rewrite: {:.0}% of word runs shared: counted as one source",
                    copy.similarity * 100.0
                ),
            ),
        };
        out.push(Finding {
            article,
            kind: FindingKind::Copy,
            rule: rule.to_string(),
            span: copy.span.clone(),
            sentence: copy.sentence.clone(),
            detail,
            related: copy
                .original
                .map(|o| (story_articles[o], "original".to_string()))
                .into_iter()
                .collect(),
            related_more: 0,
            weight: 0.0,
        });
    }
    out.sort_by_key(|f| (f.span.start, f.span.end, f.kind));
    out
}

/// One sentence, one disagreement: of the claim conflicts (`conflicts`,
/// positions in `findings`) that share a sentence, only the heaviest (the
/// first of equals) weighs; the others weigh 0 and say so. The claims of one
/// sentence are one statement of the article, not independent errors: a
/// figure and its conversion ("about 300 kilometers (186 miles)"), a price
/// and the one it was cut from ("$99, discounted from $149"), a range and its
/// end. The account's conflict is the article's as a whole, whichever
/// sentence shows it, and is never merged.
fn one_per_sentence(findings: &mut [Finding], conflicts: &[usize]) {
    let mut by_sentence: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for &i in conflicts {
        let s = &findings[i].sentence;
        by_sentence.entry((s.start, s.end)).or_default().push(i);
    }
    for group in by_sentence.values().filter(|g| g.len() > 1) {
        let kept = group
            .iter()
            .copied()
            .min_by(|&a, &b| {
                findings[b]
                    .weight
                    .total_cmp(&findings[a].weight)
                    .then(findings[a].span.start.cmp(&findings[b].span.start))
            })
            .expect("a group has members");
        let others = group.len() - 1;
        for &i in group {
            if i == kept {
                let _ = write!(
                    findings[i].detail,
                    "; counts for its sentence, which has {others} other conflicting claim{}",
                    if others == 1 { "" } else { "s" }
                );
            } else {
                findings[i].weight = 0.0;
                findings[i].detail.push_str(
                    "; counts as 0 conflicts: another conflicting claim of its sentence is \
                     counted (one sentence, one disagreement)",
                );
            }
        }
    }
}

/// The weight of a conflict with the story's account, and the words that
/// show how it was reached: `account_weight` times the article's distance
/// from the story's mean stance, the share of the weighted vote rejecting the
/// account (an article giving it stands at 0, one rejecting it at 1, a
/// doubter at `doubt_stance`; one passing it on without vouching for it,
/// "reportedly", at `passed_on_stance`, in the mean too). A rejection that
/// one source in ten makes is surer to be wrong than one of a near-even split.
fn account_conflict(v: &ClaimVerdict, rules: &RuleSet) -> (f64, String) {
    let scoring = &rules.scoring;
    let total = v.weight + v.rival_weight;
    // A conflict has a rival outweighing it, so `total` is positive; were it
    // not, each side would hold half.
    let share = |w: f64| if total > 0.0 { w / total } else { 0.5 };
    let times = scoring.account_weight;
    // Articles passing the account on move the mean off the plain share:
    // then the detail says how the mean was reached.
    let passed = v.account.filter(|a| a.passed > 0.0);
    let how_mean = |a: crate::align::AccountStance| {
        format!(
            "the story's mean stance, ({:.3} rejecting + {} x {:.3} passing the account on \
             without vouching for it) / {:.3}",
            a.rejecting, rules.contrasts.passed_on_stance, a.passed, a.total
        )
    };
    if v.in_passing {
        // A doubt is judged against the rejection it leans toward: `weight`
        // is the rejection's. A mean stance past the doubter's (only with a
        // low `doubt_stance`) leaves it nothing to answer for: 0.
        let rejecting = v.account.map_or_else(|| share(v.weight), |a| a.mean);
        let weight = times * (scoring.doubt_stance - rejecting).max(0.0);
        let less = match passed {
            Some(a) => how_mean(a),
            None => "the share of the weighted vote rejecting the account".to_string(),
        };
        let how = format!(
            "counts as {weight:.3} conflicts: {times} x ({} - {rejecting:.3}), a doubter's stance \
             less {less}",
            scoring.doubt_stance
        );
        (weight, how)
    } else if let Some(a) = passed {
        let distance = (a.own - a.mean).abs();
        let weight = times * distance;
        let how = format!(
            "counts as {weight:.3} conflicts: {times} x |{:.3} - {:.3}|, its distance from {}",
            a.own,
            a.mean,
            how_mean(a)
        );
        (weight, how)
    } else {
        // Whichever side the article takes, the mean stance lies the other
        // side's share away from it.
        let against = share(v.rival_weight);
        let weight = times * against;
        let how = format!(
            "counts as {weight:.3} conflicts: {times} x {against:.3}, the share of the weighted \
             vote against it (its distance from the story's mean stance)"
        );
        (weight, how)
    }
}

fn claim_detail(v: &ClaimVerdict) -> String {
    let mentions = if v.mentions > 1 {
        format!(" ({} mentions)", v.mentions)
    } else {
        String::new()
    };
    let about = if v.about.is_empty() {
        String::new()
    } else {
        format!("; about: {}", v.about.join(" "))
    };
    let head = format!("{}: {}{mentions}", v.kind.as_str(), v.surface);
    if let Some(split) = v.copies {
        let this = if split.mine == 1 {
            "this copy alone gives this one".to_string()
        } else {
            format!("{} (this one included) give this one", split.mine)
        };
        let others = if v.verdict == Verdict::Superseded {
            format!("superseded: {} later copies", split.theirs)
        } else {
            format!("{} other copies", split.theirs)
        };
        return format!(
            "{head}: {others} of the same text give another answer, {this}, and no independent source gives it{about}"
        );
    }
    match v.verdict {
        Verdict::Corroborated => format!(
            "{head}: also given by {} other source(s){about}",
            v.support - 1
        ),
        Verdict::Conflict => format!(
            "{head}: {} source(s) (weight {:.2}) give another answer, {} (weight {:.2}) give this one{about}",
            v.rival_support, v.rival_weight, v.support, v.weight
        ),
        Verdict::Superseded => format!(
            "{head}: superseded: {} later source(s) (weight {:.2}) give another answer{about}",
            v.rival_support, v.rival_weight
        ),
        Verdict::Unique if v.related.is_empty() => {
            format!("{head}: no other source gives this{about}")
        }
        // Disputed only by a fellow copy that altered it: say so, since that
        // copy is called wrong (`claim.altered-copy`) and this one is not.
        Verdict::Unique
            if v.altered_by
                .is_some_and(|s| v.rival_support == 1 && s.theirs > 0) =>
        {
            let split = v.altered_by.expect("checked above");
            let altered = if split.theirs == 1 {
                "1 other copy altered it".to_string()
            } else {
                format!("{} other copies altered it", split.theirs)
            };
            format!(
                "{head}: {} copies of the same text (this one included, one source together) give this; {altered} (claim.altered-copy){about}",
                split.mine
            )
        }
        Verdict::Unique => format!(
            "{head}: disputed, no majority ({} source(s) each way, weights {:.2} and {:.2}){about}",
            v.support, v.weight, v.rival_weight
        ),
    }
}

/// Counts that the scores are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    pub words: usize,
    pub claims: usize,
    pub corroborated: usize,
    pub conflicting: usize,
    pub unique: usize,
    pub vague_citations: usize,
    pub named_citations: usize,
    pub vague_weight: f64,
    pub named_weight: f64,
    pub conflict_weight: f64,
}

impl Counts {
    pub fn from_findings<'a>(
        words: usize,
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> Counts {
        let mut c = Counts {
            words,
            ..Counts::default()
        };
        for f in findings {
            match f.kind {
                FindingKind::VagueCitation => {
                    c.vague_citations += 1;
                    c.vague_weight += f.weight;
                }
                FindingKind::NamedCitation => {
                    c.named_citations += 1;
                    c.named_weight += f.weight;
                }
                FindingKind::Corroborated => c.corroborated += 1,
                FindingKind::Conflict => {
                    c.conflicting += 1;
                    c.conflict_weight += f.weight;
                }
                FindingKind::Unique => c.unique += 1,
                FindingKind::Copy => {}
            }
        }
        c.claims = c.corroborated + c.conflicting + c.unique;
        c
    }

    pub fn add(&mut self, other: &Counts) {
        self.words += other.words;
        self.claims += other.claims;
        self.corroborated += other.corroborated;
        self.conflicting += other.conflicting;
        self.unique += other.unique;
        self.vague_citations += other.vague_citations;
        self.named_citations += other.named_citations;
        self.vague_weight += other.vague_weight;
        self.named_weight += other.named_weight;
        self.conflict_weight += other.conflict_weight;
    }
}

/// The three sub-scores in [0, 1] and credibility in [0, 100].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub corroboration: f64,
    pub conflict: f64,
    pub vagueness: f64,
    pub credibility: f64,
}

/// The formulas; see the README, "How scores are computed".
pub fn compute(c: &Counts, s: &Scoring) -> Scores {
    let corroboration = (c.corroborated as f64 + s.prior_claims * s.prior_rate)
        / (c.claims as f64 + s.prior_claims);
    let conflict = 1.0 - (1.0 - s.per_conflict).powf(c.conflict_weight);
    let citations = c.vague_weight + c.named_weight + s.prior_citations;
    let vagueness = if citations > 0.0 {
        c.vague_weight / citations
    } else {
        0.0
    };
    let credibility = 100.0
        * (s.weight_corroboration * corroboration
            + s.weight_conflict * (1.0 - conflict)
            + s.weight_vagueness * (1.0 - vagueness));
    Scores {
        corroboration,
        conflict,
        vagueness,
        credibility,
    }
}

/// A rule whose findings moved credibility: by how many points, with how many findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub rule: String,
    /// What the rule finds, in words: its message.
    pub label: String,
    pub count: usize,
    pub points: f64,
}

impl fmt::Display for Reason {
    /// `vague.dated-report x8: document known only by its year (-6.9)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} x{}: {} ({:+.1})",
            self.rule, self.count, self.label, self.points
        )
    }
}

/// What a rule's findings are, for `top_reasons`: a citation rule's message,
/// or a fixed phrase for the claim and copy rules.
fn label(finding: &Finding) -> String {
    match finding.rule.as_str() {
        RULE_CORROBORATED => "claim other sources also give".into(),
        RULE_CONFLICT => "claim the majority of sources contradict".into(),
        RULE_SUPERSEDED => "claim later reports replace".into(),
        RULE_DOUBT => "doubt of the account most sources give".into(),
        RULE_ALTERED_COPY => "claim its own copies of the same text give otherwise".into(),
        RULE_UNIQUE => "claim no other source gives".into(),
        RULE_COPY | RULE_CREDIT => "copy of another article".into(),
        _ => finding.detail.clone(),
    }
}

/// The rules whose findings moved credibility most: for each rule, the
/// difference between the score with and without its findings.
pub fn top_reasons(words: usize, findings: &[&Finding], s: &Scoring) -> Vec<Reason> {
    let full = compute(&Counts::from_findings(words, findings.iter().copied()), s).credibility;
    let mut by_rule: BTreeMap<&str, (usize, &Finding)> = BTreeMap::new();
    for f in findings {
        by_rule.entry(f.rule.as_str()).or_insert((0, f)).0 += 1;
    }
    let reasons: Vec<Reason> = by_rule
        .into_iter()
        .map(|(rule, (count, first))| {
            let without =
                Counts::from_findings(words, findings.iter().copied().filter(|f| f.rule != rule));
            Reason {
                rule: rule.to_string(),
                label: label(first),
                count,
                points: full - compute(&without, s).credibility,
            }
        })
        .collect();
    strongest(reasons, s)
}

/// The reasons worth printing: those that moved credibility by at least
/// `min_reason_points`, largest first (ties by rule id), at most `top_reasons`.
fn strongest(mut reasons: Vec<Reason>, s: &Scoring) -> Vec<Reason> {
    reasons.retain(|r| r.points.abs() >= s.min_reason_points);
    reasons.sort_by(|a, b| {
        b.points
            .abs()
            .total_cmp(&a.points.abs())
            .then(a.rule.cmp(&b.rule))
    });
    reasons.truncate(s.top_reasons);
    reasons
}

/// One article's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleScore {
    pub counts: Counts,
    pub scores: Scores,
    pub reasons: Vec<Reason>,
}

pub fn score_article(words: usize, findings: &[Finding], s: &Scoring) -> ArticleScore {
    let refs: Vec<&Finding> = findings.iter().collect();
    let counts = Counts::from_findings(words, refs.iter().copied());
    ArticleScore {
        scores: compute(&counts, s),
        reasons: top_reasons(words, &refs, s),
        counts,
    }
}

/// One source's numbers: its articles' counts summed, then the same formulas.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceScore {
    pub source: String,
    pub articles: usize,
    pub stories: usize,
    pub counts: Counts,
    pub scores: Scores,
    pub reasons: Vec<Reason>,
}

/// Scores every source from its articles. `members` gives, per article, its
/// source, story, word count and findings.
pub fn score_sources<'a>(
    members: impl IntoIterator<Item = (&'a str, &'a str, usize, &'a [Finding])>,
    s: &Scoring,
) -> Vec<SourceScore> {
    let mut totals = Totals::default();
    for (source, story, words, findings) in members {
        totals.add_article(source, story, words, findings);
    }
    totals.scores(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scoring() -> Scoring {
        RuleSet::builtin().unwrap().scoring
    }

    fn finding(kind: FindingKind, rule: &str) -> Finding {
        Finding {
            article: 0,
            kind,
            rule: rule.into(),
            span: 0..1,
            sentence: 0..1,
            detail: String::new(),
            related: vec![],
            related_more: 0,
            weight: 1.0,
        }
    }

    /// A figure of article 2 that its two fellow copies, articles 0 and 1,
    /// give otherwise.
    fn altered_copy(verdict: Verdict) -> ClaimVerdict {
        let related = |article| crate::align::Related {
            article,
            surface: "$50 billion".into(),
        };
        ClaimVerdict {
            article: 2,
            kind: crate::align::ClaimKind::Quantity,
            surface: "$5 billion".into(),
            span: 24..34,
            sentence: 0..40,
            about: vec!["port".into()],
            mentions: 1,
            verdict,
            related: vec![related(0), related(1)],
            related_more: 0,
            support: 1,
            rival_support: 1,
            weight: 0.8,
            rival_weight: 0.8,
            in_passing: false,
            account: None,
            copies: Some(crate::align::CopySplit { mine: 1, theirs: 2 }),
            altered_by: None,
        }
    }

    #[test]
    fn a_copy_whose_fellow_altered_it_says_so() {
        let rules = RuleSet::builtin().unwrap();
        let extraction = Extraction::default();
        // Article 0, one of the two copies giving "$50 billion", disputed
        // only by the third copy, which altered it.
        let kept = ClaimVerdict {
            article: 0,
            surface: "$50 billion".into(),
            verdict: Verdict::Unique,
            related: vec![crate::align::Related {
                article: 2,
                surface: "$5 billion".into(),
            }],
            copies: None,
            altered_by: Some(crate::align::CopySplit { mine: 2, theirs: 1 }),
            ..altered_copy(Verdict::Unique)
        };
        let found = findings(0, &extraction, &[&kept], &[], &[10, 11, 12], &rules);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].kind, found[0].detail.as_str()),
            (
                FindingKind::Unique,
                "figure: $50 billion: 2 copies of the same text (this one included, one \
                 source together) give this; 1 other copy altered it (claim.altered-copy); \
                 about: port"
            )
        );
        // Disputed by an independent source instead: the usual words.
        let disputed = ClaimVerdict {
            altered_by: None,
            ..kept.clone()
        };
        let found = findings(0, &extraction, &[&disputed], &[], &[10, 11, 12], &rules);
        assert!(
            found[0].detail.contains("disputed, no majority"),
            "{:?}",
            found[0]
        );
    }

    #[test]
    fn the_claim_conflicts_of_one_sentence_count_once() {
        let mut rules = RuleSet::builtin().unwrap();
        let extraction = Extraction::default();
        // Article 0: a distance in two units (one sentence), a superseded
        // date in the same sentence, a figure in another sentence, and the
        // account's conflict shown by the first sentence.
        let conflict =
            |surface: &str, span: Range<usize>, sentence: Range<usize>, verdict| ClaimVerdict {
                article: 0,
                surface: surface.into(),
                span,
                sentence,
                copies: None,
                verdict,
                ..altered_copy(Verdict::Conflict)
            };
        let km = conflict("300 kilometers", 10..24, 0..60, Verdict::Conflict);
        let miles = conflict("186 miles", 26..35, 0..60, Verdict::Conflict);
        let date = conflict("in 2019", 40..47, 0..60, Verdict::Superseded);
        let other = conflict("$5 million", 70..80, 61..90, Verdict::Conflict);
        let stance = ClaimVerdict {
            sentence: 0..60,
            span: 0..60,
            ..account(0.7, 6.3, false)
        };
        let weights = |rules: &RuleSet| -> Vec<(String, f64)> {
            let verdicts = [&km, &miles, &date, &other, &stance];
            findings(0, &extraction, &verdicts, &[], &[10, 11, 12], rules)
                .into_iter()
                .map(|f| (f.detail.split(':').next().unwrap().to_string(), f.weight))
                .collect()
        };
        let account_weight = rules.scoring.account_weight * 0.9;
        let got = weights(&rules);
        let want = [
            ("account".to_string(), account_weight),
            ("figure".to_string(), 1.0),
            ("figure".to_string(), 0.0),
            ("figure".to_string(), 0.0),
            ("figure".to_string(), 1.0),
        ];
        for ((kind, got), (want_kind, want)) in got.iter().zip(&want) {
            assert!(kind == want_kind && (got - want).abs() < 1e-9, "{got:?}");
        }
        let total: f64 = got.iter().map(|(_, w)| w).sum();
        assert!((total - (2.0 + account_weight)).abs() < 1e-9, "{got:?}");
        // Off, every conflict counts.
        rules.scoring.one_per_sentence = false;
        let total: f64 = weights(&rules).iter().map(|(_, w)| w).sum();
        let superseded = rules.scoring.superseded_weight;
        assert!(
            (total - (3.0 + superseded + account_weight)).abs() < 1e-9,
            "{total}"
        );
    }

    /// Article 0's account verdict: a conflict, with the weighted vote
    /// `mine` on its side (the rejection's, for a doubter) and `theirs` on
    /// the other.
    fn account(mine: f64, theirs: f64, in_passing: bool) -> ClaimVerdict {
        ClaimVerdict {
            article: 0,
            kind: ClaimKind::Account,
            surface: "rejects the account (1 sentence)".into(),
            copies: None,
            weight: mine,
            rival_weight: theirs,
            in_passing,
            verdict: Verdict::Conflict,
            ..altered_copy(Verdict::Conflict)
        }
    }

    #[test]
    fn an_account_conflict_weighs_the_distance_from_the_mean_stance() {
        let mut rules = RuleSet::builtin().unwrap();
        let extraction = Extraction::default();
        let weigh = |v: &ClaimVerdict, rules: &RuleSet| {
            let found = findings(0, &extraction, &[v], &[], &[10, 11, 12], rules);
            (
                found[0].rule.clone(),
                found[0].weight,
                found[0].detail.clone(),
            )
        };
        let near = |(rule, got, detail): (String, f64, String), want_rule: &str, want: f64| {
            assert!(
                rule == want_rule && (got - want).abs() < 1e-9,
                "{rule} {got}, not {want_rule} {want}"
            );
            // The detail gives the weight it was counted at.
            assert!(
                detail.contains(&format!("counts as {want:.3} conflicts")),
                "{detail}"
            );
        };
        let times = rules.scoring.account_weight;
        let stance = rules.scoring.doubt_stance;
        // One source of ten rejects: the mean stance is 0.1, 0.9 from it.
        near(
            weigh(&account(0.7, 6.3, false), &rules),
            RULE_CONFLICT,
            times * 0.9,
        );
        // Two of five: 0.6 from the mean of 0.4.
        near(
            weigh(&account(1.4, 2.1, false), &rules),
            RULE_CONFLICT,
            times * 0.6,
        );
        // Giving an account that three in four reject: 0.75 from the mean.
        let gives = ClaimVerdict {
            surface: "gives the account".into(),
            ..account(1.0, 3.0, false)
        };
        near(weigh(&gives, &rules), RULE_CONFLICT, times * 0.75);
        // A doubter stands at `doubt_stance`: from a mean of 0.1, and of 0.4.
        near(
            weigh(&account(0.7, 6.3, true), &rules),
            RULE_DOUBT,
            times * (stance - 0.1),
        );
        near(
            weigh(&account(1.4, 2.1, true), &rules),
            RULE_DOUBT,
            times * (stance - 0.4),
        );
        // Where articles pass the account on without vouching for it, the
        // mean stance carries them part way: from it each side is weighed,
        // a doubter too, and the detail says so.
        // One source of five rejects (weight 1 each), two of the four giving
        // the account pass it on: (1 + 0.4 x 2) / 5 = 0.36.
        assert_eq!(rules.contrasts.passed_on_stance, 0.4);
        let mean = crate::align::AccountStance {
            own: 1.0,
            mean: 0.36,
            rejecting: 1.0,
            total: 5.0,
            passed: 2.0,
        };
        let passed = |v: ClaimVerdict, own: f64| ClaimVerdict {
            account: Some(crate::align::AccountStance { own, ..mean }),
            ..v
        };
        for (verdict, rule, want) in [
            (
                passed(account(1.0, 4.0, false), 1.0),
                RULE_CONFLICT,
                times * 0.64,
            ),
            (
                passed(gives.clone(), 0.4),
                RULE_CONFLICT,
                times * (0.4 - 0.36),
            ),
            (passed(gives.clone(), 0.0), RULE_CONFLICT, times * 0.36),
            (
                passed(account(1.0, 4.0, true), 0.5),
                RULE_DOUBT,
                times * (stance - 0.36),
            ),
        ] {
            let found = weigh(&verdict, &rules);
            assert!(
                found.2.contains(
                    "the story's mean stance, (1.000 rejecting + 0.4 x 2.000 passing the account \
                     on without vouching for it) / 5.000"
                ),
                "{}",
                found.2
            );
            near(found, rule, want);
        }
        // A mean stance past the doubter's leaves it nothing to answer for.
        rules.scoring.doubt_stance = 0.3;
        near(weigh(&account(1.4, 2.1, true), &rules), RULE_DOUBT, 0.0);
        // Figures keep the weight of one conflict, whatever the margin.
        let figure = ClaimVerdict {
            copies: None,
            weight: 0.7,
            rival_weight: 6.3,
            ..altered_copy(Verdict::Conflict)
        };
        let (rule, weight, _) = weigh(&figure, &rules);
        assert_eq!((rule.as_str(), weight), (RULE_CONFLICT, 1.0));
    }

    #[test]
    fn an_altered_copy_has_its_own_rule_and_says_why() {
        let rules = RuleSet::builtin().unwrap();
        let extraction = Extraction::default();
        for (verdict, rule, weight, detail) in [
            (
                Verdict::Conflict,
                RULE_ALTERED_COPY,
                rules.scoring.altered_copy_weight,
                "figure: $5 billion: 2 other copies of the same text give another answer, \
                 this copy alone gives this one, and no independent source gives it; about: port",
            ),
            (
                Verdict::Superseded,
                RULE_SUPERSEDED,
                rules.scoring.superseded_weight,
                "figure: $5 billion: superseded: 2 later copies of the same text give another \
                 answer, this copy alone gives this one, and no independent source gives it; \
                 about: port",
            ),
        ] {
            let claim = altered_copy(verdict);
            let found = findings(2, &extraction, &[&claim], &[], &[10, 11, 12], &rules);
            assert_eq!(found.len(), 1);
            let f = &found[0];
            assert_eq!(
                (f.kind, f.rule.as_str(), f.weight, f.detail.as_str()),
                (FindingKind::Conflict, rule, weight, detail),
                "{verdict:?}"
            );
            // Related as batch indices: the two fellow copies and their figure.
            assert_eq!(
                f.related,
                [
                    (10, "$50 billion".to_string()),
                    (11, "$50 billion".to_string())
                ]
            );
        }
    }

    #[test]
    fn formulas_follow_the_readme() {
        let s = scoring();
        let none = compute(&Counts::default(), &s);
        assert_eq!(
            (none.corroboration, none.conflict, none.vagueness),
            (0.5, 0.0, 0.0)
        );
        let c = Counts {
            claims: 4,
            corroborated: 2,
            conflicting: 1,
            unique: 1,
            vague_weight: 1.0,
            named_weight: 2.0,
            conflict_weight: 1.0,
            ..Counts::default()
        };
        let got = compute(&c, &s);
        assert!((got.corroboration - 3.0 / 6.0).abs() < 1e-12);
        assert!((got.conflict - 0.5).abs() < 1e-12);
        assert!((got.vagueness - 1.0 / 4.0).abs() < 1e-12);
        let expected = 100.0 * (0.3 * 0.5 + 0.4 * 0.5 + 0.3 * 0.75);
        assert!(
            (got.credibility - expected).abs() < 1e-9,
            "{}",
            got.credibility
        );
    }

    #[test]
    fn every_score_stays_in_range() {
        let s = scoring();
        for n in [0usize, 1, 5, 100] {
            let c = Counts {
                claims: n,
                conflicting: n,
                conflict_weight: n as f64,
                vague_weight: n as f64,
                ..Counts::default()
            };
            let got = compute(&c, &s);
            for v in [got.corroboration, got.conflict, got.vagueness] {
                assert!((0.0..=1.0).contains(&v), "{v}");
            }
            assert!((0.0..=100.0).contains(&got.credibility));
        }
    }

    #[test]
    fn reasons_rank_rules_by_their_effect() {
        let s = scoring();
        let mut all = vec![finding(FindingKind::Conflict, RULE_CONFLICT)];
        all.extend((0..3).map(|_| finding(FindingKind::VagueCitation, "vague.x")));
        all.push(finding(FindingKind::Corroborated, RULE_CORROBORATED));
        let refs: Vec<&Finding> = all.iter().collect();
        let reasons = top_reasons(100, &refs, &s);
        assert_eq!(reasons[0].rule, RULE_CONFLICT, "{reasons:?}");
        assert!(reasons[0].points < 0.0);
        let corroborated = reasons
            .iter()
            .find(|r| r.rule == RULE_CORROBORATED)
            .expect("corroboration helps");
        assert!(corroborated.points > 0.0);
        assert_eq!(
            reasons.iter().find(|r| r.rule == "vague.x").unwrap().count,
            3
        );
        assert_eq!(
            reasons[0].to_string(),
            format!(
                "claim.conflict x1: claim the majority of sources contradict ({:+.1})",
                reasons[0].points
            )
        );
    }
}
