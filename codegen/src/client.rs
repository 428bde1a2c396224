//! Client methods: one per operation, reached through accessors that follow
//! the path, like Stytch's other SDKs (`client.otps().sms().send(..)`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Error;
use crate::docs;
use crate::gates::Gate;
use crate::names;
use crate::openapi::{Location, Operation, Property, SchemaKind};
use crate::settings::Settings;
use crate::types::{Field, Types};

/// An operation placed in the resource tree.
pub(crate) struct Placed<'a> {
    pub(crate) op: &'a Operation,
    /// Resource segments, e.g. `["otps", "sms"]`.
    pub(crate) resources: Vec<&'a str>,
    /// Method name, e.g. `send`.
    pub(crate) method: String,
    /// The cargo features the method needs (set by `layout`).
    pub(crate) gate: Gate,
}

/// Places an operation: its resources are the path's resource segments (no version, no
/// product family, no `{parameter}`); its method is the action named by its `operationId`,
/// and trailing segments that spell that action are not resources (`/otps/sms/send` with
/// action `send` is `otps().sms().send(..)`; `/rotate/start` with `rotate_start` is
/// `rotate_start(..)`; `/connections/{id}` with `delete_connection` is `delete_connection(..)`).
/// Without an `operationId` in the settings' grammar ([`Settings::operation_action`]) the last
/// segment is the method.
pub(crate) fn place<'a>(op: &'a Operation, settings: &Settings) -> Result<Placed<'a>, Error> {
    let mut segments: Vec<&str> = op
        .path
        .split('/')
        .filter(|s| settings.is_resource_segment(s))
        .collect();
    let method = match (settings.operation_action)(&op.id) {
        Some(action) => action,
        None => segments
            .pop()
            .map(|s| names::field_ident(s).to_string())
            .ok_or_else(|| {
                Error::new(format!(
                    "operation `{}`: path `{}` names no resource",
                    op.id, op.path
                ))
            })?,
    };
    let spells = |joined: &str| {
        let singular = joined.strip_suffix('s').unwrap_or(joined);
        [joined, singular]
            .iter()
            .any(|j| method == *j || method.ends_with(&format!("_{j}")))
    };
    for k in (1..=2.min(segments.len().saturating_sub(1))).rev() {
        let joined = segments[segments.len() - k..].join("_");
        if spells(&joined) {
            segments.truncate(segments.len() - k);
            break;
        }
    }
    if segments.is_empty() {
        return Err(Error::new(format!(
            "operation `{}`: path `{}` needs a resource segment before the action",
            op.id, op.path
        )));
    }
    Ok(Placed {
        op,
        resources: segments,
        method: names::field_ident(&method).to_string(),
        gate: Gate::always(),
    })
}

