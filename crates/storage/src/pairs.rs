//! Paired learning: shadowing days, workshops with attendance, and the pairs' improvement
//! projects with their milestones and outcome measures.

use crate::Store;
use crate::codec::{boolean, date, int, opt_text, parse_date, parsed, text, ts};
use crate::error::{Result, StoreError, db};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use tandem_domain::pairs::{Measure, Milestone, Project, ShadowingDay, Workshop};
use tandem_domain::{PersonId, ProgrammeId, RelationshipId};
use uuid::Uuid;

fn shadowing_from(row: &AnyRow) -> Result<ShadowingDay> {
    Ok(ShadowingDay {
        id: parsed(row, "id")?,
        relationship_id: parsed(row, "relationship_id")?,
        host_id: parsed(row, "host_id")?,
        day: parse_date(&text(row, "day")?)?,
        place: text(row, "place")?,
        done: boolean(row, "done")?,
        learning: text(row, "learning")?,
    })
}

fn workshop_from(row: &AnyRow) -> Result<Workshop> {
    Ok(Workshop {
        id: parsed(row, "id")?,
        programme_id: parsed(row, "programme_id")?,
        title: text(row, "title")?,
        day: parse_date(&text(row, "day")?)?,
        place: text(row, "place")?,
    })
}

/// One row changed, or the thing named does not exist.
fn one(n: u64) -> Result<()> {
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

impl Store {
    // ----- shadowing -----

    pub async fn create_shadowing_day(
        &self,
        d: &ShadowingDay,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // In a transaction so that notices staged on this handle are written with it.
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO shadowing_days (id, relationship_id, host_id, day, place, done, learning, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(d.id.to_string())
        .bind(d.relationship_id.to_string())
        .bind(d.host_id.to_string())
        .bind(date(d.day))
        .bind(&d.place)
        .bind(i64::from(d.done))
        .bind(&d.learning)
        .bind(by.to_string())
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// Marks a shadowing day of the relationship done, with what was learnt.
    pub async fn complete_shadowing_day(
        &self,
        relationship: RelationshipId,
        id: Uuid,
        learning: &str,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let n = sqlx::query(
                "UPDATE shadowing_days SET done = 1, learning = $1 WHERE id = $2 AND relationship_id = $3",
            )
            .bind(learning)
            .bind(id.to_string())
            .bind(relationship.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            one(n)
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// The relationship's shadowing days, earliest first.
    pub async fn shadowing_days(&self, relationship: RelationshipId) -> Result<Vec<ShadowingDay>> {
        let rows = sqlx::query(
            "SELECT * FROM shadowing_days WHERE relationship_id = $1 ORDER BY day, created_at, id",
        )
        .bind(relationship.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(shadowing_from).collect()
    }

    // ----- workshops -----

    pub async fn create_workshop(&self, w: &Workshop, at: DateTime<Utc>) -> Result<()> {
        // In a transaction so that notices staged on this handle are written with it.
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO workshops (id, programme_id, title, day, place, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(w.id.to_string())
        .bind(w.programme_id.to_string())
        .bind(&w.title)
        .bind(date(w.day))
        .bind(&w.place)
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    pub async fn get_workshop(&self, id: Uuid) -> Result<Workshop> {
        let row = sqlx::query("SELECT * FROM workshops WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        workshop_from(&row)
    }

    /// The programme's workshops, earliest first.
    pub async fn workshops(&self, programme: ProgrammeId) -> Result<Vec<Workshop>> {
        let rows = sqlx::query("SELECT * FROM workshops WHERE programme_id = $1 ORDER BY day, id")
            .bind(programme.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(workshop_from).collect()
    }

    /// Replaces the workshop's attendance in one transaction.
    pub async fn set_workshop_attendance(&self, id: Uuid, present: &[PersonId]) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM workshop_attendance WHERE workshop_id = $1")
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for p in present {
            sqlx::query("INSERT INTO workshop_attendance (workshop_id, person_id) VALUES ($1, $2)")
                .bind(id.to_string())
                .bind(p.to_string())
                .execute(&mut *tx)
                .await
                .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Attendance))?;
        }
        self.commit(tx).await.map_err(db)
    }

    pub async fn workshop_attendance(&self, id: Uuid) -> Result<Vec<PersonId>> {
        let rows = sqlx::query(
            "SELECT person_id FROM workshop_attendance WHERE workshop_id = $1 ORDER BY person_id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(|r| parsed(r, "person_id")).collect()
    }

    // ----- improvement projects -----

    /// Creates or replaces the project's own fields (milestones and measures are kept).
    pub async fn save_project(&self, p: &Project, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let updated = sqlx::query(
            "UPDATE improvement_projects SET title = $1, aim = $2, presentation_on = $3, \
             presented = $4, updated_at = $5 WHERE relationship_id = $6",
        )
        .bind(&p.title)
        .bind(&p.aim)
        .bind(p.presentation_on.map(date))
        .bind(i64::from(p.presented))
        .bind(ts(at))
        .bind(p.relationship_id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if updated == 0 {
            sqlx::query(
                "INSERT INTO improvement_projects (relationship_id, title, aim, presentation_on, \
                 presented, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(p.relationship_id.to_string())
            .bind(&p.title)
            .bind(&p.aim)
            .bind(p.presentation_on.map(date))
            .bind(i64::from(p.presented))
            .bind(ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// The project with its milestones (by due date) and measures, if the pair has one.
    pub async fn project(&self, relationship: RelationshipId) -> Result<Option<Project>> {
        let Some(row) =
            sqlx::query("SELECT * FROM improvement_projects WHERE relationship_id = $1")
                .bind(relationship.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
        else {
            return Ok(None);
        };
        let milestones = sqlx::query(
            "SELECT * FROM project_milestones WHERE relationship_id = $1 ORDER BY due_on, id",
        )
        .bind(relationship.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|r| {
            Ok(Milestone {
                id: parsed(r, "id")?,
                title: text(r, "title")?,
                due_on: parse_date(&text(r, "due_on")?)?,
                done: boolean(r, "done")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let measures = sqlx::query(
            "SELECT * FROM project_measures WHERE relationship_id = $1 ORDER BY ordinal, id",
        )
        .bind(relationship.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(|r| {
            Ok(Measure {
                id: parsed(r, "id")?,
                name: text(r, "name")?,
                baseline: text(r, "baseline")?,
                target: text(r, "target")?,
                latest: text(r, "latest")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(Project {
            relationship_id: parsed(&row, "relationship_id")?,
            title: text(&row, "title")?,
            aim: text(&row, "aim")?,
            presentation_on: opt_text(&row, "presentation_on")?
                .map(|d| parse_date(&d))
                .transpose()?,
            presented: boolean(&row, "presented")?,
            milestones,
            measures,
        }))
    }

    /// Adds a milestone; the project must exist (`NotFound` otherwise).
    pub async fn add_milestone(&self, relationship: RelationshipId, m: &Milestone) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO project_milestones (id, relationship_id, title, due_on, done) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(m.id.to_string())
            .bind(relationship.to_string())
            .bind(&m.title)
            .bind(date(m.due_on))
            .bind(i64::from(m.done))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn set_milestone_done(
        &self,
        relationship: RelationshipId,
        id: Uuid,
        done: bool,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let n = sqlx::query(
                "UPDATE project_milestones SET done = $1 WHERE id = $2 AND relationship_id = $3",
            )
            .bind(i64::from(done))
            .bind(id.to_string())
            .bind(relationship.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            one(n)
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Adds a measure at the end of the list; the project must exist.
    pub async fn add_measure(&self, relationship: RelationshipId, m: &Measure) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO project_measures (id, relationship_id, name, baseline, target, latest, ordinal) \
                 VALUES ($1, $2, $3, $4, $5, $6, \
                 (SELECT COALESCE(MAX(ordinal), 0) + 1 FROM project_measures WHERE relationship_id = $2))",
            )
            .bind(m.id.to_string())
            .bind(relationship.to_string())
            .bind(&m.name)
            .bind(&m.baseline)
            .bind(&m.target)
            .bind(&m.latest)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Records a measure's latest value.
    pub async fn update_measure(
        &self,
        relationship: RelationshipId,
        id: Uuid,
        latest: &str,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let n = sqlx::query(
                "UPDATE project_measures SET latest = $1 WHERE id = $2 AND relationship_id = $3",
            )
            .bind(latest)
            .bind(id.to_string())
            .bind(relationship.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            one(n)
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Number of the relationship's shadowing days done in each direction: (hosted by `a`,
    /// hosted by anyone else).
    pub async fn shadowing_counts(
        &self,
        relationship: RelationshipId,
        a: PersonId,
    ) -> Result<(u32, u32)> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN host_id = $2 THEN 1 ELSE 0 END), 0) AS BIGINT) AS mine, \
             COUNT(*) AS total FROM shadowing_days WHERE relationship_id = $1 AND done = 1",
        )
        .bind(relationship.to_string())
        .bind(a.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let total = int(&row, "total")?;
        let mine = int(&row, "mine")?;
        Ok((mine as u32, (total - mine) as u32))
    }
}
