//! Mentor development: training records, supervision sessions, and each mentor's standing
//! (status and load).
//!
//! A mentor's current load is not stored: it is counted from the live relationships in which
//! they are the mentor, so it can never drift from the relationships themselves.

use crate::codec::{
    boolean, coded, date, int, opt_parsed, parse_date, parse_ts, parsed, text, ts, u32_from,
};
use crate::error::{Result, UniqueField, db, db_or_conflict};
use crate::{Backend, Store};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use tandem_domain::mentor::MentorOverview;
use tandem_domain::{
    MentorStanding, MentorStatus, OrganisationId, PersonId, SchemeId, SupervisionRecord,
    TrainingRecord,
};

/// Relationship statuses that take up a mentor's place (`RelationshipStatus::is_live`).
pub(crate) const LIVE: &str = "('proposed', 'accepted', 'active', 'winding_down')";

fn standing_from(row: &AnyRow) -> Result<MentorStanding> {
    let load: Option<i64> = sqlx::Row::try_get(row, "load_max").map_err(db)?;
    Ok(MentorStanding {
        person_id: parsed(row, "person_id")?,
        status: coded(row, "status", MentorStatus::from_code)?,
        load_max: load.map(|l| u32::try_from(l).unwrap_or(u32::MAX)),
        updated_at: parse_ts(&text(row, "updated_at")?)?,
    })
}

fn training_from(row: &AnyRow) -> Result<TrainingRecord> {
    Ok(TrainingRecord {
        id: parsed(row, "id")?,
        person_id: parsed(row, "person_id")?,
        course: text(row, "course")?,
        provider: text(row, "provider")?,
        completed_on: parse_date(&text(row, "completed_on")?)?,
        evidence: text(row, "evidence")?,
        qualifies_as_mentor_training: boolean(row, "qualifies")?,
        recorded_by: opt_parsed(row, "recorded_by")?,
        recorded_at: parse_ts(&text(row, "recorded_at")?)?,
        verified_by: opt_parsed(row, "verified_by")?,
        verified_at: opt_ts(row, "verified_at")?,
    })
}

/// An optional timestamp column.
fn opt_ts(row: &AnyRow, column: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    let v: Option<String> = sqlx::Row::try_get(row, column).map_err(db)?;
    v.as_deref().map(parse_ts).transpose()
}

fn supervision_from(row: &AnyRow) -> Result<SupervisionRecord> {
    Ok(SupervisionRecord {
        id: parsed(row, "id")?,
        person_id: parsed(row, "person_id")?,
        held_on: parse_date(&text(row, "held_on")?)?,
        supervisor: text(row, "supervisor")?,
        minutes: u32_from(int(row, "minutes")?, "minutes")?,
        themes: text(row, "themes")?,
        recorded_by: opt_parsed(row, "recorded_by")?,
        recorded_at: parse_ts(&text(row, "recorded_at")?)?,
    })
}

impl Store {
    /// Whether the person holds a training record that counts as mentor training (programmes
    /// may require one of their mentors), verified by a coordinator: their own entry alone does
    /// not count.
    pub async fn is_mentor_trained(&self, person: PersonId) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM mentor_training WHERE person_id = $1 AND qualifies = 1 \
             AND verified_at IS NOT NULL",
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

    /// One person's recorded standing, or `None` when never recorded.
    pub async fn mentor_standing(&self, person: PersonId) -> Result<Option<MentorStanding>> {
        let row = sqlx::query(
            "SELECT person_id, status, load_max, updated_at FROM mentor_standing \
             WHERE person_id = $1",
        )
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(standing_from).transpose()
    }

