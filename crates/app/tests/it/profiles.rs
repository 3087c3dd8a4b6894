//! Profiles through the use cases: a participant keeps their own, who sees which part of it,
//! the application form filled from it, and the number to call for a telephone session, shown
//! to the pair only: on their pages, their `.ics` files and their own feeds, never to a
//! coordinator, in another person's feed, in the outbox payload or in the audit log.

use crate::errors::{fields, key};
use chrono::Duration;
use tandem_app::profiles;
use tandem_app::sessions::{self, Action, BookingInput};
use tandem_app::{AppError, matching};
use tandem_domain::profile::{ContactRoute, PhoneKind, ProfileInput};
use tandem_domain::{FrameworkDimension, Mode, ProgrammeRules, Slot};
use tandem_test_support::{World, on_worlds};

const MO_MOBILE: &str = "07700 900461";
const MO_SHOWN: &str = "+44 7700 900461";
const MO_STORED: &str = "+447700900461";

fn profile() -> ProfileInput {
    ProfileInput {
        expertise: vec![FrameworkDimension::EngagingTheTeam],
        expertise_topics: "Rotas, ward leadership".into(),
        interests: vec![FrameworkDimension::SharingTheVision],
        interest_topics: "Quality improvement".into(),
        languages: vec!["en".into(), "pl".into()],
        availability: vec![Slot::from_code("tue_pm").unwrap()],
        modes: vec![Mode::Telephone, Mode::Video],
        location: "Leeds".into(),
        introduction: "Charge nurse on a surgical ward.".into(),
        work_phone: String::new(),
        mobile_phone: MO_MOBILE.into(),
        preferred_phone: Some(PhoneKind::Mobile),
        contact_route: Some(ContactRoute::Phone),
    }
}

#[tokio::test]
async fn a_participant_keeps_their_profile_and_others_see_what_policy_allows() {
    on_worlds(|w| async move {
        let me = w.actor(w.participant).await;
        let empty = profiles::own(&w.ctx, &me).await.unwrap();
        assert!(empty.updated_at.is_none() && empty.profile.is_empty());

        // A wrong field refuses the whole save and writes nothing.
        let mut bad = profile();
        bad.mobile_phone = "07700-900461".into();
        bad.introduction = "x".repeat(1001);
        let e = profiles::save(&w.ctx, &me, bad).await.unwrap_err();
        let f = fields(&e);
        assert!(f.contains(&("mobile_phone".into(), "error.profiles.phone_invalid".into())));
        assert!(f.contains(&("introduction".into(), "error.too_long_n".into())));
        assert_eq!(w.ctx.store.profile_of(w.participant).await.unwrap(), None);

        let saved = profiles::save(&w.ctx, &me, profile()).await.unwrap();
        assert_eq!(
            saved.profile.contact.mobile_phone, MO_STORED,
            "stored normalised"
        );
        assert_eq!(saved.mobile_phone_shown, MO_SHOWN, "shown formatted");
        assert!(saved.updated_at.is_some());
        // Audited by id, without the content.
        let audit = w.ctx.store.list_audit(20).await.unwrap();
        let entry = audit
            .iter()
            .find(|a| a.action == "profile.saved")
            .expect("audited");
        assert_eq!(entry.subject, w.participant.to_string());
        assert!(!format!("{audit:?}").contains("900461"));

        // The person sees all of it; their organisation's coordinator and the scheme
        // coordinator see the profile but not the phone number; the other organisation's
        // coordinator sees nothing of it.
        let own = profiles::view(&w.ctx, &me, w.participant).await.unwrap();
        assert!(own.own && own.details.is_some());
        assert_eq!(own.contact.unwrap().mobile_phone, MO_SHOWN);
        for coordinator in [w.coordinator_a, w.scheme_coordinator] {
            let c = w.actor(coordinator).await;
            let seen = profiles::view(&w.ctx, &c, w.participant).await.unwrap();
            assert!(seen.summary.is_some() && seen.details.is_some());
            assert!(
                seen.contact.is_none(),
                "coordinators never see phone numbers"
            );
            assert!(!serde_json::to_string(&seen).unwrap().contains("900461"));
        }
        let elsewhere = w.actor(w.coordinator_b).await;
        assert!(matches!(
            profiles::view(&w.ctx, &elsewhere, w.participant).await,
            Err(AppError::NotFound)
        ));
        // Another participant sees nothing until the person lists themselves in the directory,
        // and then the summary only.
        let other = w
            .add_participant(w.org_b, "Oli", "Other", "oli@beta.example.org")
            .await;
        let oli = w.actor(other).await;
        assert!(matches!(
            profiles::view(&w.ctx, &oli, w.participant).await,
            Err(AppError::NotFound)
        ));
        tandem_app::growth::opt_in(&w.ctx, &me, "Rotas", &[])
            .await
            .unwrap();
        let listed = profiles::view(&w.ctx, &oli, w.participant).await.unwrap();
        assert!(listed.summary.is_some());
        assert!(listed.details.is_none() && listed.contact.is_none());
        // Nobody edits someone else's profile.
        let c = w.actor(w.coordinator_a).await;
        assert!(matches!(
            profiles::own(&w.ctx, &c).await.map(|o| o.person_id),
            Ok(p) if p == w.coordinator_a
        ));
        assert_eq!(
            profiles::back_from_person(&me, w.participant),
            "/profile",
            "a participant is sent back to their profile, not to the people list"
        );
        assert_eq!(profiles::back_from_person(&c, w.participant), "/people");

        // The application form is filled from the profile where it asks the same.
        let pre = profiles::prefill(&w.ctx, &me).await.unwrap();
        assert_eq!(pre.goals, vec![FrameworkDimension::SharingTheVision]);
        assert_eq!(pre.expertise, vec![FrameworkDimension::EngagingTheTeam]);
        assert_eq!(pre.availability, vec![Slot::from_code("tue_pm").unwrap()]);
        assert_eq!(pre.modes, vec![Mode::Telephone, Mode::Video]);
    })
    .await;
}

