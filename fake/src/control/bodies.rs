//! The bodies the control routes take (each decoded strictly: an unknown field is refused)
//! and the JSON they answer with.

use std::time::Duration;

use serde::Deserialize;

use crate::faults::{Fault, FaultKind};
use crate::limits::{RateLimit, RateLimits};
use crate::state::{Shared, request_id};
use crate::{FakeError, MfaPolicy, NewMember, NewOrganization};

/// `POST /__fake/sessions/migrations`: an external session token `sessions.migrate` accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MigrationGrantRequest {
    pub(super) session_token: String,
    pub(super) organization_id: String,
    pub(super) member_id: String,
}

/// `POST /__fake/trusted_auth_tokens`: a trusted auth token of a profile `sessions.attest`
/// accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TrustedAuthTokenRequest {
    pub(super) profile_id: String,
    pub(super) token: String,
    pub(super) organization_id: String,
    pub(super) member_id: String,
}

/// `POST /__fake/organizations`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewOrganizationRequest {
    pub(super) organization_name: String,
    pub(super) organization_slug: String,
    /// `OPTIONAL` (default) or `REQUIRED_FOR_ALL`.
    #[serde(default)]
    pub(super) mfa_policy: Option<String>,
    #[serde(default)]
    pub(super) external_id: Option<String>,
    #[serde(default)]
    pub(super) email_allowed_domains: Vec<String>,
}

/// `POST /__fake/organizations/{organization_id}/members`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewMemberRequest {
    pub(super) email_address: String,
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) phone_number: Option<String>,
    /// Whether `phone_number` is already verified (an active MFA factor).
    #[serde(default)]
    pub(super) phone_number_verified: bool,
    /// Whether the member has a TOTP registration (an active MFA factor).
    #[serde(default)]
    pub(super) totp_registered: bool,
    #[serde(default)]
    pub(super) external_id: Option<String>,
    /// RBAC roles besides `stytch_member`.
    #[serde(default)]
    pub(super) roles: Vec<String>,
}

impl NewOrganizationRequest {
    pub(super) fn into_new(self) -> Result<NewOrganization, FakeError> {
        let mut new = NewOrganization::new(self.organization_name, self.organization_slug);
        match self.mfa_policy.as_deref() {
            None | Some("OPTIONAL") => {}
            Some("REQUIRED_FOR_ALL") => new = new.mfa_policy(MfaPolicy::RequiredForAll),
            Some(_) => {
                return Err(FakeError::new(
                    400,
                    "invalid_mfa_policy",
                    "mfa_policy must be OPTIONAL or REQUIRED_FOR_ALL",
                ));
            }
        }
        if let Some(id) = self.external_id {
            new = new.external_id(id);
        }
        Ok(new.email_allowed_domains(self.email_allowed_domains))
    }
}

impl NewMemberRequest {
    pub(super) fn into_new(self) -> Result<NewMember, FakeError> {
        let mut new = NewMember::new(self.email_address);
        if let Some(name) = self.name {
            new = new.name(name);
        }
        match (self.phone_number, self.phone_number_verified) {
            (Some(phone), true) => new = new.verified_phone_number(phone),
            (Some(phone), false) => new = new.phone_number(phone),
            (None, true) => {
                return Err(FakeError::new(
                    400,
                    "phone_number_required",
                    "phone_number_verified needs a phone_number",
                ));
            }
            (None, false) => {}
        }
        if self.totp_registered {
            new = new.totp_registered();
        }
        if let Some(id) = self.external_id {
            new = new.external_id(id);
        }
        Ok(new.roles(self.roles))
    }
}

#[derive(Deserialize)]
pub(super) struct MintRequest {
    pub(super) organization_id: String,
    pub(super) member_id: String,
}

