//! Connection and request limits over real TCP (`tandem_web::serve_until`), and the request ids
//! kept from clients.

use crate::harness::{SC, World, api_token, on_backends};
use axum::http::StatusCode;
use std::time::{Duration, Instant};
use tandem_web::{AppState, WebConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Serves `w`'s context on a free loopback port with one-second limits; stops when dropped.
struct Server {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(w: &World) -> Server {
        let config = WebConfig {
            cookie_secure: false,
            header_timeout: Duration::from_secs(1),
            request_timeout: Duration::from_secs(1),
            ..WebConfig::default()
        };
        let state = AppState::new(w.ctx.clone(), config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(tandem_web::serve_until(listener, state, async {
            let _ = stopped.await;
        }));
        Server {
            addr,
            stop: Some(stop),
            task,
        }
    }

    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
    }
}

/// Reads until the server closes the connection (or 5 s pass): what it sent, and when it closed.
async fn read_until_closed(stream: &mut TcpStream) -> (String, Option<Duration>) {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await {
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), None),
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (
                    String::from_utf8_lossy(&got).into_owned(),
                    Some(started.elapsed()),
                );
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test]
async fn half_sent_headers_and_idle_connections_are_closed_after_the_header_timeout() {
    on_backends(|w| async move {
        let server = Server::start(&w).await;

        // Half a request head, then silence: closed after about a second, with nothing served.
        let mut half = TcpStream::connect(server.addr).await.unwrap();
        half.write_all(b"GET /healthz HTTP/1.1\r\nHost: tandem\r\nX-Slow: ")
            .await
            .unwrap();
        let (said, closed) = read_until_closed(&mut half).await;
        let closed = closed.expect("the server closed the half-sent request");
        assert!(
            closed >= Duration::from_millis(800) && closed < Duration::from_secs(4),
            "{closed:?}"
        );
        assert!(!said.contains("200 OK"), "{said}");

        // A complete request is answered, and the idle keep-alive connection then closed too.
        let mut idle = TcpStream::connect(server.addr).await.unwrap();
        idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: tandem\r\n\r\n")
            .await
            .unwrap();
        let (said, closed) = read_until_closed(&mut idle).await;
        assert!(said.starts_with("HTTP/1.1 200 OK"), "{said}");
        assert!(said.ends_with("ok"), "{said}");
        let closed = closed.expect("the idle connection was closed");
        assert!(closed < Duration::from_secs(4), "{closed:?}");

        server.stop().await;
    })
    .await;
}

/// Sends a request head announcing a 1000-byte body, then only part of it.
async fn trickle(addr: std::net::SocketAddr, head: &str) -> (String, Option<Duration>) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("{head}Content-Length: 1000\r\nConnection: close\r\n\r\n{{\"a").as_bytes())
        .await
        .unwrap();
    read_until_closed(&mut s).await
}

#[tokio::test]
async fn a_request_past_the_request_timeout_is_answered_503_in_the_usual_shape() {
    on_backends(|w| async move {
        let token = api_token(&w, SC).await;
        let server = Server::start(&w).await;

        let started = Instant::now();
        let (said, _) = trickle(
            server.addr,
            &format!(
                "POST /api/v1/people HTTP/1.1\r\nHost: tandem\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\n"
            ),
        )
        .await;
        let took = started.elapsed();
        assert!(said.starts_with("HTTP/1.1 503"), "{said}");
        assert!(took >= Duration::from_millis(800), "{took:?}");
        let body = said.split("\r\n\r\n").nth(1).unwrap_or("");
        let json: serde_json::Value =
            serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {said}"));
        assert_eq!(json["error"]["code"], "timeout", "{said}");
        assert!(
            json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("took too long"),
            "{said}"
        );
        assert!(
            said.to_ascii_lowercase().contains("retry-after: 5"),
            "{said}"
        );

        // A page: the error page, in Dutch for a Dutch browser.
        let (said, _) = trickle(
            server.addr,
            "POST /sign-in HTTP/1.1\r\nHost: tandem\r\nAccept-Language: nl-NL\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n",
        )
        .await;
        assert!(said.starts_with("HTTP/1.1 503"), "{said}");
        assert!(said.contains("<html"), "{said}");
        assert!(said.contains("Het antwoord duurde te lang"), "{said}");
        server.stop().await;
    })
    .await;
}

#[tokio::test]
async fn request_ids_are_kept_only_when_short_and_well_formed() {
    on_backends(|w| async move {
        let sent_and_echoed = |id: Option<&str>| {
            let mut b = w.browser();
            if let Some(id) = id {
                b.headers.push(("x-request-id".into(), id.into()));
            }
            async move {
                let page = b.get("/healthz").await;
                page.assert_status(StatusCode::OK);
                page.headers
                    .get("x-request-id")
                    .expect("every response has one")
                    .to_str()
                    .unwrap()
                    .to_string()
            }
        };
        let ok = "proxy-7f3a.b_2026";
        assert_eq!(sent_and_echoed(Some(ok)).await, ok);
        let longest = "a".repeat(64);
        assert_eq!(sent_and_echoed(Some(&longest)).await, longest);

        let fresh = sent_and_echoed(None).await;
        assert!(uuid::Uuid::parse_str(&fresh).is_ok(), "{fresh}");
        for bad in [
            "a".repeat(65),
            "x".repeat(5000),
            "two words".into(),
            "status=200 route=/admin".into(),
            "id;drop".into(),
            "\"quoted\"".into(),
        ] {
            let got = sent_and_echoed(Some(&bad)).await;
            assert_ne!(got, bad);
            assert!(uuid::Uuid::parse_str(&got).is_ok(), "{bad:?} became {got}");
        }
    })
    .await;
}