/// One naming rule for the whole API, applied after [`place`] (the README's "Names" section
/// says the same for users):
///
/// 1. **A read says so.** A `GET` whose action has no `get` in it gains one
///    (`metrics` → `get_metrics`, `policy` → `get_policy`).
/// 2. **Collections are plural handles; methods are verbs.** A collection is a path segment
///    followed by its own id (`connections/{connection_id}`, `passwords/{member_password_id}`).
///    An action `<verb>_<noun>` whose noun, in the plural, is such a collection in the path of
///    an operation on the same handle becomes `<verb>` on that collection's handle:
///    `sso().saml().update_connection(..)` is `sso().saml().connections().update(..)`, as
///    `update_by_url` already was. `get_` with a plural noun lists: `get_connections` is
///    `connections().list(..)`.
/// 3. **A singular handle beside its plural is the plural**: `/organizations/{id}/member` is
///    under `organizations().members()`. A singular handle with no plural beside it names a
///    resource its parent has one of (`scim().connection()`).
///
/// Collisions the rule would make are reported by [`layout`] as before.
fn name_by_the_rule(placed: &mut [Placed<'_>]) {
    for p in placed.iter_mut() {
        if p.op.method.eq_ignore_ascii_case("GET") && !p.method.split('_').any(|w| w == "get") {
            p.method = format!("get_{}", p.method);
        }
    }
    let collections: Vec<&str> = placed
        .iter()
        .flat_map(|p| collections_of(&p.op.path))
        .collect();
    let moves: Vec<Option<(&str, String)>> = placed
        .iter()
        .map(|p| {
            let (verb, noun) = p.method.split_once('_')?;
            let plural = if noun.ends_with('s') {
                noun.to_string()
            } else {
                format!("{noun}s")
            };
            let collection = *collections.iter().find(|c| **c == plural)?;
            let on_this_handle = placed
                .iter()
                .filter(|q| q.resources == p.resources)
                .any(|q| q.op.path.split('/').any(|s| s == collection));
            let method = if verb == "get" && noun == plural {
                "list".to_string()
            } else {
                verb.to_string()
            };
            on_this_handle.then_some((collection, method))
        })
        .collect();
    for (p, moved) in placed.iter_mut().zip(moves) {
        if let Some((collection, method)) = moved {
            p.resources.push(collection);
            p.method = method;
        }
    }
    let chains: Vec<Vec<&str>> = placed.iter().map(|p| p.resources.clone()).collect();
    for p in placed.iter_mut() {
        for i in 0..p.resources.len() {
            let plural = format!("{}s", p.resources[i]);
            let sibling = chains.iter().find_map(|c| {
                (c.len() > i && c[..i] == p.resources[..i] && c[i] == plural).then(|| c[i])
            });
            if let Some(sibling) = sibling {
                p.resources[i] = sibling;
            }
        }
    }
}

/// The collections a path names: each segment followed by its own id, a `{parameter}` ending
/// in the segment's last word in the singular and `_id` (`connected_apps/{connected_app_id}`,
/// `encryption_private_keys/{private_key_id}`; not `mfa_phone_numbers/{member_id}`).
fn collections_of(path: &str) -> impl Iterator<Item = &str> {
    let segments: Vec<&str> = path.split('/').collect();
    let pairs: Vec<(&str, &str)> = segments.windows(2).map(|w| (w[0], w[1])).collect();
    pairs.into_iter().filter_map(|(segment, next)| {
        let parameter = next.strip_prefix('{')?.strip_suffix('}')?;
        let singular = segment.strip_suffix('s')?;
        let word = singular.rsplit('_').next()?;
        parameter
            .ends_with(&format!("{word}_id"))
            .then_some(segment)
    })
}

/// Name of the handle struct for a resource chain: `["otps", "sms"]` → `OtpsSms`.
pub(crate) fn handle_name(chain: &[&str]) -> syn::Ident {
    let joined: String = chain.iter().map(|s| names::variant_ident(s)).collect();
    format_ident!("{}", joined)
}

/// The path prefix a resource chain stands for, taken from an operation's path.
fn prefix_of(op: &Operation, chain: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = chain.iter().peekable();
    for segment in op.path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        out.push_str(segment);
        if rest.next_if(|c| **c == segment).is_some() && rest.peek().is_none() {
            break;
        }
    }
    out
}

/// Which client the handles are generated for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// `crate::Client`, async methods.
    Async,
    /// `crate::blocking::Client`, blocking methods that drive the async ones.
    Blocking,
}

/// Every operation placed in the resource tree, and every resource chain: what [`layout`]
/// computes once per generation for the client, the blocking client, the server glue and
/// the session-JWT methods.
pub(crate) type Layout<'a> = (Vec<Placed<'a>>, Vec<Vec<&'a str>>);

