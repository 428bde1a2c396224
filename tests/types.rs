//! Decoding responses served over HTTP (full, minimal, all-null, extra fields, unknown enum
//! values), enum wire strings, and `Debug` redaction of requests and responses.

mod support;

use serde_json::{Value, json};
use stytch_b2b_otp_sms::otp_sms::{
    AuthenticateRequest, AuthenticateResponse, SendRequest, SendRequestLocale, SendResponse,
};
use stytch_b2b_otp_sms::sessions::{
    AuthenticationFactorDeliveryMethod as DeliveryMethod, AuthenticationFactorType as FactorType,
};
use support::{Response, SECRET, Server, client, fixture, fixture_json, schema};

const ORG: &str = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER: &str = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
/// The distinctive token values in `authenticate_full.json`.
const FIXTURE_SESSION_TOKEN: &str =
    "mZAYn5aLEqKUlZ_Ad9U_fWr38GaAQ1oFAhT8ds245v7Q-FIXTURE-SESSION-TOKEN";
const FIXTURE_SESSION_JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imp3ay10ZXN0LTIyIiwidHlwIjoiSldUIn0.eyJGSVhUVVJFLUpXVC1QQVlMT0FEIjp0cnVlfQ.FIXTURE-JWT-SIGNATURE-s3cr3t";

/// Serves `body` as a 200 to one authenticate call and returns the decoded response.
async fn authenticate_with(body: &Value) -> AuthenticateResponse {
    let server = Server::start(Response::json(200, body)).await;
    client(&server)
        .otps()
        .sms()
        .authenticate(AuthenticateRequest::new(ORG, MEMBER, "123456"))
        .await
        .unwrap_or_else(|e| panic!("decoding failed: {e}"))
}

async fn send_with(body: &Value) -> SendResponse {
    let server = Server::start(Response::json(200, body)).await;
    client(&server)
        .otps()
        .sms()
        .send(SendRequest::new(ORG, MEMBER))
        .await
        .unwrap_or_else(|e| panic!("decoding failed: {e}"))
}

// ---------------------------------------------------------------------------------------
// Fixture coverage against the schema

/// The schema object `name` under `components.schemas`.
fn component<'a>(schema: &'a Value, reference: &str) -> &'a Value {
    let name = reference.trim_start_matches("#/components/schemas/");
    &schema["components"]["schemas"][name]
}

fn resolve<'a>(schema: &'a Value, property: &'a Value) -> &'a Value {
    match property.get("$ref").and_then(Value::as_str) {
        Some(r) => component(schema, r),
        None => property,
    }
}

fn is_object_schema(s: &Value) -> bool {
    s.get("properties").is_some()
}

/// Schemas whose instances each carry only some optional properties (a factor carries the
/// sub-object of its own kind only); coverage of those is checked as a union over instances.
const SPARSE: &[&str] = &["api_session_v1_AuthenticationFactor"];

/// Asserts every property of every type reachable from `type_schema` is present and non-null
/// in `value` (lists must be non-empty and every element is checked). For [`SPARSE`] types,
/// each instance needs its required properties, and every property must appear in some
/// instance.
fn assert_fully_populated(schema: &Value, type_schema: &Value, value: &Value, path: &str) {
    let sparse = type_schema
        .get("$ref")
        .and_then(Value::as_str)
        .is_some_and(|r| SPARSE.iter().any(|s| r.ends_with(s)));
    let type_schema = resolve(schema, type_schema);
    if is_object_schema(type_schema) {
        let object = value
            .as_object()
            .unwrap_or_else(|| panic!("{path} should be an object"));
        let required: Vec<&str> = type_schema["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        for (name, property) in type_schema["properties"].as_object().unwrap() {
            let field = object.get(name).filter(|f| !f.is_null());
            let Some(field) = field else {
                assert!(
                    sparse && !required.contains(&name.as_str()),
                    "{path}.{name} is missing or null"
                );
                continue;
            };
            assert_fully_populated(schema, property, field, &format!("{path}.{name}"));
        }
        for name in object.keys() {
            assert!(
                type_schema["properties"].get(name).is_some(),
                "{path}.{name} is not in the schema"
            );
        }
    } else if type_schema["type"] == "array" {
        let items = value
            .as_array()
            .unwrap_or_else(|| panic!("{path} should be an array"));
        assert!(!items.is_empty(), "{path} is empty");
        for (i, item) in items.iter().enumerate() {
            assert_fully_populated(schema, &type_schema["items"], item, &format!("{path}[{i}]"));
        }
    } else if type_schema["type"] == "object" {
        let map = value
            .as_object()
            .unwrap_or_else(|| panic!("{path} should be a map"));
        assert!(!map.is_empty(), "{path} is an empty map");
    }
}

