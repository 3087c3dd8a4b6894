//! Accounts, sessions, single-use tokens, API tokens and the audit log.

use crate::fixtures::{at, org, person, scheme};
use chrono::Duration;
use tandem_domain::{AccountId, PersonId};
use tandem_storage::{
    Account, ApiTokenRecord, AuditEntry, SessionRecord, Store, StoreError, TokenKind, TokenRecord,
    UniqueField,
};

async fn account(store: &Store, given: &str) -> Account {
    let s = scheme(store, &format!("Scheme of {given}")).await;
    let a = org(store, s.id, "Alpha").await;
    let p = person(store, s.id, given, "User", &[a.id]).await.person;
    let acc = Account {
        id: AccountId::new(),
        person_id: p.id,
        scheme_id: s.id,
        email: p.email.clone(),
        password_hash: None,
        disabled: false,
        failed_logins: 0,
        locked_until: None,
    };
    store.create_account(&acc).await.unwrap();
    acc
}

pub async fn accounts_round_trip_and_conflicts(store: Store) {
    let acc = account(&store, "Ada").await;
    assert_eq!(store.get_account(acc.id).await.unwrap(), acc);
    assert_eq!(
        store
            .account_by_email(" ADA.user@EXAMPLE.org ")
            .await
            .unwrap(),
        Some(acc.clone())
    );
    assert_eq!(
        store.account_by_person(acc.person_id).await.unwrap(),
        Some(acc.clone())
    );
    assert_eq!(
        store.account_by_email("nobody@example.org").await.unwrap(),
        None
    );
    assert_eq!(
        store.account_by_person(PersonId::new()).await.unwrap(),
        None
    );
    assert!(matches!(
        store.get_account(AccountId::new()).await,
        Err(StoreError::NotFound)
    ));

    // The e-mail is unique across schemes, ignoring case.
    let other = account(&store, "Bea").await;
    let dup_email = Account {
        id: AccountId::new(),
        email: "ADA.USER@example.org".into(),
        ..other.clone()
    };
    assert!(matches!(
        store.create_account(&dup_email).await,
        Err(StoreError::Conflict {
            field: UniqueField::Email
        })
    ));
    // One account per person.
    let second = Account {
        id: AccountId::new(),
        email: "bea.second@example.org".into(),
        ..other.clone()
    };
    assert!(matches!(
        store.create_account(&second).await,
        Err(StoreError::Conflict {
            field: UniqueField::Person
        })
    ));
    assert_eq!(
        store
            .account_by_email("bea.second@example.org")
            .await
            .unwrap(),
        None
    );

    store
        .set_password_hash(acc.id, "$argon2id$v=19$m=19456,t=2,p=1$abc$def")
        .await
        .unwrap();
    store.set_account_disabled(acc.id, true).await.unwrap();
    let got = store.get_account(acc.id).await.unwrap();
    assert_eq!(
        got.password_hash.as_deref(),
        Some("$argon2id$v=19$m=19456,t=2,p=1$abc$def")
    );
    assert!(got.disabled);
    assert!(
        !format!("{got:?}").contains("argon2id"),
        "Debug must not show the hash"
    );
    assert!(matches!(
        store.set_password_hash(AccountId::new(), "x").await,
        Err(StoreError::NotFound)
    ));
}

