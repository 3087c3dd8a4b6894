//! Issue #18's search from a words index (migration 0045, `people_words`): a one-term search
//! pages in name order from seeks of `people_search_words`, one per vocabulary word containing
//! the term, and must answer exactly as the text index does; the words and the vocabulary follow
//! every write, on both backends; the page's plan seeks the words index and sorts no match.

use crate::fixtures::{job, org, person_value, scheme};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Connection;
use tandem_domain::PersonId;
use tandem_domain::policy::PeopleScope;
use tandem_storage::{Backend, PeopleCursor, PeopleQuery, PersonRecord, Store};
use tandem_test_support::Database;

const FAMILIES: &[&str] = &[
    "Jansen",
    "de Jansen",
    "Janssen",
    "Müller",
    "Mueller",
    "van Dijk",
    "O'Brien",
    "Øster",
    "Zoë-Li",
    "de Vries",
];
const GIVENS: &[&str] = &["Jan", "Anna", "Li", "Bram", "Zoë", "José", "Jan-Willem"];

/// Runs `sql` with text arguments on the test's own connection to `db` (either backend).
async fn exec(db: &Database, sql: &str, args: &[&str]) {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    match db.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            let mut q = sqlx::query(sql);
            for a in args {
                q = q.bind(a.to_string());
            }
            q.execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let mut q = sqlx::query(sql);
            for a in args {
                q = q.bind(a.to_string());
            }
            q.execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
    }
}

/// One `BIGINT` read with the test's own connection to `db`.
async fn scalar(db: &Database, sql: &str) -> i64 {
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    match db.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap();
            c.close().await.unwrap();
            n
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let n = sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap();
            c.close().await.unwrap();
            n
        }
    }
}

/// How far the words index is from what `people` and `registrations` say: people whose
/// `search_words` differ from their key's words, word rows missing or extra (against the words
/// of every person the list shows, by the list's own rule written out here), and vocabulary
/// words missing or extra (against the rows' distinct words). On SQLite the vocabulary's FTS5
/// index is also checked against its table (`integrity-check` fails the statement).
pub(crate) async fn stale_words(db: &Database) -> i64 {
    let keys: Vec<(Option<String>, Option<String>)> = match db.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            let rows = sqlx::query_as("SELECT search_key, search_words FROM people")
                .fetch_all(&mut c)
                .await
                .unwrap();
            c.close().await.unwrap();
            rows
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            let rows = sqlx::query_as("SELECT search_key, search_words FROM people")
                .fetch_all(&mut c)
                .await
                .unwrap();
            c.close().await.unwrap();
            rows
        }
    };
    let mut stale = keys
        .iter()
        .filter(|(key, words)| {
            let want =
                serde_json::to_string(&tandem_storage::key_words(key.as_deref().unwrap_or("")))
                    .unwrap();
            words.as_deref() != Some(want.as_str())
        })
        .count();
    let words_of = match db.backend() {
        Backend::Sqlite => "json_each(p.search_words) j",
        Backend::Postgres => {
            "LATERAL json_array_elements_text(CAST(p.search_words AS json)) AS j(value)"
        }
    };
    let expected = format!(
        "SELECT p.scheme_id, j.value, p.family_key, p.given_key, p.id FROM people p CROSS JOIN \
         {words_of} WHERE p.erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM registrations rg \
         WHERE rg.person_id = p.id AND (rg.email_confirmed_at IS NULL \
         OR rg.employment = 'not_employed'))"
    );
    let held = "SELECT scheme_id, word, family_key, given_key, person_id FROM people_search_words";
    let used = "SELECT DISTINCT scheme_id, word FROM people_search_words";
    let vocab = "SELECT scheme_id, word FROM people_search_vocab";
    let n = scalar(
        db,
        &format!(
            "SELECT CAST((SELECT COUNT(*) FROM ({expected} EXCEPT {held}) a) \
             + (SELECT COUNT(*) FROM ({held} EXCEPT {expected}) b) \
             + (SELECT COUNT(*) FROM ({used} EXCEPT {vocab}) c) \
             + (SELECT COUNT(*) FROM ({vocab} EXCEPT {used}) d) AS BIGINT)"
        ),
    )
    .await;
    if db.backend() == Backend::Sqlite {
        exec(
            db,
            "INSERT INTO people_search_vocab_fts (people_search_vocab_fts) VALUES ('integrity-check')",
            &[],
        )
        .await;
    }
    stale += usize::try_from(n).unwrap();
    i64::try_from(stale).unwrap()
}

