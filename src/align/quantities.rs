//! Figures and dates: equal values with similar contexts are one answer;
//! different values about the same thing are rival answers.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::{
    Answer, ArticleInput, ClaimKind, DisjointSets, Idf, Member, Weighed, inverse_document_frequency,
};
use crate::extract::{Bound, Claim, ClaimValue, Quantity, Term};
use crate::rules::{ClaimRules, PeopleUnits};

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
    let plain: Vec<Weighed> = nodes
        .iter()
        .map(|n| Weighed::plain(&n.claim.context.about))
        .collect();

    // Same value: blocked by unit, then swept in order of value, so only
    // claims whose value ranges can overlap are ever compared.
    // Counts of people in different words ("400 men", "400 followers")
    // share one block, and match where `people` finds them alike.
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let unit = node.quantity.unit.as_str();
        let block = if rules.people.counts_people(unit) {
            PEOPLE_BLOCK
        } else {
            unit
        };
        by_unit.entry(block).or_default().push(i);
    }
    let alone = only_values(&nodes);
    let names_what = |unit: &str| {
        rules
            .one_value_units
            .iter()
            .any(|prefix| unit.starts_with(prefix.as_str()))
    };
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
                // Many mentions of one figure would otherwise be compared
                // pair by pair after they are already one answer.
                if sets.find(i) == sets.find(j) {
                    continue;
                }
                let (x, y) = (&nodes[i], &nodes[j]);
                let same_article = x.article == y.article;
                // Each the only value of a unit naming what it counts in its
                // article ("28 bodies" and "28 bodies"): one figure, told
                // in whatever words.
                let only_ones = alone[i] && alone[j] && names_what(&x.quantity.unit);
                if same_figure(x.quantity, y.quantity, &rules.people)
                    && (same_article
                        || only_ones
                        || plain[i].overlap(&plain[j]) >= rules.same_context)
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

    let subjects = person_subjects(articles, &nodes, &groups, rules);
    let sole: Vec<bool> = groups
        .iter()
        .map(|members| members.iter().all(|&i| alone[i]))
        .collect();
    let rivals = rivals(&nodes, &groups, &terms, &subjects, &sole, &idf, rules);
    let mut joined = if rules.join_echoes {
        echoes(&nodes, &groups, &rivals, false)
    } else {
        Vec::new()
    };
    // Bounds at a contested value's number support it, but allow its
    // rivals too: they are never called wrong by them.
    let mut loose = vec![false; nodes.len()];
    if rules.join_bounds {
        for (answer, echo) in echoes(&nodes, &groups, &rivals, true) {
            for &i in &groups[echo] {
                loose[i] = true;
            }
            joined.push((answer, echo));
        }
    }
    let (groups, rivals) = merge_rivals_of_one_value(&nodes, groups, rivals, &joined);

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
                        loose: loose[i],
                        stance: 0.0,
                    }
                })
                .collect();
            Answer {
                kind,
                members,
                rivals,
                report_alone: true,
                in_passing: None,
            }
        })
        .collect()
}

/// The block of every unit counting people (no unit is named so).
const PEOPLE_BLOCK: &str = "count:*people";

/// Whether two figures state the same value: in one unit, or in two units
/// that may count the same people ("400 men", "400 male devotees").
fn same_figure(x: &Quantity, y: &Quantity, people: &PeopleUnits) -> bool {
    if x.unit == y.unit {
        return x.same_value(y);
    }
    people.alike(&x.unit, &y.unit)
        && x.same_value(&Quantity {
            unit: x.unit.clone(),
            ..y.clone()
        })
}

/// Most groups a context word may gather and still pair them up: a word
/// shared by more says too little, and pairing them all would cost too much.
const MAX_WORD_BLOCK: usize = 32;

