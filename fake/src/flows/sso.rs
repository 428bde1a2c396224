//! SSO (`sso.*`): SAML, OIDC and external connections, their certificates and keys, and
//! authenticating the `sso_token` the fake identity provider issues
//! (`POST /__fake/sso/{connection_id}/login`) into a member session through the login core;
//! and `organizations.members.get_oidc_providers`.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::*;
use crate::state::sso::login::SsoAuth;

/// The organization's connections by kind.
pub(crate) fn connections_list(
    shared: &Shared,
    request: api::sso::GetConnectionsRequest,
) -> Result<api::sso::GetConnectionsResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let (saml, oidc, external) = shared
        .lock()
        .sso_connections_of(&request.organization_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.connections.list",
        json!({
            "saml_connections": saml,
            "oidc_connections": oidc,
            "external_connections": external,
        }),
    )
}

/// Deletes a connection of any kind.
pub(crate) fn connections_delete(
    shared: &Shared,
    request: api::sso::DeleteConnectionRequest,
) -> Result<api::sso::DeleteConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    shared
        .lock()
        .delete_sso_connection(&request.organization_id, &request.connection_id)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.connections.delete",
        json!({"connection_id": request.connection_id}),
    )
}

/// Authenticates an `sso_token`, then logs the member in: a member session, or an
/// intermediate session with `mfa_required` (an SMS sent on its own) or `primary_required`.
pub(crate) fn authenticate(
    shared: &Shared,
    request: api::sso::AuthenticateRequest,
) -> Result<api::sso::AuthenticateResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let login = sso_login(shared, &request, jwt).map_err(FakeError::into_failure)?;
    login_answer(
        shared,
        "sso.authenticate",
        login,
        json!({"reset_session": false}),
    )
}

/// The rule of `sso.authenticate`: the login (unsigned).
fn sso_login(
    shared: &Shared,
    request: &api::sso::AuthenticateRequest,
    jwt: Option<Map<String, Value>>,
) -> Result<Login, FakeError> {
    let session = session_arg(
        &request.intermediate_session_token,
        &request.session_token,
        jwt,
    )?;
    let options = SessionOptions {
        duration_minutes: request.session_duration_minutes,
        custom_claims: request.session_custom_claims.as_ref(),
        intermediate_session_token: None,
        locale: request.locale.as_ref().map(|l| l.as_str()),
    };
    let auth = SsoAuth {
        token: &request.sso_token,
        pkce_code_verifier: given(&request.pkce_code_verifier),
        session,
    };
    shared
        .lock()
        .sso_authenticate(&shared.project_id, auth, options)
}

pub(crate) fn oidc_connections_create(
    shared: &Shared,
    request: api::sso_oidc::CreateConnectionRequest,
) -> Result<api::sso_oidc::CreateConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .create_oidc_connection(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.oidc.connections.create",
        json!({"connection": connection}),
    )
}

pub(crate) fn oidc_connections_update(
    shared: &Shared,
    request: api::sso_oidc::UpdateConnectionRequest,
) -> Result<api::sso_oidc::UpdateConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let (connection, warning) = shared
        .lock()
        .update_oidc_connection(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.oidc.connections.update",
        json!({"connection": connection, "warning": warning}),
    )
}

pub(crate) fn saml_connections_create(
    shared: &Shared,
    request: api::sso_saml::CreateConnectionRequest,
) -> Result<api::sso_saml::CreateConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .create_saml_connection(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.saml.connections.create",
        json!({"connection": connection}),
    )
}

pub(crate) fn saml_connections_update(
    shared: &Shared,
    request: api::sso_saml::UpdateConnectionRequest,
) -> Result<api::sso_saml::UpdateConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .update_saml_connection(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.saml.connections.update",
        json!({"connection": connection}),
    )
}

pub(crate) fn saml_connections_update_by_url(
    shared: &Shared,
    request: api::sso_saml::UpdateByURLRequest,
) -> Result<api::sso_saml::UpdateByURLResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .saml_update_by_url(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.saml.connections.update_by_url",
        json!({"connection": connection}),
    )
}

pub(crate) fn saml_connections_verification_certificates_delete(
    shared: &Shared,
    request: api::sso_saml::DeleteVerificationCertificateRequest,
) -> Result<api::sso_saml::DeleteVerificationCertificateResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    shared
        .lock()
        .delete_saml_credential(
            &request.organization_id,
            &request.connection_id,
            "verification_certificates",
            &request.certificate_id,
        )
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.saml.connections.verification_certificates_delete",
        json!({"certificate_id": request.certificate_id}),
    )
}

pub(crate) fn saml_connections_encryption_private_keys_delete(
    shared: &Shared,
    request: api::sso_saml::DeleteEncryptionPrivateKeyRequest,
) -> Result<api::sso_saml::DeleteEncryptionPrivateKeyResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    shared
        .lock()
        .delete_saml_credential(
            &request.organization_id,
            &request.connection_id,
            "encryption_private_keys",
            &request.private_key_id,
        )
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.saml.connections.encryption_private_keys_delete",
        json!({"private_key_id": request.private_key_id}),
    )
}

pub(crate) fn external_connections_create(
    shared: &Shared,
    request: api::sso_external::CreateConnectionRequest,
) -> Result<api::sso_external::CreateConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .create_external_connection(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.external.connections.create",
        json!({"connection": connection}),
    )
}

pub(crate) fn external_connections_update(
    shared: &Shared,
    request: api::sso_external::UpdateConnectionRequest,
) -> Result<api::sso_external::UpdateConnectionResponse, Failure> {
    acting_as_backend(
        &request.x_stytch_member_session,
        &request.x_stytch_member_session_jwt,
    )?;
    let connection = shared
        .lock()
        .update_external_connection(&request)
        .map_err(FakeError::into_failure)?;
    answer(
        "sso.external.connections.update",
        json!({"connection": connection}),
    )
}

/// The OIDC registrations of a member who logged in through OIDC connections.
pub(crate) fn member_oidc_providers(
    shared: &Shared,
    request: api::organizations_members::OIDCProvidersRequest,
) -> Result<api::organizations_members::OIDCProvidersResponse, Failure> {
    let registrations = shared
        .lock()
        .oidc_providers(
            &request.organization_id,
            &request.member_id,
            request.include_refresh_token.unwrap_or(false),
        )
        .map_err(FakeError::into_failure)?;
    answer(
        "organizations.members.get_oidc_providers",
        json!({"registrations": registrations}),
    )
}
