//! Cursor pagination, read from data: an operation the overlay marks
//!
//! ```json
//! "x-pagination": {"request_cursor": "cursor",
//!                  "response_cursor": "results_metadata.next_cursor",
//!                  "items": "organizations"}
//! ```
//!
//! answers one page and the cursor of the next. From the mark the generator emits the
//! response's `impl crate::Page` (how to call the operation, where the cursor goes in the
//! request, where the next one is in the response, which list holds the results) and, next to
//! the operation's method, a `<method>_pages` method on each client: a `crate::Pages` stream
//! on the async one, a `crate::BlockingPages` iterator on the blocking one. Their signatures
//! name the operation's own request type.
//!
//! A mark that names a field the request or response does not have, or one of another type
//! than a cursor (a string) or a list of results, is an error naming the operation and the
//! field, not a pager left out.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::Error;
use crate::client::{Layout, Placed};
use crate::docs;
use crate::names;
use crate::openapi::SchemaKind;
use crate::types::{Field, Ty, Types};

/// The operation extension that marks a cursor-paged operation.
pub const MARK: &str = "x-pagination";

/// What a mark says, checked against the operation's request and response types.
struct Pager {
    /// The request's cursor field.
    request_cursor: syn::Ident,
    /// Whether that field is an `Option<String>` (else a `String`).
    request_cursor_optional: bool,
    /// An expression of type `Option<&str>` over `self`: the next page's cursor.
    next_cursor: TokenStream,
    /// The response's list of results.
    items: syn::Ident,
    /// One result's type.
    item_ty: TokenStream,
    /// The mark's `response_cursor`, for docs.
    response_cursor: String,
    /// The mark's `request_cursor`, for docs.
    request_cursor_name: String,
}

/// A string entry of the mark, or an error naming it.
fn entry<'v>(p: &Placed<'_>, mark: &'v Value, key: &str) -> Result<&'v str, Error> {
    mark.get(key).and_then(Value::as_str).ok_or_else(|| {
        Error::new(format!(
            "operation `{}`: `{MARK}` needs a string `{key}`",
            p.op.id
        ))
    })
}

/// The field `name` of object schema `schema`, or an error naming it and the mark's entry.
fn field<'t>(
    types: &'t Types<'_>,
    p: &Placed<'_>,
    schema: usize,
    (key, name): (&str, &str),
) -> Result<Field<'t>, Error> {
    let missing = || {
        Error::new(format!(
            "operation `{}`: `{MARK}.{key}` names `{name}`, which is not a field of `{}`",
            p.op.id, types.api.schemas[schema].key
        ))
    };
    let SchemaKind::Object(props) = &types.api.schemas[schema].kind else {
        return Err(missing());
    };
    let at = props
        .iter()
        .position(|prop| prop.wire_name == name)
        .ok_or_else(missing)?;
    Ok(Field::new(
        &props[at],
        &types.fields[schema][at],
        types.roles[schema],
    ))
}

/// The error for a field of the wrong type.
fn wrong_type(p: &Placed<'_>, key: &str, name: &str, want: &str) -> Error {
    Error::new(format!(
        "operation `{}`: `{MARK}.{key}` names `{name}`, which is not {want}",
        p.op.id
    ))
}

