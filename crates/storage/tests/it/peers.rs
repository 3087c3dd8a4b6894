//! Storage stories of the peer network: the directory's filters, alone and combined, paged both
//! ways and planned through indexes; conversation requests with their limits (one open per pair,
//! the daily cap) writing nothing when refused; addresses only for accepted requests; leaving the
//! directory closing the open requests to the person; the requests in the subject access export.

use crate::fixtures::{at, job, person_value, scheme};
use tandem_domain::growth::DirectoryListing;
use tandem_domain::peers::{PeerFilter, PeerRequest, PeerRequestId, PeerRequestStatus};
use tandem_domain::{
    Country, FrameworkDimension, Language, Organisation, OrganisationId, OrganisationKind,
    PersonId, SchemeId,
};
use tandem_storage::Store;
use tandem_storage::list_pages::Cursor;
use tandem_storage::peers::{AskOutcome, PeersQuery};

struct World {
    scheme: SchemeId,
    /// Listed, in family-name order: each with their profession, organisation and language.
    listed: Vec<PersonId>,
    unlisted: PersonId,
}

async fn organisation(
    store: &Store,
    scheme: SchemeId,
    name: &str,
    kind: OrganisationKind,
    region: &str,
) -> OrganisationId {
    let o = Organisation {
        id: OrganisationId::new(),
        scheme_id: scheme,
        name: name.into(),
        kind,
        country: Country::UnitedKingdom,
    };
    store.create_organisation(&o).await.unwrap();
    store.set_organisation_region(o.id, region).await.unwrap();
    o.id
}

/// Eight listed people over a trust (North West) and a council (North East), professions and
/// languages mixed, and one person who is not listed.
async fn world(store: &Store) -> World {
    let s = scheme(store, "North").await;
    let trust = organisation(
        store,
        s.id,
        "Alpha Trust",
        OrganisationKind::NhsTrust,
        "North West",
    )
    .await;
    let council = organisation(
        store,
        s.id,
        "Beta Council",
        OrganisationKind::LocalAuthority,
        "North East",
    )
    .await;
    let mut listed = Vec::new();
    for (i, family) in [
        "Adams", "Baker", "Clark", "Davis", "Evans", "Fox", "Green", "Hill",
    ]
    .iter()
    .enumerate()
    {
        let mut p = person_value(s.id, "Pat", family);
        if i % 4 == 3 {
            p.language = Language::NlNl;
        }
        let org = if i % 2 == 0 { trust } else { council };
        let mut j = job(p.id, org, "Practice educator", true);
        j.profession = if i < 4 { "Social work" } else { "Nursing" }.into();
        store.create_person(&p, &[j]).await.unwrap();
        let dims = if i % 3 == 0 {
            vec![FrameworkDimension::ALL[0]]
        } else {
            vec![FrameworkDimension::ALL[1]]
        };
        store
            .set_directory_listing(&DirectoryListing {
                person_id: p.id,
                interests: format!("Assessment practice {i}"),
                dimensions: dims,
                updated_at: at(2026, 3, 1, 9, 0),
            })
            .await
            .unwrap();
        listed.push(p.id);
    }
    let hidden = person_value(s.id, "Una", "Aaron");
    store
        .create_person(&hidden, &[job(hidden.id, trust, "Nurse", true)])
        .await
        .unwrap();
    World {
        scheme: s.id,
        listed,
        unlisted: hidden.id,
    }
}

fn query(w: &World, filter: PeerFilter) -> PeersQuery {
    PeersQuery {
        scheme: w.scheme,
        filter,
        limit: 50,
        cursor: None,
        person: None,
    }
}

async fn ids(store: &Store, q: &PeersQuery) -> Vec<PersonId> {
    let page = store.peer_page(q).await.unwrap();
    page.items.iter().map(|e| e.person_id).collect()
}

