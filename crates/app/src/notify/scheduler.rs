//! The scheduler: on every instance, inserts the reminders and digests that are due, keyed so
//! that three instances ticking at once (or one instance after a day down) queue each once.
//!
//! # Keys and windows
//!
//! Each reminder is keyed on the thing it is about and its *occasion* (a session's sequence, a
//! meeting's date and time, a digest's day or week), never on the tick: however many instances
//! tick, and however often, the outbox's unique key keeps one row. Each query reads a window
//! that opens when the reminder becomes due and closes when it stops making sense (a session's
//! start, an offer's deadline), so after a day down the overdue reminders still in their window
//! are queued once and the ones whose moment has passed are not queued at all.
//!
//! Renderers ([`super::scheduled`]) check again at delivery, so a reminder queued for a session
//! that is then moved or cancelled is dropped, not sent.

use super::{Notice, NoticeKind, queue};
use crate::{AppError, AppResult, Context, audit_entry, authorise};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde_json::json;
use tandem_domain::{Action, Actor, ProgrammeId, Role, Scope};

/// A line manager is reminded once, this long after the request went unanswered.
pub fn manager_reminder_after() -> Duration {
    Duration::days(5)
}
/// Members who have not answered an offer are reminded this long before its deadline.
pub fn offer_reminder_before() -> Duration {
    Duration::days(2)
}
/// Members are reminded of a confirmed session (and a set meeting) this long before it.
pub fn session_reminder_before() -> Duration {
    Duration::hours(24)
}
/// A session not logged as held is prompted for up to this long after it ended.
const LOG_PROMPT_WINDOW_DAYS: i64 = 7;
/// An offer's expiry is told up to this long after the deadline (then it is old news).
const EXPIRY_WINDOW_DAYS: i64 = 7;
/// Actions still open are recalled this long before the set's next meeting.
const ACTIONS_DUE_BEFORE_DAYS: i64 = 3;
/// Shadowing days are recalled the day before (and on the day, after a day down).
const SHADOWING_BEFORE_DAYS: i64 = 1;
/// Workshops are recalled two days before.
const WORKSHOP_BEFORE_DAYS: i64 = 2;
/// Past the first link's life the coordinator decides instead; no reminder that late.
const MANAGER_WINDOW_DAYS: i64 = tandem_domain::application::MANAGER_LINK_DAYS;

/// Queues every time-driven notice that is due at `ctx.now()`; returns how many were new.
pub async fn tick(ctx: &Context) -> AppResult<u64> {
    let now = ctx.now();
    // Held notices a sent daily digest included are done.
    ctx.store.settle_digests(now).await?;
    let mut notices = Vec::new();
    manager_reminders(ctx, now, &mut notices).await?;
    offers(ctx, now, &mut notices).await?;
    sessions(ctx, now, &mut notices).await?;
    set_meetings(ctx, now, &mut notices).await?;
    paired_learning(ctx, now, &mut notices).await?;
    organisation_digests(ctx, now, &mut notices).await?;
    scheme_digests(ctx, now, &mut notices).await?;
    daily_digests(ctx, now, &mut notices).await?;
    // Most of what is due was queued by an earlier tick (or another instance): skip those
    // with a few reads. The insert still skips any key queued in between, so this only saves
    // work and never decides what is sent.
    let keys: Vec<String> = notices.iter().map(|n| n.dedup_key.clone()).collect();
    let queued = ctx.store.queued_keys(&keys).await?;
    notices.retain(|n| !queued.contains(&n.dedup_key));
    queue(ctx, notices).await
}

async fn manager_reminders(
    ctx: &Context,
    now: DateTime<Utc>,
    out: &mut Vec<Notice>,
) -> AppResult<()> {
    let to = now - manager_reminder_after();
    let from = to - Duration::days(MANAGER_WINDOW_DAYS);
    for w in ctx.store.managers_waiting(from, to).await? {
        let payload = json!({ "application": w.application });
        out.push(
            Notice::to_person(
                ctx,
                NoticeKind::ApplicationManagerReminder,
                w.manager,
                &w.application.to_string(),
                payload,
            )?
            .due(w.asked_at + manager_reminder_after()),
        );
    }
    Ok(())
}

