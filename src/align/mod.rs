//! Stage 4, align: one story's claims -> corroborated, conflict, superseded
//! or unique, and copies.
//!
//! Each kind of claim becomes *answers* to questions the story raises: a
//! figure and its rival figures (`quantities`), a word said to hold or not to
//! hold (`events`), who said a quotation (`quotes`), and whether the story's
//! account is accepted or rejected (`stance`). Copies and articles of one outlet
//! are one independent unit (`copies`). The majority answer is decided by
//! units weighted by each source's reliability on the rest of the story,
//! iterated to a fixed point (`majority`). An answer conflicts when a rival
//! outweighs it; it is superseded instead when every article of that rival is
//! dated later; it is corroborated when another unit gives it; otherwise it is
//! unique. "Nobody else reports this" never counts as "others report otherwise".
//! Inside one group of copies, which counts once against the rest of the
//! story, a copy whose answer no other unit gives and strictly more of its
//! fellow copies contradict altered the text it copies: a conflict too
//! (`altered_copies`).

mod copies;
mod events;
mod majority;
mod quantities;
mod quotes;
mod stance;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use jiff::civil::Date;
use rustc_hash::FxHashMap;

use crate::extract::{Extraction, Term};
use crate::rules::RuleSet;
pub use copies::CopyVerdict;

/// One article of the story, as `align` needs it.
#[derive(Debug, Clone, Copy)]
pub struct ArticleInput<'a> {
    pub source: &'a str,
    pub published: Option<Date>,
    pub extraction: &'a Extraction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Corroborated,
    Conflict,
    /// Contradicted only by articles published later: outdated, not wrong.
    Superseded,
    Unique,
}

/// What kind of claim a verdict is about, for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimKind {
    Quantity,
    Date,
    Event,
    Quote,
    Account,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Quantity => "figure",
            ClaimKind::Date => "date",
            ClaimKind::Event => "statement",
            ClaimKind::Quote => "quotation",
            ClaimKind::Account => "account",
        }
    }
}

/// Another article's version of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Index into the story's articles.
    pub article: usize,
    /// What that article says, as it says it.
    pub surface: String,
}

/// The verdict on one claim of one article (all its mentions of that claim).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimVerdict {
    pub article: usize,
    pub kind: ClaimKind,
    pub surface: String,
    /// First mention, in the original article.
    pub span: Range<usize>,
    pub sentence: Range<usize>,
    pub about: Vec<String>,
    pub mentions: usize,
    pub verdict: Verdict,
    /// Corroborated: the other articles giving the same. Conflict or
    /// superseded: the articles giving the answer that outweighs it. Unique:
    /// articles giving a rival answer without outweighing it, if any.
    pub related: Vec<Related>,
    /// Related articles beyond those listed.
    pub related_more: usize,
    /// Independent units behind this answer and behind its strongest rival.
    pub support: usize,
    pub rival_support: usize,
    /// The same, weighted by reliability.
    pub weight: f64,
    pub rival_weight: f64,
    /// Takes its side only in passing (a single doubt of the story's
    /// account): a conflict of lesser weight (rule `claim.doubt`).
    pub in_passing: bool,
    /// For the story's account, where this article stands and the story's
    /// mean stance (see `AccountStance`); `None` for every other kind.
    pub account: Option<AccountStance>,
    /// Called a conflict (or superseded) by its fellow copies of the same
    /// text rather than by independent sources (rule `claim.altered-copy`):
    /// then `related` lists those copies.
    pub copies: Option<CopySplit>,
    /// Given by most of a group of copies, one or more of which altered it
    /// (each of those a `claim.altered-copy` conflict): how many copies give
    /// it and how many altered it. Such a claim is only as sure as the text
    /// the copies share.
    pub altered_by: Option<CopySplit>,
}

/// Where an article stands toward the story's account, and where the story
/// stands: between giving the account (0) and rejecting it (1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AccountStance {
    /// The article's own stance: 1 rejecting, 0 giving the account,
    /// `passed_on_stance` passing it on without vouching for it. A doubter
    /// holds 0.5 here, unread: scoring places it at `doubt_stance`.
    pub own: f64,
    /// The story's mean stance: each side's units weighted by reliability,
    /// each unit at the mean stance of its articles on that side. Without
    /// articles passing the account on, the share of the weighted vote
    /// rejecting it.
    pub mean: f64,
    /// The weighted vote rejecting the account, and the whole vote (both
    /// sides): without articles passing the account on, `mean` is their ratio.
    pub rejecting: f64,
    pub total: f64,
    /// The part of the vote giving the account that passes it on without
    /// vouching for it (each unit's weight times the share of its articles
    /// that do): 0 when none does.
    pub passed: f64,
}

