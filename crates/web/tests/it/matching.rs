//! HTTP tests of matching runs and relationships: criteria, run, lock, forbid, swap, re-run,
//! publish (and its refusal when the pool changed), offers with their deadline, agreements,
//! the lifecycle and the private no-fault ending — through the pages and the API, on both
//! backends.

use crate::harness::actor_of;
use crate::harness::{MO, PA, SC, World, api_call as call, api_token, on_backends};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use serde_json::json;
use tandem_app as services;
use tandem_domain::{
    ApplicationId, ApplicationRole, ApplicationStatus, Intake, IntakeId, Mode, OrganisationId,
    PersonId, ProgrammeId, ProgrammeRules, RelationshipStatus,
};
use tandem_test_support::fixtures::matchable_profile;

struct Setup {
    programme: ProgrammeId,
    intake: IntakeId,
    /// PA's mentee application and Mo's mentor application.
    pa: ApplicationId,
    mo: ApplicationId,
    mo_person: PersonId,
    /// A second mentee (staff of A, no account) and mentor (staff of B, no account).
    mentee2: ApplicationId,
    mentor2: ApplicationId,
}

/// A mentoring intake open today with two approved mentees (A) and two mentors (B).
async fn setup(w: &World) -> Setup {
    let m = w
        .mentoring(ProgrammeRules {
            modes: vec![Mode::Video, Mode::Telephone],
            mentor_load_max: Some(1),
            ..ProgrammeRules::default()
        })
        .await;
    let (programme, intake) = (m.programme, m.intake);
    let (pa, mo, mo_person) = (m.mentee.id, m.mentor.id, m.mentor.person_id);
    let mentee2 = approve(w, &intake, w.staff_a[0], w.org_a, ApplicationRole::Mentee).await;
    let mentor2 = approve(w, &intake, w.staff_b[0], w.org_b, ApplicationRole::Mentor).await;
    Setup {
        programme: programme.id,
        intake: intake.id,
        pa,
        mo,
        mo_person,
        mentee2,
        mentor2,
    }
}

async fn approve(
    w: &World,
    intake: &Intake,
    person: PersonId,
    org: OrganisationId,
    role: ApplicationRole,
) -> ApplicationId {
    w.approved_application(intake.id, person, org, role, matchable_profile())
        .await
        .id
}

