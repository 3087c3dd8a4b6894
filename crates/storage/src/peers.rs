//! Storage of the peer network (issue #17 item 6): the directory searched by profession,
//! organisation kind, framework dimension, language and region, one page at a time, and the
//! conversation requests between people.
//!
//! The directory page starts from the scheme's listings in name order: each listing carries a
//! copy of its person's scheme and name sort keys (migration 0044, index
//! `growth_directory_scheme_name`, in the "C" collation on PostgreSQL), kept by every write that
//! changes them, so the page seeks the listings by cursor and joins each to its person by key
//! (the profession filter seeks `growth_directory_scheme_profession`, the listings' copy of the
//! primary profession then the name keys).
//! Its cost is one page whatever share of the scheme is listed (none, a few, or most of
//! 1,000,000 people); before, it walked the scheme's people and probed each for a listing, which
//! read every person when few were listed. Each filter is a test on the listing, on the person,
//! or on their primary employment and its organisation (probes through `employments_person` and
//! the organisations' key), so a selective filter walks at most the scheme's listings, never its
//! people. It reads one row more than the page and counts up to [`crate::COUNT_CAP`]. What a row
//! holds is only what the listing shows: names, the primary job, its organisation, kind and
//! region, the person's language, their interests. Never an address: an e-mail address leaves
//! this module only in a request's line, and only once that request was accepted (the statement
//! itself blanks it otherwise).
//!
//! Requests are written in one transaction that checks the asker's daily cap first; the partial
//! unique index `peer_requests_open_pair` keeps one open request per pair, so two requests racing
//! for the same pair leave one and the other's transaction writes nothing.

use crate::codec::{self, opt_text, parse_ts, parsed, text, ts};
use crate::error::{Result, StoreError, UniqueField, corrupt, db};
use crate::list_pages::{Binds, Cursor, Statements, bind_all, capped_count, finish_page, page};
use crate::{Backend, JsonRows, MAX_PAGE, Page, Store};
use chrono::{DateTime, Utc};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use tandem_domain::peers::{PeerFilter, PeerRequest, PeerRequestId, PeerRequestStatus};
use tandem_domain::{
    FrameworkDimension, Language, OrganisationId, OrganisationKind, PersonId, SchemeId,
};

/// One page of the directory (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeersQuery {
    pub scheme: SchemeId,
    pub filter: PeerFilter,
    /// At most [`MAX_PAGE`].
    pub limit: u64,
    pub cursor: Option<Cursor<PersonId>>,
    /// Only this person (one listing, as the directory shows it).
    pub person: Option<PersonId>,
}

/// A listed person as the directory shows them: nothing more than their listing and their
/// primary job.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PeerEntry {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub job_title: String,
    pub profession: String,
    pub organisation: String,
    pub organisation_kind: Option<OrganisationKind>,
    pub region: String,
    pub language: Language,
    pub interests: String,
    pub dimensions: Vec<FrameworkDimension>,
}

/// The values the directory's filters offer, from what the listed people hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PeerFilterValues {
    pub professions: Vec<String>,
    pub regions: Vec<String>,
}

/// Whether a new request was written, or why not (nothing is written then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskOutcome {
    Created,
    /// The pair has an open request already (from either side).
    PairOpen,
    /// The asker reached the cap of requests since the given time.
    CapReached,
}

/// A request as one of its two people sees it, with the other person's names and, only when
/// accepted, both addresses.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PeerRequestLine {
    pub request: PeerRequest,
    pub asker_given: String,
    pub asker_family: String,
    pub recipient_given: String,
    pub recipient_family: String,
    /// The asker's organisation (the primary job's), which the recipient weighs the request by.
    pub asker_organisation: String,
    /// Set only when the request is accepted.
    pub asker_email: Option<String>,
    /// Set only when the request is accepted.
    pub recipient_email: Option<String>,
}

/// Most requests listed on each side of a person's page: newest first, older ones are of no
/// more use (the accepted ones' addresses have long been exchanged).
pub const REQUESTS_SHOWN: i64 = 50;

