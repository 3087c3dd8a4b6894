//! The demo as people read it (issue #17's "Done when"): the demo, played through the use cases,
//! is crawled in both languages as ten people — the scheme coordinator, two organisation
//! coordinators (an English trust's and a Dutch organisation's), the evaluator, a participant of
//! each of the five schemes and a Dutch participant — and every page's visible text (tags,
//! attributes, scripts and styles stripped) is checked for
//!
//! - **server errors**;
//! - **ISO dates** (`YYYY-MM-DD`): dates are written in words by `tandem_i18n::dates`, while
//!   `datetime` attributes and form values keep ISO 8601 for machines;
//! - **wrong plurals** ("1 sessions", "1 live relationships", "1 sessies"): the plural forms are
//!   read from the `*[other]` variants of the locale files themselves, so a count that skips
//!   Fluent's plural selection is caught whatever noun it counts;
//! - **informal Dutch** (*je, jij, jou, jouw, jullie, jezelf*) on the Dutch pages, data included.
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

/// The plural phrases of a language, read from its locale files: in each `*[other]` variant,
/// the word after the selected number (`{ $count }` under `{ $count -> …}`) and the two words
/// after it, less those that also follow it in some `[one]` variant ("sessions" and "live
/// relationships" stay; "of" and "live" go). A page showing "1 " before one of them chose the
/// wrong variant, or none.
fn plural_phrases(lang: &str) -> HashSet<String> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../i18n/locales/{lang}"));
    let mut one = HashSet::new();
    let mut other = HashSet::new();
    for entry in std::fs::read_dir(&dir).expect("locale directory") {
        let path = entry.expect("locale file").path();
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let mut selector = String::new();
        for line in std::fs::read_to_string(&path).expect("read").lines() {
            let line = line.trim_start();
            if let Some(arrow) = line.find("->")
                && let Some(dollar) = line[..arrow].rfind('$')
            {
                selector = format!("{{ ${} }}", line[dollar + 1..arrow].trim());
            }
            let (set, rest) = if let Some(r) = line.strip_prefix("[one]") {
                (&mut one, r)
            } else if let Some(r) = line.strip_prefix("*[other]") {
                (&mut other, r)
            } else {
                continue;
            };
            set.extend(after_number(rest, &selector));
        }
    }
    other.retain(|p| !one.contains(p));
    other
}

/// The word and the two words after each `number` placeholder of a variant's text, lower-cased
/// and without punctuation.
fn after_number(text: &str, number: &str) -> Vec<String> {
    let mut out = Vec::new();
    if number.is_empty() {
        return out;
    }
    for (i, _) in text.match_indices(number) {
        let words: Vec<String> = text[i + number.len()..]
            .split_whitespace()
            .take(2)
            .take_while(|w| !w.starts_with('{'))
            .map(bare)
            .take_while(|w| !w.is_empty())
            .collect();
        if let Some(first) = words.first() {
            out.push(first.clone());
        }
        if words.len() == 2 {
            out.push(words.join(" "));
        }
    }
    out
}

/// A word lower-cased, without the punctuation around it.
fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase()
}

/// The words around position `i`, for a report.
fn around(words: &[&str], i: usize) -> String {
    words[i.saturating_sub(5)..(i + 6).min(words.len())].join(" ")
}

/// Each "1 <plural>" in the text: a lone 1 (not part of 11, 2.1 or 1,000) followed by one of
/// the language's plural phrases in lower case, as a count reads in running text (a capitalised
/// word after a 1 is the next cell's or heading's: "… 1 | Sessions", once the tags are gone).
fn wrong_plurals(text: &str, plurals: &HashSet<String>) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.trim_start_matches('(') != "1" {
            continue;
        }
        if words
            .get(i + 1)
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            continue;
        }
        let next: Vec<String> = words[i + 1..].iter().take(2).map(|w| bare(w)).collect();
        if next.first().is_some_and(|a| plurals.contains(a))
            || (next.len() == 2 && plurals.contains(&next.join(" ")))
        {
            found.push(around(&words, i));
        }
    }
    found
}

/// Informal Dutch in the text (*je, jij, jou, jouw, jullie, jezelf*), with context: Tandem
/// says *u* to everyone.
fn informal_dutch(text: &str) -> Vec<String> {
    const INFORMAL: [&str; 6] = ["je", "jij", "jou", "jouw", "jullie", "jezelf"];
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len())
        .filter(|&i| INFORMAL.contains(&bare(words[i]).as_str()))
        .map(|i| around(&words, i))
        .collect()
}

