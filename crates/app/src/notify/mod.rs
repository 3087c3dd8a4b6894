//! Notices: every e-mail Tandem sends, queued in the database outbox and delivered by workers.
//!
//! # How a notice travels
//!
//! 1. **Caused.** A use case that changes data builds its [`Notice`]s and *stages* them on the
//!    store ([`stage`]) before calling the write: they are inserted in the write's own
//!    transaction (see `tandem_storage::Store::staged`), so the change and the promise to tell
//!    someone are kept or lost together. Time-driven notices (reminders, digests) are inserted by
//!    the [`scheduler`] on every instance; the deduplication key makes the inserts idempotent.
//! 2. **Claimed.** A [`worker`] on any instance claims due rows with a lease, so two instances
//!    never hold the same row at once (`FOR UPDATE SKIP LOCKED` on PostgreSQL; one writer on
//!    SQLite).
//! 3. **Rendered at delivery** ([`render`]) for the recipient as they are *now*: their address,
//!    language and preferences ([`preferences`]); a person since erased or who switched the kind
//!    off gets nothing (the row is dropped and counted), and a reminder for a session since
//!    cancelled or moved is dropped as no longer relevant.
//! 4. **Sent** through the configured [`Mailer`](tandem_mail::Mailer), with the kind in an
//!    `X-Tandem-Kind` header and a one-click unsubscribe link; failures are retried with backoff
//!    and end in a dead-letter list an administrator sees and can retry.
//!
//! The payload of a row holds ids and the facts of the moment (a reason, an old time); the
//! renderer reads the rest from the database, so what a person reads is true when they read it.

pub mod accounts;
pub mod appraisal;
pub mod dead_letters;
pub mod journey;
pub mod layout;
pub mod meetings;
pub mod nominations;
pub mod peers;
pub mod preferences;
pub mod scheduled;
pub mod scheduler;
pub mod story;
pub mod words;
pub mod worker;

use crate::{AppError, AppResult, Context};
use chrono::{DateTime, Utc};
use serde::Serialize;
use tandem_domain::{Language, PersonId};
use tandem_storage::{NewNotice, NoticeTo, Store};

/// Every kind of notice, with a stable code (recorded with each message: the file outbox's JSON
/// `"kind"`, SMTP's `X-Tandem-Kind` header, preferences, dead letters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    // Accounts (essential).
    AccountInvitation,
    AccountPasswordReset,
    /// The single-use link that confirms a self-registered person's e-mail address.
    AccountEmailConfirmation,
    /// A single-use sign-in link, for people who sign in without a password.
    AccountSignInLink,
    // Applications.
    /// An organisation coordinator nominated the person into an intake.
    ApplicationNominated,
    /// A self-registration was ended: the organisation named says the person does not work
    /// there.
    RegistrationEnded,
    ApplicationReceived,
    ApplicationApproved,
    ApplicationDeclined,
    ApplicationWaitlisted,
    ApplicationManagerRequest,
    ApplicationManagerReminder,
    // Matching.
    OfferMade,
    OfferReminder,
    OfferExpired,
    OfferDeclined,
    // Agreements.
    AgreementToSign,
    AgreementSigned,
    // Sessions (a time is involved: each carries an .ics file).
    SessionProposed,
    SessionConfirmed,
    SessionRescheduled,
    SessionCancelled,
    SessionReminder,
    SessionLogPrompt,
    // Action learning sets.
    SetMeetingNext,
    SetMeetingReminder,
    SetActionsDue,
    SetApologies,
    // Paired learning.
    PairShadowingInvitation,
    PairShadowingReminder,
    PairWorkshopInvitation,
    PairWorkshopReminder,
    // Digests.
    DigestOrganisation,
    DigestScheme,
    /// A person's daily digest of the notices they chose to receive that way.
    DigestDaily,
    /// A survey wave opened for the person (or, the older hook, an external survey's link).
    SurveyWave,
    /// The one reminder of a survey request still unanswered.
    SurveyReminder,
    /// A mentee shared an appraisal summary with their line manager: the manager's single-use
    /// link.
    AppraisalSummaryShared,
    /// Someone asked the person, who is listed in the directory, for a conversation.
    PeerConversationRequest,
    /// The person a conversation was asked of accepted: the asker may now see their address.
    PeerRequestAccepted,
    /// Someone declined a proposed match: to the others in it, naming the intake (and who
    /// declined, as policy lets them see), linking to the page that says what happens next.
    OfferDeclinedToMember,
}

