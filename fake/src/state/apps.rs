//! Impersonation tokens, connected apps and their grants, and the IdP's authorization codes.

/// What the fake keeps for this concept.
#[derive(Debug, Default)]
pub(crate) struct AppsState {}
