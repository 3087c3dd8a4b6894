//! One authority for access, checked: every public use case is called as every kind of person
//! in [`Who`] against the seeded world (SQLite, and PostgreSQL when `TANDEM_TEST_POSTGRES_URL`
//! is set), and must answer as [`CASES`] says. A refused call must write nothing: the database's
//! fingerprint (rows and their contents per table, the audit log included) is the same before
//! and after. A scan of `crates/app/src` fails when a public function is in none of the tables,
//! so a new use case cannot be added without deciding who may call it.

use crate::access_table::{AUDITS_REFUSALS, CASES, Case, NO_ACTOR, NOT_USE_CASES, Outcome};
use crate::access_world::{Template, Who};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tandem_app::applications::{self, LinkOutcome, LinkProblem};
use tandem_app::{AppError, AppResult, sessions};
use tandem_test_support::postgres_url;

/// The table's use cases, checked in a few groups so that the groups run side by side.
const GROUPS: &[&[&str]] = &[
    &[
        "accounts",
        "roles",
        "dashboard",
        "audit_log",
        "evaluation",
        "export",
        "exports",
        "import",
        "intakes",
        "organisations",
        "people",
        "programmes",
        "setup",
        "sign_in",
        "notify::dead_letters",
    ],
    &["applications", "mentors", "registration", "nominations"],
    &["matching", "story"],
    &[
        "growth",
        "peers",
        "appraisal",
        "home",
        "notify::preferences",
        "notify::scheduler",
        "profiles",
        "homes",
    ],
    &["surveys::builder", "surveys::answer"],
    &["sessions", "sets", "pairs"],
    &["rights", "assessments"],
];

fn module_of(name: &str) -> &str {
    name.rsplit_once("::").map_or("", |(m, _)| m)
}

fn classify<T>(result: &AppResult<T>) -> Option<Outcome> {
    match result {
        Ok(_) => Some(Outcome::Ok),
        Err(AppError::Forbidden) => Some(Outcome::Forbidden),
        Err(AppError::NotFound) => Some(Outcome::Hidden),
        Err(AppError::Refused(_) | AppError::Validation(_) | AppError::Conflict { .. }) => {
            Some(Outcome::State)
        }
        Err(_) => None,
    }
}