/// Inside one group of copies: how many of its articles give a claim's
/// answer, and how many give the rival answer that outnumbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopySplit {
    pub mine: usize,
    pub theirs: usize,
}

/// Everything align decides about one story.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    pub claims: Vec<ClaimVerdict>,
    pub copies: Vec<CopyVerdict>,
    /// Each source's reliability on this story, after the fixed point.
    pub reliability: BTreeMap<String, f64>,
}

/// One claim as given by one article.
#[derive(Debug, Clone)]
struct Member {
    article: usize,
    surface: String,
    span: Range<usize>,
    sentence: Range<usize>,
    about: Vec<crate::extract::Term>,
    /// Stated outright, rather than a plain mention that only counts against
    /// an explicit statement elsewhere (see `events`).
    explicit: bool,
    /// A bound that supports an exact answer at its number ("at least 21
    /// years" for "21 years") but allows its rivals: never called wrong.
    loose: bool,
    /// For the story's account, where the article stands between giving it
    /// (0) and rejecting it (1); 0 for every other kind of claim.
    stance: f64,
}

/// One answer to a question of the story, and the answers it competes with.
#[derive(Debug, Clone)]
struct Answer {
    kind: ClaimKind,
    members: Vec<Member>,
    rivals: Vec<usize>,
    /// Whether a lone answer is still reported (as `unique`): true for
    /// figures and dates, false for statements, quotations and accounts,
    /// which only matter where articles meet.
    report_alone: bool,
    /// Given in passing, leaning toward another answer (its index): faces
    /// its rivals as that answer does, without counting against them, and is
    /// no evidence of its sources' reliability.
    in_passing: Option<usize>,
}

impl Answer {
    /// Whether any member states this answer outright.
    fn explicit(&self) -> bool {
        self.members.iter().any(|m| m.explicit)
    }

    fn articles(&self) -> BTreeSet<usize> {
        self.members.iter().map(|m| m.article).collect()
    }

    fn units(&self, units: &[usize]) -> BTreeSet<usize> {
        self.members.iter().map(|m| units[m.article]).collect()
    }
}

