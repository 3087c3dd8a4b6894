//! The coordinators' exports of scheme records: the rows each coordinator gets (an organisation's
//! coordinator only their own staff's, a member from elsewhere by organisation only), the cap
//! figures, formula guarding in CSV and XLSX, and refusals that write nothing. On SQLite and, when
//! configured, PostgreSQL.

use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;
use tandem_app::AppError;
use tandem_app::exports::{self, ExportKind, ExportScope};
use tandem_domain::{Language, ProgrammeRules};
use tandem_people_io::{Cell, Format};
use tandem_test_support::{World, on_worlds};

/// An active mentoring relationship across organisations (Pat at Alpha mentee, Mo at Beta
/// mentor) with a cap of 6 sessions, in an intake whose name looks like a formula.
async fn seeded(w: &World) {
    let rules = ProgrammeRules {
        session_cap: Some(6),
        ..Default::default()
    };
    let (m, _r) = w.active_mentoring(rules).await;
    // A name a spreadsheet would run, written straight to the store as an import could.
    let mut intake = m.intake.clone();
    intake.name = "=cmd|' /C calc'!A0".into();
    w.ctx
        .store
        .update_intake(&intake)
        .await
        .expect("rename intake");
}

fn text_rows(t: &exports::Table) -> Vec<Vec<String>> {
    t.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Cell::Text(s) => s.clone(),
                    Cell::Date(d) => d.to_string(),
                    Cell::Number(n) => n.to_string(),
                    Cell::Empty => String::new(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn each_coordinator_gets_their_rows_and_nothing_of_the_other_side() {
    on_worlds(|w| async move {
        seeded(&w).await;
        let all = ExportScope::default();
        let en = Language::EnGb;
        let sc = w.actor(w.scheme_coordinator).await;
        let ca = w.actor(w.coordinator_a).await;
        let cb = w.actor(w.coordinator_b).await;

        // Applications: the scheme coordinator sees both, each organisation its own.
        let apps = |a| {
            let ctx = &w.ctx;
            async move {
                let t = exports::table(ctx, &a, ExportKind::Applications, all, en)
                    .await
                    .expect("applications");
                text_rows(&t)
            }
        };
        let rows = apps(sc.clone()).await;
        assert_eq!(rows.len(), 2, "{rows:?}");
        let names: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r[3].as_str(), r[4].as_str()))
            .collect();
        assert_eq!(
            names,
            [("Mentor", "Beta Council"), ("Participant", "Alpha Trust")]
        );
        assert_eq!(rows[0][5], "mentor");
        assert_eq!(rows[0][6], "Matched");
        let rows = apps(ca.clone()).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][2], "Pat");
        let rows = apps(cb.clone()).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][2], "Mo");

        // Relationships: the pair is in both organisations' exports, the other side by
        // organisation only.
        let rel = |a| {
            let ctx = &w.ctx;
            async move {
                let t = exports::table(ctx, &a, ExportKind::Relationships, all, en)
                    .await
                    .expect("relationships");
                text_rows(&t)
            }
        };
        let rows = rel(sc.clone()).await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][2], "Mentoring");
        assert_eq!(
            rows[0][3],
            "Mo Mentor (Beta Council); Pat Participant (Alpha Trust)"
        );
        assert_eq!(rows[0][4], "Active");
        let rows = rel(ca.clone()).await;
        assert_eq!(rows.len(), 1);
        assert!(
            rows[0][3].contains("Pat Participant (Alpha Trust)"),
            "{:?}",
            rows[0]
        );
        assert!(
            rows[0][3].contains("A member at Beta Council"),
            "{:?}",
            rows[0]
        );
        assert!(!rows[0].iter().any(|c| c.contains("Mo")), "{:?}", rows[0]);
        let rows = rel(cb.clone()).await;
        assert!(!rows[0].iter().any(|c| c.contains("Pat")), "{:?}", rows[0]);

        // Sessions against the cap of 6: none held or confirmed yet.
        let t = exports::table(&w.ctx, &sc, ExportKind::Sessions, all, en)
            .await
            .expect("sessions");
        let rows = text_rows(&t);
        assert_eq!(rows[0][5..], ["6", "0", "0", "6"]);
        // Headings follow the language asked for.
        let nl = exports::table(&w.ctx, &sc, ExportKind::Sessions, all, Language::NlNl)
            .await
            .expect("sessions in Dutch");
        assert_eq!(nl.headings[0], "Programma");
        assert_eq!(text_rows(&nl)[0][4], w_status_nl());

        // A filter on another intake's programme narrows to nothing; an unknown one is refused.
        let other = tandem_domain::ProgrammeId::new();
        let refused = exports::table(
            &w.ctx,
            &sc,
            ExportKind::Applications,
            ExportScope {
                programme: Some(other),
                intake: None,
            },
            en,
        )
        .await;
        assert!(matches!(refused, Err(AppError::NotFound)), "{refused:?}");
    })
    .await;
}

