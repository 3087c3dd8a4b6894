//! The coordinators' relationship list and the audit log, one page at a time: keyset paging in a
//! stable order through an index that serves it, and totals counted up to
//! [`crate::COUNT_CAP`] only, so a page costs the same in an intake of ten relationships or of
//! a hundred thousand, and in a log of a hundred entries or of a hundred million.
//!
//! The pages reuse the people list's [`Page`] and its cursor token ([`PeopleCursor`]: a
//! direction and a 16-byte id, naming nothing else); the audit log keeps its public cursor, the
//! entry's place in the chain (`seq`), which is no one's personal data.
//!
//! Sessions need no list of their own here: the session lists there are (a relationship's
//! bookings and sessions held) belong to one relationship, are read through the
//! `relationship_id` indexes and are bounded by the programme's session cap.

use crate::Store;
use crate::audit::{AuditFilter, AuditRow, row_of};
use crate::codec::{text, ts};
use crate::error::{Result, StoreError, db};
use crate::records::{MAX_PAGE, Page, PeopleCursor};
use crate::relationships::relationship_from;
use sqlx::{AssertSqlSafe, Row};
use tandem_domain::relationship::Relationship;
use tandem_domain::{IntakeId, PersonId, RelationshipId};

/// A position in the audit log: the page of entries older, or newer, than the entry at this
/// place in the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditCursor {
    /// Entries with a smaller `seq` (the next, older page).
    Before(i64),
    /// Entries with a larger `seq` (the previous, newer page).
    After(i64),
}

/// A position in an intake's relationship list (oldest first): after or before this one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationshipCursor {
    After(RelationshipId),
    Before(RelationshipId),
}

impl RelationshipCursor {
    /// The opaque token, in the people list's format (a direction letter and the id's bytes).
    pub fn token(&self) -> String {
        match self {
            RelationshipCursor::After(id) => PeopleCursor::After(PersonId(id.0)).token(),
            RelationshipCursor::Before(id) => PeopleCursor::Before(PersonId(id.0)).token(),
        }
    }

    /// Reads a token made by [`Self::token`]; `None` for anything else.
    pub fn parse(token: &str) -> Option<Self> {
        Some(match PeopleCursor::parse(token)? {
            PeopleCursor::After(p) => RelationshipCursor::After(RelationshipId(p.0)),
            PeopleCursor::Before(p) => RelationshipCursor::Before(RelationshipId(p.0)),
        })
    }
}

/// Statements of one list page: the bounded count, then the page (one row more than asked for,
/// which tells whether there is a page beyond it without counting).
struct Statements {
    count_sql: String,
    page_sql: String,
    binds: Vec<String>,
    /// Binds of the page only (the cursor's keys), after `binds`.
    page_binds: Vec<String>,
    backwards: bool,
}

fn count_of(from_where: &str) -> String {
    format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {from_where} LIMIT {}) c",
        crate::COUNT_CAP + 1
    )
}

fn bound<'q>(
    sql: &'q str,
    binds: &[String],
    extra: &[String],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for b in binds.iter().chain(extra) {
        q = q.bind(b.clone());
    }
    q
}

/// Trims the extra row and works out the neighbouring cursors of a page read forwards (`after`
/// set when it started from a cursor) or backwards (rows read in reverse, `Before` a cursor).
fn paged<T, C>(
    mut items: Vec<T>,
    limit: u64,
    backwards: bool,
    from_cursor: Option<C>,
    key: impl Fn(&T) -> C,
) -> (Vec<T>, Option<C>, Option<C>)
where
    C: Copy,
{
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let extra = items.len() > limit;
    items.truncate(limit);
    if backwards {
        items.reverse();
        // Rows after the first of a backwards page are known to exist: the cursor's row.
        let next = items.last().map(&key);
        let previous = if extra { items.first().map(&key) } else { None };
        (items, next, previous)
    } else {
        let next = if extra { items.last().map(&key) } else { None };
        let previous = match (items.first(), from_cursor) {
            (Some(first), Some(_)) => Some(key(first)),
            // Past the end: back to the rows before the cursor.
            (None, Some(c)) => Some(c),
            _ => None,
        };
        (items, next, previous)
    }
}

impl Store {
    // ----- the audit log -------------------------------------------------------------------

