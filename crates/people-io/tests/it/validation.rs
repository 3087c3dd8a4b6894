//! Row validation: every kind of problem, grade-system inference, re-import and the plan.

use crate::fixture::*;
use tandem_domain::{GradeSystem, Language};
use tandem_people_io::{Preview, RowAction, RowError, Snapshot, validate};

/// The errors of the row on spreadsheet line `line`.
fn errors_at(p: &Preview, line: usize) -> Vec<RowError> {
    p.rows
        .iter()
        .find(|r| r.line == line)
        .unwrap_or_else(|| panic!("no row {line}"))
        .errors
        .clone()
}

fn only_error(p: &Preview, line: usize) -> RowError {
    let errors = errors_at(p, line);
    assert_eq!(errors.len(), 1, "row {line}: {errors:?}");
    errors.into_iter().next().unwrap()
}

fn param<'a>(e: &'a RowError, key: &str) -> &'a str {
    e.params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {key} in {e:?}"))
}

fn row(f: &Fixture, given: &str, email: &str, org: usize, grade: &str, manager: &str) -> String {
    line([
        given,
        "Tester",
        email,
        f.org_name(org),
        "Nurse",
        "Nursing",
        "",
        grade,
        manager,
        "",
    ])
}

#[test]
fn a_clean_file_plans_creates() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        row(
            &f,
            "Ann",
            "Ann@Example.org",
            TRUST,
            "Band 6",
            "ade.manager@northvale.example",
        ),
        row(
            &f,
            "Bob",
            "bob@example.org",
            TRUST,
            "ST4",
            "ann@example.org",
        ),
    ]));
    assert!(p.is_valid(), "{:?}", p.rows);
    assert_eq!(p.creates.len(), 2);
    assert!(p.updates.is_empty());
    let (ann, ann_jobs) = &p.creates[0];
    assert_eq!(
        ann.email, "ann@example.org",
        "e-mail normalised to lower case"
    );
    assert_eq!(ann.scheme_id, f.scheme_id);
    assert_eq!(ann_jobs.len(), 1);
    assert!(ann_jobs[0].primary);
    assert_eq!(ann_jobs[0].person_id, ann.id);
    assert_eq!(
        (ann_jobs[0].grade_system, ann_jobs[0].grade.as_str()),
        (GradeSystem::AgendaForChange, "6")
    );
    assert_eq!(
        ann_jobs[0].line_manager_id,
        Some(f.people[1].0.id),
        "manager already in the scheme"
    );
    let (_, bob_jobs) = &p.creates[1];
    assert_eq!(
        (bob_jobs[0].grade_system, bob_jobs[0].grade.as_str()),
        (GradeSystem::Medical, "ST4")
    );
    assert_eq!(
        bob_jobs[0].line_manager_id,
        Some(ann.id),
        "manager found in the same file"
    );
    assert_eq!(p.count(RowAction::Create), 2);
}

#[test]
fn unknown_organisation() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[line([
        "A",
        "B",
        "a@x.org",
        "Nowhere Trust",
        "",
        "",
        "",
        "5",
        "",
        "",
    ])]));
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "value")),
        (
            "organisation",
            "import.unknown_organisation",
            "Nowhere Trust"
        )
    );
    assert!(!p.is_valid());
    assert!(p.creates.is_empty());
}

#[test]
fn organisation_names_match_case_and_space_insensitively() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[line([
        "A",
        "B",
        "a@x.org",
        "  vale   COUNTY council ",
        "",
        "",
        "",
        "PO1",
        "",
        "",
    ])]));
    assert!(p.is_valid(), "{:?}", p.rows);
    assert_eq!(p.creates[0].1[0].organisation_id, f.orgs[COUNCIL].id);
}

#[test]
fn organisation_not_allowed_for_an_organisation_coordinator() {
    let f = Fixture::new();
    let allowed = [f.orgs[COUNCIL].id];
    let snap = Snapshot {
        allowed_organisations: Some(&allowed),
        ..f.snapshot()
    };
    let rows = parse_csv(&csv(&[
        row(&f, "A", "a@x.org", TRUST, "5", ""),
        row(&f, "C", "c@x.org", COUNCIL, "PO1", ""),
    ]));
    let p = validate(&rows, &snap);
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("organisation", "import.organisation_not_allowed")
    );
    assert!(errors_at(&p, 3).is_empty());
    assert!(
        p.creates.is_empty() && p.updates.is_empty(),
        "nothing is planned while any row is wrong"
    );
}

