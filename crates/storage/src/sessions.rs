//! Storage of relationships in motion: sessions booked ahead, their private notes and each
//! person's calendar feed.
//!
//! Every booking write is one transaction that first claims the relationship (a conditional
//! update on its status, see `relationships::claim`), so two members booking at once are
//! serialised and the cap and overlap checks read a settled state: a booking beyond the cap or
//! overlapping another session of either member is refused and writes nothing.

use crate::Store;
use crate::codec::{coded, int, opt_parsed, opt_text, parse_ts, parsed, text, ts, u32_from};
use crate::error::{Clash, Result, StoreError, db};
use crate::relationships::{Abort, SessionCaps, claim};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use tandem_domain::sessions::{Booking, BookingChange, BookingStatus};
use tandem_domain::{Mode, PersonId, RelationshipId, RelationshipStatus, SessionId};

const LIVE: [RelationshipStatus; 2] = [RelationshipStatus::Active, RelationshipStatus::WindingDown];

fn booking_from(row: &AnyRow) -> Result<Booking> {
    let starts = opt_text(row, "starts_at")?;
    let logged_at = parse_ts(&text(row, "logged_at")?)?;
    Ok(Booking {
        id: parsed(row, "id")?,
        relationship_id: parsed(row, "relationship_id")?,
        status: coded(row, "status", BookingStatus::from_code)?,
        starts_at: starts.as_deref().map(parse_ts).transpose()?,
        held_on: crate::codec::parse_date(&text(row, "held_on")?)?,
        minutes: u32_from(int(row, "minutes")?, "minutes")?,
        mode: coded(row, "mode", Mode::from_code)?,
        link: text(row, "link")?,
        place: text(row, "place")?,
        proposed_by: opt_parsed(row, "proposed_by")?,
        sequence: u32_from(int(row, "sequence")?, "sequence")?,
        topics: text(row, "topics")?,
        action_points: text(row, "action_points")?,
        logged_by: opt_parsed(row, "logged_by")?,
        updated_at: opt_text(row, "updated_at")?
            .as_deref()
            .map(parse_ts)
            .transpose()?
            .unwrap_or(logged_at),
    })
}

/// Checks the caps with one more session of `minutes` (confirmed and held sessions count;
/// `except` is left out, for confirming a proposal).
async fn check_caps(
    conn: &mut AnyConnection,
    relationship: RelationshipId,
    except: Option<SessionId>,
    minutes: u32,
    caps: SessionCaps,
) -> std::result::Result<(), Abort> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(minutes), 0) AS BIGINT) AS m FROM relationship_sessions \
         WHERE relationship_id = $1 AND status IN ('confirmed', 'held') AND id <> $2",
    )
    .bind(relationship.to_string())
    .bind(except.map(|e| e.to_string()).unwrap_or_default())
    .fetch_one(&mut *conn)
    .await?;
    let (n, m): (i64, i64) = (row.try_get("n")?, row.try_get("m")?);
    if caps.sessions.is_some_and(|cap| n + 1 > i64::from(cap)) {
        return Err(Abort::Refused(Clash::SessionsCap));
    }
    if caps
        .minutes
        .is_some_and(|cap| m + i64::from(minutes) > i64::from(cap))
    {
        return Err(Abort::Refused(Clash::MinutesCap));
    }
    Ok(())
}

/// Refuses when `[start, end)` overlaps a live (not cancelled) booked session of any of
/// `people`, in any of their relationships; `except` is the session being moved.
async fn check_overlap(
    conn: &mut AnyConnection,
    people: &[PersonId],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    except: Option<SessionId>,
) -> std::result::Result<(), Abort> {
    for p in people {
        let clash = sqlx::query(
            "SELECT s.id FROM relationship_sessions s \
             JOIN relationship_members m ON m.relationship_id = s.relationship_id \
             JOIN relationships r ON r.id = s.relationship_id \
             WHERE m.person_id = $1 AND r.status IN ('active', 'winding_down') AND s.status <> 'cancelled' \
             AND s.starts_at IS NOT NULL AND s.starts_at < $2 AND s.ends_at > $3 AND s.id <> $4",
        )
        .bind(p.to_string())
        .bind(ts(end))
        .bind(ts(start))
        .bind(except.map(|e| e.to_string()).unwrap_or_default())
        .fetch_optional(&mut *conn)
        .await?;
        if clash.is_some() {
            return Err(Abort::Refused(Clash::Overlap));
        }
    }
    Ok(())
}

