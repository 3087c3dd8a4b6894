//! Scoped role assignments.

use crate::Store;
use crate::codec::{coded, parsed, text};
use crate::error::{Result, StoreError, corrupt, db};
use tandem_domain::{PersonId, Role, RoleAssignment, SchemeId, Scope};

/// (scope_kind, scope_id, scheme column, organisation column, programme column)
pub(crate) fn scope_columns(
    s: Scope,
) -> (
    &'static str,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    match s {
        Scope::Scheme(id) => ("scheme", id.to_string(), Some(id.to_string()), None, None),
        Scope::Organisation(id) => (
            "organisation",
            id.to_string(),
            None,
            Some(id.to_string()),
            None,
        ),
        Scope::Programme(id) => (
            "programme",
            id.to_string(),
            None,
            None,
            Some(id.to_string()),
        ),
    }
}

pub(crate) fn scope_from(kind: &str, id: &str) -> Result<Scope> {
    let bad = || corrupt(format!("scope {kind} {id:?}"));
    Ok(match kind {
        "scheme" => Scope::Scheme(id.parse().map_err(|_| bad())?),
        "organisation" => Scope::Organisation(id.parse().map_err(|_| bad())?),
        "programme" => Scope::Programme(id.parse().map_err(|_| bad())?),
        _ => return Err(bad()),
    })
}

impl Store {
    /// Grants a role; granting one already held changes nothing. A role in a scope it cannot
    /// have (see `RoleAssignment::is_well_formed`) is refused with `Invalid("role")`; an unknown
    /// person or scope gives `NotFound`.
    pub async fn grant_role(&self, person: PersonId, r: RoleAssignment) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            if !r.is_well_formed() {
                return Err(StoreError::Invalid("role".into()));
            }
            let (kind, id, scheme, org, programme) = scope_columns(r.scope);
            sqlx::query(
                "INSERT INTO role_assignments (person_id, role, scope_kind, scope_id, scheme_id, organisation_id, programme_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            )
            .bind(person.to_string())
            .bind(r.role.code())
            .bind(kind)
            .bind(id)
            .bind(scheme)
            .bind(org)
            .bind(programme)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// Revokes a role; revoking one not held changes nothing.
    pub async fn revoke_role(&self, person: PersonId, r: RoleAssignment) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let (kind, id, ..) = scope_columns(r.scope);
            sqlx::query("DELETE FROM role_assignments WHERE person_id = $1 AND role = $2 AND scope_kind = $3 AND scope_id = $4")
                .bind(person.to_string())
                .bind(r.role.code())
                .bind(kind)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// The roles a person holds in one scheme: scoped to the scheme itself, or to one of its
    /// organisations or programmes. Roles in other schemes are never returned, which is what
    /// lets `tandem_domain::policy` treat organisation and programme scopes as in-scheme.
    pub async fn roles_in_scheme(
        &self,
        person: PersonId,
        scheme: SchemeId,
    ) -> Result<Vec<RoleAssignment>> {
        let rows = sqlx::query(
            "SELECT r.role, r.scope_kind, r.scope_id FROM role_assignments r \
             LEFT JOIN organisations o ON o.id = r.organisation_id \
             LEFT JOIN programmes g ON g.id = r.programme_id \
             WHERE r.person_id = $1 AND (r.scheme_id = $2 OR o.scheme_id = $2 OR g.scheme_id = $2)",
        )
        .bind(person.to_string())
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut roles = rows
            .iter()
            .map(|row| {
                Ok(RoleAssignment {
                    role: coded(row, "role", Role::from_code)?,
                    scope: scope_from(&text(row, "scope_kind")?, &text(row, "scope_id")?)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        roles.sort_by_key(|r| (r.role, scope_order(r.scope)));
        Ok(roles)
    }

    /// Everyone holding `role` in exactly `scope` (e.g. an organisation's coordinators).
    pub async fn holders_of_role(&self, role: Role, scope: Scope) -> Result<Vec<PersonId>> {
        let (kind, id, ..) = scope_columns(scope);
        let rows = sqlx::query(
            "SELECT person_id FROM role_assignments WHERE role = $1 AND scope_kind = $2 AND scope_id = $3",
        )
        .bind(role.code())
        .bind(kind)
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut people = rows
            .iter()
            .map(|r| parsed(r, "person_id"))
            .collect::<Result<Vec<PersonId>>>()?;
        people.sort();
        Ok(people)
    }
}

/// One role held by one person of a scheme, with the name it is listed under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleHolder {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub assignment: RoleAssignment,
}

impl Store {
    /// Revokes a role unless its holder is the only one holding it in that scope (the scheme's
    /// last administrator or scheme coordinator must stay): one conditional `DELETE`, so two
    /// revocations racing for the last two holders cannot both win on SQLite, whose writer lock
    /// serialises them. `Ok(false)` when nothing was revoked (not held, or the last holder).
    pub async fn revoke_role_unless_last(
        &self,
        person: PersonId,
        r: RoleAssignment,
    ) -> Result<bool> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<bool> = async {
            let (kind, id, ..) = scope_columns(r.scope);
            let done = sqlx::query(
                "DELETE FROM role_assignments WHERE person_id = $1 AND role = $2 AND scope_kind = $3 AND scope_id = $4 \
                 AND (SELECT COUNT(*) FROM role_assignments h WHERE h.role = $2 AND h.scope_kind = $3 AND h.scope_id = $4) > 1",
            )
            .bind(person.to_string())
            .bind(r.role.code())
            .bind(kind)
            .bind(id)
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

    /// Every role held in one scheme (scoped to it, its organisations or its programmes), with
    /// its holder's name, ordered by family and given name.
    pub async fn role_holders_in_scheme(&self, scheme: SchemeId) -> Result<Vec<RoleHolder>> {
        let rows = sqlx::query(
            "SELECT r.person_id, p.given_name, p.family_name, r.role, r.scope_kind, r.scope_id \
             FROM role_assignments r JOIN people p ON p.id = r.person_id \
             LEFT JOIN organisations o ON o.id = r.organisation_id \
             LEFT JOIN programmes g ON g.id = r.programme_id \
             WHERE p.scheme_id = $1 AND (r.scheme_id = $1 OR o.scheme_id = $1 OR g.scheme_id = $1) \
             ORDER BY p.family_key, p.given_key, p.id",
        )
        .bind(scheme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut holders = rows
            .iter()
            .map(|row| {
                Ok(RoleHolder {
                    person_id: parsed(row, "person_id")?,
                    given_name: text(row, "given_name")?,
                    family_name: text(row, "family_name")?,
                    assignment: RoleAssignment {
                        role: coded(row, "role", Role::from_code)?,
                        scope: scope_from(&text(row, "scope_kind")?, &text(row, "scope_id")?)?,
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // Stable within a person: the same order as `roles_in_scheme`.
        let mut order: Vec<PersonId> = Vec::new();
        for h in &holders {
            if !order.contains(&h.person_id) {
                order.push(h.person_id);
            }
        }
        holders.sort_by_key(|h| {
            (
                order.iter().position(|p| *p == h.person_id),
                h.assignment.role,
                scope_order(h.assignment.scope),
            )
        });
        Ok(holders)
    }
}

/// A total order on scopes so role lists come back in a stable order.
pub(crate) fn scope_order(s: Scope) -> (u8, uuid::Uuid) {
    match s {
        Scope::Scheme(id) => (0, id.0),
        Scope::Organisation(id) => (1, id.0),
        Scope::Programme(id) => (2, id.0),
    }
}
