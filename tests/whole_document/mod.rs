//! The whole-API contract, judged by Stytch's document alone (not by our generator):
//! for every operation, a request built from the document's schemas (every required field,
//! random optional ones, awkward strings, exact numbers) goes through the SDK to a hyper
//! server on loopback, which checks the method, the route, every parameter and the body
//! against the document (bodies with an independent JSON Schema validator, `jsonschema`),
//! and answers a random response valid under the document's schema; the SDK must decode it
//! and give every field back.
//!
//! Used by `tests/contract.rs` (a few seeds, in `cargo test`), by `examples/contract.rs` (as
//! many seeds as asked) and, for its call table and minimal bodies, by `tests/wire.rs`; each
//! uses part of it.
#![allow(dead_code)]

use std::collections::HashMap;
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
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Number, Value, json};
use stytch_b2b_otp_sms::{Client, Error};

/// The parameters of one call, by the document's names.
#[derive(Debug, Default, Clone)]
pub struct Params {
    values: Vec<(String, ParamValue)>,
}

/// One parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A string (path, header, or string query parameter).
    Text(String),
    /// A boolean query parameter.
    Flag(bool),
    /// An integer query parameter.
    Number(i32),
}

impl Params {
    /// Parameters by the document's names.
    pub fn new(values: Vec<(String, ParamValue)>) -> Params {
        Params { values }
    }
    fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }
    /// A string parameter the call has (a path parameter, or a required query string).
    pub fn text(&self, name: &str) -> String {
        self.opt_text(name).unwrap_or_default()
    }
    /// An optional string parameter.
    pub fn opt_text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            ParamValue::Text(t) => Some(t.clone()),
            _ => None,
        }
    }
    /// A parameter the call has, decoded into the field's type (the call table's getter for
    /// required parameters).
    pub fn value<T: serde::de::DeserializeOwned>(&self, name: &str) -> T {
        self.opt_value(name)
            .unwrap_or_else(|| panic!("the test gave no value for parameter `{name}`"))
    }
    /// An optional parameter, decoded into the field's type.
    pub fn opt_value<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        let value = match self.get(name)? {
            ParamValue::Text(t) => Value::String(t.clone()),
            ParamValue::Flag(b) => Value::Bool(*b),
            ParamValue::Number(n) => Value::from(*n),
        };
        Some(serde_json::from_value(value).unwrap_or_else(|e| panic!("parameter `{name}`: {e}")))
    }
}

/// What a call gives: the SDK's answer as JSON, or why the call could not be made.
pub type Answer = Pin<Box<dyn Future<Output = Result<Result<Value, Error>, String>> + Send>>;
/// How the SDK calls one operation: a request decoded from a JSON body, parameters set.
pub type Call = fn(&Client, Value, &Params) -> Answer;

macro_rules! call {
    ($key:literal, $req:ty, |$c:ident, $($r:ident)+, $p:ident| { $($body:tt)* }) => {
        ($key, {
            fn call(client: &Client, body: Value, params: &Params) -> Answer {
                let request: $req = match serde_json::from_value(body) {
                    Ok(request) => request,
                    Err(e) => return Box::pin(async move { Err(format!("the request type refused the body: {e}")) }),
                };
                let pending = (|$c: &Client, $($r)+: $req, $p: &Params| { $($body)* })(client, request, params);
                Box::pin(async move {
                    match pending.await {
                        Ok(answer) => serde_json::to_value(answer)
                            .map(Ok)
                            .map_err(|e| format!("the response does not serialize: {e}")),
                        Err(e) => Ok(Err(e)),
                    }
                })
            }
            call as Call
        })
    };
}

// `fn calls()`: every operation of the document, keyed `METHOD /template`, and how the SDK
// calls it, generated from the same document into `OUT_DIR` (`codegen/src/calls.rs`), so an
// operation Stytch adds is called without an edit here. Every call is judged by the document
// below, not by that table.
include!(concat!(env!("OUT_DIR"), "/test_calls.rs"));

/// Every operation of the document and how the SDK calls it.
pub fn table() -> Vec<(&'static str, Call)> {
    calls()
}

/// What the server saw of one request.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// The HTTP method.
    pub method: String,
    /// The request target as received (path and query, still encoded).
    pub target: String,
    /// Each header's name and exact bytes.
    pub headers: Vec<(String, Vec<u8>)>,
    /// The body.
    pub body: Vec<u8>,
}