    /// Records a person's standing, replacing any earlier one (one row per person, written in
    /// one statement so two coordinators saving at once leave one of their values, never two
    /// rows). `NotFound` when the person does not exist.
    pub async fn set_mentor_standing(&self, s: &MentorStanding) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO mentor_standing (person_id, status, load_max, updated_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
                 status = excluded.status, load_max = excluded.load_max, \
                 updated_at = excluded.updated_at",
            )
            .bind(s.person_id.to_string())
            .bind(s.status.code())
            .bind(s.load_max.map(i64::from))
            .bind(ts(s.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Adds a training record. `NotFound` when the person does not exist;
    /// `Conflict { field: Id }` when the id is taken.
    pub async fn create_training(&self, t: &TrainingRecord) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO mentor_training (id, person_id, course, provider, completed_on, \
                 evidence, qualifies, recorded_by, recorded_at, verified_by, verified_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(t.id.to_string())
            .bind(t.person_id.to_string())
            .bind(t.course.as_str())
            .bind(t.provider.as_str())
            .bind(date(t.completed_on))
            .bind(t.evidence.as_str())
            .bind(i64::from(t.qualifies_as_mentor_training))
            .bind(t.recorded_by.map(|p| p.to_string()))
            .bind(ts(t.recorded_at))
            .bind(t.verified_by.map(|p| p.to_string()))
            .bind(t.verified_at.map(ts))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Marks one of `person`'s training records verified by `by` at `at` (a record verified
    /// already keeps its first verification). `NotFound` when the record is not the person's.
    pub async fn verify_training(
        &self,
        person: PersonId,
        training: tandem_domain::TrainingId,
        by: PersonId,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let found = sqlx::query(
                "SELECT COUNT(*) AS n FROM mentor_training WHERE id = $1 AND person_id = $2",
            )
            .bind(training.to_string())
            .bind(person.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
            if int(&found, "n")? == 0 {
                return Err(crate::StoreError::NotFound);
            }
            sqlx::query(
                "UPDATE mentor_training SET verified_by = $3, verified_at = $4 \
                 WHERE id = $1 AND person_id = $2 AND verified_at IS NULL",
            )
            .bind(training.to_string())
            .bind(person.to_string())
            .bind(by.to_string())
            .bind(ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// A person's training, most recently completed first (ties: most recently recorded first).
    pub async fn list_training(&self, person: PersonId) -> Result<Vec<TrainingRecord>> {
        let rows = sqlx::query(
            "SELECT id, person_id, course, provider, completed_on, evidence, qualifies, \
             recorded_by, recorded_at, verified_by, verified_at FROM mentor_training \
             WHERE person_id = $1 ORDER BY completed_on DESC, recorded_at DESC, id DESC",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(training_from).collect()
    }

    /// Adds a supervision session. `NotFound` when the person does not exist;
    /// `Conflict { field: Id }` when the id is taken.
    pub async fn create_supervision(&self, s: &SupervisionRecord) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO supervision_sessions (id, person_id, held_on, supervisor, minutes, \
                 themes, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(s.id.to_string())
            .bind(s.person_id.to_string())
            .bind(date(s.held_on))
            .bind(s.supervisor.as_str())
            .bind(i64::from(s.minutes))
            .bind(s.themes.as_str())
            .bind(s.recorded_by.map(|p| p.to_string()))
            .bind(ts(s.recorded_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// A person's supervision sessions, most recent first (ties: most recently recorded first).
    pub async fn list_supervision(&self, person: PersonId) -> Result<Vec<SupervisionRecord>> {
        let rows = sqlx::query(
            "SELECT id, person_id, held_on, supervisor, minutes, themes, recorded_by, \
             recorded_at FROM supervision_sessions WHERE person_id = $1 \
             ORDER BY held_on DESC, recorded_at DESC, id DESC",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(supervision_from).collect()
    }

    /// The number of live relationships (proposed, accepted, active, winding down) in which the
    /// person is the mentor: what counts against their load.
    pub async fn mentor_load(&self, person: PersonId) -> Result<u32> {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM relationship_members m \
             JOIN relationships r ON r.id = m.relationship_id \
             WHERE m.person_id = $1 AND m.role = 'mentor' AND r.status IN {LIVE}"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(person.to_string())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        u32_from(int(&row, "n")?, "mentor load")
    }

    /// The scheme's mentors for the coordinators' list: everyone with a standing, a training
    /// record or an application to mentor, by family name, given name and id. With
    /// `organisations`, only people employed by one of them (an organisation coordinator's view).
    pub async fn mentor_overview(
        &self,
        scheme: SchemeId,
        organisations: Option<&[OrganisationId]>,
    ) -> Result<Vec<MentorOverview>> {
        if organisations.is_some_and(<[OrganisationId]>::is_empty) {
            return Ok(Vec::new());
        }
        let mut org_filter = String::new();
        if let Some(orgs) = organisations {
            let list: Vec<String> = (0..orgs.len()).map(|i| format!("${}", i + 2)).collect();
            org_filter = format!(
                " AND p.id IN (SELECT e.person_id FROM employments e \
                 WHERE e.organisation_id IN ({}))",
                list.join(", ")
            );
        }
        // Key columns hold Rust-lower-cased text; "C" makes PostgreSQL order them by code point
        // as SQLite does.
        let c = if self.backend == Backend::Postgres {
            " COLLATE \"C\""
        } else {
            ""
        };
        let sql = format!(
            "SELECT p.id, p.given_name, p.family_name, \
             s.person_id AS standing_person, s.status, s.load_max, s.updated_at, \
             (SELECT COUNT(*) FROM mentor_training t \
               WHERE t.person_id = p.id AND t.qualifies = 1) AS trained, \
             (SELECT COUNT(*) FROM relationship_members m \
               JOIN relationships r ON r.id = m.relationship_id \
               WHERE m.person_id = p.id AND m.role = 'mentor' AND r.status IN {LIVE}) AS current_load \
             FROM people p LEFT JOIN mentor_standing s ON s.person_id = p.id \
             WHERE p.scheme_id = $1{org_filter} AND (s.person_id IS NOT NULL \
               OR p.id IN (SELECT t2.person_id FROM mentor_training t2) \
               OR p.id IN (SELECT a.person_id FROM applications a WHERE a.role = 'mentor')) \
             ORDER BY p.family_key{c}, p.given_key{c}, p.id"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(scheme.to_string());
        for o in organisations.unwrap_or_default() {
            q = q.bind(o.to_string());
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(overview_from).collect()
    }
}

/// A line of the mentors' list from a row with the person's `id`, names, their standing's columns
/// (`standing_person`, `status`, `load_max`, `updated_at`), `trained` and `current_load`.
pub(crate) fn overview_from(row: &AnyRow) -> Result<MentorOverview> {
    let standing_person: Option<PersonId> = opt_parsed(row, "standing_person")?;
    let standing = match standing_person {
        Some(person_id) => {
            let load: Option<i64> = sqlx::Row::try_get(row, "load_max").map_err(db)?;
            Some(MentorStanding {
                person_id,
                status: coded(row, "status", MentorStatus::from_code)?,
                load_max: load.map(|l| u32::try_from(l).unwrap_or(u32::MAX)),
                updated_at: parse_ts(&text(row, "updated_at")?)?,
            })
        }
        None => None,
    };
    Ok(MentorOverview {
        person_id: parsed(row, "id")?,
        given_name: text(row, "given_name")?,
        family_name: text(row, "family_name")?,
        standing,
        trained: int(row, "trained")? > 0,
        current_load: u32_from(int(row, "current_load")?, "mentor load")?,
    })
}
