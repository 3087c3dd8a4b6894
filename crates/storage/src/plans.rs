//! The query plans behind the plan tests (`storage/tests/it/search_index.rs`, `list_pages.rs`,
//! `lists_b.rs`): one way to ask either backend how it would run a statement, so every list's test
//! reads plans alike and a change to how plans are asked for is made once.

use crate::error::{Result, db};
use crate::{Backend, Store};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

impl Store {
    /// A transaction for `EXPLAIN`ing, and the prefix to put before each statement. SQLite:
    /// `EXPLAIN QUERY PLAN`. PostgreSQL: statistics gathered first for `tables` (so the planner
    /// picks by the data, not by its defaults), then `EXPLAIN` with sequential scans, hash and merge joins disabled, so a
    /// plan that still reads a table whole shows there is no index it could use. The caller
    /// rolls the transaction back.
    pub(crate) async fn begin_explain(
        &self,
        tables: &[&str],
    ) -> Result<(Transaction<'static, Any>, &'static str)> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let prefix = match self.backend {
            Backend::Sqlite => "EXPLAIN QUERY PLAN ",
            Backend::Postgres => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "ANALYZE {}",
                    tables.join(", ")
                )))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                // Hash and merge joins too: on a test's few thousand rows they are cheapest
                // even where they read a whole side, so with them allowed a join that could not
                // seek (say, ids compared in another collation than their index's) would pass.
                for off in ["enable_seqscan", "enable_hashjoin", "enable_mergejoin"] {
                    sqlx::query(sqlx::AssertSqlSafe(format!("SET LOCAL {off} = off")))
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                "EXPLAIN "
            }
        };
        Ok((tx, prefix))
    }

    /// The plan's lines from the rows of one `EXPLAIN`, followed by an empty line (so the plans of
    /// several statements stay apart).
    pub(crate) fn plan_lines(&self, rows: &[AnyRow], out: &mut Vec<String>) -> Result<()> {
        for r in rows {
            out.push(match self.backend {
                Backend::Sqlite => r.try_get::<String, _>("detail").map_err(db)?,
                Backend::Postgres => r.try_get::<String, _>(0).map_err(db)?,
            });
        }
        out.push(String::new());
        Ok(())
    }
}
