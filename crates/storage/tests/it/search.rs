//! The scoped people search.

use crate::fixtures::{job, org, person, person_value, scheme};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tandem_domain::policy::PeopleScope;
use tandem_domain::{Employment, GradeSystem, OrganisationId, Person, PersonId, SchemeId};
use tandem_storage::{
    MAX_PAGE, PeopleCursor, PeopleQuery, PersonRecord, PersonSummary, Store, search_key,
    search_terms,
};

fn ids(items: &[PersonSummary]) -> Vec<PersonId> {
    items.iter().map(|s| s.person.id).collect()
}

fn all(actor: PersonId) -> PeopleQuery {
    PeopleQuery {
        limit: MAX_PAGE,
        ..PeopleQuery::new(PeopleScope::All, actor)
    }
}

pub async fn scopes_are_applied(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let c = org(&store, s.id, "Charlie").await;
    let ann = person(&store, s.id, "Ann", "Able", &[a.id]).await.person.id;
    let bob = person(&store, s.id, "Bob", "Baker", &[b.id])
        .await
        .person
        .id;
    let cat = person(&store, s.id, "Cat", "Cole", &[b.id, a.id])
        .await
        .person
        .id;
    let dan = person(&store, s.id, "Dan", "Dale", &[c.id]).await.person.id;
    let eve = person(&store, s.id, "Eve", "Evans", &[]).await.person.id;
    let other = scheme(&store, "Other").await;
    let x = org(&store, other.id, "Xray").await;
    person(&store, other.id, "Out", "Sider", &[x.id]).await;

    let everyone = store.search_people(s.id, &all(dan)).await.unwrap();
    assert_eq!(ids(&everyone.items), vec![ann, bob, cat, dan, eve]);
    assert_eq!(everyone.total, 5);

    // Coordinator of Alpha (employed by Charlie): Alpha's people plus themselves.
    let q = PeopleQuery {
        scope: PeopleScope::Organisations(vec![a.id]),
        ..all(dan)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &q).await.unwrap().items),
        vec![ann, cat, dan]
    );
    let q = PeopleQuery {
        scope: PeopleScope::Organisations(vec![a.id, b.id]),
        ..all(eve)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &q).await.unwrap().items),
        vec![ann, bob, cat, eve]
    );
    // No organisations at all: only themselves.
    let q = PeopleQuery {
        scope: PeopleScope::Organisations(vec![]),
        ..all(bob)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &q).await.unwrap().items),
        vec![bob]
    );
    let q = PeopleQuery {
        scope: PeopleScope::OnlySelf,
        ..all(cat)
    };
    let only = store.search_people(s.id, &q).await.unwrap();
    assert_eq!((ids(&only.items), only.total), (vec![cat], 1));
    // The actor of another scheme sees nobody of this one through OnlySelf.
    let q = PeopleQuery {
        scope: PeopleScope::OnlySelf,
        ..all(PersonId::new())
    };
    assert_eq!(store.search_people(s.id, &q).await.unwrap().total, 0);
}

