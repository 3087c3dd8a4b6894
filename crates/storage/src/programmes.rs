//! Programmes (rules stored as one JSON document) and intakes with places per organisation.

use crate::codec::{coded, date, int, key, parse_date, parsed, text};
use crate::error::{
    Result, StoreError, UniqueField, corrupt, db, db_or_conflict, is_unique_violation,
};
use crate::{Store, codec};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use tandem_domain::{
    Intake, IntakeId, IntakePlace, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules, SchemeId,
};

fn rules_json(r: &ProgrammeRules) -> Result<String> {
    serde_json::to_string(r).map_err(|e| StoreError::Database(Box::new(e)))
}

fn programme_from(row: &AnyRow) -> Result<Programme> {
    let rules = text(row, "rules")?;
    Ok(Programme {
        id: parsed(row, "id")?,
        scheme_id: parsed(row, "scheme_id")?,
        name: text(row, "name")?,
        kind: coded(row, "kind", ProgrammeKind::from_code)?,
        description: text(row, "description")?,
        rules: serde_json::from_str(&rules)
            .map_err(|e| corrupt(format!("programme rules: {e}")))?,
    })
}

/// Writes an intake's places in the order given.
async fn insert_places(
    conn: &mut AnyConnection,
    i: &Intake,
) -> std::result::Result<(), sqlx::Error> {
    for (ordinal, p) in (0i64..).zip(&i.places) {
        sqlx::query("INSERT INTO intake_places (intake_id, organisation_id, ordinal, places) VALUES ($1, $2, $3, $4)")
            .bind(i.id.to_string())
            .bind(p.organisation_id.to_string())
            .bind(ordinal)
            .bind(i64::from(p.places))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Maps an intake write error: the only unique rule an intake can break besides its id is one
/// organisation listed twice among its places.
fn intake_error(e: sqlx::Error, id_taken: bool) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Conflict {
            field: if id_taken {
                UniqueField::Id
            } else {
                UniqueField::Places
            },
        }
    } else {
        db(e)
    }
}