/// Operations placed in the resource tree, checked for collisions, and every
/// resource chain (parents before children, in first-seen order).
pub(crate) fn layout<'a>(types: &'a Types<'_>) -> Result<Layout<'a>, Error> {
    let placed = types
        .api
        .operations
        .iter()
        .zip(&types.gates.operations)
        .map(|(op, gate)| {
            let mut placed = place(op, types.settings)?;
            placed.gate = gate.clone();
            Ok(placed)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let mut placed = placed;
    name_by_the_rule(&mut placed);
    for (i, a) in placed.iter().enumerate() {
        if let Some(b) = placed[..i]
            .iter()
            .find(|b| b.resources == a.resources && b.method == a.method)
        {
            return Err(Error::new(format!(
                "operations `{}` and `{}` would both become method `{}`",
                b.op.id, a.op.id, a.method
            )));
        }
    }
    let mut chains: Vec<Vec<&str>> = Vec::new();
    for p in &placed {
        for len in 1..=p.resources.len() {
            let chain = p.resources[..len].to_vec();
            if !chains.contains(&chain) {
                chains.push(chain);
            }
        }
    }
    // A method and a child handle of the same name cannot share a handle.
    for p in &placed {
        if let Some(child) = chains.iter().find(|c| {
            c.len() == p.resources.len() + 1
                && c.starts_with(&p.resources)
                && accessor_ident(c[c.len() - 1]) == p.method
        }) {
            return Err(Error::new(format!(
                "operation `{}` would become method `{}` next to the handle `{}()` of the same \
                 name (path `{}`)",
                p.op.id,
                p.method,
                child.join("()."),
                p.op.path
            )));
        }
    }
    Ok((placed, chains))
}

/// Emits `impl Client` accessors and the `resources` module (async client).
pub(crate) fn emit(types: &Types<'_>, layout: &Layout<'_>) -> Result<TokenStream, Error> {
    emit_flavor(types, layout, Flavor::Async)
}

/// Emits the same for `crate::blocking::Client`; the output is included
/// inside the hand-written `blocking` module.
pub(crate) fn emit_blocking(types: &Types<'_>, layout: &Layout<'_>) -> Result<TokenStream, Error> {
    emit_flavor(types, layout, Flavor::Blocking)
}

fn accessor_ident(segment: &str) -> syn::Ident {
    format_ident!("{}", names::field_ident(segment).to_string())
}

fn emit_flavor(
    types: &Types<'_>,
    (placed, chains): &Layout<'_>,
    flavor: Flavor,
) -> Result<TokenStream, Error> {
    let client = match flavor {
        Flavor::Async => quote!(crate::Client),
        Flavor::Blocking => quote!(crate::blocking::Client),
    };
    let client_doc = match flavor {
        Flavor::Async => "[`Client`](crate::Client)",
        Flavor::Blocking => "[`blocking::Client`](crate::blocking::Client)",
    };

    let mut client_accessors = Vec::new();
    let mut handles = Vec::new();
    let chain_gate = |chain: &[&str]| {
        Gate::any(
            placed
                .iter()
                .filter(|p| p.resources.starts_with(chain))
                .map(|p| &p.gate),
        )
    };
    for chain in chains {
        let handle = handle_name(chain);
        let gate = chain_gate(chain).attrs();
        let prefix = prefix_of(example_for(placed, chain), chain);
        let accessor = accessor_ident(chain[chain.len() - 1]);
        let accessor_doc = docs::doc(&format!("Endpoints under `{prefix}`."));
        if chain.len() == 1 {
            client_accessors.push(quote! {
                #accessor_doc
                #gate
                pub fn #accessor(&self) -> resources::#handle<'_> {
                    resources::#handle { client: self }
                }
            });
        }

        let children = chains
            .iter()
            .filter(|c| c.len() == chain.len() + 1 && c.starts_with(chain))
            .map(|child| {
                let child_handle = handle_name(child);
                let child_accessor = accessor_ident(child[child.len() - 1]);
                let child_prefix = prefix_of(example_for(placed, child), child);
                let doc = docs::doc(&format!("Endpoints under `{child_prefix}`."));
                let gate = chain_gate(child).attrs();
                quote! {
                    #doc
                    #gate
                    pub fn #child_accessor(&self) -> #child_handle<'a> {
                        #child_handle { client: self.client }
                    }
                }
            });

        let methods = placed
            .iter()
            .filter(|p| p.resources == *chain)
            .map(|p| {
                let pager = crate::pages::emit_method(types, p, flavor == Flavor::Blocking)?;
                let method = match flavor {
                    Flavor::Async => emit_method(types, p),
                    Flavor::Blocking => emit_blocking_method(types, p),
                }?;
                Ok(quote!(#method #pager))
            })
            .collect::<Result<Vec<_>, Error>>()?;

        let handle_doc = docs::trusted(&[
            format!("Endpoints under `{prefix}`."),
            String::new(),
            format!("Get one from {client_doc}; it borrows the client and is cheap to copy."),
        ]);
        handles.push(quote! {
            #handle_doc
            #gate
            #[derive(Clone, Copy, Debug)]
            pub struct #handle<'a> {
                pub(crate) client: &'a #client,
            }

            #gate
            impl<'a> #handle<'a> {
                #(#children)*
                #(#methods)*
            }
        });
    }

    // The example is an operation every build has, if there is one.
    let example = placed
        .iter()
        .find(|p| p.gate.is_always())
        .or(placed.first());
    let resources_doc = docs::doc(&match example {
        Some(p) => format!(
            "Handles that group the client's methods by resource, mirroring the API's paths: \
             `client.{}().{}(..)` calls `{} {}`.",
            p.resources.join("()."),
            p.method,
            p.op.method,
            p.op.path
        ),
        None => "Handles that group the client's methods by resource (the document has no \
                 operation)."
            .to_string(),
    });
    let module_doc = match flavor {
        Flavor::Async => quote! {
            #resources_doc
        },
        Flavor::Blocking => quote! {
            /// Handles of the blocking client, mirroring [`crate::resources`].
        },
    };
    Ok(quote! {
        impl #client {
            #(#client_accessors)*
        }

        #module_doc
        pub mod resources {
            #(#handles)*
        }
    })
}

