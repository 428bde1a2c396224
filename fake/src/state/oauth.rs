//! OAuth logins started by the fake providers, and members' provider tokens.

/// What the fake keeps for this concept.
#[derive(Debug, Default)]
pub(crate) struct OAuthState {}
