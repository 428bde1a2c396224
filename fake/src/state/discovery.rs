//! Discovery: the organizations an email address can log in to (`discovered_organizations`,
//! `discovery.organizations.list`), found through an index of members by email address.
//!
//! An organization is listed when the address is an active, invited or pending member there,
//! or (from an intermediate session only) when it may join by email domain: the organization
//! provisions that domain just in time and already has another member with a verified email
//! address at it (Stytch's anti-phishing rule).

use super::*;

/// What a login has proven so far, to judge what each discovered organization still needs.
pub(crate) struct Proof<'a> {
    /// The primary auth methods proven (`magic_link`, `email_otp`, …).
    pub(crate) methods: Vec<&'a str>,
    /// The factors proven, when known (an intermediate session's or a session's).
    pub(crate) factors: &'a [AuthenticationFactor],
    /// The member whose session or intermediate session it is; empty for a discovery one.
    pub(crate) member_id: &'a str,
}

impl<'a> Proof<'a> {
    /// A proof of these factors, by `member_id` (empty for a discovery login).
    pub(crate) fn of(factors: &'a [AuthenticationFactor], member_id: &'a str) -> Proof<'a> {
        Proof {
            methods: factors.iter().filter_map(auth_method_of).collect(),
            factors,
            member_id,
        }
    }
}

impl State {
    /// The live members with this email address (any case), in every organization, through
    /// the directory's index.
    pub(crate) fn members_with_email(&self, email_address: &str) -> Vec<Member> {
        // The directory's membership index holds live members only.
        self.memberships_of_email(email_address)
    }

    /// The organizations (ids) among `candidates` with an active member whose verified email
    /// address is at `domain`: a pass over those organizations' members only.
    fn orgs_with_verified_domain(
        &self,
        candidates: &HashSet<String>,
        domain: &str,
    ) -> HashSet<String> {
        candidates
            .iter()
            .filter(|id| {
                self.members_of(std::iter::once(*id)).into_iter().any(|m| {
                    m.email_address_verified
                        && m.status == "active"
                        && email_domain(&m.email_address) == domain
                })
            })
            .cloned()
            .collect()
    }

    /// Whether an organization would provision `email_address` by its domain, or why not
    /// (`email_jit_provisioning_not_allowed`, `invalid_email_for_jit_provisioning`).
    pub(crate) fn jit_eligibility(
        &self,
        organization: &Organization,
        email_address: &str,
    ) -> Result<(), FakeError> {
        if organization.email_jit_provisioning != RESTRICTED_SETTING {
            return Err(FakeError::new(
                400,
                "email_jit_provisioning_not_allowed",
                format!(
                    "Organization {} does not provision new Members by email domain.",
                    organization.organization_id
                ),
            ));
        }
        let domain = email_domain(email_address);
        let candidates = HashSet::from([organization.organization_id.clone()]);
        if !jit_allows(organization, &domain)
            || self
                .orgs_with_verified_domain(&candidates, &domain)
                .is_empty()
        {
            return Err(FakeError::new(
                400,
                "invalid_email_for_jit_provisioning",
                format!(
                    "The email domain {domain:?} is not among the allowed domains of Organization {} \
                     (or no other Member has a verified email address at it).",
                    organization.organization_id
                ),
            ));
        }
        Ok(())
    }

    /// The organizations `email_address` can log in to with `proof`, as discovery answers
    /// list them (`discovered_organizations`), by organization id. `eligible` adds those it
    /// may join by email domain (an intermediate session does; a session does not).
    pub(crate) fn discover(
        &self,
        email_address: &str,
        proof: &Proof<'_>,
        eligible: bool,
    ) -> Vec<Value> {
        let domain = email_domain(email_address);
        let members = self.members_with_email(email_address);
        let mut found: Vec<(&Organization, Option<&Member>)> = members
            .iter()
            .filter_map(|m| {
                self.organizations
                    .get(&m.organization_id)
                    .map(|o| (&**o, Some(m)))
            })
            .collect();
        if eligible {
            let member_of: HashSet<&str> =
                members.iter().map(|m| m.organization_id.as_str()).collect();
            let candidates: HashSet<String> = self
                .organizations
                .values()
                .filter(|o| !member_of.contains(o.organization_id.as_str()))
                .filter(|o| jit_allows(o, &domain))
                .map(|o| o.organization_id.clone())
                .collect();
            for id in self.orgs_with_verified_domain(&candidates, &domain) {
                if let Some(o) = self.organizations.get(&id) {
                    found.push((o, None));
                }
            }
        }
        found.sort_by(|a, b| a.0.organization_id.cmp(&b.0.organization_id));
        found
            .into_iter()
            .map(|(organization, member)| self.discovered(organization, member, &domain, proof))
            .collect()
    }

    /// One `discovered_organizations` entry: the membership and what the login still needs
    /// there (`primary_required`, `mfa_required`; no SMS is sent by discovery).
    fn discovered(
        &self,
        organization: &Organization,
        member: Option<&Member>,
        domain: &str,
        proof: &Proof<'_>,
    ) -> Value {
        let membership = match member {
            Some(m) => {
                json!({"type": format!("{}_member", m.status), "details": null, "member": m})
            }
            None => json!({
                "type": "eligible_to_join_by_email_domain",
                "details": {"domain": domain},
                "member": null,
            }),
        };
        let own =
            member.is_some_and(|m| !proof.member_id.is_empty() && m.member_id == proof.member_id);
        let allowed = proof.methods.iter().any(|method| {
            (own || proof.member_id.is_empty() || carries(method))
                && Self::auth_method_allowed(organization, method)
        });
        let mfa_due = match member {
            Some(m) => Self::mfa_due(organization, m),
            None => organization.mfa_policy == MfaPolicy::RequiredForAll.as_str(),
        };
        let mfa_done = member.is_some_and(|m| {
            if own {
                has_mfa_factor(proof.factors)
            } else {
                proof.factors.iter().any(|f| sms_carries(f, m))
            }
        });
        let mfa = mfa_due && !mfa_done;
        json!({
            "organization": organization,
            "membership": membership,
            "member_authenticated": allowed && !mfa,
            "primary_required": (!allowed).then(|| json!({
                "allowed_auth_methods": organization.allowed_auth_methods,
            })),
            "mfa_required": (allowed && mfa).then(|| json!({
                "member_options": member.and_then(member_options),
                "secondary_auth_initiated": null,
            })),
        })
    }

