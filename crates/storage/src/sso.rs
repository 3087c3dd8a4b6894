//! Single sign-on settings per organisation and pending sign-ins (state, nonce, PKCE
//! verifier), kept in the database so any instance finishes a sign-in another began.

use crate::Store;

impl Store {}
