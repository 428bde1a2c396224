//! How a reader finds their way: which cargo feature adds which modules and client paths
//! (the crate docs' feature table) and which feature each module needs (the module table);
//! which method sends a request type (a note in the type's docs); and, in the Markdown
//! reference, each operation's client path and feature.
//!
//! All of it is read from the document, the layout of the client and the gates; what the
//! document cannot say about a feature (TLS, the blocking client, local checks) comes from
//! [`Settings::cargo_features`](crate::Settings::cargo_features).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::client::{Layout, Placed, handle_name};
use crate::gates::Gate;
use crate::settings::CargoFeature;
use crate::types::Types;
use crate::{Error, HEADER, docs};

/// One generated module as the crate docs show it.
struct Module<'i> {
    /// The module's name, e.g. `otp_email`.
    name: &'i str,
    /// What the module itself is compiled with.
    compiled: &'i Gate,
    /// What its own items (its types and the hand-written items it re-exports) need: any one.
    own: Gate,
    /// The features that add some of its own items.
    adds: BTreeSet<String>,
    /// The types it re-exports that are compiled without its own items' features.
    wider_reexports: Vec<&'i str>,
    /// Its one-sentence summary.
    summary: &'i str,
}

/// The generated part of the crate docs: the settings' opening, the feature table (when the
/// settings list the crate's features) and the module table. A link to an item every build
/// has is an intra-doc link; one behind a feature is a relative link, which rustdoc does not
/// resolve, so a build without that feature has no broken intra-doc link (on docs.rs, with
/// every feature, both kinds work).
pub(crate) fn crate_docs(
    types: &Types<'_>,
    layout: &Layout<'_>,
    index: &[(String, Gate, String)],
) -> Result<String, Error> {
    let settings = types.settings;
    let modules = modules(types, index);
    let mut out = format!("<!-- {HEADER} -->\n\n");
    if !settings.crate_docs.is_empty() {
        out.push_str(settings.crate_docs.trim_end());
        out.push_str("\n\n");
    }
    if !settings.cargo_features.is_empty() {
        out.push_str(&feature_table(
            &layout.0,
            &modules,
            settings.cargo_features,
        )?);
    }
    out.push_str(&module_table(&modules));
    Ok(out)
}

/// Every module of the index with what its items need.
fn modules<'i>(types: &'i Types<'_>, index: &'i [(String, Gate, String)]) -> Vec<Module<'i>> {
    let schemas = 0..types.api.schemas.len();
    index
        .iter()
        .map(|(name, compiled, summary)| {
            let mut gates: Vec<Gate> = schemas
                .clone()
                .filter(|&i| types.names[i].module == *name)
                .map(|i| types.gates.schemas[i].clone())
                .collect();
            gates.extend(
                types
                    .settings
                    .extensions
                    .iter()
                    .filter(|e| e.module == name)
                    .map(|e| Gate(e.feature.map(str::to_string).into_iter().collect())),
            );
            let own = if gates.is_empty() {
                compiled.clone()
            } else {
                Gate::any(&gates)
            };
            let adds = gates.iter().flat_map(|g| g.0.iter().cloned()).collect();
            let wider_reexports = schemas
                .clone()
                .filter(|&i| types.names[i].reexported_in.contains(name))
                .filter(|&i| own.or(&types.gates.schemas[i]) != own)
                .map(|i| types.names[i].name.as_str())
                .collect();
            Module {
                name,
                compiled,
                own,
                adds,
                wider_reexports,
                summary,
            }
        })
        .collect()
}

/// A module as a link (see [`crate_docs`] for which kind).
fn module_link(module: &Module<'_>) -> String {
    let name = module.name;
    if module.compiled.is_always() {
        format!("[`{name}`](crate::{name})")
    } else {
        format!("[`{name}`]({name}/index.html)")
    }
}