/// Rival groups: values that cannot both be true, given by disjoint articles,
/// about the same thing: contexts that overlap (at least `conflict_context`);
/// for units that measure a person, one named person; or values that are
/// each the only one of their unit in their articles (`one_value_units`
/// whatever their contexts, else from `one_value_context`). Only groups that
/// share a block are compared: (unit, a word next to the number), (unit, a
/// person), (unit, a word of the context shared by at most `MAX_WORD_BLOCK`
/// groups) and (unit, one value each, against at most `MAX_WORD_BLOCK`
/// groups given by two articles or more), never all pairs.
fn rivals(
    nodes: &[Node],
    groups: &[Vec<usize>],
    terms: &[Vec<Term>],
    subjects: &[BTreeSet<&str>],
    sole: &[bool],
    idf: &Idf,
    rules: &ClaimRules,
) -> Vec<Vec<usize>> {
    let articles_of = |g: &[usize]| g.iter().map(|&i| nodes[i].article).collect::<BTreeSet<_>>();
    // A group of counts of people may hold several units ("men", "male");
    // it is blocked under each, and compared only in a unit both share.
    let units: Vec<BTreeSet<&str>> = groups
        .iter()
        .map(|members| {
            members
                .iter()
                .map(|&i| nodes[i].quantity.unit.as_str())
                .collect()
        })
        .collect();
    // Every word of every group's context is a key: sized up front, and
    // hashed cheaply (the candidates are gathered in a sorted set, so the
    // map's order never shows).
    let mut blocks: FxHashMap<(&str, u8, &str), Vec<usize>> = FxHashMap::default();
    blocks.reserve(terms.iter().map(Vec::len).sum::<usize>() + 2 * groups.len());
    for (g, members) in groups.iter().enumerate() {
        for &unit in &units[g] {
            if rules.no_conflict_units.contains(unit) {
                continue;
            }
            let heads: BTreeSet<&str> = members
                .iter()
                .flat_map(|&i| nodes[i].claim.context.head.iter().map(|h| h.as_str()))
                .collect();
            for head in heads {
                blocks.entry((unit, 0, head)).or_default().push(g);
            }
            for &subject in &subjects[g] {
                blocks.entry((unit, 1, subject)).or_default().push(g);
            }
            // Every word of the context, not only the heaviest few: two
            // contexts that overlap enough to be rivals may share none of
            // their heaviest words. Words shared by more than
            // `MAX_WORD_BLOCK` groups are left out below.
            for (word, _) in &terms[g] {
                blocks.entry((unit, 2, word.as_str())).or_default().push(g);
            }
            if sole[g] {
                blocks.entry((unit, 3, "")).or_default().push(g);
            }
        }
    }
    let mut candidates: BTreeSet<(usize, usize)> = BTreeSet::new();
    for ((_, kind, _), list) in &blocks {
        if *kind == 2 && list.len() > MAX_WORD_BLOCK {
            continue;
        }
        if *kind == 3 {
            // Only pairs with a group of two articles or more: a lone value
            // against a lone value is a dispute at most. At most
            // `MAX_WORD_BLOCK` such groups per unit, each against all.
            let multi: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&g| articles_of(&groups[g]).len() >= 2)
                .take(MAX_WORD_BLOCK)
                .collect();
            for &g in &multi {
                for &h in list {
                    if g != h {
                        candidates.insert((g.min(h), g.max(h)));
                    }
                }
            }
            continue;
        }
        for (k, &g) in list.iter().enumerate() {
            for &h in &list[k + 1..] {
                candidates.insert((g.min(h), g.max(h)));
            }
        }
    }
    let mut rivals: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    // Each context's weights, read once for all the pairs it is in.
    let group_terms: Vec<Weighed> = terms.iter().map(|t| Weighed::new(t, idf)).collect();
    let node_terms: Vec<std::cell::OnceCell<Weighed>> = (0..nodes.len())
        .map(|_| std::cell::OnceCell::new())
        .collect();
    let node_weighed =
        |i: usize| node_terms[i].get_or_init(|| Weighed::new(&nodes[i].claim.context.about, idf));
    for (g, h) in candidates {
        // Rivals only in one unit: "600 men" against "400 men", never
        // against "400 followers" alone.
        let Some(&unit) = units[g].intersection(&units[h]).next() else {
            continue;
        };
        let in_unit = |g: usize| {
            groups[g]
                .iter()
                .map(|&i| nodes[i].quantity)
                .find(|q| q.unit == unit)
        };
        let (Some(x), Some(y)) = (in_unit(g), in_unit(h)) else {
            continue;
        };
        // An article that gives both values is telling two facts apart.
        if !differ(x, y)
            || !sharp_articles(nodes, &groups[g], unit)
                .is_disjoint(&sharp_articles(nodes, &groups[h], unit))
        {
            continue;
        }
        let one_person = !subjects[g].is_disjoint(&subjects[h]);
        // Whom an age is about is read from names (`one_person`): one
        // mention sharing a name in another role ("Castro's 30-year-old
        // grandson") must not make it the same person's.
        let closest = if rules.person_units.contains(unit) {
            0.0
        } else {
            closest_members(nodes, &groups[g], &groups[h], &node_weighed)
        };
        let context = group_terms[g].overlap(&group_terms[h]).max(closest);
        let says_what = rules
            .one_value_units
            .iter()
            .any(|prefix| x.unit.starts_with(prefix.as_str()));
        let one_value_each =
            sole[g] && sole[h] && (says_what || context >= rules.one_value_context);
        if one_person || one_value_each || context >= rules.conflict_context {
            rivals[g].push(h);
            rivals[h].push(g);
        }
    }
    rivals
}

