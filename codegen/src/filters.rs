//! Typed search filters, read from data. Stytch's document gives a search's query operands as
//! free-form objects (`{"filter_name": …, "filter_value": …}`) and lists the filters only in
//! prose, so our overlay adds the table to each search operation:
//!
//! ```json
//! "x-search-filters": {
//!   "request_query": "query", "filter": "OrganizationFilter", "query": "OrganizationQuery",
//!   "doc": "…",
//!   "filters": [{"name": "organization_ids", "variant": "Ids", "operand": "strings",
//!                "doc": "The Organization's id is one of these."}, …]
//! }
//! ```
//!
//! An operand is `strings` (a list: `Vec<String>`), `fuzzy` (a text to look for: `String`) or
//! `flag` (`bool`). From the table the generator emits, in the request's module, the filter
//! enum (one variant per filter, and `Other` for a filter the table lacks), its
//! `SearchFilter` impl (the wire names, written in the table, never derived from the Rust
//! names), the query alias and the request's `matching` setter; and, in the server glue, the
//! table itself (`server::<RESOURCE>_<METHOD>_FILTERS`), which the fake evaluates queries by.
//! The SDK and the fake therefore read one list.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::Error;
use crate::client::{Layout, Placed};
use crate::docs;
use crate::types::{Field, Ty, Types};

/// The operation extension that holds a search's filter table.
pub const MARK: &str = "x-search-filters";

/// The type of a filter's operand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operand {
    Strings,
    Fuzzy,
    Flag,
}

impl Operand {
    const ALL: [(&'static str, Operand); 3] = [
        ("strings", Operand::Strings),
        ("fuzzy", Operand::Fuzzy),
        ("flag", Operand::Flag),
    ];

    fn rust(self) -> TokenStream {
        match self {
            Operand::Strings => quote!(Vec<String>),
            Operand::Fuzzy => quote!(String),
            Operand::Flag => quote!(bool),
        }
    }

    fn server(self) -> TokenStream {
        match self {
            Operand::Strings => quote!(FilterOperand::Strings),
            Operand::Fuzzy => quote!(FilterOperand::Fuzzy),
            Operand::Flag => quote!(FilterOperand::Flag),
        }
    }
}

struct Filter {
    name: String,
    variant: syn::Ident,
    operand: Operand,
    doc: String,
}

/// A search's table, checked against its request type.
struct Table {
    filter: syn::Ident,
    query: syn::Ident,
    doc: Option<String>,
    /// The request's query field, and whether it is optional.
    query_field: (syn::Ident, bool),
    filters: Vec<Filter>,
}

fn text<'v>(p: &Placed<'_>, value: &'v Value, key: &str) -> Result<&'v str, Error> {
    value.get(key).and_then(Value::as_str).ok_or_else(|| {
        Error::new(format!(
            "operation `{}`: `{MARK}` needs a string `{key}` (in {value})",
            p.op.id
        ))
    })
}

fn ident(p: &Placed<'_>, name: &str) -> Result<syn::Ident, Error> {
    syn::parse_str(name).map_err(|_| {
        Error::new(format!(
            "operation `{}`: `{MARK}` names `{name}`, which is not a Rust identifier",
            p.op.id
        ))
    })
}

fn read_filter(p: &Placed<'_>, entry: &Value) -> Result<Filter, Error> {
    let operand = text(p, entry, "operand")?;
    let name = text(p, entry, "name")?;
    let operand = Operand::ALL
        .iter()
        .find(|(word, _)| *word == operand)
        .map(|(_, o)| *o)
        .ok_or_else(|| {
            Error::new(format!(
                "operation `{}`: `{MARK}` gives filter `{name}` the operand `{operand}`, which \
                 is none of `strings`, `fuzzy`, `flag`",
                p.op.id
            ))
        })?;
    let variant = ident(p, text(p, entry, "variant")?)?;
    if variant == "Other" {
        return Err(Error::new(format!(
            "operation `{}`: `{MARK}` names a variant `Other`, which is the untyped filter's",
            p.op.id
        )));
    }
    Ok(Filter {
        name: name.to_string(),
        variant,
        operand,
        doc: text(p, entry, "doc")?.to_string(),
    })
}

/// The request's query field, which must be of a named (query) type.
fn query_field(types: &Types<'_>, p: &Placed<'_>, name: &str) -> Result<(syn::Ident, bool), Error> {
    let request = types.index_of(&p.op.request)?;
    let crate::openapi::SchemaKind::Object(props) = &types.api.schemas[request].kind else {
        return Err(Error::new(format!(
            "operation `{}`: the request is not an object",
            p.op.id
        )));
    };
    let at = props.iter().position(|prop| prop.wire_name == name).ok_or_else(|| {
        Error::new(format!(
            "operation `{}`: `{MARK}.request_query` names `{name}`, which is not a field of `{}`",
            p.op.id, p.op.request
        ))
    })?;
    let field = Field::new(&props[at], &types.fields[request][at], types.roles[request]);
    match field.ty() {
        Ty::Named(_) => Ok((field.ident.clone(), false)),
        Ty::Option(inner) if matches!(**inner, Ty::Named(_)) => Ok((field.ident.clone(), true)),
        _ => Err(Error::new(format!(
            "operation `{}`: `{MARK}.request_query` names `{name}`, which is not a query object",
            p.op.id
        ))),
    }
}

/// Reads and checks an operation's table; `None` when it has none.
fn read(types: &Types<'_>, p: &Placed<'_>) -> Result<Option<Table>, Error> {
    let Some(mark) = &p.op.search_filters else {
        return Ok(None);
    };
    let entries = mark
        .get("filters")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Error::new(format!(
                "operation `{}`: `{MARK}` needs a `filters` list",
                p.op.id
            ))
        })?;
    let filters = entries
        .iter()
        .map(|entry| read_filter(p, entry))
        .collect::<Result<Vec<_>, Error>>()?;
    for (i, a) in filters.iter().enumerate() {
        if let Some(b) = filters[..i]
            .iter()
            .find(|b| b.name == a.name || b.variant == a.variant)
        {
            return Err(Error::new(format!(
                "operation `{}`: `{MARK}` lists `{}` ({}) and `{}` ({}), which share a name or \
                 a variant",
                p.op.id, b.name, b.variant, a.name, a.variant
            )));
        }
    }
    Ok(Some(Table {
        filter: ident(p, text(p, mark, "filter")?)?,
        query: ident(p, text(p, mark, "query")?)?,
        doc: mark.get("doc").and_then(Value::as_str).map(str::to_string),
        query_field: query_field(types, p, text(p, mark, "request_query")?)?,
        filters,
    }))
}

