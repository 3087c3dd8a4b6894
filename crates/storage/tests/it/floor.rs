//! Per-request work at the floor: who is asking in one statement, and the dashboards' capped
//! figures, each checked against the slow way of finding the same answer.

use crate::fixtures::{job, org, person, person_value, scheme};
use chrono::{Duration, NaiveDate, Utc};
use std::collections::{BTreeMap, BTreeSet};
use tandem_domain::policy::PeopleScope;
use tandem_domain::{
    AccountId, Intake, IntakeId, OrganisationId, PersonId, Programme, ProgrammeId, ProgrammeKind,
    ProgrammeRules, Role, RoleAssignment, SchemeId, Scope,
};
use tandem_storage::{Account, PeopleQuery, SessionRecord, Store};

fn ra(role: Role, scope: Scope) -> RoleAssignment {
    RoleAssignment { role, scope }
}

async fn programme(store: &Store, scheme: SchemeId, name: &str) -> ProgrammeId {
    let p = Programme {
        id: ProgrammeId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind: ProgrammeKind::Mentoring,
        description: String::new(),
        rules: ProgrammeRules::default(),
    };
    store.create_programme(&p).await.unwrap();
    p.id
}

async fn account(store: &Store, scheme: SchemeId, who: PersonId, email: &str) -> AccountId {
    let a = Account {
        id: AccountId::new(),
        person_id: who,
        scheme_id: scheme,
        email: email.into(),
        password_hash: None,
        disabled: false,
        failed_logins: 0,
        locked_until: None,
    };
    store.create_account(&a).await.unwrap();
    a.id
}

/// The one-statement lookup gives what the separate lookups give: the person, the roles in the
/// account's scheme only (sorted the same way), the session's CSRF token; nothing for an
/// unknown or expired session or a disabled account.
pub async fn signed_in_equals_the_separate_lookups(store: Store) {
    let s = scheme(&store, "Mine").await;
    let t = scheme(&store, "Theirs").await;
    let a = org(&store, s.id, "Alpha").await;
    let b = org(&store, t.id, "Beta").await;
    let pa = programme(&store, s.id, "Here").await;
    let pb = programme(&store, t.id, "There").await;
    let who = person(&store, s.id, "Multi", "Hat", &[a.id]).await.person;
    for r in [
        ra(Role::OrganisationCoordinator, Scope::Organisation(a.id)),
        ra(Role::SchemeCoordinator, Scope::Scheme(s.id)),
        ra(Role::Participant, Scope::Programme(pa)),
        ra(Role::Evaluator, Scope::Scheme(s.id)),
        ra(Role::SchemeCoordinator, Scope::Scheme(t.id)),
        ra(Role::OrganisationCoordinator, Scope::Organisation(b.id)),
        ra(Role::Participant, Scope::Programme(pb)),
    ] {
        store.grant_role(who.id, r).await.unwrap();
    }
    let acc = account(&store, s.id, who.id, "multi.hat@example.org").await;
    let now = Utc::now();
    let session = SessionRecord {
        token_hash: "h".repeat(64),
        account_id: acc,
        csrf_token: "c".repeat(43),
        created_at: now,
        expires_at: now + Duration::hours(1),
    };
    store.create_session(&session).await.unwrap();

    let got = store
        .signed_in_by_session(&session.token_hash, now)
        .await
        .unwrap()
        .expect("a live session");
    assert_eq!(got.account_id, acc);
    assert_eq!(got.person, store.get_person(who.id).await.unwrap().person);
    assert_eq!(got.actor.person_id, who.id);
    assert_eq!(got.actor.scheme_id, s.id);
    assert_eq!(
        got.actor.roles,
        store.roles_in_scheme(who.id, s.id).await.unwrap()
    );
    assert_eq!(got.actor.roles.len(), 4);
    assert_eq!(got.csrf_token, session.csrf_token);
    assert_eq!(got.time_zone, "Europe/London");
    let by_account = store.signed_in_by_account(acc).await.unwrap().unwrap();
    assert_eq!(
        (by_account.person, by_account.actor, by_account.csrf_token),
        (got.person.clone(), got.actor.clone(), String::new())
    );

    // Expired, unknown: nothing.
    assert!(
        store
            .signed_in_by_session(&session.token_hash, session.expires_at)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .signed_in_by_session(&"x".repeat(64), now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .signed_in_by_account(AccountId::new())
            .await
            .unwrap()
            .is_none()
    );

    // Someone with no role at all still is someone (the policy then refuses them everything).
    let plain = person(&store, s.id, "No", "Roles", &[a.id]).await.person;
    let plain_acc = account(&store, s.id, plain.id, "no.roles@example.org").await;
    let p = store
        .signed_in_by_account(plain_acc)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.person, plain);
    assert!(p.actor.roles.is_empty());
    assert_eq!(p.time_zone, "Europe/London");

    // The zone instants are shown in is the primary employer's country's, whatever the order
    // the jobs were entered in.
    let mut dutch = crate::fixtures::org_value(s.id, "Dutch");
    dutch.country = tandem_domain::Country::Netherlands;
    store.create_organisation(&dutch).await.unwrap();
    for (given, jobs, zone) in [
        ("Amsterdam", vec![dutch.id, a.id], "Europe/Amsterdam"),
        ("London", vec![a.id, dutch.id], "Europe/London"),
        ("Nowhere", vec![], "Europe/London"),
    ] {
        let p = person(&store, s.id, given, "Zone", &jobs).await.person;
        let acc = account(&store, s.id, p.id, &format!("{given}@example.org")).await;
        let got = store.signed_in_by_account(acc).await.unwrap().unwrap();
        assert_eq!(got.time_zone, zone, "{given}");
    }

    // A disabled account signs nobody in, by session or by account.
    store.set_account_disabled(acc, true).await.unwrap();
    assert!(
        store
            .signed_in_by_session(&session.token_hash, now)
            .await
            .unwrap()
            .is_none()
    );
    assert!(store.signed_in_by_account(acc).await.unwrap().is_none());
}