/// The greatest overlap of one member's context with one of the other
/// group's, when one group's values all come from one article (else 0).
/// Pooled, a group's context holds every word any member uses: a member
/// whose few words all recur in the lone article's context is diluted by
/// the words of the group's other members, though it speaks of the same
/// thing in the same words. Groups of more than `MAX_WORD_BLOCK` members are
/// compared pooled only, to keep large stories fast.
fn closest_members<'w>(
    nodes: &[Node],
    g: &[usize],
    h: &[usize],
    weighed: &dyn Fn(usize) -> &'w Weighed<'w>,
) -> f64 {
    let one_article = |g: &[usize]| g.iter().all(|&i| nodes[i].article == nodes[g[0]].article);
    if g.len() > MAX_WORD_BLOCK || h.len() > MAX_WORD_BLOCK || !(one_article(g) || one_article(h)) {
        return 0.0;
    }
    let mut best = 0.0f64;
    for &i in g {
        for &j in h {
            best = best.max(weighed(i).overlap(weighed(j)));
        }
    }
    best
}

/// For each node: whether its article gives no other value in its unit.
/// Two articles that each give one value in a unit ("28 bodies", "42
/// bodies") most likely measure the same thing with it; an article giving
/// several is telling things apart.
fn only_values(nodes: &[Node]) -> Vec<bool> {
    let mut values: FxHashMap<(usize, &str), Vec<&Quantity>> = FxHashMap::default();
    for node in nodes {
        let seen = values
            .entry((node.article, node.quantity.unit.as_str()))
            .or_default();
        if !seen.iter().any(|q| q.same_value(node.quantity)) {
            seen.push(node.quantity);
        }
    }
    nodes
        .iter()
        .map(|n| values[&(n.article, n.quantity.unit.as_str())].len() == 1)
        .collect()
}

/// For each group in a unit that measures a person, whom it is about: the
/// names in its members' clauses ("the 88-year-old [Castro]"); a member whose
/// clause names nobody is about its article's subject (the name the article
/// uses most, else the one most articles use most), but only when the article
/// gives one such value: an article giving several ages speaks of several
/// people. With `person_named_before`, "the 44-year-old" whose clause names
/// none of the story's people is also about the people named last before it.
fn person_subjects<'a>(
    articles: &'a [ArticleInput],
    nodes: &'a [Node],
    groups: &[Vec<usize>],
    rules: &ClaimRules,
) -> Vec<BTreeSet<&'a str>> {
    let is_person = |n: &Node| rules.person_units.contains(&n.quantity.unit);
    let story_subject = {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for input in articles {
            if let Some(s) = &input.extraction.subject {
                *counts.entry(s.as_str()).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(s, n)| (n, std::cmp::Reverse(s)))
            .map(|(s, _)| s)
    };
    let mut values: Vec<Vec<&Quantity>> = vec![Vec::new(); articles.len()];
    for node in nodes.iter().filter(|n| is_person(n)) {
        let seen = &mut values[node.article];
        if !seen.iter().any(|q| q.same_value(node.quantity)) {
            seen.push(node.quantity);
        }
    }
    let subject_of: Vec<Option<&str>> = articles
        .iter()
        .zip(&values)
        .map(|(input, values)| {
            (values.len() == 1)
                .then(|| input.extraction.subject.as_deref().or(story_subject))
                .flatten()
        })
        .collect();
    // The story's people: the names its articles use most.
    let people: BTreeSet<&str> = articles
        .iter()
        .filter_map(|input| input.extraction.subject.as_deref())
        .collect();
    groups
        .iter()
        .map(|members| {
            let mut subjects = BTreeSet::new();
            for &i in members.iter().filter(|&&i| is_person(&nodes[i])) {
                let named = &nodes[i].claim.context.names;
                if !named.is_empty() {
                    subjects.extend(named.iter().map(|n| n.as_str()));
                } else if let Some(subject) = subject_of[nodes[i].article] {
                    subjects.insert(subject);
                }
                // "The 44-year-old aid worker", after "David Haines was
                // kidnapped": whom the clause does not name, the text named before.
                if rules.person_named_before
                    && nodes[i].claim.context.definite
                    && !named.iter().any(|n| people.contains(n.as_str()))
                {
                    subjects.extend(people_named_before(
                        &articles[nodes[i].article],
                        nodes[i].claim.sentence,
                        &people,
                    ));
                }
            }
            subjects
        })
        .collect()
}