/// What [`server`] saw, and what it answers.
#[derive(Default)]
pub struct Exchange {
    /// The requests received, oldest first.
    pub seen: Vec<Seen>,
    /// The JSON body every request is answered with.
    pub answer: Vec<u8>,
}

/// A hyper HTTP/1 server on loopback: records each request, answers the prepared body.
pub async fn server(exchange: Arc<Mutex<Exchange>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let exchange = Arc::clone(&exchange);
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<Incoming>| {
                    let exchange = Arc::clone(&exchange);
                    async move {
                        let mut seen = Seen {
                            method: req.method().to_string(),
                            target: req.uri().to_string(),
                            headers: req
                                .headers()
                                .iter()
                                .map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().to_vec()))
                                .collect(),
                            body: Vec::new(),
                        };
                        seen.body = req
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes().to_vec())
                            .unwrap_or_default();
                        let mut exchange = exchange.lock().unwrap();
                        exchange.seen.push(seen);
                        let mut response =
                            hyper::Response::new(Full::new(Bytes::from(exchange.answer.clone())));
                        response.headers_mut().insert(
                            "content-type",
                            hyper::header::HeaderValue::from_static("application/json"),
                        );
                        Ok::<_, Infallible>(response)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    format!("http://{addr}")
}

/// Stytch's document, its validators, and random values from its schemas.
pub struct Document {
    root: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

/// How deep random objects go before only required fields are filled.
const DEPTH: usize = 5;

impl Document {
    /// `schema/stytch-b2b.openapi.json`, as Stytch publishes it (prose removed).
    pub fn load() -> Document {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/schema/stytch-b2b.openapi.json"
        ))
        .expect("the base document");
        Document {
            root: serde_json::from_str(&text).expect("JSON"),
            validators: Mutex::default(),
        }
    }

    /// A body for `op` (an operation object of the document) with only its required fields,
    /// `{}` when it takes none.
    pub fn minimal_body(&self, op: &Value, rng: &mut StdRng) -> Value {
        match reference_of(&op["requestBody"]) {
            Some(r) => self.instance(&json!({"$ref": r}), rng, DEPTH),
            None => json!({}),
        }
    }

    /// The document's JSON.
    pub fn root(&self) -> &Value {
        &self.root
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => self
                .root
                .pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("unresolved {r}")),
            None => schema,
        }
    }

    /// The validator of a `$ref` (draft 4, the JSON Schema of OpenAPI 3.0).
    fn validator(&self, reference: &str) -> Arc<jsonschema::Validator> {
        let mut cache = self.validators.lock().unwrap();
        Arc::clone(cache.entry(reference.to_owned()).or_insert_with(|| {
            let schema = json!({
                "$ref": reference,
                "components": self.root["components"],
            });
            Arc::new(
                jsonschema::draft4::options()
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("{reference}: {e}")),
            )
        }))
    }

    /// Judges `instance` by the schema `reference` names; answers the first few violations.
    pub fn validate(&self, reference: &str, instance: &Value) -> Result<(), String> {
        let validator = self.validator(reference);
        let errors: Vec<String> = validator
            .iter_errors(instance)
            .take(3)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// A random instance of `schema`: every required property, each optional one half the
    /// time (only required ones below [`DEPTH`]).
    fn instance(&self, schema: &Value, rng: &mut StdRng, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values[rng.random_range(0..values.len())].clone();
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => Value::String(awkward_text(rng)),
            Some("integer") => {
                let min = schema["minimum"].as_i64().unwrap_or(i64::from(i32::MIN));
                let max = i64::from(i32::MAX);
                let n = match rng.random_range(0..4) {
                    0 => min,
                    1 => max,
                    _ => rng.random_range(min..=max),
                };
                Value::Number(n.into())
            }
            Some("number") => Value::Number(Number::from_f64(exact_double(rng)).unwrap()),
            Some("boolean") => Value::Bool(rng.random()),
            Some("array") => {
                let n = if depth >= DEPTH {
                    0
                } else {
                    rng.random_range(0..3)
                };
                Value::Array(
                    (0..n)
                        .map(|_| self.instance(&schema["items"], rng, depth + 1))
                        .collect(),
                )
            }
            _ => self.object(schema, rng, depth),
        }
    }

    fn object(&self, schema: &Value, rng: &mut StdRng, depth: usize) -> Value {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = Map::new();
        match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => {
                for (name, property) in properties {
                    let wanted = required.contains(&name.as_str())
                        || (depth < DEPTH && rng.random_bool(0.5));
                    if wanted {
                        out.insert(name.clone(), self.instance(property, rng, depth + 1));
                    }
                }
            }
            // A map: of the values `additionalProperties` describes, or free-form (metadata,
            // claims: any JSON, numbers at their edges).
            None => {
                let values = schema
                    .get("additionalProperties")
                    .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()));
                let n = if depth >= DEPTH {
                    0
                } else {
                    rng.random_range(0..4)
                };
                for i in 0..n {
                    let key = format!("{}{i}", awkward_text(rng));
                    let value = match values {
                        Some(values) => self.instance(values, rng, depth + 1),
                        None => free_value(rng, depth + 1),
                    };
                    out.insert(key, value);
                }
            }
        }
        Value::Object(out)
    }
}

