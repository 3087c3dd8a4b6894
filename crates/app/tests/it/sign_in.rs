//! Signing in with an e-mailed, single-use link: the same answer for every address, a link that
//! works once, only before it expires, and never for a disabled account. (Single sign-on is
//! tested over HTTP against a loopback provider in `tandem-web`'s `sso` tests.)

use chrono::Duration;
use tandem_app::{AppError, Context, accounts, sign_in};
use tandem_test_support::{SC, World, on_worlds};

/// The token of the last sign-in link e-mailed to `to`.
async fn link_token(w: &World, ctx: &Context, to: &str) -> String {
    tandem_test_support::deliver(ctx).await;
    let mail = w.mailer.last_to(to).expect("a sign-in link was e-mailed");
    assert_eq!(mail.kind.as_deref(), Some("account.sign_in_link"));
    let at = mail
        .text
        .find("/sign-in/link?token=")
        .expect("the link in the text");
    mail.text[at..]
        .split("token=")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

fn is_link_invalid(e: &AppError) -> bool {
    matches!(e, AppError::Validation(v) if format!("{v:?}").contains("error.link_invalid"))
}

#[tokio::test]
async fn an_emailed_link_signs_in_once_and_then_never_again() {
    on_worlds(|w| async move {
        sign_in::request_sign_in_link(&w.ctx, "  SC@alpha.example.org ")
            .await
            .unwrap();
        let token = link_token(&w, &w.ctx, SC).await;
        // Looking at the link (a mail scanner, the page's GET) does not use it up.
        assert!(
            sign_in::sign_in_link_is_valid(&w.ctx, &token)
                .await
                .unwrap()
        );
        assert!(
            sign_in::sign_in_link_is_valid(&w.ctx, &token)
                .await
                .unwrap()
        );
        let session = sign_in::sign_in_with_link(&w.ctx, &token).await.unwrap();
        let user = accounts::user_for_session(&w.ctx, &session.token)
            .await
            .unwrap()
            .expect("signed in");
        assert_eq!(user.user.person.id, w.scheme_coordinator);
        let audit = w.ctx.store.list_audit(10).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|a| a.action == "account.sign_in" && a.detail == "method=link"),
            "the sign-in is audited"
        );
        // Used: refused, and no second session.
        let err = sign_in::sign_in_with_link(&w.ctx, &token)
            .await
            .unwrap_err();
        assert!(is_link_invalid(&err), "{err:?}");
        assert!(
            !sign_in::sign_in_link_is_valid(&w.ctx, &token)
                .await
                .unwrap()
        );
    })
    .await;
}

#[tokio::test]
async fn expired_forged_and_disabled_links_sign_nobody_in() {
    on_worlds(|w| async move {
        sign_in::request_sign_in_link(&w.ctx, SC).await.unwrap();
        let token = link_token(&w, &w.ctx, SC).await;
        let forged = format!("{token}x");
        let err = sign_in::sign_in_with_link(&w.ctx, &forged)
            .await
            .unwrap_err();
        assert!(is_link_invalid(&err));

        // Disabled meanwhile: refused, and the link is left as it was.
        let account = w.ctx.store.account_by_email(SC).await.unwrap().unwrap();
        w.ctx
            .store
            .set_account_disabled(account.id, true)
            .await
            .unwrap();
        let err = sign_in::sign_in_with_link(&w.ctx, &token)
            .await
            .unwrap_err();
        assert!(is_link_invalid(&err));
        assert!(
            sign_in::sign_in_link_is_valid(&w.ctx, &token)
                .await
                .unwrap()
        );
        w.ctx
            .store
            .set_account_disabled(account.id, false)
            .await
            .unwrap();

        // Past its lifetime (reset_minutes): refused.
        w.clock.advance(Duration::minutes(
            i64::from(w.ctx.settings.reset_minutes) + 1,
        ));
        let err = sign_in::sign_in_with_link(&w.ctx, &token)
            .await
            .unwrap_err();
        assert!(is_link_invalid(&err));
        let audit = w.ctx.store.list_audit(50).await.unwrap();
        assert!(!audit.iter().any(|a| a.action == "account.sign_in"));
    })
    .await;
}

#[tokio::test]
async fn asking_for_a_link_answers_alike_and_sends_only_to_accounts() {
    on_worlds(|w| async move {
        let before = w.ctx.store.outbox_counts().await.unwrap().queued;
        sign_in::request_sign_in_link(&w.ctx, "nobody@alpha.example.org")
            .await
            .unwrap();
        sign_in::request_sign_in_link(&w.ctx, "not an address")
            .await
            .unwrap();
        assert_eq!(w.ctx.store.outbox_counts().await.unwrap().queued, before);
        sign_in::request_sign_in_link(&w.ctx, SC).await.unwrap();
        assert_eq!(
            w.ctx.store.outbox_counts().await.unwrap().queued,
            before + 1
        );
    })
    .await;
}

#[test]
fn issuers_are_https_or_loopback_http() {
    for ok in [
        "https://login.microsoftonline.com/0f1e2d3c-0000-4000-8000-000000000000/v2.0",
        "http://127.0.0.1:8080",
        "http://localhost:9000/oidc",
        "http://[::1]:9000",
    ] {
        assert!(sign_in::issuer_acceptable(ok), "{ok}");
    }
    for bad in [
        "http://login.example.org",
        "http://10.0.0.1",
        "ftp://example.org",
        "https://example.org/?x=1",
        "https://user@example.org",
        "not a url",
    ] {
        assert!(!sign_in::issuer_acceptable(bad), "{bad}");
    }
}