/// The story's `people` named in sentence `at` of an article, else in the
/// nearest sentence before it that names any: whom "the 44-year-old" after
/// "David Haines was kidnapped" refers to. A sentence's words are not kept
/// in order, so all the people of that sentence are taken ("David" and
/// "Haines" are one person's names).
fn people_named_before<'a>(
    input: &ArticleInput<'a>,
    at: usize,
    people: &BTreeSet<&'a str>,
) -> Vec<&'a str> {
    let sentences = &input.extraction.sentences;
    for s in sentences[..(at + 1).min(sentences.len())].iter().rev() {
        let named: Vec<&str> = s
            .terms
            .iter()
            .map(|(t, _)| t.as_str())
            .filter(|t| people.contains(t))
            .collect();
        if !named.is_empty() {
            return named;
        }
    }
    Vec::new()
}

/// Groups giving one value against the same rival are one answer: the same
/// figure, told in words too different to match each other, set against one
/// thing. Merged, their rivals are checked again: no article on both sides.
fn merge_rivals_of_one_value(
    nodes: &[Node],
    groups: Vec<Vec<usize>>,
    rivals: Vec<Vec<usize>>,
    echoes: &[(usize, usize)],
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut sets = DisjointSets::new(groups.len());
    for &(answer, echo) in echoes {
        sets.union(answer, echo);
    }
    let value = |g: usize| nodes[groups[g][0]].quantity;
    for list in &rivals {
        // In order of value, so that only neighbours are compared: a group
        // can have many rivals in a large story.
        let mut list = list.clone();
        list.sort_by(|&a, &b| value(a).value.total_cmp(&value(b).value).then(a.cmp(&b)));
        for pair in list.windows(2) {
            if value(pair[0]).same_value(value(pair[1])) {
                sets.union(pair[0], pair[1]);
            }
        }
    }
    // Merged groups in order of their first group, so results do not depend
    // on the order rivals were found.
    let root_of: Vec<usize> = (0..groups.len()).map(|g| sets.find(g)).collect();
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut merged: Vec<Vec<usize>> = Vec::new();
    for (g, members) in groups.into_iter().enumerate() {
        let next = merged.len();
        let at = *index.entry(root_of[g]).or_insert(next);
        if at == next {
            merged.push(Vec::new());
        }
        merged[at].extend(members);
    }
    // As in `rivals`: in some unit both give, no article gives both sharply.
    let apart = |a: &[usize], b: &[usize]| {
        let units = |g: &[usize]| {
            g.iter()
                .map(|&i| nodes[i].quantity.unit.as_str())
                .collect::<BTreeSet<_>>()
        };
        units(a)
            .intersection(&units(b))
            .any(|unit| sharp_articles(nodes, a, unit).is_disjoint(&sharp_articles(nodes, b, unit)))
    };
    let mut links: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (g, list) in rivals.iter().enumerate() {
        for &h in list {
            let (a, b) = (index[&root_of[g]], index[&root_of[h]]);
            if a != b && apart(&merged[a], &merged[b]) {
                links.insert((a.min(b), a.max(b)));
            }
        }
    }
    let mut merged_rivals = vec![Vec::new(); merged.len()];
    for (a, b) in links {
        merged_rivals[a].push(b);
        merged_rivals[b].push(a);
    }
    (merged, merged_rivals)
}

