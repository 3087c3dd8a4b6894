use tandem_domain::*;

#[test]
fn agenda_for_change_has_bands_one_to_nine_with_8a_to_8d_in_order() {
    let codes: Vec<&str> = GradeSystem::AgendaForChange
        .grades()
        .iter()
        .map(|g| g.code)
        .collect();
    assert_eq!(
        codes,
        [
            "1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"
        ]
    );
}

#[test]
fn grades_are_found_forgivingly_but_not_across_systems() {
    assert_eq!(
        GradeSystem::AgendaForChange
            .grade("Band 8A")
            .map(|g| g.code),
        Some("8a")
    );
    assert_eq!(
        GradeSystem::AgendaForChange.grade(" 7 ").map(|g| g.code),
        Some("7")
    );
    assert_eq!(
        GradeSystem::DutchFwg.grade("fwg45").map(|g| g.code),
        Some("FWG 45")
    );
    assert_eq!(
        GradeSystem::DutchFwg.grade("45").map(|g| g.code),
        Some("FWG 45")
    );
    assert_eq!(
        GradeSystem::Medical.grade("st4").map(|g| g.code),
        Some("ST4")
    );
    assert_eq!(
        GradeSystem::Medical.grade("consultant").map(|g| g.code),
        Some("Consultant")
    );
    assert!(GradeSystem::AgendaForChange.grade("ST4").is_none());
    assert!(GradeSystem::AgendaForChange.grade("8e").is_none());
    assert!(GradeSystem::DutchFwg.grade("FWG 47").is_none());
}

#[test]
fn ranks_are_a_permutation_and_levels_never_fall_with_rank() {
    for system in GradeSystem::ALL {
        let grades = system.grades();
        for (i, g) in grades.iter().enumerate() {
            assert_eq!(g.rank as usize, i, "{system:?} {}", g.code);
            assert_eq!(g.system, system);
            assert!((1..=8).contains(&g.level));
            if i > 0 {
                assert!(
                    grades[i - 1].level <= g.level,
                    "{system:?} level falls at {}",
                    g.code
                );
            }
        }
        assert_eq!(GradeSystem::from_code(system.code()), Some(system));
    }
}

#[test]
fn medical_grades_run_from_fy1_to_consultant() {
    let g = GradeSystem::Medical.grades();
    assert_eq!(g.first().map(|g| g.code), Some("FY1"));
    assert_eq!(g.last().map(|g| g.code), Some("Consultant"));
}

#[test]
fn grade_systems_serialise_as_their_codes() {
    for system in GradeSystem::ALL {
        assert_eq!(
            serde_json::to_string(&system).unwrap(),
            format!("\"{}\"", system.code())
        );
    }
}
