//! Writes a large synthetic consortium's people as HR-extract CSV files for `tandem import
//! people`, for the copy benchmark (`bench/copy/run.sh`). A tool, not a test:
//!
//! `cargo run --release -p tandem-demo --example consortium_csv -- DIR PEOPLE [DEMO_SEED]`
//!
//! The people work for the organisations of `tandem demo --seed DEMO_SEED` (default 2026), so
//! the files import into that demo database. An import file holds at most
//! `tandem_people_io::MAX_ROWS` rows, and a line manager must exist when a report is imported,
//! so the people come in two passes of files: `1-NN.csv` without line managers (everyone is
//! created), then `2-NN.csv` with them (every row an update that sets the manager).

use std::path::PathBuf;
use tandem_people_io::{MAX_ROWS, export_csv};

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: consortium_csv DIR PEOPLE [DEMO_SEED]";
    let dir = PathBuf::from(args.next().expect(usage));
    let n: usize = args.next().expect(usage).parse().expect(usage);
    let seed: u64 = args.next().map_or(2026, |s| s.parse().expect(usage));

    let demo = tandem_demo::generate(seed);
    let mut people = tandem_demo::generate_people(&demo.scheme, &demo.organisations, n, seed + 1);
    // The generator's e-mails are unique among these people but may repeat a demo person's; a
    // suffix keeps every row a new person.
    for (i, (p, _)) in people.iter_mut().enumerate() {
        let (local, domain) = p.email.split_once('@').expect("an e-mail");
        p.email = format!("{local}.c{i}@{domain}");
    }
    let without_managers: Vec<_> = people
        .iter()
        .map(|(p, e)| {
            let mut e = e.clone();
            e.iter_mut().for_each(|e| e.line_manager_id = None);
            (p.clone(), e)
        })
        .collect();
    std::fs::create_dir_all(&dir).expect("create DIR");
    for (pass, people) in [(1, &without_managers), (2, &people)] {
        let csv = String::from_utf8(export_csv(people, &demo.organisations)).expect("UTF-8");
        let mut lines = csv.split_inclusive("\r\n");
        let header = lines.next().expect("a header");
        let rows: Vec<&str> = lines.collect();
        // One line per row: generated names and titles hold no line breaks.
        assert_eq!(rows.len(), people.len(), "one line per person");
        for (k, chunk) in rows.chunks(MAX_ROWS).enumerate() {
            let file = dir.join(format!("{pass}-{:02}.csv", k + 1));
            std::fs::write(&file, format!("{header}{}", chunk.concat())).expect("write");
        }
    }
    println!(
        "{} people in {} files per pass under {}",
        people.len(),
        people.len().div_ceil(MAX_ROWS),
        dir.display()
    );
}
