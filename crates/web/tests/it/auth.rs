//! Sign-in, the delay after failures, sessions, CSRF, sign-out, password reset and invitations.

use crate::harness::{CA, PA, PASSWORD, SC, on_backends};
use axum::http::{StatusCode, header};
use tandem_app as services;
use tandem_storage::TokenKind;

/// The answer to a wrong password and an unknown address alike.
const SIGN_IN_FAILED: &str = "The email address or password is not correct";

#[tokio::test]
async fn sign_in_sets_a_hardened_cookie_and_a_new_session_each_time() {
    on_backends(|w| async move {
        let mut b = w.browser();
        let page = b.sign_in(SC, PASSWORD).await;
        page.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/dashboard");
        let cookie = page
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("__Host-tandem_session="))
            .expect("session cookie");
        for attr in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/"] {
            assert!(cookie.contains(attr), "{attr} missing from {cookie}");
        }
        let first = b.cookies["__Host-tandem_session"].clone();
        let dash = b.get("/dashboard").await;
        dash.assert_status(StatusCode::OK);
        assert!(dash.contains("Sam Coordinator"));

        // Signing in again gives a new session id and ends the old one.
        b.sign_in(SC, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let second = b.cookies["__Host-tandem_session"].clone();
        assert_ne!(first, second);
        let mut old = w.browser();
        old.cookies.insert("__Host-tandem_session".into(), first);
        let res = old.get("/dashboard").await;
        res.assert_status(StatusCode::SEE_OTHER);
        assert!(res.location().starts_with("/sign-in"));
    })
    .await;
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    on_backends(|w| async move {
        let mut b = w.browser();
        let wrong = b.sign_in(SC, "not the password").await;
        wrong.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let unknown = b.sign_in("nobody@nowhere.example.org", PASSWORD).await;
        unknown.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        for page in [&wrong, &unknown] {
            assert!(page.contains("The email address or password is not correct"));
            assert!(page.contains("nhsuk-error-summary"));
            assert!(page.contains("href=\"#email\""));
            // The password is never echoed back.
            assert!(!page.contains(PASSWORD) && !page.contains("not the password"));
        }
        assert!(!b.cookies.keys().any(|k| k.contains("session")));
    })
    .await;
}

/// The answer while an address's progressive delay runs.
const TOO_MANY: &str = "Too many attempts. Wait";

