//! The directory's state rules where the API alone cannot reach them: completing an email
//! update, deleting a password, and the indexes staying in step.

use super::*;
use crate::EmailKind;

fn directory() -> (State, Organization, Member) {
    let mut state = State::default();
    let org = state
        .create_organization(NewOrganization::new("Acme", "acme").external_id("acme-ext"))
        .unwrap();
    let ada = state
        .create_member(
            "acme",
            NewMember::new("ada@acme.test").external_id("ada-ext"),
        )
        .unwrap();
    (state, org, ada)
}

#[test]
fn an_email_update_token_applies_the_change() {
    let (mut state, org, ada) = directory();
    state
        .mint_intermediate_session(&org.organization_id, &ada.member_id)
        .unwrap();
    state
        .start_email_update(EmailUpdateStart {
            organization: "acme",
            member: "ada-ext",
            email_address: "Ada@New.test",
            login_redirect_url: None,
            by_code: false,
        })
        .unwrap();
    let sent = state.emails(Some("ada@new.test")).pop().unwrap();
    let token = state
        .take_email_token(sent.token.as_deref().unwrap(), &[EmailKind::EmailUpdate])
        .unwrap();
    assert_eq!(state.complete_email_update(&token).unwrap(), ada.member_id);
    let member = state.member(&ada.member_id).unwrap();
    assert_eq!(member.email_address, "Ada@New.test");
    assert!(member.email_address_verified);
    assert_eq!(
        member.retired_email_addresses[0].email_address,
        "ada@acme.test"
    );
    // The indexes follow: the new address finds Ada, the old one is retired.
    let found = state.live_member_by_email(&org.organization_id, "ada@new.test");
    assert_eq!(found.map(|m| m.member_id), Some(ada.member_id.clone()));
    assert!(
        state
            .live_member_by_email(&org.organization_id, "ada@acme.test")
            .is_none()
    );
    assert_eq!(state.memberships_of_email("ADA@NEW.TEST").len(), 1);
    assert!(state.memberships_of_email("ada@acme.test").is_empty());
    let err = state
        .create_member("acme", NewMember::new("ada@acme.test"))
        .unwrap_err();
    assert_eq!(err.error_type, "retired_member_email");
}

#[test]
fn an_email_update_code_applies_the_change() {
    let (mut state, org, ada) = directory();
    state
        .mint_intermediate_session(&org.organization_id, &ada.member_id)
        .unwrap();
    state
        .start_email_update(EmailUpdateStart {
            organization: "acme",
            member: &ada.member_id,
            email_address: "ada@new.test",
            login_redirect_url: None,
            by_code: true,
        })
        .unwrap();
    let sent = state.emails(Some("ada@new.test")).pop().unwrap();
    assert_eq!(sent.kind, EmailKind::EmailUpdate);
    let code = state
        .check_email_code(
            &org.organization_id,
            "ada@new.test",
            sent.code.as_deref().unwrap(),
            &[EmailKind::EmailUpdate],
        )
        .unwrap();
    state
        .complete_email_update_by_code(&org.organization_id, "ada@new.test", &code)
        .unwrap();
    assert_eq!(
        state.member(&ada.member_id).unwrap().email_address,
        "ada@new.test"
    );
}

#[test]
fn a_password_is_deleted_by_its_id() {
    let (mut state, org, ada) = directory();
    let mut record = state.members.get_mut(&ada.member_id).unwrap();
    record.password = Some(PasswordRecord {
        id: "member-password-test-1".into(),
        hash: StoredHash::Native("$fake$".into()),
        requires_reset: false,
        failures: 0,
        locked_until: None,
    });
    record.member.member_password_id = "member-password-test-1".into();
    drop(record);
    let err = state
        .delete_member_password(&org.organization_id, "member-password-test-2")
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_type.as_str()),
        (404, "member_password_not_found")
    );
    let owner = state
        .delete_member_password("acme-ext", "member-password-test-1")
        .unwrap();
    assert_eq!(owner, ada.member_id);
    let record = state.members.get(&ada.member_id).unwrap();
    assert!(record.password.is_none());
    assert_eq!(record.member.member_password_id, "");
}

