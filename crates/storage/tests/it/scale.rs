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
        // The merged page's people are then read by primary key. (On PostgreSQL the merge
        // compares ids in "C"; compared so with `people.id`, the key's index could not serve
        // and 1,000,000 people were hashed for each page.)
        if backend == Backend::Postgres {
            assert!(
                plan.windows(2)
                    .any(|w| w[0].contains("using people_pkey on people p ")
                        && w[1].trim_start().starts_with("Index Cond: (id = ((m.id)")),
                "{what} does not read the page's people by key:\n{}",
                plan.join("\n")
            );
        }
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

/// Raw SQL on the test's own SQLite connection (the tests below write `registrations` and read
/// `people_search` directly, as no store call does).
async fn sqlite_exec(url: &str, sql: &str, args: &[&str]) {
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for a in args {
        q = q.bind(a.to_string());
    }
    q.execute(&mut c).await.unwrap();
    c.close().await.unwrap();
}

/// People whose `people_search` copies (scheme, name keys, `listed`) differ from what `people`
/// and `registrations` say, and people with no row there, or rows for no one.
async fn stale_search_copies(url: &str) -> i64 {
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM people p LEFT JOIN people_search ps ON ps.person_id = p.id \
         WHERE ps.person_id IS NULL OR ps.scheme_id IS NOT p.scheme_id \
         OR ps.family_key IS NOT p.family_key OR ps.given_key IS NOT p.given_key \
         OR ps.search_key IS NOT COALESCE(p.search_key, '') \
         OR ps.listed IS NOT (CASE WHEN p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM \
         registrations rg WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL \
         OR rg.employment = 'not_employed')) THEN 1 ELSE 0 END)) \
         + (SELECT COUNT(*) FROM people_search ps WHERE NOT EXISTS \
         (SELECT 1 FROM people p WHERE p.id = ps.person_id))",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    n
}

/// Every page of `base` (by cursor), and its first page's total, through the text index
/// (`walk = false`) or the name-order walk, which tests `people` and `registrations` themselves.
async fn all_pages(
    store: &Store,
    s: tandem_domain::SchemeId,
    base: &PeopleQuery,
    walk: bool,
) -> (Vec<PersonId>, (u64, bool)) {
    let mut q = base.clone();
    let first = store.search_people_walking(s, &q, walk).await.unwrap();
    let total = (first.total, first.total_exact);
    let mut ids = Vec::new();
    let mut page = first;
    loop {
        ids.extend(page.items.iter().map(|x| x.person.id));
        if page.next.is_none() {
            break;
        }
        q.cursor = Some(PeopleCursor::After(*ids.last().unwrap()));
        page = store.search_people_walking(s, &q, walk).await.unwrap();
    }
    (ids, total)
}

