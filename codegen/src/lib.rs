//! The code generator of `stytch-b2b-otp-sms`.
//!
//! The SDK's `build.rs` calls [`generate_dir`] on `schema/`; it is a library so that
//! `cargo test` tests it. The pipeline is a sequence of stages, each a module with one job:
//!
//! 1. [`load`]: read the base document (`schema/stytch-b2b.openapi.json`, Stytch's own);
//! 2. [`overlay`]: apply `schema/overlay.json` (OpenAPI Overlay 1.0.0), our changes;
//! 3. [`select`]: keep the selected operations (all, for the SDK) and the schemas they reach;
//!    [`inline`]: name inline object and enum schemas from where they sit;
//! 4. [`openapi`]: read that into a small model (operations with one request type each);
//! 5. [`types`]: typify resolves every property type; [`names`] gives idiomatic names;
//! 6. emit: [`types`] (structs and open enums), [`client`] (one method per operation, reached
//!    by path: `otps().sms()`), [`pages`] (cursor pagers of the operations the overlay marks),
//!    [`filters`] (typed search filters from the overlay's tables),
//!    [`server`] (the fake's glue), [`mod@reference`] (Markdown);
//!    [`docs`] turns schema prose into rustdoc-safe Markdown.
//!
//! Every vendor-specific rule sits in one value, [`Settings`].

use std::fmt;
use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

mod calls;
pub mod client;
pub mod docs;
pub mod errors;
pub mod filters;
pub mod gates;
pub mod inline;
pub mod load;
pub mod names;
mod navigation;
pub mod openapi;
pub mod overlay;
pub mod pages;
pub mod prose;
pub mod reference;
pub mod select;
pub mod server;
pub mod settings;
pub mod types;

pub use overlay::Overlay;
pub use prose::Prose;
pub use select::Selection;
pub use settings::{CargoFeature, Extension, Feature, SchemaKey, SecretRule, Settings};

/// A generation failure, saying what in the schema is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// What [`generate`] produces.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Rust source: modules of types, client accessors and methods.
    pub rust: String,
    /// Rust source of the blocking client's accessors and methods, included
    /// inside the SDK's `blocking` module.
    pub blocking: String,
    /// Markdown API reference: one section per operation.
    pub reference: String,
    /// The generated part of the crate docs (Markdown): [`Settings::crate_docs`], a table of
    /// the crate's features ([`Settings::cargo_features`]) with the modules and client paths
    /// each adds, then an index of the generated modules with the features they need.
    pub crate_docs: String,
    /// Number of generated types (structs and enums).
    pub type_count: usize,
    /// Number of generated client methods (operations).
    pub method_count: usize,
    /// The document the code was generated from (overlay applied, operations selected,
    /// inline schemas named), as pretty JSON.
    pub document: String,
    /// The call table of the SDK's whole-API tests (Rust source; see `tests/whole_document/`
    /// in the SDK): every operation's `METHOD /template` and how the SDK calls it. Never
    /// compiled into the library.
    pub test_calls: String,
}

/// First line of every generated file.
pub const HEADER: &str = "@generated from the OpenAPI document in schema/. Do not edit: change the schema and rebuild (UPDATE_GENERATED=1 cargo test refreshes generated/).";

/// The base document in `schema/`: Stytch's published B2B OpenAPI document, as published.
pub const BASE_FILE: &str = "stytch-b2b.openapi.json";
/// The overlay in `schema/`: every project-specific change to the base document.
pub const OVERLAY_FILE: &str = "overlay.json";
/// The folder in `schema/` of our descriptions ([`Prose`]): every `*.json` file in it.
pub const DOCS_DIR: &str = "docs";

/// The generator: settings, overlays and a selection of operations.
#[derive(Debug, Clone)]
pub struct Generator {
    settings: Settings,
    overlays: Vec<Overlay>,
    prose: Prose,
    require_docs: bool,
    selection: Selection,
}

impl Generator {
    /// A generator with these settings, no overlay, every operation selected.
    pub fn new(settings: Settings) -> Self {
        Generator {
            settings,
            overlays: Vec::new(),
            prose: Prose::default(),
            require_docs: true,
            selection: Selection::all(),
        }
    }