fn w_status_nl() -> String {
    tandem_i18n::I18n::shared().t(Language::NlNl, "matching.status.active")
}

#[tokio::test]
async fn files_are_formula_guarded_and_audited_and_a_participant_gets_nothing() {
    on_worlds(|w| async move {
        seeded(&w).await;
        let sc = w.actor(w.scheme_coordinator).await;
        let all = ExportScope::default();
        let en = Language::EnGb;

        let csv = exports::export(&w.ctx, &sc, ExportKind::Applications, all, Format::Csv, en)
            .await
            .expect("csv");
        let text = String::from_utf8(csv.bytes).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains(",'=cmd|' /C calc'!A0,"), "{text}");
        assert!(text.lines().next().unwrap().contains("Given name"));
        assert_eq!(text.lines().count(), 3);

        let xlsx = exports::export(&w.ctx, &sc, ExportKind::Applications, all, Format::Xlsx, en)
            .await
            .expect("xlsx");
        assert!(xlsx.file_name.ends_with(".xlsx"));
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes)).expect("opens");
        let sheet = book.worksheet_range("Applications").expect("sheet");
        let rows: Vec<&[Data]> = sheet.rows().collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1][1], Data::String("=cmd|' /C calc'!A0".into()));
        assert!(
            matches!(rows[1][7], Data::DateTime(_)),
            "submitted is a date: {:?}",
            rows[1][7]
        );
        let formulas = book.worksheet_formula("Applications").expect("formulas");
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

        // One audit entry per export, with no personal data.
        let audit = w.ctx.store.list_audit(100).await.expect("audit");
        let ours: Vec<_> = audit
            .iter()
            .filter(|e| e.action == "exports.export")
            .collect();
        assert_eq!(ours.len(), 2);
        assert!(
            ours.iter()
                .any(|e| e.subject == "kind=applications format=xlsx" && e.detail == "rows=2")
        );

        // A participant is refused and nothing is written.
        let before = w.database.fingerprint().await;
        let pat = w.actor(w.participant).await;
        for kind in ExportKind::ALL {
            let r = exports::export(&w.ctx, &pat, kind, all, Format::Csv, en).await;
            assert!(matches!(r, Err(AppError::Forbidden)), "{kind:?}: {r:?}");
        }
        assert!(
            w.database
                .fingerprint()
                .await
                .changed_since(&before)
                .is_empty()
        );
    })
    .await;
}

