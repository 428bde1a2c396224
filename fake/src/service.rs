//! The generated [`Service`] trait, implemented by [`Shared`]: each operation is one call
//! into its flow's module under `crate::flows` (one module per product family), where the
//! request is checked, the state's rules applied and the answer built.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::{Failure, Service};

use crate::flows;
use crate::state::Shared;

impl Service for Shared {
    fn otps_sms_send(
        &self,
        request: api::otp_sms::SendRequest,
    ) -> Result<api::otp_sms::SendResponse, Failure> {
        flows::sms::send(self, request)
    }

    fn otps_sms_authenticate(
        &self,
        request: api::otp_sms::AuthenticateRequest,
    ) -> Result<api::otp_sms::AuthenticateResponse, Failure> {
        flows::sms::authenticate(self, request)
    }

    fn sessions_authenticate(
        &self,
        request: api::sessions::AuthenticateRequest,
    ) -> Result<api::sessions::AuthenticateResponse, Failure> {
        flows::sessions::authenticate(self, request)
    }

    fn sessions_revoke(
        &self,
        request: api::sessions::RevokeRequest,
    ) -> Result<api::sessions::RevokeResponse, Failure> {
        flows::sessions::revoke(self, request)
    }

    fn organizations_get(
        &self,
        request: api::organizations::GetRequest,
    ) -> Result<api::organizations::GetResponse, Failure> {
        flows::organizations::get(self, request)
    }

    fn organizations_members_delete(
        &self,
        request: api::organizations_members::DeleteRequest,
    ) -> Result<api::organizations_members::DeleteResponse, Failure> {
        flows::members::delete(self, request)
    }

    fn rbac_get_policy(
        &self,
        request: api::rbac::PolicyRequest,
    ) -> Result<api::rbac::PolicyResponse, Failure> {
        flows::rbac::get_policy(self, request)
    }

    fn organizations_search(
        &self,
        request: api::organizations::SearchRequest,
    ) -> Result<api::organizations::SearchResponse, Failure> {
        flows::organizations::search(self, request)
    }

    fn organizations_members_search(
        &self,
        request: api::organizations_members::SearchRequest,
    ) -> Result<api::organizations_members::SearchResponse, Failure> {
        flows::members::search(self, request)
    }

    fn rbac_organizations_get_org_policy(
        &self,
        request: api::rbac_organizations::GetOrgPolicyRequest,
    ) -> Result<api::rbac_organizations::GetOrgPolicyResponse, Failure> {
        flows::rbac::organizations_get_org_policy(self, request)
    }

    fn rbac_organizations_set_org_policy(
        &self,
        request: api::rbac_organizations::SetOrgPolicyRequest,
    ) -> Result<api::rbac_organizations::SetOrgPolicyResponse, Failure> {
        flows::rbac::organizations_set_org_policy(self, request)
    }

    fn organizations_create(
        &self,
        request: api::organizations::CreateRequest,
    ) -> Result<api::organizations::CreateResponse, Failure> {
        flows::organizations::create(self, request)
    }

    fn organizations_update(
        &self,
        request: api::organizations::UpdateRequest,
    ) -> Result<api::organizations::UpdateResponse, Failure> {
        flows::organizations::update(self, request)
    }

    fn organizations_delete(
        &self,
        request: api::organizations::DeleteRequest,
    ) -> Result<api::organizations::DeleteResponse, Failure> {
        flows::organizations::delete(self, request)
    }

    fn organizations_get_metrics(
        &self,
        request: api::organizations::MetricsRequest,
    ) -> Result<api::organizations::MetricsResponse, Failure> {
        flows::organizations::get_metrics(self, request)
    }

    fn organizations_delete_external_id(
        &self,
        request: api::organizations::DeleteExternalIdRequest,
    ) -> Result<api::organizations::DeleteExternalIdResponse, Failure> {
        flows::organizations::delete_external_id(self, request)
    }