pub fn align(articles: &[ArticleInput], rules: &RuleSet) -> Alignment {
    let (units, copies) = copies::independent_units(articles, &rules.claims);
    let groups = copy_groups(articles.len(), &copies);
    let key = stance::key_terms(articles, rules.contrasts.key_share);
    let mut answers = Vec::new();
    for batch in [
        quantities::answers(articles, &rules.claims),
        events::answers(articles, &key, &rules.claims, &rules.contrasts),
        quotes::answers(articles),
        stance::answers(articles, &key, &rules.contrasts),
    ] {
        // Each kind numbers its rivals from 0; shift them to their place here.
        let offset = answers.len();
        answers.extend(batch.into_iter().map(|mut a| {
            a.rivals.iter_mut().for_each(|r| *r += offset);
            a.in_passing = a.in_passing.map(|l| l + offset);
            a
        }));
    }

    let sources: Vec<&str> = articles.iter().map(|a| a.source).collect();
    let reliability = majority::reliability(&answers, &units, &sources, &rules.claims);
    let unit_weight = majority::unit_weights(&units, &reliability);
    // Units and weight of every answer, computed once.
    let support_of: Vec<usize> = answers.iter().map(|a| a.units(&units).len()).collect();
    let weight_of: Vec<f64> = answers
        .iter()
        .map(|a| a.units(&units).iter().map(|u| unit_weight[u]).sum())
        .collect();
    // For the story's account: each unit's weight times the mean over its
    // members of `value` (every other kind of answer: 0).
    let weighted_mean = |value: fn(&Member) -> f64| -> Vec<f64> {
        answers
            .iter()
            .map(|a| {
                if a.kind != ClaimKind::Account {
                    return 0.0;
                }
                let mut per_unit: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
                for m in &a.members {
                    let entry = per_unit.entry(units[m.article]).or_default();
                    entry.0 += value(m);
                    entry.1 += 1;
                }
                per_unit
                    .iter()
                    .map(|(u, (sum, n))| unit_weight[u] * sum / *n as f64)
                    .sum()
            })
            .collect()
    };
    // The weight leaning toward rejecting the account (members' stances),
    // and the part of it passed on without being vouched for (members
    // standing strictly between giving the account and rejecting it).
    let lean_of = weighted_mean(|m| m.stance);
    let passed_of = weighted_mean(|m| f64::from(u8::from(m.stance > 0.0 && m.stance < 1.0)));
    // The kinds of claim a copy can be called wrong in by its fellow copies.
    let alterable = |kind: ClaimKind| {
        kind != ClaimKind::Quote && rules.claims.altered_copies.contains(kind.as_str())
    };

    // Only an answer no other unit gives can be called wrong by its own
    // copies: one that an independent source backs stands on that.
    let altered_of: Vec<BTreeMap<usize, Altered>> = answers
        .iter()
        .enumerate()
        .map(|(index, answer)| {
            if support_of[index] == 1 && alterable(answer.kind) {
                outnumbered(answer, &answers, &groups)
            } else {
                BTreeMap::new()
            }
        })
        .collect();

    let mut verdicts = Vec::new();
    for (index, answer) in answers.iter().enumerate() {
        // An answer given in passing is weighed as the answer it leans toward.
        let judged = answer.in_passing.unwrap_or(index);
        let (support, weight) = (support_of[judged], weight_of[judged]);
        // The strongest rival: most weight, then most units, then the first.
        let strongest = answer.rivals.iter().copied().max_by(|&a, &b| {
            weight_of[a]
                .total_cmp(&weight_of[b])
                .then(support_of[a].cmp(&support_of[b]))
                .then(b.cmp(&a))
        });
        let (rival_weight, rival_support) =
            strongest.map_or((0.0, 0), |r| (weight_of[r], support_of[r]));
        if strongest.is_none() && support < 2 && !answer.report_alone {
            continue;
        }
        let altered = &altered_of[index];
        for article in answer.articles() {
            let mut mine: Vec<&Member> = answer
                .members
                .iter()
                .filter(|m| m.article == article)
                .collect();
            mine.sort_by_key(|m| m.span.start);
            let first = mine[0];
            let others = |a: &Answer| related(a, article, |_| true);
            // A bound that supports an exact answer is never called wrong.
            let callable = !mine.iter().all(|m| m.loose);
            // A majority needs two independent units at least: one source
            // against one is a dispute, however their reliabilities differ.
            // Plain mentions cannot outvote an explicit statement: an
            // article that names a thing has not asserted it against a denial.
            // Speakers are read from text too unreliably to call anyone
            // wrong about who said what: such answers are disputed, not
            // conflicts (on FNC-1 most were attribution slips of our own).
            let outweighed = strongest
                .filter(|&r| {
                    rival_support >= 2
                        && rival_weight > weight + majority::TIE
                        && (answers[r].explicit() || !answer.explicit())
                        && answer.kind != ClaimKind::Quote
                        && callable
                })
                .map(|r| (r, others(&answers[r]), None));
            // Failing that, more of its fellow copies giving a rival: the
            // copy altered the text it copies. They are its evidence.
            let against = outweighed.or_else(|| {
                let a = altered.get(&groups[article]).filter(|_| callable)?;
                let group = groups[article];
                let fellows = related(&answers[a.rival], article, |m| {
                    groups[m.article] == group && counts_against(m, answer)
                });
                Some((a.rival, fellows, Some(a.split)))
            });
            let (verdict, related, copies) = match against {
                Some((r, related, copies)) => {
                    let later =
                        |o: usize| match (articles[article].published, articles[o].published) {
                            (Some(mine), Some(theirs)) => theirs > mine,
                            _ => false,
                        };
                    let superseded = answers[r].articles().into_iter().all(later);
                    let verdict = if superseded {
                        Verdict::Superseded
                    } else {
                        Verdict::Conflict
                    };
                    (verdict, related, copies)
                }
                // Plain mentions are evidence only against a denial: alone
                // they are neither corroborated nor unique claims.
                None if !answer.explicit() => continue,
                // Nor is an answer given in passing, where it is not outweighed.
                None if answer.in_passing.is_some() => continue,
                None if support >= 2 => (Verdict::Corroborated, others(answer), None),
                None => match strongest {
                    Some(r) => (Verdict::Unique, others(&answers[r]), None),
                    None => (Verdict::Unique, (Vec::new(), 0), None),
                },
            };
            let (related, related_more) = related;
            // The fellow copies that altered this answer, if this article
            // is one of the copies that outnumber them.
            let altered_by = answer
                .rivals
                .iter()
                .filter_map(|&r| altered_of[r].get(&groups[article]))
                .filter(|a| a.rival == index)
                .map(|a| CopySplit {
                    mine: a.split.theirs,
                    theirs: a.split.mine,
                })
                .next()
                .filter(|_| callable && copies.is_none());
            // The story's mean stance, from the two sides of its account.
            let account = strongest
                .filter(|_| answer.kind == ClaimKind::Account)
                .map(|r| {
                    let total = weight_of[judged] + weight_of[r];
                    let mean = if total > 0.0 {
                        (lean_of[judged] + lean_of[r]) / total
                    } else {
                        0.5
                    };
                    // The rejection is the side whose members stand at 1.
                    let rejection = if answers[judged].members.iter().all(|m| m.stance >= 1.0) {
                        judged
                    } else {
                        r
                    };
                    AccountStance {
                        own: first.stance,
                        mean,
                        rejecting: weight_of[rejection],
                        total,
                        passed: passed_of[judged] + passed_of[r],
                    }
                });
            verdicts.push(ClaimVerdict {
                article,
                kind: answer.kind,
                surface: first.surface.clone(),
                span: first.span.clone(),
                sentence: first.sentence.clone(),
                about: first.about.iter().map(|(t, _)| t.to_string()).collect(),
                mentions: mine.len(),
                verdict,
                related,
                related_more,
                support,
                rival_support,
                weight,
                rival_weight,
                in_passing: answer.in_passing.is_some(),
                account,
                copies,
                altered_by,
            });
        }
    }
    verdicts.sort_by(|a, b| {
        (a.article, a.span.start, a.kind, &a.surface).cmp(&(
            b.article,
            b.span.start,
            b.kind,
            &b.surface,
        ))
    });
    let reliability = sources
        .iter()
        .zip(&reliability)
        .map(|(s, r)| (s.to_string(), *r))
        .collect();
    Alignment {
        claims: verdicts,
        copies,
        reliability,
    }
}