/// The rule the whole product rests on: organisation A's scope never yields someone employed
/// only by organisation B, whatever else the query asks for.
pub async fn organisation_a_never_sees_organisation_b(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let coordinator = person(&store, s.id, "Cora", "Ordinator", &[a.id])
        .await
        .person
        .id;
    let mut b_only = Vec::new();
    for i in 0..30 {
        let o = if i % 3 == 0 { a.id } else { b.id };
        let rec = person(
            &store,
            s.id,
            &format!("Name{i:02}"),
            &format!("Family{i:02}"),
            &[o],
        )
        .await;
        if o == b.id {
            b_only.push(rec.person.id);
        }
    }
    let scope = PeopleScope::Organisations(vec![a.id]);
    let queries = [
        PeopleQuery {
            scope: scope.clone(),
            ..all(coordinator)
        },
        PeopleQuery {
            scope: scope.clone(),
            organisation: Some(b.id),
            ..all(coordinator)
        },
        PeopleQuery {
            scope: scope.clone(),
            text: Some("name".into()),
            ..all(coordinator)
        },
        PeopleQuery {
            scope: scope.clone(),
            text: Some("%".into()),
            ..all(coordinator)
        },
        PeopleQuery {
            scope: scope.clone(),
            profession: Some("Nursing".into()),
            ..all(coordinator)
        },
        PeopleQuery {
            scope: scope.clone(),
            offset: 5,
            limit: 3,
            ..all(coordinator)
        },
    ];
    for q in queries {
        let page = store.search_people(s.id, &q).await.unwrap();
        for item in &page.items {
            assert!(
                !b_only.contains(&item.person.id),
                "{q:?} returned B's {}",
                item.person.display_name()
            );
        }
        assert!(page.total <= 11, "{q:?} counted {}", page.total);
    }
    let mine = store
        .search_people(
            s.id,
            &PeopleQuery {
                scope,
                ..all(coordinator)
            },
        )
        .await
        .unwrap();
    assert_eq!(mine.total, 11);
}

pub async fn text_search_is_case_insensitive_and_literal(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let jan = person(&store, s.id, "Jan", "Özdemir", &[a.id])
        .await
        .person
        .id;
    let mary = person(&store, s.id, "Mary", "O'Brien", &[a.id])
        .await
        .person
        .id;
    let pct = Person {
        email: "fifty%off_deal@example.org".into(),
        ..person_value(s.id, "Percy", "Cent")
    };
    store.create_person(&pct, &[]).await.unwrap();
    let plain = Person {
        email: "fiftyXoffXdeal@example.org".into(),
        ..person_value(s.id, "Plain", "Text")
    };
    store.create_person(&plain, &[]).await.unwrap();

    let find = |text: &str| {
        let store = store.clone();
        let text = text.to_string();
        async move {
            ids(&store
                .search_people(
                    s.id,
                    &PeopleQuery {
                        text: Some(text),
                        ..all(jan)
                    },
                )
                .await
                .unwrap()
                .items)
        }
    };
    assert_eq!(find("özdemir").await, vec![jan]);
    assert_eq!(find("ÖZDEMIR").await, vec![jan]);
    assert_eq!(find("jan öz").await, vec![jan]);
    assert_eq!(find("o'brien").await, vec![mary]);
    assert_eq!(find("MARY.O'BRIEN@EXAMPLE").await, vec![mary]);
    // Wildcards in the text are literal characters.
    assert_eq!(find("%off_").await, vec![pct.id]);
    assert_eq!(find("fifty_").await, Vec::<PersonId>::new());
    assert_eq!(find("y%o").await, vec![pct.id]);
    // Diacritics are folded both ways: "Ozdemir" finds "Özdemir".
    assert_eq!(find("ozdemir").await, vec![jan]);
    assert_eq!(find("OZDEMİR").await, vec![jan]);
    // Two characters match the start of a word; one character narrows nothing.
    assert_eq!(find("ja").await, vec![jan]);
    assert_eq!(find("an").await, Vec::<PersonId>::new());
    assert_eq!(find("o'").await, vec![mary]);
    assert_eq!(find("_").await.len(), 4);
    assert_eq!(find("\\").await.len(), 4);
    assert_eq!(find("   ").await.len(), 4);
    assert_eq!(find("nobody").await, Vec::<PersonId>::new());
    // Full-text operators are text too.
    assert_eq!(find("mary OR jan").await, Vec::<PersonId>::new());
    assert_eq!(find("\"mary\"").await, Vec::<PersonId>::new());
    assert_eq!(find("mar*").await, Vec::<PersonId>::new());
    assert_eq!(find("NEAR(mary jan)").await, Vec::<PersonId>::new());
    assert_eq!(find("-jan").await, Vec::<PersonId>::new());
}