#[tokio::test]
async fn repeated_failures_slow_the_address_down_without_locking_it_or_revealing_it() {
    on_backends(|w| async move {
        let threshold = w.ctx.settings.throttle.delay_after_failures;
        let mut b = w.browser();
        for _ in 0..threshold {
            let page = b.sign_in(CA, "wrong password!").await;
            page.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
            assert!(page.contains(SIGN_IN_FAILED));
        }
        // Inside the wait even the right password is refused, before it is checked, with a
        // 429 that says how long to wait.
        let right = b.sign_in(CA, PASSWORD).await;
        right.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(right.headers[header::RETRY_AFTER], "2");
        assert!(right.contains(TOO_MANY), "{}", right.text());
        assert!(right.contains("href=\"#email\""));
        // An address without an account is slowed down exactly alike: the wait says nothing
        // about who has an account.
        let nobody = "nobody@alpha.example.org";
        for _ in 0..threshold {
            w.browser()
                .sign_in(nobody, "wrong password!")
                .await
                .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        let unknown = w.browser().sign_in(nobody, "wrong password!").await;
        unknown.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(unknown.headers[header::RETRY_AFTER], "2");
        // Nothing locks the account, and someone else is not affected.
        let account = w.ctx.store.account_by_email(CA).await.unwrap().unwrap();
        assert_eq!(account.locked_until, None);
        w.browser()
            .sign_in(SC, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        // Once the wait has passed a further failure doubles it...
        w.clock.advance(chrono::Duration::seconds(3));
        b.sign_in(CA, "wrong password!")
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let again = b.sign_in(CA, PASSWORD).await;
        again.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(again.headers[header::RETRY_AFTER], "4");
        // ...and the right password, after it, signs in and forgets the failures.
        w.clock.advance(chrono::Duration::seconds(5));
        b.sign_in(CA, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let mut fresh = w.browser();
        fresh
            .sign_in(CA, "wrong password!")
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        fresh
            .sign_in(CA, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn parallel_failed_sign_ins_are_all_counted() {
    on_backends(|w| async move {
        let threshold = w.ctx.settings.throttle.delay_after_failures;
        assert!(
            threshold <= 6,
            "six parallel failures must reach the threshold"
        );
        let mut browsers: Vec<_> = (0..6).map(|_| w.browser()).collect();
        // Each attempt saw no failure before it; the delay must still follow from the count in
        // the store, not from what each request read.
        let [b1, b2, b3, b4, b5, b6] = &mut browsers[..] else {
            panic!("six browsers");
        };
        let wrong = "wrong password!";
        let statuses = tokio::join!(
            b1.sign_in(CA, wrong),
            b2.sign_in(CA, wrong),
            b3.sign_in(CA, wrong),
            b4.sign_in(CA, wrong),
            b5.sign_in(CA, wrong),
            b6.sign_in(CA, wrong),
        );
        for page in [
            statuses.0, statuses.1, statuses.2, statuses.3, statuses.4, statuses.5,
        ] {
            assert!(
                [
                    StatusCode::UNPROCESSABLE_ENTITY,
                    StatusCode::TOO_MANY_REQUESTS
                ]
                .contains(&page.status),
                "{}",
                page.status
            );
        }
        w.browser()
            .sign_in(CA, PASSWORD)
            .await
            .assert_status(StatusCode::TOO_MANY_REQUESTS);
        // The wait is short and capped: then the right password works.
        w.clock.advance(chrono::Duration::seconds(i64::from(
            w.ctx.settings.throttle.delay_max_seconds,
        )));
        w.browser()
            .sign_in(CA, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

#[tokio::test]
async fn forms_without_the_right_csrf_token_are_refused_and_write_nothing() {
    on_backends(|w| async move {
        let mut b = w.signed_in(SC).await;
        let before = w
            .ctx
            .store
            .list_organisations(w.scheme)
            .await
            .unwrap()
            .len();
        let fields = [
            ("name", "Gamma Care"),
            ("kind", "charity"),
            ("country", "GB"),
        ];
        let none = b.post_raw("/organisations/new", &fields).await;
        none.assert_status(StatusCode::FORBIDDEN);
        assert!(none.contains("This form has expired"));
        let wrong = b
            .post_raw(
                "/organisations/new",
                &[
                    ("csrf_token", "forged-token-forged-token-forged-token"),
                    ("name", "Gamma Care"),
                    ("kind", "charity"),
                    ("country", "GB"),
                ],
            )
            .await;
        wrong.assert_status(StatusCode::FORBIDDEN);
        // A token of another session does not work either.
        let mut other = w.signed_in(CA).await;
        let other_token = other.token().await;
        b.post_raw(
            "/organisations/new",
            &[
                ("csrf_token", other_token.as_str()),
                ("name", "Gamma Care"),
                ("kind", "charity"),
                ("country", "GB"),
            ],
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        // The sign-out form is protected too.
        b.post_raw("/sign-out", &[])
            .await
            .assert_status(StatusCode::FORBIDDEN);
        b.get("/dashboard").await.assert_status(StatusCode::OK);
        // Uploads are checked as well.
        b.upload_with_token(
            "/people/import",
            "p.csv",
            b"given_name,family_name,email,organisation\n",
            None,
        )
        .await
        .assert_status(StatusCode::FORBIDDEN);
        assert_eq!(
            w.ctx
                .store
                .list_organisations(w.scheme)
                .await
                .unwrap()
                .len(),
            before
        );
        // With the token it works.
        b.post("/organisations/new", &fields)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        assert_eq!(
            w.ctx
                .store
                .list_organisations(w.scheme)
                .await
                .unwrap()
                .len(),
            before + 1
        );
        // Signing in needs the pre-sign-in token as well.
        let mut fresh = w.browser();
        fresh
            .post_raw("/sign-in", &[("email", SC), ("password", PASSWORD)])
            .await
            .assert_status(StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    on_backends(|w| async move {
        let mut b = w.signed_in(PA).await;
        let cookie = b.cookies["__Host-tandem_session"].clone();
        let out = b.post("/sign-out", &[]).await;
        out.assert_status(StatusCode::SEE_OTHER);
        assert!(out.location().starts_with("/sign-in"));
        assert!(!b.cookies.contains_key("__Host-tandem_session"));
        let mut replay = w.browser();
        replay
            .cookies
            .insert("__Host-tandem_session".into(), cookie);
        replay
            .get("/dashboard")
            .await
            .assert_status(StatusCode::SEE_OTHER);
    })
    .await;
}

/// The link of the last e-mail to `to`.
async fn link_in_mail(w: &crate::harness::World, to: &str) -> String {
    w.deliver().await;
    let mail = w.mailer.last_to(to).expect("an e-mail");
    let at = mail.text.find("https://tandem.test/").expect("a link");
    let rest = &mail.text[at + "https://tandem.test".len()..];
    rest.split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn password_reset_by_single_use_expiring_link() {
    on_backends(|w| async move {
        let mut other_device = w.signed_in(CA).await;
        // An API token made with the old password.
        let account = w.ctx.store.account_by_email(CA).await.unwrap().unwrap();
        let user = services::accounts::user_for_account(&w.ctx, account.id)
            .await
            .unwrap()
            .unwrap();
        let api_token = services::accounts::create_api_token(&w.ctx, &user, "laptop")
            .await
            .unwrap();
        let mut api = w.browser();
        api.headers
            .push(("authorization".into(), format!("Bearer {api_token}")));
        api.get("/api/v1/people?limit=1")
            .await
            .assert_status(StatusCode::OK);
        let mut b = w.browser();
        let sent = b.post("/forgot-password", &[("email", CA)]).await;
        sent.assert_status(StatusCode::OK);
        assert!(sent.contains("Check your email"));
        let link = link_in_mail(&w, CA).await;
        assert!(link.starts_with("/reset-password?token="), "{link}");
        // An unknown address gets the same page and no e-mail.
        let count = w.mailer.sent().len();
        let unknown = b
            .post(
                "/forgot-password",
                &[("email", "nobody@nowhere.example.org")],
            )
            .await;
        assert!(unknown.contains("Check your email"));
        w.deliver().await;
        assert_eq!(w.mailer.sent().len(), count);

        let form = b.get(&link).await;
        form.assert_status(StatusCode::OK);
        let token = link.split("token=").nth(1).unwrap().to_string();
        // Mismatched passwords: refused, and the link still works afterwards.
        let bad = b
            .post(
                "/reset-password",
                &[
                    ("token", &token),
                    ("password", "a brand new password"),
                    ("confirm", "something else entirely"),
                ],
            )
            .await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.contains("The passwords do not match"));
        let short = b
            .post(
                "/reset-password",
                &[
                    ("token", &token),
                    ("password", "short"),
                    ("confirm", "short"),
                ],
            )
            .await;
        assert!(short.contains("at least 10 characters"));
        let ok = b
            .post(
                "/reset-password",
                &[
                    ("token", &token),
                    ("password", "a brand new password"),
                    ("confirm", "a brand new password"),
                ],
            )
            .await;
        ok.assert_status(StatusCode::SEE_OTHER);
        // Single use.
        let again = b
            .post(
                "/reset-password",
                &[
                    ("token", &token),
                    ("password", "another new password"),
                    ("confirm", "another new password"),
                ],
            )
            .await;
        again.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.contains("expired or has already been used"));
        // Old password gone, new one works, other sessions ended.
        w.browser()
            .sign_in(CA, PASSWORD)
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        w.browser()
            .sign_in(CA, "a brand new password")
            .await
            .assert_status(StatusCode::SEE_OTHER);
        other_device
            .get("/dashboard")
            .await
            .assert_status(StatusCode::SEE_OTHER);
        // And the API token made with the old password is revoked too.
        api.get("/api/v1/people?limit=1")
            .await
            .assert_status(StatusCode::UNAUTHORIZED);

        // A link used after it expired does nothing.
        b.post("/forgot-password", &[("email", CA)])
            .await
            .assert_status(StatusCode::OK);
        let link = link_in_mail(&w, CA).await;
        let token = link.split("token=").nth(1).unwrap().to_string();
        w.clock.advance(chrono::Duration::minutes(61));
        let late = b
            .post(
                "/reset-password",
                &[
                    ("token", &token),
                    ("password", "too late password"),
                    ("confirm", "too late password"),
                ],
            )
            .await;
        late.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        w.browser()
            .sign_in(CA, "too late password")
            .await
            .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    })
    .await;
}

#[tokio::test]
async fn invitation_lets_a_person_set_a_password_once() {
    on_backends(|w| async move {
        let invitee = w.staff_a[0];
        let email = "alice@alpha.example.org";
        // An organisation coordinator of B cannot invite A's staff (it is hidden from them).
        let mut cb = w.signed_in(crate::harness::CB).await;
        cb.post(&format!("/people/{invitee}/invite"), &[])
            .await
            .assert_status(StatusCode::NOT_FOUND);
        w.deliver().await;
        assert!(w.mailer.last_to(email).is_none());

        let mut sc = w.signed_in(SC).await;
        let res = sc.post(&format!("/people/{invitee}/invite"), &[]).await;
        res.assert_status(StatusCode::SEE_OTHER);
        let link = link_in_mail(&w, email).await;
        assert!(link.starts_with("/accept-invitation?token="));
        let token = link.split("token=").nth(1).unwrap().to_string();
        let mut b = w.browser();
        b.get(&link).await.assert_status(StatusCode::OK);
        b.post(
            "/accept-invitation",
            &[
                ("token", &token),
                ("password", "my first password"),
                ("confirm", "my first password"),
            ],
        )
        .await
        .assert_status(StatusCode::SEE_OTHER);
        w.browser()
            .sign_in(email, "my first password")
            .await
            .assert_status(StatusCode::SEE_OTHER);
        // Single use: the same link cannot set another password.
        b.post(
            "/accept-invitation",
            &[
                ("token", &token),
                ("password", "hijacked password"),
                ("confirm", "hijacked password"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        // A reset token is not an invitation token.
        assert!(
            w.ctx
                .store
                .consume_token(TokenKind::PasswordReset, "x", w.ctx.now())
                .await
                .unwrap()
                .is_none()
        );

        // An invitation expires.
        let second = w.staff_a[1];
        sc.post(&format!("/people/{second}/invite"), &[])
            .await
            .assert_status(StatusCode::SEE_OTHER);
        let link = link_in_mail(&w, "alan@alpha.example.org").await;
        let token = link.split("token=").nth(1).unwrap().to_string();
        w.clock.advance(chrono::Duration::days(8));
        b.post(
            "/accept-invitation",
            &[
                ("token", &token),
                ("password", "my first password"),
                ("confirm", "my first password"),
            ],
        )
        .await
        .assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    })
    .await;
}

#[tokio::test]
async fn api_token_is_shown_once_and_works_as_a_bearer_token() {
    on_backends(|w| async move {
        let mut b = w.signed_in(CA).await;
        let page = b.post("/account/api-tokens", &[("name", "HR sync")]).await;
        page.assert_status(StatusCode::OK);
        let text = page.text();
        let at = text.find("tandem_").expect("token shown");
        let token: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let user = tandem_app::accounts::user_for_api_token(&w.ctx, &token)
            .await
            .expect("token works");
        assert_eq!(user.actor.person_id, w.coordinator_a);
        // Not shown again.
        assert!(!b.get("/account").await.contains(&token));
        // A nameless token is refused with a field error.
        let bad = b.post("/account/api-tokens", &[("name", "  ")]).await;
        bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.contains("href=\"#name\""));
    })
    .await;
}

#[tokio::test]
async fn sign_in_returns_to_the_page_asked_for_but_never_off_site() {
    on_backends(|w| async move {
        let mut b = w.browser();
        let person = w.staff_a[0];
        let res = b.get(&format!("/people/{person}?lang=en-GB")).await;
        res.assert_status(StatusCode::SEE_OTHER);
        let login = b.get(&res.location()).await;
        login.assert_status(StatusCode::OK);
        let next = login
            .text()
            .split("name=\"next\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .replace("&#x2f;", "/");
        assert_eq!(next, format!("/people/{person}?lang=en-GB"));
        let done = b
            .post(
                "/sign-in",
                &[("email", SC), ("password", PASSWORD), ("next", &next)],
            )
            .await;
        assert_eq!(done.location(), next);
        for evil in [
            "//evil.example.org/x",
            "https://evil.example.org/",
            "/\\evil.example.org",
            "javascript:alert(1)",
            // Browsers drop tabs and newlines inside URLs: these become `//evil.example`.
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "//evil",
            "/\\evil",
            "/p\u{e9}ople",
            "/\u{3000}/evil.example",
            "/people x",
            "",
        ] {
            let mut b = w.browser();
            let res = b
                .post(
                    "/sign-in",
                    &[("email", SC), ("password", PASSWORD), ("next", evil)],
                )
                .await;
            res.assert_status(StatusCode::SEE_OTHER);
            assert_eq!(res.location(), "/dashboard", "{evil}");
        }
    })
    .await;
}
