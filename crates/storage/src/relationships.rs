//! Matching runs, pins, and the relationships they publish: offers, agreements, the lifecycle and
//! no-fault endings.
//!
//! Every change that has to be all-or-nothing is one transaction whose *first* statement is a
//! conditional UPDATE (e.g. "this run, if still a draft"). That statement takes SQLite's write
//! lock at once (so a deferred transaction never has to upgrade a read lock and fail with
//! `SQLITE_BUSY`) and a row lock on PostgreSQL, and its row count tells a stale request from a
//! valid one: a request that lost the race changes nothing and gets `Refused` with its
//! [`Clash`].

use crate::Store;
use crate::codec::{coded, int, opt_text, parse_ts, parsed, text, ts, u32_from};
use crate::error::{Clash, Result, StoreError, UniqueField, corrupt, db};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use tandem_domain::{
    Agreement, AgreementKind, AgreementTerms, ApplicationEvent, ApplicationId, ApplicationRole,
    ApplicationStatus, FitCheck, IntakeId, MatchRun, MatchRunId, Member, Mode, OfferResponse,
    PersonId, Pin, PinKind, Relationship, RelationshipId, RelationshipKind, RelationshipStatus,
    RunStatus, SchemeId, SessionLog, Slot,
};

/// Publishing a run: the run, the applications it places (with the versions the run read) and
/// the relationships to create.
#[derive(Clone, Debug)]
pub struct Publication {
    pub run_id: MatchRunId,
    pub intake_id: IntakeId,
    pub expected: Vec<(ApplicationId, u32)>,
    pub relationships: Vec<Relationship>,
    pub actor: Option<PersonId>,
    pub at: DateTime<Utc>,
}

/// What became of a relationship after an answer, a signature or an ending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub status: RelationshipStatus,
    /// Applications put back into the matching pool by this change.
    pub returned_to_pool: Vec<ApplicationId>,
}

fn json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(Box::new(e)))
}

fn run_from(row: &AnyRow) -> Result<MatchRun> {
    let result = text(row, "result")?;
    Ok(MatchRun {
        id: parsed(row, "id")?,
        intake_id: parsed(row, "intake_id")?,
        number: u32_from(int(row, "number")?, "number")?,
        status: coded(row, "status", RunStatus::from_code)?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        created_by: crate::codec::opt_parsed(row, "created_by")?,
        inputs_digest: text(row, "inputs_digest")?,
        inputs: text(row, "inputs")?,
        parameters: text(row, "parameters")?,
        result: serde_json::from_str(&result).map_err(|e| corrupt(format!("run result: {e}")))?,
        published_at: opt_text(row, "published_at")?
            .map(|t| parse_ts(&t))
            .transpose()?,
    })
}

fn opt_ts(row: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    opt_text(row, col)?.map(|t| parse_ts(&t)).transpose()
}

fn member_from(row: &AnyRow) -> Result<Member> {
    let signed: Option<i64> = row.try_get("signed_version").map_err(db)?;
    Ok(Member {
        person_id: parsed(row, "person_id")?,
        application_id: parsed(row, "application_id")?,
        role: coded(row, "role", ApplicationRole::from_code)?,
        response: coded(row, "response", OfferResponse::from_code)?,
        responded_at: opt_ts(row, "responded_at")?,
        signed_version: signed.map(|v| u32_from(v, "signed_version")).transpose()?,
        signed_at: opt_ts(row, "signed_at")?,
        fit_check: opt_text(row, "fit_check")?
            .map(|c| FitCheck::from_code(&c).ok_or_else(|| corrupt(format!("fit check {c:?}"))))
            .transpose()?,
        left_at: opt_ts(row, "left_at")?,
    })
}

pub(crate) fn relationship_from(row: &AnyRow, members: Vec<Member>) -> Result<Relationship> {
    let slot = text(row, "meeting_slot")?;
    Ok(Relationship {
        id: parsed(row, "id")?,
        intake_id: parsed(row, "intake_id")?,
        run_id: crate::codec::opt_parsed(row, "run_id")?,
        kind: coded(row, "kind", RelationshipKind::from_code)?,
        status: coded(row, "status", RelationshipStatus::from_code)?,
        offer_deadline: parse_ts(&text(row, "offer_deadline")?)?,
        meeting_slot: if slot.is_empty() {
            None
        } else {
            Some(Slot::from_code(&slot).ok_or_else(|| corrupt(format!("slot {slot:?}")))?)
        },
        members,
        created_at: parse_ts(&text(row, "created_at")?)?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
        activated_at: opt_ts(row, "activated_at")?,
        closed_at: opt_ts(row, "closed_at")?,
    })
}

const MEMBER_COLUMNS: &str = "m.relationship_id, m.person_id, m.application_id, m.role, m.response, \
     m.responded_at, m.signed_version, m.signed_at, m.fit_check, m.fit_checked_at, e.at AS left_at";
