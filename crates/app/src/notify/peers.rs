//! The peer network's e-mails (see [`crate::peers`]): a conversation request relayed to the
//! person asked, and the asker's word that it was accepted.
//!
//! Neither holds an e-mail address: the request's e-mail names the asker, their job and
//! organisation (what their own directory listing would show) and quotes their message; the
//! addresses are shown in the app once the recipient accepts, to both and to no one else. Both
//! are rendered from the request as it is at delivery, so a request answered or closed before
//! its e-mail went out is dropped.

use super::layout::{self, Body};
use super::{NoticeKind, Queued, Recipient, Rendered};
use crate::{AppError, AppResult, Context};
use serde::{Deserialize, Serialize};
use tandem_domain::PersonId;
use tandem_domain::peers::{PeerRequestId, PeerRequestStatus};
use tandem_i18n::I18n;
use tandem_storage::StoreError;

/// The payload: the request's id only (everything else is read at delivery).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RequestPayload {
    pub request: PeerRequestId,
}

/// A person's name and what their listing says of their work ("Ward manager, Riverside Trust").
async fn who(ctx: &Context, person: PersonId) -> AppResult<Option<(String, String)>> {
    let rec = match ctx.store.get_person(person).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut jobs = rec.employments.clone();
    jobs.sort_by_key(|e| !e.primary);
    let work = match jobs.first() {
        Some(e) => {
            let org = ctx.store.get_organisation(e.organisation_id).await?.name;
            if e.job_title.is_empty() {
                org
            } else {
                format!("{}, {org}", e.job_title)
            }
        }
        None => String::new(),
    };
    Ok(Some((rec.person.display_name(), work)))
}

/// Renders either e-mail, or `None` when it is no longer relevant.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    let p: RequestPayload =
        serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)?;
    let r = match ctx.store.get_peer_request(p.request).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let lang = to.language;
    let i18n = I18n::shared();
    let url = format!("{}/peers/requests?lang={}", ctx.settings.base(), lang.tag());
    let mut body = match notice.kind {
        NoticeKind::PeerConversationRequest => {
            if r.status != PeerRequestStatus::Open || to.person_id != Some(r.recipient_id) {
                return Ok(None);
            }
            let Some((name, work)) = who(ctx, r.asker_id).await? else {
                return Ok(None);
            };
            let params = [("name", name.as_str())];
            let mut facts = vec![(i18n.t(lang, "peers.notice.from"), name.clone())];
            if !work.is_empty() {
                facts.push((i18n.t(lang, "peers.notice.work"), work));
            }
            facts.push((i18n.t(lang, "peers.notice.message"), r.message.clone()));
            Body {
                subject: i18n.t_with(lang, "peers.notice.request.subject", &params),
                greeting: layout::greeting(to),
                paragraphs: vec![
                    i18n.t_with(lang, "peers.notice.request.body", &params),
                    i18n.t(lang, "peers.notice.request.privacy"),
                ],
                facts,
                action: Some((i18n.t(lang, "peers.notice.request.action"), url)),
                ..Body::default()
            }
        }
        NoticeKind::PeerRequestAccepted => {
            if r.status != PeerRequestStatus::Accepted || to.person_id != Some(r.asker_id) {
                return Ok(None);
            }
            let Some((name, _)) = who(ctx, r.recipient_id).await? else {
                return Ok(None);
            };
            let params = [("name", name.as_str())];
            Body {
                subject: i18n.t_with(lang, "peers.notice.accepted.subject", &params),
                greeting: layout::greeting(to),
                paragraphs: vec![i18n.t_with(lang, "peers.notice.accepted.body", &params)],
                action: Some((i18n.t(lang, "peers.notice.accepted.action"), url)),
                ..Body::default()
            }
        }
        _ => return Ok(None),
    };
    body.preferences_url = to.preferences_url.clone();
    body.unsubscribe_url = to.unsubscribe_url.clone();
    Ok(Some(layout::render(lang, &body)))
}
