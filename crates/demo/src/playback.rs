//! What the playback's steps share: its error and the actors it acts as. A leaf below `play`
//! and `survey_story`, so that the survey answers can be played without `survey_story`
//! importing `play` (which imports it).

use std::collections::HashMap;
use tandem_app::AppError;
use tandem_domain::{Actor, PersonId};
use tandem_storage::{Store, StoreError};

/// Why the demo could not be loaded. Any of these is a bug in the generator or the playback (or
/// a database that cannot be written): the demo data are fixed by the seed.
#[derive(Debug, thiserror::Error)]
pub enum PlayError {
    /// The store refused a write or a read failed.
    #[error("the store failed")]
    Store(#[from] StoreError),
    /// An application's history step was refused by the store (e.g. no place left).
    #[error("moving an application from {from} to {to}")]
    Move {
        from: &'static str,
        to: &'static str,
        #[source]
        source: StoreError,
    },
    /// A use case refused a step of the journey.
    #[error("a use case refused a step of the journey")]
    App(#[from] AppError),
    /// Hashing the demo password on the blocking pool failed (the task panicked or was
    /// cancelled).
    #[error("hashing the demo password")]
    Hashing(#[from] tokio::task::JoinError),
    /// The generated data or the state reached do not fit together (e.g. no scheme coordinator,
    /// an accepted relationship without an agreement).
    #[error("the demo data are inconsistent: {0}")]
    Inconsistent(String),
}

/// Actors by person, built from their roles as the application does at sign-in.
pub(crate) struct Actors<'a> {
    pub(crate) store: &'a Store,
    pub(crate) scheme: tandem_domain::SchemeId,
    pub(crate) known: HashMap<PersonId, Actor>,
}

impl Actors<'_> {
    pub(crate) async fn get(&mut self, person: PersonId) -> Result<Actor, PlayError> {
        if let Some(a) = self.known.get(&person) {
            return Ok(a.clone());
        }
        let actor = Actor {
            person_id: person,
            scheme_id: self.scheme,
            roles: self.store.roles_in_scheme(person, self.scheme).await?,
        };
        self.known.insert(person, actor.clone());
        Ok(actor)
    }
}

/// Where the story's e-mails go and the address their links use.
pub struct Mail {
    pub mailer: std::sync::Arc<dyn tandem_mail::Mailer>,
    /// Links in the e-mails start with `settings.base_url` (the demo's listening address).
    pub settings: tandem_app::Settings,
}
