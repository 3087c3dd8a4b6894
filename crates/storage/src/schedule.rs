//! What the scheduler reads to find due reminders and digests, and what people's notice choices
//! store (preferences, the unsubscribe signing key, held and recent notices).
//!
//! Every scheduler query reads a narrow window of an indexed column (a deadline, a start time, a
//! day) and is bounded by a limit, so a tick costs the same with ten relationships or ten
//! thousand; the scheduler asks again on the next tick for anything a limit cut off (the outbox
//! keys make asking twice harmless).

use crate::Store;
use crate::codec::{date, i64_from, int, opt_text, parse_date, parse_ts, parsed, text, ts};
use crate::error::{Result, db};
use crate::outbox::OutboxRow;
use chrono::{DateTime, NaiveDate, Utc};
use tandem_domain::{
    ApplicationId, OrganisationId, PersonId, ProgrammeId, RelationshipId, SchemeId, SessionId,
};
use uuid::Uuid;

/// A line manager who has not answered an application's request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagerWaiting {
    pub application: ApplicationId,
    pub manager: PersonId,
    /// When the first link was sent.
    pub asked_at: DateTime<Utc>,
}

/// A member of an offered relationship whose deadline falls in a window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferMember {
    pub relationship: RelationshipId,
    pub person: PersonId,
    pub deadline: DateTime<Utc>,
    /// The member's answer code (`pending`, `accepted`, `declined`).
    pub response: String,
}

/// A member of a relationship with a confirmed session starting or ending in a window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionMember {
    pub session: SessionId,
    pub relationship: RelationshipId,
    pub sequence: u32,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub person: PersonId,
}

/// A member of a set meeting on a day in a window (local date and time in the scheme's zone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingMember {
    pub meeting: Uuid,
    pub relationship: RelationshipId,
    pub starts_on: NaiveDate,
    /// "HH:MM" as stored.
    pub starts_time: String,
    pub time_zone: String,
    pub person: PersonId,
}

/// A person and a dated thing they take part in (a shadowing day, a workshop).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayMember {
    pub id: Uuid,
    /// The relationship of a shadowing day, the programme of a workshop.
    pub parent: Uuid,
    pub day: NaiveDate,
    pub person: PersonId,
}

/// An application waiting for someone, as a digest lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingApplication {
    pub id: ApplicationId,
    pub applicant: String,
    pub programme: String,
    pub status: String,
    pub submitted_at: DateTime<Utc>,
}

/// A live relationship with its programme, as the scheme digest lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveRelationship {
    pub id: RelationshipId,
    pub programme: ProgrammeId,
    pub programme_name: String,
    /// Sessions held or confirmed.
    pub sessions: u32,
    pub deadline: DateTime<Utc>,
    /// The relationship kind's code (`mentoring`, `pair`, `set`).
    pub kind: String,
    pub activated_at: Option<DateTime<Utc>>,
}

/// How many rows one scheduler query returns at most.
pub const WINDOW_LIMIT: u64 = 1000;

fn person_or_skip(r: &sqlx::any::AnyRow) -> Result<PersonId> {
    parsed(r, "person_id")
}

