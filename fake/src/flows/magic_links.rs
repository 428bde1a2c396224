//! Email magic links (`magic_links.*`): login or signup, invites, discovery, and authenticating a token.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

#[allow(unused_imports)]
use super::*;

pub(crate) fn authenticate(
    shared: &Shared,
    request: api::magic::AuthenticateRequest,
) -> Result<api::magic::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "magic_links_authenticate", &request)
}

pub(crate) fn email_login_or_signup(
    shared: &Shared,
    request: api::magic_links_email::LoginOrSignupRequest,
) -> Result<api::magic_links_email::LoginOrSignupResponse, Failure> {
    not_modelled_yet(shared, "magic_links_email_login_or_signup", &request)
}

pub(crate) fn email_invite(
    shared: &Shared,
    request: api::magic_links_email::InviteRequest,
) -> Result<api::magic_links_email::InviteResponse, Failure> {
    not_modelled_yet(shared, "magic_links_email_invite", &request)
}

pub(crate) fn email_discovery_send(
    shared: &Shared,
    request: api::magic_links_email_discovery::SendRequest,
) -> Result<api::magic_links_email_discovery::SendResponse, Failure> {
    not_modelled_yet(shared, "magic_links_email_discovery_send", &request)
}

pub(crate) fn discovery_authenticate(
    shared: &Shared,
    request: api::magic_links_discovery::AuthenticateRequest,
) -> Result<api::magic_links_discovery::AuthenticateResponse, Failure> {
    not_modelled_yet(shared, "magic_links_discovery_authenticate", &request)
}