/// The schemas the fixtures were written for (`tests/fixtures/fixtures_schema.json`): the
/// coverage tests check the fixtures against it exactly, so a field Stytch adds later does
/// not fail them ([`fixtures_name_only_fields_of_the_current_schema`] checks the fixtures
/// against today's schema, and the decode tests decode them with today's types).
fn fixtures_schema() -> Value {
    fixture_json("fixtures_schema.json")
}

#[test]
fn full_fixtures_populate_every_schema_field() {
    let schema = fixtures_schema();
    let schemas = &schema["components"]["schemas"];
    let authenticate = fixture_json("authenticate_full.json");
    assert_fully_populated(
        &schema,
        &schemas["api_b2b_otp_v1_b2b_otp_sms_AuthenticateResponse"],
        &authenticate,
        "authenticate",
    );
    // the sparse factors cover every factor property between them
    let covered: std::collections::BTreeSet<&str> =
        authenticate["member_session"]["authentication_factors"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f.as_object().unwrap().iter())
            .filter(|(_, v)| !v.is_null())
            .map(|(k, _)| k.as_str())
            .collect();
    let all: std::collections::BTreeSet<&str> =
        schemas["api_session_v1_AuthenticationFactor"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
    assert_eq!(covered, all);

    assert_fully_populated(
        &schema,
        &schemas["api_b2b_otp_v1_b2b_otp_sms_SendResponse"],
        &fixture_json("send_full.json"),
        "send",
    );
}

/// Asserts `value` holds exactly the required properties of `type_schema`, recursively, with
/// required lists empty.
fn assert_minimal(schema: &Value, type_schema: &Value, value: &Value, path: &str) {
    let type_schema = resolve(schema, type_schema);
    if !is_object_schema(type_schema) {
        if type_schema["type"] == "array" {
            assert_eq!(value, &json!([]), "{path} should be an empty list");
        }
        return;
    }
    let required: std::collections::BTreeSet<&str> = type_schema["required"]
        .as_array()
        .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
        .unwrap_or_default();
    let present: std::collections::BTreeSet<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        present, required,
        "{path}: keys differ from the required set"
    );
    for name in required {
        assert_minimal(
            schema,
            &type_schema["properties"][name],
            &value[name],
            &format!("{path}.{name}"),
        );
    }
}

/// Asserts every property is present and `null`, except objects, which are recursed into.
fn assert_all_null(schema: &Value, type_schema: &Value, value: &Value, path: &str) {
    let type_schema = resolve(schema, type_schema);
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{path} should be an object"));
    for (name, property) in type_schema["properties"].as_object().unwrap() {
        let field = object
            .get(name)
            .unwrap_or_else(|| panic!("{path}.{name} is missing"));
        let resolved = resolve(schema, property);
        if is_object_schema(resolved) && !field.is_null() {
            assert_all_null(schema, property, field, &format!("{path}.{name}"));
        } else {
            assert!(field.is_null(), "{path}.{name} should be null");
        }
    }
}

#[test]
fn minimal_and_null_fixtures_match_their_definitions() {
    let schema = fixtures_schema();
    let response =
        &schema["components"]["schemas"]["api_b2b_otp_v1_b2b_otp_sms_AuthenticateResponse"];
    assert_minimal(
        &schema,
        response,
        &fixture_json("authenticate_minimal.json"),
        "minimal",
    );
    let nulls = fixture_json("authenticate_nulls.json");
    assert_all_null(&schema, response, &nulls, "nulls");
    // the nested objects are present so that their fields are reached
    for pointer in [
        "/member/scim_registration/scim_attributes/name",
        "/member/scim_registration/scim_attributes/enterprise_extension/manager",
        "/organization/scim_active_connection",
        "/member_session",
        "/member_device/ip_geo_country_details",
    ] {
        assert!(nulls.pointer(pointer).unwrap().is_object(), "{pointer}");
    }
}

/// Collects, into `stale`, the properties of `value` that `type_schema` (in `schema`) does
/// not have, recursively; into `newer`, the schema's properties `value` lacks.
fn compare_to_schema(
    schema: &Value,
    type_schema: &Value,
    value: &Value,
    path: &str,
    stale: &mut Vec<String>,
    newer: &mut Vec<String>,
) {
    let type_schema = resolve(schema, type_schema);
    if is_object_schema(type_schema) {
        let Some(object) = value.as_object() else {
            return;
        };
        let properties = type_schema["properties"].as_object().unwrap();
        for (name, field) in object {
            match properties.get(name) {
                Some(property) => compare_to_schema(
                    schema,
                    property,
                    field,
                    &format!("{path}.{name}"),
                    stale,
                    newer,
                ),
                None => stale.push(format!("{path}.{name}")),
            }
        }
        newer.extend(
            properties
                .keys()
                .filter(|name| !object.contains_key(*name))
                .map(|name| format!("{path}.{name}")),
        );
    } else if type_schema["type"] == "array" {
        for (i, item) in value.as_array().into_iter().flatten().enumerate() {
            compare_to_schema(
                schema,
                &type_schema["items"],
                item,
                &format!("{path}[{i}]"),
                stale,
                newer,
            );
        }
    }
}