#[test]
fn an_organisation_coordinator_cannot_change_people_employed_only_elsewhere() {
    let f = Fixture::new();
    let allowed = [f.orgs[COUNCIL].id];
    let snap = Snapshot {
        allowed_organisations: Some(&allowed),
        ..f.snapshot()
    };
    // Ade works at the trust only; the council's coordinator tries to rename them.
    let rows = parse_csv(&csv(&[line([
        "Hacked",
        "Name",
        "ade.manager@northvale.example",
        f.org_name(COUNCIL),
        "",
        "",
        "",
        "PO1",
        "",
        "",
    ])]));
    let p = validate(&rows, &snap);
    let e = only_error(&p, 2);
    // The person form's generic answer: nothing says that Ade works at another organisation, and
    // the row is not shown as an update of an existing person either.
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("email", "error.email_unavailable")
    );
    assert!(
        e.params.iter().all(|(k, _)| k == "value"),
        "no other detail: {e:?}"
    );
    assert_eq!(p.rows[0].action, RowAction::Create);
    assert!(p.updates.is_empty() && p.creates.is_empty());
}

#[test]
fn a_scoped_importer_resolves_managers_only_among_people_they_may_see() {
    let mut f = Fixture::new();
    // Cleo works at the council, so the council's coordinator may name her as a manager.
    f.add_person(
        "Cleo",
        "Council",
        "cleo@vale.example",
        COUNCIL,
        GradeSystem::LocalAuthority,
        "PO1",
        None,
    );
    let allowed = [f.orgs[COUNCIL].id];
    let snap = Snapshot {
        allowed_organisations: Some(&allowed),
        ..f.snapshot()
    };
    let rows = parse_csv(&csv(&[
        // Ade works at the trust only: unknown to the council's coordinator.
        row(
            &f,
            "A",
            "a@x.org",
            COUNCIL,
            "PO1",
            "ade.manager@northvale.example",
        ),
        row(&f, "B", "b@x.org", COUNCIL, "PO1", "cleo@vale.example"),
        // A manager who is in the file resolves too.
        row(&f, "C", "c@x.org", COUNCIL, "PO1", "b@x.org"),
    ]));
    let p = validate(&rows, &snap);
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "value")),
        (
            "line_manager_email",
            "import.manager_not_found",
            "ade.manager@northvale.example"
        )
    );
    assert!(errors_at(&p, 3).is_empty());
    assert!(errors_at(&p, 4).is_empty());
    // A scheme coordinator may name anyone in the scheme.
    let all = validate(&rows, &f.snapshot());
    assert!(all.is_valid(), "{:?}", all.rows);
}

#[test]
fn a_scoped_export_reimported_keeps_managers_the_importer_may_not_see() {
    let mut f = Fixture::new();
    let morag = f.people[0].0.id;
    // Cleo works at the council; her manager Morag works at the trust only.
    let cleo = f.add_person(
        "Cleo",
        "Council",
        "cleo@vale.example",
        COUNCIL,
        GradeSystem::LocalAuthority,
        "PO1",
        Some(morag),
    );
    let council = f.orgs[COUNCIL].id;
    let allowed = [council];
    // What the council's coordinator exports: council employments only, so Morag's e-mail is
    // not in the file and Cleo's manager cell is blank.
    let exported: Vec<_> = f
        .people
        .iter()
        .map(|(p, e)| {
            let mine: Vec<_> = e
                .iter()
                .filter(|e| e.organisation_id == council)
                .cloned()
                .collect();
            (p.clone(), mine)
        })
        .filter(|(_, e)| !e.is_empty())
        .collect();
    let bytes = tandem_people_io::export_csv(&exported, &f.orgs);
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains("morag.chief@northvale.example"));
    let snap = Snapshot {
        allowed_organisations: Some(&allowed),
        ..f.snapshot()
    };
    let p = validate(&parse_csv(&text), &snap);
    assert!(p.is_valid(), "{:?}", p.rows);
    assert_eq!(p.rows.len(), 1);
    assert_eq!(p.rows[0].action, RowAction::Unchanged);
    assert!(p.updates.is_empty() && p.creates.is_empty());

    // Changing another cell keeps the manager link as well.
    let edited = text.replace("\"PO1\"", "\"PO2\"").replace(",PO1,", ",PO2,");
    let p = validate(&parse_csv(&edited), &snap);
    assert!(p.is_valid(), "{:?}", p.rows);
    let (_, employments) = p
        .updates
        .iter()
        .find(|(person, _)| person.id == cleo)
        .expect("Cleo is updated");
    assert_eq!(employments[0].grade, "PO2");
    assert_eq!(employments[0].line_manager_id, Some(morag));
}

