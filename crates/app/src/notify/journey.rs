//! The journey's notices: applications (received, decided, the line manager's request), offers
//! (made, declined) and agreements (waiting for a signature, signed by everyone).
//!
//! Each kind has a builder the use case calls to stage it in its own transaction, and a
//! renderer the worker calls at delivery. Payloads hold ids and the facts of the moment (the
//! reason given); the renderer reads the rest *now*, and drops a notice whose premise no longer
//! holds (an offer already answered, an agreement edited since), so what a person reads is true
//! when they read it.

use super::layout::{self, Body};
use super::{Notice, NoticeKind, Queued, Recipient, Rendered};
use crate::notify::words::role_key;
use crate::tokens::{random_token, token_hash};
use crate::{AppError, AppResult, Context, audited};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tandem_domain::application::{MANAGER_LINK_DAYS, ManagerLink};
use tandem_domain::{
    Application, ApplicationId, ApplicationStatus, Language, OfferResponse, PersonId, Relationship,
    RelationshipId, RelationshipStatus,
};
use tandem_i18n::I18n;
use tandem_storage::StoreError;

/// The payload of the application notices.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApplicationPayload {
    pub application: ApplicationId,
    /// The status the notice tells of (decisions): a notice whose application has moved on
    /// since is dropped, not sent with news that is no longer true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ApplicationStatus>,
    /// Translation key of why (who decided: the coordinator or the line manager).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The words the coordinator gave the applicant, as they gave them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The payload of the offer and agreement notices.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RelationshipPayload {
    pub relationship: RelationshipId,
    /// The agreement version to sign (`agreement.to_sign`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// Who declined (`offer.declined`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<PersonId>,
}

// ----- builders (the use cases stage these) ---------------------------------------------------

/// `application.received`: to the applicant, when they submit.
pub(crate) fn received(ctx: &Context, a: &Application) -> AppResult<Notice> {
    Notice::to_person(
        ctx,
        NoticeKind::ApplicationReceived,
        a.person_id,
        &a.id.to_string(),
        ApplicationPayload {
            application: a.id,
            status: None,
            cause: None,
            reason: None,
        },
    )
}

/// `application.approved`, `.declined` or `.waitlisted`: to the applicant when their
/// application reaches `status` (other statuses tell nobody). `cause` is the history note (who
/// decided), `reason` the decider's own words (empty for none). The event time is part of the
/// key, so a second decision of the same kind later (waiting list, then declined, then
/// re-opened) is told again.
pub(crate) fn decided(
    ctx: &Context,
    a: &Application,
    status: ApplicationStatus,
    cause: &str,
    reason: &str,
) -> AppResult<Option<Notice>> {
    let kind = match status {
        ApplicationStatus::Approved => NoticeKind::ApplicationApproved,
        ApplicationStatus::Declined | ApplicationStatus::ManagerDeclined => {
            NoticeKind::ApplicationDeclined
        }
        ApplicationStatus::WaitingList => NoticeKind::ApplicationWaitlisted,
        _ => return Ok(None),
    };
    let reason = reason.trim();
    Notice::to_person(
        ctx,
        kind,
        a.person_id,
        &format!("{}:{}", a.id, ctx.now().timestamp_micros()),
        ApplicationPayload {
            application: a.id,
            status: Some(status),
            cause: Some(cause.to_string()),
            reason: (!reason.is_empty()).then(|| reason.to_string()),
        },
    )
    .map(Some)
}

/// `application.manager_request`: to the line manager. The single-use link is minted when the
/// notice is delivered (see [`render`]), so the outbox never holds a usable token.
pub(crate) fn manager_request(
    ctx: &Context,
    a: &Application,
    manager: PersonId,
) -> AppResult<Notice> {
    Notice::to_person(
        ctx,
        NoticeKind::ApplicationManagerRequest,
        manager,
        &a.id.to_string(),
        ApplicationPayload {
            application: a.id,
            status: None,
            cause: None,
            reason: None,
        },
    )
}

/// A notice about a relationship to `person` (the relationship id is the cause, with `extra`).
pub(crate) fn about_relationship(
    ctx: &Context,
    kind: NoticeKind,
    person: PersonId,
    relationship: RelationshipId,
    extra: &str,
    payload: RelationshipPayload,
) -> AppResult<Notice> {
    let cause = if extra.is_empty() {
        relationship.to_string()
    } else {
        format!("{relationship}:{extra}")
    };
    Notice::to_person(ctx, kind, person, &cause, payload)
}