pub async fn filters_and_primary_employment(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let p = person_value(s.id, "Gina", "Grey");
    let mut gp = job(p.id, b.id, "GP", false);
    gp.profession = "Medicine".into();
    gp.grade_system = GradeSystem::Medical;
    gp.grade = "Consultant".into();
    let nurse = job(p.id, a.id, "Matron", true);
    store
        .create_person(&p, &[gp.clone(), nurse.clone()])
        .await
        .unwrap();
    let q = person_value(s.id, "Hal", "Hill");
    let mut sw = job(q.id, b.id, "Social worker", false);
    sw.profession = "Social work".into();
    sw.grade_system = GradeSystem::LocalAuthority;
    sw.grade = "PO2".into();
    store.create_person(&q, &[sw.clone()]).await.unwrap();
    let r = person_value(s.id, "Ivy", "Ince");
    store.create_person(&r, &[]).await.unwrap();

    let page = store.search_people(s.id, &all(p.id)).await.unwrap();
    // The primary employment is summarised even when it is not listed first …
    let g = &page.items[0];
    assert_eq!(g.person, p);
    assert_eq!(
        (
            g.organisation_id,
            g.organisation_name.as_deref(),
            g.job_title.as_deref(),
            g.profession.as_deref()
        ),
        (Some(a.id), Some("Alpha"), Some("Matron"), Some("Nursing"))
    );
    assert_eq!(
        (g.grade_system, g.grade.as_deref()),
        (Some(GradeSystem::AgendaForChange), Some("7"))
    );
    // … else the first one; and nobody's employment is left empty.
    assert_eq!(page.items[1].job_title.as_deref(), Some("Social worker"));
    assert_eq!(page.items[2].organisation_id, None);
    assert_eq!(page.items[2].grade_system, None);

    let q_org = PeopleQuery {
        organisation: Some(b.id),
        ..all(p.id)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &q_org).await.unwrap().items),
        vec![p.id, q.id]
    );
    let q_prof = PeopleQuery {
        profession: Some("Medicine".into()),
        ..all(p.id)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &q_prof).await.unwrap().items),
        vec![p.id]
    );
    let q_gs = PeopleQuery {
        grade_system: Some(GradeSystem::LocalAuthority),
        ..all(p.id)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &q_gs).await.unwrap().items),
        vec![q.id]
    );
    // Filters must hold for one and the same employment.
    let q_mixed = PeopleQuery {
        organisation: Some(a.id),
        profession: Some("Medicine".into()),
        ..all(p.id)
    };
    assert_eq!(store.search_people(s.id, &q_mixed).await.unwrap().total, 0);
}

pub async fn paging_counts_and_orders(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mut expected = Vec::new();
    for i in 0..25 {
        // Family names given in scrambled order and mixed case.
        let n = (i * 7) % 25;
        let family = if n % 2 == 0 {
            format!("family{n:02}")
        } else {
            format!("FAMILY{n:02}")
        };
        let rec = person(&store, s.id, "Pat", &family, &[a.id]).await;
        expected.push((n, rec.person.id));
    }
    expected.sort();
    let expected: Vec<PersonId> = expected.into_iter().map(|(_, id)| id).collect();
    let actor = expected[0];
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let q = PeopleQuery {
            offset,
            limit: 10,
            ..all(actor)
        };
        let page = store.search_people(s.id, &q).await.unwrap();
        assert_eq!((page.total, page.offset, page.limit), (25, offset, 10));
        if page.items.is_empty() {
            break;
        }
        seen.extend(ids(&page.items));
        offset += 10;
    }
    assert_eq!(seen, expected);
    let huge = store
        .search_people(
            s.id,
            &PeopleQuery {
                limit: 10_000,
                ..all(actor)
            },
        )
        .await
        .unwrap();
    assert_eq!((huge.limit, huge.items.len()), (MAX_PAGE, 25));
    let none = store
        .search_people(
            s.id,
            &PeopleQuery {
                limit: 0,
                ..all(actor)
            },
        )
        .await
        .unwrap();
    assert_eq!((none.total, none.items.len()), (25, 0));
}