/// An operation under `chain` whose path spells the chain's segments (so its prefix shows
/// the chain), or else the first under it.
fn example_for<'a>(placed: &'a [Placed<'a>], chain: &[&str]) -> &'a Operation {
    let under = || placed.iter().filter(|p| p.resources.starts_with(chain));
    let spells = |p: &&Placed<'_>| {
        let mut segments = p.op.path.split('/');
        chain.iter().all(|c| segments.any(|s| s == *c))
    };
    under()
        .find(spells)
        .or_else(|| under().next())
        .map(|p| p.op)
        .expect("every chain comes from an operation")
}

fn emit_blocking_method(types: &Types<'_>, p: &Placed<'_>) -> Result<TokenStream, Error> {
    let op = p.op;
    let method = format_ident!("{}", p.method);
    let request_ty = types.path_of(&op.request, "resources")?;
    let response_ty = types.path_of(&op.response, "resources")?;
    let accessors = p.resources.iter().map(|s| accessor_ident(s));
    let async_path = format!(
        "crate::resources::{}::{}",
        handle_name(&p.resources),
        p.method
    );
    let summary = op
        .summary
        .as_deref()
        .map(|s| format!("{}.", s.trim_end_matches('.')))
        .unwrap_or_default();
    let doc = docs::trusted(&[
        format!("{summary} Blocks the calling thread until the call completes."),
        String::new(),
        format!(
            "`{} {}`. See [`{}`]({async_path}) for the details.",
            op.method, op.path, p.method
        ),
        String::new(),
        "# Errors".to_string(),
        String::new(),
        "As the async method; also [`Error::Config`](crate::Error::Config) when called from \
         inside an async runtime, where blocking would stall it."
            .to_string(),
    ]);
    let gate = p.gate.attrs();
    Ok(quote! {
        #doc
        #gate
        pub fn #method(self, request: #request_ty) -> Result<#response_ty, crate::Error> {
            self.client.wait(self.client.as_async() #(.#accessors())* .#method(request))
        }
    })
}