/// At most this many related articles are listed; the rest are counted.
pub const MAX_RELATED: usize = 10;

/// The first member of `answer` kept by `keep` in each article other than
/// `except` (at most `MAX_RELATED`, in article order), and how many more
/// there are.
fn related(
    answer: &Answer,
    except: usize,
    keep: impl Fn(&Member) -> bool,
) -> (Vec<Related>, usize) {
    let mut first: BTreeMap<usize, &Member> = BTreeMap::new();
    for m in &answer.members {
        if m.article != except && keep(m) {
            let entry = first.entry(m.article).or_insert(m);
            if m.span.start < entry.span.start {
                *entry = m;
            }
        }
    }
    let more = first.len().saturating_sub(MAX_RELATED);
    let listed = first
        .into_iter()
        .take(MAX_RELATED)
        .map(|(article, m)| Related {
            article,
            surface: m.surface.clone(),
        })
        .collect();
    (listed, more)
}

/// Copy groups: articles joined by a copy or a credit (`copies`), not by
/// their outlet alone; one id per article.
fn copy_groups(n: usize, copies: &[CopyVerdict]) -> Vec<usize> {
    let mut sets = DisjointSets::new(n);
    for copy in copies {
        if let Some(original) = copy.original {
            sets.union(copy.article, original);
        }
    }
    (0..n).map(|a| sets.find(a)).collect()
}

/// Inside one copy group: the rival answer that more of the group's
/// articles give, and how many articles give each.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Altered {
    rival: usize,
    split: CopySplit,
}

