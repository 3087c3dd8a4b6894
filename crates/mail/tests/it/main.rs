//! Integration tests for tandem-mail: the in-memory and outbox mailers, message building, and a
//! real SMTP conversation with a tiny fake server on 127.0.0.1.

use std::sync::{Arc, Mutex};
use tandem_mail::{
    Email, MailError, Mailer, MemoryMailer, NoTransport, OutboxMailer, SmtpConfig, SmtpMailer,
    SmtpSecurity, read_outbox,
};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

fn email(to: &str, subject: &str) -> Email {
    Email {
        to: to.into(),
        subject: subject.into(),
        text: format!("Text for {subject}"),
        html: None,
        ..Email::default()
    }
}

#[tokio::test]
async fn memory_mailer_records_in_order_and_clones_share() {
    let memory = MemoryMailer::new();
    let mailer: Arc<dyn Mailer> = Arc::new(memory.clone());
    mailer.send(email("a@example.org", "First")).await.unwrap();
    mailer.send(email("B@example.org", "Second")).await.unwrap();
    let sent = memory.sent();
    assert_eq!(
        sent.iter().map(|e| e.subject.as_str()).collect::<Vec<_>>(),
        ["First", "Second"]
    );
    assert_eq!(memory.last_to("b@example.org").unwrap().subject, "Second");
    assert!(memory.last_to("c@example.org").is_none());
    memory.clear();
    assert!(memory.sent().is_empty());
}

#[tokio::test]
async fn outbox_writes_one_json_file_per_email_in_time_order() {
    let dir = tempfile::tempdir().unwrap();
    let outbox_dir = dir.path().join("nested/outbox");
    let outbox = OutboxMailer::new(&outbox_dir).unwrap();
    let mailer: Arc<dyn Mailer> = Arc::new(outbox.clone());
    for i in 0..5 {
        let mut e = email(&format!("p{i}@example.org"), &format!("Subject {i}"));
        if i == 2 {
            e.html = Some("<p>Hello &amp; welcome</p>".into());
        }
        mailer.send(e).await.unwrap();
    }
    let mut names: Vec<String> = std::fs::read_dir(&outbox_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        5,
        "one file per e-mail and no temporary files left: {names:?}"
    );
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".json") && !n.starts_with('.'))
    );

    // Name order is sending order.
    let messages = outbox.messages().unwrap();
    assert_eq!(
        messages
            .iter()
            .map(|m| m.subject.clone())
            .collect::<Vec<_>>(),
        (0..5).map(|i| format!("Subject {i}")).collect::<Vec<_>>()
    );
    assert!(
        messages
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at)
    );
    assert_eq!(
        messages[2].html.as_deref(),
        Some("<p>Hello &amp; welcome</p>")
    );
    assert_eq!(messages[2].email().to, "p2@example.org");

    // The file is plain JSON with the documented fields.
    let raw: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outbox_dir.join(&names[0])).unwrap()).unwrap();
    for field in ["to", "subject", "text", "html", "created_at"] {
        assert!(raw.get(field).is_some(), "missing {field}");
    }
    assert_eq!(raw["to"], "p0@example.org");
    assert_eq!(read_outbox(&outbox_dir).unwrap(), messages);
}

#[test]
fn outbox_ignores_unfinished_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path()).unwrap();
    std::fs::write(dir.path().join(".20990101T000000.000000Z-x.json.tmp"), b"{").unwrap();
    std::fs::write(dir.path().join(".hidden.json"), b"{").unwrap();
    outbox.write(&email("a@example.org", "Only")).unwrap();
    let messages = outbox.messages().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].subject, "Only");
}

/// Outbox messages carry sign-in links: the directory the mailer creates is its owner's alone and
/// so is every message, whatever the process's umask lets through.
#[cfg(unix)]
#[tokio::test]
async fn outbox_directory_and_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let outbox_dir = dir.path().join("made/outbox");
    let outbox = OutboxMailer::new(&outbox_dir).unwrap();
    outbox
        .send(email("a@example.org", "Reset your password"))
        .await
        .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&outbox_dir), 0o700);
    assert_eq!(mode(&dir.path().join("made")), 0o700);
    let files: Vec<_> = std::fs::read_dir(&outbox_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(outbox.messages().unwrap()[0].subject, "Reset your password");
}

#[tokio::test]
async fn without_a_transport_every_send_is_refused() {
    let mailer: Arc<dyn Mailer> = Arc::new(NoTransport);
    let err = mailer
        .send(email("a@example.org", "Invitation"))
        .await
        .unwrap_err();
    assert!(matches!(err, MailError::NotConfigured), "{err:?}");
    assert!(err.to_string().contains("mail.mode"), "{err}");
}

