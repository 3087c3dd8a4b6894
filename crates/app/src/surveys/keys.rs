//! The keys a survey response is stored under instead of a person (see [`super::answer`] for
//! why): the respondent key and the pair key, HMACs under the installation's evaluation key. A
//! leaf, so that answering a survey and a person's rights (whose export lists the answers they
//! gave, and whose research-consent withdrawal clears them) both use it without importing each
//! other.

use crate::notify::preferences::hmac_sha256;
use crate::{AppResult, Context};
use tandem_domain::PersonId;

/// The respondent key of a person: see [`super::answer`] for why, and where it is computed.
pub(crate) async fn respondent_key(ctx: &Context, person: PersonId) -> AppResult<String> {
    keyed(ctx, &format!("respondent:{person}")).await
}

/// The pair key of a person's answers about one relationship: a baseline and an end pair up on
/// it. Per relationship, not per person, because a mentor with two mentees answers each wave
/// twice, and pairing by person would match every baseline with every end.
pub(crate) async fn pair_key(
    ctx: &Context,
    person: PersonId,
    relationship: Option<tandem_domain::RelationshipId>,
) -> AppResult<String> {
    let relationship = relationship.map(|r| r.to_string()).unwrap_or_default();
    keyed(ctx, &format!("pair:{person}:{relationship}")).await
}

/// HMAC-SHA256 of `message` under the installation's evaluation key, in hex.
async fn keyed(ctx: &Context, message: &str) -> AppResult<String> {
    let key = ctx
        .store
        .evaluation_key(&crate::tokens::random_token(), ctx.now())
        .await?;
    let mac = hmac_sha256(key.as_bytes(), message.as_bytes());
    Ok(mac.iter().map(|b| format!("{b:02x}")).collect())
}