async fn offers(ctx: &Context, now: DateTime<Utc>, out: &mut Vec<Notice>) -> AppResult<()> {
    for m in ctx
        .store
        .offers_due(now, now + offer_reminder_before())
        .await?
    {
        if m.response != "pending" {
            continue;
        }
        let payload = json!({ "relationship": m.relationship, "deadline": m.deadline });
        let cause = format!("{}:{}", m.relationship, m.deadline.timestamp());
        out.push(
            Notice::to_person(ctx, NoticeKind::OfferReminder, m.person, &cause, payload)?
                .due(m.deadline - offer_reminder_before()),
        );
    }
    let expired = ctx
        .store
        .offers_due(now - Duration::days(EXPIRY_WINDOW_DAYS), now)
        .await?;
    for m in expired {
        let payload = json!({ "relationship": m.relationship, "deadline": m.deadline });
        let cause = format!("{}:{}", m.relationship, m.deadline.timestamp());
        out.push(
            Notice::to_person(ctx, NoticeKind::OfferExpired, m.person, &cause, payload)?
                .due(m.deadline),
        );
    }
    Ok(())
}

async fn sessions(ctx: &Context, now: DateTime<Utc>, out: &mut Vec<Notice>) -> AppResult<()> {
    for s in ctx
        .store
        .sessions_starting(now, now + session_reminder_before())
        .await?
    {
        let payload = json!({
            "session": s.session, "relationship": s.relationship, "sequence": s.sequence,
        });
        let cause = format!("{}:{}", s.session, s.sequence);
        out.push(
            Notice::to_person(ctx, NoticeKind::SessionReminder, s.person, &cause, payload)?
                .due(s.starts_at - session_reminder_before()),
        );
    }
    let ended = ctx
        .store
        .sessions_ended(now - Duration::days(LOG_PROMPT_WINDOW_DAYS), now)
        .await?;
    for s in ended {
        let payload = json!({ "session": s.session, "relationship": s.relationship });
        out.push(
            Notice::to_person(
                ctx,
                NoticeKind::SessionLogPrompt,
                s.person,
                &s.session.to_string(),
                payload,
            )?
            .due(s.ends_at),
        );
    }
    Ok(())
}

async fn set_meetings(ctx: &Context, now: DateTime<Utc>, out: &mut Vec<Notice>) -> AppResult<()> {
    let today = now.date_naive();
    let rows = ctx
        .store
        .set_meetings_on(
            today - Duration::days(1),
            today + Duration::days(ACTIONS_DUE_BEFORE_DAYS + 1),
        )
        .await?;
    for m in rows {
        let Some(start) = crate::calendar::meeting_start(&m.time_zone, m.starts_on, &m.starts_time)
        else {
            continue;
        };
        if start <= now {
            continue;
        }
        let occasion = format!("{}T{}", m.starts_on, m.starts_time);
        if start - session_reminder_before() <= now {
            let payload = json!({
                "meeting": m.meeting, "relationship": m.relationship,
                "starts_on": m.starts_on, "starts_time": m.starts_time,
            });
            let cause = format!("{}:{occasion}", m.meeting);
            out.push(Notice::to_person(
                ctx,
                NoticeKind::SetMeetingReminder,
                m.person,
                &cause,
                payload,
            )?);
        }
        if start - Duration::days(ACTIONS_DUE_BEFORE_DAYS) <= now
            && !ctx
                .store
                .open_set_actions(m.relationship, m.person, m.starts_on)
                .await?
                .is_empty()
        {
            let payload = json!({
                "meeting": m.meeting, "relationship": m.relationship, "starts_on": m.starts_on,
            });
            out.push(Notice::to_person(
                ctx,
                NoticeKind::SetActionsDue,
                m.person,
                &m.meeting.to_string(),
                payload,
            )?);
        }
    }
    Ok(())
}

async fn paired_learning(
    ctx: &Context,
    now: DateTime<Utc>,
    out: &mut Vec<Notice>,
) -> AppResult<()> {
    let today = now.date_naive();
    for d in ctx
        .store
        .shadowing_days_on(today, today + Duration::days(SHADOWING_BEFORE_DAYS))
        .await?
    {
        let payload = json!({ "day_id": d.id, "relationship": d.parent, "day": d.day });
        let cause = format!("{}:{}", d.id, d.day);
        out.push(Notice::to_person(
            ctx,
            NoticeKind::PairShadowingReminder,
            d.person,
            &cause,
            payload,
        )?);
    }
    for w in ctx
        .store
        .workshops_on(today, today + Duration::days(WORKSHOP_BEFORE_DAYS))
        .await?
    {
        let payload = json!({ "workshop": w.id, "programme": w.parent, "day": w.day });
        let cause = format!("{}:{}", w.id, w.day);
        out.push(Notice::to_person(
            ctx,
            NoticeKind::PairWorkshopReminder,
            w.person,
            &cause,
            payload,
        )?);
    }
    Ok(())
}