#[test]
fn delete_totp_clears_the_registration_and_its_codes() {
    let (mut state, _, ada) = directory();
    state.totps.insert(
        ada.member_id.clone(),
        TotpRecord {
            id: "member-totp-test-1".into(),
            secret: "JBSWY3DPEHPK3PXP".into(),
            verified: true,
            expires_at: Timestamp::MAX,
            last_step: None,
            recovery_codes: Vec::new(),
        },
    );
    let mut record = state.members.get_mut(&ada.member_id).unwrap();
    record.member.totp_registration_id = "member-totp-test-1".into();
    record.member.default_mfa_method = TOTP.into();
    drop(record);
    state.delete_totp("acme", "ada-ext").unwrap();
    assert!(!state.totps.contains_key(&ada.member_id));
    let record = state.members.get(&ada.member_id).unwrap();
    assert_eq!(record.member.totp_registration_id, "");
    assert_eq!(record.member.default_mfa_method, "");
}

#[test]
fn memberships_span_organizations_and_skip_deleted_members() {
    let (mut state, org, ada) = directory();
    let other = state
        .create_organization(NewOrganization::new("Other", "other"))
        .unwrap();
    state
        .create_member("other", NewMember::new("ADA@acme.test"))
        .unwrap();
    let found = state.memberships_of_email("ada@acme.test");
    let orgs: Vec<&str> = found.iter().map(|m| m.organization_id.as_str()).collect();
    let mut expected = [org.organization_id.as_str(), other.organization_id.as_str()];
    expected.sort_unstable();
    assert_eq!(orgs, expected);
    state.delete_member("acme", &ada.member_id).unwrap();
    assert_eq!(state.memberships_of_email("ada@acme.test").len(), 1);
    assert!(
        state
            .resolve_member(&org.organization_id, "ada-ext")
            .is_err()
    );
    assert!(
        state
            .resolve_member_any(&org.organization_id, "ada-ext")
            .is_ok()
    );
    // Deleting the organization forgets everything it indexed.
    state.delete_organization("other").unwrap();
    assert!(state.memberships_of_email("ada@acme.test").is_empty());
    assert!(state.resolve_organization("other").is_err());
    state.delete_organization("acme-ext").unwrap();
    assert!(state.members.values().next().is_none());
    assert!(state.directory.memberships.is_empty());
    assert!(state.directory.member_external_ids.is_empty());
    assert!(state.directory.organization_members.is_empty());
    assert!(state.directory.slugs.is_empty());
    assert!(state.directory.organization_external_ids.is_empty());
}

#[test]
fn just_in_time_domains_follow_the_settings() {
    let (mut state, org, _) = directory();
    assert!(state.jit_organizations_for_domain("acme.test").is_empty());
    let mut fields = Map::new();
    fields.insert("email_allowed_domains".into(), json!(["Acme.test"]));
    fields.insert("email_jit_provisioning".into(), json!("RESTRICTED"));
    state.update_organization("acme", fields).unwrap();
    let found = state.jit_organizations_for_domain("ACME.TEST");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].organization_id, org.organization_id);
    let mut fields = Map::new();
    fields.insert("email_jit_provisioning".into(), json!("NOT_ALLOWED"));
    state.update_organization("acme", fields).unwrap();
    assert!(state.jit_organizations_for_domain("acme.test").is_empty());
    assert!(state.directory.jit_domains.is_empty());
}

#[test]
fn lookups_stay_fast_in_a_large_directory() {
    let mut state = State::default();
    for o in 0..200 {
        let slug = format!("org-{o}");
        state
            .create_organization(NewOrganization::new("Org", slug.as_str()))
            .unwrap();
        for m in 0..50 {
            state
                .create_member(&slug, NewMember::new(format!("m{m}@org{o}.test")))
                .unwrap();
        }
    }
    let started = std::time::Instant::now();
    for i in 0..10_000 {
        let o = i % 200;
        let org = state.resolve_organization(&format!("org-{o}")).unwrap();
        let email = format!("m{}@org{o}.test", i % 50);
        let member = state.live_member_by_email(&org, &email).unwrap();
        state
            .resolve_member(&org, &member.member_id.clone())
            .unwrap();
    }
    // Index lookups: far below a second even on a slow machine (a scan would take minutes).
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
