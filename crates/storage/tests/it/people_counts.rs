//! The maintained people counts (migration 0043): after any sequence of the writes that change
//! who is employed where or who is listed, every figure equals a fresh count of the rows; and the
//! dashboard's statements read them by key, never scanning people or employments.

use crate::fixtures::{job, org, person_value, scheme};
use chrono::{Duration, Utc};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tandem_domain::policy::PeopleScope;
use tandem_domain::{AccountId, EmailKind, OrganisationId, PersonId, SchemeId};
use tandem_storage::{
    Account, Backend, EmploymentCheck, PeopleQuery, PersonRecord, RegistrationRecord,
    RetentionCutoffs, Store, TokenKind, TokenRecord,
};

/// The organisations of each case.
const ORGS: usize = 3;

/// One write that changes the counts. Indices pick among the case's people (modulo).
#[derive(Clone, Debug)]
enum Op {
    /// A coordinator creates someone employed at these organisations (repeats allowed).
    Create(Vec<usize>),
    /// An edit replaces someone's employments.
    Edit(usize, Vec<usize>),
    /// An import creates and edits people in one transaction.
    Import(Vec<Vec<usize>>, Vec<(usize, Vec<usize>)>),
    Erase(usize),
    /// Someone registers themselves at an organisation (employed, not listed).
    Register(usize),
    /// A registration's e-mail is confirmed (listed).
    Confirm(usize),
    /// A coordinator confirms (true) or ends (false) a registration's employment.
    Decide(usize, bool),
    /// An HR import vouches for a registered person.
    Release(usize),
    /// Unconfirmed registrations run out and are deleted.
    Expire,
    /// The retention pass removes unconfirmed registrations.
    Retention,
}

fn orgs() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0..ORGS, 0..4)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => orgs().prop_map(Op::Create),
        3 => (any::<usize>(), orgs()).prop_map(|(w, o)| Op::Edit(w, o)),
        2 => (
            prop::collection::vec(orgs(), 0..4),
            prop::collection::vec((any::<usize>(), orgs()), 0..4)
        )
            .prop_map(|(c, e)| Op::Import(c, e)),
        1 => any::<usize>().prop_map(Op::Erase),
        3 => (0..ORGS).prop_map(Op::Register),
        3 => any::<usize>().prop_map(Op::Confirm),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(w, b)| Op::Decide(w, b)),
        1 => any::<usize>().prop_map(Op::Release),
        1 => Just(Op::Expire),
        1 => Just(Op::Retention),
    ]
}

/// Every maintained figure of the scheme equals the rows counted afresh (the counting way the
/// dashboards used before: `COUNT` over `DISTINCT` people, here uncapped).
///
/// The people list's totals, which read the maintained figures when only the reader's scope
/// narrows the list, are checked against the same fresh counts: the scheme coordinator's, and
/// each organisation coordinator's (`me`, who the list always holds, employed there or not).
async fn assert_counts(
    store: &Store,
    s: SchemeId,
    orgs: &[OrganisationId],
    me: PersonId,
    context: &str,
) {
    const ALL: u64 = 1_000_000;
    let kept = store.people_counts(s).await.unwrap();
    let fresh = store.count_listed_people(s, ALL).await.unwrap();
    assert_eq!(kept.listed, fresh, "scheme listed, {context}");
    let listed = store
        .search_people(s, &PeopleQuery::new(PeopleScope::All, me))
        .await
        .unwrap();
    assert_eq!(
        (listed.total, listed.total_exact),
        (fresh, true),
        "scheme coordinator's list, {context}"
    );
    for o in orgs {
        let listed = store
            .search_people(
                s,
                &PeopleQuery::new(PeopleScope::Organisations(vec![*o]), me),
            )
            .await
            .unwrap();
        assert_eq!(
            (listed.total, listed.total_exact),
            (
                store
                    .count_listed_employees(&[*o], Some(me), ALL)
                    .await
                    .unwrap(),
                true
            ),
            "organisation coordinator's list at {o}, {context}"
        );
    }
    for o in orgs {
        let got = kept.organisation(*o);
        assert_eq!(
            got.employed,
            store.count_employees(*o, ALL).await.unwrap(),
            "employed at {o}, {context}"
        );
        assert_eq!(
            got.listed,
            store
                .count_listed_employees(&[*o], None, ALL)
                .await
                .unwrap(),
            "listed at {o}, {context}"
        );
    }
    assert!(
        kept.organisations.keys().all(|o| orgs.contains(o)),
        "only the scheme's organisations, {context}"
    );
}

fn record(s: SchemeId, n: usize, at: &[OrganisationId], picks: &[usize]) -> PersonRecord {
    let mut p = person_value(s, "Ann", &format!("Smith{n}"));
    p.email = format!("p{n}-{}@example.org", s);
    let employments = picks
        .iter()
        .enumerate()
        .map(|(i, k)| job(p.id, at[*k], "Nurse", i == 0))
        .collect();
    PersonRecord {
        person: p,
        employments,
    }
}

