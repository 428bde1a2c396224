//! The call table of the SDK's whole-API tests: for every operation, its key in the document
//! (`METHOD /template`) and how the SDK calls it with a request decoded from a JSON body and
//! its parameters set from a lookup by the document's names. `build.rs` writes it to
//! `OUT_DIR` for the SDK's integration tests (`tests/whole_document/`); it is never compiled
//! into the library, and the tests judge every call by the document, not by this table.
//!
//! The table is Rust source defining `fn calls() -> Vec<(&'static str, Call)>` with one
//! `call!(key, RequestType, |client, request, params| { .. })` per operation, behind the
//! operation's `#[cfg(feature = ..)]`; the including module defines `call!`, `Call` and a
//! `params` value with `value::<T>(name)` and `opt_value::<T>(name)`, which decode a
//! parameter's value into the field's type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::Error;
use crate::client::Layout;
use crate::names;
use crate::openapi::{Location, SchemaKind};
use crate::types::{Field, Types};

/// The table's source, formatted.
pub(crate) fn emit(types: &Types<'_>, (placed, _): &Layout<'_>) -> Result<String, Error> {
    let krate = format_ident!("{}", types.settings.crate_name);
    let mut pushes = Vec::new();
    for p in placed {
        let key = format!("{} {}", p.op.method, p.op.path);
        let index = types.index_of(&p.op.request)?;
        let name = &types.names[index];
        let (module, ty) = (
            format_ident!("{}", name.module),
            format_ident!("{}", name.name),
        );
        let mut sets = Vec::new();
        if let SchemaKind::Object(props) = &types.api.schemas[index].kind {
            let role = types.roles[index];
            for (prop, rust_ty) in props.iter().zip(&types.fields[index]) {
                if prop.location == Location::Body {
                    continue;
                }
                let field = Field::new(prop, rust_ty, role);
                let ident = &field.ident;
                let wire = prop.wire_name.as_str();
                // Typed by the field: the table decodes each value with serde.
                let getter = if field.is_required_arg() {
                    quote!(value)
                } else {
                    quote!(opt_value)
                };
                sets.push(quote!(request.#ident = params.#getter(#wire);));
            }
        }
        let binding = if sets.is_empty() {
            quote!(request)
        } else {
            quote!(mut request)
        };
        let accessors = p
            .resources
            .iter()
            .map(|s| format_ident!("{}", names::field_ident(s).to_string()));
        let method = format_ident!("{}", p.method);
        let params = if sets.is_empty() {
            quote!(_params)
        } else {
            quote!(params)
        };
        let cfg = crate::server::cfg_only(&p.gate);
        pushes.push(quote! {
            #cfg
            out.push(call!(#key, #krate::#module::#ty, |client, #binding, #params| {
                #(#sets)*
                client #(.#accessors())* .#method(request)
            }));
        });
    }
    let tokens: TokenStream = quote! {
        /// Every operation of the document: its key and how the SDK calls it.
        pub fn calls() -> Vec<(&'static str, Call)> {
            let mut out: Vec<(&'static str, Call)> = Vec::new();
            #(#pushes)*
            out
        }
    };
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::new(format!("internal error: the test call table: {e}")))?;
    Ok(prettyplease::unparse(&file))
}
