//! Lists that cost one page: an intake's applications and the mentors' list, paged by cursor,
//! give exactly the whole list (checked against the unpaged statements), forwards and backwards,
//! for every scope; totals stop at the cap; and the statements are planned through indexes (a
//! later change that brings back a scan of a big table fails here).

use crate::fixtures::{at, job, org, person_value, scheme};
use chrono::NaiveDate;
use tandem_domain::mentor::MentorOverview;
use tandem_domain::{
    Answers, Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus,
    Intake, IntakeId, IntakePlace, MatchingProfile, MentorStanding, MentorStatus, Mode,
    OrganisationId, PersonId, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, SchemeId,
};
use tandem_storage::list_pages::{ApplicationsQuery, Cursor, MentorsQuery};
use tandem_storage::{Backend, COUNT_CAP, Page, PersonRecord, Store, StoreError};

async fn intake(store: &Store, scheme: SchemeId, orgs: &[OrganisationId]) -> IntakeId {
    let programme = Programme {
        id: ProgrammeId::new(),
        scheme_id: scheme,
        name: format!("Mentoring {}", ProgrammeId::new()),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules {
            modes: vec![Mode::Video],
            ..ProgrammeRules::default()
        },
    };
    store.create_programme(&programme).await.unwrap();
    let intake = Intake {
        id: IntakeId::new(),
        programme_id: programme.id,
        name: "Spring".into(),
        opens_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        closes_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        places: orgs
            .iter()
            .map(|o| IntakePlace {
                organisation_id: *o,
                places: 5,
            })
            .collect(),
    };
    store.create_intake(&intake).await.unwrap();
    intake.id
}

async fn apply(
    store: &Store,
    intake: IntakeId,
    person: PersonId,
    org: OrganisationId,
    role: ApplicationRole,
    status: ApplicationStatus,
    minute: u32,
) -> Application {
    let submitted = at(2026, 1, 5, 9 + minute / 60, minute % 60);
    let a = Application {
        id: ApplicationId::new(),
        intake_id: intake,
        person_id: person,
        role,
        organisation_id: org,
        status,
        profile: MatchingProfile::default(),
        answers: Answers::new(),
        line_manager_id: None,
        submitted_at: submitted,
        updated_at: submitted,
        version: 1,
    };
    let e = ApplicationEvent {
        application_id: a.id,
        at: submitted,
        actor_id: None,
        status,
        note: String::new(),
    };
    store.create_application(&a, &e).await.unwrap();
    a
}

/// `n` people of the scheme, person `i` employed by `orgs[i % orgs.len()]`, with family names
/// that repeat (so the list's ties are broken by given name and id).
async fn staff(
    store: &Store,
    scheme: SchemeId,
    orgs: &[OrganisationId],
    n: usize,
) -> Vec<PersonRecord> {
    let people: Vec<PersonRecord> = (0..n)
        .map(|i| {
            let mut p = person_value(
                scheme,
                ["Ann", "li", "Zoë"][i % 3],
                &format!("Smith{}", i % 7),
            );
            p.email = format!("p{i}.{}@example.org", p.id);
            PersonRecord {
                employments: vec![job(p.id, orgs[i % orgs.len()], "Nurse", true)],
                person: p,
            }
        })
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    people
}

/// Every page of a list, forwards from the first page and then backwards from the last, with
/// the pages' items in list order both times.
async fn walk<T: Clone, F, Fut>(mut read: F) -> (Vec<T>, Vec<T>, Page<T>)
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Page<T>>,
{
    let first = read(None).await;
    assert_eq!(first.previous, None, "the first page has no previous page");
    let mut forwards = first.items.clone();
    let mut page = first.clone();
    let mut last = first.clone();
    for _ in 0..1000 {
        let Some(next) = page.next.clone() else { break };
        page = read(Some(next)).await;
        assert!(!page.items.is_empty(), "a next link leads to rows");
        forwards.extend(page.items.clone());
        last = page.clone();
    }
    let mut backwards: Vec<Vec<T>> = vec![last.items.clone()];
    let mut page = last;
    for _ in 0..1000 {
        let Some(previous) = page.previous.clone() else {
            break;
        };
        page = read(Some(previous)).await;
        backwards.push(page.items.clone());
    }
    backwards.reverse();
    (forwards, backwards.concat(), first)
}