pub async fn login_failures_count_and_lock(store: Store) {
    let acc = account(&store, "Cy").await;
    assert_eq!(store.record_login_failure(acc.id, None).await.unwrap(), 1);
    assert_eq!(store.record_login_failure(acc.id, None).await.unwrap(), 2);
    let until = at(2030, 1, 1, 12, 0) + Duration::nanoseconds(123_456_789);
    assert_eq!(
        store
            .record_login_failure(acc.id, Some(until))
            .await
            .unwrap(),
        3
    );
    // A later failure without a lock keeps the lock.
    assert_eq!(store.record_login_failure(acc.id, None).await.unwrap(), 4);
    let got = store.get_account(acc.id).await.unwrap();
    assert_eq!((got.failed_logins, got.locked_until), (4, Some(until)));
    store.reset_login_failures(acc.id).await.unwrap();
    let got = store.get_account(acc.id).await.unwrap();
    assert_eq!((got.failed_logins, got.locked_until), (0, None));
    assert!(matches!(
        store.record_login_failure(AccountId::new(), None).await,
        Err(StoreError::NotFound)
    ));
    // Concurrent failures are all counted.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store.record_login_failure(acc.id, None).await.unwrap()
        }));
    }
    let mut counts = Vec::new();
    for t in tasks {
        counts.push(t.await.unwrap());
    }
    counts.sort();
    assert_eq!(counts, (1..=10).collect::<Vec<u32>>());
}

pub async fn sessions_expire_and_are_deleted(store: Store) {
    let acc = account(&store, "Dee").await;
    let other = account(&store, "Eli").await;
    let now = at(2025, 6, 1, 9, 0);
    let session = |hash: &str, account: AccountId, expires| SessionRecord {
        token_hash: hash.into(),
        account_id: account,
        csrf_token: format!("csrf-{hash}"),
        created_at: now - Duration::hours(1),
        expires_at: expires,
    };
    let live = session("a1", acc.id, now + Duration::hours(8));
    let old = session("a2", acc.id, now - Duration::seconds(1));
    let theirs = session("b1", other.id, now + Duration::hours(8));
    for s in [&live, &old, &theirs] {
        store.create_session(s).await.unwrap();
    }
    assert!(matches!(
        store.create_session(&live).await,
        Err(StoreError::Conflict {
            field: UniqueField::Token
        })
    ));
    assert_eq!(store.session("a1", now).await.unwrap(), Some(live.clone()));
    assert_eq!(store.session("a2", now).await.unwrap(), None);
    assert_eq!(store.session("zz", now).await.unwrap(), None);
    // Expiry is exclusive: at the expiry instant the session is gone.
    assert_eq!(store.session("a1", live.expires_at).await.unwrap(), None);
    assert_eq!(
        store
            .session("a1", live.expires_at - Duration::nanoseconds(1))
            .await
            .unwrap(),
        Some(live.clone())
    );

    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 1);
    assert_eq!(store.delete_expired_sessions(now).await.unwrap(), 0);
    store.delete_session("a1").await.unwrap();
    assert_eq!(store.session("a1", now).await.unwrap(), None);
    store
        .create_session(&session("a3", acc.id, now + Duration::hours(1)))
        .await
        .unwrap();
    store
        .create_session(&session("a4", acc.id, now + Duration::hours(1)))
        .await
        .unwrap();
    store.delete_sessions_of(acc.id).await.unwrap();
    assert_eq!(store.session("a3", now).await.unwrap(), None);
    assert_eq!(store.session("a4", now).await.unwrap(), None);
    assert_eq!(store.session("b1", now).await.unwrap(), Some(theirs));
}

