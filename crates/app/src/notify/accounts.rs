//! Renderers of the account notices: the invitation to set a first password and the
//! password-reset link.
//!
//! # No raw token in the database
//!
//! A sign-in link is worth as much as the password it sets, so the outbox never holds one: the
//! payload names only the account. The token is minted here, at delivery, and only its SHA-256
//! is stored (as for every token, see [`crate::accounts`]); the raw value exists in this
//! process's memory and in the message. The alternative, minting when the request is made and
//! stripping the token from the payload once the row is finished, leaves it readable in the
//! database (and its backups) for as long as delivery takes, which after a few failed attempts
//! is hours. Minting late also means the link's lifetime starts when it is sent, not when the
//! request was queued. A failed or repeated attempt mints another token; an unsent token is
//! useless to anyone, and expires.

use super::layout::{self, Body};
use super::{NoticeKind, Queued, Recipient, Rendered};
use crate::tokens::{random_token, token_hash};
use crate::{AppError, AppResult, Context};
use chrono::Duration;
use serde::{Deserialize, Serialize};
use tandem_domain::AccountId;
use tandem_i18n::I18n;
use tandem_storage::{StoreError, TokenKind, TokenRecord};

/// What an account notice's row holds: the account only (never a token).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountNotice {
    pub account: AccountId,
}

/// Renders an invitation or a reset for `to`, minting its token now; `None` when the account is
/// gone or disabled, or (for an invitation) already has a password.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    let p: AccountNotice =
        serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)?;
    let account = match ctx.store.get_account(p.account).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let (kind, lifetime, prefix, path, amount) = match notice.kind {
        NoticeKind::AccountInvitation => {
            if account.password_hash.is_some() {
                // Accepted through an earlier invitation meanwhile.
                return Ok(None);
            }
            let lifetime = Duration::hours(i64::from(ctx.settings.invitation_hours));
            (
                TokenKind::Invitation,
                lifetime,
                "notices.account.invitation",
                "accept-invitation",
                lifetime.num_days().max(1).to_string(),
            )
        }
        NoticeKind::AccountPasswordReset => {
            let lifetime = Duration::minutes(i64::from(ctx.settings.reset_minutes));
            (
                TokenKind::PasswordReset,
                lifetime,
                "notices.account.reset",
                "reset-password",
                lifetime.num_minutes().to_string(),
            )
        }
        NoticeKind::AccountEmailConfirmation => {
            let lifetime = Duration::hours(i64::from(ctx.settings.invitation_hours));
            (
                TokenKind::EmailConfirmation,
                lifetime,
                "notices.account.confirm_email",
                "confirm-email",
                lifetime.num_days().max(1).to_string(),
            )
        }
        NoticeKind::AccountSignInLink => {
            let lifetime = Duration::minutes(i64::from(ctx.settings.reset_minutes));
            (
                TokenKind::SignInLink,
                lifetime,
                "notices.account.sign_in_link",
                "sign-in/link",
                lifetime.num_minutes().to_string(),
            )
        }
        other => {
            return Err(AppError::internal(std::io::Error::other(format!(
                "{other} is not an account notice"
            ))));
        }
    };
    if account.disabled {
        return Ok(None);
    }
    let token = random_token();
    ctx.store
        .create_token(&TokenRecord {
            token_hash: token_hash(&token),
            kind,
            account_id: account.id,
            expires_at: ctx.now() + lifetime,
        })
        .await?;
    let link = format!("{}/{path}?token={token}", ctx.settings.base());
    let lang = to.language;
    let i18n = I18n::shared();
    let t = |key: &str| i18n.t_with(lang, &format!("{prefix}.{key}"), &[("amount", &amount)]);
    let body = Body {
        subject: t("subject"),
        greeting: if to.name.is_empty() {
            String::new()
        } else {
            i18n.t_with(lang, "notices.account.greeting", &[("name", &to.name)])
        },
        paragraphs: vec![t("intro"), t("expiry"), t("ignore")],
        facts: Vec::new(),
        action: Some((t("action"), link)),
        preferences_url: to.preferences_url.clone(),
        unsubscribe_url: None,
    };
    Ok(Some(layout::render(lang, &body)))
}
