//! Local authorities' own grade lists.

use crate::Store;

impl Store {}
