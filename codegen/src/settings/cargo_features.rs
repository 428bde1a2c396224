//! The crate's cargo features as its docs' feature table shows them: the data of
//! [`Settings::cargo_features`](super::Settings::cargo_features).

/// One cargo feature as the crate docs' feature table shows it: see
/// [`Settings::cargo_features`](super::Settings::cargo_features).
#[derive(Debug, Clone, Copy)]
pub struct CargoFeature {
    /// The feature's name in the manifest, e.g. `sessions`.
    pub name: &'static str,
    /// Whether `default` turns it on.
    pub default: bool,
    /// Markdown: the hand-written modules it adds, for a feature no operation is behind
    /// (a product feature's modules come from the document); empty for none.
    pub modules: &'static str,
    /// Markdown: the client paths it adds, for a feature no operation is behind; empty for
    /// none.
    pub client: &'static str,
    /// Markdown: what it gives; for a product feature, what it gives beyond its operations
    /// (empty for nothing more).
    pub gives: &'static str,
}

impl CargoFeature {
    /// A feature off by default with no module or client path of its own to name here: a
    /// product feature (its modules and paths come from the document), or one that changes
    /// how the crate works.
    pub const fn opt_in(name: &'static str, gives: &'static str) -> Self {
        CargoFeature {
            name,
            default: false,
            modules: "",
            client: "",
            gives,
        }
    }
}

/// The SDK's cargo features in `Cargo.toml`'s order (a test of the SDK fails when one is
/// missing here), with what the document cannot say about them.
pub(super) const STYTCH_CARGO_FEATURES: &[CargoFeature] = &[
    CargoFeature {
        name: "rustls",
        default: true,
        modules: "",
        client: "",
        gives: "TLS through rustls on the `ring` provider, Mozilla's roots compiled in; \
                `ClientBuilder::platform_verifier` for the system's.",
    },
    CargoFeature::opt_in(
        "native-tls",
        "TLS through the platform's stack (OpenSSL, Secure Transport, SChannel), used when \
         `rustls` is off.",
    ),
    CargoFeature {
        name: "blocking",
        default: false,
        modules: "`blocking`",
        client: "`blocking::Client` (`ClientBuilder::build_blocking`): every path of the async \
                 client",
        gives: "The same API without async, for synchronous programs; paged operations \
                iterate (`BlockingPages`).",
    },
    CargoFeature {
        name: "server",
        default: false,
        modules: "`server`",
        client: "",
        gives: "The server side of the API (a `Service` trait and a router), generated from \
                the same schema: the glue the fake, the crate `stytch-b2b-otp-sms-fake`, is \
                built on.",
    },
    CargoFeature::opt_in(
        "organizations",
        "Typed search queries (`organizations::OrganizationQuery`, \
         `organizations_members::MemberQuery`).",
    ),
    CargoFeature::opt_in("sso", ""),
    CargoFeature::opt_in("passwords", ""),
    CargoFeature::opt_in("scim", ""),
    CargoFeature::opt_in(
        "sessions",
        "Local verification of session JWTs against the project's cached keys \
         (`client.sessions().authenticate_jwt_local(..)`, `sessions::LocalSession`).",
    ),
    CargoFeature::opt_in("otps", "Email OTP; SMS OTP needs no feature."),
    CargoFeature::opt_in("magic-links", ""),
    CargoFeature::opt_in(
        "rbac",
        "With `sessions`, local RBAC authorization of verified sessions \
         (`AuthenticateJwtLocalRequest::authorization_check`) over a per-client policy cache.",
    ),
    CargoFeature::opt_in("recovery-codes", ""),
    CargoFeature::opt_in("totp", ""),
    CargoFeature::opt_in("discovery", ""),
    CargoFeature::opt_in(
        "idp",
        "With `sessions`, local checks of Connected Apps access tokens against the project's \
         cached keys (`client.idp().introspect_token_local(..)`, `idp::AccessTokenClaims`); \
         with `rbac` too, scope authorization against the policy's `scopes` \
         (`client.idp().authorize_scopes_local(..)`).",
    ),
    CargoFeature::opt_in("oauth", ""),
    CargoFeature::opt_in("impersonation", ""),
    CargoFeature::opt_in(
        "exact-numbers",
        "Numbers in free-form JSON (metadata, custom claims, SSO attributes) kept as their \
         exact text (`serde_json/arbitrary_precision`); without it, a number beyond what a \
         64-bit integer or a double holds is rounded to the nearest double.",
    ),
    CargoFeature {
        name: "full",
        default: false,
        modules: "every module above",
        client: "every path above",
        gives: "Every product feature above, with their local checks and pagination (not \
                `blocking`, `server`, `exact-numbers` or a TLS choice).",
    },
];