async fn organisation_digests(
    ctx: &Context,
    now: DateTime<Utc>,
    out: &mut Vec<Notice>,
) -> AppResult<()> {
    let day = now.date_naive();
    for (org, waiting) in ctx.store.organisations_with_waiting().await? {
        if waiting == 0 {
            continue;
        }
        let cause = format!("{org}:{day}");
        for coordinator in ctx
            .store
            .holders_of_role(Role::OrganisationCoordinator, Scope::Organisation(org))
            .await?
        {
            let payload = json!({ "organisation": org, "day": day });
            out.push(Notice::to_person(
                ctx,
                NoticeKind::DigestOrganisation,
                coordinator,
                &cause,
                payload,
            )?);
        }
    }
    Ok(())
}

/// The ISO week a weekly digest belongs to, e.g. `2026-W49`.
fn week_of(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

async fn scheme_digests(ctx: &Context, now: DateTime<Utc>, out: &mut Vec<Notice>) -> AppResult<()> {
    let week = week_of(now.date_naive());
    for scheme in ctx.store.scheme_ids().await? {
        let cause = format!("{scheme}:{week}");
        let mut waiting = Vec::new();
        for coordinator in ctx
            .store
            .holders_of_role(Role::SchemeCoordinator, Scope::Scheme(scheme))
            .await?
        {
            let key = format!("{}:{cause}:{coordinator}", NoticeKind::DigestScheme.code());
            if !ctx.store.has_notice(&key).await? {
                waiting.push(coordinator);
            }
        }
        // Once queued this week, the (costlier) summary is not worked out again.
        if waiting.is_empty() {
            continue;
        }
        let summary = super::scheduled::scheme_summary(ctx, scheme, now).await?;
        if summary.is_empty() {
            continue;
        }
        for coordinator in waiting {
            let payload = json!({ "scheme": scheme, "week": week });
            out.push(Notice::to_person(
                ctx,
                NoticeKind::DigestScheme,
                coordinator,
                &cause,
                payload,
            )?);
        }
    }
    Ok(())
}

async fn daily_digests(ctx: &Context, now: DateTime<Utc>, out: &mut Vec<Notice>) -> AppResult<()> {
    let day = now.date_naive();
    for person in ctx.store.people_with_held_notices(1000).await? {
        out.push(Notice::to_person(
            ctx,
            NoticeKind::DigestDaily,
            person,
            &day.to_string(),
            json!({ "day": day }),
        )?);
    }
    Ok(())
}

/// Invites every participant of `programme` to the survey `wave` at `link`, delivered at `at`
/// (the evaluation's survey waves call this). Queuing the same wave again adds nobody twice, so
/// a wave may be re-queued after new people joined. Returns how many invitations were new.
pub async fn queue_survey_wave(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    wave: &str,
    link: &str,
    at: DateTime<Utc>,
) -> AppResult<u64> {
    authorise(actor, Action::ViewScheme)?;
    let p = ctx.store.get_programme(programme).await?;
    if p.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    authorise(actor, Action::ManageProgramme { programme })?;
    let wave = wave.trim();
    if wave.is_empty() || wave.len() > 100 || wave.contains(':') {
        return Err(AppError::field("wave", "notices.survey.error.wave"));
    }
    let link = link.trim();
    let web = link.starts_with("https://") || link.starts_with("http://");
    if !web || link.len() > 2000 || link.chars().any(char::is_whitespace) {
        return Err(AppError::field("link", "notices.survey.error.link"));
    }
    let cause = format!("{programme}:{wave}");
    let mut notices = Vec::new();
    for person in ctx.store.programme_participants(programme).await? {
        let payload = json!({ "programme": programme, "wave": wave, "link": link });
        notices
            .push(Notice::to_person(ctx, NoticeKind::SurveyWave, person, &cause, payload)?.due(at));
    }
    // How many were new is known only as they are queued, so the entry gives the people asked.
    let entry = audit_entry(
        ctx,
        Some(actor),
        "notices.survey_wave",
        programme.to_string(),
        format!("wave={wave} people={}", notices.len()),
    );
    super::queue_audited(ctx, notices, entry).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_iso_weeks() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(week_of(d), "2026-W49");
        let d = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(week_of(d), "2026-W53");
    }
}
