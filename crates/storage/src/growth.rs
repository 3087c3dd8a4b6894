//! Storage of personal growth: goals per person per relationship, the reflective log, CPD
//! activities and the opt-in directory.
//!
//! Privacy of the reflective log is kept in the queries themselves: an entry is read either by
//! its author (`reflections_of_author`, `get_own_reflection`) or through the relationship it is
//! shared with (`reflections_shared_with`). No query returns an unshared entry to anyone but its
//! author, so a caller cannot leak one by forgetting a check. Directory entries exist only for
//! people with a listing row: opting out deletes the row, so nothing of them remains to leak.

use crate::Store;
use crate::codec::{
    boolean, coded, date, int, opt_parsed, parse_date, parse_ts, parsed, text, ts, u32_from,
};
use crate::error::{Result, StoreError, UniqueField, corrupt, db, db_or_conflict};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use tandem_domain::growth::{
    CpdActivity, CpdActivityId, DirectoryListing, Goal, GoalContent, GoalId, GoalStatus,
    Reflection, ReflectionId,
};
use tandem_domain::{FrameworkDimension, PersonId, RelationshipId, SchemeId};

fn dims_json(d: &[FrameworkDimension]) -> Result<String> {
    serde_json::to_string(d).map_err(|e| StoreError::Database(Box::new(e)))
}

fn dims(row: &AnyRow, col: &str) -> Result<Vec<FrameworkDimension>> {
    let s = text(row, col)?;
    serde_json::from_str(&s).map_err(|e| corrupt(format!("{col}: {e}")))
}

fn goal_from(row: &AnyRow) -> Result<Goal> {
    Ok(Goal {
        id: parsed(row, "id")?,
        relationship_id: parsed(row, "relationship_id")?,
        person_id: parsed(row, "person_id")?,
        title: text(row, "title")?,
        dimensions: dims(row, "dimensions")?,
        status: coded(row, "status", GoalStatus::from_code)?,
        progress_note: text(row, "progress_note")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
        appraisal: crate::appraisal::citation_from(row)?,
    })
}

fn reflection_from(row: &AnyRow) -> Result<Reflection> {
    Ok(Reflection {
        id: parsed(row, "id")?,
        person_id: parsed(row, "person_id")?,
        written_on: parse_date(&text(row, "written_on")?)?,
        text: text(row, "body")?,
        relationship_id: opt_parsed(row, "relationship_id")?,
        dimensions: dims(row, "dimensions")?,
        shared_with: opt_parsed(row, "shared_with")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
    })
}

fn cpd_from(row: &AnyRow) -> Result<CpdActivity> {
    Ok(CpdActivity {
        id: parsed(row, "id")?,
        person_id: parsed(row, "person_id")?,
        activity: text(row, "activity")?,
        done_on: parse_date(&text(row, "done_on")?)?,
        minutes: u32_from(int(row, "minutes")?, "minutes")?,
        participatory: boolean(row, "participatory")?,
        reflection: text(row, "reflection")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
    })
}

const GOAL_COLUMNS: &str = "id, relationship_id, person_id, title, dimensions, status, \
     progress_note, created_at, updated_at, appraisal_kind, appraisal_on";

const REFLECTION_COLUMNS: &str = "id, person_id, written_on, body, relationship_id, dimensions, \
     shared_with, created_at, updated_at";

impl Store {
    // -----------------------------------------------------------------------------------------
    // Goals

