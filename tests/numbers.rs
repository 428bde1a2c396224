//! Numbers in free-form JSON survive the SDK exactly, in both directions: a request's
//! free-form map (`session_custom_claims`) is sent with each number's text as given, and a
//! response's free-form maps (a Member's `trusted_metadata` and `untrusted_metadata`, a
//! session's `custom_claims`), nested objects and arrays included, decode to values that
//! encode back to the same text. Before `float_roundtrip`, `12596257.128718853` came back as
//! `12596257.128718851`.

mod support;

use serde_json::{Map, Value, json};
use stytch_b2b_otp_sms::otp_sms;
use support::{Response, Server, client, fixture_json};

/// Numbers at the edges of what a double and a 64-bit integer hold, each written as
/// `serde_json` writes it (the shortest text that reads back as the same double).
const BOUNDARY: &[&str] = &[
    "12596257.128718853",
    "0.1",
    "0.30000000000000004",
    "-0.0",
    "9007199254740993",
    "-9007199254740993",
    "18446744073709551615",
    "-9223372036854775808",
    "1.7976931348623157e+308",
    "-1.7976931348623157e+308",
    "5e-324",
    "2.2250738585072014e-308",
    "1e+21",
    "1.2345678901234566e-7",
    "123456.78901234567",
    "3.141592653589793",
];

/// Beyond a double or a 64-bit integer: exact only with the `exact-numbers` feature (which
/// keeps each number's digits; an exponent is written `e+` or `e-`).
#[cfg(feature = "exact-numbers")]
const BEYOND: &[&str] = &[
    "123456789012345678901234567890",
    "-98765432109876543210",
    "0.1000000000000000055511151231257827021181583404541015625",
    "12596257.12871885300000001",
    "1e+400",
    "-2.5e-400",
    "1.50",
];

fn numbers() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut all = BOUNDARY.to_vec();
    #[cfg(feature = "exact-numbers")]
    all.extend_from_slice(BEYOND);
    all
}

/// A JSON object text `{"n0": <number>, ..., "nested": {"list": [<numbers>]}}`, and the
/// same parsed.
fn object_text() -> String {
    let members: Vec<String> = numbers()
        .iter()
        .enumerate()
        .map(|(i, n)| format!("\"n{i}\":{n}"))
        .collect();
    let list = numbers().join(",");
    format!(
        "{{{},\"nested\":{{\"list\":[{list}],\"deeper\":{{\"n\":{}}}}}}}",
        members.join(","),
        numbers()[0]
    )
}

/// Every number of `text` appears in `encoded` with its exact text.
fn assert_every_number_kept(encoded: &str, context: &str) {
    for (i, n) in numbers().iter().enumerate() {
        assert!(
            encoded.contains(&format!("\"n{i}\":{n}")),
            "{context}: n{i} = {n} changed: {encoded}"
        );
    }
    assert!(
        encoded.contains(&format!("\"list\":[{}]", numbers().join(","))),
        "{context}: the array changed: {encoded}"
    );
}

#[tokio::test]
async fn a_request_free_form_map_is_sent_with_every_number_exact() {
    let claims: Map<String, Value> = serde_json::from_str(&object_text()).unwrap();
    let server = Server::start(Response::json(
        200,
        &fixture_json("authenticate_minimal.json"),
    ))
    .await;
    client(&server)
        .otps()
        .sms()
        .authenticate(
            otp_sms::AuthenticateRequest::new("org-1", "member-1", "123456")
                .session_custom_claims(claims),
        )
        .await
        .unwrap();
    let body = String::from_utf8(server.single_request().body).unwrap();
    assert_every_number_kept(&body, "request body");
}

#[tokio::test]
async fn response_free_form_maps_decode_every_number_exact() {
    let mut answer = fixture_json("authenticate_full.json");
    answer["member"]["trusted_metadata"] = json!("__TRUSTED__");
    answer["member"]["untrusted_metadata"] = json!("__UNTRUSTED__");
    answer["member_session"]["custom_claims"] = json!("__CLAIMS__");
    let text = serde_json::to_string(&answer)
        .unwrap()
        .replace("\"__TRUSTED__\"", &object_text())
        .replace("\"__UNTRUSTED__\"", &object_text())
        .replace("\"__CLAIMS__\"", &object_text());
    let server = Server::start(Response::json_text(200, text)).await;
    let answer = client(&server)
        .otps()
        .sms()
        .authenticate(otp_sms::AuthenticateRequest::new(
            "org-1", "member-1", "123456",
        ))
        .await
        .unwrap();
    let encode = |map: &Map<String, Value>| serde_json::to_string(map).unwrap();
    assert_every_number_kept(&encode(&answer.member.trusted_metadata), "trusted_metadata");
    assert_every_number_kept(
        &encode(&answer.member.untrusted_metadata),
        "untrusted_metadata",
    );
    let session = answer.member_session.expect("the fixture has a session");
    assert_every_number_kept(&encode(&session.custom_claims), "custom_claims");
}

/// The decoded values are the numbers, not only their text: an integer beyond 2^53 is an
/// integer, and a long decimal is the double nearest to it.
#[test]
fn decoded_numbers_have_their_exact_values() {
    let map: Map<String, Value> = serde_json::from_str(&object_text()).unwrap();
    assert_eq!(map["n4"].as_u64(), Some(9_007_199_254_740_993));
    assert_eq!(map["n6"].as_u64(), Some(u64::MAX));
    assert_eq!(map["n7"].as_i64(), Some(i64::MIN));
    assert_eq!(map["n0"].as_f64(), Some(12_596_257.128_718_853));
    assert_eq!(map["n10"].as_f64(), Some(5e-324));
    assert_eq!(map["n8"].as_f64(), Some(f64::MAX));
}
