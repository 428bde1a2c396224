//! Sessions from outside the fake's own logins, and listing a member's sessions:
//! `sessions.get`, `sessions.migrate` (an external session the fake's user granted
//! beforehand, as the fake cannot call a UserInfo endpoint) and `sessions.attest` (a trusted
//! auth token of a profile the fake's user granted beforehand, as the fake has no dashboard
//! profiles nor their issuers' keys).

use super::*;
use stytch_b2b_otp_sms::sessions::{AttestRequest, MigrateRequest};

/// A trusted auth token the fake was told about (`sessions.attest`): the member it attests
/// and the id its factor carries.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct TrustedAuthGrant {
    pub(crate) organization_id: String,
    pub(crate) member_id: String,
    pub(crate) token_id: String,
}

impl State {
    /// `sessions.get`: the live sessions of a member (an id or external id) of an
    /// organization (an id, slug or external id), oldest first.
    pub(crate) fn member_sessions(
        &self,
        organization: &str,
        member: &str,
    ) -> Result<Vec<MemberSession>, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        let member = self.member(&member_id).ok_or_else(member_not_found)?;
        let now = self.now();
        let mut live: Vec<&SessionRecord> = self
            .sessions
            .values()
            .filter(|s| s.member_id == member_id && s.expires_at > now)
            .collect();
        live.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
        live.into_iter()
            .map(|s| member_session(s, &organization, &member))
            .collect()
    }

    /// Remembers that the external session token `token` logs in a member (an id or external
    /// id) of an organization (an id, slug or external id), for `sessions.migrate`.
    pub(crate) fn grant_migration(
        &mut self,
        token: &str,
        organization: &str,
        member: &str,
    ) -> Result<(), FakeError> {
        let (organization_id, member_id) = self.grantee(token, organization, member)?;
        self.migration_grants.insert(
            token.to_owned(),
            MigrationGrant {
                organization_id,
                member_id,
            },
        );
        Ok(())
    }

    /// Remembers that `token` of the trusted auth token profile `profile_id` attests a
    /// member (an id or external id) of an organization (an id, slug or external id), for
    /// `sessions.attest`; the profile exists from then on.
    pub(crate) fn grant_trusted_auth_token(
        &mut self,
        profile_id: &str,
        token: &str,
        organization: &str,
        member: &str,
    ) -> Result<(), FakeError> {
        if profile_id.is_empty() {
            return Err(FakeError::new(
                400,
                "invalid_argument",
                "profile_id must not be empty.",
            ));
        }
        let (organization_id, member_id) = self.grantee(token, organization, member)?;
        self.trusted_auth_tokens
            .entry(profile_id.to_owned())
            .or_default()
            .insert(
                token.to_owned(),
                TrustedAuthGrant {
                    organization_id,
                    member_id,
                    token_id: format!("trusted-auth-token-test-{}", uuid()),
                },
            );
        Ok(())
    }

    /// The organization and member ids a grant of `token` names.
    fn grantee(
        &self,
        token: &str,
        organization: &str,
        member: &str,
    ) -> Result<(String, String), FakeError> {
        if token.is_empty() {
            return Err(FakeError::new(
                400,
                "invalid_argument",
                "The granted token must not be empty.",
            ));
        }
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        Ok((organization_id, member_id))
    }

    /// `sessions.migrate`: a member session for the member a granted external session token
    /// names, when it is a member of the request's organization; its factor is `imported`.
    /// No MFA step (the answer has no intermediate session). The grant stays usable.
    pub(crate) fn migrate_session(
        &mut self,
        project_id: &str,
        req: &MigrateRequest,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        let minutes = session_minutes(req.session_duration_minutes)?;
        let claims = merge_claims(Map::new(), req.session_custom_claims.as_ref())?;
        let grant = self
            .migration_grants
            .get(&req.session_token)
            .cloned()
            .ok_or_else(|| {
                FakeError::new(
                    400,
                    "migrate_from_external_unexpected_response",
                    "The external UserInfo endpoint did not accept this session_token (the fake \
                     knows only tokens granted with FakeStytch::grant_migration or POST \
                     /__fake/sessions/migrations).",
                )
            })?;
        let organization_id = self.resolve_organization(&req.organization_id)?;
        let member = self
            .member(&grant.member_id)
            .filter(|m| m.status != "deleted" && grant.organization_id == organization_id)
            .ok_or_else(|| {
                FakeError::new(
                    404,
                    "migrate_from_external_email_does_not_exist",
                    format!(
                        "The external session's email address is not a Member of Organization \
                         {organization_id}; create the Member first."
                    ),
                )
            })?;
        let factor = factor("imported", "imported_auth0", now, None)?;
        let id = self.start_session(
            &organization_id,
            &member.member_id,
            vec![factor],
            minutes,
            claims,
        )?;
        self.session_login(project_id, &id, now)
    }

    /// `sessions.attest`: a granted trusted auth token of a known profile attests its member:
    /// a `trusted_auth_token` factor added to the session given (which must be that
    /// member's; extended by `session_duration_minutes`) or a new session.
    pub(crate) fn attest_session(
        &mut self,
        project_id: &str,
        req: &AttestRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<Login, FakeError> {
        let now = self.now();
        self.count_write(now);
        let minutes = session_minutes(req.session_duration_minutes)?;
        merge_claims(Map::new(), req.session_custom_claims.as_ref())?;
        let grant = self.trusted_grant(req)?;
        let factor = factor(
            "trusted_auth_token",
            "trusted_token_exchange",
            now,
            Some((
                "trusted_auth_token_factor",
                json!({"token_id": grant.token_id}),
            )),
        )?;
        let given_session = given(&req.session_token).is_some() || jwt.is_some();
        let id = if given_session {
            let id = self.session_named(project_id, &req.session_token, jwt.as_ref(), now)?;
            let session = self.sessions.get_mut(&id).ok_or_else(session_not_found)?;
            if session.member_id != grant.member_id {
                return Err(session_member_mismatch());
            }
            session.custom_claims = merge_claims(
                session.custom_claims.clone(),
                req.session_custom_claims.as_ref(),
            )?;
            session.last_accessed_at = now;
            if req.session_duration_minutes.is_some() {
                session.expires_at = now
                    .saturating_add(SignedDuration::from_mins(i64::from(minutes)))
                    .unwrap_or(Timestamp::MAX);
            }
            upsert_factor(&mut session.factors, factor);
            id
        } else {
            let claims = merge_claims(Map::new(), req.session_custom_claims.as_ref())?;
            self.start_session(
                &grant.organization_id,
                &grant.member_id,
                vec![factor],
                minutes,
                claims,
            )?
        };
        self.session_login(project_id, &id, now)
    }

    /// The grant of an attest request's profile and token, checked against its
    /// `organization_id` and the directory.
    fn trusted_grant(&self, req: &AttestRequest) -> Result<TrustedAuthGrant, FakeError> {
        let profile = self
            .trusted_auth_tokens
            .get(&req.profile_id)
            .ok_or_else(|| {
                FakeError::new(
                    404,
                    "trusted_auth_token_profile_not_found",
                    format!(
                        "Trusted auth token profile {:?} could not be found (the fake knows only \
                     profiles granted a token with FakeStytch::grant_trusted_auth_token or POST \
                     /__fake/trusted_auth_tokens).",
                        req.profile_id
                    ),
                )
            })?;
        let grant = profile.get(&req.token).cloned().ok_or_else(|| {
            FakeError::new(
                401,
                "invalid_token",
                "The trusted auth token is not valid for this profile.",
            )
        })?;
        if let Some(organization) = given(&req.organization_id) {
            if self.resolve_organization(organization)? != grant.organization_id {
                return Err(FakeError::new(
                    400,
                    "invalid_organization_id",
                    "The trusted auth token attests a Member of another Organization.",
                ));
            }
        }
        self.member(&grant.member_id)
            .filter(|m| m.status != "deleted")
            .ok_or_else(member_not_found)?;
        Ok(grant)
    }
}