impl Store {
    /// Adds a programme. An unknown scheme gives `NotFound`.
    pub async fn create_programme(&self, p: &Programme) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO programmes (id, scheme_id, name, kind, description, rules) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(p.id.to_string())
            .bind(p.scheme_id.to_string())
            .bind(p.name.as_str())
            .bind(p.kind.code())
            .bind(p.description.as_str())
            .bind(rules_json(&p.rules)?)
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Changes name, kind, description and rules (a programme never moves to another scheme).
    pub async fn update_programme(&self, p: &Programme) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry is written with it.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query("UPDATE programmes SET name = $2, kind = $3, description = $4, rules = $5 WHERE id = $1")
            .bind(p.id.to_string())
            .bind(p.name.as_str())
            .bind(p.kind.code())
            .bind(p.description.as_str())
            .bind(rules_json(&p.rules)?)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await.map_err(db)
    }

    pub async fn get_programme(&self, id: ProgrammeId) -> Result<Programme> {
        let row = sqlx::query(
            "SELECT id, scheme_id, name, kind, description, rules FROM programmes WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        programme_from(&row)
    }

    /// The scheme's programmes, by name (case-insensitive).
    pub async fn list_programmes(&self, scheme: SchemeId) -> Result<Vec<Programme>> {
        let rows = sqlx::query("SELECT id, scheme_id, name, kind, description, rules FROM programmes WHERE scheme_id = $1")
            .bind(scheme.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut list = rows
            .iter()
            .map(programme_from)
            .collect::<Result<Vec<_>>>()?;
        list.sort_by(|a, b| key(&a.name).cmp(&key(&b.name)).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    /// Adds an intake with its places (one transaction). An organisation may appear only once
    /// among the places (`Conflict { field: Places }`); unknown programme or organisation: `NotFound`.
    pub async fn create_intake(&self, i: &Intake) -> Result<()> {
        let outcome: std::result::Result<(), sqlx::Error> = async {
            let mut tx = self.pool.begin().await?;
            sqlx::query(
                "INSERT INTO intakes (id, programme_id, name, opens_on, closes_on, starts_on) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(i.id.to_string())
            .bind(i.programme_id.to_string())
            .bind(i.name.as_str())
            .bind(date(i.opens_on))
            .bind(date(i.closes_on))
            .bind(date(i.starts_on))
            .execute(&mut *tx)
            .await?;
            insert_places(&mut tx, i).await?;
            self.commit(tx).await
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(e) => {
                let id_taken = is_unique_violation(&e) && self.get_intake(i.id).await.is_ok();
                Err(intake_error(e, id_taken))
            }
        }
    }

    /// Changes name and dates and replaces the places wholesale (one transaction), keeping the
    /// count of places taken by approved and matched applications.
    pub async fn update_intake(&self, i: &Intake) -> Result<()> {
        enum Failure {
            Sql(sqlx::Error),
            Missing,
        }
        let outcome: std::result::Result<(), Failure> = async {
            let mut tx = self.pool.begin().await.map_err(Failure::Sql)?;
            let done =
                sqlx::query("UPDATE intakes SET name = $2, opens_on = $3, closes_on = $4, starts_on = $5 WHERE id = $1")
                    .bind(i.id.to_string())
                    .bind(i.name.as_str())
                    .bind(date(i.opens_on))
                    .bind(date(i.closes_on))
                    .bind(date(i.starts_on))
                    .execute(&mut *tx)
                    .await
                    .map_err(Failure::Sql)?;
            if done.rows_affected() == 0 {
                return Err(Failure::Missing);
            }
            sqlx::query("DELETE FROM intake_places WHERE intake_id = $1")
                .bind(i.id.to_string())
                .execute(&mut *tx)
                .await
                .map_err(Failure::Sql)?;
            insert_places(&mut tx, i).await.map_err(Failure::Sql)?;
            // The places were re-inserted with `taken = 0`; recount the applications holding a
            // place so that editing an intake never hands out places twice.
            sqlx::query(
                "UPDATE intake_places SET taken = (SELECT COUNT(*) FROM applications a \
                 WHERE a.intake_id = intake_places.intake_id AND a.organisation_id = intake_places.organisation_id \
                 AND a.status IN ('approved', 'matched')) WHERE intake_id = $1",
            )
            .bind(i.id.to_string())
            .execute(&mut *tx)
            .await
            .map_err(Failure::Sql)?;
            self.commit(tx).await.map_err(Failure::Sql)
        }
        .await;
        match outcome {
            Ok(()) => Ok(()),
            Err(Failure::Missing) => Err(StoreError::NotFound),
            Err(Failure::Sql(e)) => Err(intake_error(e, false)),
        }
    }

    pub async fn get_intake(&self, id: IntakeId) -> Result<Intake> {
        let row = sqlx::query("SELECT id, programme_id, name, opens_on, closes_on, starts_on FROM intakes WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        let mut intakes = self.intakes_with_places(vec![row]).await?;
        intakes.pop().ok_or(StoreError::NotFound)
    }

    /// The programme's intakes, by opening date, then name.
    pub async fn list_intakes(&self, programme: ProgrammeId) -> Result<Vec<Intake>> {
        let rows =
            sqlx::query("SELECT id, programme_id, name, opens_on, closes_on, starts_on FROM intakes WHERE programme_id = $1")
                .bind(programme.to_string())
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
        let mut list = self.intakes_with_places(rows).await?;
        list.sort_by_key(|i| (i.opens_on, key(&i.name), i.id));
        Ok(list)
    }

    async fn intakes_with_places(&self, rows: Vec<AnyRow>) -> Result<Vec<Intake>> {
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: IntakeId = parsed(row, "id")?;
            let places = sqlx::query(
                "SELECT organisation_id, places FROM intake_places WHERE intake_id = $1 ORDER BY ordinal",
            )
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
            .iter()
            .map(|p| {
                Ok(IntakePlace {
                    organisation_id: parsed(p, "organisation_id")?,
                    places: codec::u32_from(int(p, "places")?, "places")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
            out.push(Intake {
                id,
                programme_id: parsed(row, "programme_id")?,
                name: text(row, "name")?,
                opens_on: parse_date(&text(row, "opens_on")?)?,
                closes_on: parse_date(&text(row, "closes_on")?)?,
                starts_on: parse_date(&text(row, "starts_on")?)?,
                places,
            });
        }
        Ok(out)
    }
}
