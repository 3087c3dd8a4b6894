//! Issue #18 at 1,000,000 people: the organisation coordinator's list seeks each organisation's
//! name-ordered employments (migration 0042), whose copied name keys follow every write, and a
//! search whose word is common walks the name order yet answers exactly as the text index does.

use crate::fixtures::{job, org, person_value, scheme};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tandem_domain::PersonId;
use tandem_domain::policy::PeopleScope;
use tandem_storage::{Backend, PeopleCursor, PeopleQuery, PersonRecord, Store};

/// Whether a plan sorts rows of a whole scope. SQLite: a temporary B-tree for ORDER BY or
/// DISTINCT anywhere but in the statements over the merged page (`m`, at most
/// (organisations + 1) × (page + 1) rows), its people (`d`) or the page itself (`page`), told by
/// the nearest `SCAN` above it. PostgreSQL: a `Sort` over a scan of people or employments with no
/// `Limit` between them (the sort of one person's employments, `e2`, is of a handful of rows).
fn whole_scope_sort(backend: Backend, plan: &[String]) -> bool {
    match backend {
        Backend::Sqlite => plan.iter().enumerate().any(|(i, l)| {
            let sorts = l.contains("USE TEMP B-TREE FOR ORDER BY")
                || l.contains("USE TEMP B-TREE FOR DISTINCT");
            let over = plan[..i]
                .iter()
                .rev()
                .map(|a| a.trim())
                .take_while(|a| !a.is_empty())
                .find(|a| a.starts_with("SCAN "));
            sorts && !matches!(over, Some("SCAN m" | "SCAN d" | "SCAN page"))
        }),
        Backend::Postgres => plan.iter().enumerate().any(|(i, l)| {
            let t = l.trim_start().trim_start_matches("->").trim_start();
            if !t.starts_with("Sort ") {
                return false;
            }
            let depth = l.len() - l.trim_start().len();
            let below: Vec<&String> = plan[i + 1..]
                .iter()
                .take_while(|b| !b.trim().is_empty() && b.len() - b.trim_start().len() > depth)
                .collect();
            let key_e2 = below.first().is_some_and(|k| k.contains("e2."));
            let limited = below.iter().any(|b| b.contains("Limit"));
            let reads = below
                .iter()
                .any(|b| b.contains(" on people") || b.contains(" on employments"));
            reads && !limited && !key_e2
        }),
    }
}

/// The page statement's plan: what follows the count's (the count reads at most the cap's rows
/// per organisation, so sorting them, which PostgreSQL prefers for an organisation smaller than
/// the cap, is bounded).
fn page_plan(plan: &[String]) -> &[String] {
    let first = plan.iter().position(|l| l.is_empty()).map_or(0, |i| i + 1);
    &plan[first..]
}

fn uses(plan: &[String], index: &str) -> bool {
    plan.iter().any(|l| l.contains(index))
}

/// The organisation coordinator's list, count and cursor pages (one and two organisations) read
/// `employments_organisation_name` and sort only the merged page; without that index the same
/// check fails (so it can fail).
pub async fn organisation_lists_seek_each_organisation(db: tandem_test_support::Database) {
    let store = &db.store;
    let s = scheme(store, "S").await;
    let mut orgs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma", "Delta"] {
        orgs.push(org(store, s.id, name).await);
    }
    let people: Vec<PersonRecord> = (0..3000)
        .map(|i| {
            let p = person_value(s.id, ["Ann", "Li", "Zoë"][i % 3], &format!("Smith{i:04}"));
            // Most at Beta, so that its count stops at the cap (PostgreSQL's planner then counts
            // through the index rather than sorting a few hundred rows).
            let at = if i % 3 == 0 {
                orgs[i % 4].id
            } else {
                orgs[1].id
            };
            let mut employments = vec![job(p.id, at, "Nurse", true)];
            if i % 7 == 0 {
                employments.push(job(p.id, orgs[(i + 1) % 4].id, "Tutor", false));
            }
            PersonRecord {
                employments,
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[0].person.id;
    let one = PeopleQuery::new(PeopleScope::Organisations(vec![orgs[1].id]), actor);
    let two = PeopleQuery::new(
        PeopleScope::Organisations(vec![orgs[1].id, orgs[3].id]),
        actor,
    );
    let mid = people[1201].person.id;
    let queries = [
        ("one organisation", one.clone()),
        (
            "one organisation, page by cursor",
            PeopleQuery {
                cursor: Some(PeopleCursor::After(mid)),
                ..one.clone()
            },
        ),
        ("two organisations", two.clone()),
        (
            "two organisations, previous page by cursor",
            PeopleQuery {
                cursor: Some(PeopleCursor::Before(mid)),
                ..two.clone()
            },
        ),
        (
            "two organisations, old page link",
            PeopleQuery {
                offset: 100,
                ..two.clone()
            },
        ),
    ];
    let backend = store.backend();
    let index = match backend {
        Backend::Sqlite => "employments_organisation_name",
        Backend::Postgres => "employments_organisation_name_c",
    };
    for (what, q) in &queries {
        let plan = store.explain_people_search(s.id, q).await.unwrap();
        if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
            println!("{what} on {backend:?}:\n{}", plan.join("\n"));
        }
        assert!(
            uses(&plan, index),
            "{what} does not seek {index} on {backend:?}:\n{}",
            plan.join("\n")
        );
        assert!(
            !plan
                .iter()
                .any(|l| crate::search_index::is_scan(backend, l)),
            "{what} reads a table whole on {backend:?}:\n{}",
            plan.join("\n")
        );
        assert!(
            !whole_scope_sort(backend, page_plan(&plan)),
            "{what} sorts a whole scope on {backend:?}:\n{}",
            plan.join("\n")
        );
        store.search_people(s.id, q).await.unwrap();
    }
    // Without the index the check fails: each organisation's people are read and sorted.
    {
        use sqlx::Connection;
        let drop = format!("DROP INDEX {index}");
        match backend {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(drop))
                    .execute(&mut c)
                    .await
                    .unwrap();
                c.close().await.unwrap();
            }
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
                sqlx::query(sqlx::AssertSqlSafe(drop))
                    .execute(&mut c)
                    .await
                    .unwrap();
                c.close().await.unwrap();
            }
        }
    }
    // A new pool, whose connections read the schema afresh.
    let store = db.connect_again().await;
    for (what, q) in &queries {
        let plan = store.explain_people_search(s.id, q).await.unwrap();
        assert!(
            whole_scope_sort(backend, page_plan(&plan)) && !uses(&plan, index),
            "{what} passes the check without {index} on {backend:?}:\n{}",
            plan.join("\n")
        );
    }
}