/// Paging through an intake's applications by cursor gives exactly the unpaged list (oldest
/// first, ties by id) for every scope and status filter, forwards and backwards; a cursor from
/// elsewhere is `NotFound`; a page past the end is empty and links back.
pub async fn application_pages_match_the_whole_list(store: Store) {
    let s = scheme(&store, "S").await;
    let mut orgs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma"] {
        orgs.push(org(&store, s.id, name).await.id);
    }
    let people = staff(&store, s.id, &orgs, 40).await;
    let spring = intake(&store, s.id, &orgs).await;
    let autumn = intake(&store, s.id, &orgs).await;
    let statuses = [
        ApplicationStatus::AwaitingCoordinator,
        ApplicationStatus::AwaitingManager,
    ];
    for (i, p) in people.iter().enumerate() {
        // Two applications a minute: equal times, told apart by id.
        apply(
            &store,
            spring,
            p.person.id,
            orgs[i % 3],
            ApplicationRole::Mentee,
            statuses[i % 2],
            u32::try_from(i / 2).unwrap(),
        )
        .await;
    }
    let elsewhere = apply(
        &store,
        autumn,
        people[0].person.id,
        orgs[0],
        ApplicationRole::Mentee,
        statuses[0],
        0,
    )
    .await;
    let all = store.list_applications(spring).await.unwrap();
    assert_eq!(all.len(), 40);
    let scopes = [
        None,
        Some(vec![orgs[1]]),
        Some(vec![orgs[0], orgs[2]]),
        Some(vec![]),
    ];
    for organisations in scopes {
        for status in [None, Some(statuses[1])] {
            let want: Vec<ApplicationId> = all
                .iter()
                .filter(|a| {
                    organisations
                        .as_ref()
                        .is_none_or(|o| o.contains(&a.organisation_id))
                        && status.is_none_or(|s| a.status == s)
                })
                .map(|a| a.id)
                .collect();
            let q = ApplicationsQuery {
                intake: spring,
                organisations: organisations.clone(),
                status,
                limit: 4,
                cursor: None,
            };
            let (forwards, backwards, first) = walk(|cursor| {
                let q = ApplicationsQuery {
                    cursor: cursor.map(|c| Cursor::parse(&c).unwrap()),
                    ..q.clone()
                };
                let store = store.clone();
                async move { store.application_page(&q).await.unwrap() }
            })
            .await;
            let ids = |v: &[tandem_storage::list_pages::ApplicationLine]| -> Vec<ApplicationId> {
                v.iter().map(|l| l.application.id).collect()
            };
            let what = format!("{organisations:?} {status:?}");
            assert_eq!(ids(&forwards), want, "forwards, {what}");
            assert_eq!(ids(&backwards), want, "backwards, {what}");
            assert_eq!(
                (first.total, first.total_exact),
                (want.len() as u64, true),
                "{what}"
            );
            // The applicant's names come with each line.
            for line in &forwards {
                let p = people
                    .iter()
                    .find(|p| p.person.id == line.application.person_id)
                    .unwrap();
                assert_eq!(
                    (&line.given_name, &line.family_name),
                    (&p.person.given_name, &p.person.family_name)
                );
            }
        }
    }
    // A cursor naming an application of another intake, or none at all, is NotFound.
    for id in [elsewhere.id, ApplicationId::new()] {
        let q = ApplicationsQuery {
            intake: spring,
            organisations: None,
            status: None,
            limit: 4,
            cursor: Some(Cursor::After(id)),
        };
        assert!(matches!(
            store.application_page(&q).await,
            Err(StoreError::NotFound)
        ));
    }
    // Past the end: nothing, no next page, a link back to the rows before.
    let last = all.last().unwrap();
    let q = ApplicationsQuery {
        intake: spring,
        organisations: None,
        status: None,
        limit: 4,
        cursor: Some(Cursor::After(last.id)),
    };
    let past = store.application_page(&q).await.unwrap();
    assert!(past.items.is_empty() && past.next.is_none());
    assert_eq!(past.previous, Some(Cursor::Before(last.id).token()));
}

