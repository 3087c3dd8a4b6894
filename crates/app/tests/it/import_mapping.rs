//! The HR import that reads real extracts: the column mapping (suggested, changed, kept between
//! requests), councils' own grade lists (a new grade is a warning the commit adds), organisations
//! from a spreadsheet, and e-mail addresses that differ only by invisible or look-alike characters.

use crate::errors::{field, fields};
use tandem_app::AppError;
use tandem_app::import::{self, ImportField, ImportFormat};
use tandem_app::people::{self, PersonInput};
use tandem_domain::GradeSystem;
use tandem_test_support::{SC, on_worlds};

/// A council's extract: a full-name column with a Dutch particle, AFAS/council headings, `;`, a
/// quoted line break in the post title, and a council grade.
const COUNCIL_EXTRACT: &str = "Full Name;E-mail werk;Werkgever;Post title;Grade\r\n\
    Jan van der Berg;jan.vdberg@beta.example.org;Beta Council;\"Social\r\nWorker\";Grade G\r\n\
    Anna de Vries;anna.devries@beta.example.org;Beta Council;Team Manager;PO1\r\n";

#[tokio::test]
async fn an_extract_is_mapped_remapped_and_committed_with_its_council_grades() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let before = w.people_count().await;
        let p = import::preview(&w.ctx, &sc, COUNCIL_EXTRACT.as_bytes(), ImportFormat::Csv)
            .await
            .unwrap();
        let fields_read: Vec<(&str, &str)> = p
            .columns
            .iter()
            .map(|c| (c.heading.as_str(), c.field))
            .collect();
        assert_eq!(
            fields_read,
            [
                ("Full Name", "full_name"),
                ("E-mail werk", "email"),
                ("Werkgever", "organisation"),
                ("Post title", "job_title"),
                ("Grade", "grade")
            ]
        );
        assert!(p.is_valid(), "{:?}", p.rows);
        assert_eq!(p.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3]);
        // Grade G is new to Beta Council's list: a warning on its row; PO1 is national.
        assert_eq!(p.rows_with_warnings, 1);
        assert_eq!(p.rows[0].warnings[0].message, "import.new_local_grade");
        let draft = p.draft_id.clone().unwrap();
        assert_eq!(p.id.as_deref(), Some(draft.as_str()));

        // Leaving the names out is a mapping problem: nothing checked, nothing to commit.
        let mut mapping = vec![
            ImportField::Ignore,
            ImportField::Email,
            ImportField::Organisation,
            ImportField::JobTitle,
            ImportField::Grade,
        ];
        let q = import::remap(&w.ctx, &sc, &draft, &mapping).await.unwrap();
        let problem = q.mapping_problem.clone().expect("the names are missing");
        assert_eq!(problem.message, "import.missing_fields");
        assert!(q.id.is_none() && q.rows.is_empty());
        // The old draft was taken: only the new one remaps.
        let e = import::remap(&w.ctx, &sc, &draft, &mapping)
            .await
            .unwrap_err();
        assert_eq!(field(&e), ("file".into(), "import.preview_expired".into()));
        mapping[0] = ImportField::FullName;
        let r = import::remap(&w.ctx, &sc, q.draft_id.as_deref().unwrap(), &mapping)
            .await
            .unwrap();
        assert!(r.is_valid());
        assert_eq!(w.people_count().await, before, "previews write no people");
        assert!(w.ctx.store.local_grades(w.org_b).await.unwrap().is_empty());

        let done = import::commit(&w.ctx, &sc, r.id.as_deref().unwrap())
            .await
            .unwrap();
        assert_eq!(done.created, 2);
        assert_eq!(
            w.ctx.store.local_grades(w.org_b).await.unwrap(),
            ["Grade G"]
        );
        let jan = w
            .ctx
            .store
            .find_person_by_email(w.scheme, "jan.vdberg@beta.example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                jan.person.given_name.as_str(),
                jan.person.family_name.as_str()
            ),
            ("Jan", "van der Berg")
        );
        assert_eq!(jan.employments[0].job_title, "Social Worker");
        assert_eq!(jan.employments[0].grade, "Grade G");

        // Now on the list: the same grade is no warning, and the person form accepts it.
        let again = import::dry_run(&w.ctx, &sc, COUNCIL_EXTRACT.as_bytes(), ImportFormat::Csv)
            .await
            .unwrap();
        assert_eq!(again.rows_with_warnings, 0);
        let input = PersonInput {
            given_name: "Kim".into(),
            family_name: "Lee".into(),
            email: "kim.lee@beta.example.org".into(),
            organisation_id: Some(w.org_b),
            job_title: "Officer".into(),
            profession: "Social work".into(),
            grade_system: Some(GradeSystem::LocalAuthority),
            grade: "grade g".into(),
            ..PersonInput::default()
        };
        let kim = people::create(&w.ctx, &sc, input).await.unwrap();
        let kim = w.ctx.store.get_person(kim).await.unwrap();
        assert_eq!(kim.employments[0].grade, "Grade G");
    })
    .await;
}

