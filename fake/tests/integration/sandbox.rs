//! Stytch's documented B2B sandbox values through the SDK client: the sandbox address and
//! organization for sends, and the three fixed magic-link tokens for organization and
//! discovery logins; a test's own state is neither read nor changed.

use crate::support::*;
use stytch_b2b_otp_sms::{
    magic, magic_links_discovery, magic_links_email, magic_links_email_discovery,
};

const EMAIL: &str = "sandbox@stytch.com";
const ORG: &str = "organization-test-007d9d4a-deac-4a87-ba0a-e6e8afba4d4b";
const OK_TOKEN: &str = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94=";
const USED_TOKEN: &str = "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU=";
const MISSING_TOKEN: &str = "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM=";

#[tokio::test]
async fn sandbox_sends_answer_200_without_an_email() {
    let env = env(MfaPolicy::Optional).await;
    let links = env.client.magic_links().email();
    let sent = links
        .login_or_signup(magic_links_email::LoginOrSignupRequest::new(ORG, EMAIL))
        .await
        .unwrap();
    assert_eq!(sent.organization.organization_id, ORG);
    assert_eq!(sent.member.email_address, EMAIL);
    let invited = links
        .invite(magic_links_email::InviteRequest::new(ORG, EMAIL))
        .await
        .unwrap();
    assert_eq!(invited.member_id, sent.member_id);
    links
        .discovery()
        .send(magic_links_email_discovery::SendRequest::new(EMAIL))
        .await
        .unwrap();
    assert!(env.fake.emails().is_empty());
    // Another address in the sandbox organization is not a sandbox value: no such org here.
    expect_error(
        links
            .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
                ORG,
                "ada@acme.test",
            ))
            .await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn sandbox_tokens_answer_as_stytch_documents() {
    let env = env(MfaPolicy::RequiredForAll).await;
    let links = env.client.magic_links();
    let authed = links
        .authenticate(magic::AuthenticateRequest::new(OK_TOKEN))
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(authed.organization_id, ORG);
    assert_eq!(authed.member.email_address, EMAIL);
    assert!(!authed.session_token.is_empty() && !authed.session_jwt.is_empty());
    // Good again: a sandbox value, not a one-time token.
    links
        .authenticate(magic::AuthenticateRequest::new(OK_TOKEN))
        .await
        .unwrap();
    expect_error(
        links
            .authenticate(magic::AuthenticateRequest::new(USED_TOKEN))
            .await,
        401,
        "unable_to_auth_magic_link",
    );
    expect_error(
        links
            .authenticate(magic::AuthenticateRequest::new(MISSING_TOKEN))
            .await,
        404,
        "magic_link_not_found",
    );

    let discovery = links.discovery();
    let found = discovery
        .authenticate(magic_links_discovery::AuthenticateRequest::new(OK_TOKEN))
        .await
        .unwrap();
    assert_eq!(found.email_address, EMAIL);
    assert!(!found.intermediate_session_token.is_empty());
    expect_error(
        discovery
            .authenticate(magic_links_discovery::AuthenticateRequest::new(USED_TOKEN))
            .await,
        401,
        "unable_to_auth_magic_link",
    );
    expect_error(
        discovery
            .authenticate(magic_links_discovery::AuthenticateRequest::new(
                MISSING_TOKEN,
            ))
            .await,
        404,
        "magic_link_not_found",
    );
    // The test's own directory is untouched.
    let own = env
        .client
        .organizations()
        .get(stytch_b2b_otp_sms::organizations::GetRequest::new(ORG))
        .await;
    expect_error(own, 404, "organization_not_found");
}