/// Every page of `base` by cursor, with the first page's total: through the words index's seeks
/// of `words`, or (`None`) the text index as before.
async fn all_pages(
    store: &Store,
    s: tandem_domain::SchemeId,
    base: &PeopleQuery,
    words: Option<&[String]>,
) -> (Vec<PersonId>, (u64, bool)) {
    let page_of = async |q: &PeopleQuery| match words {
        Some(w) => store.search_people_by_words(s, q, w).await.unwrap(),
        None => store.search_people_walking(s, q, false).await.unwrap(),
    };
    let mut q = base.clone();
    let first = page_of(&q).await;
    let total = (first.total, first.total_exact);
    let mut ids = Vec::new();
    let mut page = first;
    loop {
        ids.extend(page.items.iter().map(|x| x.person.id));
        if page.next.is_none() {
            break;
        }
        q.cursor = Some(PeopleCursor::After(*ids.last().unwrap()));
        page = page_of(&q).await;
    }
    (ids, total)
}

/// A search text drawn from someone's key: a whole word, a piece of it at least three
/// characters long, a word's start, an e-mail part, or the key's words joined by punctuation.
fn drawn_text(rng: &mut StdRng, key: &str) -> String {
    let words: Vec<&str> = key.split_whitespace().collect();
    let word = words[rng.random_range(0..words.len())];
    let chars: Vec<char> = word.chars().collect();
    let pieces = tandem_storage::key_words(key);
    match rng.random_range(0..5) {
        0 => word.to_string(),
        1 if chars.len() >= 3 => {
            let len = rng.random_range(3..=chars.len());
            let start = rng.random_range(0..=chars.len() - len);
            chars[start..start + len].iter().collect()
        }
        2 => chars
            .iter()
            .take(rng.random_range(2..=chars.len().max(2)))
            .collect(),
        3 if !pieces.is_empty() => pieces[rng.random_range(0..pieces.len())].to_uppercase(),
        _ => pieces.join(["-", ".", "@", " "][rng.random_range(0..4)]),
    }
}