#[tokio::test]
async fn national_grades_stay_strict_and_the_api_mapping_names_the_headings() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let file = "Naam,Email Address,Org L3,Band\nPriya Shah,priya@alpha.example.org,Alpha Trust,Band 8e\n";
        let p = import::dry_run(&w.ctx, &sc, file.as_bytes(), ImportFormat::Csv)
            .await
            .unwrap();
        assert_eq!(p.rows[0].errors[0].message, "import.unknown_grade");
        assert_eq!(p.rows_with_warnings, 0);
        // A required field mapped to nothing: a whole-file error naming the headings found.
        let e = import::dry_run_mapped(
            &w.ctx,
            &sc,
            file.as_bytes(),
            ImportFormat::Csv,
            &[("org l3".into(), ImportField::Ignore)],
        )
        .await
        .unwrap_err();
        let AppError::Validation(v) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(v.errors[0].message, "import.missing_fields");
        assert!(
            v.errors[0]
                .params
                .contains(&("headings".into(), "Naam, Email Address, Org L3, Band".into()))
        );
        let e = import::dry_run_mapped(
            &w.ctx,
            &sc,
            file.as_bytes(),
            ImportFormat::Csv,
            &[("Nickname".into(), ImportField::GivenName)],
        )
        .await
        .unwrap_err();
        assert_eq!(field(&e), ("file".into(), "import.unknown_heading".into()));
    })
    .await;
}

#[tokio::test]
async fn only_the_scheme_or_the_councils_coordinator_keeps_its_grade_list() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let ben = w.actor(w.coordinator_b).await;
        let ada = w.actor(w.coordinator_a).await;
        let list = import::set_local_grades(
            &w.ctx,
            &ben,
            w.org_b,
            &["Grade G".into(), " ".into(), "Grade  H".into()],
        )
        .await
        .unwrap();
        assert_eq!(list.grades, ["Grade G", "Grade H"]);
        assert_eq!(
            import::local_grades(&w.ctx, &sc, w.org_b)
                .await
                .unwrap()
                .grades,
            ["Grade G", "Grade H"]
        );
        let refused = import::set_local_grades(&w.ctx, &ada, w.org_b, &[]).await;
        assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
        assert_eq!(w.ctx.store.local_grades(w.org_b).await.unwrap().len(), 2);
        // A trust has no grade list of its own.
        let trust = import::local_grades(&w.ctx, &sc, w.org_a).await;
        assert!(matches!(trust, Err(AppError::NotFound)), "{trust:?}");
        let long = "G".repeat(300);
        let e = import::set_local_grades(&w.ctx, &sc, w.org_b, &[long])
            .await
            .unwrap_err();
        assert_eq!(fields(&e), [("grades".into(), "error.too_long".into())]);
    })
    .await;
}

