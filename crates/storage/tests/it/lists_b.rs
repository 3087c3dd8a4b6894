//! The audit log and an intake's relationship list, a page at a time: keyset pages walked both
//! ways give every row once in order, totals stop at `COUNT_CAP`, an unknown cursor is
//! `NotFound`, and the statements are planned through indexes (a later change that brings back a
//! scan of the log or of the relationships, or a sort of every match, fails here).

use crate::relationships::{approved, publish, world};
use chrono::Utc;
use sqlx::Connection;
use tandem_domain::{ApplicationRole, RelationshipId, RelationshipKind};
use tandem_storage::{
    AuditCursor, AuditEntry, AuditFilter, Backend, COUNT_CAP, RelationshipCursor, Store, StoreError,
};
use tandem_test_support::Database;

fn entry(action: &str, subject: &str) -> AuditEntry {
    AuditEntry {
        at: Utc::now(),
        actor: None,
        action: action.into(),
        subject: subject.into(),
        detail: String::new(),
    }
}

/// Walks forwards by `next`, then back by `previous`, and checks both walks list every entry
/// matching `filter` once, newest first.
async fn walk_audit(store: &Store, filter: &AuditFilter, expected: &[i64]) {
    let mut seen = Vec::new();
    let mut cursor = None;
    let mut pages = Vec::new();
    loop {
        let page = store.audit_log_page(filter, cursor, 7).await.unwrap();
        assert!(page.items.len() <= 7);
        assert_eq!(page.total, expected.len() as u64);
        assert!(page.total_exact);
        seen.extend(page.items.iter().map(|r| r.seq));
        pages.push(page.items.iter().map(|r| r.seq).collect::<Vec<_>>());
        match page.next {
            Some(n) => cursor = Some(AuditCursor::Before(n.parse().unwrap())),
            None => break,
        }
    }
    assert_eq!(seen, expected, "forwards");
    // Back from the last page to the first, by `previous`.
    let last_first = *pages.last().unwrap().first().unwrap();
    let mut cursor = Some(AuditCursor::After(last_first));
    let mut back = vec![pages.pop().unwrap()];
    while let Some(c) = cursor {
        let page = store.audit_log_page(filter, Some(c), 7).await.unwrap();
        back.push(page.items.iter().map(|r| r.seq).collect());
        cursor = page
            .previous
            .map(|p| AuditCursor::After(p.parse().unwrap()));
    }
    back.reverse();
    let flat: Vec<i64> = back.into_iter().flatten().collect();
    assert_eq!(flat, expected, "backwards");
    // Past the end: no rows, and a way back.
    let oldest = *expected.last().unwrap();
    let past = store
        .audit_log_page(filter, Some(AuditCursor::Before(oldest)), 7)
        .await
        .unwrap();
    assert!(past.items.is_empty() && past.next.is_none() && past.previous.is_some());
}

/// The audit log pages both ways by keyset, with and without a filter.
pub async fn audit_pages_walk_both_ways(store: Store) {
    for i in 0..40 {
        let action = if i % 3 == 0 {
            "thing.three"
        } else {
            "thing.other"
        };
        store
            .append_audit(&entry(action, &format!("s{i}")))
            .await
            .unwrap();
    }
    let all: Vec<i64> = (1..=40).rev().collect();
    walk_audit(&store, &AuditFilter::default(), &all).await;
    let threes: Vec<i64> = (1..=40).rev().filter(|s| (s - 1) % 3 == 0).collect();
    let only = AuditFilter {
        action: Some("thing.three".into()),
        ..AuditFilter::default()
    };
    walk_audit(&store, &only, &threes).await;
}

