//! Test harness for the pages: a fresh store per test (SQLite file, or a fresh PostgreSQL
//! database), a seeded scheme, and a cookie-keeping browser that talks to the router in process.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use sqlx::Connection;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tandem_app::{Context, SettableClock, Settings};
use tandem_domain::{
    AccountId, Country, Employment, EmploymentId, GradeSystem, Language, Organisation,
    OrganisationId, OrganisationKind, Person, PersonId, Role, RoleAssignment, Scheme, SchemeId,
    Scope,
};
use tandem_mail::MemoryMailer;
use tandem_storage::{Account, Store};
use tandem_web::{AppState, WebConfig};
use tower::ServiceExt;

/// Every seeded account's password.
pub const PASSWORD: &str = "correct horse battery staple";

/// A seeded scheme: two organisations, their coordinators, a scheme coordinator, a participant
/// and a few staff (without accounts).
pub struct World {
    pub app: Router,
    pub state: AppState,
    /// The use cases' context the application runs with (the same store, mailer and clock).
    pub ctx: Context,
    /// The application's clock; tests move it to expire tokens, offers and locks.
    pub clock: Arc<SettableClock>,
    pub mailer: MemoryMailer,
    pub scheme: SchemeId,
    pub org_a: OrganisationId,
    pub org_b: OrganisationId,
    pub coordinator_a: PersonId,
    pub coordinator_b: PersonId,
    pub participant: PersonId,
    /// Staff of organisation A (no accounts).
    pub staff_a: Vec<PersonId>,
    /// Staff of organisation B (no accounts).
    pub staff_b: Vec<PersonId>,
    /// Hash of [`PASSWORD`], for accounts added by tests.
    password_hash: String,
}

pub const SC: &str = "sc@alpha.example.org";
pub const CA: &str = "coord@alpha.example.org";
pub const CB: &str = "coord@beta.example.org";
pub const PA: &str = "pat@alpha.example.org";

impl World {
    pub fn browser(&self) -> Browser {
        Browser {
            app: self.app.clone(),
            cookies: HashMap::new(),
            headers: vec![],
        }
    }

    /// A browser signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let mut b = self.browser();
        b.sign_in(email, PASSWORD)
            .await
            .assert_status(StatusCode::SEE_OTHER);
        b
    }

    /// Creates a programme of the world's scheme and one intake of it, with `places` for
    /// organisations A and B; `days` are the intake's opening, closing and start dates in days
    /// from today.
    pub async fn programme_with_intake(
        &self,
        (name, kind, rules): (
            String,
            tandem_domain::ProgrammeKind,
            tandem_domain::ProgrammeRules,
        ),
        intake_name: &str,
        days: [i64; 3],
        places: [u32; 2],
    ) -> (tandem_domain::Programme, tandem_domain::Intake) {
        use tandem_domain::{Intake, IntakeId, IntakePlace, Programme, ProgrammeId};
        let programme = Programme {
            id: ProgrammeId::new(),
            scheme_id: self.scheme,
            name,
            kind,
            description: String::new(),
            rules,
        };
        self.ctx.store.create_programme(&programme).await.unwrap();
        let today = self.ctx.now().date_naive();
        let day = |d: i64| today + chrono::Duration::days(d);
        let intake = Intake {
            id: IntakeId::new(),
            programme_id: programme.id,
            name: intake_name.into(),
            opens_on: day(days[0]),
            closes_on: day(days[1]),
            starts_on: day(days[2]),
            places: [(self.org_a, places[0]), (self.org_b, places[1])]
                .into_iter()
                .map(|(organisation_id, places)| IntakePlace {
                    organisation_id,
                    places,
                })
                .collect(),
        };
        self.ctx.store.create_intake(&intake).await.unwrap();
        (programme, intake)
    }

    /// Adds a person of `org` with a participant account (password [`PASSWORD`]).
    pub async fn add_participant(
        &self,
        org: OrganisationId,
        given: &str,
        family: &str,
        email: &str,
    ) -> PersonId {
        let id = add_person(&self.ctx.store, self.scheme, org, given, family, email).await;
        add_account(
            &self.ctx.store,
            self.scheme,
            id,
            email,
            RoleAssignment {
                role: Role::Participant,
                scope: Scope::Scheme(self.scheme),
            },
            &self.password_hash,
        )
        .await;
        id
    }

    pub async fn people_count(&self) -> usize {
        self.ctx
            .store
            .all_people(self.scheme)
            .await
            .expect("all people")
            .len()
    }
}