    /// Writes these descriptions (our docs files, [`Prose`]) over the document's, after the
    /// overlays.
    pub fn prose(mut self, prose: Prose) -> Self {
        self.prose = prose;
        self
    }

    /// Generates even when an item has no description or a placeholder (the default is to
    /// refuse, naming each: [`prose::check`]). For tests of other stages on small fixtures.
    pub fn allow_undocumented(mut self) -> Self {
        self.require_docs = false;
        self
    }

    /// Applies this overlay (an OpenAPI Overlay 1.0.x JSON document) before generating,
    /// after the overlays added before it.
    pub fn overlay(mut self, text: &str) -> Result<Self, Error> {
        self.overlays.push(Overlay::parse(text)?);
        Ok(self)
    }

    /// Generates only the operations this selection document names.
    pub fn selection(mut self, text: &str) -> Result<Self, Error> {
        self.selection = Selection::parse(text)?;
        Ok(self)
    }

    /// Stages 1–3: the document after the overlay, the selection and the naming of inline
    /// schemas, as JSON.
    pub fn document(&self, base: &str) -> Result<serde_json::Value, Error> {
        let mut doc = load::document(base)?;
        for overlay in &self.overlays {
            overlay.apply(&mut doc)?;
        }
        self.prose.apply(&mut doc, self.settings.is_placeholder)?;
        self.selection
            .apply(&mut doc, &[self.settings.error_schema])?;
        inline::hoist(&mut doc)?;
        if self.require_docs {
            prose::check(&doc, self.settings.is_placeholder)?;
        }
        Ok(doc)
    }

    /// Runs the whole pipeline on the base document's text.
    pub fn generate(&self, base: &str) -> Result<Generated, Error> {
        let doc = self.document(base)?;
        let api = openapi::Api::from_document(&doc, &self.settings)?;
        let mut generated = emit(&api, &self.settings, &self.prose)?;
        generated.document = serde_json::to_string_pretty(&doc)
            .map_err(|e| Error::new(format!("internal error: cannot print the document: {e}")))?;
        Ok(generated)
    }
}

/// Generates from a directory laid out as `schema/` is, [`BASE_FILE`], [`OVERLAY_FILE`] and
/// [`DOCS_DIR`], with [`Settings::stytch`]: every operation, each item behind the `#[cfg]` of its feature.
pub fn generate_dir(dir: &Path) -> Result<Generated, Error> {
    sdk_generator(dir)?
        .generate(&read_in(dir, BASE_FILE)?)
        .map_err(|e| Error::new(format!("{}: {e}", dir.display())))
}

/// The SDK's generator for a directory laid out as `schema/` is: [`Settings::stytch`], its
/// [`OVERLAY_FILE`] and its [`DOCS_DIR`] files, every operation selected; give it any base
/// document.
pub fn sdk_generator(dir: &Path) -> Result<Generator, Error> {
    Ok(Generator::new(Settings::stytch())
        .overlay(&read_in(dir, OVERLAY_FILE)?)
        .map_err(|e| Error::new(format!("{OVERLAY_FILE}: {e}")))?
        .prose(Prose::parse(&read_docs(dir)?)?))
}

/// A file of a schema folder, as text.
fn read_in(dir: &Path, name: &str) -> Result<String, Error> {
    let path = dir.join(name);
    std::fs::read_to_string(&path)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))
}

/// The docs files of a schema folder (`docs/*.json`, by name), as `(path, text)` pairs; none
/// if there is no `docs/` folder.
pub fn read_docs(dir: &Path) -> Result<Vec<(String, String)>, Error> {
    let docs = dir.join(DOCS_DIR);
    if !docs.exists() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(&docs)
        .map_err(|e| Error::new(format!("cannot read {}: {e}", docs.display())))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| Error::new(format!("cannot read {}: {e}", docs.display())))?;
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            Ok((format!("{DOCS_DIR}/{file}"), read_in(&docs, &file)?))
        })
        .collect()
}

/// Generates from one OpenAPI document, every operation selected and always compiled, no
/// overlay, no docs files, and no server glue (Stytch's settings otherwise). For trying the
/// generator on a document: it generates even where the document has no description
/// ([`Generator::allow_undocumented`]); the SDK's [`generate_dir`] refuses to.
pub fn generate(openapi_json: &str) -> Result<Generated, Error> {
    Generator::new(Settings {
        server_operations: &[],
        feature_of: |_| Some(Feature::Always),
        ..Settings::stytch()
    })
    .allow_undocumented()
    .generate(openapi_json)
}