    fn organizations_members_create(
        &self,
        request: api::organizations_members::CreateRequest,
    ) -> Result<api::organizations_members::CreateResponse, Failure> {
        flows::members::create(self, request)
    }

    fn organizations_members_get(
        &self,
        request: api::organizations_members::GetRequest,
    ) -> Result<api::organizations_members::GetResponse, Failure> {
        flows::members::get(self, request)
    }

    fn organizations_members_dangerously_get(
        &self,
        request: api::organizations_members::DangerouslyGetRequest,
    ) -> Result<api::organizations_members::GetResponse, Failure> {
        flows::members::dangerously_get(self, request)
    }

    fn organizations_members_update(
        &self,
        request: api::organizations_members::UpdateRequest,
    ) -> Result<api::organizations_members::UpdateResponse, Failure> {
        flows::members::update(self, request)
    }

    fn organizations_members_reactivate(
        &self,
        request: api::organizations_members::ReactivateRequest,
    ) -> Result<api::organizations_members::ReactivateResponse, Failure> {
        flows::members::reactivate(self, request)
    }

    fn organizations_members_delete_mfa_phone_number(
        &self,
        request: api::organizations_members::DeleteMFAPhoneNumberRequest,
    ) -> Result<api::organizations_members::DeleteMFAPhoneNumberResponse, Failure> {
        flows::members::delete_mfa_phone_number(self, request)
    }

    fn organizations_members_delete_totp(
        &self,
        request: api::organizations_members::DeleteTOTPRequest,
    ) -> Result<api::organizations_members::DeleteTOTPResponse, Failure> {
        flows::members::delete_totp(self, request)
    }

    fn organizations_members_passwords_delete(
        &self,
        request: api::organizations_members::DeletePasswordRequest,
    ) -> Result<api::organizations_members::DeletePasswordResponse, Failure> {
        flows::members::passwords_delete(self, request)
    }

    fn organizations_members_unlink_retired_email(
        &self,
        request: api::organizations_members::UnlinkRetiredEmailRequest,
    ) -> Result<api::organizations_members::UnlinkRetiredEmailResponse, Failure> {
        flows::members::unlink_retired_email(self, request)
    }

    fn organizations_members_start_email_update(
        &self,
        request: api::organizations_members::StartEmailUpdateRequest,
    ) -> Result<api::organizations_members::StartEmailUpdateResponse, Failure> {
        flows::members::start_email_update(self, request)
    }

    fn organizations_members_delete_external_id(
        &self,
        request: api::organizations_members::DeleteExternalIdRequest,
    ) -> Result<api::organizations_members::DeleteExternalIdResponse, Failure> {
        flows::members::delete_external_id(self, request)
    }

    fn magic_links_authenticate(
        &self,
        request: api::magic::AuthenticateRequest,
    ) -> Result<api::magic::AuthenticateResponse, Failure> {
        flows::magic_links::authenticate(self, request)
    }

    fn magic_links_email_login_or_signup(
        &self,
        request: api::magic_links_email::LoginOrSignupRequest,
    ) -> Result<api::magic_links_email::LoginOrSignupResponse, Failure> {
        flows::magic_links::email_login_or_signup(self, request)
    }

    fn magic_links_email_invite(
        &self,
        request: api::magic_links_email::InviteRequest,
    ) -> Result<api::magic_links_email::InviteResponse, Failure> {
        flows::magic_links::email_invite(self, request)
    }

    fn magic_links_email_discovery_send(
        &self,
        request: api::magic_links_email_discovery::SendRequest,
    ) -> Result<api::magic_links_email_discovery::SendResponse, Failure> {
        flows::magic_links::email_discovery_send(self, request)
    }

    fn magic_links_discovery_authenticate(
        &self,
        request: api::magic_links_discovery::AuthenticateRequest,
    ) -> Result<api::magic_links_discovery::AuthenticateResponse, Failure> {
        flows::magic_links::discovery_authenticate(self, request)
    }

