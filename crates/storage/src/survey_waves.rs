//! What the scheduler reads to open survey waves and remind people of them, and the few writes
//! a respondent makes besides answering (declining, research consent).
//!
//! Like the notice schedule (`schedule.rs`), every query reads a narrow window of one indexed
//! column (a relationship's start or close, a session's day, a request's opening) and is bounded
//! by [`WINDOW_LIMIT`](crate::WINDOW_LIMIT); whatever a limit cuts off is read again on the next
//! tick, and the requests' dedup keys make reading twice harmless.

use crate::Store;
use crate::codec::{date, i64_from, opt_parsed, parse_ts, parsed, text, ts};
use crate::error::{Clash, Result, StoreError, db};
use crate::surveys::ResearchConsent;
use crate::{SurveyRequest, WINDOW_LIMIT};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;
use tandem_domain::survey::{SurveyId, SurveyRequestId, WaveKind};
use tandem_domain::{IntakeId, OrganisationId, PersonId, ProgrammeId, RelationshipId};

/// A member of a relationship whose programme has a survey for a wave, at the moment the wave
/// is due for them (the relationship's start or close, or a session's day).
#[derive(Clone, Debug, PartialEq)]
pub struct WaveCandidate {
    pub survey_id: SurveyId,
    pub survey_created_at: DateTime<Utc>,
    pub relationship_id: RelationshipId,
    /// The session a session-feedback request is about; empty otherwise.
    pub session_key: String,
    /// When the event happened (start, close, the session's day at midnight UTC).
    pub at: DateTime<Utc>,
    pub programme_id: ProgrammeId,
    pub intake_id: IntakeId,
    pub person_id: PersonId,
    /// "mentor", "mentee", "partner", "member".
    pub role: String,
    /// The organisation whose place the member took (their application's).
    pub organisation_id: Option<OrganisationId>,
}

/// A stored response as its row holds it (no person: see migration 0015), without its answers.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseRow {
    pub intake_id: IntakeId,
    pub wave: WaveKind,
    pub role: String,
    pub organisation_id: Option<OrganisationId>,
    pub respondent: String,
    pub submitted_month: String,
    pub research_consent: bool,
    pub share_free_text: bool,
    /// How many answers it holds.
    pub answers: u64,
}

/// The joins every wave query shares: the member, their application (for the organisation),
/// the intake's programme and the programme's surveys that name the wave.
const MEMBERS_AND_SURVEYS: &str = "JOIN intakes i ON i.id = r.intake_id \
     JOIN surveys s ON s.programme_id = i.programme_id \
     JOIN relationship_members m ON m.relationship_id = r.id \
     JOIN applications a ON a.id = m.application_id";

const CANDIDATE_COLS: &str = "s.id AS survey_id, s.created_at AS survey_created_at, \
     r.id AS relationship_id, i.programme_id, r.intake_id, m.person_id, m.role, \
     a.organisation_id";

fn wave_pattern(wave: WaveKind) -> String {
    format!("%,{},%", wave.code())
}

fn candidate(row: &sqlx::any::AnyRow, at: DateTime<Utc>, session: String) -> Result<WaveCandidate> {
    Ok(WaveCandidate {
        survey_id: parsed(row, "survey_id")?,
        survey_created_at: parse_ts(&text(row, "survey_created_at")?)?,
        relationship_id: parsed(row, "relationship_id")?,
        session_key: session,
        at,
        programme_id: parsed(row, "programme_id")?,
        intake_id: parsed(row, "intake_id")?,
        person_id: parsed(row, "person_id")?,
        role: text(row, "role")?,
        organisation_id: opt_parsed(row, "organisation_id")?,
    })
}