async fn load(conn: &mut AnyConnection, id: SessionId) -> std::result::Result<Booking, Abort> {
    let row = sqlx::query("SELECT * FROM relationship_sessions WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(Abort::Missing)?;
    Ok(booking_from(&row)?)
}

impl Store {
    /// Books a proposed session: the relationship must be live, the time free for every member
    /// (`people`), and one more session within the caps. Refusals are `Refused(StatusChanged)`,
    /// `Refused(Overlap)`, `Refused(SessionsCap)`, `Refused(MinutesCap)`.
    pub async fn propose_session(
        &self,
        b: &Booking,
        people: &[PersonId],
        caps: SessionCaps,
    ) -> Result<()> {
        let outcome: std::result::Result<(), Abort> = async {
            let mut tx = self.pool.begin().await?;
            claim(&mut tx, b.relationship_id, &LIVE, b.updated_at).await?;
            check_caps(&mut tx, b.relationship_id, None, b.minutes, caps).await?;
            if let (Some(s), Some(e)) = (b.starts_at, b.ends_at()) {
                check_overlap(&mut tx, people, s, e, None).await?;
            }
            sqlx::query(
                "INSERT INTO relationship_sessions (id, relationship_id, status, held_on, minutes, mode, \
                 logged_by, logged_at, starts_at, ends_at, link, place, proposed_by, sequence, topics, \
                 action_points, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $8)",
            )
            .bind(b.id.to_string())
            .bind(b.relationship_id.to_string())
            .bind(b.status.code())
            .bind(crate::codec::date(b.held_on))
            .bind(i64::from(b.minutes))
            .bind(b.mode.code())
            .bind(b.logged_by.map(|p| p.to_string()))
            .bind(ts(b.updated_at))
            .bind(b.starts_at.map(ts))
            .bind(b.ends_at().map(ts))
            .bind(b.link.clone())
            .bind(b.place.clone())
            .bind(b.proposed_by.map(|p| p.to_string()))
            .bind(i64::from(b.sequence))
            .bind(b.topics.clone())
            .bind(b.action_points.clone())
            .execute(&mut *tx)
            .await?;
            self.commit(tx).await?;
            Ok(())
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// Applies a change to a booked session seen at `expected` (its status and sequence), in one
    /// transaction; a stale view is `Refused(Stale)`. Returns the session as it is now.
    // The arguments are the whole of one conditional change (what was seen, by whom, under which
    // rules, when); a struct would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub async fn change_booking(
        &self,
        id: SessionId,
        expected: (BookingStatus, u32),
        change: &BookingChange,
        by: PersonId,
        people: &[PersonId],
        caps: SessionCaps,
        at: DateTime<Utc>,
    ) -> Result<Booking> {
        let outcome: std::result::Result<Booking, Abort> = async {
            // A session never moves to another relationship, so which one to claim is read
            // before the transaction: read inside it, it would open SQLite's transaction with a
            // read, and a booking committed meanwhile would fail the claim with "database is
            // locked" instead of making it wait.
            let relationship = load(&mut *self.pool.acquire().await?, id).await?.relationship_id;
            let mut tx = self.pool.begin().await?;
            claim(&mut tx, relationship, &LIVE, at).await?;
            let current = load(&mut tx, id).await?;
            if (current.status, current.sequence) != expected {
                return Err(Abort::Refused(Clash::Stale));
            }
            let mut next = current.clone();
            next.updated_at = at;
            match change {
                BookingChange::Confirm => {
                    check_caps(&mut tx, current.relationship_id, Some(id), current.minutes, caps)
                        .await?;
                    next.status = BookingStatus::Confirmed;
                }
                BookingChange::Reschedule {
                    starts_at,
                    minutes,
                    mode,
                    link,
                    place,
                } => {
                    let end = *starts_at + chrono::Duration::minutes(i64::from(*minutes));
                    check_overlap(&mut tx, people, *starts_at, end, Some(id)).await?;
                    next.status = BookingStatus::Proposed;
                    next.starts_at = Some(*starts_at);
                    next.held_on = starts_at.date_naive();
                    next.minutes = *minutes;
                    next.mode = *mode;
                    next.link = link.clone();
                    next.place = place.clone();
                    next.proposed_by = Some(by);
                    next.sequence += 1;
                }
                BookingChange::Cancel => {
                    next.status = BookingStatus::Cancelled;
                    next.sequence += 1;
                }
                BookingChange::Held {
                    topics,
                    action_points,
                } => {
                    next.status = BookingStatus::Held;
                    next.topics = topics.clone();
                    next.action_points = action_points.clone();
                    next.logged_by = Some(by);
                }
            }
            let done = sqlx::query(
                "UPDATE relationship_sessions SET status = $1, starts_at = $2, ends_at = $3, held_on = $4, \
                 minutes = $5, mode = $6, link = $7, place = $8, proposed_by = $9, sequence = $10, \
                 topics = $11, action_points = $12, logged_by = $13, updated_at = $14 \
                 WHERE id = $15 AND status = $16 AND sequence = $17",
            )
            .bind(next.status.code())
            .bind(next.starts_at.map(ts))
            .bind(next.ends_at().map(ts))
            .bind(crate::codec::date(next.held_on))
            .bind(i64::from(next.minutes))
            .bind(next.mode.code())
            .bind(next.link.clone())
            .bind(next.place.clone())
            .bind(next.proposed_by.map(|p| p.to_string()))
            .bind(i64::from(next.sequence))
            .bind(next.topics.clone())
            .bind(next.action_points.clone())
            .bind(next.logged_by.map(|p| p.to_string()))
            .bind(ts(at))
            .bind(id.to_string())
            .bind(current.status.code())
            .bind(i64::from(current.sequence))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Err(Abort::Refused(Clash::Stale));
            }
            self.commit(tx).await?;
            Ok(next)
        }
        .await;
        outcome.map_err(StoreError::from)
    }

    /// One session (any status).
    pub async fn get_booking(&self, id: SessionId) -> Result<Booking> {
        let row = sqlx::query("SELECT * FROM relationship_sessions WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        booking_from(&row)
    }

    /// Every session of a relationship (any status), in time order.
    pub async fn bookings_of(&self, relationship: RelationshipId) -> Result<Vec<Booking>> {
        let rows = sqlx::query(
            "SELECT * FROM relationship_sessions WHERE relationship_id = $1 \
             ORDER BY held_on, starts_at, logged_at, id",
        )
        .bind(relationship.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(booking_from).collect()
    }

    /// Every booked session (with a start time) of a person's relationships, in time order.
    pub async fn bookings_of_person(&self, person: PersonId) -> Result<Vec<Booking>> {
        let rows = sqlx::query(
            "SELECT s.* FROM relationship_sessions s \
             JOIN relationship_members m ON m.relationship_id = s.relationship_id \
             WHERE m.person_id = $1 AND s.starts_at IS NOT NULL ORDER BY s.starts_at, s.id",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(booking_from).collect()
    }

    /// Saves the author's private note on a session (replacing their previous one).
    pub async fn save_session_note(
        &self,
        session: SessionId,
        author: PersonId,
        body: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM session_notes WHERE session_id = $1 AND person_id = $2")
            .bind(session.to_string())
            .bind(author.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        if !body.is_empty() {
            sqlx::query(
                "INSERT INTO session_notes (session_id, person_id, body, updated_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(session.to_string())
            .bind(author.to_string())
            .bind(body.to_string())
            .bind(ts(at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// The author's own private note on a session. Callers pass the signed-in person only: a
    /// note is readable by its author alone.
    pub async fn own_session_note(
        &self,
        session: SessionId,
        author: PersonId,
    ) -> Result<Option<String>> {
        let row =
            sqlx::query("SELECT body FROM session_notes WHERE session_id = $1 AND person_id = $2")
                .bind(session.to_string())
                .bind(author.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        row.map(|r| text(&r, "body")).transpose()
    }

    /// Sets (or replaces) a person's calendar feed token, by its SHA-256; the old one stops
    /// working.
    pub async fn set_calendar_feed(
        &self,
        person: PersonId,
        token_hash: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM calendar_feeds WHERE person_id = $1")
            .bind(person.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        sqlx::query(
            "INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(person.to_string())
        .bind(token_hash.to_string())
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// Whose calendar feed has this token hash, and since when.
    pub async fn calendar_feed_owner(
        &self,
        token_hash: &str,
    ) -> Result<Option<(PersonId, DateTime<Utc>)>> {
        let row =
            sqlx::query("SELECT person_id, created_at FROM calendar_feeds WHERE token_hash = $1")
                .bind(token_hash.to_string())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        row.map(|r| {
            Ok((
                parsed(&r, "person_id")?,
                parse_ts(&text(&r, "created_at")?)?,
            ))
        })
        .transpose()
    }

    /// When the person's calendar feed was made, if they have one.
    pub async fn calendar_feed_of(&self, person: PersonId) -> Result<Option<DateTime<Utc>>> {
        let row = sqlx::query("SELECT created_at FROM calendar_feeds WHERE person_id = $1")
            .bind(person.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|r| parse_ts(&text(&r, "created_at")?)).transpose()
    }
}
