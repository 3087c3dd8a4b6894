//! A real SMTP server on loopback for tests: it speaks the protocol through the `mailin` state
//! machine (a maintained SMTP server library without I/O of its own) over tokio sockets, keeps
//! every message it accepts, and refuses the addresses a test names with `550`, as a mail
//! server refuses an unknown mailbox.
//!
//! It runs on its own thread with its own runtime, so it keeps answering whatever the test does
//! with its own (a synchronous test, a blocked runtime, child processes sending to it).

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// One message the sink accepted.
#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and body, dots unstuffed).
    pub data: Vec<u8>,
}

impl Received {
    /// The parsed message (mail-parser, an independent MIME parser).
    pub fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("the sink received a parsable message")
    }

    /// A header's value as text (decoded), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        let parsed = self.parsed();
        parsed
            .header(name)
            .and_then(|h| h.as_text().map(str::to_string))
    }

    /// A header exactly as it was sent (still encoded), if present.
    pub fn raw_header(&self, name: &str) -> Option<String> {
        self.parsed().header_raw(name).map(|h| h.trim().to_string())
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    refused: HashSet<String>,
    refusals: u64,
}

/// The sink. Dropping it stops it accepting connections.
pub struct SmtpSink {
    port: u16,
    state: Arc<Mutex<State>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl SmtpSink {
    /// Starts a sink on a free loopback port.
    pub fn start() -> SmtpSink {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding the SMTP sink");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let port = listener.local_addr().expect("sink address").port();
        let state = Arc::new(Mutex::new(State::default()));
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let shared = state.clone();
        std::thread::Builder::new()
            .name(format!("smtp-sink-{port}"))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("the sink's runtime");
                rt.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    loop {
                        tokio::select! {
                            _ = &mut stopped => break,
                            accepted = listener.accept() => {
                                if let Ok((stream, peer)) = accepted {
                                    tokio::spawn(session(stream, peer.ip(), shared.clone()));
                                }
                            }
                        }
                    }
                });
            })
            .expect("starting the SMTP sink");
        SmtpSink {
            port,
            state,
            _stop: stop,
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Settings for `tandem_mail::SmtpMailer` that send here (plain SMTP on loopback).
    pub fn config(&self) -> tandem_mail::SmtpConfig {
        tandem_mail::SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            security: tandem_mail::SmtpSecurity::None,
            username: None,
            password: None,
            from: "Tandem <tandem@tandem.test>".into(),
            timeout_seconds: 10,
        }
    }

    /// From now on, `RCPT TO` this address is refused with `550 5.1.1`.
    pub fn refuse(&self, address: &str) {
        self.lock().refused.insert(address.to_ascii_lowercase());
    }

    /// Every message accepted so far, in order of acceptance.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// How many messages were accepted so far.
    pub fn count(&self) -> usize {
        self.lock().received.len()
    }

    /// How many recipients were refused so far.
    pub fn refusals(&self) -> u64 {
        self.lock().refusals
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What `mailin` calls back during one connection.
struct Handler {
    state: Arc<Mutex<State>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl mailin::Handler for Handler {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> mailin::Response {
        self.from = from.to_string();
        self.to.clear();
        self.data.clear();
        mailin::response::OK
    }

    fn rcpt(&mut self, to: &str) -> mailin::Response {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.refused.contains(&to.to_ascii_lowercase()) {
            state.refusals += 1;
            return mailin::Response::custom(550, "5.1.1 mailbox unavailable".into());
        }
        self.to.push(to.to_string());
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> mailin::Response {
        let message = Received {
            from: self.from.clone(),
            to: std::mem::take(&mut self.to),
            data: std::mem::take(&mut self.data),
        };
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .received
            .push(message);
        mailin::response::OK
    }
}

async fn session(stream: tokio::net::TcpStream, peer: IpAddr, state: Arc<Mutex<State>>) {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let handler = Handler {
        state,
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = mailin::SessionBuilder::new("sink.tandem.test").build(peer, handler);
    let reply = |r: &mailin::Response| r.buffer().unwrap_or_default();
    if write.write_all(&reply(&session.greeting())).await.is_err() {
        return;
    }
    let mut line = Vec::with_capacity(128);
    loop {
        line.clear();
        match read.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let response = session.process(&line);
        match response.action {
            mailin::Action::NoReply => {}
            mailin::Action::Reply => {
                if write.write_all(&reply(&response)).await.is_err() {
                    return;
                }
            }
            mailin::Action::Close | mailin::Action::UpgradeTls => {
                let _ = write.write_all(&reply(&response)).await;
                return;
            }
        }
    }
}
