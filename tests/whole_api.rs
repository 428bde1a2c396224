//! Parameters of Stytch's whole document over real HTTP on loopback: path segments are
//! percent-encoded (an id holding `/` or `?` cannot change the path), query parameters of
//! every kind, secret headers, and bodiless GET and DELETE. And redaction that holds for
//! Stytch's own document, which carries none of our marks.

//!
//! Needs `--features full` (CI runs it so).
#![cfg(feature = "full")]

mod support;

use serde_json::json;
use stytch_b2b_otp_sms::{Error, organizations_members, otp_sms, scim_connection};
use support::{Response, Server, client};

#[tokio::test]
async fn path_parameters_are_percent_encoded_and_delete_sends_no_body() {
    let server = Server::start(Response::json(
        200,
        &json!({"request_id": "r", "member_id": "m", "status_code": 200}),
    ))
    .await;
    let deleted = client(&server)
        .organizations()
        .members()
        .delete(
            organizations_members::DeleteRequest::new("org/1?x=y#z", "../member 1")
                .x_stytch_member_session("SESSION-SECRET-1"),
        )
        .await
        .unwrap();
    assert_eq!(deleted.member_id, "m");
    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.path,
        "/v1/b2b/organizations/org%2F1%3Fx%3Dy%23z/members/..%2Fmember%201"
    );
    assert_eq!(
        request.header("x-stytch-member-session"),
        Some("SESSION-SECRET-1")
    );
    assert_eq!(
        request.header("content-type"),
        None,
        "no body, no content type"
    );
    assert!(request.body.is_empty(), "{request:?}");
}

#[tokio::test]
async fn query_parameters_of_each_kind() {
    let server = Server::start(Response::json(
        200,
        &json!({"request_id": "r", "member": {}, "organization": {}, "status_code": 200}),
    ))
    .await;
    client(&server)
        .organizations()
        .members()
        .dangerously_get(
            organizations_members::DangerouslyGetRequest::new("m-1").include_deleted(true),
        )
        .await
        .unwrap();
    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.path,
        "/v1/b2b/organizations/members/dangerously_get/m-1?include_deleted=true"
    );

    let server = Server::start(Response::json(
        200,
        &json!({"request_id": "r", "scim_groups": [], "status_code": 200}),
    ))
    .await;
    client(&server)
        .scim()
        .connection()
        .get_groups(
            scim_connection::GetGroupsRequest::new("org-1", "conn-1")
                .cursor("a b&c")
                .limit(50),
        )
        .await
        .unwrap();
    assert_eq!(
        server.single_request().path,
        "/v1/b2b/scim/org-1/connection/conn-1?cursor=a+b%26c&limit=50"
    );
}

#[tokio::test]
async fn an_empty_or_dot_path_parameter_is_an_argument_error_not_another_path() {
    let server = Server::start(Response::json(200, &json!({}))).await;
    for bad in ["", ".", ".."] {
        let err = client(&server)
            .organizations()
            .members()
            .delete(organizations_members::DeleteRequest::new("org-1", bad))
            .await
            .unwrap_err();
        let Error::Argument(argument) = &err else {
            panic!("{bad:?}: {err:?}")
        };
        assert_eq!(
            (argument.operation, argument.parameter),
            ("organizations.members.delete", "member_id")
        );
        assert!(
            err.to_string()
                .starts_with("organizations.members.delete: argument `member_id` is "),
            "{err}"
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

/// The member-delete call of issue 24: a `member_id` of `.`, tab, `.` once became `..` and
/// sent the organization's route. Control characters, reserved characters and non-ASCII are
/// percent-encoded; the request line keeps the template's four segments below `/v1/b2b`.
#[tokio::test]
async fn a_path_parameter_cannot_leave_its_segment() {
    let cases = [
        (".\t.", ".%09."),
        ("member-1\n2", "member-1%0A2"),
        ("a,b", "a%2Cb"),
        ("x'y(z)*!", "x%27y%28z%29%2A%21"),
        ("\r\n.", "%0D%0A."),
        ("...", "..."),
        ("%2e%2e", "%252e%252e"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("a;b=c&d+e@f:g$h", "a%3Bb%3Dc%26d%2Be%40f%3Ag%24h"),
        ("[::1]", "%5B%3A%3A1%5D"),
        ("\\..\\", "%5C..%5C"),
        ("~-._", "~-._"),
    ];
    for (member_id, encoded) in cases {
        let server = Server::start(Response::json(
            200,
            &json!({"request_id": "r", "member_id": "m", "status_code": 200}),
        ))
        .await;
        client(&server)
            .organizations()
            .members()
            .delete(organizations_members::DeleteRequest::new(
                "org-1", member_id,
            ))
            .await
            .unwrap();
        let request = server.single_request();
        assert_eq!(request.method, "DELETE");
        assert_eq!(
            request.path,
            format!("/v1/b2b/organizations/org-1/members/{encoded}"),
            "{member_id:?}"
        );
    }
}

/// The blocking client builds its URLs the same way.
#[cfg(feature = "blocking")]
#[test]
fn the_blocking_client_encodes_path_parameters_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(Server::start(Response::json(
        200,
        &json!({"request_id": "r", "member_id": "m", "status_code": 200}),
    )));
    let blocking = stytch_b2b_otp_sms::blocking::Client::new(client(&server)).unwrap();
    blocking
        .organizations()
        .members()
        .delete(organizations_members::DeleteRequest::new("org-1", ".\t."))
        .unwrap();
    assert_eq!(
        server.single_request().path,
        "/v1/b2b/organizations/org-1/members/.%09."
    );
    let err = blocking
        .organizations()
        .members()
        .delete(organizations_members::DeleteRequest::new("org-1", ".."))
        .unwrap_err();
    assert!(matches!(err, Error::Argument(_)), "{err:?}");
    assert!(err.to_string().contains("`member_id`"), "{err}");
}

#[test]
fn debug_redacts_secrets_of_stytchs_document() {
    let request = otp_sms::AuthenticateRequest::new("org-1", "member-1", "654321")
        .intermediate_session_token("IST-SECRET-1")
        .session_token("SESSION-SECRET-2")
        .session_jwt("JWT-SECRET-3");
    let header = organizations_members::DeleteRequest::new("org-1", "member-1")
        .x_stytch_member_session("SESSION-SECRET-4")
        .x_stytch_member_session_jwt("JWT-SECRET-5");
    let text = format!("{request:?} {header:?}");
    support::assert_free_of(
        &text,
        &[
            "654321",
            "IST-SECRET-1",
            "SESSION-SECRET-2",
            "JWT-SECRET-3",
            "SESSION-SECRET-4",
            "JWT-SECRET-5",
        ],
    );
    assert!(text.contains("org-1"), "{text}");
}