#[derive(Deserialize)]
pub(super) struct ClockRequest {
    pub(super) advance_seconds: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RateLimitsRequest {
    #[serde(default)]
    pub(super) per_member: Option<RateLimitSpec>,
    #[serde(default)]
    pub(super) per_phone_number: Option<RateLimitSpec>,
}

#[derive(Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RateLimitSpec {
    pub(super) max: u32,
    pub(super) window_seconds: u64,
}

impl RateLimitSpec {
    /// The limit, its window checked (`field` names it in the error).
    pub(super) fn into_limit(self, field: &str) -> Result<RateLimit, FakeError> {
        let window =
            crate::validate::rate_limit_window(field, Duration::from_secs(self.window_seconds))?;
        Ok(RateLimit::new(self.max, window))
    }
}

impl From<RateLimit> for RateLimitSpec {
    fn from(limit: RateLimit) -> Self {
        RateLimitSpec {
            max: limit.max(),
            window_seconds: limit.window().as_secs(),
        }
    }
}

/// `POST /__fake/faults`: one [`Fault`] as JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FaultRequest {
    pub(super) kind: FaultKindName,
    #[serde(default)]
    pub(super) status: Option<u16>,
    #[serde(default)]
    pub(super) retry_after_seconds: Option<u64>,
    #[serde(default)]
    pub(super) delay_ms: Option<u64>,
    #[serde(default)]
    pub(super) times: Option<u32>,
    #[serde(default)]
    pub(super) operation: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum FaultKindName {
    Status,
    Html,
    Delay,
    Drop,
}

impl FaultRequest {
    pub(super) fn into_fault(self) -> Result<Fault, FakeError> {
        let needs = |what: &str, kind: &str| {
            FakeError::new(
                400,
                "invalid_fault",
                format!("a `{kind}` fault needs `{what}`"),
            )
        };
        let mut fault = match self.kind {
            FaultKindName::Status => {
                let mut fault =
                    Fault::status(self.status.ok_or_else(|| needs("status", "status"))?);
                if let Some(seconds) = self.retry_after_seconds {
                    fault = fault.retry_after(Duration::from_secs(seconds));
                }
                fault
            }
            FaultKindName::Html => Fault::html(self.status.ok_or_else(|| needs("status", "html"))?),
            FaultKindName::Delay => Fault::delay(Duration::from_millis(
                self.delay_ms.ok_or_else(|| needs("delay_ms", "delay"))?,
            )),
            FaultKindName::Drop => Fault::drop_connection(),
        };
        if let Some(times) = self.times {
            fault = fault.times(times);
        }
        if let Some(operation) = self.operation {
            fault = fault.only(operation);
        }
        Ok(fault)
    }
}

/// A fault as `GET /__fake/faults` lists it (the shape `POST` takes).
pub(super) fn fault_json(fault: &Fault) -> serde_json::Value {
    let mut out = match fault.kind() {
        FaultKind::Status {
            status,
            retry_after,
        } => serde_json::json!({
            "kind": "status",
            "status": status,
            "retry_after_seconds": retry_after.map(|d| d.as_secs()),
        }),
        FaultKind::Html { status } => serde_json::json!({"kind": "html", "status": status}),
        FaultKind::Delay(delay) => serde_json::json!({
            "kind": "delay",
            "delay_ms": u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        }),
        FaultKind::DropConnection => serde_json::json!({"kind": "drop"}),
    };
    out["times"] = fault.remaining().into();
    out["operation"] = fault.operation().into();
    out
}

pub(super) fn rate_limits_json(limits: RateLimits) -> serde_json::Value {
    serde_json::json!({
        "status_code": 200,
        "request_id": request_id(),
        "per_member": limits.per_member.map(RateLimitSpec::from),
        "per_phone_number": limits.per_phone_number.map(RateLimitSpec::from),
    })
}

pub(super) fn faults_json(shared: &Shared) -> serde_json::Value {
    let faults: Vec<_> = shared.faults.pending().iter().map(fault_json).collect();
    serde_json::json!({
        "status_code": 200,
        "request_id": request_id(),
        "faults": faults,
    })
}