/// Paging through the mentors by cursor gives exactly the unpaged overview, for the whole
/// scheme and for organisations, forwards and backwards; someone of another scheme as a cursor
/// is `NotFound`.
pub async fn mentor_pages_match_the_overview(store: Store) {
    let s = scheme(&store, "S").await;
    let other = scheme(&store, "Other").await;
    let a = org(&store, s.id, "Alpha").await.id;
    let b = org(&store, s.id, "Beta").await.id;
    let c = org(&store, s.id, "Gamma").await.id;
    let people = staff(&store, s.id, &[a, b, c], 45).await;
    let outsider = staff(&store, other.id, &[org(&store, other.id, "X").await.id], 1).await;
    let spring = intake(&store, s.id, &[a, b, c]).await;
    for (i, p) in people.iter().enumerate() {
        let id = p.person.id;
        if i % 4 == 0 {
            store
                .set_mentor_standing(&MentorStanding {
                    person_id: id,
                    status: MentorStatus::Paused,
                    load_max: Some(2),
                    updated_at: at(2025, 5, 1, 9, 0),
                })
                .await
                .unwrap();
        }
        if i % 5 == 1 {
            let role = if i % 2 == 0 {
                ApplicationRole::Mentor
            } else {
                // An application to be mentored makes no one a mentor.
                ApplicationRole::Mentee
            };
            let status = ApplicationStatus::AwaitingCoordinator;
            apply(
                &store,
                spring,
                id,
                p.employments[0].organisation_id,
                role,
                status,
                0,
            )
            .await;
        }
    }
    for organisations in [None, Some(vec![a]), Some(vec![b, c]), Some(vec![])] {
        let want: Vec<MentorOverview> = match &organisations {
            None => store.mentor_overview(s.id, None).await.unwrap(),
            Some(o) => store.mentor_overview(s.id, Some(o)).await.unwrap(),
        };
        if organisations.as_ref().is_none_or(|o| !o.is_empty()) {
            assert!(want.len() > 4, "more than a page: {organisations:?}");
        }
        let q = MentorsQuery {
            scheme: s.id,
            organisations: organisations.clone(),
            limit: 4,
            cursor: None,
        };
        let (forwards, backwards, first) = walk(|cursor| {
            let q = MentorsQuery {
                cursor: cursor.map(|c| Cursor::parse(&c).unwrap()),
                ..q.clone()
            };
            let store = store.clone();
            async move { store.mentor_page(&q).await.unwrap() }
        })
        .await;
        assert_eq!(forwards, want, "forwards, {organisations:?}");
        assert_eq!(backwards, want, "backwards, {organisations:?}");
        assert_eq!((first.total, first.total_exact), (want.len() as u64, true));
    }
    let q = MentorsQuery {
        scheme: s.id,
        organisations: None,
        limit: 4,
        cursor: Some(Cursor::After(outsider[0].person.id)),
    };
    assert!(matches!(
        store.mentor_page(&q).await,
        Err(StoreError::NotFound)
    ));
}

/// The big tables these lists read; a scan of any of them is a page that costs the population.
const SQLITE_BIG: [&str; 15] = [
    "a",
    "applications",
    "p",
    "pp",
    "pf",
    "people",
    "se",
    "employments",
    "ms",
    "mentor_standing",
    "mt",
    "ma",
    "mentor_training",
    "t",
    "s",
];
const PG_BIG: [&str; 5] = [
    " on applications ",
    " on people ",
    " on employments ",
    " on mentor_standing ",
    " on mentor_training ",
];

