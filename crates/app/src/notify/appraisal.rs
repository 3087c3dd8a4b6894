//! The line manager's e-mail about an appraisal summary a mentee shared with them (see
//! [`crate::appraisal`]).
//!
//! As with the approval request, the single-use token is minted at delivery and only its hash
//! is stored, so the outbox, the database and its backups never hold a usable link. The e-mail
//! names the mentee and says what the link shows; the summary itself is only behind the link.

use super::layout::{self, Body};
use super::{Queued, Recipient, Rendered};
use crate::tokens::{random_token, token_hash};
use crate::{AppError, AppResult, Context, audited};
use serde::{Deserialize, Serialize};
use tandem_domain::appraisal::{SUMMARY_LINK_DAYS, SummaryId, SummaryStatus};
use tandem_i18n::I18n;
use tandem_storage::StoreError;

/// The payload of the manager's notice: the summary's id only (the text is read at delivery).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SummaryPayload {
    pub summary: SummaryId,
}

/// Renders the manager's e-mail, or `None` when there is nothing to send any more (withdrawn or
/// opened before delivery, the mentee erased, the manager changed).
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    let p: SummaryPayload =
        serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)?;
    let s = match ctx.store.get_appraisal_summary(p.summary).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if s.status != SummaryStatus::Sent || to.person_id != Some(s.manager_id) {
        return Ok(None);
    }
    let mentee = match ctx.store.get_person(s.person_id).await {
        Ok(r) => r.person.display_name(),
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let token = random_token();
    let now = ctx.now();
    let change = audited(
        ctx,
        None,
        "appraisal.summary_link_sent",
        s.id.to_string(),
        format!("manager={}", s.manager_id),
    );
    let made = change
        .store
        .set_appraisal_summary_link(
            s.id,
            &token_hash(&token),
            now,
            now + chrono::Duration::days(SUMMARY_LINK_DAYS),
        )
        .await?;
    change.done()?;
    if !made {
        return Ok(None);
    }
    let lang = to.language;
    let i18n = I18n::shared();
    let days = SUMMARY_LINK_DAYS.to_string();
    let params = [("mentee", mentee.as_str()), ("days", days.as_str())];
    let url = format!(
        "{}/appraisal-summary/{token}?lang={}",
        ctx.settings.base(),
        lang.tag()
    );
    let mut body = Body {
        subject: i18n.t_with(lang, "notices.appraisal.summary_shared.subject", &params),
        greeting: layout::greeting(to),
        paragraphs: vec![
            i18n.t_with(lang, "notices.appraisal.summary_shared.body", &params),
            i18n.t_with(lang, "notices.appraisal.summary_shared.link", &params),
            i18n.t(lang, "notices.appraisal.summary_shared.ignore"),
        ],
        action: Some((i18n.t(lang, "notices.appraisal.summary_shared.action"), url)),
        ..Body::default()
    };
    body.preferences_url = to.preferences_url.clone();
    body.unsubscribe_url = to.unsubscribe_url.clone();
    Ok(Some(layout::render(lang, &body)))
}
