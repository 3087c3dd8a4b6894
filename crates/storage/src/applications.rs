//! Storage of the scheme journey: applications, their history, intake forms, line-manager links
//! and the places they use.
//!
//! Every status change is a conditional update (`WHERE id = … AND status = <expected>`), so a
//! stale page or a second coordinator acting at the same moment changes nothing and gets a
//! conflict. Taking a place is a second conditional update (`taken < places`) in the same
//! transaction: the database serialises competing approvals on the `intake_places` row, so the
//! places can never be exceeded on either backend.

use crate::Store;
use crate::codec::{coded, int, opt_parsed, opt_text, parse_ts, parsed, text, ts, u32_from};
use crate::error::{Clash, Result, StoreError, UniqueField, corrupt, db, db_or_conflict};
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use tandem_domain::application::{ManagerLink, PlaceUse};
use tandem_domain::{
    Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus, IntakeId,
    PersonId, Question,
};

pub(crate) const APPLICATION_COLUMNS: &str = "id, intake_id, person_id, role, organisation_id, status, profile, answers, \
     line_manager_id, submitted_at, updated_at, version";

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(Box::new(e)))
}

pub(crate) fn application_from(row: &AnyRow) -> Result<Application> {
    Ok(Application {
        id: parsed(row, "id")?,
        intake_id: parsed(row, "intake_id")?,
        person_id: parsed(row, "person_id")?,
        role: coded(row, "role", ApplicationRole::from_code)?,
        organisation_id: parsed(row, "organisation_id")?,
        status: coded(row, "status", ApplicationStatus::from_code)?,
        profile: serde_json::from_str(&text(row, "profile")?)
            .map_err(|e| corrupt(format!("application profile: {e}")))?,
        answers: serde_json::from_str(&text(row, "answers")?)
            .map_err(|e| corrupt(format!("application answers: {e}")))?,
        line_manager_id: opt_parsed(row, "line_manager_id")?,
        submitted_at: parse_ts(&text(row, "submitted_at")?)?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
        version: u32_from(int(row, "version")?, "version")?,
    })
}

fn event_from(row: &AnyRow) -> Result<ApplicationEvent> {
    Ok(ApplicationEvent {
        application_id: parsed(row, "application_id")?,
        at: parse_ts(&text(row, "at")?)?,
        actor_id: opt_parsed(row, "actor_id")?,
        status: coded(row, "status", ApplicationStatus::from_code)?,
        note: text(row, "note")?,
    })
}

fn link_from(row: &AnyRow) -> Result<ManagerLink> {
    Ok(ManagerLink {
        token_hash: text(row, "token_hash")?,
        application_id: parsed(row, "application_id")?,
        manager_id: parsed(row, "manager_id")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        expires_at: parse_ts(&text(row, "expires_at")?)?,
        used_at: opt_text(row, "used_at")?
            .map(|s| parse_ts(&s))
            .transpose()?,
    })
}

