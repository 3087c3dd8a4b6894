//! Storage of relationships in motion: action learning set meetings, attendance, the agreed
//! rota, presenters' issues and their actions.
//!
//! The rota itself is never stored as a queue: the domain computes it from the meetings recorded
//! here (`tandem_domain::sets::propose`), so only what was agreed and what happened is kept.

use crate::Store;
use crate::codec::{boolean, int, opt_parsed, parse_date, parse_ts, parsed, text, ts, u32_from};
use crate::error::{Clash, Result, StoreError, corrupt, db};
use chrono::{DateTime, NaiveTime, Utc};
use sqlx::any::AnyRow;
use tandem_domain::sets::{
    ActionStatus, Attendance, MeetingRecord, Presentation, SetAction, SetMeeting,
};
use tandem_domain::{PersonId, RelationshipId};
use uuid::Uuid;

fn time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Writes an agreed rota in `tx`; `false` (nothing written) once a presenter's issue is recorded
/// or the meeting does not exist. Shared by agreeing a rota and re-assigning it after apologies.
pub(crate) async fn agree_rota_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    meeting: Uuid,
    facilitator: Option<PersonId>,
    timekeeper: Option<PersonId>,
    presenters: &[PersonId],
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE set_meetings SET facilitator_id = $2, timekeeper_id = $3, rota_agreed = 1 \
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM set_presentations p \
         WHERE p.meeting_id = $1 AND p.issue <> '')",
    )
    .bind(meeting.to_string())
    .bind(facilitator.map(|p| p.to_string()))
    .bind(timekeeper.map(|p| p.to_string()))
    .execute(&mut **tx)
    .await
    .map_err(db)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM set_presentations WHERE meeting_id = $1")
        .bind(meeting.to_string())
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    for (position, p) in presenters.iter().enumerate() {
        sqlx::query(
            "INSERT INTO set_presentations (meeting_id, person_id, position, issue) \
             VALUES ($1, $2, $3, '')",
        )
        .bind(meeting.to_string())
        .bind(p.to_string())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    Ok(true)
}

fn meeting_from(r: &AnyRow) -> Result<SetMeeting> {
    let t = text(r, "starts_time")?;
    Ok(SetMeeting {
        id: parsed(r, "id")?,
        relationship_id: parsed(r, "relationship_id")?,
        starts_on: parse_date(&text(r, "starts_on")?)?,
        starts_time: NaiveTime::parse_from_str(&t, "%H:%M")
            .map_err(|_| corrupt(format!("starts_time {t:?}")))?,
        link: text(r, "link")?,
        facilitator: opt_parsed(r, "facilitator_id")?,
        timekeeper: opt_parsed(r, "timekeeper_id")?,
        rota_agreed: boolean(r, "rota_agreed")?,
        attendance_recorded: boolean(r, "attendance_recorded")?,
        created_by: opt_parsed(r, "created_by")?,
        created_at: parse_ts(&text(r, "created_at")?)?,
        sequence: u32_from(int(r, "sequence")?, "sequence")?,
    })
}

fn action_from(r: &AnyRow) -> Result<SetAction> {
    let s = text(r, "status")?;
    Ok(SetAction {
        id: parsed(r, "id")?,
        meeting_id: parsed(r, "meeting_id")?,
        person_id: parsed(r, "person_id")?,
        text: text(r, "text")?,
        status: ActionStatus::from_code(&s).ok_or_else(|| corrupt(format!("status {s:?}")))?,
        updated_at: parse_ts(&text(r, "updated_at")?)?,
    })
}

