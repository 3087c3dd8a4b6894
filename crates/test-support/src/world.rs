//! The seeded world: one scheme as the web and use-case tests know it, and the application's
//! [`Context`] around it (see the crate documentation for who is in it).

use crate::db::{Database, on_backends};
use crate::fixtures::{self, add_person};
use std::future::Future;
use std::sync::Arc;
use tandem_app::{Context, SettableClock, Settings};
use tandem_domain::{
    AccountId, Actor, Application, ApplicationRole, Intake, IntakeId, MatchRun, MatchingProfile,
    OrganisationId, OrganisationKind, PersonId, Programme, ProgrammeKind, ProgrammeRules,
    Relationship, RelationshipId, RelationshipKind, Role, RoleAssignment, SchemeId, Scope, Slot,
};
use tandem_mail::MemoryMailer;
use tandem_storage::{Account, Store};

/// Every seeded account's password (and that of accounts added with the world's methods).
pub const PASSWORD: &str = "correct horse battery staple";

/// E-mail address of Sam Coordinator, the scheme coordinator (employed by Alpha Trust).
pub const SC: &str = "sc@alpha.example.org";
/// E-mail address of Ada Alpha, Alpha Trust's organisation coordinator.
pub const CA: &str = "coord@alpha.example.org";
/// E-mail address of Ben Beta, Beta Council's organisation coordinator.
pub const CB: &str = "coord@beta.example.org";
/// E-mail address of Pat Participant, a participant employed by Alpha Trust.
pub const PA: &str = "pat@alpha.example.org";
/// E-mail address of Mo Mentor, the participant of Beta Council that [`World::mentoring`] adds.
pub const MO: &str = "mo@beta.example.org";

/// What can be changed about a world before it is built.
#[derive(Clone, Debug)]
pub struct WorldOptions {
    /// The use cases' settings (default: [`Settings::default`] with `base_url`
    /// `https://tandem.test`, the address e-mailed links start with).
    pub settings: Settings,
    /// Where the clock starts (default: now). Everything seeded is seeded at that time.
    pub start: Option<chrono::DateTime<chrono::Utc>>,
}

impl Default for WorldOptions {
    fn default() -> Self {
        Self {
            settings: Settings {
                base_url: "https://tandem.test".into(),
                ..Settings::default()
            },
            start: None,
        }
    }
}

/// A seeded scheme, "North Region Network", on a fresh database, with the [`Context`] the
/// application runs with.
///
/// - Alpha Trust (NHS trust, UK): Sam Coordinator ([`SC`], scheme coordinator), Ada Alpha
///   ([`CA`], its organisation coordinator), Pat Participant ([`PA`], participant) and three
///   staff without accounts (Alice Archer, Alan Ashby, Amira Aziz).
/// - Beta Council (local authority, UK): Ben Beta ([`CB`], its organisation coordinator) and
///   two staff without accounts (Bea Brook, Bilal Bashir).
///
/// Accounts have the password [`PASSWORD`]. Every person has one primary employment (team
/// leader, nursing, Agenda for Change band 7).
pub struct World {
    /// The use cases' context: the world's store, [`Self::mailer`], [`Self::clock`] and
    /// settings.
    pub ctx: Context,
    /// The application's clock; tests move it to expire tokens, previews, offers and locks.
    pub clock: Arc<SettableClock>,
    /// Everything the application e-mails.
    pub mailer: MemoryMailer,
    /// The database the world lives in (its URL, for a second server).
    pub database: Database,
    pub scheme: SchemeId,
    pub org_a: OrganisationId,
    pub org_b: OrganisationId,
    pub scheme_coordinator: PersonId,
    pub coordinator_a: PersonId,
    pub coordinator_b: PersonId,
    pub participant: PersonId,
    /// Staff of organisation A (no accounts).
    pub staff_a: Vec<PersonId>,
    /// Staff of organisation B (no accounts).
    pub staff_b: Vec<PersonId>,
    /// Hash of [`PASSWORD`], for accounts added later.
    password_hash: String,
}

/// Another scheme in the same database, for who-sees-what tests across schemes: one
/// organisation and its scheme coordinator (with an account, password [`PASSWORD`]).
#[derive(Clone, Copy, Debug)]
pub struct OtherScheme {
    pub scheme: SchemeId,
    pub organisation: OrganisationId,
    pub coordinator: PersonId,
}

/// A mentoring intake with one mentee and one mentor approved and ready to be matched with each
/// other (see [`World::mentoring`]).
#[derive(Clone, Debug)]
pub struct Mentoring {
    pub programme: Programme,
    pub intake: Intake,
    /// Pat's application (organisation A).
    pub mentee: Application,
    /// Mo's application (organisation B).
    pub mentor: Application,
}

