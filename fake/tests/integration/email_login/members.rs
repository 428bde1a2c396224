//! Who logs in by email: just-in-time provisioning, invites, and deleted members.

use super::*;

#[tokio::test]
async fn new_addresses_sign_up_only_where_jit_provisioning_allows_their_domain() {
    let env = env(MfaPolicy::Optional).await;
    // email_jit_provisioning NOT_ALLOWED (the default).
    for result in [
        env.client
            .magic_links()
            .email()
            .login_or_signup(magic_links_email::LoginOrSignupRequest::new(
                env.org_id(),
                "linus@acme.test",
            ))
            .await
            .map(drop),
        send_code(&env, "linus@acme.test").await.map(drop),
    ] {
        expect_error(result, 400, "email_jit_provisioning_not_allowed");
    }
    allow_jit(&env, &["acme.test"]);
    expect_error(
        send_code(&env, "linus@elsewhere.test").await,
        400,
        "invalid_email_for_jit_provisioning",
    );
    assert!(env.fake.emails().is_empty());

    // An allowed domain: a pending member and a signup email, every time until they log in.
    let sent = send_link(&env, "linus@ACME.test").await;
    assert!(sent.member_created);
    assert_eq!(sent.member.status, "pending");
    assert!(!sent.member.email_address_verified);
    assert_eq!(sent.member.roles[0].role_id, "stytch_member");
    let again = send_link(&env, "linus@acme.test").await;
    assert!(!again.member_created);
    assert_eq!(again.member_id, sent.member_id);
    let token = link_token(&env, "linus@acme.test", EmailKind::Signup);
    let authed = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    assert!(authed.member_authenticated);
    assert_eq!(authed.member.status, "active");
    assert!(authed.member.email_address_verified);
    assert_eq!(env.fake.member(&sent.member_id).unwrap().status, "active");
    // Now a login email.
    send_link(&env, "linus@acme.test").await;
    last_email(&env, "linus@acme.test", EmailKind::Login);
}

#[tokio::test]
async fn invites_create_invited_members_who_become_active_by_their_link() {
    let env = env(MfaPolicy::Optional).await;
    // An invite's roles must exist: the project's policy has `editor`.
    let role = |id: &str| PolicyRole::new(id, "", Vec::new());
    env.fake.set_rbac_policy(vec![
        role("stytch_member"),
        role("stytch_admin"),
        role("editor"),
    ]);
    let links = env.client.magic_links().email();
    let invited = links
        .invite(
            magic_links_email::InviteRequest::new(env.org_id(), "linus@partner.test")
                .name("Linus")
                .roles(vec!["editor".to_owned()])
                .trusted_metadata(claims(json!({"plan": "pro"})))
                .invited_by_member_id(&env.ada.member_id),
        )
        .await
        .unwrap();
    let member = &invited.member;
    assert_eq!(member.status, "invited");
    assert_eq!(member.name, "Linus");
    assert_eq!(member.trusted_metadata["plan"], "pro");
    let roles: Vec<&str> = member.roles.iter().map(|r| r.role_id.as_str()).collect();
    assert_eq!(roles, ["stytch_member", "editor"]);
    let invite = last_email(&env, "linus@partner.test", EmailKind::Invite);
    assert_eq!(
        unix(&invite.expires_at) - unix(&invite.sent_at),
        7 * 24 * 3600
    );

    // A login-or-signup before accepting sends a signup email; the member stays invited.
    let resent = send_link(&env, "linus@partner.test").await;
    assert_eq!(resent.member.status, "invited");
    last_email(&env, "linus@partner.test", EmailKind::Signup);

    // Re-inviting keeps the member; the invite link logs them in and activates them.
    links
        .invite(magic_links_email::InviteRequest::new(
            env.org_id(),
            "linus@partner.test",
        ))
        .await
        .unwrap();
    let token = link_token(&env, "linus@partner.test", EmailKind::Invite);
    let authed = authenticate_link(&env, magic::AuthenticateRequest::new(token))
        .await
        .unwrap();
    assert_eq!(authed.member_id, invited.member_id);
    assert_eq!(authed.member.status, "active");
    let session = authed.member_session.unwrap();
    assert_eq!(session.roles, ["stytch_member", "editor"]);

    // An unknown role, an active member and an unknown inviter are refused.
    expect_error(
        links
            .invite(
                magic_links_email::InviteRequest::new(env.org_id(), "x@partner.test")
                    .roles(vec!["no-such-role".to_owned()]),
            )
            .await,
        400,
        "invalid_rbac_role_id",
    );
    expect_error(
        links
            .invite(magic_links_email::InviteRequest::new(
                env.org_id(),
                "Linus@partner.test",
            ))
            .await,
        400,
        "duplicate_member_email",
    );
    expect_error(
        links
            .invite(
                magic_links_email::InviteRequest::new(env.org_id(), "x@partner.test")
                    .invited_by_member_id("member-test-nope"),
            )
            .await,
        404,
        "member_not_found",
    );
}