/// The id at the end of a redirect's path (before any query).
fn id_of(location: &str) -> String {
    location
        .split('?')
        .next()
        .unwrap_or("")
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn a_coordinator_runs_locks_reruns_and_publishes_and_both_sign() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let mut sc = w.signed_in(SC).await;
        let mut pa = w.signed_in(PA).await;

        // Criteria: "different organisation" takes only must or off.
        let mut fields = vec![
            ("goals", "high"),
            ("grade_gap", "medium"),
            ("profession", "low"),
            ("availability", "high"),
            ("mode", "must"),
            ("different_organisation", "high"),
            ("ideal_grade_gap", "1"),
            ("cross_profession", "yes"),
            ("offer_days", "14"),
            ("shortlist", ""),
        ];
        let path = format!("/programmes/{}/matching-criteria", s.programme);
        let res = sc.post(&path, &fields).await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            res.text().contains("for a different organisation."),
            "{}",
            res.text()
        );
        fields[5] = ("different_organisation", "must");
        sc.post(&path, &fields)
            .await
            .assert_status(StatusCode::SEE_OTHER);

        // Run: two pairs, proven optimal, reproducible; nobody else sees anything yet.
        let res = sc
            .post(&format!("/intakes/{}/matching/run", s.intake), &[])
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let run1 = id_of(&res.location());
        let page = sc.get(&format!("/match-runs/{run1}")).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        assert!(
            text.contains("Pat Participant") && text.contains("Mo Mentor"),
            "{text}"
        );
        assert!(text.contains("id=\"reproduced\">Yes"), "{text}");
        assert!(
            pa.get("/relationships")
                .await
                .text()
                .contains("You have no matches yet")
        );
        assert_eq!(
            pa.get(&format!("/match-runs/{run1}")).await.status,
            StatusCode::FORBIDDEN
        );

        // Lock Pat with Mo and forbid the other pair's mentor for Pat; run again.
        let pin = |kind: &'static str, a: ApplicationId, b: ApplicationId| {
            vec![
                ("kind", kind.to_string()),
                ("first", a.to_string()),
                ("second", b.to_string()),
                ("run", run1.clone()),
            ]
        };
        for fields in [pin("lock", s.pa, s.mo), pin("forbid", s.pa, s.mentor2)] {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            sc.post(&format!("/intakes/{}/matching/pins", s.intake), &f)
                .await
                .assert_status(StatusCode::SEE_OTHER);
        }
        let res = sc
            .post(&format!("/intakes/{}/matching/run", s.intake), &[])
            .await;
        let run2 = id_of(&res.location());
        let stored = w
            .ctx
            .store
            .get_match_run(run2.parse().unwrap())
            .await
            .unwrap();
        assert_eq!(stored.number, 2);
        let locked = stored
            .result
            .matches
            .iter()
            .find(|m| m.applications == vec![s.pa, s.mo])
            .expect("locked pair kept");
        assert!(locked.locked);
        assert!(
            stored
                .result
                .matches
                .iter()
                .all(|m| m.applications != vec![s.pa, s.mentor2])
        );
        // The superseded run cannot be published.
        let res = sc.post(&format!("/match-runs/{run1}/publish"), &[]).await;
        res.assert_status(StatusCode::CONFLICT);

        // Swap the two mentees' partners: both new pairs are locked for the next run.
        let res = sc
            .post(
                &format!("/match-runs/{run2}/swap"),
                &[
                    ("first", &s.pa.to_string()),
                    ("second", &s.mentee2.to_string()),
                ],
            )
            .await;
        res.assert_status(StatusCode::SEE_OTHER);
        let pins = w.ctx.store.list_pins(s.intake).await.unwrap();
        assert!(pins.iter().any(|p| p.first == s.pa
            && p.second == s.mentor2
            && p.kind == tandem_domain::PinKind::Lock));
        // Undo: lock Pat with Mo again (replaces Pat's swapped lock) and run.
        let f = pin("lock", s.pa, s.mo);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        sc.post(&format!("/intakes/{}/matching/pins", s.intake), &f)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let res = sc
            .post(&format!("/intakes/{}/matching/run", s.intake), &[])
            .await;
        let run3 = id_of(&res.location());

        // Publish: offers go out by e-mail.
        let sent_before = w.mailer.sent().len();
        let published = sc.post(&format!("/match-runs/{run3}/publish"), &[]).await;
        published.assert_status(StatusCode::SEE_OTHER);
        // The coordinator is told how many people were e-mailed their offer.
        let after = sc.get(&published.location()).await;
        assert!(
            after.contains("Offers emailed: 4 (everyone matched who has an email address)"),
            "{}",
            after.text()
        );
        tandem_app::notify::worker::deliver_due(&w.ctx, 1000)
            .await
            .unwrap();
        let sent = w.mailer.sent();
        assert!(sent.len() > sent_before);
        assert!(
            sent.iter()
                .any(|m| m.to == PA && m.subject.contains("proposed match"))
        );
        assert!(sent.iter().any(|m| m.to == MO));
        let rel = w
            .ctx
            .store
            .relationships_of_person(w.participant)
            .await
            .unwrap()
            .pop()
            .expect("offer");
        assert_eq!(rel.status, RelationshipStatus::Proposed);
        assert!(rel.member(s.mo_person).is_some());

        // Someone outside the relationship changes nothing. Mo's organisation's coordinator
        // sees how it is going (its status page, no content, no forms), and nothing more.
        let mut cb = w.signed_in(crate::harness::CB).await;
        let status = cb.get(&format!("/relationships/{}", rel.id)).await;
        status.assert_status(StatusCode::OK);
        assert!(status.contains("How this relationship is going"));
        assert!(!status.contains("Do you accept this match?"));
        assert!(!status.contains("/respond"));
        let res = cb
            .post(
                &format!("/relationships/{}/respond", rel.id),
                &[("answer", "accept")],
            )
            .await;
        res.assert_status(StatusCode::NOT_FOUND);

        // Both accept; Pat edits the agreement (version 2), both sign it: active.
        let mut mo = w.signed_in(MO).await;
        let page = pa.get(&format!("/relationships/{}", rel.id)).await;
        assert!(page.text().contains("Do you accept this match?"));
        for b in [&mut pa, &mut mo] {
            b.post(
                &format!("/relationships/{}/respond", rel.id),
                &[("answer", "accept")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        }
        let res = pa
            .post(
                &format!("/relationships/{}/agreement", rel.id),
                &[
                    ("version", "1"),
                    ("goals", ""),
                    ("frequency", "Monthly"),
                    ("channel", "video"),
                    ("cancellation_notice_hours", "24"),
                ],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().contains("Enter the goals you agree"));
        pa.post(
            &format!("/relationships/{}/agreement", rel.id),
            &[
                ("version", "1"),
                ("goals", "Lead the winter plan"),
                ("frequency", "Monthly, an hour"),
                ("channel", "video"),
                ("cancellation_notice_hours", "24"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        // Signing the old version is refused with an explanation.
        let res = mo
            .post(
                &format!("/relationships/{}/sign", rel.id),
                &[("version", "1")],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("href=\"#signatures\""), "{}", res.text());
        assert!(
            res.text().contains("changed since you opened it"),
            "{}",
            res.text()
        );
        for b in [&mut mo, &mut pa] {
            b.post(
                &format!("/relationships/{}/sign", rel.id),
                &[("version", "2")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        }
        let rel = w.ctx.store.get_relationship(rel.id).await.unwrap();
        assert_eq!(rel.status, RelationshipStatus::Active);
        assert!(
            pa.get(&format!("/relationships/{}", rel.id))
                .await
                .text()
                .contains("Lead the winter plan")
        );

        // The coordinator's list shows it; the pages pass the language switch too.
        let list = sc
            .get(&format!("/intakes/{}/relationships", s.intake))
            .await;
        assert!(list.text().contains("Active"));
        let nl = sc.get(&format!("/match-runs/{run3}?lang=nl-NL")).await;
        assert!(nl.text().contains("Ronde 3"), "{}", nl.text());
    })
    .await;
}

#[tokio::test]
async fn publishing_refuses_a_run_whose_pool_changed() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let mut sc = w.signed_in(SC).await;
        let res = sc
            .post(&format!("/intakes/{}/matching/run", s.intake), &[])
            .await;
        let run = id_of(&res.location());
        // A new approved mentor joins the pool after the run.
        approve(
            &w,
            &w.ctx.store.get_intake(s.intake).await.unwrap(),
            w.staff_b[1],
            w.org_b,
            ApplicationRole::Mentor,
        )
        .await;
        let page = sc.get(&format!("/match-runs/{run}")).await;
        assert!(page.text().contains("The pool has changed"));
        let res = sc.post(&format!("/match-runs/{run}/publish"), &[]).await;
        res.assert_status(StatusCode::CONFLICT);
        assert!(res.text().contains("Run matching again"), "{}", res.text());
        assert!(
            w.ctx
                .store
                .relationships_of_intake(s.intake)
                .await
                .unwrap()
                .is_empty()
        );
        let app = w.ctx.store.get_application(s.pa).await.unwrap();
        assert_eq!(app.status, ApplicationStatus::Approved, "nothing changed");
        // A pin added after a run also makes it out of date.
        let res = sc
            .post(&format!("/intakes/{}/matching/run", s.intake), &[])
            .await;
        let run = id_of(&res.location());
        let (first, second) = (s.pa.to_string(), s.mo.to_string());
        sc.post(
            &format!("/intakes/{}/matching/pins", s.intake),
            &[
                ("kind", "forbid"),
                ("first", first.as_str()),
                ("second", second.as_str()),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        let res = sc.post(&format!("/match-runs/{run}/publish"), &[]).await;
        res.assert_status(StatusCode::CONFLICT);
        assert!(
            w.ctx
                .store
                .relationships_of_intake(s.intake)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

// ----- API ---------------------------------------------------------------------------------

#[tokio::test]
async fn the_api_offers_deadline_decline_and_private_ending() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let sc = api_token(&w, SC).await;
        let pa = api_token(&w, PA).await;
        let mo = api_token(&w, MO).await;

        let (st, criteria) = call(
            &w,
            Method::GET,
            &format!("/api/v1/programmes/{}/matching-criteria", s.programme),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::OK);
        assert_eq!(criteria["different_organisation"], "must");
        let (st, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/pins", s.intake),
            &sc,
            Some(json!({ "kind": "lock", "first": s.pa, "second": s.mo })),
        )
        .await;
        assert_eq!(st, StatusCode::NO_CONTENT);
        // Participants may not run matching.
        let (st, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/match-runs", s.intake),
            &pa,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::FORBIDDEN);
        let (st, run) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/match-runs", s.intake),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{run}");
        assert_eq!(run["status"], "draft");
        assert_eq!(run["result"]["matches"].as_array().unwrap().len(), 2);
        let run_id = run["id"].as_str().unwrap().to_string();
        let (_, mine) = call(&w, Method::GET, "/api/v1/me/relationships", &pa, None).await;
        assert_eq!(mine, json!([]), "nothing visible before publication");
        let (st, published) = call(
            &w,
            Method::POST,
            &format!("/api/v1/match-runs/{run_id}/publish"),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{published}");
        assert_eq!(published["relationships"], 2);

        let (_, mine) = call(&w, Method::GET, "/api/v1/me/relationships", &pa, None).await;
        let rel = mine[0]["relationship"]["id"].as_str().unwrap().to_string();
        // Too late: fifteen days on, the offer (14 days) is closed.
        w.clock.advance(chrono::Duration::days(15));
        let (st, err) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{rel}/response"),
            &pa,
            Some(json!({ "answer": "accept" })),
        )
        .await;
        assert_eq!(st, StatusCode::CONFLICT);
        assert_eq!(err["error"]["code"], "refused");
        assert!(
            err["error"]["message"]
                .as_str()
                .unwrap()
                .contains("closed on"),
            "{err}"
        );
        let (_, view) = call(
            &w,
            Method::GET,
            &format!("/api/v1/relationships/{rel}"),
            &pa,
            None,
        )
        .await;
        assert_eq!(view["me"]["response"], "pending", "nothing changed");
        // The page no longer offers "Accept"; an accept sent anyway (an old tab) shows the
        // relationship again with the reason in the error summary, and writes nothing.
        let mut pab = w.signed_in(PA).await;
        let page = pab.get(&format!("/relationships/{rel}")).await;
        assert!(
            !page.contains(&format!("/relationships/{rel}/respond")),
            "{}",
            page.text()
        );
        let audit = w.ctx.store.list_audit(100_000).await.unwrap().len();
        let res = pab
            .post(
                &format!("/relationships/{rel}/respond"),
                &[("answer", "accept")],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.contains("There is a problem"), "{}", res.text());
        assert!(res.contains("The offer closed on"), "{}", res.text());
        assert!(res.contains("href=\"#status\""));
        assert_eq!(w.ctx.store.list_audit(100_000).await.unwrap().len(), audit);
        let (_, view) = call(
            &w,
            Method::GET,
            &format!("/api/v1/relationships/{rel}"),
            &pa,
            None,
        )
        .await;
        assert_eq!(view["me"]["response"], "pending", "nothing changed");
        // The coordinator lets it lapse through the page; here the other offer is declined.
        let other = w
            .ctx
            .store
            .relationships_of_intake(s.intake)
            .await
            .unwrap()
            .into_iter()
            .find(|r| r.id.to_string() != rel)
            .unwrap();
        assert!(other.member(w.participant).is_none());

        // A fresh pair for the decline and the ending: re-publish after lapsing.
        let mut scb = w.signed_in(SC).await;
        scb.post(&format!("/relationships/{rel}/lapse"), &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            w.ctx.store.get_application(s.pa).await.unwrap().status,
            ApplicationStatus::Approved
        );
        // Lapsed partners are not proposed to each other again; lock them back explicitly.
        let (_, run) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/match-runs", s.intake),
            &sc,
            None,
        )
        .await;
        let pair = run["result"]["matches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["applications"][0] == json!(s.pa));
        assert!(
            pair.is_some_and(|m| m["locked"] == json!(true)),
            "the lock still holds: {run}"
        );
        let run_id = run["id"].as_str().unwrap().to_string();
        let (st, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/match-runs/{run_id}/publish"),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::OK);
        let (_, mine) = call(&w, Method::GET, "/api/v1/me/relationships", &pa, None).await;
        let rel = mine[0]["relationship"]["id"].as_str().unwrap().to_string();
        for t in [&pa, &mo] {
            let (st, out) = call(
                &w,
                Method::POST,
                &format!("/api/v1/relationships/{rel}/response"),
                t,
                Some(json!({ "answer": "accept" })),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{out}");
        }
        for t in [&pa, &mo] {
            let (st, out) = call(
                &w,
                Method::POST,
                &format!("/api/v1/relationships/{rel}/signature"),
                t,
                Some(json!({ "version": 1 })),
            )
            .await;
            assert_eq!(st, StatusCode::OK, "{out}");
        }
        let (_, view) = call(
            &w,
            Method::GET,
            &format!("/api/v1/relationships/{rel}"),
            &mo,
            None,
        )
        .await;
        assert_eq!(view["relationship"]["status"], "active");
        // The fit check comes after the first session.
        let (st, err) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{rel}/fit-check"),
            &mo,
            Some(json!({ "fit": "unsure" })),
        )
        .await;
        assert_eq!(st, StatusCode::CONFLICT, "{err}");
        let today = w.ctx.now().date_naive().to_string();
        let (st, err) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{rel}/sessions"),
            &mo,
            Some(json!({ "held_on": today, "minutes": 60, "mode": "video" })),
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{err}");
        let (st, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{rel}/fit-check"),
            &mo,
            Some(json!({ "fit": "unsure" })),
        )
        .await;
        assert_eq!(st, StatusCode::NO_CONTENT);

        // Pat ends it privately: Mo goes back to the pool; nobody else can read the reason.
        let secret = "Private: my caring duties changed";
        let (st, out) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{rel}/ending"),
            &pa,
            Some(json!({ "reason": secret })),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{out}");
        assert_eq!(out["status"], "ended");
        assert_eq!(
            w.ctx.store.get_application(s.mo).await.unwrap().status,
            ApplicationStatus::Approved
        );
        for (who, token) in [("mentor", &mo), ("coordinator", &sc)] {
            let (_, v) = call(
                &w,
                Method::GET,
                &format!("/api/v1/relationships/{rel}"),
                token,
                None,
            )
            .await;
            assert!(!v.to_string().contains(secret), "{who} can read the reason");
        }
        let (_, v) = call(
            &w,
            Method::GET,
            &format!("/api/v1/relationships/{rel}"),
            &pa,
            None,
        )
        .await;
        assert_eq!(v["my_ending_reason"], secret);
        let mut mo_b = w.signed_in(MO).await;
        assert!(
            !mo_b
                .get(&format!("/relationships/{rel}"))
                .await
                .text()
                .contains(secret)
        );
        assert!(
            !scb.get(&format!("/relationships/{rel}"))
                .await
                .text()
                .contains(secret)
        );
        assert!(
            !scb.get(&format!("/intakes/{}/relationships", s.intake))
                .await
                .text()
                .contains(secret)
        );
        let audit = w.ctx.store.list_audit(50).await.unwrap();
        assert!(audit.iter().all(|e| !e.detail.contains(secret)));
    })
    .await;
}

#[tokio::test]
async fn sessions_are_capped_and_quiet_relationships_are_flagged() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let store = &w.ctx.store;
        let mut programme = store.get_programme(s.programme).await.unwrap();
        programme.rules.session_cap = Some(2);
        programme.rules.session_minutes = Some(60);
        store.update_programme(&programme).await.unwrap();
        store
            .add_pin(
                s.intake,
                tandem_domain::Pin {
                    kind: tandem_domain::PinKind::Lock,
                    first: s.pa,
                    second: s.mo,
                },
                Utc::now(),
            )
            .await
            .unwrap();
        let coordinator = {
            let id = store.account_by_email(SC).await.unwrap().unwrap().person_id;
            actor_of(&w, id).await
        };
        let run = services::matching::run(&w.ctx, &coordinator, s.intake)
            .await
            .unwrap();
        services::matching::publish(&w.ctx, &coordinator, run.id)
            .await
            .unwrap();
        let pat = actor_of(&w, w.participant).await;
        let mo = actor_of(&w, s.mo_person).await;
        let rel = store
            .relationships_of_person(w.participant)
            .await
            .unwrap()
            .pop()
            .unwrap();
        for a in [&pat, &mo] {
            services::matching::respond(&w.ctx, a, rel.id, true)
                .await
                .unwrap();
        }
        for a in [&pat, &mo] {
            services::matching::sign(&w.ctx, a, rel.id, 1)
                .await
                .unwrap();
        }

        // A session booked ahead shows on the programme page and on Pat's home.
        let token = api_token(&w, PA).await;
        let ahead = (w.ctx.now() + Duration::days(3)).date_naive().to_string();
        let (st, out) = call(
            &w,
            Method::POST,
            &format!("/api/v1/relationships/{}/bookings", rel.id),
            &token,
            Some(json!({ "date": ahead, "start": "10:00", "minutes": 30, "mode": "video", "link": "https://meet.example.org/x" })),
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{out}");
        let mut scp = w.signed_in(SC).await;
        let text = scp.get(&format!("/programmes/{}", s.programme)).await.text();
        assert!(text.contains("1 booked ahead"), "{text}");
        let mut browser = w.signed_in(PA).await;
        let home = browser.get("/dashboard").await.text();
        assert!(home.contains("Proposed session, not confirmed yet"), "{home}");
        let path = format!("/relationships/{}/sessions", rel.id);
        let date = |d: chrono::DateTime<Utc>| {
            use chrono::Datelike;
            (
                d.day().to_string(),
                d.month().to_string(),
                d.year().to_string(),
            )
        };
        let (d, m, y) = date(w.ctx.now());
        for (minutes, want, says) in [
            ("60", StatusCode::SEE_OTHER, ""),
            // Longer than one session of the programme: refused before any cap.
            (
                "90",
                StatusCode::UNPROCESSABLE_ENTITY,
                "lasts at most 60 minutes",
            ),
            ("60", StatusCode::SEE_OTHER, ""),
            // Beyond the cap: the form again with the reason (and what was typed).
            ("30", StatusCode::UNPROCESSABLE_ENTITY, "No session was logged"),
        ] {
            let f = [
                ("held_on-day", d.as_str()),
                ("held_on-month", m.as_str()),
                ("held_on-year", y.as_str()),
                ("minutes", minutes),
                ("mode", "video"),
            ];
            let res = browser.post(&path, &f).await;
            res.assert_status(want);
            if !says.is_empty() {
                assert!(res.text().contains(says), "{}", res.text());
                assert!(res.contains("There is a problem"));
                assert!(res.contains(&format!("value=\"{y}\"")), "the date as typed");
            }
        }
        assert_eq!(store.sessions_of(rel.id).await.unwrap().len(), 2);
        let page = browser.get(&format!("/relationships/{}", rel.id)).await;
        assert!(
            page.text().contains("2 of 2 sessions used"),
            "{}",
            page.text()
        );
        // At the cap the page no longer offers to log one, and says why.
        assert!(page.contains("id=\"log-not-offered\""), "{}", page.text());
        assert!(!page.contains(&format!("action=\"{path}\"")));
        // A session in the future is refused.
        let (d, m, y) = date(w.ctx.now() + Duration::days(3));
        let f = [
            ("held_on-day", d.as_str()),
            ("held_on-month", m.as_str()),
            ("held_on-year", y.as_str()),
            ("minutes", "10"),
            ("mode", "video"),
        ];
        browser
            .post(&path, &f)
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);

        // Pat's home shows the match with the sessions used against the cap.
        let home = browser.get("/dashboard").await.text();
        assert!(
            home.contains("Your matches") && home.contains("2 of 2 sessions used"),
            "{home}"
        );
        assert!(home.contains("with Mo Mentor"), "{home}");
        // The programme page counts the sessions against the caps.
        let text = scp
            .get(&format!("/programmes/{}", s.programme))
            .await
            .text();
        assert!(text.contains("2 of 2 sessions held"), "{text}");
        assert!(text.contains("0 with no session for 6 weeks"), "{text}");
        // Seven weeks on, the relationship shows as quiet for six weeks.
        let mut scb = w.signed_in(SC).await;
        let list = scb
            .get(&format!(
                "/intakes/{}/relationships?weeks=6&stale=1",
                s.intake
            ))
            .await;
        assert!(
            list.text().contains("0 live relationships"),
            "{}",
            list.text()
        );
        w.clock.advance(Duration::weeks(7));
        // (Browser sessions expire meanwhile: sign in again.)
        let mut scb = w.signed_in(SC).await;
        let list = scb
            .get(&format!(
                "/intakes/{}/relationships?weeks=6&stale=1",
                s.intake
            ))
            .await;
        assert!(
            list.text().contains("1 live relationship has had no session for 6 weeks"),
            "{}",
            list.text()
        );
        assert!(list.text().contains("Mo Mentor"));
        // One page, counted; an edited cursor gives the first page with a notice.
        assert!(list.contains("id=\"result-count\""), "{}", list.text());
        assert!(!list.contains("id=\"relationships-next\""));
        let edited = scb
            .get(&format!(
                "/intakes/{}/relationships?weeks=6&stale=1&cursor=edited",
                s.intake
            ))
            .await;
        edited.assert_status(StatusCode::OK);
        assert!(edited.contains("id=\"cursor-unknown\""), "{}", edited.text());
        assert!(edited.text().contains("Mo Mentor"));
        let text = scb
            .get(&format!("/programmes/{}", s.programme))
            .await
            .text();
        assert!(text.contains("1 with no session for 6 weeks"), "{text}");
        let list = scb
            .get(&format!("/intakes/{}/relationships?weeks=8", s.intake))
            .await;
        assert!(
            list.text().contains("0 live relationships"),
            "{}",
            list.text()
        );
    })
    .await;
}

#[tokio::test]
async fn shortlist_mode_lets_mentees_rank_and_stable_matching_decide() {
    on_backends(|w| async move {
        let s = setup(&w).await;
        let sc = api_token(&w, SC).await;
        let pa = api_token(&w, PA).await;
        // Not in shortlist mode: there is no shortlist.
        let (st, _) = call(
            &w,
            Method::GET,
            &format!("/api/v1/intakes/{}/shortlist", s.intake),
            &pa,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::NOT_FOUND);
        let (_, mut criteria) = call(
            &w,
            Method::GET,
            &format!("/api/v1/programmes/{}/matching-criteria", s.programme),
            &sc,
            None,
        )
        .await;
        criteria["shortlist"] = json!(3);
        let (st, out) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/programmes/{}/matching-criteria", s.programme),
            &sc,
            Some(criteria),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{out}");

        let (st, view) = call(
            &w,
            Method::GET,
            &format!("/api/v1/intakes/{}/shortlist", s.intake),
            &pa,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{view}");
        let suggested: Vec<String> = view["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["application_id"].as_str().unwrap().to_string())
            .collect();
        assert!(
            suggested.contains(&s.mo.to_string()) && suggested.contains(&s.mentor2.to_string()),
            "{view}"
        );
        // Ranking someone not suggested (another mentee) is refused.
        let (st, _) = call(
            &w,
            Method::PUT,
            &format!("/api/v1/intakes/{}/shortlist", s.intake),
            &pa,
            Some(json!({ "ranking": [s.mentee2] })),
        )
        .await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
        // The page refuses two mentors with the same choice number.
        let mut browser = w.signed_in(PA).await;
        let page = browser
            .get(&format!("/intakes/{}/shortlist", s.intake))
            .await;
        page.assert_status(StatusCode::OK);
        assert!(page.text().contains("Mo Mentor"));
        let (f1, f2) = (format!("rank_{}", s.mo), format!("rank_{}", s.mentor2));
        let res = browser
            .post(
                &format!("/intakes/{}/shortlist", s.intake),
                &[(f1.as_str(), "1"), (f2.as_str(), "1")],
            )
            .await;
        res.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        // Pat wants the second suggestion only.
        browser
            .post(
                &format!("/intakes/{}/shortlist", s.intake),
                &[(f1.as_str(), ""), (f2.as_str(), "1")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let (_, view) = call(
            &w,
            Method::GET,
            &format!("/api/v1/intakes/{}/shortlist", s.intake),
            &pa,
            None,
        )
        .await;
        assert_eq!(view["ranking"], json!([s.mentor2]));

        let (st, run) = call(
            &w,
            Method::POST,
            &format!("/api/v1/intakes/{}/match-runs", s.intake),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::CREATED, "{run}");
        let matches = run["result"]["matches"].as_array().unwrap();
        assert!(
            matches
                .iter()
                .any(|m| m["applications"] == json!([s.pa, s.mentor2])),
            "{run}"
        );
        // The other mentee ranked nobody.
        let unmatched = run["result"]["unmatched"].as_array().unwrap();
        assert!(
            unmatched
                .iter()
                .any(|u| u["application_id"] == json!(s.mentee2) && u["reason"] == "did_not_rank"),
            "{run}"
        );
        // A ranking changed after the run makes publishing refuse.
        browser
            .post(
                &format!("/intakes/{}/shortlist", s.intake),
                &[(f1.as_str(), "1"), (f2.as_str(), "2")],
            )
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let run_id = run["id"].as_str().unwrap();
        let (st, _) = call(
            &w,
            Method::POST,
            &format!("/api/v1/match-runs/{run_id}/publish"),
            &sc,
            None,
        )
        .await;
        assert_eq!(st, StatusCode::CONFLICT);
    })
    .await;
}