/// Whether a plan line reads a big table whole.
fn is_scan(backend: Backend, line: &str) -> bool {
    match backend {
        // "SCAN a" (or "SCAN a USING [COVERING] INDEX …", which walks a whole index); the
        // subqueries' own few rows ("SCAN b0", "SCAN w", "SCAN u", "SCAN pg_", "SCAN d") are not.
        Backend::Sqlite => {
            let t = line.trim();
            SQLITE_BIG.iter().any(|alias| {
                t == format!("SCAN {alias}") || t.starts_with(&format!("SCAN {alias} "))
            })
        }
        Backend::Postgres => {
            line.contains("Seq Scan") && PG_BIG.iter().any(|t| line.contains(t.trim_end()))
        }
    }
}

/// PostgreSQL's whole-index walks of a big table: an index scan with no `Index Cond` and no
/// `Limit` above it (it reads every entry, as a sequential scan reads every row).
fn pg_full_index_scans(plan: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        let reads = line.contains("Index Scan using") || line.contains("Index Only Scan using");
        if !(reads && PG_BIG.iter().any(|t| line.contains(t))) {
            continue;
        }
        let depth = line.len() - line.trim_start().len();
        let has_cond = plan[i + 1..]
            .iter()
            .take_while(|l| l.len() - l.trim_start().len() > depth && !l.contains("->"))
            .any(|l| l.contains("Index Cond"));
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

pub(crate) fn check_plan(backend: Backend, what: &str, plan: &[String]) {
    if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
        println!("{what} on {backend:?}:\n{}", plan.join("\n"));
    }
    assert!(
        !plan.iter().any(|l| is_scan(backend, l)),
        "{what} reads a table whole on {backend:?}:\n{}",
        plan.join("\n")
    );
    if backend == Backend::Postgres {
        let walks = pg_full_index_scans(plan);
        assert!(
            walks.is_empty(),
            "{what} walks a whole index: {walks:?}\n{}",
            plan.join("\n")
        );
    }
}

