fn main() {
    let d = tandem_demo::generate(tandem_demo::DEFAULT_SEED);
    let by_id: std::collections::HashMap<_, _> = d.people.iter().map(|(p, e)| (p.id, (p, e))).collect();
    for o in &d.organisations {
        let staff: Vec<_> = d.people.iter().filter(|(_, e)| e[0].organisation_id == o.id).collect();
        println!("== {} ({:?}) {} people", o.name, o.kind, staff.len());
        for (p, e) in staff.iter().step_by(7) {
            let m = e[0].line_manager_id.map(|m| format!("{} ({})", by_id[&m].0.display_name(), by_id[&m].1[0].job_title)).unwrap_or_default();
            println!("  {:<28} {:<34} {:<45} {:?} {:<16} <- {}", p.display_name(), p.email, e[0].job_title, e[0].grade_system, e[0].grade, m);
        }
    }
    for s in &d.sign_ins { println!("{} : {}", s.role_label, s.email); }
    for i in &d.intakes { println!("{} {:?}", i.name, i.places.iter().map(|p| p.places).collect::<Vec<_>>()); }
    let mut counts = std::collections::BTreeMap::new();
    for (_, r) in &d.roles { *counts.entry(format!("{:?}", r)).or_insert(0) += 1; }
    for (k, v) in counts { println!("{v:4} {k}"); }
}