/// An intake's relationships page both ways, oldest first; a cursor of another intake, or of no
/// relationship, is `NotFound`.
pub async fn relationship_pages_walk_both_ways(store: Store) {
    let w = world(&store).await;
    let mut published = Vec::new();
    for i in 0..5 {
        let mentee = approved(
            &store,
            &w,
            &format!("Mentee{i}"),
            w.org_a,
            ApplicationRole::Mentee,
        )
        .await;
        let mentor = approved(
            &store,
            &w,
            &format!("Mentor{i}"),
            w.org_b,
            ApplicationRole::Mentor,
        )
        .await;
        let r = publish(&store, &w, RelationshipKind::Mentoring, &[&mentee, &mentor]).await;
        published.push(r.id);
    }
    let everything: Vec<RelationshipId> = store
        .relationships_of_intake(w.intake)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(everything.len(), 5);
    let mut seen = Vec::new();
    let mut cursor = None;
    let last_page: Vec<RelationshipId> = loop {
        let page = store
            .relationships_of_intake_page(w.intake, cursor, 2)
            .await
            .unwrap();
        assert_eq!((page.total, page.total_exact), (5, true));
        assert!(page.items.iter().all(|r| r.members.len() == 2));
        let ids: Vec<RelationshipId> = page.items.iter().map(|r| r.id).collect();
        seen.extend(ids.iter().copied());
        match page.next {
            Some(t) => cursor = RelationshipCursor::parse(&t),
            None => break ids,
        }
    };
    assert_eq!(seen, everything, "forwards, in the full list's order");
    let mut back = vec![last_page.clone()];
    let mut cursor = Some(RelationshipCursor::Before(last_page[0]));
    while let Some(c) = cursor {
        let page = store
            .relationships_of_intake_page(w.intake, Some(c), 2)
            .await
            .unwrap();
        back.push(page.items.iter().map(|r| r.id).collect());
        cursor = page.previous.as_deref().and_then(RelationshipCursor::parse);
    }
    back.reverse();
    assert_eq!(back.concat(), everything, "backwards");
    for bad in [
        RelationshipCursor::After(RelationshipId::new()),
        RelationshipCursor::Before(RelationshipId::new()),
    ] {
        assert!(matches!(
            store
                .relationships_of_intake_page(w.intake, Some(bad), 2)
                .await,
            Err(StoreError::NotFound)
        ));
    }
    let other = crate::relationships::world(&store).await;
    assert!(matches!(
        store
            .relationships_of_intake_page(
                other.intake,
                Some(RelationshipCursor::After(published[0])),
                2
            )
            .await,
        Err(StoreError::NotFound)
    ));
}

/// Whether a plan line reads the log or the relationships whole, or sorts every match.
fn is_scan(backend: Backend, line: &str) -> bool {
    match backend {
        Backend::Sqlite => {
            let t = line.trim();
            // A plain "SCAN t" reads the table; "USE TEMP B-TREE FOR ORDER BY" sorts every match.
            [
                "audit_log",
                "r",
                "relationships",
                "relationship_members",
                "m",
            ]
            .iter()
            .any(|a| t == format!("SCAN {a}"))
                || t.contains("USE TEMP B-TREE FOR ORDER BY")
        }
        Backend::Postgres => {
            // A sort of a few rows (an exact subject names one or two entries) is a page's
            // work; a sort of many is every match read before the first is shown.
            let is_sort = line
                .trim_start()
                .trim_start_matches("->")
                .trim_start()
                .starts_with("Sort ");
            let rows = line
                .split("rows=")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse::<u64>().ok());
            line.contains("Seq Scan on audit_log")
                || line.contains("Seq Scan on relationships")
                || (is_sort && rows.is_none_or(|n| n > 200))
        }
    }
}

/// Fills the database straight through SQL (3,000 log entries and relationships: enough that
/// PostgreSQL's planner, with statistics, prefers an index where it may read a table whole).
async fn bulk(db: &Database, intake: &str) {
    let rows = 3000;
    let sqlite = [
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) \
             INSERT INTO audit_log (id, at, actor_id, action, subject, detail, seq, prev_hash, entry_hash) \
             SELECT 'bulk' || i, '2026-01-01T00:00:00.000000Z', NULL, 'bulk.' || (i % 2), 'x' || i, '', 100000 + i, '', '' FROM n"
        ),
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) \
             INSERT INTO relationships (id, intake_id, run_id, kind, status, offer_deadline, meeting_slot, created_at, updated_at, version) \
             SELECT printf('00000000-0000-4000-8000-%012d', i), '{intake}', NULL, 'mentoring', 'active', \
             '2026-01-01T00:00:00.000000Z', '', printf('2025-01-01T00:00:00.%06dZ', i), '2026-01-01T00:00:00.000000Z', 1 FROM n"
        ),
    ];
    let pg = [
        format!(
            "INSERT INTO audit_log (id, at, actor_id, action, subject, detail, seq, prev_hash, entry_hash) \
             SELECT 'bulk' || i, '2026-01-01T00:00:00.000000Z', NULL, 'bulk.' || (i % 2), 'x' || i, '', 100000 + i, '', '' \
             FROM generate_series(1, {rows}) i"
        ),
        format!(
            "INSERT INTO relationships (id, intake_id, run_id, kind, status, offer_deadline, meeting_slot, created_at, updated_at, version) \
             SELECT '00000000-0000-4000-8000-' || lpad(i::text, 12, '0'), '{intake}', NULL, 'mentoring', 'active', \
             '2026-01-01T00:00:00.000000Z', '', '2025-01-01T00:00:00.' || lpad(i::text, 6, '0') || 'Z', \
             '2026-01-01T00:00:00.000000Z', 1 FROM generate_series(1, {rows}) i"
        ),
    ];
    match db.store.backend() {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            for sql in sqlite {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            for sql in pg {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
        }
    }
}

