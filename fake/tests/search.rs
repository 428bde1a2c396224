//! The fake's searches: `organizations.search` and `organizations.members.search` answer the
//! fake's directory a page at a time with cursors, which the SDK's pagination follows.

mod support;

use std::future::poll_fn;
use std::pin::Pin;

use stytch_b2b_otp_sms::organizations::{SearchQuery, SearchRequest};
use stytch_b2b_otp_sms::organizations_members::SearchRequest as MemberSearchRequest;
use support::*;

async fn items<S: futures_core::Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.push(item);
    }
    out
}

#[tokio::test]
async fn searches_page_through_the_directory() {
    let env = env(MfaPolicy::Optional).await;
    for i in 0..6 {
        env.fake
            .create_organization(NewOrganization::new(format!("Org {i}"), format!("org-{i}")))
            .unwrap();
    }
    let organizations = env.client.organizations();
    // Seven organizations, three a page: 3 + 3 + 1, and each exactly once.
    let first = organizations
        .search(SearchRequest::new().limit(3))
        .await
        .unwrap();
    assert_eq!(first.organizations.len(), 3);
    assert_eq!(first.results_metadata.total, 7);
    let all = items(
        organizations
            .search_pages(SearchRequest::new().limit(3))
            .items(),
    )
    .await;
    let mut ids: Vec<String> = all
        .into_iter()
        .map(|o| o.unwrap().organization_id)
        .collect();
    assert_eq!(ids.len(), 7);
    ids.dedup();
    assert_eq!(ids.len(), 7);

    let members = items(
        env.client
            .organizations()
            .members()
            .search_pages(MemberSearchRequest::new(vec!["acme-corp".to_owned()]).limit(1))
            .items(),
    )
    .await;
    let mut emails: Vec<String> = members
        .into_iter()
        .map(|m| m.unwrap().email_address)
        .collect();
    emails.sort();
    assert_eq!(emails, ["ada@acme.test", "grace@acme.test"]);
}

#[tokio::test]
async fn what_the_fake_cannot_search_is_refused_by_name() {
    let env = env(MfaPolicy::Optional).await;
    let organizations = env.client.organizations();
    let query = SearchQuery::new(
        "AND",
        vec![
            serde_json::from_value(
                json!({"filter_name": "organization_ids", "filter_value": ["x"]}),
            )
            .unwrap(),
        ],
    );
    expect_error(
        organizations
            .search(SearchRequest::new().query(query))
            .await,
        400,
        "search_query_not_modelled",
    );
    expect_error(
        organizations
            .search(SearchRequest::new().cursor("nope"))
            .await,
        400,
        "invalid_cursor",
    );
    expect_error(
        organizations.search(SearchRequest::new().limit(0)).await,
        400,
        "invalid_limit",
    );
}
