//! Counters that slow down guessing: fixed-window rate limits and the progressive delay after
//! failed sign-ins. Both live in the database because several `serve` instances share it: a
//! counter in one process's memory would let a client multiply its allowance by the number of
//! instances behind the load balancer.

use crate::Store;
use crate::codec::{int, opt_text, parse_ts, ts, u32_from};
use crate::error::{Result, db};
use chrono::{DateTime, Utc};

impl Store {
    /// Counts one hit in `bucket`'s window starting at `window_start`, unless the window already
    /// holds `limit` hits. One statement (an upsert whose update is conditional), so parallel
    /// requests on any instance cannot all slip under the limit, and a refused hit writes
    /// nothing. Returns whether the hit was counted (allowed).
    pub async fn hit_rate_limit(
        &self,
        bucket: &str,
        window_start: DateTime<Utc>,
        limit: u32,
    ) -> Result<bool> {
        if limit == 0 {
            return Ok(false);
        }
        let start = ts(window_start);
        let row = sqlx::query(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start = $2 THEN rate_limits.hits + 1 ELSE 1 END, \
               window_start = $2 \
             WHERE rate_limits.window_start <> $2 OR rate_limits.hits < $3 \
             RETURNING hits",
        )
        .bind(bucket)
        .bind(start)
        .bind(i64::from(limit))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        Ok(row.is_some())
    }

    /// Takes back one hit counted in `bucket`'s window (when a request counted there is refused
    /// by another limit after all, so that the refusal leaves the counters as they were).
    pub async fn release_rate_limit(
        &self,
        bucket: &str,
        window_start: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE rate_limits SET hits = hits - 1 \
             WHERE bucket = $1 AND window_start = $2 AND hits > 0",
        )
        .bind(bucket)
        .bind(ts(window_start))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Deletes rate-limit windows that started before `before`; returns how many.
    pub async fn delete_rate_limits_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(ts(before))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }

    /// Until when sign-ins for `subject` must wait, if a delay is running.
    pub async fn sign_in_not_before(&self, subject: &str) -> Result<Option<DateTime<Utc>>> {
        let row = sqlx::query("SELECT not_before FROM sign_in_delays WHERE subject = $1")
            .bind(subject)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        match row {
            Some(r) => opt_text(&r, "not_before")?
                .as_deref()
                .map(parse_ts)
                .transpose(),
            None => Ok(None),
        }
    }

    /// Counts one failed sign-in for `subject` (atomically) and returns the new count.
    pub async fn record_sign_in_failure(&self, subject: &str, now: DateTime<Utc>) -> Result<u32> {
        let row = sqlx::query(
            "INSERT INTO sign_in_delays (subject, failures, not_before, updated_at) VALUES ($1, 1, NULL, $2) \
             ON CONFLICT (subject) DO UPDATE SET failures = sign_in_delays.failures + 1, updated_at = $2 \
             RETURNING failures",
        )
        .bind(subject)
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        u32_from(int(&row, "failures")?, "failures")
    }

    /// Makes further sign-ins for `subject` wait until `not_before` (never shortening a delay
    /// that a parallel failure has already lengthened).
    pub async fn delay_sign_in(&self, subject: &str, not_before: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE sign_in_delays SET not_before = $2 \
             WHERE subject = $1 AND (not_before IS NULL OR not_before < $2)",
        )
        .bind(subject)
        .bind(ts(not_before))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// Forgets the failures of `subject` (after a successful sign-in or a new password).
    pub async fn clear_sign_in_failures(&self, subject: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_delays WHERE subject = $1")
            .bind(subject)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Deletes failure counts untouched since `before`: a quiet day starts the count afresh.
    pub async fn delete_sign_in_delays_before(&self, before: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sign_in_delays WHERE updated_at < $1")
            .bind(ts(before))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(done.rows_affected())
    }
}
