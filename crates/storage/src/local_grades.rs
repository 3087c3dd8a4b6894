//! Local authorities' own grade lists: councils grade staff on their own scales ("Grade G"), so
//! each keeps a list. Imports add to it (in the import's transaction); the scheme coordinator or
//! the council's coordinator edits it.

use crate::Store;
use crate::codec::{parsed, text};
use crate::error::{Result, db};
use sqlx::AnyConnection;
use tandem_domain::grades::local_grade_key;
use tandem_domain::{OrganisationId, SchemeId};

impl Store {
    /// A council's grades, in the order they were added (or last saved).
    pub async fn local_grades(&self, organisation: OrganisationId) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT grade FROM local_grades WHERE organisation_id = $1 ORDER BY position, grade_key",
        )
        .bind(organisation.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(|r| text(r, "grade")).collect()
    }

    /// Every council's grades in the scheme, as `(council, grade)`.
    pub async fn local_grades_of_scheme(
        &self,
        scheme: SchemeId,
    ) -> Result<Vec<(OrganisationId, String)>> {
        let rows = sqlx::query(
            "SELECT g.organisation_id, g.grade FROM local_grades g \
             JOIN organisations o ON o.id = g.organisation_id \
             WHERE o.scheme_id = $1 ORDER BY g.organisation_id, g.position, g.grade_key",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| Ok((parsed(r, "organisation_id")?, text(r, "grade")?)))
            .collect()
    }

    /// Replaces a council's list with `grades` (in that order; a grade repeated, ignoring case
    /// and spacing, is kept once), in one transaction. People keep the grades they hold.
    pub async fn set_local_grades(
        &self,
        organisation: OrganisationId,
        grades: &[String],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM local_grades WHERE organisation_id = $1")
            .bind(organisation.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        add_local_grades(&mut tx, organisation, grades)
            .await
            .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }
}

/// Adds grades to a council's list inside a transaction, after those it has; grades it already
/// has (ignoring case and spacing) are left as they are.
pub(crate) async fn add_local_grades(
    tx: &mut AnyConnection,
    organisation: OrganisationId,
    grades: &[String],
) -> std::result::Result<(), sqlx::Error> {
    for grade in grades {
        let grade = grade.split_whitespace().collect::<Vec<_>>().join(" ");
        if grade.is_empty() {
            continue;
        }
        sqlx::query(
            "INSERT INTO local_grades (organisation_id, grade, grade_key, position) \
             SELECT $1, $2, $3, COALESCE(MAX(position), 0) + 1 FROM local_grades \
             WHERE organisation_id = $4 \
             ON CONFLICT (organisation_id, grade_key) DO NOTHING",
        )
        .bind(organisation.to_string())
        .bind(grade.as_str())
        .bind(local_grade_key(&grade))
        .bind(organisation.to_string())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}
