//! Rust types for the component schemas.
//!
//! [typify] is the type engine: every component schema goes into one
//! [`TypeSpace`], and typify decides the Rust type of every property (string,
//! integer width from `format`, `Vec`, map, JSON value, reference to a named
//! type, nullable unions). The items themselves are emitted here with `quote`
//! because this SDK's policies are not expressible through typify's own output,
//! which always derives `Debug` and fixes each field's serde attributes:
//!
//! - string enums are open (an `Unknown` variant keeps the exact wire string);
//! - list and map fields of responses read `null` or absence as empty, and
//!   required scalars read `null` as their default;
//! - fields marked `x-sensitive` print as `[redacted]` in `Debug`;
//! - every struct is `#[non_exhaustive]`; requests get a constructor taking the
//!   required fields plus chainable setters for the optional ones.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use typify::{TypeDetails, TypeId, TypeSpace, TypeSpaceSettings};

use crate::Error;
use crate::docs;
use crate::gates::Gates;
use crate::names::{self, ItemName};
use crate::openapi::{Api, Location, NamedSchema, Property, SCHEMA_REF_PREFIX, SchemaKind};
use crate::settings::Settings;

/// The Rust type of a property, as resolved by typify.
#[derive(Debug, Clone)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`, integers, floats: `Copy` types with a `Default`.
    Scalar(String),
    /// `serde_json::Value`.
    Json,
    /// A generated type: index into [`Api::schemas`].
    Named(usize),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// A JSON object with arbitrary keys: `serde_json::Map` for untyped
    /// values, `BTreeMap<String, T>` otherwise.
    Map(Box<Ty>),
    /// `Option<T>` (a nullable schema).
    Option(Box<Ty>),
    /// `Box<T>` (typify boxes recursive references).
    Boxed(Box<Ty>),
}

impl Ty {
    /// Has a `Default` that stands for "nothing": empty list, map or string,
    /// `false`, zero, or an enum's empty `Unknown` value.
    fn has_default(&self, types: &Types<'_>) -> bool {
        match self {
            Ty::String | Ty::Scalar(_) | Ty::Vec(_) | Ty::Map(_) | Ty::Option(_) => true,
            Ty::Named(i) => matches!(types.api.schemas[*i].kind, SchemaKind::StringEnum(_)),
            Ty::Json | Ty::Boxed(_) => false,
        }
    }

    fn is_collection(&self) -> bool {
        matches!(self, Ty::Vec(_) | Ty::Map(_))
    }
}

/// Which side of the API a named type is used on.
#[derive(Debug, Clone, Copy, Default)]
pub struct Role {
    /// Reachable from a request body: gets a constructor and setters.
    pub input: bool,
    /// Reachable from a response body: decodes leniently.
    pub output: bool,
}

/// All named types of the document, resolved.
pub struct Types<'a> {
    /// The parsed document.
    pub api: &'a Api,
    /// The vendor-specific rules.
    pub settings: &'a Settings,
    /// Module and type name of each schema, by index into `api.schemas`.
    pub names: Vec<ItemName>,
    /// Request and/or response side of each schema.
    pub roles: Vec<Role>,
    /// Resolved property types of each object schema (same order as its
    /// properties); empty for enums.
    pub fields: Vec<Vec<Ty>>,
    /// Response-side structs whose fields all have a `Default` derive it, so
    /// callers can build values for their tests (`Member::default()`).
    pub derives_default: Vec<bool>,
    /// The cargo features each operation and schema needs.
    pub gates: Gates,
}