/// Whether a member of a rival answer counts against `answer` among copies:
/// not a bound that allows both, and not a plain mention against an
/// explicit statement.
fn counts_against(member: &Member, answer: &Answer) -> bool {
    !member.loose && (member.explicit || !answer.explicit())
}

/// For each copy group among the articles giving `answer`: the rival answer
/// that strictly more of the group's articles give (the most articles, then
/// the first), with both counts. A bound that allows both values counts on
/// neither side. An even split is no majority.
fn outnumbered(answer: &Answer, answers: &[Answer], groups: &[usize]) -> BTreeMap<usize, Altered> {
    let mut mine: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for m in answer.members.iter().filter(|m| !m.loose) {
        mine.entry(groups[m.article]).or_default().insert(m.article);
    }
    let mut best: BTreeMap<usize, Altered> = BTreeMap::new();
    for &r in &answer.rivals {
        let mut theirs: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for m in &answers[r].members {
            let group = groups[m.article];
            if mine.contains_key(&group) && counts_against(m, answer) {
                theirs.entry(group).or_default().insert(m.article);
            }
        }
        for (group, articles) in theirs {
            let split = CopySplit {
                mine: mine[&group].len(),
                theirs: articles.len(),
            };
            if split.theirs <= split.mine {
                continue;
            }
            let stronger = best
                .get(&group)
                .is_none_or(|b| split.theirs > b.split.theirs);
            if stronger {
                best.insert(group, Altered { rival: r, split });
            }
        }
    }
    best
}

/// Union-find over indices.
pub(crate) struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    pub(crate) fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    pub(crate) fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index becomes the root, so results do not depend on order.
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[high] = low;
        }
    }
}

/// Each term's IDF, keyed by the terms of the claims it was counted over
/// (borrowed: a story has thousands of terms, and each owned copy was an
/// allocation).
pub type Idf<'a> = FxHashMap<&'a str, f64>;

/// `ln(1 + N / df)` for every term: a word every claim shares ("OpenAI" in a
/// story about OpenAI) says little about which thing a claim is about.
pub fn inverse_document_frequency<'a>(documents: impl Iterator<Item = &'a [Term]>) -> Idf<'a> {
    let mut df: FxHashMap<&'a str, usize> = FxHashMap::default();
    let mut n = 0usize;
    for terms in documents {
        n += 1;
        for (term, _) in terms {
            *df.entry(term.as_str()).or_default() += 1;
        }
    }
    df.into_iter()
        .map(|(t, d)| (t, (1.0 + n as f64 / d as f64).ln()))
        .collect()
}

/// Weighted overlap coefficient of two sorted term lists: the IDF weight they
/// share (each shared term at the lesser of its two nearness weights) over the
/// weight of the lighter list. 1 when one context contains the other.
pub fn overlap(x: &[Term], y: &[Term], idf: &Idf) -> f64 {
    Weighed::new(x, idf).overlap(&Weighed::new(y, idf))
}

/// A sorted term list with each term's weight (its IDF times its nearness)
/// read once: a list compared with many others is looked up once, not once
/// per comparison.
pub struct Weighed<'a> {
    terms: &'a [Term],
    weights: Vec<f64>,
    total: f64,
}

impl<'a> Weighed<'a> {
    pub fn new(terms: &'a [Term], idf: &Idf) -> Self {
        Self::with_weights(
            terms,
            terms
                .iter()
                .map(|(t, w)| idf.get(t.as_str()).copied().unwrap_or(0.0) * f64::from(*w))
                .collect(),
        )
    }

    /// Every term at its nearness alone (an IDF of 1 for each).
    pub fn plain(terms: &'a [Term]) -> Self {
        Self::with_weights(terms, terms.iter().map(|(_, w)| f64::from(*w)).collect())
    }

    fn with_weights(terms: &'a [Term], weights: Vec<f64>) -> Self {
        let total = weights.iter().sum();
        Weighed {
            terms,
            weights,
            total,
        }
    }

    /// `overlap` of the two lists.
    pub fn overlap(&self, other: &Weighed) -> f64 {
        let (x, y) = (self.terms, other.terms);
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += self.weights[i].min(other.weights[j]);
                    i += 1;
                    j += 1;
                }
            }
        }
        let lighter = self.total.min(other.total);
        if lighter <= 0.0 {
            0.0
        } else {
            shared / lighter
        }
    }
}

