//! SSO connections (SAML, OIDC, external) and the logins their fake identity provider starts.

/// What the fake keeps for this concept.
#[derive(Debug, Default)]
pub(crate) struct SsoState {}