/// Today's schema may have fields the fixtures predate (they decode to their defaults, and
/// are reported here so that a maintainer can add them); a fixture field the schema no longer
/// has means Stytch removed or renamed it, which fails.
#[test]
fn fixtures_name_only_fields_of_the_current_schema() {
    let schema = schema();
    let schemas = &schema["components"]["schemas"];
    let mut stale = Vec::new();
    let mut newer = Vec::new();
    for (fixture, response) in [
        (
            "authenticate_full.json",
            "api_b2b_otp_v1_b2b_otp_sms_AuthenticateResponse",
        ),
        ("send_full.json", "api_b2b_otp_v1_b2b_otp_sms_SendResponse"),
    ] {
        compare_to_schema(
            &schema,
            &schemas[response],
            &fixture_json(fixture),
            fixture,
            &mut stale,
            &mut newer,
        );
    }
    assert!(
        stale.is_empty(),
        "fixture fields the current schema does not have (removed or renamed by Stytch?): {stale:?}"
    );
    // Sparse factors each lack the other kinds' fields; those are not new.
    newer.retain(|p| !p.contains("authentication_factors["));
    if !newer.is_empty() {
        eprintln!(
            "note: the schema has fields the full fixtures predate (they decode to defaults); \
             add them to the fixtures and tests/fixtures/fixtures_schema.json: {newer:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Decoding over HTTP

#[tokio::test]
async fn full_authenticate_response_decodes_every_field() {
    let body = fixture_json("authenticate_full.json");
    let r = authenticate_with(&body).await;

    assert_eq!(
        r.request_id,
        "request-id-test-b8a5b0a3-7c41-4b4e-9f0a-7d1c2e3f4a5b"
    );
    assert_eq!(r.member_id, MEMBER);
    assert_eq!(r.status_code, 200);
    assert_eq!(r.session_token, FIXTURE_SESSION_TOKEN);
    assert_eq!(r.session_jwt, FIXTURE_SESSION_JWT);

    let m = &r.member;
    assert_eq!(m.member_id, MEMBER);
    assert_eq!(m.organization_id, ORG);
    assert_eq!(m.email_address, "ada.lovelace@analytical.example");
    assert!(m.mfa_enrolled && m.is_admin && !m.is_locked && !m.is_breakglass);
    assert_eq!(m.mfa_phone_number, "+15555550123");
    assert_eq!(m.default_mfa_method, "sms_otp");
    assert_eq!(m.roles.len(), 2);
    assert_eq!(m.roles[0].role_id, "stytch_member");
    assert_eq!(m.roles[0].sources[0].r#type, "direct_assignment");
    assert_eq!(m.roles[0].sources[1].r#type, "email_assignment");
    assert_eq!(
        m.roles[0].sources[1].details["email_domain"],
        "analytical.example"
    );
    assert_eq!(m.roles[1].sources[0].details["group"], "engineering");
    assert_eq!(m.sso_registrations[0].sso_attributes["groups"][1], "admins");
    assert_eq!(m.oauth_registrations[0].provider_type, "Google");
    assert_eq!(m.oauth_registrations[0].locale.as_deref(), Some("en"));
    assert_eq!(
        m.retired_email_addresses[0].email_address,
        "ada@old-analytical.example"
    );
    assert_eq!(m.trusted_metadata["seats"], 42);
    assert_eq!(m.untrusted_metadata["onboarding"]["completed"], true);
    assert_eq!(m.external_id.as_deref(), Some("hr-1815"));
    assert_eq!(m.lock_expires_at.as_deref(), Some("2024-03-01T11:00:00Z"));

    let scim = m.scim_registration.as_ref().unwrap();
    assert_eq!(scim.external_id.as_deref(), Some("00u1a2b3c4D5e6F7g8h9"));
    let attrs = scim.scim_attributes.as_ref().unwrap();
    assert!(attrs.active);
    assert_eq!(attrs.groups[0].display, "Engineering");
    assert_eq!(attrs.emails[0].r#type, "work");
    assert!(attrs.emails[0].primary);
    assert_eq!(attrs.addresses[0].postal_code, "SW1Y 4JH");
    assert_eq!(attrs.ims[0].r#type, "xmpp");
    assert_eq!(attrs.x509certificates[0].r#type, "signing");
    let name = attrs.name.as_ref().unwrap();
    assert_eq!(
        (name.given_name.as_str(), name.honorific_suffix.as_str()),
        ("Augusta", "Countess")
    );
    let ext = attrs.enterprise_extension.as_ref().unwrap();
    assert_eq!(ext.cost_center, "CC-4200");
    let manager = ext.manager.as_ref().unwrap();
    assert_eq!(manager.display_name, "Charles Babbage");
    assert_eq!(
        manager.r#ref,
        "https://idp.analytical.example/scim/v2/Users/scim-user-babbage"
    );

    let o = &r.organization;
    assert_eq!(o.organization_slug, "analytical-engines");
    assert_eq!(o.email_allowed_domains, ["analytical.example"]);
    assert_eq!(o.sso_active_connections[0].identity_provider, "okta");
    assert_eq!(
        o.rbac_email_implicit_role_assignments[0].role_id,
        "stytch_member"
    );
    assert_eq!(o.custom_roles.len(), 1);
    assert_eq!(o.custom_roles[0].role_id, "engineering-lead");
    assert_eq!(o.custom_roles[0].permissions[0].resource_id, "documents");
    assert_eq!(
        o.custom_roles[0].permissions[0].actions,
        ["read", "write", "delete"]
    );
    let scim_conn = o.scim_active_connection.as_ref().unwrap();
    assert_eq!(scim_conn.bearer_token_last_four, "9f3c");
    assert_eq!(
        scim_conn.bearer_token_expires_at.as_deref(),
        Some("2025-03-14T00:00:00Z")
    );
    assert_eq!(o.allowed_oauth_tenants["slack"], json!(["T0123456"]));
    assert_eq!(o.trusted_metadata["plan"]["seats"], 250);
    assert_eq!(
        o.organization_external_id.as_deref(),
        Some("crm-analytical-0042")
    );

    let s = r.member_session.as_ref().unwrap();
    assert_eq!(s.roles, ["stytch_member", "engineering-lead"]);
    assert_eq!(s.custom_claims["tier"], 3);
    let sms = &s.authentication_factors[0];
    assert_eq!(sms.delivery_method, DeliveryMethod::Sms);
    assert_eq!(sms.r#type, FactorType::Otp);
    let phone = sms.phone_number_factor.as_ref().unwrap();
    assert_eq!(phone.phone_number, "+15555550123");
    assert_eq!(
        phone.phone_id,
        "phone-number-test-d5a3b680-e8a3-40c0-b815-ab79986666d0"
    );
    assert_eq!(
        sms.last_authenticated_at.as_deref(),
        Some("2024-03-14T15:09:26Z")
    );
    assert!(sms.email_factor.is_none() && sms.google_oauth_factor.is_none());
    // every factor decoded to a known kind matching its sub-object
    for factor in &s.authentication_factors {
        assert!(
            !matches!(factor.delivery_method, DeliveryMethod::Unknown(_)),
            "{:?}",
            factor.delivery_method
        );
        assert!(!matches!(factor.r#type, FactorType::Unknown(_)));
    }
    let google = s
        .authentication_factors
        .iter()
        .find(|f| f.delivery_method == DeliveryMethod::OauthGoogle)
        .unwrap();
    assert_eq!(google.r#type, FactorType::Oauth);
    assert_eq!(
        google
            .google_oauth_factor
            .as_ref()
            .unwrap()
            .email_id
            .as_deref(),
        Some("email-test-google-0001")
    );
    let webauthn = s
        .authentication_factors
        .iter()
        .find_map(|f| f.webauthn_factor.as_ref())
        .unwrap();
    assert_eq!(webauthn.domain, "app.analytical.example");

    let d = r.member_device.as_ref().unwrap();
    assert_eq!(d.ip_geo_country.as_deref(), Some("GB"));
    assert_eq!(d.ip_geo_city.as_deref(), Some("London"));
    assert_eq!(d.ip_address.as_deref(), Some("203.0.113.42"));
    assert!(d.ip_address_details.as_ref().unwrap().is_new);
    assert!(!d.visitor_id_details.as_ref().unwrap().is_new);

    // Nothing was dropped or altered: serializing gives back the fixture exactly.
    assert_round_trip(&r, &body);
}

#[tokio::test]
async fn full_send_response_decodes() {
    let body = fixture_json("send_full.json");
    let r = send_with(&body).await;
    assert_eq!(r.member_id, MEMBER);
    assert_eq!(r.status_code, 200);
    assert_eq!(r.member.roles[1].role_id, "engineering-lead");
    assert_eq!(
        r.organization.custom_roles[0].permissions[1].actions,
        ["read"]
    );
    assert_round_trip(&r, &body);
}

#[tokio::test]
async fn minimal_response_decodes_to_empty_lists_and_nones() {
    let r = authenticate_with(&fixture_json("authenticate_minimal.json")).await;
    assert_eq!(r.member_id, MEMBER);
    assert_eq!(r.session_token, "");
    assert!(r.member_session.is_none() && r.member_device.is_none());
    let m = &r.member;
    assert!(m.roles.is_empty());
    assert!(m.sso_registrations.is_empty());
    assert!(m.oauth_registrations.is_empty());
    assert!(m.retired_email_addresses.is_empty());
    assert!(m.trusted_metadata.is_empty() && m.untrusted_metadata.is_empty());
    assert!(m.scim_registration.is_none());
    assert!(m.created_at.is_none() && m.external_id.is_none() && m.lock_created_at.is_none());
    let o = &r.organization;
    assert!(o.custom_roles.is_empty() && o.email_allowed_domains.is_empty());
    assert!(o.sso_active_connections.is_empty());
    assert!(o.scim_active_connection.is_none());
    assert!(o.allowed_oauth_tenants.is_empty() && o.trusted_metadata.is_empty());
    assert!(o.organization_external_id.is_none() && o.sso_default_connection_id.is_none());
    assert_eq!(o.mfa_policy, "REQUIRED_FOR_ALL");
}

#[tokio::test]
async fn null_everywhere_still_logs_in() {
    let body = fixture_json("authenticate_nulls.json");
    let r = authenticate_with(&body).await;
    assert_eq!(r.request_id, "");
    assert_eq!(r.session_token, "");
    assert_eq!(r.status_code, 0);

    let m = &r.member;
    assert_eq!(m.member_password_id, "");
    assert_eq!(m.member_id, "");
    assert!(!m.mfa_enrolled);
    assert!(m.roles.is_empty());
    assert!(m.sso_registrations.is_empty() && m.oauth_registrations.is_empty());
    assert!(m.retired_email_addresses.is_empty());
    assert!(m.trusted_metadata.is_empty() && m.untrusted_metadata.is_empty());
    assert!(m.created_at.is_none() && m.external_id.is_none());
    let scim = m.scim_registration.as_ref().unwrap();
    assert_eq!(scim.connection_id, "");
    assert!(scim.external_id.is_none());
    let attrs = scim.scim_attributes.as_ref().unwrap();
    assert!(
        attrs.groups.is_empty() && attrs.emails.is_empty() && attrs.x509certificates.is_empty()
    );
    assert!(!attrs.active);
    assert_eq!(attrs.name.as_ref().unwrap().family_name, "");
    let ext = attrs.enterprise_extension.as_ref().unwrap();
    assert_eq!(ext.manager.as_ref().unwrap().display_name, "");

    let o = &r.organization;
    assert!(o.email_allowed_domains.is_empty());
    assert!(o.custom_roles.is_empty() && o.sso_active_connections.is_empty());
    assert!(o.allowed_oauth_tenants.is_empty() && o.trusted_metadata.is_empty());
    assert_eq!(
        o.scim_active_connection
            .as_ref()
            .unwrap()
            .bearer_token_last_four,
        ""
    );
    assert!(
        o.scim_active_connection
            .as_ref()
            .unwrap()
            .bearer_token_expires_at
            .is_none()
    );

    let s = r.member_session.as_ref().unwrap();
    assert!(s.authentication_factors.is_empty());
    assert!(s.roles.is_empty() && s.custom_claims.is_empty());
    assert_eq!(s.expires_at, "");
    let d = r.member_device.as_ref().unwrap();
    assert_eq!(d.visitor_id, "");
    assert!(d.ip_geo_country.is_none());
    assert!(!d.ip_geo_country_details.as_ref().unwrap().is_new);

    // null optional objects decode to None
    let mut body = body;
    for pointer in [
        "/member_session",
        "/member_device",
        "/member/scim_registration",
        "/organization/scim_active_connection",
    ] {
        *body.pointer_mut(pointer).unwrap() = Value::Null;
    }
    let r = authenticate_with(&body).await;
    assert!(r.member_session.is_none() && r.member_device.is_none());
    assert!(r.member.scim_registration.is_none());
    assert!(r.organization.scim_active_connection.is_none());
}

#[tokio::test]
async fn null_factor_type_or_delivery_method_does_not_fail_a_login() {
    // `type` and `delivery_method` are required strings like `member.member_password_id`,
    // which reads `null` as "". One odd factor must not make the whole login undecodable.
    let mut body = fixture_json("authenticate_full.json");
    body["member_session"]["authentication_factors"][1]["type"] = Value::Null;
    body["member_session"]["authentication_factors"][2]["delivery_method"] = Value::Null;
    let r = authenticate_with(&body).await;
    let factors = &r.member_session.as_ref().unwrap().authentication_factors;
    assert_eq!(factors[1].r#type.as_str(), "");
    assert_eq!(factors[1].delivery_method, DeliveryMethod::Email);
    assert_eq!(factors[2].delivery_method.as_str(), "");
    assert_eq!(factors[2].r#type, FactorType::Sso);
    assert_eq!(factors[0].delivery_method, DeliveryMethod::Sms);
}

#[tokio::test]
async fn null_lists_inside_list_items_are_empty() {
    let mut body = fixture_json("authenticate_full.json");
    body["member"]["roles"][0]["sources"] = Value::Null;
    body["member"]["roles"][1]["sources"][0]["details"] = Value::Null;
    body["organization"]["custom_roles"][0]["permissions"][0]["actions"] = Value::Null;
    body["organization"]["custom_roles"][0]["permissions"] = Value::Null;
    body["member"]["sso_registrations"][0]["sso_attributes"] = Value::Null;
    body["member_session"]["authentication_factors"][0]["phone_number_factor"] = Value::Null;
    body["member_session"]["authentication_factors"][0]["last_authenticated_at"] = Value::Null;
    let r = authenticate_with(&body).await;
    assert!(r.member.roles[0].sources.is_empty());
    assert!(r.member.roles[1].sources[0].details.is_empty());
    assert!(r.organization.custom_roles[0].permissions.is_empty());
    assert!(r.member.sso_registrations[0].sso_attributes.is_empty());
    let factor = &r.member_session.as_ref().unwrap().authentication_factors[0];
    assert!(factor.phone_number_factor.is_none() && factor.last_authenticated_at.is_none());
}

#[tokio::test]
async fn absent_required_scalars_and_lists_default() {
    // Stytch omitting a field it documents as required must not fail a login either.
    let mut body = fixture_json("authenticate_full.json");
    for (pointer, key) in [
        ("/member", "roles"),
        ("/member", "member_password_id"),
        ("/member", "mfa_enrolled"),
        ("/organization", "email_allowed_domains"),
        ("/organization", "custom_roles"),
        ("/member_session", "authentication_factors"),
        ("", "status_code"),
        ("", "session_jwt"),
    ] {
        let object = if pointer.is_empty() {
            &mut body
        } else {
            body.pointer_mut(pointer).unwrap()
        };
        object.as_object_mut().unwrap().remove(key).unwrap();
    }
    let r = authenticate_with(&body).await;
    assert!(r.member.roles.is_empty() && r.member.member_password_id.is_empty());
    assert!(!r.member.mfa_enrolled);
    assert!(r.organization.email_allowed_domains.is_empty());
    assert!(r.member_session.unwrap().authentication_factors.is_empty());
    assert_eq!((r.status_code, r.session_jwt.as_str()), (0, ""));
}

#[tokio::test]
async fn unknown_fields_are_ignored_at_every_depth() {
    let plain = fixture_json("authenticate_full.json");
    let mut extended = plain.clone();
    let extra = json!({ "added_later": [1, {"deep": null}], "flag": true });
    for pointer in [
        "",
        "/member",
        "/member/roles/0",
        "/member/roles/0/sources/0",
        "/member/scim_registration/scim_attributes",
        "/member/scim_registration/scim_attributes/name",
        "/member/scim_registration/scim_attributes/enterprise_extension/manager",
        "/member/scim_registration/scim_attributes/addresses/0",
        "/organization",
        "/organization/custom_roles/0",
        "/organization/custom_roles/0/permissions/0",
        "/organization/scim_active_connection",
        "/member_session",
        "/member_session/authentication_factors/0",
        "/member_session/authentication_factors/0/phone_number_factor",
        "/member_device",
        "/member_device/ip_geo_country_details",
    ] {
        let object = extended
            .pointer_mut(pointer)
            .unwrap()
            .as_object_mut()
            .unwrap();
        object.insert("x_unknown_field".into(), extra.clone());
        object.insert("another_new_string".into(), json!("v2"));
    }
    let from_plain = authenticate_with(&plain).await;
    let from_extended = authenticate_with(&extended).await;
    assert_eq!(from_plain, from_extended);
    // the send response too
    let mut send = fixture_json("send_full.json");
    send["x_unknown_field"] = extra.clone();
    send["member"]["x_unknown_field"] = extra;
    assert_eq!(send_with(&send).await.member_id, MEMBER);
}

#[tokio::test]
async fn unknown_enum_values_are_kept_verbatim() {
    let mut body = fixture_json("authenticate_full.json");
    let factor = &mut body["member_session"]["authentication_factors"][0];
    factor["delivery_method"] = json!("carrier_pigeon");
    factor["type"] = json!("quantum");
    // case matters: "SMS" is not "sms"
    body["member_session"]["authentication_factors"][1]["delivery_method"] = json!("SMS");
    let r = authenticate_with(&body).await;
    let factors = &r.member_session.as_ref().unwrap().authentication_factors;

    assert!(matches!(
        factors[0].delivery_method,
        DeliveryMethod::Unknown(_)
    ));
    assert_eq!(factors[0].delivery_method.as_str(), "carrier_pigeon");
    assert_eq!(factors[0].delivery_method.to_string(), "carrier_pigeon");
    assert!(matches!(&factors[0].r#type, FactorType::Unknown(v) if v.as_str() == "quantum"));
    assert_eq!(factors[0].r#type.as_str(), "quantum");
    assert!(matches!(
        factors[1].delivery_method,
        DeliveryMethod::Unknown(_)
    ));
    assert_eq!(factors[1].delivery_method.as_str(), "SMS");
    // the rest of the factor still decoded
    assert!(factors[0].phone_number_factor.is_some());

    // serializing gives the exact strings back
    let again = assert_round_trip(&r, &body);
    let factor = &again["member_session"]["authentication_factors"][0];
    assert_eq!(factor["delivery_method"], "carrier_pigeon");
    assert_eq!(factor["type"], "quantum");
}

/// Asserts that serializing the decoded `value` gives back `fixture` exactly, except for
/// fields the fixture predates (the schema gained them after it was written), which must hold
/// their empty defaults; returns the serialized value.
#[track_caller]
fn assert_round_trip(value: &impl serde::Serialize, fixture: &Value) -> Value {
    fn drop_predated(encoded: &mut Value, fixture: &Value, path: &str, dropped: &mut Vec<String>) {
        match (encoded, fixture) {
            (Value::Object(encoded), Value::Object(fixture)) => {
                encoded.retain(|key, v| {
                    let empty = match v {
                        Value::Null => true,
                        Value::Bool(b) => !*b,
                        Value::Number(n) => n.as_f64() == Some(0.0),
                        Value::String(s) => s.is_empty(),
                        Value::Array(a) => a.is_empty(),
                        Value::Object(o) => o.is_empty(),
                    };
                    let keep = fixture.contains_key(key) || !empty;
                    if !keep {
                        dropped.push(format!("{path}.{key}"));
                    }
                    keep
                });
                for (key, v) in encoded.iter_mut() {
                    if let Some(f) = fixture.get(key) {
                        drop_predated(v, f, &format!("{path}.{key}"), dropped);
                    }
                }
            }
            (Value::Array(encoded), Value::Array(fixture)) => {
                for (i, (e, f)) in encoded.iter_mut().zip(fixture).enumerate() {
                    drop_predated(e, f, &format!("{path}[{i}]"), dropped);
                }
            }
            _ => {}
        }
    }
    let mut encoded = serde_json::to_value(value).unwrap();
    let mut dropped = Vec::new();
    drop_predated(&mut encoded, fixture, "", &mut dropped);
    assert_eq!(&encoded, fixture);
    if !dropped.is_empty() {
        eprintln!("note: fields the fixture predates, encoded as their defaults: {dropped:?}");
    }
    encoded
}

// ---------------------------------------------------------------------------------------
// Enum wire strings

#[test]
fn known_enum_values_round_trip_exactly() {
    for (value, wire) in [
        (SendRequestLocale::PtBr, "pt-br"),
        (SendRequestLocale::DeDe, "de-DE"),
        (SendRequestLocale::ZhHans, "zh-Hans"),
        (SendRequestLocale::En, "en"),
    ] {
        assert_eq!(value.as_str(), wire);
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(wire));
        let back: SendRequestLocale = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(back, value);
        assert_eq!(SendRequestLocale::from(wire), value);
        assert_eq!(wire.parse::<SendRequestLocale>().unwrap(), value);
    }
    let google: DeliveryMethod = serde_json::from_str("\"oauth_google\"").unwrap();
    assert_eq!(google, DeliveryMethod::OauthGoogle);
    assert_eq!(serde_json::to_string(&google).unwrap(), "\"oauth_google\"");

    // every listed value maps to a known variant and back to the same string
    for &wire in SendRequestLocale::KNOWN_VALUES {
        let v: SendRequestLocale = serde_json::from_value(json!(wire)).unwrap();
        assert!(!matches!(v, SendRequestLocale::Unknown(_)), "{wire}");
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(wire));
    }
    for &wire in DeliveryMethod::KNOWN_VALUES {
        let v: DeliveryMethod = serde_json::from_value(json!(wire)).unwrap();
        assert!(!matches!(v, DeliveryMethod::Unknown(_)), "{wire}");
        assert_eq!(v.as_str(), wire);
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(wire));
    }
    for &wire in FactorType::KNOWN_VALUES {
        let v: FactorType = serde_json::from_value(json!(wire)).unwrap();
        assert!(!matches!(v, FactorType::Unknown(_)), "{wire}");
        assert_eq!(v.as_str(), wire);
    }
}

#[test]
fn unknown_enum_values_round_trip_exactly() {
    for wire in ["xx-YY", "pt-BR", "de-de", "", " en", "zh-Hant"] {
        let v: SendRequestLocale = serde_json::from_value(json!(wire)).unwrap();
        assert!(
            matches!(&v, SendRequestLocale::Unknown(u) if u.as_str() == wire),
            "{wire:?}"
        );
        assert_eq!(v.as_str(), wire);
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(wire));
        assert_eq!(SendRequestLocale::from(wire.to_owned()), v);
    }
    let v: DeliveryMethod = serde_json::from_value(json!("carrier_pigeon")).unwrap();
    assert_eq!(v, DeliveryMethod::from("carrier_pigeon"));
    assert_ne!(v, DeliveryMethod::from("carrier_owl"));
    // non-strings are still rejected
    assert!(serde_json::from_value::<DeliveryMethod>(json!(3)).is_err());
}

// ---------------------------------------------------------------------------------------
// Debug redaction

const REQUEST_SECRETS: [&str; 4] = [
    "987654",
    "ist-DEBUG-INTERMEDIATE-TOKEN",
    "st-DEBUG-SESSION-TOKEN",
    "jwt-DEBUG-SESSION-JWT",
];

#[test]
fn request_debug_hides_code_and_tokens() {
    let send = SendRequest::new(ORG, MEMBER)
        .mfa_phone_number("+15555550123")
        .locale("pt-br")
        .intermediate_session_token(REQUEST_SECRETS[1])
        .session_token(REQUEST_SECRETS[2])
        .session_jwt(REQUEST_SECRETS[3]);
    let authenticate = AuthenticateRequest::new(ORG, MEMBER, REQUEST_SECRETS[0])
        .intermediate_session_token(REQUEST_SECRETS[1])
        .session_token(REQUEST_SECRETS[2])
        .session_jwt(REQUEST_SECRETS[3])
        .session_duration_minutes(60)
        .telemetry_id("telemetry-visible");
    for text in [
        format!("{send:?}"),
        format!("{send:#?}"),
        format!("{authenticate:?}"),
        format!("{authenticate:#?}"),
    ] {
        support::assert_free_of(&text, &REQUEST_SECRETS);
        support::assert_free_of(&text, &[SECRET]);
        assert!(text.contains("[redacted]"), "{text}");
        // non-secret fields are still shown
        assert!(text.contains(MEMBER), "{text}");
    }
    assert!(format!("{authenticate:?}").contains("telemetry-visible"));
    assert!(format!("{send:?}").contains("+15555550123"));
    // unset tokens are shown as None, not as "[redacted]"
    let bare = format!("{:?}", SendRequest::new(ORG, MEMBER));
    assert!(!bare.contains("[redacted]"), "{bare}");
    // the code is secret even when it is the only one
    let bare = format!("{:?}", AuthenticateRequest::new(ORG, MEMBER, "135792"));
    support::assert_free_of(&bare, &["135792"]);
}

#[tokio::test]
async fn response_debug_hides_session_token_and_jwt() {
    let body = fixture_json("authenticate_full.json");
    assert!(fixture("authenticate_full.json").contains(FIXTURE_SESSION_TOKEN));
    let r = authenticate_with(&body).await;
    let jwt_signature = FIXTURE_SESSION_JWT.rsplit('.').next().unwrap();
    for text in [format!("{r:?}"), format!("{r:#?}")] {
        support::assert_free_of(
            &text,
            &[
                FIXTURE_SESSION_TOKEN,
                FIXTURE_SESSION_JWT,
                jwt_signature,
                "FIXTURE-SESSION-TOKEN",
            ],
        );
        assert!(text.contains("[redacted]"), "{text}");
        // the rest is shown
        assert!(text.contains("ada.lovelace@analytical.example"));
    }
}
