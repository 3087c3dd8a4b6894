//! The file contract: parsing, separators, BOM, column order, and every error naming file and line.

use tandem_matching::files::{
    FORBIDDEN_SCORE, FileError, read_apart, read_arcs, read_dense_scores, read_ids, read_mdgp,
    read_mentors, read_people, read_stable, write_groups, write_matches,
};
use tandem_matching::stable::mentee_optimal;

fn fails_at(result: Result<impl std::fmt::Debug, FileError>, file: &str, line: u64, words: &str) {
    let e = result.expect_err("should fail");
    assert_eq!(e.file, file, "{e}");
    assert_eq!(e.line, Some(line), "{e}");
    assert!(
        e.problem.contains(words),
        "'{}' does not mention '{words}'",
        e.problem
    );
    let shown = e.to_string();
    assert!(
        shown.contains(file) && shown.contains(&format!("line {line}")),
        "{shown}"
    );
}

#[test]
fn ids_with_bom_semicolons_and_extra_columns() {
    let text = "\u{feff}name;id;note\nAnn;m1;x\nBob; m2 ;y\n";
    let ids = read_ids(text.as_bytes(), "mentees.csv").expect("valid");
    assert_eq!(ids.as_slice(), ["m1", "m2"]);
    assert_eq!(ids.get("m2"), Some(1));
}

#[test]
fn header_is_case_insensitive_and_any_order() {
    let text = "Capacity,ID\n2,a\n0,b\n";
    let m = read_mentors(text.as_bytes(), "mentors.csv").expect("valid");
    assert_eq!(m.ids.as_slice(), ["a", "b"]);
    assert_eq!(m.capacities, vec![2, 0]);
}

#[test]
fn quoted_fields_with_separators_inside() {
    let text = "id,capacity\n\"Smith, J\",3\n";
    let m = read_mentors(text.as_bytes(), "mentors.csv").expect("valid");
    assert_eq!(m.ids.as_slice(), ["Smith, J"]);
}

