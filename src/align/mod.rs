//! Stage 4, align: one story's claims -> corroborated, conflict or unique.
//!
//! Claims with agreeing values and similar context are one claim made by
//! several articles. Two such groups with different values, similar context
//! and no article in common are rival answers about the same thing (an article
//! that gives both values is telling two facts apart). A claim conflicts when
//! a rival is given by more independent sources than its own value; it is
//! corroborated when at least one other source gives its value; otherwise it
//! is unique. Unique never counts as conflict.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::extract::Claim;
use crate::rules::ClaimRules;

/// One article's claims, as `align` needs them.
#[derive(Debug, Clone, Copy)]
pub struct ArticleClaims<'a> {
    pub source: &'a str,
    pub claims: &'a [Claim],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Corroborated,
    Conflict,
    Unique,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Corroborated => "corroborated",
            Verdict::Conflict => "conflict",
            Verdict::Unique => "unique",
        }
    }
}

/// Another article's version of a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Index into the story's articles.
    pub article: usize,
    /// The value as that article writes it.
    pub surface: String,
}

/// The verdict on one claim of one article (all its mentions of that claim).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimVerdict {
    pub article: usize,
    /// Index of the first mention in the article's claims.
    pub claim: usize,
    pub mentions: usize,
    pub verdict: Verdict,
    /// For corroborated: the other articles giving the value. For conflict:
    /// the articles giving the majority value. For unique: articles giving a
    /// different value without a majority, if any.
    pub related: Vec<Related>,
    /// Independent sources behind this value and behind the strongest rival.
    pub support: usize,
    pub rival_support: usize,
}

/// A claim made by one or more articles: mentions with agreeing values and context.
struct Group {
    members: Vec<(usize, usize)>,
    articles: BTreeSet<usize>,
    sources: BTreeSet<String>,
    terms: BTreeSet<String>,
    head: BTreeSet<String>,
    unit: String,
}