/// The organisation-scoped list (through the copied keys) equals the scheme's list narrowed to
/// the organisations' employees and the reader, page by page in both directions, after random
/// renames, moves, imports and erasures: the copies follow every write.
pub async fn organisation_lists_follow_renames_and_moves(store: Store) {
    let s = scheme(&store, "S").await;
    let mut orgs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma"] {
        orgs.push(org(&store, s.id, name).await);
    }
    let mut rng = StdRng::seed_from_u64(18);
    let families = [
        "de Vries",
        "Jansen",
        "Bakker",
        "Visser",
        "Smit",
        "Müller",
        "Ødegaard",
    ];
    let givens = ["Anna", "Bram", "Cas", "Daan", "Eva"];
    let mut people: Vec<PersonRecord> = (0..120)
        .map(|i| {
            let mut p = person_value(s.id, givens[i % 5], families[i % 7]);
            p.email = format!("p{i}@example.org");
            let mut employments = vec![job(p.id, orgs[i % 3].id, "Nurse", true)];
            if i % 5 == 0 {
                employments.push(job(p.id, orgs[(i + 1) % 3].id, "Tutor", false));
                employments.push(job(p.id, orgs[(i + 1) % 3].id, "Tutor", false));
            }
            PersonRecord {
                employments,
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let mut erased: Vec<PersonId> = Vec::new();
    for round in 0..4 {
        // Random renames and moves, through the edit and through an import.
        let mut changed = Vec::new();
        for _ in 0..15 {
            let i = rng.random_range(0..people.len());
            let r = &mut people[i];
            if erased.contains(&r.person.id) {
                continue;
            }
            r.person.family_name = families[rng.random_range(0..families.len())].into();
            r.person.given_name = givens[rng.random_range(0..givens.len())].into();
            let o = orgs[rng.random_range(0..orgs.len())].id;
            r.employments = vec![job(r.person.id, o, "Nurse", true)];
            if rng.random_bool(0.5) {
                store
                    .update_person(&r.person, &r.employments)
                    .await
                    .unwrap();
            } else {
                changed.push(r.clone());
            }
        }
        store.apply_people_import(&[], &changed).await.unwrap();
        let victim = people[rng.random_range(1..people.len())].person.id;
        if !erased.contains(&victim) {
            store
                .erase_person(victim, "Former", chrono::Utc::now())
                .await
                .unwrap();
            erased.push(victim);
        }
        for scope_orgs in [vec![orgs[0].id], vec![orgs[1].id, orgs[2].id]] {
            let actor = people[round].person.id;
            let all = PeopleQuery {
                limit: 500,
                exact_total: true,
                ..PeopleQuery::new(PeopleScope::All, actor)
            };
            let expected: Vec<PersonId> = store
                .search_people(s.id, &all)
                .await
                .unwrap()
                .items
                .iter()
                .map(|x| x.person.id)
                .filter(|id| {
                    *id == actor
                        || people.iter().any(|r| {
                            r.person.id == *id
                                && r.employments
                                    .iter()
                                    .any(|e| scope_orgs.contains(&e.organisation_id))
                        })
                })
                .collect();
            let mut q = PeopleQuery {
                limit: 7,
                ..PeopleQuery::new(PeopleScope::Organisations(scope_orgs.clone()), actor)
            };
            let mut got = Vec::new();
            let mut pages = Vec::new();
            loop {
                let page = store.search_people(s.id, &q).await.unwrap();
                got.extend(page.items.iter().map(|x| x.person.id));
                pages.push(page.items.iter().map(|x| x.person.id).collect::<Vec<_>>());
                match page.next {
                    Some(_) => {
                        q.cursor = Some(PeopleCursor::After(*got.last().unwrap()));
                    }
                    None => break,
                }
            }
            assert_eq!(got, expected, "round {round}, scope {scope_orgs:?}");
            // And backwards from the end, page by page.
            let mut back = Vec::new();
            let mut q = PeopleQuery {
                limit: 7,
                cursor: Some(PeopleCursor::Before(*expected.last().unwrap())),
                ..PeopleQuery::new(PeopleScope::Organisations(scope_orgs.clone()), actor)
            };
            loop {
                let page = store.search_people(s.id, &q).await.unwrap();
                let ids: Vec<PersonId> = page.items.iter().map(|x| x.person.id).collect();
                back.splice(0..0, ids.iter().copied());
                match (page.previous, ids.first()) {
                    (Some(_), Some(first)) => q.cursor = Some(PeopleCursor::Before(*first)),
                    _ => break,
                }
            }
            assert_eq!(
                back,
                expected[..expected.len() - 1],
                "backwards, round {round}"
            );
            let counted = store
                .search_people(
                    s.id,
                    &PeopleQuery {
                        exact_total: true,
                        ..PeopleQuery::new(PeopleScope::Organisations(scope_orgs.clone()), actor)
                    },
                )
                .await
                .unwrap()
                .total;
            assert_eq!(counted, u64::try_from(expected.len()).unwrap());
            // An old `?page=` link skips the same rows.
            let skipped = store
                .search_people(
                    s.id,
                    &PeopleQuery {
                        limit: 5,
                        offset: 9,
                        ..PeopleQuery::new(PeopleScope::Organisations(scope_orgs.clone()), actor)
                    },
                )
                .await
                .unwrap();
            let ids: Vec<PersonId> = skipped.items.iter().map(|x| x.person.id).collect();
            assert_eq!(
                ids,
                expected.iter().skip(9).take(5).copied().collect::<Vec<_>>()
            );
        }
    }
}

/// A search answers the same whether it starts from the text index or walks the name order
/// (which a word matching very many people takes), in every scope, page by page; and the walk's
/// plan reads the name indexes, not the text index, with no sort of the matches.
pub async fn walking_answers_as_the_index_does(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let families = ["Jansen", "de Vries", "Janssen", "Smit", "Müller"];
    let people: Vec<PersonRecord> = (0..300)
        .map(|i| {
            let mut p = person_value(s.id, ["Jan", "Anna", "Li"][i % 3], families[i % 5]);
            p.email = format!("p{i}@nhs.example");
            PersonRecord {
                employments: vec![job(p.id, [a.id, b.id][i % 2], "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[3].person.id;
    let backend = store.backend();
    for scope in [
        PeopleScope::All,
        PeopleScope::Organisations(vec![a.id]),
        PeopleScope::Organisations(vec![a.id, b.id]),
    ] {
        for text in ["jansen", "nhs", "jan li", "muller", "zzz"] {
            let base = PeopleQuery {
                text: Some(text.into()),
                limit: 11,
                ..PeopleQuery::new(scope.clone(), actor)
            };
            let mut answers = Vec::new();
            for walk in [false, true] {
                let mut q = base.clone();
                let mut ids = Vec::new();
                let first = store.search_people_walking(s.id, &q, walk).await.unwrap();
                let total = (first.total, first.total_exact);
                let mut page = first;
                loop {
                    ids.extend(page.items.iter().map(|x| x.person.id));
                    if page.next.is_none() {
                        break;
                    }
                    q.cursor = Some(PeopleCursor::After(*ids.last().unwrap()));
                    page = store.search_people_walking(s.id, &q, walk).await.unwrap();
                }
                answers.push((ids, total));
                if walk && backend == Backend::Sqlite && text != "zzz" {
                    let plan = store
                        .explain_people_search_walking(s.id, &base, true)
                        .await
                        .unwrap();
                    assert!(
                        !uses(&plan, "people_search_fts") && !whole_scope_sort(backend, &plan),
                        "the walk for {text:?} in {scope:?} reads the text index or sorts:\n{}",
                        plan.join("\n")
                    );
                }
            }
            assert_eq!(answers[0], answers[1], "{text:?} in {scope:?}");
        }
    }
}