/// Strings that JSON, the SDK's types and its `Debug` must carry unchanged.
fn awkward_text(rng: &mut StdRng) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", " ", "\"", "\\", "/", "\u{0}", "\t", "\n", "\u{7f}", "é", "ß", "中", "🦀",
        "\u{200b}", "\u{fffd}", "%2e", "..", "{", "}", "&", "=", "+", "?", "#", "<", "'",
    ];
    let n = rng.random_range(1..8);
    (0..n)
        .map(|_| PIECES[rng.random_range(0..PIECES.len())])
        .collect()
}

/// A double whose shortest text reads back as itself: edges and long decimals.
fn exact_double(rng: &mut StdRng) -> f64 {
    const EDGES: &[f64] = &[
        0.1,
        12_596_257.128_718_853,
        -0.0,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        9_007_199_254_740_993.0,
        1e21,
    ];
    if rng.random_bool(0.5) {
        EDGES[rng.random_range(0..EDGES.len())]
    } else {
        let mantissa: f64 = rng.random_range(-1.0..1.0);
        mantissa * 10f64.powi(rng.random_range(-300..300))
    }
}

/// Any JSON value, as free-form maps hold.
fn free_value(rng: &mut StdRng, depth: usize) -> Value {
    let leaf = depth >= DEPTH;
    match rng.random_range(0..if leaf { 5 } else { 7 }) {
        0 => Value::String(awkward_text(rng)),
        1 => Value::Number(Number::from_f64(exact_double(rng)).unwrap()),
        2 => Value::Number([u64::MAX, 9_007_199_254_740_993, 0][rng.random_range(0..3)].into()),
        3 => Value::Number(i64::MIN.into()),
        4 => Value::Bool(rng.random()),
        5 => Value::Array(
            (0..rng.random_range(0..3))
                .map(|_| free_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.random_range(0..3))
                .map(|i| (format!("k{i}"), free_value(rng, depth + 1)))
                .collect(),
        ),
    }
}

/// A path parameter: any awkward text but empty, `.` and `..` (which the SDK refuses,
/// checked by tests/wire.rs).
fn path_value(rng: &mut StdRng) -> String {
    loop {
        let t = awkward_text(rng);
        if !t.is_empty() && t != "." && t != ".." {
            return t;
        }
    }
}

/// A header value HTTP carries exactly.
fn header_value(rng: &mut StdRng) -> String {
    let n = rng.random_range(1..40);
    (0..n)
        .map(|i| {
            let c = rng.random_range(0x21u8..0x7f);
            if i > 0 && i < n - 1 && rng.random_bool(0.1) {
                ' '
            } else {
                c as char
            }
        })
        .collect()
}

/// One operation of the document.
struct Operation<'d> {
    method: String,
    path: &'d str,
    op: &'d Value,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations in the document.
    pub operations: usize,
    /// Calls made (operations × seeds).
    pub calls: usize,
    /// What went wrong, one line per failed call (operation, seed and why).
    pub failures: Vec<String>,
}

