//! The server side of the API: a `Service` trait with one method per operation
//! and a `route` function that decodes a request body, calls the service and
//! encodes its answer, behind the crate's `server` feature. The fake Stytch server
//! (its own crate) implements it, so the client and the fake cannot disagree on paths or
//! types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Error;
use crate::client::{Layout, Placed};
use crate::docs;
use crate::openapi::{Location, SchemaKind};
use crate::types::{Field, Types};

/// Emits `pub mod server` for the operations the settings name (those the fake serves),
/// answering errors with the settings' error schema. Whatever else the document selects is
/// not served, so the fake builds with any selection that contains its operations.
pub(crate) fn emit(types: &Types<'_>, (all, _): &Layout<'_>) -> Result<TokenStream, Error> {
    let settings = types.settings;
    if settings.server_operations.is_empty() {
        return Ok(quote!());
    }
    // `emit` in lib.rs has checked that the error schema exists.
    let error_ty = types.path_of(settings.error_schema, "server")?;
    let placed = served(settings, all)?;
    let trait_methods = trait_methods(types, &placed)?;
    let arms = dispatch_arms(types, &placed)?;
    let routes = placed.iter().map(|p| {
        let method = &p.op.method;
        let path = &p.op.path;
        let operation = operation_name(p);
        quote!((#method, #path, #operation))
    });
    // Another method on a served path; a path served only with a feature is "not modelled"
    // without it (the check is compiled out), like the rest of the document.
    let wrong_method = placed.iter().map(|p| {
        let cfg = cfg_only(&p.gate);
        let path = &p.op.path;
        quote! {
            #cfg
            {
                if template_parameters(#path, path).is_some() {
                    return Some(Routed::MethodNotAllowed);
                }
            }
        }
    });
    // Every operation of the document, served or not, so that a server can tell an operation
    // it does not model from a path no API has.
    let document_ops = all.iter().map(|p| {
        let (method, path, name) = (&p.op.method, &p.op.path, operation_name(p));
        quote!((#method, #path, #name))
    });

    let doc = module_doc(types);
    let filters = crate::filters::emit_server(types, all)?;
    let glue: TokenStream = SERVER_GLUE
        .parse()
        .map_err(|e| Error::new(format!("internal error: templates/server_glue.rs: {e}")))?;
    Ok(quote! {
        #doc
        #[cfg(feature = "server")]
        #[cfg_attr(docsrs, doc(cfg(feature = "server")))]
        pub mod server {
            /// One method per operation. Return [`Failure`] to answer with an error body.
            pub trait Service {
                #(#trait_methods)*
            }

            /// An error answer: the HTTP status and the error body.
            #[derive(Clone, Debug, PartialEq)]
            pub struct Failure {
                /// HTTP status code, e.g. 404.
                pub status: u16,
                /// The error body (boxed to keep `Result`s small).
                pub body: Box<#error_ty>,
            }

            impl Failure {
                /// An error answer with `status` and `body`.
                pub fn new(status: u16, body: #error_ty) -> Self {
                    Self { status, body: Box::new(body) }
                }
            }

            /// Every operation of the document, served or not: HTTP method, path template and
            /// name.
            pub const DOCUMENT_OPERATIONS: &[(&str, &str, &str)] = &[#(#document_ops),*];

            /// Every operation's HTTP method, path and name (the name [`Routed::BadBody`]
            /// gives, e.g. `otps.sms.send`).
            pub const ROUTES: &[(&str, &str, &str)] = &[#(#routes),*];

            /// Routes one request to `service`: decodes `body` as the operation's request
            /// type, calls the service and encodes its answer. Returns
            /// [`Routed::NotModelled`] for an operation of the document the service does not
            /// serve, and `None` when no operation has this path.
            ///
            /// `path` is the path as received, still percent-encoded, with or without its
            /// query string: a `{parameter}` segment matches any non-empty segment and is
            /// percent-decoded exactly once into its field ([`Routed::BadParameter`] when the
            /// result is not UTF-8). A query parameter is the first pair of its name, form-
            /// decoded (`+` is a space), read as a string or else as a JSON literal (`true`,
            /// `10`); others are ignored. `headers` are the request's headers (names in any
            /// case); a header parameter is the first of its name. A bodiless operation reads
            /// an empty body as `{}`.
            pub fn route<S: Service + ?Sized>(
                service: &S,
                method: &str,
                path: &str,
                headers: &[(&str, &str)],
                body: &[u8],
            ) -> Option<Routed> {
                let (path, query) = path.split_once('?').unwrap_or((path, ""));
                let Some((operation, template)) = document_match(method, path) else {
                    #(#wrong_method)*
                    return None;
                };
                let body: &[u8] = if body.is_empty() { b"{}" } else { body };
                // The `{parameter}` segments of `path`, still encoded, in template order.
                let raw = template_parameters(template, path).unwrap_or_default();
                let _ = (&raw, headers, query);
                Some(match operation {
                    #(#arms)*
                    _ => Routed::NotModelled { operation },
                })
            }

            #glue

            #filters
        }
    })
}

/// The operations the server serves, as the client places them (with their gates).
fn served<'a, 'p>(
    settings: &crate::settings::Settings,
    all: &'a [Placed<'p>],
) -> Result<Vec<&'a Placed<'p>>, Error> {
    settings
        .server_operations
        .iter()
        .map(|id| {
            all.iter().find(|p| p.op.id == *id).ok_or_else(|| {
                Error::new(format!(
                    "operation `{id}`, which the fake serves, is not in the document"
                ))
            })
        })
        .collect::<Result<Vec<&Placed<'_>>, Error>>()
}

/// The name of the `Service` method that serves `p`: its resources and method, joined.
fn fn_name(p: &Placed<'_>) -> proc_macro2::Ident {
    let mut name = p.resources.join("_");
    name.push('_');
    name.push_str(&p.method);
    format_ident!("{}", name)
}

/// One `Service` method per served operation.
fn trait_methods(types: &Types<'_>, placed: &[&Placed<'_>]) -> Result<Vec<TokenStream>, Error> {
    placed
        .iter()
        .map(|p| {
            let name = fn_name(p);
            let request = types.path_of(&p.op.request, "server")?;
            let response = types.path_of(&p.op.response, "server")?;
            let summary = p.op.summary.as_deref().unwrap_or(&p.op.id);
            let doc = docs::doc(&format!(
                "`{} {}`: {}.",
                p.op.method,
                p.op.path,
                summary.trim_end_matches('.')
            ));
            let gate = p.gate.attrs();
            Ok(quote! {
                #doc
                #gate
                fn #name(&self, request: #request) -> Result<#response, Failure>;
            })
        })
        .collect()
}

/// One `route` match arm per served operation: decode, fill the parameters, serve, encode.
fn dispatch_arms(types: &Types<'_>, placed: &[&Placed<'_>]) -> Result<Vec<TokenStream>, Error> {
    placed
        .iter()
        .map(|p| {
            let name = fn_name(p);
            let request = types.path_of(&p.op.request, "server")?;
            let operation = operation_name(p);
            let cfg = cfg_only(&p.gate);
            let fill = fill_parameters(types, p, &operation)?;
            let binding = if fill.is_empty() {
                quote!(request)
            } else {
                quote!(mut request)
            };
            Ok(quote! {
                #cfg
                #operation => {
                    let #binding: #request = match decode(body) {
                        Ok(request) => request,
                        Err((path, message)) => {
                            return Some(Routed::BadBody { operation: #operation, path, message });
                        }
                    };
                    #fill
                    encode(service.#name(request))
                }
            })
        })
        .collect()
}

/// The `server` module's doc.
fn module_doc(types: &Types<'_>) -> TokenStream {
    let fake = match types.settings.fake_crate {
        Some(fake) => format!(
            " The fake {} server (`{fake}`) does exactly that, so client and server agree on \
             every path and field.",
            types.settings.vendor
        ),
        None => String::new(),
    };
    docs::trusted(&[
        "The server side of this API, generated from the same schema as the client (needs the \
         `server` feature)."
            .to_string(),
        String::new(),
        format!(
            "Implement [`Service`](crate::server::Service) and pass each HTTP request to \
             [`route`](crate::server::route) to serve these endpoints with the crate's own \
             types.{fake}"
        ),
    ])
}

/// Statements that set the request's path, query and header fields from the route's `raw`
/// segments, `query` string and `headers`.
fn fill_parameters(
    types: &Types<'_>,
    p: &Placed<'_>,
    operation: &str,
) -> Result<TokenStream, Error> {
    let index = types.index_of(&p.op.request)?;
    let SchemaKind::Object(props) = &types.api.schemas[index].kind else {
        return Ok(quote!());
    };
    let role = types.roles[index];
    let template: Vec<&str> =
        p.op.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
    let mut out = Vec::new();
    for (prop, ty) in props.iter().zip(&types.fields[index]) {
        let field = Field::new(prop, ty, role);
        let ident = &field.ident;
        let wire = prop.wire_name.as_str();
        match prop.location {
            Location::Body => {}
            Location::Path => {
                let position = template.iter().position(|n| *n == wire).ok_or_else(|| {
                    Error::new(format!(
                        "operation `{}`: path parameter `{wire}` is not in its path `{}`",
                        p.op.id, p.op.path
                    ))
                })?;
                out.push(quote! {
                    request.#ident = match path_parameter(&raw, #position) {
                        Some(Ok(value)) => value,
                        Some(Err(message)) => {
                            return Some(Routed::BadParameter {
                                operation: #operation,
                                parameter: #wire,
                                message,
                            });
                        }
                        None => return None,
                    };
                });
            }
            Location::Header => {
                let value = quote!(header(headers, #wire).map(str::to_owned));
                out.push(if field.is_required_arg() {
                    quote!(request.#ident = #value.unwrap_or_default();)
                } else {
                    quote!(request.#ident = #value;)
                });
            }
            Location::Query => {
                let value = if field.is_required_arg() {
                    quote!(value)
                } else {
                    quote!(Some(value))
                };
                out.push(quote! {
                    if let Some(value) = query_parameter(query, #wire) {
                        request.#ident = match value.and_then(|v| query_value(&v)) {
                            Ok(value) => #value,
                            Err(message) => {
                                return Some(Routed::BadParameter {
                                    operation: #operation,
                                    parameter: #wire,
                                    message,
                                });
                            }
                        };
                    }
                });
            }
        }
    }
    Ok(quote!(#(#out)*))
}

/// A gate's bare `#[cfg(..)]` (no docs badge), for match arms; nothing when always on.
pub(crate) fn cfg_only(gate: &crate::gates::Gate) -> TokenStream {
    if gate.is_always() {
        return quote!();
    }
    let features = gate.0.iter();
    if gate.0.len() == 1 {
        quote!(#[cfg(#(feature = #features)*)])
    } else {
        quote!(#[cfg(any(#(feature = #features),*))])
    }
}

/// The static part of the server module (`templates/server_glue.rs`).
const SERVER_GLUE: &str = include_str!("templates/server_glue.rs");

/// An operation's name in the server glue: its resources and method, e.g. `otps.sms.send`.
fn operation_name(p: &Placed<'_>) -> String {
    format!("{}.{}", p.resources.join("."), p.method)
}
