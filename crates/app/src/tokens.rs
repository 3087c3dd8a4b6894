//! Single-use and session tokens: 256-bit random values handed out once, of which only the
//! SHA-256 is stored. A leaf module, because the use cases that issue tokens and the notices that
//! mint them at delivery (invitations, resets, a line manager's link) both need them.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// A fresh random token, URL-safe.
pub fn random_token() -> String {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).expect("the operating system's random number generator failed");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// What is stored for a token: its SHA-256 in hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