    fn audit_statements(
        &self,
        filter: &AuditFilter,
        cursor: Option<AuditCursor>,
        limit: u64,
    ) -> Statements {
        let mut binds: Vec<String> = Vec::new();
        let mut conds = vec!["seq IS NOT NULL".to_string()];
        let mut add = |cond: &str, value: String, binds: &mut Vec<String>| {
            binds.push(value);
            conds.push(cond.replace('?', &format!("${}", binds.len())));
        };
        if let Some(a) = &filter.action {
            add("action = ?", a.clone(), &mut binds);
        }
        if let Some(a) = filter.actor {
            add("actor_id = ?", a.to_string(), &mut binds);
        }
        if let Some(s) = &filter.subject {
            add("subject = ?", s.clone(), &mut binds);
        }
        if let Some(d) = filter.from {
            add(
                "at >= ?",
                ts(d.and_time(chrono::NaiveTime::MIN).and_utc()),
                &mut binds,
            );
        }
        if let Some(d) = filter.to.and_then(|d| d.succ_opt()) {
            add(
                "at < ?",
                ts(d.and_time(chrono::NaiveTime::MIN).and_utc()),
                &mut binds,
            );
        }
        let where_sql = conds.join(" AND ");
        // `seq` is an integer: bound as an integer literal (it comes from an `i64`, never text).
        let (seek, order, backwards) = match cursor {
            None => (String::new(), "seq DESC", false),
            Some(AuditCursor::Before(s)) => (format!(" AND seq < {s}"), "seq DESC", false),
            Some(AuditCursor::After(s)) => (format!(" AND seq > {s}"), "seq ASC", true),
        };
        Statements {
            count_sql: count_of(&format!("audit_log WHERE {where_sql}")),
            page_sql: format!(
                "SELECT seq, id, at, actor_id, action, subject, detail FROM audit_log \
                 WHERE {where_sql}{seek} ORDER BY {order} LIMIT {}",
                limit + 1
            ),
            binds,
            page_binds: Vec::new(),
            backwards,
        }
    }

    /// One page of the audit log, newest first, with the total counted up to
    /// [`crate::COUNT_CAP`]. `next` and `previous` are `seq` values to pass as
    /// [`AuditCursor::Before`] and [`AuditCursor::After`]. The walk is the `seq` index (or the
    /// action, actor or subject index, each ending in `seq`) from the cursor on: a page costs its
    /// own rows. A date range alone narrows the walk's rows, not its start.
    pub async fn audit_log_page(
        &self,
        filter: &AuditFilter,
        cursor: Option<AuditCursor>,
        limit: u64,
    ) -> Result<Page<AuditRow>> {
        let limit = limit.clamp(1, MAX_PAGE);
        let st = self.audit_statements(filter, cursor, limit);
        let counted: i64 = bound(&st.count_sql, &st.binds, &[])
            .fetch_one(&self.pool)
            .await
            .map_err(db)?
            .try_get("n")
            .map_err(db)?;
        let rows = bound(&st.page_sql, &st.binds, &st.page_binds)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let items = rows.iter().map(row_of).collect::<Result<Vec<_>>>()?;
        let from = cursor.map(|c| match c {
            AuditCursor::Before(s) => s - 1,
            AuditCursor::After(s) => s,
        });
        let (items, next, previous) = paged(items, limit, st.backwards, from, |r| r.seq);
        Ok(page_of(items, counted, limit, next, previous))
    }

    // ----- an intake's relationships ---------------------------------------------------------

