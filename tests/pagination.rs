//! Cursor pagination over real HTTP on loopback: the pages of `organizations.search`,
//! `organizations.members.search` and a SCIM connection's groups follow the cursors; a failing
//! page's error is delivered, not swallowed; a repeated cursor stops with an error;
//! `max_items` bounds the fetching; the blocking client iterates the same way.
//!
//! Needs `--features full` (CI runs it so).
#![cfg(feature = "full")]

mod support;

use std::future::poll_fn;
use std::pin::Pin;

use futures_core::Stream;
use serde_json::{Value, json};
use stytch_b2b_otp_sms::{Error, organizations, organizations_members, scim_connection};
use support::{Response, Server, client};

/// Polls a stream to its end.
async fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut out = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await {
        out.push(item);
    }
    out
}

fn organization(i: usize) -> Value {
    json!({"organization_id": format!("organization-test-{i}"), "organization_name": format!("Org {i}")})
}

/// A server answering `organizations.search` with three pages of two, by cursor (`p2`, `p3`),
/// or a 500 for the cursor `broken`.
async fn three_pages(last_cursor: &'static str) -> Server {
    Server::start(support::Script::handler(move |request| {
        let cursor = request.json()["cursor"].as_str().unwrap_or("").to_owned();
        let (page, next) = match cursor.as_str() {
            "" => (0, "p2"),
            "p2" => (1, "p3"),
            "p3" => (2, last_cursor),
            _ => {
                return Response::json(
                    500,
                    &json!({"status_code": 500, "request_id": "r",
                    "error_type": "internal_server_error", "error_message": "down"}),
                )
                .into();
            }
        };
        Response::json(
            200,
            &json!({
                "request_id": "r", "status_code": 200,
                "organizations": [organization(2 * page), organization(2 * page + 1)],
                "results_metadata": {"total": 6, "next_cursor": next},
            }),
        )
        .into()
    }))
    .await
}

fn cursors_sent(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.json()["cursor"].as_str().unwrap_or("-").to_owned())
        .collect()
}

#[tokio::test]
async fn pages_and_items_follow_the_cursors() {
    let server = three_pages("").await;
    let client = client(&server);
    let request = organizations::SearchRequest::new().limit(2);
    let pages = collect(client.organizations().search_pages(request.clone())).await;
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(Result::is_ok));
    assert_eq!(cursors_sent(&server), ["-", "p2", "p3"]);
    // Every request keeps the caller's other fields.
    assert!(server.requests().iter().all(|r| r.json()["limit"] == 2));

    let items = collect(client.organizations().search_pages(request).items()).await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|i| i.unwrap().organization_id)
        .collect();
    assert_eq!(
        ids,
        (0..6)
            .map(|i| format!("organization-test-{i}"))
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn max_items_stops_the_fetching() {
    let server = three_pages("").await;
    let client = client(&server);
    let items = collect(
        client
            .organizations()
            .search_pages(organizations::SearchRequest::new())
            .max_items(3)
            .items(),
    )
    .await;
    assert_eq!(items.len(), 3);
    assert_eq!(server.requests().len(), 2, "the third page is not fetched");
}

#[tokio::test]
async fn a_failing_page_is_delivered_and_ends_the_stream() {
    let server = three_pages("broken").await;
    let client = client(&server);
    let items = collect(
        client
            .organizations()
            .search_pages(Default::default())
            .items(),
    )
    .await;
    assert_eq!(items.len(), 7, "six items, then the error");
    match items.last().unwrap() {
        Err(Error::Api(e)) => assert_eq!(e.error_type, "internal_server_error"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_repeated_cursor_is_an_error_not_a_loop() {
    let server = three_pages("p3").await;
    let pages = collect(
        client(&server)
            .organizations()
            .search_pages(Default::default()),
    )
    .await;
    assert_eq!(pages.len(), 4, "three pages, then the error");
    let err = pages.last().unwrap().as_ref().unwrap_err();
    assert!(err.to_string().contains("\"p3\" twice"), "{err}");
}

#[tokio::test]
async fn members_and_scim_groups_page_too() {
    let server = Server::start(support::Script::handler(|request| {
        if request.path.starts_with("/v1/b2b/scim/") {
            let second = request.path.contains("cursor=g2");
            Response::json(200, &json!({
                "status_code": 200,
                "scim_groups": [{"group_id": if second { "g-2" } else { "g-1" }, "group_name": "", "organization_id": "o", "connection_id": "c"}],
                "next_cursor": if second { "" } else { "g2" },
            }))
            .into()
        } else {
            let second = request.json()["cursor"] == "m2";
            Response::json(200, &json!({
                "request_id": "r", "status_code": 200,
                "members": [{"member_id": if second { "m-2" } else { "m-1" }, "organization_id": "o"}],
                "organizations": {},
                "results_metadata": {"total": 2, "next_cursor": if second { Value::Null } else { json!("m2") }},
            }))
            .into()
        }
    }))
    .await;
    let client = client(&server);
    let members = collect(
        client
            .organizations()
            .members()
            .search_pages(organizations_members::SearchRequest::new(vec![
                "o".to_owned(),
            ]))
            .items(),
    )
    .await;
    let ids: Vec<String> = members.into_iter().map(|m| m.unwrap().member_id).collect();
    assert_eq!(ids, ["m-1", "m-2"]);
    let groups = collect(
        client
            .scim()
            .connection()
            .get_groups_pages(scim_connection::GetGroupsRequest::new("o", "c"))
            .items(),
    )
    .await;
    let ids: Vec<String> = groups.into_iter().map(|g| g.unwrap().group_id).collect();
    assert_eq!(ids, ["g-1", "g-2"]);
}

#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_iterates_pages_and_items() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(three_pages("broken"));
    let blocking = stytch_b2b_otp_sms::blocking::Client::new(client(&server)).unwrap();
    let pages: Vec<_> = blocking
        .organizations()
        .search_pages(Default::default())
        .collect();
    assert_eq!(pages.len(), 4);
    assert!(pages[3].is_err());
    let items: Vec<_> = blocking
        .organizations()
        .search_pages(Default::default())
        .max_items(5)
        .items()
        .collect();
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(Result::is_ok));
}
