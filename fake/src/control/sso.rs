//! The fake SSO identity provider: `POST /__fake/sso/{connection_id}/login` and
//! [`FakeStytch::sso_login`] log an identity-provider user in through a connection and
//! answer the `sso_token` Stytch would hand your redirect URL.

use serde_json::{Map, Value};

use super::{Call, ok};
use crate::reply::{Reply, decode, fail};
use crate::state::Shared;
use crate::state::sso::IdpUser;
use crate::state::sso::login::IdpLogin;
use crate::{FakeError, FakeStytch};

/// A user of the identity provider, as its SAML assertion or OIDC ID token describes them:
/// the input of [`FakeStytch::sso_login`].
///
/// ```
/// use stytch_b2b_otp_sms_fake::SsoUser;
///
/// let user = SsoUser::new("ada@acme.test")
///     .attribute("firstName", "Ada")
///     .group("engineers");
/// # let _ = user;
/// ```
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoUser {
    /// The user's email address (the member it logs in, or provisions just in time).
    pub email_address: String,
    /// The user's id at the identity provider (NameID or `sub`); the email address when
    /// empty.
    #[serde(default)]
    pub subject: String,
    /// The user's attributes; the connection's `attribute_mapping` reads the member's name
    /// (`first_name`, `last_name`, `full_name`) and `groups` from them.
    #[serde(default)]
    pub attributes: Map<String, Value>,
    /// The groups the user is in (matched against the connection's group role assignments).
    #[serde(default)]
    pub groups: Vec<String>,
    /// Where the browser goes back to, as `sso.start`'s `login_redirect_url` would say;
    /// `http://localhost:3000/authenticate` when absent.
    #[serde(default)]
    pub redirect_url: Option<String>,
    /// The PKCE code challenge `sso.start` was given; `sso.authenticate` then needs the
    /// matching `pkce_code_verifier`.
    #[serde(default)]
    pub pkce_code_challenge: Option<String>,
}

impl SsoUser {
    /// A user with this email address and nothing else.
    pub fn new(email_address: impl Into<String>) -> Self {
        SsoUser {
            email_address: email_address.into(),
            ..SsoUser::default()
        }
    }

    /// Sets the user's id at the identity provider.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    /// Adds an attribute.
    pub fn attribute(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.attributes.insert(name.into(), value.into());
        self
    }

    /// Adds a group.
    pub fn group(mut self, group: impl Into<String>) -> Self {
        self.groups.push(group.into());
        self
    }

    /// Sets the redirect URL.
    pub fn redirect_url(mut self, url: impl Into<String>) -> Self {
        self.redirect_url = Some(url.into());
        self
    }

    /// Sets the PKCE code challenge.
    pub fn pkce_code_challenge(mut self, challenge: impl Into<String>) -> Self {
        self.pkce_code_challenge = Some(challenge.into());
        self
    }
}

/// What an identity provider login answers: the token for `sso.authenticate`, and the URL
/// Stytch would redirect the browser to (`…?stytch_token_type=sso&token=…`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SsoLogin {
    /// The one-time token (10 minutes) for `sso.authenticate`.
    pub sso_token: String,
    /// The redirect URL with `stytch_token_type=sso` and `token`.
    pub redirect_url: String,
}

/// Runs an identity provider login under the lock.
fn idp_login(shared: &Shared, connection_id: &str, user: SsoUser) -> Result<SsoLogin, FakeError> {
    let login = IdpLogin {
        user: IdpUser {
            email_address: user.email_address,
            subject: user.subject,
            attributes: user.attributes,
            groups: user.groups,
        },
        redirect_url: user.redirect_url.as_deref(),
        pkce_code_challenge: user.pkce_code_challenge.filter(|c| !c.is_empty()),
    };
    let (sso_token, redirect_url) = shared.lock().sso_idp_login(connection_id, login)?;
    Ok(SsoLogin {
        sso_token,
        redirect_url,
    })
}

/// `POST /__fake/sso/{connection_id}/login`.
pub(super) fn post_sso_login(shared: &Shared, call: &Call<'_>) -> Reply {
    let user: SsoUser = match decode(call.body, "__fake.sso.login") {
        Ok(user) => user,
        Err(reply) => return *reply,
    };
    let connection_id = call.params.first().map(String::as_str).unwrap_or_default();
    match idp_login(shared, connection_id, user) {
        Ok(login) => ok(serde_json::json!({
            "sso_token": login.sso_token,
            "redirect_url": login.redirect_url,
        })),
        Err(e) => fail(e),
    }
}

impl FakeStytch {
    /// Plays the identity provider: logs `user` in through the SSO connection
    /// `connection_id` and answers the `sso_token` (and redirect URL) for
    /// `sso.authenticate`. Also `POST /__fake/sso/{connection_id}/login`.
    ///
    /// # Errors
    ///
    /// `sso_connection_not_found` for an unknown connection; `sso_connection_not_active` for
    /// a connection not fully configured yet (SAML: IdP SSO URL, entity id and certificate;
    /// OIDC: issuer, client id and secret, authorization, token and JWKS URLs);
    /// `invalid_email` and `invalid_redirect_url` for bad input.
    pub fn sso_login(&self, connection_id: &str, user: SsoUser) -> Result<SsoLogin, FakeError> {
        idp_login(&self.shared, connection_id, user)
    }
}
