//! The peer network (issue #17 item 6; PRODUCT.md's action-learning seed: "networking isolated
//! assessors with peers beyond their set"): the opt-in directory searched by profession,
//! organisation kind, framework dimension, language and region, and conversation requests.
//!
//! - **Who is found**: only people listed in the directory (`growth::opt_in`), across the
//!   scheme's organisations, and only what their listing shows (name, primary job and its
//!   organisation, kind and region, language, interests). Never employments beyond that, notes
//!   or relationships.
//! - **Asking**: anyone in the scheme may ask a listed person (never themselves) for a
//!   conversation with a short message ([`MAX_MESSAGE`] characters, under the text rule). One
//!   open request per pair, whoever asked; at most [`DAILY_CAP`] requests per asker in any 24
//!   hours. The request is relayed by e-mail through the outbox, with no address in it.
//! - **Answering**: the recipient accepts or declines. Only on acceptance do both see each
//!   other's e-mail address, on their requests page; the asker is told by e-mail that it was
//!   accepted (again with no address).
//! - **Leaving**: leaving the directory hides the listing at once and closes every open request
//!   to the person; their askers see "no longer available", never why.
//!
//! Every change is audited in its own transaction; a refusal writes nothing. Access is decided
//! by `tandem_domain::policy` (`ViewDirectory`, `AskPeer`, `AnswerPeerRequest`,
//! `ViewPeerRequest`, `ManageScheme` for regions).

use crate::notify::{self, Notice, NoticeKind};
use crate::{AppError, AppResult, Context, Refusal, audited, authorise, authorise_or_hide};
use chrono::Duration;
use serde::Serialize;
use tandem_domain::peers::{
    DAILY_CAP, PeerFilter, PeerRequest, PeerRequestId, PeerRequestStatus, validate_message,
};
pub use tandem_domain::peers::{MAX_MESSAGE, PeerFilter as Filter};
use tandem_domain::{Action, Actor, Organisation, OrganisationId, PersonId, ValidationErrors};
use tandem_storage::list_pages::Cursor;
use tandem_storage::peers::{AskOutcome, PeerEntry, PeerFilterValues, PeersQuery};
use tandem_storage::{Page, StoreError};

/// Longest search text looked at (longer is cut, never refused).
const MAX_SEARCH: usize = 100;

/// Longest region name.
pub const MAX_REGION: usize = 80;

/// One page of the directory, narrowed by `filter`, from `cursor` (a token of a previous page;
/// one naming no one of the scheme is a field error on `cursor`).
pub async fn search(
    ctx: &Context,
    actor: &Actor,
    filter: PeerFilter,
    cursor: Option<&str>,
    limit: u64,
) -> AppResult<Page<PeerEntry>> {
    authorise(actor, Action::ViewDirectory)?;
    let mut filter = filter;
    filter.text = tandem_domain::text::search_term(filter.text.as_deref(), MAX_SEARCH)
        .map_err(|e| AppError::field("q", e.key()))?;
    // The other free-text filters under the same rule: a value no stored text can hold (NUL,
    // direction controls) is the field's error, never a statement PostgreSQL refuses.
    filter.profession = tandem_domain::text::search_term(filter.profession.as_deref(), MAX_SEARCH)
        .map_err(|e| AppError::field("profession", e.key()))?;
    filter.region = tandem_domain::text::search_term(filter.region.as_deref(), MAX_SEARCH)
        .map_err(|e| AppError::field("region", e.key()))?;
    let cursor = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(t) => Some(
            Cursor::<PersonId>::parse(t)
                .ok_or_else(|| AppError::field("cursor", "peers.error.cursor"))?,
        ),
    };
    let q = PeersQuery {
        scheme: actor.scheme_id,
        filter,
        limit,
        cursor,
        person: None,
    };
    match ctx.store.peer_page(&q).await {
        Ok(p) => Ok(p),
        Err(StoreError::NotFound) => Err(AppError::field("cursor", "peers.error.cursor")),
        Err(e) => Err(e.into()),
    }
}

/// The values the directory's filters offer (professions of listed people, regions of the
/// scheme's organisations).
pub async fn filter_values(ctx: &Context, actor: &Actor) -> AppResult<PeerFilterValues> {
    authorise(actor, Action::ViewDirectory)?;
    Ok(ctx.store.peer_filter_values(actor.scheme_id).await?)
}

