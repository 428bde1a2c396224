//! Parameters on the wire, for every operation of Stytch's document that has any, with
//! arbitrary strings (proptest, seeded): the request line that reaches a real HTTP server
//! (hyper), read back by an independent RFC 3986 parser (`fluent-uri`), has exactly the
//! template's segments, each path parameter's exact bytes, and each query parameter's exact
//! value; each header arrives with its exact bytes. A value that cannot be sent as given (an
//! empty, `.` or `..` path parameter; a header value with a control character or spaces at
//! either end) is refused with `Error::Config` naming the parameter, and nothing is sent.
//!
//! The templates and parameters come from Stytch's document (`schema/stytch-b2b.openapi.json`),
//! not from the generated code; a test fails if the document has an operation with
//! parameters that the table below does not call.
//!
//! Needs `--features full` (CI runs it so).
#![cfg(feature = "full")]

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use fluent_uri::UriRef;
use fluent_uri::pct_enc::EStr;
use fluent_uri::pct_enc::encoder::Query;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestRunner};
use serde_json::Value;
use stytch_b2b_otp_sms::{
    Client, Error, magic_links_email, organizations, organizations_members,
    organizations_members_connected_apps, organizations_members_oauth_providers, passwords_email,
    rbac, rbac_organizations, recovery_codes, scim_connection, sessions, sso, sso_external,
    sso_oidc, sso_saml,
};

/// The values one case sends: one per path parameter (in template order), a string for
/// string query parameters, a flag, a number, and a header value.
#[derive(Debug, Clone)]
struct Values {
    path: Vec<String>,
    text: String,
    flag: bool,
    number: i32,
    header: String,
}

type Call = fn(&Client, &Values) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

macro_rules! op {
    ($key:literal, |$c:ident, $v:ident| $call:expr) => {
        ($key, {
            fn call(
                $c: &Client,
                $v: &Values,
            ) -> Pin<Box<dyn Future<Output = Result<(), Error>> + Send>> {
                let pending = $call;
                Box::pin(async move { pending.await.map(drop) })
            }
            call as Call
        })
    };
}