pub async fn add_person(
    store: &Store,
    scheme: SchemeId,
    org: OrganisationId,
    given: &str,
    family: &str,
    email: &str,
) -> PersonId {
    let id = PersonId::new();
    let person = Person {
        id,
        scheme_id: scheme,
        given_name: given.into(),
        family_name: family.into(),
        email: email.into(),
        language: Language::EnGb,
    };
    let employment = Employment {
        id: EmploymentId::new(),
        person_id: id,
        organisation_id: org,
        job_title: "Team leader".into(),
        profession: "Nursing".into(),
        grade_system: GradeSystem::AgendaForChange,
        grade: "7".into(),
        line_manager_id: None,
        primary: true,
    };
    store
        .create_person(&person, &[employment])
        .await
        .expect("create person");
    id
}

async fn add_account(
    store: &Store,
    scheme: SchemeId,
    person: PersonId,
    email: &str,
    role: RoleAssignment,
    hash: &str,
) {
    store.grant_role(person, role).await.expect("grant role");
    let account = Account {
        id: AccountId::new(),
        person_id: person,
        scheme_id: scheme,
        email: email.into(),
        password_hash: Some(hash.into()),
        disabled: false,
        failed_logins: 0,
        locked_until: None,
    };
    store
        .create_account(&account)
        .await
        .expect("create account");
}

/// Seeds the standard scheme into `store` and builds the application around it.
pub async fn world(store: Store) -> World {
    let scheme = SchemeId::new();
    store
        .create_scheme(&Scheme {
            id: scheme,
            name: "North Region Network".into(),
            description: String::new(),
        })
        .await
        .expect("scheme");
    let org_a = OrganisationId::new();
    let org_b = OrganisationId::new();
    for (id, name, kind) in [
        (org_a, "Alpha Trust", OrganisationKind::NhsTrust),
        (org_b, "Beta Council", OrganisationKind::LocalAuthority),
    ] {
        let o = Organisation {
            id,
            scheme_id: scheme,
            name: name.into(),
            kind,
            country: Country::UnitedKingdom,
        };
        store.create_organisation(&o).await.expect("organisation");
    }
    let hash = password_auth::generate_hash(PASSWORD);
    let scheme_coordinator = add_person(&store, scheme, org_a, "Sam", "Coordinator", SC).await;
    add_account(
        &store,
        scheme,
        scheme_coordinator,
        SC,
        RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: Scope::Scheme(scheme),
        },
        &hash,
    )
    .await;
    let coordinator_a = add_person(&store, scheme, org_a, "Ada", "Alpha", CA).await;
    add_account(
        &store,
        scheme,
        coordinator_a,
        CA,
        RoleAssignment {
            role: Role::OrganisationCoordinator,
            scope: Scope::Organisation(org_a),
        },
        &hash,
    )
    .await;
    let coordinator_b = add_person(&store, scheme, org_b, "Ben", "Beta", CB).await;
    add_account(
        &store,
        scheme,
        coordinator_b,
        CB,
        RoleAssignment {
            role: Role::OrganisationCoordinator,
            scope: Scope::Organisation(org_b),
        },
        &hash,
    )
    .await;
    let participant = add_person(&store, scheme, org_a, "Pat", "Participant", PA).await;
    add_account(
        &store,
        scheme,
        participant,
        PA,
        RoleAssignment {
            role: Role::Participant,
            scope: Scope::Scheme(scheme),
        },
        &hash,
    )
    .await;
    let mut staff_a = Vec::new();
    for (g, f) in [("Alice", "Archer"), ("Alan", "Ashby"), ("Amira", "Aziz")] {
        staff_a.push(
            add_person(
                &store,
                scheme,
                org_a,
                g,
                f,
                &format!("{}@alpha.example.org", g.to_lowercase()),
            )
            .await,
        );
    }
    let mut staff_b = Vec::new();
    for (g, f) in [("Bea", "Brook"), ("Bilal", "Bashir")] {
        staff_b.push(
            add_person(
                &store,
                scheme,
                org_b,
                g,
                f,
                &format!("{}@beta.example.org", g.to_lowercase()),
            )
            .await,
        );
    }
    let mailer = MemoryMailer::new();
    let settings = Settings {
        base_url: "https://tandem.test".into(),
        ..Settings::default()
    };
    let clock = SettableClock::new();
    let ctx = Context::with_clock(store, Arc::new(mailer.clone()), settings, clock.clone());
    let state = AppState::new(ctx.clone(), WebConfig::default());
    World {
        app: crate::openapi_check::checked(tandem_web::app(state.clone())),
        state,
        ctx,
        clock,
        mailer,
        scheme,
        org_a,
        org_b,
        coordinator_a,
        coordinator_b,
        participant,
        staff_a,
        staff_b,
        password_hash: hash,
    }
}

