//! Completing an OAuth login once the provider's token is redeemed: the member (found by
//! email, or provisioned just in time by OAuth tenant or email domain), the member's
//! provider registration and tokens, then the login core ([`State::login`]); and discovery
//! OAuth logins.

use super::oauth::*;
use super::*;

/// The outcome of `oauth.authenticate`: the login, what the provider proved, and the
/// member's tokens at the provider.
#[derive(Debug, Clone)]
pub(crate) struct OAuthLogin {
    pub(crate) login: Login,
    pub(crate) grant: OAuthGrant,
    pub(crate) tokens: ProviderTokens,
}

impl State {
    /// Redeems an organization OAuth token and logs its member in. Checks first, spending
    /// nothing when refused: the token (`oauth_token_not_found`), its PKCE verifier, the
    /// session options, the member or just-in-time provisioning
    /// ([`check_oauth_jit`]), and the intermediate session it joins. With a live member
    /// session of the same member (`session`, an id) in the same organization, the factor
    /// joins that session (as the email logins do) when the organization allows the
    /// provider; another member's session is ignored.
    pub(crate) fn oauth_login(
        &mut self,
        project_id: &str,
        token: &str,
        pkce_code_verifier: Option<&str>,
        session: Option<&str>,
        options: SessionOptions<'_>,
    ) -> Result<OAuthLogin, FakeError> {
        let grant = self.peek_oauth_grant(token, false)?.clone();
        check_pkce(grant.pkce_code_challenge.as_deref(), pkce_code_verifier)?;
        session_minutes(options.duration_minutes)?;
        merge_claims(Map::new(), options.custom_claims)?;
        let organization_id = grant.organization_id.clone().unwrap_or_default();
        let organization = self
            .organization(&organization_id)
            .ok_or_else(organization_not_found)?;
        let existing = self
            .live_member_by_email(&organization_id, &grant.email_address)
            .map(|m| m.member_id.clone());
        let member_id = match existing {
            Some(member_id) => member_id,
            None => {
                check_oauth_jit(&organization, &grant)?;
                if let Some(ist) = options.intermediate_session_token.filter(|t| !t.is_empty()) {
                    self.check_discovery_joinable(ist, &grant.email_address)?;
                }
                self.provision_oauth_member(&organization_id, &grant)?
            }
        };
        self.check_login(&organization_id, &member_id, &options)?;
        let grant = self.take_oauth_grant(token, false)?;
        let tokens = self.record_oauth_registration(&member_id, &grant)?;
        let email_id = self.members.get(&member_id).map(|r| r.email_id.clone());
        let factor = oauth_factor(&grant, email_id.as_deref(), self.now())?;
        let own = session.filter(|id| {
            self.sessions
                .get(*id)
                .is_some_and(|s| s.member_id == member_id && s.organization_id == organization_id)
                && State::auth_method_allowed(&organization, &grant.provider.auth_method())
        });
        let mut login = match own {
            Some(session_id) => self.login_in_session(project_id, session_id, factor, options)?,
            None => self.login(project_id, &organization_id, &member_id, factor, options)?,
        };
        self.settle_joined(&options, &mut login);
        Ok(OAuthLogin {
            login,
            grant,
            tokens,
        })
    }

    /// The id of the live member session a session token or JWT given with a login names
    /// (`session_not_found`, `invalid_session_jwt` otherwise); `None` for an intermediate
    /// session.
    pub(crate) fn live_session_id(
        &self,
        project_id: &str,
        arg: &SessionArg<'_>,
    ) -> Result<Option<String>, FakeError> {
        let now = self.now();
        let session = match arg {
            SessionArg::Intermediate(_) => return Ok(None),
            SessionArg::Token(token) => self
                .session_tokens
                .get(*token)
                .and_then(|id| self.sessions.get(id))
                .filter(|s| s.expires_at > now)
                .ok_or_else(session_not_found)?,
            SessionArg::Jwt(claims) => self.session_of_jwt(project_id, claims, now, false)?,
        };
        Ok(Some(session.id.clone()))
    }

    /// A new member of `organization_id` for the grant's address (pending; the login core
    /// activates them with a verified email).
    fn provision_oauth_member(
        &mut self,
        organization_id: &str,
        grant: &OAuthGrant,
    ) -> Result<String, FakeError> {
        let spec = MemberSpec {
            email_address: grant.email_address.clone(),
            name: grant.full_name.clone(),
            status: "pending".into(),
            ..MemberSpec::default()
        };
        Ok(self.create_member_with(organization_id, spec)?.member_id)
    }

