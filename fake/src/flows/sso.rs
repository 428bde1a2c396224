//! sso: not modelled yet (answers 501 `operation_not_modelled`).

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::not_modelled;
use crate::state::Shared;

pub(crate) fn connections_list(
    _shared: &Shared,
    _request: api::sso::GetConnectionsRequest,
) -> Result<api::sso::GetConnectionsResponse, Failure> {
    Err(not_modelled("sso.connections.list"))
}

pub(crate) fn connections_delete(
    _shared: &Shared,
    _request: api::sso::DeleteConnectionRequest,
) -> Result<api::sso::DeleteConnectionResponse, Failure> {
    Err(not_modelled("sso.connections.delete"))
}

pub(crate) fn authenticate(
    _shared: &Shared,
    _request: api::sso::AuthenticateRequest,
) -> Result<api::sso::AuthenticateResponse, Failure> {
    Err(not_modelled("sso.authenticate"))
}

pub(crate) fn oidc_connections_create(
    _shared: &Shared,
    _request: api::sso_oidc::CreateConnectionRequest,
) -> Result<api::sso_oidc::CreateConnectionResponse, Failure> {
    Err(not_modelled("sso.oidc.connections.create"))
}

pub(crate) fn oidc_connections_update(
    _shared: &Shared,
    _request: api::sso_oidc::UpdateConnectionRequest,
) -> Result<api::sso_oidc::UpdateConnectionResponse, Failure> {
    Err(not_modelled("sso.oidc.connections.update"))
}

pub(crate) fn saml_connections_create(
    _shared: &Shared,
    _request: api::sso_saml::CreateConnectionRequest,
) -> Result<api::sso_saml::CreateConnectionResponse, Failure> {
    Err(not_modelled("sso.saml.connections.create"))
}

pub(crate) fn saml_connections_update(
    _shared: &Shared,
    _request: api::sso_saml::UpdateConnectionRequest,
) -> Result<api::sso_saml::UpdateConnectionResponse, Failure> {
    Err(not_modelled("sso.saml.connections.update"))
}

pub(crate) fn saml_connections_update_by_url(
    _shared: &Shared,
    _request: api::sso_saml::UpdateByURLRequest,
) -> Result<api::sso_saml::UpdateByURLResponse, Failure> {
    Err(not_modelled("sso.saml.connections.update_by_url"))
}

pub(crate) fn saml_connections_verification_certificates_delete(
    _shared: &Shared,
    _request: api::sso_saml::DeleteVerificationCertificateRequest,
) -> Result<api::sso_saml::DeleteVerificationCertificateResponse, Failure> {
    Err(not_modelled(
        "sso.saml.connections.verification_certificates_delete",
    ))
}

pub(crate) fn saml_connections_encryption_private_keys_delete(
    _shared: &Shared,
    _request: api::sso_saml::DeleteEncryptionPrivateKeyRequest,
) -> Result<api::sso_saml::DeleteEncryptionPrivateKeyResponse, Failure> {
    Err(not_modelled(
        "sso.saml.connections.encryption_private_keys_delete",
    ))
}

pub(crate) fn external_connections_create(
    _shared: &Shared,
    _request: api::sso_external::CreateConnectionRequest,
) -> Result<api::sso_external::CreateConnectionResponse, Failure> {
    Err(not_modelled("sso.external.connections.create"))
}

pub(crate) fn external_connections_update(
    _shared: &Shared,
    _request: api::sso_external::UpdateConnectionRequest,
) -> Result<api::sso_external::UpdateConnectionResponse, Failure> {
    Err(not_modelled("sso.external.connections.update"))
}

pub(crate) fn member_oidc_providers(
    _shared: &Shared,
    _request: api::organizations_members::OIDCProvidersRequest,
) -> Result<api::organizations_members::OIDCProvidersResponse, Failure> {
    Err(not_modelled("organizations.members.get_oidc_providers"))
}