pub(crate) async fn insert_event(
    conn: &mut AnyConnection,
    e: &ApplicationEvent,
) -> std::result::Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO application_events (id, application_id, at, actor_id, status, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(e.application_id.to_string())
    .bind(ts(e.at))
    .bind(e.actor_id.map(|p| p.to_string()))
    .bind(e.status.code())
    .bind(e.note.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Why a status move inside a transaction did not happen (the transaction is rolled back).
enum MoveFailure {
    Sql(sqlx::Error),
    /// The application is not (any longer) in the expected status, or does not exist.
    Stale,
    /// The move needs a place and the organisation has none left.
    NoPlace,
}

impl From<sqlx::Error> for MoveFailure {
    fn from(e: sqlx::Error) -> Self {
        MoveFailure::Sql(e)
    }
}

/// Moves one application from `from` to `event.status` inside the caller's transaction: the
/// conditional status update (raising the version), the place bookkeeping when the move takes or
/// gives back a place, and the history row.
async fn move_in(
    conn: &mut AnyConnection,
    id: ApplicationId,
    from: ApplicationStatus,
    event: &ApplicationEvent,
) -> std::result::Result<(), MoveFailure> {
    let to = event.status;
    let row = sqlx::query(
        "UPDATE applications SET status = $3, updated_at = $4, version = version + 1 \
         WHERE id = $1 AND status = $2 RETURNING intake_id, organisation_id",
    )
    .bind(id.to_string())
    .bind(from.code())
    .bind(to.code())
    .bind(ts(event.at))
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(MoveFailure::Stale)?;
    let intake: String = sqlx::Row::try_get(&row, "intake_id")?;
    let organisation: String = sqlx::Row::try_get(&row, "organisation_id")?;
    if to.holds_place() && !from.holds_place() {
        let done = sqlx::query(
            "UPDATE intake_places SET taken = taken + 1 \
             WHERE intake_id = $1 AND organisation_id = $2 AND taken < places",
        )
        .bind(intake.as_str())
        .bind(organisation.as_str())
        .execute(&mut *conn)
        .await?;
        if done.rows_affected() == 0 {
            return Err(MoveFailure::NoPlace);
        }
    } else if from.holds_place() && !to.holds_place() {
        // The row can be missing if the organisation was taken off the intake; nothing to give
        // back then.
        sqlx::query(
            "UPDATE intake_places SET taken = taken - 1 \
             WHERE intake_id = $1 AND organisation_id = $2 AND taken > 0",
        )
        .bind(intake.as_str())
        .bind(organisation.as_str())
        .execute(&mut *conn)
        .await?;
    }
    insert_event(conn, event).await?;
    Ok(())
}

impl Store {
    /// Saves a new application with its first history step (one transaction).
    ///
    /// A person applies once per role and intake: a second application gives
    /// `Conflict { field: Role }` and writes nothing. Unknown intake, person or organisation: `NotFound`.
    /// The status is taken as given; it must not be one that holds a place (approval goes
    /// through [`Store::move_application`], which counts places).
    pub async fn create_application(
        &self,
        a: &Application,
        event: &ApplicationEvent,
    ) -> Result<()> {
        if a.status.holds_place() {
            return Err(StoreError::Invalid("status".into()));
        }
        let profile = to_json(&a.profile)?;
        let answers = to_json(&a.answers)?;
        let outcome: std::result::Result<(), sqlx::Error> = async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "INSERT INTO applications (id, intake_id, person_id, role, organisation_id, status, profile, answers, \
                 line_manager_id, submitted_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(a.id.to_string())
            .bind(a.intake_id.to_string())
            .bind(a.person_id.to_string())
            .bind(a.role.code())
            .bind(a.organisation_id.to_string())
            .bind(a.status.code())
            .bind(profile.as_str())
            .bind(answers.as_str())
            .bind(a.line_manager_id.map(|p| p.to_string()))
            .bind(ts(a.submitted_at))
            .bind(ts(a.updated_at))
            .bind(i64::from(a.version))
            .execute(&mut *tx)
            .await?;
            insert_event(&mut tx, event).await?;
            self.commit(tx).await
        }
        .await;
        outcome.map_err(|e| db_or_conflict(e, UniqueField::Role))
    }

    pub async fn get_application(&self, id: ApplicationId) -> Result<Application> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        application_from(&row)
    }

    /// Every application to the intake, whatever its status, oldest submission first (ties by
    /// id, so the order is stable: waiting lists are served in this order).
    pub async fn list_applications(&self, intake: IntakeId) -> Result<Vec<Application>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications WHERE intake_id = $1 ORDER BY submitted_at, id"
        )))
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(application_from).collect()
    }

    /// The person's applications to every intake, newest submission first.
    pub async fn applications_of_person(&self, person: PersonId) -> Result<Vec<Application>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {APPLICATION_COLUMNS} FROM applications WHERE person_id = $1 ORDER BY submitted_at DESC, id DESC"
        )))
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(application_from).collect()
    }

    /// The application's steps, oldest first. Unknown application: an empty list.
    pub async fn application_history(&self, id: ApplicationId) -> Result<Vec<ApplicationEvent>> {
        let rows = sqlx::query(
            "SELECT application_id, at, actor_id, status, note FROM application_events \
             WHERE application_id = $1 ORDER BY at, id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(event_from).collect()
    }

    /// Moves an application from `from` to `event.status` and records `event`, all or nothing.
    ///
    /// - a move [`ApplicationStatus::can_move_to`] does not allow: `Invalid("status")`;
    /// - the application is no longer in `from` (a stale request, or someone else acted first):
    ///   `Refused(StatusChanged)`; unknown application: `NotFound`;
    /// - a move into a status that holds a place (approval) when the organisation's places for
    ///   the intake are all taken: `Refused(PlacesFull)`;
    ///
    /// and in each case nothing is written. A move out of a place-holding status (withdrawal)
    /// gives the place back. Returns the application as it now is.
    pub async fn move_application(
        &self,
        id: ApplicationId,
        from: ApplicationStatus,
        event: &ApplicationEvent,
    ) -> Result<Application> {
        if !from.can_move_to(event.status) || event.application_id != id {
            return Err(StoreError::Invalid("status".into()));
        }
        let outcome: std::result::Result<(), MoveFailure> = async {
            let mut tx = self.pool.begin().await?;
            move_in(&mut tx, id, from, event).await?;
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => self.get_application(id).await,
            Err(MoveFailure::Sql(e)) => Err(db(e)),
            Err(MoveFailure::NoPlace) => Err(StoreError::Refused(Clash::PlacesFull)),
            Err(MoveFailure::Stale) => {
                // Tell a missing application from a stale one.
                self.get_application(id).await?;
                Err(StoreError::Refused(Clash::StatusChanged))
            }
        }
    }

    /// The organisations' places in the intake with how many are taken, in the intake's order.
    pub async fn place_use(&self, intake: IntakeId) -> Result<Vec<PlaceUse>> {
        let rows = sqlx::query(
            "SELECT organisation_id, places, taken FROM intake_places WHERE intake_id = $1 ORDER BY ordinal",
        )
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(PlaceUse {
                    organisation_id: parsed(r, "organisation_id")?,
                    places: u32_from(int(r, "places")?, "places")?,
                    taken: u32_from(int(r, "taken")?, "taken")?,
                })
            })
            .collect()
    }

    /// The intake's programme-specific questions; an intake whose form was never edited has none.
    pub async fn application_form(&self, intake: IntakeId) -> Result<Vec<Question>> {
        let row = sqlx::query("SELECT questions FROM application_forms WHERE intake_id = $1")
            .bind(intake.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        match row {
            None => Ok(Vec::new()),
            Some(r) => serde_json::from_str(&text(&r, "questions")?)
                .map_err(|e| corrupt(format!("application form: {e}"))),
        }
    }

    /// Replaces the intake's questions (the form builder edits the form whole). Unknown intake:
    /// `NotFound`. Applications already made keep the answers they gave.
    pub async fn set_application_form(
        &self,
        intake: IntakeId,
        questions: &[Question],
        at: DateTime<Utc>,
    ) -> Result<()> {
        let json = to_json(&questions)?;
        let outcome: std::result::Result<(), sqlx::Error> = async {
            let mut tx = self.pool.begin().await?;
            let done = sqlx::query(
                "UPDATE application_forms SET questions = $2, updated_at = $3 WHERE intake_id = $1",
            )
            .bind(intake.to_string())
            .bind(json.as_str())
            .bind(ts(at))
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                sqlx::query(
                    "INSERT INTO application_forms (intake_id, questions, updated_at) VALUES ($1, $2, $3)",
                )
                .bind(intake.to_string())
                .bind(json.as_str())
                .bind(ts(at))
                .execute(&mut *tx)
                .await?;
            }
            self.commit(tx).await
        }
        .await;
        // Two first saves at once: the loser hits the primary key; saving again is the answer.
        outcome.map_err(|e| db_or_conflict(e, UniqueField::Form))
    }

    /// Stores a line manager's link (its token hash only).
    pub async fn create_manager_link(&self, l: &ManagerLink) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO manager_links (token_hash, application_id, manager_id, created_at, expires_at, used_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(l.token_hash.as_str())
            .bind(l.application_id.to_string())
            .bind(l.manager_id.to_string())
            .bind(ts(l.created_at))
            .bind(ts(l.expires_at))
            .bind(l.used_at.map(ts))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Token))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// The link with this token hash, used or not, expired or not (so the page can say which);
    /// `None` for a hash never issued.
    pub async fn manager_link(&self, token_hash: &str) -> Result<Option<ManagerLink>> {
        let row = sqlx::query(
            "SELECT token_hash, application_id, manager_id, created_at, expires_at, used_at \
             FROM manager_links WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(link_from).transpose()
    }

    /// The line manager's answer through the link: marks the link used and moves the application
    /// from awaiting the manager to `event.status` (awaiting the coordinator, or declined by the
    /// manager), in one transaction.
    ///
    /// The link is consumed by a conditional update (unused and unexpired at `now`), so two
    /// clicks at once cannot both count. Unknown link: `NotFound`; used: `Refused(LinkUsed)`;
    /// expired: `Refused(LinkExpired)`; the application no longer awaits its manager (e.g.
    /// withdrawn): `Refused(StatusChanged)`. In each case nothing changes.
    pub async fn answer_manager_link(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
        event: &ApplicationEvent,
    ) -> Result<Application> {
        let from = ApplicationStatus::AwaitingManager;
        if !from.can_move_to(event.status) || event.status == ApplicationStatus::Withdrawn {
            return Err(StoreError::Invalid("status".into()));
        }
        enum Failure {
            Move(MoveFailure),
            Unusable,
            WrongApplication,
        }
        impl From<sqlx::Error> for Failure {
            fn from(e: sqlx::Error) -> Self {
                Failure::Move(MoveFailure::Sql(e))
            }
        }
        let outcome: std::result::Result<(), Failure> = async {
            let mut tx = self.pool.begin().await?;
            let row = sqlx::query(
                "UPDATE manager_links SET used_at = $2 \
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING application_id",
            )
            .bind(token_hash)
            .bind(ts(now))
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Failure::Unusable)?;
            let app: String = sqlx::Row::try_get(&row, "application_id")?;
            if app != event.application_id.to_string() {
                return Err(Failure::WrongApplication);
            }
            move_in(&mut tx, event.application_id, from, event)
                .await
                .map_err(Failure::Move)?;
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => self.get_application(event.application_id).await,
            Err(Failure::Unusable) => match self.manager_link(token_hash).await? {
                None => Err(StoreError::NotFound),
                Some(l) if l.used_at.is_some() => Err(StoreError::Refused(Clash::LinkUsed)),
                Some(_) => Err(StoreError::Refused(Clash::LinkExpired)),
            },
            Err(Failure::WrongApplication) => Err(StoreError::Invalid("application".into())),
            Err(Failure::Move(MoveFailure::Sql(e))) => Err(db(e)),
            Err(Failure::Move(MoveFailure::Stale)) => {
                Err(StoreError::Refused(Clash::StatusChanged))
            }
            Err(Failure::Move(MoveFailure::NoPlace)) => Err(StoreError::Refused(Clash::PlacesFull)),
        }
    }
}