/// Runs every operation of the document once per seed in `seeds`.
pub fn run(seeds: std::ops::Range<u64>) -> Report {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let exchange: Arc<Mutex<Exchange>> = Arc::default();
    let base_url = runtime.block_on(server(Arc::clone(&exchange)));
    let client = Client::builder("project-test-contract", "secret-test-contract")
        .base_url(&base_url)
        .build()
        .unwrap();
    let document = Document::load();
    let table = table();
    let mut operations = Vec::new();
    for (path, item) in document.root["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations.push(Operation {
                method: method.to_uppercase(),
                path,
                op,
            });
        }
    }
    let mut report = Report {
        operations: operations.len(),
        ..Report::default()
    };
    for operation in &operations {
        let key = format!("{} {}", operation.method, operation.path);
        let Some(call) = table.iter().find(|(k, _)| *k == key).map(|(_, c)| *c) else {
            report
                .failures
                .push(format!("{key}: not in the contract table"));
            continue;
        };
        for seed in seeds.clone() {
            report.calls += 1;
            let mut rng = StdRng::seed_from_u64(seed ^ fxhash(&key));
            if let Err(why) = one_call(
                &runtime, &client, &exchange, &document, operation, call, &mut rng,
            ) {
                report.failures.push(format!("{key} (seed {seed}): {why}"));
            }
        }
    }
    if table.len() != operations.len() {
        report.failures.push(format!(
            "the table has {} operations, the document {}",
            table.len(),
            operations.len()
        ));
    }
    report
}

/// A stable hash of an operation's key, so that each operation gets its own values.
fn fxhash(key: &str) -> u64 {
    key.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn reference_of(content: &Value) -> Option<&str> {
    content["content"]["application/json"]["schema"]["$ref"].as_str()
}

fn one_call(
    runtime: &tokio::runtime::Runtime,
    client: &Client,
    exchange: &Mutex<Exchange>,
    document: &Document,
    operation: &Operation<'_>,
    call: Call,
    rng: &mut StdRng,
) -> Result<(), String> {
    // The request: parameters and body from the document.
    let mut params = Params::default();
    for p in operation.op["parameters"].as_array().into_iter().flatten() {
        let name = p["name"].as_str().unwrap().to_owned();
        let required = p["required"].as_bool().unwrap_or(false);
        if !required && !rng.random_bool(0.7) {
            continue;
        }
        let value = match (
            p["in"].as_str().unwrap(),
            p["schema"]["type"].as_str().unwrap(),
        ) {
            ("path", _) => ParamValue::Text(path_value(rng)),
            ("header", _) => ParamValue::Text(header_value(rng)),
            (_, "boolean") => ParamValue::Flag(rng.random()),
            (_, "integer") => ParamValue::Number(rng.random()),
            _ => ParamValue::Text(awkward_text(rng)),
        };
        params.values.push((name, value));
    }
    let request_ref = reference_of(&operation.op["requestBody"]);
    let body = match request_ref {
        Some(r) => document.instance(&json!({"$ref": r}), rng, 0),
        None => json!({}),
    };
    if let Some(r) = request_ref {
        document
            .validate(r, &body)
            .map_err(|e| format!("our random request is not valid ({r}): {e}"))?;
    }
    let response_ref = reference_of(&operation.op["responses"]["200"])
        .ok_or("no JSON 200 response in the document")?;
    let answer = document.instance(&json!({"$ref": response_ref}), rng, 0);
    document
        .validate(response_ref, &answer)
        .map_err(|e| format!("our random answer is not valid ({response_ref}): {e}"))?;
    {
        let mut exchange = exchange.lock().unwrap();
        exchange.seen.clear();
        exchange.answer = serde_json::to_vec(&answer).unwrap();
    }

    let decoded = runtime.block_on(call(client, body.clone(), &params))?;
    let seen = std::mem::take(&mut exchange.lock().unwrap().seen);
    let [seen] = seen.as_slice() else {
        return Err(format!(
            "{} requests reached the server (one expected): {decoded:?}",
            seen.len()
        ));
    };
    check_request(document, operation, &params, request_ref, &body, seen)?;
    let decoded = decoded.map_err(|e| format!("the SDK failed on a valid answer: {e}"))?;
    same_fields(&answer, &decoded, "$")
}

/// The request as the document says it must be.
fn check_request(
    document: &Document,
    operation: &Operation<'_>,
    params: &Params,
    request_ref: Option<&str>,
    body: &Value,
    seen: &Seen,
) -> Result<(), String> {
    if seen.method != operation.method {
        return Err(format!(
            "method {} (document: {})",
            seen.method, operation.method
        ));
    }
    let uri = UriRef::parse(seen.target.as_str())
        .map_err(|e| format!("request target {:?} is not RFC 3986: {e}", seen.target))?;
    let segments: Vec<Vec<u8>> = uri
        .path()
        .segments_if_absolute()
        .ok_or("not an absolute path")?
        .map(|s| s.decode().to_bytes().into_owned())
        .collect();
    let template: Vec<&str> = operation.path.trim_start_matches('/').split('/').collect();
    if segments.len() != template.len() {
        return Err(format!(
            "{} has {} segments, the template {}",
            seen.target,
            segments.len(),
            template.len()
        ));
    }
    for (got, part) in segments.iter().zip(&template) {
        let want = match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => params.text(name),
            None => (*part).to_owned(),
        };
        if got.as_slice() != want.as_bytes() {
            return Err(format!(
                "segment {:?} of {} should be {want:?}",
                String::from_utf8_lossy(got),
                seen.target
            ));
        }
    }
    // Query: exactly the query parameters that were set, each with its value.
    let mut got: Vec<(String, String)> = uri
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
    let mut want: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    for p in operation.op["parameters"].as_array().into_iter().flatten() {
        let name = p["name"].as_str().unwrap();
        let Some(value) = params.get(name) else {
            continue;
        };
        let text = match value {
            ParamValue::Text(t) => t.clone(),
            ParamValue::Flag(b) => b.to_string(),
            ParamValue::Number(n) => n.to_string(),
        };
        match p["in"].as_str().unwrap() {
            "query" => want.push((name.to_owned(), text)),
            "header" => headers.push((name.to_ascii_lowercase(), text)),
            _ => {}
        }
    }
    got.sort();
    want.sort();
    if got != want {
        return Err(format!("query {got:?}, expected {want:?}"));
    }
    for p in operation.op["parameters"].as_array().into_iter().flatten() {
        if p["in"] != "header" {
            continue;
        }
        let name = p["name"].as_str().unwrap().to_ascii_lowercase();
        let got: Vec<&[u8]> = seen
            .headers
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_slice())
            .collect();
        let want: Vec<&[u8]> = headers
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_bytes())
            .collect();
        if got != want {
            return Err(format!("header {name}: {got:?}, expected {want:?}"));
        }
    }
    let authorization = seen.headers.iter().find(|(k, _)| k == "authorization");
    if !authorization.is_some_and(|(_, v)| v.starts_with(b"Basic ")) {
        return Err("no basic authorization".into());
    }
    // Body: valid under the document, and the very instance the request was built from.
    match request_ref {
        Some(r) => {
            let sent: Value =
                serde_json::from_slice(&seen.body).map_err(|e| format!("body is not JSON: {e}"))?;
            document
                .validate(r, &sent)
                .map_err(|e| format!("the SDK sent a body the document refuses ({r}): {e}"))?;
            if &sent != body {
                return Err(format!("body changed: sent {sent}, built from {body}"));
            }
        }
        None => {
            if !seen.body.is_empty() {
                return Err(format!(
                    "a bodiless operation sent {} bytes",
                    seen.body.len()
                ));
            }
        }
    }
    Ok(())
}