impl Store {
    /// Plans a meeting (rota not yet agreed, nothing recorded).
    pub async fn create_set_meeting(&self, m: &SetMeeting) -> Result<()> {
        // In a transaction so that notices staged on this handle are written with it.
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO set_meetings (id, relationship_id, starts_on, starts_time, link, \
             facilitator_id, timekeeper_id, rota_agreed, attendance_recorded, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, NULL, 0, 0, $6, $7)",
        )
        .bind(m.id.to_string())
        .bind(m.relationship_id.to_string())
        .bind(crate::codec::date(m.starts_on))
        .bind(time(m.starts_time))
        .bind(m.link.clone())
        .bind(m.created_by.map(|p| p.to_string()))
        .bind(ts(m.created_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// Moves a meeting or changes its link; refused (`Refused(AttendanceRecorded)`) once
    /// attendance is recorded, because the meeting then happened when it happened. A new date
    /// or time raises the meeting's calendar SEQUENCE; a new link alone does not.
    pub async fn reschedule_set_meeting(&self, m: &SetMeeting) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE set_meetings SET sequence = sequence + \
             CASE WHEN starts_on = $2 AND starts_time = $3 THEN 0 ELSE 1 END, \
             starts_on = $2, starts_time = $3, link = $4 \
             WHERE id = $1 AND attendance_recorded = 0",
        )
        .bind(m.id.to_string())
        .bind(crate::codec::date(m.starts_on))
        .bind(time(m.starts_time))
        .bind(m.link.clone())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            // Nothing changed: end the transaction (and its staged notices) before looking.
            tx.rollback().await.map_err(db)?;
            self.get_set_meeting(m.id).await?;
            return Err(StoreError::Refused(Clash::AttendanceRecorded));
        }
        self.commit(tx).await.map_err(db)
    }

    /// Agrees the meeting's rota. Refused (`Refused(IssuesRecorded)`) once a presenter's issue
    /// is recorded: changing presenters then would orphan what they said.
    pub async fn agree_set_rota(
        &self,
        meeting: Uuid,
        facilitator: Option<PersonId>,
        timekeeper: Option<PersonId>,
        presenters: &[PersonId],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        if !agree_rota_in(&mut tx, meeting, facilitator, timekeeper, presenters).await? {
            drop(tx);
            self.get_set_meeting(meeting).await?;
            return Err(StoreError::Refused(Clash::IssuesRecorded));
        }
        self.commit(tx).await.map_err(db)?;
        Ok(())
    }

    /// Records (or corrects) who attended; the list replaces any earlier one.
    pub async fn record_set_attendance(
        &self,
        meeting: Uuid,
        attendance: &[Attendance],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query("UPDATE set_meetings SET attendance_recorded = 1 WHERE id = $1")
            .bind(meeting.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM set_attendance WHERE meeting_id = $1")
            .bind(meeting.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for a in attendance {
            sqlx::query(
                "INSERT INTO set_attendance (meeting_id, person_id, present) VALUES ($1, $2, $3)",
            )
            .bind(meeting.to_string())
            .bind(a.person_id.to_string())
            .bind(i64::from(a.present))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)?;
        Ok(())
    }

    /// Records the issue a presenter of the agreed rota brought; NotFound for a non-presenter.
    pub async fn record_set_issue(
        &self,
        meeting: Uuid,
        person: PersonId,
        issue: &str,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query(
                "UPDATE set_presentations SET issue = $3 WHERE meeting_id = $1 AND person_id = $2",
            )
            .bind(meeting.to_string())
            .bind(person.to_string())
            .bind(issue.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn add_set_action(&self, a: &SetAction) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO set_actions (id, meeting_id, person_id, text, status, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(a.id.to_string())
            .bind(a.meeting_id.to_string())
            .bind(a.person_id.to_string())
            .bind(a.text.clone())
            .bind(a.status.code())
            .bind(ts(a.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn set_action_status(
        &self,
        id: Uuid,
        status: ActionStatus,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done =
                sqlx::query("UPDATE set_actions SET status = $2, updated_at = $3 WHERE id = $1")
                    .bind(id.to_string())
                    .bind(status.code())
                    .bind(ts(at))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn get_set_action(&self, id: Uuid) -> Result<SetAction> {
        let row = sqlx::query("SELECT * FROM set_actions WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        action_from(&row)
    }

    /// One meeting with everything recorded at it.
    pub async fn get_set_meeting(&self, id: Uuid) -> Result<MeetingRecord> {
        let row = sqlx::query("SELECT * FROM set_meetings WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        let meeting = meeting_from(&row)?;
        let mut all = self.records(meeting.relationship_id, Some(id)).await?;
        all.pop().ok_or(StoreError::NotFound)
    }

    /// The set's meetings, earliest first, each with what was recorded at it.
    pub async fn set_meetings_of(&self, id: RelationshipId) -> Result<Vec<MeetingRecord>> {
        self.records(id, None).await
    }

    async fn records(&self, rel: RelationshipId, only: Option<Uuid>) -> Result<Vec<MeetingRecord>> {
        let only = only.map(|u| u.to_string()).unwrap_or_default();
        let meetings = sqlx::query(
            "SELECT m.* FROM set_meetings m WHERE m.relationship_id = $1 AND ($2 = '' OR m.id = $2) \
             ORDER BY m.starts_on, m.starts_time, m.created_at, m.id")
        .bind(rel.to_string())
        .bind(only.clone())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out: Vec<MeetingRecord> = meetings
            .iter()
            .map(|r| {
                Ok(MeetingRecord {
                    meeting: meeting_from(r)?,
                    attendance: Vec::new(),
                    presentations: Vec::new(),
                    actions: Vec::new(),
                })
            })
            .collect::<Result<_>>()?;
        let index = |out: &[MeetingRecord], id: Uuid| out.iter().position(|m| m.meeting.id == id);

        let rows = sqlx::query(
            "SELECT a.* FROM set_attendance a JOIN set_meetings m ON m.id = a.meeting_id \
             WHERE m.relationship_id = $1 AND ($2 = '' OR m.id = $2) ORDER BY a.person_id",
        )
        .bind(rel.to_string())
        .bind(only.clone())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        for r in &rows {
            if let Some(i) = index(&out, parsed(r, "meeting_id")?) {
                out[i].attendance.push(Attendance {
                    person_id: parsed(r, "person_id")?,
                    present: boolean(r, "present")?,
                });
            }
        }

        let rows = sqlx::query(
            "SELECT p.* FROM set_presentations p JOIN set_meetings m ON m.id = p.meeting_id \
             WHERE m.relationship_id = $1 AND ($2 = '' OR m.id = $2) ORDER BY p.position",
        )
        .bind(rel.to_string())
        .bind(only.clone())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        for r in &rows {
            if let Some(i) = index(&out, parsed(r, "meeting_id")?) {
                out[i].presentations.push(Presentation {
                    person_id: parsed(r, "person_id")?,
                    position: u32_from(int(r, "position")?, "position")?,
                    issue: text(r, "issue")?,
                });
            }
        }

        let rows = sqlx::query(
            "SELECT a.* FROM set_actions a JOIN set_meetings m ON m.id = a.meeting_id \
             WHERE m.relationship_id = $1 AND ($2 = '' OR m.id = $2) ORDER BY a.created_at, a.id",
        )
        .bind(rel.to_string())
        .bind(only)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        for r in &rows {
            let a = action_from(r)?;
            if let Some(i) = index(&out, a.meeting_id) {
                out[i].actions.push(a);
            }
        }
        Ok(out)
    }
}
