//! Passwords (`passwords.*`): authenticate, strength check, migrate and every reset flow,
//! organization and discovery.
//!
//! Hashing and verifying (and zxcvbn's estimate) happen outside the state's lock: a flow
//! reads what it needs under the lock, does the slow work, then applies the outcome under
//! the lock again. Session JWTs are signed outside it too.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;
use crate::EmailKind;

/// A rule's refusal as the answer's failure.
fn fail(error: FakeError) -> Failure {
    error.into_failure()
}

/// Refuses a correct password that must be reset first: required by
/// `passwords.email.require_reset`, breached, or (a migrated one) too weak for the policy
/// (Stytch's `validate_on_authentication`, on by default).
fn refuse_reset(candidate: &Candidate, judged: Option<&Strength>) -> Result<(), FakeError> {
    if candidate.requires_reset {
        return Err(member_reset_password("a password reset was required"));
    }
    match judged {
        Some(s) if s.breached => Err(member_reset_password(
            "the password appears in a list of breached passwords",
        )),
        Some(s) if !s.valid() => Err(member_reset_password(
            "the password no longer meets the strength policy",
        )),
        _ => Ok(()),
    }
}

/// The strength of a password that was just verified: the fake's own hashes were checked
/// when set (and the policy never changes), so only migrated ones are judged.
fn judge(candidate: &Candidate, password: &str) -> Option<Strength> {
    match candidate.hash {
        StoredHash::Native(_) => None,
        _ => Some(strength(password, Some(&candidate.email_address))),
    }
}

pub(crate) fn strength_check(
    _shared: &Shared,
    request: api::password::StrengthCheckRequest,
) -> Result<api::password::StrengthCheckResponse, Failure> {
    let judged = strength(&request.password, request.email_address.as_deref());
    answer("passwords_strength_check", judged.fields())
}

pub(crate) fn migrate(
    shared: &Shared,
    request: api::password::MigrateRequest,
) -> Result<api::password::MigrateResponse, Failure> {
    let hash = StoredHash::migrated(&request).map_err(fail)?;
    let (member, created, organization) = shared
        .lock()
        .migrate_password(&request, hash)
        .map_err(fail)?;
    answer(
        "passwords_migrate",
        json!({
            "member_id": member.member_id,
            "member_created": created,
            "member": member,
            "organization": organization,
        }),
    )
}

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::password::AuthenticateRequest,
) -> Result<api::password::AuthenticateResponse, Failure> {
    let jwt = shared.verify_jwt(&request.session_jwt).map_err(fail)?;
    let candidate = shared
        .lock()
        .password_candidate(&request.organization_id, &request.email_address)
        .map_err(fail)?;
    let matched = candidate.hash.verify(&request.password);
    let judged = matched
        .then(|| judge(&candidate, &request.password))
        .flatten();
    let project_id = &shared.project_id;
    let login = (|| {
        let mut state = shared.lock();
        state.settle_password(&candidate, matched)?;
        refuse_reset(&candidate, judged.as_ref())?;
        let session_id =
            state.password_session_arg(project_id, &request.session_token, jwt.as_ref())?;
        let factor = password_factor(state.now())?;
        let target = PasswordLogin {
            organization_id: &candidate.organization_id,
            member_id: &candidate.member_id,
            session_id: session_id.as_deref(),
        };
        let options = SessionOptions {
            duration_minutes: request.session_duration_minutes,
            custom_claims: request.session_custom_claims.as_ref(),
            intermediate_session_token: request.intermediate_session_token.as_deref(),
            locale: request.locale.as_ref().map(|l| l.as_str()),
        };
        state.password_login(project_id, target, vec![factor], options)
    })()
    .map_err(fail)?;
    login_answer(shared, "passwords_authenticate", login, json!({}))
}

