//! Impersonation (`impersonation.authenticate`): a token minted as Stytch's dashboard would
//! (`POST /__fake/impersonation`, `FakeStytch::impersonate`) logs a support agent in as the
//! member, once, into a 60-minute session that cannot be extended.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::*;

/// Authenticates an impersonation token into a member session whose factor is
/// `impersonated` (with the impersonator's id and email address).
pub(crate) fn authenticate(
    shared: &Shared,
    request: api::impersonation::AuthenticateRequest,
) -> Result<api::impersonation::AuthenticateResponse, Failure> {
    let login = shared
        .lock()
        .impersonate(&shared.project_id, &request.impersonation_token)
        .map_err(FakeError::into_failure)?;
    login_answer(shared, "impersonation.authenticate", login, json!({}))
}
