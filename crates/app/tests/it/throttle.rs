//! Rate limits, the progressive delay after failed sign-ins, the bound on password hashing, and
//! the life of tokens: reset links that a new password spends, API tokens that expire, are
//! revoked, stop with their account and record their use about once a minute.

use chrono::Duration;
use tandem_app::throttle::{Client, Limit, ThrottleSettings};
use tandem_app::{AppError, Context, Settings, accounts, registration, sign_in};
use tandem_storage::{ApiTokenRecord, TokenKind};
use tandem_test_support::{CA, PASSWORD, SC, World, WorldOptions, on_worlds, on_worlds_with};

fn options(throttle: ThrottleSettings) -> WorldOptions {
    let mut o = WorldOptions::default();
    o.settings = Settings {
        throttle,
        ..o.settings
    };
    o
}

fn too_many(r: &Result<impl std::fmt::Debug, AppError>) -> bool {
    matches!(r, Err(AppError::TooManyRequests { retry_after }) if *retry_after >= 1)
}

async fn user(w: &World, email: &str) -> accounts::User {
    let account = w.ctx.store.account_by_email(email).await.unwrap().unwrap();
    accounts::user_for_account(&w.ctx, account.id)
        .await
        .unwrap()
        .unwrap()
}

async fn queued(ctx: &Context) -> u64 {
    ctx.store.outbox_counts().await.unwrap().queued
}