/// `agreement.to_sign` for version `version`, to each of `people`.
pub(crate) fn to_sign(
    ctx: &Context,
    relationship: RelationshipId,
    version: u32,
    people: impl IntoIterator<Item = PersonId>,
) -> AppResult<Vec<Notice>> {
    people
        .into_iter()
        .map(|p| {
            about_relationship(
                ctx,
                NoticeKind::AgreementToSign,
                p,
                relationship,
                &format!("v{version}"),
                RelationshipPayload {
                    relationship,
                    version: Some(version),
                    by: None,
                },
            )
        })
        .collect()
}

/// `agreement.signed`, to each of `people`.
pub(crate) fn signed(
    ctx: &Context,
    relationship: RelationshipId,
    people: impl IntoIterator<Item = PersonId>,
) -> AppResult<Vec<Notice>> {
    people
        .into_iter()
        .map(|p| {
            about_relationship(
                ctx,
                NoticeKind::AgreementSigned,
                p,
                relationship,
                "",
                RelationshipPayload {
                    relationship,
                    version: None,
                    by: None,
                },
            )
        })
        .collect()
}

// ----- rendering ------------------------------------------------------------------------------

/// Renders one of this module's kinds, or `None` when it is no longer relevant.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    use NoticeKind as K;
    let body = match notice.kind {
        K::ApplicationReceived
        | K::ApplicationApproved
        | K::ApplicationDeclined
        | K::ApplicationWaitlisted => application(ctx, notice, to).await?,
        K::ApplicationManagerRequest => manager(ctx, notice, to).await?,
        K::OfferMade => offer(ctx, notice, to).await?,
        K::OfferDeclined => offer_declined(ctx, notice, to).await?,
        K::AgreementToSign | K::AgreementSigned => agreement(ctx, notice, to).await?,
        other => {
            return Err(AppError::internal(std::io::Error::other(format!(
                "no journey renderer for {other}"
            ))));
        }
    };
    Ok(body.map(|mut b| {
        b.preferences_url = to.preferences_url.clone();
        b.unsubscribe_url = to.unsubscribe_url.clone();
        layout::render(to.language, &b)
    }))
}

fn payload<T: for<'de> Deserialize<'de>>(notice: &Queued) -> AppResult<T> {
    serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)
}

/// `Ok(None)` for a thing since deleted (an erased applicant's application): nothing to tell.
fn gone<T>(r: Result<T, StoreError>) -> AppResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// "4 March 2025" / "4 maart 2025" (the UTC date of `at`).
pub fn long_date(lang: Language, at: DateTime<Utc>) -> String {
    super::words::long_date(lang, at.date_naive())
}

