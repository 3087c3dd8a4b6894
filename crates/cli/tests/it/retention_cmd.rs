//! `tandem retention` through the real binary, on a demo database: the dry run prints counts
//! only and changes nothing, `--apply` removes what it counted (audited), and a run without
//! either flag exits 2.

use crate::commands::{demo, tandem, text};

fn audit_len(url: &str) -> usize {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = tandem_storage::Store::connect(url).await.expect("open");
        store.list_audit(1_000_000).await.expect("audit").len()
    })
}

/// The counts printed, in order.
fn counts(out: &str) -> Vec<u64> {
    out.lines()
        .filter_map(|l| l.rsplit_once(' ').and_then(|(_, n)| n.parse().ok()))
        .collect()
}

#[test]
fn retention_counts_then_applies_and_prints_no_personal_data() {
    let (dir, url) = demo();
    let run = |args: &[&str]| {
        let mut all = vec!["--database-url", url.as_str(), "retention"];
        all.extend_from_slice(args);
        tandem(dir.path(), &all, None)
    };
    let none = run(&[]);
    assert_eq!(none.status.code(), Some(2), "{}", text(&none.stderr));

    let before = audit_len(&url);
    let dry = run(&["--dry-run"]);
    assert!(dry.status.success(), "{}", text(&dry.stderr));
    let printed = text(&dry.stdout);
    assert!(printed.contains("would remove"), "{printed}");
    assert!(!printed.contains('@'), "no addresses: {printed}");
    assert_eq!(counts(&printed).len(), 6, "{printed}");
    assert_eq!(audit_len(&url), before, "a dry run writes nothing");

    let applied = run(&["--apply"]);
    assert!(applied.status.success(), "{}", text(&applied.stderr));
    let applied_text = text(&applied.stdout);
    assert!(applied_text.contains("removed"), "{applied_text}");
    assert_eq!(
        counts(&applied_text),
        counts(&printed),
        "it removed what it counted"
    );

    let again = run(&["--dry-run"]);
    assert!(counts(&text(&again.stdout)).iter().all(|n| *n == 0));
}