    /// `discovery.organizations.list`: exactly one of an intermediate session token (all
    /// memberships, those by email domain too, and `organization_id_hint` for an
    /// organization's intermediate session), a session token or a session JWT (active,
    /// invited and pending memberships). Nothing is consumed. Answers the email address, the
    /// organizations and the hint.
    pub(crate) fn discovery_list(
        &self,
        project_id: &str,
        ist: &Option<String>,
        session_token: &Option<String>,
        jwt: Option<Map<String, Value>>,
    ) -> Result<(String, Vec<Value>, Option<String>), FakeError> {
        let now = self.now();
        let count = [
            given(ist).is_some(),
            given(session_token).is_some(),
            jwt.is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        match count {
            0 => {
                return Err(FakeError::new(
                    400,
                    "no_session_arguments",
                    "Pass exactly one of intermediate_session_token, session_token and session_jwt.",
                ));
            }
            1 => {}
            _ => {
                return Err(FakeError::new(
                    400,
                    "too_many_session_arguments",
                    "Pass exactly one of intermediate_session_token, session_token and session_jwt.",
                ));
            }
        }
        if let Some(token) = given(ist) {
            let ist = self.live_intermediate_session(token, now)?;
            let proof = Proof::of(&ist.factors, &ist.member_id);
            let hint = Some(ist.organization_id.clone()).filter(|id| !id.is_empty());
            let found = self.discover(&ist.email_address, &proof, true);
            return Ok((ist.email_address.clone(), found, hint));
        }
        let id = self.session_named(project_id, session_token, jwt.as_ref(), now)?;
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        let email = self
            .members
            .get(&session.member_id)
            .map(|r| r.member.email_address.clone())
            .ok_or_else(session_not_found)?;
        let proof = Proof::of(&session.factors, &session.member_id);
        let found = self.discover(&email, &proof, false);
        Ok((email, found, None))
    }

    /// The live intermediate session of `token`, or `intermediate_session_not_found`.
    pub(crate) fn live_intermediate_session(
        &self,
        token: &str,
        now: Timestamp,
    ) -> Result<&IntermediateSession, FakeError> {
        self.intermediate_sessions
            .get(token)
            .filter(|i| i.expires_at > now)
            .ok_or_else(intermediate_session_not_found)
    }
}

/// The `email_jit_provisioning` (and `auth_methods`) value that restricts by a list.
pub(crate) const RESTRICTED_SETTING: &str = "RESTRICTED";

/// Whether a primary auth method proven for one member counts for another member of the same
/// email address: email magic links, email passcodes and OAuth do; passwords and SSO do not.
pub(crate) fn carries(method: &str) -> bool {
    matches!(method, "magic_link" | "email_otp") || method.ends_with("_oauth")
}

/// Whether an SMS factor counts as `member`'s second factor: the same phone number, verified
/// for the member.
pub(crate) fn sms_carries(factor: &AuthenticationFactor, member: &Member) -> bool {
    factor.r#type.as_str() == "otp"
        && factor.delivery_method.as_str() == "sms"
        && member.mfa_phone_number_verified
        && factor.phone_number_factor.as_ref().is_some_and(|p| {
            !p.phone_number.is_empty() && p.phone_number == member.mfa_phone_number
        })
}

impl State {
    /// A discovery intermediate session for `email_address` carrying an email magic link
    /// factor, as [`FakeStytch::mint_discovery_intermediate_session_token`](crate::FakeStytch::mint_discovery_intermediate_session_token)
    /// mints it.
    pub(crate) fn mint_discovery_intermediate_session(
        &mut self,
        email_address: &str,
    ) -> Result<String, FakeError> {
        let email = email_address.trim();
        let valid = email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
        if !valid {
            return Err(FakeError::new(
                400,
                "invalid_email",
                format!("Email address {email:?} is invalid."),
            ));
        }
        let id = format!("email-test-{}", uuid());
        let factor = email_factor("magic_link", &id, email, self.now())?;
        Ok(self.discovery_session(email, factor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discovery_factor_counts_where_the_organization_allows_its_method() {
        let mut state = State::default();
        let org = state
            .create_organization(NewOrganization::new("Acme", "acme"))
            .unwrap();
        let member = state
            .create_member(&org.organization_id, NewMember::new("Ada@acme.test"))
            .unwrap();
        if let Some(o) = state.organizations.get_mut(&org.organization_id) {
            o.auth_methods = RESTRICTED_SETTING.into();
            o.allowed_auth_methods = vec!["password".into()];
        }
        let found = state.discovered_organizations("ada@ACME.test", "password");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0]["membership"]["member"]["member_id"],
            member.member_id
        );
        assert_eq!(found[0]["member_authenticated"], true);
        let found = state.discovered_organizations("ada@acme.test", "magic_link");
        assert_eq!(found[0]["member_authenticated"], false);
        assert_eq!(
            found[0]["primary_required"]["allowed_auth_methods"],
            json!(["password"])
        );
        assert!(
            state
                .discovered_organizations("bob@acme.test", "magic_link")
                .is_empty()
        );
    }
}