impl Mentoring {
    /// The mentee and the mentor.
    pub fn people(&self) -> [PersonId; 2] {
        [self.mentee.person_id, self.mentor.person_id]
    }
}

/// Runs `story` on a default world on SQLite, then on PostgreSQL when configured (see
/// [`crate::on_backends`]).
pub async fn on_worlds<F, Fut>(story: F)
where
    F: Fn(World) -> Fut,
    Fut: Future<Output = ()>,
{
    on_worlds_with(WorldOptions::default(), story).await;
}

/// [`on_worlds`] with options.
pub async fn on_worlds_with<F, Fut>(options: WorldOptions, story: F)
where
    F: Fn(World) -> Fut,
    Fut: Future<Output = ()>,
{
    let story = &story;
    let options = &options;
    on_backends(move |db| async move { story(World::build(db, options.clone()).await).await })
        .await;
}

/// The actor of a person of the world's scheme, with the roles they hold there (a free function
/// for tests written before [`World::actor`]).
pub async fn actor_of(w: &World, person: PersonId) -> Actor {
    w.actor(person).await
}

/// Grants `role` to `person` and gives them an account of `scheme` with password `hash`.
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

/// Delivers every notice due now on `ctx` (for tests that build their own context with
/// [`context`]).
pub async fn deliver(ctx: &Context) -> tandem_app::notify::worker::Delivered {
    tandem_app::notify::worker::deliver_due(ctx, 100_000)
        .await
        .expect("delivering the due notices")
}

/// A use cases' context on `store` as a world has it: every e-mail kept in the returned
/// [`MemoryMailer`], and a [`SettableClock`] (at `options.start`, or now) for the test to move.
/// For worlds seeded apart from [`World`], such as one copied from a template per check.
pub fn context(store: Store, options: WorldOptions) -> (Context, MemoryMailer, Arc<SettableClock>) {
    let mailer = MemoryMailer::new();
    let clock = SettableClock::new();
    if let Some(start) = options.start {
        clock.set(start);
    }
    let ctx = Context::with_clock(
        store,
        Arc::new(mailer.clone()),
        options.settings,
        clock.clone(),
    );
    (ctx, mailer, clock)
}

impl World {
    /// Delivers every notice due now, as the workers of `serve` would, so a test reads what was
    /// sent from [`Self::mailer`]. Fails the test if delivery itself fails.
    pub async fn deliver(&self) -> tandem_app::notify::worker::Delivered {
        deliver(&self.ctx).await
    }

    /// Seeds the standard scheme into `database` and builds the context around it.
    pub async fn build(database: Database, options: WorldOptions) -> World {
        let store = database.store.clone();
        let scheme = fixtures::scheme(&store, "North Region Network").await;
        let org_a =
            fixtures::organisation(&store, scheme, "Alpha Trust", OrganisationKind::NhsTrust).await;
        let org_b = fixtures::organisation(
            &store,
            scheme,
            "Beta Council",
            OrganisationKind::LocalAuthority,
        )
        .await;
        let hash = password_auth::generate_hash(PASSWORD);
        let with_account = |org, given, family, email, role| {
            let (store, hash) = (&store, &hash);
            async move {
                let id = add_person(store, scheme, org, given, family, email).await;
                add_account(store, scheme, id, email, role, hash).await;
                id
            }
        };
        let in_scheme = |role| RoleAssignment {
            role,
            scope: Scope::Scheme(scheme),
        };
        let coordinating = |org| RoleAssignment {
            role: Role::OrganisationCoordinator,
            scope: Scope::Organisation(org),
        };
        let scheme_coordinator = with_account(
            org_a,
            "Sam",
            "Coordinator",
            SC,
            in_scheme(Role::SchemeCoordinator),
        )
        .await;
        let coordinator_a = with_account(org_a, "Ada", "Alpha", CA, coordinating(org_a)).await;
        let coordinator_b = with_account(org_b, "Ben", "Beta", CB, coordinating(org_b)).await;
        let participant = with_account(
            org_a,
            "Pat",
            "Participant",
            PA,
            in_scheme(Role::Participant),
        )
        .await;
        let mut staff_a = Vec::new();
        for (g, f) in [("Alice", "Archer"), ("Alan", "Ashby"), ("Amira", "Aziz")] {
            let email = format!("{}@alpha.example.org", g.to_lowercase());
            staff_a.push(add_person(&store, scheme, org_a, g, f, &email).await);
        }
        let mut staff_b = Vec::new();
        for (g, f) in [("Bea", "Brook"), ("Bilal", "Bashir")] {
            let email = format!("{}@beta.example.org", g.to_lowercase());
            staff_b.push(add_person(&store, scheme, org_b, g, f, &email).await);
        }
        let (ctx, mailer, clock) = context(store, options);
        World {
            ctx,
            clock,
            mailer,
            database,
            scheme,
            org_a,
            org_b,
            scheme_coordinator,
            coordinator_a,
            coordinator_b,
            participant,
            staff_a,
            staff_b,
            password_hash: hash,
        }
    }