/// A set of three (Pat and Sam at Alpha, Tia at Beta) with one meeting today where Tia sent
/// apologies and the others came; a pair (Pat at Alpha, Mo at Beta) with a project and one
/// measure, and a workshop today that Pat attended.
async fn sets_and_pairs(w: &World) {
    use tandem_app::{pairs, sets};
    use tandem_domain::{ApplicationRole, ProgrammeKind, RelationshipKind, Slot};
    use tandem_test_support::fixtures;
    let today = w.ctx.now().date_naive();
    let (_, set_intake) = w
        .programme_with_intake(
            (
                "Sets".into(),
                ProgrammeKind::ActionLearningSets,
                ProgrammeRules::default(),
            ),
            "Spring",
            [-20, -10, -5],
            [5, 5],
        )
        .await;
    let sam = w
        .add_participant(w.org_a, "Sam", "Second", "sam@a.example")
        .await;
    let tia = w
        .add_participant(w.org_b, "Tia", "Third", "tia@b.example")
        .await;
    let mut apps = Vec::new();
    for (p, org) in [(w.participant, w.org_a), (sam, w.org_a), (tia, w.org_b)] {
        let profile = fixtures::matchable_profile();
        apps.push(
            w.approved_application(set_intake.id, p, org, ApplicationRole::SetMember, profile)
                .await,
        );
    }
    let refs: Vec<_> = apps.iter().collect();
    let slot = Slot { day: 1, part: 1 };
    let set = w
        .publish(set_intake.id, RelationshipKind::Set, &refs, Some(slot))
        .await;
    let people = [w.participant, sam, tia];
    w.accept(set.id, &people).await;
    w.sign(set.id, &people, 1).await;
    let pat = w.actor(w.participant).await;
    let meeting = sets::schedule(
        &w.ctx,
        &pat,
        set.id,
        sets::ScheduleInput {
            starts_on: Some(today),
            starts_time: "14:00".into(),
            link: "https://meet.example.org/set".into(),
        },
    )
    .await
    .expect("schedule");
    sets::send_apologies(&w.ctx, &w.actor(tia).await, meeting)
        .await
        .expect("apologies");
    sets::record_attendance(&w.ctx, &pat, meeting, &[w.participant, sam])
        .await
        .expect("attendance");

    let (programme, pair_intake) = w
        .programme_with_intake(
            (
                "Paired".into(),
                ProgrammeKind::PairedLearning,
                ProgrammeRules::default(),
            ),
            "Autumn",
            [-20, -10, -5],
            [5, 5],
        )
        .await;
    let mo = w
        .add_participant(w.org_b, "Mo", "Partner", "mo@b.example")
        .await;
    let profile = fixtures::matchable_profile;
    let a = w
        .approved_application(
            pair_intake.id,
            w.participant,
            w.org_a,
            ApplicationRole::Mentee,
            profile(),
        )
        .await;
    let b = w
        .approved_application(
            pair_intake.id,
            mo,
            w.org_b,
            ApplicationRole::Mentor,
            profile(),
        )
        .await;
    let pair = w
        .publish(pair_intake.id, RelationshipKind::Pair, &[&a, &b], None)
        .await;
    w.accept(pair.id, &[w.participant, mo]).await;
    w.sign(pair.id, &[w.participant, mo], 1).await;
    pairs::save_project(
        &w.ctx,
        &pat,
        pair.id,
        pairs::ProjectInput {
            title: "Faster discharge".into(),
            aim: "A private aim".into(),
            presentation_on: Some(today),
            presented: false,
        },
    )
    .await
    .expect("project");
    pairs::add_measure(
        &w.ctx,
        &pat,
        pair.id,
        pairs::MeasureInput {
            name: "Days to discharge".into(),
            baseline: "9".into(),
            target: "6".into(),
            latest: "7".into(),
        },
    )
    .await
    .expect("measure");
    let sc = w.actor(w.scheme_coordinator).await;
    let ws = pairs::create_workshop(
        &w.ctx,
        &sc,
        programme.id,
        pairs::WorkshopInput {
            title: "Improvement methods".into(),
            day: Some(today),
            place: "Library".into(),
        },
    )
    .await
    .expect("workshop");
    pairs::set_attendance(&w.ctx, &sc, ws.id, vec![w.participant])
        .await
        .expect("workshop attendance");
}

