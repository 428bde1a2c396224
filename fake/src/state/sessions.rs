//! Member sessions: their tokens and JWTs, `sessions.authenticate` and `sessions.revoke`.

use super::*;

/// Session JWTs are valid for five minutes, whatever the session's lifetime.
pub(crate) const JWT_TTL_SECS: i64 = 5 * 60;
pub(crate) const DEFAULT_SESSION_MINUTES: i32 = 60;
pub(crate) const SESSION_MINUTES: std::ops::RangeInclusive<i32> = 5..=527_040;
/// Largest serialized size of a session's custom claims.
pub(crate) const MAX_CUSTOM_CLAIMS_BYTES: usize = 4096;
pub(crate) const RESERVED_CLAIMS: &[&str] = &["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
pub(crate) const STYTCH_CLAIM_PREFIX: &str = "https://stytch.com/";
pub(crate) const SESSION_CLAIM: &str = "https://stytch.com/session";
pub(crate) const ORGANIZATION_CLAIM: &str = "https://stytch.com/organization";
pub(crate) const DEFAULT_ROLE: &str = "stytch_member";

impl State {
    /// The member session a verified JWT names, after checking its claims on the fake clock.
    pub(crate) fn session_of_jwt(
        &self,
        project_id: &str,
        claims: &Map<String, Value>,
        now: Timestamp,
        allow_expired: bool,
    ) -> Result<&SessionRecord, FakeError> {
        let claim = |name: &str| claims.get(name);
        let invalid = |what: String| invalid_session_jwt(Invalid::Claim(what));
        if claim("iss").and_then(Value::as_str) != Some(&format!("stytch.com/{project_id}")) {
            return Err(invalid("iss is not this project's issuer".into()));
        }
        let audience = claim("aud").and_then(Value::as_array);
        if !audience.is_some_and(|aud| aud.iter().any(|a| a == project_id)) {
            return Err(invalid("aud does not contain this project id".into()));
        }
        let seconds = |name: &str| match claim(name) {
            None => Err(invalid(format!("{name} is missing"))),
            Some(value) => value
                .as_i64()
                .ok_or_else(|| invalid(format!("{name} is not a number of seconds"))),
        };
        let (nbf, exp) = (seconds("nbf")?, seconds("exp")?);
        if now.as_second() < nbf {
            return Err(invalid(format!("not valid before {nbf} (nbf)")));
        }
        if now.as_second() >= exp && !allow_expired {
            return Err(FakeError::new(
                401,
                "session_jwt_expired",
                format!(
                    "The session_jwt expired at {exp} (exp); authenticate with the session_token, or a fresh JWT."
                ),
            ));
        }
        let id = claim(SESSION_CLAIM)
            .and_then(|s| s.get("id"))
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(format!("{SESSION_CLAIM} has no id")))?;
        self.sessions
            .get(id)
            .filter(|s| s.expires_at > now)
            .filter(|s| claim("sub").and_then(Value::as_str) == Some(s.member_id.as_str()))
            .ok_or_else(session_not_found)
    }

    /// Checks that a session argument exists, is live and belongs to the member.
    pub(crate) fn resolve_session_arg(
        &self,
        project_id: &str,
        arg: &SessionArg<'_>,
        organization_id: &str,
        member_id: &str,
        now: Timestamp,
    ) -> Result<Resolved, FakeError> {
        let (owner, resolved) = match arg {
            SessionArg::Intermediate(t) => {
                let ist = self
                    .intermediate_sessions
                    .get(*t)
                    .filter(|i| i.expires_at > now)
                    .ok_or_else(|| {
                        FakeError::new(
                            404,
                            "intermediate_session_not_found",
                            "Intermediate session could not be found (unknown, already used or expired).",
                        )
                    })?;
                (
                    (&ist.organization_id, &ist.member_id),
                    Resolved::Intermediate((*t).to_owned()),
                )
            }
            SessionArg::Token(t) => {
                let session = self
                    .session_tokens
                    .get(*t)
                    .and_then(|id| self.sessions.get(id))
                    .filter(|s| s.expires_at > now)
                    .ok_or_else(session_not_found)?;
                (
                    (&session.organization_id, &session.member_id),
                    Resolved::Session(session.id.clone()),
                )
            }
            SessionArg::Jwt(claims) => {
                let session = self.session_of_jwt(project_id, claims, now, false)?;
                (
                    (&session.organization_id, &session.member_id),
                    Resolved::Session(session.id.clone()),
                )
            }
        };
        if owner.0 != organization_id || owner.1 != member_id {
            return Err(session_member_mismatch());
        }
        Ok(resolved)
    }

    /// Authenticates a passcode. Returns the response without its `session_jwt` and the
    /// claims to sign into it (the caller signs outside the lock).
    /// The session a `session_token` or a verified `session_jwt` names (exactly one). A JWT
    /// past its `exp` still names its session while the session lives, as Stytch's
    /// `sessions.authenticate` accepts it: that is what a local verification falls back to.
    pub(crate) fn session_named(
        &self,
        project_id: &str,
        session_token: &Option<String>,
        jwt: Option<&Map<String, Value>>,
        now: Timestamp,
    ) -> Result<String, FakeError> {
        match (given(session_token), jwt) {
            (Some(_), Some(_)) => Err(FakeError::new(
                400,
                "too_many_session_arguments",
                "Pass exactly one of session_token and session_jwt.",
            )),
            (None, None) => Err(FakeError::new(
                400,
                "no_session_arguments",
                "Pass exactly one of session_token and session_jwt.",
            )),
            (Some(token), None) => self
                .session_tokens
                .get(token)
                .and_then(|id| self.sessions.get(id))
                .filter(|s| s.expires_at > now)
                .map(|s| s.id.clone())
                .ok_or_else(session_not_found),
            (None, Some(claims)) => self
                .session_of_jwt(project_id, claims, now, true)
                .map(|s| s.id.clone()),
        }
    }

    /// `sessions.authenticate`: the named session, extended to `session_duration_minutes`
    /// from now when given, its custom claims merged with `session_custom_claims`, and a
    /// fresh JWT (signed by the caller).
    pub(crate) fn authenticate_session(
        &mut self,
        project_id: &str,
        req: SessionAuthenticateRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<(SessionAuthenticateResponse, Value), FakeError> {
        let now = self.now();
        self.count_write(now);
        let id = self.session_named(project_id, &req.session_token, jwt.as_ref(), now)?;
        let expires_at = match req.session_duration_minutes {
            None => None,
            Some(minutes) if SESSION_MINUTES.contains(&minutes) => {
                Some(now + SignedDuration::from_mins(i64::from(minutes)))
            }
            Some(minutes) => {
                return Err(FakeError::new(
                    400,
                    "invalid_session_duration_minutes",
                    format!(
                        "session_duration_minutes must be between {} and {} (got {minutes}).",
                        SESSION_MINUTES.start(),
                        SESSION_MINUTES.end()
                    ),
                ));
            }
        };
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        let custom_claims = merge_claims(
            session.custom_claims.clone(),
            req.session_custom_claims.as_ref(),
        )?;
        let session = self.sessions.get_mut(&id).ok_or_else(session_not_found)?;
        session.last_accessed_at = now;
        if let Some(expires_at) = expires_at.filter(|_| !apps::is_impersonated(&session.factors)) {
            session.expires_at = expires_at;
        }
        session.custom_claims = custom_claims;
        let session = self.sessions.get(&id).ok_or_else(session_not_found)?;
        let organization = self
            .organization(&session.organization_id)
            .ok_or_else(session_not_found)?;
        let member = self
            .member(&session.member_id)
            .ok_or_else(session_not_found)?;
        let member_session = member_session(session, &organization, &member)?;
        let verdict = match &req.authorization_check {
            Some(check) => Some(self.authorize(&member_session, check)?),
            None => None,
        };
        let claims = jwt_claims(project_id, &member_session, now);

        let mut response = SessionAuthenticateResponse::default();
        response.verdict = verdict;
        response.request_id = request_id();
        response.member_session = member_session;
        response.session_token = session.token.clone();
        response.member = member;
        response.organization = organization;
        response.status_code = 200;
        Ok((response, claims))
    }

    /// `sessions.revoke`: ends the session named by its id, token or JWT (an expired JWT
    /// still names it), or every session of `member_id`; exactly one of the four.
    pub(crate) fn revoke_session(
        &mut self,
        project_id: &str,
        req: RevokeRequest,
        jwt: Option<Map<String, Value>>,
    ) -> Result<RevokeResponse, FakeError> {
        let now = self.now();
        let given_count = [
            given(&req.member_session_id).is_some(),
            given(&req.session_token).is_some(),
            jwt.is_some(),
            given(&req.member_id).is_some(),
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given_count != 1 {
            return Err(FakeError::new(
                400,
                "invalid_revoke_arguments",
                "Pass exactly one of member_session_id, session_token, session_jwt and member_id.",
            ));
        }
        let ids: Vec<String> = if let Some(id) = given(&req.member_session_id) {
            vec![
                self.sessions
                    .get(id)
                    .filter(|s| s.expires_at > now)
                    .map(|s| s.id.clone())
                    .ok_or_else(session_not_found)?,
            ]
        } else if let Some(member_id) = given(&req.member_id) {
            if !self.members.contains_key(member_id) {
                return Err(member_not_found());
            }
            self.sessions
                .values()
                .filter(|s| s.member_id == member_id)
                .map(|s| s.id.clone())
                .collect()
        } else {
            vec![self.session_named(project_id, &req.session_token, jwt.as_ref(), now)?]
        };
        for id in ids {
            if let Some(session) = self.sessions.remove(&id) {
                self.session_tokens.remove(&session.token);
            }
        }
        let mut response = RevokeResponse::default();
        response.request_id = request_id();
        response.status_code = 200;
        Ok(response)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct SessionRecord {
    pub(crate) id: String,
    pub(crate) organization_id: String,
    pub(crate) member_id: String,
    pub(crate) token: String,
    pub(crate) started_at: Timestamp,
    pub(crate) last_accessed_at: Timestamp,
    pub(crate) expires_at: Timestamp,
    pub(crate) factors: Vec<AuthenticationFactor>,
    pub(crate) custom_claims: Map<String, Value>,
}

/// The session argument of a request, by kind (a JWT already has a checked signature).
pub(crate) enum SessionArg<'a> {
    Intermediate(&'a str),
    Token(&'a str),
    Jwt(Map<String, Value>),
}

/// A session argument that was found, is live and belongs to the member.
pub(crate) enum Resolved {
    /// An intermediate session token (the key of `intermediate_sessions`).
    Intermediate(String),
    /// A member session id (the key of `sessions`).
    Session(String),
}

pub(crate) fn session_arg<'a>(
    ist: &'a Option<String>,
    session_token: &'a Option<String>,
    jwt: Option<Map<String, Value>>,
) -> Result<Option<SessionArg<'a>>, FakeError> {
    let mut args: Vec<SessionArg<'a>> = [
        given(ist).map(SessionArg::Intermediate),
        given(session_token).map(SessionArg::Token),
    ]
    .into_iter()
    .flatten()
    .collect();
    args.extend(jwt.map(SessionArg::Jwt));
    if args.len() > 1 {
        return Err(FakeError::new(
            400,
            "too_many_session_arguments",
            "Pass at most one of intermediate_session_token, session_token and session_jwt.",
        ));
    }
    Ok(args.pop())
}

pub(crate) fn session_not_found() -> FakeError {
    FakeError::new(
        404,
        "session_not_found",
        "Session could not be found (unknown, revoked or expired).",
    )
}

pub(crate) fn invalid_session_jwt(why: Invalid) -> FakeError {
    FakeError::new(
        401,
        "invalid_session_jwt",
        format!("The session_jwt is invalid: {why}."),
    )
}

pub(crate) fn session_member_mismatch() -> FakeError {
    FakeError::new(
        400,
        "session_member_mismatch",
        "The session argument belongs to a different Member or Organization than the one in the request.",
    )
}

/// Applies `updates` to `claims`: reserved claims are ignored, `null` deletes a key.
pub(crate) fn merge_claims(
    mut claims: Map<String, Value>,
    updates: Option<&Map<String, Value>>,
) -> Result<Map<String, Value>, FakeError> {
    for (key, value) in updates.into_iter().flatten() {
        if RESERVED_CLAIMS.contains(&key.as_str()) || key.starts_with(STYTCH_CLAIM_PREFIX) {
            continue;
        }
        if value.is_null() {
            claims.remove(key);
        } else {
            claims.insert(key.clone(), value.clone());
        }
    }
    let size = serde_json::to_vec(&claims).map_or(usize::MAX, |v| v.len());
    if size > MAX_CUSTOM_CLAIMS_BYTES {
        return Err(FakeError::new(
            400,
            "session_custom_claims_too_large",
            format!(
                "Custom claims may total at most {MAX_CUSTOM_CLAIMS_BYTES} bytes of JSON (got {size})."
            ),
        ));
    }
    Ok(claims)
}

/// Records `new` in `factors`, replacing the same kind of factor for the same phone.
pub(crate) fn upsert_factor(factors: &mut Vec<AuthenticationFactor>, new: AuthenticationFactor) {
    let same = |f: &AuthenticationFactor| {
        f.r#type == new.r#type
            && f.delivery_method == new.delivery_method
            && f.phone_number_factor.as_ref().map(|p| &p.phone_number)
                == new.phone_number_factor.as_ref().map(|p| &p.phone_number)
    };
    match factors.iter_mut().find(|f| same(f)) {
        Some(existing) => {
            existing.last_authenticated_at = new.last_authenticated_at;
            existing.updated_at = new.updated_at;
        }
        None => factors.push(new),
    }
}

pub(crate) fn member_session(
    session: &SessionRecord,
    organization: &Organization,
    member: &Member,
) -> Result<MemberSession, FakeError> {
    let roles: Vec<&str> = member.roles.iter().map(|r| r.role_id.as_str()).collect();
    build(
        "a member session",
        json!({
            "member_session_id": session.id,
            "member_id": session.member_id,
            "started_at": rfc3339(session.started_at),
            "last_accessed_at": rfc3339(session.last_accessed_at),
            "expires_at": rfc3339(session.expires_at),
            "authentication_factors": session.factors,
            "organization_id": session.organization_id,
            "roles": roles,
            "organization_slug": organization.organization_slug,
            "custom_claims": session.custom_claims,
        }),
    )
}

/// The claims of a session JWT, as Stytch issues them: the registered claims, the session
/// and organization claims, and the session's custom claims at the top level.
pub(crate) fn jwt_claims(project_id: &str, session: &MemberSession, now: Timestamp) -> Value {
    let iat = now.as_second();
    let mut claims = session.custom_claims.clone();
    let standard = json!({
        "aud": [project_id],
        "exp": iat + JWT_TTL_SECS,
        "iat": iat,
        "iss": format!("stytch.com/{project_id}"),
        "nbf": iat,
        "sub": session.member_id,
        SESSION_CLAIM: {
            "id": session.member_session_id,
            "started_at": session.started_at,
            "last_accessed_at": session.last_accessed_at,
            "expires_at": session.expires_at,
            "attributes": {"ip_address": "", "user_agent": ""},
            "authentication_factors": session.authentication_factors,
            "roles": session.roles,
        },
        ORGANIZATION_CLAIM: {
            "organization_id": session.organization_id,
            "slug": session.organization_slug,
        },
    });
    if let Value::Object(standard) = standard {
        claims.extend(standard);
    }
    Value::Object(claims)
}

/// An external session the fake was told about (`sessions.migrate`): its token and the
/// member it logs in.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct MigrationGrant {
    pub(crate) organization_id: String,
    pub(crate) member_id: String,
}