    /// The context of another instance of the application on the same database, as behind a
    /// load balancer: its own connection pool, the same settings, clock (servers share the wall
    /// time) and mailer (one outbox for the test to read).
    pub async fn another_server(&self) -> Context {
        Context::with_clock(
            self.database.connect_again().await,
            self.ctx.mailer.clone(),
            self.ctx.settings.clone(),
            self.clock.clone(),
        )
    }

    /// The actor of a person of the world's scheme, with the roles they hold in it.
    pub async fn actor(&self, person: PersonId) -> Actor {
        self.actor_in(person, self.scheme).await
    }

    /// The actor of `person` acting in `scheme` (e.g. a person of [`OtherScheme`]).
    pub async fn actor_in(&self, person: PersonId, scheme: SchemeId) -> Actor {
        Actor {
            person_id: person,
            scheme_id: scheme,
            roles: self
                .ctx
                .store
                .roles_in_scheme(person, scheme)
                .await
                .expect("roles"),
        }
    }

    /// Adds a person of the world's scheme employed by `org` (no account).
    pub async fn add_person(
        &self,
        org: OrganisationId,
        given: &str,
        family: &str,
        email: &str,
    ) -> PersonId {
        add_person(&self.ctx.store, self.scheme, org, given, family, email).await
    }

    /// Grants `role` to `person` of the world's scheme and gives them an account signing in as
    /// `email` with [`PASSWORD`]. Call again with another role for a second role (the account
    /// is made once).
    pub async fn add_account(&self, person: PersonId, email: &str, role: RoleAssignment) {
        let store = &self.ctx.store;
        if store
            .account_by_email(email)
            .await
            .expect("account lookup")
            .is_some()
        {
            store.grant_role(person, role).await.expect("grant role");
            return;
        }
        add_account(store, self.scheme, person, email, role, &self.password_hash).await;
    }

    /// Adds a person of `org` holding `role`, with an account (password [`PASSWORD`]).
    pub async fn add_role_holder(
        &self,
        org: OrganisationId,
        given: &str,
        family: &str,
        email: &str,
        role: RoleAssignment,
    ) -> PersonId {
        let id = self.add_person(org, given, family, email).await;
        self.add_account(id, email, role).await;
        id
    }

    /// Adds a person of `org` with a participant account (password [`PASSWORD`]).
    pub async fn add_participant(
        &self,
        org: OrganisationId,
        given: &str,
        family: &str,
        email: &str,
    ) -> PersonId {
        let role = RoleAssignment {
            role: Role::Participant,
            scope: Scope::Scheme(self.scheme),
        };
        self.add_role_holder(org, given, family, email, role).await
    }

