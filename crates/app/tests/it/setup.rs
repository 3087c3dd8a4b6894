//! The first run (`setup::init`, `setup::init_with_code`) and the scheme's settings, on an
//! empty database of each backend.

use tandem_app::setup::{self, Credential, InitRequest, OrganisationEntry, PersonEntry};
use tandem_app::{AppError, Refusal, accounts};
use tandem_domain::{
    Country, Language, Role, SchemeSettings, SchemeSettingsInput, Scope, TimeZone,
};
use tandem_test_support::{Database, WorldOptions, context, on_backends};

const STRONG: &str = "correct horse battery staple";

fn org(name: &str, kind: &str, country: &str) -> OrganisationEntry {
    OrganisationEntry {
        name: name.into(),
        kind: kind.into(),
        country: country.into(),
    }
}

fn person(given: &str, email: &str) -> PersonEntry {
    PersonEntry {
        given_name: given.into(),
        family_name: "First".into(),
        email: email.into(),
        language: String::new(),
    }
}

fn request() -> InitRequest {
    InitRequest {
        scheme_name: "North Sea Care Network".into(),
        settings: SchemeSettingsInput {
            countries: vec!["GB".into(), "NL".into()],
            languages: vec!["en-GB".into(), "nl-NL".into()],
            time_zone: "Europe/London".into(),
            self_registration: false,
            small_number_threshold: Some(8),
            ..SchemeSettingsInput::default()
        },
        organisations: vec![
            org("Riverside NHS Foundation Trust", "nhs_trust", "GB"),
            org("Northshire County Council", "local_authority", "GB"),
            org("Zorggroep Noord", "dutch_care_organisation", "NL"),
        ],
        administrator: person("Ada", "ada@riverside.example.org"),
        administrator_credential: Credential::Password(STRONG.into()),
        coordinator: Some(person("Sam", "sam@northshire.example.org")),
        coordinator_credential: Credential::Invitation,
    }
}

