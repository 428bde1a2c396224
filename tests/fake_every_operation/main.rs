//! Every operation of Stytch's document, walked against the fake: seeded state, then one
//! step per operation in an order where creates come before reads and deletes, each request
//! built from a small JSON template filled with ids, tokens and codes captured on the way.
//! Every step goes through the generated call table (the SDK) and a recording forwarder, so
//! that both the SDK's decoding and the raw body (against the document's response schema)
//! are judged. The walk must cover every operation of the document, and each request body
//! with a required property missing or of the wrong JSON type must be refused with 400
//! naming that property. All findings are reported together.
#![cfg(feature = "full")]

#[path = "../whole_document/mod.rs"]
mod whole_document;

mod forwarder;
mod negative;
mod steps;
mod steps_login;

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};
use stytch_b2b_otp_sms::Client;
use stytch_b2b_otp_sms_fake::FakeStytch;
use whole_document::{Call, Document, ParamValue, Params, table};

/// Values captured on the way (ids, tokens, codes), by name; `"$name"` in a template.
pub type Vars = Map<String, Value>;
/// Work a step needs done before its request: reading an outbox, playing an identity
/// provider, minting a token through the fake's control API.
pub type Hook = Box<dyn Fn(&FakeStytch, &mut Vars)>;

/// One call of one operation: its body template, parameters, and what to keep.
pub struct Step {
    key: &'static str,
    body: Value,
    params: Vec<(&'static str, &'static str)>,
    keep: Vec<(&'static str, &'static str)>,
    before: Option<Hook>,
}

/// A step calling `key` (`METHOD /template`) with `body` (strings `"$name"` are replaced by
/// captured values).
pub fn op(key: &'static str, body: Value) -> Step {
    Step {
        key,
        body,
        params: Vec::new(),
        keep: Vec::new(),
        before: None,
    }
}

impl Step {
    /// A path, query or header parameter (`"$name"` or a literal).
    pub fn param(mut self, name: &'static str, value: &'static str) -> Step {
        self.params.push((name, value));
        self
    }
    /// Keeps the answer's value at `pointer` (a JSON pointer into the raw body) as `name`.
    pub fn keep(mut self, name: &'static str, pointer: &'static str) -> Step {
        self.keep.push((name, pointer));
        self
    }
    /// Runs `hook` before the request is built.
    pub fn before(mut self, hook: impl Fn(&FakeStytch, &mut Vars) + 'static) -> Step {
        self.before = Some(Box::new(hook));
        self
    }
}

/// The text of a captured value (panics naming it when nothing was captured).
pub fn text(vars: &Vars, name: &str) -> String {
    match vars.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => panic!("no value `{name}` was captured before it was needed"),
    }
}

