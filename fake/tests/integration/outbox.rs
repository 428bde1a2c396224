//! The outbox: bounded, filtered by member, cleared, and the last code of a member in O(1);
//! from Rust and over the control routes.

use crate::support::*;

#[tokio::test]
async fn the_outbox_keeps_the_last_messages_up_to_its_capacity() {
    let fake = FakeStytch::builder()
        .outbox_capacity(3)
        .start()
        .await
        .unwrap();
    let org = fake
        .create_organization(NewOrganization::new("Acme", "acme"))
        .unwrap();
    let member = fake
        .create_member(
            &org.organization_id,
            NewMember::new("ada@acme.test").phone_number("+15555550100"),
        )
        .unwrap();
    let client = fake.client();
    let mut codes = Vec::new();
    for _ in 0..5 {
        client
            .otps()
            .sms()
            .send(SendRequest::new(&org.organization_id, &member.member_id))
            .await
            .unwrap();
        codes.push(fake.last_code(&member.member_id).unwrap());
    }
    let outbox = fake.outbox();
    assert_eq!(outbox.len(), 3);
    let kept: Vec<&str> = outbox.iter().map(|sms| sms.code.as_str()).collect();
    assert_eq!(
        kept,
        codes[2..].iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(
        fake.last_code(&member.member_id).as_deref(),
        Some(codes[4].as_str())
    );
    assert_eq!(fake.clear_outbox(), 3);
    assert!(fake.outbox().is_empty());
    assert_eq!(fake.last_code(&member.member_id), None);

    let err = FakeStytch::builder()
        .outbox_capacity(0)
        .start()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("outbox_capacity"), "{err}");
}

#[tokio::test]
async fn the_outbox_route_filters_by_member_and_clears() {
    let env = env(MfaPolicy::Optional).await;
    env.send(&env.ada).await;
    env.send_as(
        &env.grace,
        env.send_request(&env.grace)
            .mfa_phone_number("+15555550177"),
    )
    .await;
    env.send(&env.ada).await;

    let (status, all) = env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!((status, all.as_array().unwrap().len()), (200, 3));
    let path = format!("/__fake/outbox?member_id={}", env.ada.member_id);
    let (status, ada) = env.raw("GET", &path, "").await;
    assert_eq!(status, 200);
    let ada = ada.as_array().unwrap();
    assert_eq!(ada.len(), 2);
    assert!(
        ada.iter()
            .all(|sms| sms["member_id"] == env.ada.member_id.as_str())
    );
    assert_eq!(env.fake.outbox_of(&env.ada.member_id).len(), 2);

    expect_error_body(
        &env.raw("GET", "/__fake/outbox?member=x", "").await,
        400,
        "invalid_query_parameter",
    );
    let (status, cleared) = env.raw("DELETE", "/__fake/outbox", "").await;
    assert_eq!((status, cleared["cleared"].as_u64()), (200, Some(3)));
    let (_, empty) = env.raw("GET", "/__fake/outbox", "").await;
    assert_eq!(empty, json!([]));
    expect_error_body(
        &env.raw("PUT", "/__fake/outbox", "").await,
        405,
        "method_not_allowed",
    );
}