/// Every search whose request type is in `module`, with its table.
fn tables_in<'l>(
    types: &Types<'_>,
    placed: &'l [Placed<'l>],
    module: Option<&str>,
) -> Result<Vec<(&'l Placed<'l>, Table)>, Error> {
    let mut out = Vec::new();
    for p in placed {
        let request = types.index_of(&p.op.request)?;
        if module.is_some_and(|m| types.names[request].module != m) {
            continue;
        }
        if let Some(table) = read(types, p)? {
            out.push((p, table));
        }
    }
    Ok(out)
}

/// The filter enums, their impls, query aliases and `matching` setters of the searches whose
/// request type is in `module`.
pub(crate) fn emit_module(
    types: &Types<'_>,
    layout: &Layout<'_>,
    module: &str,
) -> Result<TokenStream, Error> {
    let items = tables_in(types, &layout.0, Some(module))?
        .iter()
        .map(|(p, table)| emit_search(types, p, table))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(quote!(#(#items)*))
}

fn emit_search(types: &Types<'_>, p: &Placed<'_>, table: &Table) -> Result<TokenStream, Error> {
    let Table { filter, query, .. } = table;
    let operation = format!("{}.{}", p.resources.join("."), p.method);
    let mut doc = vec![format!(
        "One condition of a search by `{operation}`: a filter Stytch documents, with a value of \
         the type Stytch expects, or [`Other`](Self::Other)."
    )];
    if let Some(extra) = &table.doc {
        doc.extend([String::new(), extra.clone()]);
    }
    let doc = docs::trusted(&doc);
    let variants = table.filters.iter().map(|f| {
        let (variant, ty) = (&f.variant, f.operand.rust());
        let doc = docs::trusted(&[format!("`{}`: {}", f.name, f.doc)]);
        quote!(#doc #variant(#ty),)
    });
    let gate = p.gate.attrs();
    let search_filter = emit_search_filter(table, &gate);
    let module = &types.names[types.index_of(&p.op.request)?].module;
    let request_ty = types.path_of(&p.op.request, module)?;
    let query_doc = docs::trusted(&[format!(
        "The query of a search by `{operation}`: filters that must all match (`all`) or of \
         which one must (`any`). Set it with [`{}::matching`].",
        request_ty.to_string().replace(' ', "")
    )]);
    let (field, optional) = &table.query_field;
    let value = if *optional {
        quote!(Some(query.to_search_query()))
    } else {
        quote!(query.to_search_query())
    };
    let matching_doc = docs::trusted(&[format!(
        "Sets the request's `{field}` from a typed [`{query}`]."
    )]);
    Ok(quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #filter {
            #(#variants)*
            /// A filter this version of the SDK does not type, sent as given.
            Other {
                /// The operand's `filter_name`.
                filter_name: String,
                /// The operand's `filter_value`.
                filter_value: serde_json::Value,
            },
        }

        #search_filter

        #query_doc
        #gate
        pub type #query = crate::extensions::search::TypedSearchQuery<#filter>;

        #gate
        impl #request_ty {
            #matching_doc
            #[must_use]
            pub fn matching(mut self, query: #query) -> Self {
                self.#field = #value;
                self
            }
        }
    })
}