/// Runs `story` on a seeded world on SQLite (a new file), then on a fresh PostgreSQL database
/// when `TANDEM_TEST_POSTGRES_URL` is set (required when `TANDEM_TEST_REQUIRE_POSTGRES=1`).
pub async fn on_backends<F, Fut>(story: F)
where
    F: Fn(World) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("tandem.db").display());
    let store = Store::connect(&url).await.expect("connect to SQLite");
    store.migrate().await.expect("migrate SQLite");
    story(world(store.clone()).await).await;
    store.close().await;

    let Some(admin) = postgres_url() else { return };
    let db = TempPgDatabase::create(&admin).await;
    let store = Store::connect(&db.url)
        .await
        .expect("connect to PostgreSQL");
    store.migrate().await.expect("migrate PostgreSQL");
    story(world(store.clone()).await).await;
    store.close().await;
    drop(db);
}

fn postgres_url() -> Option<String> {
    match std::env::var("TANDEM_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("TANDEM_TEST_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "TANDEM_TEST_REQUIRE_POSTGRES=1 but TANDEM_TEST_POSTGRES_URL is not set"
            );
            None
        }
    }
}

/// A database made for one test and dropped afterwards (even when the test panicked).
struct TempPgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TempPgDatabase {
    async fn create(admin_url: &str) -> Self {
        let name = format!("tandem_web_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = sqlx::postgres::PgConnection::connect(admin_url)
            .await
            .expect("connect to PostgreSQL");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create database");
        admin.close().await.ok();
        let (base, query) = match admin_url.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (admin_url, None),
        };
        let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
        let host_end = base[after_scheme..]
            .find('/')
            .map(|i| after_scheme + i)
            .unwrap_or(base.len());
        let mut url = format!("{}/{}", &base[..host_end], name);
        if let Some(q) = query {
            url.push('?');
            url.push_str(q);
        }
        Self {
            admin_url: admin_url.into(),
            name,
            url,
        }
    }
}

impl Drop for TempPgDatabase {
    fn drop(&mut self) {
        let admin_url = self.admin_url.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url).await?;
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut admin)
                    .await?;
                admin.close().await
            })
        })
        .join();
    }
}

/// A buffered response.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Page {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn assert_status(&self, want: StatusCode) -> &Self {
        assert_eq!(
            self.status,
            want,
            "unexpected status; body:\n{}",
            self.text()
        );
        self
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    /// The `csrf_token` of the first form on the page.
    pub fn csrf(&self) -> Option<String> {
        let text = self.text();
        let at = text.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
        let end = text[at..].find('"')? + at;
        Some(text[at..end].to_string())
    }

    pub fn contains(&self, s: &str) -> bool {
        self.text().contains(s)
    }
}

/// A browser: keeps cookies, sends forms with the CSRF token of the last page it saw.
pub struct Browser {
    app: Router,
    pub cookies: HashMap<String, String>,
    /// Extra headers sent with every request (e.g. `Accept-Language`).
    pub headers: Vec<(String, String)>,
}