/// Asks a listed person for a conversation. Someone not listed (never listed, withdrawn, or of
/// another scheme) does not exist for the asker (`NotFound`); asking oneself is `Forbidden`.
pub async fn ask(
    ctx: &Context,
    actor: &Actor,
    recipient: PersonId,
    message: &str,
) -> AppResult<PeerRequest> {
    let listed = ctx.store.is_listed(recipient, actor.scheme_id).await?;
    let action = Action::AskPeer { recipient, listed };
    if listed {
        authorise(actor, action)?;
    } else {
        authorise_or_hide(actor, action)?;
    }
    let message = validate_message(message).map_err(AppError::Validation)?;
    let now = ctx.now();
    let request = PeerRequest {
        id: PeerRequestId::new(),
        scheme_id: actor.scheme_id,
        asker_id: actor.person_id,
        recipient_id: recipient,
        message,
        status: PeerRequestStatus::Open,
        created_at: now,
        answered_at: None,
    };
    let notice = Notice::to_person(
        ctx,
        NoticeKind::PeerConversationRequest,
        recipient,
        &request.id.to_string(),
        notify::peers::RequestPayload {
            request: request.id,
        },
    )?;
    let change = notify::stage(ctx, vec![notice]).audited(
        ctx,
        Some(actor),
        "peers.request.create",
        request.id.to_string(),
        format!("recipient={recipient}"),
    );
    let outcome = change
        .store
        .create_peer_request(&request, now - Duration::hours(24), DAILY_CAP)
        .await?;
    match outcome {
        AskOutcome::Created => {
            change.done()?;
            Ok(request)
        }
        AskOutcome::PairOpen => Err(AppError::Refused(Refusal::PeerRequestOpen)),
        AskOutcome::CapReached => Err(AppError::Refused(Refusal::PeerDailyCap { cap: DAILY_CAP })),
    }
}