pub async fn directory_filters_combine_and_page(store: Store) {
    let w = world(&store).await;
    let all = ids(&store, &query(&w, PeerFilter::default())).await;
    assert_eq!(all, w.listed, "only listed people, by family name");
    assert!(!all.contains(&w.unlisted));
    let page = store
        .peer_page(&query(&w, PeerFilter::default()))
        .await
        .unwrap();
    let first = &page.items[0];
    assert_eq!(first.organisation, "Alpha Trust");
    assert_eq!(first.organisation_kind, Some(OrganisationKind::NhsTrust));
    assert_eq!(first.region, "North West");
    assert_eq!(first.profession, "Social work");
    assert_eq!(first.job_title, "Practice educator");
    assert_eq!((page.total, page.total_exact), (8, true));

    let pick = |idx: &[usize]| idx.iter().map(|i| w.listed[*i]).collect::<Vec<_>>();
    let cases = [
        (
            PeerFilter {
                profession: Some("Nursing".into()),
                ..PeerFilter::default()
            },
            pick(&[4, 5, 6, 7]),
        ),
        (
            PeerFilter {
                organisation_kind: Some(OrganisationKind::LocalAuthority),
                ..PeerFilter::default()
            },
            pick(&[1, 3, 5, 7]),
        ),
        (
            PeerFilter {
                region: Some("North West".into()),
                ..PeerFilter::default()
            },
            pick(&[0, 2, 4, 6]),
        ),
        (
            PeerFilter {
                language: Some(Language::NlNl),
                ..PeerFilter::default()
            },
            pick(&[3, 7]),
        ),
        (
            PeerFilter {
                dimension: Some(FrameworkDimension::ALL[0]),
                ..PeerFilter::default()
            },
            pick(&[0, 3, 6]),
        ),
        (
            PeerFilter {
                text: Some("clark".into()),
                ..PeerFilter::default()
            },
            pick(&[2]),
        ),
        // Combined: nurses at the council who speak Dutch.
        (
            PeerFilter {
                profession: Some("Nursing".into()),
                organisation_kind: Some(OrganisationKind::LocalAuthority),
                language: Some(Language::NlNl),
                ..PeerFilter::default()
            },
            pick(&[7]),
        ),
        (
            PeerFilter {
                region: Some("Nowhere".into()),
                ..PeerFilter::default()
            },
            vec![],
        ),
    ];
    for (filter, want) in cases {
        let q = query(&w, filter.clone());
        assert_eq!(ids(&store, &q).await, want, "{filter:?}");
        let page = store.peer_page(&q).await.unwrap();
        assert_eq!(page.total, want.len() as u64, "{filter:?}");
        let plan = store.explain_peer_page(&q).await.unwrap();
        crate::list_pages::check_plan(store.backend(), "peer page", &plan);
    }

    // Pages of three, forwards then back, cover the list once each way.
    let mut q = query(&w, PeerFilter::default());
    q.limit = 3;
    let mut walked = Vec::new();
    let last = loop {
        let page = store.peer_page(&q).await.unwrap();
        walked.extend(page.items.iter().map(|e| e.person_id));
        match page.next.clone() {
            Some(t) => q.cursor = Cursor::parse(&t),
            None => break page,
        }
    };
    assert_eq!(walked, w.listed);
    q.cursor = Cursor::parse(last.previous.as_deref().unwrap());
    let back = store.peer_page(&q).await.unwrap();
    assert_eq!(
        back.items.iter().map(|e| e.person_id).collect::<Vec<_>>(),
        w.listed[3..6].to_vec()
    );
    let plan = store.explain_peer_page(&q).await.unwrap();
    crate::list_pages::check_plan(store.backend(), "peer page by cursor", &plan);

    // Another scheme sees none of them, and its cursor is not found here.
    let other = scheme(&store, "South").await;
    let mut elsewhere = query(&w, PeerFilter::default());
    elsewhere.scheme = other.id;
    assert!(ids(&store, &elsewhere).await.is_empty());
    elsewhere.cursor = Some(Cursor::After(w.listed[0]));
    assert!(store.peer_page(&elsewhere).await.is_err());

    // The filters offer what the listed people and organisations hold.
    let values = store.peer_filter_values(w.scheme).await.unwrap();
    assert_eq!(values.professions, vec!["Nursing", "Social work"]);
    assert_eq!(values.regions, vec!["North East", "North West"]);
}