    fn otps_email_login_or_signup(
        &self,
        request: api::otp_email::LoginOrSignupRequest,
    ) -> Result<api::otp_email::LoginOrSignupResponse, Failure> {
        flows::email_otp::login_or_signup(self, request)
    }

    fn otps_email_authenticate(
        &self,
        request: api::otp_email::AuthenticateRequest,
    ) -> Result<api::otp_email::AuthenticateResponse, Failure> {
        flows::email_otp::authenticate(self, request)
    }

    fn otps_email_discovery_send(
        &self,
        request: api::otp_email_discovery::SendRequest,
    ) -> Result<api::otp_email_discovery::SendResponse, Failure> {
        flows::email_otp::discovery_send(self, request)
    }

    fn otps_email_discovery_authenticate(
        &self,
        request: api::otp_email_discovery::AuthenticateRequest,
    ) -> Result<api::otp_email_discovery::AuthenticateResponse, Failure> {
        flows::email_otp::discovery_authenticate(self, request)
    }

    fn passwords_strength_check(
        &self,
        request: api::password::StrengthCheckRequest,
    ) -> Result<api::password::StrengthCheckResponse, Failure> {
        flows::passwords::strength_check(self, request)
    }

    fn passwords_migrate(
        &self,
        request: api::password::MigrateRequest,
    ) -> Result<api::password::MigrateResponse, Failure> {
        flows::passwords::migrate(self, request)
    }

    fn passwords_authenticate(
        &self,
        request: api::password::AuthenticateRequest,
    ) -> Result<api::password::AuthenticateResponse, Failure> {
        flows::passwords::authenticate(self, request)
    }

    fn passwords_email_reset_start(
        &self,
        request: api::passwords_email::ResetStartRequest,
    ) -> Result<api::passwords_email::ResetStartResponse, Failure> {
        flows::passwords::email_reset_start(self, request)
    }

    fn passwords_email_reset(
        &self,
        request: api::passwords_email::ResetRequest,
    ) -> Result<api::passwords_email::ResetResponse, Failure> {
        flows::passwords::email_reset(self, request)
    }

    fn passwords_email_require_reset(
        &self,
        request: api::passwords_email::RequireResetRequest,
    ) -> Result<api::passwords_email::RequireResetResponse, Failure> {
        flows::passwords::email_require_reset(self, request)
    }

    fn passwords_session_reset(
        &self,
        request: api::passwords_session::ResetRequest,
    ) -> Result<api::passwords_session::ResetResponse, Failure> {
        flows::passwords::session_reset(self, request)
    }

    fn passwords_existing_password_reset(
        &self,
        request: api::passwords_existing_password::ResetRequest,
    ) -> Result<api::passwords_existing_password::ResetResponse, Failure> {
        flows::passwords::existing_password_reset(self, request)
    }

    fn passwords_discovery_authenticate(
        &self,
        request: api::passwords_discovery::AuthenticateRequest,
    ) -> Result<api::passwords_discovery::AuthenticateResponse, Failure> {
        flows::passwords::discovery_authenticate(self, request)
    }

    fn passwords_discovery_email_reset_start(
        &self,
        request: api::passwords_discovery_email::ResetStartRequest,
    ) -> Result<api::passwords_discovery_email::ResetStartResponse, Failure> {
        flows::passwords::discovery_email_reset_start(self, request)
    }

    fn passwords_discovery_email_reset(
        &self,
        request: api::passwords_discovery_email::ResetRequest,
    ) -> Result<api::passwords_discovery_email::ResetResponse, Failure> {
        flows::passwords::discovery_email_reset(self, request)
    }

    fn discovery_intermediate_sessions_exchange(
        &self,
        request: api::discovery_intermediate_sessions::ExchangeRequest,
    ) -> Result<api::discovery_intermediate_sessions::ExchangeResponse, Failure> {
        flows::discovery::intermediate_sessions_exchange(self, request)
    }