impl Store {
    /// Members of relationships that started (`activated_at`) after `from`, at or before `to`,
    /// whose programme has a survey with a baseline wave. Members who declined are left out.
    pub async fn baseline_candidates(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<WaveCandidate>> {
        self.relationship_candidates("activated_at", "", WaveKind::Baseline, from, to)
            .await
    }

    /// Members of relationships that closed (as planned, or ended early after they started)
    /// after `from`, at or before `to`, whose programme has a survey with `wave` (end or
    /// follow-up; the caller shifts the window for the follow-up).
    pub async fn closing_candidates(
        &self,
        wave: WaveKind,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<WaveCandidate>> {
        self.relationship_candidates(
            "closed_at",
            "AND r.activated_at IS NOT NULL AND r.status IN ('closed', 'ended')",
            wave,
            from,
            to,
        )
        .await
    }

    async fn relationship_candidates(
        &self,
        column: &'static str,
        extra: &'static str,
        wave: WaveKind,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<WaveCandidate>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CANDIDATE_COLS}, r.{column} AS at FROM relationships r {MEMBERS_AND_SURVEYS} \
             WHERE r.{column} > $1 AND r.{column} <= $2 {extra} \
             AND (',' || s.waves || ',') LIKE $3 AND m.response <> 'declined' \
             ORDER BY r.{column}, r.id, s.id, m.person_id LIMIT $4"
        )))
        .bind(ts(from))
        .bind(ts(to))
        .bind(wave_pattern(wave))
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| candidate(r, parse_ts(&text(r, "at")?)?, String::new()))
            .collect()
    }

    /// Members of relationships with a session held on a day from `from` to `to` (inclusive),
    /// whose programme has a survey with a session wave; one row per session and member.
    pub async fn session_candidates(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<WaveCandidate>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CANDIDATE_COLS}, rs.id AS session_id, rs.held_on FROM relationship_sessions rs \
             JOIN relationships r ON r.id = rs.relationship_id {MEMBERS_AND_SURVEYS} \
             WHERE rs.status = 'held' AND rs.held_on >= $1 AND rs.held_on <= $2 \
             AND (',' || s.waves || ',') LIKE $3 AND m.response <> 'declined' \
             ORDER BY rs.held_on, rs.id, s.id, m.person_id LIMIT $4"
        )))
        .bind(date(from))
        .bind(date(to))
        .bind(wave_pattern(WaveKind::Session))
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                let day = crate::codec::parse_date(&text(r, "held_on")?)?;
                let at = day.and_time(chrono::NaiveTime::MIN).and_utc();
                candidate(r, at, text(r, "session_id")?)
            })
            .collect()
    }

    /// Which of these request dedup keys exist already (so a tick stages notices only for
    /// requests it will really open).
    pub async fn survey_request_keys(&self, keys: &[String]) -> Result<HashSet<String>> {
        self.existing_dedup_keys("survey_requests", keys).await
    }

    /// Requests still open at `now`, unanswered, not declined and not yet reminded, that opened
    /// at or before `opened_by`; oldest first, at most [`WINDOW_LIMIT`].
    pub async fn survey_requests_to_remind(
        &self,
        opened_by: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<SurveyRequest>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM survey_requests WHERE reminded_at IS NULL AND opens_at <= $1 \
             AND closes_at > $2 AND answered_at IS NULL AND declined_at IS NULL \
             ORDER BY opens_at, id LIMIT $3",
            crate::surveys::REQUEST_COLS
        )))
        .bind(ts(opened_by))
        .bind(ts(now))
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(crate::surveys::request_from).collect()
    }

    /// Marks requests reminded (only those not reminded yet), in one transaction that also
    /// writes the notices staged on this handle. Returns how many were marked.
    pub async fn mark_survey_requests_reminded(
        &self,
        ids: &[SurveyRequestId],
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut marked = 0;
        for id in ids {
            marked += sqlx::query(
                "UPDATE survey_requests SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL",
            )
            .bind(ts(now))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        }
        self.commit(tx).await.map_err(db)?;
        Ok(marked)
    }

    /// Records that the person declined a request: refused when it was answered or declined
    /// already (`AlreadyAnswered`) or is not open at `now` (`WaveClosed`). A declined request
    /// counts as not answered in response rates.
    pub async fn decline_survey_request(
        &self,
        id: SurveyRequestId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let r = self.get_survey_request(id).await?;
            if r.answered_at.is_some() || r.declined_at.is_some() {
                return Err(StoreError::Refused(Clash::AlreadyAnswered));
            }
            if now < r.opens_at || now >= r.closes_at {
                return Err(StoreError::Refused(Clash::WaveClosed));
            }
            let done = sqlx::query(
                "UPDATE survey_requests SET declined_at = $1 WHERE id = $2 \
                 AND answered_at IS NULL AND declined_at IS NULL",
            )
            .bind(ts(now))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Refused(Clash::AlreadyAnswered));
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Records a person's research-consent choice and, when `withdrawn_respondent` names their
    /// respondent key, clears the research consent of every response under it, in one
    /// transaction. Returns how many responses were withdrawn.
    pub async fn record_research_consent(
        &self,
        c: &ResearchConsent,
        withdrawn_respondent: Option<&str>,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO research_consents (person_id, consent, basis, recorded_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
             consent = EXCLUDED.consent, basis = EXCLUDED.basis, recorded_at = EXCLUDED.recorded_at",
        )
        .bind(c.person_id.to_string())
        .bind(i64::from(c.consent))
        .bind(c.basis.as_str())
        .bind(ts(c.recorded_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let mut withdrawn = 0;
        if let Some(respondent) = withdrawn_respondent {
            withdrawn = sqlx::query(
                "UPDATE survey_responses SET research_consent = 0 \
                 WHERE respondent = $1 AND research_consent <> 0",
            )
            .bind(respondent)
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
        }
        self.commit(tx).await.map_err(db)?;
        Ok(withdrawn)
    }

    /// The responses to a survey, at most [`WINDOW_LIMIT`] (tests and the demo's checks; the
    /// evaluation reads its own aggregates).
    pub async fn survey_response_rows(&self, survey: SurveyId) -> Result<Vec<ResponseRow>> {
        let rows = sqlx::query(
            "SELECT r.intake_id, r.wave, r.role, r.organisation_id, r.respondent, r.submitted_month, \
             r.research_consent, r.share_free_text, \
             (SELECT COUNT(*) FROM survey_answers a WHERE a.response_id = r.id) AS answers \
             FROM survey_responses r WHERE r.survey_id = $1 ORDER BY r.wave, r.respondent LIMIT $2",
        )
        .bind(survey.to_string())
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                let wave = text(r, "wave")?;
                Ok(ResponseRow {
                    intake_id: parsed(r, "intake_id")?,
                    wave: WaveKind::from_code(&wave)
                        .ok_or_else(|| crate::error::corrupt(format!("wave {wave:?}")))?,
                    role: text(r, "role")?,
                    organisation_id: opt_parsed(r, "organisation_id")?,
                    respondent: text(r, "respondent")?,
                    submitted_month: text(r, "submitted_month")?,
                    research_consent: crate::codec::int(r, "research_consent")? != 0,
                    share_free_text: crate::codec::int(r, "share_free_text")? != 0,
                    answers: crate::codec::int(r, "answers")?.max(0) as u64,
                })
            })
            .collect()
    }

    /// How many responses are stored under a respondent key, and how many of them carry
    /// research consent (tests and the respondent's own consent page).
    pub async fn responses_of_respondent(&self, respondent: &str) -> Result<(u64, u64)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, COALESCE(SUM(research_consent), 0) AS c \
             FROM survey_responses WHERE respondent = $1",
        )
        .bind(respondent)
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let n = crate::codec::int(&row, "n")?;
        let c = crate::codec::int(&row, "c")?;
        Ok((n.max(0) as u64, c.max(0) as u64))
    }
}
