//! Renders the notice telling a person they were nominated into an intake, and the one telling
//! a self-registered person that their registration was ended ("not employed here").
//!
//! Both read what they describe at delivery: a nomination already completed or declined is not
//! announced (the notice is dropped), and names are the ones of the moment.

use super::layout::{self, Body};
use super::{NoticeKind, Queued, Recipient, Rendered};
use crate::notify::journey::ApplicationPayload;
use crate::notify::words::role_key;
use crate::{AppError, AppResult, Context};
use tandem_domain::ApplicationStatus;
use tandem_i18n::I18n;
use tandem_storage::StoreError;

/// What the notice ending a registration carries. Defined here, beside its renderer, so that
/// rendering does not reach back into the registration use cases that queue it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EndedNotice {
    pub organisation: tandem_domain::OrganisationId,
}

/// Renders a nomination notice; `None` while the nomination is no longer open.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    let body = match notice.kind {
        NoticeKind::ApplicationNominated => nominated(ctx, notice, to).await?,
        NoticeKind::RegistrationEnded => ended(ctx, notice, to).await?,
        other => {
            return Err(AppError::internal(std::io::Error::other(format!(
                "{other} is not a nomination or registration notice"
            ))));
        }
    };
    Ok(body.map(|mut b| {
        b.preferences_url = to.preferences_url.clone();
        b.unsubscribe_url = to.unsubscribe_url.clone();
        layout::render(to.language, &b)
    }))
}

async fn nominated(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: ApplicationPayload =
        serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)?;
    let a = match ctx.store.get_application(p.application).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if a.status != ApplicationStatus::Nominated {
        // Completed or declined before this went out: nothing left to ask.
        return Ok(None);
    }
    let Some(n) = ctx.store.nomination(a.id).await? else {
        return Ok(None);
    };
    let intake = ctx.store.get_intake(a.intake_id).await?;
    let programme = ctx.store.get_programme(intake.programme_id).await?;
    let by = match ctx.store.get_person(n.nominated_by).await {
        Ok(r) => r.person.display_name(),
        Err(StoreError::NotFound) => String::new(),
        Err(e) => return Err(e.into()),
    };
    let lang = to.language;
    let i18n = I18n::shared();
    let role = i18n.t(lang, &role_key(a.role));
    let params = [
        ("programme", programme.name.as_str()),
        ("intake", intake.name.as_str()),
        ("role", role.as_str()),
        ("by", by.as_str()),
    ];
    let closes = super::words::long_date(lang, intake.closes_on);
    Ok(Some(Body {
        subject: i18n.t_with(lang, "notices.application.nominated.subject", &params),
        greeting: layout::greeting(to),
        paragraphs: vec![
            i18n.t_with(lang, "notices.application.nominated.body", &params),
            i18n.t_with(
                lang,
                "notices.application.nominated.complete_by",
                &[("date", closes.as_str())],
            ),
        ],
        facts: vec![
            (
                i18n.t(lang, "notices.journey.fact.programme"),
                programme.name,
            ),
            (i18n.t(lang, "notices.journey.fact.intake"), intake.name),
            (i18n.t(lang, "notices.journey.fact.role"), role),
            (i18n.t(lang, "notices.application.nominated.fact.by"), by),
        ],
        action: Some((
            i18n.t(lang, "notices.application.nominated.action"),
            format!("{}/nominations/mine", ctx.settings.base()),
        )),
        ..Body::default()
    }))
}

async fn ended(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Body>> {
    let p: EndedNotice =
        serde_json::from_value(notice.payload.clone()).map_err(AppError::internal)?;
    let organisation = match ctx.store.get_organisation(p.organisation).await {
        Ok(o) => o.name,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let lang = to.language;
    let i18n = I18n::shared();
    let params = [("organisation", organisation.as_str())];
    Ok(Some(Body {
        subject: i18n.t(lang, "notices.registration.ended.subject"),
        greeting: layout::greeting(to),
        paragraphs: vec![
            i18n.t_with(lang, "notices.registration.ended.body", &params),
            i18n.t(lang, "notices.registration.ended.mistake"),
        ],
        ..Body::default()
    }))
}