async fn application(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: ApplicationPayload = payload(notice)?;
    let Some(a) = gone(ctx.store.get_application(p.application).await)? else {
        return Ok(None);
    };
    if let Some(status) = p.status
        && a.status != status
    {
        // Decided again since: the later notice tells the truth, this one would not.
        return Ok(None);
    }
    let intake = ctx.store.get_intake(a.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    let lang = to.language;
    let i18n = I18n::shared();
    let code = notice.kind.code();
    let params = [("programme", programme.name.as_str())];
    let mut paragraphs = vec![i18n.t_with(lang, &format!("notices.{code}.body"), &params)];
    if let Some(cause) = &p.cause
        && notice.kind == NoticeKind::ApplicationDeclined
        && cause == "applications.history.manager_declined"
    {
        paragraphs.push(i18n.t(lang, "notices.application.declined.by_manager"));
    }
    let mut facts = vec![
        (
            i18n.t(lang, "notices.journey.fact.programme"),
            programme.name.clone(),
        ),
        (i18n.t(lang, "notices.journey.fact.intake"), intake.name),
        (
            i18n.t(lang, "notices.journey.fact.role"),
            i18n.t(lang, &role_key(a.role)),
        ),
    ];
    if let Some(reason) = &p.reason {
        facts.push((i18n.t(lang, "notices.journey.fact.reason"), reason.clone()));
    }
    Ok(Some(Body {
        subject: i18n.t_with(lang, &format!("notices.{code}.subject"), &params),
        greeting: layout::greeting(to),
        paragraphs,
        facts,
        action: Some((
            i18n.t(lang, "notices.journey.action.application"),
            format!("{}/applications/{}", ctx.settings.base(), a.id),
        )),
        ..Body::default()
    }))
}

/// The line manager's request. The single-use token is minted here, at delivery, and only its
/// hash is stored: a raw token never rests in the database (not in the outbox payload, not
/// anywhere), so a copy of the database or a backup cannot be used to answer for a manager.
/// The link's fourteen days run from when it is sent. A delivery that fails after minting
/// leaves an unused link nobody holds; a retry mints a fresh one.
async fn manager(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: ApplicationPayload = payload(notice)?;
    let Some(a) = gone(ctx.store.get_application(p.application).await)? else {
        return Ok(None);
    };
    let Some(manager_id) = to.person_id else {
        return Ok(None);
    };
    if a.status != ApplicationStatus::AwaitingManager || a.line_manager_id != Some(manager_id) {
        // Withdrawn, or answered through an earlier link: nothing to ask.
        return Ok(None);
    }
    let Some(applicant) = gone(ctx.store.get_person(a.person_id).await)? else {
        return Ok(None);
    };
    let intake = ctx.store.get_intake(a.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    let url = mint_manager_link(ctx, &a, manager_id, to.language).await?;
    let lang = to.language;
    let i18n = I18n::shared();
    let applicant_name = applicant.person.display_name();
    let role = i18n.t(lang, &role_key(a.role));
    let days = MANAGER_LINK_DAYS.to_string();
    let params = [
        ("applicant", applicant_name.as_str()),
        ("programme", programme.name.as_str()),
        ("role", role.as_str()),
        ("days", days.as_str()),
    ];
    Ok(Some(Body {
        subject: i18n.t_with(lang, "notices.application.manager_request.subject", &params),
        greeting: layout::greeting(to),
        paragraphs: vec![
            i18n.t_with(lang, "notices.application.manager_request.body", &params),
            i18n.t_with(lang, "notices.application.manager_request.link", &params),
            i18n.t(lang, "notices.application.manager_request.ignore"),
        ],
        facts: vec![
            (
                i18n.t(lang, "notices.journey.fact.applicant"),
                applicant_name.clone(),
            ),
            (
                i18n.t(lang, "notices.journey.fact.programme"),
                programme.name.clone(),
            ),
            (i18n.t(lang, "notices.journey.fact.role"), role.clone()),
        ],
        action: Some((i18n.t(lang, "notices.journey.action.manager"), url)),
        ..Body::default()
    }))
}

/// Mints a line manager's single-use link for `a` and returns its absolute URL: only the
/// token's hash is stored, and the URL goes straight into the e-mail being rendered. Shared by
/// the request and its reminder, so each e-mail carries a link that works (an earlier, unused
/// link keeps working until it expires).
pub(crate) async fn mint_manager_link(
    ctx: &Context,
    a: &Application,
    manager: PersonId,
    lang: Language,
) -> AppResult<String> {
    let token = random_token();
    let now = ctx.now();
    let change = audited(
        ctx,
        None,
        "application.manager_link_sent",
        a.id.to_string(),
        format!("manager={manager}"),
    );
    change
        .store
        .create_manager_link(&ManagerLink {
            token_hash: token_hash(&token),
            application_id: a.id,
            manager_id: manager,
            created_at: now,
            expires_at: now + chrono::Duration::days(MANAGER_LINK_DAYS),
            used_at: None,
        })
        .await?;
    change.done()?;
    Ok(format!(
        "{}/manager-approval/{token}?lang={}",
        ctx.settings.base(),
        lang.tag()
    ))
}

async fn relationship_and_programme(
    ctx: &Context,
    id: RelationshipId,
) -> AppResult<
    Option<(
        Relationship,
        tandem_domain::Intake,
        tandem_domain::Programme,
    )>,
> {
    let Some(r) = gone(ctx.store.get_relationship(id).await)? else {
        return Ok(None);
    };
    let intake = ctx.store.get_intake(r.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    Ok(Some((r, intake, programme)))
}

async fn offer(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: RelationshipPayload = payload(notice)?;
    let Some((r, _, programme)) = relationship_and_programme(ctx, p.relationship).await? else {
        return Ok(None);
    };
    let pending = to
        .person_id
        .and_then(|me| r.member(me))
        .is_some_and(|m| m.response == OfferResponse::Pending);
    if r.status != RelationshipStatus::Proposed || !pending {
        // Answered, lapsed or withdrawn before the notice went out.
        return Ok(None);
    }
    let lang = to.language;
    let i18n = I18n::shared();
    let deadline = long_date(lang, r.offer_deadline);
    let params = [
        ("programme", programme.name.as_str()),
        ("deadline", deadline.as_str()),
    ];
    Ok(Some(Body {
        subject: i18n.t_with(lang, "notices.offer.made.subject", &params),
        greeting: layout::greeting(to),
        paragraphs: vec![i18n.t_with(lang, "notices.offer.made.body", &params)],
        facts: vec![
            (
                i18n.t(lang, "notices.journey.fact.programme"),
                programme.name.clone(),
            ),
            (i18n.t(lang, "notices.journey.fact.deadline"), deadline),
        ],
        action: Some((
            i18n.t(lang, "notices.journey.action.offer"),
            format!("{}/relationships/{}", ctx.settings.base(), r.id),
        )),
        ..Body::default()
    }))
}

/// The members' names, "Pat Doe and Mo Smith" (erased people are left out).
async fn names(ctx: &Context, lang: Language, r: &Relationship) -> AppResult<String> {
    let mut names = Vec::new();
    for m in &r.members {
        if let Some(p) = gone(ctx.store.get_person(m.person_id).await)? {
            names.push(p.person.display_name());
        }
    }
    Ok(match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => I18n::shared().t_with(
            lang,
            "notices.journey.and",
            &[("first", &rest.join(", ")), ("last", last)],
        ),
    })
}

async fn offer_declined(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: RelationshipPayload = payload(notice)?;
    let Some((r, intake, programme)) = relationship_and_programme(ctx, p.relationship).await?
    else {
        return Ok(None);
    };
    let lang = to.language;
    let i18n = I18n::shared();
    let pair = names(ctx, lang, &r).await?;
    let by = match p.by {
        Some(by) => gone(ctx.store.get_person(by).await)?
            .map(|p| p.person.display_name())
            .unwrap_or_default(),
        None => String::new(),
    };
    let params = [
        ("programme", programme.name.as_str()),
        ("intake", intake.name.as_str()),
        ("people", pair.as_str()),
    ];
    let outcome = if r.status == RelationshipStatus::Declined {
        i18n.t(lang, "notices.offer.declined.back_to_pool")
    } else {
        i18n.t(lang, "notices.offer.declined.others_stay")
    };
    let mut facts = vec![
        (
            i18n.t(lang, "notices.journey.fact.programme"),
            programme.name.clone(),
        ),
        (
            i18n.t(lang, "notices.journey.fact.intake"),
            intake.name.clone(),
        ),
        (i18n.t(lang, "notices.journey.fact.people"), pair.clone()),
    ];
    if !by.is_empty() {
        facts.push((i18n.t(lang, "notices.journey.fact.declined_by"), by));
    }
    Ok(Some(Body {
        subject: i18n.t_with(lang, "notices.offer.declined.subject", &params),
        greeting: layout::greeting(to),
        paragraphs: vec![
            i18n.t_with(lang, "notices.offer.declined.body", &params),
            outcome,
        ],
        facts,
        action: Some((
            i18n.t(lang, "notices.journey.action.intake_relationships"),
            format!(
                "{}/intakes/{}/relationships",
                ctx.settings.base(),
                intake.id
            ),
        )),
        ..Body::default()
    }))
}

async fn agreement(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: RelationshipPayload = payload(notice)?;
    let Some((r, _, programme)) = relationship_and_programme(ctx, p.relationship).await? else {
        return Ok(None);
    };
    let Some(me) = to.person_id.and_then(|me| r.member(me)) else {
        return Ok(None);
    };
    let code = notice.kind.code();
    if notice.kind == NoticeKind::AgreementToSign {
        let current = ctx.store.get_agreement(r.id).await?.map(|a| a.version);
        let waiting = r.status == RelationshipStatus::Accepted
            && me.response == OfferResponse::Accepted
            && me.left_at.is_none()
            && current.is_some()
            && current == p.version
            && me.signed_version != current;
        if !waiting {
            // Signed already, edited since (a newer notice asks again) or no longer agreeing.
            return Ok(None);
        }
    } else if r.status != RelationshipStatus::Active {
        return Ok(None);
    }
    let lang = to.language;
    let i18n = I18n::shared();
    let people = names(ctx, lang, &r).await?;
    let params = [("programme", programme.name.as_str())];
    Ok(Some(Body {
        subject: i18n.t_with(lang, &format!("notices.{code}.subject"), &params),
        greeting: layout::greeting(to),
        paragraphs: vec![i18n.t_with(lang, &format!("notices.{code}.body"), &params)],
        facts: vec![
            (
                i18n.t(lang, "notices.journey.fact.programme"),
                programme.name.clone(),
            ),
            (i18n.t(lang, "notices.journey.fact.people"), people),
        ],
        action: Some((
            i18n.t(lang, &format!("notices.{code}.action")),
            format!("{}/relationships/{}", ctx.settings.base(), r.id),
        )),
        ..Body::default()
    }))
}