#[tokio::test]
async fn set_attendance_workshops_and_projects_hold_the_rows_each_coordinator_may_see() {
    on_worlds(|w| async move {
        sets_and_pairs(&w).await;
        let all = ExportScope::default();
        let en = Language::EnGb;
        let sc = w.actor(w.scheme_coordinator).await;
        let ca = w.actor(w.coordinator_a).await;
        let cb = w.actor(w.coordinator_b).await;
        let rows = |a: tandem_domain::Actor, kind| {
            let ctx = &w.ctx;
            async move {
                text_rows(
                    &exports::table(ctx, &a, kind, all, en)
                        .await
                        .expect("export"),
                )
            }
        };

        // Set attendance: one row per member, by name.
        let set = rows(sc.clone(), ExportKind::SetAttendance).await;
        let marks: Vec<(&str, &str, &str)> = set
            .iter()
            .map(|r| (r[4].as_str(), r[6].as_str(), r[7].as_str()))
            .collect();
        assert_eq!(
            marks,
            [
                ("Pat", "Alpha Trust", "Present"),
                ("Sam", "Alpha Trust", "Present"),
                ("Tia", "Beta Council", "Apologies"),
            ]
        );
        let ours = rows(ca.clone(), ExportKind::SetAttendance).await;
        assert_eq!(ours.len(), 2);
        assert!(ours.iter().all(|r| r[6] == "Alpha Trust"));
        let theirs = rows(cb.clone(), ExportKind::SetAttendance).await;
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0][4], "Tia");

        // The set held one meeting; Pat's organisation sees the other members' organisation.
        let rel = rows(cb.clone(), ExportKind::Relationships).await;
        let set_row = rel
            .iter()
            .find(|r| r[2] == "Action learning set")
            .expect("set row");
        assert_eq!(set_row[8], "1");
        assert!(set_row[3].contains("Tia Third (Beta Council)"));
        assert!(!set_row[3].contains("Pat"));

        // Workshops: Pat came; Beta's coordinator sees nothing of it.
        let ws = rows(sc.clone(), ExportKind::Workshops).await;
        assert_eq!(ws.len(), 1);
        assert_eq!(
            ws[0][1..],
            [
                "Improvement methods",
                &ws[0][2],
                "Library",
                "Pat",
                "Participant",
                "Alpha Trust"
            ]
        );
        assert!(rows(cb.clone(), ExportKind::Workshops).await.is_empty());
        assert_eq!(rows(ca.clone(), ExportKind::Workshops).await.len(), 1);

        // Projects: titles and measures, never the aim.
        let pr = rows(sc.clone(), ExportKind::Projects).await;
        assert_eq!(pr.len(), 1);
        assert_eq!(pr[0][3], "Faster discharge");
        assert_eq!(pr[0][5..], ["No", "Days to discharge", "9", "6", "7"]);
        assert!(!pr[0].iter().any(|c| c.contains("private aim")));
        let pb = rows(cb.clone(), ExportKind::Projects).await;
        assert!(
            pb[0][2].contains("Mo Partner (Beta Council)")
                && pb[0][2].contains("A member at Alpha Trust"),
            "{:?}",
            pb[0]
        );

        // Every kind answers on a filter to one intake, and XLSX opens for each.
        let choices = exports::choices(&w.ctx, &sc).await.expect("choices");
        let autumn = choices
            .iter()
            .flat_map(|p| p.intakes.iter())
            .find(|(_, n)| n == "Autumn")
            .map(|(id, _)| *id);
        let scope = ExportScope {
            programme: None,
            intake: autumn,
        };
        for kind in ExportKind::ALL {
            let f = exports::export(&w.ctx, &ca, kind, scope, Format::Xlsx, en)
                .await
                .expect("xlsx");
            let book: Xlsx<_> =
                calamine::open_workbook_from_rs(Cursor::new(f.bytes)).expect("opens");
            assert_eq!(book.sheet_names().len(), 1, "{kind:?}");
        }
        let set_only = exports::table(&w.ctx, &sc, ExportKind::SetAttendance, scope, en)
            .await
            .expect("filtered");
        assert!(
            set_only.rows.is_empty(),
            "the set is not of the Autumn intake"
        );
    })
    .await;
}
