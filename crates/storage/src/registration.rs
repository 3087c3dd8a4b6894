//! Registrations waiting for an e-mail confirmation or an employment confirmation, and
//! nominations.
//!
//! A registration is written whole (person, primary employment, e-mail kind, an account without
//! a password, the registration row and the staged confirmation notice) in one transaction, so a
//! failure leaves no half-registered person behind. Confirming the address is one transaction
//! too: the single-use token is taken by a conditional UPDATE, and only then are the password,
//! the confirmation and the participant role written.

use crate::Store;
use crate::accounts::insert_account;
use crate::applications::insert_event;
use crate::codec::{opt_text, parse_ts, parsed, text, ts};
use crate::error::{Clash, Result, StoreError, UniqueField, corrupt, db, is_unique_violation};
use crate::people::{delete_people, insert_employments, insert_people, numbered};
use crate::people_counts::CountsDelta;
use crate::records::{Account, TokenKind};
use crate::roles::scope_columns;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe};
use tandem_domain::{
    AccountId, Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus,
    EmailKind, Employment, IntakeId, OrganisationId, Person, PersonId, Role, RoleAssignment,
    SchemeId, Scope,
};

/// Where a registration stands with the employer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentCheck {
    /// Waiting for the organisation's (or the scheme's) coordinator.
    Pending,
    /// The coordinator confirmed the person works there.
    Confirmed,
    /// The coordinator said the person does not work there: the registration ended.
    NotEmployed,
}

impl EmploymentCheck {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::NotEmployed => "not_employed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Pending, Self::Confirmed, Self::NotEmployed]
            .into_iter()
            .find(|c| c.code() == code)
    }
}

/// One self-registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationRecord {
    pub person_id: PersonId,
    pub scheme_id: SchemeId,
    /// The organisation the person says employs them (their primary employment's).
    pub organisation_id: OrganisationId,
    pub registered_at: DateTime<Utc>,
    /// An unconfirmed registration is removed after this.
    pub expires_at: DateTime<Utc>,
    pub email_confirmed_at: Option<DateTime<Utc>>,
    pub employment: EmploymentCheck,
    pub decided_by: Option<PersonId>,
    pub decided_at: Option<DateTime<Utc>>,
}

const REGISTRATION_COLS: &str = "r.person_id, r.scheme_id, r.organisation_id, r.registered_at, \
    r.expires_at, r.email_confirmed_at, r.employment, r.decided_by, r.decided_at";

fn registration_from(row: &AnyRow) -> Result<RegistrationRecord> {
    let ts_opt = |col: &str| -> Result<Option<DateTime<Utc>>> {
        opt_text(row, col)?.as_deref().map(parse_ts).transpose()
    };
    let code = text(row, "employment")?;
    Ok(RegistrationRecord {
        person_id: parsed(row, "person_id")?,
        scheme_id: parsed(row, "scheme_id")?,
        organisation_id: parsed(row, "organisation_id")?,
        registered_at: parse_ts(&text(row, "registered_at")?)?,
        expires_at: parse_ts(&text(row, "expires_at")?)?,
        email_confirmed_at: ts_opt("email_confirmed_at")?,
        employment: EmploymentCheck::from_code(&code)
            .ok_or_else(|| corrupt(format!("employment check {code:?}")))?,
        decided_by: opt_text(row, "decided_by")?
            .map(|s| s.parse().map_err(|_| corrupt("decided_by")))
            .transpose()?,
        decided_at: ts_opt("decided_at")?,
    })
}

/// One nomination, with the application it started as it stands now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NominationRecord {
    pub application_id: ApplicationId,
    pub intake_id: IntakeId,
    pub organisation_id: OrganisationId,
    pub person_id: PersonId,
    pub role: ApplicationRole,
    pub status: ApplicationStatus,
    pub nominated_by: PersonId,
    pub nominated_at: DateTime<Utc>,
}

const NOMINATION_COLS: &str = "n.application_id, n.intake_id, n.organisation_id, a.person_id, \
    a.role, a.status, n.nominated_by, n.nominated_at";

