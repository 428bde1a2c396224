//! The second half of the walk: email logins (magic links, email codes), discovery,
//! passwords, OAuth, connected apps, then the updates and deletes that end the walk.

use serde_json::json;
use stytch_b2b_otp_sms_fake::{FakeStytch, OAuthUser};

use crate::steps::{ADA, REDIRECT, oauth_login, set};
use crate::{Step, Vars, op};

/// Pat's passwords, one per change.
const FIRST: &str = "walk-Every-Operation-1!";
const SECOND: &str = "walk-Every-Operation-2!";
const THIRD: &str = "walk-Every-Operation-3!";

/// The last email's token (or code) to `address`, kept as `name`.
fn from_email(address: &'static str, name: &'static str) -> impl Fn(&FakeStytch, &mut Vars) {
    move |fake, vars| {
        let email = fake.last_email(address).expect("an email");
        let value = email.token.or(email.code).expect("a token or a code");
        set(vars, name, value);
    }
}

/// The second half's steps, in order.
pub fn all() -> Vec<Step> {
    let mut steps = email();
    steps.extend(passwords());
    steps.extend(oauth());
    steps.extend(apps());
    steps.extend(endings());
    steps
}

fn email() -> Vec<Step> {
    let org_ada = json!({"organization_id": "$org", "email_address": ADA});
    vec![
        op(
            "POST /v1/b2b/magic_links/email/login_or_signup",
            org_ada.clone(),
        ),
        op(
            "POST /v1/b2b/magic_links/authenticate",
            json!({"magic_links_token": "$link"}),
        )
        .before(from_email(ADA, "link"))
        .keep("link_session", "/session_token"),
        op(
            "POST /v1/b2b/sessions/exchange",
            json!({"organization_id": "$org2", "session_token": "$link_session"}),
        ),
        op(
            "POST /v1/b2b/magic_links/email/invite",
            json!({"organization_id": "$org", "email_address": "ivy@walk.test"}),
        ),
        op(
            "POST /v1/b2b/magic_links/email/discovery/send",
            json!({"email_address": ADA}),
        ),
        op(
            "POST /v1/b2b/magic_links/discovery/authenticate",
            json!({"discovery_magic_links_token": "$link"}),
        )
        .before(from_email(ADA, "link"))
        .keep("discovery_ist", "/intermediate_session_token"),
        op(
            "POST /v1/b2b/discovery/organizations",
            json!({"intermediate_session_token": "$discovery_ist"}),
        ),
        op(
            "POST /v1/b2b/discovery/intermediate_sessions/exchange",
            json!({
                "intermediate_session_token": "$discovery_ist", "organization_id": "$org",
            }),
        ),
        op(
            "POST /v1/b2b/discovery/organizations/create",
            json!({
                "intermediate_session_token": "$new_ist", "organization_name": "Eve Co",
                "organization_slug": "eve-co",
            }),
        )
        .before(|fake, vars| {
            let ist = fake
                .mint_discovery_intermediate_session_token("eve@eve.test")
                .unwrap();
            set(vars, "new_ist", ist);
        })
        .keep("eve_org", "/organization/organization_id"),
        op("POST /v1/b2b/otps/email/login_or_signup", org_ada),
        op(
            "POST /v1/b2b/otps/email/authenticate",
            json!({
                "organization_id": "$org", "email_address": ADA, "code": "$code",
            }),
        )
        .before(from_email(ADA, "code")),
        op(
            "POST /v1/b2b/otps/email/discovery/send",
            json!({"email_address": ADA}),
        ),
        op(
            "POST /v1/b2b/otps/email/discovery/authenticate",
            json!({"email_address": ADA, "code": "$code"}),
        )
        .before(from_email(ADA, "code")),
    ]
}

fn passwords() -> Vec<Step> {
    let pat = "pat@walk.test";
    vec![
        op(
            "POST /v1/b2b/organizations/{organization_id}/members",
            json!({"email_address": pat}),
        )
        .param("organization_id", "$org")
        .keep("pat", "/member_id"),
        op(
            "POST /v1/b2b/passwords/strength_check",
            json!({"password": FIRST}),
        ),
        op(
            "POST /v1/b2b/passwords/migrate",
            json!({
                "email_address": "mig@walk.test", "hash": "5f4dcc3b5aa765d61d8327deb882cf99",
                "hash_type": "md_5", "organization_id": "$org",
            }),
        ),
        op(
            "POST /v1/b2b/passwords/email/reset/start",
            json!({"organization_id": "$org", "email_address": pat}),
        ),
        op(
            "POST /v1/b2b/passwords/email/reset",
            json!({"password_reset_token": "$reset", "password": FIRST}),
        )
        .before(from_email(pat, "reset"))
        .keep("pat_session", "/session_token"),
        op(
            "POST /v1/b2b/passwords/session/reset",
            json!({
                "organization_id": "$org", "password": SECOND, "session_token": "$pat_session",
            }),
        ),
        op(
            "POST /v1/b2b/passwords/authenticate",
            json!({
                "organization_id": "$org", "email_address": pat, "password": SECOND,
            }),
        )
        .keep("pat_password", "/member/member_password_id"),
        op(
            "POST /v1/b2b/passwords/existing_password/reset",
            json!({
                "email_address": pat, "existing_password": SECOND, "new_password": THIRD,
                "organization_id": "$org",
            }),
        ),
        op(
            "POST /v1/b2b/passwords/discovery/authenticate",
            json!({"email_address": pat, "password": THIRD}),
        ),
        op(
            "POST /v1/b2b/passwords/discovery/email/reset/start",
            json!({"email_address": pat}),
        ),
        op(
            "POST /v1/b2b/passwords/discovery/email/reset",
            json!({"password_reset_token": "$reset", "password": FIRST}),
        )
        .before(from_email(pat, "reset")),
        op(
            "POST /v1/b2b/passwords/email/require_reset",
            json!({"email_address": pat, "organization_id": "$org"}),
        ),
        op(
            "DELETE /v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}",
            json!({}),
        )
        .param("organization_id", "$org")
        .param("member_password_id", "$pat_password"),
    ]
}

