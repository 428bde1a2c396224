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
use crate::client::{Layout, Placed};
use crate::docs;
use crate::names;
use crate::openapi::{Property, SchemaKind};
use crate::settings::SessionJwt;
use crate::types::Types;

/// What [`emit`] produces, for the places it goes.
#[derive(Default)]
pub(crate) struct Emitted {
    /// The module that gets the request and answer types, and the items.
    pub(crate) module: Option<(String, TokenStream)>,
    /// `(resource chain, method)` for the handles of those chains.
    pub(crate) methods: Vec<(Vec<String>, TokenStream)>,
    /// Contract functions for `__contract`.
    pub(crate) contract: TokenStream,
}

/// Emits the generated half, or nothing when the settings have no session JWT.
pub(crate) fn emit(types: &Types<'_>, (placed, _): &Layout<'_>) -> Result<Emitted, Error> {
    let Some(jwt) = &types.settings.session_jwt else {
        return Ok(Emitted::default());
    };
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
    let remote = placed
        .iter()
        .find(|p| p.op.id == jwt.authenticate_operation)
        .ok_or_else(|| {
            Error::new(format!(
                "the session-authenticate operation `{}` of the session-JWT settings is not in the document",
                jwt.authenticate_operation
            ))
        })?;
    let gate = jwks.gate.or(&remote.gate).attrs();
    let module = types.names[session].module.clone();
    let session_ty = types.path(session, &module);
    let session_path = types.path(session, "");

    let remote_response = types.path_of(&remote.op.response, &module)?;
    let module_items = quote! {
        #gate
        pub use crate::runtime::AuthenticateJwtLocalRequest;

        /// A session JWT verified locally by
        /// [`authenticate_jwt_local`](crate::resources::Sessions::authenticate_jwt_local):
        /// the Member Session it carries, its Organization and its custom claims.
        #gate
        pub type LocalSession = crate::runtime::LocalSession<#session_ty>;

        /// The input of [`authenticate_jwt`](crate::resources::Sessions::authenticate_jwt):
        /// the same as the local verification's.
        #gate
        pub type AuthenticateJwtRequest = AuthenticateJwtLocalRequest;

        /// What [`authenticate_jwt`](crate::resources::Sessions::authenticate_jwt) answers:
        /// the local verification's session, or the API's answer when it was asked.
        #gate
        pub type AuthenticateJwtResponse = crate::runtime::JwtAuthenticated<LocalSession, #remote_response>;
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

    let remote_doc = docs::trusted(&[
        "Verifies a session JWT locally and, where the API might accept what the local check \
         refused, asks the API (`sessions.authenticate` with the JWT)."
            .to_string(),
        String::new(),
        "It falls back for an expired or too-old JWT (the session may outlive its JWT, and a \
         maximum age of zero makes every JWT too old) and for a `kid` the project's JWKS lacked \
         right after a fetch (a key rotated in since), which happens at most once per cooldown. \
         Stytch's Node SDK falls back on every local failure, so there a stream of forged JWTs \
         becomes a stream of API calls; here a bad signature, a foreign issuer or audience, a \
         malformed JWT or a random `kid` is refused without one."
            .to_string(),
        String::new(),
        "# Errors".to_string(),
        String::new(),
        "[`Error::Jwt`](crate::Error::Jwt) for a local refusal that is final; the API's \
         errors (e.g. `session_not_found`) when it was asked."
            .to_string(),
    ]);
    let remote_method = quote! {
        #remote_doc
        #gate
        pub async fn authenticate_jwt(
            self,
            request: crate::#module_ident::AuthenticateJwtRequest,
        ) -> Result<crate::#module_ident::AuthenticateJwtResponse, crate::Error> {
            crate::runtime::authenticate_jwt(
                self.client,
                request,
                crate::__contract::fetch_jwks,
                crate::__contract::member_session_from_claims,
                crate::__contract::authenticate_session_jwt,
            )
            .await
        }
    };
    let contract = contract(types, jwt, jwks, &gate, &session_path)?;
    let remote_contract = remote_contract(types, remote, &gate)?;
    let chain = |p: &Placed<'_>| {
        p.resources
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    Ok(Emitted {
        module: Some((module, module_items)),
        methods: vec![(chain(jwks), method), (chain(remote), remote_method)],
        contract: quote!(#contract #remote_contract),
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

/// An operation's request properties, its request type's path, and the accessor chain and
/// method that call it on a client (`.sessions().get_jwks`); `what` names it in errors.
fn call_of<'t>(
    types: &'t Types<'_>,
    placed: &Placed<'_>,
    what: &str,
) -> Result<(&'t [Property], TokenStream, TokenStream), Error> {
    let request = types.index_of(&placed.op.request)?;
    let SchemaKind::Object(props) = &types.api.schemas[request].kind else {
        return Err(Error::new(format!(
            "the {what} operation `{}` has no object request",
            placed.op.id
        )));
    };
    let accessors = placed
        .resources
        .iter()
        .map(|s| format_ident!("{}", names::field_ident(s).to_string()));
    let method = format_ident!("{}", placed.method);
    Ok((
        props,
        types.path(request, ""),
        quote!(#(.#accessors())* .#method),
    ))
}

/// `authenticate_session_jwt`: the API's session authentication with a JWT.
fn remote_contract(
    types: &Types<'_>,
    remote: &Placed<'_>,
    gate: &TokenStream,
) -> Result<TokenStream, Error> {
    let (props, request_ty, call) = call_of(types, remote, "session-authenticate")?;
    if let Some(p) = props.iter().find(|p| p.required) {
        return Err(Error::new(format!(
            "the session-authenticate operation `{}` must take no required field; it requires `{}`",
            remote.op.id, p.wire_name
        )));
    }
    if !props.iter().any(|p| p.wire_name == "session_jwt") {
        return Err(Error::new(format!(
            "the session-authenticate operation `{}` has no `session_jwt` field",
            remote.op.id
        )));
    }
    let response_ty = types.path_of(&remote.op.response, "")?;
    Ok(quote! {
        /// The API's authentication of a session by its JWT, for `authenticate_jwt`'s fallback.
        #gate
        pub(crate) fn authenticate_session_jwt(
            client: &crate::Client,
            session_jwt: String,
        ) -> crate::Pending<#response_ty> {
            client #call (#request_ty::new().session_jwt(session_jwt))
        }
    })
}

fn contract(
    types: &Types<'_>,
    jwt: &SessionJwt,
    jwks: &Placed<'_>,
    gate: &TokenStream,
    session_path: &TokenStream,
) -> Result<TokenStream, Error> {
    // The JWKS operation takes the project id as its one required field.
    let (props, request_ty, call) = call_of(types, jwks, "JWKS")?;
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
    let (fields, pointers): (Vec<&str>, Vec<&str>) = jwt.session_fields.iter().copied().unzip();
    Ok(quote! {
        /// The project's JWKS, through the generated operation, as JSON.
        #gate
        pub(crate) fn fetch_jwks(client: &crate::Client) -> crate::runtime::Fetched {
            let pending = client #call (#request_ty::new(client.project_id()));
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
