//! The people search's index: any text is text and answers by the definition, and the hot
//! statements are planned through indexes (a later change that brings back a scan of people or
//! employments fails here).

use crate::fixtures::{org, person, person_value, scheme};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use tandem_domain::PersonId;
use tandem_domain::policy::PeopleScope;
use tandem_storage::{
    Backend, COUNT_CAP, MAX_PAGE, PeopleCursor, PeopleQuery, PersonRecord, Store, search_key,
    search_terms,
};

/// Pieces arbitrary search text is made of: operators of FTS5 and SQL, wildcards, quotes, words
/// in several scripts, and any character at all.
const PIECES: [&str; 24] = [
    "\"",
    "*",
    "NEAR",
    "near(",
    "-",
    "OR",
    "AND",
    "NOT",
    "^",
    "'",
    "%",
    "_",
    "\\",
    "'; DROP TABLE people; --",
    ")",
    "(",
    ":",
    "mül",
    "Muller",
    "zoë",
    "Δημ",
    "Ива",
    "李",
    "أحمد",
];

fn arbitrary_text(rng: &mut StdRng) -> String {
    let mut t = String::new();
    for _ in 0..rng.random_range(0..6) {
        match rng.random_range(0..4) {
            0 => t.push_str(PIECES[rng.random_range(0..PIECES.len())]),
            1 => t.push(' '),
            2 => {
                // Any character except NUL (which the use cases refuse before any search).
                if let Some(c) = char::from_u32(rng.random_range(1..0x11_0000)) {
                    t.push(c);
                }
            }
            _ => {
                for _ in 0..rng.random_range(1..5) {
                    t.push(char::from(rng.random_range(b'a'..=b'z')));
                }
            }
        }
    }
    t
}