/// After random renames (edit and import), moves between organisations, erasures, people of a
/// second scheme and self-registrations in every state, the words index and vocabulary equal
/// what `people` and `registrations` say; every search text drawn from the names (and the fixed
/// ones) that the words index can answer answers through it exactly as through the text index
/// (people, order, totals capped and exact, cursors both ways, old page links), in every scope
/// and with a filter.
pub async fn words_answer_as_the_text_index(db: Database) {
    let store = &db.store;
    let s = scheme(store, "S").await;
    let other = scheme(store, "Other").await;
    let a = org(store, s.id, "Alpha").await;
    let b = org(store, s.id, "Beta").await;
    let x = org(store, other.id, "Xeno").await;
    let mut rng = StdRng::seed_from_u64(4518);
    let email = |i: usize, g: &str| {
        let local: String = g.chars().filter(char::is_ascii_alphabetic).collect();
        format!("{local}.p{i}+x@trust-{}.nhs.example", i % 3)
    };
    let mut people: Vec<PersonRecord> = (0..150)
        .map(|i| {
            let given = GIVENS[i % GIVENS.len()];
            let mut p = person_value(s.id, given, FAMILIES[i % FAMILIES.len()]);
            p.email = email(i, given);
            PersonRecord {
                employments: vec![job(p.id, [a.id, b.id][i % 2], "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let strangers: Vec<PersonRecord> = (0..20)
        .map(|i| {
            let mut p = person_value(other.id, "Jan", FAMILIES[i % FAMILIES.len()]);
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
    let mut answered_by_words = 0;
    for round in 0..4 {
        let mut changed = Vec::new();
        for _ in 0..12 {
            let i = rng.random_range(0..people.len());
            let r = &mut people[i];
            if erased.contains(&r.person.id) {
                continue;
            }
            let given = GIVENS[rng.random_range(0..GIVENS.len())];
            r.person.family_name = FAMILIES[rng.random_range(0..FAMILIES.len())].into();
            r.person.given_name = given.into();
            if rng.random_bool(0.5) {
                r.person.email = email(i, given);
            }
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
        {
            let mut registered = Vec::new();
            for _ in 0..6 {
                let r = &people[rng.random_range(1..people.len())];
                if erased.contains(&r.person.id) || registered.contains(&r.person.id) {
                    continue;
                }
                registered.push(r.person.id);
                let id = r.person.id.to_string();
                exec(
                    &db,
                    "INSERT INTO registrations (person_id, scheme_id, organisation_id, \
                     registered_at, expires_at, email_confirmed_at, employment) \
                     VALUES ($1, $2, $3, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', NULL, 'pending') \
                     ON CONFLICT DO NOTHING",
                    &[&id, &s.id.to_string(), &a.id.to_string()],
                )
                .await;
                let confirm = "UPDATE registrations SET email_confirmed_at = '2026-01-01T01:00:00Z' \
                               WHERE person_id = $1";
                match rng.random_range(0..5) {
                    0 => {}
                    1 => exec(&db, confirm, &[&id]).await,
                    2 => {
                        exec(
                            &db,
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
                        exec(&db, confirm, &[&id]).await;
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
        }
        assert_eq!(stale_words(&db).await, 0, "round {round}");
        // Each employment holds its person's name keys (migration 0042) through every edit,
        // import and erasure: the organisation coordinator's list is ordered by them.
        let keys_apart = scalar(
            &db,
            "SELECT COUNT(*) FROM employments e JOIN people p ON p.id = e.person_id \
             WHERE e.family_key <> p.family_key OR e.given_key <> p.given_key",
        )
        .await;
        assert_eq!(keys_apart, 0, "round {round}");

        let mut texts: Vec<String> = [
            "jansen", "JAN", "muller", "nhs", "example", "trust", "zzz", "de vries", "o'brien",
            "li", "zoe-li", "oster", "12", "p1", "willem",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for _ in 0..25 {
            let r = &people[rng.random_range(0..people.len())];
            let key = tandem_storage::search_key(&r.person);
            texts.push(drawn_text(&mut rng, &key));
        }
        let actor = people[round].person.id;
        let scopes = [
            PeopleScope::All,
            PeopleScope::OnlySelf,
            PeopleScope::Organisations(vec![a.id]),
            PeopleScope::Organisations(vec![a.id, b.id]),
        ];
        for text in &texts {
            for (k, scope) in scopes.iter().enumerate() {
                let (limit, organisation, exact) =
                    [(7, None, false), (5, Some(b.id), false), (500, None, true)][k % 3];
                let base = PeopleQuery {
                    text: Some(text.clone()),
                    limit,
                    organisation,
                    exact_total: exact,
                    ..PeopleQuery::new(scope.clone(), actor)
                };
                let words = store.people_term_words(s.id, &base).await.unwrap();
                let Some(words) = words else {
                    // Not the words index's to answer: `search_people` takes the old path.
                    continue;
                };
                answered_by_words += 1;
                let by_index = all_pages(store, s.id, &base, None).await;
                let by_words = all_pages(store, s.id, &base, Some(&words)).await;
                assert_eq!(by_words, by_index, "round {round}: {text:?} in {scope:?}");
                let public = store.search_people(s.id, &base).await.unwrap();
                let first: Vec<PersonId> = public.items.iter().map(|p| p.person.id).collect();
                assert_eq!(
                    first,
                    by_index
                        .0
                        .iter()
                        .take(limit as usize)
                        .copied()
                        .collect::<Vec<_>>()
                );
                let ids = by_index.0;
                if ids.len() > 3 {
                    for q in [
                        // Backwards from the last, and an old page link.
                        PeopleQuery {
                            cursor: Some(PeopleCursor::Before(*ids.last().unwrap())),
                            limit: 3,
                            ..base.clone()
                        },
                        PeopleQuery {
                            offset: 2,
                            limit: 3,
                            ..base.clone()
                        },
                    ] {
                        let old = store.search_people_walking(s.id, &q, false).await.unwrap();
                        let new = store
                            .search_people_by_words(s.id, &q, &words)
                            .await
                            .unwrap();
                        let ids = |p: &tandem_storage::Page<tandem_storage::PersonSummary>| {
                            p.items.iter().map(|x| x.person.id).collect::<Vec<_>>()
                        };
                        assert_eq!(ids(&new), ids(&old), "{text:?} in {scope:?}");
                        assert_eq!(
                            (new.next, new.previous, new.total, new.total_exact),
                            (old.next, old.previous, old.total, old.total_exact)
                        );
                    }
                }
            }
        }
    }
    assert!(
        answered_by_words >= 40,
        "only {answered_by_words} searches took the words index"
    );
}

/// Which of SQLite's plan lines read a table or index by name.
fn uses(plan: &[String], name: &str) -> bool {
    plan.iter().any(|l| l.contains(name))
}

/// The words path's plan: the count and the page seek the words index by its key, each seek
/// under its own `LIMIT`; they read neither the text index nor people beyond the page, and the
/// only sorts are of the merged page (`m`) and the page itself; on SQLite the vocabulary is
/// found through its trigram index. At 1,000 people "jansen" is one vocabulary word; "jan"
/// selects "jan", "jansen", "janssen".
pub async fn words_path_seeks_and_sorts_nothing(db: Database) {
    let store = &db.store;
    let backend = db.backend();
    let s = scheme(store, "S").await;
    let a = org(store, s.id, "Alpha").await;
    let people: Vec<PersonRecord> = (0..1000)
        .map(|i| {
            let mut p = person_value(
                s.id,
                GIVENS[i % GIVENS.len()],
                FAMILIES[(i / 7) % FAMILIES.len()],
            );
            p.email = format!("p{i}@nhs.example");
            PersonRecord {
                employments: vec![job(p.id, a.id, "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let actor = people[0].person.id;
    for (text, n) in [("jansen", 1), ("jan", 3), ("JANSSEN", 1)] {
        for scope in [PeopleScope::All, PeopleScope::Organisations(vec![a.id])] {
            let q = PeopleQuery {
                text: Some(text.into()),
                limit: 20,
                ..PeopleQuery::new(scope.clone(), actor)
            };
            let words = store.people_term_words(s.id, &q).await.unwrap();
            assert_eq!(words.as_ref().map(Vec::len), Some(n), "{text:?}");
            let plan = store.explain_people_search(s.id, &q).await.unwrap();
            let shown = plan.join("\n");
            assert!(!uses(&plan, "people_search_fts"), "{text:?}:\n{shown}");
            assert!(!uses(&plan, "people_search_trgm"), "{text:?}:\n{shown}");
            match backend {
                Backend::Sqlite => {
                    assert!(
                        uses(&plan, "SEARCH w USING PRIMARY KEY (scheme_id=? AND word=?"),
                        "{text:?} does not seek the words index:\n{shown}"
                    );
                    assert!(
                        !plan
                            .iter()
                            .any(|l| l.contains("SCAN people") || l.trim() == "SCAN w"),
                        "{text:?} scans people or the words:\n{shown}"
                    );
                    // No sort of the matches: a temporary B-tree whose loop (the nearest table
                    // line above it) is the words' seek. The merged page (`m`) and the page's own
                    // rows (`d`, `page`) may be sorted.
                    for (i, l) in plan.iter().enumerate() {
                        if l.contains("USE TEMP B-TREE") {
                            let above = plan[..i]
                                .iter()
                                .rev()
                                .find(|l| l.contains("SCAN ") || l.contains("SEARCH "));
                            assert!(
                                !above.is_some_and(|a| a.contains("SEARCH w ")),
                                "{text:?} sorts its matches:\n{shown}"
                            );
                        }
                    }
                }
                Backend::Postgres => {
                    // Each read of the words is a scan of its key directly under a `Limit`
                    // (the seek stops after the page's rows, or the count's cap; the count may
                    // read its few rows through a bitmap of the key): no sequential scan, no
                    // sort of a word's whole range.
                    let reads: Vec<usize> = plan
                        .iter()
                        .enumerate()
                        .filter(|(_, l)| {
                            l.contains("people_search_words") && !l.contains("Bitmap Index Scan")
                        })
                        .map(|(i, _)| i)
                        .collect();
                    assert_eq!(reads.len(), 2 * n, "{text:?}:\n{shown}");
                    for i in reads {
                        let by_key = if plan[i].contains("Bitmap Heap Scan") {
                            // Its bitmap: a line of its subtree (indented deeper).
                            let depth = |l: &str| l.len() - l.trim_start().len();
                            plan[i + 1..]
                                .iter()
                                .take_while(|l| depth(l) > depth(&plan[i]))
                                .any(|l| l.contains("Bitmap Index Scan on people_search_words_key"))
                        } else {
                            plan[i].contains("Scan using people_search_words_key")
                        };
                        assert!(by_key, "{text:?} reads the words otherwise:\n{shown}");
                        let above = plan[i - 1].trim_start().trim_start_matches("->");
                        assert!(
                            above.trim_start().starts_with("Limit"),
                            "{text:?} reads a word's range without a limit:\n{shown}"
                        );
                    }
                }
            }
        }
    }
    // Terms the words index does not answer: several words, a word start, punctuation, none.
    for text in [
        "de vries",
        "ja",
        "p1@nhs",
        "zzz",
        "\"*\" NEAR OR -",
        "'; DROP TABLE people; --",
    ] {
        let q = PeopleQuery {
            text: Some(text.into()),
            limit: 20,
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        assert_eq!(
            store.people_term_words(s.id, &q).await.unwrap(),
            None,
            "{text:?}"
        );
        store.search_people(s.id, &q).await.unwrap();
    }
    // Bad input made of letters is text too: a very long word, SQL and FTS keywords.
    for text in [
        "a".repeat(5000),
        "NEAR".into(),
        "select".into(),
        "x".repeat(3),
    ] {
        let q = PeopleQuery {
            text: Some(text.clone()),
            limit: 20,
            ..PeopleQuery::new(PeopleScope::All, actor)
        };
        let page = store.search_people(s.id, &q).await.unwrap();
        assert!(page.items.is_empty(), "{}", &text[..10.min(text.len())]);
    }
}