/// `template` with every `"$name"` string replaced by the captured value.
fn fill(template: &Value, vars: &Vars) -> Result<Value, String> {
    Ok(match template {
        Value::String(s) if s.starts_with('$') => vars
            .get(&s[1..])
            .cloned()
            .ok_or_else(|| format!("no value `{s}` was captured before it was needed"))?,
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| fill(v, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), fill(v, vars)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// A valid request the walk sent: what the negative half breaks.
pub struct Sent {
    /// `METHOD /template`.
    pub key: &'static str,
    /// The body as sent.
    pub body: Value,
    /// The parameters as sent.
    pub params: Vec<(String, String)>,
}

/// The walk's state: the fake, the SDK client (through the forwarder), and the findings.
struct Walk<'a> {
    fake: &'a FakeStytch,
    client: Client,
    log: forwarder::Log,
    document: &'a Document,
    calls: HashMap<&'static str, Call>,
    vars: Vars,
    failures: Vec<String>,
    sent: Vec<Sent>,
}

impl Walk<'_> {
    /// Runs one step; a failure is noted, and the walk goes on.
    async fn run(&mut self, step: Step) {
        match self.prepare(&step) {
            Ok((body, params)) => {
                if let Err(why) = self.call(step.key, &body, &params, &step.keep).await {
                    self.failures.push(format!("{}: {why}", step.key));
                }
                self.sent.push(Sent {
                    key: step.key,
                    body,
                    params,
                });
            }
            Err(why) => self.failures.push(format!("{}: not sent: {why}", step.key)),
        }
    }

    /// Runs the step's hook (a panic there, e.g. no email arrived, is a finding) and fills
    /// its body and parameters.
    fn prepare(&mut self, step: &Step) -> Result<(Value, Vec<(String, String)>), String> {
        if let Some(hook) = &step.before {
            let (fake, vars) = (self.fake, &mut self.vars);
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| hook(fake, vars))).map_err(
                |panic| {
                    panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_else(|| "its preparation panicked".into())
                },
            )?;
        }
        let body = fill(&step.body, &self.vars)?;
        let params = step
            .params
            .iter()
            .map(|(name, value)| {
                let value = fill(&Value::String((*value).to_owned()), &self.vars)?;
                let value = value.as_str().map_or(value.to_string(), str::to_owned);
                Ok(((*name).to_owned(), value))
            })
            .collect::<Result<_, String>>()?;
        Ok((body, params))
    }

    /// Calls `key` through the SDK, judges the raw answer, keeps what the step asks for.
    async fn call(
        &mut self,
        key: &str,
        body: &Value,
        params: &[(String, String)],
        keep: &[(&'static str, &'static str)],
    ) -> Result<(), String> {
        let call = *self
            .calls
            .get(key)
            .ok_or("not an operation of the call table")?;
        let typed = Params::new(
            params
                .iter()
                .map(|(n, v)| (n.clone(), ParamValue::Text(v.clone())))
                .collect(),
        );
        self.log.lock().unwrap().clear();
        let decoded = call(&self.client, body.clone(), &typed).await?;
        let seen = std::mem::take(&mut *self.log.lock().unwrap());
        let last = seen.last().ok_or("no request reached the fake")?;
        let raw = String::from_utf8_lossy(&last.body);
        if !(200..300).contains(&last.status) {
            let (method, target, status) = (&last.method, &last.target, last.status);
            return Err(format!("{method} {target} answered {status} {raw}"));
        }
        decoded.map_err(|e| format!("the SDK failed to decode a 2xx answer: {e}"))?;
        let json: Value =
            serde_json::from_str(&raw).map_err(|e| format!("the body is not JSON: {e}"))?;
        let reference = negative::response_ref(self.document, key)?;
        self.document
            .validate(&reference, &json)
            .map_err(|e| format!("the body violates {reference}: {e}"))?;
        for (name, pointer) in keep {
            let value = json
                .pointer(pointer)
                .ok_or_else(|| format!("the answer has nothing at {pointer} (for `{name}`)"))?;
            self.vars.insert((*name).to_owned(), value.clone());
        }
        Ok(())
    }
}

#[tokio::test]
async fn every_operation_answers_2xx_under_the_document_and_refuses_bad_bodies() {
    // The forwarder's and the negative half's reqwest clients need a rustls provider (the
    // SDK turns on reqwest's `rustls-no-provider`); another test may have installed one.
    // rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); this is the
    // test's own loopback client, independent of the SDK's provider (src/tls.rs).
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let fake = FakeStytch::start().await.unwrap();
    let (url, log) = forwarder::start(fake.base_url()).await;
    let client = Client::builder(fake.project_id(), fake.secret())
        .base_url(url)
        .build()
        .unwrap();
    let document = Document::load();
    let mut walk = Walk {
        fake: &fake,
        client,
        log,
        document: &document,
        calls: table().into_iter().collect(),
        vars: Vars::new(),
        failures: Vec::new(),
        sent: Vec::new(),
    };
    steps::seed(&fake, &mut walk.vars);
    for step in steps::all().into_iter().chain(steps_login::all()) {
        walk.run(step).await;
    }

    // Coverage: the walk called every operation of the call table the fake serves. One the
    // fake answers 501 `operation_not_modelled` (an operation Stytch just added, before the
    // fake models it) cannot be walked: it is named on stderr, not failed, so that taking an
    // API update needs no edit here; every other one without a step fails.
    let walked: BTreeSet<&str> = walk.sent.iter().map(|s| s.key).collect();
    let mut every: BTreeSet<&str> = walk.calls.keys().copied().collect();
    assert_eq!(
        every.len(),
        document_operations(&document),
        "the call table"
    );
    let missing: Vec<&str> = every.difference(&walked).copied().collect();
    for key in missing {
        if negative::not_modelled(&fake, key).await {
            eprintln!("{key}: not walked: the fake does not model it yet (501)");
            every.remove(key);
        } else {
            walk.failures.push(format!("{key}: no step walks it"));
        }
    }

    // The negative half broke a body of every operation whose body has required properties.
    let (broken, refusals) = negative::check(&fake, &document, &walk.sent).await;
    walk.failures.extend(refusals);
    let with_required = every
        .iter()
        .filter(|key| !negative::required(&document, key).is_empty());
    for key in with_required {
        if !broken.contains(key) {
            walk.failures
                .push(format!("{key}: no body of it was broken"));
        }
    }
    assert!(
        walk.failures.is_empty(),
        "{} findings:\n{}",
        walk.failures.len(),
        walk.failures.join("\n")
    );
}

/// How many operations the document has.
fn document_operations(document: &Document) -> usize {
    document.root()["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().keys())
        .filter(|m| ["get", "put", "post", "delete", "patch"].contains(&m.as_str()))
        .count()
}