#[tokio::test]
async fn invites_follow_the_organizations_email_invites_setting() {
    let env = env(MfaPolicy::Optional).await;
    let invite = |address: &str| {
        env.client
            .magic_links()
            .email()
            .invite(magic_links_email::InviteRequest::new(env.org_id(), address))
    };
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.email_invites = "RESTRICTED".into();
            org.email_allowed_domains = vec!["acme.test".into()];
        })
        .unwrap();
    expect_error(
        invite("x@partner.test").await,
        400,
        "invalid_email_for_invites",
    );
    assert_eq!(
        invite("x@acme.test").await.unwrap().member.status,
        "invited"
    );
    env.fake
        .configure_organization(env.org_id(), |org| org.email_invites = "NOT_ALLOWED".into())
        .unwrap();
    expect_error(
        invite("y@acme.test").await,
        400,
        "invalid_email_for_invites",
    );

    // A pending member (JIT signup) becomes invited when invited.
    env.fake
        .configure_organization(env.org_id(), |org| {
            org.email_invites = "ALL_ALLOWED".into();
            org.email_jit_provisioning = "RESTRICTED".into();
        })
        .unwrap();
    let pending = send_link(&env, "z@acme.test").await;
    assert_eq!(pending.member.status, "pending");
    let invited = invite("z@acme.test").await.unwrap();
    assert_eq!(
        (invited.member_id, invited.member.status.as_str()),
        (pending.member_id, "invited")
    );
}

#[tokio::test]
async fn a_deleted_member_cannot_log_in_and_their_address_is_free_again() {
    let env = env(MfaPolicy::Optional).await;
    send_link(&env, "grace@acme.test").await;
    let token = link_token(&env, "grace@acme.test", EmailKind::Login);
    send_code(&env, "grace@acme.test").await.unwrap();
    let code = email_code(&env, "grace@acme.test", EmailKind::Otp);
    env.client
        .organizations()
        .members()
        .delete(
            stytch_b2b_otp_sms::organizations_members::DeleteRequest::new(
                env.org_id(),
                &env.grace.member_id,
            ),
        )
        .await
        .unwrap();
    // Deleting a member may also revoke their links and codes (Stytch revokes invites so):
    // either way they are refused.
    let link = authenticate_link(&env, magic::AuthenticateRequest::new(token)).await;
    refused(link, &["member_not_found", "magic_link_not_found"]);
    let code = authenticate_code(&env, "grace@acme.test", &code).await;
    refused(code, &["member_not_found", "otp_code_not_found"]);
    // The address is no member's now: a signup, where JIT provisioning allows it.
    expect_error(
        send_code(&env, "grace@acme.test").await,
        400,
        "email_jit_provisioning_not_allowed",
    );
    allow_jit(&env, &["acme.test"]);
    let again = send_link(&env, "grace@acme.test").await;
    assert!(again.member_created);
    assert_ne!(again.member_id, env.grace.member_id);
    last_email(&env, "grace@acme.test", EmailKind::Signup);
}

/// Asserts a 404 with one of these error types.
#[track_caller]
fn refused<T: std::fmt::Debug>(result: Result<T, Error>, error_types: &[&str]) {
    let err = result.expect_err("refused");
    assert_eq!(err.status(), Some(404), "{err}");
    assert!(
        err.error_type().is_some_and(|t| error_types.contains(&t)),
        "{err}"
    );
}
