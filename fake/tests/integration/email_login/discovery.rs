//! Discovery by email: links and codes list the organizations an address can enter.

use super::*;

/// Organizations for discovery: Acme (Ada active), Beta (Ada invited), Gamma (Ada's domain
/// may join just in time), Delta (neither).
async fn discovery_world(env: &Env) -> [String; 3] {
    let create = |name: &str, slug: &str| {
        env.fake
            .create_organization(NewOrganization::new(name, slug))
            .unwrap()
            .organization_id
    };
    let beta = create("Beta", "beta");
    let gamma = create("Gamma", "gamma");
    create("Delta", "delta");
    env.client
        .magic_links()
        .email()
        .invite(magic_links_email::InviteRequest::new(
            &beta,
            "ada@acme.test",
        ))
        .await
        .unwrap();
    env.fake
        .configure_organization(&gamma, |org| {
            org.email_jit_provisioning = "RESTRICTED".into();
            org.email_allowed_domains = vec!["acme.test".into()];
        })
        .unwrap();
    // Stytch lets a domain join by JIT only where a member of that domain has a verified
    // email already (its anti-phishing rule).
    // Lin joins Gamma and verifies her address by a magic link.
    env.fake
        .create_member(&gamma, NewMember::new("lin@acme.test"))
        .unwrap();
    let links = env.client.magic_links();
    links
        .email()
        .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
            &gamma,
            "lin@acme.test",
        ))
        .await
        .unwrap();
    let token = link_token(env, "lin@acme.test", EmailKind::Login);
    links
        .authenticate(magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    [env.org_id().to_owned(), beta, gamma]
}

/// The discovered organizations as (organization id, membership type), sorted.
fn discovered(
    found: &[stytch_b2b_otp_sms::discovery::DiscoveredOrganization],
) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = found
        .iter()
        .map(|d| {
            (
                d.organization.as_ref().unwrap().organization_id.clone(),
                d.membership.as_ref().unwrap().r#type.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

fn expected_discovery(ids: &[String; 3]) -> Vec<(String, String)> {
    let mut expected = vec![
        (ids[0].clone(), "active_member".to_owned()),
        (ids[1].clone(), "invited_member".to_owned()),
        (
            ids[2].clone(),
            "eligible_to_join_by_email_domain".to_owned(),
        ),
    ];
    expected.sort();
    expected
}

#[tokio::test]
async fn discovery_magic_links_list_the_organizations_an_address_can_enter() {
    let env = env(MfaPolicy::Optional).await;
    let ids = discovery_world(&env).await;
    let links = env.client.magic_links();
    links
        .email()
        .discovery()
        .send(magic_links_email_discovery::SendRequest::new(
            "ada@acme.test",
        ))
        .await
        .unwrap();
    let email = last_email(&env, "ada@acme.test", EmailKind::Discovery);
    assert_eq!(email.organization_id, None);
    let token = link_token(&env, "ada@acme.test", EmailKind::Discovery);
    let found = links
        .discovery()
        .authenticate(magic_links_discovery::AuthenticateRequest::new(&token))
        .await
        .unwrap();
    assert!(!found.intermediate_session_token.is_empty());
    assert_eq!(found.email_address, "ada@acme.test");
    assert_eq!(
        discovered(&found.discovered_organizations),
        expected_discovery(&ids)
    );
    // Nothing changed in the directory, and the token is spent.
    assert_eq!(
        env.fake.member(&env.ada.member_id).unwrap().status,
        "active"
    );
    expect_error(
        links
            .discovery()
            .authenticate(magic_links_discovery::AuthenticateRequest::new(&token))
            .await,
        401,
        "unable_to_auth_magic_link",
    );
    // An organization login link is not a discovery link.
    send_link(&env, "ada@acme.test").await;
    let login = link_token(&env, "ada@acme.test", EmailKind::Login);
    expect_error(
        links
            .discovery()
            .authenticate(magic_links_discovery::AuthenticateRequest::new(login))
            .await,
        404,
        "magic_link_not_found",
    );
}

#[tokio::test]
async fn discovery_codes_list_the_organizations_an_address_can_enter() {
    let env = env(MfaPolicy::Optional).await;
    let ids = discovery_world(&env).await;
    let otps = env.client.otps().email().discovery();
    otps.send(otp_email_discovery::SendRequest::new("ada@acme.test"))
        .await
        .unwrap();
    let code = email_code(&env, "ada@acme.test", EmailKind::DiscoveryOtp);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    expect_error(
        otps.authenticate(otp_email_discovery::AuthenticateRequest::new(
            "ada@acme.test",
            wrong,
        ))
        .await,
        404,
        "otp_code_not_found",
    );
    let found = otps
        .authenticate(otp_email_discovery::AuthenticateRequest::new(
            "ada@acme.test",
            &code,
        ))
        .await
        .unwrap();
    assert!(!found.intermediate_session_token.is_empty());
    assert_eq!(
        discovered(&found.discovered_organizations),
        expected_discovery(&ids)
    );
    expect_error(
        otps.authenticate(otp_email_discovery::AuthenticateRequest::new(
            "ada@acme.test",
            &code,
        ))
        .await,
        401,
        "unable_to_auth_otp_code",
    );
    // An address with no organization still gets a discovery session, and no organizations.
    otps.send(otp_email_discovery::SendRequest::new("nobody@else.test"))
        .await
        .unwrap();
    let code = email_code(&env, "nobody@else.test", EmailKind::DiscoveryOtp);
    let found = otps
        .authenticate(otp_email_discovery::AuthenticateRequest::new(
            "nobody@else.test",
            code,
        ))
        .await
        .unwrap();
    assert!(found.discovered_organizations.is_empty());
}
