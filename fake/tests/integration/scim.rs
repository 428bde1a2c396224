//! SCIM connections (`scim.connection.*`) through the SDK's client: one per organization,
//! the bearer token shown in full only by `create` (and the next one by `rotate_start`),
//! rotations, and the organization's `scim_active_connection`.

use crate::support::*;
use stytch_b2b_otp_sms::organizations as orgs;
use stytch_b2b_otp_sms::scim::SCIMGroupImplicitRoleAssignments;
use stytch_b2b_otp_sms::scim_connection::*;

async fn organization(env: &Env) -> Organization {
    env.client
        .organizations()
        .get(orgs::GetRequest::new(env.org_id()))
        .await
        .unwrap()
        .organization
}

#[tokio::test]
async fn a_connection_shows_its_token_once_and_the_organization_follows() {
    let env = env(MfaPolicy::Optional).await;
    let scim = env.client.scim().connection();
    let created = scim
        .create(
            CreateRequest::new("acme-corp")
                .display_name("Okta")
                .identity_provider("okta"),
        )
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(created.organization_id, env.org.organization_id);
    assert_eq!(created.identity_provider, "okta");
    assert_eq!(created.status, "active");
    assert!(created.bearer_token.len() > 4);
    assert!(created.base_url.ends_with(&created.connection_id));
    let last_four = &created.bearer_token[created.bearer_token.len() - 4..];
    let got = scim
        .get(GetRequest::new(env.org_id()))
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(got.bearer_token_last_four, last_four);
    assert_eq!(got.next_bearer_token_last_four, "");
    let active = organization(&env).await.scim_active_connection.unwrap();
    assert_eq!(active.connection_id, created.connection_id);
    assert_eq!(active.bearer_token_last_four, last_four);
    // One per organization.
    expect_error(
        scim.create(CreateRequest::new(env.org_id())).await,
        400,
        "active_scim_connection_exists",
    );
    let deleted = scim
        .delete(DeleteRequest::new(env.org_id(), &created.connection_id))
        .await
        .unwrap();
    assert_eq!(deleted.connection_id, created.connection_id);
    assert!(organization(&env).await.scim_active_connection.is_none());
    expect_error(
        scim.get(GetRequest::new(env.org_id())).await,
        404,
        "scim_connection_not_found",
    );
    expect_error(
        scim.delete(DeleteRequest::new(env.org_id(), &created.connection_id))
            .await,
        404,
        "scim_connection_not_found",
    );
    // Another may be created once it is gone.
    let again = scim.create(CreateRequest::new(env.org_id())).await.unwrap();
    assert_eq!(again.connection.unwrap().identity_provider, "generic");
    expect_error(
        scim.create(CreateRequest::new("nope")).await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn rotations_start_complete_and_cancel() {
    let env = env(MfaPolicy::Optional).await;
    let scim = env.client.scim().connection();
    let created = scim
        .create(CreateRequest::new(env.org_id()))
        .await
        .unwrap()
        .connection
        .unwrap();
    let id = created.connection_id.clone();
    for result in [
        scim.rotate_complete(RotateCompleteRequest::new(env.org_id(), &id))
            .await
            .map(|_| ()),
        scim.rotate_cancel(RotateCancelRequest::new(env.org_id(), &id))
            .await
            .map(|_| ()),
    ] {
        expect_error(result, 400, "scim_connection_not_rotating_token");
    }
    let started = scim
        .rotate_start(RotateStartRequest::new(env.org_id(), &id))
        .await
        .unwrap()
        .connection
        .unwrap();
    let next = started.next_bearer_token.clone();
    assert_ne!(next, created.bearer_token);
    assert_eq!(
        started.bearer_token_last_four,
        created.bearer_token[created.bearer_token.len() - 4..]
    );
    let got = scim
        .get(GetRequest::new(env.org_id()))
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(got.next_bearer_token_last_four, next[next.len() - 4..]);
    let cancelled = scim
        .rotate_cancel(RotateCancelRequest::new(env.org_id(), &id))
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(cancelled.next_bearer_token_last_four, "");
    assert_eq!(cancelled.bearer_token_last_four, got.bearer_token_last_four);
    let next = scim
        .rotate_start(RotateStartRequest::new(env.org_id(), &id))
        .await
        .unwrap()
        .connection
        .unwrap()
        .next_bearer_token;
    let completed = scim
        .rotate_complete(RotateCompleteRequest::new(env.org_id(), &id))
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(completed.bearer_token_last_four, next[next.len() - 4..]);
    assert_eq!(completed.next_bearer_token_last_four, "");
    let active = organization(&env).await.scim_active_connection.unwrap();
    assert_eq!(active.bearer_token_last_four, next[next.len() - 4..]);
    expect_error(
        scim.rotate_start(RotateStartRequest::new(
            env.org_id(),
            "scim-connection-nope",
        ))
        .await,
        404,
        "scim_connection_not_found",
    );
}

#[tokio::test]
async fn updates_and_groups() {
    let env = env(MfaPolicy::Optional).await;
    let scim = env.client.scim().connection();
    let id = scim
        .create(CreateRequest::new(env.org_id()))
        .await
        .unwrap()
        .connection
        .unwrap()
        .connection_id;
    let updated = scim
        .update(
            UpdateRequest::new(env.org_id(), &id)
                .display_name("Entra")
                .identity_provider("microsoft-entra")
                .scim_group_implicit_role_assignments(vec![SCIMGroupImplicitRoleAssignments::new(
                    "stytch_admin",
                    "group-1",
                    "Admins",
                )]),
        )
        .await
        .unwrap()
        .connection
        .unwrap();
    assert_eq!(updated.display_name, "Entra");
    assert_eq!(updated.identity_provider, "microsoft-entra");
    assert_eq!(updated.scim_group_implicit_role_assignments.len(), 1);
    assert_eq!(
        organization(&env)
            .await
            .scim_active_connection
            .unwrap()
            .display_name,
        "Entra"
    );
    expect_error(
        scim.update(UpdateRequest::new(env.org_id(), &id).identity_provider("nope"))
            .await,
        400,
        "invalid_scim_idp",
    );
    expect_error(
        scim.update(
            UpdateRequest::new(env.org_id(), &id).scim_group_implicit_role_assignments(vec![
                SCIMGroupImplicitRoleAssignments::new("no-such-role", "g", "G"),
            ]),
        )
        .await,
        400,
        "invalid_rbac_role_id",
    );
    expect_error(
        scim.update(UpdateRequest::new(env.org_id(), "scim-connection-nope"))
            .await,
        404,
        "scim_connection_not_found",
    );
    let groups = scim
        .get_groups(GetGroupsRequest::new(env.org_id(), &id))
        .await
        .unwrap();
    assert!(groups.scim_groups.is_empty());
    assert!(groups.next_cursor.is_none());
    expect_error(
        scim.get_groups(GetGroupsRequest::new(env.org_id(), &id).limit(0))
            .await,
        400,
        "invalid_limit",
    );
    expect_error(
        scim.get_groups(GetGroupsRequest::new(env.org_id(), "scim-connection-nope"))
            .await,
        404,
        "scim_connection_not_found",
    );
}
