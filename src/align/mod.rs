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
    /// Given in passing: faces its rivals without counting against them.
    in_passing: bool,
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
    let key = stance::key_terms(articles, rules.contrasts.key_share);
    let mut answers = Vec::new();
    for batch in [
        quantities::answers(articles, &rules.claims),
        events::answers(articles, &key, &rules.claims),
        quotes::answers(articles),
        stance::answers(articles, &key, &rules.contrasts),
    ] {
        // Each kind numbers its rivals from 0; shift them to their place here.
        let offset = answers.len();
        answers.extend(batch.into_iter().map(|mut a| {
            a.rivals.iter_mut().for_each(|r| *r += offset);
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

    let mut verdicts = Vec::new();
    for (index, answer) in answers.iter().enumerate() {
        let (support, weight) = (support_of[index], weight_of[index]);
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
        for article in answer.articles() {
            let mut mine: Vec<&Member> = answer
                .members
                .iter()
                .filter(|m| m.article == article)
                .collect();
            mine.sort_by_key(|m| m.span.start);
            let first = mine[0];
            let others = |a: &Answer| related(a, article);
            let (verdict, related) = match strongest {
                // A majority needs two independent units at least: one source
                // against one is a dispute, however their reliabilities differ.
                // Plain mentions cannot outvote an explicit statement: an
                // article that names a thing has not asserted it against a denial.
                // Speakers are read from text too unreliably to call anyone
                // wrong about who said what: such answers are disputed, not
                // conflicts (on FNC-1 most were attribution slips of our own).
                Some(r)
                    if rival_support >= 2
                        && rival_weight > weight + majority::TIE
                        && (answers[r].explicit() || !answer.explicit())
                        && answer.kind != ClaimKind::Quote
                        && !mine.iter().all(|m| m.loose) =>
                {
                    let later =
                        |o: usize| match (articles[article].published, articles[o].published) {
                            (Some(mine), Some(theirs)) => theirs > mine,
                            _ => false,
                        };
                    let superseded = answers[r].articles().into_iter().all(later);
                    (
                        if superseded {
                            Verdict::Superseded
                        } else {
                            Verdict::Conflict
                        },
                        others(&answers[r]),
                    )
                }
                // Plain mentions are evidence only against a denial: alone
                // they are neither corroborated nor unique claims.
                _ if !answer.explicit() => continue,
                _ if support >= 2 => (Verdict::Corroborated, others(answer)),
                Some(r) => (Verdict::Unique, others(&answers[r])),
                None => (Verdict::Unique, (Vec::new(), 0)),
            };
            let (related, related_more) = related;
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
                in_passing: answer.in_passing,
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

/// The first member of `answer` in each article other than `except` (at
/// most `MAX_RELATED`, in article order), and how many more there are.
fn related(answer: &Answer, except: usize) -> (Vec<Related>, usize) {
    let mut first: BTreeMap<usize, &Member> = BTreeMap::new();
    for m in &answer.members {
        if m.article != except {
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

/// `ln(1 + N / df)` for every term: a word every claim shares ("OpenAI" in a
/// story about OpenAI) says little about which thing a claim is about.
pub fn inverse_document_frequency<'a>(
    documents: impl Iterator<Item = &'a [Term]>,
) -> FxHashMap<String, f64> {
    let mut df: FxHashMap<&'a str, usize> = FxHashMap::default();
    let mut n = 0usize;
    for terms in documents {
        n += 1;
        for (term, _) in terms {
            *df.entry(term.as_str()).or_default() += 1;
        }
    }
    df.into_iter()
        .map(|(t, d)| (t.to_string(), (1.0 + n as f64 / d as f64).ln()))
        .collect()
}

/// Weighted overlap coefficient of two sorted term lists: the IDF weight they
/// share (each shared term at the lesser of its two nearness weights) over the
/// weight of the lighter list. 1 when one context contains the other.
pub fn overlap(x: &[Term], y: &[Term], idf: &FxHashMap<String, f64>) -> f64 {
    let weight = |(t, w): &Term| idf.get(t.as_str()).copied().unwrap_or(0.0) * f64::from(*w);
    let (mut i, mut j, mut shared) = (0, 0, 0.0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += weight(&x[i]).min(weight(&y[j]));
                i += 1;
                j += 1;
            }
        }
    }
    let lighter = x
        .iter()
        .map(weight)
        .sum::<f64>()
        .min(y.iter().map(weight).sum::<f64>());
    if lighter <= 0.0 {
        0.0
    } else {
        shared / lighter
    }
}

/// The terms of several members, each at its greatest weight.
fn pool<'a>(members: impl Iterator<Item = &'a [Term]>) -> Vec<Term> {
    crate::extract::strongest(members.flat_map(|terms| terms.iter().cloned()).collect())
}
