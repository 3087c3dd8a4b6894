//! What each person chose to receive: per kind, immediately, in a daily digest, or not at all
//! (never for essential kinds), and the one-click unsubscribe links that switch a kind off.
//!
//! # Unsubscribe links
//!
//! A link names a person and a kind and carries an HMAC-SHA256 of both under a random key kept
//! in the database (one per installation, made by the first instance that needs it). Nothing is
//! stored per link, every instance can check any link, and changing the person or the kind in a
//! link breaks its signature. The link is a capability like the line manager's: whoever holds
//! it may switch that one kind off for that one person, which is exactly what RFC 8058 asks of
//! a `List-Unsubscribe-Post` link (it must work without a session). Links are never logged.

use super::NoticeKind;
use crate::{AppError, AppResult, Context, audited, authorise};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tandem_domain::policy::{LinkAction, can_by_link};
use tandem_domain::{Action, Actor, PersonId, Role};

/// What to do with one notice for one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    Immediate,
    /// Held for the person's daily digest.
    Digest,
    /// The person switched this kind off (or unsubscribed): dropped and counted.
    Off,
}

/// A person's choice for one kind, as stored and as the pages and API show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Immediate,
    Digest,
    Off,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::Immediate, Mode::Digest, Mode::Off];

    pub fn code(self) -> &'static str {
        match self {
            Mode::Immediate => "immediate",
            Mode::Digest => "digest",
            Mode::Off => "off",
        }
    }

    pub fn from_code(code: &str) -> Option<Mode> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    fn delivery(self) -> Delivery {
        match self {
            Mode::Immediate => Delivery::Immediate,
            Mode::Digest => Delivery::Digest,
            Mode::Off => Delivery::Off,
        }
    }
}

/// Kinds that always go out at once whatever was chosen: the essential ones, and the digest
/// itself (it is how a "daily digest" choice is honoured).
fn always_immediate(kind: NoticeKind) -> bool {
    kind.essential() || kind == NoticeKind::DigestDaily
}

/// The person's choice for `kind` (immediate when they never chose; always immediate for
/// essential kinds, whatever an old row says).
pub async fn decide(ctx: &Context, person: PersonId, kind: NoticeKind) -> AppResult<Delivery> {
    if always_immediate(kind) {
        return Ok(Delivery::Immediate);
    }
    let mode = ctx
        .store
        .notice_preference(person, kind.code())
        .await?
        .and_then(|m| Mode::from_code(&m))
        .unwrap_or(Mode::Immediate);
    Ok(mode.delivery())
}

/// The recipient's preferences page and, for kinds they may switch off, a one-click unsubscribe
/// link for `kind`.
pub async fn links(
    ctx: &Context,
    person: PersonId,
    kind: NoticeKind,
) -> AppResult<(Option<String>, Option<String>)> {
    let base = ctx.settings.base();
    let unsubscribe = if always_immediate(kind) {
        None
    } else {
        let token = sign(ctx, person, kind).await?;
        Some(format!("{base}/unsubscribe/{token}"))
    };
    Ok((Some(format!("{base}/notices/preferences")), unsubscribe))
}

// ----- the preferences page ----------------------------------------------------------------------

/// One line of a person's preferences.
#[derive(Clone, Debug, Serialize)]
pub struct Preference {
    /// The kind's code (`session.reminder`), also the form field's name.
    pub kind: &'static str,
    /// Translation key of the kind's name.
    pub name_key: String,
    /// Always on: shown, not changeable.
    pub essential: bool,
    pub mode: Mode,
}

/// Whether `kind` can reach `actor` at all, so the page lists only what matters to them:
/// coordinators' digests and decline notices only to coordinators; account notices are
/// essential and shown as such to everyone.
fn relevant(actor: &Actor, kind: NoticeKind) -> bool {
    let holds = |role: Role| actor.roles.iter().any(|r| r.role == role);
    match kind {
        NoticeKind::DigestDaily => false,
        NoticeKind::DigestOrganisation => holds(Role::OrganisationCoordinator),
        NoticeKind::DigestScheme | NoticeKind::OfferDeclined => holds(Role::SchemeCoordinator),
        _ => true,
    }
}