fn by_phone(w: &World, days: i64) -> BookingInput {
    BookingInput {
        date: Some((w.ctx.now() + Duration::days(days)).date_naive()),
        start: Some("10:00".into()),
        minutes: Some(45),
        mode: Some(Mode::Telephone),
        link: None,
        place: None,
    }
}

#[tokio::test]
async fn a_telephone_session_shows_the_number_to_the_pair_only() {
    on_worlds(|w| async move {
        let rules = ProgrammeRules {
            modes: vec![Mode::Telephone, Mode::Video],
            ..ProgrammeRules::default()
        };
        let (m, r) = w.active_mentoring(rules).await;
        let [pat_id, mo_id] = m.people();
        let (pat, mo) = (w.actor(pat_id).await, w.actor(mo_id).await);
        profiles::save(&w.ctx, &mo, profile()).await.unwrap();

        // Pat proposes: by default Pat calls Mo (the member who did not propose it).
        let b = sessions::propose(&w.ctx, &pat, r.id, by_phone(&w, 4))
            .await
            .unwrap();
        let call = profiles::number_to_call(&w.ctx, &pat, b.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (call.member, call.number.as_deref()),
            (mo_id, Some(MO_SHOWN))
        );
        let view = sessions::overview(&w.ctx, &pat, r.id).await.unwrap();
        let s = view.sessions.iter().find(|s| s.session.id == b.id).unwrap();
        assert_eq!(s.call.as_ref().unwrap().number.as_deref(), Some(MO_SHOWN));
        assert!(!s.call_mine);
        // The .ics download of both members carries it.
        for who in [&pat, &mo] {
            let ics = sessions::ics(&w.ctx, who, b.id).await.unwrap();
            assert!(ics.contains("LOCATION:Tel. +44 7700 900461"), "{ics}");
        }
        // Mo's own feed carries it too.
        let token = sessions::new_feed_token(&w.ctx, &mo).await.unwrap();
        assert!(
            sessions::feed(&w.ctx, &token)
                .await
                .unwrap()
                .contains(MO_SHOWN)
        );

        // The outbox payload of the notice holds ids, never the number; the e-mailed .ics,
        // rendered at delivery, carries it.
        let rows = w
            .ctx
            .store
            .notices_with_key_prefix("session.proposed:")
            .await
            .unwrap();
        assert!(!rows.is_empty());
        for row in &rows {
            assert!(!row.payload.contains("900461"), "payload: {}", row.payload);
        }
        w.deliver().await;
        let mail = w.mailer.sent();
        let to_mo: Vec<_> = mail
            .iter()
            .filter(|e| e.kind.as_deref() == Some("session.proposed"))
            .collect();
        assert!(!to_mo.is_empty());
        assert!(
            to_mo
                .iter()
                .all(|e| e.attachments.iter().any(|a| a.body.contains(MO_SHOWN)))
        );

        // Nobody else: the scheme coordinator's view of the relationship, Pat's coordinator,
        // the audit log, and the feed of someone in another relationship lack it.
        let sc = w.actor(w.scheme_coordinator).await;
        let seen = matching::get(&w.ctx, &sc, r.id).await.unwrap();
        assert!(!serde_json::to_string(&seen).unwrap().contains("900461"));
        assert!(matches!(
            profiles::number_to_call(&w.ctx, &sc, b.id).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            sessions::ics(&w.ctx, &sc, b.id).await,
            Err(AppError::NotFound)
        ));
        let other = w
            .add_participant(w.org_a, "Oli", "Other", "oli@alpha.example.org")
            .await;
        let oli = w.actor(other).await;
        let oli_token = sessions::new_feed_token(&w.ctx, &oli).await.unwrap();
        assert!(
            !sessions::feed(&w.ctx, &oli_token)
                .await
                .unwrap()
                .contains("900461")
        );
        let audit = w.ctx.store.list_audit(200).await.unwrap();
        assert!(!format!("{audit:?}").contains("900461"));

        // Either member changes whose number is called: Mo chooses Pat's, who has none yet, so
        // the pages say so (number: None) and the file carries no number.
        profiles::set_number_to_call(&w.ctx, &mo, b.id, pat_id)
            .await
            .unwrap();
        let call = profiles::number_to_call(&w.ctx, &mo, b.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((call.member, call.number), (pat_id, None));
        let view = sessions::overview(&w.ctx, &pat, r.id).await.unwrap();
        assert!(
            view.sessions
                .iter()
                .any(|s| s.session.id == b.id && s.call_mine)
        );
        assert!(
            !sessions::ics(&w.ctx, &pat, b.id)
                .await
                .unwrap()
                .contains("Tel.")
        );
        // A non-member is not even told the session exists, and writes nothing.
        assert!(matches!(
            profiles::set_number_to_call(&w.ctx, &oli, b.id, other).await,
            Err(AppError::NotFound)
        ));
        assert_eq!(
            w.ctx.store.session_call_member(b.id).await.unwrap(),
            Some(pat_id)
        );
        // Only a member's number can be chosen.
        let e = profiles::set_number_to_call(&w.ctx, &pat, b.id, other)
            .await
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![(
                "call_member".into(),
                "error.profiles.call_member_invalid".into()
            )]
        );
        // A video session has no number to call, and none can be chosen.
        let video = BookingInput {
            mode: Some(Mode::Video),
            link: Some("https://meet.example.org/x".into()),
            ..by_phone(&w, 6)
        };
        let v = sessions::propose(&w.ctx, &pat, r.id, video).await.unwrap();
        assert!(
            profiles::number_to_call(&w.ctx, &pat, v.id)
                .await
                .unwrap()
                .is_none()
        );
        let e = profiles::set_number_to_call(&w.ctx, &pat, v.id, mo_id)
            .await
            .unwrap_err();
        assert_eq!(key(&e), "error.sessions.changed");
        // Once cancelled, nothing is shown any more.
        let b = w.ctx.store.get_booking(b.id).await.unwrap();
        sessions::act(&w.ctx, &pat, b.id, Some(b.sequence), Action::Cancel)
            .await
            .unwrap();
        let view = sessions::overview(&w.ctx, &pat, r.id).await.unwrap();
        assert!(
            view.sessions
                .iter()
                .all(|s| s.session.id != b.id || s.call.is_none())
        );
    })
    .await;
}