#[test]
fn mentor_errors() {
    fails_at(
        read_mentors("id\na\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        1,
        "missing column 'capacity'",
    );
    fails_at(
        read_mentors("id,capacity\na,1\nb,-2\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        3,
        "negative capacity",
    );
    fails_at(
        read_mentors("id,capacity\na,1\nb,two\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        3,
        "not an integer",
    );
    fails_at(
        read_mentors("id,capacity\na,1\n\nb,2\na,3\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        5,
        "duplicate row",
    );
    fails_at(
        read_mentors("id,capacity\na,1\n,2\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        3,
        "empty id",
    );
    fails_at(
        read_mentors("id,capacity\na,1,9\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        2,
        "expected 2 fields",
    );
    fails_at(
        read_mentors("".as_bytes(), "mentors.csv"),
        "mentors.csv",
        1,
        "empty",
    );
    fails_at(
        read_mentors("id,capacity\na,1.5\n".as_bytes(), "mentors.csv"),
        "mentors.csv",
        2,
        "not an integer",
    );
}

#[test]
fn arcs_parse_and_reject_bad_rows() {
    let mentees = read_ids("id\ne1\ne2\n".as_bytes(), "mentees.csv").expect("valid");
    let mentors = read_mentors("id,capacity\nm1,1\nm2,1\n".as_bytes(), "mentors.csv")
        .expect("valid")
        .ids;
    let arcs = read_arcs(
        "score,mentor,mentee\n5,m2,e1\n-1000000000000,m1,e2\n".as_bytes(),
        "arcs.csv",
        &mentees,
        &mentors,
    )
    .expect("valid");
    assert_eq!(arcs.len(), 2);
    assert_eq!((arcs[0].mentee, arcs[0].mentor, arcs[0].score), (0, 1, 5));
    assert_eq!(arcs[1].score, -1_000_000_000_000);

    let bad = |text: &str| read_arcs(text.as_bytes(), "arcs.csv", &mentees, &mentors);
    fails_at(
        bad("mentee,mentor\ne1,m1\n"),
        "arcs.csv",
        1,
        "missing column 'score'",
    );
    fails_at(
        bad("mentee,mentor,score\ne1,m1,1\nzz,m1,2\n"),
        "arcs.csv",
        3,
        "unknown mentee id 'zz'",
    );
    fails_at(
        bad("mentee,mentor,score\ne1,qq,1\n"),
        "arcs.csv",
        2,
        "unknown mentor id 'qq'",
    );
    fails_at(
        bad("mentee,mentor,score\ne1,m1,1\ne2,m1,2\ne1,m1,3\n"),
        "arcs.csv",
        4,
        "duplicate row",
    );
    fails_at(
        bad("mentee,mentor,score\ne1,m1,high\n"),
        "arcs.csv",
        2,
        "not an integer",
    );
    fails_at(
        bad("mentee,mentor,score\ne1,m1,1000000000001\n"),
        "arcs.csv",
        2,
        "outside",
    );
    fails_at(
        bad("mentee,mentor,score\ne1,m1,2.5\n"),
        "arcs.csv",
        2,
        "not an integer",
    );
}

#[test]
fn dense_scores() {
    let text = "2 3\n1 x -4\n\n7   8 9\n";
    let d = read_dense_scores(text.as_bytes(), "scores.txt").expect("valid");
    assert_eq!((d.rows, d.cols), (2, 3));
    assert_eq!(d.scores, vec![1, FORBIDDEN_SCORE, -4, 7, 8, 9]);
    let bad = |t: &str| read_dense_scores(t.as_bytes(), "scores.txt");
    fails_at(
        bad("2 2\n1 2\n3\n"),
        "scores.txt",
        3,
        "expected 2 scores, found 1",
    );
    fails_at(bad("2 2\n1 2\n3 4 5\n"), "scores.txt", 3, "more than 2");
    fails_at(bad("2 2\n1 2\n3 y\n"), "scores.txt", 3, "not an integer");
    fails_at(
        bad("1 1\n1\n2\n"),
        "scores.txt",
        3,
        "more than the 1 score lines",
    );
    fails_at(bad("1 1\n2000000000000\n"), "scores.txt", 2, "outside");
    fails_at(bad("two 2\n"), "scores.txt", 1, "first line");
    let short = bad("3 1\n1\n2\n").expect_err("missing line");
    assert!(
        short.to_string().contains("scores.txt")
            && short.problem.contains("expected 3 score lines")
    );
}

#[test]
fn stable_files_build_the_instance() {
    let mentors = read_mentors("id,capacity\nA,1\nB,1\n".as_bytes(), "mentors.csv").expect("valid");
    // Ranks need not be contiguous, rows may come in any order.
    let mentee_prefs = "mentee,mentor,rank\nx,B,5\nx,A,2\ny,A,1\n";
    let mentor_prefs = "mentee;mentor;rank\nx;A;1\ny;A;2\nx;B;1\nz;B;2\n";
    let s = read_stable(
        &mentors,
        mentee_prefs.as_bytes(),
        "mentee_prefs.csv",
        mentor_prefs.as_bytes(),
        "mentor_prefs.csv",
    )
    .expect("valid");
    // z appears only in a mentor's list: still a mentee (unmatched, ranks no one).
    assert_eq!(s.mentees.as_slice(), ["x", "y", "z"]);
    assert_eq!(s.problem.mentee_prefs().list(0), [0, 1]);
    assert_eq!(s.problem.mentor_prefs().list(0), [0, 1]);
    let m = mentee_optimal(&s.problem);
    assert_eq!(m.mentor_of, vec![Some(0), None, None]);
}

#[test]
fn stable_file_errors() {
    let mentors = read_mentors("id,capacity\nA,1\nB,1\n".as_bytes(), "mentors.csv").expect("valid");
    let run = |mp: &str, hp: &str| {
        read_stable(
            &mentors,
            mp.as_bytes(),
            "mentee_prefs.csv",
            hp.as_bytes(),
            "mentor_prefs.csv",
        )
        .map(|s| s.mentees)
    };
    let ok_h = "mentor,mentee,rank\nA,x,1\n";
    fails_at(
        run("mentee,mentor,rank\nx,A,1\nx,B,1\n", ok_h),
        "mentee_prefs.csv",
        3,
        "ranks are not distinct",
    );
    fails_at(
        run("mentee,mentor,rank\nx,A,1\nx,A,2\n", ok_h),
        "mentee_prefs.csv",
        3,
        "duplicate row",
    );
    fails_at(
        run("mentee,mentor,rank\nx,C,1\n", ok_h),
        "mentee_prefs.csv",
        2,
        "unknown mentor id 'C'",
    );
    fails_at(
        run("mentee,mentor,rank\nx,A,0\n", ok_h),
        "mentee_prefs.csv",
        2,
        "not a positive integer",
    );
    fails_at(
        run("mentee,mentor,rank\nx,A,first\n", ok_h),
        "mentee_prefs.csv",
        2,
        "not an integer",
    );
    fails_at(
        run("mentee,mentor\nx,A\n", ok_h),
        "mentee_prefs.csv",
        1,
        "missing column 'rank'",
    );
    let ok_m = "mentee,mentor,rank\nx,A,1\n";
    fails_at(
        run(ok_m, "mentor,mentee,rank\nA,x,1\nA,y,1\n"),
        "mentor_prefs.csv",
        3,
        "ranks are not distinct",
    );
    fails_at(
        run(ok_m, "mentor,mentee,rank\nQ,x,1\n"),
        "mentor_prefs.csv",
        2,
        "unknown mentor id 'Q'",
    );
    fails_at(
        run(ok_m, "mentor,mentee,rank\nA,x,1\nA,x,2\n"),
        "mentor_prefs.csv",
        3,
        "duplicate row",
    );
}

#[test]
fn people_and_apart() {
    let text = "\u{feff}organisation,id,profession\nNHS A,p1,nurse\nNHS B,p2,nurse\nNHS A,p3,\n";
    let p = read_people(text.as_bytes(), "people.csv").expect("valid");
    assert_eq!(p.ids.as_slice(), ["p1", "p2", "p3"]);
    assert_eq!(p.attributes.len(), 2);
    assert_eq!(p.attributes[0].name, "organisation");
    assert_eq!(p.attributes[0].level_of, vec![0, 1, 0]);
    assert_eq!(p.attributes[1].level_of, vec![0, 0, 1]);
    fails_at(
        read_people("name,org\na,b\n".as_bytes(), "people.csv"),
        "people.csv",
        1,
        "missing column 'id'",
    );
    fails_at(
        read_people("id,org\na,x\nb,y\na,z\n".as_bytes(), "people.csv"),
        "people.csv",
        4,
        "duplicate row",
    );

    let apart = read_apart("b,a\np2,p1\np3,p1\n".as_bytes(), "apart.csv", &p.ids).expect("valid");
    assert_eq!(apart, vec![(0, 1), (0, 2)]);
    fails_at(
        read_apart("a,b\np1,zz\n".as_bytes(), "apart.csv", &p.ids),
        "apart.csv",
        2,
        "unknown id 'zz'",
    );
    fails_at(
        read_apart("a,b\np1,p1\n".as_bytes(), "apart.csv", &p.ids),
        "apart.csv",
        2,
        "themselves",
    );
    fails_at(
        read_apart("a,b\np1,p2\np2,p1\n".as_bytes(), "apart.csv", &p.ids),
        "apart.csv",
        3,
        "duplicate row",
    );
    fails_at(
        read_apart("a\np1\n".as_bytes(), "apart.csv", &p.ids),
        "apart.csv",
        1,
        "missing column 'b'",
    );
}

#[test]
fn mdgp_instances() {
    let text = "4 2 ds 1 3 2 2\n0 1 1.5\n0 2 2\n1 3 7.25\n";
    let m = read_mdgp(text.as_bytes(), "inst.txt").expect("valid");
    assert_eq!(m.people, 4);
    assert!(!m.equal_sizes);
    assert_eq!(m.sizes.lo(), [1, 2]);
    assert_eq!(m.sizes.hi(), [3, 2]);
    assert_eq!(m.pairs, vec![(0, 1, 1.5), (0, 2, 2.0), (1, 3, 7.25)]);
    let bad = |t: &str| read_mdgp(t.as_bytes(), "inst.txt");
    fails_at(
        bad("4 2 zz 2 2 2 2\n"),
        "inst.txt",
        1,
        "expected 'ss' or 'ds'",
    );
    fails_at(
        bad("4 2 ss 2 2 2 2\n0 1 3\n0 9 1\n"),
        "inst.txt",
        3,
        "not an element index",
    );
    fails_at(
        bad("4 2 ss 2 2 2 2\n0 1 3\n1 0 1\n"),
        "inst.txt",
        3,
        "duplicate row",
    );
    fails_at(
        bad("4 2 ss 2 2 2 2\n0 1 abc\n"),
        "inst.txt",
        2,
        "not a finite number",
    );
    fails_at(
        bad("4 2 ss 2 2 2 2\n0 1\n2 3 1\n"),
        "inst.txt",
        2,
        "incomplete",
    );
    fails_at(bad("4 2 ss 2 2 2 2\n2 2 1\n"), "inst.txt", 2, "itself");
    fails_at(bad("5 2 ss 2 2 2 2\n"), "inst.txt", 1, "cannot be split");
    fails_at(bad("4 2 ss 2 2 3\n"), "inst.txt", 1, "ends where");
}

#[test]
fn writers_quote_and_leave_unassigned_empty() {
    let mut out = Vec::new();
    write_matches(&mut out, &["a", "b, c"], &["M1"], &[Some(0), None]).expect("write");
    assert_eq!(
        String::from_utf8(out).expect("utf8"),
        "mentee,mentor\na,M1\n\"b, c\",\n"
    );
    let mut out = Vec::new();
    write_groups(&mut out, &["x", "y"], &[1, 0]).expect("write");
    assert_eq!(
        String::from_utf8(out).expect("utf8"),
        "id,group\nx,1\ny,0\n"
    );
}