    /// Adds another scheme to the database with one organisation and its scheme coordinator,
    /// who signs in as `coordinator_email`.
    pub async fn another_scheme(&self, name: &str, coordinator_email: &str) -> OtherScheme {
        let store = &self.ctx.store;
        let scheme = fixtures::scheme(store, name).await;
        let organisation = fixtures::organisation(
            store,
            scheme,
            &format!("{name} Trust"),
            OrganisationKind::NhsTrust,
        )
        .await;
        let coordinator = add_person(
            store,
            scheme,
            organisation,
            "Oscar",
            "Other",
            coordinator_email,
        )
        .await;
        let role = RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: Scope::Scheme(scheme),
        };
        add_account(
            store,
            scheme,
            coordinator,
            coordinator_email,
            role,
            &self.password_hash,
        )
        .await;
        OtherScheme {
            scheme,
            organisation,
            coordinator,
        }
    }

    /// How many people the world's scheme has.
    pub async fn people_count(&self) -> usize {
        self.ctx
            .store
            .all_people(self.scheme)
            .await
            .expect("all people")
            .len()
    }

    /// Creates a programme of the world's scheme and one intake of it, with `places` for
    /// organisations A and B; `days` are the intake's opening, closing and start dates in days
    /// from today (the world's clock).
    pub async fn programme_with_intake(
        &self,
        (name, kind, rules): (String, ProgrammeKind, ProgrammeRules),
        intake_name: &str,
        days: [i64; 3],
        places: [u32; 2],
    ) -> (Programme, Intake) {
        let store = &self.ctx.store;
        let programme = fixtures::programme(store, self.scheme, &name, kind, rules).await;
        let today = self.ctx.now().date_naive();
        let day = |d: i64| today + chrono::Duration::days(d);
        let intake = fixtures::intake(
            store,
            programme.id,
            intake_name,
            days.map(day),
            &[(self.org_a, places[0]), (self.org_b, places[1])],
        )
        .await;
        (programme, intake)
    }

    /// An application of `person` to `intake`, approved now within `org`'s places (stored
    /// directly, as if the coordinator had approved it).
    pub async fn approved_application(
        &self,
        intake: IntakeId,
        person: PersonId,
        org: OrganisationId,
        role: ApplicationRole,
        profile: MatchingProfile,
    ) -> Application {
        let (store, now) = (&self.ctx.store, self.ctx.now());
        let a =
            fixtures::submitted_application(store, intake, person, org, role, profile, now).await;
        fixtures::approve(store, &a, now).await
    }

    /// Publishes one relationship of `apps` now, with 14 days to answer, straight through the
    /// store (see [`fixtures::publish`]); `slot` is where a set meets.
    pub async fn publish(
        &self,
        intake: IntakeId,
        kind: RelationshipKind,
        apps: &[&Application],
        slot: Option<Slot>,
    ) -> Relationship {
        let now = self.ctx.now();
        let offer = fixtures::Offer {
            at: now,
            deadline: now + chrono::Duration::days(14),
            slot,
        };
        fixtures::publish(&self.ctx.store, intake, kind, apps, offer).await
    }

    /// A mentoring programme with `rules` (video only when they name no mode) and an intake that
    /// opened 10 days ago, closes in 10 and starts in 20, with 5 places for each organisation;
    /// Pat (A) applied as mentee and Mo Mentor ([`MO`], B, added now with a participant account)
    /// as mentor, both approved with [`fixtures::matchable_profile`], so a run matches them.
    pub async fn mentoring(&self, mut rules: ProgrammeRules) -> Mentoring {
        if rules.modes.is_empty() {
            rules.modes = vec![tandem_domain::Mode::Video];
        }
        let (programme, intake) = self
            .programme_with_intake(
                (
                    "Cross-agency mentoring".into(),
                    ProgrammeKind::Mentoring,
                    rules,
                ),
                "Winter",
                [-10, 10, 20],
                [5, 5],
            )
            .await;
        let mo = self.add_participant(self.org_b, "Mo", "Mentor", MO).await;
        let profile = fixtures::matchable_profile;
        let mentee = self
            .approved_application(
                intake.id,
                self.participant,
                self.org_a,
                ApplicationRole::Mentee,
                profile(),
            )
            .await;
        let mentor = self
            .approved_application(
                intake.id,
                mo,
                self.org_b,
                ApplicationRole::Mentor,
                profile(),
            )
            .await;
        Mentoring {
            programme,
            intake,
            mentee,
            mentor,
        }
    }

    /// [`Self::mentoring`] published (straight through the store), then accepted and the first
    /// agreement signed by both through the use cases: an active mentoring relationship.
    pub async fn active_mentoring(&self, rules: ProgrammeRules) -> (Mentoring, Relationship) {
        let m = self.mentoring(rules).await;
        let kind = RelationshipKind::Mentoring;
        let r = self
            .publish(m.intake.id, kind, &[&m.mentee, &m.mentor], None)
            .await;
        self.accept(r.id, &m.people()).await;
        self.sign(r.id, &m.people(), 1).await;
        let r = self
            .ctx
            .store
            .get_relationship(r.id)
            .await
            .expect("relationship");
        (m, r)
    }

    /// Runs matching on `intake` and publishes the run, through the use cases, as the scheme
    /// coordinator; returns the run.
    pub async fn run_and_publish(&self, intake: IntakeId) -> MatchRun {
        let coordinator = self.actor(self.scheme_coordinator).await;
        let run = tandem_app::matching::run(&self.ctx, &coordinator, intake)
            .await
            .expect("run matching");
        tandem_app::matching::publish(&self.ctx, &coordinator, run.id)
            .await
            .expect("publish the run");
        run
    }

    /// Every one of `people` accepts their offer in `relationship`, through the use case.
    pub async fn accept(&self, relationship: RelationshipId, people: &[PersonId]) {
        for p in people {
            tandem_app::matching::respond(&self.ctx, &self.actor(*p).await, relationship, true)
                .await
                .expect("accept the offer");
        }
    }

    /// Every one of `people` signs `version` of the agreement of `relationship`, through the use
    /// case (the last signature makes it active).
    pub async fn sign(&self, relationship: RelationshipId, people: &[PersonId], version: u32) {
        for p in people {
            tandem_app::matching::sign(&self.ctx, &self.actor(*p).await, relationship, version)
                .await
                .expect("sign the agreement");
        }
    }
}
