//! `tandem role grant|revoke` through the real binary, on a demo database: the grant lands,
//! is audited, and a bad request exits 2 changing nothing.

use crate::commands::{demo, export_csv, tandem, text};
use tandem_domain::{Role, Scope};

/// The roles of the person with `email` in the demo's scheme, and the newest audit action.
fn roles_of(url: &str, email: &str) -> (Vec<(Role, Scope)>, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = tandem_storage::Store::connect(url).await.expect("open");
        let account = store.account_by_email(email).await.expect("lookup");
        let scheme = store.list_schemes().await.expect("schemes")[0].id;
        let person = match account {
            Some(a) => a.person_id,
            None => {
                store
                    .find_person_by_email(scheme, email)
                    .await
                    .expect("lookup")
                    .expect("a person")
                    .person
                    .id
            }
        };
        let roles = store
            .roles_in_scheme(person, scheme)
            .await
            .expect("roles")
            .into_iter()
            .map(|r| (r.role, r.scope))
            .collect();
        let last = store.list_audit(1).await.expect("audit")[0].action.clone();
        (roles, last)
    })
}

#[test]
fn role_grant_and_revoke_go_through_the_rules_and_the_audit_log() {
    let (dir, url) = demo();
    let csv = export_csv(dir.path(), &url);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = csv.lines().nth(7).unwrap().split(',').collect();
    let (email, organisation) = (
        row[col("email")].to_string(),
        row[col("organisation")].to_string(),
    );
    let (before, _) = roles_of(&url, &email);

    let run = |args: &[&str]| {
        let mut all = vec!["--database-url", url.as_str(), "role"];
        all.extend_from_slice(args);
        tandem(dir.path(), &all, None)
    };
    let out = run(&[
        "grant",
        "--email",
        &email,
        "--role",
        "organisation_coordinator",
        "--organisation",
        &organisation,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (after, last) = roles_of(&url, &email);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert!(
        after.iter().any(
            |(r, s)| *r == Role::OrganisationCoordinator && matches!(s, Scope::Organisation(_))
        )
    );
    assert_eq!(last, "role.grant");

    // An organisation coordinator needs an organisation; an unknown role or person is refused.
    for bad in [
        vec![
            "grant",
            "--email",
            email.as_str(),
            "--role",
            "organisation_coordinator",
        ],
        vec!["grant", "--email", email.as_str(), "--role", "emperor"],
        vec![
            "grant",
            "--email",
            "nobody@example.org",
            "--role",
            "evaluator",
        ],
        vec![
            "grant",
            "--email",
            email.as_str(),
            "--role",
            "programme_coordinator",
            "--programme",
            "No such programme",
        ],
    ] {
        let out = run(&bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", text(&out.stderr));
    }
    assert_eq!(roles_of(&url, &email).0, after, "refusals change nothing");

    let out = run(&[
        "revoke",
        "--email",
        &email,
        "--role",
        "organisation_coordinator",
        "--organisation",
        &organisation,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (roles, last) = roles_of(&url, &email);
    assert_eq!(roles, before);
    assert_eq!(last, "role.revoke");
}