/// The hot statements of both lists (first page, by cursor either way, filtered, and each one's
/// bounded count) are planned through indexes, and the totals stop at `COUNT_CAP`.
pub async fn hot_list_queries_use_indexes(db: Database) {
    let store = db.store.clone();
    let w = world(&store).await;
    bulk(&db, &w.intake.to_string()).await;
    let backend = store.backend();
    let check = |what: &str, plan: Vec<String>| {
        if std::env::var_os("TANDEM_SHOW_PLANS").is_some() {
            println!("{what} on {backend:?}:\n{}", plan.join("\n"));
        }
        assert!(
            !plan.iter().any(|l| is_scan(backend, l)),
            "{what} reads a table whole or sorts every match on {backend:?}:\n{}",
            plan.join("\n")
        );
    };
    let by_action = AuditFilter {
        action: Some("bulk.1".into()),
        ..AuditFilter::default()
    };
    let by_subject = AuditFilter {
        subject: Some("x17".into()),
        ..AuditFilter::default()
    };
    let by_actor = AuditFilter {
        actor: Some(tandem_domain::PersonId::new()),
        ..AuditFilter::default()
    };
    for (what, filter, cursor) in [
        ("audit, first page", AuditFilter::default(), None),
        (
            "audit, older page",
            AuditFilter::default(),
            Some(AuditCursor::Before(101_500)),
        ),
        (
            "audit, newer page",
            AuditFilter::default(),
            Some(AuditCursor::After(101_500)),
        ),
        ("audit, by action", by_action.clone(), None),
        (
            "audit, by action, older page",
            by_action.clone(),
            Some(AuditCursor::Before(101_500)),
        ),
        ("audit, by subject", by_subject, None),
        ("audit, by actor", by_actor, None),
    ] {
        check(
            what,
            store.explain_audit_page(&filter, cursor).await.unwrap(),
        );
        // The plan is of statements that run and answer.
        store.audit_log_page(&filter, cursor, 50).await.unwrap();
    }
    let page = store
        .audit_log_page(&AuditFilter::default(), None, 50)
        .await
        .unwrap();
    assert_eq!((page.total, page.total_exact), (COUNT_CAP, false));
    assert_eq!(page.items.len(), 50);
    assert_eq!(page.items[0].seq, 103_000);

    let some =
        RelationshipId(uuid::Uuid::parse_str("00000000-0000-4000-8000-000000001500").unwrap());
    for (what, cursor) in [
        ("relationships, first page", None),
        (
            "relationships, next page",
            Some(RelationshipCursor::After(some)),
        ),
        (
            "relationships, previous page",
            Some(RelationshipCursor::Before(some)),
        ),
    ] {
        check(
            what,
            store
                .explain_relationships_page(w.intake, cursor)
                .await
                .unwrap(),
        );
        let page = store
            .relationships_of_intake_page(w.intake, cursor, 50)
            .await
            .unwrap();
        assert_eq!((page.total, page.total_exact), (COUNT_CAP, false));
        assert_eq!(page.items.len(), 50);
    }
    // The check itself can fail: a scan or a sort is recognised.
    assert!(is_scan(Backend::Sqlite, "SCAN audit_log"));
    assert!(is_scan(Backend::Sqlite, "USE TEMP B-TREE FOR ORDER BY"));
    assert!(!is_scan(
        Backend::Sqlite,
        "SEARCH r USING INDEX relationships_intake_created (intake_id=?)"
    ));
    assert!(is_scan(
        Backend::Postgres,
        "  ->  Seq Scan on audit_log  (cost=0.00..1.00)"
    ));
    assert!(is_scan(
        Backend::Postgres,
        "  ->  Sort  (cost=1.00..2.00 rows=3000 width=89)"
    ));
    assert!(!is_scan(
        Backend::Postgres,
        "  ->  Sort  (cost=1.00..2.00 rows=2 width=89)"
    ));
}
