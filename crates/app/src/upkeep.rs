//! Housekeeping that runs without anyone asking: expired sign-in sessions and import previews are
//! deleted, and so are self-registrations never confirmed by e-mail in time (with their person,
//! so the address is free for an invitation or an import), and the schemes' retention rules are
//! applied (`crate::rights::retention_run`). It needs no actor, so it runs from the server's timer or any other scheduler, and
//! it is safe when several instances run it at once (each deletion is one idempotent statement).

use crate::{AppResult, Context, import};

/// What one sweep deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub import_previews: u64,
    pub registrations: u64,
}

/// Deletes what has expired by now.
pub async fn sweep(ctx: &Context) -> AppResult<Swept> {
    let sessions = ctx.store.delete_expired_sessions(ctx.now()).await?;
    let import_previews = import::pending::sweep(ctx).await?;
    let registrations = crate::registration::sweep(ctx).await?;
    // Single sign-ons sent to a provider and never finished.
    ctx.store.delete_expired_pending_sign_ins(ctx.now()).await?;
    // Rate-limit windows that have passed, and failure counts of a quiet day.
    crate::throttle::sweep(ctx).await?;
    // Tokens made before expiry existed get the default lifetime from now; tokens expired for
    // 30 days leave the owner's list.
    let now = ctx.now();
    ctx.store
        .expire_unexpiring_api_tokens(
            now + chrono::Duration::days(i64::from(ctx.settings.api_token_days)),
        )
        .await?;
    ctx.store
        .delete_api_tokens_expired_before(now - chrono::Duration::days(30))
        .await?;
    // Every scheme's retention rules (`crate::rights`); audited when they removed anything.
    crate::rights::retention_run(ctx, true).await?;
    Ok(Swept {
        sessions,
        import_previews,
        registrations,
    })
}