/// Every operation of the document with parameters, keyed `METHOD /template`.
fn table() -> Vec<(&'static str, Call)> {
    vec![
        op!(
            "PUT /v1/b2b/scim/{organization_id}/connection/{connection_id}",
            |c, v| c.scim().connection().update(
                scim_connection::UpdateRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/scim/{organization_id}/connection/{connection_id}",
            |c, v| c.scim().connection().delete(
                scim_connection::DeleteRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "GET /v1/b2b/scim/{organization_id}/connection/{connection_id}",
            |c, v| c.scim().connection().get_groups(
                scim_connection::GetGroupsRequest::new(&v.path[0], &v.path[1])
                    .cursor(&v.text)
                    .limit(v.number)
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start",
            |c, v| c.scim().connection().rotate_start(
                scim_connection::RotateStartRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/complete",
            |c, v| c.scim().connection().rotate_complete(
                scim_connection::RotateCompleteRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/cancel",
            |c, v| c.scim().connection().rotate_cancel(
                scim_connection::RotateCancelRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!("POST /v1/b2b/scim/{organization_id}/connection", |c, v| c
            .scim()
            .connection()
            .create(
                scim_connection::CreateRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!("GET /v1/b2b/scim/{organization_id}/connection", |c, v| c
            .scim()
            .connection()
            .get(
                scim_connection::GetRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!("GET /v1/b2b/organizations/{organization_id}", |c, v| c
            .organizations()
            .get(organizations::GetRequest::new(&v.path[0]))),
        op!("PUT /v1/b2b/organizations/{organization_id}", |c, v| c
            .organizations()
            .update(
                organizations::UpdateRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!("DELETE /v1/b2b/organizations/{organization_id}", |c, v| c
            .organizations()
            .delete(
                organizations::DeleteRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/metrics",
            |c, v| c
                .organizations()
                .get_metrics(organizations::MetricsRequest::new(&v.path[0]))
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/connected_apps",
            |c, v| c.organizations().connected_apps().list(
                organizations::ConnectedAppsRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}",
            |c, v| c.organizations().connected_apps().get(
                organizations::GetConnectedAppRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/organizations/{organization_id}/external_id",
            |c, v| c.organizations().delete_external_id(
                organizations::DeleteExternalIdRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "PUT /v1/b2b/organizations/{organization_id}/members/{member_id}",
            |c, v| c.organizations().members().update(
                organizations_members::UpdateRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}",
            |c, v| c.organizations().members().delete(
                organizations_members::DeleteRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "PUT /v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate",
            |c, v| c.organizations().members().reactivate(
                organizations_members::ReactivateRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}",
            |c, v| c.organizations().members().delete_mfa_phone_number(
                organizations_members::DeleteMFAPhoneNumberRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/totp",
            |c, v| c.organizations().members().delete_totp(
                organizations_members::DeleteTOTPRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!("POST /v1/b2b/organizations/members/search", |c, v| c
            .organizations()
            .members()
            .search(
                organizations_members::SearchRequest::new(vec!["x".to_owned()])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!(
            "DELETE /v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}",
            |c, v| c.organizations().members().passwords().delete(
                organizations_members::DeletePasswordRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/members/dangerously_get/{member_id}",
            |c, v| c.organizations().members().dangerously_get(
                organizations_members::DangerouslyGetRequest::new(&v.path[0])
                    .include_deleted(v.flag)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oidc_providers",
            |c, v| c.organizations().members().get_oidc_providers(
                organizations_members::OIDCProvidersRequest::new(&v.path[0], &v.path[1])
                    .include_refresh_token(v.flag)
            )
        ),
        op!(
            "POST /v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email",
            |c, v| c.organizations().members().unlink_retired_email(
                organizations_members::UnlinkRetiredEmailRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "POST /v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update",
            |c, v| c.organizations().members().start_email_update(
                organizations_members::StartEmailUpdateRequest::new(&v.path[0], &v.path[1], "x")
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps",
            |c, v| c.organizations().members().connected_apps().list(
                organizations_members::GetConnectedAppsRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id",
            |c, v| c.organizations().members().delete_external_id(
                organizations_members::DeleteExternalIdRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "POST /v1/b2b/organizations/{organization_id}/members",
            |c, v| c.organizations().members().create(
                organizations_members::CreateRequest::new(&v.path[0], "x")
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/member",
            |c, v| c.organizations().members().get(
                organizations_members::GetRequest::new(&v.path[0])
                    .member_id(&v.text)
                    .email_address(&v.text)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/google",
            |c, v| c.organizations().members().oauth_providers().get_google(
                organizations_members_oauth_providers::GoogleRequest::new(&v.path[0], &v.path[1])
                    .include_refresh_token(v.flag)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/microsoft",
            |c, v| c.organizations().members().oauth_providers().get_microsoft(
                organizations_members_oauth_providers::MicrosoftRequest::new(
                    &v.path[0], &v.path[1]
                )
                .include_refresh_token(v.flag)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/slack",
            |c, v| c.organizations().members().oauth_providers().get_slack(
                organizations_members_oauth_providers::SlackRequest::new(&v.path[0], &v.path[1])
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/hubspot",
            |c, v| c.organizations().members().oauth_providers().get_hubspot(
                organizations_members_oauth_providers::HubspotRequest::new(&v.path[0], &v.path[1])
                    .include_refresh_token(v.flag)
            )
        ),
        op!(
            "GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/github",
            |c, v| c.organizations().members().oauth_providers().get_github(
                organizations_members_oauth_providers::GithubRequest::new(&v.path[0], &v.path[1])
                    .include_refresh_token(v.flag)
            )
        ),
        op!(
            "POST /v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke",
            |c, v| c.organizations().members().connected_apps().revoke(
                organizations_members_connected_apps::RevokeRequest::new(
                    &v.path[0], &v.path[1], &v.path[2]
                )
                .x_stytch_member_session(&v.header)
                .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!("GET /v1/b2b/sessions", |c, v| c
            .sessions()
            .get(sessions::GetRequest::new(&v.text, &v.text))),
        op!("POST /v1/b2b/sessions/revoke", |c, v| c.sessions().revoke(
            sessions::RevokeRequest::new()
                .x_stytch_member_session(&v.header)
                .x_stytch_member_session_jwt(&v.header)
        )),
        op!("GET /v1/b2b/sessions/jwks/{project_id}", |c, v| c
            .sessions()
            .get_jwks(sessions::GetJWKSRequest::new(&v.path[0]))),
        op!(
            "GET /v1/b2b/rbac/organizations/{organization_id}",
            |c, v| c
                .rbac()
                .organizations()
                .get_org_policy(rbac_organizations::GetOrgPolicyRequest::new(&v.path[0]))
        ),
        op!(
            "PUT /v1/b2b/rbac/organizations/{organization_id}",
            |c, v| c.rbac().organizations().set_org_policy(
                rbac_organizations::SetOrgPolicyRequest::new(
                    &v.path[0],
                    rbac::OrgPolicy::default()
                )
            )
        ),
        op!(
            "GET /v1/b2b/recovery_codes/{organization_id}/{member_id}",
            |c, v| c
                .recovery_codes()
                .get(recovery_codes::GetRequest::new(&v.path[0], &v.path[1]))
        ),
        op!("POST /v1/b2b/magic_links/email/invite", |c, v| c
            .magic_links()
            .email()
            .invite(
                magic_links_email::InviteRequest::new("x", "x")
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!("POST /v1/b2b/passwords/email/require_reset", |c, v| c
            .passwords()
            .email()
            .require_reset(
                passwords_email::RequireResetRequest::new("x")
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!("GET /v1/b2b/sso/{organization_id}", |c, v| c
            .sso()
            .connections()
            .list(
                sso::GetConnectionsRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!(
            "DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}",
            |c, v| c.sso().connections().delete(
                sso::DeleteConnectionRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!("POST /v1/b2b/sso/oidc/{organization_id}", |c, v| c
            .sso()
            .oidc()
            .connections()
            .create(
                sso_oidc::CreateConnectionRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!(
            "PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}",
            |c, v| c.sso().oidc().connections().update(
                sso_oidc::UpdateConnectionRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!("POST /v1/b2b/sso/saml/{organization_id}", |c, v| c
            .sso()
            .saml()
            .connections()
            .create(
                sso_saml::CreateConnectionRequest::new(&v.path[0])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!(
            "PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}",
            |c, v| c.sso().saml().connections().update(
                sso_saml::UpdateConnectionRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url",
            |c, v| c.sso().saml().connections().update_by_url(
                sso_saml::UpdateByURLRequest::new(&v.path[0], &v.path[1], "x")
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
        op!(
            "DELETE /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}",
            |c, v| c
                .sso()
                .saml()
                .connections()
                .verification_certificates()
                .delete(
                    sso_saml::DeleteVerificationCertificateRequest::new(
                        &v.path[0], &v.path[1], &v.path[2]
                    )
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
                )
        ),
        op!(
            "DELETE /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}",
            |c, v| c
                .sso()
                .saml()
                .connections()
                .encryption_private_keys()
                .delete(
                    sso_saml::DeleteEncryptionPrivateKeyRequest::new(
                        &v.path[0], &v.path[1], &v.path[2]
                    )
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
                )
        ),
        op!("POST /v1/b2b/sso/external/{organization_id}", |c, v| c
            .sso()
            .external()
            .connections()
            .create(
                sso_external::CreateConnectionRequest::new(&v.path[0], "x", "x")
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )),
        op!(
            "PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}",
            |c, v| c.sso().external().connections().update(
                sso_external::UpdateConnectionRequest::new(&v.path[0], &v.path[1])
                    .x_stytch_member_session(&v.header)
                    .x_stytch_member_session_jwt(&v.header)
            )
        ),
    ]
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, Vec<u8>)>,
}

/// A hyper HTTP/1 server on loopback recording each request and answering `{}`.
async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = Arc::clone(&seen);
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<Incoming>| {
                    let log = Arc::clone(&log);
                    async move {
                        let seen = Seen {
                            method: req.method().to_string(),
                            target: req.uri().to_string(),
                            headers: req
                                .headers()
                                .iter()
                                .map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().to_vec()))
                                .collect(),
                        };
                        let _ = req.into_body().collect().await;
                        log.lock().unwrap().push(seen);
                        Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(
                            b"{}",
                        ))))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("http://{addr}"), seen)
}

/// An operation's template and parameters, from Stytch's document.
struct Template {
    method: String,
    path: String,
    /// `(name, in, type, required)`.
    parameters: Vec<(String, String, String, bool)>,
}

fn document_templates() -> Vec<Template> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/stytch-b2b.openapi.json"
    ))
    .unwrap();
    let document: Value = serde_json::from_str(&text).unwrap();
    let mut out = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(parameters) = op["parameters"].as_array().filter(|p| !p.is_empty()) else {
                continue;
            };
            out.push(Template {
                method: method.to_uppercase(),
                path: path.clone(),
                parameters: parameters
                    .iter()
                    .map(|p| {
                        (
                            p["name"].as_str().unwrap().to_owned(),
                            p["in"].as_str().unwrap().to_owned(),
                            p["schema"]["type"].as_str().unwrap().to_owned(),
                            p["required"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect(),
            });
        }
    }
    out
}

fn path_parameters(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

/// A header value HTTP carries exactly: no control characters (tab inside is fine), no
/// spaces or tabs at either end.
fn header_carries(value: &str) -> bool {
    let edge = |c: char| c == ' ' || c == '\t';
    !value.starts_with(edge)
        && !value.ends_with(edge)
        && value
            .bytes()
            .all(|b| (b >= 0x20 && b != 0x7f) || b == b'\t')
}

/// `application/x-www-form-urlencoded` read back with the independent parser: `+` is a
/// space, the rest is percent-decoded.
fn form_decode(raw: &str) -> String {
    let spaced = raw.replace('+', "%20");
    let estr = EStr::<Query>::new(&spaced).expect("a valid query component");
    String::from_utf8(estr.decode().to_bytes().into_owned()).expect("UTF-8")
}

/// Checks one call against its template: refused naming the right parameter, or sent with
/// every parameter exact.
fn check(
    template: &Template,
    values: &Values,
    result: Result<(), Error>,
    seen: &[Seen],
) -> Result<(), TestCaseError> {
    let names = path_parameters(&template.path);
    let bad_path = names
        .iter()
        .zip(&values.path)
        .find(|(_, v)| v.is_empty() || *v == "." || *v == "..");
    let has_header = template.parameters.iter().any(|p| p.1 == "header");
    let expected_refusal = match bad_path {
        Some((name, _)) => Some((*name).to_owned()),
        None if has_header && !header_carries(&values.header) => template
            .parameters
            .iter()
            .find(|p| p.1 == "header")
            .map(|p| p.0.clone()),
        None => None,
    };
    if let Some(name) = expected_refusal {
        match &result {
            Err(Error::Config(e)) => {
                prop_assert!(e.to_string().contains(&format!("`{name}`")), "{name}: {e}")
            }
            other => prop_assert!(
                false,
                "{} {}: expected a refusal naming {name}, got {other:?}",
                template.method,
                template.path
            ),
        }
        prop_assert!(seen.is_empty(), "nothing is sent: {seen:?}");
        return Ok(());
    }
    if let Err(Error::Config(e)) = &result {
        prop_assert!(
            false,
            "{} {}: refused {values:?}: {e}",
            template.method,
            template.path
        );
    }
    prop_assert_eq!(seen.len(), 1, "one request: {:?}", seen);
    let seen = &seen[0];
    prop_assert_eq!(&seen.method, &template.method);
    let uri = UriRef::parse(seen.target.as_str())
        .map_err(|e| TestCaseError::fail(format!("{}: not RFC 3986: {e}", seen.target)))?;
    let got: Vec<Vec<u8>> = uri
        .path()
        .segments_if_absolute()
        .expect("an absolute path")
        .map(|s| s.decode().to_bytes().into_owned())
        .collect();
    let want: Vec<&str> = template.path.trim_start_matches('/').split('/').collect();
    prop_assert_eq!(got.len(), want.len(), "segments of {}", seen.target);
    // Each parameter's segment is RFC 3986 unreserved characters and percent-encodings only:
    // nothing reserved left raw (a strict server reads `a,b` as a list).
    let raw_segments: Vec<&str> = seen
        .target
        .split('?')
        .next()
        .unwrap_or("")
        .split('/')
        .skip(1)
        .collect();
    for (raw, want) in raw_segments.iter().zip(&want) {
        if want.starts_with('{') {
            let bytes = raw.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    prop_assert!(
                        bytes.len() > i + 2
                            && bytes[i + 1].is_ascii_hexdigit()
                            && bytes[i + 2].is_ascii_hexdigit(),
                        "bad escape in {}",
                        raw
                    );
                    i += 3;
                } else {
                    prop_assert!(
                        bytes[i].is_ascii_alphanumeric() || b"-._~".contains(&bytes[i]),
                        "{:?} left raw in {}",
                        bytes[i] as char,
                        raw
                    );
                    i += 1;
                }
            }
        }
    }
    let mut next = values.path.iter();
    for (got, want) in got.iter().zip(&want) {
        let expected = if want.starts_with('{') {
            next.next().unwrap().as_bytes()
        } else {
            want.as_bytes()
        };
        prop_assert_eq!(got.as_slice(), expected, "in {}", seen.target);
    }
    // Query parameters: every one the call set, exactly once, with its exact value.
    let pairs: Vec<(String, String)> = uri
        .query()
        .map(|q| {
            q.as_str()
                .split('&')
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (form_decode(k), form_decode(v))
                })
                .collect()
        })
        .unwrap_or_default();
    let expected: Vec<(String, String)> = template
        .parameters
        .iter()
        .filter(|p| p.1 == "query")
        .map(|(name, _, ty, _)| {
            let value = match ty.as_str() {
                "boolean" => values.flag.to_string(),
                "integer" => values.number.to_string(),
                _ => values.text.clone(),
            };
            (name.clone(), value)
        })
        .collect();
    prop_assert_eq!(pairs, expected, "query of {}", seen.target);
    for (name, ..) in template.parameters.iter().filter(|p| p.1 == "header") {
        let got: Vec<&[u8]> = seen
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
            .collect();
        prop_assert_eq!(got, vec![values.header.as_bytes()], "header {}", name);
    }
    Ok(())
}

/// Strings that try to leave a segment, beside arbitrary ones.
fn awkward() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[./\\\\%?#;,=&+ \t\r\n\u{0}\u{7f}a]{0,6}",
        1 => Just(String::new()),
        1 => Just(".".to_owned()),
        1 => Just("..".to_owned()),
        1 => Just(".\t.".to_owned()),
        1 => Just("%2e%2E".to_owned()),
        1 => "[\u{80}-\u{10ffff}]{1,4}",
    ]
}

fn values(path_parameters: usize) -> impl Strategy<Value = Values> {
    (
        proptest::collection::vec(awkward(), path_parameters),
        awkward(),
        any::<bool>(),
        any::<i32>(),
        prop_oneof![3 => "[!-~]([ -~]{0,20}[!-~])?", 1 => awkward()],
    )
        .prop_map(|(path, text, flag, number, header)| Values {
            path,
            text,
            flag,
            number,
            header,
        })
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
            rng_seed: RngSeed::Fixed(24),
            ..Config::default()
        },
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    )
}

#[test]
fn every_operation_with_parameters_is_in_the_table() {
    let table = table();
    for t in document_templates() {
        let key = format!("{} {}", t.method, t.path);
        assert!(
            table.iter().any(|(k, _)| *k == key),
            "{key} has parameters but tests/wire.rs does not call it"
        );
    }
    assert_eq!(table.len(), document_templates().len());
}

#[test]
fn parameters_arrive_exactly_or_are_refused_by_name() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (base_url, seen) = runtime.block_on(server());
    let client = Client::builder("project-test-1", "secret-test-1")
        .base_url(&base_url)
        .build()
        .unwrap();
    let cases: u32 = std::env::var("WIRE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let table = table();
    for template in document_templates() {
        let key = format!("{} {}", template.method, template.path);
        let call = table.iter().find(|(k, _)| *k == key).unwrap().1;
        let strategy = values(path_parameters(&template.path).len());
        runner(cases)
            .run(&strategy, |values| {
                seen.lock().unwrap().clear();
                let result = runtime.block_on(call(&client, &values));
                let seen = seen.lock().unwrap().clone();
                check(&template, &values, result, &seen)
            })
            .unwrap_or_else(|e| panic!("{key}: {e}"));
    }
}