/// Every field of `sent` is in `decoded` with the same value (an empty list or map may be
/// absent: the SDK reads absent and empty alike), and `decoded` has nothing `sent` did not.
fn same_fields(sent: &Value, decoded: &Value, at: &str) -> Result<(), String> {
    match (sent, decoded) {
        (Value::Object(s), Value::Object(d)) => {
            for (k, v) in s {
                match d.get(k) {
                    Some(dv) => same_fields(v, dv, &format!("{at}.{k}"))?,
                    None if is_empty(v) => {}
                    None => return Err(format!("{at}.{k} = {v} did not come back")),
                }
            }
            for (k, v) in d {
                if !s.contains_key(k) && !is_empty(v) && !v.is_null() {
                    return Err(format!("{at}.{k} = {v} came back but was not sent"));
                }
            }
            Ok(())
        }
        (Value::Array(s), Value::Array(d)) if s.len() == d.len() => s
            .iter()
            .zip(d)
            .enumerate()
            .try_for_each(|(i, (s, d))| same_fields(s, d, &format!("{at}[{i}]"))),
        _ if sent == decoded => Ok(()),
        _ => Err(format!("{at}: sent {sent}, decoded {decoded}")),
    }
}

fn is_empty(v: &Value) -> bool {
    matches!(v, Value::Array(a) if a.is_empty()) || matches!(v, Value::Object(o) if o.is_empty())
}

/// `application/x-www-form-urlencoded` read back with the independent parser: `+` is a
/// space, the rest is percent-decoded.
pub fn form_decode(raw: &str) -> String {
    let spaced = raw.replace('+', "%20");
    match EStr::<Query>::new(&spaced) {
        Some(estr) => String::from_utf8_lossy(&estr.decode().to_bytes()).into_owned(),
        None => format!("<invalid query component {raw:?}>"),
    }
}