#[test]
fn bad_and_missing_emails() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        row(&f, "A", "not-an-email", TRUST, "5", ""),
        row(&f, "B", "", TRUST, "5", ""),
        row(&f, "C", "c@x.org", TRUST, "5", "boss at x dot org"),
    ]));
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "value")),
        ("email", "import.bad_email", "not-an-email")
    );
    let e = only_error(&p, 3);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("email", "error.required")
    );
    let e = only_error(&p, 4);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("line_manager_email", "import.bad_email")
    );
}

#[test]
fn duplicate_email_is_reported_on_the_later_row_only() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        row(&f, "Ann", "ann@x.org", TRUST, "5", ""),
        row(&f, "Bob", "bob@x.org", TRUST, "5", ""),
        row(&f, "Anna", "ANN@x.org", COUNCIL, "PO1", ""),
        row(&f, "Ann", "ann@x.org", TRUST, "6", ""),
    ]));
    assert!(errors_at(&p, 2).is_empty());
    for l in [4, 5] {
        let e = only_error(&p, l);
        assert_eq!(
            (e.column.as_str(), e.message.as_str(), param(&e, "line")),
            ("email", "import.duplicate_email", "2")
        );
        assert_eq!(param(&e, "value"), "ann@x.org");
    }
    assert_eq!(p.rows_with_errors(), 2);
}

#[test]
fn one_person_may_have_rows_for_several_organisations() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        line([
            "Ann",
            "Smith",
            "ann@x.org",
            f.org_name(TRUST),
            "Consultant",
            "Medicine",
            "",
            "Consultant",
            "",
            "",
        ]),
        line([
            "Ann",
            "Smith",
            "ann@x.org",
            f.org_name(HOSPICE),
            "Honorary Consultant",
            "Medicine",
            "medical",
            "Consultant",
            "",
            "",
        ]),
    ]));
    assert!(p.is_valid(), "{:?}", p.rows);
    assert_eq!(p.creates.len(), 1);
    let jobs = &p.creates[0].1;
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs.iter().filter(|e| e.primary).count(), 1);
    assert!(jobs[0].primary && jobs[0].organisation_id == f.orgs[TRUST].id);
}

#[test]
fn unknown_grade_and_grade_system() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        line([
            "A",
            "B",
            "a@x.org",
            f.org_name(TRUST),
            "",
            "",
            "afc",
            "Band 12",
            "",
            "",
        ]),
        line([
            "C",
            "D",
            "c@x.org",
            f.org_name(TRUST),
            "",
            "",
            "civil service",
            "7",
            "",
            "",
        ]),
        line([
            "E",
            "F",
            "e@x.org",
            f.org_name(COUNCIL),
            "",
            "",
            "",
            "Band 7",
            "",
            "",
        ]),
        line([
            "G",
            "H",
            "g@x.org",
            f.org_name(TRUST),
            "",
            "",
            "",
            "",
            "",
            "",
        ]),
    ]));
    let e = only_error(&p, 2);
    assert_eq!(
        (
            e.column.as_str(),
            e.message.as_str(),
            param(&e, "value"),
            param(&e, "system")
        ),
        ("grade", "import.unknown_grade", "Band 12", "afc")
    );
    let e = only_error(&p, 3);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "value")),
        (
            "grade_system",
            "import.unknown_grade_system",
            "civil service"
        )
    );
    // A council's grades are its own: one not yet in its list is a warning, added on commit.
    assert!(errors_at(&p, 4).is_empty(), "{:?}", errors_at(&p, 4));
    let w = &p.rows.iter().find(|r| r.line == 4).unwrap().warnings;
    assert_eq!(
        (w.len(), w[0].message.as_str(), param(&w[0], "value")),
        (1, "import.new_local_grade", "Band 7")
    );
    assert_eq!(
        p.new_local_grades,
        [(f.orgs[COUNCIL].id, "Band 7".to_string())]
    );
    let e = only_error(&p, 5);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("grade", "error.required")
    );
}