/// What `search_people` must return, computed the slow obvious way.
fn oracle(
    people: &[PersonRecord],
    scheme: SchemeId,
    q: &PeopleQuery,
    org_names: &[(OrganisationId, String)],
) -> (Vec<PersonSummary>, u64) {
    let lower = |s: &str| s.to_lowercase();
    // A scoped reader sees only employments at their organisations, plus all of their own;
    // filters match and the list shows only those.
    let visible = |r: &PersonRecord, e: &Employment| match &q.scope {
        PeopleScope::Organisations(orgs) if !orgs.is_empty() => {
            r.person.id == q.actor || orgs.contains(&e.organisation_id)
        }
        _ => true,
    };
    let mut hits: Vec<&PersonRecord> = people
        .iter()
        .filter(|r| r.person.scheme_id == scheme)
        .filter(|r| match &q.scope {
            PeopleScope::All => true,
            PeopleScope::OnlySelf => r.person.id == q.actor,
            PeopleScope::Organisations(orgs) => {
                r.person.id == q.actor
                    || r.employments
                        .iter()
                        .any(|e| orgs.contains(&e.organisation_id))
            }
        })
        .filter(|r| {
            // The definition (see `people_search`): every term is contained in the folded key.
            let hay = search_key(&r.person);
            search_terms(q.text.as_deref().unwrap_or_default())
                .iter()
                .all(|t| hay.contains(t.as_str()))
        })
        .filter(|r| {
            if q.organisation.is_none() && q.profession.is_none() && q.grade_system.is_none() {
                return true;
            }
            r.employments.iter().filter(|e| visible(r, e)).any(|e| {
                q.organisation.is_none_or(|o| e.organisation_id == o)
                    && q.profession.as_ref().is_none_or(|p| &e.profession == p)
                    && q.grade_system.is_none_or(|g| e.grade_system == g)
            })
        })
        .collect();
    hits.sort_by_key(|r| {
        (
            tandem_domain::words::family_sort_key(&r.person.family_name),
            lower(&r.person.given_name),
            r.person.id,
        )
    });
    let total = hits.len() as u64;
    let limit = q.limit.min(MAX_PAGE) as usize;
    let items = hits
        .into_iter()
        .skip(q.offset as usize)
        .take(limit)
        .map(|r| {
            let shown: Vec<&Employment> = r.employments.iter().filter(|e| visible(r, e)).collect();
            let e: Option<&Employment> =
                shown.iter().find(|e| e.primary).or(shown.first()).copied();
            PersonSummary {
                person: r.person.clone(),
                organisation_id: e.map(|e| e.organisation_id),
                organisation_name: e.map(|e| {
                    org_names
                        .iter()
                        .find(|(id, _)| *id == e.organisation_id)
                        .unwrap()
                        .1
                        .clone()
                }),
                job_title: e.map(|e| e.job_title.clone()),
                profession: e.map(|e| e.profession.clone()),
                grade_system: e.map(|e| e.grade_system),
                grade: e.map(|e| e.grade.clone()),
            }
        })
        .collect();
    (items, total)
}

