//! Local session-JWT verification, the generated half ([`Settings::session_jwt`]): the
//! `authenticate_jwt_local` method on the handle of the JWKS operation, the request and
//! answer types in the session schema's module, and the contract functions the runtime calls
//! (the JWKS fetch through the generated operation, and the Member Session read out of a
//! verified JWT by the settings' field map).
//!
//! Every item is behind the JWKS operation's gate. A document without that operation gets
//! none of it; otherwise each name the settings give is checked: a missing schema or field is
//! an error naming it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Error;
use crate::client::{Placed, layout};
use crate::docs;
use crate::names;
use crate::openapi::SchemaKind;
use crate::settings::SessionJwt;
use crate::types::Types;

/// What [`emit`] produces, for the places it goes.
#[derive(Default)]
pub(crate) struct Emitted {
    /// The module that gets the request and answer types, and the items.
    pub(crate) module: Option<(String, TokenStream)>,
    /// `(resource chain, method)` for the handle of that chain.
    pub(crate) method: Option<(Vec<String>, TokenStream)>,
    /// Contract functions for `__contract`.
    pub(crate) contract: TokenStream,
}

/// Emits the generated half, or nothing when the settings have no session JWT.
pub(crate) fn emit(types: &Types<'_>) -> Result<Emitted, Error> {
    let Some(jwt) = &types.settings.session_jwt else {
        return Ok(Emitted::default());
    };
    let (placed, _) = layout(types)?;
    // A document (or selection) without the JWKS operation has nothing to verify against:
    // no verification is generated. (The SDK's tests call it, so Stytch renaming the operation
    // fails them, naming `authenticate_jwt_local`.)
    let Some(jwks) = placed.iter().find(|p| p.op.id == jwt.jwks_operation) else {
        return Ok(Emitted::default());
    };
    let session = types.index_of(jwt.session_schema).map_err(|_| {
        Error::new(format!(
            "the session schema `{}` of the session-JWT settings is not in the document",
            jwt.session_schema
        ))
    })?;
    check_fields(types, jwt, session)?;
    let gate = jwks.gate.attrs();
    let module = types.names[session].module.clone();
    let session_ty = types.path(session, &module);
    let session_path = types.path(session, "");

    let module_items = quote! {
        #gate
        pub use crate::runtime::AuthenticateJwtLocalRequest;

        /// A session JWT verified locally by
        /// [`authenticate_jwt_local`](crate::resources::Sessions::authenticate_jwt_local):
        /// the Member Session it carries, its Organization and its custom claims.
        #gate
        pub type LocalSession = crate::runtime::LocalSession<#session_ty>;
    };

    let method_doc = docs::trusted(&[
        "Verifies a session JWT locally, without calling the API: RS256 against the \
         project's JWKS (fetched through `get_jwks` and cached by the client), then its \
         issuer, audience, expiry and, if asked, age."
            .to_string(),
        String::new(),
        "The checks and their order are those of `src/jwt.rs` (in the crate's source): only \
         `RS256` is accepted, whatever the header says; an unknown `kid` refetches the JWKS at \
         most once per 30 seconds; keys are refreshed after 5 minutes."
            .to_string(),
        String::new(),
        "# Errors".to_string(),
        String::new(),
        "[`Error::Jwt`](crate::Error::Jwt), whose `error_type()` is `invalid_session_jwt`, \
         `session_jwt_expired`, `session_jwt_too_old` or `jwks_unavailable`."
            .to_string(),
    ]);
    let module_ident = format_ident!("{}", module);
    let method = quote! {
        #method_doc
        #gate
        pub async fn authenticate_jwt_local(
            self,
            request: crate::#module_ident::AuthenticateJwtLocalRequest,
        ) -> Result<crate::#module_ident::LocalSession, crate::Error> {
            crate::runtime::authenticate_jwt_local(
                self.client,
                request,
                crate::__contract::fetch_jwks,
                crate::__contract::member_session_from_claims,
            )
            .await
        }
    };

    let contract = contract(types, jwt, jwks, &gate, &session_path)?;
    Ok(Emitted {
        module: Some((module, module_items)),
        method: Some((
            jwks.resources.iter().map(|s| s.to_string()).collect(),
            method,
        )),
        contract,
    })
}

/// Every field of the map is a property of the session schema.
fn check_fields(types: &Types<'_>, jwt: &SessionJwt, session: usize) -> Result<(), Error> {
    let SchemaKind::Object(props) = &types.api.schemas[session].kind else {
        return Err(Error::new(format!(
            "the session schema `{}` is not an object",
            jwt.session_schema
        )));
    };
    for (field, _) in jwt.session_fields {
        if !props.iter().any(|p| p.wire_name == *field) {
            return Err(Error::new(format!(
                "the session-JWT field map names `{field}`, which the session schema `{}` does not have",
                jwt.session_schema
            )));
        }
    }
    Ok(())
}

fn contract(
    types: &Types<'_>,
    jwt: &SessionJwt,
    jwks: &Placed<'_>,
    gate: &TokenStream,
    session_path: &TokenStream,
) -> Result<TokenStream, Error> {
    // The JWKS operation takes the project id as its one required field.
    let request = types.index_of(&jwks.op.request)?;
    let SchemaKind::Object(props) = &types.api.schemas[request].kind else {
        return Err(Error::new(format!(
            "the JWKS operation `{}` has no object request",
            jwks.op.id
        )));
    };
    let required: Vec<&str> = props
        .iter()
        .filter(|p| p.required)
        .map(|p| p.wire_name.as_str())
        .collect();
    if required != ["project_id"] {
        return Err(Error::new(format!(
            "the JWKS operation `{}` must take the project id as its one required field; it takes {required:?}",
            jwks.op.id
        )));
    }
    let request_ty = types.path(request, "");
    let accessors = jwks
        .resources
        .iter()
        .map(|s| format_ident!("{}", names::field_ident(s).to_string()));
    let method = format_ident!("{}", jwks.method);
    let (fields, pointers): (Vec<&str>, Vec<&str>) = jwt.session_fields.iter().copied().unzip();
    Ok(quote! {
        /// The project's JWKS, through the generated operation, as JSON.
        #gate
        pub(crate) fn fetch_jwks(client: &crate::Client) -> crate::runtime::Fetched {
            let pending = client
                #(.#accessors())*
                .#method(#request_ty::new(client.project_id()));
            Box::pin(async move {
                let keys = pending.await.map_err(|e| e.to_string())?;
                serde_json::to_value(&keys).map_err(|e| e.to_string())
            })
        }

        /// The Member Session of a verified JWT (`{"claims": .., "custom_claims": ..}`), by
        /// the field map of the generator's settings: each field from a JSON pointer.
        #gate
        pub(crate) fn member_session_from_claims(
            verified: &serde_json::Value,
        ) -> Result<#session_path, String> {
            let mut session = serde_json::Map::new();
            for (field, pointer) in [#((#fields, #pointers)),*] {
                if let Some(value) = verified.pointer(pointer) {
                    session.insert(field.to_owned(), value.clone());
                }
            }
            serde_json::from_value(serde_json::Value::Object(session)).map_err(|e| e.to_string())
        }
    })
}