#[test]
fn grade_system_is_inferred_from_the_organisation() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        line([
            "A",
            "B",
            "a@x.org",
            f.org_name(TRUST),
            "",
            "",
            "",
            "band 8A",
            "",
            "",
        ]),
        line([
            "C",
            "D",
            "c@x.org",
            f.org_name(TRUST),
            "",
            "",
            "",
            "st5",
            "",
            "",
        ]),
        line([
            "E",
            "F",
            "e@x.org",
            f.org_name(COUNCIL),
            "",
            "",
            "",
            "po2",
            "",
            "",
        ]),
        line([
            "G",
            "H",
            "g@x.org",
            f.org_name(DUTCH),
            "",
            "",
            "",
            "45",
            "",
            "",
        ]),
        line([
            "I",
            "J",
            "i@x.org",
            f.org_name(HOSPICE),
            "",
            "",
            "",
            "SO1",
            "",
            "",
        ]),
        line([
            "K",
            "L",
            "k@x.org",
            f.org_name(HOSPICE),
            "",
            "",
            "",
            "6",
            "",
            "",
        ]),
    ]));
    assert!(p.is_valid(), "{:?}", p.rows);
    let got: Vec<(GradeSystem, &str)> = p
        .creates
        .iter()
        .map(|(_, e)| (e[0].grade_system, e[0].grade.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (GradeSystem::AgendaForChange, "8a"),
            (GradeSystem::Medical, "ST5"),
            (GradeSystem::LocalAuthority, "PO2"),
            (GradeSystem::DutchFwg, "FWG 45"),
            (GradeSystem::LocalAuthority, "SO1"),
            (GradeSystem::AgendaForChange, "6"),
        ]
    );
    // New staff of the Dutch organisation default to Dutch.
    assert_eq!(p.creates[3].0.language, Language::NlNl);
    assert_eq!(p.creates[0].0.language, Language::EnGb);
}

#[test]
fn manager_not_found() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[row(&f, "A", "a@x.org", TRUST, "5", "ghost@x.org")]));
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "value")),
        (
            "line_manager_email",
            "import.manager_not_found",
            "ghost@x.org"
        )
    );
}

#[test]
fn cycle_within_the_file_is_reported_on_each_row_of_it() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        row(&f, "A", "a@x.org", TRUST, "7", "c@x.org"),
        row(&f, "B", "b@x.org", TRUST, "7", "a@x.org"),
        row(&f, "C", "c@x.org", TRUST, "7", "b@x.org"),
        row(&f, "D", "d@x.org", TRUST, "5", "a@x.org"),
        row(&f, "E", "e@x.org", TRUST, "5", "e@x.org"),
    ]));
    for l in [2, 3, 4] {
        let e = only_error(&p, l);
        assert_eq!(
            (e.column.as_str(), e.message.as_str()),
            ("line_manager_email", "import.management_cycle")
        );
    }
    assert!(
        errors_at(&p, 5).is_empty(),
        "D reports into the cycle but is not on it"
    );
    assert_eq!(
        only_error(&p, 6).message,
        "import.management_cycle",
        "one's own manager"
    );
}

#[test]
fn cycle_through_existing_people_is_found() {
    let f = Fixture::new();
    // Existing: Ade reports to Morag. The file makes Morag report to a newcomer who reports to Ade.
    let p = f.preview(&csv(&[
        line([
            "Morag",
            "Chief",
            "morag.chief@northvale.example",
            f.org_name(TRUST),
            "Manager",
            "Management",
            "afc",
            "9",
            "new@x.org",
            "en-GB",
        ]),
        row(
            &f,
            "New",
            "new@x.org",
            TRUST,
            "8b",
            "ade.manager@northvale.example",
        ),
    ]));
    assert_eq!(only_error(&p, 2).message, "import.management_cycle");
    assert_eq!(only_error(&p, 3).message, "import.management_cycle");
    assert!(p.updates.is_empty() && p.creates.is_empty());
}

#[test]
fn required_too_long_and_language_errors() {
    let f = Fixture::new();
    let long = "x".repeat(201);
    let p = f.preview(&csv(&[
        line([
            "",
            "B",
            "a@x.org",
            f.org_name(TRUST),
            "",
            "",
            "",
            "5",
            "",
            "",
        ]),
        line([
            "A",
            "B",
            "b@x.org",
            f.org_name(TRUST),
            &long,
            "",
            "",
            "5",
            "",
            "",
        ]),
        line([
            "A",
            "B",
            "c@x.org",
            f.org_name(TRUST),
            "",
            "",
            "",
            "5",
            "",
            "klingon",
        ]),
        line(["A", "B", "d@x.org", "", "", "", "", "5", "", ""]),
    ]));
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("given_name", "error.required")
    );
    let e = only_error(&p, 3);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "max")),
        ("job_title", "error.too_long", "200")
    );
    let e = only_error(&p, 4);
    assert_eq!(
        (e.column.as_str(), e.message.as_str(), param(&e, "value")),
        ("language", "import.unknown_language", "klingon")
    );
    let e = only_error(&p, 5);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("organisation", "error.required")
    );
}