impl Browser {
    pub async fn request(&mut self, req: Request<Body>) -> Page {
        let mut req = req;
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("cookie header"));
        }
        for (k, v) in &self.headers {
            req.headers_mut().insert(
                axum::http::HeaderName::from_bytes(k.as_bytes()).expect("name"),
                v.parse().expect("value"),
            );
        }
        let res = self
            .app
            .clone()
            .oneshot(req)
            .await
            .expect("router never fails");
        for v in res.headers().get_all(header::SET_COOKIE) {
            let s = v.to_str().expect("ascii cookie");
            let (pair, attrs) = s.split_once(';').unwrap_or((s, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            if attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A CSRF token valid for this browser now (read from a page with a form).
    pub async fn token(&mut self) -> String {
        let signed_in = self.cookies.keys().any(|k| k.contains("tandem_session"));
        let page = self
            .get(if signed_in { "/account" } else { "/sign-in" })
            .await;
        page.csrf().expect("a form with a CSRF token")
    }

    /// Posts a URL-encoded form exactly as given (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.request(req).await
    }

    /// Posts a form with a valid CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Uploads a file as `multipart/form-data` (field `file`), with a valid CSRF token.
    pub async fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Page {
        let token = self.token().await;
        self.upload_with_token(path, file_name, bytes, Some(&token))
            .await
    }

    pub async fn upload_with_token(
        &mut self,
        path: &str,
        file_name: &str,
        bytes: &[u8],
        token: Option<&str>,
    ) -> Page {
        let boundary = "----tandemtestboundary7MA4YWxkTrZu0gW";
        let mut body: Vec<u8> = Vec::new();
        if let Some(t) = token {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{t}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .expect("request");
        self.request(req).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.post("/sign-in", &[("email", email), ("password", password)])
            .await
    }
}

/// An API token of a seeded account.
pub async fn api_token(w: &World, email: &str) -> String {
    let account = w
        .ctx
        .store
        .account_by_email(email)
        .await
        .expect("lookup")
        .expect("seeded account");
    let user = tandem_app::accounts::user_for_account(&w.ctx, account.id)
        .await
        .expect("load")
        .expect("user");
    tandem_app::accounts::create_api_token(&w.ctx, &user, "tests")
        .await
        .expect("token")
}

/// One API call with a bearer token and an optional JSON body: the status and the JSON answer
/// (`Null` when the body is empty or not JSON).
pub async fn api_call(
    w: &World,
    method: Method,
    path: &str,
    token: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(serde_json::to_vec(&v).expect("json"))
        }
        None => Body::empty(),
    };
    let res = w
        .app
        .clone()
        .oneshot(req.body(body).expect("request"))
        .await
        .expect("infallible");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// The actor of a seeded person, as the services see them.
pub async fn actor_of(w: &World, person: PersonId) -> tandem_domain::Actor {
    tandem_domain::Actor {
        person_id: person,
        scheme_id: w.scheme,
        roles: w
            .ctx
            .store
            .roles_in_scheme(person, w.scheme)
            .await
            .expect("roles"),
    }
}

/// An application of `person` to `intake`, approved within its organisation's places (stored
/// directly, as if the coordinator had approved it).
pub async fn approved_application(
    w: &World,
    intake: tandem_domain::IntakeId,
    person: PersonId,
    org: OrganisationId,
    role: tandem_domain::ApplicationRole,
    profile: tandem_domain::MatchingProfile,
) -> tandem_domain::Application {
    use tandem_domain::{Application, ApplicationEvent, ApplicationId, ApplicationStatus};
    let now = chrono::Utc::now();
    let a = Application {
        id: ApplicationId::new(),
        intake_id: intake,
        person_id: person,
        role,
        organisation_id: org,
        status: ApplicationStatus::AwaitingCoordinator,
        profile,
        answers: Default::default(),
        line_manager_id: None,
        submitted_at: now,
        updated_at: now,
        version: 1,
    };
    let ev = |status| ApplicationEvent {
        application_id: a.id,
        at: now,
        actor_id: None,
        status,
        note: "test".into(),
    };
    let store = &w.ctx.store;
    store
        .create_application(&a, &ev(ApplicationStatus::AwaitingCoordinator))
        .await
        .expect("application");
    store
        .move_application(
            a.id,
            ApplicationStatus::AwaitingCoordinator,
            &ev(ApplicationStatus::Approved),
        )
        .await
        .expect("approval")
}