impl Store {
    /// Unanswered line-manager requests first sent between `from` and `to`, for applications
    /// still waiting for the manager.
    pub async fn managers_waiting(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ManagerWaiting>> {
        let rows = sqlx::query(
            "SELECT l.application_id, l.manager_id, MIN(l.created_at) AS asked_at \
             FROM manager_links l JOIN applications a ON a.id = l.application_id \
             WHERE l.used_at IS NULL AND l.created_at > $1 AND l.created_at <= $2 \
             AND a.status = 'awaiting_manager' \
             GROUP BY l.application_id, l.manager_id ORDER BY l.application_id LIMIT $3",
        )
        .bind(ts(from))
        .bind(ts(to))
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(ManagerWaiting {
                    application: parsed(r, "application_id")?,
                    manager: parsed(r, "manager_id")?,
                    asked_at: parse_ts(&text(r, "asked_at")?)?,
                })
            })
            .collect()
    }

    /// Members of offers still open (relationship `proposed`) whose deadline is after `from` and
    /// at or before `to`.
    pub async fn offers_due(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<OfferMember>> {
        let rows = sqlx::query(
            "SELECT r.id, r.offer_deadline, m.person_id, m.response FROM relationships r \
             JOIN relationship_members m ON m.relationship_id = r.id \
             WHERE r.status = 'proposed' AND r.offer_deadline > $1 AND r.offer_deadline <= $2 \
             ORDER BY r.offer_deadline, r.id, m.person_id LIMIT $3",
        )
        .bind(ts(from))
        .bind(ts(to))
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(OfferMember {
                    relationship: parsed(r, "id")?,
                    person: person_or_skip(r)?,
                    deadline: parse_ts(&text(r, "offer_deadline")?)?,
                    response: text(r, "response")?,
                })
            })
            .collect()
    }

    /// Members (who have not left) of confirmed sessions whose `column` (`starts_at` or
    /// `ends_at`) is after `from` and at or before `to`.
    async fn sessions_in(
        &self,
        sql: &'static str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionMember>> {
        let rows = sqlx::query(sql)
            .bind(ts(from))
            .bind(ts(to))
            .bind(i64_from(WINDOW_LIMIT))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(SessionMember {
                    session: parsed(r, "id")?,
                    relationship: parsed(r, "relationship_id")?,
                    sequence: crate::codec::u32_from(int(r, "sequence")?, "sequence")?,
                    starts_at: parse_ts(&text(r, "starts_at")?)?,
                    ends_at: parse_ts(&text(r, "ends_at")?)?,
                    person: person_or_skip(r)?,
                })
            })
            .collect()
    }

    /// Members of confirmed sessions starting after `from`, at or before `to`.
    pub async fn sessions_starting(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionMember>> {
        self.sessions_in(
            "SELECT s.id, s.relationship_id, s.sequence, s.starts_at, s.ends_at, m.person_id \
             FROM relationship_sessions s JOIN relationship_members m ON m.relationship_id = s.relationship_id \
             WHERE s.status = 'confirmed' AND s.starts_at > $1 AND s.starts_at <= $2 \
             AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
                 WHERE e.relationship_id = m.relationship_id AND e.person_id = m.person_id) \
             ORDER BY s.starts_at, s.id, m.person_id LIMIT $3",
            from,
            to,
        )
        .await
    }

    /// Members of confirmed (so not yet logged as held) sessions that ended after `from`, at or
    /// before `to`.
    pub async fn sessions_ended(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<SessionMember>> {
        self.sessions_in(
            "SELECT s.id, s.relationship_id, s.sequence, s.starts_at, s.ends_at, m.person_id \
             FROM relationship_sessions s JOIN relationship_members m ON m.relationship_id = s.relationship_id \
             WHERE s.status = 'confirmed' AND s.ends_at > $1 AND s.ends_at <= $2 \
             AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
                 WHERE e.relationship_id = m.relationship_id AND e.person_id = m.person_id) \
             ORDER BY s.ends_at, s.id, m.person_id LIMIT $3",
            from,
            to,
        )
        .await
    }

    /// Members of live sets meeting on a day from `from` to `to` (inclusive), with the scheme's
    /// time zone to place the meeting in time.
    pub async fn set_meetings_on(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<MeetingMember>> {
        let rows = sqlx::query(
            "SELECT sm.id, sm.relationship_id, sm.starts_on, sm.starts_time, sc.time_zone, m.person_id \
             FROM set_meetings sm JOIN relationships r ON r.id = sm.relationship_id \
             JOIN intakes i ON i.id = r.intake_id JOIN programmes p ON p.id = i.programme_id \
             JOIN schemes sc ON sc.id = p.scheme_id \
             JOIN relationship_members m ON m.relationship_id = r.id \
             WHERE sm.starts_on >= $1 AND sm.starts_on <= $2 \
             AND r.status IN ('active', 'winding_down') \
             AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
                 WHERE e.relationship_id = m.relationship_id AND e.person_id = m.person_id) \
             ORDER BY sm.starts_on, sm.id, m.person_id LIMIT $3",
        )
        .bind(date(from))
        .bind(date(to))
        .bind(i64_from(WINDOW_LIMIT))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(MeetingMember {
                    meeting: parsed(r, "id")?,
                    relationship: parsed(r, "relationship_id")?,
                    starts_on: parse_date(&text(r, "starts_on")?)?,
                    starts_time: text(r, "starts_time")?,
                    time_zone: text(r, "time_zone")?,
                    person: person_or_skip(r)?,
                })
            })
            .collect()
    }

    /// The texts of `person`'s open or carried actions from meetings of `relationship` before
    /// `before` (what they promised to do by the next meeting).
    pub async fn open_set_actions(
        &self,
        relationship: RelationshipId,
        person: PersonId,
        before: NaiveDate,
    ) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT a.text FROM set_actions a JOIN set_meetings sm ON sm.id = a.meeting_id \
             WHERE sm.relationship_id = $1 AND a.person_id = $2 AND sm.starts_on < $3 \
             AND a.status IN ('open', 'carried') ORDER BY sm.starts_on, a.created_at, a.id LIMIT 50",
        )
        .bind(relationship.to_string())
        .bind(person.to_string())
        .bind(date(before))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(|r| text(r, "text")).collect()
    }

    /// Members of live relationships with a shadowing day not yet done, on a day from `from` to
    /// `to` (inclusive).
    pub async fn shadowing_days_on(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayMember>> {
        self.days_on(
            "SELECT d.id, d.relationship_id AS parent, d.day, m.person_id FROM shadowing_days d \
             JOIN relationships r ON r.id = d.relationship_id \
             JOIN relationship_members m ON m.relationship_id = r.id \
             WHERE d.day >= $1 AND d.day <= $2 AND d.done = 0 \
             AND r.status IN ('active', 'winding_down') \
             AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
                 WHERE e.relationship_id = m.relationship_id AND e.person_id = m.person_id) \
             ORDER BY d.day, d.id, m.person_id LIMIT $3",
            from,
            to,
        )
        .await
    }

    /// Members of live relationships of a programme with a workshop on a day from `from` to `to`
    /// (inclusive): the people a workshop is for.
    pub async fn workshops_on(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayMember>> {
        self.days_on(
            "SELECT DISTINCT w.id, w.programme_id AS parent, w.day, m.person_id FROM workshops w \
             JOIN intakes i ON i.programme_id = w.programme_id \
             JOIN relationships r ON r.intake_id = i.id \
             JOIN relationship_members m ON m.relationship_id = r.id \
             WHERE w.day >= $1 AND w.day <= $2 AND r.status IN ('active', 'winding_down') \
             AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
                 WHERE e.relationship_id = m.relationship_id AND e.person_id = m.person_id) \
             ORDER BY w.day, w.id, m.person_id LIMIT $3",
            from,
            to,
        )
        .await
    }

    async fn days_on(
        &self,
        sql: &'static str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<DayMember>> {
        let rows = sqlx::query(sql)
            .bind(date(from))
            .bind(date(to))
            .bind(i64_from(WINDOW_LIMIT))
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(DayMember {
                    id: parsed(r, "id")?,
                    parent: parsed(r, "parent")?,
                    day: parse_date(&text(r, "day")?)?,
                    person: person_or_skip(r)?,
                })
            })
            .collect()
    }

    /// Every person who took part in a relationship of `programme` (the people a survey wave
    /// asks), once each.
    pub async fn programme_participants(&self, programme: ProgrammeId) -> Result<Vec<PersonId>> {
        let rows = sqlx::query(
            "SELECT DISTINCT m.person_id FROM relationship_members m \
             JOIN relationships r ON r.id = m.relationship_id JOIN intakes i ON i.id = r.intake_id \
             WHERE i.programme_id = $1 AND r.status IN ('active', 'winding_down', 'closed', 'ended') \
             ORDER BY m.person_id",
        )
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(person_or_skip).collect()
    }

    /// Organisations with applications waiting for their coordinator, and how many.
    pub async fn organisations_with_waiting(&self) -> Result<Vec<(OrganisationId, u32)>> {
        let rows = sqlx::query(
            "SELECT organisation_id, COUNT(*) AS n FROM applications \
             WHERE status = 'awaiting_coordinator' GROUP BY organisation_id ORDER BY organisation_id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok((
                    parsed(r, "organisation_id")?,
                    crate::codec::u32_from(int(r, "n")?, "count")?,
                ))
            })
            .collect()
    }

    /// Applications of `organisation` waiting for its coordinator, oldest first (at most 50).
    pub async fn applications_waiting_for(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<WaitingApplication>> {
        self.waiting(
            "SELECT a.id, a.status, a.submitted_at, p.given_name, p.family_name, g.name AS programme \
             FROM applications a JOIN people p ON p.id = a.person_id \
             JOIN intakes i ON i.id = a.intake_id JOIN programmes g ON g.id = i.programme_id \
             WHERE a.organisation_id = $1 AND a.status = 'awaiting_coordinator' \
             ORDER BY a.submitted_at, a.id LIMIT 50",
            organisation.to_string(),
        )
        .await
    }

    /// Applications of `scheme` waiting for an approval (a manager's or a coordinator's), oldest
    /// first (at most 50).
    pub async fn approvals_waiting_in(&self, scheme: SchemeId) -> Result<Vec<WaitingApplication>> {
        self.waiting(
            "SELECT a.id, a.status, a.submitted_at, p.given_name, p.family_name, g.name AS programme \
             FROM applications a JOIN people p ON p.id = a.person_id \
             JOIN intakes i ON i.id = a.intake_id JOIN programmes g ON g.id = i.programme_id \
             WHERE g.scheme_id = $1 AND a.status IN ('awaiting_coordinator', 'awaiting_manager') \
             ORDER BY a.submitted_at, a.id LIMIT 50",
            scheme.to_string(),
        )
        .await
    }

    async fn waiting(&self, sql: &'static str, id: String) -> Result<Vec<WaitingApplication>> {
        let rows = sqlx::query(sql)
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(WaitingApplication {
                    id: parsed(r, "id")?,
                    applicant: format!("{} {}", text(r, "given_name")?, text(r, "family_name")?),
                    programme: text(r, "programme")?,
                    status: text(r, "status")?,
                    submitted_at: parse_ts(&text(r, "submitted_at")?)?,
                })
            })
            .collect()
    }

    /// Every scheme's id (the weekly digest goes to each scheme's coordinators).
    pub async fn scheme_ids(&self) -> Result<Vec<SchemeId>> {
        let rows = sqlx::query("SELECT id FROM schemes ORDER BY id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(|r| parsed(r, "id")).collect()
    }

    /// Relationships of `scheme` in `statuses` (codes), with the sessions held or confirmed
    /// since `since` (all sessions when `None`); at most 2,000, for the weekly digest.
    pub async fn relationships_with_sessions(
        &self,
        scheme: SchemeId,
        statuses: &[&str],
        since: Option<NaiveDate>,
    ) -> Result<Vec<LiveRelationship>> {
        let in_list: Vec<String> = statuses
            .iter()
            .filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(|s| format!("'{s}'"))
            .collect();
        let sql = format!(
            "SELECT r.id, r.kind, r.activated_at, r.offer_deadline, p.id AS programme_id, p.name, \
             (SELECT COUNT(*) FROM relationship_sessions s WHERE s.relationship_id = r.id \
                AND s.status IN ('held', 'confirmed') AND s.held_on >= $2) AS n \
             FROM relationships r JOIN intakes i ON i.id = r.intake_id \
             JOIN programmes p ON p.id = i.programme_id \
             WHERE p.scheme_id = $1 AND r.status IN ({}) ORDER BY r.created_at, r.id LIMIT 2000",
            in_list.join(", ")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scheme.to_string())
            .bind(since.map(date).unwrap_or_default())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(LiveRelationship {
                    id: parsed(r, "id")?,
                    programme: parsed(r, "programme_id")?,
                    programme_name: text(r, "name")?,
                    sessions: crate::codec::u32_from(int(r, "n")?, "sessions")?,
                    deadline: parse_ts(&text(r, "offer_deadline")?)?,
                    kind: text(r, "kind")?,
                    activated_at: opt_text(r, "activated_at")?
                        .map(|t| parse_ts(&t))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// The scheme's time zone name (set meetings are stored in local time).
    pub async fn scheme_time_zone(&self, scheme: SchemeId) -> Result<String> {
        let row = sqlx::query("SELECT time_zone FROM schemes WHERE id = $1")
            .bind(scheme.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(crate::StoreError::NotFound)?;
        text(&row, "time_zone")
    }

    // ----- people's choices -----

    /// `person`'s stored choices: (kind code, mode code).
    pub async fn notice_preferences(&self, person: PersonId) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT kind, mode FROM notice_preferences WHERE person_id = $1 ORDER BY kind",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| Ok((text(r, "kind")?, text(r, "mode")?)))
            .collect()
    }

    /// `person`'s choice for `kind`, if they made one.
    pub async fn notice_preference(&self, person: PersonId, kind: &str) -> Result<Option<String>> {
        let row =
            sqlx::query("SELECT mode FROM notice_preferences WHERE person_id = $1 AND kind = $2")
                .bind(person.to_string())
                .bind(kind)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        row.map(|r| text(&r, "mode")).transpose()
    }

    /// Stores `person`'s choices (kind code, mode code), replacing earlier ones, in one
    /// transaction.
    pub async fn set_notice_preferences(
        &self,
        person: PersonId,
        choices: &[(String, String)],
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        for (kind, mode) in choices {
            sqlx::query(
                "INSERT INTO notice_preferences (person_id, kind, mode, updated_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (person_id, kind) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at",
            )
            .bind(person.to_string())
            .bind(kind.as_str())
            .bind(mode.as_str())
            .bind(ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// The installation's key for signing unsubscribe links, if one was made.
    pub async fn notice_signing_key(&self) -> Result<Option<String>> {
        let row = sqlx::query("SELECT secret FROM notice_signing_key WHERE singleton = 1")
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| text(&r, "secret")).transpose()
    }

    /// Stores `candidate` as the signing key unless one exists, and returns the key that is
    /// stored: the first instance to ask wins, and every instance then reads the same key.
    pub async fn make_notice_signing_key(
        &self,
        candidate: &str,
        at: DateTime<Utc>,
    ) -> Result<String> {
        sqlx::query(
            "INSERT INTO notice_signing_key (singleton, secret, created_at) VALUES (1, $1, $2) \
             ON CONFLICT (singleton) DO NOTHING",
        )
        .bind(candidate)
        .bind(ts(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        self.notice_signing_key()
            .await?
            .ok_or_else(|| crate::StoreError::Invalid("no notice signing key".into()))
    }

    // ----- held and recent notices -----

    /// People with notices held for their digest (at most `limit`).
    pub async fn people_with_held_notices(&self, limit: u64) -> Result<Vec<PersonId>> {
        let rows = sqlx::query(
            "SELECT DISTINCT person_id FROM outbox WHERE state = 'digest' AND person_id IS NOT NULL \
             ORDER BY person_id LIMIT $1",
        )
        .bind(i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(person_or_skip).collect()
    }

    /// `person`'s notices held for their digest up to `upto` (when they were held), oldest
    /// first (at most 100).
    pub async fn held_notices(
        &self,
        person: PersonId,
        upto: DateTime<Utc>,
    ) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, dedup_key, person_id, address, payload, due_at, state, attempts, \
             last_error, created_at, finished_at FROM outbox \
             WHERE person_id = $1 AND state = 'digest' AND finished_at <= $2 \
             ORDER BY finished_at, id LIMIT 100",
        )
        .bind(person.to_string())
        .bind(ts(upto))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(crate::outbox::outbox_row).collect()
    }

    /// Marks as sent the held notices that a daily digest already sent included (held before
    /// the digest was queued). Run after delivery, so a digest that failed leaves them held for
    /// the next one. Returns how many were settled.
    pub async fn settle_digests(&self, at: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET state = 'sent', finished_at = $1 \
             WHERE state = 'digest' AND person_id IS NOT NULL AND EXISTS (SELECT 1 FROM outbox d \
               WHERE d.kind = 'digest.daily' AND d.state = 'sent' AND d.person_id = outbox.person_id \
               AND d.created_at >= outbox.finished_at)",
        )
        .bind(ts(at))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(done.rows_affected())
    }

    /// `person`'s latest notices that were sent or are held for their digest, newest first.
    pub async fn recent_notices(&self, person: PersonId, limit: u64) -> Result<Vec<OutboxRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, dedup_key, person_id, address, payload, due_at, state, attempts, \
             last_error, created_at, finished_at FROM outbox \
             WHERE person_id = $1 AND state IN ('sent', 'digest') AND kind <> 'digest.daily' \
             ORDER BY created_at DESC, id DESC LIMIT $2",
        )
        .bind(person.to_string())
        .bind(i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(crate::outbox::outbox_row).collect()
    }

    /// Whether a notice with exactly this key was queued (by the unique index, cheap).
    pub async fn has_notice(&self, dedup_key: &str) -> Result<bool> {
        let row = sqlx::query("SELECT 1 AS one FROM outbox WHERE dedup_key = $1")
            .bind(dedup_key)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        Ok(row.is_some())
    }

    /// Which of `keys` are queued already: the scheduler asks before inserting, so a tick that
    /// finds the same things due as the last one costs a few indexed reads, not one insert per
    /// notice. Asked in chunks of 500 keys.
    pub async fn queued_keys(&self, keys: &[String]) -> Result<std::collections::HashSet<String>> {
        self.existing_dedup_keys("outbox", keys).await
    }

    /// Which of `keys` a table with a unique `dedup_key` column holds already (the outbox, the
    /// survey requests), asked in chunks of 500 keys. `table` is one of this crate's own table
    /// names, never input.
    pub(crate) async fn existing_dedup_keys(
        &self,
        table: &'static str,
        keys: &[String],
    ) -> Result<std::collections::HashSet<String>> {
        let mut found = std::collections::HashSet::new();
        for chunk in keys.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT dedup_key FROM {table} WHERE dedup_key IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for k in chunk {
                q = q.bind(k.as_str());
            }
            for r in q.fetch_all(&self.pool).await.map_err(db)? {
                found.insert(text(&r, "dedup_key")?);
            }
        }
        Ok(found)
    }

    /// The last error of a notice (tests read why one was dropped).
    pub async fn notice_state(&self, id: &str) -> Result<Option<(String, Option<String>)>> {
        let row = sqlx::query("SELECT state, last_error FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| Ok((text(&r, "state")?, opt_text(&r, "last_error")?)))
            .transpose()
    }
}