/// The recipient accepts (`true`) or declines a request. Anyone else is told it does not exist;
/// a request no longer open is refused with [`Refusal::PeerRequestClosed`].
pub async fn answer(
    ctx: &Context,
    actor: &Actor,
    id: PeerRequestId,
    accept: bool,
) -> AppResult<PeerRequest> {
    let r = match ctx.store.get_peer_request(id).await {
        Ok(r) if r.scheme_id == actor.scheme_id => r,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    authorise_or_hide(
        actor,
        Action::AnswerPeerRequest {
            recipient: r.recipient_id,
        },
    )?;
    if r.status != PeerRequestStatus::Open {
        return Err(AppError::Refused(Refusal::PeerRequestClosed));
    }
    let to = if accept {
        PeerRequestStatus::Accepted
    } else {
        PeerRequestStatus::Declined
    };
    // Only acceptance is told by e-mail; a decline is seen on the asker's page, quietly.
    let notices = if accept {
        vec![Notice::to_person(
            ctx,
            NoticeKind::PeerRequestAccepted,
            r.asker_id,
            &r.id.to_string(),
            notify::peers::RequestPayload { request: r.id },
        )?]
    } else {
        Vec::new()
    };
    let change = notify::stage(ctx, notices).audited(
        ctx,
        Some(actor),
        "peers.request.answer",
        r.id.to_string(),
        format!("status={}", to.code()),
    );
    let now = ctx.now();
    if !change
        .store
        .answer_peer_request(r.id, actor.person_id, to, now)
        .await?
    {
        return Err(AppError::Refused(Refusal::PeerRequestClosed));
    }
    change.done()?;
    Ok(ctx.store.get_peer_request(r.id).await?)
}

/// A request as one of its two people sees it.
#[derive(Clone, Debug, Serialize)]
pub struct RequestView {
    pub id: PeerRequestId,
    /// The actor received it (and may answer it while open).
    pub received: bool,
    /// The other person's name.
    pub with: String,
    /// The asker's organisation (shown to the recipient).
    pub organisation: String,
    pub message: String,
    /// As the actor may know it: an asker sees a request closed by the recipient's leaving as
    /// `unavailable`, which says nothing of why.
    pub status: PeerRequestStatus,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The other person's e-mail address: only once accepted.
    pub email: Option<String>,
    /// The actor's own address as the other sees it (accepted only), so they know what was shared.
    pub my_email: Option<String>,
}

/// The actor's requests: those received (newest first), then those they asked.
#[derive(Clone, Debug, Serialize)]
pub struct Requests {
    pub received: Vec<RequestView>,
    pub sent: Vec<RequestView>,
    /// How many requests the actor may still send today.
    pub left_today: u32,
}

fn view(line: tandem_storage::peers::PeerRequestLine, received: bool) -> RequestView {
    let accepted = line.request.status == PeerRequestStatus::Accepted;
    let (with, email, mine) = if received {
        (
            format!("{} {}", line.asker_given, line.asker_family),
            line.asker_email,
            line.recipient_email,
        )
    } else {
        (
            format!("{} {}", line.recipient_given, line.recipient_family),
            line.recipient_email,
            line.asker_email,
        )
    };
    RequestView {
        id: line.request.id,
        received,
        with,
        organisation: line.asker_organisation,
        message: line.request.message,
        status: line.request.status,
        created_at: line.request.created_at,
        email: email.filter(|_| accepted),
        my_email: mine.filter(|_| accepted),
    }
}

/// The actor's conversation requests, both ways (the last [`tandem_storage::peers::REQUESTS_SHOWN`]
/// of each).
pub async fn requests(ctx: &Context, actor: &Actor) -> AppResult<Requests> {
    authorise(actor, Action::KeepOwnRecords)?;
    let mut received = Vec::new();
    for line in ctx.store.peer_requests_of(actor.person_id, true).await? {
        authorise(
            actor,
            Action::ViewPeerRequest {
                asker: line.request.asker_id,
                recipient: line.request.recipient_id,
            },
        )?;
        received.push(view(line, true));
    }
    let mut sent = Vec::new();
    for line in ctx.store.peer_requests_of(actor.person_id, false).await? {
        authorise(
            actor,
            Action::ViewPeerRequest {
                asker: line.request.asker_id,
                recipient: line.request.recipient_id,
            },
        )?;
        sent.push(view(line, false));
    }
    let asked = ctx
        .store
        .peer_requests_asked_since(actor.person_id, ctx.now() - Duration::hours(24))
        .await?;
    Ok(Requests {
        received,
        sent,
        left_today: DAILY_CAP.saturating_sub(u32::try_from(asked).unwrap_or(u32::MAX)),
    })
}

/// One of the actor's requests, as their requests list shows it (the other person's address only
/// once accepted). Anyone but its two people is told it does not exist.
pub async fn request(ctx: &Context, actor: &Actor, id: PeerRequestId) -> AppResult<RequestView> {
    let line = match ctx.store.peer_request_line(id).await {
        Ok(l) if l.request.scheme_id == actor.scheme_id => l,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    authorise_or_hide(
        actor,
        Action::ViewPeerRequest {
            asker: line.request.asker_id,
            recipient: line.request.recipient_id,
        },
    )?;
    let received = line.request.recipient_id == actor.person_id;
    Ok(view(line, received))
}

/// One listed person as the asking form shows them, or `NotFound` when they are not listed (or
/// are the actor).
pub async fn listed_person(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<PeerEntry> {
    authorise(actor, Action::ViewDirectory)?;
    let listed = ctx.store.is_listed(person, actor.scheme_id).await?;
    authorise_or_hide(
        actor,
        Action::AskPeer {
            recipient: person,
            listed,
        },
    )?;
    let page = ctx
        .store
        .peer_page(&PeersQuery {
            scheme: actor.scheme_id,
            filter: PeerFilter::default(),
            limit: 1,
            cursor: None,
            person: Some(person),
        })
        .await?;
    page.items
        .into_iter()
        .find(|e| e.person_id == person)
        .ok_or(AppError::NotFound)
}

/// Leaves the directory: the listing is deleted and every open request to the actor is closed
/// as unavailable, in one transaction (audited; nothing is written when they were not listed).
pub async fn leave(ctx: &Context, actor: &Actor) -> AppResult<u64> {
    authorise(actor, Action::KeepOwnRecords)?;
    let change = audited(
        ctx,
        Some(actor),
        "growth.directory.opt_out",
        actor.person_id.to_string(),
        String::new(),
    );
    let (_, closed) = change
        .store
        .leave_directory(actor.person_id, ctx.now())
        .await?;
    change.done()?;
    Ok(closed)
}

/// An organisation of the actor's scheme with its region, for the form that sets it: the
/// scheme's coordinators (others of the scheme are refused; another scheme's is not found).
pub async fn region_of(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
) -> AppResult<(Organisation, String)> {
    authorise(actor, Action::ManageScheme)?;
    let org = match ctx.store.get_organisation(organisation).await {
        Ok(o) if o.scheme_id == actor.scheme_id => o,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let region = ctx.store.organisation_region(org.id).await?;
    Ok((org, region))
}

/// Sets an organisation's region (the directory's region filter): the scheme's coordinators.
pub async fn set_region(
    ctx: &Context,
    actor: &Actor,
    organisation: OrganisationId,
    region: &str,
) -> AppResult<()> {
    authorise(actor, Action::ManageScheme)?;
    let org = match ctx.store.get_organisation(organisation).await {
        Ok(o) if o.scheme_id == actor.scheme_id => o,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let region = tandem_domain::text::line(region, MAX_REGION).map_err(|e| {
        let mut errors = ValidationErrors::new();
        e.record(&mut errors, "region");
        AppError::Validation(errors)
    })?;
    let change = audited(
        ctx,
        Some(actor),
        "peers.organisation.region",
        org.id.to_string(),
        String::new(),
    );
    change
        .store
        .set_organisation_region(org.id, &region)
        .await?;
    change.done()
}