fn request(w: &World, from: PersonId, to: PersonId, minute: u32) -> PeerRequest {
    PeerRequest {
        id: PeerRequestId::new(),
        scheme_id: w.scheme,
        asker_id: from,
        recipient_id: to,
        message: "Could we talk?".into(),
        status: PeerRequestStatus::Open,
        created_at: at(2026, 3, 10, 9, minute),
        answered_at: None,
    }
}

pub async fn requests_keep_their_limits_and_reveal_addresses_only_when_accepted(store: Store) {
    let w = world(&store).await;
    let [a, b, c, d, e, ..] = w.listed[..] else {
        unreachable!()
    };
    let since = at(2026, 3, 9, 9, 0);
    let ab = request(&w, a, b, 0);
    assert_eq!(
        store.create_peer_request(&ab, since, 3).await.unwrap(),
        AskOutcome::Created
    );
    // The pair's one open request, whoever asks.
    assert_eq!(
        store
            .create_peer_request(&request(&w, b, a, 1), since, 3)
            .await
            .unwrap(),
        AskOutcome::PairOpen
    );
    // The cap: a's third within the window is refused and nothing is written.
    assert_eq!(
        store
            .create_peer_request(&request(&w, a, c, 2), since, 3)
            .await
            .unwrap(),
        AskOutcome::Created
    );
    assert_eq!(
        store
            .create_peer_request(&request(&w, a, d, 3), since, 3)
            .await
            .unwrap(),
        AskOutcome::Created
    );
    let refused = request(&w, a, e, 4);
    assert_eq!(
        store.create_peer_request(&refused, since, 3).await.unwrap(),
        AskOutcome::CapReached
    );
    assert!(store.get_peer_request(refused.id).await.is_err());
    assert_eq!(store.peer_requests_asked_since(a, since).await.unwrap(), 3);
    // Requests before the window do not count.
    assert_eq!(
        store
            .peer_requests_asked_since(a, at(2026, 3, 10, 9, 3))
            .await
            .unwrap(),
        1
    );

    // Open: no addresses either way.
    let sent = store.peer_requests_of(a, false).await.unwrap();
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter()
            .all(|l| l.asker_email.is_none() && l.recipient_email.is_none())
    );
    assert_eq!(store.open_peer_requests_to(b).await.unwrap(), 1);

    // Only the recipient answers, only once.
    let now = at(2026, 3, 10, 12, 0);
    assert!(
        !store
            .answer_peer_request(ab.id, a, PeerRequestStatus::Accepted, now)
            .await
            .unwrap()
    );
    assert!(
        store
            .answer_peer_request(ab.id, b, PeerRequestStatus::Accepted, now)
            .await
            .unwrap()
    );
    assert!(
        !store
            .answer_peer_request(ab.id, b, PeerRequestStatus::Declined, now)
            .await
            .unwrap()
    );
    let got = store.get_peer_request(ab.id).await.unwrap();
    assert_eq!(got.status, PeerRequestStatus::Accepted);
    assert_eq!(got.answered_at, Some(now));
    let received = store.peer_requests_of(b, true).await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].asker_email.as_deref(),
        Some("pat.adams@example.org")
    );
    assert_eq!(
        received[0].recipient_email.as_deref(),
        Some("pat.baker@example.org")
    );
    // A declined request shows none.
    let ac = sent.iter().find(|l| l.request.recipient_id == c).unwrap();
    assert!(
        store
            .answer_peer_request(ac.request.id, c, PeerRequestStatus::Declined, now)
            .await
            .unwrap()
    );
    let line = store.peer_requests_of(c, true).await.unwrap().remove(0);
    assert_eq!(line.request.status, PeerRequestStatus::Declined);
    assert!(line.asker_email.is_none() && line.recipient_email.is_none());
    // Answered, the pair may ask again.
    assert_eq!(
        store
            .create_peer_request(&request(&w, b, a, 5), at(2026, 3, 10, 9, 5), 3)
            .await
            .unwrap(),
        AskOutcome::Created
    );

    // Leaving closes the open requests to the person (only those) and hides them at once.
    assert!(store.is_listed(d, w.scheme).await.unwrap());
    let (was, closed) = store.leave_directory(d, now).await.unwrap();
    assert!(was);
    assert_eq!(closed, 1);
    assert!(!store.is_listed(d, w.scheme).await.unwrap());
    assert!(
        !ids(&store, &query(&w, PeerFilter::default()))
            .await
            .contains(&d)
    );
    let ad = store.peer_requests_of(d, true).await.unwrap().remove(0);
    assert_eq!(ad.request.status, PeerRequestStatus::Unavailable);
    // Leaving again changes nothing.
    assert_eq!(store.leave_directory(d, now).await.unwrap(), (false, 0));
    // The accepted one stays accepted when its recipient leaves.
    assert_eq!(store.leave_directory(b, now).await.unwrap(), (true, 0));
    assert_eq!(
        store.get_peer_request(ab.id).await.unwrap().status,
        PeerRequestStatus::Accepted
    );
    // Not listed in another scheme.
    let other = scheme(&store, "South").await;
    assert!(!store.is_listed(a, other.id).await.unwrap());

    // One request's line reads as the lists do: the addresses only once accepted.
    let line = store.peer_request_line(ab.id).await.unwrap();
    assert_eq!(line.asker_email.as_deref(), Some("pat.adams@example.org"));
    let line = store.peer_request_line(ac.request.id).await.unwrap();
    assert!(line.asker_email.is_none() && line.recipient_email.is_none());
    assert!(matches!(
        store.peer_request_line(PeerRequestId::new()).await,
        Err(tandem_storage::StoreError::NotFound)
    ));

    // Subject access: both sides, with the message and the other's name; the other's address
    // only in the accepted request.
    let [(sent_name, sent), (received_name, received)] = store.rights_peers(a).await.unwrap();
    assert_eq!(
        (sent_name, received_name),
        ("peer_requests_sent", "peer_requests_received")
    );
    assert_eq!(sent.len(), 3);
    assert_eq!(received.len(), 1, "b asked a back");
    let to_b = sent.iter().find(|r| r["id"] == ab.id.to_string()).unwrap();
    assert_eq!(to_b["recipient_email"], "pat.baker@example.org");
    assert_eq!(to_b["status"], "accepted");
    assert!(to_b["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(to_b["recipient_family_name"].is_string());
    for r in sent.iter().filter(|r| r["id"] != ab.id.to_string()) {
        assert!(r["recipient_email"].is_null(), "{r:?}");
    }
    assert!(received[0]["asker_email"].is_null());
    assert!(received[0]["answered_at"].is_null());

    // The region of an organisation, as set (empty: not said).
    let org = organisation(
        &store,
        w.scheme,
        "Gamma Hospice",
        OrganisationKind::Charity,
        "",
    )
    .await;
    assert_eq!(store.organisation_region(org).await.unwrap(), "");
    store
        .set_organisation_region(org, "Gelderland")
        .await
        .unwrap();
    assert_eq!(store.organisation_region(org).await.unwrap(), "Gelderland");
    assert!(matches!(
        store
            .organisation_region(tandem_domain::OrganisationId::new())
            .await,
        Err(tandem_storage::StoreError::NotFound)
    ));
}