/// Pairs (answer, echo): a group with no rival of its own that states
/// exactly the number of a group that has rivals, in the same unit and with
/// the same kind of bound, from articles that give none of those rivals. It
/// is the same figure, told in words too different to group with it ("$10,000"
/// for the watch's price, "$10,000" for the gold edition), and supports it
/// against its rivals. Looked up by number, never pair by pair.
fn echoes(
    nodes: &[Node],
    groups: &[Vec<usize>],
    rivals: &[Vec<usize>],
    bounds: bool,
) -> Vec<(usize, usize)> {
    let number = |g: usize| {
        let q = nodes[groups[g][0]].quantity;
        let kind = match q.bound {
            Bound::Exact | Bound::Approximately => 0u8,
            Bound::AtLeast => 1,
            Bound::AtMost => 2,
            Bound::Range => 3,
        };
        (q.unit.as_str(), kind, q.value.to_bits(), q.upper.to_bits())
    };
    let articles_of = |g: usize| {
        groups[g]
            .iter()
            .map(|&i| nodes[i].article)
            .collect::<BTreeSet<_>>()
    };
    let mut lone: FxHashMap<(&str, u8, u64, u64), Vec<usize>> = FxHashMap::default();
    for g in (0..groups.len()).filter(|&g| rivals[g].is_empty()) {
        lone.entry(number(g)).or_default().push(g);
    }
    let mut out = Vec::new();
    for g in (0..groups.len()).filter(|&g| !rivals[g].is_empty()) {
        let (unit, kind, value, upper) = number(g);
        // With `bounds`: the echoes of an exact value are the bounds at its
        // number ("21 years", "at least 21 years"; "400 men", "up to 400
        // men"), which contain it.
        let keys: Vec<(&str, u8, u64, u64)> = match (bounds, kind) {
            (false, _) => vec![(unit, kind, value, upper)],
            (true, 0) => vec![(unit, 1, value, upper), (unit, 2, value, upper)],
            (true, _) => Vec::new(),
        };
        let against: BTreeSet<usize> = rivals[g].iter().flat_map(|&r| articles_of(r)).collect();
        for candidates in keys.iter().filter_map(|key| lone.get(key)) {
            for &e in candidates {
                if articles_of(e).is_disjoint(&against) {
                    out.push((g, e));
                }
            }
        }
    }
    out
}

/// The articles that give a group's value in `unit` as sharply as anyone
/// does (narrowest interval): an article giving only a rounder or looser
/// form of it ("$2,000" beside others' "$2,084", "around 400") restates it
/// roughly; with a rival value beside it, it is not telling two facts apart.
fn sharp_articles(nodes: &[Node], members: &[usize], unit: &str) -> BTreeSet<usize> {
    let width = |q: &Quantity| {
        let (low, high) = q.interval();
        high - low
    };
    let in_unit = || {
        members
            .iter()
            .map(|&i| &nodes[i])
            .filter(move |n| n.quantity.unit == unit)
    };
    let narrowest = in_unit()
        .map(|n| width(n.quantity))
        .fold(f64::INFINITY, f64::min);
    in_unit()
        .filter(|n| width(n.quantity) <= narrowest * (1.0 + 1e-9))
        .map(|n| n.article)
        .collect()
}

