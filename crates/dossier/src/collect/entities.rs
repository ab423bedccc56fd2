//! Entities merged across documents and spellings.
//!
//! Mentions are grouped by a spelling-tolerant key of the name they stand for (the document's
//! own resolution first: a surname to the full name, an acronym to what it stands for, a
//! gazetteer alias to its canonical name): case, hyphens, "al-" particles and doubled letters
//! do not matter (Qassem / Qasem, Abdul-Mahdi / Abdul Mahdi). A people's name goes with its
//! country (Iranian → Iran). A surname alone joins the one person of the collection who has
//! it; two people who share a surname stay two.

use crate::annotate::entities::short_keys;
use crate::lexicon::{self, name_key};
use crate::model::{Document, Entity, EntityType, SpanRef};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The spelling-tolerant key of a name: lower case, hyphens as spaces, a leading "the" and
/// name particles dropped, doubled letters single, punctuation gone.
pub fn match_key(name: &str) -> String {
    let k = name_key(name).to_lowercase().replace(['-', '‐'], " ");
    let mut words: Vec<String> = Vec::new();
    for w in k.split_whitespace() {
        let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if w.is_empty() || (words.is_empty() && w == "the") {
            continue;
        }
        if lexicon::particles().contains(w.as_str()) && !words.is_empty() {
            continue;
        }
        let mut collapsed = String::with_capacity(w.len());
        let mut prev = None;
        for c in w.chars() {
            if Some(c) != prev {
                collapsed.push(c);
            }
            prev = Some(c);
        }
        words.push(collapsed);
    }
    words.join(" ")
}

#[derive(Default)]
struct Group {
    /// Mentions: (doc, start, end, surface text, type, role).
    forms: BTreeMap<String, usize>,
    canonical: BTreeMap<String, usize>,
    types: BTreeMap<EntityType, usize>,
    roles: BTreeSet<String>,
    docs: BTreeSet<String>,
    mentions: Vec<SpanRef>,
}

/// The entities of a collection, most mentioned first.
pub fn collect(docs: &[Document]) -> Vec<Entity> {
    let gaz = lexicon::gazetteer();
    let mut groups: HashMap<String, Group> = HashMap::new();
    // Single-word person names, resolved after the full names are known.
    let mut pending: Vec<(String, &crate::model::Mention, String)> = Vec::new();
    for d in docs {
        for m in &d.mentions {
            let mut name = m.canonical.clone().unwrap_or_else(|| m.text.clone());
            let mut kind = m.kind;
            if m.kind == EntityType::Norp
                && let Some(country) = gaz.country_of_people.get(name.as_str())
            {
                name = (*country).to_string();
                kind = EntityType::Gpe;
            }
            if kind == EntityType::Person && m.canonical.is_none() && !m.text.contains(' ') {
                pending.push((d.id.clone(), m, name));
                continue;
            }
            add(&mut groups, match_key(&name), &d.id, m, &name, kind);
        }
    }
    // A lone surname joins the one person of the collection it is the surname of.
    let mut by_short: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (key, g) in &groups {
        if g.types.contains_key(&EntityType::Person) && key.contains(' ') {
            for form in g.forms.keys() {
                for k in short_keys(form) {
                    by_short
                        .entry(match_key(&k))
                        .or_default()
                        .insert(key.clone());
                }
            }
        }
    }
    for (doc, m, name) in pending {
        let k = match_key(&name);
        let target = match by_short.get(&k) {
            Some(keys) if keys.len() == 1 => keys.iter().next().cloned().unwrap_or(k),
            _ => k,
        };
        add(&mut groups, target, &doc, m, &name, EntityType::Person);
    }

    let mut out: Vec<Entity> = groups
        .into_values()
        .filter(|g| !g.mentions.is_empty())
        .map(|g| {
            // The type most mentions have, OTHER only when nothing else is said.
            let kind = g
                .types
                .iter()
                .filter(|(t, _)| **t != EntityType::Other)
                .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
                .map(|(t, _)| *t)
                .unwrap_or(EntityType::Other);
            // The name: a canonical name the documents resolved to, else the longest form
            // among the most used.
            let name = g
                .canonical
                .iter()
                .max_by_key(|(c, n)| (**n, c.len()))
                .map(|(c, _)| c.clone())
                .or_else(|| {
                    g.forms
                        .iter()
                        .max_by_key(|(f, n)| (f.split_whitespace().count(), **n))
                        .map(|(f, _)| f.clone())
                })
                .unwrap_or_default();
            let mut aliases: BTreeSet<String> = g.forms.keys().cloned().collect();
            aliases.insert(name.clone());
            // A person is also called by the surname of the full name.
            if kind == EntityType::Person
                && name.contains(' ')
                && let Some(last) = name.split_whitespace().last()
            {
                aliases.insert(last.to_string());
                if let Some((p, rest)) = last.split_once('-')
                    && lexicon::particles().contains(p.to_lowercase().as_str())
                {
                    aliases.insert(rest.to_string());
                }
            }
            // And by a short title before the name ("President Trump").
            for r in &g.roles {
                if lexicon::titles().0.contains(&name_key(r)) && r.split_whitespace().count() <= 2 {
                    for f in g.forms.keys() {
                        aliases.insert(format!("{r} {f}"));
                    }
                }
            }
            let mut mentions = g.mentions;
            mentions.sort();
            Entity {
                id: String::new(),
                name,
                kind,
                aliases: aliases.into_iter().collect(),
                roles: g.roles.into_iter().collect(),
                documents: g.docs.into_iter().collect(),
                mentions,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(a.name.cmp(&b.name))
    });
    for (i, e) in out.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
    }
    out
}