/// Random people and random queries, checked against [`oracle`].
pub async fn matches_brute_force_oracle(store: Store) {
    const GIVEN: [&str; 8] = ["Ann", "ann", "Özlem", "Bram", "Zoë", "Li", "al_i", "Jo%"];
    const FAMILY: [&str; 8] = [
        "de Vries", "De Vries", "Smith", "smith", "Øster", "O'Neil", "van_der", "Ng",
    ];
    const PROFESSIONS: [&str; 3] = ["Nursing", "Medicine", "Social work"];
    const WORDS: [&str; 12] = [
        "an", "ANN", "de v", "smith", "ø", "ö", "_", "%", "o'", "example", "zz", "li a",
    ];
    let mut rng = StdRng::seed_from_u64(0x7a4d3);
    let s = scheme(&store, "S").await;
    let other = scheme(&store, "Other").await;
    let mut orgs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma", "Delta"] {
        orgs.push(org(&store, s.id, name).await);
    }
    let x = org(&store, other.id, "Xray").await;
    let mut people = Vec::new();
    for i in 0..80 {
        let in_other = i % 10 == 9;
        let scheme_id = if in_other { other.id } else { s.id };
        let mut p = person_value(
            scheme_id,
            GIVEN[rng.random_range(0..8)],
            FAMILY[rng.random_range(0..8)],
        );
        p.email = format!(
            "user{i}.{}@example.org",
            p.family_name.to_lowercase().replace(' ', "")
        );
        let n = rng.random_range(0..4);
        let primary = rng.random_range(0..=n);
        let employments: Vec<Employment> = (0..n)
            .map(|k| {
                let o = if in_other {
                    x.id
                } else {
                    orgs[rng.random_range(0..orgs.len())].id
                };
                let mut e = job(p.id, o, &format!("Job {k}"), k == primary);
                e.profession = PROFESSIONS[rng.random_range(0..3)].into();
                e.grade_system = GradeSystem::ALL[rng.random_range(0..4)];
                e
            })
            .collect();
        store.create_person(&p, &employments).await.unwrap();
        people.push(PersonRecord {
            person: p,
            employments,
        });
    }
    let mut org_names: Vec<(OrganisationId, String)> =
        orgs.iter().map(|o| (o.id, o.name.clone())).collect();
    org_names.push((x.id, x.name.clone()));
    let in_scheme: Vec<PersonId> = people
        .iter()
        .filter(|r| r.person.scheme_id == s.id)
        .map(|r| r.person.id)
        .collect();
    for round in 0..150 {
        let actor = in_scheme[rng.random_range(0..in_scheme.len())];
        let scope = match rng.random_range(0..3) {
            0 => PeopleScope::All,
            1 => PeopleScope::OnlySelf,
            _ => PeopleScope::Organisations(
                orgs.iter()
                    .filter(|_| rng.random_bool(0.4))
                    .map(|o| o.id)
                    .collect(),
            ),
        };
        let q = PeopleQuery {
            scope,
            actor,
            text: rng
                .random_bool(0.5)
                .then(|| WORDS[rng.random_range(0..WORDS.len())].to_string()),
            organisation: rng
                .random_bool(0.25)
                .then(|| orgs[rng.random_range(0..orgs.len())].id),
            profession: rng
                .random_bool(0.25)
                .then(|| PROFESSIONS[rng.random_range(0..3)].to_string()),
            grade_system: rng
                .random_bool(0.25)
                .then(|| GradeSystem::ALL[rng.random_range(0..4)]),
            offset: if rng.random_bool(0.3) {
                rng.random_range(0..20)
            } else {
                0
            },
            limit: rng.random_range(0..30),
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        let got = store.search_people(s.id, &q).await.unwrap();
        let (items, total) = oracle(&people, s.id, &q, &org_names);
        assert_eq!(got.total, total, "round {round}: {q:?}");
        assert!(got.total_exact, "round {round}: small totals are exact");
        assert_eq!(got.items, items, "round {round}: {q:?}");
        // Walking the cursors forwards from the first page, then backwards from the last,
        // gives the same list as the oracle's, page for page.
        if q.limit == 0 {
            continue;
        }
        let (everything, _) = oracle(
            &people,
            s.id,
            &PeopleQuery {
                offset: 0,
                limit: MAX_PAGE,
                ..q.clone()
            },
            &org_names,
        );
        let mut forwards: Vec<Vec<PersonSummary>> = Vec::new();
        let mut page = store
            .search_people(
                s.id,
                &PeopleQuery {
                    offset: 0,
                    ..q.clone()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            page.previous, None,
            "round {round}: nothing before the first page"
        );
        loop {
            forwards.push(page.items.clone());
            let Some(next) = page.next.clone() else { break };
            page = store
                .search_people(
                    s.id,
                    &PeopleQuery {
                        cursor: PeopleCursor::parse(&next),
                        ..q.clone()
                    },
                )
                .await
                .unwrap();
            assert_eq!(
                page.total, total,
                "round {round}: the count ignores the cursor"
            );
        }
        assert_eq!(
            forwards.concat(),
            everything,
            "round {round}: pages by cursor == the whole list"
        );
        let mut backwards: Vec<Vec<PersonSummary>> = vec![page.items.clone()];
        while let Some(previous) = page.previous.clone() {
            page = store
                .search_people(
                    s.id,
                    &PeopleQuery {
                        cursor: PeopleCursor::parse(&previous),
                        ..q.clone()
                    },
                )
                .await
                .unwrap();
            backwards.push(page.items.clone());
        }
        backwards.reverse();
        assert_eq!(
            backwards, forwards,
            "round {round}: back again, page for page"
        );
    }
}

/// People with several employments at the same organisation are one row each, and paging past
/// them skips exactly `offset` people (SQLite 3.51 gets this wrong for `EXISTS` subqueries).
pub async fn paging_past_people_with_repeated_employments(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let mut expected = Vec::new();
    for i in 0..20 {
        expected.push(
            person(
                &store,
                s.id,
                "Twice",
                &format!("Employed{i:02}"),
                &[a.id, a.id, a.id],
            )
            .await
            .person
            .id,
        );
    }
    let actor = expected[0];
    for scope in [PeopleScope::All, PeopleScope::Organisations(vec![a.id])] {
        for organisation in [None, Some(a.id)] {
            let q = PeopleQuery {
                scope: scope.clone(),
                organisation,
                offset: 10,
                limit: 5,
                ..all(actor)
            };
            let page = store.search_people(s.id, &q).await.unwrap();
            assert_eq!(
                (ids(&page.items), page.total),
                (expected[10..15].to_vec(), 20),
                "{q:?}"
            );
        }
    }
}

/// A scoped reader sees only employments at their organisations (plus all of the reader's own):
/// another organisation's job is neither shown in the list nor can it be probed by filtering.
pub async fn scoped_readers_see_only_their_organisations_employments(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, s.id, "Beta").await;
    let reader = person(&store, s.id, "Rea", "Der", &[b.id, a.id]).await;
    // Shared between A and B; the B job is primary.
    let shared = person_value(s.id, "Sha", "Red");
    let mut b_job = job(shared.id, b.id, "Secret B job", true);
    b_job.profession = "Medicine".into();
    let a_job = job(shared.id, a.id, "Visible A job", false);
    store.create_person(&shared, &[b_job, a_job]).await.unwrap();

    let scoped = PeopleQuery {
        scope: PeopleScope::Organisations(vec![a.id]),
        ..all(reader.person.id)
    };
    let page = store.search_people(s.id, &scoped).await.unwrap();
    assert_eq!(ids(&page.items), vec![reader.person.id, shared.id]);
    // The reader's own primary job is at B and is shown; the other person's is hidden.
    assert_eq!(page.items[0].organisation_id, Some(b.id));
    assert_eq!(page.items[1].organisation_id, Some(a.id));
    assert_eq!(page.items[1].job_title.as_deref(), Some("Visible A job"));
    // Filtering by the hidden organisation or profession finds only the reader's own record.
    let probe_org = PeopleQuery {
        organisation: Some(b.id),
        ..scoped.clone()
    };
    assert_eq!(
        ids(&store.search_people(s.id, &probe_org).await.unwrap().items),
        vec![reader.person.id]
    );
    let probe_prof = PeopleQuery {
        profession: Some("Medicine".into()),
        ..scoped.clone()
    };
    assert_eq!(
        store.search_people(s.id, &probe_prof).await.unwrap().total,
        0
    );
    // Unscoped readers see the primary job and can filter on it.
    let everyone = store
        .search_people(s.id, &all(reader.person.id))
        .await
        .unwrap();
    assert_eq!(everyone.items[1].job_title.as_deref(), Some("Secret B job"));
    let by_prof = PeopleQuery {
        profession: Some("Medicine".into()),
        ..all(reader.person.id)
    };
    assert_eq!(
        ids(&store.search_people(s.id, &by_prof).await.unwrap().items),
        vec![shared.id]
    );
}