/// What one crawl found: pages with ISO dates, wrong plurals or informal Dutch (page →
/// examples), server errors, pages fetched and pages with a date in words.
struct Crawled {
    bad: BTreeMap<String, Vec<String>>,
    errors: Vec<String>,
    fetched: usize,
    in_words: usize,
}

/// Crawls from the dashboard as the signed-in `browser`, reading pages in `lang`.
async fn crawl(browser: &mut Browser, who: &str, lang: &str, plurals: &HashSet<String>) -> Crawled {
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
        let mut found = iso_dates(&text);
        found.extend(
            wrong_plurals(&text, plurals)
                .into_iter()
                .map(|p| format!("plural: {p}")),
        );
        if lang == "nl-NL" {
            found.extend(
                informal_dutch(&text)
                    .into_iter()
                    .map(|p| format!("informal: {p}")),
            );
        }
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

    // The plural check fires on what issue 17 reported, and only there.
    let en = plural_phrases("en-GB");
    let nl = plural_phrases("nl-NL");
    for (text, plurals, n) in [
        ("1 sessions confirmed or held", &en, 1),
        ("(1 relationships running)", &en, 1),
        ("1 live relationships have had a session", &en, 1),
        (
            "1 session confirmed; 11 sessions; 2.1 sessions; 1,000 sessions",
            &en,
            0,
        ),
        ("1 relationship running and 1 of 3 places", &en, 0),
        ("Nominated 1 Sessions Status", &en, 0),
        ("Er zijn 1 sessies gepland", &nl, 1),
        ("1 sessie gepland", &nl, 0),
    ] {
        assert_eq!(wrong_plurals(text, plurals).len(), n, "{text}");
    }
    assert_eq!(informal_dutch("Wilt u uw gegevens zien?").len(), 0);
    assert_eq!(
        informal_dutch("Heb je jouw sessie gepland? Jullie").len(),
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_role_meets_a_server_error_an_iso_date_a_wrong_plural_or_informal_dutch() {
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

    // The eight roles of issue 17's "Done when": the scheme coordinator, two organisation
    // coordinators (an English trust's and a Dutch organisation's), the evaluator, a participant
    // of each of the five schemes and a Dutch participant (whose organisation is in Amsterdam's
    // zone).
    let wanted: Vec<&tandem_demo::DemoSignIn> = {
        type Pick<'a> = &'a dyn Fn(&tandem_demo::DemoSignIn) -> bool;
        let find = |pred: Pick| sign_ins.iter().find(|s| pred(s));
        let coordinator =
            |s: &tandem_demo::DemoSignIn| s.role_label.starts_with("Organisation coordinator");
        let picks = [
            find(&|s| s.role_label == "Scheme coordinator"),
            find(&|s| coordinator(s) && !s.email.ends_with(".nl.example")),
            find(&|s| coordinator(s) && s.email.ends_with(".nl.example")),
            find(&|s| s.role_label == "Evaluator"),
            find(&|s| s.role_label == "Participant (mentee, active match)"),
            find(&|s| s.role_label == "Participant (action learning set)"),
            find(&|s| s.role_label == "Participant (pair at its session cap)"),
            find(&|s| s.role_label.starts_with("Participant (Paired Learning")),
            find(&|s| s.role_label == "Participant (appraisal summary shared)"),
            find(&|s| s.role_label.ends_with("nl-NL)")),
        ];
        assert!(
            picks.iter().all(Option::is_some),
            "the demo lacks some roles: {picks:?}"
        );
        picks.into_iter().flatten().collect()
    };
    let plurals: HashMap<&str, HashSet<String>> = ["en-GB", "nl-NL"]
        .into_iter()
        .map(|l| (l, plural_phrases(l)))
        .collect();
    for (l, p) in &plurals {
        assert!(
            p.len() >= 20 && (p.contains("sessions") || p.contains("sessies")),
            "{l}: too few plural phrases read: {p:?}"
        );
    }

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
            let c = crawl(&mut b, &who, lang, &plurals[lang]).await;
            bad.extend(c.bad);
            errors.extend(c.errors);
            total += c.fetched;
            *in_words.entry(lang).or_default() += c.in_words;
        }
    }
    assert!(total > 1_000, "the crawl reached only {total} pages");
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
        "{} pages show ISO dates, wrong plurals or informal Dutch:\n{}",
        bad.len(),
        report.join("\n")
    );
}