fn emit(api: &openapi::Api, settings: &Settings, prose: &Prose) -> Result<Generated, Error> {
    if api.schema(settings.error_schema).is_none() {
        return Err(Error::new(format!(
            "the error body schema `{}` is missing: the overlay must add it to `components.schemas` (Stytch's document only shows examples)",
            settings.error_schema
        )));
    }
    let types = types::Types::resolve(api, settings)?;
    let layout = client::layout(&types)?;
    let notes = navigation::request_notes(&types, &layout)?;

    // Modules in order of first appearance; types in schema order, then re-exports.
    let mut modules: Vec<&str> = Vec::new();
    for n in &types.names {
        if !modules.contains(&n.module.as_str()) {
            modules.push(&n.module);
        }
    }
    let mut index: Vec<(String, gates::Gate, String)> = Vec::new();
    let module_items: Vec<TokenStream> = modules
        .iter()
        .map(|module| {
            let ident = format_ident!("{}", module);
            let own: Vec<usize> = (0..api.schemas.len())
                .filter(|&i| types.names[i].module == *module)
                .collect();
            let reexported: Vec<usize> = (0..api.schemas.len())
                .filter(|&i| types.names[i].reexported_in.iter().any(|m| m == module))
                .collect();
            let packages: Vec<&str> = own
                .iter()
                .map(|&i| types.names[i].package.as_str())
                .collect();
            let doc = docs::doc(&module_doc(settings, prose, module, &packages));
            let gate = gates::Gate::any(
                own.iter()
                    .chain(&reexported)
                    .map(|&i| &types.gates.schemas[i]),
            );
            index.push((
                module.to_string(),
                gate.clone(),
                module_summary(settings, prose, module),
            ));
            let module_attrs = gate.attrs();
            let items = own
                .iter()
                .map(|&i| gated(types.emit_noted(i, &notes[i]), &types.gates.schemas[i]));
            let uses = reexported.iter().map(|&i| {
                let name = &types.names[i];
                let attrs = types.gates.schemas[i].attrs();
                let from = format_ident!("{}", name.module);
                let ty = format_ident!("{}", name.name);
                quote! {
                    #attrs
                    pub use crate::#from::#ty;
                }
            });
            let extra = settings
                .extensions
                .iter()
                .filter(|e| e.module == *module)
                .map(extension_reexport)
                .collect::<Result<Vec<_>, Error>>()?;
            let filters = filters::emit_module(&types, &layout, module)?;
            Ok(quote! {
                #doc
                #module_attrs
                pub mod #ident {
                    #(#items)*
                    #filters
                    #(#uses)*
                    #(#extra)*
                }
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let client = client::emit(&types, &layout)?;
    let pagers = pages::emit_impls(&types, &layout)?;
    let server = server::emit(&types, &layout)?;
    let test_calls = calls::emit(&types, &layout)?;
    let support = support(api, settings);
    let contract = contract(&types)?;

    let tokens = quote! {
        #(#module_items)*
        #client
        #pagers
        #server
        #support
        #contract
    };
    let rust = with_support(format_rust(tokens)?);
    let blocking = format_rust(client::emit_blocking(&types, &layout)?)?;
    Ok(Generated {
        rust,
        blocking,
        reference: reference::render(&types, &layout),
        crate_docs: navigation::crate_docs(&types, &layout, &index)?,
        type_count: api.schemas.len(),
        method_count: api.operations.len(),
        document: String::new(),
        test_calls,
    })
}

/// Puts a gate's `#[cfg]` on every item of `tokens` (a type and its impls).
fn gated(tokens: TokenStream, gate: &gates::Gate) -> TokenStream {
    if gate.is_always() {
        return tokens;
    }
    let attrs = gate.attrs();
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => {
            let items = file.items.iter();
            quote!(#(#attrs #items)*)
        }
        // Left for `format_rust` to report with the whole file.
        Err(_) => tokens,
    }
}

fn format_rust(tokens: TokenStream) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::new(format!(
            "internal error: generated code does not parse: {e}"
        ))
    })?;
    Ok(format!(
        "// {HEADER}\n\n{}",
        separate_items(&prettyplease::unparse(&file))
    ))
}

