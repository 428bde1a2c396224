//! The path a decode error names, checked against an independent implementation.
//!
//! The client finds the path of a failing field from serde_json's error position
//! (`src/json_path.rs`), so that no response type's `Deserialize` code is compiled twice.
//! `serde_path_to_error` tracks the path while deserializing instead. Here both decode the
//! full response fixtures, corrupted at every node (a value of each other JSON type, or a
//! member removed), compact and pretty-printed, and must name the same path whenever they fail.

use serde::de::DeserializeOwned;
use serde_json::Value;
use stytch_b2b_otp_sms::__private::decode_response;
use stytch_b2b_otp_sms::Error;
use stytch_b2b_otp_sms::otp_sms::{AuthenticateResponse, SendResponse};

const SEND_FULL: &str = include_str!("fixtures/send_full.json");
const AUTHENTICATE_FULL: &str = include_str!("fixtures/authenticate_full.json");

/// Every node's JSON pointer, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The bodies derived from `fixture` by corrupting each node in one way; which way rotates
/// with the node, so that every kind of corruption meets every kind of field.
fn corruptions(fixture: &str) -> Vec<String> {
    let original: Value = serde_json::from_str(fixture).unwrap();
    let mut all = Vec::new();
    pointers(&original, String::new(), &mut all);
    let replacements = [
        Value::Null,
        serde_json::json!(7),
        serde_json::json!(-3_000_000_000_i64),
        serde_json::json!("x"),
        serde_json::json!(true),
        serde_json::json!({}),
        serde_json::json!([]),
        serde_json::json!([1, "two"]),
        serde_json::json!({"k": [null]}),
    ];
    let mut bodies = Vec::new();
    for (n, pointer) in all.iter().enumerate() {
        for k in 0..2 {
            let mut body = original.clone();
            *body.pointer_mut(pointer).unwrap() =
                replacements[(n * 2 + k) % replacements.len()].clone();
            bodies.push(body);
        }
        // Remove the member (or the item) itself.
        if let Some((parent, last)) = pointer.rsplit_once('/') {
            let mut body = original.clone();
            match body.pointer_mut(parent).unwrap() {
                Value::Object(map) => {
                    map.remove(&last.replace("~1", "/").replace("~0", "~"));
                }
                Value::Array(items) => {
                    items.remove(last.parse().unwrap());
                }
                _ => unreachable!("a parent is a container"),
            }
            bodies.push(body);
        }
    }
    bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            if i % 4 == 0 {
                serde_json::to_string_pretty(body).unwrap()
            } else {
                serde_json::to_string(body).unwrap()
            }
        })
        .collect()
}

/// Decodes every corruption both ways; returns how many failed (with equal paths).
fn compare<T: DeserializeOwned>(fixture: &str) -> usize {
    let mut failures = 0;
    for body in corruptions(fixture) {
        let ours = decode_response::<T>(200, body.as_bytes());
        let mut de = serde_json::Deserializer::from_str(&body);
        let theirs = serde_path_to_error::deserialize::<_, T>(&mut de);
        match (ours, theirs) {
            (Ok(_), Ok(_)) => {}
            (Err(Error::Decode(ours)), Err(theirs)) => {
                failures += 1;
                assert_eq!(
                    ours.path,
                    theirs.path().to_string(),
                    "paths differ ({}) for\n{body}",
                    theirs.inner()
                );
            }
            (ours, theirs) => panic!(
                "the decoders disagree: ours {:?}, serde_path_to_error {:?}, for\n{body}",
                ours.err(),
                theirs.err()
            ),
        }
    }
    failures
}

#[test]
fn send_response_paths_match_serde_path_to_error() {
    let failures = compare::<SendResponse>(SEND_FULL);
    assert!(
        failures > 200,
        "only {failures} corruptions failed to decode"
    );
}

#[test]
fn authenticate_response_paths_match_serde_path_to_error() {
    let failures = compare::<AuthenticateResponse>(AUTHENTICATE_FULL);
    assert!(
        failures > 500,
        "only {failures} corruptions failed to decode"
    );
}