impl NoticeKind {
    /// Every kind, in declaration order.
    pub const ALL: [NoticeKind; 41] = [
        Self::AccountInvitation,
        Self::AccountPasswordReset,
        Self::AccountEmailConfirmation,
        Self::AccountSignInLink,
        Self::ApplicationNominated,
        Self::RegistrationEnded,
        Self::ApplicationReceived,
        Self::ApplicationApproved,
        Self::ApplicationDeclined,
        Self::ApplicationWaitlisted,
        Self::ApplicationManagerRequest,
        Self::ApplicationManagerReminder,
        Self::OfferMade,
        Self::OfferReminder,
        Self::OfferExpired,
        Self::OfferDeclined,
        Self::AgreementToSign,
        Self::AgreementSigned,
        Self::SessionProposed,
        Self::SessionConfirmed,
        Self::SessionRescheduled,
        Self::SessionCancelled,
        Self::SessionReminder,
        Self::SessionLogPrompt,
        Self::SetMeetingNext,
        Self::SetMeetingReminder,
        Self::SetActionsDue,
        Self::SetApologies,
        Self::PairShadowingInvitation,
        Self::PairShadowingReminder,
        Self::PairWorkshopInvitation,
        Self::PairWorkshopReminder,
        Self::DigestOrganisation,
        Self::DigestScheme,
        Self::DigestDaily,
        Self::SurveyWave,
        Self::SurveyReminder,
        Self::AppraisalSummaryShared,
        Self::PeerConversationRequest,
        Self::PeerRequestAccepted,
        Self::OfferDeclinedToMember,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AccountInvitation => "account.invitation",
            Self::AccountPasswordReset => "account.password_reset",
            Self::AccountEmailConfirmation => "account.email_confirmation",
            Self::AccountSignInLink => "account.sign_in_link",
            Self::ApplicationNominated => "application.nominated",
            Self::RegistrationEnded => "registration.ended",
            Self::ApplicationReceived => "application.received",
            Self::ApplicationApproved => "application.approved",
            Self::ApplicationDeclined => "application.declined",
            Self::ApplicationWaitlisted => "application.waitlisted",
            Self::ApplicationManagerRequest => "application.manager_request",
            Self::ApplicationManagerReminder => "application.manager_reminder",
            Self::OfferMade => "offer.made",
            Self::OfferReminder => "offer.reminder",
            Self::OfferExpired => "offer.expired",
            Self::OfferDeclined => "offer.declined",
            Self::AgreementToSign => "agreement.to_sign",
            Self::AgreementSigned => "agreement.signed",
            Self::SessionProposed => "session.proposed",
            Self::SessionConfirmed => "session.confirmed",
            Self::SessionRescheduled => "session.rescheduled",
            Self::SessionCancelled => "session.cancelled",
            Self::SessionReminder => "session.reminder",
            Self::SessionLogPrompt => "session.log_prompt",
            Self::SetMeetingNext => "set.meeting_next",
            Self::SetMeetingReminder => "set.meeting_reminder",
            Self::SetActionsDue => "set.actions_due",
            Self::SetApologies => "set.apologies",
            Self::PairShadowingInvitation => "pair.shadowing_invitation",
            Self::PairShadowingReminder => "pair.shadowing_reminder",
            Self::PairWorkshopInvitation => "pair.workshop_invitation",
            Self::PairWorkshopReminder => "pair.workshop_reminder",
            Self::DigestOrganisation => "digest.organisation",
            Self::DigestScheme => "digest.scheme",
            Self::DigestDaily => "digest.daily",
            Self::SurveyWave => "survey.wave",
            Self::SurveyReminder => "survey.reminder",
            Self::AppraisalSummaryShared => "appraisal.summary_shared",
            Self::PeerConversationRequest => "peer.conversation_request",
            Self::PeerRequestAccepted => "peer.request_accepted",
            Self::OfferDeclinedToMember => "offer.declined_to_member",
        }
    }

    pub fn from_code(code: &str) -> Option<NoticeKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Essential kinds cannot be switched off or held for a digest: without them a person
    /// cannot get in, or misses something only they can act on before a deadline.
    pub fn essential(self) -> bool {
        matches!(
            self,
            Self::AccountInvitation
                | Self::AccountPasswordReset
                | Self::AccountEmailConfirmation
                | Self::AccountSignInLink
                | Self::ApplicationNominated
                | Self::RegistrationEnded
                | Self::ApplicationManagerRequest
                | Self::AppraisalSummaryShared
                | Self::OfferMade
                | Self::AgreementToSign
                | Self::SessionRescheduled
                | Self::SessionCancelled
        )
    }

    /// Translation key of the kind's name (preferences page, notice lists).
    pub fn name_key(self) -> String {
        format!("notices.kind.{}", self.code())
    }
}