fn add(
    groups: &mut HashMap<String, Group>,
    key: String,
    doc: &str,
    m: &crate::model::Mention,
    name: &str,
    kind: EntityType,
) {
    if key.is_empty() {
        return;
    }
    let g = groups.entry(key).or_default();
    *g.forms.entry(m.text.clone()).or_default() += 1;
    if m.canonical.is_some() || name != m.text {
        *g.canonical.entry(name.to_string()).or_default() += 1;
    }
    *g.types.entry(kind).or_default() += 1;
    if let Some(r) = &m.role {
        g.roles.insert(r.clone());
    }
    g.docs.insert(doc.to_string());
    g.mentions.push(SpanRef {
        doc: doc.to_string(),
        start: m.start,
        end: m.end,
    });
}

/// Finds the entity a name (a quote's speaker, say) refers to: by full key, else by surname
/// when one person has it.
pub fn find<'a>(entities: &'a [Entity], name: &str) -> Option<&'a Entity> {
    let k = match_key(name);
    if k.is_empty() {
        return None;
    }
    let exact = entities
        .iter()
        .find(|e| e.aliases.iter().any(|a| match_key(a) == k));
    exact.or_else(|| {
        let last = match_key(name.split_whitespace().last()?);
        let mut hits = entities.iter().filter(|e| {
            e.kind == EntityType::Person && e.aliases.iter().any(|a| match_key(a) == last)
        });
        let first = hits.next()?;
        hits.next().is_none().then_some(first)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mention;

    fn m(text: &str, kind: EntityType, canonical: Option<&str>) -> Mention {
        Mention {
            start: 0,
            end: text.chars().count(),
            text: text.into(),
            kind,
            role: None,
            canonical: canonical.map(String::from),
        }
    }

    fn doc(id: &str, mentions: Vec<Mention>) -> Document {
        Document {
            id: id.into(),
            mentions,
            ..Default::default()
        }
    }

    #[test]
    fn spellings_and_surnames_merge_across_documents() {
        let docs = vec![
            doc(
                "a",
                vec![
                    m("Qassem Tavana", EntityType::Person, None),
                    m("Tavana", EntityType::Person, Some("Qassem Tavana")),
                ],
            ),
            doc("b", vec![m("Qasem Tavana", EntityType::Person, None)]),
            doc(
                "c",
                vec![
                    m("Tavana", EntityType::Person, None),
                    m("Abdul-Rahim", EntityType::Person, None),
                ],
            ),
            doc("d", vec![m("Omar Abdul Rahim", EntityType::Person, None)]),
        ];
        let e = collect(&docs);
        let t = e
            .iter()
            .find(|x| x.aliases.contains(&"Qasem Tavana".to_string()))
            .unwrap();
        assert_eq!(t.documents, vec!["a", "b", "c"]);
        assert!(t.aliases.contains(&"Qassem Tavana".to_string()));
        let r = e
            .iter()
            .find(|x| x.aliases.contains(&"Omar Abdul Rahim".to_string()))
            .unwrap();
        assert!(r.aliases.contains(&"Abdul-Rahim".to_string()), "{e:?}");
    }

    #[test]
    fn two_people_with_one_surname_stay_two_and_a_lone_surname_joins_neither() {
        let docs = vec![
            doc("a", vec![m("Lena Holm", EntityType::Person, None)]),
            doc("b", vec![m("Erik Holm", EntityType::Person, None)]),
            doc("c", vec![m("Holm", EntityType::Person, None)]),
        ];
        let e = collect(&docs);
        assert_eq!(e.len(), 3, "{e:?}");
    }

    #[test]
    fn peoples_join_their_country_and_canonical_names_win() {
        let docs = vec![doc(
            "a",
            vec![
                m("Iranian", EntityType::Norp, Some("Iranian")),
                m("Iran", EntityType::Gpe, Some("Iran")),
                m("U.S.", EntityType::Gpe, Some("United States")),
                m("US", EntityType::Gpe, Some("United States")),
            ],
        )];
        let e = collect(&docs);
        let us = e.iter().find(|x| x.name == "United States").unwrap();
        assert!(us.aliases.contains(&"US".to_string()) && us.aliases.contains(&"U.S.".to_string()));
        let iran = e.iter().find(|x| x.name == "Iran").unwrap();
        assert_eq!(iran.kind, EntityType::Gpe);
        assert!(iran.aliases.contains(&"Iranian".to_string()), "{e:?}");
    }

    #[test]
    fn match_key_ignores_spelling_noise() {
        assert_eq!(match_key("Ali al-Sistani"), match_key("Ali Sistani"));
        assert_eq!(match_key("Qassem"), match_key("Qasem"));
        assert_eq!(match_key("the State Department"), "state department");
    }
}
