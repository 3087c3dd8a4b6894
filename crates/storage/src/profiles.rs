//! Profiles people keep, and their contact details.
//!
//! One row per person who saved a profile (`profiles`); lists are JSON arrays of codes. Phone
//! numbers live in the same row but are never part of a list query: the only reads are of one
//! person's profile, which the use cases hand out through the policy. The number called for a
//! telephone session is chosen per session (`relationship_sessions.call_member`).

use crate::Store;
use crate::codec::{coded, opt_parsed, parse_ts, parsed, text, ts};
use crate::error::{Result, StoreError, corrupt, db};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::AnyRow;
use tandem_domain::profile::{ContactDetails, ContactRoute, PhoneKind, Profile, StoredProfile};
use tandem_domain::{PersonId, SessionId};

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Database(Box::new(e)))
}

fn list<T: DeserializeOwned>(row: &AnyRow, col: &str) -> Result<T> {
    serde_json::from_str(&text(row, col)?).map_err(|e| corrupt(format!("{col}: {e}")))
}

fn profile_from(row: &AnyRow) -> Result<StoredProfile> {
    Ok(StoredProfile {
        person_id: parsed(row, "person_id")?,
        profile: Profile {
            expertise: list(row, "expertise")?,
            expertise_topics: text(row, "expertise_topics")?,
            interests: list(row, "interests")?,
            interest_topics: text(row, "interest_topics")?,
            languages: list(row, "languages")?,
            availability: list(row, "availability")?,
            modes: list(row, "modes")?,
            location: text(row, "location")?,
            introduction: text(row, "introduction")?,
            contact: ContactDetails {
                work_phone: text(row, "work_phone")?,
                mobile_phone: text(row, "mobile_phone")?,
                preferred_phone: coded(row, "preferred_phone", PhoneKind::from_code)?,
                route: coded(row, "contact_route", ContactRoute::from_code)?,
            },
        },
        updated_at: parse_ts(&text(row, "updated_at")?)?,
    })
}

impl Store {
    /// Saves a person's whole profile (inserted the first time, replaced after). `NotFound` when
    /// the person does not exist.
    pub async fn save_profile(&self, p: &StoredProfile) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let f = &p.profile;
            let done = sqlx::query(
                "INSERT INTO profiles (person_id, expertise, expertise_topics, interests, \
                 interest_topics, languages, availability, modes, location, introduction, \
                 work_phone, mobile_phone, preferred_phone, contact_route, updated_at) \
                 SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15 \
                 FROM people WHERE id = $1 \
                 ON CONFLICT (person_id) DO UPDATE SET expertise = excluded.expertise, \
                 expertise_topics = excluded.expertise_topics, interests = excluded.interests, \
                 interest_topics = excluded.interest_topics, languages = excluded.languages, \
                 availability = excluded.availability, modes = excluded.modes, \
                 location = excluded.location, introduction = excluded.introduction, \
                 work_phone = excluded.work_phone, mobile_phone = excluded.mobile_phone, \
                 preferred_phone = excluded.preferred_phone, contact_route = excluded.contact_route, \
                 updated_at = excluded.updated_at",
            )
            .bind(p.person_id.to_string())
            .bind(json(&f.expertise)?)
            .bind(f.expertise_topics.as_str())
            .bind(json(&f.interests)?)
            .bind(f.interest_topics.as_str())
            .bind(json(&f.languages)?)
            .bind(json(&f.availability)?)
            .bind(json(&f.modes)?)
            .bind(f.location.as_str())
            .bind(f.introduction.as_str())
            .bind(f.contact.work_phone.as_str())
            .bind(f.contact.mobile_phone.as_str())
            .bind(f.contact.preferred_phone.code())
            .bind(f.contact.route.code())
            .bind(ts(p.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    /// A person's profile, or `None` when they have not saved one.
    pub async fn profile_of(&self, person: PersonId) -> Result<Option<StoredProfile>> {
        let row = sqlx::query("SELECT * FROM profiles WHERE person_id = $1")
            .bind(person.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(profile_from).transpose()
    }

    /// The member whose number is called for a telephone session, when the pair chose one.
    pub async fn session_call_member(&self, session: SessionId) -> Result<Option<PersonId>> {
        let row = sqlx::query("SELECT call_member FROM relationship_sessions WHERE id = $1")
            .bind(session.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        opt_parsed(&row, "call_member")
    }

    /// Records whose number is called for a session. `NotFound` for an unknown session.
    pub async fn set_session_call_member(
        &self,
        session: SessionId,
        member: PersonId,
    ) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            let done =
                sqlx::query("UPDATE relationship_sessions SET call_member = $2 WHERE id = $1")
                    .bind(session.to_string())
                    .bind(member.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }
}