/// A method's docs, in the style of reqwest and the AWS SDK: a one-line summary; the HTTP
/// method and path with the vendor's reference page; what it does; what `new` takes; what it
/// resolves to; `# Errors` with the `error_type`s the document lists; an example if we wrote
/// one.
fn method_doc(types: &Types<'_>, p: &Placed<'_>, response: usize) -> Result<String, Error> {
    let op = p.op;
    let settings = types.settings;
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(summary.trim_end_matches('.'));
        text.push_str(".\n\n");
    }
    let reference = op.reference.as_deref().unwrap_or(settings.reference_home);
    text.push_str(&format!(
        "`{} {}` ([{} API reference]({reference}))",
        op.method, op.path, settings.vendor
    ));
    if let Some(description) = &op.description {
        text.push_str("\n\n");
        text.push_str(description);
    }
    let request = types.index_of(&op.request)?;
    let request_name = &types.names[request].name;
    let request_link = format!("crate::{}::{request_name}", types.names[request].module);
    let required = types.required_args(request);
    text.push_str("\n\n# Request\n\n");
    if required.is_empty() {
        text.push_str(&format!(
            "[`{request_name}::new()`]({request_link}::new) takes nothing: every field is optional."
        ));
    } else {
        text.push_str(&format!(
            "[`{request_name}::new`]({request_link}::new) takes the required fields:\n"
        ));
        for prop in required {
            let summary = prop
                .description
                .as_deref()
                .map(crate::docs::first_sentence)
                .unwrap_or_default();
            text.push_str(&format!("\n- `{}`: {summary}", prop.wire_name));
        }
    }
    text.push_str(&format!(
        "\n\nThe optional fields are chainable setters on [`{request_name}`]({request_link})."
    ));
    let response_name = &types.names[response].name;
    let response_link = format!("crate::{}::{response_name}", types.names[response].module);
    text.push_str(&format!(
        "\n\nResolves to [`{response_name}`]({response_link}). The request is sent when the \
         returned [`Pending`](crate::Pending) is first awaited; it does not borrow the client."
    ));
    text.push_str(&errors_doc(types, op, request, reference));
    if let Some(example) = &op.example {
        text.push_str("\n\n# Example\n\n");
        text.push_str(example);
    }
    Ok(text)
}

/// The `# Errors` section of an operation's docs.
fn errors_doc(types: &Types<'_>, op: &Operation, request: usize, reference: &str) -> String {
    let vendor = types.settings.vendor;
    let mut text = format!(
        "\n\n# Errors\n\n[`Error::Api`](crate::Error::Api) when {vendor} answers with an error \
         body; its `error_type()` says which."
    );
    if !op.documented_errors.is_empty() {
        text.push_str(&format!(
            " {vendor}'s document lists, for this operation:\n"
        ));
        for (status, error_type) in &op.documented_errors {
            text.push_str(&format!("\n- `{error_type}` (HTTP {status})"));
        }
        text.push_str(&format!(
            "\n\nThe operation's reference page lists the rest ([{vendor} API reference]({reference}))."
        ));
    }
    text.push_str(&crate::errors::rustdoc(types.api, op));
    let required = types.required_args(request);
    let in_path = required.iter().any(|prop| prop.location == Location::Path);
    let refused: Vec<String> = required
        .iter()
        .filter(|prop| prop.location == Location::Path || must_not_be_empty(prop))
        .map(|prop| format!("`{}`", prop.wire_name))
        .collect();
    if !refused.is_empty() {
        text.push_str(&format!(
            "\n\n[`Error::Argument`](crate::Error::Argument), before anything is sent, when {} \
             is empty{}.",
            refused.join(" or "),
            if in_path {
                " (a path parameter also when it is `.` or `..`)"
            } else {
                ""
            }
        ));
    }
    text.push_str(&format!(
        "\n\n[`Error::Timeout`](crate::Error::Timeout), [`Error::Transport`](crate::Error::Transport) \
         and the other [`Error`](crate::Error) variants when {vendor} cannot be reached, does \
         not answer in time, or sends a body that does not decode."
    ));
    text
}

/// Whether the overlay marks a property as one the vendor refuses empty (`x-non-empty:
/// true`; JSON Schema's `minLength` would make typify wrap the string in a newtype).
fn must_not_be_empty(prop: &Property) -> bool {
    prop.schema.get("x-non-empty") == Some(&serde_json::Value::Bool(true))
}