impl std::fmt::Display for NoticeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A notice a use case wants sent: built here, written by the store in the use case's
/// transaction ([`stage`]) or on its own ([`queue`]).
#[derive(Clone, Debug)]
pub struct Notice {
    pub kind: NoticeKind,
    pub to: NoticeTo,
    /// Unique per cause, e.g. `session.confirmed:{session}:{sequence}:{person}`; the kind code
    /// and the recipient are part of it so that one cause may tell several people.
    pub dedup_key: String,
    pub payload: serde_json::Value,
    pub due_at: DateTime<Utc>,
}

impl Notice {
    /// A notice to a person, due now. `cause` identifies what happened (ids, a version); the
    /// key becomes `{kind}:{cause}:{person}`.
    pub fn to_person(
        ctx: &Context,
        kind: NoticeKind,
        person: PersonId,
        cause: &str,
        payload: impl Serialize,
    ) -> AppResult<Notice> {
        Ok(Notice {
            kind,
            to: NoticeTo::Person(person),
            dedup_key: format!("{}:{cause}:{person}", kind.code()),
            payload: serde_json::to_value(payload).map_err(AppError::internal)?,
            due_at: ctx.now(),
        })
    }

    /// A notice to an address with no person behind it (yet), due now.
    pub fn to_address(
        ctx: &Context,
        kind: NoticeKind,
        address: &str,
        cause: &str,
        payload: impl Serialize,
    ) -> AppResult<Notice> {
        Ok(Notice {
            kind,
            to: NoticeTo::Address(address.to_string()),
            dedup_key: format!("{}:{cause}:{}", kind.code(), address.to_lowercase()),
            payload: serde_json::to_value(payload).map_err(AppError::internal)?,
            due_at: ctx.now(),
        })
    }

    /// The same notice, not delivered before `at`.
    pub fn due(mut self, at: DateTime<Utc>) -> Notice {
        self.due_at = at;
        self
    }

    fn into_new(self, now: DateTime<Utc>) -> NewNotice {
        NewNotice {
            kind: self.kind.code().to_string(),
            dedup_key: self.dedup_key,
            to: self.to,
            payload: self.payload.to_string(),
            due_at: self.due_at,
            created_at: now,
        }
    }
}

/// A store handle whose next transactional write also queues `notices` in the same
/// transaction. Call [`Staged::done`] after the write: it fails if the write did not take them.
pub fn stage(ctx: &Context, notices: Vec<Notice>) -> Staged {
    let now = ctx.now();
    let store = ctx
        .store
        .staged(notices.into_iter().map(|n| n.into_new(now)).collect());
    Staged { store }
}

/// See [`stage`].
pub struct Staged {
    pub store: Store,
}

impl Staged {
    /// Also appends this audit entry in the write's transaction (see [`crate::audited`]).
    pub(crate) fn audited(
        self,
        ctx: &Context,
        actor: Option<&tandem_domain::Actor>,
        action: &str,
        subject: String,
        detail: String,
    ) -> Staged {
        Staged {
            store: self
                .store
                .audited(crate::audit_entry(ctx, actor, action, subject, detail)),
        }
    }

    /// Confirms that the write took the staged notices (and wakes local workers).
    pub fn done(self) -> AppResult<()> {
        self.store.ensure_flushed().map_err(AppError::internal)?;
        worker::wake();
        Ok(())
    }
}

