//! Parameters on the wire, for every operation of Stytch's document that has any, with
//! arbitrary strings (proptest, seeded): the request line that reaches a real HTTP server
//! (hyper), read back by an independent RFC 3986 parser (`fluent-uri`), has exactly the
//! template's segments, each path parameter's exact bytes, and each query parameter's exact
//! value; each header arrives with its exact bytes. A value that cannot be sent as given (an
//! empty, `.` or `..` path parameter; a header value with a control character or spaces at
//! either end) is refused with `Error::Argument` naming the parameter, and nothing is sent.
//!
//! The templates and parameters come from Stytch's document (`schema/stytch-b2b.openapi.json`),
//! not from the generated code; the calls come from the table `tests/whole_document/` shares
//! (generated from the same document, so an operation Stytch adds is called too), with a body
//! of the operation's required fields.
//!
//! Needs `--features full` (CI runs it so).
#![cfg(feature = "full")]

// The call table (generated from the document into `OUT_DIR`) and minimal bodies.
mod whole_document;

use whole_document::{Exchange, Seen, form_decode};

use std::sync::{Arc, Mutex};

use fluent_uri::UriRef;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestRunner};
use serde_json::Value;
use stytch_b2b_otp_sms::{Client, Error};

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
            Err(Error::Argument(e)) => {
                prop_assert_eq!(e.parameter, name.as_str());
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
    if let Err(Error::Argument(e)) = &result {
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
fn every_operation_with_parameters_is_called() {
    let table = whole_document::table();
    for t in document_templates() {
        let key = format!("{} {}", t.method, t.path);
        assert!(
            table.iter().any(|(k, _)| *k == key),
            "{key} has parameters but the call table does not call it"
        );
    }
}

/// The parameters of one case, by the document's names: every parameter of the operation.
fn params_of(template: &Template, values: &Values) -> whole_document::Params {
    use whole_document::ParamValue;
    let mut path = values.path.iter();
    let values = template
        .parameters
        .iter()
        .map(|(name, place, ty, _)| {
            let value = match (place.as_str(), ty.as_str()) {
                ("path", _) => ParamValue::Text(path.next().cloned().unwrap_or_default()),
                ("header", _) => ParamValue::Text(values.header.clone()),
                (_, "boolean") => ParamValue::Flag(values.flag),
                (_, "integer") => ParamValue::Number(values.number),
                _ => ParamValue::Text(values.text.clone()),
            };
            (name.clone(), value)
        })
        .collect();
    whole_document::Params::new(values)
}

#[test]
fn parameters_arrive_exactly_or_are_refused_by_name() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let exchange: Arc<Mutex<Exchange>> = Arc::default();
    exchange.lock().unwrap().answer = b"{}".to_vec();
    let base_url = runtime.block_on(whole_document::server(Arc::clone(&exchange)));
    let client = Client::builder("project-test-1", "secret-test-1")
        .base_url(&base_url)
        .build()
        .unwrap();
    let cases: u32 = std::env::var("WIRE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let table = whole_document::table();
    let document = whole_document::Document::load();
    for template in document_templates() {
        let key = format!("{} {}", template.method, template.path);
        let call = table.iter().find(|(k, _)| *k == key).unwrap().1;
        let op = &document.root()["paths"][&template.path][template.method.to_lowercase()];
        let body = document.minimal_body(op, &mut rand::SeedableRng::seed_from_u64(24));
        let strategy = values(path_parameters(&template.path).len());
        runner(cases)
            .run(&strategy, |values| {
                exchange.lock().unwrap().seen.clear();
                let answer =
                    runtime.block_on(call(&client, body.clone(), &params_of(&template, &values)));
                let result = answer.map_err(TestCaseError::fail)?.map(drop);
                let seen = exchange.lock().unwrap().seen.clone();
                check(&template, &values, result, &seen)
            })
            .unwrap_or_else(|e| panic!("{key}: {e}"));
    }
}