/// Random sequences of creates, edits (moves between organisations, employments added and
/// removed, repeats at one organisation), imports, erasures and the self-registration writes
/// (register, confirm, decide, release, expiry, retention): after each write every maintained
/// count equals a fresh count. Operations come from proptest strategies (a fixed seed, so a
/// failure repeats); each case runs on its own scheme in the one database, and a failure prints
/// the case's operations. (No shrinking: the store is async.)
pub async fn counts_follow_every_write(store: Store) {
    let cases = match store.backend() {
        Backend::Sqlite => 40,
        Backend::Postgres => 16,
    };
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = prop::collection::vec(op(), 1..25);
    let now = Utc::now();
    let mut n = 0usize;
    let mut steps = 0usize;
    for case in 0..cases {
        let ops = strategy.new_tree(&mut runner).unwrap().current();
        let s = scheme(&store, &format!("S{case}")).await;
        let mut at = Vec::new();
        for i in 0..ORGS {
            at.push(org(&store, s.id, &format!("Org{i}")).await.id);
        }
        // Everyone written so far, and the registered among them (with their token's hash).
        let mut people: Vec<PersonRecord> = Vec::new();
        let mut registered: Vec<(PersonId, String)> = Vec::new();
        let pick = |people: &Vec<PersonRecord>, w: usize| -> Option<PersonRecord> {
            (!people.is_empty()).then(|| people[w % people.len()].clone())
        };
        for (step, op) in ops.iter().enumerate() {
            steps += 1;
            match op {
                Op::Create(picks) => {
                    n += 1;
                    let r = record(s.id, n, &at, picks);
                    store
                        .create_person(&r.person, &r.employments)
                        .await
                        .unwrap();
                    people.push(r);
                }
                Op::Edit(w, picks) => {
                    if let Some(r) = pick(&people, *w) {
                        let moved = record(s.id, 0, &at, picks);
                        let employments: Vec<_> = moved
                            .employments
                            .iter()
                            .map(|e| job(r.person.id, e.organisation_id, "Tutor", e.primary))
                            .collect();
                        store.update_person(&r.person, &employments).await.unwrap();
                    }
                }
                Op::Import(creates, edits) => {
                    let creates: Vec<PersonRecord> = creates
                        .iter()
                        .map(|picks| {
                            n += 1;
                            record(s.id, n, &at, picks)
                        })
                        .collect();
                    let mut updates: Vec<PersonRecord> = Vec::new();
                    for (w, picks) in edits {
                        if let Some(r) = pick(&people, *w) {
                            if updates.iter().any(|u| u.person.id == r.person.id) {
                                continue;
                            }
                            let moved = record(s.id, 0, &at, picks);
                            updates.push(PersonRecord {
                                employments: moved
                                    .employments
                                    .iter()
                                    .map(|e| job(r.person.id, e.organisation_id, "HR", e.primary))
                                    .collect(),
                                person: r.person,
                            });
                        }
                    }
                    store.apply_people_import(&creates, &updates).await.unwrap();
                    people.extend(creates);
                }
                Op::Erase(w) => {
                    if let Some(r) = pick(&people, *w) {
                        store
                            .erase_person(r.person.id, "Former", now)
                            .await
                            .unwrap();
                    }
                }
                Op::Register(k) => {
                    n += 1;
                    let r = record(s.id, n, &at, &[*k]);
                    let account = Account {
                        id: AccountId::new(),
                        person_id: r.person.id,
                        scheme_id: s.id,
                        email: r.person.email.clone(),
                        password_hash: None,
                        disabled: false,
                        failed_logins: 0,
                        locked_until: None,
                    };
                    let registration = RegistrationRecord {
                        person_id: r.person.id,
                        scheme_id: s.id,
                        organisation_id: at[*k],
                        registered_at: now,
                        expires_at: now + Duration::days(1),
                        email_confirmed_at: None,
                        employment: EmploymentCheck::Pending,
                        decided_by: None,
                        decided_at: None,
                    };
                    store
                        .register_person(
                            &r.person,
                            &r.employments[0],
                            EmailKind::Work,
                            &account,
                            &registration,
                        )
                        .await
                        .unwrap();
                    let hash = format!("confirm-{}", r.person.id);
                    store
                        .create_token(&TokenRecord {
                            token_hash: hash.clone(),
                            kind: TokenKind::EmailConfirmation,
                            account_id: account.id,
                            expires_at: now + Duration::days(1),
                        })
                        .await
                        .unwrap();
                    registered.push((r.person.id, hash));
                    people.push(r);
                }
                Op::Confirm(w) => {
                    if !registered.is_empty() {
                        let (_, hash) = &registered[w % registered.len()];
                        // `None` when used, expired or removed: nothing changes then.
                        store
                            .confirm_registration_email(hash, "hash", now)
                            .await
                            .unwrap();
                    }
                }
                Op::Decide(w, employed) => {
                    if let (false, Some(by)) = (registered.is_empty(), people.first()) {
                        let (who, _) = registered[w % registered.len()];
                        let to = if *employed {
                            EmploymentCheck::Confirmed
                        } else {
                            EmploymentCheck::NotEmployed
                        };
                        // Refused unless pending and confirmed: nothing changes then.
                        let _ = store.decide_registration(who, to, by.person.id, now).await;
                    }
                }
                Op::Release(w) => {
                    if !registered.is_empty() {
                        let (who, _) = registered[w % registered.len()];
                        store.release_registrations(&[who]).await.unwrap();
                    }
                }
                Op::Expire => {
                    store
                        .delete_expired_registrations(now + Duration::days(2), 100)
                        .await
                        .unwrap();
                }
                Op::Retention => {
                    let long_ago = now - Duration::days(36_500);
                    store
                        .retention(
                            s.id,
                            &RetentionCutoffs {
                                now,
                                closed_before: long_ago,
                                registered_before: now + Duration::days(1),
                                dead_before: long_ago,
                                scores_before: long_ago,
                                links_before: long_ago,
                            },
                            true,
                        )
                        .await
                        .unwrap();
                }
            }
            // People deleted by expiry or retention are gone from the case's lists too.
            let mut alive = Vec::new();
            for r in people.drain(..) {
                if store.get_person(r.person.id).await.is_ok() {
                    alive.push(r);
                }
            }
            people = alive;
            registered.retain(|(p, _)| people.iter().any(|r| r.person.id == *p));
            // The reader of the lists: someone of the case (listed or not, employed anywhere).
            let me = pick(&people, step).map_or_else(PersonId::new, |r| r.person.id);
            assert_counts(
                &store,
                s.id,
                &at,
                me,
                &format!("case {case}, after step {step} of {ops:?}"),
            )
            .await;
        }
    }
    // The cases did write (about 12 steps each): the checks above were not of empty schemes.
    assert!(
        steps >= cases * 5 && n >= cases * 3,
        "{steps} steps, {n} people"
    );
}