/// The main generated file: the formatted items plus the static [`SUPPORT`] code.
fn with_support(rust: String) -> String {
    format!("{rust}\n{SUPPORT}")
}

/// prettyplease prints items back to back; put a blank line after each item
/// that ends a block, as people do. Only blank lines are added.
fn separate_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous_closed = false;
    for line in code.lines() {
        let trimmed = line.trim_start();
        let continues = trimmed.is_empty()
            || trimmed.starts_with('}')
            || trimmed.starts_with(')')
            || trimmed.starts_with(']')
            || trimmed.starts_with("else")
            || trimmed.starts_with('.');
        if previous_closed && !continues {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_closed = trimmed == "}" || trimmed == "};";
    }
    out
}

/// Module documentation: our paragraph where there is one ([`module_prose`]); every module
/// says which API package it comes from.
fn module_doc(settings: &Settings, prose: &Prose, module: &str, packages: &[&str]) -> String {
    let known = module_prose(settings, prose, module).unwrap_or("");
    let mut packages: Vec<&str> = packages.iter().copied().filter(|p| !p.is_empty()).collect();
    packages.sort_unstable();
    packages.dedup();
    let from = if packages.is_empty() {
        String::new()
    } else {
        format!(
            " Generated from the schemas of {}'s {} API package{}.",
            settings.vendor,
            packages
                .iter()
                .map(|p| format!("`{p}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            if packages.len() > 1 { "s" } else { "" }
        )
    };
    if known.is_empty() {
        format!("{}{from}", module_summary(settings, prose, module))
    } else {
        format!("{known}\n\n{}", from.trim_start())
    }
}

/// A module's paragraph: ours (docs files), else the settings' sentence.
fn module_prose<'a>(settings: &Settings, prose: &'a Prose, module: &str) -> Option<&'a str> {
    prose.module(module).or_else(|| settings.prose_of(module))
}

/// A module's one-sentence summary: the settings' prose, or what area of the API it covers.
fn module_summary(settings: &Settings, prose: &Prose, module: &str) -> String {
    match module_prose(settings, prose, module) {
        Some(prose) => docs::first_sentence(prose),
        None => format!("Types of the `{module}` area of {}'s API.", settings.vendor),
    }
}

