//! Setting up organizations and members over HTTP (`POST /__fake/organizations`,
//! `POST /__fake/organizations/{organization_id}/members`), as a test suite in another
//! language would, then running SMS flows in parallel over them.

use crate::support::*;

#[tokio::test]
async fn organizations_and_members_created_over_http_run_parallel_flows() {
    let fake = FakeStytch::start().await.unwrap();
    let (status, org) = raw(
        &fake,
        "POST",
        "/__fake/organizations",
        &json!({"organization_name": "Acme", "organization_slug": "acme",
                "mfa_policy": "REQUIRED_FOR_ALL", "external_id": "acme-ext"})
        .to_string(),
        true,
    )
    .await;
    assert_eq!(status, 200, "{org}");
    // The generated Organization's JSON.
    let org: Organization = serde_json::from_value(org).unwrap();
    assert_eq!(org.mfa_policy, "REQUIRED_FOR_ALL");

    let flows = 100;
    let fake = std::sync::Arc::new(fake);
    let mut tasks = Vec::new();
    for i in 0..flows {
        let fake = fake.clone();
        let org_id = org.organization_id.clone();
        tasks.push(tokio::spawn(async move {
            let members = format!("/__fake/organizations/{org_id}/members");
            let new_member = json!({"email_address": format!("m{i}@acme.test"),
                "name": format!("Member {i}"), "phone_number": format!("+1555555{i:04}")});
            let (status, member) =
                raw(&fake, "POST", &members, &new_member.to_string(), true).await;
            assert_eq!(status, 200, "{member}");
            let member: Member = serde_json::from_value(member).unwrap();
            let mint = json!({"organization_id": org_id, "member_id": member.member_id});
            let (_, ist) = raw(
                &fake,
                "POST",
                "/__fake/intermediate_sessions",
                &mint.to_string(),
                true,
            )
            .await;
            let ist = ist["intermediate_session_token"]
                .as_str()
                .unwrap()
                .to_owned();
            let client = fake.client();
            let sms = client.otps().sms();
            sms.send(SendRequest::new(&org_id, &member.member_id).intermediate_session_token(&ist))
                .await
                .unwrap();
            let outbox = format!("/__fake/outbox?member_id={}", member.member_id);
            let (_, sent) = raw(&fake, "GET", &outbox, "", true).await;
            let code = sent.as_array().unwrap().last().unwrap()["code"]
                .as_str()
                .unwrap()
                .to_owned();
            sms.authenticate(
                AuthenticateRequest::new(&org_id, &member.member_id, code)
                    .intermediate_session_token(ist),
            )
            .await
            .map(|authed| authed.member.mfa_enrolled)
        }));
    }
    let mut enrolled = 0;
    for task in tasks {
        assert!(
            task.await.unwrap().unwrap(),
            "REQUIRED_FOR_ALL enrolls on the first SMS"
        );
        enrolled += 1;
    }
    assert_eq!(enrolled, flows);
}

#[tokio::test]
async fn setup_requests_are_checked() {
    let fake = FakeStytch::start().await.unwrap();
    let post = |path: &str, body: Value| {
        let (fake, path) = (&fake, path.to_owned());
        async move { raw(fake, "POST", &path, &body.to_string(), true).await }
    };
    expect_error_body(
        &post(
            "/__fake/organizations",
            json!({"organization_name": "A", "organization_slug": "a", "mfa_policy": "SOMETIMES"}),
        )
        .await,
        400,
        "invalid_mfa_policy",
    );
    expect_error_body(
        &post("/__fake/organizations", json!({"organization_name": "A"})).await,
        400,
        "invalid_request_body",
    );
    let (_, org) = post(
        "/__fake/organizations",
        json!({"organization_name": "A", "organization_slug": "a-org"}),
    )
    .await;
    let members = format!(
        "/__fake/organizations/{}/members",
        org["organization_id"].as_str().unwrap()
    );
    expect_error_body(
        &post(
            &members,
            json!({"email_address": "x@a.test", "phone_number_verified": true}),
        )
        .await,
        400,
        "phone_number_required",
    );
    expect_error_body(
        &post(
            &members,
            json!({"email_address": "x@a.test", "shoe_size": 9}),
        )
        .await,
        400,
        "invalid_request_body",
    );
    expect_error_body(
        &post(
            "/__fake/organizations/organization-test-nope/members",
            json!({"email_address": "x@a.test"}),
        )
        .await,
        404,
        "organization_not_found",
    );
    let (status, member) = post(
        &members,
        json!({"email_address": "x@a.test", "phone_number": "+15555550100",
        "phone_number_verified": true, "totp_registered": true, "external_id": "x-ext"}),
    )
    .await;
    assert_eq!(status, 200, "{member}");
    assert_eq!(member["mfa_phone_number_verified"], true);
    assert_eq!(member["external_id"], "x-ext");
    expect_error_body(
        &raw(&fake, "GET", "/__fake/organizations", "", true).await,
        405,
        "method_not_allowed",
    );
}