/// `impl SearchFilter`: each variant's wire name, and its value as JSON (one arm per operand
/// type).
fn emit_search_filter(table: &Table, gate: &TokenStream) -> TokenStream {
    let filter = &table.filter;
    let names = table.filters.iter().map(|f| {
        let (variant, name) = (&f.variant, &f.name);
        quote!(Self::#variant(_) => #name,)
    });
    let values = Operand::ALL.iter().filter_map(|(_, operand)| {
        let variants: Vec<&syn::Ident> = table
            .filters
            .iter()
            .filter(|f| f.operand == *operand)
            .map(|f| &f.variant)
            .collect();
        (!variants.is_empty())
            .then(|| quote!(#(Self::#variants(value))|* => serde_json::json!(value),))
    });
    quote! {
        #gate
        impl crate::extensions::search::sealed::Sealed for #filter {}

        #gate
        impl crate::extensions::search::SearchFilter for #filter {
            fn filter_name(&self) -> &str {
                match self {
                    #(#names)*
                    Self::Other { filter_name, .. } => filter_name,
                }
            }

            fn filter_value(&self) -> serde_json::Value {
                match self {
                    #(#values)*
                    Self::Other { filter_value, .. } => filter_value.clone(),
                }
            }
        }
    }
}

/// The server glue's side: `FilterOperand` and each search's table, for the fake.
pub(crate) fn emit_server(types: &Types<'_>, placed: &[Placed<'_>]) -> Result<TokenStream, Error> {
    let tables = tables_in(types, placed, None)?;
    if tables.is_empty() {
        return Ok(quote!());
    }
    let mut consts = Vec::new();
    for (p, table) in &tables {
        let name = format_ident!(
            "{}_{}_FILTERS",
            p.resources.join("_").to_uppercase(),
            p.method.to_uppercase()
        );
        let operation = format!("{}.{}", p.resources.join("."), p.method);
        let module = &types.names[types.index_of(&p.op.request)?].module;
        let doc = docs::trusted(&[format!(
            "The filters of `{operation}` and their operands: the table the client's \
             [`{filter}`](crate::{module}::{filter}) is generated from.",
            filter = table.filter
        )]);
        let rows = table.filters.iter().map(|f| {
            let (name, operand) = (&f.name, f.operand.server());
            quote!((#name, #operand),)
        });
        let gate = p.gate.attrs();
        consts.push(quote! {
            #doc
            #gate
            pub const #name: &[(&str, FilterOperand)] = &[#(#rows)*];
        });
    }
    Ok(quote! {
        /// The value a search filter takes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum FilterOperand {
            /// A list of strings, any of which matches.
            Strings,
            /// A text to look for (Stytch's `_fuzzy` filters).
            Fuzzy,
            /// A boolean.
            Flag,
        }

        #(#consts)*
    })
}
