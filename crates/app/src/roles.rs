//! Granting and revoking scoped roles (pages, API and CLI share these use cases); every
//! decision is `tandem_domain::policy`'s (`Action::ChangeRole`), every change audited.
