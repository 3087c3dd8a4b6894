//! Schemes and organisations.

use crate::Store;
use crate::codec::{coded, int, key, parsed, text};
use crate::error::{Result, StoreError, UniqueField, db, db_or_conflict};
use sqlx::any::AnyRow;
use tandem_domain::{Country, Organisation, OrganisationId, OrganisationKind, Scheme, SchemeId};

fn scheme_from(row: &AnyRow) -> Result<Scheme> {
    Ok(Scheme {
        id: parsed(row, "id")?,
        name: text(row, "name")?,
        description: text(row, "description")?,
    })
}

fn organisation_from(row: &AnyRow) -> Result<Organisation> {
    Ok(Organisation {
        id: parsed(row, "id")?,
        scheme_id: parsed(row, "scheme_id")?,
        name: text(row, "name")?,
        kind: coded(row, "kind", OrganisationKind::from_code)?,
        country: coded(row, "country", Country::from_code)?,
    })
}

/// Orders organisations by name, case-insensitively, the same way on both backends.
pub(crate) fn sort_organisations(orgs: &mut [Organisation]) {
    orgs.sort_by(|a, b| key(&a.name).cmp(&key(&b.name)).then(a.id.cmp(&b.id)));
}

impl Store {
    pub async fn create_scheme(&self, s: &Scheme) -> Result<()> {
        sqlx::query("INSERT INTO schemes (id, name, description) VALUES ($1, $2, $3)")
            .bind(s.id.to_string())
            .bind(s.name.as_str())
            .bind(s.description.as_str())
            .execute(&self.pool)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
        Ok(())
    }

    /// All schemes, by name.
    pub async fn list_schemes(&self) -> Result<Vec<Scheme>> {
        let rows = sqlx::query("SELECT id, name, description FROM schemes")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let mut schemes = rows.iter().map(scheme_from).collect::<Result<Vec<_>>>()?;
        schemes.sort_by(|a, b| key(&a.name).cmp(&key(&b.name)).then(a.id.cmp(&b.id)));
        Ok(schemes)
    }

    pub async fn get_scheme(&self, id: SchemeId) -> Result<Scheme> {
        let row = sqlx::query("SELECT id, name, description FROM schemes WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        scheme_from(&row)
    }

    /// Adds an organisation; its name must be unique within the scheme, ignoring case
    /// (`Conflict { field: Name }`). An unknown scheme gives `NotFound`.
    pub async fn create_organisation(&self, o: &Organisation) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO organisations (id, scheme_id, name, name_key, kind, country) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(o.id.to_string())
            .bind(o.scheme_id.to_string())
            .bind(o.name.as_str())
            .bind(key(&o.name))
            .bind(o.kind.code())
            .bind(o.country.code())
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Name))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Changes name, kind and country (an organisation never moves to another scheme).
    pub async fn update_organisation(&self, o: &Organisation) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done = sqlx::query("UPDATE organisations SET name = $2, name_key = $3, kind = $4, country = $5 WHERE id = $1")
                .bind(o.id.to_string())
                .bind(o.name.as_str())
                .bind(key(&o.name))
                .bind(o.kind.code())
                .bind(o.country.code())
                .execute(&mut *tx)
                .await
                .map_err(|e| db_or_conflict(e, UniqueField::Name))?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn get_organisation(&self, id: OrganisationId) -> Result<Organisation> {
        let row = sqlx::query(
            "SELECT id, scheme_id, name, kind, country FROM organisations WHERE id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        organisation_from(&row)
    }

    /// The scheme's organisations, by name (case-insensitive).
    pub async fn list_organisations(&self, scheme: SchemeId) -> Result<Vec<Organisation>> {
        let rows = sqlx::query(
            "SELECT id, scheme_id, name, kind, country FROM organisations WHERE scheme_id = $1",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut orgs = rows
            .iter()
            .map(organisation_from)
            .collect::<Result<Vec<_>>>()?;
        sort_organisations(&mut orgs);
        Ok(orgs)
    }

    /// How many distinct people each organisation of the scheme employs (organisations with
    /// nobody are included with 0), in the order of [`Store::list_organisations`].
    pub async fn count_people_by_organisation(
        &self,
        scheme: SchemeId,
    ) -> Result<Vec<(OrganisationId, u64)>> {
        let rows = sqlx::query(
            "SELECT o.id AS id, o.name AS name, COUNT(DISTINCT e.person_id) AS n \
             FROM organisations o LEFT JOIN employments e ON e.organisation_id = o.id \
             WHERE o.scheme_id = $1 GROUP BY o.id, o.name",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut counted = rows
            .iter()
            .map(|r| {
                Ok((
                    parsed::<OrganisationId>(r, "id")?,
                    text(r, "name")?,
                    int(r, "n")?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        counted.sort_by(|a, b| key(&a.1).cmp(&key(&b.1)).then(a.0.cmp(&b.0)));
        Ok(counted
            .into_iter()
            .map(|(id, _, n)| (id, u64::try_from(n).unwrap_or(0)))
            .collect())
    }
}
