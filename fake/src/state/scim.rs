//! SCIM connections and their bearer-token rotations.

/// What the fake keeps for this concept.
#[derive(Debug, Default)]
pub(crate) struct ScimState {}
