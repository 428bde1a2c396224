//! The IdP authorize flow (`idp.oauth.authorize_start`, `idp.oauth.authorize`): a member
//! authorizes a connected app; the grant is recorded and an authorization code answered. The
//! token endpoint that redeems the code is not part of this API.

use stytch_b2b_otp_sms as api;
use stytch_b2b_otp_sms::server::Failure;

use super::*;
use crate::state::apps::idp::AuthorizeArgs;

/// Checks an authorization request; answers the client, the member and whether consent is
/// required, with each scope's result.
pub(crate) fn authorize_start(
    shared: &Shared,
    request: api::idp_oauth::AuthorizeStartRequest,
) -> Result<api::idp_oauth::AuthorizeStartResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let args = AuthorizeArgs {
        client_id: &request.client_id,
        redirect_uri: &request.redirect_uri,
        response_type: &request.response_type,
        scopes: &request.scopes,
        organization_id: request.organization_id.as_deref(),
        member_id: request.member_id.as_deref(),
        session_token: &request.session_token,
        jwt: jwt.as_ref(),
        prompt: request.prompt.as_deref(),
    };
    let fields = shared
        .lock()
        .idp_authorize_start(&shared.project_id, args)
        .map_err(FakeError::into_failure)?;
    answer("idp.oauth.authorize_start", fields)
}

/// Completes an authorization request: the redirect URI with an authorization code (the
/// grant recorded), or with `error=access_denied` when consent was not granted.
pub(crate) fn authorize(
    shared: &Shared,
    request: api::idp_oauth::AuthorizeRequest,
) -> Result<api::idp_oauth::AuthorizeResponse, Failure> {
    let jwt = shared
        .verify_jwt(&request.session_jwt)
        .map_err(FakeError::into_failure)?;
    let args = AuthorizeArgs {
        client_id: &request.client_id,
        redirect_uri: &request.redirect_uri,
        response_type: &request.response_type,
        scopes: &request.scopes,
        organization_id: request.organization_id.as_deref(),
        member_id: request.member_id.as_deref(),
        session_token: &request.session_token,
        jwt: jwt.as_ref(),
        prompt: request.prompt.as_deref(),
    };
    let fields = shared
        .lock()
        .idp_authorize(
            &shared.project_id,
            args,
            request.consent_granted,
            request.state.as_deref(),
        )
        .map_err(FakeError::into_failure)?;
    answer("idp.oauth.authorize", fields)
}