#[test]
fn every_problem_of_a_row_is_listed() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[line([
        "", "", "nope", "Nowhere", "", "", "", "", "ghost", "xx",
    ])]));
    let columns: Vec<String> = errors_at(&p, 2).into_iter().map(|e| e.column).collect();
    for c in [
        "given_name",
        "family_name",
        "email",
        "organisation",
        "grade",
        "line_manager_email",
        "language",
    ] {
        assert!(
            columns.iter().any(|x| x == c),
            "{c} missing from {columns:?}"
        );
    }
}

#[test]
fn reimport_updates_by_email_keeping_ids() {
    let mut f = Fixture::new();
    // Ade also works at the hospice; a trust extract must not remove that.
    let ade = f.people[1].0.id;
    let hospice_job = tandem_domain::Employment {
        id: tandem_domain::EmploymentId::new(),
        person_id: ade,
        organisation_id: f.orgs[HOSPICE].id,
        job_title: "Trustee".into(),
        profession: "Management".into(),
        grade_system: GradeSystem::AgendaForChange,
        grade: "8a".into(),
        line_manager_id: None,
        primary: false,
    };
    f.people[1].1.push(hospice_job.clone());
    let trust_job_id = f.people[1].1[0].id;
    let p = f.preview(&csv(&[line([
        "Adé",
        "Manager",
        "ADE.MANAGER@northvale.example",
        f.org_name(TRUST),
        "Senior Manager",
        "Management",
        "",
        "8b",
        "morag.chief@northvale.example",
        "",
    ])]));
    assert!(p.is_valid(), "{:?}", p.rows);
    assert!(p.creates.is_empty(), "never duplicates");
    assert_eq!(p.rows[0].action, RowAction::Update);
    let (person, jobs) = &p.updates[0];
    assert_eq!(person.id, ade);
    assert_eq!(person.given_name, "Adé");
    assert_eq!(person.email, "ade.manager@northvale.example");
    assert_eq!(jobs.len(), 2);
    assert_eq!(
        jobs[0].id, trust_job_id,
        "the employment at the same organisation keeps its id"
    );
    assert_eq!(
        (jobs[0].job_title.as_str(), jobs[0].grade.as_str()),
        ("Senior Manager", "8b")
    );
    assert!(jobs[0].primary);
    assert_eq!(jobs[1], hospice_job, "employments elsewhere are left alone");
}

#[test]
fn reimport_of_identical_data_is_unchanged() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[line([
        "Ade",
        "Manager",
        "ade.manager@northvale.example",
        f.org_name(TRUST),
        "Manager",
        "Management",
        "afc",
        "Band 8a",
        "morag.chief@northvale.example",
        "",
    ])]));
    assert!(p.is_valid(), "{:?}", p.rows);
    assert_eq!(p.rows[0].action, RowAction::Unchanged);
    assert!(p.creates.is_empty() && p.updates.is_empty());
}

#[test]
fn a_new_organisation_for_an_existing_person_adds_an_employment() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[line([
        "Sanne",
        "de Vries",
        "sanne.devries@amstelweide.example",
        f.org_name(HOSPICE),
        "Volunteer",
        "Nursing",
        "",
        "5",
        "",
        "",
    ])]));
    assert!(p.is_valid(), "{:?}", p.rows);
    let (person, jobs) = &p.updates[0];
    assert_eq!(
        person.language,
        Language::NlNl,
        "a blank language keeps the person's own"
    );
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs.iter().filter(|e| e.primary).count(), 1);
    assert!(
        jobs[0].primary,
        "the existing primary employment stays primary"
    );
}