/// Whether two figures cannot both report one thing: values that cannot both
/// be true, or two bounds of the same kind at different values ("more than
/// 80 families" and "more than 120 families" are two reports of one count,
/// though both could hold).
fn differ(x: &Quantity, y: &Quantity) -> bool {
    match (x.bound, y.bound) {
        (Bound::AtLeast, Bound::AtLeast) | (Bound::AtMost, Bound::AtMost) => !x.same_value(y),
        _ => !x.agrees_with(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantity(value: f64, bound: Bound) -> Quantity {
        Quantity {
            unit: "count:famili".to_string(),
            value,
            upper: value,
            bound,
            resolution: 0.5,
        }
    }

    #[test]
    fn bounds_of_one_kind_at_different_values_differ() {
        let (at_least, exact) = (Bound::AtLeast, Bound::Exact);
        // "more than 80" and "more than 120" families: two reports of one count.
        assert!(differ(
            &quantity(80.0, at_least),
            &quantity(120.0, at_least)
        ));
        assert!(!differ(
            &quantity(80.0, at_least),
            &quantity(80.0, at_least)
        ));
        // "up to 18 months" and "up to 27 months".
        assert!(differ(
            &quantity(18.0, Bound::AtMost),
            &quantity(27.0, Bound::AtMost)
        ));
        // "more than 80" allows 100; it does not allow 60.
        assert!(!differ(&quantity(80.0, at_least), &quantity(100.0, exact)));
        assert!(differ(&quantity(80.0, at_least), &quantity(60.0, exact)));
        assert!(differ(&quantity(80.0, exact), &quantity(120.0, exact)));
    }

    fn usd(value: f64, resolution: f64, bound: Bound) -> Quantity {
        Quantity {
            unit: "money:USD".to_string(),
            value,
            upper: value,
            bound,
            resolution,
        }
    }

    /// One claim per figure, as `nodes_of` needs them.
    fn claims_of(figures: &[(usize, Quantity)]) -> Vec<Claim> {
        figures
            .iter()
            .map(|(_, quantity)| Claim {
                value: ClaimValue::Quantity(quantity.clone()),
                surface: String::new(),
                span: 0..1,
                sentence: 0,
                context: Default::default(),
            })
            .collect()
    }

    /// Each figure of `(article, quantity)` as a node of its claim.
    fn nodes_of<'a>(figures: &[(usize, Quantity)], claims: &'a [Claim]) -> Vec<Node<'a>> {
        figures
            .iter()
            .zip(claims)
            .map(|(&(article, _), claim)| Node {
                article,
                claim,
                quantity: match &claim.value {
                    ClaimValue::Quantity(q) => q,
                    ClaimValue::Event { .. } => unreachable!(),
                },
            })
            .collect()
    }

    #[test]
    fn rivals_are_found_through_any_shared_word_of_their_contexts() {
        let rules = crate::rules::RuleSet::builtin().unwrap().claims;
        // Two values whose heaviest words differ ("a*", "b*": one article
        // each) but whose contexts overlap through lighter shared words
        // ("s*"): 4 / (4 * 3 + 4) = 0.25 of the lighter context, above
        // `conflict_context`. No word next to either number is shared.
        let words = |own: &str| -> Vec<Term> {
            let mut terms: Vec<Term> = (1..=4)
                .map(|i| (format!("{own}{i}").into(), 1.0))
                .chain((1..=4).map(|i| (format!("s{i}").into(), 1.0)))
                .collect();
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            terms
        };
        let names: Vec<(String, f64)> = ["a", "b", "s"]
            .iter()
            .flat_map(|w| {
                (1..=4).map(move |i| (format!("{w}{i}"), if *w == "s" { 1.0 } else { 3.0 }))
            })
            .collect();
        let idf: Idf = names.iter().map(|(w, x)| (w.as_str(), *x)).collect();
        let figures = [
            (0, usd(18.0, 0.5, Bound::Exact)),
            (1, usd(12.0, 0.5, Bound::Exact)),
        ];
        let mut claims = claims_of(&figures);
        claims[0].context.about = words("a");
        claims[1].context.about = words("b");
        let nodes = nodes_of(&figures, &claims);
        let groups = vec![vec![0], vec![1]];
        let terms = vec![words("a"), words("b")];
        let subjects = vec![BTreeSet::new(), BTreeSet::new()];
        let found = rivals(
            &nodes,
            &groups,
            &terms,
            &subjects,
            &[false, false],
            &idf,
            &rules,
        );
        assert_eq!(found, [vec![1], vec![0]]);
    }

    #[test]
    fn a_lone_value_is_set_against_the_member_that_speaks_of_the_same_thing() {
        let rules = crate::rules::RuleSet::builtin().unwrap().claims;
        let words = |names: &[String]| -> Vec<Term> {
            let mut terms: Vec<Term> = names.iter().map(|w| (w.as_str().into(), 1.0)).collect();
            terms.sort_by(|a, b| a.0.cmp(&b.0));
            terms
        };
        let named = |prefix: &str, n: usize| -> Vec<String> {
            (1..=n).map(|i| format!("{prefix}{i}")).collect()
        };
        let shared = named("s", 3);
        // "$18" in one article: 16 words of its own and the 3 shared ones.
        let lone = words(&[named("g", 16), shared.clone()].concat());
        // "$12" in two articles: one in just the 3 shared words, one in 20 others.
        let (close, far) = (words(&shared), words(&named("x", 20)));
        let all_words = [named("g", 16), shared.clone(), named("x", 20)].concat();
        let idf: Idf = all_words.iter().map(|w| (w.as_str(), 1.0)).collect();
        let found = |lone_articles: [usize; 2]| {
            let figures = [
                (lone_articles[0], usd(18.0, 0.5, Bound::Exact)),
                (lone_articles[1], usd(18.0, 0.5, Bound::Exact)),
                (1, usd(12.0, 0.5, Bound::Exact)),
                (2, usd(12.0, 0.5, Bound::Exact)),
            ];
            let mut claims = claims_of(&figures);
            for (claim, about) in claims.iter_mut().zip([&lone, &lone, &close, &far]) {
                claim.context.about = about.clone();
            }
            let nodes = nodes_of(&figures, &claims);
            let groups = vec![vec![0, 1], vec![2, 3]];
            let terms: Vec<Vec<Term>> = groups
                .iter()
                .map(|g| super::super::pool(g.iter().map(|&i| claims[i].context.about.as_slice())))
                .collect();
            // Pooled, the shared words weigh 3 of the lighter pool's 19: too little.
            assert!(super::super::overlap(&terms[0], &terms[1], &idf) < rules.conflict_context);
            let subjects = vec![BTreeSet::new(), BTreeSet::new()];
            rivals(
                &nodes,
                &groups,
                &terms,
                &subjects,
                &[false, false],
                &idf,
                &rules,
            )
        };
        // One article's value meets the member that uses all its shared words.
        assert_eq!(found([0, 0]), [vec![1], vec![0]]);
        // Two articles on each side are compared pooled only.
        assert_eq!(found([0, 3]), [Vec::<usize>::new(), Vec::new()]);
    }

    #[test]
    fn an_echo_states_the_same_number_from_articles_clear_of_its_rivals() {
        // (article, figure), one group each.
        let figures = [
            (0, usd(10_000.0, 500.0, Bound::Exact)), // 0: the contested answer
            (1, usd(15_000.0, 500.0, Bound::Exact)), // 1: its rival
            (2, usd(10_000.0, 500.0, Bound::Exact)), // 2: an echo
            (1, usd(10_000.0, 500.0, Bound::Exact)), // 3: the rival's own article: two facts
            (3, usd(10_000.0, 500.0, Bound::AtLeast)), // 4: a bound, another claim
            (4, usd(12_000.0, 500.0, Bound::Exact)), // 5: another number
        ];
        let claims = claims_of(&figures);
        let nodes = nodes_of(&figures, &claims);
        let groups: Vec<Vec<usize>> = (0..nodes.len()).map(|i| vec![i]).collect();
        let mut rivals = vec![Vec::new(); nodes.len()];
        rivals[0].push(1);
        rivals[1].push(0);
        assert_eq!(echoes(&nodes, &groups, &rivals, false), [(0, 2)]);
        // "At least $10,000" contains the contested value: a bound echo.
        assert_eq!(echoes(&nodes, &groups, &rivals, true), [(0, 4)]);
        // No rivalry, no echo.
        assert!(echoes(&nodes, &groups, &vec![Vec::new(); nodes.len()], false).is_empty());
    }

    #[test]
    fn only_the_sharpest_forms_of_a_value_tell_two_facts_apart() {
        // (article, figure): "$2,084" twice, a round "$2,000", "about $2,084".
        let figures = [
            (0, usd(2084.0, 0.5, Bound::Exact)),
            (1, usd(2084.0, 0.5, Bound::Exact)),
            (2, usd(2000.0, 100.0, Bound::Exact)),
            (3, usd(2084.0, 0.5, Bound::Approximately)),
        ];
        let claims = claims_of(&figures);
        let nodes = nodes_of(&figures, &claims);
        let all = [0, 1, 2, 3];
        assert_eq!(
            sharp_articles(&nodes, &all, "money:USD"),
            BTreeSet::from([0, 1])
        );
        assert_eq!(
            sharp_articles(&nodes, &[2, 3], "money:USD"),
            BTreeSet::from([2])
        );
        assert!(sharp_articles(&nodes, &all, "money:EUR").is_empty());
    }
}