const MEMBER_JOIN: &str = "relationship_members m LEFT JOIN relationship_endings e \
     ON e.relationship_id = m.relationship_id AND e.person_id = m.person_id";

/// Who moved an application, why (a history note's translation key) and when; `releasing` is
/// the relationship being left, when the move takes someone out of "matched".
#[derive(Clone, Copy)]
struct Step<'a> {
    actor: Option<PersonId>,
    note: &'a str,
    at: DateTime<Utc>,
    releasing: Option<RelationshipId>,
}

/// Whether the application is in a live relationship other than `except` (a mentor with a load
/// of two is matched through one application in two relationships).
async fn in_other_live_relationship(
    conn: &mut AnyConnection,
    application: ApplicationId,
    except: RelationshipId,
) -> std::result::Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM relationship_members m \
         JOIN relationships r ON r.id = m.relationship_id \
         WHERE m.application_id = $1 AND r.id <> $2 AND m.response <> 'declined' \
         AND r.status IN ('proposed', 'accepted', 'active', 'winding_down') \
         AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
             WHERE e.relationship_id = m.relationship_id AND e.person_id = m.person_id)",
    )
    .bind(application.to_string())
    .bind(except.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Moves an application between statuses inside a transaction, raising its version and writing
/// its history. False when it was not in `from` (or not at `expected_version`): someone else
/// changed it first.
async fn move_application(
    conn: &mut AnyConnection,
    id: ApplicationId,
    (from, to): (ApplicationStatus, ApplicationStatus),
    expected_version: Option<u32>,
    step: Step<'_>,
) -> std::result::Result<bool, sqlx::Error> {
    let Step {
        actor,
        note,
        at,
        releasing,
    } = step;
    if from == ApplicationStatus::Matched
        && let Some(rel) = releasing
        && in_other_live_relationship(conn, id, rel).await?
    {
        // Still matched through another relationship: the status stays.
        return Ok(false);
    }
    let done = match expected_version {
        Some(v) => sqlx::query(
            "UPDATE applications SET status = $1, version = version + 1, updated_at = $2 \
             WHERE id = $3 AND status = $4 AND version = $5",
        )
        .bind(to.code())
        .bind(ts(at))
        .bind(id.to_string())
        .bind(from.code())
        .bind(i64::from(v))
        .execute(&mut *conn)
        .await?
        .rows_affected(),
        None => sqlx::query(
            "UPDATE applications SET status = $1, version = version + 1, updated_at = $2 \
             WHERE id = $3 AND status = $4",
        )
        .bind(to.code())
        .bind(ts(at))
        .bind(id.to_string())
        .bind(from.code())
        .execute(&mut *conn)
        .await?
        .rows_affected(),
    };
    if done != 1 {
        return Ok(false);
    }
    let event = ApplicationEvent {
        application_id: id,
        at,
        actor_id: actor,
        status: to,
        note: note.to_string(),
    };
    crate::applications::insert_event(conn, &event).await?;
    if from.holds_place() && !to.holds_place() {
        // The place goes back to the organisation.
        sqlx::query(
            "UPDATE intake_places SET taken = taken - 1 WHERE taken > 0 AND intake_id = \
             (SELECT intake_id FROM applications WHERE id = $1) AND organisation_id = \
             (SELECT organisation_id FROM applications WHERE id = $1)",
        )
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(true)
}

/// Why a transaction gave up.
pub(crate) enum Abort {
    Sql(sqlx::Error),
    /// The state of the data refused the change.
    Refused(Clash),
    Missing,
    /// Anything else already in the store's terms (e.g. a row that cannot be decoded).
    Store(StoreError),
}

impl From<sqlx::Error> for Abort {
    fn from(e: sqlx::Error) -> Self {
        Abort::Sql(e)
    }
}

impl From<StoreError> for Abort {
    fn from(e: StoreError) -> Self {
        Abort::Store(e)
    }
}

impl From<Abort> for StoreError {
    fn from(a: Abort) -> Self {
        match a {
            Abort::Sql(e) => db(e),
            Abort::Refused(clash) => StoreError::Refused(clash),
            Abort::Missing => StoreError::NotFound,
            Abort::Store(e) => e,
        }
    }
}

impl Store {
    // ----- pins -----

    /// The coordinator's locked and forbidden pairs for an intake.
    pub async fn list_pins(&self, intake: IntakeId) -> Result<Vec<Pin>> {
        let rows = sqlx::query(
            "SELECT kind, first_id, second_id FROM match_pins WHERE intake_id = $1 \
             ORDER BY created_at, kind, first_id, second_id",
        )
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(Pin {
                    kind: coded(r, "kind", PinKind::from_code)?,
                    first: parsed(r, "first_id")?,
                    second: parsed(r, "second_id")?,
                })
            })
            .collect()
    }

    /// Adds a pin (idempotent). For a lock, any other lock involving either application is
    /// removed in the same transaction, since each person has one partner.
    pub async fn add_pin(&self, intake: IntakeId, pin: Pin, at: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        if pin.kind == PinKind::Lock {
            sqlx::query(
                "DELETE FROM match_pins WHERE intake_id = $1 AND kind = 'lock' AND \
                 (first_id IN ($2, $3) OR second_id IN ($2, $3))",
            )
            .bind(intake.to_string())
            .bind(pin.first.to_string())
            .bind(pin.second.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        sqlx::query(
            "DELETE FROM match_pins WHERE intake_id = $1 AND ((first_id = $2 AND second_id = $3) \
             OR (first_id = $3 AND second_id = $2))",
        )
        .bind(intake.to_string())
        .bind(pin.first.to_string())
        .bind(pin.second.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        sqlx::query(
            "INSERT INTO match_pins (intake_id, kind, first_id, second_id, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(intake.to_string())
        .bind(pin.kind.code())
        .bind(pin.first.to_string())
        .bind(pin.second.to_string())
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// Removes a pin (either order of the pair). Removing a pin that is not there is not an
    /// error.
    pub async fn remove_pin(&self, intake: IntakeId, pin: Pin) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "DELETE FROM match_pins WHERE intake_id = $1 AND kind = $2 AND \
                 ((first_id = $3 AND second_id = $4) OR (first_id = $4 AND second_id = $3))",
            )
            .bind(intake.to_string())
            .bind(pin.kind.code())
            .bind(pin.first.to_string())
            .bind(pin.second.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    // ----- runs -----

    /// Saves a run as the intake's next draft; its number is the next in the intake (the value
    /// in `run.number` is ignored) and is returned. Earlier drafts become superseded.
    pub async fn create_match_run(&self, run: &MatchRun) -> Result<u32> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "UPDATE match_runs SET status = 'superseded' WHERE intake_id = $1 AND status = 'draft'",
        )
        .bind(run.intake_id.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        let row = sqlx::query(
            "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM match_runs WHERE intake_id = $1",
        )
        .bind(run.intake_id.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let number = int(&row, "n")?;
        sqlx::query(
            "INSERT INTO match_runs (id, intake_id, number, status, created_at, created_by, \
             inputs_digest, inputs, parameters, result, published_at) \
             VALUES ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, NULL)",
        )
        .bind(run.id.to_string())
        .bind(run.intake_id.to_string())
        .bind(number)
        .bind(ts(run.created_at))
        .bind(run.created_by.map(|p| p.to_string()))
        .bind(&run.inputs_digest)
        .bind(&run.inputs)
        .bind(&run.parameters)
        .bind(json(&run.result)?)
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::error::db_or_conflict(e, UniqueField::Run))?;
        self.commit(tx).await.map_err(db)?;
        u32_from(number, "number")
    }

    pub async fn get_match_run(&self, id: MatchRunId) -> Result<MatchRun> {
        let row = sqlx::query("SELECT * FROM match_runs WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        run_from(&row)
    }

    /// The intake's runs, newest first.
    pub async fn list_match_runs(&self, intake: IntakeId) -> Result<Vec<MatchRun>> {
        let rows =
            sqlx::query("SELECT * FROM match_runs WHERE intake_id = $1 ORDER BY number DESC")
                .bind(intake.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
        rows.iter().map(run_from).collect()
    }

    /// Publishes a draft run in ONE transaction: the run becomes published, every placed
    /// application moves approved → matched *if it still has the version the run read*, and
    /// the relationships are created. Any application changed since the run (withdrawn,
    /// re-decided) makes the whole publication fail with `Refused(InputsChanged)`; a run that is
    /// no longer a draft gives `Refused(RunNotDraft)`.
    pub async fn publish_match_run(&self, p: &Publication) -> Result<()> {
        let outcome: std::result::Result<(), Abort> = async {
            let mut tx = self.pool.begin().await?;
            let claimed = sqlx::query(
                "UPDATE match_runs SET status = 'published', published_at = $1 \
                 WHERE id = $2 AND intake_id = $3 AND status = 'draft'",
            )
            .bind(ts(p.at))
            .bind(p.run_id.to_string())
            .bind(p.intake_id.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed != 1 {
                return Err(Abort::Refused(Clash::RunNotDraft));
            }
            // Each application once, even a mentor's placed with several mentees.
            let mut expected = p.expected.clone();
            expected.sort();
            expected.dedup();
            for (app, version) in &expected {
                // Approved → matched; a mentor already matched elsewhere (with places left)
                // stays matched. Either way only at the version the run read.
                let moved = sqlx::query(
                    "UPDATE applications SET status = 'matched', version = version + 1, \
                     updated_at = $1 WHERE id = $2 AND version = $3 \
                     AND status IN ('approved', 'matched')",
                )
                .bind(ts(p.at))
                .bind(app.to_string())
                .bind(i64::from(*version))
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if moved != 1 {
                    return Err(Abort::Refused(Clash::InputsChanged));
                }
                let event = ApplicationEvent {
                    application_id: *app,
                    at: p.at,
                    actor_id: p.actor,
                    status: ApplicationStatus::Matched,
                    note: "history.matched".into(),
                };
                crate::applications::insert_event(&mut tx, &event).await?;
            }
            for r in &p.relationships {
                insert_relationship(&mut tx, r).await?;
            }
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    // ----- relationships -----

    pub(crate) async fn members_of(&self, ids: &[String]) -> Result<HashMap<String, Vec<Member>>> {
        let mut out: HashMap<String, Vec<Member>> = HashMap::new();
        for chunk in ids.chunks(200) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT {MEMBER_COLUMNS} FROM {MEMBER_JOIN} WHERE m.relationship_id IN ({}) \
                 ORDER BY m.relationship_id, m.role, m.person_id",
                list.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                q = q.bind(id.clone());
            }
            for row in q.fetch_all(&self.pool).await.map_err(db)? {
                out.entry(text(&row, "relationship_id")?)
                    .or_default()
                    .push(member_from(&row)?);
            }
        }
        Ok(out)
    }

    async fn relationships_where(&self, filter: &str, bind: String) -> Result<Vec<Relationship>> {
        let sql =
            format!("SELECT * FROM relationships r WHERE {filter} ORDER BY r.created_at, r.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(bind)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let ids: Vec<String> = rows.iter().map(|r| text(r, "id")).collect::<Result<_>>()?;
        let mut members = self.members_of(&ids).await?;
        rows.iter()
            .zip(ids)
            .map(|(row, id)| relationship_from(row, members.remove(&id).unwrap_or_default()))
            .collect()
    }

    pub async fn get_relationship(&self, id: RelationshipId) -> Result<Relationship> {
        self.relationships_where("r.id = $1", id.to_string())
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// The intake's relationships, oldest first.
    pub async fn relationships_of_intake(&self, intake: IntakeId) -> Result<Vec<Relationship>> {
        self.relationships_where("r.intake_id = $1", intake.to_string())
            .await
    }

    /// Relationships the person is or was a member of, oldest first.
    pub async fn relationships_of_person(&self, person: PersonId) -> Result<Vec<Relationship>> {
        self.relationships_where(
            "r.id IN (SELECT relationship_id FROM relationship_members WHERE person_id = $1)",
            person.to_string(),
        )
        .await
    }

    /// Live mentoring relationships per mentor in the scheme (their current load).
    pub async fn mentor_loads(&self, scheme: SchemeId) -> Result<Vec<(PersonId, u32)>> {
        let rows = sqlx::query(
            "SELECT m.person_id, COUNT(*) AS n FROM relationship_members m \
             JOIN relationships r ON r.id = m.relationship_id \
             JOIN people p ON p.id = m.person_id \
             WHERE p.scheme_id = $1 AND m.role = 'mentor' AND m.response <> 'declined' \
             AND r.status IN ('proposed', 'accepted', 'active', 'winding_down') \
             GROUP BY m.person_id ORDER BY m.person_id",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| Ok((parsed(r, "person_id")?, u32_from(int(r, "n")?, "load")?)))
            .collect()
    }

    /// A member's answer to an offer. Accepting after the deadline gives
    /// `Refused(OfferClosed)`; answering twice `Refused(AlreadyAnswered)`; a relationship that is
    /// not proposed any more `Refused(StatusChanged)`.
    ///
    /// A decline ends a pair (both return to the pool) but only removes the member from a set,
    /// unless fewer than two would remain. When everyone remaining has accepted, the
    /// relationship is accepted and gets its agreement draft (`agreement`) to sign.
    pub async fn respond_to_offer(
        &self,
        id: RelationshipId,
        person: PersonId,
        accept: bool,
        agreement: &AgreementTerms,
        at: DateTime<Utc>,
    ) -> Result<Outcome> {
        let outcome: std::result::Result<Outcome, Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(&mut tx, id, &[RelationshipStatus::Proposed], at).await?;
            let rel = load_in(&mut tx, id).await?;
            if !accept_before(&rel, at) && accept {
                return Err(Abort::Refused(Clash::OfferClosed));
            }
            let answered = sqlx::query(
                "UPDATE relationship_members SET response = $1, responded_at = $2 \
                 WHERE relationship_id = $3 AND person_id = $4 AND response = 'pending'",
            )
            .bind(if accept { "accepted" } else { "declined" })
            .bind(ts(at))
            .bind(id.to_string())
            .bind(person.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if answered != 1 {
                return Err(if rel.member(person).is_some() {
                    Abort::Refused(Clash::AlreadyAnswered)
                } else {
                    Abort::Missing
                });
            }
            let rel = load_in(&mut tx, id).await?;
            let remaining: Vec<&Member> = rel.remaining().collect();
            let mut returned = Vec::new();
            let status = if !accept && (rel.kind != RelationshipKind::Set || remaining.len() < 2) {
                // The match is off: everyone goes back to the pool.
                for m in &rel.members {
                    if move_application(
                        &mut tx,
                        m.application_id,
                        (ApplicationStatus::Matched, ApplicationStatus::Approved),
                        None,
                        Step {
                            actor: Some(person),
                            note: "history.returned_to_pool",
                            at,
                            releasing: Some(id),
                        },
                    )
                    .await?
                    {
                        returned.push(m.application_id);
                    }
                }
                set_status(&mut tx, id, RelationshipStatus::Declined, at).await?;
                RelationshipStatus::Declined
            } else if !accept {
                let m = rel.member(person).ok_or(Abort::Missing)?;
                if move_application(
                    &mut tx,
                    m.application_id,
                    (ApplicationStatus::Matched, ApplicationStatus::Approved),
                    None,
                    Step {
                        actor: Some(person),
                        note: "history.returned_to_pool",
                        at,
                        releasing: Some(id),
                    },
                )
                .await?
                {
                    returned.push(m.application_id);
                }
                maybe_accept(&mut tx, &rel, agreement, at).await?
            } else {
                maybe_accept(&mut tx, &rel, agreement, at).await?
            };
            self.commit(tx).await?;
            Ok(Outcome {
                status,
                returned_to_pool: returned,
            })
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// Lets an offer that passed its deadline lapse: the relationship is declined and everyone
    /// returns to the pool. `Refused(OfferStillOpen)` before the deadline.
    pub async fn lapse_offer(
        &self,
        id: RelationshipId,
        actor: Option<PersonId>,
        at: DateTime<Utc>,
    ) -> Result<Outcome> {
        let outcome: std::result::Result<Outcome, Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(&mut tx, id, &[RelationshipStatus::Proposed], at).await?;
            let rel = load_in(&mut tx, id).await?;
            if accept_before(&rel, at) {
                return Err(Abort::Refused(Clash::OfferStillOpen));
            }
            let mut returned = Vec::new();
            for m in &rel.members {
                if move_application(
                    &mut tx,
                    m.application_id,
                    (ApplicationStatus::Matched, ApplicationStatus::Approved),
                    None,
                    Step {
                        actor,
                        note: "history.offer_lapsed",
                        at,
                        releasing: Some(id),
                    },
                )
                .await?
                {
                    returned.push(m.application_id);
                }
            }
            set_status(&mut tx, id, RelationshipStatus::Declined, at).await?;
            self.commit(tx).await?;
            Ok(Outcome {
                status: RelationshipStatus::Declined,
                returned_to_pool: returned,
            })
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    pub async fn get_agreement(&self, id: RelationshipId) -> Result<Option<Agreement>> {
        let row = sqlx::query("SELECT * FROM agreements WHERE relationship_id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| agreement_from(&r)).transpose()
    }

    /// Replaces the agreement's terms while the relationship is accepted (not yet active);
    /// the version goes up, so earlier signatures no longer count. `expected_version` guards
    /// against overwriting someone else's edit (`Refused(VersionChanged)`).
    pub async fn save_agreement(
        &self,
        id: RelationshipId,
        terms: &AgreementTerms,
        expected_version: u32,
        by: PersonId,
        at: DateTime<Utc>,
    ) -> Result<u32> {
        let outcome: std::result::Result<u32, Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(&mut tx, id, &[RelationshipStatus::Accepted], at).await?;
            let done = sqlx::query(
                "UPDATE agreements SET body = $1, version = version + 1, updated_at = $2, \
                 updated_by = $3 WHERE relationship_id = $4 AND version = $5",
            )
            .bind(json(terms)?)
            .bind(ts(at))
            .bind(by.to_string())
            .bind(id.to_string())
            .bind(i64::from(expected_version))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Err(Abort::Refused(Clash::VersionChanged));
            }
            self.commit(tx).await?;
            Ok(expected_version + 1)
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// Signs the agreement version the member read. When everyone remaining has signed the
    /// current version the relationship becomes active.
    pub async fn sign_agreement(
        &self,
        id: RelationshipId,
        person: PersonId,
        version: u32,
        at: DateTime<Utc>,
    ) -> Result<RelationshipStatus> {
        let outcome: std::result::Result<RelationshipStatus, Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(&mut tx, id, &[RelationshipStatus::Accepted], at).await?;
            let row = sqlx::query("SELECT version FROM agreements WHERE relationship_id = $1")
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(Abort::Missing)?;
            let current: i64 = row.try_get("version")?;
            if current != i64::from(version) {
                return Err(Abort::Refused(Clash::VersionChanged));
            }
            let signed = sqlx::query(
                "UPDATE relationship_members SET signed_version = $1, signed_at = $2 \
                 WHERE relationship_id = $3 AND person_id = $4 AND response = 'accepted'",
            )
            .bind(current)
            .bind(ts(at))
            .bind(id.to_string())
            .bind(person.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if signed != 1 {
                return Err(Abort::Missing);
            }
            let rel = load_in(&mut tx, id).await?;
            let all = rel.remaining().all(|m| m.signed_version == Some(version));
            let status = if all {
                sqlx::query(
                    "UPDATE relationships SET status = 'active', activated_at = $1 WHERE id = $2",
                )
                .bind(ts(at))
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
                RelationshipStatus::Active
            } else {
                RelationshipStatus::Accepted
            };
            self.commit(tx).await?;
            Ok(status)
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// Records a member's fit check (active or winding-down relationships only).
    pub async fn record_fit_check(
        &self,
        id: RelationshipId,
        person: PersonId,
        fit: FitCheck,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let outcome: std::result::Result<(), Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(
                &mut tx,
                id,
                &[RelationshipStatus::Active, RelationshipStatus::WindingDown],
                at,
            )
            .await?;
            let done = sqlx::query(
                "UPDATE relationship_members SET fit_check = $1, fit_checked_at = $2 \
                 WHERE relationship_id = $3 AND person_id = $4",
            )
            .bind(fit.code())
            .bind(ts(at))
            .bind(id.to_string())
            .bind(person.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Err(Abort::Missing);
            }
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// Moves a relationship along its lifecycle (`from` → `to`, checked by the domain);
    /// `Refused(StatusChanged)` when it is not in `from` any more.
    pub async fn move_relationship(
        &self,
        id: RelationshipId,
        from: RelationshipStatus,
        to: RelationshipStatus,
        at: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            if !from.can_move_to(to) {
                return Err(StoreError::Invalid(format!(
                    "{} → {}",
                    from.code(),
                    to.code()
                )));
            }
            let closed = matches!(to, RelationshipStatus::Closed).then(|| ts(at));
            let done = sqlx::query(
                "UPDATE relationships SET status = $1, updated_at = $2, version = version + 1, \
                 closed_at = COALESCE($3, closed_at) WHERE id = $4 AND status = $5",
            )
            .bind(to.code())
            .bind(ts(at))
            .bind(closed)
            .bind(id.to_string())
            .bind(from.code())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            if done == 1 {
                Ok(())
            } else {
                Err(StoreError::Refused(Clash::StatusChanged))
            }
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// A no-fault ending by one member, with a reason only they can read. The member's
    /// application is withdrawn (their place goes back); the others return to the pool for
    /// re-matching — in a set only when fewer than two would remain, otherwise the set goes on
    /// without the member.
    pub async fn end_relationship(
        &self,
        id: RelationshipId,
        person: PersonId,
        private_reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Outcome> {
        let outcome: std::result::Result<Outcome, Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(
                &mut tx,
                id,
                &[
                    RelationshipStatus::Accepted,
                    RelationshipStatus::Active,
                    RelationshipStatus::WindingDown,
                ],
                at,
            )
            .await?;
            let rel = load_in(&mut tx, id).await?;
            let me = rel
                .remaining()
                .find(|m| m.person_id == person)
                .cloned()
                .ok_or(Abort::Missing)?;
            sqlx::query(
                "INSERT INTO relationship_endings (relationship_id, person_id, at, private_reason) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id.to_string())
            .bind(person.to_string())
            .bind(ts(at))
            .bind(private_reason)
            .execute(&mut *tx)
            .await?;
            move_application(
                &mut tx,
                me.application_id,
                (ApplicationStatus::Matched, ApplicationStatus::Withdrawn),
                None,
                Step {
                    actor: Some(person),
                    note: "history.ended_relationship",
                    at,
                    releasing: Some(id),
                },
            )
            .await?;
            let others: Vec<Member> = rel
                .remaining()
                .filter(|m| m.person_id != person)
                .cloned()
                .collect();
            let mut returned = Vec::new();
            let status = if rel.kind == RelationshipKind::Set && others.len() >= 2 {
                rel.status
            } else {
                for m in &others {
                    if move_application(
                        &mut tx,
                        m.application_id,
                        (ApplicationStatus::Matched, ApplicationStatus::Approved),
                        None,
                        Step {
                            actor: None,
                            note: "history.returned_to_pool",
                            at,
                            releasing: Some(id),
                        },
                    )
                    .await?
                    {
                        returned.push(m.application_id);
                    }
                }
                set_status(&mut tx, id, RelationshipStatus::Ended, at).await?;
                RelationshipStatus::Ended
            };
            self.commit(tx).await?;
            Ok(Outcome {
                status,
                returned_to_pool: returned,
            })
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// The reason a member gave when ending a relationship. Callers must only ask for the
    /// signed-in person's own reason: it is private to its author.
    pub async fn own_ending_reason(
        &self,
        id: RelationshipId,
        person: PersonId,
    ) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT private_reason FROM relationship_endings WHERE relationship_id = $1 AND person_id = $2",
        )
        .bind(id.to_string())
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|r| text(&r, "private_reason")).transpose()
    }
}

/// Logging a held session: within the programme's caps when it has them.
#[derive(Clone, Copy, Debug)]
pub struct SessionCaps {
    pub sessions: Option<u32>,
    pub minutes: Option<u32>,
}

fn session_from(row: &AnyRow) -> Result<SessionLog> {
    Ok(SessionLog {
        id: parsed(row, "id")?,
        relationship_id: parsed(row, "relationship_id")?,
        held_on: crate::codec::parse_date(&text(row, "held_on")?)?,
        minutes: u32_from(int(row, "minutes")?, "minutes")?,
        mode: coded(row, "mode", Mode::from_code)?,
        logged_by: crate::codec::opt_parsed(row, "logged_by")?,
        logged_at: parse_ts(&text(row, "logged_at")?)?,
        topics: text(row, "topics")?,
        action_points: text(row, "action_points")?,
    })
}

impl Store {
    /// Logs a session held in an active (or winding-down) relationship. With caps, the session
    /// count and the minutes are checked inside the same transaction as the insert, so two
    /// members logging at once cannot pass the cap together: `Refused(SessionsCap)` or
    /// `Refused(MinutesCap)`, and nothing is written.
    pub async fn log_session(&self, s: &SessionLog, caps: SessionCaps) -> Result<()> {
        let outcome: std::result::Result<(), Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(
                &mut tx,
                s.relationship_id,
                &[RelationshipStatus::Active, RelationshipStatus::WindingDown],
                s.logged_at,
            )
            .await?;
            let row = sqlx::query(
                "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(minutes), 0) AS BIGINT) AS m FROM relationship_sessions \
                 WHERE relationship_id = $1 AND status IN ('confirmed', 'held')",
            )
            .bind(s.relationship_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
            let (n, m): (i64, i64) = (row.try_get("n")?, row.try_get("m")?);
            if caps.sessions.is_some_and(|cap| n + 1 > i64::from(cap)) {
                return Err(Abort::Refused(Clash::SessionsCap));
            }
            if caps
                .minutes
                .is_some_and(|cap| m + i64::from(s.minutes) > i64::from(cap))
            {
                return Err(Abort::Refused(Clash::MinutesCap));
            }
            sqlx::query(
                "INSERT INTO relationship_sessions (id, relationship_id, status, held_on, minutes, \
                 mode, logged_by, logged_at, topics, action_points, updated_at) \
                 VALUES ($1, $2, 'held', $3, $4, $5, $6, $7, $8, $9, $7)",
            )
            .bind(s.id.to_string())
            .bind(s.relationship_id.to_string())
            .bind(crate::codec::date(s.held_on))
            .bind(i64::from(s.minutes))
            .bind(s.mode.code())
            .bind(s.logged_by.map(|p| p.to_string()))
            .bind(ts(s.logged_at))
            .bind(s.topics.clone())
            .bind(s.action_points.clone())
            .execute(&mut *tx)
            .await?;
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// The relationship's held sessions, oldest first.
    pub async fn sessions_of(&self, id: RelationshipId) -> Result<Vec<SessionLog>> {
        let rows = sqlx::query(
            "SELECT * FROM relationship_sessions WHERE relationship_id = $1 AND status = 'held' \
             ORDER BY held_on, logged_at, id",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(session_from).collect()
    }

    /// The date of the last held session of each relationship of the intake that has one.
    pub async fn last_sessions(
        &self,
        intake: IntakeId,
    ) -> Result<Vec<(RelationshipId, NaiveDate)>> {
        let rows = sqlx::query(
            "SELECT s.relationship_id, MAX(s.held_on) AS last FROM relationship_sessions s \
             JOIN relationships r ON r.id = s.relationship_id \
             WHERE r.intake_id = $1 AND s.status = 'held' GROUP BY s.relationship_id",
        )
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok((
                    parsed(r, "relationship_id")?,
                    crate::codec::parse_date(&text(r, "last")?)?,
                ))
            })
            .collect()
    }

    /// Replaces a mentee's ranking of their suggested mentors (shortlist mode), in one
    /// transaction. `ranking` lists mentor applications, first choice first.
    pub async fn save_shortlist_ranking(
        &self,
        intake: IntakeId,
        mentee: ApplicationId,
        ranking: &[ApplicationId],
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM shortlist_rankings WHERE mentee_id = $1")
            .bind(mentee.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for (rank, mentor) in (1i64..).zip(ranking) {
            sqlx::query(
                "INSERT INTO shortlist_rankings (intake_id, mentee_id, mentor_id, rank, ranked_at) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(intake.to_string())
            .bind(mentee.to_string())
            .bind(mentor.to_string())
            .bind(rank)
            .bind(ts(at))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, UniqueField::Ranking))?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// Every mentee's ranking in the intake: (mentee, mentors first choice first).
    pub async fn shortlist_rankings(
        &self,
        intake: IntakeId,
    ) -> Result<Vec<(ApplicationId, Vec<ApplicationId>)>> {
        let rows = sqlx::query(
            "SELECT mentee_id, mentor_id FROM shortlist_rankings WHERE intake_id = $1 \
             ORDER BY mentee_id, rank",
        )
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out: Vec<(ApplicationId, Vec<ApplicationId>)> = Vec::new();
        for r in &rows {
            let mentee: ApplicationId = parsed(r, "mentee_id")?;
            let mentor: ApplicationId = parsed(r, "mentor_id")?;
            match out.last_mut() {
                Some((m, list)) if *m == mentee => list.push(mentor),
                _ => out.push((mentee, vec![mentor])),
            }
        }
        Ok(out)
    }
}

fn accept_before(rel: &Relationship, at: DateTime<Utc>) -> bool {
    at <= rel.offer_deadline
}

fn agreement_from(row: &AnyRow) -> Result<Agreement> {
    let body = text(row, "body")?;
    Ok(Agreement {
        relationship_id: parsed(row, "relationship_id")?,
        kind: coded(row, "kind", AgreementKind::from_code)?,
        terms: serde_json::from_str(&body).map_err(|e| corrupt(format!("agreement: {e}")))?,
        version: u32_from(int(row, "version")?, "version")?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
        updated_by: crate::codec::opt_parsed(row, "updated_by")?,
    })
}

/// Takes the relationship for this transaction if it is in one of `statuses` (the first write
/// of every relationship transaction; see the module docs).
pub(crate) async fn claim(
    conn: &mut AnyConnection,
    id: RelationshipId,
    statuses: &[RelationshipStatus],
    at: DateTime<Utc>,
) -> std::result::Result<(), Abort> {
    let list = statuses
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "UPDATE relationships SET version = version + 1, updated_at = $1 WHERE id = $2 AND status IN ({list})"
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(ts(at))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if done == 1 {
        return Ok(());
    }
    let exists = sqlx::query("SELECT id FROM relationships WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Err(if exists.is_some() {
        Abort::Refused(Clash::StatusChanged)
    } else {
        Abort::Missing
    })
}

async fn set_status(
    conn: &mut AnyConnection,
    id: RelationshipId,
    status: RelationshipStatus,
    at: DateTime<Utc>,
) -> std::result::Result<(), sqlx::Error> {
    let closed = (!status.is_live()).then(|| ts(at));
    sqlx::query(
        "UPDATE relationships SET status = $1, closed_at = COALESCE($2, closed_at) WHERE id = $3",
    )
    .bind(status.code())
    .bind(closed)
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Accepts the relationship when every remaining member has accepted, creating its agreement.
async fn maybe_accept(
    conn: &mut AnyConnection,
    rel: &Relationship,
    terms: &AgreementTerms,
    at: DateTime<Utc>,
) -> std::result::Result<RelationshipStatus, Abort> {
    if !rel
        .remaining()
        .all(|m| m.response == OfferResponse::Accepted)
    {
        return Ok(RelationshipStatus::Proposed);
    }
    set_status(conn, rel.id, RelationshipStatus::Accepted, at).await?;
    sqlx::query(
        "INSERT INTO agreements (relationship_id, kind, body, version, updated_at, updated_by) \
         VALUES ($1, $2, $3, 1, $4, NULL)",
    )
    .bind(rel.id.to_string())
    .bind(AgreementKind::for_relationship(rel.kind).code())
    .bind(json(terms)?)
    .bind(ts(at))
    .execute(&mut *conn)
    .await?;
    Ok(RelationshipStatus::Accepted)
}

/// Reads a relationship inside a transaction.
async fn load_in(
    conn: &mut AnyConnection,
    id: RelationshipId,
) -> std::result::Result<Relationship, Abort> {
    let row = sqlx::query("SELECT * FROM relationships WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Abort::Missing)?;
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM {MEMBER_JOIN} WHERE m.relationship_id = $1 ORDER BY m.role, m.person_id"
    );
    let members = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(member_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(relationship_from(&row, members)?)
}

async fn insert_relationship(
    conn: &mut AnyConnection,
    r: &Relationship,
) -> std::result::Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO relationships (id, intake_id, run_id, kind, status, offer_deadline, \
         meeting_slot, created_at, updated_at, activated_at, closed_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, 1)",
    )
    .bind(r.id.to_string())
    .bind(r.intake_id.to_string())
    .bind(r.run_id.map(|x| x.to_string()))
    .bind(r.kind.code())
    .bind(r.status.code())
    .bind(ts(r.offer_deadline))
    .bind(r.meeting_slot.map(|s| s.code()).unwrap_or_default())
    .bind(ts(r.created_at))
    .bind(ts(r.updated_at))
    .execute(&mut *conn)
    .await?;
    for m in &r.members {
        sqlx::query(
            "INSERT INTO relationship_members (relationship_id, person_id, application_id, role, \
             response, responded_at, signed_version, signed_at, fit_check, fit_checked_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL, NULL, NULL)",
        )
        .bind(r.id.to_string())
        .bind(m.person_id.to_string())
        .bind(m.application_id.to_string())
        .bind(m.role.code())
        .bind(m.response.code())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