/// Whether a plan reads people, employments or registrations other than by the person's key
/// (SQLite: any `SCAN`, or a `SEARCH` of them not keyed by `id`/`person_id`; PostgreSQL: a node
/// on them whose index condition does not name the person, or none).
fn reads_beyond_a_person(backend: Backend, plan: &[String]) -> bool {
    match backend {
        Backend::Sqlite => plan.iter().any(|l| {
            let t = l.trim();
            let on_people = ["p ", "e ", "rg "].iter().any(|a| {
                t.strip_prefix("SEARCH ")
                    .is_some_and(|rest| rest.starts_with(a))
            });
            (t.starts_with("SCAN ") && t != "SCAN CONSTANT ROW")
                || (on_people && !(t.contains("(id=?)") || t.contains("person_id=?")))
        }),
        Backend::Postgres => plan.iter().enumerate().any(|(i, l)| {
            let on_people = [" on people ", " on employments ", " on registrations "]
                .iter()
                .any(|t| l.contains(t));
            if !on_people {
                return false;
            }
            if l.contains("Seq Scan") {
                return true;
            }
            let cond: Vec<&String> = plan[i + 1..]
                .iter()
                .take_while(|b| !b.contains("->") && !b.trim().is_empty())
                .filter(|b| b.contains("Cond:"))
                .collect();
            !cond
                .iter()
                .any(|c| c.contains("(id = ") || c.contains("person_id = "))
        }),
    }
}

/// The dashboard's statements read the maintained counts by key and people and employments
/// only by the reader's own key: the scheme's figures never scan people or employments. The same
/// check fails on the statement they replaced (an organisation's employees counted up to the
/// cap), so it can fail.
pub async fn dashboard_statements_read_no_population(db: tandem_test_support::Database) {
    let store = &db.store;
    let backend = store.backend();
    let s = scheme(store, "S").await;
    let mut at = Vec::new();
    for name in ["Alpha", "Beta"] {
        at.push(org(store, s.id, name).await.id);
    }
    let people: Vec<PersonRecord> = (0..600)
        .map(|i| record(s.id, i, &at, &[i % 2, (i / 2) % 2]))
        .collect();
    store.apply_people_import(&people, &[]).await.unwrap();
    let me = people[0].person.id;
    let plan = store.explain_people_counts(s.id, at[0], me).await.unwrap();
    if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
        eprintln!("{}", plan.join("\n"));
    }
    assert!(
        !reads_beyond_a_person(backend, &plan),
        "the dashboard's statements read people or employments beyond the reader:\n{}",
        plan.join("\n")
    );
    assert!(
        plan.iter()
            .any(|l| l.contains("organisation_people_counts")),
        "{}",
        plan.join("\n")
    );
    let old = store
        .explain_counted_employees(at[0], 10_000)
        .await
        .unwrap();
    assert!(
        reads_beyond_a_person(backend, &old),
        "the check must fail on the counting way:\n{}",
        old.join("\n")
    );
    let kept = store.people_counts(s.id).await.unwrap();
    assert_eq!(kept.listed, 600);
    assert_eq!(
        store.count_listed_employees_of(at[0], me).await.unwrap(),
        store
            .count_listed_employees(&[at[0]], Some(me), 10_000)
            .await
            .unwrap()
    );
}
