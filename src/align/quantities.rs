//! Figures and dates: equal values with similar contexts are one answer;
//! different values about the same thing are rival answers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use super::{
    Answer, ArticleInput, ClaimKind, DisjointSets, Member, inverse_document_frequency, overlap,
};
use crate::extract::{Claim, ClaimValue, Quantity};
use crate::rules::ClaimRules;

struct Node<'a> {
    article: usize,
    claim: &'a Claim,
    quantity: &'a Quantity,
}

pub(super) fn answers(articles: &[ArticleInput], rules: &ClaimRules) -> Vec<Answer> {
    let nodes: Vec<Node> = articles
        .iter()
        .enumerate()
        .flat_map(|(a, input)| {
            input
                .extraction
                .claims
                .iter()
                .filter_map(move |claim| match &claim.value {
                    ClaimValue::Quantity(quantity) => Some(Node {
                        article: a,
                        claim,
                        quantity,
                    }),
                    ClaimValue::Event { .. } => None,
                })
        })
        .collect();
    let idf = inverse_document_frequency(nodes.iter().map(|n| n.claim.context.about.as_slice()));
    // Equal values need only share some words, common ones included ("Castro"
    // in a story about Castro): the value itself is most of the evidence.
    let plain: FxHashMap<String, f64> = idf.keys().map(|k| (k.clone(), 1.0)).collect();

    // Same value: blocked by unit, then swept in order of value, so only
    // claims whose value ranges can overlap are ever compared.
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        by_unit
            .entry(node.quantity.unit.as_str())
            .or_default()
            .push(i);
    }
    let mut sets = DisjointSets::new(nodes.len());
    for block in by_unit.values_mut() {
        block.sort_by(|&a, &b| {
            nodes[a]
                .quantity
                .interval()
                .0
                .total_cmp(&nodes[b].quantity.interval().0)
                .then(a.cmp(&b))
        });
        for (k, &i) in block.iter().enumerate() {
            let high = nodes[i].quantity.interval().1;
            for &j in &block[k + 1..] {
                if nodes[j].quantity.interval().0 >= high {
                    break;
                }
                let (x, y) = (&nodes[i], &nodes[j]);
                let same_article = x.article == y.article;
                if x.quantity.same_value(y.quantity)
                    && (same_article
                        || overlap(&x.claim.context.about, &y.claim.context.about, &plain)
                            >= rules.same_context)
                {
                    sets.union(i, j);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        groups.entry(sets.find(i)).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = groups.into_values().collect();
    let terms: Vec<Vec<crate::extract::Term>> = groups
        .iter()
        .map(|g| super::pool(g.iter().map(|&i| nodes[i].claim.context.about.as_slice())))
        .collect();
    let articles_of = |g: &[usize]| g.iter().map(|&i| nodes[i].article).collect::<BTreeSet<_>>();

    // Rivals: blocked by (unit, a word next to the number), so two groups are
    // compared only if they share what they measure.
    let mut by_head: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (g, members) in groups.iter().enumerate() {
        let unit = nodes[members[0]].quantity.unit.as_str();
        if rules.no_conflict_units.contains(unit) {
            continue;
        }
        let heads: BTreeSet<&str> = members
            .iter()
            .flat_map(|&i| nodes[i].claim.context.head.iter().map(String::as_str))
            .collect();
        for head in heads {
            by_head.entry((unit, head)).or_default().push(g);
        }
    }
    let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in by_head.values() {
        for (k, &g) in list.iter().enumerate() {
            for &h in &list[k + 1..] {
                candidates.insert((g.min(h), g.max(h)));
            }
        }
    }
    let mut rivals: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (g, h) in candidates {
        let (x, y) = (nodes[groups[g][0]].quantity, nodes[groups[h][0]].quantity);
        // An article that gives both values is telling two facts apart.
        if !x.agrees_with(y)
            && articles_of(&groups[g]).is_disjoint(&articles_of(&groups[h]))
            && overlap(&terms[g], &terms[h], &idf) >= rules.conflict_context
        {
            rivals[g].push(h);
            rivals[h].push(g);
        }
    }

    groups
        .iter()
        .zip(rivals)
        .map(|(members, rivals)| {
            let kind = if nodes[members[0]].quantity.unit.starts_with("date:") {
                ClaimKind::Date
            } else {
                ClaimKind::Quantity
            };
            let members = members
                .iter()
                .map(|&i| {
                    let node = &nodes[i];
                    Member {
                        article: node.article,
                        surface: node.claim.surface.clone(),
                        span: node.claim.span.clone(),
                        sentence: articles[node.article].extraction.sentences[node.claim.sentence]
                            .span
                            .clone(),
                        about: node.claim.context.about.clone(),
                        explicit: true,
                    }
                })
                .collect();
            Answer {
                kind,
                members,
                rivals,
                report_alone: true,
            }
        })
        .collect()
}