fn oauth() -> Vec<Step> {
    let mut steps = Vec::new();
    for provider in ["google", "microsoft", "slack", "hubspot", "github"] {
        steps.push(
            op(
                "POST /v1/b2b/oauth/authenticate",
                json!({"oauth_token": "$oauth_token"}),
            )
            .before(oauth_login(provider)),
        );
        let key = format!(
            "GET /v1/b2b/organizations/{{organization_id}}/members/{{member_id}}/oauth_providers/{provider}"
        );
        steps.push(
            op(Box::leak(key.into_boxed_str()), json!({}))
                .param("organization_id", "$org")
                .param("member_id", "$ada"),
        );
    }
    steps.push(
        op(
            "POST /v1/b2b/oauth/discovery/authenticate",
            json!({"discovery_oauth_token": "$token"}),
        )
        .before(|fake, vars| {
            let redirect = fake
                .oauth_login("google", OAuthUser::discovery(ADA))
                .unwrap();
            set(vars, "token", redirect.token);
        }),
    );
    steps
}

fn apps() -> Vec<Step> {
    let member_app = "/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps";
    let grant = json!({
        "client_id": "$app", "redirect_uri": REDIRECT, "response_type": "code",
        "scopes": ["openid", "email"], "session_token": "$session_token",
    });
    let mut consent = grant.clone();
    consent["consent_granted"] = json!(true);
    vec![
        op("POST /v1/b2b/idp/oauth/authorize/start", grant),
        op("POST /v1/b2b/idp/oauth/authorize", consent).keep("code", "/authorization_code"),
        op(
            "POST /v1/b2b/sessions/exchange_access_token",
            json!({"access_token": "$access_token"}),
        )
        .before(|fake, vars| {
            let code = crate::text(vars, "code");
            set(
                vars,
                "access_token",
                fake.issue_access_token(&code).unwrap(),
            );
        }),
        op(
            "GET /v1/b2b/organizations/{organization_id}/connected_apps",
            json!({}),
        )
        .param("organization_id", "$org"),
        op(
            "GET /v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}",
            json!({}),
        )
        .param("organization_id", "$org")
        .param("connected_app_id", "$app"),
        op(member_app_key(member_app, ""), json!({}))
            .param("organization_id", "$org")
            .param("member_id", "$ada"),
        op(
            member_app_key(member_app, "/{connected_app_id}/revoke"),
            json!({}),
        )
        .param("organization_id", "$org")
        .param("member_id", "$ada")
        .param("connected_app_id", "$app"),
    ]
}

/// `GET`, or `POST` for a revoke, of a member's connected apps route.
fn member_app_key(base: &str, tail: &str) -> &'static str {
    let method = if tail.is_empty() { "GET" } else { "POST" };
    Box::leak(format!("{method} {base}{tail}").into_boxed_str())
}

fn endings() -> Vec<Step> {
    let member = "/v1/b2b/organizations/{organization_id}/members/{member_id}";
    let of = |step: Step, who: &'static str| {
        step.param("organization_id", "$org")
            .param("member_id", who)
    };
    vec![
        of(
            op(
                leak(format!("POST {member}/start_email_update")),
                json!({"email_address": "ada.new@walk.test"}),
            ),
            "$ada",
        ),
        of(
            op(
                leak(format!("PUT {member}")),
                json!({"email_address": "bob.new@walk.test"}),
            ),
            "$bob",
        ),
        of(
            op(
                leak(format!("POST {member}/unlink_retired_email")),
                json!({"email_address": "bob@walk.test"}),
            ),
            "$bob",
        ),
        of(
            op(
                "DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}",
                json!({}),
            ),
            "$ada",
        ),
        // Pat's address is verified (by the password reset): only such a member comes back.
        of(op(leak(format!("DELETE {member}")), json!({})), "$pat"),
        of(
            op(leak(format!("PUT {member}/reactivate")), json!({})),
            "$pat",
        ),
        op("POST /v1/b2b/sessions/revoke", json!({"member_id": "$ada"})),
        op("DELETE /v1/b2b/organizations/{organization_id}", json!({}))
            .param("organization_id", "$eve_org"),
    ]
}

/// A key built at run time, for the life of the test.
fn leak(key: String) -> &'static str {
    Box::leak(key.into_boxed_str())
}