    fn discovery_organizations_create(
        &self,
        request: api::discovery_organizations::CreateRequest,
    ) -> Result<api::discovery_organizations::CreateResponse, Failure> {
        flows::discovery::organizations_create(self, request)
    }

    fn discovery_organizations_list(
        &self,
        request: api::discovery::ListRequest,
    ) -> Result<api::discovery::ListResponse, Failure> {
        flows::discovery::organizations_list(self, request)
    }

    fn sessions_get(
        &self,
        request: api::sessions::GetRequest,
    ) -> Result<api::sessions::GetResponse, Failure> {
        flows::sessions::get(self, request)
    }

    fn sessions_exchange(
        &self,
        request: api::sessions::ExchangeRequest,
    ) -> Result<api::sessions::ExchangeResponse, Failure> {
        flows::sessions::exchange(self, request)
    }

    fn sessions_migrate(
        &self,
        request: api::sessions::MigrateRequest,
    ) -> Result<api::sessions::MigrateResponse, Failure> {
        flows::sessions::migrate(self, request)
    }

    fn sessions_attest(
        &self,
        request: api::sessions::AttestRequest,
    ) -> Result<api::sessions::AttestResponse, Failure> {
        flows::sessions::attest(self, request)
    }

    fn sessions_exchange_access_token(
        &self,
        request: api::sessions::ExchangeAccessTokenRequest,
    ) -> Result<api::sessions::ExchangeAccessTokenResponse, Failure> {
        flows::sessions::exchange_access_token(self, request)
    }

    fn totp_create(
        &self,
        request: api::totp::CreateRequest,
    ) -> Result<api::totp::CreateResponse, Failure> {
        flows::totp::create(self, request)
    }

    fn totp_authenticate(
        &self,
        request: api::totp::AuthenticateRequest,
    ) -> Result<api::totp::AuthenticateResponse, Failure> {
        flows::totp::authenticate(self, request)
    }

    fn totp_migrate(
        &self,
        request: api::totp::MigrateRequest,
    ) -> Result<api::totp::MigrateResponse, Failure> {
        flows::totp::migrate(self, request)
    }

    fn recovery_codes_recover(
        &self,
        request: api::recovery_codes::RecoverRequest,
    ) -> Result<api::recovery_codes::RecoverResponse, Failure> {
        flows::recovery_codes::recover(self, request)
    }

    fn recovery_codes_get(
        &self,
        request: api::recovery_codes::GetRequest,
    ) -> Result<api::recovery_codes::GetResponse, Failure> {
        flows::recovery_codes::get(self, request)
    }

    fn recovery_codes_rotate(
        &self,
        request: api::recovery_codes::RotateRequest,
    ) -> Result<api::recovery_codes::RotateResponse, Failure> {
        flows::recovery_codes::rotate(self, request)
    }

    fn sso_connections_list(
        &self,
        request: api::sso::GetConnectionsRequest,
    ) -> Result<api::sso::GetConnectionsResponse, Failure> {
        flows::sso::connections_list(self, request)
    }

    fn sso_connections_delete(
        &self,
        request: api::sso::DeleteConnectionRequest,
    ) -> Result<api::sso::DeleteConnectionResponse, Failure> {
        flows::sso::connections_delete(self, request)
    }

    fn sso_authenticate(
        &self,
        request: api::sso::AuthenticateRequest,
    ) -> Result<api::sso::AuthenticateResponse, Failure> {
        flows::sso::authenticate(self, request)
    }

    fn sso_oidc_connections_create(
        &self,
        request: api::sso_oidc::CreateConnectionRequest,
    ) -> Result<api::sso_oidc::CreateConnectionResponse, Failure> {
        flows::sso::oidc_connections_create(self, request)
    }

    fn sso_oidc_connections_update(
        &self,
        request: api::sso_oidc::UpdateConnectionRequest,
    ) -> Result<api::sso_oidc::UpdateConnectionResponse, Failure> {
        flows::sso::oidc_connections_update(self, request)
    }