fn describe(result: &AppResult<()>) -> String {
    match result {
        Ok(()) => "success".into(),
        Err(AppError::Refused(why)) => format!("refused ({why:?})"),
        Err(AppError::Validation(v)) => format!(
            "field errors ({})",
            v.errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Err(e) => format!("{e:?}"),
    }
}

/// Calls every case as everyone; returns what did not answer as the table says.
async fn check(template: &Template, cases: &[&Case]) -> Vec<String> {
    let w = &template.world;
    let mut failures = Vec::new();
    // One copy serves every call until a call writes: a fresh copy (a file copy on SQLite,
    // `CREATE DATABASE … TEMPLATE` on PostgreSQL) costs far more than the call it serves.
    let mut copy = template.copy().await;
    let clean = copy.fingerprint().await;
    let mut dirty = false;
    for case in cases {
        let mut order: Vec<Who> = Vec::new();
        for who in Who::ALL {
            match case.expects(who) {
                None => failures.push(format!(
                    "{}: {who:?} must be listed exactly once (ok, state, forbidden or hidden)",
                    case.name
                )),
                Some(Outcome::Ok) => order.push(who),
                // Refusals first: they must leave the copy as it is, so it serves them all.
                Some(_) => order.insert(0, who),
            }
        }
        for who in order {
            let want = case.expects(who).expect("listed");
            if dirty {
                copy.close().await;
                copy = template.copy().await;
                dirty = false;
            }
            let result = (case.call)(&copy.ctx, w, w.actor(who)).await;
            let got = classify(&result);
            if got != Some(want) {
                failures.push(format!(
                    "{} [{}] as {who:?}: expected {want:?}, got {}",
                    case.name,
                    case.decision,
                    describe(&result)
                ));
            }
            let now = copy.fingerprint().await;
            if now != clean {
                dirty = true;
                let only_audited = AUDITS_REFUSALS.contains(&case.name)
                    && now
                        .changed_since(&clean)
                        .iter()
                        // The entry, and the chain's head it moves on.
                        .all(|t| t.starts_with("audit_log ") || t.starts_with("audit_head "));
                if matches!(want, Outcome::Forbidden | Outcome::Hidden) && !only_audited {
                    failures.push(format!(
                        "{} as {who:?}: refused, yet wrote to {}",
                        case.name,
                        now.changed_since(&clean).join(", ")
                    ));
                }
            }
        }
    }
    copy.close().await;
    failures
}

/// Checks the cases of `modules` on SQLite, then on PostgreSQL when one is configured.
async fn check_modules(modules: &[&str]) {
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|c| modules.contains(&module_of(c.name)))
        .collect();
    assert!(!cases.is_empty(), "no cases for {modules:?}");
    let mut failures = Vec::new();
    if !tandem_test_support::db::postgres_only() {
        let template = Template::sqlite().await;
        failures = check(&template, &cases).await;
        drop(template);
    }
    if let Some(url) = postgres_url() {
        let template = Template::postgres(&url).await;
        failures.extend(
            check(&template, &cases)
                .await
                .into_iter()
                .map(|f| format!("PostgreSQL: {f}")),
        );
    }
    assert!(
        failures.is_empty(),
        "{} call(s) did not answer as the access table says:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn access_to_the_scheme_and_its_people() {
    check_modules(GROUPS[0]).await;
}

#[tokio::test]
async fn access_to_recruitment_and_mentor_development() {
    check_modules(GROUPS[1]).await;
}

#[tokio::test]
async fn access_to_matching_offers_agreements_and_relationships() {
    check_modules(GROUPS[2]).await;
}

#[tokio::test]
async fn access_to_growth_and_home() {
    check_modules(GROUPS[3]).await;
}

#[tokio::test]
async fn access_to_surveys() {
    check_modules(GROUPS[5]).await;
}

#[tokio::test]
async fn access_to_sessions_sets_and_pairs() {
    check_modules(GROUPS[4]).await;
}

#[tokio::test]
async fn access_to_peoples_rights() {
    check_modules(GROUPS[6]).await;
}

#[test]
fn every_module_of_the_table_is_checked_by_a_group() {
    let grouped: BTreeSet<&str> = GROUPS.iter().flat_map(|g| g.iter().copied()).collect();
    let missing: BTreeSet<&str> = CASES
        .iter()
        .map(|c| module_of(c.name))
        .filter(|m| !grouped.contains(m))
        .collect();
    assert!(missing.is_empty(), "modules in no group: {missing:?}");
}

#[test]
fn every_row_sorts_everyone_exactly_once() {
    for case in CASES {
        for who in Who::ALL {
            assert!(
                case.expects(who).is_some(),
                "{}: {who:?} must be in exactly one list",
                case.name
            );
        }
    }
}

#[tokio::test]
async fn the_fingerprint_sees_every_write() {
    use tandem_app::growth;
    let template = Template::sqlite().await;
    let w = &template.world;
    let copy = template.copy().await;
    let member = w.actor(Who::Member);
    let before = copy.fingerprint().await;
    assert_eq!(copy.fingerprint().await, before, "reading changes nothing");
    // A new row, and its audit entry.
    growth::opt_in(&copy.ctx, member, "Rotas", &[])
        .await
        .expect("opt in");
    let added = copy.fingerprint().await;
    let changed = added.changed_since(&before);
    assert!(
        changed.iter().any(|t| t.starts_with("growth_directory "))
            && changed.iter().any(|t| t.starts_with("audit_log ")),
        "{changed:?}"
    );
    // A changed row, the number of rows the same: only its content tells.
    let unaudited = copy.fingerprint().await;
    copy.ctx
        .store
        .set_directory_listing(&tandem_domain::growth::DirectoryListing {
            person_id: member.person_id,
            interests: "Rostering".into(),
            dimensions: vec![],
            updated_at: chrono::Utc::now(),
        })
        .await
        .unwrap();
    let changed = copy.fingerprint().await.changed_since(&unaudited);
    // Only the directory changed, and it holds as many rows as before (the fixture's world may
    // list other people already).
    let n = copy.fingerprint().await.rows("growth_directory");
    assert_eq!(changed, vec![format!("growth_directory ({n} -> {n} rows)")]);
    copy.close().await;
}

/// Holding a role is what admits a person to the scheme, so every use case refuses an account
/// with none. A use case that forgot to ask the policy would let them through, and fail here
/// against its row (or there, if its row claimed otherwise).
#[test]
fn nobody_without_a_role_may_call_any_use_case() {
    for case in CASES {
        assert!(
            matches!(
                case.expects(Who::NoRole),
                Some(Outcome::Forbidden | Outcome::Hidden)
            ),
            "{} lets an account without a role through",
            case.name
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The scan: every public function of the crate is in a table.

/// A public function found in the source.
#[derive(Debug)]
struct Found {
    name: String,
    takes_actor: bool,
    takes_context: bool,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path callers use for the items of `file`: a private submodule whose items its
/// parent re-exports (`mod runs;` with `pub use runs::*;`) is the parent's path.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    if parts.len() >= 2 {
        let parent_dir: PathBuf = src.join(parts[..parts.len() - 1].iter().collect::<PathBuf>());
        let parent = std::fs::read_to_string(parent_dir.join("mod.rs")).unwrap_or_default();
        let last = parts.last().expect("a file").clone();
        if !parent.contains(&format!("pub mod {last};")) {
            parts.pop();
        }
    }
    parts
}

/// Brace depth change of a line, ignoring braces in strings, characters and comments.
fn brace_change(line: &str) -> i32 {
    let chars: Vec<char> = line.chars().collect();
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => break,
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    depth
}

/// Every `pub fn` and `pub async fn` of the crate, with what its parameters take.
fn public_functions() -> Vec<Found> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        let base = module_path(&src, &file);
        let lines: Vec<&str> = text.lines().collect();
        // Inline modules (`pub mod pending { … }`): their names and the depth they close at.
        let mut inline: Vec<(String, i32)> = Vec::new();
        let mut depth = 0;
        for (n, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if let Some(rest) = t.strip_prefix("pub mod ")
                && let Some(name) = rest.strip_suffix(" {")
            {
                inline.push((name.to_string(), depth));
            }
            let signature = t
                .strip_prefix("pub async fn ")
                .or_else(|| t.strip_prefix("pub fn "));
            if let Some(sig) = signature {
                let name: String = sig
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // The parameter list, which may span lines.
                let rest = lines[n..].join("\n");
                let open = rest.find('(').expect("a parameter list");
                let mut level = 0;
                let mut close = open;
                for (i, c) in rest[open..].char_indices() {
                    match c {
                        '(' => level += 1,
                        ')' => {
                            level -= 1;
                            if level == 0 {
                                close = open + i;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let params = &rest[open..close];
                let mut path = base.clone();
                path.extend(inline.iter().map(|(m, _)| m.clone()));
                path.push(name);
                out.push(Found {
                    name: path.join("::"),
                    takes_actor: params.contains("&Actor")
                        || params.contains("&tandem_domain::Actor"),
                    takes_context: params.contains("&Context"),
                });
            }
            depth += brace_change(line);
            while inline.last().is_some_and(|(_, d)| depth <= *d) {
                inline.pop();
            }
        }
    }
    out
}

#[test]
fn every_public_function_taking_an_actor_or_a_context_is_in_a_table() {
    let found = public_functions();
    let cases: BTreeSet<&str> = CASES.iter().map(|c| c.name).collect();
    let no_actor: BTreeMap<&str, &str> = NO_ACTOR.iter().copied().collect();
    let not_use_cases: BTreeMap<&str, &str> = NOT_USE_CASES.iter().copied().collect();
    let mut problems = Vec::new();
    for f in &found {
        let name = f.name.as_str();
        if f.takes_actor {
            if !cases.contains(name) && !not_use_cases.contains_key(name) {
                problems.push(format!(
                    "{name} takes an actor but is not in the access table: add a row saying \
                     who may call it, and make it ask tandem_domain::policy"
                ));
            }
        } else if f.takes_context && !no_actor.contains_key(name) {
            problems.push(format!(
                "{name} takes a context but no actor: list it in NO_ACTOR with the reason it \
                 needs none, or give it an actor and a row in the access table"
            ));
        }
    }
    let with_actor: BTreeSet<&str> = found
        .iter()
        .filter(|f| f.takes_actor)
        .map(|f| f.name.as_str())
        .collect();
    let without_actor: BTreeSet<&str> = found
        .iter()
        .filter(|f| !f.takes_actor && f.takes_context)
        .map(|f| f.name.as_str())
        .collect();
    for name in cases.iter().chain(not_use_cases.keys()) {
        if !with_actor.contains(name) {
            problems.push(format!(
                "{name} is in the access table but no public function of that name takes an actor"
            ));
        }
    }
    for (name, why) in &no_actor {
        if !without_actor.contains(name) {
            problems.push(format!(
                "{name} is in NO_ACTOR but no public function of that name takes a context \
                 without an actor"
            ));
        }
        if why.trim().is_empty() {
            problems.push(format!("{name}: say why it needs no actor"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The scan itself sees what it must: re-exported submodules, inline modules, both kinds.
    for (name, actor) in [
        ("matching::get", true),
        ("sets::follow_up", true),
        ("import::pending::take", false),
        ("upkeep::sweep", false),
    ] {
        assert!(
            found
                .iter()
                .any(|f| f.name == name && f.takes_actor == actor && f.takes_context),
            "the scan missed {name}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Signed links: the token is the authority.

/// Why a link was refused, or `None` when it worked.
fn refused<T>(outcome: AppResult<LinkOutcome<T>>) -> Option<LinkProblem> {
    match outcome.expect("no error") {
        LinkOutcome::Ok(_) => None,
        LinkOutcome::Refused(p) => Some(p),
    }
}

#[tokio::test]
async fn a_line_managers_signed_link_is_the_authority() {
    let template = Template::sqlite().await;
    let w = &template.world;
    let copy = template.copy().await;
    let ctx = &copy.ctx;
    // The non-member's line manager is the member: applying e-mails the member a link.
    let mut record = ctx
        .store
        .get_person(w.person(Who::NonMember))
        .await
        .unwrap();
    record.employments[0].line_manager_id = Some(w.person(Who::Member));
    ctx.store
        .update_person(&record.person, &record.employments)
        .await
        .unwrap();
    let input = applications::ApplicationInput {
        role: Some(tandem_domain::ApplicationRole::Mentee),
        profile: tandem_test_support::fixtures::matchable_profile(),
        answers: Default::default(),
    };
    applications::apply(ctx, w.actor(Who::NonMember), w.apply_intake, input)
        .await
        .expect("apply");
    tandem_app::notify::worker::deliver_due(ctx, 1000)
        .await
        .expect("delivery");
    let mail = copy
        .mailer
        .sent()
        .into_iter()
        .rfind(|m| m.text.contains("/manager-approval/"))
        .expect("the manager's e-mail");
    let token = mail
        .text
        .split("/manager-approval/")
        .nth(1)
        .and_then(|t| t.split('?').next())
        .expect("a link")
        .to_string();

    // An unknown token reads and changes nothing.
    let before = copy.fingerprint().await;
    assert_eq!(
        refused(applications::manager_request(ctx, "forged").await),
        Some(LinkProblem::Unknown)
    );
    assert_eq!(
        refused(applications::answer_manager_link(ctx, "forged", true).await),
        Some(LinkProblem::Unknown)
    );
    assert_eq!(copy.fingerprint().await, before);

    // An expired one neither.
    let days = tandem_domain::application::MANAGER_LINK_DAYS + 1;
    copy.clock.advance(chrono::Duration::days(days));
    assert_eq!(
        refused(applications::manager_request(ctx, &token).await),
        Some(LinkProblem::Expired)
    );
    assert_eq!(
        refused(applications::answer_manager_link(ctx, &token, true).await),
        Some(LinkProblem::Expired)
    );
    assert_eq!(copy.fingerprint().await, before);
    copy.clock.advance(chrono::Duration::days(-days));

    // The valid one shows the request and answers it, once.
    assert_eq!(
        refused(applications::manager_request(ctx, &token).await),
        None
    );
    assert_eq!(
        refused(applications::answer_manager_link(ctx, &token, true).await),
        None
    );
    let after = copy.fingerprint().await;
    assert_ne!(after, before, "the answer is recorded");
    assert_eq!(
        refused(applications::answer_manager_link(ctx, &token, false).await),
        Some(LinkProblem::Used)
    );
    assert_eq!(
        refused(applications::manager_request(ctx, &token).await),
        Some(LinkProblem::Used)
    );
    assert_eq!(copy.fingerprint().await, after);
    copy.close().await;
}

#[tokio::test]
async fn a_secret_calendar_token_is_the_authority() {
    let template = Template::sqlite().await;
    let w = &template.world;
    let copy = template.copy().await;
    let ctx = &copy.ctx;
    let first = sessions::new_feed_token(ctx, w.actor(Who::Member))
        .await
        .expect("token");
    let feed = sessions::feed(ctx, &first)
        .await
        .expect("the member's feed");
    assert!(feed.contains("BEGIN:VCALENDAR") && feed.contains("BEGIN:VEVENT"));
    let before = copy.fingerprint().await;
    for token in ["", "forged", &"x".repeat(101)] {
        assert!(matches!(
            sessions::feed(ctx, token).await,
            Err(AppError::NotFound)
        ));
    }
    assert_eq!(copy.fingerprint().await, before, "reading writes nothing");
    let second = sessions::new_feed_token(ctx, w.actor(Who::Member))
        .await
        .expect("token");
    assert!(matches!(
        sessions::feed(ctx, &first).await,
        Err(AppError::NotFound)
    ));
    assert!(sessions::feed(ctx, &second).await.is_ok());
    copy.close().await;
}