#[tokio::test]
async fn organisations_import_once_and_report_the_existing_unchanged() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let file = b"name,kind,country\nalpha trust,nhs_trust,GB\nGamma Care,charity,GB\nStichting Delta,dutch_care_organisation,NL\n";
        let p = import::preview_organisations(&w.ctx, &sc, file, ImportFormat::Csv)
            .await
            .unwrap();
        let actions: Vec<(usize, &str)> = p.rows.iter().map(|r| (r.line, r.action)).collect();
        assert_eq!(actions, [(2, "unchanged"), (3, "create"), (4, "create")]);
        let count = || async { w.ctx.store.list_organisations(w.scheme).await.unwrap().len() };
        let before = count().await;
        let done = import::import_organisations(&w.ctx, &sc, file, ImportFormat::Csv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((done.created, done.unchanged), (2, 1));
        assert_eq!(count().await, before + 2);
        let again = import::import_organisations(&w.ctx, &sc, file, ImportFormat::Csv)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((again.created, again.unchanged), (0, 3));

        // One bad row: every problem by row, nothing written.
        let bad = b"name,kind,country\nEpsilon Trust,nhs_trust,GB\nZeta,hospital,FR\n";
        let refused = import::import_organisations(&w.ctx, &sc, bad, ImportFormat::Csv)
            .await
            .unwrap()
            .unwrap_err();
        let problems: Vec<(usize, String)> = refused
            .rows
            .iter()
            .flat_map(|r| r.errors.iter().map(move |e| (r.line, e.column.clone())))
            .collect();
        assert_eq!(problems, [(3, "kind".into()), (3, "country".into())]);
        assert_eq!(count().await, before + 2);

        let ada = w.actor(w.coordinator_a).await;
        let e = import::import_organisations(&w.ctx, &ada, file, ImportFormat::Csv).await;
        assert!(matches!(e, Err(AppError::Forbidden)), "{e:?}");
    })
    .await;
}

#[tokio::test]
async fn invisible_and_lookalike_characters_never_make_a_second_person() {
    on_worlds(|w| async move {
        let sc = w.actor(w.scheme_coordinator).await;
        let base = |email: &str| PersonInput {
            given_name: "Sam".into(),
            family_name: "Again".into(),
            email: email.into(),
            organisation_id: Some(w.org_a),
            job_title: "Nurse".into(),
            profession: "Nursing".into(),
            grade_system: Some(GradeSystem::AgendaForChange),
            grade: "6".into(),
            ..PersonInput::default()
        };
        let hidden = SC.replacen('@', "\u{200b}@", 1);
        let e = people::create(&w.ctx, &sc, base(&hidden))
            .await
            .unwrap_err();
        assert_eq!(field(&e), ("email".into(), "error.email_taken".into()));
        let fullwidth = SC.replace('a', "\u{ff41}");
        let e = people::create(&w.ctx, &sc, base(&fullwidth))
            .await
            .unwrap_err();
        assert_eq!(field(&e), ("email".into(), "error.email_taken".into()));
        let cyrillic = SC.replacen('a', "\u{0430}", 1);
        let e = people::create(&w.ctx, &sc, base(&cyrillic))
            .await
            .unwrap_err();
        assert_eq!(field(&e), ("email".into(), "error.email_lookalike".into()));

        // In an import: the zero-width space is Sam (an update), the Cyrillic letter refused.
        let file = format!(
            "given_name,family_name,email,organisation,grade\n\
             Sam,Coordinator,{hidden},Alpha Trust,7\n\
             Sam,Other,{cyrillic},Alpha Trust,7\n"
        );
        let p = import::dry_run(&w.ctx, &sc, file.as_bytes(), ImportFormat::Csv)
            .await
            .unwrap();
        assert_eq!((p.rows[0].email.as_str(), p.rows[0].action), (SC, "update"));
        assert!(p.rows[0].errors.is_empty(), "{:?}", p.rows[0].errors);
        assert_eq!(p.rows[1].errors[0].message, "import.email_lookalike");
        assert_eq!(p.rows[1].action, "create");
    })
    .await;
}
