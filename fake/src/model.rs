//! What a test hands the fake and what it reads back: new organizations and members, the
//! seeded demo data, and the SMS and emails the fake would have sent.

use stytch_b2b_otp_sms::organizations::{Member, Organization};

#[allow(unused_imports)] // The docs link to them.
use crate::{FakeStytch, FakeStytchBuilder};

/// An organization's MFA policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MfaPolicy {
    /// `OPTIONAL`: members choose, through `set_mfa_enrollment`.
    #[default]
    Optional,
    /// `REQUIRED_FOR_ALL`: every member is enrolled on their first SMS authentication.
    RequiredForAll,
}

impl MfaPolicy {
    /// The value as Stytch sends it: `OPTIONAL` or `REQUIRED_FOR_ALL`.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaPolicy::Optional => "OPTIONAL",
            MfaPolicy::RequiredForAll => "REQUIRED_FOR_ALL",
        }
    }
}

/// What [`FakeStytch::create_organization`] needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewOrganization {
    /// Display name, e.g. `Acme Corp`.
    pub name: String,
    /// Unique slug, e.g. `acme-corp`; accepted wherever an `organization_id` is.
    pub slug: String,
    /// MFA policy; default [`MfaPolicy::Optional`].
    pub mfa_policy: MfaPolicy,
    /// Optional unique external id; accepted wherever an `organization_id` is.
    pub external_id: Option<String>,
    /// Email domains whose addresses may join (`email_allowed_domains`); searchable with the
    /// `allowed_domains` filters.
    pub email_allowed_domains: Vec<String>,
}

impl NewOrganization {
    /// An organization with this name and slug, MFA optional.
    pub fn new(name: impl Into<String>, slug: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            slug: slug.into(),
            ..Self::default()
        }
    }

    /// Sets the MFA policy.
    #[must_use]
    pub fn mfa_policy(mut self, policy: MfaPolicy) -> Self {
        self.mfa_policy = policy;
        self
    }

    /// Sets the external id.
    #[must_use]
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Sets the allowed email domains.
    #[must_use]
    pub fn email_allowed_domains<D: Into<String>>(
        mut self,
        domains: impl IntoIterator<Item = D>,
    ) -> Self {
        self.email_allowed_domains = domains.into_iter().map(Into::into).collect();
        self
    }
}

/// What [`FakeStytch::create_member`] needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewMember {
    /// Email address, unique within the organization.
    pub email_address: String,
    /// Display name.
    pub name: String,
    /// MFA phone number in E.164 format, if the member has one already.
    pub phone_number: Option<String>,
    /// Whether that phone number is verified already: an active MFA factor, so that a send
    /// then needs a session argument.
    pub phone_number_verified: bool,
    /// Whether the member has registered an authenticator app (TOTP): an active MFA factor.
    pub totp_registered: bool,
    /// Optional external id, unique within the organization; accepted wherever a
    /// `member_id` is.
    pub external_id: Option<String>,
    /// RBAC roles the member has besides `stytch_member` (which every member has), by role
    /// id: the project's or the organization's. They are in the member's session JWTs.
    pub roles: Vec<String>,
}

impl NewMember {
    /// A member with this email address, no name and no phone.
    pub fn new(email_address: impl Into<String>) -> Self {
        Self {
            email_address: email_address.into(),
            ..Self::default()
        }
    }

    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the MFA phone number (E.164, e.g. `+15555550123`), not yet verified.
    #[must_use]
    pub fn phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.phone_number = Some(phone_number.into());
        self
    }

    /// Sets the MFA phone number, verified already (as after an earlier SMS login).
    #[must_use]
    pub fn verified_phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.phone_number = Some(phone_number.into());
        self.phone_number_verified = true;
        self
    }

    /// Gives the member a TOTP registration (`totp_registration_id`).
    #[must_use]
    pub fn totp_registered(mut self) -> Self {
        self.totp_registered = true;
        self
    }

    /// Sets the external id.
    #[must_use]
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Gives the member these RBAC roles besides `stytch_member`.
    #[must_use]
    pub fn roles<R: Into<String>>(mut self, roles: impl IntoIterator<Item = R>) -> Self {
        self.roles = roles.into_iter().map(Into::into).collect();
        self
    }
}