#[test]
fn markup_and_sql_reach_the_plan_verbatim() {
    let f = Fixture::new();
    let evil_given = "<script>alert(1)</script>";
    let evil_family = "O'Brien'); DROP TABLE people;--";
    let p = f.preview(&csv(&[line([
        evil_given,
        evil_family,
        "evil@x.org",
        f.org_name(TRUST),
        "<b>Boss</b>",
        "' OR 1=1 --",
        "",
        "5",
        "",
        "",
    ])]));
    assert!(p.is_valid(), "{:?}", p.rows);
    let (person, jobs) = &p.creates[0];
    assert_eq!(
        (person.given_name.as_str(), person.family_name.as_str()),
        (evil_given, evil_family)
    );
    assert_eq!(
        (jobs[0].job_title.as_str(), jobs[0].profession.as_str()),
        ("<b>Boss</b>", "' OR 1=1 --")
    );
}

/// The story: 50 people, 3 bad rows. Exactly those 3 are reported and nothing is planned;
/// once fixed, all 50 are planned.
#[test]
fn fifty_rows_with_three_bad_rows() {
    let f = Fixture::new();
    let make = |bad: bool| -> String {
        let mut lines = Vec::new();
        for i in 0..50 {
            let email = format!("person{i}@northvale.example");
            let manager = if i == 0 {
                "morag.chief@northvale.example".to_string()
            } else {
                format!("person{}@northvale.example", i / 5)
            };
            let mut cells = [
                format!("Given{i}"),
                format!("Family{i}"),
                email,
                f.org_name(if i % 2 == 0 { TRUST } else { COUNCIL })
                    .to_string(),
                "Practitioner".to_string(),
                "Nursing".to_string(),
                String::new(),
                if i % 2 == 0 {
                    "6".to_string()
                } else {
                    "PO1".to_string()
                },
                manager,
                String::new(),
            ];
            if bad {
                match i {
                    9 => cells[3] = "Northvale Hospitals".into(), // unknown organisation
                    24 => cells[2] = "person24@northvale".into(), // bad e-mail
                    38 => cells[7] = "Band 10".into(), // unknown grade (national: strict)
                    _ => {}
                }
            }
            lines.push(line(std::array::from_fn(|k| cells[k].as_str())));
        }
        csv(&lines)
    };
    let p = f.preview(&make(true));
    assert_eq!(p.rows.len(), 50);
    let bad: Vec<usize> = p
        .rows
        .iter()
        .filter(|r| !r.errors.is_empty())
        .map(|r| r.line)
        .collect();
    assert_eq!(
        bad,
        [11, 26, 40],
        "row 1 is the header, so person i is on row i + 2"
    );
    assert_eq!(errors_at(&p, 11)[0].message, "import.unknown_organisation");
    assert_eq!(errors_at(&p, 26)[0].message, "import.bad_email");
    assert_eq!(errors_at(&p, 40)[0].message, "import.unknown_grade");
    assert!(!p.is_valid());
    assert!(p.creates.is_empty() && p.updates.is_empty());

    let fixed = f.preview(&make(false));
    assert!(fixed.is_valid());
    assert_eq!(fixed.creates.len(), 50);
    // Managers resolved inside the file.
    let id_of = |e: &str| {
        fixed
            .creates
            .iter()
            .find(|(p, _)| p.email == e)
            .unwrap()
            .0
            .id
    };
    let (_, jobs) = fixed
        .creates
        .iter()
        .find(|(p, _)| p.email == "person12@northvale.example")
        .unwrap();
    assert_eq!(
        jobs[0].line_manager_id,
        Some(id_of("person2@northvale.example"))
    );
}

#[test]
fn the_one_text_rule_refuses_overrides_and_controls_in_names() {
    let f = Fixture::new();
    let p = f.preview(&csv(&[
        row(&f, "Ann\u{202e}eL", "ann@x.org", TRUST, "5", ""),
        row(&f, "Bob\u{7}by", "bob@x.org", TRUST, "5", ""),
        // A quoted line break (Alt+Enter in a spreadsheet cell) is joined to a space on reading
        // (`mapping::one_line`), so it never reaches the rule as a line break.
        row(&f, "Cle\u{301}o\nMai", "cleo@x.org", TRUST, "5", ""),
    ]));
    let e = only_error(&p, 2);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("given_name", "error.text.bidi")
    );
    // The value is shown back without the character that made it refused.
    assert_eq!(param(&e, "value"), "Ann\u{fffd}eL");
    let e = only_error(&p, 3);
    assert_eq!(
        (e.column.as_str(), e.message.as_str()),
        ("given_name", "error.control_characters")
    );
    assert!(errors_at(&p, 4).is_empty(), "{:?}", errors_at(&p, 4));
}
