//! Signing in without a password: single-use e-mailed links, and single sign-on per
//! organisation with OpenID Connect.