impl<'a> Types<'a> {
    /// Runs typify over the document's component schemas and resolves every
    /// property's type.
    pub fn resolve(api: &'a Api, settings: &'a Settings) -> Result<Self, Error> {
        let keys: Vec<&str> = api.schemas.iter().map(|s| s.key.as_str()).collect();
        let referrers = api.referrers();
        let names = names::assign(&keys, &referrers, settings)?;

        let mut space = TypeSpace::new(&TypeSpaceSettings::default());
        let defs = api
            .schemas
            .iter()
            .map(|s| Ok((s.key.clone(), to_schemars(&s.key, &s.raw)?)))
            .collect::<Result<Vec<_>, Error>>()?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| space.add_ref_types(defs)))
            .map_err(|_| {
                Error::new("typify could not convert the component schemas (it panicked)")
            })?
            .map_err(|e| Error::new(format!("typify rejected the schemas: {e}")))?;

        let mut named_ids: HashMap<TypeId, usize> = HashMap::new();
        for (index, s) in api.schemas.iter().enumerate() {
            let reference = serde_json::json!({ "$ref": format!("{SCHEMA_REF_PREFIX}{}", s.key) });
            let id = add_type(&mut space, &s.key, &reference)?;
            named_ids.insert(id, index);
        }

        let mut fields = Vec::with_capacity(api.schemas.len());
        for s in &api.schemas {
            let mut tys = Vec::new();
            if let SchemaKind::Object(props) = &s.kind {
                for p in props {
                    let at = format!("{}.{}", s.key, p.wire_name);
                    let id = add_type(&mut space, &at, &p.schema)?;
                    tys.push(resolve_id(&space, &named_ids, &id, &at)?);
                }
            }
            fields.push(tys);
        }

        let mut types = Types {
            api,
            settings,
            names,
            roles: vec![Role::default(); api.schemas.len()],
            derives_default: vec![false; api.schemas.len()],
            fields,
            gates: Gates::compute(api, settings)?,
        };
        types.compute_roles()?;
        types.compute_defaults();
        Ok(types)
    }

    /// A struct can derive `Default` when each field's type has one; named
    /// struct fields count once they are known to (a fixed point).
    fn compute_defaults(&mut self) {
        let is_object: Vec<bool> = self
            .api
            .schemas
            .iter()
            .map(|s| matches!(s.kind, SchemaKind::Object(_)))
            .collect();
        // Only response-side structs derive it, so start from those.
        let mut defaultable: Vec<bool> = is_object
            .iter()
            .zip(&self.roles)
            .map(|(object, role)| *object && role.output)
            .collect();
        loop {
            let mut changed = false;
            for i in 0..defaultable.len() {
                if !defaultable[i] {
                    continue;
                }
                let all = self.fields[i].iter().all(|ty| {
                    let direct = match ty {
                        Ty::Boxed(inner) => inner.as_ref(),
                        other => other,
                    };
                    match direct {
                        Ty::Named(n) => defaultable[*n] || !is_object[*n],
                        _ => true,
                    }
                });
                if !all {
                    defaultable[i] = false;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        self.derives_default = defaultable;
    }

    /// Index into `api.schemas` of the component schema named `key`.
    pub(crate) fn index_of(&self, key: &str) -> Result<usize, Error> {
        self.api
            .schemas
            .iter()
            .position(|s| s.key == key)
            .ok_or_else(|| Error::new(format!("no component schema `{key}`")))
    }

    fn compute_roles(&mut self) -> Result<(), Error> {
        let mut stack: Vec<(usize, bool)> = Vec::new();
        for op in &self.api.operations {
            stack.push((self.index_of(&op.request)?, true));
            stack.push((self.index_of(&op.response)?, false));
            if let Some(error) = &op.error {
                stack.push((self.index_of(error)?, false));
            }
        }
        while let Some((index, input)) = stack.pop() {
            let role = &mut self.roles[index];
            let seen = if input { role.input } else { role.output };
            if seen {
                continue;
            }
            if input {
                role.input = true;
            } else {
                role.output = true;
            }
            for ty in &self.fields[index] {
                ty.for_each_named(&mut |n| stack.push((n, input)));
            }
        }
        // Types no operation reaches are still decoded from somewhere: treat
        // them as responses, leniently.
        for role in &mut self.roles {
            if !role.input && !role.output {
                role.output = true;
            }
        }
        Ok(())
    }

    /// The properties a request type's `new` takes, in order.
    pub(crate) fn required_args(&self, index: usize) -> Vec<&Property> {
        let SchemaKind::Object(props) = &self.api.schemas[index].kind else {
            return Vec::new();
        };
        let role = self.roles[index];
        props
            .iter()
            .zip(&self.fields[index])
            .map(|(p, ty)| Field::new(p, ty, role))
            .filter(Field::is_required_arg)
            .map(|f| f.prop)
            .collect()
    }

    /// The Rust path of the type of component schema `key`, as seen from module `from`.
    pub(crate) fn path_of(&self, key: &str, from: &str) -> Result<TokenStream, Error> {
        Ok(self.path(self.index_of(key)?, from))
    }

    /// The Rust path of a named type, as seen from module `from`.
    pub fn path(&self, index: usize, from: &str) -> TokenStream {
        let ItemName { module, name, .. } = &self.names[index];
        let name = format_ident!("{}", name);
        if module == from {
            quote!(#name)
        } else {
            let module = format_ident!("{}", module);
            quote!(crate::#module::#name)
        }
    }

    /// Tokens for a resolved type.
    pub fn tokens(&self, ty: &Ty, from: &str) -> TokenStream {
        match ty {
            Ty::String => quote!(String),
            Ty::Scalar(s) => {
                let ident = format_ident!("{}", s);
                quote!(#ident)
            }
            Ty::Json => quote!(serde_json::Value),
            Ty::Named(index) => self.path(*index, from),
            Ty::Vec(inner) => {
                let inner = self.tokens(inner, from);
                quote!(Vec<#inner>)
            }
            Ty::Map(inner) => match **inner {
                Ty::Json => quote!(serde_json::Map<String, serde_json::Value>),
                _ => {
                    let inner = self.tokens(inner, from);
                    quote!(std::collections::BTreeMap<String, #inner>)
                }
            },
            Ty::Option(inner) => {
                let inner = self.tokens(inner, from);
                quote!(Option<#inner>)
            }
            Ty::Boxed(inner) => {
                let inner = self.tokens(inner, from);
                quote!(Box<#inner>)
            }
        }
    }

    /// Emits the item(s) of one named schema.
    pub fn emit(&self, index: usize) -> TokenStream {
        self.emit_noted(index, &TokenStream::new())
    }

    /// Emits the item(s) of one named schema; a struct's docs end with `note` (doc
    /// attributes, such as which method sends a request type).
    pub fn emit_noted(&self, index: usize, note: &TokenStream) -> TokenStream {
        let schema = &self.api.schemas[index];
        match &schema.kind {
            SchemaKind::Object(props) => self.emit_struct(index, schema, props, note),
            SchemaKind::StringEnum(values) => emit_enum(&self.names[index], schema, values),
        }
    }

    fn emit_struct(
        &self,
        index: usize,
        schema: &NamedSchema,
        props: &[Property],
        note: &TokenStream,
    ) -> TokenStream {
        let item = &self.names[index];
        let role = self.roles[index];
        let module = item.module.as_str();
        let name = format_ident!("{}", item.name);
        let doc = docs::doc(
            schema
                .description
                .as_deref()
                .unwrap_or(&format!("The `{}` object.", schema.key)),
        );

        let fields: Vec<Field<'_>> = props
            .iter()
            .zip(&self.fields[index])
            .map(|(p, ty)| Field::new(p, ty, role))
            .collect();

        let field_defs = fields.iter().map(|f| {
            let ident = &f.ident;
            let ty = self.tokens(&f.rust_ty, module);
            let doc = docs::doc(&f.doc_text());
            let serde = f.serde_attr(self);
            quote! {
                #doc
                #serde
                pub #ident: #ty,
            }
        });

        let sensitive = fields.iter().any(|f| f.prop.sensitive);
        let debug_derive = (!sensitive).then(|| quote!(Debug,));
        // Responses whose fields all have defaults, and requests without required fields
        // (whose `new()` takes nothing), derive `Default`.
        let no_required_args = role.input && fields.iter().all(|f| !f.is_required_arg());
        let default_derive =
            (self.derives_default[index] || no_required_args).then(|| quote!(Default,));
        let debug_impl = sensitive.then(|| {
            let name_str = item.name.as_str();
            let entries = fields.iter().map(|f| {
                let ident = &f.ident;
                let label = f.ident.to_string().trim_start_matches("r#").to_string();
                match (f.prop.sensitive, &f.rust_ty) {
                    (false, _) => quote!(.field(#label, &self.#ident)),
                    (true, Ty::Option(_)) => {
                        quote!(.field(#label, &self.#ident.as_ref().map(|_| crate::__support::Redacted)))
                    }
                    (true, _) => quote!(.field(#label, &crate::__support::Redacted)),
                }
            });
            quote! {
                impl std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.debug_struct(#name_str) #(#entries)* .finish()
                    }
                }
            }
        });

        let builder = role.input.then(|| self.emit_constructor(item, &fields));

        quote! {
            #doc
            #note
            #[derive(Clone, #debug_derive #default_derive PartialEq, serde::Serialize, serde::Deserialize)]
            #[non_exhaustive]
            pub struct #name {
                #(#field_defs)*
            }
            #debug_impl
            #builder
        }
    }

    fn emit_constructor(&self, item: &ItemName, fields: &[Field<'_>]) -> TokenStream {
        let module = item.module.as_str();
        let name = format_ident!("{}", item.name);
        let required: Vec<&Field<'_>> = fields.iter().filter(|f| f.is_required_arg()).collect();
        let params = required.iter().map(|f| {
            let ident = &f.ident;
            let ty = self.tokens(&f.rust_ty, module);
            quote!(#ident: impl Into<#ty>)
        });
        let inits = fields.iter().map(|f| {
            let ident = &f.ident;
            if f.is_required_arg() {
                quote!(#ident: #ident.into())
            } else {
                quote!(#ident: Default::default())
            }
        });
        let setters = fields.iter().filter(|f| !f.is_required_arg()).map(|f| {
            let ident = &f.ident;
            let (arg_ty, assign) = match &f.rust_ty {
                Ty::Option(inner) => {
                    let inner = self.tokens(inner, module);
                    (inner, quote!(Some(value.into())))
                }
                other => (self.tokens(other, module), quote!(value.into())),
            };
            let label = ident.to_string().trim_start_matches("r#").to_string();
            let summary = f
                .prop
                .description
                .as_deref()
                .map(docs::first_sentence)
                .unwrap_or_default();
            let doc = docs::doc(&format!(
                "Sets [`{label}`](#structfield.{label}), which is optional. {summary}"
            ));
            quote! {
                #doc
                #[must_use]
                pub fn #ident(mut self, value: impl Into<#arg_ty>) -> Self {
                    self.#ident = #assign;
                    self
                }
            }
        });
        let required_list = if required.is_empty() {
            "no required fields".to_string()
        } else {
            required
                .iter()
                .map(|f| format!("`{}`", f.prop.wire_name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let new_doc = docs::doc(&format!(
            "Creates `{}` from its required fields ({required_list}); set optional fields with the chainable setters.",
            item.name
        ));
        quote! {
            impl #name {
                #new_doc
                pub fn new(#(#params),*) -> Self {
                    Self { #(#inits,)* }
                }
                #(#setters)*
            }
        }
    }
}

impl Ty {
    fn for_each_named(&self, f: &mut impl FnMut(usize)) {
        match self {
            Ty::Named(i) => f(*i),
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t.for_each_named(f),
            Ty::String | Ty::Scalar(_) | Ty::Json => {}
        }
    }
}

/// A property with the decisions made about it.
pub(crate) struct Field<'p> {
    pub(crate) prop: &'p Property,
    pub(crate) ident: syn::Ident,
    rust_ty: Ty,
    role: Role,
}

impl<'p> Field<'p> {
    pub(crate) fn new(prop: &'p Property, ty: &Ty, role: Role) -> Self {
        // Optional properties are `Option<T>`, except lists and maps of
        // responses, which read absence as empty.
        let rust_ty = match ty {
            Ty::Option(_) => ty.clone(),
            _ if prop.required => ty.clone(),
            t if t.is_collection() && !role.input => ty.clone(),
            _ => Ty::Option(Box::new(ty.clone())),
        };
        Field {
            prop,
            ident: names::field_ident(&prop.wire_name),
            rust_ty,
            role,
        }
    }

    /// Its Rust type: `Option<T>` for an optional property (but lists and maps of responses).
    pub(crate) fn ty(&self) -> &Ty {
        &self.rust_ty
    }

    /// Whether its Rust type is `String`.
    pub(crate) fn is_string(&self) -> bool {
        matches!(self.rust_ty, Ty::String)
    }

    /// A parameter of the request constructor.
    pub(crate) fn is_required_arg(&self) -> bool {
        self.prop.required && !matches!(self.rust_ty, Ty::Option(_))
    }

    fn doc_text(&self) -> String {
        let mut text = self
            .prop
            .description
            .clone()
            .unwrap_or_else(|| format!("The `{}` field.", self.prop.wire_name));
        let sent_as = match self.prop.location {
            Location::Body => None,
            Location::Path => Some("a path segment (percent-encoded)"),
            Location::Query => Some("a query parameter"),
            Location::Header => Some("a request header"),
        };
        if let Some(sent_as) = sent_as {
            text.push_str(&format!(
                "\n\nSent as {sent_as} `{}`, not in the JSON body.",
                self.prop.wire_name
            ));
        }
        if self.prop.sensitive {
            text.push_str("\n\nSensitive: printed as `[redacted]` by `Debug`.");
        }
        text
    }

    fn serde_attr(&self, types: &Types<'_>) -> TokenStream {
        if self.prop.location != Location::Body {
            // Sent in the path, query or headers, never in the body.
            return quote!(#[serde(skip)]);
        }
        let mut parts = Vec::new();
        let ident = self.ident.to_string();
        if ident.trim_start_matches("r#") != self.prop.wire_name {
            let wire = &self.prop.wire_name;
            parts.push(quote!(rename = #wire));
        }
        match &self.rust_ty {
            Ty::Option(_) => {
                parts.push(quote!(default));
                parts.push(quote!(skip_serializing_if = "Option::is_none"));
            }
            ty if self.role.output && ty.has_default(types) => {
                parts.push(quote!(default));
                parts.push(quote!(
                    deserialize_with = "crate::__support::null_as_default"
                ));
                if !self.prop.required {
                    let is_empty = match ty {
                        Ty::Vec(_) => "Vec::is_empty",
                        Ty::Map(inner) if matches!(**inner, Ty::Json) => {
                            "serde_json::Map::is_empty"
                        }
                        _ => "std::collections::BTreeMap::is_empty",
                    };
                    parts.push(quote!(skip_serializing_if = #is_empty));
                }
            }
            _ => {}
        }
        if parts.is_empty() {
            quote!()
        } else {
            quote!(#[serde(#(#parts),*)])
        }
    }
}

fn emit_enum(item: &ItemName, schema: &NamedSchema, values: &[String]) -> TokenStream {
    let name = format_ident!("{}", item.name);
    let mut lines = docs::clean(
        schema
            .description
            .as_deref()
            .unwrap_or(&format!("Values of `{}`.", schema.key)),
    );
    // Written here, so not escaped: it holds an intra-doc link.
    lines.push(String::new());
    lines.push(format!(
        "This enum is open: a value this version of the SDK does not know is kept, exactly as \
         sent, in [`{}::Unknown`].",
        item.name
    ));
    let doc = docs::trusted(&lines);
    let variants: Vec<syn::Ident> = values
        .iter()
        .map(|v| format_ident!("{}", names::variant_ident(v)))
        .collect();
    let described = schema.raw.get(crate::prose::ENUM_DESCRIPTIONS);
    let variant_docs = values.iter().map(|v| {
        match described
            .and_then(|d| d.get(v))
            .and_then(serde_json::Value::as_str)
        {
            Some(text) => docs::doc(&format!("`{v}`: {text}")),
            None => docs::doc(&format!("`{v}`")),
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variants,
            )*
            /// A value this version of the SDK does not know, kept exactly as sent.
            Unknown(crate::UnknownValue),
        }

        impl #name {
            /// Every value this version of the SDK knows, as sent on the wire.
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::Unknown(crate::UnknownValue(other.to_owned())),
                }
            }
        }

        crate::__support::open_enum_traits!(#name);
    }
}

/// OpenAPI 3.0 schema → JSON Schema for typify: `nullable: true` becomes a
/// `null` alternative; OpenAPI-only keywords are dropped.
fn to_schemars(at: &str, value: &Value) -> Result<schemars::schema::Schema, Error> {
    let converted = openapi_to_json_schema(value);
    serde_json::from_value(converted)
        .map_err(|e| Error::new(format!("schema `{at}` is not a valid JSON schema: {e}")))
}

fn openapi_to_json_schema(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            let nullable = map.get("nullable").and_then(Value::as_bool) == Some(true);
            for (k, v) in map {
                match k.as_str() {
                    "nullable" | "example" | "discriminator" | "xml" | "externalDocs"
                    | "readOnly" | "writeOnly" | "deprecated" => {}
                    k if k.starts_with("x-") => {}
                    "type" if nullable => {
                        out.insert(k.clone(), serde_json::json!([v, "null"]));
                    }
                    _ => {
                        out.insert(k.clone(), openapi_to_json_schema(v));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(openapi_to_json_schema).collect()),
        other => other.clone(),
    }
}

fn add_type(space: &mut TypeSpace, at: &str, schema: &Value) -> Result<TypeId, Error> {
    check_property_shape(at, schema)?;
    let schema = to_schemars(at, schema)?;
    // typify asserts on some malformed inputs; turn any such panic into an error that names the
    // schema rather than crashing the build script.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| space.add_type(&schema)))
        .map_err(|_| Error::new(format!("typify could not convert `{at}` (it panicked)")))?
        .map_err(|e| Error::new(format!("typify could not convert `{at}`: {e}")))
}

/// Property schemas must be scalars, arrays, free-form maps or `$ref`s: every named shape
/// (object with properties, enum, union) must be a component so that it gets a good name.
fn check_property_shape(at: &str, schema: &Value) -> Result<(), Error> {
    let Some(obj) = schema.as_object() else {
        return Err(Error::new(format!("`{at}`: the schema is not an object")));
    };
    if obj.contains_key("$ref") {
        return Ok(());
    }
    let inline = obj
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
        || obj.contains_key("enum")
        || ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| obj.contains_key(*k));
    if inline {
        return Err(Error::new(format!(
            "`{at}` has an inline object, enum or union schema; define it under `components.schemas` and `$ref` it"
        )));
    }
    if let Some(items) = obj.get("items") {
        check_property_shape(&format!("{at}[]"), items)?;
    }
    if let Some(additional @ Value::Object(_)) = obj.get("additionalProperties") {
        check_property_shape(&format!("{at}{{}}"), additional)?;
    }
    Ok(())
}

fn resolve_id(
    space: &TypeSpace,
    named: &HashMap<TypeId, usize>,
    id: &TypeId,
    at: &str,
) -> Result<Ty, Error> {
    if let Some(index) = named.get(id) {
        return Ok(Ty::Named(*index));
    }
    let ty = space
        .get_type(id)
        .map_err(|e| Error::new(format!("typify lost the type of `{at}`: {e}")))?;
    let inner = |id: TypeId| resolve_id(space, named, &id, at).map(Box::new);
    Ok(match ty.details() {
        TypeDetails::String => Ty::String,
        TypeDetails::Builtin("::serde_json::Value") => Ty::Json,
        TypeDetails::Builtin(b) => {
            let b = b
                .trim_start_matches("::std::primitive::")
                .trim_start_matches("::");
            match b {
                "bool" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32"
                | "f64" => Ty::Scalar(b.to_string()),
                other => {
                    return Err(Error::new(format!(
                        "`{at}`: typify chose `{other}`, which this generator does not support"
                    )));
                }
            }
        }
        TypeDetails::Option(id) => Ty::Option(inner(id)?),
        TypeDetails::Vec(id) | TypeDetails::Set(id) => Ty::Vec(inner(id)?),
        TypeDetails::Box(id) => Ty::Boxed(inner(id)?),
        TypeDetails::Map(key, value) => {
            let string_key = space
                .get_type(&key)
                .is_ok_and(|k| matches!(k.details(), TypeDetails::String));
            if !string_key {
                return Err(Error::new(format!("`{at}`: maps must have string keys")));
            }
            Ty::Map(inner(value)?)
        }
        TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_) => {
            return Err(Error::new(format!(
                "`{at}` has an inline object, enum or union schema; define it under `components.schemas` and `$ref` it"
            )));
        }
        _ => {
            return Err(Error::new(format!(
                "`{at}` has a schema shape ({}) this generator does not support",
                ty.describe()
            )));
        }
    })
}