/// Most values a filter offers.
const MAX_FILTER_VALUES: i64 = 200;

/// The distinct professions of a scheme's listings (`$1`), at most `$2`, sorted: a loose index
/// scan of `growth_directory_scheme_profession`, each step one seek for the least value above
/// the last (see [`Store::peer_filter_values`]).
const PROFESSIONS_SQL: &str = "WITH RECURSIVE v (x, n) AS ( \
    SELECT (SELECT MIN(d.profession) FROM growth_directory d \
      WHERE d.scheme_id = $1 AND d.profession > ''), 1 \
    UNION ALL \
    SELECT (SELECT MIN(d.profession) FROM growth_directory d \
      WHERE d.scheme_id = $1 AND d.profession > v.x), v.n + 1 \
    FROM v WHERE v.x IS NOT NULL AND v.n < $2) \
  SELECT x AS v FROM v WHERE x IS NOT NULL ORDER BY x";

/// Where a directory page starts (see [`Store::peer_page`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Drive {
    /// The scheme's listings in name order (`growth_directory_scheme_name`), each joined to its
    /// person by key: what is served.
    Listings,
    /// The scheme's people in name order, each probed for a listing: the definition the
    /// listings' copies must agree with, kept for the tests.
    People,
}

fn dims(row: &AnyRow) -> Result<Vec<FrameworkDimension>> {
    let s = text(row, "dimensions")?;
    serde_json::from_str(&s).map_err(|e| corrupt(format!("dimensions: {e}")))
}

fn request_from(row: &AnyRow) -> Result<PeerRequest> {
    Ok(PeerRequest {
        id: parsed(row, "id")?,
        scheme_id: parsed(row, "scheme_id")?,
        asker_id: parsed(row, "asker_id")?,
        recipient_id: parsed(row, "recipient_id")?,
        message: text(row, "message")?,
        status: codec::coded(row, "status", PeerRequestStatus::from_code)?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        answered_at: opt_text(row, "answered_at")?
            .map(|t| parse_ts(&t))
            .transpose()?,
    })
}

const REQUEST_COLUMNS: &str = "r.id, r.scheme_id, r.asker_id, r.recipient_id, r.message, r.status, r.created_at, r.answered_at";

/// The primary employment's column `col` (of `employments e` joined to `organisations o`) for
/// the person `who`: what the listing shows.
fn primary(col: &str, who: &str) -> String {
    format!(
        "(SELECT {col} FROM employments e JOIN organisations o ON o.id = e.organisation_id \
         WHERE e.person_id = {who} ORDER BY e.is_primary DESC, e.ordinal LIMIT 1)"
    )
}

/// The columns of a request's line: the request, both names, the asker's organisation, and the
/// two addresses blanked unless the request was accepted.
fn line_select() -> String {
    format!(
        "SELECT {REQUEST_COLUMNS}, \
         a.given_name AS asker_given, a.family_name AS asker_family, \
         t.given_name AS recipient_given, t.family_name AS recipient_family, \
         {} AS asker_organisation, \
         CASE WHEN r.status = 'accepted' THEN a.email END AS asker_email, \
         CASE WHEN r.status = 'accepted' THEN t.email END AS recipient_email \
         FROM peer_requests r JOIN people a ON a.id = r.asker_id \
         JOIN people t ON t.id = r.recipient_id",
        primary("o.name", "r.asker_id")
    )
}

fn line_from(row: &AnyRow) -> Result<PeerRequestLine> {
    Ok(PeerRequestLine {
        request: request_from(row)?,
        asker_given: text(row, "asker_given")?,
        asker_family: text(row, "asker_family")?,
        recipient_given: text(row, "recipient_given")?,
        recipient_family: text(row, "recipient_family")?,
        asker_organisation: opt_text(row, "asker_organisation")?.unwrap_or_default(),
        asker_email: opt_text(row, "asker_email")?,
        recipient_email: opt_text(row, "recipient_email")?,
    })
}

