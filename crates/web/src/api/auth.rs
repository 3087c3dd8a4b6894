//! Bearer-token authentication for `/api/v1`.
//!
//! The API accepts only `Authorization: Bearer <token>`. Browser cookies are deliberately ignored:
//! a browser attaches its session cookie to any request a hostile page makes, but never an
//! `Authorization` header, so refusing cookies here is what makes the API safe from cross-site
//! request forgery without CSRF tokens. The token is looked up by its SHA-256 (only the hash is
//! stored) through `services::accounts::user_for_api_token`, which builds the actor from the roles
//! of the token's account's person in its scheme.

use super::error::ApiError;
use crate::session::CurrentUser;
use crate::{AppError, AppState};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tandem_app as services;

/// The person an API request acts for.
pub struct ApiUser(pub CurrentUser);

impl ApiUser {
    pub fn actor(&self) -> &tandem_domain::Actor {
        &self.0.actor
    }
}

/// The token of an `Authorization: Bearer <token>` header; `None` when absent or another scheme.
pub fn bearer_token(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer_token(parts) else {
            return Err(ApiError::App(AppError::Unauthenticated));
        };
        match services::accounts::user_for_api_token(&state.app, token).await {
            Ok(user) => Ok(ApiUser(user.into())),
            Err(AppError::Unauthenticated) => Err(ApiError::InvalidToken),
            Err(other) => Err(other.into()),
        }
    }
}
