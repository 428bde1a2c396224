//! Discovery: one email address, its memberships in several organizations.

use super::*;

#[tokio::test]
async fn the_discovery_reset_link_sets_the_password_of_every_membership() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    let beta = env
        .fake
        .create_organization(NewOrganization::new("Beta", "beta"))
        .unwrap();
    let ada_beta = env
        .fake
        .create_member(&beta.organization_id, NewMember::new(&email))
        .unwrap();

    // The discovery reset link sets the password of every membership.
    let discovery = env.client.passwords().discovery();
    expect_error(
        discovery
            .email()
            .reset_start(DiscoveryResetStart::new("nobody@nowhere.test"))
            .await,
        404,
        "member_not_found",
    );
    discovery
        .email()
        .reset_start(
            DiscoveryResetStart::new(&email)
                .reset_password_redirect_url("https://app.test/discover"),
        )
        .await
        .unwrap();
    let token = emailed_token(&env, &email, EmailKind::DiscoveryPasswordReset, "discovery");
    expect_error(
        discovery
            .email()
            .reset(DiscoveryReset::new(&token, "abc123"))
            .await,
        400,
        "weak_password",
    );
    let reset = discovery
        .email()
        .reset(DiscoveryReset::new(&token, STRONG))
        .await
        .unwrap();
    assert_eq!(reset.email_address, email);
    assert!(!reset.intermediate_session_token.is_empty());
    let orgs: Vec<String> = reset
        .discovered_organizations
        .iter()
        .map(|d| d.organization.as_ref().unwrap().organization_id.clone())
        .collect();
    assert!(
        orgs.contains(&env.org_id().to_owned()) && orgs.contains(&beta.organization_id),
        "{orgs:?}"
    );
    authenticate(&env, &email, STRONG).await.unwrap();
    let in_beta = env
        .client
        .passwords()
        .authenticate(PasswordAuth::new(&beta.organization_id, &email, STRONG))
        .await
        .unwrap();
    assert_eq!(in_beta.member_id, ada_beta.member_id);
}

#[tokio::test]
async fn discovery_authenticate_checks_the_password_of_the_emails_members() {
    let env = env(MfaPolicy::Optional).await;
    let email = env.ada.email_address.clone();
    let beta = env
        .fake
        .create_organization(NewOrganization::new("Beta", "beta"))
        .unwrap();
    let ada_beta = env
        .fake
        .create_member(&beta.organization_id, NewMember::new(&email))
        .unwrap();
    set_password(&env, &env.ada, STRONG).await;
    set_password(&env, &ada_beta, STRONG).await;
    let discovery = env.client.passwords().discovery();

    // Discovery authenticate: the same password, an intermediate session, the organizations.
    let found = discovery
        .authenticate(DiscoveryAuth::new(&email, STRONG))
        .await
        .unwrap();
    assert_eq!(found.email_address, email);
    assert!(!found.intermediate_session_token.is_empty());
    assert_eq!(found.discovered_organizations.len(), 2);
    assert!(
        found
            .discovered_organizations
            .iter()
            .all(|d| d.member_authenticated)
    );
    expect_error(
        discovery
            .authenticate(DiscoveryAuth::new(&email, "wrong"))
            .await,
        401,
        "unauthorized_credentials",
    );
    expect_error(
        discovery
            .authenticate(DiscoveryAuth::new("nobody@acme.test", STRONG))
            .await,
        401,
        "unauthorized_credentials",
    );
    // A required reset holds for discovery too.
    env.client
        .passwords()
        .email()
        .require_reset(RequireResetRequest::new(&email))
        .await
        .unwrap();
    expect_error(
        discovery
            .authenticate(DiscoveryAuth::new(&email, STRONG))
            .await,
        401,
        "member_reset_password",
    );
}