/// What a module needs, in the module table's words. A module whose own items need a
/// feature may be compiled without it when it re-exports a type other operations use: the
/// cell says so rather than calling the module "always".
fn module_feature(module: &Module<'_>) -> String {
    if module.own.is_always() {
        let more: Vec<String> = module.adds.iter().map(|f| format!("`{f}`")).collect();
        return match more.len() {
            0 => "always".to_string(),
            1 => format!("always; more items with {}", more[0]),
            _ => format!("always; more items with each of {}", more.join(", ")),
        };
    }
    if module.own == *module.compiled || module.wider_reexports.is_empty() {
        return module.own.describe();
    }
    let reexports: Vec<String> = module
        .wider_reexports
        .iter()
        .map(|t| format!("`{t}`"))
        .collect();
    let present = if module.compiled.is_always() {
        "always present".to_string()
    } else {
        format!("present with {}", module.compiled.describe())
    };
    format!(
        "{} (the module itself is {present}, holding only its re-export{} of {})",
        module.own.describe(),
        if reexports.len() > 1 { "s" } else { "" },
        reexports.join(", ")
    )
}

/// The module table: every generated module, the feature its items need and what it holds.
fn module_table(modules: &[Module<'_>]) -> String {
    let mut out = String::from("# Generated modules\n\n");
    out.push_str("| Module | Feature | Holds |\n| --- | --- | --- |\n");
    for module in modules {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            module_link(module),
            module_feature(module),
            module.summary.replace('|', "\\|")
        ));
    }
    out.push_str(
        "| [`resources`](crate::resources) | (each handle its own) | The handles behind the \
         client's methods, one per resource path. |\n",
    );
    out
}