/// The actor's own choices for every kind relevant to them (essential kinds first).
pub async fn mine(ctx: &Context, actor: &Actor) -> AppResult<Vec<Preference>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let stored = ctx.store.notice_preferences(actor.person_id).await?;
    let mut out: Vec<Preference> = NoticeKind::ALL
        .into_iter()
        .filter(|k| relevant(actor, *k))
        .map(|k| {
            let mode = if k.essential() {
                Mode::Immediate
            } else {
                stored
                    .iter()
                    .find(|(code, _)| code == k.code())
                    .and_then(|(_, m)| Mode::from_code(m))
                    .unwrap_or(Mode::Immediate)
            };
            Preference {
                kind: k.code(),
                name_key: k.name_key(),
                essential: k.essential(),
                mode,
            }
        })
        .collect();
    out.sort_by_key(|p| !p.essential);
    Ok(out)
}

/// Stores the actor's own choices. Essential kinds cannot be switched off or held (refused
/// with a field error naming the kind); unknown kinds are a bad request. Kinds not named keep
/// their choice.
pub async fn set_mine(
    ctx: &Context,
    actor: &Actor,
    choices: &[(String, Mode)],
) -> AppResult<Vec<Preference>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut rows = Vec::new();
    let mut errors = tandem_domain::ValidationErrors::new();
    for (code, mode) in choices {
        let kind =
            NoticeKind::from_code(code).ok_or(AppError::BadRequest("unknown notice kind"))?;
        if !relevant(actor, kind) {
            return Err(AppError::BadRequest("notice kind not offered"));
        }
        if kind.essential() {
            if *mode != Mode::Immediate {
                errors.add(kind.code(), "notices.preferences.error.essential");
            }
            continue;
        }
        rows.push((kind.code().to_string(), mode.code().to_string()));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let detail = rows
        .iter()
        .map(|(k, m)| format!("{k}={m}"))
        .collect::<Vec<_>>()
        .join(",");
    let change = audited(
        ctx,
        Some(actor),
        "notices.preferences",
        actor.person_id.to_string(),
        detail,
    );
    change
        .store
        .set_notice_preferences(actor.person_id, &rows, ctx.now())
        .await?;
    change.done()?;
    mine(ctx, actor).await
}

// ----- recent notices on the home page ----------------------------------------------------------

/// One of a person's recent notices, for people who rarely read e-mail.
#[derive(Clone, Debug, Serialize)]
pub struct RecentNotice {
    pub kind: &'static str,
    pub name_key: String,
    /// When it was sent (or held for the digest).
    pub at: chrono::DateTime<chrono::Utc>,
    /// Held for the daily digest rather than sent yet.
    pub held: bool,
    /// The page it is about (a path on this site).
    pub path: Option<String>,
}

/// How many recent notices the home page lists.
pub const RECENT: u64 = 5;

/// The actor's own latest notices, sent or held for their digest, newest first.
pub async fn recent(ctx: &Context, actor: &Actor) -> AppResult<Vec<RecentNotice>> {
    authorise(actor, Action::KeepOwnRecords)?;
    let rows = ctx.store.recent_notices(actor.person_id, RECENT).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let kind = NoticeKind::from_code(&r.kind)?;
            Some(RecentNotice {
                kind: kind.code(),
                name_key: kind.name_key(),
                at: r.finished_at.unwrap_or(r.created_at),
                held: r.state == "digest",
                path: super::scheduled::path_of(kind, &r.payload),
            })
        })
        .collect())
}

// ----- one-click unsubscribe -------------------------------------------------------------------

/// What an unsubscribe link is for, once its signature checked out.
#[derive(Clone, Debug, Serialize)]
pub struct Unsubscribe {
    pub kind: &'static str,
    pub name_key: String,
    /// Already switched off.
    pub off: bool,
}

/// Reads an unsubscribe link: `None` when it is malformed, forged or for a kind that cannot be
/// switched off (the page says the link does not work; nothing changes).
pub async fn unsubscribe_link(ctx: &Context, token: &str) -> AppResult<Option<Unsubscribe>> {
    let Some((person, kind)) = check(ctx, token).await? else {
        return Ok(None);
    };
    let off = decide(ctx, person, kind).await? == Delivery::Off;
    Ok(Some(Unsubscribe {
        kind: kind.code(),
        name_key: kind.name_key(),
        off,
    }))
}

