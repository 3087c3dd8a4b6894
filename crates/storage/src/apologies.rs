//! Storage of apologies sent in advance for action learning set meetings, and the rota they
//! re-assign. An apology is a row (meeting, person); withdrawing it deletes the row.

use crate::Store;
use crate::codec::{parsed, ts};
use crate::error::{Clash, Result, StoreError, db};
use crate::sets::agree_rota_in;
use chrono::{DateTime, Utc};
use tandem_domain::sets::Rota;
use tandem_domain::{PersonId, RelationshipId};
use uuid::Uuid;

impl Store {
    /// Every apology sent for a meeting of the set, as (meeting, person).
    pub async fn set_apologies_of(&self, set: RelationshipId) -> Result<Vec<(Uuid, PersonId)>> {
        let rows = sqlx::query(
            "SELECT a.meeting_id, a.person_id FROM set_apologies a \
             JOIN set_meetings m ON m.id = a.meeting_id WHERE m.relationship_id = $1 \
             ORDER BY a.meeting_id, a.person_id",
        )
        .bind(set.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| Ok((parsed(r, "meeting_id")?, parsed(r, "person_id")?)))
            .collect()
    }

    /// Records `person`'s apologies for `meeting` (sending them twice keeps the first), and,
    /// when `rota` is given, the rota re-assigned without them, in one transaction. Refused
    /// (`AttendanceRecorded`) once the meeting's attendance is recorded, and
    /// (`IssuesRecorded`) when the rota cannot change any more; nothing is written then.
    pub async fn send_set_apologies(
        &self,
        meeting: Uuid,
        person: PersonId,
        at: DateTime<Utc>,
        rota: Option<&Rota<PersonId>>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let open = sqlx::query(
            "SELECT COUNT(*) AS n FROM set_meetings WHERE id = $1 AND attendance_recorded = 0",
        )
        .bind(meeting.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if crate::codec::int(&open, "n")? == 0 {
            drop(tx);
            self.get_set_meeting(meeting).await?;
            return Err(StoreError::Refused(Clash::AttendanceRecorded));
        }
        sqlx::query(
            "INSERT INTO set_apologies (meeting_id, person_id, sent_at) VALUES ($1, $2, $3) \
             ON CONFLICT (meeting_id, person_id) DO NOTHING",
        )
        .bind(meeting.to_string())
        .bind(person.to_string())
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if let Some(r) = rota
            && !agree_rota_in(&mut tx, meeting, r.facilitator, r.timekeeper, &r.presenters).await?
        {
            return Err(StoreError::Refused(Clash::IssuesRecorded));
        }
        self.commit(tx).await.map_err(db)
    }

    /// Withdraws `person`'s apologies for `meeting`; `false` when there were none. Refused
    /// (`AttendanceRecorded`) once the meeting's attendance is recorded.
    pub async fn withdraw_set_apologies(&self, meeting: Uuid, person: PersonId) -> Result<bool> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "DELETE FROM set_apologies WHERE meeting_id = $1 AND person_id = $2 \
             AND EXISTS (SELECT 1 FROM set_meetings m WHERE m.id = $1 \
             AND m.attendance_recorded = 0)",
        )
        .bind(meeting.to_string())
        .bind(person.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            drop(tx);
            let rec = self.get_set_meeting(meeting).await?;
            if rec.meeting.attendance_recorded {
                return Err(StoreError::Refused(Clash::AttendanceRecorded));
            }
            return Ok(false);
        }
        self.commit(tx).await.map_err(db)?;
        Ok(true)
    }
}
