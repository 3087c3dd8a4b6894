//! Lists that cost one page, not the population: the one cursor type every list's links carry,
//! the page assembly shared by the lists, and the intake's applications and the mentors' lists.
//!
//! Each list is read in a stable order that an index serves, from the start or from a cursor
//! (keyset paging: a page deep in the list costs what the first one costs), one row more than
//! the page (so "is there a next page" needs no count), and with its total counted up to
//! [`crate::COUNT_CAP`] only ("1,000+" beyond). The people list (`people.rs`) works the same way.
//!
//! - Applications: by submission time and id within the intake, through
//!   `applications_intake_order` (and its per-organisation and per-status variants, migration
//!   0036). An organisation coordinator's list is one indexed seek per organisation they
//!   coordinate, merged (`UNION ALL` of per-organisation pages, then the first page of those), not
//!   the intake's applications filtered row by row.
//! - Mentors: by family name, given name and id, walking the scheme's name index and keeping
//!   those with a standing, a training record or an application to mentor (each an indexed probe
//!   by person). An organisation coordinator's list starts from the employments at their
//!   organisations, like the people list.

use crate::codec::{self, text};
use crate::error::{Result, StoreError, db};
use crate::{Backend, MAX_PAGE, Page, Store};
use sqlx::{AssertSqlSafe, Row};
use std::fmt::Display;
use std::str::FromStr;
use tandem_domain::mentor::MentorOverview;
use tandem_domain::{
    Application, ApplicationId, ApplicationStatus, IntakeId, OrganisationId, PersonId, SchemeId,
};

/// A position in a list: the page after, or before, this row (in the list's order). Written into
/// links as an opaque token ([`Self::token`]) that holds only the row's id: the keys the list is
/// ordered by (a name, a time) are looked up by the store, never carried in a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor<I> {
    After(I),
    Before(I),
}

impl<I: Copy + Display + FromStr> Cursor<I> {
    /// The opaque token: a direction letter and the id's 16 bytes in URL-safe base64.
    pub fn token(&self) -> String {
        use base64::Engine;
        let (dir, id) = match self {
            Cursor::After(id) => ('a', id),
            Cursor::Before(id) => ('b', id),
        };
        // Every id is a UUID; one that were not would give a token that parses to nothing.
        let bytes = uuid::Uuid::parse_str(&id.to_string())
            .map(uuid::Uuid::into_bytes)
            .unwrap_or_default();
        format!(
            "{dir}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        )
    }

    /// Reads a token made by [`Self::token`]; `None` for anything else.
    pub fn parse(token: &str) -> Option<Self> {
        use base64::Engine;
        let dir = token.get(..1)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.get(1..)?)
            .ok()?;
        let id: I = uuid::Uuid::from_slice(&bytes)
            .ok()?
            .to_string()
            .parse()
            .ok()?;
        match dir {
            "a" => Some(Cursor::After(id)),
            "b" => Some(Cursor::Before(id)),
            _ => None,
        }
    }

    /// The row the cursor names.
    pub fn id(&self) -> I {
        match self {
            Cursor::After(id) | Cursor::Before(id) => *id,
        }
    }
}