fn nomination_from(row: &AnyRow) -> Result<NominationRecord> {
    let role = text(row, "role")?;
    let status = text(row, "status")?;
    Ok(NominationRecord {
        application_id: parsed(row, "application_id")?,
        intake_id: parsed(row, "intake_id")?,
        organisation_id: parsed(row, "organisation_id")?,
        person_id: parsed(row, "person_id")?,
        role: ApplicationRole::from_code(&role).ok_or_else(|| corrupt("role"))?,
        status: ApplicationStatus::from_code(&status).ok_or_else(|| corrupt("status"))?,
        nominated_by: parsed(row, "nominated_by")?,
        nominated_at: parse_ts(&text(row, "nominated_at")?)?,
    })
}

/// Grants the scheme's participant role inside a transaction (held already: nothing changes).
async fn grant_participant(
    conn: &mut AnyConnection,
    person: PersonId,
    scheme: SchemeId,
) -> std::result::Result<(), sqlx::Error> {
    let r = RoleAssignment {
        role: Role::Participant,
        scope: Scope::Scheme(scheme),
    };
    let (kind, id, scheme_col, org, programme) = scope_columns(r.scope);
    sqlx::query(
        "INSERT INTO role_assignments (person_id, role, scope_kind, scope_id, scheme_id, organisation_id, programme_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(person.to_string())
    .bind(r.role.code())
    .bind(kind)
    .bind(id)
    .bind(scheme_col)
    .bind(org)
    .bind(programme)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    /// Writes a self-registration whole: the person with their one (primary) employment and
    /// e-mail kind, their account (no password yet), the registration, and the staged notices.
    /// An address already used by a person of the scheme or by any account is
    /// `Conflict { field: Email }` and writes nothing.
    pub async fn register_person(
        &self,
        person: &Person,
        employment: &Employment,
        email_kind: EmailKind,
        account: &Account,
        registration: &RegistrationRecord,
    ) -> Result<()> {
        let outcome: std::result::Result<(), sqlx::Error> = async {
            let mut tx = self.pool.begin().await?;
            insert_people(&mut tx, self.backend, &[person]).await?;
            sqlx::query("UPDATE people SET email_kind = $1 WHERE id = $2")
                .bind(email_kind.code())
                .bind(person.id.to_string())
                .execute(&mut *tx)
                .await?;
            insert_employments(
                &mut tx,
                self.backend,
                &[person],
                &numbered(person.id, std::slice::from_ref(employment)).collect::<Vec<_>>(),
            )
            .await?;
            insert_account(&mut *tx, account).await?;
            sqlx::query(
                "INSERT INTO registrations (person_id, scheme_id, organisation_id, registered_at, expires_at, \
                 email_confirmed_at, employment, decided_by, decided_at) \
                 VALUES ($1, $2, $3, $4, $5, NULL, $6, NULL, NULL)",
            )
            .bind(registration.person_id.to_string())
            .bind(registration.scheme_id.to_string())
            .bind(registration.organisation_id.to_string())
            .bind(ts(registration.registered_at))
            .bind(ts(registration.expires_at))
            .bind(registration.employment.code())
            .execute(&mut *tx)
            .await?;
            // Employed at once, listed only once confirmed: the counts read it from the rows.
            let mut counts = CountsDelta::default();
            counts.people(&mut tx, &[person.id], 1).await?;
            counts.apply(&mut tx).await?;
            self.commit(tx).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(StoreError::Conflict {
                field: UniqueField::Email,
            }),
            Err(e) => Err(db(e)),
        }
    }

    /// The person's registration, if they registered themselves.
    pub async fn registration(&self, person: PersonId) -> Result<Option<RegistrationRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REGISTRATION_COLS} FROM registrations r WHERE r.person_id = $1"
        )))
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(registration_from).transpose()
    }

    /// Uses an e-mail confirmation token once and, in the same transaction, sets the account's
    /// first password, records the confirmation and grants the scheme's participant role.
    /// `None` (nothing changed) when the token is unknown, used, expired, or belongs to no
    /// unconfirmed, unexpired registration.
    pub async fn confirm_registration_email(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(AccountId, PersonId)>> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let row = sqlx::query(
            "UPDATE tokens SET used_at = $3 WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING account_id",
        )
        .bind(token_hash)
        .bind(TokenKind::EmailConfirmation.code())
        .bind(ts(now))
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let account_id: AccountId = parsed(&row, "account_id")?;
        let account = sqlx::query("SELECT person_id, scheme_id FROM accounts WHERE id = $1")
            .bind(account_id.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?;
        let person: PersonId = parsed(&account, "person_id")?;
        let scheme: SchemeId = parsed(&account, "scheme_id")?;
        // Confirming lists the person: the maintained counts change with it.
        let mut counts = CountsDelta::default();
        counts.people(&mut tx, &[person], -1).await.map_err(db)?;
        let confirmed = sqlx::query(
            "UPDATE registrations SET email_confirmed_at = $2 WHERE person_id = $1 \
             AND email_confirmed_at IS NULL AND employment <> 'not_employed' AND expires_at > $2",
        )
        .bind(person.to_string())
        .bind(ts(now))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if confirmed.rows_affected() == 0 {
            // Dropping the transaction rolls the token's use back: nothing changed.
            return Ok(None);
        }
        sqlx::query(
            "UPDATE accounts SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1",
        )
        .bind(account_id.to_string())
        .bind(password_hash)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        grant_participant(&mut tx, person, scheme)
            .await
            .map_err(db)?;
        counts.people(&mut tx, &[person], 1).await.map_err(db)?;
        counts.apply(&mut tx).await.map_err(db)?;
        self.commit(tx).await.map_err(db)?;
        Ok(Some((account_id, person)))
    }

    /// Registrations whose address is confirmed and whose employment waits for a coordinator,
    /// oldest first; `organisations: Some` narrows them to those organisations (at most
    /// `limit`).
    pub async fn waiting_registrations(
        &self,
        scheme: SchemeId,
        organisations: Option<&[OrganisationId]>,
        limit: u64,
    ) -> Result<Vec<RegistrationRecord>> {
        let mut sql = format!(
            "SELECT {REGISTRATION_COLS} FROM registrations r WHERE r.scheme_id = $1 \
             AND r.employment = 'pending' AND r.email_confirmed_at IS NOT NULL"
        );
        let orgs: Vec<String> = organisations
            .unwrap_or_default()
            .iter()
            .map(|o| o.to_string())
            .collect();
        if let Some(list) = organisations {
            if list.is_empty() {
                return Ok(Vec::new());
            }
            let marks: Vec<String> = (0..orgs.len()).map(|i| format!("${}", i + 2)).collect();
            sql.push_str(&format!(" AND r.organisation_id IN ({})", marks.join(", ")));
        }
        sql.push_str(&format!(
            " ORDER BY r.email_confirmed_at, r.person_id LIMIT {}",
            limit.min(crate::MAX_PAGE)
        ));
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(scheme.to_string());
        for o in orgs {
            q = q.bind(o);
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(registration_from).collect()
    }

    /// Decides a registration's employment, only while it is pending and its address confirmed
    /// (`Refused(StatusChanged)` otherwise: someone decided first). Ending it (`NotEmployed`)
    /// also disables the account and ends its sessions and API tokens, in the same transaction,
    /// with the staged notices.
    pub async fn decide_registration(
        &self,
        person: PersonId,
        to: EmploymentCheck,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        if to == EmploymentCheck::Pending {
            return Err(StoreError::Invalid("employment".into()));
        }
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Ending the employment unlists the person: the maintained counts change with it.
        let mut counts = CountsDelta::default();
        counts.people(&mut tx, &[person], -1).await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE registrations SET employment = $2, decided_by = $3, decided_at = $4 \
             WHERE person_id = $1 AND employment = 'pending' AND email_confirmed_at IS NOT NULL",
        )
        .bind(person.to_string())
        .bind(to.code())
        .bind(by.to_string())
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(Clash::StatusChanged));
        }
        if to == EmploymentCheck::NotEmployed {
            for sql in [
                "UPDATE accounts SET disabled = 1 WHERE person_id = $1",
                "DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)",
                "DELETE FROM api_tokens WHERE account_id IN (SELECT id FROM accounts WHERE person_id = $1)",
            ] {
                sqlx::query(sql)
                    .bind(person.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
        }
        counts.people(&mut tx, &[person], 1).await.map_err(db)?;
        counts.apply(&mut tx).await.map_err(db)?;
        self.commit(tx).await.map_err(db)?;
        Ok(())
    }

    /// Removes registrations never confirmed by e-mail whose time ran out by `now`, with their
    /// person (and so their employment, account and tokens), at most `limit` per call. Returns
    /// how many.
    pub async fn delete_expired_registrations(
        &self,
        now: DateTime<Utc>,
        limit: u64,
    ) -> Result<u64> {
        // The people are read first, so the maintained counts lose exactly those deleted, in the
        // same transaction.
        let mut tx = self.begin_people_write().await.map_err(db)?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT person_id FROM registrations \
             WHERE email_confirmed_at IS NULL AND expires_at <= $1 ORDER BY expires_at LIMIT {}",
            limit.min(10_000)
        )))
        .bind(ts(now))
        .fetch_all(&mut *tx)
        .await
        .map_err(db)?;
        let people = rows
            .iter()
            .map(|r| parsed::<PersonId>(r, "person_id"))
            .collect::<Result<Vec<_>>>()?;
        let mut counts = CountsDelta::default();
        counts.people(&mut tx, &people, -1).await.map_err(db)?;
        let deleted = delete_people(&mut tx, &people).await.map_err(db)?;
        counts.apply(&mut tx).await.map_err(db)?;
        // Not `self.commit`: this pass stages nothing, and must not carry off what a caller
        // staged for its own write.
        tx.commit().await.map_err(db)?;
        Ok(deleted)
    }

    /// Ends the self-registration of each of `people` that is still pending (its address or its
    /// employment unconfirmed): an HR import vouched for them, so they are ordinary people of
    /// the scheme from now on (listed, never swept away). Returns how many were released.
    pub async fn release_registrations(&self, people: &[PersonId]) -> Result<u64> {
        let mut released = 0;
        // Released people become listed: the maintained counts change with them, in the same
        // transaction.
        let mut tx = self.begin_people_write().await.map_err(db)?;
        let mut counts = CountsDelta::default();
        counts.people(&mut tx, people, -1).await.map_err(db)?;
        for chunk in people.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "DELETE FROM registrations WHERE employment <> 'not_employed' \
                 AND (email_confirmed_at IS NULL OR employment = 'pending') AND person_id IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for p in chunk {
                q = q.bind(p.to_string());
            }
            released += q.execute(&mut *tx).await.map_err(db)?.rows_affected();
        }
        counts.people(&mut tx, people, 1).await.map_err(db)?;
        counts.apply(&mut tx).await.map_err(db)?;
        // Not `self.commit`: as before, whatever the caller staged goes with its own write.
        tx.commit().await.map_err(db)?;
        Ok(released)
    }

    /// Starts an application on a person's behalf (its status `Nominated`) and records who
    /// nominated them, in one transaction with the staged notices. When `account` is given it
    /// is created too (the person had none: their invitation is among the notices). The person
    /// is granted the scheme's participant role, which they need to complete or decline.
    /// An application to the same role exists already: `Conflict { field: Role }`.
    pub async fn create_nomination(
        &self,
        application: &Application,
        event: &ApplicationEvent,
        nominated_by: PersonId,
        scheme: SchemeId,
        account: Option<&Account>,
    ) -> Result<()> {
        if application.status != ApplicationStatus::Nominated {
            return Err(StoreError::Invalid("status".into()));
        }
        let profile = serde_json::to_string(&application.profile)
            .map_err(|e| StoreError::Database(Box::new(e)))?;
        let answers = serde_json::to_string(&application.answers)
            .map_err(|e| StoreError::Database(Box::new(e)))?;
        let outcome: std::result::Result<(), sqlx::Error> = async {
            let mut tx = self.pool.begin().await?;
            if let Some(a) = account {
                insert_account(&mut *tx, a).await?;
            }
            sqlx::query(
                "INSERT INTO applications (id, intake_id, person_id, role, organisation_id, status, profile, answers, \
                 line_manager_id, submitted_at, updated_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11)",
            )
            .bind(application.id.to_string())
            .bind(application.intake_id.to_string())
            .bind(application.person_id.to_string())
            .bind(application.role.code())
            .bind(application.organisation_id.to_string())
            .bind(application.status.code())
            .bind(profile.as_str())
            .bind(answers.as_str())
            .bind(ts(application.submitted_at))
            .bind(ts(application.updated_at))
            .bind(i64::from(application.version))
            .execute(&mut *tx)
            .await?;
            insert_event(&mut tx, event).await?;
            sqlx::query(
                "INSERT INTO nominations (application_id, intake_id, organisation_id, nominated_by, nominated_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(application.id.to_string())
            .bind(application.intake_id.to_string())
            .bind(application.organisation_id.to_string())
            .bind(nominated_by.to_string())
            .bind(ts(event.at))
            .execute(&mut *tx)
            .await?;
            grant_participant(&mut tx, application.person_id, scheme).await?;
            self.commit(tx).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(e) if is_unique_violation(&e) => {
                let field = match account {
                    Some(a) if self.account_by_person(a.person_id).await?.is_some() => {
                        UniqueField::Person
                    }
                    Some(a) if self.account_by_email(&a.email).await?.is_some() => {
                        UniqueField::Email
                    }
                    _ => UniqueField::Role,
                };
                Err(StoreError::Conflict { field })
            }
            Err(e) => Err(db(e)),
        }
    }

    /// The nomination behind an application, if it started as one.
    pub async fn nomination(&self, application: ApplicationId) -> Result<Option<NominationRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {NOMINATION_COLS} FROM nominations n JOIN applications a ON a.id = n.application_id \
             WHERE n.application_id = $1"
        )))
        .bind(application.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.as_ref().map(nomination_from).transpose()
    }

    /// The intake's nominations, oldest first; `organisations: Some` narrows them to those.
    pub async fn nominations_in_intake(
        &self,
        intake: IntakeId,
        organisations: Option<&[OrganisationId]>,
    ) -> Result<Vec<NominationRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {NOMINATION_COLS} FROM nominations n JOIN applications a ON a.id = n.application_id \
             WHERE n.intake_id = $1 ORDER BY n.nominated_at, n.application_id"
        )))
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let all: Vec<NominationRecord> = rows.iter().map(nomination_from).collect::<Result<_>>()?;
        Ok(match organisations {
            None => all,
            Some(orgs) => all
                .into_iter()
                .filter(|n| orgs.contains(&n.organisation_id))
                .collect(),
        })
    }

    /// The person's open nominations (waiting for them to complete or decline), oldest first.
    pub async fn open_nominations_of(&self, person: PersonId) -> Result<Vec<NominationRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {NOMINATION_COLS} FROM nominations n JOIN applications a ON a.id = n.application_id \
             WHERE a.person_id = $1 AND a.status = 'nominated' ORDER BY n.nominated_at, n.application_id"
        )))
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(nomination_from).collect()
    }

    /// Completes a nominated application with what its person submitted: the profile, answers,
    /// line manager, status (waiting for the manager or the coordinator) and submission time of
    /// `a`, only while it is still `Nominated` (`Refused(StatusChanged)` otherwise), with its
    /// history event and the staged notices in one transaction.
    pub async fn complete_nomination(
        &self,
        a: &Application,
        event: &ApplicationEvent,
    ) -> Result<Application> {
        if !ApplicationStatus::Nominated.can_move_to(a.status)
            || a.status == ApplicationStatus::NominationDeclined
            || event.application_id != a.id
        {
            return Err(StoreError::Invalid("status".into()));
        }
        let profile =
            serde_json::to_string(&a.profile).map_err(|e| StoreError::Database(Box::new(e)))?;
        let answers =
            serde_json::to_string(&a.answers).map_err(|e| StoreError::Database(Box::new(e)))?;
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE applications SET status = $2, profile = $3, answers = $4, line_manager_id = $5, \
             submitted_at = $6, updated_at = $6, version = version + 1 WHERE id = $1 AND status = 'nominated'",
        )
        .bind(a.id.to_string())
        .bind(a.status.code())
        .bind(profile.as_str())
        .bind(answers.as_str())
        .bind(a.line_manager_id.map(|m| m.to_string()))
        .bind(ts(a.submitted_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            drop(tx);
            self.get_application(a.id).await?;
            return Err(StoreError::Refused(Clash::StatusChanged));
        }
        insert_event(&mut tx, event).await.map_err(db)?;
        self.commit(tx).await.map_err(db)?;
        self.get_application(a.id).await
    }
}
