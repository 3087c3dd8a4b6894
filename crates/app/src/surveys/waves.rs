//! Survey waves: the scheduler asks each member of a relationship to answer their programme's
//! survey at the moments the survey names, and reminds them once.
//!
//! # When a wave opens
//!
//! | wave | opens for each member when |
//! |---|---|
//! | baseline | the relationship starts running (`activated_at`), if that was no earlier than [`BASELINE_GRACE_DAYS`] before the survey was made |
//! | end | the relationship closes (as planned, or ended early after it started) |
//! | follow-up | [`FOLLOW_UP_MONTHS`] after it closed |
//! | session | a session of the relationship is held (the day it was held) |
//!
//! The grace on the baseline means that a survey made while relationships are already under way
//! does not ask people half-way through for a "before" picture (their answers would make the
//! change look smaller than it was); a relationship that started a few days before the survey
//! was made still gets one.
//!
//! Each request stays open [`WAVE_OPEN_DAYS`] from the moment the wave was due (or the survey
//! was made, when that was later), and is reminded once [`WAVE_REMINDER_DAYS`] after it opened
//! if it is still unanswered. Nothing is sent after it closes.
//!
//! # Exactly once
//!
//! Every tick reads windows of indexed columns, as the notice scheduler does: the window of a
//! wave is the last [`WAVE_OPEN_DAYS`], so an instance that was down for a day still opens what
//! became due, and nothing whose request would already be closed. A request's dedup key (survey,
//! wave, relationship, session, person) is unique, so two instances ticking at once open it once;
//! its notice is staged into the same transaction under a key made from the request's key, so
//! the notice is written exactly when the request is. A reminder sets `reminded_at` in the
//! transaction that queues it, only where it is still empty.

use crate::notify::{Notice, NoticeKind, stage};
use crate::{AppResult, Context};
use chrono::{DateTime, Duration, Months, Utc};
use serde_json::json;
use tandem_domain::survey::{
    FOLLOW_UP_MONTHS, SurveyRequestId, WAVE_OPEN_DAYS, WAVE_REMINDER_DAYS, WaveKind,
};
use tandem_storage::{SurveyRequest, WaveCandidate};

/// How long before a survey was made a relationship may have started and still get a baseline.
pub const BASELINE_GRACE_DAYS: i64 = 7;

/// Opens the requests that are due at `ctx.now()` and queues their notices, then queues the
/// reminders that are due. Returns how many requests and reminders were new. Called by
/// `background::tick` on every instance.
pub async fn open_due(ctx: &Context) -> AppResult<u64> {
    let now = ctx.now();
    let open = Duration::days(WAVE_OPEN_DAYS);
    let mut due: Vec<(WaveKind, WaveCandidate)> = Vec::new();
    for c in ctx.store.baseline_candidates(now - open, now).await? {
        if c.at >= c.survey_created_at - Duration::days(BASELINE_GRACE_DAYS) {
            due.push((WaveKind::Baseline, c));
        }
    }
    for c in ctx
        .store
        .closing_candidates(WaveKind::End, now - open, now)
        .await?
    {
        due.push((WaveKind::End, c));
    }
    let months = Months::new(FOLLOW_UP_MONTHS);
    if let (Some(from), Some(to)) = (
        (now - open).checked_sub_months(months),
        now.checked_sub_months(months),
    ) {
        for mut c in ctx
            .store
            .closing_candidates(WaveKind::FollowUp, from, to)
            .await?
        {
            c.at = c.at.checked_add_months(months).unwrap_or(c.at);
            due.push((WaveKind::FollowUp, c));
        }
    }
    let today = now.date_naive();
    for c in ctx.store.session_candidates(today - open, today).await? {
        due.push((WaveKind::Session, c));
    }
    let requests: Vec<SurveyRequest> = due
        .into_iter()
        .map(|(wave, c)| request(wave, c, now))
        .filter(|r| r.closes_at > now)
        .collect();
    let mut added = open_requests(ctx, requests).await?;
    added += remind(ctx, now).await?;
    Ok(added)
}

fn request(wave: WaveKind, c: WaveCandidate, now: DateTime<Utc>) -> SurveyRequest {
    let opens_at = c.at.max(c.survey_created_at);
    SurveyRequest {
        id: SurveyRequestId::new(),
        survey_id: c.survey_id,
        wave,
        person_id: c.person_id,
        relationship_id: Some(c.relationship_id),
        session_key: c.session_key,
        programme_id: c.programme_id,
        intake_id: c.intake_id,
        organisation_id: c.organisation_id,
        role: c.role,
        opens_at,
        closes_at: opens_at + Duration::days(WAVE_OPEN_DAYS),
        reminded_at: None,
        answered_at: None,
        declined_at: None,
        created_at: now,
    }
}

/// Opens the requests not opened yet, each with its notice in the same transaction.
async fn open_requests(ctx: &Context, requests: Vec<SurveyRequest>) -> AppResult<u64> {
    if requests.is_empty() {
        return Ok(0);
    }
    // Most candidates were opened by an earlier tick: skip them with a few reads, so the
    // notices staged below are those of requests this tick opens (the insert still skips any
    // key opened in between, and the notice's own key then skips its notice).
    let keys: Vec<String> = requests.iter().map(|r| r.dedup_key()).collect();
    let existing = ctx.store.survey_request_keys(&keys).await?;
    let fresh: Vec<SurveyRequest> = requests
        .into_iter()
        .filter(|r| !existing.contains(&r.dedup_key()))
        .collect();
    let mut added = 0;
    for chunk in fresh.chunks(200) {
        let mut notices = Vec::new();
        for r in chunk {
            notices.push(Notice::to_person(
                ctx,
                NoticeKind::SurveyWave,
                r.person_id,
                &r.dedup_key(),
                json!({ "request": r.id }),
            )?);
        }
        let staged = stage(ctx, notices);
        let opened = staged.store.open_survey_requests(chunk).await?;
        staged.done()?;
        added += opened.len() as u64;
    }
    Ok(added)
}

/// Queues the one reminder of each request unanswered [`WAVE_REMINDER_DAYS`] after it opened.
async fn remind(ctx: &Context, now: DateTime<Utc>) -> AppResult<u64> {
    let due = ctx
        .store
        .survey_requests_to_remind(now - Duration::days(WAVE_REMINDER_DAYS), now)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut notices = Vec::new();
    for r in &due {
        notices.push(Notice::to_person(
            ctx,
            NoticeKind::SurveyReminder,
            r.person_id,
            &r.id.to_string(),
            json!({ "request": r.id }),
        )?);
    }
    let ids: Vec<SurveyRequestId> = due.iter().map(|r| r.id).collect();
    let staged = stage(ctx, notices);
    let marked = staged
        .store
        .mark_survey_requests_reminded(&ids, now)
        .await?;
    staged.done()?;
    Ok(marked)
}