/// Cuts a page read with one row more than `limit` (in list order) and gives its `next` and
/// `previous` tokens: `previous` when the page is not the first (a cursor was followed), `next`
/// when there are rows after it. A page past the end links back to the rows before its cursor.
pub(crate) fn finish_page<T, I: Copy + Display + FromStr>(
    mut items: Vec<T>,
    limit: u64,
    cursor: Option<Cursor<I>>,
    id_of: impl Fn(&T) -> I,
) -> (Vec<T>, Option<String>, Option<String>) {
    let extra = u64::try_from(items.len()).unwrap_or(u64::MAX) > limit;
    let token = |c: Cursor<I>| Some(c.token());
    if let Some(Cursor::Before(_)) = cursor {
        if extra {
            items.remove(0);
        }
        let next = items.last().and_then(|l| token(Cursor::After(id_of(l))));
        let previous = match items.first() {
            Some(first) if extra => token(Cursor::Before(id_of(first))),
            _ => None,
        };
        return (items, next, previous);
    }
    if extra {
        items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    let next = match items.last() {
        Some(last) if extra => token(Cursor::After(id_of(last))),
        _ => None,
    };
    let previous = match (items.first(), cursor) {
        (Some(first), Some(_)) => token(Cursor::Before(id_of(first))),
        (None, Some(c)) => token(Cursor::Before(c.id())),
        _ => None,
    };
    (items, next, previous)
}

/// Bound values of a statement built from parts, numbered as they are added.
#[derive(Default)]
pub(crate) struct Binds(pub(crate) Vec<Bind>);

#[derive(Clone)]
pub(crate) enum Bind {
    Text(String),
    Int(i64),
}

impl Binds {
    pub(crate) fn text(&mut self, s: impl Into<String>) -> String {
        self.0.push(Bind::Text(s.into()));
        format!("${}", self.0.len())
    }
    pub(crate) fn int(&mut self, i: i64) -> String {
        self.0.push(Bind::Int(i));
        format!("${}", self.0.len())
    }
}

pub(crate) fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    binds: &[Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    for b in binds {
        q = match b {
            Bind::Text(s) => q.bind(s.clone()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

/// A list's statements: the bounded count, then the page.
pub(crate) struct Statements {
    pub(crate) count: (String, Vec<Bind>),
    pub(crate) page: (String, Vec<Bind>),
}

/// `SELECT COUNT(*)` of at most one more than the cap: bounded work however many match.
pub(crate) fn capped_count(from_where: &str, binds: &mut Binds) -> String {
    let cap = binds.int(codec::i64_from(crate::COUNT_CAP + 1));
    format!("SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM {from_where} LIMIT {cap}) c")
}

/// One page of an intake's applications (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationsQuery {
    pub intake: IntakeId,
    /// `None`: every organisation's; `Some`: only those using these organisations' places
    /// (none when empty).
    pub organisations: Option<Vec<OrganisationId>>,
    pub status: Option<ApplicationStatus>,
    /// At most [`MAX_PAGE`].
    pub limit: u64,
    pub cursor: Option<Cursor<ApplicationId>>,
}

/// A line of an intake's applications: the application and its applicant's names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationLine {
    pub application: Application,
    pub given_name: String,
    pub family_name: String,
}

/// One page of the mentors' list (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MentorsQuery {
    pub scheme: SchemeId,
    /// `None`: the whole scheme; `Some`: people employed by one of these (none when empty).
    pub organisations: Option<Vec<OrganisationId>>,
    /// At most [`MAX_PAGE`].
    pub limit: u64,
    pub cursor: Option<Cursor<PersonId>>,
}

impl Store {
    /// One page of the intake's applications, oldest submission first (ties by id), with the
    /// total counted up to [`crate::COUNT_CAP`]. A cursor naming no application of the intake is
    /// `NotFound`.
    pub async fn application_page(&self, q: &ApplicationsQuery) -> Result<Page<ApplicationLine>> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        if q.organisations.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Page::empty(0, limit));
        }
        let keys = self.application_cursor_keys(q).await?;
        let st = self.application_statements(q, limit, keys.as_deref());
        let rows = bind_all(sqlx::query(AssertSqlSafe(st.page.0)), &st.page.1)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(ApplicationLine {
                    application: crate::applications::application_from(r)?,
                    given_name: text(r, "applicant_given")?,
                    family_name: text(r, "applicant_family")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let counted = self.count(&st.count).await?;
        let (items, next, previous) = finish_page(items, limit, q.cursor, |l: &ApplicationLine| {
            l.application.id
        });
        Ok(page(items, counted, limit, next, previous))
    }

    /// The submission time of the application a cursor names (`NotFound` if not the intake's).
    async fn application_cursor_keys(&self, q: &ApplicationsQuery) -> Result<Option<String>> {
        let Some(cursor) = q.cursor else {
            return Ok(None);
        };
        let row =
            sqlx::query("SELECT submitted_at FROM applications WHERE id = $1 AND intake_id = $2")
                .bind(cursor.id().to_string())
                .bind(q.intake.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
                .ok_or(StoreError::NotFound)?;
        Ok(Some(text(&row, "submitted_at")?))
    }

    fn application_statements(
        &self,
        q: &ApplicationsQuery,
        limit: u64,
        submitted: Option<&str>,
    ) -> Statements {
        // The count: one indexed range per organisation (`IN` on the index's second column).
        let mut cb = Binds::default();
        let mut conds = vec![format!("a.intake_id = {}", cb.text(q.intake.to_string()))];
        if let Some(orgs) = &q.organisations {
            let list: Vec<String> = orgs.iter().map(|o| cb.text(o.to_string())).collect();
            conds.push(format!("a.organisation_id IN ({})", list.join(", ")));
        }
        if let Some(s) = q.status {
            conds.push(format!("a.status = {}", cb.text(s.code())));
        }
        let count_sql = capped_count(
            &format!("applications a WHERE {}", conds.join(" AND ")),
            &mut cb,
        );

        // The page: per organisation, the rows after (or before) the cursor in index order; then
        // the first of those across organisations.
        let mut pb = Binds::default();
        let backwards = matches!(q.cursor, Some(Cursor::Before(_)));
        let dir = if backwards { " DESC" } else { "" };
        let n = pb.int(codec::i64_from(limit + 1));
        let intake = pb.text(q.intake.to_string());
        let status = q.status.map(|s| pb.text(s.code()));
        let seek = match (submitted, q.cursor) {
            (Some(at), Some(c)) => {
                let op = if backwards { "<" } else { ">" };
                format!(
                    " AND (a.submitted_at, a.id) {op} ({}, {})",
                    pb.text(at),
                    pb.text(c.id().to_string())
                )
            }
            _ => String::new(),
        };
        let orgs: Vec<Option<String>> = match &q.organisations {
            None => vec![None],
            Some(list) => list.iter().map(|o| Some(pb.text(o.to_string()))).collect(),
        };
        let cols = crate::applications::APPLICATION_COLUMNS
            .split(", ")
            .map(|c| format!("a.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let branches: Vec<String> = orgs
            .iter()
            .enumerate()
            .map(|(i, org)| {
                let org = org
                    .as_ref()
                    .map(|o| format!(" AND a.organisation_id = {o}"))
                    .unwrap_or_default();
                let status = status
                    .as_ref()
                    .map(|s| format!(" AND a.status = {s}"))
                    .unwrap_or_default();
                format!(
                    "SELECT * FROM (SELECT {cols} FROM applications a \
                     WHERE a.intake_id = {intake}{org}{status}{seek} \
                     ORDER BY a.submitted_at{dir}, a.id{dir} LIMIT {n}) b{i}"
                )
            })
            .collect();
        // The applicants' names by primary key for the page's rows only (as a join, PostgreSQL
        // may hash every person instead).
        let page_sql = format!(
            "SELECT u.*, \
             (SELECT pp.given_name FROM people pp WHERE pp.id = u.person_id) AS applicant_given, \
             (SELECT pf.family_name FROM people pf WHERE pf.id = u.person_id) AS applicant_family \
             FROM (SELECT * FROM ({}) w ORDER BY w.submitted_at{dir}, w.id{dir} LIMIT {n}) u \
             ORDER BY u.submitted_at, u.id",
            branches.join(" UNION ALL ")
        );
        Statements {
            count: (count_sql, cb.0),
            page: (page_sql, pb.0),
        }
    }

    /// One page of the scheme's mentors (everyone with a standing, a training record or an
    /// application to mentor), by family name, given name and id, with the total counted up to
    /// [`crate::COUNT_CAP`]. A cursor naming no one in the scheme is `NotFound`.
    pub async fn mentor_page(&self, q: &MentorsQuery) -> Result<Page<MentorOverview>> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        if q.organisations.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Page::empty(0, limit));
        }
        let keys = self.mentor_cursor_keys(q).await?;
        let st = self.mentor_statements(q, limit, keys.as_ref());
        let rows = bind_all(sqlx::query(AssertSqlSafe(st.page.0)), &st.page.1)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let items = rows
            .iter()
            .map(crate::mentors::overview_from)
            .collect::<Result<Vec<_>>>()?;
        let counted = self.count(&st.count).await?;
        let (items, next, previous) =
            finish_page(items, limit, q.cursor, |m: &MentorOverview| m.person_id);
        Ok(page(items, counted, limit, next, previous))
    }

    /// The name keys of the person a cursor names (`NotFound` if no one in the scheme).
    async fn mentor_cursor_keys(&self, q: &MentorsQuery) -> Result<Option<(String, String)>> {
        let Some(cursor) = q.cursor else {
            return Ok(None);
        };
        let row = sqlx::query(
            "SELECT family_key, given_key FROM people WHERE id = $1 AND scheme_id = $2",
        )
        .bind(cursor.id().to_string())
        .bind(q.scheme.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        Ok(Some((text(&row, "family_key")?, text(&row, "given_key")?)))
    }

    fn mentor_statements(
        &self,
        q: &MentorsQuery,
        limit: u64,
        keys: Option<&(String, String)>,
    ) -> Statements {
        let pg = self.backend == Backend::Postgres;
        let build = |b: &mut Binds| -> String {
            let scheme = b.text(q.scheme.to_string());
            // Whether a person is a mentor: three probes by person, each through an index.
            let member = "(EXISTS (SELECT 1 FROM mentor_standing ms WHERE ms.person_id = p.id) \
                 OR EXISTS (SELECT 1 FROM mentor_training mt WHERE mt.person_id = p.id) \
                 OR EXISTS (SELECT 1 FROM applications ma WHERE ma.person_id = p.id \
                 AND ma.role = 'mentor'))";
            match &q.organisations {
                None => format!("people p WHERE p.scheme_id = {scheme} AND {member}"),
                Some(orgs) => {
                    // From the employments at the organisations (their index), never every
                    // person with a per-row test; SQLite's CROSS JOIN keeps that order.
                    let list: Vec<String> = orgs.iter().map(|o| b.text(o.to_string())).collect();
                    let join = if pg { "JOIN" } else { "CROSS JOIN" };
                    format!(
                        "(SELECT DISTINCT se.person_id FROM employments se \
                         WHERE se.organisation_id IN ({})) d {join} people p ON p.id = d.person_id \
                         WHERE p.scheme_id = {scheme} AND {member}",
                        list.join(", ")
                    )
                }
            }
        };
        let mut cb = Binds::default();
        let from_where = build(&mut cb);
        let count_sql = capped_count(&from_where, &mut cb);

        let mut pb = Binds::default();
        let from_where = build(&mut pb);
        // Key columns hold Rust-lower-cased text; "C" makes PostgreSQL compare them by code point
        // as SQLite does, and is the collation of its name index (`people_search::install`).
        let c = if pg { " COLLATE \"C\"" } else { "" };
        let backwards = matches!(q.cursor, Some(Cursor::Before(_)));
        let dir = if backwards { " DESC" } else { "" };
        let seek = match (keys, q.cursor) {
            (Some((fk, gk)), Some(cur)) => {
                let op = if backwards { "<" } else { ">" };
                format!(
                    " AND (p.family_key{c}, p.given_key{c}, p.id{c}) {op} ({}, {}, {})",
                    pb.text(fk.as_str()),
                    pb.text(gk.as_str()),
                    pb.text(cur.id().to_string())
                )
            }
            _ => String::new(),
        };
        let n = pb.int(codec::i64_from(limit + 1));
        let live = crate::mentors::LIVE;
        // Page first, then each paged person's standing, training and load: the correlated
        // subqueries run for the page's rows only, each by primary key or index (as a join,
        // PostgreSQL may merge with every standing instead). The page is `pg_`, so a plan's scan of it is
        // told apart from a scan of people.
        let page_sql = format!(
            "SELECT pg_.id, pg_.given_name, pg_.family_name, \
             (SELECT s1.person_id FROM mentor_standing s1 WHERE s1.person_id = pg_.id) AS standing_person, \
             (SELECT s2.status FROM mentor_standing s2 WHERE s2.person_id = pg_.id) AS status, \
             (SELECT s3.load_max FROM mentor_standing s3 WHERE s3.person_id = pg_.id) AS load_max, \
             (SELECT s4.updated_at FROM mentor_standing s4 WHERE s4.person_id = pg_.id) AS updated_at, \
             (SELECT COUNT(*) FROM mentor_training t \
               WHERE t.person_id = pg_.id AND t.qualifies = 1) AS trained, \
             (SELECT COUNT(*) FROM relationship_members m \
               JOIN relationships r ON r.id = m.relationship_id \
               WHERE m.person_id = pg_.id AND m.role = 'mentor' AND r.status IN {live}) AS current_load \
             FROM (SELECT p.id, p.given_name, p.family_name, p.family_key, p.given_key \
               FROM {from_where}{seek} \
               ORDER BY p.family_key{c}{dir}, p.given_key{c}{dir}, p.id{c}{dir} LIMIT {n}) pg_ \
             ORDER BY pg_.family_key{c}, pg_.given_key{c}, pg_.id{c}"
        );
        Statements {
            count: (count_sql, cb.0),
            page: (page_sql, pb.0),
        }
    }

    pub(crate) async fn count(&self, (sql, binds): &(String, Vec<Bind>)) -> Result<u64> {
        let n: i64 = bind_all(sqlx::query(AssertSqlSafe(sql.clone())), binds)
            .fetch_one(&self.pool)
            .await
            .map_err(db)?
            .try_get("n")
            .map_err(db)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The plans of an applications page's statements, for the query-plan tests (see
    /// [`Store::explain_people_search`]).
    #[doc(hidden)]
    pub async fn explain_application_page(&self, q: &ApplicationsQuery) -> Result<Vec<String>> {
        let keys = self.application_cursor_keys(q).await?;
        let st = self.application_statements(q, q.limit.clamp(1, MAX_PAGE), keys.as_deref());
        self.explain(&st, &["applications", "people"]).await
    }

    /// The plans of a mentors page's statements, for the query-plan tests.
    #[doc(hidden)]
    pub async fn explain_mentor_page(&self, q: &MentorsQuery) -> Result<Vec<String>> {
        let keys = self.mentor_cursor_keys(q).await?;
        let st = self.mentor_statements(q, q.limit.clamp(1, MAX_PAGE), keys.as_ref());
        self.explain(
            &st,
            &[
                "people",
                "employments",
                "mentor_standing",
                "mentor_training",
                "applications",
                "relationship_members",
                "relationships",
            ],
        )
        .await
    }

    /// The plans of a page's two statements (see [`Store::begin_explain`]).
    pub(crate) async fn explain(&self, st: &Statements, tables: &[&str]) -> Result<Vec<String>> {
        let (mut tx, prefix) = self.begin_explain(tables).await?;
        let mut lines = Vec::new();
        for (sql, binds) in [&st.count, &st.page] {
            let rows = bind_all(sqlx::query(AssertSqlSafe(format!("{prefix}{sql}"))), binds)
                .fetch_all(&mut *tx)
                .await
                .map_err(db)?;
            self.plan_lines(&rows, &mut lines)?;
        }
        tx.rollback().await.map_err(db)?;
        Ok(lines)
    }
}

pub(crate) fn page<T>(
    items: Vec<T>,
    counted: u64,
    limit: u64,
    next: Option<String>,
    previous: Option<String>,
) -> Page<T> {
    Page {
        items,
        total: counted.min(crate::COUNT_CAP),
        offset: 0,
        limit,
        total_exact: counted <= crate::COUNT_CAP,
        next,
        previous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_anything_else() {
        let id = ApplicationId::new();
        for c in [Cursor::After(id), Cursor::Before(id)] {
            assert_eq!(Cursor::<ApplicationId>::parse(&c.token()), Some(c));
        }
        assert_eq!(Cursor::<ApplicationId>::parse("x"), None);
        assert_eq!(Cursor::<ApplicationId>::parse(""), None);
        assert_eq!(Cursor::<ApplicationId>::parse("cAAAA"), None);
        let t = Cursor::After(id).token();
        assert_eq!(
            Cursor::<ApplicationId>::parse(&format!("z{}", &t[1..])),
            None
        );
    }

    #[test]
    fn pages_link_both_ways() {
        // Forwards from the start: five rows read for a page of four.
        let (items, next, prev) = finish_page(vec![1u8, 2, 3, 4, 5], 4, None, |_| PersonId::new());
        assert_eq!(items, vec![1, 2, 3, 4]);
        assert!(next.is_some() && prev.is_none());
        // Backwards with a full extra row: the first is dropped, both links given.
        let c = Cursor::Before(PersonId::new());
        let (items, next, prev) = finish_page(vec![1u8, 2, 3], 2, Some(c), |_| PersonId::new());
        assert_eq!(items, vec![2, 3]);
        assert!(next.is_some() && prev.is_some());
        // Past the end: back to the rows before the cursor.
        let c = Cursor::After(PersonId::new());
        let (items, next, prev) = finish_page(Vec::<u8>::new(), 2, Some(c), |_| PersonId::new());
        assert!(items.is_empty() && next.is_none());
        assert_eq!(prev, Some(Cursor::Before(c.id()).token()));
    }
}