    fn sso_saml_connections_create(
        &self,
        request: api::sso_saml::CreateConnectionRequest,
    ) -> Result<api::sso_saml::CreateConnectionResponse, Failure> {
        flows::sso::saml_connections_create(self, request)
    }

    fn sso_saml_connections_update(
        &self,
        request: api::sso_saml::UpdateConnectionRequest,
    ) -> Result<api::sso_saml::UpdateConnectionResponse, Failure> {
        flows::sso::saml_connections_update(self, request)
    }

    fn sso_saml_connections_update_by_url(
        &self,
        request: api::sso_saml::UpdateByURLRequest,
    ) -> Result<api::sso_saml::UpdateByURLResponse, Failure> {
        flows::sso::saml_connections_update_by_url(self, request)
    }

    fn sso_saml_connections_verification_certificates_delete(
        &self,
        request: api::sso_saml::DeleteVerificationCertificateRequest,
    ) -> Result<api::sso_saml::DeleteVerificationCertificateResponse, Failure> {
        flows::sso::saml_connections_verification_certificates_delete(self, request)
    }

    fn sso_saml_connections_encryption_private_keys_delete(
        &self,
        request: api::sso_saml::DeleteEncryptionPrivateKeyRequest,
    ) -> Result<api::sso_saml::DeleteEncryptionPrivateKeyResponse, Failure> {
        flows::sso::saml_connections_encryption_private_keys_delete(self, request)
    }

    fn sso_external_connections_create(
        &self,
        request: api::sso_external::CreateConnectionRequest,
    ) -> Result<api::sso_external::CreateConnectionResponse, Failure> {
        flows::sso::external_connections_create(self, request)
    }

    fn sso_external_connections_update(
        &self,
        request: api::sso_external::UpdateConnectionRequest,
    ) -> Result<api::sso_external::UpdateConnectionResponse, Failure> {
        flows::sso::external_connections_update(self, request)
    }

    fn organizations_members_get_oidc_providers(
        &self,
        request: api::organizations_members::OIDCProvidersRequest,
    ) -> Result<api::organizations_members::OIDCProvidersResponse, Failure> {
        flows::sso::member_oidc_providers(self, request)
    }

    fn oauth_authenticate(
        &self,
        request: api::oauth::AuthenticateRequest,
    ) -> Result<api::oauth::AuthenticateResponse, Failure> {
        flows::oauth::authenticate(self, request)
    }

    fn oauth_discovery_authenticate(
        &self,
        request: api::oauth_discovery::AuthenticateRequest,
    ) -> Result<api::oauth_discovery::AuthenticateResponse, Failure> {
        flows::oauth::discovery_authenticate(self, request)
    }

    fn organizations_members_oauth_providers_get_google(
        &self,
        request: api::organizations_members_oauth_providers::GoogleRequest,
    ) -> Result<api::organizations_members_oauth_providers::GoogleResponse, Failure> {
        flows::oauth::provider_google(self, request)
    }

    fn organizations_members_oauth_providers_get_microsoft(
        &self,
        request: api::organizations_members_oauth_providers::MicrosoftRequest,
    ) -> Result<api::organizations_members_oauth_providers::MicrosoftResponse, Failure> {
        flows::oauth::provider_microsoft(self, request)
    }

    fn organizations_members_oauth_providers_get_slack(
        &self,
        request: api::organizations_members_oauth_providers::SlackRequest,
    ) -> Result<api::organizations_members_oauth_providers::SlackResponse, Failure> {
        flows::oauth::provider_slack(self, request)
    }

    fn organizations_members_oauth_providers_get_hubspot(
        &self,
        request: api::organizations_members_oauth_providers::HubspotRequest,
    ) -> Result<api::organizations_members_oauth_providers::HubspotResponse, Failure> {
        flows::oauth::provider_hubspot(self, request)
    }

