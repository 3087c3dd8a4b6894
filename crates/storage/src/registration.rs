//! Registrations waiting for an e-mail confirmation or an employment confirmation, and
//! nominations.

use crate::Store;

impl Store {}