fn fields(e: &AppError) -> Vec<String> {
    match e {
        AppError::Validation(v) => v.errors.iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn init_writes_the_scheme_its_organisations_and_first_people_at_once() {
    on_backends(|db: Database| async move {
        let (ctx, mailer, _) = context(db.store.clone(), WorldOptions::default());
        assert!(setup::needed(&ctx).await.unwrap());
        let done = setup::init(&ctx, request()).await.unwrap();
        assert!(!setup::needed(&ctx).await.unwrap());

        let schemes = ctx.store.list_schemes().await.unwrap();
        assert_eq!(schemes.len(), 1);
        assert_eq!(schemes[0].name, "North Sea Care Network");
        let settings = ctx.store.scheme_settings(done.scheme.id).await.unwrap();
        assert_eq!(
            settings.countries,
            [Country::UnitedKingdom, Country::Netherlands]
        );
        assert_eq!(settings.languages, [Language::EnGb, Language::NlNl]);
        assert_eq!(settings.time_zone, TimeZone::EuropeLondon);
        let orgs = ctx.store.list_organisations(done.scheme.id).await.unwrap();
        assert_eq!(orgs.len(), 3);
        assert_eq!(ctx.store.count_accounts(done.scheme.id).await.unwrap(), 2);

        // The administrator signs in with the password and acts as administrator only.
        let session = accounts::sign_in(&ctx, "ADA@riverside.example.org", STRONG)
            .await
            .unwrap();
        let ada = accounts::user_for_session(&ctx, &session.token)
            .await
            .unwrap()
            .unwrap();
        assert!(ada.user.actor.is_administrator());
        assert!(!ada.user.actor.is_scheme_coordinator());
        assert_eq!(ada.user.actor.scheme_id, done.scheme.id);

        // The coordinator was invited with the usual link, and the link sets a password.
        tandem_test_support::deliver(&ctx).await;
        let mail = mailer.last_to("sam@northshire.example.org").unwrap();
        let token = mail.text.split("token=").nth(1).unwrap();
        let token: String = token.chars().take_while(|c| !c.is_whitespace()).collect();
        accounts::accept_invitation(&ctx, &token, STRONG, STRONG)
            .await
            .unwrap();
        let sam = accounts::sign_in(&ctx, "sam@northshire.example.org", STRONG)
            .await
            .unwrap();
        let sam = accounts::user_for_session(&ctx, &sam.token)
            .await
            .unwrap()
            .unwrap();
        assert!(sam.user.actor.is_scheme_coordinator());
        assert!(!sam.user.actor.is_administrator());

        let audit = ctx.store.list_audit(20).await.unwrap();
        let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
        assert!(actions.contains(&"scheme.init"), "{actions:?}");
        assert_eq!(
            actions.iter().filter(|a| **a == "account.create").count(),
            2
        );
        // Audit entries carry ids, never names or e-mails.
        assert!(
            audit
                .iter()
                .all(|a| !a.detail.contains('@') && !a.subject.contains('@'))
        );
    })
    .await;
}

#[tokio::test]
async fn one_person_may_be_administrator_and_scheme_coordinator() {
    on_backends(|db: Database| async move {
        let (ctx, mailer, _) = context(db.store.clone(), WorldOptions::default());
        let mut req = request();
        req.coordinator = Some(person("Ada", "Ada@Riverside.example.org"));
        req.administrator_credential = Credential::Invitation;
        let done = setup::init(&ctx, req).await.unwrap();
        assert_eq!(done.people.len(), 1);
        assert_eq!(
            done.people[0].roles,
            [Role::Administrator, Role::SchemeCoordinator]
        );
        assert_eq!(ctx.store.count_accounts(done.scheme.id).await.unwrap(), 1);
        tandem_test_support::deliver(&ctx).await;
        assert_eq!(mailer.sent().len(), 1, "one invitation");
        let roles = ctx
            .store
            .roles_in_scheme(done.people[0].person_id, done.scheme.id)
            .await
            .unwrap();
        assert!(
            roles
                .iter()
                .all(|r| r.scope == Scope::Scheme(done.scheme.id))
        );
        assert_eq!(roles.len(), 2);
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_refused_field_by_field_and_writes_nothing() {
    on_backends(|db: Database| async move {
        let (ctx, mailer, _) = context(db.store.clone(), WorldOptions::default());
        let before = db.fingerprint().await;
        let mut req = request();
        req.settings.countries = vec!["GB".into(), "FR".into()];
        req.settings.languages = vec!["de-DE".into()];
        req.organisations = vec![
            org("Riverside NHS Foundation Trust", "hospital", "GB"),
            org("RIVERSIDE nhs foundation trust", "nhs_trust", "GB"),
            org("Zorggroep Noord", "dutch_care_organisation", "BE"),
        ];
        req.administrator_credential = Credential::Password("short".into());
        req.coordinator = Some(PersonEntry {
            language: "fr".into(),
            ..person("Sam", "not-an-address")
        });
        let e = setup::init(&ctx, req).await.unwrap_err();
        assert_eq!(
            fields(&e),
            [
                "countries",
                "languages",
                "organisation_1_kind",
                "organisation_2_name",
                "organisation_3_country",
                "administrator_password",
                "coordinator_email",
                "coordinator_language",
            ]
        );
        assert_eq!(db.fingerprint().await, before);
        tandem_test_support::deliver(&ctx).await;
        assert!(mailer.sent().is_empty());

        // A country outside the scheme's, and no organisations at all.
        let mut req = request();
        req.settings.countries = vec!["GB".into()];
        let e = setup::init(&ctx, req).await.unwrap_err();
        assert_eq!(fields(&e), ["organisation_3_country"]);
        let mut req = request();
        req.organisations.clear();
        let e = setup::init(&ctx, req).await.unwrap_err();
        assert_eq!(fields(&e), ["organisations"]);
        assert_eq!(db.fingerprint().await, before);
    })
    .await;
}

#[tokio::test]
async fn a_second_init_refuses_and_says_what_exists() {
    on_backends(|db: Database| async move {
        let (ctx, _, _) = context(db.store.clone(), WorldOptions::default());
        setup::init(&ctx, request()).await.unwrap();
        let before = db.fingerprint().await;
        let mut again = request();
        again.scheme_name = "Another".into();
        again.administrator = person("Bea", "bea@elsewhere.example.org");
        match setup::init(&ctx, again).await.unwrap_err() {
            AppError::Refused(Refusal::SchemeExists {
                name,
                organisations,
                accounts,
            }) => {
                assert_eq!(name, "North Sea Care Network");
                assert_eq!((organisations, accounts), (3, 2));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(db.fingerprint().await, before);
        // No set-up code is made once a scheme exists.
        assert_eq!(setup::open_setup(&ctx).await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn the_set_up_code_admits_one_set_up_on_any_instance() {
    on_backends(|db: Database| async move {
        let (ctx, _, _) = context(db.store.clone(), WorldOptions::default());
        let code = setup::open_setup(&ctx).await.unwrap().unwrap();
        // Only the hash is stored.
        assert!(!ctx.store.setup_code_live(&code, ctx.now()).await.unwrap());
        let before = db.fingerprint().await;
        let e = setup::init_with_code(&ctx, "guessed", request())
            .await
            .unwrap_err();
        assert_eq!(fields(&e), ["setup_code"]);
        assert_eq!(
            db.fingerprint().await,
            before,
            "a wrong code writes nothing"
        );

        // Another instance on the same database accepts the code this one made.
        let other_store = db.connect_again().await;
        let (other, _, _) = context(other_store.clone(), WorldOptions::default());
        let done = setup::init_with_code(&other, &code, request())
            .await
            .unwrap();
        assert_eq!(done.people.len(), 2);
        assert!(
            !ctx.store
                .setup_code_live(&accounts::token_hash(&code), ctx.now())
                .await
                .unwrap(),
            "the code is used up"
        );
        let again = setup::init_with_code(&ctx, &code, request()).await;
        assert!(matches!(
            again,
            Err(AppError::Refused(Refusal::SchemeExists { .. }))
        ));
        other_store.close().await;
    })
    .await;
}

#[tokio::test]
async fn settings_are_changed_by_the_administrator_and_keep_countries_in_use() {
    on_backends(|db: Database| async move {
        let (ctx, _, _) = context(db.store.clone(), WorldOptions::default());
        setup::init(&ctx, request()).await.unwrap();
        let session = accounts::sign_in(&ctx, "ada@riverside.example.org", STRONG)
            .await
            .unwrap();
        let ada = accounts::user_for_session(&ctx, &session.token)
            .await
            .unwrap()
            .unwrap()
            .user
            .actor;
        let now = setup::settings(&ctx, &ada).await.unwrap();
        let mut input = SchemeSettingsInput::from(&now);
        input.countries = vec!["GB".into()];
        let before = db.fingerprint().await;
        let e = setup::update_settings(&ctx, &ada, input).await.unwrap_err();
        assert_eq!(fields(&e), ["countries"]);
        assert_eq!(db.fingerprint().await, before);

        let wanted = SchemeSettings {
            time_zone: TimeZone::EuropeAmsterdam,
            self_registration: true,
            small_number_threshold: 10,
            suppression_min_statistics: 12,
            ..now
        };
        let saved = setup::update_settings(&ctx, &ada, SchemeSettingsInput::from(&wanted))
            .await
            .unwrap();
        assert_eq!(saved, wanted);
        assert_eq!(setup::settings(&ctx, &ada).await.unwrap(), wanted);
        let audit = ctx.store.list_audit(1).await.unwrap();
        assert_eq!(audit[0].action, "scheme.settings_update");
    })
    .await;
}

#[tokio::test]
async fn schemes_from_before_the_settings_read_as_british_and_english() {
    on_backends(|db: Database| async move {
        let w = tandem_test_support::fixtures::scheme(&db.store, "Older").await;
        assert_eq!(
            db.store.scheme_settings(w).await.unwrap(),
            SchemeSettings::default()
        );
    })
    .await;
}

#[tokio::test]
async fn two_set_ups_racing_on_two_instances_leave_one_scheme() {
    on_backends(|db: Database| async move {
        let (a, _, _) = context(db.store.clone(), WorldOptions::default());
        let other = db.connect_again().await;
        let (b, _, _) = context(other.clone(), WorldOptions::default());
        let mut second = request();
        second.scheme_name = "Rival Network".into();
        let (x, y) = tokio::join!(setup::init(&a, request()), setup::init(&b, second));
        let won = [x.is_ok(), y.is_ok()];
        assert_eq!(won.iter().filter(|w| **w).count(), 1, "{x:?} {y:?}");
        let lost = if x.is_ok() { y } else { x };
        assert!(
            matches!(lost, Err(AppError::Refused(Refusal::SchemeExists { .. }))),
            "{lost:?}"
        );
        assert_eq!(a.store.list_schemes().await.unwrap().len(), 1);
        let scheme = a.store.list_schemes().await.unwrap().remove(0).id;
        assert_eq!(a.store.list_organisations(scheme).await.unwrap().len(), 3);
        assert_eq!(a.store.count_accounts(scheme).await.unwrap(), 2);
        other.close().await;
    })
    .await;
}