    /// Adds a goal. `NotFound` when the relationship or person does not exist.
    pub async fn create_goal(&self, g: &Goal) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO growth_goals (id, relationship_id, person_id, title, dimensions, status, \
                 progress_note, created_at, updated_at, appraisal_kind, appraisal_on) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(g.id.to_string())
            .bind(g.relationship_id.to_string())
            .bind(g.person_id.to_string())
            .bind(g.title.as_str())
            .bind(dims_json(&g.dimensions)?)
            .bind(g.status.code())
            .bind(g.progress_note.as_str())
            .bind(ts(g.created_at))
            .bind(ts(g.updated_at))
            .bind(g.appraisal.map(|a| a.kind.code()))
            .bind(g.appraisal.map(|a| date(a.held_on)))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn get_goal(&self, id: GoalId) -> Result<Goal> {
        let sql = format!("SELECT {GOAL_COLUMNS} FROM growth_goals WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        goal_from(&row)
    }

    /// A relationship's goals, oldest first.
    pub async fn goals_of_relationship(&self, id: RelationshipId) -> Result<Vec<Goal>> {
        let sql = format!(
            "SELECT {GOAL_COLUMNS} FROM growth_goals WHERE relationship_id = $1 \
             ORDER BY created_at, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(goal_from).collect()
    }

    /// Replaces a goal's content; only its owner's row changes (`NotFound` otherwise), so a
    /// request naming someone else's goal writes nothing even if a caller forgot to check.
    pub async fn update_goal(
        &self,
        id: GoalId,
        owner: PersonId,
        c: &GoalContent,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query(
                "UPDATE growth_goals SET title = $1, dimensions = $2, status = $3, \
                 progress_note = $4, updated_at = $5, appraisal_kind = $8, appraisal_on = $9 \
                 WHERE id = $6 AND person_id = $7",
            )
            .bind(c.title.as_str())
            .bind(dims_json(&c.dimensions)?)
            .bind(c.status.code())
            .bind(c.progress_note.as_str())
            .bind(ts(at))
            .bind(id.to_string())
            .bind(owner.to_string())
            .bind(c.appraisal.map(|a| a.kind.code()))
            .bind(c.appraisal.map(|a| date(a.held_on)))
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

    /// How many goals of the scheme's relationships stand at each status (statuses with none
    /// are left out): what the scheme coordinator may know of goals.
    pub async fn goal_counts(&self, scheme: SchemeId) -> Result<Vec<(GoalStatus, u64)>> {
        let rows = sqlx::query(
            "SELECT g.status, COUNT(*) AS n FROM growth_goals g \
             JOIN relationships r ON r.id = g.relationship_id \
             JOIN intakes i ON i.id = r.intake_id \
             JOIN programmes p ON p.id = i.programme_id \
             WHERE p.scheme_id = $1 GROUP BY g.status",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out = rows
            .iter()
            .map(|row| {
                let status = coded(row, "status", GoalStatus::from_code)?;
                let n = u64::try_from(int(row, "n")?).unwrap_or(0);
                Ok((status, n))
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort();
        Ok(out)
    }

    // -----------------------------------------------------------------------------------------
    // Reflective log

    /// Adds a reflective log entry. `NotFound` when the person or a linked relationship does
    /// not exist.
    pub async fn create_reflection(&self, r: &Reflection) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO growth_reflections (id, person_id, written_on, body, relationship_id, \
                 dimensions, shared_with, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(r.id.to_string())
            .bind(r.person_id.to_string())
            .bind(date(r.written_on))
            .bind(r.text.as_str())
            .bind(r.relationship_id.map(|id| id.to_string()))
            .bind(dims_json(&r.dimensions)?)
            .bind(r.shared_with.map(|id| id.to_string()))
            .bind(ts(r.created_at))
            .bind(ts(r.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// An entry by id, read as its author: `NotFound` unless `author` wrote it.
    pub async fn get_own_reflection(
        &self,
        id: ReflectionId,
        author: PersonId,
    ) -> Result<Reflection> {
        let sql = format!(
            "SELECT {REFLECTION_COLUMNS} FROM growth_reflections WHERE id = $1 AND person_id = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(author.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        reflection_from(&row)
    }

    /// An entry by id, read through the relationship it is shared with: `NotFound` unless it is
    /// shared with exactly that relationship.
    pub async fn get_shared_reflection(
        &self,
        id: ReflectionId,
        relationship: RelationshipId,
    ) -> Result<Reflection> {
        let sql = format!(
            "SELECT {REFLECTION_COLUMNS} FROM growth_reflections \
             WHERE id = $1 AND shared_with = $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(relationship.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        reflection_from(&row)
    }

    /// Where an entry is shared (`None`: private), for deciding who may read it without
    /// reading its text. `NotFound` when there is no such entry.
    pub async fn reflection_sharing(
        &self,
        id: ReflectionId,
    ) -> Result<(PersonId, Option<RelationshipId>)> {
        let row =
            sqlx::query("SELECT person_id, shared_with FROM growth_reflections WHERE id = $1")
                .bind(id.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
                .ok_or(StoreError::NotFound)?;
        Ok((parsed(&row, "person_id")?, opt_parsed(&row, "shared_with")?))
    }

    /// The author's own entries, newest first.
    pub async fn reflections_of_author(&self, author: PersonId) -> Result<Vec<Reflection>> {
        self.reflections_where("person_id", author.to_string())
            .await
    }

    /// Entries shared with a relationship, newest first.
    pub async fn reflections_shared_with(
        &self,
        relationship: RelationshipId,
    ) -> Result<Vec<Reflection>> {
        self.reflections_where("shared_with", relationship.to_string())
            .await
    }

    /// Entries whose `column` (a fixed column name, never user input) equals `value`, newest
    /// first.
    async fn reflections_where(
        &self,
        column: &'static str,
        value: String,
    ) -> Result<Vec<Reflection>> {
        let sql = format!(
            "SELECT {REFLECTION_COLUMNS} FROM growth_reflections WHERE {column} = $1 \
             ORDER BY written_on DESC, created_at DESC, id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(reflection_from).collect()
    }

    /// Shares an entry with a relationship's members, or makes it private again (`None`). Only
    /// the author's row changes (`NotFound` otherwise).
    pub async fn set_reflection_sharing(
        &self,
        id: ReflectionId,
        author: PersonId,
        shared_with: Option<RelationshipId>,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query(
                "UPDATE growth_reflections SET shared_with = $1, updated_at = $2 \
                 WHERE id = $3 AND person_id = $4",
            )
            .bind(shared_with.map(|r| r.to_string()))
            .bind(ts(at))
            .bind(id.to_string())
            .bind(author.to_string())
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

    // -----------------------------------------------------------------------------------------
    // CPD

    pub async fn create_cpd_activity(&self, a: &CpdActivity) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO growth_cpd (id, person_id, activity, done_on, minutes, participatory, \
                 reflection, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(a.id.to_string())
            .bind(a.person_id.to_string())
            .bind(a.activity.as_str())
            .bind(date(a.done_on))
            .bind(i64::from(a.minutes))
            .bind(i64::from(a.participatory))
            .bind(a.reflection.as_str())
            .bind(ts(a.created_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// A person's own CPD activities, most recent first.
    pub async fn cpd_activities_of(&self, person: PersonId) -> Result<Vec<CpdActivity>> {
        let rows = sqlx::query(
            "SELECT id, person_id, activity, done_on, minutes, participatory, reflection, \
             created_at FROM growth_cpd WHERE person_id = $1 \
             ORDER BY done_on DESC, created_at DESC, id DESC",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(cpd_from).collect()
    }

    /// Deletes one of the person's CPD activities (`NotFound` when not theirs).
    pub async fn delete_cpd_activity(&self, id: CpdActivityId, person: PersonId) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query("DELETE FROM growth_cpd WHERE id = $1 AND person_id = $2")
                .bind(id.to_string())
                .bind(person.to_string())
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

    /// Date and minutes of the sessions held in a relationship (booked, cancelled and other
    /// sessions that did not take place are not learning time), oldest first.
    pub async fn held_session_minutes(
        &self,
        relationship: RelationshipId,
    ) -> Result<Vec<(NaiveDate, u32)>> {
        let rows = sqlx::query(
            "SELECT held_on, minutes FROM relationship_sessions \
             WHERE relationship_id = $1 AND status = 'held' ORDER BY held_on, id",
        )
        .bind(relationship.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok((
                    parse_date(&text(row, "held_on")?)?,
                    u32_from(int(row, "minutes")?, "minutes")?,
                ))
            })
            .collect()
    }

    // -----------------------------------------------------------------------------------------
    // Directory

    /// Opts a person in, or replaces what their listing shows. `NotFound` when the person does
    /// not exist.
    pub async fn set_directory_listing(&self, l: &DirectoryListing) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            // The scheme, name keys and primary profession are copied from the person's rows by
            // the statement itself (migration 0044), so a listing never holds others than its
            // person's at the time it is written; no such person inserts nothing (`NotFound`).
            let done = sqlx::query(
                "INSERT INTO growth_directory (person_id, interests, dimensions, updated_at, \
                 scheme_id, family_key, given_key, profession) \
                 SELECT $1, $2, $3, $4, p.scheme_id, p.family_key, p.given_key, \
                 COALESCE((SELECT e.profession FROM employments e WHERE e.person_id = p.id \
                   ORDER BY e.is_primary DESC, e.ordinal LIMIT 1), '') \
                 FROM people p WHERE p.id = $1 \
                 ON CONFLICT (person_id) DO UPDATE SET \
                 interests = excluded.interests, dimensions = excluded.dimensions, \
                 updated_at = excluded.updated_at, scheme_id = excluded.scheme_id, \
                 family_key = excluded.family_key, given_key = excluded.given_key, \
                 profession = excluded.profession",
            )
            .bind(l.person_id.to_string())
            .bind(l.interests.as_str())
            .bind(dims_json(&l.dimensions)?)
            .bind(ts(l.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(crate::error::StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        if out.is_err() {
            self.discard_staged();
        }
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// The person's listing, or `None` when they are not in the directory.
    pub async fn directory_listing(&self, person: PersonId) -> Result<Option<DirectoryListing>> {
        let row = sqlx::query(
            "SELECT person_id, interests, dimensions, updated_at FROM growth_directory \
             WHERE person_id = $1",
        )
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|row| {
            Ok(DirectoryListing {
                person_id: parsed(&row, "person_id")?,
                interests: text(&row, "interests")?,
                dimensions: dims(&row, "dimensions")?,
                updated_at: parse_ts(&text(&row, "updated_at")?)?,
            })
        })
        .transpose()
    }

    /// Opts a person out: their listing is deleted. Returns whether there was one.
    pub async fn remove_directory_listing(&self, person: PersonId) -> Result<bool> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<bool> = async {
            let done = sqlx::query("DELETE FROM growth_directory WHERE person_id = $1")
                .bind(person.to_string())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            Ok(done.rows_affected() > 0)
        }
        .await;
        let out = out?;
        if !out {
            // Nothing changed: nothing to audit either.
            self.discard_staged();
            return Ok(out);
        }
        self.commit(tx).await.map_err(crate::error::db)?;
        Ok(out)
    }
}