/// `Option<&str>` of the response's next cursor, following a dotted path of fields through
/// nested objects (each required or optional).
fn next_cursor(types: &Types<'_>, p: &Placed<'_>, path: &str) -> Result<TokenStream, Error> {
    let key = "response_cursor";
    let mut schema = types.index_of(&p.op.response)?;
    let mut expr = quote!(self);
    // Whether `expr` is already an `Option<&_>` rather than a place.
    let mut optional = false;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let field = field(types, p, schema, (key, segment))?;
        let ident = &field.ident;
        let (is_option, inner) = match field.ty() {
            Ty::Option(inner) => (true, &**inner),
            other => (false, other),
        };
        if i + 1 == segments.len() {
            if !matches!(inner, Ty::String) {
                return Err(wrong_type(p, key, path, "a string"));
            }
            return Ok(match (optional, is_option) {
                (false, true) => quote!(#expr.#ident.as_deref()),
                (false, false) => quote!(Some(#expr.#ident.as_str())),
                (true, true) => quote!(#expr.and_then(|v| v.#ident.as_deref())),
                (true, false) => quote!(#expr.map(|v| v.#ident.as_str())),
            });
        }
        let Ty::Named(next) = inner else {
            return Err(wrong_type(p, key, path, "a path through objects"));
        };
        schema = *next;
        expr = match (optional, is_option) {
            (false, true) => quote!(#expr.#ident.as_ref()),
            (false, false) => quote!(#expr.#ident),
            (true, true) => quote!(#expr.and_then(|v| v.#ident.as_ref())),
            (true, false) => quote!(#expr.map(|v| &v.#ident)),
        };
        optional |= is_option;
    }
    Err(wrong_type(p, key, path, "a field path"))
}

/// Reads and checks an operation's mark; `None` when it has none.
fn read(types: &Types<'_>, p: &Placed<'_>) -> Result<Option<Pager>, Error> {
    let Some(mark) = &p.op.pagination else {
        return Ok(None);
    };
    let request_cursor = entry(p, mark, "request_cursor")?;
    let response_cursor = entry(p, mark, "response_cursor")?;
    let items = entry(p, mark, "items")?;

    let request = types.index_of(&p.op.request)?;
    let cursor = field(types, p, request, ("request_cursor", request_cursor))?;
    let request_cursor_optional = match cursor.ty() {
        Ty::String => false,
        Ty::Option(inner) if matches!(**inner, Ty::String) => true,
        _ => return Err(wrong_type(p, "request_cursor", request_cursor, "a string")),
    };

    let response = types.index_of(&p.op.response)?;
    let list = field(types, p, response, ("items", items))?;
    let Ty::Vec(item) = list.ty() else {
        return Err(wrong_type(p, "items", items, "a list"));
    };
    Ok(Some(Pager {
        request_cursor: cursor.ident.clone(),
        request_cursor_optional,
        next_cursor: next_cursor(types, p, response_cursor)?,
        items: list.ident.clone(),
        item_ty: types.tokens(item, "resources"),
        response_cursor: response_cursor.to_string(),
        request_cursor_name: request_cursor.to_string(),
    }))
}

/// The `impl crate::Page` of every marked operation's response.
pub(crate) fn emit_impls(
    types: &Types<'_>,
    (placed, _): &Layout<'_>,
) -> Result<TokenStream, Error> {
    let mut impls = Vec::new();
    let mut paged: Vec<&str> = Vec::new();
    for p in placed {
        let Some(pager) = read(types, p)? else {
            continue;
        };
        if let Some(other) = paged.iter().find(|r| **r == p.op.response) {
            return Err(Error::new(format!(
                "operation `{}`: `{MARK}` on a second operation answering `{other}`, which can \
                 be the page of one operation only",
                p.op.id
            )));
        }
        paged.push(&p.op.response);
        impls.push(emit_impl(types, p, &pager)?);
    }
    Ok(quote!(#(#impls)*))
}

fn emit_impl(types: &Types<'_>, p: &Placed<'_>, pager: &Pager) -> Result<TokenStream, Error> {
    let request_ty = types.path_of(&p.op.request, "resources")?;
    let response_ty = types.path_of(&p.op.response, "resources")?;
    let accessors = p.resources.iter().map(|s| names::field_ident(s));
    let method = format_ident!("{}", p.method);
    let Pager {
        request_cursor,
        next_cursor,
        items,
        item_ty,
        ..
    } = pager;
    let cursor = if pager.request_cursor_optional {
        quote!(Some(cursor))
    } else {
        quote!(cursor)
    };
    let gate = p.gate.attrs();
    Ok(quote! {
        #gate
        impl crate::Page for #response_ty {
            type Request = #request_ty;
            type Item = #item_ty;
            fn fetch(client: &crate::Client, request: Self::Request) -> crate::Pending<Self> {
                client #(.#accessors())* .#method(request)
            }
            fn set_cursor(request: &mut Self::Request, cursor: String) {
                request.#request_cursor = #cursor;
            }
            fn next_cursor(&self) -> Option<&str> {
                #next_cursor
            }
            fn len(&self) -> usize {
                self.#items.len()
            }
            fn into_items(self) -> Vec<Self::Item> {
                self.#items
            }
        }
    })
}

/// `<method>_pages` for a marked operation, on the async (`blocking: false`) or blocking
/// client's handle; nothing for an unmarked one.
pub(crate) fn emit_method(
    types: &Types<'_>,
    p: &Placed<'_>,
    blocking: bool,
) -> Result<TokenStream, Error> {
    let Some(pager) = read(types, p)? else {
        return Ok(quote!());
    };
    let name = format_ident!("{}_pages", p.method);
    let request_ty = types.path_of(&p.op.request, "resources")?;
    let response_ty = types.path_of(&p.op.response, "resources")?;
    let operation = format!("{}.{}", p.resources.join("."), p.method);
    let follows = format!(
        "Each page's `{}` becomes the next request's `{}`; the request's own `{}` is where the \
         first page starts.",
        pager.response_cursor, pager.request_cursor_name, pager.request_cursor_name
    );
    let (summary, pages_ty) = if blocking {
        (
            format!(
                "The pages of [`{}`](Self::{}), fetched one at a time as the iterator is \
                 advanced (see [`BlockingPages`](crate::BlockingPages)).",
                operation, p.method
            ),
            quote!(crate::BlockingPages),
        )
    } else {
        (
            format!(
                "The pages of [`{}`](Self::{}), fetched one at a time as the stream is polled \
                 (see [`Pages`](crate::Pages)).",
                operation, p.method
            ),
            quote!(crate::Pages),
        )
    };
    let request = types.index_of(&p.op.request)?;
    let request_name = &types.names[request].name;
    let takes = format!(
        "`request` is the operation's own [`{request_name}`](crate::{}::{request_name}).",
        types.names[request].module
    );
    let doc = docs::trusted(&[summary, String::new(), format!("{takes} {follows}")]);
    let gate = p.gate.attrs();
    Ok(quote! {
        #doc
        #gate
        pub fn #name(self, request: #request_ty) -> #pages_ty<#response_ty> {
            #pages_ty::new(self.client, request)
        }
    })
}