pub(crate) fn email_reset_start(
    shared: &Shared,
    request: api::passwords_email::ResetStartRequest,
) -> Result<api::passwords_email::ResetStartResponse, Failure> {
    let ttl = reset_minutes(request.reset_password_expiration_minutes).map_err(fail)?;
    if let Some(url) = given(&request.login_redirect_url) {
        check_redirect_url(url).map_err(fail)?;
    }
    let mut state = shared.lock();
    let (member, email_id) = (|| {
        let organization_id = state.resolve_organization(&request.organization_id)?;
        let member_id = state
            .password_member_id(&organization_id, &request.email_address)
            .ok_or_else(member_not_found)?;
        let record = state.members.get(&member_id).ok_or_else(member_not_found)?;
        let (member, email_id) = (record.member.clone(), record.email_id.clone());
        let outgoing = Outgoing {
            kind: EmailKind::PasswordReset,
            email_address: &member.email_address,
            organization_id: &organization_id,
            member_id: &member_id,
            ttl,
        };
        state.email_token(
            outgoing,
            request.reset_password_redirect_url.as_deref(),
            request.code_challenge.as_deref(),
        )?;
        Ok((member, email_id))
    })()
    .map_err(fail)?;
    drop(state);
    answer(
        "passwords_email_reset_start",
        json!({
            "member_id": member.member_id,
            "member_email_id": email_id,
            "member": member,
        }),
    )
}

pub(crate) fn email_reset(
    shared: &Shared,
    request: api::passwords_email::ResetRequest,
) -> Result<api::passwords_email::ResetResponse, Failure> {
    let jwt = shared.verify_jwt(&request.session_jwt).map_err(fail)?;
    let hash = new_password(shared, &request.password, &request.password_reset_token)?;
    let (login, email_id) = reset_by_email(shared, &request, jwt.as_ref(), hash).map_err(fail)?;
    login_answer(
        shared,
        "passwords_email_reset",
        login,
        json!({"member_email_id": email_id}),
    )
}

/// The rule of `passwords.email.reset` once the new password is hashed: every argument is
/// checked before the token is spent and the password stored (a refused request changes
/// nothing); then the member's other sessions end and the member logs in with the link's
/// email factor and the password. Answers the login (unsigned) and the email's id.
fn reset_by_email(
    shared: &Shared,
    request: &api::passwords_email::ResetRequest,
    jwt: Option<&Map<String, Value>>,
    hash: StoredHash,
) -> Result<(Login, String), FakeError> {
    let project_id = &shared.project_id;
    let mut state = shared.lock();
    let session_id = state.password_session_arg(project_id, &request.session_token, jwt)?;
    let (token, kind) = (&request.password_reset_token, EmailKind::PasswordReset);
    let verifier = request.code_verifier.as_deref();
    let sent = state.peek_password_reset_token(token, kind, verifier)?;
    let target = PasswordLogin {
        organization_id: &sent.organization_id,
        member_id: &sent.member_id,
        session_id: session_id.as_deref(),
    };
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: request.intermediate_session_token.as_deref(),
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    state.check_password_login(target, &options)?;
    state.take_password_reset_token(token, kind, verifier)?;
    let record = state
        .members
        .get(&sent.member_id)
        .ok_or_else(member_not_found)?;
    let email_id = record.email_id.clone();
    let email = record.member.email_address.clone();
    state.store_password(&sent.member_id, hash)?;
    state.revoke_sessions_for_password(&sent.member_id, session_id.as_deref());
    let now = state.now();
    let factors = vec![
        email_factor("magic_link", &email_id, &email, now)?,
        password_factor(now)?,
    ];
    let login = state.password_login(project_id, target, factors, options)?;
    Ok((login, email_id))
}

/// A new password from a reset link: judged with the link's email address (refused with
/// `weak_password` before the token is spent) and hashed, outside the lock.
fn new_password(shared: &Shared, password: &str, token: &str) -> Result<StoredHash, Failure> {
    let email = shared
        .lock()
        .email_tokens
        .get(token)
        .map(|t| t.email_address.clone());
    strength(password, email.as_deref())
        .require_valid()
        .map_err(fail)?;
    StoredHash::native(password).map_err(fail)
}