/// The feature table: every cargo feature of the settings, with the modules and client
/// paths it adds and what it gives. A feature an operation is behind is a product feature:
/// its modules, paths and operations come from the document. Fails naming a product feature
/// the settings do not list.
fn feature_table(
    placed: &[Placed<'_>],
    modules: &[Module<'_>],
    features: &[CargoFeature],
) -> Result<String, Error> {
    let products: BTreeSet<&str> = placed
        .iter()
        .flat_map(|p| p.gate.0.iter().map(String::as_str))
        .collect();
    if let Some(missing) = products
        .iter()
        .find(|f| !features.iter().any(|c| c.name == **f))
    {
        return Err(Error::new(format!(
            "operations are behind the cargo feature `{missing}`, which the settings' \
             `cargo_features` do not list"
        )));
    }
    let mut out = String::from("# Features\n\n");
    let always = client_paths(placed, Gate::is_always);
    if !always.is_empty() {
        out.push_str(&format!(
            "Every build has {}; each product feature adds its operations, their types and \
             their client paths. A feature never changes a name.\n\n",
            always.join(", ")
        ));
    }
    out.push_str(
        "| Feature | Default | Modules | Client paths | Gives |\n| --- | --- | --- | --- | --- |\n",
    );
    for feature in features {
        let (modules, client, gives) = if products.contains(feature.name) {
            product_cells(placed, modules, feature)
        } else {
            (
                feature.modules.to_string(),
                feature.client.to_string(),
                feature.gives.to_string(),
            )
        };
        let cell = |s: String| {
            if s.is_empty() {
                "—".to_string()
            } else {
                s.replace('|', "\\|")
            }
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            feature.name,
            if feature.default { "yes" } else { "no" },
            cell(modules),
            cell(client),
            cell(gives)
        ));
    }
    out.push_str(
        "\nA module marked *(part)* exists without the feature, which adds some of its items; \
         one marked *(shared)* comes with any one of several features.\n\n",
    );
    Ok(out)
}

/// The modules, client paths and gifts of a product feature.
fn product_cells(
    placed: &[Placed<'_>],
    modules: &[Module<'_>],
    feature: &CargoFeature,
) -> (String, String, String) {
    let name = feature.name;
    let listed: Vec<String> = modules
        .iter()
        .filter(|m| m.adds.contains(name))
        .map(|m| {
            let mark = if m.own.is_always() {
                " *(part)*"
            } else if m.own.0.len() > 1 {
                " *(shared)*"
            } else {
                ""
            };
            format!("{}{mark}", module_link(m))
        })
        .collect();
    let paths = client_paths(placed, |g| g.0.contains(name));
    let ops: Vec<&Placed<'_>> = placed.iter().filter(|p| p.gate.0.contains(name)).collect();
    let mut gives = format!(
        "{} operation{}",
        ops.len(),
        if ops.len() == 1 { "" } else { "s" }
    );
    let paged: Vec<String> = ops
        .iter()
        .filter(|p| p.op.pagination.is_some())
        .map(|p| {
            format!(
                "`client.{}().{}_pages(request)`",
                p.resources.join("()."),
                p.method
            )
        })
        .collect();
    if !paged.is_empty() {
        gives.push_str(&format!("; pagination: {}", paged.join(", ")));
    }
    gives.push('.');
    if !feature.gives.is_empty() {
        gives.push(' ');
        gives.push_str(feature.gives);
    }
    (listed.join(", "), paths.join(", "), gives)
}

/// The client paths of the operations whose gate `selects`: for each, the shortest handle
/// whose every operation is selected (`client.otps().email()`), or the method itself when
/// its handle also has others (`client.otps().sms().send(request)`); each once, as links.
fn client_paths(placed: &[Placed<'_>], selects: impl Fn(&Gate) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in placed.iter().filter(|p| selects(&p.gate)) {
        let whole = (1..=p.resources.len()).find(|&n| {
            placed
                .iter()
                .filter(|q| q.resources.starts_with(&p.resources[..n]))
                .all(|q| selects(&q.gate))
        });
        let link = match whole {
            Some(n) => {
                let chain = &p.resources[..n];
                let path = format!("client.{}()", chain.join("()."));
                handle_link(&path, chain, None, &p.gate)
            }
            None => handle_link(&call(p), &p.resources, Some(&p.method), &p.gate),
        };
        if !out.contains(&link) {
            out.push(link);
        }
    }
    out
}

/// `client.otps().sms().send(request)`.
fn call(p: &Placed<'_>) -> String {
    format!("client.{}().{}(request)", p.resources.join("()."), p.method)
}

/// A client path in code, linked to its handle (or the handle's method) on the async client.
fn handle_link(text: &str, chain: &[&str], method: Option<&str>, gate: &Gate) -> String {
    let handle = handle_name(chain);
    let target = match (gate.is_always(), method) {
        (true, None) => format!("crate::resources::{handle}"),
        (true, Some(m)) => format!("crate::resources::{handle}::{m}"),
        (false, None) => format!("resources/struct.{handle}.html"),
        (false, Some(m)) => format!("resources/struct.{handle}.html#method.{m}"),
    };
    format!("[`{text}`]({target})")
}

/// Per schema (by index), the doc attributes a request type ends with: the methods that
/// send it on the async client and, under the settings' blocking feature, on the blocking
/// one. A line is conditional on the method's features when the type is compiled more widely
/// than the method, so that no build has a link to a method it lacks.
pub(crate) fn request_notes(
    types: &Types<'_>,
    (placed, _): &Layout<'_>,
) -> Result<Vec<TokenStream>, Error> {
    let mut notes = vec![TokenStream::new(); types.api.schemas.len()];
    for p in placed {
        let request = types.index_of(&p.op.request)?;
        let handle = handle_name(&p.resources);
        let method = &p.method;
        let target = |client: &str, m: &str| format!("crate::{client}resources::{handle}::{m}");
        let pages = p.op.pagination.is_some().then(|| {
            format!(
                ", or page by page by [`{handle}::{method}_pages`]({})",
                target("", &format!("{method}_pages"))
            )
        });
        let sent_by = format!(
            "Sent by [`{handle}::{method}`]({}): `{}`{}.",
            target("", method),
            call(p),
            pages.unwrap_or_default()
        );
        // The method's features, where the type does not already need them.
        let condition = (!p.gate.is_always() && p.gate != types.gates.schemas[request])
            .then(|| p.gate.predicate())
            .flatten();
        let note = &mut notes[request];
        note.extend(conditional_doc(
            condition.as_ref(),
            &[String::new(), sent_by],
        ));
        if let Some(blocking) = types.settings.blocking_feature {
            let condition = match &condition {
                Some(gate) => quote!(all(feature = #blocking, #gate)),
                None => quote!(feature = #blocking),
            };
            // The same paragraph, continued.
            let line = format!(
                "On the blocking client: [`{handle}::{method}`]({}).",
                target("blocking::", method)
            );
            note.extend(conditional_doc(Some(&condition), &[line]));
        }
    }
    Ok(notes)
}

/// Doc attributes for lines the generator wrote (not escaped): wrapped, or each line whole
/// under `cfg_attr(condition, ..)` when there is a condition (one attribute per sentence).
fn conditional_doc(condition: Option<&TokenStream>, lines: &[String]) -> TokenStream {
    let lines = match condition {
        Some(_) => lines.to_vec(),
        None => docs::wrapped(lines),
    };
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        match condition {
            Some(condition) => quote!(#[cfg_attr(#condition, doc = #line)]),
            None => quote!(#[doc = #line]),
        }
    });
    quote!(#(#attrs)*)
}

/// The Markdown reference's lines for one operation: how each client calls it and the
/// feature it needs.
pub(crate) fn reference_lines(p: &Placed<'_>, blocking_feature: Option<&str>) -> String {
    let mut out = format!("- Client: `{}.await`\n", call(p));
    if let Some(blocking) = blocking_feature {
        out.push_str(&format!(
            "- Blocking client (`{blocking}` feature): the same path, without `.await`\n"
        ));
    }
    if p.op.pagination.is_some() {
        out.push_str(&format!(
            "- Page by page: `client.{}().{}_pages(request)`\n",
            p.resources.join("()."),
            p.method
        ));
    }
    let feature = if p.gate.is_always() {
        "always compiled".to_string()
    } else {
        p.gate.describe()
    };
    out.push_str(&format!("- Feature: {feature}\n\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(features: &[&str]) -> Gate {
        Gate(features.iter().map(|f| f.to_string()).collect())
    }

    fn module<'i>(compiled: &'i Gate, own: Gate, adds: &[&str], wider: Vec<&'i str>) -> Module<'i> {
        Module {
            name: "m",
            compiled,
            own,
            adds: adds.iter().map(|f| f.to_string()).collect(),
            wider_reexports: wider,
            summary: "",
        }
    }

    #[test]
    fn a_module_says_what_its_own_items_need() {
        let always = Gate::always();
        let paints = gate(&["paints"]);
        let either = gate(&["paints", "tools"]);
        assert_eq!(
            module_feature(&module(&always, Gate::always(), &[], vec![])),
            "always"
        );
        assert_eq!(
            module_feature(&module(&always, Gate::always(), &["paints"], vec![])),
            "always; more items with `paints`"
        );
        assert_eq!(
            module_feature(&module(
                &always,
                Gate::always(),
                &["paints", "tools"],
                vec![]
            )),
            "always; more items with each of `paints`, `tools`"
        );
        assert_eq!(
            module_feature(&module(&paints, paints.clone(), &["paints"], vec![])),
            "`paints`"
        );
        // Compiled more widely than its own items, for a re-export.
        assert_eq!(
            module_feature(&module(&always, paints.clone(), &["paints"], vec!["Color"])),
            "`paints` (the module itself is always present, holding only its re-export of \
             `Color`)"
        );
        assert_eq!(
            module_feature(&module(&either, paints, &["paints"], vec!["Color", "Hue"])),
            "`paints` (the module itself is present with `paints` or `tools`, holding only its \
             re-exports of `Color`, `Hue`)"
        );
    }
}