impl Store {
    /// Whether the person is listed in the directory of `scheme` now.
    pub async fn is_listed(&self, person: PersonId, scheme: SchemeId) -> Result<bool> {
        let row = sqlx::query(
            "SELECT 1 AS one FROM growth_directory d JOIN people p ON p.id = d.person_id \
             WHERE d.person_id = $1 AND p.scheme_id = $2 AND p.erased_at IS NULL",
        )
        .bind(person.to_string())
        .bind(scheme.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(row.is_some())
    }

    /// One page of the scheme's directory, by family name, given name and id, narrowed by the
    /// filter, with the total counted up to [`crate::COUNT_CAP`]. A cursor naming no one of the
    /// scheme is `NotFound`.
    pub async fn peer_page(&self, q: &PeersQuery) -> Result<Page<PeerEntry>> {
        self.peer_page_by(q, Drive::Listings).await
    }

    async fn peer_page_by(&self, q: &PeersQuery, drive: Drive) -> Result<Page<PeerEntry>> {
        let limit = q.limit.clamp(1, MAX_PAGE);
        let keys = self.peer_cursor_keys(q).await?;
        let st = self.peer_statements(q, limit, keys.as_ref(), drive);
        let rows = bind_all(sqlx::query(AssertSqlSafe(st.page.0)), &st.page.1)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        let items = rows
            .iter()
            .map(|row| {
                Ok(PeerEntry {
                    person_id: parsed(row, "id")?,
                    given_name: text(row, "given_name")?,
                    family_name: text(row, "family_name")?,
                    job_title: opt_text(row, "job_title")?.unwrap_or_default(),
                    profession: opt_text(row, "profession")?.unwrap_or_default(),
                    organisation: opt_text(row, "organisation")?.unwrap_or_default(),
                    organisation_kind: opt_text(row, "organisation_kind")?
                        .and_then(|k| OrganisationKind::from_code(&k)),
                    region: opt_text(row, "region")?.unwrap_or_default(),
                    language: codec::coded(row, "language", Language::from_tag)?,
                    interests: opt_text(row, "interests")?.unwrap_or_default(),
                    dimensions: match opt_text(row, "dimensions")? {
                        Some(_) => dims(row)?,
                        None => Vec::new(),
                    },
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let counted = self.count(&st.count).await?;
        let (items, next, previous) =
            finish_page(items, limit, q.cursor, |e: &PeerEntry| e.person_id);
        Ok(page(items, counted, limit, next, previous))
    }

    async fn peer_cursor_keys(&self, q: &PeersQuery) -> Result<Option<(String, String)>> {
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

    fn peer_statements(
        &self,
        q: &PeersQuery,
        limit: u64,
        keys: Option<&(String, String)>,
        drive: Drive,
    ) -> Statements {
        let pg = self.backend == Backend::Postgres;
        let contains = |hay: &str, needle: &str| {
            if pg {
                format!("strpos({hay}, {needle}) > 0")
            } else {
                format!("instr({hay}, {needle}) > 0")
            }
        };
        // The sort keys the page is ordered and sought by: the listing's copies (migration 0044)
        // or, for the reference walk, the person's own.
        let (fk, gk, id) = match drive {
            Drive::Listings => ("d.family_key", "d.given_key", "d.person_id"),
            Drive::People => ("p.family_key", "p.given_key", "p.id"),
        };
        let f = &q.filter;
        let build = |b: &mut Binds| -> String {
            let mut listed = String::new();
            if let Some(d) = f.dimension {
                let code = serde_json::to_string(&d).unwrap_or_default();
                listed.push_str(" AND ");
                listed.push_str(&contains("d.dimensions", &b.text(code)));
            }
            let terms = f
                .text
                .as_deref()
                .map(crate::search_terms)
                .unwrap_or_default();
            for t in terms {
                listed.push_str(" AND ");
                listed.push_str(&contains(
                    "(' ' || p.given_key || ' ' || p.family_key || ' ' || LOWER(d.interests))",
                    &b.text(t),
                ));
            }
            let mut w = match drive {
                // The listings of the scheme in name order, each joined to its person by key
                // (CROSS JOIN keeps SQLite from starting at people).
                Drive::Listings => {
                    let scheme = b.text(q.scheme.to_string());
                    let again = b.text(q.scheme.to_string());
                    format!(
                        "growth_directory d CROSS JOIN people p WHERE d.scheme_id = {scheme} \
                         AND p.id = d.person_id AND p.scheme_id = {again} \
                         AND p.erased_at IS NULL{listed}"
                    )
                }
                Drive::People => {
                    let scheme = b.text(q.scheme.to_string());
                    format!(
                        "people p WHERE p.scheme_id = {scheme} AND p.erased_at IS NULL \
                         AND EXISTS (SELECT 1 FROM growth_directory d WHERE d.person_id = p.id{listed})"
                    )
                }
            };
            if let Some(only) = q.person {
                // By the listing's key when starting from the listings, so one person is one
                // probe rather than a walk over the scheme's listings.
                w.push_str(&format!(" AND {id} = {}", b.text(only.to_string())));
            }
            if let Some(l) = f.language {
                w.push_str(&format!(" AND p.language = {}", b.text(l.tag())));
            }
            if let Some(prof) = &f.profession {
                // The listing's copy of the primary job's profession (migration 0044), which
                // `growth_directory_scheme_profession` orders by name within each profession.
                let held = match drive {
                    Drive::Listings => "d.profession".to_string(),
                    Drive::People => primary("e.profession", "p.id"),
                };
                w.push_str(&format!(" AND {held} = {}", b.text(prof.as_str())));
            }
            if let Some(k) = f.organisation_kind {
                w.push_str(&format!(
                    " AND {} = {}",
                    primary("o.kind", "p.id"),
                    b.text(k.code())
                ));
            }
            if let Some(r) = &f.region {
                w.push_str(&format!(
                    " AND {} = {}",
                    primary("o.region", "p.id"),
                    b.text(r.as_str())
                ));
            }
            w
        };
        let mut cb = Binds::default();
        let from_where = build(&mut cb);
        let count_sql = capped_count(&from_where, &mut cb);

        let mut pb = Binds::default();
        let from_where = build(&mut pb);
        // As the mentors' list: "C" makes PostgreSQL compare the keys by code point as SQLite does.
        let c = if pg { " COLLATE \"C\"" } else { "" };
        let backwards = matches!(q.cursor, Some(Cursor::Before(_)));
        let dir = if backwards { " DESC" } else { "" };
        let seek = match (keys, q.cursor) {
            (Some((fkey, gkey)), Some(cur)) => {
                let op = if backwards { "<" } else { ">" };
                format!(
                    " AND ({fk}{c}, {gk}{c}, {id}{c}) {op} ({}, {}, {})",
                    pb.text(fkey.as_str()),
                    pb.text(gkey.as_str()),
                    pb.text(cur.id().to_string())
                )
            }
            _ => String::new(),
        };
        let n = pb.int(codec::i64_from(limit + 1));
        // The page first, then what each paged person's listing shows, by key.
        let page_sql = format!(
            "SELECT pg_.id, pg_.given_name, pg_.family_name, pg_.language, \
             (SELECT d1.interests FROM growth_directory d1 WHERE d1.person_id = pg_.id) AS interests, \
             (SELECT d2.dimensions FROM growth_directory d2 WHERE d2.person_id = pg_.id) AS dimensions, \
             {} AS job_title, {} AS profession, {} AS organisation, {} AS organisation_kind, \
             {} AS region \
             FROM (SELECT {id} AS id, p.given_name, p.family_name, p.language, \
               {fk} AS family_key, {gk} AS given_key \
               FROM {from_where}{seek} \
               ORDER BY {fk}{c}{dir}, {gk}{c}{dir}, {id}{c}{dir} LIMIT {n}) pg_ \
             ORDER BY pg_.family_key{c}, pg_.given_key{c}, pg_.id{c}",
            primary("e.job_title", "pg_.id"),
            primary("e.profession", "pg_.id"),
            primary("o.name", "pg_.id"),
            primary("o.kind", "pg_.id"),
            primary("o.region", "pg_.id"),
        );
        Statements {
            count: (count_sql, cb.0),
            page: (page_sql, pb.0),
        }
    }

    /// The page as it was read before migration 0044: the scheme's people walked in name order,
    /// each probed for a listing. The same rows in the same order as [`Store::peer_page`] by
    /// definition, but O(people) when few are listed: for the tests that compare the two, never
    /// for serving.
    #[doc(hidden)]
    pub async fn peer_page_walking_people(&self, q: &PeersQuery) -> Result<Page<PeerEntry>> {
        self.peer_page_by(q, Drive::People).await
    }

    /// The plans of a directory page's statements, for the query-plan tests; `walking_people`
    /// plans the reference walk instead (so a test can show its check fails on it).
    #[doc(hidden)]
    pub async fn explain_peer_page(
        &self,
        q: &PeersQuery,
        walking_people: bool,
    ) -> Result<Vec<String>> {
        let drive = if walking_people {
            Drive::People
        } else {
            Drive::Listings
        };
        let keys = self.peer_cursor_keys(q).await?;
        let st = self.peer_statements(q, q.limit.clamp(1, MAX_PAGE), keys.as_ref(), drive);
        self.explain(
            &st,
            &["people", "growth_directory", "employments", "organisations"],
        )
        .await
    }

    /// The professions the listed people's primary jobs hold and the regions the scheme's
    /// organisations hold, each sorted and at most 200.
    ///
    /// The professions are read from the copies the listings keep of their person's primary
    /// profession (migration 0044), one seek of `growth_directory_scheme_profession` per distinct
    /// value (a loose index scan: each step asks for the least value above the last), so the
    /// cost grows with the number of professions offered (at most 200), not with the listings.
    /// The vocabulary alone would be cheaper still but would offer professions nobody listed
    /// holds and miss the ones written as free text, which the filter matches too.
    pub async fn peer_filter_values(&self, scheme: SchemeId) -> Result<PeerFilterValues> {
        // One statement's values `v` for the scheme, at most `MAX_FILTER_VALUES`.
        let values = |sql: &'static str| async move {
            sqlx::query(sql)
                .bind(scheme.to_string())
                .bind(MAX_FILTER_VALUES)
                .fetch_all(&self.pool)
                .await
                .map_err(db)?
                .iter()
                .map(|r| text(r, "v"))
                .collect::<Result<Vec<_>>>()
        };
        let professions = values(PROFESSIONS_SQL).await?;
        let regions = values(
            "SELECT DISTINCT region AS v FROM organisations WHERE scheme_id = $1 \
             AND region <> '' ORDER BY region LIMIT $2",
        )
        .await?;
        Ok(PeerFilterValues {
            professions,
            regions,
        })
    }

    /// The plan of the professions' statement of [`Store::peer_filter_values`], for the
    /// query-plan tests.
    #[doc(hidden)]
    pub async fn explain_peer_professions(&self, scheme: SchemeId) -> Result<Vec<String>> {
        let (mut tx, prefix) = self.begin_explain(&["growth_directory"]).await?;
        let rows = sqlx::query(AssertSqlSafe(format!("{prefix}{PROFESSIONS_SQL}")))
            .bind(scheme.to_string())
            .bind(MAX_FILTER_VALUES)
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
        let mut lines = Vec::new();
        self.plan_lines(&rows, &mut lines)?;
        tx.rollback().await.map_err(db)?;
        Ok(lines)
    }

    /// Sets an organisation's region (empty: not said).
    pub async fn set_organisation_region(&self, org: OrganisationId, region: &str) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query("UPDATE organisations SET region = $1 WHERE id = $2")
            .bind(region)
            .bind(org.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if done.rows_affected() == 0 {
            self.discard_staged();
            return Err(StoreError::NotFound);
        }
        self.commit(tx).await.map_err(db)?;
        Ok(())
    }

    /// How many requests the person asked since `since` (the daily cap).
    pub async fn peer_requests_asked_since(
        &self,
        asker: PersonId,
        since: DateTime<Utc>,
    ) -> Result<u64> {
        let n: i64 = sqlx::Row::try_get(
            &sqlx::query(
                "SELECT COUNT(*) AS n FROM peer_requests WHERE asker_id = $1 AND created_at >= $2",
            )
            .bind(asker.to_string())
            .bind(ts(since))
            .fetch_one(&self.pool)
            .await
            .map_err(db)?,
            "n",
        )
        .map_err(db)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Writes a new open request, unless the asker has `cap` requests since `since` or the pair
    /// has an open one (then nothing is written, staged entries included).
    pub async fn create_peer_request(
        &self,
        r: &PeerRequest,
        since: DateTime<Utc>,
        cap: u32,
    ) -> Result<AskOutcome> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let out: Result<AskOutcome> = async {
            if self.backend == Backend::Postgres {
                // Askers' requests are counted one at a time: the asker's row is the lock.
                sqlx::query("SELECT id FROM people WHERE id = $1 FOR UPDATE")
                    .bind(r.asker_id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            let n: i64 = sqlx::Row::try_get(
                &sqlx::query(
                    "SELECT COUNT(*) AS n FROM peer_requests \
                     WHERE asker_id = $1 AND created_at >= $2",
                )
                .bind(r.asker_id.to_string())
                .bind(ts(since))
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?,
                "n",
            )
            .map_err(db)?;
            if u64::try_from(n).unwrap_or(u64::MAX) >= u64::from(cap) {
                return Ok(AskOutcome::CapReached);
            }
            let open = sqlx::query(
                "SELECT 1 AS one FROM peer_requests WHERE pair_key = $1 AND status = 'open'",
            )
            .bind(tandem_domain::peers::pair_key(r.asker_id, r.recipient_id))
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?;
            if open.is_some() {
                return Ok(AskOutcome::PairOpen);
            }
            sqlx::query(
                "INSERT INTO peer_requests (id, scheme_id, asker_id, recipient_id, pair_key, \
                 message, status, created_at, answered_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
            )
            .bind(r.id.to_string())
            .bind(r.scheme_id.to_string())
            .bind(r.asker_id.to_string())
            .bind(r.recipient_id.to_string())
            .bind(tandem_domain::peers::pair_key(r.asker_id, r.recipient_id))
            .bind(r.message.as_str())
            .bind(r.status.code())
            .bind(ts(r.created_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::error::db_or_conflict(e, UniqueField::Person))?;
            Ok(AskOutcome::Created)
        }
        .await;
        match out {
            Ok(AskOutcome::Created) => {
                self.commit(tx).await.map_err(db)?;
                Ok(AskOutcome::Created)
            }
            Err(StoreError::Conflict { .. }) => {
                // Lost the race for the pair: the other request stands.
                self.discard_staged();
                Ok(AskOutcome::PairOpen)
            }
            other => {
                self.discard_staged();
                other
            }
        }
    }

    /// One request.
    pub async fn get_peer_request(&self, id: PeerRequestId) -> Result<PeerRequest> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {REQUEST_COLUMNS} FROM peer_requests r WHERE r.id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        request_from(&row)
    }

    /// Moves an open request of `recipient` to `to`. `false` (nothing written) when it is not
    /// open any more.
    pub async fn answer_peer_request(
        &self,
        id: PeerRequestId,
        recipient: PersonId,
        to: PeerRequestStatus,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "UPDATE peer_requests SET status = $1, answered_at = $2 \
             WHERE id = $3 AND recipient_id = $4 AND status = 'open'",
        )
        .bind(to.code())
        .bind(ts(now))
        .bind(id.to_string())
        .bind(recipient.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            self.discard_staged();
            return Ok(false);
        }
        self.commit(tx).await.map_err(db)?;
        Ok(true)
    }

    /// Takes the person out of the directory and closes the open requests to them as
    /// "unavailable", in one transaction. Returns whether they were listed and how many requests
    /// were closed; nothing is written (staged entries included) when they were not listed.
    pub async fn leave_directory(
        &self,
        person: PersonId,
        now: DateTime<Utc>,
    ) -> Result<(bool, u64)> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let out: Result<(bool, u64)> = async {
            let removed = sqlx::query("DELETE FROM growth_directory WHERE person_id = $1")
                .bind(person.to_string())
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
            if removed == 0 {
                return Ok((false, 0));
            }
            let closed = sqlx::query(
                "UPDATE peer_requests SET status = 'unavailable', answered_at = $1 \
                 WHERE recipient_id = $2 AND status = 'open'",
            )
            .bind(ts(now))
            .bind(person.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?
            .rows_affected();
            Ok((true, closed))
        }
        .await;
        match out {
            Ok((true, closed)) => {
                self.commit(tx).await.map_err(db)?;
                Ok((true, closed))
            }
            other => {
                self.discard_staged();
                other
            }
        }
    }

    /// The person's requests, newest first: those they received (`received`) or asked, at most
    /// [`REQUESTS_SHOWN`]. Addresses are read only for accepted requests.
    pub async fn peer_requests_of(
        &self,
        person: PersonId,
        received: bool,
    ) -> Result<Vec<PeerRequestLine>> {
        let side = if received {
            "r.recipient_id"
        } else {
            "r.asker_id"
        };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{} WHERE {side} = $1 ORDER BY r.created_at DESC, r.id DESC LIMIT $2",
            line_select()
        )))
        .bind(person.to_string())
        .bind(REQUESTS_SHOWN)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(line_from).collect()
    }

    /// One request as its lines show it (addresses only once accepted); `NotFound` when there
    /// is no such request.
    pub async fn peer_request_line(&self, id: PeerRequestId) -> Result<PeerRequestLine> {
        let row = sqlx::query(AssertSqlSafe(format!("{} WHERE r.id = $1", line_select())))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        line_from(&row)
    }

    /// Subject access: the requests the person sent and those they received, oldest first, each
    /// with the other person's name and the message; the other person's address only when the
    /// request was accepted (the statement blanks it otherwise, as the requests page does).
    pub async fn rights_peers(&self, person: PersonId) -> Result<[(&'static str, JsonRows); 2]> {
        Ok([
            (
                "peer_requests_sent",
                self.rows_of(
                    "SELECT r.id, r.status, r.created_at, r.answered_at, \
                     t.given_name AS recipient_given_name, t.family_name AS recipient_family_name, \
                     CASE WHEN r.status = 'accepted' THEN t.email END AS recipient_email, \
                     r.message FROM peer_requests r JOIN people t ON t.id = r.recipient_id \
                     WHERE r.asker_id = $1 ORDER BY r.created_at, r.id",
                    person,
                )
                .await?,
            ),
            (
                "peer_requests_received",
                self.rows_of(
                    "SELECT r.id, r.status, r.created_at, r.answered_at, \
                     a.given_name AS asker_given_name, a.family_name AS asker_family_name, \
                     CASE WHEN r.status = 'accepted' THEN a.email END AS asker_email, \
                     r.message FROM peer_requests r JOIN people a ON a.id = r.asker_id \
                     WHERE r.recipient_id = $1 ORDER BY r.created_at, r.id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// An organisation's region (empty when not said); `NotFound` when there is no such
    /// organisation.
    pub async fn organisation_region(&self, org: OrganisationId) -> Result<String> {
        let row = sqlx::query("SELECT region FROM organisations WHERE id = $1")
            .bind(org.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        text(&row, "region")
    }

    /// How many requests wait for the person's answer (their home's to-do).
    pub async fn open_peer_requests_to(&self, person: PersonId) -> Result<u64> {
        let n: i64 = sqlx::Row::try_get(
            &sqlx::query(
                "SELECT COUNT(*) AS n FROM peer_requests WHERE recipient_id = $1 AND status = 'open'",
            )
            .bind(person.to_string())
            .fetch_one(&self.pool)
            .await
            .map_err(db)?,
            "n",
        )
        .map_err(db)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
