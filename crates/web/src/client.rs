//! Who is asking, for the rate limits: the client's IP address.
//!
//! By default it is the socket's peer (`ConnectInfo`, filled by [`crate::serve`]). Behind a
//! reverse proxy every request comes from the proxy, so `security.client_ip_header` names the
//! header the proxy sets (e.g. `X-Forwarded-For`); the *last* address in it is taken, the one
//! the proxy itself appended, because anything before it was written by the client and can be
//! forged. The header is only trusted when configured: a direct client could otherwise choose
//! its own address and escape every limit.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use tandem_app::throttle::Client;

/// The client of a request as the rate limits see it.
pub struct ClientAddr(pub Client);

/// The client address of a request: the trusted header's last entry when configured and
/// present, else the socket's peer; `None` when neither is known (requests made in-process).
pub fn client_of(parts: &Parts, header: Option<&str>) -> Option<IpAddr> {
    if let Some(name) = header {
        let from_header = parts
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        if from_header.is_some() {
            return from_header;
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ip = client_of(parts, state.config.client_ip_header.as_deref());
        Ok(ClientAddr(Client {
            // IPv4-mapped IPv6 peers count as the IPv4 address they are.
            address: ip.map(|ip| ip.to_canonical().to_string()),
        }))
    }
}
