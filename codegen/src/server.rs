//! The server side of the API: a `Service` trait with one method per operation
//! and a `route` function that decodes a request body, calls the service and
//! encodes its answer, behind the crate's `server` feature. The fake Stytch server
//! (its own crate) implements it, so the client and the fake cannot disagree on paths or
//! types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Error;
use crate::client::{Placed, place};
use crate::docs;
use crate::types::Types;

/// Emits `pub mod server` for the operations the settings name (those the fake serves),
/// answering errors with the settings' error schema. Whatever else the document selects is
/// not served, so the fake builds with any selection that contains its operations.
pub fn emit(types: &Types<'_>) -> Result<TokenStream, Error> {
    let settings = types.settings;
    if settings.server_operations.is_empty() {
        return Ok(quote!());
    }
    // `emit` in lib.rs has checked that the error schema exists.
    let error_ty = types.path_of(settings.error_schema, "server")?;
    let ops = settings
        .server_operations
        .iter()
        .map(|id| {
            types
                .api
                .operations
                .iter()
                .find(|o| o.id == *id)
                .ok_or_else(|| {
                    Error::new(format!(
                        "operation `{id}`, which the fake serves, is not in the document"
                    ))
                })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    for op in &ops {
        let index = types.api.operations.iter().position(|o| o.id == op.id);
        if let Some(gate) = index
            .map(|i| &types.gates.operations[i])
            .filter(|g| !g.is_always())
        {
            return Err(Error::new(format!(
                "operation `{}`, which the fake serves, needs the feature {}; the server glue \
                 serves only operations every build has",
                op.id,
                gate.describe()
            )));
        }
    }
    if let Some(op) = ops.iter().find(|o| o.path.contains('{') || !o.has_body) {
        return Err(Error::new(format!(
            "operation `{}` has path parameters or no body; the server glue serves only JSON-body operations on fixed paths",
            op.id
        )));
    }
    let placed = ops
        .iter()
        .map(|op| place(op, settings))
        .collect::<Result<Vec<_>, _>>()?;
    let fn_name = |p: &Placed<'_>| {
        let mut name = p.resources.join("_");
        name.push('_');
        name.push_str(&p.method);
        format_ident!("{}", name)
    };

    let trait_methods = placed.iter().map(|p| {
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
        Ok(quote! {
            #doc
            fn #name(&self, request: #request) -> Result<#response, Failure>;
        })
    });
    let trait_methods = trait_methods.collect::<Result<Vec<_>, Error>>()?;

    let arms = placed.iter().map(|p| {
        let name = fn_name(p);
        let request = types.path_of(&p.op.request, "server")?;
        let method = &p.op.method;
        let path = &p.op.path;
        let operation = operation_name(p);
        Ok(quote! {
            (#method, #path) => {
                let request: #request = match decode(body) {
                    Ok(request) => request,
                    Err((path, message)) => {
                        return Some(Routed::BadBody { operation: #operation, path, message });
                    }
                };
                encode(service.#name(request))
            }
        })
    });
    let arms = arms.collect::<Result<Vec<_>, Error>>()?;
    let routes = placed.iter().map(|p| {
        let method = &p.op.method;
        let path = &p.op.path;
        let operation = operation_name(p);
        quote!((#method, #path, #operation))
    });
    let paths = placed.iter().map(|p| p.op.path.as_str());
    // Every operation of the document, served or not, so that a server can tell an operation
    // it does not model from a path no API has.
    let document_ops = types
        .api
        .operations
        .iter()
        .map(|op| {
            let p = place(op, settings)?;
            let (method, path, name) = (&op.method, &op.path, operation_name(&p));
            Ok(quote!((#method, #path, #name)))
        })
        .collect::<Result<Vec<_>, Error>>()?;

    let fake = match types.settings.fake_crate {
        Some(fake) => format!(
            " The fake {} server (`{fake}`) does exactly that, so client and server agree on \
             every path and field.",
            types.settings.vendor
        ),
        None => String::new(),
    };
    let doc = docs::trusted(&[
        "The server side of this API, generated from the same schema as the client (needs the \
         `server` feature)."
            .to_string(),
        String::new(),
        format!(
            "Implement [`Service`](crate::server::Service) and pass each HTTP request to \
             [`route`](crate::server::route) to serve these endpoints with the crate's own \
             types.{fake}"
        ),
    ]);
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

            /// What [`route`] made of a request.
            #[derive(Clone, Debug, PartialEq)]
            #[non_exhaustive]
            pub enum Routed {
                /// The service answered: send this status and JSON body.
                Reply {
                    /// HTTP status code.
                    status: u16,
                    /// JSON body.
                    body: Vec<u8>,
                },
                /// The request body did not decode into the operation's request type.
                BadBody {
                    /// Name of the operation, e.g. `otps.sms.send`.
                    operation: &'static str,
                    /// Path of the offending field (`.` for the whole body).
                    path: String,
                    /// What was wrong.
                    message: String,
                },
                /// The path exists, but not with this HTTP method.
                MethodNotAllowed,
                /// The document has this operation, but the service does not serve it.
                NotModelled {
                    /// Name of the operation, e.g. `sessions.revoke`.
                    operation: &'static str,
                },
            }

            /// Every operation of the document, served or not: HTTP method, path template and
            /// name.
            pub const DOCUMENT_OPERATIONS: &[(&str, &str, &str)] = &[#(#document_ops),*];

            /// The document's operation for this method and concrete path (a `{parameter}`
            /// segment matches any non-empty segment; the template with the most fixed segments
            /// wins).
            pub fn document_operation(method: &str, path: &str) -> Option<&'static str> {
                let segments: Vec<&str> = path.split('/').collect();
                DOCUMENT_OPERATIONS
                    .iter()
                    .filter(|(m, _, _)| m.eq_ignore_ascii_case(method))
                    .filter_map(|(_, template, name)| {
                        let parts: Vec<&str> = template.split('/').collect();
                        if parts.len() != segments.len() {
                            return None;
                        }
                        let mut fixed = 0;
                        for (part, segment) in parts.iter().zip(&segments) {
                            if part.starts_with('{') {
                                if segment.is_empty() {
                                    return None;
                                }
                            } else if part == segment {
                                fixed += 1;
                            } else {
                                return None;
                            }
                        }
                        Some((fixed, *name))
                    })
                    .max_by_key(|(fixed, _)| *fixed)
                    .map(|(_, name)| name)
            }

            /// Every operation's HTTP method, path and name (the name [`Routed::BadBody`]
            /// gives, e.g. `otps.sms.send`).
            pub const ROUTES: &[(&str, &str, &str)] = &[#(#routes),*];

            /// Routes one request to `service`: decodes `body` as the operation's request
            /// type, calls the service and encodes its answer. Returns
            /// [`Routed::NotModelled`] for an operation of the document the service does not
            /// serve, and `None` when no operation has this path.
            pub fn route<S: Service + ?Sized>(
                service: &S,
                method: &str,
                path: &str,
                body: &[u8],
            ) -> Option<Routed> {
                Some(match (method, path) {
                    #(#arms)*
                    (_, #(#paths)|*) => Routed::MethodNotAllowed,
                    _ => Routed::NotModelled {
                        operation: document_operation(method, path)?,
                    },
                })
            }

            fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, (String, String)> {
                serde_json::from_slice(body)
                    .map_err(|e| (crate::json_path::path_of_error(body, &e), e.to_string()))
            }

            fn encode<T: serde::Serialize>(answer: Result<T, Failure>) -> Routed {
                let (status, body) = match answer {
                    Ok(value) => (200, serde_json::to_vec(&value)),
                    Err(failure) => (failure.status, serde_json::to_vec(&failure.body)),
                };
                match body {
                    Ok(body) => Routed::Reply { status, body },
                    // Generated types always serialize; answer 500 rather than panic.
                    Err(e) => Routed::Reply {
                        status: 500,
                        body: e.to_string().into_bytes(),
                    },
                }
            }
        }
    })
}

/// An operation's name in the server glue: its resources and method, e.g. `otps.sms.send`.
fn operation_name(p: &Placed<'_>) -> String {
    format!("{}.{}", p.resources.join("."), p.method)
}