    /// Checks that `token` is a live discovery intermediate session of `email_address`
    /// (`intermediate_session_not_found`, `session_member_mismatch`): the only kind a
    /// member provisioned by this login may join.
    fn check_discovery_joinable(&self, token: &str, email_address: &str) -> Result<(), FakeError> {
        let now = self.now();
        let ist = self
            .intermediate_sessions
            .get(token)
            .filter(|i| i.expires_at > now)
            .ok_or_else(intermediate_session_not_found)?;
        if ist.member_id.is_empty() && ist.email_address.eq_ignore_ascii_case(email_address) {
            return Ok(());
        }
        Err(session_member_mismatch())
    }

    /// Records the member's registration at the grant's provider (`oauth_registrations`,
    /// once per provider subject) and fresh provider tokens; returns the tokens.
    pub(crate) fn record_oauth_registration(
        &mut self,
        member_id: &str,
        grant: &OAuthGrant,
    ) -> Result<ProviderTokens, FakeError> {
        let now = self.now();
        {
            let mut record = self
                .members
                .get_mut(member_id)
                .ok_or_else(member_not_found)?;
            let provider_type = grant.provider.provider_type();
            let known = record.member.oauth_registrations.iter().any(|r| {
                r.provider_type == provider_type && r.provider_subject == grant.provider_subject
            });
            if !known {
                let registration = build(
                    "an OAuth registration",
                    json!({
                        "provider_type": provider_type,
                        "provider_subject": grant.provider_subject,
                        "member_oauth_registration_id":
                            format!("member-oauth-registration-test-{}", uuid()),
                    }),
                )?;
                record.member.oauth_registrations.push(registration);
                record.member.updated_at = Some(rfc3339(now));
            }
        }
        let tokens = ProviderTokens {
            provider_subject: grant.provider_subject.clone(),
            provider_tenant_id: grant.provider_tenant_id.clone(),
            access_token: format!("fake-{}-access-token-{}", grant.provider.as_str(), token()),
            refresh_token: format!("fake-{}-refresh-token-{}", grant.provider.as_str(), token()),
            id_token: format!("fake-{}-id-token-{}", grant.provider.as_str(), token()),
            scopes: default_scopes(grant.provider),
            issued_at: now,
        };
        self.oauth
            .tokens
            .insert((member_id.to_owned(), grant.provider), tokens.clone());
        Ok(tokens)
    }

    /// Redeems a discovery OAuth token: the discovery intermediate session's token, the
    /// organizations the address can log in to with the provider, and what the provider
    /// proved.
    pub(crate) fn oauth_discovery_login(
        &mut self,
        token: &str,
        pkce_code_verifier: Option<&str>,
    ) -> Result<(String, Vec<Value>, OAuthGrant), FakeError> {
        let grant = self.peek_oauth_grant(token, true)?;
        check_pkce(grant.pkce_code_challenge.as_deref(), pkce_code_verifier)?;
        let grant = self.take_oauth_grant(token, true)?;
        let factor = oauth_factor(&grant, None, self.now())?;
        let found =
            self.discovered_organizations(&grant.email_address, &grant.provider.auth_method());
        let ist = self.discovery_session(&grant.email_address, factor);
        Ok((ist, found, grant))
    }

    /// The tokens of a member (an id or external id, in `organization`: an id, slug or
    /// external id) at `provider`; `member_oauth_token_not_found` (404) when the member never
    /// logged in with it.
    pub(crate) fn oauth_provider_tokens(
        &self,
        organization: &str,
        member: &str,
        provider: OAuthProvider,
    ) -> Result<ProviderTokens, FakeError> {
        let organization_id = self.resolve_organization(organization)?;
        let member_id = self.resolve_member(&organization_id, member)?;
        self.oauth
            .tokens
            .get(&(member_id, provider))
            .cloned()
            .ok_or_else(|| {
                FakeError::new(
                    404,
                    "member_oauth_token_not_found",
                    format!(
                        "The Member has no {} OAuth registration: they never logged in with {}.",
                        provider.provider_type(),
                        provider.provider_type()
                    ),
                )
            })
    }
}

/// Whether an organization provisions the grant's person, not yet a member, just in time:
/// by OAuth tenant (`oauth_tenant_jit_provisioning` `RESTRICTED` and the grant's tenant in
/// `allowed_oauth_tenants` under the provider), else by email domain (the email rule:
/// `email_jit_provisioning_not_allowed`, `invalid_email_for_jit_provisioning`).
fn check_oauth_jit(organization: &Organization, grant: &OAuthGrant) -> Result<(), FakeError> {
    let tenant = grant.provider_tenant_id.as_str();
    let by_tenant = organization.oauth_tenant_jit_provisioning == "RESTRICTED"
        && !tenant.is_empty()
        && organization
            .allowed_oauth_tenants
            .get(grant.provider.as_str())
            .and_then(Value::as_array)
            .is_some_and(|tenants| tenants.iter().any(|t| t.as_str() == Some(tenant)));
    if by_tenant {
        return Ok(());
    }
    check_jit_provisioning(organization, &grant.email_address)
}