/// The schema-dependent part of the helpers: which names hold secrets. The rest
/// ([`SUPPORT`]) is the same for every schema.
fn support(api: &openapi::Api, settings: &Settings) -> TokenStream {
    let props = || {
        api.schemas
            .iter()
            .filter_map(|s| match &s.kind {
                openapi::SchemaKind::Object(props) => Some(props),
                _ => None,
            })
            .flatten()
    };
    let mut sensitive: Vec<&str> = props()
        .filter(|p| p.sensitive)
        .map(|p| p.wire_name.as_str())
        .collect();
    sensitive.sort_unstable();
    sensitive.dedup();
    // Names the rule would call secret but the overlay opted out (`x-sensitive: false`),
    // unless another property of that name is secret.
    let mut public: Vec<&str> = props()
        .filter(|p| !p.sensitive && settings.secrets.matches(&p.wire_name))
        .map(|p| p.wire_name.as_str())
        .filter(|name| !sensitive.contains(name))
        .collect();
    public.sort_unstable();
    public.dedup();
    let last_words = settings.secrets.last_words;
    let exact = settings.secrets.exact;
    quote! {
        /// Property, parameter and header names whose values are secrets: marked
        /// `x-sensitive` by the overlay or named so by the secret-name rule.
        const SENSITIVE_FIELDS: &[&str] = &[#(#sensitive),*];

        /// Names the secret-name rule matches that are not secrets (`x-sensitive: false`).
        const PUBLIC_FIELDS: &[&str] = &[#(#public),*];

        /// The secret-name rule: a name whose last word is one of these holds a secret.
        const SECRET_LAST_WORDS: &[&str] = &[#(#last_words),*];

        /// The secret-name rule: these whole names hold secrets.
        const SECRET_NAMES: &[&str] = &[#(#exact),*];
    }
}

/// The fields the runtime reads from and fills into the error body (`src/runtime.rs`'s
/// `ErrorBody`), with the Rust type each must have.
const ERROR_BODY_FIELDS: &[(&str, &str)] = &[
    ("status_code", "u16"),
    ("request_id", "String"),
    ("error_type", "String"),
    ("error_message", "String"),
    ("error_url", "String"),
    (
        "error_details",
        "serde_json::Map<String, serde_json::Value>",
    ),
];

/// `pub use <path>::*;` for a hand-written module a generated module re-exports, behind its
/// feature.
fn extension_reexport(extension: &settings::Extension) -> Result<TokenStream, Error> {
    let path: syn::Path = syn::parse_str(extension.path).map_err(|e| {
        Error::new(format!(
            "extension `{}` of module `{}` is not a Rust path: {e}",
            extension.path, extension.module
        ))
    })?;
    let gate = match extension.feature {
        Some(feature) => quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
        },
        None => quote!(),
    };
    Ok(quote! {
        #gate
        pub use #path::*;
    })
}

/// The generated side of the runtime contract (`src/runtime.rs`): the error body type, its
/// `ErrorBody` impl, and the secret-name rule. Fails naming the field when the error schema
/// lacks one the runtime needs, gives it another type, or has a further field the runtime
/// cannot fill (unless its type has a `Default`).
fn contract(types: &types::Types<'_>) -> Result<TokenStream, Error> {
    let key = types.settings.error_schema;
    let index = types.index_of(key)?;
    let openapi::SchemaKind::Object(props) = &types.api.schemas[index].kind else {
        return Err(Error::new(format!(
            "the error body schema `{key}` must be an object"
        )));
    };
    let mut filled = Vec::new();
    let mut readers = Vec::new();
    for (wire, want) in ERROR_BODY_FIELDS {
        let Some(at) = props.iter().position(|p| p.wire_name == *wire) else {
            return Err(Error::new(format!(
                "the error body schema `{key}` has no property `{wire}`, which the runtime reads"
            )));
        };
        let got = types.tokens(&types.fields[index][at], "").to_string();
        let want_tokens: TokenStream = want.parse().expect("valid Rust type");
        if got != want_tokens.to_string() {
            return Err(Error::new(format!(
                "the error body schema `{key}`: property `{wire}` is `{got}` in Rust, the runtime needs `{want}`"
            )));
        }
        let field = names::field_ident(wire);
        let method = format_ident!("{}", wire);
        filled.push(quote!(#field: parts.#method));
        // The status code is `Copy` and read by value; the rest by reference.
        readers.push(match *want {
            "u16" => quote!(fn #method(&self) -> u16 { self.#field }),
            "String" => quote!(fn #method(&self) -> &str { &self.#field }),
            _ => quote!(fn #method(&self) -> &#want_tokens { &self.#field }),
        });
    }
    let rest = if props.len() > ERROR_BODY_FIELDS.len() {
        if !types.derives_default[index] {
            let extra: Vec<&str> = props
                .iter()
                .map(|p| p.wire_name.as_str())
                .filter(|w| !ERROR_BODY_FIELDS.iter().any(|(f, _)| f == w))
                .collect();
            return Err(Error::new(format!(
                "the error body schema `{key}` has properties the runtime cannot fill and no Default: {}",
                extra.join(", ")
            )));
        }
        quote!(..Default::default())
    } else {
        quote!()
    };
    let path = types.path(index, "");
    let doc = docs::doc(&format!(
        "The error body: the type of the document's `{key}` schema."
    ));
    Ok(quote! {
        /// The generated side of the contract with the runtime (`src/runtime.rs`): what the
        /// runtime takes from the schema.
        mod __contract {
            #doc
            pub(crate) type ErrorBody = #path;

            impl crate::runtime::ErrorBody for ErrorBody {
                fn from_parts(parts: crate::runtime::ErrorParts) -> Self {
                    Self { #(#filled,)* #rest }
                }
                #(#readers)*
            }

            pub(crate) use crate::__support::is_secret_name;
        }
    })
}

/// Helpers every generated file ends with: the open-enum payload, `null`-tolerant decoding,
/// `Debug` redaction and the shared open-enum impls. Static Rust, appended verbatim so that
/// its `macro_rules!` keeps its layout (prettyplease cannot format macro bodies).
pub const SUPPORT: &str = concat!(
    include_str!("templates/support.rs"),
    "\n",
    include_str!("templates/secret_name_last_word.rs")
);
