//! Times the people search on 10,000 people (`TANDEM_BENCH_PEOPLE` sets another number) in a
//! SQLite file (or on PostgreSQL when `TANDEM_BENCH_POSTGRES_URL` names a fresh, empty
//! database).
//!
//! `cargo bench -p tandem-storage --bench people_search` (release build), or add
//! `--profile dev` for a quick indicative run. Prints medians; asserts nothing. "matches" is the
//! page's total: exact up to `COUNT_CAP`, else the cap. `TANDEM_SHOW_PLANS=1` also prints the
//! plan of the combined case (organisation scope + filter + text).

use std::time::Instant;
use tandem_domain::policy::PeopleScope;
use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, Scheme, SchemeId,
};
use tandem_storage::{PeopleCursor, PeopleQuery, PersonRecord, Store};

/// How many people, unless `TANDEM_BENCH_PEOPLE` says otherwise.
fn people_count() -> usize {
    std::env::var("TANDEM_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}
const RUNS: usize = 41;

const GIVEN: [&str; 12] = [
    "Amira", "Ben", "Chloe", "Daan", "Emma", "Femke", "George", "Hannah", "Isaac", "Jasmijn",
    "Kofi", "Lotte",
];
const FAMILY: [&str; 12] = [
    "Smith", "Jones", "de Vries", "Patel", "Bakker", "Williams", "Khan", "Jansen", "Brown",
    "Visser", "Taylor", "Özdemir",
];

fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

/// CPU time used so far by all threads of this process (Linux `schedstat`), in nanoseconds.
/// On a shared, busy machine wall time mostly measures waiting for a core; CPU time does not.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

async fn time<F, Fut>(label: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = u64>,
{
    let mut wall = Vec::with_capacity(RUNS);
    let mut cpu = Vec::with_capacity(RUNS);
    let mut total = 0;
    for _ in 0..RUNS {
        let (t, c) = (Instant::now(), cpu_ns());
        total = f().await;
        wall.push(t.elapsed());
        cpu.push(cpu_ns().saturating_sub(c));
    }
    println!(
        "{label:<42} median wall {:>8.2} ms, cpu {:>8.2} ms  (matches {total})",
        median(wall).as_secs_f64() * 1000.0,
        median(cpu) as f64 / 1e6
    );
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("TANDEM_BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| format!("sqlite:{}", dir.path().join("bench.db").display()));
    let store = Store::connect(&url).await.expect("connect");
    store.migrate().await.expect("migrate");
    println!("backend: {:?}", store.backend());

    let scheme = Scheme {
        id: SchemeId::new(),
        name: "Bench".into(),
        description: String::new(),
    };
    store.create_scheme(&scheme).await.unwrap();
    let orgs: Vec<Organisation> = (0..8)
        .map(|i| Organisation {
            id: OrganisationId::new(),
            scheme_id: scheme.id,
            name: format!("Organisation {i}"),
            kind: OrganisationKind::NhsTrust,
            country: Country::UnitedKingdom,
        })
        .collect();
    for o in &orgs {
        store.create_organisation(o).await.unwrap();
    }
    let count = people_count();
    let people: Vec<PersonRecord> = (0..count)
        .map(|i| {
            let p = Person {
                id: PersonId::new(),
                scheme_id: scheme.id,
                given_name: GIVEN[i % GIVEN.len()].into(),
                family_name: format!("{}{}", FAMILY[(i / 7) % FAMILY.len()], i % 100),
                email: format!("person{i}@example.org"),
                language: Language::EnGb,
            };
            let mut employments = vec![Employment {
                id: EmploymentId::new(),
                person_id: p.id,
                organisation_id: orgs[i % orgs.len()].id,
                job_title: "Ward manager".into(),
                profession: "Nursing".into(),
                grade_system: GradeSystem::AgendaForChange,
                grade: "7".into(),
                line_manager_id: None,
                primary: true,
            }];
            if i % 10 == 0 {
                employments.push(Employment {
                    id: EmploymentId::new(),
                    organisation_id: orgs[(i + 1) % orgs.len()].id,
                    primary: false,
                    ..employments[0].clone()
                });
            }
            PersonRecord {
                person: p,
                employments,
            }
        })
        .collect();
    let (t, c) = (Instant::now(), cpu_ns());
    store.apply_people_import(&people, &[]).await.unwrap();
    let cpu = cpu_ns().saturating_sub(c) as f64 / 1e6;
    println!(
        "{:<42}        wall {:>8.2} ms, cpu {cpu:>8.2} ms",
        format!("import {count} people (one transaction)"),
        t.elapsed().as_secs_f64() * 1000.0
    );

    let actor = people[0].person.id;
    let s = scheme.id;
    let q_all = PeopleQuery::new(PeopleScope::All, actor);
    time("first page of 50, scope All", || async {
        store.search_people(s, &q_all).await.unwrap().total
    })
    .await;
    let q_deep = PeopleQuery {
        offset: 9_000,
        ..q_all.clone()
    };
    time("page at offset 9,000, scope All", || async {
        store.search_people(s, &q_deep).await.unwrap().total
    })
    .await;
    // The page after the person 90% of the way down the list: what "Next" costs deep in it.
    let mut ordered: Vec<&PersonRecord> = people.iter().collect();
    ordered.sort_by_key(|r| {
        (
            r.person.family_name.to_lowercase(),
            r.person.given_name.to_lowercase(),
            r.person.id,
        )
    });
    let deep = ordered[count * 9 / 10].person.id;
    let q_cursor = PeopleQuery {
        cursor: Some(PeopleCursor::After(deep)),
        ..q_all.clone()
    };
    time("page by cursor at 90%, scope All", || async {
        store.search_people(s, &q_cursor).await.unwrap().total
    })
    .await;
    let q_two = PeopleQuery {
        text: Some("de".into()),
        ..q_all.clone()
    };
    time("text search \"de\" (two letters), scope All", || async {
        store.search_people(s, &q_two).await.unwrap().total
    })
    .await;
    let q_org = PeopleQuery::new(PeopleScope::Organisations(vec![orgs[3].id]), actor);
    time("first page, one organisation's scope", || async {
        store.search_people(s, &q_org).await.unwrap().total
    })
    .await;
    let q_text = PeopleQuery {
        text: Some("vries".into()),
        ..q_all.clone()
    };
    time("text search \"vries\", scope All", || async {
        store.search_people(s, &q_text).await.unwrap().total
    })
    .await;
    let q_filter = PeopleQuery {
        organisation: Some(orgs[2].id),
        text: Some("smith".into()),
        ..q_org.clone()
    };
    if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
        let plan = store.explain_people_search(s, &q_filter).await.unwrap();
        println!(
            "plan of org scope + org filter + text:\n{}",
            plan.join("\n")
        );
    }
    time("org scope + org filter + text", || async {
        store.search_people(s, &q_filter).await.unwrap().total
    })
    .await;
    time("all_people (export / import matching)", || async {
        store.all_people(s).await.unwrap().len() as u64
    })
    .await;
    store.close().await;
}