/// `params.non_empty(..)` for a body field that must not be empty ([`must_not_be_empty`]),
/// checked before the call is sent; `None` for any other body field. The check covers a
/// required string: a mark on anything else is a generation error naming the field, rather
/// than a rule silently left out.
fn non_empty_check(op: &Operation, field: &Field<'_>) -> Result<Option<TokenStream>, Error> {
    let prop = field.prop;
    if !must_not_be_empty(prop) {
        return Ok(None);
    }
    if !field.is_required_arg() || !field.is_string() {
        return Err(Error::new(format!(
            "{} {}: body field `{}` is marked `x-non-empty`, which the client checks on a \
             required string only",
            op.method, op.path, prop.wire_name
        )));
    }
    let (ident, wire) = (&field.ident, &prop.wire_name);
    Ok(Some(quote!(params.non_empty(#wire, &request.#ident);)))
}

fn emit_method(types: &Types<'_>, p: &Placed<'_>) -> Result<TokenStream, Error> {
    let op = p.op;
    let method = format_ident!("{}", p.method);
    let request_ty = types.path_of(&op.request, "resources")?;
    let response = types.index_of(&op.response)?;
    let response_ty = types.path(response, "resources");

    let text = method_doc(types, p, response)?;
    let doc = docs::doc(&text);
    let name = format!("{}.{}", p.resources.join("."), p.method);
    let http_method = &op.method;
    let path = &op.path;
    let (params, has_params) = emit_params(types, op)?;
    let body = if op.has_body {
        quote!(Some(&request))
    } else {
        quote!(None::<&()>)
    };
    // A request without body or parameters carries nothing; it is taken for a uniform shape
    // (and so that fields Stytch adds later are not a breaking change).
    let unused = (!op.has_body && !has_params).then(|| quote!(let _ = request;));
    let gate = p.gate.attrs();
    Ok(quote! {
        #doc
        #gate
        pub fn #method(self, request: #request_ty) -> crate::Pending<#response_ty> {
            static OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                name: #name,
                method: #http_method,
                path: #path,
            };
            #params
            #unused
            self.client.call(&OPERATION, params, #body)
        }
    })
}

/// `let params = ...;`: the request's path, query and header fields, and the checks of its
/// body fields that must not be empty, in schema order; and whether there are any.
fn emit_params(types: &Types<'_>, op: &Operation) -> Result<(TokenStream, bool), Error> {
    let none = quote!(let params = crate::runtime::Params::none(););
    let index = types.index_of(&op.request)?;
    let SchemaKind::Object(props) = &types.api.schemas[index].kind else {
        return Ok((none, false));
    };
    let role = types.roles[index];
    let mut calls: Vec<TokenStream> = Vec::new();
    for (prop, ty) in props.iter().zip(&types.fields[index]) {
        let field = Field::new(prop, ty, role);
        let ident = &field.ident;
        let wire = &prop.wire_name;
        let value = if field.is_required_arg() {
            quote!(Some(&request.#ident))
        } else {
            quote!(request.#ident.as_ref())
        };
        calls.extend(match prop.location {
            Location::Path => Some(quote!(params.path(#wire, &request.#ident);)),
            Location::Query => Some(quote!(params.query(#wire, #value);)),
            Location::Header => Some(quote!(params.header(#wire, #value);)),
            Location::Body => non_empty_check(op, &field)?,
        });
    }
    if calls.is_empty() {
        return Ok((none, false));
    }
    let params = quote! {
        let mut params = crate::runtime::Params::none();
        #(#calls)*
    };
    Ok((params, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(path: &str) -> Operation {
        op_with_id("x", path)
    }

    fn op_with_id(id: &str, path: &str) -> Operation {
        Operation {
            id: id.into(),
            method: "POST".into(),
            path: path.into(),
            summary: None,
            description: None,
            request: "R".into(),
            has_body: true,
            response: "R".into(),
            error: None,
            reference: None,
            example: None,
            documented_errors: Vec::new(),
            pagination: None,
            search_filters: None,
        }
    }

    #[test]
    fn places_operations_by_path() {
        let s = Settings::stytch();
        let o = op("/v1/b2b/otps/sms/send");
        let p = place(&o, &s).unwrap();
        assert_eq!(p.resources, ["otps", "sms"]);
        assert_eq!(p.method, "send");
        assert_eq!(handle_name(&p.resources).to_string(), "OtpsSms");
        assert_eq!(prefix_of(&o, &["otps"]), "/v1/b2b/otps");
        assert_eq!(prefix_of(&o, &["otps", "sms"]), "/v1/b2b/otps/sms");
    }

    #[test]
    fn places_operations_by_operation_id_and_path() {
        let s = Settings::stytch();
        for (id, path, expected) in [
            (
                "api_b2b_otp_v1_b2b_otp_sms_Send",
                "/v1/b2b/otps/sms/send",
                "otps.sms.send",
            ),
            (
                "api_b2b_scim_v1_b2b_scim_connection_Update",
                "/v1/b2b/scim/{organization_id}/connection/{connection_id}",
                "scim.connection.update",
            ),
            (
                "api_organization_v1_organizations_members_DangerouslyGet",
                "/v1/b2b/organizations/members/dangerously_get/{member_id}",
                "organizations.members.dangerously_get",
            ),
            (
                "api_b2b_scim_v1_b2b_scim_connection_RotateStart",
                "/v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start",
                "scim.connection.rotate_start",
            ),
            (
                "api_sso_v1_sso_DeleteConnection",
                "/v1/b2b/sso/{organization_id}/connections/{connection_id}",
                "sso.delete_connection",
            ),
            (
                "api_b2b_totp_v1_b2b_totps_Create",
                "/v1/b2b/totp",
                "totp.create",
            ),
        ] {
            let o = op_with_id(id, path);
            let p = place(&o, &s).unwrap();
            assert_eq!(
                format!("{}.{}", p.resources.join("."), p.method),
                expected,
                "{id}"
            );
        }
    }

    #[test]
    fn one_naming_rule_plural_collections_verbs_as_methods() {
        let s = Settings::stytch();
        let ops: Vec<Operation> = [
            (
                "GET",
                "api_sso_v1_GetConnections",
                "/v1/b2b/sso/{organization_id}",
            ),
            (
                "DELETE",
                "api_sso_v1_DeleteConnection",
                "/v1/b2b/sso/{organization_id}/connections/{connection_id}",
            ),
            (
                "POST",
                "api_sso_v1_sso_saml_CreateConnection",
                "/v1/b2b/sso/saml/{organization_id}",
            ),
            (
                "PUT",
                "api_sso_v1_sso_saml_UpdateConnection",
                "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}",
            ),
            (
                "PUT",
                "api_sso_v1_sso_saml_UpdateByURL",
                "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url",
            ),
            (
                "GET",
                "api_organization_v1_organizations_members_Get",
                "/v1/b2b/organizations/{organization_id}/member",
            ),
            (
                "DELETE",
                "api_organization_v1_organizations_members_Delete",
                "/v1/b2b/organizations/{organization_id}/members/{member_id}",
            ),
            (
                "DELETE",
                "api_organization_v1_organizations_members_DeleteMFAPhoneNumber",
                "/v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}",
            ),
            (
                "GET",
                "api_organization_v1_Metrics",
                "/v1/b2b/organizations/{organization_id}/metrics",
            ),
            (
                "GET",
                "api_b2b_session_v1_GetJWKS",
                "/v1/b2b/sessions/jwks/{project_id}",
            ),
        ]
        .iter()
        .map(|(method, id, path)| Operation {
            method: method.to_string(),
            ..op_with_id(id, path)
        })
        .collect();
        let mut placed: Vec<Placed<'_>> = ops.iter().map(|o| place(o, &s).unwrap()).collect();
        name_by_the_rule(&mut placed);
        let names: Vec<String> = placed
            .iter()
            .map(|p| format!("{}.{}", p.resources.join("."), p.method))
            .collect();
        assert_eq!(
            names,
            [
                "sso.connections.list",
                "sso.connections.delete",
                "sso.saml.connections.create",
                "sso.saml.connections.update",
                "sso.saml.connections.update_by_url",
                "organizations.members.get",
                "organizations.members.delete",
                // `mfa_phone_numbers/{member_id}` is not a collection (not its own id).
                "organizations.members.delete_mfa_phone_number",
                // Not a collection either; a read says so.
                "organizations.get_metrics",
                "sessions.get_jwks",
            ]
        );
    }

    #[test]
    fn a_path_without_a_resource_is_an_error() {
        assert!(place(&op("/v1/send"), &Settings::stytch()).is_err());
    }
}