    async fn relationship_cursor_keys(
        &self,
        intake: IntakeId,
        cursor: Option<RelationshipCursor>,
    ) -> Result<Option<(RelationshipCursor, String)>> {
        let Some(c) = cursor else { return Ok(None) };
        let (RelationshipCursor::After(id) | RelationshipCursor::Before(id)) = c;
        let row =
            sqlx::query("SELECT created_at FROM relationships WHERE id = $1 AND intake_id = $2")
                .bind(id.to_string())
                .bind(intake.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
                .ok_or(StoreError::NotFound)?;
        Ok(Some((c, text(&row, "created_at")?)))
    }

    fn relationship_statements(
        &self,
        intake: IntakeId,
        cursor: Option<&(RelationshipCursor, String)>,
        limit: u64,
    ) -> Statements {
        // The row-value comparison and the order use the same (the column's) collation on either
        // backend, so the keyset is consistent; the index of migration 0037 serves both.
        let c = "";
        let binds = vec![intake.to_string()];
        let cols = format!("(r.created_at{c}, r.id{c})");
        let (seek, order, page_binds, backwards) = match cursor {
            None => (
                String::new(),
                format!("r.created_at{c}, r.id{c}"),
                Vec::new(),
                false,
            ),
            Some((cur, at)) => {
                let (op, order, back, id) = match cur {
                    RelationshipCursor::After(id) => {
                        (">", format!("r.created_at{c}, r.id{c}"), false, id)
                    }
                    RelationshipCursor::Before(id) => {
                        ("<", format!("r.created_at{c} DESC, r.id{c} DESC"), true, id)
                    }
                };
                (
                    format!(" AND {cols} {op} ($2, $3)"),
                    order,
                    vec![at.clone(), id.to_string()],
                    back,
                )
            }
        };
        Statements {
            count_sql: count_of("relationships r WHERE r.intake_id = $1"),
            page_sql: format!(
                "SELECT * FROM relationships r WHERE r.intake_id = $1{seek} ORDER BY {order} LIMIT {}",
                limit + 1
            ),
            binds,
            page_binds,
            backwards,
        }
    }

    /// One page of the intake's relationships, oldest first (the order of
    /// [`Store::relationships_of_intake`]), by keyset on (created, id) through the
    /// `relationships_intake_created` index, with the total counted up to
    /// [`crate::COUNT_CAP`]. A cursor naming no relationship of the intake is `NotFound`.
    pub async fn relationships_of_intake_page(
        &self,
        intake: IntakeId,
        cursor: Option<RelationshipCursor>,
        limit: u64,
    ) -> Result<Page<Relationship>> {
        let limit = limit.clamp(1, MAX_PAGE);
        let keys = self.relationship_cursor_keys(intake, cursor).await?;
        let st = self.relationship_statements(intake, keys.as_ref(), limit);
        let counted: i64 = bound(&st.count_sql, &st.binds, &[])
            .fetch_one(&self.pool)
            .await
            .map_err(db)?
            .try_get("n")
            .map_err(db)?;
        let rows = bound(&st.page_sql, &st.binds, &st.page_binds)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let ids: Vec<String> = rows.iter().map(|r| text(r, "id")).collect::<Result<_>>()?;
        let mut members = self.members_of(&ids).await?;
        let items = rows
            .iter()
            .zip(ids)
            .map(|(row, id)| relationship_from(row, members.remove(&id).unwrap_or_default()))
            .collect::<Result<Vec<_>>>()?;
        let (items, next, previous) = paged(
            items,
            limit,
            st.backwards,
            cursor.map(|c| match c {
                RelationshipCursor::After(id) | RelationshipCursor::Before(id) => id,
            }),
            |r| r.id,
        );
        Ok(page_of(
            items,
            counted,
            limit,
            next.map(|id| RelationshipCursor::After(id).token()),
            previous.map(|id| RelationshipCursor::Before(id).token()),
        ))
    }

    // ----- query plans -----------------------------------------------------------------------

    /// The plans of an audit page's statements (see [`Store::explain_people_search`]).
    #[doc(hidden)]
    pub async fn explain_audit_page(
        &self,
        filter: &AuditFilter,
        cursor: Option<AuditCursor>,
    ) -> Result<Vec<String>> {
        let st = self.audit_statements(filter, cursor, 50);
        self.explain_lists(&["audit_log"], st).await
    }

    /// The plans of a relationship page's statements (see [`Store::explain_people_search`]).
    #[doc(hidden)]
    pub async fn explain_relationships_page(
        &self,
        intake: IntakeId,
        cursor: Option<RelationshipCursor>,
    ) -> Result<Vec<String>> {
        let keys = self.relationship_cursor_keys(intake, cursor).await?;
        let st = self.relationship_statements(intake, keys.as_ref(), 50);
        self.explain_lists(&["relationships", "relationship_members"], st)
            .await
    }

    /// The plans of a page's two statements (see [`Store::begin_explain`]).
    async fn explain_lists(&self, tables: &[&str], st: Statements) -> Result<Vec<String>> {
        let (mut tx, prefix) = self.begin_explain(tables).await?;
        let mut lines = Vec::new();
        for (sql, extra) in [(st.count_sql, Vec::new()), (st.page_sql, st.page_binds)] {
            let sql = format!("{prefix}{sql}");
            let rows = bound(&sql, &st.binds, &extra)
                .fetch_all(&mut *tx)
                .await
                .map_err(db)?;
            self.plan_lines(&rows, &mut lines)?;
        }
        tx.rollback().await.map_err(db)?;
        Ok(lines)
    }
}

fn page_of<T, C>(
    items: Vec<T>,
    counted: i64,
    limit: u64,
    next: Option<C>,
    previous: Option<C>,
) -> Page<T>
where
    C: ToString,
{
    let counted = u64::try_from(counted).unwrap_or(0);
    Page {
        items,
        total: counted.min(crate::COUNT_CAP),
        offset: 0,
        limit,
        total_exact: counted <= crate::COUNT_CAP,
        next: next.map(|c| c.to_string()),
        previous: previous.map(|c| c.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_tokens_round_trip_and_reject_anything_else() {
        let id = RelationshipId(uuid::Uuid::from_u128(7));
        for c in [
            RelationshipCursor::After(id),
            RelationshipCursor::Before(id),
        ] {
            assert_eq!(RelationshipCursor::parse(&c.token()), Some(c));
        }
        for bad in ["", "x", "a", "zAAAAAAAAAAAAAAAAAAAAAA", "a!!"] {
            assert_eq!(RelationshipCursor::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn pages_know_their_neighbours() {
        // Forwards from the start: three rows asked, four read.
        let (items, next, prev) = paged(vec![9, 8, 7, 6], 3, false, None::<i32>, |x| *x);
        assert_eq!((items, next, prev), (vec![9, 8, 7], Some(7), None));
        // Forwards from a cursor, last page.
        let (items, next, prev) = paged(vec![5, 4], 3, false, Some(6), |x| *x);
        assert_eq!((items, next, prev), (vec![5, 4], None, Some(5)));
        // Past the end: back to the rows before the cursor.
        let (items, next, prev) = paged(Vec::<i32>::new(), 3, false, Some(1), |x| *x);
        assert_eq!((items, next, prev), (vec![], None, Some(1)));
        // Backwards (read in reverse), with more before.
        let (items, next, prev) = paged(vec![6, 7, 8, 9], 3, true, Some(5), |x| *x);
        assert_eq!((items, next, prev), (vec![8, 7, 6], Some(6), Some(8)));
    }
}