/// A small deterministic generator (the sequence is the same on every run and backend).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// After a random sequence of writes (people added with zero to three employments, some at the
/// same organisation twice; employments replaced; people erased; intakes added), every capped
/// figure equals the brute-force count, capped: the total against the people list's own
/// count, each organisation against the employments of every person, the intakes against each
/// programme's list.
pub async fn dashboard_figures_equal_brute_force_after_random_writes(store: Store) {
    let s = scheme(&store, "Counted").await;
    let other = scheme(&store, "Elsewhere").await;
    let mut orgs = Vec::new();
    for name in ["A", "B", "C", "D"] {
        orgs.push(org(&store, s.id, name).await.id);
    }
    let elsewhere = org(&store, other.id, "Z").await.id;
    let programmes = [
        programme(&store, s.id, "P1").await,
        programme(&store, s.id, "P2").await,
        programme(&store, s.id, "P3").await,
    ];
    let mut rng = Lcg(18);
    // person -> organisations of their employments (a person may work twice at one).
    let mut people: BTreeMap<PersonId, Vec<OrganisationId>> = BTreeMap::new();
    let mut erased: BTreeSet<PersonId> = BTreeSet::new();
    let mut n = 0;
    for step in 0..90 {
        match rng.below(10) {
            0..=5 => {
                n += 1;
                let p = person_value(s.id, "Gen", &format!("Person{n}"));
                let k = rng.below(4);
                let at: Vec<OrganisationId> = (0..k)
                    .map(|_| orgs[usize::try_from(rng.below(4)).unwrap()])
                    .collect();
                let jobs: Vec<_> = at
                    .iter()
                    .enumerate()
                    .map(|(i, o)| job(p.id, *o, &format!("Job {i}"), i == 0))
                    .collect();
                store.create_person(&p, &jobs).await.unwrap();
                people.insert(p.id, at);
            }
            6 if !people.is_empty() => {
                // Replace someone's employments.
                let i = usize::try_from(rng.below(people.len() as u64)).unwrap();
                let id = *people.keys().nth(i).unwrap();
                let rec = store.get_person(id).await.unwrap();
                let at: Vec<OrganisationId> = (0..rng.below(3))
                    .map(|_| orgs[usize::try_from(rng.below(4)).unwrap()])
                    .collect();
                let jobs: Vec<_> = at
                    .iter()
                    .enumerate()
                    .map(|(i, o)| job(id, *o, &format!("New {i}"), i == 0))
                    .collect();
                store.update_person(&rec.person, &jobs).await.unwrap();
                people.insert(id, at);
            }
            7 if !people.is_empty() => {
                let i = usize::try_from(rng.below(people.len() as u64)).unwrap();
                let id = *people.keys().nth(i).unwrap();
                if erased.insert(id) {
                    store
                        .erase_person(id, "Former participant", Utc::now())
                        .await
                        .unwrap();
                }
            }
            8 => {
                let p = programmes[usize::try_from(rng.below(3)).unwrap()];
                let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
                store
                    .create_intake(&Intake {
                        id: IntakeId::new(),
                        programme_id: p,
                        name: format!("Intake {step}"),
                        opens_on: day,
                        closes_on: day,
                        starts_on: day,
                        places: vec![],
                    })
                    .await
                    .unwrap();
            }
            _ => {
                // Someone in another scheme, never counted here.
                n += 1;
                let p = person_value(other.id, "Far", &format!("Away{n}"));
                store
                    .create_person(&p, &[job(p.id, elsewhere, "Far", true)])
                    .await
                    .unwrap();
            }
        }
        if step % 15 != 14 {
            continue;
        }
        // The people list's exact total is the brute force for the scheme's total.
        let listed = store
            .search_people(s.id, &PeopleQuery::new(PeopleScope::All, PersonId::new()))
            .await
            .unwrap()
            .total;
        assert_eq!(listed, (people.len() - erased.len()) as u64);
        for cap in [0, 1, 3, 10, 1_000] {
            assert_eq!(
                store.count_listed_people(s.id, cap).await.unwrap(),
                listed.min(cap + 1),
                "total, cap {cap}"
            );
            for o in &orgs {
                let brute = people.values().filter(|at| at.contains(o)).count() as u64;
                assert_eq!(
                    store.count_employees(*o, cap).await.unwrap(),
                    brute.min(cap + 1),
                    "organisation, cap {cap}"
                );
            }
            // An organisation coordinator's total: the list narrowed to two organisations, the
            // reader included (as the list includes them), whether they work there or not.
            let mine = vec![orgs[0], orgs[2]];
            let readers = [
                people
                    .iter()
                    .find(|(id, at)| at.contains(&orgs[0]) && !erased.contains(id))
                    .map(|(id, _)| *id),
                people
                    .iter()
                    .find(|(id, at)| at.is_empty() && !erased.contains(id))
                    .map(|(id, _)| *id),
            ];
            for reader in readers.into_iter().flatten() {
                let brute = store
                    .search_people(
                        s.id,
                        &PeopleQuery::new(PeopleScope::Organisations(mine.clone()), reader),
                    )
                    .await
                    .unwrap()
                    .total;
                assert_eq!(
                    store
                        .count_listed_employees(&mine, Some(reader), cap)
                        .await
                        .unwrap()
                        .min(cap + 1),
                    brute.min(cap + 1),
                    "organisations, cap {cap}"
                );
            }
            let brute = people
                .iter()
                .filter(|(id, at)| !erased.contains(id) && at.contains(&orgs[1]))
                .count() as u64;
            assert_eq!(
                store
                    .count_listed_employees(&[orgs[1]], None, cap)
                    .await
                    .unwrap(),
                brute.min(cap + 1),
                "one organisation's listed people, cap {cap}"
            );
        }
        let counted = store.count_intakes_by_programme(s.id).await.unwrap();
        for p in programmes {
            let brute = store.list_intakes(p).await.unwrap().len() as u64;
            let got = counted
                .iter()
                .find(|(id, _)| *id == p)
                .map_or(0, |(_, n)| *n);
            assert_eq!(got, brute, "intakes");
        }
        assert!(
            store
                .count_intakes_by_programme(other.id)
                .await
                .unwrap()
                .is_empty()
        );
    }
    assert!(!people.is_empty() && !erased.is_empty());
}