/// The terms of several members, each at its greatest weight.
fn pool<'a>(members: impl Iterator<Item = &'a [Term]>) -> Vec<Term> {
    crate::extract::strongest(members.flat_map(|terms| terms.iter().cloned()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Article;

    #[test]
    fn overlap_weighs_shared_terms_against_the_lighter_list() {
        let terms = |list: &[(&str, f32)]| -> Vec<Term> {
            list.iter().map(|&(t, w)| (t.into(), w)).collect()
        };
        let x = terms(&[("deal", 1.0), ("microsoft", 0.5), ("openai", 1.0)]);
        let y = terms(&[("deal", 0.5), ("openai", 1.0)]);
        let idf: Idf = [("deal", 2.0), ("microsoft", 1.0), ("openai", 0.5)]
            .into_iter()
            .collect();
        // Shared: deal min(2, 1) + openai min(0.5, 0.5) = 1.5; the lighter
        // list, y, weighs 1 + 0.5.
        assert_eq!(overlap(&x, &y, &idf), 1.0);
        // With every IDF at 1, the plain weights give the same overlap.
        let ones: Idf = idf.keys().map(|&k| (k, 1.0)).collect();
        assert_eq!(
            Weighed::plain(&x).overlap(&Weighed::plain(&y)),
            overlap(&x, &y, &ones)
        );
        assert_eq!(overlap(&x, &[], &idf), 0.0);
    }

    /// One wire text about a stadium budget, with the figure given and a
    /// closing sentence of the outlet's own; copies of it share most of
    /// their word runs.
    fn wire(figure: &str, close: &str) -> String {
        format!(
            "The city council approved a budget of {figure} for the new stadium on Monday, \
             officials confirmed. The stadium will seat 40,000 fans when it opens next spring. \
             Construction starts in the autumn and local firms are expected to bid for the \
             work. Parking remains a worry for residents who live near the site. {close}"
        )
    }

    /// Aligns one story of `(source, published, text)` articles.
    fn align_story(story: &[(&str, Option<&str>, String)], rules: &RuleSet) -> Alignment {
        let extractions: Vec<Extraction> = story
            .iter()
            .map(|(_, _, text)| {
                let doc = crate::text::prepare(&Article::of_body(text), &rules.text);
                crate::extract::extract(&doc, rules, None)
            })
            .collect();
        let inputs: Vec<ArticleInput> = story
            .iter()
            .zip(&extractions)
            .map(|((source, published, _), extraction)| ArticleInput {
                source,
                published: published.map(|d| d.parse().unwrap()),
                extraction,
            })
            .collect();
        align(&inputs, rules)
    }

    /// The verdict on the figure `surface` in `article`.
    fn figure<'a>(alignment: &'a Alignment, article: usize, surface: &str) -> &'a ClaimVerdict {
        alignment
            .claims
            .iter()
            .find(|c| c.article == article && c.surface == surface)
            .unwrap_or_else(|| panic!("no {surface:?} in {article}: {:#?}", alignment.claims))
    }

    fn related_articles(verdict: &ClaimVerdict) -> Vec<(usize, &str)> {
        verdict
            .related
            .iter()
            .map(|r| (r.article, r.surface.as_str()))
            .collect()
    }

    /// Three copies of one text by three outlets, the last one changing
    /// "$12 million" to "$18 million".
    fn three_copies() -> Vec<(&'static str, Option<&'static str>, String)> {
        vec![
            (
                "Wire One",
                None,
                wire("$12 million", "The mayor welcomed it."),
            ),
            (
                "Daily Echo",
                None,
                wire("$12 million", "Critics were silent."),
            ),
            ("Metro Mirror", None, wire("$18 million", "Fans cheered.")),
        ]
    }

    #[test]
    fn a_copy_altering_a_figure_its_fellow_copies_give_is_a_conflict() {
        let rules = RuleSet::builtin().unwrap();
        let alignment = align_story(&three_copies(), &rules);
        assert_eq!(alignment.copies.len(), 2, "{:#?}", alignment.copies);
        let altered = figure(&alignment, 2, "$18 million");
        assert_eq!(altered.verdict, Verdict::Conflict, "{altered:#?}");
        assert_eq!(altered.copies, Some(CopySplit { mine: 1, theirs: 2 }));
        assert_eq!(
            related_articles(altered),
            [(0, "$12 million"), (1, "$12 million")]
        );
        // The copies it departs from are the majority inside their group:
        // not conflicts, and, one source against the rest of the story, not
        // corroborated either.
        for untouched in [0, 1] {
            let kept = figure(&alignment, untouched, "$12 million");
            assert_eq!(kept.verdict, Verdict::Unique, "{kept:#?}");
            assert_eq!(kept.copies, None);
            assert_eq!(kept.altered_by, Some(CopySplit { mine: 2, theirs: 1 }));
            assert_eq!(related_articles(kept), [(2, "$18 million")]);
        }
    }

    #[test]
    fn an_even_split_inside_a_copy_group_stays_disputed() {
        let rules = RuleSet::builtin().unwrap();
        let story = [
            (
                "Wire One",
                None,
                wire("$12 million", "The mayor welcomed it."),
            ),
            ("Metro Mirror", None, wire("$18 million", "Fans cheered.")),
        ];
        let alignment = align_story(&story, &rules);
        for (article, surface) in [(0, "$12 million"), (1, "$18 million")] {
            let verdict = figure(&alignment, article, surface);
            assert_eq!(verdict.verdict, Verdict::Unique, "{verdict:#?}");
            assert_eq!(verdict.related.len(), 1, "a rival, without a majority");
        }
    }

    #[test]
    fn a_copy_backed_by_an_independent_source_is_not_called_altered() {
        let rules = RuleSet::builtin().unwrap();
        let mut story = three_copies();
        story.push((
            "Harbour Times",
            None,
            "After a long debate, councillors gave the go-ahead to an $18 million budget \
             for the stadium. Opponents questioned the cost of the access roads."
                .to_string(),
        ));
        let alignment = align_story(&story, &rules);
        let backed = figure(&alignment, 2, "$18 million");
        assert_eq!(backed.verdict, Verdict::Corroborated, "{backed:#?}");
        assert_eq!(backed.copies, None);
    }

    #[test]
    fn a_copy_whose_fellow_copies_all_came_later_is_superseded() {
        let rules = RuleSet::builtin().unwrap();
        let mut story = three_copies();
        story[2].1 = Some("2026-03-01");
        story[0].1 = Some("2026-03-02");
        story[1].1 = Some("2026-03-03");
        let alignment = align_story(&story, &rules);
        let old = figure(&alignment, 2, "$18 million");
        assert_eq!(old.verdict, Verdict::Superseded, "{old:#?}");
        assert_eq!(old.copies, Some(CopySplit { mine: 1, theirs: 2 }));
        // One of them earlier: altered after all.
        story[0].1 = Some("2026-02-28");
        let alignment = align_story(&story, &rules);
        assert_eq!(
            figure(&alignment, 2, "$18 million").verdict,
            Verdict::Conflict
        );
    }

    #[test]
    fn articles_of_one_outlet_that_are_not_copies_do_not_vote_inside() {
        let rules = RuleSet::builtin().unwrap();
        // One outlet's three reports (one unit, but no copies): a later
        // report giving a new figure has not altered a text it copies.
        let story = [
            (
                "Daily Echo",
                None,
                "The council approved $12 million for the stadium.".to_string(),
            ),
            (
                "Daily Echo",
                None,
                "Officials said the stadium budget of $12 million covers the roof.".to_string(),
            ),
            (
                "Daily Echo",
                None,
                "The stadium budget now stands at $18 million, the council said.".to_string(),
            ),
        ];
        let alignment = align_story(&story, &rules);
        assert!(alignment.copies.is_empty(), "{:#?}", alignment.copies);
        assert!(
            alignment
                .claims
                .iter()
                .all(|c| c.verdict != Verdict::Conflict),
            "{:#?}",
            alignment.claims
        );
    }

    #[test]
    fn the_rule_holds_only_for_the_kinds_listed() {
        let mut rules = RuleSet::builtin().unwrap();
        rules.claims.altered_copies.remove("figure");
        let alignment = align_story(&three_copies(), &rules);
        let altered = figure(&alignment, 2, "$18 million");
        assert_eq!(altered.verdict, Verdict::Unique, "{altered:#?}");
    }
}