/// Switches the link's kind off for the link's person: no session needed, the link is the
/// authority (see the module documentation). `None` for a bad link, which changes nothing.
pub async fn unsubscribe(ctx: &Context, token: &str) -> AppResult<Option<Unsubscribe>> {
    let Some((person, kind)) = check(ctx, token).await? else {
        return Ok(None);
    };
    let change = audited(
        ctx,
        None,
        "notices.unsubscribe",
        person.to_string(),
        kind.code().to_string(),
    );
    change
        .store
        .set_notice_preferences(
            person,
            &[(kind.code().to_string(), Mode::Off.code().to_string())],
            ctx.now(),
        )
        .await?;
    change.done()?;
    Ok(Some(Unsubscribe {
        kind: kind.code(),
        name_key: kind.name_key(),
        off: true,
    }))
}

/// The person and kind of a genuine link for a kind that may be switched off.
async fn check(ctx: &Context, token: &str) -> AppResult<Option<(PersonId, NoticeKind)>> {
    let parsed = parse(token);
    let genuine = match &parsed {
        Some((person, kind, mac)) => {
            let key = signing_key(ctx).await?;
            let want = mac_of(&key, *person, *kind);
            constant_time_eq(&want, mac) && !always_immediate(*kind)
        }
        None => false,
    };
    if !can_by_link(LinkAction::Unsubscribe {
        token_valid: genuine,
    }) {
        return Ok(None);
    }
    Ok(parsed.map(|(p, k, _)| (p, k)))
}

/// `base64url(person ":" kind) "." base64url(mac)`.
async fn sign(ctx: &Context, person: PersonId, kind: NoticeKind) -> AppResult<String> {
    let key = signing_key(ctx).await?;
    let mac = mac_of(&key, person, kind);
    Ok(format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(format!("{person}:{}", kind.code())),
        URL_SAFE_NO_PAD.encode(mac)
    ))
}

fn parse(token: &str) -> Option<(PersonId, NoticeKind, Vec<u8>)> {
    if token.len() > 200 {
        return None;
    }
    let (what, mac) = token.split_once('.')?;
    let what = String::from_utf8(URL_SAFE_NO_PAD.decode(what).ok()?).ok()?;
    let mac = URL_SAFE_NO_PAD.decode(mac).ok()?;
    let (person, kind) = what.split_once(':')?;
    Some((person.parse().ok()?, NoticeKind::from_code(kind)?, mac))
}

/// The installation's signing key, made on first use (a read on every later use, no write).
async fn signing_key(ctx: &Context) -> AppResult<Vec<u8>> {
    if let Some(key) = ctx.store.notice_signing_key().await? {
        return Ok(key.into_bytes());
    }
    let candidate = crate::tokens::random_token();
    let key = ctx
        .store
        .make_notice_signing_key(&candidate, ctx.now())
        .await?;
    Ok(key.into_bytes())
}

fn mac_of(key: &[u8], person: PersonId, kind: NoticeKind) -> Vec<u8> {
    hmac_sha256(
        key,
        format!("unsubscribe:{person}:{}", kind.code()).as_bytes(),
    )
    .to_vec()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// HMAC-SHA256 (RFC 2104) over the SHA-256 the workspace already uses. Also the survey
/// respondent key (`surveys::answer`), so there is one implementation to trust.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex::encode(mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_link_names_its_person_and_kind_and_nothing_else_parses() {
        let person: PersonId = "0190f0a0-0000-7000-8000-000000000001".parse().unwrap();
        let what = URL_SAFE_NO_PAD.encode(format!("{person}:session.reminder"));
        let token = format!("{what}.{}", URL_SAFE_NO_PAD.encode([1u8, 2, 3]));
        let (p, k, mac) = parse(&token).unwrap();
        assert_eq!(
            (p, k, mac),
            (person, NoticeKind::SessionReminder, vec![1, 2, 3])
        );
        assert!(parse("not-a-token").is_none());
        assert!(
            parse(&format!(
                "{}.AA",
                URL_SAFE_NO_PAD.encode("x:session.reminder")
            ))
            .is_none()
        );
        assert!(!constant_time_eq(&[1, 2], &[1, 2, 3]));
    }
}