pub async fn tokens_are_single_use_and_expire(store: Store) {
    let acc = account(&store, "Fay").await;
    let now = at(2025, 6, 1, 9, 0);
    let token = |hash: &str, kind, expires| TokenRecord {
        token_hash: hash.into(),
        kind,
        account_id: acc.id,
        expires_at: expires,
    };
    store
        .create_token(&token(
            "inv",
            TokenKind::Invitation,
            now + Duration::days(7),
        ))
        .await
        .unwrap();
    store
        .create_token(&token(
            "reset",
            TokenKind::PasswordReset,
            now + Duration::hours(1),
        ))
        .await
        .unwrap();
    store
        .create_token(&token("stale", TokenKind::PasswordReset, now))
        .await
        .unwrap();

    // A token of one kind does not work as the other.
    assert_eq!(
        store
            .consume_token(TokenKind::PasswordReset, "inv", now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .token_is_valid(TokenKind::Invitation, "inv", now)
            .await
            .unwrap(),
        Some(acc.id)
    );
    assert_eq!(
        store
            .consume_token(TokenKind::Invitation, "inv", now)
            .await
            .unwrap(),
        Some(acc.id)
    );
    assert_eq!(
        store
            .consume_token(TokenKind::Invitation, "inv", now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .token_is_valid(TokenKind::Invitation, "inv", now)
            .await
            .unwrap(),
        None
    );
    // Expired at its expiry instant.
    assert_eq!(
        store
            .consume_token(TokenKind::PasswordReset, "stale", now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .consume_token(TokenKind::PasswordReset, "reset", now + Duration::hours(2))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .consume_token(TokenKind::PasswordReset, "reset", now)
            .await
            .unwrap(),
        Some(acc.id)
    );
    assert_eq!(
        store
            .consume_token(TokenKind::PasswordReset, "unknown", now)
            .await
            .unwrap(),
        None
    );
}

pub async fn concurrent_token_use_succeeds_once(store: Store) {
    let acc = account(&store, "Gus").await;
    let now = at(2025, 6, 1, 9, 0);
    for round in 0..5 {
        let hash = format!("race{round}");
        let t = TokenRecord {
            token_hash: hash.clone(),
            kind: TokenKind::PasswordReset,
            account_id: acc.id,
            expires_at: now + Duration::hours(1),
        };
        store.create_token(&t).await.unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let store = store.clone();
            let hash = hash.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .consume_token(TokenKind::PasswordReset, &hash, now)
                    .await
                    .unwrap()
            }));
        }
        let mut winners = 0;
        for task in tasks {
            if task.await.unwrap().is_some() {
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "round {round}");
    }
}

pub async fn api_tokens_round_trip(store: Store) {
    let acc = account(&store, "Hil").await;
    let t1 = ApiTokenRecord {
        id: "id-1".into(),
        token_hash: "h1".into(),
        account_id: acc.id,
        name: "Reporting".into(),
        created_at: at(2025, 1, 1, 0, 0),
        expires_at: Some(at(2025, 4, 1, 0, 0)),
        last_used_at: None,
    };
    let t2 = ApiTokenRecord {
        id: "id-2".into(),
        token_hash: "h2".into(),
        account_id: acc.id,
        name: "HR sync".into(),
        created_at: at(2025, 2, 1, 0, 0),
        expires_at: None,
        last_used_at: Some(at(2025, 2, 2, 0, 0)),
    };
    store.create_api_token(&t2).await.unwrap();
    store.create_api_token(&t1).await.unwrap();
    assert!(matches!(
        store.create_api_token(&t1).await,
        Err(StoreError::Conflict {
            field: UniqueField::Token
        })
    ));
    assert_eq!(store.api_token_account("h1").await.unwrap(), Some(acc.id));
    assert_eq!(store.api_token_account("nope").await.unwrap(), None);
    assert_eq!(
        store.list_api_tokens(acc.id).await.unwrap(),
        vec![t1, t2.clone()]
    );
    store.delete_api_token("h1").await.unwrap();
    assert_eq!(store.api_token_account("h1").await.unwrap(), None);
    assert_eq!(
        store.list_api_tokens(acc.id).await.unwrap(),
        vec![t2.clone()]
    );
    // Last use, by hash; an expiry for tokens that have none; revocation by id, own only.
    store
        .touch_api_token("h2", at(2025, 3, 1, 0, 0))
        .await
        .unwrap();
    assert_eq!(
        store
            .expire_unexpiring_api_tokens(at(2025, 6, 1, 0, 0))
            .await
            .unwrap(),
        1
    );
    let got = store.api_token("h2").await.unwrap().unwrap();
    assert_eq!(got.last_used_at, Some(at(2025, 3, 1, 0, 0)));
    assert_eq!(got.expires_at, Some(at(2025, 6, 1, 0, 0)));
    let other = account(&store, "Hank").await;
    assert!(!store.delete_api_token_of(other.id, "id-2").await.unwrap());
    assert!(store.delete_api_token_of(acc.id, "id-2").await.unwrap());
    assert!(store.list_api_tokens(acc.id).await.unwrap().is_empty());
}

