//! No ISO date in what people read (issue #17): the demo, played through the use cases, is
//! crawled as a scheme coordinator, an organisation coordinator, participants of each kind and
//! a Dutch participant, in both languages. Each page's visible text (tags, attributes, scripts
//! and styles stripped) must hold no `YYYY-MM-DD`: dates are written in words by
//! `tandem_i18n::dates`, while `datetime` attributes and form values keep ISO 8601 for machines.
//!
//! The crawl follows the links each page offers (GET only, never downloads, which are for
//! machines and spreadsheets), a few pages of each shape (ids replaced) per person and language,
//! so every template each role reaches is rendered with real data.
//!
//! SQLite only: the pages render the same values whichever store holds them (the copy test
//! compares the two backends page for page), and playing the demo is the slow part.

use crate::harness::Browser;
use axum::http::StatusCode;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use tandem_app::{Context, Settings};
use tandem_storage::Store;
use tandem_web::{AppState, WebConfig};

/// Pages fetched per person and language, and per shape of path.
const PAGES_PER_CRAWL: usize = 160;
const PER_SHAPE: usize = 3;

/// The path with each id (a UUID or a number) replaced, so `/people/<id>` is one shape.
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|seg| {
            let is_id = seg.len() >= 32 && seg.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
                || (!seg.is_empty() && seg.chars().all(|c| c.is_ascii_digit()));
            if is_id { ":id" } else { seg }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Links worth following: this site's pages, not downloads, feeds, the API or signing out.
fn followable(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    href.starts_with('/')
        && !href.starts_with("//")
        && !path.starts_with("/api")
        && !path.starts_with("/static")
        && !path.starts_with("/assets")
        && ![
            "sign-out",
            "sign_out",
            "export",
            "download",
            ".csv",
            ".xlsx",
            ".ics",
            ".zip",
            ".json",
            "/feed",
            "calendar.ics",
        ]
        .iter()
        .any(|skip| path.contains(skip))
}

/// The `href` values of a page, HTML entities in them decoded.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].replace("&amp;", "&").replace("&#x2f;", "/"));
            rest = &rest[end..];
        }
    }
    out
}

