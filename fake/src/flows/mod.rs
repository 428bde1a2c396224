//! One module per product family: each function serves one operation of the generated
//! [`Service`](stytch_b2b_otp_sms::server::Service) trait (`crate::service` calls it). A
//! function checks the request, applies the rules the state keeps (`crate::state`) under
//! one short lock, and builds the answer; session JWTs are signed outside the lock.

pub(crate) mod connected_apps;
pub(crate) mod discovery;
pub(crate) mod email_otp;
pub(crate) mod idp;
pub(crate) mod impersonation;
pub(crate) mod magic_links;
pub(crate) mod members;
pub(crate) mod oauth;
pub(crate) mod organizations;
pub(crate) mod passwords;
pub(crate) mod rbac;
pub(crate) mod recovery_codes;
pub(crate) mod scim;
pub(crate) mod sessions;
pub(crate) mod sms;
pub(crate) mod sso;
pub(crate) mod totp;

pub(crate) use serde_json::{Map, Value, json};
use stytch_b2b_otp_sms::server::Failure;

pub(crate) use crate::FakeError;
pub(crate) use crate::search;
pub(crate) use crate::state::*;

/// Refuses a call made on a Member's behalf (`X-Stytch-Member-Session` or
/// `X-Stytch-Member-SessionJWT`): the fake does not check a Member's RBAC permissions.
pub(crate) fn acting_as_backend(
    session: &Option<String>,
    session_jwt: &Option<String>,
) -> Result<(), Failure> {
    if session.is_none() && session_jwt.is_none() {
        return Ok(());
    }
    Err(FakeError::new(
        400,
        "member_session_authorization_not_modelled",
        "The fake does not check a Member's RBAC permissions (X-Stytch-Member-Session headers); \
         call without them, as your backend.",
    )
    .into_failure())
}

/// A 200 answer of `operation`: `fields` with a fresh `request_id` and `status_code`, read as
/// the operation's response type.
pub(crate) fn answer<T: serde::de::DeserializeOwned>(
    operation: &str,
    mut fields: Value,
) -> Result<T, Failure> {
    fields["request_id"] = json!(request_id());
    fields["status_code"] = json!(200);
    build(&format!("{operation} answer"), fields).map_err(FakeError::into_failure)
}

/// A 200 answer of a login `operation`: the login's common fields ([`Login::fields`]) and
/// `extra` (an object), with `session_jwt` signed here, outside the lock, when the login
/// started or extended a session.
pub(crate) fn login_answer<T: serde::de::DeserializeOwned>(
    shared: &Shared,
    operation: &str,
    login: Login,
    extra: Value,
) -> Result<T, Failure> {
    let mut fields = login.fields();
    if let Some(claims) = &login.claims {
        fields["session_jwt"] = json!(shared.sign(claims)?);
    }
    if let (Value::Object(fields), Value::Object(extra)) = (&mut fields, extra) {
        fields.extend(extra);
    }
    answer(operation, fields)
}