    fn organizations_members_oauth_providers_get_github(
        &self,
        request: api::organizations_members_oauth_providers::GithubRequest,
    ) -> Result<api::organizations_members_oauth_providers::GithubResponse, Failure> {
        flows::oauth::provider_github(self, request)
    }

    fn scim_connection_create(
        &self,
        request: api::scim_connection::CreateRequest,
    ) -> Result<api::scim_connection::CreateResponse, Failure> {
        flows::scim::create(self, request)
    }

    fn scim_connection_get(
        &self,
        request: api::scim_connection::GetRequest,
    ) -> Result<api::scim_connection::GetResponse, Failure> {
        flows::scim::get(self, request)
    }

    fn scim_connection_update(
        &self,
        request: api::scim_connection::UpdateRequest,
    ) -> Result<api::scim_connection::UpdateResponse, Failure> {
        flows::scim::update(self, request)
    }

    fn scim_connection_delete(
        &self,
        request: api::scim_connection::DeleteRequest,
    ) -> Result<api::scim_connection::DeleteResponse, Failure> {
        flows::scim::delete(self, request)
    }

    fn scim_connection_get_groups(
        &self,
        request: api::scim_connection::GetGroupsRequest,
    ) -> Result<api::scim_connection::GetGroupsResponse, Failure> {
        flows::scim::get_groups(self, request)
    }

    fn scim_connection_rotate_start(
        &self,
        request: api::scim_connection::RotateStartRequest,
    ) -> Result<api::scim_connection::RotateStartResponse, Failure> {
        flows::scim::rotate_start(self, request)
    }

    fn scim_connection_rotate_complete(
        &self,
        request: api::scim_connection::RotateCompleteRequest,
    ) -> Result<api::scim_connection::RotateCompleteResponse, Failure> {
        flows::scim::rotate_complete(self, request)
    }

    fn scim_connection_rotate_cancel(
        &self,
        request: api::scim_connection::RotateCancelRequest,
    ) -> Result<api::scim_connection::RotateCancelResponse, Failure> {
        flows::scim::rotate_cancel(self, request)
    }

    fn impersonation_authenticate(
        &self,
        request: api::impersonation::AuthenticateRequest,
    ) -> Result<api::impersonation::AuthenticateResponse, Failure> {
        flows::impersonation::authenticate(self, request)
    }

    fn organizations_connected_apps_list(
        &self,
        request: api::organizations::ConnectedAppsRequest,
    ) -> Result<api::organizations::ConnectedAppsResponse, Failure> {
        flows::connected_apps::list(self, request)
    }

    fn organizations_connected_apps_get(
        &self,
        request: api::organizations::GetConnectedAppRequest,
    ) -> Result<api::organizations::GetConnectedAppResponse, Failure> {
        flows::connected_apps::get(self, request)
    }

    fn organizations_members_connected_apps_list(
        &self,
        request: api::organizations_members::GetConnectedAppsRequest,
    ) -> Result<api::organizations_members::GetConnectedAppsResponse, Failure> {
        flows::connected_apps::member_list(self, request)
    }

    fn organizations_members_connected_apps_revoke(
        &self,
        request: api::organizations_members_connected_apps::RevokeRequest,
    ) -> Result<api::organizations_members_connected_apps::RevokeResponse, Failure> {
        flows::connected_apps::member_revoke(self, request)
    }

    fn idp_oauth_authorize_start(
        &self,
        request: api::idp_oauth::AuthorizeStartRequest,
    ) -> Result<api::idp_oauth::AuthorizeStartResponse, Failure> {
        flows::idp::authorize_start(self, request)
    }

    fn idp_oauth_authorize(
        &self,
        request: api::idp_oauth::AuthorizeRequest,
    ) -> Result<api::idp_oauth::AuthorizeResponse, Failure> {
        flows::idp::authorize(self, request)
    }
}