/// What a reader sees: the text outside tags, without scripts and styles.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let after = &rest[i..];
        let lower = after.get(..8).unwrap_or(after).to_ascii_lowercase();
        let close = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        match after.find(close) {
            Some(j) => rest = &after[j + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `dddd-dd-dd` in the text, with a little context.
fn iso_dates(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut found = Vec::new();
    for i in 0..b.len().saturating_sub(9) {
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        if before_ok
            && (0..4).all(|k| digit(i + k))
            && b[i + 4] == b'-'
            && digit(i + 5)
            && digit(i + 6)
            && b[i + 7] == b'-'
            && digit(i + 8)
            && digit(i + 9)
        {
            let from = text.floor_char_boundary(i.saturating_sub(40));
            let to = text.ceil_char_boundary((i + 50).min(text.len()));
            found.push(
                text[from..to]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
    }
    found
}

/// Whether the text holds a date in words in `lang` ("5 December 2026", "5 december 2026"),
/// so the crawl proves the dates are there, written the reader's way, not merely absent.
fn has_date_in_words(text: &str, lang: &str) -> bool {
    let months: [&str; 12] = if lang == "nl-NL" {
        [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ]
    } else {
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
    };
    months.iter().any(|m| text.contains(&format!(" {m} 202")))
}

/// What one crawl found: pages with ISO dates (page → examples), server errors, pages fetched
/// and pages with a date in words.
struct Crawled {
    bad: BTreeMap<String, Vec<String>>,
    errors: Vec<String>,
    fetched: usize,
    in_words: usize,
}

/// Crawls from the dashboard as the signed-in `browser`, reading pages in `lang`.
async fn crawl(browser: &mut Browser, who: &str, lang: &str) -> Crawled {
    let mut seen: HashSet<String> = HashSet::new();
    let mut shapes: HashMap<String, usize> = HashMap::new();
    let mut queue: VecDeque<String> = VecDeque::from(["/dashboard".to_string()]);
    let mut bad = BTreeMap::new();
    let mut errors = Vec::new();
    let mut fetched = 0;
    let mut in_words = 0;
    while let Some(path) = queue.pop_front() {
        if fetched >= PAGES_PER_CRAWL {
            break;
        }
        if !seen.insert(path.clone()) {
            continue;
        }
        let n = shapes.entry(shape(&path)).or_default();
        if *n >= PER_SHAPE {
            continue;
        }
        *n += 1;
        let page = browser.get(&path).await;
        fetched += 1;
        if page.status.is_server_error() {
            errors.push(format!("{who} {path}: {}", page.status));
            continue;
        }
        let html_page = page
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if page.status != StatusCode::OK || !html_page {
            continue;
        }
        let html = page.text();
        let text = visible_text(&html);
        if has_date_in_words(&text, lang) {
            in_words += 1;
        }
        let found = iso_dates(&text);
        if !found.is_empty() {
            bad.insert(format!("{who} {path}"), found);
        }
        for href in links(&html) {
            if followable(&href) && !seen.contains(&href) {
                queue.push_back(href);
            }
        }
    }
    Crawled {
        bad,
        errors,
        fetched,
        in_words,
    }
}

#[test]
fn the_checks_see_what_a_reader_sees() {
    let html = r#"<p>On <time datetime="2026-12-05">5 December 2026</time></p>
        <input type="text" value="2026-12-05"><script>var d = "2026-01-01";</script>
        <p>Held 2026-11-04 at 09:30</p><a href="/people/0196f7c2-0000-7000-8000-000000000001?x=1&amp;y=2">x</a>"#;
    let text = visible_text(html);
    assert!(text.contains("5 December 2026"));
    let found = iso_dates(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("Held 2026-11-04"));
    assert_eq!(
        links(html),
        vec!["/people/0196f7c2-0000-7000-8000-000000000001?x=1&y=2"]
    );
    assert_eq!(
        shape("/people/0196f7c2-0000-7000-8000-000000000001?x=1"),
        "/people/:id"
    );
    assert!(!followable("/sign-out") && !followable("/exports/sessions.csv"));
    assert!(followable("/relationships"));
    assert!(has_date_in_words("Held on 5 December 2026.", "en-GB"));
    assert!(has_date_in_words("op 5 december 2026", "nl-NL"));
    assert!(!has_date_in_words("op 5 December 2026", "nl-NL"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_shows_an_iso_date_to_any_role_in_either_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}", dir.path().join("demo.db").display());
    let store = Store::connect(&url).await.expect("SQLite");
    store.migrate().await.expect("migrate");
    let sign_ins = tandem_demo::play::load(&store, &tandem_demo::generate(2026))
        .await
        .expect("play the demo");
    let ctx = Context::new(
        store.clone(),
        Arc::new(tandem_mail::MemoryMailer::new()),
        Settings::default(),
    );
    let config = WebConfig {
        cookie_secure: false,
        ..WebConfig::default()
    };
    let app = crate::openapi_check::checked(tandem_web::app(AppState::new(ctx, config)));

    // The scheme coordinator, the first organisation coordinator, participants of each kind
    // and a Dutch participant (whose organisation is in Amsterdam's zone).
    let wanted: Vec<&tandem_demo::DemoSignIn> = {
        let mut w = Vec::new();
        let first = |pred: &dyn Fn(&str) -> bool| sign_ins.iter().find(|s| pred(&s.role_label));
        for pick in [
            first(&|l| l == "Scheme coordinator"),
            first(&|l| l.starts_with("Organisation coordinator")),
            first(&|l| l == "Participant (mentee, active match)"),
            first(&|l| l == "Participant (action learning set)"),
            first(&|l| l == "Participant (pair at its session cap)"),
            first(&|l| l.starts_with("Participant (Paired Learning")),
            first(&|l| l.ends_with("nl-NL)")),
        ]
        .into_iter()
        .flatten()
        {
            w.push(pick);
        }
        w
    };
    assert!(wanted.len() >= 6, "the demo lacks some roles: {wanted:?}");

    let mut bad = BTreeMap::new();
    let mut errors = Vec::new();
    let mut total = 0;
    let mut in_words: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &wanted {
        for lang in ["en-GB", "nl-NL"] {
            let mut b = Browser::on(app.clone());
            b.sign_in(&s.email, tandem_demo::play::DEMO_PASSWORD)
                .await
                .assert_status(StatusCode::SEE_OTHER);
            // `?lang=` is remembered in a cookie for the rest of the crawl.
            b.get(&format!("/dashboard?lang={lang}")).await;
            let who = format!("[{} {lang}]", s.role_label);
            let c = crawl(&mut b, &who, lang).await;
            bad.extend(c.bad);
            errors.extend(c.errors);
            total += c.fetched;
            *in_words.entry(lang).or_default() += c.in_words;
        }
    }
    assert!(total > 400, "the crawl reached only {total} pages");
    eprintln!("crawled {total} pages; with dates in words: {in_words:?}");
    for lang in ["en-GB", "nl-NL"] {
        let n = in_words.get(lang).copied().unwrap_or(0);
        assert!(n >= 50, "only {n} {lang} pages show a date in words");
    }
    assert!(errors.is_empty(), "server errors:\n{}", errors.join("\n"));
    let report: Vec<String> = bad
        .iter()
        .map(|(page, found)| format!("{page}: {}", found.join(" | ")))
        .collect();
    assert!(
        bad.is_empty(),
        "{} pages show ISO dates:\n{}",
        bad.len(),
        report.join("\n")
    );
}
