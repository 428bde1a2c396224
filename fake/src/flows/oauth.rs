//! oauth: not modelled yet (answers 501 `operation_not_modelled`).

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::not_modelled;
use crate::state::Shared;

pub(crate) fn authenticate(
    _shared: &Shared,
    _request: api::oauth::AuthenticateRequest,
) -> Result<api::oauth::AuthenticateResponse, Failure> {
    Err(not_modelled("oauth.authenticate"))
}

pub(crate) fn discovery_authenticate(
    _shared: &Shared,
    _request: api::oauth_discovery::AuthenticateRequest,
) -> Result<api::oauth_discovery::AuthenticateResponse, Failure> {
    Err(not_modelled("oauth.discovery.authenticate"))
}

pub(crate) fn provider_google(
    _shared: &Shared,
    _request: api::organizations_members_oauth_providers::GoogleRequest,
) -> Result<api::organizations_members_oauth_providers::GoogleResponse, Failure> {
    Err(not_modelled(
        "organizations.members.oauth_providers.get_google",
    ))
}

pub(crate) fn provider_microsoft(
    _shared: &Shared,
    _request: api::organizations_members_oauth_providers::MicrosoftRequest,
) -> Result<api::organizations_members_oauth_providers::MicrosoftResponse, Failure> {
    Err(not_modelled(
        "organizations.members.oauth_providers.get_microsoft",
    ))
}

pub(crate) fn provider_slack(
    _shared: &Shared,
    _request: api::organizations_members_oauth_providers::SlackRequest,
) -> Result<api::organizations_members_oauth_providers::SlackResponse, Failure> {
    Err(not_modelled(
        "organizations.members.oauth_providers.get_slack",
    ))
}

pub(crate) fn provider_hubspot(
    _shared: &Shared,
    _request: api::organizations_members_oauth_providers::HubspotRequest,
) -> Result<api::organizations_members_oauth_providers::HubspotResponse, Failure> {
    Err(not_modelled(
        "organizations.members.oauth_providers.get_hubspot",
    ))
}

pub(crate) fn provider_github(
    _shared: &Shared,
    _request: api::organizations_members_oauth_providers::GithubRequest,
) -> Result<api::organizations_members_oauth_providers::GithubResponse, Failure> {
    Err(not_modelled(
        "organizations.members.oauth_providers.get_github",
    ))
}