fn config(port: u16, security: SmtpSecurity) -> SmtpConfig {
    SmtpConfig {
        host: "127.0.0.1".into(),
        port,
        security,
        username: None,
        password: None,
        from: "Tandem <noreply@example.org>".into(),
        timeout_seconds: 10,
    }
}

#[test]
fn smtp_config_debug_hides_the_password() {
    let mut c = config(25, SmtpSecurity::Starttls);
    c.username = Some("mailer".into());
    c.password = Some("hunter2-secret".into());
    let shown = format!("{c:?}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert!(shown.contains("redacted") && shown.contains("mailer"));
    let mailer = SmtpMailer::new(&c).unwrap();
    assert!(!format!("{mailer:?}").contains("hunter2-secret"));
}

#[test]
fn messages_are_plain_text_or_multipart_alternative() {
    let mailer = SmtpMailer::new(&config(25, SmtpSecurity::None)).unwrap();
    let plain = String::from_utf8(
        mailer
            .build_message(&email("a@example.org", "Plain"))
            .unwrap()
            .formatted(),
    )
    .unwrap();
    assert!(plain.contains("Content-Type: text/plain"), "{plain}");
    assert!(!plain.contains("multipart"));
    assert!(plain.contains("To: a@example.org"));

    let mut both = email("a@example.org", "Both");
    both.html = Some("<p>Hi</p>".into());
    let both = String::from_utf8(mailer.build_message(&both).unwrap().formatted()).unwrap();
    assert!(both.contains("multipart/alternative"), "{both}");
    assert!(both.contains("text/html") && both.contains("text/plain"));
}

/// A notice with everything a notice may carry.
fn notice() -> Email {
    Email {
        html: Some("<p>Hallo</p>".into()),
        kind: Some("session.cancelled".into()),
        list_unsubscribe: Some("https://tandem.example.org/notices/unsubscribe?t=x".into()),
        attachments: vec![tandem_mail::Attachment {
            file_name: "session.ics".into(),
            content_type: "text/calendar; charset=utf-8".into(),
            body: "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n".into(),
        }],
        message_id: Some("0190abc@tandem.example.org".into()),
        ..email("a@example.org", "Sessie geannuleerd")
    }
}

#[test]
fn a_notice_carries_its_kind_unsubscribe_link_id_and_files_in_multipart_mixed() {
    let mailer = SmtpMailer::new(&config(25, SmtpSecurity::None)).unwrap();
    let text = String::from_utf8(mailer.build_message(&notice()).unwrap().formatted()).unwrap();
    assert!(
        text.contains("X-Tandem-Kind: session.cancelled\r\n"),
        "{text}"
    );
    assert!(
        text.contains("List-Unsubscribe: <https://tandem.example.org/notices/unsubscribe?t=x>\r\n")
    );
    assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    assert!(text.contains("Message-ID: <0190abc@tandem.example.org>\r\n"));
    assert!(text.contains("multipart/mixed") && text.contains("multipart/alternative"));
    // The calendar's method is taken from the file when the renderer did not name it.
    assert!(text.contains("method=CANCEL"), "{text}");
    assert!(text.contains("filename=\"session.ics\""), "{text}");

    // Without files, no multipart/mixed; without a link, no unsubscribe headers.
    let plain = Email {
        attachments: vec![],
        list_unsubscribe: None,
        ..notice()
    };
    let text = String::from_utf8(mailer.build_message(&plain).unwrap().formatted()).unwrap();
    assert!(!text.contains("multipart/mixed") && text.contains("multipart/alternative"));
    assert!(!text.contains("List-Unsubscribe"));
}

#[test]
fn kinds_links_and_ids_that_would_break_a_header_are_refused() {
    let mailer = SmtpMailer::new(&config(25, SmtpSecurity::None)).unwrap();
    for bad in [
        Email {
            kind: Some("session\r\nBcc: x@example.org".into()),
            ..notice()
        },
        Email {
            list_unsubscribe: Some("https://tandem.example.org/ü".into()),
            ..notice()
        },
        Email {
            message_id: Some("no-at-sign".into()),
            ..notice()
        },
    ] {
        assert!(matches!(
            mailer.build_message(&bad),
            Err(MailError::Build(_))
        ));
    }
}

#[tokio::test]
async fn the_file_outbox_keeps_kind_link_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = OutboxMailer::new(dir.path().join("outbox")).unwrap();
    outbox.send(notice()).await.unwrap();
    let name = std::fs::read_dir(outbox.dir())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(name).unwrap()).unwrap();
    assert_eq!(json["kind"], "session.cancelled");
    assert_eq!(
        json["list_unsubscribe"],
        "https://tandem.example.org/notices/unsubscribe?t=x"
    );
    assert_eq!(json["attachments"][0]["file_name"], "session.ics");
    let back = outbox.messages().unwrap().pop().unwrap();
    assert_eq!(back.kind.as_deref(), Some("session.cancelled"));
    assert_eq!(back.attachments.len(), 1);
}