/// The reset tokens e-mailed to `to`, oldest first.
async fn reset_tokens(w: &World, to: &str) -> Vec<String> {
    w.deliver().await;
    w.mailer
        .sent()
        .iter()
        .filter(|m| m.to == to && m.kind.as_deref() == Some("account.password_reset"))
        .map(|m| {
            let at = m.text.find("token=").expect("a link") + "token=".len();
            m.text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn emailed_requests_are_limited_per_address_and_per_email_and_refusals_queue_nothing() {
    let throttle = ThrottleSettings {
        requests_per_account: Limit::new(2, 3600),
        requests_per_address: Limit::new(4, 3600),
        ..ThrottleSettings::default()
    };
    on_worlds_with(options(throttle), |w| async move {
        let client = Client::at("192.0.2.1");
        for _ in 0..2 {
            accounts::request_password_reset_from(&w.ctx, &client, CA)
                .await
                .unwrap();
        }
        let before = queued(&w.ctx).await;
        let third = accounts::request_password_reset_from(&w.ctx, &client, CA).await;
        assert!(too_many(&third), "{third:?}");
        assert_eq!(queued(&w.ctx).await, before, "nothing queued");
        // An address without an account is limited alike (the limit reveals nothing).
        let other = Client::at("192.0.2.2");
        for _ in 0..2 {
            accounts::request_password_reset_from(&w.ctx, &other, "nobody@alpha.example.org")
                .await
                .unwrap();
        }
        let r =
            accounts::request_password_reset_from(&w.ctx, &other, "nobody@alpha.example.org").await;
        assert!(too_many(&r), "{r:?}");
        // Sign-in links count apart from resets, and the client's own limit applies across
        // addresses.
        for email in [SC, "a@alpha.example.org"] {
            sign_in::request_sign_in_link_from(&w.ctx, &client, email)
                .await
                .unwrap();
        }
        for email in ["b@alpha.example.org", "c@alpha.example.org"] {
            sign_in::request_sign_in_link_from(&w.ctx, &client, email)
                .await
                .unwrap();
        }
        let r = sign_in::request_sign_in_link_from(&w.ctx, &client, "d@alpha.example.org").await;
        assert!(too_many(&r), "{r:?}");
        // Callers without a network client (the command line) are not rate limited.
        accounts::request_password_reset(&w.ctx, CA).await.unwrap();
        // A new window admits the client again.
        w.clock.advance(Duration::hours(1));
        accounts::request_password_reset_from(&w.ctx, &client, CA)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn self_registration_is_limited_per_client_address() {
    let throttle = ThrottleSettings {
        requests_per_address: Limit::new(1, 3600),
        ..ThrottleSettings::default()
    };
    on_worlds_with(options(throttle), |w| async move {
        let client = Client::at("2001:db8::1");
        // A closed scheme refuses before anything is counted.
        let mut s = w.ctx.store.scheme_settings(w.scheme).await.unwrap();
        s.self_registration = true;
        w.ctx
            .store
            .update_scheme_settings(w.scheme, &s)
            .await
            .unwrap();
        // Invalid input is answered as usual, and not counted.
        let r = registration::register_from(&w.ctx, &client, Default::default()).await;
        assert!(matches!(r, Err(AppError::Validation(_))), "{r:?}");
        let input = |email: &str| registration::RegistrationInput {
            given_name: "Nina".into(),
            family_name: "New".into(),
            email: email.into(),
            email_kind: Some(tandem_domain::EmailKind::Personal),
            organisation_id: Some(w.org_a),
            job_title: "Nurse".into(),
            profession: "Nursing".into(),
            grade_system: Some(tandem_domain::GradeSystem::AgendaForChange),
            grade: "5".into(),
            language: None,
        };
        registration::register_from(&w.ctx, &client, input("nina@alpha.example.org"))
            .await
            .unwrap();
        let before = w.people_count().await;
        let r = registration::register_from(&w.ctx, &client, input("nora@alpha.example.org")).await;
        assert!(too_many(&r), "{r:?}");
        assert_eq!(w.people_count().await, before, "nothing written");
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_delay_the_address_without_checking_the_password() {
    let throttle = ThrottleSettings {
        delay_after_failures: 2,
        delay_max_seconds: 10,
        ..ThrottleSettings::default()
    };
    on_worlds_with(options(throttle), |w| async move {
        for _ in 0..2 {
            let r = accounts::sign_in(&w.ctx, CA, "wrong password!").await;
            assert!(matches!(r, Err(AppError::Validation(_))), "{r:?}");
        }
        let r = accounts::sign_in(&w.ctx, CA, PASSWORD).await;
        assert!(
            matches!(r, Err(AppError::TooManyRequests { retry_after: 2 })),
            "{r:?}"
        );
        // Failures while the delay runs are not counted (they never reach the password).
        let r = accounts::sign_in(&w.ctx, CA, "wrong password!").await;
        assert!(too_many(&r));
        w.clock.advance(Duration::seconds(3));
        for wait in [4, 8, 10, 10] {
            let r = accounts::sign_in(&w.ctx, CA, "wrong password!").await;
            assert!(matches!(r, Err(AppError::Validation(_))), "{r:?}");
            let r = accounts::sign_in(&w.ctx, CA, PASSWORD).await;
            assert!(
                matches!(r, Err(AppError::TooManyRequests { retry_after }) if retry_after == wait),
                "{wait}: {r:?}"
            );
            w.clock.advance(Duration::seconds(wait as i64 + 1));
        }
        accounts::sign_in(&w.ctx, CA, PASSWORD).await.unwrap();
        // Nothing was locked, and a day's quiet clears the count anyway.
        let a = w.ctx.store.account_by_email(CA).await.unwrap().unwrap();
        assert_eq!(a.locked_until, None);
    })
    .await;
}

#[tokio::test]
async fn with_no_hash_slot_free_sign_in_is_busy_and_counts_no_failure() {
    let throttle = ThrottleSettings {
        hash_slots: 0,
        hash_wait_ms: 10,
        delay_after_failures: 1,
        ..ThrottleSettings::default()
    };
    on_worlds_with(options(throttle), |w| async move {
        for _ in 0..3 {
            let r = accounts::sign_in(&w.ctx, CA, "wrong password!").await;
            assert!(matches!(r, Err(AppError::Busy { retry_after: 2 })), "{r:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_new_password_spends_every_earlier_reset_link_and_ends_sessions_and_tokens() {
    on_worlds(|w| async move {
        accounts::request_password_reset(&w.ctx, CA).await.unwrap();
        accounts::request_password_reset(&w.ctx, CA).await.unwrap();
        let tokens = reset_tokens(&w, CA).await;
        assert_eq!(tokens.len(), 2);
        let session = accounts::sign_in(&w.ctx, CA, PASSWORD).await.unwrap();
        let api = accounts::create_api_token(&w.ctx, &user(&w, CA).await, "laptop")
            .await
            .unwrap();
        // The newer link resets the password...
        accounts::reset_password(&w.ctx, &tokens[1], "a brand new password", "a brand new password")
            .await
            .unwrap();
        // ...and the older one no longer works.
        let r = accounts::reset_password(&w.ctx, &tokens[0], "yet another password", "yet another password")
            .await;
        assert!(
            matches!(&r, Err(AppError::Validation(v)) if format!("{v:?}").contains("error.link_invalid")),
            "{r:?}"
        );
        assert!(accounts::user_for_session(&w.ctx, &session.token).await.unwrap().is_none());
        assert!(matches!(
            accounts::user_for_api_token(&w.ctx, &api).await,
            Err(AppError::Unauthenticated)
        ));
        accounts::sign_in(&w.ctx, CA, "a brand new password").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn every_emailed_link_works_once() {
    on_worlds(|w| async move {
        // Invitation.
        let invitee = w.staff_a[0];
        let sc = w.actor(w.scheme_coordinator).await;
        accounts::invite(&w.ctx, &sc, invitee).await.unwrap();
        w.deliver().await;
        let mail = w
            .mailer
            .sent()
            .into_iter()
            .rfind(|m| m.kind.as_deref() == Some("account.invitation"))
            .expect("an invitation");
        let at = mail.text.find("token=").unwrap() + "token=".len();
        let token: String = mail.text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        accounts::accept_invitation(&w.ctx, &token, "my first password", "my first password")
            .await
            .unwrap();
        let again =
            accounts::accept_invitation(&w.ctx, &token, "my other password", "my other password")
                .await;
        assert!(matches!(again, Err(AppError::Validation(_))), "{again:?}");
        // Password reset.
        accounts::request_password_reset(&w.ctx, SC).await.unwrap();
        let token = reset_tokens(&w, SC).await.pop().unwrap();
        accounts::reset_password(
            &w.ctx,
            &token,
            "a brand new password",
            "a brand new password",
        )
        .await
        .unwrap();
        let again = accounts::reset_password(
            &w.ctx,
            &token,
            "a brand new password",
            "a brand new password",
        )
        .await;
        assert!(matches!(again, Err(AppError::Validation(_))), "{again:?}");
        // Tokens of one kind never pass for another.
        let acc = w.ctx.store.account_by_email(SC).await.unwrap().unwrap();
        let hash = accounts::token_hash("a made-up link");
        w.ctx
            .store
            .create_token(&tandem_storage::TokenRecord {
                token_hash: hash,
                kind: TokenKind::SignInLink,
                account_id: acc.id,
                expires_at: w.ctx.now() + Duration::hours(1),
            })
            .await
            .unwrap();
        let r = accounts::reset_password(
            &w.ctx,
            "a made-up link",
            "a brand new password",
            "a brand new password",
        )
        .await;
        assert!(matches!(r, Err(AppError::Validation(_))), "{r:?}");
        sign_in::sign_in_with_link(&w.ctx, "a made-up link")
            .await
            .unwrap();
        assert!(
            sign_in::sign_in_with_link(&w.ctx, "a made-up link")
                .await
                .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn api_tokens_expire_are_revoked_by_their_owner_and_stop_with_their_account() {
    on_worlds(|w| async move {
        let ca = user(&w, CA).await;
        let made = accounts::new_api_token(&w.ctx, &Client::local(), &ca, "Reporting", Some(10))
            .await
            .unwrap();
        assert!(!made.token.expired);
        // Used: recorded, then not written again within the minute.
        accounts::user_for_api_token(&w.ctx, &made.secret)
            .await
            .unwrap();
        let first = accounts::api_tokens(&w.ctx, &ca).await.unwrap()[0]
            .last_used_at
            .unwrap();
        w.clock.advance(Duration::seconds(30));
        accounts::user_for_api_token(&w.ctx, &made.secret)
            .await
            .unwrap();
        assert_eq!(
            accounts::api_tokens(&w.ctx, &ca).await.unwrap()[0].last_used_at,
            Some(first)
        );
        w.clock.advance(Duration::seconds(31));
        accounts::user_for_api_token(&w.ctx, &made.secret)
            .await
            .unwrap();
        let later = accounts::api_tokens(&w.ctx, &ca).await.unwrap()[0]
            .last_used_at
            .unwrap();
        assert!(later > first);
        // Lifetimes beyond the maximum, or of no days, are refused.
        for days in [0, 366] {
            let r = accounts::new_api_token(&w.ctx, &Client::local(), &ca, "x", Some(days)).await;
            assert!(matches!(r, Err(AppError::Validation(_))), "{days}");
        }
        // Somebody else cannot revoke it.
        let sc = user(&w, SC).await;
        assert!(matches!(
            accounts::revoke_api_token(&w.ctx, &sc, &made.token.id).await,
            Err(AppError::NotFound)
        ));
        // A disabled account's token stops working, and works again when it is enabled.
        w.ctx
            .store
            .set_account_disabled(ca.account_id, true)
            .await
            .unwrap();
        assert!(matches!(
            accounts::user_for_api_token(&w.ctx, &made.secret).await,
            Err(AppError::Unauthenticated)
        ));
        w.ctx
            .store
            .set_account_disabled(ca.account_id, false)
            .await
            .unwrap();
        accounts::user_for_api_token(&w.ctx, &made.secret)
            .await
            .unwrap();
        // Expired after its ten days.
        w.clock.advance(Duration::days(10));
        assert!(matches!(
            accounts::user_for_api_token(&w.ctx, &made.secret).await,
            Err(AppError::Unauthenticated)
        ));
        assert!(accounts::api_tokens(&w.ctx, &ca).await.unwrap()[0].expired);
        accounts::revoke_api_token(&w.ctx, &ca, &made.token.id)
            .await
            .unwrap();
        assert!(accounts::api_tokens(&w.ctx, &ca).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn upkeep_gives_tokens_from_before_expiry_the_default_lifetime() {
    on_worlds(|w| async move {
        let ca = user(&w, CA).await;
        w.ctx
            .store
            .create_api_token(&ApiTokenRecord {
                id: "legacy-0123".into(),
                token_hash: accounts::token_hash("tandem_old"),
                account_id: ca.account_id,
                name: "Old".into(),
                created_at: w.ctx.now() - Duration::days(400),
                expires_at: None,
                last_used_at: None,
            })
            .await
            .unwrap();
        // Until then it works (nobody's integration breaks at the upgrade)...
        accounts::user_for_api_token(&w.ctx, "tandem_old")
            .await
            .unwrap();
        tandem_app::upkeep::sweep(&w.ctx).await.unwrap();
        let t = &accounts::api_tokens(&w.ctx, &ca).await.unwrap()[0];
        let days = (t.expires_at.unwrap() - w.ctx.now()).num_days();
        assert!((89..=90).contains(&days), "{days}");
        // ...and it stops after the default lifetime.
        w.clock.advance(Duration::days(91));
        assert!(matches!(
            accounts::user_for_api_token(&w.ctx, "tandem_old").await,
            Err(AppError::Unauthenticated)
        ));
    })
    .await;
}