pub fn align(articles: &[ArticleClaims], rules: &ClaimRules) -> Vec<ClaimVerdict> {
    let nodes: Vec<(usize, usize)> = articles
        .iter()
        .enumerate()
        .flat_map(|(a, ac)| (0..ac.claims.len()).map(move |c| (a, c)))
        .collect();
    let claim = |&(a, c): &(usize, usize)| &articles[a].claims[c];
    let idf = inverse_document_frequency(nodes.iter().map(|n| claim(n).context.about.as_slice()));
    let similarity = |x: &[String], y: &[String]| overlap(x.iter(), y.iter(), &idf);

    // Blocking: only claims with the same unit are ever compared.
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        by_unit
            .entry(claim(node).quantity.unit.as_str())
            .or_default()
            .push(i);
    }
    let mut sets = DisjointSets::new(nodes.len());
    for block in by_unit.values() {
        for (k, &i) in block.iter().enumerate() {
            for &j in &block[k + 1..] {
                let (x, y) = (claim(&nodes[i]), claim(&nodes[j]));
                let same_article = nodes[i].0 == nodes[j].0;
                if x.quantity.same_value(&y.quantity)
                    && (same_article
                        || similarity(&x.context.about, &y.context.about) >= rules.same_context)
                {
                    sets.union(i, j);
                }
            }
        }
    }
    let mut groups_by_root: BTreeMap<usize, Group> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let group = groups_by_root.entry(sets.find(i)).or_insert_with(|| Group {
            members: Vec::new(),
            articles: BTreeSet::new(),
            sources: BTreeSet::new(),
            terms: BTreeSet::new(),
            head: BTreeSet::new(),
            unit: claim(node).quantity.unit.clone(),
        });
        group.members.push(*node);
        group.articles.insert(node.0);
        group.sources.insert(articles[node.0].source.to_string());
        group
            .terms
            .extend(claim(node).context.about.iter().cloned());
        group.head.extend(claim(node).context.head.iter().cloned());
    }
    let groups: Vec<Group> = groups_by_root.into_values().collect();

    // Rivals: same unit, disagreeing values, no article in common, a shared
    // word next to the number (what it measures), and similar context.
    let mut rivals: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (g, group) in groups.iter().enumerate() {
        if rules.no_conflict_units.contains(&group.unit) {
            continue;
        }
        for (h, other) in groups.iter().enumerate().skip(g + 1) {
            if group.unit != other.unit
                || !group.articles.is_disjoint(&other.articles)
                || group.head.is_disjoint(&other.head)
            {
                continue;
            }
            let agree = claim(&group.members[0])
                .quantity
                .agrees_with(&claim(&other.members[0]).quantity);
            if !agree
                && overlap(group.terms.iter(), other.terms.iter(), &idf) >= rules.conflict_context
            {
                rivals[g].push(h);
                rivals[h].push(g);
            }
        }
    }

    let first_mention = |group: &Group, article: usize| -> (usize, usize) {
        let mentions: Vec<usize> = group
            .members
            .iter()
            .filter(|m| m.0 == article)
            .map(|m| m.1)
            .collect();
        (mentions.iter().copied().min().unwrap_or(0), mentions.len())
    };
    let related_of = |group: &Group, except: usize| -> Vec<Related> {
        group
            .articles
            .iter()
            .filter(|&&a| a != except)
            .map(|&a| Related {
                article: a,
                surface: articles[a].claims[first_mention(group, a).0]
                    .surface
                    .clone(),
            })
            .collect()
    };

    let mut verdicts = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let support = group.sources.len();
        // The strongest rival: most sources, then the most similar, then the first.
        let strongest = rivals[g].iter().copied().max_by(|&a, &b| {
            groups[a]
                .sources
                .len()
                .cmp(&groups[b].sources.len())
                .then(b.cmp(&a))
        });
        let rival_support = strongest.map_or(0, |r| groups[r].sources.len());
        for &article in &group.articles {
            let (claim_index, mentions) = first_mention(group, article);
            let (verdict, related) = match strongest {
                Some(r) if rival_support > support => {
                    (Verdict::Conflict, related_of(&groups[r], article))
                }
                _ if support >= 2 => (Verdict::Corroborated, related_of(group, article)),
                Some(r) => (Verdict::Unique, related_of(&groups[r], article)),
                None => (Verdict::Unique, Vec::new()),
            };
            verdicts.push(ClaimVerdict {
                article,
                claim: claim_index,
                mentions,
                verdict,
                related,
                support,
                rival_support,
            });
        }
    }
    verdicts.sort_by_key(|v| (v.article, articles[v.article].claims[v.claim].span.start));
    verdicts
}

/// `ln(1 + N / df)` for every term, over the story's claims: a word every
/// claim shares ("OpenAI" in a story about OpenAI) says little about which thing it is.
fn inverse_document_frequency<'a>(
    documents: impl Iterator<Item = &'a [String]>,
) -> HashMap<String, f64> {
    let mut df: HashMap<String, usize> = HashMap::new();
    let mut n = 0usize;
    for terms in documents {
        n += 1;
        for term in terms {
            *df.entry(term.clone()).or_default() += 1;
        }
    }
    df.into_iter()
        .map(|(t, d)| (t, (1.0 + n as f64 / d as f64).ln()))
        .collect()
}

/// IDF-weighted overlap coefficient of two term sets: the weight they share
/// over the weight of the smaller. 1 when one context contains the other.
fn overlap<'a>(
    x: impl Iterator<Item = &'a String>,
    y: impl Iterator<Item = &'a String>,
    idf: &HashMap<String, f64>,
) -> f64 {
    let x: BTreeSet<&String> = x.collect();
    let y: BTreeSet<&String> = y.collect();
    let weight = |set: &BTreeSet<&String>| {
        set.iter()
            .map(|t| idf.get(*t).copied().unwrap_or(0.0))
            .sum::<f64>()
    };
    let shared: f64 = x
        .intersection(&y)
        .map(|t| idf.get(*t).copied().unwrap_or(0.0))
        .sum();
    let smaller = weight(&x).min(weight(&y));
    if smaller <= 0.0 {
        0.0
    } else {
        shared / smaller
    }
}

/// Union-find over claim indices.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller index becomes the root, so groups come out in a fixed order.
        if ra != rb {
            let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[high] = low;
        }
    }
}