pub(crate) fn email_require_reset(
    shared: &Shared,
    request: api::passwords_email::RequireResetRequest,
) -> Result<api::passwords_email::RequireResetResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let mut state = shared.lock();
    let member_ids = state
        .require_reset_targets(
            &request.email_address,
            given(&request.organization_id),
            given(&request.member_id),
        )
        .map_err(fail)?;
    for id in &member_ids {
        state.require_password_reset(id);
    }
    let member = member_ids.first().and_then(|id| state.member(id));
    let organization = member
        .as_ref()
        .and_then(|m| state.organization(&m.organization_id));
    drop(state);
    answer(
        "passwords_email_require_reset",
        json!({
            "member_id": member.as_ref().map(|m| m.member_id.clone()),
            "member": member,
            "organization": organization,
        }),
    )
}

pub(crate) fn session_reset(
    shared: &Shared,
    request: api::passwords_session::ResetRequest,
) -> Result<api::passwords_session::ResetResponse, Failure> {
    let jwt = shared.verify_jwt(&request.session_jwt).map_err(fail)?;
    let project_id = &shared.project_id;
    let (session_id, email) = shared
        .lock()
        .session_for_password_reset(
            project_id,
            &request.organization_id,
            &request.session_token,
            jwt.as_ref(),
        )
        .map_err(fail)?;
    strength(&request.password, Some(&email))
        .require_valid()
        .map_err(fail)?;
    let hash = StoredHash::native(&request.password).map_err(fail)?;
    let login = (|| {
        let mut state = shared.lock();
        let (organization_id, member_id) = state
            .sessions
            .get(&session_id)
            .map(|s| (s.organization_id.clone(), s.member_id.clone()))
            .ok_or_else(session_not_found)?;
        let target = PasswordLogin {
            organization_id: &organization_id,
            member_id: &member_id,
            session_id: Some(&session_id),
        };
        let options = SessionOptions {
            duration_minutes: request.session_duration_minutes,
            custom_claims: request.session_custom_claims.as_ref(),
            intermediate_session_token: None,
            locale: None,
        };
        // Every argument before the password is stored: a refused request changes nothing.
        state.check_password_login(target, &options)?;
        state.store_password(&member_id, hash)?;
        state.revoke_sessions_for_password(&member_id, Some(&session_id));
        state.join_password_session(project_id, target, &session_id, &[], options)
    })()
    .map_err(fail)?;
    login_answer(shared, "passwords_session_reset", login, json!({}))
}

pub(crate) fn existing_password_reset(
    shared: &Shared,
    request: api::passwords_existing_password::ResetRequest,
) -> Result<api::passwords_existing_password::ResetResponse, Failure> {
    let jwt = shared.verify_jwt(&request.session_jwt).map_err(fail)?;
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: None,
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    // Session options refused before the existing password is tried (no attempt counted).
    session_minutes(options.duration_minutes).map_err(fail)?;
    merge_claims(Map::new(), options.custom_claims).map_err(fail)?;
    let candidate = shared
        .lock()
        .password_candidate(&request.organization_id, &request.email_address)
        .map_err(fail)?;
    let matched = candidate.hash.verify(&request.existing_password);
    let same = request.existing_password == request.new_password;
    let judged = strength(&request.new_password, Some(&candidate.email_address));
    let hash = if matched && !same && judged.valid() {
        Some(StoredHash::native(&request.new_password).map_err(fail)?)
    } else {
        None
    };
    let project_id = &shared.project_id;
    let login = (|| {
        let mut state = shared.lock();
        state.settle_password(&candidate, matched)?;
        if same {
            return Err(FakeError::new(
                400,
                "cannot_reset_password_with_existing_password",
                "The new password must differ from the existing one.",
            ));
        }
        judged.require_valid()?;
        let hash = hash.ok_or_else(|| internal("hash the new password"))?;
        let session_id =
            state.password_session_arg(project_id, &request.session_token, jwt.as_ref())?;
        let target = PasswordLogin {
            organization_id: &candidate.organization_id,
            member_id: &candidate.member_id,
            session_id: session_id.as_deref(),
        };
        // Every argument before the password is stored: a refused request changes nothing.
        state.check_password_login(target, &options)?;
        state.store_password(&candidate.member_id, hash)?;
        state.revoke_sessions_for_password(&candidate.member_id, session_id.as_deref());
        let factor = password_factor(state.now())?;
        state.password_login(project_id, target, vec![factor], options)
    })()
    .map_err(fail)?;
    login_answer(
        shared,
        "passwords_existing_password_reset",
        login,
        json!({}),
    )
}

pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::passwords_discovery::AuthenticateRequest,
) -> Result<api::passwords_discovery::AuthenticateResponse, Failure> {
    let email = request.email_address.trim();
    let candidates = shared
        .lock()
        .password_email_candidates(email)
        .map_err(fail)?;
    let matched: Vec<bool> = candidates
        .iter()
        .map(|c| c.hash.verify(&request.password))
        .collect();
    let judged: Vec<Option<Strength>> = candidates
        .iter()
        .zip(&matched)
        .map(|(c, m)| m.then(|| judge(c, &request.password)).flatten())
        .collect();
    let (token, organizations) = (|| {
        let mut state = shared.lock();
        if !matched.contains(&true) {
            for c in &candidates {
                state.settle_password(c, false).ok();
            }
            return Err(FakeError::unauthorized());
        }
        for ((c, m), s) in candidates.iter().zip(&matched).zip(&judged) {
            if *m {
                state.settle_password(c, true)?;
                refuse_reset(c, s.as_ref())?;
            }
        }
        let factor = password_factor(state.now())?;
        let token = state.discovery_session(email, factor);
        Ok((token, state.discovered_organizations(email, "password")))
    })()
    .map_err(fail)?;
    answer(
        "passwords_discovery_authenticate",
        json!({
            "email_address": email,
            "intermediate_session_token": token,
            "discovered_organizations": organizations,
        }),
    )
}

pub(crate) fn discovery_email_reset_start(
    shared: &Shared,
    request: api::passwords_discovery_email::ResetStartRequest,
) -> Result<api::passwords_discovery_email::ResetStartResponse, Failure> {
    let ttl = reset_minutes(request.reset_password_expiration_minutes).map_err(fail)?;
    if let Some(url) = given(&request.discovery_redirect_url) {
        check_redirect_url(url).map_err(fail)?;
    }
    let email = request.email_address.trim();
    (|| {
        let mut state = shared.lock();
        if state.password_email_memberships(email).is_empty() {
            return Err(member_not_found());
        }
        let outgoing = Outgoing {
            kind: EmailKind::DiscoveryPasswordReset,
            email_address: email,
            organization_id: "",
            member_id: "",
            ttl,
        };
        state.email_token(
            outgoing,
            request.reset_password_redirect_url.as_deref(),
            request.pkce_code_challenge.as_deref(),
        )
    })()
    .map_err(fail)?;
    answer("passwords_discovery_email_reset_start", json!({}))
}

pub(crate) fn discovery_email_reset(
    shared: &Shared,
    request: api::passwords_discovery_email::ResetRequest,
) -> Result<api::passwords_discovery_email::ResetResponse, Failure> {
    let hash = new_password(shared, &request.password, &request.password_reset_token)?;
    let (email, token, organizations) = (|| {
        let mut state = shared.lock();
        let sent = state.take_password_reset_token(
            &request.password_reset_token,
            EmailKind::DiscoveryPasswordReset,
            request.pkce_code_verifier.as_deref(),
        )?;
        let email = sent.email_address;
        for id in state.password_email_memberships(&email) {
            state.store_password(&id, hash.clone())?;
            state.mark_email_verified_by_reset(&id);
            state.revoke_sessions_for_password(&id, None);
        }
        let factor = password_factor(state.now())?;
        let token = state.discovery_session(&email, factor);
        let organizations = state.discovered_organizations(&email, "password");
        Ok((email, token, organizations))
    })()
    .map_err(fail)?;
    answer(
        "passwords_discovery_email_reset",
        json!({
            "email_address": email,
            "intermediate_session_token": token,
            "discovered_organizations": organizations,
        }),
    )
}