/// Queues notices with an audit entry, in one transaction (a change that is only an e-mail: an
/// invitation, a reset link).
pub async fn queue_audited(
    ctx: &Context,
    notices: Vec<Notice>,
    entry: tandem_storage::AuditEntry,
) -> AppResult<u64> {
    let now = ctx.now();
    let rows: Vec<NewNotice> = notices.into_iter().map(|n| n.into_new(now)).collect();
    let store = ctx.store.audited(entry);
    let added = store.enqueue(&rows).await?;
    store.ensure_flushed().map_err(AppError::internal)?;
    if added > 0 {
        worker::wake();
    }
    Ok(added)
}

/// Queues notices on their own (the scheduler, or a cause with no other write). Returns how many
/// were new (keys already queued are skipped).
pub async fn queue(ctx: &Context, notices: Vec<Notice>) -> AppResult<u64> {
    let now = ctx.now();
    let rows: Vec<NewNotice> = notices.into_iter().map(|n| n.into_new(now)).collect();
    let added = ctx.store.enqueue(&rows).await?;
    if added > 0 {
        worker::wake();
    }
    Ok(added)
}

/// Who a notice is being delivered to, as they are at delivery.
#[derive(Clone, Debug)]
pub struct Recipient {
    pub person_id: Option<PersonId>,
    /// Given name for the greeting (empty for a bare address).
    pub name: String,
    pub address: String,
    pub language: Language,
    /// Where the recipient chooses what they receive (absolute; `None` for a bare address).
    pub preferences_url: Option<String>,
    /// One-click unsubscribe from this kind (absolute; `None` for essential kinds and bare
    /// addresses). The worker also sends it as the `List-Unsubscribe` header.
    pub unsubscribe_url: Option<String>,
}

/// A file sent with a notice (e.g. `session.ics`): the mail crate's own type, so renderers'
/// attachments reach the message unchanged.
pub use tandem_mail::Attachment;

/// A notice made ready to send: subject, both parts and any attachment.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachments: Vec<Attachment>,
}

/// A queued notice as a renderer sees it.
#[derive(Clone, Debug)]
pub struct Queued {
    pub kind: NoticeKind,
    pub dedup_key: String,
    pub payload: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// Renders a queued notice for its recipient, or `None` when it is no longer relevant (the
/// session was cancelled, the offer answered): the worker then drops it and counts it.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    use NoticeKind as K;
    match notice.kind {
        K::AccountInvitation
        | K::AccountPasswordReset
        | K::AccountEmailConfirmation
        | K::AccountSignInLink => accounts::render(ctx, notice, to).await,
        K::ApplicationNominated | K::RegistrationEnded => {
            nominations::render(ctx, notice, to).await
        }
        K::ApplicationReceived
        | K::ApplicationApproved
        | K::ApplicationDeclined
        | K::ApplicationWaitlisted
        | K::ApplicationManagerRequest
        | K::OfferMade
        | K::OfferDeclined
        | K::AgreementToSign
        | K::AgreementSigned => journey::render(ctx, notice, to).await,
        K::SessionProposed
        | K::SessionConfirmed
        | K::SessionRescheduled
        | K::SessionCancelled
        | K::SetMeetingNext
        | K::SetApologies
        | K::PairShadowingInvitation
        | K::PairWorkshopInvitation => meetings::render(ctx, notice, to).await,
        K::ApplicationManagerReminder
        | K::OfferReminder
        | K::OfferExpired
        | K::SessionReminder
        | K::SessionLogPrompt
        | K::SetMeetingReminder
        | K::SetActionsDue
        | K::PairShadowingReminder
        | K::PairWorkshopReminder
        | K::DigestOrganisation
        | K::DigestScheme
        | K::DigestDaily
        | K::SurveyWave
        | K::SurveyReminder => scheduled::render(ctx, notice, to).await,
        K::AppraisalSummaryShared => appraisal::render(ctx, notice, to).await,
        K::PeerConversationRequest | K::PeerRequestAccepted => peers::render(ctx, notice, to).await,
        K::OfferDeclinedToMember => story::render(ctx, notice, to).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut codes: Vec<&str> = NoticeKind::ALL.iter().map(|k| k.code()).collect();
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_code(k.code()), Some(k));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), NoticeKind::ALL.len());
    }
}
