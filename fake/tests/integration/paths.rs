//! Operations with path parameters through the fake: the server glue routes a
//! percent-encoded id to the right resource and decodes it exactly once, and a value that
//! would have been path syntax stays data end to end.

use crate::support::*;
use stytch_b2b_otp_sms::organizations::GetRequest;
use stytch_b2b_otp_sms::organizations_members::DeleteRequest;

#[tokio::test]
async fn an_encoded_id_reaches_its_resource_decoded_once() {
    let env = env(MfaPolicy::Optional).await;
    // An external id full of path syntax, and a `%41` that a second decoding would turn
    // into `A`.
    let odd = "eu/1 ?x=%41#.\t..";
    let org = env
        .fake
        .create_organization(NewOrganization::new("Odd", "odd-corp").external_id(odd))
        .unwrap();
    let got = env
        .client
        .organizations()
        .get(GetRequest::new(odd))
        .await
        .unwrap();
    assert_eq!(got.organization.organization_id, org.organization_id);
    let by_id = env
        .client
        .organizations()
        .get(GetRequest::new(env.org_id()))
        .await
        .unwrap();
    assert_eq!(by_id.organization, env.org);
    // Decoded twice, `%41` would be `A`: not this organization.
    expect_error(
        env.client
            .organizations()
            .get(GetRequest::new("eu/1 ?x=A#.\t.."))
            .await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn member_delete_with_a_dot_tab_dot_id_stays_on_the_member_route() {
    let env = env(MfaPolicy::Optional).await;
    // Before issue 24 this was `DELETE /v1/b2b/organizations/{org}/`: the organization's route.
    expect_error(
        env.client
            .organizations()
            .members()
            .delete(DeleteRequest::new(env.org_id(), ".\t."))
            .await,
        404,
        "member_not_found",
    );
    assert!(env.fake.organization(env.org_id()).is_some());
    assert!(env.fake.member(&env.grace.member_id).is_some());

    let deleted = env
        .client
        .organizations()
        .members()
        .delete(DeleteRequest::new("acme-ext", "ada-ext"))
        .await
        .unwrap();
    assert_eq!(deleted.member_id, env.ada.member_id);
    // A soft delete: the member stays, `deleted`.
    assert_eq!(
        env.fake.member(&env.ada.member_id).unwrap().status,
        "deleted"
    );
    expect_error(
        env.client
            .otps()
            .sms()
            .send(env.send_request(&env.ada))
            .await,
        404,
        "member_not_found",
    );
}

#[tokio::test]
async fn a_member_session_header_is_refused_not_ignored() {
    let env = env(MfaPolicy::Optional).await;
    expect_error(
        env.client
            .organizations()
            .members()
            .delete(
                DeleteRequest::new(env.org_id(), &env.grace.member_id)
                    .x_stytch_member_session("session-token"),
            )
            .await,
        400,
        "member_session_authorization_not_modelled",
    );
    assert!(env.fake.member(&env.grace.member_id).is_some());
}

#[tokio::test]
async fn undecodable_segments_and_other_methods_are_refused() {
    let env = env(MfaPolicy::Optional).await;
    let got = env.raw("GET", "/v1/b2b/organizations/%FF%FE", "").await;
    expect_error_body(&got, 400, "invalid_path_parameter");
    assert!(
        got.1["error_message"]
            .as_str()
            .unwrap()
            .contains("organization_id")
    );
    let path = format!("/v1/b2b/organizations/{}/members/x", env.org_id());
    let (status, headers, body) = raw_full(&env.fake, "PATCH", &path, "", true).await;
    assert_eq!(status, 405, "{body}");
    // The member's path serves delete and update.
    assert_eq!(headers["allow"], "DELETE, PUT");
}