pub async fn rate_limit_windows_count_to_their_limit_and_refusals_write_nothing(store: Store) {
    let w1 = at(2025, 1, 1, 10, 0);
    let w2 = at(2025, 1, 1, 10, 1);
    for _ in 0..3 {
        assert!(
            store
                .hit_rate_limit("sign_in:ip:192.0.2.1", w1, 3)
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w1, 3)
            .await
            .unwrap()
    );
    assert!(
        !store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w1, 3)
            .await
            .unwrap()
    );
    // Another bucket is counted apart; a new window starts again from one.
    assert!(
        store
            .hit_rate_limit("sign_in:ip:192.0.2.2", w1, 3)
            .await
            .unwrap()
    );
    assert!(
        store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
    assert!(
        store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
    assert!(
        store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
    assert!(
        !store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
    // A hit taken back frees its place (and never goes below none).
    store
        .release_rate_limit("sign_in:ip:192.0.2.1", w2)
        .await
        .unwrap();
    assert!(
        store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
    assert!(
        !store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
    // Old windows are swept; the current ones stay.
    assert_eq!(store.delete_rate_limits_before(w2).await.unwrap(), 1);
    assert!(
        !store
            .hit_rate_limit("sign_in:ip:192.0.2.1", w2, 3)
            .await
            .unwrap()
    );
}

pub async fn sign_in_failures_are_counted_and_delayed(store: Store) {
    let now = at(2025, 1, 1, 10, 0);
    assert_eq!(store.sign_in_not_before("s1").await.unwrap(), None);
    assert_eq!(store.record_sign_in_failure("s1", now).await.unwrap(), 1);
    assert_eq!(store.record_sign_in_failure("s1", now).await.unwrap(), 2);
    let later = at(2025, 1, 1, 10, 5);
    store.delay_sign_in("s1", later).await.unwrap();
    // A shorter delay never replaces a longer one.
    store.delay_sign_in("s1", now).await.unwrap();
    assert_eq!(store.sign_in_not_before("s1").await.unwrap(), Some(later));
    assert_eq!(store.sign_in_not_before("s2").await.unwrap(), None);
    store.clear_sign_in_failures("s1").await.unwrap();
    assert_eq!(store.sign_in_not_before("s1").await.unwrap(), None);
    assert_eq!(store.record_sign_in_failure("s1", now).await.unwrap(), 1);
    assert_eq!(
        store
            .delete_sign_in_delays_before(at(2025, 1, 2, 0, 0))
            .await
            .unwrap(),
        1
    );
}

pub async fn spending_the_tokens_of_a_kind_leaves_other_kinds(store: Store) {
    let acc = account(&store, "Ria").await;
    for (hash, kind) in [
        ("r1", TokenKind::PasswordReset),
        ("r2", TokenKind::PasswordReset),
        ("i1", TokenKind::Invitation),
    ] {
        store
            .create_token(&TokenRecord {
                token_hash: hash.into(),
                kind,
                account_id: acc.id,
                expires_at: at(2030, 1, 1, 0, 0),
            })
            .await
            .unwrap();
    }
    let now = at(2025, 1, 1, 0, 0);
    assert_eq!(
        store
            .spend_tokens_of(acc.id, TokenKind::PasswordReset, now)
            .await
            .unwrap(),
        2
    );
    for hash in ["r1", "r2"] {
        assert_eq!(
            store
                .consume_token(TokenKind::PasswordReset, hash, now)
                .await
                .unwrap(),
            None
        );
    }
    assert_eq!(
        store
            .consume_token(TokenKind::Invitation, "i1", now)
            .await
            .unwrap(),
        Some(acc.id)
    );
}

pub async fn audit_log_is_newest_first(store: Store) {
    let acc = account(&store, "Ivo").await;
    assert!(store.list_audit(10).await.unwrap().is_empty());
    let entry = |minute: u32, action: &str| AuditEntry {
        at: at(2025, 3, 1, 10, minute),
        actor: if minute.is_multiple_of(2) {
            Some(acc.person_id)
        } else {
            None
        },
        action: action.into(),
        subject: format!("person:{}", acc.person_id),
        detail: format!("{{\"n\":{minute}}}"),
    };
    let entries: Vec<AuditEntry> = (0..6).map(|m| entry(m, &format!("action{m}"))).collect();
    // Written out of time order; read back newest first.
    for i in [3, 0, 5, 1, 4, 2] {
        store.append_audit(&entries[i]).await.unwrap();
    }
    // Two entries in the same instant come back newest-written first.
    let twin = AuditEntry {
        action: "action5b".into(),
        ..entries[5].clone()
    };
    store.append_audit(&twin).await.unwrap();
    let got = store.list_audit(4).await.unwrap();
    assert_eq!(
        got,
        vec![
            twin,
            entries[5].clone(),
            entries[4].clone(),
            entries[3].clone()
        ]
    );
    assert_eq!(store.list_audit(100).await.unwrap().len(), 7);
}

pub async fn login_failures_lock_at_threshold(store: Store) {
    let acc = account(&store, "Jo").await;
    let now = at(2025, 6, 1, 9, 0);
    let until = now + Duration::minutes(15);
    let fail = |t| {
        let store = store.clone();
        async move {
            store
                .record_login_failure_locking(acc.id, t, 3, t + Duration::minutes(15))
                .await
                .unwrap()
        }
    };
    assert_eq!(fail(now).await, (1, None));
    assert_eq!(fail(now).await, (2, None));
    assert_eq!(fail(now).await, (3, Some(until)));
    // While locked, failures still count and the lock is neither moved nor lifted.
    assert_eq!(fail(now + Duration::minutes(5)).await, (4, Some(until)));
    assert_eq!(
        store.get_account(acc.id).await.unwrap().locked_until,
        Some(until)
    );
    // Once the lock has run out the count starts again.
    assert_eq!(fail(until).await, (1, None));
    assert_eq!(fail(until).await, (2, None));
    let missing = store
        .record_login_failure_locking(AccountId::new(), now, 3, until)
        .await;
    assert!(matches!(missing, Err(StoreError::NotFound)));

    // Parallel failures cannot all slip under the threshold.
    let other = account(&store, "Kim").await;
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            store
                .record_login_failure_locking(other.id, now, 5, until)
                .await
                .unwrap()
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    results.sort();
    let counts: Vec<u32> = results.iter().map(|r| r.0).collect();
    assert_eq!(counts, (1..=10).collect::<Vec<u32>>());
    assert!(results.iter().all(|(n, lock)| (*n >= 5) == lock.is_some()));
    let got = store.get_account(other.id).await.unwrap();
    assert_eq!((got.failed_logins, got.locked_until), (10, Some(until)));
}

pub async fn api_tokens_of_an_account_are_revoked_together(store: Store) {
    let acc = account(&store, "Lou").await;
    let other = account(&store, "Max").await;
    for (hash, owner) in [("l1", acc.id), ("l2", acc.id), ("m1", other.id)] {
        let t = ApiTokenRecord {
            id: format!("id-{hash}"),
            token_hash: hash.into(),
            account_id: owner,
            name: hash.into(),
            created_at: at(2025, 1, 1, 0, 0),
            expires_at: Some(at(2026, 1, 1, 0, 0)),
            last_used_at: None,
        };
        store.create_api_token(&t).await.unwrap();
    }
    assert_eq!(store.delete_api_tokens_of(acc.id).await.unwrap(), 2);
    assert_eq!(store.delete_api_tokens_of(acc.id).await.unwrap(), 0);
    assert_eq!(store.api_token_account("l1").await.unwrap(), None);
    assert_eq!(store.api_token_account("l2").await.unwrap(), None);
    assert_eq!(store.api_token_account("m1").await.unwrap(), Some(other.id));
}
