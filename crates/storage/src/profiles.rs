//! Profiles people keep, and their contact details.

use crate::Store;

impl Store {}
