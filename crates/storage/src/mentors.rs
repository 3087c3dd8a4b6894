//! Mentor development: training records, supervision sessions, and each mentor's standing
//! (status and load).

use crate::Store;
use crate::codec::{coded, int, parse_ts, parsed, text};
use crate::error::{Result, db};
use sqlx::any::AnyRow;
use tandem_domain::{MentorStanding, MentorStatus, PersonId, SchemeId};

fn standing_from(row: &AnyRow) -> Result<MentorStanding> {
    let load: Option<i64> = sqlx::Row::try_get(row, "load_max").map_err(db)?;
    Ok(MentorStanding {
        person_id: parsed(row, "person_id")?,
        status: coded(row, "status", MentorStatus::from_code)?,
        load_max: load.map(|l| u32::try_from(l).unwrap_or(u32::MAX)),
        updated_at: parse_ts(&text(row, "updated_at")?)?,
    })
}

impl Store {
    /// Whether the person holds a training record that counts as mentor training (programmes
    /// may require one of their mentors).
    pub async fn is_mentor_trained(&self, person: PersonId) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM mentor_training WHERE person_id = $1 AND qualifies = 1",
        )
        .bind(person.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(int(&row, "n")? > 0)
    }

    /// The recorded standings of the scheme's mentors. Someone with no row has never been
    /// paused or given a personal load: they are active with the programme's load.
    pub async fn mentor_standings(&self, scheme: SchemeId) -> Result<Vec<MentorStanding>> {
        let rows = sqlx::query(
            "SELECT s.person_id, s.status, s.load_max, s.updated_at FROM mentor_standing s \
             JOIN people p ON p.id = s.person_id WHERE p.scheme_id = $1 ORDER BY s.person_id",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(standing_from).collect()
    }
}