/// With more than the cap of applications and mentors, totals stop at the cap; the hot
/// statements (first page, page by cursor either way, organisation-scoped, status filter, and
/// each one's bounded count) are planned through indexes on both backends.
pub async fn list_pages_count_to_the_cap_and_use_indexes(store: Store) {
    let s = scheme(&store, "S").await;
    let mut orgs = Vec::new();
    for name in ["Alpha", "Beta", "Gamma", "Delta"] {
        orgs.push(org(&store, s.id, name).await.id);
    }
    let n = usize::try_from(COUNT_CAP).unwrap() + 60;
    let people = staff(&store, s.id, &orgs, n).await;
    let spring = intake(&store, s.id, &orgs).await;
    let mut apps = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let role = if i % 2 == 0 {
            ApplicationRole::Mentor
        } else {
            ApplicationRole::Mentee
        };
        let status = [
            ApplicationStatus::AwaitingCoordinator,
            ApplicationStatus::AwaitingManager,
        ][i % 2];
        let minute = u32::try_from(i % 600).unwrap();
        apps.push(
            apply(
                &store,
                spring,
                p.person.id,
                orgs[i % 4],
                role,
                status,
                minute,
            )
            .await,
        );
    }
    for p in people.iter().skip(1).step_by(2) {
        store
            .set_mentor_standing(&MentorStanding {
                person_id: p.person.id,
                status: MentorStatus::Active,
                load_max: None,
                updated_at: at(2025, 5, 1, 9, 0),
            })
            .await
            .unwrap();
    }
    let all_apps = ApplicationsQuery {
        intake: spring,
        organisations: None,
        status: None,
        limit: 25,
        cursor: None,
    };
    let page = store.application_page(&all_apps).await.unwrap();
    assert_eq!((page.total, page.total_exact), (COUNT_CAP, false));
    assert_eq!(page.items.len(), 25);
    let all_mentors = MentorsQuery {
        scheme: s.id,
        organisations: None,
        limit: 25,
        cursor: None,
    };
    let page = store.mentor_page(&all_mentors).await.unwrap();
    assert_eq!((page.total, page.total_exact), (COUNT_CAP, false));
    let one_org = store
        .mentor_page(&MentorsQuery {
            organisations: Some(vec![orgs[1]]),
            ..all_mentors.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        (one_org.total, one_org.total_exact),
        (u64::try_from(n.div_ceil(4)).unwrap(), true)
    );

    let backend = store.backend();
    let deep = apps[700].id;
    let app_queries = [
        ("applications, first page", all_apps.clone()),
        (
            "applications, page by cursor",
            ApplicationsQuery {
                cursor: Some(Cursor::After(deep)),
                ..all_apps.clone()
            },
        ),
        (
            "applications, previous page by cursor",
            ApplicationsQuery {
                cursor: Some(Cursor::Before(deep)),
                ..all_apps.clone()
            },
        ),
        (
            "applications, one organisation",
            ApplicationsQuery {
                organisations: Some(vec![orgs[2]]),
                cursor: Some(Cursor::After(deep)),
                ..all_apps.clone()
            },
        ),
        (
            "applications, two organisations",
            ApplicationsQuery {
                organisations: Some(vec![orgs[0], orgs[3]]),
                ..all_apps.clone()
            },
        ),
        (
            "applications, by status",
            ApplicationsQuery {
                status: Some(ApplicationStatus::AwaitingManager),
                cursor: Some(Cursor::After(deep)),
                ..all_apps.clone()
            },
        ),
        (
            "applications, one organisation by status",
            ApplicationsQuery {
                organisations: Some(vec![orgs[1]]),
                status: Some(ApplicationStatus::AwaitingManager),
                ..all_apps.clone()
            },
        ),
    ];
    for (what, q) in app_queries {
        let plan = store.explain_application_page(&q).await.unwrap();
        check_plan(backend, what, &plan);
        store.application_page(&q).await.unwrap();
    }
    let deep = people[701].person.id;
    let mentor_queries = [
        ("mentors, first page", all_mentors.clone()),
        (
            "mentors, page by cursor",
            MentorsQuery {
                cursor: Some(Cursor::After(deep)),
                ..all_mentors.clone()
            },
        ),
        (
            "mentors, previous page by cursor",
            MentorsQuery {
                cursor: Some(Cursor::Before(deep)),
                ..all_mentors.clone()
            },
        ),
        (
            "mentors, organisations",
            MentorsQuery {
                organisations: Some(vec![orgs[0], orgs[2]]),
                ..all_mentors.clone()
            },
        ),
    ];
    for (what, q) in mentor_queries {
        let plan = store.explain_mentor_page(&q).await.unwrap();
        check_plan(backend, what, &plan);
        store.mentor_page(&q).await.unwrap();
    }
    // The check itself can fail: scans are recognised, searches are not.
    assert!(is_scan(Backend::Sqlite, "SCAN a"));
    assert!(is_scan(
        Backend::Sqlite,
        "SCAN a USING INDEX applications_intake_order"
    ));
    assert!(!is_scan(
        Backend::Sqlite,
        "SEARCH a USING INDEX applications_intake_order (intake_id=?)"
    ));
    assert!(!is_scan(Backend::Sqlite, "SCAN b0"));
    assert!(is_scan(
        Backend::Postgres,
        "  ->  Seq Scan on applications a  (cost=0.00..1.00)"
    ));
    assert_eq!(
        pg_full_index_scans(&[
            "  ->  Index Only Scan using mentor_training_person on mentor_training mt".into(),
            "  ->  Index Scan using people_pkey on people pp".into(),
            "        Index Cond: (id = u.person_id)".into(),
        ])
        .len(),
        1
    );
}