/// Arbitrary text never errors and finds exactly the people a brute-force filter by the
/// definition (`search_key` contains every one of `search_terms`) finds, on either backend.
pub async fn arbitrary_text_is_text_and_matches_the_definition(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let names = [
        ("Zoë", "Müller"),
        ("Zoe", "Muller"),
        ("Jan", "de Vries"),
        ("Li", "Wei"),
        ("Δημήτρης", "Παπαδόπουλος"),
        ("Иван", "Иванов"),
        ("伟", "李"),
        ("أحمد", "خان"),
        ("Ann", "O'Neil"),
        ("Near", "Or"),
        ("Percy", "Fifty%off_"),
        ("Drop", "Table"),
    ];
    let mut people: Vec<PersonRecord> = Vec::new();
    for (g, f) in names {
        people.push(person(&store, s.id, g, f, &[a.id]).await);
    }
    let actor = people[0].person.id;
    let mut rng = StdRng::seed_from_u64(0x5ea7c4);
    let mut texts: Vec<String> = (0..300).map(|_| arbitrary_text(&mut rng)).collect();
    texts.push("x".repeat(10_000));
    texts.push("ab ".repeat(3_000));
    texts.push("\"\"\"\"\"".into());
    texts.push("muller".into());
    texts.push("Δημ".into());
    for text in texts {
        let q = PeopleQuery {
            text: Some(text.clone()),
            limit: MAX_PAGE,
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        let got = match store.search_people(s.id, &q).await {
            Ok(page) => page,
            Err(e) => panic!("{text:?} failed: {e}"),
        };
        let terms = search_terms(&text);
        let mut expected: Vec<&PersonRecord> = people
            .iter()
            .filter(|r| {
                let key = search_key(&r.person);
                terms.iter().all(|t| key.contains(t.as_str()))
            })
            .collect();
        expected.sort_by_key(|r| {
            (
                tandem_domain::words::family_sort_key(&r.person.family_name),
                r.person.given_name.to_lowercase(),
                r.person.id,
            )
        });
        let expected: Vec<PersonId> = expected.iter().map(|r| r.person.id).collect();
        let got_ids: Vec<PersonId> = got.items.iter().map(|i| i.person.id).collect();
        assert_eq!(got_ids, expected, "{text:?} (terms {terms:?})");
    }
    // "Muller" finds both spellings.
    let found = store
        .search_people(
            s.id,
            &PeopleQuery {
                text: Some("Muller".into()),
                ..PeopleQuery::new(PeopleScope::All, actor)
            },
        )
        .await
        .unwrap();
    assert_eq!(found.items.len(), 2);
    // An erased person's names leave the index with them.
    let vries = people[2].person.id;
    store
        .erase_person(vries, "Erased", chrono::Utc::now())
        .await
        .unwrap();
    let q = PeopleQuery {
        text: Some("vries".into()),
        ..PeopleQuery::new(PeopleScope::All, actor)
    };
    assert_eq!(store.search_people(s.id, &q).await.unwrap().total, 0);
    // A renamed person is found by the new name only.
    let mut li = people[3].clone();
    li.person.family_name = "Wong".into();
    li.person.email = "li.wong@example.org".into();
    store
        .update_person(&li.person, &li.employments)
        .await
        .unwrap();
    for (text, n) in [("wei", 0), ("wong", 1)] {
        let q = PeopleQuery {
            text: Some(text.into()),
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        assert_eq!(
            store.search_people(s.id, &q).await.unwrap().total,
            n,
            "{text}"
        );
    }
}

/// Totals are exact up to the cap and a lower bound beyond it; a cursor naming no one is
/// `NotFound`; a cursor token is opaque and round-trips.
pub async fn totals_are_capped_and_cursors_checked(store: Store) {
    let s = scheme(&store, "S").await;
    let a = org(&store, s.id, "Alpha").await;
    let people: Vec<PersonRecord> = (0..COUNT_CAP + 5)
        .map(|i| {
            let p = person_value(s.id, "Many", &format!("Person{i:05}"));
            PersonRecord {
                employments: vec![crate::fixtures::job(p.id, a.id, "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[0].person.id;
    let q = PeopleQuery::new(PeopleScope::All, actor);
    // Unfiltered, the list's total is the scheme's maintained count: exact at any size.
    let page = store.search_people(s.id, &q).await.unwrap();
    assert_eq!((page.total, page.total_exact), (COUNT_CAP + 5, true));
    // A filter's matches are counted, up to the cap.
    let filtered = store
        .search_people(
            s.id,
            &PeopleQuery {
                organisation: Some(a.id),
                ..q.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!((filtered.total, filtered.total_exact), (COUNT_CAP, false));
    let exact = store
        .search_people(
            s.id,
            &PeopleQuery {
                exact_total: true,
                ..q.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!((exact.total, exact.total_exact), (COUNT_CAP + 5, true));
    let few = store
        .search_people(
            s.id,
            &PeopleQuery {
                text: Some("person0000".into()),
                ..q.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!((few.total, few.total_exact), (10, true));
    // A deep page by cursor: the one after the 1,000th person.
    let deep = PeopleCursor::After(people[999].person.id);
    assert_eq!(PeopleCursor::parse(&deep.token()), Some(deep));
    let page = store
        .search_people(
            s.id,
            &PeopleQuery {
                cursor: Some(deep),
                ..q.clone()
            },
        )
        .await
        .unwrap();
    let got: Vec<PersonId> = page.items.iter().map(|i| i.person.id).collect();
    let want: Vec<PersonId> = people[1000..].iter().map(|r| r.person.id).collect();
    assert_eq!(got, want);
    assert_eq!(page.next, None);
    for bad in ["", "a", "zzzz", "a!!!!", "b00000000000000000000000000"] {
        assert_eq!(PeopleCursor::parse(bad), None, "{bad:?}");
    }
    let nobody = store
        .search_people(
            s.id,
            &PeopleQuery {
                cursor: Some(PeopleCursor::After(PersonId::new())),
                ..q.clone()
            },
        )
        .await;
    assert!(matches!(nobody, Err(tandem_storage::StoreError::NotFound)));
}

/// Whether a plan line reads people or employments whole.
pub(crate) fn is_scan(backend: Backend, line: &str) -> bool {
    match backend {
        // "SCAN p" (or "SCAN p USING [COVERING] INDEX …", which walks the whole index) for any
        // alias of people or employments; "SCAN d" (a materialised driver) and the FTS5
        // virtual table's "SCAN people_search_fts VIRTUAL TABLE INDEX" are searches, not scans.
        Backend::Sqlite => {
            let t = line.trim();
            [
                "p",
                "people",
                "e",
                "e2",
                "se",
                "fe",
                "employments",
                "ps",
                "people_search",
            ]
            .iter()
            .any(|alias| t == format!("SCAN {alias}") || t.starts_with(&format!("SCAN {alias} ")))
        }
        Backend::Postgres => {
            line.contains("Seq Scan on people") || line.contains("Seq Scan on employments")
        }
    }
}

/// Whether a plan line asks SQLite's text index for one rowid: the whole MATCH then runs again
/// for every row of whatever the query started from (FTS5's plan string holds `=` for a rowid
/// constraint, `M` for the MATCH). PostgreSQL's trigram index has no such plan.
fn fts_per_row(backend: Backend, line: &str) -> bool {
    backend == Backend::Sqlite
        && line.contains("people_search_fts VIRTUAL TABLE INDEX")
        && line
            .rsplit_once(':')
            .is_some_and(|(_, idx)| idx.contains('='))
}

/// PostgreSQL's whole-index walks: an index scan of people or employments with no `Index Cond`
/// and no `Limit` above it (it reads every entry, as a sequential scan reads every row).
fn pg_full_index_scans(plan: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        let reads = line.contains("Index Scan using") || line.contains("Index Only Scan using");
        let table = line.contains(" on people ") || line.contains(" on employments ");
        if !(reads && table) {
            continue;
        }
        let depth = line.len() - line.trim_start().len();
        let has_cond = plan[i + 1..]
            .iter()
            .take_while(|l| l.len() - l.trim_start().len() > depth && !l.contains("->"))
            .any(|l| l.contains("Index Cond"));
        // Under a Limit the walk stops after the rows the limit takes (the bounded count).
        let mut level = depth;
        let mut bounded = false;
        for above in plan[..i].iter().rev() {
            let d = above.len() - above.trim_start().len();
            if d < level {
                level = d;
                bounded |= above
                    .trim_start()
                    .trim_start_matches("->")
                    .trim_start()
                    .starts_with("Limit");
            }
        }
        if !has_cond && !bounded {
            found.push(line.clone());
        }
    }
    found
}

/// The hot statements (first page, page by cursor, search, organisation-scoped list, and each
/// one's bounded count) are planned through indexes on both backends.
pub async fn hot_queries_use_indexes(store: Store) {
    let s = scheme(&store, "S").await;
    let mut orgs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma", "Delta"] {
        orgs.push(org(&store, s.id, name).await);
    }
    // Enough people that PostgreSQL's planner, with statistics, prefers an index to reading a
    // table whole even where it may.
    let people: Vec<PersonRecord> = (0..3000)
        .map(|i| {
            let p = person_value(s.id, ["Ann", "Li", "Zoë"][i % 3], &format!("Smith{i:04}"));
            PersonRecord {
                employments: vec![crate::fixtures::job(p.id, orgs[i % 4].id, "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[0].person.id;
    let all = PeopleQuery::new(PeopleScope::All, actor);
    let scoped = PeopleQuery::new(PeopleScope::Organisations(vec![orgs[1].id]), actor);
    let after = Some(PeopleCursor::After(people[200].person.id));
    let queries = [
        ("first page", all.clone()),
        (
            "page by cursor",
            PeopleQuery {
                cursor: after,
                ..all.clone()
            },
        ),
        (
            "previous page by cursor",
            PeopleQuery {
                cursor: Some(PeopleCursor::Before(people[200].person.id)),
                ..all.clone()
            },
        ),
        (
            "search",
            PeopleQuery {
                text: Some("mith123".into()),
                ..all.clone()
            },
        ),
        (
            "search, two characters",
            PeopleQuery {
                text: Some("li".into()),
                ..all.clone()
            },
        ),
        ("organisation-scoped list", scoped.clone()),
        (
            "organisation-scoped page by cursor",
            PeopleQuery {
                cursor: after,
                ..scoped.clone()
            },
        ),
        (
            "organisation-scoped search",
            PeopleQuery {
                text: Some("smith".into()),
                ..scoped.clone()
            },
        ),
        (
            "organisation filter",
            PeopleQuery {
                organisation: Some(orgs[2].id),
                ..all.clone()
            },
        ),
        // Issue #18's regression: with scope, filter and text together SQLite started from the
        // scope and ran the text index's MATCH once per person in it (12 × slower). Not named
        // "search…": either index may start these (PostgreSQL starts from the employments).
        (
            "organisation scope + organisation filter + text",
            PeopleQuery {
                organisation: Some(orgs[1].id),
                text: Some("smith".into()),
                ..scoped.clone()
            },
        ),
        (
            "organisation filter + text",
            PeopleQuery {
                organisation: Some(orgs[2].id),
                text: Some("mith12".into()),
                ..all.clone()
            },
        ),
    ];
    let backend = store.backend();
    for (what, q) in queries {
        let plan = store.explain_people_search(s.id, &q).await.unwrap();
        if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
            println!("{what} on {backend:?}:\n{}", plan.join("\n"));
        }
        assert!(
            !plan.iter().any(|l| is_scan(backend, l)),
            "{what} reads a table whole on {backend:?}:\n{}",
            plan.join("\n")
        );
        if backend == Backend::Postgres {
            let walks = pg_full_index_scans(&plan);
            assert!(
                walks.is_empty(),
                "{what} walks a whole index: {walks:?}\n{}",
                plan.join("\n")
            );
        }
        assert!(
            !plan.iter().any(|l| fts_per_row(backend, l)),
            "{what} asks the text index once per row on {backend:?}:\n{}",
            plan.join("\n")
        );
        if what.starts_with("search") {
            let index = match backend {
                Backend::Sqlite => "people_search_fts",
                Backend::Postgres => "people_search_trgm",
            };
            assert!(
                plan.iter().any(|l| l.contains(index)),
                "{what} does not use {index} on {backend:?}:\n{}",
                plan.join("\n")
            );
        }
        // The plan is of statements that run and answer.
        store.search_people(s.id, &q).await.unwrap();
    }
    // The checks themselves can fail: a scan, and a MATCH per row, are recognised.
    assert!(fts_per_row(
        Backend::Sqlite,
        "SCAN people_search_fts VIRTUAL TABLE INDEX 0:=M1"
    ));
    assert!(!fts_per_row(
        Backend::Sqlite,
        "SCAN people_search_fts VIRTUAL TABLE INDEX 0:M1"
    ));
    assert!(is_scan(Backend::Sqlite, "SCAN p"));
    assert!(is_scan(
        Backend::Sqlite,
        "SCAN p USING INDEX people_scheme_name"
    ));
    assert!(!is_scan(
        Backend::Sqlite,
        "SEARCH p USING INDEX people_scheme_name (scheme_id=?)"
    ));
    assert!(is_scan(
        Backend::Postgres,
        "  ->  Seq Scan on people p  (cost=0.00..1.00)"
    ));
    let walk = |cond: &str| {
        pg_full_index_scans(&[
            "  ->  Index Scan using people_pkey on people p  (cost=0.27..45.27 rows=12 width=37)"
                .into(),
            format!("        {cond}"),
            "  ->  Index Scan using registrations_pkey on registrations rg".into(),
        ])
        .len()
    };
    assert_eq!(
        (
            walk("Filter: (erased_at IS NULL)"),
            walk("Index Cond: (id = $1)")
        ),
        (1, 0)
    );
    let limited = pg_full_index_scans(&[
        "  ->  Limit  (cost=0.41..92.20 rows=1001 width=4)".into(),
        "        ->  Index Scan using people_pkey on people p  (cost=0.28..259.78 rows=3000 width=37)"
            .into(),
    ]);
    assert!(limited.is_empty());
}

/// Without the trigram index (as when `pg_trgm` could not be installed) the store says which
/// extension is missing, so `tandem serve` can warn at start; a migrate puts the index back. The
/// index is dropped through a connection of the test's own, as an operator's database would lack
/// it. SQLite needs no extension.
pub async fn missing_search_extension_is_reported(db: tandem_test_support::Database) {
    use sqlx::Connection;
    assert_eq!(db.store.missing_search_extension().await.unwrap(), None);
    if db.store.backend() == tandem_storage::Backend::Sqlite {
        return;
    }
    let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("DROP INDEX people_search_trgm")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    assert_eq!(
        db.store.missing_search_extension().await.unwrap(),
        Some("pg_trgm")
    );
    db.store.migrate().await.unwrap();
    assert_eq!(db.store.missing_search_extension().await.unwrap(), None);
}
