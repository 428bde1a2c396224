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
use crate::types::Types;

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
    // Every operation as the client places it (with its gate).
    let placed = settings
        .server_operations
        .iter()
        .map(|id| {
            all.iter().find(|p| p.op.id == *id).ok_or_else(|| {
                Error::new(format!(
                    "operation `{id}`, which the fake serves, is not in the document"
                ))
            })
        })
        .collect::<Result<Vec<&Placed<'_>>, Error>>()?;
    if let Some(p) = placed
        .iter()
        .find(|p| p.op.path.contains('{') || !p.op.has_body)
    {
        return Err(Error::new(format!(
            "operation `{}` has path parameters or no body; the server glue serves only JSON-body operations on fixed paths",
            p.op.id
        )));
    }
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
        let gate = p.gate.attrs();
        Ok(quote! {
            #doc
            #gate
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
        let cfg = cfg_only(&p.gate);
        Ok(quote! {
            #cfg
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
    // Another method on a served path; a path served only with a feature is "not modelled"
    // without it (the arm is compiled out), like the rest of the document.
    let mut served_paths: Vec<(&str, crate::gates::Gate)> = Vec::new();
    for p in &placed {
        match served_paths.iter_mut().find(|(path, _)| *path == p.op.path) {
            Some((_, gate)) => *gate = gate.or(&p.gate),
            None => served_paths.push((&p.op.path, p.gate.clone())),
        }
    }
    let wrong_method = served_paths.iter().map(|(path, gate)| {
        let cfg = cfg_only(gate);
        quote! {
            #cfg
            (_, #path) => Routed::MethodNotAllowed,
        }
    });
    // Every operation of the document, served or not, so that a server can tell an operation
    // it does not model from a path no API has.
    let document_ops = all.iter().map(|p| {
        let (method, path, name) = (&p.op.method, &p.op.path, operation_name(p));
        quote!((#method, #path, #name))
    });

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
                    #(#wrong_method)*
                    _ => Routed::NotModelled {
                        operation: document_operation(method, path)?,
                    },
                })
            }

            #glue
        }
    })
}

/// A gate's bare `#[cfg(..)]` (no docs badge), for match arms; nothing when always on.
fn cfg_only(gate: &crate::gates::Gate) -> TokenStream {
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