/// SQLite's `people_search` carries each person's scheme, name keys and whether the list shows
/// them, kept by triggers: after random renames (edit and import), moves, erasures, people of a
/// second scheme and self-registrations written, confirmed, ended, released and swept away, the
/// copies equal what `people` and `registrations` say, and every search (scope, filter, cursor
/// both ways, old page links, exact and capped totals) answers through the text index exactly as
/// the walk, which reads `people` and `registrations` themselves, does.
pub async fn search_copies_follow_every_write(db: tandem_test_support::Database) {
    let store = &db.store;
    let s = scheme(store, "S").await;
    let other = scheme(store, "Other").await;
    let a = org(store, s.id, "Alpha").await;
    let b = org(store, s.id, "Beta").await;
    let x = org(store, other.id, "Xeno").await;
    let mut rng = StdRng::seed_from_u64(1844);
    let families = [
        "Jansen",
        "de Jansen",
        "Janssen",
        "Bakker",
        "Müller",
        "van Dijk",
    ];
    let givens = ["Jan", "Anna", "Li", "Bram"];
    let mut people: Vec<PersonRecord> = (0..160)
        .map(|i| {
            let mut p = person_value(s.id, givens[i % 4], families[i % 6]);
            p.email = format!("p{i}@nhs.example");
            PersonRecord {
                employments: vec![job(p.id, [a.id, b.id][i % 2], "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    // The same names in another scheme: never listed in this one.
    let strangers: Vec<PersonRecord> = (0..20)
        .map(|i| {
            let mut p = person_value(other.id, "Jan", families[i % 6]);
            p.email = format!("o{i}@nhs.example");
            PersonRecord {
                employments: vec![job(p.id, x.id, "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&strangers, &[]).await.unwrap();
    let mut erased: Vec<PersonId> = Vec::new();
    let now = chrono::Utc::now();
    for round in 0..5 {
        let mut changed = Vec::new();
        for _ in 0..12 {
            let i = rng.random_range(0..people.len());
            let r = &mut people[i];
            if erased.contains(&r.person.id) {
                continue;
            }
            r.person.family_name = families[rng.random_range(0..families.len())].into();
            r.person.given_name = givens[rng.random_range(0..givens.len())].into();
            r.employments = vec![job(
                r.person.id,
                [a.id, b.id][rng.random_range(0..2)],
                "Nurse",
                true,
            )];
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
            store.erase_person(victim, "Former", now).await.unwrap();
            erased.push(victim);
        }
        // Self-registrations in each state (written directly: the triggers see any statement).
        let mut registered = Vec::new();
        for _ in 0..6 {
            let r = &people[rng.random_range(1..people.len())];
            if erased.contains(&r.person.id) || registered.contains(&r.person.id) {
                continue;
            }
            registered.push(r.person.id);
            let id = r.person.id.to_string();
            sqlite_exec(
                &db.url,
                "INSERT OR IGNORE INTO registrations (person_id, scheme_id, organisation_id, \
                 registered_at, expires_at, email_confirmed_at, employment) \
                 VALUES ($1, $2, $3, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', NULL, 'pending')",
                &[&id, &s.id.to_string(), &a.id.to_string()],
            )
            .await;
            match rng.random_range(0..5) {
                0 => {}
                1 => {
                    sqlite_exec(
                        &db.url,
                        "UPDATE registrations SET email_confirmed_at = '2026-01-01T01:00:00Z' \
                         WHERE person_id = $1",
                        &[&id],
                    )
                    .await
                }
                2 => {
                    sqlite_exec(
                        &db.url,
                        "UPDATE registrations SET email_confirmed_at = '2026-01-01T01:00:00Z', \
                         employment = 'not_employed' WHERE person_id = $1",
                        &[&id],
                    )
                    .await
                }
                3 => {
                    store.release_registrations(&[r.person.id]).await.unwrap();
                }
                _ => {
                    sqlite_exec(
                        &db.url,
                        "UPDATE registrations SET email_confirmed_at = '2026-01-01T01:00:00Z' \
                         WHERE person_id = $1",
                        &[&id],
                    )
                    .await;
                    store
                        .decide_registration(
                            r.person.id,
                            tandem_storage::EmploymentCheck::Confirmed,
                            people[0].person.id,
                            now,
                        )
                        .await
                        .unwrap();
                }
            }
        }
        // Unconfirmed registrations past their time are swept away, person and all.
        let swept = store.delete_expired_registrations(now, 2).await.unwrap();
        if swept > 0 {
            let mut left = Vec::new();
            for r in people {
                if store.get_person(r.person.id).await.is_ok() {
                    left.push(r);
                }
            }
            people = left;
        }
        assert_eq!(stale_search_copies(&db.url).await, 0, "round {round}");
        assert_eq!(
            crate::search_words::stale_words(&db).await,
            0,
            "round {round}"
        );

        let actor = people[round].person.id;
        let scopes = [
            PeopleScope::All,
            PeopleScope::OnlySelf,
            PeopleScope::Organisations(vec![a.id]),
            PeopleScope::Organisations(vec![a.id, b.id]),
        ];
        for scope in &scopes {
            for text in ["jansen", "jan", "nhs.example", "an li", "muller", "zzz"] {
                for (limit, organisation, exact) in
                    [(7, None, false), (9, Some(b.id), false), (500, None, true)]
                {
                    let base = PeopleQuery {
                        text: Some(text.into()),
                        limit,
                        organisation,
                        exact_total: exact,
                        ..PeopleQuery::new(scope.clone(), actor)
                    };
                    let by_index = all_pages(store, s.id, &base, false).await;
                    let by_walk = all_pages(store, s.id, &base, true).await;
                    assert_eq!(by_index, by_walk, "round {round}: {text:?} in {scope:?}");
                    let ids = by_index.0;
                    if ids.len() > 3 {
                        // Backwards from the last, and an old page link.
                        let back = PeopleQuery {
                            cursor: Some(PeopleCursor::Before(*ids.last().unwrap())),
                            limit: 3,
                            ..base.clone()
                        };
                        let got: Vec<PersonId> = store
                            .search_people_walking(s.id, &back, false)
                            .await
                            .unwrap()
                            .items
                            .iter()
                            .map(|p| p.person.id)
                            .collect();
                        assert_eq!(got, ids[ids.len() - 4..ids.len() - 1], "{text:?} back");
                        let skip = PeopleQuery {
                            offset: 2,
                            limit: 3,
                            ..base.clone()
                        };
                        let got: Vec<PersonId> = store
                            .search_people_walking(s.id, &skip, false)
                            .await
                            .unwrap()
                            .items
                            .iter()
                            .map(|p| p.person.id)
                            .collect();
                        assert_eq!(got, ids.iter().skip(2).take(3).copied().collect::<Vec<_>>());
                    }
                }
            }
        }
    }
}

/// Whether a SQLite plan sorts rows it looked up in `people` or `registrations`: a sort
/// (`USE TEMP B-TREE FOR ORDER BY`) with a search of either table since the nearest `SCAN` above
/// it (SQLite's plan lines are flat: that `SCAN` is the sorted loop's outer table). The sorts of
/// a page are not: the page itself (`SCAN page`), the merged organisation seeks (`SCAN m`) and
/// the text index's page of matches (`SCAN ranked`, cut by `LIMIT` before `people` is read).
fn sorts_looked_up_people(plan: &[String]) -> bool {
    plan.iter().enumerate().any(|(i, l)| {
        if !l.contains("USE TEMP B-TREE FOR ORDER BY") {
            return false;
        }
        let Some(start) = plan[..i]
            .iter()
            .rposition(|a| a.trim_start().starts_with("SCAN "))
        else {
            return false;
        };
        let scan = plan[start].trim();
        if scan == "SCAN page" || scan == "SCAN m" || scan == "SCAN ranked" {
            return false;
        }
        plan[start..i].iter().any(|b| {
            let t = b.trim_start();
            t.starts_with("SEARCH p ") || t.starts_with("SEARCH rg ") || t.starts_with("SCAN p ")
        })
    })
}

/// The page statement of a search before `people_search` carried the keys ("jansen" on the
/// scheme, as `Store::people_statements` built it): every match looked up in `people` and
/// `registrations`, then sorted whole.
const PAGE_BEFORE: &str = "WITH d AS MATERIALIZED (SELECT ps.person_id FROM people_search ps \
     WHERE ps.rowid IN (SELECT rowid FROM people_search_fts WHERE people_search_fts MATCH '\"jansen\"')) \
     SELECT p.* FROM d CROSS JOIN people p ON p.id = d.person_id WHERE p.scheme_id = $1 \
     AND NOT EXISTS (SELECT 1 FROM registrations rg WHERE rg.person_id = p.id \
     AND (rg.email_confirmed_at IS NULL OR rg.employment = 'not_employed')) \
     AND p.erased_at IS NULL ORDER BY p.family_key, p.given_key, p.id LIMIT 51";

/// SQLite: a search through the text index tests, orders and pages its matches in
/// `people_search` and reads `people` for the page only: no sort of rows looked up in `people`
/// or `registrations`, in any scope, with a filter, by cursor or page link; the text index is
/// read once (never per row) and no table whole. The check fails on the plan of before.
pub async fn text_index_pages_without_reading_people(db: tandem_test_support::Database) {
    let store = &db.store;
    let s = scheme(store, "S").await;
    let a = org(store, s.id, "Alpha").await;
    let b = org(store, s.id, "Beta").await;
    let people: Vec<PersonRecord> = (0..1200)
        .map(|i| {
            let family = if i % 4 == 0 {
                "Jansen".to_string()
            } else {
                format!("Smit{i:04}")
            };
            let mut p = person_value(s.id, ["Jan", "Anna", "Li"][i % 3], &family);
            p.email = format!("p{i}@nhs.example");
            PersonRecord {
                employments: vec![job(p.id, [a.id, b.id][i % 2], "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[0].person.id;
    let jansen = |scope: PeopleScope| PeopleQuery {
        text: Some("jansen".into()),
        ..PeopleQuery::new(scope, actor)
    };
    let queries = [
        ("scheme", jansen(PeopleScope::All)),
        (
            "scheme, next page",
            PeopleQuery {
                cursor: Some(PeopleCursor::After(people[400].person.id)),
                ..jansen(PeopleScope::All)
            },
        ),
        (
            "scheme, previous page",
            PeopleQuery {
                cursor: Some(PeopleCursor::Before(people[400].person.id)),
                ..jansen(PeopleScope::All)
            },
        ),
        (
            "scheme, old page link",
            PeopleQuery {
                offset: 100,
                ..jansen(PeopleScope::All)
            },
        ),
        (
            "scheme, exact total",
            PeopleQuery {
                exact_total: true,
                ..jansen(PeopleScope::All)
            },
        ),
        (
            "scheme, organisation filter",
            PeopleQuery {
                organisation: Some(b.id),
                ..jansen(PeopleScope::All)
            },
        ),
        (
            "one organisation",
            jansen(PeopleScope::Organisations(vec![a.id])),
        ),
        (
            "two organisations, filter",
            PeopleQuery {
                organisation: Some(a.id),
                ..jansen(PeopleScope::Organisations(vec![a.id, b.id]))
            },
        ),
        ("only self", jansen(PeopleScope::OnlySelf)),
    ];
    for (what, q) in &queries {
        let plan = store
            .explain_people_search_walking(s.id, q, false)
            .await
            .unwrap();
        if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
            println!("{what}:\n{}", plan.join("\n"));
        }
        let all = plan.join("\n");
        assert!(uses(&plan, "people_search_fts"), "{what}:\n{all}");
        assert!(
            !sorts_looked_up_people(&plan),
            "{what} sorts people it looked up:\n{all}"
        );
        assert!(
            !plan
                .iter()
                .any(|l| crate::search_index::is_scan(Backend::Sqlite, l)),
            "{what} reads a table whole:\n{all}"
        );
        assert!(
            !plan.iter().any(|l| l.contains("VIRTUAL TABLE INDEX 0:=")),
            "{what} asks the text index per row:\n{all}"
        );
        // The count reads neither `people` nor `registrations`.
        let count = &plan[..plan.iter().position(|l| l.is_empty()).unwrap()];
        assert!(
            !count
                .iter()
                .any(|l| l.starts_with("SEARCH p ") || l.starts_with("SEARCH rg ")),
            "{what}: the count reads people:\n{all}"
        );
    }
    // The check fails on the statement of before.
    let before: Vec<String> = {
        use sqlx::{Connection, Row};
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {PAGE_BEFORE}"
        )))
        .bind(s.id.to_string())
        .fetch_all(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
        rows.iter().map(|r| r.get::<String, _>("detail")).collect()
    };
    assert!(
        sorts_looked_up_people(&before),
        "the check passes the plan of before:\n{}",
        before.join("\n")
    );
}

/// SQLite: a database whose `people_search` predates the copied keys (the shape and triggers
/// of migration-era 0031) gets them on the next start, back-filled from `people` and
/// `registrations`, and its searches answer as the walk does.
pub async fn old_search_table_is_back_filled(db: tandem_test_support::Database) {
    let store = &db.store;
    let s = scheme(store, "S").await;
    let a = org(store, s.id, "Alpha").await;
    let people: Vec<PersonRecord> = (0..40)
        .map(|i| {
            let mut p = person_value(s.id, "Jan", ["Jansen", "de Vries", "Bakker"][i % 3]);
            p.email = format!("p{i}@nhs.example");
            PersonRecord {
                employments: vec![job(p.id, a.id, "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people[..20], &[]).await.unwrap();
    // Back to the old shape: its triggers, without the copies (nor the words index kept from
    // them, which came later).
    for sql in [
        "DROP TRIGGER people_search_words_ai",
        "DROP TRIGGER people_search_words_au",
        "DROP TRIGGER people_search_words_ad",
        "DROP TRIGGER people_search_words_rg_ai",
        "DROP TRIGGER people_search_words_rg_au",
        "DROP TRIGGER people_search_words_rg_ad",
        "DROP TABLE people_search_words",
        "DROP TABLE people_search_vocab_fts",
        "DROP TABLE people_search_vocab",
        "UPDATE people SET search_words = NULL",
        "DROP TRIGGER people_search_ai",
        "DROP TRIGGER people_search_au",
        "DROP TRIGGER people_search_keys_au",
        "DROP TRIGGER people_search_ad",
        "DROP TRIGGER people_search_fts_au",
        "DROP TRIGGER people_search_rg_ai",
        "DROP TRIGGER people_search_rg_au",
        "DROP TRIGGER people_search_rg_ad",
        "ALTER TABLE people_search DROP COLUMN scheme_id",
        "ALTER TABLE people_search DROP COLUMN family_key",
        "ALTER TABLE people_search DROP COLUMN given_key",
        "ALTER TABLE people_search DROP COLUMN listed",
        "CREATE TRIGGER people_search_ai AFTER INSERT ON people BEGIN \
         INSERT INTO people_search (person_id, search_key) VALUES (new.id, COALESCE(new.search_key, '')); END",
        "CREATE TRIGGER people_search_au AFTER UPDATE OF search_key ON people BEGIN \
         UPDATE people_search SET search_key = COALESCE(new.search_key, '') WHERE person_id = old.id; END",
        "CREATE TRIGGER people_search_ad AFTER DELETE ON people BEGIN \
         DELETE FROM people_search WHERE person_id = old.id; END",
        "CREATE TRIGGER people_search_fts_au AFTER UPDATE ON people_search BEGIN \
         INSERT INTO people_search_fts (people_search_fts, rowid, search_key) \
         VALUES ('delete', old.rowid, old.search_key); \
         INSERT INTO people_search_fts (rowid, search_key) VALUES (new.rowid, new.search_key); END",
    ] {
        sqlite_exec(&db.url, sql, &[]).await;
    }
    // Written under the old triggers: one more import, an erasure, a registration.
    store.apply_people_import(&people[20..], &[]).await.unwrap();
    store
        .erase_person(people[3].person.id, "Former", chrono::Utc::now())
        .await
        .unwrap();
    sqlite_exec(
        &db.url,
        "INSERT INTO registrations (person_id, scheme_id, organisation_id, registered_at, \
         expires_at, email_confirmed_at, employment) VALUES ($1, $2, $3, \
         '2026-01-01T00:00:00Z', '2099-01-02T00:00:00Z', NULL, 'pending')",
        &[
            &people[6].person.id.to_string(),
            &s.id.to_string(),
            &a.id.to_string(),
        ],
    )
    .await;
    let has_listed = {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pragma_table_info('people_search') WHERE name = 'listed'",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
        n
    };
    assert_eq!(has_listed, 0);
    let store = db.connect_again().await;
    store.migrate().await.unwrap();
    assert_eq!(stale_search_copies(&db.url).await, 0);
    // The words index was made and back-filled from the copies.
    assert_eq!(crate::search_words::stale_words(&db).await, 0);
    // The text index was not rebuilt or touched by the back-fill: it still finds each key once.
    for text in ["jansen", "vries", "nhs.example", "jan"] {
        let q = PeopleQuery {
            text: Some(text.into()),
            limit: 6,
            ..PeopleQuery::new(PeopleScope::All, people[0].person.id)
        };
        let by_index = all_pages(&store, s.id, &q, false).await;
        assert_eq!(
            by_index,
            all_pages(&store, s.id, &q, true).await,
            "{text:?}"
        );
        assert!(!by_index.0.contains(&people[3].person.id));
        assert!(!by_index.0.contains(&people[6].person.id));
    }
}

/// PostgreSQL, a search word matching fewer than `WALK_FROM` people: the page starts from the
/// trigram index (a bitmap index scan of `people_search_trgm`) whatever the planner estimates, in
/// every scope, by cursor either way and with a filter. The statement before the fence (the
/// name-order walk's, which the planner chose at 1,000,000 people for "jansen" and walked
/// 308,610 rows) fails the check: a third of the people match, so walking the name order looks
/// cheap to its even spread.
pub async fn pg_search_pages_start_from_the_trigram_index(db: tandem_test_support::Database) {
    let store = db.store;
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    // Spread at random, so the planner's statistics see a third of the people match.
    let mut rng = StdRng::seed_from_u64(18);
    let families = ["Jansen", "Bakker", "Visser"];
    let people: Vec<PersonRecord> = (0..3000)
        .map(|i| {
            let family = families[rng.random_range(0..3)];
            let p = person_value(s.id, &format!("G{i:04}"), family);
            PersonRecord {
                employments: vec![job(p.id, [a.id, b.id][i % 2], "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[0].person.id;
    let all = PeopleQuery {
        text: Some("jansen".into()),
        ..PeopleQuery::new(PeopleScope::All, actor)
    };
    let scoped = PeopleQuery {
        scope: PeopleScope::Organisations(vec![a.id]),
        ..all.clone()
    };
    let starts_from_trgm = |plan: &[String]| {
        page_plan(plan)
            .iter()
            .any(|l| l.contains("Bitmap Index Scan on people_search_trgm"))
    };
    assert!(!store.people_text_walk(&all).await.unwrap());
    let before = store
        .explain_people_search_walking(s.id, &all, true)
        .await
        .unwrap();
    assert!(
        !starts_from_trgm(&before),
        "the statement without the fence starts from the trigram index after all:\n{}",
        before.join("\n")
    );
    let middle = people[300].person.id;
    for (what, q) in [
        ("first page", all.clone()),
        (
            "by cursor",
            PeopleQuery {
                cursor: Some(PeopleCursor::After(middle)),
                ..all.clone()
            },
        ),
        (
            "backwards by cursor",
            PeopleQuery {
                cursor: Some(PeopleCursor::Before(middle)),
                ..all.clone()
            },
        ),
        (
            "by offset",
            PeopleQuery {
                offset: 40,
                ..all.clone()
            },
        ),
        ("organisation coordinator", scoped.clone()),
        (
            "organisation coordinator, filtered, by cursor",
            PeopleQuery {
                organisation: Some(a.id),
                cursor: Some(PeopleCursor::After(middle)),
                ..scoped.clone()
            },
        ),
    ] {
        // Past the words index (which answers "jansen" first): the fence serves every search
        // it does not answer.
        let plan = store
            .explain_people_search_walking(s.id, &q, false)
            .await
            .unwrap();
        assert!(
            starts_from_trgm(&plan),
            "{what}: the page does not start from people_search_trgm:\n{}",
            plan.join("\n")
        );
        assert!(
            !uses(page_plan(&plan), "people_scheme_name"),
            "{what}: the page walks the name order:\n{}",
            plan.join("\n")
        );
    }
}

/// SQLite: an import of many new people writes their text index entries and word rows once,
/// after their rows, with the insert triggers set aside (`people_words::DeferredSearch`). After
/// such an import (beside people imported one by one before it and edited after it) the search
/// tables equal what `people` says, the text index passes FTS5's own check, the triggers are all
/// back, and searches answer as the name-order walk does. An import refused half-way (an e-mail
/// address taken) leaves the triggers in place: the next single write is indexed.
pub async fn bulk_import_fills_the_search_indexes_once(db: tandem_test_support::Database) {
    let store = &db.store;
    let s = scheme(store, "S").await;
    let a = org(store, s.id, "Alpha").await;
    let families = ["Jansen", "de Vries", "Bakker", "Müller", "O'Brien"];
    let record = |i: usize| {
        let mut p = person_value(s.id, &format!("Anna{}", i % 7), families[i % 5]);
        p.email = format!("p{i}@nhs.example");
        PersonRecord {
            employments: vec![job(p.id, a.id, "Nurse", true)],
            person: p,
        }
    };
    let few: Vec<PersonRecord> = (0..20).map(record).collect();
    store.apply_people_import(&few, &[]).await.unwrap();
    let many: Vec<PersonRecord> = (20..1_220).map(record).collect();
    store.apply_people_import(&many, &[]).await.unwrap();
    let mut edited = many[5].clone();
    edited.person.family_name = "Zwart".into();
    store.apply_people_import(&[], &[edited]).await.unwrap();
    let triggers = async || -> i64 {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
        let n = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN \
             ('people_search_ai', 'people_search_fts_ai', 'people_search_words_ai', \
             'people_search_vocab_ai')",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        c.close().await.unwrap();
        n
    };
    assert_eq!(triggers().await, 4);
    assert_eq!(stale_search_copies(&db.url).await, 0);
    assert_eq!(crate::search_words::stale_words(&db).await, 0);
    sqlite_exec(
        &db.url,
        "INSERT INTO people_search_fts (people_search_fts) VALUES ('integrity-check')",
        &[],
    )
    .await;
    let actor = few[0].person.id;
    for text in ["jansen", "zwart", "anna3", "p1000@", "müller", "vries"] {
        let q = PeopleQuery {
            text: Some(text.into()),
            limit: 25,
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        let by_index = all_pages(store, s.id, &q, false).await;
        let walked = all_pages(store, s.id, &q, true).await;
        assert_eq!(by_index, walked, "{text:?}");
        assert!(!by_index.0.is_empty(), "{text:?}");
        let page = store.search_people(s.id, &q).await.unwrap();
        let first: Vec<PersonId> = page.items.iter().map(|x| x.person.id).collect();
        assert_eq!(first, by_index.0[..first.len()], "{text:?}");
    }

    // Refused half-way: the last new person takes the first one's address.
    let mut refused: Vec<PersonRecord> = (2_000..3_100).map(record).collect();
    refused.last_mut().unwrap().person.email = few[0].person.email.clone();
    assert!(store.apply_people_import(&refused, &[]).await.is_err());
    assert_eq!(triggers().await, 4);
    let one = record(5_000);
    store
        .create_person(&one.person, &one.employments)
        .await
        .unwrap();
    assert_eq!(stale_search_copies(&db.url).await, 0);
    assert_eq!(crate::search_words::stale_words(&db).await, 0);
}
