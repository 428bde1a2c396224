//! The negative half: each valid body the walk sent, with one required property (by the
//! document's `required` list) left out or given a value of the wrong JSON type, sent raw to
//! the fake (the SDK cannot build such a body), must be refused with 400 naming the
//! property.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use stytch_b2b_otp_sms_fake::FakeStytch;

use crate::Sent;
use crate::whole_document::Document;

/// The operation object of `key` (`METHOD /template`).
fn operation<'d>(document: &'d Document, key: &str) -> Result<&'d Value, String> {
    let (method, template) = key.split_once(' ').ok_or("not `METHOD /template`")?;
    let op = &document.root()["paths"][template][method.to_lowercase()];
    if op.is_object() {
        Ok(op)
    } else {
        Err("not an operation of the document".into())
    }
}

/// The `$ref` of the JSON schema of `content` (a request body or a response).
fn reference_of(content: &Value) -> Option<String> {
    content["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .map(str::to_owned)
}

/// The `$ref` of the schema of `key`'s 200 answer (or its first 2xx one).
pub fn response_ref(document: &Document, key: &str) -> Result<String, String> {
    let responses = operation(document, key)?["responses"]
        .as_object()
        .ok_or("no responses")?;
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, response)| reference_of(response))
        .ok_or_else(|| "no JSON 2xx response in the document".into())
}

/// The schema `schema` names, `$ref` followed.
fn resolve<'d>(document: &'d Document, schema: &'d Value) -> &'d Value {
    match schema["$ref"].as_str() {
        Some(r) => document.root().pointer(&r[1..]).unwrap_or(&Value::Null),
        None => schema,
    }
}

/// A value of another JSON type than `schema` asks for.
fn wrong_type(document: &Document, schema: &Value) -> Value {
    match resolve(document, schema)["type"].as_str() {
        Some("string") => json!(12345),
        Some("array") => json!({"not": "an array"}),
        Some("object") => json!("not an object"),
        _ => json!("not a scalar"),
    }
}

/// The properties the document requires in `key`'s request body (none without a body).
pub fn required(document: &Document, key: &str) -> Vec<String> {
    let Some(reference) = operation(document, key)
        .ok()
        .and_then(|op| reference_of(&op["requestBody"]))
    else {
        return Vec::new();
    };
    resolve(document, &json!({ "$ref": reference }))["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect()
}

/// Breaks the first valid body of each operation; answers the operations checked and every
/// refusal that did not come as 400 naming the property.
pub async fn check(
    fake: &FakeStytch,
    document: &Document,
    sent: &[Sent],
) -> (BTreeSet<&'static str>, Vec<String>) {
    let http = reqwest::Client::new();
    let mut failures = Vec::new();
    let mut done = BTreeSet::new();
    for request in sent {
        let op = operation(document, request.key).expect("walked operations are the document's");
        let Some(reference) = reference_of(&op["requestBody"]) else {
            continue;
        };
        if required(document, request.key).is_empty() || !done.insert(request.key) {
            continue;
        }
        let schema = resolve(document, &json!({ "$ref": reference })).clone();
        for field in schema["required"].as_array().into_iter().flatten() {
            let field = field.as_str().unwrap();
            let mut missing = request.body.clone();
            missing.as_object_mut().unwrap().remove(field);
            let mut wrong = request.body.clone();
            wrong[field] = wrong_type(document, &schema["properties"][field]);
            for (what, body) in [("left out", missing), ("of the wrong type", wrong)] {
                let answer = send(&http, fake, request, &body).await;
                if let Err(why) = names(&answer, field) {
                    failures.push(format!("{}: `{field}` {what}: {why}", request.key));
                }
            }
        }
    }
    (done, failures)
}

/// Sends `body` to `request`'s route; answers the status and the body as JSON.
async fn send(
    http: &reqwest::Client,
    fake: &FakeStytch,
    request: &Sent,
    body: &Value,
) -> (u16, Value) {
    let (method, template) = request.key.split_once(' ').unwrap();
    let path = request
        .params
        .iter()
        .fold(template.to_owned(), |path, (name, value)| {
            path.replace(&format!("{{{name}}}"), value)
        });
    send_to(http, fake, method, &path, body).await
}

/// Sends `body` as `METHOD path` to the fake with its credentials; answers the status and
/// the body as JSON (a string when it is not JSON).
async fn send_to(
    http: &reqwest::Client,
    fake: &FakeStytch,
    method: &str,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let answer = http
        .request(
            method.parse().unwrap(),
            format!("{}{path}", fake.base_url()),
        )
        .basic_auth(fake.project_id(), Some(fake.secret()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("the fake answers");
    let status = answer.status().as_u16();
    let text = answer.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Whether the answer is a 400 naming `field` (in `error_type`, `error_message` or
/// `details.field`).
fn names((status, body): &(u16, Value), field: &str) -> Result<(), String> {
    let named = ["error_type", "error_message"]
        .iter()
        .any(|k| body[k].as_str().is_some_and(|s| s.contains(field)))
        || body["details"]["field"].as_str() == Some(field);
    if *status == 400 && named {
        Ok(())
    } else {
        Err(format!("answered {status} {body}"))
    }
}

/// Whether the fake answers `key` (`METHOD /template`, its path parameters filled with a
/// stand-in) with 501 `operation_not_modelled`: an operation of the document the fake does
/// not serve yet (one Stytch just added), which no step can walk.
pub async fn not_modelled(fake: &FakeStytch, key: &str) -> bool {
    let (method, template) = key.split_once(' ').unwrap();
    let path: String = template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "probe"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    let (status, body) = send_to(&reqwest::Client::new(), fake, method, &path, &json!({})).await;
    status == 501 && body["error_type"] == "operation_not_modelled"
}