#[test]
fn bad_addresses_and_header_injection_are_refused() {
    let mailer = SmtpMailer::new(&config(25, SmtpSecurity::None)).unwrap();
    assert!(matches!(
        mailer.build_message(&email("not an address", "x")),
        Err(MailError::Address(_))
    ));
    assert!(matches!(
        mailer.build_message(&email("a@example.org", "Hi\r\nBcc: victim@example.org")),
        Err(MailError::Build(_))
    ));
    let mut bad_from = config(25, SmtpSecurity::None);
    bad_from.from = "nobody".into();
    assert!(matches!(
        SmtpMailer::new(&bad_from),
        Err(MailError::Address(_))
    ));
}

/// A minimal SMTP server: accepts one message and records the conversation. `starttls` decides
/// whether it advertises STARTTLS (it never actually negotiates TLS).
async fn fake_smtp(starttls: bool) -> (u16, Arc<Mutex<Vec<String>>>) {
    fake_smtp_with(starttls, false).await
}

/// As [`fake_smtp`]; with `reject_rcpt` every recipient is refused with a reply that quotes the
/// address, as real servers do.
async fn fake_smtp_with(starttls: bool, reject_rcpt: bool) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let transcript = Arc::new(Mutex::new(Vec::new()));
    let log = transcript.clone();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write
            .write_all(b"220 fake.example ESMTP\r\n")
            .await
            .unwrap();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            log.lock().unwrap().push(line.clone());
            let reply: &[u8] = if in_data {
                if line == "." {
                    in_data = false;
                    b"250 2.0.0 queued\r\n"
                } else {
                    continue;
                }
            } else {
                let verb = line
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                match verb.as_str() {
                    "EHLO" if starttls => b"250-fake.example\r\n250 STARTTLS\r\n",
                    "EHLO" => b"250-fake.example\r\n250 8BITMIME\r\n",
                    "RCPT" if reject_rcpt => {
                        let addr = line.split_once(':').map(|(_, a)| a).unwrap_or("");
                        let reply = format!(
                            "550 5.1.1 {addr}: Recipient address rejected: unknown user {}\r\n",
                            addr.trim_matches(['<', '>'])
                        );
                        if write.write_all(reply.as_bytes()).await.is_err() {
                            break;
                        }
                        continue;
                    }
                    "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 2.1.0 ok\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    }
                    "STARTTLS" => b"454 4.7.0 TLS not available\r\n",
                    _ => b"502 5.5.2 unknown\r\n",
                }
            };
            if write.write_all(reply).await.is_err() {
                break;
            }
        }
    });
    (port, transcript)
}

#[tokio::test]
async fn smtp_mailer_holds_a_real_conversation_without_tls() {
    let (port, transcript) = fake_smtp(false).await;
    let mailer: Arc<dyn Mailer> =
        Arc::new(SmtpMailer::new(&config(port, SmtpSecurity::None)).unwrap());
    let mut e = email("Mentee@Example.org", "Your invitation");
    e.text = "Follow the link to set your password.".into();
    mailer.send(e).await.unwrap();
    let lines = transcript.lock().unwrap().clone();
    let all = lines.join("\n");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("MAIL FROM:<noreply@example.org>")),
        "{all}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.eq_ignore_ascii_case("RCPT TO:<mentee@example.org>")),
        "{all}"
    );
    assert!(all.contains("Subject: Your invitation"), "{all}");
    assert!(
        all.contains("Follow the link to set your password."),
        "{all}"
    );
}

#[tokio::test]
async fn starttls_mode_refuses_a_server_that_cannot_upgrade() {
    let (port, transcript) = fake_smtp(false).await;
    let mailer = SmtpMailer::new(&config(port, SmtpSecurity::Starttls)).unwrap();
    let result = mailer.send(email("a@example.org", "Secret")).await;
    assert!(matches!(result, Err(MailError::Transport(_))), "{result:?}");
    let all = transcript.lock().unwrap().join("\n");
    assert!(
        !all.contains("Secret"),
        "nothing may be sent in clear: {all}"
    );
}

#[tokio::test]
async fn a_refused_recipient_leaves_no_address_in_the_error() {
    let (port, _) = fake_smtp_with(false, true).await;
    let mailer = SmtpMailer::new(&config(port, SmtpSecurity::None)).unwrap();
    let result = mailer.send(email("ann.secret@example.org", "Hello")).await;
    let Err(MailError::Transport(message)) = result else {
        panic!("expected a transport error: {result:?}");
    };
    // The error is logged: it keeps the status and reason but not the address.
    assert!(message.contains("550"), "{message}");
    assert!(message.contains("Recipient address rejected"), "{message}");
    assert!(!message.contains('@'), "{message}");
    assert!(!message.contains("ann.secret"), "{message}");
}