/// The demo data created by [`FakeStytch::seed`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Seed {
    /// "Acme Corp", slug `acme-corp`, MFA policy `REQUIRED_FOR_ALL`.
    pub organization: Organization,
    /// Ada Lovelace, `ada@acme.test`, phone `+15555550100`.
    pub member_with_phone: Member,
    /// Grace Hopper, `grace@acme.test`, no phone yet.
    pub member_without_phone: Member,
}

/// One SMS the fake would have sent (an entry of the outbox).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct SentSms {
    /// The organization's id.
    pub organization_id: String,
    /// The member's id.
    pub member_id: String,
    /// The number it went to, E.164.
    pub phone_number: String,
    /// The six-digit passcode.
    pub code: String,
    /// The requested locale, `en` when none was given.
    pub locale: String,
    /// When it was sent, RFC 3339 UTC on the fake clock.
    pub sent_at: String,
}

/// One email the fake would have sent (an entry of the email outbox,
/// [`FakeStytch::emails`] and `GET /__fake/emails`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct SentEmail {
    /// The address it went to.
    pub email_address: String,
    /// The organization it is for; `None` for discovery emails, which name none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// What the email is for.
    pub kind: EmailKind,
    /// The magic-link, invite, discovery, password-reset or email-update token its link
    /// carries; `None` for one-time passcodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The one-time passcode it carries; `None` for links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The link Stytch would put in the email: the request's redirect URL (or
    /// `http://localhost:3000/authenticate`) with `stytch_token_type` and `token` added to its
    /// query; `None` for one-time passcodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was sent, RFC 3339 UTC on the fake clock.
    pub sent_at: String,
    /// When its token or code expires, RFC 3339 UTC on the fake clock.
    pub expires_at: String,
}

/// What a [`SentEmail`] is for, as `GET /__fake/emails` names it (`login`, `signup`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EmailKind {
    /// A magic link to log in to an organization the address is a member of.
    Login,
    /// A magic link that creates the member (just-in-time provisioning) when followed.
    Signup,
    /// An invite magic link.
    Invite,
    /// A discovery magic link (no organization).
    Discovery,
    /// A one-time passcode to log in to an organization.
    Otp,
    /// A discovery one-time passcode.
    DiscoveryOtp,
    /// A password reset link for an organization.
    PasswordReset,
    /// A discovery password reset link.
    DiscoveryPasswordReset,
    /// A magic link that confirms a member's new email address.
    EmailUpdate,
}

impl EmailKind {
    /// The name `GET /__fake/emails` gives it, e.g. `discovery_otp`.
    pub fn as_str(self) -> &'static str {
        match self {
            EmailKind::Login => "login",
            EmailKind::Signup => "signup",
            EmailKind::Invite => "invite",
            EmailKind::Discovery => "discovery",
            EmailKind::Otp => "otp",
            EmailKind::DiscoveryOtp => "discovery_otp",
            EmailKind::PasswordReset => "password_reset",
            EmailKind::DiscoveryPasswordReset => "discovery_password_reset",
            EmailKind::EmailUpdate => "email_update",
        }
    }

    /// The `stytch_token_type` its link carries: `multi_tenant_magic_links`, `discovery` or
    /// `multi_tenant_passwords` (one-time passcodes have no link).
    pub(crate) fn token_type(self) -> &'static str {
        match self {
            EmailKind::Discovery | EmailKind::DiscoveryOtp | EmailKind::DiscoveryPasswordReset => {
                "discovery"
            }
            EmailKind::PasswordReset => "multi_tenant_passwords",
            EmailKind::Login
            | EmailKind::Signup
            | EmailKind::Invite
            | EmailKind::Otp
            | EmailKind::EmailUpdate => "multi_tenant_magic_links",
        }
    }
}
